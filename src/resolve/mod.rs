//! The whole book: order, translations, fallback pages and links.
//!
//! Owns what needs every chapter at once: duplicate ids within a language,
//! the reading order (shared by all languages), which text each language's
//! page of each chapter shows (its own translation, or the default language's
//! text as a fallback), and resolving internal links and anchors (`@id#a`,
//! `file.md#a`, `#a`) into relative `href`s, with an error at the link's
//! `path:line:col` when the chapter, file, anchor or image does not exist.
//! It also decides what drafts are ([`Drafts`]): left out, published, or —
//! for `kitap check` — published while every other chapter's links are
//! checked as the build without drafts resolves them, so that `check` finds
//! a link to a draft that `build` would reject. Drafts shown do not
//! renumber the book: each chapter's number is the one the book without
//! drafts gives it ([`Book::number`]). Pure: works on chapters in memory.

mod labels;

use crate::config::Config;
use crate::error::{Diagnostic, QUOTED, shorten};
use crate::i18n::Catalog;
use crate::lang::{ChapterId, Lang};
use crate::markdown::{self, LinkTarget};
use crate::model::Chapter;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};

/// What a build does with chapters marked `draft: true`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Drafts {
    /// Left out (`kitap build`, bundles): a link to one is an error saying
    /// it is a draft.
    #[default]
    Exclude,
    /// Published like any chapter (`--drafts`, `serve`).
    Include,
    /// Published like any chapter, and the links of the chapters that are
    /// not drafts also resolved as [`Drafts::Exclude`] would resolve them
    /// (`kitap check`): the errors are those of a build with and a build
    /// without drafts together.
    Check,
}

/// A draft the book leaves out: what a link to it is told.
#[derive(Debug, Clone)]
struct LeftOut {
    lang: Lang,
    id: ChapterId,
    site_path: String,
    display_path: String,
}

impl LeftOut {
    fn of(c: &Chapter) -> LeftOut {
        LeftOut {
            lang: c.lang.clone(),
            id: c.id.clone(),
            site_path: c.site_path.clone(),
            display_path: c.display_path.clone(),
        }
    }
}

/// A validated, cross-linked book.
#[derive(Debug)]
pub struct Book {
    /// Site settings.
    pub config: Config,
    /// Every chapter id, in reading order.
    pub order: Vec<ChapterId>,
    /// The number of the chapter at each place of `order` (1-based): the
    /// one the book published without drafts gives it, so that drafts
    /// shown (`--drafts`) do not renumber the chapters after them; `None`
    /// for a chapter that is a draft in every language.
    numbers: Vec<Option<usize>>,
    /// Whether any chapter of the book is a draft (only with `--drafts`).
    shows_drafts: bool,
    /// [`Book::list_value`] of each place of `order`.
    list_values: Vec<Option<usize>>,
    /// Every included chapter (drafts only with `--drafts`).
    pub chapters: Vec<Chapter>,
    /// The `href` of each internal link of each chapter (same index as
    /// `chapters`), filled into its HTML when a page is made ([`Book::html`]),
    /// so the book never holds two copies of its text.
    hrefs: Vec<Vec<String>>,
    /// The texts of each chapter's text placeholders (captions' labels,
    /// the labels of links written without text), in its language.
    texts: Vec<Vec<String>>,
    /// Each table's and figure's id, with the chapters that have it.
    labels: labels::Labels,
    index: Index,
    by_path: BTreeMap<String, usize>,
    /// Drafts left out of this book.
    left_out: Vec<LeftOut>,
    /// For each stale translation (by language and id) whose source
    /// version is kept, where its page marks the source's changes; set by
    /// the build after resolving ([`crate::build::mark_stale_parts`]).
    pub stale_parts: BTreeMap<(Lang, ChapterId), StaleParts>,
    /// The abbreviations, per language (set by the build).
    pub glossary: crate::glossary::Glossary,
}

/// Where a stale translation's page marks what changed in its source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaleParts {
    /// The ids of the translation's headings whose sections changed in
    /// the source (a notice goes under each).
    pub sections: Vec<String>,
    /// Whether something changed that no section of the translation
    /// shows (the title, summary, tags, the opening text, a section removed
    /// or not found): the notice over the chapter.
    pub elsewhere: bool,
}

