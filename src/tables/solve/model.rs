//! The rebuild's problem, read off a document: what every kept number and
//! claim asks of the needs (State, article, type).
//!
//! A number of needs is a sum over cells (article, regional group, type) of
//! how many States of the group name that type for that article: the
//! three-way table `y`. A number of States is, for each group it covers,
//! how many of the group's States have any need in a rectangle of articles
//! × types: a coverage. Both are kept in canonical form, with articles as
//! bits over the document's articles in scope.

use std::collections::BTreeMap;

use super::super::audit::Audit;
use super::super::cells::{Canon, Frame};
use super::super::{ClaimKind, Key, Measure, Published};

/// A selection: articles (bits over the scope), regional groups, types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sel {
    pub articles: u128,
    pub regions: u8,
    pub types: u16,
}

/// Articles × types: what a coverage of one group counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rect {
    pub articles: u128,
    pub types: u16,
}

impl Rect {
    pub fn contains(self, o: Rect) -> bool {
        o.articles & !self.articles == 0 && o.types & !self.types == 0
    }
    pub fn has(self, a: usize, t: usize) -> bool {
        self.articles & (1 << a) != 0 && self.types & (1 << t) != 0
    }
    pub fn single(self) -> bool {
        self.articles.count_ones() == 1 && self.types.count_ones() == 1
    }
}

/// A quantity: needs or States of a selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quantity {
    pub sel: Sel,
    pub measure: Measure,
}

impl Quantity {
    /// The rectangle a States quantity counts coverage of (None for needs).
    pub fn rect(self) -> Option<Rect> {
        let r = Rect {
            articles: self.sel.articles,
            types: self.sel.types,
        };
        (self.measure == Measure::States && !r.single()).then_some(r)
    }
}

/// A printed number the records must give back.
#[derive(Clone, Debug)]
pub struct Number {
    pub id: String,
    pub source: String,
    /// Position of its table or fact, to name the numbers that clash.
    pub group: usize,
    pub quantity: Quantity,
    pub value: u32,
}

/// A statement in words, over quantities.
#[derive(Clone, Debug)]
pub enum Rule {
    /// Each quantity strictly above the next.
    Order(Vec<Quantity>),
    /// The first strictly above every other.
    Top(Quantity, Vec<Quantity>),
    /// Exactly this many of them are not zero.
    CountNonzero(Vec<Quantity>, u32),
    /// For each article (position in scope), some State names `k` types or more.
    ManyTypes(Vec<usize>, u32),
}

#[derive(Clone, Debug)]
pub struct Statement {
    pub id: String,
    pub source: String,
    pub group: usize,
    pub rule: Rule,
}

/// Everything the rebuild must meet.
pub struct Model {
    pub articles: Vec<crate::reference::ArticleNo>,
    pub n_types: usize,
    pub region_codes: Vec<String>,
    pub numbers: Vec<Number>,
    pub statements: Vec<Statement>,
    /// Per group: the most States any kept number of that group alone needs.
    pub lower: Vec<u32>,
    /// States in the sample, with or without needs.
    pub covered: Option<u32>,
    /// Names of the groups of numbers (a table, a fact, a claim), for messages.
    pub groups: Vec<String>,
}

impl Model {
    pub fn n_articles(&self) -> usize {
        self.articles.len()
    }
    pub fn n_regions(&self) -> usize {
        self.region_codes.len()
    }
}

fn bits(frame: &Frame<'_>, canon: &Canon) -> u128 {
    canon
        .articles
        .iter()
        .filter_map(|a| frame.scope_articles.iter().position(|x| x == a))
        .fold(0u128, |m, i| m | 1 << i)
}

fn quantity(frame: &Frame<'_>, canon: &Canon, measure: Measure) -> Quantity {
    Quantity {
        sel: Sel {
            articles: bits(frame, canon),
            regions: canon.regions,
            types: canon.types,
        },
        measure: frame.measure(canon, measure),
    }
}

/// The model of a document, without the numbers and claims the audit set aside.
pub fn read(p: &Published, frame: &Frame<'_>, audit: &Audit) -> Model {
    let mut groups: Vec<String> = Vec::new();
    let mut group_of: BTreeMap<String, usize> = BTreeMap::new();
    let mut group = |name: String| -> usize {
        *group_of.entry(name.clone()).or_insert_with(|| {
            groups.push(name);
            groups.len() - 1
        })
    };
    let mut numbers = Vec::new();
    for c in frame.cells(p) {
        if audit.dropped_cells.contains(&c.id) {
            continue;
        }
        let name = match c.table {
            Some(t) => format!("table {}", p.tables[t].id),
            None => format!("fact {}", c.id),
        };
        numbers.push(Number {
            group: group(name),
            quantity: quantity(frame, &c.canon, c.measure),
            value: c.value,
            id: c.id,
            source: c.source,
        });
    }
    let mut statements = Vec::new();
    for claim in &p.claims {
        if audit.dropped_claims.contains(&claim.id) {
            continue;
        }
        let base = frame.canon(&claim.selection);
        let of = |key: Key, v: &super::super::KeyValue, m: Measure| {
            quantity(frame, &frame.canon(&claim.selection.with(key, v)), m)
        };
        let rule = match &claim.kind {
            ClaimKind::Order { by, measure, order } => {
                Rule::Order(order.iter().map(|v| of(*by, v, *measure)).collect())
            }
            ClaimKind::Top { by, measure, top } => Rule::Top(
                of(*by, top, *measure),
                frame
                    .domain(*by, &base)
                    .iter()
                    .filter(|v| *v != top)
                    .map(|v| of(*by, v, *measure))
                    .collect(),
            ),
            ClaimKind::CountNonzero { by, measure, value } => Rule::CountNonzero(
                frame
                    .domain(*by, &base)
                    .iter()
                    .map(|v| of(*by, v, *measure))
                    .collect(),
                *value,
            ),
            ClaimKind::SomeStateHasTypes { min_types } => Rule::ManyTypes(
                (0..frame.scope_articles.len())
                    .filter(|&i| base.articles.contains(&frame.scope_articles[i]))
                    .collect(),
                *min_types,
            ),
        };
        statements.push(Statement {
            group: group(format!("claim {}", claim.id)),
            id: claim.id.clone(),
            source: claim.source.clone(),
            rule,
        });
    }
    let n_regions = frame.region_codes.len();
    let mut lower = vec![0u32; n_regions];
    for n in &numbers {
        let q = n.quantity;
        if q.sel.regions.count_ones() == 1 {
            let r = q.sel.regions.trailing_zeros() as usize;
            let single = q.sel.articles.count_ones() == 1 && q.sel.types.count_ones() == 1;
            let states = if q.measure == Measure::States || single {
                n.value
            } else {
                n.value.min(1)
            };
            lower[r] = lower[r].max(states);
        }
    }
    Model {
        articles: frame.scope_articles.clone(),
        n_types: frame.n_types,
        region_codes: frame.region_codes.clone(),
        numbers,
        statements,
        lower,
        covered: p.document.states_covered,
        groups,
    }
}
