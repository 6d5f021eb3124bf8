//! Languages and chapter ids as types, and each language's profile.
//!
//! Owns [`Lang`] (a validated language code), [`Profile`] (everything that
//! differs by language: plural rules, stemmer, letter folding, quotes and
//! dashes), [`ChapterId`] and [`PluralCategory`], and the Cyrillic letter
//! and case rules that heading slugs and search share
//! ([`is_cyrillic_letter`], [`lower_cyrillic`]).
//! Pure: no I/O.

use serde::Serialize;
use std::fmt;

/// A language code: a BCP 47 tag of a language (2–3 lower-case letters),
/// an optional script (`Latn`) and an optional region (`GB`, `419`), such
/// as `en`, `kk`, `ru`, `en-GB` or `kk-Latn`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Lang(String);

impl Lang {
    /// Validate a code; `None` unless it is `ll[l][-Ssss][-RR|-nnn]`.
    pub fn parse(code: &str) -> Option<Lang> {
        let mut parts = code.split('-');
        let language = parts.next()?;
        let mut ok =
            (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_lowercase());
        let mut rest: Vec<&str> = parts.collect();
        if let Some(script) = rest.first().filter(|s| s.len() == 4) {
            let b = script.as_bytes();
            ok &= b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_lowercase);
            rest.remove(0);
        }
        match rest.as_slice() {
            [] => {}
            [region] => {
                ok &= (region.len() == 2 && region.bytes().all(|b| b.is_ascii_uppercase()))
                    || (region.len() == 3 && region.bytes().all(|b| b.is_ascii_digit()));
            }
            _ => ok = false,
        }
        ok.then(|| Lang(code.to_string()))
    }

    /// The code as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The language subtag (`kk` of `kk-Latn`).
    pub fn language(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// The script subtag, if the code names one (`Latn` of `kk-Latn`).
    pub fn script(&self) -> Option<&str> {
        self.0.split('-').nth(1).filter(|s| s.len() == 4)
    }

    /// The Open Graph locale (`kk_KZ`): the code's own region when it names
    /// one (`en-GB`), else the country the language is mostly written in,
    /// else the language alone.
    pub fn locale(&self) -> String {
        let region = self
            .0
            .split('-')
            .skip(1)
            .find(|s| s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()))
            .map(str::to_ascii_uppercase)
            .or_else(|| {
                TERRITORIES
                    .iter()
                    .find(|(l, _)| *l == self.language())
                    .map(|(_, t)| t.to_string())
            });
        match region {
            Some(r) => format!("{}_{r}", self.language()),
            None => self.language().to_string(),
        }
    }

    /// How this language behaves (see [`Profile`]).
    pub fn profile(&self) -> Profile {
        profile(self)
    }

    /// The plural categories this language's strings must provide.
    pub fn plural_categories(&self) -> &'static [PluralCategory] {
        self.profile().plurals.categories()
    }

    /// The plural category of an integer count (CLDR rules).
    pub fn plural_category(&self, n: u64) -> PluralCategory {
        self.profile().plurals.category(n)
    }
}

/// Everything kitap does differently for one language, in one place: its
/// plural rules, its stemmer (in Rust and in the browser), whether Latin
/// look-alike letters in its words fold to Cyrillic, and its typographic
/// quotes and dash. Its words (interface strings, its name) are in
/// `i18n/<code>.yaml`.
///
/// A code with a region (`en-GB`) behaves as its language; a code with a
/// script other than the language's usual one (`kk-Latn`) keeps the
/// language's plural rules and punctuation but has no stemmer and no
/// folding, since those are written for the usual script. A language kitap
/// does not know gets [`GENERIC`]: CLDR's one/other plurals, no stemmer,
/// English quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    /// The script the language is usually written in (ISO 15924).
    pub script: &'static str,
    /// Plural rules.
    pub plurals: Plurals,
    /// The stemmer of search, if any.
    pub stemmer: Option<Stemmer>,
    /// Latin letters that look like letters of the language's alphabet,
    /// each followed by that letter (`aа`, `oо`...): inside a Cyrillic word
    /// they are read as the Cyrillic letters (a common typing slip in
    /// Kazakh and Russian text). Empty: no folding.
    pub lookalikes: &'static str,
    /// Quotes and dashes of smart punctuation.
    pub punctuation: Punctuation,
    /// Whether the PDF hyphenates (and justifies) the language's text: only
    /// where the typesetting engine has hyphenation patterns for it. None
    /// rather than wrong ones: Kazakh has none there, so its lines are set
    /// ragged-right and words are never broken.
    pub hyphenation: bool,
    /// The alphabet in its order, lower case, for sorting lists (the
    /// abbreviations); letters of other alphabets come after, Latin first.
    pub alphabet: &'static str,
}

