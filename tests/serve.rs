//! `kitap serve` over a fixture copy: edits of every kind, compared with a
//! clean build; safety of the HTTP layer over raw sockets; live reload in
//! headless Chromium.

mod common;

use common::{Tree, Workspace};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `kitap serve`; killed on drop.
struct Server {
    child: Child,
    addr: String,
    log: Arc<Mutex<String>>,
}

/// How to start a server: `kitap serve --root WS` with these arguments
/// (default `--port 0`: a free port) and environment.
#[derive(Default)]
struct Launch<'a> {
    args: Option<&'a [&'a str]>,
    env: &'a [(&'a str, &'a str)],
    env_remove: &'a [&'a str],
}

impl Server {
    fn start(ws: &Workspace) -> Server {
        Server::start_with(ws, &[])
    }

    /// Start with these environment variables set.
    fn start_with(ws: &Workspace, env: &[(&str, &str)]) -> Server {
        Server::launch(
            ws,
            Launch {
                env,
                ..Launch::default()
            },
        )
    }

    /// Start with these arguments (after `serve --root WS`) instead of `--port 0`.
    fn start_args(ws: &Workspace, args: &[&str]) -> Server {
        Server::launch(
            ws,
            Launch {
                args: Some(args),
                ..Launch::default()
            },
        )
    }

