//! Errors and diagnostics.
//!
//! Owns the library's error type ([`Error`]), the [`Diagnostic`] every content
//! problem becomes (path, line, column, message, the offending source line),
//! and [`SourceText`], which turns byte offsets into line and column. Nothing
//! here prints: `main` renders a report once, with [`Diagnostic::render`].

use std::fmt;
use std::path::PathBuf;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build fails.
    Error,
    /// The build goes on; the message is printed.
    Warning,
}

/// One problem in the content, pointing into a source file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Path as shown to the user (relative to the workspace, `/`-separated).
    pub path: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub col: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The source line the position points into, when known: the whole
    /// line, or at most [`EXCERPT_CHARS`] characters of it around the
    /// column, with `…` where it was cut (see [`SourceText::excerpt`]).
    pub source_line: Option<String>,
    /// The column of the position in `source_line` (1-based, in
    /// characters; 0 when unknown): `col`, unless the line was cut.
    #[serde(skip)]
    pub source_col: usize,
}

/// At most this many characters of a source line are shown under a
/// diagnostic (a window around the column), so that an error costs the
/// same on a line of a megabyte as on a line of ten words.
pub const EXCERPT_CHARS: usize = 120;

/// Of [`EXCERPT_CHARS`], at most this many come before the column.
const EXCERPT_BEFORE: usize = 60;

/// Diagnostics of one kind in one file shown in a report before the rest
/// are only counted ([`render_report`]).
pub const REPEATS_SHOWN: usize = 20;

