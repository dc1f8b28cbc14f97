//! Providers' IATI activities in the portal: on a State's page and in
//! `/assistance`, the activities going to a State that the reader may read
//! (the rule of assistance: the secretariat, the provider they were
//! imported for, the State's focal points); for the activity's provider and
//! the secretariat, the links the matcher proposes to the needs they may
//! read, each with a form to accept it (`POST /links`).
//!
//! Pages are written with the components of `view.rs`.

use axum::extract::State;
use axum::response::Response;

use super::error::{WebError, WebResult};
use super::portal::reload_and_show;
use super::session::{CsrfForm, Session};
use super::view::{self, Markup, html};
use super::{Shared, Snapshot};
use crate::accounts::{self, Account};
use crate::follow::{self, Refused};
use crate::matching::Proposal;
use crate::store::{LinkOutcome, StoredActivity};

/// Whether `who` may know of the need a proposal names: the rule of the
/// State's page, so that a proposal never tells of an unpublished need.
fn may_read_proposed(s: &Snapshot, who: &Account, p: &Proposal) -> bool {
    let need = &s.registry.needs[p.need as usize];
    let review = &s.registry.reviews[need.review as usize];
    accounts::may_read_need(Some(who), &p.state, review, need.sources)
}

/// Whether `who` may accept a proposal of `stored`: a need `who` and the
/// activity's provider both may know of (see `follow::accept`).
fn may_accept_proposed(s: &Snapshot, who: &Account, stored: &StoredActivity, p: &Proposal) -> bool {
    may_read_proposed(s, who, p)
        && follow::provider_account(stored).is_none_or(|a| may_read_proposed(s, &a, p))
}

/// What decided a proposal, as `who` may read it: a need's own words only
/// for those who read everything of the State.
fn reasons(who: &Account, p: &Proposal) -> String {
    let all = accounts::sees_all_of(Some(who), &p.state);
    let words: Vec<&str> = p
        .words
        .iter()
        .map(String::as_str)
        .filter(|w| all || !w.ends_with("(the need's own words)"))
        .collect();
    words.join(", ")
}

/// The activities as a data table, one row per recipient State.
fn activity_table(caption: &str, records: &[(StoredActivity, String)]) -> Markup {
    let rows = records
        .iter()
        .flat_map(|(stored, state)| follow::Listed::of_activity(stored, Some(state)))
        .map(|l| {
            let state = l.state.clone();
            vec![
                html! { a href={ "/states/" (state) } { (state) } },
                html! { (l.iati_identifier.as_deref().unwrap_or("")) },
                html! { (l.title) },
                html! { (l.share.map(|p| format!("{p}%")).unwrap_or_default()) },
                html! { (l.status) },
                html! { (view::day(l.starts.as_deref().unwrap_or(""))) },
                html! { (view::day(l.ends.as_deref().unwrap_or(""))) },
                html! { (l.provider) },
            ]
        })
        .collect();
    view::table(&view::Table {
        caption,
        columns: vec![
            ("State", false),
            ("IATI identifier", false),
            ("Title", false),
            ("Share", true),
            ("Status", false),
            ("From", false),
            ("Until", false),
            ("Provider", false),
        ],
        rows,
    })
}

/// The activities of `state` (or of every State) `who` may read, each
/// with the State it goes to.
fn readable(
    app: &Shared,
    who: &Account,
    state: Option<&str>,
) -> WebResult<Vec<(StoredActivity, String)>> {
    let mut out = Vec::new();
    for stored in app.read(|st| st.activities(state))? {
        let states: Vec<String> = stored
            .activity
            .recipients
            .iter()
            .filter_map(|r| r.state.clone())
            .filter(|s| state.is_none_or(|o| o == s))
            .filter(|s| accounts::may_read_assistance(Some(who), &stored.provider, s))
            .collect();
        for s in states {
            out.push((stored.clone(), s));
        }
    }
    Ok(out)
}

/// A State's page: its activities, and the links `who` may accept.
pub(crate) fn activities_section(
    app: &Shared,
    s: &Snapshot,
    who: Option<&Session>,
    code: &str,
) -> WebResult<Markup> {
    let Some(Session { account, csrf, .. }) = who else {
        return Ok(html! {});
    };
    let records = readable(app, account, Some(code))?;
    if records.is_empty() {
        return Ok(html! {});
    }
    let mine: Vec<StoredActivity> = records
        .iter()
        .map(|(a, _)| a.clone())
        .filter(|a| accounts::may_edit_assistance(Some(account), &a.provider))
        .collect();
    let proposed = follow::proposals(&mine, &s.registry, &s.reference);
    let links: Vec<(&StoredActivity, &Proposal)> = mine
        .iter()
        .zip(&proposed)
        .flat_map(|(a, ps)| ps.iter().map(move |p| (a, p)))
        .filter(|(a, p)| p.state == code && may_accept_proposed(s, account, a, p))
        .collect();
    Ok(html! {
        (activity_table("Projects reported in IATI for this State party", &records))
        @if !links.is_empty() {
            h2 { "Needs these projects may address" }
            p { "Proposed from the projects' sectors and words; accept a link when the project meets the need: the need then counts as being addressed by it." }
            ul {
                @for (a, p) in &links {
                    @let title = a.activity.display_title();
                    @let label = format!("Accept the link of {title} to article {}, {}", p.article, p.need_type_label);
                    li {
                        (title) ": cycle " (p.cycle) ", article " (p.article) " (" (p.article_title) "), " (p.need_type_label)
                        " (score " (format!("{:.2}", p.score)) "; because " (reasons(account, p)) ") "
                        (view::button_form("/links", csrf, &[("link", p.link.as_str())], html! {
                            button type="submit" aria-label=(label) { "Accept" }
                        }))
                    }
                }
            }
        }
    })
}

