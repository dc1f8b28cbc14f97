//! A plan as a document the State takes to its ministries: title, State,
//! cycle, date, the table of items (priority, articles with their titles,
//! types with their labels, lead, days, status, providers, whether
//! overdue) and the progress notes. [`Document`] is what every format
//! writes: JSON as it is, HTML with maud, DOCX with docx-rs; the PDF is
//! the HTML printed by Chromium (`render::pdf`).
//!
//! Invariant: pure; every word of every format comes from [`Document`].

use serde::Serialize;

use super::{Note, Plan, articles_of, overdue};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::reference::{ArticleNo, Reference};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Named<K> {
    pub code: K,
    pub label: String,
}

/// One item, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocumentItem {
    pub id: i64,
    pub priority: u32,
    pub title: String,
    /// Article 0: needs tied to no article.
    pub articles: Vec<Named<ArticleNo>>,
    pub types: Vec<Named<String>>,
    pub needs: Vec<super::PlanNeed>,
    pub lead: String,
    pub starts: Option<Date>,
    pub ends: Option<Date>,
    pub status: super::Status,
    pub status_label: &'static str,
    pub providers: Vec<String>,
    pub overdue: bool,
    pub notes: Vec<Note>,
}

/// A plan in words, on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Document {
    pub title: String,
    pub state: String,
    pub state_name: String,
    pub cycle: u8,
    /// The day it is written: what "overdue" is counted against.
    pub date: Date,
    pub drafted: Date,
    pub published: bool,
    pub items: Vec<DocumentItem>,
}

/// An article's title, or what stands for it.
pub fn article_label(reference: &Reference, a: ArticleNo) -> String {
    match (a, reference.article(a)) {
        (0, _) => "no article (general needs)".to_string(),
        (_, Some(art)) => art.title.clone(),
        (_, None) => String::new(),
    }
}

/// A type's label in the cycle, or its code when the reference has none.
pub fn type_label(reference: &Reference, cycle: u8, code: &str) -> String {
    reference
        .types(cycle)
        .into_iter()
        .find(|t| t.code == code)
        .map_or_else(|| code.to_string(), |t| t.label.clone())
}

pub fn document(plan: &Plan, reference: &Reference, today: Date) -> Document {
    let state_name = reference
        .find_state(&plan.state)
        .map_or_else(|| plan.state.clone(), |id| reference.state(id).name.clone());
    let items = plan
        .items
        .iter()
        .map(|i| {
            let mut types: Vec<String> = i.needs.iter().map(|n| n.need_type.clone()).collect();
            types.sort();
            types.dedup();
            DocumentItem {
                id: i.id,
                priority: i.priority,
                title: i.title.clone(),
                articles: articles_of(i)
                    .into_iter()
                    .map(|a| Named {
                        code: a,
                        label: article_label(reference, a),
                    })
                    .collect(),
                types: types
                    .into_iter()
                    .map(|t| Named {
                        label: type_label(reference, plan.cycle, &t),
                        code: t,
                    })
                    .collect(),
                needs: i.needs.clone(),
                lead: i.lead.clone(),
                starts: i.starts,
                ends: i.ends,
                status: i.status,
                status_label: i.status.label(),
                providers: i.providers.clone(),
                overdue: overdue(i, today),
                notes: i.notes.clone(),
            }
        })
        .collect();
    Document {
        title: format!("Action plan of {state_name}, review cycle {}", plan.cycle),
        state: plan.state.clone(),
        state_name,
        cycle: plan.cycle,
        date: today,
        drafted: plan.drafted,
        published: plan.published,
        items,
    }
}

pub fn to_json(d: &Document) -> Result<String> {
    serde_json::to_string_pretty(d)
        .map(|j| j + "\n")
        .map_err(|e| Error::Other(e.to_string()))
}

