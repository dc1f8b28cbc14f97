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

use super::model::{Model, Quantity, Rect, Rule};

/// The counts found: per group its States, the table `y`, the coverages,
/// and where a claim wants one State with many types.
#[derive(Clone, Debug)]
pub struct Counts {
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
        self.problem.add_constraint(expr, op, rhs);
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
            let n = self.states[r];
            self.add(vec![(cq, 1.0), (n, -1.0)], ComparisonOp::Le, 0.0);
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
                    let b = self.problem.add_binary_var(0.0);
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
                        let w = self.problem.add_binary_var(0.0);
                        let mut named: Expr = vec![(w, -f64::from(*k))];
                        for t in 0..self.m.n_types {
                            if let Some(y) = self.y[self.cell(a, r, t)] {
                                let u = self.problem.add_binary_var(0.0);
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

/// Solves for the counts, with only the groups of numbers `on` says. A
/// `jitter` other than 0 gives the cells of `y` small costs drawn from it,
/// so that the programme lands on other counts.
pub fn solve(m: &Model, on: &[bool], node_limit: u64, jitter: u64) -> Outcome {
    let mut rng = crate::tables::shapes::Rng(jitter);
    let (na, nr, nt) = (m.n_articles(), m.n_regions(), m.n_types);
    let numbers: Vec<_> = m.numbers.iter().filter(|n| on[n.group]).collect();
    let big = m.covered.unwrap_or(10_000).max(1);
    let mut b = Builder {
        m,
        problem: Problem::new(OptimizationDirection::Minimize),
        y: vec![None; na * nr * nt],
        ub: vec![big; na * nr * nt],
        states: Vec::new(),
        cover: vec![BTreeMap::new(); nr],
        many: Vec::new(),
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
        let v = b.problem.add_integer_var(1.0, (lo as i32, big as i32));
        b.states.push(v);
    }
    for a in 0..na {
        for (r, &lo) in lower.iter().enumerate() {
            for t in 0..nt {
                let i = b.cell(a, r, t);
                if b.ub[i] > 0 {
                    let cost = if jitter == 0 {
                        0.0
                    } else {
                        rng.below(1000) as f64 / 1e4
                    };
                    let v = b.problem.add_integer_var(cost, (0, b.ub[i] as i32));
                    b.y[i] = Some(v);
                    if b.ub[i] > lo {
                        let n = b.states[r];
                        b.add(vec![(v, 1.0), (n, -1.0)], ComparisonOp::Le, 0.0);
                    }
                }
            }
        }
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
        .map(|n| n.quantity)
        .chain(statement_quantities)
        .collect();
    for q in &quantities {
        if let Some(rect) = q.rect() {
            for r in (0..nr).filter(|r| q.sel.regions & (1 << r) != 0) {
                if !b.cover[r].contains_key(&rect) {
                    let v = b.problem.add_integer_var(0.0, (0, big as i32));
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
    let mut options = SolveOptions::default();
    options.node_limit = Some(node_limit);
    // Any solution will do: the objective only keeps the pools small.
    options.mip_gap = 1e9;
    let solution = match b.problem.solve_with(options) {
        Ok(SolveOutcome::Solution(s)) => s,
        Ok(SolveOutcome::Interrupted(_)) => return Outcome::Undecided,
        Err(microlp::Error::Infeasible) => return Outcome::Impossible,
        Err(_) => return Outcome::Undecided,
    };
    let value = |v: Variable| solution.var_value(v).round().max(0.0) as u32;
    Outcome::Found(Counts {
        states: b.states.iter().map(|&v| value(v)).collect(),
        y: b.y.iter().map(|v| v.map_or(0, value)).collect(),
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
    })
}

/// The numbers that cannot hold together: the fewest groups (tables,
/// facts, claims) whose numbers alone leave the programme without a
/// solution, found by dropping each group in turn while it stays so.
pub fn clash(m: &Model, node_limit: u64) -> Option<Vec<usize>> {
    let mut on = vec![true; m.groups.len()];
    for g in 0..m.groups.len() {
        on[g] = false;
        match solve(m, &on, node_limit, 0) {
            Outcome::Impossible => {}
            Outcome::Found(_) => on[g] = true,
            Outcome::Undecided => return None,
        }
    }
    Some((0..m.groups.len()).filter(|&g| on[g]).collect())
}
