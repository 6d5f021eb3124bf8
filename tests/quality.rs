//! The website's quality gates (issue 18), on the real report: `kitap build`
//! of `site/`, then `tests/quality/check.mjs` over the output (the Nu HTML
//! checker on every page; axe-core, reflow at 320 px, layout shifts, console
//! errors and what each page loads, in Chromium over `file://`). The report
//! is built and checked once per run of this file; each gate is its own test.
//!
//! Needs Node.js, Java, Chromium and `npm ci --prefix tests/quality`; without
//! them the tests say SKIPPED, and fail with `KITAP_REQUIRE_TOOLS=1` /
//! `KITAP_REQUIRE_BROWSER=1` (as in CI).

mod common;

use common::Workspace;
use serde_json::Value;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The report built once: the workspace (kept alive) and its output folder.
struct Built {
    _ws: Workspace,
    out: PathBuf,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let ws = Workspace::report();
        let run = ws.kitap(&["build"]);
        assert_eq!(
            run.code, 0,
            "kitap build of the report failed:\n{}",
            run.stderr
        );
        let out = ws.path("public");
        Built { _ws: ws, out }
    })
}

/// `check.mjs`'s JSON report on the built report, or `None` (after a loud
/// skip) when a tool it needs is missing. Run once; a checker that cannot
/// run fails every test that asks.
fn checked() -> Option<&'static Value> {
    if !common::tools::quality_checkers() || !common::browser::available() {
        return None;
    }
    static REPORT: OnceLock<Result<Value, String>> = OnceLock::new();
    let report = REPORT.get_or_init(|| {
        let out = &built().out;
        let started = std::time::Instant::now();
        let run = Command::new("node")
            .arg(common::repo().join("tests/quality/check.mjs"))
            .arg(out)
            .env("CHROMIUM", chromium_path())
            .output()
            .map_err(|e| format!("start node: {e}"))?;
        let line = format!(
            "quality: check.mjs took {:.1} s\n",
            started.elapsed().as_secs_f64()
        );
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
        if !run.status.success() {
            return Err(format!(
                "node tests/quality/check.mjs {} failed ({}):\n{}",
                out.display(),
                run.status,
                String::from_utf8_lossy(&run.stderr)
            ));
        }
        serde_json::from_slice(&run.stdout).map_err(|e| {
            format!(
                "check.mjs printed no JSON report ({e}):\n{}",
                String::from_utf8_lossy(&run.stdout)
            )
        })
    });
    match report {
        Ok(v) => Some(v),
        Err(e) => panic!("{e}"),
    }
}

/// The Chromium the browser helpers found, as a path playwright can launch.
fn chromium_path() -> PathBuf {
    let name = common::browser::chromium();
    if name.contains('/') {
        return PathBuf::from(name);
    }
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join(&name))
                .find(|p| p.is_file())
        })
        .unwrap_or_else(|| PathBuf::from(name))
}

fn list<'a>(report: &'a Value, key: &str) -> &'a [Value] {
    report[key]
        .as_array()
        .unwrap_or_else(|| panic!("check.mjs report has no {key} list"))
}

fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "?".into(),
        other => other.to_string(),
    }
}

/// The checker's messages grouped by text: each message once, where it occurs
/// (file:line:col), and the first occurrence's extract.
fn vnu_lines(items: &[Value]) -> String {
    let mut groups: Vec<(String, Vec<String>, String)> = Vec::new();
    for m in items {
        let message = s(&m["message"]);
        let at = format!("{}:{}:{}", s(&m["file"]), s(&m["line"]), s(&m["col"]));
        match groups.iter_mut().find(|(g, _, _)| *g == message) {
            Some((_, ats, _)) => ats.push(at),
            None => groups.push((message, vec![at], s(&m["extract"]).replace('\n', "⏎"))),
        }
    }
    let mut out = String::new();
    for (message, ats, extract) in groups {
        let _ = writeln!(
            out,
            "  {message} ({} times)\n      e.g. …{extract}…",
            ats.len()
        );
        for at in ats {
            let _ = writeln!(out, "      {at}");
        }
    }
    out
}

#[test]
fn every_page_is_valid_html() {
    let Some(report) = checked() else { return };
    let errors = list(report, "vnu_errors");
    assert!(
        errors.is_empty(),
        "the Nu HTML checker found {} errors in the report's {} pages:\n{}",
        errors.len(),
        s(&report["pages"]),
        vnu_lines(errors)
    );
}

