//! Runs the stages: load -> front matter -> markdown -> model -> resolve ->
//! formats, and gathers every diagnostic of the run.
//!
//! Owns the order of the pipeline and the rule that all errors of a build are
//! reported together, sorted by file and line. Output files go to a
//! [`Sink`] as they are made: the output folder being staged (`kitap
//! build`), or memory ([`build_in_memory`], for `serve` and `bundle`). All
//! content errors are found before the first file is made.

use crate::config::{self, Config};
use crate::error::{Diagnostic, Error, Result, sort_diagnostics};
use crate::formats::{self, Format, Input};
use crate::i18n;
use crate::lang::Lang;
use crate::load::{self, Sources};
use crate::model::{self, Chapter};
use crate::output::{Collect, OutputSet, Sink};
use crate::resolve::{self, Book, Drafts};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The workspace (the folder holding `site/`).
    pub root: PathBuf,
    /// Include chapters marked `draft: true`.
    pub drafts: bool,
    /// Build one language only (its switcher, hreflang and chooser list only it).
    pub only_lang: Option<String>,
    /// For offline copies: ignore `base_url`, so no absolute URL is written.
    pub offline: bool,
}

/// A successful build.
#[derive(Debug)]
pub struct Built {
    /// Warnings (the build went on), sorted.
    pub warnings: Vec<Diagnostic>,
    /// The resolved book, for reports.
    pub book: Book,
    /// The interface strings.
    pub catalog: i18n::Catalog,
    /// The theme used.
    pub theme: load::ThemeFiles,
    /// Content images.
    pub assets: std::collections::BTreeMap<String, Vec<u8>>,
}

impl Built {
    /// What formats read, for making more files from this build
    /// (`serve`'s incremental rebuilds).
    pub fn input(&self) -> Input<'_> {
        Input {
            book: &self.book,
            catalog: &self.catalog,
            theme: &self.theme,
            assets: &self.assets,
        }
    }
}

/// Build the site in memory: the book and every output file.
pub fn build_in_memory(opts: &BuildOptions) -> Result<(Built, OutputSet)> {
    build_formats_in_memory(opts, formats::SITE)
}

/// Build `formats` in memory.
pub fn build_formats_in_memory(
    opts: &BuildOptions,
    formats: &[&dyn Format],
) -> Result<(Built, OutputSet)> {
    let collect = Collect::default();
    let built = build_formats(opts, formats, &collect)?;
    Ok((built, collect.into_set()))
}

/// Build the site ([`formats::SITE`]), handing every output file to `sink`.
/// On content errors, returns [`Error::Content`] with every error and
/// warning, sorted, and `sink` has received nothing.
pub fn build(opts: &BuildOptions, sink: &dyn Sink) -> Result<Built> {
    build_formats(opts, formats::SITE, sink)
}

/// `kitap check`: [`build`] (and the EPUB) with drafts included, whose errors are also
/// those of the build without drafts (a link from a chapter to a draft,
/// which that build leaves out, is an error at the link). `opts.drafts` is
/// not read.
pub fn check(opts: &BuildOptions, sink: &dyn Sink) -> Result<Built> {
    // The EPUB too: it is quick, and stops at what the website lets pass
    // (an image type e-readers do not show).
    let epub = formats::epub::Epub::default();
    let mut checked = formats::SITE.to_vec();
    checked.push(&epub);
    run(opts, Drafts::Check, &checked, sink)
}

/// [`build`], making the files of `formats`.
pub fn build_formats(
    opts: &BuildOptions,
    formats: &[&dyn Format],
    sink: &dyn Sink,
) -> Result<Built> {
    let drafts = if opts.drafts {
        Drafts::Include
    } else {
        Drafts::Exclude
    };
    run(opts, drafts, formats, sink)
}

fn run(
    opts: &BuildOptions,
    drafts: Drafts,
    formats: &[&dyn Format],
    sink: &dyn Sink,
) -> Result<Built> {
    let started = std::time::Instant::now();
    let lap = |stage: &str| tracing::info!("{stage}: {} ms", started.elapsed().as_millis());
    crate::progress::stage("reading the workspace");
    let mut diags = Vec::new();
    let config_src = load::read_config(&opts.root)?;
    let mut config = match config::parse(&config_src) {
        Ok((c, w)) => {
            diags.extend(w);
            c
        }
        Err(mut errs) => {
            sort_diagnostics(&mut errs);
            return Err(Error::Content(errs));
        }
    };
    let only = restrict(&mut config, opts)?;
    let mut sources = load::read_sources(&opts.root, config_src, &config.theme)?;
    diags.extend(sources.diagnostics.iter().cloned());
    lap("load");
    let glossary = match &sources.glossary {
        Some(src) => {
            let (g, d) = crate::glossary::parse(src, &config);
            diags.extend(d);
            g
        }
        None => Default::default(),
    };
    crate::progress::stage("reading the chapters");
    let chapters = chapters(&config, &mut sources, &mut diags, &glossary);
    lap("markdown");
    let catalog = i18n::load(&config.languages, &sources.strings).unwrap_or_else(|errs| {
        diags.extend(errs);
        Default::default()
    });
    let asset_names: BTreeSet<String> = sources.assets.keys().cloned().collect();
    let (book, mut link_diags) = resolve::resolve(config, chapters, &asset_names, drafts, &catalog);
    load::attach_source_lines(&opts.root, &mut link_diags);
    diags.extend(link_diags);
    let mut book = match book {
        Some(b) if !diags.iter().any(Diagnostic::is_error) => b,
        _ => return Err(content_error(diags)),
    };
    if let Some(lang) = only {
        // Every language was read (fallback pages need the source text);
        // only this one is written.
        book.config.languages = vec![lang];
    }
    mark_stale_parts(&opts.root, &mut book);
    book.glossary = glossary;
    lap("resolve");
    crate::progress::stage("making the pages");
    let input = Input {
        book: &book,
        catalog: &catalog,
        theme: &sources.theme,
        assets: &sources.assets,
    };
    // Formats only read the book: they are made side by side.
    formats::render_all(formats, &input, sink).map_err(|errs| {
        diags.extend(errs);
        content_error(std::mem::take(&mut diags))
    })?;
    lap("formats");
    diags.extend(formats.iter().flat_map(|f| f.take_warnings()));
    sort_diagnostics(&mut diags);
    // A chapter shown in several languages warns in each: keep one.
    let mut seen = BTreeSet::new();
    diags.retain(|d| seen.insert(format!("{d:?}")));
    Ok(Built {
        warnings: diags,
        book,
        catalog,
        theme: sources.theme,
        assets: sources.assets,
    })
}

