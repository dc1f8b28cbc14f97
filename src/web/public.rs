//! The public side of the portal: the dashboard of the note's main figures
//! for any sample (a plain HTML form, no script), article and regional
//! group pages, the report for download in every format, and the data API
//! (`/api/v1/analysis`, `articles`, `report`, `openapi.json`).
//!
//! Everything here is an aggregate over all records, as the note computes
//! them, and depends only on the records and the query: each answer is
//! computed once per snapshot and kept ([`super::Snapshot::kept`]); a
//! page adds only the line saying who is signed in.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use super::error::{WebError, WebResult};
use super::session::Reader;
use super::view::{self, Markup, PreEscaped, html};
use super::{Kept, Shared, Snapshot};
use crate::analysis::{self, Analysis};
use crate::report;
use crate::tables;

/// The sample a request asks for: the same words as the command line.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct SampleQuery {
    cycle: Option<u8>,
    chapters: Option<String>,
    regions: Option<String>,
    as_of: Option<String>,
    types: Option<String>,
    threshold: Option<u32>,
    articles: Option<String>,
    format: Option<String>,
}

/// The query field that sets a field of a sample: the portal's words for
/// what the analysis names.
fn field(field: analysis::SampleField) -> &'static str {
    use analysis::SampleField as F;
    match field {
        F::Cycle => "cycle",
        F::Chapters => "chapters",
        F::Regions => "regions",
        F::AsOf => "as_of",
        F::Types => "types",
    }
}