/// A language's typographic quotes and dash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Punctuation {
    /// Opening and closing quotes (`"…"` in Markdown).
    pub quotes: (char, char),
    /// Quotes inside quotes (`'…'` in Markdown).
    pub inner_quotes: (char, char),
    /// The dash between words (` -- ` or ` – ` in Markdown).
    pub dash: char,
}

/// CLDR plural rules for integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plurals {
    /// `one` for 1, `other` for the rest (English, Kazakh, Kyrgyz...).
    OneOther,
    /// `one`, `few`, `many` (Russian, Ukrainian, Belarusian).
    EastSlavic,
    /// Only `other` (Chinese, Japanese, Korean...).
    OtherOnly,
}

impl Plurals {
    /// The categories a plural string must provide.
    pub fn categories(self) -> &'static [PluralCategory] {
        use PluralCategory::*;
        match self {
            Plurals::OneOther => &[One, Other],
            Plurals::EastSlavic => &[One, Few, Many, Other],
            Plurals::OtherOnly => &[Other],
        }
    }

    /// The category of `n`.
    pub fn category(self, n: u64) -> PluralCategory {
        use PluralCategory::*;
        match self {
            Plurals::EastSlavic => {
                let (m10, m100) = (n % 10, n % 100);
                if m10 == 1 && m100 != 11 {
                    One
                } else if (2..=4).contains(&m10) && !(12..=14).contains(&m100) {
                    Few
                } else {
                    Many
                }
            }
            Plurals::OneOther if n == 1 => One,
            Plurals::OneOther | Plurals::OtherOnly => Other,
        }
    }
}

/// A stemmer of search. Each has a Rust implementation (`search::stem`)
/// and a browser twin (`themes/default/static/stem-<code>.js`, which
/// registers itself as `kitapStem[<code>]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stemmer {
    /// Snowball English.
    English,
    /// Snowball Russian with kitap's additions (`search::ru`).
    Russian,
    /// kitap's Kazakh stemmer.
    Kazakh,
}

impl Stemmer {
    /// The code in the browser file's name and registration.
    pub fn code(self) -> &'static str {
        match self {
            Stemmer::English => "en",
            Stemmer::Russian => "ru",
            Stemmer::Kazakh => "kk",
        }
    }
}

impl Profile {
    /// The theme's static file holding the browser stemmer, if any.
    pub fn browser_stemmer_file(&self) -> Option<String> {
        self.stemmer.map(|s| format!("stem-{}.js", s.code()))
    }
}

const ENGLISH_PUNCTUATION: Punctuation = Punctuation {
    quotes: ('\u{201C}', '\u{201D}'),
    inner_quotes: ('\u{2018}', '\u{2019}'),
    dash: '\u{2013}',
};

/// «…» with „…“ inside, and an em dash.
const GUILLEMETS: Punctuation = Punctuation {
    quotes: ('\u{AB}', '\u{BB}'),
    inner_quotes: ('\u{201E}', '\u{201C}'),
    dash: '\u{2014}',
};

/// Latin look-alikes of Russian letters (also used for Kyrgyz).
const RUSSIAN_LOOKALIKES: &str = "aаbвcсeеkкmмoоpрtтxхyу";
/// Kazakh adds і and һ.
const KAZAKH_LOOKALIKES: &str = "aаbвcсeеhһiіkкmмoоpрtтxхyу";
/// Ukrainian and Belarusian add і.
const UKRAINIAN_LOOKALIKES: &str = "aаbвcсeеiіkкmмoоpрtтxхyу";

