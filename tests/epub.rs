//! `kitap epub` (issue 20), through the binary: the report and a fixture
//! that holds what the report lacks (a BOM, CRLF, footnotes, a table, SVG
//! and PNG images, a missing translation, Kazakh headings, hostile raw HTML
//! and text), each made once; read back as a zip and as XML, checked by
//! Debian's epubcheck and opened in headless Chromium as XHTML. Then
//! errors, one language and bundles.

mod common;

use common::{Workspace, browser, tools};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// 2025-12-01T00:00:00Z.
const EPOCH: &str = "1764547200";

fn epub(ws: &Workspace, args: &[&str], epoch: &str) -> common::Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kitap"))
        .arg("epub")
        .args(args)
        .current_dir(ws.root())
        .env("SOURCE_DATE_EPOCH", epoch)
        .env_remove("KITAP_LOG")
        .output()
        .expect("run kitap");
    common::Run::from(out)
}

/// A 4×3 red PNG.
fn png() -> Vec<u8> {
    fn crc(bytes: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for &b in bytes {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc(&body).to_be_bytes());
    }
    // Stored (uncompressed) deflate blocks inside a zlib stream.
    // Three rows: filter byte 0, then four red pixels.
    let row = [vec![0u8], [0xff, 0, 0].repeat(4)].concat();
    let raw = row.repeat(3);
    let mut z = vec![0x78, 0x01, 1];
    z.extend((raw.len() as u16).to_le_bytes());
    z.extend((!(raw.len() as u16)).to_le_bytes());
    z.extend(&raw);
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    z.extend(((b << 16) | a).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(4u32.to_be_bytes());
    ihdr.extend(3u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// Raw HTML an e-book must not carry, text that is markup elsewhere, and a
/// chapter only English has (a fallback in kk and ru).
const HOSTILE: &str = "---\ntitle: \"Hostile <b>text</b> & ]]>\"\n---\n\
Text with a < b & c > d, \"quotes\" and a control\u{1} char.\n\n\
<script>alert(1)</script>\n\n\
<div onclick=\"alert(2)\" class=\"box\">A box with <font color=\"red\">old</font> tags \
and an <iframe src=\"https://example.org/\"></iframe> frame.</div>\n\n\
## 2024 in numbers {#y2024}\n\n\
![A red dot](../assets/dot.png) and ![remote](https://example.org/x.png).\n\n\
See [the law](@law#gaps) and <https://example.org/a?b=1&c=2>.\n\n\
<svg><circle r=\"1\"/></svg>\n\n\
<img src=\"/assets/dot.png\">\n";

struct Made {
    ws: Workspace,
    dist: PathBuf,
    stderr: String,
}

/// The basic fixture with the hostile chapter and a PNG, made once.
fn fixture() -> &'static Made {
    static MADE: OnceLock<Made> = OnceLock::new();
    MADE.get_or_init(|| {
        let ws = Workspace::fixture("basic");
        ws.write("site/assets/dot.png", png());
        ws.write("site/en/04-hostile.md", HOSTILE);
        let run = epub(&ws, &[], EPOCH);
        assert_eq!(run.code, 0, "kitap epub failed:\n{}", run.stderr);
        let dist = ws.path("dist");
        Made {
            ws,
            dist,
            stderr: run.stderr,
        }
    })
}

/// The report's books, made once.
fn report() -> &'static Made {
    static MADE: OnceLock<Made> = OnceLock::new();
    MADE.get_or_init(|| {
        let ws = Workspace::report();
        let run = epub(&ws, &[], EPOCH);
        assert_eq!(run.code, 0, "kitap epub failed:\n{}", run.stderr);
        assert_eq!(run.stderr, "", "the report's books warn");
        let dist = ws.path("dist");
        Made {
            ws,
            dist,
            stderr: run.stderr,
        }
    })
}

/// A book's entries in order: name, bytes, stored (not compressed).
struct Book {
    entries: Vec<(String, Vec<u8>, bool)>,
}

impl Book {
    fn open(path: &Path) -> Book {
        let bytes = std::fs::read(path).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let entries = (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut data = Vec::new();
                f.read_to_end(&mut data).unwrap();
                let stored = f.compression() == zip::CompressionMethod::Stored;
                (f.name().unwrap().to_string(), data, stored)
            })
            .collect();
        Book { entries }
    }

    fn text(&self, name: &str) -> String {
        let (_, data, _) = self
            .entries
            .iter()
            .find(|(n, _, _)| n == name)
            .unwrap_or_else(|| panic!("no {name} in the book"));
        String::from_utf8(data.clone()).unwrap()
    }

    fn names(&self) -> Vec<&str> {
        self.entries.iter().map(|(n, _, _)| n.as_str()).collect()
    }

    /// The XHTML documents (`EPUB/<name>`).
    fn documents(&self) -> Vec<(String, String)> {
        self.entries
            .iter()
            .filter(|(n, _, _)| n.ends_with(".xhtml"))
            .map(|(n, d, _)| (n.clone(), String::from_utf8(d.clone()).unwrap()))
            .collect()
    }
}

