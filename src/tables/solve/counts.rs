//! The counts a data set must have: an integer programme over the three-way
//! table `y` (States of a group naming a type for an article), each group's
//! number of States, and each group's coverage of every rectangle a number
//! of States counts.
//!
//! Every constraint here holds in every data set meeting the document
//! (a coverage lies between its largest part and the sum of its parts, and
//! never exceeds the group's States), so when the programme has no solution
//! no data set exists, and the numbers that clash can be named by dropping
//! groups of numbers while it stays without one. A solution still has to be
//! realised by States (`realise`), which these constraints do not promise.

use std::collections::BTreeMap;

use microlp::{ComparisonOp, OptimizationDirection, Problem, SolveOptions, SolveOutcome, Variable};

use super::model::{Model, Number, Quantity, Rect, Rule};
use super::{cbc, round};
use crate::tables::shapes::Rng;

/// The counts found: per group its States, the table `y`, the coverages,
/// and where a claim wants one State with many types.
#[derive(Clone, Debug)]
pub struct Counts {
    /// The probed number's value, when one was asked for.
    pub probed: u32,
    pub states: Vec<u32>,
    /// `y[(a * regions + r) * types + t]`.
    pub y: Vec<u32>,
    pub coverage: Vec<BTreeMap<Rect, u32>>,
    /// (article, group, types): a State of the group names that many types.
    pub many: Vec<(usize, usize, u32)>,
}

pub enum Outcome {
    Found(Counts),
    /// The programme has no solution: no data set meets these numbers.
    Impossible,
    /// The solver stopped at its node budget.
    Undecided,
}

/// Branch-and-bound nodes left to one rebuild, over all its solves: what
/// bounds its time, counted in work, not read from the clock, so the same
/// document gives the same answer on any machine.
#[derive(Debug)]
pub struct Work(u64);

impl Work {
    pub fn new(nodes: u64) -> Work {
        Work(nodes)
    }
    /// Nodes one solve may use: at most `cap`, at most what is left.
    fn grant(&self, cap: u64) -> u64 {
        cap.min(self.0)
    }
    fn spend(&mut self, nodes: u64) {
        self.0 = self.0.saturating_sub(nodes);
    }
    pub fn spent(&self) -> bool {
        self.0 == 0
    }
}

type Expr = Vec<(Variable, f64)>;

struct Builder<'m> {
    m: &'m Model,
    problem: Problem,
    y: Vec<Option<Variable>>,
    /// Upper bound of each cell of `y`.
    ub: Vec<u32>,
    states: Vec<Variable>,
    cover: Vec<BTreeMap<Rect, Variable>>,
    many: Vec<(usize, usize, u32, Variable)>,
    /// Every row given to the solver, and each unknown's bounds and start,
    /// for the walk (`round`).
    rows: Vec<round::Row>,
    bounds: Vec<(i64, i64)>,
    start: Vec<i64>,
    /// Each unknown's cost, for CBC (`cbc`).
    costs: Vec<f64>,
}

