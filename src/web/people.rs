//! Logging in and out, passwords, and the secretariat's page of accounts.
//!
//! Sessions live in the store (a random token in an `HttpOnly`,
//! `SameSite=Strict` cookie, `Secure` behind TLS; the store keeps only its
//! digest). Failed logins are counted per account name, *before* the
//! password is checked, so that concurrent guesses cannot pass the limit;
//! an unknown name is checked against a dummy hash, so that a login takes
//! as long whether the account exists or not. Passwords are hashed and
//! checked on the blocking pool: argon2 takes tens of milliseconds, which
//! on the async workers would stall every page.

use std::time::{Duration, Instant};

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::error::{WebError, WebResult};
use super::session::{COOKIE, CsrfForm, Reader, Secretariat, Session, SignedIn, same_origin};
use super::view::{self, Done, Flashed, Markup, html};
use super::{Shared, now};
use crate::accounts::{self, Account};
use crate::store::digest;

const SESSION_SECONDS: i64 = 8 * 3600;
const MAX_FAILURES: u32 = 5;
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Names counted at once; past it, those whose window ended are forgotten.
const FAILURES_KEPT: usize = 10_000;

/// Checks a password against a hash on the blocking pool.
pub(crate) async fn password_matches(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || accounts::password_matches(&password, &hash))
        .await
        .unwrap_or(false)
}

/// Hashes a password on the blocking pool.
pub(crate) async fn hash_password(password: String) -> crate::error::Result<String> {
    tokio::task::spawn_blocking(move || accounts::hash_password(&password))
        .await
        .map_err(|e| crate::error::Error::Other(format!("hashing: {e}")))?
}

fn cookie(app: &Shared, value: &str, max_age: i64) -> String {
    format!(
        "{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{}",
        if app.secure_cookies { "; Secure" } else { "" }
    )
}

/// The login form, after what the last attempt came to, or after who is
/// signed in already.
fn login_page(message: Option<&str>, who: Option<&Session>) -> String {
    let main = html! {
        @if let Some(w) = who {
            p { "You are signed in as " strong { (w.account.name) } " (" (view::role(&w.account)) "). To sign in as another account, log in below." }
        }
        @if let Some(m) = message { (view::message("alert", m)) }
        form.edit method="post" action="/login" {
            label { "Account" input name="name" autocomplete="username" required; }
            label { "Password" input name="password" type="password" autocomplete="current-password" required; }
            button type="submit" { "Log in" }
        }
    };
    view::page("Log in", who, main)
}

/// The login form; to someone signed in already, who they are, their
/// work and the way out, with the form to sign in as another account.
pub(super) async fn login_form(reader: Reader) -> Html<String> {
    Html(login_page(None, reader.0.as_ref()))
}

#[derive(serde::Deserialize)]
pub(super) struct Login {
    name: String,
    password: String,
}

/// Counts an attempt for `key` before its password is checked; false when
/// the name has had its share.
fn admit(app: &Shared, key: &str) -> bool {
    let mut failures = app.failures.lock().unwrap_or_else(|e| e.into_inner());
    if failures.len() >= FAILURES_KEPT {
        failures.retain(|_, (_, since)| since.elapsed() <= FAILURE_WINDOW);
    }
    let entry = failures
        .entry(key.to_string())
        .or_insert((0, Instant::now()));
    if entry.1.elapsed() > FAILURE_WINDOW {
        *entry = (0, Instant::now());
    }
    if entry.0 >= MAX_FAILURES {
        return false;
    }
    entry.0 += 1;
    true
}

