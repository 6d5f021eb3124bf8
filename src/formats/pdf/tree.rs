//! A chapter's HTML, in the combined id scheme, as the data the PDF
//! template typesets: a tree of nodes (`{"k": kind, ...}`) whose text is
//! always a JSON string. The template turns strings into text, never into
//! markup or code, so nothing a chapter says runs in the engine.
//!
//! Kinds: `p`, `em`, `strong`, `del`, `sub`, `sup`, `u`, `mark`, `code`
//! (`text`), `br`, `url` (`url`), `ref` (`to`, `page`: print "see p. N"),
//! `note` (`id`), `noteref` (`id`), `h` (`level`, `id`), `ul`/`ol`
//! (`tight`, `start`, `items`), `quote`, `pre` (`text`), `hr`, `img`
//! (`img`: index of the image file, `alt`), `table` (`align`, `head`,
//! `rows`), `block` (`id`: a footnote never cited); any other has only
//! children (`c`).

use crate::error::Diagnostic;
use crate::lang::{chapter_anchor, scoped_id};
use crate::markdown::{Parsed, Unshown};
use scraper::{ElementRef, Html, Node};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Elements that have no place on paper: dropped, with a warning.
const NOT_ON_PAPER: &[&str] = &[
    "audio", "button", "canvas", "embed", "form", "iframe", "input", "math", "noscript", "object",
    "script", "select", "style", "svg", "template", "textarea", "video",
];

/// Elements whose text is all there is (their children stand in their
/// place).
const TRANSPARENT: &[&str] = &[
    "abbr",
    "article",
    "aside",
    "body",
    "cite",
    "details",
    "dfn",
    "div",
    "dl",
    "figcaption",
    "footer",
    "header",
    "html",
    "label",
    "main",
    "nav",
    "q",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "summary",
    "time",
    "var",
];

/// The labels a document may link to, gathered before any chapter is
/// converted: chapter anchors, heading and footnote ids, in the combined
/// scheme. The same ids that links are checked against
/// ([`Parsed::anchors`]); the tree attaches each exactly once.
#[derive(Default)]
pub struct Labels {
    /// Every label, with whether a link to it prints "see p. N" (sections
    /// and chapters do; footnotes do not).
    all: HashMap<String, bool>,
}

impl Labels {
    /// Add chapter `chapter`'s labels, from its parsed text.
    pub fn add_chapter(&mut self, chapter: &str, parsed: &Parsed) {
        self.all.insert(chapter_anchor(chapter), true);
        for h in &parsed.headings {
            self.all.insert(scoped_id(chapter, &h.id), true);
        }
        // Tables and figures: a reference says their page too.
        for c in &parsed.captions {
            self.all.insert(scoped_id(chapter, &c.id), true);
        }
        for id in &parsed.anchors {
            self.all.entry(scoped_id(chapter, id)).or_insert(false);
        }
    }
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// What converting one chapter needs and gathers.
pub struct Converter<'a> {
    /// Every label of the document.
    pub labels: &'a Labels,
    /// Content images (path under `assets/`).
    pub assets: &'a BTreeMap<String, Vec<u8>>,
    /// Images used so far, by path; a node names one by its index.
    pub images: &'a mut Vec<String>,
    /// The chapter's file, for warnings.
    pub path: &'a str,
    /// Where the chapter's raw HTML and outside images are written.
    pub unshown: &'a [Unshown],
    /// Warnings (things left out), in the order met.
    pub warnings: Vec<Diagnostic>,
    /// The footnotes of this chapter: id -> their content.
    notes: HashMap<String, Vec<Value>>,
    /// Footnotes already printed (a second citation refers to the first).
    cited: BTreeSet<String>,
    /// Heading labels attached (raw HTML may repeat a heading's id).
    attached: BTreeSet<String>,
}

impl<'a> Converter<'a> {
    /// A converter for one chapter.
    pub fn new(
        labels: &'a Labels,
        assets: &'a BTreeMap<String, Vec<u8>>,
        images: &'a mut Vec<String>,
        path: &'a str,
        unshown: &'a [Unshown],
    ) -> Self {
        Converter {
            labels,
            assets,
            images,
            path,
            unshown,
            warnings: Vec::new(),
            notes: HashMap::new(),
            cited: BTreeSet::new(),
            attached: BTreeSet::new(),
        }
    }

