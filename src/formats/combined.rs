//! The one id scheme of documents that hold every chapter: the print page,
//! the single-file page, and any paged or packaged format to come.
//!
//! In such a document each chapter starts at [`chapter_anchor`] (`ch-<id>`),
//! and every id of a chapter's text is scoped to it by [`scoped_id`]
//! (`<chapter>--<id>`: headings, footnotes `fn-…` and their references
//! `fnref-…`). Chapter ids contain no `--` and do not end with `-`, so two
//! different (chapter, id) pairs never give the same id, and none equals a
//! chapter anchor or an id of the template (which contain no `--`).
//! [`write_chapter`] rewrites one chapter's HTML, as the website's chapter
//! page has it, into this scheme: its ids are scoped, and every link to a
//! chapter of the book (`@id`, `@id#anchor`, a relative `.md` link, `#anchor`
//! within the chapter) stays inside the document. A link to the web whose
//! text is its address (`<https://…>`) gets `class="url"`, so that print
//! styles, which write a link's address after its text, can leave it alone.

pub use crate::lang::{chapter_anchor, scoped_id};
use crate::resolve::Book;
use std::io::{self, Write};

/// Where a link of chapter `chapter`'s text points in a combined document
/// of `book`: `#x` -> `#chapter--x`; `other.html#x` -> `#other--x`;
/// `other.html` -> `#ch-other`. Links out of the book (other languages'
/// pages, other sites) are kept.
pub fn href(value: &str, chapter: &str, book: &Book) -> String {
    if let Some(anchor) = value.strip_prefix('#') {
        return format!("#{}", scoped_id(chapter, anchor));
    }
    let (file, anchor) = value
        .split_once('#')
        .map_or((value, None), |(f, a)| (f, Some(a)));
    match file.strip_suffix(".html") {
        Some(id) if !id.contains('/') && book.has_chapter(id) => match anchor {
            Some(a) => format!("#{}", scoped_id(id, a)),
            None => format!("#{}", chapter_anchor(id)),
        },
        _ => value.to_string(),
    }
}

/// [`scoped_id`], written to `w`.
fn write_scoped(w: &mut dyn Write, chapter: &str, id: &str) -> io::Result<()> {
    w.write_all(chapter.as_bytes())?;
    w.write_all(b"--")?;
    w.write_all(id.as_bytes())
}

/// [`href`], written to `w`.
fn write_href(w: &mut dyn Write, value: &str, chapter: &str, book: &Book) -> io::Result<()> {
    if let Some(anchor) = value.strip_prefix('#') {
        w.write_all(b"#")?;
        return write_scoped(w, chapter, anchor);
    }
    w.write_all(href(value, chapter, book).as_bytes())
}

/// Write chapter `chapter`'s `html` (links resolved as on its website page)
/// into `w` in the combined scheme. `src` may replace an image's `src`
/// (the single-file page inlines images); `None` keeps it.
pub fn write_chapter(
    w: &mut dyn Write,
    html: &str,
    chapter: &str,
    book: &Book,
    src: &dyn Fn(&str) -> Option<String>,
) -> io::Result<()> {
    let bytes = html.as_bytes();
    let mut done = 0;
    let mut pos = 0;
    // Text never holds a raw `"` (it is escaped), so every `"` opens or
    // closes an attribute value; an opening one follows `=`. Only ` id`,
    // ` href` and ` src` are rewritten.
    while let Some(q) = memchr::memchr(b'"', &bytes[pos..]).map(|q| pos + q) {
        let start = q + 1;
        let Some(len) = memchr::memchr(b'"', &bytes[start..]) else {
            break;
        };
        pos = start + len + 1;
        let name = &bytes[..q];
        let kind = if !name.ends_with(b"=") {
            pos = start;
            continue;
        } else if name.ends_with(b" id=") {
            Attr::Id
        } else if name.ends_with(b" href=") {
            Attr::Href
        } else if name.ends_with(b" src=") {
            Attr::Src
        } else {
            continue;
        };
        let value = &html[start..start + len];
        match kind {
            Attr::Id => {
                w.write_all(&bytes[done..start])?;
                write_scoped(w, chapter, value)?;
            }
            Attr::Href => {
                w.write_all(&bytes[done..start])?;
                write_href(w, value, chapter, book)?;
                if name.ends_with(b"<a href=") && shows_its_address(value, &html[start + len..]) {
                    w.write_all(br#"" class="url""#)?;
                    done = start + len + 1;
                    continue;
                }
            }
            Attr::Src => match src(value) {
                Some(new) => {
                    w.write_all(&bytes[done..start])?;
                    w.write_all(new.as_bytes())?;
                }
                None => continue,
            },
        }
        done = start + len;
    }
    w.write_all(&bytes[done..])
}

/// Whether a link `<a href="value"` followed by `rest` (from the closing
/// quote on) is a link to the web whose whole text is its address, as
/// Markdown writes `<https://…>`.
fn shows_its_address(value: &str, rest: &str) -> bool {
    (value.starts_with("https://") || value.starts_with("http://"))
        && rest
            .strip_prefix("\">")
            .and_then(|r| r.strip_prefix(value))
            .is_some_and(|r| r.starts_with("</a>"))
}

enum Attr {
    Id,
    Href,
    Src,
}

#[cfg(test)]
mod tests {
    use super::shows_its_address;

    #[test]
    fn only_web_links_whose_whole_text_is_their_address_show_it() {
        let url = "https://x.org/a?b=1&amp;c=2";
        assert!(shows_its_address(url, &format!("\">{url}</a> more")));
        assert!(shows_its_address("http://x.org", "\">http://x.org</a>"));
        assert!(!shows_its_address(url, "\">the report</a>"));
        assert!(!shows_its_address(url, &format!("\">{url} and more</a>")));
        assert!(!shows_its_address(
            url,
            &format!("\" title=\"t\">{url}</a>")
        ));
        assert!(!shows_its_address("#x", "\">#x</a>"));
        assert!(!shows_its_address(
            "mailto:a@b.org",
            "\">mailto:a@b.org</a>"
        ));
    }
}
