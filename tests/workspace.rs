//! Issue 21: from an empty folder to a published report — `kitap init`,
//! finding the workspace from inside it, `--version`, chapters put between
//! others and renamed (`new chapter --after`, `mv`), messages, progress —
//! and the newcomer's walk-through (init → serve → edit → check → bundle)
//! the README gives.

mod common;

use common::{Run, Tree, Workspace};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Run the binary in `dir` (no `--root`: the workspace is looked for).
fn kitap_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_kitap"))
        .args(args)
        .current_dir(dir)
        .env_remove("KITAP_LOG")
        .env_remove("CI")
        .output()
        .expect("run kitap");
    Run::from(out)
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Every file of `site/` with its bytes.
fn snapshot(ws: &Workspace) -> Vec<(String, Vec<u8>)> {
    let site = ws.path("site");
    files_under(&site)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(site.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn init_makes_a_workspace_that_builds_with_translations_counted_as_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let run = kitap_in(tmp.path(), &["init", "report"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = tmp.path().join("report");
    assert_eq!(
        files_under(&dir),
        [
            ".gitignore",
            "README.md",
            "site/en/01-introduction.md",
            "site/kk/01-introduction.md",
            "site/ru/01-introduction.md",
            "site/site.yaml",
        ]
    );
    assert!(dir.join("site/assets").is_dir());
    assert!(run.stdout.contains("cd report"), "{}", run.stdout);
    assert!(run.stdout.contains("kitap serve --open"), "{}", run.stdout);
    let yaml = std::fs::read_to_string(dir.join("site/site.yaml")).unwrap();
    assert!(yaml.contains("languages: [en, kk, ru]") && yaml.contains("default_language: en"));
    assert!(yaml.contains("kk: \"Баяндама\""), "{yaml}");

    // It builds, found from the folder itself.
    let run = kitap_in(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = Tree::read(&dir.join("public"));
    let en = out.text("en/introduction.html");
    assert!(en.contains("first chapter here"), "{en}");
    // The translations have no text yet: their pages show the English
    // chapter under the "not yet translated" notice.
    for lang in ["kk", "ru"] {
        let page = out.text(&format!("{lang}/introduction.html"));
        assert!(page.contains("notice-untranslated"), "{lang}: {page}");
        assert!(page.contains("first chapter here"), "{lang}: {page}");
    }
    // check names them as missing, counting every warning it prints.
    let run = kitap_in(&dir.join("site/kk"), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("chapter `introduction` has no `kk` translation"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("checked: 2 warnings (0 in the content, 2 about translations)"),
        "{}",
        run.stderr
    );

    // A translator writes the Kazakh text: the chapter is translated (not
    // yet stamped), and the page shows it.
    let kk = dir.join("site/kk/01-introduction.md");
    let text = std::fs::read_to_string(&kk).unwrap();
    std::fs::write(
        &kk,
        format!("{text}Баяндаманың бірінші тарауы.\n\n## Қамту аясы {{#scope}}\n\nМәтін.\n"),
    )
    .unwrap();
    let run = kitap_in(&dir, &["translated", "kk", "introduction"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = kitap_in(&dir, &["check"]);
    assert!(
        run.stdout
            .contains("kk: every chapter translated and up to date"),
        "{}",
        run.stdout
    );
    let run = kitap_in(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = Tree::read(&dir.join("public")).text("kk/introduction.html");
    assert!(page.contains("Баяндаманың бірінші тарауы.") && !page.contains("notice-untranslated"));
}

#[test]
fn init_refuses_a_folder_in_use_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("README.md"), "ours\n").unwrap();
    let run = kitap_in(tmp.path(), &["init"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("is not empty") && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_eq!(files_under(tmp.path()), ["README.md"]);

    let run = kitap_in(tmp.path(), &["init", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("kept    README.md"), "{}", run.stdout);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("README.md")).unwrap(),
        "ours\n"
    );
    assert!(tmp.path().join("site/site.yaml").is_file());

    for (args, says) in [
        (vec!["init", "x", "--languages", "en,en"], "given twice"),
        (
            vec!["init", "x", "--languages", "e n"],
            "not a language code",
        ),
        (vec!["init", "x", "--languages", ","], "names no language"),
    ] {
        let run = kitap_in(tmp.path(), &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert!(!tmp.path().join("x").exists(), "{args:?}");
    }
    std::fs::write(tmp.path().join("file"), "").unwrap();
    let run = kitap_in(tmp.path(), &["init", "file"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is a file"), "{}", run.stderr);
}

#[test]
fn init_takes_the_languages_and_title_given() {
    let tmp = tempfile::tempdir().unwrap();
    let run = kitap_in(
        tmp.path(),
        &[
            "init",
            "r",
            "--languages",
            "kk,ru",
            "--title",
            "Жылдық \"есеп\"",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = tmp.path().join("r");
    let yaml = std::fs::read_to_string(dir.join("site/site.yaml")).unwrap();
    assert!(yaml.contains("default_language: kk"), "{yaml}");
    assert!(!dir.join("site/en").exists());
    let kk = std::fs::read_to_string(dir.join("site/kk/01-introduction.md")).unwrap();
    assert!(
        kk.contains("title: Кіріспе") && kk.contains("## Қамту аясы"),
        "{kk}"
    );
    let run = kitap_in(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = Tree::read(&dir.join("public"));
    assert!(
        out.text("kk/index.html")
            .contains("Жылдық &quot;есеп&quot;")
            || out.text("kk/index.html").contains("Жылдық \"есеп\"")
    );
    assert!(
        out.text("ru/introduction.html")
            .contains("notice-untranslated")
    );
}

#[test]
fn the_workspace_is_found_from_any_folder_inside_it() {
    let ws = Workspace::fixture("basic");
    let deep = ws.path("site/kk");
    let run = kitap_in(&deep, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The output goes to the workspace's public/, not the current folder's.
    assert!(ws.path("public/index.html").is_file());
    assert!(!deep.join("public").exists());
    let run = kitap_in(&deep, &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    // Outside any workspace: the message names the folder whole.
    let tmp = tempfile::tempdir().unwrap();
    let run = kitap_in(tmp.path(), &["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let here = std::path::absolute(tmp.path()).unwrap();
    assert!(
        run.stderr.contains("no kitap workspace")
            && run.stderr.contains(&here.display().to_string()),
        "{}",
        run.stderr
    );
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let run = kitap_in(&common::repo(), &["--version"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let commit = Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .current_dir(common::repo())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let line = run.stdout.trim();
    assert!(
        line.starts_with(&format!("kitap {}", env!("CARGO_PKG_VERSION"))),
        "{line}"
    );
    match commit {
        // The binary under test was built from this checkout's HEAD.
        Some(c) => assert!(line.contains(&format!("commit {c}")), "{line} vs {c}"),
        None => assert!(line.contains("outside a git checkout"), "{line}"),
    }
}

#[test]
fn every_command_has_examples_and_names_what_it_writes() {
    let mut commands = vec![
        ("init", "site.yaml"),
        ("build", "public/"),
        ("serve", "Writes nothing"),
        ("check", "Writes nothing"),
        ("bundle", "dist/report.zip"),
        ("epub", "dist/report-LANG.epub"),
        ("new chapter", "site/LANG/NN-NAME.md"),
        ("mv", "site/LANG/NN-ID.md"),
        ("translated", "front matter"),
    ];
    if cfg!(feature = "pdf") {
        commands.push(("pdf", "dist/report-LANG.pdf"));
    }
    for (command, writes) in commands {
        let mut args: Vec<&str> = vec!["help"];
        args.extend(command.split(' '));
        let run = kitap_in(&common::repo(), &args);
        assert_eq!(run.code, 0, "{command}: {}", run.stderr);
        assert!(run.stdout.contains("Example"), "{command}: {}", run.stdout);
        assert!(
            run.stdout.contains(&format!("kitap {command}")),
            "{command}: {}",
            run.stdout
        );
        assert!(run.stdout.contains(writes), "{command}: {}", run.stdout);
    }
}

#[test]
fn an_order_that_is_not_a_whole_number_says_so() {
    let ws = Workspace::fixture("basic");
    let path = first_chapter(&ws, "en");
    let text = std::fs::read_to_string(ws.path(&path)).unwrap();
    ws.write(&path, text.replacen("title:", "order: 8.5\ntitle:", 1));
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "{path}:2:8: error: `order` must be a whole number, not 8.5"
        )),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("i64"), "{}", run.stderr);
}

/// `site/<lang>/…` of the first chapter file of a language.
fn first_chapter(ws: &Workspace, lang: &str) -> String {
    let dir = ws.path(&format!("site/{lang}"));
    let first = files_under(&dir)
        .into_iter()
        .find(|f| f.ends_with(".md"))
        .unwrap();
    format!("site/{lang}/{first}")
}

/// A three-language book: a, b, c (orders 1, 2, 3), b linking to c by id.
fn abc() -> Workspace {
    let ws = Workspace::empty();
    ws.write(
        "site/site.yaml",
        "title: {en: T, kk: Т, ru: Т}\nlanguages: [en, kk, ru]\ndefault_language: en\n",
    );
    for lang in ["en", "kk", "ru"] {
        ws.write(
            &format!("site/{lang}/01-a.md"),
            format!("---\ntitle: A {lang}\n---\nText a.\n"),
        )
        .write(
            &format!("site/{lang}/02-b.md"),
            format!("---\ntitle: B {lang}\n---\nSee [c](@c#part).\n"),
        )
        .write(
            &format!("site/{lang}/03-c.md"),
            format!("---\ntitle: C {lang}\n---\n## Part {{#part}}\n\nText c.\n"),
        );
    }
    // Translations stamped, so that a rename can be seen to keep them so.
    for lang in ["kk", "ru"] {
        for id in ["a", "b", "c"] {
            let run = ws.kitap(&["translated", lang, id]);
            assert_eq!(run.code, 0, "{}", run.stderr);
        }
    }
    ws
}

fn toc_order(ws: &Workspace, lang: &str) -> Vec<String> {
    let toc = ws.build_ok().text(&format!("{lang}/index.html"));
    let mut found: Vec<(usize, String)> = ["a", "b", "c", "d", "new"]
        .iter()
        .filter_map(|id| {
            toc.find(&format!("href=\"{id}.html\""))
                .map(|i| (i, id.to_string()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, id)| id).collect()
}

#[test]
fn a_new_chapter_goes_after_the_one_named_renumbering_every_language() {
    let ws = abc();
    let run = ws.kitap(&["new", "chapter", "new", "--after", "a"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for lang in ["en", "kk", "ru"] {
        assert_eq!(
            files_under(&ws.path(&format!("site/{lang}"))),
            ["01-a.md", "02-new.md", "03-b.md", "04-c.md"],
            "{lang}"
        );
        assert_eq!(toc_order(&ws, lang), ["a", "new", "b", "c"], "{lang}");
    }
    assert!(
        run.stdout
            .contains("renamed site/kk/03-c.md -> site/kk/04-c.md"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("created site/ru/02-new.md"),
        "{}",
        run.stdout
    );
    // Ids stay, so links and translations survive; the new translations
    // count as missing, not stale.
    let out = ws.build_ok();
    assert!(out.text("ru/b.html").contains("href=\"c.html#part\""));
    assert!(out.text("kk/new.html").contains("notice-untranslated"));
    let run = ws.kitap(&["check"]);
    assert!(
        run.stdout.contains("chapter `new` has no `kk` translation"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("stale"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("checked: 2 warnings (0 in the content, 2 about translations)"),
        "{}",
        run.stderr
    );

    // Already in place: nothing to do, and said so.
    let run = ws.kitap(&["mv", "c", "--after", "b"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("already there"), "{}", run.stderr);
}

#[test]
fn renumbering_that_would_break_a_link_puts_every_file_back() {
    let ws = abc();
    // A link by file name breaks when the file is renamed.
    ws.write(
        "site/ru/01-a.md",
        "---\ntitle: A ru\n---\nText a, [b](02-b.md).\n",
    );
    let before = snapshot(&ws);
    let run = ws.kitap(&["new", "chapter", "new", "--after", "a"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("would break the book")
            && run.stderr.contains("site/ru/01-a.md:4:")
            && run.stderr.contains("every file was put back"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&ws), before);
}

#[test]
fn mv_renames_and_moves_keeping_the_id() {
    let ws = abc();
    let run = ws.kitap(&["mv", "b", "bee"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for lang in ["en", "kk", "ru"] {
        assert_eq!(
            files_under(&ws.path(&format!("site/{lang}"))),
            ["01-a.md", "02-bee.md", "03-c.md"]
        );
        let text = std::fs::read_to_string(ws.path(&format!("site/{lang}/02-bee.md"))).unwrap();
        assert!(text.contains("id: b\n"), "{text}");
    }
    // Same id: same page names, translations still up to date.
    let out = ws.build_ok();
    assert!(out.has("kk/b.html") && !out.has("kk/bee.html"));
    let run = ws.kitap(&["check", "--strict"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);

    let run = ws.kitap(&["mv", "a", "--after", "c"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(toc_order(&ws, "ru"), ["b", "c", "a"]);
    assert_eq!(
        files_under(&ws.path("site/en")),
        ["02-bee.md", "03-c.md", "04-a.md"]
    );
    let run = ws.kitap(&["check", "--strict"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);

    for (args, says) in [
        (vec!["mv", "cc", "x"], "no chapter `cc` (did you mean `c`?)"),
        (vec!["mv", "c"], "say what to change"),
        (vec!["mv", "c", "Bad Name"], "not a valid file name"),
        (vec!["mv", "c", "--after", "c"], "cannot move after itself"),
    ] {
        let before = snapshot(&ws);
        let run = ws.kitap(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert_eq!(snapshot(&ws), before, "{args:?}");
    }
}

#[test]
fn progress_shows_on_a_terminal_only() {
    let ws = Workspace::fixture("basic");
    // Piped (as here, and in CI): no progress line, no terminal codes.
    let run = ws.kitap(&["bundle", "--no-epub"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains('\r') && !run.stderr.contains('\u{1b}'),
        "{:?}",
        run.stderr
    );
    // On a terminal: `script` (util-linux) gives the command one.
    let script = Command::new("script").arg("--version").output();
    if !script.is_ok_and(|o| o.status.success()) {
        eprintln!("SKIPPED progress on a terminal: no `script` command (util-linux) to make one");
        return;
    }
    let cmd = format!(
        "'{}' bundle --no-epub",
        env!("CARGO_BIN_EXE_kitap").replace('\'', "'\\''")
    );
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(ws.root())
        .env_remove("CI")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("reading the chapters"), "{text:?}");
    assert!(text.contains("writing report.zip"), "{text:?}");
    // Cleared before the result is printed.
    assert!(text.contains("\u{1b}[2K"), "{text:?}");
    assert!(text.contains("report.zip ("), "{text:?}");
    // With CI set, quiet even on a terminal.
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(ws.root())
        .env("CI", "true")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("reading the chapters"), "{text:?}");
}

/// `kitap serve` in `dir` (no --root), on a free port; its stderr lines go
/// to a channel.
struct Serve {
    child: std::process::Child,
    addr: String,
}

impl Serve {
    fn start(dir: &Path) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kitap"))
            .args(["serve", "--port", "0"])
            .current_dir(dir)
            .env_remove("KITAP_LOG")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start kitap serve");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://127.0.0.1:") {
                    let rest = &line[at + "http://".len()..];
                    let addr: String = rest.chars().take_while(|c| *c != '/').collect();
                    let _ = tx.send(addr);
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("serve did not print its address");
        Serve { child, addr }
    }

    fn get(&self, path: &str) -> String {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    }

    fn wait_for(&self, path: &str, text: &str) -> String {
        let start = Instant::now();
        loop {
            let page = self.get(path);
            if page.contains(text) {
                return page;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{path} never showed {text:?}: {page}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The README's "From an empty folder" walk-through, step by step.
#[test]
fn a_newcomer_goes_from_an_empty_folder_to_a_bundle() {
    let tmp = tempfile::tempdir().unwrap();
    // kitap init my-report
    let run = kitap_in(tmp.path(), &["init", "my-report"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = tmp.path().join("my-report");

    // cd my-report && kitap serve: the preview, every language.
    let server = Serve::start(&dir);
    server.wait_for("/en/introduction.html", "first chapter here");
    server.wait_for("/kk/introduction.html", "notice-untranslated");

    // Edit the English chapter: the preview follows.
    let en = dir.join("site/en/01-introduction.md");
    let text = std::fs::read_to_string(&en).unwrap();
    std::fs::write(
        &en,
        text.replace(
            "Write the report's first chapter here.",
            "Migrant workers come to Kazakhstan from many countries.",
        ),
    )
    .unwrap();
    server.wait_for(
        "/en/introduction.html",
        "Migrant workers come to Kazakhstan",
    );
    // The untranslated pages show the new English text too.
    server.wait_for(
        "/ru/introduction.html",
        "Migrant workers come to Kazakhstan",
    );

    // A second chapter, from a folder inside the workspace.
    let run = kitap_in(&dir.join("site"), &["new", "chapter", "findings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    server.wait_for("/en/findings.html", "New chapter");
    drop(server);

    // kitap check: nothing broken, translations missing.
    let run = kitap_in(&dir, &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("kk: 2 warnings"), "{}", run.stdout);

    // kitap bundle: the offline copy.
    let run = kitap_in(&dir, &["bundle"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let zip_path = dir.join("dist/report.zip");
    assert!(run.stdout.contains("report.zip"), "{}", run.stdout);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let names: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    for want in [
        "report/index.html",
        "report/kk/introduction.html",
        "report/ru/findings.html",
        "report/report-en.epub",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} not in {names:?}");
    }
    let mut page = String::new();
    zip.by_name("report/kk/introduction.html")
        .unwrap()
        .read_to_string(&mut page)
        .unwrap();
    assert!(page.contains("Migrant workers come to Kazakhstan"));
}
