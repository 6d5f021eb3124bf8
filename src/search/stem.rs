//! The stemmers a language's profile ([`crate::lang::Profile`]) may name:
//! Snowball (rust-stemmers) for English, Snowball with kitap's additions for
//! Russian ([`super::ru`]), our own for Kazakh ([`super::kk`]); languages
//! without one are not stemmed. The browser has ports of the same algorithms
//! (`themes/default/static/stem-*.js`).

use crate::lang::{Lang, Stemmer as Algo};
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::LazyLock;

static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Stem one normalised word (see `tokenize::normalise_word`).
pub fn stem(lang: &Lang, word: &str) -> String {
    stem_with(lang.profile().stemmer, word)
}

/// [`stem`] by the stemmer a profile names (callers that stem many words
/// look the profile up once).
pub fn stem_with(stemmer: Option<Algo>, word: &str) -> String {
    match stemmer {
        Some(Algo::English) => ENGLISH.stem(word).into_owned(),
        Some(Algo::Russian) => super::ru::stem(word),
        Some(Algo::Kazakh) => super::kk::stem(word),
        None => word.to_string(),
    }
}