impl Diagnostic {
    /// An error about a whole file (no position inside it).
    pub fn file_error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            col: 0,
            message: message.into(),
            source_line: None,
            source_col: 0,
        }
    }

    /// An error at a position; the source line is attached later
    /// (`load::attach_source_lines`) by whoever still has the file.
    pub fn error_at_position(
        path: impl Into<String>,
        (line, col): (usize, usize),
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            line,
            col,
            ..Diagnostic::file_error(path, message)
        }
    }

    /// The same diagnostic as a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Sort key: file, then line, then column.
    pub fn sort_key(&self) -> (&str, usize, usize) {
        (&self.path, self.line, self.col)
    }

    fn kind_word(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// `path:line:col: error: message`, then the source line and a caret.
    /// Control characters in the path, the message and the source line are
    /// shown escaped (`\u{1b}`), so none reaches the terminal raw.
    pub fn render(&self) -> String {
        let kind = self.kind_word();
        let path = visible(&self.path);
        let message = visible(&self.message);
        let mut out = match (self.line, self.col) {
            (0, _) => format!("{path}: {kind}: {message}"),
            (l, 0) => format!("{path}:{l}: {kind}: {message}"),
            (l, c) => format!("{path}:{l}:{c}: {kind}: {message}"),
        };
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string();
            let (shown, pad) = visible_line(src, self.source_col);
            out.push_str(&format!("\n {gutter} | {shown}"));
            if self.source_col > 0 {
                out.push_str(&format!("\n {} | {pad}^", " ".repeat(gutter.len())));
            }
        }
        out
    }

    /// What diagnostics of the same kind share: severity and message, with
    /// every `quoted` part (a name, a URL) left out.
    fn kind(&self) -> (Severity, String) {
        let mut kind = String::with_capacity(self.message.len());
        for (i, part) in self.message.split('`').enumerate() {
            if i > 0 {
                kind.push('`');
            }
            if i % 2 == 0 {
                kind.push_str(part);
            } else {
                kind.push('…');
            }
        }
        (self.severity, kind)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// Sort diagnostics by file, line and column (stable, so equal keys keep order).
pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// A report of sorted diagnostics, one rendered block each, except that of
/// each kind of message in each file only the first [`REPEATS_SHOWN`] are
/// shown: the rest are counted in one line after that file's diagnostics,
/// which quotes the first of them
/// (`site/en/01-a.md: and 9,980 more errors like: link to `@nope20`: …`).
pub fn render_report(diags: &[Diagnostic]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < diags.len() {
        let path = &diags[i].path;
        let end = i + diags[i..].iter().take_while(|d| &d.path == path).count();
        // Kinds in the order first seen: how many of each, and the first
        // not shown.
        let mut seen: Vec<(usize, Option<&Diagnostic>)> = Vec::new();
        let mut index: std::collections::HashMap<(Severity, String), usize> =
            std::collections::HashMap::new();
        for d in &diags[i..end] {
            let k = *index.entry(d.kind()).or_insert_with(|| {
                seen.push((0, None));
                seen.len() - 1
            });
            let (n, first_hidden) = &mut seen[k];
            *n += 1;
            if *n <= REPEATS_SHOWN {
                out.push(d.render());
            } else if first_hidden.is_none() {
                *first_hidden = Some(d);
            }
        }
        for (n, first_hidden) in seen {
            if let Some(d) = first_hidden {
                out.push(format!(
                    "{}: and {} more {}s like: {}",
                    visible(path),
                    thousands(n - REPEATS_SHOWN),
                    d.kind_word(),
                    visible(&d.message)
                ));
            }
        }
        i = end;
    }
    out
}

/// `9990` as `9,990`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Characters shown escaped in a report: control characters (C0, DEL, C1:
/// terminal escape sequences start with them) and the bidirectional
/// embeddings, overrides and isolates, which reorder what a line seems to say.
fn is_hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with [`is_hidden`] characters escaped (`\n`, `\u{1b}`).
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hidden(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A source line as shown: hidden characters escaped except tabs (which
/// keep the caret aligned), and the padding that puts a caret under
/// 1-based column `col`.
fn visible_line(line: &str, col: usize) -> (String, String) {
    let mut shown = String::with_capacity(line.len());
    let mut pad = String::new();
    for (i, c) in line.chars().enumerate() {
        let width = if c == '\t' {
            shown.push('\t');
            0
        } else if is_hidden(c) {
            shown.extend(c.escape_default());
            c.escape_default().count()
        } else {
            shown.push(c);
            1
        };
        if i + 1 < col {
            if c == '\t' {
                pad.push('\t');
            } else {
                pad.extend(std::iter::repeat_n(' ', width));
            }
        }
    }
    (shown, pad)
}

/// A source file's text with its display path; maps byte offsets to positions.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Path as shown to the user.
    pub path: String,
    /// The text, BOM removed (line endings kept as in the file).
    pub text: String,
}

impl SourceText {
    /// Positions of many offsets in one pass when they come in order.
    pub fn locator(&self) -> Locator<'_> {
        Locator {
            src: self,
            offset: 0,
            line: 1,
            line_start: 0,
            col: 1,
        }
    }

    /// An error at a known line and column (its source line found by
    /// reading the text up to it: for many diagnostics of one file, use
    /// [`SourceText::attach_excerpts`], which reads it once).
    pub fn error_at_line_col(
        &self,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let mut d = Diagnostic {
            severity: Severity::Error,
            line,
            col,
            ..Diagnostic::file_error(self.path.clone(), message)
        };
        self.attach_excerpts([&mut d]);
        d
    }

    /// Give each diagnostic with a line its source excerpt, walking the
    /// text once (in order of line and column, whatever the order given).
    /// A line or column past the end points at the end.
    pub fn attach_excerpts<'d>(&self, diags: impl IntoIterator<Item = &'d mut Diagnostic>) {
        let mut diags: Vec<&mut Diagnostic> = diags.into_iter().filter(|d| d.line > 0).collect();
        diags.sort_by_key(|d| (d.line, d.col));
        let text = &self.text;
        let mut newlines = memchr::memchr_iter(b'\n', text.as_bytes());
        // The line reached, its start, and a column on it with its offset.
        let (mut line, mut line_start) = (1, 0);
        let (mut col, mut at) = (1, 0);
        for d in diags {
            while line < d.line {
                match newlines.next() {
                    Some(nl) => {
                        line += 1;
                        line_start = nl + 1;
                        (col, at) = (1, line_start);
                    }
                    None => break,
                }
            }
            if line < d.line {
                // Past the last line: nothing to show.
                continue;
            }
            let want = d.col.max(1);
            if want < col {
                (col, at) = (1, line_start);
            }
            for c in text[at..].chars() {
                if col >= want || c == '\n' {
                    break;
                }
                col += 1;
                at += c.len_utf8();
            }
            let (excerpt, caret) = self.excerpt(line_start, at);
            d.source_line = Some(excerpt);
            d.source_col = if d.col > 0 { caret } else { 0 };
        }
    }

    /// The line starting at byte `line_start` around byte `at` on it: the
    /// whole line without its ending if it is short, else a window of at
    /// most [`EXCERPT_CHARS`] characters with `…` where it was cut; and the
    /// 1-based column of `at` in what is returned. Costs the window, not
    /// the line.
    pub fn excerpt(&self, line_start: usize, at: usize) -> (String, usize) {
        let text = &self.text;
        let at = floor_char_boundary(text, at.min(text.len())).max(line_start);
        let mut start = at;
        let mut before = 0;
        for (i, _) in text[line_start..at].char_indices().rev() {
            if before == EXCERPT_BEFORE {
                break;
            }
            start = line_start + i;
            before += 1;
        }
        let mut end = at;
        let mut cut_after = false;
        for (taken, c) in (before..).zip(text[at..].chars()) {
            if c == '\n' {
                break;
            }
            if taken == EXCERPT_CHARS {
                cut_after = true;
                break;
            }
            end += c.len_utf8();
        }
        let mut window = &text[start..end];
        if !cut_after {
            window = window.trim_end_matches('\r');
        }
        let cut_before = start > line_start;
        let mut out = String::with_capacity(window.len() + 6);
        if cut_before {
            out.push('…');
        }
        out.push_str(window);
        if cut_after {
            out.push('…');
        }
        (out, before + 1 + usize::from(cut_before))
    }
}

