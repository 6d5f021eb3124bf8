//! `kitap bundle`: reproducible zips that work from `file://` in headless
//! Chromium — navigation, language switching, search, print — with no
//! network request.

mod common;

use common::browser::{element_by_id, file_url};
use common::{Tree, Workspace, attr_values, broken_links};
use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};

fn unzip(zip_path: &Path, into: &Path) -> Tree {
    let file = std::fs::File::open(zip_path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        assert!(
            !name.starts_with('/') && !name.contains(".."),
            "unsafe entry {name}"
        );
        let dest = into.join(&name);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        std::fs::write(dest, bytes).unwrap();
    }
    Tree::read(into)
}

fn bundle(ws: &Workspace, args: &[&str]) -> common::Run {
    let mut all = vec!["bundle"];
    all.extend_from_slice(args);
    let run = ws.kitap(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

#[test]
fn two_bundles_of_the_same_input_are_byte_identical() {
    let ws = Workspace::fixture("search");
    bundle(&ws, &["--out", "a"]);
    bundle(&ws, &["--out", "b"]);
    let a = std::fs::read(ws.path("a/report.zip")).unwrap();
    let b = std::fs::read(ws.path("b/report.zip")).unwrap();
    assert_eq!(a, b);
    let sum = std::fs::read_to_string(ws.path("a/report.zip.sha256")).unwrap();
    assert!(sum.ends_with("  report.zip\n"), "{sum}");
    assert_eq!(sum.len(), 64 + 2 + "report.zip\n".len());
}

#[test]
fn the_unpacked_bundle_is_complete_and_offline() {
    let ws = Workspace::fixture("search");
    ws.write("site/site.yaml", "title: {en: T, kk: Т, ru: Т}\nlanguages: [en, kk, ru]\nbase_url: https://example.org/report/\n");
    let run = bundle(&ws, &[]);
    assert!(run.stdout.contains("report.zip"), "{}", run.stdout);
    let dir = tempfile::tempdir().unwrap();
    let tree = unzip(&ws.path("dist/report.zip"), dir.path());
    for f in [
        "report/README.txt",
        "report/index.html",
        "report/kk/search.html",
        "report/ru/print.html",
        "report/en/search-index.js",
    ] {
        assert!(tree.has(f), "{f}");
    }
    assert!(tree.text("report/README.txt").contains("index.html"));
    assert!(broken_links(&tree).is_empty(), "{:#?}", broken_links(&tree));
    for (path, bytes) in tree.files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for url in attr_values(&html, "src")
            .into_iter()
            .chain(attr_values(&html, "href"))
        {
            assert!(
                !url.starts_with("http") && !url.starts_with("//"),
                "{path}: absolute URL {url}"
            );
        }
        assert!(
            !html.contains("_kitap"),
            "{path}: dev server script in a bundle"
        );
    }
}

#[test]
fn one_language_bundles_link_only_inside() {
    let ws = Workspace::fixture("search");
    bundle(&ws, &["--lang", "kk"]);
    let dir = tempfile::tempdir().unwrap();
    let tree = unzip(&ws.path("dist/report-kk.zip"), dir.path());
    assert!(tree.has("report-kk/kk/workers.html"));
    assert!(
        !tree
            .files
            .keys()
            .any(|k| k.starts_with("report-kk/en/") || k.starts_with("report-kk/ru/"))
    );
    assert!(broken_links(&tree).is_empty(), "{:#?}", broken_links(&tree));
    let page = tree.text("report-kk/kk/workers.html");
    assert!(
        !page.contains("hreflang=\"en\"") && !page.contains("hreflang=\"ru\""),
        "{page}"
    );
    let chooser = tree.text("report-kk/index.html");
    assert!(!chooser.contains("en/index.html"));
    let bad = ws.kitap(&["bundle", "--lang", "de"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("`de` is not one of the site's languages"),
        "{}",
        bad.stderr
    );
}

/// Open pages from the unpacked bundle with every http(s) request routed to a
/// proxy that counts connections: search, language switch and print must work
/// and the proxy must see nothing.
#[test]
fn search_navigation_and_print_work_from_file_without_network() {
    if !common::browser::available() {
        return;
    }
    let ws = Workspace::fixture("search");
    bundle(&ws, &[]);
    let dir = tempfile::tempdir().unwrap();
    unzip(&ws.path("dist/report.zip"), dir.path());
    let site = dir.path().join("report");

    let proxy = TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy_port = proxy.local_addr().unwrap().port();
    let requests = Arc::new(Mutex::new(Vec::<String>::new()));
    let log = Arc::clone(&requests);
    std::thread::spawn(move || {
        for mut conn in proxy.incoming().flatten() {
            let _ = conn.set_read_timeout(Some(std::time::Duration::from_secs(2)));
            let mut buf = [0u8; 512];
            let n = conn.read(&mut buf).unwrap_or(0);
            let first = String::from_utf8_lossy(&buf[..n])
                .lines()
                .next()
                .unwrap_or("")
                .to_string();
            log.lock().unwrap().push(first);
        }
    });
    let open = |url: String| -> String {
        let profile = tempfile::tempdir().unwrap();
        let out = common::browser::headless(&profile)
            .arg(format!("--proxy-server=http://127.0.0.1:{proxy_port}"))
            .arg("--proxy-bypass-list=<-loopback>")
            .arg("--virtual-time-budget=5000")
            .arg("--dump-dom")
            .arg(url)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    for (lang, query, expect) in [
        ("ru", "мигранты", "workers.html"),
        ("kk", "құрбан", "workers.html"),
        ("en", "workers", "workers.html"),
    ] {
        let dom = open(file_url(&site.join(lang).join("search.html"), Some(query)));
        let results = element_by_id(&dom, "search-results");
        assert!(results.contains(expect), "{lang} {query}: {results}");
    }
    let dom = open(file_url(&site.join("kk/workers.html"), None));
    assert!(
        dom.contains("href=\"../ru/workers.html\""),
        "language switch link"
    );
    let ru = open(file_url(&site.join("ru/workers.html"), None));
    assert!(ru.contains("<html lang=\"ru\">") && ru.contains("Трудящиеся-мигранты"));
    let print = open(file_url(&site.join("en/print.html"), None));
    assert!(print.contains("print-chapter") && print.contains("Migrant workers"));
    // The proxy does see requests: a page that loads a remote image is caught.
    std::fs::write(
        site.join("canary.html"),
        "<img src=\"http://kitap-canary.test/x.png\">",
    )
    .unwrap();
    open(file_url(&site.join("canary.html"), None));
    // Chromium's own services (clock, updates, accounts) call Google hosts
    // even with background networking off; nothing else may appear.
    // The proxy thread logs each connection after reading it: wait for the
    // canary (the last page's request, so the earlier ones are in by then).
    let start = std::time::Instant::now();
    let seen = loop {
        let seen = requests.lock().unwrap().clone();
        if seen.iter().any(|r| r.contains("kitap-canary.test")) {
            break seen;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "the proxy never saw the canary request; it saw: {seen:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let ours: Vec<&String> = seen
        .iter()
        .filter(|r| !r.contains("kitap-canary.test"))
        .filter(|r| {
            !["google.com", "googleapis.com", "gvt1.com", "gstatic.com"]
                .iter()
                .any(|h| r.contains(h))
        })
        .collect();
    assert!(ours.is_empty(), "the pages made network requests: {ours:?}");
}

#[test]
fn source_date_epoch_sets_the_entry_times() {
    let ws = Workspace::fixture("search");
    let run = Command::new(env!("CARGO_BIN_EXE_kitap"))
        .args(["bundle", "--lang", "en"])
        .current_dir(ws.root())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(run.status.success());
    let file = std::fs::File::open(ws.path("dist/report-en.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let entry = archive.by_index(0).unwrap();
    let t = entry.last_modified().unwrap();
    assert_eq!((t.year(), t.month(), t.day()), (2023, 11, 14));
}

#[test]
fn single_file_pages_work_alone_with_search_and_in_page_links() {
    let ws = Workspace::fixture("basic");
    bundle(&ws, &["--single-file"]);
    let alone = tempfile::tempdir().unwrap();
    for lang in ["en", "kk", "ru"] {
        let name = format!("report-{lang}.html");
        std::fs::copy(ws.path(&format!("dist/{name}")), alone.path().join(&name)).unwrap();
        assert!(ws.path(&format!("dist/{name}.sha256")).exists());
    }
    let en = std::fs::read_to_string(alone.path().join("report-en.html")).unwrap();
    // Every reference stays inside the file: in-page anchors or data URIs.
    let ids: Vec<String> = attr_values(&en, "id");
    for href in attr_values(&en, "href") {
        if let Some(frag) = href.strip_prefix('#') {
            assert!(
                ids.iter().any(|i| i == frag),
                "dangling in-page link {href}"
            );
        } else {
            assert!(href.starts_with("http"), "link out of the file: {href}");
        }
    }
    for src in attr_values(&en, "src") {
        assert!(src.starts_with("data:image/"), "not inline: {src}");
    }
    assert!(
        en.contains("href=\"#law--gaps\""),
        "chapter link became an in-page anchor"
    );
    // Reproducible too.
    let first = std::fs::read(ws.path("dist/report-ru.html")).unwrap();
    bundle(&ws, &["--single-file"]);
    assert_eq!(
        first,
        std::fs::read(ws.path("dist/report-ru.html")).unwrap()
    );
    // Search inside the file, in the browser.
    if !common::browser::available() {
        return;
    }
    let dom = common::browser::dump_dom(
        &file_url(&alone.path().join("report-kk.html"), Some("олқылық")),
        5000,
    );
    let results = element_by_id(&dom, "search-results");
    assert!(results.contains("href=\"#law--gaps\""), "{results}");
    let dom = common::browser::dump_dom(
        &file_url(&alone.path().join("report-kk.html"), Some("мәтіндер")),
        5000,
    );
    let results = element_by_id(&dom, "search-results");
    assert!(results.contains("<mark>Мәтін</mark>"), "{results}");
}

/// A title, heading and text holding `<!--<script>` once made the browser
/// read the rest of the single file as one script, so search never loaded.
#[test]
fn single_file_search_works_when_the_text_holds_comment_and_script_tags() {
    let ws = Workspace::empty();
    ws.write(
        "site/site.yaml",
        "title: {en: \"Report <!--<script> x\"}\nlanguages: [en]\ndefault_language: en\n",
    );
    ws.write(
        "site/en/01-trap.md",
        "---\ntitle: \"Trap <!--<script> </SCRIPT> chapter\"\n---\n\
         ## Heading \\<!--\\<script> here {#trap}\n\n\
         Seasonal workers wrote \\<!--\\<script> and `</script><!--` here.\n\n\
         ![remote](https://example.org/i.png?a=1&b=2%23c)\n\n\
         ![local](../assets/a&b%20c.svg)\n",
    );
    ws.write(
        "site/assets/a&b c.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    bundle(&ws, &["--single-file"]);
    let html = std::fs::read_to_string(ws.path("dist/report-en.html")).unwrap();
    // Inside the inline scripts, nothing reads as a comment or a script tag.
    let lower = html.to_ascii_lowercase();
    for script in lower.split("<script>").skip(1) {
        let body = script.split("</script>").next().unwrap();
        assert!(
            !body.contains("<!--") && !body.contains("<script") && !body.contains("</script"),
            "an inline script opens a comment or a tag: {body}"
        );
    }
    // A remote image keeps its URL exactly; a content image is inlined.
    assert!(
        html.contains("src=\"https://example.org/i.png?a=1&amp;b=2%23c\""),
        "remote image URL changed"
    );
    let srcs = attr_values(&html, "src");
    assert_eq!(srcs.len(), 2, "{srcs:?}");
    assert!(
        srcs.iter()
            .any(|s| s.starts_with("data:image/svg+xml;base64,")),
        "{srcs:?}"
    );
    if !common::browser::available() {
        return;
    }
    let dom = common::browser::dump_dom(
        &file_url(&ws.path("dist/report-en.html"), Some("seasonal")),
        5000,
    );
    let results = element_by_id(&dom, "search-results");
    assert!(
        results.contains("href=\"#trap--trap\""),
        "no search results: {results}"
    );
}
