//! A chapter's Markdown as translation units: one block per heading,
//! paragraph, list item, table cell and image description, its inline
//! Markdown (links, emphasis, code, footnote references) turned into
//! numbered placeholders — `<1>paired</1>` around text a translator
//! translates, `<2/>` for what they keep — and back: a block's
//! translation, placeholders filled with the source's markup and its text
//! escaped, so that what a translator types is always text, never
//! Markdown.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::ops::Range;

/// One translation unit of a chapter body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Its name in the chapter (`p3`, `h2`, `li1`, `td4`, `alt1`); empty
    /// for a block with nothing to translate (an image alone).
    pub key: String,
    /// What it is, for aligning a translation with its source (`h2` for a
    /// second-level heading, `p`, `li`, `td`, `alt`).
    pub kind: String,
    /// The part of the chapter it belongs to: `#anchor` or `s3` for a
    /// section (by explicit anchor, else by position), `fn:label` for a
    /// footnote.
    pub group: String,
    /// The heading of its section, for the translator.
    pub section: String,
    /// Its text with placeholders.
    pub text: String,
    /// Where its inline content is in the body (for an image description:
    /// the image's paragraph's).
    pub range: Range<usize>,
    /// Its placeholders; `<n>` is `marks[n - 1]`.
    pub marks: Vec<Mark>,
}

impl Block {
    /// Whether it has text to translate (not only placeholders).
    pub fn translatable(&self) -> bool {
        !self.key.is_empty()
    }
}

/// What a placeholder stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// Paired (`<n>…</n>`: emphasis, a link) or kept whole (`<n/>`).
    pub paired: bool,
    /// The Markdown before the text (`[`, `**`), or the whole markup of a
    /// kept one.
    pub open: String,
    /// The Markdown after the text (`](url)`, `**`).
    pub close: String,
    /// What it is, to match a translation's markup with the source's
    /// (`link:url`, `em`, `code:x`).
    pub sig: String,
    /// For an image: the index (in the chapter's blocks) of its
    /// description's block, which fills `![…]`.
    pub alt: Option<usize>,
    /// What the translator is told it is (`a link to …`).
    pub what: String,
}

/// The dialect as written: smart punctuation is the renderer's business,
/// so quotes reach the translator as typed.
fn options() -> Options {
    let mut o = crate::markdown::options();
    o.remove(Options::ENABLE_SMART_PUNCTUATION);
    o
}

/// An inline element being read.
struct Open {
    mark: usize,
    start: usize,
    end: usize,
    /// End of its last child so far.
    last: Option<usize>,
    kind: OpenKind,
}

#[derive(PartialEq, Eq)]
enum OpenKind {
    /// Emphasis, strong, strikethrough: delimiters of this many bytes.
    Delimited(usize),
    /// A link whose text is translated; `Some` closes it with this
    /// (for links whose text names their reference).
    Link(Option<String>),
    /// An image: its description goes to its own block.
    Image,
    /// Kept whole (an autolink): what is inside is skipped.
    Whole,
}

/// A block being read.
#[derive(Default)]
struct Run {
    start: Option<usize>,
    end: usize,
    text: String,
    marks: Vec<Mark>,
    stack: Vec<Open>,
    /// An image's description being read: (mark, text).
    alt: Option<(usize, String)>,
    /// Descriptions read: (mark, text).
    alts: Vec<(usize, String)>,
}