/// Turns byte offsets into (line, column); cheap for increasing offsets
/// (it walks on from the last one, counting each character once), correct
/// for any.
#[derive(Debug)]
pub struct Locator<'a> {
    src: &'a SourceText,
    /// The last offset asked for, its line, that line's start, and its
    /// column.
    offset: usize,
    line: usize,
    line_start: usize,
    col: usize,
}

impl Locator<'_> {
    /// 1-based (line, column in characters) of a byte offset.
    pub fn position(&mut self, offset: usize) -> (usize, usize) {
        let text = &self.src.text;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        if offset < self.line_start {
            (self.offset, self.line, self.line_start, self.col) = (0, 1, 0, 1);
        } else if offset < self.offset {
            // Back on the same line: count from its start.
            (self.offset, self.col) = (self.line_start, 1);
        }
        let mut counted = self.offset;
        for i in memchr::memchr_iter(b'\n', &text.as_bytes()[self.offset..offset]) {
            self.line += 1;
            self.line_start = self.offset + i + 1;
            counted = self.line_start;
            self.col = 1;
        }
        self.col += text[counted..offset].chars().count();
        self.offset = offset;
        (self.line, self.col)
    }

    /// An error at a byte offset, with its source excerpt.
    pub fn error_at(&mut self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.position(offset);
        let (excerpt, caret) = self.src.excerpt(self.line_start, self.offset);
        Diagnostic {
            line,
            col,
            source_line: Some(excerpt),
            source_col: caret,
            ..Diagnostic::file_error(self.src.path.clone(), message)
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The most characters of a name or URL a message quotes ([`shorten`]).
pub const QUOTED: usize = 80;

/// `s`, or its first `max` characters and `…` when it is longer: for names
/// and URLs quoted in messages, so a message stays short whatever it quotes.
pub fn shorten(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(s),
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…", &s[..cut])),
    }
}

/// Everything that can stop kitap.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the content: all of them, sorted by file and line.
    #[error("{} error(s) in the content", .0.iter().filter(|d| d.is_error()).count())]
    Content(Vec<Diagnostic>),
    /// A file or folder could not be read or written.
    #[error("{}", path.display())]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The output folder is not one kitap may replace.
    #[error("refusing to write to {}: {reason}", path.display())]
    UnsafeOutput {
        /// The folder.
        path: PathBuf,
        /// Why it is refused.
        reason: String,
    },
    /// A request that cannot be carried out as asked (bad argument).
    #[error("{0}")]
    Usage(String),
    /// The workspace has no `site/` folder.
    #[error("{} has no site/ folder (use --root to name the workspace)", .0.display())]
    NoSite(PathBuf),
    /// No workspace in a folder or any folder above it.
    #[error("no kitap workspace (a folder with site/site.yaml) in {} or any folder above it; run kitap from inside one, name one with --root, or make one with `kitap init`", .0.display())]
    NoWorkspace(PathBuf),
    /// A template failed to compile or render.
    #[error("template {name}")]
    Template {
        /// Template name.
        name: String,
        /// The cause, with minijinja's own line information.
        #[source]
        source: minijinja::Error,
    },
}

impl Error {
    /// What to print for this error: for content errors every diagnostic
    /// ([`render_report`]: repeats counted, not shown); otherwise `error: `,
    /// the message and each of its causes once
    /// (`error: site/assets/a.png: Permission denied (os error 13)`).
    /// Control characters are shown escaped.
    pub fn render(&self) -> String {
        if let Error::Content(diags) = self {
            return render_report(diags).join("\n");
        }
        let mut msg = format!("error: {self}");
        let mut source = std::error::Error::source(self);
        while let Some(s) = source {
            let cause = format!(": {s}");
            if !msg.ends_with(&cause) {
                msg.push_str(&cause);
            }
            source = s.source();
        }
        visible(&msg).into_owned()
    }

