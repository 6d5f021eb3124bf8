//! The website: every language's contents page, chapter pages, search page,
//! the root language chooser, `404.html`, `toc.js` for large books,
//! `sitemap.xml`, the theme's static files and the content images.
//!
//! Owns the site's layout (`index.html`, `<lang>/index.html`,
//! `<lang>/<id>.html`, `<lang>/search.html`, `404.html`, `sitemap.xml`,
//! `static/`, `assets/`). Every link it writes is relative; `base_url` is
//! used only for canonical links and the sitemap. Pages are rendered in
//! parallel and each goes to the sink as soon as it is made, so a large
//! book is never held whole in memory.

use super::{Format, Input};
use crate::error::Diagnostic;
use crate::lang::Lang;
use crate::output::Sink;
use crate::render::context::{self, Layout, PageKind};
use crate::render::{self, INLINE_TOC_LIMIT, escape, render_page, template_error};
use crate::resolve::{Book, PageSource};
use minijinja::Environment;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The website format.
pub struct Website;

impl Format for Website {
    fn name(&self) -> &'static str {
        "website"
    }

    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
        pages(input, None, sink)?;
        let book = input.book;
        for lang in &book.config.languages {
            if book.order.len() > INLINE_TOC_LIMIT {
                sink.put(
                    format!("{lang}/toc.js"),
                    toc_script(
                        &context::toc_entries(book, lang),
                        context::draft_badge(input.catalog, lang),
                    ),
                );
            }
        }
        for (path, bytes) in &input.theme.static_files {
            sink.put(format!("static/{path}"), bytes.clone());
        }
        for (path, bytes) in input.assets {
            sink.put(format!("assets/{path}"), bytes.clone());
        }
        // A sitemap holds absolute addresses only: without `base_url`, none.
        if !book.config.base_url.is_empty() {
            sink.put("sitemap.xml".into(), sitemap(book));
        }
        Ok(())
    }

    /// Only the pages at `paths` (theme files, images, `toc.js` and the
    /// sitemap are not re-made).
    fn render_some(
        &self,
        input: &Input<'_>,
        paths: &BTreeSet<String>,
        sink: &dyn Sink,
    ) -> Result<(), Vec<Diagnostic>> {
        pages(input, Some(paths), sink)
    }
}

