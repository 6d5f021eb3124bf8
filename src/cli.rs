//! Command-line types (clap derive). No file access here: `main` turns these
//! into library calls.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// kitap publishes one long report as a website in several languages.
#[derive(Debug, Parser)]
#[command(name = "kitap", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print more (repeat for even more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Print only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into a folder; on any error write nothing.
    Build {
        /// The workspace: the folder holding site/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: public/ in the workspace).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include chapters marked `draft: true` (marked as drafts,
        /// without a chapter number).
        #[arg(long)]
        drafts: bool,
    },
    /// Preview: build, watch, rebuild what changed and reload the browser.
    Serve {
        /// The workspace: the folder holding site/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to bind; loopback unless told otherwise (0.0.0.0 or ::
        /// lets colleagues on the local network in).
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Port [default: 4000, or the next free one when it is busy].
        #[arg(long)]
        port: Option<u16>,
        /// Poll for changes (for file systems without change events).
        #[arg(long)]
        poll: bool,
        /// Include chapters marked `draft: true` (marked as drafts,
        /// without a chapter number).
        #[arg(long)]
        drafts: bool,
        /// Open the site in the default browser once it is built.
        #[arg(long)]
        open: bool,
        /// Also answer requests for this name of the machine (the Host
        /// check refuses other names); repeat for more.
        #[arg(long, value_name = "NAME")]
        allow_host: Vec<String>,
    },
    /// Validate everything and build nothing.
    Check {
        /// The workspace: the folder holding site/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat warnings (missing or stale translations too) as errors.
        #[arg(long)]
        strict: bool,
        /// Output format of the report.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Offline copy: a reproducible zip that works from file://, search included.
    Bundle {
        /// The workspace: the folder holding site/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Folder for the archive (default: dist/ in the workspace).
        #[arg(long)]
        out: Option<PathBuf>,
        /// One language only.
        #[arg(long)]
        lang: Option<String>,
        /// One self-contained HTML file per language (opens alone, from a
        /// phone or an e-mail attachment) instead of a zip.
        #[arg(long)]
        single_file: bool,
        /// Leave the PDFs out of the zip.
        #[cfg(feature = "pdf")]
        #[arg(long)]
        no_pdf: bool,
        /// Leave the EPUBs out of the zip.
        #[arg(long)]
        no_epub: bool,
    },
    /// An EPUB 3 e-book per language (report-<lang>.epub), for e-readers
    /// and phones' book apps: contents, footnotes as pop-ups, figures.
    Epub {
        /// The workspace: the folder holding site/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Folder for the EPUBs (default: dist/ in the workspace).
        #[arg(long)]
        out: Option<PathBuf>,
        /// One language only.
        #[arg(long)]
        lang: Option<String>,
    },
    /// Typeset the report as a PDF per language (report-<lang>.pdf): tagged
    /// PDF/UA-1, with contents, footnotes, bookmarks and page references.
    #[cfg(feature = "pdf")]
    Pdf {
        /// The workspace: the folder holding site/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Folder for the PDFs (default: dist/ in the workspace).
        #[arg(long)]
        out: Option<PathBuf>,
        /// One language only.
        #[arg(long)]
        lang: Option<String>,
        /// Conform to a PDF/A level as well, for archives.
        #[arg(long, value_enum)]
        pdf_standard: Option<PdfStandard>,
    },
    /// Create something new in the workspace.
    New {
        /// What to create.
        #[command(subcommand)]
        what: NewWhat,
    },
    /// Mark a translation as up to date with its source chapter (writes
    /// `translation_of:` into its front matter).
    Translated {
        /// The translation's language.
        lang: String,
        /// The chapter id.
        id: String,
        /// The workspace: the folder holding site/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// Things `kitap new` creates.
#[derive(Debug, Subcommand)]
pub enum NewWhat {
    /// A chapter file in every language, front matter filled in.
    Chapter {
        /// The chapter id (becomes the file name `NN-NAME.md`).
        name: String,
        /// The workspace: the folder holding site/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// PDF/A levels (`kitap pdf --pdf-standard`).
#[cfg(feature = "pdf")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PdfStandard {
    /// PDF/A-2b (visual appearance preserved).
    #[value(name = "a-2b")]
    A2b,
    /// PDF/A-2u (and all text as Unicode).
    #[value(name = "a-2u")]
    A2u,
    /// PDF/A-3b.
    #[value(name = "a-3b")]
    A3b,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For CI.
    Json,
}
