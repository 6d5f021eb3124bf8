//! Text -> search terms, exactly as the browser client does it
//! (`themes/default/static/search.js`, `tokens()`); the two must change
//! together, and `tests/search_browser.rs` checks they agree.
//!
//! Steps: NFC; words by Unicode word boundaries (UAX #29, adjusted where
//! browsers' ICU differs: see [`is_dictionary_letter`], [`SPLIT_AT`] and
//! [`is_leading_ignorable`]; keeping only words that contain a letter or
//! digit); lower-case (Kazakh letters included); `ё` -> `е`; `ς` -> `σ`; Latin look-alike letters inside a Cyrillic word mapped to
//! Cyrillic; then the language's stemmer. A hyphenated word (`көшіп-қонушы`)
//! gives its parts and also the whole (parts joined with `-`, last part
//! stemmed).

use super::stem::stem;
use crate::lang::{Lang, is_cyrillic_letter, lower_cyrillic};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// A term, and the word it was stemmed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalised, unstemmed word.
    pub word: String,
    /// The stemmed term.
    pub term: String,
    /// A hyphenated word's whole (after its parts), not a word of the text.
    pub whole: bool,
}

/// Normalise one word: lower case, `ё` -> `е`, `ς` -> `σ`; then, in a
/// Cyrillic word, the Latin look-alikes of `fold` (the language's profile:
/// pairs of a Latin letter and its Cyrillic look-alike) -> Cyrillic.
pub fn normalise_word(word: &str, fold: &str) -> String {
    let mut out = String::new();
    normalise_into(word, fold, &mut out);
    out
}

