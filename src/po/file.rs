//! GNU gettext PO files: written and read by hand, because kitap needs
//! what the PO crates do not give: the previous source (`#| msgid`) that
//! CAT tools show for fuzzy entries, and the line and column of every
//! entry and of every error, so that a translator's broken file is
//! reported as `po/kk/law.po:57:8: error: ...`.

use crate::error::{Diagnostic, SourceText};

/// One entry of a PO file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// Translator comments (`# `), one per line.
    pub comments: Vec<String>,
    /// Extracted comments (`#.`), one per line.
    pub notes: Vec<String>,
    /// References (`#:`).
    pub references: Vec<String>,
    /// Whether the entry is flagged `fuzzy`.
    pub fuzzy: bool,
    /// The previous source text (`#| msgid`), for a fuzzy entry.
    pub previous: Option<String>,
    /// `msgctxt`.
    pub context: Option<String>,
    /// `msgid`.
    pub id: String,
    /// `msgstr`.
    pub translation: String,
    /// 1-based line of the entry's `msgid` keyword (0 when written).
    pub line: usize,
    /// 1-based line and column of its `msgstr` keyword (0 when written).
    pub translation_at: (usize, usize),
}

/// A PO file: its header's fields and its entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// Comment lines above the header (without `# `).
    pub header_comments: Vec<String>,
    /// Header fields (`Language: kk`), in order.
    pub header: Vec<(String, String)>,
    /// The entries after the header.
    pub entries: Vec<Entry>,
}

impl Catalog {
    /// A header field's value.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.header
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The file's text. Long strings are not wrapped (tools read them either
    /// way), so the same catalog always gives the same bytes.
    pub fn write(&self) -> String {
        let mut out = String::new();
        for c in &self.header_comments {
            comment_line(&mut out, "#", c);
        }
        out.push_str("msgid \"\"\nmsgstr \"\"\n");
        for (k, v) in &self.header {
            out.push('"');
            let line = if v.is_empty() {
                format!("{k}: \n")
            } else {
                format!("{k}: {v}\n")
            };
            out.push_str(&escape(&line));
            out.push_str("\"\n");
        }
        for e in &self.entries {
            out.push('\n');
            for c in &e.comments {
                comment_line(&mut out, "#", c);
            }
            for c in &e.notes {
                comment_line(&mut out, "#.", c);
            }
            for r in &e.references {
                comment_line(&mut out, "#:", r);
            }
            if e.fuzzy {
                out.push_str("#, fuzzy\n");
            }
            if let Some(p) = &e.previous {
                out.push_str(&format!("#| msgid \"{}\"\n", escape(p)));
            }
            if let Some(c) = &e.context {
                out.push_str(&format!("msgctxt \"{}\"\n", escape(c)));
            }
            out.push_str(&format!("msgid \"{}\"\n", escape(&e.id)));
            out.push_str(&format!("msgstr \"{}\"\n", escape(&e.translation)));
        }
        out
    }
}

