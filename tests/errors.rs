//! Bad input: every error of a build in one run, sorted, with `path:line:col`,
//! exit code 1, and nothing written. And the output folder guard.

mod common;

use common::{Tree, Workspace};

/// Lines of stderr that start an error (not the source excerpt under it).
fn error_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(": error: ")).collect()
}

/// A forbidden URL does not hide the other errors of the same chapter.
#[test]
fn a_chapter_with_a_forbidden_url_still_has_its_links_checked() {
    let ws = Workspace::fixture("basic");
    ws.write(
        "site/en/05-script.md",
        "---\ntitle: Script\n---\n[click](javascript:alert(1)) and [x](@nowhere)\n",
    );
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors = error_lines(&run.stderr);
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    assert!(
        errors[0]
            .starts_with("site/en/05-script.md:4:1: error: `javascript:` URLs are not allowed")
    );
    assert!(
        errors[1].starts_with("site/en/05-script.md:4:34: error: link to `@nowhere`"),
        "{}",
        run.stderr
    );
    assert!(
        !ws.path("public").exists(),
        "nothing may be written on error"
    );
}

#[test]
fn all_errors_are_reported_at_once_sorted_with_positions() {
    let ws = Workspace::fixture("basic");
    ws.write(
        "site/en/04-bad-link.md",
        "---\ntitle: Bad\n---\nSee [x](@nowhere) and\n[y](@law#nope) and [z](missing.md).\n",
    )
    .write(
        "site/en/05-script.md",
        "---\ntitle: Script\n---\n[click](javascript:alert(1))\n",
    )
    .write("site/en/06-no-fm.md", "# No front matter\n")
    .write(
        "site/en/07-no-title.md",
        "---\nsummary: Nothing else\n---\nText\n",
    )
    .write(
        "site/kk/09-dup.md",
        "---\nid: law\ntitle: Екінші\n---\nМәтін\n",
    )
    .write("site/de/01-intro.md", "---\ntitle: Einleitung\n---\n")
    .write(
        "site/ru/08-latin1.md",
        b"---\ntitle: \xe9t\xe9\n---\n".as_slice(),
    )
    .write(
        "site/en/08-image.md",
        "---\ntitle: Img\n---\n![gone](../assets/gone.png)\n",
    );
    ws.write("site/en/09-yaml.md", "---\ntitle: Y\norder: [1\n---\n");
    let before = ws.kitap(&["build"]);
    assert_eq!(before.code, 1, "{}", before.stderr);
    let errors = error_lines(&before.stderr);
    let expect = [
        "site/de/01-intro.md: error: `de` is not one of the site's languages",
        "site/en/04-bad-link.md:4:5: error: link to `@nowhere`: no chapter with that id in `en`",
        "site/en/04-bad-link.md:5:1: error: no anchor `#nope` in site/en/02-law.md",
        "site/en/04-bad-link.md:5:20: error: link to `missing.md`: no chapter file site/en/missing.md",
        "site/en/05-script.md:4:1: error: `javascript:` URLs are not allowed",
        "site/en/06-no-fm.md:1:1: error: chapter has no front matter",
        "site/en/07-no-title.md:1:1: error: front matter has no `title`",
        "site/en/08-image.md:4:1: error: image `assets/gone.png` does not exist",
        "site/en/09-yaml.md:3:8: error: invalid YAML",
        "site/kk/09-dup.md:1:1: error: duplicate chapter id `law` in language `kk`: also used by site/kk/02-law.md",
        "site/ru/08-latin1.md:2: error: file is not valid UTF-8",
    ];
    assert_eq!(errors.len(), expect.len(), "{}", before.stderr);
    for (got, want) in errors.iter().zip(expect) {
        assert!(
            got.starts_with(want),
            "\n got: {got}\nwant: {want}\n\n{}",
            before.stderr
        );
    }
    assert!(
        before
            .stderr
            .contains(" 4 | See [x](@nowhere) and\n   |     ^"),
        "{}",
        before.stderr
    );
    assert!(
        !ws.path("public").exists(),
        "nothing may be written on error"
    );
}

#[test]
fn a_failed_build_keeps_the_previous_output_byte_identical() {
    let ws = Workspace::fixture("basic");
    let first = ws.build_ok();
    ws.write(
        "site/en/02-law.md",
        "---\ntitle: Broken\n---\n[x](@nowhere)\n",
    );
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("nothing was written"));
    assert_eq!(Tree::read(&ws.path("public")), first);
}

