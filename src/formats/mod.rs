//! Output formats: each turns the resolved book into files handed to a
//! [`Sink`], behind one interface ([`Format`]), in the way mdBook's
//! renderers are.
//!
//! The formats, one module each:
//! - [`website`]: the chapter pages, contents, search page, chooser, 404,
//!   `toc.js`, sitemap, theme files and images;
//! - [`print`]: `<lang>/print.html`, the whole report on one page;
//! - [`search`]: the search index of each language (manifest, term shards,
//!   text files);
//! - [`single`]: one self-contained HTML page per language (`kitap bundle
//!   --single-file`);
//! - `pdf`: one typeset PDF per language (`kitap pdf`; the `pdf` cargo
//!   feature, on by default);
//! - [`epub`]: one EPUB 3 book per language (`kitap epub`).
//!
//! [`combined`] is the one id scheme of documents that hold every chapter
//! (the print page, the single-file page, and any paged format to come).
//! Formats share only [`Input`], [`crate::output`] and the page templating
//! of [`crate::render`]; none imports another. Adding a format is a module
//! here and a line in [`SITE`] (or in the command that writes it).

pub mod combined;
pub mod epub;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod print;
pub mod search;
pub mod single;
pub mod website;

use crate::error::Diagnostic;
use crate::i18n::Catalog;
use crate::lang::Lang;
use crate::load::ThemeFiles;
use crate::output::{Collect, OutputSet, Sink};
use crate::resolve::Book;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

/// Everything a format may read: the resolved book and the files beside it.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    /// The resolved book.
    pub book: &'a Book,
    /// Interface strings.
    pub catalog: &'a Catalog,
    /// Templates and static files.
    pub theme: &'a ThemeFiles,
    /// Content images (path under `assets/` -> bytes).
    pub assets: &'a BTreeMap<String, Vec<u8>>,
}

/// An output format.
pub trait Format: Sync {
    /// Its name, for logs and errors.
    fn name(&self) -> &'static str;

    /// Make every file of this format and hand each to `sink` as it is made.
    /// Errors point into the theme or the content.
    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>>;

    /// Make only the files at `paths` (`serve` re-makes what an edit
    /// touched). By default the whole format is made and the rest dropped;
    /// formats whose files are costly override it.
    fn render_some(
        &self,
        input: &Input<'_>,
        paths: &BTreeSet<String>,
        sink: &dyn Sink,
    ) -> Result<(), Vec<Diagnostic>> {
        self.render(input, &Only { paths, inner: sink })
    }

    /// Warnings of the files made so far (things a format had to leave
    /// out), handed over once; the run sorts them with its others.
    fn take_warnings(&self) -> Vec<Diagnostic> {
        Vec::new()
    }
}

/// The formats of the website (`kitap build`, `serve`, the offline zip).
pub static SITE: &[&dyn Format] = &[&website::Website, &print::Print, &search::Search];

/// Run `formats` side by side (they only read the book), gathering every
/// error, sorted.
pub fn render_all(
    formats: &[&dyn Format],
    input: &Input<'_>,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    gather(formats.par_iter().map(|f| {
        let _span = tracing::info_span!("format", name = f.name()).entered();
        f.render(input, sink)
    }))
}

/// The files at `paths` of every format in `formats`, in memory.
pub fn render_some(
    formats: &[&dyn Format],
    input: &Input<'_>,
    paths: &BTreeSet<String>,
) -> Result<OutputSet, Vec<Diagnostic>> {
    let collect = Collect::default();
    gather(
        formats
            .par_iter()
            .map(|f| f.render_some(input, paths, &collect)),
    )?;
    Ok(collect.into_set())
}

/// The languages whose one file of a per-language format (`file(lang)`) is
/// among `paths`.
fn languages_named<'a>(
    input: &Input<'a>,
    paths: &BTreeSet<String>,
    file: impl Fn(&Lang) -> String,
) -> Vec<&'a Lang> {
    input
        .book
        .config
        .languages
        .iter()
        .filter(|l| paths.contains(&file(l)))
        .collect()
}

/// The path under `assets/` that an image's `src` names (`../assets/…`
/// as Markdown images are written, or `/assets/…` in raw HTML), decoded;
/// `None` for any other address. `escaped`: the value is as it stands in
/// the HTML text (pulldown-cmark writes `&` and `'` of a URL as character
/// references), not read back from a parsed attribute.
pub fn asset_key(src: &str, escaped: bool) -> Option<String> {
    let p = src
        .strip_prefix("../assets/")
        .or_else(|| src.strip_prefix("/assets/"))?;
    if escaped {
        let unescaped = p
            .replace("&#x27;", "'")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        Some(crate::markdown::percent_decode(&unescaped))
    } else {
        Some(crate::markdown::percent_decode(p))
    }
}

/// Warnings a format gathers while it renders (things it had to leave
/// out), kept until the run takes them ([`Format::take_warnings`]).
#[derive(Default)]
pub struct Warnings(Mutex<Vec<Diagnostic>>);

