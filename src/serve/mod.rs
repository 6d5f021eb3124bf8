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
    runtime.block_on(run_http(opts, app))
}

async fn run_http(opts: &ServeOptions, app: App) -> Result<()> {
    let addr: SocketAddr = format!("{}:{}", bracket(&opts.host), opts.port)
        .parse()
        .map_err(|_| Error::Usage(format!("`{}` is not an IP address to bind", opts.host)))?;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            Error::Usage(format!(
                "port {} is already in use; choose another with --port",
                opts.port
            ))
        } else {
            Error::io(addr.to_string(), e)
        }
    })?;
    let local = listener
        .local_addr()
        .map_err(|e| Error::io(addr.to_string(), e))?;
    eprintln!("kitap: serving http://{local}/ (Ctrl-C to stop)");
    axum::serve(listener, http::router(app))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
            eprintln!("kitap: stopped");
        })
        .await
        .map_err(|e| Error::io(addr.to_string(), e))
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
