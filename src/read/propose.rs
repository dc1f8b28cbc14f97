//! `tana read --propose` and `tana proposals`: documents read are filed in
//! the workspace as proposals (a document and the records it proposes), and
//! the secretariat accepts, edits or rejects the records, one by one, a
//! section at a time, or all at once. The store does the work
//! ([`Store::file_readings`], [`Store::decide_reading`]); this is the command
//! line's side: turning a [`Reading`] into what the store files, the flags,
//! and the listings.
//!
//! These are not the focal points' proposals of the portal (one need each,
//! `/states/{code}/proposals`): the store calls these "readings".

use std::fmt::Write as _;
use std::path::Path;

use clap::{Subcommand, ValueEnum};

use super::{ReadArgs, Reading};
use crate::error::{Error, Result};
use crate::records::Source;
use crate::store::{
    self, Author, Decision, FiledReading, Location, ReadParagraph, ReadRecord, RecordKind,
    RecordStatus, Store,
};

/// What a document read becomes when it is filed: its text block by block
/// and its records, all proposed. `file` is the name the filer gave it.
pub fn filed(reading: &Reading, file: &str) -> FiledReading {
    use super::extract::BlockKind;
    let paragraphs = reading
        .blocks
        .iter()
        .map(|b| ReadParagraph {
            number: u32::try_from(b.number).unwrap_or(u32::MAX),
            kind: match b.kind {
                BlockKind::Heading(_) => "heading",
                BlockKind::Paragraph => "paragraph",
                BlockKind::ListItem => "item",
                BlockKind::TableRow => "row",
            }
            .to_string(),
            text: b.text.clone(),
        })
        .collect();
    let records = reading
        .found
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (kind, code) = match &f.what {
                super::What::Need { kind } => (RecordKind::Need, kind.clone()),
                super::What::Challenge { category } => {
                    (RecordKind::Challenge, category.clone().unwrap_or_default())
                }
                super::What::GoodPractice => (RecordKind::GoodPractice, String::new()),
            };
            ReadRecord {
                number: i as u32 + 1,
                kind,
                article: f.article,
                code,
                paragraph: u32::try_from(f.paragraph).unwrap_or(u32::MAX),
                quote: f.quote.clone(),
                confidence: (f.confidence.clamp(0.0, 1.0) * 100.0).round() as u8,
                status: RecordStatus::Proposed,
            }
        })
        .collect();
    FiledReading {
        id: 0,
        at: 0,
        who: String::new(),
        file: file.to_string(),
        format: reading.format.name().to_string(),
        language: reading.language.clone(),
        state: reading.state.clone(),
        cycle: reading.cycle,
        document: reading
            .document
            .as_deref()
            .and_then(|d| Source::ALL.into_iter().find(|s| s.code() == d)),
        paragraphs,
        records,
    }
}

/// A document that proposes nothing is refused: filing it would give the
/// secretariat nothing to decide.
pub fn refuse_empty(reading: &FiledReading) -> Result<()> {
    if reading.records.is_empty() {
        return Err(Error::format(
            &reading.file,
            "no needs, challenges or good practices were found in it: nothing to propose",
        ));
    }
    Ok(())
}

/// How many records of each kind, as a person says it ("2 needs, 1
/// challenge"); "no records" when there are none.
pub fn counts(records: &[ReadRecord]) -> String {
    let said: Vec<String> = [
        (RecordKind::Need, "need", "needs"),
        (RecordKind::Challenge, "challenge", "challenges"),
        (RecordKind::GoodPractice, "good practice", "good practices"),
    ]
    .iter()
    .filter_map(
        |(k, one, many)| match records.iter().filter(|r| r.kind == *k).count() {
            0 => None,
            1 => Some(format!("1 {one}")),
            n => Some(format!("{n} {many}")),
        },
    )
    .collect();
    if said.is_empty() {
        "no records".into()
    } else {
        said.join(", ")
    }
}

