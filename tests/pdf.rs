//! `kitap pdf` (issue 16, part 2), through the binary: the real report and
//! an appendix that holds what the report lacks (Typst syntax that must
//! stay text, the whole Kazakh alphabet, a cross-reference whose page
//! number is checked), made once and read back with poppler-utils
//! (`pdfinfo`, `pdftotext`, `pdffonts`) and `qpdf`; then errors, warnings,
//! one language, bundles.
#![cfg(feature = "pdf")]

mod common;

use common::{Workspace, tools};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const TOOLS: &[&str] = &["pdfinfo", "pdftotext", "pdffonts", "qpdf"];

/// Things a chapter may say that are Typst code in a Typst file. Each must
/// come out as the very text written.
const INJECTIONS: &[&str] = &[
    "#set page(width: 1cm)",
    "#read(/etc/passwd)",
    "#include(/main.typ)",
    "#import /book.json: *",
    "$x^2$",
    "@recommendations",
    "<label>",
    "back\\slash \\ and \\#",
    "#{ panic(1) }",
];

/// Code: printed as written, straight quotes too.
const CODE_CASE: &str = "#read(\"/etc/passwd\") #include \"/main.typ\"";

const KAZAKH: &str = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ";

fn appendix() -> String {
    let mut text = String::from(
        "---\ntitle: Typesetting test appendix\n---\n\
         See [the recommendations](@recommendations) for what follows, \
         and [the ILO's site](https://www.ilo.org/) for the conventions.\n\n\
         Kazakh alphabet: АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ and \
         аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя, «quotes» — dash № 5.\n\n",
    );
    for (i, s) in INJECTIONS.iter().enumerate() {
        // Markdown escapes so that the text shown is exactly `s`.
        let md = s
            .replace('\\', "\\\\")
            .replace('<', "\\<")
            .replace('$', "\\$")
            .replace('#', "\\#");
        text.push_str(&format!("Case {i}: {md} end.\n\n"));
    }
    // In code, quotes stay straight.
    text.push_str(&format!("Case {}: `{CODE_CASE}` end.\n", INJECTIONS.len()));
    text
}

/// The report plus the appendix, made once into `dist/` with a fixed date.
struct Made {
    ws: Workspace,
    dist: PathBuf,
}

fn made() -> &'static Made {
    static MADE: OnceLock<Made> = OnceLock::new();
    MADE.get_or_init(|| {
        let ws = Workspace::report();
        ws.write("site/en/11-typesetting-test.md", appendix());
        let run = pdf(&ws, &[]);
        assert_eq!(run.code, 0, "kitap pdf failed:\n{}", run.stderr);
        let dist = ws.path("dist");
        Made { ws, dist }
    })
}

fn pdf(ws: &Workspace, args: &[&str]) -> common::Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kitap"))
        .arg("pdf")
        .args(args)
        .current_dir(ws.root())
        .env("SOURCE_DATE_EPOCH", "1764547200")
        .env_remove("KITAP_LOG")
        .output()
        .expect("run kitap");
    common::Run::from(out)
}

fn pdftotext(path: &Path, pages: Option<usize>) -> String {
    let mut args: Vec<String> = vec!["-enc".into(), "UTF-8".into()];
    if let Some(p) = pages {
        args.extend(["-f".into(), p.to_string(), "-l".into(), p.to_string()]);
    }
    let out = std::process::Command::new("pdftotext")
        .args(&args)
        .arg(path)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text with line-end hyphens joined and every space removed, so that a
/// phrase is found wherever the lines broke.
fn squeeze(s: &str) -> String {
    s.replace("-\n", "")
        .replace('\u{ad}', "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Every string of every `/Names` array under `v`.
fn collect_names(v: &serde_json::Value, names: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, child) in map {
                if let (true, Some(list)) = (k == "/Names", child.as_array()) {
                    names.extend(list.iter().filter_map(|n| n.as_str()).map(String::from));
                }
                collect_names(child, names);
            }
        }
        serde_json::Value::Array(list) => list.iter().for_each(|c| collect_names(c, names)),
        _ => {}
    }
}

