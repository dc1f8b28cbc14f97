//! The public side of the portal: the dashboard of the note's main figures
//! for any sample (a plain HTML form, no script), article and regional
//! group pages, the report for download in every format, and the data API
//! (`/api/v1/analysis`, `articles`, `report`, `openapi.json`).
//!
//! The aggregates are the note's, over all records, and depend only on the
//! records and the query: each is computed once per snapshot and kept
//! ([`super::Snapshot::kept`]). What names States (the States with needs
//! on an article, a group's States, challenges and good practices) is
//! what the reader may read, asked of `accounts`, and is not kept.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::error::{WebError, WebResult};
use super::sample::{self, SampleQuery};
use super::session::Reader;
use super::view::{self, Markup, PreEscaped, html};
use super::{Kept, Shared, Snapshot};
use crate::accounts::{self, Origin};
use crate::analysis;
use crate::report;
use crate::tables;

/// The key of a kept answer: the route and the query as sent.
fn key(route: &str, uri: &Uri) -> String {
    format!("{route}?{}", uri.query().unwrap_or(""))
}

fn json(body: Vec<u8>) -> Kept {
    Kept {
        content_type: "application/json",
        disposition: None,
        body: body.into(),
    }
}

fn html_kept(body: String) -> Kept {
    Kept {
        content_type: "text/html; charset=utf-8",
        disposition: None,
        body: body.into(),
    }
}

pub(super) async fn api_analysis(
    State(app): State<Shared>,
    uri: Uri,
    q: SampleQuery,
) -> WebResult<Kept> {
    let s = app.snapshot();
    s.kept(key("analysis", &uri), || {
        let (a, _) = sample::analyse(&s, &q)?;
        Ok(json(serde_json::to_vec(&a).unwrap_or_default()))
    })
}

/// One article's counts, with the names of the columns they are in.
#[derive(Serialize)]
struct ArticleAnswer<'a> {
    article: &'a analysis::ArticleCounts,
    regions: &'a [String],
    types: &'a [String],
}

pub(super) async fn api_article(
    State(app): State<Shared>,
    Path(number): Path<String>,
    uri: Uri,
    q: SampleQuery,
) -> WebResult<Kept> {
    let s = app.snapshot();
    s.kept(key(&format!("article/{number}"), &uri), || {
        let (a, _) = sample::analyse(&s, &q)?;
        let Some(x) = number.parse::<u8>().ok().and_then(|n| a.article(n)) else {
            return Err(WebError::not_found(format!(
                "article `{number}` is not in the chapters analysed"
            )));
        };
        let answer = ArticleAnswer {
            article: x,
            regions: &a.regions,
            types: &a.types,
        };
        Ok(json(serde_json::to_vec(&answer).unwrap_or_default()))
    })
}

pub(super) async fn api_report(
    State(app): State<Shared>,
    uri: Uri,
    q: SampleQuery,
) -> WebResult<Kept> {
    let s = app.snapshot();
    let format = q.format.clone().unwrap_or_else(|| "json".into());
    s.kept(key("report", &uri), || write_report(&s, &q, &format))
}

pub(super) async fn report_download(
    State(app): State<Shared>,
    Path(format): Path<String>,
    uri: Uri,
    q: SampleQuery,
) -> WebResult<Kept> {
    let s = app.snapshot();
    s.kept(key(&format!("report.{format}"), &uri), || {
        write_report(&s, &q, &format)
    })
}

fn write_report(s: &Snapshot, q: &SampleQuery, format: &str) -> WebResult<Kept> {
    let (a, options) = sample::analyse(s, q)?;
    let r = report::build(&a, &s.reference, &options);
    Ok(match format {
        "html" => html_kept(report::html::render(&r)),
        "json" => json(serde_json::to_vec(&r).unwrap_or_default()),
        "tables" => Kept {
            content_type: "application/toml; charset=utf-8",
            disposition: Some("attachment; filename=\"note.tables.toml\""),
            body: tables::to_toml(&report::to_published(&r, &a)).into(),
        },
        "xlsx" => Kept {
            content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            disposition: Some("attachment; filename=\"note.xlsx\""),
            body: crate::export::xlsx_bytes(&report::sheets(&r))?.into(),
        },
        "pdf" => pdf(&report::html::render(&r))?,
        other => {
            return Err(WebError::bad(format!(
                "format `{other}`: one of html, json, tables, xlsx, pdf"
            )));
        }
    })
}

