//! The input fuzzer: random mutations of real inputs, each run through the
//! real binary in a child process with a memory limit and a time-out.
//!
//! An allocation failure aborts and a hang never returns, so neither can be
//! caught inside the test process: every case is `tana import`, `tana audit`
//! or `tana synth` in `sh -c 'ulimit -v …; exec tana …'`, and a case fails
//! when it dies by a signal, exits other than 0, 1 or 2, prints "panicked",
//! or outlives the time-out. The normal run tries a few hundred cases and
//! replays every input kept in `tests/data/fuzz/`; a longer run is
//! `TANA_FUZZ_CASES=10000 cargo test --release --test it fuzz -- --ignored --nocapture`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::{Dir, project, s};

/// Address space for one case: enough for tana, far below a 512 GiB grid.
const MEMORY_KB: u64 = 2_000_000;
const TIME_OUT: Duration = Duration::from_secs(30);

/// xorshift64*: small, seedable, enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// What a case ended as, when it is a failure.
fn failure(dir: &Path, template: &Path, file: &Path) -> Option<String> {
    let name = file.to_string_lossy();
    let command = if name.ends_with(".toml") {
        if file.to_string_lossy().len() % 2 == 0 {
            "audit"
        } else {
            "synth"
        }
    } else {
        "import"
    };
    let db = dir.join("case.db");
    std::fs::copy(template, &db).expect("copy the workspace");
    let script = format!("ulimit -v {MEMORY_KB}; exec \"$0\" \"$@\"");
    let mut child = std::process::Command::new("sh")
        .args(["-c", &script])
        .arg(crate::tana_bin())
        .args(["--db", s(&db), command, s(file)])
        .current_dir(dir)
        .env("TANA_SYNTH_BUDGET", "5")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("sh runs");
    let started = Instant::now();
    let mut stderr = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if started.elapsed() > TIME_OUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let err = reader.join().unwrap_or_default();
    use std::os::unix::process::ExitStatusExt;
    let verdict = match status {
        None => format!("ran past {} s", TIME_OUT.as_secs()),
        Some(st) if st.signal().is_some() => {
            format!("killed by signal {}", st.signal().unwrap_or(0))
        }
        // 3: synth ran out of its budget, which it may on a mangled document.
        Some(st) if !matches!(st.code(), Some(0..=3)) => format!("exit {:?}", st.code()),
        Some(_) if err.contains("panicked") => "panicked".to_string(),
        Some(_) => return None,
    };
    let first = err
        .lines()
        .find(|l| l.contains("panicked") || l.contains("error"))
        .unwrap_or("");
    Some(format!("tana {command} {name}: {verdict} {first}"))
}

/// The inputs mutations start from: (extension, bytes).
fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let read = |p: &str| std::fs::read(project(p)).expect("a seed file");
    vec![
        ("csv", read("examples/reviews.csv")),
        ("csv", read("examples/needs.csv")),
        ("csv", read("examples/challenges.csv")),
        ("csv", read("examples/good_practices.csv")),
        ("json", read("examples/records.json")),
        ("xlsx", read("examples/records.xlsx")),
        ("ods", read("tests/data/needs.ods")),
        ("tables.toml", read("data/seed-note-2014.tables.toml")),
    ]
}

const ABSURD: [&str; 10] = [
    "0",
    "-1",
    "4294967295",
    "4294967296",
    "1e9",
    "99999999999999999999",
    "1048576",
    "16384",
    "NaN",
    "",
];
const ODD: [&str; 9] = [
    "\0", "\r", "\u{feff}", "\"", ",", ";", "=1+1", "\u{202e}", "\n\n",
];

/// One mutation of a text: bytes, lines, cells or numbers.
fn mutate_text(text: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut t = text.to_vec();
    match rng.below(8) {
        0 if !t.is_empty() => {
            let i = rng.below(t.len());
            t[i] = rng.next() as u8;
        }
        1 => {
            let lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
            let i = rng.below(lines.len());
            let mut out: Vec<&[u8]> = lines.clone();
            if rng.below(2) == 0 {
                out.remove(i);
            } else {
                for _ in 0..rng.below(50) {
                    out.insert(i, lines[i]);
                }
            }
            t = out.join(&b'\n');
        }
        2 | 3 => {
            // A number replaced by an absurd one.
            let digits: Vec<usize> = (0..t.len()).filter(|&i| t[i].is_ascii_digit()).collect();
            if let Some(&at) = digits.get(rng.below(digits.len())) {
                let end = (at..t.len())
                    .find(|&i| !t[i].is_ascii_digit())
                    .unwrap_or(t.len());
                let with = ABSURD[rng.below(ABSURD.len())].as_bytes();
                t.splice(at..end, with.iter().copied());
            }
        }
        4 => {
            let at = rng.below(t.len() + 1);
            let with = ODD[rng.below(ODD.len())].as_bytes();
            t.splice(at..at, with.iter().copied());
        }
        5 => t.truncate(rng.below(t.len() + 1)),
        6 => {
            // Cells swapped within the text (separators kept).
            let cells: Vec<(usize, usize)> = cell_spans(&t);
            if cells.len() > 1 {
                let (a, b) = (cells[rng.below(cells.len())], cells[rng.below(cells.len())]);
                let (a, b) = if a.0 <= b.0 { (a, b) } else { (b, a) };
                if a.1 <= b.0 {
                    let (x, y) = (t[a.0..a.1].to_vec(), t[b.0..b.1].to_vec());
                    t.splice(b.0..b.1, x);
                    t.splice(a.0..a.1, y);
                }
            }
        }
        _ => {
            let at = rng.below(t.len() + 1);
            let n = rng.below(64);
            let noise: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            t.splice(at..at, noise);
        }
    }
    t
}

