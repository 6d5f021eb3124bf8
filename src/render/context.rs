//! Typed, borrowed template contexts: what each template may use.
//!
//! Templates see only these structs (minijinja runs with strict undefined, so
//! a typo in a template fails the build). Values are plain text; the
//! templates' autoescape escapes them. Only `content` is HTML, produced by
//! `markdown` and `resolve`.

use crate::i18n::{Catalog, Strings};
use crate::lang::{ChapterId, Lang, chapter_anchor};
use crate::resolve::Book;
use serde::Serialize;
use std::collections::BTreeMap;

/// Data shared by every page of a build.
pub struct Shared<'a> {
    /// The book.
    pub book: &'a Book,
    /// Interface strings.
    pub catalog: &'a Catalog,
    /// Table of contents per language.
    pub tocs: &'a BTreeMap<&'a Lang, Vec<TocEntry<'a>>>,
    /// The theme's static files (to know which scripts exist).
    pub static_files: &'a BTreeMap<String, Vec<u8>>,
    /// Each language's interface strings as a template value, made once:
    /// every page uses them, and converting the catalogue per page was a
    /// few per cent of a build.
    pub strings: BTreeMap<&'a Lang, minijinja::Value>,
}

impl<'a> Shared<'a> {
    /// The shared data of a build of `book`.
    pub fn new(
        book: &'a Book,
        catalog: &'a Catalog,
        tocs: &'a BTreeMap<&'a Lang, Vec<TocEntry<'a>>>,
        static_files: &'a BTreeMap<String, Vec<u8>>,
    ) -> Self {
        let strings = book
            .config
            .languages
            .iter()
            .map(|l| (l, strings_value(catalog.strings(l))))
            .collect();
        Shared {
            book,
            catalog,
            tocs,
            static_files,
            strings,
        }
    }
}

/// A language's interface strings as a template value.
fn strings_value(strings: &Strings) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(strings))
}

/// Which page a layout belongs to (the `page-…` class on `<body>`).
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// A chapter.
    Chapter,
    /// A language's title page and contents.
    Toc,
    /// The whole report.
    Print,
    /// Search.
    Search,
    /// The abbreviations.
    Abbreviations,
    /// Not found.
    #[serde(rename = "404")]
    NotFound,
}

/// One line of the table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry<'a> {
    /// Chapter id.
    pub id: &'a str,
    /// `id.html`, relative to the language folder.
    pub href: String,
    /// Title in the language shown.
    pub title: &'a str,
    /// Summary, if any.
    pub summary: Option<&'a str>,
    /// Language of the title (differs when untranslated).
    pub lang: &'a Lang,
    /// Whether the page shows another language's text.
    pub fallback: bool,
    /// Whether the page shows a draft (only with `--drafts`).
    pub draft: bool,
    /// The chapter's number ([`Book::number`]); `None` for a chapter that
    /// is a draft in every language.
    pub number: Option<usize>,
    /// The `value` its `<li>` needs to keep the numbers of the book
    /// without drafts ([`Book::list_value`]); `None` unless drafts are shown.
    pub value: Option<usize>,
}

/// A link to another language's version of the page.
#[derive(Debug, Clone, Serialize)]
pub struct LangLink<'a> {
    /// Language code.
    pub lang: &'a Lang,
    /// Name of the language in itself.
    pub name: &'a str,
    /// Relative (or, for hreflang with `base_url`, absolute) URL.
    pub href: String,
    /// Whether this is the page's own language.
    pub current: bool,
}

/// The sidebar contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocCtx<'a> {
    /// Listed inline (small book) or filled in from `toc.js`.
    pub inline: bool,
    /// The entries (empty when not inline).
    pub entries: &'a [TocEntry<'a>],
    /// The current chapter's id (`""` on other pages).
    pub current: &'a str,
}

