//! `kitap po export` and `kitap po import`: chapters as gettext PO files,
//! for translators who work in CAT tools (OmegaT, Poedit, memoQ, Trados,
//! Crowdin, Weblate) with translation memory.
//!
//! One PO file per chapter and language, one entry per block (title,
//! summary, tags, headings, paragraphs, list items, table cells, image
//! descriptions; see [`blocks`]), `msgctxt` naming the chapter and block.
//! The existing translation is the `msgstr` where its structure matches
//! the source's; a block whose source changed since the translation was
//! made is `fuzzy`, with the source it was translated from as `#| msgid`.
//! Import writes the translation back in the source's structure, its text
//! escaped, front matter kept; all files of a run or none.

pub mod blocks;
pub mod file;

use crate::edit::{Change, apply_checked, whole_book};
use crate::error::{Diagnostic, Error, Result, SourceText};
use crate::frontmatter::{self, FrontMatter};
use crate::lang::{ChapterId, Lang};
use crate::model::Chapter;
use crate::resolve::Book;
use blocks::{Block, Token};
use file::{Catalog, Entry};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// A refusal that is the user's to fix.
fn usage(path: &Path, why: impl Into<String>) -> Error {
    Error::Usage(format!("{}: {}", path.display(), why.into()))
}

/// One translation unit: a front matter field or a body block.
#[derive(Debug, Clone)]
struct Unit {
    /// `title`, `summary`, `tag1`, or the block's key.
    key: String,
    kind: String,
    group: String,
    section: String,
    text: String,
    /// 1-based line in the chapter file.
    line: usize,
    /// Index in the chapter's blocks (`None` for front matter).
    block: Option<usize>,
}

/// A chapter file read for translation.
struct ChapterText {
    text: String,
    front: FrontMatter,
    body_offset: usize,
    blocks: Vec<Block>,
    units: Vec<Unit>,
}

impl ChapterText {
    fn read(path: &Path, shown: &str) -> Result<ChapterText> {
        let raw = fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::of(raw, shown)
    }

    fn of(raw: String, shown: &str) -> Result<ChapterText> {
        let text = raw.strip_prefix('\u{feff}').unwrap_or(&raw).to_string();
        let src = SourceText {
            path: shown.to_string(),
            text: text.clone(),
        };
        let split = frontmatter::split(&text).ok_or_else(|| {
            Error::Content(vec![Diagnostic::file_error(shown, "no front matter")])
        })?;
        let (front, _) =
            frontmatter::parse_front_matter(&src, &split).map_err(|d| Error::Content(vec![d]))?;
        let body_offset = split.body_offset;
        let body = &text[body_offset..];
        let blocks = blocks::blocks(body);
        let mut units = Vec::new();
        let fm = |key: String, kind: &str, text: String| Unit {
            key,
            kind: kind.into(),
            group: "front".into(),
            section: String::new(),
            text,
            line: 2,
            block: None,
        };
        if let Some(t) = front
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            units.push(fm("title".into(), "title", t.to_string()));
        }
        if let Some(s) = front
            .summary
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            units.push(fm("summary".into(), "summary", s.to_string()));
        }
        let mut loc = src.locator();
        for (i, b) in blocks.iter().enumerate() {
            if !b.translatable() {
                continue;
            }
            units.push(Unit {
                key: b.key.clone(),
                kind: b.kind.clone(),
                group: b.group.clone(),
                section: b.section.clone(),
                text: b.text.clone(),
                line: loc.position(body_offset + b.range.start).0,
                block: Some(i),
            });
        }
        Ok(ChapterText {
            text,
            front,
            body_offset,
            blocks,
            units,
        })
    }
}

/// For each unit of `src`, the unit of `tr` that translates it, and
/// whether that is certain: units of the same part (front matter, a
/// section by anchor or position, a footnote) when the part has the same
/// kinds of block in the same order; a section's heading always; in a part
/// whose blocks differ, blocks of the same kind in matching runs, to be
/// checked (fuzzy).
fn align(src: &[Unit], tr: &[Unit]) -> Vec<Option<(usize, bool)>> {
    let mut by_group: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, u) in tr.iter().enumerate() {
        by_group.entry(&u.group).or_default().push(i);
    }
    let mut src_groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, u) in src.iter().enumerate() {
        src_groups.entry(&u.group).or_default().push(i);
    }
    let mut out = vec![None; src.len()];
    for (group, s) in &src_groups {
        let Some(t) = by_group.get(group) else {
            continue;
        };
        if *group == "front" {
            for &i in s {
                out[i] = t
                    .iter()
                    .copied()
                    .find(|&j| tr[j].key == src[i].key)
                    .map(|j| (j, true));
            }
            continue;
        }
        let sk: Vec<&str> = s.iter().map(|&i| src[i].kind.as_str()).collect();
        let tk: Vec<&str> = t.iter().map(|&i| tr[i].kind.as_str()).collect();
        if sk == tk {
            for (&i, &j) in s.iter().zip(t) {
                out[i] = Some((j, true));
            }
            continue;
        }
        for op in similar::capture_diff_slices(similar::Algorithm::Myers, &sk, &tk) {
            if let similar::DiffOp::Equal {
                old_index,
                new_index,
                len,
            } = op
            {
                for k in 0..len {
                    let (i, j) = (s[old_index + k], t[new_index + k]);
                    let heading =
                        src[i].kind.starts_with('h') && old_index + k == 0 && new_index + k == 0;
                    out[i] = Some((j, heading));
                }
            }
        }
    }
    out
}

