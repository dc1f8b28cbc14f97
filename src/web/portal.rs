//! The signed-in side of the portal: login and sessions, a State's records
//! as each role may see them, marking needs as being addressed, and the log
//! of changes.
//!
//! Sessions live in the store (a random token in an `HttpOnly`,
//! `SameSite=Strict` cookie, `Secure` behind TLS; the store keeps only its
//! digest); scripts use API tokens instead; every form carries the
//! session's own secret, checked on each POST; failed logins are counted per
//! account name and refused for a while after five. What a page shows of a
//! State's records is decided by `accounts`, never here.

use std::fmt::Write;
use std::time::{Duration, Instant};

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use super::{Refusal, Shared, Snapshot, bad, page};
use crate::accounts::{self, Account, Origin};
use crate::cli::now;
use crate::records::{Source, Sources};
use crate::report::html::esc;
use crate::store::{Hit, NeedKey, digest};

const COOKIE: &str = "tana_session";
const SESSION_SECONDS: i64 = 8 * 3600;
const MAX_FAILURES: u32 = 5;
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

pub(crate) fn refuse(status: StatusCode, reason: impl Into<String>, html: bool) -> Response {
    Refusal {
        status,
        reason: reason.into(),
        html,
    }
    .into_response()
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

/// The account of an API token (`Authorization: Bearer …`), and of
/// nothing else: what scripts that write use.
pub(crate) fn bearer_account(app: &Shared, headers: &HeaderMap) -> Option<Account> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))?;
    app.with_store(|s| s.token_account(&digest(bearer.trim())))
        .ok()?
}

/// The signed-in account, its form secret and its session token: from the
/// session cookie, or from an API token (`Authorization: Bearer …`), which
/// reads but sends no form.
pub(crate) fn current(app: &Shared, headers: &HeaderMap) -> Option<(Account, String, String)> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "));
    if bearer {
        return bearer_account(app, headers).map(|a| (a, accounts::token(), String::new()));
    }
    let token = cookie_token(headers)?;
    let found = app
        .with_store(|s| s.session(&digest(&token), now()))
        .ok()??;
    Some((found.0, found.1, token))
}

/// A browser's form must come from this site: an `Origin` header, when
/// sent, names this host.
fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        None => true,
        Some(origin) => {
            host.is_some_and(|h| origin.split_once("://").map(|(_, rest)| rest) == Some(h))
        }
    }
}

/// After a change: the records read again, and the State's page shown.
pub(crate) fn reload_and_show(app: &Shared, state: &str) -> Response {
    if let Err(e) = app.reload() {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), true);
    }
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("/states/{state}"))],
    )
        .into_response()
}

/// A change by `who`, now, as the log of changes keeps it.
pub(crate) fn author(who: &Account) -> crate::store::Author<'_> {
    crate::store::Author {
        who: &who.name,
        at: now(),
    }
}

/// The account behind a form about one State's records, and the State's
/// code: signed in with the session's secret (401, 403), a State party
/// (404), and allowed by `may`, asked of the account and the State's code
/// (403, saying `refused`).
pub(crate) fn signed_for_state(
    app: &Shared,
    headers: &HeaderMap,
    csrf: &str,
    code: &str,
    may: impl Fn(&Account, &str) -> bool,
    refused: &str,
) -> Result<(Account, String), Refusal> {
    let who = signed_form(app, headers, csrf, "log in to change a record")?;
    let s = app.snapshot();
    let Some(id) = s.reference.find_state(code) else {
        return Err(Refusal {
            status: StatusCode::NOT_FOUND,
            reason: format!("`{code}` is no State party"),
            html: true,
        });
    };
    let state = s.reference.state(id).code.clone();
    if !may(&who, &state) {
        return Err(Refusal {
            status: StatusCode::FORBIDDEN,
            reason: refused.to_string(),
            html: true,
        });
    }
    Ok((who, state))
}

/// The account behind a POSTed form (as [`signed_form`]), allowed by
/// `may` (else 403, saying `refused`).
pub(crate) fn signed_form_of(
    app: &Shared,
    headers: &HeaderMap,
    form_csrf: &str,
    what: &str,
    may: impl Fn(&Account) -> bool,
    refused: &str,
) -> Result<Account, Refusal> {
    let who = signed_form(app, headers, form_csrf, what)?;
    if !may(&who) {
        return Err(Refusal {
            status: StatusCode::FORBIDDEN,
            reason: refused.to_string(),
            html: true,
        });
    }
    Ok(who)
}

/// The account behind a POSTed form: signed in, with the session's own
/// secret in the form, sent from this site.
pub(crate) fn signed_form(
    app: &Shared,
    headers: &HeaderMap,
    form_csrf: &str,
    what: &str,
) -> Result<Account, Refusal> {
    signed_session(app, headers, form_csrf, what).map(|(who, _, _)| who)
}

/// The session behind a POSTed form (as [`signed_form`] checks it): the
/// account, its form secret and its token.
fn signed_session(
    app: &Shared,
    headers: &HeaderMap,
    form_csrf: &str,
    what: &str,
) -> Result<(Account, String, String), Refusal> {
    let refusal = |status, reason: &str| Refusal {
        status,
        reason: reason.to_string(),
        html: true,
    };
    let Some(session) = current(app, headers) else {
        return Err(refusal(StatusCode::UNAUTHORIZED, what));
    };
    if form_csrf != session.1 || !same_origin(headers) {
        return Err(refusal(
            StatusCode::FORBIDDEN,
            "this form has expired: reload the page",
        ));
    }
    Ok(session)
}

fn cookie(app: &Shared, value: &str, max_age: i64) -> String {
    format!(
        "{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{}",
        if app.secure_cookies { "; Secure" } else { "" }
    )
}

/// The login form, after what the last attempt came to, or after who is
/// signed in already.
fn login_page(message: Option<&str>, who: Option<&(Account, String, String)>) -> String {
    let mut body = who.map(|w| who_line(Some(w))).unwrap_or_default();
    if let Some(m) = message {
        let _ = writeln!(body, "<p role=\"alert\">{}</p>", esc(m));
    }
    body.push_str(
        "<form class=\"sample\" method=\"post\" action=\"/login\">\n<label>Account<input name=\"name\" autocomplete=\"username\" required></label>\n<label>Password<input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>\n<button type=\"submit\">Log in</button>\n</form>\n",
    );
    page("Log in", &body)
}

