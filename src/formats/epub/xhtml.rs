//! A chapter's HTML, as its website page has it, re-written as the body of
//! an XHTML content document.
//!
//! The HTML is parsed (html5ever, through `scraper`) and written back out
//! element by element, so the result is always well-formed XML whatever the
//! chapter holds: text and attribute values are escaped, characters XML
//! cannot carry are left out, void elements are closed. Only elements and
//! attributes an EPUB 3 reading system takes are written; raw HTML outside
//! that set (scripts, forms, embedded frames, inline SVG, event handlers,
//! obsolete tags) is left out with a warning at its line in the chapter.
//!
//! Links: `other.html#x` becomes `other.xhtml#x` (each chapter is its own
//! document, so the website's ids serve unchanged); web and `mailto:` links
//! stay; a link anywhere else (another language's page) becomes its text.
//! Footnote references get `epub:type="noteref"` and the notes become
//! `<aside epub:type="footnote">`, which reading systems show as pop-ups.
//! Content images are renamed to their place in the package by the caller.

use crate::error::Diagnostic;
use crate::markdown::Unshown;
use crate::resolve::Book;
use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};
use std::collections::BTreeSet;

/// Elements an e-book does not carry: left out with their content.
const LEFT_OUT: &[&str] = &[
    "audio", "base", "button", "canvas", "dialog", "embed", "form", "frame", "frameset", "head",
    "iframe", "input", "link", "map", "math", "meta", "meter", "noscript", "object", "output",
    "portal", "progress", "script", "select", "slot", "style", "svg", "template", "textarea",
    "title", "video",
];

/// Elements written as they are (with the attributes of [`allowed`]).
const KEPT: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements written as `<x/>`.
const VOID: &[&str] = &["br", "col", "hr", "img", "wbr"];

/// Whether `attr` may be written on `element`.
fn allowed(element: &str, attr: &str) -> bool {
    if matches!(attr, "id" | "class" | "title" | "lang" | "dir" | "role") {
        return true;
    }
    if let Some(rest) = attr.strip_prefix("aria-") {
        return !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_lowercase());
    }
    matches!(
        (element, attr),
        ("a", "href" | "hreflang")
            | ("img", "alt" | "width" | "height")
            | ("td" | "th", "colspan" | "rowspan" | "style")
            | ("th", "scope")
            | ("ol", "start" | "reversed" | "type")
            | ("li", "value")
            | ("blockquote" | "q" | "del" | "ins", "cite")
            | ("time" | "del" | "ins", "datetime")
            | ("col" | "colgroup", "span")
            | ("details", "open")
            | ("data", "value")
            | ("bdo", "dir")
    )
}

/// One chapter's conversion: what it needs and what it gathers.
pub struct Converter<'a> {
    /// The book, to tell links to its chapters.
    pub book: &'a Book,
    /// The chapter's file, for warnings.
    pub path: &'a str,
    /// Where the chapter's raw HTML and outside images are written.
    pub unshown: &'a [Unshown],
    /// An image's `src` (`../assets/…` as the chapter's HTML writes it) and
    /// `alt` -> its path in the package, or `None` for an image the book
    /// does not have.
    pub image: &'a mut dyn FnMut(&str, &str) -> Option<String>,
    /// Warnings, in the order met.
    pub warnings: Vec<Diagnostic>,
    /// Ids written so far (an id raw HTML repeats is written once).
    ids: BTreeSet<String>,
    /// Element names already warned about.
    warned: BTreeSet<String>,
    /// The XHTML written.
    out: String,
}

impl<'a> Converter<'a> {
    /// A converter for one chapter; `ids` are taken already (the
    /// document's own).
    pub fn new(
        book: &'a Book,
        path: &'a str,
        unshown: &'a [Unshown],
        image: &'a mut dyn FnMut(&str, &str) -> Option<String>,
        ids: impl IntoIterator<Item = String>,
    ) -> Self {
        Converter {
            book,
            path,
            unshown,
            image,
            warnings: Vec::new(),
            ids: ids.into_iter().collect(),
            warned: BTreeSet::new(),
            out: String::new(),
        }
    }

