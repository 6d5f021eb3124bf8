//! Commands that change the sources on the editors' behalf: `kitap new
//! chapter` and `kitap translated`. They sit on top of the pipeline (they run
//! a build to know the book) and write only the chapter files they name,
//! atomically (a temp file beside it, then a rename).

use crate::build::{BuildOptions, build};
use crate::error::{Error, Result};
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
    write_atomic(&path, stamped.as_bytes())?;
    Ok((path, source.version.clone()))
}

/// Set `key: value` in a file's front matter: replace the key's line or add
/// it before the closing `---`. Keeps the BOM and line endings.
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
        Some(i) => lines[i + 1] = &new_line,
        None => lines.insert(close, &new_line),
    }
    Some(format!("{bom}{}", lines.concat()))
}

/// Create `site/<lang>/<NN>-<name>.md` in every language, numbered after the
/// last chapter, so the site builds cleanly at once. Refuses to overwrite.
pub fn new_chapter(root: &Path, name: &str) -> Result<Vec<PathBuf>> {
    let site = root.join("site");
    let id = ChapterId::parse(name).ok_or_else(|| {
        usage(
            &site,
            format!("`{name}` is not a valid chapter name: use lower-case letters, digits and single `-` between them"),
        )
    })?;
    let built = whole_book(root)?;
    let book = &built.book;
    if book.has_chapter(id.as_str()) {
        return Err(usage(
            &site,
            format!("a chapter with id `{id}` already exists"),
        ));
    }
    let next = book.chapters.iter().map(|c| c.order).max().unwrap_or(0) + 1;
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
    for (path, text) in &files {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        write_atomic(path, text.as_bytes())?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

fn front_matter(id: &ChapterId, title: &str, lang: &Lang, default: &Lang, version: &str) -> String {
    let title = title.replace('"', "\\\"");
    let mut fm = format!("---\nid: {id}\ntitle: \"{title}\"\n");
    if lang != default {
        fm.push_str(&format!("translation_of: {version}\n"));
    }
    fm.push_str("---\n");
    fm
}

/// Write a file via a temp file in the same folder and a rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.kitap-{}", std::process::id()));
    fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(path, e)
    })
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
}
