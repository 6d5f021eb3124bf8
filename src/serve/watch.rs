//! File events -> what kind of rebuild they need. The sorting is a pure
//! function ([`classify`]); [`spawn`] runs a notify watcher (native, or
//! polling with `--poll`) with a short debounce over `site/`, `themes/` and
//! `i18n/`, never the output folder (serve keeps its output in memory), and
//! over the workspace itself, not recursively, so that those folders are
//! watched again when they appear or are replaced ([`Watcher::reattach`]).

use crate::load::is_hidden_or_temp;
use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer, new_debouncer_opt};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// How long the debouncer waits for a burst (an atomic save, a checkout) to end.
pub const DEBOUNCE: Duration = Duration::from_millis(15);

/// What a batch of file events asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Nothing kitap reads changed (editor temp files and the like).
    Ignore,
    /// Only these chapter files changed (their text may be re-read alone).
    Chapters(Vec<PathBuf>),
    /// Only stylesheets changed: rebuild, and browsers may swap the CSS.
    Styles,
    /// Anything else: configuration, templates, strings, assets, new or
    /// removed files.
    Full,
}

/// Sort changed paths into a [`Change`].
pub fn classify(root: &Path, paths: &[PathBuf]) -> Change {
    let relevant: Vec<&PathBuf> = paths.iter().filter(|p| is_relevant(root, p)).collect();
    if relevant.is_empty() {
        return Change::Ignore;
    }
    let site = root.join("site");
    let chapter = |p: &Path| {
        p.extension().is_some_and(|e| e == "md")
            && p.strip_prefix(&site)
                .is_ok_and(|r| r.components().count() >= 2 && !r.starts_with("assets"))
    };
    if relevant.iter().all(|p| chapter(p)) {
        let mut list: Vec<PathBuf> = relevant.into_iter().cloned().collect();
        list.sort();
        list.dedup();
        return Change::Chapters(list);
    }
    let themes = root.join("themes");
    if relevant
        .iter()
        .all(|p| p.starts_with(&themes) && p.extension().is_some_and(|e| e == "css"))
    {
        return Change::Styles;
    }
    Change::Full
}