fn book(made: &Made, lang: &str) -> Book {
    Book::open(&made.dist.join(format!("report-{lang}.epub")))
}

/// epubcheck's verdict on `path`: its last "Messages:" line.
fn epubcheck(path: &Path) -> Option<String> {
    let mut cmd = tools::epubcheck()?;
    let out = cmd.arg(path).output().expect("run epubcheck");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "epubcheck {}:\n{text}",
        path.display()
    );
    Some(text)
}

fn assert_valid(made: &Made) {
    for lang in ["en", "kk", "ru"] {
        let path = made.dist.join(format!("report-{lang}.epub"));
        let Some(report) = epubcheck(&path) else {
            return;
        };
        assert!(
            report.contains("Messages: 0 fatals / 0 errors / 0 warnings"),
            "{lang}: epubcheck found problems:\n{report}"
        );
    }
}

#[test]
fn the_reports_books_pass_epubcheck_with_no_error_or_warning() {
    assert_valid(report());
}

#[test]
fn the_fixtures_books_pass_epubcheck_with_no_error_or_warning() {
    assert_valid(fixture());
}

#[test]
fn one_book_per_language_each_with_a_checksum() {
    let m = report();
    let mut names: Vec<String> = std::fs::read_dir(&m.dist)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "report-en.epub",
            "report-en.epub.sha256",
            "report-kk.epub",
            "report-kk.epub.sha256",
            "report-ru.epub",
            "report-ru.epub.sha256"
        ]
    );
    let sum = std::fs::read_to_string(m.dist.join("report-kk.epub.sha256")).unwrap();
    assert!(sum.ends_with("  report-kk.epub\n"), "{sum}");
}

#[test]
fn the_container_is_reproducible_with_mimetype_first_and_stored() {
    let m = fixture();
    let ws = &m.ws;
    let again = epub(ws, &["--out", "again"], EPOCH);
    assert_eq!(again.code, 0, "{}", again.stderr);
    for lang in ["en", "kk", "ru"] {
        let name = format!("report-{lang}.epub");
        let one = std::fs::read(m.dist.join(&name)).unwrap();
        let two = std::fs::read(ws.path("again").join(&name)).unwrap();
        assert!(one == two, "{name} differs from run to run");
        // The OCF rule: `mimetype` first, stored, no extra field, so that
        // its text stands at byte 38.
        assert_eq!(&one[30..38], b"mimetype");
        assert_eq!(&one[38..58], b"application/epub+zip");
        let b = Book::open(&m.dist.join(&name));
        assert_eq!(b.entries[0].0, "mimetype");
        assert!(b.entries[0].2, "mimetype is compressed");
        assert_eq!(
            b.names()[1..3],
            ["META-INF/container.xml", "EPUB/content.opf"]
        );
    }
    // Every entry carries SOURCE_DATE_EPOCH's date.
    let bytes = std::fs::read(m.dist.join("report-kk.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    for i in 0..zip.len() {
        let t = zip.by_index(i).unwrap().last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (2025, 12, 1));
    }
    // Another date changes the date, not the identifier.
    let later = epub(ws, &["--out", "later", "--lang", "kk"], "1767225600");
    assert_eq!(later.code, 0, "{}", later.stderr);
    let opf = Book::open(&ws.path("later/report-kk.epub")).text("EPUB/content.opf");
    assert!(opf.contains("<meta property=\"dcterms:modified\">2026-01-01T00:00:00Z</meta>"));
    let first = book(m, "kk").text("EPUB/content.opf");
    assert_eq!(identifier(&opf), identifier(&first));
}

