//! The EPUB: `report-<lang>.epub`, an EPUB 3 book per language for
//! e-readers and phones' book apps.
//!
//! The package (`EPUB/` in the container):
//! - `content.opf`: title, language, a stable identifier, the author as
//!   creator, the modification date (`SOURCE_DATE_EPOCH`), accessibility
//!   metadata; the manifest and the reading order;
//! - `nav.xhtml`: the contents (chapters and their sections) and landmarks;
//! - `cover.xhtml` and `cover.svg`: a cover made from the title, in the
//!   language;
//! - `<chapter id>.xhtml`: one document per chapter, written by [`xhtml`]
//!   from the chapter's website HTML (so every link, footnote and quote is
//!   the website's);
//! - `images/<n>.<ext>`: the content images the chapters show;
//! - `style.css`: a small stylesheet that leaves font, size and colours to
//!   the reading system.
//!
//! The same input gives the same bytes: `mimetype` first and stored, the
//! other entries in a fixed order, every timestamp `SOURCE_DATE_EPOCH`
//! (else 1980-01-01, as in the offline zip).

mod xhtml;

use super::{Format, Input};
use crate::error::Diagnostic;
use crate::lang::Lang;
use crate::output::Sink;
use crate::resolve::Book;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write as _;
use xhtml::escape;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The stylesheet of every document.
const STYLE: &str = include_str!("style.css");

/// The EPUB format. Warnings (raw HTML left out, images from outside the
/// book) are kept until the run asks for them ([`Format::take_warnings`]).
#[derive(Default)]
pub struct Epub {
    /// `SOURCE_DATE_EPOCH`: the books' modification date and the
    /// container's timestamps.
    pub epoch: Option<i64>,
    warnings: super::Warnings,
}

impl Epub {
    /// The format, dated `epoch`.
    pub fn new(epoch: Option<i64>) -> Self {
        Epub {
            epoch,
            warnings: super::Warnings::default(),
        }
    }
}

/// The file name of `lang`'s EPUB.
pub fn file_name(lang: &Lang) -> String {
    format!("report-{lang}.epub")
}

impl Format for Epub {
    fn name(&self) -> &'static str {
        "epub"
    }

    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
        let langs: Vec<&Lang> = input.book.config.languages.iter().collect();
        self.books(input, &langs, sink)
    }

    fn render_some(
        &self,
        input: &Input<'_>,
        paths: &BTreeSet<String>,
        sink: &dyn Sink,
    ) -> Result<(), Vec<Diagnostic>> {
        let langs = super::languages_named(input, paths, file_name);
        self.books(input, &langs, sink)
    }

    fn take_warnings(&self) -> Vec<Diagnostic> {
        self.warnings.take()
    }
}

/// A file of the package: its path under `EPUB/` and its bytes.
type Entry = (String, Vec<u8>);

/// An image of the package.
struct Image {
    /// Its path under `assets/`.
    key: String,
    /// Its path in the package (`images/<n>.<ext>`).
    path: String,
    /// Its media type.
    media_type: &'static str,
}

/// What the accessibility metadata needs to know of the text.
#[derive(Default)]
struct Findings {
    /// Some image has no description.
    image_without_alt: bool,
    /// Some content was left out.
    left_out: bool,
}

impl Epub {
    fn books(
        &self,
        input: &Input<'_>,
        langs: &[&Lang],
        sink: &dyn Sink,
    ) -> Result<(), Vec<Diagnostic>> {
        super::each_language("epub", langs, file_name, |l| self.book(input, l), sink)
    }

