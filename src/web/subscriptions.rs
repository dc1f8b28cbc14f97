//! Subscriptions (issue 13): a signed-in reader saves a finder search and
//! an e-mail address ("Subscribe to this search" on the finder's page),
//! and lists and removes their own at `/subscriptions`. `tana notify`
//! sends the digests.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::error::{WebError, WebResult};
use super::finder::{self, FinderQuery};
use super::portal::author;
use super::session::{CsrfForm, Session, SignedIn};
use super::view::{self, Done, Flashed, Markup, html};
use super::{Shared, feeds};
use crate::alerts::notify::is_address;
use crate::store::Subscription;

/// The form under the finder's results, for a signed-in reader.
pub(crate) fn subscribe_form(who: &Session, filter: &str, refused: Option<&str>) -> Markup {
    html! {
        section aria-labelledby="subscribe" {
            h2 #subscribe { "Subscribe to this search" }
            p { "A digest of the needs this search finds that are new or changed, by e-mail, when there are some." }
            (view::post_form("/subscriptions", &who.csrf, Some("Subscribe to this search"), html! {
                input type="hidden" name="filter" value=(filter);
                label {
                    "E-mail address"
                    input type="email" name="address" required maxlength="254" autocomplete="email"
                        aria-describedby=[refused.map(|_| "address-refused")];
                }
                (view::refusal("address-refused", refused))
                button type="submit" { "Subscribe" }
            }))
        }
    }
}

fn page(
    app: &Shared,
    who: &Session,
    done: Option<Done>,
    refused: Option<(&str, &str)>,
) -> WebResult<String> {
    let mine = app.read(|s| s.subscriptions(Some(&who.account.name)))?;
    let rows = mine.iter().map(|sub| row(who, sub)).collect();
    let main = html! {
        (view::flash(done))
        p { "Your saved searches: each sends a digest of what is new to its address when "
            code { "tana notify" } " runs." }
        @if mine.is_empty() {
            p { "You have none: the finder's page has a form to save its search." }
        } @else {
            (view::table(&view::Table {
                caption: "Your subscriptions",
                columns: vec![("Search", false), ("Address", false), ("Last digest", false), ("", false)],
                rows,
            }))
        }
        @if let Some((filter, reason)) = refused {
            (subscribe_form(who, filter, Some(reason)))
        }
    };
    Ok(view::page("Subscriptions", Some(who), main))
}

fn row(who: &Session, sub: &Subscription) -> Vec<Markup> {
    let search = if sub.filter.is_empty() {
        "every need".to_string()
    } else {
        sub.filter.clone()
    };
    vec![
        html! { a href=(format!("/needs?{}", sub.filter)) { (search) } },
        html! { (sub.address) },
        html! { (sub.sent.map_or_else(|| "none yet".to_string(), crate::alerts::rfc3339)) },
        view::button_form(
            &format!("/subscriptions/{}/remove", sub.id),
            &who.csrf,
            &[],
            html! { button type="submit" { "Remove" } },
        ),
    ]
}

/// `/subscriptions`: the reader's own.
pub(super) async fn list(
    State(app): State<Shared>,
    SignedIn(who): SignedIn,
    Query(flashed): Query<Flashed>,
) -> WebResult<Html<String>> {
    Ok(Html(page(&app, &who, flashed.done(), None)?))
}

#[derive(serde::Deserialize)]
pub(super) struct NewSubscription {
    #[serde(default)]
    filter: String,
    #[serde(default)]
    address: String,
}

/// `POST /subscriptions`: saves a search; an address that is no address
/// is refused next to its field.
pub(super) async fn subscribe(
    State(app): State<Shared>,
    CsrfForm { who, form }: CsrfForm<NewSubscription>,
) -> WebResult<Response> {
    let s = app.snapshot();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&form.filter)
        .map_err(|e| WebError::bad(format!("filter: {e}")))?;
    let q: FinderQuery =
        finder::parse(&s.reference, &pairs).map_err(|e| WebError::bad(format!("filter: {e}")))?;
    let filter = feeds::filter_of(&q);
    let address = form.address.trim();
    if !is_address(address) {
        let reason = format!("`{address}` is no e-mail address (name@example.org)");
        let body = page(&app, &who, None, Some((&filter, &reason)))?;
        return Ok((StatusCode::BAD_REQUEST, Html(body)).into_response());
    }
    let sub = Subscription {
        id: 0,
        account: who.account.name.clone(),
        address: address.to_string(),
        filter,
        created: 0,
        mark: Default::default(),
        sent: None,
    };
    app.write(|st| st.subscribe(author(&who.account), &sub))?;
    Ok(Redirect::to(&Done::Subscribed.query("/subscriptions")).into_response())
}

/// `POST /subscriptions/{id}/remove`: one of the reader's own; another's
/// is answered as one that does not exist.
pub(super) async fn remove(
    State(app): State<Shared>,
    Path(id): Path<i64>,
    CsrfForm { who, .. }: CsrfForm<serde::de::IgnoredAny>,
) -> WebResult<Response> {
    if !app.write(|st| st.unsubscribe(author(&who.account), &who.account.name, id))? {
        return Err(WebError::not_found(
            "you have no subscription of that number",
        ));
    }
    Ok(Redirect::to(&Done::Unsubscribed.query("/subscriptions")).into_response())
}