/// The note as PDF, printed by the system's Chromium (as `tana report
/// --format pdf`); kept with the other answers until the records change.
/// Without a browser the server says so (503): nothing is wrong with the
/// request, the server lacks a program.
fn pdf(html: &str) -> WebResult<Kept> {
    Ok(Kept {
        content_type: "application/pdf",
        disposition: Some("attachment; filename=\"note.pdf\""),
        body: pdf_bytes(html, "/report.html")?.into(),
    })
}

/// A page printed as PDF by the system's Chromium; `instead` is the HTML
/// a reader may download and print when the server has no browser.
pub(crate) fn pdf_bytes(html: &str, instead: &str) -> WebResult<Vec<u8>> {
    if crate::render::pdf::chromium().is_none() {
        return Err(WebError::refused(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "a PDF needs Chromium on the server, and it has none: download {instead} and print it from a browser, or ask the secretariat to install Chromium"
            ),
        ));
    }
    let dir = std::env::temp_dir().join(format!(
        "tana-serve-pdf-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir)
        .map_err(|e| WebError::Failed(crate::error::Error::io(&dir, e)))?;
    let out = dir.join("page.pdf");
    let printed = tokio::task::block_in_place(|| crate::render::pdf::print(html, &out))
        .and_then(|()| std::fs::read(&out).map_err(|e| crate::error::Error::io(&out, e)));
    let _ = std::fs::remove_dir_all(&dir);
    printed.map_err(WebError::Failed)
}

pub(super) async fn api_openapi(State(app): State<Shared>) -> Response {
    axum::Json(super::openapi::document(&app.snapshot().reference)).into_response()
}

const DASHBOARD: &str = "Technical assistance needs";

pub(super) async fn dashboard(
    State(app): State<Shared>,
    reader: Reader,
    uri: Uri,
    q: SampleQuery,
) -> WebResult<Response> {
    let s = app.snapshot();
    match s.kept(key("dashboard", &uri), || dashboard_body(&s, &q)) {
        Ok(kept) => {
            Ok(view::layout(DASHBOARD, reader.0.as_ref(), kept_markup(&kept)).into_response())
        }
        Err(e) => refused_form(&s, &reader, &q, ("/", DASHBOARD), e),
    }
}

/// Kept words, as markup again.
fn kept_markup(kept: &Kept) -> Markup {
    PreEscaped(String::from_utf8_lossy(&kept.body).into_owned())
}

/// A sample the analysis refused: the form again, with the refusal next to
/// its field and what was asked kept (400); any other error as it is.
fn refused_form(
    s: &Snapshot,
    reader: &Reader,
    q: &SampleQuery,
    (action, title): (&str, &str),
    error: WebError,
) -> WebResult<Response> {
    let Err(refused) = sample::analyse(s, q) else {
        return Err(error);
    };
    let main = html! {
        (view::message("alert", "The sample asked for cannot be counted: see the field marked below."))
        (sample::form(s, q, action, Some(&refused)))
    };
    Ok((
        StatusCode::BAD_REQUEST,
        view::layout(title, reader.0.as_ref(), main),
    )
        .into_response())
}

/// The dashboard's words for a sample, without who is reading.
fn dashboard_body(s: &Snapshot, q: &SampleQuery) -> WebResult<Kept> {
    let (a, options) = sample::analyse(s, q)?;
    let r = report::build(&a, &s.reference, &options);
    let carried = q.carry();
    // The note's main figures: the sample, the regions, the types, the
    // articles per chapter, and the priority areas.
    let main = |e: &report::Exhibit| e.label.starts_with("Figure") && e.subject.is_main();
    let all = a.all();
    let mut numbering = view::Numbering::default();
    let body = html! {
        p.lede { "The technical assistance needs that States parties identified in their reviews under the Implementation Review Mechanism, counted as the secretariat's analysis counts them, for the sample you choose." }
        (sample::form(s, q, "/", None))
        p.sample { (r.sample) }
        ul.figures {
            li { strong { (report::words::thousands(a.states_covered)) } (plural(a.states_covered, "State party reviewed", "States parties reviewed")) }
            li { strong { (report::words::thousands(all.total.states)) } (plural(all.total.states, "State party with needs", "States parties with needs")) }
            li { strong { (report::words::thousands(all.total.needs)) } (plural(all.total.needs, "need", "needs")) }
            li { strong { (report::words::thousands(a.addressed)) } (plural(a.addressed, "need being addressed", "needs being addressed")) }
        }
        p {
            "The note for this sample: "
            @for (i, f) in ["html", "xlsx", "json", "tables"].iter().enumerate() {
                @if i > 0 { " · " }
                a href=(format!("/report.{f}?{carried}")) download { (f.to_uppercase()) }
            }
        }
        @for e in r.exhibits().filter(|e| main(e)) { (numbering.chart(e)) }
        h2 { "Articles" }
        ul.articles {
            @for x in a.articles.iter().filter(|x| x.total.needs > 0) {
                li {
                    a href=(format!("/articles/{}?{carried}", x.article)) { "Article " (x.article) ": " (x.title) }
                    " — " (view::count(x.total.needs as usize, "need", "needs")) ", "
                    (view::count(x.total.states as usize, "State party", "States parties"))
                }
            }
        }
        h2 { "Regional groups" }
        ul.regions {
            @for g in &s.reference.regions {
                li { a href=(format!("/regions/{}?{carried}", g.code)) { (g.name) } }
            }
        }
    };
    Ok(html_kept(body.into_string()))
}

/// The noun of a count shown apart from its figure.
fn plural(n: u32, one: &str, many: &str) -> String {
    let said = view::count(n as usize, one, many);
    said.split_once(' ')
        .map(|(_, noun)| noun.to_string())
        .unwrap_or(said)
}

/// Whether `who` may read the challenges and good practices of review `ri`.
pub(crate) fn may_read_findings(s: &Snapshot, who: Option<&accounts::Account>, ri: usize) -> bool {
    let review = &s.registry.reviews[ri];
    accounts::may_read_text(
        who,
        &s.reference.state(review.state).code,
        review.published,
        review.shared_with_providers,
        Origin::Findings,
    )
}

/// A regional group's page: coverage, the group's figures beside the other
/// groups', its types of need, and its States with what the reader may
/// read of each.
pub(super) async fn region_page(
    State(app): State<Shared>,
    reader: Reader,
    Path(code): Path<String>,
    uri: Uri,
    mut q: SampleQuery,
) -> WebResult<Response> {
    let s = app.snapshot();
    let Some(ri) = s
        .reference
        .regions
        .iter()
        .position(|r| r.code.eq_ignore_ascii_case(&code))
    else {
        return Err(WebError::not_found(format!(
            "`{code}` is no regional group"
        )));
    };
    let region = &s.reference.regions[ri];
    // The group beside the others: the sample of every group.
    q.regions = None;
    let action = format!("/regions/{}", region.code);
    let kept = match s.kept(key(&format!("region/{}", region.code), &uri), || {
        region_body(&s, &q, ri)
    }) {
        Ok(k) => k,
        Err(e) => return refused_form(&s, &reader, &q, (&action, &region.name), e),
    };
    let cycle = q.cycle().unwrap_or(1);
    let main = html! {
        (kept_markup(&kept))
        (region_states(&s, reader.account(), &region.code, cycle))
    };
    Ok(view::layout(&region.name, reader.0.as_ref(), main).into_response())
}

/// The group's aggregates: the same for every reader.
fn region_body(s: &Snapshot, q: &SampleQuery, ri: usize) -> WebResult<Kept> {
    let (a, _) = sample::analyse(s, q)?;
    let region = &s.reference.regions[ri];
    let parties = |code: &str| {
        s.reference
            .states
            .iter()
            .filter(|st| st.region.as_deref() == Some(code))
            .count()
    };
    let all = a.all();
    let at = a.region_index(&region.code);
    let covered = at.map_or(0, |i| a.covered_by_region[i]);
    let members = parties(&region.code);
    let rows = a
        .regions
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let name = s
                .reference
                .regions
                .iter()
                .find(|r| &r.code == g)
                .map_or(g.clone(), |r| r.name.clone());
            let c = &all.by_region[i];
            let per_state = if a.covered_by_region[i] == 0 {
                "—".to_string()
            } else {
                format!("{:.1}", f64::from(c.needs) / f64::from(a.covered_by_region[i]))
            };
            vec![
                html! { @if Some(i) == at { strong { (name) } } @else { a href=(format!("/regions/{g}?{}", q.carry())) { (name) } } },
                html! { (parties(g)) },
                html! { (a.covered_by_region[i]) },
                html! { (c.states) },
                html! { (c.needs) },
                html! { (per_state) },
            ]
        })
        .collect();
    let types = at
        .map(|i| {
            a.types
                .iter()
                .enumerate()
                .map(|(t, code)| {
                    let label = s
                        .reference
                        .types(a.cycle)
                        .iter()
                        .find(|x| &x.code == code)
                        .map_or(code.clone(), |x| x.label.clone());
                    let share = |n: u32, of: u32| {
                        if of == 0 {
                            "—".to_string()
                        } else {
                            format!("{:.0} per cent", 100.0 * f64::from(n) / f64::from(of))
                        }
                    };
                    let group = all.by_region_type[i][t].needs;
                    vec![
                        html! { (label) },
                        html! { (group) },
                        html! { (share(group, all.by_region[i].needs)) },
                        html! { (share(all.by_type[t].needs, all.total.needs)) },
                    ]
                })
                .collect()
        })
        .unwrap_or_default();
    let body = html! {
        p.lede {
            (view::count(covered as usize, "State party", "States parties")) " of the group's "
            (members) " " (if members == 1 { "is" } else { "are" }) " in the sample"
            @if members > 0 { " (" (format!("{:.0}", 100.0 * f64::from(covered) / members as f64)) " per cent)" }
            ". The fewer of a group's States are in the sample, the less its figures say of the group as a whole."
        }
        (sample::folded(s, q, &format!("/regions/{}", region.code)))
        (view::table(&view::Table {
            caption: "The group beside the others",
            columns: vec![("Regional group", false), ("States parties", true), ("In the sample", true), ("With needs", true), ("Needs", true), ("Needs per State in the sample", true)],
            rows,
        }))
        (view::table(&view::Table {
            caption: "Types of need of the group",
            columns: vec![("Type of need", false), ("Needs", true), ("Share of the group's needs", true), ("Share of all groups' needs", true)],
            rows: types,
        }))
    };
    Ok(html_kept(body.into_string()))
}

