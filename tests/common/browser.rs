//! Headless Chromium for tests: open a URL, let its scripts run, read the DOM.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

/// Set to `1` (CI does, in `.ci/run`) to make a missing Chromium fail the
/// browser tests instead of skipping them.
pub const REQUIRE_VAR: &str = "KITAP_REQUIRE_BROWSER";

/// The Chromium binary that answers `--version`: `$CHROMIUM` if set (and
/// nothing else then), else `chromium`, `chromium-browser` or
/// `google-chrome` on PATH. Looked up once per test binary.
fn find() -> Result<&'static str, &'static str> {
    static FOUND: OnceLock<Result<String, String>> = OnceLock::new();
    let runs = |c: &str| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let found = FOUND.get_or_init(|| {
        if let Some(c) = std::env::var_os("CHROMIUM") {
            let c = c.to_string_lossy().into_owned();
            return if runs(&c) {
                Ok(c)
            } else {
                Err(format!("CHROMIUM={c} does not run `--version`"))
            };
        }
        ["chromium", "chromium-browser", "google-chrome"]
            .into_iter()
            .find(|c| runs(c))
            .map(String::from)
            .ok_or_else(|| "no chromium, chromium-browser or google-chrome on PATH".to_string())
    });
    found.as_deref().map_err(|e| e.as_str())
}

/// Whether this test can use Chromium. Call it first in every test (or
/// test part) that starts the browser, and return if it says no:
///
/// ```ignore
/// if !common::browser::available() {
///     return;
/// }
/// ```
///
/// Without Chromium the test is skipped loudly: a `SKIPPED (no Chromium)`
/// line naming the test goes straight to the process's stderr, which
/// `cargo test` shows even for passing tests (the harness captures only
/// `print!`/`eprint!`). With `KITAP_REQUIRE_BROWSER=1` a missing Chromium
/// fails the test instead.
pub fn available() -> bool {
    let why = match find() {
        Ok(_) => return true,
        Err(why) => why,
    };
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("<unnamed test>");
    if std::env::var(REQUIRE_VAR).is_ok_and(|v| v == "1") {
        panic!(
            "headless Chromium is needed for {test} and {REQUIRE_VAR}=1 makes it mandatory: {why}; \
             install it with apt-get install chromium, or set CHROMIUM=/path"
        );
    }
    let line = format!(
        "SKIPPED (no Chromium): {test} — install it with apt-get install chromium, or set CHROMIUM=/path ({why}; {REQUIRE_VAR}=1 makes this a failure)\n"
    );
    // Written to the file descriptor, not through eprint!, which the test
    // harness would capture and drop for a passing test.
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
    false
}

/// The Chromium binary; panics if there is none (call `available` first).
pub fn chromium() -> String {
    match find() {
        Ok(c) => c.to_string(),
        Err(why) => panic!(
            "headless Chromium is needed for this test ({why}): apt-get install chromium, or set CHROMIUM=/path; \
             the test should call common::browser::available() first"
        ),
    }
}

/// Headless Chromium with a fresh profile (kept alive by the returned dir).
pub fn headless(profile: &tempfile::TempDir) -> Command {
    let mut cmd = Command::new(chromium());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-domain-reliability",
        "--allow-file-access-from-files",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()));
    cmd
}

/// Load `url` headless, give scripts `budget_ms` of virtual time, return the DOM.
pub fn dump_dom(url: &str, budget_ms: u32) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = headless(&profile)
        .arg(format!("--virtual-time-budget={budget_ms}"))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("start chromium");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `file://` URL of a path, with an optional query (percent-encoded here).
pub fn file_url(path: &Path, query: Option<&str>) -> String {
    let mut url = format!("file://{}", path.display());
    if let Some(q) = query {
        url.push_str("?q=");
        for b in q.bytes() {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
                url.push(b as char);
            } else {
                url.push_str(&format!("%{b:02X}"));
            }
        }
    }
    url
}

/// The inner HTML of the element with `id` in a dumped DOM (first match).
pub fn element_by_id<'a>(dom: &'a str, id: &str) -> &'a str {
    let marker = format!("id=\"{id}\"");
    let Some(at) = dom.find(&marker) else {
        return "";
    };
    let open_end = dom[at..].find('>').map_or(dom.len(), |i| at + i + 1);
    let tag_start = dom[..at].rfind('<').unwrap_or(0);
    let tag: String = dom[tag_start + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let close = format!("</{tag}>");
    let open = format!("<{tag}");
    let mut depth = 1;
    let mut pos = open_end;
    while depth > 0 {
        let next_close = dom[pos..].find(&close).map(|i| pos + i);
        let next_open = dom[pos..].find(&open).map(|i| pos + i);
        match (next_open, next_close) {
            (Some(o), Some(c)) if o < c => {
                depth += 1;
                pos = o + open.len();
            }
            (_, Some(c)) => {
                depth -= 1;
                if depth == 0 {
                    return &dom[open_end..c];
                }
                pos = c + close.len();
            }
            _ => return &dom[open_end..],
        }
    }
    ""
}
