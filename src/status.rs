//! Translation status: which chapters are missing, stale or lacking anchors
//! in each language. Pure: reads the resolved book.
//!
//! A translation is *stale* when its `translation_of:` names a source version
//! other than the default language's chapter's current one, and *unversioned*
//! when it names none. An explicit anchor (`{#id}`) of the source chapter that
//! a translation lacks breaks links from other languages, so it is reported
//! too.

use crate::error::Diagnostic;
use crate::resolve::Book;
use serde::Serialize;

/// One finding about a translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// No file for this chapter in the language.
    Missing {
        /// Language.
        lang: String,
        /// Chapter id.
        id: String,
        /// The source chapter's file.
        source: String,
    },
    /// The translation was made from an older source version.
    Stale {
        /// Language.
        lang: String,
        /// Chapter id.
        id: String,
        /// The translation's file.
        path: String,
        /// The version it names.
        named: String,
        /// The source's current version.
        current: String,
        /// The parts of the source that changed since, when kitap kept the
        /// version named (`translate::attach_changes`).
        #[serde(skip_serializing_if = "Option::is_none")]
        changed: Option<Vec<SectionChange>>,
    },
    /// The translation does not say which source version it follows.
    Unversioned {
        /// Language.
        lang: String,
        /// Chapter id.
        id: String,
        /// The translation's file.
        path: String,
        /// The source's current version.
        current: String,
    },
    /// An explicit anchor of the source chapter is absent from the translation.
    MissingAnchor {
        /// Language.
        lang: String,
        /// Chapter id.
        id: String,
        /// The translation's file.
        path: String,
        /// The anchor.
        anchor: String,
    },
}

impl Finding {
    /// The language the finding is about.
    pub fn lang(&self) -> &str {
        match self {
            Finding::Missing { lang, .. }
            | Finding::Stale { lang, .. }
            | Finding::Unversioned { lang, .. }
            | Finding::MissingAnchor { lang, .. } => lang,
        }
    }

    /// The finding as a warning pointing at the file concerned.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let (path, msg) = match self {
            Finding::Missing { lang, id, source } => (
                source.clone(),
                format!("chapter `{id}` has no `{lang}` translation"),
            ),
            Finding::Stale {
                lang,
                id,
                path,
                named,
                current,
                changed,
            } => (
                path.clone(),
                match changed {
                    Some(parts) if !parts.is_empty() => {
                        let names: Vec<String> = parts
                            .iter()
                            .map(|p| match p.change {
                                Change::Changed => p.section.clone(),
                                Change::Added => format!("{} (new)", p.section),
                                Change::Removed => format!("{} (removed)", p.section),
                            })
                            .collect();
                        format!(
                            "translation of `{id}` is stale: since it was made (source version {named}, now {current}) the source changed in: {}; see `kitap diff {lang} {id}`, and stamp it with `kitap translated` once updated",
                            names.join("; ")
                        )
                    }
                    _ => format!(
                        "translation of `{id}` is stale: made from source version {named}, source is now {current} (stamp it with `kitap translated` once updated)"
                    ),
                },
            ),
            Finding::Unversioned {
                id, path, current, ..
            } => (
                path.clone(),
                format!(
                    "translation of `{id}` does not name its source version; if it is up to date, run `kitap translated` (source version {current})"
                ),
            ),
            Finding::MissingAnchor {
                id, path, anchor, ..
            } => (
                path.clone(),
                format!("anchor `#{anchor}` of the source chapter `{id}` is missing here"),
            ),
        };
        Diagnostic::file_error(path, msg).warning()
    }
}

pub use crate::sources::{Change, SectionChange};

/// One line for the end of a build: "2 stale, 1 missing: run `kitap
/// check`"; `None` when every translation is there and up to date.
pub fn summary(findings: &[Finding]) -> Option<String> {
    let count = |f: fn(&Finding) -> bool| findings.iter().filter(|x| f(x)).count();
    let parts: Vec<String> = [
        (count(|f| matches!(f, Finding::Stale { .. })), "stale"),
        (count(|f| matches!(f, Finding::Missing { .. })), "missing"),
        (
            count(|f| matches!(f, Finding::Unversioned { .. })),
            "not stamped",
        ),
        (
            count(|f| matches!(f, Finding::MissingAnchor { .. })),
            "lacking an anchor",
        ),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    (!parts.is_empty()).then(|| format!("translations: {}: run `kitap check`", parts.join(", ")))
}

/// Every finding, by language (switcher order), then reading order.
pub fn translation_report(book: &Book) -> Vec<Finding> {
    let default = &book.config.default_language;
    let mut out = Vec::new();
    for lang in book.config.languages.iter().filter(|l| *l != default) {
        for id in &book.order {
            let Some(source) = book.translation(default, id) else {
                continue;
            };
            let Some(tr) = book.translation(lang, id) else {
                out.push(Finding::Missing {
                    lang: lang.to_string(),
                    id: id.to_string(),
                    source: source.display_path.clone(),
                });
                continue;
            };
            match tr.translation_of.as_deref() {
                None => out.push(Finding::Unversioned {
                    lang: lang.to_string(),
                    id: id.to_string(),
                    path: tr.display_path.clone(),
                    current: source.version.clone(),
                }),
                Some(named) if named != source.version => out.push(Finding::Stale {
                    lang: lang.to_string(),
                    id: id.to_string(),
                    path: tr.display_path.clone(),
                    named: named.to_string(),
                    current: source.version.clone(),
                    changed: None,
                }),
                Some(_) => {}
            }
            for h in source.parsed.headings.iter().filter(|h| h.explicit) {
                if !tr.parsed.anchors.contains(&h.id) {
                    out.push(Finding::MissingAnchor {
                        lang: lang.to_string(),
                        id: id.to_string(),
                        path: tr.display_path.clone(),
                        anchor: h.id.clone(),
                    });
                }
            }
        }
    }
    out
}
