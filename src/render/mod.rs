//! Page templating shared by the HTML formats (website, print page,
//! single-file page): the minijinja environment (strict undefined,
//! autoescape, the theme's templates), the typed template contexts
//! ([`context`]), template errors as diagnostics, and HTML escaping.
//!
//! It knows nothing of which pages a format makes; `formats::website`,
//! `formats::print` and `formats::single` decide that.

pub mod context;

use crate::error::{Diagnostic, SourceText};
use crate::lang::Lang;
use crate::load::ThemeFiles;
use crate::resolve::Book;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;
use std::collections::BTreeMap;

/// Chapters up to this many are listed inline on every page; beyond it the
/// list comes from one shared `toc.js` per language, so pages stay O(1).
pub const INLINE_TOC_LIMIT: usize = 40;

/// Each language's contents list, or empty lists when `need` is false
/// (an incremental render of a few chapter pages of a large book does
/// without them).
pub fn tocs(book: &Book, need: bool) -> BTreeMap<&Lang, Vec<context::TocEntry<'_>>> {
    book.config
        .languages
        .iter()
        .map(|l| {
            let entries = if need {
                context::toc_entries(book, l)
            } else {
                Vec::new()
            };
            (l, entries)
        })
        .collect()
}

/// Render template `name` with `ctx`.
pub fn render_page<S: Serialize>(
    env: &Environment<'static>,
    name: &str,
    ctx: &S,
) -> Result<String, minijinja::Error> {
    env.get_template(name)?
        .render(minijinja::Value::from(minijinja::value::Serde(ctx)))
}

/// The template environment: strict undefined, HTML autoescape.
pub fn environment(theme: &ThemeFiles) -> Result<Environment<'static>, Vec<Diagnostic>> {
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
    env.add_filter("css_string", css_string);
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
pub fn template_error(theme: &ThemeFiles, e: &minijinja::Error) -> Diagnostic {
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

/// The `css_string` filter: `s` as the inside of a quoted CSS string, for a
/// `<style>` element (`content: "{{ title|css_string }}"`, as the print
/// page's running heads are written). `\`, both quotes, `<`, `>`, `&` and
/// control characters are written as CSS escapes (`\22 `), so the value can
/// neither end the string nor the `<style>` element, and holds nothing HTML
/// would read; it is therefore marked safe and not HTML-escaped again.
fn css_string(s: &str) -> minijinja::Value {
    use std::fmt::Write;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '"' | '\'' | '<' | '>' | '&') || c.is_control() {
            // Writing into a String cannot fail.
            let _ = write!(out, "\\{:x} ", u32::from(c));
        } else {
            out.push(c);
        }
    }
    minijinja::Value::from_safe_string(out)
}

#[cfg(test)]
mod tests {
    use super::{css_string, escape};

    #[test]
    fn css_string_escapes_what_could_end_the_string_or_the_style_element() {
        let v = css_string("Ана «тілі» \"a\" \\ 'b' </style><b>&amp;\u{1}\n");
        assert!(v.is_safe());
        assert_eq!(
            v.as_str().unwrap(),
            "Ана «тілі» \\22 a\\22  \\5c  \\27 b\\27  \\3c /style\\3e \\3c b\\3e \\26 amp;\\1 \\a "
        );
    }

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
