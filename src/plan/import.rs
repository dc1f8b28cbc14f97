//! `tana plan import FILE.csv|.xlsx`: plans taken back from a table, one
//! row per item (columns in docs/FOLLOW-UP.md, "Importing a plan").
//!
//! Every cell is checked against the reference and the State's needs, and
//! every bad one reported with its file, place, column, value and rule;
//! when any is bad, no plan is returned, so nothing is written.

use std::collections::BTreeMap;

use super::{Item, Note, Plan, PlanNeed, Status};
use crate::date::Date;
use crate::error::RowError;
use crate::records::Registry;
use crate::reference::{ArticleNo, Reference};

/// The columns, in the order a template lists them; those marked true must
/// be there.
pub const COLUMNS: [(&str, bool); 12] = [
    ("state", true),
    ("cycle", true),
    ("priority", true),
    ("title", false),
    ("articles", true),
    ("types", true),
    ("lead", false),
    ("start", false),
    ("end", false),
    ("status", false),
    ("providers", false),
    ("note", false),
];

/// Who imports, and on what day: the author and day of the notes.
pub struct By<'a> {
    pub who: &'a str,
    pub at: i64,
    pub today: Date,
}

struct Row<'a> {
    file: &'a str,
    place: &'a str,
    cells: &'a [String],
    columns: &'a [Option<usize>; 12],
}

impl Row<'_> {
    fn get(&self, column: &str) -> &str {
        let i = COLUMNS.iter().position(|c| c.0 == column).unwrap_or(0);
        self.columns[i]
            .and_then(|k| self.cells.get(k))
            .map_or("", |s| s.trim())
    }
    fn bad(&self, column: &str, rule: impl Into<String>) -> RowError {
        RowError {
            file: self.file.to_string(),
            place: self.place.to_string(),
            column: column.to_string(),
            value: self.get(column).to_string(),
            rule: rule.into(),
        }
    }
}