/// The profile of a language kitap knows nothing about.
pub const GENERIC: Profile = Profile {
    script: "",
    plurals: Plurals::OneOther,
    stemmer: None,
    lookalikes: "",
    punctuation: ENGLISH_PUNCTUATION,
    hyphenation: false,
    alphabet: LATIN,
};

/// The Latin alphabet.
const LATIN: &str = "abcdefghijklmnopqrstuvwxyz";
/// Kazakh Cyrillic: its letters in its order (ә after а, ғ after г, қ
/// after к, ң after н, ө after о, ұ ү after у, һ after х, і after ы).
const KAZAKH_ALPHABET: &str = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя";
const RUSSIAN_ALPHABET: &str = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя";
const KYRGYZ_ALPHABET: &str = "абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя";

/// Ukrainian and Belarusian behave alike here (neither has a stemmer yet).
const UKRAINIAN_OR_BELARUSIAN: Profile = Profile {
    script: "Cyrl",
    plurals: Plurals::EastSlavic,
    stemmer: None,
    lookalikes: UKRAINIAN_LOOKALIKES,
    punctuation: GUILLEMETS,
    hyphenation: true,
    // Ukrainian's (Belarusian adds ў and has no ґ є ї: close enough to
    // sort a list).
    alphabet: "абвгґдеєжзиіїйклмнопрстуўфхцчшщыьэюя",
};

/// The languages kitap knows, by language subtag. Adding one is a line here;
/// adding its stemmer is a module in `search/` and its browser twin.
/// The country each known language's Open Graph locale names.
const TERRITORIES: &[(&str, &str)] = &[
    ("en", "GB"),
    ("kk", "KZ"),
    ("ru", "RU"),
    ("ky", "KG"),
    ("uk", "UA"),
    ("be", "BY"),
    ("zh", "CN"),
    ("ja", "JP"),
];

const PROFILES: &[(&str, Profile)] = &[
    (
        "en",
        Profile {
            script: "Latn",
            stemmer: Some(Stemmer::English),
            hyphenation: true,
            ..GENERIC
        },
    ),
    (
        "kk",
        Profile {
            script: "Cyrl",
            plurals: Plurals::OneOther,
            stemmer: Some(Stemmer::Kazakh),
            lookalikes: KAZAKH_LOOKALIKES,
            punctuation: GUILLEMETS,
            hyphenation: false,
            alphabet: KAZAKH_ALPHABET,
        },
    ),
    (
        "ru",
        Profile {
            script: "Cyrl",
            plurals: Plurals::EastSlavic,
            stemmer: Some(Stemmer::Russian),
            lookalikes: RUSSIAN_LOOKALIKES,
            punctuation: GUILLEMETS,
            hyphenation: true,
            alphabet: RUSSIAN_ALPHABET,
        },
    ),
    (
        "ky",
        Profile {
            script: "Cyrl",
            plurals: Plurals::OneOther,
            stemmer: None,
            lookalikes: RUSSIAN_LOOKALIKES,
            punctuation: GUILLEMETS,
            hyphenation: false,
            alphabet: KYRGYZ_ALPHABET,
        },
    ),
    ("uk", UKRAINIAN_OR_BELARUSIAN),
    ("be", UKRAINIAN_OR_BELARUSIAN),
    (
        "zh",
        Profile {
            script: "Hans",
            plurals: Plurals::OtherOnly,
            ..GENERIC
        },
    ),
    (
        "ja",
        Profile {
            script: "Jpan",
            plurals: Plurals::OtherOnly,
            ..GENERIC
        },
    ),
];

