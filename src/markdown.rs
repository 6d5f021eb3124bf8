//! Markdown -> HTML for one chapter, with what later stages need collected.
//!
//! The only module that imports pulldown-cmark; its options are chosen in
//! [`options`]. Owns: heading ids (explicit `{#id}` wins, otherwise a slug
//! that keeps every script's letters; duplicates suffixed), the in-page
//! outline, the plain text of each section (for search), URL policy
//! (`javascript:`, `vbscript:`, `file:` and non-image `data:` are errors) and
//! collecting internal links. Internal links (`@id`, `*.md`, `#anchor`) are
//! written as placeholders that `resolve` fills in across the whole book; images
//! under `site/assets/` are rewritten to a path relative to the page. Pure.

use crate::error::{Diagnostic, Locator, QUOTED, SourceText, shorten};
use crate::lang::Punctuation;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// A heading of the chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The anchor (`id` attribute).
    pub id: String,
    /// Plain text.
    pub text: String,
    /// Whether the id was written explicitly (`{#id}`).
    pub explicit: bool,
}

/// Where an internal link points, before resolution.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// `@id` or `@id#anchor`.
    Chapter {
        /// The chapter id as written.
        id: String,
        /// The anchor, if any.
        anchor: Option<String>,
    },
    /// A relative `.md` path (as written, resolved against the chapter's folder).
    File {
        /// Path relative to the chapter's folder.
        path: String,
        /// The anchor, if any.
        anchor: Option<String>,
    },
    /// `#anchor` in the same chapter.
    Anchor(String),
    /// `@tbl-…` or `@fig-…`: a numbered table or figure, wherever it is.
    Label(String),
}

/// An internal link found in the chapter.
#[derive(Debug, Clone)]
pub struct InternalLink {
    /// Where it points.
    pub target: LinkTarget,
    /// Its (line, column) in the file, for errors.
    pub at: (usize, usize),
}

/// An image under `site/assets/`.
#[derive(Debug, Clone)]
pub struct AssetRef {
    /// Path under `assets/`.
    pub path: String,
    /// Its (line, column) in the file, for errors.
    pub at: (usize, usize),
}

/// Something a chapter shows that a format may have no way to show (raw
/// HTML, an image from outside the book), with where it is written, so that
/// such a format can warn at that place.
#[derive(Debug, Clone)]
pub struct Unshown {
    /// The raw HTML, or the image's address.
    pub text: String,
    /// Its (line, column) in the file.
    pub at: (usize, usize),
}

/// A section of text between headings, for the search index.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// The heading's anchor; `None` for text before the first heading.
    pub anchor: Option<String>,
    /// The heading text.
    pub heading: String,
    /// Plain text of the section body.
    pub text: String,
}

/// One chapter's Markdown, converted.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// HTML with internal-link placeholders (see [`placeholder`]).
    pub html: String,
    /// Every heading in order.
    pub headings: Vec<Heading>,
    /// Every id in the page a `#fragment` may point at.
    pub anchors: BTreeSet<String>,
    /// Internal links in order; placeholder `n` is `links[n]`.
    pub links: Vec<InternalLink>,
    /// Images under `site/assets/`.
    pub assets: Vec<AssetRef>,
    /// Sections for search.
    pub sections: Vec<Section>,
    /// Raw HTML and images from outside `assets/`, in order.
    pub unshown: Vec<Unshown>,
    /// Errors found (URL policy, bad anchors).
    pub diagnostics: Vec<Diagnostic>,
    /// Numbered tables and figures, in order.
    pub captions: Vec<Caption>,
    /// What each text placeholder ([`text_placeholder`]) stands for.
    pub texts: Vec<TextRef>,
}

/// A numbered table or figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CaptionKind {
    /// A table with a caption line (`: Caption {#tbl-id}`) after it.
    Table,
    /// An image alone in its paragraph, with an id (`![Caption](x.png){#fig-id}`).
    Figure,
}

impl CaptionKind {
    /// What the kind is called in messages.
    pub fn name(self) -> &'static str {
        match self {
            CaptionKind::Table => "table",
            CaptionKind::Figure => "figure",
        }
    }
}

/// A numbered table or figure of a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caption {
    /// Table or figure.
    pub kind: CaptionKind,
    /// Its id (`tbl-permits`), explicit or made (`tbl-2`).
    pub id: String,
    /// Its place among the chapter's captions of its kind (1-based).
    pub number: usize,
    /// Its caption's plain text.
    pub text: String,
    /// Its (line, column) in the file.
    pub at: (usize, usize),
}

/// A text kitap fills in when the book is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRef {
    /// The label of caption `n` ("Table 3.2").
    Caption(usize),
    /// The text of link `n`, written without text (`[](@tbl-permits)`):
    /// the label of what it points at.
    Link(usize),
}

/// The text written for text placeholder `n`; `texts` replaces it.
pub fn text_placeholder(n: usize) -> String {
    format!("\u{1}kitap-text:{n}:\u{1}")
}

/// The Markdown dialect: CommonMark plus these extensions.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The `href` value written for internal link `n`; `links` replaces it.
pub fn placeholder(n: usize) -> String {
    format!("kitap-link:{n}:")
}

/// Replace `href="kitap-link:N:"` ([`placeholder`]) with `hrefs[N]` and
/// each text placeholder ([`text_placeholder`]) with `texts[N]`, escaped.
pub fn fill_placeholders(html: &str, hrefs: &[String], texts: &[String]) -> String {
    let mut out = String::with_capacity(html.len());
    fill_placeholders_into(&mut out, html, hrefs, texts);
    out
}

