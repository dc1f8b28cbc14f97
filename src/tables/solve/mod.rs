//! The exact rebuild: counts first, by integer programming, then States.
//!
//! Every kept number of needs is a sum over the three-way table `y` (how
//! many States of a regional group name a type for an article); every kept
//! number of States is a sum, over the groups it covers, of how many of a
//! group's States have a need in a rectangle of articles × types. `counts`
//! finds `y`, the States of each group and every coverage at once, under
//! constraints that every data set meeting the document satisfies; when
//! there is no solution, no data set exists, and the groups of numbers that
//! clash are named. `realise` then deals each group's needs to its States.
//! The same seed gives the same records: the programme has no randomness
//! and stops on a count of nodes, not on the clock, and the dealing is
//! seeded.

pub mod cbc;
pub mod counts;
pub mod model;
pub mod realise;
pub mod round;

use super::audit::{Audit, audit};
use super::cells::Frame;
use super::synth::Rebuilt;
use super::{Measure, Published};
use crate::date::Date;
use crate::records::{Need, Registry, Review, Source, Sources};
use crate::reference::Reference;
use crate::tables::shapes::Rng;

/// Branch-and-bound nodes the whole programme may use before it gives up.
/// A node of a programme of the seed's size is a millisecond or two of
/// microlp (case 1003 of the fuzzer: 20,000 nodes undecided in 30 s of CPU).
const NODES: u64 = 5_000;
/// Nodes all the solves of one rebuild may use together, the explanation
/// of a document no data set meets included: what keeps synth within the
/// fuzzer's 30 s on any input, by count, not by the clock.
const WORK: u64 = 12_000;
/// Nodes for each solve that names the numbers that clash.
const EXPLAIN_NODES: u64 = 200;
/// Nodes for a programme narrowed to the natural table: a narrowed one
/// without a solution is given up on quickly, and the whole one solved.
const NEAR_NODES: u64 = 300;
/// Nodes for the narrowed programme's first, brief, attempt.
const GLANCE_NODES: u64 = 40;
/// Moves the dealing of one group's needs may use.
const MOVES: u64 = 1_000_000;
/// How many sets of counts are tried.
const ROUNDS: usize = 4;

/// What the exact rebuild concluded.
pub enum Outcome {
    Found(Box<Rebuilt>),
    /// No data set can meet the kept numbers; the text says which clash.
    Impossible(String),
    /// A search ran out of its budget: this proves nothing.
    OutOfBudget(String),
}

/// Rebuilds records meeting every number of `p` the audit keeps.
pub fn rebuild(p: &Published, base: &Reference, seed: u64) -> Outcome {
    rebuild_audited(p, base, seed, audit(p, base))
}

