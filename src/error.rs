//! Errors and diagnostics.
//!
//! Owns the library's error type ([`Error`]), the [`Diagnostic`] every content
//! problem becomes (path, line, column, message, the offending source line),
//! and [`SourceText`], which turns byte offsets into line and column. Nothing
//! here prints: `main` renders a report once, with [`Diagnostic::render`].

use std::fmt;
use std::path::PathBuf;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
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
    /// The source line the position points into, when known.
    pub source_line: Option<String>,
}

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

    /// `path:line:col: error: message`, then the source line and a caret.
    pub fn render(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = match (self.line, self.col) {
            (0, _) => format!("{}: {kind}: {}", self.path, self.message),
            (l, 0) => format!("{}:{l}: {kind}: {}", self.path, self.message),
            (l, c) => format!("{}:{l}:{c}: {kind}: {}", self.path, self.message),
        };
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string();
            out.push_str(&format!("\n {gutter} | {src}"));
            if self.col > 0 {
                let pad: String = src
                    .chars()
                    .take(self.col - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                out.push_str(&format!("\n {} | {pad}^", " ".repeat(gutter.len())));
            }
        }
        out
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
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> Option<String> {
        self.text
            .split('\n')
            .nth(line.checked_sub(1)?)
            .map(|l| l.trim_end_matches('\r').to_string())
    }

    /// An error at a known line and column.
    pub fn error_at_line_col(
        &self,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: self.path.clone(),
            line,
            col,
            message: message.into(),
            source_line: self.line_text(line),
        }
    }
}

/// Turns byte offsets into (line, column); cheap for increasing offsets
/// (it walks on from the last one), correct for any.
#[derive(Debug)]
pub struct Locator<'a> {
    src: &'a SourceText,
    offset: usize,
    line: usize,
    line_start: usize,
}

impl Locator<'_> {
    /// 1-based (line, column in characters) of a byte offset.
    pub fn position(&mut self, offset: usize) -> (usize, usize) {
        let text = &self.src.text;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        if offset < self.offset {
            (self.offset, self.line, self.line_start) = (0, 1, 0);
        }
        for i in memchr::memchr_iter(b'\n', &text.as_bytes()[self.offset..offset]) {
            self.line += 1;
            self.line_start = self.offset + i + 1;
        }
        self.offset = offset;
        (self.line, text[self.line_start..offset].chars().count() + 1)
    }

    /// An error at a byte offset.
    pub fn error_at(&mut self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.position(offset);
        self.src.error_at_line_col(line, col, message)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Everything that can stop kitap.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the content: all of them, sorted by file and line.
    #[error("{} error(s) in the content", .0.iter().filter(|d| d.is_error()).count())]
    Content(Vec<Diagnostic>),
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
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
    /// A template failed to compile or render.
    #[error("template {name}: {source}")]
    Template {
        /// Template name.
        name: String,
        /// The cause, with minijinja's own line information.
        #[source]
        source: minijinja::Error,
    },
}

impl Error {
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
    fn offsets_inside_a_character_do_not_panic() {
        let s = src("ә");
        assert_eq!(s.locator().position(1), (1, 1));
    }
}
