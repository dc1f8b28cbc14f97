//! `tana read --evaluate DIR`: the reader measured against labelled
//! documents (`ID.docx`, `ID.pdf`, … beside `ID.gold.json`, the format of
//! `tests/data/reading/README.md`).
//!
//! Every document file is read as a user would read it, with no flag: a
//! document whose State or cycle is told wrong loses all its records. Needs
//! are matched on (State, cycle, article, type), challenges and good
//! practices on (State, cycle, article); precision and recall are given over
//! everything, per language and per format, with every mistake and its quote.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

use super::{Given, Reading, read};
use crate::error::{Error, Result};
use crate::reference::Reference;

use super::vocab::Vocabulary;

#[derive(Debug, Deserialize)]
struct GoldNeed {
    article: u16,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Debug, Deserialize)]
struct GoldChallenge {
    article: u16,
    #[serde(default)]
    category: Option<String>,
}

#[derive(Debug, Deserialize)]
struct GoldPractice {
    article: u16,
}

/// One labelled document's gold records.
#[derive(Debug, Deserialize)]
pub struct Gold {
    state: String,
    cycle: u8,
    #[serde(default)]
    language: String,
    #[serde(default)]
    needs: Vec<GoldNeed>,
    #[serde(default)]
    challenges: Vec<GoldChallenge>,
    #[serde(default)]
    good_practices: Vec<GoldPractice>,
}

/// Counts of one kind of record in one group.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tally {
    pub right: usize,
    pub extra: usize,
    pub missed: usize,
}

impl Tally {
    pub fn precision(self) -> f64 {
        let said = self.right + self.extra;
        if said == 0 {
            1.0
        } else {
            self.right as f64 / said as f64
        }
    }
    pub fn recall(self) -> f64 {
        let gold = self.right + self.missed;
        if gold == 0 {
            1.0
        } else {
            self.right as f64 / gold as f64
        }
    }
    fn add(&mut self, o: Tally) {
        self.right += o.right;
        self.extra += o.extra;
        self.missed += o.missed;
    }
}

/// One mistake: a record missed or one said in excess.
#[derive(Clone, Debug)]
pub struct Mistake {
    pub file: String,
    pub missed: bool,
    pub what: String,
    pub quote: String,
}

/// The whole evaluation.
#[derive(Debug, Default)]
pub struct Evaluation {
    pub documents: usize,
    /// Per group (`all`, `language en`, `format pdf`), per kind (needs,
    /// challenges, good practices).
    pub tallies: BTreeMap<String, [Tally; 3]>,
    /// Challenges found with the gold's category, of those found whose gold has one.
    pub categories: (usize, usize),
    pub mistakes: Vec<Mistake>,
    /// Files that could not be read, with the reason.
    pub refused: Vec<String>,
}

const KINDS: [&str; 3] = ["needs", "challenges", "good practices"];

/// Keys of one document's records: "16 capacity_building", "16".
fn keys(state: &str, cycle: u8, items: impl Iterator<Item = String>) -> HashSet<String> {
    items.map(|k| format!("{state} {cycle} art {k}")).collect()
}

fn compare(
    gold: &HashSet<String>,
    said: &[(String, String)],
    file: &str,
    kind: &str,
    mistakes: &mut Vec<Mistake>,
) -> Tally {
    let mut t = Tally::default();
    let mut matched: HashSet<&String> = HashSet::new();
    for (key, quote) in said {
        if gold.contains(key) {
            if matched.insert(key) {
                t.right += 1;
            }
        } else {
            t.extra += 1;
            mistakes.push(Mistake {
                file: file.into(),
                missed: false,
                what: format!("{kind} {key}"),
                quote: quote.clone(),
            });
        }
    }
    for key in gold {
        if !matched.contains(key) {
            t.missed += 1;
            mistakes.push(Mistake {
                file: file.into(),
                missed: true,
                what: format!("{kind} {key}"),
                quote: String::new(),
            });
        }
    }
    t
}

