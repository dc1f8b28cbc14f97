//! Storage behind one narrow trait, named by what the rest of tana does with
//! it: set up a workspace, take in an import, hand out the records.
//!
//! [`sqlite::SqliteStore`] is the embedded default. Every implementation keeps
//! the same promises, which the story test in `tests/` checks:
//!
//! - a write is one transaction: it lands whole or not at all;
//! - importing the same batch twice leaves the records as they were;
//! - what [`Store::registry`] hands out is what went in, whatever the order.

pub mod sqlite;

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
    fn reference(&self) -> Result<Reference>;

    /// Takes in a batch whose positions refer to `reference`, in one transaction.
    fn import(&mut self, reference: &Reference, batch: &Batch) -> Result<ImportSummary>;

    /// The records of the workspace, their positions referring to [`Store::reference`].
    fn registry(&self, reference: &Reference, detail: Detail) -> Result<Registry>;

    /// Replaces the reference and every record, in one transaction (demo,
    /// rebuilt data sets, copies between databases).
    fn replace_all(&mut self, reference: &Reference, registry: &Registry) -> Result<()>;
}
