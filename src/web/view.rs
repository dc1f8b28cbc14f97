//! The portal's HTML: one layout and the components every page is made of,
//! written with maud (`html! { … }`), which escapes every value it is
//! given; only [`PreEscaped`] passes HTML through, and only the report's
//! own renderer (`report::html`, which escapes its words) is passed so.
//!
//! The components, each a function returning [`Markup`]:
//!
//! - [`layout`]`(title, who, main)`: the whole page: the bar (the portal's
//!   links, who is signed in and their role, the role's links, the way
//!   out, or "Log in"), the title, and `main`.
//! - [`flash`]`(Done)`: the confirmation after a save; a save redirects to
//!   its page with `?done=CODE` ([`Done::query`]), and the page reads it
//!   back with [`Flashed`]. Only known codes are shown, so the URL cannot
//!   make the page say anything.
//! - [`post_form`]`(action, csrf, label, fields)`: a form that POSTs, with
//!   its CSRF field; the fields are the caller's.
//! - [`table`]`(&Table)`: a data table with a caption, column heads
//!   (numeric ones right-aligned) and rows of cells.
//! - [`chart`]`(&Exhibit)`: a figure of the note with its table of numbers.
//! - [`pager`]`(base, page, pages)`: links to the pages of a long list
//!   (`?page=`), keeping the rest of the query.
//! - [`sample::form`](super::sample::form): the sample form.
//! - [`refusal`]`(field, reason)`: a refusal next to the field it is about.
//!
//! And the words: [`count`] ("1 need", "2 needs", "1,004 needs": the one
//! place counts are written) and [`day`] (28 April 2014).

use axum::response::Html;
pub(crate) use maud::{Markup, PreEscaped, html};

use super::session::Session;
use crate::accounts::{Account, Role};
use crate::report::Exhibit;

/// `1, "need", "needs"` → `1 need`; `1004, …` → `1,004 needs`: a count in
/// figures, with the noun agreeing.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    let figure = crate::report::words::thousands(u32::try_from(n).unwrap_or(u32::MAX));
    format!("{figure} {}", if n == 1 { one } else { many })
}

/// A day as the United Nations writes it (28 April 2014); text that is no
/// day is shown as it is.
pub(crate) fn day(text: &str) -> String {
    match text.parse::<crate::date::Date>() {
        Ok(d) => crate::report::words::date(d),
        Err(_) => text.to_string(),
    }
}

/// A role in words, with a focal point's State.
pub(crate) fn role(a: &Account) -> String {
    match (a.role, &a.state) {
        (Role::FocalPoint, Some(state)) => format!("focal point of {state}"),
        (r, _) => r.code().replace('_', " "),
    }
}

/// The links of a role's work, in the bar.
fn work_links(a: &Account) -> Vec<(String, &'static str)> {
    let mut links = Vec::new();
    if let Some(state) = &a.state {
        links.push((format!("/states/{state}"), "Your State"));
    }
    links.push(("/assistance".to_string(), "Assistance"));
    if a.role == Role::Secretariat {
        links.push(("/plans".to_string(), "Action plans"));
        links.push(("/import".to_string(), "Import"));
        links.push(("/readings".to_string(), "Documents read"));
        links.push(("/accounts".to_string(), "Accounts"));
    }
    links.push(("/subscriptions".to_string(), "Subscriptions"));
    links.push(("/password".to_string(), "Password"));
    links
}

/// The bar at the top of every page.
fn bar(who: Option<&Session>) -> Markup {
    html! {
        div.bar {
            a.brand href="/" { "tana" span.tagline { "UNCAC technical assistance needs" } }
            nav.site aria-label="Portal" {
                a href="/" { "Dashboard" }
                a href="/needs" { "Needs" }
                a href="/gaps" { "Gaps" }
                a href="/search" { "Search" }
                a href="/api/v1/openapi.json" { "API" }
            }
            @match who {
                Some(s) => {
                    div.who {
                        p.signed {
                            "Signed in as " strong { (s.account.name) }
                            " (" span.role { (role(&s.account)) } ")"
                        }
                        nav.work aria-label="Your work" {
                            @for (href, label) in work_links(&s.account) {
                                a href=(href) { (label) }
                            }
                        }
                        form.logout method="post" action="/logout" {
                            input type="hidden" name="csrf" value=(s.csrf);
                            button type="submit" { "Log out" }
                        }
                    }
                }
                None => {
                    div.who { a.login href="/login" { "Log in" } }
                }
            }
        }
    }
}

