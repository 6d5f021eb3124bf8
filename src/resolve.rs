//! The whole book: order, translations, fallback pages and links.
//!
//! Owns what needs every chapter at once: duplicate ids within a language,
//! the reading order (shared by all languages), which text each language's
//! page of each chapter shows (its own translation, or the default language's
//! text as a fallback), and resolving internal links and anchors (`@id#a`,
//! `file.md#a`, `#a`) into relative `href`s, with an error at the link's
//! `path:line:col` when the chapter, file, anchor or image does not exist.
//! Pure: works on chapters in memory.

use crate::config::Config;
use crate::error::{Diagnostic, QUOTED, shorten};
use crate::lang::{ChapterId, Lang};
use crate::markdown::{self, LinkTarget};
use crate::model::Chapter;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};

/// A validated, cross-linked book.
#[derive(Debug)]
pub struct Book {
    /// Site settings.
    pub config: Config,
    /// Every chapter id, in reading order.
    pub order: Vec<ChapterId>,
    /// Every included chapter (drafts only with `--drafts`).
    pub chapters: Vec<Chapter>,
    /// The `href` of each internal link of each chapter (same index as
    /// `chapters`), filled into its HTML when a page is made ([`Book::html`]),
    /// so the book never holds two copies of its text.
    hrefs: Vec<Vec<String>>,
    index: Index,
    by_path: BTreeMap<String, usize>,
}

/// What one language's page of one chapter shows.
#[derive(Debug, Clone, Copy)]
pub struct PageSource<'a> {
    /// The chapter whose text is shown.
    pub chapter: &'a Chapter,
    /// True when the text is another language's (no translation yet).
    pub fallback: bool,
    /// Its links' `href`s.
    hrefs: &'a [String],
}

impl PageSource<'_> {
    /// The chapter's HTML with its links resolved (made on each call: only
    /// the pages that show the text ask for it).
    pub fn html(&self) -> String {
        markdown::fill_placeholders(&self.chapter.parsed.html, self.hrefs)
    }

    /// [`PageSource::html`], appended to `out`.
    pub fn html_into(&self, out: &mut String) {
        markdown::fill_placeholders_into(out, &self.chapter.parsed.html, self.hrefs);
    }

    /// [`PageSource::html`], written to `w`.
    pub fn write_html(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        markdown::write_filled(w, &self.chapter.parsed.html, self.hrefs)
    }
}

/// Chapter id -> the index of its chapter in each language that has one.
type Index = FxHashMap<ChapterId, Vec<(Lang, usize)>>;

/// The index of chapter `id` written in `lang`.
fn lookup(index: &Index, lang: &Lang, id: &ChapterId) -> Option<usize> {
    index
        .get(id)?
        .iter()
        .find_map(|(l, i)| (l == lang).then_some(*i))
}

impl Book {
    /// The chapter written in `lang` with this id, if any.
    pub fn translation(&self, lang: &Lang, id: &ChapterId) -> Option<&Chapter> {
        lookup(&self.index, lang, id).map(|i| &self.chapters[i])
    }

    /// Whether the book has a chapter with this id (in any language).
    pub fn has_chapter(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// What the page `lang/id.html` shows: the translation, or else the
    /// default language's text, or else the first language that has it.
    pub fn page(&self, lang: &Lang, id: &ChapterId) -> PageSource<'_> {
        let (i, fallback) = self.page_index(lang, id);
        PageSource {
            chapter: &self.chapters[i],
            fallback,
            hrefs: &self.hrefs[i],
        }
    }

    /// The chapter shown at `lang/id.html`, also while links are being
    /// resolved (before [`Book::page`] can give its HTML).
    fn page_chapter(&self, lang: &Lang, id: &ChapterId) -> &Chapter {
        &self.chapters[self.page_index(lang, id).0]
    }

    /// Chapter `i`'s HTML with its links resolved.
    pub fn html(&self, i: usize) -> String {
        markdown::fill_placeholders(&self.chapters[i].parsed.html, &self.hrefs[i])
    }