fn info(path: &Path) -> BTreeMap<String, String> {
    tools::run("pdfinfo", &[], path)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn qpdf_json(path: &Path, key: &str) -> serde_json::Value {
    let out = std::process::Command::new("qpdf")
        .args(["--json=2", &format!("--json-key={key}")])
        .arg(path)
        .output()
        .expect("run qpdf");
    serde_json::from_slice(&out.stdout).expect("qpdf json")
}

/// Chapter titles of `lang`, in order (front matter `title:`), with the
/// appendix, which only English has (a fallback elsewhere).
fn titles(lang: &str) -> Vec<String> {
    let dir = made().ws.path(&format!("site/{lang}"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut titles: Vec<String> = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            let line = text.lines().find(|l| l.starts_with("title:")).unwrap();
            line["title:".len()..]
                .trim()
                .trim_matches('"')
                .trim_matches('\'')
                .to_string()
        })
        .collect();
    if lang != "en" {
        titles.push("Typesetting test appendix".to_string());
    }
    titles
}

#[test]
fn one_pdf_per_language_a4_tagged_fonts_embedded_and_checked_by_qpdf() {
    let m = made();
    let mut names: Vec<String> = std::fs::read_dir(&m.dist)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "report-en.pdf",
            "report-en.pdf.sha256",
            "report-kk.pdf",
            "report-kk.pdf.sha256",
            "report-ru.pdf",
            "report-ru.pdf.sha256"
        ]
    );
    for lang in ["en", "kk", "ru"] {
        let bytes = std::fs::read(m.dist.join(format!("report-{lang}.pdf"))).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{lang}: not a PDF");
    }
    if !tools::available(TOOLS) {
        return;
    }
    let site = std::fs::read_to_string(m.ws.path("site/site.yaml")).unwrap();
    for lang in ["en", "kk", "ru"] {
        let path = m.dist.join(format!("report-{lang}.pdf"));
        let i = info(&path);
        assert!(
            i["Page size"].contains("(A4)"),
            "{lang}: {:?}",
            i["Page size"]
        );
        assert_eq!(i["Tagged"], "yes", "{lang}: not tagged");
        let pages: usize = i["Pages"].parse().unwrap();
        assert!((25..=90).contains(&pages), "{lang}: {pages} pages");
        // Title and author from site.yaml, in the language.
        assert!(site.contains(&i["Title"]), "{lang}: title {:?}", i["Title"]);
        assert!(
            !i["Author"].is_empty() && site.contains(&i["Author"]),
            "{lang}: author {:?}",
            i["Author"]
        );
        let fonts = tools::run("pdffonts", &[], &path);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{lang}: no fonts");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type… encoding emb sub uni object-id
            let emb = cols[cols.len() - 5];
            assert_eq!(emb, "yes", "{lang}: font not embedded: {row}");
        }
        tools::run("qpdf", &["--check"], &path);
    }
}

#[test]
fn every_letter_of_the_chapters_round_trips_through_pdftotext() {
    let m = made();
    if !tools::available(TOOLS) {
        return;
    }
    for lang in ["kk", "ru"] {
        let mut letters = BTreeSet::new();
        for entry in std::fs::read_dir(m.ws.path(&format!("site/{lang}"))).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            letters.extend(text.chars().filter(|c| ('\u{400}'..='\u{4ff}').contains(c)));
        }
        assert!(letters.len() > 40, "{lang}: only {} letters", letters.len());
        let text = pdftotext(&m.dist.join(format!("report-{lang}.pdf")), None);
        let missing: String = letters.iter().filter(|c| !text.contains(**c)).collect();
        assert!(missing.is_empty(), "{lang}: letters lost: {missing}");
    }
    // The whole Kazakh alphabet, both cases, and the report's punctuation.
    let text = squeeze(&pdftotext(&m.dist.join("report-kk.pdf"), None));
    assert!(text.contains(KAZAKH), "Kazakh capitals lost");
    assert!(
        text.contains(&KAZAKH.to_lowercase()),
        "Kazakh small letters lost"
    );
    assert!(text.contains("«quotes»—dash№5"));
}

