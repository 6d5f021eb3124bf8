//! The only reader of input files.
//!
//! Owns walking the workspace: `site/site.yaml`, chapters under
//! `site/<lang>/`, content images under `site/assets/`, the theme
//! (`themes/<name>/`, over the one compiled into the binary) and the interface
//! strings (`i18n/<lang>.yaml`, over the compiled ones). Each file is read
//! once; text is checked to be UTF-8 and its BOM removed. It knows nothing of
//! YAML or Markdown: later stages get [`Sources`] and never touch the disk.
//! Chapters are found here but read when the build converts them
//! ([`ChapterEntry::read`]), so a large book's sources are never all in
//! memory at once; the source line of an error found after that is read
//! again by [`attach_source_lines`].

use crate::embedded;
use crate::error::{Diagnostic, Error, Result, SourceText};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A chapter file as read.
#[derive(Debug, Clone)]
pub struct ChapterFile {
    /// The first folder under `site/` (a language code, if all is well).
    pub top: String,
    /// Path under `site/<top>/`, `/`-separated (e.g. `part1/03-x.md`).
    pub rel: String,
    /// The text.
    pub src: SourceText,
}

/// A chapter file found under `site/`, not read yet.
#[derive(Debug, Clone)]
pub struct ChapterEntry {
    /// The first folder under `site/`.
    pub top: String,
    /// Path under `site/<top>/`, `/`-separated.
    pub rel: String,
    /// Where it is.
    pub path: PathBuf,
    /// Path shown in messages.
    pub shown: String,
}

impl ChapterEntry {
    /// Read and decode the file.
    pub fn read(&self) -> Result<ChapterFile, Diagnostic> {
        let bytes = std::fs::read(&self.path).map_err(|e| unreadable(self.shown.clone(), &e))?;
        Ok(ChapterFile {
            top: self.top.clone(),
            rel: self.rel.clone(),
            src: decode(self.shown.clone(), bytes)?,
        })
    }
}

/// Fill in the source line of diagnostics that have a line but no text
/// (those found after the file's text was dropped), reading each file once
/// and walking it once.
pub fn attach_source_lines(root: &Path, diags: &mut [Diagnostic]) {
    let mut by_file: BTreeMap<String, Vec<&mut Diagnostic>> = BTreeMap::new();
    for d in diags.iter_mut() {
        if d.source_line.is_none() && d.line > 0 {
            by_file.entry(d.path.clone()).or_default().push(d);
        }
    }
    for (path, diags) in by_file {
        let Ok(bytes) = std::fs::read(root.join(&path)) else {
            continue;
        };
        if let Ok(src) = decode(path, bytes) {
            src.attach_excerpts(diags);
        }
    }
}

/// A file or folder that could not be read, as a diagnostic (so that every
/// one of them is reported, with the rest of the run's problems).
fn unreadable(shown: String, e: &std::io::Error) -> Diagnostic {
    Diagnostic::file_error(shown, format!("cannot read it: {e}"))
}

/// A theme: templates by name and static files by path.
#[derive(Debug, Clone, Default)]
pub struct ThemeFiles {
    /// `templates/<name>` -> source, keyed by `<name>`.
    pub templates: BTreeMap<String, SourceText>,
    /// `static/<path>` -> bytes, keyed by `<path>`.
    pub static_files: BTreeMap<String, Vec<u8>>,
}

/// Everything the build reads, in memory.
#[derive(Debug, Clone)]
pub struct Sources {
    /// `site/site.yaml`.
    pub config: SourceText,
    /// Every `.md` file under a folder of `site/`, sorted by path.
    pub chapters: Vec<ChapterEntry>,
    /// `site/assets/**` by path under `assets/`.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// The theme, workspace files over the embedded default.
    pub theme: ThemeFiles,
    /// Interface strings by language code.
    pub strings: BTreeMap<String, SourceText>,
    /// Problems found while reading (non-UTF-8 files, stray chapters).
    pub diagnostics: Vec<Diagnostic>,
}

