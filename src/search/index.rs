//! The index format (version 2); see `docs/search.md`.
//!
//! A document is a section of a chapter (the text under one heading), so a
//! result links to `chapter.html#section`. Each term's weight in a document
//! adds [`TITLE_WEIGHT`] per occurrence in the chapter title (first section
//! only), [`HEADING_WEIGHT`] per occurrence in the section heading and 1 per
//! occurrence in the body; with the document's length that gives the term's
//! BM25 term-frequency part, stored as one of [`LEVELS`] levels
//! ([`level`]), so the browser needs no document lengths. Postings are
//! delta-coded document numbers with their level ([`encode_postings`]) in
//! a printable variable-length code ([`encode_varint`]).
//!
//! A language's index is split so that a query loads only what it needs:
//! a small manifest (`search-index.js`), the term shards its words fall in
//! (`search/terms-<k>.js`, consecutive sorted terms of about
//! [`SHARD_BYTES`] of postings each; in the manifest itself when all of
//! them are small, [`INLINE_SHARDS_BYTES`]) and the text files of the results it
//! shows (`search/text-<k>.js`, consecutive chapters of about
//! [`TEXT_BYTES`] of text, for titles and snippets).

use super::stem;
use super::tokenize::{Piece, normalise_into, scan};
use crate::lang::Lang;
use crate::model::Chapter;
use crate::output::Sink;
use crate::resolve::Book;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

/// Weight of a term occurrence in the chapter title.
pub const TITLE_WEIGHT: u32 = 8;
/// Weight of a term occurrence in a section heading.
pub const HEADING_WEIGHT: u32 = 4;
/// Largest weight counted (weights are capped).
pub const MAX_WEIGHT: u32 = 255;
/// BM25's term-frequency saturation.
pub const K1: f64 = 1.2;
/// BM25's length normalisation.
pub const B: f64 = 0.75;
/// Levels the BM25 term-frequency part of a posting is stored as: level
/// `l` stands for `(l - 0.5) * (K1 + 1) / LEVELS` (the manifest's
/// `tf_step` is `(K1 + 1) / LEVELS`). Eight keep a dense posting in one
/// character and rank as the exact scores do but for near ties.
pub const LEVELS: u32 = 8;
/// A term shard is closed once its terms and postings reach this many
/// bytes: a query word loads about this much (gzip: a third), plus the
/// whole list of a term that is larger on its own.
pub const SHARD_BYTES: usize = 12 * 1024;
/// A language whose shards hold at most this many bytes in all carries
/// them in its manifest instead of in files of their own (a very small
/// book: a query then needs no round trip for its terms). Kept small: the
/// search page loads the manifest before any query, and its budget
/// (tests/quality.rs, 30 KB gzip with the client) has room for little more.
pub const INLINE_SHARDS_BYTES: usize = 16 * 1024;
/// Text files hold as many consecutive chapters as make about this many
/// bytes of text on average (at least one): a result loads about this
/// much for its snippet, and a large book of short chapters writes fewer
/// files (creating a file costs more than writing its bytes on most file
/// systems, and a USB stick copies them one by one).
pub const TEXT_BYTES: usize = 40 * 1024;

/// Digits that end a number.
const TERMINAL: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
/// Digits followed by more digits.
const CONTINUATION: &[u8; 32] = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";

/// `<lang>/search-index.js`: what a query needs before it knows its words.
#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    lang: &'a str,
    /// The language's stemmer (the code of its browser twin), if any.
    stemmer: Option<&'static str>,
    /// Latin look-alikes folded in Cyrillic words: pairs of a Latin letter
    /// and its Cyrillic look-alike (empty: none).
    fold: &'static str,
    /// Number of documents (sections).
    docs: usize,
    /// Levels a posting's BM25 term-frequency part is stored as, and
    /// what one step is worth (see [`LEVELS`]).
    levels: u32,
    tf_step: f64,
    /// The first term of each shard `search/terms-<k>.js`, in order.
    shards: Vec<&'a str>,
    /// The number of documents in each text file `search/text-<k>.js`, in
    /// order (documents are numbered in reading order).
    texts: Vec<usize>,
    /// Every shard, when the language's are small enough to come with the
    /// manifest ([`INLINE_SHARDS_BYTES`]); then no shard file is written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    inline: Vec<Shard<'a>>,
}

/// `search/terms-<k>.js`: consecutive sorted terms and their postings.
#[derive(Serialize)]
struct Shard<'a> {
    shard: usize,
    terms: &'a [&'a str],
    postings: &'a [String],
}