/// Render the pages whose output paths are in `only` (all when `None`).
fn pages(
    input: &Input<'_>,
    only: Option<&BTreeSet<String>>,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let book = input.book;
    let mut jobs: Vec<(String, Job<'_>)> = Vec::new();
    for lang in &book.config.languages {
        jobs.push((format!("{lang}/index.html"), Job::Toc(lang)));
        jobs.push((format!("{lang}/search.html"), Job::Search(lang)));
        if !book.glossary.terms(lang).is_empty() {
            jobs.push((
                format!("{lang}/abbreviations.html"),
                Job::Abbreviations(lang),
            ));
        }
        for (n, id) in book.order.iter().enumerate() {
            jobs.push((format!("{lang}/{id}.html"), Job::Chapter(lang, n)));
        }
    }
    jobs.push(("index.html".into(), Job::Chooser));
    jobs.push(("404.html".into(), Job::NotFound(None)));
    for lang in &book.config.languages {
        jobs.push((format!("{lang}/404.html"), Job::NotFound(Some(lang))));
    }
    if let Some(only) = only {
        jobs.retain(|(path, _)| only.contains(path));
        if jobs.is_empty() {
            return Ok(());
        }
    }
    let env = render::environment(input.theme)?;
    // The contents list is needed by the contents pages, by every page of a
    // small book (inline sidebar) and by toc.js.
    let need_tocs = only.is_none()
        || book.order.len() <= INLINE_TOC_LIMIT
        || jobs.iter().any(|(_, j)| matches!(j, Job::Toc(_)));
    let tocs = render::tocs(book, need_tocs);
    let ctx = context::Shared::new(book, input.catalog, &tocs, &input.theme.static_files);
    // Each content image's size, so that pages reserve its place (no
    // layout shift while it loads).
    let sizes: BTreeMap<&str, (u32, u32)> = input
        .assets
        .iter()
        .filter_map(|(k, b)| Some((k.as_str(), super::image_size(b)?)))
        .collect();
    let errors: Vec<Diagnostic> = jobs
        .into_par_iter()
        .filter_map(|(path, job)| match render_job(&env, &ctx, &job) {
            Ok(html) => {
                match job {
                    Job::Chapter(lang, n) => sink.put(
                        path,
                        fill_chapter_page(
                            &html,
                            book.page(lang, &book.order[n]),
                            &sizes,
                            &context::section_notices(&ctx, lang, n),
                        ),
                    ),
                    _ => sink.put(path, html.into_bytes()),
                }
                None
            }
            Err(e) => Some(template_error(input.theme, &e)),
        })
        .collect();
    super::ok_unless(errors)
}

/// A chapter page's bytes: `skeleton` is the rendered template, where the
/// chapter's `content` is [`context::CONTENT_TOKEN`]; the chapter's HTML,
/// its links resolved, goes in its place, its images given their `sizes`,
/// each of `notices` (heading id, HTML) under its heading.
fn fill_chapter_page(
    skeleton: &str,
    page: PageSource<'_>,
    sizes: &BTreeMap<&str, (u32, u32)>,
    notices: &[(String, String)],
) -> Vec<u8> {
    let text = &page.chapter.parsed.html;
    let mut out = String::with_capacity(skeleton.len() + text.len() + text.len() / 8);
    let mut parts = skeleton.split(context::CONTENT_TOKEN);
    out.push_str(parts.next().unwrap_or_default());
    for part in parts {
        if page.chapter.parsed.assets.is_empty() && notices.is_empty() {
            page.html_into(&mut out);
        } else {
            let html = under_headings(page.html(), notices);
            figures(&mut out, &html, sizes);
        }
        out.push_str(part);
    }
    out.into_bytes()
}

/// `html` with each notice (heading id, HTML) right after the heading
/// that has that id.
fn under_headings(mut html: String, notices: &[(String, String)]) -> String {
    for (id, notice) in notices {
        let attr = format!(" id=\"{}\">", crate::render::escape(id));
        let mut from = 0;
        while let Some(at) = html[from..].find(&attr).map(|i| from + i) {
            let tag = html[..at].rfind('<').unwrap_or(at);
            let level = html.as_bytes().get(tag + 2).copied().unwrap_or(b'0');
            if html[tag..].starts_with("<h") && level.is_ascii_digit() {
                let close = format!("</h{}>", level as char);
                if let Some(end) = html[at..].find(&close).map(|i| at + i + close.len()) {
                    html.insert_str(end, notice);
                }
                break;
            }
            from = at + attr.len();
        }
    }
    html
}

/// `html` into `out`, each content image (`<img src="../assets/…"`, as
/// Markdown writes it) with its `width` and `height`; an image alone in its
/// paragraph (a figure) also links to itself, so that a reader on a phone
/// can open a diagram at full size.
fn figures(out: &mut String, html: &str, sizes: &BTreeMap<&str, (u32, u32)>) {
    const OPEN: &str = "<img src=\"../assets/";
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        let (before, tag) = rest.split_at(at);
        let value_start = "<img src=\"".len();
        let Some(value_len) = tag[value_start..].find('"') else {
            break;
        };
        let src = &tag[value_start..value_start + value_len];
        let Some(tag_len) = tag.find("/>").map(|e| e + 2) else {
            break;
        };
        let key = super::asset_key(src, true).unwrap_or_default();
        let size = sizes.get(key.as_str());
        // Alone in its paragraph, or a numbered figure's image.
        let in_figure = before
            .rfind('<')
            .is_some_and(|t| before[t..].starts_with("<figure") && before.ends_with('>'))
            && tag[tag_len..].starts_with("<figcaption>");
        let alone = (before.ends_with("<p>") && tag[tag_len..].starts_with("</p>")) || in_figure;
        out.push_str(before);
        if alone {
            out.push_str("<a class=\"figure-link\" href=\"");
            out.push_str(src);
            out.push_str("\">");
        }
        out.push_str("<img");
        if let Some((w, h)) = size {
            out.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
        out.push_str(&tag[4..tag_len]);
        if alone {
            out.push_str("</a>");
        }
        rest = &tag[tag_len..];
    }
    out.push_str(rest);
}

enum Job<'a> {
    Toc(&'a Lang),
    Search(&'a Lang),
    Abbreviations(&'a Lang),
    Chapter(&'a Lang, usize),
    Chooser,
    /// The 404 page: the home language's at the root, or one language's.
    NotFound(Option<&'a Lang>),
}

fn render_job(
    env: &Environment<'static>,
    ctx: &context::Shared<'_>,
    job: &Job<'_>,
) -> Result<String, minijinja::Error> {
    match *job {
        Job::Toc(lang) => render_page(env, "toc.html", &context::toc_page(ctx, lang)),
        Job::Search(lang) => {
            let layout = ctx.layout(
                lang,
                PageKind::Search,
                ctx.catalog.text(lang, "search_title"),
                None,
            );
            render_page(env, "search.html", &layout)
        }
        Job::Chapter(lang, n) => {
            render_page(env, "chapter.html", &context::chapter_page(ctx, lang, n))
        }
        Job::Abbreviations(lang) => render_page(
            env,
            "abbreviations.html",
            &context::abbreviations_page(ctx, lang),
        ),
        Job::Chooser => render_page(env, "index.html", &context::chooser_page(ctx)),
        Job::NotFound(lang) => {
            let lang = lang.unwrap_or_else(|| ctx.book.config.home_language());
            let title = ctx.catalog.text(lang, "page_not_found");
            let layout: Layout<'_> = ctx.layout(lang, PageKind::NotFound, title, None);
            render_page(env, "404.html", &layout)
        }
    }
}

/// `toc.js`: fills `#book-toc-list` on every page of a large book.
/// `draft_badge`: the badge's text, when drafts are shown.
fn toc_script(entries: &[context::TocEntry], draft_badge: &str) -> Vec<u8> {
    let mut html = String::from("<ol>");
    for e in entries {
        let mut item = String::from("<li");
        if e.number.is_none() {
            item.push_str(" data-unnumbered");
        }
        if let Some(value) = e.value {
            item.push_str(&format!(" value=\"{value}\""));
        }
        item.push('>');
        if e.draft {
            item.push_str(&format!(
                "<span class=\"draft-badge\">{}</span> ",
                escape(draft_badge)
            ));
        }
        html.push_str(&format!(
            "{item}<a href=\"{}\" data-id=\"{}\"{}>{}</a></li>",
            escape(&e.href),
            escape(e.id),
            if e.fallback {
                format!(" lang=\"{}\"", escape(e.lang.as_str()))
            } else {
                String::new()
            },
            escape(e.title)
        ));
    }
    html.push_str("</ol>");
    let json = serde_json::to_string(&html).unwrap_or_else(|_| "\"\"".into());
    format!(
        "/* kitap: the table of contents, shared by every page of this language. */\n\
         (function(){{var n=document.getElementById('book-toc-list');if(!n)return;n.innerHTML={json};\
         var c=document.getElementById('book-toc').getAttribute('data-current');\
         var a=n.querySelectorAll('a');for(var i=0;i<a.length;i++){{if(a[i].getAttribute('data-id')===c){{\
         a[i].setAttribute('aria-current','page');a[i].parentNode.className='current';}}}}}})();\n"
    )
    .into_bytes()
}

/// `sitemap.xml` with hreflang alternates; absolute only when `base_url` is set.
fn sitemap(book: &Book) -> Vec<u8> {
    let base = &book.config.base_url;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut url = |loc: String, alts: &[(String, String)]| {
        xml.push_str(&format!("<url><loc>{}</loc>", escape(&loc)));
        for (l, href) in alts {
            xml.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape(l),
                escape(href)
            ));
        }
        xml.push_str("</url>\n");
    };
    let langs = &book.config.languages;
    let toc_alts: Vec<(String, String)> = langs
        .iter()
        .map(|l| (l.to_string(), format!("{base}{l}/index.html")))
        .collect();
    for l in langs {
        url(format!("{base}{l}/index.html"), &toc_alts);
    }
    for id in &book.order {
        let have = book.translated_languages(id);
        let alts: Vec<(String, String)> = have
            .iter()
            .map(|l| (l.to_string(), format!("{base}{l}/{id}.html")))
            .collect();
        for l in have {
            url(format!("{base}{l}/{id}.html"), &alts);
        }
    }
    xml.push_str("</urlset>\n");
    xml.into_bytes()
}