    /// `lang`'s EPUB.
    fn book(&self, input: &Input<'_>, lang: &Lang) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let book = input.book;
        let catalog = input.catalog;
        let mut images: Vec<Image> = Vec::new();
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let mut findings = Findings::default();
        let mut chapters: Vec<Entry> = Vec::new();
        for (n, id) in book.order.iter().enumerate() {
            let page = book.page(lang, id);
            let c = page.chapter;
            let mut image = |src: &str, alt: &str| {
                let key = super::asset_key(src, false)?;
                let bytes = input.assets.get(&key)?;
                if alt.trim().is_empty() {
                    let message = format!(
                        "the image `assets/{key}` has no description (alt text): readers who cannot see it learn nothing of it, and the EPUB makes no accessibility claim"
                    );
                    warnings.push(
                        super::diagnostic_at(&c.display_path, position(c, &key, true), message)
                            .warning(),
                    );
                }
                if let Some(found) = images.iter().find(|i| i.key == key) {
                    return Some(found.path.clone());
                }
                let Some((media_type, ext)) = media_type(bytes) else {
                    let message = format!(
                        "the image `assets/{key}` cannot go in the EPUB: e-book readers show PNG, JPEG, GIF and SVG images; convert it to one of those (a bundle can leave the EPUBs out with --no-epub)"
                    );
                    errors.push(match position(c, &key, false) {
                        Some(p) => super::diagnostic_at(&c.display_path, Some(p), message),
                        None => Diagnostic::file_error(format!("site/assets/{key}"), message),
                    });
                    return Some(String::new());
                };
                let path = format!("images/{}.{ext}", images.len() + 1);
                images.push(Image {
                    key,
                    path: path.clone(),
                    media_type,
                });
                Some(path)
            };
            let converter = xhtml::Converter::new(
                book,
                &c.display_path,
                &c.parsed.unshown,
                &mut image,
                [TITLE_ID.to_string()],
            );
            let (body, mut left) = converter.convert(&page.html());
            findings.left_out |= !left.is_empty();
            findings.image_without_alt |= body.contains(" alt=\"\"");
            warnings.append(&mut left);
            let notice = page
                .fallback
                .then(|| crate::render::context::fallback_notice(catalog, lang, &c.lang));
            let doc = chapter_document(&ChapterDoc {
                lang,
                text_lang: &c.lang,
                label: &crate::render::context::chapter_label(catalog, book, lang, n),
                title: &c.title,
                summary: c.summary.as_deref(),
                notice: notice.as_deref(),
                body: &body,
            });
            chapters.push((format!("{id}.xhtml"), doc.into_bytes()));
        }
        self.warnings.add(warnings);
        super::ok_unless(errors)?;
        let terms = book.glossary.terms(lang);
        if !terms.is_empty() {
            chapters.push((
                "abbreviations.xhtml".into(),
                abbreviations_document(input, lang, terms).into_bytes(),
            ));
        }
        let mut files: Vec<Entry> = vec![
            ("nav.xhtml".into(), nav_document(input, lang).into_bytes()),
            (
                "cover.xhtml".into(),
                cover_document(input, lang).into_bytes(),
            ),
            ("cover.svg".into(), cover_image(input, lang).into_bytes()),
            ("style.css".into(), STYLE.as_bytes().to_vec()),
        ];
        let opf = package_document(self, input, lang, &chapters, &images, &findings);
        files.extend(chapters);
        for i in &images {
            files.push((i.path.clone(), input.assets[&i.key].clone()));
        }
        container(&opf, &files, self.epoch).map_err(|e| {
            vec![Diagnostic::file_error(
                file_name(lang),
                format!("the EPUB could not be packed: {e}"),
            )]
        })
    }
}

/// Where chapter `c` shows the image `key`: a Markdown image's position or
/// that of raw HTML that names it (`raw_first`: raw HTML first, where an
/// image without alt text most likely is).
fn position(c: &crate::model::Chapter, key: &str, raw_first: bool) -> Option<(usize, usize)> {
    let markdown = || c.parsed.assets.iter().find(|a| a.path == key).map(|a| a.at);
    let raw = || {
        c.parsed
            .unshown
            .iter()
            .find(|u| u.text.contains(key))
            .map(|u| u.at)
    };
    if raw_first {
        raw().or_else(markdown)
    } else {
        markdown().or_else(raw)
    }
}

/// The id of a chapter document's title (a heading may not take it:
/// `main` is one of the page layout's ids, [`crate::markdown::RESERVED_IDS`]).
const TITLE_ID: &str = "main";

