//! One stemmer per language: Snowball (rust-stemmers) for English and
//! Russian, our own for Kazakh ([`super::kk`]); other languages are not
//! stemmed. The browser has ports of the same algorithms
//! (`themes/default/static/stem-*.js`).

use crate::lang::Lang;
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::LazyLock;

static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));
static RUSSIAN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));

/// Stem one normalised word (see `tokenize::normalise_word`).
pub fn stem(lang: &Lang, word: &str) -> String {
    match lang.as_str() {
        "en" => ENGLISH.stem(word).into_owned(),
        "ru" => RUSSIAN.stem(word).into_owned(),
        "kk" => super::kk::stem(word),
        _ => word.to_string(),
    }
}