/// The login form; to someone signed in already, who they are, their
/// work and the way out, with the form to sign in as another account.
pub async fn login_form(State(app): State<Shared>, headers: HeaderMap) -> Response {
    let who = current(&app, &headers);
    Html(login_page(None, who.as_ref())).into_response()
}

#[derive(serde::Deserialize)]
pub struct Login {
    name: String,
    password: String,
}

pub async fn login(
    State(app): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<Login>,
) -> Response {
    if !same_origin(&headers) {
        return refuse(
            StatusCode::FORBIDDEN,
            "this form must be sent from this site",
            true,
        );
    }
    let key = form.name.trim().to_lowercase();
    {
        let mut failures = app.failures.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((n, since)) = failures.get(&key).copied() {
            if since.elapsed() > FAILURE_WINDOW {
                failures.remove(&key);
            } else if n >= MAX_FAILURES {
                return (
                    StatusCode::TOO_MANY_REQUESTS,
                    Html(login_page(
                        Some("Too many failed logins for this account: try again in 15 minutes."),
                        None,
                    )),
                )
                    .into_response();
            }
        }
    }
    let stored = app
        .with_store(|s| s.account(form.name.trim()))
        .ok()
        .flatten();
    let Some(stored) =
        stored.filter(|a| accounts::password_matches(&form.password, &a.password_hash))
    else {
        let mut failures = app.failures.lock().unwrap_or_else(|e| e.into_inner());
        let entry = failures.entry(key).or_insert((0, Instant::now()));
        entry.0 += 1;
        return (
            StatusCode::UNAUTHORIZED,
            Html(login_page(
                Some("The account name or the password is wrong."),
                None,
            )),
        )
            .into_response();
    };
    app.failures
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&key);
    let (token, csrf) = (accounts::token(), accounts::token());
    let opened = app.with_store(|s| {
        s.open_session(
            &digest(&token),
            &stored.account.name,
            &csrf,
            now() + SESSION_SECONDS,
        )
    });
    if let Err(e) = opened {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), true);
    }
    let home = match &stored.account.state {
        Some(state) => format!("/states/{state}"),
        None => "/".to_string(),
    };
    (
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, cookie(&app, &token, SESSION_SECONDS)),
            (header::LOCATION, home),
        ],
    )
        .into_response()
}

/// A form that carries nothing but the session's secret.
#[derive(serde::Deserialize)]
pub struct Csrf {
    csrf: String,
}

impl Csrf {
    pub(crate) fn csrf(&self) -> &str {
        &self.csrf
    }
}

pub async fn logout(
    State(app): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<Csrf>,
) -> Response {
    let Some((_, csrf, token)) = current(&app, &headers) else {
        return refuse(StatusCode::UNAUTHORIZED, "not logged in", true);
    };
    if form.csrf != csrf {
        return refuse(
            StatusCode::FORBIDDEN,
            "this form has expired: reload the page",
            true,
        );
    }
    let _ = app.with_store(|s| s.close_session(&digest(&token)));
    (
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, cookie(&app, "", 0)),
            (header::LOCATION, "/".to_string()),
        ],
    )
        .into_response()
}

/// One need as a reader may see it.
#[derive(Serialize)]
pub struct VisibleNeed {
    pub(crate) cycle: u8,
    pub(crate) article: u8,
    #[serde(rename = "type")]
    pub(crate) need_type: String,
    pub(crate) type_label: String,
    /// The documents, among those the reader may read, that name the need.
    sources: Vec<&'static str>,
    pub(crate) addressed: bool,
    texts: Vec<VisibleText>,
}

#[derive(Serialize)]
pub struct VisibleText {
    source: Option<&'static str>,
    paragraph: String,
    text: String,
    addressed_by: String,
}

/// The needs of a State that `who` may see: those named in a document the
/// reader may read, with the words of those documents only.
pub(crate) fn visible_needs(
    s: &Snapshot,
    who: Option<&Account>,
    code: &str,
) -> Option<Vec<VisibleNeed>> {
    let id = s.reference.find_state(code)?;
    let mut out = Vec::new();
    for (ri, review) in s.registry.reviews.iter().enumerate() {
        if review.state == id {
            visible_needs_of_review(s, who, ri, &mut out);
        }
    }
    Some(out)
}

/// The needs of one review (by position) that `who` may see, added to `out`.
pub(crate) fn visible_needs_of_review(
    s: &Snapshot,
    who: Option<&Account>,
    ri: usize,
    out: &mut Vec<VisibleNeed>,
) {
    let review = &s.registry.reviews[ri];
    let code = &s.reference.state(review.state).code;
    let readable = accounts::readable_sources(who, code, review);
    let types = s.reference.types(review.cycle);
    for &ni in &s.needs_of_review[ri] {
        let need = &s.registry.needs[ni as usize];
        if !accounts::may_read_need(who, code, review, need.sources) {
            continue;
        }
        let origin =
            |t: &crate::records::NeedText| t.source.map_or(Origin::Unknown, Origin::Document);
        let texts = s.texts_of_need[ni as usize]
            .iter()
            .map(|&ti| &s.registry.need_texts[ti as usize])
            .filter(|t| {
                accounts::may_read_text(
                    who,
                    code,
                    review.published,
                    review.shared_with_providers,
                    origin(t),
                )
            })
            .map(|t| VisibleText {
                source: t.source.map(Source::code),
                paragraph: t.paragraph.clone(),
                text: t.text.clone(),
                addressed_by: t.addressed_by.clone(),
            })
            .collect();
        let t = &types[need.need_type as usize];
        out.push(VisibleNeed {
            cycle: review.cycle,
            article: need.article,
            need_type: t.code.clone(),
            type_label: t.label.clone(),
            sources: Sources(need.sources.0 & readable.0)
                .iter()
                .map(Source::code)
                .collect(),
            addressed: need.addressed,
            texts,
        });
    }
}

pub(crate) fn who_line(who: Option<&(Account, String, String)>) -> String {
    match who {
        Some((a, csrf, _)) => format!(
            "<form method=\"post\" action=\"/logout\" class=\"who\">Logged in as {} ({}{}) <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><button type=\"submit\">Log out</button></form>\n<nav aria-label=\"Your work\" class=\"work\">{}</nav>\n",
            esc(&a.name),
            a.role.code().replace('_', " "),
            a.state
                .as_deref()
                .map(|s| format!(" of {s}"))
                .unwrap_or_default(),
            work_links(a)
        ),
        None => {
            "<p><a href=\"/login\">Log in</a> to see more of the records you work on.</p>\n".into()
        }
    }
}

