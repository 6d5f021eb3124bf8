//! The search term of each word read from standard input (one word per
//! line), one per line on standard output, exactly as `kitap build` indexes
//! it: normalised (lower case, `ё` → `е`, Latin look-alikes in Cyrillic words)
//! and stemmed by the language's stemmer. Used by `bench/stem_eval.py`.
//!
//!     cargo run --example terms -- kk < words.txt > terms.txt

use kitap::lang::Lang;
use kitap::search::{stem, tokenize};
use std::io::{BufRead, BufWriter, Write};

fn main() {
    let code = std::env::args().nth(1).unwrap_or_default();
    let Some(lang) = Lang::parse(&code) else {
        eprintln!("usage: terms LANG < words  (LANG: a language code such as en, kk, ru)");
        std::process::exit(2);
    };
    let profile = lang.profile();
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.lines() {
        let Ok(line) = line else { break };
        let word = tokenize::normalise_word(line.trim(), profile.lookalikes);
        let term = stem::stem_with(profile.stemmer, &word);
        if writeln!(out, "{term}").is_err() {
            break;
        }
    }
    let _ = out.flush();
}
