//! Published tables: the aggregates a document prints, in the format of
//! `data/PUBLISHED-TABLES.md`.
//!
//! This module reads and writes the format ([`parse`], [`to_toml`]), turns an
//! [`Analysis`] into it ([`from_analysis`]), and puts every printed number in
//! a canonical form ([`Cell`]) so that numbers printed in different shapes
//! (a fact, a table row, a table's total) can be told to be the same quantity.
//! [`audit`], [`synth`] and [`compare`] build on that.

pub mod audit;
pub mod cells;
pub mod compare;
pub mod shapes;
pub mod solve;
pub mod synth;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;

use crate::analysis::{Analysis, Count};
use crate::error::{Error, Result};
use crate::reference::{ArticleNo, Reference};

/// What a number counts.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Distinct States with at least one matching need.
    States,
    /// Matching needs.
    Needs,
}

impl Measure {
    pub fn name(self) -> &'static str {
        match self {
            Measure::States => "states",
            Measure::Needs => "needs",
        }
    }
}

/// A key a selection or a table's rows are made of.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Key {
    Chapter,
    Article,
    Region,
    Type,
}

impl Key {
    pub fn name(self) -> &'static str {
        match self {
            Key::Chapter => "chapter",
            Key::Article => "article",
            Key::Region => "region",
            Key::Type => "type",
        }
    }
}

/// A `where`: for each key, the values any of which a need must have.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Selection {
    pub chapters: Option<Vec<String>>,
    pub articles: Option<Vec<ArticleNo>>,
    pub regions: Option<Vec<String>>,
    pub types: Option<Vec<String>>,
}

impl Selection {
    /// The selection narrowed to one value of a key (a table's row).
    pub fn with(&self, key: Key, value: &KeyValue) -> Selection {
        let mut s = self.clone();
        match (key, value) {
            (Key::Chapter, KeyValue::Text(v)) => s.chapters = Some(vec![v.clone()]),
            (Key::Article, KeyValue::Article(a)) => s.articles = Some(vec![*a]),
            (Key::Region, KeyValue::Text(v)) => s.regions = Some(vec![v.clone()]),
            (Key::Type, KeyValue::Text(v)) => s.types = Some(vec![v.clone()]),
            _ => {}
        }
        s
    }