/// [`normalise_word`] into a reused buffer.
pub fn normalise_into(word: &str, fold: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    let mut cyrillic = false;
    for c in word.chars() {
        if let Some(l) = lower_cyrillic(c) {
            cyrillic |= is_cyrillic(l);
            out.push(if l == 'ё' { 'е' } else { l });
            continue;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for l in c.to_lowercase() {
            let l = match l {
                'ё' => 'е',
                // Final sigma: browsers lower-case a word-final `Σ` to `ς`,
                // Rust to `σ`; and a reader may type either.
                'ς' => 'σ',
                other => other,
            };
            cyrillic |= is_cyrillic(l);
            out.push(l);
        }
    }
    if !fold.is_empty() && cyrillic && out.bytes().any(|b| b.is_ascii_lowercase()) {
        let mapped: String = out.chars().map(|c| lookalike(fold, c)).collect();
        *out = mapped;
    }
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// `c`'s Cyrillic look-alike in `pairs` (Latin, Cyrillic, Latin, ...), or
/// `c`.
fn lookalike(pairs: &str, c: char) -> char {
    let mut it = pairs.chars();
    while let (Some(latin), Some(cyrillic)) = (it.next(), it.next()) {
        if latin == c {
            return cyrillic;
        }
    }
    c
}

/// Tokens of a text for `lang`: every word stemmed, plus hyphenated wholes.
pub fn tokens(lang: &Lang, text: &str) -> Vec<Token> {
    let fold = lang.profile().lookalikes;
    tokens_with(text, fold, &mut |w| stem(lang, w))
}

/// [`tokens`] with a given stemmer and folding.
pub fn tokens_with(text: &str, fold: &str, stem: &mut dyn FnMut(&str) -> String) -> Vec<Token> {
    let mut out = Vec::new();
    scan(text, fold, &mut |piece| out.push(token(piece, fold, stem)));
    out
}

/// [`tokens`] by the full UAX #29 rules on the whole text, without the
/// shortcuts of [`scan`] (lone words, the fast path, chunks between
/// spaces): the reference the index is tested against.
#[cfg(test)]
pub(crate) fn tokens_uax29(lang: &Lang, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let fold = lang.profile().lookalikes;
    scan_uax29(text, fold, &mut |piece| {
        out.push(token(piece, fold, &mut |w| stem(lang, w)))
    });
    out
}

/// The token of a piece.
fn token(piece: Piece<'_>, fold: &str, stem: &mut dyn FnMut(&str) -> String) -> Token {
    match piece {
        Piece::Word(w) => {
            let word = normalise_word(w, fold);
            let term = stem(&word);
            Token {
                word,
                term,
                whole: false,
            }
        }
        Piece::Compound { whole, head, last } => Token {
            word: whole.to_string(),
            term: format!("{head}-{}", stem(last)),
            whole: true,
        },
    }
}

/// What [`scan`] finds, in text order: each word, and after the last part of
/// a hyphenated word, the whole of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A word as written (NFC, not yet lower-cased): the index looks it up
    /// as it stands and normalises it ([`normalise_word`]) only when it is
    /// new, which most words are not.
    Word(&'a str),
    /// A hyphenated word, normalised: all parts joined by `-`, all but the
    /// last, the last.
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
///
/// Most text is runs of Latin or Cyrillic letters and digits between spaces
/// and common punctuation; such stretches are split here directly, and only
/// the stretches (between ASCII spaces) that hold anything else go through
/// the full UAX #29 word-boundary rules. Both ways give the same words
/// (`fast_path_agrees_with_uax29` checks it on random text).
///
/// Generic so that the common case, a word alone between spaces, calls the
/// caller's `visit` directly rather than through a `dyn FnMut`; the rarer
/// cases hand it on as one.
pub fn scan<F: FnMut(Piece<'_>)>(text: &str, fold: &str, visit: &mut F) {
    let mut scanner = Scanner::new(text, fold);
    let mut pieces = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if is_space(bytes[i]) {
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            scanner.space(visit);
            continue;
        }
        let start = i;
        // Most stretches between spaces are one word, perhaps followed by
        // one ASCII punctuation mark (`word,`). A stretch starts with no
        // hyphenated word under way (white space, or the start, ended it),
        // and the space after it ends this one, so the scanner has nothing
        // to track: the word goes straight out.
        let end = alnum_run_end(bytes, i);
        if end > i {
            let after = match bytes.get(end) {
                None => Some(end),
                Some(&b) if is_space(b) => Some(end),
                Some(&b)
                    if b.is_ascii()
                        && matches!(ASCII_CLASS[usize::from(b)], Class::Sep | Class::Mid)
                        && bytes.get(end + 1).is_none_or(|&c| is_space(c)) =>
                {
                    Some(end + 1)
                }
                Some(_) => None,
            };
            if let Some(after) = after {
                debug_assert!(scanner.parts == 0 && !scanner.pending_hyphen);
                visit(Piece::Word(&text[start..end]));
                i = after;
                continue;
            }
        }
        if fast_pieces(text, &mut i, &mut pieces) {
            for &(s, e, word) in &pieces {
                let piece = &text[s..e];
                if word {
                    scanner.word(s, piece, visit);
                } else {
                    scanner.punct(s, piece, visit);
                }
            }
        } else {
            while i < bytes.len() && !is_space(bytes[i]) {
                i += 1;
            }
            scan_uax29_chunk(text, start, i, &mut scanner, visit);
        }
    }
    scanner.flush(visit);
}

/// ASCII white space: UAX #29 always breaks before it, and after it unless
/// an extending character follows. No character composes with it under
/// NFC, so each stretch between spaces can be normalised on its own.
#[inline(always)]
const fn is_space(b: u8) -> bool {
    SPACE[b as usize]
}

/// [`is_space`] of each byte: one look-up instead of six comparisons.
const SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C);
        b += 1;
    }
    table
};

/// Word-boundary class of a character, as far as the fast path knows it.
/// Every character of the first three classes is unchanged by NFC and
/// composes with nothing (tested), so a chunk of them needs no normalising.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A letter or digit of UAX #29 class ALetter or Numeric.
    Alnum,
    /// Joins two letters or digits (`don't`, `3.14`), else stands alone.
    Mid,
    /// Always a boundary on both sides.
    Sep,
    /// Anything else: the chunk takes the full rules.
    Other,
}
/// [`class`] of each ASCII character.
const ASCII_CLASS: [Class; 128] = {
    let mut table = [Class::Sep; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => Class::Alnum,
            b'.' | b',' | b';' | b':' | b'\'' | b'"' => Class::Mid,
            b'_' => Class::Other,
            _ => Class::Sep,
        };
        b += 1;
    }
    table
};