    /// The XHTML of the chapter's `html`.
    pub fn convert(mut self, html: &str) -> (String, Vec<Diagnostic>) {
        let dom = Html::parse_fragment(html);
        self.children(dom.root_element());
        (self.out, self.warnings)
    }

    fn children(&mut self, el: ElementRef<'_>) {
        for child in el.children() {
            self.node(child);
        }
    }

    fn node(&mut self, node: NodeRef<'_, Node>) {
        match node.value() {
            Node::Text(t) => escape_into(&mut self.out, t),
            Node::Element(_) => {
                if let Some(el) = ElementRef::wrap(node) {
                    self.element(el);
                }
            }
            _ => {}
        }
    }

    fn element(&mut self, el: ElementRef<'_>) {
        let name = el.value().name();
        match name {
            "html" | "body" | "main" => return self.children(el),
            "input" if el.value().attr("type") == Some("checkbox") => {
                let checked = el.value().attr("checked").is_some();
                self.out.push_str(if checked { "[x] " } else { "[ ] " });
                return;
            }
            "div" | "section" if has_class(&el, "footnotes") => return self.footnotes(el),
            "a" => return self.link(el),
            "img" => return self.image(el),
            _ => {}
        }
        if LEFT_OUT.contains(&name) {
            self.warn_element(name, "an e-book does not carry it; the EPUB leaves it out");
            return;
        }
        if !KEPT.contains(&name) {
            self.warn_element(
                name,
                "it is not an element of EPUB 3; the EPUB keeps its text",
            );
            return self.children(el);
        }
        self.open(el, name, &[]);
        if VOID.contains(&name) {
            return;
        }
        self.children(el);
        self.close(name);
    }

    /// `<name attrs extra>` (or `<name …/>` for a void element).
    fn open(&mut self, el: ElementRef<'_>, name: &str, extra: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        let mut attrs: Vec<(&str, &str)> = el
            .value()
            .attrs()
            .filter(|(a, _)| !extra.iter().any(|(e, _)| e == a))
            .collect();
        attrs.sort_by_key(|(a, _)| *a);
        for (attr, value) in attrs {
            if !allowed(name, attr) {
                if attr.starts_with("on") {
                    self.warn_element(
                        &format!("{name} {attr}"),
                        "an e-book runs no scripts; the EPUB leaves the attribute out",
                    );
                }
                continue;
            }
            if attr == "id" && !self.ids.insert(value.to_string()) {
                continue;
            }
            self.attr(attr, value);
            if attr == "lang" {
                self.attr("xml:lang", value);
            }
        }
        for (attr, value) in extra {
            self.attr(attr, value);
        }
        self.out
            .push_str(if VOID.contains(&name) { "/>" } else { ">" });
    }

    fn attr(&mut self, attr: &str, value: &str) {
        self.out.push(' ');
        self.out.push_str(attr);
        self.out.push_str("=\"");
        escape_into(&mut self.out, value);
        self.out.push('"');
    }

    fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    fn link(&mut self, a: ElementRef<'_>) {
        let href = a.value().attr("href").unwrap_or("");
        let Some(target) = self.href(href) else {
            // Nothing to follow in the book: the text stands alone.
            return self.children(a);
        };
        let noteref = a.value().attr("role") == Some("doc-noteref");
        let mut extra = vec![("href", target.as_str())];
        if noteref {
            extra.push(("epub:type", "noteref"));
        }
        self.open(a, "a", &extra);
        if has_class(&a, "footnote-backref") {
            // The arrow as text, not as the emoji some systems draw.
            let text: String = a.text().collect();
            escape_into(&mut self.out, &text.replace('\u{21A9}', "\u{21A9}\u{FE0E}"));
        } else {
            self.children(a);
        }
        self.close("a");
    }