    /// The chapter's body: its nodes, then any footnote never cited.
    pub fn chapter(&mut self, html: &Html) -> Vec<Value> {
        let root = html.root_element();
        let mut order = Vec::new();
        for section in root
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| matches!(e.value().name(), "div" | "section") && has_class(e, "footnotes"))
        {
            for li in section
                .descendants()
                .filter_map(ElementRef::wrap)
                .filter(|e| e.value().name() == "li")
            {
                if let Some(id) = li.value().attr("id") {
                    let content = self.blocks(li);
                    order.push(id.to_string());
                    self.notes.insert(id.to_string(), content);
                }
            }
        }
        let mut body = self.blocks(root);
        // Notes defined but never cited are kept, at the chapter's end,
        // with their label (a link may name them).
        for id in order {
            if !self.cited.contains(&id)
                && let Some(content) = self.notes.remove(&id)
            {
                body.push(json!({"k": "block", "id": id, "c": content}));
            }
        }
        body
    }

    /// The children of a block container: whitespace between blocks is not
    /// text.
    fn blocks(&mut self, el: ElementRef<'_>) -> Vec<Value> {
        let mut out = Vec::new();
        for child in el.children() {
            match child.value() {
                Node::Text(t) if t.trim().is_empty() => {}
                _ => self.node(child, &mut out),
            }
        }
        out
    }

    /// The children of an element whose content is inline.
    fn inline(&mut self, el: ElementRef<'_>) -> Vec<Value> {
        let mut out = Vec::new();
        for child in el.children() {
            self.node(child, &mut out);
        }
        out
    }

    fn node(&mut self, node: ego_tree::NodeRef<'_, Node>, out: &mut Vec<Value>) {
        match node.value() {
            Node::Text(t) => push_text(out, &t.replace('\n', " ")),
            Node::Element(_) => {
                if let Some(el) = ElementRef::wrap(node) {
                    self.element(el, out);
                }
            }
            _ => {}
        }
    }

    fn element(&mut self, el: ElementRef<'_>, out: &mut Vec<Value>) {
        let name = el.value().name();
        let kind = |k: &str, c: Vec<Value>| json!({"k": k, "c": c});
        match name {
            "p" => {
                // An image stands on its own between the paragraph's parts:
                // a figure cannot sit inside a paragraph.
                let mut part = Vec::new();
                for node in self.inline(el) {
                    if node["k"] == "img" {
                        if part
                            .iter()
                            .any(|n: &Value| n.as_str().is_none_or(|t| !t.trim().is_empty()))
                        {
                            out.push(kind("p", std::mem::take(&mut part)));
                        }
                        part.clear();
                        out.push(node);
                    } else {
                        part.push(node);
                    }
                }
                if part
                    .iter()
                    .any(|n| n.as_str().is_none_or(|t| !t.trim().is_empty()))
                {
                    out.push(kind("p", part));
                }
            }
            "em" | "i" => out.push(kind("em", self.inline(el))),
            "strong" | "b" => out.push(kind("strong", self.inline(el))),
            "del" | "strike" => out.push(kind("del", self.inline(el))),
            "u" | "ins" => out.push(kind("u", self.inline(el))),
            "mark" => out.push(kind("mark", self.inline(el))),
            "sub" => out.push(kind("sub", self.inline(el))),
            "code" | "kbd" | "tt" => out.push(json!({"k": "code", "text": text_of(el)})),
            "br" => out.push(json!({"k": "br"})),
            "hr" => out.push(json!({"k": "hr"})),
            "blockquote" => out.push(kind("quote", self.blocks(el))),
            "pre" => out.push(json!({"k": "pre", "text": text_of(el).trim_end_matches('\n')})),
            h if is_heading(h) => {
                let level = h[1..].parse::<u8>().unwrap_or(2).max(2);
                let c = self.inline(el);
                // Only a label links can name, and only once.
                match el.value().attr("id") {
                    Some(id)
                        if self.labels.all.contains_key(id)
                            && self.attached.insert(id.to_string()) =>
                    {
                        out.push(json!({"k": "h", "level": level, "id": id, "c": c}))
                    }
                    _ => out.push(json!({"k": "h", "level": level, "c": c})),
                }
            }
            "sup" if has_class(&el, "footnote-reference") => self.footnote(el, out),
            "sup" => out.push(kind("sup", self.inline(el))),
            "a" => self.link(el, out),
            "ul" | "ol" => out.push(self.list(el)),
            "li" | "dd" | "tr" | "td" | "th" => out.push(kind("p", self.blocks(el))),
            "dt" => out.push(kind("p", vec![kind("strong", self.inline(el))])),
            "img" => self.image(el, out),
            "table" => out.push(self.table(el)),
            "figure" => self.figure(el, out),
            "input" if el.value().attr("type") == Some("checkbox") => {
                let checked = el.value().attr("checked").is_some();
                push_text(out, if checked { "[x] " } else { "[ ] " });
            }
            n if NOT_ON_PAPER.contains(&n) => self.drop(n),
            n if TRANSPARENT.contains(&n) => {
                if has_class(&el, "footnotes") {
                    return;
                }
                out.extend(self.blocks(el));
            }
            _ => out.extend(self.inline(el)),
        }
    }

    fn footnote(&mut self, sup: ElementRef<'_>, out: &mut Vec<Value>) {
        let Some(id) = sup
            .descendants()
            .filter_map(ElementRef::wrap)
            .find_map(|a| a.value().attr("href"))
            .and_then(|h| h.strip_prefix('#'))
        else {
            return;
        };
        if self.cited.contains(id) {
            out.push(json!({"k": "noteref", "id": id}));
        } else if let Some(c) = self.notes.remove(id) {
            self.cited.insert(id.to_string());
            out.push(json!({"k": "note", "id": id, "c": c}));
        }
    }

    fn link(&mut self, a: ElementRef<'_>, out: &mut Vec<Value>) {
        if has_class(&a, "footnote-backref") {
            return;
        }
        let c = self.inline(a);
        let href = a.value().attr("href").unwrap_or("");
        if let Some(target) = href.strip_prefix('#') {
            match self.labels.all.get(target) {
                Some(&page) => out.push(json!({"k": "ref", "to": target, "page": page, "c": c})),
                None => out.extend(c),
            }
        } else if is_web(href) {
            out.push(json!({"k": "url", "url": href, "c": c}));
        } else {
            // Another language's page, a file: nothing to follow on paper.
            out.extend(c);
        }
    }

    fn list(&mut self, el: ElementRef<'_>) -> Value {
        let items: Vec<ElementRef<'_>> = el
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "li")
            .collect();
        let tight = !items.iter().any(|li| {
            li.children()
                .filter_map(ElementRef::wrap)
                .any(|e| e.value().name() == "p")
        });
        let items: Vec<Value> = items
            .into_iter()
            .map(|li| Value::from(self.blocks(li)))
            .collect();
        let start: i64 = el
            .value()
            .attr("start")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1);
        json!({"k": el.value().name(), "tight": tight, "start": start, "items": items})
    }

    /// A label links may name, attached once.
    fn attach(&mut self, id: Option<&str>) -> Option<String> {
        let id = id?;
        (self.labels.all.contains_key(id) && self.attached.insert(id.to_string()))
            .then(|| id.to_string())
    }

    /// A numbered figure (`<figure id><img><figcaption>`): its image with
    /// its caption; anything else in a figure stands as it is.
    fn figure(&mut self, el: ElementRef<'_>, out: &mut Vec<Value>) {
        let img = el
            .children()
            .filter_map(ElementRef::wrap)
            .find(|c| c.value().name() == "img");
        let caption = el
            .children()
            .filter_map(ElementRef::wrap)
            .find(|c| c.value().name() == "figcaption");
        let (Some(img), Some(caption)) = (img, caption) else {
            out.extend(self.blocks(el));
            return;
        };
        let mut image = Vec::new();
        self.image(img, &mut image);
        let caption = self.inline(caption);
        match image.pop() {
            Some(mut node) if node["k"] == "img" => {
                node["k"] = json!("figure");
                node["caption"] = Value::from(caption);
                if let Some(id) = self.attach(el.value().attr("id")) {
                    node["id"] = json!(id);
                }
                out.push(node);
            }
            other => {
                out.extend(other);
                out.push(json!({"k": "p", "c": caption}));
            }
        }
    }

    fn table(&mut self, el: ElementRef<'_>) -> Value {
        let rows: Vec<ElementRef<'_>> = el
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "tr")
            .collect();
        let mut head: Vec<Value> = Vec::new();
        let mut body: Vec<Vec<Value>> = Vec::new();
        let mut align: Vec<&str> = Vec::new();
        for tr in rows {
            let in_head = tr
                .parent()
                .and_then(ElementRef::wrap)
                .is_some_and(|p| p.value().name() == "thead");
            let cells: Vec<ElementRef<'_>> = tr
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .collect();
            let mut row = Vec::new();
            for (i, cell) in cells.iter().enumerate() {
                if align.len() <= i {
                    align.push(alignment(cell));
                }
                row.push(Value::from(self.inline(*cell)));
            }
            if in_head && head.is_empty() {
                head = row;
            } else {
                body.push(row);
            }
        }
        let columns = align.len().max(1);
        align.resize(columns, "l");
        let pad = |mut row: Vec<Value>| {
            row.resize(columns, Value::Array(Vec::new()));
            row
        };
        let head = if head.is_empty() { head } else { pad(head) };
        let rows: Vec<Value> = body.into_iter().map(|r| Value::from(pad(r))).collect();
        let mut node = json!({"k": "table", "align": align, "head": head, "rows": rows});
        if let Some(caption) = el
            .children()
            .filter_map(ElementRef::wrap)
            .find(|c| c.value().name() == "caption")
        {
            node["caption"] = Value::from(self.inline(caption));
            if let Some(id) = self.attach(caption.value().attr("id")) {
                node["id"] = json!(id);
            }
        }
        node
    }

    fn image(&mut self, img: ElementRef<'_>, out: &mut Vec<Value>) {
        let src = img.value().attr("src").unwrap_or("");
        let alt = img.value().attr("alt").unwrap_or("");
        let key = crate::formats::asset_key(src, false).filter(|k| self.assets.contains_key(k));
        match key {
            Some(key) => {
                let index = match self.images.iter().position(|k| *k == key) {
                    Some(i) => i,
                    None => {
                        self.images.push(key);
                        self.images.len() - 1
                    }
                };
                out.push(json!({"k": "img", "img": index, "alt": alt}));
            }
            None => {
                let at = self
                    .unshown
                    .iter()
                    .find(|u| u.text == src)
                    .map_or((0, 0), |u| u.at);
                self.warn(
                    at,
                    format!(
                        "the image `{src}` is not in the book's assets/; the PDF prints its description instead"
                    ),
                );
                if !alt.is_empty() {
                    push_text(out, &format!("[{alt}]"));
                }
            }
        }
    }

    fn drop(&mut self, name: &str) {
        let open = format!("<{name}");
        let at = self
            .unshown
            .iter()
            .find(|u| u.text.to_ascii_lowercase().contains(&open))
            .map_or((0, 0), |u| u.at);
        self.warn(
            at,
            format!("raw HTML `<{name}>` has no equivalent on paper; the PDF leaves it out"),
        );
    }

    fn warn(&mut self, at: (usize, usize), message: String) {
        let d = crate::formats::diagnostic_at(self.path, Some(at), message);
        self.warnings.push(d.warning());
    }
}

use crate::formats::has_class;

fn is_web(href: &str) -> bool {
    let lower = href.get(..8).unwrap_or(href).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

fn alignment(cell: &ElementRef<'_>) -> &'static str {
    let style = cell.value().attr("style").unwrap_or("");
    let align = cell.value().attr("align").unwrap_or("");
    if style.contains("right") || align == "right" {
        "r"
    } else if style.contains("center") || align == "center" {
        "c"
    } else {
        "l"
    }
}

/// All the text under `el`, as written.
fn text_of(el: ElementRef<'_>) -> String {
    el.text().collect()
}

/// Append text, joining it to the text before.
fn push_text(out: &mut Vec<Value>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Value::String(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Value::String(text.to_string()));
    }
}
