//! The finder: the needs across States parties as one faceted page
//! (`/needs`), with the same result set as CSV, XLSX and JSON at the same
//! URL (`/needs.csv?…`). `/search` is the same page.
//!
//! A query filters by State, regional group, article, type of need, cycle,
//! document, open or addressed, and words (found in the texts the reader
//! may read, in article titles and in type labels); each filter may take
//! several values. The store does the finding (`Store::find_needs`, SQL
//! over both databases), with the reader's rule applied before counting
//! and cutting, so that a download holds exactly what the pages hold. A
//! page is kept per query and per kind of reader (role and State: nothing
//! else decides what a reader may read) until the records change.

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Html;

use super::error::{WebError, WebResult};
use super::session::Reader;
use super::view::PreEscaped;
use super::{Kept, Shared, Snapshot};
use crate::accounts::{self, Account, Origin};
use crate::records::Source;
use crate::reference::{Reference, normalize};
use crate::sheet::{Cell, Sheet};
use crate::store::{FindNeeds, FindOrder, FindWord, Found, Hit};

/// The sizes of a page a reader may ask for; the first is the default.
pub(crate) const PER_PAGE: [usize; 2] = [50, 100];

/// The longest words query, and the most words in it.
const WORDS_LONGEST: usize = 200;
const WORDS_MOST: usize = 10;

/// A finder query as read from the URL.
#[derive(Clone, Debug, Default)]
pub(crate) struct FinderQuery {
    pub(crate) find: FindNeeds,
    pub(crate) regions: Vec<String>,
    /// The words as typed.
    pub(crate) words: String,
    /// Their folded forms, for highlighting.
    pub(crate) folded: Vec<String>,
    /// From 1.
    pub(crate) page: usize,
    pub(crate) per: usize,
    /// What was asked, to carry into links (without `page`).
    pub(crate) carried: Vec<(String, String)>,
}

/// Reads a finder query; a refusal names the field, the value and the rule.
pub(crate) fn parse(r: &Reference, pairs: &[(String, String)]) -> Result<FinderQuery, String> {
    let mut q = FinderQuery {
        page: 1,
        per: PER_PAGE[0],
        ..FinderQuery::default()
    };
    for (key, value) in pairs {
        let v = value.trim();
        if v.is_empty() {
            continue;
        }
        if key != "page" {
            q.carried.push((key.clone(), v.to_string()));
        }
        match key.as_str() {
            "state" => {
                let id = r
                    .find_state(v)
                    .ok_or_else(|| format!("state: `{v}` is no State party"))?;
                push_new(&mut q.find.states, r.state(id).code.clone());
            }
            "region" => {
                r.region_id(v)
                    .ok_or_else(|| format!("region: `{v}` is no regional group"))?;
                let code = r
                    .regions
                    .iter()
                    .find(|g| normalize(&g.code) == normalize(v))
                    .map_or_else(|| v.to_string(), |g| g.code.clone());
                push_new(&mut q.regions, code);
            }
            "article" => {
                let n = match v {
                    "none" => 0,
                    _ => v
                        .parse::<u8>()
                        .ok()
                        .filter(|&n| n == 0 || r.article(n).is_some())
                        .ok_or_else(|| {
                            format!(
                                "article: `{v}` is not an article of the instrument (or `none`)"
                            )
                        })?,
                };
                push_new(&mut q.find.articles, n);
            }
            "type" => {
                if !type_codes(r).iter().any(|t| t == v) {
                    return Err(format!("type: `{v}` is no type of need"));
                }
                push_new(&mut q.find.types, v.to_string());
            }
            "cycle" => {
                let c = v
                    .parse::<u8>()
                    .ok()
                    .filter(|c| r.cycles().contains(c))
                    .ok_or_else(|| format!("cycle: `{v}` is not a review cycle"))?;
                push_new(&mut q.find.cycles, c);
            }
            "document" => {
                let d = Source::ALL
                    .into_iter()
                    .find(|d| d.code() == v)
                    .or_else(|| Source::parse(v))
                    .ok_or_else(|| {
                        format!("document: `{v}` is none of self_assessment, country_report, executive_summary")
                    })?;
                push_new(&mut q.find.documents, d);
            }
            "status" => {
                q.find.addressed = Some(match v {
                    "open" => false,
                    "addressed" => true,
                    _ => return Err(format!("status: `{v}` is neither `open` nor `addressed`")),
                });
            }
            // The needs list's older form: any value means open.
            "open" => q.find.addressed = Some(false),
            "q" => q.words = v.to_string(),
            "sort" => {
                q.find.order = match v {
                    "state" => FindOrder::State,
                    "article" => FindOrder::Article,
                    "type" => FindOrder::Type,
                    "date" => FindOrder::Date,
                    _ => {
                        return Err(format!("sort: `{v}` is none of state, article, type, date"));
                    }
                }
            }
            "page" => {
                q.page = v
                    .parse::<usize>()
                    .ok()
                    .filter(|&p| p >= 1)
                    .ok_or_else(|| format!("page: `{v}` is not a page number (1, 2, …)"))?;
            }
            "per" => {
                q.per = v
                    .parse::<usize>()
                    .ok()
                    .filter(|p| PER_PAGE.contains(p))
                    .ok_or_else(|| format!("per: `{v}` is not 50 or 100"))?;
            }
            _ => {}
        }
    }
    words(r, &mut q)?;
    if !q.regions.is_empty() {
        q.find.region_states = Some(
            r.states
                .iter()
                .filter(|st| st.region.as_ref().is_some_and(|g| q.regions.contains(g)))
                .map(|st| st.code.clone())
                .collect(),
        );
    }
    q.find.offset = (q.page - 1).saturating_mul(q.per);
    q.find.limit = Some(q.per);
    q.find.facets = true;
    Ok(q)
}

