//! The translators' pages of `kitap serve` (never in `build` or bundles):
//! `/_kitap/status`, every chapter × language (up to date, stale, missing,
//! unversioned), and `/_kitap/side-by-side/<id>`, one chapter in every
//! language aligned section by section by their anchors.

use crate::build::Built;
use crate::lang::ChapterId;
use crate::render::escape;
use crate::status::{Finding, translation_report};
use std::path::Path;

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;margin:1.5rem;color:#1d1f21}\
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3rem .6rem;vertical-align:top;text-align:left}\
.ok{background:#e6f4ea}.stale{background:#fff4d6}.missing{background:#fde2e1}.unversioned{background:#eef}\
.sbs td{width:33%}pre.diff{white-space:pre-wrap;font:inherit}del{background:#fde2e1}ins{background:#e6f4ea}.sbs h1,.sbs h2,.sbs h3{font-size:1rem;margin:.2rem 0}";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>{body}</body></html>",
        escape(title)
    )
}

/// The status table: a row per chapter, a column per language (named),
/// each cell linking to the page, saying what is wrong and what to run.
pub fn status_html(built: &Built, root: &Path) -> String {
    let book = &built.book;
    let mut findings = translation_report(book);
    crate::translate::attach_changes(root, book, &mut findings);
    let langs = &book.config.languages;
    let default = &book.config.default_language;
    let mut body = String::from(
        "<h1>Translation status</h1><p>Each cell links to the page; a stale translation links to what changed in its source since it was made. Run the command shown once the work is done.</p><table><thead><tr><th>chapter</th>",
    );
    for l in langs {
        let role = if l == default { " (source)" } else { "" };
        body.push_str(&format!(
            "<th lang=\"{}\">{}{role}</th>",
            escape(l.as_str()),
            escape(built.catalog.text(l, "language_name"))
        ));
    }
    body.push_str("</tr></thead><tbody>");
    for id in &book.order {
        let ids = escape(id.as_str());
        body.push_str(&format!(
            "<tr><td><a href=\"/_kitap/side-by-side/{ids}\">{ids}</a></td>"
        ));
        for l in langs {
            let ls = escape(l.as_str());
            let page = format!("<a href=\"/{ls}/{ids}.html\">page</a>");
            let mine = findings.iter().find(|f| {
                f.lang() == l.as_str()
                    && match f {
                        Finding::Missing { id: i, .. }
                        | Finding::Stale { id: i, .. }
                        | Finding::Unversioned { id: i, .. }
                        | Finding::MissingAnchor { id: i, .. } => i == id.as_str(),
                    }
            });
            let (class, text) = match (book.translation(l, id), mine) {
                _ if l == default => ("ok", format!("source · {page}")),
                (None, _) => (
                    "missing",
                    format!(
                        "missing · {page} (shows the source)<br><code>write site/{ls}/…-{ids}.md, then kitap translated {ls} {ids}</code>"
                    ),
                ),
                (Some(_), Some(Finding::Stale { changed, .. })) => {
                    let what = match changed {
                        Some(parts) => format!(
                            "{} of the source changed",
                            match parts.len() {
                                1 => "1 part".to_string(),
                                n => format!("{n} parts"),
                            }
                        ),
                        None => "the source changed".to_string(),
                    };
                    (
                        "stale",
                        format!(
                            "stale: <a href=\"/_kitap/diff/{ls}/{ids}\">{what}</a> · {page}<br><code>kitap diff {ls} {ids}</code>, then <code>kitap translated {ls} {ids}</code>"
                        ),
                    )
                }
                (Some(_), Some(Finding::Unversioned { .. })) => (
                    "unversioned",
                    format!(
                        "does not name its source version · {page}<br><code>kitap translated {ls} {ids}</code> once up to date"
                    ),
                ),
                (Some(_), Some(Finding::MissingAnchor { anchor, .. })) => (
                    "stale",
                    format!("lacks the anchor <code>#{}</code> · {page}", escape(anchor)),
                ),
                (Some(_), _) => ("ok", format!("up to date · {page}")),
            };
            body.push_str(&format!("<td class=\"{class}\">{text}</td>"));
        }
        body.push_str("</tr>");
    }
    body.push_str("</tbody></table>");
    page("Translation status", &body)
}