/// The blocks of a chapter body, in order.
pub fn blocks(body: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut counters: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut containers: Vec<&'static str> = Vec::new();
    let mut heading_id: Option<String> = None;
    let mut heading_at = 0usize;
    let mut headings = 0usize;
    let mut group = "s0".to_string();
    let mut section = String::new();
    let mut saved_group: Option<String> = None;
    let mut in_code = false;
    let mut run = Run::default();

    let close_run = |run: &mut Run,
                     out: &mut Vec<Block>,
                     counters: &mut BTreeMap<&'static str, usize>,
                     containers: &[&'static str],
                     group: &str,
                     section: &str| {
        let r = std::mem::take(run);
        let Some(start) = r.start else { return };
        let kind: String = match containers.last().copied() {
            Some(k) if k.starts_with('h') => k.to_string(),
            Some("td") => "td".into(),
            Some("li") => "li".into(),
            Some("p") if containers.len() >= 2 && containers[containers.len() - 2] == "li" => {
                "li".into()
            }
            _ => "p".into(),
        };
        let text = r.text.trim().to_string();
        let has_words = has_text(&text);
        let counter = if kind.starts_with('h') {
            "h"
        } else {
            static_kind(&kind)
        };
        let key = if has_words {
            let n = counters.entry(counter).or_insert(0);
            *n += 1;
            format!("{counter}{n}")
        } else {
            String::new()
        };
        let at = out.len();
        let mut marks = r.marks;
        // Each image description is a block of its own, after its
        // paragraph's.
        let mut alt_blocks = Vec::new();
        for (i, (mark, alt)) in r.alts.into_iter().enumerate() {
            let n = counters.entry("alt").or_insert(0);
            *n += 1;
            marks[mark].alt = Some(at + 1 + i);
            alt_blocks.push(Block {
                key: format!("alt{n}"),
                kind: "alt".into(),
                group: group.to_string(),
                section: section.to_string(),
                text: alt.split_whitespace().collect::<Vec<_>>().join(" "),
                range: start..r.end,
                marks: Vec::new(),
            });
        }
        out.push(Block {
            key,
            kind,
            group: group.to_string(),
            section: section.to_string(),
            text,
            range: start..r.end,
            marks,
        });
        out.extend(alt_blocks);
    };

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if in_code {
            if matches!(event, Event::End(TagEnd::CodeBlock)) {
                in_code = false;
            }
            continue;
        }
        let inline = is_inline(&event);
        if !inline {
            close_run(
                &mut run,
                &mut out,
                &mut counters,
                &containers,
                &group,
                &section,
            );
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::Start(Tag::Heading { level, id, .. }) => {
                containers.push(heading_kind(level as usize));
                heading_id = id.map(|i| i.to_string());
                heading_at = out.len();
            }
            Event::End(TagEnd::Heading(_)) => {
                containers.pop();
                headings += 1;
                // The heading opens its section: it belongs to it.
                group = match heading_id.take() {
                    Some(id) => format!("#{id}"),
                    None => format!("s{headings}"),
                };
                section = out
                    .get(heading_at)
                    .map(|b| b.text.clone())
                    .unwrap_or_default();
                for b in &mut out[heading_at..] {
                    b.group = group.clone();
                    b.section = section.clone();
                }
            }
            Event::Start(Tag::Paragraph) => containers.push("p"),
            Event::Start(Tag::Item) => containers.push("li"),
            Event::Start(Tag::TableCell) => containers.push("td"),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                containers.push("fn");
                saved_group = Some(std::mem::replace(&mut group, format!("fn:{label}")));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                containers.pop();
                if let Some(g) = saved_group.take() {
                    group = g;
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                containers.pop();
            }
            e if inline => read_inline(&mut run, e, range, body),
            _ => {}
        }
    }
    close_run(
        &mut run,
        &mut out,
        &mut counters,
        &containers,
        &group,
        &section,
    );
    out
}

fn static_kind(kind: &str) -> &'static str {
    match kind {
        "li" => "li",
        "td" => "td",
        _ => "p",
    }
}

fn heading_kind(level: usize) -> &'static str {
    ["h1", "h2", "h3", "h4", "h5", "h6"][level.clamp(1, 6) - 1]
}

fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_) => true,
        Event::Start(t) => matches!(
            t,
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
        ),
        Event::End(t) => matches!(
            t,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

/// Whether a block's text has anything but placeholders and spaces.
fn has_text(text: &str) -> bool {
    tokens(text, usize::MAX)
        .iter()
        .any(|t| matches!(t, Token::Text(s) if !s.trim().is_empty()))
}

fn read_inline(run: &mut Run, event: Event<'_>, range: Range<usize>, body: &str) {
    run.start.get_or_insert(range.start);
    run.end = run.end.max(range.end);
    // Inside an image: its description, as plain text.
    if let Some((mark, alt)) = &mut run.alt {
        match event {
            Event::End(TagEnd::Image) if run.stack.last().is_some_and(|o| o.mark == *mark) => {
                let done = run.alt.take().unwrap_or_default();
                let open = run.stack.pop();
                if let Some(open) = open {
                    finish_image(run, open, done, body);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                alt.push_str(&t);
                if let Some(o) = run.stack.last_mut() {
                    o.last = Some(range.end);
                }
            }
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {
                if let Some(o) = run.stack.last_mut() {
                    o.last = Some(o.last.unwrap_or(0).max(range.end));
                }
            }
        }
        return;
    }
    // Inside an element kept whole: skipped to its end.
    if let Some(o) = run.stack.last()
        && o.kind == OpenKind::Whole
    {
        if matches!(event, Event::End(TagEnd::Link)) {
            run.stack.pop();
        }
        return;
    }
    if !matches!(event, Event::End(_))
        && let Some(o) = run.stack.last_mut()
    {
        o.last = Some(range.end);
    }
    match event {
        Event::Text(t) => run.text.push_str(&t),
        Event::SoftBreak => run.text.push(' '),
        Event::HardBreak => atom(run, "\\\n".into(), "br".into(), "a line break".into()),
        Event::Code(c) => atom(
            run,
            body[range.clone()].to_string(),
            format!("code:{c}"),
            format!("code `{}`", crate::error::shorten(&c, 40)),
        ),
        Event::InlineHtml(h) => atom(
            run,
            body[range.clone()].to_string(),
            format!("html:{h}"),
            format!("HTML `{}`", crate::error::shorten(&h, 40)),
        ),
        Event::FootnoteReference(label) => atom(
            run,
            body[range.clone()].to_string(),
            format!("fn:{label}"),
            format!("a reference to footnote [^{label}]"),
        ),
        Event::Start(Tag::Emphasis)
        | Event::Start(Tag::Strong)
        | Event::Start(Tag::Strikethrough) => {
            let first = body.as_bytes().get(range.start).copied().unwrap_or(b'*');
            let n = body.as_bytes()[range.start..]
                .iter()
                .take_while(|b| **b == first)
                .count();
            let n = match event {
                Event::Start(Tag::Emphasis) => 1,
                Event::Start(Tag::Strong) => 2,
                _ => n.min(2),
            };
            let (sig, what) = match event {
                Event::Start(Tag::Emphasis) => ("em", "emphasis"),
                Event::Start(Tag::Strong) => ("strong", "strong emphasis"),
                _ => ("del", "struck-out text"),
            };
            open(run, range, OpenKind::Delimited(n), sig.into(), what.into());
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            ..
        }) => match link_type {
            LinkType::Autolink | LinkType::Email => {
                let n = run.marks.len() + 1;
                atom(
                    run,
                    body[range.clone()].to_string(),
                    format!("autolink:{dest_url}"),
                    format!("the address {}", crate::error::shorten(&dest_url, 60)),
                );
                run.stack.push(Open {
                    mark: n - 1,
                    start: range.start,
                    end: range.end,
                    last: None,
                    kind: OpenKind::Whole,
                });
            }
            LinkType::Shortcut
            | LinkType::Collapsed
            | LinkType::ShortcutUnknown
            | LinkType::CollapsedUnknown => {
                let close = format!("]({})", destination(&dest_url, &title));
                open(
                    run,
                    range,
                    OpenKind::Link(Some(close)),
                    format!("link:{dest_url}"),
                    format!("a link to {}", crate::error::shorten(&dest_url, 60)),
                );
            }
            _ => open(
                run,
                range,
                OpenKind::Link(None),
                format!("link:{dest_url}"),
                format!("a link to {}", crate::error::shorten(&dest_url, 60)),
            ),
        },
        Event::Start(Tag::Image { dest_url, .. }) => {
            open(
                run,
                range,
                OpenKind::Image,
                format!("img:{dest_url}"),
                format!("the image {}", crate::error::shorten(&dest_url, 60)),
            );
            let n = run.marks.len() - 1;
            run.alt = Some((n, String::new()));
        }
        Event::End(_) => {
            if let Some(o) = run.stack.pop() {
                finish(run, o, body);
            }
        }
        _ => {}
    }
}

/// A link destination as written in `](…)`.
fn destination(url: &str, title: &str) -> String {
    let url = if url.is_empty() || url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    };
    if title.is_empty() {
        url
    } else {
        format!(
            "{url} \"{}\"",
            title.replace('\\', "\\\\").replace('"', "\\\"")
        )
    }
}