/// Links to the pages of a role's work.
fn work_links(a: &Account) -> String {
    let mut links = Vec::new();
    if let Some(state) = &a.state {
        links.push(format!("<a href=\"/states/{0}\">{0}</a>", esc(state)));
    }
    links.push("<a href=\"/assistance\">Assistance</a>".to_string());
    links.push("<a href=\"/password\">Password</a>".to_string());
    if a.role == accounts::Role::Secretariat {
        links.push("<a href=\"/import\">Import</a>".to_string());
        links.push("<a href=\"/accounts\">Accounts</a>".to_string());
    }
    links.join(" ")
}

pub async fn state_page(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let s = app.snapshot();
    let who = current(&app, &headers);
    let account = who.as_ref().map(|w| &w.0);
    let Some(needs) = visible_needs(&s, account, &code) else {
        return refuse(
            StatusCode::NOT_FOUND,
            format!("`{code}` is no State party"),
            true,
        );
    };
    let id = s.reference.find_state(&code).expect("found above");
    let state = s.reference.state(id);
    let mut body = who_line(who.as_ref());
    let editable = accounts::may_mark_addressed(account, &state.code);
    if account.is_some_and(|a| a.role == accounts::Role::Secretariat) {
        let csrf = who.as_ref().map(|w| w.1.as_str()).unwrap_or("");
        for review in s.registry.reviews.iter().filter(|r| r.state == id) {
            let _ = write!(
                body,
                "<form class=\"sample\" method=\"post\" action=\"/states/{code}/review\" aria-label=\"Review of cycle {cycle}\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><input type=\"hidden\" name=\"cycle\" value=\"{cycle}\"><strong>Review, cycle {cycle}</strong><label>Finished on<input type=\"date\" name=\"completed\" value=\"{}\"></label><fieldset><legend>Published</legend>",
                review.completed.map(|d| d.to_string()).unwrap_or_default(),
                code = esc(&state.code),
                cycle = review.cycle,
            );
            for src in review.documents.iter() {
                let _ = write!(
                    body,
                    "<label><input type=\"checkbox\" name=\"{}\"{}> {}</label> ",
                    src.code(),
                    if review.published.contains(src) {
                        " checked"
                    } else {
                        ""
                    },
                    src.label()
                );
            }
            body.push_str("</fieldset><button type=\"submit\">Save the review</button></form>\n");
        }
    }
    super::assistance::sharing_forms(&s, who.as_ref(), &state.code, id, &mut body);
    let edits_words = accounts::is_secretariat(account);
    if needs.is_empty() {
        body.push_str("<p>No record of this State party is open to you: it has published none, or none is held.</p>\n");
    } else {
        body.push_str("<table>\n<caption>Technical assistance needs</caption>\n<thead><tr><th scope=\"col\">Cycle</th><th scope=\"col\">Article</th><th scope=\"col\">Type of need</th><th scope=\"col\">Named in</th><th scope=\"col\">What the documents say</th><th scope=\"col\">Being addressed</th></tr></thead>\n<tbody>\n");
        for n in &needs {
            let mut words: Vec<String> = n
                .texts
                .iter()
                .filter(|t| !t.text.is_empty())
                .map(|t| esc(&t.text))
                .collect();
            if edits_words {
                let csrf = who.as_ref().map(|w| w.1.as_str()).unwrap_or("");
                words.push(words_editor(n, &state.code, csrf));
            }
            let addressed = if editable {
                let csrf = who.as_ref().map(|w| w.1.as_str()).unwrap_or("");
                format!(
                    "<form method=\"post\" action=\"/states/{code}/addressed\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><input type=\"hidden\" name=\"cycle\" value=\"{}\"><input type=\"hidden\" name=\"article\" value=\"{}\"><input type=\"hidden\" name=\"type\" value=\"{}\"><label><input type=\"checkbox\" name=\"addressed\"{}> being addressed</label> <label>by <input name=\"by\" size=\"10\"></label> <button type=\"submit\">Save</button></form>",
                    n.cycle,
                    n.article,
                    esc(&n.need_type),
                    if n.addressed { " checked" } else { "" },
                    code = esc(&state.code)
                )
            } else if n.addressed {
                "yes".into()
            } else {
                "no".into()
            };
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{addressed}</td></tr>",
                n.cycle,
                if n.article == 0 {
                    "none".to_string()
                } else {
                    n.article.to_string()
                },
                esc(&n.type_label),
                n.sources.join(", ").replace('_', " "),
                words.join("<br>")
            );
        }
        body.push_str("</tbody>\n</table>\n");
    }
    super::assistance::assistance_section(&app, who.as_ref(), &state.code, &needs, &mut body);
    proposals_section(&app, &s, who.as_ref(), &state.code, id, &mut body);
    Html(page(&format!("{} ({})", state.name, state.code), &body)).into_response()
}

/// The secretariat's forms to change what each document says of a need.
fn words_editor(n: &VisibleNeed, code: &str, csrf: &str) -> String {
    let mut out = String::from("<details><summary>Edit the words</summary>");
    for src in &n.sources {
        let Some(source) = Source::parse(src) else {
            continue;
        };
        let current = n.texts.iter().find(|t| t.source == Some(source.code()));
        let _ = write!(
            out,
            "<form method=\"post\" action=\"/states/{code}/needs/text\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><input type=\"hidden\" name=\"cycle\" value=\"{}\"><input type=\"hidden\" name=\"article\" value=\"{}\"><input type=\"hidden\" name=\"type\" value=\"{}\"><input type=\"hidden\" name=\"source\" value=\"{}\"><label>Paragraph of the {label}<input name=\"paragraph\" maxlength=\"50\" value=\"{}\"></label><label>What the {label} says<textarea name=\"text\" maxlength=\"4000\" rows=\"2\">{}</textarea></label><button type=\"submit\">Save the words</button></form>",
            n.cycle,
            n.article,
            esc(&n.need_type),
            source.code(),
            esc(current.map_or("", |t| t.paragraph.as_str())),
            esc(current.map_or("", |t| t.text.as_str())),
            code = esc(code),
            label = source.label(),
        );
    }
    let _ = write!(
        out,
        "<form method=\"post\" action=\"/states/{code}/needs/remove\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><input type=\"hidden\" name=\"cycle\" value=\"{}\"><input type=\"hidden\" name=\"article\" value=\"{}\"><input type=\"hidden\" name=\"type\" value=\"{}\"><button type=\"submit\">Remove this need</button></form>",
        n.cycle,
        n.article,
        esc(&n.need_type),
        code = esc(code),
    );
    out.push_str("</details>");
    out
}

