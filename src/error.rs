//! Errors, and the policy for them.
//!
//! Policy:
//!
//! - Library code returns [`Error`]; only the command line turns an error into
//!   text and an exit code, and only the web layer turns one into a response.
//! - An error about input names where the input is wrong: the file, the line
//!   (or sheet and row), the column, the value and the rule broken. Import
//!   collects every bad row before failing ([`Error::Rows`]), so a user mends a
//!   file in one pass instead of one error at a time.
//! - Nothing is half-written: any command that fails has changed nothing,
//!   because every write happens in one transaction that the error rolls back.
//! - Exit codes: 2 for input that cannot be read as what it should be (a bad
//!   file, a bad flag, published tables no data set can meet), 3 for a
//!   search that ran out of its budget (which proves nothing about the
//!   input), 1 for everything else that fails. Commands that answer
//!   a yes/no question (`audit`, `compare`) also exit 1 for "found something".
//! - Messages are written for the person at the terminal: what is wrong, then
//!   what to do, with no backtraces and no internal type names.

use std::fmt;
use std::path::{Path, PathBuf};

/// One bad row (or cell) of an input file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    pub file: String,
    /// Where in the file: `line 7` for text files, `sheet needs, row 7` for
    /// workbooks, `needs[6]` for JSON.
    pub place: String,
    pub column: String,
    pub value: String,
    pub rule: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.place)?;
        if !self.column.is_empty() {
            write!(f, ", column `{}`", self.column)?;
        }
        if !self.value.is_empty() {
            write!(f, ", value `{}`", self.value)?;
        }
        write!(f, ": {}", self.rule)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Input rows that break the rules; every one of them, not just the first.
    #[error("{} bad row(s); nothing was written:\n{}", .0.len(), list(.0))]
    Rows(Vec<RowError>),
    /// A file that cannot be read as what it claims to be.
    #[error("{file}: {message}")]
    Format { file: String, message: String },
    #[error("reference data: {0}")]
    Reference(String),
    #[error("database: {0}")]
    Database(String),
    #[error("{0}")]
    Usage(String),
    /// Another process is writing the workspace and the write could not
    /// wait for it; trying again shortly will do (the web answers 503 with
    /// Retry-After).
    #[error("{0}")]
    Busy(String),
    /// Published numbers that no data set can meet; the message names the
    /// numbers that cannot hold together and what the others allow.
    #[error("{0}")]
    NoDataSet(String),
    /// A search ran out of its budget before it found records or a proof
    /// that there are none: it says nothing about the input.
    #[error("{0}")]
    OutOfBudget(String),
    #[error("{0}")]
    Other(String),
}

fn list(rows: &[RowError]) -> String {
    const SHOWN: usize = 50;
    let mut out: Vec<String> = rows.iter().take(SHOWN).map(|r| format!("  {r}")).collect();
    if rows.len() > SHOWN {
        out.push(format!(
            "  … and {} more (use --bad-rows FILE to get them all)",
            rows.len() - SHOWN
        ));
    }
    out.join("\n")
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn format(file: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Format {
            file: file.into(),
            message: message.into(),
        }
    }

    /// The process exit code this error should end a command with.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Rows(_) | Error::Format { .. } | Error::Usage(_) | Error::NoDataSet(_) => 2,
            Error::OutOfBudget(_) => 3,
            _ => 1,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
        match e.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => Error::Busy(
                "another process is writing the workspace; try again in a moment".into(),
            ),
            _ => Error::Database(e.to_string()),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