    /// Wrap an I/O error with its path.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> SourceText {
        SourceText {
            path: "site/en/01-a.md".into(),
            text: text.into(),
        }
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let s = src("---\nқазақ [x](@nope)\n");
        let off = s.text.find("[x]").unwrap();
        assert_eq!(s.locator().position(off), (2, 7));
    }

    #[test]
    fn a_locator_gives_the_same_positions_in_any_order() {
        let s = src("a\nбб [x]\n\nc [y]\n");
        let offsets: Vec<usize> = (0..=s.text.len()).collect();
        let expected: Vec<(usize, usize)> = offsets
            .iter()
            .map(|&o| {
                let before = &s.text[..s.text.floor_char_boundary(o)];
                let line = before.matches('\n').count() + 1;
                let start = before.rfind('\n').map_or(0, |i| i + 1);
                (line, before[start..].chars().count() + 1)
            })
            .collect();
        let mut forward = s.locator();
        let got: Vec<_> = offsets.iter().map(|&o| forward.position(o)).collect();
        assert_eq!(got, expected);
        let mut backward = s.locator();
        let got: Vec<_> = offsets
            .iter()
            .rev()
            .map(|&o| backward.position(o))
            .collect();
        assert_eq!(got, expected.into_iter().rev().collect::<Vec<_>>());
    }

    #[test]
    fn render_shows_line_and_caret() {
        let s = src("a\r\nbad link here\r\n");
        let d = s
            .locator()
            .error_at(s.text.find("link").unwrap(), "no such chapter");
        assert_eq!(
            d.render(),
            "site/en/01-a.md:2:5: error: no such chapter\n 2 | bad link here\n   |     ^"
        );
    }

    #[test]
    fn excerpts_from_line_and_column_match_those_from_offsets_in_any_order() {
        let s = src("a\r\nбб [x]\n\nc [y]\n");
        let offsets: Vec<usize> = (0..=s.text.len())
            .filter(|&o| s.text.is_char_boundary(o))
            .collect();
        let mut locator = s.locator();
        let expected: Vec<Diagnostic> = offsets.iter().map(|&o| locator.error_at(o, "m")).collect();
        let mut got: Vec<Diagnostic> = expected
            .iter()
            .rev()
            .map(|d| Diagnostic::error_at_position(d.path.clone(), (d.line, d.col), "m"))
            .collect();
        s.attach_excerpts(&mut got);
        got.reverse();
        assert_eq!(got, expected);
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_column() {
        let line = format!("{}[x](@nope){}", "а".repeat(500), "b".repeat(500));
        let s = src(&format!("one\n{line}\n"));
        let d = s.error_at_line_col(2, 501, "no such chapter");
        let shown = d.source_line.clone().unwrap();
        assert_eq!(shown.chars().count(), 2 + EXCERPT_CHARS, "{shown}");
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        let from_caret: String = shown.chars().skip(d.source_col - 1).take(10).collect();
        assert_eq!(from_caret, "[x](@nope)");
        let rendered = d.render();
        let caret_line = rendered.lines().nth(2).unwrap();
        assert_eq!(caret_line.chars().count(), 5 + d.source_col, "{rendered}");
        // Near the start of the line: no cut before, and a short line whole.
        let d = s.error_at_line_col(2, 3, "m");
        assert_eq!(d.source_col, 3);
        assert!(!d.source_line.unwrap().starts_with('…'));
        assert_eq!(
            s.error_at_line_col(1, 2, "m").source_line.as_deref(),
            Some("one")
        );
    }

    #[test]
    fn a_report_counts_repeats_of_a_kind_per_file() {
        let mut diags: Vec<Diagnostic> = (0..30)
            .map(|i| Diagnostic::error_at_position("a.md", (i + 1, 1), format!("link to `@n{i}`")))
            .collect();
        diags.push(Diagnostic::error_at_position("a.md", (40, 1), "other"));
        diags.extend((0..25).map(|i| {
            Diagnostic::error_at_position("b.md", (i + 1, 1), format!("link to `@n{i}`")).warning()
        }));
        let report = render_report(&diags);
        assert_eq!(report.len(), 20 + 1 + 1 + 20 + 1, "{report:#?}");
        assert_eq!(report[21], "a.md: and 10 more errors like: link to `@n20`");
        assert_eq!(report[42], "b.md: and 5 more warnings like: link to `@n20`");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn an_io_error_shows_its_cause_once_and_no_raw_control_characters() {
        let e = Error::io(
            "site/a\nb\u{1b}[2J.png",
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        assert_eq!(
            e.render(),
            "error: site/a\\nb\\u{1b}[2J.png: permission denied"
        );
    }

    #[test]
    fn offsets_inside_a_character_do_not_panic() {
        let s = src("ә");
        assert_eq!(s.locator().position(1), (1, 1));
    }
}
