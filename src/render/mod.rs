//! Render the book into output files, handed one by one to a [`Sink`].
//!
//! Owns the output layout of DESIGN.md (`index.html`, `<lang>/index.html`,
//! `<lang>/<id>.html`, `print.html`, `search.html`, `404.html`,
//! `sitemap.xml`, `static/`, `assets/`), the typed template contexts
//! ([`context`]), and the minijinja environment (strict undefined, autoescape).
//! Every link it writes is relative; `base_url` is used only for canonical
//! links and the sitemap. Pages are rendered in parallel. It writes nothing
//! to disk itself: each page goes to the sink as soon as it is made, which is
//! the output folder being staged (`output::Staging`, for `build`) or an
//! in-memory [`OutputSet`] (for `serve` and `bundle`), so a large book is
//! never held whole in memory.

pub mod context;
pub mod single;

use crate::error::{Diagnostic, SourceText};
use crate::i18n::Catalog;
use crate::lang::Lang;
use crate::load::ThemeFiles;
use crate::resolve::Book;
use context::{Layout, PageKind};
use minijinja::{Environment, UndefinedBehavior};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

/// Chapters up to this many are listed inline on every page; beyond it the
/// list comes from one shared `toc.js` per language, so pages stay O(1).
pub const INLINE_TOC_LIMIT: usize = 40;

/// The built site: output path (`/`-separated) -> bytes. Sorted, so writing
/// and zipping are deterministic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputSet {
    /// The files.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl OutputSet {
    /// Add or replace a file.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    /// A file's bytes.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }
}

/// Where output files go as they are made. Called from many threads.
pub trait Sink: Sync {
    /// Take one file: its `/`-separated path in the output, and its bytes.
    fn put(&self, path: String, bytes: Vec<u8>);

    /// Take one file written piece by piece by `write` (for files too large
    /// to assemble in memory first, like the print pages of a large book).
    fn put_stream(&self, path: String, write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) {
        let mut bytes = Vec::new();
        // Writing into a Vec cannot fail.
        let _ = write(&mut bytes);
        self.put(path, bytes);
    }
}

/// A [`Sink`] that keeps every file in memory.
#[derive(Debug, Default)]
pub struct Collect(std::sync::Mutex<OutputSet>);

impl Collect {
    /// The files collected.
    pub fn into_set(self) -> OutputSet {
        self.0.into_inner().unwrap_or_else(|p| p.into_inner())
    }
}

impl Sink for Collect {
    fn put(&self, path: String, bytes: Vec<u8>) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path, bytes);
    }
}

/// A [`Sink`] that drops every file (`kitap check` renders only to find
/// template errors).
#[derive(Debug, Default)]
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _path: String, _bytes: Vec<u8>) {}
}

/// Everything rendering needs.
pub struct RenderInput<'a> {
    /// The resolved book.
    pub book: &'a Book,
    /// Interface strings.
    pub catalog: &'a Catalog,
    /// Templates and static files.
    pub theme: &'a ThemeFiles,
    /// Content images.
    pub assets: &'a BTreeMap<String, Vec<u8>>,
}

/// Render every page and copy static files, assets and the sitemap into
/// `sink`. Errors are template errors, pointing into the template.
pub fn render(input: &RenderInput<'_>, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
    render_into(input, None, sink)
}

/// Render the pages whose output paths are in `only`, in memory. `serve`
/// uses this to re-render just what an edit affects.
pub fn render_pages(
    input: &RenderInput<'_>,
    only: &BTreeSet<String>,
) -> Result<OutputSet, Vec<Diagnostic>> {
    let collect = Collect::default();
    render_into(input, Some(only), &collect)?;
    Ok(collect.into_set())
}