#[test]
fn every_page_has_no_html_warnings() {
    let Some(report) = checked() else { return };
    let warnings = list(report, "vnu_warnings");
    assert!(
        warnings.is_empty(),
        "the Nu HTML checker warns {} times in the report's {} pages:\n{}",
        warnings.len(),
        s(&report["pages"]),
        vnu_lines(warnings)
    );
}

#[test]
fn sampled_pages_have_no_axe_violations() {
    let Some(report) = checked() else { return };
    let found = list(report, "axe");
    // One entry per rule and page, the widths and schemes it fails at joined.
    let mut grouped: Vec<(String, Vec<String>, String)> = Vec::new();
    for v in found {
        let head = format!(
            "{} [{}] {} — {}",
            s(&v["id"]),
            s(&v["impact"]),
            s(&v["page"]),
            s(&v["help"])
        );
        let nodes: Vec<String> = v["nodes"]
            .as_array()
            .map(|a| a.iter().map(s).collect())
            .unwrap_or_default();
        let at = format!("{}px {}", s(&v["width"]), s(&v["scheme"]));
        match grouped
            .iter_mut()
            .find(|(h, n, _)| *h == head && *n == nodes)
        {
            Some((_, _, ats)) => {
                ats.push_str(", ");
                ats.push_str(&at);
            }
            None => grouped.push((head, nodes, at)),
        }
    }
    let mut text = String::new();
    for (head, nodes, at) in &grouped {
        let _ = writeln!(text, "  {head}\n      at {at}");
        for n in nodes {
            let _ = writeln!(text, "      {n}");
        }
    }
    assert!(
        found.is_empty(),
        "axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa, best-practice) found {} violations \
         ({} distinct) on the sampled pages {}:\n{text}",
        found.len(),
        grouped.len(),
        s(&report["samples"])
    );
}

#[test]
fn no_page_scrolls_sideways_at_320px() {
    let Some(report) = checked() else { return };
    let found = list(report, "reflow");
    let mut text = String::new();
    for r in found {
        let _ = writeln!(
            text,
            "  {}: {} px wide",
            s(&r["page"]),
            s(&r["scrollWidth"])
        );
        for o in r["offenders"].as_array().into_iter().flatten() {
            let _ = writeln!(
                text,
                "      {} reaches {} px",
                s(&o["selector"]),
                s(&o["right"])
            );
        }
    }
    assert!(
        found.is_empty(),
        "{} of the report's pages are wider than a 320 px window (WCAG 1.4.10 reflow):\n{text}",
        found.len()
    );
}

/// Web Vitals' "good" cumulative layout shift (Lighthouse's too).
const MAX_CLS: f64 = 0.1;

#[test]
fn sampled_pages_load_without_layout_shift() {
    let Some(report) = checked() else { return };
    let found = list(report, "layout_shift");
    let mut over = 0;
    let mut text = String::new();
    for r in found {
        let cls = r["cls"].as_f64().unwrap_or(f64::INFINITY);
        let mark = if cls > MAX_CLS {
            over += 1;
            "OVER"
        } else {
            "    "
        };
        let _ = writeln!(
            text,
            "  {mark} {} at {} px: CLS {} — {}",
            s(&r["page"]),
            s(&r["width"]),
            s(&r["cls"]),
            r["sources"]
                .as_array()
                .map(|a| a.iter().map(s).collect::<Vec<_>>().join(", "))
                .unwrap_or_default()
        );
    }
    assert!(
        over == 0,
        "{over} sampled page loads shift their layout by more than {MAX_CLS} (cumulative \
         layout shift, no input given; every shift found listed):\n{text}"
    );
}

#[test]
fn sampled_pages_load_without_errors() {
    let Some(report) = checked() else { return };
    let found = list(report, "console");
    let mut text = String::new();
    for r in found {
        let _ = writeln!(text, "  {}: {}", s(&r["page"]), s(&r["text"]));
    }
    assert!(
        found.is_empty(),
        "the sampled pages logged {} errors or failed loads:\n{text}",
        found.len()
    );
}

/// Gzip size of a file (flate2, default level, as a server compresses).
fn gzipped(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bytes).unwrap();
    gz.finish().unwrap().len()
}