#[test]
fn typst_syntax_in_a_chapter_is_printed_as_text() {
    let m = made();
    if !tools::available(TOOLS) {
        return;
    }
    for lang in ["en", "kk"] {
        let path = m.dist.join(format!("report-{lang}.pdf"));
        let text = squeeze(&pdftotext(&path, None));
        for (i, s) in INJECTIONS.iter().enumerate() {
            let expected = squeeze(&format!("Case {i}: {s} end."));
            assert!(
                text.contains(&expected),
                "{lang}: case {i} `{s}` not printed as written"
            );
        }
        let code = squeeze(&format!("Case {}: {CODE_CASE} end.", INJECTIONS.len()));
        assert!(
            text.contains(&code),
            "{lang}: code case not printed as written"
        );
        assert!(
            !text.contains("root:x:0"),
            "{lang}: a file of the machine was read"
        );
        // `#set page(width: 1cm)` did not run either: every page is A4.
        let sizes = tools::run("pdfinfo", &["-f", "1", "-l", "999"], &path);
        for line in sizes
            .lines()
            .filter(|l| l.starts_with("Page") && l.contains(" size:"))
        {
            assert!(
                line.contains("595.") && line.contains("841."),
                "{lang}: {line}"
            );
        }
    }
}

#[test]
fn outline_lists_every_chapter_at_its_page() {
    let m = made();
    if !tools::available(TOOLS) {
        return;
    }
    for lang in ["en", "kk", "ru"] {
        let path = m.dist.join(format!("report-{lang}.pdf"));
        let outlines = qpdf_json(&path, "outlines");
        let top: Vec<(String, usize)> = outlines["outlines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                (
                    o["title"].as_str().unwrap().to_string(),
                    o["destpageposfrom1"].as_u64().unwrap() as usize,
                )
            })
            .collect();
        let expected = titles(lang);
        let shown: Vec<&str> = top.iter().map(|(t, _)| t.as_str()).collect();
        for title in &expected {
            assert!(
                shown.contains(&title.as_str()),
                "{lang}: chapter {title:?} not in the outline {shown:?}"
            );
        }
        // Sections too, under the chapters.
        assert!(
            outlines["outlines"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| !o["kids"].as_array().unwrap().is_empty()),
            "{lang}: no sections in the outline"
        );
        for (title, page) in top.iter().filter(|(t, _)| expected.contains(t)) {
            let on_page = squeeze(&pdftotext(&path, Some(*page)));
            assert!(
                on_page.contains(&squeeze(title)),
                "{lang}: outline sends {title:?} to page {page}, which does not show it"
            );
        }
    }
}

