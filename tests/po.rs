//! Chapters as gettext PO files for translation tools: `kitap po export`
//! and `kitap po import`, through the binary; the files checked with GNU
//! gettext's `msgfmt --check` and translate-toolkit's `po2xliff`.

mod common;

use common::{Tree, Workspace, tools};
use std::fs;
use std::path::Path;

/// A chapter with every kind of block and of inline markup.
const RICH: &str = "---\ntitle: \"Rights *and* remedies\"\nsummary: What a worker can do.\n---\nA worker's *rights* are set out in [the law](@law#gaps), with `code` and a note.[^n]\n\n## Remedies {#remedies}\n\n- **Courts**: claims under 5 * 3 rules\n- A hotline: <https://example.org/help>\n  1. call\n  2. write\n\n> Quoted <b>text</b> & more.\n\n| Body | Cases |\n|---|---|\n| Labour inspectorate | 12 \\| 13 |\n\n![A chart of cases](../assets/fig.svg \"Cases\")\n\nText with a hard  \nbreak and ~~struck~~ words.\n\n```\ncode block # kept\n```\n\n[^n]: The note, with [a link][ref].\n\n[ref]: https://example.org/ref\n";

fn rich() -> Workspace {
    let ws = Workspace::fixture("basic");
    ws.write("site/en/04-rights.md", RICH);
    ws
}

