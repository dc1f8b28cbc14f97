//! An integer point of the programme over the counts found without
//! branching: the natural table rounded, and every other unknown set, by a
//! seeded walk over the programme's own rows.
//!
//! Iterative proportional fitting meets every number of needs with
//! fractions; the solver asked for counts near it then spends its nodes on
//! finding integers that add up, and its objective says nothing, so its
//! branching is blind (hundreds of nodes, seconds, on 1 document in 30 of
//! issue 14's shape). Here each cell of `y` starts at its nearest integer,
//! every other unknown at its lowest (or, asked for the most States, a
//! group's States at their highest), and a walk moves one unknown by one at
//! a time: a row that does not hold is drawn, and of its unknowns that can
//! move its way, the one whose move leaves the rows least off in total is
//! moved (a move that leaves them as far off is taken too, so a deviation
//! travels along rows and columns until it meets its opposite, as an
//! augmenting path would). The rows are those the solver is given, counted
//! in whole numbers, so a point where every row holds is a solution of the
//! programme; a walk that ends without one proves nothing.

use microlp::ComparisonOp;

use crate::tables::shapes::Rng;

/// One row of the programme, in whole numbers: `Σ coefficient × unknown`
/// against `rhs`.
#[derive(Clone, Debug)]
pub struct Row {
    pub terms: Vec<(usize, i64)>,
    pub op: ComparisonOp,
    pub rhs: i64,
}

impl Row {
    /// How far the row is from holding, given its left side.
    pub fn off(&self, lhs: i64) -> i64 {
        match self.op {
            ComparisonOp::Eq => (lhs - self.rhs).abs(),
            ComparisonOp::Le => (lhs - self.rhs).max(0),
            ComparisonOp::Ge => (self.rhs - lhs).max(0),
        }
    }
}

/// The bounds as the rows of one unknown narrow them (a number that fixes
/// one coverage, say), so that the walk never moves it off them.
fn tightened(bounds: &[(i64, i64)], rows: &[Row]) -> Vec<(i64, i64)> {
    let mut out = bounds.to_vec();
    for row in rows {
        let [(v, c)] = row.terms[..] else {
            continue;
        };
        if c.abs() != 1 {
            continue;
        }
        // c·x against rhs, with c = ±1: x against c·rhs, the sense turned
        // when c is −1.
        let at = row.rhs * c;
        let (lo, hi) = &mut out[v];
        let (le, ge) = match row.op {
            ComparisonOp::Eq => (true, true),
            ComparisonOp::Le => (c > 0, c < 0),
            ComparisonOp::Ge => (c < 0, c > 0),
        };
        if le {
            *hi = (*hi).min(at);
        }
        if ge {
            *lo = (*lo).max(at);
        }
    }
    out
}

/// Unknowns weighed per move: the row of a document's total has a thousand,
/// and weighing each of them would make a move cost a millisecond.
const CANDIDATES: usize = 24;

/// The walk's state: the values, each row's left side and weight.
struct Walk<'r> {
    rows: &'r [Row],
    bounds: Vec<(i64, i64)>,
    rows_of: Vec<Vec<(usize, i64)>>,
    x: Vec<i64>,
    lhs: Vec<i64>,
    /// A row the walk keeps failing to meet weighs more each time
    /// (breakout), until moving toward it pays.
    weight: Vec<i64>,
    off: Vec<usize>,
    /// Rows weighed so far: what the walk's budget counts.
    weighed: std::cell::Cell<u64>,
}

