//! Action plans in the portal: a State's plan (`/states/{code}/plan`), its
//! downloads (`plan.docx`, `plan.pdf`, `plan.json`), the forms of those who
//! write it (draft, add and edit an item, change its status, add a progress
//! note, publish or withdraw), and the secretariat's overview (`/plans`).
//!
//! Who reads and writes is asked of `accounts` (`may_read_plan`,
//! `may_write_plan`, `may_publish_plan`). A plan a reader may not read is
//! answered as one that does not exist (404), as a need is. Every form
//! carries the session's secret (`CsrfForm`) and a save goes back to the
//! plan with `?done=`.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::error::{WebError, WebResult};
use super::session::{CsrfForm, Reader, Secretariat, Session, StateParty};
use super::view::{self, Done, Flashed, Markup, html};
use super::{Shared, Snapshot};
use crate::accounts::{self, Account};
use crate::date::Date;
use crate::plan::document::{self, Document};
use crate::plan::{Item, Note, Plan, PlanNeed, Status};

#[derive(serde::Deserialize, Default)]
pub(super) struct CycleQuery {
    cycle: Option<u8>,
}

/// Today, what overdue items are counted against.
fn today() -> WebResult<Date> {
    crate::clock::today().ok_or_else(|| {
        WebError::Failed(crate::error::Error::Other(
            "the system clock gives no day".into(),
        ))
    })
}

/// The cycle a page is about: the one asked for, else the latest the State
/// has a plan for, else the latest it was reviewed in.
fn cycle_of(app: &Shared, s: &Snapshot, code: &str, asked: Option<u8>) -> WebResult<u8> {
    if let Some(c) = asked {
        return Ok(c);
    }
    let planned = app.read(|st| st.plans(Some(code)))?;
    if let Some(p) = planned.iter().map(|p| p.cycle).max() {
        return Ok(p);
    }
    let id = s.reference.find_state(code);
    Ok(s.registry
        .reviews
        .iter()
        .filter(|r| Some(r.state) == id)
        .map(|r| r.cycle)
        .max()
        .unwrap_or(1))
}

/// The State of a path's code, for routes with a second parameter.
fn state_named(s: &Snapshot, code: &str) -> WebResult<String> {
    s.reference
        .find_state(code)
        .map(|id| s.reference.state(id).code.clone())
        .ok_or_else(|| WebError::not_found(format!("`{code}` is no State party")))
}

fn no_plan(code: &str, cycle: u8) -> WebError {
    WebError::not_found(format!(
        "{code} has no action plan for cycle {cycle} you may read"
    ))
}

/// The plan `who` may read, or 404.
fn readable_plan(app: &Shared, who: Option<&Account>, code: &str, cycle: u8) -> WebResult<Plan> {
    match app.read(|st| st.plan(code, cycle))? {
        Some(p) if accounts::may_read_plan(who, code, p.published) => Ok(p),
        _ => Err(no_plan(code, cycle)),
    }
}

fn back_to_plan(code: &str, cycle: u8, done: Done) -> Response {
    let to = format!(
        "{}&cycle={cycle}",
        done.query(&format!("/states/{code}/plan"))
    );
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}

/// The links on a State's page to the plans `who` may read.
pub(crate) fn plan_links(app: &Shared, who: Option<&Account>, code: &str) -> WebResult<Markup> {
    let plans: Vec<Plan> = app
        .read(|st| st.plans(Some(code)))?
        .into_iter()
        .filter(|p| accounts::may_read_plan(who, code, p.published))
        .collect();
    let writes = accounts::may_write_plan(who, code);
    let today = today()?;
    Ok(html! {
        @if !plans.is_empty() || writes {
            h2 { "Action plan" }
            @if plans.is_empty() {
                p { a href={ "/states/" (code) "/plan" } { "Draft the action plan from the open needs" } }
            }
            ul {
                @for p in &plans {
                    @let progress = p.progress(today);
                    li {
                        a href={ "/states/" (code) "/plan?cycle=" (p.cycle) } { "Action plan, cycle " (p.cycle) }
                        ": " (view::count(progress.items, "item", "items")) ", " (progress.done) " done"
                        @if progress.overdue > 0 { ", " strong.overdue { (progress.overdue) " overdue" } }
                        @if !p.published { " (not published)" }
                    }
                }
            }
        }
    })
}