/// Read a workspace. `theme` is the theme name from `site.yaml`, so this is
/// called after the config is known; see [`read_config`].
pub fn read_config(root: &Path) -> Result<SourceText> {
    let site = root.join("site");
    if !site.is_dir() {
        return Err(Error::NoSite(root.to_path_buf()));
    }
    let path = site.join("site.yaml");
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    text_of(root, &path, bytes).map_err(|d| Error::Content(vec![d]))
}

/// Read everything but the config.
pub fn read_sources(root: &Path, config: SourceText, theme: &str) -> Result<Sources> {
    let site = root.join("site");
    let mut diagnostics = Vec::new();
    let mut chapter_paths = Vec::new();
    let mut asset_paths = Vec::new();
    for entry in WalkDir::new(&site).sort_by_file_name().follow_links(false) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                diagnostics.push(walk_error(root, &site, e));
                continue;
            }
        };
        if !entry.file_type().is_file() || is_hidden_or_temp(entry.file_name().to_str()) {
            continue;
        }
        let path = entry.into_path();
        let rel = rel_slash(&site, &path);
        if rel == "site.yaml" {
            continue;
        }
        if let Some(asset) = rel.strip_prefix("assets/") {
            asset_paths.push((asset.to_string(), path));
        } else if rel.ends_with(".md") {
            chapter_paths.push((rel, path));
        } else {
            diagnostics.push(
                Diagnostic::file_error(
                    display(root, &path),
                    "not a chapter (.md) and not under site/assets/; ignored",
                )
                .warning(),
            );
        }
    }

    let mut chapters = Vec::new();
    for (rel, path) in chapter_paths {
        let shown = display(root, &path);
        match rel.split_once('/') {
            Some((top, rest)) => chapters.push(ChapterEntry {
                top: top.to_string(),
                rel: rest.to_string(),
                path,
                shown,
            }),
            None => diagnostics.push(Diagnostic::file_error(
                shown,
                "chapters belong in a language folder, like site/en/01-name.md",
            )),
        }
    }

    let mut assets = BTreeMap::new();
    for (rel, path) in asset_paths {
        match std::fs::read(&path) {
            Ok(bytes) => {
                assets.insert(rel, bytes);
            }
            Err(e) => diagnostics.push(unreadable(display(root, &path), &e)),
        }
    }

    let theme = read_theme(root, theme, &mut diagnostics);
    let strings = read_strings(root, &mut diagnostics);
    Ok(Sources {
        config,
        chapters,
        assets,
        theme,
        strings,
        diagnostics,
    })
}

/// The theme: embedded default files, then the workspace's `themes/<name>/`
/// files over them (file by file).
fn read_theme(root: &Path, name: &str, diags: &mut Vec<Diagnostic>) -> ThemeFiles {
    let mut theme = ThemeFiles::default();
    if name == "default" {
        for (path, text) in embedded::THEME_TEMPLATES {
            theme.templates.insert(
                path.to_string(),
                SourceText {
                    path: format!("<builtin>/themes/default/templates/{path}"),
                    text: text.to_string(),
                },
            );
        }
        for (path, bytes) in embedded::THEME_STATIC {
            theme.static_files.insert(path.to_string(), bytes.to_vec());
        }
    }
    let dir = root.join("themes").join(name);
    if !dir.is_dir() {
        if name != "default" {
            diags.push(Diagnostic::file_error(
                "site/site.yaml",
                format!("theme `{name}` not found: expected folder themes/{name}/"),
            ));
        }
        return theme;
    }
    for (rel, path) in walk_files(root, &dir, diags) {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                diags.push(unreadable(display(root, &path), &e));
                continue;
            }
        };
        if let Some(t) = rel.strip_prefix("templates/") {
            match text_of(root, &path, bytes) {
                Ok(src) => {
                    theme.templates.insert(t.to_string(), src);
                }
                Err(d) => diags.push(d),
            }
        } else if let Some(s) = rel.strip_prefix("static/") {
            theme.static_files.insert(s.to_string(), bytes);
        }
    }
    theme
}