/// `/_kitap/diff/<lang>/<id>`: each part of the source that changed since
/// the translation was made, word by word, beside the translation's
/// section as it is now. `None` for an unknown chapter or language; a page
/// saying why when there is nothing to compare.
pub fn diff_html(built: &Built, root: &Path, lang: &str, id: &str) -> Option<String> {
    let book = &built.book;
    let l = book.config.lang(lang)?.clone();
    let cid = ChapterId::parse(id).filter(|c| book.has_chapter(c.as_str()))?;
    let mut body = format!(
        "<p><a href=\"/_kitap/status\">← status</a> · <a href=\"/_kitap/side-by-side/{0}\">side by side</a></p><h1>{0}: what changed in the source for {1}</h1>",
        escape(id),
        escape(built.catalog.text(&l, "language_name"))
    );
    let d = match crate::translate::diff(root, book, lang, id) {
        Ok(d) => d,
        Err(e) => {
            body.push_str(&format!("<p>{}</p>", escape(&e.to_string())));
            return Some(page(&format!("{id}: changes"), &body));
        }
    };
    if d.changes.is_empty() {
        body.push_str(&format!(
            "<p>{} is up to date with {} (source version {}).</p>",
            escape(&d.translation),
            escape(&d.source),
            escape(&d.current)
        ));
        return Some(page(&format!("{id}: changes"), &body));
    }
    let translation = book
        .translation(&l, &cid)
        .and_then(|c| book.chapter_at(&c.site_path))
        .map(|i| sections(&book.html(i)))
        .unwrap_or_default();
    body.push_str(&format!(
        "<p>{} since {} was made from it (source version {} → {}). Removed words are <del>struck through</del>, added ones <ins>underlined</ins>. Once the translation follows them: <code>kitap translated {} {}</code>.</p><table class=\"sbs\"><thead><tr><th>source: what changed</th><th lang=\"{}\">translation now</th></tr></thead><tbody>",
        match d.changes.len() {
            1 => "1 part of the source changed".to_string(),
            n => format!("{n} parts of the source changed"),
        },
        escape(&d.translation),
        escape(&d.named),
        escape(&d.current),
        escape(lang),
        escape(id),
        escape(lang)
    ));
    for c in &d.changes {
        let how = match c.change {
            crate::status::Change::Changed => "changed",
            crate::status::Change::Added => "new",
            crate::status::Change::Removed => "removed",
        };
        let mut words = String::new();
        for w in crate::translate::word_diff(&c.old, &c.new) {
            match w {
                crate::translate::Words::Same(t) => words.push_str(&escape(&t)),
                crate::translate::Words::Removed(t) => {
                    words.push_str(&format!("<del>{}</del>", escape(&t)))
                }
                crate::translate::Words::Added(t) => {
                    words.push_str(&format!("<ins>{}</ins>", escape(&t)))
                }
            }
        }
        // The translation's section: by the source heading's anchor.
        let theirs = c
            .anchor
            .as_deref()
            .and_then(|anchor| translation.iter().find(|(a, _)| a == anchor))
            .map_or("", |(_, h)| h.as_str());
        body.push_str(&format!(
            "<tr><td><h2>{} ({how})</h2><pre class=\"diff\">{words}</pre></td><td lang=\"{}\">{theirs}</td></tr>",
            escape(&c.section),
            escape(lang)
        ));
    }
    body.push_str("</tbody></table>");
    Some(page(&format!("{id}: changes"), &body))
}

/// One chapter in every language, aligned by section anchors.
pub fn side_by_side_html(built: &Built, id: &str) -> Option<String> {
    let book = &built.book;
    let cid = ChapterId::parse(id).filter(|c| book.has_chapter(c.as_str()))?;
    let langs = &book.config.languages;
    let columns: Vec<Vec<(String, String)>> = langs
        .iter()
        .map(|l| {
            book.translation(l, &cid)
                .map(|c| {
                    let i = book.chapter_at(&c.site_path).unwrap_or(0);
                    sections(&book.html(i))
                })
                .unwrap_or_default()
        })
        .collect();
    // Rows: the source language's anchors in order, then anchors only others have.
    let mut anchors: Vec<String> = Vec::new();
    let default_col = langs
        .iter()
        .position(|l| *l == book.config.default_language)
        .unwrap_or(0);
    for col in std::iter::once(&columns[default_col]).chain(columns.iter()) {
        for (a, _) in col {
            if !anchors.contains(a) {
                anchors.push(a.clone());
            }
        }
    }
    let mut body = format!(
        "<p><a href=\"/_kitap/status\">← status</a></p><h1>{}</h1><table class=\"sbs\"><thead><tr>",
        escape(id)
    );
    for l in langs {
        let title = book.translation(l, &cid).map_or("—", |c| c.title.as_str());
        body.push_str(&format!(
            "<th lang=\"{0}\">{0}: {1}</th>",
            escape(l.as_str()),
            escape(title)
        ));
    }
    body.push_str("</tr></thead><tbody>");
    for a in &anchors {
        body.push_str("<tr>");
        for (l, col) in langs.iter().zip(&columns) {
            let cell = col
                .iter()
                .find(|(x, _)| x == a)
                .map_or("", |(_, h)| h.as_str());
            body.push_str(&format!("<td lang=\"{}\">{cell}</td>", escape(l.as_str())));
        }
        body.push_str("</tr>");
    }
    body.push_str("</tbody></table>");
    Some(page(&format!("{id}: side by side"), &body))
}

/// Split chapter HTML at headings with ids: (anchor, html from that heading
/// to the next). Text before the first heading gets the anchor `""`.
fn sections(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut starts: Vec<(usize, String)> = vec![(0, String::new())];
    let mut from = 0;
    while let Some(pos) = html[from..].find("<h") {
        let at = from + pos;
        let rest = &html[at..];
        let is_heading = rest
            .as_bytes()
            .get(2)
            .is_some_and(|b| (b'1'..=b'6').contains(b));
        if is_heading && rest[3..].starts_with(" id=\"") {
            let id_start = at + 8;
            if let Some(end) = html[id_start..].find('"') {
                starts.push((at, html[id_start..id_start + end].to_string()));
            }
        }
        from = at + 2;
    }
    for (n, (start, anchor)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(html.len(), |s| s.0);
        if end > *start || !anchor.is_empty() {
            out.push((anchor.clone(), html[*start..end].to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_split_at_headings_with_ids() {
        let s = sections("<p>lead</p><h2 id=\"a\">A</h2><p>x</p><h3 id=\"b\">B</h3><p>y</p>");
        let anchors: Vec<_> = s.iter().map(|(a, _)| a.as_str()).collect();
        assert_eq!(anchors, ["", "a", "b"]);
        assert_eq!(s[1].1, "<h2 id=\"a\">A</h2><p>x</p>");
    }
}
