//! Scale benchmark: import from CSV and analyse synthetic data of 10^4 to
//! 10^7 needs. Run with `cargo bench --bench scale` (sizes up to 10^6) or
//! `TANA_BENCH_MAX=10000000 cargo bench --bench scale`. Prints a table of
//! import throughput, load time, analysis time and peak memory.

use std::io::Write;
use std::time::Instant;

use tana::analysis::{Sample, analyse};
use tana::import;
use tana::reference::Reference;
use tana::store::sqlite::SqliteStore;
use tana::store::{Detail, Store};

/// Peak resident memory of this process so far, in MiB.
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|v| v.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

fn main() {
    let max: usize = std::env::var("TANA_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    println!(
        "| needs | States | CSV import | needs/s | load from SQLite | analysis | peak memory |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    let mut n = 10_000;
    while n <= max {
        // Real States run out long before 10^7 needs (at most 36 × 9 per
        // review), so the benchmark sets up numbered States of its own.
        let mut reference = Reference::uncac();
        let states = n.div_ceil(150);
        let regions = ["AFR", "APG", "EEG", "GRULAC", "WEOG"];
        let mut codes = Vec::with_capacity(states);
        for i in 0..states {
            let code = format!("B{i:07}");
            reference.states.push(tana::reference::StateParty {
                code: code.clone(),
                name: format!("Bench State {i}"),
                region: Some(regions[i % 5].to_string()),
                aliases: Vec::new(),
            });
            codes.push(code);
        }
        reference.reindex();
        let types: Vec<String> = reference.types(1).iter().map(|t| t.code.clone()).collect();
        let csv_path = dir.path().join(format!("needs-{n}.csv"));
        {
            let mut w = std::io::BufWriter::new(std::fs::File::create(&csv_path).unwrap());
            writeln!(w, "state,cycle,article,type").unwrap();
            // A deterministic spread: each State names 150 (article, type) pairs.
            let mut written = 0;
            'outer: for (s, code) in codes.iter().enumerate() {
                for k in 0..324usize {
                    if written == n {
                        break 'outer;
                    }
                    let slot = (k * 7 + s) % 324;
                    if (slot + s) % 324 >= 150 {
                        continue;
                    }
                    writeln!(w, "{code},1,{},{}", 15 + slot / 9, types[slot % 9]).unwrap();
                    written += 1;
                }
            }
        }
        let db = dir.path().join(format!("bench-{n}.db"));
        let mut store = SqliteStore::create(&db, &reference).unwrap();
        let t = Instant::now();
        let prepared = import::prepare(&reference, &[csv_path.as_path()], None, false).unwrap();
        assert!(prepared.errors.is_empty(), "{:?}", &prepared.errors[..1]);
        store
            .import(
                &reference,
                &prepared.batch,
                tana::store::Author { who: "test", at: 0 },
                "test",
            )
            .unwrap();
        let import_s = t.elapsed().as_secs_f64();
        let loaded = prepared.batch.registry.needs.len();
        drop(prepared);
        let t = Instant::now();
        let registry = store.registry(&reference, Detail::Counts).unwrap();
        let load_s = t.elapsed().as_secs_f64();
        assert_eq!(registry.needs.len(), loaded);
        let sample = Sample {
            cycle: 1,
            ..Sample::default()
        };
        // The best of three runs, so that one page fault does not decide.
        let mut best = f64::MAX;
        let mut total = 0;
        for _ in 0..3 {
            let t = Instant::now();
            let a = analyse(&registry, &reference, &sample, 30);
            best = best.min(t.elapsed().as_secs_f64());
            total = a.all().total.needs;
        }
        assert_eq!(total as usize, loaded);
        println!(
            "| {n} | {states} | {import_s:.2} s | {:.0} | {load_s:.2} s | {:.1} ms | {:.0} MiB |",
            loaded as f64 / import_s,
            best * 1000.0,
            peak_mib()
        );
        drop(registry);
        drop(store);
        let _ = std::fs::remove_file(&db);
        let _ = std::fs::remove_file(&csv_path);
        n *= 10;
    }
}