/// XHTML documents start with `<!DOCTYPE html>`.
fn options<'a>() -> roxmltree::ParsingOptions<'a> {
    roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    }
}

/// `text` as XML; panics unless well-formed.
fn xml(text: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse_with_options(text, options()).unwrap()
}

fn identifier(opf: &str) -> String {
    let doc = xml(opf);
    doc.descendants()
        .find(|n| n.has_tag_name("identifier"))
        .and_then(|n| n.text())
        .unwrap()
        .to_string()
}

/// `property` -> values, of the package's `<meta>` elements.
fn metas(opf: &str) -> BTreeMap<String, Vec<String>> {
    let doc = xml(opf);
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for n in doc.descendants().filter(|n| n.has_tag_name("meta")) {
        out.entry(n.attribute("property").unwrap().to_string())
            .or_default()
            .push(n.text().unwrap_or("").to_string());
    }
    out
}

fn dc(opf: &str, name: &str) -> Vec<String> {
    let doc = xml(opf);
    doc.descendants()
        .filter(|n| n.tag_name().name() == name)
        .filter(|n| n.tag_name().namespace() == Some("http://purl.org/dc/elements/1.1/"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

#[test]
fn the_package_says_what_the_book_is_and_how_accessible() {
    let m = report();
    let site = std::fs::read_to_string(m.ws.path("site/site.yaml")).unwrap();
    let kk_line = |key: &str| {
        let at = site.find(&format!("\n{key}:")).unwrap();
        let line = site[at..]
            .lines()
            .find(|l| l.trim_start().starts_with("kk:"))
            .unwrap();
        line.trim()
            .trim_start_matches("kk:")
            .trim()
            .trim_matches('"')
            .to_string()
    };
    let opf = book(m, "kk").text("EPUB/content.opf");
    assert_eq!(dc(&opf, "title"), [kk_line("title")]);
    assert_eq!(dc(&opf, "creator"), [kk_line("author")]);
    assert_eq!(dc(&opf, "language"), ["kk"]);
    let id = identifier(&opf);
    assert!(id.starts_with("urn:uuid:") && id.len() == 45, "{id}");
    // A book per language: each its own identifier.
    assert_ne!(id, identifier(&book(m, "ru").text("EPUB/content.opf")));
    let meta = metas(&opf);
    assert_eq!(meta["dcterms:modified"], ["2025-12-01T00:00:00Z"]);
    assert_eq!(meta["schema:accessMode"], ["textual", "visual"]);
    assert_eq!(meta["schema:accessModeSufficient"], ["textual"]);
    for feature in ["structuralNavigation", "tableOfContents", "alternativeText"] {
        assert!(
            meta["schema:accessibilityFeature"]
                .iter()
                .any(|f| f == feature)
        );
    }
    assert_eq!(meta["schema:accessibilityHazard"], ["none"]);
    assert!(meta["schema:accessibilitySummary"][0].contains("мазмұн"));
    assert_eq!(
        meta["dcterms:conformsTo"],
        ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    );
    // Reading order: the cover, the contents, the chapters as the book
    // orders them (file names).
    let doc = xml(&opf);
    let href: BTreeMap<&str, &str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .map(|n| (n.attribute("id").unwrap(), n.attribute("href").unwrap()))
        .collect();
    let spine: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("itemref"))
        .map(|n| href[n.attribute("idref").unwrap()])
        .collect();
    let mut files: Vec<String> = std::fs::read_dir(m.ws.path("site/en"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut expected = vec!["cover.xhtml".to_string(), "nav.xhtml".to_string()];
    expected.extend(
        files
            .iter()
            .map(|f| format!("{}.xhtml", &f[3..f.len() - 3])),
    );
    assert_eq!(spine, expected);
    // Images with their media types; the cover marked as such.
    let types: BTreeSet<(&str, &str)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .map(|n| {
            (
                n.attribute("href").unwrap(),
                n.attribute("media-type").unwrap(),
            )
        })
        .filter(|(h, _)| h.starts_with("images/"))
        .collect();
    assert_eq!(types.len(), 2, "{types:?}");
    assert!(types.iter().all(|(_, t)| *t == "image/svg+xml"));
    assert!(
        opf.contains("href=\"cover.svg\" media-type=\"image/svg+xml\" properties=\"cover-image\"")
    );
}

#[test]
fn the_contents_list_chapters_and_sections_in_the_language() {
    let m = fixture();
    let nav = book(m, "kk").text("EPUB/nav.xhtml");
    let doc = xml(&nav);
    let toc = doc
        .descendants()
        .find(|n| n.attribute(("http://www.idpf.org/2007/ops", "type")) == Some("toc"))
        .expect("a toc nav");
    let links: Vec<(String, String)> = toc
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| {
            let text: String = a
                .descendants()
                .filter(|t| t.is_text())
                .filter_map(|t| t.text())
                .collect();
            (a.attribute("href").unwrap().to_string(), text)
        })
        .collect();
    let hrefs: Vec<&str> = links.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(hrefs[0], "intro.xhtml");
    assert!(
        links.contains(&("intro.xhtml".into(), "1-тарау. Кіріспе".into())),
        "{links:?}"
    );
    assert!(
        links.contains(&(
            "intro.xhtml#құқықтық-негіздер-мен-ұсыныстар".into(),
            "Құқықтық негіздер мен ұсыныстар".into()
        )),
        "{links:?}"
    );
    assert!(hrefs.contains(&"law.xhtml#gaps"));
    // The draft is not in the book; the chapter only English has is.
    assert!(!nav.contains("Secret draft"));
    assert!(hrefs.contains(&"hostile.xhtml"));
    // Not yet translated: its title is marked as English.
    assert!(
        nav.contains("3-тарау. <span lang=\"en\" xml:lang=\"en\">Hostile"),
        "{nav}"
    );
    // Landmarks: cover, contents, start of the text.
    assert!(nav.contains("epub:type=\"landmarks\""));
    assert!(nav.contains("<a epub:type=\"bodymatter\" href=\"intro.xhtml\">"));
}

/// The ids of each document of `b`.
fn ids(b: &Book) -> BTreeMap<String, BTreeSet<String>> {
    b.documents()
        .into_iter()
        .map(|(name, text)| {
            let doc = xml(&text);
            let ids = doc
                .descendants()
                .filter_map(|n| n.attribute("id"))
                .map(String::from)
                .collect();
            (name.trim_start_matches("EPUB/").to_string(), ids)
        })
        .collect()
}

#[test]
fn every_document_is_well_formed_xhtml_in_its_language_and_every_link_lands() {
    for m in [fixture(), report()] {
        for lang in ["en", "kk", "ru"] {
            let b = book(m, lang);
            let ids = ids(&b);
            let names: BTreeSet<&str> = b.names().into_iter().collect();
            for (name, text) in b.documents() {
                let doc = roxmltree::Document::parse_with_options(&text, options())
                    .unwrap_or_else(|e| panic!("{lang} {name}: not well-formed: {e}"));
                let html = doc.root_element();
                assert_eq!(
                    html.tag_name().namespace(),
                    Some("http://www.w3.org/1999/xhtml")
                );
                assert_eq!(html.attribute("lang"), Some(lang), "{name}");
                assert_eq!(
                    html.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
                    Some(lang),
                    "{name}"
                );
                for a in doc.descendants().filter(|n| n.has_tag_name("a")) {
                    let href = a.attribute("href").unwrap_or("");
                    if href.starts_with("https://") || href.starts_with("http://") {
                        continue;
                    }
                    let (file, fragment) = href.split_once('#').unwrap_or((href, ""));
                    let file = if file.is_empty() {
                        name.trim_start_matches("EPUB/")
                    } else {
                        file
                    };
                    assert!(
                        names.contains(format!("EPUB/{file}").as_str()),
                        "{lang} {name}: link to {href}: no such document"
                    );
                    if !fragment.is_empty() {
                        assert!(
                            ids[file].contains(fragment),
                            "{lang} {name}: link to {href}: no such id"
                        );
                    }
                }
                for img in doc.descendants().filter(|n| n.has_tag_name("img")) {
                    let src = img.attribute("src").unwrap();
                    assert!(
                        names.contains(format!("EPUB/{src}").as_str()),
                        "{name}: {src}"
                    );
                    assert!(img.attribute("alt").is_some(), "{name}: {src} has no alt");
                }
            }
        }
    }
}

#[test]
fn footnotes_are_epub_footnotes_that_readers_show_as_pop_ups() {
    let text = book(fixture(), "en").text("EPUB/intro.xhtml");
    let doc = xml(&text);
    let epub_type = |n: &roxmltree::Node<'_, '_>| {
        n.attribute(("http://www.idpf.org/2007/ops", "type"))
            .map(String::from)
    };
    let noteref = doc
        .descendants()
        .find(|n| epub_type(n).as_deref() == Some("noteref"))
        .expect("a noteref");
    assert_eq!(noteref.tag_name().name(), "a");
    let target = noteref.attribute("href").unwrap().trim_start_matches('#');
    let note = doc
        .descendants()
        .find(|n| n.attribute("id") == Some(target))
        .expect("the note");
    assert_eq!(note.tag_name().name(), "aside");
    assert_eq!(epub_type(&note).as_deref(), Some("footnote"));
    let note_text: String = note
        .descendants()
        .filter(|t| t.is_text())
        .filter_map(|t| t.text())
        .collect();
    assert!(
        note_text.contains("The source of the sentence."),
        "{note_text}"
    );
    // A table, the figure, the task list.
    assert!(doc.descendants().any(|n| n.has_tag_name("table")));
    assert!(text.contains("<th>Instrument</th>"));
    assert!(text.contains("alt=\"A figure of the referral pathway\""));
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("<li>[x] done task</li>"), "{text}");
    assert!(words.contains("<li>[ ] open task</li>"), "{text}");
}

#[test]
fn a_missing_translation_is_marked_with_the_language_it_is_in() {
    let m = fixture();
    let text = book(m, "ru").text("EPUB/law.xhtml");
    let doc = xml(&text);
    let section = doc
        .descendants()
        .find(|n| n.has_tag_name("section"))
        .unwrap();
    assert_eq!(section.attribute("lang"), Some("en"));
    assert!(text.contains("<p class=\"notice\">"), "{text}");
    assert!(text.contains("ещё не переведена"), "{text}");
    // A translated chapter is not marked.
    let kk = book(m, "kk").text("EPUB/law.xhtml");
    assert!(!kk.contains("class=\"notice\""));
    assert!(kk.contains("<h1 id=\"main\">Заң</h1>"));
}

#[test]
fn chapter_text_is_data_never_markup_or_script() {
    let m = fixture();
    for lang in ["en", "kk", "ru"] {
        let text = book(m, lang).text("EPUB/hostile.xhtml");
        let doc = xml(&text);
        for n in doc.descendants().filter(|n| n.is_element()) {
            let name = n.tag_name().name();
            assert!(
                !["script", "iframe", "svg", "font"].contains(&name),
                "{lang}: <{name}> in the book"
            );
            assert!(
                n.attributes().all(|a| !a.name().starts_with("on")),
                "{lang}: an event handler in the book"
            );
        }
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("h1"))
            .and_then(|n| n.text())
            .unwrap();
        assert_eq!(title, "Hostile <b>text</b> & ]]>");
        let body: String = doc
            .descendants()
            .filter(|t| t.is_text())
            .filter_map(|t| t.text())
            .collect();
        assert!(body.contains("Text with a < b & c > d"), "{body}");
        assert!(body.contains("A box with old tags"), "{body}");
        assert!(body.contains("[remote]"), "{body}");
        assert!(text.contains("<h2 id=\"y2024\">2024 in numbers</h2>"));
        // Raw HTML may name an image as Markdown does, from /assets/.
        let srcs: Vec<(&str, &str)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("img"))
            .map(|n| (n.attribute("src").unwrap(), n.attribute("alt").unwrap()))
            .collect();
        assert_eq!(srcs.len(), 2, "{srcs:?}");
        assert_eq!(srcs[0].0, srcs[1].0, "{srcs:?}");
        assert!(
            srcs[0].0.ends_with(".png") && srcs[1].1.is_empty(),
            "{srcs:?}"
        );
    }
    // What was left out is said once, where it is written.
    let warned: Vec<&str> = m.stderr.lines().filter(|l| l.contains("warning")).collect();
    for (at, what) in [
        ("site/en/04-hostile.md:6:1: warning", "`<script>`"),
        ("site/en/04-hostile.md:8:1: warning", "`<iframe>`"),
        ("site/en/04-hostile.md:8:1: warning", "`<div onclick=…>`"),
        ("site/en/04-hostile.md:12:", "https://example.org/x.png"),
        ("site/en/04-hostile.md:16:1: warning", "`<svg>`"),
        (
            "site/en/04-hostile.md:18:1: warning",
            "the image `assets/dot.png` has no description (alt text)",
        ),
    ] {
        let n = warned
            .iter()
            .filter(|l| l.starts_with(at) && l.contains(what))
            .count();
        assert_eq!(n, 1, "{at} {what}:\n{}", m.stderr);
    }
}