/// The media type and extension of an image an EPUB reading system must
/// show (the core media types), from its first bytes.
fn media_type(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        Some(("image/jpeg", "jpg"))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(("image/gif", "gif"))
    } else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
        head.contains("<svg").then_some(("image/svg+xml", "svg"))
    }
}

/// The start of every XHTML document in `lang`, up to `<body>`.
fn head(lang: &Lang, title: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<title>{}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n",
        escape(title)
    )
}

/// The list of abbreviations, after the chapters.
fn abbreviations_document(
    input: &Input<'_>,
    lang: &Lang,
    terms: &[crate::glossary::Term],
) -> String {
    let title = input.catalog.text(lang, "abbreviations");
    let mut s = head(lang, title);
    let _ = write!(
        s,
        "<body>\n<section epub:type=\"glossary\" role=\"doc-glossary\" aria-labelledby=\"main\">\n<h1 id=\"main\">{}</h1>\n<dl>\n",
        escape(title)
    );
    for t in terms {
        let _ = writeln!(
            s,
            "<dt id=\"abbr-{}\"><abbr title=\"{}\">{}</abbr></dt><dd>{}</dd>",
            escape(&t.key),
            escape(&t.full),
            escape(&t.abbr),
            escape(&t.full)
        );
    }
    s.push_str("</dl>\n</section>\n</body>\n</html>\n");
    s
}

/// What a chapter's document shows.
struct ChapterDoc<'a> {
    /// The book's language.
    lang: &'a Lang,
    /// The language of the text (another one for a missing translation).
    text_lang: &'a Lang,
    /// "Chapter 3".
    label: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    /// The notice over a missing translation, in the book's language.
    notice: Option<&'a str>,
    /// The chapter's text, as XHTML.
    body: &'a str,
}

fn chapter_document(c: &ChapterDoc<'_>) -> String {
    let mut s = head(c.lang, c.title);
    s.push_str("<body>\n");
    if let Some(notice) = c.notice {
        let _ = writeln!(s, "<p class=\"notice\">{}</p>", escape(notice));
    }
    s.push_str("<section epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"main\"");
    if c.text_lang != c.lang {
        let _ = write!(s, " lang=\"{0}\" xml:lang=\"{0}\"", c.text_lang);
    }
    s.push_str(">\n<header>\n");
    let _ = write!(
        s,
        "<p class=\"chapter-number\" lang=\"{0}\" xml:lang=\"{0}\">{1}</p>\n<h1 id=\"{TITLE_ID}\">{2}</h1>\n",
        c.lang,
        escape(c.label),
        escape(c.title)
    );
    if let Some(summary) = c.summary {
        let _ = writeln!(s, "<p class=\"summary\">{}</p>", escape(summary));
    }
    s.push_str("</header>\n");
    s.push_str(c.body);
    s.push_str("\n</section>\n</body>\n</html>\n");
    s
}

