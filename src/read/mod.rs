//! `tana read`: needs, challenges and good practices taken from the review
//! documents themselves (DOCX, ODT, PDF, HTML, plain text), each tied to the
//! paragraph and sentence it came from, for a person to check and import.
//!
//! The pipeline, one module per step: [`extract`] turns a file into blocks;
//! [`identify`] finds the language, State, cycle and kind of document;
//! [`structure`] places each block in its chapter, section and article;
//! [`findings`] reads the sentences of the sections that matter, with
//! [`articles`] for article references, [`types`] for types of need and
//! categories of challenge, and [`negation`] for what is not a need;
//! [`output`] writes the import format; [`evaluate`] measures the reader
//! against labelled documents. The words are all in [`vocab`]'s data files.
//!
//! Invariants: reading writes nothing but its output, and only once every
//! file has been read; a document whose State or cycle cannot be told (and
//! is not given) is refused, never guessed; every record carries its file,
//! paragraph and quote.

pub mod articles;
pub mod evaluate;
pub mod extract;
pub mod findings;
pub mod identify;
pub mod negation;
pub mod output;
pub mod propose;
pub mod structure;
pub mod text;
pub mod types;
pub mod vocab;

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::error::{Error, Result};
use crate::reference::Reference;
pub use extract::Format;
pub use findings::{Found, What};
use vocab::Vocabulary;

/// The kinds of document a review has, as the import format names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DocumentArg {
    #[value(name = "executive_summary")]
    ExecutiveSummary,
    #[value(name = "country_report")]
    CountryReport,
    #[value(name = "self_assessment")]
    SelfAssessment,
}