impl Builder<'_> {
    fn cell(&self, a: usize, r: usize, t: usize) -> usize {
        (a * self.m.n_regions() + r) * self.m.n_types + t
    }

    fn cells(&self, q: &Quantity) -> Vec<usize> {
        let (nr, nt) = (self.m.n_regions(), self.m.n_types);
        let mut out = Vec::new();
        for a in 0..self.m.n_articles() {
            if q.sel.articles & (1 << a) == 0 {
                continue;
            }
            for r in (0..nr).filter(|r| q.sel.regions & (1 << r) != 0) {
                for t in (0..nt).filter(|t| q.sel.types & (1 << t) != 0) {
                    out.push(self.cell(a, r, t));
                }
            }
        }
        out
    }

    /// The quantity as a sum of variables.
    fn expr(&self, q: &Quantity) -> Expr {
        match q.rect() {
            None => self
                .cells(q)
                .into_iter()
                .filter_map(|i| self.y[i].map(|v| (v, 1.0)))
                .collect(),
            Some(rect) => (0..self.m.n_regions())
                .filter(|r| q.sel.regions & (1 << r) != 0)
                .filter_map(|r| self.cover[r].get(&rect).map(|&v| (v, 1.0)))
                .collect(),
        }
    }

    fn add(&mut self, expr: Expr, op: ComparisonOp, rhs: f64) {
        self.rows.push(round::Row {
            terms: expr.iter().map(|&(v, c)| (v.idx(), c as i64)).collect(),
            op,
            rhs: rhs as i64,
        });
        self.problem.add_constraint(expr, op, rhs);
    }

    /// An integer unknown within `lo..=hi`, and where the walk starts it.
    fn int(&mut self, cost: f64, lo: u32, hi: u32, start: f64) -> Variable {
        let (lo, hi) = (i64::from(lo), i64::from(hi));
        self.bounds.push((lo, hi));
        self.start.push((start as i64).max(lo).min(hi));
        self.costs.push(cost);
        self.problem
            .add_integer_var(cost, (lo as i32, hi.min(i64::from(i32::MAX)) as i32))
    }

    fn binary(&mut self) -> Variable {
        self.bounds.push((0, 1));
        self.start.push(0);
        self.costs.push(0.0);
        self.problem.add_binary_var(0.0)
    }

    /// Coverage of each rectangle within each group: between its largest
    /// part and the sum of its parts (the largest rectangles inside it, and
    /// the cells no such rectangle holds), and at most the group's States.
    fn coverage_bounds(&mut self, r: usize) {
        let rects: Vec<Rect> = self.cover[r].keys().copied().collect();
        for &q in &rects {
            let inside: Vec<Rect> = rects
                .iter()
                .copied()
                .filter(|&o| o != q && q.contains(o))
                .collect();
            let children: Vec<Rect> = inside
                .iter()
                .copied()
                .filter(|&o| !inside.iter().any(|&p| p != o && p.contains(o)))
                .collect();
            let mut loose = Vec::new();
            for a in 0..self.m.n_articles() {
                for t in 0..self.m.n_types {
                    if q.has(a, t) && !children.iter().any(|c| c.has(a, t)) {
                        if let Some(v) = self.y[self.cell(a, r, t)] {
                            loose.push(v);
                        }
                    }
                }
            }
            let cq = self.cover[r][&q];
            let parts: Vec<Variable> = children
                .iter()
                .map(|c| self.cover[r][c])
                .chain(loose.iter().copied())
                .collect();
            for &p in &parts {
                self.add(vec![(cq, 1.0), (p, -1.0)], ComparisonOp::Ge, 0.0);
            }
            let mut sum: Expr = parts.iter().map(|&p| (p, -1.0)).collect();
            sum.push((cq, 1.0));
            self.add(sum, ComparisonOp::Le, 0.0);
            self.partition_bounds(r, q, &children);
            let n = self.states[r];
            self.add(vec![(cq, 1.0), (n, -1.0)], ComparisonOp::Le, 0.0);
        }
    }

    /// A State counted in `q` has a need in one of any set of disjoint
    /// rectangles inside it or in a cell none of them holds, so the
    /// coverage of `q` is at most their coverages plus those cells. One
    /// such partition from each child (the child, then every later child
    /// disjoint from those taken; the cells alone follow from these, and
    /// without children they are the sum of parts above): with a chapter's
    /// States both by type and by article, the sum over every part counts
    /// each State about twice and lets a group's States by type fall short
    /// of its States in the chapter, which no dealing can meet.
    fn partition_bounds(&mut self, r: usize, q: Rect, children: &[Rect]) {
        let disjoint = |x: Rect, y: Rect| x.articles & y.articles == 0 || x.types & y.types == 0;
        let cq = self.cover[r][&q];
        let mut seen = std::collections::BTreeSet::new();
        for start in 0..children.len() {
            let mut taken: Vec<Rect> = Vec::new();
            let from_start = children.iter().cycle().skip(start);
            for &c in from_start.take(children.len()) {
                if taken.iter().all(|&t| disjoint(t, c)) {
                    taken.push(c);
                }
            }
            taken.sort_unstable();
            if !seen.insert(taken.clone()) {
                continue;
            }
            let mut e: Expr = vec![(cq, 1.0)];
            e.extend(taken.iter().map(|c| (self.cover[r][c], -1.0)));
            for a in 0..self.m.n_articles() {
                for t in 0..self.m.n_types {
                    if q.has(a, t) && !taken.iter().any(|c| c.has(a, t)) {
                        if let Some(v) = self.y[self.cell(a, r, t)] {
                            e.push((v, -1.0));
                        }
                    }
                }
            }
            self.add(e, ComparisonOp::Le, 0.0);
        }
    }

    fn rule(&mut self, rule: &Rule, big: f64) {
        let diff = |b: &Builder<'_>, hi: &Quantity, lo: &Quantity| -> Expr {
            let mut e = b.expr(hi);
            e.extend(b.expr(lo).into_iter().map(|(v, c)| (v, -c)));
            e
        };
        match rule {
            Rule::Order(list) => {
                for w in list.windows(2) {
                    let e = diff(self, &w[0], &w[1]);
                    self.add(e, ComparisonOp::Ge, 1.0);
                }
            }
            Rule::Top(top, others) => {
                for o in others {
                    let e = diff(self, top, o);
                    self.add(e, ComparisonOp::Ge, 1.0);
                }
            }
            Rule::CountNonzero(list, n) => {
                let mut count = Vec::new();
                for q in list {
                    let b = self.binary();
                    let mut e = self.expr(q);
                    e.push((b, -1.0));
                    self.add(e, ComparisonOp::Ge, 0.0);
                    let mut e = self.expr(q);
                    e.push((b, -big));
                    self.add(e, ComparisonOp::Le, 0.0);
                    count.push((b, 1.0));
                }
                self.add(count, ComparisonOp::Eq, f64::from(*n));
            }
            Rule::ManyTypes(articles, k) => {
                for &a in articles {
                    let mut some = Vec::new();
                    for r in 0..self.m.n_regions() {
                        let w = self.binary();
                        let mut named: Expr = vec![(w, -f64::from(*k))];
                        for t in 0..self.m.n_types {
                            if let Some(y) = self.y[self.cell(a, r, t)] {
                                let u = self.binary();
                                self.add(vec![(u, 1.0), (y, -1.0)], ComparisonOp::Le, 0.0);
                                named.push((u, 1.0));
                            }
                        }
                        self.add(named, ComparisonOp::Ge, 0.0);
                        some.push((w, 1.0));
                        self.many.push((a, r, *k, w));
                    }
                    self.add(some, ComparisonOp::Ge, 1.0);
                }
            }
        }
    }
}

