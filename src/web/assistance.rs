//! Providers and donors in the portal: a State's consent to share its
//! needs with them, and the assistance they record against needs.
//!
//! A provider reads what a State published, and every need of a review the
//! State agreed to share; it records assistance only against a need it can
//! read, which then counts as being addressed. A record of assistance is
//! read by the secretariat, the provider who made it and the focal points
//! of the State it helps, never by the public or other providers. Who may
//! do what is decided in `accounts`; this module asks, and shows.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::error::{WebError, WebResult};
use super::portal::{VisibleNeed, author, reload_and_show};
use super::session::{CsrfForm, Reader, Session, SignedIn, StateParty, token_account};
use super::view::{self, Done, Markup, html};
use super::{Kept, Shared, Snapshot, now};
use crate::accounts::{self, Account};
use crate::store::{ASSISTANCE_STATUSES, Assistance, NeedKey};

/// The consent forms of a State's reviews, for those who may give it.
pub(crate) fn sharing_forms(
    s: &Snapshot,
    who: Option<&Session>,
    code: &str,
    id: crate::reference::StateId,
) -> Markup {
    let Some(Session { account, csrf, .. }) = who else {
        return html! {};
    };
    if !accounts::may_set_sharing(Some(account), code) {
        return html! {};
    }
    let action = format!("/states/{code}/sharing");
    html! {
        h2 { "Consent to share with providers and donors" }
        @for review in s.registry.reviews.iter().filter(|r| r.state == id) {
            @let label = format!("Sharing of cycle {}", review.cycle);
            (view::post_form(&action, csrf, Some(&label), html! {
                input type="hidden" name="cycle" value=(review.cycle);
                label.check {
                    input type="checkbox" name="shared" checked[review.shared_with_providers];
                    " The State shares every need of its cycle " (review.cycle) " review with technical assistance providers and donors, published or not"
                }
                button type="submit" { "Save the consent" }
            }))
        }
    }
}

/// A need's article in words: `article 16`, or `no article`.
pub(crate) fn article_words(article: u8) -> String {
    if article == 0 {
        "no article".to_string()
    } else {
        format!("article {article}")
    }
}

/// The value of a need in a form: cycle, article and type.
fn need_value(n: &VisibleNeed) -> String {
    format!("{}:{}:{}", n.cycle, n.article, n.need_type)
}

/// The form to record assistance against one of the needs shown, and the
/// assistance recorded against the State's needs that `who` may read.
pub(crate) fn assistance_section(
    app: &Shared,
    who: Option<&Session>,
    code: &str,
    needs: &[VisibleNeed],
) -> WebResult<Markup> {
    let Some(Session { account, csrf, .. }) = who else {
        return Ok(html! {});
    };
    let records: Vec<Assistance> = app
        .read(|st| st.assistance(Some(code)))?
        .into_iter()
        .filter(|a| accounts::may_read_assistance(Some(account), &a.provider, code))
        .collect();
    let may_record = accounts::may_record_assistance(Some(account)) && !needs.is_empty();
    Ok(html! {
        h2 { "Assistance under way" }
        @if records.is_empty() {
            p { "No assistance you may see is recorded against these needs." }
        } @else {
            (assistance_table(&records, "Assistance recorded against these needs", (account, csrf)))
        }
        @if may_record {
            h3 { "Record assistance" }
            (view::post_form(&format!("/states/{code}/assistance"), csrf, Some("Record assistance"), html! {
                label { "Need" select name="need" {
                    @for n in needs {
                        option value=(need_value(n)) { "cycle " (n.cycle) ", " (article_words(n.article)) ", " (n.type_label) }
                    }
                } }
                label { "What is given" input name="title" required maxlength="200"; }
                label { "Status" select name="status" {
                    @for st in ASSISTANCE_STATUSES { option value=(st) { (st) } }
                } }
                label { "From" input type="date" name="starts"; }
                label { "Until" input type="date" name="ends"; }
                button type="submit" { "Record" }
            }))
        }
    })
}

