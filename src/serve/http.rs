//! HTTP for `kitap serve`: the last good build from memory, live reload,
//! the error overlay, and the translators' pages under `/_kitap/`.
//!
//! Paths are looked up in the in-memory output set, never on disk, so no
//! request can reach a file outside the site; encoded separators, `..`, NUL
//! and backslashes are refused outright. The Host header must name a loopback
//! address or one of the [`AllowedHosts`] (against DNS rebinding: a page of
//! another site whose name was made to point here is refused), and the
//! reload channel refuses foreign Origins. The live-reload script is added here, to HTML
//! responses only; `kitap build` output never contains it.

use super::rebuild::Served;
use super::status;
use crate::output::content_type;
use crate::render::escape;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::Stream;
use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

/// The script that reloads pages (keeping the scroll position) and swaps
/// stylesheets without a reload.
pub const LIVE_JS: &str = include_str!("live.js");

/// What the browser is told on the reload channel.
#[derive(Debug, Clone)]
pub enum Notice {
    /// Reload the page.
    Reload,
    /// Swap stylesheets only.
    Styles,
}

/// Shared by every request.
#[derive(Clone)]
pub struct App {
    /// The site.
    pub served: Arc<RwLock<Served>>,
    /// Reload notices.
    pub notices: broadcast::Sender<Notice>,
    /// Names allowed in the Host header besides loopback ones.
    pub hosts: Arc<AllowedHosts>,
    /// The last good build, for the translators' pages.
    pub built: Arc<RwLock<Option<crate::build::Built>>>,
    /// The workspace (the translators' pages read the kept sources).
    pub root: std::path::PathBuf,
}

/// The router.
pub fn router(app: App) -> Router {
    Router::new()
        .route("/_kitap/live.js", get(live_js))
        .route("/_kitap/events", get(events))
        .route("/_kitap/status", get(status_page))
        .route("/_kitap/side-by-side/{id}", get(side_by_side))
        .route("/_kitap/diff/{lang}/{id}", get(diff_page))
        .route("/{lang}/report.pdf", get(report_pdf))
        .route("/{lang}/report.epub", get(report_epub))
        .fallback(get(page))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            check_host,
        ))
        .with_state(app)
}

/// The names and addresses a request's Host may name besides loopback
/// ones: the `--host` the server was given, the `--allow-host` names, and,
/// when it listens on every interface, this machine's addresses and name.
#[derive(Debug, Clone, Default)]
pub struct AllowedHosts {
    /// Host names, lower-case.
    names: Vec<String>,
    /// Addresses (compared as addresses: `[fd00:0::2]` is `[fd00::2]`).
    addrs: Vec<IpAddr>,
}

impl AllowedHosts {
    /// Allow these names (an address, bracketed or not, counts as one).
    pub fn new<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Self {
        let mut hosts = AllowedHosts::default();
        for name in names {
            let name = name.as_ref();
            let bare = name
                .strip_prefix('[')
                .and_then(|n| n.strip_suffix(']'))
                .unwrap_or(name);
            match bare.parse::<IpAddr>() {
                Ok(ip) => hosts.addrs.push(ip),
                Err(_) if !bare.is_empty() => hosts.names.push(bare.to_ascii_lowercase()),
                Err(_) => {}
            }
        }
        hosts
    }

    /// Allow these addresses too.
    pub fn with_addrs(mut self, addrs: impl IntoIterator<Item = IpAddr>) -> Self {
        self.addrs.extend(addrs);
        self
    }

    /// Whether `name` (lower-case, no port, no brackets) is allowed.
    fn allows(&self, name: &str) -> bool {
        match name.parse::<IpAddr>() {
            Ok(ip) => self.addrs.contains(&ip),
            Err(_) => self.names.iter().any(|n| n == name),
        }
    }
}

/// Refuse requests whose Host is not loopback or an allowed host, saying
/// how to allow it.
async fn check_host(
    State(app): State<App>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !host_allowed(host, &app.hosts) {
        return (StatusCode::FORBIDDEN, refusal(host)).into_response();
    }
    next.run(req).await
}

/// The 403 for a Host kitap does not answer to: why, and the option that
/// allows the name (named when it is a plain host name or address).
pub fn refusal(host: &str) -> String {
    let name = host_name(host)
        .filter(|n| {
            !n.is_empty()
                && n.len() <= 253
                && n.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.:".contains(&b))
        })
        .unwrap_or("NAME");
    format!(
        "kitap serve: this Host is not allowed. kitap answers only to this machine's own names, \
         so that no other web site can read the preview through a name of its own (DNS rebinding). \
         If {name} is a name of this machine, start kitap serve with --allow-host {name}\n"
    )
}