/// Build every language's index and text files into `sink`. The
/// languages are built side by side: each has steps that run on one thread
/// (numbering terms, gathering postings, writing the index), and another
/// language's (or the pages') work fills the other cores meanwhile. At 3×3000
/// this takes ~7 % off the build's wall time for ~30 MiB more peak memory.
pub fn build_indexes(book: &Book, sink: &dyn Sink) {
    book.config
        .languages
        .par_iter()
        .for_each(|lang| language_files(book, lang, sink));
}

/// Term ids with their weights, and the length, of each section of one
/// chapter.
type ChapterTerms = Vec<(Vec<(u32, u32)>, usize)>;

/// The chapters a language's index covers, in reading order.
fn indexed_chapters<'a>(book: &'a Book, lang: &Lang) -> Vec<&'a Chapter> {
    book.order
        .iter()
        .filter_map(|id| book.translation(lang, id))
        .filter(|c| !c.draft)
        .collect()
}

/// Chapters per text file: as many as make about [`TEXT_BYTES`] of text on
/// average over the language's chapters, at least one.
pub fn text_chapters(chapters: &[&Chapter]) -> usize {
    if chapters.is_empty() {
        return 1;
    }
    let bytes: usize = chapters
        .iter()
        .flat_map(|c| &c.parsed.sections)
        .map(|s| s.text.len() + s.heading.len())
        .sum();
    let average = (bytes / chapters.len()).max(1);
    (TEXT_BYTES / average).max(1)
}

/// The level of a weight `w` in a document of `length` words, where the
/// average is `avg` (see [`LEVELS`]).
pub fn level(w: u32, length: usize, avg: f64) -> u32 {
    let w = f64::from(w.min(MAX_WEIGHT));
    let norm = if avg > 0.0 {
        1.0 - B + B * length as f64 / avg
    } else {
        1.0
    };
    let tf = w * (K1 + 1.0) / (w + K1 * norm);
    let l = (tf / (K1 + 1.0) * f64::from(LEVELS)).ceil() as u32;
    l.clamp(1, LEVELS)
}

/// Every search file of one language, into `sink`: the manifest, the term
/// shards and the text files.
pub fn language_files(book: &Book, lang: &Lang, sink: &dyn Sink) {
    let chapters = indexed_chapters(book, lang);
    let (terms, per_chapter) = analyse(lang, &chapters);
    let per_file = text_chapters(&chapters);
    chapters
        .par_chunks(per_file)
        .enumerate()
        .for_each(|(k, group)| {
            sink.put(format!("{lang}/search/text-{k}.js"), text_file(k, group));
        });
    let texts: Vec<usize> = chapters
        .chunks(per_file)
        .map(|g| g.iter().map(|c| c.parsed.sections.len()).sum())
        .collect();
    let mut lengths = Vec::new();
    // Each term's list sized once: counting first costs less than the
    // dozen doublings (each a copy) that a common term's list goes through.
    let mut counts = vec![0usize; terms.len()];
    for (weights, _) in per_chapter.iter().flatten() {
        for &(term, _) in weights {
            counts[term as usize] += 1;
        }
    }
    let mut postings: Vec<Vec<(u32, u32)>> = counts.into_iter().map(Vec::with_capacity).collect();
    for sections in &per_chapter {
        for (weights, length) in sections {
            let doc = lengths.len() as u32;
            for &(term, w) in weights {
                postings[term as usize].push((doc, w));
            }
            lengths.push(*length);
        }
    }
    let avg = if lengths.is_empty() {
        0.0
    } else {
        lengths.iter().sum::<usize>() as f64 / lengths.len() as f64
    };
    let mut sorted: Vec<usize> = (0..terms.len()).collect();
    sorted.par_sort_unstable_by(|&a, &b| terms[a].cmp(&terms[b]));
    let encoded: Vec<String> = sorted
        .par_iter()
        .map(|&t| {
            let levelled: Vec<(u32, u32)> = postings[t]
                .iter()
                .map(|&(d, w)| (d, level(w, lengths[d as usize], avg)))
                .collect();
            encode_postings(&levelled)
        })
        .collect();
    let names: Vec<&str> = sorted.iter().map(|&t| terms[t].as_str()).collect();
    let bounds = shard_bounds(&names, &encoded);
    let shard = |k: usize| Shard {
        shard: k,
        terms: &names[bounds[k].clone()],
        postings: &encoded[bounds[k].clone()],
    };
    let bytes: usize = names
        .iter()
        .zip(&encoded)
        .map(|(t, p)| t.len() + p.len() + 6)
        .sum();
    let inline = bytes <= INLINE_SHARDS_BYTES;
    if !inline {
        (0..bounds.len()).into_par_iter().for_each(|k| {
            sink.put(
                format!("{lang}/search/terms-{k}.js"),
                script("kitapSearchTerms(", &shard(k), ");"),
            );
        });
    }
    let manifest = Manifest {
        version: 2,
        lang: lang.as_str(),
        stemmer: lang.profile().stemmer.map(|s| s.code()),
        fold: lang.profile().lookalikes,
        docs: lengths.len(),
        levels: LEVELS,
        tf_step: (K1 + 1.0) / f64::from(LEVELS),
        shards: bounds.iter().map(|r| names[r.start]).collect(),
        texts,
        inline: if inline {
            (0..bounds.len()).map(shard).collect()
        } else {
            Vec::new()
        },
    };
    sink.put(
        format!("{lang}/search-index.js"),
        script("kitapSearchIndex(", &manifest, ");"),
    );
}