#[test]
fn cross_references_link_inside_the_pdf_and_print_the_right_page() {
    let m = made();
    if !tools::available(TOOLS) {
        return;
    }
    for (lang, see) in [("en", "see p. "), ("ru", "см. с. ")] {
        let path = m.dist.join(format!("report-{lang}.pdf"));
        // Every internal link names a destination that exists.
        let objects = qpdf_json(&path, "qpdf");
        let objects = objects["qpdf"][1].as_object().unwrap();
        // Named destinations (a name tree under the catalog), and objects.
        let mut names: BTreeSet<String> = objects
            .keys()
            .filter_map(|k| k.strip_prefix("obj:"))
            .map(String::from)
            .collect();
        let mut dests = Vec::new();
        let mut uris = 0;
        for v in objects.values() {
            let val = &v["value"];
            collect_names(val, &mut names);
            if val.get("/Subtype").and_then(|s| s.as_str()) == Some("/Link") {
                if let Some(d) = val.get("/Dest").and_then(|d| d.as_str()) {
                    dests.push(d.to_string());
                }
                let action = match val.get("/A") {
                    Some(serde_json::Value::String(r)) => &objects[&format!("obj:{r}")]["value"],
                    Some(a) => a,
                    None => &serde_json::Value::Null,
                };
                if action.get("/URI").is_some() {
                    uris += 1;
                }
            }
        }
        assert!(
            dests.len() > 50,
            "{lang}: only {} internal links",
            dests.len()
        );
        let dangling: Vec<&String> = dests.iter().filter(|d| !names.contains(*d)).collect();
        assert!(
            dangling.is_empty(),
            "{lang}: links to nowhere: {dangling:?}"
        );
        assert!(uris > 0, "{lang}: no live web link");
        // The appendix's "see p. N" names the recommendations' page.
        let text = pdftotext(&path, None);
        let at = text
            .find("See the recommendations")
            .or_else(|| text.find("See the\nrecommendations"))
            .unwrap_or_else(|| panic!("{lang}: appendix cross-reference not found"));
        let after = &text[at..];
        let from = after
            .find(see)
            .unwrap_or_else(|| panic!("{lang}: no `{see}`"))
            + see.len();
        let page: usize = after[from..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap();
        let title = &titles(lang)[8];
        let on_page = squeeze(&pdftotext(&path, Some(page)));
        assert!(
            on_page.contains(&squeeze(title)),
            "{lang}: `{see}{page}` but page {page} does not show {title:?}"
        );
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let m = made();
    let again = Workspace::report();
    again.write("site/en/11-typesetting-test.md", appendix());
    let run = pdf(&again, &["--lang", "kk"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = std::fs::read(m.dist.join("report-kk.pdf")).unwrap();
    let second = std::fs::read(again.path("dist/report-kk.pdf")).unwrap();
    assert!(first == second, "two runs gave different bytes");
    // --lang wrote that language only.
    assert!(!again.path("dist/report-en.pdf").exists());
}

#[test]
fn an_unreadable_image_is_an_error_at_its_line_and_nothing_is_written() {
    let ws = Workspace::numbered_book(2, |n| {
        if n == 2 {
            "Intro.\n\nMore text.\n\n![A chart](../assets/chart.png)\n".to_string()
        } else {
            "Text.".to_string()
        }
    });
    ws.write(
        "site/assets/chart.png",
        b"\x89PNG\r\n\x1a\nnot really a png",
    );
    let run = pdf(&ws, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("site/en/0002-c0002.md:8:1: error: the image `assets/chart.png`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(!ws.path("dist").exists(), "dist/ written after an error");
}

#[test]
fn raw_html_without_a_print_form_is_dropped_with_a_warning_at_its_line() {
    let ws = Workspace::numbered_book(1, |_| {
        "Before.\n\n<iframe src=\"https://example.org/map\"></iframe>\n\n\
         ![Remote chart](https://example.org/chart.png)\n\nAfter <span>kept</span>.\n"
            .to_string()
    });
    let run = pdf(&ws, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("site/en/0001-c0001.md:6:1: warning: raw HTML `<iframe>`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "site/en/0001-c0001.md:8:1: warning: the image `https://example.org/chart.png`"
        ),
        "{}",
        run.stderr
    );
    let path = ws.path("dist/report-en.pdf");
    assert!(path.exists());
    if !tools::available(TOOLS) {
        return;
    }
    let text = squeeze(&pdftotext(&path, None));
    assert!(text.contains("Before."));
    assert!(
        text.contains("[Remotechart]"),
        "no description in place of the image"
    );
    assert!(text.contains("Afterkept."));
}

#[test]
fn an_unknown_language_is_a_usage_error() {
    let ws = Workspace::numbered_book(1, |_| "Text.".to_string());
    let run = pdf(&ws, &["--lang", "xx"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`xx` is not one of the site's languages"),
        "{}",
        run.stderr
    );
    assert!(!ws.path("dist").exists());
}

#[test]
fn bundles_carry_the_pdfs_unless_told_not_to() {
    let ws = Workspace::numbered_book(2, |n| format!("Chapter {n} text."));
    let names = |args: &[&str]| -> Vec<String> {
        let run = ws.kitap(args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let file = std::fs::File::open(ws.path("dist/report.zip")).unwrap();
        let archive = zip::ZipArchive::new(file).unwrap();
        archive
            .file_names()
            .map(|n| n.unwrap().to_string())
            .collect()
    };
    let with = names(&["bundle"]);
    assert!(with.iter().any(|n| n == "report/report-en.pdf"), "{with:?}");
    let without = names(&["bundle", "--no-pdf"]);
    assert!(!without.iter().any(|n| n.ends_with(".pdf")), "{without:?}");
}

#[test]
fn the_figures_are_drawn_with_their_descriptions() {
    let m = made();
    if !tools::available(TOOLS) {
        return;
    }
    for lang in ["en", "kk", "ru"] {
        let path = m.dist.join(format!("report-{lang}.pdf"));
        let text = squeeze(&pdftotext(&path, None));
        let objects = qpdf_json(&path, "qpdf").to_string();
        for figure in ["referral", "cooperation"] {
            let svg =
                std::fs::read_to_string(m.ws.path(&format!("site/assets/{figure}-{lang}.svg")))
                    .unwrap();
            // The figure's own heading, drawn as text by the SVG.
            let start = svg.find("<text").unwrap();
            let open = start + svg[start..].find('>').unwrap() + 1;
            let heading = &svg[open..open + svg[open..].find('<').unwrap()];
            assert!(
                text.contains(&squeeze(heading)),
                "{lang}: figure {figure} not drawn (its text {heading:?} is missing)"
            );
        }
        // Each figure carries its description for screen readers.
        let alts = objects.matches("\"/Alt\":").count();
        assert!(alts >= 2, "{lang}: {alts} described figures");
    }
}

#[test]
fn links_to_an_uncited_note_and_to_a_heading_id_repeated_in_raw_html_still_typeset() {
    let ws = Workspace::numbered_book(1, |_| {
        "## Section {#sec}\n\nSee [the note](#fn-spare) and [the section](#sec).\n\n\
         <h2 id=\"sec\">Raw heading with the same id</h2>\n\n\
         [^spare]: A note nobody cites.\n"
            .to_string()
    });
    let run = pdf(&ws, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    if !tools::available(TOOLS) {
        return;
    }
    let text = squeeze(&pdftotext(&ws.path("dist/report-en.pdf"), None));
    assert!(text.contains("Anotenobodycites."), "uncited note lost");
    assert!(text.contains("Rawheadingwiththesameid"));
}

#[test]
fn pdf_standard_a_2b_makes_an_archival_pdf_that_is_also_pdf_ua() {
    let ws = Workspace::numbered_book(1, |_| "Text.".to_string());
    let run = pdf(&ws, &["--pdf-standard", "a-2b"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // PDF/A needs a date: without SOURCE_DATE_EPOCH, it is now.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kitap"))
        .args(["pdf", "--pdf-standard", "a-2b", "--out", "undated"])
        .current_dir(ws.root())
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bad = pdf(&ws, &["--pdf-standard", "a-9"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    if !tools::available(TOOLS) {
        return;
    }
    for path in [
        ws.path("dist/report-en.pdf"),
        ws.path("undated/report-en.pdf"),
    ] {
        let meta = tools::run("pdfinfo", &["-meta"], &path);
        assert!(meta.contains("<pdfaid:part>2</pdfaid:part>"), "not PDF/A-2");
        assert!(meta.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
        assert!(
            meta.contains("<pdfuaid:part>1</pdfuaid:part>"),
            "not PDF/UA-1"
        );
        tools::run("qpdf", &["--check"], &path);
    }
}