/// The navigation document: the contents (chapters, and their sections
/// two levels down) and the landmarks.
fn nav_document(input: &Input<'_>, lang: &Lang) -> String {
    let book = input.book;
    let contents = input.catalog.text(lang, "contents");
    let mut s = head(lang, contents);
    let _ = write!(
        s,
        "<body>\n<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">\n<h1 id=\"toc-title\">{}</h1>\n<ol>\n",
        escape(contents)
    );
    for (n, id) in book.order.iter().enumerate() {
        let c = book.page(lang, id).chapter;
        let label = crate::render::context::chapter_label(input.catalog, book, lang, n);
        let title = if c.lang == *lang {
            escape(&c.title)
        } else {
            // A chapter not yet translated: its title is in its own language.
            format!(
                "<span lang=\"{0}\" xml:lang=\"{0}\">{1}</span>",
                c.lang,
                escape(&c.title)
            )
        };
        let _ = write!(
            s,
            "<li><a href=\"{id}.xhtml\">{}. {title}</a>",
            escape(&label),
        );
        let other = (c.lang != *lang).then_some(&c.lang);
        sections(&mut s, id.as_str(), &c.parsed.headings, other);
        s.push_str("</li>\n");
    }
    if !book.glossary.terms(lang).is_empty() {
        let _ = writeln!(
            s,
            "<li><a href=\"abbreviations.xhtml\">{}</a></li>",
            escape(input.catalog.text(lang, "abbreviations"))
        );
    }
    s.push_str("</ol>\n</nav>\n");
    // The lists of tables and of figures, after the contents.
    let (tables, figures) = crate::render::context::caption_lists(book, lang);
    for (list, kind, key) in [
        (tables, "lot", "list_of_tables"),
        (figures, "loi", "list_of_figures"),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = write!(
            s,
            "<nav epub:type=\"{kind}\" id=\"{kind}\" aria-labelledby=\"{kind}-title\">\n<h2 id=\"{kind}-title\">{}</h2>\n<ol>\n",
            escape(input.catalog.text(lang, key))
        );
        for e in list {
            let text = format!("{} {}", escape(&e.label), escape(e.text));
            let text = if e.lang == lang {
                text
            } else {
                format!("<span lang=\"{0}\" xml:lang=\"{0}\">{text}</span>", e.lang)
            };
            let _ = writeln!(
                s,
                "<li><a href=\"{}\">{text}</a></li>",
                escape(&e.href.replacen(".html#", ".xhtml#", 1))
            );
        }
        s.push_str("</ol>\n</nav>\n");
    }
    let first = book
        .order
        .first()
        .map_or("nav.xhtml".to_string(), |id| format!("{id}.xhtml"));
    let _ = write!(
        s,
        "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<ol>\n<li><a epub:type=\"cover\" href=\"cover.xhtml\">{}</a></li>\n<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">{}</a></li>\n<li><a epub:type=\"bodymatter\" href=\"{first}\">{}</a></li>\n</ol>\n</nav>\n</body>\n</html>\n",
        escape(input.catalog.text(lang, "cover")),
        escape(contents),
        escape(input.catalog.text(lang, "start_reading")),
    );
    s
}

/// A chapter's sections (`##` and `###` headings) as nested lists, marked
/// as in `other` language when the chapter is not yet translated.
fn sections(
    s: &mut String,
    chapter: &str,
    headings: &[crate::markdown::Heading],
    other: Option<&Lang>,
) {
    let shown: Vec<_> = headings
        .iter()
        .filter(|h| matches!(h.level, 2 | 3))
        .collect();
    if shown.is_empty() {
        return;
    }
    match other {
        Some(l) => {
            let _ = writeln!(s, "\n<ol lang=\"{l}\" xml:lang=\"{l}\">");
        }
        None => s.push_str("\n<ol>\n"),
    }
    let mut open_sub = false;
    let mut in_item = false;
    for h in shown {
        let link = format!(
            "<a href=\"{chapter}.xhtml#{}\">{}</a>",
            escape(&h.id),
            escape(&h.text)
        );
        if h.level == 3 && in_item {
            if !open_sub {
                s.push_str("\n<ol>\n");
                open_sub = true;
            }
            let _ = writeln!(s, "<li>{link}</li>");
            continue;
        }
        if open_sub {
            s.push_str("</ol>\n");
            open_sub = false;
        }
        if in_item {
            s.push_str("</li>\n");
        }
        let _ = write!(s, "<li>{link}");
        in_item = true;
    }
    if open_sub {
        s.push_str("</ol>\n");
    }
    if in_item {
        s.push_str("</li>\n");
    }
    s.push_str("</ol>\n");
}

/// The cover page: the cover image, described by the title.
fn cover_document(input: &Input<'_>, lang: &Lang) -> String {
    let title = input.book.config.title(lang);
    let mut s = head(lang, input.catalog.text(lang, "cover"));
    let _ = write!(
        s,
        "<body class=\"cover\">\n<section epub:type=\"cover\">\n<img role=\"doc-cover\" src=\"cover.svg\" alt=\"{}\"/>\n</section>\n</body>\n</html>\n",
        escape(title)
    );
    s
}