/// Whether `path` is one of the search files of `lang` (the manifest, a
/// shard or a text file).
pub fn is_search_file(lang: &Lang, path: &str) -> bool {
    path.strip_prefix(lang.as_str()).is_some_and(|rest| {
        rest == "/search-index.js" || rest.starts_with("/search/") && rest.ends_with(".js")
    })
}

/// Consecutive ranges of sorted terms, each closed once its terms and
/// postings reach [`SHARD_BYTES`]; none when there are no terms.
fn shard_bounds(terms: &[&str], postings: &[String]) -> Vec<std::ops::Range<usize>> {
    let mut bounds = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, (t, p)) in terms.iter().zip(postings).enumerate() {
        bytes += t.len() + p.len() + 6;
        if bytes >= SHARD_BYTES {
            bounds.push(start..i + 1);
            start = i + 1;
            bytes = 0;
        }
    }
    if start < terms.len() {
        bounds.push(start..terms.len());
    }
    bounds
}

/// Tokenise every chapter (in parallel, each worker memoising its stems)
/// and number the terms of the whole language: returns the terms and, per
/// chapter, its sections' term numbers and weights.
fn analyse(lang: &Lang, chapters: &[&Chapter]) -> (Vec<String>, Vec<ChapterTerms>) {
    // One long run of chapters per thread, each with one memo: every run
    // stems each distinct word once, so fewer runs stem less. The other
    // languages and the pages, made meanwhile, keep the threads busy.
    let runs = rayon::current_num_threads();
    let run_len = chapters.len().div_ceil(runs).max(1);
    let parts: Vec<(Memo, Vec<(usize, ChapterTerms)>)> = chapters
        .par_chunks(run_len)
        .enumerate()
        .map(|(run, chunk)| {
            let mut memo = Memo::new(lang);
            let done = chunk
                .iter()
                .enumerate()
                .map(|(k, c)| (run * run_len + k, chapter_terms(c, &mut memo)))
                .collect();
            (memo, done)
        })
        .collect();
    let mut numbers: FxHashMap<String, u32> = FxHashMap::default();
    let mut terms: Vec<String> = Vec::new();
    let mut per_chapter: Vec<ChapterTerms> = vec![Vec::new(); chapters.len()];
    for (memo, done) in parts {
        let global: Vec<u32> = memo
            .terms
            .into_iter()
            .map(|t| {
                *numbers.entry(t).or_insert_with_key(|t| {
                    terms.push(t.clone());
                    terms.len() as u32 - 1
                })
            })
            .collect();
        for (ci, mut sections) in done {
            for (weights, _) in &mut sections {
                for (term, _) in weights.iter_mut() {
                    *term = global[*term as usize];
                }
            }
            per_chapter[ci] = sections;
        }
    }
    (terms, per_chapter)
}

/// Per worker: word as written -> term number, and the distinct terms.
pub struct Memo {
    /// Words as written of up to 24 bytes, by [`ShortWord`] (most words;
    /// most repeat, so most are found here without being normalised or
    /// stemmed).
    short: FxHashMap<ShortWord, u32>,
    /// Longer words as written.
    words: FxHashMap<String, u32>,
    /// Hyphenated words, normalised.
    compounds: FxHashMap<String, u32>,
    numbers: FxHashMap<String, u32>,
    terms: Vec<String>,
    normalised: String,
    /// The language's profile, looked up once: what new words need.
    profile: crate::lang::Profile,
}