impl Walk<'_> {
    fn can(&self, v: usize, d: i64) -> bool {
        (self.bounds[v].0..=self.bounds[v].1).contains(&(self.x[v] + d))
    }

    /// The change in how far the rows are off, weighed, if `v` moves by `d`.
    fn change(&self, v: usize, d: i64) -> i64 {
        self.weighed
            .set(self.weighed.get() + self.rows_of[v].len() as u64);
        self.rows_of[v]
            .iter()
            .map(|&(e, c)| {
                let (row, now) = (&self.rows[e], self.lhs[e]);
                self.weight[e] * (row.off(now + c * d) - row.off(now))
            })
            .sum()
    }

    fn apply(&mut self, v: usize, d: i64) {
        self.x[v] += d;
        for &(f, c) in &self.rows_of[v] {
            let was = self.rows[f].off(self.lhs[f]);
            self.lhs[f] += c * d;
            if was == 0 && self.rows[f].off(self.lhs[f]) > 0 {
                self.off.push(f);
            }
        }
    }

    /// Up to `CANDIDATES` of row `e`'s unknowns, each with the move that
    /// takes the row toward its value (a stride through a long row, so it
    /// is sampled across, not in one corner).
    fn moves(&self, e: usize, rng: &mut Rng) -> Vec<(usize, i64)> {
        let row = &self.rows[e];
        let up = self.lhs[e] < row.rhs;
        let n = row.terms.len();
        let (first, tries) = (rng.below(n), n.min(CANDIDATES));
        (0..tries)
            .map(|k| row.terms[(first + k * (n / tries).max(1)) % n])
            .map(|(v, c)| (v, if up == (c > 0) { 1 } else { -1 }))
            .filter(|&(v, d)| self.can(v, d))
            .collect()
    }

    /// The best of `moves` alone: (change, tie-break, unknown, step).
    fn single(&self, moves: &[(usize, i64)], rng: &mut Rng) -> Option<(i64, u64, usize, i64)> {
        moves
            .iter()
            .map(|&(v, d)| (self.change(v, d), rng.next_u64(), v, d))
            .min()
    }

    /// A move followed by up to `depth − 1` more, each repairing a row
    /// the one before put off (an ejection chain): what carries a unit
    /// along a row and down a column of a table whose margins are all met
    /// but two, or raises a coverage by raising first a cell under it and
    /// then lowering another of the cell's sums.
    fn chain(
        &mut self,
        moves: &[(usize, i64)],
        depth: usize,
        rng: &mut Rng,
    ) -> Option<(i64, Chain)> {
        let mut best: Option<(i64, u64, Chain)> = None;
        for &(v, d) in moves.iter().take(CHAINED) {
            let first = self.change(v, d);
            let mut consider = |cost: i64, tail: Vec<(usize, i64)>, rng: &mut Rng| {
                let key = (cost, rng.next_u64());
                if best.as_ref().is_none_or(|b| key < (b.0, b.1)) {
                    let mut all = vec![(v, d)];
                    all.extend(tail);
                    best = Some((key.0, key.1, all));
                }
            };
            consider(first, Vec::new(), rng);
            if depth < 2 {
                continue;
            }
            let before: Vec<i64> = self.rows_of[v]
                .iter()
                .map(|&(f, _)| self.rows[f].off(self.lhs[f]))
                .collect();
            self.apply(v, d);
            let broken: Vec<usize> = self.rows_of[v]
                .iter()
                .zip(&before)
                .filter(|&(&(f, _), &was)| self.rows[f].off(self.lhs[f]) > was)
                .map(|(&(f, _), _)| f)
                .take(2)
                .collect();
            for f in broken {
                let next: Vec<(usize, i64)> = self
                    .moves(f, rng)
                    .into_iter()
                    .filter(|m| m.0 != v)
                    .collect();
                if let Some((cost, tail)) = self.chain(&next, depth - 1, rng) {
                    consider(first + cost, tail, rng);
                }
            }
            self.apply(v, -d);
        }
        best.map(|(c, _, m)| (c, m))
    }
}

/// Moves one after another: (unknown, step).
type Chain = Vec<(usize, i64)>;

/// Moves looked at per step of a chain, and a chain's most moves.
const CHAINED: usize = 5;
const DEPTH: usize = 3;

