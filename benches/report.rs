//! Report and rebuild benchmark: `cargo bench --bench report`.
//!
//! Measures what a user waits for: `synth` on the seed note (ten seeds),
//! the demo's report in each format, and a report over 10^6 needs read
//! from SQLite (what `tana report` does end to end). Prints a table.

use std::time::Instant;

use tana::analysis::{Sample, analyse};
use tana::records::{Need, Registry, Review, Sources};
use tana::reference::Reference;
use tana::report;
use tana::store::sqlite::SqliteStore;
use tana::store::{Detail, Store};
use tana::tables;

/// The median and the slowest of some runs, in milliseconds.
fn timed(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    t.sort_by(f64::total_cmp);
    (t[t.len() / 2], t[t.len() - 1])
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let reference = Reference::uncac();
    let seed_note = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/seed-note-2014.tables.toml"
    ))
    .unwrap();
    let published = tables::parse(&seed_note, "seed", &reference).unwrap();
    println!("| what | median | slowest |");
    println!("|---|---:|---:|");

    let mut seed = 0;
    let mut rebuilt = None;
    let (median, slowest) = timed(10, || {
        seed += 1;
        rebuilt = Some(tables::synth::synth(&published, &reference, seed).unwrap());
    });
    println!("| synth on the seed note (seeds 1 to 10) | {median:.1} ms | {slowest:.1} ms |");

    // The demo's workspace, then its report as `tana report` makes it.
    let rebuilt = tables::synth::synth(&published, &reference, 1).unwrap();
    let db = dir.path().join("demo.db");
    let mut store = SqliteStore::create(&db, &rebuilt.reference).unwrap();
    store
        .replace_all(&rebuilt.reference, &rebuilt.registry, None)
        .unwrap();
    drop(store);
    let sample = Sample {
        cycle: 1,
        ..Sample::default()
    };
    let options = report::Options {
        articles: Some(vec![16, 21, 31, 32, 44]),
        ..report::Options::default()
    };
    let note = |db: &std::path::Path| {
        let mut store = SqliteStore::open(db).unwrap();
        let reference = store.reference().unwrap();
        let registry = store.registry(&reference, Detail::Counts).unwrap();
        let a = analyse(&registry, &reference, &sample, 30);
        (report::build(&a, &reference, &options), a)
    };
    let (median, slowest) = timed(20, || {
        let (r, _) = note(&db);
        std::fs::write(dir.path().join("demo.html"), report::html::render(&r)).unwrap();
    });
    println!("| demo report, HTML, from SQLite | {median:.1} ms | {slowest:.1} ms |");
    let (median, slowest) = timed(20, || {
        let (r, _) = note(&db);
        tana::export::write_xlsx(&report::sheets(&r), &dir.path().join("demo.xlsx")).unwrap();
    });
    println!("| demo report, XLSX, from SQLite | {median:.1} ms | {slowest:.1} ms |");
    let (median, slowest) = timed(20, || {
        let (r, a) = note(&db);
        let _ = serde_json::to_string(&r).unwrap();
        let _ = tables::to_toml(&report::to_published(&r, &a));
    });
    println!("| demo report, JSON and tables, from SQLite | {median:.1} ms | {slowest:.1} ms |");

    // 10^6 needs: numbered States, each naming 150 (article, type) pairs.
    let n = 1_000_000usize;
    let mut big = Reference::uncac();
    let regions = ["AFR", "APG", "EEG", "GRULAC", "WEOG"];
    let states = n.div_ceil(150);
    let mut registry = Registry::default();
    for i in 0..states {
        big.states.push(tana::reference::StateParty {
            code: format!("B{i:07}"),
            name: format!("Bench State {i}"),
            region: Some(regions[i % 5].to_string()),
            aliases: Vec::new(),
        });
    }
    big.reindex();
    for i in 0..states {
        registry.reviews.push(Review {
            state: big.find_state(&format!("B{i:07}")).unwrap(),
            cycle: 1,
            completed: None,
            documents: Sources::default(),
            published: Sources::default(),
            shared_with_providers: false,
        });
        for k in 0..324usize {
            if registry.needs.len() == n {
                break;
            }
            let slot = (k * 7 + i) % 324;
            if (slot + i) % 324 >= 150 {
                continue;
            }
            registry.needs.push(Need {
                review: i as u32,
                article: 15 + (slot / 9) as u8,
                need_type: (slot % 9) as u8,
                sources: Sources::default(),
                addressed: false,
            });
        }
    }
    let db = dir.path().join("big.db");
    let mut store = SqliteStore::create(&db, &big).unwrap();
    store.replace_all(&big, &registry, None).unwrap();
    drop(store);
    let options = report::Options::default();
    let (median, slowest) = timed(5, || {
        let mut store = SqliteStore::open(&db).unwrap();
        let reference = store.reference().unwrap();
        let registry = store.registry(&reference, Detail::Counts).unwrap();
        let a = analyse(&registry, &reference, &sample, 30);
        assert_eq!(a.all().total.needs as usize, n);
        let r = report::build(&a, &reference, &options);
        std::fs::write(dir.path().join("big.html"), report::html::render(&r)).unwrap();
    });
    println!("| report over 10^6 needs, HTML, from SQLite | {median:.0} ms | {slowest:.0} ms |");
}
