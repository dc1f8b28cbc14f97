//! The auditor: where a document's printed numbers contradict each other.
//!
//! Rules, each finding naming both sides:
//!
//! - **sum**: a column does not add up to the same quantity printed elsewhere
//!   (needs add up over any key; States only over regional groups, and over
//!   other keys lie between the largest row and the sum of the rows);
//! - **twice**: one quantity printed twice with different numbers;
//! - **bound**: numbers no data set can produce (States above needs, needs
//!   above States × types × articles, a narrower selection above a wider one,
//!   more States than the sample or the regional group holds);
//! - **claim**: a statement in words that the printed numbers make impossible.
//!
//! Each finding also says which side a rebuilt data set keeps, by the rule of
//! `docs/SYNTH.md`: the finest print wins (a table's rows over its total, a
//! total over a number in the text, any number over a claim in words); among
//! equally fine prints, the value printed most often, then the first printed.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::cells::{Canon, Cell, Frame, Grain};
use super::{ClaimKind, Key, KeyValue, Measure, Published};
use crate::reference::Reference;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    Sum,
    Twice,
    Bound,
    Claim,
}

/// One side of a contradiction: a printed number, or a sum of printed numbers.
#[derive(Clone, Debug, Serialize)]
pub struct Side {
    pub id: String,
    pub source: String,
    /// Sums of printed numbers are u64: printed counts are u32, and rows
    /// near that bound must not wrap around into agreement.
    pub value: u64,
    pub kept: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub rule: Rule,
    pub message: String,
    pub sides: Vec<Side>,
}

/// The audit of one file: findings, and the printed numbers and claims a
/// rebuilt data set leaves out because they lost a contradiction.
#[derive(Clone, Debug, Serialize)]
pub struct Audit {
    pub findings: Vec<Finding>,
    #[serde(skip)]
    pub dropped_cells: Vec<String>,
    #[serde(skip)]
    pub dropped_claims: Vec<String>,
}

struct Ctx<'a> {
    frame: Frame<'a>,
    cells: Vec<Cell>,
    by_quantity: HashMap<(Canon, Measure), Vec<usize>>,
    states_covered: Option<u32>,
}

fn describe(frame: &Frame<'_>, canon: &Canon, measure: Measure) -> String {
    let mut parts = Vec::new();
    if canon.articles == frame.scope_articles {
        parts.push("all articles".to_string());
    } else if canon.articles.len() == 1 {
        parts.push(format!("article {}", canon.articles[0]));
    } else {
        let chapters: Vec<String> = frame
            .domain(Key::Chapter, canon)
            .iter()
            .map(ToString::to_string)
            .collect();
        parts.push(format!("chapter {}", chapters.join("+")));
    }
    let joined = |key: Key| {
        frame
            .domain(key, canon)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("+")
    };
    if canon.regions != frame.all_regions() {
        parts.push(joined(Key::Region));
    }
    if canon.types != frame.all_types() {
        parts.push(joined(Key::Type));
    }
    format!("{} of {}", measure.name(), parts.join(", "))
}

impl Ctx<'_> {
    fn side(&self, i: usize, kept: bool) -> Side {
        let c = &self.cells[i];
        Side {
            id: c.id.clone(),
            source: c.source.clone(),
            value: u64::from(c.value),
            kept,
        }
    }

    /// The finest, then most printed, then first value among cells.
    fn winner(&self, cells: &[usize]) -> u32 {
        let mut best: Option<(Grain, usize, usize, u32)> = None;
        let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
        for &i in cells {
            *counts.entry(self.cells[i].value).or_default() += 1;
        }
        for (order, &i) in cells.iter().enumerate() {
            let c = &self.cells[i];
            let key = (c.grain, usize::MAX - counts[&c.value], order, c.value);
            if best.is_none_or(|b| (key.0, key.1, key.2) < (b.0, b.1, b.2)) {
                best = Some(key);
            }
        }
        best.map_or(0, |b| b.3)
    }

    fn quantity(&self, canon: &Canon, m: Measure) -> &[usize] {
        self.by_quantity
            .get(&(canon.clone(), m))
            .map_or(&[], Vec::as_slice)
    }

    /// Smallest printed number that bounds `(canon, m)` from above.
    fn upper(&self, canon: &Canon, m: Measure) -> Option<(u32, usize)> {
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.canon.contains(canon)
                    && (c.measure == m || m == Measure::States || canon.single_article_type())
            })
            .map(|(i, c)| (c.value, i))
            .min()
    }

    /// Largest printed number that bounds `(canon, m)` from below.
    fn lower(&self, canon: &Canon, m: Measure) -> Option<(u32, usize)> {
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                canon.contains(&c.canon) && (c.measure == m || c.canon.single_article_type())
            })
            .map(|(i, c)| (c.value, i))
            .max()
    }
}