/// The assistance as a table; the records the reader may change carry a
/// form for their stage and last day.
fn assistance_table(
    records: &[Assistance],
    caption: &str,
    (who, csrf): (&Account, &str),
) -> Markup {
    let rows = records
        .iter()
        .map(|a| {
            let status = if accounts::may_edit_assistance(Some(who), &a.provider) {
                let label = format!("Status of {}", a.title);
                let withdraw = format!("Withdraw {}", a.title);
                html! {
                    (view::post_form(&format!("/assistance/{}", a.id), csrf, None, html! {
                        label { "Status " select name="status" aria-label=(label) {
                            @for st in ASSISTANCE_STATUSES { option value=(st) selected[st == a.status] { (st) } }
                        } }
                        " "
                        label { "Until " input type="date" name="ends" value=(a.ends.as_deref().unwrap_or("")); }
                        " "
                        button type="submit" { "Save" }
                    }))
                    (view::button_form(&format!("/assistance/{}/withdraw", a.id), csrf, &[], html! {
                        button type="submit" aria-label=(withdraw) { "Withdraw" }
                    }))
                }
            } else {
                html! { (a.status) }
            };
            vec![
                html! { a href=(format!("/states/{}", a.need.state)) { (a.need.state) } },
                html! { (a.need.cycle) },
                html! { @if a.need.article == 0 { "none" } @else { (a.need.article) } },
                html! { (a.need.need_type.replace('_', " ")) },
                html! { (a.title) },
                status,
                html! { (a.starts.as_deref().map(view::day).unwrap_or_default()) },
                html! { (a.ends.as_deref().map(view::day).unwrap_or_default()) },
                html! { (a.provider) },
            ]
        })
        .collect();
    view::table(&view::Table {
        caption,
        columns: vec![
            ("State", false),
            ("Cycle", true),
            ("Article", true),
            ("Type of need", false),
            ("What is given", false),
            ("Status", false),
            ("From", false),
            ("Until", false),
            ("Recorded by", false),
        ],
        rows,
    })
}

#[derive(serde::Deserialize)]
pub(super) struct Sharing {
    cycle: u8,
    shared: Option<String>,
}

/// A State's focal point (or the secretariat) gives or withdraws the
/// State's consent to share a review with providers.
pub(super) async fn set_sharing(
    State(app): State<Shared>,
    StateParty(state): StateParty,
    CsrfForm { who, form }: CsrfForm<Sharing>,
) -> WebResult<Response> {
    let allowed = accounts::may_set_sharing(Some(&who.account), &state);
    let who = who.allowed(
        allowed,
        "only the State's focal points and the secretariat decide what the State shares",
    )?;
    let by = author(&who.account);
    if app.write(|st| st.set_sharing(by, &state, form.cycle, form.shared.is_some()))? {
        reload_and_show(&app, &state, Done::Sharing)
    } else {
        Err(WebError::not_found("no such review"))
    }
}

#[derive(serde::Deserialize)]
pub(super) struct NewAssistance {
    /// `cycle:article:type`, as the form's list gives it.
    need: String,
    title: String,
    status: String,
    #[serde(default)]
    starts: String,
    #[serde(default)]
    ends: String,
}

/// A date field of the form: empty, or a day that exists.
fn optional_date(field: &str, text: &str) -> Result<Option<crate::date::Date>, String> {
    match text.trim() {
        "" => Ok(None),
        t => t
            .parse::<crate::date::Date>()
            .map(Some)
            .map_err(|_| format!("{field}: `{t}` is not a date (YYYY-MM-DD)")),
    }
}

/// Reads and checks the assistance form against the needs `who` may read.
fn checked_assistance(
    form: &NewAssistance,
    who: &Account,
    state: &str,
    readable: &[VisibleNeed],
) -> Result<Assistance, String> {
    let mut parts = form.need.splitn(3, ':');
    let (cycle, article, need_type) = match (parts.next(), parts.next(), parts.next()) {
        (Some(c), Some(a), Some(t)) => (
            c.parse::<u8>()
                .map_err(|_| "need: no such need".to_string())?,
            a.parse::<u8>()
                .map_err(|_| "need: no such need".to_string())?,
            t.to_string(),
        ),
        _ => return Err(format!("need: `{}` names no need", form.need)),
    };
    let title = form.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err("title: say what is given, in at most 200 characters".into());
    }
    if !ASSISTANCE_STATUSES.contains(&form.status.as_str()) {
        return Err(format!(
            "status: `{}` is none of {}",
            form.status,
            ASSISTANCE_STATUSES.join(", ")
        ));
    }
    let starts = optional_date("starts", &form.starts)?;
    let ends = optional_date("ends", &form.ends)?;
    if let (Some(s), Some(e)) = (starts, ends) {
        if e < s {
            return Err(format!("ends: {e} is before the start, {s}"));
        }
    }
    // A provider records assistance only against a need it can read; a
    // need it cannot read is, for it, no need at all.
    if !readable
        .iter()
        .any(|n| n.cycle == cycle && n.article == article && n.need_type == need_type)
    {
        return Err(format!("need: `{}` is no need you can see", form.need));
    }
    Ok(Assistance {
        id: 0,
        at: now(),
        provider: who.name.clone(),
        need: NeedKey {
            state: state.to_string(),
            cycle,
            article,
            need_type,
        },
        title: title.to_string(),
        status: form.status.clone(),
        starts: starts.map(|d| d.to_string()),
        ends: ends.map(|d| d.to_string()),
        need_was_addressed: false,
    })
}