fn atom(run: &mut Run, markup: String, sig: String, what: String) {
    run.marks.push(Mark {
        paired: false,
        open: markup,
        close: String::new(),
        sig,
        alt: None,
        what,
    });
    let n = run.marks.len();
    run.text.push_str(&format!("<{n}/>"));
}

fn open(run: &mut Run, range: Range<usize>, kind: OpenKind, sig: String, what: String) {
    run.marks.push(Mark {
        paired: true,
        open: String::new(),
        close: String::new(),
        sig,
        alt: None,
        what,
    });
    let n = run.marks.len();
    if kind != OpenKind::Image {
        run.text.push_str(&format!("<{n}>"));
    }
    run.stack.push(Open {
        mark: n - 1,
        start: range.start,
        end: range.end,
        last: None,
        kind,
    });
}

/// An element's end: its open and close markup from the source.
fn finish(run: &mut Run, o: Open, body: &str) {
    let n = o.mark + 1;
    let whole = body[o.start..o.end].to_string();
    let mark = &mut run.marks[o.mark];
    match (&o.kind, o.last) {
        (OpenKind::Delimited(d), Some(_)) => {
            mark.open = body[o.start..o.start + d].to_string();
            mark.close = body[o.end - d..o.end].to_string();
        }
        (OpenKind::Link(close), Some(last)) => {
            mark.open = "[".into();
            mark.close = close
                .clone()
                .unwrap_or_else(|| body[last..o.end].to_string());
        }
        // Nothing inside: kept whole.
        _ => {
            mark.paired = false;
            mark.open = whole;
            let pair = format!("<{n}></{n}>");
            if let Some(at) = run.text.rfind(&pair) {
                run.text
                    .replace_range(at..at + pair.len(), &format!("<{n}/>"));
            }
            if let Some(parent) = run.stack.last_mut() {
                parent.last = Some(o.end);
            }
            return;
        }
    }
    run.text.push_str(&format!("</{n}>"));
    if let Some(parent) = run.stack.last_mut() {
        parent.last = Some(o.end);
    }
}

/// An image's end: `![` + its description + the rest as written; an image
/// without a description is kept whole.
fn finish_image(run: &mut Run, o: Open, (_, alt): (usize, String), body: &str) {
    let n = o.mark + 1;
    let mark = &mut run.marks[o.mark];
    mark.paired = false;
    match o.last {
        Some(last) if !alt.trim().is_empty() => {
            mark.open = "![".into();
            mark.close = body[last..o.end].to_string();
            run.alts.push((o.mark, alt));
        }
        _ => mark.open = body[o.start..o.end].to_string(),
    }
    run.text.push_str(&format!("<{n}/>"));
    if let Some(parent) = run.stack.last_mut() {
        parent.last = Some(o.end);
    }
}

/// A piece of a block's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// Text.
    Text(&'a str),
    /// `<n>`.
    Open(usize),
    /// `</n>`.
    Close(usize),
    /// `<n/>`.
    Atom(usize),
}

/// `text` split at its placeholders: `<n>`, `</n>`, `<n/>` with `n` from 1
/// to `max`; anything else is text.
pub fn tokens(text: &str, max: usize) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while let Some(p) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + p;
        let rest = &text[at + 1..];
        let close = rest.starts_with('/');
        let digits_at = usize::from(close);
        let digits = rest[digits_at..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let after = &rest[digits_at + digits..];
        let (atom, len) = if after.starts_with("/>") && !close {
            (true, 2)
        } else if after.starts_with('>') {
            (false, 1)
        } else {
            (false, 0)
        };
        let n: usize = rest[digits_at..digits_at + digits].parse().unwrap_or(0);
        if digits == 0 || len == 0 || n == 0 || n > max || digits > 6 {
            i = at + 1;
            continue;
        }
        if from < at {
            out.push(Token::Text(&text[from..at]));
        }
        out.push(match (close, atom) {
            (true, _) => Token::Close(n),
            (false, true) => Token::Atom(n),
            (false, false) => Token::Open(n),
        });
        from = at + 1 + digits_at + digits + len;
        i = from;
    }
    if from < text.len() {
        out.push(Token::Text(&text[from..]));
    }
    out
}

