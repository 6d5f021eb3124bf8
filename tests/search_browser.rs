//! Search in a real headless Chromium over `file://`: inflected queries in
//! three languages, prefixes, drafts, escaping; and the browser's tokenizer
//! and stemmers agree with Rust's on the word lists.

mod common;

use common::browser::{dump_dom, element_by_id, file_url};
use common::{Tree, Workspace};
use kitap::lang::Lang;
use std::sync::OnceLock;

/// The search fixture, built once for all tests here.
fn site() -> &'static (Workspace, Tree) {
    static SITE: OnceLock<(Workspace, Tree)> = OnceLock::new();
    SITE.get_or_init(|| {
        let ws = Workspace::fixture("search");
        let tree = ws.build_ok();
        (ws, tree)
    })
}

/// Open `lang/search.html?q=query` from file:// and return the results element.
fn search(lang: &str, query: &str) -> String {
    let (ws, _) = site();
    let page = ws.path(&format!("public/{lang}/search.html"));
    let dom = dump_dom(&file_url(&page, Some(query)), 5000);
    assert!(
        !dom.contains("data-xss=\""),
        "a script from the index or query ran:\n{dom}"
    );
    let results = element_by_id(&dom, "search-results").to_string();
    let status = element_by_id(&dom, "search-status").to_string();
    format!("{status}\n{results}")
}

#[test]
fn russian_inflected_query_finds_other_forms() {
    if !common::browser::available() {
        return;
    }
    let r = search("ru", "мигранты");
    assert!(r.contains("href=\"workers.html\""), "{r}");
    assert!(r.contains("<mark>мигрантов</mark>"), "{r}");
    assert!(r.contains("1 результат"), "{r}");
}

#[test]
fn kazakh_inflected_query_finds_other_forms() {
    if !common::browser::available() {
        return;
    }
    let r = search("kk", "құрбан");
    assert!(r.contains("workers.html"), "{r}");
    assert!(r.contains("<mark>құрбандарының</mark>"), "{r}");
    let r = search("kk", "көшіп-қонушылар");
    assert!(r.contains("workers.html"), "{r}");
}

#[test]
fn english_plurals_and_upper_case_match() {
    if !common::browser::available() {
        return;
    }
    for q in ["worker", "WORKERS", "Inspection"] {
        let r = search("en", q);
        assert!(r.contains("workers.html"), "{q}: {r}");
    }
    let r = search("en", "inspection");
    assert!(r.contains("workers.html#inspections"), "{r}");
    assert!(r.contains("<mark>inspections</mark>"), "{r}");
}

#[test]
fn the_last_word_matches_as_a_prefix_while_typing() {
    if !common::browser::available() {
        return;
    }
    let r = search("en", "traffick");
    assert!(r.contains("workers.html#trafficking"), "{r}");
}

#[test]
fn draft_words_are_never_found() {
    if !common::browser::available() {
        return;
    }
    let r = search("en", "zanzibarword");
    assert!(!r.contains("<li>"), "{r}");
    assert!(r.contains("Nothing found"), "{r}");
    let (_, tree) = site();
    assert!(
        !tree
            .files
            .values()
            .any(|b| String::from_utf8_lossy(b).contains("zanzibarword"))
    );
}

#[test]
fn payloads_in_the_query_and_the_index_stay_text() {
    if !common::browser::available() {
        return;
    }
    let r = search(
        "en",
        "<img src=x onerror=\"document.body.setAttribute('data-xss','q')\">",
    );
    assert!(!r.contains("<img"), "{r}");
    let r = search("en", "quokka");
    assert!(r.contains("payload.html"), "{r}");
    assert!(
        r.contains("&lt;img src=x"),
        "title and snippet must be escaped: {r}"
    );
    assert!(!r.contains("<img"), "{r}");
}

#[test]
fn yo_and_latin_look_alikes_are_normalised() {
    if !common::browser::available() {
        return;
    }
    let r = search("ru", "елочные");
    assert!(r.contains("workers.html#inspections"), "{r}");
    // "мигрaнтов" typed with a Latin "a".
    let r = search("ru", "мигр\u{61}нтов");
    assert!(r.contains("workers.html"), "{r}");
}

/// Tokens (word, term) for every text, computed by Rust.
fn rust_tokens(lang: &str, texts: &[String]) -> Vec<Vec<(String, String)>> {
    let lang = Lang::parse(lang).unwrap();
    texts
        .iter()
        .map(|t| {
            kitap::search::tokenize::tokens(&lang, t)
                .into_iter()
                .map(|t| (t.word, t.term))
                .collect()
        })
        .collect()
}

