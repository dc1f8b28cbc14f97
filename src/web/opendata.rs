//! Open data: `/data` offers everything public as files, each in CSV, JSON
//! and XLSX (`/data/needs.csv`, …): the reviews with what they published,
//! the needs, challenges and good practices the public may read, the
//! assistance the public may read, and the aggregates of the default
//! sample; with a codebook (`/data/codebook`, and as a file) saying what
//! each column holds and its codes.
//!
//! Every file is what the public reads, whoever asks: the same rule as
//! every page (`accounts`, and the store's finder for the needs), so a
//! file never holds more than the portal shows a visitor. Every record has
//! a stable identifier, built from what names it (a need: State, cycle,
//! article, type), never from a row number a copy would change.

use axum::extract::{Path, State};
use axum::response::Html;

use super::error::{WebError, WebResult};
use super::finder::{Format, NEED_COLUMNS, needs_sheet};
use super::session::Reader;
use super::view::{self, Markup, PreEscaped, html};
use super::{Kept, Shared, Snapshot};
use crate::accounts::{self, Origin};
use crate::records::Source;
use crate::reference::Reference;
use crate::sheet::{Cell, Sheet};
use crate::store::FindNeeds;

/// What the values of a column may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codes {
    /// Free text, or an identifier.
    Text,
    /// A whole number.
    Number,
    /// A day, YYYY-MM-DD, or empty.
    Date,
    /// `yes` or `no`.
    YesNo,
    States,
    Regions,
    Cycles,
    /// Article numbers; 0 is a record tied to no article.
    Articles,
    Types,
    /// Document codes, several separated by `;`.
    Documents,
    Categories,
    Statuses,
    Measures,
}

