//! Rebuilding on change, and the state the server serves.
//!
//! [`Served`] is what HTTP reads: the last good output in memory, the current
//! error (if the last rebuild failed) and a generation number. Updates are
//! made under a write lock, file by file, so a request never sees a
//! half-written page. [`Rebuilder`] keeps the resolved book between edits:
//! an edit of a chapter's text re-reads and re-parses that file alone,
//! re-resolves its links and re-renders its pages in every language; the
//! language's print page and search index follow right after. Anything
//! structural (a new, removed or renamed chapter, a changed title, order or
//! anchor, templates, strings, configuration, assets) runs a full build.

use super::watch::Change;
use crate::build::{BuildOptions, Built, build_in_memory};
use crate::error::{Diagnostic, Error, render_report, sort_diagnostics};
use crate::formats;
use crate::load;
use crate::model::{self, Chapter};
use crate::output::OutputSet;
use crate::search;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// What the server serves.
#[derive(Debug, Default)]
pub struct Served {
    /// The last good build.
    pub files: OutputSet,
    /// The errors of the last rebuild, rendered, if it failed.
    pub error: Option<String>,
    /// Bumped on every change.
    pub generation: u64,
    /// Files that depend on the whole language (print pages, search indexes)
    /// and are out of date after an incremental rebuild; HTTP regenerates
    /// them when asked for ([`refresh`]), so an edit's cost does not grow
    /// with the book.
    pub stale: BTreeSet<String>,
}

/// The outcome of a rebuild, for logs and the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to do.
    Unchanged,
    /// Pages changed; `styles_only` when only CSS did.
    Updated {
        /// Files replaced.
        files: usize,
        /// Only stylesheets changed.
        styles_only: bool,
    },
    /// The rebuild failed; the last good site stays.
    Failed(String),
}

/// Keeps the last good book and applies changes to [`Served`].
pub struct Rebuilder {
    root: PathBuf,
    /// Show drafts (`--drafts`), as `kitap build --drafts` does.
    drafts: bool,
    built: Arc<RwLock<Option<Built>>>,
}

impl Rebuilder {
    /// A rebuilder for the workspace at `root`, showing drafts or not;
    /// call [`Rebuilder::full`] first.
    pub fn new(root: &Path, drafts: bool) -> Self {
        Rebuilder {
            root: root.to_path_buf(),
            drafts,
            built: Arc::new(RwLock::new(None)),
        }
    }

    /// The last good build (shared with the translators' pages).
    pub fn built(&self) -> Arc<RwLock<Option<Built>>> {
        Arc::clone(&self.built)
    }

    /// Apply a classified change.
    pub fn apply(&mut self, change: &Change, served: &RwLock<Served>) -> Outcome {
        match change {
            Change::Ignore => Outcome::Unchanged,
            Change::Chapters(paths) => match self.chapters(paths, served) {
                Some(Outcome::Failed(report)) => {
                    // Part of a batch may be applied: the next change starts
                    // from a full build, so the result always equals one.
                    *self.built.write().unwrap_or_else(|e| e.into_inner()) = None;
                    Outcome::Failed(report)
                }
                Some(outcome) => outcome,
                None => self.full(served, false),
            },
            Change::Styles => self.full(served, true),
            Change::Full => self.full(served, false),
        }
    }

    /// Build everything and replace what is served.
    pub fn full(&mut self, served: &RwLock<Served>, styles_only: bool) -> Outcome {
        match build_in_memory(&BuildOptions {
            root: self.root.clone(),
            drafts: self.drafts,
            ..Default::default()
        }) {
            Ok((built, files)) => {
                let count = files.files.len();
                for w in render_report(&built.warnings) {
                    eprintln!("{w}");
                }
                // The book and the files it made change together, the book's
                // lock taken first (as everywhere): whoever holds the book
                // sees the files and generation that came from it, so a
                // refresh never pairs an old book with a new generation.
                let mut book = self.built.write().unwrap_or_else(|e| e.into_inner());
                let mut s = served.write().unwrap_or_else(|e| e.into_inner());
                s.files = files;
                s.stale.clear();
                s.error = None;
                s.generation += 1;
                *book = Some(built);
                drop(s);
                drop(book);
                Outcome::Updated {
                    files: count,
                    styles_only,
                }
            }
            Err(e) => fail(served, &e),
        }
    }

