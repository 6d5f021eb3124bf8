//! Keeping languages in step: `kitap check` findings (text and JSON),
//! `--strict`, `kitap translated`, the stale notice in pages, `kitap new chapter`.

mod common;

use common::Workspace;
use serde_json::Value;

fn check_json(ws: &Workspace, strict: bool) -> (i32, Value) {
    let mut args = vec!["check", "--format", "json"];
    if strict {
        args.push("--strict");
    }
    let run = ws.kitap(&args);
    let json: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    (run.code, json)
}

fn findings<'a>(json: &'a Value, lang: &str, id: &str) -> Vec<&'a str> {
    json["translations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["lang"] == lang && f["id"] == id)
        .map(|f| f["kind"].as_str().unwrap())
        .collect()
}

#[test]
fn missing_unversioned_stale_and_stamped() {
    let ws = Workspace::fixture("basic");
    let (code, json) = check_json(&ws, false);
    assert_eq!(code, 0);
    assert_eq!(findings(&json, "ru", "law"), ["missing"]);
    assert_eq!(findings(&json, "kk", "law"), ["unversioned"]);
    let (code, json) = check_json(&ws, true);
    assert_eq!(code, 1, "--strict fails on findings");
    assert_eq!(json["ok"], false);

    // Stamp: writes translation_of and nothing else.
    let before = std::fs::read_to_string(ws.path("site/kk/02-law.md")).unwrap();
    let run = ws.kitap(&["translated", "kk", "law"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = std::fs::read_to_string(ws.path("site/kk/02-law.md")).unwrap();
    let added: Vec<&str> = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    assert_eq!(added.len(), 1);
    assert!(added[0].starts_with("translation_of: "), "{added:?}");
    let (_, json) = check_json(&ws, false);
    assert!(findings(&json, "kk", "law").is_empty());

    // The source changes: the translation is stale, with both versions.
    let en = std::fs::read_to_string(ws.path("site/en/02-law.md")).unwrap();
    ws.write(
        "site/en/02-law.md",
        en.replace("Some gaps.", "Some gaps, and a new paragraph."),
    );
    let (_, json) = check_json(&ws, false);
    let stale = json["translations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["lang"] == "kk" && f["id"] == "law")
        .unwrap();
    assert_eq!(stale["kind"], "stale");
    assert_ne!(stale["named"], stale["current"]);
    let text = ws.kitap(&["check"]);
    // intro is unversioned, law stale, and the draft `secret` untranslated
    // (check looks at drafts too).
    assert!(text.stdout.contains("kk: 3 warnings"), "{}", text.stdout);
    assert!(
        text.stdout
            .contains("site/kk/02-law.md: warning: translation of `law` is stale"),
        "{}",
        text.stdout
    );

    // The page says so, in the reader's language, linking to the original.
    let out = ws.build_ok();
    let page = out.text("kk/law.html");
    assert!(page.contains("notice-stale"), "{page}");
    assert!(page.contains("Бұл аударма жасалғаннан кейін"), "{page}");
    assert!(page.contains("href=\"../en/law.html\""));

    // Stamped again: up to date, no notice.
    assert_eq!(ws.kitap(&["translated", "kk", "law"]).code, 0);
    let (_, json) = check_json(&ws, false);
    assert!(findings(&json, "kk", "law").is_empty());
    assert!(!ws.build_ok().text("kk/law.html").contains("notice-stale"));
}

#[test]
fn an_explicit_anchor_missing_in_a_translation_is_reported() {
    let ws = Workspace::fixture("basic");
    let en = std::fs::read_to_string(ws.path("site/en/02-law.md")).unwrap();
    ws.write(
        "site/en/02-law.md",
        format!("{en}\r\n## Remedies {{#remedies}}\r\n\r\nText.\r\n"),
    );
    let (_, json) = check_json(&ws, false);
    let f = json["translations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "missing_anchor")
        .expect("missing anchor finding");
    assert_eq!(
        (f["lang"].as_str(), f["anchor"].as_str()),
        (Some("kk"), Some("remedies"))
    );
}

#[test]
fn content_errors_come_out_as_json_too() {
    let ws = Workspace::fixture("basic");
    ws.write("site/en/05-bad.md", "---\ntitle: Bad\n---\n[x](@nowhere)\n");
    let (code, json) = check_json(&ws, false);
    assert_eq!(code, 1);
    let d = &json["diagnostics"][0];
    assert_eq!(d["path"], "site/en/05-bad.md");
    assert_eq!((d["line"].as_u64(), d["col"].as_u64()), (Some(4), Some(1)));
    assert_eq!(d["severity"], "error");
}

#[test]
fn new_chapter_builds_cleanly_and_refuses_to_overwrite() {
    let ws = Workspace::report();
    let run = ws.kitap(&["new", "chapter", "case-studies"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for lang in ["en", "kk", "ru"] {
        let path = ws.path(&format!("site/{lang}/11-case-studies.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("id: case-studies"), "{text}");
    }
    assert!(
        std::fs::read_to_string(ws.path("site/kk/11-case-studies.md"))
            .unwrap()
            .contains("Жаңа тарау")
    );
    // The translations have no text yet: missing (not stale), and their
    // pages show the English chapter under the notice.
    let check = ws.kitap(&["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    for lang in ["kk", "ru"] {
        assert!(
            check.stdout.contains(&format!(
                "chapter `case-studies` has no `{lang}` translation"
            )),
            "{}",
            check.stdout
        );
    }
    assert!(!check.stdout.contains("stale"), "{}", check.stdout);
    let out = ws.build_ok();
    let ru = out.text("ru/case-studies.html");
    assert!(
        ru.contains("notice-untranslated") && ru.contains("New chapter"),
        "{ru}"
    );
    let again = ws.kitap(&["new", "chapter", "case-studies"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(ws.kitap(&["new", "chapter", "Bad Name"]).code, 2);
}

#[test]
fn the_report_is_in_step_in_every_language() {
    let ws = Workspace::report();
    let run = ws.kitap(&["check", "--strict"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn a_change_to_the_title_summary_or_tags_makes_translations_stale() {
    let ws = Workspace::fixture("basic");
    assert_eq!(ws.kitap(&["translated", "kk", "law"]).code, 0);
    let en = std::fs::read_to_string(ws.path("site/en/02-law.md")).unwrap();
    for (what, edited) in [
        ("title", en.replacen("title: ", "title: Revised ", 1)),
        (
            "summary",
            en.replace("Written with CRLF line endings.", "A new summary."),
        ),
        ("tags", en.replacen("title: ", "tags: [courts]\ntitle: ", 1)),
    ] {
        ws.write("site/en/02-law.md", &edited);
        let (_, json) = check_json(&ws, false);
        assert_eq!(findings(&json, "kk", "law"), ["stale"], "{what}");
        ws.write("site/en/02-law.md", &en);
        let (_, json) = check_json(&ws, false);
        assert!(findings(&json, "kk", "law").is_empty(), "{what}");
    }
    // Spaces around the title are no change.
    ws.write("site/en/02-law.md", en.replacen("title: ", "title:   ", 1));
    let (_, json) = check_json(&ws, false);
    assert!(findings(&json, "kk", "law").is_empty());
}

#[test]
fn a_translation_without_a_source_chapter_is_an_error_naming_the_nearest_id() {
    let ws = Workspace::fixture("basic");
    // The source renamed without keeping its id: 02-law.md -> 02-laws.md.
    let en = std::fs::read_to_string(ws.path("site/en/02-law.md")).unwrap();
    ws.remove("site/en/02-law.md")
        .write("site/en/02-laws.md", &en);
    for command in ["build", "check"] {
        let run = ws.kitap(&[command]);
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
        assert!(
            run.stderr.contains(
                "site/kk/02-law.md:1:1: error: translation of `law`, but no `en` chapter has that id (renamed or removed?); did you mean `laws`?"
            ),
            "{command}: {}",
            run.stderr
        );
    }
    assert!(!ws.path("public").exists());
    // Renamed to something else entirely, in the same place of the book:
    // the chapter in that place is the guess.
    ws.remove("site/en/02-laws.md")
        .write("site/en/02-legislation.md", &en);
    let run = ws.kitap(&["check"]);
    assert!(
        run.stderr.contains("did you mean `legislation`?"),
        "{}",
        run.stderr
    );
    // Removed: no guess, the way out is said.
    ws.remove("site/en/02-legislation.md");
    let run = ws.kitap(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("site/kk/02-law.md:1:1: error: translation of `law`, but no `en` chapter has that id (renamed or removed?); give it the id of its source chapter, or remove it"),
        "{}",
        run.stderr
    );
    // The source given back: all well again.
    ws.write("site/en/02-law.md", &en);
    ws.build_ok();
}

#[test]
fn build_and_bundle_end_with_a_line_when_translations_lag() {
    let ws = Workspace::fixture("basic");
    // basic: ru lacks law; no translation names its source version.
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = "translations: 1 missing, 3 not stamped: run `kitap check`";
    assert!(run.stderr.contains(line), "{}", run.stderr);
    let run = ws.kitap(&["bundle", "--no-epub", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(line), "{}", run.stderr);
    // Up to date: no line.
    let ws = Workspace::report();
    let run = ws.kitap(&["build"]);
    assert!(!run.stderr.contains("translations:"), "{}", run.stderr);
}

/// The report with `labour-rights` stamped in kk and ru (its source kept).
fn report_stamped() -> Workspace {
    let ws = Workspace::report();
    for lang in ["kk", "ru"] {
        let run = ws.kitap(&["translated", lang, "labour-rights"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    ws
}

fn stored(ws: &Workspace) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(ws.path("site/.kitap/sources"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn an_edited_paragraph_makes_exactly_its_section_stale_and_diff_shows_it() {
    let ws = report_stamped();
    // The source as stamped is kept (the report keeps one per chapter),
    // and the build passes over the store.
    let before = stored(&ws);
    assert_eq!(before.len(), 10, "{before:?}");
    let kk = std::fs::read_to_string(ws.path("site/kk/03-labour-rights.md")).unwrap();
    let version = kk
        .lines()
        .find_map(|l| l.strip_prefix("translation_of: "))
        .unwrap()
        .trim()
        .to_string();
    let kept = [format!("{version}.md")];
    let en = std::fs::read_to_string(ws.path("site/en/03-labour-rights.md")).unwrap();
    assert_eq!(
        std::fs::read_to_string(ws.path(&format!("site/.kitap/sources/{}", kept[0]))).unwrap(),
        en
    );
    ws.build_ok();
    let run = ws.kitap(&["check", "--strict"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    // One English paragraph edited.
    let edited = en.replacen(
        "labour migration in the region",
        "labour migration in the wider region",
        1,
    );
    assert_ne!(edited, en);
    ws.write("site/en/03-labour-rights.md", &edited);
    let (_, json) = check_json(&ws, false);
    for lang in ["kk", "ru"] {
        let f = json["translations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["lang"] == lang && f["id"] == "labour-rights")
            .unwrap();
        assert_eq!(f["kind"], "stale");
        assert_eq!(
            f["changed"],
            serde_json::json!([{
                "section": "## Who the migrant workers are {#who-migrant-workers-are}",
                "change": "changed"
            }]),
            "{lang}"
        );
    }
    let run = ws.kitap(&["check"]);
    assert!(
        run.stdout.contains("the source changed in: ## Who the migrant workers are {#who-migrant-workers-are}; see `kitap diff kk labour-rights`"),
        "{}",
        run.stdout
    );

    // diff: that section, that word, nothing else.
    let run = ws.kitap(&["diff", "kk", "labour-rights"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("1 part changed"), "{}", run.stdout);
    assert!(
        run.stdout.contains("in the {+wider +}region"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches("(changed)").count(), 1, "{}", run.stdout);
    assert!(!run.stdout.contains('\u{1b}'), "piped: no colour");
    // Other sections' paragraphs are not printed.
    assert!(!run.stdout.contains("## Recommendations"), "{}", run.stdout);

    // A typo fix needing no retranslation: --all (alias --minor) clears
    // every language at once; the old version kept goes with check --fix.
    let run = ws.kitap(&["translated", "--minor", "labour-rights"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("site/kk/03-labour-rights.md: translation_of: ")
    );
    assert!(
        run.stdout
            .contains("site/ru/03-labour-rights.md: translation_of: ")
    );
    let run = ws.kitap(&["check", "--strict"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(stored(&ws).len(), before.len() + 1);
    let run = ws.kitap(&["check", "--fix"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("removed site/.kitap/sources/{}", kept[0])),
        "{}",
        run.stderr
    );
    assert_eq!(stored(&ws).len(), before.len());
    assert!(!stored(&ws).contains(&kept[0]));
    let run = ws.kitap(&["diff", "ru", "labour-rights"]);
    assert!(run.stdout.contains("is up to date"), "{}", run.stdout);
}

#[test]
fn diff_says_why_it_cannot_compare() {
    let ws = report_stamped();
    for (args, code, says) in [
        (
            vec!["diff", "en", "labour-rights"],
            2,
            "is the source language",
        ),
        (
            vec!["diff", "de", "labour-rights"],
            2,
            "not one of the site's languages",
        ),
        (vec!["diff", "kk", "nope"], 2, "no chapter `nope`"),
    ] {
        let run = ws.kitap(&args);
        assert_eq!(run.code, code, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    // A version stamped before kitap kept sources.
    let en = std::fs::read_to_string(ws.path("site/en/03-labour-rights.md")).unwrap();
    std::fs::remove_dir_all(ws.path("site/.kitap")).unwrap();
    ws.write(
        "site/en/03-labour-rights.md",
        en.replacen("region", "area", 1),
    );
    let run = ws.kitap(&["diff", "kk", "labour-rights"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("which kitap did not keep"),
        "{}",
        run.stderr
    );
    // check still reports it stale, without the sections.
    let (_, json) = check_json(&ws, false);
    assert_eq!(findings(&json, "kk", "labour-rights"), ["stale"]);
    // A kept file edited by hand is not trusted.
    let run = ws.kitap(&["translated", "kk", "labour-rights"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let name = stored(&ws).remove(0);
    let path = ws.path(&format!("site/.kitap/sources/{name}"));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("Kazakhstan", "Somewhere", 1)).unwrap();
    ws.write("site/en/03-labour-rights.md", &en);
    let run = ws.kitap(&["diff", "kk", "labour-rights"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("which kitap did not keep"),
        "{}",
        run.stderr
    );
}

#[test]
fn translated_all_stamps_every_language_or_none() {
    let ws = Workspace::report();
    let en = std::fs::read_to_string(ws.path("site/en/03-labour-rights.md")).unwrap();
    ws.write(
        "site/en/03-labour-rights.md",
        en.replacen("in the region", "in the wider region", 1),
    );
    // The Russian file writes its key so that a stamp would not read back
    // as meant (`translation_of :`): the command refuses, and the Kazakh
    // file, which could be stamped, is left as it was too.
    let ru = std::fs::read_to_string(ws.path("site/ru/03-labour-rights.md")).unwrap();
    ws.write(
        "site/ru/03-labour-rights.md",
        ru.replacen("translation_of:", "translation_of :", 1),
    );
    let kk_before = std::fs::read(ws.path("site/kk/03-labour-rights.md")).unwrap();
    let run = ws.kitap(&["translated", "--all", "labour-rights"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("site/ru/03-labour-rights.md: not stamped"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(ws.path("site/kk/03-labour-rights.md")).unwrap(),
        kk_before
    );
}

#[test]
fn the_readers_notice_sits_at_the_sections_that_changed() {
    let ws = Workspace::report();
    let en = std::fs::read_to_string(ws.path("site/en/03-labour-rights.md")).unwrap();
    ws.write(
        "site/en/03-labour-rights.md",
        en.replacen("in the region", "in the wider region", 1),
    );
    let out = ws.build_ok();
    for (lang, section, chapter) in [
        (
            "kk",
            "Бұл аударма жасалғаннан кейін бөлімнің түпнұсқасы (English) өзгерді.",
            "тараудың түпнұсқасы",
        ),
        (
            "ru",
            "Оригинал этого раздела (English) изменился",
            "Оригинал этой главы",
        ),
    ] {
        let page = out.text(&format!("{lang}/labour-rights.html"));
        // One notice, right under the heading of the section that changed,
        // linking to that section of the original; none over the chapter.
        assert_eq!(page.matches("notice-stale").count(), 1, "{page}");
        let heading = page.find("<h2 id=\"who-migrant-workers-are\">").unwrap();
        let notice = page.find("notice-stale").unwrap();
        let between = &page[heading..notice];
        assert_eq!(between.matches("</h2>").count(), 1, "{between}");
        assert!(!between.contains("<p>"), "{between}");
        assert!(
            page[notice..].starts_with(&format!(
                "notice-stale\" lang=\"{lang}\" role=\"note\">{section}"
            )),
            "{}",
            &page[notice..notice + 300]
        );
        assert!(page.contains("href=\"../en/labour-rights.html#who-migrant-workers-are\""));
        assert!(!page.contains(chapter), "{page}");
    }
    // Other chapters: nothing.
    assert!(!out.text("kk/legal-framework.html").contains("notice-stale"));

    // The title changes too: that has no section, so the chapter's notice
    // is back, with the section's.
    let en = std::fs::read_to_string(ws.path("site/en/03-labour-rights.md")).unwrap();
    let title = en
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_string();
    ws.write(
        "site/en/03-labour-rights.md",
        en.replacen(&title, &format!("{title} (revised)"), 1),
    );
    let page = ws.build_ok().text("kk/labour-rights.html");
    assert_eq!(page.matches("notice-stale").count(), 2, "{page}");
    assert!(
        page.contains("тараудың түпнұсқасы (English) өзгерді"),
        "{page}"
    );
}