#[test]
fn unknown_front_matter_keys_warn_with_the_nearest_key() {
    let ws = Workspace::fixture("basic");
    ws.write(
        "site/en/02-law.md",
        "---\ntitle: Law\ntilte: typo\n---\n## Gaps {#gaps}\n",
    );
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "site/en/02-law.md:3:1: warning: unknown key `tilte` is ignored; did you mean `title`?"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_interface_string_is_an_error_naming_the_file() {
    let ws = Workspace::fixture("basic");
    let ru = std::fs::read_to_string(common::repo().join("i18n/ru.yaml")).unwrap();
    let without: String = ru
        .lines()
        .filter(|l| !l.starts_with("print_version:"))
        .map(|l| format!("{l}\n"))
        .collect();
    ws.write("i18n/ru.yaml", without);
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("i18n/ru.yaml: error: interface string `print_version` is missing"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_template_typo_fails_the_build_with_the_template_line() {
    let ws = Workspace::fixture("basic");
    let base =
        std::fs::read_to_string(common::repo().join("themes/default/templates/404.html")).unwrap();
    ws.write(
        "themes/default/templates/404.html",
        base.replace("t.page_not_found_text", "t.page_not_foud_text"),
    );
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("themes/default/templates/404.html:4"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("undefined"), "{}", run.stderr);
}

#[test]
fn a_bad_site_yaml_reports_every_problem() {
    let ws = Workspace::fixture("basic");
    ws.write(
        "site/site.yaml",
        "title: {en: T}\nlanguages: [en, kk, EN]\ndefault_language: fr\n",
    );
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 1);
    let errors = error_lines(&run.stderr);
    assert_eq!(errors.len(), 3, "{}", run.stderr);
    assert!(
        errors[0].starts_with("site/site.yaml:1:1: error: `title` has no `kk` entry"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_kitap_did_not_create_is_never_replaced() {
    let ws = Workspace::fixture("basic");
    ws.write("mine/notes.txt", "precious");
    let run = ws.kitap(&["build", "--out", "mine"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("kitap did not create it"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(ws.path("mine/notes.txt")).unwrap(),
        "precious"
    );
    assert_eq!(std::fs::read_dir(ws.path("mine")).unwrap().count(), 1);
}

#[test]
fn the_workspace_site_and_dot_are_refused() {
    let ws = Workspace::fixture("basic");
    for out in [".", "..", "site", "site/en", "./", "public/../.."] {
        let run = ws.kitap(&["build", "--out", out]);
        assert_eq!(run.code, 2, "--out {out}: {}", run.stderr);
        assert!(run.stderr.contains("refusing to write"), "{}", run.stderr);
    }
    assert!(ws.path("site/en/01-intro.md").exists());
    let run = ws.kitap(&["build", "--out", ws.root().to_str().unwrap()]);
    assert_eq!(run.code, 2);
}

#[test]
fn kitaps_own_output_is_replaced_and_stale_files_go() {
    let ws = Workspace::fixture("basic");
    ws.build_ok();
    ws.write("public/stale.html", "old");
    ws.remove("site/en/02-law.md");
    ws.remove("site/kk/02-law.md");
    ws.write(
        "site/en/01-intro.md",
        "---\ntitle: Intro\n---\nNo links now.\n",
    );
    ws.write("site/kk/01-intro.md", "---\ntitle: Кіріспе\n---\nМәтін.\n");
    ws.write("site/ru/01-intro.md", "---\ntitle: Введение\n---\nТекст.\n");
    let out = ws.build_ok();
    assert!(!out.has("public/stale.html") && !out.has("stale.html"));
    assert!(!out.has("en/law.html"));
    let leftovers: Vec<_> = std::fs::read_dir(ws.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("kitap-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn usage_errors_exit_with_two() {
    let ws = Workspace::empty();
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // Looked for from the current folder upward; the message names it whole.
    let here = ws.root().canonicalize().unwrap();
    assert!(
        run.stderr.contains("no kitap workspace")
            && run.stderr.contains(&here.display().to_string())
            && run.stderr.contains("kitap init"),
        "{}",
        run.stderr
    );
    // Named with --root: that folder, also named whole.
    let run = ws.kitap(&["build", "--root", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("has no site/ folder")
            && run.stderr.contains(&here.display().to_string()),
        "{}",
        run.stderr
    );
    assert_eq!(ws.kitap(&["frobnicate"]).code, 2);
}

#[test]
fn check_writes_nothing_and_strict_fails_on_warnings() {
    let ws = Workspace::fixture("basic");
    let run = ws.kitap(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!ws.path("public").exists());
    ws.write(
        "site/en/02-law.md",
        "---\ntitle: Law\ntilte: typo\n---\n## Gaps {#gaps}\n",
    );
    assert_eq!(ws.kitap(&["check"]).code, 0);
    assert_eq!(ws.kitap(&["check", "--strict"]).code, 1);
}

/// Pages are written to a staging folder as they are rendered; a template
/// error in the chapter pages (after other pages were written) must leave
/// the previous output as it was and no staging folder behind.
#[test]
fn an_error_while_writing_pages_keeps_the_previous_output_and_leaves_nothing_behind() {
    let ws = Workspace::fixture("basic");
    let first = ws.build_ok();
    let base =
        std::fs::read_to_string(common::repo().join("themes/default/templates/chapter.html"))
            .unwrap();
    ws.write(
        "themes/default/templates/chapter.html",
        format!("{base}{{{{ no_such_value.field }}}}\n"),
    );
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("chapter.html"), "{}", run.stderr);
    assert_eq!(Tree::read(&ws.path("public")), first);
    let leftovers: Vec<String> = std::fs::read_dir(ws.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("kitap-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