/// The whole page: the bar, the title and `main`.
pub(crate) fn layout(title: &str, who: Option<&Session>, main: Markup) -> Html<String> {
    Html(page(title, who, main))
}

tokio::task_local! {
    /// Whether the request is served from records rebuilt from published
    /// tables (the demo): set per request, since one process may serve
    /// several workspaces.
    pub(crate) static REBUILT: bool;
}

/// The page as a string (for answers kept or given a status).
pub(crate) fn page(title: &str, who: Option<&Session>, main: Markup) -> String {
    page_with_feed(title, who, main, None)
}

/// The same, naming the Atom feed that follows it (`<link rel="alternate">`).
pub(crate) fn page_with_feed(
    title: &str,
    who: Option<&Session>,
    main: Markup,
    feed: Option<&str>,
) -> String {
    html! {
        (maud::DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — tana" }
                link rel="stylesheet" href="/style.css";
                @if let Some(href) = feed {
                    link rel="alternate" type="application/atom+xml" title="Atom feed of this search" href=(href);
                }
            }
            body {
                a.skip href="#main" { "Skip to the content" }
                header { (bar(who)) }
                @if REBUILT.try_with(|r| *r).unwrap_or(false) {
                    p.notice role="note" {
                        "A demonstration: States parties named by a regional group and a number are pseudonyms, their records rebuilt by tana from the published tables of the secretariat's note; their words are illustrative and quote no real review."
                    }
                }
                main #main {
                    h1 { (title) }
                    // Taken whole: the page owns its body.
                    (PreEscaped(main.into_string()))
                }
                footer {
                    p { "Records of the Implementation Review Mechanism of the United Nations Convention against Corruption, as this workspace holds them." }
                }
            }
        }
    }
    .into_string()
}

/// What a save did, said on the page it leads back to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Done {
    Review,
    Sharing,
    Addressed,
    Words,
    Removed,
    Proposed,
    Decided,
    Assistance,
    AssistanceChanged,
    Withdrawn,
    AccountAdded,
    AccountRemoved,
    Password,
    LinkAccepted,
    PlanDrafted,
    PlanItemAdded,
    PlanItemChanged,
    PlanNote,
    PlanPublished,
    PlanWithdrawn,
    Subscribed,
    Unsubscribed,
}

impl Done {
    const ALL: [Done; 22] = [
        Done::Review,
        Done::Sharing,
        Done::Addressed,
        Done::Words,
        Done::Removed,
        Done::Proposed,
        Done::Decided,
        Done::Assistance,
        Done::AssistanceChanged,
        Done::Withdrawn,
        Done::AccountAdded,
        Done::AccountRemoved,
        Done::Password,
        Done::LinkAccepted,
        Done::PlanDrafted,
        Done::PlanItemAdded,
        Done::PlanItemChanged,
        Done::PlanNote,
        Done::PlanPublished,
        Done::PlanWithdrawn,
        Done::Subscribed,
        Done::Unsubscribed,
    ];