#[test]
fn browser_and_rust_give_the_same_terms_on_every_word_list() {
    if !common::browser::available() {
        return;
    }
    let repo = common::repo();
    let read = |p: &str| std::fs::read_to_string(repo.join(p)).unwrap();
    let mut cases: Vec<(&str, Vec<String>)> = vec![
        (
            "en",
            read("tests/data/stem_en_words.txt")
                .lines()
                .map(String::from)
                .collect(),
        ),
        (
            "ru",
            read("tests/data/stem_ru_words.txt")
                .lines()
                .map(String::from)
                .collect(),
        ),
        (
            "kk",
            read("src/search/kk_wordforms.txt")
                .lines()
                .flat_map(|l| {
                    l.replace(':', " ")
                        .split_whitespace()
                        .map(String::from)
                        .collect::<Vec<_>>()
                })
                .collect(),
        ),
    ];
    for (lang, texts) in cases.iter_mut() {
        for entry in std::fs::read_dir(repo.join("site").join(*lang)).unwrap() {
            texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let statics = repo.join("themes/default/static");
    for f in ["search.js", "stem-en.js", "stem-ru.js", "stem-kk.js"] {
        std::fs::copy(statics.join(f), dir.path().join(f)).unwrap();
    }
    let input = serde_json::to_string(&cases).unwrap();
    std::fs::write(dir.path().join("input.js"), format!("var INPUT = {input};")).unwrap();
    std::fs::write(
        dir.path().join("agree.html"),
        r#"<!doctype html><meta charset="utf-8"><pre id="out"></pre>
<script src="input.js"></script><script src="stem-en.js"></script><script src="stem-ru.js"></script>
<script src="stem-kk.js"></script><script src="search.js"></script>
<script>
var out = INPUT.map(function (c) {
  return c[1].map(function (t) {
    return kitapSearch.tokens(c[0], t).map(function (k) { return [k.word, k.term]; });
  });
});
document.getElementById('out').textContent = JSON.stringify(out);
</script>"#,
    )
    .unwrap();
    let dom = dump_dom(&file_url(&dir.path().join("agree.html"), None), 20000);
    let json = common::decode_entities(element_by_id(&dom, "out"));
    let browser: Vec<Vec<Vec<(String, String)>>> =
        serde_json::from_str(&json).expect("browser output");
    let mut compared = 0;
    for ((lang, texts), js) in cases.iter().zip(browser) {
        let rust = rust_tokens(lang, texts);
        assert_eq!(rust.len(), js.len());
        for ((text, r), j) in texts.iter().zip(rust).zip(js) {
            compared += r.len();
            if r != j {
                let at = r
                    .iter()
                    .zip(&j)
                    .position(|(a, b)| a != b)
                    .unwrap_or(r.len().min(j.len()));
                let window = |v: &[(String, String)]| {
                    v[at.saturating_sub(2)..(at + 3).min(v.len())].to_vec()
                };
                panic!(
                    "{lang}: Rust and the browser disagree at token {at} of {text:.60}:\n Rust: {:?}\n   JS: {:?}",
                    window(&r),
                    window(&j)
                );
            }
        }
    }
    assert!(compared > 20_000, "compared only {compared} tokens");
}

/// A book of over 150 chapters per language puts consecutive chapters in
/// one snippet file; a result from the second chapter of a file still gets
/// its snippet in the browser.
#[test]
fn a_large_book_groups_snippet_files_and_results_still_get_snippets() {
    if !common::browser::available() {
        return;
    }
    let ws = Workspace::numbered_book(151, |n| {
        let word = if n == 2 { "zanzibarite" } else { "ordinary" };
        format!("Text with an {word} word.")
    });
    let out = ws.build_ok();
    let snippet_files = out
        .files
        .keys()
        .filter(|p| p.starts_with("en/search/"))
        .count();
    assert_eq!(snippet_files, 76, "151 chapters, two per file");
    assert!(out.has("en/search/c0001.js") && !out.has("en/search/c0002.js"));
    assert!(
        out.text("en/search-index.js")
            .contains("\"fragment_chapters\":2")
    );

    let page = ws.path("public/en/search.html");
    let dom = dump_dom(&file_url(&page, Some("zanzibarite")), 5000);
    let results = element_by_id(&dom, "search-results");
    assert!(results.contains("href=\"c0002.html\""), "{results}");
    assert!(results.contains("<mark>zanzibarite</mark>"), "{results}");
}
