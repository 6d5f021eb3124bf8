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
/// (matched by what they are: the same link, code, emphasis), or `None`
/// when the markup differs.
fn renumber(text: &str, tr: Option<&Block>, src: Option<&Block>) -> Option<String> {
    let (Some(tr), Some(src)) = (tr, src) else {
        return Some(text.to_string());
    };
    if tr.marks.len() != src.marks.len() {
        return None;
    }
    let mut map = vec![0usize; tr.marks.len()];
    let mut used = vec![false; src.marks.len()];
    let kind = |sig: &str| sig.split(':').next().unwrap_or("").to_string();
    // Same markup first, then the same kind of markup in order.
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
    Some(out)
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
    let existing: Vec<String> = files
        .iter()
        .filter(|(p, _, _)| p.exists())
        .map(|(p, _, _)| p.display().to_string())
        .collect();
    if !existing.is_empty() && !*force {
        return Err(Error::Usage(format!(
            "{} already exist{} (import {} first, or export with --force to replace {}): {}",
            if existing.len() == 1 {
                "a PO file"
            } else {
                "PO files"
            },
            if existing.len() == 1 { "s" } else { "" },
            if existing.len() == 1 { "it" } else { "them" },
            if existing.len() == 1 { "it" } else { "them" },
            existing.join(", ")
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

fn export_chapter(
    root: &Path,
    book: &Book,
    lang: &Lang,
    source: &Chapter,
    date: &str,
) -> Result<(Catalog, ExportCounts)> {
    let src = ChapterText::read(&root.join(&source.display_path), &source.display_path)?;
    // What each source unit's translation is: (text, fuzzy, previous source).
    let mut found: Vec<Option<(String, bool, Option<String>)>> = vec![None; src.units.len()];
    let mut unaligned: Vec<Option<String>> = vec![None; src.units.len()];
    let mut differing = BTreeMap::new();
    if let Some(tr) = book.translation(lang, &source.id) {
        let trt = ChapterText::read(&root.join(&tr.display_path), &tr.display_path)?;
        let named = tr.translation_of.as_deref();
        let old = named
            .filter(|v| *v != source.version)
            .and_then(|v| crate::translate::kept(root, v))
            .and_then(|t| ChapterText::of(t, &source.display_path).ok());
        let up_to_date = named == Some(source.version.as_str());
        match old {
            // Stale, and the source it was made from is known: the
            // translation follows that source; blocks changed since are
            // fuzzy with their old text.
            Some(old) => {
                let to_old = align(&old.units, &trt.units);
                differing = differing_parts(&src.units, &trt.units);
                let old_of_new = follow(&old.units, &src.units);
                for (i, o) in old_of_new.iter().enumerate() {
                    let Some(o) = *o else { continue };
                    let Some((t, certain)) = to_old[o] else {
                        continue;
                    };
                    let u = &src.units[i];
                    let text = renumber(
                        &trt.units[t].text,
                        trt.units[t].block.map(|b| &trt.blocks[b]),
                        u.block.map(|b| &src.blocks[b]),
                    );
                    let changed = old.units[o].text != u.text;
                    match text {
                        Some(text) => {
                            found[i] = Some((
                                text,
                                changed || !certain,
                                changed.then(|| old.units[o].text.clone()),
                            ))
                        }
                        None => unaligned[i] = Some(trt.units[t].text.clone()),
                    }
                }
            }
            None => {
                differing = differing_parts(&src.units, &trt.units);
                for (i, t) in align(&src.units, &trt.units).into_iter().enumerate() {
                    let Some((t, certain)) = t else { continue };
                    let u = &src.units[i];
                    match renumber(
                        &trt.units[t].text,
                        trt.units[t].block.map(|b| &trt.blocks[b]),
                        u.block.map(|b| &src.blocks[b]),
                    ) {
                        Some(text) => found[i] = Some((text, !up_to_date || !certain, None)),
                        None => unaligned[i] = Some(trt.units[t].text.clone()),
                    }
                }
            }
        }
    }
    let mut counts = ExportCounts::default();
    let mut entries = Vec::new();
    for (i, u) in src.units.iter().enumerate() {
        let mut e = Entry {
            context: Some(format!("{}:{}", source.id, u.key)),
            id: u.text.clone(),
            references: vec![format!("{}:{}", source.display_path, u.line)],
            ..Default::default()
        };
        if !u.section.is_empty() && u.kind != "h1" && !u.kind.starts_with('h') {
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
        if let Some((text, fuzzy, previous)) = found[i].take() {
            counts.translated += 1;
            counts.fuzzy += usize::from(fuzzy);
            e.translation = text;
            e.fuzzy = fuzzy;
            e.previous = previous;
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

/// A block the import left as it was, or wrote from a fuzzy entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// The PO file and the entry's line.
    pub at: String,
    /// The block (`legal-framework:p3`).
    pub block: String,
    /// Fuzzy (written, to be checked) or untranslated (source text kept).
    pub fuzzy: bool,
}

/// What `kitap po import` wrote.
#[derive(Debug)]
pub struct Imported {
    /// Each chapter written: its file, the PO file, blocks, whether it is
    /// now marked up to date (with that version).
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
}

/// `kitap po import FILE…`: each PO file's translation written into its
/// chapter, all of them or none.
pub fn import(root: &Path, files: &[PathBuf]) -> Result<Imported> {
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
        match import_one(root, book, po) {
            Ok((change, chapter, kept)) => {
                if let Some(first) = targets.insert(change.to.clone(), po.clone()) {
                    diags.push(Diagnostic::file_error(
                        po.display().to_string(),
                        format!(
                            "{} is also imported from {}: import one of them",
                            change.to.display(),
                            first.display()
                        ),
                    ));
                }
                plan.push(change);
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
        crate::translate::keep(root, version, text)?;
    }
    apply_checked(root, plan, "the import")?;
    Ok(Imported { chapters })
}

type OneImport = (Change, ImportedChapter, Option<(String, String)>);

fn import_one(root: &Path, book: &Book, po: &Path) -> Result<OneImport> {
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
    let site = root.join("site");
    let lang = translation_lang(book, &site, lang).map_err(|e| match e {
        Error::Usage(m) => whole(format!("header `Language`: {m}")),
        e => e,
    })?;
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
                "header `X-Kitap-Chapter`: no chapter `{chapter}` in the source language `{default}`"
            ))
        })?;
    let src = ChapterText::read(&root.join(&source.display_path), &source.display_path)?;
    let mut errors = Vec::new();
    let again = "the source changed since this file was exported: export it again (`kitap po export LANG ID --force`; your tool's translation memory carries your work over)";
    // Each unit's entry.
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
        let Some(ctx) = e.context.as_deref() else {
            errors.push(at(
                "an entry without `msgctxt`: kitap names every block there".into(),
            ));
            continue;
        };
        let Some(key) = ctx.strip_prefix(&prefix) else {
            errors.push(at(format!(
                "`msgctxt \"{ctx}\"` belongs to another chapter than `{}` (the header's)",
                source.id
            )));
            continue;
        };
        match by_key.get(key) {
            Some(&i) if src.units[i].text == e.id => {
                if entry_of[i].is_some() {
                    errors.push(at(format!("a second entry for `{ctx}`")));
                }
                entry_of[i] = Some(e);
            }
            Some(_) => errors.push(at(format!(
                "the source of `{ctx}` is not this msgid now: {again}"
            ))),
            None => errors.push(at(format!("the source has no block `{ctx}` now: {again}"))),
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
    // Each unit's translation, its placeholders checked.
    let mut pending = Vec::new();
    let mut translation: Vec<Option<String>> = vec![None; src.units.len()];
    for (i, e) in entry_of.iter().enumerate() {
        let Some(e) = e else { continue };
        let u = &src.units[i];
        let at = format!("{shown}:{}", e.line);
        let block_name = format!("{}:{}", source.id, u.key);
        if e.translation.trim().is_empty() {
            pending.push(Pending {
                at,
                block: block_name,
                fuzzy: false,
            });
            continue;
        }
        let checked = match u.block {
            Some(b) => blocks::check(&e.translation, &src.blocks[b]),
            None => Ok(()),
        };
        match checked {
            Ok(()) => translation[i] = Some(e.translation.trim().to_string()),
            // A fuzzy entry is a suggestion: when its placeholders do not
            // fit, the source text stays.
            Err(_) if e.fuzzy => {}
            Err(why) => errors.push(src_po.error_at_line_col(
                e.translation_at.0,
                e.translation_at.1,
                format!("`{block_name}`: {why}"),
            )),
        }
        if e.fuzzy {
            pending.push(Pending {
                at,
                block: block_name,
                fuzzy: true,
            });
        }
    }
    if !errors.is_empty() {
        return Err(Error::Content(errors));
    }
    // The chapter in the source's structure, with the translations.
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
    let alt = |b: usize| -> String {
        text_of_block(b)
            .cloned()
            .unwrap_or_else(|| src.blocks[b].text.clone())
    };
    let mut new_body = String::with_capacity(body.len());
    let mut pos = 0;
    for (b, block) in src.blocks.iter().enumerate() {
        if block.kind == "alt" || block.range.start < pos {
            continue;
        }
        new_body.push_str(&body[pos..block.range.start]);
        match (block.translatable(), text_of_block(b)) {
            (true, Some(t)) => new_body.push_str(&blocks::restore(t, block, &alt)),
            (true, None) => new_body.push_str(&body[block.range.clone()]),
            (false, _) => new_body.push_str(&blocks::restore(&block.text, block, &alt)),
        }
        pos = block.range.end;
    }
    new_body.push_str(&body[pos..]);

    let path = translation_path(root, book, &lang, source);
    let existing = fs::read_to_string(&path).ok();
    let front_text = match existing
        .as_deref()
        .map(|t| t.strip_prefix('\u{feff}').unwrap_or(t))
    {
        Some(t) => match frontmatter::split(t) {
            Some(split) => t[..split.body_offset].to_string(),
            None => String::new(),
        },
        None => String::new(),
    };
    let mut front_text = if front_text.trim().is_empty() {
        match &src.front.id {
            Some(id) => format!("---\nid: {id}\n---\n"),
            None => "---\n---\n".to_string(),
        }
    } else {
        front_text
    };
    if !front_text.ends_with('\n') {
        front_text.push('\n');
    }
    let value = |key: &str| -> Option<String> {
        by_key.get(key).and_then(|&i| {
            translation[i]
                .clone()
                .or_else(|| Some(src.units[i].text.clone()))
        })
    };
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut set = |key: &str, v: String| {
        if let Some(t) = crate::edit::set_front_matter_key(&front_text, key, &v) {
            front_text = t;
        }
    };
    if let Some(t) = value("title") {
        set("title", quoted(&t));
    }
    if let Some(s) = value("summary") {
        set("summary", quoted(&s));
    }
    let tags: Vec<String> = (1..).map_while(|n| value(&format!("tag{n}"))).collect();
    if !tags.is_empty() {
        set(
            "tags",
            format!(
                "[{}]",
                tags.iter()
                    .map(|t| quoted(t))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    let complete = pending.is_empty();
    let mut kept = None;
    if complete {
        set("translation_of", source.version.clone());
        let source_text = fs::read_to_string(root.join(&source.display_path))
            .map_err(|e| Error::io(root.join(&source.display_path), e))?;
        kept = Some((source.version.clone(), source_text));
    }
    let eol_body = if front_text.contains("\r\n") {
        new_body.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        new_body
    };
    let text = format!("{front_text}{eol_body}");
    // The file as written must read as a chapter with the front matter meant.
    ChapterText::of(text.clone(), &path.display().to_string())?;
    let entries = catalog.entries.len();
    Ok((
        Change {
            from: existing.is_some().then(|| path.clone()),
            to: path.clone(),
            text,
        },
        ImportedChapter {
            path,
            po: po.to_path_buf(),
            entries,
            pending,
            stamped: complete.then(|| source.version.clone()),
        },
        kept,
    ))
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
