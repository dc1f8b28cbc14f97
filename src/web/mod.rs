//! The portal's server: `tana serve`.
//!
//! This module is the public side: a dashboard of the note's main figures
//! for any sample (a plain HTML form, no script), article and regional
//! group pages, the report for download in every format, and a JSON API
//! under `/api/v1` described by an OpenAPI document. Everything it shows is
//! an aggregate computed from all records, as the note computes them. A
//! State's records, as each reader may see them, are the business of
//! `portal` (sessions, the State's page, editing) and `assistance`
//! (providers, consent, the needs across States).
//!
//! The records are read from the store at start, and again after each
//! change, into a snapshot the handlers share; a request is then an
//! analysis of that snapshot (a few microseconds for the seed note's
//! thousand needs). Bad requests get a 4xx with a JSON or HTML reason, and
//! the server keeps running.

mod assistance;
mod openapi;
mod portal;

use std::collections::HashMap;
use std::fmt::Write;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

use crate::analysis::{self, Analysis, Sample};
use crate::error::{Error, Result};
use crate::records::Registry;
use crate::reference::Reference;
use crate::report::{self, html::esc};
use crate::store::{self, Detail, Location};
use crate::tables;

/// What every handler reads: the records as loaded at start.
pub struct Snapshot {
    pub reference: Reference,
    pub registry: Registry,
    pub workspace: String,
    /// Per review, the positions of its needs; per need, of its texts: a
    /// State's page reads only its own records.
    pub needs_of_review: Vec<Vec<u32>>,
    pub texts_of_need: Vec<Vec<u32>>,
    /// Answers of the data API by query string: the snapshot never changes,
    /// so an answer computed once stays true (bounded, cleared when full).
    answers: std::sync::RwLock<HashMap<String, axum::body::Bytes>>,
}

impl Snapshot {
    /// Reads the records of an open store.
    pub fn read(store: &mut dyn store::Store, workspace: String) -> Result<Snapshot> {
        let reference = store.reference()?;
        let registry = store.registry(&reference, Detail::Everything)?;
        Ok(Snapshot::new(reference, registry, workspace))
    }

    pub fn new(reference: Reference, registry: Registry, workspace: String) -> Snapshot {
        let mut needs_of_review = vec![Vec::new(); registry.reviews.len()];
        for (i, n) in registry.needs.iter().enumerate() {
            needs_of_review[n.review as usize].push(i as u32);
        }
        let mut texts_of_need = vec![Vec::new(); registry.needs.len()];
        for (i, t) in registry.need_texts.iter().enumerate() {
            texts_of_need[t.need as usize].push(i as u32);
        }
        Snapshot {
            reference,
            registry,
            workspace,
            needs_of_review,
            texts_of_need,
            answers: Default::default(),
        }
    }
}

/// Serves `snapshot` on `listen` from a thread of its own; returns the
/// address it listens on (tests and benchmarks).
pub fn spawn(app: App, listen: SocketAddr) -> Result<SocketAddr> {
    let std_listener = std::net::TcpListener::bind(listen)
        .map_err(|e| Error::Usage(format!("--listen {listen}: {e}")))?;
    std_listener
        .set_nonblocking(true)
        .map_err(|e| Error::Other(e.to_string()))?;
    let bound = std_listener
        .local_addr()
        .map_err(|e| Error::Other(e.to_string()))?;
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(std_listener).expect("a listener");
            let _ = axum::serve(listener, router(app)).await;
        });
    });
    Ok(bound)
}

/// The server's state: the store (for sessions and changes) and the
/// snapshot every reading handler uses, renewed after each change.
pub struct App {
    store: std::sync::Mutex<Box<dyn store::Store>>,
    snapshot: std::sync::RwLock<Arc<Snapshot>>,
    location: Location,
    /// Failed logins per account name: (count, first failure).
    failures: std::sync::Mutex<HashMap<String, (u32, std::time::Instant)>>,
    /// Mark cookies `Secure` (behind TLS).
    secure_cookies: bool,
}

impl App {
    pub fn open(location: &Location, secure_cookies: bool) -> Result<App> {
        let mut store = store::open(location)?;
        let snapshot = Snapshot::read(store.as_mut(), location.display())?;
        Ok(App {
            store: std::sync::Mutex::new(store),
            snapshot: std::sync::RwLock::new(Arc::new(snapshot)),
            location: location.clone(),
            failures: Default::default(),
            secure_cookies,
        })
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .map(|s| Arc::clone(&s))
            .unwrap_or_else(|e| Arc::clone(&e.into_inner()))
    }

