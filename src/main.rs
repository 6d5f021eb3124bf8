//! The `kitap` binary: parse the command line, call the library, print the
//! report once, and map the outcome to an exit code (0 ok, 1 content errors,
//! 2 usage errors).

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use kitap::build::{BuildOptions, build};
use kitap::error::{Diagnostic, Error};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose, cli.quiet);
    match run(cli.command, cli.quiet) {
        Ok(code) => code,
        Err(e) => report_error(&e),
    }
}

fn run(command: Command, quiet: bool) -> Result<ExitCode, Error> {
    match command {
        Command::Build { root, out, drafts } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let started = std::time::Instant::now();
            let built = build(&BuildOptions {
                root: root.clone(),
                drafts,
            })?;
            print_diagnostics(&built.warnings);
            kitap::output::write(&root, &out, &built.output)?;
            if !quiet {
                eprintln!(
                    "built {} files ({} KiB) into {} in {} ms",
                    built.output.files.len(),
                    built.output.total_bytes() / 1024,
                    out.display(),
                    started.elapsed().as_millis()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { root, strict } => {
            let built = build(&BuildOptions { root, drafts: true })?;
            print_diagnostics(&built.warnings);
            let failed = strict && !built.warnings.is_empty();
            if !quiet {
                eprintln!(
                    "checked: {} warning(s){}",
                    built.warnings.len(),
                    if failed {
                        ", failing because of --strict"
                    } else {
                        ""
                    }
                );
            }
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{}", d.render());
    }
}

fn report_error(e: &Error) -> ExitCode {
    match e {
        Error::Content(diags) => {
            print_diagnostics(diags);
            eprintln!("error: {e}; nothing was written");
            ExitCode::from(1)
        }
        Error::UnsafeOutput { .. } | Error::NoSite(_) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        other => {
            let mut msg = format!("error: {other}");
            let mut source = std::error::Error::source(other);
            while let Some(s) = source {
                msg.push_str(&format!(": {s}"));
                source = s.source();
            }
            eprintln!("{msg}");
            ExitCode::from(1)
        }
    }
}

fn init_logging(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("KITAP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .init();
}