/// [`fill_placeholders`], appended to `out`.
pub fn fill_placeholders_into(out: &mut String, html: &str, hrefs: &[String], texts: &[String]) {
    if texts.is_empty() {
        let _ = fill_with(html, hrefs, |s| {
            out.push_str(s);
            Ok::<(), std::convert::Infallible>(())
        });
        return;
    }
    let mut linked = String::with_capacity(html.len());
    let _ = fill_with(html, hrefs, |s| {
        linked.push_str(s);
        Ok::<(), std::convert::Infallible>(())
    });
    const PREFIX: &str = "\u{1}kitap-text:";
    let mut rest = linked.as_str();
    while let Some(pos) = rest.find(PREFIX) {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + PREFIX.len()..];
        let parsed = after
            .split_once(":\u{1}")
            .and_then(|(n, tail)| n.parse::<usize>().ok().map(|n| (n, tail)));
        match parsed.and_then(|(n, tail)| texts.get(n).map(|t| (t, tail))) {
            Some((text, tail)) => {
                escape_into(out, text);
                rest = tail;
            }
            None => {
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// `text` escaped for HTML text and attribute values.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// [`fill_placeholders`], handing the pieces of the result to `put` in order.
fn fill_with<E>(
    html: &str,
    hrefs: &[String],
    mut put: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    const PREFIX: &str = "href=\"kitap-link:";
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(PREFIX));
    let mut rest = html;
    while let Some(pos) = FINDER.find(rest.as_bytes()) {
        put(&rest[..pos])?;
        let after = &rest[pos + PREFIX.len()..];
        let parsed = after
            .split_once(":\"")
            .and_then(|(n, tail)| n.parse::<usize>().ok().map(|n| (n, tail)));
        match parsed.and_then(|(n, tail)| hrefs.get(n).map(|h| (h, tail))) {
            Some((href, tail)) => {
                put("href=\"")?;
                put(href)?;
                put("\"")?;
                rest = tail;
            }
            None => {
                put(PREFIX)?;
                rest = after;
            }
        }
    }
    put(rest)
}

/// Convert a chapter body. `body_offset` is the body's byte offset in
/// `src.text`; `dir` is the chapter's folder relative to `site/` (e.g. `en` or
/// `en/part1`), used to resolve relative image paths; `punctuation` is the
/// language's quotes and dash for smart punctuation.
pub fn parse(
    src: &SourceText,
    body: &str,
    body_offset: usize,
    dir: &str,
    punctuation: &Punctuation,
    terms: &[crate::glossary::Term],
) -> Parsed {
    // Prose gives about one event per 30-40 bytes: room for all of them
    // at once instead of a dozen doublings.
    let mut events: Vec<(Event<'_>, Range<usize>)> = Vec::with_capacity(body.len() / 24 + 16);
    events.extend(Parser::new_ext(body, options()).into_offset_iter());
    let mut out = Parsed::default();
    let mut locator = src.locator();
    // Explicit heading ids, each with the offset of its first heading.
    let mut explicit: BTreeMap<String, usize> = BTreeMap::new();
    // Where each heading starts: a section's text is about as long as the
    // Markdown up to the next heading, so its buffer is sized once.
    let mut heading_starts = Vec::new();
    let mut notes = Notes::default();
    // Text that may hold quotes or dashes to localise (outside code).
    let localise = *punctuation != crate::lang::GENERIC.punctuation;
    let mut in_code = false;
    let mut quoted = Vec::new();
    // Whether the chapter has a table or an image (a numbered one may be
    // among them): noted in this pass so that chapters without skip the
    // numbering's.
    let mut tables_or_images = false;
    for (i, (e, range)) in events.iter().enumerate() {
        match e {
            Event::End(TagEnd::Table) | Event::Start(Tag::Image { .. }) => tables_or_images = true,
            Event::Text(t)
                if localise && !in_code && memchr::memchr(0xE2, t.as_bytes()).is_some() =>
            {
                quoted.push(i);
            }
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::Html(t) | Event::InlineHtml(t) if !t.trim().is_empty() => {
                out.unshown.push(Unshown {
                    text: t.to_string(),
                    at: locator.position(body_offset + range.start),
                });
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Heading { id, .. }) => {
                heading_starts.push(range.start);
                if let Some(id) = id
                    && explicit.insert(id.to_string(), range.start).is_some()
                {
                    out.diagnostics.push(locator.error_at(
                        body_offset + range.start,
                        format!("heading id `#{id}` is used twice in this chapter"),
                    ));
                }
            }
            Event::Start(Tag::FootnoteDefinition(name)) if !out.anchors.insert(note_id(name)) => {
                out.diagnostics.push(locator.error_at(
                    body_offset + range.start,
                    format!("footnote `[^{name}]` is defined twice in this chapter"),
                ));
            }
            _ => {}
        }
    }
    heading_starts.push(body.len());
    localise_punctuation(&mut events, &quoted, punctuation);
    let mut next_heading = heading_starts.iter().copied();
    // Ids a heading may not take: footnotes' and the page layout's.
    let mut ids = Ids::default();
    ids.used.extend(out.anchors.iter().cloned());
    ids.used.extend(RESERVED_IDS.iter().map(|s| s.to_string()));
    let mut taken: Vec<(usize, &String)> = explicit
        .iter()
        .filter(|(id, _)| ids.used.contains(*id))
        .map(|(id, &at)| (at, id))
        .collect();
    taken.sort();
    for (at, id) in taken {
        out.diagnostics.push(locator.error_at(
            body_offset + at,
            format!("heading id `#{id}` is taken by a footnote or the page layout; choose another"),
        ));
    }
    ids.used.extend(explicit.keys().cloned());
    if tables_or_images {
        number_tables_and_figures(
            &mut events,
            &mut out,
            &mut ids.used,
            &mut locator,
            body_offset,
        );
    }
    let mut converted = Vec::with_capacity(events.len());
    let mut section = Section::default();
    section
        .text
        .reserve(next_heading.next().unwrap_or_default());
    let mut i = 0;
    // Abbreviations: each marked at its first use in the chapter, outside
    // code, links and image descriptions.
    let mut unmarked: Vec<&crate::glossary::Term> = terms.iter().collect();
    let mut not_prose = 0usize;
    while i < events.len() {
        let (event, range) = &events[i];
        let offset = body_offset + range.start;
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. }) => {
                not_prose += 1
            }
            Event::End(TagEnd::CodeBlock | TagEnd::Link | TagEnd::Image) => {
                not_prose = not_prose.saturating_sub(1)
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading { .. }) => {
                let end = heading_end(&events, i);
                let heading = heading_events(&events[i..=end], &explicit, &mut ids);
                let mut finished = std::mem::take(&mut section);
                trim_in_place(&mut finished.text);
                if finished.anchor.is_some() || !finished.text.is_empty() {
                    out.sections.push(finished);
                }
                section.anchor = Some(heading.0.id.clone());
                section.heading = heading.0.text.clone();
                let upto = next_heading.next().unwrap_or(body.len());
                section.text.reserve(upto.saturating_sub(range.start));
                out.anchors.insert(heading.0.id.clone());
                out.headings.push(heading.0);
                for (e, r) in heading.1 {
                    let e = notes.reference(e);
                    let e = convert_link_or_image(
                        e,
                        body_offset + r.start,
                        &mut locator,
                        dir,
                        &mut out,
                    );
                    notes.emit(e, &mut converted);
                }
                i = end + 1;
                continue;
            }
            Event::Text(t) | Event::Code(t) => section.text.push_str(t),
            Event::SoftBreak | Event::HardBreak => section.text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                section.text.push(' ')
            }
            _ => {}
        }
        // Each event is used once: take it instead of copying its text.
        let event = std::mem::replace(&mut events[i].0, Event::Rule);
        let event = convert_link_or_image(event, offset, &mut locator, dir, &mut out);
        // A link written without text (`[](@tbl-permits)`) gets the label of
        // what it points at.
        let label = match (&event, events.get(i + 1).map(|e| &e.0)) {
            (Event::Start(Tag::Link { dest_url, .. }), Some(Event::End(TagEnd::Link)))
                if dest_url.starts_with("kitap-link:") =>
            {
                out.texts.push(TextRef::Link(out.links.len() - 1));
                Some(Event::Html(text_placeholder(out.texts.len() - 1).into()))
            }
            _ => None,
        };
        let mut pieces = match event {
            Event::Text(t) if !unmarked.is_empty() && not_prose == 0 => {
                mark_abbreviations(t, &mut unmarked, &mut section.text)
            }
            e => vec![e],
        };
        pieces.extend(label);
        for event in pieces {
            if notes.concerns(&event) {
                let event = notes.reference(event);
                notes.emit(event, &mut converted);
            } else {
                converted.push(event);
            }
        }
        i += 1;
    }
    notes.finish(&mut converted);
    trim_in_place(&mut section.text);
    if section.anchor.is_some() || !section.text.is_empty() {
        out.sections.push(section);
    }
    // HTML runs about a third longer than its Markdown: one allocation,
    // not a dozen doublings.
    out.html.reserve(body.len() + body.len() / 2);
    pulldown_cmark::html::push_html(&mut out.html, converted.into_iter());
    // A table wider than the screen scrolls sideways (the theme's style):
    // focusable, so that a keyboard can scroll it too.
    if out.html.contains("<table>") {
        out.html = out.html.replace("<table>", "<table tabindex=\"0\">");
    }
    // A large book keeps every chapter's HTML until its pages are made: no
    // spare capacity.
    out.html.shrink_to_fit();
    out
}