/// For each part of `src` whose blocks differ from `tr`'s, the
/// translation's text of that part, shown to the translator on the part's
/// first entry.
fn differing_parts(src: &[Unit], tr: &[Unit]) -> BTreeMap<usize, String> {
    let mut out = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    for (i, u) in src.iter().enumerate() {
        if u.group == "front" || !seen.insert(u.group.as_str()) {
            continue;
        }
        let s: Vec<&str> = src
            .iter()
            .filter(|x| x.group == u.group)
            .map(|x| x.kind.as_str())
            .collect();
        let t: Vec<&Unit> = tr.iter().filter(|x| x.group == u.group).collect();
        let tk: Vec<&str> = t.iter().map(|x| x.kind.as_str()).collect();
        if !t.is_empty() && s != tk {
            let text: Vec<&str> = t.iter().map(|x| x.text.as_str()).collect();
            out.insert(i, text.join(" ¶ "));
        }
    }
    out
}

/// A translation's text with its placeholders numbered as the source's
/// (matched by what they are: the same link, code, emphasis; else the same
/// kind in order), and for each source placeholder the translation's that
/// stands for it; `None` when the markup differs.
fn renumber(text: &str, tr: Option<&Block>, src: Option<&Block>) -> Option<(String, Vec<usize>)> {
    let (Some(tr), Some(src)) = (tr, src) else {
        return Some((text.to_string(), Vec::new()));
    };
    if tr.marks.len() != src.marks.len() {
        return None;
    }
    let mut map = vec![0usize; tr.marks.len()];
    let mut used = vec![false; src.marks.len()];
    let kind = |sig: &str| sig.split(':').next().unwrap_or("").to_string();
    for exact in [true, false] {
        for (i, m) in tr.marks.iter().enumerate() {
            if map[i] != 0 {
                continue;
            }
            let found = src.marks.iter().enumerate().position(|(j, s)| {
                !used[j]
                    && s.paired == m.paired
                    && if exact {
                        s.sig == m.sig
                    } else {
                        kind(&s.sig) == kind(&m.sig)
                    }
            });
            if let Some(j) = found {
                used[j] = true;
                map[i] = j + 1;
            }
        }
    }
    if map.contains(&0) {
        return None;
    }
    let mut out = String::new();
    for t in blocks::tokens(text, tr.marks.len()) {
        match t {
            Token::Text(s) => out.push_str(s),
            Token::Open(n) => out.push_str(&format!("<{}>", map[n - 1])),
            Token::Close(n) => out.push_str(&format!("</{}>", map[n - 1])),
            Token::Atom(n) => out.push_str(&format!("<{}/>", map[n - 1])),
        }
    }
    let mut back = vec![0usize; src.marks.len()];
    for (i, &j) in map.iter().enumerate() {
        back[j - 1] = i;
    }
    Some((out, back))
}

/// What the existing translation has for one source unit.
#[derive(Debug, Clone)]
struct Found {
    /// Its text, placeholders numbered as the source's.
    text: String,
    /// To be checked: a guess, or its source changed since.
    fuzzy: bool,
    /// The source it was translated from, when that changed.
    previous: Option<String>,
    /// The translation's unit.
    unit: usize,
    /// For each source placeholder, the translation's that stands for it.
    marks: Vec<usize>,
}

/// The existing translation of a chapter, aligned with its source.
#[derive(Default)]
struct Existing {
    /// The translation's file, read.
    tr: Option<ChapterText>,
    /// For each source unit, its translation.
    found: Vec<Option<Found>>,
    /// For each source unit aligned with a translation of other markup,
    /// that translation's text (shown to the translator).
    unaligned: Vec<Option<String>>,
    /// Parts whose blocks differ: the translation's text of the part, on
    /// the part's first unit.
    differing: BTreeMap<usize, String>,
    /// For each source unit, the translation's unit in its place and
    /// whether that is certain, whatever its markup.
    pair: Vec<Option<(usize, bool)>>,
}

/// Give `units`' sections the names of `src`'s: the same anchor, else the
/// section in the same place (a heading with an id in one and none in the
/// other, a translated heading without one). Footnotes and the front
/// matter keep theirs.
fn name_sections_as(units: &mut [Unit], src: &[Unit]) {
    let sections = |us: &[Unit]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for u in us {
            if u.group != "front" && !u.group.starts_with("fn:") && !out.contains(&u.group) {
                out.push(u.group.clone());
            }
        }
        out
    };
    let theirs = sections(src);
    let mine = sections(units);
    let mut rename: BTreeMap<String, String> = BTreeMap::new();
    for (k, g) in mine.iter().enumerate() {
        if theirs.contains(g) {
            continue;
        }
        if let Some(t) = theirs.get(k)
            && !mine.contains(t)
        {
            rename.insert(g.clone(), t.clone());
        }
    }
    for u in units {
        if let Some(t) = rename.get(&u.group) {
            u.group = t.clone();
        }
    }
}

/// Whether a translated text is the source's own, copied (an untranslated
/// block an import left as it was): the same text with letters in it (a
/// number or a code may rightly stay the same).
fn copied(translation: &str, source: &str) -> bool {
    translation == source && translation.chars().any(char::is_alphabetic)
}