/// Render the pages whose output paths are in `only` (all pages, plus
/// static files, assets, `toc.js` and the sitemap, when `None`).
fn render_into(
    input: &RenderInput<'_>,
    only: Option<&BTreeSet<String>>,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let env = environment(input.theme)?;
    let book = input.book;
    let mut jobs: Vec<(String, Job<'_>)> = Vec::new();
    for lang in &book.config.languages {
        jobs.push((format!("{lang}/index.html"), Job::Toc(lang)));
        jobs.push((format!("{lang}/print.html"), Job::Print(lang)));
        jobs.push((format!("{lang}/search.html"), Job::Search(lang)));
        for (n, id) in book.order.iter().enumerate() {
            jobs.push((format!("{lang}/{id}.html"), Job::Chapter(lang, n)));
        }
    }
    jobs.push(("index.html".into(), Job::Chooser));
    jobs.push(("404.html".into(), Job::NotFound));
    if let Some(only) = only {
        jobs.retain(|(path, _)| only.contains(path));
    }

    // The contents list is needed by the contents pages, by every page of a
    // small book (inline sidebar) and by toc.js; an incremental render of a
    // few chapter pages of a large book does without it.
    let need_tocs = only.is_none()
        || book.order.len() <= INLINE_TOC_LIMIT
        || jobs.iter().any(|(_, j)| matches!(j, Job::Toc(_)));
    let tocs: BTreeMap<&Lang, Vec<context::TocEntry>> = book
        .config
        .languages
        .iter()
        .map(|l| {
            (
                l,
                if need_tocs {
                    context::toc_entries(book, l)
                } else {
                    Vec::new()
                },
            )
        })
        .collect();
    let ctx = context::Shared::new(book, input.catalog, &tocs, &input.theme.static_files);
    let mut errors: Vec<Diagnostic> = jobs
        .into_par_iter()
        .filter_map(|(path, job)| match render_job(&env, &ctx, &job) {
            Ok(html) => {
                match job {
                    Job::Print(lang) => {
                        sink.put_stream(path, &mut |w| fill_print_page(w, &html, book, lang))
                    }
                    Job::Chapter(lang, n) => sink.put(
                        path,
                        fill_chapter_page(&html, book.page(lang, &book.order[n])),
                    ),
                    _ => sink.put(path, html.into_bytes()),
                }
                None
            }
            Err(e) => Some(template_error(input.theme, &e)),
        })
        .collect();
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        errors.dedup();
        return Err(errors);
    }
    if only.is_some() {
        return Ok(());
    }
    for lang in &book.config.languages {
        if book.order.len() > INLINE_TOC_LIMIT {
            sink.put(format!("{lang}/toc.js"), toc_script(&tocs[lang]));
        }
    }
    for (path, bytes) in &input.theme.static_files {
        sink.put(format!("static/{path}"), bytes.clone());
    }
    for (path, bytes) in input.assets {
        sink.put(format!("assets/{path}"), bytes.clone());
    }
    sink.put("sitemap.xml".into(), sitemap(book));
    Ok(())
}

/// A chapter page's bytes: `skeleton` is the rendered template, where the
/// chapter's `content` is [`context::CONTENT_TOKEN`]; the chapter's HTML,
/// its links resolved, goes in its place.
fn fill_chapter_page(skeleton: &str, page: crate::resolve::PageSource<'_>) -> Vec<u8> {
    let text = &page.chapter.parsed.html;
    let mut out = String::with_capacity(skeleton.len() + text.len() + text.len() / 8);
    let mut parts = skeleton.split(context::CONTENT_TOKEN);
    out.push_str(parts.next().unwrap_or_default());
    for part in parts {
        page.html_into(&mut out);
        out.push_str(part);
    }
    out.into_bytes()
}

/// Write a print page: `skeleton` is the rendered template, where each
/// chapter's `content` is a [`context::print_token`]; each chapter's HTML is
/// made and written in its place, one at a time.
fn fill_print_page(w: &mut dyn Write, skeleton: &str, book: &Book, lang: &Lang) -> io::Result<()> {
    let mut rest = skeleton;
    for (n, id) in book.order.iter().enumerate() {
        let token = context::print_token(n);
        if let Some(at) = rest.find(&token) {
            w.write_all(&rest.as_bytes()[..at])?;
            book.page(lang, id).write_html(w)?;
            rest = &rest[at + token.len()..];
        }
    }
    w.write_all(rest.as_bytes())
}