/// `text` with the first use of each of `unmarked` in it as
/// `<abbr title="…">`: whole words only; each term marked is taken out of
/// `unmarked`, and what it stands for added to the search text.
fn mark_abbreviations<'a>(
    text: CowStr<'a>,
    unmarked: &mut Vec<&crate::glossary::Term>,
    search: &mut String,
) -> Vec<Event<'a>> {
    let is_word = |c: char| c.is_alphanumeric();
    let whole = |t: &str, at: usize, len: usize| {
        !t[..at].chars().next_back().is_some_and(is_word)
            && !t[at + len..].chars().next().is_some_and(is_word)
    };
    let find = |t: &str, abbr: &str| {
        t.match_indices(abbr)
            .map(|(at, _)| at)
            .find(|&at| whole(t, at, abbr.len()))
    };
    let mut found: Vec<(usize, usize)> = unmarked
        .iter()
        .enumerate()
        .filter_map(|(k, term)| find(&text, &term.abbr).map(|at| (at, k)))
        .collect();
    if found.is_empty() {
        return vec![Event::Text(text)];
    }
    found.sort();
    let mut out = Vec::new();
    let mut pos = 0;
    let mut taken = Vec::new();
    for (at, k) in found {
        let term = unmarked[k];
        if at < pos {
            continue;
        }
        if pos < at {
            out.push(Event::Text(text[pos..at].to_string().into()));
        }
        let mut title = String::new();
        escape_into(&mut title, &term.full);
        out.push(Event::Html(format!("<abbr title=\"{title}\">").into()));
        out.push(Event::Text(term.abbr.clone().into()));
        out.push(Event::Html("</abbr>".into()));
        search.push(' ');
        search.push_str(&term.full);
        pos = at + term.abbr.len();
        taken.push(k);
    }
    if pos < text.len() {
        out.push(Event::Text(text[pos..].to_string().into()));
    }
    taken.sort_unstable();
    for k in taken.into_iter().rev() {
        unmarked.remove(k);
    }
    out
}