/// Where a block's text goes, for escaping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A paragraph or list item.
    Text,
    /// A heading (`{` would start an attribute list).
    Heading,
    /// A table cell (`|` would end it).
    Cell,
    /// An image description (inside `![…]`).
    Alt,
}

impl Place {
    /// The place of a block of `kind`.
    pub fn of(kind: &str) -> Place {
        match kind {
            "td" => Place::Cell,
            "alt" => Place::Alt,
            k if k.starts_with('h') => Place::Heading,
            _ => Place::Text,
        }
    }
}

/// Check a translation's placeholders against its source block's: each
/// once, pairs opened before they close and nested. `Err` says what is
/// wrong, for the translator.
pub fn check(translation: &str, block: &Block) -> Result<(), String> {
    let max = block.marks.len();
    let mut seen = vec![0usize; max];
    let mut stack: Vec<usize> = Vec::new();
    // Numbers past the source's are reported, not read as text.
    for t in tokens(translation, 999_999) {
        let n = match t {
            Token::Text(_) => continue,
            Token::Open(n) | Token::Close(n) | Token::Atom(n) => n,
        };
        if n > max {
            return Err(format!(
                "placeholder <{n}> is not in the source text (it has {})",
                count_marks(max)
            ));
        }
        let mark = &block.marks[n - 1];
        match t {
            Token::Open(_) | Token::Close(_) if !mark.paired => {
                return Err(format!("<{n}/> ({}) is written as a pair", mark.what));
            }
            Token::Atom(_) if mark.paired => {
                return Err(format!(
                    "<{n}>…</{n}> ({}) is written as <{n}/>; put the words it covers between <{n}> and </{n}>",
                    mark.what
                ));
            }
            Token::Open(_) => {
                seen[n - 1] += 1;
                stack.push(n);
            }
            Token::Close(_) => {
                if stack.last() != Some(&n) {
                    return Err(if stack.contains(&n) {
                        format!("</{n}> closes before the placeholders opened inside it")
                    } else {
                        format!("</{n}> comes before <{n}>")
                    });
                }
                stack.pop();
            }
            _ => seen[n - 1] += 1,
        }
    }
    if let Some(n) = stack.last() {
        return Err(format!("<{n}> is never closed with </{n}>"));
    }
    for (i, count) in seen.iter().enumerate() {
        let n = i + 1;
        let mark = &block.marks[i];
        let shown = if mark.paired {
            format!("<{n}>…</{n}>")
        } else {
            format!("<{n}/>")
        };
        match count {
            0 => {
                return Err(format!(
                    "placeholder {shown} ({}) is missing: keep every placeholder of the source",
                    mark.what
                ));
            }
            1 => {}
            _ => return Err(format!("placeholder {shown} ({}) is used twice", mark.what)),
        }
    }
    Ok(())
}

fn count_marks(n: usize) -> String {
    match n {
        0 => "no placeholders".into(),
        1 => "only <1>".into(),
        n => format!("<1> to <{n}>"),
    }
}

/// A checked translation as Markdown: placeholders filled with the
/// source's markup, image descriptions from `alt(block index)`, text
/// escaped.
pub fn restore(translation: &str, block: &Block, alt: &dyn Fn(usize) -> String) -> String {
    let place = Place::of(&block.kind);
    let mut out = String::new();
    let mut line_start = true;
    for t in tokens(translation.trim(), block.marks.len()) {
        match t {
            Token::Text(s) => {
                let s = s.replace(['\n', '\r'], " ");
                out.push_str(&escape(&s, place, line_start));
                line_start = false;
            }
            Token::Open(n) => {
                out.push_str(&block.marks[n - 1].open);
                line_start = false;
            }
            Token::Close(n) => out.push_str(&block.marks[n - 1].close),
            Token::Atom(n) => {
                let m = &block.marks[n - 1];
                match m.alt {
                    Some(i) => {
                        out.push_str(&m.open);
                        out.push_str(&escape(&alt(i), Place::Alt, false));
                        out.push_str(&m.close);
                    }
                    None => out.push_str(&m.open),
                }
                line_start = m.sig == "br";
            }
        }
    }
    out
}