impl Memo {
    /// A memo for words of `lang`.
    fn new(lang: &Lang) -> Self {
        Memo {
            short: FxHashMap::default(),
            words: FxHashMap::default(),
            compounds: FxHashMap::default(),
            numbers: FxHashMap::default(),
            terms: Vec::new(),
            normalised: String::new(),
            profile: lang.profile(),
        }
    }

    /// The term number of a word or hyphenated word. Inlined into the
    /// indexing loop: most words are short and known, found by one lookup.
    #[inline(always)]
    fn id(&mut self, piece: Piece<'_>) -> u32 {
        let short = match piece {
            Piece::Word(raw) => ShortWord::of(raw.as_bytes()),
            Piece::Compound { .. } => None,
        };
        if let Some(key) = short
            && let Some(&id) = self.short.get(&key)
        {
            return id;
        }
        self.id_or_new(piece, short)
    }

    /// [`Memo::id`] for words that are long, hyphenated or new; `short` is
    /// the key [`Memo::id`] already looked up and did not find.
    #[inline(never)]
    fn id_or_new(&mut self, piece: Piece<'_>, short: Option<ShortWord>) -> u32 {
        match piece {
            Piece::Word(raw) => {
                if short.is_none()
                    && let Some(&id) = self.words.get(raw)
                {
                    return id;
                }
                normalise_into(raw, self.profile.lookalikes, &mut self.normalised);
                let stemmer = self.profile.stemmer;
                let id = self.number(stem::stem_with(stemmer, &self.normalised));
                match short {
                    Some(key) => self.short.insert(key, id),
                    None => self.words.insert(raw.to_string(), id),
                };
                id
            }
            Piece::Compound { whole, head, last } => {
                if let Some(&id) = self.compounds.get(whole) {
                    return id;
                }
                let id = self.number(format!(
                    "{head}-{}",
                    stem::stem_with(self.profile.stemmer, last)
                ));
                self.compounds.insert(whole.to_string(), id);
                id
            }
        }
    }

    /// The number of a term, new if it is.
    fn number(&mut self, term: String) -> u32 {
        let terms = &mut self.terms;
        *self.numbers.entry(term).or_insert_with_key(|t| {
            terms.push(t.clone());
            terms.len() as u32 - 1
        })
    }
}

/// A word of at most 24 bytes as a key that is hashed and compared as
/// three integers, with no pointer to follow and no byte loop: its length
/// and bytes `[0, 8)`, `[8, 16)` and the last 8 (overlapping when shorter,
/// which the length makes unambiguous; words under 8 bytes take 4-byte or
/// single-byte pieces the same way).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct ShortWord(u64, u64, u64, usize);

impl std::hash::Hash for ShortWord {
    /// One integer, from three multiplications that run side by side: the
    /// derived hash fed the four fields one after another through the
    /// hasher's multiply, a chain about twice as long, on every word of
    /// the site. The rotation brings the well-mixed high bits down to the
    /// low ones, which pick the bucket.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let mixed = self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ self.1.wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
            ^ self.2.wrapping_mul(0x1656_67B1_9E37_79F9);
        state.write_u64(mixed.rotate_left(26) ^ self.3 as u64);
    }
}

impl ShortWord {
    fn of(w: &[u8]) -> Option<Self> {
        let n = w.len();
        let u64_at = |i: usize| u64::from_le_bytes(w[i..i + 8].try_into().unwrap_or_default());
        let u32_at = |i: usize| {
            u64::from(u32::from_le_bytes(
                w[i..i + 4].try_into().unwrap_or_default(),
            ))
        };
        let (a, b, c) = match n {
            0 => (0, 0, 0),
            1..=3 => (u64::from(w[0]), u64::from(w[n / 2]), u64::from(w[n - 1])),
            4..=7 => (u32_at(0), u32_at(n - 4), 0),
            8..=16 => (u64_at(0), u64_at(n - 8), 0),
            17..=24 => (u64_at(0), u64_at(8), u64_at(n - 8)),
            _ => return None,
        };
        Some(ShortWord(a, b, c, n))
    }
}