/// [`class_at`] of each ASCII character: its class and length, 0 for white
/// space (one look-up instead of a test for spaces and one for the class).
const ASCII_AT: [(Class, usize); 128] = {
    let mut table = [(Class::Sep, 0); 128];
    let mut b = 0;
    while b < 128 {
        if !is_space(b as u8) {
            table[b] = (ASCII_CLASS[b], 1);
        }
        b += 1;
    }
    table
};

/// [`class`] of each character of two UTF-8 bytes (U+0080 to U+07FF: Latin-1
/// letters, Cyrillic and their punctuation), so that the fast path looks
/// most characters up instead of decoding and matching ranges.
const TWO_BYTE_CLASS: [Class; 0x800] = {
    let mut table = [Class::Other; 0x800];
    let mut c = 0x80;
    while c < 0x800 {
        if let Some(ch) = char::from_u32(c) {
            table[c as usize] = class(ch);
        }
        c += 1;
    }
    table
};

const fn class(c: char) -> Class {
    if c.is_ascii() {
        return ASCII_CLASS[c as usize];
    }
    match c {
        '\u{2018}' | '\u{2019}' => Class::Mid,
        '\u{C0}'..='\u{FF}' if c != '\u{D7}' && c != '\u{F7}' => Class::Alnum,
        c if is_cyrillic_letter(c) => Class::Alnum,
        '\u{A0}' | '\u{A7}' | '\u{AB}' | '\u{BB}' | '\u{2013}' | '\u{2014}' | '\u{201C}'
        | '\u{201D}' | '\u{2026}' | '\u{2116}' => Class::Sep,
        _ => Class::Other,
    }
}