/// `/assistance`: the activities `who` may read, across States.
pub(crate) fn activities_table(app: &Shared, who: &Account) -> WebResult<Markup> {
    let records = readable(app, who, None)?;
    Ok(html! {
        @if !records.is_empty() { (activity_table("Projects reported in IATI", &records)) }
    })
}

#[derive(serde::Deserialize)]
pub(super) struct LinkForm {
    link: String,
}

/// The provider of an activity (or the secretariat) accepts a proposed
/// link; an activity it may not read is, for it, no activity at all.
pub(super) async fn accept(
    State(app): State<Shared>,
    CsrfForm { who, form }: CsrfForm<LinkForm>,
) -> WebResult<Response> {
    let Some((identifier, state, ..)) = crate::matching::parse_link_id(&form.link) else {
        return Err(WebError::bad(Refused::Malformed.reason(&form.link)));
    };
    let account = &who.account;
    let found = app
        .read(|st| st.activities(Some(&state)))?
        .into_iter()
        .find(|a| a.activity.identifier == identifier)
        .filter(|a| accounts::may_read_assistance(Some(account), &a.provider, &state));
    let Some(stored) = found else {
        return Err(WebError::not_found(Refused::NoActivity.reason(&form.link)));
    };
    if !accounts::may_edit_assistance(Some(account), &stored.provider) {
        return Err(WebError::forbidden(
            "only the provider of a project and the secretariat accept its links",
        ));
    }
    let s = app.snapshot();
    let by = super::portal::author(account);
    let outcome = app.write(|st| {
        let records = (&s.reference, &s.registry);
        follow::accept(st, records, by, &form.link, |_, key| {
            follow::may_know_need(account, records, key)
        })
    })?;
    match outcome {
        Ok(LinkOutcome::Recorded(_) | LinkOutcome::Already(_)) => {
            reload_and_show(&app, &state, view::Done::LinkAccepted)
        }
        Ok(LinkOutcome::NotFound) | Err(Refused::NotProposed) => {
            Err(WebError::conflict(Refused::NotProposed.reason(&form.link)))
        }
        Err(r) => Err(WebError::not_found(r.reason(&form.link))),
    }
}

#[derive(serde::Deserialize, Default)]
pub(super) struct ImportQuery {
    /// Any value: keep activities of every sector.
    all_sectors: Option<String>,
}

/// `POST /api/v1/iati`: a provider's script (or the secretariat's) sends
/// an IATI activity file with its API token. A provider's activities are
/// its own; the secretariat's belong to no account. A file that breaks a
/// rule is refused with every line, element and rule; nothing is kept.
pub(super) async fn api_import(
    State(app): State<Shared>,
    headers: axum::http::HeaderMap,
    axum::extract::Query(q): axum::extract::Query<ImportQuery>,
    body: axum::body::Bytes,
) -> WebResult<Response> {
    use axum::response::IntoResponse;
    let Some(who) = super::session::token_account(&app, &headers)? else {
        return Err(WebError::unauthorized(
            "send an API token: Authorization: Bearer TOKEN",
        ));
    };
    if !accounts::may_record_assistance(Some(&who)) {
        return Err(WebError::forbidden(
            "only providers, donors and the secretariat import IATI activities",
        ));
    }
    let s = app.snapshot();
    let all_sectors = q.all_sectors.is_some();
    let codes = crate::iati::Codes::embedded();
    let checked = crate::iati::check_bytes(&body, "the body", &s.reference, &codes, all_sectors)
        .map_err(|e| match e {
            crate::error::Error::Rows(rows) => WebError::bad(
                rows.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            other => WebError::Failed(other),
        })?;
    let provider = (who.role == accounts::Role::Provider).then_some(who.name.as_str());
    let by = super::portal::author(&who);
    let summary = app
        .write(|st| st.import_activities(by, provider, &checked.activities, "POST /api/v1/iati"))?;
    Ok(axum::Json(serde_json::json!({
        "activities_read": checked.read,
        "summary": summary,
        "kept_out_no_governance_sector": checked.kept_out,
        "warnings": checked.warnings,
    }))
    .into_response())
}