/// What `base.html` uses; every page context starts with it.
#[derive(Debug, Clone, Serialize)]
pub struct Layout<'a> {
    /// Page language.
    pub lang: &'a Lang,
    /// Prefix from the page to the site root (`../`; on the 404 pages, which
    /// a host serves at any depth, `base_url`, else `/`).
    pub root: String,
    /// The stylesheet, inlined (the 404 pages: styled wherever served).
    pub inline_style: Option<String>,
    /// Site title in this language.
    pub site_title: &'a str,
    /// The page's description: the chapter's summary, else the site's.
    pub description: &'a str,
    /// Page title.
    pub title: &'a str,
    /// Open Graph locale of the page (`kk_KZ`).
    pub locale: String,
    /// Open Graph locales of the other languages.
    pub locale_alternates: Vec<String>,
    /// Page kind.
    pub kind: PageKind,
    /// Whether search engines should skip it (untranslated fallbacks).
    pub noindex: bool,
    /// Absolute canonical URL (only with `base_url`).
    pub canonical: Option<String>,
    /// hreflang alternates.
    pub alternates: Vec<LangLink<'a>>,
    /// The language switcher.
    pub switcher: Vec<LangLink<'a>>,
    /// The sidebar contents, if shown.
    pub toc: Option<TocCtx<'a>>,
    /// Link to the contents page.
    pub toc_href: String,
    /// Link to the search page.
    pub search_href: String,
    /// Link to the print page.
    pub print_href: String,
    /// Scripts loaded (deferred) at the end of the page.
    pub scripts: Vec<String>,
    /// The site's icon: the theme's `favicon.svg`, or (on the 404 pages,
    /// served at any depth) the same as a `data:` URL.
    pub icon: String,
    /// Scripts the header's search box loads when it is first used (pages
    /// in a language's folder, other than the search page).
    pub search_scripts: Vec<String>,
    /// Interface strings of the page language ([`strings_value`]).
    pub t: minijinja::Value,
    /// "Draft" in the page language when the book shows drafts
    /// (`--drafts`): the badge of a draft, and the sign that the page needs
    /// the badge's style. `None` otherwise.
    pub draft_badge: Option<&'a str>,
}

/// A chapter page.
#[derive(Debug, Serialize)]
pub struct ChapterPage<'a> {
    #[serde(flatten)]
    layout: Layout<'a>,
    chapter: ChapterCtx<'a>,
}

/// A chapter's own data.
#[derive(Debug, Serialize)]
pub struct ChapterCtx<'a> {
    id: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    tags: &'a [String],
    /// The theme's own front matter keys (`extra:`).
    extra: &'a BTreeMap<String, serde_json::Value>,
    /// "Chapter N"; empty for a chapter that is a draft in every
    /// language, which has no number.
    number: String,
    /// The draft badge's text when the page shows a draft.
    draft: Option<&'a str>,
    /// [`CONTENT_TOKEN`]: the text goes in after rendering.
    content: &'static str,
    content_lang: &'a Lang,
    fallback_notice: Option<String>,
    stale_notice: Option<String>,
    original_href: Option<String>,
    outline: Vec<OutlineEntry<'a>>,
    prev: Option<NavLink<'a>>,
    next: Option<NavLink<'a>>,
}

#[derive(Debug, Serialize)]
struct OutlineEntry<'a> {
    id: &'a str,
    text: &'a str,
    level: u8,
}

#[derive(Debug, Serialize)]
struct NavLink<'a> {
    href: String,
    title: &'a str,
}

/// The title page and contents of a language.
#[derive(Debug, Serialize)]
pub struct TocPage<'a> {
    #[serde(flatten)]
    layout: Layout<'a>,
    /// Whether the language has abbreviations (a page lists them).
    abbreviations: bool,
    entries: &'a [TocEntry<'a>],
    chapter_count: String,
    /// The numbered tables, after the contents.
    tables: Vec<CaptionEntry<'a>>,
    /// The numbered figures.
    figures: Vec<CaptionEntry<'a>>,
}

