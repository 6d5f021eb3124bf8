//! The translators' pages of `kitap serve` (never in `build` or bundles):
//! `/_kitap/status`, every chapter × language (up to date, stale, missing,
//! unversioned), and `/_kitap/side-by-side/<id>`, one chapter in every
//! language aligned section by section by their anchors.

use crate::build::Built;
use crate::lang::ChapterId;
use crate::render::escape;
use crate::status::{Finding, translation_report};

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;margin:1.5rem;color:#1d1f21}\
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3rem .6rem;vertical-align:top;text-align:left}\
.ok{background:#e6f4ea}.stale{background:#fff4d6}.missing{background:#fde2e1}.unversioned{background:#eef}\
.sbs td{width:33%}.sbs h1,.sbs h2,.sbs h3{font-size:1rem;margin:.2rem 0}";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>{body}</body></html>",
        escape(title)
    )
}

/// The status table.
pub fn status_html(built: &Built) -> String {
    let book = &built.book;
    let findings = translation_report(book);
    let langs = &book.config.languages;
    let mut body = String::from("<h1>Translation status</h1><table><thead><tr><th>chapter</th>");
    for l in langs {
        body.push_str(&format!("<th>{}</th>", escape(l.as_str())));
    }
    body.push_str("</tr></thead><tbody>");
    for id in &book.order {
        body.push_str(&format!(
            "<tr><td><a href=\"/_kitap/side-by-side/{0}\">{0}</a></td>",
            escape(id.as_str())
        ));
        for l in langs {
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
                (None, _) => ("missing", "missing".to_string()),
                (Some(_), Some(Finding::Stale { named, current, .. })) => {
                    ("stale", format!("stale ({named} → {current})"))
                }
                (Some(_), Some(Finding::Unversioned { .. })) => {
                    ("unversioned", "no translation_of".into())
                }
                (Some(_), Some(Finding::MissingAnchor { anchor, .. })) => {
                    ("stale", format!("lacks #{anchor}"))
                }
                (Some(c), _) => {
                    let version = c.translation_of.as_deref().unwrap_or(&c.version);
                    ("ok", format!("up to date ({version})"))
                }
            };
            body.push_str(&format!("<td class=\"{class}\">{}</td>", escape(&text)));
        }
        body.push_str("</tr>");
    }
    body.push_str("</tbody></table>");
    page("Translation status", &body)
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
