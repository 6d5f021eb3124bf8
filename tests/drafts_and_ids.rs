//! Issue 22, hardening: `check` finds everything `build` would reject —
//! links from published chapters to drafts (which `build` leaves out), ids
//! too long to be file names — at the chapter's `path:line:col`, and `build`
//! says why.

mod common;

use common::Workspace;

/// Lines of stderr that start an error (not the source excerpt under it).
fn error_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(": error: ")).collect()
}

/// The `basic` fixture's intro, published, linking to the draft `secret`
/// by id (line 4) and by file (line 5).
fn fixture_linking_to_the_draft() -> Workspace {
    let ws = Workspace::fixture("basic");
    ws.write(
        "site/en/04-links.md",
        "---\ntitle: Links\n---\nSee [the draft](@secret).\nOr [by file](03-secret.md).\n",
    );
    ws
}

const BY_ID: &str = "site/en/04-links.md:4:5: error: link to `@secret`: `@secret` is a draft (draft: true in site/en/03-secret.md): it is left out of the build";
const BY_FILE: &str = "site/en/04-links.md:5:4: error: link to `03-secret.md`: site/en/03-secret.md is a draft (draft: true): it is left out of the build";

#[test]
fn check_reports_a_link_from_a_published_chapter_to_a_draft() {
    let ws = fixture_linking_to_the_draft();
    let run = ws.kitap(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(error_lines(&run.stderr), [BY_ID, BY_FILE], "{}", run.stderr);
    assert!(
        run.stderr
            .contains(" 4 | See [the draft](@secret).\n   |     ^"),
        "{}",
        run.stderr
    );
    let json = ws.kitap(&["check", "--format", "json"]);
    assert_eq!(json.code, 1);
    assert!(json.stdout.contains("is a draft"), "{}", json.stdout);
}

#[test]
fn build_says_the_link_target_is_a_draft_and_drafts_build_it() {
    let ws = fixture_linking_to_the_draft();
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(error_lines(&run.stderr), [BY_ID, BY_FILE], "{}", run.stderr);
    assert!(!ws.path("public").exists());
    let run = ws.kitap(&["build", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn drafts_may_link_to_drafts_and_to_published_chapters() {
    let ws = Workspace::fixture("basic");
    ws.write(
        "site/en/03-secret.md",
        "---\ntitle: Secret draft\ndraft: true\n---\n[law](@law) and [other](@other)\n",
    )
    .write(
        "site/en/05-other.md",
        "---\ntitle: Other draft\ndraft: true\n---\n[back](@secret)\n",
    );
    let run = ws.kitap(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    ws.build_ok();
}

/// A chapter published in English but a draft in Kazakh: the Kazakh page
/// shows the English text (a fallback), so a link to it from Kazakh is fine.
#[test]
fn a_link_to_a_chapter_whose_translation_is_a_draft_goes_to_the_fallback() {
    let ws = Workspace::fixture("basic");
    let kk = std::fs::read_to_string(ws.path("site/kk/02-law.md")).unwrap();
    ws.write(
        "site/kk/02-law.md",
        kk.replacen("---\n", "---\ndraft: true\n", 1),
    );
    let run = ws.kitap(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = ws.build_ok();
    assert!(out.text("kk/intro.html").contains("href=\"law.html"));
}

#[test]
fn an_id_too_long_for_a_file_name_is_an_error_in_check_and_build() {
    let ws = Workspace::fixture("basic");
    let long = "a".repeat(260);
    ws.write(
        "site/en/05-long.md",
        format!("---\nid: {long}\ntitle: Long\n---\nText\n"),
    );
    for cmd in ["check", "build"] {
        let run = ws.kitap(&[cmd]);
        assert_eq!(run.code, 1, "{cmd}: {}", run.stderr);
        let errors = error_lines(&run.stderr);
        assert_eq!(errors.len(), 1, "{cmd}: {}", run.stderr);
        assert!(
            errors[0].starts_with(
                "site/en/05-long.md:1:1: error: chapter id `aaaaaaaaaaaaaaaaaaaa…` is 260 characters long; at most 100 are allowed"
            ),
            "{cmd}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("too long"), "{}", run.stderr);
    }
    assert!(!ws.path("public").exists());
    // 100 characters are fine.
    ws.write(
        "site/en/05-long.md",
        format!("---\nid: {}\ntitle: Long\n---\nText\n", &long[..100]),
    );
    let out = ws.build_ok();
    assert!(out.has(&format!("en/{}.html", &long[..100])));
}

/// The `basic` fixture with a second draft, `between`, read between the
/// intro (chapter 1) and the law (chapter 2): `02-between.md` sorts before
/// `02-law.md` (same order, ids compared).
fn fixture_with_a_draft_in_the_middle() -> Workspace {
    let ws = Workspace::fixture("basic");
    ws.write(
        "site/en/02-between.md",
        "---\ntitle: Between\ndraft: true\n---\nA draft between two chapters.\n",
    );
    ws
}

/// The text of `<p class="chapter-number" …>…</p>` in a chapter page.
fn chapter_number(html: &str) -> String {
    let start = html
        .find("<p class=\"chapter-number\"")
        .expect("a chapter number paragraph");
    let rest = &html[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest.find("</p>").unwrap();
    rest[open..close].to_string()
}

/// The number a browser shows for each chapter of an `<ol>` of chapter
/// links (`href` -> number): `value` where given, else one more than the
/// item before; items with `data-unnumbered` show none.
fn list_numbers(list: &str) -> Vec<(String, Option<u32>)> {
    let mut counted = 0;
    let mut out = Vec::new();
    for item in list.split("<li").skip(1) {
        let tag = &item[..item.find('>').unwrap()];
        counted = common::attr_values(&format!("<li{tag}>"), "value")
            .first()
            .map_or(counted + 1, |v| v.parse().unwrap());
        let href = common::attr_values(item, "href")[0].clone();
        let shown = (!tag.contains("data-unnumbered")).then_some(counted);
        out.push((href, shown));
    }
    out
}

/// The contents list of `lang/index.html`.
fn contents_list(index_html: &str) -> &str {
    let start = index_html.find("<ol class=\"chapter-list\">").unwrap();
    let end = start + index_html[start..].find("</ol>").unwrap();
    &index_html[start..end]
}

#[test]
fn drafts_shown_keep_the_chapter_numbers_of_the_published_book() {
    let ws = fixture_with_a_draft_in_the_middle();
    let published = ws.build_ok();
    assert!(!published.has("en/between.html") && !published.has("en/secret.html"));
    let run = ws.kitap(&["build", "--drafts", "--out", "with-drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let drafts = common::Tree::read(&ws.path("with-drafts"));

    // Every published chapter page has the same number with drafts shown.
    for (path, bytes) in &published.files {
        let html = String::from_utf8_lossy(bytes);
        if !html.contains("<p class=\"chapter-number\"") {
            continue;
        }
        let number = chapter_number(&html);
        assert!(
            !number.is_empty() && !number.contains("draft"),
            "{path}: {number}"
        );
        assert_eq!(chapter_number(&drafts.text(path)), number, "{path}");
    }
    assert_eq!(chapter_number(&drafts.text("en/law.html")), "Chapter 2");
    assert_eq!(chapter_number(&drafts.text("kk/law.html")), "2-тарау");

    // A draft has no number: its badge stands in its place, in the
    // reader's language (the Kazakh and Russian pages show the English
    // draft under a "not yet translated" notice).
    for (page, badge) in [
        ("en/between.html", "Draft"),
        ("kk/between.html", "Жоба"),
        ("ru/between.html", "Черновик"),
        ("en/secret.html", "Draft"),
    ] {
        assert_eq!(
            chapter_number(&drafts.text(page)),
            format!("<span class=\"draft-badge\">{badge}</span>"),
            "{page}"
        );
    }

    // The contents lists number the published chapters as the published
    // book does, and show no number for a draft.
    for lang in ["en", "kk", "ru"] {
        let index = format!("{lang}/index.html");
        let without = list_numbers(contents_list(&published.text(&index)));
        let with = list_numbers(contents_list(&drafts.text(&index)));
        assert_eq!(
            with,
            [
                ("intro.html".to_string(), Some(1)),
                ("between.html".to_string(), None),
                ("law.html".to_string(), Some(2)),
                ("secret.html".to_string(), None),
            ],
            "{index}"
        );
        let numbered: Vec<_> = with.into_iter().filter(|(_, n)| n.is_some()).collect();
        assert_eq!(numbered, without, "{index}");
    }
    assert!(
        drafts
            .text("en/index.html")
            .contains("<span class=\"draft-badge\">Draft</span> <a href=\"between.html\">"),
        "the contents mark the draft"
    );

    // Without drafts, nothing of this reaches the pages.
    for (path, bytes) in &published.files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("draft-badge") && !text.contains("data-unnumbered"),
            "{path}"
        );
    }
}