#[derive(serde::Deserialize)]
pub struct NeedOnly {
    csrf: String,
    cycle: u8,
    article: u8,
    #[serde(rename = "type")]
    need_type: String,
}

/// The secretariat removes a need entered by mistake; a need against
/// which assistance is recorded stays, so that no record points nowhere.
pub async fn remove_need(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(form): Form<NeedOnly>,
) -> Response {
    let (who, state) = match signed_for_state(
        &app,
        &headers,
        &form.csrf,
        &code,
        |a, _| accounts::is_secretariat(Some(a)),
        "only the secretariat removes needs",
    ) {
        Ok(v) => v,
        Err(r) => return r.into_response(),
    };
    let key = NeedKey {
        state,
        cycle: form.cycle,
        article: form.article,
        need_type: form.need_type,
    };
    if !may_read_need_named(&app.snapshot(), &who, &key) {
        return no_such_need();
    }
    let helped = match app.with_store(|st| st.assistance(Some(&key.state))) {
        Ok(all) => all.iter().any(|a| a.need == key),
        Err(e) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), true),
    };
    if helped {
        return refuse(
            StatusCode::CONFLICT,
            "assistance is recorded against this need: it stays",
            true,
        );
    }
    let by = author(&who);
    match app.with_store(|st| st.remove_need(by, &key)) {
        Ok(true) => reload_and_show(&app, &key.state),
        Ok(false) => no_such_need(),
        Err(e) => refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), true),
    }
}

#[derive(serde::Deserialize)]
pub struct NeedWords {
    csrf: String,
    cycle: u8,
    article: u8,
    #[serde(rename = "type")]
    need_type: String,
    source: String,
    #[serde(default)]
    paragraph: String,
    #[serde(default)]
    text: String,
}

/// The secretariat changes what one document says of a need.
pub async fn edit_need_text(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(form): Form<NeedWords>,
) -> Response {
    let (who, state) = match signed_for_state(
        &app,
        &headers,
        &form.csrf,
        &code,
        |a, _| accounts::is_secretariat(Some(a)),
        "only the secretariat edits the words of a need; focal points propose them",
    ) {
        Ok(v) => v,
        Err(r) => return r.into_response(),
    };
    let Some(source) = Source::parse(&form.source) else {
        return bad(
            format!("source: `{}` is no document of a review", form.source),
            true,
        )
        .into_response();
    };
    if form.paragraph.chars().count() > 50 {
        return bad("paragraph: at most 50 characters", true).into_response();
    }
    if form.text.chars().count() > 4000 {
        return bad("text: at most 4,000 characters", true).into_response();
    }
    let key = NeedKey {
        state: state.clone(),
        cycle: form.cycle,
        article: form.article,
        need_type: form.need_type,
    };
    if !may_read_need_named(&app.snapshot(), &who, &key) {
        return no_such_need();
    }
    let by = author(&who);
    match app.with_store(|st| {
        st.edit_need_text(by, &key, source, form.paragraph.trim(), form.text.trim())
    }) {
        Ok(true) => reload_and_show(&app, &state),
        Ok(false) => refuse(
            StatusCode::NOT_FOUND,
            format!("no such need is named in the {}", source.label()),
            true,
        ),
        Err(e) => refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), true),
    }
}

/// The focal point's form to propose a need, and the proposals, with the
/// secretariat's buttons to accept or reject them.
fn proposals_section(
    app: &Shared,
    s: &Snapshot,
    who: Option<&(Account, String, String)>,
    code: &str,
    id: crate::reference::StateId,
    body: &mut String,
) {
    let Some((account, csrf, _)) = who else {
        return;
    };
    if !accounts::sees_all_of(Some(account), code) {
        return;
    }
    let is_focal_point = account.role == accounts::Role::FocalPoint;
    let is_secretariat = account.role == accounts::Role::Secretariat;
    if is_focal_point {
        let cycles: Vec<u8> = s
            .registry
            .reviews
            .iter()
            .filter(|r| r.state == id)
            .map(|r| r.cycle)
            .collect();
        if let Some(&cycle) = cycles.first() {
            let _ = write!(
                body,
                "<h2>Propose a need</h2>\n<form class=\"sample\" method=\"post\" action=\"/states/{code}/proposals\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><input type=\"hidden\" name=\"cycle\" value=\"{cycle}\"><label>Article (0: none)<input name=\"article\" type=\"number\" min=\"0\" max=\"255\" required></label><label>Type of need<select name=\"type\">"
            );
            for t in s.reference.types(cycle) {
                let _ = write!(
                    body,
                    "<option value=\"{}\">{}</option>",
                    esc(&t.code),
                    esc(&t.label)
                );
            }
            body.push_str("</select></label><label>Document<select name=\"source\">");
            for src in Source::ALL {
                let _ = write!(
                    body,
                    "<option value=\"{}\">{}</option>",
                    src.code(),
                    src.label()
                );
            }
            body.push_str("</select></label><label>What it says<textarea name=\"text\" maxlength=\"1000\" rows=\"2\"></textarea></label><button type=\"submit\">Propose</button></form>\n");
        }
    }
    let proposals = app.with_store(|st| st.proposals(code)).unwrap_or_default();
    if proposals.is_empty() {
        return;
    }
    body.push_str("<h2>Proposals</h2>\n<ul class=\"proposals\">\n");
    for p in &proposals {
        let _ = write!(
            body,
            "<li>{} proposes article {}, {}: {} <em>({})</em>",
            esc(&p.who),
            p.need.article,
            esc(&p.need.need_type.replace('_', " ")),
            esc(&p.text),
            esc(&p.status)
        );
        if is_secretariat && p.status == "pending" {
            for (decision, label) in [("accept", "Accept"), ("reject", "Reject")] {
                let _ = write!(
                    body,
                    " <form method=\"post\" action=\"/proposals/{}\" style=\"display:inline\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><input type=\"hidden\" name=\"decision\" value=\"{decision}\"><button type=\"submit\">{label}</button></form>",
                    p.id
                );
            }
        }
        body.push_str("</li>\n");
    }
    body.push_str("</ul>\n");
}

