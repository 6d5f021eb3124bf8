//! The search index as an output format: `<lang>/search-index.js` (the
//! manifest), the term shards and the text files `<lang>/search/*.js` of
//! every language, made by
//! [`crate::search`].

use super::{Format, Input};
use crate::error::Diagnostic;
use crate::output::Sink;
use std::collections::BTreeSet;

/// The search index format.
pub struct Search;

impl Format for Search {
    fn name(&self) -> &'static str {
        "search"
    }

    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
        crate::search::build_indexes(input.book, sink);
        Ok(())
    }

    /// Every search file of each language one of whose search files is
    /// asked for (`serve`, after an edit): a language's manifest, shards
    /// and text files are numbered together, so they are made together.
    fn render_some(
        &self,
        input: &Input<'_>,
        paths: &BTreeSet<String>,
        sink: &dyn Sink,
    ) -> Result<(), Vec<Diagnostic>> {
        let book = input.book;
        for lang in &book.config.languages {
            if paths
                .iter()
                .any(|p| crate::search::index::is_search_file(lang, p))
            {
                crate::search::index::language_files(book, lang, sink);
            }
        }
        Ok(())
    }
}