fn items_table(d: &Document) -> Markup {
    let rows = d
        .items
        .iter()
        .map(|i| {
            let cells = document::row(i);
            let mut row: Vec<Markup> = cells.iter().map(|c| html! { (c) }).collect();
            if i.overdue {
                row[6] = html! { strong.overdue { (cells[6]) } };
            }
            row
        })
        .collect();
    view::table(&view::Table {
        caption: "Items of the plan, by priority",
        columns: document::COLUMNS
            .iter()
            .enumerate()
            .map(|(k, c)| (*c, k == 0))
            .collect(),
        rows,
    })
}

fn notes_section(d: &Document) -> Markup {
    html! {
        h2 { "Progress notes" }
        @if d.items.iter().all(|i| i.notes.is_empty()) { p { "No progress is noted yet." } }
        @for i in d.items.iter().filter(|i| !i.notes.is_empty()) {
            h3 { (i.priority) ". " (i.title) }
            ul {
                @for n in &i.notes {
                    li { (crate::report::words::date(n.day)) " (" (n.author) "): " (n.text) }
                }
            }
        }
    }
}

fn day_value(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn item_form(code: &str, cycle: u8, csrf: &str, i: &Item) -> Markup {
    let action = format!("/states/{code}/plan/items/{}", i.id);
    let id = |f: &str| format!("item-{}-{f}", i.id);
    view::post_form(
        &action,
        csrf,
        Some(&format!("Item {}: {}", i.priority, i.title)),
        html! {
            input type="hidden" name="cycle" value=(cycle);
            fieldset {
                legend { "Item " (i.priority) ": " (i.title) }
                label for=(id("priority")) { "Priority" }
                input id=(id("priority")) name="priority" type="number" min="1" value=(i.priority);
                label for=(id("title")) { "Title" }
                input id=(id("title")) name="title" value=(i.title);
                label for=(id("lead")) { "Lead institution" }
                input id=(id("lead")) name="lead" value=(i.lead);
                label for=(id("start")) { "Planned start" }
                input id=(id("start")) name="start" type="date" value=(day_value(i.starts));
                label for=(id("end")) { "Planned end" }
                input id=(id("end")) name="end" type="date" value=(day_value(i.ends));
                label for=(id("status")) { "Status" }
                select id=(id("status")) name="status" {
                    @for s in Status::ALL {
                        option value=(s.code()) selected[s == i.status] { (s.label()) }
                    }
                }
                label for=(id("providers")) { "Providers involved (separated by ;)" }
                input id=(id("providers")) name="providers" value=(i.providers.join("; "));
                button type="submit" { "Save the item" }
            }
        },
    )
}

fn note_form(code: &str, cycle: u8, csrf: &str, i: &Item) -> Markup {
    let action = format!("/states/{code}/plan/items/{}/notes", i.id);
    let id = format!("note-{}", i.id);
    view::post_form(
        &action,
        csrf,
        Some(&format!("Progress on item {}", i.priority)),
        html! {
            input type="hidden" name="cycle" value=(cycle);
            label for=(id) { "Progress on item " (i.priority) " (dated today, kept as written)" }
            textarea id=(id) name="text" rows="2" {}
            button type="submit" { "Add the note" }
        },
    )
}

/// The form that adds an item tied to needs chosen among the open ones.
fn add_form(s: &Snapshot, code: &str, cycle: u8, csrf: &str) -> Markup {
    let open = open_needs(s, code, cycle);
    html! {
        h2 { "Add an item" }
        @if open.is_empty() { p { "The State has no open need in this cycle." } }
        @else {
            (view::post_form(&format!("/states/{code}/plan/items"), csrf, Some("Add an item"), html! {
                input type="hidden" name="cycle" value=(cycle);
                label for="new-title" { "Title" }
                input id="new-title" name="title" required;
                label for="new-priority" { "Priority" }
                input id="new-priority" name="priority" type="number" min="1" value="1";
                label for="new-lead" { "Lead institution" }
                input id="new-lead" name="lead";
                label for="new-start" { "Planned start" }
                input id="new-start" name="start" type="date";
                label for="new-end" { "Planned end" }
                input id="new-end" name="end" type="date";
                label for="new-providers" { "Providers involved (separated by ;)" }
                input id="new-providers" name="providers";
                fieldset {
                    legend { "The open needs it answers" }
                    @for (k, n) in open.iter().enumerate() {
                        @let id = format!("new-need-{k}");
                        div {
                            input id=(id) type="checkbox" name="need" value={ (n.article) ":" (n.need_type) };
                            label for=(id) {
                                "Article " (n.article) ", " (document::type_label(&s.reference, cycle, &n.need_type))
                            }
                        }
                    }
                }
                button type="submit" { "Add the item" }
            }))
        }
    }
}

/// The needs of the State in the cycle that are not being addressed.
fn open_needs(s: &Snapshot, code: &str, cycle: u8) -> Vec<PlanNeed> {
    let Some(id) = s.reference.find_state(code) else {
        return Vec::new();
    };
    let Some(review) = s.registry.find_review(id, cycle) else {
        return Vec::new();
    };
    let types = s.reference.types(cycle);
    let mut open: Vec<PlanNeed> = s
        .registry
        .needs
        .iter()
        .filter(|n| n.review == review && !n.addressed)
        .filter_map(|n| {
            types.get(usize::from(n.need_type)).map(|t| PlanNeed {
                article: n.article,
                need_type: t.code.clone(),
            })
        })
        .collect();
    open.sort();
    open
}

fn writer_forms(s: &Snapshot, who: &Session, plan: &Plan) -> Markup {
    let (code, cycle, csrf) = (&plan.state, plan.cycle, who.csrf.as_str());
    let account = Some(&who.account);
    html! {
        @if accounts::may_publish_plan(account, code) {
            h2 { "Publication" }
            (view::post_form(&format!("/states/{code}/plan/publish"), csrf, Some("Publication"), html! {
                input type="hidden" name="cycle" value=(cycle);
                div {
                    input id="published" type="checkbox" name="published" checked[plan.published];
                    label for="published" { "The State party publishes this plan: everyone may read it" }
                }
                button type="submit" { "Save the publication" }
            }))
        }
        h2 { "Edit the items" }
        @for i in &plan.items {
            (item_form(code, cycle, csrf, i))
            (note_form(code, cycle, csrf, i))
        }
        (add_form(s, code, cycle, csrf))
    }
}

/// `GET /states/{code}/plan`: the plan as the reader may read it.
pub(super) async fn plan_page(
    State(app): State<Shared>,
    reader: Reader,
    StateParty(code): StateParty,
    Query(flashed): Query<Flashed>,
    Query(q): Query<CycleQuery>,
) -> WebResult<Html<String>> {
    let s = app.snapshot();
    let who = reader.0.as_ref();
    let account = reader.account();
    let cycle = cycle_of(&app, &s, &code, q.cycle)?;
    let writes = accounts::may_write_plan(account, &code);
    let name = s
        .reference
        .find_state(&code)
        .map_or_else(|| code.clone(), |id| s.reference.state(id).name.clone());
    let title = format!("Action plan of {name}, cycle {cycle}");
    let plan = match app.read(|st| st.plan(&code, cycle))? {
        Some(p) if accounts::may_read_plan(account, &code, p.published) => p,
        None if writes => {
            let csrf = who.map_or("", |w| w.csrf.as_str());
            let main = html! {
                (view::flash(flashed.done()))
                p.lede { (code) " has no action plan for cycle " (cycle) " yet." }
                (view::post_form(&format!("/states/{code}/plan/draft"), csrf, Some("Draft the plan"), html! {
                    input type="hidden" name="cycle" value=(cycle);
                    p { "The draft groups the open needs by related articles and ranks them by needs, types and challenges (the method is in docs/FOLLOW-UP.md); edit it here afterwards." }
                    button type="submit" { "Draft the plan from the open needs" }
                }))
            };
            return Ok(view::layout(&title, who, main));
        }
        _ => return Err(no_plan(&code, cycle)),
    };
    let d = document::document(&plan, &s.reference, today()?);
    let base = format!("/states/{code}/plan");
    let main = html! {
        (view::flash(flashed.done()))
        p.lede {
            "The action plan of " a href={ "/states/" (code) } { (d.state_name) } " for review cycle " (cycle)
            ", drafted " (crate::report::words::date(d.drafted)) ". "
            @if d.published { "Published by the State party." } @else { "Not published: read by the State's focal points and the secretariat only." }
        }
        p {
            "Download: "
            a href={ (base) ".docx?cycle=" (cycle) } { "Word" } ", "
            a href={ (base) ".pdf?cycle=" (cycle) } { "PDF" } ", "
            a href={ (base) ".json?cycle=" (cycle) } { "JSON" }
        }
        (items_table(&d))
        (notes_section(&d))
        @if let (Some(w), true) = (who, writes) { (writer_forms(&s, w, &plan)) }
    };
    Ok(view::layout(&title, who, main))
}

/// `GET /states/{code}/plan.{format}`: the plan as a document.
pub(super) async fn plan_download(
    State(app): State<Shared>,
    reader: Reader,
    Path((code, format)): Path<(String, String)>,
    Query(q): Query<CycleQuery>,
) -> WebResult<Response> {
    let s = app.snapshot();
    let code = state_named(&s, &code)?;
    let cycle = cycle_of(&app, &s, &code, q.cycle)?;
    if !matches!(format.as_str(), "docx" | "pdf" | "json" | "html") {
        return Err(WebError::not_found(format!(
            "format `{format}`: one of docx, pdf, json, html"
        )));
    }
    let plan = readable_plan(&app, reader.account(), &code, cycle)?;
    let d = document::document(&plan, &s.reference, today()?);
    let file = |ext: &str| format!("attachment; filename=\"plan-{code}-{cycle}.{ext}\"");
    let (content_type, disposition, body): (&str, Option<String>, Vec<u8>) = match format.as_str() {
        "docx" => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Some(file("docx")),
            document::to_docx(&d)?,
        ),
        "pdf" => (
            "application/pdf",
            Some(file("pdf")),
            super::public::pdf_bytes(
                &document::to_html(&d),
                &format!("/states/{code}/plan.html?cycle={cycle}"),
            )?,
        ),
        "json" => (
            "application/json",
            None,
            document::to_json(&d)?.into_bytes(),
        ),
        _ => (
            "text/html; charset=utf-8",
            None,
            document::to_html(&d).into_bytes(),
        ),
    };
    let mut r = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    if let Some(v) = disposition.and_then(|d| header::HeaderValue::from_str(&d).ok()) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

/// The writer of a plan, or 403.
fn writer<'a>(who: &'a Session, code: &str) -> WebResult<&'a Account> {
    if accounts::may_write_plan(Some(&who.account), code) {
        Ok(&who.account)
    } else {
        Err(WebError::forbidden(
            "only the State's focal points and the secretariat write its action plan",
        ))
    }
}