#[derive(serde::Deserialize)]
pub struct NeedProposal {
    csrf: String,
    cycle: u8,
    article: u8,
    #[serde(rename = "type")]
    need_type: String,
    source: String,
    #[serde(default)]
    text: String,
}

/// A focal point proposes a need of its State.
pub async fn propose(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(form): Form<NeedProposal>,
) -> Response {
    let (who, state) = match signed_for_state(
        &app,
        &headers,
        &form.csrf,
        &code,
        |a, s| a.role == accounts::Role::FocalPoint && a.state.as_deref() == Some(s),
        "only the State's focal points propose changes to its records",
    ) {
        Ok(v) => v,
        Err(r) => return r.into_response(),
    };
    let s = app.snapshot();
    let reviewed = s.reference.cycle_chapters(form.cycle);
    let article_ok = form.article == 0
        || s.reference
            .chapter_of(form.article)
            .is_some_and(|c| reviewed.contains(&c));
    if !article_ok {
        return bad(
            format!(
                "article: article {} is not reviewed in cycle {}",
                form.article, form.cycle
            ),
            true,
        )
        .into_response();
    }
    if !s
        .reference
        .types(form.cycle)
        .iter()
        .any(|t| t.code == form.need_type)
    {
        return bad(
            format!(
                "type: `{}` is no type of need of cycle {}",
                form.need_type, form.cycle
            ),
            true,
        )
        .into_response();
    }
    let Some(source) = Source::parse(&form.source) else {
        return bad(
            format!("source: `{}` is no document of a review", form.source),
            true,
        )
        .into_response();
    };
    if form.text.chars().count() > 1000 {
        return bad("text: at most 1,000 characters", true).into_response();
    }
    let proposal = crate::store::Proposal {
        id: 0,
        at: now(),
        who: who.name,
        need: NeedKey {
            state: state.clone(),
            cycle: form.cycle,
            article: form.article,
            need_type: form.need_type,
        },
        source,
        text: form.text.trim().to_string(),
        status: "pending".into(),
    };
    match app.with_store(|st| st.propose_need(&proposal)) {
        Ok(_) => (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, format!("/states/{state}"))],
        )
            .into_response(),
        Err(e) => refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), true),
    }
}

#[derive(serde::Deserialize)]
pub struct Decision {
    csrf: String,
    decision: String,
}

/// The secretariat accepts or rejects a proposal.
pub async fn decide(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<Decision>,
) -> Response {
    let who = match signed_form_of(
        &app,
        &headers,
        &form.csrf,
        "log in to decide on a proposal",
        |a| accounts::is_secretariat(Some(a)),
        "only the secretariat accepts proposals",
    ) {
        Ok(who) => who,
        Err(r) => return r.into_response(),
    };
    let accept = match form.decision.as_str() {
        "accept" => true,
        "reject" => false,
        other => {
            return bad(
                format!("decision: `{other}` is neither accept nor reject"),
                true,
            )
            .into_response();
        }
    };
    match app.with_store(|st| st.decide_proposal(author(&who), id, accept)) {
        Ok(Some(p)) => {
            if let Err(e) = app.reload() {
                return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), true);
            }
            (
                StatusCode::SEE_OTHER,
                [(header::LOCATION, format!("/states/{}", p.need.state))],
            )
                .into_response()
        }
        Ok(None) => refuse(StatusCode::NOT_FOUND, "no such proposal waits", true),
        // A proposal that cannot enter the records (no review) conflicts
        // with them; anything else is the server's fault.
        Err(e @ crate::error::Error::Usage(_)) => refuse(StatusCode::CONFLICT, e.to_string(), true),
        Err(e) => refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), true),
    }
}

#[derive(serde::Deserialize)]
pub struct Addressed {
    csrf: String,
    cycle: u8,
    article: u8,
    #[serde(rename = "type")]
    need_type: String,
    addressed: Option<String>,
    #[serde(default)]
    by: String,
}

pub async fn mark_addressed(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(form): Form<Addressed>,
) -> Response {
    let (who, state) = match signed_for_state(
        &app,
        &headers,
        &form.csrf,
        &code,
        |a, s| accounts::may_mark_addressed(Some(a), s),
        "your account may not change this State's records",
    ) {
        Ok(v) => v,
        Err(r) => return r.into_response(),
    };
    if form.by.len() > 200 {
        return bad("by: at most 200 characters", true).into_response();
    }
    let key = NeedKey {
        state: state.clone(),
        cycle: form.cycle,
        article: form.article,
        need_type: form.need_type,
    };
    if !may_read_need_named(&app.snapshot(), &who, &key) {
        return no_such_need();
    }
    let done = app.with_store(|st| {
        st.mark_addressed(author(&who), &key, form.addressed.is_some(), form.by.trim())
    });
    match done {
        Ok(true) => reload_and_show(&app, &state),
        Ok(false) => no_such_need(),
        Err(e) => refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), true),
    }
}

/// The answer to a write about a need that does not exist, or that the
/// writer may not read: the same, so that trying cannot tell them apart.
pub(crate) fn no_such_need() -> Response {
    refuse(StatusCode::NOT_FOUND, "no such need", true)
}

/// Whether `who` may read the need `key` names: it exists, and one of its
/// documents (or its unknown one) is open to `who`. Every write about a
/// need asks this first.
pub(crate) fn may_read_need_named(s: &Snapshot, who: &Account, key: &NeedKey) -> bool {
    let Some(id) = s.reference.find_state(&key.state) else {
        return false;
    };
    s.registry.reviews.iter().enumerate().any(|(ri, review)| {
        review.state == id
            && review.cycle == key.cycle
            && s.needs_of_review[ri].iter().any(|&ni| {
                let need = &s.registry.needs[ni as usize];
                need.article == key.article
                    && s.reference
                        .types(review.cycle)
                        .get(need.need_type as usize)
                        .is_some_and(|t| t.code == key.need_type)
                    && accounts::may_read_need(Some(who), &key.state, review, need.sources)
            })
    })
}