/// One stretch between ASCII spaces, `text[start..end]`, by the full
/// UAX #29 rules.
fn scan_uax29_chunk(
    text: &str,
    start: usize,
    end: usize,
    scanner: &mut Scanner,
    visit: &mut dyn FnMut(Piece<'_>),
) {
    // A chunk that starts with an extending character belongs with the
    // space before it (UAX #29 WB4), so give the rules that space too.
    let first = text[start..end].chars().next().unwrap_or(' ');
    let from = if start > 0 && class(first) == Class::Other {
        start - 1
    } else {
        start
    };
    let nfc: String;
    let mut part = &text[from..end];
    if unicode_normalization::is_nfc_quick(part.chars()) != unicode_normalization::IsNormalized::Yes
    {
        nfc = part.nfc().collect();
        part = &nfc;
        scanner.copied = true;
    }
    for (s, segment) in part.split_word_bound_indices() {
        scanner.segment(from + s, segment, visit);
    }
    scanner.copied = false;
}

/// Split the stretch of text from `*at` up to the next ASCII space (or the
/// end) into `(start, end, is_word)` pieces, leaving `*at` after it; false
/// as soon as the stretch needs the full rules (a character of class
/// `Other`, or a `Mid` between two letters or digits), with `*at` inside it.
fn fast_pieces(text: &str, at: &mut usize, pieces: &mut Vec<(usize, usize, bool)>) -> bool {
    pieces.clear();
    let bytes = text.as_bytes();
    let mut i = *at;
    let mut word_start = None;
    let mut mid_after_alnum = false;
    let mut prev = Class::Sep;
    while i < bytes.len() {
        let (k, len) = class_at(text, i);
        if len == 0 {
            break;
        }
        match k {
            Class::Alnum => {
                if mid_after_alnum {
                    *at = i;
                    return false;
                }
                word_start.get_or_insert(i);
                // Most characters are letters in a run of letters: take the
                // rest of the run at once.
                i = alnum_run_end(bytes, i + len);
                mid_after_alnum = false;
                prev = Class::Alnum;
                continue;
            }
            Class::Other => {
                *at = i;
                return false;
            }
            Class::Mid | Class::Sep => {
                if let Some(w) = word_start.take() {
                    pieces.push((w, i, true));
                }
                pieces.push((i, i + len, false));
            }
        }
        mid_after_alnum = k == Class::Mid && prev == Class::Alnum;
        prev = k;
        i += len;
    }
    if let Some(w) = word_start {
        pieces.push((w, i, true));
    }
    *at = i;
    true
}

/// [`LEAD`] of a byte that starts two-byte characters of which some are
/// letters or digits and some are not: look the character up.
const CHECK: u8 = 3;

/// What the lead byte of a character says about it being [`Class::Alnum`],
/// as the number of bytes to step over: 1 for an ASCII letter or digit; 2
/// for the first of two bytes when every character it starts is a letter
/// (U+0400 to U+047F and U+04C0 to U+04FF: nearly all Cyrillic); [`CHECK`]
/// for other first bytes of two; 0 when the character is not a letter or
/// digit, or is not decided by its first byte.
const LEAD: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = if b < 0x80 {
            if matches!(ASCII_CLASS[b], Class::Alnum) {
                1
            } else {
                0
            }
        } else if b >= 0xC2 && b < 0xE0 {
            // Every character this byte starts: U+xx80 to U+xxBF of its block.
            let first = (b & 0x1F) << 6;
            let mut all = true;
            let mut c = first;
            while c < first + 0x40 {
                if !matches!(TWO_BYTE_CLASS[c], Class::Alnum) {
                    all = false;
                }
                c += 1;
            }
            if all { 2 } else { CHECK }
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Where the run of letters and digits that goes on at byte `i` of `bytes`
/// (a character boundary of valid UTF-8) ends: the hottest loop of indexing.
///
/// A word is nearly always all two-byte letters (Cyrillic) or all ASCII, so
/// each kind has its own inner loop that steps by a constant. The address
/// of the next byte then waits only for a branch the processor predicts,
/// not for the table look-up of this one: stepping by the looked-up length
/// made every character wait for two loads in a row.
#[inline(always)]
fn alnum_run_end(bytes: &[u8], mut i: usize) -> usize {
    let n = bytes.len();
    while i < n {
        let step = LEAD[usize::from(bytes[i])];
        if step == 2 {
            i += 2;
            while i < n && LEAD[usize::from(bytes[i])] == 2 {
                i += 2;
            }
        } else if step == 1 {
            i += 1;
            while i < n && LEAD[usize::from(bytes[i])] == 1 {
                i += 1;
            }
        } else if step == CHECK {
            match bytes.get(i + 1) {
                Some(&next) if two_byte_class(bytes[i], next) == Class::Alnum => i += 2,
                _ => break,
            }
        } else {
            break;
        }
    }
    i.min(n)
}

/// [`class`] of the two-byte character `lead`, `next`, by [`TWO_BYTE_CLASS`].
#[inline(always)]
fn two_byte_class(lead: u8, next: u8) -> Class {
    TWO_BYTE_CLASS[(usize::from(lead & 0x1F) << 6) | usize::from(next & 0x3F)]
}

/// The class and UTF-8 length of the character at byte `i` of `text` (a
/// character boundary); length 0 for ASCII white space, which ends a
/// stretch.
#[inline(always)]
fn class_at(text: &str, i: usize) -> (Class, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        return ASCII_AT[usize::from(b)];
    }
    if b < 0xE0 {
        // The lead byte of a two-byte character (the text is valid UTF-8,
        // so its continuation byte follows).
        if let Some(&next) = text.as_bytes().get(i + 1) {
            return (two_byte_class(b, next), 2);
        }
    }
    let c = text[i..].chars().next().unwrap_or(' ');
    (class(c), c.len_utf8())
}

/// [`scan`] through a `dyn FnMut`, to be compared with [`scan_uax29`].
#[cfg(test)]
fn scan_dyn(text: &str, fold: &str, visit: &mut dyn FnMut(Piece<'_>)) {
    scan(text, fold, &mut |piece| visit(piece));
}

/// The full UAX #29 path for a whole text (the reference the fast path is
/// tested against).
#[cfg(test)]
fn scan_uax29(text: &str, fold: &str, visit: &mut dyn FnMut(Piece<'_>)) {
    let text: String = text.nfc().collect();
    let mut scanner = Scanner::new(&text, fold);
    for (start, segment) in text.split_word_bound_indices() {
        scanner.segment(start, segment, visit);
    }
    scanner.flush(visit);
}

#[derive(Default)]
struct Scanner<'t> {
    /// The text being scanned.
    text: &'t str,
    /// Set while the words come from a normalised copy of the text, not
    /// from `text` itself.
    copied: bool,
    /// Where the last word is in `text` (None: in `prev`), for a
    /// hyphenated word that it may start.
    prev_at: Option<(usize, usize)>,
    /// The last word, when it is not in `text`.
    prev: String,
    /// Scratch for normalising a part of a hyphenated word.
    part: String,
    /// The hyphenated word so far, built only once a hyphen joins two words.
    compound: String,
    parts: usize,
    last_part: usize,
    last_end: usize,
    pending_hyphen: bool,
    /// Latin look-alikes to fold in Cyrillic words (the language's profile).
    fold: &'t str,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str, fold: &'t str) -> Self {
        Scanner {
            text,
            fold,
            ..Default::default()
        }
    }

    /// A segment from the UAX #29 splitter.
    fn segment(&mut self, start: usize, segment: &str, visit: &mut dyn FnMut(Piece<'_>)) {
        if segment.chars().any(is_dictionary_letter) {
            for (s, piece) in split_dictionary_letters(start, segment) {
                self.dotted(s, piece, visit);
            }
        } else {
            self.dotted(start, segment, visit);
        }
    }

    /// A segment, split at dots and the like ([`split_letter_dots`]).
    fn dotted(&mut self, start: usize, segment: &str, visit: &mut dyn FnMut(Piece<'_>)) {
        if segment.len() > 1 && segment.contains(SPLIT_AT) {
            for (s, piece) in split_letter_dots((start, segment)) {
                self.trimmed(s, piece, visit);
            }
        } else {
            self.trimmed(start, segment, visit);
        }
    }

    /// A segment without what it starts with of [`is_leading_ignorable`]
    /// (which is not a word).
    fn trimmed(&mut self, start: usize, segment: &str, visit: &mut dyn FnMut(Piece<'_>)) {
        let body = segment.trim_start_matches(is_leading_ignorable);
        let lead = segment.len() - body.len();
        if lead > 0 {
            self.punct(start, &segment[..lead], visit);
        }
        if !body.is_empty() {
            self.classify(start + lead, body, visit);
        }
    }

    fn classify(&mut self, start: usize, segment: &str, visit: &mut dyn FnMut(Piece<'_>)) {
        if segment.chars().any(|c| c.is_alphabetic() || c.is_numeric()) {
            self.word(start, segment, visit);
        } else {
            self.punct(start, segment, visit);
        }
    }

    /// A word segment.
    fn word(&mut self, start: usize, segment: &str, visit: &mut dyn FnMut(Piece<'_>)) {
        let joined = self.pending_hyphen && start == self.last_end;
        if !joined {
            self.flush(visit);
        }
        visit(Piece::Word(segment));
        if self.parts > 0 {
            if self.parts == 1 {
                let text = self.text;
                let prev = match self.prev_at {
                    Some((s, e)) => &text[s..e],
                    None => &self.prev,
                };
                normalise_into(prev, self.fold, &mut self.part);
                self.compound.clear();
                self.compound.push_str(&self.part);
            }
            normalise_into(segment, self.fold, &mut self.part);
            self.compound.push('-');
            self.last_part = self.compound.len();
            self.compound.push_str(&self.part);
        }
        if self.copied {
            self.prev.clear();
            self.prev.push_str(segment);
            self.prev_at = None;
        } else {
            self.prev_at = Some((start, start + segment.len()));
        }
        self.parts += 1;
        self.last_end = start + segment.len();
        self.pending_hyphen = false;
    }

    /// A segment that is not a word: a hyphen right after a word may join
    /// it to the next; anything else ends a hyphenated word.
    fn punct(&mut self, start: usize, segment: &str, visit: &mut dyn FnMut(Piece<'_>)) {
        if segment == "-" && start == self.last_end && self.parts > 0 {
            self.pending_hyphen = true;
            self.last_end = start + 1;
        } else {
            self.pending_hyphen = false;
            self.flush(visit);
        }
    }

    /// White space between chunks: ends a hyphenated word. Most spaces
    /// follow a lone word, with nothing under way: then there is nothing
    /// to do.
    #[inline(always)]
    fn space(&mut self, visit: &mut dyn FnMut(Piece<'_>)) {
        if self.parts == 0 && !self.pending_hyphen {
            return;
        }
        self.pending_hyphen = false;
        self.flush(visit);
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

/// Letters of the scripts that browsers' word breakers (ICU) split into
/// words with dictionaries (Han, Hiragana, Katakana, Hangul, Thai, Lao,
/// Khmer, Myanmar), where UAX #29 keeps a character per word (Han,
/// Hiragana, Thai...) or joins them (Katakana; Hangul, even to Latin or
/// Cyrillic letters). Neither way can be matched, so both sides make each
/// such letter a word of its own.
/// Digits of these scripts are not in the list: both join them with other
/// digits. `DICTIONARY` in `search.js` lists the same ranges.
pub fn is_dictionary_letter(c: char) -> bool {
    matches!(c,
        '\u{E01}'..='\u{E4F}' | '\u{E5A}'..='\u{E7F}' // Thai, not its digits
        | '\u{E80}'..='\u{ECF}' | '\u{EDA}'..='\u{EFF}' // Lao
        | '\u{1000}'..='\u{103F}' | '\u{104A}'..='\u{108F}' | '\u{109A}'..='\u{109F}' // Myanmar
        | '\u{1100}'..='\u{11FF}' // Hangul jamo
        | '\u{1780}'..='\u{17DF}' | '\u{17EA}'..='\u{17FF}' | '\u{19E0}'..='\u{19FF}' // Khmer
        | '\u{2E80}'..='\u{2FDF}' // CJK radicals
        | '\u{3005}' | '\u{3007}' | '\u{3021}'..='\u{3029}' | '\u{3031}'..='\u{3035}'
        | '\u{3038}'..='\u{303C}'
        | '\u{3041}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3130}'..='\u{318F}' // Hangul compatibility jamo
        | '\u{31F0}'..='\u{31FF}' // Katakana extensions
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' // Han
        | '\u{A960}'..='\u{A97F}' // Hangul jamo extended A
        | '\u{A9E0}'..='\u{A9FF}' | '\u{AA60}'..='\u{AA7F}' // Myanmar extended
        | '\u{AC00}'..='\u{D7FF}' // Hangul syllables, jamo extended B
        | '\u{F900}'..='\u{FAFF}' // Han compatibility
        | '\u{FF66}'..='\u{FFDC}' // half-width Katakana and Hangul
        | '\u{1B000}'..='\u{1B16F}' // Kana supplements
        | '\u{20000}'..='\u{3FFFF}' // Han extensions
    )
}

/// Split a segment before and after each [`is_dictionary_letter`]. The
/// combining marks after such a letter are not kept with it (ICU and
/// UAX #29 disagree about them; they then start a piece, and are dropped
/// as [`is_leading_ignorable`]).
fn split_dictionary_letters(start: usize, segment: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut after_letter = false;
    for (i, c) in segment.char_indices() {
        let letter = is_dictionary_letter(c);
        if (letter || after_letter) && i > from {
            out.push((start + from, &segment[from..i]));
            from = i;
        }
        after_letter = letter;
    }
    if from < segment.len() {
        out.push((start + from, &segment[from..]));
    }
    out
}

/// What a word may not start with: white space, combining marks (General
/// Category M) and format characters (Cf). UAX #29 and ICU attach these
/// to different neighbours (the spaces before a mark; marks and format
/// characters after a dictionary letter), so both sides leave them out of
/// the start of a word. `LEADING` in `search.js` is the same set.
pub fn is_leading_ignorable(c: char) -> bool {
    c.is_whitespace()
        || unicode_normalization::char::is_combining_mark(c)
        || matches!(c,
            '\u{AD}' | '\u{600}'..='\u{605}' | '\u{61C}' | '\u{6DD}' | '\u{70F}' | '\u{890}'
            | '\u{891}' | '\u{8E2}' | '\u{180E}' | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{110BD}' | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}' | '\u{E0020}'..='\u{E007F}')
}

/// Characters at which both sides split a word whatever their word
/// breaker did: browsers' (ICU) splits `en.svg` at the dot, UAX #29 keeps
/// it whole; ICU splits at a colon between letters; the two treat the
/// other dots and the Hebrew gershayim each their own way. `SPLIT_AT` in
/// `search.js` is the same list.
const SPLIT_AT: [char; 8] = [
    '.', '\u{FF0E}', '\u{FE52}', '\u{2024}', ':', '\u{FE55}', '\u{FF1A}', '\u{5F4}',
];

/// Split a word at each of [`SPLIT_AT`] that is not between two ASCII
/// digits (`3.14` stays one word), the character a piece of its own.
fn split_letter_dots((start, segment): (usize, &str)) -> Vec<(usize, &str)> {
    let bytes = segment.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    for (i, dot) in segment.match_indices(SPLIT_AT) {
        let digit_before = i > 0 && bytes[i - 1].is_ascii_digit();
        let digit_after = bytes.get(i + dot.len()).is_some_and(u8::is_ascii_digit);
        if !(digit_before && digit_after) {
            if from < i {
                out.push((start + from, &segment[from..i]));
            }
            out.push((start + i, dot));
            from = i + dot.len();
        }
    }
    if from < segment.len() {
        out.push((start + from, &segment[from..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fast_path_tests::KK;
    use super::*;

    fn terms(lang: &str, text: &str) -> Vec<String> {
        tokens(&Lang::parse(lang).unwrap(), text)
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    #[test]
    fn case_folding_covers_kazakh_letters() {
        assert_eq!(normalise_word("ӘҒҚҢӨҰҮҺІ", KK), "әғқңөұүһі");
        assert_eq!(normalise_word("ЁЛКА", KK), "елка");
    }

    #[test]
    fn final_sigma_is_folded_however_the_word_is_typed() {
        for w in ["ΟΔΟΣ", "οδος", "οδοσ", "Οδος"] {
            assert_eq!(normalise_word(w, ""), "οδοσ", "{w}");
        }
    }

    #[test]
    fn latin_look_alikes_inside_cyrillic_words_become_cyrillic() {
        // "мигрaнт" with a Latin "a", "Kазақ" with a Latin "K".
        assert_eq!(normalise_word("мигрaнт", KK), "мигрант");
        assert_eq!(normalise_word("Kазақ", KK), "казақ");
        assert_eq!(normalise_word("taxi", KK), "taxi");
        // Only where the language's profile says so, and to its letters.
        assert_eq!(normalise_word("мигрaнт", ""), "мигрaнт");
        let ru = Lang::parse("ru").unwrap().profile().lookalikes;
        assert_eq!(normalise_word("қiз", KK), "қіз");
        assert_eq!(normalise_word("мiр", ru), "мiр");
        let terms = |code: &str| -> Vec<String> {
            tokens(&Lang::parse(code).unwrap(), "мигрaнт-Kазақ")
                .into_iter()
                .map(|t| t.word)
                .collect()
        };
        assert_eq!(terms("ru"), ["мигрант", "казақ", "мигрант-казақ"]);
        assert_eq!(terms("en"), ["мигрaнт", "kазақ", "мигрaнт-kазақ"]);
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

#[cfg(test)]
mod fast_path_tests {
    /// Kazakh's look-alikes (see `lang.rs`).
    pub(super) const KK: &str = "aаbвcсeеhһiіkкmмoоpрtтxхyу";
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_word_bounds().map(str::to_string).collect()
    }

    fn classified() -> impl Iterator<Item = (char, Class)> {
        (0u32..0x2200)
            .filter_map(char::from_u32)
            .map(|c| (c, class(c)))
            .filter(|(_, k)| *k != Class::Other)
    }

    #[test]
    fn the_fast_classes_match_uax29() {
        for (c, k) in classified() {
            match k {
                // A letter or digit continues a word of letters and of digits.
                Class::Alnum => {
                    assert_eq!(words(&format!("a{c}b")).len(), 1, "{c:?} {k:?}");
                    assert_eq!(words(&format!("1{c}2")).len(), 1, "{c:?} {k:?}");
                }
                // A separator breaks on both sides, even between digits.
                Class::Sep if !c.is_ascii_whitespace() => {
                    assert_eq!(words(&format!("a{c}b")).len(), 3, "{c:?}");
                    assert_eq!(words(&format!("1{c}2")).len(), 3, "{c:?}");
                    assert_eq!(words(&format!("({c}b")).len(), 3, "{c:?}");
                }
                // A joiner next to anything but a letter or digit stands alone.
                Class::Mid => {
                    for t in ["({c}a", "a{c})", "a{c}", "{c}a", "1{c}", "{c}1", "a{c}{c}b"] {
                        let t = t.replace("{c}", &c.to_string());
                        assert!(
                            words(&t).iter().any(|w| w == &c.to_string()),
                            "{c:?} alone in {t:?}"
                        );
                    }
                }
                _ => {}
            }
        }
    }

    #[test]
    fn characters_are_classed_alike_by_table_and_by_decoding() {
        for c in (0x80..0x800).filter_map(char::from_u32) {
            let text = format!("{c}x");
            assert_eq!(class_at(&text, 0), (class(c), c.len_utf8()), "{c:?}");
        }
    }

    #[test]
    fn letter_runs_end_where_the_classes_say() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            let alnum = class(c) == Class::Alnum;
            // Alone, after a letter, and before a space and a letter.
            let one = c.len_utf8();
            assert_eq!(
                alnum_run_end(c.to_string().as_bytes(), 0),
                if alnum { one } else { 0 },
                "{c:?}"
            );
            let text = format!("ж{c} a");
            let expected = if alnum { 2 + one } else { 2 };
            assert_eq!(alnum_run_end(text.as_bytes(), 0), expected, "{c:?}");
        }
    }

    #[test]
    fn cyrillic_lower_case_matches_the_unicode_tables() {
        for c in ('\u{400}'..='\u{52F}').filter(|c| is_cyrillic_letter(*c)) {
            let expected: String = c.to_lowercase().collect();
            assert_eq!(lower_cyrillic(c).map(String::from), Some(expected), "{c:?}");
        }
    }

    #[test]
    fn fast_characters_need_no_normalisation() {
        let fast: String = classified().map(|(c, _)| c).collect();
        for c in fast.chars() {
            assert_eq!(
                unicode_normalization::char::canonical_combining_class(c),
                0,
                "{c:?}"
            );
        }
        assert_eq!(fast.nfc().collect::<String>(), fast);
        let reversed: String = fast.chars().rev().collect();
        assert_eq!(reversed.nfc().collect::<String>(), reversed);
    }

    /// A way to split a text ([`scan`] or [`scan_uax29`]).
    type Scan = fn(&str, &str, &mut dyn FnMut(Piece<'_>));

    /// Pieces of a text, as owned strings.
    fn pieces(text: &str, scan: Scan) -> Vec<String> {
        let mut out = Vec::new();
        scan(text, KK, &mut |p| {
            out.push(match p {
                Piece::Word(w) => normalise_word(w, KK),
                Piece::Compound { whole, head, last } => format!("{whole}|{head}|{last}"),
            })
        });
        out
    }

    #[test]
    fn fast_path_agrees_with_uax29() {
        // Letters of both fast scripts, joiners, separators, and characters
        // only the full rules handle (combining marks, soft hyphen, ZWJ,
        // Hebrew, Katakana, underscore, middle dot, emoji, CJK).
        let alphabet: Vec<char> =
            "aZ9зҚәЁ.,:;'\"’-–— \t\n«»()_·\u{301}\u{AD}\u{200D}\u{5D0}\u{30A2}😀中"
                .chars()
                .collect();
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let len = (next() % 12) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            assert_eq!(
                pieces(&text, scan_dyn),
                pieces(&text, scan_uax29),
                "{text:?}"
            );
        }
    }

    #[test]
    fn fast_path_agrees_on_the_report() {
        let site = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("site");
        for lang in ["en", "kk", "ru"] {
            for entry in std::fs::read_dir(site.join(lang)).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                assert_eq!(pieces(&text, scan_dyn), pieces(&text, scan_uax29));
            }
        }
    }
}
