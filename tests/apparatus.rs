//! The report's apparatus: numbered tables and figures, cross-references
//! and the lists of tables and figures, in three languages and every
//! format (website, print page, single file, EPUB, PDF), through the binary.

mod common;

use common::{Tree, Workspace, tools};
use std::fs;
use std::io::Read;

const EN: &str = "---\ntitle: Data\n---\nAs [](@tbl-permits) shows, and [](@fig-flow) draws (see [](#method), [](@law#gaps), [](@law)); [](@tbl-cases) comes later.\n\n## Method {#method}\n\n| Region | Permits |\n|---|---|\n| Almaty | 120 |\n\n: Work permits issued by region {#tbl-permits}\n\n![The referral flow](../assets/fig.svg){#fig-flow}\n\n| Court | Cases |\n|---|---|\n| Astana | 7 |\n\n: Cases by court {#tbl-cases}\n\nBack to [the permits](@tbl-permits).\n";

const KK: &str = "---\ntitle: Деректер\n---\n[](@tbl-permits) көрсеткендей, [](@fig-flow) суреттегендей ([](#method), [](@law#gaps), [](@law)); [](@tbl-cases) кейінірек.\n\n## Әдіс {#method}\n\n| Өңір | Рұқсаттар |\n|---|---|\n| Алматы | 120 |\n\n: Өңірлер бойынша берілген жұмыс рұқсаттары {#tbl-permits}\n\n![Жолдау сызбасы](../assets/fig.svg){#fig-flow}\n\n| Сот | Істер |\n|---|---|\n| Астана | 7 |\n\n: Соттар бойынша істер {#tbl-cases}\n\n[Рұқсаттарға](@tbl-permits) оралу.\n";

/// The basic fixture with a third chapter of tables and a figure, in
/// English and Kazakh (Russian readers get the English as a fallback).
fn workspace() -> Workspace {
    let ws = Workspace::fixture("basic");
    ws.write("site/en/04-data.md", EN);
    ws.write("site/kk/04-data.md", KK);
    ws
}

#[test]
fn tables_and_figures_are_numbered_and_referenced_in_every_language() {
    let ws = workspace();
    let out = ws.build_ok();
    let en = out.text("en/data.html");
    assert!(
        en.contains("As <a href=\"data.html#tbl-permits\">Table 3.1</a> shows, and <a href=\"data.html#fig-flow\">Figure 3.1</a> draws (see <a href=\"#method\">section 3.1</a>, <a href=\"law.html#gaps\">section 2.1</a>, <a href=\"law.html\">Chapter 2</a>); <a href=\"data.html#tbl-cases\">Table 3.2</a> comes later."),
        "{en}"
    );
    assert!(
        en.contains("<caption id=\"tbl-permits\"><span class=\"caption-label\">Table 3.1</span> Work permits issued by region</caption>"),
        "{en}"
    );
    assert!(en.contains("<figure id=\"fig-flow\">"), "{en}");
    assert!(
        en.contains("<figcaption><span class=\"caption-label\">Figure 3.1</span> The referral flow</figcaption>"),
        "{en}"
    );
    assert!(
        en.contains("<caption id=\"tbl-cases\"><span class=\"caption-label\">Table 3.2</span>")
    );
    // A link with its own text keeps it.
    assert!(en.contains("<a href=\"data.html#tbl-permits\">the permits</a>"));
    // The caption line is not left as a paragraph.
    assert!(!en.contains("<p>: "), "{en}");

    let kk = out.text("kk/data.html");
    assert!(
        kk.contains("<a href=\"data.html#tbl-permits\">3.1-кесте</a> көрсеткендей, <a href=\"data.html#fig-flow\">3.1-сурет</a>"),
        "{kk}"
    );
    assert!(kk.contains("<a href=\"#method\">3.1-бөлім</a>"), "{kk}");
    assert!(kk.contains("<a href=\"law.html\">2-тарау</a>"), "{kk}");
    assert!(kk.contains("<span class=\"caption-label\">3.2-кесте</span> Соттар бойынша істер"));
    // Russian readers see the English chapter: its labels are English.
    let ru = out.text("ru/data.html");
    assert!(ru.contains(">Table 3.1</a>"), "{ru}");

    // The lists after the contents.
    let toc = out.text("kk/index.html");
    let tables = toc
        .split("id=\"tables-heading\"")
        .nth(1)
        .expect("a list of tables");
    assert!(tables.starts_with(">Кестелер</h2>"), "{tables}");
    assert!(
        tables.contains("<li><a href=\"data.html#tbl-permits\">3.1-кесте</a> Өңірлер бойынша берілген жұмыс рұқсаттары</li>"),
        "{tables}"
    );
    let figures = toc
        .split("id=\"figures-heading\"")
        .nth(1)
        .expect("a list of figures");
    assert!(
        figures.contains("3.1-сурет</a> Жолдау сызбасы"),
        "{figures}"
    );
    let ru_toc = out.text("ru/index.html");
    assert!(ru_toc.contains(">Таблицы</h2>"), "{ru_toc}");
    assert!(
        ru_toc.contains("<li lang=\"en\"><a href=\"data.html#tbl-permits\">Table 3.1</a>"),
        "{ru_toc}"
    );
    assert!(
        common::broken_links(&out).is_empty(),
        "{:?}",
        common::broken_links(&out)
    );

    // The print page: the same labels, the ids in the combined scheme.
    let print = out.text("kk/print.html");
    assert!(print.contains("<a href=\"#data--tbl-permits\">3.1-кесте</a> көрсеткендей"));
    assert!(print.contains("<caption id=\"data--tbl-permits\">"));
    assert!(
        print.contains("<a href=\"#data--tbl-permits\">3.1-кесте</a> Өңірлер"),
        "the list"
    );
}