/// `tana read FILE... --propose`: every file read, then all filed in one
/// transaction, or none.
pub fn run(args: &ReadArgs, location: &Location) -> Result<i32> {
    if args.files.is_empty() {
        return Err(Error::Usage(
            "tana read --propose needs documents to read".into(),
        ));
    }
    let mut st = store::open(location)?;
    let reference = st.reference()?;
    let own;
    let vocab = match &args.vocabulary {
        Some(dir) => {
            own = super::Vocabulary::from_dir(dir)?;
            &own
        }
        None => super::Vocabulary::embedded(),
    };
    let given = super::Given {
        state: args.state.clone(),
        cycle: args.cycle,
        document: args.document.map(|d| d.code().to_string()),
    };
    let mut batches = Vec::new();
    for path in &args.files {
        let reading = super::read(path, &given, &reference, vocab)?;
        let name = path.display().to_string();
        let filed = filed(&reading, &name);
        refuse_empty(&filed)?;
        batches.push(filed);
    }
    let by = Author {
        who: "command line",
        at: crate::clock::now(),
    };
    let ids = st.file_readings(by, &batches)?;
    let mut out = String::new();
    for (id, b) in ids.iter().zip(&batches) {
        let _ = writeln!(out, "{id}");
        eprintln!(
            "{}: filed as proposal {id} ({} cycle {}): {}",
            b.file,
            b.state,
            b.cycle,
            counts(&b.records)
        );
    }
    crate::cli::emit(None, &out)?;
    Ok(0)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

/// The sections of a document, by the kind of record each gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SectionArg {
    Needs,
    Challenges,
    #[value(name = "good_practices", alias = "good-practices")]
    GoodPractices,
}

impl SectionArg {
    pub fn kind(self) -> RecordKind {
        match self {
            SectionArg::Needs => RecordKind::Need,
            SectionArg::Challenges => RecordKind::Challenge,
            SectionArg::GoodPractices => RecordKind::GoodPractice,
        }
    }
}

/// Which records of a proposal a decision is about: named records, a
/// section's, or all; only those still proposed in a section or all.
#[derive(clap::Args, Debug, Clone)]
#[group(required = true, multiple = false)]
pub struct Which {
    /// A record by its number (`tana proposals show` lists them); repeat for several.
    #[arg(long = "record", value_name = "N")]
    pub records: Vec<u32>,
    /// Every record still proposed of one section.
    #[arg(long, value_enum)]
    pub section: Option<SectionArg>,
    /// Every record still proposed.
    #[arg(long)]
    pub all: bool,
}

#[derive(Subcommand, Debug)]
pub enum ProposalsAction {
    /// The documents filed by `tana read --propose` or the portal's upload, newest first.
    List {
        /// Only those about this State party (code or name).
        #[arg(long)]
        state: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
    },
    /// One proposal: the document and each record with its paragraph and quote.
    Show {
        id: i64,
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
    },
    /// Accept records: they enter the records (import's checks) with their provenance.
    Accept {
        id: i64,
        #[command(flatten)]
        which: Which,
        /// Change the one record named before accepting it: article=N, type=CODE (a need), category=CODE (a challenge).
        #[arg(long = "set", value_name = "FIELD=VALUE")]
        set: Vec<String>,
    },
    /// Reject records: they stay in the proposal, marked rejected, and enter nothing.
    Reject {
        id: i64,
        #[command(flatten)]
        which: Which,
    },
}

/// The records `which` names, with a decision each.
fn decisions(
    reading: &FiledReading,
    which: &Which,
    decision: &Decision,
) -> Result<Vec<(u32, Decision)>> {
    let chosen: Vec<u32> = if !which.records.is_empty() {
        which.records.clone()
    } else {
        let kind = which.section.map(SectionArg::kind);
        reading
            .records
            .iter()
            .filter(|r| r.status == RecordStatus::Proposed)
            .filter(|r| kind.is_none_or(|k| r.kind == k))
            .map(|r| r.number)
            .collect()
    };
    if chosen.is_empty() {
        return Err(Error::Usage(format!(
            "proposal {}: no record there is still proposed",
            reading.id
        )));
    }
    Ok(chosen.into_iter().map(|n| (n, decision.clone())).collect())
}

/// The edit `--set` asks for, of the one record named.
fn edit(reading: &FiledReading, which: &Which, set: &[String]) -> Result<Decision> {
    let [n] = which.records[..] else {
        return Err(Error::Usage(
            "--set changes one record: name it with one --record N".into(),
        ));
    };
    let record = reading
        .records
        .iter()
        .find(|r| r.number == n)
        .ok_or_else(|| Error::Usage(format!("proposal {} has no record {n}", reading.id)))?;
    let (mut article, mut code) = (record.article, record.code.clone());
    for s in set {
        let (field, value) = s.split_once('=').ok_or_else(|| {
            Error::Usage(format!(
                "--set {s}: write FIELD=VALUE (article=16, type=legislative_drafting)"
            ))
        })?;
        match (field.trim(), record.kind) {
            ("article", _) => {
                let v = value.trim();
                article = if v.is_empty() {
                    0
                } else {
                    v.parse().map_err(|_| {
                        Error::Usage(format!(
                            "--set {s}: an article is a number (0 or empty: none)"
                        ))
                    })?
                };
            }
            ("type", RecordKind::Need) | ("category", RecordKind::Challenge) => {
                code = value.trim().to_string();
            }
            (f, k) => {
                return Err(Error::Usage(format!(
                    "--set {s}: record {n} is a {}, which has no field `{f}` (it has {})",
                    k.code().replace('_', " "),
                    match k {
                        RecordKind::Need => "article, type",
                        RecordKind::Challenge => "article, category",
                        RecordKind::GoodPractice => "article",
                    }
                )));
            }
        }
    }
    Ok(Decision::Edit { article, code })
}

