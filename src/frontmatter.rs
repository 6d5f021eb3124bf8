//! YAML reading: chapter front matter, and the shared YAML helper that
//! `config` and `i18n` use.
//!
//! Owns splitting a chapter into front matter and body (with the body's byte
//! offset, so later stages report positions in the file) and parsing YAML with
//! serde-saphyr: errors keep their line and column; duplicate keys are errors;
//! aliases and nesting are bounded by serde-saphyr's default budget; unknown
//! keys are warnings naming the nearest known key. Pure: no I/O.

use crate::error::{Diagnostic, QUOTED, SourceText, shorten};
use rustc_hash::FxHashMap;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

/// Declares [`FrontMatter`] and [`FRONT_MATTER_KEYS`] from one list, so a
/// new key cannot be known to one and not the other.
macro_rules! front_matter {
    ($($(#[$doc:meta])* $key:ident: $ty:ty,)*) => {
        /// Front matter as written, before validation. Compared whole by
        /// `serve` to tell an edit of the text from a structural change.
        #[derive(Debug, Clone, Default, PartialEq, Deserialize)]
        pub struct FrontMatter {
            $($(#[$doc])* pub $key: Option<$ty>,)*
        }

        /// The keys [`FrontMatter`] knows.
        pub const FRONT_MATTER_KEYS: &[&str] = &[$(stringify!($key)),*];
    };
}

front_matter! {
    /// Stable id shared by translations.
    id: String,
    /// Chapter title (required).
    title: String,
    /// Position in the book.
    #[serde(default, deserialize_with = "whole_number")]
    order: i64,
    /// One-sentence summary.
    summary: String,
    /// Tags.
    tags: Vec<String>,
    /// Left out of the build unless `--drafts`.
    draft: bool,
    /// Source version this translation was made from.
    translation_of: String,
    /// Keys a theme defines for itself (`extra: {banner: …}`), given to its
    /// templates as they are written.
    extra: BTreeMap<String, serde_json::Value>,
}

/// `order:` as a whole number, with a message that says so for anything
/// else (`8.5`, `two`), rather than the YAML reader's "expected i64".
fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    struct Whole;
    impl<'de> serde::de::Visitor<'de> for Whole {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a whole number")
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            i64::try_from(v)
                .map(Some)
                .map_err(|_| E::custom(format!("`order` is {v}: too large")))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Err(E::custom(format!(
                "`order` must be a whole number, not {v} (to put a chapter between two others, renumber them: kitap new chapter NAME --after ID, or kitap mv ID --after ID)"
            )))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Err(E::custom(format!(
                "`order` must be a whole number (1, 2, 3 …), not `{v}`"
            )))
        }
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
            self.visit_str(if v { "true" } else { "false" })
        }
        // A list or a map is read to its end first, so that YAML broken
        // inside it is reported where it breaks.
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            Err(serde::de::Error::custom(
                "`order` must be a whole number, not a list",
            ))
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            while map
                .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                .is_some()
            {}
            Err(serde::de::Error::custom(
                "`order` must be a whole number, not a map",
            ))
        }
    }
    d.deserialize_any(Whole)
}

/// A chapter split into its parts.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// 0-based line of the first YAML line in the file.
    pub yaml_line_offset: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// Byte offset of `body` in the file text.
    pub body_offset: usize,
}

/// Split `text` at its front matter fences; `None` if it has none.
pub fn split(text: &str) -> Option<Split<'_>> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_end + 1;
    let mut pos = yaml_start;
    while pos <= text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "---" {
            let body_offset = (end + 1).min(text.len());
            return Some(Split {
                yaml: &text[yaml_start..pos],
                yaml_line_offset: 1,
                body: &text[body_offset..],
                body_offset,
            });
        }
        if end == text.len() {
            break;
        }
        pos = end + 1;
    }
    None
}

/// Parse YAML found in `src` starting at 0-based line `line_offset` into `T`.
///
/// Returns the value and warnings for keys not in `known` (skipped when
/// `known` is empty).
pub fn parse_yaml<T: DeserializeOwned>(
    src: &SourceText,
    yaml: &str,
    line_offset: usize,
    known: &[&str],
) -> Result<(T, Vec<Diagnostic>), Diagnostic> {
    let options = serde_saphyr::options! {};
    // One read: serde_ignored reports the keys `T` has no field for.
    let mut ignored = Vec::new();
    let value: T = serde_saphyr::with_deserializer_from_str_with_options(yaml, options, |de| {
        serde_ignored::deserialize(de, |path| {
            if let serde_ignored::Path::Map {
                parent: serde_ignored::Path::Root,
                key,
            } = path
            {
                ignored.push(key);
            }
        })
    })
    .map_err(|e| yaml_error(src, line_offset, &e))?;
    let warnings = if known.is_empty() {
        Vec::new()
    } else {
        unknown_key_warnings(src, yaml, line_offset, known, &ignored)
    };
    Ok((value, warnings))
}