/// Audits a published file.
pub fn audit(p: &Published, reference: &Reference) -> Audit {
    let frame = Frame::new(p, reference);
    let cells = frame.cells(p);
    let mut by_quantity: HashMap<(Canon, Measure), Vec<usize>> = HashMap::new();
    for (i, c) in cells.iter().enumerate() {
        by_quantity
            .entry((c.canon.clone(), c.measure))
            .or_default()
            .push(i);
    }
    let cx = Ctx {
        frame,
        cells,
        by_quantity,
        states_covered: p.document.states_covered,
    };
    let mut findings = Vec::new();
    let mut dropped_cells: Vec<String> = Vec::new();
    let mut dropped_claims: Vec<String> = Vec::new();
    let drop = |id: &str, list: &mut Vec<String>| {
        if !list.iter().any(|d| d == id) {
            list.push(id.to_string());
        }
    };

    // Twice: the same quantity printed with different numbers.
    let mut quantities: Vec<(&(Canon, Measure), &Vec<usize>)> = cx.by_quantity.iter().collect();
    quantities.sort_by_key(|(_, v)| v[0]);
    for ((canon, measure), list) in &quantities {
        let printed: Vec<usize> = list
            .iter()
            .copied()
            .filter(|&i| cx.cells[i].grain != Grain::Omitted || list.len() > 1)
            .collect();
        let mut values: Vec<u32> = printed.iter().map(|&i| cx.cells[i].value).collect();
        values.sort_unstable();
        values.dedup();
        if values.len() < 2 {
            continue;
        }
        let keep = cx.winner(&printed);
        let sides: Vec<Side> = printed
            .iter()
            .map(|&i| cx.side(i, cx.cells[i].value == keep))
            .collect();
        for s in sides.iter().filter(|s| !s.kept) {
            drop(&s.id, &mut dropped_cells);
        }
        let shown: Vec<String> = values.iter().map(u32::to_string).collect();
        findings.push(Finding {
            rule: Rule::Twice,
            message: format!(
                "{} is printed as {}",
                describe(&cx.frame, canon, *measure),
                shown.join(" and ")
            ),
            sides,
        });
    }

    // Sum: a table's rows against the quantity they add up to.
    let mut row_sums: HashMap<Canon, (u64, String)> = HashMap::new();
    for (ti, t) in p.tables.iter().enumerate() {
        let base = cx.frame.canon(&t.selection);
        let rows: Vec<usize> = (0..cx.cells.len())
            .filter(|&i| cx.cells[i].table == Some(ti) && cx.cells[i].grain <= Grain::Omitted)
            .collect();
        for m in [Measure::Needs, Measure::States] {
            let column: Vec<usize> = rows
                .iter()
                .copied()
                .filter(|&i| cx.cells[i].measure == m)
                .collect();
            if column.is_empty() {
                continue;
            }
            let sum: u64 = column.iter().map(|&i| u64::from(cx.cells[i].value)).sum();
            let max = column
                .iter()
                .map(|&i| u64::from(cx.cells[i].value))
                .max()
                .unwrap_or(0);
            let whole_m = cx.frame.measure(&base, m);
            let exact = m == Measure::Needs || t.by == Key::Region;
            if m == Measure::Needs {
                row_sums.insert(base.clone(), (sum, t.id.clone()));
            }
            for &o in cx.quantity(&base, whole_m) {
                let v = u64::from(cx.cells[o].value);
                let broken = if exact { v != sum } else { v < max || v > sum };
                if !broken || cx.cells[o].table == Some(ti) && cx.cells[o].grain != Grain::Total {
                    continue;
                }
                let rule_text = if exact {
                    format!("adds up to {sum}")
                } else {
                    format!(
                        "allows from {max} to {sum} States (a State may name several {}s)",
                        t.by.name()
                    )
                };
                drop(&cx.cells[o].id, &mut dropped_cells);
                findings.push(Finding {
                    rule: Rule::Sum,
                    message: format!(
                        "the {} column of {} {rule_text}, but {} prints {v} for {}",
                        m.name(),
                        t.id,
                        cx.cells[o].id,
                        describe(&cx.frame, &base, whole_m)
                    ),
                    sides: vec![
                        Side {
                            id: format!("{} rows", t.id),
                            source: t.source.clone(),
                            value: sum,
                            kept: true,
                        },
                        cx.side(o, false),
                    ],
                });
            }
        }
    }
    // Sums with the kept numbers: where a row lost a contradiction, the
    // number that won stands in for it, and whatever the table adds up to
    // must follow.
    let mut effective: HashMap<Canon, (u64, String)> = HashMap::new();
    for (ti, t) in p.tables.iter().enumerate() {
        let base = cx.frame.canon(&t.selection);
        let column: Vec<usize> = (0..cx.cells.len())
            .filter(|&i| {
                let c = &cx.cells[i];
                c.table == Some(ti) && c.grain <= Grain::Omitted && c.measure == Measure::Needs
            })
            .collect();
        if column.is_empty() {
            continue;
        }
        let mut sum = 0u64;
        let mut stand_ins = Vec::new();
        for &i in &column {
            let c = &cx.cells[i];
            if !dropped_cells.contains(&c.id) {
                sum += u64::from(c.value);
                continue;
            }
            let kept = cx
                .quantity(&c.canon, Measure::Needs)
                .iter()
                .find(|&&o| !dropped_cells.contains(&cx.cells[o].id))
                .map(|&o| (u64::from(cx.cells[o].value), cx.cells[o].id.clone()))
                .or_else(|| {
                    row_sums
                        .get(&c.canon)
                        .map(|(v, id)| (*v, format!("{id} rows")))
                });
            match kept {
                Some((v, id)) => {
                    sum += v;
                    stand_ins.push(format!(
                        "{} = {v} from {id}",
                        describe(&cx.frame, &c.canon, Measure::Needs)
                    ));
                }
                None => sum += u64::from(c.value),
            }
        }
        effective.insert(base.clone(), (sum, t.id.clone()));
        if stand_ins.is_empty() {
            continue;
        }
        for &o in cx.quantity(&base, Measure::Needs) {
            let c = &cx.cells[o];
            if c.table == Some(ti) || dropped_cells.contains(&c.id) || u64::from(c.value) == sum {
                continue;
            }
            drop(&c.id, &mut dropped_cells);
            findings.push(Finding {
                rule: Rule::Sum,
                message: format!(
                    "with {}, the rows of {} add up to {sum}, but {} prints {}",
                    stand_ins.join(", "),
                    t.id,
                    c.id,
                    c.value
                ),
                sides: vec![
                    Side {
                        id: format!("{} rows", t.id),
                        source: t.source.clone(),
                        value: sum,
                        kept: true,
                    },
                    cx.side(o, false),
                ],
            });
        }
    }
    // Sum over chapters: a number covering several chapters against the rows
    // of the chapters' tables, as printed and as kept.
    for (i, c) in cx.cells.iter().enumerate() {
        if c.measure != Measure::Needs || c.grain == Grain::Omitted {
            continue;
        }
        let chapters = cx.frame.domain(Key::Chapter, &c.canon);
        if chapters.len() < 2 {
            continue;
        }
        let (mut printed, mut kept) = (0u64, 0u64);
        let value = u64::from(c.value);
        let mut parts = Vec::new();
        for ch in &chapters {
            let mut part = c.canon.clone();
            part.articles.retain(|a| {
                reference
                    .chapter_of(*a)
                    .map(|x| reference.chapters[x].id.clone())
                    == Some(ch.to_string())
            });
            match (row_sums.get(&part), effective.get(&part)) {
                (Some((sum, table)), Some((eff, _))) => {
                    printed += sum;
                    kept += eff;
                    parts.push(table.clone());
                }
                _ => {
                    parts.clear();
                    break;
                }
            }
        }
        if parts.is_empty() || (printed == value && kept == value) {
            continue;
        }
        let keep = kept == value;
        if !keep {
            drop(&c.id, &mut dropped_cells);
        }
        let (rows_value, note) = if printed == value {
            (kept, " with the kept numbers".to_string())
        } else if keep {
            (
                printed,
                format!(" (with the kept numbers, {kept}, as printed)"),
            )
        } else {
            (printed, String::new())
        };
        findings.push(Finding {
            rule: Rule::Sum,
            message: format!(
                "the rows of {} add up to {rows_value}{note}, but {} prints {} for {}",
                parts.join(" and "),
                c.id,
                c.value,
                describe(&cx.frame, &c.canon, c.measure)
            ),
            sides: vec![
                Side {
                    id: format!("{} rows", parts.join(" + ")),
                    source: String::new(),
                    value: rows_value,
                    kept: !keep,
                },
                cx.side(i, keep),
            ],
        });
    }

    // Bounds.
    let n = cx.cells.len();
    for a in 0..n {
        let ca = &cx.cells[a];
        let types = ca.canon.types.count_ones();
        let articles = ca.canon.articles.len() as u32;
        if ca.measure == Measure::States {
            if let Some(covered) = cx.states_covered.filter(|&c| ca.value > c) {
                drop(&ca.id, &mut dropped_cells);
                findings.push(Finding {
                    rule: Rule::Bound,
                    message: format!(
                        "{} counts {} States, more than the {covered} States covered",
                        ca.id, ca.value
                    ),
                    sides: vec![
                        cx.side(a, false),
                        Side {
                            id: "document".into(),
                            source: "states_covered".into(),
                            value: u64::from(covered),
                            kept: true,
                        },
                    ],
                });
            }
            if ca.canon.regions.count_ones() == 1 {
                let region = cx.frame.domain(Key::Region, &ca.canon)[0].to_string();
                let members = reference
                    .states
                    .iter()
                    .filter(|s| s.region.as_deref() == Some(region.as_str()) && s.code.len() == 3)
                    .count() as u32;
                if members > 0 && ca.value > members {
                    findings.push(Finding {
                        rule: Rule::Bound,
                        message: format!(
                            "{} counts {} States of {region}, which has {members}",
                            ca.id, ca.value
                        ),
                        sides: vec![cx.side(a, false)],
                    });
                }
            }
        }
        for b in 0..n {
            if a == b {
                continue;
            }
            let cb = &cx.cells[b];
            // States above needs, and needs above States × types × articles.
            if cb.canon == ca.canon && ca.measure == Measure::Needs && cb.measure == Measure::States
            {
                if cb.value > ca.value {
                    let keep_b = cb.grain < ca.grain;
                    drop(if keep_b { &ca.id } else { &cb.id }, &mut dropped_cells);
                    findings.push(Finding {
                        rule: Rule::Bound,
                        message: format!(
                            "{}: {} States cannot identify only {} needs",
                            describe(&cx.frame, &ca.canon, Measure::Needs),
                            cb.value,
                            ca.value
                        ),
                        sides: vec![cx.side(b, keep_b), cx.side(a, !keep_b)],
                    });
                } else if u64::from(ca.value)
                    > u64::from(cb.value) * u64::from(types) * u64::from(articles)
                {
                    let keep_b = cb.grain < ca.grain;
                    drop(if keep_b { &ca.id } else { &cb.id }, &mut dropped_cells);
                    findings.push(Finding {
                        rule: Rule::Bound,
                        message: format!(
                            "{}: {} needs exceed {} States × {types} types × {articles} article(s)",
                            describe(&cx.frame, &ca.canon, Measure::Needs),
                            ca.value,
                            cb.value
                        ),
                        sides: vec![cx.side(a, !keep_b), cx.side(b, keep_b)],
                    });
                }
                continue;
            }
            // A narrower selection above a wider one.
            let comparable = match (ca.measure, cb.measure) {
                (Measure::Needs, Measure::Needs) => true,
                (Measure::States, _) => true,
                (Measure::Needs, Measure::States) => ca.canon.single_article_type(),
            };
            if comparable
                && cb.canon != ca.canon
                && cb.canon.contains(&ca.canon)
                && ca.value > cb.value
            {
                let keep_a = ca.grain < cb.grain;
                drop(if keep_a { &cb.id } else { &ca.id }, &mut dropped_cells);
                findings.push(Finding {
                    rule: Rule::Bound,
                    message: format!(
                        "{} ({}) is above {} ({}), which includes it",
                        describe(&cx.frame, &ca.canon, ca.measure),
                        ca.value,
                        describe(&cx.frame, &cb.canon, cb.measure),
                        cb.value
                    ),
                    sides: vec![cx.side(a, keep_a), cx.side(b, !keep_a)],
                });
            }
        }
    }

    // Claims the numbers make impossible.
    for claim in &p.claims {
        let base = cx.frame.canon(&claim.selection);
        let mut problems: Vec<(String, Vec<Side>)> = Vec::new();
        let group = |key: Key, v: &KeyValue| cx.frame.canon(&claim.selection.with(key, v));
        match &claim.kind {
            ClaimKind::Top { by, measure, top } => {
                let g = group(*by, top);
                let m = cx.frame.measure(&g, *measure);
                for h in cx.frame.domain(*by, &base).iter().filter(|h| *h != top) {
                    let hc = group(*by, h);
                    if let (Some((ub, ui)), Some((lb, li))) = (cx.upper(&g, m), cx.lower(&hc, m)) {
                        if ub < lb {
                            problems.push((
                                format!("{top} can have at most {ub} but {h} has at least {lb}"),
                                vec![cx.side(ui, true), cx.side(li, true)],
                            ));
                        }
                    }
                }
            }
            ClaimKind::Order { by, measure, order } => {
                for pair in order.windows(2) {
                    let (g, h) = (group(*by, &pair[0]), group(*by, &pair[1]));
                    let m = cx.frame.measure(&g, *measure);
                    if let (Some((ub, ui)), Some((lb, li))) = (cx.upper(&g, m), cx.lower(&h, m)) {
                        if ub < lb {
                            problems.push((
                                format!(
                                    "{} can have at most {ub} but {} has at least {lb}",
                                    pair[0], pair[1]
                                ),
                                vec![cx.side(ui, true), cx.side(li, true)],
                            ));
                        }
                    }
                }
            }
            ClaimKind::CountNonzero { by, measure, value } => {
                let domain = cx.frame.domain(*by, &base);
                let possible = domain
                    .iter()
                    .filter(|g| {
                        cx.upper(&group(*by, g), *measure)
                            .is_none_or(|(u, _)| u > 0)
                    })
                    .count() as u32;
                let certain = domain
                    .iter()
                    .filter(|g| {
                        cx.lower(&group(*by, g), *measure)
                            .is_some_and(|(l, _)| l > 0)
                    })
                    .count() as u32;
                if *value > possible {
                    problems.push((
                        format!(
                            "only {possible} {}s can be non-zero, the claim says {value}",
                            by.name()
                        ),
                        vec![],
                    ));
                }
                if *value < certain {
                    problems.push((
                        format!(
                            "{certain} {}s are non-zero already, the claim says {value}",
                            by.name()
                        ),
                        vec![],
                    ));
                }
            }
            ClaimKind::SomeStateHasTypes { min_types } => {
                for a in &base.articles {
                    let art = Canon {
                        articles: vec![*a],
                        regions: base.regions,
                        types: base.types,
                    };
                    let possible = cx
                        .frame
                        .domain(Key::Type, &art)
                        .iter()
                        .filter(|t| {
                            cx.upper(
                                &cx.frame.canon(
                                    &claim
                                        .selection
                                        .with(Key::Article, &KeyValue::Article(*a))
                                        .with(Key::Type, t),
                                ),
                                Measure::Needs,
                            )
                            .is_none_or(|(u, _)| u > 0)
                        })
                        .count() as u32;
                    if possible < *min_types {
                        problems.push((format!("article {a} has only {possible} types of need with a non-zero count"), vec![]));
                    }
                    if let (Some((needs, ni)), Some((states, si))) = (
                        cx.upper(&art, Measure::Needs),
                        cx.lower(&art, Measure::States),
                    ) {
                        if states > 0
                            && u64::from(needs) + 1 < u64::from(*min_types) + u64::from(states)
                        {
                            problems.push((
                                format!("article {a}: {needs} needs among {states} States leave no State {min_types} types"),
                                vec![cx.side(ni, true), cx.side(si, true)],
                            ));
                        }
                    }
                }
            }
        }
        for (message, mut sides) in problems {
            drop(&claim.id, &mut dropped_claims);
            sides.insert(
                0,
                Side {
                    id: claim.id.clone(),
                    source: claim.source.clone(),
                    value: 0,
                    kept: false,
                },
            );
            findings.push(Finding {
                rule: Rule::Claim,
                message: format!("claim {}: {message}", claim.id),
                sides,
            });
        }
    }
    Audit {
        findings,
        dropped_cells,
        dropped_claims,
    }
}

/// The findings as text for a terminal.
pub fn to_text(a: &Audit) -> String {
    if a.findings.is_empty() {
        return String::new();
    }
    let mut o = format!("{} contradiction(s):\n", a.findings.len());
    for (i, f) in a.findings.iter().enumerate() {
        let rule = match f.rule {
            Rule::Sum => "sum",
            Rule::Twice => "twice",
            Rule::Bound => "bound",
            Rule::Claim => "claim",
        };
        o.push_str(&format!("\n{}. [{rule}] {}\n", i + 1, f.message));
        for s in &f.sides {
            let source = if s.source.is_empty() {
                String::new()
            } else {
                format!(" ({})", s.source)
            };
            let value = if f.rule == Rule::Claim
                && s.value == 0
                && s.id.starts_with(|c: char| c.is_alphabetic())
                && !s.kept
            {
                String::new()
            } else {
                format!(": {}", s.value)
            };
            o.push_str(&format!(
                "   {} {}{source}{value}\n",
                if s.kept { "keep" } else { "drop" },
                s.id
            ));
        }
    }
    o
}
