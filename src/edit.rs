//! Commands that change the sources on the editors' behalf: `kitap new
//! chapter` and `kitap translated`. They sit on top of the pipeline (they run
//! a build to know the book) and write only the chapter files they name,
//! atomically (a temp file beside it, then a rename). Before the rename the
//! temp file is read back and its front matter parsed: a file that would not
//! read as intended is never put in place, and the command fails.

use crate::build::{BuildOptions, build};
use crate::error::{Error, Result, SourceText};
use crate::frontmatter::{self, FrontMatter};
use crate::lang::{ChapterId, Lang};
use std::fs;
use std::path::{Path, PathBuf};

/// A refusal that is the user's to fix (exit code 2).
fn usage(path: &Path, reason: impl Into<String>) -> Error {
    Error::Usage(format!("{}: {}", path.display(), reason.into()))
}

/// The workspace built in memory, drafts included (an edit may concern one).
fn whole_book(root: &Path) -> Result<crate::build::Built> {
    build(
        &BuildOptions {
            root: root.to_path_buf(),
            drafts: true,
            ..Default::default()
        },
        &crate::output::Discard,
    )
}

/// Write `translation_of: <current source version>` into the front matter of
/// `lang`'s translation of `id`, changing nothing else. Returns the file and
/// the version written.
pub fn stamp_translation(root: &Path, lang: &str, id: &str) -> Result<(PathBuf, String)> {
    let built = whole_book(root)?;
    let book = &built.book;
    let site = root.join("site");
    let lang = book.config.lang(lang).cloned().ok_or_else(|| {
        usage(
            &site,
            format!("`{lang}` is not one of the site's languages"),
        )
    })?;
    let cid =
        ChapterId::parse(id).ok_or_else(|| usage(&site, format!("`{id}` is not a chapter id")))?;
    let default = &book.config.default_language;
    if lang == *default {
        return Err(usage(
            &site,
            format!("`{lang}` is the source language; only translations are stamped"),
        ));
    }
    let source = book.translation(default, &cid).ok_or_else(|| {
        usage(
            &site,
            format!("no chapter `{id}` in the source language `{default}`"),
        )
    })?;
    let tr = book
        .translation(&lang, &cid)
        .ok_or_else(|| usage(&site, format!("no `{lang}` translation of `{id}` yet")))?;
    let path = root.join(&tr.display_path);
    let text = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let stamped = set_front_matter_key(&text, "translation_of", &source.version)
        .ok_or_else(|| usage(&path, "the file has no front matter"))?;
    let version = &source.version;
    let expected = FrontMatter {
        translation_of: Some(version.clone()),
        ..tr.front.clone()
    };
    write_atomic(&path, stamped.as_bytes(), |fm| {
        if *fm == expected {
            return Ok(());
        }
        Err(match &fm.translation_of {
            Some(v) if v != version => format!(
                "after the edit `translation_of` would read `{v}`, not `{version}` (is it written over several lines?)"
            ),
            _ => "the edit would change other keys of the front matter".to_string(),
        })
    })
    .map_err(|e| match e {
        Refused::Io(e) => e,
        Refused::Check(why) => usage(
            &path,
            format!("not stamped: {why}; write `translation_of: {version}` on one line by hand"),
        ),
    })?;
    Ok((path, version.clone()))
}

/// Set `key: value` in a file's front matter: replace the key's line (and
/// the indented lines that continue its value, as in `key: >` or `key: |`)
/// or add it before the closing `---`. Keeps the BOM and line endings.
pub fn set_front_matter_key(text: &str, key: &str, value: &str) -> Option<String> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let eol = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<&str> = body.split_inclusive('\n').collect();
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return None;
    }
    let close = lines.iter().skip(1).position(|l| l.trim_end() == "---")? + 1;
    let new_line = format!("{key}: {value}{eol}");
    let prefix = format!("{key}:");
    match lines[1..close].iter().position(|l| l.starts_with(&prefix)) {
        Some(i) => {
            let at = i + 1;
            let continued = continuation_lines(&lines[at + 1..close]);
            lines.splice(at..=at + continued, [new_line.as_str()]);
        }
        None => lines.insert(close, &new_line),
    }
    Some(format!("{bom}{}", lines.concat()))
}

/// How many of `lines` (those after a top-level key's line) continue its
/// value: indented lines, and blank lines between them.
fn continuation_lines(lines: &[&str]) -> usize {
    let mut last = 0;
    for (n, line) in lines.iter().enumerate() {
        if line.starts_with([' ', '\t']) && !line.trim().is_empty() {
            last = n + 1;
        } else if !line.trim().is_empty() {
            break;
        }
    }
    last
}