/// Align `lang`'s translation of `source` (if any) with `src`, the source
/// as it is now; through the source it was made from when that is kept.
fn existing(
    root: &Path,
    book: &Book,
    lang: &Lang,
    source: &Chapter,
    src: &ChapterText,
) -> Result<Existing> {
    let n = src.units.len();
    let mut ex = Existing {
        found: vec![None; n],
        unaligned: vec![None; n],
        pair: vec![None; n],
        ..Default::default()
    };
    let Some(tr) = book.translation(lang, &source.id) else {
        return Ok(ex);
    };
    let mut trt = ChapterText::read(&root.join(&tr.display_path), &tr.display_path)?;
    name_sections_as(&mut trt.units, &src.units);
    let named = tr.translation_of.as_deref();
    let old = named
        .filter(|v| *v != source.version)
        .and_then(|v| crate::sources::kept(root, v))
        .and_then(|t| ChapterText::of(t, &source.display_path).ok())
        .map(|mut o| {
            name_sections_as(&mut o.units, &src.units);
            o
        });
    let up_to_date = named == Some(source.version.as_str());
    // For each unit now: (translation unit, certain, the old source's text
    // when it changed).
    let direct = align(&src.units, &trt.units);
    let pairs: Vec<Option<(usize, bool, Option<String>)>> = match &old {
        Some(old) => {
            let to_old = align(&old.units, &trt.units);
            let old_of_new = follow(&old.units, &src.units);
            let previous = |i: usize| {
                old_of_new[i]
                    .filter(|&o| old.units[o].text != src.units[i].text)
                    .map(|o| old.units[o].text.clone())
            };
            let certain = |v: &[Option<(usize, bool)>]| v.iter().flatten().filter(|p| p.1).count();
            if certain(&direct) > certain(&to_old) {
                // The translation already has the source's blocks as they
                // are now (an import left some of them untranslated): it
                // follows the source now; what changed since is fuzzy.
                direct
                    .iter()
                    .enumerate()
                    .map(|(i, p)| p.map(|(t, c)| (t, c, previous(i))))
                    .collect()
            } else {
                old_of_new
                    .iter()
                    .enumerate()
                    .map(|(i, o)| {
                        let (t, certain) = to_old[(*o)?]?;
                        Some((t, certain, previous(i)))
                    })
                    .collect()
            }
        }
        None => direct
            .iter()
            .map(|p| p.map(|(t, certain)| (t, certain, None)))
            .collect(),
    };
    ex.differing = differing_parts(&src.units, &trt.units);
    for (i, pair) in pairs.into_iter().enumerate() {
        let Some((t, certain, previous)) = pair else {
            continue;
        };
        ex.pair[i] = Some((t, certain));
        let u = &src.units[i];
        let tu = &trt.units[t];
        match renumber(
            &tu.text,
            tu.block.map(|b| &trt.blocks[b]),
            u.block.map(|b| &src.blocks[b]),
        ) {
            Some((text, _))
                if copied(&text, &u.text)
                    || previous.as_deref().is_some_and(|p| copied(&text, p)) => {}
            Some((text, marks)) => {
                ex.found[i] = Some(Found {
                    fuzzy: previous.is_some() || !certain || (old.is_none() && !up_to_date),
                    text,
                    previous,
                    unit: t,
                    marks,
                })
            }
            None => ex.unaligned[i] = Some(tu.text.clone()),
        }
    }
    ex.tr = Some(trt);
    Ok(ex)
}

/// Where `lang`'s translation of `source` is (or goes).
fn translation_path(root: &Path, book: &Book, lang: &Lang, source: &Chapter) -> PathBuf {
    match book.translation(lang, &source.id) {
        Some(t) => root.join(&t.display_path),
        None => {
            let name = Path::new(&source.display_path)
                .file_name()
                .map(|n| n.to_os_string())
                .unwrap_or_default();
            root.join("site").join(lang.as_str()).join(name)
        }
    }
}

/// The language, checked as one a translation is written in.
fn translation_lang(book: &Book, site: &Path, lang: &str) -> Result<Lang> {
    let l = book
        .config
        .lang(lang)
        .cloned()
        .ok_or_else(|| usage(site, format!("`{lang}` is not one of the site's languages")))?;
    if l == book.config.default_language {
        return Err(usage(
            site,
            format!("`{lang}` is the source language; name a translation's language"),
        ));
    }
    Ok(l)
}

/// What `kitap po export` wrote.
#[derive(Debug)]
pub struct Exported {
    /// Each file, with its number of entries and of entries with a
    /// translation (and of those, fuzzy).
    pub files: Vec<(PathBuf, ExportCounts)>,
}

/// Counts of one exported file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportCounts {
    /// Entries.
    pub entries: usize,
    /// With a translation.
    pub translated: usize,
    /// Of those, fuzzy.
    pub fuzzy: usize,
}

/// What to export and where.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// The translation's language.
    pub lang: String,
    /// Chapter ids (empty: every chapter of the source language).
    pub ids: Vec<String>,
    /// Folder for the files (default `po/LANG/` in the workspace).
    pub out: Option<PathBuf>,
    /// Replace existing files.
    pub force: bool,
    /// The header's `PO-Revision-Date` (`2026-12-03 14:05+0000`).
    pub date: String,
}