/// For each stale translation whose source version is kept
/// (`site/.kitap/sources/`), the parts of its page whose source changed
/// since: the sections (by explicit anchor, else by place when both have
/// as many headings), or the chapter as a whole.
pub fn mark_stale_parts(root: &std::path::Path, book: &mut resolve::Book) {
    use crate::sources::{Change, changes, kept};
    let default = book.config.default_language.clone();
    let mut out = std::collections::BTreeMap::new();
    for c in &book.chapters {
        if c.lang == default {
            continue;
        }
        let Some(named) = c.translation_of.as_deref() else {
            continue;
        };
        let Some(source) = book.translation(&default, &c.id) else {
            continue;
        };
        if named == source.version {
            continue;
        }
        let (Some(old), Ok(new)) = (
            kept(root, named),
            std::fs::read_to_string(root.join(&source.display_path)),
        ) else {
            continue;
        };
        let Some(changed) = changes(&old, &new) else {
            continue;
        };
        let mut parts = resolve::StaleParts::default();
        let same_headings = c.parsed.headings.len() == source.parsed.headings.len();
        for ch in changed {
            let by_anchor = ch
                .anchor
                .as_ref()
                .filter(|a| c.parsed.headings.iter().any(|h| &h.id == *a))
                .cloned();
            let by_place = ch
                .heading
                .filter(|_| same_headings && ch.change != Change::Removed)
                .and_then(|k| c.parsed.headings.get(k))
                .map(|h| h.id.clone());
            match by_anchor.or(by_place) {
                Some(id) if ch.change != Change::Removed => {
                    if !parts.sections.contains(&id) {
                        parts.sections.push(id);
                    }
                }
                _ => parts.elsewhere = true,
            }
        }
        if parts.sections.is_empty() {
            parts.elsewhere = true;
        }
        out.insert((c.lang.clone(), c.id.clone()), parts);
    }
    book.stale_parts = out;
}

/// Apply `offline` to the configuration and check `only_lang`, returning
/// the language to keep.
fn restrict(config: &mut Config, opts: &BuildOptions) -> Result<Option<Lang>> {
    if opts.offline {
        config.base_url.clear();
    }
    let Some(code) = opts.only_lang.as_deref() else {
        return Ok(None);
    };
    config.lang(code).cloned().map(Some).ok_or_else(|| {
        let known: Vec<&str> = config.languages.iter().map(|l| l.as_str()).collect();
        Error::Usage(format!(
            "`{code}` is not one of the site's languages ({})",
            known.join(", ")
        ))
    })
}

fn content_error(mut diags: Vec<Diagnostic>) -> Error {
    sort_diagnostics(&mut diags);
    Error::Content(diags)
}

/// Validate and convert every chapter in parallel (drafts too: `resolve`
/// decides what becomes of them).
fn chapters(
    config: &Config,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
    glossary: &crate::glossary::Glossary,
) -> Vec<Chapter> {
    let results: Vec<_> = std::mem::take(&mut sources.chapters)
        .into_par_iter()
        .map(|entry| match config.lang(&entry.top) {
            Some(lang) => match entry.read() {
                Ok(file) => model::chapter_from(
                    file,
                    lang,
                    *lang == config.default_language,
                    glossary.terms(lang),
                ),
                Err(d) => (None, vec![d]),
            },
            None => {
                let known: Vec<&str> = config.languages.iter().map(|l| l.as_str()).collect();
                let d = Diagnostic::file_error(
                    entry.shown.clone(),
                    format!(
                        "`{}` is not one of the site's languages ({}); move the file or add the language to site.yaml",
                        entry.top,
                        known.join(", ")
                    ),
                );
                (None, vec![d])
            }
        })
        .collect();
    let mut out = Vec::new();
    for (chapter, d) in results {
        diags.extend(d);
        out.extend(chapter);
    }
    out
}