/// The whole report on one page.
#[derive(Debug, Serialize)]
pub struct PrintPage<'a> {
    #[serde(flatten)]
    layout: Layout<'a>,
    /// The abbreviations, after the contents.
    abbreviations: &'a [crate::glossary::Term],
    chapters: Vec<CombinedChapter<'a>>,
    /// The numbered tables, after the contents.
    tables: Vec<CaptionEntry<'a>>,
    /// The numbered figures.
    figures: Vec<CaptionEntry<'a>>,
}

/// One chapter of a document that holds every chapter (the print page,
/// the single-file page).
#[derive(Debug, Serialize)]
pub struct CombinedChapter<'a> {
    id: &'a str,
    /// Where the chapter starts in the document ([`chapter_anchor`]).
    anchor: String,
    title: &'a str,
    content: String,
    content_lang: &'a Lang,
    fallback_notice: Option<String>,
    /// The draft badge's text when the chapter shown is a draft.
    draft: Option<&'a str>,
    /// Its number ([`Book::number`]).
    number: Option<usize>,
    /// The `value` of its item in the contents list ([`Book::list_value`]).
    value: Option<usize>,
}

impl<'a> CombinedChapter<'a> {
    /// The chapter at place `n` of the reading order as `lang`'s document
    /// shows it, with `content` as its text.
    pub fn new(
        book: &'a Book,
        catalog: &'a Catalog,
        lang: &Lang,
        n: usize,
        content: String,
    ) -> Self {
        let id = &book.order[n];
        let page = book.page(lang, id);
        let c = page.chapter;
        CombinedChapter {
            id: id.as_str(),
            anchor: chapter_anchor(id.as_str()),
            title: &c.title,
            content,
            content_lang: &c.lang,
            fallback_notice: page
                .fallback
                .then(|| fallback_notice(catalog, lang, &c.lang)),
            draft: c.draft.then(|| draft_badge(catalog, lang)),
            number: book.number(n),
            value: book.list_value(n),
        }
    }
}

/// The root language chooser.
#[derive(Debug, Serialize)]
pub struct ChooserPage<'a> {
    lang: &'a Lang,
    title: &'a str,
    description: &'a str,
    alternates: Vec<LangLink<'a>>,
    languages: Vec<ChooserEntry<'a>>,
}

#[derive(Debug, Serialize)]
struct ChooserEntry<'a> {
    lang: &'a Lang,
    name: &'a str,
    /// "Choose a language" in this language.
    choose: &'a str,
    title: &'a str,
    description: &'a str,
    href: String,
}

/// The contents of one language.
pub fn toc_entries<'a>(book: &'a Book, lang: &'a Lang) -> Vec<TocEntry<'a>> {
    book.order
        .iter()
        .enumerate()
        .map(|(n, id)| {
            let page = book.page(lang, id);
            TocEntry {
                id: id.as_str(),
                href: format!("{id}.html"),
                title: &page.chapter.title,
                summary: page.chapter.summary.as_deref(),
                lang: &page.chapter.lang,
                fallback: page.fallback,
                draft: page.chapter.draft,
                number: book.number(n),
                value: book.list_value(n),
            }
        })
        .collect()
}