#[test]
fn the_offline_formats_carry_the_numbers_and_lists() {
    let ws = workspace();
    let run = ws.kitap(&["bundle", "--single-file", "--no-pdf", "--no-epub"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let single = fs::read_to_string(ws.path("dist/report-kk.html")).unwrap();
    assert!(
        single.contains("<a href=\"#data--tbl-cases\">3.2-кесте</a> кейінірек"),
        "single file"
    );
    assert!(
        single.contains("<a href=\"#data--fig-flow\">3.1-сурет</a> Жолдау сызбасы"),
        "its list"
    );

    let run = ws.kitap(&["epub", "--lang", "kk"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = fs::read(ws.path("dist/report-kk.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let chapter = read("EPUB/data.xhtml");
    assert!(
        chapter.contains("<a href=\"data.xhtml#tbl-permits\">3.1-кесте</a>"),
        "{chapter}"
    );
    assert!(
        chapter
            .contains("<caption id=\"tbl-permits\"><span class=\"caption-label\">3.1-кесте</span>")
    );
    let nav = read("EPUB/nav.xhtml");
    assert!(nav.contains("<nav epub:type=\"lot\""), "{nav}");
    assert!(
        nav.contains("<a href=\"data.xhtml#tbl-cases\">3.2-кесте Соттар бойынша істер</a>"),
        "{nav}"
    );
    assert!(nav.contains("<nav epub:type=\"loi\""), "{nav}");
    if let Some(mut check) = tools::epubcheck() {
        let out = check.arg(ws.path("dist/report-kk.epub")).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }

    if tools::available(&["pdftotext"]) {
        let run = ws.kitap(&["pdf", "--lang", "kk"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let out = std::process::Command::new("pdftotext")
            .arg("-layout")
            .arg(ws.path("dist/report-kk.pdf"))
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).replace('\u{2060}', "");
        // The lists after the contents, with pages; the captions; the references.
        let lists = text.split("Кестелер").nth(1).expect("a list of tables");
        assert!(
            lists.contains("3.1-кесте Өңірлер бойынша берілген жұмыс рұқсаттары"),
            "{text}"
        );
        assert!(text.contains("Суреттер"), "{text}");
        assert!(text.contains("3.1-сурет Жолдау сызбасы"), "{text}");
        assert!(text.contains("3.2-кесте Соттар бойынша істер"), "{text}");
        assert!(text.contains("3.1-кесте"), "{text}");
    }
}

#[test]
fn a_reference_to_nothing_is_an_error_and_translations_that_differ_are_warned() {
    let ws = workspace();
    ws.write(
        "site/en/04-data.md",
        EN.replace("[](@tbl-cases) comes later", "[](@tbl-case) comes later"),
    );
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("site/en/04-data.md:4:")
            && run.stderr.contains("reference to `@tbl-case`: no table or figure has that id; did you mean `@tbl-cases`?"),
        "{}",
        run.stderr
    );
    assert!(!ws.path("public").exists());

    // The Kazakh chapter lacks the second table: a warning naming both.
    let ws = workspace();
    let kk = KK.replace(
        "| Сот | Істер |\n|---|---|\n| Астана | 7 |\n\n: Соттар бойынша істер {#tbl-cases}\n\n",
        "",
    );
    ws.write(
        "site/kk/04-data.md",
        kk.replace("[](@tbl-cases) кейінірек", "кейінірек"),
    );
    let run = ws.kitap(&["check"]);
    assert!(
        run.stderr.contains("site/kk/04-data.md: warning: its numbered tables and figures (table `tbl-permits`, figure `fig-flow`) are not those of site/en/04-data.md (table `tbl-permits`, figure `fig-flow`, table `tbl-cases`)"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    // A Kazakh reference to the table only the English has: an error.
    ws.write(
        "site/kk/04-data.md",
        KK.replace(
            "| Сот | Істер |\n|---|---|\n| Астана | 7 |\n\n: Соттар бойынша істер {#tbl-cases}\n\n",
            "",
        ),
    );
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("reference to `@tbl-cases`: site/en/04-data.md has it, but site/kk/04-data.md (what `kk` readers see) has no table or figure with that id"),
        "{}",
        run.stderr
    );
    // The same id twice in a chapter, or in two chapters of a language.
    let ws = workspace();
    ws.write(
        "site/en/04-data.md",
        EN.replace("{#tbl-cases}", "{#tbl-permits}"),
    );
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("id `#tbl-permits` is used twice in this chapter"),
        "{}",
        run.stderr
    );
    let ws = workspace();
    ws.write(
        "site/en/02-law.md",
        format!(
            "{}\n| a |\n|---|\n| b |\n\n: Elsewhere {{#tbl-permits}}\n",
            fs::read_to_string(ws.path("site/en/02-law.md")).unwrap()
        ),
    );
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("`#tbl-permits` is also the id of a table in site/en/02-law.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_book_without_captions_has_no_lists() {
    let ws = Workspace::fixture("basic");
    let out: Tree = ws.build_ok();
    assert!(!out.text("en/index.html").contains("tables-heading"));
    assert!(!out.text("en/print.html").contains("caption-list"));
}