    /// Reads the records again after a change, on the server's own
    /// connection.
    fn reload(&self) -> Result<()> {
        let workspace = self.location.display();
        let fresh = Arc::new(self.with_store(|s| Snapshot::read(s, workspace))?);
        if let Ok(mut s) = self.snapshot.write() {
            *s = fresh;
        }
        Ok(())
    }

    /// Runs `f` on the store. The stores are synchronous (the PostgreSQL
    /// client runs a small runtime of its own), so the call leaves the
    /// server's runtime for the time it takes.
    fn with_store<T>(&self, f: impl FnOnce(&mut dyn store::Store) -> Result<T>) -> Result<T> {
        tokio::task::block_in_place(|| {
            let mut guard = self
                .store
                .lock()
                .map_err(|_| Error::Other("the store's lock was poisoned".into()))?;
            f(guard.as_mut())
        })
    }
}

type Shared = Arc<App>;

/// The routes, on a snapshot: what tests drive without a socket.
pub fn router(app: App) -> Router {
    Router::new()
        .route("/", get(dashboard))
        .route("/articles/{number}", get(article_page))
        .route("/regions/{code}", get(region_page))
        .route("/report.{format}", get(report_download))
        .route("/api/v1/analysis", get(api_analysis))
        .route("/api/v1/articles/{number}", get(api_article))
        .route("/api/v1/report", get(api_report))
        .route("/api/v1/openapi.json", get(api_openapi))
        .route("/login", get(portal::login_form).post(portal::login))
        .route("/logout", axum::routing::post(portal::logout))
        .route("/states/{code}", get(portal::state_page))
        .route(
            "/states/{code}/addressed",
            axum::routing::post(portal::mark_addressed),
        )
        .route("/api/v1/states/{code}/needs", get(portal::api_state_needs))
        .route("/api/v1/log", get(portal::api_log))
        .route(
            "/states/{code}/review",
            axum::routing::post(portal::edit_review),
        )
        .route(
            "/states/{code}/proposals",
            axum::routing::post(portal::propose),
        )
        .route("/proposals/{id}", axum::routing::post(portal::decide))
        .route("/search", get(portal::search_page))
        .route(
            "/accounts",
            get(portal::accounts_page).post(portal::add_account),
        )
        .route(
            "/import",
            get(portal::import_form)
                .post(portal::import_upload)
                .layer(axum::extract::DefaultBodyLimit::max(portal::UPLOAD_LIMIT)),
        )
        .route("/api/v1/search", get(portal::api_search))
        .route(
            "/states/{code}/sharing",
            axum::routing::post(assistance::set_sharing),
        )
        .route(
            "/states/{code}/assistance",
            axum::routing::post(assistance::record),
        )
        .route(
            "/states/{code}/needs/text",
            axum::routing::post(portal::edit_need_text),
        )
        .route(
            "/accounts/{name}/remove",
            axum::routing::post(portal::remove_account),
        )
        .route("/assistance", get(assistance::assistance_page))
        .route("/assistance.csv", get(assistance::assistance_csv))
        .route("/assistance/{id}", axum::routing::post(assistance::update))
        .route(
            "/assistance/{id}/withdraw",
            axum::routing::post(assistance::withdraw),
        )
        .route(
            "/states/{code}/needs/remove",
            axum::routing::post(portal::remove_need),
        )
        .route(
            "/password",
            get(portal::password_form).post(portal::change_password),
        )
        .route("/needs", get(assistance::needs_page))
        .route("/api/v1/needs", get(assistance::api_needs))
        .route(
            "/api/v1/assistance",
            get(assistance::api_assistance).post(assistance::api_record),
        )
        .route("/healthz", get(|| async { "ok" }))
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
        .with_state(Arc::new(app))
}

/// Runs the server until interrupted.
pub fn serve(location: &Location, listen: SocketAddr, secure_cookies: bool) -> Result<()> {
    let app = App::open(location, secure_cookies)?;
    let snapshot = app.snapshot();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| Error::Usage(format!("--listen {listen}: {e}")))?;
        let bound = listener
            .local_addr()
            .map_err(|e| Error::Other(e.to_string()))?;
        eprintln!(
            "serving {} on http://{bound}/ ({} reviews, {} needs); Ctrl-C stops",
            snapshot.workspace,
            snapshot.registry.reviews.len(),
            snapshot.registry.needs.len()
        );
        axum::serve(listener, router(app))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| Error::Other(format!("server: {e}")))
    })
}

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

