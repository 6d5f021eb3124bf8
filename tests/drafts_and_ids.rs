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
