//! The print page: `<lang>/print.html`, the whole report on one page, for
//! printing and for "save as PDF".
//!
//! A combined document ([`super::combined`]): every chapter's ids are scoped
//! to it and every cross-reference stays in the page. The page is rendered
//! around placeholders ([`context::print_token`]) and each chapter's text is
//! written in its place one at a time, straight to the sink, so the whole
//! book's text is never copied into the template engine.

use super::{Format, Input, combined};
use crate::error::Diagnostic;
use crate::lang::Lang;
use crate::output::Sink;
use crate::render::{self, INLINE_TOC_LIMIT, context, render_page, template_error};
use crate::resolve::Book;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io::{self, Write};

/// The print page format.
pub struct Print;

impl Format for Print {
    fn name(&self) -> &'static str {
        "print"
    }

    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
        let langs: Vec<&Lang> = input.book.config.languages.iter().collect();
        pages(input, &langs, sink)
    }

    fn render_some(
        &self,
        input: &Input<'_>,
        paths: &BTreeSet<String>,
        sink: &dyn Sink,
    ) -> Result<(), Vec<Diagnostic>> {
        let langs = super::languages_named(input, paths, path);
        pages(input, &langs, sink)
    }
}

fn path(lang: &Lang) -> String {
    format!("{lang}/print.html")
}

fn pages(input: &Input<'_>, langs: &[&Lang], sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
    if langs.is_empty() {
        return Ok(());
    }
    let book = input.book;
    let env = render::environment(input.theme)?;
    let tocs = render::tocs(book, book.order.len() <= INLINE_TOC_LIMIT);
    let ctx = context::Shared::new(book, input.catalog, &tocs, &input.theme.static_files);
    let errors: Vec<Diagnostic> = langs
        .par_iter()
        .filter_map(|&lang| {
            match render_page(&env, "print.html", &context::print_page(&ctx, lang)) {
                Ok(html) => {
                    sink.put_stream(path(lang), &mut |w| fill(w, &html, book, lang));
                    None
                }
                Err(e) => Some(template_error(input.theme, &e)),
            }
        })
        .collect();
    super::ok_unless(errors)
}

/// Write a print page: `skeleton` is the rendered template, where each
/// chapter's `content` is a [`context::print_token`]; each chapter's HTML is
/// made and written in its place, one at a time.
fn fill(w: &mut dyn Write, skeleton: &str, book: &Book, lang: &Lang) -> io::Result<()> {
    let mut rest = skeleton;
    let mut html = String::new();
    for (n, id) in book.order.iter().enumerate() {
        let token = context::print_token(n);
        if let Some(at) = rest.find(&token) {
            w.write_all(&rest.as_bytes()[..at])?;
            html.clear();
            book.page(lang, id).html_into(&mut html);
            combined::write_chapter(w, &html, id.as_str(), book, &|_| None)?;
            rest = &rest[at + token.len()..];
        }
    }
    w.write_all(rest.as_bytes())
}
