//! Issue 22, hardening: `kitap new chapter` picks an order that makes a
//! file name the next build reads (or refuses), and `kitap translated`
//! never reports success for a file that would not read as stamped.

mod common;

use common::Workspace;

/// An English and Kazakh site whose one chapter `a` has `order` `order`.
fn one_chapter(order: &str) -> Workspace {
    let ws = Workspace::empty();
    ws.write(
        "site/site.yaml",
        "title: {en: T, kk: T}\nlanguages: [en, kk]\ndefault_language: en\n",
    )
    .write(
        "site/en/a.md",
        format!("---\ntitle: A\norder: {order}\n---\nText.\n"),
    )
    .write(
        "site/kk/a.md",
        format!("---\ntitle: А\norder: {order}\n---\nМәтін.\n"),
    );
    ws
}

fn md_files(ws: &Workspace, lang: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(ws.path(&format!("site/{lang}")))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn new_chapter_after_a_negative_order_gets_a_file_name_that_builds() {
    let ws = one_chapter("-5");
    let run = ws.kitap(&["new", "chapter", "zed"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(md_files(&ws, "en"), ["01-zed.md", "a.md"]);
    assert_eq!(md_files(&ws, "kk"), ["01-zed.md", "a.md"]);
    let out = ws.build_ok();
    // After `a` in the reading order.
    let toc = out.text("en/index.html");
    assert!(
        toc.find("a.html").unwrap() < toc.find("zed.html").unwrap(),
        "{toc}"
    );
}

#[test]
fn new_chapter_after_the_largest_order_is_refused_and_writes_nothing() {
    let ws = one_chapter("9223372036854775807");
    let run = ws.kitap(&["new", "chapter", "zed"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("no whole number up to 9223372036854775807 is left"),
        "{}",
        run.stderr
    );
    assert_eq!(md_files(&ws, "en"), ["a.md"]);
    assert_eq!(md_files(&ws, "kk"), ["a.md"]);
    ws.build_ok();
}

#[test]
fn new_chapter_refuses_a_name_too_long_for_an_id() {
    let ws = one_chapter("1");
    let long = "a".repeat(101);
    let run = ws.kitap(&["new", "chapter", &long]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("at most 100 characters"),
        "{}",
        run.stderr
    );
    assert_eq!(md_files(&ws, "en"), ["a.md"]);
}

fn kk_law_with(ws: &Workspace, front: &str) -> String {
    let text = format!("---\ntitle: Заң\n{front}---\n## Олқылықтар {{#gaps}}\n\nМәтін.\n");
    ws.write("site/kk/02-law.md", &text);
    text
}

fn kk_law_findings(ws: &Workspace) -> Vec<String> {
    let run = ws.kitap(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    json["translations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["lang"] == "kk" && f["id"] == "law")
        .map(|f| f["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn translated_replaces_a_translation_of_written_over_several_lines() {
    let ws = Workspace::fixture("basic");
    kk_law_with(&ws, "translation_of: >\n  0000\n  1111\nsummary: S\n");
    assert_eq!(kk_law_findings(&ws), ["stale"]);
    let run = ws.kitap(&["translated", "kk", "law"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = std::fs::read_to_string(ws.path("site/kk/02-law.md")).unwrap();
    let version = run.stdout.trim().rsplit(' ').next().unwrap();
    assert_eq!(
        after,
        format!(
            "---\ntitle: Заң\ntranslation_of: {version}\nsummary: S\n---\n## Олқылықтар {{#gaps}}\n\nМәтін.\n"
        )
    );
    assert!(kk_law_findings(&ws).is_empty());
}

#[test]
fn translated_refuses_a_file_it_cannot_stamp_and_leaves_it_as_it_was() {
    let ws = Workspace::fixture("basic");
    // A quoted key is not recognised as `translation_of:`: adding a second
    // one would make a duplicate key.
    let before = kk_law_with(&ws, "\"translation_of\": 0000\n");
    let run = ws.kitap(&["translated", "kk", "law"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not stamped"), "{}", run.stderr);
    assert!(!run.stdout.contains("translation_of"), "{}", run.stdout);
    assert_eq!(
        std::fs::read_to_string(ws.path("site/kk/02-law.md")).unwrap(),
        before
    );
    let leftovers: Vec<String> = std::fs::read_dir(ws.path("site/kk"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("kitap-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
