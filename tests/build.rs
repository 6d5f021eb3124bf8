//! `kitap build` over fixture sites: the pages, their links, and the output.

mod common;

use common::{Tree, Workspace, attr_values, broken_links};

#[test]
fn builds_every_page_in_every_language() {
    let ws = Workspace::fixture("basic");
    let out = ws.build_ok();
    for lang in ["en", "kk", "ru"] {
        for page in [
            "index.html",
            "intro.html",
            "law.html",
            "print.html",
            "search.html",
        ] {
            assert!(out.has(&format!("{lang}/{page}")), "{lang}/{page} missing");
        }
        let html = out.text(&format!("{lang}/intro.html"));
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{lang}");
    }
    for file in [
        "index.html",
        "404.html",
        "en/404.html",
        "kk/404.html",
        "static/style.css",
        "static/favicon.svg",
        "assets/fig.svg",
        ".kitap-output",
    ] {
        assert!(out.has(file), "{file} missing");
    }
    let chooser = out.text("index.html");
    for href in ["en/index.html", "kk/index.html", "ru/index.html"] {
        assert!(chooser.contains(href), "{href}");
    }
}

#[test]
fn a_missing_translation_gets_the_default_text_under_a_notice() {
    let ws = Workspace::fixture("basic");
    let out = ws.build_ok();
    let html = out.text("ru/law.html");
    assert!(html.contains("<html lang=\"ru\">"));
    assert!(
        html.contains("<article class=\"chapter\" lang=\"en\">"),
        "fallback text must carry lang=en"
    );
    assert!(html.contains("notice-untranslated"));
    assert!(html.contains("Эта глава ещё не переведена на русский язык"));
    assert!(html.contains("Some gaps."));
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    // The sitemap (only with base_url) leaves untranslated pages out.
    let site = std::fs::read_to_string(ws.path("site/site.yaml")).unwrap();
    ws.write(
        "site/site.yaml",
        site.replace(
            "base_url: \"\"",
            "base_url: \"https://example.org/report/\"",
        ),
    );
    let out = ws.build_ok();
    let sitemap = out.text("sitemap.xml");
    assert!(
        !sitemap.contains("<loc>https://example.org/report/ru/law.html</loc>"),
        "untranslated pages are not in the sitemap"
    );
    assert!(sitemap.contains("<loc>https://example.org/report/kk/law.html</loc>"));
}

#[test]
fn not_found_pages_work_at_any_depth_in_each_language() {
    let ws = Workspace::fixture("basic");
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Without base_url: no sitemap (it needs absolute addresses), said once.
    assert_eq!(
        run.stderr.matches("has no base_url").count(),
        1,
        "{}",
        run.stderr
    );
    let out = Tree::read(&ws.path("public"));
    assert!(!out.has("sitemap.xml"));
    for (page, lang, text) in [
        ("404.html", "en", "Page not found"),
        ("kk/404.html", "kk", "Бет табылмады"),
        ("ru/404.html", "ru", "Страница не найдена"),
    ] {
        let html = out.text(page);
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{page}");
        assert!(html.contains(text), "{page}: {text}");
        // Styled wherever it is served: the stylesheet is in the page.
        assert!(
            html.contains("<style>") && !html.contains("static/style.css"),
            "{page}"
        );
        assert!(
            html.contains(&format!("<a href=\"/{lang}/index.html\">")),
            "{page}: links start at the domain's root"
        );
    }
    // With base_url: links start there, and the sitemap is written.
    let site = std::fs::read_to_string(ws.path("site/site.yaml")).unwrap();
    ws.write(
        "site/site.yaml",
        site.replace(
            "base_url: \"\"",
            "base_url: \"https://example.org/report/\"",
        ),
    );
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("base_url"), "{}", run.stderr);
    let out = Tree::read(&ws.path("public"));
    assert!(
        out.text("kk/404.html")
            .contains("<a href=\"https://example.org/report/kk/index.html\">")
    );
    assert!(out.has("sitemap.xml"));
}

