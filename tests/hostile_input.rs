//! Hostile and odd input from the fuzz and attack campaign of the
//! hardening issue: inputs that once cost too much or could go wrong. Each
//! runs through the binary in well under a second and must end cleanly —
//! no panic, every error with its `path:line:col`, nothing written on error.

mod common;

use common::Workspace;

/// Build `ws`; returns (exit code, stderr). A panic would exit 101.
fn build(ws: &Workspace) -> (i32, String) {
    let run = ws.kitap(&["build"]);
    assert_ne!(run.code, 101, "kitap panicked:\n{}", run.stderr);
    (run.code, run.stderr)
}

fn one_language() -> Workspace {
    let ws = Workspace::empty();
    ws.write("site/site.yaml", "title: {en: Report}\nlanguages: [en]\n");
    ws
}

#[test]
fn a_yaml_alias_bomb_is_refused_with_its_position() {
    let ws = one_language();
    let mut yaml = String::from("title: A\nextra:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        yaml.push_str(&format!(
            "  a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    ws.write("site/en/01-bomb.md", format!("---\n{yaml}---\nText.\n"));
    let (code, stderr) = build(&ws);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("site/en/01-bomb.md:"), "{stderr}");
    assert!(!ws.path("public").exists());
}

#[test]
fn deep_nesting_in_front_matter_and_markdown_ends_cleanly() {
    let ws = one_language();
    let deep = format!("{}x{}", "[".repeat(5000), "]".repeat(5000));
    ws.write(
        "site/en/01-deep.md",
        format!("---\ntitle: A\nextra: {deep}\n---\nText.\n"),
    );
    let (code, stderr) = build(&ws);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("site/en/01-deep.md:3:"), "{stderr}");
    let ws = one_language();
    let quotes = "> ".repeat(3000);
    let lists = (0..500)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect::<String>();
    let brackets = "[".repeat(20_000);
    ws.write(
        "site/en/01-deep.md",
        format!("---\ntitle: A\n---\n{quotes}quoted\n\n{lists}\n{brackets}\n"),
    );
    let (code, stderr) = build(&ws);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn files_that_are_not_utf8_are_errors_naming_the_file() {
    let ws = one_language();
    // "Заголовок" in CP1251, and a UTF-16 file with its BOM.
    let mut cp1251 = b"---\ntitle: ".to_vec();
    cp1251.extend([0xC7, 0xE0, 0xE3, 0xEE, 0xEB, 0xEE, 0xE2, 0xEE, 0xEA]);
    cp1251.extend(b"\n---\nText.\n");
    ws.write("site/en/01-cp.md", cp1251);
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "---\ntitle: A\n---\n".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    ws.write("site/en/02-wide.md", utf16);
    let (code, stderr) = build(&ws);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("site/en/01-cp.md"), "{stderr}");
    assert!(stderr.contains("site/en/02-wide.md"), "{stderr}");
}

#[test]
fn a_very_long_line_and_many_headings_build() {
    let ws = one_language();
    let line = "word ".repeat(400_000);
    let headings: String = (0..2000).map(|_| "## Notes\n\nx\n\n").collect();
    ws.write(
        "site/en/01-long.md",
        format!("---\ntitle: Long\n---\n{line}\n\n{headings}"),
    );
    let (code, stderr) = build(&ws);
    assert_eq!(code, 0, "{stderr}");
    let page = std::fs::read_to_string(ws.path("public/en/long.html")).unwrap();
    assert!(page.contains(r#"id="notes-1999""#));
}

#[test]
fn hostile_text_in_titles_and_chapters_stays_text() {
    let ws = one_language();
    ws.write(
        "site/en/01-x.md",
        "---\ntitle: \"</title><script>alert(1)</script><!--\"\nsummary: \"\\\" onload=\\\"x\"\n---\n\
         ## <!--<script> {#h}\n\nText `<script>` and [a](https://x.org/\"><script>) ![b](https://x.org/a.png?\"onerror=\"x)\n",
    );
    let (code, stderr) = build(&ws);
    assert_eq!(code, 0, "{stderr}");
    let page = std::fs::read_to_string(ws.path("public/en/x.html")).unwrap();
    assert!(!page.contains("<script>alert"), "title escaped");
    assert!(!page.contains("\" onload=\"x"), "summary escaped");
    assert!(!page.contains("\"onerror=\"x"), "URL escaped");
    assert!(page.contains("&lt;/title&gt;&lt;script&gt;"), "{page}");
}
