//! Chapters: validated front matter plus converted Markdown. Plain data.
//!
//! Owns turning one [`ChapterFile`] into a [`Chapter`]: the front matter is
//! parsed and checked (title required, id and order from the file name when
//! not given), the body converted by `markdown`, and the source version (a
//! short hash of the normalised body) computed. It does not look at other
//! chapters: `resolve` does that.

use crate::error::Diagnostic;
use crate::frontmatter;
use crate::lang::{ChapterId, Lang};
use crate::load::ChapterFile;
use crate::markdown::{self, Parsed};
use sha2::{Digest, Sha256};

/// One chapter in one language.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// Its language.
    pub lang: Lang,
    /// Stable id shared by translations.
    pub id: ChapterId,
    /// Title.
    pub title: String,
    /// Position in the book.
    pub order: i64,
    /// One-sentence summary.
    pub summary: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Whether it is a draft.
    pub draft: bool,
    /// The source version this translation names.
    pub translation_of: Option<String>,
    /// The front matter as written (the fields above are made from it).
    pub front: frontmatter::FrontMatter,
    /// Path under `site/`, `/`-separated (`en/02-legal.md`).
    pub site_path: String,
    /// Path shown in messages (`site/en/02-legal.md`).
    pub display_path: String,
    /// Short hash of the normalised body, which translations name in
    /// `translation_of`. Only chapters in the default language have one
    /// (empty otherwise): no other version is ever compared.
    pub version: String,
    /// The converted Markdown (its `html` has link placeholders; the book
    /// fills them in). The file's text is not kept: links carry their line
    /// and column.
    pub parsed: Parsed,
}

/// Validate and convert one chapter file. Returns the chapter (or `None` when
/// it has errors) and every diagnostic found. `versioned`: the chapter is in
/// the default language, so its [`Chapter::version`] is computed.
pub fn chapter_from(
    file: ChapterFile,
    lang: &Lang,
    versioned: bool,
    terms: &[crate::glossary::Term],
) -> (Option<Chapter>, Vec<Diagnostic>) {
    let src = &file.src;
    let Some(split) = frontmatter::split(&src.text) else {
        let d = src.error_at_line_col(
            1,
            1,
            "chapter has no front matter: start the file with a `---` line, `title: …`, and another `---`",
        );
        return (None, vec![d]);
    };
    let (fm, mut diags) = match frontmatter::parse_front_matter(src, &split) {
        Ok(v) => v,
        Err(d) => return (None, vec![d]),
    };
    let file_name = file.rel.rsplit('/').next().unwrap_or(&file.rel);
    let stem = file_name.strip_suffix(".md").unwrap_or(file_name);
    let (prefix, name) = split_order_prefix(stem);
    let mut ok = true;
    let mut error = |msg: String| {
        diags.push(src.error_at_line_col(1, 1, msg));
        ok = false;
    };

    let title = fm
        .title
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_string();
    if title.is_empty() {
        error("front matter has no `title`".into());
    }
    let raw_id = fm.id.clone().unwrap_or_else(|| name.to_string());
    let id = ChapterId::parse(&raw_id);
    if id.is_none() {
        error(invalid_id(&raw_id));
    }
    let order = fm.order.or(prefix);
    if order.is_none() {
        error("chapter has no order: start the file name with a number (`03-name.md`) or set `order:`".into());
    }

    let dir = match file.rel.rsplit_once('/') {
        Some((d, _)) => format!("{}/{d}", file.top),
        None => file.top.clone(),
    };
    let parsed = markdown::parse(
        src,
        split.body,
        split.body_offset,
        &dir,
        &lang.profile().punctuation,
        terms,
    );
    diags.extend(parsed.diagnostics.iter().cloned());
    // A chapter whose Markdown has errors (a forbidden URL, written as `#`)
    // is still kept, so that its other links are checked in the same run;
    // the errors stop the build before anything is written.
    let (Some(id), Some(order), true) = (id, order, ok) else {
        return (None, diags);
    };
    // A translation with front matter only (as `kitap new chapter` and
    // `kitap init` write them) is not a translation yet: the chapter counts
    // as missing in this language, whose page shows the source text.
    if !versioned && split.body.trim().is_empty() {
        return (None, diags);
    }
    let version = if versioned {
        version_of_chapter(
            &title,
            fm.summary.as_deref(),
            fm.tags.as_deref().unwrap_or_default(),
            split.body,
        )
    } else {
        String::new()
    };
    let site_path = format!("{}/{}", file.top, file.rel);
    let display_path = src.path.clone();
    let chapter = Chapter {
        lang: lang.clone(),
        id,
        title,
        order,
        summary: fm
            .summary
            .as_deref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        tags: fm.tags.clone().unwrap_or_default(),
        draft: fm.draft.unwrap_or(false),
        translation_of: fm.translation_of.clone(),
        front: fm,
        site_path,
        display_path,
        version,
        parsed: Parsed {
            diagnostics: Vec::new(),
            ..parsed
        },
    };
    (Some(chapter), diags)
}