/// An id as written in `{#id}`: letters, digits, `-` and `_`.
fn written_id(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_end();
    let t = t.strip_suffix('}')?;
    let open = t.rfind("{#")?;
    let id = &t[open + 2..];
    (!id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_'))
    .then(|| (t[..open].trim_end(), id))
}

/// Number the chapter's tables and figures: a paragraph right after a
/// table that starts with `: ` is its caption (moved into the table, an id
/// at its end taken as the table's: `: Permits by region {#tbl-permits}`);
/// an image alone in its paragraph followed by `{#id}` is a figure, its
/// description the caption (`![Referral pathway](x.svg){#fig-referral}`).
/// Their labels are text placeholders, filled when the book is resolved.
/// Called only for a chapter with a table or an image.
fn number_tables_and_figures<'a>(
    events: &mut Vec<(Event<'a>, Range<usize>)>,
    out: &mut Parsed,
    used: &mut BTreeSet<String>,
    locator: &mut Locator<'_>,
    body_offset: usize,
) {
    let old = std::mem::take(events);
    let mut new: Vec<(Event<'a>, Range<usize>)> = Vec::with_capacity(old.len() + 8);
    let mut table_start: Option<usize> = None;
    let mut after_table: Option<usize> = None;
    let mut in_note = false;
    let mut counts = [0usize; 2];
    let mut old = old.into_iter().peekable();
    let mut pending: std::collections::VecDeque<(Event<'a>, Range<usize>)> = Default::default();
    let next =
        |old: &mut std::iter::Peekable<std::vec::IntoIter<(Event<'a>, Range<usize>)>>,
         pending: &mut std::collections::VecDeque<(Event<'a>, Range<usize>)>| {
            pending.pop_front().or_else(|| old.next())
        };
    while let Some((event, range)) = next(&mut old, &mut pending) {
        let just_after_table = after_table.take();
        match &event {
            Event::Start(Tag::FootnoteDefinition(_)) => in_note = true,
            Event::End(TagEnd::FootnoteDefinition) => in_note = false,
            Event::Start(Tag::Table(_)) if !in_note => table_start = Some(new.len()),
            Event::End(TagEnd::Table) => {
                // A caption line written right under the table (no blank
                // line) is read as its last row.
                let last_row = new
                    .iter()
                    .rposition(|(e, _)| matches!(e, Event::Start(Tag::TableRow)));
                if let Some(r) = last_row
                    && let Some((Event::Text(t), at)) = new.get(r + 2)
                    && t.starts_with(':')
                {
                    let d = locator
                        .error_at(
                            body_offset + at.start,
                            "this table row starts with `:`: a caption line needs a blank line between it and the table",
                        )
                        .warning();
                    out.diagnostics.push(d);
                }
                new.push((event, range));
                after_table = table_start.take();
                continue;
            }
            Event::Start(Tag::Paragraph) if !in_note => {
                // The paragraph's events, up to its end.
                let mut para = Vec::new();
                for e in old.by_ref() {
                    let end = matches!(e.0, Event::End(TagEnd::Paragraph));
                    para.push(e);
                    if end {
                        break;
                    }
                }
                let mut place = Place {
                    locator: &mut *locator,
                    offset: body_offset + range.start,
                    range: range.clone(),
                };
                let done = match just_after_table {
                    Some(start) => table_caption(
                        &mut para,
                        start,
                        &mut place,
                        &mut new,
                        out,
                        used,
                        &mut counts,
                    ),
                    None => figure(&mut para, &mut place, &mut new, out, used, &mut counts),
                };
                if done {
                    continue;
                }
                // `{#id}` after an image that shares its paragraph: no figure.
                if para
                    .iter()
                    .any(|(e, _)| matches!(e, Event::Start(Tag::Image { .. })))
                    && let Some((Event::Text(t), at)) = para.iter().rev().nth(1)
                    && written_id(t).is_some()
                {
                    let d = locator
                        .error_at(
                            body_offset + at.start,
                            "an id after an image makes a numbered figure only when the image is alone in its paragraph (a blank line before and after)",
                        )
                        .warning();
                    out.diagnostics.push(d);
                }
                new.push((event, range));
                pending.extend(para);
                continue;
            }
            _ => {}
        }
        new.push((event, range));
    }
    *events = new;
}

/// Where a caption is written.
struct Place<'l, 's> {
    locator: &'l mut Locator<'s>,
    offset: usize,
    range: Range<usize>,
}

/// Claim `id` for a caption, or report it taken.
fn claim(
    id: &str,
    used: &mut BTreeSet<String>,
    out: &mut Parsed,
    place: &mut Place<'_, '_>,
) -> bool {
    if used.insert(id.to_string()) {
        out.anchors.insert(id.to_string());
        return true;
    }
    out.diagnostics.push(place.locator.error_at(
        place.offset,
        format!(
            "id `#{id}` is used twice in this chapter (a heading, footnote, table or figure has it)"
        ),
    ));
    false
}

fn caption_open(
    out: &mut Parsed,
    kind: CaptionKind,
    id: &str,
    text: String,
    counts: &mut [usize; 2],
    at: (usize, usize),
) -> String {
    let k = &mut counts[kind as usize];
    *k += 1;
    out.captions.push(Caption {
        kind,
        id: id.to_string(),
        number: *k,
        text,
        at,
    });
    out.texts.push(TextRef::Caption(out.captions.len() - 1));
    format!(
        "<span class=\"caption-label\">{}</span> ",
        text_placeholder(out.texts.len() - 1)
    )
}

/// Plain text of inline events.
fn plain(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut t = String::new();
    for (e, _) in events {
        match e {
            Event::Text(s) | Event::Code(s) => t.push_str(s),
            Event::SoftBreak | Event::HardBreak => t.push(' '),
            _ => {}
        }
    }
    t.trim().to_string()
}

#[allow(clippy::too_many_arguments)]
fn table_caption<'a>(
    para: &mut Vec<(Event<'a>, Range<usize>)>,
    table_start: usize,
    place: &mut Place<'_, '_>,
    new: &mut Vec<(Event<'a>, Range<usize>)>,
    out: &mut Parsed,
    used: &mut BTreeSet<String>,
    counts: &mut [usize; 2],
) -> bool {
    let starts = matches!(para.first(), Some((Event::Text(t), _)) if t.starts_with(": ") || t.as_ref() == ":");
    if !starts || para.len() < 2 {
        return false;
    }
    let end = para.len() - 1; // End(Paragraph)
    let mut inline: Vec<(Event<'a>, Range<usize>)> = para.drain(..end).collect();
    para.clear();
    if let Some((Event::Text(t), _)) = inline.first_mut() {
        let rest = t.trim_start_matches(':').trim_start().to_string();
        *t = rest.into();
    }
    let mut id = None;
    if let Some((Event::Text(t), _)) = inline.last_mut()
        && let Some((before, written)) = written_id(t)
    {
        id = Some(written.to_string());
        *t = before.to_string().into();
    }
    let text = plain(&inline);
    if text.is_empty() {
        out.diagnostics.push(place.locator.error_at(
            place.offset,
            "a caption line needs its text after `:` (`: Work permits by region {#tbl-permits}`)",
        ));
    }
    let id = id.unwrap_or_else(|| format!("tbl-{}", counts[CaptionKind::Table as usize] + 1));
    let at = place.locator.position(place.offset);
    let range = place.range.clone();
    let id_attr = if claim(&id, used, out, place) {
        id.clone()
    } else {
        String::new()
    };
    let open = caption_open(out, CaptionKind::Table, &id, text, counts, at);
    let mut caption = Vec::with_capacity(inline.len() + 2);
    caption.push((
        Event::Html(format!("<caption id=\"{id_attr}\">{open}").into()),
        range.clone(),
    ));
    caption.extend(inline);
    caption.push((Event::Html("</caption>".into()), range.clone()));
    new.splice(table_start + 1..table_start + 1, caption);
    true
}

fn figure<'a>(
    para: &mut Vec<(Event<'a>, Range<usize>)>,
    place: &mut Place<'_, '_>,
    new: &mut Vec<(Event<'a>, Range<usize>)>,
    out: &mut Parsed,
    used: &mut BTreeSet<String>,
    counts: &mut [usize; 2],
) -> bool {
    if !matches!(para.first(), Some((Event::Start(Tag::Image { .. }), _))) {
        return false;
    }
    let Some(img_end) = para
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))
    else {
        return false;
    };
    // After the image: only spaces and `{#id}`.
    let tail: String = para[img_end + 1..para.len() - 1]
        .iter()
        .map(|(e, _)| match e {
            Event::Text(t) => t.to_string(),
            Event::SoftBreak => " ".to_string(),
            _ => "\u{0}".to_string(),
        })
        .collect();
    let Some(("", id)) = written_id(tail.trim()) else {
        return false;
    };
    let id = id.to_string();
    let text = plain(&para[1..img_end]);
    let at = place.locator.position(place.offset);
    let range = place.range.clone();
    let id_attr = if claim(&id, used, out, place) {
        id.clone()
    } else {
        String::new()
    };
    let open = caption_open(out, CaptionKind::Figure, &id, text.clone(), counts, at);
    new.push((
        Event::Html(format!("<figure id=\"{id_attr}\">").into()),
        range.clone(),
    ));
    new.extend(para.drain(..=img_end));
    new.push((
        Event::Html(format!("<figcaption>{open}").into()),
        range.clone(),
    ));
    new.push((Event::Text(text.into()), range.clone()));
    new.push((
        Event::Html("</figcaption></figure>\n".into()),
        range.clone(),
    ));
    para.clear();
    true
}

/// Smart punctuation gives English quotes (“…”, ‘…’) and an en dash for
/// `--`; put the language's in their place in the text events at `at`
/// (those outside code that may hold one). An apostrophe (’ between two
/// letters) stays. Smart punctuation splits text at each quote, so the
/// characters around one may be in the text events before and after it.
fn localise_punctuation(events: &mut [(Event<'_>, Range<usize>)], at: &[usize], p: &Punctuation) {
    let text = |i: usize| match events.get(i).map(|(e, _)| e) {
        Some(Event::Text(t)) => Some(t.as_ref()),
        _ => None,
    };
    let mut changed = Vec::new();
    for &i in at {
        let before = i
            .checked_sub(1)
            .and_then(text)
            .and_then(|t| t.chars().next_back());
        let after = text(i + 1).and_then(|t| t.chars().next());
        if let Some(new) = text(i).and_then(|t| localised(t, before, after, p)) {
            changed.push((i, new));
        }
    }
    for (i, new) in changed {
        events[i].0 = Event::Text(CowStr::from(new));
    }
}

/// `text` with English quotes and spaced en dashes replaced by `p`'s;
/// `before` and `after` are the characters around it. `None` when nothing
/// changes.
fn localised(
    text: &str,
    before: Option<char>,
    after: Option<char>,
    p: &Punctuation,
) -> Option<String> {
    let mut out: Option<String> = None;
    let mut done = 0;
    for at in memchr::memchr_iter(0xE2, text.as_bytes()) {
        let Some(c) = text[at..].chars().next() else {
            continue;
        };
        let prev = text[..at].chars().next_back().or(before);
        let next = text[at + c.len_utf8()..].chars().next().or(after);
        let new = match c {
            '\u{201C}' => p.quotes.0,
            '\u{201D}' => p.quotes.1,
            '\u{2018}' => p.inner_quotes.0,
            '\u{2019}'
                if !(prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric)) =>
            {
                p.inner_quotes.1
            }
            '\u{2013}'
                if prev.is_none_or(char::is_whitespace) && next.is_none_or(char::is_whitespace) =>
            {
                p.dash
            }
            _ => continue,
        };
        let o = out.get_or_insert_with(|| String::with_capacity(text.len() + 4));
        o.push_str(&text[done..at]);
        o.push(new);
        done = at + c.len_utf8();
    }
    let mut o = out?;
    o.push_str(&text[done..]);
    Some(o)
}

/// Ids of the default theme's page layout, which a heading may not take
/// (a heading "Main" gets `main-1`).
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "top",
    "book-toc",
    "book-toc-list",
    "search-input",
    "search-page-input",
    "search-results",
    "search-status",
    "search-heading",
    "contents-heading",
];

/// The id of footnote `label`'s note: `fn-` and the label, with every
/// character other than a letter, a digit or `-` written as `_<hex>_`
/// (so two labels never share an id, and the id needs no escaping).
pub fn note_id(label: &str) -> String {
    let mut id = String::with_capacity(label.len() + 3);
    id.push_str("fn-");
    for c in label.chars() {
        if c.is_alphanumeric() || c == '-' {
            id.push(c);
        } else {
            id.push_str(&format!("_{:x}_", c as u32));
        }
    }
    id
}

/// Footnotes: references numbered in order of first citation, each with an
/// id (`fnref-<label>`, `fnref-<label>-2` for the second citation...), and
/// the notes gathered at the end of the chapter in that order, each with a
/// link back to every place that cites it. Notes never cited follow, in
/// the order written.
#[derive(Default)]
struct Notes<'a> {
    /// Labels in order of first citation, with how often each is cited.
    cited: Vec<(String, usize)>,
    /// Label -> its place in `cited`.
    number: rustc_hash::FxHashMap<String, usize>,
    /// The notes' converted events, by label, in the order written.
    written: Vec<(String, Vec<Event<'a>>)>,
    /// The note being read, if any.
    open: Option<(String, Vec<Event<'a>>)>,
}

impl<'a> Notes<'a> {
    /// Whether `event` is a footnote's or falls inside a note (the rest go
    /// straight to the chapter's events).
    #[inline]
    fn concerns(&self, event: &Event<'_>) -> bool {
        self.open.is_some()
            || matches!(
                event,
                Event::FootnoteReference(_)
                    | Event::Start(Tag::FootnoteDefinition(_))
                    | Event::End(TagEnd::FootnoteDefinition)
            )
    }

    /// A footnote reference as HTML; other events unchanged.
    fn reference(&mut self, event: Event<'a>) -> Event<'a> {
        let Event::FootnoteReference(label) = event else {
            return event;
        };
        let n = match self.number.get(label.as_ref()) {
            Some(&n) => n,
            None => {
                self.cited.push((label.to_string(), 0));
                self.number.insert(label.to_string(), self.cited.len() - 1);
                self.cited.len() - 1
            }
        };
        self.cited[n].1 += 1;
        let id = note_id(&label);
        let back = ref_id(&id, self.cited[n].1);
        Event::InlineHtml(CowStr::from(format!(
            "<sup class=\"footnote-reference\"><a href=\"#{id}\" id=\"{back}\" role=\"doc-noteref\">{}</a></sup>",
            n + 1
        )))
    }

    /// Pass `event` on to `out`, or keep it with the note being read.
    fn emit(&mut self, event: Event<'a>, out: &mut Vec<Event<'a>>) {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.open = Some((label.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(note) = self.open.take() {
                    self.written.push(note);
                }
            }
            e => match &mut self.open {
                Some((_, events)) => events.push(e),
                None => out.push(e),
            },
        }
    }

    /// The notes, after the chapter's text.
    fn finish(mut self, out: &mut Vec<Event<'a>>) {
        if let Some(note) = self.open.take() {
            self.written.push(note);
        }
        if self.written.is_empty() {
            return;
        }
        // Cited notes by first citation, then the others as written.
        let mut order: Vec<usize> = (0..self.written.len()).collect();
        order.sort_by_key(|&i| {
            self.number
                .get(&self.written[i].0)
                .copied()
                .unwrap_or(usize::MAX)
        });
        out.push(Event::Html(CowStr::from(
            // A div, not a section: a section wants a heading, and the
            // notes' place is their heading enough.
            "<div class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n",
        )));
        for i in order {
            let (label, events) = std::mem::take(&mut self.written[i]);
            let id = note_id(&label);
            let cited = self.number.get(&label).map_or(0, |&n| self.cited[n].1);
            let mut back = String::new();
            for k in 1..=cited {
                back.push_str(&format!(
                    " <a href=\"#{}\" class=\"footnote-backref\" role=\"doc-backlink\">\u{21A9}{}</a>",
                    ref_id(&id, k),
                    if k > 1 { k.to_string() } else { String::new() }
                ));
            }
            out.push(Event::Html(CowStr::from(format!(
                "<li id=\"{id}\" class=\"footnote-definition\">"
            ))));
            let last_para = matches!(events.last(), Some(Event::End(TagEnd::Paragraph)));
            let n = events.len();
            for (k, e) in events.into_iter().enumerate() {
                if last_para && k + 1 == n {
                    out.push(Event::InlineHtml(CowStr::from(back.clone())));
                }
                out.push(e);
            }
            if !last_para {
                out.push(Event::Html(CowStr::from(back)));
            }
            out.push(Event::Html(CowStr::from("</li>\n")));
        }
        out.push(Event::Html(CowStr::from("</ol>\n</div>\n")));
    }
}

/// The id of the `k`-th citation of the note with id `note`.
fn ref_id(note: &str, k: usize) -> String {
    let base = format!("fnref-{}", &note[3..]);
    if k > 1 { format!("{base}-{k}") } else { base }
}

/// `s.trim()` in place, without spare capacity (a large book keeps every
/// section's text until its search files are made).
fn trim_in_place(s: &mut String) {
    s.truncate(s.trim_end().len());
    let start = s.len() - s.trim_start().len();
    s.drain(..start);
    s.shrink_to_fit();
}

fn heading_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
    events[start..]
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
        .map_or(events.len() - 1, |p| start + p)
}

/// Give a heading its id; returns the heading and its events (start tag with
/// the id set).
fn heading_events<'a>(
    events: &[(Event<'a>, Range<usize>)],
    explicit: &BTreeMap<String, usize>,
    ids: &mut Ids,
) -> (Heading, Vec<(Event<'a>, Range<usize>)>) {
    let mut text = String::new();
    for (e, _) in &events[1..] {
        if let Event::Text(t) | Event::Code(t) = e {
            text.push_str(t);
        }
    }
    let text = text.trim().to_string();
    let (level, given, classes, attrs) = match &events[0].0 {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => (*level, id.clone(), classes.clone(), attrs.clone()),
        _ => unreachable!("heading_events starts at a heading"),
    };
    let (id, is_explicit) = match given {
        Some(id) if explicit.contains_key(id.as_ref()) => (id.to_string(), true),
        _ => (ids.unique(slug(&text)), false),
    };
    let mut evs = events.to_vec();
    evs[0].0 = Event::Start(Tag::Heading {
        level,
        id: Some(CowStr::from(id.clone())),
        classes,
        attrs,
    });
    let heading = Heading {
        level: level_number(level),
        id,
        text,
        explicit: is_explicit,
    };
    (heading, evs)
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// A heading's anchor: letters and digits of every script, lower-cased;
/// spaces and hyphens to `-`; other punctuation dropped.
pub fn slug(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if is_alphanumeric(c) {
            match crate::lang::lower_cyrillic(c) {
                Some(l) => s.push(l),
                None => s.extend(c.to_lowercase()),
            }
        } else if (c.is_whitespace() || c == '-' || c == '_') && !s.ends_with('-') && !s.is_empty()
        {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-');
    if s.is_empty() {
        "section".to_string()
    } else {
        s.to_string()
    }
}

/// `char::is_alphanumeric`, answered for ASCII and Cyrillic letters without
/// the general Unicode table search (a few hundred instructions a
/// character, a percent of a build of Cyrillic headings).
fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        crate::lang::is_cyrillic_letter(c) || c.is_alphanumeric()
    }
}

/// The ids taken in a chapter, and for each slug the next suffix to try:
/// the n-th heading "Notes" costs one look-up, not n.
#[derive(Default)]
struct Ids {
    used: BTreeSet<String>,
    next: FxHashMap<String, usize>,
}

impl Ids {
    /// `base`, or else the first of `base-1`, `base-2`... not taken yet.
    /// Ids are only ever added, so the suffixes tried before for `base`
    /// stay taken and the search goes on from the last one.
    fn unique(&mut self, base: String) -> String {
        let n = self.next.entry(base.clone()).or_insert(0);
        loop {
            let candidate = match *n {
                0 => base.clone(),
                n => format!("{base}-{n}"),
            };
            *n += 1;
            if !self.used.contains(&candidate) {
                self.used.insert(candidate.clone());
                return candidate;
            }
        }
    }
}

/// Apply URL policy to links and images; internal links become placeholders.
fn convert_link_or_image<'a>(
    event: Event<'a>,
    offset: usize,
    locate: &mut Locator<'_>,
    dir: &str,
    out: &mut Parsed,
) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest = match classify_link(&dest_url) {
                Ok(Some(target)) => {
                    let at = locate.position(offset);
                    out.links.push(InternalLink { target, at });
                    CowStr::from(placeholder(out.links.len() - 1))
                }
                Ok(None) => dest_url,
                Err(msg) => {
                    out.diagnostics.push(locate.error_at(offset, msg));
                    CowStr::from("#")
                }
            };
            Event::Start(Tag::Link {
                link_type,
                dest_url: dest,
                title,
                id,
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest = match classify_image(&dest_url, dir) {
                Ok(Some(asset)) => {
                    let href = format!("../assets/{asset}");
                    let at = locate.position(offset);
                    out.assets.push(AssetRef { path: asset, at });
                    CowStr::from(href)
                }
                Ok(None) => {
                    out.unshown.push(Unshown {
                        text: dest_url.to_string(),
                        at: locate.position(offset),
                    });
                    dest_url
                }
                Err(msg) => {
                    out.diagnostics.push(locate.error_at(offset, msg));
                    CowStr::from("")
                }
            };
            Event::Start(Tag::Image {
                link_type,
                dest_url: dest,
                title,
                id,
            })
        }
        other => other,
    }
}

/// The scheme of a URL as a browser would read it (ASCII whitespace and
/// control characters ignored, lower-cased), if it has one.
fn scheme(url: &str) -> Option<String> {
    // Read up to the first `:`, stopping at the first character no scheme
    // has: a long URL costs its scheme, not its length.
    let mut scheme = String::new();
    for c in url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
    {
        match c {
            ':' if !scheme.is_empty() => return Some(scheme),
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            c if !scheme.is_empty() && (c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) => {
                scheme.push(c)
            }
            _ => return None,
        }
    }
    None
}

fn forbidden_scheme(url: &str, image: bool) -> Option<String> {
    let s = scheme(url)?;
    let bad = match s.as_str() {
        "javascript" | "vbscript" | "file" => true,
        "data" => {
            let lower = url.trim_start().to_ascii_lowercase();
            !(image && lower.starts_with("data:image/"))
        }
        _ => false,
    };
    bad.then(|| {
        if s == "data" {
            "`data:` URLs are allowed only for images".to_string()
        } else {
            format!("`{s}:` URLs are not allowed")
        }
    })
}

/// `Ok(Some)` for internal links, `Ok(None)` for links passed through.
fn classify_link(url: &str) -> Result<Option<LinkTarget>, String> {
    if let Some(msg) = forbidden_scheme(url, false) {
        return Err(msg);
    }
    if let Some(rest) = url.strip_prefix('@') {
        let (id, anchor) = split_anchor(rest);
        if id.is_empty() {
            return Err(format!(
                "link `{}` names no chapter id",
                shorten(url, QUOTED)
            ));
        }
        if anchor.is_none() && (id.starts_with("tbl-") || id.starts_with("fig-")) {
            return Ok(Some(LinkTarget::Label(id.to_string())));
        }
        return Ok(Some(LinkTarget::Chapter {
            id: id.to_string(),
            anchor,
        }));
    }
    if let Some(anchor) = url.strip_prefix('#') {
        return Ok(Some(LinkTarget::Anchor(percent_decode(anchor))));
    }
    if scheme(url).is_some() || url.starts_with("//") || url.starts_with('/') {
        return Ok(None);
    }
    let (path, anchor) = split_anchor(url);
    if path.ends_with(".md") {
        return Ok(Some(LinkTarget::File {
            path: percent_decode(path),
            anchor,
        }));
    }
    Ok(None)
}

fn split_anchor(s: &str) -> (&str, Option<String>) {
    match s.split_once('#') {
        Some((p, a)) if !a.is_empty() => (p, Some(percent_decode(a))),
        Some((p, _)) => (p, None),
        None => (s, None),
    }
}

/// `Ok(Some(path under assets/))` for content images.
fn classify_image(url: &str, dir: &str) -> Result<Option<String>, String> {
    if let Some(msg) = forbidden_scheme(url, true) {
        return Err(msg);
    }
    if scheme(url).is_some() || url.starts_with("//") {
        return Ok(None);
    }
    let url = percent_decode(url.split(['?', '#']).next().unwrap_or(url));
    let joined = match url.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{dir}/{url}"),
    };
    match normalise(&joined)
        .as_deref()
        .and_then(|p| p.strip_prefix("assets/"))
    {
        Some(asset) if !asset.is_empty() => Ok(Some(asset.to_string())),
        _ => Err(format!(
            "image `{}` must be a file under site/assets/",
            shorten(&url, QUOTED)
        )),
    }
}

/// Resolve `.` and `..` in a `/`-separated path; `None` if it leaves the root.
pub fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Decode `%XX` escapes (invalid sequences are kept as written).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_alphanumeric_check_agrees_with_unicode() {
        for c in (0..0x800).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn substitute_replaces_only_placeholders() {
        let html = r#"<a href="kitap-link:1:">b</a> <a href="kitap-link:0:">a</a> kitap-link:0:"#;
        let out = fill_placeholders(html, &["x.html".into(), "#y".into()], &[]);
        assert_eq!(
            out,
            r##"<a href="#y">b</a> <a href="x.html">a</a> kitap-link:0:"##
        );
    }

    fn run(body: &str) -> Parsed {
        let src = SourceText {
            path: "site/en/01-a.md".into(),
            text: body.into(),
        };
        parse(&src, body, 0, "en", &crate::lang::GENERIC.punctuation, &[])
    }

    #[test]
    fn slugs_keep_kazakh_and_russian_letters() {
        assert_eq!(
            slug("Құқықтық негіздер мен ұсыныстар"),
            "құқықтық-негіздер-мен-ұсыныстар"
        );
        assert_eq!(slug("Правовая база: обзор!"), "правовая-база-обзор");
        assert_eq!(slug("Әйелдер, һ және і"), "әйелдер-һ-және-і");
        assert_eq!(slug("ILO Convention No. 29"), "ilo-convention-no-29");
        assert_eq!(slug("?!"), "section");
    }

    #[test]
    fn explicit_ids_win_and_duplicates_are_suffixed() {
        let p = run("## Intro\n\n## Intro\n\n## Other {#intro}\n\n## Intro\n");
        let ids: Vec<_> = p.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["intro-1", "intro-2", "intro", "intro-3"]);
        assert!(
            p.html.contains(r#"<h2 id="intro">Other</h2>"#),
            "{}",
            p.html
        );
    }

    #[test]
    fn internal_links_become_placeholders() {
        let p = run("[a](@legal#gaps) [b](02-x.md) [c](#top) [d](https://x.org)");
        assert_eq!(p.links.len(), 3);
        assert!(p.html.contains(r#"href="kitap-link:0:""#));
        assert!(p.html.contains(r#"href="https://x.org""#));
        assert_eq!(
            p.links[0].target,
            LinkTarget::Chapter {
                id: "legal".into(),
                anchor: Some("gaps".into())
            }
        );
    }

    #[test]
    fn dangerous_schemes_are_errors_with_position() {
        let p = run(
            "ok\n\n[x](javascript:alert(1)) [y](JaVa\tScRiPt:x) [z](data:text/html,x) ![i](data:image/png;base64,AA)",
        );
        assert_eq!(p.diagnostics.len(), 2, "{:?}", p.diagnostics);
        assert_eq!((p.diagnostics[0].line, p.diagnostics[0].col), (3, 1));
        assert!(!p.html.contains("javascript"));
        let p = run("[v](vbscript:x) [f](file:///etc/passwd)");
        assert_eq!(p.diagnostics.len(), 2);
    }

    #[test]
    fn images_are_rewritten_relative_to_the_page() {
        let p = run("![fig](../assets/fig.svg) ![x](/assets/a/b.png)");
        assert!(p.html.contains(r#"src="../assets/fig.svg""#), "{}", p.html);
        let paths: Vec<_> = p.assets.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(paths, ["fig.svg", "a/b.png"]);
        let p = run("![x](../../etc/passwd)");
        assert_eq!(p.diagnostics.len(), 1);
    }

    #[test]
    fn sections_split_at_headings() {
        let p = run("Lead text.\n\n## One {#one}\n\nAlpha *beta*.\n\n## Two\n\n- gamma\n- delta\n");
        assert_eq!(p.sections.len(), 3);
        assert_eq!(p.sections[0].anchor, None);
        assert_eq!(p.sections[1].anchor.as_deref(), Some("one"));
        assert_eq!(p.sections[1].text, "Alpha beta.");
        assert_eq!(p.sections[2].text, "gamma delta");
    }

    #[test]
    fn footnotes_have_their_own_ids_and_gather_at_the_end() {
        let p = run(
            "## Funding {#funding}\n\nText[^funding] and[^b] again[^funding].\n\n[^b]: Bee.\n\n[^funding]: Note.\n\n## After\n\nMore.\n",
        );
        assert!(p.anchors.contains("fn-funding"), "{:?}", p.anchors);
        assert!(p.anchors.contains("funding"));
        let ids: Vec<&str> = p
            .html
            .split(" id=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        let unique: BTreeSet<&&str> = ids.iter().collect();
        assert_eq!(ids.len(), unique.len(), "repeated id in {ids:?}");
        // Numbered by first citation; notes after the last section, in that order.
        assert!(
            p.html
                .contains(r##"<a href="#fn-funding" id="fnref-funding" role="doc-noteref">1</a>"##),
            "{}",
            p.html
        );
        assert!(
            p.html
                .contains(r##"<a href="#fn-b" id="fnref-b" role="doc-noteref">2</a>"##)
        );
        assert!(
            p.html
                .contains(r##"id="fnref-funding-2" role="doc-noteref">1</a>"##)
        );
        let after = p.html.find("More.").unwrap();
        let funding = p.html.find(r#"<li id="fn-funding""#).unwrap();
        let b = p.html.find(r#"<li id="fn-b""#).unwrap();
        assert!(after < funding && funding < b, "{}", p.html);
        // A link back to each citation, inside the note's paragraph.
        assert!(p.html.contains(r##"Note. <a href="#fnref-funding" class="footnote-backref" role="doc-backlink">↩</a> <a href="#fnref-funding-2" class="footnote-backref" role="doc-backlink">↩2</a></p>"##), "{}", p.html);
    }

    #[test]
    fn quotes_and_dashes_follow_the_language() {
        let ru = crate::lang::Lang::parse("ru")
            .unwrap()
            .profile()
            .punctuation;
        let src = SourceText {
            path: "site/ru/x.md".into(),
            text: String::new(),
        };
        let body =
            "Закон \"О 'миграции'\" -- и д'Артаньян, 1990--2000 гг.\n\n```\n\"code\" -- x\n```\n";
        let p = parse(&src, body, 0, "ru", &ru, &[]);
        assert!(
            p.html
                .contains("Закон «О „миграции“» — и д’Артаньян, 1990–2000 гг."),
            "{}",
            p.html
        );
        assert!(p.html.contains("\"code\" -- x"), "{}", p.html);
        assert!(p.sections[0].text.contains("«О „миграции“»"));
        let en = run("A \"quote\" -- and 'inner' it's");
        assert!(
            en.html.contains("A “quote” – and ‘inner’ it’s"),
            "{}",
            en.html
        );
    }

    #[test]
    fn many_footnotes_are_numbered_in_order_of_citation() {
        let n = 3000;
        let refs: String = (0..n).rev().map(|i| format!("x[^n{i}] ")).collect();
        let defs: String = (0..n).map(|i| format!("[^n{i}]: note {i}\n\n")).collect();
        let p = run(&format!("{refs}\n\n{defs}"));
        // n2999 is cited first: it is note 1, and listed first.
        assert!(
            p.html
                .contains(r##"<a href="#fn-n2999" id="fnref-n2999" role="doc-noteref">1</a>"##)
        );
        let first = p.html.find(r#"<li id="fn-n2999""#).unwrap();
        let last = p.html.find(r#"<li id="fn-n0""#).unwrap();
        assert!(first < last);
        assert_eq!(p.html.matches("<li id=\"fn-").count(), n);
    }

    #[test]
    fn note_ids_never_collide_and_need_no_escaping() {
        assert_eq!(note_id("a b"), "fn-a_20_b");
        assert_ne!(note_id("a b"), note_id("a-b"));
        assert_ne!(note_id("a_20_b"), note_id("a b"));
        assert_eq!(note_id("\"><x"), "fn-_22__3e__3c_x");
        assert_eq!(note_id("қаржы"), "fn-қаржы");
    }

    #[test]
    fn headings_do_not_take_layout_or_footnote_ids() {
        let p = run("## Main\n\n## Fn 1\n\nx[^1]\n\n[^1]: n\n");
        let ids: Vec<&str> = p.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["main-1", "fn-1-1"]);
        let p = run("## A {#main}\n\n## B {#x}\n\n## C {#x}\n");
        let messages: Vec<&str> = p.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages.iter().any(|m| m.contains("`#main` is taken")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("`#x` is used twice")),
            "{messages:?}"
        );
        let p = run("x[^a]\n\n[^a]: one\n\n[^a]: two\n");
        assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
        assert_eq!(p.diagnostics[0].line, 5);
        assert!(p.diagnostics[0].message.contains("`[^a]` is defined twice"));
    }

    #[test]
    fn slug_counters_give_the_ids_the_plain_search_gives() {
        fn plain(base: &str, used: &mut BTreeSet<String>) -> String {
            let mut candidate = base.to_string();
            let mut n = 1;
            while used.contains(&candidate) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            used.insert(candidate.clone());
            candidate
        }
        let bases = [
            "notes", "notes-1", "notes", "main", "notes-1", "notes", "a-2", "a", "a", "a",
        ];
        let mut ids = Ids::default();
        let mut used = BTreeSet::new();
        for taken in ["main", "notes-2", "a-1"] {
            ids.used.insert(taken.to_string());
            used.insert(taken.to_string());
        }
        for base in bases.iter().cycle().take(200) {
            assert_eq!(
                ids.unique(base.to_string()),
                plain(base, &mut used),
                "{base}"
            );
        }
    }

    #[test]
    fn percent_decoding_is_safe_on_short_input() {
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%D2%9B"), "қ");
    }
}