/// The changed paths kitap reads ([`classify`] looks at no other), relative
/// to the workspace and `/`-separated (`site/en/03-labour.md`), sorted,
/// each once: what a rebuild line names.
pub fn changed_files(root: &Path, paths: &[PathBuf]) -> Vec<String> {
    let mut files: Vec<String> = paths
        .iter()
        .filter(|p| is_relevant(root, p))
        .filter_map(|p| p.strip_prefix(root).ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    files.sort();
    files.dedup();
    files
}

/// Under a watched folder, and not an editor's temp or backup file.
fn is_relevant(root: &Path, path: &Path) -> bool {
    let watched = WATCHED.iter().any(|d| path.starts_with(root.join(d)));
    let name = path.file_name().and_then(|n| n.to_str());
    // vim writes a file named `4913` to test whether it may create files.
    let probe = name.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let rel = path.strip_prefix(root).unwrap_or(path);
    let hidden_dir = rel
        .components()
        .any(|c| c.as_os_str().to_str().is_some_and(|s| s.starts_with('.')));
    watched && !probe && !hidden_dir && !is_hidden_or_temp(name)
}

/// The folders kitap reads, under the workspace.
const WATCHED: [&str; 3] = ["site", "themes", "i18n"];

/// A debouncer, whatever its watcher (native or polling).
trait Attach: Send {
    fn attach(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()>;
    fn detach(&mut self, path: &Path) -> notify::Result<()>;
}

impl<T, C> Attach for notify_debouncer_full::Debouncer<T, C>
where
    T: notify::Watcher + Send,
    C: notify_debouncer_full::FileIdCache + Send,
{
    fn attach(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        self.watch(path, mode)
    }

    fn detach(&mut self, path: &Path) -> notify::Result<()> {
        self.unwatch(path)
    }
}

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    inner: Box<dyn Attach>,
    root: PathBuf,
}

impl Watcher {
    /// Watch again a watched folder that appeared, disappeared or was
    /// replaced (`rm -rf site` and a restore, `themes/` made after start):
    /// the workspace itself is watched, not recursively, so such a folder's
    /// own events arrive in `paths`. A watch on a removed folder dies with
    /// it; the new folder needs a new one.
    pub fn reattach(&mut self, paths: &[PathBuf]) {
        for d in WATCHED {
            let dir = self.root.join(d);
            if !paths.contains(&dir) {
                continue;
            }
            let _ = self.inner.detach(&dir);
            if dir.is_dir()
                && let Err(e) = self.inner.attach(&dir, RecursiveMode::Recursive)
            {
                eprintln!("kitap: cannot watch {}: {e}", dir.display());
            }
        }
    }
}

/// Watch the workspace; batches of changed paths arrive on the channel.
pub fn spawn(root: &Path, poll: bool) -> notify::Result<(Watcher, mpsc::Receiver<Vec<PathBuf>>)> {
    let (tx, rx) = mpsc::channel();
    let handler = move |result: DebounceEventResult| {
        if let Ok(events) = result {
            // Reads (our own builds read every file) are not changes.
            let paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| !matches!(e.event.kind, notify::EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .collect();
            if !paths.is_empty() {
                let _ = tx.send(paths);
            }
        }
    };
    let mut inner: Box<dyn Attach> = if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(100));
        Box::new(new_debouncer_opt::<_, notify::PollWatcher, _>(
            DEBOUNCE,
            None,
            handler,
            notify_debouncer_full::NoCache,
            config,
        )?)
    } else {
        Box::new(new_debouncer(DEBOUNCE, None, handler)?)
    };
    // The workspace itself, for the watched folders coming and going.
    inner.attach(root, RecursiveMode::NonRecursive)?;
    for d in WATCHED {
        let dir = root.join(d);
        if dir.is_dir() {
            inner.attach(&dir, RecursiveMode::Recursive)?;
        }
    }
    Ok((
        Watcher {
            inner,
            root: root.to_path_buf(),
        },
        rx,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(root: &Path, rels: &[&str]) -> Vec<PathBuf> {
        rels.iter().map(|r| root.join(r)).collect()
    }

    #[test]
    fn editor_temp_files_are_ignored() {
        let root = Path::new("/ws");
        let temps = [
            "site/en/.01-a.md.swp",
            "site/en/01-a.md~",
            "site/en/#01-a.md#",
            "site/en/4913",
            "site/en/01-a.md___jb_tmp___",
            "site/en/.#01-a.md",
            "public/en/a.html",
            "site/.git/index",
        ];
        assert_eq!(classify(root, &paths(root, &temps)), Change::Ignore);
    }

    #[test]
    fn changed_files_are_relative_sorted_and_without_temp_files() {
        let root = Path::new("/ws");
        let changed = changed_files(
            root,
            &paths(
                root,
                &[
                    "site/en/02-b.md",
                    "site/en/.02-b.md.swp",
                    "site/en/01-a.md",
                    "site/en/02-b.md",
                    "public/en/a.html",
                    "i18n/kk.yaml",
                ],
            ),
        );
        assert_eq!(
            changed,
            ["i18n/kk.yaml", "site/en/01-a.md", "site/en/02-b.md"]
        );
    }

    #[test]
    fn chapter_edits_are_incremental_and_the_rest_full() {
        let root = Path::new("/ws");
        let c = classify(
            root,
            &paths(
                root,
                &["site/en/01-a.md", "site/en/.01-a.md.swp", "site/en/01-a.md"],
            ),
        );
        assert_eq!(c, Change::Chapters(paths(root, &["site/en/01-a.md"])));
        assert_eq!(
            classify(root, &paths(root, &["site/site.yaml"])),
            Change::Full
        );
        assert_eq!(
            classify(root, &paths(root, &["site/en/01-a.md", "i18n/kk.yaml"])),
            Change::Full
        );
        assert_eq!(
            classify(root, &paths(root, &["site/assets/a.svg"])),
            Change::Full
        );
        assert_eq!(
            classify(root, &paths(root, &["themes/default/static/style.css"])),
            Change::Styles
        );
        assert_eq!(
            classify(root, &paths(root, &["themes/default/templates/base.html"])),
            Change::Full
        );
    }
}