pub async fn api_state_needs(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let s = app.snapshot();
    let who = current(&app, &headers);
    match visible_needs(&s, who.as_ref().map(|w| &w.0), &code) {
        Some(needs) => axum::Json(needs).into_response(),
        None => refuse(
            StatusCode::NOT_FOUND,
            format!("`{code}` is no State party"),
            false,
        ),
    }
}

pub async fn api_log(State(app): State<Shared>, headers: HeaderMap) -> Response {
    let who = current(&app, &headers);
    if who.is_none() {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "log in to read the log of changes",
            false,
        );
    }
    if !accounts::may_read_log(who.as_ref().map(|w| &w.0)) {
        return refuse(
            StatusCode::FORBIDDEN,
            "only the secretariat reads the log of changes",
            false,
        );
    }
    match app.with_store(|s| s.log()) {
        Ok(log) => axum::Json(log).into_response(),
        Err(e) => refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), false),
    }
}

#[derive(serde::Deserialize)]
pub struct Words {
    #[serde(default)]
    q: String,
}

/// What a search shows `who`: the hits of documents it may read.
fn search_for(app: &Shared, who: Option<&Account>, q: &str) -> Result<Vec<Hit>, String> {
    if q.chars().count() > 200 {
        return Err("q: at most 200 characters".into());
    }
    let readable = |h: &Hit| {
        accounts::may_read_text(
            who,
            &h.state,
            h.published,
            h.shared_with_providers,
            Origin::of_hit(&h.kind, h.source),
        )
    };
    app.with_store(|s| s.search(q, &readable, 0, 50))
        .map_err(|e| e.to_string())
}

pub async fn api_search(
    State(app): State<Shared>,
    headers: HeaderMap,
    Query(w): Query<Words>,
) -> Response {
    if w.q.trim().is_empty() {
        return refuse(
            StatusCode::BAD_REQUEST,
            "q: give the words to look for",
            false,
        );
    }
    let who = current(&app, &headers);
    match search_for(&app, who.as_ref().map(|w| &w.0), &w.q) {
        Ok(hits) => axum::Json(hits).into_response(),
        Err(e) => refuse(StatusCode::BAD_REQUEST, e, false),
    }
}

pub async fn search_page(
    State(app): State<Shared>,
    headers: HeaderMap,
    Query(w): Query<Words>,
) -> Response {
    let who = current(&app, &headers);
    let mut body = who_line(who.as_ref());
    let _ = writeln!(
        body,
        "<form class=\"sample\" method=\"get\" action=\"/search\" role=\"search\"><label>Words<input name=\"q\" value=\"{}\" maxlength=\"200\"></label><button type=\"submit\">Search</button></form>",
        esc(&w.q)
    );
    if !w.q.trim().is_empty() {
        let hits = match search_for(&app, who.as_ref().map(|w| &w.0), &w.q) {
            Ok(h) => h,
            Err(e) => return refuse(StatusCode::BAD_REQUEST, e, true),
        };
        let snapshot = app.snapshot();
        let _ = writeln!(
            body,
            "<p role=\"status\">{} found.</p>\n<ol class=\"hits\">",
            crate::report::words::counted(hits.len() as u32, "text", "texts")
        );
        for h in &hits {
            let state = snapshot
                .reference
                .find_state(&h.state)
                .map(|id| snapshot.reference.state(id).name.clone())
                .unwrap_or_else(|| h.state.clone());
            let _ = writeln!(
                body,
                "<li><strong>{}</strong>, {}, article {}: {} <span class=\"note\">({})</span></li>",
                esc(&state),
                h.kind.replace('_', " "),
                h.article,
                esc(&h.text),
                h.source.map_or("report", Source::code).replace('_', " ")
            );
        }
        body.push_str("</ol>\n");
    }
    Html(page(
        "Search the needs, challenges and good practices",
        &body,
    ))
    .into_response()
}

/// The largest file the upload takes.
pub const UPLOAD_LIMIT: usize = 8 * 1024 * 1024;

fn upload_form(csrf: &str) -> String {
    format!(
        "<form class=\"sample\" method=\"post\" action=\"/import\" enctype=\"multipart/form-data\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><label>A file of reviews, needs, challenges or good practices (CSV, XLSX or JSON, at most 8 MB)<input type=\"file\" name=\"file\" accept=\".csv,.xlsx,.xls,.ods,.json\" required></label><button type=\"submit\">Import</button></form>\n"
    )
}

pub async fn import_form(State(app): State<Shared>, headers: HeaderMap) -> Response {
    let who = current(&app, &headers);
    if let Some(r) = secretariat_page(
        who.as_ref(),
        "log in to import records",
        "only the secretariat imports records",
    ) {
        return r;
    }
    let csrf = who.as_ref().map(|w| w.1.as_str()).unwrap_or("");
    let body = who_line(who.as_ref()) + &upload_form(csrf);
    Html(page("Import records", &body)).into_response()
}