/// Weighted term numbers of every section of a chapter. Two words with the
/// same stem have different numbers here; [`analyse`] merges them.
fn chapter_terms(chapter: &Chapter, memo: &mut Memo) -> ChapterTerms {
    let mut weights = Weights::default();
    let fold = memo.profile.lookalikes;
    chapter
        .parsed
        .sections
        .iter()
        .enumerate()
        .map(|(si, section)| {
            let mut length = 0;
            let mut add = |text: &str, weight: u32, counts: bool, length: &mut usize| {
                scan(text, fold, &mut |piece| {
                    weights.add(memo.id(piece), weight);
                    if counts && matches!(piece, Piece::Word(_)) {
                        *length += 1;
                    }
                });
            };
            if si == 0 {
                add(&chapter.title, TITLE_WEIGHT, false, &mut length);
            }
            add(&section.heading, HEADING_WEIGHT, true, &mut length);
            add(&section.text, 1, true, &mut length);
            (weights.take(), length)
        })
        .collect()
}

/// Weights of one section by term number (numbers are dense per memo, so
/// a vector, not a map), and the numbers seen.
#[derive(Default)]
struct Weights {
    by_term: Vec<u32>,
    /// The numbers seen are `seen[..count]`; the rest is room, so that a
    /// number is written in every time and kept by counting it or not,
    /// without a branch the processor would mispredict (a word is new to
    /// its section about half the time).
    seen: Vec<u32>,
    count: usize,
}

impl Weights {
    #[inline(always)]
    fn add(&mut self, term: u32, weight: u32) {
        let t = term as usize;
        if t >= self.by_term.len() {
            self.by_term.resize(t + 1, 0);
        }
        if self.count == self.seen.len() {
            self.seen.resize(self.count * 2 + 64, 0);
        }
        self.seen[self.count] = term;
        self.count += usize::from(self.by_term[t] == 0);
        self.by_term[t] += weight;
    }

    /// The weights seen since the last call, in first-seen order; resets.
    fn take(&mut self) -> Vec<(u32, u32)> {
        let count = std::mem::take(&mut self.count);
        self.seen[..count]
            .iter()
            .map(|&t| (t, std::mem::take(&mut self.by_term[t as usize])))
            .collect()
    }
}

/// `search/text-<k>.js`: each chapter of `group` with its id, title and
/// sections as plain text, for result titles and snippets.
pub fn text_file(k: usize, group: &[&Chapter]) -> Vec<u8> {
    let size: usize = group
        .iter()
        .flat_map(|c| &c.parsed.sections)
        .map(|s| s.text.len() + s.heading.len() + 64)
        .sum();
    let mut out = Vec::with_capacity(size + 64);
    out.extend_from_slice(format!("kitapSearchText({{\"file\":{k},\"chapters\":[").as_bytes());
    for (i, chapter) in group.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let sections = chapter.parsed.sections.iter().map(|s| {
            (
                s.anchor.as_deref().unwrap_or(""),
                s.heading.as_str(),
                s.text.as_str(),
            )
        });
        text_script(&mut out, chapter.id.as_str(), &chapter.title, sections);
    }
    out.extend_from_slice(b"]});\n");
    out
}

/// `[id,title,[[anchor,heading,text],…]]`, as serde_json would write it,
/// without its byte-by-byte escaping of the text that needs none
/// (JSON-escaping the snippets was ~3 % of a build).
fn text_script<'a>(
    out: &mut Vec<u8>,
    id: &str,
    title: &str,
    sections: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
) {
    out.push(b'[');
    json_string(out, id);
    out.push(b',');
    json_string(out, title);
    out.extend_from_slice(b",[");
    for (i, (anchor, heading, text)) in sections.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        json_string(out, anchor);
        out.push(b',');
        json_string(out, heading);
        out.push(b',');
        json_string(out, text);
        out.push(b']');
    }
    out.extend_from_slice(b"]]");
}

