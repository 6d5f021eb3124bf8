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
        /// Include chapters marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Validate everything and build nothing.
    Check {
        /// The workspace: the folder holding site/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
}