/// The cover image: the title, the author and the edition, set in lines
/// that fit its width.
fn cover_image(input: &Input<'_>, lang: &Lang) -> String {
    let config = &input.book.config;
    let title = config.title(lang);
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 1200 1600\" width=\"1200\" height=\"1600\" xml:lang=\"{lang}\">\n<title>{}</title>\n<rect width=\"1200\" height=\"1600\" fill=\"#1f3b57\"/>\n<rect x=\"100\" y=\"150\" width=\"1000\" height=\"10\" fill=\"#e0b44c\"/>\n",
        escape(title)
    );
    let mut y = 300;
    for line in wrap(title, 24) {
        let _ = writeln!(
            s,
            "<text x=\"100\" y=\"{y}\" font-family=\"serif\" font-size=\"68\" font-weight=\"bold\" fill=\"#ffffff\">{}</text>",
            escape(&line)
        );
        y += 88;
    }
    // The author and the edition stand above the lower rule.
    let blocks: Vec<Vec<String>> = [config.author.get(lang), config.edition.get(lang)]
        .into_iter()
        .flatten()
        .map(|text| wrap(text, 40))
        .collect();
    let lines: usize = blocks.iter().map(Vec::len).sum();
    let mut y = 1420 - 54 * lines - 30 * blocks.len().saturating_sub(1) + 40;
    for block in blocks {
        for line in block {
            let _ = writeln!(
                s,
                "<text x=\"100\" y=\"{y}\" font-family=\"sans-serif\" font-size=\"40\" fill=\"#ffffff\">{}</text>",
                escape(&line)
            );
            y += 54;
        }
        y += 30;
    }
    s.push_str(
        "<rect x=\"100\" y=\"1460\" width=\"1000\" height=\"10\" fill=\"#e0b44c\"/>\n</svg>\n",
    );
    s
}