#[test]
fn every_document_opens_as_xhtml_in_chromium() {
    if !browser::available() {
        return;
    }
    // Every document of every book (the fixture's and the report's) in one
    // page of frames, each read back by a script: its content type, whether
    // Chromium's XML parser reported an error, its title.
    let dir = tempfile::tempdir().unwrap();
    let mut expected = BTreeMap::new();
    for (which, m) in [("fixture", fixture()), ("report", report())] {
        for lang in ["en", "kk", "ru"] {
            let b = book(m, lang);
            for (name, bytes, _) in &b.entries {
                let path = dir.path().join(which).join(lang).join(name);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, bytes).unwrap();
            }
            for (name, text) in b.documents() {
                let doc = xml(&text);
                let title = doc
                    .descendants()
                    .find(|n| n.has_tag_name("title"))
                    .and_then(|n| n.text())
                    .unwrap()
                    .to_string();
                expected.insert(format!("{which}/{lang}/{name}"), title);
            }
        }
    }
    let list = serde_json::to_string(&expected.keys().collect::<Vec<_>>()).unwrap();
    let page = format!(
        r#"<!DOCTYPE html><meta charset="utf-8"><pre id="out"></pre><script>
const docs = {list}; const out = []; let pending = docs.length;
for (const d of docs) {{
  const f = document.createElement("iframe");
  f.onload = () => {{
    const doc = f.contentDocument;
    const failed = doc.getElementsByTagName("parsererror").length > 0;
    out.push([d, doc.contentType, failed ? "parse error" : "parsed", doc.title]);
    if (--pending === 0) document.getElementById("out").textContent = JSON.stringify(out);
  }};
  f.src = d;
  document.body.appendChild(f);
}}
</script>"#
    );
    std::fs::write(dir.path().join("check.html"), page).unwrap();
    let dom = browser::dump_dom(
        &browser::file_url(&dir.path().join("check.html"), None),
        20_000,
    );
    let json = browser::element_by_id(&dom, "out");
    let seen: Vec<(String, String, String, String)> =
        serde_json::from_str(&common::decode_entities(json))
            .unwrap_or_else(|e| panic!("no results ({e}):\n{dom}"));
    assert_eq!(seen.len(), expected.len(), "{seen:?}");
    for (doc, content_type, parsed, title) in &seen {
        assert_eq!(content_type, "application/xhtml+xml", "{doc}");
        assert_eq!(parsed, "parsed", "{doc}");
        assert_eq!(title, &expected[doc], "{doc}");
    }
}

