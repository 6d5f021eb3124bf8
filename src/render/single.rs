//! One self-contained HTML file per language (for `kitap bundle
//! --single-file`): every chapter on one page, links between chapters turned
//! into in-page anchors (`#<chapter>--<anchor>`, `#ch-<chapter>`), images as
//! data URIs, the stylesheet and scripts inline.

use super::{RenderInput, environment, escape, template_error};
use crate::error::Diagnostic;
use crate::lang::Lang;
use crate::resolve::Book;
use base64::Engine;
use serde::Serialize;

#[derive(Serialize)]
struct SinglePage<'a> {
    lang: &'a Lang,
    site_title: &'a str,
    description: &'a str,
    t: &'a crate::i18n::Strings,
    style: String,
    chapters: Vec<SingleChapter<'a>>,
    scripts: Vec<String>,
}

#[derive(Serialize)]
struct SingleChapter<'a> {
    id: &'a str,
    title: &'a str,
    content: String,
    content_lang: &'a Lang,
    fallback_notice: Option<String>,
}

/// Render `lang`'s single-file page; `scripts` are inlined in order.
pub fn single_page(
    input: &RenderInput<'_>,
    lang: &Lang,
    scripts: &[Vec<u8>],
) -> Result<String, Vec<Diagnostic>> {
    let env = environment(input.theme)?;
    let book = input.book;
    let chapters = book
        .order
        .iter()
        .map(|id| {
            let page = book.page(lang, id);
            SingleChapter {
                id: id.as_str(),
                title: &page.chapter.title,
                content: rewrite(&page.html(), id.as_str(), book, input),
                content_lang: &page.chapter.lang,
                fallback_notice: page.fallback.then(|| {
                    super::context::fallback_notice(input.catalog, lang, &page.chapter.lang)
                }),
            }
        })
        .collect();
    let style = input
        .theme
        .static_files
        .get("style.css")
        .map(|b| String::from_utf8_lossy(b).replace("</", "<\\/"))
        .unwrap_or_default();
    let ctx = SinglePage {
        lang,
        site_title: book.config.title(lang),
        description: book.config.description.get(lang).map_or("", String::as_str),
        t: input.catalog.strings(lang),
        style,
        chapters,
        scripts: scripts
            .iter()
            .map(|s| String::from_utf8_lossy(s).replace("</", "<\\/"))
            .collect(),
    };
    env.get_template("single.html")
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(&ctx))))
        .map_err(|e| vec![template_error(input.theme, &e)])
}

/// Rewrite one chapter's HTML for a page holding every chapter.
fn rewrite(html: &str, chapter: &str, book: &Book, input: &RenderInput<'_>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some((at, attr)) = next_attr(rest) {
        let value_start = at + attr.len();
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        out.push_str(&rest[..value_start]);
        let value = &rest[value_start..value_start + len];
        let new = match attr {
            " id=\"" => format!("{chapter}--{value}"),
            " href=\"" => href(value, chapter, book),
            _ => src(value, input),
        };
        out.push_str(&new);
        rest = &rest[value_start + len..];
    }
    out.push_str(rest);
    out
}

fn next_attr(s: &str) -> Option<(usize, &'static str)> {
    [" id=\"", " href=\"", " src=\""]
        .iter()
        .filter_map(|a| s.find(a).map(|i| (i, *a)))
        .min_by_key(|(i, _)| *i)
}

/// `#x` -> `#chapter--x`; `other.html#x` -> `#other--x`; `other.html` -> `#ch-other`.
fn href(value: &str, chapter: &str, book: &Book) -> String {
    if let Some(anchor) = value.strip_prefix('#') {
        return format!("#{chapter}--{anchor}");
    }
    let (file, anchor) = value
        .split_once('#')
        .map_or((value, None), |(f, a)| (f, Some(a)));
    match file.strip_suffix(".html") {
        Some(id) if !id.contains('/') && book.has_chapter(id) => match anchor {
            Some(a) => format!("#{id}--{a}"),
            None => format!("#ch-{id}"),
        },
        _ => value.to_string(),
    }
}

/// `../assets/x.svg` -> a data URI.
fn src(value: &str, input: &RenderInput<'_>) -> String {
    let path = crate::markdown::percent_decode(value);
    match path
        .strip_prefix("../assets/")
        .and_then(|p| input.assets.get(p).map(|b| (p, b)))
    {
        Some((p, bytes)) => format!(
            "data:{};base64,{}",
            super::content_type(p),
            base64::engine::general_purpose::STANDARD.encode(bytes)
        ),
        None => escape(&path),
    }
}
