//! What translators need to know beyond "stale": kitap keeps the source
//! chapter each translation was made from, so it can name the sections that
//! changed since (`kitap check`) and show the changes word by word (`kitap
//! diff`).
//!
//! The store is `site/.kitap/sources/<version>.md`: the source chapter's
//! file as it was when a translation was stamped (`kitap translated`),
//! named by its source version. It is content-addressed (a version names
//! one text; the text is checked against its name when read), needs no git,
//! and is meant to be committed with the chapters. `kitap check --fix`
//! removes the versions no translation names any more. Sits on top of the
//! pipeline with the other translator commands.

use crate::error::{Error, Result};
use crate::resolve::Book;
use crate::sources::is_version;
pub use crate::sources::{STORE, changes, keep, kept, version_of_text};
use crate::status::{Finding, SectionChange};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Remove the kept versions that no translation of `book` names. Returns
/// the files removed.
pub fn prune(root: &Path, book: &Book) -> Result<Vec<PathBuf>> {
    let named: BTreeSet<&str> = book
        .chapters
        .iter()
        .filter_map(|c| c.translation_of.as_deref())
        .collect();
    let dir = root.join(STORE);
    let Ok(entries) = fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut removed = Vec::new();
    let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    names.sort();
    for path in names {
        let Some(version) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".md"))
        else {
            continue;
        };
        if is_version(version) && !named.contains(version) {
            fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            removed.push(path);
        }
    }
    Ok(removed)
}

/// What changed in a source chapter since a translation was made from it.
#[derive(Debug, Clone)]
pub struct Diff {
    /// The translation's file, as shown in messages.
    pub translation: String,
    /// The source chapter's file.
    pub source: String,
    /// The version the translation names.
    pub named: String,
    /// The source's version now.
    pub current: String,
    /// The parts that changed (empty: up to date).
    pub changes: Vec<SectionChange>,
}

/// One run of words in a word-level diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Words {
    /// In both versions.
    Same(String),
    /// Only in the old one.
    Removed(String),
    /// Only in the new one.
    Added(String),
}

/// `old` against `new`, word by word (spaces kept with their words).
pub fn word_diff(old: &str, new: &str) -> Vec<Words> {
    let diff = similar::TextDiff::from_words(old, new);
    let mut out: Vec<Words> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        let word = match change.tag() {
            similar::ChangeTag::Equal => Words::Same(text.to_string()),
            similar::ChangeTag::Delete => Words::Removed(text.to_string()),
            similar::ChangeTag::Insert => Words::Added(text.to_string()),
        };
        // Runs of the same kind are merged.
        match (out.last_mut(), &word) {
            (Some(Words::Same(a)), Words::Same(b))
            | (Some(Words::Removed(a)), Words::Removed(b))
            | (Some(Words::Added(a)), Words::Added(b)) => a.push_str(b),
            _ => out.push(word),
        }
    }
    out
}

/// `kitap diff LANG ID`: the changes to chapter `id`'s source since `lang`'s
/// translation was made from it.
pub fn diff(root: &Path, book: &Book, lang: &str, id: &str) -> Result<Diff> {
    let site = root.join("site");
    let usage = |why: String| Error::Usage(format!("{}: {why}", site.display()));
    let lang = book
        .config
        .lang(lang)
        .cloned()
        .ok_or_else(|| usage(format!("`{lang}` is not one of the site's languages")))?;
    let default = &book.config.default_language;
    if lang == *default {
        return Err(usage(format!(
            "`{lang}` is the source language; name a translation's language"
        )));
    }
    let cid = crate::lang::ChapterId::parse(id);
    let find = |l: &crate::lang::Lang| cid.as_ref().and_then(|c| book.translation(l, c));
    let source = find(default).ok_or_else(|| usage(format!("no chapter `{id}` in `{default}`")))?;
    let tr = find(&lang).ok_or_else(|| {
        usage(format!(
            "no `{lang}` translation of `{id}` yet: the whole chapter is to translate"
        ))
    })?;
    let named = tr.translation_of.clone().ok_or_else(|| {
        usage(format!(
            "{} does not name the source version it was made from, so there is nothing to compare; once it is up to date, run `kitap translated {lang} {id}`",
            tr.display_path
        ))
    })?;
    let current_path = root.join(&source.display_path);
    let current = fs::read_to_string(&current_path).map_err(|e| Error::io(&current_path, e))?;
    let changes = if named == source.version {
        Vec::new()
    } else {
        let old = kept(root, &named).ok_or_else(|| {
            usage(format!(
                "{} was made from source version {named}, which kitap did not keep (it keeps the versions stamped with `kitap translated` since it began to, in {STORE}); compare by hand, then stamp it again",
                tr.display_path
            ))
        })?;
        changes(&old, &current).unwrap_or_default()
    };
    Ok(Diff {
        translation: tr.display_path.clone(),
        source: source.display_path.clone(),
        named,
        current: source.version.clone(),
        changes,
    })
}

/// Give each stale finding the parts of its source that changed since the
/// version it names, when the store has that version.
pub fn attach_changes(root: &Path, book: &Book, findings: &mut [Finding]) {
    for f in findings.iter_mut() {
        let Finding::Stale {
            id, named, changed, ..
        } = f
        else {
            continue;
        };
        let Some(source) = crate::lang::ChapterId::parse(id)
            .and_then(|c| book.translation(&book.config.default_language, &c))
        else {
            continue;
        };
        let (Some(old), Ok(new)) = (
            kept(root, named),
            fs::read_to_string(root.join(&source.display_path)),
        ) else {
            continue;
        };
        *changed = changes(&old, &new);
    }
}