/// `kitap po export LANG [ID…]`: a PO file per chapter. Refuses to replace
/// files unless `force`.
pub fn export(root: &Path, opts: &ExportOptions) -> Result<Exported> {
    let ExportOptions {
        lang,
        ids,
        out,
        force,
        date,
    } = opts;
    let built = whole_book(root)?;
    let book = &built.book;
    let site = root.join("site");
    let lang = translation_lang(book, &site, lang)?;
    let default = &book.config.default_language;
    let mut sources: Vec<&Chapter> = Vec::new();
    if ids.is_empty() {
        sources.extend(book.chapters.iter().filter(|c| c.lang == *default));
        sources.sort_by_key(|c| (c.order, c.display_path.clone()));
    } else {
        for id in ids {
            let c = ChapterId::parse(id)
                .and_then(|cid| book.translation(default, &cid))
                .ok_or_else(|| {
                    usage(
                        &site,
                        format!("no chapter `{id}` in the source language `{default}`"),
                    )
                })?;
            sources.push(c);
        }
    }
    let dir = out
        .clone()
        .unwrap_or_else(|| root.join("po").join(lang.as_str()));
    let mut files = Vec::new();
    for source in sources {
        let (catalog, counts) = export_chapter(root, book, &lang, source, date)?;
        files.push((
            dir.join(format!("{}.po", source.id)),
            catalog.write(),
            counts,
        ));
    }
    // A file is replaced only when it holds no translation the new one
    // lacks (everything in it was imported, or nothing was translated).
    let mut unsaved = Vec::new();
    for (path, text, _) in &files {
        if path.exists() && !*force && !carries_over(path, text) {
            unsaved.push(path.display().to_string());
        }
    }
    if !unsaved.is_empty() {
        return Err(Error::Usage(format!(
            "{} translations not yet imported: {}. Import {} first (`kitap po import FILE`), export into another folder (`--out DIR`) and let your tool's translation memory carry the work over, or replace {} with --force",
            if unsaved.len() == 1 {
                "a PO file here has"
            } else {
                "PO files here have"
            },
            unsaved.join(", "),
            if unsaved.len() == 1 { "it" } else { "them" },
            if unsaved.len() == 1 { "it" } else { "them" },
        )));
    }
    fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut temps = Vec::new();
    for (path, text, _) in &files {
        let tmp = crate::output::temp_beside(path);
        if let Err(e) = fs::write(&tmp, text) {
            for t in &temps {
                let _ = fs::remove_file(t);
            }
            let _ = fs::remove_file(&tmp);
            return Err(Error::io(&tmp, e));
        }
        temps.push(tmp);
    }
    for (tmp, (path, _, _)) in temps.iter().zip(&files) {
        crate::output::rename_retrying(tmp, path).map_err(|e| Error::io(path, e))?;
    }
    Ok(Exported {
        files: files.into_iter().map(|(p, _, c)| (p, c)).collect(),
    })
}

/// Whether the PO file at `path` holds nothing that `new` (its
/// replacement's text) lacks: each translation in it is offered by `new`.
fn carries_over(path: &Path, new: &str) -> bool {
    let Ok(old) = fs::read_to_string(path) else {
        return false;
    };
    let read = |text: &str| {
        file::parse(&SourceText {
            path: String::new(),
            text: text.to_string(),
        })
    };
    let (Ok(old), Ok(new)) = (read(&old), read(new)) else {
        return false;
    };
    // Translations the new file offers (for any block, fuzzy or not):
    // whatever was imported is among them.
    let now: std::collections::BTreeSet<&str> =
        new.entries.iter().map(|e| e.translation.as_str()).collect();
    old.entries
        .iter()
        .all(|e| e.translation.trim().is_empty() || now.contains(e.translation.as_str()))
}

fn export_chapter(
    root: &Path,
    book: &Book,
    lang: &Lang,
    source: &Chapter,
    date: &str,
) -> Result<(Catalog, ExportCounts)> {
    let src = ChapterText::read(&root.join(&source.display_path), &source.display_path)?;
    let ex = existing(root, book, lang, source, &src)?;
    let Existing {
        mut found,
        mut unaligned,
        differing,
        ..
    } = ex;
    let mut counts = ExportCounts::default();
    let mut entries = Vec::new();
    for (i, u) in src.units.iter().enumerate() {
        let mut e = Entry {
            context: Some(format!("{}:{}", source.id, u.key)),
            id: u.text.clone(),
            references: vec![format!("{}:{}", source.display_path, u.line)],
            ..Default::default()
        };
        if let Some(label) = u.group.strip_prefix("fn:") {
            e.notes.push(format!("The text of footnote [^{label}]"));
        } else if !u.section.is_empty() && !u.kind.starts_with('h') {
            e.notes.push(format!("In: {}", u.section));
        }
        if let Some(b) = u.block.map(|b| &src.blocks[b]) {
            for (n, m) in b.marks.iter().enumerate() {
                let n = n + 1;
                if m.paired {
                    e.notes.push(format!("<{n}>…</{n}>: {}", m.what));
                } else {
                    e.notes.push(format!("<{n}/>: {}", m.what));
                }
            }
        }
        if let Some(t) = differing.get(&i) {
            e.comments.push(format!(
                "The {lang} text of this part has other blocks than the source; entries marked fuzzy are guesses. It reads: {t}"
            ));
        }
        counts.entries += 1;
        if let Some(f) = found[i].take() {
            counts.translated += 1;
            counts.fuzzy += usize::from(f.fuzzy);
            e.translation = f.text;
            e.fuzzy = f.fuzzy;
            e.previous = f.previous;
        } else if let Some(t) = unaligned[i].take() {
            e.comments.push(format!(
                "The {lang} text had other markup; it read: {}",
                t.replace('\n', " ")
            ));
        }
        entries.push(e);
    }
    let catalog = Catalog {
        header_comments: vec![
            format!(
                "{} translation of \"{}\" ({}).",
                lang.as_str(),
                source.title,
                source.display_path
            ),
            "Translate each msgstr; keep every placeholder: <1>…</1> around the words it covers, <2/> where it stands.".into(),
            format!("Then: kitap po import po/{}/{}.po", lang.as_str(), source.id),
        ],
        header: vec![
            ("Project-Id-Version".into(), format!("kitap {}", source.id)),
            ("PO-Revision-Date".into(), date.to_string()),
            ("Last-Translator".into(), String::new()),
            ("Language-Team".into(), lang.as_str().to_string()),
            ("Language".into(), lang.as_str().to_string()),
            ("MIME-Version".into(), "1.0".into()),
            ("Content-Type".into(), "text/plain; charset=UTF-8".into()),
            ("Content-Transfer-Encoding".into(), "8bit".into()),
            ("X-Kitap-Chapter".into(), source.id.to_string()),
            ("X-Kitap-Source".into(), source.display_path.clone()),
            ("X-Kitap-Source-Version".into(), source.version.clone()),
        ],
        entries,
    };
    Ok((catalog, counts))
}

