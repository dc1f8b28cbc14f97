//! The programme over the counts solved by COIN-OR's CBC, when its `cbc`
//! program is installed (Debian's `coinor-cbc`); microlp otherwise.
//!
//! microlp decides the programmes of most documents in a few nodes, but
//! some (a random part of the tables, seed 237 of the bench) it leaves
//! undecided after 300 nodes and seconds, where CBC's presolve and cuts
//! solve them at the root in a tenth of a second. CBC is a C++ library;
//! linking it would make every build need its headers, and building it or
//! HiGHS from source costs minutes of C++ on two cores. So tana writes the
//! programme as an LP file, runs `cbc` on it (one thread, a node limit, no
//! clock, so the same programme gives the same answer), and reads the
//! solution back. An answer is taken only when it holds: every value a
//! whole number within its bounds, every row met, checked here; CBC's
//! word is taken only for "infeasible", which is what a proof of no
//! solution is.
//!
//! `TANA_CBC` names the program (`TANA_CBC=none`: microlp always).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use microlp::ComparisonOp;

use super::round::Row;

/// A programme in whole numbers: minimise `costs · x` with every `x`
/// an integer within its bounds and every row held.
pub struct Programme<'p> {
    pub costs: &'p [f64],
    pub bounds: &'p [(i64, i64)],
    pub rows: &'p [Row],
}

/// What CBC said.
pub enum Answer {
    /// A point meeting every row, and the nodes CBC spent.
    Solution(Vec<i64>, u64),
    /// No integer point meets the rows.
    Infeasible(u64),
    /// Neither, within the nodes given.
    Undecided(u64),
}

/// The `cbc` program, if there is one.
fn program() -> Option<&'static Path> {
    static PROGRAM: OnceLock<Option<PathBuf>> = OnceLock::new();
    PROGRAM
        .get_or_init(|| match std::env::var_os("TANA_CBC") {
            Some(p) if p == "none" => None,
            Some(p) => Some(PathBuf::from(p)),
            None => std::env::var_os("PATH").and_then(|path| {
                std::env::split_paths(&path)
                    .map(|d| d.join("cbc"))
                    .find(|p| p.is_file())
            }),
        })
        .as_deref()
}

/// Whether programmes go to CBC.
pub fn available() -> bool {
    program().is_some()
}