/// Takes a file in, with the same checks and the same row-by-row errors as
/// `tana import`; nothing is written when any row is bad.
pub async fn import_upload(
    State(app): State<Shared>,
    headers: HeaderMap,
    mut multipart: axum::extract::Multipart,
) -> Response {
    let who = current(&app, &headers);
    if let Some(r) = secretariat_page(
        who.as_ref(),
        "log in to import records",
        "only the secretariat imports records",
    ) {
        return r;
    }
    let (account, csrf, _) = who.expect("checked above");
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > UPLOAD_LIMIT) {
        return refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the file is larger than 8 MB: split it",
            true,
        );
    }
    let (mut form_csrf, mut file) = (String::new(), None);
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("csrf") => form_csrf = field.text().await.unwrap_or_default(),
                Some("file") => {
                    let name = field.file_name().unwrap_or("upload").to_string();
                    match field.bytes().await {
                        Ok(bytes) => file = Some((name, bytes)),
                        Err(e) => {
                            return refuse(StatusCode::BAD_REQUEST, format!("the file: {e}"), true);
                        }
                    }
                }
                _ => {}
            },
            Ok(None) => break,
            Err(e) => return refuse(e.status(), format!("the upload: {}", e.body_text()), true),
        }
    }
    if form_csrf != csrf || !same_origin(&headers) {
        return refuse(
            StatusCode::FORBIDDEN,
            "this form has expired: reload the page",
            true,
        );
    }
    let Some((name, bytes)) = file else {
        return refuse(StatusCode::BAD_REQUEST, "choose a file to import", true);
    };
    // Only the name's extension is kept: it says the format; the rest of a
    // name a browser sends is never used as a path.
    let ext = std::path::Path::new(&name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .filter(|e| ["csv", "xlsx", "xls", "ods", "json"].contains(&e.as_str()));
    let Some(ext) = ext else {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("{name}: import takes CSV, XLSX, XLS, ODS or JSON files"),
            true,
        );
    };
    let stem = std::path::Path::new(&name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("upload")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect::<String>();
    let dir = std::env::temp_dir().join(format!("tana-upload-{}", accounts::token()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), true);
    }
    // The file keeps its stem, which tells import what it holds (needs.csv).
    let path = dir.join(format!(
        "{}.{ext}",
        if stem.is_empty() { "upload" } else { &stem }
    ));
    let outcome = std::fs::write(&path, &bytes)
        .map_err(|e| crate::error::Error::io(&path, e))
        .and_then(|()| {
            let reference = app.snapshot().reference.clone();
            let prepared = crate::import::prepare(&reference, &[path.as_path()], None, false)?;
            if !prepared.errors.is_empty() {
                return Ok(Err(prepared.errors));
            }
            let summary =
                app.with_store(|s| s.import(&reference, &prepared.batch, author(&account), &name))?;
            Ok(Ok(summary))
        });
    let _ = std::fs::remove_dir_all(&dir);
    let shown_path = path.display().to_string();
    match outcome {
        Ok(Ok(summary)) => {
            if let Err(e) = app.reload() {
                return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), true);
            }
            let body = format!(
                "{}<p role=\"status\">{}: {} reviews added, {} updated; {} needs, {} challenges and {} good practices added.</p>{}",
                who_line(Some(&(account, csrf.clone(), String::new()))),
                esc(&name),
                summary.reviews_added,
                summary.reviews_updated,
                summary.needs_added,
                summary.challenges_added,
                summary.good_practices_added,
                upload_form(&csrf)
            );
            Html(page("Import records", &body)).into_response()
        }
        Ok(Err(rows)) => {
            let mut body = format!(
                "<p role=\"alert\">{} bad row(s) in {}; nothing was imported.</p>\n<ul class=\"errors\">\n",
                rows.len(),
                esc(&name)
            );
            for r in &rows {
                let mut r = r.clone();
                if r.file == shown_path {
                    r.file.clone_from(&name);
                }
                let _ = writeln!(body, "<li>{}</li>", esc(&r.to_string()));
            }
            body.push_str("</ul>\n");
            body.push_str(&upload_form(&csrf));
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Html(page("Import records", &body)),
            )
                .into_response()
        }
        Err(e) => refuse(
            StatusCode::BAD_REQUEST,
            e.to_string().replace(&shown_path, &name),
            true,
        ),
    }
}

#[derive(serde::Deserialize)]
pub struct ReviewEdit {
    csrf: String,
    cycle: u8,
    #[serde(default)]
    completed: String,
    self_assessment: Option<String>,
    country_report: Option<String>,
    executive_summary: Option<String>,
}

/// The secretariat edits a review: when it finished, what is published.
pub async fn edit_review(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(form): Form<ReviewEdit>,
) -> Response {
    let (who, state) = match signed_for_state(
        &app,
        &headers,
        &form.csrf,
        &code,
        |a, _| accounts::is_secretariat(Some(a)),
        "only the secretariat edits reviews",
    ) {
        Ok(v) => v,
        Err(r) => return r.into_response(),
    };
    let completed = form.completed.trim();
    if !completed.is_empty() && completed.parse::<crate::date::Date>().is_err() {
        return bad(
            format!("completed: `{completed}` is not a date (YYYY-MM-DD)"),
            true,
        )
        .into_response();
    }
    let mut published = Sources::default();
    for (on, src) in [
        (&form.self_assessment, Source::SelfAssessment),
        (&form.country_report, Source::CountryReport),
        (&form.executive_summary, Source::ExecutiveSummary),
    ] {
        if on.is_some() {
            published = published.with(src);
        }
    }
    let completed = (!completed.is_empty()).then_some(completed);
    match app
        .with_store(|st| st.update_review(author(&who), &state, form.cycle, completed, published))
    {
        Ok(true) => reload_and_show(&app, &state),
        Ok(false) => refuse(StatusCode::NOT_FOUND, "no such review", true),
        Err(e) => refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), true),
    }
}

/// Refuses anyone but the secretariat: 401 without a session, 403 for
/// another role.
fn secretariat_page(
    who: Option<&(Account, String, String)>,
    not_signed_in: &str,
    not_secretariat: &str,
) -> Option<Response> {
    match who {
        None => Some(refuse(StatusCode::UNAUTHORIZED, not_signed_in, true)),
        Some((a, _, _)) if a.role != accounts::Role::Secretariat => {
            Some(refuse(StatusCode::FORBIDDEN, not_secretariat, true))
        }
        _ => None,
    }
}

/// The secretariat's page of accounts: who has one, and a form to add one.
pub async fn accounts_page(State(app): State<Shared>, headers: HeaderMap) -> Response {
    let who = current(&app, &headers);
    if let Some(r) = secretariat_page(
        who.as_ref(),
        "log in to manage accounts",
        "only the secretariat may manage accounts",
    ) {
        return r;
    }
    let list = match app.with_store(|s| s.accounts()) {
        Ok(l) => l,
        Err(e) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), true),
    };
    let csrf = who.as_ref().map(|w| w.1.as_str()).unwrap_or("");
    let mut body = who_line(who.as_ref());
    let me = who.as_ref().map(|w| w.0.name.as_str()).unwrap_or("");
    body.push_str("<table>\n<caption>Accounts</caption>\n<thead><tr><th scope=\"col\">Account</th><th scope=\"col\">Role</th><th scope=\"col\">State</th><th scope=\"col\">Remove</th></tr></thead>\n<tbody>\n");
    for a in &list {
        // One does not remove one's own account: another member of the
        // secretariat does, so that someone is always left to manage them.
        let remove = if a.name == me {
            "you".to_string()
        } else {
            format!(
                "<form method=\"post\" action=\"/accounts/{name}/remove\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><button type=\"submit\" aria-label=\"Remove the account {name}\">Remove</button></form>",
                name = esc(&a.name)
            )
        };
        let _ = writeln!(
            body,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{remove}</td></tr>",
            esc(&a.name),
            a.role.code().replace('_', " "),
            esc(a.state.as_deref().unwrap_or(""))
        );
    }
    body.push_str("</tbody>\n</table>\n");
    let _ = write!(
        body,
        "<h2>Add an account</h2>\n<form class=\"sample\" method=\"post\" action=\"/accounts\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><label>Account<input name=\"name\" required maxlength=\"64\"></label><label>Role<select name=\"role\"><option value=\"secretariat\">secretariat</option><option value=\"focal_point\">focal point</option><option value=\"provider\">provider</option></select></label><label>State (focal points)<input name=\"state\" placeholder=\"VNM\"></label><label>First password<input name=\"password\" type=\"password\" minlength=\"10\" autocomplete=\"new-password\" required></label><button type=\"submit\">Add</button></form>\n"
    );
    Html(page("Accounts", &body)).into_response()
}

