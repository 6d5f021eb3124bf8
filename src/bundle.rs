//! Offline bundles: the built site as a reproducible zip that works from
//! `file://`, search included.
//!
//! Sits on top of the pipeline: it builds the site in memory (for one
//! language with `--lang`, always with relative links only), then zips the
//! same [`OutputSet`] that `build` would write: entries sorted, one fixed
//! timestamp (`SOURCE_DATE_EPOCH`, else 1980-01-01), fixed permissions, fixed
//! compression, everything under one top folder, plus a short note in every
//! language. A `.sha256` file is written beside each archive.

use crate::build::{BuildOptions, Built, build_formats_in_memory};
use crate::error::{Error, Result};
use crate::output::OutputSet;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// Archives larger than this are often refused by e-mail providers.
pub const EMAIL_LIMIT: u64 = 20 * 1024 * 1024;

/// What to bundle.
#[derive(Debug, Clone)]
pub struct BundleOptions {
    /// The workspace.
    pub root: PathBuf,
    /// Folder the archives go to.
    pub out_dir: PathBuf,
    /// One language only.
    pub lang: Option<String>,
    /// Seconds since 1970 for entry timestamps (`SOURCE_DATE_EPOCH`).
    pub epoch: Option<i64>,
    /// One self-contained HTML file per language instead of a zip.
    pub single_file: bool,
    /// Put each language's PDF in the zip (`report-<lang>.pdf` at its top;
    /// only with the `pdf` feature).
    pub pdf: bool,
    /// Put each language's EPUB in the zip (`report-<lang>.epub`).
    pub epub: bool,
}

/// What `kitap pdf` makes.
#[cfg(feature = "pdf")]
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// The workspace.
    pub root: PathBuf,
    /// Folder the PDFs go to.
    pub out_dir: PathBuf,
    /// One language only.
    pub lang: Option<String>,
    /// The documents' date (`SOURCE_DATE_EPOCH`); none when unset.
    pub epoch: Option<i64>,
    /// A PDF/A level to conform to as well.
    pub archive: Option<crate::formats::pdf::Archive>,
}

/// `kitap pdf`: typeset each language's PDF and write it (with a
/// `.sha256`) into `opts.out_dir`; nothing is written unless every
/// language's document was made.
#[cfg(feature = "pdf")]
pub fn pdf(opts: &PdfOptions) -> Result<Written> {
    let format = crate::formats::pdf::Pdf::new(opts.archive, opts.epoch);
    write_each(&opts.root, opts.lang.clone(), &opts.out_dir, &[&format])
}

/// What `kitap epub` makes.
#[derive(Debug, Clone)]
pub struct EpubOptions {
    /// The workspace.
    pub root: PathBuf,
    /// Folder the EPUBs go to.
    pub out_dir: PathBuf,
    /// One language only.
    pub lang: Option<String>,
    /// The books' modification date (`SOURCE_DATE_EPOCH`).
    pub epoch: Option<i64>,
}

/// `kitap epub`: write each language's EPUB (with a `.sha256`) into
/// `opts.out_dir`; nothing is written unless every language's book was
/// made.
pub fn epub(opts: &EpubOptions) -> Result<Written> {
    let format = crate::formats::epub::Epub::new(opts.epoch);
    write_each(&opts.root, opts.lang.clone(), &opts.out_dir, &[&format])
}

/// Build `formats` in memory and write each file they make (one per
/// language) into `out_dir`, with its `.sha256`.
fn write_each(
    root: &Path,
    lang: Option<String>,
    out_dir: &Path,
    formats: &[&dyn crate::formats::Format],
) -> Result<Written> {
    crate::output::check_outside_sources(root, out_dir)?;
    let (built, output) =
        build_formats_in_memory(&build_options(root.to_path_buf(), lang), formats)?;
    create_dir(out_dir)?;
    let archives = output
        .files
        .iter()
        .map(|(name, bytes)| write_with_sum(out_dir, name, bytes))
        .collect::<Result<Vec<_>>>()?;
    Ok(Written::of(archives, &built))
}

fn build_options(root: PathBuf, lang: Option<String>) -> BuildOptions {
    BuildOptions {
        root,
        drafts: false,
        only_lang: lang,
        offline: true,
    }
}

/// One archive written.
#[derive(Debug, Clone)]
pub struct Archive {
    /// The zip file.
    pub path: PathBuf,
    /// Its size.
    pub bytes: u64,
    /// Hex SHA-256 of the zip.
    pub sha256: String,
}

/// What a run of `bundle`, `pdf` or `epub` wrote, and what its build found.
#[derive(Debug, Clone)]
pub struct Written {
    /// The files written, each with a `.sha256` beside it.
    pub archives: Vec<Archive>,
    /// Warnings of the build.
    pub warnings: Vec<crate::error::Diagnostic>,
    /// Translations missing or out of date in the languages written.
    pub translations: Vec<crate::status::Finding>,
}