fn cell_spans(t: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, &b) in t.iter().enumerate() {
        if matches!(b, b',' | b'\n' | b'<' | b'>' | b'"') {
            if i > start {
                spans.push((start, i));
            }
            start = i + 1;
        }
    }
    spans
}

/// A zipped workbook with one XML entry mutated (or the zip's bytes).
fn mutate_zip(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return mutate_text(bytes, rng);
    };
    if rng.below(10) == 0 {
        return mutate_text(bytes, rng);
    }
    // A zip whose bytes an earlier mutation broke is mutated as bytes again.
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut data = Vec::new();
        let Ok(mut e) = archive.by_index(i) else {
            return mutate_text(bytes, rng);
        };
        if e.read_to_end(&mut data).is_err() {
            return mutate_text(bytes, rng);
        }
        let Ok(name) = e.name().map(|n| n.to_string()) else {
            return mutate_text(bytes, rng);
        };
        entries.push((name, data));
    }
    let xml: Vec<usize> = (0..entries.len())
        .filter(|&i| entries[i].0.ends_with(".xml"))
        .collect();
    if let Some(&i) = xml.get(rng.below(xml.len())) {
        for _ in 0..=rng.below(3) {
            entries[i].1 = mutate_text(&entries[i].1, rng);
        }
    }
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in &entries {
        out.start_file(name.as_str(), options).expect("an entry");
        out.write_all(data).expect("bytes");
    }
    out.finish().expect("a zip").into_inner()
}

/// A workspace to copy for every case.
fn template(d: &Dir) -> PathBuf {
    d.ok(&["init"]);
    d.db()
}

/// The cases a run from `seed` tries, in order: (file name, bytes). A case
/// depends only on the seed and the cases before it, so one can be rebuilt
/// alone (`nth`).
fn cases(seed: u64) -> impl Iterator<Item = (String, Vec<u8>)> {
    let mut rng = Rng(seed | 1);
    let seeds = seeds();
    (0..).map(move |case| {
        let (ext, base) = &seeds[rng.below(seeds.len())];
        let mut bytes = base.clone();
        for _ in 0..=rng.below(3) {
            bytes = if matches!(*ext, "xlsx" | "ods") {
                mutate_zip(&bytes, &mut rng)
            } else {
                mutate_text(&bytes, &mut rng)
            };
        }
        let kind = ["needs", "reviews", "records"][case % 3];
        (format!("case-{case}-{kind}.{ext}"), bytes)
    })
}

/// Runs `cases` random cases from `seed`; returns the failures.
fn run(cases: usize, seed: u64) -> Vec<String> {
    let d = Dir::new();
    let db = template(&d);
    let mut failures = Vec::new();
    for (name, bytes) in self::cases(seed).take(cases) {
        let file = d.path(&name);
        std::fs::write(&file, &bytes).expect("write a case");
        match failure(d.dir.path(), &db, &file) {
            Some(f) => {
                let kept = std::env::temp_dir().join(file.file_name().unwrap());
                let _ = std::fs::copy(&file, &kept);
                failures.push(format!("{f} (input kept at {})", kept.display()));
            }
            None => {
                let _ = std::fs::remove_file(&file);
            }
        }
    }
    failures
}

#[test]
fn every_kept_input_ends_cleanly() {
    let d = Dir::new();
    let db = template(&d);
    let mut failures = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(project("tests/data/fuzz"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 15, "the regression inputs are there");
    for f in &files {
        // Tables files go through both audit and synth.
        for copy in ["a", "bb"] {
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            let target = d.path(&format!("{copy}{name}"));
            std::fs::copy(f, &target).unwrap();
            failures.extend(failure(d.dir.path(), &db, &target));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Writes case `TANA_FUZZ_CASE` of the run from `TANA_FUZZ_SEED` (default
/// 1) to the temporary directory, to replay it by hand.
#[test]
#[ignore]
fn write_one_case() {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let (Some(case), seed) = (env("TANA_FUZZ_CASE"), env("TANA_FUZZ_SEED").unwrap_or(1)) else {
        return;
    };
    let (name, bytes) = cases(seed).nth(case as usize).expect("a case");
    let out = std::env::temp_dir().join(name);
    std::fs::write(&out, bytes).expect("write the case");
    eprintln!("{}", out.display());
}

#[test]
fn a_few_hundred_mutated_inputs_end_cleanly() {
    let failures = run(200, 0x7A4A);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The long run: `TANA_FUZZ_CASES` cases (default 10,000), seeded by
/// `TANA_FUZZ_SEED`.
#[test]
#[ignore]
fn fuzz() {
    let cases = std::env::var("TANA_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let seed = std::env::var("TANA_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let started = Instant::now();
    let failures = run(cases, seed);
    eprintln!(
        "fuzz: {cases} cases from seed {seed} in {:.0} s, {} failure(s)",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