/// `text` in lines of at most about `width` characters, broken at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The book's identifier: a name-based UUID made from the report's title
/// in the default language and `lang`, so it stays the same from build to
/// build of the same report and language.
fn identifier(book: &Book, lang: &Lang) -> String {
    let config = &book.config;
    let name = format!("kitap:{}:{lang}", config.title(&config.default_language));
    let h = Sha256::digest(name.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&h[..16]);
    // Version 8 (name-based, custom hash), RFC 9562 variant.
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// `SOURCE_DATE_EPOCH` (else 1980-01-01) as `dcterms:modified` wants it.
fn modified(epoch: Option<i64>) -> String {
    let secs = epoch.unwrap_or(315_532_800);
    let (y, m, d) = crate::output::civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn package_document(
    epub: &Epub,
    input: &Input<'_>,
    lang: &Lang,
    chapters: &[Entry],
    images: &[Image],
    findings: &Findings,
) -> String {
    let book = input.book;
    let config = &book.config;
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"book-id\" xml:lang=\"{lang}\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<dc:identifier id=\"book-id\">{}</dc:identifier>\n<dc:title>{}</dc:title>\n<dc:language>{lang}</dc:language>\n",
        identifier(book, lang),
        escape(config.title(lang)),
    );
    if let Some(author) = config.author.get(lang) {
        let _ = writeln!(s, "<dc:creator>{}</dc:creator>", escape(author));
    }
    if let Some(description) = config.description.get(lang) {
        let _ = writeln!(
            s,
            "<dc:description>{}</dc:description>",
            escape(description)
        );
    }
    let _ = writeln!(
        s,
        "<meta property=\"dcterms:modified\">{}</meta>",
        modified(epub.epoch)
    );
    // Accessibility (schema.org, EPUB Accessibility 1.1).
    let meta = |s: &mut String, property: &str, value: &str| {
        let _ = writeln!(s, "<meta property=\"{property}\">{}</meta>", escape(value));
    };
    meta(&mut s, "schema:accessMode", "textual");
    if !images.is_empty() {
        meta(&mut s, "schema:accessMode", "visual");
    }
    if !findings.image_without_alt {
        meta(&mut s, "schema:accessModeSufficient", "textual");
    }
    for feature in [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ] {
        meta(&mut s, "schema:accessibilityFeature", feature);
    }
    if !images.is_empty() && !findings.image_without_alt {
        meta(&mut s, "schema:accessibilityFeature", "alternativeText");
    }
    meta(&mut s, "schema:accessibilityHazard", "none");
    let mut summary = input.catalog.text(lang, "epub_accessibility").to_string();
    if !images.is_empty() && !findings.image_without_alt {
        summary.push(' ');
        summary.push_str(input.catalog.text(lang, "epub_alt_text"));
    }
    meta(&mut s, "schema:accessibilitySummary", &summary);
    // The claim holds when every image is described and nothing was left
    // out; the structure, languages and contrast are the template's.
    if !findings.image_without_alt && !findings.left_out {
        meta(
            &mut s,
            "dcterms:conformsTo",
            "EPUB Accessibility 1.1 - WCAG 2.1 Level AA",
        );
    }
    s.push_str("</metadata>\n<manifest>\n");
    s.push_str("<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n");
    s.push_str("<item id=\"cover\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\"/>\n");
    s.push_str("<item id=\"cover-image\" href=\"cover.svg\" media-type=\"image/svg+xml\" properties=\"cover-image\"/>\n");
    s.push_str("<item id=\"style\" href=\"style.css\" media-type=\"text/css\"/>\n");
    for (n, (path, _)) in chapters.iter().enumerate() {
        let _ = writeln!(
            s,
            "<item id=\"c{}\" href=\"{path}\" media-type=\"application/xhtml+xml\"/>",
            n + 1
        );
    }
    for (n, i) in images.iter().enumerate() {
        let _ = writeln!(
            s,
            "<item id=\"i{}\" href=\"{}\" media-type=\"{}\"/>",
            n + 1,
            i.path,
            i.media_type
        );
    }
    s.push_str("</manifest>\n<spine>\n<itemref idref=\"cover\"/>\n<itemref idref=\"nav\"/>\n");
    for n in 0..chapters.len() {
        let _ = writeln!(s, "<itemref idref=\"c{}\"/>", n + 1);
    }
    s.push_str("</spine>\n</package>\n");
    s
}

const CONTAINER_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n<rootfiles>\n<rootfile full-path=\"EPUB/content.opf\" media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n";

/// The OCF container: `mimetype` first and stored, then the container
/// file, the package document and `files`, in that order, all dated
/// `epoch`.
fn container(opf: &str, files: &[Entry], epoch: Option<i64>) -> zip::result::ZipResult<Vec<u8>> {
    let time = crate::output::zip_time(epoch);
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let deflated = stored
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6));
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/epub+zip")?;
    zip.start_file("META-INF/container.xml", deflated)?;
    zip.write_all(CONTAINER_XML.as_bytes())?;
    zip.start_file("EPUB/content.opf", deflated)?;
    zip.write_all(opf.as_bytes())?;
    for (path, bytes) in files {
        zip.start_file(format!("EPUB/{path}"), deflated)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_wrap_at_spaces() {
        assert_eq!(
            wrap("Current Problems in the Protection of the Rights", 24),
            ["Current Problems in the", "Protection of the Rights"]
        );
        assert_eq!(wrap("", 10), Vec::<String>::new());
    }

    #[test]
    fn dates_are_what_dcterms_modified_wants() {
        assert_eq!(modified(None), "1980-01-01T00:00:00Z");
        assert_eq!(modified(Some(1_700_000_000)), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn images_are_known_by_their_bytes() {
        assert_eq!(
            media_type(b"\x89PNG\r\n\x1a\nrest").map(|t| t.1),
            Some("png")
        );
        assert_eq!(
            media_type(b"<?xml version=\"1.0\"?><svg>").map(|t| t.1),
            Some("svg")
        );
        assert_eq!(media_type(b"BM\x00\x00"), None);
    }
}
