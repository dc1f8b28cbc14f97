//! Load benchmark of the portal on loopback: `cargo bench --bench serve`.
//!
//! Builds a SQLite workspace of `TANA_BENCH_NEEDS` needs (default 10^6;
//! numbered States, each publishing its executive summary, which names
//! every need), serves it, and runs a bounded loop of its own: four
//! clients on keep-alive connections, `TANA_BENCH_REQUESTS` requests in
//! all (default 4,000) for each of the home page, the finder (`/needs`)
//! and the data API, and a tenth as many for the finder's CSV download. "kept": eight different queries, answered from what the server
//! keeps; "fresh": a query not asked before each time (an extra field the
//! server ignores), so each answer is computed. Prints requests per second
//! and latency percentiles as a Markdown table.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Instant;

use tana::reference::Reference;
use tana::store::{self, Location};
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

/// The finder (`/needs`): filters, words, sorting and pages.
const NEEDS_QUERIES: [&str; 8] = [
    "",
    "?article=16",
    "?q=witness",
    "?region=APG&status=open",
    "?sort=date&page=3",
    "?type=capacity_building&per=100",
    "?state=B0000007&state=B0000008",
    "?q=bribery+foreign&sort=article",
];

/// The finder's downloads: every need a query finds, over all pages.
const DOWNLOAD_QUERIES: [&str; 4] = [
    "?article=16",
    "?region=APG&article=32",
    "?q=witness&type=capacity_building",
    "?state=B0000007",
];

fn request(reader: &mut BufReader<TcpStream>, path: &str) -> usize {
    write!(
        reader.get_mut(),
        "GET {path} HTTP/1.1\r\nHost: tana\r\n\r\n"
    )
    .unwrap();
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 200"), "{path}: {line}");
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

/// `fresh`: every request asks for a query not asked before, so no answer
/// comes from what the server keeps.
fn load(
    addr: SocketAddr,
    route: &'static str,
    queries: &'static [&'static str],
    fresh: bool,
    total: usize,
) {
    let clients = 4usize;
    {
        let mut r = BufReader::new(TcpStream::connect(addr).unwrap());
        for q in queries {
            request(&mut r, &format!("{route}{q}"));
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
                    let q = queries[(i + c) % queries.len()];
                    let path = if fresh {
                        let sep = if q.is_empty() { '?' } else { '&' };
                        format!("{route}{q}{sep}bench={c}-{i}")
                    } else {
                        format!("{route}{q}")
                    };
                    let t = Instant::now();
                    request(&mut r, &path);
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
        "| {route} | {} | {} | {:.0} | {:.2} ms | {:.2} ms | {:.2} ms |",
        if fresh { "fresh" } else { "kept" },
        all.len(),
        all.len() as f64 / elapsed,
        pct(0.5),
        pct(0.99),
        all[all.len() - 1]
    );
}

/// A workspace of `n` needs: numbered States in the five groups, each
/// naming up to 150 (article, type) pairs in its published executive
/// summary.
fn workspace(dir: &std::path::Path, n: usize) -> Location {
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
    let reviews = dir.join("reviews.csv");
    let needs = dir.join("needs.csv");
    {
        let mut r = std::io::BufWriter::new(std::fs::File::create(&reviews).unwrap());
        writeln!(r, "state,cycle,completed,documents,published").unwrap();
        for code in &codes {
            writeln!(
                r,
                "{code},1,2013-01-01,self_assessment;country_report;executive_summary,executive_summary"
            )
            .unwrap();
        }
        let mut w = std::io::BufWriter::new(std::fs::File::create(&needs).unwrap());
        writeln!(w, "state,cycle,article,type,source").unwrap();
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
                writeln!(
                    w,
                    "{code},1,{},{},executive_summary",
                    15 + slot / 9,
                    types[slot % 9]
                )
                .unwrap();
                written += 1;
            }
        }
    }
    let location = Location::Sqlite(dir.join("bench.db"));
    let mut store = store::create(&location, &reference).unwrap();
    let prepared = tana::import::prepare(
        &reference,
        &[reviews.as_path(), needs.as_path()],
        None,
        false,
    )
    .unwrap();
    assert!(prepared.errors.is_empty(), "{:?}", &prepared.errors[..1]);
    store
        .import(
            &reference,
            &prepared.batch,
            tana::store::Author {
                who: "bench",
                at: 0,
            },
            "bench",
        )
        .unwrap();
    location
}

fn main() {
    let env = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (n, total) = (
        env("TANA_BENCH_NEEDS", 1_000_000),
        env("TANA_BENCH_REQUESTS", 4_000),
    );
    let dir = tempfile::tempdir().unwrap();
    let location = workspace(dir.path(), n);
    let addr = spawn(
        App::open(&location, false).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    println!("{n} needs, SQLite, four clients");
    println!();
    println!("| route | answers | requests | requests/s | p50 | p99 | slowest |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    for (route, queries) in [
        ("/", &QUERIES),
        ("/needs", &NEEDS_QUERIES),
        ("/api/v1/analysis", &QUERIES),
    ] {
        load(addr, route, queries, false, total);
        // Computing each answer takes far longer: a tenth as many.
        load(addr, route, queries, true, (total / 10).max(8));
    }
    // A download of every need found is larger than a page and, past the
    // kept answers' bound, computed each time: a tenth as many.
    load(
        addr,
        "/needs.csv",
        &DOWNLOAD_QUERIES,
        false,
        (total / 10).max(8),
    );
    load(
        addr,
        "/needs.csv",
        &DOWNLOAD_QUERIES,
        true,
        (total / 100).max(8),
    );
}