fn score(gold: &Gold, reading: Option<&Reading>, file: &str, e: &mut Evaluation) -> [Tally; 3] {
    let gn = keys(
        &gold.state,
        gold.cycle,
        gold.needs
            .iter()
            .map(|n| format!("{} {}", n.article, n.kind)),
    );
    let gc = keys(
        &gold.state,
        gold.cycle,
        gold.challenges.iter().map(|c| c.article.to_string()),
    );
    let gp = keys(
        &gold.state,
        gold.cycle,
        gold.good_practices.iter().map(|p| p.article.to_string()),
    );
    let (sn, sc, sp): (Vec<_>, Vec<_>, Vec<_>) = match reading {
        Some(r) => {
            let k = |rest: String| format!("{} {} art {rest}", r.state, r.cycle);
            (
                r.needs()
                    .map(|(f, t)| (k(format!("{} {t}", f.article)), f.quote.clone()))
                    .collect(),
                r.challenges()
                    .map(|(f, _)| (k(f.article.to_string()), f.quote.clone()))
                    .collect(),
                r.good_practices()
                    .map(|f| (k(f.article.to_string()), f.quote.clone()))
                    .collect(),
            )
        }
        None => Default::default(),
    };
    if let Some(r) = reading {
        for (f, category) in r.challenges() {
            let g = gold
                .challenges
                .iter()
                .find(|c| c.article == f.article && r.state == gold.state && r.cycle == gold.cycle);
            if let Some(g) = g.filter(|g| g.category.is_some()) {
                e.categories.1 += 1;
                if g.category.as_deref() == category {
                    e.categories.0 += 1;
                }
            }
        }
    }
    [
        compare(&gn, &sn, file, KINDS[0], &mut e.mistakes),
        compare(&gc, &sc, file, KINDS[1], &mut e.mistakes),
        compare(&gp, &sp, file, KINDS[2], &mut e.mistakes),
    ]
}

/// Reads every labelled document of `dir` and compares.
pub fn evaluate(dir: &Path, reference: &Reference, vocab: &Vocabulary) -> Result<Evaluation> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut golds: Vec<std::path::PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    golds.sort();
    if golds.is_empty() {
        return Err(Error::format(
            dir.display().to_string(),
            "no labelled documents (ID.gold.json) in this folder",
        ));
    }
    let mut e = Evaluation::default();
    for gold_path in golds {
        let name = gold_path.display().to_string();
        let text = std::fs::read_to_string(&gold_path).map_err(|err| Error::io(&gold_path, err))?;
        let gold: Gold = serde_json::from_str(&text).map_err(|err| {
            Error::format(
                &name,
                format!("line {}: not a gold file: {err}", err.line()),
            )
        })?;
        let id = name.trim_end_matches(".gold.json").to_string();
        for ext in ["docx", "odt", "pdf", "html", "txt"] {
            let path = std::path::PathBuf::from(format!("{id}.{ext}"));
            if !path.exists() {
                continue;
            }
            let file = path.display().to_string();
            let reading = match read(&path, &Given::default(), reference, vocab) {
                Ok(r) => Some(r),
                Err(err) => {
                    e.refused.push(err.to_string());
                    None
                }
            };
            let t = score(&gold, reading.as_ref(), &file, &mut e);
            e.documents += 1;
            for group in [
                "all".to_string(),
                format!("language {}", gold.language),
                format!("format {ext}"),
            ] {
                let slot = e.tallies.entry(group).or_default();
                for k in 0..3 {
                    slot[k].add(t[k]);
                }
            }
        }
    }
    Ok(e)
}

/// The evaluation as a person reads it.
pub fn render(e: &Evaluation) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} document files read", e.documents);
    let _ = writeln!(
        s,
        "{:<14} {:<15} {:>9} {:>7} {:>5} {:>5} {:>6}",
        "group", "records", "precision", "recall", "right", "extra", "missed"
    );
    for (group, tallies) in &e.tallies {
        for (k, t) in tallies.iter().enumerate() {
            let _ = writeln!(
                s,
                "{:<14} {:<15} {:>9.3} {:>7.3} {:>5} {:>5} {:>6}",
                group,
                KINDS[k],
                t.precision(),
                t.recall(),
                t.right,
                t.extra,
                t.missed
            );
        }
    }
    let _ = writeln!(
        s,
        "challenge categories agreeing with the gold: {} of {}",
        e.categories.0, e.categories.1
    );
    if !e.refused.is_empty() {
        let _ = writeln!(s, "\nrefused ({}):", e.refused.len());
        for r in &e.refused {
            let _ = writeln!(s, "  {r}");
        }
    }
    let _ = writeln!(s, "\nmistakes ({}):", e.mistakes.len());
    for m in &e.mistakes {
        let _ = writeln!(
            s,
            "  {} {}: {}{}",
            if m.missed { "missed" } else { "extra " },
            m.file,
            m.what,
            if m.quote.is_empty() {
                String::new()
            } else {
                format!(" \"{}\"", m.quote)
            }
        );
    }
    s
}
