//! Import: files people have (CSV, Excel, JSON) into a [`Batch`] of records.
//!
//! Reading ([`read`]) and checking ([`check::Checker`]) are apart: the
//! readers turn each format into rows of text with a place (`line 7`, `sheet
//! needs, row 7`, `needs[6]`), and the checker applies the same rules to every
//! row whatever its format. Every bad row is collected; the caller decides
//! whether any bad row stops the import (the default) or goes to a file of
//! its own.
//!
//! Invariant: this module writes nothing to the workspace. It returns a
//! batch, and the store takes the batch in one transaction.

pub mod check;
pub mod limits;
pub mod read;

use std::path::Path;

use crate::error::{Error, Result, RowError};
use crate::records::Batch;
use crate::reference::Reference;

/// What kind of records a table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Reviews,
    Needs,
    Challenges,
    GoodPractices,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Reviews,
        Kind::Needs,
        Kind::Challenges,
        Kind::GoodPractices,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Reviews => "reviews",
            Kind::Needs => "needs",
            Kind::Challenges => "challenges",
            Kind::GoodPractices => "good_practices",
        }
    }

    /// The kind a file, sheet or JSON key names, if any (`needs.csv`,
    /// `Good practices`, `challenges_2014.xlsx`).
    pub fn from_name(name: &str) -> Option<Kind> {
        let n = crate::reference::normalize(name).replace(' ', "_");
        if n.contains("practice") {
            Some(Kind::GoodPractices)
        } else if n.contains("challenge") {
            Some(Kind::Challenges)
        } else if n.contains("need") {
            Some(Kind::Needs)
        } else if n.contains("review") {
            Some(Kind::Reviews)
        } else {
            None
        }
    }

    /// The kind a header describes, when no name says it.
    pub fn from_columns(columns: &[String]) -> Option<Kind> {
        let has = |c: &str| columns.iter().any(|h| h == c);
        if has("type") {
            Some(Kind::Needs)
        } else if has("category") {
            Some(Kind::Challenges)
        } else if has("completed") && !has("article") {
            Some(Kind::Reviews)
        } else if has("article") && has("text") {
            Some(Kind::GoodPractices)
        } else {
            None
        }
    }

    /// Columns every row of this kind must have.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            Kind::Reviews => &["state", "cycle", "completed"],
            Kind::Needs => &["state", "cycle", "article", "type"],
            Kind::Challenges => &["state", "cycle", "article", "category"],
            Kind::GoodPractices => &["state", "cycle", "article", "text"],
        }
    }

    /// Every column this kind understands.
    pub fn known(self) -> &'static [&'static str] {
        match self {
            Kind::Reviews => &[
                "state",
                "cycle",
                "completed",
                "documents",
                "published",
                "shared_with_providers",
            ],
            Kind::Needs => &[
                "state",
                "cycle",
                "article",
                "type",
                "paragraph",
                "source",
                "theme",
                "text",
                "addressed",
                "addressed_by",
            ],
            Kind::Challenges => &["state", "cycle", "article", "category", "text"],
            Kind::GoodPractices => &["state", "cycle", "article", "text"],
        }
    }
}

/// Header names as written, folded to the names tana uses.
pub fn column_name(header: &str) -> String {
    let n = crate::reference::normalize(header).replace(' ', "_");
    match n.as_str() {
        "country" | "state_party" | "iso3" | "country_code" | "state_code" => "state".into(),
        "need_type" | "type_of_need" | "category_of_need" => "type".into(),
        "completed_on" | "date_completed" | "completion_date" | "finished" | "date" => {
            "completed".into()
        }
        "art" | "article_number" => "article".into(),
        "review_cycle" => "cycle".into(),
        "description" | "details" => "text".into(),
        "challenge_category" => "category".into(),
        "provider" | "being_addressed_by" => "addressed_by".into(),
        "shared" | "share_with_providers" | "shared_with_donors" => "shared_with_providers".into(),
        _ => n,
    }
}

/// The result of reading and checking files.
pub struct Prepared {
    pub batch: Batch,
    pub errors: Vec<RowError>,
    /// Bad rows as they were read, to write to a file of their own.
    pub bad_rows: Vec<(RowError, Vec<String>)>,
    pub warnings: Vec<String>,
    pub rows_read: u64,
}

/// Reads and checks files into one batch. Fails only on files that cannot be
/// read at all; bad rows are in [`Prepared::errors`].
pub fn prepare(
    reference: &Reference,
    files: &[&Path],
    kind: Option<Kind>,
    progress: bool,
) -> Result<Prepared> {
    let mut checker = check::Checker::new(reference);
    for path in files {
        if !path.exists() {
            return Err(Error::format(path.display().to_string(), "no such file"));
        }
        read::read_file(path, kind, &mut checker, progress)?;
    }
    Ok(checker.finish())
}
