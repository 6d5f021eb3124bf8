//! `site/site.yaml` -> a validated [`Config`].
//!
//! Owns the site settings: languages and their order, the default (source)
//! language, titles, `base_url`, theme name. Pure: the text comes from `load`.

use crate::error::{Diagnostic, SourceText};
use crate::frontmatter::parse_yaml;
use crate::lang::Lang;
use serde::Deserialize;
use std::collections::BTreeMap;

/// `site.yaml` as written.
#[derive(Debug, Deserialize)]
struct RawConfig {
    title: Option<BTreeMap<String, String>>,
    description: Option<BTreeMap<String, String>>,
    author: Option<BTreeMap<String, String>>,
    edition: Option<BTreeMap<String, String>>,
    languages: Option<Vec<String>>,
    default_language: Option<String>,
    base_url: Option<String>,
    theme: Option<String>,
}

const CONFIG_KEYS: &[&str] = &[
    "title",
    "description",
    "author",
    "edition",
    "languages",
    "default_language",
    "base_url",
    "theme",
];

/// Validated site settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Site title per language.
    pub title: BTreeMap<Lang, String>,
    /// Optional subtitle shown on each language's title page.
    pub description: BTreeMap<Lang, String>,
    /// Optional author (the body that issues the report) per language: the
    /// PDF's title page and metadata.
    pub author: BTreeMap<Lang, String>,
    /// Optional edition line per language ("Working draft, December 2026"):
    /// the PDF's title page.
    pub edition: BTreeMap<Lang, String>,
    /// Languages in switcher order.
    pub languages: Vec<Lang>,
    /// The source language of translations.
    pub default_language: Lang,
    /// `""` or an absolute `http(s)://…/` URL ending in `/`.
    pub base_url: String,
    /// Theme folder name.
    pub theme: String,
}

impl Config {
    /// Title in `lang` (falls back to the default language's).
    pub fn title(&self, lang: &Lang) -> &str {
        self.title
            .get(lang)
            .or_else(|| self.title.get(&self.default_language))
            .map_or("", String::as_str)
    }

    /// The language of pages that belong to no language (the chooser, 404):
    /// the default language, or the first one when it is not built.
    pub fn home_language(&self) -> &Lang {
        if self.languages.contains(&self.default_language) {
            &self.default_language
        } else {
            &self.languages[0]
        }
    }

    /// Whether `code` is one of the site's languages.
    pub fn lang(&self, code: &str) -> Option<&Lang> {
        self.languages.iter().find(|l| l.as_str() == code)
    }
}