impl Codes {
    /// Each code and what it means; empty for columns without a list.
    pub fn list(self, r: &Reference) -> Vec<(String, String)> {
        let pairs = |v: Vec<(&str, &str)>| {
            v.into_iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        match self {
            Codes::Text | Codes::Number | Codes::Date => Vec::new(),
            Codes::YesNo => pairs(vec![("yes", "yes"), ("no", "no")]),
            Codes::States => r
                .states
                .iter()
                .map(|s| (s.code.clone(), s.name.clone()))
                .collect(),
            Codes::Regions => r
                .regions
                .iter()
                .map(|g| (g.code.clone(), g.name.clone()))
                .collect(),
            Codes::Cycles => r
                .cycles()
                .iter()
                .map(|c| (c.to_string(), format!("review cycle {c}")))
                .collect(),
            Codes::Articles => std::iter::once(("0".to_string(), "tied to no article".to_string()))
                .chain(
                    r.articles
                        .iter()
                        .map(|a| (a.number.to_string(), a.title.clone())),
                )
                .collect(),
            Codes::Types => {
                let mut out: Vec<(String, String)> = Vec::new();
                for t in &r.need_types {
                    if !out.iter().any(|(c, _)| c == &t.code) {
                        out.push((t.code.clone(), t.label.clone()));
                    }
                }
                out
            }
            Codes::Documents => Source::ALL
                .iter()
                .map(|s| (s.code().to_string(), s.label().to_string()))
                .collect(),
            Codes::Categories => r
                .challenge_categories
                .iter()
                .map(|c| (c.code.clone(), c.label.clone()))
                .collect(),
            Codes::Statuses => crate::store::ASSISTANCE_STATUSES
                .iter()
                .map(|s| (s.to_string(), s.to_string()))
                .collect(),
            Codes::Measures => pairs(vec![
                ("states", "States parties with at least one need"),
                ("needs", "needs"),
            ]),
        }
    }

    /// Whether a cell may hold several codes, separated by `;`.
    pub fn several(self) -> bool {
        self == Codes::Documents
    }
}

/// One column of an open-data file, as the codebook describes it.
pub struct Column {
    pub name: &'static str,
    pub holds: &'static str,
    pub codes: Codes,
}

const fn col(name: &'static str, holds: &'static str, codes: Codes) -> Column {
    Column { name, holds, codes }
}

/// One open-data file: its name, what it holds, its columns.
pub struct Dataset {
    pub name: &'static str,
    pub title: &'static str,
    pub holds: &'static str,
    pub columns: &'static [Column],
}

const REVIEWS: &[Column] = &[
    col(
        "id",
        "The review's identifier: State code / cycle.",
        Codes::Text,
    ),
    col(
        "state",
        "The State party reviewed (its code).",
        Codes::States,
    ),
    col("state_name", "The State party's name.", Codes::Text),
    col(
        "region",
        "The State's regional group (its code).",
        Codes::Regions,
    ),
    col("cycle", "The review cycle.", Codes::Cycles),
    col("completed", "The day the review finished.", Codes::Date),
    col(
        "documents",
        "The documents the review produced.",
        Codes::Documents,
    ),
    col(
        "published",
        "The documents the State agreed to publish.",
        Codes::Documents,
    ),
];

const NEEDS: &[Column] = &[
    col(
        "id",
        "The need's identifier: State code / cycle / article / type.",
        Codes::Text,
    ),
    col(
        "state",
        "The State party that identified the need (its code).",
        Codes::States,
    ),
    col("state_name", "The State party's name.", Codes::Text),
    col(
        "region",
        "The State's regional group (its code).",
        Codes::Regions,
    ),
    col("cycle", "The review cycle.", Codes::Cycles),
    col(
        "article",
        "The article the need is for (0: a general or thematic need).",
        Codes::Articles,
    ),
    col("article_title", "The article's title.", Codes::Text),
    col(
        "type",
        "The type of technical assistance needed.",
        Codes::Types,
    ),
    col("type_label", "The type's label.", Codes::Text),
    col(
        "addressed",
        "Whether a provider or donor is addressing the need.",
        Codes::YesNo,
    ),
    col(
        "review_completed",
        "The day the review finished.",
        Codes::Date,
    ),
    col(
        "documents",
        "The published documents that name the need.",
        Codes::Documents,
    ),
    col(
        "text_self_assessment",
        "What the self-assessment checklist says of the need, when published.",
        Codes::Text,
    ),
    col(
        "text_country_report",
        "What the country report says of the need, when published.",
        Codes::Text,
    ),
    col(
        "text_executive_summary",
        "What the executive summary says of the need.",
        Codes::Text,
    ),
    col(
        "text_unrecorded",
        "Words whose document was not recorded (never public).",
        Codes::Text,
    ),
];

const CHALLENGES: &[Column] = &[
    col(
        "id",
        "The challenge's identifier: review / article / category / a digest of its words.",
        Codes::Text,
    ),
    col(
        "review",
        "The review's identifier (see reviews).",
        Codes::Text,
    ),
    col("state", "The State party (its code).", Codes::States),
    col("state_name", "The State party's name.", Codes::Text),
    col("cycle", "The review cycle.", Codes::Cycles),
    col(
        "article",
        "The article (0: tied to no article).",
        Codes::Articles,
    ),
    col("category", "The kind of challenge.", Codes::Categories),
    col("category_label", "The category's label.", Codes::Text),
    col(
        "text",
        "The challenge, as the report states it.",
        Codes::Text,
    ),
];

const GOOD_PRACTICES: &[Column] = &[
    col(
        "id",
        "The good practice's identifier: review / article / a digest of its words.",
        Codes::Text,
    ),
    col(
        "review",
        "The review's identifier (see reviews).",
        Codes::Text,
    ),
    col("state", "The State party (its code).", Codes::States),
    col("state_name", "The State party's name.", Codes::Text),
    col("cycle", "The review cycle.", Codes::Cycles),
    col(
        "article",
        "The article (0: tied to no article).",
        Codes::Articles,
    ),
    col(
        "text",
        "The good practice, as the report states it.",
        Codes::Text,
    ),
];

const ASSISTANCE: &[Column] = &[
    col(
        "id",
        "The record's identifier: assistance / its number.",
        Codes::Text,
    ),
    col("need", "The need it addresses (see needs).", Codes::Text),
    col("state", "The State party helped (its code).", Codes::States),
    col("title", "The project, mission or training.", Codes::Text),
    col("status", "Its stage.", Codes::Statuses),
    col("starts", "Its first day.", Codes::Date),
    col("ends", "Its last day.", Codes::Date),
];

const AGGREGATES: &[Column] = &[
    col(
        "id",
        "The figure's identifier: cycle / article / region / type / measure.",
        Codes::Text,
    ),
    col("cycle", "The review cycle of the sample.", Codes::Cycles),
    col(
        "article",
        "The article (0: needs tied to no article).",
        Codes::Articles,
    ),
    col("article_title", "The article's title.", Codes::Text),
    col(
        "region",
        "The regional group counted (empty: every group).",
        Codes::Regions,
    ),
    col(
        "type",
        "The type of need counted (empty: every type).",
        Codes::Types,
    ),
    col("measure", "What is counted.", Codes::Measures),
    col("count", "The count.", Codes::Number),
];

/// Every open-data file.
pub const DATASETS: [Dataset; 6] = [
    Dataset {
        name: "reviews",
        title: "Country reviews",
        holds: "Every review: when it finished, the documents it produced and those the State published.",
        columns: REVIEWS,
    },
    Dataset {
        name: "needs",
        title: "Technical assistance needs",
        holds: "Every need named in a published document, with the published words.",
        columns: NEEDS,
    },
    Dataset {
        name: "challenges",
        title: "Challenges",
        holds: "The challenges of the reviews whose country report or executive summary is published.",
        columns: CHALLENGES,
    },
    Dataset {
        name: "good_practices",
        title: "Good practices",
        holds: "The good practices of the reviews whose country report or executive summary is published.",
        columns: GOOD_PRACTICES,
    },
    Dataset {
        name: "assistance",
        title: "Assistance",
        holds: "Assistance recorded against needs that the public may read: under the portal's rules, only the secretariat, the provider and the State's focal points read a record of assistance, so this file holds none.",
        columns: ASSISTANCE,
    },
    Dataset {
        name: "aggregates",
        title: "Aggregates of the default sample",
        holds: "The note's counts for the default sample (cycle 1, every chapter and group, all dates): States with needs and needs per article, per article and regional group, per article and type.",
        columns: AGGREGATES,
    },
];

fn review_id(state: &str, cycle: u8) -> String {
    format!("{state}/{cycle}")
}

/// A short digest of a record's words: with what names it, a stable
/// identifier for records that have no other.
fn digest(parts: &[&str]) -> String {
    crate::store::digest(&parts.join("\u{1f}"))[..12].to_string()
}

fn sheet(d: &Dataset, rows: Vec<Vec<Cell>>) -> Sheet {
    Sheet {
        name: d.name.into(),
        title: None,
        headers: d.columns.iter().map(|c| c.name.to_string()).collect(),
        rows,
        chart: None,
        links: false,
    }
}

fn n(v: u8) -> Cell {
    u32::from(v).into()
}

/// The rows of a dataset, as the public may read them.
fn rows(app: &Shared, s: &Snapshot, d: &Dataset) -> WebResult<Sheet> {
    let r = &s.reference;
    let reg = &s.registry;
    let review_of = |i: u32| {
        let review = &reg.reviews[i as usize];
        (review, r.state(review.state))
    };
    let findings_public = |i: u32| {
        let (review, state) = review_of(i);
        accounts::may_read_text(
            None,
            &state.code,
            review.published,
            review.shared_with_providers,
            Origin::Findings,
        )
    };
    let codes =
        |x: crate::records::Sources| x.iter().map(Source::code).collect::<Vec<_>>().join(";");
    Ok(match d.name {
        "reviews" => sheet(
            d,
            reg.reviews
                .iter()
                .map(|review| {
                    let st = r.state(review.state);
                    vec![
                        review_id(&st.code, review.cycle).into(),
                        st.code.clone().into(),
                        st.name.clone().into(),
                        st.region.clone().unwrap_or_default().into(),
                        n(review.cycle),
                        review
                            .completed
                            .map(|c| c.to_string())
                            .unwrap_or_default()
                            .into(),
                        codes(review.documents).into(),
                        codes(crate::records::Sources(
                            review.documents.0 & review.published.0,
                        ))
                        .into(),
                    ]
                })
                .collect(),
        ),
        "needs" => {
            let everything = FindNeeds::default();
            let found = app.read(|st| st.find_needs(None, &everything))?;
            let mut sheet = needs_sheet(s, &found);
            debug_assert_eq!(sheet.headers, NEED_COLUMNS);
            sheet.name = d.name.into();
            sheet
        }
        "challenges" => sheet(
            d,
            reg.challenges
                .iter()
                .filter(|c| findings_public(c.review))
                .map(|c| {
                    let (review, st) = review_of(c.review);
                    let category = &r.challenge_categories[c.category as usize];
                    let rid = review_id(&st.code, review.cycle);
                    let art = c.article.to_string();
                    vec![
                        format!(
                            "{rid}/{art}/{}/{}",
                            category.code,
                            digest(&[&rid, &art, &category.code, &c.text])
                        )
                        .into(),
                        rid.into(),
                        st.code.clone().into(),
                        st.name.clone().into(),
                        n(review.cycle),
                        n(c.article),
                        category.code.clone().into(),
                        category.label.clone().into(),
                        c.text.clone().into(),
                    ]
                })
                .collect(),
        ),
        "good_practices" => sheet(
            d,
            reg.good_practices
                .iter()
                .filter(|g| findings_public(g.review))
                .map(|g| {
                    let (review, st) = review_of(g.review);
                    let rid = review_id(&st.code, review.cycle);
                    let art = g.article.to_string();
                    vec![
                        format!("{rid}/{art}/{}", digest(&[&rid, &art, &g.text])).into(),
                        rid.into(),
                        st.code.clone().into(),
                        st.name.clone().into(),
                        n(review.cycle),
                        n(g.article),
                        g.text.clone().into(),
                    ]
                })
                .collect(),
        ),
        "assistance" => {
            let all = app.read(|st| st.assistance(None))?;
            sheet(
                d,
                all.iter()
                    .filter(|a| accounts::may_read_assistance(None, &a.provider, &a.need.state))
                    .map(|a| {
                        let k = &a.need;
                        vec![
                            format!("assistance/{}", a.id).into(),
                            super::finder::need_id(&k.state, k.cycle, k.article, &k.need_type)
                                .into(),
                            k.state.clone().into(),
                            a.title.clone().into(),
                            a.status.clone().into(),
                            a.starts.clone().unwrap_or_default().into(),
                            a.ends.clone().unwrap_or_default().into(),
                        ]
                    })
                    .collect(),
            )
        }
        _ => sheet(d, aggregates(s)?),
    })
}

/// The counts of the default sample, one figure a row.
fn aggregates(s: &Snapshot) -> WebResult<Vec<Vec<Cell>>> {
    let (a, _) = super::sample::analyse(s, &Default::default())
        .map_err(|r| WebError::bad(format!("{}: {}", r.field, r.reason)))?;
    let mut rows = Vec::new();
    let mut row = |article: u8, title: &str, region: &str, t: &str, measure: &str, count: u32| {
        let id = format!(
            "{}/{article}/{}/{}/{measure}",
            a.cycle,
            if region.is_empty() { "all" } else { region },
            if t.is_empty() { "all" } else { t }
        );
        rows.push(vec![
            id.into(),
            n(a.cycle),
            n(article),
            title.to_string().into(),
            region.to_string().into(),
            t.to_string().into(),
            measure.to_string().into(),
            count.into(),
        ]);
    };
    for x in &a.articles {
        row(x.article, &x.title, "", "", "states", x.total.states);
        row(x.article, &x.title, "", "", "needs", x.total.needs);
        for (g, c) in a.regions.iter().zip(&x.by_region) {
            row(x.article, &x.title, g, "", "states", c.states);
            row(x.article, &x.title, g, "", "needs", c.needs);
        }
        for (t, c) in a.types.iter().zip(&x.by_type) {
            row(x.article, &x.title, "", t, "needs", *c);
        }
    }
    let g = &a.general;
    row(0, "", "", "", "states", g.total.states);
    row(0, "", "", "", "needs", g.total.needs);
    for (t, c) in a.types.iter().zip(&g.by_type) {
        row(0, "", "", t, "needs", *c);
    }
    Ok(rows)
}

/// The codebook as a table: one row a column of a file.
fn codebook_sheet(r: &Reference, changed: &str) -> Sheet {
    let mut rows = Vec::new();
    for d in &DATASETS {
        for c in d.columns {
            let codes: Vec<String> = c
                .codes
                .list(r)
                .into_iter()
                .map(|(code, label)| format!("{code}={label}"))
                .collect();
            rows.push(vec![
                d.name.into(),
                c.name.into(),
                c.holds.into(),
                codes.join("; ").into(),
                if c.codes.several() { "yes" } else { "no" }.into(),
                changed.to_string().into(),
            ]);
        }
    }
    Sheet {
        name: "codebook".into(),
        title: None,
        headers: [
            "file",
            "column",
            "holds",
            "codes",
            "several",
            "records_last_changed",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        chart: None,
        links: false,
    }
}

/// The day the records last changed, as YYYY-MM-DD (empty: never).
fn last_changed(app: &Shared) -> WebResult<String> {
    Ok(app
        .read(|st| st.last_change())?
        .and_then(crate::clock::day_of)
        .map(|d| d.to_string())
        .unwrap_or_default())
}

/// `/data`: the files, in every format, and the codebook.
pub(super) async fn data_page(
    State(app): State<Shared>,
    reader: Reader,
) -> WebResult<Html<String>> {
    let s = app.snapshot();
    let kept = s.kept("data".into(), || {
        Ok(Kept::html(data_body(&last_changed(&app)?).into_string()))
    })?;
    let main = PreEscaped(String::from_utf8_lossy(&kept.body).into_owned());
    Ok(view::layout("Open data", reader.0.as_ref(), main))
}

/// Links to a file in every format.
fn links(name: &str) -> Markup {
    html! {
        @for f in Format::ALL {
            a href=(format!("/data/{name}.{}", f.extension())) download { (f.extension().to_ascii_uppercase()) } " "
        }
    }
}

fn data_body(changed: &str) -> Markup {
    let mut rows: Vec<Vec<Markup>> = DATASETS
        .iter()
        .map(|d| vec![html! { (d.title) }, html! { (d.holds) }, links(d.name)])
        .collect();
    rows.push(vec![
        html! { "Codebook" },
        html! { "Every column of every file: what it holds, its codes." },
        links("codebook"),
    ]);
    html! {
        p {
            "Everything the portal shows the public, as files anyone may reuse: each in CSV, JSON and XLSX. Every record carries a stable identifier; the "
            a href="/data/codebook" { "codebook" }
            " says what each column holds and its codes. The records last changed on "
            (if changed.is_empty() { "no recorded day".to_string() } else { view::day(changed) }) "."
        }
        (view::table(&view::Table {
            caption: "Open data files",
            columns: vec![("File", false), ("What it holds", false), ("Download", false)],
            rows,
        }))
    }
}

/// `/data/codebook` (a page), `/data/{name}.{csv,json,xlsx}` (a file).
pub(super) async fn data_file(
    State(app): State<Shared>,
    reader: Reader,
    Path(file): Path<String>,
) -> WebResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let s = app.snapshot();
    if file == "codebook" {
        let kept = s.kept("data/codebook".into(), || {
            let body = codebook_body(&s.reference, &last_changed(&app)?);
            Ok(Kept::html(body.into_string()))
        })?;
        let main = PreEscaped(String::from_utf8_lossy(&kept.body).into_owned());
        return Ok(
            view::layout("Open data: the codebook", reader.0.as_ref(), main).into_response(),
        );
    }
    let Some((name, extension)) = file.rsplit_once('.') else {
        return Err(WebError::not_found(format!("no open-data file `{file}`")));
    };
    let format = Format::of(extension)?;
    let known = name == "codebook" || DATASETS.iter().any(|d| d.name == name);
    if !known {
        return Err(WebError::not_found(format!(
            "no open-data file `{name}`: one of {}, codebook",
            DATASETS.map(|d| d.name).join(", ")
        )));
    }
    let kept = s.kept(format!("data/{file}"), || {
        let sheet = match DATASETS.iter().find(|d| d.name == name) {
            Some(d) => rows(&app, &s, d)?,
            None => codebook_sheet(&s.reference, &last_changed(&app)?),
        };
        format.file(name, &sheet)
    })?;
    Ok(kept.into_response())
}

fn codebook_body(r: &Reference, changed: &str) -> Markup {
    html! {
        p {
            "What each column of the " a href="/data" { "open data files" } " holds. Records last changed: "
            (if changed.is_empty() { "never".to_string() } else { view::day(changed) })
            ". A cell of several codes separates them with " code { ";" }
            ". CSV cells that a spreadsheet would run as a formula start with a single quote."
        }
        @for d in &DATASETS {
            h2 id=(d.name) { (d.title) }
            p { (d.holds) }
            (view::table(&view::Table {
                caption: &format!("Columns of {}.csv", d.name),
                columns: vec![("Column", false), ("What it holds", false), ("Codes", false)],
                rows: d.columns.iter().map(|c| vec![
                    html! { code { (c.name) } },
                    html! { (c.holds) },
                    codes(&c.codes.list(r)),
                ]).collect(),
            }))
        }
    }
}

fn codes(list: &[(String, String)]) -> Markup {
    html! {
        @if !list.is_empty() {
            details {
                summary { (view::count(list.len(), "code", "codes")) }
                ul { @for (code, label) in list { li { code { (code) } " " (label) } } }
            }
        }
    }
}