    fn code(self) -> &'static str {
        match self {
            Done::Review => "review",
            Done::Sharing => "sharing",
            Done::Addressed => "addressed",
            Done::Words => "words",
            Done::Removed => "removed",
            Done::Proposed => "proposed",
            Done::Decided => "decided",
            Done::Assistance => "assistance",
            Done::AssistanceChanged => "assistance-changed",
            Done::Withdrawn => "withdrawn",
            Done::AccountAdded => "account-added",
            Done::AccountRemoved => "account-removed",
            Done::Password => "password",
            Done::LinkAccepted => "link-accepted",
            Done::PlanDrafted => "plan-drafted",
            Done::PlanItemAdded => "plan-item-added",
            Done::PlanItemChanged => "plan-item-changed",
            Done::PlanNote => "plan-note",
            Done::PlanPublished => "plan-published",
            Done::PlanWithdrawn => "plan-withdrawn",
            Done::Subscribed => "subscribed",
            Done::Unsubscribed => "unsubscribed",
        }
    }

    /// The words of the confirmation.
    pub(crate) fn message(self) -> &'static str {
        match self {
            Done::Review => "The review is saved.",
            Done::Sharing => "The consent to share is saved.",
            Done::Addressed => "The needs being addressed are saved.",
            Done::Words => "The words of the need are saved.",
            Done::Removed => "The need is removed.",
            Done::Proposed => "Your proposal is sent to the secretariat.",
            Done::Decided => "The decision on the proposal is saved.",
            Done::Assistance => "The assistance is recorded.",
            Done::AssistanceChanged => "The assistance is updated.",
            Done::Withdrawn => "The assistance is withdrawn.",
            Done::AccountAdded => "The account is added.",
            Done::AccountRemoved => "The account is removed.",
            Done::Password => "Your password is changed; your other sessions have ended.",
            Done::LinkAccepted => {
                "The link is accepted: the need is being addressed by the project."
            }
            Done::PlanDrafted => "The action plan is drafted from the open needs.",
            Done::PlanItemAdded => "The item is added to the action plan.",
            Done::PlanItemChanged => "The item of the action plan is saved.",
            Done::PlanNote => "The progress note is added.",
            Done::PlanPublished => "The action plan is published.",
            Done::PlanWithdrawn => "The action plan is withdrawn from publication.",
            Done::Subscribed => {
                "The search is saved: its digests go to your address when there is something new."
            }
            Done::Unsubscribed => "The subscription is removed.",
        }
    }

    /// `path?done=CODE`: where a save sends the browser.
    pub(crate) fn query(self, path: &str) -> String {
        format!("{path}?done={}", self.code())
    }

    fn from_code(code: &str) -> Option<Done> {
        Done::ALL.into_iter().find(|d| d.code() == code)
    }
}

/// The `done` of a page's query, if it names a known save.
#[derive(serde::Deserialize, Default)]
pub(crate) struct Flashed {
    #[serde(default)]
    done: String,
}

impl Flashed {
    pub(crate) fn done(&self) -> Option<Done> {
        Done::from_code(&self.done)
    }
}

/// The confirmation of a save, if there was one.
pub(crate) fn flash(done: Option<Done>) -> Markup {
    html! {
        @if let Some(d) = done {
            p.flash role="status" { (d.message()) }
        }
    }
}

/// A message of the page itself: `role` is `status` or `alert`.
pub(crate) fn message(role: &str, text: &str) -> Markup {
    html! {
        p.flash.alert[role == "alert"] role=(role) { (text) }
    }
}

/// A refusal next to the field it is about.
pub(crate) fn refusal(id: &str, reason: Option<&str>) -> Markup {
    html! {
        @if let Some(r) = reason {
            span.refusal id=(id) role="alert" { (r) }
        }
    }
}

/// A form that POSTs to `action`, with the session's CSRF field; `label`
/// names it for screen readers when a page has several.
pub(crate) fn post_form(action: &str, csrf: &str, label: Option<&str>, fields: Markup) -> Markup {
    html! {
        form.edit method="post" action=(action) aria-label=[label] {
            input type="hidden" name="csrf" value=(csrf);
            (PreEscaped(fields.into_string()))
        }
    }
}

/// A form that POSTs a file (`multipart/form-data`), with its CSRF field.
pub(crate) fn post_form_multipart(action: &str, csrf: &str, fields: Markup) -> Markup {
    html! {
        form.edit method="post" action=(action) enctype="multipart/form-data" {
            input type="hidden" name="csrf" value=(csrf);
            (PreEscaped(fields.into_string()))
        }
    }
}

/// The same, for one button on a row (remove, withdraw, accept).
pub(crate) fn button_form(
    action: &str,
    csrf: &str,
    hidden: &[(&str, &str)],
    button: Markup,
) -> Markup {
    html! {
        form.inline method="post" action=(action) {
            input type="hidden" name="csrf" value=(csrf);
            @for (name, value) in hidden {
                input type="hidden" name=(name) value=(value);
            }
            (PreEscaped(button.into_string()))
        }
    }
}

/// A data table: its caption, its columns, its rows of cells.
pub(crate) struct Table<'a> {
    pub(crate) caption: &'a str,
    /// Each column's head, and whether it holds numbers.
    pub(crate) columns: Vec<(&'a str, bool)>,
    /// Each row's cells; the first is the row's head.
    pub(crate) rows: Vec<Vec<Markup>>,
}