enum Job<'a> {
    Toc(&'a Lang),
    Print(&'a Lang),
    Search(&'a Lang),
    Chapter(&'a Lang, usize),
    Chooser,
    NotFound,
}

fn render_job(
    env: &Environment<'static>,
    ctx: &context::Shared<'_>,
    job: &Job<'_>,
) -> Result<String, minijinja::Error> {
    match *job {
        Job::Toc(lang) => render_page(env, "toc.html", &context::toc_page(ctx, lang)),
        Job::Print(lang) => render_page(env, "print.html", &context::print_page(ctx, lang)),
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
        Job::Chooser => render_page(env, "index.html", &context::chooser_page(ctx)),
        Job::NotFound => {
            let lang = ctx.book.config.home_language();
            let title = ctx.catalog.text(lang, "page_not_found");
            let layout: Layout<'_> = ctx.layout(lang, PageKind::NotFound, title, None);
            render_page(env, "404.html", &layout)
        }
    }
}

fn render_page<S: Serialize>(
    env: &Environment<'static>,
    name: &str,
    ctx: &S,
) -> Result<String, minijinja::Error> {
    env.get_template(name)?
        .render(minijinja::Value::from(minijinja::value::Serde(ctx)))
}

/// The template environment: strict undefined, HTML autoescape.
fn environment(theme: &ThemeFiles) -> Result<Environment<'static>, Vec<Diagnostic>> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".xml") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    env.set_formatter(|out, state, value| {
        // Like minijinja's own HTML escaping, but `/` is left alone: it needs
        // no escaping in text or quoted attributes, and URLs stay readable.
        match value.as_str() {
            Some(s) if *state.auto_escape() == minijinja::AutoEscape::Html && !value.is_safe() => {
                write_escaped(out, s).map_err(minijinja::Error::from)
            }
            _ => minijinja::escape_formatter(out, state, value),
        }
    });
    let mut errors = Vec::new();
    for (name, src) in &theme.templates {
        if let Err(e) = env.add_template_owned(name.clone(), src.text.clone()) {
            errors.push(template_error(theme, &e));
        }
    }
    for required in [
        "base.html",
        "chapter.html",
        "toc.html",
        "print.html",
        "search.html",
        "404.html",
        "index.html",
    ] {
        if !theme.templates.contains_key(required) {
            errors.push(Diagnostic::file_error(
                format!("themes/<theme>/templates/{required}"),
                "the theme has no such template",
            ));
        }
    }
    if errors.is_empty() {
        Ok(env)
    } else {
        Err(errors)
    }
}

/// A template error as a diagnostic pointing into the template file.
fn template_error(theme: &ThemeFiles, e: &minijinja::Error) -> Diagnostic {
    let mut message = e.kind().to_string();
    if let Some(detail) = e.detail() {
        message = format!("{message}: {detail}");
    }
    let name = e.name().unwrap_or("template");
    let src = theme.templates.get(name).cloned().unwrap_or(SourceText {
        path: format!("templates/{name}"),
        text: String::new(),
    });
    match e.line() {
        Some(line) => src.error_at_line_col(line, 0, message),
        None => Diagnostic::file_error(src.path, message),
    }
}

/// `toc.js`: fills `#book-toc-list` on every page of a large book.
fn toc_script(entries: &[context::TocEntry]) -> Vec<u8> {
    let mut html = String::from("<ol>");
    for e in entries {
        html.push_str(&format!(
            "<li><a href=\"{}\" data-id=\"{}\"{}>{}</a></li>",
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

/// Escape text for HTML and XML text and attribute values (see
/// [`write_escaped`]).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing into a String cannot fail.
    let _ = write_escaped(&mut out, s);
    out
}

/// [`escape`], written to `out` in runs between the characters it replaces
/// (templates write every value this way: no copy per value).
///
/// Control characters other than tab and line breaks, which neither HTML nor
/// XML allows, become U+FFFD. So no value can spell the U+0001-wrapped
/// placeholders that chapter and print pages carry until their text is
/// written in ([`context::CONTENT_TOKEN`], [`context::print_token`]).
fn write_escaped(out: &mut impl std::fmt::Write, s: &str) -> std::fmt::Result {
    let mut done = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F => "\u{FFFD}",
            _ => continue,
        };
        out.write_str(&s[done..i])?;
        out.write_str(entity)?;
        done = i + 1;
    }
    out.write_str(&s[done..])
}

/// Content type of an output file, by extension.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_replaces_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            escape("\"'><img src=x onerror=alert(1)> & Қазақ / «ру»"),
            "&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; Қазақ / «ру»"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("&&"), "&amp;&amp;");
        assert_eq!(escape("ж<"), "ж&lt;");
    }

    #[test]
    fn escape_replaces_control_characters_but_keeps_line_breaks() {
        assert_eq!(escape("a\u{1}b\u{0}\u{1f}c"), "a\u{FFFD}b\u{FFFD}\u{FFFD}c");
        assert_eq!(
            escape("tab\tline\nreturn\r\u{7f}"),
            "tab\tline\nreturn\r\u{7f}"
        );
    }
}
