//! Commands that change the sources on the editors' behalf: `kitap new
//! chapter` and `kitap translated`. They sit on top of the pipeline (they run
//! a build to know the book) and write only the chapter files they name,
//! atomically (a temp file beside each, then renames; all files or none).
//! A stamped file's front matter is parsed before it is written: a file that
//! would not read as intended is never put in place, and the command fails.

use crate::build::{BuildOptions, build};
use crate::error::{Error, Result, SourceText};
use crate::frontmatter::{self, FrontMatter};
use crate::lang::{ChapterId, Lang};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A refusal that is the user's to fix (exit code 2).
fn usage(path: &Path, reason: impl Into<String>) -> Error {
    Error::Usage(format!("{}: {}", path.display(), reason.into()))
}

/// The workspace built in memory, drafts included (an edit may concern one).
pub fn whole_book(root: &Path) -> Result<crate::build::Built> {
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
    let stamp = plan_stamp(root, &built.book, lang, id)?;
    crate::translate::keep(root, &stamp.version, &stamp.source_text)?;
    let path = stamp.change.to.clone();
    apply(std::slice::from_ref(&stamp.change))?;
    Ok((path, stamp.version))
}

/// A translation's stamp, ready to write.
struct Stamp {
    change: Change,
    version: String,
    source_text: String,
}

/// The stamped text of `lang`'s translation of `id`, checked to read back
/// with `translation_of` set and every other key as it was.
fn plan_stamp(root: &Path, book: &crate::resolve::Book, lang: &str, id: &str) -> Result<Stamp> {
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
    // The source as it is now is kept, so that later changes can be shown
    // against it (`kitap diff`, `kitap check`).
    let source_path = root.join(&source.display_path);
    let source_text = fs::read_to_string(&source_path).map_err(|e| Error::io(&source_path, e))?;
    let path = root.join(&tr.display_path);
    let text = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let version = source.version.clone();
    let stamped = set_front_matter_key(&text, "translation_of", &version)
        .ok_or_else(|| usage(&path, "the file has no front matter"))?;
    let expected = FrontMatter {
        translation_of: Some(version.clone()),
        ..tr.front.clone()
    };
    let refused = |why: String| {
        usage(
            &path,
            format!("not stamped: {why}; write `translation_of: {version}` on one line by hand"),
        )
    };
    match read_front_matter(&stamped) {
        Ok(fm) if fm == expected => {}
        Ok(fm) => {
            return Err(refused(match &fm.translation_of {
                Some(v) if *v != version => format!(
                    "after the edit `translation_of` would read `{v}`, not `{version}` (is it written over several lines?)"
                ),
                _ => "the edit would change other keys of the front matter".to_string(),
            }));
        }
        Err(why) => return Err(refused(why)),
    }
    Ok(Stamp {
        change: Change {
            from: Some(path.clone()),
            to: path,
            text: stamped,
        },
        version,
        source_text,
    })
}