/// Interface strings: embedded files, then the workspace's `i18n/<lang>.yaml`
/// over them (a workspace file replaces the embedded one whole).
fn read_strings(root: &Path, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, SourceText> {
    let mut out = BTreeMap::new();
    for (code, text) in embedded::STRINGS {
        out.insert(
            code.to_string(),
            SourceText {
                path: format!("<builtin>/i18n/{code}.yaml"),
                text: text.to_string(),
            },
        );
    }
    let dir = root.join("i18n");
    if dir.is_dir() {
        for (rel, path) in walk_files(root, &dir, diags) {
            let Some(code) = rel.strip_suffix(".yaml") else {
                continue;
            };
            let bytes = match std::fs::read(&path) {
                Ok(bytes) => bytes,
                Err(e) => {
                    diags.push(unreadable(display(root, &path), &e));
                    continue;
                }
            };
            match text_of(root, &path, bytes) {
                Ok(src) => {
                    out.insert(code.to_string(), src);
                }
                Err(d) => diags.push(d),
            }
        }
    }
    out
}

/// Read one chapter file again (for `serve`'s incremental rebuilds).
/// `None` when `path` is not a `.md` file in a folder under `site/`.
pub fn read_chapter(root: &Path, path: &Path) -> Option<Result<ChapterFile, Diagnostic>> {
    let rel = rel_slash(&root.join("site"), path);
    let (top, rest) = rel.split_once('/')?;
    if !rest.ends_with(".md") || top == "assets" {
        return None;
    }
    let entry = ChapterEntry {
        top: top.to_string(),
        rel: rest.to_string(),
        path: path.to_path_buf(),
        shown: display(root, path),
    };
    Some(entry.read())
}

/// The files under `dir` (path relative to it, full path); folders that
/// cannot be read are reported in `diags`.
fn walk_files(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                diags.push(walk_error(root, dir, e));
                continue;
            }
        };
        if entry.file_type().is_file() && !is_hidden_or_temp(entry.file_name().to_str()) {
            let path = entry.into_path();
            out.push((rel_slash(dir, &path), path));
        }
    }
    out
}

/// Editors' temp and backup files, and hidden files: never content.
pub fn is_hidden_or_temp(name: Option<&str>) -> bool {
    let Some(name) = name else { return true };
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.contains("___jb_")
}

/// A folder (or entry) under `dir` that could not be read, as a diagnostic.
fn walk_error(root: &Path, dir: &Path, e: walkdir::Error) -> Diagnostic {
    let path = e
        .path()
        .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
    let io = e
        .into_io_error()
        .unwrap_or_else(|| std::io::Error::other("file system loop"));
    unreadable(display(root, &path), &io)
}

/// Decode a file as UTF-8, dropping a BOM; an error names the file.
fn text_of(root: &Path, path: &Path, bytes: Vec<u8>) -> Result<SourceText, Diagnostic> {
    decode(display(root, path), bytes)
}

/// [`text_of`] for a file shown as `shown`.
///
/// Validated with simdutf8 (std's check is ~4 % of a build of Cyrillic
/// text, simdutf8's a tenth of that) and copied into a `String`: the copy
/// costs less than validating twice, and needs no `unsafe`.
fn decode(shown: String, bytes: Vec<u8>) -> Result<SourceText, Diagnostic> {
    match simdutf8::basic::from_utf8(&bytes) {
        Ok(text) => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text).to_owned();
            Ok(SourceText { path: shown, text })
        }
        Err(_) => {
            let valid_up_to =
                std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), str::len);
            let valid = &bytes[..valid_up_to];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let mut d = Diagnostic::file_error(shown, "file is not valid UTF-8; save it as UTF-8");
            d.line = line;
            Err(d)
        }
    }
}

/// A path relative to the workspace, `/`-separated, for messages.
pub fn display(root: &Path, path: &Path) -> String {
    rel_slash(root, path)
}

fn rel_slash(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