/// Create `site/<lang>/<NN>-<name>.md` in every language, numbered after the
/// last chapter, so the site builds cleanly at once. Refuses to overwrite.
pub fn new_chapter(root: &Path, name: &str) -> Result<Vec<PathBuf>> {
    let site = root.join("site");
    let id = ChapterId::parse(name).ok_or_else(|| {
        let chars = name.chars().count();
        let why = if chars > ChapterId::MAX_LEN {
            format!(
                "a chapter name is at most {} characters long (this one has {chars})",
                ChapterId::MAX_LEN
            )
        } else {
            format!("`{name}` is not a valid chapter name: use lower-case letters, digits and single `-` between them")
        };
        usage(&site, why)
    })?;
    let built = whole_book(root)?;
    let book = &built.book;
    if book.has_chapter(id.as_str()) {
        return Err(usage(
            &site,
            format!("a chapter with id `{id}` already exists"),
        ));
    }
    let next = next_order(book.chapters.iter().map(|c| c.order)).ok_or_else(|| {
        usage(
            &site,
            format!(
                "the last chapter's order is {}, the largest there is: no number comes after it; give the chapters smaller orders first",
                i64::MAX
            ),
        )
    })?;
    let strings = &built.catalog;
    let version = crate::model::version_of("");
    let mut files = Vec::new();
    for lang in &book.config.languages {
        let path = site.join(lang.as_str()).join(format!("{next:02}-{id}.md"));
        if path.exists() {
            return Err(usage(&path, "the file already exists"));
        }
        let title = strings.text(lang, "new_chapter_title");
        files.push((
            path,
            front_matter(&id, title, lang, &book.config.default_language, &version),
        ));
    }
    // Every file is checked before any is written (and again as written).
    for (path, text) in &files {
        let fm =
            read_front_matter(text).map_err(|why| usage(path, format!("not created: {why}")))?;
        if fm.id.as_deref() != Some(id.as_str()) {
            return Err(usage(
                path,
                "not created: its front matter would not read as written",
            ));
        }
    }
    for (path, text) in &files {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        write_atomic(path, text.as_bytes(), |fm| {
            let ok = fm.id.as_deref() == Some(id.as_str())
                && fm.title.as_deref().is_some_and(|t| !t.trim().is_empty());
            ok.then_some(())
                .ok_or_else(|| "its front matter would not read as written".to_string())
        })
        .map_err(|e| match e {
            Refused::Io(e) => e,
            Refused::Check(why) => usage(path, format!("not created: {why}")),
        })?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// The order of a chapter after every chapter of `orders`: one more than
/// the last, and at least 1, so that it makes a file name prefix (`NN-`,
/// digits only). `None` when the last is `i64::MAX`.
fn next_order(orders: impl Iterator<Item = i64>) -> Option<i64> {
    let last = orders.max().unwrap_or(0);
    last.checked_add(1).map(|n| n.max(1))
}

fn front_matter(id: &ChapterId, title: &str, lang: &Lang, default: &Lang, version: &str) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    let mut fm = format!("---\nid: {id}\ntitle: \"{title}\"\n");
    if lang != default {
        fm.push_str(&format!("translation_of: {version}\n"));
    }
    fm.push_str("---\n");
    fm
}

/// Why [`write_atomic`] did not put a file in place.
enum Refused {
    /// Writing or reading failed.
    Io(Error),
    /// The file as written does not read as intended: why.
    Check(String),
}

/// Write a file via a temp file in the same folder and a rename. Before
/// the rename the temp file is read back and its front matter handed to
/// `check`; a file whose front matter does not parse, or that `check`
/// refuses, is removed and never put in place.
fn write_atomic(
    path: &Path,
    bytes: &[u8],
    check: impl FnOnce(&FrontMatter) -> std::result::Result<(), String>,
) -> std::result::Result<(), Refused> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.kitap-{}", std::process::id()));
    let written = fs::write(&tmp, bytes)
        .map_err(|e| Refused::Io(Error::io(&tmp, e)))
        .and_then(|()| {
            let text = fs::read_to_string(&tmp).map_err(|e| Refused::Io(Error::io(&tmp, e)))?;
            let fm = read_front_matter(&text).map_err(Refused::Check)?;
            check(&fm).map_err(Refused::Check)
        })
        .and_then(|()| fs::rename(&tmp, path).map_err(|e| Refused::Io(Error::io(path, e))));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// The front matter of a chapter file's text, as the build reads it.
fn read_front_matter(text: &str) -> std::result::Result<FrontMatter, String> {
    let src = SourceText {
        path: String::new(),
        text: text.strip_prefix('\u{feff}').unwrap_or(text).to_string(),
    };
    let split = frontmatter::split(&src.text).ok_or("the front matter would not be found")?;
    frontmatter::parse_front_matter(&src, &split)
        .map(|(fm, _)| fm)
        .map_err(|d| format!("the front matter would not parse ({})", d.message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamping_replaces_or_adds_the_key_and_keeps_the_rest() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n";
        let out = set_front_matter_key(text, "translation_of", "abcd1234").unwrap();
        assert_eq!(
            out,
            "\u{feff}---\r\ntitle: A\r\ntranslation_of: abcd1234\r\n---\r\nBody\r\n"
        );
        let again = set_front_matter_key(&out, "translation_of", "ffff0000").unwrap();
        assert_eq!(again, out.replace("abcd1234", "ffff0000"));
        assert!(set_front_matter_key("no front matter", "k", "v").is_none());
    }

    #[test]
    fn stamping_replaces_a_value_written_over_several_lines() {
        for text in [
            "---\ntranslation_of: >\n  abcd\n\n  1234\ntitle: A\n---\nBody\n",
            "---\ntranslation_of: |\n\tabcd\ntitle: A\n---\nBody\n",
            "---\ntranslation_of:\n  abcd1234\ntitle: A\n---\nBody\n",
        ] {
            let out = set_front_matter_key(text, "translation_of", "ffff0000").unwrap();
            assert_eq!(
                out, "---\ntranslation_of: ffff0000\ntitle: A\n---\nBody\n",
                "{text:?}"
            );
        }
        // A blank line before the next key stays.
        let text = "---\ntranslation_of: x\n\ntitle: A\n---\n";
        let out = set_front_matter_key(text, "translation_of", "y").unwrap();
        assert_eq!(out, "---\ntranslation_of: y\n\ntitle: A\n---\n");
    }

    #[test]
    fn the_next_order_is_positive_and_never_wraps() {
        assert_eq!(next_order([3, 10, 2].into_iter()), Some(11));
        assert_eq!(next_order([-5].into_iter()), Some(1));
        assert_eq!(next_order(std::iter::empty()), Some(1));
        assert_eq!(next_order([i64::MAX - 1].into_iter()), Some(i64::MAX));
        assert_eq!(next_order([i64::MAX].into_iter()), None);
    }
}