/// A provider (or the secretariat) records assistance against a need.
pub(super) async fn record(
    State(app): State<Shared>,
    Path(code): Path<String>,
    CsrfForm { who, form }: CsrfForm<NewAssistance>,
) -> WebResult<Response> {
    let allowed = accounts::may_record_assistance(Some(&who.account));
    let who = who.allowed(
        allowed,
        "only providers, donors and the secretariat record assistance",
    )?;
    let (_, state) = record_for(&app, &who.account, &code, &form)?;
    reload_and_show(&app, &state, Done::Assistance)
}

/// Checks and keeps assistance `who` records against a need of the State
/// `code`; its number and the State's code, or why not.
fn record_for(
    app: &Shared,
    who: &Account,
    code: &str,
    form: &NewAssistance,
) -> WebResult<(i64, String)> {
    let s = app.snapshot();
    let Some(readable) = super::portal::visible_needs(&s, Some(who), code) else {
        return Err(WebError::not_found(format!("`{code}` is no State party")));
    };
    let state = s
        .reference
        .state(s.reference.find_state(code).expect("found above"))
        .code
        .clone();
    let assistance = checked_assistance(form, who, &state, &readable).map_err(WebError::bad)?;
    match app.write(|st| st.record_assistance(&assistance))? {
        Some(id) => {
            app.reload()?;
            Ok((id, state))
        }
        None => Err(super::portal::no_such_need()),
    }
}

/// Assistance as a script sends it to `POST /api/v1/assistance`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AssistanceRequest {
    state: String,
    cycle: u8,
    article: u8,
    #[serde(rename = "type")]
    need_type: String,
    title: String,
    status: String,
    #[serde(default)]
    starts: Option<String>,
    #[serde(default)]
    ends: Option<String>,
}

/// A provider's script records assistance with its API token. Only a
/// token is taken here: a browser's session cookie would make this a way
/// around the forms' secret.
pub(super) async fn api_record(
    State(app): State<Shared>,
    headers: HeaderMap,
    body: Result<axum::Json<AssistanceRequest>, axum::extract::rejection::JsonRejection>,
) -> WebResult<Response> {
    let Some(who) = token_account(&app, &headers)? else {
        return Err(WebError::unauthorized(
            "send an API token: Authorization: Bearer TOKEN",
        ));
    };
    if !accounts::may_record_assistance(Some(&who)) {
        return Err(WebError::forbidden(
            "only providers, donors and the secretariat record assistance",
        ));
    }
    // A body too large keeps its 413; anything else that does not parse
    // is the caller's to fix.
    let axum::Json(request) = body.map_err(|e| {
        let status = match e.status() {
            StatusCode::PAYLOAD_TOO_LARGE => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::BAD_REQUEST,
        };
        WebError::refused(status, format!("the body: {}", e.body_text()))
    })?;
    let form = NewAssistance {
        need: format!(
            "{}:{}:{}",
            request.cycle, request.article, request.need_type
        ),
        title: request.title,
        status: request.status,
        starts: request.starts.unwrap_or_default(),
        ends: request.ends.unwrap_or_default(),
    };
    let (id, _) = record_for(&app, &who, &request.state, &form)?;
    Ok((
        StatusCode::CREATED,
        [(
            axum::http::header::LOCATION,
            "/api/v1/assistance".to_string(),
        )],
        axum::Json(serde_json::json!({ "id": id })),
    )
        .into_response())
}

/// The assistance `who` may read, across States, newest first.
fn readable_assistance(app: &Shared, who: &Account) -> WebResult<Vec<Assistance>> {
    Ok(app
        .read(|st| st.assistance(None))?
        .into_iter()
        .filter(|a| accounts::may_read_assistance(Some(who), &a.provider, &a.need.state))
        .collect())
}

