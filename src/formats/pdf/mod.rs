//! The PDF: `report-<lang>.pdf`, the whole report typeset by the Typst
//! engine, used as a library. No program, browser or network is involved.
//!
//! Each chapter's HTML, in the combined id scheme ([`super::combined`]), is
//! read back as a tree ([`tree`]) and handed to a fixed template
//! (`report.typ`, compiled into the binary) as JSON data. The template reads
//! that data with `json(...)` and turns every string into text, so chapter
//! text is never markup or code: nothing a chapter says can call `#read`,
//! `#include`, `#import` or any function. The engine's world ([`Book`])
//! holds only the template, the data, the book's images it names and the
//! fonts embedded in the binary (`typst-assets`); any other file it asks
//! for is refused.
//!
//! The output is tagged PDF/UA-1, with an outline of chapters and sections;
//! `--pdf-standard` adds a PDF/A level for archives. The same input gives
//! the same bytes: the document id is made from the title and language,
//! and the date is `SOURCE_DATE_EPOCH` when it is set (no date otherwise).

mod tree;

use super::{Format, Input, combined};
use crate::error::Diagnostic;
use crate::lang::{Lang, chapter_anchor};
use crate::output::Sink;
use serde_json::json;
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::visualize::{ImageFormat, RasterFormat, RasterImage, SvgImage, VectorFormat};
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

/// The template: layout only; every word comes from the data.
const TEMPLATE: &str = include_str!("report.typ");

/// Where template errors point (they are kitap's bugs, not the content's).
const TEMPLATE_PATH: &str = "src/formats/pdf/report.typ";

/// A PDF/A level, added to PDF/UA-1 for archiving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Archive {
    /// PDF/A-2b.
    A2b,
    /// PDF/A-2u.
    A2u,
    /// PDF/A-3b.
    A3b,
}

/// The PDF format. Warnings (raw HTML left out, images from outside the
/// book) are kept until the run asks for them ([`Format::take_warnings`]).
#[derive(Default)]
pub struct Pdf {
    /// A PDF/A level to conform to as well.
    pub archive: Option<Archive>,
    /// `SOURCE_DATE_EPOCH`: the document's date, when set.
    pub epoch: Option<i64>,
    warnings: super::Warnings,
}

impl Pdf {
    /// The format, for PDF/UA-1 (and `archive`), dated `epoch`.
    pub fn new(archive: Option<Archive>, epoch: Option<i64>) -> Self {
        Pdf {
            archive,
            epoch,
            warnings: super::Warnings::default(),
        }
    }
}

impl Pdf {
    /// The document's date: `SOURCE_DATE_EPOCH`; else, for PDF/A, which
    /// requires a date, now (the bytes then differ from run to run); else
    /// none.
    fn date(&self) -> Option<i64> {
        self.epoch.or_else(|| {
            self.archive?;
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            now.ok().and_then(|d| i64::try_from(d.as_secs()).ok())
        })
    }
}

/// The file name of `lang`'s PDF.
pub fn file_name(lang: &Lang) -> String {
    format!("report-{lang}.pdf")
}

impl Format for Pdf {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
        let langs: Vec<&Lang> = input.book.config.languages.iter().collect();
        self.documents(input, &langs, sink)
    }

    fn render_some(
        &self,
        input: &Input<'_>,
        paths: &BTreeSet<String>,
        sink: &dyn Sink,
    ) -> Result<(), Vec<Diagnostic>> {
        let langs = super::languages_named(input, paths, file_name);
        self.documents(input, &langs, sink)
    }

    fn take_warnings(&self) -> Vec<Diagnostic> {
        self.warnings.take()
    }
}

impl Pdf {
    fn documents(
        &self,
        input: &Input<'_>,
        langs: &[&Lang],
        sink: &dyn Sink,
    ) -> Result<(), Vec<Diagnostic>> {
        let result =
            super::each_language("pdf", langs, file_name, |l| self.document(input, l), sink);
        // The engine's caches are only useful within one run of it.
        typst::comemo::evict(0);
        result
    }

