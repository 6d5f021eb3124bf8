//! kitap: publishes one long report as a static website in several
//! languages, with search that works offline, a print page and offline
//! copies.
//!
//! Data flows one way; nothing below imports what sits above it.

// Pipeline stages, in order.
/// Runs the stages and gathers every diagnostic.
pub mod build;
/// Output formats behind one interface: website, print, search, single file.
pub mod formats;
/// YAML front matter and the shared YAML reader.
pub mod frontmatter;
/// Reads the workspace: `site.yaml`, chapters, theme, strings, images.
pub mod load;
/// Markdown -> HTML with headings, footnotes, links and search text.
pub mod markdown;
/// One chapter as the rest of kitap sees it.
pub mod model;
/// Where output goes: sinks, the in-memory set, the output folder.
pub mod output;
/// The whole book: order, fallbacks, cross-chapter links.
pub mod resolve;

// Support used by several stages and formats.
/// Site settings (`site.yaml`).
pub mod config;
/// Theme, strings and other files compiled into the binary.
mod embedded;
/// Diagnostics (`path:line:col: error: ...`) and the error type.
pub mod error;
/// Abbreviations (`site/abbreviations.yaml`), sorted per language.
pub mod glossary;
/// Interface strings (`i18n/<lang>.yaml`) and plurals.
pub mod i18n;
/// Language codes and profiles, chapter ids.
pub mod lang;
/// What a long command is doing, for a progress line on a terminal.
pub mod progress;
/// Page templating shared by the HTML formats.
pub mod render;
/// The search engine: tokenizer, stemmers, index writer.
pub mod search;
/// Source versions kept for translations; what changed between two.
pub mod sources;

// Commands on top of the pipeline.
/// `kitap bundle`: offline zip and single-file copies.
pub mod bundle;
/// `kitap new chapter` and `kitap translated`: edits of chapter files.
pub mod edit;
/// `kitap po export` / `import`: chapters as gettext PO files.
pub mod po;
/// `kitap serve`: preview with live reload and the translators' pages.
pub mod serve;
/// The translators' report (`kitap check`, `/_kitap/status`).
pub mod status;
/// The sources translations were made from; changed sections; diffs.
pub mod translate;
/// Finding the workspace from any folder inside it; `kitap init`.
pub mod workspace;
