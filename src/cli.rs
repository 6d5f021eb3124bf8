//! Command-line types (clap derive). No file access here: `main` turns these
//! into library calls.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// kitap publishes one long report as a website in several languages.
#[derive(Debug, Parser)]
#[command(
    name = "kitap",
    version = env!("KITAP_VERSION"),
    about,
    after_help = "Run kitap from the workspace (the folder holding site/) or any folder inside it.\n\
                  Start with `kitap init my-report`, then `kitap serve --open` in it.\n\
                  `kitap help COMMAND` shows a command's options and examples."
)]
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
    /// A new workspace: site.yaml, a first chapter per language, a README.
    #[command(
        after_help = "Writes DIR/site/site.yaml, DIR/site/LANG/01-introduction.md per language (the\n\
                            translations empty: counted as missing until written), DIR/site/assets/,\n\
                            DIR/README.md and DIR/.gitignore. Never overwrites a file.\n\n\
                            Examples:\n  kitap init my-report\n  kitap init my-report --languages kk,ru,en --title \"Annual report\""
    )]
    Init {
        /// The folder to make the workspace in (made if absent; must be
        /// empty unless --force).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The languages, comma-separated; the first is the one chapters
        /// are written in and translated from.
        #[arg(long, value_delimiter = ',', default_value = "en,kk,ru")]
        languages: Vec<String>,
        /// The report's title (put in every language; translate it in
        /// site/site.yaml).
        #[arg(long)]
        title: Option<String>,
        /// Add a workspace to a folder that is not empty (existing files
        /// are kept as they are).
        #[arg(long)]
        force: bool,
    },
    /// Build the site into a folder; on any error write nothing.
    #[command(
        after_help = "Writes public/ (or --out): index.html, a folder per language with its\n\
                            chapters, search, print page and 404 page, assets/, sitemap.xml (with base_url).\n\n\
                            Examples:\n  kitap build\n  kitap build --out /var/www/report --drafts"
    )]
    Build {
        /// The workspace: the folder holding site/ (default: found from the
        /// current folder upward).
        #[arg(long)]
        root: Option<PathBuf>,
        /// Output folder (default: public/ in the workspace).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include chapters marked `draft: true` (marked as drafts,
        /// without a chapter number).
        #[arg(long)]
        drafts: bool,
    },
    /// Preview: build, watch, rebuild what changed and reload the browser.
    #[command(
        after_help = "Writes nothing: the site is kept in memory. Translators' status at /_kitap/status.\n\n\
                            Examples:\n  kitap serve\n  kitap serve --open --drafts\n  kitap serve --host 0.0.0.0   # colleagues on the network can open it"
    )]
    Serve {
        /// The workspace: the folder holding site/ (default: found from the
        /// current folder upward).
        #[arg(long)]
        root: Option<PathBuf>,
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
    #[command(
        after_help = "Writes nothing. Reports errors and warnings with file:line:col, then missing\n\
                            and stale translations per language.\n\n\
                            Examples:\n  kitap check\n  kitap check --strict --format json   # in CI"
    )]
    Check {
        /// The workspace: the folder holding site/ (default: found from the
        /// current folder upward).
        #[arg(long)]
        root: Option<PathBuf>,
        /// Treat warnings (missing or stale translations too) as errors.
        #[arg(long)]
        strict: bool,
        /// Output format of the report.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also remove the source versions kept in site/.kitap/sources/
        /// that no translation names any more.
        #[arg(long)]
        fix: bool,
    },
    /// What changed in a chapter's source since a translation was made
    /// from it, section by section, word by word.
    #[command(
        after_help = "Writes nothing. Removed words are shown [-like this-], added ones {+like this+}\n\
                            (in colour on a terminal).\n\n\
                            Example:\n  kitap diff kk legal-framework"
    )]
    Diff {
        /// The translation's language.
        lang: String,
        /// The chapter id.
        id: String,
        /// The workspace: the folder holding site/ (default: found from the
        /// current folder upward).
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Offline copy: a reproducible zip that works from file://, search included.
    #[command(
        after_help = "Writes dist/report.zip (report-LANG.zip with --lang) and a .sha256 beside it;\n\
                            with --single-file, dist/report-LANG.html per language.\n\n\
                            Examples:\n  kitap bundle\n  kitap bundle --lang kk --no-pdf\n  kitap bundle --single-file"
    )]
    Bundle {
        /// The workspace: the folder holding site/ (default: found from the
        /// current folder upward).
        #[arg(long)]
        root: Option<PathBuf>,
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
    #[command(
        after_help = "Writes dist/report-LANG.epub and a .sha256 beside each.\n\n\
                            Examples:\n  kitap epub\n  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) kitap epub --lang ru"
    )]
    Epub {
        /// The workspace: the folder holding site/ (default: found from the
        /// current folder upward).
        #[arg(long)]
        root: Option<PathBuf>,
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
    #[command(
        after_help = "Writes dist/report-LANG.pdf and a .sha256 beside each.\n\n\
                            Examples:\n  kitap pdf\n  kitap pdf --lang kk --pdf-standard a-2b"
    )]
    Pdf {
        /// The workspace: the folder holding site/ (default: found from the
        /// current folder upward).
        #[arg(long)]
        root: Option<PathBuf>,
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
    /// Chapters as gettext PO files for translation tools (OmegaT, Poedit,
    /// memoQ, Trados, Crowdin, Weblate), and back.
    Po {
        /// Export or import.
        #[command(subcommand)]
        what: PoWhat,
    },
    /// Create something new in the workspace.
    New {
        /// What to create.
        #[command(subcommand)]
        what: NewWhat,
    },
    /// Rename a chapter's files or move it in the book, in every language;
    /// its id stays, so links and translations keep working.
    #[command(
        after_help = "Renames site/LANG/NN-ID.md in every language (and the chapters it passes when\n\
                            moved); a chapter whose id came from its file name gets `id: ID` in its front\n\
                            matter. All files change or none does.\n\n\
                            Examples:\n  kitap mv legal-framework law        # files become NN-law.md, the id stays\n  kitap mv annex --after introduction  # moves the chapter, renumbering the others"
    )]
    Mv {
        /// The chapter id.
        id: String,
        /// The new file name, without number and `.md` (the id stays).
        name: Option<String>,
        /// Move the chapter right after this one.
        #[arg(long, value_name = "ID")]
        after: Option<String>,
        /// The workspace: the folder holding site/ (default: found from the
        /// current folder upward).
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Mark a translation as up to date with its source chapter (writes
    /// `translation_of:` into its front matter).
    #[command(
        after_help = "Changes one line of the translation's front matter, nothing else, and keeps the\n\
                            source chapter as it is now in site/.kitap/sources/ (commit it with the\n\
                            chapters), so that `kitap diff` and `kitap check` can show what changes later.\n\n\
                            Examples:\n  kitap translated kk legal-framework\n  kitap translated --all legal-framework   # a typo fixed in the source: no retranslation"
    )]
    Translated {
        /// The translation's language (with --all: the chapter id).
        lang: String,
        /// The chapter id.
        id: Option<String>,
        /// Every translation of the chapter at once: the source's last
        /// change (a typo, a link) needs no retranslation.
        #[arg(long, visible_alias = "minor")]
        all: bool,
        /// The workspace: the folder holding site/ (default: found from the
        /// current folder upward).
        #[arg(long)]
        root: Option<PathBuf>,
    },
}

