//! A State's records in the portal, as each reader may see them: the
//! State's page and its needs API, marking needs as being addressed, the
//! secretariat's edits (reviews, the words of needs, removing a need),
//! proposals from focal points, search, and the log of changes.
//!
//! What a page shows of a State's records is decided by `accounts`, never
//! here. Every write about a need first asks whether the writer may read
//! it ([`may_read_need_named`]); a need it may not read is answered
//! exactly as one that does not exist ([`no_such_need`]).

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use super::error::{WebError, WebResult};
use super::session::{CsrfForm, Reader, Secretariat, Session, SignedIn, StateParty};
use super::view::{self, Done, Flashed, Markup, html};
use super::{Shared, Snapshot, now};
use crate::accounts::{self, Account, Origin};
use crate::records::{Source, Sources};
use crate::store::{Hit, NeedKey};

/// After a change: the records read again, and the State's page shown
/// with what was done.
pub(crate) fn reload_and_show(app: &Shared, state: &str, done: Done) -> WebResult<Response> {
    app.reload()?;
    Ok(see_state(state, done))
}

/// The State's page, saying what was done.
pub(crate) fn see_state(state: &str, done: Done) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, done.query(&format!("/states/{state}")))],
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

pub(super) async fn state_page(
    State(app): State<Shared>,
    reader: Reader,
    StateParty(code): StateParty,
    Query(flashed): Query<Flashed>,
) -> WebResult<Html<String>> {
    let s = app.snapshot();
    let who = reader.0.as_ref();
    let account = reader.account();
    let needs = visible_needs(&s, account, &code).unwrap_or_default();
    let id = s
        .reference
        .find_state(&code)
        .ok_or_else(|| WebError::not_found(format!("`{code}` is no State party")))?;
    let state = s.reference.state(id);
    let csrf = who.map_or("", |w| w.csrf.as_str());
    let reviews: Vec<usize> = (0..s.registry.reviews.len())
        .filter(|&ri| s.registry.reviews[ri].state == id)
        .collect();
    let region = state
        .region
        .as_deref()
        .and_then(|r| s.reference.regions.iter().find(|g| g.code == r));
    let main = html! {
        (view::flash(flashed.done()))
        p.lede {
            (state.name) " is a State party"
            @if let Some(g) = region { " of the " a href=(format!("/regions/{}", g.code)) { (g.name) } }
            ". Its records, as far as you may read them."
        }
        (reviews_section(&s, account, &reviews))
        @if accounts::is_secretariat(account) { (review_forms(&s, id, &state.code, csrf)) }
        (not_shown(&s, account, &state.name, &reviews))
        (needs_by_article(&s, &needs, account, &state.code, csrf))
        (findings_by_article(&s, account, &reviews))
        (super::peers::section(&s, account, id))
        @if who.is_some() {
            (super::assistance::assistance_section(&app, who, &state.code, &needs)?)
            (super::activities::activities_section(&app, &s, who, &state.code)?)
        } @else {
            h2 { "Assistance under way" }
            p { "Assistance recorded against a State's needs is read by the secretariat, the State's focal points and the provider who records it." }
        }
        (super::plans::plan_links(&app, account, &state.code)?)
        (compared_with_group(&s, &needs, region.map(|g| g.code.as_str()), &reviews))
        (super::assistance::sharing_forms(&s, who, &state.code, id))
        (proposals_section(&app, &s, who, &state.code, id)?)
        (super::readings::provenance_section(&app, &s, account, &state.code)?)
    };
    Ok(view::layout(
        &format!("{} ({})", state.name, state.code),
        who,
        main,
    ))
}