impl Written {
    fn of(archives: Vec<Archive>, built: &Built) -> Written {
        Written {
            archives,
            warnings: built.warnings.clone(),
            translations: crate::status::translation_report(&built.book),
        }
    }
}

/// Build and write the archive (or, with `single_file`, one HTML file per
/// language). Each file gets a `.sha256` beside it.
pub fn bundle(opts: &BundleOptions) -> Result<Written> {
    if opts.single_file {
        return write_each(
            &opts.root,
            opts.lang.clone(),
            &opts.out_dir,
            &[&crate::formats::single::Single],
        );
    }
    crate::output::check_outside_sources(&opts.root, &opts.out_dir)?;
    let build_opts = build_options(opts.root.clone(), opts.lang.clone());
    let (built, output) = site_in_memory(opts, &build_opts)?;
    create_dir(&opts.out_dir)?;
    let name = match &opts.lang {
        Some(l) => format!("report-{l}"),
        None => "report".to_string(),
    };
    crate::progress::stage(&format!("writing {name}.zip"));
    let bytes = zip_site(&output, &name, &note(&built), opts.epoch)?;
    let archive = write_with_sum(&opts.out_dir, &format!("{name}.zip"), &bytes)?;
    Ok(Written::of(vec![archive], &built))
}

/// The site's files, with each language's PDF (`pdf`, and the feature)
/// and EPUB (`epub`) beside them.
fn site_in_memory(opts: &BundleOptions, build_opts: &BuildOptions) -> Result<(Built, OutputSet)> {
    let mut formats: Vec<&dyn crate::formats::Format> = crate::formats::SITE.to_vec();
    #[cfg(feature = "pdf")]
    let pdf = crate::formats::pdf::Pdf::new(None, opts.epoch);
    #[cfg(feature = "pdf")]
    if opts.pdf {
        formats.push(&pdf);
    }
    let epub = crate::formats::epub::Epub::new(opts.epoch);
    if opts.epub {
        formats.push(&epub);
    }
    build_formats_in_memory(build_opts, &formats)
}

/// Write `name` and `name.sha256` into `dir`.
fn write_with_sum(dir: &Path, name: &str, bytes: &[u8]) -> Result<Archive> {
    let path = dir.join(name);
    let sha256 = hex(&Sha256::digest(bytes));
    write_file(&path, bytes)?;
    write_file(
        &dir.join(format!("{name}.sha256")),
        format!("{sha256}  {name}\n").as_bytes(),
    )?;
    Ok(Archive {
        path,
        bytes: bytes.len() as u64,
        sha256,
    })
}

fn create_dir(dir: &Path) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::UnsafeOutput {
            path: dir.to_path_buf(),
            reason: "it is a file, not a folder".to_string(),
        });
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
}

/// The note at the top of the archive, in every language of the bundle.
fn note(built: &Built) -> String {
    let mut text = String::new();
    for lang in &built.book.config.languages {
        let name = built.catalog.text(lang, "language_name");
        let how = built.catalog.text(lang, "bundle_note");
        text.push_str(&format!("{name}: {how}\n"));
    }
    text
}

/// Zip an output set under `top/`, reproducibly.
pub fn zip_site(set: &OutputSet, top: &str, note: &str, epoch: Option<i64>) -> Result<Vec<u8>> {
    let time = crate::output::zip_time(epoch);
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let zip_err = |e: zip::result::ZipError| Error::io(top, std::io::Error::other(e));
    let mut entries: Vec<(String, &[u8])> = vec![(format!("{top}/README.txt"), note.as_bytes())];
    entries.extend(
        set.files
            .iter()
            // Markers stay out, and so do the 404 pages: no server answers
            // from a folder.
            .filter(|(p, _)| !p.starts_with('.') && *p != "404.html" && !p.ends_with("/404.html"))
            .map(|(p, b)| (format!("{top}/{p}"), b.as_slice())),
    );
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options).map_err(zip_err)?;
        zip.write_all(bytes).map_err(|e| Error::io(&name, e))?;
    }
    Ok(zip.finish().map_err(zip_err)?.into_inner())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(crate::output::civil_from_days(0), (1970, 1, 1));
        assert_eq!(crate::output::civil_from_days(20_000), (2024, 10, 4));
        assert_eq!(crate::output::civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn zips_are_reproducible_and_sorted() {
        let mut set = OutputSet::default();
        set.insert("b.html", "b");
        set.insert("a/index.html", "a");
        set.insert(".kitap-output", "marker");
        let one = zip_site(&set, "report", "note", Some(1_700_000_000)).unwrap();
        let two = zip_site(&set, "report", "note", Some(1_700_000_000)).unwrap();
        assert_eq!(one, two);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(one)).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        assert_eq!(
            names,
            ["report/README.txt", "report/a/index.html", "report/b.html"]
        );
        let first = archive.by_index(0).unwrap();
        assert_eq!(first.unix_mode().map(|m| m & 0o777), Some(0o644));
        let t = first.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (2023, 11, 14));
    }
}
