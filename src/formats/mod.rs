//! Output formats: each turns the resolved book into files handed to a
//! [`Sink`], behind one interface ([`Format`]), in the way mdBook's
//! renderers are.
//!
//! The formats, one module each:
//! - [`website`]: the chapter pages, contents, search page, chooser, 404,
//!   `toc.js`, sitemap, theme files and images;
//! - [`print`]: `<lang>/print.html`, the whole report on one page;
//! - [`search`]: the search index of each language and its snippet files;
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