/// Text as Markdown that reads back as that text.
pub fn escape(text: &str, place: Place, line_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    // Only a paragraph's or list item's line can start a block.
    let mut start = line_start && place == Place::Text;
    while let Some(c) = chars.next() {
        if start {
            if c == ' ' || c == '\t' {
                continue;
            }
            start = false;
            if matches!(c, '#' | '+' | '-' | '=' | '>') {
                out.push('\\');
                out.push(c);
                continue;
            }
            if c.is_ascii_digit() {
                out.push(c);
                while let Some(d) = chars.next_if(char::is_ascii_digit) {
                    out.push(d);
                }
                if let Some(p) = chars.next_if(|p| *p == '.' || *p == ')') {
                    out.push('\\');
                    out.push(p);
                }
                continue;
            }
        }
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '|' if place == Place::Cell => out.push_str("\\|"),
            '{' | '}' if place == Place::Heading => {
                out.push('\\');
                out.push(c);
            }
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&");
            }
            '!' if place != Place::Alt && chars.peek() == Some(&'[') => out.push_str("\\!"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<(String, String)> {
        blocks(body).into_iter().map(|b| (b.key, b.text)).collect()
    }

    #[test]
    fn blocks_have_placeholders_for_inline_markup() {
        let body = "Intro with *stress*, a [link](https://x.org \"T\") and `code`.\n\n## Gaps {#gaps}\n\n- one **two**[^1]\n- ![A chart](assets/a.png)\n\n| a | b |\n|---|---|\n| c | <https://y.org> |\n\n```\nnot text\n```\n\n[^1]: A note.\n";
        assert_eq!(
            texts(body),
            [
                ("p1", "Intro with <1>stress</1>, a <2>link</2> and <3/>."),
                ("h1", "Gaps"),
                ("li1", "one <1>two</1><2/>"),
                ("", "<1/>"),
                ("alt1", "A chart"),
                ("td1", "a"),
                ("td2", "b"),
                ("td3", "c"),
                ("", "<1/>"),
                ("p2", "A note."),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
        let b = blocks(body);
        assert_eq!(b[1].group, "#gaps");
        assert_eq!(b[2].group, "#gaps");
        assert_eq!(b[9].group, "fn:1");
        assert_eq!(b[0].marks[1].close, "](https://x.org \"T\")");
        assert_eq!(b[0].marks[2].open, "`code`");
        assert_eq!(b[3].marks[0].alt, Some(4));
    }

    #[test]
    fn a_translation_is_restored_with_the_source_markup_and_escaped() {
        let body = "See [the *law*](@law#a) and `x`.\n";
        let b = &blocks(body)[0];
        assert_eq!(b.text, "See <1>the <2>law</2></1> and <3/>.");
        let none = |_| String::new();
        assert_eq!(
            restore("<3/> and <1><2>закон</2> *1*</1>", b, &none),
            "`x` and [*закон* \\*1\\*](@law#a)"
        );
        assert_eq!(
            restore("1. # <3/><1>a<2>b</2></1>", b, &none),
            "1\\. # `x`[a*b*](@law#a)"
        );
        assert!(check("<1><2>a</2></1> <3/>", b).is_ok());
        for (bad, why) in [
            ("<1>a</1> <3/>", "<2>…</2> (emphasis) is missing"),
            ("<1><2>a</1></2> <3/>", "closes before"),
            ("<1><2>a</2></1> <3/> <4/>", "<4> is not in the source"),
            ("<1><2>a</2></1> <3>x</3>", "written as a pair"),
            ("<1/><2>a</2> <3/>", "is written as <1/>"),
            ("<1><2>a</2></1> <3/><3/>", "used twice"),
            ("<1><2>a</2> <3/>", "never closed"),
        ] {
            let e = check(bad, b).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn restored_text_reads_back_as_typed() {
        for text in [
            "a * b _c_ [d] <e> `f` \\ ~g~ &amp; !x",
            "# not a heading",
            "- not a list",
            "12. not a list",
        ] {
            let md = escape(text, Place::Text, true);
            let b = blocks(&md);
            assert_eq!(b.len(), 1, "{md}");
            assert_eq!(b[0].text, text, "{md}");
        }
        let md = format!("| {} |\n|---|\n", escape("a | b", Place::Cell, true));
        assert_eq!(blocks(&md)[0].text, "a | b");
    }
}
