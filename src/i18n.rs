//! Interface strings per language.
//!
//! Owns reading `i18n/<lang>.yaml` (plain strings, or plural forms as a map
//! `{one: …, few: …, many: …, other: …}` with `{n}` for the number) and
//! checking them: every site language has a file, every file has the same
//! keys, and plural forms cover the language's categories. Pure.

use crate::error::{Diagnostic, SourceText};
use crate::frontmatter::parse_yaml;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One interface string.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Entry {
    /// A plain string.
    Text(String),
    /// Plural forms by CLDR category.
    Plural(BTreeMap<String, String>),
}

/// A language's strings, by key.
pub type Strings = BTreeMap<String, Entry>;

/// All languages' strings.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Strings per language.
    pub by_lang: BTreeMap<Lang, Strings>,
}

impl Catalog {
    /// The strings of `lang` (empty if none, which validation prevents).
    pub fn strings(&self, lang: &Lang) -> &Strings {
        static EMPTY: BTreeMap<String, Entry> = BTreeMap::new();
        self.by_lang.get(lang).unwrap_or(&EMPTY)
    }

    /// A plain string, or the key itself if missing (validation prevents that).
    pub fn text<'a>(&'a self, lang: &Lang, key: &'a str) -> &'a str {
        match self.strings(lang).get(key) {
            Some(Entry::Text(s)) => s,
            _ => key,
        }
    }

    /// A plural string for `n`, with `{n}` replaced.
    pub fn plural(&self, lang: &Lang, key: &str, n: u64) -> String {
        match self.strings(lang).get(key) {
            Some(Entry::Plural(forms)) => pick_plural(lang, forms, n),
            Some(Entry::Text(s)) => s.replace("{n}", &n.to_string()),
            None => key.to_string(),
        }
    }
}

/// The form for `n` in `lang`, `{n}` replaced.
pub fn pick_plural(lang: &Lang, forms: &BTreeMap<String, String>, n: u64) -> String {
    let cat = lang.plural_category(n).key();
    forms
        .get(cat)
        .or_else(|| forms.get("other"))
        .map_or_else(String::new, |s| s.replace("{n}", &n.to_string()))
}

/// Parse and check the strings of every site language.
pub fn load(
    languages: &[Lang],
    files: &BTreeMap<String, SourceText>,
) -> Result<Catalog, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut catalog = Catalog::default();
    let mut sources = BTreeMap::new();
    for lang in languages {
        // A regional variant (`en-GB`) reads its language's strings unless
        // it has its own; a script variant (`kk-Latn`) needs its own.
        let borrowed = lang
            .script()
            .is_none()
            .then(|| files.get(lang.language()))
            .flatten();
        let Some(src) = files.get(lang.as_str()).or(borrowed) else {
            errors.push(Diagnostic::file_error(
                "site/site.yaml",
                format!("no interface strings for `{lang}`: add i18n/{lang}.yaml"),
            ));
            continue;
        };
        match parse_yaml::<Strings>(src, &src.text, 0, &[]) {
            Ok((strings, _)) => {
                check_plurals(lang, src, &strings, &mut errors);
                catalog.by_lang.insert(lang.clone(), strings);
                sources.insert(lang.clone(), src);
            }
            Err(d) => errors.push(d),
        }
    }
    let all_keys: BTreeSet<&String> = catalog.by_lang.values().flat_map(|s| s.keys()).collect();
    for (lang, strings) in &catalog.by_lang {
        for key in all_keys.iter().filter(|k| !strings.contains_key(**k)) {
            let having = catalog
                .by_lang
                .iter()
                .find(|(_, s)| s.contains_key(*key))
                .map_or(String::new(), |(l, _)| format!(" (present in {l}.yaml)"));
            errors.push(Diagnostic::file_error(
                sources[lang].path.clone(),
                format!("interface string `{key}` is missing{having}"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(catalog)
    } else {
        Err(errors)
    }
}

fn check_plurals(lang: &Lang, src: &SourceText, strings: &Strings, errors: &mut Vec<Diagnostic>) {
    for (key, entry) in strings {
        let Entry::Plural(forms) = entry else {
            continue;
        };
        let missing: Vec<&str> = lang
            .plural_categories()
            .iter()
            .map(|c| c.key())
            .filter(|c| !forms.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            let line = src
                .text
                .lines()
                .position(|l| l.starts_with(key.as_str()))
                .map_or(1, |i| i + 1);
            errors.push(src.error_at_line_col(
                line,
                1,
                format!(
                    "plural string `{key}` lacks the `{lang}` form(s): {}",
                    missing.join(", ")
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, SourceText> {
        pairs
            .iter()
            .map(|(l, t)| {
                (
                    l.to_string(),
                    SourceText {
                        path: format!("i18n/{l}.yaml"),
                        text: t.to_string(),
                    },
                )
            })
            .collect()
    }

    fn langs(codes: &[&str]) -> Vec<Lang> {
        codes.iter().map(|c| Lang::parse(c).unwrap()).collect()
    }

    #[test]
    fn a_key_missing_in_one_language_is_an_error() {
        let err = load(
            &langs(&["en", "kk"]),
            &files(&[("en", "a: A\nb: B\n"), ("kk", "a: А\n")]),
        )
        .unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].path, "i18n/kk.yaml");
        assert!(err[0].message.contains("`b` is missing"));
    }

    #[test]
    fn a_regional_variant_reads_its_language_strings_and_a_script_variant_does_not() {
        let c = load(&langs(&["en-GB"]), &files(&[("en", "a: Colour\n")])).unwrap();
        assert_eq!(c.text(&Lang::parse("en-GB").unwrap(), "a"), "Colour");
        let err = load(&langs(&["kk-Latn"]), &files(&[("kk", "a: Түс\n")])).unwrap_err();
        assert!(
            err[0].message.contains("add i18n/kk-Latn.yaml"),
            "{}",
            err[0].message
        );
    }

    #[test]
    fn russian_plurals_need_four_forms() {
        let err = load(
            &langs(&["ru"]),
            &files(&[("ru", "n:\n  one: \"{n} глава\"\n  other: \"{n} главы\"\n")]),
        )
        .unwrap_err();
        assert!(err[0].message.contains("few, many"), "{}", err[0].message);
    }

    #[test]
    fn plural_picks_the_right_form() {
        let c = load(
            &langs(&["ru"]),
            &files(&[(
                "ru",
                "n: {one: \"{n} глава\", few: \"{n} главы\", many: \"{n} глав\", other: \"{n} главы\"}\n",
            )]),
        )
        .unwrap();
        let ru = Lang::parse("ru").unwrap();
        assert_eq!(c.plural(&ru, "n", 21), "21 глава");
        assert_eq!(c.plural(&ru, "n", 3), "3 главы");
        assert_eq!(c.plural(&ru, "n", 11), "11 глав");
    }
}