/// A refusal: status and reason, as JSON for the API and HTML for pages.
pub(crate) struct Refusal {
    pub(crate) status: StatusCode,
    pub(crate) reason: String,
    pub(crate) html: bool,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        if self.html {
            let body = page(
                "Request refused",
                &format!(
                    "<p role=\"alert\">{}</p><p><a href=\"/\">Back to the dashboard</a></p>",
                    esc(&self.reason)
                ),
            );
            (self.status, Html(body)).into_response()
        } else {
            (
                self.status,
                axum::Json(serde_json::json!({ "error": self.reason })),
            )
                .into_response()
        }
    }
}

pub(crate) fn bad(reason: impl Into<String>, html: bool) -> Refusal {
    Refusal {
        status: StatusCode::BAD_REQUEST,
        reason: reason.into(),
        html,
    }
}

/// The query field that sets a field of a sample.
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

fn analyse(
    s: &Snapshot,
    q: &SampleQuery,
    html: bool,
) -> std::result::Result<(Sample, Analysis), Refusal> {
    let blank = |v: &Option<String>| {
        v.as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(str::to_string)
    };
    let sample = Sample::parse(
        &s.reference,
        q.cycle.unwrap_or(1),
        blank(&q.chapters).as_deref(),
        blank(&q.regions).as_deref(),
        blank(&q.as_of).as_deref(),
    )
    .and_then(|sample| sample.with_types(&s.reference, blank(&q.types).as_deref()))
    .map_err(|e| bad(format!("{}: {}", field(e.field), e.reason), html))?;
    let a = analysis::analyse(
        &s.registry,
        &s.reference,
        &sample,
        q.threshold.unwrap_or(analysis::DEFAULT_CHALLENGE_THRESHOLD),
    );
    Ok((sample, a))
}

fn options(
    q: &SampleQuery,
    a: &Analysis,
    html: bool,
) -> std::result::Result<report::Options, Refusal> {
    let mut options = report::Options::default();
    if let Some(list) = q.articles.as_deref().filter(|l| !l.trim().is_empty()) {
        options.articles =
            Some(report::parse_articles(list, a).map_err(|e| bad(format!("articles: {e}"), html))?);
    }
    Ok(options)
}

async fn api_analysis(
    State(app): State<Shared>,
    uri: axum::http::Uri,
    Query(q): Query<SampleQuery>,
) -> Response {
    let s = app.snapshot();
    let key = uri.query().unwrap_or("").to_string();
    let json = [(header::CONTENT_TYPE, "application/json")];
    if let Some(body) = s.answers.read().ok().and_then(|m| m.get(&key).cloned()) {
        return (json, body).into_response();
    }
    match analyse(&s, &q, false) {
        Ok((_, a)) => {
            let body = axum::body::Bytes::from(serde_json::to_vec(&a).unwrap_or_default());
            if let Ok(mut m) = s.answers.write() {
                if m.len() >= 256 {
                    m.clear();
                }
                m.insert(key, body.clone());
            }
            (json, body).into_response()
        }
        Err(r) => r.into_response(),
    }
}

#[derive(Serialize)]
struct ArticleAnswer<'a> {
    article: &'a analysis::ArticleCounts,
    regions: &'a [String],
    types: &'a [String],
}

async fn api_article(
    State(app): State<Shared>,
    Path(number): Path<String>,
    Query(q): Query<SampleQuery>,
) -> Response {
    let s = app.snapshot();
    let (_, a) = match analyse(&s, &q, false) {
        Ok(v) => v,
        Err(r) => return r.into_response(),
    };
    let Some(x) = number.parse::<u8>().ok().and_then(|n| a.article(n)) else {
        return Refusal {
            status: StatusCode::NOT_FOUND,
            reason: format!("article `{number}` is not in the chapters analysed"),
            html: false,
        }
        .into_response();
    };
    axum::Json(ArticleAnswer {
        article: x,
        regions: &a.regions,
        types: &a.types,
    })
    .into_response()
}

async fn api_report(State(app): State<Shared>, Query(q): Query<SampleQuery>) -> Response {
    let s = app.snapshot();
    let format = q.format.clone().unwrap_or_else(|| "json".into());
    write_report(&s, &q, &format, false)
}

async fn report_download(
    State(app): State<Shared>,
    Path(format): Path<String>,
    Query(q): Query<SampleQuery>,
) -> Response {
    let s = app.snapshot();
    write_report(&s, &q, &format, true)
}