pub(super) async fn login(
    State(app): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<Login>,
) -> WebResult<Response> {
    if !same_origin(&headers, app.secure_cookies) {
        return Err(WebError::forbidden("this form must be sent from this site"));
    }
    let key = form.name.trim().to_lowercase();
    if !admit(&app, &key) {
        return Ok((
            StatusCode::TOO_MANY_REQUESTS,
            Html(login_page(
                Some("Too many failed logins for this account: try again in 15 minutes."),
                None,
            )),
        )
            .into_response());
    }
    let stored = app.read(|s| s.account(form.name.trim()))?;
    // An unknown name costs the same check as a known one.
    let hash = stored
        .as_ref()
        .map_or_else(|| app.dummy_hash.clone(), |a| a.password_hash.clone());
    let matches = password_matches(form.password, hash).await;
    let Some(stored) = stored.filter(|_| matches) else {
        return Ok((
            StatusCode::UNAUTHORIZED,
            Html(login_page(
                Some("The account name or the password is wrong."),
                None,
            )),
        )
            .into_response());
    };
    app.failures
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&key);
    let (token, csrf) = (accounts::token(), accounts::token());
    app.write(|s| {
        s.open_session(
            &digest(&token),
            &stored.account.name,
            &csrf,
            now() + SESSION_SECONDS,
        )
    })?;
    let home = match &stored.account.state {
        Some(state) => format!("/states/{state}"),
        None => "/".to_string(),
    };
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, cookie(&app, &token, SESSION_SECONDS)),
            (header::LOCATION, home),
        ],
    )
        .into_response())
}

/// A form that carries nothing but the session's secret.
#[derive(serde::Deserialize)]
pub(super) struct Nothing {}

pub(super) async fn logout(
    State(app): State<Shared>,
    CsrfForm { who, .. }: CsrfForm<Nothing>,
) -> WebResult<Response> {
    app.write(|s| s.close_session(&digest(&who.token)))?;
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, cookie(&app, "", 0)),
            (header::LOCATION, "/".to_string()),
        ],
    )
        .into_response())
}

/// The secretariat's page of accounts: who has one, and a form to add one.
pub(super) async fn accounts_page(
    State(app): State<Shared>,
    Secretariat(who): Secretariat,
    Query(flashed): Query<Flashed>,
) -> WebResult<Html<String>> {
    let list = app.read(|s| s.accounts())?;
    let csrf = &who.csrf;
    let rows = list
        .iter()
        .map(|a| {
            // One does not remove one's own account: another member of the
            // secretariat does, so that someone is always left to manage them.
            let remove = if a.name == who.account.name {
                html! { "you" }
            } else {
                let label = format!("Remove the account {}", a.name);
                view::button_form(
                    &format!("/accounts/{}/remove", a.name),
                    csrf,
                    &[],
                    html! { button type="submit" aria-label=(label) { "Remove" } },
                )
            };
            vec![
                html! { (a.name) },
                html! { (a.role.code().replace('_', " ")) },
                html! { (a.state.as_deref().unwrap_or("")) },
                remove,
            ]
        })
        .collect();
    let table = view::Table {
        caption: "Accounts",
        columns: vec![
            ("Account", false),
            ("Role", false),
            ("State", false),
            ("Remove", false),
        ],
        rows,
    };
    let main = html! {
        (view::flash(flashed.done()))
        (view::table(&table))
        h2 { "Add an account" }
        (view::post_form("/accounts", csrf, Some("Add an account"), add_account_fields()))
    };
    Ok(view::layout("Accounts", Some(&who), main))
}

fn add_account_fields() -> Markup {
    html! {
        label { "Account" input name="name" required maxlength="64"; }
        label { "Role" select name="role" {
            option value="secretariat" { "secretariat" }
            option value="focal_point" { "focal point" }
            option value="provider" { "provider" }
        } }
        label { "State (focal points)" input name="state" placeholder="VNM"; }
        label { "First password" input name="password" type="password" minlength="10" autocomplete="new-password" required; }
        button type="submit" { "Add" }
    }
}

#[derive(serde::Deserialize)]
pub(super) struct NewAccount {
    name: String,
    role: String,
    #[serde(default)]
    state: String,
    password: String,
}

fn to_accounts(done: Done) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, done.query("/accounts"))],
    )
        .into_response()
}

