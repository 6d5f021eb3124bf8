//! Text -> search terms, exactly as the browser client does it
//! (`themes/default/static/search.js`, `tokens()`); the two must change
//! together, and `tests/search_browser.rs` checks they agree.
//!
//! Steps: NFC; words by Unicode word boundaries (UAX #29, keeping only words
//! that contain a letter or digit); lower-case (Kazakh letters included);
//! `ё` -> `е`; Latin look-alike letters inside a Cyrillic word mapped to
//! Cyrillic; then the language's stemmer. A hyphenated word (`көшіп-қонушы`)
//! gives its parts and also the whole (parts joined with `-`, last part
//! stemmed).

use super::stem::stem;
use crate::lang::Lang;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// A term with the byte range of the text it came from (for highlighting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalised, unstemmed word.
    pub word: String,
    /// The stemmed term.
    pub term: String,
}

/// Normalise one word: lower case, `ё` -> `е`, Latin look-alikes in Cyrillic
/// words -> Cyrillic.
pub fn normalise_word(word: &str) -> String {
    let mut out = String::new();
    normalise_into(word, &mut out);
    out
}

/// [`normalise_word`] into a reused buffer.
fn normalise_into(word: &str, out: &mut String) {
    out.clear();
    let mut cyrillic = false;
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for l in c.to_lowercase() {
            let l = if l == 'ё' { 'е' } else { l };
            cyrillic |= is_cyrillic(l);
            out.push(l);
        }
    }
    if cyrillic && out.bytes().any(|b| b.is_ascii_lowercase()) {
        let mapped: String = out.chars().map(latin_to_cyrillic).collect();
        *out = mapped;
    }
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Latin letters that look like Cyrillic ones (after lower-casing).
fn latin_to_cyrillic(c: char) -> char {
    match c {
        'a' => 'а',
        'b' => 'в',
        'c' => 'с',
        'e' => 'е',
        'h' => 'һ',
        'i' => 'і',
        'k' => 'к',
        'm' => 'м',
        'o' => 'о',
        'p' => 'р',
        't' => 'т',
        'x' => 'х',
        'y' => 'у',
        other => other,
    }
}

/// Tokens of a text for `lang`: every word stemmed, plus hyphenated wholes.
pub fn tokens(lang: &Lang, text: &str) -> Vec<Token> {
    tokens_with(text, &mut |w| stem(lang, w))
}

/// [`tokens`] with a given stemmer.
pub fn tokens_with(text: &str, stem: &mut dyn FnMut(&str) -> String) -> Vec<Token> {
    let mut out = Vec::new();
    scan(text, &mut |piece| match piece {
        Piece::Word(w) => out.push(Token {
            word: w.to_string(),
            term: stem(w),
        }),
        Piece::Compound { whole, head, last } => out.push(Token {
            word: whole.to_string(),
            term: format!("{head}-{}", stem(last)),
        }),
    });
    out
}

/// What [`scan`] finds, in text order: each word, and after the last part of
/// a hyphenated word, the whole of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A normalised word.
    Word(&'a str),
    /// A hyphenated word: all parts joined by `-`, all but the last, the last.
    Compound {
        /// `көшіп-қонушылар`
        whole: &'a str,
        /// `көшіп`
        head: &'a str,
        /// `қонушылар`
        last: &'a str,
    },
}