/// [`rebuild`], given the document's audit.
pub fn rebuild_audited(p: &Published, base: &Reference, seed: u64, report: Audit) -> Outcome {
    let frame = Frame::new(p, base);
    if frame.scope_articles.len() > 128 || frame.n_types > 16 || frame.region_codes.len() > 8 {
        return Outcome::OutOfBudget(
            "the exact rebuild handles at most 128 articles, 16 types and 8 groups".into(),
        );
    }
    let model = model::read(p, &frame, &report);
    let on = vec![true; model.groups.len()];
    let mut rng = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x00E8_AC7E);
    let mut moves = 0u64;
    let mut work = counts::Work::new(WORK);
    // Counts that cannot be dealt to States are tried again with other
    // counts, a few times, each from a jitter drawn from the seed.
    let mut found = None;
    for round in 0..ROUNDS {
        let jitter = if round < 2 { 0 } else { rng.next_u64() | 1 };
        // The second round asks for the most States per group the sample
        // allows rather than the fewest: more room to deal the same needs.
        let ask = counts::Ask {
            jitter,
            more_states: round == 1 && model.covered.is_some(),
            ..counts::Ask::default()
        };
        // The walk once (a few milliseconds), then the narrowed programme
        // briefly (quick where the document prints `y` nearly whole, as a
        // full table does). Then the walk from other starts and the
        // narrowed programme at length, in that order, or, where CBC is
        // installed, the other way round: CBC decides the narrowed
        // programme at its root in a tenth of a second, where the walks
        // take half a second. The whole programme last.
        //
        // The brief look is microlp's in even rounds, CBC's in odd ones:
        // each solver's first point is dealt where the other's is not
        // (the full tables of seeds 1038 and 202: microlp's in one round
        // and CBC's in four, and the other way round), and a dealing that
        // fails costs a million moves.
        let by_cbc = cbc::available();
        let glance = counts::Ask {
            microlp: round % 2 == 0,
            ..ask
        };
        let counts = rounded(&model, &on, &mut work, ask, 0..1)
            .or_else(|| near(&model, &on, &mut work, glance, GLANCE_NODES))
            .or_else(|| by_cbc.then(|| near(&model, &on, &mut work, ask, NEAR_NODES))?)
            .or_else(|| rounded(&model, &on, &mut work, ask, 1..WALKS))
            .or_else(|| (!by_cbc).then(|| near(&model, &on, &mut work, ask, NEAR_NODES))?);
        let counts = match counts {
            Some(c) => c,
            None => match whole(&model, &on, &mut work, ask, by_cbc && round % 2 == 0) {
                counts::Outcome::Found(c) => c,
                counts::Outcome::Impossible => {
                    return Outcome::Impossible(impossible(&model, &mut work));
                }
                counts::Outcome::Undecided if work.spent() => {
                    return Outcome::OutOfBudget(format!(
                        "the integer programmes over the counts spent their {WORK} nodes (round {} of {ROUNDS}) without deciding (this is not a proof that no data set exists)",
                        round + 1
                    ));
                }
                counts::Outcome::Undecided => {
                    return Outcome::OutOfBudget(format!(
                        "the integer programme over the counts was not decided in {NODES} nodes (this is not a proof that no data set exists)"
                    ));
                }
            },
        };
        let group = dealing(&model, &counts);
        if let Some(masks) = realise::realise(&group, &mut rng, MOVES, &mut moves) {
            found = Some((group, masks));
            break;
        }
    }
    let Some((group, masks)) = found else {
        return Outcome::OutOfBudget(format!(
            "counts were found {ROUNDS} times, but dealing the needs to States did not meet every number of States in {MOVES} moves each (this is not a proof that no data set exists)"
        ));
    };
    let (reference, registry, with_needs) = records(p, base, &model, &group.region, &masks);
    Outcome::Found(Box::new(Rebuilt {
        reference,
        registry,
        audit: report,
        states_with_needs: with_needs,
        moves,
    }))
}

/// The whole programme. With `microlp_first`, microlp is given it first,
/// for `NEAR_NODES`, and CBC only when microlp did not decide it: microlp's
/// first point of the whole programme is dealt where CBC's often is not
/// (the seed note: microlp's in one round, CBC's in two, 0.85 s against
/// 1.5 s).
fn whole(
    model: &model::Model,
    on: &[bool],
    work: &mut counts::Work,
    ask: counts::Ask,
    microlp_first: bool,
) -> counts::Outcome {
    if microlp_first {
        let first = counts::Ask {
            microlp: true,
            ..ask
        };
        match counts::solve(model, on, work, NEAR_NODES, first) {
            counts::Outcome::Undecided => {}
            decided => return decided,
        }
    }
    counts::solve(model, on, work, NODES, ask)
}

/// Counts with `y` at the natural table rounded to whole numbers
/// (`round`): when the rounding meets every number of needs, the solver
/// only has the coverages left, and needs a handful of nodes where the
/// narrowed programme below may spend hundreds on the rounding alone.
/// Counts with no solution at this `y` prove nothing.
fn rounded(
    model: &model::Model,
    on: &[bool],
    work: &mut counts::Work,
    ask: counts::Ask,
    attempts: std::ops::Range<usize>,
) -> Option<counts::Counts> {
    // Within 1 of the natural table, then anywhere from it; then from
    // other natural tables (a jitter drawn from this round's): a walk that
    // stalls on one start often ends at once from another.
    attempts.into_iter().find_map(|attempt| {
        let ask = counts::Ask {
            near: (attempt % 2 == 0).then_some(1),
            rounded: true,
            jitter: match attempt {
                0 | 1 => ask.jitter,
                _ => Rng(ask.jitter ^ attempt as u64).next_u64() | 1,
            },
            ..ask
        };
        match counts::solve(model, on, work, 1, ask) {
            counts::Outcome::Found(c) => Some(c),
            _ => None,
        }
    })
}