/// A State's reviews: when each finished, and which documents exist and
/// are published.
fn reviews_section(s: &Snapshot, who: Option<&Account>, reviews: &[usize]) -> Markup {
    let rows = reviews
        .iter()
        .map(|&ri| {
            let r = &s.registry.reviews[ri];
            let mut row = vec![
                html! { "Cycle " (r.cycle) },
                html! { (r.completed.map(crate::report::words::date).unwrap_or_else(|| "not recorded".into())) },
            ];
            for src in Source::ALL {
                row.push(html! {
                    @if !r.documents.contains(src) { "none" }
                    @else if r.published.contains(src) { "published" }
                    @else { "not published" }
                });
            }
            row.push(html! { @if r.shared_with_providers { "yes" } @else { "no" } });
            let _ = who;
            row
        })
        .collect();
    html! {
        h2 { "Reviews" }
        @if reviews.is_empty() {
            p { "No review of this State party is held in the workspace." }
        } @else {
            (view::table(&view::Table {
                caption: "Reviews and their documents",
                columns: vec![("Review", false), ("Finished", false), ("Self-assessment", false), ("Country report", false), ("Executive summary", false), ("Shared with providers", false)],
                rows,
            }))
        }
    }
}

/// What the reader is not shown of a State's reviews, and why.
fn not_shown(s: &Snapshot, who: Option<&Account>, name: &str, reviews: &[usize]) -> Markup {
    let mut said = Vec::new();
    for &ri in reviews {
        let r = &s.registry.reviews[ri];
        let code = &s.reference.state(r.state).code;
        if accounts::sees_all_of(who, code) {
            continue;
        }
        let readable = accounts::readable_sources(who, code, r);
        for src in Source::ALL {
            if r.documents.contains(src) && !readable.contains(src) {
                said.push(format!(
                    "{name} has not published its {} of cycle {}.",
                    src.label(),
                    r.cycle
                ));
            }
        }
        if accounts::may_record_assistance(who) && !r.shared_with_providers {
            said.push(format!(
                "{name} does not share its cycle {} review with providers and donors.",
                r.cycle
            ));
        }
    }
    html! {
        @if !said.is_empty() {
            h2 { "What is not shown, and why" }
            div.not-shown {
                ul { @for line in &said { li { (line) } } }
                p { "The needs, challenges and good practices of documents not published are read only by the secretariat and the State's focal points, and by providers when the State shares its review with them." }
            }
        }
    }
}

/// An article's heading on a State's page: its number and title.
fn article_heading(s: &Snapshot, article: u8, cycle: u8) -> Markup {
    html! {
        @if article == 0 {
            h3 { "Not tied to an article" }
        } @else {
            h3 {
                a href=(format!("/articles/{article}?cycle={cycle}")) { "Article " (article) }
                @if let Some(a) = s.reference.article(article) { ": " (a.title) }
            }
        }
    }
}

/// The key of a need in a form: `cycle:article:type`.
fn need_key(n: &VisibleNeed) -> String {
    format!("{}:{}:{}", n.cycle, n.article, n.need_type)
}