    /// Where a link goes in the book, or `None` when it leads nowhere the
    /// e-book can follow.
    fn href(&self, href: &str) -> Option<String> {
        if href.starts_with('#') {
            return Some(href.to_string());
        }
        let lower = href.get(..8).unwrap_or(href).to_ascii_lowercase();
        if lower.starts_with("https://")
            || lower.starts_with("http://")
            || lower.starts_with("mailto:")
        {
            return Some(href.to_string());
        }
        let (file, anchor) = href
            .split_once('#')
            .map_or((href, None), |(f, a)| (f, Some(a)));
        let id = file.strip_suffix(".html")?;
        if id.contains('/') || !self.book.has_chapter(id) {
            return None;
        }
        Some(match anchor {
            Some(a) => format!("{id}.xhtml#{a}"),
            None => format!("{id}.xhtml"),
        })
    }

    fn image(&mut self, img: ElementRef<'_>) {
        let src = img.value().attr("src").unwrap_or("");
        let alt = img.value().attr("alt").unwrap_or("");
        match (self.image)(src, alt) {
            Some(path) => {
                self.open(img, "img", &[("src", &path), ("alt", alt)]);
            }
            None => {
                // A Markdown image's address, or raw HTML that holds it.
                let at = self
                    .unshown
                    .iter()
                    .find(|u| u.text == src)
                    .or_else(|| self.unshown.iter().find(|u| u.text.contains(src)))
                    .map_or((0, 0), |u| u.at);
                self.warn(
                    at,
                    format!(
                        "the image `{src}` is not in the book's assets/; the EPUB shows its description instead"
                    ),
                );
                if !alt.is_empty() {
                    self.out.push('[');
                    escape_into(&mut self.out, alt);
                    self.out.push(']');
                }
            }
        }
    }

    /// The chapter's notes, each an `<aside epub:type="footnote">` with its
    /// number, in a section of their own.
    fn footnotes(&mut self, section: ElementRef<'_>) {
        self.out
            .push_str("<section class=\"footnotes\" epub:type=\"footnotes\">\n");
        let notes = section
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "li");
        for (n, li) in notes.enumerate() {
            self.open(
                li,
                "aside",
                &[("epub:type", "footnote"), ("role", "doc-footnote")],
            );
            let number = format!("<span class=\"note-number\">{}.</span> ", n + 1);
            let mut numbered = false;
            for child in li.children() {
                match ElementRef::wrap(child) {
                    Some(p) if !numbered && p.value().name() == "p" => {
                        self.open(p, "p", &[]);
                        self.out.push_str(&number);
                        self.children(p);
                        self.close("p");
                        numbered = true;
                    }
                    _ => {
                        if !numbered && !is_blank(child) {
                            self.out.push_str(&number);
                            numbered = true;
                        }
                        self.node(child);
                    }
                }
            }
            self.out.push_str("</aside>\n");
        }
        self.out.push_str("</section>\n");
    }

    fn warn_element(&mut self, name: &str, why: &str) {
        if !self.warned.insert(name.to_string()) {
            return;
        }
        let tag = name.split(' ').next().unwrap_or(name);
        let open = format!("<{tag}");
        let at = self
            .unshown
            .iter()
            .find(|u| u.text.to_ascii_lowercase().contains(&open))
            .map_or((0, 0), |u| u.at);
        let what = match name.split_once(' ') {
            Some((el, attr)) => format!("raw HTML `<{el} {attr}=…>`"),
            None => format!("raw HTML `<{name}>`"),
        };
        self.warn(at, format!("{what}: {why}"));
    }

    fn warn(&mut self, at: (usize, usize), message: String) {
        let d = crate::formats::diagnostic_at(self.path, Some(at), message);
        self.warnings.push(d.warning());
    }
}

use crate::formats::has_class;

fn is_blank(node: NodeRef<'_, Node>) -> bool {
    match node.value() {
        Node::Text(t) => t.trim().is_empty(),
        Node::Element(_) => false,
        _ => true,
    }
}

/// Append `text` escaped for XML text and attribute values, leaving out
/// the characters XML 1.0 cannot hold (controls other than tab, line feed
/// and carriage return; U+FFFE, U+FFFF).
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// `text` escaped ([`escape_into`]).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escaping_leaves_out_what_xml_cannot_hold() {
        assert_eq!(
            escape("a<b>&\"c\"\u{1}\u{FFFF}\tд"),
            "a&lt;b&gt;&amp;&quot;c&quot;\tд"
        );
    }
}