/// The group's States reviewed in `cycle`, with what `who` may read of
/// each: its needs, challenges and good practices.
fn region_states(s: &Snapshot, who: Option<&accounts::Account>, region: &str, cycle: u8) -> Markup {
    let mut reviews: Vec<usize> = (0..s.registry.reviews.len())
        .filter(|&ri| {
            let r = &s.registry.reviews[ri];
            r.cycle == cycle && s.reference.state(r.state).region.as_deref() == Some(region)
        })
        .collect();
    reviews.sort_by(|&x, &y| {
        let name = |ri: usize| &s.reference.state(s.registry.reviews[ri].state).name;
        name(x).cmp(name(y))
    });
    let rows = reviews
        .iter()
        .map(|&ri| {
            let review = &s.registry.reviews[ri];
            let st = s.reference.state(review.state);
            let mut needs = Vec::new();
            super::portal::visible_needs_of_review(s, who, ri, &mut needs);
            let findings = may_read_findings(s, who, ri);
            let count = |n: usize| if findings { n.to_string() } else { "not published".to_string() };
            let challenges = s.registry.challenges.iter().filter(|c| c.review as usize == ri).count();
            let practices = s.registry.good_practices.iter().filter(|g| g.review as usize == ri).count();
            vec![
                html! { a href=(format!("/states/{}", st.code)) { (st.name) } },
                html! { (review.completed.map(crate::report::words::date).unwrap_or_else(|| "not recorded".into())) },
                html! { (needs.len()) },
                html! { (count(challenges)) },
                html! { (count(practices)) },
            ]
        })
        .collect();
    html! {
        h2 { "States parties reviewed in cycle " (cycle) }
        @if reviews.is_empty() {
            p { "No State party of the group has a review of this cycle in the workspace." }
        } @else {
            (view::table(&view::Table {
                caption: "The group's States parties, with what you may read of each",
                columns: vec![("State party", false), ("Review finished", false), ("Needs you may read", true), ("Challenges", true), ("Good practices", true)],
                rows,
            }))
            p.note { "A State's needs are shown as far as its published documents, or its consent to share with providers, let you read them." }
        }
    }
}

