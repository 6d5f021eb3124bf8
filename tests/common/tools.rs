//! External checkers the tests run on kitap's output (poppler-utils'
//! `pdfinfo`, `pdftotext`, `pdffonts`; `qpdf`; Debian's `epubcheck`).
//! `.ci/run` installs them.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::Command;

/// Set to `1` (CI does, in `.ci/run`) to make a missing checker fail the
/// tests that need it instead of skipping them.
pub const REQUIRE_VAR: &str = "KITAP_REQUIRE_TOOLS";

fn runs(tool: &str) -> bool {
    // Every tool here prints its version with `-v` or `--version`.
    ["-v", "--version"].iter().any(|flag| {
        Command::new(tool)
            .arg(flag)
            .output()
            .is_ok_and(|o| o.status.success() || !o.stderr.is_empty() || !o.stdout.is_empty())
    })
}

/// Whether every tool in `tools` runs here. Call it first in a test that
/// needs them and return if it says no: the test is then skipped loudly (a
/// `SKIPPED` line on the process's stderr, which `cargo test` shows even
/// for a passing test), or fails with `KITAP_REQUIRE_TOOLS=1`.
pub fn available(tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools.iter().copied().filter(|t| !runs(t)).collect();
    skip_unless(&missing, "apt-get install poppler-utils qpdf")
}

/// True when nothing is `missing`; else skips loudly (or fails, with
/// [`REQUIRE_VAR`]) saying how to install it.
fn skip_unless(missing: &[&str], install: &str) -> bool {
    if missing.is_empty() {
        return true;
    }
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("<unnamed test>");
    let why = format!(
        "{} not found — install them with {install}",
        missing.join(", ")
    );
    if std::env::var(REQUIRE_VAR).is_ok_and(|v| v == "1") {
        panic!("{test} needs {why}; {REQUIRE_VAR}=1 makes them mandatory");
    }
    let line = format!(
        "SKIPPED (no {}): {test} — {why} ({REQUIRE_VAR}=1 makes this a failure)\n",
        missing.join(", ")
    );
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
    false
}

/// Run `tool args… path`, assert success, return stdout as text.
pub fn run(tool: &str, args: &[&str], path: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("start {tool}: {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?} {} failed: {}{}",
        path.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Where Debian's `epubcheck` package puts the checker.
const EPUBCHECK_JAR: &str = "/usr/share/java/epubcheck.jar";

/// The command that runs epubcheck: Java on Debian's jar (its
/// `/usr/bin/epubcheck` is the jar itself, which runs only where binfmt
/// is set up), else an `epubcheck` on PATH. `None` (after a loud skip, or
/// a failure with [`REQUIRE_VAR`]) when there is none.
pub fn epubcheck() -> Option<Command> {
    if Path::new(EPUBCHECK_JAR).is_file() && runs("java") {
        let mut cmd = Command::new("java");
        cmd.args(["-jar", EPUBCHECK_JAR]);
        return Some(cmd);
    }
    if runs("epubcheck") {
        return Some(Command::new("epubcheck"));
    }
    skip_unless(&["epubcheck"], "apt-get install epubcheck").then(|| unreachable!())
}

/// The website's quality checkers (`tests/quality/check.mjs`): Node.js,
/// Java for the Nu HTML checker, and the npm packages `npm ci --prefix
/// tests/quality` installs. Whether they are all here; else a loud skip, or
/// a failure with [`REQUIRE_VAR`], as [`available`]. Chromium is asked for
/// apart, with `common::browser::available`.
pub fn quality_checkers() -> bool {
    let modules = super::repo().join("tests/quality/node_modules");
    let mut missing: Vec<&str> = ["node", "java"].into_iter().filter(|t| !runs(t)).collect();
    for (package, file) in [
        ("vnu-jar", "vnu-jar/build/dist/vnu.jar"),
        ("playwright-core", "playwright-core/package.json"),
        ("axe-core", "axe-core/axe.min.js"),
    ] {
        if !modules.join(file).is_file() {
            missing.push(package);
        }
    }
    skip_unless(
        &missing,
        "apt-get install nodejs npm default-jre-headless, then npm ci --prefix tests/quality",
    )
}

/// Whether GNU gettext's `msgfmt` and translate-toolkit's `po2xliff` and
/// `xliff2po` run
/// here (else a loud skip, or a failure with [`REQUIRE_VAR`]).
pub fn po_tools() -> bool {
    let missing: Vec<&str> = ["msgfmt", "po2xliff", "xliff2po"]
        .into_iter()
        .filter(|t| !runs(t))
        .collect();
    skip_unless(&missing, "apt-get install gettext translate-toolkit")
}
