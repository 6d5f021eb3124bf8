//! Where output may go and what a build leaves beside it: never inside the
//! sources, however reached; no junk from interrupted or failed builds; no
//! file name that an unzip program would take for a path.

mod common;

use common::Workspace;
use std::path::Path;

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn refused(ws: &Workspace, args: &[&str], folder: &str) {
    let run = ws.kitap(args);
    assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    assert!(
        run.stderr.contains("refusing to write") && run.stderr.contains(folder),
        "{args:?}: {}",
        run.stderr
    );
}

#[test]
fn output_inside_the_sources_is_refused_however_reached() {
    let ws = Workspace::fixture("basic");
    ws.write("themes/default/static/extra.css", "p {}");
    ws.write("i18n/notes.txt", "mine");
    let sources = || ["site", "themes", "i18n"].map(|f| common::Tree::read(&ws.path(f)));
    let before = sources();
    for out in ["themes/default/static/out", "themes/x", "i18n/out"] {
        refused(
            &ws,
            &["build", "--out", out],
            out.split('/').next().unwrap(),
        );
    }
    for out in ["site", "site/", "site/x", "themes", "i18n/y"] {
        let folder = out.split('/').next().unwrap();
        refused(&ws, &["bundle", "--out", out], folder);
        refused(&ws, &["bundle", "--single-file", "--out", out], folder);
    }
    #[cfg(unix)]
    {
        // Through a link to site/, and with site/ itself a link elsewhere.
        std::os::unix::fs::symlink(ws.path("site"), ws.path("link")).unwrap();
        refused(&ws, &["build", "--out", "link/out"], "site");
        refused(&ws, &["bundle", "--out", "link"], "site");
        let elsewhere = Workspace::empty();
        let real = elsewhere.path("sources");
        std::fs::rename(ws.path("site"), &real).unwrap();
        std::os::unix::fs::symlink(&real, ws.path("site")).unwrap();
        let inside = real.join("out");
        refused(&ws, &["build", "--out", inside.to_str().unwrap()], "site");
        refused(&ws, &["bundle", "--out", inside.to_str().unwrap()], "site");
        std::fs::remove_file(ws.path("site")).unwrap();
        std::fs::rename(&real, ws.path("site")).unwrap();
    }
    assert!(sources() == before, "a refused run wrote into the sources");
    // Beside the sources is fine.
    assert_eq!(ws.kitap(&["bundle", "--out", "."]).code, 0);
    assert!(ws.path("report.zip").is_file());
}

#[test]
fn a_failed_build_removes_the_folders_it_made_for_out_and_no_others() {
    let ws = Workspace::fixture("basic");
    ws.write("site/en/04-broken.md", "---\ntitle: B\n---\n[x](@nope)\n");
    std::fs::create_dir(ws.path("existing")).unwrap();
    let run = ws.kitap(&["build", "--out", "existing/made/deeper/out"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        ws.path("existing").is_dir(),
        "a folder it did not make went"
    );
    assert!(names_in(&ws.path("existing")).is_empty());
    let run = ws.kitap(&["build", "--out", "new/out"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!ws.path("new").exists());
}

/// A build killed mid-way (Ctrl-C, kill) leaves its staging folder
/// `.<out>.kitap-new-<pid>` (or `-old-`) behind; the next build removes it,
/// but only kitap's own: marked with `.kitap-output` and not held by a build
/// still running (it holds a lock on the marker).
#[test]
fn staging_folders_of_killed_builds_are_removed_by_the_next_build() {
    let ws = Workspace::fixture("basic");
    let left = |name: &str, marker: bool| {
        ws.write(&format!("{name}/en/big.html"), vec![b'x'; 4096]);
        if marker {
            ws.write(&format!("{name}/.kitap-output"), "kitap");
        }
    };
    left(".public.kitap-new-4000001", true);
    left(".public.kitap-old-4000002", true);
    // Named like kitap's, but no marker: not kitap's.
    left(".public.kitap-new-4000003", false);
    // A build that is still running holds its marker locked.
    left(".public.kitap-new-4000004", true);
    let running = std::fs::File::open(ws.path(".public.kitap-new-4000004/.kitap-output")).unwrap();
    running.try_lock().unwrap();
    // Another output's, and a name kitap does not make.
    left(".other.kitap-new-4000005", true);
    left(".public.kitap-new-x1", true);
    ws.build_ok();
    drop(running);
    let names: Vec<String> = names_in(ws.root())
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect();
    assert_eq!(
        names,
        [
            ".other.kitap-new-4000005",
            ".public.kitap-new-4000003",
            ".public.kitap-new-4000004",
            ".public.kitap-new-x1"
        ]
    );
}

#[test]
fn asset_names_an_unzip_program_would_take_for_paths_are_refused() {
    let ws = Workspace::fixture("basic");
    ws.write("site/assets/x\\..\\..\\evil.bat", "@echo off");
    ws.write("site/assets/c:evil.png", "png");
    ws.write("site/assets/bell\u{7}.png", "png");
    let run = ws.kitap(&["bundle"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(errors.len(), 3, "{}", run.stderr);
    assert!(
        errors[0].starts_with("site/assets/bell\\u{7}.png: error: "),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("site/assets/c:evil.png: error: "),
        "{}",
        errors[1]
    );
    assert!(
        errors[2].starts_with("site/assets/x\\..\\..\\evil.bat: error: the file name holds `\\`"),
        "{}",
        errors[2]
    );
    assert!(
        !run.stderr.contains('\u{7}'),
        "a control character reached the terminal"
    );
    assert!(!ws.path("dist").exists());
    assert_eq!(ws.kitap(&["build"]).code, 1);
    assert!(!ws.path("public").exists());
}