pub(super) async fn article_page(
    State(app): State<Shared>,
    reader: Reader,
    Path(number): Path<String>,
    uri: Uri,
    q: SampleQuery,
) -> WebResult<Response> {
    let s = app.snapshot();
    let kept = match s.kept(key(&format!("article-page/{number}"), &uri), || {
        article_body(&s, &q, &number)
    }) {
        Ok(k) => k,
        Err(
            e @ WebError::Refused {
                status: StatusCode::BAD_REQUEST,
                ..
            },
        ) => {
            return refused_form(
                &s,
                &reader,
                &q,
                (&format!("/articles/{number}"), "Article"),
                e,
            );
        }
        Err(e) => return Err(e),
    };
    let text = String::from_utf8_lossy(&kept.body);
    let (title, body) = text.split_once('\n').unwrap_or_default();
    let n: u8 = number.parse().unwrap_or_default();
    let cycle = q.cycle().unwrap_or(1);
    let main = html! {
        (PreEscaped(body.to_string()))
        (article_records(&s, reader.account(), n, cycle))
    };
    Ok(view::layout(title, reader.0.as_ref(), main).into_response())
}

/// The article's page, kept as its title, a line break, and its body: the
/// chapter, the counts, the types by region, and the note's words on it.
fn article_body(s: &Snapshot, q: &SampleQuery, number: &str) -> WebResult<Kept> {
    let (a, _) = sample::analyse(s, q)?;
    let Some(x) = number.parse::<u8>().ok().and_then(|n| a.article(n)) else {
        return Err(WebError::not_found(format!(
            "article `{number}` is not in the chapters analysed"
        )));
    };
    let n = x.article;
    let options = report::Options {
        articles: Some(vec![n]),
        ..report::Options::default()
    };
    let r = report::build(&a, &s.reference, &options);
    let chapter = s.reference.chapters.iter().find(|c| c.id == x.chapter);
    let types = s.reference.types(a.cycle);
    // Types by region: the article's counts in the sample of each group.
    let mut by_region = Vec::new();
    for g in &a.regions {
        let mut one = q.clone();
        one.regions = Some(g.clone());
        let (ga, _) = sample::analyse(s, &one)?;
        by_region.push(ga.article(n).map(|x| x.by_type.clone()).unwrap_or_default());
    }
    let rows = types
        .iter()
        .enumerate()
        .map(|(t, ty)| {
            let mut row = vec![html! { (ty.label) }];
            row.extend(
                by_region
                    .iter()
                    .map(|b| html! { (b.get(t).copied().unwrap_or(0)) }),
            );
            row.push(html! { (x.by_type.get(t).copied().unwrap_or(0)) });
            row
        })
        .collect();
    let mut columns = vec![("Type of need", false)];
    columns.extend(a.regions.iter().map(|g| (g.as_str(), true)));
    columns.push(("All", true));
    let body = html! {
        p.lede {
            @if let Some(c) = chapter { "Chapter " (c.id) ": " (c.title) ". " }
            (view::count(x.total.states as usize, "State party", "States parties")) " identified "
            (view::count(x.total.needs as usize, "need", "needs")) " on this article in the sample; "
            (view::count(x.challenges as usize, "challenge", "challenges")) " and "
            (view::count(x.addressed as usize, "need being addressed", "needs being addressed")) "."
        }
        (sample::folded(s, q, &format!("/articles/{n}")))
        p.sample { (r.sample) }
        (view::table(&view::Table { caption: "States parties identifying each type of need, by regional group", columns, rows }))
        h2 { "What the note says" }
        (note_on_article(&r, n))
    };
    let title = format!("Article {n}: {}", x.title);
    Ok(html_kept(format!("{title}\n{}", body.into_string())))
}