fn profile(lang: &Lang) -> Profile {
    let Some(&(_, p)) = PROFILES.iter().find(|(code, _)| *code == lang.language()) else {
        return GENERIC;
    };
    match lang.script() {
        Some(script) if script != p.script => Profile {
            script: "",
            stemmer: None,
            lookalikes: "",
            hyphenation: false,
            ..p
        },
        _ => p,
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
    /// The longest id, in characters. Ids become file names (`<id>.html`,
    /// and a temp name around them while writing); file systems refuse
    /// names over 255 bytes.
    pub const MAX_LEN: usize = 100;

    /// Names of pages kitap writes beside the chapters' (`kk/search.html`).
    pub const RESERVED: &[&str] = &["index", "print", "search", "toc", "404", "abbreviations"];

    /// Validate an id: lower-case ASCII letters, digits and `-`, not empty,
    /// at most [`ChapterId::MAX_LEN`] long, not starting or ending with `-`,
    /// no `--`. Ids become file names, so nothing else is allowed; and a
    /// combined document's ids are `<chapter>--<id>`, which stay unique only
    /// if a chapter id has no `--` and no `-` at its end.
    pub fn parse(id: &str) -> Option<ChapterId> {
        let ok = !id.is_empty()
            && id.len() <= Self::MAX_LEN
            && !id.starts_with('-')
            && !id.ends_with('-')
            && !id.contains("--")
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !Self::RESERVED.contains(&id);
        ok.then(|| ChapterId(id.to_string()))
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where chapter `id` starts in a document that holds every chapter (the
/// print page, the single-file page): `ch-<id>`.
pub fn chapter_anchor(id: &str) -> String {
    format!("ch-{id}")
}

/// The id that `id` of chapter `chapter`'s text has in such a document:
/// `<chapter>--<id>`. Unique because a [`ChapterId`] has no `--` and no `-`
/// at its end, so the first `--` ends the chapter's part.
pub fn scoped_id(chapter: &str, id: &str) -> String {
    format!("{chapter}--{id}")
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
        for bad in [
            "", "-x", "x-", "a--b", "A", "a/b", "a b", "..", "index", "қ",
        ] {
            assert!(ChapterId::parse(bad).is_none(), "{bad}");
        }
        let longest = "a".repeat(ChapterId::MAX_LEN);
        assert!(ChapterId::parse(&longest).is_some());
        assert!(ChapterId::parse(&format!("{longest}b")).is_none());
        assert!(Lang::parse("EN").is_none());
    }

    #[test]
    fn codes_may_name_a_script_and_a_region() {
        for good in [
            "en",
            "kk",
            "fil",
            "en-GB",
            "kk-Latn",
            "es-419",
            "sr-Latn-RS",
        ] {
            assert!(Lang::parse(good).is_some(), "{good}");
        }
        for bad in [
            "", "e", "engl", "en-gb", "kk-latn", "en-GB-x", "en_GB", "kk-Latn-", "../x", "en-GB-RS",
        ] {
            assert!(Lang::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn profiles_follow_the_language_and_drop_script_bound_rules() {
        let p = |c: &str| Lang::parse(c).unwrap().profile();
        assert_eq!(p("en-GB"), p("en"));
        assert_eq!(p("kk-Cyrl"), p("kk"));
        let latin = p("kk-Latn");
        assert_eq!(latin.stemmer, None);
        assert_eq!(latin.lookalikes, "");
        // Only Kazakh folds to і and һ.
        assert!(p("kk").lookalikes.contains("iі") && !p("ru").lookalikes.contains('і'));
        assert_eq!(p("en").lookalikes, "");
        assert_eq!(latin.plurals, p("kk").plurals);
        assert_eq!(latin.punctuation.quotes, ('«', '»'));
        assert_eq!(p("ru").punctuation.inner_quotes, ('„', '“'));
        assert_eq!(p("en").punctuation.quotes, ('“', '”'));
        assert_eq!(p("xx"), GENERIC);
        assert_eq!(p("uk").plurals.category(22), PluralCategory::Few);
        assert_eq!(p("ja").plurals.category(1), PluralCategory::Other);
        assert_eq!(
            p("kk").browser_stemmer_file().as_deref(),
            Some("stem-kk.js")
        );
    }
}
