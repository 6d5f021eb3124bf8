//! Numbered tables and figures and the texts of cross-references.
//!
//! A caption's number is its chapter's number and its place among the
//! chapter's tables (or figures): "Table 3.2" is the second table of
//! chapter 3, in every language and format (a chapter without a number, a
//! draft shown, numbers them on their own: "Table 2"). A link written
//! without text gets the label of what it points at: a table or figure
//! (`[](@tbl-permits)` → "Table 3.2", "3.2-кесте", "Таблица 3.2"), a
//! section (`[](@legal-framework#legal-gaps)` → "section 2.3"), a chapter
//! (`[](@legal-framework)` → "Chapter 2"). The words come from the
//! interface strings of the language the chapter is written in.

use super::{Book, Targets};
use crate::error::{Diagnostic, QUOTED, shorten};
use crate::i18n::Catalog;
use crate::lang::ChapterId;
use crate::markdown::{CaptionKind, LinkTarget, TextRef};
use crate::model::Chapter;
use rustc_hash::FxHashMap;

/// Label -> the chapters (indices) that have a table or figure with it.
pub(super) type Labels = FxHashMap<String, Vec<usize>>;

/// Every table's and figure's id, with the chapters that have it.
pub(super) fn index(chapters: &[Chapter]) -> Labels {
    let mut out: Labels = FxHashMap::default();
    for (i, c) in chapters.iter().enumerate() {
        for cap in &c.parsed.captions {
            out.entry(cap.id.clone()).or_default().push(i);
        }
    }
    out
}

/// Errors for a label used by two chapters of one language, and warnings
/// for a translation whose tables and figures differ from its source's
/// (their numbers and references would not match).
pub(super) fn check(book: &Book, diags: &mut Vec<Diagnostic>) {
    for (label, at) in &book.labels {
        for (k, &j) in at.iter().enumerate() {
            let c = &book.chapters[j];
            if let Some(&first) = at[..k]
                .iter()
                .find(|&&i| book.chapters[i].lang == c.lang && book.chapters[i].id != c.id)
            {
                let cap = c.parsed.captions.iter().find(|x| &x.id == label);
                let other = book.chapters[first]
                    .parsed
                    .captions
                    .iter()
                    .find(|x| &x.id == label);
                diags.push(Diagnostic::error_at_position(
                    c.display_path.clone(),
                    cap.map_or((0, 0), |x| x.at),
                    format!(
                        "`#{label}` is also the id of a {} in {}:{}: ids of tables and figures are shared by the whole book; rename one of them",
                        other.map_or("table", |x| x.kind.name()),
                        book.chapters[first].display_path,
                        other.map_or(0, |x| x.at.0)
                    ),
                ));
            }
        }
    }
    let default = &book.config.default_language;
    for c in &book.chapters {
        if c.lang == *default {
            continue;
        }
        let Some(source) = book.translation(default, &c.id) else {
            continue;
        };
        let list = |ch: &Chapter| -> Vec<String> {
            ch.parsed
                .captions
                .iter()
                .map(|x| format!("{} `{}`", x.kind.name(), x.id))
                .collect()
        };
        let (mine, theirs) = (list(c), list(source));
        if mine != theirs {
            let show = |l: &[String]| {
                if l.is_empty() {
                    "none".to_string()
                } else {
                    l.join(", ")
                }
            };
            diags.push(
                Diagnostic::file_error(
                    c.display_path.clone(),
                    format!(
                        "its numbered tables and figures ({}) are not those of {} ({}), in number or order: their numbers and references would differ between languages",
                        show(&mine),
                        source.display_path,
                        show(&theirs)
                    ),
                )
                .warning(),
            );
        }
    }
}

/// The `href` of a reference to table or figure `label` from `from`.
pub(super) fn href(targets: &Targets<'_>, from: &Chapter, label: &str) -> Result<String, String> {
    let Some(at) = targets.labels.get(label) else {
        let mut known: Vec<&str> = targets.labels.keys().map(String::as_str).collect();
        known.sort_unstable();
        let hint = crate::frontmatter::nearest(label, &known)
            .map(|k| format!("; did you mean `@{k}`?"))
            .unwrap_or_default();
        return Err(format!(
            "reference to `@{}`: no table or figure has that id{hint}",
            shorten(label, QUOTED)
        ));
    };
    // The chapter whose page in the reader's language has it.
    let pages = at
        .iter()
        .map(|&i| targets.page_chapter(&from.lang, &targets.chapters[i].id));
    for page in pages.clone() {
        if page.parsed.captions.iter().any(|c| c.id == label) {
            return Ok(format!("{}.html#{label}", page.id));
        }
    }
    let page = pages.clone().next().unwrap_or(&targets.chapters[at[0]]);
    Err(format!(
        "reference to `@{label}`: {} has it, but {} (what `{}` readers see) has no table or figure with that id",
        targets.chapters[at[0]].display_path, page.display_path, from.lang
    ))
}