fn list(text: &str) -> Vec<&str> {
    text.split([';', '|'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Reads the rows (the first is the header) into plans, or every error.
pub fn plans(
    file: &str,
    rows: &[(String, Vec<String>)],
    reference: &Reference,
    registry: &Registry,
    by: &By<'_>,
) -> Result<Vec<Plan>, Vec<RowError>> {
    let Some(((header_place, header), body)) = rows.split_first() else {
        return Err(vec![RowError {
            file: file.into(),
            place: "line 1".into(),
            column: String::new(),
            value: String::new(),
            rule: "the file is empty: a header row names the columns".into(),
        }]);
    };
    let mut errors = Vec::new();
    let mut columns = [None; 12];
    for (k, name) in header.iter().enumerate() {
        let name = name.trim().to_lowercase();
        match COLUMNS.iter().position(|c| c.0 == name) {
            Some(i) => columns[i] = Some(k),
            None if name.is_empty() => {}
            None => errors.push(RowError {
                file: file.into(),
                place: header_place.clone(),
                column: name.clone(),
                value: String::new(),
                rule: format!(
                    "no such column; the columns are {}",
                    COLUMNS.map(|c| c.0).join(", ")
                ),
            }),
        }
    }
    for (i, (name, required)) in COLUMNS.iter().enumerate() {
        if *required && columns[i].is_none() {
            errors.push(RowError {
                file: file.into(),
                place: header_place.clone(),
                column: (*name).into(),
                value: String::new(),
                rule: "this column is required".into(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut plans: BTreeMap<(String, u8), Plan> = BTreeMap::new();
    for (place, cells) in body {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let row = Row {
            file,
            place,
            cells,
            columns: &columns,
        };
        match item(&row, reference, registry, by) {
            Ok((state, cycle, item)) => plans
                .entry((state.clone(), cycle))
                .or_insert_with(|| Plan {
                    state,
                    cycle,
                    published: false,
                    drafted: by.today,
                    items: Vec::new(),
                })
                .items
                .push(item),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(plans.into_values().collect())
    } else {
        Err(errors)
    }
}

/// One row as an item of the plan of its State and cycle.
fn item(
    row: &Row<'_>,
    reference: &Reference,
    registry: &Registry,
    by: &By<'_>,
) -> Result<(String, u8, Item), Vec<RowError>> {
    let mut errors = Vec::new();
    let state = reference.find_state(row.get("state"));
    if state.is_none() {
        errors.push(row.bad("state", "not a State party (give its code or name)"));
    }
    let cycle = row.get("cycle").parse::<u8>().ok();
    let cycle = cycle.filter(|c| reference.cycles().contains(c));
    if cycle.is_none() {
        let cycles: Vec<String> = reference.cycles().iter().map(u8::to_string).collect();
        errors.push(row.bad("cycle", format!("a review cycle: {}", cycles.join(" or "))));
    }
    let priority = row.get("priority").parse::<u32>().ok().filter(|p| *p >= 1);
    if priority.is_none() {
        errors.push(row.bad("priority", "a whole number from 1 (1 = first)"));
    }
    let articles = articles_of_row(row, reference, &mut errors);
    let types = cycle.map_or_else(Vec::new, |c| types_of_row(row, reference, c, &mut errors));
    let (starts, ends) = days_of_row(row, &mut errors);
    let status = match row.get("status") {
        "" => Some(Status::Planned),
        s => Status::from_code(s),
    };
    if status.is_none() {
        errors.push(row.bad("status", "one of planned, under_way, done, dropped"));
    }
    // The needs are looked for whenever the State and cycle are known, so
    // that a row's every bad cell is told at once.
    let needs = match (state, cycle) {
        (Some(s), Some(c)) if !articles.is_empty() && !types.is_empty() => {
            needs_of(row, reference, registry, s, c, &articles, &types)
                .map_err(|mut e| errors.append(&mut e))
                .ok()
        }
        _ => None,
    };
    let (Some(state), Some(cycle), Some(priority), Some(status), Some(needs), true) =
        (state, cycle, priority, status, needs, errors.is_empty())
    else {
        return Err(errors);
    };
    let code = reference.state(state).code.clone();
    let title = match row.get("title") {
        "" => default_title(reference, &articles),
        t => t.to_string(),
    };
    let notes = match row.get("note") {
        "" => Vec::new(),
        text => vec![Note {
            at: by.at,
            author: by.who.to_string(),
            day: by.today,
            text: text.to_string(),
        }],
    };
    let item = Item {
        id: 0,
        priority,
        title,
        needs,
        lead: row.get("lead").to_string(),
        starts,
        ends,
        status,
        providers: list(row.get("providers"))
            .into_iter()
            .map(str::to_string)
            .collect(),
        notes,
    };
    Ok((code, cycle, item))
}

/// The articles a row names, each refused when the instrument has none of
/// that number.
fn articles_of_row(
    row: &Row<'_>,
    reference: &Reference,
    errors: &mut Vec<RowError>,
) -> Vec<ArticleNo> {
    let mut articles: Vec<ArticleNo> = Vec::new();
    for a in row
        .get("articles")
        .split([' ', ';', ',', '|'])
        .filter(|w| !w.is_empty())
    {
        match a.parse::<ArticleNo>() {
            Ok(n) if n == 0 || reference.article(n).is_some() => articles.push(n),
            _ => errors.push(row.bad(
                "articles",
                format!("`{a}` is not an article of the instrument (0: no article)"),
            )),
        }
    }
    if articles.is_empty() && row.get("articles").is_empty() {
        errors.push(row.bad(
            "articles",
            "at least one article (0: needs tied to no article)",
        ));
    }
    articles
}

/// The types of need a row names, by code or label, among the cycle's.
fn types_of_row(
    row: &Row<'_>,
    reference: &Reference,
    cycle: u8,
    errors: &mut Vec<RowError>,
) -> Vec<u8> {
    let mut types = Vec::new();
    {
        for t in list(row.get("types")) {
            match reference.find_type(cycle, t) {
                Ok(id) => types.push(id),
                Err(_) => errors.push(row.bad(
                    "types",
                    format!("`{t}` is no type of need of cycle {cycle} (separate types with `;`)"),
                )),
            }
        }
        if list(row.get("types")).is_empty() {
            errors.push(row.bad(
                "types",
                "at least one type of need (separate types with `;`)",
            ));
        }
    }
    types
}

/// The planned start and end a row gives, the end not before the start.
fn days_of_row(row: &Row<'_>, errors: &mut Vec<RowError>) -> (Option<Date>, Option<Date>) {
    let day = |column: &str, errors: &mut Vec<RowError>| match row.get(column) {
        "" => None,
        text => match text.parse::<Date>() {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(row.bad(column, e.0));
                None
            }
        },
    };
    let starts = day("start", errors);
    let ends = day("end", errors);
    if let (Some(s), Some(e)) = (starts, ends)
        && e < s
    {
        errors.push(row.bad(
            "end",
            format!("the planned end is before the planned start ({s})"),
        ));
    }
    (starts, ends)
}

/// The needs of the State in the cycle on those articles and of those
/// types; each article must have one of them, each type one on them.
fn needs_of(
    row: &Row<'_>,
    reference: &Reference,
    registry: &Registry,
    state: u32,
    cycle: u8,
    articles: &[ArticleNo],
    types: &[u8],
) -> Result<Vec<PlanNeed>, Vec<RowError>> {
    let name = &reference.state(state).name;
    let Some(review) = registry.find_review(state, cycle) else {
        return Err(vec![
            row.bad("cycle", format!("{name} has no review in cycle {cycle}")),
        ]);
    };
    let found: Vec<(ArticleNo, u8)> = registry
        .needs
        .iter()
        .filter(|n| {
            n.review == review && articles.contains(&n.article) && types.contains(&n.need_type)
        })
        .map(|n| (n.article, n.need_type))
        .collect();
    let mut errors = Vec::new();
    for a in articles {
        if !found.iter().any(|f| f.0 == *a) {
            errors.push(row.bad(
                "articles",
                format!(
                    "{name} identified no need of these types under article {a} in cycle {cycle}"
                ),
            ));
        }
    }
    let kinds = reference.types(cycle);
    for t in types {
        if !found.iter().any(|f| f.1 == *t) {
            let code = kinds.get(usize::from(*t)).map_or("", |k| k.code.as_str());
            errors.push(row.bad(
                "types",
                format!(
                    "{name} identified no need of type {code} under these articles in cycle {cycle}"
                ),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut needs: Vec<PlanNeed> = found
        .into_iter()
        .map(|(article, t)| PlanNeed {
            article,
            need_type: kinds
                .get(usize::from(t))
                .map_or_else(String::new, |k| k.code.clone()),
        })
        .collect();
    needs.sort();
    needs.dedup();
    Ok(needs)
}

/// An item's title when the file gives none: its articles.
pub fn default_title(reference: &Reference, articles: &[ArticleNo]) -> String {
    match articles {
        [0] => "Needs tied to no article".into(),
        [a] => reference.article(*a).map_or_else(
            || format!("Article {a}"),
            |art| format!("Article {a}: {}", art.title),
        ),
        many => format!(
            "Articles {}",
            many.iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