/// The table `y` as the numbers of needs alone make it most even: every
/// open cell starts alike (or at a value drawn from the jitter) and is
/// scaled, number by number, until each sum of needs comes out as printed
/// (iterative proportional fitting). The programme then keeps `y` near it,
/// since the extreme tables a bare solver lands on (all of an article's
/// needs in one type) are the ones no States can be dealt.
fn natural(b: &Builder<'_>, numbers: &[&Number], rng: &mut Rng, jitter: u64) -> Vec<f64> {
    let mut x: Vec<f64> =
        b.ub.iter()
            .map(|&u| match (u, jitter) {
                (0, _) => 0.0,
                (_, 0) => 1.0,
                _ => 0.5 + rng.below(1000) as f64 / 1000.0,
            })
            .collect();
    let sums: Vec<(Vec<usize>, f64)> = numbers
        .iter()
        .filter(|n| n.quantity.rect().is_none())
        .map(|n| (b.cells(&n.quantity), f64::from(n.value)))
        .collect();
    for _ in 0..40 {
        for (cells, value) in &sums {
            let now: f64 = cells.iter().map(|&i| x[i]).sum();
            if now > 0.0 {
                let k = value / now;
                for &i in cells {
                    x[i] = (x[i] * k).min(f64::from(b.ub[i]));
                }
            }
        }
    }
    x
}

