//! Atom feeds of the finder's searches (issue 13).
//!
//! - `/feeds/needs.atom?<any finder filter>`: public. It reads no session
//!   and no token, so it holds what the public may read and nothing else,
//!   found by the finder's own code path (`Store::find_needs` with no
//!   reader); kept per query until the records change.
//! - `/feeds/private.atom?token=…&<filter>`: what the token's account may
//!   read, with the assistance recorded and the IATI links accepted for
//!   the needs it may see. Feed readers cannot set headers, so the API
//!   token comes as the `token` parameter (or `Authorization: Bearer`);
//!   the request log names a query's fields, never their values, and the
//!   token is left out of the feed's own links. An unknown token is 401.

use axum::extract::State;
use axum::http::{HeaderMap, Uri, header};
use axum::response::{IntoResponse, Response};

use super::error::{WebError, WebResult};
use super::finder::{self, FinderQuery};
use super::{Kept, Shared};
use crate::alerts::{self, FEED_MOST, atom};
use crate::store::digest;

const ATOM: &str = "application/atom+xml; charset=utf-8";

/// `http(s)://host`, from the request's `Host` (a name, an address and a
/// port; anything else is taken as `localhost`).
pub(crate) fn base_url(headers: &HeaderMap, secure: bool) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    format!("{}://{host}", if secure { "https" } else { "http" })
}

/// The finder's filters of a query, without its page, size and order (a
/// feed and a digest have their own): what a subscription keeps.
pub(crate) fn filter_of(q: &FinderQuery) -> String {
    let kept: Vec<&(String, String)> = q
        .carried
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "page" | "per" | "sort" | "token"))
        .collect();
    serde_urlencoded::to_string(kept).unwrap_or_default()
}

/// The feed's answer.
fn answer(
    s: &super::Snapshot,
    base: &str,
    path: &str,
    id: &str,
    q: &FinderQuery,
    entries: &[alerts::Entry],
    last_change: Option<i64>,
) -> Vec<u8> {
    let filter = filter_of(q);
    let with = |p: &str| match filter.as_str() {
        "" => format!("{base}{p}"),
        f => format!("{base}{p}?{f}"),
    };
    let written: Vec<alerts::Written> = entries.iter().map(|e| e.written(&s.reference)).collect();
    let updated = written
        .iter()
        .filter_map(|w| w.updated)
        .max()
        .or(last_change)
        .unwrap_or(0);
    let title = match filter.as_str() {
        "" => "Technical assistance needs".to_string(),
        f => format!("Technical assistance needs: {f}"),
    };
    atom::feed(
        &atom::Head {
            id: &format!("tag:tana,2024:feed/{id}?{filter}"),
            title: &title,
            self_url: &with(path),
            page_url: &with("/needs"),
            updated,
        },
        base,
        &written,
    )
}

/// `/feeds/needs.atom`: the public feed.
pub(super) async fn public_feed(
    State(app): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
) -> WebResult<Kept> {
    let s = app.snapshot();
    let base = base_url(&headers, app.secure_cookies);
    let key = format!("feed/{base}?{}", uri.query().unwrap_or(""));
    s.kept(key, || {
        let q = finder::parse(&s.reference, &finder::pairs(&uri)?).map_err(WebError::bad)?;
        let (_, entries) =
            app.read(|st| alerts::gather(st, None, &q.find, None, FEED_MOST, false, None))?;
        let last = app.read(|st| st.last_change())?;
        let body = answer(&s, &base, "/feeds/needs.atom", "needs", &q, &entries, last);
        Ok(Kept {
            content_type: ATOM,
            disposition: None,
            body: body.into(),
        })
    })
}

/// `/feeds/private.atom`: what the token's account may read.
pub(super) async fn private_feed(
    State(app): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
) -> WebResult<Response> {
    let mut pairs = finder::pairs(&uri)?;
    let token = pairs
        .iter()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.trim().to_string());
    pairs.retain(|(k, _)| k != "token");
    let who = match token {
        Some(t) if !t.is_empty() => app.read(|st| st.token_account(&digest(&t)))?,
        _ => super::session::token_account(&app, &headers)?,
    };
    let Some(who) = who else {
        return Err(WebError::unauthorized(
            "a private feed needs an API token: /feeds/private.atom?token=… (tana user token NAME)",
        ));
    };
    let s = app.snapshot();
    let q = finder::parse(&s.reference, &pairs).map_err(WebError::bad)?;
    let (_, entries) = app.read(|st| {
        alerts::gather(
            st,
            Some(&who),
            &q.find,
            None,
            FEED_MOST,
            true,
            crate::clock::today(),
        )
    })?;
    let last = app.read(|st| st.last_change())?;
    let base = base_url(&headers, app.secure_cookies);
    let id = format!("private/{}", who.name);
    let body = answer(&s, &base, "/feeds/private.atom", &id, &q, &entries, last);
    Ok((
        [
            (header::CONTENT_TYPE, ATOM),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        body,
    )
        .into_response())
}