    fn page_index(&self, lang: &Lang, id: &ChapterId) -> (usize, bool) {
        let own = lookup(&self.index, lang, id);
        let i = own
            .or_else(|| lookup(&self.index, &self.config.default_language, id))
            .or_else(|| {
                self.config
                    .languages
                    .iter()
                    .find_map(|l| lookup(&self.index, l, id))
            })
            .expect("every id in `order` has at least one chapter");
        (i, own.is_none())
    }

    /// Replace chapter `i` by a new version of the same file whose id,
    /// language and anchors are unchanged (an edit of its text), resolving
    /// its links again. On errors the book is left as it was.
    pub fn replace_text(
        &mut self,
        i: usize,
        chapter: Chapter,
        assets: &BTreeSet<String>,
    ) -> Result<(), Vec<Diagnostic>> {
        let old = std::mem::replace(&mut self.chapters[i], chapter);
        let mut diags = Vec::new();
        let hrefs = link_hrefs(self, i, assets, &mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            self.chapters[i] = old;
            return Err(diags);
        }
        self.hrefs[i] = hrefs;
        Ok(())
    }

    /// The index of the chapter read from `site/<site_path>`.
    pub fn chapter_at(&self, site_path: &str) -> Option<usize> {
        self.by_path.get(site_path).copied()
    }

    /// Languages that have their own translation of `id`, in switcher order.
    pub fn translated_languages(&self, id: &ChapterId) -> Vec<&Lang> {
        self.config
            .languages
            .iter()
            .filter(|l| lookup(&self.index, l, id).is_some())
            .collect()
    }
}

/// Build the book from validated chapters. Returns `None` with errors when
/// anything is wrong; diagnostics are returned either way.
pub fn resolve(
    config: Config,
    chapters: Vec<Chapter>,
    assets: &BTreeSet<String>,
) -> (Option<Book>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut index = Index::default();
    for (i, c) in chapters.iter().enumerate() {
        if let Some(first) = lookup(&index, &c.lang, &c.id) {
            let other: &Chapter = &chapters[first];
            diags.push(Diagnostic::error_at_position(
                c.display_path.clone(),
                (1, 1),
                format!(
                    "duplicate chapter id `{}` in language `{}`: also used by {}",
                    c.id, c.lang, other.display_path
                ),
            ));
        } else {
            index
                .entry(c.id.clone())
                .or_default()
                .push((c.lang.clone(), i));
        }
    }
    let order = reading_order(&config, &chapters, &index);
    let mut book = Book {
        config,
        order,
        by_path: chapters
            .iter()
            .enumerate()
            .map(|(i, c)| (c.site_path.clone(), i))
            .collect(),
        chapters,
        hrefs: Vec::new(),
        index,
    };
    let hrefs: Vec<(Vec<String>, Vec<Diagnostic>)> = (0..book.chapters.len())
        .into_par_iter()
        .map(|i| {
            let mut d = Vec::new();
            (link_hrefs(&book, i, assets, &mut d), d)
        })
        .collect();
    let hrefs: Vec<Vec<String>> = hrefs
        .into_iter()
        .map(|(h, d)| {
            diags.extend(d);
            h
        })
        .collect();
    if diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    book.hrefs = hrefs;
    (Some(book), diags)
}

/// Ids ordered by the default language's `order` (else the first language
/// that has the chapter), ties broken by id.
fn reading_order(config: &Config, chapters: &[Chapter], index: &Index) -> Vec<ChapterId> {
    let ids: BTreeSet<&ChapterId> = chapters.iter().map(|c| &c.id).collect();
    let mut keyed: Vec<(i64, ChapterId)> = ids
        .into_iter()
        .map(|id| {
            let order = std::iter::once(&config.default_language)
                .chain(config.languages.iter())
                .find_map(|l| lookup(index, l, id))
                .map_or(i64::MAX, |i| chapters[i].order);
            (order, id.clone())
        })
        .collect();
    keyed.sort();
    keyed.into_iter().map(|(_, id)| id).collect()
}

