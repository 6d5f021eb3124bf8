//! The `kitap` binary: parse the command line, call the library, print the
//! report once, and map the outcome to an exit code (0 ok, 1 content errors,
//! 2 usage errors).

mod cli;

use clap::Parser;
use cli::{Cli, Command, Format, NewWhat};
use kitap::build::{BuildOptions, build};
use kitap::error::{Diagnostic, Error, render_report};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose, cli.quiet);
    let long = matches!(
        cli.command,
        Command::Build { .. } | Command::Bundle { .. } | Command::Epub { .. }
    );
    #[cfg(feature = "pdf")]
    let long = long || matches!(cli.command, Command::Pdf { .. });
    if long && !cli.quiet {
        start_progress();
    }
    match run(cli.command, cli.quiet) {
        Ok(code) => code,
        Err(e) => report_error(&e),
    }
}

fn run(command: Command, quiet: bool) -> Result<ExitCode, Error> {
    match command {
        Command::Build { root, out, drafts } => {
            let root = workspace(root)?;
            let out = out.unwrap_or_else(|| root.join("public"));
            let started = std::time::Instant::now();
            let staging = kitap::output::Staging::open(&root, &out)?;
            let opts = BuildOptions {
                root: root.clone(),
                drafts,
                ..Default::default()
            };
            let built = build(&opts, &staging)?;
            print_diagnostics(&built.warnings);
            let written = staging.commit()?;
            end_progress();
            if !quiet {
                eprintln!(
                    "built {} files ({} KiB) into {} in {} ms",
                    written.files,
                    written.bytes / 1024,
                    out.display(),
                    started.elapsed().as_millis()
                );
                let findings = kitap::status::translation_report(&built.book);
                if let Some(line) = kitap::status::summary(&findings) {
                    eprintln!("{line}");
                }
                if built.book.config.base_url.is_empty() {
                    eprintln!(
                        "note: site.yaml has no base_url, so sitemap.xml is left out, hreflang links are relative, and the 404 pages link from the domain's root (/); set base_url to the site's address for a host"
                    );
                }
            }
            // The book is no longer needed: leave its memory to the system
            // instead of freeing it piece by piece.
            std::mem::forget(built);
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            root,
            strict,
            format,
            fix,
        } => check(&workspace(root)?, strict, format, fix, quiet),
        Command::Diff { lang, id, root } => diff(&workspace(root)?, &lang, &id),
        Command::Init {
            dir,
            languages,
            title,
            force,
        } => init(dir, languages, title, force),
        Command::New {
            what: NewWhat::Chapter { name, after, root },
        } => {
            let root = workspace(root)?;
            let written = kitap::edit::new_chapter(&root, &name, after.as_deref())?;
            // Renamed first: the new files take the numbers they freed.
            for (from, to) in &written {
                if let Some(from) = from {
                    report_move(&root, from, to);
                }
            }
            for (from, to) in &written {
                if from.is_none() {
                    println!("created {}", shown(&root, to));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Mv {
            id,
            name,
            after,
            root,
        } => {
            let root = workspace(root)?;
            let moved = kitap::edit::move_chapter(&root, &id, name.as_deref(), after.as_deref())?;
            for (from, to) in &moved {
                report_move(&root, from, to);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            root,
            host,
            port,
            poll,
            drafts,
            open,
            allow_host,
        } => {
            kitap::serve::serve(&kitap::serve::ServeOptions {
                root: workspace(root)?,
                host,
                port,
                poll,
                drafts,
                open,
                allow_hosts: allow_host,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bundle {
            root,
            out,
            lang,
            single_file,
            #[cfg(feature = "pdf")]
            no_pdf,
            no_epub,
        } => {
            let root = workspace(root)?;
            let out_dir = out.unwrap_or_else(|| root.join("dist"));
            #[cfg(not(feature = "pdf"))]
            let no_pdf = true;
            let archives = kitap::bundle::bundle(&kitap::bundle::BundleOptions {
                root,
                out_dir,
                lang,
                epoch: source_date_epoch()?,
                single_file,
                pdf: !no_pdf,
                epub: !no_epub,
            })?;
            report_archives(&archives);
            Ok(ExitCode::SUCCESS)
        }
        Command::Epub { root, out, lang } => {
            let root = workspace(root)?;
            let out_dir = out.unwrap_or_else(|| root.join("dist"));
            let epoch = source_date_epoch()?;
            let files = kitap::bundle::epub(&kitap::bundle::EpubOptions {
                root,
                out_dir,
                lang,
                epoch,
            })?;
            report_archives(&files);
            if epoch.is_none() && !quiet {
                eprintln!(
                    "note: SOURCE_DATE_EPOCH is not set, so the books are dated 1980-01-01; to date an edition, set it (SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) kitap epub)"
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "pdf")]
        Command::Pdf {
            root,
            out,
            lang,
            pdf_standard,
        } => {
            use kitap::formats::pdf::Archive;
            let root = workspace(root)?;
            let out_dir = out.unwrap_or_else(|| root.join("dist"));
            let archive = pdf_standard.map(|s| match s {
                cli::PdfStandard::A2b => Archive::A2b,
                cli::PdfStandard::A2u => Archive::A2u,
                cli::PdfStandard::A3b => Archive::A3b,
            });
            let files = kitap::bundle::pdf(&kitap::bundle::PdfOptions {
                root,
                out_dir,
                lang,
                epoch: source_date_epoch()?,
                archive,
            })?;
            report_archives(&files);
            Ok(ExitCode::SUCCESS)
        }
        Command::Po { what } => po(what),
        Command::Translated {
            lang,
            id,
            all,
            root,
        } => {
            let root = workspace(root)?;
            let stamped = match (all, id) {
                (true, None) => kitap::edit::stamp_all(&root, &lang)?,
                (false, Some(id)) => vec![kitap::edit::stamp_translation(&root, &lang, &id)?],
                (true, Some(_)) => {
                    return Err(Error::Usage(
                        "with --all, name the chapter only: kitap translated --all ID".into(),
                    ));
                }
                (false, None) => {
                    return Err(Error::Usage(
                        "name the language and the chapter (kitap translated kk ID), or --all and the chapter".into(),
                    ));
                }
            };
            for (path, version) in stamped {
                println!("{}: translation_of: {version}", shown(&root, &path));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `kitap po export` and `kitap po import`.
fn po(what: cli::PoWhat) -> Result<ExitCode, Error> {
    use cli::PoWhat;
    match what {
        PoWhat::Export {
            lang,
            ids,
            out,
            force,
            root,
        } => {
            let root = workspace(root)?;
            let stamp = match source_date_epoch()? {
                Some(secs) => jiff::Timestamp::from_second(secs).unwrap_or_default(),
                None => jiff::Timestamp::now(),
            };
            let done = kitap::po::export(
                &root,
                &kitap::po::ExportOptions {
                    lang,
                    ids,
                    out,
                    force,
                    date: stamp.strftime("%Y-%m-%d %H:%M+0000").to_string(),
                },
            )?;
            for (path, c) in &done.files {
                let fuzzy = if c.fuzzy > 0 {
                    format!(", {} fuzzy", c.fuzzy)
                } else {
                    String::new()
                };
                println!(
                    "wrote {}: {} entries, {} translated{fuzzy}",
                    shown(&root, path),
                    c.entries,
                    c.translated
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        PoWhat::Import { files, root, force } => {
            let root = workspace(root)?;
            let done = kitap::po::import(&root, &files, force)?;
            for c in &done.chapters {
                let state = match (&c.stamped, c.unstamped, c.still_up_to_date) {
                    (Some(v), _, _) => format!("up to date (translation_of: {v})"),
                    (None, true, _) => "not up to date: translation_of removed, as some blocks are in the source language now".to_string(),
                    (None, false, true) => "still up to date: the entries left keep the chapter's translation".to_string(),
                    (None, false, false) => "not marked up to date".to_string(),
                };
                println!(
                    "{} {} from {}: {} entries; {state}",
                    if c.unchanged { "unchanged" } else { "wrote" },
                    shown(&root, &c.path),
                    c.po.display(),
                    c.entries
                );
                for p in &c.pending {
                    let what = if p.fuzzy {
                        "fuzzy (not used)"
                    } else {
                        "untranslated"
                    };
                    let stays = if p.kept {
                        "the chapter keeps its translation there"
                    } else {
                        "the source's text stands there"
                    };
                    eprintln!("{}: warning: `{}` is {what}: {stays}", p.at, p.block);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The workspace: `--root` as given, else the folder holding the current
/// one's `site/site.yaml`, looking upward.
fn workspace(root: Option<PathBuf>) -> Result<PathBuf, Error> {
    match root {
        Some(root) => Ok(root),
        None => {
            let here = std::env::current_dir().map_err(|e| Error::io(".", e))?;
            kitap::workspace::find(&here)
        }
    }
}

/// A path as the user can type it: relative to the current folder when it
/// is inside it, else as it is.
fn shown(root: &Path, path: &Path) -> String {
    let here = std::env::current_dir().ok();
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        root.join(path)
    };
    here.and_then(|h| abs.strip_prefix(&h).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

fn report_move(root: &Path, from: &Path, to: &Path) {
    if from == to {
        println!("changed {}", shown(root, to));
    } else {
        println!("renamed {} -> {}", shown(root, from), shown(root, to));
    }
}

/// `kitap init`.
fn init(
    dir: PathBuf,
    languages: Vec<String>,
    title: Option<String>,
    force: bool,
) -> Result<ExitCode, Error> {
    let done = kitap::workspace::init(&kitap::workspace::InitOptions {
        dir: dir.clone(),
        languages,
        title,
        force,
    })?;
    let here = std::env::current_dir().unwrap_or_default();
    for path in &done.created {
        println!("created {}", shown(&here, path));
    }
    for path in &done.kept {
        println!("kept    {} (it existed)", shown(&here, path));
    }
    let abs = std::path::absolute(&dir).unwrap_or(dir);
    let cd = if abs == here {
        String::new()
    } else {
        format!("  cd {}\n", shown(&here, &abs))
    };
    println!(
        "\nA new report in {}. Next:\n{cd}  kitap serve --open     # preview it, then edit a chapter in site/ and watch it change\n  kitap check            # what is missing or broken\n  kitap bundle           # dist/report.zip for offline readers",
        abs.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `kitap check`: build in memory (drafts included, links checked as both
/// `build` and `build --drafts` resolve them), then the translation report.
/// `kitap diff LANG ID`: each changed part of the source, word by word.
fn diff(root: &Path, lang: &str, id: &str) -> Result<ExitCode, Error> {
    use std::io::IsTerminal;
    let built = kitap::edit::whole_book(root)?;
    let d = kitap::translate::diff(root, &built.book, lang, id)?;
    if d.changes.is_empty() {
        println!(
            "{} is up to date with {} (source version {})",
            d.translation, d.source, d.current
        );
        return Ok(ExitCode::SUCCESS);
    }
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let (red, green, bold, off) = if colour {
        ("\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "", "")
    };
    println!(
        "{}: {} changed since {} was made from it (source version {} -> {})",
        d.source,
        plural(d.changes.len(), "part"),
        d.translation,
        d.named,
        d.current
    );
    for c in &d.changes {
        let how = match c.change {
            kitap::status::Change::Changed => "changed",
            kitap::status::Change::Added => "new",
            kitap::status::Change::Removed => "removed",
        };
        println!("\n{bold}{} ({how}){off}", c.section);
        // Only the paragraphs with a change, "…" for those left out.
        let mut paragraphs: Vec<(String, bool)> = vec![(String::new(), false)];
        for w in kitap::translate::word_diff(&c.old, &c.new) {
            let (text, style) = match w {
                kitap::translate::Words::Same(t) => {
                    let mut pieces = t.split("\n\n");
                    if let (Some(first), Some(p)) = (pieces.next(), paragraphs.last_mut()) {
                        p.0.push_str(first);
                    }
                    for piece in pieces {
                        paragraphs.push((piece.to_string(), false));
                    }
                    continue;
                }
                kitap::translate::Words::Removed(t) if colour => (t, format!("{red}\x1b[9m")),
                kitap::translate::Words::Added(t) if colour => (t, format!("{green}\x1b[4m")),
                kitap::translate::Words::Removed(t) => (format!("[-{t}-]"), String::new()),
                kitap::translate::Words::Added(t) => (format!("{{+{t}+}}"), String::new()),
            };
            if let Some(p) = paragraphs.last_mut() {
                let end = if style.is_empty() { "" } else { off };
                p.0.push_str(&format!("{style}{text}{end}"));
                p.1 = true;
            }
        }
        let mut skipped = false;
        for (text, changed) in paragraphs {
            if changed {
                if skipped {
                    println!("…\n");
                }
                println!("{}\n", text.trim());
                skipped = false;
            } else {
                skipped = true;
            }
        }
    }
    println!(
        "\nOnce {} follows these changes: kitap translated {lang} {id}",
        d.translation
    );
    Ok(ExitCode::SUCCESS)
}

fn check(
    root: &std::path::Path,
    strict: bool,
    format: Format,
    fix: bool,
    quiet: bool,
) -> Result<ExitCode, Error> {
    let result = kitap::build::check(
        &BuildOptions {
            root: root.to_path_buf(),
            ..Default::default()
        },
        &kitap::output::Discard,
    );
    let built = match (result, format) {
        (Ok(b), _) => b,
        (Err(Error::Content(diags)), Format::Json) => {
            let report =
                serde_json::json!({ "ok": false, "diagnostics": diags, "translations": [] });
            println!("{report:#}");
            return Ok(ExitCode::from(1));
        }
        (Err(e), _) => return Err(e),
    };
    let mut findings = kitap::status::translation_report(&built.book);
    kitap::translate::attach_changes(root, &built.book, &mut findings);
    if fix {
        for path in kitap::translate::prune(root, &built.book)? {
            eprintln!("removed {} (no translation names it)", shown(root, &path));
        }
    }
    let failed = strict && (!built.warnings.is_empty() || !findings.is_empty());
    match format {
        Format::Json => {
            let report = serde_json::json!({
                "ok": !failed,
                "diagnostics": built.warnings,
                "translations": findings,
            });
            println!("{report:#}");
        }
        Format::Text => {
            print_diagnostics(&built.warnings);
            for lang in built
                .book
                .config
                .languages
                .iter()
                .filter(|l| **l != built.book.config.default_language)
            {
                let mine: Vec<_> = findings
                    .iter()
                    .filter(|f| f.lang() == lang.as_str())
                    .collect();
                if mine.is_empty() {
                    println!("{lang}: every chapter translated and up to date");
                } else {
                    println!("{lang}: {}", plural(mine.len(), "warning"));
                    for f in mine {
                        println!("  {}", f.to_diagnostic().render());
                    }
                }
            }
            if !quiet {
                // Every line above is a warning: one count for all of them.
                let total = built.warnings.len() + findings.len();
                eprintln!(
                    "checked: {} ({} in the content, {} about translations){}",
                    plural(total, "warning"),
                    built.warnings.len(),
                    findings.len(),
                    if failed {
                        "; failing because of --strict"
                    } else {
                        ""
                    }
                );
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `1 warning`, `2 warnings`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `SOURCE_DATE_EPOCH`, when set: a whole number of seconds since 1970
/// (anything else is a usage error, not a date silently dropped).
fn source_date_epoch() -> Result<Option<i64>, Error> {
    let Ok(value) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    match value.trim().parse::<i64>() {
        Ok(secs) if secs >= 0 => Ok(Some(secs)),
        _ => Err(Error::Usage(format!(
            "SOURCE_DATE_EPOCH is `{value}`: it must be a whole number of seconds since 1970-01-01 (for example SOURCE_DATE_EPOCH=$(git log -1 --format=%ct))"
        ))),
    }
}

/// The warnings of a bundle or PDF run, then each file written.
fn report_archives(written: &kitap::bundle::Written) {
    end_progress();
    print_diagnostics(&written.warnings);
    for archive in &written.archives {
        let size = if archive.bytes < 1_048_576 {
            format!("{} KiB", archive.bytes.div_ceil(1024))
        } else {
            format!("{:.1} MiB", archive.bytes as f64 / 1_048_576.0)
        };
        println!(
            "{} ({size}, sha256 {})",
            archive.path.display(),
            archive.sha256
        );
        if archive.bytes > kitap::bundle::EMAIL_LIMIT {
            eprintln!(
                "warning: {} is larger than 20 MiB; many e-mail providers refuse attachments that big",
                archive.path.display()
            );
        }
    }
    if let Some(line) = kitap::status::summary(&written.translations) {
        eprintln!("{line}");
    }
}

/// The progress line of a long command: on a terminal only (not when
/// stderr is piped, nor in CI), cleared before the results are printed.
static PROGRESS: std::sync::OnceLock<indicatif::ProgressBar> = std::sync::OnceLock::new();

fn start_progress() {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        return;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let shown = bar.clone();
    if PROGRESS.set(bar).is_ok() {
        kitap::progress::set_reporter(move |what| shown.set_message(what.to_string()));
    }
}

/// Clear the progress line before printing results.
fn end_progress() {
    if let Some(bar) = PROGRESS.get() {
        bar.finish_and_clear();
    }
}

fn print_diagnostics(diags: &[Diagnostic]) {
    end_progress();
    for block in render_report(diags) {
        eprintln!("{block}");
    }
}

fn report_error(e: &Error) -> ExitCode {
    end_progress();
    eprintln!("{}", e.render());
    match e {
        Error::Content(_) => {
            eprintln!("error: {e}; nothing was written");
            ExitCode::from(1)
        }
        Error::UnsafeOutput { .. } | Error::NoSite(_) | Error::NoWorkspace(_) | Error::Usage(_) => {
            ExitCode::from(2)
        }
        _ => ExitCode::from(1),
    }
}

fn init_logging(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        // notify warns of watches it cannot remove when a watched folder
        // is deleted (serve watches it again when it comes back): noise.
        // usvg warns of every font family of an SVG not among the PDF's
        // embedded fonts, which it then replaces: noise too.
        (false, 0) => "warn,notify=error,usvg=error",
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