#[derive(serde::Deserialize)]
pub(super) struct CycleForm {
    cycle: u8,
}

/// `POST /states/{code}/plan/draft`: the plan drafted from the open needs.
pub(super) async fn draft(
    State(app): State<Shared>,
    StateParty(code): StateParty,
    CsrfForm { who, form }: CsrfForm<CycleForm>,
) -> WebResult<Response> {
    let account = writer(&who, &code)?;
    let s = app.snapshot();
    let id = s
        .reference
        .find_state(&code)
        .ok_or_else(|| WebError::not_found("no such State party"))?;
    let groups = crate::report::default_groups();
    let drafted =
        crate::plan::draft::draft(&s.reference, &s.registry, &groups, id, form.cycle, today()?)
            .map_err(|e| match e {
                crate::plan::draft::NoDraft::NoReview => {
                    WebError::bad(format!("{code} has no review in cycle {}", form.cycle))
                }
                crate::plan::draft::NoDraft::NoOpenNeed => {
                    WebError::bad(format!("{code} has no open need in cycle {}", form.cycle))
                }
            })?;
    let by = super::portal::author(account);
    if !app.write(|st| st.save_plans(by, std::slice::from_ref(&drafted.plan), false))? {
        return Err(WebError::conflict(format!(
            "{code} has an action plan for cycle {} already",
            form.cycle
        )));
    }
    Ok(back_to_plan(&code, form.cycle, Done::PlanDrafted))
}

