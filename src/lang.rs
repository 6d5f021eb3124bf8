//! Languages and chapter ids as types, and the plural rules of each language.
//!
//! Owns [`Lang`] (a validated language code), [`ChapterId`] and
//! [`PluralCategory`], and the Cyrillic letter and case rules that heading
//! slugs and search share ([`is_cyrillic_letter`], [`lower_cyrillic`]).
//! Pure: no I/O.

use serde::Serialize;
use std::fmt;

/// A language code such as `en`, `kk` or `ru`: 2–3 lower-case ASCII letters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Lang(String);

impl Lang {
    /// Validate a code; `None` when it is not 2–3 lower-case ASCII letters.
    pub fn parse(code: &str) -> Option<Lang> {
        let ok = (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
        ok.then(|| Lang(code.to_string()))
    }

    /// The code as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The plural categories this language's strings must provide.
    pub fn plural_categories(&self) -> &'static [PluralCategory] {
        use PluralCategory::*;
        match self.0.as_str() {
            "ru" | "uk" | "be" => &[One, Few, Many, Other],
            _ => &[One, Other],
        }
    }

    /// The plural category of an integer count (CLDR rules).
    pub fn plural_category(&self, n: u64) -> PluralCategory {
        use PluralCategory::*;
        match self.0.as_str() {
            "ru" | "uk" | "be" => {
                let (m10, m100) = (n % 10, n % 100);
                if m10 == 1 && m100 != 11 {
                    One
                } else if (2..=4).contains(&m10) && !(12..=14).contains(&m100) {
                    Few
                } else {
                    Many
                }
            }
            _ if n == 1 => One,
            _ => Other,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A CLDR plural category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PluralCategory {
    /// `one`
    One,
    /// `few`
    Few,
    /// `many`
    Many,
    /// `other`
    Other,
}

impl PluralCategory {
    /// The key used in string files.
    pub fn key(self) -> &'static str {
        match self {
            PluralCategory::One => "one",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
    }
}

/// The stable key shared by all translations of a chapter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ChapterId(String);

impl ChapterId {
    /// Validate an id: lower-case ASCII letters, digits and `-`, not empty,
    /// not starting with `-`. Ids become file names, so nothing else is allowed.
    pub fn parse(id: &str) -> Option<ChapterId> {
        let ok = !id.is_empty()
            && !id.starts_with('-')
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !matches!(id, "index" | "print" | "search" | "toc" | "404");
        ok.then(|| ChapterId(id.to_string()))
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Maps keyed by id can be searched with a `&str` (the derived `Hash` and
/// `Eq` are those of the string).
impl std::borrow::Borrow<str> for ChapterId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ChapterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `c` is a letter of the Cyrillic blocks (U+0400..U+052F; the
/// signs and combining marks U+0482..U+0489 are not).
pub const fn is_cyrillic_letter(c: char) -> bool {
    matches!(c, '\u{400}'..='\u{481}' | '\u{48A}'..='\u{52F}')
}

/// The lower case of a Cyrillic letter (U+0400..U+052F), without the
/// general case tables; `None` for anything else.
pub fn lower_cyrillic(c: char) -> Option<char> {
    let n = c as u32;
    let l = match n {
        0x400..=0x40F => n + 0x50,
        0x410..=0x42F => n + 0x20,
        0x430..=0x45F => n,
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F => n | 1,
        0x4C0 => 0x4CF,
        0x4C1..=0x4CE => n + (n & 1),
        0x4CF => n,
        _ => return None,
    };
    char::from_u32(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plurals_follow_cldr() {
        let ru = Lang::parse("ru").unwrap();
        let cats: Vec<_> = [1, 2, 5, 11, 12, 21, 22, 25, 111, 0]
            .iter()
            .map(|&n| ru.plural_category(n).key())
            .collect();
        assert_eq!(
            cats,
            [
                "one", "few", "many", "many", "many", "one", "few", "many", "many", "many"
            ]
        );
    }

    #[test]
    fn kazakh_and_english_have_one_and_other() {
        for code in ["kk", "en"] {
            let l = Lang::parse(code).unwrap();
            assert_eq!(l.plural_category(1), PluralCategory::One);
            assert_eq!(l.plural_category(3), PluralCategory::Other);
        }
    }

    #[test]
    fn ids_are_file_name_safe() {
        assert!(ChapterId::parse("legal-framework").is_some());
        for bad in ["", "-x", "A", "a/b", "a b", "..", "index", "қ"] {
            assert!(ChapterId::parse(bad).is_none(), "{bad}");
        }
        assert!(Lang::parse("EN").is_none());
    }
}