/// Walks tried per set of counts before the solver is asked.
const WALKS: usize = 6;

/// Counts near the natural table: each cell of `y` between the integers
/// around it, widened by 1 (against 0, and 0 then 2, on the bench's slowest
/// documents and the seed note, 1 was the quickest overall). A programme so
/// narrowed that has no solution proves nothing: the caller then solves
/// the whole one.
fn near(
    model: &model::Model,
    on: &[bool],
    work: &mut counts::Work,
    ask: counts::Ask,
    nodes: u64,
) -> Option<counts::Counts> {
    let ask = counts::Ask {
        near: Some(1),
        ..ask
    };
    match counts::solve(model, on, work, nodes, ask) {
        counts::Outcome::Found(c) => Some(c),
        _ => None,
    }
}

/// What the dealing must meet: every number of States as printed, and the
/// quantities of States a claim compares as the counts set them.
fn dealing(m: &model::Model, counts: &counts::Counts) -> realise::Group {
    let mut targets: Vec<(model::Rect, u8, u32)> = Vec::new();
    let mut push = |rect, regions, value| {
        if !targets.iter().any(|t| t.0 == rect && t.1 == regions) {
            targets.push((rect, regions, value));
        }
    };
    for n in &m.numbers {
        if let Some(rect) = n.quantity.rect() {
            push(rect, n.quantity.sel.regions, n.value);
        }
    }
    for s in &m.statements {
        let list: Vec<model::Quantity> = match &s.rule {
            model::Rule::Order(l) | model::Rule::CountNonzero(l, _) => l.clone(),
            model::Rule::Top(t, o) => std::iter::once(*t).chain(o.iter().copied()).collect(),
            model::Rule::ManyTypes(..) => Vec::new(),
        };
        for q in list {
            if let Some(rect) = q.rect() {
                let value = (0..m.n_regions())
                    .filter(|r| q.sel.regions & (1 << r) != 0)
                    .filter_map(|r| counts.coverage[r].get(&rect))
                    .sum();
                push(rect, q.sel.regions, value);
            }
        }
    }
    realise::Group {
        region: (0..m.n_regions())
            .flat_map(|r| std::iter::repeat_n(r, counts.states[r] as usize))
            .collect(),
        n_articles: m.n_articles(),
        n_regions: m.n_regions(),
        n_types: m.n_types,
        y: counts.y.clone(),
        targets,
        many: counts.many.clone(),
    }
}

