//! Headless Chromium for tests: open a URL, let its scripts run, read the DOM.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// The Chromium binary: `$CHROMIUM`, else `chromium` or `chromium-browser` on PATH.
pub fn chromium() -> String {
    if let Ok(c) = std::env::var("CHROMIUM") {
        return c;
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return name.to_string();
        }
    }
    panic!("headless Chromium is needed for this test: apt-get install chromium (or set CHROMIUM)");
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