#[derive(serde::Deserialize)]
pub struct NewAccount {
    csrf: String,
    name: String,
    role: String,
    #[serde(default)]
    state: String,
    password: String,
}

pub async fn add_account(
    State(app): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<NewAccount>,
) -> Response {
    let who = match signed_form_of(
        &app,
        &headers,
        &form.csrf,
        "log in to manage accounts",
        |a| accounts::is_secretariat(Some(a)),
        "only the secretariat may manage accounts",
    ) {
        Ok(who) => who,
        Err(r) => return r.into_response(),
    };
    let Some(role) = accounts::Role::from_code(&form.role) else {
        return bad(format!("role: `{}` is no role", form.role), true).into_response();
    };
    let snapshot = app.snapshot();
    let wanted = Account {
        name: form.name,
        role,
        state: Some(form.state.trim().to_string()).filter(|s| !s.is_empty()),
    };
    let checked = accounts::check(&wanted, |s| {
        snapshot
            .reference
            .find_state(s)
            .map(|id| snapshot.reference.state(id).code.clone())
    })
    .and_then(|account| Ok((accounts::hash_password(&form.password)?, account)));
    let (hash, account) = match checked {
        Ok(v) => v,
        Err(e) => return bad(e.to_string().replace("--state", "state"), true).into_response(),
    };
    match app.with_store(|s| s.add_account_by(author(&who), &account, &hash)) {
        Ok(()) => (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, "/accounts".to_string())],
        )
            .into_response(),
        Err(e @ crate::error::Error::Usage(_)) => refuse(StatusCode::CONFLICT, e.to_string(), true),
        Err(e) => refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), true),
    }
}

/// The secretariat removes an account: its sessions and tokens end at once.
pub async fn remove_account(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(name): Path<String>,
    Form(form): Form<Csrf>,
) -> Response {
    let who = match signed_form_of(
        &app,
        &headers,
        &form.csrf,
        "log in to manage accounts",
        |a| accounts::is_secretariat(Some(a)),
        "only the secretariat may manage accounts",
    ) {
        Ok(who) => who,
        Err(r) => return r.into_response(),
    };
    if who.name == name {
        return refuse(
            StatusCode::CONFLICT,
            "you cannot remove your own account: ask another member of the secretariat",
            true,
        );
    }
    let by = author(&who);
    match app.with_store(|s| s.remove_account(by, &name)) {
        Ok(true) => (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, "/accounts".to_string())],
        )
            .into_response(),
        Ok(false) => refuse(StatusCode::NOT_FOUND, format!("no account `{name}`"), true),
        Err(e) => refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), true),
    }
}

/// The form to change one's password; `said` is what the last attempt
/// came to: `(role, message)`, an alert or a status.
fn password_page(who: &(Account, String, String), said: Option<(&str, &str)>) -> String {
    let mut body = who_line(Some(who));
    if let Some((role, m)) = said {
        let _ = writeln!(body, "<p role=\"{role}\">{}</p>", esc(m));
    }
    let _ = writeln!(
        body,
        "<form class=\"sample\" method=\"post\" action=\"/password\"><input type=\"hidden\" name=\"csrf\" value=\"{}\"><input type=\"text\" name=\"name\" value=\"{}\" autocomplete=\"username\" hidden><label>Current password<input type=\"password\" name=\"current\" autocomplete=\"current-password\" required></label><label>New password (at least 10 characters)<input type=\"password\" name=\"new\" minlength=\"10\" autocomplete=\"new-password\" required></label><button type=\"submit\">Change the password</button></form>",
        who.1,
        esc(&who.0.name)
    );
    page("Your password", &body)
}

pub async fn password_form(State(app): State<Shared>, headers: HeaderMap) -> Response {
    match current(&app, &headers) {
        Some(who) => Html(password_page(&who, None)).into_response(),
        None => refuse(
            StatusCode::UNAUTHORIZED,
            "log in to change your password",
            true,
        ),
    }
}

#[derive(serde::Deserialize)]
pub struct PasswordChange {
    csrf: String,
    current: String,
    new: String,
}

/// Everyone changes their own password, giving the current one; every
/// other session of the account ends.
pub async fn change_password(
    State(app): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<PasswordChange>,
) -> Response {
    let session = match signed_session(&app, &headers, &form.csrf, "log in to change your password")
    {
        Ok(session) => session,
        Err(r) => return r.into_response(),
    };
    let who = &session.0;
    let stored = match app.with_store(|s| s.account(&who.name)) {
        Ok(Some(a)) => a,
        Ok(None) => return refuse(StatusCode::UNAUTHORIZED, "no such account", true),
        Err(e) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), true),
    };
    if !accounts::password_matches(&form.current, &stored.password_hash) {
        return (
            StatusCode::FORBIDDEN,
            Html(password_page(
                &session,
                Some(("alert", "The current password is not right.")),
            )),
        )
            .into_response();
    }
    let hash = match accounts::hash_password(&form.new) {
        Ok(h) => h,
        Err(e) => {
            return (
                StatusCode::BAD_REQUEST,
                Html(password_page(
                    &session,
                    Some(("alert", &format!("new: {e}"))),
                )),
            )
                .into_response();
        }
    };
    let by = author(who);
    let keep = digest(&session.2);
    match app.with_store(|s| s.set_password(by, &who.name, &hash, Some(&keep))) {
        Ok(_) => Html(password_page(
            &session,
            Some((
                "status",
                "Your password is changed; your other sessions have ended.",
            )),
        ))
        .into_response(),
        Err(e) => refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), true),
    }
}