impl<'a> Shared<'a> {
    /// The layout of a page in `lang/` (or the root for the 404 page).
    pub fn layout(
        &self,
        lang: &'a Lang,
        kind: PageKind,
        title: &'a str,
        chapter: Option<&'a ChapterId>,
    ) -> Layout<'a> {
        let config = &self.book.config;
        // A host serves its 404 page at whatever address was missing, so
        // its links cannot be relative: they start at `base_url`, or at the
        // domain's root when none is set.
        let at_root = matches!(kind, PageKind::NotFound);
        let site = if config.base_url.is_empty() {
            "/".to_string()
        } else {
            config.base_url.clone()
        };
        let (root, to_lang) = if at_root {
            (site.clone(), format!("{site}{lang}/"))
        } else {
            ("../".to_string(), String::new())
        };
        let file = match (kind, chapter) {
            (PageKind::Chapter, Some(id)) => format!("{id}.html"),
            (PageKind::Print, _) => "print.html".into(),
            (PageKind::Search, _) => "search.html".into(),
            _ => "index.html".into(),
        };
        let switcher = config
            .languages
            .iter()
            .map(|l| LangLink {
                lang: l,
                name: self.catalog.text(l, "language_name"),
                href: if at_root {
                    format!("{site}{l}/index.html")
                } else {
                    format!("../{l}/{file}")
                },
                current: l == lang,
            })
            .collect();
        let alternates = self.alternates(lang, kind, chapter, &file);
        let scripts_root = root.clone();
        let toc = (!at_root && !matches!(kind, PageKind::Toc | PageKind::Print)).then(|| {
            let inline = self.book.order.len() <= super::INLINE_TOC_LIMIT;
            TocCtx {
                inline,
                entries: if inline { &self.tocs[lang] } else { &[] },
                current: chapter.map_or("", ChapterId::as_str),
            }
        });
        let canonical = (!config.base_url.is_empty() && !at_root)
            .then(|| format!("{}{lang}/{file}", config.base_url));
        Layout {
            lang,
            root,
            site_title: config.title(lang),
            description: config.description.get(lang).map_or("", String::as_str),
            title,
            locale: lang.locale(),
            locale_alternates: config
                .languages
                .iter()
                .filter(|l| *l != lang)
                .map(Lang::locale)
                .collect(),
            kind,
            noindex: false,
            canonical,
            alternates,
            switcher,
            toc,
            toc_href: format!("{to_lang}index.html"),
            search_href: format!("{to_lang}search.html"),
            print_href: format!("{to_lang}print.html"),
            // The 404 pages need no script, and load nothing from the site.
            scripts: if at_root {
                Vec::new()
            } else {
                self.scripts(lang, kind, &scripts_root)
            },
            icon: if at_root {
                self.static_files
                    .get("favicon.svg")
                    .map(|b| {
                        use base64::Engine;
                        format!(
                            "data:image/svg+xml;base64,{}",
                            base64::engine::general_purpose::STANDARD.encode(b)
                        )
                    })
                    .unwrap_or_default()
            } else {
                format!("{scripts_root}static/favicon.svg")
            },
            search_scripts: if at_root || matches!(kind, PageKind::Search) {
                Vec::new()
            } else {
                self.search_scripts(lang, &scripts_root)
            },
            inline_style: at_root.then(|| inline_style(self.static_files)),
            t: self
                .strings
                .get(lang)
                .cloned()
                .unwrap_or_else(|| strings_value(self.catalog.strings(lang))),
            draft_badge: self
                .book
                .shows_drafts()
                .then(|| draft_badge(self.catalog, lang)),
        }
    }

    fn alternates(
        &self,
        lang: &'a Lang,
        kind: PageKind,
        chapter: Option<&'a ChapterId>,
        file: &str,
    ) -> Vec<LangLink<'a>> {
        let config = &self.book.config;
        let langs: Vec<&Lang> = match (kind, chapter) {
            (PageKind::Chapter, Some(id)) => self.book.translated_languages(id),
            (PageKind::NotFound, _) => Vec::new(),
            _ => config.languages.iter().collect(),
        };
        langs
            .into_iter()
            .map(|l| LangLink {
                lang: l,
                name: self.catalog.text(l, "language_name"),
                href: if config.base_url.is_empty() {
                    format!("../{l}/{file}")
                } else {
                    format!("{}{l}/{file}", config.base_url)
                },
                current: l == lang,
            })
            .collect()
    }

    /// Scripts of a page: `kitap.js` everywhere; the search page adds the
    /// language's stemmer (when the theme has one) and the search client.
    /// `kitap.js` (the header's search box) on every page but the search
    /// page, which has its stemmer and the search client instead.
    fn scripts(&self, lang: &Lang, kind: PageKind, root: &str) -> Vec<String> {
        if matches!(kind, PageKind::Search) {
            self.search_scripts(lang, root)
        } else {
            self.theme_scripts(&["kitap.js".to_string()], root)
        }
    }

    /// The language's stemmer (when the theme has one) and the search client.
    fn search_scripts(&self, lang: &Lang, root: &str) -> Vec<String> {
        let mut names: Vec<String> = lang.profile().browser_stemmer_file().into_iter().collect();
        names.push("search.js".into());
        self.theme_scripts(&names, root)
    }

    fn theme_scripts(&self, names: &[String], root: &str) -> Vec<String> {
        names
            .iter()
            .filter(|n| self.static_files.contains_key(*n))
            .map(|n| format!("{root}static/{n}"))
            .collect()
    }

    fn fallback_notice(&self, lang: &Lang, source_lang: &Lang) -> String {
        fallback_notice(self.catalog, lang, source_lang)
    }
}