/// "16 (Bribery of foreign public officials…)", each article once.
pub fn articles_text(i: &DocumentItem) -> String {
    i.articles
        .iter()
        .map(|a| match a.code {
            0 => a.label.clone(),
            n => format!("{n} ({})", a.label),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn types_text(i: &DocumentItem) -> String {
    i.types
        .iter()
        .map(|t| t.label.clone())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The planned days in words: "1 March 2026 to 30 June 2026".
pub fn days_text(i: &DocumentItem) -> String {
    let day = |d: Option<Date>| d.map_or_else(|| "…".to_string(), crate::report::words::date);
    if i.starts.is_none() && i.ends.is_none() {
        return "not set".into();
    }
    format!("{} to {}", day(i.starts), day(i.ends))
}

pub fn status_text(i: &DocumentItem) -> String {
    if i.overdue {
        format!("{} (overdue)", i.status_label)
    } else {
        i.status_label.to_string()
    }
}

/// The columns of the table of items, as every format heads them.
pub const COLUMNS: [&str; 8] = [
    "Priority",
    "Item",
    "Articles",
    "Types of need",
    "Lead institution",
    "Planned",
    "Status",
    "Providers",
];

/// The cells of one row of the table of items, in [`COLUMNS`] order.
pub fn row(i: &DocumentItem) -> [String; 8] {
    [
        i.priority.to_string(),
        i.title.clone(),
        articles_text(i),
        types_text(i),
        if i.lead.is_empty() {
            "to be named".into()
        } else {
            i.lead.clone()
        },
        days_text(i),
        status_text(i),
        i.providers.join("; "),
    ]
}

fn note_text(n: &Note) -> String {
    format!(
        "{} ({}): {}",
        crate::report::words::date(n.day),
        n.author,
        n.text
    )
}

/// The plan as one HTML page: no script, nothing fetched, printable.
pub fn to_html(d: &Document) -> String {
    use maud::{DOCTYPE, html};
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { (d.title) }
                style { (STYLE) }
            }
            body {
                h1 { (d.title) }
                p.meta {
                    "State party: " (d.state_name) " (" (d.state) "). Review cycle " (d.cycle)
                    ". Drafted " (crate::report::words::date(d.drafted))
                    "; as of " (crate::report::words::date(d.date)) ". "
                    @if d.published { "Published by the State party." } @else { "Not published." }
                }
                table {
                    caption { "Items of the plan, by priority" }
                    thead { tr { @for c in COLUMNS { th scope="col" { (c) } } } }
                    tbody {
                        @for i in &d.items {
                            tr.overdue[i.overdue] {
                                @for (k, cell) in row(i).iter().enumerate() {
                                    @if k == 0 { th scope="row" { (cell) } } @else { td { (cell) } }
                                }
                            }
                        }
                    }
                }
                h2 { "Progress notes" }
                @if d.items.iter().all(|i| i.notes.is_empty()) {
                    p { "No progress is noted yet." }
                }
                @for i in d.items.iter().filter(|i| !i.notes.is_empty()) {
                    h3 { (i.priority) ". " (i.title) }
                    ul { @for n in &i.notes { li { (note_text(n)) } } }
                }
            }
        }
    }
    .into_string()
}

const STYLE: &str = "body{font-family:sans-serif;margin:2em;color:#1a1a1a}\
h1{font-family:serif;font-size:1.6em}table{border-collapse:collapse;width:100%}\
th,td{border:1px solid #888;padding:.3em .5em;text-align:left;vertical-align:top}\
caption{text-align:left;font-weight:bold;margin-bottom:.3em}tr.overdue td,tr.overdue th{background:#fde8e8}\
@media print{body{margin:0}tr{break-inside:avoid}}";

/// The plan as a Word file (WordprocessingML, written by docx-rs).
pub fn to_docx(d: &Document) -> Result<Vec<u8>> {
    use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};
    let text = |t: &str| Paragraph::new().add_run(Run::new().add_text(t));
    let cell = |t: &str| TableCell::new().add_paragraph(text(t));
    let head = |t: &str| {
        TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(t).bold()))
    };
    let mut rows = vec![TableRow::new(COLUMNS.iter().map(|c| head(c)).collect())];
    for i in &d.items {
        rows.push(TableRow::new(row(i).iter().map(|c| cell(c)).collect()));
    }
    let published = if d.published {
        "Published by the State party."
    } else {
        "Not published."
    };
    let meta = format!(
        "State party: {} ({}). Review cycle {}. Drafted {}; as of {}. {published}",
        d.state_name,
        d.state,
        d.cycle,
        crate::report::words::date(d.drafted),
        crate::report::words::date(d.date)
    );
    let mut doc = Docx::new()
        .page_orient(docx_rs::PageOrientationType::Landscape)
        .page_size(16838, 11906)
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(&d.title).bold().size(32)))
        .add_paragraph(text(&meta))
        .add_table(Table::new(rows))
        .add_paragraph(
            Paragraph::new().add_run(Run::new().add_text("Progress notes").bold().size(28)),
        );
    if d.items.iter().all(|i| i.notes.is_empty()) {
        doc = doc.add_paragraph(text("No progress is noted yet."));
    }
    for i in d.items.iter().filter(|i| !i.notes.is_empty()) {
        doc = doc.add_paragraph(
            Paragraph::new().add_run(
                Run::new()
                    .add_text(format!("{}. {}", i.priority, i.title))
                    .bold(),
            ),
        );
        for n in &i.notes {
            doc = doc.add_paragraph(text(&note_text(n)));
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| Error::Other(format!("writing the Word file: {e}")))?;
    Ok(out.into_inner())
}
