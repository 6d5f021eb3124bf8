//! The blocks of the browser stemmers (`stem-kk.js`, `stem-ru.js`) that
//! are generated from the Rust tables ([`super::kk_browser`],
//! [`super::ru_browser`]): finding a block between its marker lines, and the
//! test that the file holds what the tables give (rewriting it with
//! `KITAP_BLESS=1`).

/// The last line of every generated block (without its indentation).
pub const END: &str = "/* end generated */";

/// The indentation of a block (it sits inside its file's IIFE).
const INDENT: &str = "  ";

/// A JavaScript string literal (JSON's double-quoted string is one).
pub fn js_str(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// The block's text: each line indented and ending in `\n`.
pub fn indented(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{INDENT}{l}\n")).collect()
}

/// The byte range of the block in `js`: from the start of the line holding
/// `start` to the end of the first line after it holding `end` (its `\n`
/// included).
pub fn block_range(js: &str, start: &str, end: &str) -> Result<std::ops::Range<usize>, String> {
    let line_start = |at: usize| js[..at].rfind('\n').map_or(0, |i| i + 1);
    let from = js
        .find(start)
        .map(line_start)
        .ok_or_else(|| format!("no line `{start}`"))?;
    if js.matches(start).count() > 1 {
        return Err(format!("the line `{start}` occurs twice"));
    }
    let end_at = js[from..]
        .find(end)
        .map(|i| from + i)
        .ok_or_else(|| format!("no line `{end}` after the start line"))?;
    let to = js[end_at..].find('\n').map_or(js.len(), |i| end_at + i + 1);
    Ok(from..to)
}

/// A generated block: where it is and what makes it.
pub struct Block<'a> {
    /// The JavaScript file, from the crate root.
    pub js_path: &'a str,
    /// The Rust file whose tables it is made from, from the crate root.
    pub source: &'a str,
    /// The module that writes it, from the crate root.
    pub writer: &'a str,
    /// Its first and last lines (without indentation).
    pub start: &'a str,
    pub end: &'a str,
    /// The command that rewrites it.
    pub bless: &'a str,
}

impl Block<'_> {
    /// Panics unless the file's block is `want`; with `KITAP_BLESS=1`
    /// rewrites the block instead.
    pub fn check(&self, want: &str) {
        let Block {
            js_path,
            source,
            writer,
            bless,
            ..
        } = *self;
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(js_path);
        let js = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{js_path}: {e}"));
        let range = block_range(&js, self.start, self.end).unwrap_or_else(|e| {
            panic!(
                "{js_path}: {e}.  Put the two marker lines around the tables \
                 (see {writer}), then run `{bless}`."
            )
        });
        let have = &js[range.clone()];
        if have == want {
            return;
        }
        if std::env::var_os("KITAP_BLESS").is_some_and(|v| v == "1") {
            let mut new = js.clone();
            new.replace_range(range, want);
            std::fs::write(&path, new).unwrap_or_else(|e| panic!("{js_path}: {e}"));
            eprintln!("rewrote the generated block of {js_path}");
            return;
        }
        let first = have
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(have.lines().count().min(want.lines().count()));
        let line_no = js[..range.start].lines().count() + first + 1;
        panic!(
            "the generated block of {js_path} differs from the tables in {source} \
             ({source} is the source; do not edit the block by hand).\n\
             First difference at {js_path}:{line_no}:\n  file:      {:?}\n  generated: {:?}\n\
             Regenerate it with:\n    {bless}",
            have.lines().nth(first).unwrap_or("<end of block>"),
            want.lines().nth(first).unwrap_or("<end of block>"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_range_finds_the_marker_lines() {
        let (s, e) = ("/* start */", "/* end */");
        let js = format!("a\n  {s}\n  var X = 1;\n  {e}\nb\n");
        let r = block_range(&js, s, e).unwrap();
        assert_eq!(&js[r], format!("  {s}\n  var X = 1;\n  {e}\n"));
        assert!(block_range("a\nb\n", s, e).is_err());
        assert!(block_range(&format!("{s}\n"), s, e).is_err());
        assert!(block_range(&format!("{s}\n{e}\n{s}\n{e}\n"), s, e).is_err());
    }
}