/// Parse and validate `site.yaml`. Returns the config and warnings, or every
/// error found.
pub fn parse(src: &SourceText) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (raw, mut warnings): (RawConfig, _) =
        parse_yaml(src, &src.text, 0, CONFIG_KEYS).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let at_key = |key: &str, msg: String| {
        let line = src
            .text
            .lines()
            .position(|l| l.starts_with(key))
            .map_or(1, |i| i + 1);
        src.error_at_line_col(line, 1, msg)
    };

    let mut languages = Vec::new();
    for code in raw.languages.unwrap_or_default() {
        match Lang::parse(&code) {
            Some(l) if !languages.contains(&l) => languages.push(l),
            Some(_) => errors.push(at_key(
                "languages",
                format!("language `{code}` is listed twice"),
            )),
            None => errors.push(at_key(
                "languages",
                format!("`{code}` is not a language code (2–3 lower-case letters, then an optional script and region: `kk`, `kk-Latn`, `en-GB`)"),
            )),
        }
    }
    if languages.is_empty() && errors.is_empty() {
        errors.push(at_key(
            "languages",
            "`languages` must list at least one language".into(),
        ));
    }

    let default_language = match raw.default_language.as_deref() {
        None => languages.first().cloned(),
        Some(code) => {
            let found = languages.iter().find(|l| l.as_str() == code).cloned();
            if found.is_none() {
                errors.push(at_key(
                    "default_language",
                    format!("default_language `{code}` is not in `languages`"),
                ));
            }
            found
        }
    };

    let title = lang_map(
        raw.title.unwrap_or_default(),
        &languages,
        "title",
        &at_key,
        &mut errors,
    );
    let description = lang_map(
        raw.description.unwrap_or_default(),
        &languages,
        "description",
        &at_key,
        &mut errors,
    );
    let author = lang_map(
        raw.author.unwrap_or_default(),
        &languages,
        "author",
        &at_key,
        &mut errors,
    );
    let edition = lang_map(
        raw.edition.unwrap_or_default(),
        &languages,
        "edition",
        &at_key,
        &mut errors,
    );
    for l in &languages {
        if !title.contains_key(l) {
            errors.push(at_key("title", format!("`title` has no `{l}` entry")));
        }
    }

    let base_url = normalise_base_url(raw.base_url.unwrap_or_default())
        .map_err(|m| at_key("base_url", m))
        .unwrap_or_else(|d| {
            errors.push(d);
            String::new()
        });
    let theme = raw.theme.unwrap_or_else(|| "default".into());
    if theme.is_empty()
        || !theme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        errors.push(at_key(
            "theme",
            format!("theme `{theme}` must be a plain folder name"),
        ));
    }

    if !errors.is_empty() {
        errors.append(&mut warnings);
        return Err(errors);
    }
    let Some(default_language) = default_language else {
        return Err(vec![at_key("languages", "no default language".into())]);
    };
    Ok((
        Config {
            title,
            description,
            author,
            edition,
            languages,
            default_language,
            base_url,
            theme,
        },
        warnings,
    ))
}

fn lang_map(
    raw: BTreeMap<String, String>,
    languages: &[Lang],
    key: &str,
    at_key: &dyn Fn(&str, String) -> Diagnostic,
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<Lang, String> {
    let mut out = BTreeMap::new();
    for (code, value) in raw {
        match languages.iter().find(|l| l.as_str() == code) {
            Some(l) => {
                out.insert(l.clone(), value);
            }
            None => errors.push(at_key(
                key,
                format!("`{key}` has an entry for `{code}`, which is not in `languages`"),
            )),
        }
    }
    out
}

fn normalise_base_url(url: String) -> Result<String, String> {
    if url.is_empty() {
        return Ok(url);
    }
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!(
            "base_url `{url}` must be empty or an absolute http(s) URL"
        ));
    }
    Ok(if url.ends_with('/') {
        url
    } else {
        format!("{url}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        parse(&SourceText {
            path: "site/site.yaml".into(),
            text: text.into(),
        })
    }

    #[test]
    fn a_full_config_validates() {
        let (c, w) = parse_str(
            "title: {en: R, kk: Б, ru: Д}\nlanguages: [en, kk, ru]\ndefault_language: en\nbase_url: https://x.org/r\n",
        )
        .unwrap();
        assert!(w.is_empty());
        assert_eq!(c.languages.len(), 3);
        assert_eq!(c.base_url, "https://x.org/r/");
        assert_eq!(c.theme, "default");
    }

    #[test]
    fn bad_default_language_and_missing_title_are_all_reported() {
        let errs =
            parse_str("title: {en: R}\nlanguages: [en, kk]\ndefault_language: de\n").unwrap_err();
        let msgs: Vec<_> = errs.iter().map(|d| d.message.as_str()).collect();
        assert!(
            msgs.iter().any(|m| m.contains("default_language `de`")),
            "{msgs:?}"
        );
        assert!(msgs.iter().any(|m| m.contains("no `kk` entry")), "{msgs:?}");
        let line = errs
            .iter()
            .find(|d| d.message.contains("`de`"))
            .unwrap()
            .line;
        assert_eq!(line, 3);
    }

    #[test]
    fn relative_base_url_is_an_error() {
        assert!(parse_str("title: {en: R}\nlanguages: [en]\nbase_url: /sub\n").is_err());
    }
}