fn yaml_error(src: &SourceText, line_offset: usize, e: &serde_saphyr::Error) -> Diagnostic {
    let rendered = e
        .without_snippet()
        .render_with_options(serde_saphyr::render_options! {
            snippets: serde_saphyr::SnippetMode::Off,
        });
    let message = clean_yaml_message(&rendered);
    match e.location() {
        Some(loc) if loc.line() > 0 => src.error_at_line_col(
            loc.line() as usize + line_offset,
            loc.column() as usize,
            message,
        ),
        _ => src.error_at_line_col(line_offset + 1, 1, message),
    }
}

/// serde-saphyr appends " at line L, column C" and advice for its own API;
/// we show the position ourselves and keep the plain message.
fn clean_yaml_message(rendered: &str) -> String {
    let msg = rendered
        .rfind(" at line ")
        .map_or(rendered, |i| &rendered[..i]);
    let msg = msg.split(", set DuplicateKeyPolicy").next().unwrap_or(msg);
    // Our own messages (`order` must be …) say what is wrong already.
    if msg.starts_with('`') {
        return msg.to_string();
    }
    format!("invalid YAML: {msg}")
}

/// Warnings for the top-level keys `ignored` that are not in `known`,
/// naming the nearest known one, each at the first line whose key it is
/// (else the first line of the YAML). The YAML is read once.
fn unknown_key_warnings(
    src: &SourceText,
    yaml: &str,
    line_offset: usize,
    known: &[&str],
    ignored: &[String],
) -> Vec<Diagnostic> {
    let unknown: Vec<&String> = ignored
        .iter()
        .filter(|k| !known.contains(&k.as_str()))
        .collect();
    if unknown.is_empty() {
        return Vec::new();
    }
    // Each line's key as YAML reads a plain one: what comes before the
    // first `:` followed by a space or the end of the line, without the
    // spaces before it; the first line of each key.
    let mut lines: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, l) in yaml.lines().enumerate() {
        let colon = l
            .match_indices(':')
            .find(|(at, _)| l[at + 1..].chars().next().is_none_or(char::is_whitespace));
        if let Some((at, _)) = colon {
            lines.entry(l[..at].trim_end()).or_insert(i);
        }
    }
    let mut warnings: Vec<Diagnostic> = unknown
        .into_iter()
        .map(|key| {
            let line = lines.get(key.as_str()).map_or(0, |&i| i) + line_offset + 1;
            let hint = nearest(key, known)
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            Diagnostic::error_at_position(
                src.path.clone(),
                (line, 1),
                format!("unknown key `{}` is ignored{hint}", shorten(key, QUOTED)),
            )
            .warning()
        })
        .collect();
    src.attach_excerpts(&mut warnings);
    warnings
}

/// The known key closest to `key`, if any is reasonably close.
pub fn nearest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let len = key.chars().count();
    known
        .iter()
        .filter_map(|k| {
            let most = 2.max(k.len() / 3);
            // The distance is at least the difference in length: a key far
            // longer or shorter is not compared (the comparison costs the
            // product of the two lengths).
            (len.abs_diff(k.chars().count()) <= most)
                .then(|| (strsim::damerau_levenshtein(key, k), *k))
                .filter(|(d, _)| *d <= most)
        })
        .min()
        .map(|(_, k)| k)
}