/// The integers around a natural value, widened by `k`, within `0..=ub`.
fn near_bounds(x: f64, k: u32, ub: u32) -> (u32, u32) {
    let hi = (x.ceil() as u32 + k).min(ub);
    ((x.floor() as u32).saturating_sub(k).min(hi), hi)
}

/// Rows the walk (`round`) may weigh: tens of milliseconds.
const WALK_ROWS: u64 = 5_000_000;

/// What one solve asks for, beside the numbers.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ask {
    /// Other than 0: the natural table starts from values drawn from it,
    /// so that the programme lands on other counts.
    pub jitter: u64,
    /// Each cell of `y` within this of the natural table; `None`: anywhere.
    pub near: Option<u32>,
    /// Instead of meeting the number at this position of `Model::numbers`,
    /// how low (`false`) or high (`true`) the other numbers let it be.
    pub probe: Option<(usize, bool)>,
    /// The most States per group rather than the fewest.
    pub more_states: bool,
    /// No solver: a walk from the natural table rounded (`round`) looks
    /// for an integer point; without one, undecided.
    pub rounded: bool,
    /// microlp even where CBC is installed: the two solvers' first points
    /// of the narrowed programme differ, and some documents' counts are
    /// dealt from one and not from the other (`rebuild_audited`).
    pub microlp: bool,
}