fn write_report(s: &Snapshot, q: &SampleQuery, format: &str, html: bool) -> Response {
    let (_, a) = match analyse(s, q, html) {
        Ok(v) => v,
        Err(r) => return r.into_response(),
    };
    let options = match options(q, &a, html) {
        Ok(o) => o,
        Err(r) => return r.into_response(),
    };
    let r = report::build(&a, &s.reference, &options);
    let attach = |name: &str| format!("attachment; filename=\"{name}\"");
    match format {
        "html" => Html(report::html::render(&r)).into_response(),
        "json" => axum::Json(&r).into_response(),
        "tables" => (
            [
                (
                    header::CONTENT_TYPE,
                    "application/toml; charset=utf-8".to_string(),
                ),
                (header::CONTENT_DISPOSITION, attach("note.tables.toml")),
            ],
            tables::to_toml(&report::to_published(&r, &a)),
        )
            .into_response(),
        "xlsx" => match crate::export::xlsx_bytes(&report::sheets(&r)) {
            Ok(bytes) => (
                [
                    (
                        header::CONTENT_TYPE,
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                            .to_string(),
                    ),
                    (header::CONTENT_DISPOSITION, attach("note.xlsx")),
                ],
                bytes,
            )
                .into_response(),
            Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
        },
        other => bad(
            format!("format `{other}`: one of html, json, tables, xlsx"),
            html,
        )
        .into_response(),
    }
}

async fn api_openapi() -> Response {
    axum::Json(openapi::document()).into_response()
}

async fn not_found() -> Response {
    Refusal {
        status: StatusCode::NOT_FOUND,
        reason: "no such page".into(),
        html: false,
    }
    .into_response()
}

pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} — tana</title>\n<style>{}\nform.sample {{ display: flex; flex-wrap: wrap; gap: 0.6rem 1rem; align-items: end; font: 14px Arial, Helvetica, sans-serif; padding: 0.8rem; border: 1px solid var(--rule); }}\nform.sample label {{ display: flex; flex-direction: column; gap: 0.2rem; }}\nform.sample input, form.sample select, form.sample button {{ font: inherit; padding: 0.3rem; min-height: 2.2rem; }}\nform.sample label:has(> input[type=checkbox]) {{ flex-direction: row; align-items: center; }}\nform.sample input[type=checkbox] {{ min-height: 0; width: 1.2rem; height: 1.2rem; }}\nnav a {{ margin-right: 1rem; }}\n</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the content</a>\n<header><nav aria-label=\"Portal\"><a href=\"/\">Dashboard</a><a href=\"/needs\">Needs</a><a href=\"/search\">Search</a><a href=\"/login\">Log in</a><a href=\"/api/v1/openapi.json\">API</a></nav><h1>{}</h1></header>\n<main id=\"main\">\n{body}</main>\n</body>\n</html>\n",
        esc(title),
        report::html::STYLE,
        esc(title)
    )
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
    parts.join("&amp;")
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

fn sample_form(s: &Snapshot, q: &SampleQuery) -> String {
    let mut f =
        String::from("<form class=\"sample\" method=\"get\" action=\"/\" aria-label=\"Sample\">\n");
    let cycles = s.reference.cycles();
    let _ = write!(f, "<label>Cycle<select name=\"cycle\">");
    for c in cycles {
        let selected = if q.cycle.unwrap_or(1) == c {
            " selected"
        } else {
            ""
        };
        let _ = write!(f, "<option{selected}>{c}</option>");
    }
    f.push_str("</select></label>\n");
    for (name, label, value, hint) in [
        ("chapters", "Chapters", &q.chapters, "III,IV"),
        ("regions", "Regional groups", &q.regions, "APG,AFR"),
        ("as_of", "Reviews finished by", &q.as_of, "2014-04-28"),
        ("types", "Types of need", &q.types, "capacity_building"),
        ("articles", "Articles in detail", &q.articles, "16,21,31"),
    ] {
        let _ = writeln!(
            f,
            "<label>{label}<input name=\"{name}\" value=\"{}\" placeholder=\"{hint}\"></label>",
            esc(value.as_deref().unwrap_or(""))
        );
    }
    f.push_str("<button type=\"submit\">Show</button>\n</form>\n");
    f
}

async fn dashboard(
    State(app): State<Shared>,
    headers: axum::http::HeaderMap,
    Query(q): Query<SampleQuery>,
) -> Response {
    dashboard_for(&app, &headers, &q, "Technical assistance needs")
}

/// A regional group's page: the dashboard of its States, with links to the
/// pages of those States.
async fn region_page(
    State(app): State<Shared>,
    headers: axum::http::HeaderMap,
    Path(code): Path<String>,
    Query(mut q): Query<SampleQuery>,
) -> Response {
    let s = app.snapshot();
    let Some(region) = s
        .reference
        .regions
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(&code))
    else {
        return Refusal {
            status: StatusCode::NOT_FOUND,
            reason: format!("`{code}` is no regional group"),
            html: true,
        }
        .into_response();
    };
    q.regions = Some(region.code.clone());
    dashboard_for(&app, &headers, &q, &region.name)
}

