//! `bahth serve`: the HTTP face of the engine. A router, the page's embedded assets and
//! security headers; the handlers ([`api`]) turn a request into the same
//! [`crate::search::Request`] the CLI builds and hand the answer to the same serializers. No
//! search logic lives here.
//!
//! The server is read-only (nothing over HTTP changes the index), serves only the embedded
//! assets (no file system path is ever looked up), bounds every request (query length,
//! `limit`, batch size, body size), and sends a strict Content-Security-Policy. The index
//! reader reloads on each commit, so a `bahth index` run in another terminal shows without a
//! restart.

pub mod api;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result};
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::store::Store;

/// The page, embedded in the binary (no build step).
const INDEX_HTML: &str = include_str!("../../web/index.html");
const APP_JS: &str = include_str!("../../web/app.js");
const STYLE_CSS: &str = include_str!("../../web/style.css");

/// Largest request body (a batch of 1,000 names fits many times over).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The Content-Security-Policy: the page's own script and style only, no inline code, no
/// other origin.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                       connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// What the handlers share: the index and a reader that follows its commits.
pub struct State {
    /// The index.
    pub store: Store,
    /// Reloads on each commit.
    pub reader: tantivy::IndexReader,
}

fn asset(body: &'static str, mime: &'static str) -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static(mime))], body).into_response()
}

/// The router: the page, its assets and the JSON API.
/// How long a client may take: a slow or stalled client never holds the server, and is
/// disconnected after a bounded time.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// To send a request's headers, from its first byte (hyper's header read timeout).
    pub headers: std::time::Duration,
    /// To send a request's body and have it answered, and the longest a connection may wait
    /// for the client to send or to read anything (an idle keep-alive connection, a response
    /// nobody reads).
    pub body: std::time::Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { headers: std::time::Duration::from_secs(10), body: std::time::Duration::from_secs(30) }
    }
}

/// Serves one connection under the [`Limits`]: HTTP/1.1 with keep-alive, every socket read
/// and write bounded by `limits.body`, the headers by `limits.headers`.
async fn connection(stream: tokio::net::TcpStream, app: Router, limits: Limits) {
    let mut stream = tokio_io_timeout::TimeoutStream::new(stream);
    stream.set_read_timeout(Some(limits.body));
    stream.set_write_timeout(Some(limits.body));
    let io = hyper_util::rt::TokioIo::new(Box::pin(stream));
    let service = hyper_util::service::TowerToHyperService::new(app);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(limits.headers).keep_alive(true);
    // A connection that ends in a timeout or a reset is the client's business.
    let _ = http.serve_connection(io, service).await;
}

pub fn router(state: Arc<State>) -> Router {
    let headers = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    let mut app = Router::new()
        .route("/", get(|| async { Html(INDEX_HTML) }))
        .route("/app.js", get(|| async { asset(APP_JS, "text/javascript; charset=utf-8") }))
        .route("/style.css", get(|| async { asset(STYLE_CSS, "text/css; charset=utf-8") }))
        .route("/api/search", get(api::search))
        .route("/api/histogram", get(api::histogram))
        .route("/api/stats", get(api::stats))
        .route("/api/stories", get(api::stories))
        .route("/api/export", get(api::export))
        .route("/api/article/{*id}", get(api::article))
        .route("/api/batch", post(api::batch))
        .fallback(|| async { api::error(axum::http::StatusCode::NOT_FOUND, "no such page or API endpoint") })
        .layer(tower_http::limit::RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state);
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value)));
    }
    app
}

/// Serves the index until Ctrl-C; prints the URL (with the port chosen when `port` is 0).
pub fn run(store: Store, host: &str, port: u16, open: bool, limits: Limits) -> Result<()> {
    let reader = store.reader()?;
    let state = Arc::new(State { store, reader });
    // Interactive searches run on the worker that took the request (api::inline); the long
    // jobs (exports, batches, story listings) run on the blocking pool. Tokio's default lets
    // it grow to 512 threads: 32 reporters at once then meant 32 threads fighting over 2
    // cores (longer tails) and as many malloc arenas (memory that grows with the crowd).
    // Twice the cores keeps every core busy while one job waits on a page of the mapped
    // index; the rest wait their turn in order.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(2 * cores)
        .enable_all()
        .build()
        .context("starting the server runtime")?;
    rt.block_on(async move {
        let addr: SocketAddr = format!("{host}:{port}")
            .parse()
            .map_err(|e| crate::error::user(format!("--host {host:?} --port {port}: not an address ({e})")))?;
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
            crate::error::user(format!("cannot listen on {addr}: {e} (try another --port, or --port 0)"))
        })?;
        let url = format!("http://{}/", listener.local_addr()?);
        // Written, not println!: whoever started us may have stopped reading (a closed pipe
        // is no reason to stop serving).
        use std::io::Write;
        let mut out = std::io::stdout();
        let _ = writeln!(out, "bahth: serving {} at {url} (Ctrl-C stops)", state.store.dir.display());
        let _ = out.flush();
        if open {
            let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
        }
        let app = router(state).layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            limits.body,
        ));
        let stop = tokio::signal::ctrl_c();
        tokio::pin!(stop);
        loop {
            tokio::select! {
                _ = &mut stop => break,
                accepted = listener.accept() => {
                    // A failed accept (out of file descriptors, a reset) drops that one
                    // connection; the server goes on.
                    if let Ok((stream, _)) = accepted {
                        tokio::spawn(connection(stream, app.clone(), limits));
                    }
                }
            }
        }
        let _ = writeln!(std::io::stdout(), "bahth: stopped");
        Ok(())
    })
}
