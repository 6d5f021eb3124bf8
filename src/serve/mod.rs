//! `kitap serve`: build, watch, rebuild what changed, live-reload browsers.
//!
//! Sits on top of the pipeline and nothing below imports it. The server
//! holds its state in structs it owns ([`rebuild::Served`], the
//! [`rebuild::Rebuilder`]); the watcher thread applies changes and tells
//! browsers over server-sent events. Files that depend on a whole language
//! (print page, search index) are regenerated when next asked for. A failed rebuild keeps serving the last
//! good site with an overlay naming the error.

pub mod http;
pub mod rebuild;
pub mod status;
pub mod watch;

use crate::error::{Error, Result};
use http::{App, Notice};
use rebuild::{Outcome, Rebuilder, Served};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::broadcast;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The workspace.
    pub root: PathBuf,
    /// Address to bind (loopback by default).
    pub host: String,
    /// Port.
    pub port: u16,
    /// Poll the file system instead of using its events.
    pub poll: bool,
}

/// Run until Ctrl-C.
pub fn serve(opts: &ServeOptions) -> Result<()> {
    let root = std::fs::canonicalize(&opts.root).map_err(|e| Error::io(&opts.root, e))?;
    if !root.join("site").is_dir() {
        return Err(Error::NoSite(root));
    }
    // Bind before building: a bad --host or a busy port is a usage error,
    // reported at once.
    let listener = bind(opts)?;
    let served = Arc::new(RwLock::new(Served::default()));
    let mut rebuilder = Rebuilder::new(&root);
    let first = rebuilder.full(&served, false);
    if let Outcome::Failed(_) = first {
        eprintln!("kitap: the site has errors; fix them and the page will update");
    }
    let (notices, _) = broadcast::channel(16);
    let app = App {
        served: Arc::clone(&served),
        notices: notices.clone(),
        host: opts.host.clone(),
        built: rebuilder.built(),
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
    runtime.block_on(run_http(listener, app, header_timeout()))
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
fn bind(opts: &ServeOptions) -> Result<std::net::TcpListener> {
    let addr: SocketAddr = format!("{}:{}", bracket(&opts.host), opts.port)
        .parse()
        .map_err(|_| Error::Usage(format!("`{}` is not an IP address to bind", opts.host)))?;
    std::net::TcpListener::bind(addr).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => Error::Usage(format!(
            "port {} is already in use; choose another with --port",
            opts.port
        )),
        std::io::ErrorKind::AddrNotAvailable => Error::Usage(format!(
            "`{}` is not an address of this machine; give one of its own with --host (default 127.0.0.1)",
            opts.host
        )),
        std::io::ErrorKind::PermissionDenied => Error::Usage(format!(
            "no permission to listen on port {}; choose another with --port",
            opts.port
        )),
        _ => Error::io(addr.to_string(), e),
    })
}

/// Accept connections until Ctrl-C; each is served by hyper with a
/// header-read timeout (axum::serve sets none).
async fn run_http(
    listener: std::net::TcpListener,
    app: App,
    header_timeout: Duration,
) -> Result<()> {
    let local = listener
        .local_addr()
        .map_err(|e| Error::io("the listening socket", e))?;
    let listener = listener
        .set_nonblocking(true)
        .and_then(|()| tokio::net::TcpListener::from_std(listener))
        .map_err(|e| Error::io(local.to_string(), e))?;
    eprintln!("kitap: serving http://{local}/ (Ctrl-C to stop)");
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

fn bracket(host: &str) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_string()
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
        match &outcome {
            Outcome::Unchanged => continue,
            Outcome::Updated { files, styles_only } => {
                eprintln!(
                    "kitap: rebuilt {files} file(s) in {} ms",
                    started.elapsed().as_millis()
                );
                let _ = notices.send(if *styles_only {
                    Notice::Styles
                } else {
                    Notice::Reload
                });
            }
            Outcome::Failed(_) => {
                let _ = notices.send(Notice::Reload);
            }
        }
    }
}
