//! Printed numbers in canonical form.
//!
//! Every number of a published file becomes a [`Cell`]: a set of articles, a
//! set of regional groups, a set of types, a measure and a value. Two numbers
//! are the same quantity exactly when their canonical selections and measures
//! are equal, whatever shape they were printed in. For one article and one
//! type, States and needs are one quantity, so such cells always use
//! [`Measure::Needs`].

use super::{Key, KeyValue, Measure, Published, Selection};
use crate::reference::{ArticleNo, Reference};

/// A canonical selection: sorted articles, and bit sets of regions and types.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Canon {
    pub articles: Vec<ArticleNo>,
    pub regions: u8,
    pub types: u16,
}

impl Canon {
    pub fn contains(&self, other: &Canon) -> bool {
        other.regions & !self.regions == 0
            && other.types & !self.types == 0
            && other
                .articles
                .iter()
                .all(|a| self.articles.binary_search(a).is_ok())
    }
    pub fn single_article_type(&self) -> bool {
        self.articles.len() == 1 && self.types.count_ones() == 1
    }
}

/// How a number was printed, finest first: the rule that picks a side in a
/// contradiction prefers the finer print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grain {
    /// A row of a table.
    Row,
    /// A row a table leaves out, which counts zero.
    Omitted,
    /// A table's printed total.
    Total,
    /// A number in the text.
    Fact,
}

/// One printed number.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Cell {
    /// `table-4 row good_practices`, `para-7`, `table-4 total`.
    pub id: String,
    pub source: String,
    #[serde(skip)]
    pub canon: Canon,
    pub measure: Measure,
    pub value: u32,
    pub grain: Grain,
    /// The table the cell belongs to, if any (position in `Published::tables`).
    #[serde(skip)]
    pub table: Option<usize>,
}

/// The frame a file's selections are read in: its instrument and cycle.
pub struct Frame<'a> {
    pub reference: &'a Reference,
    pub scope_articles: Vec<ArticleNo>,
    pub n_types: usize,
    pub type_codes: Vec<String>,
    pub region_codes: Vec<String>,
}