pub(crate) fn table(t: &Table) -> Markup {
    html! {
        // A wide table scrolls within its own region, which the keyboard
        // reaches.
        div.scroll tabindex="0" role="region" aria-label=(t.caption) {
            table {
                caption { (t.caption) }
                thead { tr { @for (head, num) in &t.columns { th scope="col" class=[num.then_some("num")] { (head) } } } }
                tbody {
                    @for row in &t.rows {
                        tr {
                            @for (i, cell) in row.iter().enumerate() {
                                @let num = t.columns.get(i).is_some_and(|c| c.1);
                                @if i == 0 { th scope="row" class=[num.then_some("num")] { (cell) } }
                                @else { td class=[num.then_some("num")] { (cell) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A figure or table of the note, drawn by the report's renderer (inline
/// SVG, each number in a table after it).
pub(crate) fn chart(e: &Exhibit) -> Markup {
    let mut out = String::new();
    crate::report::html::exhibit(&mut out, e);
    PreEscaped(out)
}

/// The note's exhibits shown on a page of the portal, numbered as the
/// page shows them (Figure 1, Figure 2, Table 1…), each naming the number
/// it carries in the note: a page holding the note's Figure VII alone
/// would otherwise start at VII.
#[derive(Default)]
pub(crate) struct Numbering {
    figures: usize,
    tables: usize,
}

impl Numbering {
    /// The page's next exhibit, drawn as [`chart`] draws it.
    pub(crate) fn chart(&mut self, e: &Exhibit) -> Markup {
        let mut e = e.clone();
        let (kind, n) = if e.chart.is_some() {
            self.figures += 1;
            ("Figure", self.figures)
        } else {
            self.tables += 1;
            ("Table", self.tables)
        };
        e.label = format!("{kind} {n} ({} in the note)", e.label);
        chart(&e)
    }
}

/// Links to the pages of a list: `base` is the path and query without
/// `page`.
pub(crate) fn pager(base: &str, page: usize, pages: usize) -> Markup {
    let join = if base.contains('?') { '&' } else { '?' };
    let href = |p: usize| format!("{base}{join}page={p}");
    html! {
        @if pages > 1 {
            nav.pager aria-label="Pages" {
                @if page > 1 { a rel="prev" href=(href(page - 1)) { "Previous" } }
                @for p in 1..=pages {
                    @if p == page { span aria-current="page" { (p) } }
                    @else if p == 1 || p == pages || p.abs_diff(page) <= 2 { a href=(href(p)) { (p) } }
                    @else if p.abs_diff(page) == 3 { span.gap { "…" } }
                }
                @if page < pages { a rel="next" href=(href(page + 1)) { "Next" } }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_number() {
        for n in [0usize, 1, 2, 11, 1004, 1_000_000] {
            let said = count(n, "need", "needs");
            let figure: String = said.split(' ').next().unwrap().replace(',', "");
            assert_eq!(figure.parse::<usize>().unwrap(), n);
            assert_eq!(said.ends_with(" need"), n == 1, "{said}");
            assert_eq!(said.ends_with(" needs"), n != 1, "{said}");
        }
        assert_eq!(count(1, "State party", "States parties"), "1 State party");
        assert_eq!(count(1004, "need", "needs"), "1,004 needs");
    }

    #[test]
    fn days_are_written_as_the_un_writes_them() {
        assert_eq!(day("2014-04-28"), "28 April 2014");
        assert_eq!(day("soon"), "soon");
    }

    #[test]
    fn a_flash_shows_only_known_saves() {
        for d in Done::ALL {
            assert_eq!(Done::from_code(d.code()), Some(d));
            let q = d.query("/states/VNM");
            assert!(q.ends_with(d.code()));
        }
        assert_eq!(Done::from_code("<script>"), None);
        assert!(flash(None).into_string().is_empty());
    }

    #[test]
    fn values_are_escaped() {
        let t = Table {
            caption: "<b>",
            columns: vec![("a", false)],
            rows: vec![vec![html! { ("<i>") }]],
        };
        let s = table(&t).into_string();
        assert!(s.contains("&lt;b&gt;") && s.contains("&lt;i&gt;") && !s.contains("<i>"));
    }

    #[test]
    fn a_pager_links_its_neighbours() {
        let p = pager("/needs?type=x", 5, 20).into_string();
        assert!(p.contains("/needs?type=x&amp;page=4") && p.contains("page=6"));
        assert!(p.contains("page=1\"") && p.contains("page=20\""));
        assert!(!p.contains("page=10\""));
        assert!(pager("/needs", 1, 1).into_string().is_empty());
    }
}
