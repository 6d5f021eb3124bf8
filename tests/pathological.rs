//! Pathological input (issue 22): what an error costs does not grow with its
//! file, repeated errors are counted rather than printed, ids and key
//! positions are found in one pass, and nothing in the content reaches the
//! terminal raw. The inputs are generated here, small enough to run in a
//! fraction of a second in a debug build, large enough that quadratic work
//! or a copy of the line per error would show (as a huge report, or as a
//! test that does not finish).

mod common;

use common::Workspace;

/// A one-language workspace with chapter `site/en/01-a.md` holding `body`.
fn one_chapter(body: &str) -> Workspace {
    let ws = Workspace::empty();
    ws.write(
        "site/site.yaml",
        "title: {en: T}\nlanguages: [en]\ndefault_language: en\n",
    );
    ws.write("site/en/01-a.md", format!("---\ntitle: A\n---\n{body}\n"));
    ws
}

/// Lines of stderr that start a diagnostic of `kind` (`error`, `warning`).
fn diagnostic_lines<'a>(stderr: &'a str, kind: &str) -> Vec<&'a str> {
    let marker = format!(": {kind}: ");
    stderr.lines().filter(|l| l.contains(&marker)).collect()
}

#[test]
fn repeated_bad_links_on_one_line_give_a_short_capped_report() {
    // 20,000 links on one line of 240 KB: each error used to carry a copy of
    // the line (and print it), which is 4.8 GB.
    let ws = one_chapter(&"[x](@nope) ".repeat(20_000));
    let run = ws.kitap(&["check"]);
    assert_eq!(run.code, 1, "{}", &run.stderr[..run.stderr.len().min(2000)]);
    assert!(
        run.stderr.len() < 16_000,
        "report of {} bytes: {}",
        run.stderr.len(),
        &run.stderr[..2000]
    );
    let errors = diagnostic_lines(&run.stderr, "error");
    assert_eq!(errors.len(), 20, "{}", run.stderr);
    assert!(
        errors[0].starts_with("site/en/01-a.md:4:1: error: link to `@nope`: no chapter"),
        "{}",
        run.stderr
    );
    assert!(
        errors[19].starts_with("site/en/01-a.md:4:210: error: link to `@nope`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "\nsite/en/01-a.md: and 19,980 more errors like: link to `@nope`: no chapter with that id in `en`\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error: 20000 error(s) in the content"),
        "{}",
        run.stderr
    );
    // The source line is a window around the column, cut with `…`, and the
    // caret is under the link.
    let shown: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with(" 4 | "))
        .collect();
    assert_eq!(shown.len(), 20, "{}", run.stderr);
    for line in &shown {
        assert!(line.chars().count() <= 6 + 122, "{line}");
        assert!(line.ends_with('…'), "{line}");
    }
    let last = run.stderr.split(errors[19]).nth(1).unwrap();
    let mut excerpt = last.lines().skip(1);
    let (text, caret) = (excerpt.next().unwrap(), excerpt.next().unwrap());
    assert!(text.starts_with(" 4 | …"), "{text}");
    let at = caret.chars().position(|c| c == '^').unwrap();
    let under: String = text.chars().skip(at).take(10).collect();
    assert_eq!(under, "[x](@nope)", "{text}\n{caret}");
}