fn comment_line(out: &mut String, mark: &str, text: &str) {
    for line in text.lines() {
        out.push_str(mark);
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// A string as written between quotes in a PO file.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// Which string an entry's quoted lines continue.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Context,
    Id,
    Plural,
    Str,
}

/// The entry being read.
#[derive(Default)]
struct Reading {
    entry: Entry,
    /// Whether it has a keyword yet.
    started: bool,
    /// Whether it has its `msgstr`.
    seen_str: bool,
    /// Whether it is a plural entry (which kitap does not use).
    plural: bool,
}

impl Reading {
    /// End the entry: into `entries`, or an error into `errors`.
    fn finish(&mut self, src: &SourceText, entries: &mut Vec<Entry>, errors: &mut Vec<Diagnostic>) {
        let done = std::mem::take(self);
        if !done.started {
            return;
        }
        let line = done.entry.line;
        if !done.seen_str {
            errors.push(src.error_at_line_col(line, 1, "this entry has no `msgstr`"));
        } else if done.plural {
            errors.push(src.error_at_line_col(
                line,
                1,
                "plural entries (`msgid_plural`) are not used by kitap's PO files",
            ));
        } else {
            entries.push(done.entry);
        }
    }
}

/// Read a PO file. Every problem is reported, at its line and column.
pub fn parse(src: &SourceText) -> Result<Catalog, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut r = Reading::default();
    // Which string a quoted line continues.
    let mut field: Option<Field> = None;
    let text = src.text.strip_prefix('\u{feff}').unwrap_or(&src.text);
    let err = |line: usize, col: usize, msg: String| src.error_at_line_col(line, col, msg);
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('#') {
            if r.started && r.seen_str {
                r.finish(src, &mut entries, &mut errors);
            }
            field = None;
            if let Some(flags) = rest.strip_prefix(',') {
                if flags.split(',').any(|f| f.trim() == "fuzzy") {
                    r.entry.fuzzy = true;
                }
            } else if let Some(prev) = rest.strip_prefix('|') {
                let prev = prev.trim_start();
                let (kw, value) = split_keyword(prev);
                let col = indent + 1;
                let previous = match kw {
                    "msgid" => true,
                    "" => r.entry.previous.is_some(),
                    _ => false,
                };
                match unquote(value.trim()) {
                    Ok(s) if previous => r.entry.previous.get_or_insert_default().push_str(&s),
                    Ok(_) => {}
                    Err(why) => errors.push(err(line_no, col, why)),
                }
            } else if let Some(c) = rest.strip_prefix('.') {
                r.entry.notes.push(c.trim_start().to_string());
            } else if let Some(c) = rest.strip_prefix(':') {
                r.entry.references.push(c.trim().to_string());
            } else if rest.starts_with('~') {
                // An obsolete entry: ignored, as gettext's tools do.
            } else {
                r.entry
                    .comments
                    .push(rest.strip_prefix(' ').unwrap_or(rest).to_string());
            }
            continue;
        }
        let col = indent + 1;
        if trimmed.starts_with('"') {
            let Some(f) = field else {
                errors.push(err(
                    line_no,
                    col,
                    "a quoted string here continues nothing: it must follow `msgctxt`, `msgid` or `msgstr`".into(),
                ));
                continue;
            };
            match unquote(trimmed) {
                Ok(s) => match f {
                    Field::Context => r.entry.context.get_or_insert_default().push_str(&s),
                    Field::Id => r.entry.id.push_str(&s),
                    Field::Str => r.entry.translation.push_str(&s),
                    Field::Plural => {}
                },
                Err(why) => errors.push(err(line_no, col, why)),
            }
            continue;
        }
        let (kw, value) = split_keyword(trimmed);
        let value_col = col + trimmed.len() - value.trim_start().len();
        let next = match kw {
            "msgctxt" => {
                if r.started {
                    r.finish(src, &mut entries, &mut errors);
                }
                r.started = true;
                r.entry.line = line_no;
                Field::Context
            }
            "msgid" => {
                if r.started && (r.seen_str || r.entry.line != 0 && field != Some(Field::Context)) {
                    r.finish(src, &mut entries, &mut errors);
                }
                r.started = true;
                r.entry.line = line_no;
                Field::Id
            }
            "msgid_plural" => {
                r.plural = true;
                Field::Plural
            }
            "msgstr" => {
                if !r.started {
                    errors.push(err(
                        line_no,
                        col,
                        "`msgstr` without a `msgid` before it".into(),
                    ));
                    continue;
                }
                if r.seen_str {
                    errors.push(err(
                        line_no,
                        col,
                        "a second `msgstr` for one `msgid`".into(),
                    ));
                    continue;
                }
                r.seen_str = true;
                r.entry.translation_at = (line_no, col);
                Field::Str
            }
            k if k.starts_with("msgstr[") => {
                r.plural = true;
                r.seen_str = true;
                Field::Plural
            }
            _ => {
                errors.push(err(
                    line_no,
                    col,
                    format!(
                        "expected `msgctxt`, `msgid`, `msgstr`, a quoted string or a comment, found `{}`",
                        crate::error::shorten(trimmed, 40)
                    ),
                ));
                field = None;
                continue;
            }
        };
        field = Some(next);
        match unquote(value.trim()) {
            Ok(s) => match next {
                Field::Context => r.entry.context = Some(s),
                Field::Id => r.entry.id = s,
                Field::Str => r.entry.translation = s,
                _ => {}
            },
            Err(why) => errors.push(err(line_no, value_col, why)),
        }
    }
    r.finish(src, &mut entries, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut catalog = Catalog::default();
    let mut rest = entries.into_iter();
    match rest.next() {
        Some(h) if h.id.is_empty() && h.context.is_none() => {
            catalog.header_comments = h.comments;
            for line in h.translation.lines() {
                if let Some((k, v)) = line.split_once(':') {
                    catalog
                        .header
                        .push((k.trim().to_string(), v.trim().to_string()));
                }
            }
            catalog.entries = rest.collect();
        }
        Some(first) => {
            catalog.entries = std::iter::once(first).chain(rest).collect();
        }
        None => {}
    }
    Ok(catalog)
}

