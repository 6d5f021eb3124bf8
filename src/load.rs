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
//!
//! Everything read is inside the workspace: a symbolic link is followed
//! when what it points to is inside the workspace too, and is an error
//! naming the link otherwise (so no file from elsewhere on the machine can
//! reach a built site). No file is skipped without a word: a name that is
//! not UTF-8, a broken link, a link loop or a file that cannot be read are
//! errors naming it, and anything else that is not content a warning; only
//! hidden files and editors' temporary files are passed over in silence.

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
    /// `site/abbreviations.yaml`, when there is one.
    pub glossary: Option<SourceText>,
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
        return Err(Error::NoSite(
            std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()),
        ));
    }
    let path = site.join("site.yaml");
    let workspace = Workspace::new(root);
    for p in [&site, &path] {
        if let Some(d) = workspace.outside(p) {
            return Err(Error::Content(vec![d]));
        }
    }
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    text_of(root, &path, bytes).map_err(|d| Error::Content(vec![d]))
}

/// Read everything but the config.
pub fn read_sources(root: &Path, config: SourceText, theme: &str) -> Result<Sources> {
    let site = root.join("site");
    let workspace = Workspace::new(root);
    let mut diagnostics = Vec::new();
    let mut chapter_paths = Vec::new();
    let mut asset_paths = Vec::new();
    let mut glossary = None;
    for (rel, path) in workspace.files(&site, &mut diagnostics) {
        if rel == "site.yaml" {
            continue;
        }
        if rel == "abbreviations.yaml" {
            match std::fs::read(&path) {
                Ok(bytes) => match text_of(root, &path, bytes) {
                    Ok(t) => glossary = Some(t),
                    Err(d) => diagnostics.push(d),
                },
                Err(e) => diagnostics.push(unreadable(display(root, &path), &e)),
            }
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
        if let Some(d) = bad_file_name(root, &path, &rel) {
            diagnostics.push(d);
            continue;
        }
        match std::fs::read(&path) {
            Ok(bytes) => {
                assets.insert(rel, bytes);
            }
            Err(e) => diagnostics.push(unreadable(display(root, &path), &e)),
        }
    }

    let theme = read_theme(&workspace, theme, &mut diagnostics);
    let strings = read_strings(&workspace, &mut diagnostics);
    Ok(Sources {
        config,
        glossary,
        chapters,
        assets,
        theme,
        strings,
        diagnostics,
    })
}

/// The theme: embedded default files, then the workspace's `themes/<name>/`
/// files over them (file by file).
fn read_theme(ws: &Workspace, name: &str, diags: &mut Vec<Diagnostic>) -> ThemeFiles {
    let root = ws.root;
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
    for (rel, path) in ws.files(&dir, diags) {
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
            match bad_file_name(root, &path, s) {
                Some(d) => diags.push(d),
                None => {
                    theme.static_files.insert(s.to_string(), bytes);
                }
            }
        }
    }
    theme
}

/// Interface strings: embedded files, then the workspace's `i18n/<lang>.yaml`
/// over them (a workspace file replaces the embedded one whole).
fn read_strings(ws: &Workspace, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, SourceText> {
    let root = ws.root;
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
        for (rel, path) in ws.files(&dir, diags) {
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
    if let Some(d) = Workspace::new(root).outside(path) {
        return Some(Err(d));
    }
    Some(entry.read())
}

/// The workspace, for walking it: where its files may lead.
struct Workspace<'a> {
    /// As given (paths in messages are relative to it).
    root: &'a Path,
    /// Its real path, symbolic links resolved.
    real: PathBuf,
}

impl<'a> Workspace<'a> {
    fn new(root: &'a Path) -> Self {
        let real = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        Workspace { root, real }
    }

    /// An error when `path` resolves to a place outside the workspace.
    /// (A path that does not resolve is left to whoever reads it.)
    fn outside(&self, path: &Path) -> Option<Diagnostic> {
        let real = std::fs::canonicalize(path).ok()?;
        (!real.starts_with(&self.real)).then(|| {
            Diagnostic::file_error(
                display(self.root, path),
                "symbolic link to a place outside the workspace; kitap reads only files inside it (copy the file or folder in)",
            )
        })
    }

    /// The files under `dir` (path under `dir`, `/`-separated; path),
    /// sorted, following symbolic links that stay inside the workspace.
    /// Hidden and temporary files are passed over; every other file left
    /// out gets a diagnostic naming it.
    fn files(&self, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
        let mut out = Vec::new();
        let mut refused = Vec::new();
        let walk = WalkDir::new(dir)
            .sort_by_file_name()
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| {
                // Hidden folders (`site/.kitap/`, kitap's own store) are
                // never content.
                if e.depth() > 0
                    && e.file_type().is_dir()
                    && e.file_name().to_string_lossy().starts_with('.')
                {
                    return false;
                }
                if !e.path_is_symlink() {
                    return true;
                }
                match self.outside(e.path()) {
                    Some(d) => {
                        refused.push(d);
                        false
                    }
                    None => true,
                }
            });
        for entry in walk {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    diags.push(self.walk_error(dir, &e));
                    continue;
                }
            };
            // What a link points to (the walk follows links).
            let file_type = entry.file_type();
            let name = entry.file_name().to_string_lossy();
            if file_type.is_dir() || is_hidden_or_temp(Some(&name)) {
                continue;
            }
            let path = entry.into_path();
            let shown = display(self.root, &path);
            if path
                .strip_prefix(self.root)
                .unwrap_or(&path)
                .to_str()
                .is_none()
            {
                diags.push(Diagnostic::file_error(
                    shown,
                    "the file name is not valid UTF-8; rename it",
                ));
            } else if !file_type.is_file() {
                diags.push(Diagnostic::file_error(shown, "not a regular file; ignored").warning());
            } else {
                out.push((rel_slash(dir, &path), path));
            }
        }
        diags.extend(refused);
        out
    }

    /// A file or folder the walk could not follow or read, as an error
    /// naming it.
    fn walk_error(&self, dir: &Path, e: &walkdir::Error) -> Diagnostic {
        let path = e.path().unwrap_or(dir);
        let shown = display(self.root, path);
        if e.loop_ancestor().is_some() {
            return Diagnostic::file_error(
                shown,
                "symbolic link to a folder that contains it (a loop); remove the link",
            );
        }
        let broken = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
            && std::fs::metadata(path).is_err();
        if broken {
            return Diagnostic::file_error(
                shown,
                "broken symbolic link (what it points to does not exist); remove or fix it",
            );
        }
        let reason = e
            .io_error()
            .map_or_else(|| e.to_string(), std::io::Error::to_string);
        Diagnostic::file_error(shown, format!("cannot be read: {reason}"))
    }
}

/// An error if `rel`, the name a file copied to the output takes there
/// (and in a zip of it), holds a character that is no folder separator on
/// Unix but one on Windows (`\\`), a drive (`:`), or a control character:
/// an unzip program could write such a file outside its folder, and it
/// makes a bad URL.
fn bad_file_name(root: &Path, path: &Path, rel: &str) -> Option<Diagnostic> {
    let c = rel
        .chars()
        .find(|&c| c == '\\' || c == ':' || c.is_control())?;
    let what = if c.is_control() {
        format!("a control character (U+{:04X})", u32::from(c))
    } else {
        format!("`{c}`")
    };
    let shown: String = display(root, path)
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    Some(Diagnostic::file_error(
        shown,
        format!(
            "the file name holds {what}, which a file copied into the site may not have \
             (a folder separator or drive on Windows, unsafe in a zip and in a URL); rename the file"
        ),
    ))
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
