//! Storage behind one narrow trait, named by what the rest of tana does with
//! it: set up a workspace, take in an import, hand out the records.
//!
//! [`sqlite::SqliteStore`] is the embedded default; [`postgres::PgStore`]
//! serves a team. [`open`] and [`create`] pick one by what `--db` names: a
//! file, or a `postgres://` URL. Every implementation keeps the same
//! promises, which the story test in `tests/it/store.rs` checks on both:
//!
//! - a write is one transaction: it lands whole or not at all;
//! - importing the same batch twice leaves the records as they were;
//! - what [`Store::registry`] hands out is what went in, whatever the order.

pub mod postgres;
pub mod sqlite;

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::records::Registry;
use crate::reference::Reference;

/// Records about to enter a workspace, as import built them.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    pub registry: Registry,
    /// Per review of `registry`: true when the file described it (it then
    /// replaces what the workspace had), false when only a need, challenge or
    /// good practice named it (it is then created if missing, never changed).
    pub described: Vec<bool>,
}

/// What an import changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub reviews_added: u64,
    pub reviews_updated: u64,
    pub needs_added: u64,
    pub challenges_added: u64,
    pub good_practices_added: u64,
}

/// How much of each record [`Store::registry`] loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// What the analysis counts: no texts.
    Counts,
    /// Everything, texts included (exports, copies).
    Everything,
}

/// A workspace's storage.
pub trait Store {
    /// The workspace's reference data (instrument, States, types).
    fn reference(&mut self) -> Result<Reference>;

    /// Takes in a batch whose positions refer to `reference`, in one transaction.
    fn import(&mut self, reference: &Reference, batch: &Batch) -> Result<ImportSummary>;

    /// The records of the workspace, their positions referring to [`Store::reference`].
    fn registry(&mut self, reference: &Reference, detail: Detail) -> Result<Registry>;

    /// Replaces the reference and every record, in one transaction (demo,
    /// rebuilt data sets, copies between databases).
    fn replace_all(&mut self, reference: &Reference, registry: &Registry) -> Result<()>;

    /// Where the records came from, when a command built them all (`demo`,
    /// `synth`); an import clears it.
    fn origin(&mut self) -> Result<Option<String>>;

    fn set_origin(&mut self, origin: &str) -> Result<()>;
}

/// The code of each (cycle, type position) the records use: stores keep
/// types by code, so that a workspace survives a reordered reference.
pub(crate) fn type_codes(
    reference: &Reference,
    registry: &Registry,
) -> std::collections::HashMap<(u8, u8), String> {
    let mut codes = std::collections::HashMap::new();
    let mut cycles: Vec<u8> = registry.reviews.iter().map(|r| r.cycle).collect();
    cycles.sort_unstable();
    cycles.dedup();
    for cycle in cycles {
        for (i, t) in reference.types(cycle).into_iter().enumerate() {
            codes.insert((cycle, i as u8), t.code.clone());
        }
    }
    codes
}

/// Where a workspace lives: what `--db` names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    /// A `postgres://` or `postgresql://` connection string.
    Postgres(String),
}

impl Location {
    pub fn parse(db: &Path) -> Location {
        let text = db.to_string_lossy();
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Location::Postgres(text.into_owned())
        } else {
            Location::Sqlite(db.to_path_buf())
        }
    }

    /// Whether a workspace is there already.
    pub fn exists(&self) -> Result<bool> {
        match self {
            Location::Sqlite(p) => Ok(p.exists()),
            Location::Postgres(url) => postgres::PgStore::holds_workspace(url),
        }
    }

    /// The location as a person reads it: a path, or a URL without its password.
    pub fn display(&self) -> String {
        match self {
            Location::Sqlite(p) => p.display().to_string(),
            Location::Postgres(url) => match (url.find("://"), url.find('@')) {
                (Some(s), Some(at)) if url[s + 3..at].contains(':') => {
                    let user_end = s + 3 + url[s + 3..at].find(':').unwrap_or(0);
                    format!("{}:***{}", &url[..user_end], &url[at..])
                }
                _ => url.clone(),
            },
        }
    }
}

/// Opens the workspace at `location`.
pub fn open(location: &Location) -> Result<Box<dyn Store>> {
    Ok(match location {
        Location::Sqlite(p) => Box::new(sqlite::SqliteStore::open(p)?),
        Location::Postgres(url) => Box::new(postgres::PgStore::open(url)?),
    })
}

/// Creates a workspace holding `reference` at `location`, which must hold none.
pub fn create(location: &Location, reference: &Reference) -> Result<Box<dyn Store>> {
    Ok(match location {
        Location::Sqlite(p) => Box::new(sqlite::SqliteStore::create(p, reference)?),
        Location::Postgres(url) => Box::new(postgres::PgStore::create(url, reference)?),
    })
}