/// The theme's `style.css` as it may stand inside a `<style>` element
/// (no `</` that could end it).
pub fn inline_style(static_files: &BTreeMap<String, Vec<u8>>) -> String {
    static_files
        .get("style.css")
        .map(|b| String::from_utf8_lossy(b).replace("</", "<\\/"))
        .unwrap_or_default()
}

/// "Not yet translated" in the reader's language, naming the language shown.
pub fn fallback_notice(catalog: &Catalog, lang: &Lang, source_lang: &Lang) -> String {
    catalog
        .text(lang, "not_translated")
        .replace("{language}", catalog.text(source_lang, "language_name"))
}

/// The notices that go under the headings of `lang`'s page of the chapter
/// at place `n` whose sections changed in the source since the translation
/// was made: (heading id, HTML of the notice).
pub fn section_notices(s: &Shared<'_>, lang: &Lang, n: usize) -> Vec<(String, String)> {
    let book = s.book;
    let id = &book.order[n];
    if book.page(lang, id).fallback {
        return Vec::new();
    }
    let Some(parts) = book.stale_parts.get(&(lang.clone(), id.clone())) else {
        return Vec::new();
    };
    let default = &book.config.default_language;
    let text = s
        .catalog
        .text(lang, "stale_section")
        .replace("{language}", s.catalog.text(default, "language_name"));
    let read = s.catalog.text(lang, "read_original");
    parts
        .sections
        .iter()
        .map(|anchor| {
            let html = format!(
                "<p class=\"notice notice-stale\" lang=\"{}\" role=\"note\">{} <a href=\"../{}/{}.html#{}\">{}</a></p>",
                lang,
                super::escape(&text),
                default,
                id,
                super::escape(anchor),
                super::escape(read)
            );
            (anchor.clone(), html)
        })
        .collect()
}

/// "Chapter N" in the reader's language for the chapter at place `n`
/// (0-based) of the reading order, N being its number in the book without
/// drafts ([`Book::number`]); `None` for a chapter that is a draft in every
/// language, which has no number.
pub fn chapter_number(catalog: &Catalog, book: &Book, lang: &Lang, n: usize) -> Option<String> {
    let number = book.number(n)?;
    Some(
        catalog
            .text(lang, "chapter_of")
            .replace("{n}", &number.to_string()),
    )
}

/// What a chapter's documents print before its title: "Chapter N"
/// ([`chapter_number`]), or for a chapter that has no number, the draft
/// badge's text.
pub fn chapter_label(catalog: &Catalog, book: &Book, lang: &Lang, n: usize) -> String {
    chapter_number(catalog, book, lang, n).unwrap_or_else(|| draft_badge(catalog, lang).to_string())
}