/// Solves for the counts, with only the groups of numbers `on` says.
/// Uses at most `cap` nodes of `work`; with none left it decides nothing.
pub fn solve(m: &Model, on: &[bool], work: &mut Work, cap: u64, ask: Ask) -> Outcome {
    let limit = work.grant(cap);
    if limit == 0 {
        return Outcome::Undecided;
    }
    let mut rng = Rng(ask.jitter);
    let (na, nr, nt) = (m.n_articles(), m.n_regions(), m.n_types);
    let probed = ask.probe.map(|(i, _)| &m.numbers[i]);
    let numbers: Vec<_> = m
        .numbers
        .iter()
        .enumerate()
        .filter(|&(i, n)| on[n.group] && ask.probe.is_none_or(|p| p.0 != i))
        .map(|(_, n)| n)
        .collect();
    let big = m.covered.unwrap_or(10_000).max(1);
    let mut b = Builder {
        m,
        problem: Problem::new(OptimizationDirection::Minimize),
        y: vec![None; na * nr * nt],
        ub: vec![big; na * nr * nt],
        states: Vec::new(),
        cover: vec![BTreeMap::new(); nr],
        many: Vec::new(),
        rows: Vec::new(),
        bounds: Vec::new(),
        start: Vec::new(),
        costs: Vec::new(),
    };
    // Bounds of each cell: every number over it bounds it, a zero closes it.
    for n in &numbers {
        for i in b.cells(&n.quantity) {
            b.ub[i] = b.ub[i].min(n.value);
        }
    }
    let mut lower = vec![0u32; nr];
    for n in &numbers {
        let q = n.quantity;
        if q.sel.regions.count_ones() == 1 {
            let r = q.sel.regions.trailing_zeros() as usize;
            let states = if q.rect().is_some()
                || q.sel.articles.count_ones() == 1 && q.sel.types.count_ones() == 1
            {
                n.value
            } else {
                n.value.min(1)
            };
            lower[r] = lower[r].max(states);
        }
    }
    for &lo in &lower {
        // Fewest States first, as the annealing's pool was sized.
        let cost = match (probed.is_some(), ask.more_states) {
            (true, _) => 0.0,
            (false, false) => 1e-3,
            (false, true) => -1e-3,
        };
        let v = b.int(cost, lo, big, f64::from(lo));
        b.states.push(v);
    }
    let natural = natural(&b, &numbers, &mut rng, ask.jitter);
    // The walk starts a cell no number reads at 0, as the solver's fewest
    // States leave it: a need there would be a State outside the sample.
    let mut read = vec![false; na * nr * nt];
    for n in &numbers {
        for i in b.cells(&n.quantity) {
            read[i] = true;
        }
    }
    for a in 0..na {
        for (r, &lo) in lower.iter().enumerate() {
            for t in 0..nt {
                let i = b.cell(a, r, t);
                if b.ub[i] > 0 {
                    let (lo_y, hi_y) = match ask.near {
                        None => (0, b.ub[i]),
                        Some(k) => near_bounds(natural[i], k, b.ub[i]),
                    };
                    let start = if read[i] { natural[i].round() } else { 0.0 };
                    let v = b.int(0.0, lo_y, hi_y, start);
                    b.y[i] = Some(v);
                    if hi_y > lo {
                        let n = b.states[r];
                        b.add(vec![(v, 1.0), (n, -1.0)], ComparisonOp::Le, 0.0);
                    }
                }
            }
        }
    }
    // A State with needs names at least one: the pool is at most the needs.
    for r in 0..nr {
        let mut e: Expr = (0..na * nt)
            .filter_map(|k| b.y[(k / nt * nr + r) * nt + k % nt].map(|v| (v, -1.0)))
            .collect();
        e.push((b.states[r], 1.0));
        b.add(e, ComparisonOp::Le, 0.0);
    }
    if let Some(covered) = m.covered {
        let all: Expr = b.states.iter().map(|&v| (v, 1.0)).collect();
        b.add(all, ComparisonOp::Le, f64::from(covered));
    }
    // Every rectangle a number of States counts, in each group it covers.
    let statement_quantities =
        m.statements
            .iter()
            .filter(|s| on[s.group])
            .flat_map(|s| match &s.rule {
                Rule::Order(l) | Rule::CountNonzero(l, _) => l.clone(),
                Rule::Top(t, o) => std::iter::once(*t).chain(o.iter().copied()).collect(),
                Rule::ManyTypes(..) => Vec::new(),
            });
    let quantities: Vec<Quantity> = numbers
        .iter()
        .chain(probed.iter())
        .map(|n| n.quantity)
        .chain(statement_quantities)
        .collect();
    for q in &quantities {
        if let Some(rect) = q.rect() {
            for r in (0..nr).filter(|r| q.sel.regions & (1 << r) != 0) {
                if !b.cover[r].contains_key(&rect) {
                    let v = b.int(0.0, 0, big, 0.0);
                    b.cover[r].insert(rect, v);
                }
            }
        }
    }
    for r in 0..nr {
        b.coverage_bounds(r);
    }
    for n in &numbers {
        let e = b.expr(&n.quantity);
        if e.is_empty() {
            if n.value != 0 {
                return Outcome::Impossible;
            }
            continue;
        }
        b.add(e, ComparisonOp::Eq, f64::from(n.value));
    }
    for s in m.statements.iter().filter(|s| on[s.group]) {
        b.rule(&s.rule, f64::from(big));
    }
    if ask.rounded && ask.probe.is_none() {
        let point = round::walk(&b.bounds, &b.start, &b.rows, &mut rng, WALK_ROWS);
        return match point {
            Some(x) => Outcome::Found(counts(&b, None, |v| x[v.idx()].max(0) as u32)),
            None => Outcome::Undecided,
        };
    }
    let mut options = SolveOptions::default();
    options.node_limit = Some(limit);
    let mut objective = None;
    if let (Some(n), Some((_, high))) = (probed, ask.probe) {
        let z = b.int(if high { -1.0 } else { 1.0 }, 0, i32::MAX as u32, 0.0);
        let mut e = b.expr(&n.quantity);
        e.push((z, -1.0));
        b.add(e, ComparisonOp::Eq, 0.0);
        objective = Some(z);
    } else {
        // Any solution will do: the objective only keeps the pools small.
        options.mip_gap = 1e9;
    }
    let programme = cbc::Programme {
        costs: &b.costs,
        bounds: &b.bounds,
        rows: &b.rows,
    };
    let by_cbc = if ask.microlp {
        None
    } else {
        cbc::solve(&programme, limit, objective.is_none())
    };
    if let Some(answer) = by_cbc {
        let (outcome, nodes) = match answer {
            cbc::Answer::Solution(x, nodes) => (
                Outcome::Found(counts(&b, objective, |v| x[v.idx()].max(0) as u32)),
                nodes,
            ),
            cbc::Answer::Infeasible(nodes) => (Outcome::Impossible, nodes),
            cbc::Answer::Undecided(nodes) => (Outcome::Undecided, nodes),
        };
        work.spend(nodes);
        return outcome;
    }
    let out = b.problem.solve_with(options);
    // Nodes spent: the solver's own count, or, for a proof of no solution
    // (which comes without one), the most it may have used.
    work.spend(match &out {
        Ok(SolveOutcome::Solution(s)) => s.stats().nodes_solved + 1,
        Ok(SolveOutcome::Interrupted(i)) => i.stats().nodes_solved + 1,
        Err(_) => limit + 1,
    });
    let solution = match out {
        Ok(SolveOutcome::Solution(s)) => s,
        Ok(SolveOutcome::Interrupted(_)) => return Outcome::Undecided,
        Err(microlp::Error::Infeasible) => return Outcome::Impossible,
        Err(_) => return Outcome::Undecided,
    };
    let value = |v: Variable| solution.var_value(v).round().max(0.0) as u32;
    Outcome::Found(counts(&b, objective, value))
}

