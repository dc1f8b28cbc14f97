//! The rebuild on thousands of consistent documents of every shape
//! (`tana::tables::shapes`): solve rate, median and slowest time per shape.
//!
//! `cargo bench --bench synth -- [CASES_PER_SHAPE] [FIRST_SEED]`; every
//! rebuilt data set is recounted cell by cell (`cells::evaluate`).

use std::time::Instant;

use tana::reference::Reference;
use tana::tables::{cells, shapes, solve, synth};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let per_shape: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(400);
    let first: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1);
    // A third argument picks one shape by name.
    let only = args.get(2).cloned();
    let reference = Reference::uncac();
    println!("synth: {per_shape} documents per shape, seeds from {first}");
    let mut all_times = Vec::new();
    let mut all_failed = 0;
    for shape in shapes::Shape::ALL {
        if only.as_deref().is_some_and(|o| o != shape.name()) {
            continue;
        }
        let mut times = Vec::new();
        let mut failed = Vec::new();
        let mut slowest = (0.0f64, 0u64);
        for seed in first..first + per_shape {
            let case = shapes::case(shape, seed, &reference);
            let start = Instant::now();
            let result = synth::synth(&case.published, &reference, 1);
            let secs = start.elapsed().as_secs_f64();
            times.push(secs);
            if secs > 1.0 {
                println!("    {} seed {seed}: {secs:.1} s", shape.name());
            }
            if secs > slowest.0 {
                slowest = (secs, seed);
            }
            match result {
                Ok(rebuilt) => {
                    if let Some(wrong) = recount(&case.published, &rebuilt) {
                        failed.push(format!("seed {seed}: recount: {wrong}"));
                    }
                }
                Err(e) => {
                    // Why the exact method handed over, if it did.
                    let exact = match solve::rebuild(&case.published, &reference, 1) {
                        solve::Outcome::Found(_) => "found".to_string(),
                        solve::Outcome::Impossible(w) | solve::Outcome::OutOfBudget(w) => w,
                    };
                    failed.push(format!(
                        "seed {seed}: {} [exact: {}]",
                        e.to_string()
                            .lines()
                            .take(3)
                            .collect::<Vec<_>>()
                            .join(" / "),
                        exact.lines().take(4).collect::<Vec<_>>().join(" / ")
                    ))
                }
            }
        }
        times.sort_by(f64::total_cmp);
        use std::io::Write as _;
        let _ = std::io::stdout().flush();
        println!(
            "{:8} solved {:5}/{:<5} median {:7.1} ms  slowest {:7.1} ms (seed {})",
            shape.name(),
            per_shape as usize - failed.len(),
            per_shape,
            times[times.len() / 2] * 1e3,
            slowest.0 * 1e3,
            slowest.1
        );
        for f in failed.iter().take(5) {
            println!("    {f}");
        }
        all_failed += failed.len();
        all_times.extend(times);
    }
    all_times.sort_by(f64::total_cmp);
    println!(
        "all      solved {:5}/{:<5} median {:7.1} ms  slowest {:7.1} ms",
        all_times.len() - all_failed,
        all_times.len(),
        all_times[all_times.len() / 2] * 1e3,
        all_times.last().copied().unwrap_or(0.0) * 1e3
    );
}

/// The first kept number the records do not give back, if any.
fn recount(p: &tana::tables::Published, rebuilt: &synth::Rebuilt) -> Option<String> {
    let frame = cells::Frame::new(p, &rebuilt.reference);
    frame.cells(p).into_iter().find_map(|c| {
        if rebuilt.audit.dropped_cells.contains(&c.id) {
            return None;
        }
        let got = cells::evaluate(
            &frame,
            &c.canon,
            c.measure,
            &rebuilt.registry,
            p.document.cycle,
        );
        (got != c.value).then(|| format!("{} wanted {}, got {got}", c.id, c.value))
    })
}
