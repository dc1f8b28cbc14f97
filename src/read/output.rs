//! What `tana read` writes: the import format (JSON, or a folder of CSV
//! files) with the fields `tana import` reads (`state`, `cycle`, `article`,
//! `type`, `source`, `category`, `paragraph`, `text`), plus where each record
//! came from (`file`, `quote`) and a `confidence`, which import passes over;
//! or a listing for a person.
//!
//! An article of 0 (a need tied to no article) is written empty, as import
//! reads it; a challenge whose words give no category is written `other`,
//! the category import has for it. `reviews` is empty: a document does not
//! say when its review finished, and import creates the review of a need
//! without a date.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Map, Value, json};

use super::Reading;
use crate::error::{Error, Result};

/// The records of every reading, in the import's three lists, each record a
/// list of (field, value).
type Row = Vec<(&'static str, Value)>;

fn article(a: u16) -> Value {
    if a == 0 { json!("") } else { json!(a) }
}

fn provenance(r: &Reading, f: &super::Found) -> Row {
    vec![
        ("paragraph", json!(f.paragraph.to_string())),
        ("text", json!(f.quote)),
        ("file", json!(r.file)),
        ("quote", json!(f.quote)),
        ("confidence", json!((f.confidence * 100.0).round() / 100.0)),
    ]
}

fn rows(readings: &[Reading]) -> [Vec<Row>; 3] {
    let mut needs = Vec::new();
    let mut challenges = Vec::new();
    let mut practices = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for r in readings {
        let source = r.document.clone().unwrap_or_default();
        for (f, kind) in r.needs() {
            if !seen.insert(format!(
                "n {} {} {} {kind} {source}",
                r.state, r.cycle, f.article
            )) {
                continue;
            }
            let mut row: Row = vec![
                ("state", json!(r.state)),
                ("cycle", json!(r.cycle)),
                ("article", article(f.article)),
                ("type", json!(kind)),
                ("source", json!(source)),
            ];
            row.extend(provenance(r, f));
            needs.push(row);
        }
        for (f, category) in r.challenges() {
            if !seen.insert(format!("c {} {} {}", r.state, r.cycle, f.article)) {
                continue;
            }
            let mut row: Row = vec![
                ("state", json!(r.state)),
                ("cycle", json!(r.cycle)),
                ("article", article(f.article)),
                ("category", json!(category.unwrap_or("other"))),
            ];
            row.extend(provenance(r, f));
            row.retain(|(k, _)| *k != "paragraph");
            challenges.push(row);
        }
        for f in r.good_practices() {
            if !seen.insert(format!("g {} {} {}", r.state, r.cycle, f.article)) {
                continue;
            }
            let mut row: Row = vec![
                ("state", json!(r.state)),
                ("cycle", json!(r.cycle)),
                ("article", article(f.article)),
            ];
            row.extend(provenance(r, f));
            row.retain(|(k, _)| *k != "paragraph");
            practices.push(row);
        }
    }
    [needs, challenges, practices]
}

fn object(row: Row) -> Value {
    Value::Object(
        row.into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<Map<_, _>>(),
    )
}

/// The import format's JSON.
pub fn json(readings: &[Reading]) -> String {
    let [needs, challenges, practices] = rows(readings);
    let doc = json!({
        "reviews": [],
        "needs": needs.into_iter().map(object).collect::<Vec<_>>(),
        "challenges": challenges.into_iter().map(object).collect::<Vec<_>>(),
        "good_practices": practices.into_iter().map(object).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON values serialise");
    s.push('\n');
    s
}

fn cell(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The import CSVs (`needs.csv`, `challenges.csv`, `good_practices.csv`) in
/// `dir`; each is written whole to a temporary name and then renamed.
pub fn csv(readings: &[Reading], dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let [needs, challenges, practices] = rows(readings);
    let mut written = Vec::new();
    for (name, list) in [
        ("needs.csv", needs),
        ("challenges.csv", challenges),
        ("good_practices.csv", practices),
    ] {
        let Some(first) = list.first() else {
            continue;
        };
        let headers: Vec<&str> = first.iter().map(|(k, _)| *k).collect();
        let mut w = csv::Writer::from_writer(Vec::new());
        let io = |e: csv::Error| Error::Other(format!("{name}: {e}"));
        w.write_record(&headers).map_err(io)?;
        for row in &list {
            w.write_record(row.iter().map(|(_, v)| cell(v)))
                .map_err(io)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| Error::Other(format!("{name}: {e}")))?;
        let tmp = dir.join(format!(".{name}.part"));
        std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
        written.push((tmp, dir.join(name)));
    }
    for (tmp, path) in written {
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

fn article_label(a: u16) -> String {
    if a == 0 {
        "no article".into()
    } else {
        format!("art. {a}")
    }
}

/// A listing for a person: per document, what it is, then its records with
/// their paragraph and quote.
pub fn text(readings: &[Reading]) -> String {
    let mut s = String::new();
    for r in readings {
        let _ = writeln!(
            s,
            "{}: {} cycle {}, {}, {} ({})",
            r.file,
            r.state,
            r.cycle,
            r.document.as_deref().unwrap_or("document of unknown kind"),
            r.language,
            r.format.name()
        );
        let _ = writeln!(s, "  needs: {}", r.needs().count());
        for (f, kind) in r.needs() {
            let _ = writeln!(
                s,
                "    {:<11} {:<24} ¶{:<4} {:.2}  \"{}\"",
                article_label(f.article),
                kind,
                f.paragraph,
                f.confidence,
                f.quote
            );
        }
        let _ = writeln!(s, "  challenges: {}", r.challenges().count());
        for (f, c) in r.challenges() {
            let _ = writeln!(
                s,
                "    {:<11} {:<24} ¶{:<4} {:.2}  \"{}\"",
                article_label(f.article),
                c.unwrap_or("-"),
                f.paragraph,
                f.confidence,
                f.quote
            );
        }
        let _ = writeln!(s, "  good practices: {}", r.good_practices().count());
        for f in r.good_practices() {
            let _ = writeln!(
                s,
                "    {:<11} {:<24} ¶{:<4} {:.2}  \"{}\"",
                article_label(f.article),
                "",
                f.paragraph,
                f.confidence,
                f.quote
            );
        }
    }
    s
}