/// The counts at a solution, each unknown's value given by `value`.
fn counts(b: &Builder<'_>, objective: Option<Variable>, value: impl Fn(Variable) -> u32) -> Counts {
    Counts {
        probed: objective.map_or(0, &value),
        states: b.states.iter().map(|&v| value(v)).collect(),
        y: b.y.iter().map(|v| v.map_or(0, &value)).collect(),
        coverage: b
            .cover
            .iter()
            .map(|m| m.iter().map(|(&k, &v)| (k, value(v))).collect())
            .collect(),
        many: b
            .many
            .iter()
            .filter(|m| value(m.3) > 0)
            .map(|&(a, r, k, _)| (a, r, k))
            .collect(),
    }
}

/// The numbers that cannot hold together: the fewest groups (tables,
/// facts, claims) whose numbers alone leave the programme without a
/// solution, found by dropping each group in turn while it stays so.
pub fn clash(m: &Model, work: &mut Work, cap: u64) -> Option<Vec<usize>> {
    let mut on = vec![true; m.groups.len()];
    for g in 0..m.groups.len() {
        on[g] = false;
        match solve(m, &on, work, cap, Ask::default()) {
            Outcome::Impossible => {}
            Outcome::Found(_) => on[g] = true,
            Outcome::Undecided => return None,
        }
    }
    Some((0..m.groups.len()).filter(|&g| on[g]).collect())
}

/// How low and how high the numbers `on` let number `i` be, when it is
/// left out; `None` when the solver did not decide.
pub fn range(m: &Model, on: &[bool], i: usize, work: &mut Work, cap: u64) -> Option<(u32, u32)> {
    let mut bound = |high| match solve(
        m,
        on,
        work,
        cap,
        Ask {
            probe: Some((i, high)),
            ..Ask::default()
        },
    ) {
        Outcome::Found(c) => Some(Some(c.probed)),
        Outcome::Impossible => Some(None),
        Outcome::Undecided => None,
    };
    match (bound(false)?, bound(true)?) {
        (Some(lo), Some(hi)) => Some((lo, hi)),
        _ => None,
    }
}
