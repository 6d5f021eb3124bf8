//! `kitap serve`: build, watch, rebuild what changed, live-reload browsers.
//!
//! Sits on top of the pipeline and nothing below imports it. The server
//! holds its state in structs it owns ([`rebuild::Served`], the
//! [`rebuild::Rebuilder`]); the watcher thread applies changes and tells
//! browsers over server-sent events. Files that depend on a whole language
//! (print page, search index) are regenerated when next asked for. A failed rebuild keeps serving the last
//! good site with an overlay naming the error.
//!
//! What it tells the terminal: a start banner (the first build's summary,
//! hidden drafts, the addresses to open, colleagues' ones when it listens on
//! every interface), then one line per rebuild with the local time and the
//! files that changed.

pub mod addrs;
pub mod http;
pub mod rebuild;
pub mod status;
pub mod watch;

use crate::build::Built;
use crate::error::{Error, Result, visible};
use http::{AllowedHosts, App, Notice};
use rebuild::{Outcome, Rebuilder, Served};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::broadcast;

/// The port served when none is given.
pub const DEFAULT_PORT: u16 = 4000;

/// How many ports from [`DEFAULT_PORT`] on are tried when no port is given
/// and the default one is busy.
pub const PORT_TRIES: u16 = 20;

/// How many file names a rebuild line or the banner names before "and N more".
const NAMED_FILES: usize = 3;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The workspace.
    pub root: PathBuf,
    /// Address to bind (loopback by default).
    pub host: String,
    /// Port. `None`: [`DEFAULT_PORT`], or when it is busy the next free one
    /// of [`PORT_TRIES`]; a port given is used or is an error.
    pub port: Option<u16>,
    /// Poll the file system instead of using its events.
    pub poll: bool,
    /// Show chapters marked `draft: true`, as `kitap build --drafts` does.
    pub drafts: bool,
    /// Open the site in the default browser once it is built.
    pub open: bool,
    /// More names the Host header may give (`--allow-host`), besides
    /// loopback ones, the host bound and, when it is every interface,
    /// this machine's addresses and name.
    pub allow_hosts: Vec<String>,
}

