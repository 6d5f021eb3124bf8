//! The report's apparatus: numbered tables and figures, cross-references
//! and the lists of tables and figures, in three languages and every
//! format (website, print page, single file, EPUB, PDF), through the binary.

mod common;

use common::{Tree, Workspace, tools};
use std::fs;
use std::io::Read;

const EN: &str = "---\ntitle: Data\n---\nAs [](@tbl-permits) shows, and [](@fig-flow) draws (see [](#method), [](@law#gaps), [](@law)); [](@tbl-cases) comes later.\n\n## Method {#method}\n\n| Region | Permits |\n|---|---|\n| Almaty | 120 |\n\n: Work permits issued by region {#tbl-permits}\n\n![The referral flow](../assets/fig.svg){#fig-flow}\n\n| Court | Cases |\n|---|---|\n| Astana | 7 |\n\n: Cases by court {#tbl-cases}\n\nBack to [the permits](@tbl-permits).\n";

const KK: &str = "---\ntitle: Деректер\n---\n[](@tbl-permits) көрсеткендей, [](@fig-flow) суреттегендей ([](#method), [](@law#gaps), [](@law)); [](@tbl-cases) кейінірек.\n\n## Әдіс {#method}\n\n| Өңір | Рұқсаттар |\n|---|---|\n| Алматы | 120 |\n\n: Өңірлер бойынша берілген жұмыс рұқсаттары {#tbl-permits}\n\n![Жолдау сызбасы](../assets/fig.svg){#fig-flow}\n\n| Сот | Істер |\n|---|---|\n| Астана | 7 |\n\n: Соттар бойынша істер {#tbl-cases}\n\n[Рұқсаттарға](@tbl-permits) оралу.\n";

const RU: &str = "---\ntitle: Данные\n---\nКак показывает [](@tbl-permits) и изображает [](@fig-flow) (см. [](#method), [](@law#gaps), [](@law)); [](@tbl-cases) ниже.\n\n## Метод {#method}\n\n| Регион | Разрешения |\n|---|---|\n| Алматы | 120 |\n\n: Разрешения на работу по регионам {#tbl-permits}\n\n![Схема направления](../assets/fig.svg){#fig-flow}\n\n| Суд | Дела |\n|---|---|\n| Астана | 7 |\n\n: Дела по судам {#tbl-cases}\n\nНазад к [разрешениям](@tbl-permits).\n";

