//! The source versions translations were made from, and what changed
//! between two versions of a source chapter. Support for the pipeline
//! (a stale translation's page marks the sections that changed) and for the
//! translator commands on top (`kitap check`, `diff`, `translated`, `po`).
//!
//! The store is `site/.kitap/sources/<version>.md`: the source chapter's
//! file as it was when a translation was stamped (`kitap translated`),
//! named by its source version. It is content-addressed (a version names
//! one text; the text is checked against its name when read), needs no git,
//! and is meant to be committed with the chapters.

use crate::error::{Error, Result, SourceText};
use crate::frontmatter;
use crate::model::version_of_chapter;
use std::fs;
use std::path::{Path, PathBuf};

/// The store's folder under the workspace.
pub const STORE: &str = "site/.kitap/sources";

pub(crate) fn stored_path(root: &Path, version: &str) -> PathBuf {
    root.join(STORE).join(format!("{version}.md"))
}

/// Whether `version` looks like a source version (8 hex digits): only such
/// names are ever joined to a path.
pub(crate) fn is_version(version: &str) -> bool {
    version.len() == 8 && version.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Keep `text` (a source chapter file) as version `version`, unless it is
/// kept already. Refuses a text that is not that version.
pub fn keep(root: &Path, version: &str, text: &str) -> Result<()> {
    if !is_version(version) || version_of_text(text).as_deref() != Some(version) {
        return Err(Error::Usage(format!(
            "{}: the source chapter changed while it was being read; run the command again",
            root.join(STORE).display()
        )));
    }
    let path = stored_path(root, version);
    if path.is_file() {
        return Ok(());
    }
    let dir = root.join(STORE);
    fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let tmp = crate::output::temp_beside(&path);
    fs::write(&tmp, text).map_err(|e| Error::io(&tmp, e))?;
    crate::output::rename_retrying(&tmp, &path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(&path, e)
    })
}

/// The kept text of `version`, when the store has it and it is that
/// version (a file edited by hand is not trusted).
pub fn kept(root: &Path, version: &str) -> Option<String> {
    if !is_version(version) {
        return None;
    }
    let text = fs::read_to_string(stored_path(root, version)).ok()?;
    (version_of_text(&text).as_deref() == Some(version)).then_some(text)
}

/// The source version of a chapter file's text, as the build computes it.
pub fn version_of_text(text: &str) -> Option<String> {
    let chapter = Parts::of(text)?;
    Some(version_of_chapter(
        &chapter.title,
        chapter.summary.as_deref(),
        &chapter.tags,
        &chapter.body,
    ))
}

/// How a part changed between two versions of a source chapter.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Its text changed.
    Changed,
    /// It is new.
    Added,
    /// It is gone.
    Removed,
}

/// One changed part, with its old and new text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SectionChange {
    /// The part's name (see [`Section::name`]), as it is now (as it was,
    /// when removed).
    pub section: String,
    /// The explicit anchor of its heading (`gaps` for `## Gaps {#gaps}`),
    /// by which a translation's section is found.
    #[serde(skip)]
    pub anchor: Option<String>,
    /// Its heading's place among the chapter's headings (0-based, in the
    /// version it is in now; as it was, when removed); `None` for the front
    /// matter and the opening text.
    #[serde(skip)]
    pub heading: Option<usize>,
    /// How it changed.
    pub change: Change,
    /// Its text in the version the translation was made from.
    #[serde(skip)]
    pub old: String,
    /// Its text now.
    #[serde(skip)]
    pub new: String,
}

/// A chapter file's parts that a translation follows.
#[derive(Debug, Clone, PartialEq)]
struct Parts {
    title: String,
    summary: Option<String>,
    tags: Vec<String>,
    body: String,
}

impl Parts {
    fn of(text: &str) -> Option<Parts> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let split = frontmatter::split(text)?;
        let src = SourceText {
            path: String::new(),
            text: text.to_string(),
        };
        let (fm, _) = frontmatter::parse_front_matter(&src, &split).ok()?;
        Some(Parts {
            title: fm.title.unwrap_or_default().trim().to_string(),
            summary: fm
                .summary
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            tags: fm.tags.unwrap_or_default(),
            body: split.body.to_string(),
        })
    }
}

/// One part of a chapter a translator follows: a front matter field, the
/// text before the first heading, or a section (a heading and the text
/// down to the next heading).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// How the part is named to a translator: `title`, `summary`, `tags`,
    /// `(opening text)`, or the heading as written (`## Gaps {#gaps}`).
    pub name: String,
    /// Its text, lines without trailing spaces.
    pub text: String,
    /// What it is matched by: the explicit anchor, else the heading text.
    key: String,
    /// Its heading's place among the chapter's headings (0-based); `None`
    /// for the front matter and the opening text.
    heading: Option<usize>,
}

impl Section {
    /// The explicit anchor of a section's heading (`{#gaps}` -> `gaps`).
    fn anchor(&self) -> Option<String> {
        self.key.strip_prefix('#').map(str::to_string)
    }
}