fn push_new<T: PartialEq>(list: &mut Vec<T>, v: T) {
    if !list.contains(&v) {
        list.push(v);
    }
}

/// Every type of need of the instrument, each code once.
fn type_codes(r: &Reference) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for t in &r.need_types {
        push_new(&mut codes, t.code.clone());
    }
    codes
}

/// Whether the folded word `token` is matched by the folded search word
/// `word`: itself, or a word it begins when it is long enough (as the
/// full-text search matches).
pub(crate) fn matches(word: &str, token: &str) -> bool {
    token == word || (word.chars().count() >= crate::store::PREFIX_FROM && token.starts_with(word))
}

fn holds(text: &str, word: &str) -> bool {
    normalize(text).split(' ').any(|t| matches(word, t))
}

/// The words of the query, each with the articles and types it names.
fn words(r: &Reference, q: &mut FinderQuery) -> Result<(), String> {
    if q.words.chars().count() > WORDS_LONGEST {
        return Err(format!("q: at most {WORDS_LONGEST} characters"));
    }
    for w in normalize(&q.words).split(' ').filter(|w| !w.is_empty()) {
        if q.folded.iter().any(|f| f == w) {
            continue;
        }
        if q.folded.len() == WORDS_MOST {
            return Err(format!("q: at most {WORDS_MOST} words"));
        }
        q.folded.push(w.to_string());
        let mut types = Vec::new();
        for t in &r.need_types {
            if holds(&t.label, w) {
                push_new(&mut types, t.code.clone());
            }
        }
        q.find.words.push(FindWord {
            word: w.to_string(),
            articles: r
                .articles
                .iter()
                .filter(|a| holds(&a.title, w))
                .map(|a| a.number)
                .collect(),
            types,
        });
    }
    Ok(())
}

/// What decides which needs a reader may read: its role, and a focal
/// point's State (the rule asks nothing else of the reader), so that an
/// answer kept for one reader serves every reader alike.
pub(crate) fn reading(who: Option<&Account>) -> String {
    match who {
        None => "public".into(),
        Some(a) => format!("{}/{}", a.role.code(), a.state.as_deref().unwrap_or("")),
    }
}

/// The query's pairs, as sent.
pub(crate) fn pairs(uri: &Uri) -> WebResult<Vec<(String, String)>> {
    serde_urlencoded::from_str(uri.query().unwrap_or(""))
        .map_err(|e| WebError::bad(format!("the query does not read: {e}")))
}

