//! kitap: publishes one long report as a static website in several
//! languages, with search that works offline.
//!
//! The pipeline runs one way, one module per stage:
//! `load` -> `frontmatter` -> `markdown` -> `model` -> `resolve` -> `render`
//! -> `search` -> `output`; `build` runs the stages. Nothing below imports what sits
//! above it.

pub mod build;
pub mod bundle;
pub mod config;
pub mod edit;
mod embedded;
pub mod error;
pub mod frontmatter;
pub mod i18n;
pub mod lang;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod status;