/// `kitap translated --all ID`: stamp every translation of chapter `id`
/// (those that exist) with the source's current version, for a source
/// change that needs no retranslation (a typo, a link). Every file is
/// stamped or none.
pub fn stamp_all(root: &Path, id: &str) -> Result<Vec<(PathBuf, String)>> {
    let built = whole_book(root)?;
    let book = &built.book;
    let default = &book.config.default_language;
    let site = root.join("site");
    let cid =
        ChapterId::parse(id).ok_or_else(|| usage(&site, format!("`{id}` is not a chapter id")))?;
    if book.translation(default, &cid).is_none() {
        return Err(usage(
            &site,
            format!("no chapter `{id}` in the source language `{default}`"),
        ));
    }
    let langs: Vec<String> = book
        .config
        .languages
        .iter()
        .filter(|l| *l != default && book.translation(l, &cid).is_some())
        .map(|l| l.to_string())
        .collect();
    if langs.is_empty() {
        return Err(usage(&site, format!("`{id}` has no translation yet")));
    }
    let stamps = langs
        .iter()
        .map(|lang| plan_stamp(root, book, lang, id))
        .collect::<Result<Vec<_>>>()?;
    if let Some(s) = stamps.first() {
        crate::translate::keep(root, &s.version, &s.source_text)?;
    }
    let done: Vec<(PathBuf, String)> = stamps
        .iter()
        .map(|s| (s.change.to.clone(), s.version.clone()))
        .collect();
    let plan: Vec<Change> = stamps.into_iter().map(|s| s.change).collect();
    apply(&plan)?;
    Ok(done)
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

/// Create `site/<lang>/<NN>-<name>.md` in every language: at the end of
/// the book, or right after chapter `after` (the chapters that follow are
/// renumbered in every language when there is no free number between). The
/// source-language file gets a title; the translations have front matter
/// only, so they count as missing (their pages show the source text under
/// the "not yet translated" notice) until someone writes them. Refuses to
/// overwrite; all files change or none does. Returns each file written,
/// with the file it replaces when a renumbering renamed it.
pub fn new_chapter(
    root: &Path,
    name: &str,
    after: Option<&str>,
) -> Result<Vec<(Option<PathBuf>, PathBuf)>> {
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
    let mut sequence: Vec<(ChapterId, Option<i64>)> = book
        .order
        .iter()
        .map(|c| (c.clone(), Some(order_of(book, c))))
        .collect();
    let at = match after {
        Some(after) => position_of(book, &site, after)? + 1,
        None => sequence.len(),
    };
    sequence.insert(at, (id.clone(), None));
    let orders = plan_orders(&sequence).ok_or_else(|| no_room(&site))?;
    let mut plan = renumbering(root, book, &orders, None)?;
    let new_order = orders[&id];
    let strings = &built.catalog;
    let default = &book.config.default_language;
    for lang in &book.config.languages {
        let path = site
            .join(lang.as_str())
            .join(format!("{new_order:02}-{id}.md"));
        let title = strings.text(lang, "new_chapter_title");
        let text = front_matter(&id, title, lang, default);
        let fm =
            read_front_matter(&text).map_err(|why| usage(&path, format!("not created: {why}")))?;
        if fm.id.as_deref() != Some(id.as_str()) {
            return Err(usage(
                &path,
                "not created: its front matter would not read as written",
            ));
        }
        plan.push(Change {
            from: None,
            to: path,
            text,
        });
    }
    let written = plan
        .iter()
        .map(|c| (c.from.clone(), c.to.clone()))
        .collect();
    apply_checked(root, plan, &breaks_links("adding the chapter"))?;
    Ok(written)
}

/// `kitap mv`: give chapter `id`'s files a new name (`NN-<name>.md`) and/or
/// move it right after chapter `after`, in every language. The id stays: a
/// chapter whose id came from its file name gets `id:` in its front matter.
/// Returns each file's old and new path.
pub fn move_chapter(
    root: &Path,
    id: &str,
    name: Option<&str>,
    after: Option<&str>,
) -> Result<Vec<(PathBuf, PathBuf)>> {
    let site = root.join("site");
    if name.is_none() && after.is_none() {
        return Err(usage(
            &site,
            "say what to change: a new file name (kitap mv ID NAME) or a place (kitap mv ID --after OTHER)",
        ));
    }
    if let Some(name) = name
        && ChapterId::parse(name).is_none()
    {
        return Err(usage(
            &site,
            format!(
                "`{name}` is not a valid file name for a chapter: use lower-case letters, digits and single `-` between them"
            ),
        ));
    }
    let built = whole_book(root)?;
    let book = &built.book;
    let from = position_of(book, &site, id)?;
    let cid = book.order[from].clone();
    let mut sequence: Vec<(ChapterId, Option<i64>)> = book
        .order
        .iter()
        .map(|c| (c.clone(), Some(order_of(book, c))))
        .collect();
    if let Some(after) = after {
        if after == id {
            return Err(usage(&site, "a chapter cannot move after itself"));
        }
        let target = position_of(book, &site, after)?;
        let (moved, _) = sequence.remove(from);
        let at = if target > from { target } else { target + 1 };
        sequence.insert(at, (moved, None));
    }
    let orders = plan_orders(&sequence).ok_or_else(|| no_room(&site))?;
    let plan = renumbering(root, book, &orders, name.map(|n| (&cid, n)))?;
    if plan.is_empty() {
        return Err(usage(
            &site,
            format!("`{id}` is already there: nothing to change"),
        ));
    }
    let moved: Vec<(PathBuf, PathBuf)> = plan
        .iter()
        .filter_map(|c| c.from.clone().map(|f| (f, c.to.clone())))
        .collect();
    apply_checked(root, plan, &breaks_links("moving the chapter"))?;
    Ok(moved)
}

/// The order of chapter `id` in the book: the source language's, else the
/// first language that has it.
fn order_of(book: &crate::resolve::Book, id: &ChapterId) -> i64 {
    std::iter::once(&book.config.default_language)
        .chain(book.config.languages.iter())
        .find_map(|l| book.translation(l, id))
        .map_or(0, |c| c.order)
}

/// Where chapter `id` is in the reading order; a usage error naming the
/// nearest id when there is none.
fn position_of(book: &crate::resolve::Book, site: &Path, id: &str) -> Result<usize> {
    book.order
        .iter()
        .position(|c| c.as_str() == id)
        .ok_or_else(|| {
            let mut ids: Vec<&str> = book.order.iter().map(ChapterId::as_str).collect();
            ids.sort_unstable();
            let near = crate::frontmatter::nearest(id, &ids)
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default();
            usage(site, format!("no chapter `{id}`{near}"))
        })
}

fn no_room(site: &Path) -> Error {
    usage(
        site,
        format!(
            "no whole number up to {} is left for the chapters that follow; give the chapters smaller orders first",
            i64::MAX
        ),
    )
}

/// Orders for the chapters of `sequence`, in that order: a chapter keeps its
/// order when it is still greater than the one before it; otherwise it takes
/// the one after it, and a chapter with none (new or moved) takes the one
/// after it and at least 1 (so that it makes a file-name prefix). So a new
/// chapter takes a free number where there is one, and only the chapters
/// that must make room are renumbered. `None` when a number would pass
/// `i64::MAX`.
fn plan_orders(sequence: &[(ChapterId, Option<i64>)]) -> Option<BTreeMap<ChapterId, i64>> {
    let mut out = BTreeMap::new();
    let mut prev: Option<i64> = None;
    for (id, current) in sequence {
        let next = match prev {
            Some(p) => p.checked_add(1)?,
            None => i64::MIN,
        };
        let order = match current {
            Some(o) if *o >= next => *o,
            Some(_) => next,
            None => next.max(1),
        };
        out.insert(id.clone(), order);
        prev = Some(order);
    }
    Some(out)
}

/// One file a renumbering, rename or new chapter writes.
#[derive(Debug)]
pub(crate) struct Change {
    /// The file it replaces (removed when its name changes); `None` for a
    /// new file.
    pub(crate) from: Option<PathBuf>,
    /// Where it goes.
    pub(crate) to: PathBuf,
    /// Its text.
    pub(crate) text: String,
}

/// The changes that give every chapter file (all languages) its order from
/// `orders` — a new file-name prefix, and `order:` in the front matter where
/// one is written — and, for `rename`'s chapter, its new file name, with its
/// id kept in the front matter.
fn renumbering(
    root: &Path,
    book: &crate::resolve::Book,
    orders: &BTreeMap<ChapterId, i64>,
    rename: Option<(&ChapterId, &str)>,
) -> Result<Vec<Change>> {
    let mut plan = Vec::new();
    for chapter in chapter_files(root, book)? {
        let Some(&order) = orders.get(&chapter.id) else {
            continue;
        };
        let new_name = rename.filter(|(id, _)| **id == chapter.id).map(|(_, n)| n);
        if order == chapter.order && new_name.is_none() {
            continue;
        }
        let path = chapter.path;
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = file.strip_suffix(".md").unwrap_or(&file);
        let (prefix, old_name) = crate::model::split_order_prefix(stem);
        let digits = stem.len() - old_name.len();
        let name = new_name.unwrap_or(old_name);
        let to_name = match prefix {
            Some(_) => format!(
                "{order:0width$}-{name}.md",
                width = digits.saturating_sub(1).max(2)
            ),
            None => format!("{name}.md"),
        };
        let mut text = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let mut expected = chapter.front.clone();
        if chapter.front.order.is_some() && order != chapter.order {
            text = set_front_matter_key(&text, "order", &order.to_string())
                .ok_or_else(|| usage(&path, "the file has no front matter"))?;
            expected.order = Some(order);
        } else if prefix.is_none() && order != chapter.order {
            return Err(usage(
                &path,
                "its order comes neither from its file name nor from `order:`; give it one first",
            ));
        }
        if new_name.is_some() && chapter.front.id.is_none() {
            text = set_front_matter_key(&text, "id", chapter.id.as_str())
                .ok_or_else(|| usage(&path, "the file has no front matter"))?;
            expected.id = Some(chapter.id.to_string());
        }
        let fm =
            read_front_matter(&text).map_err(|why| usage(&path, format!("not changed: {why}")))?;
        if fm != expected {
            return Err(usage(
                &path,
                "not changed: the edit would change other keys of the front matter (is `order:` or `id:` written over several lines?)",
            ));
        }
        plan.push(Change {
            to: path.with_file_name(to_name),
            from: Some(path),
            text,
        });
    }
    Ok(plan)
}

/// A chapter file as a renumbering sees it.
struct ChapterFileInfo {
    path: PathBuf,
    id: ChapterId,
    order: i64,
    front: FrontMatter,
}

/// Every chapter file of the book, and the translations the book leaves out
/// because they have no text yet (they must move with their chapter), sorted
/// by path.
fn chapter_files(root: &Path, book: &crate::resolve::Book) -> Result<Vec<ChapterFileInfo>> {
    let site = root.join("site");
    let mut out: Vec<ChapterFileInfo> = book
        .chapters
        .iter()
        .map(|c| ChapterFileInfo {
            path: site.join(&c.site_path),
            id: c.id.clone(),
            order: c.order,
            front: c.front.clone(),
        })
        .collect();
    let known: BTreeSet<PathBuf> = out.iter().map(|c| c.path.clone()).collect();
    for lang in &book.config.languages {
        let dir = site.join(lang.as_str());
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let path = entry.path();
            if !entry.file_type().is_file()
                || path.extension().is_none_or(|e| e != "md")
                || known.contains(path)
            {
                continue;
            }
            let Ok(text) = fs::read_to_string(path) else {
                continue;
            };
            let Ok(front) = read_front_matter(&text) else {
                continue;
            };
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let (prefix, name) = crate::model::split_order_prefix(&stem);
            let id = front.id.clone().unwrap_or_else(|| name.to_string());
            let (Some(id), Some(order)) = (ChapterId::parse(&id), front.order.or(prefix)) else {
                continue;
            };
            out.push(ChapterFileInfo {
                path: path.to_path_buf(),
                id,
                order,
                front,
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Why a renumbering or rename may break the book.
fn breaks_links(what: &str) -> String {
    format!(
        "{what} would break the book (links written as file names, `03-name.md`, name the old files; `@id` links survive renames)"
    )
}

/// Apply `plan` as one step, then build the book: when anything fails — a
/// file, or the build (a link written as a file name names the old file) —
/// every file is put back as it was and the error returned.
pub(crate) fn apply_checked(root: &Path, plan: Vec<Change>, why: &str) -> Result<()> {
    let undo = apply(&plan)?;
    match whole_book(root) {
        Ok(_) => Ok(()),
        Err(e) => {
            undo.run();
            Err(match e {
                Error::Content(mut diags) => {
                    diags.insert(
                        0,
                        crate::error::Diagnostic::file_error(
                            root.join("site").display().to_string(),
                            format!("{why}; every file was put back"),
                        ),
                    );
                    Error::Content(diags)
                }
                e => e,
            })
        }
    }
}

/// How to put files back as they were.
struct Undo {
    /// Files to restore, with their bytes.
    restore: Vec<(PathBuf, Vec<u8>)>,
    /// Files to remove (those made).
    remove: Vec<PathBuf>,
}

impl Undo {
    fn run(self) {
        for path in &self.remove {
            let _ = fs::remove_file(path);
        }
        for (path, bytes) in &self.restore {
            let _ = fs::write(path, bytes);
        }
    }
}

/// Write every change: first each new text into a temp file beside its
/// target, then the old files removed, then the temp files renamed into
/// place. On any failure every file is put back.
fn apply(plan: &[Change]) -> Result<Undo> {
    let froms: BTreeSet<&Path> = plan.iter().filter_map(|c| c.from.as_deref()).collect();
    for change in plan {
        if change.to.exists() && !froms.contains(change.to.as_path()) {
            return Err(usage(&change.to, "the file already exists"));
        }
    }
    let mut undo = Undo {
        restore: Vec::new(),
        remove: Vec::new(),
    };
    for from in &froms {
        let bytes = fs::read(from).map_err(|e| Error::io(from, e))?;
        undo.restore.push((from.to_path_buf(), bytes));
    }
    let mut temps: Vec<PathBuf> = Vec::new();
    let result = (|| -> Result<()> {
        for change in plan {
            let dir = change.to.parent().unwrap_or(Path::new("."));
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            let tmp = crate::output::temp_beside(&change.to);
            fs::write(&tmp, change.text.as_bytes()).map_err(|e| Error::io(&tmp, e))?;
            temps.push(tmp);
        }
        for from in &froms {
            fs::remove_file(from).map_err(|e| Error::io(from, e))?;
        }
        for (tmp, change) in temps.iter().zip(plan) {
            crate::output::rename_retrying(tmp, &change.to)
                .map_err(|e| Error::io(&change.to, e))?;
        }
        Ok(())
    })();
    undo.remove = plan.iter().map(|c| c.to.clone()).collect();
    if let Err(e) = result {
        for tmp in &temps {
            let _ = fs::remove_file(tmp);
        }
        undo.run();
        return Err(e);
    }
    Ok(undo)
}

/// A new chapter's front matter. Translations get no `translation_of` and no
/// body: until someone writes their text, they count as missing.
fn front_matter(id: &ChapterId, title: &str, lang: &Lang, default: &Lang) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    let mut fm = format!("---\nid: {id}\ntitle: \"{title}\"\n");
    if lang != default {
        fm.push_str(&format!(
            "# Not translated yet: readers see the {default} chapter until text is\n# written below. Then run: kitap translated {lang} {id}\n"
        ));
    }
    fm.push_str("---\n");
    fm
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

    fn seq(items: &[(&str, Option<i64>)]) -> Vec<(ChapterId, Option<i64>)> {
        items
            .iter()
            .map(|(id, o)| (ChapterId::parse(id).unwrap(), *o))
            .collect()
    }

    #[test]
    fn only_the_chapters_that_must_make_room_are_renumbered() {
        let orders = |items: &[(&str, Option<i64>)]| -> Vec<i64> {
            let s = seq(items);
            let planned = plan_orders(&s).unwrap();
            s.iter().map(|(id, _)| planned[id]).collect()
        };
        // A free number: taken, nothing else changes.
        assert_eq!(
            orders(&[("a", Some(1)), ("n", None), ("b", Some(5))]),
            [1, 2, 5]
        );
        // None free: the ones after shift until a gap absorbs it.
        assert_eq!(
            orders(&[
                ("a", Some(1)),
                ("n", None),
                ("b", Some(2)),
                ("c", Some(3)),
                ("d", Some(9))
            ]),
            [1, 2, 3, 4, 9]
        );
        // At the end, after nothing, and never 0 or below.
        assert_eq!(orders(&[("a", Some(3)), ("n", None)]), [3, 4]);
        assert_eq!(orders(&[("n", None)]), [1]);
        assert_eq!(orders(&[("a", Some(-5)), ("n", None)]), [-5, 1]);
        assert_eq!(orders(&[("a", Some(-5)), ("b", Some(-9))]), [-5, -4]);
        assert!(plan_orders(&seq(&[("a", Some(i64::MAX)), ("n", None)])).is_none());
    }
}