fn dashboard_for(
    app: &Shared,
    headers: &axum::http::HeaderMap,
    q: &SampleQuery,
    title: &str,
) -> Response {
    let q = q.clone();
    let s = app.snapshot();
    let who = portal::current(app, headers);
    let (_, a) = match analyse(&s, &q, true) {
        Ok(v) => v,
        Err(r) => return r.into_response(),
    };
    let options = match options(&q, &a, true) {
        Ok(o) => o,
        Err(r) => return r.into_response(),
    };
    let r = report::build(&a, &s.reference, &options);
    let mut body = portal::who_line(who.as_ref());
    body.push_str(&sample_form(&s, &q));
    let _ = writeln!(body, "<p class=\"sample\">{}</p>", esc(&r.sample));
    let carried = carry(&q);
    body.push_str("<p>The note for this sample: ");
    for (i, f) in ["html", "xlsx", "json", "tables"].iter().enumerate() {
        let _ = write!(
            body,
            "{}<a href=\"/report.{f}?{carried}\" download>{}</a>",
            if i == 0 { "" } else { " · " },
            f.to_uppercase()
        );
    }
    body.push_str("</p>\n");
    // The note's main figures: the sample, the regions, the types, the
    // articles per chapter, and the priority areas.
    let main = |e: &report::Exhibit| e.label.starts_with("Figure") && e.subject.is_main();
    for e in r.exhibits().filter(|e| main(e)) {
        report::html::exhibit(&mut body, e);
    }
    body.push_str("<h2>Articles</h2>\n<ul class=\"articles\">\n");
    for x in a.articles.iter().filter(|x| x.total.needs > 0) {
        let _ = writeln!(
            body,
            "<li><a href=\"/articles/{}?{carried}\">Article {} ({})</a>: {} needs, {} States parties</li>",
            x.article,
            x.article,
            esc(&x.title),
            x.total.needs,
            x.total.states
        );
    }
    body.push_str("</ul>\n");
    // The States parties of the groups shown, each with its page.
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
        body.push_str("<h2>States parties reviewed</h2>\n<ul class=\"states\">\n");
        for st in states {
            let _ = writeln!(
                body,
                "<li><a href=\"/states/{}\">{}</a></li>",
                esc(&st.code),
                esc(&st.name)
            );
        }
        body.push_str("</ul>\n");
    } else {
        body.push_str("<h2>Regional groups</h2>\n<ul class=\"regions\">\n");
        for r in &s.reference.regions {
            let _ = writeln!(
                body,
                "<li><a href=\"/regions/{}\">{}</a></li>",
                esc(&r.code),
                esc(&r.name)
            );
        }
        body.push_str("</ul>\n");
    }
    Html(page(title, &body)).into_response()
}

async fn article_page(
    State(app): State<Shared>,
    Path(number): Path<String>,
    Query(q): Query<SampleQuery>,
) -> Response {
    let s = app.snapshot();
    let (_, a) = match analyse(&s, &q, true) {
        Ok(v) => v,
        Err(r) => return r.into_response(),
    };
    let Some(n) = number
        .parse::<u8>()
        .ok()
        .filter(|n| a.article(*n).is_some())
    else {
        return Refusal {
            status: StatusCode::NOT_FOUND,
            reason: format!("article `{number}` is not in the chapters analysed"),
            html: true,
        }
        .into_response();
    };
    let options = report::Options {
        articles: Some(vec![n]),
        ..report::Options::default()
    };
    let r = report::build(&a, &s.reference, &options);
    let mut body = String::new();
    // The article's own paragraph, table and figure from the note.
    let mut inside = false;
    let heading = format!("Technical assistance needs relating to article {n}");
    for b in &r.blocks {
        match b {
            report::Block::Heading { text, .. } => {
                if inside && *text != heading {
                    break;
                }
                inside = inside || *text == heading;
            }
            report::Block::Paragraph { text, .. } if inside => {
                let _ = writeln!(body, "<p>{}</p>", esc(text));
            }
            report::Block::Exhibit(e) if inside => report::html::exhibit(&mut body, e),
            _ => {}
        }
    }
    let title = format!(
        "Article {n}: {}",
        a.article(n).map(|x| x.title.as_str()).unwrap_or_default()
    );
    Html(page(&title, &body)).into_response()
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