/// For each unit of `new` (the source now), the unit of `old` (the source
/// a translation was made from) it continues: the same text, or the
/// changed text in its place (same part, same kind).
fn follow(old: &[Unit], new: &[Unit]) -> Vec<Option<usize>> {
    let mut out = vec![None; new.len()];
    let mut groups: Vec<&str> = new.iter().map(|u| u.group.as_str()).collect();
    groups.dedup();
    groups.sort();
    groups.dedup();
    for g in groups {
        let o: Vec<usize> = (0..old.len()).filter(|&i| old[i].group == g).collect();
        let n: Vec<usize> = (0..new.len()).filter(|&i| new[i].group == g).collect();
        let ot: Vec<(&str, &str)> = o
            .iter()
            .map(|&i| (old[i].kind.as_str(), old[i].text.as_str()))
            .collect();
        let nt: Vec<(&str, &str)> = n
            .iter()
            .map(|&i| (new[i].kind.as_str(), new[i].text.as_str()))
            .collect();
        let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &ot, &nt);
        for op in ops {
            match op {
                similar::DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } => {
                    for k in 0..len {
                        out[n[new_index + k]] = Some(o[old_index + k]);
                    }
                }
                similar::DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    for k in 0..old_len.min(new_len) {
                        if ot[old_index + k].0 == nt[new_index + k].0 {
                            out[n[new_index + k]] = Some(o[old_index + k]);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// An entry the import did not write: untranslated or fuzzy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// The PO file and the entry's line (`po/kk/law.po:57`).
    pub at: String,
    /// The block (`legal-framework:p3`).
    pub block: String,
    /// Fuzzy (else untranslated).
    pub fuzzy: bool,
    /// Whether the chapter keeps its translation of the block (else the
    /// source's text stands there).
    pub kept: bool,
}

/// What `kitap po import` wrote.
#[derive(Debug)]
pub struct Imported {
    /// Each chapter written.
    pub chapters: Vec<ImportedChapter>,
}

/// One chapter written by an import.
#[derive(Debug)]
pub struct ImportedChapter {
    /// The translation's file.
    pub path: PathBuf,
    /// The PO file read.
    pub po: PathBuf,
    /// Entries read.
    pub entries: usize,
    /// Untranslated and fuzzy entries.
    pub pending: Vec<Pending>,
    /// The source version now named by `translation_of`, when every block
    /// is translated and none is fuzzy.
    pub stamped: Option<String>,
    /// Whether a `translation_of` naming the current source was removed
    /// (the chapter now has blocks in the source language).
    pub unstamped: bool,
    /// Whether it still names the current source (every block left is
    /// the chapter's own translation).
    pub still_up_to_date: bool,
    /// Whether the file was already so (not written).
    pub unchanged: bool,
}

/// `kitap po import FILE…`: each PO file's translation written into its
/// chapter, all of them or none. `force`: drop the text of a translation
/// that matches no block of its source.
pub fn import(root: &Path, files: &[PathBuf], force: bool) -> Result<Imported> {
    if files.is_empty() {
        return Err(Error::Usage(
            "name the PO files to import: kitap po import po/kk/*.po".into(),
        ));
    }
    let built = whole_book(root)?;
    let book = &built.book;
    let mut diags = Vec::new();
    let mut plan = Vec::new();
    let mut chapters = Vec::new();
    let mut keep = Vec::new();
    let mut targets: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for po in files {
        match import_one(root, book, po, force) {
            Ok((change, chapter, kept)) => {
                if let Some(first) = targets.insert(chapter.path.clone(), po.clone()) {
                    diags.push(Diagnostic::file_error(
                        po.display().to_string(),
                        format!(
                            "{} is also imported from {}: import one of them",
                            chapter.path.display(),
                            first.display()
                        ),
                    ));
                }
                plan.extend(change);
                chapters.push(chapter);
                keep.extend(kept);
            }
            Err(Error::Content(d)) => diags.extend(d),
            Err(e) => return Err(e),
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        crate::error::sort_diagnostics(&mut diags);
        return Err(Error::Content(diags));
    }
    for (version, text) in &keep {
        crate::sources::keep(root, version, text)?;
    }
    if !plan.is_empty() {
        apply_checked(
            root,
            plan,
            "the chapters as imported would not build (the errors below)",
        )?;
    }
    Ok(Imported { chapters })
}

type OneImport = (Option<Change>, ImportedChapter, Option<(String, String)>);

/// A YAML scalar for a front matter value: as it is when YAML reads it
/// back so, else in double quotes.
fn yaml_scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`',
        ])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.chars().any(char::is_control)
        && s.chars().any(char::is_alphabetic)
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~"
        );
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

/// `front` without the key `key` (its line and the lines continuing it).
fn without_key(front: &str, key: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in front.split_inclusive('\n') {
        if line.starts_with(&format!("{key}:")) {
            skipping = true;
            continue;
        }
        if skipping && (line.starts_with(' ') || line.starts_with('\t')) {
            continue;
        }
        skipping = false;
        out.push_str(line);
    }
    out
}

fn import_one(root: &Path, book: &Book, po: &Path, force: bool) -> Result<OneImport> {
    let shown = po.display().to_string();
    let raw = fs::read(po).map_err(|e| Error::io(po, e))?;
    let text = String::from_utf8(raw).map_err(|_| {
        Error::Content(vec![Diagnostic::file_error(
            &shown,
            "not UTF-8 text: save the PO file as UTF-8",
        )])
    })?;
    let src_po = SourceText {
        path: shown.clone(),
        text,
    };
    let catalog = file::parse(&src_po).map_err(Error::Content)?;
    let whole = |why: String| Error::Content(vec![Diagnostic::file_error(&shown, why)]);
    let chapter = catalog.field("X-Kitap-Chapter").ok_or_else(|| {
        whole("not a PO file exported by kitap (its header has no `X-Kitap-Chapter`); export one with `kitap po export LANG ID`".into())
    })?;
    let lang = catalog
        .field("Language")
        .ok_or_else(|| whole("its header has no `Language`".into()))?;
    let lang = match book.config.lang(lang) {
        Some(l) if *l != book.config.default_language => l.clone(),
        Some(_) => {
            return Err(whole(format!(
                "its header says `Language: {lang}`, the source language: a PO file carries a translation"
            )));
        }
        None => {
            return Err(whole(format!(
                "its header says `Language: {lang}`, which is not one of the site's languages"
            )));
        }
    };
    // A file kept under another language's folder (po/ru/x.po saying
    // `Language: kk`) was most likely renamed by mistake.
    if let Some(folder) = po
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .and_then(|n| book.config.lang(n))
        .filter(|l| **l != lang)
    {
        return Err(whole(format!(
            "its header says `Language: {lang}`, but it is in the folder of `{folder}`: import it as the {lang} translation by moving it, or export the {folder} file with `kitap po export {folder} {chapter}`"
        )));
    }
    let default = &book.config.default_language;
    let source = ChapterId::parse(chapter)
        .and_then(|c| book.translation(default, &c))
        .ok_or_else(|| {
            whole(format!(
                "its header names chapter `{chapter}` (`X-Kitap-Chapter`), which the source language `{default}` does not have"
            ))
        })?;
    let src = ChapterText::read(&root.join(&source.display_path), &source.display_path)?;
    let mut errors = Vec::new();
    let again = format!(
        "the source changed since this file was exported: export it again into another folder (`kitap po export {lang} {} --out DIR`) and let your tool's translation memory carry your work over",
        source.id
    );
    // Each unit's entry: by `msgctxt`, else (tools that drop it) by `msgid`.
    let by_key: BTreeMap<&str, usize> = src
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.key.as_str(), i))
        .collect();
    let mut entry_of: Vec<Option<&Entry>> = vec![None; src.units.len()];
    let prefix = format!("{}:", source.id);
    for e in &catalog.entries {
        let at = |msg: String| src_po.error_at_line_col(e.line, 1, msg);
        let unit = match e.context.as_deref() {
            Some(ctx) => {
                let Some(key) = ctx.strip_prefix(&prefix) else {
                    errors.push(at(format!(
                        "`msgctxt \"{ctx}\"` belongs to another chapter than `{}` (the header's)",
                        source.id
                    )));
                    continue;
                };
                match by_key.get(key) {
                    Some(&i) if src.units[i].text == e.id => Some(i),
                    Some(_) => {
                        errors.push(at(format!(
                            "the source of `{ctx}` is not this msgid now: {again}"
                        )));
                        continue;
                    }
                    None => {
                        errors.push(at(format!("the source has no block `{ctx}` now: {again}")));
                        continue;
                    }
                }
            }
            None => {
                (0..src.units.len()).find(|&i| entry_of[i].is_none() && src.units[i].text == e.id)
            }
        };
        match unit {
            Some(i) if entry_of[i].is_some() => errors.push(at(format!(
                "a second entry for `{}:{}`",
                source.id, src.units[i].key
            ))),
            Some(i) => entry_of[i] = Some(e),
            None => errors.push(at(format!(
                "no block of the source has this msgid now: {again}"
            ))),
        }
    }
    let missing: Vec<&str> = src
        .units
        .iter()
        .zip(&entry_of)
        .filter(|(_, e)| e.is_none())
        .map(|(u, _)| u.key.as_str())
        .collect();
    if !missing.is_empty() && errors.is_empty() {
        errors.push(Diagnostic::file_error(
            &shown,
            format!(
                "no entry for {} of the source ({}): {again}",
                if missing.len() == 1 {
                    "a block"
                } else {
                    "blocks"
                },
                crate::error::shorten(&missing.join(", "), 80)
            ),
        ));
    }
    // Each unit's translation, its placeholders checked. Fuzzy entries are
    // not used (as gettext's tools do): the chapter keeps what it has there.
    let mut translation: Vec<Option<String>> = vec![None; src.units.len()];
    let mut fuzzy_or_empty: Vec<(usize, bool, usize)> = Vec::new();
    for (i, e) in entry_of.iter().enumerate() {
        let Some(e) = e else { continue };
        let u = &src.units[i];
        if e.translation.trim().is_empty() || e.fuzzy {
            fuzzy_or_empty.push((i, e.fuzzy && !e.translation.trim().is_empty(), e.line));
            continue;
        }
        let checked = match u.block {
            Some(b) => blocks::check(&e.translation, &src.blocks[b]),
            None => Ok(()),
        };
        match checked {
            Ok(()) => translation[i] = Some(e.translation.trim().to_string()),
            Err(why) => errors.push(src_po.error_at_line_col(
                e.translation_at.0,
                e.translation_at.1,
                format!("`{}:{}`: {why}", source.id, u.key),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Content(errors));
    }
    let ex = existing(root, book, &lang, source, &src)?;
    let path = translation_path(root, book, &lang, source);
    let shown_tr = crate::load::display(root, &path);
    // What the chapter has for a unit now and may keep: the translation's
    // unit in its place, when that is certain.
    let kept_unit = |i: usize| ex.pair[i].filter(|p| p.1).map(|p| p.0);
    let mut pending = Vec::new();
    for &(i, fuzzy, line) in &fuzzy_or_empty {
        pending.push(Pending {
            at: format!("{shown}:{line}"),
            block: format!("{}:{}", source.id, src.units[i].key),
            fuzzy,
            kept: kept_unit(i).is_some(),
        });
    }
    // Nothing of the translation is lost without --force: each of its
    // units is kept, or stands for a unit translated now, or lies in a part
    // whose every entry is translated now.
    if let Some(trt) = &ex.tr
        && !force
    {
        let mut used = vec![false; trt.units.len()];
        for (i, pair) in ex.pair.iter().enumerate() {
            if let Some((t, _)) = *pair
                && (translation[i].is_some() || kept_unit(i).is_some())
            {
                used[t] = true;
            }
        }
        let done = |group: &str| {
            src.units.iter().any(|u| u.group == group)
                && src
                    .units
                    .iter()
                    .enumerate()
                    .all(|(i, u)| u.group != group || translation[i].is_some())
        };
        let tr_src = SourceText {
            path: shown_tr.clone(),
            text: trt.text.clone(),
        };
        // One error per part, at its first block that would go.
        let mut parts: Vec<(String, Vec<&Unit>)> = Vec::new();
        for (t, u) in trt.units.iter().enumerate() {
            if used[t] || done(&u.group) || copied_anywhere(&u.text, &src.units) {
                continue;
            }
            match parts.iter_mut().find(|(g, _)| *g == u.group) {
                Some((_, us)) => us.push(u),
                None => parts.push((u.group.clone(), vec![u])),
            }
        }
        let mut lost = Vec::new();
        for (group, us) in parts {
            let first = us[0];
            let part = match group.strip_prefix("fn:") {
                Some(label) => format!("footnote [^{label}]"),
                None if first.section.is_empty() => "the opening text".to_string(),
                None => format!("section \"{}\"", first.section),
            };
            let what = if us.len() == 1 {
                format!("a {} that matches", kind_name(&first.kind))
            } else {
                format!(
                    "{} blocks (lines {}–{}) that match",
                    us.len(),
                    first.line,
                    us[us.len() - 1].line
                )
            };
            lost.push(tr_src.error_at_line_col(
                first.line,
                1,
                format!(
                    "{part} of the translation has {what} no block of the source, and the import would drop it: translate every entry of {part} in {shown}, or import with --force to drop it"
                ),
            ));
        }
        if !lost.is_empty() {
            return Err(Error::Content(lost));
        }
    }
    // The chapter in the source's structure.
    let body = &src.text[src.body_offset..];
    let unit_of_block: BTreeMap<usize, usize> = src
        .units
        .iter()
        .enumerate()
        .filter_map(|(i, u)| u.block.map(|b| (b, i)))
        .collect();
    let text_of_block = |b: usize| -> Option<&String> {
        unit_of_block.get(&b).and_then(|&i| translation[i].as_ref())
    };
    let kept_text = |i: usize| -> Option<String> {
        let trt = ex.tr.as_ref()?;
        let tu = &trt.units[kept_unit(i)?];
        let b = &trt.blocks[tu.block?];
        Some(trt.text[trt.body_offset + b.range.start..trt.body_offset + b.range.end].to_string())
    };
    let alt = |b: usize| -> String {
        text_of_block(b)
            .cloned()
            .or_else(|| {
                let i = *unit_of_block.get(&b)?;
                let trt = ex.tr.as_ref()?;
                Some(trt.units[kept_unit(i)?].text.clone())
            })
            .unwrap_or_else(|| src.blocks[b].text.clone())
    };
    // The translation's markup where it stands for the source's (its own
    // image, its own link address), else the source's.
    let marks_of = |i: usize, block: &Block| -> Block {
        let (Some(f), Some(trt)) = (ex.found[i].as_ref(), ex.tr.as_ref()) else {
            return block.clone();
        };
        let Some(tb) = trt.units[f.unit].block.map(|b| &trt.blocks[b]) else {
            return block.clone();
        };
        with_markup(block, |j, _| f.marks.get(j).and_then(|&t| tb.marks.get(t)))
    };
    // A block with nothing to translate (an image alone): the
    // translation's own image where its description stands for the source's.
    let image_marks = |block: &Block| -> Block {
        let Some(trt) = ex.tr.as_ref() else {
            return block.clone();
        };
        with_markup(block, |_, m| {
            let ta = m
                .alt
                .and_then(|a| unit_of_block.get(&a).copied())
                .and_then(kept_unit)
                .and_then(|t| trt.units[t].block)?;
            trt.blocks
                .iter()
                .flat_map(|b| &b.marks)
                .find(|tm| tm.alt == Some(ta))
        })
    };
    // Headings whose id the source's text makes keep it, written out.
    let source_headings = &source.parsed.headings;
    let heading_blocks: Vec<usize> = src
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.kind.starts_with('h'))
        .map(|(i, _)| i)
        .collect();
    let heading_ids = heading_blocks.len() == source_headings.len();
    let mut new_body = String::with_capacity(body.len());
    let mut pos = 0;
    for (b, block) in src.blocks.iter().enumerate() {
        if block.kind == "alt" || block.range.start < pos {
            continue;
        }
        new_body.push_str(&body[pos..block.range.start]);
        let unit = unit_of_block.get(&b).copied();
        let restored = match (block.translatable(), text_of_block(b), unit) {
            (true, Some(t), Some(i)) => blocks::restore(t, &marks_of(i, block), &alt),
            (true, _, Some(i)) => {
                kept_text(i).unwrap_or_else(|| body[block.range.clone()].to_string())
            }
            _ => blocks::restore(&block.text, &image_marks(block), &alt),
        };
        new_body.push_str(&restored);
        if heading_ids
            && let Some(k) = heading_blocks.iter().position(|&h| h == b)
            && !source_headings[k].explicit
            && !restored.contains("{#")
        {
            new_body.push_str(&format!(" {{#{}}}", source_headings[k].id));
        }
        pos = block.range.end;
    }
    new_body.push_str(&body[pos..]);

    // The front matter: the translation's, its title and summary set.
    let existing_text = fs::read_to_string(&path).ok();
    let mut front_text = match existing_text
        .as_deref()
        .map(|t| t.strip_prefix('\u{feff}').unwrap_or(t))
    {
        Some(t) => match frontmatter::split(t) {
            Some(split) => t[..split.body_offset].to_string(),
            None => String::new(),
        },
        None => String::new(),
    };
    if front_text.trim().is_empty() {
        front_text = match &src.front.id {
            Some(id) => format!("---\nid: {id}\n---\n"),
            None => "---\n---\n".to_string(),
        };
    }
    if !front_text.ends_with('\n') {
        front_text.push('\n');
    }
    // The note `kitap new chapter` writes into an empty translation.
    front_text = front_text
        .split_inclusive('\n')
        .filter(|l| {
            !l.starts_with("# Not translated yet") && !l.starts_with("# written below. Then run")
        })
        .collect();
    let set = |front: &mut String, key: &str, v: String| {
        if let Some(t) = crate::edit::set_front_matter_key(front, key, &v) {
            *front = t;
        }
    };
    for key in ["title", "summary"] {
        if let Some(&i) = by_key.get(key)
            && let Some(t) = &translation[i]
        {
            set(&mut front_text, key, yaml_scalar(t));
        }
    }
    let complete = fuzzy_or_empty.is_empty();
    let named = ex.tr.as_ref().and_then(|t| t.front.translation_of.clone());
    let mut kept = None;
    let mut unstamped = false;
    if complete {
        set(&mut front_text, "translation_of", source.version.clone());
        let source_text = fs::read_to_string(root.join(&source.display_path))
            .map_err(|e| Error::io(root.join(&source.display_path), e))?;
        kept = Some((source.version.clone(), source_text));
    } else if named.as_deref() == Some(source.version.as_str()) && pending.iter().any(|p| !p.kept) {
        // Blocks in the source language now: no longer up to date.
        front_text = without_key(&front_text, "translation_of");
        unstamped = true;
    }
    let body_text = if front_text.contains("\r\n") {
        new_body.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        new_body
    };
    let text = format!("{front_text}{body_text}");
    ChapterText::of(text.clone(), &shown_tr)?;
    let entries = catalog.entries.len();
    let bom = existing_text
        .as_deref()
        .is_some_and(|t| t.starts_with('\u{feff}'));
    let text = if bom { format!("\u{feff}{text}") } else { text };
    let unchanged = existing_text.as_deref() == Some(text.as_str());
    Ok((
        (!unchanged).then(|| Change {
            from: existing_text.is_some().then(|| path.clone()),
            to: path.clone(),
            text,
        }),
        ImportedChapter {
            path,
            po: po.to_path_buf(),
            entries,
            stamped: complete.then(|| source.version.clone()),
            still_up_to_date: !complete
                && !unstamped
                && named.as_deref() == Some(source.version.as_str()),
            pending,
            unstamped,
            unchanged,
        },
        kept,
    ))
}