/// The analysis of the sample `q` asks for.
fn analyse(s: &Snapshot, q: &SampleQuery) -> WebResult<Analysis> {
    let blank = |v: &Option<String>| {
        v.as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(str::to_string)
    };
    let cycle = q.cycle.unwrap_or(1);
    if !s.reference.cycles().contains(&cycle) {
        return Err(WebError::bad(format!(
            "cycle: {cycle} is not a review cycle (one of {})",
            s.reference
                .cycles()
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let sample = analysis::Sample::parse(
        &s.reference,
        cycle,
        blank(&q.chapters).as_deref(),
        blank(&q.regions).as_deref(),
        blank(&q.as_of).as_deref(),
    )
    .and_then(|sample| sample.with_types(&s.reference, blank(&q.types).as_deref()))
    .map_err(|e| WebError::bad(format!("{}: {}", field(e.field), e.reason)))?;
    Ok(analysis::analyse(
        &s.registry,
        &s.reference,
        &sample,
        q.threshold.unwrap_or(analysis::DEFAULT_CHALLENGE_THRESHOLD),
    ))
}

fn options(q: &SampleQuery, a: &Analysis) -> WebResult<report::Options> {
    let mut options = report::Options::default();
    if let Some(list) = q.articles.as_deref().filter(|l| !l.trim().is_empty()) {
        options.articles = Some(
            report::parse_articles(list, a).map_err(|e| WebError::bad(format!("articles: {e}")))?,
        );
    }
    Ok(options)
}

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
    Query(q): Query<SampleQuery>,
) -> WebResult<Kept> {
    let s = app.snapshot();
    s.kept(key("analysis", &uri), || {
        let a = analyse(&s, &q)?;
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
    Query(q): Query<SampleQuery>,
) -> WebResult<Kept> {
    let s = app.snapshot();
    s.kept(key(&format!("article/{number}"), &uri), || {
        let a = analyse(&s, &q)?;
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
    Query(q): Query<SampleQuery>,
) -> WebResult<Kept> {
    let s = app.snapshot();
    let format = q.format.clone().unwrap_or_else(|| "json".into());
    s.kept(key("report", &uri), || write_report(&s, &q, &format))
}

pub(super) async fn report_download(
    State(app): State<Shared>,
    Path(format): Path<String>,
    uri: Uri,
    Query(q): Query<SampleQuery>,
) -> WebResult<Kept> {
    let s = app.snapshot();
    s.kept(key(&format!("report.{format}"), &uri), || {
        write_report(&s, &q, &format)
    })
}

fn write_report(s: &Snapshot, q: &SampleQuery, format: &str) -> WebResult<Kept> {
    let a = analyse(s, q)?;
    let options = options(q, &a)?;
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
        other => {
            return Err(WebError::bad(format!(
                "format `{other}`: one of html, json, tables, xlsx"
            )));
        }
    })
}

pub(super) async fn api_openapi(State(app): State<Shared>) -> Response {
    axum::Json(super::openapi::document(&app.snapshot().reference)).into_response()
}

/// The query string of a sample, to carry it into links.
fn carry(q: &SampleQuery) -> String {
    let mut parts = Vec::new();
    for (k, v) in [
        ("cycle", q.cycle.map(|c| c.to_string())),
        ("chapters", q.chapters.clone()),
        ("regions", q.regions.clone()),
        ("as_of", q.as_of.clone()),
        ("types", q.types.clone()),
        ("articles", q.articles.clone()),
    ] {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            parts.push(format!("{k}={}", url_encode(&v)));
        }
    }
    parts.join("&")
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b',' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn sample_form(s: &Snapshot, q: &SampleQuery) -> Markup {
    let cycle = q.cycle.unwrap_or(1);
    let fields = [
        ("chapters", "Chapters", &q.chapters, "III,IV"),
        ("regions", "Regional groups", &q.regions, "APG,AFR"),
        ("as_of", "Reviews finished by", &q.as_of, "2014-04-28"),
        ("types", "Types of need", &q.types, "capacity_building"),
        ("articles", "Articles in detail", &q.articles, "16,21,31"),
    ];
    html! {
        form.sample method="get" action="/" aria-label="Sample" {
            label { "Cycle" select name="cycle" {
                @for c in s.reference.cycles() { option selected[c == cycle] { (c) } }
            } }
            @for (name, label, value, hint) in fields {
                label { (label) input name=(name) value=(value.as_deref().unwrap_or("")) placeholder=(hint); }
            }
            button type="submit" { "Show" }
        }
    }
}

pub(super) async fn dashboard(
    State(app): State<Shared>,
    reader: Reader,
    uri: Uri,
    Query(q): Query<SampleQuery>,
) -> WebResult<Html<String>> {
    let s = app.snapshot();
    let kept = s.kept(key("dashboard", &uri), || {
        dashboard_body(&s, &q).map(|m| html_kept(m.into_string()))
    })?;
    Ok(with_reader(&reader, "Technical assistance needs", &kept))
}

/// A page of kept words, in the layout with the bar of who is reading.
fn with_reader(reader: &Reader, title: &str, kept: &Kept) -> Html<String> {
    let body = std::str::from_utf8(&kept.body).unwrap_or_default();
    view::layout(title, reader.0.as_ref(), PreEscaped(body.to_string()))
}

/// A regional group's page: the dashboard of its States, with links to the
/// pages of those States.
pub(super) async fn region_page(
    State(app): State<Shared>,
    reader: Reader,
    Path(code): Path<String>,
    uri: Uri,
    Query(mut q): Query<SampleQuery>,
) -> WebResult<Html<String>> {
    let s = app.snapshot();
    let Some(region) = s
        .reference
        .regions
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(&code))
    else {
        return Err(WebError::not_found(format!(
            "`{code}` is no regional group"
        )));
    };
    q.regions = Some(region.code.clone());
    let kept = s.kept(key(&format!("region/{}", region.code), &uri), || {
        dashboard_body(&s, &q).map(|m| html_kept(m.into_string()))
    })?;
    Ok(with_reader(&reader, &region.name, &kept))
}

/// The dashboard's words for a sample, without who is reading.
fn dashboard_body(s: &Snapshot, q: &SampleQuery) -> WebResult<Markup> {
    let a = analyse(s, q)?;
    let options = options(q, &a)?;
    let r = report::build(&a, &s.reference, &options);
    let carried = carry(q);
    // The note's main figures: the sample, the regions, the types, the
    // articles per chapter, and the priority areas.
    let main = |e: &report::Exhibit| e.label.starts_with("Figure") && e.subject.is_main();
    Ok(html! {
        (sample_form(s, q))
        p.sample { (r.sample) }
        p {
            "The note for this sample: "
            @for (i, f) in ["html", "xlsx", "json", "tables"].iter().enumerate() {
                @if i > 0 { " · " }
                a href=(format!("/report.{f}?{carried}")) download { (f.to_uppercase()) }
            }
        }
        @for e in r.exhibits().filter(|e| main(e)) { (view::chart(e)) }
        h2 { "Articles" }
        ul.articles {
            @for x in a.articles.iter().filter(|x| x.total.needs > 0) {
                li {
                    a href=(format!("/articles/{}?{carried}", x.article)) { "Article " (x.article) " (" (x.title) ")" }
                    ": " (view::count(x.total.needs as usize, "need", "needs")) ", "
                    (view::count(x.total.states as usize, "State party", "States parties"))
                }
            }
        }
        (states_or_groups(s, &a))
    })
}

/// The States parties of the one group shown, each with its page; or the
/// groups, each with theirs.
fn states_or_groups(s: &Snapshot, a: &Analysis) -> Markup {
    let groups: Vec<&str> = a.regions.iter().map(String::as_str).collect();
    if groups.len() == 1 {
        let mut states: Vec<&crate::reference::StateParty> = s
            .registry
            .reviews
            .iter()
            .map(|r| s.reference.state(r.state))
            .filter(|st| st.region.as_deref() == Some(groups[0]))
            .collect();
        states.sort_by(|x, y| x.name.cmp(&y.name));
        states.dedup_by(|x, y| x.code == y.code);
        html! {
            h2 { "States parties reviewed" }
            ul.states { @for st in states { li { a href=(format!("/states/{}", st.code)) { (st.name) } } } }
        }
    } else {
        html! {
            h2 { "Regional groups" }
            ul.regions { @for r in &s.reference.regions { li { a href=(format!("/regions/{}", r.code)) { (r.name) } } } }
        }
    }
}

pub(super) async fn article_page(
    State(app): State<Shared>,
    reader: Reader,
    Path(number): Path<String>,
    uri: Uri,
    Query(q): Query<SampleQuery>,
) -> WebResult<Html<String>> {
    let s = app.snapshot();
    let kept = s.kept(key(&format!("article-page/{number}"), &uri), || {
        article_body(&s, &q, &number)
    })?;
    let (title, body) = std::str::from_utf8(&kept.body)
        .unwrap_or_default()
        .split_once('\n')
        .unwrap_or_default();
    Ok(view::layout(
        title,
        reader.0.as_ref(),
        PreEscaped(body.to_string()),
    ))
}

/// The article's page, kept as its title, a line break, and its body.
fn article_body(s: &Snapshot, q: &SampleQuery, number: &str) -> WebResult<Kept> {
    let a = analyse(s, q)?;
    let Some(n) = number
        .parse::<u8>()
        .ok()
        .filter(|n| a.article(*n).is_some())
    else {
        return Err(WebError::not_found(format!(
            "article `{number}` is not in the chapters analysed"
        )));
    };
    let options = report::Options {
        articles: Some(vec![n]),
        ..report::Options::default()
    };
    let r = report::build(&a, &s.reference, &options);
    // The article's own paragraph, table and figure from the note.
    let heading = format!("Technical assistance needs relating to article {n}");
    let mut inside = false;
    let mut parts = Vec::new();
    for b in &r.blocks {
        match b {
            report::Block::Heading { text, .. } => {
                if inside && *text != heading {
                    break;
                }
                inside = inside || *text == heading;
            }
            report::Block::Paragraph { text, .. } if inside => parts.push(html! { p { (text) } }),
            report::Block::Exhibit(e) if inside => parts.push(view::chart(e)),
            _ => {}
        }
    }
    let title = format!(
        "Article {n}: {}",
        a.article(n).map(|x| x.title.as_str()).unwrap_or_default()
    );
    let body = html! { @for p in parts { (p) } };
    Ok(html_kept(format!("{title}\n{}", body.into_string())))
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