/// `localhost`, `127.x.x.x`, `[::1]` or an allowed host, with or without a
/// port; anything else after the name (`[::1]evil.example`,
/// `localhost:80x`) is refused.
pub fn host_allowed(host: &str, allowed: &AllowedHosts) -> bool {
    let Some(name) = host_name(host) else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name == "::1"
        || name.starts_with("127.")
            && name.split('.').count() == 4
            && name.split('.').all(|p| p.parse::<u8>().is_ok())
        || allowed.allows(&name)
}

/// The name in a Host value: `name`, `name:port`, `[v6]` or `[v6]:port`,
/// the port one to five digits; `None` for anything else.
fn host_name(host: &str) -> Option<&str> {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => {
            let (name, after) = rest.split_once(']')?;
            match after {
                "" => (name, None),
                _ => (name, Some(after.strip_prefix(':')?)),
            }
        }
        None => match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        },
    };
    let port_ok =
        port.is_none_or(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    port_ok.then_some(name)
}

async fn live_js() -> Response {
    with_type(
        LIVE_JS.as_bytes().to_vec(),
        "text/javascript; charset=utf-8",
    )
}

/// Server-sent events: `reload` or `styles`.
async fn events(State(app): State<App>, headers: HeaderMap) -> Response {
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let host = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .unwrap_or("");
        if !host_allowed(host, &app.hosts) {
            return (StatusCode::FORBIDDEN, "foreign origin\n").into_response();
        }
    }
    Sse::new(notice_stream(app.notices.subscribe()))
        .keep_alive(KeepAlive::default())
        .into_response()
}

fn notice_stream(rx: broadcast::Receiver<Notice>) -> impl Stream<Item = Result<Event, Infallible>> {
    futures_util::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(Notice::Reload) => {
                    return Some((Ok(Event::default().event("reload").data("page")), rx));
                }
                Ok(Notice::Styles) => {
                    return Some((Ok(Event::default().event("styles").data("css")), rx));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    })
}

async fn status_page(State(app): State<App>) -> Response {
    let html = match &*app.built.read().unwrap_or_else(|e| e.into_inner()) {
        Some(built) => status::status_html(built, &app.root),
        None => String::from("no build yet"),
    };
    html_response(StatusCode::OK, html.into_bytes(), &app)
}

async fn diff_page(
    State(app): State<App>,
    axum::extract::Path((lang, id)): axum::extract::Path<(String, String)>,
) -> Response {
    let html = match &*app.built.read().unwrap_or_else(|e| e.into_inner()) {
        Some(built) => status::diff_html(built, &app.root, &lang, &id),
        None => None,
    };
    match html {
        Some(html) => html_response(StatusCode::OK, html.into_bytes(), &app),
        None => (StatusCode::NOT_FOUND, "no such chapter or language\n").into_response(),
    }
}

