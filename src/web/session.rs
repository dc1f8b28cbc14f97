//! Who is asking, as extractors: a handler names what it needs in its
//! arguments, and cannot forget to check it.
//!
//! - [`Reader`]: the account signed in, or none (the public). A session
//!   comes from the `tana_session` cookie, an account of a script from
//!   `Authorization: Bearer`; the store keeps only their digests. A store
//!   that fails is a failure (500, or 503 when busy), never "logged out".
//! - [`SignedIn`]: someone (401 otherwise).
//! - [`Secretariat`]: the secretariat (401, 403).
//! - [`StateParty`]: the State party of the path's `{code}`, by code or name
//!   (404 otherwise).
//! - [`CsrfForm`]: a POSTed form, from a signed-in browser on this site,
//!   carrying the session's own secret (401, 403), that parses (400).
//!
//! What a role may do with a State's records is asked of `accounts`, by the
//! handler, with the account these give.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use serde::de::DeserializeOwned;

use super::Shared;
use super::error::{WebError, WebResult};
use crate::accounts::{self, Account};
use crate::store::digest;

pub(crate) const COOKIE: &str = "tana_session";

/// A signed-in account: its form secret, and its session's token (empty
/// for an API token, which sends no form).
#[derive(Clone, Debug)]
pub(crate) struct Session {
    pub(crate) account: Account,
    pub(crate) csrf: String,
    pub(crate) token: String,
}

impl Session {
    /// The session, if `allowed`; else 403 saying `refused`.
    pub(crate) fn allowed(self, allowed: bool, refused: &str) -> WebResult<Session> {
        if allowed {
            Ok(self)
        } else {
            Err(WebError::forbidden(refused))
        }
    }
}

/// The account asking, if any.
#[derive(Clone)]
pub(crate) struct Reader(pub(crate) Option<Session>);

impl Reader {
    pub(crate) fn account(&self) -> Option<&Account> {
        self.0.as_ref().map(|s| &s.account)
    }
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

/// The account of an API token, and of nothing else: what scripts that
/// write use (a session cookie there would be a way around the forms'
/// secret).
pub(crate) fn token_account(app: &Shared, headers: &HeaderMap) -> WebResult<Option<Account>> {
    match bearer(headers) {
        Some(token) => Ok(app.read(|s| s.token_account(&digest(token)))?),
        None => Ok(None),
    }
}

pub(crate) fn look_up(app: &Shared, headers: &HeaderMap) -> WebResult<Option<Session>> {
    if headers.contains_key(header::AUTHORIZATION) {
        return Ok(token_account(app, headers)?.map(|account| Session {
            account,
            // A script sends no form: a secret nobody knows.
            csrf: accounts::token(),
            token: String::new(),
        }));
    }
    let Some(token) = cookie_token(headers) else {
        return Ok(None);
    };
    let found = app.read(|s| s.session(&digest(&token), super::now()))?;
    Ok(found.map(|(account, csrf)| Session {
        account,
        csrf,
        token,
    }))
}

impl FromRequestParts<Shared> for Reader {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, app: &Shared) -> WebResult<Reader> {
        // Looked up once per request, whichever extractors ask.
        if let Some(r) = parts.extensions.get::<Reader>() {
            return Ok(r.clone());
        }
        let reader = Reader(look_up(app, &parts.headers)?);
        parts.extensions.insert(reader.clone());
        Ok(reader)
    }
}

/// Someone signed in.
pub(crate) struct SignedIn(pub(crate) Session);

impl FromRequestParts<Shared> for SignedIn {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, app: &Shared) -> WebResult<SignedIn> {
        match Reader::from_request_parts(parts, app).await?.0 {
            Some(s) => Ok(SignedIn(s)),
            None => Err(WebError::unauthorized("log in first")),
        }
    }
}

/// The secretariat, signed in.
pub(crate) struct Secretariat(pub(crate) Session);

impl FromRequestParts<Shared> for Secretariat {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, app: &Shared) -> WebResult<Secretariat> {
        let SignedIn(s) = SignedIn::from_request_parts(parts, app).await?;
        let allowed = accounts::is_secretariat(Some(&s.account));
        Ok(Secretariat(
            s.allowed(allowed, "only the secretariat may do this")?,
        ))
    }
}

/// The State party the path names (`/states/{code}/…`), by its code.
pub(crate) struct StateParty(pub(crate) String);

impl FromRequestParts<Shared> for StateParty {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, app: &Shared) -> WebResult<StateParty> {
        let Path(code) = Path::<String>::from_request_parts(parts, app)
            .await
            .map_err(|e| WebError::bad(e.body_text()))?;
        let s = app.snapshot();
        match s.reference.find_state(&code) {
            Some(id) => Ok(StateParty(s.reference.state(id).code.clone())),
            None => Err(WebError::not_found(format!("`{code}` is no State party"))),
        }
    }
}

/// A browser's form must come from this site: an `Origin` header, when
/// sent, names this scheme, host and port.
pub(crate) fn same_origin(headers: &HeaderMap, secure: bool) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let scheme = if secure { "https" } else { "http" };
    match (origin.to_str().ok(), host) {
        (Some(origin), Some(host)) => origin
            .strip_prefix(scheme)
            .and_then(|rest| rest.strip_prefix("://"))
            .is_some_and(|rest| rest.eq_ignore_ascii_case(host)),
        _ => false,
    }
}

/// A form sent by a signed-in browser with its session's secret: the
/// session, and the form's fields.
pub(crate) struct CsrfForm<T> {
    pub(crate) who: Session,
    pub(crate) form: T,
}

#[derive(serde::Deserialize)]
struct SecretOnly {
    #[serde(default)]
    csrf: String,
}

/// Checks a form's secret and origin against the session.
pub(crate) fn check_secret(
    app: &Shared,
    who: &Session,
    headers: &HeaderMap,
    sent: &str,
) -> WebResult<()> {
    if sent.is_empty()
        || sent.len() != who.csrf.len()
        || !constant_time_eq(sent.as_bytes(), who.csrf.as_bytes())
        || !same_origin(headers, app.secure_cookies)
    {
        return Err(WebError::forbidden(
            "this form has expired: reload the page",
        ));
    }
    Ok(())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl<T: DeserializeOwned> FromRequest<Shared> for CsrfForm<T> {
    type Rejection = WebError;

    async fn from_request(request: Request, app: &Shared) -> WebResult<CsrfForm<T>> {
        let (mut parts, body) = request.into_parts();
        let SignedIn(who) = SignedIn::from_request_parts(&mut parts, app).await?;
        let headers = parts.headers.clone();
        let bytes = Bytes::from_request(Request::from_parts(parts, body), app)
            .await
            .map_err(|e| WebError::refused(e.status(), e.body_text()))?;
        let secret: SecretOnly = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| WebError::bad(format!("the form: {e}")))?;
        check_secret(app, &who, &headers, &secret.csrf)?;
        let form = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| WebError::bad(format!("the form: {e}")))?;
        Ok(CsrfForm { who, form })
    }
}