    fn launch(ws: &Workspace, launch: Launch<'_>) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kitap"));
        command
            .args(["serve", "--root"])
            .arg(ws.root())
            .args(launch.args.unwrap_or(&["--port", "0"]))
            .env_remove("KITAP_LOG");
        for name in launch.env_remove {
            command.env_remove(name);
        }
        let mut child = command
            .envs(launch.env.iter().copied())
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start kitap serve");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("kitap: serving http://") {
                    let _ = tx.send(rest.split('/').next().unwrap_or("").to_string());
                }
                sink.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("server did not start");
        Server { child, addr, log }
    }

    /// A raw HTTP/1.1 request; returns (status, body).
    fn raw(&self, request: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        let text = String::from_utf8_lossy(&buf).into_owned();
        let status = text.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map_or(String::new(), |(_, b)| b.to_string());
        (status, body)
    }

    /// A raw HTTP/1.1 request; returns the whole response, headers too.
    fn raw_response(&self, request: &str) -> String {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        ))
    }

    /// Poll `path` until its body contains `needle` (or panic after 10 s).
    fn wait_for(&self, path: &str, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if status == 200 && body.contains(needle) {
                return body;
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!(
                    "{path} never contained {needle:?}; log:\n{}",
                    self.log.lock().unwrap()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Wait until the server's stderr, as collected so far by the reader
    /// thread, contains `needle` (or panic with what it has after 10 s):
    /// a line the server has written may not have reached the log yet.
    fn wait_for_log(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let log = self.log();
            if log.contains(needle) {
                return log;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the server's stderr never contained {needle:?}; it has:\n{log}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The served page without the dev server's injected script.
fn strip_live(body: &str) -> String {
    body.replace("<script src=\"/_kitap/live.js\"></script>", "")
}

/// Every file of a clean build equals what the server serves.
fn assert_matches_clean_build(ws: &Workspace, server: &Server) {
    let clean = Workspace::empty();
    common::copy_tree(ws.root(), clean.root());
    let _ = std::fs::remove_dir_all(clean.path("public"));
    let tree = clean.build_ok();
    let wait = Instant::now();
    for (path, bytes) in &tree.files {
        if path.starts_with('.') {
            continue;
        }
        let want = String::from_utf8_lossy(bytes);
        loop {
            let (status, body) = server.get(&format!("/{path}"));
            if status == 200 && strip_live(&body) == want {
                break;
            }
            assert!(
                wait.elapsed() < Duration::from_secs(10),
                "{path} differs from a clean build (status {status})\nlog:\n{}",
                server.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn fixture_with_drafts_removed() -> Workspace {
    let ws = Workspace::fixture("basic");
    ws.remove("site/en/03-secret.md");
    ws
}

#[test]
fn edits_of_every_kind_end_equal_to_a_clean_build() {
    let ws = fixture_with_drafts_removed();
    let server = Server::start(&ws);
    server.wait_for("/en/law.html", "Some gaps.");

    // A plain text edit: incremental.
    let law = std::fs::read_to_string(ws.path("site/en/02-law.md")).unwrap();
    ws.write(
        "site/en/02-law.md",
        law.replace("Some gaps.", "Some gaps, edited once."),
    );
    server.wait_for("/en/law.html", "edited once");
    server.wait_for("/ru/law.html", "edited once"); // the fallback page follows
    assert_matches_clean_build(&ws, &server);

    // An editor's atomic save: write a temp file, rename it over.
    ws.write(
        "site/en/.02-law.md.tmp",
        law.replace("Some gaps.", "Atomic save text."),
    );
    std::fs::rename(
        ws.path("site/en/.02-law.md.tmp"),
        ws.path("site/en/02-law.md"),
    )
    .unwrap();
    server.wait_for("/en/law.html", "Atomic save text.");

    // A title change, a new chapter and a deleted one: full rebuilds.
    ws.write(
        "site/kk/02-law.md",
        "---\ntitle: Жаңа атау\n---\n## Олқылықтар {#gaps}\n\nМәтін.\n",
    );
    server.wait_for("/kk/law.html", "Жаңа атау");
    ws.write(
        "site/en/04-annex.md",
        "---\ntitle: Annex\n---\nNew chapter text.\n",
    );
    server.wait_for("/en/annex.html", "New chapter text.");
    server.wait_for("/kk/annex.html", "New chapter text.");
    ws.remove("site/en/04-annex.md");
    let start = Instant::now();
    while server.get("/en/annex.html").0 != 404 {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "deleted chapter still served"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_matches_clean_build(&ws, &server);
}

#[test]
fn site_removed_and_restored_is_watched_again() {
    let ws = fixture_with_drafts_removed();
    let backup = tempfile::tempdir().unwrap();
    common::copy_tree(&ws.path("site"), backup.path());
    let server = Server::start(&ws);
    server.wait_for("/en/law.html", "Some gaps.");
    std::fs::remove_dir_all(ws.path("site")).unwrap();
    server.wait_for_log("has no site/ folder");
    server.wait_for("/en/law.html", "kitap-error");
    common::copy_tree(backup.path(), &ws.path("site"));
    // The restored folder rebuilds (the overlay goes) ...
    let start = Instant::now();
    while server.get("/en/law.html").1.contains("kitap-error") {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the restored site/ was never rebuilt; log:\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // ... and is watched: edits inside it are picked up.
    let law = std::fs::read_to_string(ws.path("site/en/02-law.md")).unwrap();
    ws.write(
        "site/en/02-law.md",
        law.replace("Some gaps.", "Edited after the restore."),
    );
    server.wait_for("/en/law.html", "Edited after the restore.");
    assert_matches_clean_build(&ws, &server);
    let log = server.log();
    assert!(!log.contains("notify::"), "the watcher's noise: {log}");
}

#[test]
fn themes_and_i18n_made_after_start_are_watched() {
    let ws = fixture_with_drafts_removed();
    let server = Server::start(&ws);
    server.wait_for("/en/intro.html", "Skip to content");
    let strings = std::fs::read_to_string(common::repo().join("i18n/en.yaml")).unwrap();
    assert!(strings.contains("skip_to_content: Skip to content"));
    ws.write(
        "i18n/en.yaml",
        strings.replace("Skip to content", "Jump to the text"),
    );
    server.wait_for("/en/intro.html", "Jump to the text");
    // The new folder is watched as a whole, not only its creation seen.
    ws.write(
        "i18n/en.yaml",
        strings.replace("Skip to content", "Straight to the text"),
    );
    server.wait_for("/en/intro.html", "Straight to the text");

    let css =
        std::fs::read_to_string(common::repo().join("themes/default/static/style.css")).unwrap();
    ws.write(
        "themes/default/static/style.css",
        format!("{css}\n/* theme made after start */\n"),
    );
    server.wait_for("/static/style.css", "theme made after start");
    ws.write(
        "themes/default/static/style.css",
        format!("{css}\n/* theme edited after start */\n"),
    );
    server.wait_for("/static/style.css", "theme edited after start");
    assert_matches_clean_build(&ws, &server);
}

#[test]
fn a_broken_file_shows_an_overlay_and_keeps_the_last_good_site() {
    let ws = fixture_with_drafts_removed();
    let server = Server::start(&ws);
    server.wait_for("/en/intro.html", "Introduction");
    ws.write("site/en/02-law.md", "---\ntitle: [unclosed\n---\nBroken.\n");
    let page = server.wait_for("/en/intro.html", "kitap-error");
    assert!(page.contains("site/en/02-law.md:2:"), "{page}");
    assert!(page.contains("Introduction"), "the last good page stays");
    server.wait_for_log("site/en/02-law.md:2:");
    let (_, law) = server.get("/en/law.html");
    assert!(
        law.contains("Some gaps."),
        "last good version of the broken page"
    );
    ws.write(
        "site/en/02-law.md",
        "---\ntitle: The law, fixed\n---\n## Gaps {#gaps}\n\nFixed.\n",
    );
    let page = server.wait_for("/en/law.html", "The law, fixed");
    assert!(!page.contains("kitap-error"), "the overlay clears");
    assert_matches_clean_build(&ws, &server);
}

#[test]
fn a_burst_of_changes_ends_equal_to_a_clean_build() {
    let ws = fixture_with_drafts_removed();
    let server = Server::start(&ws);
    server.wait_for("/en/intro.html", "Introduction");
    for i in 0..20 {
        ws.write(
            &format!("site/en/{:02}-burst-{i}.md", 10 + i),
            format!("---\ntitle: Burst {i}\n---\nBurst text {i}.\n"),
        );
    }
    server.wait_for("/en/burst-19.html", "Burst text 19.");
    assert_matches_clean_build(&ws, &server);
}

#[test]
fn traversal_attempts_are_refused_and_the_server_keeps_running() {
    let ws = fixture_with_drafts_removed();
    ws.write("secret.txt", "TOP SECRET");
    let server = Server::start(&ws);
    for path in [
        "/../secret.txt",
        "/en/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/en/%2e%2e/%2e%2e/secret.txt",
        "/en%2f..%2f..%2fsecret.txt",
        "/..%5c..%5csecret.txt",
        "/en/%00.html",
        "/site/site.yaml",
        "/../site/en/01-intro.md",
    ] {
        let (status, body) = server.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        ));
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(
            !body.contains("TOP SECRET") && !body.contains("title: Introduction"),
            "{path} leaked"
        );
    }
    assert_eq!(server.get("/en/intro.html").0, 200, "still serving");
}

#[test]
fn foreign_hosts_and_origins_are_refused() {
    let ws = fixture_with_drafts_removed();
    let server = Server::start(&ws);
    let (status, _) = server
        .raw("GET /en/intro.html HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 403);
    let (status, _) = server.raw(&format!(
        "GET /_kitap/events HTTP/1.1\r\nHost: {}\r\nOrigin: http://attacker.example\r\nConnection: close\r\n\r\n",
        server.addr
    ));
    assert_eq!(status, 403);
    assert_eq!(server.get("/").0, 200);
    assert_eq!(server.get("/no/such/page.html").0, 404);
}

#[test]
fn a_host_with_anything_after_the_loopback_name_is_refused() {
    let ws = fixture_with_drafts_removed();
    let server = Server::start(&ws);
    let port = server.addr.rsplit(':').next().unwrap();
    for host in [
        "[::1]evil.example".to_string(),
        format!("[::1].evil.example:{port}"),
        format!("[::1]:{port}evil"),
        format!("localhost:{port}.evil.example"),
    ] {
        let (status, _) = server.raw(&format!(
            "GET /en/intro.html HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(status, 403, "Host: {host}");
    }
    for host in ["[::1]".to_string(), format!("[::1]:{port}")] {
        let (status, _) = server.raw(&format!(
            "GET /en/intro.html HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(status, 200, "Host: {host}");
    }
}

#[test]
fn folder_redirects_stay_on_this_server() {
    let ws = fixture_with_drafts_removed();
    let server = Server::start(&ws);
    for (path, want) in [("//en", "/en/"), ("/en", "/en/"), ("///en", "/en/")] {
        let response = server.raw_response(&format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        ));
        assert!(response.starts_with("HTTP/1.1 308"), "{path}: {response}");
        let location = response
            .lines()
            .find_map(|l| {
                l.split_once(':')
                    .filter(|(k, _)| k.eq_ignore_ascii_case("location"))
            })
            .map(|(_, v)| v.trim().to_string());
        assert_eq!(location.as_deref(), Some(want), "{path}: {response}");
    }
}

#[test]
fn a_client_that_never_finishes_its_headers_is_dropped() {
    let ws = fixture_with_drafts_removed();
    let server = Server::start_with(&ws, &[("KITAP_HEADER_TIMEOUT_MS", "200")]);
    // One client sends half a request, another nothing at all.
    let mut half = TcpStream::connect(&server.addr).unwrap();
    half.write_all(b"GET /en/intro.html HTTP/1.1\r\nHost: 127.0")
        .unwrap();
    let silent = TcpStream::connect(&server.addr).unwrap();
    for (name, mut stream) in [("half a request", half), ("nothing", silent)] {
        // Far longer than the server's timeout: a read that ends at all
        // (end of stream or an error, not our own read timeout) means the
        // server closed the connection.
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut buf = Vec::new();
        let read = stream.read_to_end(&mut buf);
        let timed_out = read.as_ref().is_err_and(|e| {
            matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            )
        });
        assert!(!timed_out, "the connection that sent {name} was kept open");
        assert!(
            !String::from_utf8_lossy(&buf).contains("Introduction"),
            "{name}: served a page"
        );
    }
    assert_eq!(server.get("/en/intro.html").0, 200, "still serving");
}

#[test]
fn a_host_not_of_this_machine_is_a_usage_error() {
    let ws = fixture_with_drafts_removed();
    // 192.0.2.0/24 is reserved for documentation: never a local address.
    let run = ws.kitap(&["serve", "--host", "192.0.2.1", "--port", "0"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("not an address of this machine"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_translators_pages_exist_only_in_serve() {
    let ws = fixture_with_drafts_removed();
    let server = Server::start(&ws);
    let (status, body) = server.get("/_kitap/status");
    assert_eq!(status, 200);
    assert!(body.contains("missing"), "ru lacks `law`: {body}");
    let (status, body) = server.get("/_kitap/side-by-side/intro");
    assert_eq!(status, 200);
    assert!(
        body.contains("Кіріспе") && body.contains("Introduction"),
        "{body}"
    );
    let built = ws.build_ok();
    assert!(!built.files.keys().any(|k| k.contains("_kitap")));
    assert!(
        !built
            .files
            .values()
            .any(|b| String::from_utf8_lossy(b).contains("live.js"))
    );
}

#[test]
fn the_status_page_says_what_to_do_and_links_to_what_changed() {
    let ws = Workspace::report();
    for lang in ["kk", "ru"] {
        assert_eq!(ws.kitap(&["translated", lang, "labour-rights"]).code, 0);
    }
    let en = std::fs::read_to_string(ws.path("site/en/03-labour-rights.md")).unwrap();
    ws.write(
        "site/en/03-labour-rights.md",
        en.replacen("in the region", "in the wider region", 1),
    );
    let server = Server::start(&ws);
    let (status, body) = server.get("/_kitap/status");
    assert_eq!(status, 200);
    // Language names, the source column, links and the commands to run.
    assert!(body.contains("English (source)"), "{body}");
    assert!(
        body.contains(">Қазақша<") || body.contains(">Қазақ тілі<"),
        "{body}"
    );
    assert!(body.contains("href=\"/kk/labour-rights.html\""), "{body}");
    assert!(
        body.contains(
            "stale: <a href=\"/_kitap/diff/kk/labour-rights\">1 part of the source changed</a>"
        ),
        "{body}"
    );
    assert!(
        body.contains("<code>kitap diff ru labour-rights</code>"),
        "{body}"
    );
    // The diff page: the change, word by word, beside the translation's section.
    let (status, body) = server.get("/_kitap/diff/kk/labour-rights");
    assert_eq!(status, 200);
    assert!(body.contains("in the <ins>wider </ins>region"), "{body}");
    assert!(
        body.contains("id=\"who-migrant-workers-are\""),
        "translation's section: {body}"
    );
    assert!(body.contains("kitap translated kk labour-rights"), "{body}");
    // Up to date, unknown: said plainly.
    let (status, body) = server.get("/_kitap/diff/kk/foreword");
    assert_eq!(status, 200);
    assert!(
        body.contains("does not name the source version") || body.contains("is up to date"),
        "{body}"
    );
    assert_eq!(server.get("/_kitap/diff/xx/foreword").0, 404);
    assert_eq!(server.get("/_kitap/diff/kk/nope").0, 404);

    // The reader's notice sits under the changed section; saving another
    // change to the source puts one under that section too.
    let (_, page) = server.get("/kk/labour-rights.html");
    assert_eq!(page.matches("notice-stale").count(), 1, "{page}");
    let en = std::fs::read_to_string(ws.path("site/en/03-labour-rights.md")).unwrap();
    let wages = en.find("## Wages and working conditions {#wages}").unwrap();
    let para = wages + en[wages..].find("\n\n").unwrap() + 2;
    let mut edited = en.clone();
    edited.insert_str(para, "A new opening sentence. ");
    ws.write("site/en/03-labour-rights.md", &edited);
    let page = server.wait_for(
        "/kk/labour-rights.html",
        "href=\"../en/labour-rights.html#wages\"",
    );
    assert_eq!(page.matches("notice-stale").count(), 2, "{page}");
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let ws = fixture_with_drafts_removed();
    let server = Server::start(&ws);
    let port = server.addr.rsplit(':').next().unwrap();
    let run = ws.kitap(&["serve", "--port", port]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("already in use"), "{}", run.stderr);
}

#[test]
fn the_browser_reloads_when_a_chapter_is_saved() {
    if !common::browser::available() {
        return;
    }
    let ws = fixture_with_drafts_removed();
    // A same-origin harness: shows the chapter in a frame and copies the
    // frame's text into its own page; the never-ending event stream, loaded
    // as an async script, keeps Chromium from dumping the DOM before the
    // --timeout.
    ws.write(
        "site/assets/harness.html",
        r#"<!doctype html><meta charset="utf-8"><iframe id="f" src="/en/law.html"></iframe><pre id="out"></pre>
<script>setInterval(function () { try { document.getElementById('out').textContent =
  document.getElementById('f').contentDocument.body.innerText; } catch (e) {} }, 50);</script>
<script async src="/_kitap/events"></script>"#,
    );
    let server = Server::start(&ws);
    server.wait_for("/en/law.html", "Some gaps.");
    let url = format!("http://{}/assets/harness.html", server.addr);
    let browser = std::thread::spawn(move || {
        let profile = tempfile::tempdir().unwrap();
        let out = common::browser::headless(&profile)
            .arg("--timeout=7000")
            .arg("--dump-dom")
            .arg(&url)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    });
    // Let the page load and connect to the reload channel, then save.
    std::thread::sleep(Duration::from_millis(3000));
    let law = std::fs::read_to_string(ws.path("site/en/02-law.md")).unwrap();
    ws.write(
        "site/en/02-law.md",
        law.replace("Some gaps.", "Reloaded by the browser."),
    );
    let dom = browser.join().unwrap();
    let shown = common::browser::element_by_id(&dom, "out");
    assert!(
        shown.contains("Reloaded by the browser."),
        "the page did not reload:\n{dom}\nlog:\n{}",
        server.log()
    );
}

#[test]
fn build_output_never_carries_the_reload_script() {
    let ws = fixture_with_drafts_removed();
    let tree: Tree = ws.build_ok();
    for (path, bytes) in &tree.files {
        assert!(!String::from_utf8_lossy(bytes).contains("_kitap"), "{path}");
    }
}

#[cfg(feature = "pdf")]
#[test]
fn serve_makes_a_languages_pdf_when_asked() {
    let ws = fixture_with_drafts_removed();
    let server = Server::start(&ws);
    let response = server.raw_response(&format!(
        "GET /kk/report.pdf HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    ));
    assert!(
        response.starts_with("HTTP/1.1 200"),
        "{}",
        &response[..response.len().min(300)]
    );
    assert!(
        response.contains("content-type: application/pdf"),
        "{}",
        &response[..300]
    );
    let body = response.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    assert!(body.starts_with("%PDF-"), "not a PDF");
    // Not a language of the site: the site's own 404.
    assert_eq!(server.get("/xx/report.pdf").0, 404);
    // Nothing was written to disk.
    assert!(!ws.path("dist").exists() && !ws.path("public").exists());
}

#[test]
fn serve_makes_a_languages_epub_when_asked() {
    let ws = fixture_with_drafts_removed();
    let server = Server::start(&ws);
    let response = server.raw_response(&format!(
        "GET /ru/report.epub HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    ));
    let head = &response[..response.len().min(300)];
    assert!(response.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        response.contains("content-type: application/epub+zip"),
        "{head}"
    );
    let body = response.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    assert!(body.starts_with("PK"), "not a zip");
    assert!(body.contains("mimetypeapplication/epub+zip"), "not an EPUB");
    assert!(body.contains("EPUB/content.opf"), "no package document");
    assert_eq!(server.get("/xx/report.epub").0, 404);
    assert!(!ws.path("dist").exists() && !ws.path("public").exists());
}

/// `GET path` on `server` naming `host` in the Host header.
fn get_as(server: &Server, host: &str, path: &str) -> (u16, String) {
    server.raw(&format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    ))
}

#[test]
fn serve_hides_drafts_unless_told_and_says_so() {
    let ws = Workspace::fixture("basic");
    let server = Server::start(&ws);
    let log = server.wait_for_log("--drafts shows drafts");
    assert!(
        log.contains("kitap: 1 draft hidden (site/en/03-secret.md); --drafts shows drafts"),
        "{log}"
    );
    assert_eq!(server.get("/en/secret.html").0, 404);
    let (_, index) = server.get("/en/index.html");
    assert!(!index.contains("secret.html") && !index.contains("draft-badge"));
    // Without drafts, serve serves what build writes.
    assert_matches_clean_build(&ws, &server);
    drop(server);

    let server = Server::start_args(&ws, &["--port", "0", "--drafts"]);
    let page = server.wait_for("/en/secret.html", "Draftword");
    assert!(
        page.contains(
            "<p class=\"chapter-number\" lang=\"en\"><span class=\"draft-badge\">Draft</span></p>"
        ),
        "{page}"
    );
    let (_, law) = server.get("/en/law.html");
    assert!(law.contains(">Chapter 2</p>"), "{law}");
    let log = server.log();
    assert!(
        log.contains("showing 1 draft (site/en/03-secret.md)"),
        "{log}"
    );
    assert!(!log.contains("hidden"), "{log}");
}

#[test]
fn the_banner_sums_up_the_build_and_names_the_addresses() {
    let ws = Workspace::fixture("basic");
    let server = Server::start(&ws);
    let log = server.wait_for_log("_kitap/status");
    let addr = &server.addr;
    for line in [
        "kitap: built 34 files in ".to_string(),
        "  en: 2 chapters\n".to_string(),
        "  ru: 2 chapters, 1 not yet translated\n".to_string(),
        format!("kitap: serving http://{addr}/ (Ctrl-C to stop)\n"),
        format!("kitap: translators' status: http://{addr}/_kitap/status\n"),
    ] {
        assert!(log.contains(&line), "no {line:?} in:\n{log}");
    }
    assert!(log.contains(" ms, no warnings\n"), "{log}");
    assert!(!log.contains("local network"), "{log}");
}

#[test]
fn a_rebuild_line_has_the_local_time_and_the_file() {
    let ws = fixture_with_drafts_removed();
    let server = Server::start(&ws);
    server.wait_for("/en/law.html", "Some gaps.");
    let law = std::fs::read_to_string(ws.path("site/en/02-law.md")).unwrap();
    ws.write(
        "site/en/02-law.md",
        law.replace("Some gaps.", "Gaps, timed."),
    );
    server.wait_for("/en/law.html", "Gaps, timed.");
    let log = server.wait_for_log(": site/en/02-law.md\n");
    let line = log
        .lines()
        .find(|l| l.ends_with(": site/en/02-law.md"))
        .unwrap();
    // `HH:MM:SS rebuilt N file(s) in M ms: site/en/02-law.md`
    let (time, rest) = line.split_once(' ').unwrap();
    let parts: Vec<&str> = time.split(':').collect();
    assert!(
        parts.len() == 3
            && parts
                .iter()
                .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit())),
        "{line}"
    );
    assert!(
        rest.starts_with("rebuilt ") && rest.contains(" file(s) in "),
        "{line}"
    );
    assert!(rest.contains(" ms: site/en/02-law.md"), "{line}");
}

#[test]
fn a_busy_default_port_moves_to_the_next_one() {
    let ws = fixture_with_drafts_removed();
    // Hold the default port (or find it held already).
    let _held = std::net::TcpListener::bind("127.0.0.1:4000");
    let server = Server::start_args(&ws, &[]);
    let port: u16 = server.addr.rsplit(':').next().unwrap().parse().unwrap();
    assert!((4001..4020).contains(&port), "serving on {port}");
    let log = server.wait_for_log("is busy");
    assert!(
        log.contains(&format!("kitap: port 4000 is busy; serving on {port}\n")),
        "{log}"
    );
    assert_eq!(server.get("/en/intro.html").0, 200);
}

#[test]
fn a_colleagues_address_passes_the_host_check_when_serving_on_every_interface() {
    let ws = fixture_with_drafts_removed();
    let server = Server::start_args(&ws, &["--host", "0.0.0.0", "--port", "0"]);
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    // The server listens on every interface; these requests still go over
    // loopback, naming the other addresses in the Host header.
    assert!(server.addr.starts_with("127.0.0.1:"), "{}", server.addr);
    let lan: Vec<std::net::IpAddr> = kitap::serve::addrs::interface_addrs()
        .into_iter()
        .filter(|ip| ip.is_ipv4())
        .collect();
    if lan.is_empty() {
        eprintln!(
            "SKIPPED (part): this machine has no IPv4 address besides loopback; only foreign names are checked"
        );
    }
    let log = server.wait_for_log("_kitap/status");
    for ip in &lan {
        let host = format!("{ip}:{port}");
        assert_eq!(
            get_as(&server, &host, "/en/intro.html").0,
            200,
            "Host: {host}"
        );
        assert!(
            log.contains(&format!("http://{host}/")),
            "{host} not in the banner:\n{log}"
        );
    }
    for name in kitap::serve::addrs::host_names() {
        let host = format!("{name}:{port}");
        assert_eq!(
            get_as(&server, &host, "/en/intro.html").0,
            200,
            "Host: {host}"
        );
    }
    // Any other name is still refused, saying how to allow it.
    let (status, body) = get_as(
        &server,
        &format!("attacker.example:{port}"),
        "/en/intro.html",
    );
    assert_eq!(status, 403);
    assert!(
        body.contains("start kitap serve with --allow-host attacker.example"),
        "{body}"
    );
    assert!(!body.contains("Introduction"));
}

#[test]
fn allow_host_lets_a_name_through_and_only_that_one() {
    let ws = fixture_with_drafts_removed();
    let server = Server::start_args(&ws, &["--port", "0", "--allow-host", "Preview.Example"]);
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    let (status, body) = get_as(
        &server,
        &format!("preview.example:{port}"),
        "/en/intro.html",
    );
    assert_eq!(status, 200);
    assert!(body.contains("Introduction"));
    let (status, body) = get_as(&server, "other.example", "/en/intro.html");
    assert_eq!(status, 403);
    assert!(body.contains("--allow-host other.example"), "{body}");
    // Loopback-only, so this machine's own addresses are not names it
    // answers to.
    for ip in kitap::serve::addrs::interface_addrs() {
        let host = std::net::SocketAddr::new(ip, 80).to_string();
        assert_eq!(get_as(&server, &host, "/").0, 403, "Host: {host}");
    }
    let run = ws.kitap(&["serve", "--port", "0", "--allow-host", "bad/name"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--allow-host `bad/name`"),
        "{}",
        run.stderr
    );
}

#[test]
fn open_hands_the_served_address_to_the_browser() {
    let ws = fixture_with_drafts_removed();
    // A "browser" that writes down what it was asked to open.
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened.txt");
    let browser = bin.path().join("browser");
    std::fs::write(
        &browser,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" > '{}.tmp'\nmv '{0}.tmp' '{0}'\n",
            opened.display()
        ),
    )
    .unwrap();
    let mut perms = std::fs::metadata(&browser).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&browser, perms).unwrap();
    let server = Server::launch(
        &ws,
        Launch {
            args: Some(&["--port", "0", "--open"]),
            env: &[("BROWSER", browser.to_str().unwrap())],
            ..Launch::default()
        },
    );
    let start = Instant::now();
    while !opened.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the browser was never started; log:\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let url = std::fs::read_to_string(&opened).unwrap();
    assert_eq!(url.trim(), format!("http://{}/", server.addr));
    assert!(!server.log().contains("could not open"), "{}", server.log());
}

#[test]
fn open_without_a_browser_is_only_a_warning() {
    let ws = fixture_with_drafts_removed();
    // No $BROWSER, no desktop, and nothing on PATH to open a page with.
    let empty = tempfile::tempdir().unwrap();
    let server = Server::launch(
        &ws,
        Launch {
            args: Some(&["--port", "0", "--open"]),
            env: &[("PATH", empty.path().to_str().unwrap())],
            env_remove: &[
                "BROWSER",
                "XDG_CURRENT_DESKTOP",
                "DESKTOP_SESSION",
                "KDE_FULL_SESSION",
                "KDE_SESSION_VERSION",
                "container",
            ],
        },
    );
    let log = server.wait_for_log("could not open a browser");
    assert!(
        log.contains("kitap: warning: could not open a browser (")
            && log.contains(&format!("); open http://{}/ yourself", server.addr)),
        "{log}"
    );
    assert_eq!(server.get("/en/intro.html").0, 200, "still serving");
}