/// The message for a document no data set can meet: the groups of numbers
/// that clash and, for each of their numbers that the others rule out, the
/// printed value against what the others allow (each bound found by the
/// programme itself, so it is a proof, not a guess). The explanation spends
/// what is left of `work`: when it runs out, the numbers are named less
/// precisely, never guessed.
fn impossible(m: &model::Model, work: &mut counts::Work) -> String {
    let Some(groups) = counts::clash(m, work, EXPLAIN_NODES) else {
        return "no data set can meet these numbers (the integer programme over the counts has no solution)".into();
    };
    let mut o = format!(
        "no data set can meet these numbers: {} cannot hold together",
        groups
            .iter()
            .map(|&g| m.groups[g].as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let on: Vec<bool> = (0..m.groups.len()).map(|g| groups.contains(&g)).collect();
    let mut ruled_out = Vec::new();
    let mut rest = Vec::new();
    for (i, n) in m.numbers.iter().enumerate().filter(|(_, n)| on[n.group]) {
        let place = place(m, n);
        match counts::range(m, &on, i, work, EXPLAIN_NODES) {
            Some((lo, hi)) if !(lo..=hi).contains(&n.value) && ruled_out.len() < 12 => {
                let possible = if lo == hi {
                    format!("only {lo}")
                } else {
                    format!("{lo} to {hi}")
                };
                ruled_out.push(format!(
                    "\n  {place}: wanted {}, possible {possible}",
                    n.value
                ));
            }
            _ => rest.push(format!("{place} = {}", n.value)),
        }
    }
    for line in &ruled_out {
        o.push_str(line);
    }
    if ruled_out.is_empty() && !rest.is_empty() {
        let shown = rest.len().min(12);
        o.push_str(&format!(
            "\n  their numbers: {}{}",
            rest[..shown].join(", "),
            if rest.len() > shown { ", …" } else { "" }
        ));
    }
    for s in m.statements.iter().filter(|s| on[s.group]) {
        o.push_str(&format!("\n  claim {} ({})", s.id, s.source));
    }
    o
}

/// A number as the audit names it: its table or fact, its row, its measure.
fn place(m: &model::Model, n: &model::Number) -> String {
    let group = &m.groups[n.group];
    let row = group
        .strip_prefix("table ")
        .and_then(|t| n.id.strip_prefix(t))
        .map(str::trim);
    let measure = match n.quantity.measure {
        Measure::Needs if n.quantity.rect().is_none() && !single(n) => "needs",
        _ => "States",
    };
    match row {
        Some(row) => format!("{group}, {row}, {measure}"),
        None => format!("{group}, {measure}"),
    }
}

/// One article and one type: States and needs are one number.
fn single(n: &model::Number) -> bool {
    n.quantity.sel.articles.count_ones() == 1 && n.quantity.sel.types.count_ones() == 1
}

/// The records: States numbered within their group (`APG-07`), their
/// reviews and needs, then the sample's States without needs, spread over
/// the groups in proportion to their membership.
fn records(
    p: &Published,
    base: &Reference,
    m: &model::Model,
    region: &[usize],
    masks: &[u16],
) -> (Reference, Registry, usize) {
    let mut reference = base.clone();
    let completed = p.document.issued.parse::<Date>().ok();
    let mut registry = Registry::default();
    let mut numbers = vec![0u32; m.n_regions()];
    let documents = Sources::default()
        .with(Source::SelfAssessment)
        .with(Source::CountryReport)
        .with(Source::ExecutiveSummary);
    let mut add_review = |reference: &mut Reference, registry: &mut Registry, r: usize| {
        numbers[r] += 1;
        let code = format!("{}-{:02}", m.region_codes[r], numbers[r]);
        // Pushed without reindexing: the numbered codes are new, and one
        // reindex at the end keeps 10,000 States linear (`add_state`
        // reindexes each time).
        let state = reference.states.len() as crate::reference::StateId;
        reference.states.push(crate::reference::StateParty {
            name: format!("State {code}"),
            code,
            region: Some(m.region_codes[r].clone()),
            aliases: Vec::new(),
        });
        registry.reviews.push(Review {
            state,
            cycle: p.document.cycle,
            completed,
            documents,
            published: Sources::default().with(Source::ExecutiveSummary),
            shared_with_providers: false,
        });
        registry.reviews.len() as u32 - 1
    };
    let mut with_needs = 0;
    let na = m.n_articles();
    for (s, &r) in region.iter().enumerate() {
        let review = add_review(&mut reference, &mut registry, r);
        let row = &masks[s * na..(s + 1) * na];
        with_needs += usize::from(row.iter().any(|&x| x != 0));
        for (a, &mask) in row.iter().enumerate() {
            for t in (0..m.n_types).filter(|t| mask & (1 << t) != 0) {
                registry.needs.push(Need {
                    review,
                    article: m.articles[a],
                    need_type: t as u8,
                    sources: Sources::default().with(Source::CountryReport),
                    addressed: false,
                });
            }
        }
    }
    let pooled = region.len() as u32;
    let rest = p
        .document
        .states_covered
        .unwrap_or(pooled)
        .saturating_sub(pooled) as usize;
    // A document whose every number is of some groups only covers a sample
    // of those groups: its States without needs are theirs too.
    let named = m
        .numbers
        .iter()
        .fold(0u8, |o, n| o | n.quantity.sel.regions);
    let members: Vec<usize> = m
        .region_codes
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if named != 0 && named & (1 << i) == 0 {
                return 0;
            }
            base.states
                .iter()
                .filter(|s| s.region.as_deref() == Some(r.as_str()))
                .count()
                .max(1)
        })
        .collect();
    let total: usize = members.iter().sum();
    for i in 0..rest {
        let (mut r, mut at) = (0, i * total / rest.max(1) % total);
        while at >= members[r] {
            at -= members[r];
            r += 1;
        }
        add_review(&mut reference, &mut registry, r);
    }
    reference.reindex();
    (reference, registry, with_needs)
}
