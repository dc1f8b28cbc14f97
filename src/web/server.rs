//! The portal's connections: how many, for how long, with which headers,
//! and the request log.
//!
//! axum's own `serve` sets no time limit, so a client that opens a
//! connection and sends nothing (or a byte a second) holds it for ever.
//! Here each connection is served by hyper with a deadline for the request
//! head (which also ends an idle keep-alive connection, since hyper starts
//! it when it waits for the next head), a deadline for the body and one for
//! the handler (tower-http), and a cap on the connections open at once:
//! past it, new ones wait in the listener's backlog. [`Limits`] holds the
//! figures; docs/RELIABILITY.md says what they are and what was tried.
//!
//! Every answer carries the security headers ([`security_headers`]); the
//! log says, for each request, the method, the path with the names of its
//! query's fields but never their values (a search's words may be a
//! State's unpublished ones), the status and the time; never a cookie, a
//! token or a password.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use sha2::Digest;
use tower_http::set_header::SetResponseHeaderLayer;

/// The time limits and the cap on connections.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// From the moment a connection waits for a request head until the
    /// head is in: a silent or slow client, and an idle keep-alive.
    pub head: Duration,
    /// For a request's body to arrive.
    pub body: Duration,
    /// For a handler to answer.
    pub handler: Duration,
    /// Connections open at once.
    pub connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            head: Duration::from_secs(10),
            body: Duration::from_secs(30),
            handler: Duration::from_secs(60),
            connections: 512,
        }
    }
}

/// Serves `router` on `listener` within `limits` until `stop` completes.
pub(crate) async fn run(
    listener: tokio::net::TcpListener,
    router: Router,
    limits: Limits,
    stop: impl Future<Output = ()>,
) {
    let permits = Arc::new(tokio::sync::Semaphore::new(limits.connections.max(1)));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.head)
        .keep_alive(true);
    tokio::pin!(stop);
    loop {
        let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
            return;
        };
        let accepted = tokio::select! {
            a = listener.accept() => a,
            () = &mut stop => return,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, or a connection reset before
                // it was taken: wait a moment rather than spin.
                tracing::warn!(error = %e, "accepting a connection");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let connection = http.serve_connection(
            TokioIo::new(stream),
            TowerToHyperService::new(router.clone()),
        );
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
}

/// The layers every answer passes: time limits, a caught panic (a 500,
/// and the server keeps running), refusals rendered, security headers,
/// and the log, outermost, which sees the final status.
pub(crate) fn layered(
    router: Router,
    app: super::Shared,
    limits: Limits,
    secure_cookies: bool,
) -> Router {
    let mut router = router
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            limits.body,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            limits.handler,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            super::error::render_refusals,
        ))
        .layer(axum::middleware::from_fn_with_state(app, rebuilt_or_not));
    for (name, value) in security_headers() {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    if secure_cookies {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ));
    }
    router.layer(axum::middleware::from_fn(log_and_no_store))
}

/// Runs the request knowing whether the records being served were rebuilt
/// from published tables, so that every page it renders, refusals
/// included, can say that the States are pseudonyms.
async fn rebuilt_or_not(
    axum::extract::State(app): axum::extract::State<super::Shared>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let rebuilt = app.snapshot().rebuilt;
    super::view::REBUILT.scope(rebuilt, next.run(request)).await
}

/// The headers of every answer. The pages run no script, load their
/// stylesheet from this site and are framed by no one; the only inline
/// style is the report's own stylesheet, allowed by its digest (its charts
/// and their legends are coloured by SVG attributes, which CSP leaves alone).
pub(crate) fn security_headers() -> Vec<(HeaderName, HeaderValue)> {
    let styles = [format!(
        "'sha256-{}'",
        sha256_base64(crate::report::html::STYLE)
    )];
    let csp = format!(
        "default-src 'none'; style-src 'self' {}; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        styles.join(" ")
    );
    vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&csp).expect("an ASCII policy"),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
    ]
}

fn sha256_base64(text: &str) -> String {
    base64(&sha2::Sha256::digest(text.as_bytes()))
}

/// Standard base64 with padding, as a CSP digest is written.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The path as the log shows it: the query's field names, not their values.
fn logged_path(uri: &axum::http::Uri) -> String {
    match uri.query() {
        None => uri.path().to_string(),
        Some(q) => {
            let names: Vec<&str> = q
                .split('&')
                .filter_map(|kv| kv.split('=').next())
                .filter(|k| !k.is_empty())
                .collect();
            format!("{}?{}", uri.path(), names.join("&"))
        }
    }
}

/// Logs each request, and keeps what a signed-in reader was shown out of
/// every cache.
async fn log_and_no_store(request: Request<Body>, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = logged_path(request.uri());
    let signed_in = request.headers().contains_key(header::AUTHORIZATION)
        || request
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .any(|v| v.as_bytes().windows(13).any(|w| w == b"tana_session="));
    let mut response = next.run(request).await;
    if signed_in {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let status = response.status().as_u16();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if status >= 500 {
        tracing::warn!(target: "tana::request", %method, path, status, ms);
    } else {
        tracing::info!(target: "tana::request", %method, path, status, ms);
    }
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_as_rfc_4648_writes_it() {
        for (bytes, text) in [
            (&b""[..], ""),
            (b"f", "Zg=="),
            (b"fo", "Zm8="),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg=="),
            (b"foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(super::base64(bytes), text);
        }
    }

    #[test]
    fn the_log_shows_no_query_value() {
        let uri: axum::http::Uri = "/search?q=secret+words&x=1".parse().unwrap();
        assert_eq!(super::logged_path(&uri), "/search?q&x");
    }
}
