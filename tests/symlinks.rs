//! Issue 22, hardening: symbolic links and odd file names. A link whose
//! target is inside the workspace is followed (chapters, a language folder,
//! strings, theme files); one leading outside, a broken one, a loop and a
//! name that is not UTF-8 are errors naming the file. Nothing is skipped in
//! silence.
#![cfg(unix)]

mod common;

use common::Workspace;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink;

/// Lines of stderr that start an error or a warning.
fn problem_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .collect()
}

/// A symbolic link at `at` (parents made) to `target`.
fn link(ws: &Workspace, target: impl AsRef<std::path::Path>, at: &str) {
    std::fs::create_dir_all(ws.path(at).parent().unwrap()).unwrap();
    symlink(target, ws.path(at)).unwrap();
}

#[test]
fn a_symlinked_language_folder_inside_the_workspace_is_read() {
    let ws = Workspace::fixture("basic");
    std::fs::rename(ws.path("site/kk"), ws.path("kk-shared")).unwrap();
    link(&ws, "../kk-shared", "site/kk");
    let out = ws.build_ok();
    let intro = out.text("kk/intro.html");
    assert!(intro.contains("Бұл баяндама"), "{intro}");
    assert!(!intro.contains("noindex"), "kk/intro is a fallback page");
}

#[test]
fn symlinked_chapters_strings_and_theme_files_inside_the_workspace_are_read() {
    let ws = Workspace::fixture("basic");
    ws.write(
        "shared/04-linked.md",
        "---\ntitle: Linked chapter\n---\nLinkedword.\n",
    );
    link(&ws, "../../shared/04-linked.md", "site/en/04-linked.md");
    let en = std::fs::read_to_string(common::repo().join("i18n/en.yaml")).unwrap();
    ws.write(
        "shared/en.yaml",
        en.replace(
            "page_not_found: Page not found",
            "page_not_found: Linkedstring",
        ),
    );
    link(&ws, "../shared/en.yaml", "i18n/en.yaml");
    let css = std::fs::read(common::repo().join("themes/default/static/style.css")).unwrap();
    let mut css = css;
    css.extend_from_slice(b"\n/* linkedcss */\n");
    ws.write("shared/style.css", css);
    link(
        &ws,
        "../../../shared/style.css",
        "themes/default/static/style.css",
    );
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(problem_lines(&run.stderr).is_empty(), "{}", run.stderr);
    let out = common::Tree::read(&ws.path("public"));
    assert!(out.text("en/linked.html").contains("Linkedword"));
    assert!(out.text("404.html").contains("Linkedstring"));
    assert!(out.text("static/style.css").contains("linkedcss"));
}

#[test]
fn links_leading_outside_the_workspace_are_errors_and_nothing_is_read_through_them() {
    let ws = Workspace::fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, "---\ntitle: Outsideword\n---\nOutsideword.\n").unwrap();
    std::fs::create_dir(outside.path().join("folder")).unwrap();
    std::fs::write(
        outside.path().join("folder/01-x.md"),
        "---\ntitle: Outsideword\n---\n",
    )
    .unwrap();
    link(&ws, &secret, "site/en/04-secret.md");
    link(&ws, &secret, "site/assets/secret.svg");
    link(&ws, outside.path().join("folder"), "site/en/part");
    link(&ws, &secret, "i18n/kk.yaml");
    link(&ws, &secret, "themes/default/static/secret.css");
    for cmd in ["check", "build"] {
        let run = ws.kitap(&[cmd]);
        assert_eq!(run.code, 1, "{cmd}: {}", run.stderr);
        let problems = problem_lines(&run.stderr);
        let why = "error: symbolic link to a place outside the workspace";
        let expect = [
            format!("i18n/kk.yaml: {why}"),
            format!("site/assets/secret.svg: {why}"),
            format!("site/en/04-secret.md: {why}"),
            format!("site/en/part: {why}"),
            format!("themes/default/static/secret.css: {why}"),
        ];
        assert_eq!(problems.len(), expect.len(), "{cmd}: {}", run.stderr);
        for (got, want) in problems.iter().zip(&expect) {
            assert!(got.starts_with(want.as_str()), "{cmd}: {}", run.stderr);
        }
        assert!(!run.stderr.contains("Outsideword"));
    }
    assert!(!ws.path("public").exists());
}

#[test]
fn a_site_yaml_or_site_folder_outside_the_workspace_is_refused() {
    let ws = Workspace::fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    std::fs::rename(ws.path("site/site.yaml"), outside.path().join("site.yaml")).unwrap();
    link(&ws, outside.path().join("site.yaml"), "site/site.yaml");
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("site/site.yaml: error: symbolic link to a place outside the workspace"),
        "{}",
        run.stderr
    );
    // The whole site/ elsewhere.
    let ws = Workspace::fixture("basic");
    let elsewhere = outside.path().join("site");
    std::fs::rename(ws.path("site"), &elsewhere).unwrap();
    link(&ws, &elsewhere, "site");
    let run = ws.kitap(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("site: error: symbolic link to a place outside the workspace"),
        "{}",
        run.stderr
    );
}

#[test]
fn broken_links_loops_odd_names_and_odd_files_are_never_skipped_in_silence() {
    let ws = Workspace::fixture("basic");
    link(&ws, "nowhere.md", "site/en/04-broken.md");
    link(&ws, "..", "site/en/loop");
    ws.write(
        "site/en/05-caf\u{e9}.md",
        "---\nid: cafe\ntitle: Fine\n---\n",
    );
    std::fs::write(
        ws.path("site/en").join(OsStr::from_bytes(b"06-caf\xe9.md")),
        "---\ntitle: Latin-1 name\n---\n",
    )
    .unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(ws.path("site/en/07-pipe.md"))
        .status()
        .unwrap();
    assert!(fifo.success());
    let run = ws.kitap(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let problems = problem_lines(&run.stderr);
    let expect = [
        "site/en/04-broken.md: error: broken symbolic link",
        "site/en/06-caf\u{fffd}.md: error: the file name is not valid UTF-8",
        "site/en/07-pipe.md: warning: not a regular file; ignored",
        "site/en/loop: error: symbolic link to a folder that contains it",
    ];
    assert_eq!(problems.len(), expect.len(), "{}", run.stderr);
    for (got, want) in problems.iter().zip(expect) {
        assert!(got.starts_with(want), "{}", run.stderr);
    }
}