fn read(ws: &Workspace, rel: &str) -> String {
    fs::read_to_string(ws.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every `msgstr` of an exported file set to its `msgid`, fuzzy flags
/// and previous sources dropped: what a translator who changes nothing
/// would send back.
fn copy_sources(po: &str) -> String {
    let mut out = Vec::new();
    let mut id: Option<&str> = None;
    for line in po.lines() {
        if line.starts_with("#, fuzzy") || line.starts_with("#| ") {
            continue;
        }
        if let Some(rest) = line.strip_prefix("msgid ") {
            id = Some(rest);
        }
        match (line.strip_prefix("msgstr "), id) {
            (Some(_), Some(id)) if id != "\"\"" => out.push(format!("msgstr {id}")),
            _ => out.push(line.to_string()),
        }
    }
    out.join("\n") + "\n"
}

/// The chapter's article of a built page.
fn article(tree: &Tree, rel: &str) -> String {
    let page = tree.text(rel);
    let start = page.find("<article").expect("an article");
    let end = page.find("</article>").expect("its end");
    page[start..end].to_string()
}

/// `msgfmt --check` and `po2xliff` accept `po`.
fn tools_accept(po: &Path) {
    tools::run("msgfmt", &["--check", "-o", "/dev/null"], po);
    let xlf = po.with_extension("xlf");
    let out = std::process::Command::new("po2xliff")
        .arg(po)
        .arg(&xlf)
        .output()
        .expect("po2xliff runs");
    assert!(
        out.status.success(),
        "po2xliff {}: {}",
        po.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let xliff = fs::read_to_string(&xlf).unwrap();
    let units = xliff.matches("<trans-unit").count();
    let entries = fs::read_to_string(po).unwrap().matches("\nmsgid ").count();
    // The header is a unit too.
    assert_eq!(units, entries, "{}", po.display());
    fs::remove_file(xlf).unwrap();
}

#[test]
fn a_round_trip_gives_the_source_text_back() {
    let ws = rich();
    let run = ws.kitap(&["po", "export", "ru", "rights"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("po/ru/rights.po: 16 entries, 0 translated"),
        "{}",
        run.stdout
    );
    let po = read(&ws, "po/ru/rights.po");
    // Blocks, named by chapter and block, inline markup as placeholders.
    for entry in [
        "msgctxt \"rights:title\"\nmsgid \"Rights *and* remedies\"",
        "msgctxt \"rights:p1\"\nmsgid \"A worker's <1>rights</1> are set out in <2>the law</2>, with <3/> and a note.<4/>\"",
        "msgctxt \"rights:h1\"\nmsgid \"Remedies\"",
        "msgid \"<1>Courts</1>: claims under 5 * 3 rules\"",
        "msgid \"A hotline: <1/>\"",
        "msgid \"call\"",
        "msgid \"Quoted <1/>text<2/> & more.\"",
        "msgctxt \"rights:td4\"\nmsgid \"12 | 13\"",
        "msgctxt \"rights:alt1\"\nmsgid \"A chart of cases\"",
        "msgid \"Text with a hard<1/>break and <2>struck</2> words.\"",
        "msgid \"The note, with <1>a link</1>.\"",
    ] {
        assert!(po.contains(entry), "{entry}\n---\n{po}");
    }
    assert!(!po.contains("code block"), "code blocks are not translated");
    assert!(po.contains("#. <2>…</2>: a link to @law#gaps"), "{po}");
    assert!(po.contains("#: site/en/04-rights.md:5"), "{po}");
    if tools::po_tools() {
        tools_accept(&ws.path("po/ru/rights.po"));
    }

    // Back unchanged: the Russian chapter renders as the English one does
    // in the Russian site.
    ws.write("po/ru/rights.po", copy_sources(&po));
    let run = ws.kitap(&["po", "import", "po/ru/rights.po"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("wrote site/ru/04-rights.md from po/ru/rights.po: 16 entries; up to date"),
        "{}",
        run.stdout
    );
    let imported = read(&ws, "site/ru/04-rights.md");
    assert!(imported.contains("translation_of: "), "{imported}");
    let ours = article(&ws.build_ok(), "ru/rights.html");
    let copy = rich();
    copy.write("site/ru/04-rights.md", RICH);
    let theirs = article(&copy.build_ok(), "ru/rights.html");
    assert_eq!(ours, theirs);
    // Up to date: the check has nothing to say about it.
    let check = ws.kitap(&["check"]);
    assert!(
        !check.stdout.contains("ru/04-rights.md"),
        "{}",
        check.stdout
    );
}

#[test]
fn a_translation_goes_back_in_the_source_structure_and_text_stays_text() {
    let ws = rich();
    ws.kitap(&["po", "export", "kk", "rights"]);
    let po = read(&ws, "po/kk/rights.po")
        .replace(
            "msgid \"A worker's <1>rights</1> are set out in <2>the law</2>, with <3/> and a note.<4/>\"\nmsgstr \"\"",
            "msgid \"A worker's <1>rights</1> are set out in <2>the law</2>, with <3/> and a note.<4/>\"\nmsgstr \"Жұмыскердің <1>құқықтары</1> <2>заңда</2> <3/> жазылған *[x](y)* <b>.<4/>\"",
        )
        .replace(
            "msgid \"Rights *and* remedies\"\nmsgstr \"\"",
            "msgid \"Rights *and* remedies\"\nmsgstr \"Құқықтар мен \\\"қорғау\\\"\"",
        )
        .replace("msgid \"12 | 13\"\nmsgstr \"\"", "msgid \"12 | 13\"\nmsgstr \"он екі | 13\"")
        .replace(
            "msgid \"A chart of cases\"\nmsgstr \"\"",
            "msgid \"A chart of cases\"\nmsgstr \"Істер [кестесі]\"",
        );
    ws.write("po/kk/rights.po", &po);
    let run = ws.kitap(&["po", "import", "po/kk/rights.po"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // Partly translated: written, not marked up to date, the rest listed.
    assert!(
        run.stdout.contains("not marked up to date"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("po/kk/rights.po:")
            && run
                .stderr
                .contains("`rights:h1` is untranslated: the source's text stands there"),
        "{}",
        run.stderr
    );
    let kk = read(&ws, "site/kk/04-rights.md");
    assert!(!kk.contains("translation_of"), "{kk}");
    // Written as YAML reads it back, quoted only where it must be.
    assert!(kk.contains("title: Құқықтар мен \"қорғау\"\n"), "{kk}");
    assert!(
        kk.contains("## Remedies {#remedies}"),
        "untranslated stays: {kk}"
    );
    let tree = ws.build_ok();
    let page = article(&tree, "kk/rights.html");
    // The translator's markup characters are text; the source's markup is kept.
    assert!(
        page.contains("Жұмыскердің <em>құқықтары</em> <a href=\"law.html#gaps\">заңда</a> <code>code</code> жазылған *[x](y)* &lt;b&gt;."),
        "{page}"
    );
    assert!(page.contains("<td>он екі | 13</td>"), "{page}");
    assert!(page.contains("alt=\"Істер [кестесі]\""), "{page}");
    let title = page.split("<h1").nth(1).unwrap_or_default();
    assert!(title.contains("Құқықтар мен"), "{page}");
}

#[test]
fn bad_files_are_errors_and_change_nothing() {
    let ws = rich();
    ws.kitap(&["po", "export", "ru", "rights"]);
    let good = copy_sources(&read(&ws, "po/ru/rights.po"));
    let site_before = Tree::read(&ws.path("site"));
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "placeholder removed",
            good.replacen(
                "msgstr \"A worker's <1>rights</1>",
                "msgstr \"A worker's rights",
                1,
            ),
            ":msgstr: `rights:p1`: placeholder <1>…</1> (emphasis) is missing",
        ),
        (
            "placeholder added",
            good.replacen("msgstr \"Remedies\"", "msgstr \"Remedies <5/>\"", 1),
            "`rights:h1`: placeholder <5> is not in the source text (it has no placeholders)",
        ),
        (
            "broken syntax",
            good.replacen("msgstr \"Remedies\"", "msgstr \"Remedies", 1),
            "expected a string in double quotes",
        ),
        (
            "another chapter",
            good.replacen("msgctxt \"rights:h1\"", "msgctxt \"law:h1\"", 1),
            "belongs to another chapter than `rights`",
        ),
        (
            "the source language",
            good.replace("Language: ru", "Language: en"),
            "the source language: a PO file carries a translation",
        ),
        (
            "another language's folder",
            good.replace("Language: ru", "Language: kk"),
            "its header says `Language: kk`, but it is in the folder of `ru`",
        ),
        (
            "not kitap's",
            good.replace("X-Kitap-Chapter", "X-Other"),
            "not a PO file exported by kitap",
        ),
    ];
    for (what, text, expected) in cases {
        ws.write("po/ru/rights.po", &text);
        let run = ws.kitap(&["po", "import", "po/ru/rights.po"]);
        assert_eq!(run.code, 1, "{what}: {}{}", run.stdout, run.stderr);
        let expected = expected.replace(":msgstr:", "");
        assert!(run.stderr.contains(&expected), "{what}: {}", run.stderr);
        assert!(
            run.stderr.contains("po/ru/rights.po:"),
            "{what}: {}",
            run.stderr
        );
        assert!(
            Tree::read(&ws.path("site")) == site_before,
            "{what}: a file changed"
        );
    }
    // An error points at the msgstr's line and column.
    ws.write(
        "po/ru/rights.po",
        good.replacen("msgstr \"Remedies\"", "msgstr \"Remedies <5/>\"", 1),
    );
    let line = good
        .lines()
        .position(|l| l == "msgstr \"Remedies\"")
        .unwrap()
        + 1;
    let run = ws.kitap(&["po", "import", "po/ru/rights.po"]);
    assert!(
        run.stderr
            .contains(&format!("po/ru/rights.po:{line}:1: error:")),
        "{}",
        run.stderr
    );
    // The source changed since the export: export again.
    ws.write("po/ru/rights.po", &good);
    ws.write("site/en/04-rights.md", RICH.replace("call", "phone"));
    let run = ws.kitap(&["po", "import", "po/ru/rights.po"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("export it again"), "{}", run.stderr);
    assert!(!ws.path("site/ru/04-rights.md").exists());
}

#[test]
fn changed_source_blocks_are_fuzzy_with_their_old_text() {
    let ws = Workspace::fixture("basic");
    let run = ws.kitap(&["translated", "kk", "law"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let en = read(&ws, "site/en/02-law.md");
    ws.write(
        "site/en/02-law.md",
        en.replace("Some gaps.", "Some gaps, and more."),
    );
    let run = ws.kitap(&["po", "export", "kk", "law"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("1 fuzzy"), "{}", run.stdout);
    let po = read(&ws, "po/kk/law.po");
    assert!(
        po.contains("#, fuzzy\n#| msgid \"Some gaps. Back to <1>the introduction</1>.\"\nmsgctxt \"law:p2\"\nmsgid \"Some gaps, and more. Back to <1>the introduction</1>.\"\nmsgstr \"Мәтін. <1>Кіріспе</1>.\""),
        "{po}"
    );
    // Unchanged blocks keep their translation, not fuzzy.
    assert!(
        po.contains("msgctxt \"law:h1\"\nmsgid \"Gaps in the law\"\nmsgstr \"Олқылықтар\""),
        "{po}"
    );
    if tools::po_tools() {
        tools_accept(&ws.path("po/kk/law.po"));
    }
    // Imported with the fuzzy entry: not used (as gettext's tools do), the
    // chapter keeps its translation there and stays stale; the entry named.
    let stamp = read(&ws, "site/kk/02-law.md")
        .lines()
        .find(|l| l.starts_with("translation_of"))
        .unwrap()
        .to_string();
    let run = ws.kitap(&["po", "import", "po/kk/law.po"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: `law:p2` is fuzzy (not used): the chapter keeps its translation there"
        ),
        "{}",
        run.stderr
    );
    let kk = read(&ws, "site/kk/02-law.md");
    assert!(kk.contains("Мәтін. [Кіріспе]"), "{kk}");
    assert!(kk.contains(&stamp), "{kk}");
    let check = ws.kitap(&["check"]);
    assert!(
        check
            .stdout
            .contains("site/kk/02-law.md: warning: translation of `law` is stale"),
        "{}",
        check.stdout
    );
}

#[test]
fn export_refuses_to_replace_work_and_is_reproducible() {
    let ws = Workspace::fixture("basic");
    let export = |args: &[&str]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kitap"));
        cmd.current_dir(ws.root())
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .args(["po", "export", "ru"])
            .args(args);
        cmd.output().unwrap()
    };
    assert!(export(&[]).status.success());
    let first = read(&ws, "po/ru/law.po");
    assert!(
        first.contains("PO-Revision-Date: 2023-11-14 22:13+0000"),
        "{first}"
    );
    // Nothing translated in it: exported again, byte for byte.
    assert!(export(&[]).status.success());
    assert_eq!(read(&ws, "po/ru/law.po"), first);
    // A translation not yet imported is never replaced without --force.
    ws.write(
        "po/ru/law.po",
        first.replacen(
            "msgid \"The law\"\nmsgstr \"\"",
            "msgid \"The law\"\nmsgstr \"Закон\"",
            1,
        ),
    );
    let again = export(&[]);
    assert_eq!(again.status.code(), Some(2));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("translations not yet imported: ")
            && err.contains("po/ru/law.po")
            && err.contains("--force"),
        "{err}"
    );
    assert!(read(&ws, "po/ru/law.po").contains("msgstr \"Закон\""));
    // Imported, it carries over: the export replaces it without --force.
    let run = ws.kitap(&["po", "import", "po/ru/law.po"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(export(&[]).status.success());
    assert!(read(&ws, "po/ru/law.po").contains("msgstr \"Закон\""));
    assert!(export(&["--force"]).status.success());
    // Unknown chapter, the source language: usage errors.
    let run = ws.kitap(&["po", "export", "ru", "nope"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no chapter `nope`"), "{}", run.stderr);
    let run = ws.kitap(&["po", "export", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("source language"), "{}", run.stderr);
}

#[test]
fn the_reports_translations_align_with_their_sources() {
    let ws = Workspace::report();
    let mut entries = 0;
    let mut translated = 0;
    for lang in ["kk", "ru"] {
        let run = ws.kitap(&["po", "export", lang]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        for line in run.stdout.lines() {
            // wrote po/kk/x.po: 47 entries, 14 translated[, 3 fuzzy]
            let nums: Vec<usize> = line
                .split([' ', ','])
                .filter_map(|w| w.parse().ok())
                .collect();
            entries += nums[0];
            translated += nums[1];
        }
        for entry in fs::read_dir(ws.path(&format!("po/{lang}"))).unwrap() {
            let path = entry.unwrap().path();
            let po = fs::read_to_string(&path).unwrap();
            // Every title and every heading (matched by anchor) aligns.
            for block in po.split("\n\n").skip(1) {
                let ctx = block.lines().find(|l| l.starts_with("msgctxt")).unwrap();
                if ctx.contains(":title\"") || ctx.contains(":h") {
                    assert!(
                        !block.ends_with("msgstr \"\""),
                        "{}: {block}",
                        path.display()
                    );
                }
            }
            if tools::po_tools() {
                tools_accept(&path);
            }
        }
    }
    let po = read(&ws, "po/kk/legal-framework.po");
    assert!(po.contains("msgid \"International standards\"\nmsgstr \"Халықаралық стандарттар\""));
    let po = read(&ws, "po/ru/recommendations.po");
    assert!(po.contains("msgctxt \"recommendations:title\""));
    eprintln!("the report: {translated} of {entries} entries have the existing translation");
    assert!(translated * 2 > entries, "{translated} of {entries}");
}

#[test]
fn an_untouched_export_of_the_reports_translations_changes_nothing_or_refuses() {
    let ws = Workspace::report();
    let mut imported = Vec::new();
    for lang in ["kk", "ru"] {
        assert_eq!(ws.kitap(&["po", "export", lang]).code, 0);
        for entry in fs::read_dir(ws.path(&format!("po/{lang}"))).unwrap() {
            let po = entry.unwrap().path();
            let site = Tree::read(&ws.path("site"));
            let run = ws.kitap(&["po", "import", po.to_str().unwrap()]);
            if run.code == 0 {
                imported.push(po.display().to_string());
            } else {
                // Text of the translation that matches no block of the
                // source: named at its line, and nothing written.
                assert!(run.stderr.contains("would drop it"), "{}", run.stderr);
                assert!(
                    run.stderr.contains(&format!("site/{lang}/")),
                    "{}",
                    run.stderr
                );
            }
            assert!(
                Tree::read(&ws.path("site")) == site,
                "{}: a file changed",
                po.display()
            );
        }
    }
    assert!(
        imported
            .iter()
            .any(|p| p.ends_with("kk/recommendations.po")),
        "{imported:?}"
    );
}

#[test]
fn an_import_drops_translated_text_only_when_told() {
    let ws = Workspace::fixture("basic");
    // The Kazakh translation has a paragraph the English does not.
    let kk = read(&ws, "site/kk/02-law.md");
    ws.write(
        "site/kk/02-law.md",
        kk.replace("Мәтін.", "Қосымша абзац.\n\nМәтін."),
    );
    assert_eq!(ws.kitap(&["po", "export", "kk", "law"]).code, 0);
    let po = read(&ws, "po/kk/law.po");
    assert!(
        po.contains("Қосымша абзац."),
        "its text is quoted for the translator: {po}"
    );
    let run = ws.kitap(&["po", "import", "po/kk/law.po"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("site/kk/02-law.md:"), "{}", run.stderr);
    assert!(run.stderr.contains("would drop it"), "{}", run.stderr);
    assert!(read(&ws, "site/kk/02-law.md").contains("Қосымша абзац."));
    // Told to: dropped; a heading the source gives no id keeps the
    // source's, so links to it still work.
    let run = ws.kitap(&["po", "import", "--force", "po/kk/law.po"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let kk = read(&ws, "site/kk/02-law.md");
    assert!(!kk.contains("Қосымша абзац."), "{kk}");
    assert!(
        kk.contains("## Cases and courts {#cases-and-courts}"),
        "{kk}"
    );
}

#[test]
fn a_partial_import_is_not_taken_for_a_translation() {
    let ws = rich();
    ws.kitap(&["po", "export", "ru", "rights"]);
    let po = read(&ws, "po/ru/rights.po").replacen(
        "msgid \"Rights *and* remedies\"\nmsgstr \"\"",
        "msgid \"Rights *and* remedies\"\nmsgstr \"Права и средства защиты\"",
        1,
    );
    ws.write("po/ru/rights.po", &po);
    let run = ws.kitap(&["po", "import", "po/ru/rights.po"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ru = read(&ws, "site/ru/04-rights.md");
    assert!(ru.contains("title: Права и средства защиты"), "{ru}");
    assert!(!ru.contains("translation_of"), "{ru}");
    // The English blocks it holds are not offered back as translations
    // (a cell of numbers, "12 | 13", rightly reads the same in Russian).
    let run = ws.kitap(&["po", "export", "ru", "rights", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("16 entries, 2 translated"),
        "{}",
        run.stdout
    );
    // A translated image keeps its own file.
    let ws = rich();
    ws.write("site/assets/fig-ru.svg", read(&ws, "site/assets/fig.svg"));
    ws.write(
        "site/ru/04-rights.md",
        RICH.replace("fig.svg", "fig-ru.svg")
            .replace("A chart of cases", "График дел"),
    );
    assert_eq!(ws.kitap(&["translated", "ru", "rights"]).code, 0);
    ws.kitap(&["po", "export", "ru", "rights"]);
    let run = ws.kitap(&["po", "import", "po/ru/rights.po"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ru = read(&ws, "site/ru/04-rights.md");
    assert!(ru.contains("![График дел](../assets/fig-ru.svg"), "{ru}");
}

#[test]
fn a_translation_that_went_through_xliff_imports() {
    if !tools::po_tools() {
        return;
    }
    let ws = rich();
    ws.kitap(&["po", "export", "ru", "rights"]);
    let po = copy_sources(&read(&ws, "po/ru/rights.po"));
    ws.write("po/ru/rights.po", &po);
    // translate-toolkit's round trip drops `msgctxt`: entries are matched
    // by their source text.
    let xlf = ws.path("rights.xlf");
    tools::run(
        "po2xliff",
        &[ws.path("po/ru/rights.po").to_str().unwrap()],
        &xlf,
    );
    let back = ws.path("po/ru/back.po");
    tools::run("xliff2po", &[xlf.to_str().unwrap()], &back);
    let text = read(&ws, "po/ru/back.po");
    assert!(!text.contains("msgctxt"), "{text}");
    let run = ws.kitap(&["po", "import", "po/ru/back.po"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("up to date"), "{}", run.stdout);
    let ours = article(&ws.build_ok(), "ru/rights.html");
    let copy = rich();
    copy.write("site/ru/04-rights.md", RICH);
    assert_eq!(ours, article(&copy.build_ok(), "ru/rights.html"));
}

#[test]
fn exports_after_an_import_keep_every_translation() {
    let ws = Workspace::fixture("basic");
    // A heading without an id: the import writes the source's id on the
    // translation's heading; the next export still pairs the sections.
    let kk_po = |ws: &Workspace| read(ws, "po/kk/law.po");
    ws.kitap(&["po", "export", "kk", "law", "--force"]);
    let po = kk_po(&ws)
        .replace(
            "msgid \"Written with CRLF line endings.\"\nmsgstr \"\"",
            "msgid \"Written with CRLF line endings.\"\nmsgstr \"CRLF жол соңдарымен жазылған.\"",
        )
        .replace(
            "msgid \"Cases and courts\"\nmsgstr \"\"",
            "msgid \"Cases and courts\"\nmsgstr \"Істер мен соттар\"",
        )
        .replace(
            "msgid \"Text about courts.\"\nmsgstr \"\"",
            "msgid \"Text about courts.\"\nmsgstr \"Соттар туралы мәтін.\"",
        );
    assert!(
        !po.contains("msgstr \"\"\n\n"),
        "every entry translated: {po}"
    );
    // The translation was never stamped: its entries come fuzzy, and the
    // translator confirms them.
    let po = po.replace("#, fuzzy\n", "");
    ws.write("po/kk/law.po", &po);
    let run = ws.kitap(&["po", "import", "po/kk/law.po"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("up to date (translation_of"),
        "{}",
        run.stdout
    );
    let kk = read(&ws, "site/kk/02-law.md");
    assert!(
        kk.contains("## Істер мен соттар {#cases-and-courts}"),
        "{kk}"
    );
    // Exported again: everything translated, nothing fuzzy, and the file
    // replaced without --force (it was all imported).
    let run = ws.kitap(&["po", "export", "kk", "law"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("7 entries, 7 translated"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("fuzzy"), "{}", run.stdout);
    // And imported again untouched: nothing changes.
    let run = ws.kitap(&["po", "import", "po/kk/law.po"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("unchanged site/kk/02-law.md"),
        "{}",
        run.stdout
    );

    // The source changes (a paragraph edited, one added); the translator
    // imports half of it: the chapter follows the new source, the next
    // export offers the rest, never the English copy, never a lost text.
    let en = read(&ws, "site/en/02-law.md");
    ws.write(
        "site/en/02-law.md",
        en.replace(
            "Text about courts.",
            "Text about courts, revised.\n\nA new paragraph.",
        ),
    );
    ws.kitap(&["po", "export", "kk", "law"]);
    let po = kk_po(&ws);
    assert!(po.contains("#| msgid \"Text about courts.\""), "{po}");
    let run = ws.kitap(&["po", "import", "po/kk/law.po"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("`law:p4` is untranslated"),
        "{}",
        run.stderr
    );
    let run = ws.kitap(&["po", "export", "kk", "law"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let po = kk_po(&ws);
    assert!(
        po.contains("msgid \"A new paragraph.\"\nmsgstr \"\""),
        "the English copy is not offered as its translation: {po}"
    );
    assert!(
        po.contains("#| msgid \"Text about courts.\"\nmsgctxt \"law:p3\"\nmsgid \"Text about courts, revised.\"\nmsgstr \"Соттар туралы мәтін.\""),
        "{po}"
    );
    assert!(po.contains("msgstr \"Істер мен соттар\""), "{po}");
}