    /// `lang`'s PDF.
    fn document(&self, input: &Input<'_>, lang: &Lang) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let (data, images) = self.data(input, lang)?;
        let mut files = HashMap::new();
        files.insert(file_id("/main.typ"), Bytes::from_string(TEMPLATE));
        files.insert(file_id("/book.json"), Bytes::new(data));
        for (i, bytes) in images.into_iter().enumerate() {
            files.insert(file_id(&format!("/img/{i}")), bytes);
        }
        let world = Book {
            library: LazyHash::new(Library::default()),
            main: file_id("/main.typ"),
            files,
        };
        let doc = typst::compile::<PagedDocument>(&world)
            .output
            .map_err(|errs| engine_errors(&world, &errs))?;
        let title = input.book.config.title(lang);
        let mut standards = vec![PdfStandard::Ua_1];
        standards.extend(self.archive.map(|a| match a {
            Archive::A2b => PdfStandard::A_2b,
            Archive::A2u => PdfStandard::A_2u,
            Archive::A3b => PdfStandard::A_3b,
        }));
        let standards = PdfStandards::new(&standards).map_err(|e| {
            vec![Diagnostic::file_error(
                TEMPLATE_PATH,
                e.message().to_string(),
            )]
        })?;
        let options = PdfOptions {
            ident: Smart::Custom(format!("kitap/{lang}/{title}")),
            creator: Smart::Custom(Some("kitap (Typst)".to_string())),
            timestamp: self.date().and_then(timestamp),
            standards,
            ..Default::default()
        };
        typst_pdf::pdf(&doc, &options).map_err(|errs| engine_errors(&world, &errs))
    }

    /// The template's data for `lang` and the images it names (`/img/N`).
    /// Errors: images the engine cannot read, at the chapter that shows them.
    fn data(
        &self,
        input: &Input<'_>,
        lang: &Lang,
    ) -> Result<(Vec<u8>, Vec<Bytes>), Vec<Diagnostic>> {
        let book = input.book;
        let catalog = input.catalog;
        let pages: Vec<_> = book
            .order
            .iter()
            .map(|id| (id, book.page(lang, id)))
            .collect();
        // Every label of the document is known from the parsed chapters
        // before any is converted, so each chapter's HTML is read back and
        // dropped in turn.
        let mut labels = tree::Labels::default();
        for (id, page) in &pages {
            labels.add_chapter(id.as_str(), &page.chapter.parsed);
        }
        let mut images = Vec::new();
        let mut warnings = Vec::new();
        let mut chapters = Vec::new();
        let mut html = String::new();
        let mut scoped = Vec::new();
        for (n, (id, page)) in pages.iter().enumerate() {
            let c = page.chapter;
            html.clear();
            scoped.clear();
            page.html_into(&mut html);
            // Writing into a Vec cannot fail.
            let _ = combined::write_chapter(&mut scoped, &html, id.as_str(), book, &|_| None);
            let dom = scraper::Html::parse_fragment(&String::from_utf8_lossy(&scoped));
            let mut conv = tree::Converter::new(
                &labels,
                input.assets,
                &mut images,
                &c.display_path,
                &c.parsed.unshown,
            );
            let body = conv.chapter(&dom);
            warnings.append(&mut conv.warnings);
            let notice = page
                .fallback
                .then(|| crate::render::context::fallback_notice(catalog, lang, &c.lang));
            chapters.push(json!({
                "anchor": chapter_anchor(id.as_str()),
                "lang": c.lang.as_str(),
                "hyphenate": c.lang.profile().hyphenation,
                "label": crate::render::context::chapter_label(catalog, book, lang, n),
                "title": c.title,
                "notice": notice,
                "body": body,
            }));
        }
        let images = self.images(input, lang, &images)?;
        self.warnings.add(warnings);
        let config = &book.config;
        let text = |key: &str| catalog.text(lang, key).to_string();
        let data = json!({
            "title": config.title(lang),
            "subtitle": config.description.get(lang),
            "author": config.author.get(lang),
            "edition": config.edition.get(lang),
            "lang": lang.as_str(),
            "hyphenate": lang.profile().hyphenation,
            "strings": {
                "contents": text("contents"),
                "see_page": text("see_page"),
                "list_of_tables": text("list_of_tables"),
                "list_of_figures": text("list_of_figures"),
                "abbreviations": text("abbreviations"),
            },
            "abbreviations": book
                .glossary
                .terms(lang)
                .iter()
                .map(|t| [t.abbr.as_str(), t.full.as_str()])
                .collect::<Vec<_>>(),
            "tables": pages.iter().any(|(_, p)| p.chapter.parsed.captions.iter().any(|c| c.kind == crate::markdown::CaptionKind::Table)),
            "figures": pages.iter().any(|(_, p)| p.chapter.parsed.captions.iter().any(|c| c.kind == crate::markdown::CaptionKind::Figure)),
            "chapters": chapters,
        });
        Ok((serde_json::to_vec(&data).unwrap_or_default(), images))
    }