/// `kitap po` subcommands.
#[derive(Debug, Subcommand)]
pub enum PoWhat {
    /// A PO file per chapter: one entry per block, the existing translation
    /// as msgstr, blocks changed since it was made marked fuzzy.
    #[command(
        after_help = "Writes po/LANG/ID.po (or into --out) for each chapter named, or every chapter.\n\
                            Inline Markdown becomes placeholders: <1>…</1> around words (a link, emphasis),\n\
                            <2/> for what stays as it is (code, a footnote, an image). Refuses to replace\n\
                            existing PO files (import them first) unless --force.\n\n\
                            Examples:\n  kitap po export kk\n  kitap po export ru legal-framework labour-rights --out ~/to-translator"
    )]
    Export {
        /// The translation's language.
        lang: String,
        /// Chapter ids (default: every chapter).
        ids: Vec<String>,
        /// Folder for the PO files (default: po/LANG/ in the workspace).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace PO files that exist.
        #[arg(long)]
        force: bool,
        /// The workspace: the folder holding site/ (default: found from the
        /// current folder upward).
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Write translated PO files back into their chapters.
    #[command(
        after_help = "Writes site/LANG/NN-ID.md for each PO file, in the source's structure, its front\n\
                            matter kept (title and summary translated). Fuzzy and untranslated entries\n\
                            are not used: the chapter keeps its text there, or the source's. Marks it up\n\
                            to date (translation_of) only when every entry is translated and none is fuzzy.\n\
                            Refuses to drop translated text that matches no block of the source (--force\n\
                            drops it). A broken file, a placeholder lost or added, a file for another\n\
                            chapter: an error, and no file changes.\n\n\
                            Examples:\n  kitap po import po/kk/legal-framework.po\n  kitap po import po/ru/*.po"
    )]
    Import {
        /// The PO files.
        files: Vec<PathBuf>,
        /// Drop the text of the translation that matches no block of the
        /// source (by default the import refuses and names it).
        #[arg(long)]
        force: bool,
        /// The workspace: the folder holding site/ (default: found from the
        /// current folder upward).
        #[arg(long)]
        root: Option<PathBuf>,
    },
}

/// Things `kitap new` creates.
#[derive(Debug, Subcommand)]
pub enum NewWhat {
    /// A chapter file in every language, front matter filled in.
    #[command(
        after_help = "Writes site/LANG/NN-NAME.md in every language; the translations have front\n\
                            matter only and count as missing until written. With --after, the chapters\n\
                            that follow are renumbered (their files renamed) in every language.\n\n\
                            Examples:\n  kitap new chapter recommendations\n  kitap new chapter methodology --after introduction"
    )]
    Chapter {
        /// The chapter id (becomes the file name `NN-NAME.md`).
        name: String,
        /// Put the chapter right after this one (default: at the end).
        #[arg(long, value_name = "ID")]
        after: Option<String>,
        /// The workspace: the folder holding site/ (default: found from the
        /// current folder upward).
        #[arg(long)]
        root: Option<PathBuf>,
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