/// Parse a chapter's front matter. Errors point into the file.
pub fn parse_front_matter(
    src: &SourceText,
    split: &Split<'_>,
) -> Result<(FrontMatter, Vec<Diagnostic>), Diagnostic> {
    if split.yaml.trim().is_empty() {
        return Ok((FrontMatter::default(), Vec::new()));
    }
    parse_yaml(src, split.yaml, split.yaml_line_offset, FRONT_MATTER_KEYS)
}

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
    fn splits_lf_and_crlf() {
        for text in [
            "---\ntitle: A\n---\n# Body\n",
            "---\r\ntitle: A\r\n---\r\n# Body\r\n",
        ] {
            let s = split(text).unwrap();
            assert!(s.yaml.starts_with("title: A"));
            assert!(s.body.starts_with("# Body"));
            assert_eq!(&text[s.body_offset..], s.body);
        }
    }

    #[test]
    fn no_front_matter_is_none() {
        assert!(split("# Just a heading\n").is_none());
        assert!(split("---\ntitle: never closed\n").is_none());
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let text = "---\ntitle: A\norder: two\n---\nbody";
        let s = src(text);
        let sp = split(text).unwrap();
        let err = parse_front_matter(&s, &sp).unwrap_err();
        assert_eq!((err.line, err.col), (3, 8));
        assert!(
            err.message.contains("`order` must be a whole number"),
            "{}",
            err.message
        );
        let text = "---\ntitle: A\norder: 8.5\n---\nbody";
        let err = parse_front_matter(&src(text), &split(text).unwrap()).unwrap_err();
        assert!(
            err.message
                .starts_with("`order` must be a whole number, not 8.5"),
            "{}",
            err.message
        );
        let text = "---\ntitle: A\norder: 7\n---\nbody";
        let (fm, _) = parse_front_matter(&src(text), &split(text).unwrap()).unwrap();
        assert_eq!(fm.order, Some(7));
        let text = "---\ntitle: A\ntitle_x: {a: [}\n---\nbody";
        let err = parse_front_matter(&src(text), &split(text).unwrap()).unwrap_err();
        assert!(err.message.contains("invalid YAML"), "{}", err.message);
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let text = "---\ntitle: A\ntitle: B\n---\n";
        let err = parse_front_matter(&src(text), &split(text).unwrap()).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("duplicate"), "{}", err.message);
    }

    #[test]
    fn unknown_keys_are_found_however_the_mapping_is_written() {
        let warnings = |yaml: &str| {
            let text = format!("---\n{yaml}---\n");
            parse_front_matter(&src(&text), &split(&text).unwrap())
                .unwrap()
                .1
        };
        let plain = "# note\ntitle: A\ntags:\n- a\n- b\nsummary: |\n  text: x\n\ndraft: true\n";
        assert!(warnings(plain).is_empty());
        for known_only in ["\"title\": A\n", "title : A\n", "{title: A, draft: true}\n"] {
            assert!(warnings(known_only).is_empty(), "{known_only:?}");
        }
        for unknown in [
            "title: A\nsumary: x\n",
            "  title: A\n  sumary: x\n",
            "{title: A, sumary: x}\n",
            "title: A\n\"sumary\": x\n",
            "title: A\n? sumary\n: x\n",
        ] {
            let w = warnings(unknown);
            assert_eq!(w.len(), 1, "{unknown:?}: {w:?}");
            assert!(
                w[0].message.contains("did you mean `summary`"),
                "{unknown:?}"
            );
        }
        // Only top-level keys count: what is under an unknown key is its value.
        assert_eq!(warnings("title: A\nextras:\n  deep: 1\n").len(), 1);
        // `extra` holds a theme's own keys, whatever they are.
        assert!(warnings("title: A\nextra:\n  deep: 1\n  banner: [a, b]\n").is_empty());
    }

    #[test]
    fn every_field_is_a_known_key_and_back() {
        // Each key in FRONT_MATTER_KEYS fills its field (none is ignored).
        let yaml: String = FRONT_MATTER_KEYS
            .iter()
            .map(|k| match *k {
                "order" => "order: 1\n".to_string(),
                "tags" => "tags: [a]\n".to_string(),
                "draft" => "draft: true\n".to_string(),
                "extra" => "extra: {a: 1}\n".to_string(),
                k => format!("{k}: x\n"),
            })
            .collect();
        let text = format!("---\n{yaml}---\n");
        let (fm, warnings) = parse_front_matter(&src(&text), &split(&text).unwrap()).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_ne!(fm, FrontMatter::default());
        let debug = format!("{fm:?}");
        assert!(!debug.contains("None"), "a key fills no field: {debug}");
    }

    #[test]
    fn unknown_keys_warn_with_nearest() {
        let text = "---\ntitle: A\nsumary: x\n---\n";
        let (_, warnings) = parse_front_matter(&src(text), &split(text).unwrap()).unwrap();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, 3);
        assert!(warnings[0].message.contains("did you mean `summary`"));
    }
}