/// What links are resolved against: the chapters a build publishes (all of
/// the book's, or, for [`Drafts::Check`], those that are not drafts).
struct Targets<'a> {
    config: &'a Config,
    chapters: &'a [Chapter],
    index: &'a Index,
    by_path: &'a BTreeMap<String, usize>,
    /// Drafts this build leaves out, for the message of a link to one.
    left_out: &'a [LeftOut],
    /// Tables' and figures' ids.
    labels: &'a labels::Labels,
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
    /// Its text placeholders' texts.
    texts: &'a [String],
}

impl PageSource<'_> {
    /// The chapter's HTML with its links resolved (made on each call: only
    /// the pages that show the text ask for it).
    pub fn html(&self) -> String {
        markdown::fill_placeholders(&self.chapter.parsed.html, self.hrefs, self.texts)
    }

    /// The label of the page chapter's caption `n` ("Table 3.2"), in the
    /// chapter's language.
    pub fn caption_label(&self, n: usize) -> Option<&str> {
        let k = self
            .chapter
            .parsed
            .texts
            .iter()
            .position(|t| *t == markdown::TextRef::Caption(n))?;
        self.texts.get(k).map(String::as_str)
    }

    /// [`PageSource::html`], appended to `out`.
    pub fn html_into(&self, out: &mut String) {
        markdown::fill_placeholders_into(out, &self.chapter.parsed.html, self.hrefs, self.texts);
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
            texts: &self.texts[i],
        }
    }

    /// Chapter `i`'s HTML with its links resolved.
    pub fn html(&self, i: usize) -> String {
        markdown::fill_placeholders(
            &self.chapters[i].parsed.html,
            &self.hrefs[i],
            &self.texts[i],
        )
    }

    fn page_index(&self, lang: &Lang, id: &ChapterId) -> (usize, bool) {
        self.targets().page_index(lang, id)
    }

    /// The book's chapters as link targets.
    fn targets(&self) -> Targets<'_> {
        Targets {
            config: &self.config,
            chapters: &self.chapters,
            index: &self.index,
            by_path: &self.by_path,
            left_out: &self.left_out,
            labels: &self.labels,
        }
    }

    /// Replace chapter `i` by a new version of the same file whose id,
    /// language and anchors are unchanged (an edit of its text), resolving
    /// its links again. On errors the book is left as it was.
    pub fn replace_text(
        &mut self,
        i: usize,
        chapter: Chapter,
        assets: &BTreeSet<String>,
        catalog: &Catalog,
    ) -> Result<(), Vec<Diagnostic>> {
        let old = std::mem::replace(&mut self.chapters[i], chapter);
        let same_captions = old.parsed.captions == self.chapters[i].parsed.captions;
        let mut diags = Vec::new();
        let hrefs = link_hrefs(&self.targets(), &self.chapters[i], assets, &mut diags);
        if diags.iter().any(Diagnostic::is_error) || !same_captions {
            self.chapters[i] = old;
            if !same_captions {
                diags.push(Diagnostic::file_error(
                    self.chapters[i].display_path.clone(),
                    "its tables or figures changed: the whole book is numbered again",
                ));
            }
            return Err(diags);
        }
        self.hrefs[i] = hrefs;
        let numbers = labels::chapter_numbers(self);
        self.texts[i] = labels::texts(self, &numbers, catalog, i);
        Ok(())
    }

    /// The index of the chapter read from `site/<site_path>`.
    pub fn chapter_at(&self, site_path: &str) -> Option<usize> {
        self.by_path.get(site_path).copied()
    }

    /// The number of the chapter at place `n` of [`Book::order`], as the
    /// book published without drafts numbers it; `None` for a chapter
    /// that is a draft in every language (it has no number).
    pub fn number(&self, n: usize) -> Option<usize> {
        self.numbers.get(n).copied().flatten()
    }

    /// Whether the book shows any draft (only with `--drafts`).
    pub fn shows_drafts(&self) -> bool {
        self.shows_drafts
    }

    /// The `value` the item of the chapter at place `n` of an ordered list
    /// of every chapter (an `<li>` each, in reading order) needs for the
    /// list to show [`Book::number`]: `Some` only where that number differs
    /// from the one the list would count to, which happens only after a
    /// draft shown (a draft's item counts, showing no number). Always
    /// `None` without drafts.
    pub fn list_value(&self, n: usize) -> Option<usize> {
        self.list_values.get(n).copied().flatten()
    }

    /// The chapter files marked `draft: true` that this book leaves out
    /// (paths as shown in messages, `site/en/03-x.md`), sorted.
    pub fn drafts_left_out(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self
            .left_out
            .iter()
            .map(|d| d.display_path.as_str())
            .collect();
        paths.sort_unstable();
        paths
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

/// Build the book from validated chapters (drafts among them), doing with
/// drafts what `drafts` says. Returns `None` with errors when anything is
/// wrong; diagnostics are returned either way.
pub fn resolve(
    config: Config,
    chapters: Vec<Chapter>,
    assets: &BTreeSet<String>,
    drafts: Drafts,
    catalog: &Catalog,
) -> (Option<Book>, Vec<Diagnostic>) {
    let (chapters, left_out): (Vec<Chapter>, Vec<Chapter>) = match drafts {
        Drafts::Exclude => chapters.into_iter().partition(|c| !c.draft),
        Drafts::Include | Drafts::Check => (chapters, Vec::new()),
    };
    let left_out: Vec<LeftOut> = left_out.iter().map(LeftOut::of).collect();
    let mut diags = orphans(&config, &chapters, &left_out);
    let index = index_of(&chapters, 0..chapters.len(), Some(&mut diags));
    let order = reading_order(&config, &chapters, &index);
    let numbers = chapter_numbers(&config, &chapters, &order);
    let mut book = Book {
        config,
        order,
        list_values: list_values(&numbers),
        numbers,
        shows_drafts: chapters.iter().any(|c| c.draft),
        by_path: paths_of(&chapters, 0..chapters.len()),
        labels: labels::index(&chapters),
        chapters,
        hrefs: Vec::new(),
        texts: Vec::new(),
        index,
        left_out,
        stale_parts: BTreeMap::new(),
        glossary: Default::default(),
    };
    let all: Vec<usize> = (0..book.chapters.len()).collect();
    let hrefs = resolve_links(&book.targets(), &all, assets, &mut diags);
    labels::check(&book, &mut diags);
    if drafts == Drafts::Check {
        check_without_drafts(&book, assets, &mut diags);
    }
    if diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    book.hrefs = hrefs;
    let numbers = labels::chapter_numbers(&book);
    let texts: Vec<Vec<String>> = (0..book.chapters.len())
        .into_par_iter()
        .map(|i| labels::texts(&book, &numbers, catalog, i))
        .collect();
    drop(numbers);
    book.texts = texts;
    (Some(book), diags)
}

/// The `href`s of the links of `chapters` (indices into `targets`),
/// gathering their errors into `diags`.
fn resolve_links(
    targets: &Targets<'_>,
    chapters: &[usize],
    assets: &BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Vec<String>> {
    let hrefs: Vec<(Vec<String>, Vec<Diagnostic>)> = chapters
        .par_iter()
        .map(|&i| {
            let mut d = Vec::new();
            (link_hrefs(targets, &targets.chapters[i], assets, &mut d), d)
        })
        .collect();
    hrefs
        .into_iter()
        .map(|(h, d)| {
            diags.extend(d);
            h
        })
        .collect()
}

/// [`Drafts::Check`]: resolve the links of the book's chapters that are
/// not drafts as the build without drafts would (a link to a draft is an
/// error there), adding the errors at places `diags` has none yet.
fn check_without_drafts(book: &Book, assets: &BTreeSet<String>, diags: &mut Vec<Diagnostic>) {
    let (published, drafts): (Vec<usize>, Vec<usize>) =
        (0..book.chapters.len()).partition(|&i| !book.chapters[i].draft);
    if drafts.is_empty() {
        return;
    }
    let index = index_of(&book.chapters, published.iter().copied(), None);
    let by_path = paths_of(&book.chapters, published.iter().copied());
    let left_out: Vec<LeftOut> = drafts
        .iter()
        .map(|&i| LeftOut::of(&book.chapters[i]))
        .collect();
    let targets = Targets {
        config: &book.config,
        chapters: &book.chapters,
        index: &index,
        by_path: &by_path,
        left_out: &left_out,
        labels: &book.labels,
    };
    let mut found = Vec::new();
    resolve_links(&targets, &published, assets, &mut found);
    // A place that already has an error keeps it (the same broken link
    // may be told with another "did you mean" here).
    for d in found {
        if !diags.iter().any(|e| e.sort_key() == d.sort_key()) {
            diags.push(d);
        }
    }
}

/// The index of `which` of `chapters`; a second chapter with the same id
/// and language is left out, with an error into `diags` when given.
fn index_of(
    chapters: &[Chapter],
    which: impl Iterator<Item = usize>,
    mut diags: Option<&mut Vec<Diagnostic>>,
) -> Index {
    let mut index = Index::default();
    for i in which {
        let c = &chapters[i];
        if let Some(first) = lookup(&index, &c.lang, &c.id) {
            if let Some(diags) = diags.as_deref_mut() {
                diags.push(Diagnostic::error_at_position(
                    c.display_path.clone(),
                    (1, 1),
                    format!(
                        "duplicate chapter id `{}` in language `{}`: also used by {}",
                        c.id, c.lang, chapters[first].display_path
                    ),
                ));
            }
        } else {
            index
                .entry(c.id.clone())
                .or_default()
                .push((c.lang.clone(), i));
        }
    }
    index
}

/// Translations whose id no chapter of the default language has (drafts
/// left out count as chapters): their source was renamed without keeping
/// its id, or deleted. Each is an error naming the id it most likely
/// meant: the source chapter in the same place of the book, else the
/// nearest id by spelling.
fn orphans(config: &Config, chapters: &[Chapter], left_out: &[LeftOut]) -> Vec<Diagnostic> {
    let default = &config.default_language;
    let sources: Vec<(&str, i64)> = chapters
        .iter()
        .filter(|c| c.lang == *default)
        .map(|c| (c.id.as_str(), c.order))
        .collect();
    let drafted: BTreeSet<&str> = left_out
        .iter()
        .filter(|d| d.lang == *default)
        .map(|d| d.id.as_str())
        .collect();
    let known: BTreeSet<&str> = sources.iter().map(|(id, _)| *id).collect();
    let mut ids: Vec<&str> = known.iter().copied().collect();
    ids.sort_unstable();
    chapters
        .iter()
        .filter(|c| {
            c.lang != *default
                && !known.contains(c.id.as_str())
                && !drafted.contains(c.id.as_str())
        })
        .map(|c| {
            let same_place: Vec<&str> = sources
                .iter()
                .filter(|(_, order)| *order == c.order)
                .map(|(id, _)| *id)
                .collect();
            let guess = match same_place.as_slice() {
                [one] => Some(*one),
                _ => crate::frontmatter::nearest(c.id.as_str(), &ids),
            };
            let hint = guess
                .map(|g| format!("; did you mean `{g}`? (set `id: {g}` in its front matter, or rename the file)"))
                .unwrap_or_else(|| "; give it the id of its source chapter, or remove it".to_string());
            Diagnostic::error_at_position(
                c.display_path.clone(),
                (1, 1),
                format!(
                    "translation of `{}`, but no `{default}` chapter has that id (renamed or removed?){hint}",
                    shorten(c.id.as_str(), QUOTED)
                ),
            )
        })
        .collect()
}

/// `site_path` -> index, for `which` of `chapters`.
fn paths_of(chapters: &[Chapter], which: impl Iterator<Item = usize>) -> BTreeMap<String, usize> {
    which.map(|i| (chapters[i].site_path.clone(), i)).collect()
}

/// The ids of `index` ordered by the default language's `order` (else the
/// first language that has the chapter), ties broken by id.
fn reading_order(config: &Config, chapters: &[Chapter], index: &Index) -> Vec<ChapterId> {
    let mut keyed: Vec<(i64, ChapterId)> = index
        .keys()
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

/// The number of each chapter of `order`: its place (1-based) in the
/// reading order of the chapters that are not drafts, the order of the book
/// published without drafts; `None` for an id that only drafts have.
fn chapter_numbers(
    config: &Config,
    chapters: &[Chapter],
    order: &[ChapterId],
) -> Vec<Option<usize>> {
    if !chapters.iter().any(|c| c.draft) {
        return (1..=order.len()).map(Some).collect();
    }
    let published = (0..chapters.len()).filter(|&i| !chapters[i].draft);
    let index = index_of(chapters, published, None);
    let numbered: FxHashMap<ChapterId, usize> = reading_order(config, chapters, &index)
        .into_iter()
        .enumerate()
        .map(|(n, id)| (id, n + 1))
        .collect();
    order.iter().map(|id| numbered.get(id).copied()).collect()
}

/// [`Book::list_value`] for each of `numbers`.
fn list_values(numbers: &[Option<usize>]) -> Vec<Option<usize>> {
    let mut counted = 0;
    numbers
        .iter()
        .map(|number| {
            counted += 1;
            match *number {
                Some(n) if n != counted => {
                    counted = n;
                    Some(n)
                }
                _ => None,
            }
        })
        .collect()
}

impl Targets<'_> {
    /// The chapter shown at `lang/id.html` and whether it is a fallback:
    /// the translation, or else the default language's text, or else the
    /// first language that has it.
    fn page_index(&self, lang: &Lang, id: &ChapterId) -> (usize, bool) {
        let own = lookup(self.index, lang, id);
        let i = own
            .or_else(|| lookup(self.index, &self.config.default_language, id))
            .or_else(|| {
                self.config
                    .languages
                    .iter()
                    .find_map(|l| lookup(self.index, l, id))
            })
            .expect("every id in the index has at least one chapter");
        (i, own.is_none())
    }

    /// The chapter shown at `lang/id.html`.
    fn page_chapter(&self, lang: &Lang, id: &ChapterId) -> &Chapter {
        &self.chapters[self.page_index(lang, id).0]
    }

    /// The left-out draft with this id, in `lang` if there is one.
    fn draft_with_id(&self, lang: &Lang, id: &str) -> Option<&LeftOut> {
        let mut drafts = self.left_out.iter().filter(|d| d.id.as_str() == id);
        let first = drafts.clone().next()?;
        Some(drafts.find(|d| d.lang == *lang).unwrap_or(first))
    }
}

/// The `href` of every internal link of `chapter` (in placeholder order),
/// checking targets and images.
fn link_hrefs(
    book: &Targets<'_>,
    chapter: &Chapter,
    assets: &BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
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

fn href_for(book: &Targets<'_>, from: &Chapter, target: &LinkTarget) -> Result<String, String> {
    match target {
        LinkTarget::Anchor(a) => {
            check_anchor(from, a)?;
            Ok(format!("#{}", escape_fragment(a)))
        }
        LinkTarget::Label(label) => labels::href(book, from, label),
        LinkTarget::Chapter { id, anchor } => {
            let cid = ChapterId::parse(id)
                .filter(|cid| book.index.contains_key(cid.as_str()))
                .ok_or_else(|| no_chapter(book, &from.lang, id))?;
            href_to(book.page_chapter(&from.lang, &cid), anchor.as_deref())
        }
        LinkTarget::File { path, anchor } => {
            let dir = from.site_path.rsplit_once('/').map_or("", |(d, _)| d);
            let joined = markdown::normalise(&format!("{dir}/{path}"))
                .ok_or_else(|| format!("link `{}` points outside site/", shorten(path, QUOTED)))?;
            let &j = book.by_path.get(joined.as_str()).ok_or_else(|| {
                match book.left_out.iter().find(|d| d.site_path == joined) {
                    Some(d) => format!(
                        "link to `{}`: {} is a draft (draft: true): it is left out of the build",
                        shorten(path, QUOTED),
                        d.display_path
                    ),
                    None => format!(
                        "link to `{}`: no chapter file site/{}",
                        shorten(path, QUOTED),
                        shorten(&joined, QUOTED)
                    ),
                }
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

fn no_chapter(book: &Targets<'_>, lang: &Lang, id: &str) -> String {
    if let Some(d) = book.draft_with_id(lang, id) {
        return format!(
            "link to `@{id}`: `@{id}` is a draft (draft: true in {}): it is left out of the build",
            d.display_path
        );
    }
    let mut known: Vec<&str> = book.index.keys().map(ChapterId::as_str).collect();
    known.sort_unstable();
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
    fn list_values_only_where_a_draft_put_the_count_off() {
        // No drafts: the list counts right by itself.
        assert_eq!(
            list_values(&[Some(1), Some(2), Some(3)]),
            [None, None, None]
        );
        // A draft (no number) counts in an <ol>: the item after it says
        // its number, and the count goes on right from there.
        assert_eq!(
            list_values(&[Some(1), None, Some(2), Some(3), None]),
            [None, None, Some(2), None, None]
        );
        assert_eq!(list_values(&[None, None, Some(1)]), [None, None, Some(1)]);
    }

    #[test]
    fn fragments_cannot_break_out_of_attributes() {
        assert_eq!(escape_fragment("a\"><x"), "a%22%3E%3Cx");
        assert_eq!(escape_fragment("құқық"), "құқық");
    }
}