/// "Draft" in the reader's language: the badge of a draft chapter shown
/// with `--drafts` (the key itself when a workspace's strings lack it).
pub fn draft_badge<'a>(catalog: &'a Catalog, lang: &Lang) -> &'a str {
    catalog.text(lang, "draft")
}

static NO_EXTRA: BTreeMap<String, serde_json::Value> = BTreeMap::new();

/// Context of `lang/<order[n]>.html`.
pub fn chapter_page<'a>(s: &Shared<'a>, lang: &'a Lang, n: usize) -> ChapterPage<'a> {
    let book = s.book;
    let id = &book.order[n];
    let page = book.page(lang, id);
    let c = page.chapter;
    let mut layout = s.layout(lang, PageKind::Chapter, &c.title, Some(id));
    layout.noindex = page.fallback;
    if let Some(summary) = c.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        layout.description = summary;
    }
    let nav = |i: usize| {
        let other = book.page(lang, &book.order[i]).chapter;
        NavLink {
            href: format!("{}.html", other.id),
            title: &other.title,
        }
    };
    let default = &book.config.default_language;
    let stale = (!page.fallback && lang != default)
        .then(|| {
            let source = book.translation(default, id)?;
            let named = c.translation_of.as_deref()?;
            // When the changes are known section by section, the notice
            // over the chapter is left to what no section shows.
            let over_chapter = book
                .stale_parts
                .get(&(lang.clone(), id.clone()))
                .is_none_or(|p| p.elsewhere);
            (named != source.version && over_chapter).then(|| {
                s.catalog
                    .text(lang, "stale_translation")
                    .replace("{language}", s.catalog.text(default, "language_name"))
            })
        })
        .flatten();
    let chapter = ChapterCtx {
        id: id.as_str(),
        title: &c.title,
        summary: c.summary.as_deref(),
        tags: &c.tags,
        extra: c.front.extra.as_ref().unwrap_or(&NO_EXTRA),
        number: chapter_number(s.catalog, book, lang, n).unwrap_or_default(),
        draft: c.draft.then(|| draft_badge(s.catalog, lang)),
        content: CONTENT_TOKEN,
        content_lang: &c.lang,
        fallback_notice: page.fallback.then(|| s.fallback_notice(lang, &c.lang)),
        stale_notice: stale,
        original_href: book
            .config
            .languages
            .contains(default)
            .then(|| format!("../{default}/{id}.html")),
        outline: c
            .parsed
            .headings
            .iter()
            .filter(|h| (2..=3).contains(&h.level))
            .map(|h| OutlineEntry {
                id: &h.id,
                text: &h.text,
                level: h.level,
            })
            .collect(),
        prev: n.checked_sub(1).map(nav),
        next: (n + 1 < book.order.len()).then(|| nav(n + 1)),
    };
    ChapterPage { layout, chapter }
}

/// A numbered table or figure in a list of them.
#[derive(Debug, Serialize)]
pub struct CaptionEntry<'a> {
    /// Its place on the website (`data.html#tbl-permits`).
    pub href: String,
    /// Its id in a combined document (`data--tbl-permits`).
    pub anchor: String,
    /// "Table 3.2", in its chapter's language.
    pub label: String,
    /// Its caption.
    pub text: &'a str,
    /// The language of its chapter's text on `lang`'s pages.
    pub lang: &'a Lang,
}

/// The book's numbered tables and figures as `lang`'s pages show them, in
/// reading order: (tables, figures).
pub fn caption_lists<'a>(
    book: &'a Book,
    lang: &Lang,
) -> (Vec<CaptionEntry<'a>>, Vec<CaptionEntry<'a>>) {
    let mut tables = Vec::new();
    let mut figures = Vec::new();
    for id in &book.order {
        let page = book.page(lang, id);
        for (n, cap) in page.chapter.parsed.captions.iter().enumerate() {
            let entry = CaptionEntry {
                href: format!("{id}.html#{}", cap.id),
                anchor: crate::lang::scoped_id(id.as_str(), &cap.id),
                label: page.caption_label(n).unwrap_or_default().to_string(),
                text: &cap.text,
                lang: &page.chapter.lang,
            };
            match cap.kind {
                crate::markdown::CaptionKind::Table => tables.push(entry),
                crate::markdown::CaptionKind::Figure => figures.push(entry),
            }
        }
    }
    (tables, figures)
}