    /// Incremental rebuild of edited chapters; `None` when the edit is
    /// structural and needs a full build.
    fn chapters(&mut self, paths: &[PathBuf], served: &RwLock<Served>) -> Option<Outcome> {
        let mut guard = self.built.write().unwrap_or_else(|e| e.into_inner());
        let built = guard.as_mut()?;
        let mut edits = Vec::new();
        for path in paths {
            let file = match load::read_chapter(&self.root, path)? {
                Ok(f) => f,
                Err(_) => return None,
            };
            let site_path = format!("{}/{}", file.top, file.rel);
            let i = built.book.chapter_at(&site_path)?;
            let old = &built.book.chapters[i];
            let versioned = old.lang == built.book.config.default_language;
            let terms = built.book.glossary.terms(&old.lang).to_vec();
            let (chapter, diags) = model::chapter_from(file, &old.lang, versioned, &terms);
            if diags.iter().any(Diagnostic::is_error) {
                return Some(fail(served, &Error::Content(diags)));
            }
            let chapter = chapter?;
            if !same_structure(old, &chapter) {
                return None;
            }
            edits.push((i, chapter));
        }
        let assets: BTreeSet<String> = built.assets.keys().cloned().collect();
        let mut pages = BTreeSet::new();
        let mut langs = BTreeSet::new();
        let mut ids = BTreeSet::new();
        for (i, chapter) in edits {
            let id = chapter.id.clone();
            ids.insert(id.clone());
            langs.insert(chapter.lang.clone());
            if let Err(mut diags) = built.book.replace_text(i, chapter, &assets, &built.catalog) {
                load::attach_source_lines(&self.root, &mut diags);
                sort_diagnostics(&mut diags);
                return Some(fail(served, &Error::Content(diags)));
            }
            // Every language's page of this chapter: its own text, a
            // fallback to it, or a stale-translation notice that depends on it.
            for lang in &built.book.config.languages {
                pages.insert(format!("{lang}/{id}.html"));
            }
        }
        // A source's edit changes which sections of its translations are
        // marked as changed.
        crate::build::mark_stale_parts(&self.root, &mut built.book);
        let input = built.input();
        let rendered = match formats::render_some(formats::SITE, &input, &pages) {
            Ok(r) => r,
            Err(diags) => return Some(fail(served, &Error::Content(diags))),
        };
        let print = built.book.config.languages.iter().filter(|l| {
            ids.iter()
                .any(|id| langs.contains(&built.book.page(l, id).chapter.lang))
        });
        let mut stale: Vec<String> = print.map(|l| format!("{l}/print.html")).collect();
        let count = rendered.files.len();
        let mut s = served.write().unwrap_or_else(|e| e.into_inner());
        // Every search file of an edited language: its manifest, shards and
        // texts are numbered together, and are made again together when
        // one is next asked for.
        // (A range of the sorted paths: an edit's cost does not grow with
        // the other languages' files.)
        for lang in &langs {
            let prefix = format!("{lang}/search");
            stale.extend(
                s.files
                    .files
                    .range(prefix.clone()..)
                    .map(|(p, _)| p)
                    .take_while(|p| p.starts_with(&prefix))
                    .filter(|p| search::index::is_search_file(lang, p))
                    .cloned(),
            );
        }
        s.files.files.extend(rendered.files);
        s.stale.extend(stale);
        s.error = None;
        s.generation += 1;
        Some(Outcome::Updated {
            files: count,
            styles_only: false,
        })
    }
}

/// Bring a stale file (see [`Served::stale`]) up to date from the last good
/// book; returns its bytes, or `None` when there is no book to render from,
/// the file is no longer stale, or the site changed while it was rendered
/// (then what [`Served`] holds is at least as new; serve that).
pub fn refresh(
    built: &RwLock<Option<Built>>,
    served: &RwLock<Served>,
    path: &str,
) -> Option<Vec<u8>> {
    // A rebuild may land while the file renders; then render again from
    // the new book if the file is still stale.
    for _ in 0..3 {
        let fresh = render_stale(built, served, path)?;
        if let Some(bytes) = commit(served, fresh) {
            return Some(bytes);
        }
    }
    None
}