/// Why `raw` is not a chapter id (it has been refused by [`ChapterId::parse`]).
pub fn invalid_id(raw: &str) -> String {
    let chars = raw.chars().count();
    if chars > ChapterId::MAX_LEN {
        let start: String = raw.chars().take(20).collect();
        return format!(
            "chapter id `{start}…` is {chars} characters long; at most {} are allowed (ids become file names; set a shorter `id:` in the front matter)",
            ChapterId::MAX_LEN
        );
    }
    if ChapterId::RESERVED.contains(&raw) {
        return format!(
            "chapter id `{raw}` is the name of a page kitap writes ({}); set another `id:` in the front matter",
            ChapterId::RESERVED.join(", ")
        );
    }
    format!(
        "chapter id `{raw}` must be lower-case ASCII letters, digits and single `-` between them (set `id:` in the front matter)"
    )
}

/// `03-name` -> (Some(3), "name"); `name` -> (None, "name").
pub fn split_order_prefix(stem: &str) -> (Option<i64>, &str) {
    match stem.split_once('-') {
        Some((n, rest))
            if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty() =>
        {
            (n.parse().ok(), rest)
        }
        _ => (None, stem),
    }
}

/// The source version of a chapter: its body ([`version_of`]) and the front
/// matter a translation translates — title, summary, tags — so that a
/// change to any of them makes the translations stale. Spaces around the
/// title and summary do not count.
pub fn version_of_chapter(
    title: &str,
    summary: Option<&str>,
    tags: &[String],
    body: &str,
) -> String {
    let summary = summary.map(str::trim).unwrap_or_default();
    let mut text = format!("title: {}\nsummary: {summary}\ntags:", title.trim());
    for tag in tags {
        text.push('\u{1f}');
        text.push_str(tag.trim());
    }
    text.push_str("\n---\n");
    text.push_str(body);
    version_of(&text)
}

/// The source version of a body: line endings and trailing spaces do not count.
pub fn version_of(body: &str) -> String {
    let body = body.trim_end();
    let mut hasher = Sha256::new();
    if needs_line_cleanup(body) {
        for line in body.lines() {
            hasher.update(line.trim_end().as_bytes());
            hasher.update(b"\n");
        }
    } else {
        // Already clean (the usual case): the same bytes in one go.
        hasher.update(body.as_bytes());
        hasher.update(b"\n");
    }
    let digest = hasher.finalize();
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether some line of `body` ends in `\r` or other white space (an
/// empty line does not count).
fn needs_line_cleanup(body: &str) -> bool {
    memchr::memchr_iter(b'\n', body.as_bytes()).any(|end| {
        body[..end]
            .chars()
            .next_back()
            .is_some_and(|c| c != '\n' && c.is_whitespace())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::SourceText;

    fn file(rel: &str, text: &str) -> ChapterFile {
        ChapterFile {
            top: "en".into(),
            rel: rel.into(),
            src: SourceText {
                path: format!("site/en/{rel}"),
                text: text.into(),
            },
        }
    }

    #[test]
    fn id_and_order_come_from_the_file_name() {
        let (c, d) = chapter_from(
            file("03-legal-framework.md", "---\ntitle: Law\n---\nText\n"),
            &Lang::parse("en").unwrap(),
            true,
            &[],
        );
        assert!(d.is_empty(), "{d:?}");
        let c = c.unwrap();
        assert_eq!((c.id.as_str(), c.order), ("legal-framework", 3));
    }

    #[test]
    fn missing_title_and_front_matter_are_errors() {
        let en = Lang::parse("en").unwrap();
        let (c, d) = chapter_from(file("01-a.md", "---\nsummary: x\n---\n"), &en, true, &[]);
        assert!(c.is_none());
        assert!(d[0].message.contains("no `title`"));
        let (c, d) = chapter_from(file("01-a.md", "# No front matter\n"), &en, true, &[]);
        assert!(c.is_none());
        assert!(d[0].message.contains("no front matter"));
    }

    #[test]
    fn version_ignores_line_endings_and_trailing_spaces() {
        assert_eq!(version_of("a  \r\nb\r\n"), version_of("a\nb\n\n"));
        assert_eq!(version_of("a\u{a0}\nb \n"), version_of("a\nb"));
        assert_eq!(version_of("a\n\nb"), version_of("a  \n\t\nb\r\n"));
        assert_ne!(version_of("a\nb"), version_of("a\nc"));
        // The translated front matter counts; spaces around it do not.
        let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let v = version_of_chapter("T", Some("S"), &tags(&["a", "b"]), "x\n");
        assert_eq!(
            v,
            version_of_chapter(" T ", Some("S "), &tags(&["a", "b"]), "x")
        );
        assert_ne!(
            v,
            version_of_chapter("U", Some("S"), &tags(&["a", "b"]), "x\n")
        );
        assert_ne!(v, version_of_chapter("T", None, &tags(&["a", "b"]), "x\n"));
        assert_ne!(v, version_of_chapter("T", Some("S"), &tags(&["ab"]), "x\n"));
        assert_ne!(
            v,
            version_of_chapter("T", Some("S"), &tags(&["a", "b"]), "y\n")
        );
    }
}