/// The basic fixture with a third chapter of tables and a figure, in
/// three languages.
fn workspace() -> Workspace {
    let ws = Workspace::fixture("basic");
    ws.write("site/en/04-data.md", EN);
    ws.write("site/kk/04-data.md", KK);
    ws.write("site/ru/04-data.md", RU);
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
    let ru = out.text("ru/data.html");
    assert!(
        ru.contains("Как показывает <a href=\"data.html#tbl-permits\">Таблица 3.1</a> и изображает <a href=\"data.html#fig-flow\">Рисунок 3.1</a> (см. <a href=\"#method\">раздел 3.1</a>"),
        "{ru}"
    );
    assert!(ru.contains("<a href=\"law.html\">Глава 2</a>"), "{ru}");
    assert!(ru.contains("<span class=\"caption-label\">Таблица 3.2</span> Дела по судам"));

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
        ru_toc.contains("<li><a href=\"data.html#tbl-permits\">Таблица 3.1</a> Разрешения на работу по регионам</li>"),
        "{ru_toc}"
    );
    // A language without the chapter shows the source's, labels and all,
    // marked as in its language.
    let ws2 = workspace();
    ws2.remove("site/ru/04-data.md");
    let out2 = ws2.build_ok();
    assert!(out2.text("ru/data.html").contains(">Table 3.1</a>"));
    assert!(
        out2.text("ru/index.html")
            .contains("<li lang=\"en\"><a href=\"data.html#tbl-permits\">Table 3.1</a>")
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

const ABBREVIATIONS: &str = "eaeu:\n  en: [EAEU, Eurasian Economic Union]\n  kk: [ЕАЭО, Еуразиялық экономикалық одақ]\n  ru: [ЕАЭС, Евразийский экономический союз]\niom:\n  en: [IOM, International Organization for Migration]\n  kk: [ХКҰ, Халықаралық көші-қон ұйымы]\n  ru: [МОМ, Международная организация по миграции]\nosce:\n  en: [OSCE, Organization for Security and Co-operation in Europe]\n  kk: [ЕҚЫҰ, Еуропадағы қауіпсіздік және ынтымақтастық ұйымы]\n  ru: [ОБСЕ, Организация по безопасности и сотрудничеству в Европе]\nmia:\n  en: [MIA, Ministry of Internal Affairs]\n  kk: [ІІМ, Ішкі істер министрлігі]\n  ru: [МВД, Министерство внутренних дел]\n";

#[test]
fn abbreviations_are_explained_once_per_chapter_listed_and_found() {
    let ws = workspace();
    ws.write("site/abbreviations.yaml", ABBREVIATIONS);
    ws.write(
        "site/kk/04-data.md",
        KK.replace(
            "[Рұқсаттарға](@tbl-permits) оралу.",
            "ЕАЭО елдерінен келгендер мен ЕАЭО-ға кірмейтін елдер; ХКҰ деректері. `ЕАЭО` кодта белгіленбейді, ЕАЭОҚ сөзі де.\n\n[Рұқсаттарға](@tbl-permits) оралу.",
        ),
    );
    let out = ws.build_ok();
    let kk = out.text("kk/data.html");
    // The first use in the chapter only, whole words only, not in code.
    assert_eq!(
        kk.matches("<abbr title=\"Еуразиялық экономикалық одақ\">ЕАЭО</abbr>")
            .count(),
        1,
        "{kk}"
    );
    assert!(
        kk.contains("<abbr title=\"Еуразиялық экономикалық одақ\">ЕАЭО</abbr> елдерінен келгендер мен ЕАЭО-ға"),
        "{kk}"
    );
    assert!(kk.contains("<abbr title=\"Халықаралық көші-қон ұйымы\">ХКҰ</abbr> деректері"));
    assert!(kk.contains("<code>ЕАЭО</code>"), "{kk}");
    assert!(kk.contains("ЕАЭОҚ сөзі"), "{kk}");
    // The list, in the Kazakh alphabet's order (Е, І after Х, Ы; Latin
    // abbreviations would come after), linked from the contents.
    let list = out.text("kk/abbreviations.html");
    let order: Vec<usize> = ["ЕАЭО", "ЕҚЫҰ", "ХКҰ", "ІІМ"]
        .iter()
        .map(|a| {
            list.find(&format!(">{a}</abbr>"))
                .unwrap_or_else(|| panic!("{a}: {list}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}\n{list}");
    assert!(list.contains("<dd>Еуропадағы қауіпсіздік және ынтымақтастық ұйымы</dd>"));
    assert!(
        out.text("kk/index.html")
            .contains("<a href=\"abbreviations.html\">Қысқартулар</a>")
    );
    let ru = out.text("ru/abbreviations.html");
    let order: Vec<usize> = ["ЕАЭС", "МВД", "МОМ", "ОБСЕ"]
        .iter()
        .map(|a| ru.find(&format!(">{a}</abbr>")).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{ru}");
    // The search finds the chapter by what the abbreviation stands for.
    let index: String = out
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("kk/search/terms-") || *p == "kk/search-index.js")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        index.contains("еуразия"),
        "the expansion's words are indexed"
    );
    // The print page lists them after the contents.
    assert!(
        out.text("kk/print.html")
            .contains("<dt><abbr title=\"Ішкі істер министрлігі\">ІІМ</abbr></dt>")
    );

    // A term missing in a language: a warning naming it; a broken entry: an
    // error at its line, nothing written.
    let ws = workspace();
    ws.write(
        "site/abbreviations.yaml",
        ABBREVIATIONS.replace("  ru: [МВД, Министерство внутренних дел]\n", ""),
    );
    let run = ws.kitap(&["check"]);
    assert!(
        run.stderr.contains(
            "site/abbreviations.yaml:13:1: warning: abbreviation `mia` has no `ru` entry"
        ),
        "{}",
        run.stderr
    );
    ws.write(
        "site/abbreviations.yaml",
        ABBREVIATIONS.replace(
            "[МОМ, Международная организация по миграции]",
            "[ЕАЭС, Международная организация по миграции]",
        ),
    );
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("site/abbreviations.yaml:8:1: error: `ЕАЭС` is the `ru` abbreviation of both `eaeu` (line 1) and `iom`"),
        "{}",
        run.stderr
    );
    assert!(!ws.path("public").exists());
    ws.write("site/abbreviations.yaml", "eaeu:\n  en: EAEU\n");
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("site/abbreviations.yaml:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("kk: [ABBREVIATION, what it stands for]"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_offline_formats_list_the_abbreviations() {
    let ws = workspace();
    ws.write("site/abbreviations.yaml", ABBREVIATIONS);
    let run = ws.kitap(&["epub", "--lang", "ru"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = fs::read(ws.path("dist/report-ru.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut doc = String::new();
    zip.by_name("EPUB/abbreviations.xhtml")
        .unwrap()
        .read_to_string(&mut doc)
        .unwrap();
    assert!(doc.contains("<dt id=\"abbr-osce\"><abbr title=\"Организация по безопасности и сотрудничеству в Европе\">ОБСЕ</abbr></dt>"), "{doc}");
    if let Some(mut check) = tools::epubcheck() {
        let out = check.arg(ws.path("dist/report-ru.epub")).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    if tools::available(&["pdftotext"]) {
        let run = ws.kitap(&["pdf", "--lang", "ru"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let out = std::process::Command::new("pdftotext")
            .arg("-layout")
            .arg(ws.path("dist/report-ru.pdf"))
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let list = text.split("Сокращения").nth(1).expect("the list");
        assert!(list.contains("МВД"), "{text}");
        assert!(
            list.find("ЕАЭС").unwrap() < list.find("ОБСЕ").unwrap(),
            "{text}"
        );
    }
    let run = ws.kitap(&["bundle", "--single-file", "--no-pdf", "--no-epub"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let single = fs::read_to_string(ws.path("dist/report-ru.html")).unwrap();
    assert!(single.contains(">Сокращения</h2>"), "single file");
}

#[test]
fn caption_mistakes_are_named_where_they_are() {
    let ws = workspace();
    // A caption line right under the table (no blank line): a warning at it.
    ws.write(
        "site/en/04-data.md",
        EN.replace("| Astana | 7 |\n\n: Cases", "| Astana | 7 |\n: Cases")
            .replace("[](@tbl-cases) comes later", "later"),
    );
    let run = ws.kitap(&["check"]);
    assert!(
        run.stderr
            .contains("site/en/04-data.md:19:1: warning: this table row starts with `:`"),
        "{}",
        run.stderr
    );
    // An id after an image that is not alone: a warning at it.
    let ws = workspace();
    ws.write(
        "site/en/04-data.md",
        EN.replace(
            "![The referral flow](../assets/fig.svg){#fig-flow}",
            "See ![The referral flow](../assets/fig.svg){#fig-flow}",
        )
        .replace("[](@fig-flow) draws", "it draws"),
    );
    let run = ws.kitap(&["check"]);
    assert!(
        run.stderr.contains("site/en/04-data.md:14:44: warning: an id after an image makes a numbered figure only when the image is alone in its paragraph"),
        "{}",
        run.stderr
    );
    // A caption line with nothing after `:`: an error.
    let ws = workspace();
    ws.write(
        "site/en/04-data.md",
        EN.replace(": Cases by court {#tbl-cases}", ":"),
    );
    let run = ws.kitap(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("site/en/04-data.md:20:1: error: a caption line needs its text after `:`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_translation_lacking_a_table_numbers_the_others_as_the_source() {
    let ws = workspace();
    ws.write(
        "site/kk/04-data.md",
        KK.replace(
            "| Өңір | Рұқсаттар |\n|---|---|\n| Алматы | 120 |\n\n: Өңірлер бойынша берілген жұмыс рұқсаттары {#tbl-permits}\n\n",
            "",
        )
        .replace("[](@tbl-permits) көрсеткендей, ", "")
        .replace("[Рұқсаттарға](@tbl-permits) оралу.", ""),
    );
    let out = ws.build_ok();
    let kk = out.text("kk/data.html");
    assert!(
        kk.contains("<span class=\"caption-label\">3.2-кесте</span> Соттар бойынша істер"),
        "{kk}"
    );
    assert!(kk.contains(">3.2-кесте</a> кейінірек"), "{kk}");
}