#[test]
fn an_image_an_e_book_cannot_show_is_an_error_and_nothing_is_written() {
    let ws = Workspace::fixture("basic");
    ws.write(
        "site/assets/scan.bmp",
        b"BM\x1e\x00\x00\x00rest of a bitmap",
    );
    ws.write("site/assets/fax.tiff", b"II*\x00rest of a tiff");
    ws.write(
        "site/en/04-scan.md",
        "---\ntitle: Scan\n---\nText.\n\n![The scanned letter](../assets/scan.bmp)\n\n<img src=\"../assets/fax.tiff\" alt=\"The fax\">\n",
    );
    let run = epub(&ws, &[], EPOCH);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (at, file) in [("6:1", "scan.bmp"), ("8:1", "fax.tiff")] {
        let line = format!(
            "site/en/04-scan.md:{at}: error: the image `assets/{file}` cannot go in the EPUB"
        );
        assert!(run.stderr.contains(&line), "{line}:\n{}", run.stderr);
    }
    assert!(
        run.stderr.contains("PNG, JPEG, GIF and SVG"),
        "{}",
        run.stderr
    );
    assert!(!ws.path("dist").exists(), "something was written");
    // `kitap check` stops at it too.
    let check = ws.kitap(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("site/en/04-scan.md:6:1: error: the image `assets/scan.bmp`"),
        "{}",
        check.stderr
    );
}