async fn side_by_side(
    State(app): State<App>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Response {
    let html = match &*app.built.read().unwrap_or_else(|e| e.into_inner()) {
        Some(built) => status::side_by_side_html(built, &id),
        None => None,
    };
    match html {
        Some(html) => html_response(StatusCode::OK, html.into_bytes(), &app),
        None => (StatusCode::NOT_FOUND, "no such chapter\n").into_response(),
    }
}

/// `/<lang>/report.pdf`: the language's PDF, typeset from the last good
/// build when asked for (a few seconds; off the async workers). Without
/// the `pdf` feature, or for a language the site does not have, the path
/// is an ordinary (missing) file of the site.
async fn report_pdf(
    State(app): State<App>,
    axum::extract::Path(lang): axum::extract::Path<String>,
    uri: Uri,
) -> Response {
    #[cfg(feature = "pdf")]
    if let Some(r) = document(
        &app,
        lang,
        || Box::new(crate::formats::pdf::Pdf::default()),
        crate::formats::pdf::file_name,
        "application/pdf",
    )
    .await
    {
        return r;
    }
    #[cfg(not(feature = "pdf"))]
    let _ = lang;
    page(State(app), uri).await
}

/// `/<lang>/report.epub`: the language's EPUB, made from the last good
/// build when asked for; for a language the site does not have, an
/// ordinary (missing) file of the site.
async fn report_epub(
    State(app): State<App>,
    axum::extract::Path(lang): axum::extract::Path<String>,
    uri: Uri,
) -> Response {
    match document(
        &app,
        lang,
        || Box::new(crate::formats::epub::Epub::default()),
        crate::formats::epub::file_name,
        "application/epub+zip",
    )
    .await
    {
        Some(r) => r,
        None => page(State(app), uri).await,
    }
}

/// `lang`'s one file of a per-language format, made from the last good
/// build off the async workers: `None` when there is no build yet or no
/// such language.
async fn document(
    app: &App,
    lang: String,
    format: fn() -> Box<dyn crate::formats::Format + Send>,
    file_name: fn(&crate::lang::Lang) -> String,
    content_type: &'static str,
) -> Option<Response> {
    let built = Arc::clone(&app.built);
    let made = tokio::task::spawn_blocking(move || {
        let guard = built.read().unwrap_or_else(|e| e.into_inner());
        let built = guard.as_ref()?;
        let lang = built.book.config.lang(&lang)?.clone();
        let name = file_name(&lang);
        let format = format();
        let paths = std::collections::BTreeSet::from([name.clone()]);
        Some(
            crate::formats::render_some(&[format.as_ref()], &built.input(), &paths)
                .map(|mut set| set.files.remove(&name).unwrap_or_default()),
        )
    })
    .await
    .ok()
    .flatten()?;
    Some(match made {
        Ok(bytes) => with_type(bytes, content_type),
        Err(diags) => {
            let report = crate::error::render_report(&diags).join("\n");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the file could not be made:\n{report}\n"),
            )
                .into_response()
        }
    })
}

/// A file of the site.
async fn page(State(app): State<App>, uri: Uri) -> Response {
    let Some(path) = site_path(uri.path()) else {
        return (StatusCode::BAD_REQUEST, "bad path\n").into_response();
    };
    let stale = app
        .served
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .stale
        .contains(&path);
    if stale {
        // Regenerating a whole-language file takes a while on a large book:
        // off the async workers, so other requests are not held up.
        let (built, served, p) = (
            Arc::clone(&app.built),
            Arc::clone(&app.served),
            path.clone(),
        );
        let fresh =
            tokio::task::spawn_blocking(move || super::rebuild::refresh(&built, &served, &p))
                .await
                .ok()
                .flatten();
        if let Some(bytes) = fresh {
            return file_response(&path, bytes, &app);
        }
    }
    let served = app.served.read().unwrap_or_else(|e| e.into_inner());
    if let Some(bytes) = served.files.get(&path) {
        let bytes = bytes.to_vec();
        drop(served);
        return file_response(&path, bytes, &app);
    }
    let dir_index = format!("{path}/index.html");
    if !path.is_empty() && served.files.get(&dir_index).is_some() {
        // Empty segments dropped: `//en` must not become `//en/`, which a
        // browser reads as the host `en`. The segments are as sent
        // (percent-encoded), and [`site_path`] refused `.`, `..` and
        // encoded separators among them.
        let segments: Vec<&str> = uri.path().split('/').filter(|s| !s.is_empty()).collect();
        let location = format!("/{}/", segments.join("/"));
        return Response::builder()
            .status(StatusCode::PERMANENT_REDIRECT)
            .header(header::LOCATION, location)
            .body(Body::empty())
            .unwrap_or_default();
    }
    let body = served
        .files
        .get("404.html")
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    drop(served);
    html_response(StatusCode::NOT_FOUND, body, &app)
}