/// The fields of a form, repeated ones (`need`) kept in order.
fn field<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.trim())
}

fn form_cycle(form: &[(String, String)]) -> WebResult<u8> {
    field(form, "cycle")
        .parse()
        .map_err(|_| WebError::bad("cycle: a review cycle"))
}

fn form_day(form: &[(String, String)], name: &str) -> WebResult<Option<Date>> {
    match field(form, name) {
        "" => Ok(None),
        t => t
            .parse()
            .map(Some)
            .map_err(|e: crate::date::DateError| WebError::bad(format!("{name}: {e}"))),
    }
}

/// What a form says of an item's fields, over `item`.
fn item_from_form(form: &[(String, String)], mut item: Item) -> WebResult<Item> {
    item.priority = field(form, "priority")
        .parse()
        .map_err(|_| WebError::bad("priority: a whole number from 1"))?;
    item.title = field(form, "title").to_string();
    item.lead = field(form, "lead").to_string();
    item.starts = form_day(form, "start")?;
    item.ends = form_day(form, "end")?;
    if form.iter().any(|(k, _)| k == "status") {
        item.status = Status::from_code(field(form, "status"))
            .ok_or_else(|| WebError::bad("status: one of planned, under_way, done, dropped"))?;
    }
    item.providers = field(form, "providers")
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    crate::plan::check_item(&item).map_err(|(f, why)| WebError::bad(format!("{f}: {why}")))?;
    Ok(item)
}