    /// The bytes of each image in `keys`, checked the way the engine will
    /// read them, so that a broken image is an error at the chapter that
    /// shows it rather than in the template.
    fn images(
        &self,
        input: &Input<'_>,
        lang: &Lang,
        keys: &[String],
    ) -> Result<Vec<Bytes>, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut out = Vec::new();
        for key in keys {
            let bytes = Bytes::new(input.assets.get(key).cloned().unwrap_or_default());
            if let Err(why) = check_image(&bytes) {
                errors.push(image_error(input, lang, key, &why));
            }
            out.push(bytes);
        }
        super::ok_unless(errors).map(|()| out)
    }
}

/// Whether the engine can read this image.
fn check_image(bytes: &Bytes) -> Result<(), String> {
    match ImageFormat::detect(bytes) {
        Some(ImageFormat::Raster(RasterFormat::Exchange(f))) => {
            RasterImage::plain(bytes.clone(), f)
                .map(|_| ())
                .map_err(|e| e.to_string())
        }
        Some(ImageFormat::Vector(VectorFormat::Svg)) => {
            SvgImage::new(bytes.clone()).map(|_| ()).map_err(|e| {
                // The engine's load error shows its message only through Debug.
                let debug = format!("{e:?}");
                debug
                    .split_once("message: \"")
                    .and_then(|(_, m)| m.rsplit_once('"'))
                    .map_or(debug.clone(), |(m, _)| m.to_string())
            })
        }
        _ => Err("not a PNG, JPEG, GIF, WebP or SVG image".to_string()),
    }
}

/// An unreadable image, reported where a chapter of `lang`'s document
/// shows it.
fn image_error(input: &Input<'_>, lang: &Lang, key: &str, why: &str) -> Diagnostic {
    let message = format!("the image `assets/{key}` cannot be put in the PDF: {why}");
    let book = input.book;
    book.order
        .iter()
        .map(|id| book.page(lang, id).chapter)
        .find_map(|c| {
            let r = c.parsed.assets.iter().find(|a| a.path == key)?;
            Some(Diagnostic::error_at_position(
                &c.display_path,
                r.at,
                &message,
            ))
        })
        .unwrap_or_else(|| Diagnostic::file_error(format!("site/assets/{key}"), &message))
}

/// `SOURCE_DATE_EPOCH` as the document's date (UTC).
fn timestamp(secs: i64) -> Option<Timestamp> {
    let (y, m, d) = crate::output::civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    let datetime = Datetime::from_ymd_hms(
        i32::try_from(y).ok()?,
        m,
        d,
        (rem / 3600) as u8,
        (rem % 3600 / 60) as u8,
        (rem % 60) as u8,
    )?;
    Some(Timestamp::new_utc(datetime))
}

/// Errors of the engine: about the template, which kitap owns (the content
/// reaches it only as data).
fn engine_errors(world: &Book, errs: &[SourceDiagnostic]) -> Vec<Diagnostic> {
    errs.iter()
        .map(|e| {
            let line = world.range(e.span).map(|r| {
                TEMPLATE[..r.start.min(TEMPLATE.len())]
                    .lines()
                    .count()
                    .max(1)
            });
            let message = format!("the PDF engine failed: {}", e.message);
            match line {
                Some(line) => Diagnostic::error_at_position(TEMPLATE_PATH, (line, 1), message),
                None => Diagnostic::file_error(TEMPLATE_PATH, message),
            }
        })
        .collect()
}

fn file_id(path: &str) -> FileId {
    // The paths above are valid virtual paths.
    let path = VirtualPath::new(path).unwrap_or_else(|_| unreachable!("{path} is a valid path"));
    RootedPath::new(VirtualRoot::Project, path).intern()
}

/// The fonts compiled into the binary, read once.
fn fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS: OnceLock<(LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
    })
}

/// The engine's world: the template, its data, the images it names and the
/// embedded fonts. Nothing else exists in it.
struct Book {
    library: LazyHash<Library>,
    main: FileId,
    files: HashMap<FileId, Bytes>,
}

impl World for Book {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().0
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            Ok(Source::new(id, TEMPLATE.to_string()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.get(&id).cloned().ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