/// The article's own paragraphs, tables and figures from the note.
fn note_on_article(r: &report::Report, n: u8) -> Markup {
    let heading = format!("Technical assistance needs relating to article {n}");
    let mut inside = false;
    let mut parts = Vec::new();
    let mut numbering = view::Numbering::default();
    for b in &r.blocks {
        match b {
            report::Block::Heading { text, .. } => {
                if inside && *text != heading {
                    break;
                }
                inside = inside || *text == heading;
            }
            report::Block::Paragraph { text, .. } if inside => parts.push(html! { p { (text) } }),
            report::Block::Exhibit(e) if inside => parts.push(numbering.chart(e)),
            _ => {}
        }
    }
    html! {
        @if parts.is_empty() { p { "The note has no paragraph of its own on this article in this sample." } }
        @for p in parts { (p) }
    }
}

/// What `who` may read of the article's records in `cycle`: the States
/// with needs on it, and the challenges and good practices recorded on it.
fn article_records(s: &Snapshot, who: Option<&accounts::Account>, n: u8, cycle: u8) -> Markup {
    let reviews: Vec<usize> = (0..s.registry.reviews.len())
        .filter(|&ri| s.registry.reviews[ri].cycle == cycle)
        .collect();
    let name = |ri: usize| s.reference.state(s.registry.reviews[ri].state);
    let mut with_needs = Vec::new();
    for &ri in &reviews {
        let mut needs = Vec::new();
        super::portal::visible_needs_of_review(s, who, ri, &mut needs);
        let labels: Vec<String> = needs
            .into_iter()
            .filter(|x| x.article == n)
            .map(|x| x.type_label)
            .collect();
        if !labels.is_empty() {
            with_needs.push((name(ri), labels));
        }
    }
    with_needs.sort_by(|x, y| x.0.name.cmp(&y.0.name));
    let readable: Vec<usize> = reviews
        .iter()
        .copied()
        .filter(|&ri| may_read_findings(s, who, ri))
        .collect();
    let categories = &s.reference.challenge_categories;
    let challenges: Vec<_> = s
        .registry
        .challenges
        .iter()
        .filter(|c| c.article == n && readable.contains(&(c.review as usize)))
        .collect();
    let practices: Vec<_> = s
        .registry
        .good_practices
        .iter()
        .filter(|g| g.article == n && readable.contains(&(g.review as usize)))
        .collect();
    html! {
        h2 { "States parties with needs on this article" }
        p { (view::count(with_needs.len(), "State party", "States parties")) " whose needs on this article you may read." }
        @if !with_needs.is_empty() {
            ul.states {
                @for (st, labels) in &with_needs {
                    li { a href=(format!("/states/{}", st.code)) { (st.name) } ": " (labels.join("; ")) }
                }
            }
        }
        h2 { "Challenges" }
        @if challenges.is_empty() { p { "None recorded that you may read." } }
        ul {
            @for c in &challenges {
                li {
                    strong { (name(c.review as usize).name) } " — "
                    (categories.get(c.category as usize).map_or("", |k| k.label.as_str())) ": " (c.text)
                }
            }
        }
        h2 { "Good practices" }
        @if practices.is_empty() { p { "None recorded that you may read." } }
        ul {
            @for g in &practices {
                li { strong { (name(g.review as usize).name) } " — " (g.text) }
            }
        }
    }
}

/// Query words the API takes, for the OpenAPI document.
pub fn sample_parameters() -> HashMap<&'static str, &'static str> {
    HashMap::from([
        ("cycle", "The review cycle (default 1)."),
        (
            "chapters",
            "Chapters, comma-separated (default: every chapter of the cycle).",
        ),
        (
            "regions",
            "Regional groups, comma-separated (default: all).",
        ),
        (
            "as_of",
            "Only reviews finished on or before this date (YYYY-MM-DD).",
        ),
        (
            "threshold",
            "The threshold of challenges and needs per article (default 30).",
        ),
        (
            "types",
            "Only needs of these types, comma-separated codes (default: all).",
        ),
    ])
}