/// Walk the words of a text without allocating per word (the index builder
/// calls this on every section of the site).
pub fn scan(text: &str, visit: &mut dyn FnMut(Piece<'_>)) {
    let nfc: String;
    let text = if unicode_normalization::is_nfc_quick(text.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        text
    } else {
        nfc = text.nfc().collect();
        &nfc
    };
    let mut scanner = Scanner::default();
    for (start, segment) in text.split_word_bound_indices() {
        if segment.len() > 1 && segment.contains('.') {
            for (s, piece) in split_letter_dots((start, segment)) {
                scanner.step(s, piece, visit);
            }
        } else {
            scanner.step(start, segment, visit);
        }
    }
    scanner.flush(visit);
}

#[derive(Default)]
struct Scanner {
    word: String,
    compound: String,
    parts: usize,
    last_part: usize,
    last_end: usize,
    pending_hyphen: bool,
}

impl Scanner {
    fn step(&mut self, start: usize, segment: &str, visit: &mut dyn FnMut(Piece<'_>)) {
        let is_word = segment.chars().any(|c| c.is_alphabetic() || c.is_numeric());
        if is_word {
            let joined = self.pending_hyphen && start == self.last_end;
            if !joined {
                self.flush(visit);
            }
            normalise_into(segment, &mut self.word);
            visit(Piece::Word(&self.word));
            if self.parts > 0 {
                self.compound.push('-');
            }
            self.last_part = self.compound.len();
            self.compound.push_str(&self.word);
            self.parts += 1;
            self.last_end = start + segment.len();
            self.pending_hyphen = false;
        } else if segment == "-" && start == self.last_end && self.parts > 0 {
            self.pending_hyphen = true;
            self.last_end = start + 1;
        } else {
            self.pending_hyphen = false;
            self.flush(visit);
        }
    }

    /// Report the hyphenated word just ended (2+ parts), and start afresh.
    fn flush(&mut self, visit: &mut dyn FnMut(Piece<'_>)) {
        if self.parts >= 2 {
            visit(Piece::Compound {
                whole: &self.compound,
                head: &self.compound[..self.last_part - 1],
                last: &self.compound[self.last_part..],
            });
        }
        self.compound.clear();
        self.parts = 0;
    }
}

/// Browsers' word breakers (ICU) split `en.svg` at the dot while UAX #29
/// keeps it whole; split a word at a `.` that is not between two digits so
/// that both sides agree (`3.14` stays one word).
fn split_letter_dots((start, segment): (usize, &str)) -> Vec<(usize, &str)> {
    let bytes = segment.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    for (i, _) in segment.match_indices('.') {
        let digit_before = i > 0 && bytes[i - 1].is_ascii_digit();
        let digit_after = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if segment.len() > 1 && !(digit_before && digit_after) {
            if from < i {
                out.push((start + from, &segment[from..i]));
            }
            out.push((start + i, "."));
            from = i + 1;
        }
    }
    if from < segment.len() {
        out.push((start + from, &segment[from..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(lang: &str, text: &str) -> Vec<String> {
        tokens(&Lang::parse(lang).unwrap(), text)
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    #[test]
    fn case_folding_covers_kazakh_letters() {
        assert_eq!(normalise_word("ӘҒҚҢӨҰҮҺІ"), "әғқңөұүһі");
        assert_eq!(normalise_word("ЁЛКА"), "елка");
    }

    #[test]
    fn latin_look_alikes_inside_cyrillic_words_become_cyrillic() {
        // "мигрaнт" with a Latin "a", "Kазақ" with a Latin "K".
        assert_eq!(normalise_word("мигрaнт"), "мигрант");
        assert_eq!(normalise_word("Kазақ"), "казақ");
        assert_eq!(normalise_word("taxi"), "taxi");
    }

    #[test]
    fn hyphenated_words_are_indexed_whole_and_in_parts() {
        let t = tokens(&Lang::parse("kk").unwrap(), "еңбекші көшіп-қонушылар");
        let words: Vec<_> = t.iter().map(|t| t.word.as_str()).collect();
        assert_eq!(words, ["еңбекші", "көшіп", "қонушылар", "көшіп-қонушылар"]);
        assert!(t[3].term.starts_with("көшіп-"));
        assert_eq!(terms("en", "well - known"), terms("en", "well known"));
    }

    #[test]
    fn english_and_russian_are_stemmed() {
        assert_eq!(terms("en", "Workers worker"), ["worker", "worker"]);
        assert_eq!(
            terms("ru", "мигранты мигрантов Мигрантами"),
            ["мигрант", "мигрант", "мигрант"]
        );
    }

    #[test]
    fn punctuation_is_not_a_word() {
        assert_eq!(terms("en", "«—» … , ."), Vec::<String>::new());
        assert_eq!(terms("en", "No. 29, 2014"), ["no", "29", "2014"]);
    }
}