/// Run until Ctrl-C.
pub fn serve(opts: &ServeOptions) -> Result<()> {
    let root = std::fs::canonicalize(&opts.root).map_err(|e| Error::io(&opts.root, e))?;
    if !root.join("site").is_dir() {
        return Err(Error::NoSite(root));
    }
    let allowed = allowed_names(&opts.allow_hosts)?;
    // Bind before building: a bad --host or a busy port given with --port
    // is a usage error, reported at once.
    let (listener, busy) = bind(opts)?;
    let local = listener
        .local_addr()
        .map_err(|e| Error::io("the listening socket", e))?;
    if let Some(busy) = busy {
        eprintln!("kitap: port {busy} is busy; serving on {}", local.port());
    }
    let everywhere = local.ip().is_unspecified();
    let lan = if everywhere {
        addrs::interface_addrs()
    } else {
        Vec::new()
    };
    let mut names = vec![opts.host.clone()];
    names.extend(allowed);
    if everywhere {
        names.extend(addrs::host_names());
    }
    let hosts = AllowedHosts::new(names).with_addrs(lan.iter().copied());

    let served = Arc::new(RwLock::new(Served::default()));
    let mut rebuilder = Rebuilder::new(&root, opts.drafts);
    let mut banner = first_build(&mut rebuilder, &served);
    let url = local_url(local);
    banner.extend(addresses(&url, local, everywhere, &lan));
    let (notices, _) = broadcast::channel(16);
    let app = App {
        served: Arc::clone(&served),
        notices: notices.clone(),
        hosts: Arc::new(hosts),
        built: rebuilder.built(),
        root: root.clone(),
    };
    let (mut watcher, changes) =
        watch::spawn(&root, opts.poll).map_err(|e| Error::io(&root, std::io::Error::other(e)))?;
    let watch_root = root.clone();
    std::thread::spawn(move || {
        watch_loop(
            &watch_root,
            &mut rebuilder,
            &served,
            &mut watcher,
            &changes,
            &notices,
        )
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io(&root, e))?;
    let open = opts.open.then_some(url);
    runtime.block_on(run_http(listener, app, header_timeout(), &banner, open))
}

/// Build for the first time; the banner's lines about it (the summary, or
/// the errors).
fn first_build(rebuilder: &mut Rebuilder, served: &RwLock<Served>) -> Vec<String> {
    let started = std::time::Instant::now();
    let files = match rebuilder.full(served, false) {
        Outcome::Failed(report) => {
            return vec![
                report,
                "kitap: the site has errors; fix them and the page will update".to_string(),
            ];
        }
        Outcome::Updated { files, .. } => files,
        Outcome::Unchanged => 0,
    };
    let took = started.elapsed();
    let built = rebuilder.built();
    let guard = built.read().unwrap_or_else(|e| e.into_inner());
    guard
        .as_ref()
        .map(|built| summary(built, files, took))
        .unwrap_or_default()
}

/// The `--allow-host` names, checked: a host name or an address.
fn allowed_names(names: &[String]) -> Result<Vec<String>> {
    names
        .iter()
        .map(|name| {
            let bare = name
                .strip_prefix('[')
                .and_then(|n| n.strip_suffix(']'))
                .unwrap_or(name);
            let plain = !bare.is_empty()
                && bare.len() <= 253
                && bare
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
            if plain || bare.parse::<IpAddr>().is_ok() {
                Ok(bare.to_ascii_lowercase())
            } else {
                Err(Error::Usage(format!(
                    "--allow-host `{}`: give a host name (letters, digits, `-` and `.`) or an IP address",
                    visible(name)
                )))
            }
        })
        .collect()
}

/// The first build in a few lines: files and time, warnings, chapters per
/// language (and how many are translated), and the drafts hidden or shown.
fn summary(built: &Built, files: usize, took: Duration) -> Vec<String> {
    let book = &built.book;
    let warnings = match built.warnings.len() {
        0 => "no warnings".to_string(),
        1 => "1 warning".to_string(),
        n => format!("{n} warnings"),
    };
    let mut lines = vec![format!(
        "kitap: built {files} files in {} ms, {warnings}",
        took.as_millis()
    )];
    let chapters = book.order.len();
    for lang in &book.config.languages {
        let own = book
            .order
            .iter()
            .filter(|id| book.translation(lang, id).is_some())
            .count();
        let mut line = format!(
            "  {lang}: {chapters} chapter{}",
            if chapters == 1 { "" } else { "s" }
        );
        if own < chapters {
            line.push_str(&format!(", {} not yet translated", chapters - own));
        }
        lines.push(line);
    }
    let hidden = book.drafts_left_out();
    if !hidden.is_empty() {
        lines.push(format!(
            "kitap: {} hidden ({}); --drafts shows drafts",
            drafts(hidden.len()),
            named(&hidden)
        ));
    }
    let mut shown: Vec<&str> = book
        .chapters
        .iter()
        .filter(|c| c.draft)
        .map(|c| c.display_path.as_str())
        .collect();
    shown.sort_unstable();
    if !shown.is_empty() {
        lines.push(format!(
            "kitap: showing {} ({}), each marked as a draft",
            drafts(shown.len()),
            named(&shown)
        ));
    }
    lines
}

fn drafts(n: usize) -> String {
    if n == 1 {
        "1 draft".to_string()
    } else {
        format!("{n} drafts")
    }
}

/// `a`, `a, b`, or `a, b, c and 4 more` (shown terminal-safe).
fn named(items: &[&str]) -> String {
    let shown: Vec<String> = items
        .iter()
        .take(NAMED_FILES)
        .map(|s| visible(s).into_owned())
        .collect();
    let mut text = shown.join(", ");
    if items.len() > NAMED_FILES {
        text.push_str(&format!(" and {} more", items.len() - NAMED_FILES));
    }
    text
}

/// The address to open on this machine: loopback when listening on every
/// interface.
fn local_url(local: SocketAddr) -> String {
    let ip = match local.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, local.port()))
}

/// The banner's addresses: this machine's, the translators' page, and,
/// listening on every interface, those for colleagues on the network.
fn addresses(url: &str, local: SocketAddr, everywhere: bool, lan: &[IpAddr]) -> Vec<String> {
    let mut lines = vec![
        format!("kitap: serving {url} (Ctrl-C to stop)"),
        format!("kitap: translators' status: {url}_kitap/status"),
    ];
    if everywhere {
        // Listening on `::` takes IPv4 too (on most systems); on 0.0.0.0,
        // IPv4 only.
        let reachable: Vec<String> = lan
            .iter()
            .filter(|ip| local.is_ipv6() || ip.is_ipv4())
            .map(|ip| format!("http://{}/", SocketAddr::new(*ip, local.port())))
            .collect();
        if reachable.is_empty() {
            lines.push(
                "kitap: listening on every interface, but this machine has no network address besides loopback".to_string(),
            );
        } else {
            lines.push(format!(
                "kitap: on the local network: {}",
                reachable.join("  ")
            ));
        }
    }
    lines
}

/// How long a client may take to send a request's headers (and an idle
/// kept-alive connection may wait for the next request) before its
/// connection is closed, so that slow or stalled clients cannot hold every
/// file descriptor. `KITAP_HEADER_TIMEOUT_MS` overrides it (for tests).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