/// A stale file rendered from the book of one generation, not yet served.
#[derive(Debug)]
pub struct Refreshed {
    path: String,
    generation: u64,
    files: OutputSet,
}

/// Render a stale file from the last good book, noting the generation of
/// the site that book made.
pub fn render_stale(
    built: &RwLock<Option<Built>>,
    served: &RwLock<Served>,
    path: &str,
) -> Option<Refreshed> {
    let guard = built.read().unwrap_or_else(|e| e.into_inner());
    let built = guard.as_ref()?;
    // Read under the book's lock: every rebuild replaces the book and the
    // files together under it, so this generation is the book's.
    let generation = {
        let s = served.read().unwrap_or_else(|e| e.into_inner());
        if !s.stale.contains(path) {
            return None;
        }
        s.generation
    };
    let (lang, _) = path.split_once('/')?;
    built.book.config.lang(lang)?;
    let only = BTreeSet::from([path.to_string()]);
    let files = formats::render_some(formats::SITE, &built.input(), &only).ok()?;
    files.get(path)?;
    Some(Refreshed {
        path: path.to_string(),
        generation,
        files,
    })
}

/// Serve a rendered stale file, unless a rebuild (or a failed one) happened
/// since it was rendered: an older book must never overwrite a newer
/// rebuild's files. Returns the bytes it installed.
pub fn commit(served: &RwLock<Served>, fresh: Refreshed) -> Option<Vec<u8>> {
    let mut s = served.write().unwrap_or_else(|e| e.into_inner());
    if s.generation != fresh.generation {
        return None;
    }
    let bytes = fresh.files.get(&fresh.path)?.to_vec();
    for path in fresh.files.files.keys() {
        s.stale.remove(path);
    }
    s.files.files.extend(fresh.files.files);
    Some(bytes)
}

/// Same front matter (every key, whatever it is), id, language, order,
/// anchors, sections and numbered tables and figures: only the text changed.
fn same_structure(a: &Chapter, b: &Chapter) -> bool {
    a.front == b.front
        && a.id == b.id
        && a.lang == b.lang
        && a.order == b.order
        && a.parsed.anchors == b.parsed.anchors
        // Numbers other chapters' references show: tables, figures and
        // the order of sections.
        && a.parsed.captions == b.parsed.captions
        && a.parsed.headings.iter().map(|h| &h.id).eq(b.parsed.headings.iter().map(|h| &h.id))
}