/// The number of the chapter at each id.
pub(super) fn chapter_numbers(book: &Book) -> FxHashMap<&ChapterId, Option<usize>> {
    book.order
        .iter()
        .enumerate()
        .map(|(n, id)| (id, book.number(n)))
        .collect()
}

/// "3.2": a caption's number in its chapter `number`.
fn caption_number(number: Option<usize>, k: usize) -> String {
    match number {
        Some(n) => format!("{n}.{k}"),
        None => k.to_string(),
    }
}

/// "2.3" or "2.3.1": the number of heading `h` of `chapter`.
fn section_number(chapter: &Chapter, number: Option<usize>, h: usize) -> String {
    let headings = &chapter.parsed.headings;
    let base = headings.iter().map(|x| x.level).min().unwrap_or(2);
    let mut counters = [0usize; 6];
    let mut depth = 0;
    for x in &headings[..=h] {
        depth = usize::from(x.level.saturating_sub(base)).min(5);
        counters[depth] += 1;
        for c in &mut counters[depth + 1..] {
            *c = 0;
        }
    }
    let mut parts: Vec<String> = number.map(|n| n.to_string()).into_iter().collect();
    parts.extend(counters[..=depth].iter().map(|c| c.to_string()));
    parts.join(".")
}

/// The texts of chapter `i`'s text placeholders, in the chapter's language.
pub(super) fn texts(
    book: &Book,
    numbers: &FxHashMap<&ChapterId, Option<usize>>,
    catalog: &Catalog,
    i: usize,
) -> Vec<String> {
    let c = &book.chapters[i];
    let targets = book.targets();
    let word = |key: &str, n: &str| catalog.text(&c.lang, key).replace("{n}", n);
    let kind_key = |k: CaptionKind| match k {
        CaptionKind::Table => "table_label",
        CaptionKind::Figure => "figure_label",
    };
    let number_of = |ch: &Chapter| numbers.get(&ch.id).copied().flatten();
    // A caption's place: the source's, when the source chapter has it, so
    // that a translation that lacks a table numbers the others as the
    // source does.
    let default = &book.config.default_language;
    let place = |ch: &Chapter, cap: &crate::markdown::Caption| -> usize {
        if ch.lang == *default {
            return cap.number;
        }
        book.translation(default, &ch.id)
            .and_then(|s| {
                s.parsed
                    .captions
                    .iter()
                    .find(|x| x.id == cap.id && x.kind == cap.kind)
            })
            .map_or(cap.number, |x| x.number)
    };
    // What an anchor of chapter `t` is called: a table's or figure's
    // label, a section's, else the chapter's title.
    let anchor_text = |t: &Chapter, a: &str| -> String {
        if let Some(cap) = t.parsed.captions.iter().find(|x| x.id == a) {
            return word(
                kind_key(cap.kind),
                &caption_number(number_of(t), place(t, cap)),
            );
        }
        match t.parsed.headings.iter().position(|h| h.id == a) {
            Some(h) => word("section_label", &section_number(t, number_of(t), h)),
            None => t.title.clone(),
        }
    };
    let chapter_text = |t: &Chapter| match number_of(t) {
        Some(n) => word("chapter_of", &n.to_string()),
        None => t.title.clone(),
    };
    c.parsed
        .texts
        .iter()
        .map(|t| match *t {
            TextRef::Caption(n) => c.parsed.captions.get(n).map_or_else(String::new, |cap| {
                word(
                    kind_key(cap.kind),
                    &caption_number(number_of(c), place(c, cap)),
                )
            }),
            TextRef::Link(n) => {
                let Some(link) = c.parsed.links.get(n) else {
                    return String::new();
                };
                match &link.target {
                    LinkTarget::Label(label) => targets
                        .labels
                        .get(label)
                        .map(|at| targets.page_chapter(&c.lang, &book.chapters[at[0]].id))
                        .map_or_else(String::new, |t| anchor_text(t, label)),
                    LinkTarget::Anchor(a) => anchor_text(c, a),
                    LinkTarget::Chapter { id, anchor } => ChapterId::parse(id)
                        .filter(|cid| book.index.contains_key(cid.as_str()))
                        .map(|cid| targets.page_chapter(&c.lang, &cid))
                        .map_or_else(String::new, |t| match anchor {
                            Some(a) => anchor_text(t, a),
                            None => chapter_text(t),
                        }),
                    LinkTarget::File { path, anchor } => {
                        let dir = c.site_path.rsplit_once('/').map_or("", |(d, _)| d);
                        crate::markdown::normalise(&format!("{dir}/{path}"))
                            .and_then(|p| book.by_path.get(p.as_str()).copied())
                            .map(|j| &book.chapters[j])
                            .map_or_else(String::new, |t| match anchor {
                                Some(a) => anchor_text(t, a),
                                None => chapter_text(t),
                            })
                    }
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_are_numbered_in_their_chapter() {
        assert_eq!(caption_number(Some(3), 2), "3.2");
        assert_eq!(caption_number(None, 2), "2");
    }
}