/// The parts of a chapter file's text, in order.
fn sections(text: &str) -> Option<Vec<Section>> {
    let parts = Parts::of(text)?;
    let mut out = vec![
        Section {
            name: "title".into(),
            text: parts.title.clone(),
            key: "\u{0}title".into(),
            heading: None,
        },
        Section {
            name: "summary".into(),
            text: parts.summary.clone().unwrap_or_default(),
            key: "\u{0}summary".into(),
            heading: None,
        },
        Section {
            name: "tags".into(),
            text: parts.tags.join(", "),
            key: "\u{0}tags".into(),
            heading: None,
        },
    ];
    let mut current = Section {
        name: "(opening text)".into(),
        text: String::new(),
        key: "\u{0}opening".into(),
        heading: None,
    };
    let mut fence: Option<String> = None;
    let mut headings = 0;
    for line in parts.body.lines() {
        let line = line.trim_end();
        let trimmed = line.trim_start();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_string());
        } else if let Some(key) = heading_key(line) {
            out.push(std::mem::replace(
                &mut current,
                Section {
                    name: line.to_string(),
                    text: String::new(),
                    key,
                    heading: Some(headings),
                },
            ));
            headings += 1;
        }
        current.text.push_str(line);
        current.text.push('\n');
    }
    out.push(current);
    for s in &mut out {
        s.text = s.text.trim().to_string();
    }
    Some(out)
}

/// A Markdown ATX heading's key: its explicit anchor (`{#id}`), else its
/// text; `None` when the line is no heading.
fn heading_key(line: &str) -> Option<String> {
    if line.starts_with(' ') {
        return None;
    }
    let hashes = line.bytes().take_while(|b| *b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t')) {
        return None;
    }
    let rest = rest.trim();
    if let Some(open) = rest.rfind("{#")
        && rest.ends_with('}')
    {
        return Some(format!("#{}", &rest[open + 2..rest.len() - 1]));
    }
    Some(format!("text:{}", rest.trim_end_matches('#').trim()))
}

/// The parts of `new` (a source chapter file's text) that differ from
/// `old`: matched by anchor or heading text, else by position. `None` when
/// either text has no readable front matter.
pub fn changes(old: &str, new: &str) -> Option<Vec<SectionChange>> {
    let old = sections(old)?;
    let new = sections(new)?;
    let mut used = vec![false; old.len()];
    let mut out = Vec::new();
    for (i, s) in new.iter().enumerate() {
        let found = old
            .iter()
            .position(|o| o.key == s.key)
            .filter(|&j| !used[j])
            .or_else(|| {
                (i < old.len() && !used[i] && !new.iter().any(|n| n.key == old[i].key)).then_some(i)
            });
        match found {
            Some(j) => {
                used[j] = true;
                if old[j].text != s.text {
                    out.push(SectionChange {
                        section: s.name.clone(),
                        anchor: s.anchor(),
                        heading: s.heading,
                        change: Change::Changed,
                        old: old[j].text.clone(),
                        new: s.text.clone(),
                    });
                }
            }
            None => out.push(SectionChange {
                section: s.name.clone(),
                anchor: s.anchor(),
                heading: s.heading,
                change: Change::Added,
                old: String::new(),
                new: s.text.clone(),
            }),
        }
    }
    for (j, o) in old.iter().enumerate() {
        if !used[j] {
            out.push(SectionChange {
                section: o.name.clone(),
                anchor: o.anchor(),
                heading: o.heading,
                change: Change::Removed,
                old: o.text.clone(),
                new: String::new(),
            });
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "---\ntitle: Law\n---\nOpening.\n\n## Gaps {#gaps}\n\nSome gaps.\n\n## Courts\n\nCourts text.\n\n```\n# not a heading\n```\n";

    fn names(c: &[SectionChange]) -> Vec<(String, Change)> {
        c.iter()
            .map(|c| (c.section.clone(), c.change.clone()))
            .collect()
    }

    #[test]
    fn only_the_sections_that_changed_are_named() {
        assert_eq!(changes(OLD, OLD).unwrap(), []);
        let new = OLD.replace("Some gaps.", "Some gaps, and more.");
        assert_eq!(
            names(&changes(OLD, &new).unwrap()),
            [("## Gaps {#gaps}".to_string(), Change::Changed)]
        );
        // A heading renamed keeps its place when it has an anchor ...
        let new = OLD.replace("## Gaps {#gaps}", "## Lacunae {#gaps}");
        assert_eq!(
            names(&changes(OLD, &new).unwrap()),
            [("## Lacunae {#gaps}".to_string(), Change::Changed)]
        );
        // ... and by position without one.
        let new = OLD.replace("## Courts", "## Tribunals");
        assert_eq!(
            names(&changes(OLD, &new).unwrap()),
            [("## Tribunals".to_string(), Change::Changed)]
        );
        // The title; a section added; a code block's `#` is not a heading.
        let new = OLD.replace("title: Law", "title: Laws") + "\n## New\n\nText.\n";
        let c = changes(OLD, &new).unwrap();
        assert_eq!(
            names(&c),
            [
                ("title".to_string(), Change::Changed),
                ("## New".to_string(), Change::Added)
            ]
        );
        // Removed.
        let new = OLD.replace("## Gaps {#gaps}\n\nSome gaps.\n\n", "");
        assert_eq!(
            names(&changes(OLD, &new).unwrap()),
            [("## Gaps {#gaps}".to_string(), Change::Removed)]
        );
    }

    #[test]
    fn kept_texts_are_checked_against_their_name() {
        let dir = tempfile::tempdir().unwrap();
        let v = version_of_text(OLD).unwrap();
        keep(dir.path(), &v, OLD).unwrap();
        assert_eq!(kept(dir.path(), &v).as_deref(), Some(OLD));
        assert!(keep(dir.path(), "00000000", OLD).is_err());
        fs::write(stored_path(dir.path(), &v), OLD.replace("Law", "Lay")).unwrap();
        assert_eq!(kept(dir.path(), &v), None);
        assert_eq!(kept(dir.path(), "../../x"), None);
    }
}