#[test]
fn chapters_carry_switcher_hreflang_and_prev_next() {
    let ws = Workspace::fixture("basic");
    let out = ws.build_ok();
    let html = out.text("kk/intro.html");
    let hrefs = attr_values(&html, "href");
    for want in ["../en/intro.html", "../ru/intro.html", "law.html"] {
        assert!(hrefs.iter().any(|h| h == want), "{want} not in {hrefs:?}");
    }
    assert!(html.contains(r#"<link rel="alternate" hreflang="ru""#));
    assert!(html.contains(r#"rel="next""#));
    assert!(!html.contains(r#"rel="prev""#));
    let law = out.text("en/law.html");
    assert!(law.contains(r#"rel="prev""#));
}

#[test]
fn markdown_features_render() {
    let ws = Workspace::fixture("basic");
    let out = ws.build_ok();
    let en = out.text("en/intro.html");
    assert!(en.contains("<table tabindex=\"0\">"), "table");
    assert!(en.contains("footnote-definition"), "footnote");
    assert!(en.contains("<del>struck</del>"), "strikethrough");
    assert!(en.contains("type=\"checkbox\""), "task list");
    assert!(
        en.contains("\u{201c}smart quotes\u{201d}"),
        "smart punctuation"
    );
    assert!(en.contains(r#"<img width="100" height="40" src="../assets/fig.svg" alt="A figure of the referral pathway" title="Referral""#), "image");
    assert!(en.contains(r#"<h2 id="notes">"#), "explicit id");
    assert!(
        en.contains(r#"<h2 id="notes-1">"#),
        "duplicate heading suffixed"
    );
    let kk = out.text("kk/intro.html");
    assert!(
        kk.contains(r#"id="құқықтық-негіздер-мен-ұсыныстар""#),
        "Kazakh slug: {kk}"
    );
    assert!(kk.contains("Кіріспе"), "BOM file parsed");
    let ru = out.text("ru/intro.html");
    assert!(ru.contains(r#"id="правовая-база-обзор""#), "Russian slug");
    assert!(
        out.text("en/law.html")
            .contains("Written with CRLF line endings."),
        "CRLF file parsed"
    );
}

#[test]
fn internal_links_resolve_to_relative_pages() {
    let ws = Workspace::fixture("basic");
    let out = ws.build_ok();
    let hrefs = attr_values(&out.text("en/intro.html"), "href");
    for want in ["law.html", "law.html#gaps", "#notes"] {
        assert!(hrefs.iter().any(|h| h == want), "{want} not in {hrefs:?}");
    }
    assert!(
        attr_values(&out.text("kk/law.html"), "href")
            .iter()
            .any(|h| h == "intro.html#notes")
    );
}

#[test]
fn every_link_and_anchor_in_the_output_resolves() {
    let ws = Workspace::fixture("basic");
    let out = ws.build_ok();
    let problems = broken_links(&out);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let ws = Workspace::fixture("basic");
    let out = ws.build_ok();
    assert!(!out.has("en/secret.html"));
    assert!(
        !out.files
            .values()
            .any(|b| String::from_utf8_lossy(b).contains("Draftword"))
    );
    let run = ws.kitap(&["build", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = Tree::read(&ws.path("public"));
    assert!(out.text("en/secret.html").contains("Draftword"));
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let ws = Workspace::fixture("basic");
    let a = ws.kitap(&["build", "--out", "a"]);
    let b = ws.kitap(&["build", "--out", "b"]);
    assert_eq!((a.code, b.code), (0, 0));
    let (ta, tb) = (Tree::read(&ws.path("a")), Tree::read(&ws.path("b")));
    assert!(ta.files.len() > 20);
    assert_eq!(ta, tb);
}

#[test]
fn values_kitap_writes_are_escaped() {
    let ws = Workspace::fixture("basic");
    let payload = r#""'><img src=x onerror=alert(1)>"#;
    ws.write(
        "site/en/01-intro.md",
        format!(
            "---\ntitle: '{t}'\nsummary: '{t}'\n---\n## Heading {p}\n\n[link](https://example.org \"{q}\") ![{p}](../assets/fig.svg)\n",
            t = payload.replace('\'', "''"),
            // Escaped in Markdown: raw HTML passes through by design (trusted
            // editors); here the payload is text that kitap must escape.
            p = payload.replace('<', "\\<"),
            q = "\\\"'><img src=x onerror=alert(1)>",
        ),
    );
    let out = ws.build_ok();
    // Data files (search index, snippets) hold the text as JSON strings; the
    // search client writes them with textContent (tests/search_browser.rs).
    for (path, bytes) in out
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") || p.ends_with(".xml"))
    {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("<img src=x"), "unescaped payload in {path}");
        assert!(
            !text.contains("onerror=alert(1)>") || !text.contains("<img src=x onerror"),
            "{path}"
        );
    }
    let html = out.text("en/intro.html");
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "escaped form expected"
    );
}

#[test]
fn the_report_builds_without_warnings_and_its_links_resolve() {
    let ws = Workspace::report();
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let out = Tree::read(&ws.path("public"));
    let problems = broken_links(&out);
    assert!(problems.is_empty(), "{problems:#?}");
    for lang in ["kk", "ru"] {
        let html = out.text(&format!("{lang}/foreword.html"));
        assert!(
            !html.contains("notice-untranslated"),
            "{lang} foreword is a fallback"
        );
    }
}

#[test]
fn every_language_of_the_report_has_the_same_chapter_ids() {
    let ids = |lang: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(common::repo().join("site").join(lang))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let en = ids("en");
    assert!(en.len() >= 9, "{en:?}");
    assert_eq!(en, ids("kk"));
    assert_eq!(en, ids("ru"));
}

#[test]
fn a_workspace_theme_and_strings_override_the_embedded_ones() {
    let ws = Workspace::fixture("basic");
    ws.write(
        "themes/default/static/style.css",
        "body { color: rebeccapurple }",
    );
    let kk = std::fs::read_to_string(common::repo().join("i18n/kk.yaml"))
        .unwrap()
        .replace("next: Келесі", "next: Әрі қарай");
    ws.write("i18n/kk.yaml", kk);
    let out = ws.build_ok();
    assert_eq!(
        out.text("static/style.css"),
        "body { color: rebeccapurple }"
    );
    assert!(out.text("kk/intro.html").contains("Әрі қарай"));
}

#[test]
fn a_theme_reads_its_own_front_matter_keys_under_extra() {
    let ws = Workspace::fixture("basic");
    let chapter = std::fs::read_to_string(common::repo().join("themes/default/templates/chapter.html"))
        .unwrap()
        .replacen(
            "{% block main %}",
            "{% block main %}{% if chapter.extra.banner is defined %}<p class=\"banner\">{{ chapter.extra.banner }}</p>{% endif %}",
            1,
        );
    assert!(
        chapter.contains("chapter.extra.banner"),
        "the template has a main block"
    );
    ws.write("themes/default/templates/chapter.html", chapter);
    ws.write(
        "site/en/02-law.md",
        "---\ntitle: Law\nextra:\n  banner: Draft <for> review\n---\n## Gaps {#gaps}\n\nText.\n",
    );
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let out = Tree::read(&ws.path("public"));
    assert!(
        out.text("en/law.html")
            .contains(r#"<p class="banner">Draft &lt;for&gt; review</p>"#)
    );
    assert!(!out.text("en/intro.html").contains("class=\"banner\""));
}

#[test]
fn a_language_code_with_a_region_or_script_follows_its_profile() {
    let ws = Workspace::empty();
    ws.write(
        "site/site.yaml",
        "title: {en-GB: Report, kk-Latn: Bayandama}\nlanguages: [en-GB, kk-Latn]\n",
    );
    // en-GB reads the built-in English strings; kk-Latn needs its own.
    let kk = std::fs::read_to_string(common::repo().join("i18n/kk.yaml")).unwrap();
    ws.write("i18n/kk-Latn.yaml", kk);
    ws.write(
        "site/en-GB/01-a.md",
        "---\ntitle: Labour\n---\nThe \"labour\" of workers -- migrants.\n",
    );
    ws.write(
        "site/kk-Latn/01-a.md",
        "---\ntitle: Eñbek\n---\nJumysşylar \"eñbegi\" -- köşi-qon.\n",
    );
    let out = ws.build_ok();
    let gb = out.text("en-GB/a.html");
    assert!(gb.contains("<html lang=\"en-GB\">"), "{gb}");
    assert!(gb.contains("The “labour” of workers – migrants."), "{gb}");
    assert!(out.text("en-GB/search.html").contains("static/stem-en.js"));
    let gb_index = out.text("en-GB/search-index.js");
    assert!(
        gb_index.contains(r#""stemmer":"en","fold":"""#),
        "{gb_index}"
    );
    // "workers" is stemmed as English.
    let gb_terms: String = out
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("en-GB/search/terms-") || *p == "en-GB/search-index.js")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(gb_terms.contains(r#""worker""#), "{gb_terms}");
    let latn = out.text("kk-Latn/a.html");
    assert!(latn.contains("Jumysşylar «eñbegi» — köşi-qon."), "{latn}");
    assert!(!out.text("kk-Latn/search.html").contains("stem-kk.js"));
    let latn_index = out.text("kk-Latn/search-index.js");
    assert!(
        latn_index.contains(r#""stemmer":null,"fold":"""#),
        "{latn_index}"
    );
}

#[test]
fn large_books_share_one_table_of_contents_file() {
    let ws = Workspace::empty();
    ws.write("site/site.yaml", "title: {en: Big}\nlanguages: [en]\n");
    for i in 1..=60 {
        ws.write(
            &format!("site/en/{i:02}-c{i}.md"),
            format!("---\ntitle: Chapter {i}\n---\nText {i}.\n"),
        );
    }
    let out = ws.build_ok();
    assert!(out.has("en/toc.js"));
    let page = out.text("en/c30.html");
    assert!(page.contains("<script src=\"toc.js\"></script>"));
    assert!(
        !page.contains("Chapter 59"),
        "pages must not carry the whole contents"
    );
    assert!(out.text("en/toc.js").contains("Chapter 59"));
}

/// Each term of a language's search index lists each section once, in
/// order, even when several words of the section share its stem
/// (`workers`, `worker`, `Workers`); the shards the manifest names hold
/// every term once, in order.
#[test]
fn search_postings_name_each_section_once() {
    let ws = Workspace::report();
    let out = ws.build_ok();
    let arg = |path: &str, prefix: &str| -> serde_json::Value {
        let js = out.text(path);
        let json = js
            .trim_end()
            .strip_prefix(prefix)
            .and_then(|s| s.strip_suffix(");"))
            .unwrap_or_else(|| panic!("{path}: {prefix}...);"));
        serde_json::from_str(json).unwrap()
    };
    for lang in ["en", "kk", "ru"] {
        let manifest = arg(&format!("{lang}/search-index.js"), "kitapSearchIndex(");
        let firsts = manifest["shards"].as_array().unwrap();
        let docs = manifest["docs"].as_u64().unwrap() as u32;
        let mut terms = Vec::new();
        let mut levels = std::collections::BTreeSet::new();
        // A small language's shards come inside the manifest.
        let inline = manifest["inline"].as_array().cloned().unwrap_or_default();
        for (k, first) in firsts.iter().enumerate() {
            let shard = match inline.get(k) {
                Some(s) => s.clone(),
                None => arg(&format!("{lang}/search/terms-{k}.js"), "kitapSearchTerms("),
            };
            let names = shard["terms"].as_array().unwrap();
            let postings = shard["postings"].as_array().unwrap();
            assert_eq!(names.len(), postings.len());
            assert_eq!(names.first(), Some(first), "{lang}: shard {k}'s first term");
            for (term, p) in names.iter().zip(postings) {
                let list = kitap::search::index::decode_postings(p.as_str().unwrap());
                assert!(
                    list.windows(2).all(|w| w[0].0 < w[1].0),
                    "{lang}: `{term}` lists a section twice: {list:?}"
                );
                assert!(list.iter().all(|&(d, _)| d < docs), "{lang}: `{term}`");
                levels.extend(list.iter().map(|d| d.1));
                terms.push(term.as_str().unwrap().to_string());
            }
        }
        assert!(terms.len() > 500, "{lang}: {} terms", terms.len());
        assert!(
            terms.windows(2).all(|w| w[0] < w[1]),
            "{lang}: terms in order, once"
        );
        assert!(levels.len() >= 4, "{lang}: levels used {levels:?}");
    }
}

/// A chapter's text goes into its page after rendering, wherever the theme
/// writes `chapter.content`: twice if the theme shows it twice, and no
/// placeholder is left in any page.
#[test]
fn chapter_text_is_written_wherever_the_theme_shows_it() {
    let ws = Workspace::fixture("basic");
    let base =
        std::fs::read_to_string(common::repo().join("themes/default/templates/chapter.html"))
            .unwrap();
    let twice = base.replace(
        "{{ chapter.content|safe }}",
        "{{ chapter.content|safe }}<hr id=\"again\">{{ chapter.content|safe }}",
    );
    assert_ne!(
        twice, base,
        "the default chapter.html shows chapter.content"
    );
    ws.write("themes/default/templates/chapter.html", twice);
    let out = ws.build_ok();
    let page = out.text("en/law.html");
    let (first, second) = page.split_once("<hr id=\"again\">").unwrap();
    for half in [first, second] {
        assert!(half.contains("Some gaps."), "{half}");
        assert!(half.contains("id=\"gaps\""), "{half}");
        assert!(half.contains("href=\"intro.html\""), "{half}");
    }
    for (path, bytes) in &out.files {
        assert!(!bytes.contains(&1u8), "{path} holds a placeholder");
    }
}

/// A title cannot pose as the placeholder that stands for a chapter's text
/// until it is written in: control characters in values are replaced.
#[test]
fn a_title_spelling_the_text_placeholder_stays_a_title() {
    let ws = Workspace::fixture("basic");
    let law = std::fs::read_to_string(ws.root().join("site/en/02-law.md")).unwrap();
    let forged = law.replacen(
        "title: The law",
        "title: \"The law \\x01kitap-chapter-content\\x01 \\x01kitap-print-chapter:0\\x01\"",
        1,
    );
    assert_ne!(forged, law, "the fixture's title line");
    ws.write("site/en/02-law.md", forged);
    let out = ws.build_ok();
    let page = out.text("en/law.html");
    assert_eq!(page.matches("Some gaps.").count(), 1, "{page}");
    assert!(page.contains("The law \u{FFFD}kitap-chapter-content\u{FFFD}"));
    let print = out.text("en/print.html");
    assert_eq!(print.matches("Some gaps.").count(), 1);
    for (path, bytes) in &out.files {
        assert!(!bytes.contains(&1u8), "{path} holds a placeholder");
    }
}

#[test]
fn figures_reserve_their_place_and_open_at_full_size() {
    let ws = Workspace::fixture("basic");
    let out = ws.build_ok();
    let html = out.text("en/intro.html");
    assert!(
        html.contains(
            "<p><a class=\"figure-link\" href=\"../assets/fig.svg\"><img width=\"100\" height=\"40\" src=\"../assets/fig.svg\" alt=\"A figure of the referral pathway\""
        ),
        "{html}"
    );
}