pub(super) async fn add_account(
    State(app): State<Shared>,
    Secretariat(_): Secretariat,
    CsrfForm { who, form }: CsrfForm<NewAccount>,
) -> WebResult<Response> {
    let Some(role) = accounts::Role::from_code(&form.role) else {
        return Err(WebError::bad(format!("role: `{}` is no role", form.role)));
    };
    let snapshot = app.snapshot();
    let wanted = Account {
        name: form.name,
        role,
        state: Some(form.state.trim().to_string()).filter(|s| !s.is_empty()),
    };
    let account = accounts::check(&wanted, |s| {
        snapshot
            .reference
            .find_state(s)
            .map(|id| snapshot.reference.state(id).code.clone())
    })
    .map_err(|e| WebError::bad(e.to_string().replace("--state", "state")))?;
    let hash = hash_password(form.password)
        .await
        .map_err(|e| WebError::bad(format!("password: {e}")))?;
    match app.write(|s| s.add_account_by(super::portal::author(&who.account), &account, &hash)) {
        Ok(()) => Ok(to_accounts(Done::AccountAdded)),
        Err(crate::error::Error::Usage(e)) => Err(WebError::conflict(e)),
        Err(e) => Err(e.into()),
    }
}

/// The secretariat removes an account: its sessions and tokens end at once.
pub(super) async fn remove_account(
    State(app): State<Shared>,
    Secretariat(_): Secretariat,
    Path(name): Path<String>,
    CsrfForm { who, .. }: CsrfForm<Nothing>,
) -> WebResult<Response> {
    if who.account.name == name {
        return Err(WebError::conflict(
            "you cannot remove your own account: ask another member of the secretariat",
        ));
    }
    let by = super::portal::author(&who.account);
    if app.write(|s| s.remove_account(by, &name))? {
        Ok(to_accounts(Done::AccountRemoved))
    } else {
        Err(WebError::not_found(format!("no account `{name}`")))
    }
}

/// The form to change one's password; `said` is what the last attempt
/// came to: `(role, message)`, an alert or a status.
fn password_page(who: &Session, said: Option<(&str, &str)>) -> String {
    let main = html! {
        @if let Some((role, m)) = said { (view::message(role, m)) }
        (view::post_form("/password", &who.csrf, None, html! {
            input type="text" name="name" value=(who.account.name) autocomplete="username" hidden;
            label { "Current password" input type="password" name="current" autocomplete="current-password" required; }
            label { "New password (at least 10 characters)" input type="password" name="new" minlength="10" autocomplete="new-password" required; }
            button type="submit" { "Change the password" }
        }))
    };
    view::page("Your password", Some(who), main)
}

pub(super) async fn password_form(SignedIn(who): SignedIn) -> Html<String> {
    Html(password_page(&who, None))
}

#[derive(serde::Deserialize)]
pub(super) struct PasswordChange {
    current: String,
    new: String,
}

/// Everyone changes their own password, giving the current one; every
/// other session of the account ends.
pub(super) async fn change_password(
    State(app): State<Shared>,
    CsrfForm { who, form }: CsrfForm<PasswordChange>,
) -> WebResult<Response> {
    let Some(stored) = app.read(|s| s.account(&who.account.name))? else {
        return Err(WebError::unauthorized("no such account"));
    };
    if !password_matches(form.current, stored.password_hash).await {
        return Ok((
            StatusCode::FORBIDDEN,
            Html(password_page(
                &who,
                Some(("alert", "The current password is not right.")),
            )),
        )
            .into_response());
    }
    let hash = match hash_password(form.new).await {
        Ok(h) => h,
        Err(e) => {
            return Ok((
                StatusCode::BAD_REQUEST,
                Html(password_page(&who, Some(("alert", &format!("new: {e}"))))),
            )
                .into_response());
        }
    };
    let by = super::portal::author(&who.account);
    let keep = digest(&who.token);
    app.write(|s| s.set_password(by, &who.account.name, &hash, Some(&keep)))?;
    Ok(Html(password_page(
        &who,
        Some(("status", Done::Password.message())),
    ))
    .into_response())
}