#[test]
fn a_bad_date_or_an_output_that_is_a_file_is_a_usage_error() {
    let ws = Workspace::fixture("basic");
    for bad in ["abc", "-5", "1.5"] {
        let run = epub(&ws, &[], bad);
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("SOURCE_DATE_EPOCH is `{bad}`")),
            "{}",
            run.stderr
        );
    }
    ws.write("afile", "not a folder");
    let run = epub(&ws, &["--out", "afile"], EPOCH);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("it is a file, not a folder"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(ws.path("afile")).unwrap(),
        "not a folder"
    );
    assert!(!ws.path("dist").exists());
}

#[test]
fn one_language_only_and_an_unknown_language() {
    let ws = Workspace::fixture("basic");
    let run = epub(&ws, &["--lang", "kk", "--out", "kk-only"], EPOCH);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<String> = std::fs::read_dir(ws.path("kk-only"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"report-kk.epub".to_string()));
    // A fallback chapter still holds the source text.
    let b = Book::open(&ws.path("kk-only/report-kk.epub"));
    assert!(b.text("EPUB/law.xhtml").contains("Олқылықтар"));
    let bad = epub(&ws, &["--lang", "xx", "--out", "none"], EPOCH);
    assert_ne!(bad.code, 0);
    assert!(bad.stderr.contains("xx"), "{}", bad.stderr);
    assert!(!ws.path("none").exists());
}

#[test]
fn the_offline_zip_carries_the_books_unless_told_not_to() {
    let ws = Workspace::fixture("basic");
    let zip_names = |args: &[&str]| -> Vec<String> {
        let run = ws.kitap(args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let bytes = std::fs::read(ws.path("dist/report.zip")).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
            .filter(|n| n.ends_with(".epub"))
            .collect()
    };
    assert_eq!(
        zip_names(&["bundle"]),
        [
            "report/report-en.epub",
            "report/report-kk.epub",
            "report/report-ru.epub"
        ]
    );
    assert!(zip_names(&["bundle", "--no-epub"]).is_empty());
}