impl<'a> Frame<'a> {
    pub fn new(p: &Published, reference: &'a Reference) -> Frame<'a> {
        let chapters: Vec<usize> = if p.document.chapters.is_empty() {
            reference.cycle_chapters(p.document.cycle)
        } else {
            p.document
                .chapters
                .iter()
                .filter_map(|c| reference.chapter_id(c))
                .collect()
        };
        let mut scope_articles: Vec<ArticleNo> = chapters
            .iter()
            .flat_map(|&c| reference.chapter_articles(c))
            .collect();
        scope_articles.sort_unstable();
        let type_codes: Vec<String> = reference
            .types(p.document.cycle)
            .iter()
            .map(|t| t.code.clone())
            .collect();
        Frame {
            reference,
            scope_articles,
            n_types: type_codes.len(),
            type_codes,
            region_codes: reference.regions.iter().map(|r| r.code.clone()).collect(),
        }
    }

    pub fn all_regions(&self) -> u8 {
        ((1u16 << self.region_codes.len()) - 1) as u8
    }
    pub fn all_types(&self) -> u16 {
        ((1u32 << self.n_types) - 1) as u16
    }

    pub fn canon(&self, s: &Selection) -> Canon {
        let mut articles: Vec<ArticleNo> = self.scope_articles.clone();
        if let Some(chapters) = &s.chapters {
            articles.retain(|a| {
                self.reference
                    .chapter_of(*a)
                    .is_some_and(|c| chapters.contains(&self.reference.chapters[c].id))
            });
        }
        if let Some(list) = &s.articles {
            articles.retain(|a| list.contains(a));
        }
        let regions = match &s.regions {
            None => self.all_regions(),
            Some(list) => list
                .iter()
                .filter_map(|r| self.region_codes.iter().position(|c| c == r))
                .fold(0, |m, i| m | 1 << i),
        };
        let types = match &s.types {
            None => self.all_types(),
            Some(list) => list
                .iter()
                .filter_map(|t| self.type_codes.iter().position(|c| c == t))
                .fold(0, |m, i| m | 1 << i),
        };
        Canon {
            articles,
            regions,
            types,
        }
    }

    /// Every value a table's `by` key can take within its selection.
    pub fn domain(&self, key: Key, canon: &Canon) -> Vec<KeyValue> {
        match key {
            Key::Article => canon
                .articles
                .iter()
                .map(|a| KeyValue::Article(*a))
                .collect(),
            Key::Region => (0..self.region_codes.len())
                .filter(|i| canon.regions & (1 << i) != 0)
                .map(|i| KeyValue::Text(self.region_codes[i].clone()))
                .collect(),
            Key::Type => (0..self.n_types)
                .filter(|i| canon.types & (1 << i) != 0)
                .map(|i| KeyValue::Text(self.type_codes[i].clone()))
                .collect(),
            Key::Chapter => {
                let mut ids: Vec<String> = canon
                    .articles
                    .iter()
                    .filter_map(|a| self.reference.chapter_of(*a))
                    .map(|c| self.reference.chapters[c].id.clone())
                    .collect();
                ids.dedup();
                ids.into_iter().map(KeyValue::Text).collect()
            }
        }
    }

    /// The measure a number of this selection really counts.
    pub fn measure(&self, canon: &Canon, m: Measure) -> Measure {
        if canon.single_article_type() {
            Measure::Needs
        } else {
            m
        }
    }

    /// Every printed number of a file, with the rows tables leave out as zeros.
    pub fn cells(&self, p: &Published) -> Vec<Cell> {
        let mut cells = Vec::new();
        for f in &p.facts {
            let canon = self.canon(&f.selection);
            cells.push(Cell {
                id: f.id.clone(),
                source: f.source.clone(),
                measure: self.measure(&canon, f.measure),
                canon,
                value: f.value,
                grain: Grain::Fact,
                table: None,
            });
        }
        for (ti, t) in p.tables.iter().enumerate() {
            let base = self.canon(&t.selection);
            for key in self.domain(t.by, &base) {
                let canon = self.canon(&t.selection.with(t.by, &key));
                let row = t.rows.iter().find(|r| r.key == key);
                for (ci, &m) in t.columns.iter().enumerate() {
                    // For one article and one type, a States column and a
                    // needs column print one quantity: keep it once.
                    if m == Measure::States
                        && canon.single_article_type()
                        && t.columns.contains(&Measure::Needs)
                    {
                        continue;
                    }
                    cells.push(Cell {
                        id: format!("{} row {key}", t.id),
                        source: t.source.clone(),
                        measure: self.measure(&canon, m),
                        canon: canon.clone(),
                        value: row.map_or(0, |r| r.values[ci]),
                        grain: if row.is_some() {
                            Grain::Row
                        } else {
                            Grain::Omitted
                        },
                        table: Some(ti),
                    });
                }
            }
            for (&m, &v) in &t.total {
                cells.push(Cell {
                    id: format!("{} total", t.id),
                    source: t.source.clone(),
                    measure: self.measure(&base, m),
                    canon: base.clone(),
                    value: v,
                    grain: Grain::Total,
                    table: Some(ti),
                });
            }
        }
        cells
    }
}

/// Counts a quantity directly from records: the independent recount that
/// checks a rebuilt data set and compares a document with a workspace.
pub fn evaluate(
    frame: &Frame<'_>,
    canon: &Canon,
    measure: Measure,
    registry: &crate::records::Registry,
    cycle: u8,
) -> u32 {
    let mut needs = 0u32;
    let mut states = std::collections::BTreeSet::new();
    for n in &registry.needs {
        let review = &registry.reviews[n.review as usize];
        if review.cycle != cycle
            || n.article == 0
            || canon.articles.binary_search(&n.article).is_err()
        {
            continue;
        }
        if canon.types & (1 << n.need_type) == 0 {
            continue;
        }
        let Some(region) = frame.reference.state_region(review.state) else {
            continue;
        };
        if canon.regions & (1 << region) == 0 {
            continue;
        }
        needs += 1;
        states.insert(review.state);
    }
    match measure {
        Measure::Needs => needs,
        Measure::States => states.len() as u32,
    }
}