impl DocumentArg {
    pub fn code(self) -> &'static str {
        match self {
            DocumentArg::ExecutiveSummary => "executive_summary",
            DocumentArg::CountryReport => "country_report",
            DocumentArg::SelfAssessment => "self_assessment",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReadFormat {
    Text,
    Json,
    Csv,
}

/// `tana read`'s flags.
#[derive(clap::Args, Debug, Clone)]
pub struct ReadArgs {
    /// The documents: .docx, .odt, .pdf, .html, .txt.
    pub files: Vec<PathBuf>,
    /// The State party (code or name), when the document does not say it.
    #[arg(long)]
    pub state: Option<String>,
    /// The review cycle, when the document does not say it.
    #[arg(long)]
    pub cycle: Option<u8>,
    /// The kind of document, when its title does not say it.
    #[arg(long, value_enum)]
    pub document: Option<DocumentArg>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReadFormat,
    /// The file to write (a folder for csv); standard output when absent.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Measure the reader against a folder of labelled documents (ID.docx, ID.pdf, ID.gold.json).
    #[arg(long, value_name = "GOLD_DIR", conflicts_with = "files")]
    pub evaluate: Option<PathBuf>,
    /// Read with the vocabulary files of this folder instead of the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub vocabulary: Option<PathBuf>,
    /// File the records in the workspace as proposals for the secretariat
    /// to accept (`tana proposals`), instead of writing them.
    #[arg(long, conflicts_with_all = ["evaluate", "out"])]
    pub propose: bool,
}

/// What the flags say about a document, overriding its own words.
#[derive(Clone, Debug, Default)]
pub struct Given {
    pub state: Option<String>,
    pub cycle: Option<u8>,
    pub document: Option<String>,
}

/// One document, read.
#[derive(Clone, Debug)]
pub struct Reading {
    /// The file as the user named it.
    pub file: String,
    pub format: Format,
    pub language: String,
    /// The State's code.
    pub state: String,
    pub cycle: u8,
    pub document: Option<String>,
    pub found: Vec<Found>,
    /// The document's text, block by block, numbered as `found` cites them
    /// (what `--propose` files for the secretariat to read beside the records).
    pub blocks: Vec<extract::Block>,
}

impl Reading {
    pub fn needs(&self) -> impl Iterator<Item = (&Found, &str)> {
        self.found.iter().filter_map(|f| match &f.what {
            What::Need { kind } => Some((f, kind.as_str())),
            _ => None,
        })
    }
    pub fn challenges(&self) -> impl Iterator<Item = (&Found, Option<&str>)> {
        self.found.iter().filter_map(|f| match &f.what {
            What::Challenge { category } => Some((f, category.as_deref())),
            _ => None,
        })
    }
    pub fn good_practices(&self) -> impl Iterator<Item = &Found> {
        self.found
            .iter()
            .filter(|f| matches!(f.what, What::GoodPractice))
    }
}

/// Whether an article is one the cycle reviews.
fn reviewed(reference: &Reference, cycle: u8, article: u16) -> bool {
    u8::try_from(article)
        .ok()
        .and_then(|a| reference.chapter_of(a))
        .is_some_and(|c| reference.chapters[c].cycle == Some(cycle))
}

/// Reads one document.
pub fn read(
    path: &Path,
    given: &Given,
    reference: &Reference,
    vocab: &Vocabulary,
) -> Result<Reading> {
    let name = path.display().to_string();
    if !path.exists() {
        return Err(Error::format(&name, "no such file"));
    }
    let (format, blocks) = extract::blocks(path, &name)?;
    if blocks.is_empty() {
        return Err(Error::format(&name, "the document holds no text"));
    }
    let language = identify::language(&blocks, vocab).ok_or_else(|| {
        Error::format(
            &name,
            format!(
                "the document is in a language tana does not read (it reads {})",
                vocab.languages().join(", ")
            ),
        )
    })?;
    let names = identify::StateNames::new(reference, vocab);
    let state = match &given.state {
        Some(s) => names
            .resolve(reference, s)
            .ok_or_else(|| Error::Usage(format!("--state: unknown State `{s}`")))?,
        None => identify::state(&blocks, &names, vocab, &language).ok_or_else(|| {
            Error::format(
                &name,
                "cannot tell which State party the document is about (no State is named in it): give --state",
            )
        })?,
    };
    let cycle = match given.cycle {
        Some(c) if reference.cycle_chapters(c).is_empty() => {
            return Err(Error::Usage(format!(
                "--cycle: no chapter is reviewed in cycle {c}"
            )));
        }
        Some(c) => c,
        None => {
            let named: Vec<u16> = blocks
                .iter()
                .flat_map(|b| articles::references(&b.text, vocab))
                .collect();
            identify::cycle(&blocks, vocab, reference, &language, &named).ok_or_else(|| {
                Error::format(
                    &name,
                    "cannot tell the review cycle (the document names no chapter, cycle or reviewed article): give --cycle",
                )
            })?
        }
    };
    let document = given
        .document
        .clone()
        .or_else(|| identify::document(&blocks, vocab, &language));
    let placed = structure::place(&blocks, vocab, &language);
    let valid = |a: u16| reviewed(reference, cycle, a);
    let found = findings::findings(&placed, vocab, &language, cycle, &valid);
    Ok(Reading {
        file: name,
        format,
        language,
        state,
        cycle,
        document,
        found: unique(found),
        blocks,
    })
}

/// One need per (article, type), one challenge and one good practice per
/// article, as the import format and the gold count them; the first quote
/// is kept, and a challenge's category from the first that says one.
fn unique(found: Vec<Found>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for f in found {
        let same = out.iter_mut().find(|o| {
            o.article == f.article
                && match (&o.what, &f.what) {
                    (What::Need { kind: a }, What::Need { kind: b }) => a == b,
                    (What::Challenge { .. }, What::Challenge { .. }) => true,
                    (What::GoodPractice, What::GoodPractice) => true,
                    _ => false,
                }
        });
        match same {
            Some(o) => {
                if let (
                    What::Challenge { category: c @ None },
                    What::Challenge { category: Some(n) },
                ) = (&mut o.what, &f.what)
                {
                    *c = Some(n.clone());
                }
                o.confidence = o.confidence.max(f.confidence);
            }
            None => out.push(f),
        }
    }
    out
}

/// Runs `tana read`; returns the exit code.
pub fn run(args: &ReadArgs) -> Result<i32> {
    let reference = Reference::uncac();
    let own;
    let vocab = match &args.vocabulary {
        Some(dir) => {
            own = Vocabulary::from_dir(dir)?;
            &own
        }
        None => Vocabulary::embedded(),
    };
    if let Some(dir) = &args.evaluate {
        let report = evaluate::evaluate(dir, &reference, vocab)?;
        crate::cli::emit(args.out.as_deref(), &evaluate::render(&report))?;
        return Ok(0);
    }
    if args.files.is_empty() {
        return Err(Error::Usage(
            "tana read needs documents to read (or --evaluate GOLD_DIR)".into(),
        ));
    }
    let given = Given {
        state: args.state.clone(),
        cycle: args.cycle,
        document: args.document.map(|d| d.code().to_string()),
    };
    // Every file is read before anything is written.
    let readings = args
        .files
        .iter()
        .map(|f| read(f, &given, &reference, vocab))
        .collect::<Result<Vec<_>>>()?;
    for r in &readings {
        if r.found.is_empty() {
            eprintln!("{}: no needs, challenges or good practices found", r.file);
        }
    }
    match args.format {
        ReadFormat::Json => crate::cli::emit(args.out.as_deref(), &output::json(&readings))?,
        ReadFormat::Text => crate::cli::emit(args.out.as_deref(), &output::text(&readings))?,
        ReadFormat::Csv => {
            let dir = args.out.as_deref().ok_or_else(|| {
                Error::Usage("--format csv writes a folder of files: give --out DIR".into())
            })?;
            output::csv(&readings, dir)?;
        }
    }
    Ok(0)
}