/// The finder's page.
pub(super) async fn needs_page(
    State(app): State<Shared>,
    reader: Reader,
    uri: Uri,
) -> WebResult<Html<String>> {
    let s = app.snapshot();
    let who = reader.account();
    let key = format!("finder/{}?{}", reading(who), uri.query().unwrap_or(""));
    let kept = s.kept(key, || {
        let q = parse(&s.reference, &pairs(&uri)?).map_err(WebError::bad)?;
        let found = app.read(|st| st.find_needs(who, &q.find))?;
        let mut body = super::finder_page::body(&s, &q, &found).into_string();
        if !q.folded.is_empty() {
            body.push_str(&other_texts(&app, &s, who, &q)?);
        }
        Ok(Kept::html(body))
    })?;
    let mut main = String::from_utf8_lossy(&kept.body).into_owned();
    // The feed and the form depend on the query only; the form's secret
    // is the session's, so it is added after what is kept.
    let filter = parse(&s.reference, &pairs(&uri)?)
        .map(|q| super::feeds::filter_of(&q))
        .unwrap_or_default();
    let feed = match filter.as_str() {
        "" => "/feeds/needs.atom".to_string(),
        f => format!("/feeds/needs.atom?{f}"),
    };
    if let Some(session) = reader.0.as_ref() {
        main.push_str(&super::subscriptions::subscribe_form(session, &filter, None).into_string());
    }
    Ok(Html(super::view::page_with_feed(
        "Find technical assistance needs",
        reader.0.as_ref(),
        PreEscaped(main),
        Some(&feed),
    )))
}

/// The challenges and good practices the words find, that the reader may
/// read: what `/search` showed beside needs.
fn other_texts(
    app: &Shared,
    s: &Snapshot,
    who: Option<&Account>,
    q: &FinderQuery,
) -> WebResult<String> {
    let readable = |h: &Hit| {
        h.kind != "need"
            && accounts::may_read_text(
                who,
                &h.state,
                h.published,
                h.shared_with_providers,
                Origin::of_hit(&h.kind, h.source),
            )
    };
    let hits = app.read(|st| st.search(&q.folded.join(" "), &readable, 0, 50))?;
    Ok(super::finder_page::other_texts(s, q, &hits).into_string())
}

/// `/needs.csv`, `.xlsx`, `.json`: every need the query finds that the
/// reader may read, over all pages, in the finder's order.
pub(super) async fn needs_download(
    State(app): State<Shared>,
    reader: Reader,
    Path(format): Path<String>,
    uri: Uri,
) -> WebResult<Kept> {
    let s = app.snapshot();
    let who = reader.account();
    let format = Format::of(&format)?;
    let key = format!(
        "finder.{}/{}?{}",
        format.extension(),
        reading(who),
        uri.query().unwrap_or("")
    );
    s.kept(key, || {
        let mut q = parse(&s.reference, &pairs(&uri)?).map_err(WebError::bad)?;
        q.find.offset = 0;
        q.find.limit = None;
        q.find.facets = false;
        let found = app.read(|st| st.find_needs(who, &q.find))?;
        format.file("needs", &needs_sheet(&s, &found))
    })
}

/// The formats a table is downloaded in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Csv,
    Xlsx,
    Json,
}

impl Format {
    pub(crate) const ALL: [Format; 3] = [Format::Csv, Format::Json, Format::Xlsx];