/// The assistance a signed-in reader may read: a provider's own, a focal
/// point's State's, or all of it for the secretariat.
pub(super) async fn assistance_page(
    State(app): State<Shared>,
    SignedIn(who): SignedIn,
) -> WebResult<Html<String>> {
    let records = readable_assistance(&app, &who.account)?;
    let main = html! {
        @if records.is_empty() {
            p { "No assistance you may see is recorded yet. Providers record it from a State's page, against a need." }
        } @else {
            p { (view::count(records.len(), "record", "records")) " you may read. " a href="/assistance.csv" download { "Download as CSV" } }
            (assistance_table(&records, "Assistance recorded", (&who.account, &who.csrf)))
        }
    };
    Ok(view::layout("Assistance under way", Some(&who), main))
}

/// The assistance a signed-in reader may read, as a CSV file for a
/// spreadsheet: one row a record, oldest first.
pub(super) async fn assistance_csv(
    State(app): State<Shared>,
    SignedIn(who): SignedIn,
) -> WebResult<Response> {
    let mut records = readable_assistance(&app, &who.account)?;
    records.reverse();
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "id", "state", "cycle", "article", "type", "title", "status", "starts", "ends", "provider",
    ];
    let mut rows = vec![header.map(String::from).to_vec()];
    rows.extend(records.iter().map(|a| {
        vec![
            a.id.to_string(),
            a.need.state.clone(),
            a.need.cycle.to_string(),
            a.need.article.to_string(),
            a.need.need_type.clone(),
            a.title.clone(),
            a.status.clone(),
            a.starts.clone().unwrap_or_default(),
            a.ends.clone().unwrap_or_default(),
            a.provider.clone(),
        ]
    }));
    let failed = |e: csv::Error| WebError::Failed(crate::error::Error::Other(format!("CSV: {e}")));
    for row in &rows {
        // A title such as `=HYPERLINK(…)` must reach a spreadsheet as text.
        w.write_record(
            row.iter()
                .map(|c| crate::export::neutralise(c).into_owned()),
        )
        .map_err(failed)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| WebError::Failed(crate::error::Error::Other(format!("CSV: {e}"))))?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"assistance.csv\"",
            ),
        ],
        bytes,
    )
        .into_response())
}

pub(super) async fn api_assistance(
    State(app): State<Shared>,
    SignedIn(who): SignedIn,
) -> WebResult<axum::Json<Vec<Assistance>>> {
    Ok(axum::Json(readable_assistance(&app, &who.account)?))
}

#[derive(serde::Deserialize, Default)]
pub struct NeedsQuery {
    #[serde(default)]
    article: String,
    #[serde(default, rename = "type")]
    need_type: String,
    #[serde(default)]
    region: String,
    /// Any value: only the needs nobody addresses yet.
    open: Option<String>,
}

/// A need as the list across States shows it.
#[derive(serde::Serialize)]
pub struct ListedNeed {
    state: String,
    state_name: String,
    region: Option<String>,
    #[serde(flatten)]
    need: VisibleNeed,
}

/// The needs across States that `who` may read, filtered; on a bad
/// filter, the field and why.
fn needs_across(
    s: &Snapshot,
    who: Option<&Account>,
    q: &NeedsQuery,
) -> Result<Vec<ListedNeed>, String> {
    let article = match q.article.trim() {
        "" => None,
        a => Some(
            a.parse::<u8>()
                .map_err(|_| format!("article: `{a}` is not an article number"))?,
        ),
    };
    let need_type = q.need_type.trim();
    if !need_type.is_empty()
        && !s
            .reference
            .cycles()
            .iter()
            .any(|&c| s.reference.types(c).iter().any(|t| t.code == need_type))
    {
        return Err(format!("type: `{need_type}` is no type of need"));
    }
    let region = match q.region.trim() {
        "" => None,
        r => Some(
            s.reference
                .region_id(r)
                .ok_or_else(|| format!("region: `{r}` is no regional group"))?,
        ),
    };
    // Reviews in the order of their States' codes, each read once.
    let mut reviews: Vec<usize> = (0..s.registry.reviews.len())
        .filter(|&ri| {
            region.is_none() || s.reference.state_region(s.registry.reviews[ri].state) == region
        })
        .collect();
    reviews.sort_by_key(|&ri| {
        let r = &s.registry.reviews[ri];
        (&s.reference.state(r.state).code, r.cycle)
    });
    let mut out = Vec::new();
    let mut needs = Vec::new();
    for ri in reviews {
        let state = s.reference.state(s.registry.reviews[ri].state);
        needs.clear();
        super::portal::visible_needs_of_review(s, who, ri, &mut needs);
        out.extend(
            needs
                .drain(..)
                .filter(|n| article.is_none_or(|a| n.article == a))
                .filter(|n| need_type.is_empty() || n.need_type == need_type)
                .filter(|n| q.open.is_none() || !n.addressed)
                .map(|need| ListedNeed {
                    state: state.code.clone(),
                    state_name: state.name.clone(),
                    region: state.region.clone(),
                    need,
                }),
        );
    }
    Ok(out)
}