/// A request path -> the output path it names (`""` and `dir/` -> `index.html`).
/// Refuses encoded separators, `..`, `.`, backslashes and NUL.
pub fn site_path(raw: &str) -> Option<String> {
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || raw.contains('\\')
    {
        return None;
    }
    let decoded = crate::markdown::percent_decode(raw);
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" => {}
            "." | ".." => return None,
            p => parts.push(p),
        }
    }
    let mut path = parts.join("/");
    if path.is_empty() || decoded.ends_with('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

fn file_response(path: &str, bytes: Vec<u8>, app: &App) -> Response {
    if path.ends_with(".html") {
        return html_response(StatusCode::OK, bytes, app);
    }
    with_type(bytes, content_type(path))
}

/// An HTML page with the live-reload script and, after a failed rebuild,
/// the error overlay.
fn html_response(status: StatusCode, bytes: Vec<u8>, app: &App) -> Response {
    let error = app
        .served
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .error
        .clone();
    let mut html = String::from_utf8_lossy(&bytes).into_owned();
    let mut inject = String::from("<script src=\"/_kitap/live.js\"></script>");
    if let Some(report) = error {
        inject.push_str(&format!(
            "<div id=\"kitap-error\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;\
             z-index:99999;background:#2b0d0d;color:#ffd7d7;font:14px/1.5 ui-monospace,monospace;padding:1rem 1.25rem;\
             border-top:4px solid #e5484d\"><strong>kitap: the last change did not build; showing the last good version.</strong>\
             <pre style=\"white-space:pre-wrap;margin:.5rem 0 0\">{}</pre></div>",
            escape(&report)
        ));
    }
    match html.rfind("</body>") {
        Some(at) => html.insert_str(at, &inject),
        None => html.push_str(&inject),
    }
    let mut resp = with_type(html.into_bytes(), "text/html; charset=utf-8");
    *resp.status_mut() = status;
    resp
}

fn with_type(bytes: Vec<u8>, content_type: &'static str) -> Response {
    let mut resp = Response::new(Body::from(bytes));
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_and_encoded_separators_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/en/../../x",
            "/%2e%2e/x",
            "/en%2f..%2fx",
            "/a%5cb",
            "/a\\b",
            "/a%00",
            "/./x",
        ] {
            assert!(site_path(bad).is_none(), "{bad}");
        }
        assert_eq!(site_path("/").unwrap(), "index.html");
        assert_eq!(site_path("/en/").unwrap(), "en/index.html");
        assert_eq!(site_path("/kk/%D2%9B.html").unwrap(), "kk/қ.html");
    }

    fn only(names: &[&str]) -> AllowedHosts {
        AllowedHosts::new(names)
    }

    #[test]
    fn only_loopback_or_the_configured_host() {
        let none = AllowedHosts::default();
        for ok in [
            "localhost:4000",
            "127.0.0.1:4000",
            "[::1]:4000",
            "127.0.0.1",
        ] {
            assert!(host_allowed(ok, &none), "{ok}");
        }
        for bad in [
            "evil.example:4000",
            "127.0.0.1.evil.example",
            "",
            "10.0.0.1:4000",
            "[::1]evil.example",
            "[::1].evil.example:4000",
            "[::1]:4000evil",
            "[::1]:",
            "[::1",
            "localhost:80x",
            "localhost:4000:1",
            "127.0.0.1:",
        ] {
            assert!(!host_allowed(bad, &none), "{bad}");
        }
        assert!(host_allowed("[::1]", &none));
        assert!(host_allowed("[::1]:4000", &none));
        assert!(host_allowed("preview.lan:4000", &only(&["preview.lan"])));
        assert!(host_allowed("Preview.LAN", &only(&["PREVIEW.lan"])));
        assert!(host_allowed("[fd00::2]:4000", &only(&["fd00::2"])));
        assert!(host_allowed("[fd00::2]:4000", &only(&["[fd00::2]"])));
        assert!(host_allowed("[fd00:0::2]:4000", &only(&["fd00::2"])));
        assert!(!host_allowed("[fd00::2]x", &only(&["fd00::2"])));
        assert!(!host_allowed(
            "preview.lan.evil.example",
            &only(&["preview.lan"])
        ));
    }

    #[test]
    fn this_machines_addresses_when_listening_on_all() {
        let lan = AllowedHosts::new(["0.0.0.0", "laptop"])
            .with_addrs(["192.168.1.20".parse().unwrap(), "fd00::2".parse().unwrap()]);
        for ok in [
            "192.168.1.20:4000",
            "[fd00::2]:4000",
            "laptop:4000",
            "LAPTOP",
        ] {
            assert!(host_allowed(ok, &lan), "{ok}");
        }
        for bad in [
            "192.168.1.21:4000",
            "192.168.1.20.evil.example",
            "laptop.evil.example:4000",
            "evil.example:4000",
        ] {
            assert!(!host_allowed(bad, &lan), "{bad}");
        }
    }

    #[test]
    fn a_refusal_says_how_to_allow_the_name() {
        assert!(
            refusal("preview.lan:4000")
                .ends_with("start kitap serve with --allow-host preview.lan\n")
        );
        assert!(refusal("[fd00::2]:4000").contains("--allow-host fd00::2\n"));
        // Not a plain name: not repeated.
        assert!(refusal("<script>:4000x").contains("--allow-host NAME\n"));
        assert!(refusal("a b").contains("--allow-host NAME\n"));
    }
}