/// The files a page needs: what the browser loaded for it (the page first),
/// and the images its HTML names, whether loaded or not; without those `skip`
/// says no to.
fn page_files(report: &Value, page: &str, skip: impl Fn(&str) -> bool) -> Vec<String> {
    let mut files: Vec<String> = report["loads"][page]
        .as_array()
        .unwrap_or_else(|| panic!("check.mjs recorded no loads for {page}"))
        .iter()
        .map(s)
        .collect();
    assert!(
        files.iter().any(|f| page.starts_with(f.as_str())),
        "loads of {page} do not include the page: {files:?}"
    );
    let path = page.split('?').next().unwrap();
    let html = std::fs::read_to_string(built().out.join(path)).unwrap();
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    for tag in html.split("<img").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        if let Some(src) = common::attr_values(tag, "src").first()
            && let Some(file) = kitap::markdown::normalise(&format!("{dir}/{src}"))
            && !files.contains(&file)
        {
            files.push(file);
        }
    }
    files.retain(|f| !skip(f));
    files
}

/// Gzip weight of `files` (relative to the output), with the sizes listed.
fn weigh(files: Vec<String>) -> (usize, String) {
    let mut text = String::new();
    let mut total = 0;
    for f in files {
        let n = gzipped(&built().out.join(&f));
        total += n;
        let _ = writeln!(text, "      {n:>7}  {f}");
    }
    (total, text)
}

fn note(line: String) {
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// Chapter pages of the site: every `<lang>/<id>.html` but the contents,
/// search and print pages.
fn chapter_pages(report: &Value) -> Vec<String> {
    report["loads"]
        .as_object()
        .expect("check.mjs report has no loads")
        .keys()
        .filter(|p| {
            p.split_once('/').is_some_and(|(lang, file)| {
                !lang.is_empty()
                    && !file.contains('/')
                    && !["index.html", "print.html"].contains(&file)
                    && !file.starts_with("search.html")
            })
        })
        .cloned()
        .collect()
}

/// 15 KB, as issue 18 says: gzip, everything a chapter page loads but the
/// search index.
const CHAPTER_BUDGET: usize = 15_000;
/// 30 KB: the search page with everything it loads before a query.
const SEARCH_BUDGET: usize = 30_000;

#[test]
fn every_chapter_page_weighs_under_15_kb_gzipped() {
    let Some(report) = checked() else { return };
    let pages = chapter_pages(report);
    assert!(!pages.is_empty(), "no chapter page recorded");
    let mut over = String::new();
    let mut heaviest = (0, String::new());
    for page in &pages {
        let files = page_files(report, page, |f| {
            f.ends_with("/search-index.js") || f.contains("/search/")
        });
        let (total, list) = weigh(files);
        if total > heaviest.0 {
            heaviest = (total, page.clone());
        }
        if total > CHAPTER_BUDGET {
            let _ = write!(over, "  {page}: {total} bytes gzipped:\n{list}");
        }
    }
    note(format!(
        "quality: heaviest of {} chapter pages: {} at {} bytes gzipped (budget {CHAPTER_BUDGET})\n",
        pages.len(),
        heaviest.1,
        heaviest.0
    ));
    assert!(
        over.is_empty(),
        "chapter pages over their {CHAPTER_BUDGET}-byte gzip budget (HTML, CSS, scripts, \
         images; not the search index):\n{over}"
    );
}

#[test]
fn the_search_page_weighs_under_30_kb_gzipped_before_a_query() {
    let Some(report) = checked() else { return };
    let langs: Vec<String> = list(report, "samples")
        .iter()
        .map(s)
        .filter(|p| p.ends_with("/search.html"))
        .collect();
    assert!(!langs.is_empty(), "no search page among the samples");
    let mut over = String::new();
    for page in &langs {
        let (total, list) = weigh(page_files(report, page, |_| false));
        note(format!(
            "quality: {page} before a query: {total} bytes gzipped (budget {SEARCH_BUDGET})\n"
        ));
        if total > SEARCH_BUDGET {
            let _ = write!(over, "  {page}: {total} bytes gzipped:\n{list}");
        }
    }
    assert!(
        over.is_empty(),
        "search pages over their {SEARCH_BUDGET}-byte gzip budget (everything loaded before \
         a query, its index included):\n{over}"
    );
}