/// What decides which needs a reader may read: its role, and a focal
/// point's State (`accounts::may_read_need` asks nothing else), so that
/// a list kept for one reader serves every reader alike.
fn reading(who: Option<&Account>) -> String {
    match who {
        None => "public".into(),
        Some(a) => format!("{}/{}", a.role.code(), a.state.as_deref().unwrap_or("")),
    }
}

pub(super) async fn api_needs(
    State(app): State<Shared>,
    reader: Reader,
    uri: axum::http::Uri,
    axum::extract::Query(q): axum::extract::Query<NeedsQuery>,
) -> WebResult<Kept> {
    let s = app.snapshot();
    let key = format!(
        "api-needs/{}?{}",
        reading(reader.account()),
        uri.query().unwrap_or("")
    );
    s.kept(key, || {
        let listed = needs_across(&s, reader.account(), &q).map_err(WebError::bad)?;
        Ok(Kept::json(serde_json::to_vec(&listed).unwrap_or_default()))
    })
}

#[derive(serde::Deserialize)]
pub(super) struct AssistanceChange {
    status: String,
    #[serde(default)]
    ends: String,
}

/// The record of assistance `id`, for a change by `who`: one the account
/// may read (404: one it may not read is, for it, no record at all), and
/// may change (403).
fn editable_assistance(app: &Shared, who: &Account, id: i64) -> WebResult<Assistance> {
    let found = app.read(|st| st.assistance_record(id))?;
    let Some(a) =
        found.filter(|a| accounts::may_read_assistance(Some(who), &a.provider, &a.need.state))
    else {
        return Err(WebError::not_found("no such assistance"));
    };
    if !accounts::may_edit_assistance(Some(who), &a.provider) {
        return Err(WebError::forbidden(
            "only the provider who recorded it and the secretariat change assistance",
        ));
    }
    Ok(a)
}

/// The provider who recorded assistance (or the secretariat) changes its
/// stage and last day.
pub(super) async fn update(
    State(app): State<Shared>,
    Path(id): Path<i64>,
    CsrfForm { who, form }: CsrfForm<AssistanceChange>,
) -> WebResult<Response> {
    let mut a = editable_assistance(&app, &who.account, id)?;
    if !ASSISTANCE_STATUSES.contains(&form.status.as_str()) {
        return Err(WebError::bad(format!(
            "status: `{}` is none of {}",
            form.status,
            ASSISTANCE_STATUSES.join(", ")
        )));
    }
    let ends = optional_date("ends", &form.ends).map_err(WebError::bad)?;
    let starts = a
        .starts
        .as_deref()
        .and_then(|s| s.parse::<crate::date::Date>().ok());
    if let (Some(s), Some(e)) = (starts, ends) {
        if e < s {
            return Err(WebError::bad(format!("ends: {e} is before the start, {s}")));
        }
    }
    a.status = form.status;
    a.ends = ends.map(|d| d.to_string());
    let by = author(&who.account);
    if app.write(|st| st.update_assistance(by, &a))? {
        Ok((
            StatusCode::SEE_OTHER,
            [(
                axum::http::header::LOCATION,
                Done::AssistanceChanged.query(&format!("/states/{}", a.need.state)),
            )],
        )
            .into_response())
    } else {
        Err(WebError::not_found("no such assistance"))
    }
}

/// The provider who recorded assistance (or the secretariat) withdraws it,
/// recorded by mistake or never given.
pub(super) async fn withdraw(
    State(app): State<Shared>,
    Path(id): Path<i64>,
    CsrfForm { who, .. }: CsrfForm<super::people::Nothing>,
) -> WebResult<Response> {
    let a = editable_assistance(&app, &who.account, id)?;
    let by = author(&who.account);
    if app.write(|st| st.withdraw_assistance(by, id))? {
        reload_and_show(&app, &a.need.state, Done::Withdrawn)
    } else {
        Err(WebError::not_found("no such assistance"))
    }
}
