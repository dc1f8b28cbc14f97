//! How the portal refuses and fails: one error type for every handler.
//!
//! The policy:
//!
//! - A request the server cannot answer as asked is *refused* with a 4xx
//!   and a reason the reader can act on, written by tana (which field,
//!   which rule). A refusal never says whether something the reader may
//!   not read exists: that is answered as if it did not.
//! - A write that meets another process holding the workspace's write lock,
//!   or finds every store connection taken, is *busy*: 503 with
//!   `Retry-After`, and nothing was written.
//! - Anything else is the server's *failure*: 500, and the reader is told
//!   only that it failed. What failed (a database message, a path) goes to
//!   the log and nowhere else.
//! - Pages get refusals as an HTML page in the portal's layout (with the
//!   bar of who is signed in), everything under `/api/` (or asked for with
//!   `Accept: application/json` and not HTML) as JSON `{"error": …}`; the
//!   choice is made once, by [`render_refusals`], for handlers' errors and
//!   axum's own rejections alike (a bad query string, a body too large).

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::error::Error;

/// Why a request got no answer: see the module's policy.
#[derive(Debug)]
pub(crate) enum WebError {
    Refused { status: StatusCode, reason: String },
    Busy,
    Failed(Error),
}

pub(crate) type WebResult<T> = std::result::Result<T, WebError>;

impl WebError {
    pub(crate) fn refused(status: StatusCode, reason: impl Into<String>) -> WebError {
        WebError::Refused {
            status,
            reason: reason.into(),
        }
    }
    pub(crate) fn bad(reason: impl Into<String>) -> WebError {
        WebError::refused(StatusCode::BAD_REQUEST, reason)
    }
    pub(crate) fn not_found(reason: impl Into<String>) -> WebError {
        WebError::refused(StatusCode::NOT_FOUND, reason)
    }
    pub(crate) fn forbidden(reason: impl Into<String>) -> WebError {
        WebError::refused(StatusCode::FORBIDDEN, reason)
    }
    pub(crate) fn unauthorized(reason: impl Into<String>) -> WebError {
        WebError::refused(StatusCode::UNAUTHORIZED, reason)
    }
    pub(crate) fn conflict(reason: impl Into<String>) -> WebError {
        WebError::refused(StatusCode::CONFLICT, reason)
    }
}

impl From<Error> for WebError {
    /// A store's or a library's error: a usage error is tana's own words
    /// about the request; busy is busy; anything else is a failure.
    fn from(e: Error) -> WebError {
        match e {
            Error::Usage(reason) => WebError::bad(reason),
            Error::Busy(_) => WebError::Busy,
            other => WebError::Failed(other),
        }
    }
}

/// The reason of a refusal, kept on the response for [`render_refusals`].
#[derive(Clone)]
struct Reason(String);

/// What readers are told when the server fails.
const FAILED: &str = "the server could not do this; try again later";
const BUSY: &str = "the workspace is busy with another change; try again in a moment";

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, reason) = match self {
            WebError::Refused { status, reason } => (status, reason),
            WebError::Busy => (StatusCode::SERVICE_UNAVAILABLE, BUSY.to_string()),
            WebError::Failed(e) => {
                tracing::error!(error = %e, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, FAILED.to_string())
            }
        };
        let mut r = status.into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        }
        r.extensions_mut().insert(Reason(reason));
        r
    }
}

/// The largest plain-text refusal body read back to be rendered.
const REJECTION_LIMIT: usize = 16 * 1024;

/// Renders every refusal in the face of its path: a page, or JSON under
/// `/api/`. Handlers' errors carry their reason on the response; axum's
/// own rejections (a query string that does not parse, a body too large,
/// no such method) come as plain text, whose words are kept. A 5xx not
/// made by [`WebError`] (a panic caught, a time-out) gets the words of a
/// failure.
pub(crate) async fn render_refusals(
    State(app): State<super::Shared>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let api = request.uri().path().starts_with("/api/") || wants_json(request.headers());
    // Kept to say who is signed in on the page of a refusal.
    let headers = request.headers().clone();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_none_or(|v| v.as_bytes().starts_with(b"text/plain"));
    // A 405 says which methods would do, a 503 when to try again.
    let kept: Vec<_> = [header::ALLOW, header::RETRY_AFTER]
        .into_iter()
        .filter_map(|name| response.headers().get(&name).map(|v| (name, v.clone())))
        .collect();
    let reason = match response.extensions().get::<Reason>() {
        Some(Reason(r)) => r.clone(),
        None if !plain => return response,
        None if status.is_server_error() => FAILED.to_string(),
        None => {
            let (_, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, REJECTION_LIMIT)
                .await
                .unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes).trim().to_string();
            if text.is_empty() {
                status.canonical_reason().unwrap_or("refused").to_string()
            } else {
                text
            }
        }
    };
    let mut rendered = if api {
        (status, axum::Json(serde_json::json!({ "error": reason }))).into_response()
    } else {
        // A failure to find the session (the store is down) leaves the
        // page of the refusal as the public sees it.
        let who = super::session::look_up(&app, &headers).ok().flatten();
        (status, Html(refusal_page(status, &reason, who.as_ref()))).into_response()
    };
    rendered.headers_mut().extend(kept);
    rendered
}

/// Whether a client outside `/api/` asks for JSON and not for HTML.
fn wants_json(headers: &HeaderMap) -> bool {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    accept.contains("application/json") && !accept.contains("text/html")
}

/// The title of a refusal's page, by its status.
fn refusal_title(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 | 422 => "Request refused",
        401 => "Log in first",
        403 => "Not allowed",
        404 => "Page not found",
        409 => "Conflict with the records",
        413 => "Too large",
        429 => "Too many requests",
        503 => "Busy: try again",
        s if s >= 500 => "Server error",
        _ => "Request refused",
    }
}

/// The page of a refusal, in the layout, with what to do next.
pub(crate) fn refusal_page(
    status: StatusCode,
    reason: &str,
    who: Option<&super::session::Session>,
) -> String {
    use super::view::html;
    let main = html! {
        p.refusal-reason role="alert" { (reason) }
        @if status == StatusCode::UNAUTHORIZED && who.is_none() {
            p { a href="/login" { "Log in" } " to go on." }
        }
        p { a href="/" { "Back to the dashboard" } }
    };
    super::view::page(refusal_title(status), who, main)
}