/// `msgid "x"` -> (`msgid`, ` "x"`).
fn split_keyword(line: &str) -> (&str, &str) {
    let end = line
        .find(|c: char| c.is_whitespace() || c == '"')
        .unwrap_or(line.len());
    (&line[..end], &line[end..])
}

/// The text of one quoted PO string, escapes resolved.
fn unquote(s: &str) -> Result<String, String> {
    let inner = s
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .filter(|_| s.len() >= 2)
        .ok_or_else(|| {
            format!(
                "expected a string in double quotes, found `{}`",
                crate::error::shorten(s, 40)
            )
        })?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some('a') => out.push('\u{7}'),
                Some('b') => out.push('\u{8}'),
                Some('f') => out.push('\u{c}'),
                Some('v') => out.push('\u{b}'),
                Some(o) => return Err(format!("unknown escape `\\{o}` in a string")),
                None => return Err("a string ends with a lone `\\`".into()),
            },
            '"' => {
                return Err("a `\"` inside a string must be written `\\\"`".into());
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> SourceText {
        SourceText {
            path: "t.po".into(),
            text: text.into(),
        }
    }

    #[test]
    fn a_written_catalog_reads_back() {
        let c = Catalog {
            header_comments: vec!["A title".into()],
            header: vec![("Language".into(), "kk".into())],
            entries: vec![
                Entry {
                    notes: vec!["## Gaps".into()],
                    references: vec!["site/en/a.md:3".into()],
                    fuzzy: true,
                    previous: Some("Old \"text\"".into()),
                    context: Some("a:p1".into()),
                    id: "New <1>text</1>\\".into(),
                    translation: "Жаңа мәтін".into(),
                    ..Default::default()
                },
                Entry {
                    context: Some("a:p2".into()),
                    id: "Two".into(),
                    ..Default::default()
                },
            ],
        };
        let text = c.write();
        let back = parse(&src(&text)).unwrap();
        assert_eq!(back.field("language"), Some("kk"));
        assert_eq!(back.header_comments, c.header_comments);
        let strip = |e: &Entry| Entry {
            line: 0,
            translation_at: (0, 0),
            ..e.clone()
        };
        assert_eq!(
            back.entries.iter().map(strip).collect::<Vec<_>>(),
            c.entries
        );
        assert_eq!(back.entries[0].line, 11);
        assert_eq!(back.entries[0].translation_at, (12, 1));
    }

    #[test]
    fn strings_continue_over_lines() {
        let c = parse(&src(
            "msgid \"\"\nmsgstr \"\"\n\"Language: ru\\n\"\n\nmsgctxt \"x\"\nmsgid \"\"\n\"a \"\n\"b\"\nmsgstr \"c\"\n\"d\"\n",
        ))
        .unwrap();
        assert_eq!(c.entries[0].id, "a b");
        assert_eq!(c.entries[0].translation, "cd");
    }

    #[test]
    fn broken_files_are_reported_where_they_break() {
        let errs = parse(&src("msgid \"a\"\nmsgstr \"b\n\nmsgid \"c\"\n")).unwrap_err();
        let at: Vec<(usize, usize)> = errs.iter().map(|d| (d.line, d.col)).collect();
        assert_eq!(at, [(2, 8), (4, 1)], "{errs:?}");
        let errs = parse(&src("msgid \"a\"\nmsgstr \"\\q\"\nfoo\n")).unwrap_err();
        assert!(errs[0].message.contains("unknown escape"), "{errs:?}");
        assert!(errs[1].message.contains("found `foo`"), "{errs:?}");
    }
}