    fn write(&self, out: &mut String) {
        let mut parts = Vec::new();
        let list = |v: &[String]| {
            if v.len() == 1 {
                format!("{:?}", v[0])
            } else {
                format!(
                    "[{}]",
                    v.iter()
                        .map(|x| format!("{x:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        };
        if let Some(c) = &self.chapters {
            parts.push(format!("chapter = {}", list(c)));
        }
        if let Some(a) = &self.articles {
            let v: Vec<String> = a.iter().map(u8::to_string).collect();
            parts.push(if v.len() == 1 {
                format!("article = {}", v[0])
            } else {
                format!("article = [{}]", v.join(", "))
            });
        }
        if let Some(r) = &self.regions {
            parts.push(format!("region = {}", list(r)));
        }
        if let Some(t) = &self.types {
            parts.push(format!("type = {}", list(t)));
        }
        let _ = write!(out, "{{ {} }}", parts.join(", "));
    }
}

/// The key of one row of a table.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(untagged)]
pub enum KeyValue {
    Article(ArticleNo),
    Text(String),
}

impl std::fmt::Display for KeyValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyValue::Article(a) => write!(f, "{a}"),
            KeyValue::Text(t) => f.write_str(t),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Document {
    pub title: String,
    pub issued: String,
    pub instrument: String,
    pub cycle: u8,
    pub chapters: Vec<String>,
    pub states_covered: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Fact {
    pub id: String,
    pub source: String,
    pub selection: Selection,
    pub measure: Measure,
    pub value: u32,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Row {
    pub key: KeyValue,
    pub values: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Table {
    pub id: String,
    pub source: String,
    pub caption: String,
    pub selection: Selection,
    pub by: Key,
    pub columns: Vec<Measure>,
    pub rows: Vec<Row>,
    pub total: BTreeMap<Measure, u32>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ClaimKind {
    /// The groups of `by`, ranked by the measure, highest first.
    Order {
        by: Key,
        measure: Measure,
        order: Vec<KeyValue>,
    },
    /// The group with the highest measure.
    Top {
        by: Key,
        measure: Measure,
        top: KeyValue,
    },
    /// How many groups have a non-zero measure.
    CountNonzero {
        by: Key,
        measure: Measure,
        value: u32,
    },
    /// For each article of the selection, some State names `min_types` types or more.
    SomeStateHasTypes { min_types: u32 },
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Claim {
    pub id: String,
    pub source: String,
    pub selection: Selection,
    pub kind: ClaimKind,
}

/// A whole `*.tables.toml` file.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Published {
    pub document: Document,
    pub facts: Vec<Fact>,
    pub tables: Vec<Table>,
    pub claims: Vec<Claim>,
}

// ------------------------------------------------------------------ reading

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    document: RawDocument,
    #[serde(default)]
    fact: Vec<RawFact>,
    #[serde(default)]
    table: Vec<RawTable>,
    #[serde(default)]
    claim: Vec<RawClaim>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    #[serde(default)]
    title: String,
    #[serde(default)]
    issued: String,
    #[serde(default)]
    instrument: String,
    cycle: u8,
    #[serde(default)]
    chapters: Vec<String>,
    states_covered: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFact {
    id: String,
    #[serde(default)]
    source: String,
    #[serde(rename = "where", default)]
    selection: toml::Table,
    measure: Measure,
    value: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    id: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    caption: String,
    #[serde(rename = "where", default)]
    selection: toml::Table,
    by: Key,
    columns: Vec<Measure>,
    rows: Vec<Vec<toml::Value>>,
    #[serde(default)]
    total: BTreeMap<Measure, u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    id: String,
    #[serde(default)]
    source: String,
    kind: String,
    #[serde(rename = "where", default)]
    selection: toml::Table,
    by: Option<Key>,
    measure: Option<Measure>,
    order: Option<Vec<toml::Value>>,
    top: Option<toml::Value>,
    value: Option<u32>,
    min_types: Option<u32>,
}

/// The line of `text` where the entry with this id starts, for messages.
fn line_of(text: &str, id: &str) -> usize {
    let quoted = format!("\"{id}\"");
    text.lines()
        .position(|l| l.trim_start().starts_with("id") && l.contains(&quoted))
        .map_or(0, |i| i + 1)
}

struct Parser<'a> {
    file: &'a str,
    text: &'a str,
    reference: &'a Reference,
}

impl Parser<'_> {
    fn err(&self, id: &str, field: &str, message: impl std::fmt::Display) -> Error {
        Error::format(
            self.file,
            format!(
                "line {}: `{id}`, field `{field}`: {message}",
                line_of(self.text, id)
            ),
        )
    }

    fn key_value(&self, id: &str, field: &str, key: Key, v: &toml::Value) -> Result<KeyValue> {
        match key {
            Key::Article => {
                let n = v.as_integer().ok_or_else(|| {
                    self.err(id, field, format!("`{v}` is not an article number"))
                })?;
                let a = u8::try_from(n)
                    .ok()
                    .filter(|a| self.reference.article(*a).is_some())
                    .ok_or_else(|| self.err(id, field, format!("article {n} does not exist")))?;
                Ok(KeyValue::Article(a))
            }
            Key::Chapter => {
                let s = v
                    .as_str()
                    .ok_or_else(|| self.err(id, field, format!("`{v}` is not a chapter")))?;
                self.reference
                    .chapter_id(s)
                    .ok_or_else(|| self.err(id, field, format!("chapter `{s}` does not exist")))?;
                Ok(KeyValue::Text(s.to_ascii_uppercase()))
            }
            Key::Region => {
                let s = v
                    .as_str()
                    .ok_or_else(|| self.err(id, field, format!("`{v}` is not a regional group")))?;
                let r = self
                    .reference
                    .region_id(s)
                    .ok_or_else(|| self.err(id, field, format!("`{s}` is not a regional group")))?;
                Ok(KeyValue::Text(
                    self.reference.regions[r as usize].code.clone(),
                ))
            }
            Key::Type => {
                let s = v
                    .as_str()
                    .ok_or_else(|| self.err(id, field, format!("`{v}` is not a type of need")))?;
                if !self.reference.need_types.iter().any(|t| t.code == s) {
                    return Err(self.err(id, field, format!("`{s}` is not a type of need")));
                }
                Ok(KeyValue::Text(s.to_string()))
            }
        }
    }

    fn selection(&self, id: &str, table: &toml::Table) -> Result<Selection> {
        let mut s = Selection::default();
        for (k, v) in table {
            let key = match k.as_str() {
                "chapter" => Key::Chapter,
                "article" => Key::Article,
                "region" => Key::Region,
                "type" => Key::Type,
                _ => {
                    return Err(self.err(
                        id,
                        "where",
                        format!("unknown key `{k}` (chapter, article, region, type)"),
                    ));
                }
            };
            let items: Vec<&toml::Value> = match v {
                toml::Value::Array(a) => a.iter().collect(),
                one => vec![one],
            };
            let mut values = Vec::new();
            for item in items {
                values.push(self.key_value(id, &format!("where.{k}"), key, item)?);
            }
            let texts = || values.iter().map(ToString::to_string).collect::<Vec<_>>();
            match key {
                Key::Chapter => s.chapters = Some(texts()),
                Key::Region => s.regions = Some(texts()),
                Key::Type => s.types = Some(texts()),
                Key::Article => {
                    s.articles = Some(
                        values
                            .iter()
                            .filter_map(|v| {
                                if let KeyValue::Article(a) = v {
                                    Some(*a)
                                } else {
                                    None
                                }
                            })
                            .collect(),
                    )
                }
            }
        }
        Ok(s)
    }
}

/// Reads a published-tables file; errors name the file, line and field.
pub fn parse(text: &str, file: &str, reference: &Reference) -> Result<Published> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start].lines().count().max(1))
            .unwrap_or(0);
        Error::format(file, format!("line {line}: {}", e.message()))
    })?;
    let p = Parser {
        file,
        text,
        reference,
    };
    let mut ids = std::collections::HashSet::new();
    let mut check_id = |id: &str| -> Result<()> {
        if !ids.insert(id.to_string()) {
            return Err(p.err(id, "id", "this id is used twice"));
        }
        Ok(())
    };
    let d = raw.document;
    let cycles = reference.cycles();
    if !cycles.contains(&d.cycle) {
        let known: Vec<String> = cycles.iter().map(u8::to_string).collect();
        return Err(Error::format(
            file,
            format!(
                "[document], field `cycle`: cycle {} does not exist in the {} (cycles: {})",
                d.cycle,
                reference.instrument,
                known.join(", ")
            ),
        ));
    }
    for c in &d.chapters {
        if reference.chapter_id(c).is_none() {
            return Err(Error::format(
                file,
                format!("[document], field `chapters`: chapter `{c}` does not exist"),
            ));
        }
    }
    let document = Document {
        title: d.title,
        issued: d.issued,
        instrument: d.instrument,
        cycle: d.cycle,
        chapters: d.chapters.iter().map(|c| c.to_ascii_uppercase()).collect(),
        states_covered: d.states_covered,
    };
    let mut out = Published {
        document,
        ..Published::default()
    };
    for f in raw.fact {
        check_id(&f.id)?;
        out.facts.push(Fact {
            selection: p.selection(&f.id, &f.selection)?,
            id: f.id,
            source: f.source,
            measure: f.measure,
            value: f.value,
        });
    }
    for t in raw.table {
        check_id(&t.id)?;
        if t.columns.is_empty() {
            return Err(p.err(&t.id, "columns", "a table needs at least one column"));
        }
        let mut rows = Vec::new();
        for (i, r) in t.rows.iter().enumerate() {
            let field = format!("rows[{i}]");
            if r.len() != t.columns.len() + 1 {
                return Err(p.err(
                    &t.id,
                    &field,
                    format!(
                        "a row has a key and {} value(s), this one has {} item(s)",
                        t.columns.len(),
                        r.len()
                    ),
                ));
            }
            let key = p.key_value(&t.id, &field, t.by, &r[0])?;
            if rows.iter().any(|row: &Row| row.key == key) {
                return Err(p.err(&t.id, &field, format!("`{key}` has two rows")));
            }
            let mut values = Vec::new();
            for v in &r[1..] {
                let n = v
                    .as_integer()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| p.err(&t.id, &field, format!("`{v}` is not a count")))?;
                values.push(n);
            }
            rows.push(Row { key, values });
        }
        out.tables.push(Table {
            selection: p.selection(&t.id, &t.selection)?,
            id: t.id,
            source: t.source,
            caption: t.caption,
            by: t.by,
            columns: t.columns,
            rows,
            total: t.total,
        });
    }
    for c in raw.claim {
        check_id(&c.id)?;
        let need = |field: &str| {
            p.err(
                &c.id,
                field,
                format!("a `{}` claim needs `{field}`", c.kind),
            )
        };
        let kind = match c.kind.as_str() {
            "order" => {
                let by = c.by.ok_or_else(|| need("by"))?;
                let order = c.order.as_ref().ok_or_else(|| need("order"))?;
                ClaimKind::Order {
                    by,
                    measure: c.measure.ok_or_else(|| need("measure"))?,
                    order: order
                        .iter()
                        .map(|v| p.key_value(&c.id, "order", by, v))
                        .collect::<Result<_>>()?,
                }
            }
            "top" => {
                let by = c.by.ok_or_else(|| need("by"))?;
                ClaimKind::Top {
                    by,
                    measure: c.measure.ok_or_else(|| need("measure"))?,
                    top: p.key_value(
                        &c.id,
                        "top",
                        by,
                        c.top.as_ref().ok_or_else(|| need("top"))?,
                    )?,
                }
            }
            "count_nonzero" => ClaimKind::CountNonzero {
                by: c.by.ok_or_else(|| need("by"))?,
                measure: c.measure.ok_or_else(|| need("measure"))?,
                value: c.value.ok_or_else(|| need("value"))?,
            },
            "some_state_has_types" => ClaimKind::SomeStateHasTypes {
                min_types: c.min_types.ok_or_else(|| need("min_types"))?,
            },
            other => {
                return Err(p.err(
                    &c.id,
                    "kind",
                    format!(
                        "unknown kind `{other}` (order, top, count_nonzero, some_state_has_types)"
                    ),
                ));
            }
        };
        out.claims.push(Claim {
            selection: p.selection(&c.id, &c.selection)?,
            id: c.id,
            source: c.source,
            kind,
        });
    }
    Ok(out)
}

/// Reads a published-tables file from disk.
pub fn read(path: &std::path::Path, reference: &Reference) -> Result<Published> {
    let file = path.display().to_string();
    let text = crate::import::read::read_text(path, &file)?;
    parse(&text, &file, reference)
}

// ------------------------------------------------------------------ writing

fn quote(s: &str) -> String {
    // TOML basic strings share JSON's escapes for everything tana writes.
    serde_json::to_string(s).expect("strings serialize")
}

/// Writes a published-tables file.
pub fn to_toml(p: &Published) -> String {
    let mut o = String::new();
    let d = &p.document;
    o.push_str("[document]\n");
    let _ = writeln!(o, "title = {}", quote(&d.title));
    if !d.issued.is_empty() {
        let _ = writeln!(o, "issued = {}", quote(&d.issued));
    }
    let _ = writeln!(o, "instrument = {}", quote(&d.instrument));
    let _ = writeln!(o, "cycle = {}", d.cycle);
    let chapters: Vec<String> = d.chapters.iter().map(|c| quote(c)).collect();
    let _ = writeln!(o, "chapters = [{}]", chapters.join(", "));
    if let Some(n) = d.states_covered {
        let _ = writeln!(o, "states_covered = {n}");
    }
    for f in &p.facts {
        let _ = write!(
            o,
            "\n[[fact]]\nid = {}\nsource = {}\nwhere = ",
            quote(&f.id),
            quote(&f.source)
        );
        f.selection.write(&mut o);
        let _ = writeln!(
            o,
            "\nmeasure = \"{}\"\nvalue = {}",
            f.measure.name(),
            f.value
        );
    }
    for t in &p.tables {
        let _ = write!(
            o,
            "\n[[table]]\nid = {}\nsource = {}\ncaption = {}\nwhere = ",
            quote(&t.id),
            quote(&t.source),
            quote(&t.caption)
        );
        t.selection.write(&mut o);
        let columns: Vec<String> = t.columns.iter().map(|c| quote(c.name())).collect();
        let _ = writeln!(
            o,
            "\nby = \"{}\"\ncolumns = [{}]\nrows = [",
            t.by.name(),
            columns.join(", ")
        );
        for r in &t.rows {
            let key = match &r.key {
                KeyValue::Article(a) => a.to_string(),
                KeyValue::Text(s) => quote(s),
            };
            let values: Vec<String> = r.values.iter().map(u32::to_string).collect();
            let _ = writeln!(o, "  [{key}, {}],", values.join(", "));
        }
        o.push_str("]\n");
        if !t.total.is_empty() {
            let totals: Vec<String> = t
                .total
                .iter()
                .map(|(m, v)| format!("{} = {v}", m.name()))
                .collect();
            let _ = writeln!(o, "total = {{ {} }}", totals.join(", "));
        }
    }
    for c in &p.claims {
        let _ = write!(
            o,
            "\n[[claim]]\nid = {}\nsource = {}\n",
            quote(&c.id),
            quote(&c.source)
        );
        let kv = |v: &KeyValue| match v {
            KeyValue::Article(a) => a.to_string(),
            KeyValue::Text(s) => quote(s),
        };
        match &c.kind {
            ClaimKind::Order { by, measure, order } => {
                let items: Vec<String> = order.iter().map(kv).collect();
                let _ = writeln!(
                    o,
                    "kind = \"order\"\nby = \"{}\"\nmeasure = \"{}\"\norder = [{}]",
                    by.name(),
                    measure.name(),
                    items.join(", ")
                );
            }
            ClaimKind::Top { by, measure, top } => {
                let _ = writeln!(
                    o,
                    "kind = \"top\"\nby = \"{}\"\nmeasure = \"{}\"\ntop = {}",
                    by.name(),
                    measure.name(),
                    kv(top)
                );
            }
            ClaimKind::CountNonzero { by, measure, value } => {
                let _ = writeln!(
                    o,
                    "kind = \"count_nonzero\"\nby = \"{}\"\nmeasure = \"{}\"\nvalue = {value}",
                    by.name(),
                    measure.name()
                );
            }
            ClaimKind::SomeStateHasTypes { min_types } => {
                let _ = writeln!(
                    o,
                    "kind = \"some_state_has_types\"\nmin_types = {min_types}"
                );
            }
        }
        o.push_str("where = ");
        c.selection.write(&mut o);
        o.push('\n');
    }
    o
}

// ------------------------------------------------------------------ from an analysis

fn count_table(
    id: String,
    caption: String,
    selection: Selection,
    by: Key,
    rows: Vec<(KeyValue, Count)>,
    total: Option<Count>,
) -> Table {
    let rows: Vec<Row> = rows
        .into_iter()
        .filter(|(_, c)| c.needs > 0 || c.states > 0)
        .map(|(key, c)| Row {
            key,
            values: vec![c.states, c.needs],
        })
        .collect();
    let total = total
        .map(|t| BTreeMap::from([(Measure::States, t.states), (Measure::Needs, t.needs)]))
        .unwrap_or_default();
    Table {
        source: "tana analyse".into(),
        id,
        caption,
        selection,
        by,
        columns: vec![Measure::States, Measure::Needs],
        rows,
        total,
    }
}

/// The head of a published file written from an analysis.
pub fn document_of(a: &Analysis, title: &str) -> Document {
    Document {
        title: title.to_string(),
        issued: a.as_of.map(|d| d.to_string()).unwrap_or_default(),
        instrument: a.instrument.clone(),
        cycle: a.cycle,
        chapters: a.chapters.clone(),
        states_covered: Some(a.states_covered),
    }
}

/// The analysis in the published-tables format: for each chapter and for all
/// together, States and needs, by region, article and type; for each
/// article, by type and region; for each region, by type.
pub fn from_analysis(a: &Analysis, title: &str) -> Published {
    let region_filter = (a.regions.len() < 5).then(|| a.regions.clone());
    let mut p = Published {
        document: document_of(a, title),
        ..Published::default()
    };
    let regions = |counts: &[Count]| -> Vec<(KeyValue, Count)> {
        a.regions
            .iter()
            .zip(counts)
            .map(|(r, c)| (KeyValue::Text(r.clone()), *c))
            .collect()
    };
    for scope in &a.scopes {
        let (name, chapters) = match &scope.chapter {
            Some(c) => (c.clone(), vec![c.clone()]),
            None => ("all".to_string(), a.chapters.clone()),
        };
        let label = match &scope.chapter {
            Some(c) => format!("chapter {c}"),
            None => format!("chapters {}", a.chapters.join(" and ")),
        };
        let selection = Selection {
            chapters: Some(chapters),
            regions: region_filter.clone(),
            ..Selection::default()
        };
        for (measure, value) in [
            (Measure::States, scope.total.states),
            (Measure::Needs, scope.total.needs),
        ] {
            p.facts.push(Fact {
                id: format!("{name}-{}", measure.name()),
                source: "tana analyse".into(),
                selection: selection.clone(),
                measure,
                value,
            });
        }
        p.tables.push(count_table(
            format!("{name}-by-region"),
            format!("States parties and needs for {label}, by regional group"),
            selection.clone(),
            Key::Region,
            regions(&scope.by_region),
            Some(scope.total),
        ));
        let by_article: Vec<(KeyValue, Count)> = scope
            .articles
            .iter()
            .filter_map(|&n| a.article(n).map(|c| (KeyValue::Article(n), c.total)))
            .collect();
        p.tables.push(count_table(
            format!("{name}-by-article"),
            format!("Technical assistance needs under {label}, by article"),
            selection.clone(),
            Key::Article,
            by_article,
            Some(scope.total),
        ));
        let by_type: Vec<(KeyValue, Count)> = a
            .types
            .iter()
            .zip(&scope.by_type)
            .map(|(t, c)| (KeyValue::Text(t.clone()), *c))
            .collect();
        p.tables.push(count_table(
            format!("{name}-by-type"),
            format!("States parties and needs for {label}, by type of need"),
            selection.clone(),
            Key::Type,
            by_type,
            Some(scope.total),
        ));
        for (ri, region) in a.regions.iter().enumerate() {
            let rows: Vec<(KeyValue, Count)> = a
                .types
                .iter()
                .zip(&scope.by_region_type[ri])
                .map(|(t, c)| (KeyValue::Text(t.clone()), *c))
                .collect();
            p.tables.push(count_table(
                format!("{name}-{region}-by-type"),
                format!("States parties and needs for {label} in {region}, by type of need"),
                Selection {
                    regions: Some(vec![region.clone()]),
                    ..selection.clone()
                },
                Key::Type,
                rows,
                Some(scope.by_region[ri]),
            ));
        }
    }
    for art in &a.articles {
        if art.total.needs == 0 {
            continue;
        }
        let selection = Selection {
            articles: Some(vec![art.article]),
            regions: region_filter.clone(),
            ..Selection::default()
        };
        let rows: Vec<(KeyValue, Count)> = a
            .types
            .iter()
            .zip(&art.by_type)
            .map(|(t, &n)| {
                (
                    KeyValue::Text(t.clone()),
                    Count {
                        states: n,
                        needs: n,
                    },
                )
            })
            .collect();
        p.tables.push(count_table(
            format!("article-{}-by-type", art.article),
            format!(
                "Technical assistance needs relating to article {}",
                art.article
            ),
            selection.clone(),
            Key::Type,
            rows,
            Some(art.total),
        ));
        p.tables.push(count_table(
            format!("article-{}-by-region", art.article),
            format!(
                "Technical assistance needs relating to article {}, by region",
                art.article
            ),
            selection,
            Key::Region,
            regions(&art.by_region),
            Some(art.total),
        ));
    }
    p
}