#[test]
fn an_error_on_every_line_of_a_long_file_is_found_in_one_pass() {
    // Each error used to read the file from the start to find its line.
    let ws = one_chapter(&"[x](javascript:a)\n\n".repeat(20_000));
    let run = ws.kitap(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let diags = report["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 20_000);
    let last = &diags[19_999];
    assert_eq!(
        (last["line"].as_u64(), last["col"].as_u64()),
        (Some(40_002), Some(1))
    );
    assert_eq!(last["source_line"], "[x](javascript:a)");
    let text = ws.kitap(&["check"]);
    assert_eq!(diagnostic_lines(&text.stderr, "error").len(), 20);
    assert!(
        text.stderr.contains(
            "site/en/01-a.md: and 19,980 more errors like: `javascript:` URLs are not allowed"
        ),
        "{}",
        text.stderr
    );
}

#[test]
fn a_long_bad_reference_used_many_times_gives_short_messages() {
    // A long target named once and used again and again: each message used
    // to quote it whole.
    let name = "n".repeat(1_000);
    let ws = one_chapter(&format!("[r]: @{name}\n\n{}", "[x][r] ".repeat(50)));
    let run = ws.kitap(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let diags = report["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 50);
    for d in diags {
        let message = d["message"].as_str().unwrap();
        assert!(message.len() < 200, "{d}");
        assert!(
            message.starts_with(&format!("link to `@{}…`", &name[..80])),
            "{d}"
        );
        assert!(
            d["source_line"].as_str().unwrap().chars().count() <= 122,
            "{d}"
        );
    }
}

#[test]
fn five_thousand_identical_headings_are_numbered_as_before() {
    let mut body = "## Notes\n\n".repeat(5_000);
    // An explicit id and the page layout's ids still make slugs step aside.
    body.push_str("## Other {#notes-5000}\n\n## Notes\n\n## Main\n\n## Main 1\n");
    let ws = one_chapter(&body);
    let out = ws.build_ok();
    let html = out.text("en/a.html");
    let ids = common::attr_values(&html, "id");
    let notes: Vec<&String> = ids.iter().filter(|i| i.starts_with("notes")).collect();
    assert_eq!(notes.len(), 5_002);
    assert_eq!(notes[0], "notes");
    assert_eq!(notes[1], "notes-1");
    assert_eq!(notes[4_999], "notes-4999");
    assert_eq!(notes[5_000], "notes-5000");
    assert_eq!(notes[5_001], "notes-5001");
    assert!(ids.contains(&"main-1".to_string()), "{ids:?}");
    assert!(ids.contains(&"main-1-1".to_string()), "{ids:?}");
}

#[test]
fn thousands_of_unknown_keys_warn_at_their_lines_capped() {
    let keys: String = (0..5_000)
        .map(|i| format!("unknown_key_{i}: 1\n"))
        .collect();
    let ws = Workspace::empty();
    ws.write(
        "site/site.yaml",
        "title: {en: T}\nlanguages: [en]\ndefault_language: en\n",
    );
    ws.write(
        "site/en/01-a.md",
        format!("---\ntitle: A\n{keys}sumary: x\n---\nText.\n"),
    );
    let run = ws.kitap(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let diags = report["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 5_001);
    for (i, d) in diags.iter().take(5_000).enumerate() {
        assert_eq!(d["line"].as_u64(), Some(i as u64 + 3), "{d}");
        assert_eq!(
            d["message"],
            format!("unknown key `unknown_key_{i}` is ignored"),
            "{d}"
        );
        assert_eq!(d["source_line"], format!("unknown_key_{i}: 1"), "{d}");
    }
    assert_eq!(diags[5_000]["line"].as_u64(), Some(5_003));
    assert!(
        diags[5_000]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `summary`"),
        "{}",
        diags[5_000]
    );
    let text = ws.kitap(&["check"]);
    assert_eq!(diagnostic_lines(&text.stderr, "warning").len(), 21);
    assert!(
        text.stderr
            .contains(
                "site/en/01-a.md: and 4,980 more warnings like: unknown key `unknown_key_20` is ignored\n"
            ),
        "{}",
        text.stderr
    );
}

#[test]
fn control_characters_in_content_and_file_names_never_reach_the_terminal() {
    let ws = one_chapter("Title\u{1b}]0;pwned\u{7} \u{1b}[31mred\u{9b}2J [x](@nope) \u{202e}txt");
    // A file name with a newline, and a key with an escape in it.
    ws.write(
        "site/en/02-b\nc.md",
        "---\ntitle: B\nid: bc\n\"k\\e[2J\": 1\n---\n[y](@nope)\n",
    );
    for args in [&["check"][..], &["build"][..]] {
        let run = ws.kitap(args);
        assert_eq!(run.code, 1, "{}", run.stderr);
        for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
            assert!(
                !run.stderr.contains(c),
                "{c:?} reached stderr: {:?}",
                run.stderr
            );
        }
        assert!(
            run.stderr.contains(
                " 4 | Title\\u{1b}]0;pwned\\u{7} \\u{1b}[31mred\\u{9b}2J [x](@nope) \\u{202e}txt\n"
            ),
            "{}",
            run.stderr
        );
        // The caret stays under the link, past the escaped characters.
        let caret = format!(
            "   | {}^\n",
            " ".repeat("Title\\u{1b}]0;pwned\\u{7} \\u{1b}[31mred\\u{9b}2J ".len())
        );
        assert!(run.stderr.contains(&caret), "{}", run.stderr);
        assert!(
            run.stderr
                .contains("\nsite/en/02-b\\nc.md:6:1: error: link to `@nope`"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(
                "\nsite/en/02-b\\nc.md:2:1: warning: unknown key `k\\u{1b}[2J` is ignored"
            ),
            "{}",
            run.stderr
        );
    }
}

/// Runs kitap where files the test makes unreadable are unreadable: as
/// `nobody` when the tests run as root (who reads anything).
#[cfg(unix)]
fn run_unprivileged(ws: &Workspace, args: &[&str], probe: &std::path::Path) -> common::Run {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kitap"));
    cmd.args(args)
        .current_dir(ws.root())
        .env_remove("KITAP_LOG");
    if std::fs::read(probe).is_ok() {
        cmd.uid(65534).gid(65534);
    }
    common::Run::from(cmd.output().expect("run kitap"))
}

#[test]
#[cfg(unix)]
fn every_unreadable_file_is_reported_with_its_cause_once() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Workspace::fixture("basic");
    ws.write("site/assets/a.png", "png")
        .write("site/assets/b.png", "png")
        .write("themes/default/static/extra.css", "css");
    let locked = [
        "site/assets/a.png",
        "site/assets/b.png",
        "themes/default/static/extra.css",
    ];
    for rel in locked {
        std::fs::set_permissions(ws.path(rel), std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    // The temp folder is the test's own; others may walk the workspace.
    std::fs::set_permissions(ws.root(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = run_unprivileged(&ws, &["check"], &ws.path(locked[0]));
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors = diagnostic_lines(&run.stderr, "error");
    assert_eq!(errors.len(), 3, "{}", run.stderr);
    for (line, rel) in errors.iter().zip(locked) {
        assert_eq!(
            *line,
            format!("{rel}: error: cannot read it: Permission denied (os error 13)"),
            "{}",
            run.stderr
        );
    }
}