/// Context of `lang/abbreviations.html`.
#[derive(Debug, Serialize)]
pub struct AbbreviationsPage<'a> {
    #[serde(flatten)]
    layout: Layout<'a>,
    abbreviations: &'a [crate::glossary::Term],
}

/// Context of `lang/abbreviations.html`.
pub fn abbreviations_page<'a>(s: &Shared<'a>, lang: &'a Lang) -> AbbreviationsPage<'a> {
    AbbreviationsPage {
        layout: s.layout(
            lang,
            PageKind::Abbreviations,
            s.catalog.text(lang, "abbreviations"),
            None,
        ),
        abbreviations: s.book.glossary.terms(lang),
    }
}

/// Context of `lang/index.html`.
pub fn toc_page<'a>(s: &Shared<'a>, lang: &'a Lang) -> TocPage<'a> {
    let title = s.book.config.title(lang);
    let (tables, figures) = caption_lists(s.book, lang);
    TocPage {
        abbreviations: !s.book.glossary.terms(lang).is_empty(),
        layout: s.layout(lang, PageKind::Toc, title, None),
        entries: &s.tocs[lang],
        chapter_count: s
            .catalog
            .plural(lang, "chapters", s.book.order.len() as u64),
        tables,
        figures,
    }
}

/// What stands for the chapter's text in a rendered chapter page until
/// `render` writes the text in its place, straight into the page's bytes
/// (the text is most of a page; through the template engine it was copied
/// three times). Wrapped in U+0001 like [`print_token`].
pub const CONTENT_TOKEN: &str = "\u{1}kitap-chapter-content\u{1}";

/// What stands for chapter `n`'s text in the rendered print page until
/// `render` writes the text in its place, so the whole book's text is never
/// copied into the template engine. Wrapped in U+0001, which no title or
/// template text contains.
pub fn print_token(n: usize) -> String {
    format!("\u{1}kitap-print-chapter:{n}\u{1}")
}

/// Context of `lang/print.html`; each `content` is a [`print_token`].
pub fn print_page<'a>(s: &Shared<'a>, lang: &'a Lang) -> PrintPage<'a> {
    let chapters = s
        .book
        .order
        .iter()
        .enumerate()
        .map(|(n, _)| CombinedChapter::new(s.book, s.catalog, lang, n, print_token(n)))
        .collect();
    let (tables, figures) = caption_lists(s.book, lang);
    PrintPage {
        abbreviations: s.book.glossary.terms(lang),
        layout: s.layout(
            lang,
            PageKind::Print,
            s.catalog.text(lang, "print_title"),
            None,
        ),
        chapters,
        tables,
        figures,
    }
}

/// Context of the root `index.html`.
pub fn chooser_page<'a>(s: &Shared<'a>) -> ChooserPage<'a> {
    let config = &s.book.config;
    let lang = config.home_language();
    ChooserPage {
        lang,
        title: config.title(lang),
        description: config.description.get(lang).map_or("", String::as_str),
        alternates: config
            .languages
            .iter()
            .map(|l| LangLink {
                lang: l,
                name: s.catalog.text(l, "language_name"),
                href: format!("{}{l}/index.html", config.base_url),
                current: l == lang,
            })
            .collect(),
        languages: config
            .languages
            .iter()
            .map(|l| ChooserEntry {
                lang: l,
                name: s.catalog.text(l, "language_name"),
                choose: s.catalog.text(l, "choose_language"),
                title: config.title(l),
                description: config.description.get(l).map_or("", String::as_str),
                href: format!("{l}/index.html"),
            })
            .collect(),
    }
}