impl Warnings {
    /// Keep `more`.
    pub fn add(&self, more: Vec<Diagnostic>) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(more);
    }

    /// Hand over what was kept.
    pub fn take(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// The one file of a per-language format (a PDF, an EPUB) for each of
/// `langs`, made side by side by `make` and handed to `sink` as `file`
/// names it; every language's errors gathered.
fn each_language(
    format: &'static str,
    langs: &[&Lang],
    file: fn(&Lang) -> String,
    make: impl Fn(&Lang) -> Result<Vec<u8>, Vec<Diagnostic>> + Sync,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    gather(langs.par_iter().map(|&lang| {
        let _span = tracing::info_span!("format", name = format, %lang).entered();
        let doing = match format {
            "pdf" => "typesetting the PDF",
            "epub" => "making the EPUB",
            other => other,
        };
        crate::progress::stage(&format!("{doing} ({lang})"));
        let bytes = make(lang)?;
        sink.put(file(lang), bytes);
        Ok(())
    }))
}

/// A diagnostic of `path` at `at` (line, column) when it is known, else
/// about the whole file.
fn diagnostic_at(path: &str, at: Option<(usize, usize)>, message: String) -> Diagnostic {
    match at {
        Some(p) if p.0 > 0 => Diagnostic::error_at_position(path, p, message),
        _ => Diagnostic::file_error(path, message),
    }
}

/// Whether a parsed element of a chapter's HTML has `class`.
fn has_class(el: &scraper::ElementRef<'_>, class: &str) -> bool {
    el.value().classes().any(|c| c == class)
}

/// The width and height of an image (PNG, GIF, JPEG, or SVG with numeric
/// `width`/`height` or a `viewBox`), from its bytes.
pub fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let be = |b: &[u8]| b.iter().fold(0u32, |n, &x| (n << 8) | u32::from(x));
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some((be(bytes.get(16..20)?), be(bytes.get(20..24)?)));
    }
    if bytes.starts_with(b"GIF8") {
        let le = |b: &[u8]| u32::from(b[0]) | (u32::from(b[1]) << 8);
        return Some((le(bytes.get(6..8)?), le(bytes.get(8..10)?)));
    }
    if bytes.starts_with(b"\xff\xd8") {
        let mut at = 2;
        while at + 9 < bytes.len() {
            if bytes[at] != 0xff {
                return None;
            }
            let marker = bytes[at + 1];
            let len = be(&bytes[at + 2..at + 4]) as usize;
            if (0xc0..=0xcf).contains(&marker) && !matches!(marker, 0xc4 | 0xc8 | 0xcc) {
                return Some((be(&bytes[at + 7..at + 9]), be(&bytes[at + 5..at + 7])));
            }
            at += 2 + len;
        }
        return None;
    }
    let text = std::str::from_utf8(&bytes[..bytes.len().min(4096)]).ok()?;
    let tag = &text[text.find("<svg")?..];
    let tag = &tag[..tag.find('>')?];
    let attr = |name: &str| {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(&tag[at..at + tag[at..].find('"')?])
    };
    let number = |v: &str| -> Option<u32> {
        let v = v.trim().trim_end_matches("px");
        let n: f64 = v.parse().ok()?;
        (n > 0.0 && n < 100_000.0).then(|| n.round() as u32)
    };
    if let (Some(w), Some(h)) = (
        attr("width").and_then(number),
        attr("height").and_then(number),
    ) {
        return Some((w, h));
    }
    let view: Vec<f64> = attr("viewBox")?
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match view[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w.round() as u32, h.round() as u32)),
        _ => None,
    }
}

/// `Ok` when there are no errors.
fn ok_unless(errors: Vec<Diagnostic>) -> Result<(), Vec<Diagnostic>> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn gather(
    results: impl ParallelIterator<Item = Result<(), Vec<Diagnostic>>>,
) -> Result<(), Vec<Diagnostic>> {
    let mut errors: Vec<Diagnostic> = results.filter_map(Result::err).flatten().collect();
    if errors.is_empty() {
        return Ok(());
    }
    errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    errors.dedup();
    Err(errors)
}

/// A sink that passes on only the files at `paths`.
struct Only<'a> {
    paths: &'a BTreeSet<String>,
    inner: &'a dyn Sink,
}

impl Sink for Only<'_> {
    fn put(&self, path: String, bytes: Vec<u8>) {
        if self.paths.contains(&path) {
            self.inner.put(path, bytes);
        }
    }

    fn put_stream(
        &self,
        path: String,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) {
        if self.paths.contains(&path) {
            self.inner.put_stream(path, write);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::image_size;

    #[test]
    fn image_sizes_come_from_their_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend([0, 0, 2, 0, 0, 0, 1, 44]);
        assert_eq!(image_size(&png), Some((512, 300)));
        assert_eq!(image_size(b"GIF89a\x10\x00\x08\x00"), Some((16, 8)));
        let jpeg = b"\xff\xd8\xff\xe0\x00\x04ab\xff\xc0\x00\x11\x08\x01\x2c\x02\x00\x03";
        assert_eq!(image_size(jpeg), Some((512, 300)));
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="720px" height="540">"#;
        assert_eq!(image_size(svg), Some((720, 540)));
        let svg = br#"<svg viewBox="0 0 640.4 480" width="100%">"#;
        assert_eq!(image_size(svg), Some((640, 480)));
        assert_eq!(image_size(b"BM..."), None);
    }
}