/// `block` with the markup (`[`, `](url)`, `![`…) of each placeholder that
/// `theirs` finds in the translation (by its place and the source's mark).
fn with_markup<'m>(
    block: &Block,
    theirs: impl Fn(usize, &blocks::Mark) -> Option<&'m blocks::Mark>,
) -> Block {
    let mut block = block.clone();
    for (j, m) in block.marks.iter_mut().enumerate() {
        if let Some(tm) = theirs(j, m) {
            m.open = tm.open.clone();
            m.close = tm.close.clone();
        }
    }
    block
}

/// Whether `text` is the text of some unit of the source (a translation
/// block that is the source's own, copied, is never lost).
fn copied_anywhere(text: &str, src: &[Unit]) -> bool {
    src.iter().any(|u| u.text == text)
}

/// What a unit is called in messages.
fn kind_name(kind: &str) -> &'static str {
    match kind {
        "li" => "list item",
        "td" => "table cell",
        "alt" => "image description",
        "title" => "title",
        "summary" => "summary",
        k if k.starts_with('h') => "heading",
        _ => "paragraph",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(group: &str, kind: &str, text: &str) -> Unit {
        Unit {
            key: String::new(),
            kind: kind.into(),
            group: group.into(),
            section: String::new(),
            text: text.into(),
            line: 1,
            block: None,
        }
    }

    #[test]
    fn sections_align_when_their_blocks_match() {
        let src = [
            unit("s0", "p", "a"),
            unit("#x", "h2", "X"),
            unit("#x", "p", "b"),
            unit("#y", "h2", "Y"),
            unit("#y", "p", "c"),
        ];
        let tr = [
            unit("s0", "p", "а"),
            unit("#x", "h2", "Икс"),
            unit("#x", "p", "б"),
            unit("#x", "p", "extra"),
            unit("#y", "h2", "Игрек"),
            unit("#y", "p", "в"),
        ];
        assert_eq!(
            align(&src, &tr),
            [
                Some((0, true)),
                Some((1, true)),
                Some((2, false)),
                Some((4, true)),
                Some((5, true))
            ]
        );
    }

    #[test]
    fn front_matter_values_read_back_as_written() {
        for v in [
            "Құқықтар мен \"қорғау\"",
            "Rights: and remedies",
            "- a list?",
            "yes",
            "2024",
            "#1 topic",
            "Заң #2",
            " spaced ",
            "it's",
        ] {
            let text = format!("---\ntitle: {}\n---\nText.\n", yaml_scalar(v));
            let c = ChapterText::of(text.clone(), "t.md").unwrap();
            assert_eq!(c.front.title.as_deref(), Some(v), "{text}");
        }
        assert_eq!(yaml_scalar("Ұсынымдар"), "Ұсынымдар");
    }

    #[test]
    fn changed_blocks_follow_their_old_text() {
        let old = [
            unit("s0", "p", "a"),
            unit("s0", "p", "b"),
            unit("s0", "p", "c"),
        ];
        let new = [
            unit("s0", "p", "a"),
            unit("s0", "p", "B!"),
            unit("s0", "li", "new"),
            unit("s0", "p", "c"),
        ];
        assert_eq!(follow(&old, &new), [Some(0), Some(1), None, Some(2)]);
    }
}