/// Solves `p` within `nodes` branch-and-bound nodes; with `any`, the first
/// point found will do, without it only the optimum. `None` when there is no `cbc`, or it could not be
/// run or read: the caller then uses microlp.
pub fn solve(p: &Programme<'_>, nodes: u64, any: bool) -> Option<Answer> {
    let program = program()?;
    let dir = Scratch::new()?;
    std::fs::write(dir.0.join("p.lp"), lp_file(p)).ok()?;
    let mut command = Command::new(program);
    command
        .current_dir(&dir.0)
        .args(["p.lp", "-threads", "1", "-maxNodes", &nodes.to_string()]);
    if any {
        command.args(["-allowableGap", "1e18"]);
    }
    let out = command
        .args(["-solve", "-solution", "s.txt", "-quit"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let log = String::from_utf8_lossy(&out.stdout);
    let spent = log
        .lines()
        .find_map(|l| l.strip_prefix("Enumerated nodes:"))
        .and_then(|n| n.trim().parse::<u64>().ok())
        .map_or(nodes + 1, |n| n + 1);
    let text = std::fs::read_to_string(dir.0.join("s.txt")).ok()?;
    let status = text.lines().next()?;
    if status.starts_with("Infeasible") || status.starts_with("Integer infeasible") {
        return Some(Answer::Infeasible(spent));
    }
    // A bound asked for is the optimum, not any point CBC stopped at.
    match point(p, &text) {
        Some(x) if any || status.starts_with("Optimal") => Some(Answer::Solution(x, spent)),
        _ => Some(Answer::Undecided(spent)),
    }
}

/// The values of a solution file, when they are a point of `p`.
fn point(p: &Programme<'_>, text: &str) -> Option<Vec<i64>> {
    let mut x = vec![0i64; p.bounds.len()];
    for line in text.lines().skip(1) {
        // `index name value reduced-cost`, `**` before a value off its bounds.
        let mut words = line.split_whitespace().filter(|w| *w != "**");
        let (_, name, value) = (words.next()?, words.next()?, words.next()?);
        let i: usize = name.strip_prefix('x')?.parse().ok()?;
        let v: f64 = value.parse().ok()?;
        let r = v.round();
        if (v - r).abs() > 1e-6 || i >= x.len() {
            return None;
        }
        x[i] = r as i64;
    }
    let in_bounds = x
        .iter()
        .zip(p.bounds)
        .all(|(&v, &(lo, hi))| lo <= v && v <= hi);
    let held = p
        .rows
        .iter()
        .all(|row| row.off(row.terms.iter().map(|&(v, c)| c * x[v]).sum()) == 0);
    (in_bounds && held).then_some(x)
}

/// The programme in CPLEX's LP format, the unknowns named `x0`, `x1`…
fn lp_file(p: &Programme<'_>) -> String {
    let mut out = String::with_capacity(64 * (p.rows.len() + p.bounds.len()));
    out.push_str("Minimize\n obj:");
    let mut costs = p
        .costs
        .iter()
        .enumerate()
        .filter(|(_, c)| **c != 0.0)
        .peekable();
    if costs.peek().is_none() {
        out.push_str(" 0 x0");
    }
    for (i, &c) in costs {
        let _ = write!(out, " {} {} x{i}", if c < 0.0 { '-' } else { '+' }, c.abs());
    }
    out.push_str("\nSubject To\n");
    for (i, row) in p.rows.iter().enumerate() {
        let _ = write!(out, " c{i}:");
        if row.terms.is_empty() {
            out.push_str(" 0 x0");
        }
        for &(v, c) in &row.terms {
            let _ = write!(out, " {} {} x{v}", if c < 0 { '-' } else { '+' }, c.abs());
        }
        let op = match row.op {
            ComparisonOp::Eq => "=",
            ComparisonOp::Le => "<=",
            ComparisonOp::Ge => ">=",
        };
        let _ = writeln!(out, " {op} {}", row.rhs);
    }
    out.push_str("Bounds\n");
    for (i, &(lo, hi)) in p.bounds.iter().enumerate() {
        let _ = writeln!(out, " {lo} <= x{i} <= {hi}");
    }
    out.push_str("General\n");
    for i in 0..p.bounds.len() {
        let _ = writeln!(out, " x{i}");
    }
    out.push_str("End\n");
    out
}

/// A folder of this process's own for one solve, removed after it.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Option<Scratch> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("tana-cbc-{}-{n}", std::process::id()));
        // Made new, never reused: a folder of that name left by another
        // process is not written into.
        std::fs::create_dir(&dir).ok()?;
        Some(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(terms: &[(usize, i64)], op: ComparisonOp, rhs: i64) -> Row {
        Row {
            terms: terms.to_vec(),
            op,
            rhs,
        }
    }

    #[test]
    fn a_solution_is_taken_only_when_it_holds() {
        let rows = [
            row(&[(0, 1), (1, 1)], ComparisonOp::Eq, 3),
            row(&[(1, 1)], ComparisonOp::Le, 2),
        ];
        let p = Programme {
            costs: &[0.0, -1.0],
            bounds: &[(0, 5), (0, 5)],
            rows: &rows,
        };
        let file = "Optimal - objective value -2\n      0 x0   1   0\n      1 x1   2   0\n";
        assert_eq!(point(&p, file), Some(vec![1, 2]));
        // Off a row, off a bound, not whole: no point.
        assert_eq!(point(&p, "Optimal\n 0 x0 2 0\n 1 x1 2 0\n"), None);
        assert_eq!(point(&p, "Optimal\n 0 x0 -1 0\n 1 x1 4 0\n"), None);
        assert_eq!(point(&p, "Optimal\n 0 x0 1.5 0\n 1 x1 1.5 0\n"), None);
        let lp = lp_file(&p);
        assert!(lp.contains(" c0: + 1 x0 + 1 x1 = 3\n"), "{lp}");
        assert!(lp.contains("obj: - 1 x1\n"), "{lp}");
    }

    #[test]
    fn cbc_solves_and_proves_infeasible_when_installed() {
        if !available() {
            return;
        }
        let rows = [
            row(&[(0, 2), (1, 2)], ComparisonOp::Eq, 6),
            row(&[(0, 1)], ComparisonOp::Le, 1),
        ];
        let p = Programme {
            costs: &[0.0, 0.0],
            bounds: &[(0, 5), (0, 5)],
            rows: &rows,
        };
        match solve(&p, 10, true) {
            Some(Answer::Solution(x, _)) => assert!(x[0] + x[1] == 3 && x[0] <= 1, "{x:?}"),
            _ => panic!("no solution"),
        }
        let odd = [row(&[(0, 2), (1, 2)], ComparisonOp::Eq, 5)];
        let q = Programme { rows: &odd, ..p };
        assert!(matches!(solve(&q, 10, true), Some(Answer::Infeasible(_))));
    }
}
