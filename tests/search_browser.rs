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

/// Type `query` into the header's search box of `lang/<page>` (a copy of
/// the built page with a few lines of script that focus the box, set its
/// value and send the `input` event a reader's typing sends), over
/// file://; return the page's DOM after the results came.
fn type_in_header(lang: &str, page: &str, query: &str) -> String {
    let (ws, _) = site();
    let dir = ws.path(&format!("public/{lang}"));
    let html = std::fs::read_to_string(dir.join(page)).unwrap();
    let driver = format!(
        "<script>window.addEventListener('load', function () {{ var i = document.getElementById('search-input'); \
         i.focus(); setTimeout(function () {{ i.value = {}; i.dispatchEvent(new Event('input')); }}, 300); }});</script></body>",
        serde_json::to_string(query).unwrap()
    );
    let typed = dir.join(format!("typed-{page}"));
    std::fs::write(&typed, html.replace("</body>", &driver)).unwrap();
    let dom = dump_dom(&file_url(&typed, None), 8000);
    std::fs::remove_file(&typed).unwrap();
    dom
}

#[test]
fn the_sidebar_is_folded_on_phones_by_the_page_itself_and_open_on_desktops() {
    if !common::browser::available() {
        return;
    }
    let (ws, tree) = site();
    // Decided where the sidebar is parsed (no later script folds it after
    // the first paint, which moved the text by 400 px).
    let html = tree.text("ru/workers.html");
    let details = html.find("<details class=\"toc-toggle\" open>").unwrap();
    let script = html[details..].find("<script>").unwrap();
    assert!(html[details..details + script].contains("</summary>"));
    assert!(
        !html[details..details + script].contains("<li"),
        "script after the list"
    );
    let url = file_url(&ws.path("public/ru/workers.html"), None);
    for (width, open) in [(320, false), (1366, true)] {
        let profile = tempfile::tempdir().unwrap();
        let out = common::browser::headless(&profile)
            .arg(format!("--window-size={width},900"))
            .arg("--virtual-time-budget=500")
            .arg("--dump-dom")
            .arg(&url)
            .output()
            .unwrap();
        let dom = String::from_utf8_lossy(&out.stdout);
        let tag = &dom[dom.find("<details").unwrap()..];
        let tag = &tag[..tag.find('>').unwrap()];
        assert_eq!(tag.contains("open"), open, "{width} px: {tag}");
    }
}