/// Record a failed rebuild (the caller prints it): keep the last good
/// files, show the error over them.
fn fail(served: &RwLock<Served>, e: &Error) -> Outcome {
    let report = e.render();
    let mut s = served.write().unwrap_or_else(|e| e.into_inner());
    s.error = Some(report.clone());
    s.generation += 1;
    Outcome::Failed(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the `basic` fixture, its draft removed.
    fn workspace() -> tempfile::TempDir {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let dir = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        std::fs::remove_file(dir.path().join("site/en/03-secret.md")).unwrap();
        dir
    }

    fn edit(root: &Path, rel: &str, from: &str, to: &str) -> PathBuf {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} lacks {from:?}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
        path
    }

    fn served_text(served: &RwLock<Served>, path: &str) -> String {
        let s = served.read().unwrap();
        String::from_utf8_lossy(s.files.get(path).unwrap()).into_owned()
    }

    #[test]
    fn a_refresh_rendered_before_a_rebuild_never_overwrites_it() {
        let ws = workspace();
        let root = std::fs::canonicalize(ws.path()).unwrap();
        let served = RwLock::new(Served::default());
        let mut rebuilder = Rebuilder::new(&root, false);
        assert!(matches!(
            rebuilder.full(&served, false),
            Outcome::Updated { .. }
        ));
        let built = rebuilder.built();

        // A text edit: the print page goes stale.
        let law = edit(
            &root,
            "site/en/02-law.md",
            "Some gaps.",
            "Some edited gaps.",
        );
        let outcome = rebuilder.apply(&Change::Chapters(vec![law]), &served);
        assert!(matches!(outcome, Outcome::Updated { .. }), "{outcome:?}");
        assert!(served.read().unwrap().stale.contains("en/print.html"));

        // A request starts refreshing it from this book ...
        let fresh = render_stale(&built, &served, "en/print.html").expect("rendered");
        // ... while a full rebuild (a new title) finishes.
        edit(
            &root,
            "site/en/02-law.md",
            "title: The law",
            "title: Retitled law",
        );
        assert!(matches!(
            rebuilder.full(&served, false),
            Outcome::Updated { .. }
        ));
        assert!(served_text(&served, "en/print.html").contains("Retitled law"));

        // The refresh is dropped: the newer rebuild's page stays.
        assert!(commit(&served, fresh).is_none());
        let print = served_text(&served, "en/print.html");
        assert!(print.contains("Retitled law"), "old book served again");
        assert!(print.contains("Some edited gaps."));
    }

    #[test]
    fn a_refresh_with_no_rebuild_in_between_serves_the_edit() {
        let ws = workspace();
        let root = std::fs::canonicalize(ws.path()).unwrap();
        let served = RwLock::new(Served::default());
        let mut rebuilder = Rebuilder::new(&root, false);
        rebuilder.full(&served, false);
        let law = edit(
            &root,
            "site/en/02-law.md",
            "Some gaps.",
            "Some edited gaps.",
        );
        rebuilder.apply(&Change::Chapters(vec![law]), &served);
        assert!(!served_text(&served, "en/print.html").contains("Some edited gaps."));
        let bytes = refresh(&rebuilder.built(), &served, "en/print.html").expect("refreshed");
        assert!(String::from_utf8_lossy(&bytes).contains("Some edited gaps."));
        assert!(served_text(&served, "en/print.html").contains("Some edited gaps."));
        assert!(!served.read().unwrap().stale.contains("en/print.html"));
        // No longer stale: nothing to refresh, the served file is current.
        assert!(refresh(&rebuilder.built(), &served, "en/print.html").is_none());
    }

    #[test]
    fn an_edit_remakes_the_languages_search_files_together() {
        let ws = workspace();
        let root = std::fs::canonicalize(ws.path()).unwrap();
        let served = RwLock::new(Served::default());
        let mut rebuilder = Rebuilder::new(&root, false);
        rebuilder.full(&served, false);
        let law = edit(
            &root,
            "site/en/02-law.md",
            "Some gaps.",
            "Some gaps about zanzibarite.",
        );
        rebuilder.apply(&Change::Chapters(vec![law]), &served);
        let stale = served.read().unwrap().stale.clone();
        assert!(stale.contains("en/search-index.js"), "{stale:?}");
        assert!(
            stale.iter().any(|p| p.starts_with("en/search/text-")),
            "{stale:?}"
        );
        assert!(
            !stale.iter().any(|p| p.starts_with("kk/search")),
            "{stale:?}"
        );
        // The manifest asked for: every search file of the language made
        // from the edited book, none stale any more.
        refresh(&rebuilder.built(), &served, "en/search-index.js").expect("refreshed");
        let s = served.read().unwrap();
        assert!(
            !s.stale.iter().any(|p| p.starts_with("en/search")),
            "{:?}",
            s.stale
        );
        let shards: String = s
            .files
            .files
            .iter()
            .filter(|(p, _)| p.starts_with("en/search/terms-") || *p == "en/search-index.js")
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .collect();
        assert!(
            shards.contains("\"zanzibarit\""),
            "the edit's word is indexed"
        );
        let texts: String = s
            .files
            .files
            .iter()
            .filter(|(p, _)| p.starts_with("en/search/text-"))
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .collect();
        assert!(texts.contains("Some gaps about zanzibarite."));
        drop(s);
        // What a full build of the edited site writes.
        let (_, fresh) = crate::build::build_in_memory(&crate::build::BuildOptions {
            root: root.clone(),
            ..Default::default()
        })
        .unwrap();
        let s = served.read().unwrap();
        for (path, bytes) in fresh
            .files
            .iter()
            .filter(|(p, _)| p.starts_with("en/search"))
        {
            assert_eq!(s.files.get(path), Some(bytes.as_slice()), "{path}");
        }
    }
}
