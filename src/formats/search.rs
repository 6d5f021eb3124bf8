//! The search index as an output format: `<lang>/search-index.js` and the
//! snippet files `<lang>/search/*.js` of every language, made by
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

    /// A language's index (`<lang>/search-index.js`) when asked for; its
    /// snippet files are made by `serve` for the chapters an edit touched
    /// ([`crate::search::index::fragment_file_of`]).
    fn render_some(
        &self,
        input: &Input<'_>,
        paths: &BTreeSet<String>,
        sink: &dyn Sink,
    ) -> Result<(), Vec<Diagnostic>> {
        let book = input.book;
        for lang in &book.config.languages {
            if paths.contains(&format!("{lang}/search-index.js")) {
                let only = super::Only { paths, inner: sink };
                crate::search::index::language_files(book, lang, &only);
            }
        }
        Ok(())
    }
}