/// `s` as a JSON string: copied between quotes when nothing in it needs
/// escaping (nearly always), else by serde_json.
fn json_string(out: &mut Vec<u8>, s: &str) {
    if needs_json_escape(s) {
        // Writing into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    } else {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

/// Whether JSON escapes some byte of `s`: a quote, a backslash or a control
/// character. Checked 32 bytes at a time without branching, which the
/// compiler turns into vector instructions.
fn needs_json_escape(s: &str) -> bool {
    let escaped = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    let mut chunks = s.as_bytes().chunks_exact(32);
    chunks
        .by_ref()
        .any(|c| c.iter().fold(false, |any, &b| any | escaped(b)))
        || chunks.remainder().iter().any(|&b| escaped(b))
}

fn script<T: Serialize>(prefix: &str, value: &T, suffix: &str) -> Vec<u8> {
    let mut out = prefix.as_bytes().to_vec();
    if serde_json::to_writer(&mut out, value).is_err() {
        out.truncate(prefix.len());
        out.extend_from_slice(b"null");
    }
    out.extend_from_slice(suffix.as_bytes());
    out.push(b'\n');
    out
}

/// Postings `(document, level)` as delta-coded documents: each is
/// `gap * LEVELS + level - 1` (a dense list takes a character per
/// document).
pub fn encode_postings(postings: &[(u32, u32)]) -> String {
    let mut out = Vec::with_capacity(postings.len() * 2);
    let mut last = 0;
    for &(doc, level) in postings {
        let gap = (doc - last) as usize;
        encode_varint(
            gap * LEVELS as usize + level.clamp(1, LEVELS) as usize - 1,
            &mut out,
        );
        last = doc;
    }
    // The digits are ASCII.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Base-32 digits, most significant first; every digit but the last comes
/// from [`CONTINUATION`], the last from [`TERMINAL`].
#[inline]
fn encode_varint(mut n: usize, out: &mut Vec<u8>) {
    if n < 32 {
        out.push(TERMINAL[n]);
        return;
    }
    let mut digits = [0u8; 16];
    let mut i = digits.len() - 1;
    digits[i] = TERMINAL[n % 32];
    n /= 32;
    while n > 0 {
        i -= 1;
        digits[i] = CONTINUATION[n % 32];
        n /= 32;
    }
    out.extend_from_slice(&digits[i..]);
}

/// Decode what [`encode_postings`] wrote (used by tests and tools).
pub fn decode_postings(s: &str) -> Vec<(u32, u32)> {
    let mut nums = Vec::new();
    let mut n = 0usize;
    for b in s.bytes() {
        if let Some(d) = CONTINUATION.iter().position(|&c| c == b) {
            n = n * 32 + d;
        } else if let Some(d) = TERMINAL.iter().position(|&c| c == b) {
            nums.push(n * 32 + d);
            n = 0;
        }
    }
    let mut doc = 0;
    nums.into_iter()
        .map(|v| {
            doc += v / LEVELS as usize;
            (doc as u32, (v % LEVELS as usize) as u32 + 1)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// What a language's search files hold, decoded: the manifest's
    /// documents and text grouping, each chapter's id and title, and each
    /// term's postings gathered from the shards.
    #[derive(Debug, PartialEq)]
    struct Decoded {
        version: u64,
        lang: String,
        docs: usize,
        texts: Vec<usize>,
        chapters: Vec<(String, String)>,
        postings: BTreeMap<String, Vec<(u32, u32)>>,
    }

    /// The JSON argument of `prefix(...);\n`.
    fn call_arg(bytes: &[u8], prefix: &str) -> serde_json::Value {
        let text = std::str::from_utf8(bytes).unwrap();
        let json = text
            .strip_prefix(prefix)
            .and_then(|t| t.strip_suffix(");\n"))
            .unwrap_or_else(|| panic!("{prefix}...);"));
        serde_json::from_str(json).unwrap()
    }

    /// Decode the files [`language_files`] wrote for `lang`, checking that
    /// the manifest names exactly the shards and text files there are and
    /// that each shard holds the terms from its first to the next's.
    fn decode(files: &crate::output::OutputSet, lang: &Lang) -> Decoded {
        let v = call_arg(
            files.get(&format!("{lang}/search-index.js")).unwrap(),
            "kitapSearchIndex(",
        );
        let firsts: Vec<String> = serde_json::from_value(v["shards"].clone()).unwrap();
        let texts: Vec<usize> = serde_json::from_value(v["texts"].clone()).unwrap();
        let mut postings = BTreeMap::new();
        let mut all_terms: Vec<String> = Vec::new();
        let inline = v["inline"].as_array().cloned().unwrap_or_default();
        assert!(inline.is_empty() || inline.len() == firsts.len());
        for (k, first) in firsts.iter().enumerate() {
            let shard = match inline.get(k) {
                Some(s) => s.clone(),
                None => call_arg(
                    files.get(&format!("{lang}/search/terms-{k}.js")).unwrap(),
                    "kitapSearchTerms(",
                ),
            };
            assert_eq!(shard["shard"].as_u64(), Some(k as u64));
            let terms: Vec<String> = serde_json::from_value(shard["terms"].clone()).unwrap();
            let encoded: Vec<String> = serde_json::from_value(shard["postings"].clone()).unwrap();
            assert_eq!(terms.len(), encoded.len());
            assert_eq!(
                terms.first(),
                Some(first),
                "shard {k} starts at its manifest term"
            );
            all_terms.extend(terms.iter().cloned());
            postings.extend(
                terms
                    .into_iter()
                    .zip(encoded.iter().map(|p| decode_postings(p))),
            );
        }
        assert!(
            all_terms.windows(2).all(|w| w[0] < w[1]),
            "terms sorted across shards, each once"
        );
        let mut chapters = Vec::new();
        for (k, &count) in texts.iter().enumerate() {
            let text = call_arg(
                files.get(&format!("{lang}/search/text-{k}.js")).unwrap(),
                "kitapSearchText(",
            );
            assert_eq!(text["file"].as_u64(), Some(k as u64));
            let mut sections = 0;
            for c in text["chapters"].as_array().unwrap() {
                chapters.push((c[0].as_str().unwrap().into(), c[1].as_str().unwrap().into()));
                sections += c[2].as_array().unwrap().len();
            }
            assert_eq!(sections, count, "text file {k}: documents");
        }
        let ours = files
            .files
            .keys()
            .filter(|p| p.starts_with(&format!("{lang}/search")))
            .count();
        let shard_files = if inline.is_empty() { firsts.len() } else { 0 };
        assert_eq!(ours, 1 + shard_files + texts.len(), "no other search files");
        Decoded {
            version: v["version"].as_u64().unwrap(),
            lang: v["lang"].as_str().unwrap().to_string(),
            docs: v["docs"].as_u64().unwrap() as usize,
            texts,
            chapters,
            postings,
        }
    }

    /// The index as the format describes it, built the plain way: every
    /// section through `tokens_uax29` (the terms of `tokenize::tokens` by
    /// the full UAX #29 rules, without the scanner's shortcuts), no memo,
    /// weights summed in a map per section, postings in a map per term.
    fn reference_index(book: &Book, lang: &Lang) -> Decoded {
        use super::super::tokenize::tokens_uax29 as tokens;
        let chapters = indexed_chapters(book, lang);
        let mut lengths = Vec::new();
        let mut weighted: BTreeMap<String, Vec<(u32, u32)>> = BTreeMap::new();
        for chapter in &chapters {
            for (si, section) in chapter.parsed.sections.iter().enumerate() {
                let mut weights: BTreeMap<String, u32> = BTreeMap::new();
                let mut length = 0;
                let mut add = |text: &str, weight: u32, counts: bool| {
                    for t in tokens(lang, text) {
                        *weights.entry(t.term).or_default() += weight;
                        if counts && !t.whole {
                            length += 1;
                        }
                    }
                };
                if si == 0 {
                    add(&chapter.title, TITLE_WEIGHT, false);
                }
                add(&section.heading, HEADING_WEIGHT, true);
                add(&section.text, 1, true);
                let doc = lengths.len() as u32;
                for (term, w) in weights {
                    weighted.entry(term).or_default().push((doc, w));
                }
                lengths.push(length);
            }
        }
        let avg = lengths.iter().sum::<usize>() as f64 / lengths.len().max(1) as f64;
        let per_file = text_chapters(&chapters);
        Decoded {
            version: 2,
            lang: lang.as_str().to_string(),
            docs: lengths.len(),
            texts: chapters
                .chunks(per_file)
                .map(|g| g.iter().map(|c| c.parsed.sections.len()).sum())
                .collect(),
            chapters: chapters
                .iter()
                .map(|c| (c.id.as_str().to_string(), c.title.clone()))
                .collect(),
            postings: weighted
                .into_iter()
                .map(|(t, list)| {
                    let list = list
                        .into_iter()
                        .map(|(d, w)| (d, level(w, lengths[d as usize], avg)))
                        .collect();
                    (t, list)
                })
                .collect(),
        }
    }

    #[test]
    fn the_report_is_indexed_as_the_plain_tokenizer_says() {
        let opts = crate::build::BuildOptions {
            root: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            ..Default::default()
        };
        let built = crate::build::build(&opts, &crate::output::Discard).unwrap();
        let book = &built.book;
        assert_eq!(book.config.languages.len(), 3);
        for lang in &book.config.languages {
            let sink = crate::output::Collect::default();
            language_files(book, lang, &sink);
            let ours = decode(&sink.into_set(), lang);
            let reference = reference_index(book, lang);
            assert!(reference.postings.len() > 1000, "{lang}: too few terms");
            // The first term that differs, for a readable failure.
            let terms: std::collections::BTreeSet<_> = ours
                .postings
                .keys()
                .chain(reference.postings.keys())
                .collect();
            for term in terms {
                assert_eq!(
                    ours.postings.get(term),
                    reference.postings.get(term),
                    "{lang}: postings of {term:?} (optimised, reference)"
                );
            }
            assert_eq!(ours, reference, "{lang}");
        }
    }

    #[test]
    fn short_word_keys_tell_every_word_apart() {
        // Every word up to 24 bytes against the same word with any one
        // byte changed, and against its own prefixes: keys differ exactly
        // when the words do.
        let base: Vec<u8> = "қазақстандағы көші-қон".bytes().take(24).collect();
        for n in 0..=24 {
            let w = &base[..n];
            let copy = w.to_vec();
            assert_eq!(ShortWord::of(w), ShortWord::of(&copy));
            for i in 0..n {
                let mut other = w.to_vec();
                other[i] ^= 0x21;
                assert_ne!(ShortWord::of(w), ShortWord::of(&other), "n={n} i={i}");
            }
            for m in 0..n {
                assert_ne!(ShortWord::of(w), ShortWord::of(&w[..m]), "n={n} m={m}");
            }
        }
        assert_eq!(ShortWord::of(&[b'a'; 25]), None);
    }

    #[test]
    fn section_weights_sum_per_term_in_first_seen_order() {
        let mut w = Weights::default();
        for (term, weight) in [(3, 1), (1, 5), (3, 1), (200, 1), (1, 1)] {
            w.add(term, weight);
        }
        assert_eq!(w.take(), [(3, 2), (1, 6), (200, 1)]);
        // The next section starts from nothing, past the first room too.
        for term in 0..300 {
            w.add(term % 150, 1);
        }
        let next = w.take();
        assert_eq!(next.len(), 150);
        assert!(
            next.iter()
                .enumerate()
                .all(|(i, &(t, n))| t == i as u32 && n == 2)
        );
        assert_eq!(w.take(), []);
    }

    #[test]
    fn postings_round_trip() {
        let p = vec![(0, 1), (3, 8), (1000, 5), (1001, 2), (70000, 1)];
        let s = encode_postings(&p);
        assert!(s.is_ascii());
        assert_eq!(decode_postings(&s), p);
    }

    #[test]
    fn text_files_are_what_serde_json_writes() {
        let long = "ы".repeat(40);
        let texts = [
            String::new(),
            "plain text".into(),
            format!("{long}\"quoted\" {long}"),
            format!("{long}back\\slash"),
            format!("tab\tnew\nline\u{1}\u{1f}{long}"),
            format!("{long}\u{7f}\u{2028} «» “”"),
            "x".repeat(64) + "\"",
        ];
        for text in &texts {
            let sections = vec![
                ("anchor-1", "Heading \"one\"", text.as_str()),
                ("", "", text.as_str()),
            ];
            let mut ours = Vec::new();
            text_script(&mut ours, "chapter-1", text, sections.iter().copied());
            let theirs = serde_json::to_vec(&("chapter-1", text, &sections)).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(theirs).unwrap()
            );
        }
    }

    #[test]
    fn levels_grow_with_weight_and_shrink_with_length() {
        assert_eq!(level(1, 100, 100.0), 4);
        assert!(level(8, 100, 100.0) > level(1, 100, 100.0));
        assert!(level(1, 1000, 100.0) < level(1, 10, 100.0));
        assert_eq!(level(MAX_WEIGHT + 100, 1, 100.0), LEVELS);
        assert_eq!(level(1, 5, 0.0), level(1, 100, 100.0));
    }

    #[test]
    fn shards_close_at_their_size_and_keep_a_large_list_whole() {
        let terms = ["a", "b", "c", "d"];
        let big = "0".repeat(SHARD_BYTES * 2);
        let small = "0".repeat(SHARD_BYTES / 3);
        let postings = [small.clone(), small.clone(), big, small];
        assert_eq!(shard_bounds(&terms, &postings), [0..3, 3..4]);
        assert!(shard_bounds(&[], &[]).is_empty());
    }

    #[test]
    fn small_numbers_take_one_character() {
        let mut s = Vec::new();
        encode_varint(31, &mut s);
        assert_eq!(s, b"v");
        s.clear();
        encode_varint(32, &mut s);
        assert_eq!(s, b"x0");
    }
}
