//! Load benchmark of the dashboard's data API on loopback:
//! `cargo bench --bench serve`.
//!
//! Serves the demo workspace from SQLite, and from PostgreSQL when one
//! answers at `TANA_BENCH_POSTGRES` (default the local server), then runs a
//! bounded loop of its own: four clients on keep-alive connections, each
//! sending its share of 40,000 requests for eight different samples (then
//! again with a different sample each time, so that no answer comes from
//! the server's cache). Prints requests per second and latency percentiles.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Instant;

use tana::reference::Reference;
use tana::store::{self, Location};
use tana::tables;
use tana::web::{App, spawn};

const QUERIES: [&str; 8] = [
    "",
    "?chapters=III",
    "?chapters=IV",
    "?regions=APG",
    "?regions=AFR,EEG",
    "?as_of=2014-04-28",
    "?chapters=III&regions=GRULAC",
    "?threshold=20",
];

fn request(reader: &mut BufReader<TcpStream>, path: &str) -> usize {
    write!(
        reader.get_mut(),
        "GET /api/v1/analysis{path} HTTP/1.1\r\nHost: tana\r\n\r\n"
    )
    .unwrap();
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    let mut length = 0;
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    length
}

/// `fresh`: every request asks for a sample not asked for recently, so no
/// answer comes from the server's cache.
fn load(addr: SocketAddr, label: &str, fresh: bool) {
    let (clients, total) = (4usize, 40_000usize);
    // Warm up: every query once.
    {
        let mut r = BufReader::new(TcpStream::connect(addr).unwrap());
        for q in QUERIES {
            request(&mut r, q);
        }
    }
    let start = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            std::thread::spawn(move || {
                let stream = TcpStream::connect(addr).unwrap();
                stream.set_nodelay(true).unwrap();
                let mut r = BufReader::new(stream);
                let mut latencies = Vec::with_capacity(total / clients);
                for i in 0..total / clients {
                    let t = Instant::now();
                    if fresh {
                        request(
                            &mut r,
                            &format!("?threshold={}", 1000 + (i * clients + c) % 5000),
                        );
                    } else {
                        request(&mut r, QUERIES[(i + c) % QUERIES.len()]);
                    }
                    latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                latencies
            })
        })
        .collect();
    let mut all: Vec<f64> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let elapsed = start.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
    println!(
        "| {label} | {} | {:.0} | {:.2} ms | {:.2} ms | {:.2} ms |",
        all.len(),
        all.len() as f64 / elapsed,
        pct(0.5),
        pct(0.99),
        all[all.len() - 1]
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let reference = Reference::uncac();
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/seed-note-2014.tables.toml"
    ))
    .unwrap();
    let published = tables::parse(&seed, "seed", &reference).unwrap();
    let rebuilt = tables::synth::synth(&published, &reference, 1).unwrap();
    println!("| store | requests | requests/s | p50 | p99 | slowest |");
    println!("|---|---:|---:|---:|---:|---:|");

    let sqlite = Location::Sqlite(dir.path().join("demo.db"));
    let mut s = store::create(&sqlite, &rebuilt.reference).unwrap();
    s.replace_all(&rebuilt.reference, &rebuilt.registry, None)
        .unwrap();
    drop(s);
    let addr = spawn(
        App::open(&sqlite, false).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    load(addr, "SQLite", false);
    load(addr, "SQLite, no answer cached", true);

    let server = std::env::var("TANA_BENCH_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let Ok(mut admin) = postgres::Client::connect(&server, postgres::NoTls) else {
        println!("| PostgreSQL | not reachable at {server} | | | | |");
        return;
    };
    let name = format!("tana_bench_{}", std::process::id());
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let url = format!("{}/{name}", server.rsplit_once('/').unwrap().0);
    let pg = Location::Postgres(url);
    let mut s = store::create(&pg, &rebuilt.reference).unwrap();
    s.replace_all(&rebuilt.reference, &rebuilt.registry, None)
        .unwrap();
    drop(s);
    let addr = spawn(
        App::open(&pg, false).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    load(addr, "PostgreSQL", false);
    load(addr, "PostgreSQL, no answer cached", true);
    let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
}