/// The State's needs the reader may see, grouped by article, with the
/// words of the documents the reader may read; for those who may, one
/// form for the whole section marks needs as being addressed (its fields
/// sit by each need, tied to the form by `form=`), and the secretariat
/// edits each need's words in place.
fn needs_by_article(
    s: &Snapshot,
    needs: &[VisibleNeed],
    account: Option<&Account>,
    code: &str,
    csrf: &str,
) -> Markup {
    let editable = accounts::may_mark_addressed(account, code);
    let edits_words = accounts::is_secretariat(account);
    let mut groups: Vec<((u8, u8), Vec<&VisibleNeed>)> = Vec::new();
    let mut sorted: Vec<&VisibleNeed> = needs.iter().collect();
    sorted.sort_by_key(|n| (n.cycle, n.article == 0, n.article));
    for n in sorted {
        match groups.last_mut() {
            Some((k, list)) if *k == (n.cycle, n.article) => list.push(n),
            _ => groups.push(((n.cycle, n.article), vec![n])),
        }
    }
    html! {
        h2 { "Technical assistance needs, by article" }
        @if needs.is_empty() {
            p { "No need of this State party is open to you: it has published none, or none is held." }
        } @else {
            p { (view::count(needs.len(), "need", "needs")) " you may read, on " (view::count(groups.len(), "article", "articles")) "." }
            @for ((cycle, article), list) in &groups {
                div.article-needs {
                    (article_heading(s, *article, *cycle))
                    ul {
                        @for n in list {
                            @let key = need_key(n);
                            li.need {
                                span.type { (n.type_label) }
                                " " span.tags { "cycle " (n.cycle) "; named in " (n.sources.join(", ").replace('_', " "))
                                    @if n.addressed && !editable { "; being addressed" } }
                                @for t in n.texts.iter().filter(|t| !t.text.is_empty()) {
                                    p.words { "“" (t.text) "”"
                                        span.tags { " (" (t.source.unwrap_or("document not recorded").replace('_', " "))
                                            @if !t.paragraph.is_empty() { ", para. " (t.paragraph) } ")" }
                                        @if !t.addressed_by.is_empty() { span.tags { " Being addressed by " (t.addressed_by) "." } }
                                    }
                                }
                                @if editable {
                                    div {
                                        input type="hidden" name="need" value=(key) form="addressed";
                                        label.check { input type="checkbox" name="addressed" value=(key) checked[n.addressed] form="addressed"; " being addressed" }
                                        " "
                                        label.inline { "by " input name=(format!("by:{key}")) size="14" form="addressed" aria-label=(format!("Addressed by, {}", n.type_label)); }
                                    }
                                }
                                @if edits_words { (words_editor(n, code, csrf)) }
                            }
                        }
                    }
                }
            }
            @if editable {
                form #addressed method="post" action=(format!("/states/{code}/addressed")) {
                    input type="hidden" name="csrf" value=(csrf);
                    button type="submit" { "Save the needs being addressed" }
                }
            }
        }
    }
}

/// The challenges and good practices of a State's reviews that the reader
/// may read, by article.
fn findings_by_article(s: &Snapshot, who: Option<&Account>, reviews: &[usize]) -> Markup {
    let readable: Vec<usize> = reviews
        .iter()
        .copied()
        .filter(|&ri| super::public::may_read_findings(s, who, ri))
        .collect();
    let mut challenges: Vec<&crate::records::Challenge> = s
        .registry
        .challenges
        .iter()
        .filter(|c| readable.contains(&(c.review as usize)))
        .collect();
    challenges.sort_by_key(|c| (c.article == 0, c.article));
    let mut practices: Vec<&crate::records::GoodPractice> = s
        .registry
        .good_practices
        .iter()
        .filter(|g| readable.contains(&(g.review as usize)))
        .collect();
    practices.sort_by_key(|g| (g.article == 0, g.article));
    let cycle = |review: u32| s.registry.reviews[review as usize].cycle;
    let categories = &s.reference.challenge_categories;
    html! {
        h2 { "Challenges, by article" }
        @if challenges.is_empty() { p { "None recorded that you may read." } }
        @for (i, c) in challenges.iter().enumerate() {
            @if i == 0 || challenges[i - 1].article != c.article { (article_heading(s, c.article, cycle(c.review))) }
            p.need { span.type { (categories.get(c.category as usize).map_or("", |k| k.label.as_str())) } ": " (c.text) }
        }
        h2 { "Good practices, by article" }
        @if practices.is_empty() { p { "None recorded that you may read." } }
        @for (i, g) in practices.iter().enumerate() {
            @if i == 0 || practices[i - 1].article != g.article { (article_heading(s, g.article, cycle(g.review))) }
            p.need { (g.text) }
        }
    }
}

/// A group's States in the sample, its needs, and its needs by type, for
/// a cycle's sample of that group.
fn group_counts(
    s: &Snapshot,
    q: &super::sample::SampleQuery,
    region: &str,
    cycle: u8,
) -> Option<Vec<u32>> {
    let kept = s
        .kept(format!("group-counts/{region}/{cycle}"), || {
            let (a, _) = super::sample::analyse(s, q)?;
            let all = a.all();
            let mut v = vec![a.states_covered, all.total.needs];
            v.extend(all.by_type.iter().map(|c| c.needs));
            Ok(super::Kept::json(
                serde_json::to_vec(&v).unwrap_or_default(),
            ))
        })
        .ok()?;
    serde_json::from_slice(&kept.body).ok()
}