fn header_timeout() -> Duration {
    std::env::var("KITAP_HEADER_TIMEOUT_MS")
        .ok()
        .and_then(|ms| ms.trim().parse::<u64>().ok())
        .filter(|ms| *ms > 0)
        .map_or(HEADER_TIMEOUT, Duration::from_millis)
}

/// Bind the address to serve on; what the user can fix is a usage error.
/// Without `--port`, a busy [`DEFAULT_PORT`] moves on to the next ports
/// (the port found busy is returned with the listener).
fn bind(opts: &ServeOptions) -> Result<(std::net::TcpListener, Option<u16>)> {
    let bare = opts
        .host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(&opts.host);
    let ip: IpAddr = bare.parse().map_err(|_| {
        Error::Usage(format!(
            "`{}` is not an IP address to bind",
            visible(&opts.host)
        ))
    })?;
    let listen = |port: u16| std::net::TcpListener::bind(SocketAddr::new(ip, port));
    if let Some(port) = opts.port {
        return match listen(port) {
            Ok(listener) => Ok((listener, None)),
            Err(e) => Err(bind_error(opts, SocketAddr::new(ip, port), e)),
        };
    }
    let last = DEFAULT_PORT + (PORT_TRIES - 1);
    for port in DEFAULT_PORT..=last {
        match listen(port) {
            Ok(listener) => {
                let busy = (port != DEFAULT_PORT).then_some(DEFAULT_PORT);
                return Ok((listener, busy));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Err(bind_error(opts, SocketAddr::new(ip, port), e)),
        }
    }
    Err(Error::Usage(format!(
        "ports {DEFAULT_PORT} to {last} are all in use; choose another with --port"
    )))
}

/// Why `addr` could not be listened on, as the user can fix it.
fn bind_error(opts: &ServeOptions, addr: SocketAddr, e: std::io::Error) -> Error {
    let port = addr.port();
    match e.kind() {
        std::io::ErrorKind::AddrInUse => Error::Usage(format!(
            "port {port} is already in use; choose another with --port"
        )),
        std::io::ErrorKind::AddrNotAvailable => Error::Usage(format!(
            "`{}` is not an address of this machine; give one of its own with --host (default 127.0.0.1)",
            visible(&opts.host)
        )),
        std::io::ErrorKind::PermissionDenied => Error::Usage(format!(
            "no permission to listen on port {port}; choose another with --port"
        )),
        _ => Error::io(addr.to_string(), e),
    }
}

/// Print the banner, open `open` in a browser if asked, and accept
/// connections until Ctrl-C; each is served by hyper with a header-read
/// timeout (axum::serve sets none).
async fn run_http(
    listener: std::net::TcpListener,
    app: App,
    header_timeout: Duration,
    banner: &[String],
    open: Option<String>,
) -> Result<()> {
    let local = listener
        .local_addr()
        .map_err(|e| Error::io("the listening socket", e))?;
    let listener = listener
        .set_nonblocking(true)
        .and_then(|()| tokio::net::TcpListener::from_std(listener))
        .map_err(|e| Error::io(local.to_string(), e))?;
    for line in banner {
        eprintln!("{line}");
    }
    if let Some(url) = open {
        // A text-mode browser (BROWSER=lynx) would run in the foreground:
        // never on the server's threads.
        std::thread::spawn(move || open_browser(&url));
    }
    let router = http::router(app);
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    loop {
        let accepted = tokio::select! {
            _ = &mut stop => {
                eprintln!("kitap: stopped");
                return Ok(());
            }
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: give connections
                // time to close rather than spin.
                tracing::debug!("accepting a connection failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The local wall-clock time, `HH:MM:SS`.
fn clock() -> String {
    jiff::ZonedDateTime::now().strftime("%H:%M:%S").to_string()
}

/// `10:42:07 rebuilt 6 file(s) in 12 ms: site/en/03-labour.md`
/// (`rebuilt N file(s) in M ms` is what `bench/serve_latency.py` reads).
fn rebuilt_line(time: &str, files: usize, took: Duration, changed: &[&str]) -> String {
    let mut line = format!("{time} rebuilt {files} file(s) in {} ms", took.as_millis());
    if !changed.is_empty() {
        line.push_str(": ");
        line.push_str(&named(changed));
    }
    line
}

/// `--open`: the default browser (`$BROWSER` first, then the desktop's
/// own); failing that, a warning, and the server goes on.
fn open_browser(url: &str) {
    if let Err(e) = webbrowser::open(url) {
        eprintln!("kitap: warning: could not open a browser ({e}); open {url} yourself");
    }
}

/// Apply each batch of file changes and tell browsers.
fn watch_loop(
    root: &Path,
    rebuilder: &mut Rebuilder,
    served: &RwLock<Served>,
    watcher: &mut watch::Watcher,
    changes: &std::sync::mpsc::Receiver<Vec<PathBuf>>,
    notices: &broadcast::Sender<Notice>,
) {
    while let Ok(mut paths) = changes.recv() {
        // Take whatever else is already queued: one rebuild per burst.
        while let Ok(more) = changes.try_recv() {
            paths.extend(more);
        }
        // First watch folders that (re)appeared, then build: whatever is
        // written into them from now on arrives as events.
        watcher.reattach(&paths);
        let change = watch::classify(root, &paths);
        let started = std::time::Instant::now();
        let outcome = rebuilder.apply(&change, served);
        let changed = watch::changed_files(root, &paths);
        let changed: Vec<&str> = changed.iter().map(String::as_str).collect();
        match &outcome {
            Outcome::Unchanged => continue,
            Outcome::Updated { files, styles_only } => {
                eprintln!(
                    "{}",
                    rebuilt_line(&clock(), *files, started.elapsed(), &changed)
                );
                let _ = notices.send(if *styles_only {
                    Notice::Styles
                } else {
                    Notice::Reload
                });
            }
            Outcome::Failed(report) => {
                let what = if changed.is_empty() {
                    "a change".to_string()
                } else {
                    named(&changed)
                };
                eprintln!(
                    "{} could not rebuild after {what} changed; the last good site stays up:\n{report}",
                    clock()
                );
                let _ = notices.send(Notice::Reload);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rebuild_line_has_the_time_and_the_files() {
        let took = Duration::from_millis(12);
        assert_eq!(
            rebuilt_line("10:42:07", 6, took, &["site/en/03-labour.md"]),
            "10:42:07 rebuilt 6 file(s) in 12 ms: site/en/03-labour.md"
        );
        assert_eq!(
            rebuilt_line(
                "10:42:07",
                9,
                took,
                &["a.md", "b.md", "c.md", "d.md", "e.md"]
            ),
            "10:42:07 rebuilt 9 file(s) in 12 ms: a.md, b.md, c.md and 2 more"
        );
        assert_eq!(
            rebuilt_line("10:42:07", 1, took, &[]),
            "10:42:07 rebuilt 1 file(s) in 12 ms"
        );
        assert_eq!(named(&["site/en/\u{1b}[31m.md"]), "site/en/\\u{1b}[31m.md");
    }

    #[test]
    fn the_clock_is_hours_minutes_seconds() {
        let time = clock();
        let parts: Vec<&str> = time.split(':').collect();
        assert_eq!(parts.len(), 3, "{time}");
        assert!(
            parts
                .iter()
                .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit())),
            "{time}"
        );
    }

    #[test]
    fn the_local_address_is_loopback_when_listening_everywhere() {
        let url = |s: &str| local_url(s.parse().unwrap());
        assert_eq!(url("0.0.0.0:4001"), "http://127.0.0.1:4001/");
        assert_eq!(url("[::]:4000"), "http://[::1]:4000/");
        assert_eq!(url("192.168.1.20:4000"), "http://192.168.1.20:4000/");
    }

    #[test]
    fn colleagues_addresses_only_when_listening_everywhere() {
        let lan: Vec<IpAddr> = vec!["192.168.1.20".parse().unwrap(), "fd00::2".parse().unwrap()];
        let v4: SocketAddr = "0.0.0.0:4000".parse().unwrap();
        let lines = addresses("http://127.0.0.1:4000/", v4, true, &lan);
        assert_eq!(
            lines,
            [
                "kitap: serving http://127.0.0.1:4000/ (Ctrl-C to stop)",
                "kitap: translators' status: http://127.0.0.1:4000/_kitap/status",
                "kitap: on the local network: http://192.168.1.20:4000/",
            ]
        );
        let v6: SocketAddr = "[::]:4000".parse().unwrap();
        let lines = addresses("http://[::1]:4000/", v6, true, &lan);
        assert!(lines[2].ends_with("http://192.168.1.20:4000/  http://[fd00::2]:4000/"));
        let lines = addresses("http://127.0.0.1:4000/", v4, true, &[]);
        assert!(lines[2].contains("no network address besides loopback"));
        let here: SocketAddr = "127.0.0.1:4000".parse().unwrap();
        assert_eq!(
            addresses("http://127.0.0.1:4000/", here, false, &lan).len(),
            2
        );
    }

    #[test]
    fn allowed_hosts_are_names_or_addresses() {
        let ok =
            allowed_names(&["Preview.LAN".into(), "[fd00::2]".into(), "10.0.0.5".into()]).unwrap();
        assert_eq!(ok, ["preview.lan", "fd00::2", "10.0.0.5"]);
        for bad in ["", "a b", "evil/x", "http://x"] {
            assert!(
                matches!(allowed_names(&[bad.into()]), Err(Error::Usage(_))),
                "{bad}"
            );
        }
    }
}