#[test]
fn the_header_box_shows_results_as_you_type_on_every_page() {
    if !common::browser::available() {
        return;
    }
    let (_, tree) = site();
    // Nothing of the search is loaded until the box is used.
    let page = tree.text("ru/workers.html");
    assert!(
        !page.contains("search.js\" defer"),
        "search loaded up front"
    );
    assert!(page.contains("data-scripts=\"../static/stem-ru.js ../static/search.js\""));
    for (lang, page, query, want) in [
        ("ru", "workers.html", "мигранты", "<mark>мигрантов</mark>"),
        ("kk", "index.html", "құрбан", "<mark>құрбандарының</mark>"),
    ] {
        let dom = type_in_header(lang, page, query);
        let results = element_by_id(&dom, "search-results");
        assert!(results.contains("href=\"workers.html\""), "{lang}: {dom}");
        assert!(results.contains(want), "{lang}: {results}");
        // The panel is shown, and the page stayed where it was.
        assert!(
            dom.contains("<div class=\"header-results\">"),
            "{lang}: panel hidden"
        );
    }
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

/// Tokens (word, term) for every text of every `(lang, texts)` case,
/// computed by `tokens()` of `search.js` in headless Chromium.
fn browser_tokens(cases: &[(&str, Vec<String>)]) -> Vec<Vec<Vec<(String, String)>>> {
    let repo = common::repo();
    let dir = tempfile::tempdir().unwrap();
    let statics = repo.join("themes/default/static");
    for f in ["search.js", "stem-en.js", "stem-ru.js", "stem-kk.js"] {
        std::fs::copy(statics.join(f), dir.path().join(f)).unwrap();
    }
    // Each case's language as its index tells the browser (its profile).
    let specs: Vec<(serde_json::Value, &Vec<String>)> = cases
        .iter()
        .map(|(lang, texts)| {
            let p = Lang::parse(lang).unwrap().profile();
            let spec = serde_json::json!({
                "stemmer": p.stemmer.map(|s| s.code()),
                "fold": p.lookalikes,
            });
            (spec, texts)
        })
        .collect();
    let input = serde_json::to_string(&specs).unwrap();
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
// ASCII only, so that the DOM dump writes no entity (such as &nbsp;).
document.getElementById('out').textContent = JSON.stringify(out).replace(/[^\x20-\x7e]/g, function (c) {
  return '\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4);
});
</script>"#,
    )
    .unwrap();
    let dom = dump_dom(&file_url(&dir.path().join("agree.html"), None), 20000);
    let json = common::decode_entities(element_by_id(&dom, "out"));
    serde_json::from_str(&json).expect("browser output")
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
    let browser = browser_tokens(&cases);
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

/// Pieces of random text: letters of many scripts (and their capitals,
/// such as a Greek word ending in `Σ`), digits of several scripts,
/// combining marks, joiners, apostrophes, hyphens, punctuation, emoji and
/// spaces of many kinds. Some are several characters that belong together.
const WIDE_ALPHABET: &[&[&str]] = &[
    // Latin with diacritics, decomposed letters, Turkish, German.
    &[
        "a", "z", "A", "Q", "é", "É", "ñ", "Ç", "ø", "Å", "ä", "Ö", "Ü", "œ", "Æ", "ł", "ğ", "Ş",
        "ı", "İ", "ß", "ẞ", "ǅ", "ﬁ", "e\u{301}", "A\u{30A}", "\u{212B}", "\u{2126}", "ʼ",
    ],
    // Cyrillic with Kazakh letters and ё.
    &[
        "а",
        "б",
        "ж",
        "щ",
        "ъ",
        "ы",
        "ь",
        "э",
        "ю",
        "я",
        "ё",
        "Ё",
        "А",
        "Ж",
        "Ы",
        "ә",
        "ғ",
        "қ",
        "ң",
        "ө",
        "ұ",
        "ү",
        "һ",
        "і",
        "Ә",
        "Ғ",
        "Қ",
        "Ң",
        "Ө",
        "Ұ",
        "Ү",
        "Һ",
        "І",
        "и\u{306}",
    ],
    // Greek, with capital sigma often at the end of a word.
    &[
        "α",
        "ο",
        "δ",
        "ς",
        "σ",
        "Σ",
        "Σ",
        "Σ",
        "Ο",
        "Δ",
        "Α",
        "ά",
        "ώ",
        "Ώ",
        "ΐ",
        "ϊ",
        "ᾼ",
        "ΟΔΟΣ",
        "Οδός",
        "ΣΟΦΟΣ",
        "ΣΣ",
    ],
    // Armenian (with its ligature և and punctuation), Georgian (Mkhedruli,
    // Mtavruli, Asomtavruli).
    &[
        "ա", "բ", "ժ", "Ա", "Ֆ", "և", "\u{55A}", "\u{55B}", "\u{55D}", "\u{55E}", "\u{589}",
        "\u{58A}", "ა", "ბ", "ჰ", "Ა", "Ჰ", "Ⴀ", "ⴀ",
    ],
    // Arabic (harakat, tatweel, comma, letter mark), Hebrew (points,
    // geresh, gershayim, maqaf).
    &[
        "ا", "ب", "ك", "ي", "\u{64E}", "\u{651}", "ـ", "،", "\u{61C}", "א", "ב", "ש", "ם",
        "\u{5B7}", "\u{5BC}", "׳", "״", "־",
    ],
    // Han, Hiragana, Katakana, Hangul, full-width forms, Thai, Devanagari.
    &[
        "中", "文", "字", "日", "ひ", "ら", "カ", "タ", "ー", "한", "국", "Ａ", "ｂ", "。", "、",
        "ภ", "า", "ษ", "\u{E33}", "\u{E34}", "क", "ख", "ष", "\u{93E}", "\u{93F}", "\u{94D}",
        "\u{902}", "।",
    ],
    // Digits of several scripts, other numbers.
    &[
        "0", "7", "٠", "٣", "۴", "०", "९", "০", "๓", "０", "９", "²", "½", "Ⅻ", "ⅻ",
    ],
    // Combining marks, joiners and other invisible characters.
    &[
        "\u{300}", "\u{301}", "\u{308}", "\u{327}", "\u{345}", "\u{20DD}", "\u{200D}", "\u{200C}",
        "\u{AD}", "\u{2060}", "\u{FEFF}", "\u{FE0F}",
    ],
    // Apostrophes, hyphens, joining and other punctuation.
    &[
        "'", "’", "`", "´", "-", "-", "-", "‐", "‑", "–", "—", "_", "·", ":", ".", ",", ";", "\"",
        "!", "?", "(", ")", "«", "»", "“", "„", "…", "/", "@", "#", "&", "%", "+", "．", "﹒", "․",
    ],
    // Emoji.
    &[
        "😀",
        "👍🏽",
        "👨\u{200D}👩\u{200D}👧",
        "🇰🇿",
        "1\u{FE0F}\u{20E3}",
        "©\u{FE0F}",
        "™",
    ],
    // Spaces.
    &[
        " ", " ", " ", "  ", "\t", "\n", "\r\n", "\u{A0}", "\u{2007}", "\u{202F}", "\u{2002}",
        "\u{3000}", "\u{1680}", "\u{2028}", "\u{85}", "\u{B}", "\u{C}",
    ],
];

/// Deterministic random texts over [`WIDE_ALPHABET`]: runs of pieces from
/// one group (so that words form), the group changing at random.
fn wide_random_texts(count: usize, seed: u64) -> Vec<String> {
    let mut state = seed;
    let mut next = move |n: usize| {
        // xorshift64
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    (0..count)
        .map(|_| {
            let mut text = String::new();
            for _ in 0..1 + next(8) {
                let group = WIDE_ALPHABET[next(WIDE_ALPHABET.len())];
                for _ in 0..1 + next(5) {
                    text.push_str(group[next(group.len())]);
                }
            }
            text
        })
        .collect()
}

#[test]
fn browser_and_rust_give_the_same_terms_on_random_text_of_many_scripts() {
    let cases: Vec<(&str, Vec<String>)> = ["en", "kk", "ru", "el"]
        .iter()
        .enumerate()
        .map(|(i, &lang)| {
            (
                lang,
                wide_random_texts(5000, 0x9E37_79B9_7F4A_7C15 + i as u64),
            )
        })
        .collect();
    let browser = browser_tokens(&cases);
    let mut disagreements = Vec::new();
    let mut compared = 0;
    for ((lang, texts), js) in cases.iter().zip(browser) {
        for ((text, r), j) in texts.iter().zip(rust_tokens(lang, texts)).zip(js) {
            compared += r.len();
            if r != j {
                disagreements.push(format!("{lang} {text:?}\n Rust: {r:?}\n   JS: {j:?}"));
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} texts disagree; the first:\n{}",
        disagreements.len(),
        cases.iter().map(|c| c.1.len()).sum::<usize>(),
        disagreements[..disagreements.len().min(40)].join("\n")
    );
    assert!(compared > 20_000, "compared only {compared} tokens");
}

/// The `src` of every `<script>` the search page added to its head: the
/// search files a query loaded.
fn loaded_search_files(dom: &str) -> Vec<String> {
    let head = &dom[..dom.find("</head>").unwrap_or(dom.len())];
    head.split("<script src=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|s| s.starts_with("search/"))
        .map(String::from)
        .collect()
}

/// A large book's index is split: a query loads the manifest, the term
/// shard its word is in and the text file of its result, nothing else;
/// a word being typed finds the terms its letters start, in whichever
/// shard they are.
#[test]
fn a_large_book_loads_only_the_shards_and_texts_a_query_needs() {
    if !common::browser::available() {
        return;
    }
    // 400 chapters of 60 words found nowhere else: many terms, so many shards.
    let ws = Workspace::numbered_book(400, |n| {
        let own: Vec<String> = (0..60).map(|k| format!("lexeme{n}x{k}")).collect();
        let rare = if n == 301 { " zanzibarite" } else { "" };
        format!("Common text{rare} {}.", own.join(" "))
    });
    let out = ws.build_ok();
    let count = |prefix: &str| out.files.keys().filter(|p| p.starts_with(prefix)).count();
    let (shards, texts) = (count("en/search/terms-"), count("en/search/text-"));
    assert!(shards >= 10, "{shards} shards");
    assert!((2..100).contains(&texts), "{texts} text files");
    let manifest = out.text("en/search-index.js");
    assert!(
        manifest.len() < 2000 + 40 * shards,
        "manifest of {} bytes",
        manifest.len()
    );

    let page = ws.path("public/en/search.html");
    for query in ["zanzibarite", "zanzib"] {
        let dom = dump_dom(&file_url(&page, Some(query)), 5000);
        let results = element_by_id(&dom, "search-results");
        assert!(
            results.contains("href=\"c0301.html\""),
            "{query}: {results}"
        );
        assert!(
            results.contains("<mark>zanzibarite</mark>"),
            "{query}: {results}"
        );
        assert!(results.contains("Chapter 301"), "{query}: {results}");
        let loaded = loaded_search_files(&dom);
        let shards: Vec<_> = loaded.iter().filter(|s| s.contains("terms-")).collect();
        let texts: Vec<_> = loaded.iter().filter(|s| s.contains("text-")).collect();
        assert!(
            (1..=2).contains(&shards.len()) && texts.len() == 1,
            "{query}: loaded {loaded:?}"
        );
    }
    // A word in every chapter: ten results on the first page, each with its
    // title, from the text files of those chapters only.
    let dom = dump_dom(&file_url(&page, Some("common ")), 5000);
    let results = element_by_id(&dom, "search-results");
    assert_eq!(
        results.matches("class=\"result-title\"").count(),
        10,
        "{results}"
    );
    let texts = loaded_search_files(&dom)
        .into_iter()
        .filter(|s| s.contains("text-"))
        .count();
    assert_eq!(texts, 1, "the first ten chapters share a text file");
}

/// A complete word is matched by its own term, and the letters typed as a
/// prefix: not by other terms that start with its stem (`united`, stem
/// `unit`, used to find `unity`, stem `uniti`).
#[test]
fn a_typed_word_is_not_widened_to_other_words_sharing_its_stem() {
    if !common::browser::available() {
        return;
    }
    let ws = Workspace::numbered_book(3, |n| {
        match n {
            1 => "The unity of the movement.",
            2 => "The united front.",
            _ => "Nothing here.",
        }
        .to_string()
    });
    ws.build_ok();
    // The issue's own example: `балдың` ("of honey", term `бал`) must not
    // find `балалар` ("children", term `бала`).
    let kk = Workspace::empty();
    kk.write(
        "site/site.yaml",
        "title: {kk: Бал}\nlanguages: [kk]\ndefault_language: kk\n",
    );
    kk.write(
        "site/kk/01-children.md",
        "---\ntitle: Бірінші\n---\nБалалар мектепке барады.\n",
    );
    kk.write(
        "site/kk/02-honey.md",
        "---\ntitle: Екінші\n---\nБалдың дәмі тәтті.\n",
    );
    kk.build_ok();
    let kk_page = kk.path("public/kk/search.html");
    for (query, found, not) in [
        ("балдың", "honey.html", "children.html"),
        // A word followed by a space is complete: no prefix.
        ("бал ", "honey.html", "children.html"),
        ("балалар", "children.html", "honey.html"),
    ] {
        let dom = dump_dom(&file_url(&kk_page, Some(query)), 5000);
        let results = element_by_id(&dom, "search-results");
        assert!(
            results.contains(&format!("href=\"{found}\"")),
            "{query}: {results}"
        );
        assert!(
            !results.contains(&format!("href=\"{not}\"")),
            "{query}: {results}"
        );
    }
    // The letters typed so far find both.
    let dom = dump_dom(&file_url(&kk_page, Some("ба")), 5000);
    let results = element_by_id(&dom, "search-results");
    assert!(
        results.contains("honey.html") && results.contains("children.html"),
        "{results}"
    );

    let page = ws.path("public/en/search.html");
    let dom = dump_dom(&file_url(&page, Some("united")), 5000);
    let results = element_by_id(&dom, "search-results");
    assert!(results.contains("href=\"c0002.html\""), "{results}");
    assert!(!results.contains("href=\"c0001.html\""), "{results}");
    // Typed letters still find every word they start.
    let dom = dump_dom(&file_url(&page, Some("uni")), 5000);
    let results = element_by_id(&dom, "search-results");
    assert!(
        results.contains("href=\"c0001.html\"") && results.contains("href=\"c0002.html\""),
        "{results}"
    );
}
