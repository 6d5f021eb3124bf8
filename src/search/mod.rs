//! Search: one index per language, written at build time, read by a small
//! plain-JavaScript client that works from `file://`.
//!
//! Owns the tokenizer ([`tokenize`]), the stemmers ([`stem`], [`kk`], [`ru`]) and the
//! index format ([`index`], documented in `docs/search.md`). Input is the
//! resolved book; output is files handed to the build's sink:
//! `<lang>/search-index.js` (a small manifest, loaded by a `<script>` tag),
//! `<lang>/search/terms-<k>.js` (term shards, loaded for a query's words)
//! and `<lang>/search/text-<k>.js` (chapters' titles and plain text, loaded
//! for the results a query shows).

#[cfg(test)]
mod generated_block;
pub mod index;
pub mod kk;
#[cfg(test)]
mod kk_browser;
pub mod ru;
#[cfg(test)]
mod ru_browser;
pub mod stem;
pub mod tokenize;

pub use index::build_indexes;
