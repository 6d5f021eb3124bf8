//! Abbreviations (`site/abbreviations.yaml`): one entry per term, each
//! with its abbreviation and what it stands for in every language.
//!
//! ```yaml
//! eaeu:
//!   en: [EAEU, Eurasian Economic Union]
//!   kk: [ЕАЭО, Еуразиялық экономикалық одақ]
//!   ru: [ЕАЭС, Евразийский экономический союз]
//! ```
//!
//! The Markdown stage marks the first use of each abbreviation in a chapter
//! with `<abbr title="…">` (and gives search its expansion); the formats
//! list them, sorted by each language's alphabet ([`crate::lang::Profile::alphabet`]).
//! A term missing in a language is a warning; an abbreviation used by two
//! terms of one language, an empty one, or a language the site does not
//! have is an error at its line.

use crate::config::Config;
use crate::error::{Diagnostic, SourceText};
use crate::lang::Lang;
use std::collections::BTreeMap;

/// The file, under the workspace.
pub const FILE: &str = "site/abbreviations.yaml";

/// One abbreviation in one language.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Term {
    /// The entry's key (shared by the languages).
    pub key: String,
    /// The abbreviation (`EAEU`).
    pub abbr: String,
    /// What it stands for.
    pub full: String,
}

/// Every language's abbreviations, each list sorted by its alphabet.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    by_lang: BTreeMap<Lang, Vec<Term>>,
}

impl Glossary {
    /// `lang`'s abbreviations, sorted.
    pub fn terms(&self, lang: &Lang) -> &[Term] {
        self.by_lang.get(lang).map_or(&[], Vec::as_slice)
    }
}

/// The 1-based line of `key:` at the start of a line of `text` (0 when
/// not found).
fn line_of(text: &str, key: &str, indented: bool) -> usize {
    text.lines()
        .position(|l| {
            let t = if indented { l.trim_start() } else { l };
            (!indented || l.starts_with(' ')) && t.starts_with(&format!("{key}:"))
        })
        .map_or(0, |n| n + 1)
}

/// Read the abbreviations file; errors and warnings with their lines.
pub fn parse(src: &SourceText, config: &Config) -> (Glossary, Vec<Diagnostic>) {
    type Raw = BTreeMap<String, BTreeMap<String, (String, String)>>;
    let mut diags = Vec::new();
    let raw: Raw = match crate::frontmatter::parse_yaml(src, &src.text, 0, &[]) {
        Ok((raw, _)) => raw,
        Err(mut d) => {
            d.message = format!(
                "{} (each entry: a key, then per language `kk: [ABBREVIATION, what it stands for]`)",
                d.message
            );
            return (Glossary::default(), vec![d]);
        }
    };
    let mut by_lang: BTreeMap<Lang, Vec<Term>> = BTreeMap::new();
    for (key, langs) in &raw {
        let at = line_of(&src.text, key, false);
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            diags.push(src.error_at_line_col(
                at,
                1,
                format!("abbreviation key `{key}` must be letters, digits, `-` or `_` (it names the entry in every language)"),
            ));
            continue;
        }
        for lang in &config.languages {
            if !langs.contains_key(lang.as_str()) {
                diags.push(
                    src.error_at_line_col(
                        at,
                        1,
                        format!("abbreviation `{key}` has no `{lang}` entry: {lang} readers will not see it explained"),
                    )
                    .warning(),
                );
            }
        }
        for (code, (abbr, full)) in langs {
            let line = {
                let start = src
                    .text
                    .lines()
                    .skip(at)
                    .position(|l| l.trim_start().starts_with(&format!("{code}:")));
                start.map_or(at, |n| at + n + 1)
            };
            let Some(lang) = config.lang(code) else {
                diags.push(src.error_at_line_col(
                    line,
                    1,
                    format!("`{code}` is not one of the site's languages"),
                ));
                continue;
            };
            let (abbr, full) = (abbr.trim(), full.trim());
            if abbr.is_empty() || full.is_empty() {
                diags.push(src.error_at_line_col(
                    line,
                    1,
                    format!("abbreviation `{key}` in `{code}`: both the abbreviation and what it stands for are needed"),
                ));
                continue;
            }
            let list = by_lang.entry(lang.clone()).or_default();
            if let Some(other) = list.iter().find(|t| t.abbr == abbr) {
                let other_line = line_of(&src.text, &other.key, false);
                diags.push(src.error_at_line_col(
                    line,
                    1,
                    format!(
                        "`{abbr}` is the `{code}` abbreviation of both `{}` (line {other_line}) and `{key}`",
                        other.key
                    ),
                ));
                continue;
            }
            list.push(Term {
                key: key.clone(),
                abbr: abbr.to_string(),
                full: full.to_string(),
            });
        }
    }
    for (lang, list) in &mut by_lang {
        let alphabet = lang.profile().alphabet;
        list.sort_by_cached_key(|t| (sort_key(&t.abbr, alphabet), t.abbr.clone()));
    }
    (Glossary { by_lang }, diags)
}

/// How `s` sorts in a language with `alphabet`: its letters by their
/// place there; Latin letters after them, anything else after those.
pub fn sort_key(s: &str, alphabet: &str) -> Vec<u32> {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            if let Some(i) = alphabet.chars().position(|a| a == c) {
                i as u32
            } else if c.is_ascii_lowercase() {
                100 + (c as u32 - 'a' as u32)
            } else if c.is_ascii_digit() {
                200 + (c as u32 - '0' as u32)
            } else {
                1000 + c as u32
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_and_russian_sort_by_their_alphabets() {
        let kk = crate::lang::Lang::parse("kk").unwrap().profile().alphabet;
        let mut words = vec!["БҰҰ", "ӘКК", "АҚШ", "ХКҰ", "ІІМ", "ЫҚ", "OSCE"];
        words.sort_by_key(|w| sort_key(w, kk));
        assert_eq!(words, ["АҚШ", "ӘКК", "БҰҰ", "ХКҰ", "ЫҚ", "ІІМ", "OSCE"]);
        let ru = crate::lang::Lang::parse("ru").unwrap().profile().alphabet;
        let mut words = vec!["ЖКХ", "ЁЛК", "ЕАЭС", "ЭКО"];
        words.sort_by_key(|w| sort_key(w, ru));
        assert_eq!(words, ["ЕАЭС", "ЁЛК", "ЖКХ", "ЭКО"]);
    }
}