/// The `href` of every internal link of chapter `i` (in placeholder
/// order), checking targets and images.
fn link_hrefs(
    book: &Book,
    i: usize,
    assets: &BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let chapter = &book.chapters[i];
    for a in &chapter.parsed.assets {
        if !assets.contains(&a.path) {
            diags.push(Diagnostic::error_at_position(
                chapter.display_path.clone(),
                a.at,
                format!(
                    "image `assets/{}` does not exist in site/assets/",
                    shorten(&a.path, QUOTED)
                ),
            ));
        }
    }
    // A target is resolved once however often it is linked to (a reference
    // definition used a thousand times, say): its "did you mean" is a search.
    let mut resolved: FxHashMap<&LinkTarget, Result<String, String>> = FxHashMap::default();
    chapter
        .parsed
        .links
        .iter()
        .map(|link| {
            let href = resolved
                .entry(&link.target)
                .or_insert_with(|| href_for(book, chapter, &link.target));
            match href {
                Ok(h) => h.clone(),
                Err(msg) => {
                    diags.push(Diagnostic::error_at_position(
                        chapter.display_path.clone(),
                        link.at,
                        msg.clone(),
                    ));
                    "#".to_string()
                }
            }
        })
        .collect()
}

fn href_for(book: &Book, from: &Chapter, target: &LinkTarget) -> Result<String, String> {
    match target {
        LinkTarget::Anchor(a) => {
            check_anchor(from, a)?;
            Ok(format!("#{}", escape_fragment(a)))
        }
        LinkTarget::Chapter { id, anchor } => {
            let cid = ChapterId::parse(id)
                .filter(|cid| book.has_chapter(cid.as_str()))
                .ok_or_else(|| no_chapter(book, &from.lang, id))?;
            href_to(book.page_chapter(&from.lang, &cid), anchor.as_deref())
        }
        LinkTarget::File { path, anchor } => {
            let dir = from.site_path.rsplit_once('/').map_or("", |(d, _)| d);
            let joined = markdown::normalise(&format!("{dir}/{path}"))
                .ok_or_else(|| format!("link `{}` points outside site/", shorten(path, QUOTED)))?;
            let &j = book.by_path.get(joined.as_str()).ok_or_else(|| {
                format!(
                    "link to `{}`: no chapter file site/{}",
                    shorten(path, QUOTED),
                    shorten(&joined, QUOTED)
                )
            })?;
            let target = &book.chapters[j];
            let href = href_to(
                book.page_chapter(&target.lang, &target.id),
                anchor.as_deref(),
            )?;
            Ok(if target.lang == from.lang {
                href
            } else {
                format!("../{}/{href}", target.lang)
            })
        }
    }
}

fn no_chapter(book: &Book, lang: &Lang, id: &str) -> String {
    let known: Vec<&str> = book.order.iter().map(ChapterId::as_str).collect();
    let hint = crate::frontmatter::nearest(id, &known)
        .map(|k| format!("; did you mean `@{k}`?"))
        .unwrap_or_default();
    format!(
        "link to `@{}`: no chapter with that id in `{lang}`{hint}",
        shorten(id, QUOTED)
    )
}

/// `id.html` or `id.html#anchor`, checking the anchor exists in `target`.
fn href_to(target: &Chapter, anchor: Option<&str>) -> Result<String, String> {
    match anchor {
        None => Ok(format!("{}.html", target.id)),
        Some(a) => {
            check_anchor(target, a)?;
            Ok(format!("{}.html#{}", target.id, escape_fragment(a)))
        }
    }
}

fn check_anchor(target: &Chapter, anchor: &str) -> Result<(), String> {
    if target.parsed.anchors.contains(anchor) {
        return Ok(());
    }
    let known: Vec<&str> = target.parsed.anchors.iter().map(String::as_str).collect();
    let hint = crate::frontmatter::nearest(anchor, &known)
        .map(|k| format!("; did you mean `#{k}`?"))
        .unwrap_or_default();
    Err(format!(
        "no anchor `#{}` in {} ({}){hint}",
        shorten(anchor, QUOTED),
        target.display_path,
        shorten(&target.title, QUOTED)
    ))
}

/// Fragments are ids we wrote or the editor chose; escape what could break
/// out of an attribute or a URL.
fn escape_fragment(a: &str) -> String {
    let mut out = String::with_capacity(a.len());
    for c in a.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\'' => out.push_str("%27"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '&' => out.push_str("%26"),
            ' ' => out.push_str("%20"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_cannot_break_out_of_attributes() {
        assert_eq!(escape_fragment("a\"><x"), "a%22%3E%3Cx");
        assert_eq!(escape_fragment("құқық"), "құқық");
    }
}