fn found(st: &mut dyn Store, id: i64) -> Result<FiledReading> {
    st.reading(id)?.ok_or_else(|| {
        Error::Usage(format!(
            "no proposal {id}: `tana proposals list` lists them"
        ))
    })
}

fn decide(location: &Location, id: i64, which: &Which, decision: Option<&[String]>) -> Result<i32> {
    let mut st = store::open(location)?;
    let reading = found(st.as_mut(), id)?;
    let list = match decision {
        Some(set) if !set.is_empty() => {
            let d = edit(&reading, which, set)?;
            vec![(which.records[0], d)]
        }
        Some(_) => decisions(&reading, which, &Decision::Accept)?,
        None => decisions(&reading, which, &Decision::Reject)?,
    };
    let by = Author {
        who: "command line",
        at: crate::clock::now(),
    };
    let decided = st
        .decide_reading(by, id, &list)?
        .ok_or_else(|| Error::Usage(format!("no proposal {id}")))?;
    for status in RecordStatus::ALL {
        let these: Vec<ReadRecord> = decided
            .iter()
            .filter(|r| r.status == status)
            .cloned()
            .collect();
        if !these.is_empty() {
            eprintln!("proposal {id}: {} {}", status.code(), counts(&these));
        }
    }
    Ok(0)
}

fn status_counts(records: &[ReadRecord]) -> String {
    RecordStatus::ALL
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                records.iter().filter(|r| r.status == *s).count(),
                s.code()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn article_label(a: u16) -> String {
    if a == 0 {
        "no article".into()
    } else {
        format!("art. {a}")
    }
}

/// The listing of one proposal for a person.
pub fn show_text(r: &FiledReading) -> String {
    let mut s = format!(
        "proposal {}: {} ({}, {}), {} cycle {}, {}, filed by {} on {}\n",
        r.id,
        r.file,
        r.format,
        r.language,
        r.state,
        r.cycle,
        r.document.map_or("document of unknown kind", Source::label),
        r.who,
        crate::cli::day_of(r.at),
    );
    for x in &r.records {
        let _ = writeln!(
            s,
            "  {:>3}  {:<13} {:<11} {:<24} ¶{:<4} {:.2}  {:<9} \"{}\"",
            x.number,
            x.kind.code(),
            article_label(x.article),
            x.code,
            x.paragraph,
            f32::from(x.confidence) / 100.0,
            x.status.code(),
            x.quote
        );
    }
    s
}

/// Runs `tana proposals`; returns the exit code.
pub fn command(action: ProposalsAction, location: &Location) -> Result<i32> {
    match action {
        ProposalsAction::List { state, format } => {
            let mut st = store::open(location)?;
            let state = match state {
                Some(s) => {
                    let reference = st.reference()?;
                    let id = reference
                        .find_state(&s)
                        .ok_or_else(|| Error::Usage(format!("--state: unknown State `{s}`")))?;
                    Some(reference.state(id).code.clone())
                }
                None => None,
            };
            let list = st.readings(state.as_deref())?;
            let text = match format {
                ListFormat::Json => json(&list),
                ListFormat::Text => list
                    .iter()
                    .map(|r| {
                        format!(
                            "{}\t{}\t{}\t{}\t{}\t{}\n",
                            r.id,
                            r.state,
                            r.cycle,
                            r.document.map_or("-", Source::code),
                            r.file,
                            status_counts(&r.records)
                        )
                    })
                    .collect(),
            };
            crate::cli::emit(None, &text)?;
            Ok(0)
        }
        ProposalsAction::Show { id, format } => {
            let mut st = store::open(location)?;
            let r = found(st.as_mut(), id)?;
            let text = match format {
                ListFormat::Json => json(&r),
                ListFormat::Text => show_text(&r),
            };
            crate::cli::emit(None, &text)?;
            Ok(0)
        }
        ProposalsAction::Accept { id, which, set } => decide(location, id, &which, Some(&set)),
        ProposalsAction::Reject { id, which } => decide(location, id, &which, None),
    }
}

fn json<T: serde::Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("proposals serialise");
    s.push('\n');
    s
}

/// The file's name as the portal keeps it: its last part, never a path.
pub fn upload_name(name: &str) -> String {
    Path::new(name)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("upload")
        .to_string()
}