/// The State's needs the reader may read, by type, beside the needs per
/// State of its regional group in each of its review cycles (the note's
/// counts, public).
fn compared_with_group(
    s: &Snapshot,
    needs: &[VisibleNeed],
    region: Option<&str>,
    reviews: &[usize],
) -> Markup {
    let Some(region) = region else {
        return html! {};
    };
    let mut tables = Vec::new();
    for &ri in reviews {
        let cycle = s.registry.reviews[ri].cycle;
        let q = super::sample::SampleQuery {
            cycle: Some(cycle.to_string()),
            regions: Some(region.to_string()),
            ..Default::default()
        };
        // The group's counts are the same for every reader and State of
        // the group: kept, so that a State's page costs no analysis.
        let Some(group) = group_counts(s, &q, region, cycle) else {
            continue;
        };
        let (covered, total, by_type) = (group[0], group[1], &group[2..]);
        let per_state = |n: u32| {
            if covered == 0 {
                0.0
            } else {
                f64::from(n) / f64::from(covered)
            }
        };
        let rows = s
            .reference
            .types(cycle)
            .iter()
            .enumerate()
            .map(|(t, ty)| {
                let own = needs
                    .iter()
                    .filter(|n| n.cycle == cycle && n.need_type == ty.code)
                    .count();
                vec![
                    html! { (ty.label) },
                    html! { (own) },
                    html! { (format!("{:.1}", per_state(by_type.get(t).copied().unwrap_or(0)))) },
                ]
            })
            .collect::<Vec<_>>();
        let own_total = needs.iter().filter(|n| n.cycle == cycle).count();
        tables.push((cycle, covered, own_total, per_state(total), rows));
    }
    html! {
        @if !tables.is_empty() {
            h2 { "Compared with its regional group" }
            @for (cycle, covered, own, group, rows) in tables {
                p {
                    "Cycle " (cycle) ": " (view::count(own, "need", "needs")) " you may read, against "
                    (format!("{group:.1}")) " needs per State party of the group's "
                    (view::count(covered as usize, "State party", "States parties")) " reviewed."
                }
                (view::table(&view::Table {
                    caption: &format!("Needs by type, cycle {cycle}: the State beside its group"),
                    columns: vec![("Type of need", false), ("This State (needs you may read)", true), ("Group, needs per State party", true)],
                    rows,
                }))
            }
        }
    }
}

/// The secretariat's forms to edit each review of a State.
fn review_forms(s: &Snapshot, id: crate::reference::StateId, code: &str, csrf: &str) -> Markup {
    let action = format!("/states/{code}/review");
    html! {
        @for review in s.registry.reviews.iter().filter(|r| r.state == id) {
            @let label = format!("Review of cycle {}", review.cycle);
            (view::post_form(&action, csrf, Some(&label), html! {
                input type="hidden" name="cycle" value=(review.cycle);
                strong { "Review, cycle " (review.cycle) }
                label { "Finished on" input type="date" name="completed" value=(review.completed.map(|d| d.to_string()).unwrap_or_default()); }
                fieldset {
                    legend { "Published" }
                    @for src in review.documents.iter() {
                        label.check { input type="checkbox" name=(src.code()) checked[review.published.contains(src)]; " " (src.label()) }
                        " "
                    }
                }
                button type="submit" { "Save the review" }
            }))
        }
    }
}

/// A form naming one need of the path's State.
#[derive(serde::Deserialize)]
pub(super) struct NeedOnly {
    cycle: u8,
    article: u8,
    #[serde(rename = "type")]
    need_type: String,
}