/// `POST /states/{code}/plan/items`: an item tied to open needs.
pub(super) async fn add_item(
    State(app): State<Shared>,
    StateParty(code): StateParty,
    CsrfForm { who, form }: CsrfForm<Vec<(String, String)>>,
) -> WebResult<Response> {
    let account = writer(&who, &code)?;
    let cycle = form_cycle(&form)?;
    let s = app.snapshot();
    let open = open_needs(&s, &code, cycle);
    let mut needs = Vec::new();
    for (_, v) in form.iter().filter(|(k, _)| k == "need") {
        let need = v
            .split_once(':')
            .and_then(|(a, t)| {
                Some(PlanNeed {
                    article: a.parse().ok()?,
                    need_type: t.to_string(),
                })
            })
            .filter(|n| open.contains(n))
            .ok_or_else(|| {
                WebError::bad(format!(
                    "need: `{v}` is no open need of {code} in cycle {cycle}"
                ))
            })?;
        needs.push(need);
    }
    let blank = Item {
        id: 0,
        priority: 1,
        title: String::new(),
        needs,
        lead: String::new(),
        starts: None,
        ends: None,
        status: Status::Planned,
        providers: Vec::new(),
        notes: Vec::new(),
    };
    let item = item_from_form(&form, blank)?;
    let by = super::portal::author(account);
    match app.write(|st| st.add_plan_item(by, &code, cycle, &item))? {
        Some(_) => Ok(back_to_plan(&code, cycle, Done::PlanItemAdded)),
        None => Err(no_plan(&code, cycle)),
    }
}