/// Values within `bounds` meeting every row, walked from `start` until
/// `budget` rows have been weighed; `None` when the walk did not get there.
pub fn walk(
    bounds: &[(i64, i64)],
    start: &[i64],
    rows: &[Row],
    rng: &mut Rng,
    budget: u64,
) -> Option<Vec<i64>> {
    let bounds = tightened(bounds, rows);
    // Bounds that cross (a document no data set meets, say): no point, and
    // the solver says why.
    if bounds.iter().any(|&(lo, hi)| lo > hi) {
        return None;
    }
    let x: Vec<i64> = start
        .iter()
        .zip(&bounds)
        .map(|(&v, &(lo, hi))| v.clamp(lo, hi))
        .collect();
    let mut rows_of: Vec<Vec<(usize, i64)>> = vec![Vec::new(); x.len()];
    for (e, row) in rows.iter().enumerate() {
        for &(v, c) in &row.terms {
            rows_of[v].push((e, c));
        }
    }
    let lhs: Vec<i64> = rows
        .iter()
        .map(|row| row.terms.iter().map(|&(v, c)| c * x[v]).sum())
        .collect();
    let off = (0..rows.len())
        .filter(|&e| rows[e].off(lhs[e]) > 0)
        .collect();
    let mut w = Walk {
        rows,
        bounds,
        rows_of,
        x,
        lhs,
        weight: vec![1; rows.len()],
        off,
        weighed: std::cell::Cell::new(0),
    };
    for step in 0u64.. {
        if w.weighed.get() > budget {
            break;
        }
        if step % 64 == 0 {
            let (rows, lhs) = (w.rows, &w.lhs);
            w.off.retain(|&e| rows[e].off(lhs[e]) > 0);
        }
        if w.off.is_empty() {
            break;
        }
        let e = w.off[rng.below(w.off.len())];
        if w.rows[e].off(w.lhs[e]) == 0 {
            continue;
        }
        let moves = w.moves(e, rng);
        let Some((worse, _, v, d)) = w.single(&moves, rng) else {
            continue;
        };
        if worse <= 0 {
            w.apply(v, d);
            continue;
        }
        if let Some((c, chain)) = w.chain(&moves, DEPTH, rng) {
            if c <= 0 {
                for (u, du) in chain {
                    w.apply(u, du);
                }
                continue;
            }
        }
        // Stuck: the row weighs more, and a worse move now and then.
        w.weight[e] += 1;
        if rng.chance(10) {
            w.apply(v, d);
        }
    }
    let (rows, lhs) = (w.rows, &w.lhs);
    let held = (0..rows.len()).all(|e| rows[e].off(lhs[e]) == 0);
    held.then_some(w.x)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table of 4 × 5 cells with its row and column sums, and a cell it
    /// must leave at 0: the walk's answer meets every sum, computed here.
    #[test]
    fn a_table_is_rounded_to_its_margins() {
        let (rows_n, cols_n) = (4, 5);
        let rows_sum = [7i64, 3, 12, 5];
        let cols_sum = [6i64, 4, 9, 2, 6];
        let cell = |r: usize, c: usize| r * cols_n + c;
        let mut rows = Vec::new();
        for (r, &sum) in rows_sum.iter().enumerate() {
            let terms = (0..cols_n).map(|c| (cell(r, c), 1)).collect();
            rows.push(Row {
                terms,
                op: ComparisonOp::Eq,
                rhs: sum,
            });
        }
        for (c, &sum) in cols_sum.iter().enumerate() {
            let terms = (0..rows_n).map(|r| (cell(r, c), 1)).collect();
            rows.push(Row {
                terms,
                op: ComparisonOp::Eq,
                rhs: sum,
            });
        }
        rows.push(Row {
            terms: vec![(cell(1, 2), 1)],
            op: ComparisonOp::Le,
            rhs: 0,
        });
        // The natural table: each cell its row's share of its column.
        let start: Vec<i64> = (0..rows_n * cols_n)
            .map(|i| (rows_sum[i / cols_n] * cols_sum[i % cols_n]) as f64 / 31.0)
            .map(|x| x.round() as i64)
            .collect();
        let bounds = vec![(0, 12); rows_n * cols_n];
        let x = walk(&bounds, &start, &rows, &mut Rng(7), 1_000_000).expect("a rounding");
        for (r, &sum) in rows_sum.iter().enumerate() {
            assert_eq!((0..cols_n).map(|c| x[cell(r, c)]).sum::<i64>(), sum);
        }
        for (c, &sum) in cols_sum.iter().enumerate() {
            assert_eq!((0..rows_n).map(|r| x[cell(r, c)]).sum::<i64>(), sum);
        }
        assert_eq!(x[cell(1, 2)], 0);
        assert!(x.iter().all(|&v| (0..=12).contains(&v)));
    }

    /// Rows no integers meet (x + y = 1 and x = y): the walk says so.
    #[test]
    fn rows_without_an_integer_point_give_none() {
        let rows = [
            Row {
                terms: vec![(0, 1), (1, 1)],
                op: ComparisonOp::Eq,
                rhs: 1,
            },
            Row {
                terms: vec![(0, 1), (1, -1)],
                op: ComparisonOp::Eq,
                rhs: 0,
            },
        ];
        assert!(walk(&[(0, 1), (0, 1)], &[0, 0], &rows, &mut Rng(1), 100_000).is_none());
    }
}