/// The secretariat removes a need entered by mistake; a need against
/// which assistance is recorded stays, so that no record points nowhere.
pub(super) async fn remove_need(
    State(app): State<Shared>,
    Secretariat(_): Secretariat,
    StateParty(state): StateParty,
    CsrfForm { who, form }: CsrfForm<NeedOnly>,
) -> WebResult<Response> {
    let key = NeedKey {
        state,
        cycle: form.cycle,
        article: form.article,
        need_type: form.need_type,
    };
    if !may_read_need_named(&app.snapshot(), &who.account, &key) {
        return Err(no_such_need());
    }
    let helped = app
        .read(|st| st.assistance(Some(&key.state)))?
        .iter()
        .any(|a| a.need == key);
    if helped {
        return Err(WebError::conflict(
            "assistance is recorded against this need: it stays",
        ));
    }
    let by = author(&who.account);
    if app.write(|st| st.remove_need(by, &key))? {
        reload_and_show(&app, &key.state, Done::Removed)
    } else {
        Err(no_such_need())
    }
}

#[derive(serde::Deserialize)]
pub(super) struct NeedWords {
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
pub(super) async fn edit_need_text(
    State(app): State<Shared>,
    StateParty(state): StateParty,
    CsrfForm { who, form }: CsrfForm<NeedWords>,
) -> WebResult<Response> {
    let allowed = accounts::is_secretariat(Some(&who.account));
    let who = who.allowed(
        allowed,
        "only the secretariat edits the words of a need; focal points propose them",
    )?;
    let Some(source) = Source::parse(&form.source) else {
        return Err(WebError::bad(format!(
            "source: `{}` is no document of a review",
            form.source
        )));
    };
    if form.paragraph.chars().count() > 50 {
        return Err(WebError::bad("paragraph: at most 50 characters"));
    }
    if form.text.chars().count() > 4000 {
        return Err(WebError::bad("text: at most 4,000 characters"));
    }
    let key = NeedKey {
        state: state.clone(),
        cycle: form.cycle,
        article: form.article,
        need_type: form.need_type,
    };
    if !may_read_need_named(&app.snapshot(), &who.account, &key) {
        return Err(no_such_need());
    }
    let by = author(&who.account);
    if app
        .write(|st| st.edit_need_text(by, &key, source, form.paragraph.trim(), form.text.trim()))?
    {
        reload_and_show(&app, &state, Done::Words)
    } else {
        Err(WebError::not_found(format!(
            "no such need is named in the {}",
            source.label()
        )))
    }
}

#[derive(serde::Deserialize)]
pub(super) struct NeedProposal {
    cycle: u8,
    article: u8,
    #[serde(rename = "type")]
    need_type: String,
    source: String,
    #[serde(default)]
    text: String,
}

/// Checks a proposal's article, type and words against the reference.
fn check_proposal(s: &Snapshot, form: &NeedProposal) -> WebResult<Source> {
    let reviewed = s.reference.cycle_chapters(form.cycle);
    let article_ok = form.article == 0
        || s.reference
            .chapter_of(form.article)
            .is_some_and(|c| reviewed.contains(&c));
    if !article_ok {
        return Err(WebError::bad(format!(
            "article: article {} is not reviewed in cycle {}",
            form.article, form.cycle
        )));
    }
    if !s
        .reference
        .types(form.cycle)
        .iter()
        .any(|t| t.code == form.need_type)
    {
        return Err(WebError::bad(format!(
            "type: `{}` is no type of need of cycle {}",
            form.need_type, form.cycle
        )));
    }
    let Some(source) = Source::parse(&form.source) else {
        return Err(WebError::bad(format!(
            "source: `{}` is no document of a review",
            form.source
        )));
    };
    if form.text.chars().count() > 1000 {
        return Err(WebError::bad("text: at most 1,000 characters"));
    }
    Ok(source)
}

/// A focal point proposes a need of its State.
pub(super) async fn propose(
    State(app): State<Shared>,
    StateParty(state): StateParty,
    CsrfForm { who, form }: CsrfForm<NeedProposal>,
) -> WebResult<Response> {
    let a = &who.account;
    let own = a.role == accounts::Role::FocalPoint && a.state.as_deref() == Some(state.as_str());
    let who = who.allowed(
        own,
        "only the State's focal points propose changes to its records",
    )?;
    let source = check_proposal(&app.snapshot(), &form)?;
    let proposal = crate::store::Proposal {
        id: 0,
        at: now(),
        who: who.account.name,
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
    app.write(|st| st.propose_need(&proposal))?;
    Ok(see_state(&state, Done::Proposed))
}

#[derive(serde::Deserialize)]
pub(super) struct Decision {
    decision: String,
}

/// The secretariat accepts or rejects a proposal.
pub(super) async fn decide(
    State(app): State<Shared>,
    Secretariat(_): Secretariat,
    Path(id): Path<i64>,
    CsrfForm { who, form }: CsrfForm<Decision>,
) -> WebResult<Response> {
    let accept = match form.decision.as_str() {
        "accept" => true,
        "reject" => false,
        other => {
            return Err(WebError::bad(format!(
                "decision: `{other}` is neither accept nor reject"
            )));
        }
    };
    match app.write(|st| st.decide_proposal(author(&who.account), id, accept)) {
        Ok(Some(p)) => reload_and_show(&app, &p.need.state, Done::Decided),
        Ok(None) => Err(WebError::not_found("no such proposal waits")),
        // A proposal that cannot enter the records (no review) conflicts
        // with them; anything else is the server's fault.
        Err(crate::error::Error::Usage(e)) => Err(WebError::conflict(e)),
        Err(e) => Err(e.into()),
    }
}

/// One need marked, or not, as being addressed.
struct Addressed {
    key: NeedKey,
    addressed: bool,
    by: String,
}

/// The needs a form marks: one need (`cycle`, `article`, `type`,
/// `addressed`, `by`, as scripts send it), or the State page's section
/// (`need=KEY` for each need shown, `addressed=KEY` for those ticked,
/// `by:KEY`), with `KEY` as `cycle:article:type`.
fn addressed_of(state: &str, pairs: &[(String, String)]) -> WebResult<Vec<Addressed>> {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let key = |cycle: &str, article: &str, need_type: &str| -> WebResult<NeedKey> {
        Ok(NeedKey {
            state: state.to_string(),
            cycle: cycle
                .parse()
                .map_err(|_| WebError::bad(format!("cycle: `{cycle}` is not a cycle")))?,
            article: article
                .parse()
                .map_err(|_| WebError::bad(format!("article: `{article}` is not an article")))?,
            need_type: need_type.to_string(),
        })
    };
    let checked_by = |by: &str| -> WebResult<String> {
        if by.len() > 200 {
            return Err(WebError::bad("by: at most 200 characters"));
        }
        Ok(by.trim().to_string())
    };
    if let (Some(c), Some(a), Some(t)) = (get("cycle"), get("article"), get("type")) {
        return Ok(vec![Addressed {
            key: key(c, a, t)?,
            addressed: get("addressed").is_some(),
            by: checked_by(get("by").unwrap_or(""))?,
        }]);
    }
    let mut out = Vec::new();
    for (_, shown) in pairs.iter().filter(|(k, _)| k == "need") {
        let mut parts = shown.splitn(3, ':');
        let (Some(c), Some(a), Some(t)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(WebError::bad(format!("need: `{shown}` names no need")));
        };
        out.push(Addressed {
            key: key(c, a, t)?,
            addressed: pairs.iter().any(|(k, v)| k == "addressed" && v == shown),
            by: checked_by(get(&format!("by:{shown}")).unwrap_or(""))?,
        });
    }
    if out.is_empty() {
        return Err(WebError::bad("need: the form names no need"));
    }
    Ok(out)
}

/// Marks needs as being addressed, or no longer: one need, or the State
/// page's section at once. Needs whose mark does not change are left as
/// they are, so that the log holds only changes.
pub(super) async fn mark_addressed(
    State(app): State<Shared>,
    StateParty(state): StateParty,
    CsrfForm { who, form }: CsrfForm<Vec<(String, String)>>,
) -> WebResult<Response> {
    let allowed = accounts::may_mark_addressed(Some(&who.account), &state);
    let who = who.allowed(allowed, "your account may not change this State's records")?;
    let marks = addressed_of(&state, &form)?;
    let s = app.snapshot();
    let current = visible_needs(&s, Some(&who.account), &state).unwrap_or_default();
    for m in &marks {
        if !may_read_need_named(&s, &who.account, &m.key) {
            return Err(no_such_need());
        }
    }
    let single = marks.len() == 1;
    for m in &marks {
        let now = current.iter().find(|n| {
            n.cycle == m.key.cycle && n.article == m.key.article && n.need_type == m.key.need_type
        });
        let unchanged = now.is_some_and(|n| {
            n.addressed == m.addressed
                && (m.by.is_empty() || n.texts.iter().any(|t| t.addressed_by == m.by))
        });
        if unchanged && !single {
            continue;
        }
        let by = author(&who.account);
        if !app.write(|st| st.mark_addressed(by, &m.key, m.addressed, &m.by))? {
            return Err(no_such_need());
        }
    }
    reload_and_show(&app, &state, Done::Addressed)
}

/// The answer to a write about a need that does not exist, or that the
/// writer may not read: the same, so that trying cannot tell them apart.
pub(crate) fn no_such_need() -> WebError {
    WebError::not_found("no such need")
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

pub(super) async fn api_state_needs(
    State(app): State<Shared>,
    reader: Reader,
    StateParty(code): StateParty,
) -> WebResult<axum::Json<Vec<VisibleNeed>>> {
    let s = app.snapshot();
    Ok(axum::Json(
        visible_needs(&s, reader.account(), &code).unwrap_or_default(),
    ))
}

pub(super) async fn api_log(
    State(app): State<Shared>,
    SignedIn(who): SignedIn,
) -> WebResult<Response> {
    let allowed = accounts::may_read_log(Some(&who.account));
    who.allowed(allowed, "only the secretariat reads the log of changes")?;
    Ok(axum::Json(app.read(|s| s.log())?).into_response())
}

#[derive(serde::Deserialize)]
pub(super) struct Words {
    #[serde(default)]
    q: String,
}

/// What a search shows `who`: the hits of documents it may read.
fn search_for(app: &Shared, who: Option<&Account>, q: &str) -> WebResult<Vec<Hit>> {
    if q.chars().count() > 200 {
        return Err(WebError::bad("q: at most 200 characters"));
    }
    // The store applies the reader's rule before it cuts, so a text the
    // reader may see never hides behind many it may not.
    let readable = |h: &Hit| {
        accounts::may_read_text(
            who,
            &h.state,
            h.published,
            h.shared_with_providers,
            Origin::of_hit(&h.kind, h.source),
        )
    };
    Ok(app.read(|s| s.search(q, &readable, 0, 50))?)
}

pub(super) async fn api_search(
    State(app): State<Shared>,
    reader: Reader,
    Query(w): Query<Words>,
) -> WebResult<axum::Json<Vec<Hit>>> {
    if w.q.trim().is_empty() {
        return Err(WebError::bad("q: give the words to look for"));
    }
    Ok(axum::Json(search_for(&app, reader.account(), &w.q)?))
}

#[derive(serde::Deserialize)]
pub(super) struct ReviewEdit {
    cycle: u8,
    #[serde(default)]
    completed: String,
    self_assessment: Option<String>,
    country_report: Option<String>,
    executive_summary: Option<String>,
}

/// The secretariat edits a review: when it finished, what is published.
pub(super) async fn edit_review(
    State(app): State<Shared>,
    Secretariat(_): Secretariat,
    StateParty(state): StateParty,
    CsrfForm { who, form }: CsrfForm<ReviewEdit>,
) -> WebResult<Response> {
    let completed = form.completed.trim();
    if !completed.is_empty() && completed.parse::<crate::date::Date>().is_err() {
        return Err(WebError::bad(format!(
            "completed: `{completed}` is not a date (YYYY-MM-DD)"
        )));
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
    let by = author(&who.account);
    if app.write(|st| st.update_review(by, &state, form.cycle, completed, published))? {
        reload_and_show(&app, &state, Done::Review)
    } else {
        Err(WebError::not_found("no such review"))
    }
}
/// The secretariat's forms to change what each document says of a need.
fn words_editor(n: &VisibleNeed, code: &str, csrf: &str) -> Markup {
    let hidden = |source: &'static str| {
        html! {
            input type="hidden" name="cycle" value=(n.cycle);
            input type="hidden" name="article" value=(n.article);
            input type="hidden" name="type" value=(n.need_type);
            input type="hidden" name="source" value=(source);
        }
    };
    html! {
        details {
            summary { "Edit the words" }
            @for source in n.sources.iter().filter_map(|src| Source::parse(src)) {
                @let current = n.texts.iter().find(|t| t.source == Some(source.code()));
                (view::post_form(&format!("/states/{code}/needs/text"), csrf, None, html! {
                    (hidden(source.code()))
                    label { "Paragraph of the " (source.label()) input name="paragraph" maxlength="50" value=(current.map_or("", |t| t.paragraph.as_str())); }
                    label { "What the " (source.label()) " says" textarea name="text" maxlength="4000" rows="2" { (current.map_or("", |t| t.text.as_str())) } }
                    button type="submit" { "Save the words" }
                }))
            }
            (view::button_form(&format!("/states/{code}/needs/remove"), csrf,
                &[("cycle", &n.cycle.to_string()), ("article", &n.article.to_string()), ("type", &n.need_type)],
                html! { button type="submit" { "Remove this need" } }))
        }
    }
}

/// The focal point's form to propose a need, and the proposals, with the
/// secretariat's buttons to accept or reject them.
fn proposals_section(
    app: &Shared,
    s: &Snapshot,
    who: Option<&Session>,
    code: &str,
    id: crate::reference::StateId,
) -> WebResult<Markup> {
    let Some(Session { account, csrf, .. }) = who else {
        return Ok(html! {});
    };
    if !accounts::sees_all_of(Some(account), code) {
        return Ok(html! {});
    }
    let is_focal_point = account.role == accounts::Role::FocalPoint;
    let is_secretariat = account.role == accounts::Role::Secretariat;
    let cycle = s
        .registry
        .reviews
        .iter()
        .find(|r| r.state == id)
        .map(|r| r.cycle)
        .filter(|_| is_focal_point);
    let proposals = app.read(|st| st.proposals(code))?;
    Ok(html! {
        @if let Some(cycle) = cycle {
            h2 { "Propose a need" }
            (view::post_form(&format!("/states/{code}/proposals"), csrf, Some("Propose a need"), html! {
                input type="hidden" name="cycle" value=(cycle);
                label { "Article (0: none)" input name="article" type="number" min="0" max="255" required; }
                label { "Type of need" select name="type" {
                    @for t in s.reference.types(cycle) { option value=(t.code) { (t.label) } }
                } }
                label { "Document" select name="source" {
                    @for src in Source::ALL { option value=(src.code()) { (src.label()) } }
                } }
                label { "What it says" textarea name="text" maxlength="1000" rows="2" {} }
                button type="submit" { "Propose" }
            }))
        }
        @if !proposals.is_empty() {
            h2 { "Proposals" }
            ul.proposals {
                @for p in &proposals {
                    li {
                        (p.who) " proposes article " (p.need.article) ", " (p.need.need_type.replace('_', " ")) ": " (p.text) " " em { "(" (p.status) ")" }
                        @if is_secretariat && p.status == "pending" {
                            @for (decision, label) in [("accept", "Accept"), ("reject", "Reject")] {
                                " "
                                (view::button_form(&format!("/proposals/{}", p.id), csrf, &[("decision", decision)], html! { button type="submit" { (label) } }))
                            }
                        }
                    }
                }
            }
        }
    })
}