/// `POST /states/{code}/plan/items/{id}`: an item's fields and status.
pub(super) async fn edit_item(
    State(app): State<Shared>,
    Path((code, id)): Path<(String, i64)>,
    CsrfForm { who, form }: CsrfForm<Vec<(String, String)>>,
) -> WebResult<Response> {
    let code = state_named(&app.snapshot(), &code)?;
    let account = writer(&who, &code)?;
    let cycle = form_cycle(&form)?;
    let plan = readable_plan(&app, Some(account), &code, cycle)?;
    let Some(old) = plan.items.into_iter().find(|i| i.id == id) else {
        return Err(WebError::not_found(format!("the plan has no item {id}")));
    };
    let item = item_from_form(&form, old)?;
    let by = super::portal::author(account);
    if app.write(|st| st.update_plan_item(by, &code, cycle, &item))? {
        Ok(back_to_plan(&code, cycle, Done::PlanItemChanged))
    } else {
        Err(WebError::not_found(format!("the plan has no item {id}")))
    }
}

#[derive(serde::Deserialize)]
pub(super) struct NoteForm {
    cycle: u8,
    text: String,
}

/// `POST /states/{code}/plan/items/{id}/notes`: a progress note, dated today.
pub(super) async fn add_note(
    State(app): State<Shared>,
    Path((code, id)): Path<(String, i64)>,
    CsrfForm { who, form }: CsrfForm<NoteForm>,
) -> WebResult<Response> {
    let code = state_named(&app.snapshot(), &code)?;
    let account = writer(&who, &code)?;
    let text = form.text.trim();
    if text.is_empty() {
        return Err(WebError::bad("text: a note says what progress was made"));
    }
    let note = Note {
        at: super::now(),
        author: account.name.clone(),
        day: today()?,
        text: text.to_string(),
    };
    let by = super::portal::author(account);
    if app.write(|st| st.add_plan_note(by, &code, form.cycle, id, &note))? {
        Ok(back_to_plan(&code, form.cycle, Done::PlanNote))
    } else {
        Err(WebError::not_found(format!("the plan has no item {id}")))
    }
}

#[derive(serde::Deserialize)]
pub(super) struct PublishForm {
    cycle: u8,
    published: Option<String>,
}

/// `POST /states/{code}/plan/publish`: the State's word on publication.
pub(super) async fn publish(
    State(app): State<Shared>,
    StateParty(code): StateParty,
    CsrfForm { who, form }: CsrfForm<PublishForm>,
) -> WebResult<Response> {
    if !accounts::may_publish_plan(Some(&who.account), &code) {
        return Err(WebError::forbidden(
            "only the State party (its focal points, or the secretariat on its word) publishes its plan",
        ));
    }
    let published = form.published.is_some();
    let by = super::portal::author(&who.account);
    if !app.write(|st| st.publish_plan(by, &code, form.cycle, published))? {
        return Err(no_plan(&code, form.cycle));
    }
    let done = if published {
        Done::PlanPublished
    } else {
        Done::PlanWithdrawn
    };
    Ok(back_to_plan(&code, form.cycle, done))
}

/// `GET /plans`: the secretariat's overview of every plan.
pub(super) async fn overview(
    State(app): State<Shared>,
    Secretariat(who): Secretariat,
) -> WebResult<Html<String>> {
    let plans = app.read(|st| st.plans(None))?;
    let today = today()?;
    let rows = plans
        .iter()
        .map(|p| {
            let progress = p.progress(today);
            vec![
                html! { a href={ "/states/" (p.state) "/plan?cycle=" (p.cycle) } { (p.state) } },
                html! { (p.cycle) },
                html! { (progress.items) },
                html! { (progress.done) },
                html! { @if progress.overdue > 0 { strong.overdue { (progress.overdue) } } @else { "0" } },
                html! { @if p.published { "yes" } @else { "no" } },
            ]
        })
        .collect();
    let main = html! {
        p.lede { "Every State's action plan: its items, those done, those overdue (past their planned end, neither done nor dropped), and whether the State published it." }
        @if plans.is_empty() { p { "No State has an action plan yet." } }
        @else {
            (view::table(&view::Table {
                caption: "Action plans",
                columns: vec![("State", false), ("Cycle", true), ("Items", true), ("Done", true), ("Overdue", true), ("Published", false)],
                rows,
            }))
        }
    };
    Ok(view::layout("Action plans", Some(&who), main))
}