    pub(crate) fn of(extension: &str) -> WebResult<Format> {
        match extension {
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            "json" => Ok(Format::Json),
            other => Err(WebError::not_found(format!(
                "no download `.{other}`: one of .csv, .xlsx, .json"
            ))),
        }
    }

    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
        }
    }

    /// `sheet` as a file named `name` in this format. CSV texts go
    /// through `export::neutralise`, as every CSV tana writes.
    pub(crate) fn file(self, name: &str, sheet: &Sheet) -> WebResult<Kept> {
        let failed = |e: String| WebError::Failed(crate::error::Error::Other(e));
        let (content_type, body): (&'static str, Vec<u8>) = match self {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                let mut write = |row: Vec<String>| w.write_record(row).map_err(|e| e.to_string());
                write(
                    sheet
                        .headers
                        .iter()
                        .map(|h| crate::export::neutralise(h).into_owned())
                        .collect(),
                )
                .map_err(failed)?;
                for row in &sheet.rows {
                    write(
                        row.iter()
                            .map(|c| crate::export::csv_text(c).into_owned())
                            .collect(),
                    )
                    .map_err(failed)?;
                }
                let bytes = w.into_inner().map_err(|e| failed(e.to_string()))?;
                ("text/csv; charset=utf-8", bytes)
            }
            Format::Json => (
                "application/json",
                serde_json::to_vec(&crate::export::sheet_json(sheet))
                    .map_err(|e| failed(e.to_string()))?,
            ),
            Format::Xlsx => (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                crate::export::xlsx_bytes(std::slice::from_ref(sheet))?,
            ),
        };
        Ok(Kept {
            content_type,
            disposition: Some(attachment(&format!("{name}.{}", self.extension()))),
            body: body.into(),
        })
    }
}

/// The columns of a table of needs, in order; the codebook describes each.
pub(crate) const NEED_COLUMNS: [&str; 16] = [
    "id",
    "state",
    "state_name",
    "region",
    "cycle",
    "article",
    "article_title",
    "type",
    "type_label",
    "addressed",
    "review_completed",
    "documents",
    "text_self_assessment",
    "text_country_report",
    "text_executive_summary",
    "text_unrecorded",
];

/// The stable identifier of a need: what names it in every workspace.
pub(crate) fn need_id(state: &str, cycle: u8, article: u8, need_type: &str) -> String {
    format!("{state}/{cycle}/{article}/{need_type}")
}

/// The needs found, one row each, as a sheet of [`NEED_COLUMNS`].
pub(crate) fn needs_sheet(s: &Snapshot, found: &Found) -> Sheet {
    let r = &s.reference;
    let rows = found
        .needs
        .iter()
        .map(|n| {
            let state = r.find_state(&n.state).map(|id| r.state(id));
            let label = r
                .types(n.cycle)
                .into_iter()
                .find(|t| t.code == n.need_type)
                .map_or_else(String::new, |t| t.label.clone());
            let text_of = |source: Option<Source>| {
                n.texts
                    .iter()
                    .filter(|t| t.source == source)
                    .map(|t| t.text.clone())
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let mut row: Vec<Cell> = vec![
                need_id(&n.state, n.cycle, n.article, &n.need_type).into(),
                n.state.clone().into(),
                state.map_or_else(String::new, |st| st.name.clone()).into(),
                state
                    .and_then(|st| st.region.clone())
                    .unwrap_or_default()
                    .into(),
                u32::from(n.cycle).into(),
                u32::from(n.article).into(),
                r.article(n.article)
                    .map_or_else(String::new, |a| a.title.clone())
                    .into(),
                n.need_type.clone().into(),
                label.into(),
                if n.addressed { "yes" } else { "no" }.into(),
                n.completed.clone().unwrap_or_default().into(),
                n.documents
                    .iter()
                    .map(|d| d.code())
                    .collect::<Vec<_>>()
                    .join(";")
                    .into(),
            ];
            row.extend(
                Source::ALL
                    .iter()
                    .map(|&d| text_of(Some(d)).into())
                    .chain([text_of(None).into()]),
            );
            row
        })
        .collect();
    Sheet {
        name: "needs".into(),
        title: None,
        headers: NEED_COLUMNS.iter().map(|c| c.to_string()).collect(),
        rows,
        chart: None,
        links: false,
    }
}

/// The `Content-Disposition` of a file named `name`. The names are the
/// portal's own (a few tables times three formats), so each is made once
/// and kept for the life of the server.
fn attachment(name: &str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static MADE: OnceLock<Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    let mut made = MADE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    made.entry(name.to_string())
        .or_insert_with(|| Box::leak(format!("attachment; filename=\"{name}\"").into_boxed_str()))
}
