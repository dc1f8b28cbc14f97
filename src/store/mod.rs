//! Storage behind one narrow trait, named by what the rest of tana does with
//! it: set up a workspace, take in an import, hand out the records, and the
//! portal's accounts, edits, proposals and assistance.
//!
//! The use cases are written once, in `cases.rs`, over a small transaction
//! trait (`sql::Tx`); [`sqlite::SqliteStore`] (the embedded default) and
//! [`postgres::PgStore`] (for a team) bring only their connection, schema,
//! bulk reading and search. [`open`], [`open_for`] and [`create`] pick one
//! by what `--db` names: a file, or a `postgres://` URL. Every
//! implementation keeps the same promises, which the tests in
//! `tests/it/store.rs` check on both:
//!
//! - a write is one transaction: it lands whole or not at all, with its log
//!   entry, its search index rows and a move of [`Store::generation`];
//! - a read never writes, and never waits for a writer;
//! - importing the same batch twice leaves the records as they were;
//! - what [`Store::registry`] hands out is what went in, whatever the order.

mod cases;
mod find;
pub(crate) mod pack;
pub mod postgres;
pub(crate) mod sql;
pub mod sqlite;

use std::path::{Path, PathBuf};

use crate::accounts::Account;
use crate::error::Result;
use crate::plan::Plan;
use crate::records::{NeedSink, Registry};
use crate::reference::Reference;

pub use crate::records::Batch;
pub use find::{Facets, FindNeeds, FindOrder, FindWord, FinderNeed, Found, FoundText};

/// The page of search hits a reader gets. Who may read a text is decided
/// before it is counted, so that texts the reader may not see never push
/// out one it may: only those `readable` keeps count, the first `offset`
/// are skipped, then at most `limit` are kept.
pub(crate) struct Page<'a> {
    readable: &'a dyn Fn(&Hit) -> bool,
    offset: usize,
    limit: usize,
    skipped: usize,
    pub hits: Vec<Hit>,
}

impl<'a> Page<'a> {
    pub fn new(readable: &'a dyn Fn(&Hit) -> bool, offset: usize, limit: usize) -> Page<'a> {
        Page {
            readable,
            offset,
            limit,
            skipped: 0,
            hits: Vec::new(),
        }
    }

    /// Offers the next match, best first; true once the page is full.
    pub fn offer(&mut self, hit: Hit) -> bool {
        if !(self.readable)(&hit) {
            return false;
        }
        if self.skipped < self.offset {
            self.skipped += 1;
            return false;
        }
        self.hits.push(hit);
        self.hits.len() >= self.limit
    }
}

/// Words of a search at least this long also find the words they begin
/// ("witness" finds "witnesses"); shorter ones only themselves, so that a
/// one- or two-letter word does not match half the texts.
pub(crate) const PREFIX_FROM: usize = 3;

/// What an import changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub reviews_added: u64,
    pub reviews_updated: u64,
    pub needs_added: u64,
    /// Needs already there whose words changed or that gained a text.
    pub needs_updated: u64,
    /// Texts of needs new to the workspace, and texts whose words changed.
    pub texts_added: u64,
    pub texts_changed: u64,
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

/// An account as stored, with its password's hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAccount {
    pub account: Account,
    pub password_hash: String,
    /// Seconds since 1970-01-01 UTC.
    pub created: i64,
}

/// An API token as stored: the digest of its secret, never the secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredToken {
    pub digest: String,
    pub account: String,
    pub created: i64,
}

/// An API token as its owner names it: the first 8 hex digits of its
/// digest, and when it was made.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TokenInfo {
    pub id: String,
    pub created: i64,
}

/// Assistance a provider or donor gives against one need: a project, a
/// mission, a training.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Assistance {
    pub id: i64,
    /// When it was recorded, in seconds since 1970-01-01 UTC.
    pub at: i64,
    /// The provider's account.
    pub provider: String,
    pub need: NeedKey,
    pub title: String,
    /// `planned`, `ongoing` or `completed`.
    pub status: String,
    /// The first and last day, when known (YYYY-MM-DD).
    pub starts: Option<String>,
    pub ends: Option<String>,
    /// Whether the need was being addressed before this was recorded:
    /// what it goes back to when the last assistance against it is
    /// withdrawn.
    #[serde(skip)]
    pub need_was_addressed: bool,
    /// The IATI activity this is, when it is an accepted link (see
    /// [`Store::accept_link`]).
    pub iati_identifier: Option<String>,
}

/// A need as a write finds it: its review's row, the documents naming it,
/// whether it is being addressed.
pub(crate) struct FoundNeed {
    pub review: i64,
    pub sources: crate::records::Sources,
    pub addressed: bool,
}

/// The columns of an assistance record, in the order the stores read them.
pub(crate) const ASSISTANCE_COLUMNS: &str = "id, at, provider, state, cycle, article, type, title, status, starts, ends, need_was_addressed, iati_identifier";

/// The stages assistance goes through.
pub const ASSISTANCE_STATUSES: [&str; 3] = ["planned", "ongoing", "completed"];

/// Everything of a workspace beyond its records: who works in it, what they
/// did and what waits. `tana copy` moves it with the records; sessions are
/// left behind, so everyone logs in again after a move.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Workspace {
    pub accounts: Vec<StoredAccount>,
    pub tokens: Vec<StoredToken>,
    /// Oldest first.
    pub log: Vec<LogEntry>,
    pub proposals: Vec<Proposal>,
    pub assistance: Vec<Assistance>,
    /// Documents read, with their text and records, oldest first; and
    /// where the accepted records came from.
    pub readings: Vec<FiledReading>,
    pub provenance: Vec<Provenance>,
    /// Providers' IATI activities, by identifier.
    pub activities: Vec<StoredActivity>,
    /// Action plans, by State and cycle, with their items and notes.
    pub plans: Vec<crate::plan::Plan>,
}

/// A provider's project as read from an IATI file and kept, keyed by its
/// IATI identifier. It goes to its recipient States that are States
/// parties; the accepted links to their needs are [`Assistance`] records
/// carrying its identifier.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StoredActivity {
    /// When it was last imported, in seconds since 1970-01-01 UTC.
    pub at: i64,
    /// The account it was imported for, empty when none: who reads it
    /// follows the rule of assistance ([`crate::accounts::may_read_assistance`]).
    pub provider: String,
    pub activity: crate::iati::Activity,
}

/// What an import of IATI activities changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ActivitiesSummary {
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Given in a version older than the one kept (by
    /// `last-updated-datetime`): the kept one stays.
    pub older: u64,
}

/// What accepting a link between an activity and a need did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkOutcome {
    /// Recorded as assistance against the need, with this number.
    Recorded(i64),
    /// The link was accepted before: the assistance of this number.
    Already(i64),
    /// No such activity, or no such need.
    NotFound,
}

/// One need, named as people name it: State, cycle, article, type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct NeedKey {
    pub state: String,
    pub cycle: u8,
    pub article: u8,
    pub need_type: String,
}

/// One change, as the log of changes keeps it: who, when, before and after.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LogEntry {
    /// Seconds since 1970-01-01 UTC.
    pub at: i64,
    pub who: String,
    pub action: String,
    pub before: String,
    pub after: String,
}

/// One text found by a search, with what decides who may read it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Hit {
    /// `need`, `challenge` or `good_practice`.
    pub kind: String,
    pub state: String,
    pub cycle: u8,
    pub article: u8,
    /// The need's type, or the challenge's category.
    pub code: String,
    /// The document a need's text comes from.
    pub source: Option<crate::records::Source>,
    pub text: String,
    /// The documents the State agreed to publish.
    #[serde(skip)]
    pub published: crate::records::Sources,
    /// Whether the State shares the review with providers.
    #[serde(skip)]
    pub shared_with_providers: bool,
}

/// A need a State's focal point proposes, waiting for the secretariat.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Proposal {
    pub id: i64,
    pub at: i64,
    pub who: String,
    pub need: NeedKey,
    /// The document the need comes from, and what it says.
    pub source: crate::records::Source,
    pub text: String,
    /// `pending`, `accepted` or `rejected`.
    pub status: String,
}

/// What a reading proposes a record to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Need,
    Challenge,
    GoodPractice,
}

impl RecordKind {
    pub const ALL: [RecordKind; 3] = [
        RecordKind::Need,
        RecordKind::Challenge,
        RecordKind::GoodPractice,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RecordKind::Need => "need",
            RecordKind::Challenge => "challenge",
            RecordKind::GoodPractice => "good_practice",
        }
    }

    /// The section of a document the kind comes from, as import names its
    /// lists (`needs`, `challenges`, `good_practices`).
    pub fn section(self) -> &'static str {
        match self {
            RecordKind::Need => "needs",
            RecordKind::Challenge => "challenges",
            RecordKind::GoodPractice => "good_practices",
        }
    }

    pub fn from_code(code: &str) -> Option<RecordKind> {
        RecordKind::ALL
            .into_iter()
            .find(|k| k.code() == code || k.section() == code)
    }
}

/// Where a read record stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    Proposed,
    Accepted,
    /// Accepted after the secretariat changed its article, type or category.
    Edited,
    Rejected,
}

impl RecordStatus {
    pub const ALL: [RecordStatus; 4] = [
        RecordStatus::Proposed,
        RecordStatus::Accepted,
        RecordStatus::Edited,
        RecordStatus::Rejected,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RecordStatus::Proposed => "proposed",
            RecordStatus::Accepted => "accepted",
            RecordStatus::Edited => "edited",
            RecordStatus::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<RecordStatus> {
        RecordStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// One paragraph of a document read, numbered as the records cite it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ReadParagraph {
    pub number: u32,
    /// `heading`, `paragraph`, `item` or `row`.
    pub kind: String,
    pub text: String,
}

/// One record a reading proposes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ReadRecord {
    /// Its number in the reading, from 1.
    pub number: u32,
    pub kind: RecordKind,
    /// 0 for a need tied to no article.
    pub article: u16,
    /// The need's type or the challenge's category; empty for a good practice.
    pub code: String,
    /// The paragraph that gave it, and the sentence quoted.
    pub paragraph: u32,
    pub quote: String,
    /// How sure the reader was, in hundredths.
    pub confidence: u8,
    pub status: RecordStatus,
}

/// A document read and filed for the secretariat: what it is, its text and
/// the records it proposes. Lists of readings leave `paragraphs` empty.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FiledReading {
    pub id: i64,
    /// Seconds since 1970-01-01 UTC.
    pub at: i64,
    pub who: String,
    /// The file's name as it was given (never a path the server uses).
    pub file: String,
    pub format: String,
    pub language: String,
    pub state: String,
    pub cycle: u8,
    /// The kind of document, when the document or the filer said it.
    pub document: Option<crate::records::Source>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paragraphs: Vec<ReadParagraph>,
    pub records: Vec<ReadRecord>,
}

/// What the secretariat decides of one proposed record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    Accept,
    /// Accept it with another article, or type (need) or category (challenge).
    Edit {
        article: u16,
        code: String,
    },
    Reject,
}

/// Where an accepted record came from: the document, its paragraph and
/// the sentence quoted.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Provenance {
    pub state: String,
    pub cycle: u8,
    pub kind: RecordKind,
    pub article: u16,
    pub code: String,
    pub reading: i64,
    /// The record's number in the reading.
    pub number: u32,
    pub file: String,
    pub document: Option<crate::records::Source>,
    pub paragraph: u32,
    pub quote: String,
}

/// Who made a change, and when, as the log of changes keeps it.
#[derive(Clone, Copy, Debug)]
pub struct Author<'a> {
    pub who: &'a str,
    /// Seconds since 1970-01-01 UTC.
    pub at: i64,
}

/// A workspace's storage.
pub trait Store: Send {
    /// The workspace's reference data (instrument, States, types).
    fn reference(&mut self) -> Result<Reference>;

    /// Takes in a batch whose positions refer to `reference` and logs it
    /// (`what`: the files), in one transaction.
    fn import(
        &mut self,
        reference: &Reference,
        batch: &Batch,
        by: Author<'_>,
        what: &str,
    ) -> Result<ImportSummary>;

    /// The records of the workspace, their positions referring to [`Store::reference`].
    fn registry(&mut self, reference: &Reference, detail: Detail) -> Result<Registry>;

    /// The records as [`Detail::Counts`] gives them, but the needs handed
    /// to `sink` as they are read and not kept (`tana analyse`). An error,
    /// such as packs that fail their checksum, may come after needs were
    /// given: what the sink made of them is then to be thrown away.
    fn registry_into(&mut self, reference: &Reference, sink: &mut dyn NeedSink)
    -> Result<Registry>;

    /// Replaces the reference and every record, in one transaction (demo,
    /// rebuilt data sets, copies between databases); with `workspace`,
    /// also the accounts, tokens, log, proposals and assistance, and every
    /// session ends.
    fn replace_all(
        &mut self,
        reference: &Reference,
        registry: &Registry,
        workspace: Option<&Workspace>,
    ) -> Result<()>;

    /// Everything beyond the records, for a copy.
    fn workspace(&mut self) -> Result<Workspace>;

    /// Where the records came from, when a command built them all (`demo`,
    /// `synth`); an import clears it.
    fn origin(&mut self) -> Result<Option<String>>;

    /// Whether the records were rebuilt from published tables (`demo`,
    /// `synth`): their States are pseudonyms, and a rebuild may replace them.
    fn rebuilt(&mut self) -> Result<bool> {
        Ok(self.origin()?.is_some_and(|o| o == "demo" || o == "synth"))
    }

    fn set_origin(&mut self, origin: &str) -> Result<()>;

    /// A counter that every write moves, in the write's own transaction:
    /// a server that sees it changed knows that another process (an
    /// import, another server on the same database) wrote the workspace.
    /// Opening and closing sessions do not move it: they change no record
    /// a server keeps.
    fn generation(&mut self) -> Result<u64>;

    /// Creates an account (and logs it, as done by `who`), refusing a name
    /// already taken.
    fn add_account(&mut self, account: &Account, password_hash: &str, at: i64) -> Result<()> {
        let by = Author {
            who: "command line",
            at,
        };
        self.add_account_by(by, account, password_hash)
    }

    fn add_account_by(
        &mut self,
        by: Author<'_>,
        account: &Account,
        password_hash: &str,
    ) -> Result<()>;

    fn account(&mut self, name: &str) -> Result<Option<StoredAccount>>;

    /// Every account, by name.
    fn accounts(&mut self) -> Result<Vec<Account>>;

    /// Opens a session for an account until `expires` (seconds since 1970).
    fn open_session(&mut self, token: &str, account: &str, csrf: &str, expires: i64) -> Result<()>;

    /// The account of a session still open at `now`, and its form secret.
    fn session(&mut self, token: &str, now: i64) -> Result<Option<(Account, String)>>;

    fn close_session(&mut self, token: &str) -> Result<()>;

    /// Marks a need as being addressed (or not) by `by`, and logs who did it;
    /// false when there is no such need.
    fn mark_addressed(
        &mut self,
        by: Author<'_>,
        need: &NeedKey,
        addressed: bool,
        addressed_by: &str,
    ) -> Result<bool>;

    /// The log of changes, newest first.
    fn log(&mut self) -> Result<Vec<LogEntry>>;

    /// Sets when a review finished and which of its documents are
    /// published, and logs it; false when there is no such review.
    fn update_review(
        &mut self,
        by: Author<'_>,
        state: &str,
        cycle: u8,
        completed: Option<&str>,
        published: crate::records::Sources,
    ) -> Result<bool>;

    /// Keeps a focal point's proposal of a need; returns its number.
    fn propose_need(&mut self, proposal: &Proposal) -> Result<i64>;

    /// The proposals about a State, newest first.
    fn proposals(&mut self, state: &str) -> Result<Vec<Proposal>>;

    /// Accepts (the need enters the records) or rejects a pending proposal,
    /// in one transaction, and logs it; None when no such proposal waits.
    fn decide_proposal(
        &mut self,
        by: Author<'_>,
        id: i64,
        accept: bool,
    ) -> Result<Option<Proposal>>;

    /// Removes an account, its sessions and its API tokens, and logs it;
    /// false when there is no such account. What it did stays in the log.
    fn remove_account(&mut self, by: Author<'_>, name: &str) -> Result<bool>;

    /// Records a State's consent (or its withdrawal) to share a review's
    /// needs with providers, and logs it; false when there is no such review.
    fn set_sharing(&mut self, by: Author<'_>, state: &str, cycle: u8, shared: bool)
    -> Result<bool>;

    /// Sets what one document says of a need (its paragraph and words),
    /// and logs before and after; false when no such need is named there.
    fn edit_need_text(
        &mut self,
        by: Author<'_>,
        need: &NeedKey,
        source: crate::records::Source,
        paragraph: &str,
        text: &str,
    ) -> Result<bool>;

    /// Keeps assistance against a need, marks the need as being addressed
    /// and logs it, in one transaction; None when there is no such need.
    fn record_assistance(&mut self, assistance: &Assistance) -> Result<Option<i64>>;

    /// The assistance recorded against the needs of `state` (or of every
    /// State), newest first. Who may read each is for the caller.
    fn assistance(&mut self, state: Option<&str>) -> Result<Vec<Assistance>>;

    /// One record of assistance, by its number.
    fn assistance_record(&mut self, id: i64) -> Result<Option<Assistance>>;

    /// Changes the stage, title and dates of recorded assistance, and logs
    /// before and after; false when there is no such record.
    fn update_assistance(&mut self, by: Author<'_>, changed: &Assistance) -> Result<bool>;

    /// Withdraws recorded assistance and logs it; when it was the last
    /// against its need, the need goes back to being addressed or not as
    /// before the first was recorded. False when there is no such record.
    fn withdraw_assistance(&mut self, by: Author<'_>, id: i64) -> Result<bool>;

    /// Removes a need and what its documents say of it, and logs what it
    /// was; false when there is no such need.
    fn remove_need(&mut self, by: Author<'_>, need: &NeedKey) -> Result<bool>;

    /// Sets an account's password hash, ends its sessions but `keep` (a
    /// session's digest) and all its API tokens, and logs that it changed
    /// (never the hash);
    /// false when there is no such account.
    fn set_password(
        &mut self,
        by: Author<'_>,
        name: &str,
        password_hash: &str,
        keep: Option<&str>,
    ) -> Result<bool>;

    /// Keeps an API token (its digest) for an account, and logs it.
    fn add_token(&mut self, digest: &str, account: &str, at: i64) -> Result<()>;

    /// The account an API token (its digest) belongs to.
    fn token_account(&mut self, digest: &str) -> Result<Option<Account>>;

    /// The API tokens of an account, oldest first.
    fn tokens(&mut self, account: &str) -> Result<Vec<TokenInfo>>;

    /// Ends the API token of `account` named `id` (see [`TokenInfo`]), and
    /// logs it; false when it has none of that name.
    fn revoke_token(&mut self, by: Author<'_>, account: &str, id: &str) -> Result<bool>;

    /// Texts of needs, challenges and good practices matching the words of
    /// `query` (all of them, in any form: accents and case do not matter),
    /// best first. Only those `readable` keeps are counted: the first
    /// `offset` of them skipped, then at most `limit`. (Filtering before
    /// cutting keeps a text the reader may see from vanishing behind many
    /// it may not.)
    fn search(
        &mut self,
        query: &str,
        readable: &dyn Fn(&Hit) -> bool,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Hit>>;

    /// Keeps IATI activities for `provider` (an account, or none), keyed by
    /// their identifiers: one already kept is updated when the one given is
    /// not older, never duplicated. One transaction, logged with `what`
    /// (the files).
    fn import_activities(
        &mut self,
        by: Author<'_>,
        provider: Option<&str>,
        activities: &[crate::iati::Activity],
        what: &str,
    ) -> Result<ActivitiesSummary>;

    /// The activities going to `state` (or all), by identifier. Who may
    /// read each is for the caller.
    fn activities(&mut self, state: Option<&str>) -> Result<Vec<StoredActivity>>;

    /// Accepts the link of an activity (`assistance.iati_identifier`) to a
    /// need: recorded as assistance against the need, which is then being
    /// addressed, as [`Store::record_assistance`] does; logged.
    fn accept_link(&mut self, by: Author<'_>, assistance: &Assistance) -> Result<LinkOutcome>;

    /// The providers the documents name against needs (a text's
    /// `addressed_by`), each need with each name once.
    fn named_providers(&mut self) -> Result<Vec<(NeedKey, String)>>;

    /// The finder: the needs `query` asks for that `who` may know of, with
    /// the texts it may read, counted, sorted and cut as asked; the rule
    /// is applied before anything is counted or cut.
    fn find_needs(&mut self, who: Option<&Account>, query: &FindNeeds) -> Result<Found>;

    /// When the records last changed, in seconds since 1970 (None: never).
    fn last_change(&mut self) -> Result<Option<i64>>;
    /// Files documents read with the records each proposes, all proposed,
    /// and logs each, in one transaction: all are filed or none (a State
    /// or cycle the workspace does not know refuses all); returns their
    /// numbers.
    fn file_readings(&mut self, by: Author<'_>, readings: &[FiledReading]) -> Result<Vec<i64>>;

    /// The documents read about `state` (or every State), newest first,
    /// with their records but not their text.
    fn readings(&mut self, state: Option<&str>) -> Result<Vec<FiledReading>>;

    /// One document read, with its text and records.
    fn reading(&mut self, id: i64) -> Result<Option<FiledReading>>;

    /// Decides records of a reading, in one transaction: accepted (or
    /// edited) ones enter the records through import's checks, with their
    /// provenance; every decision is logged. Refuses, writing nothing, a
    /// record that is not there or not proposed, and records import would
    /// refuse (`Error::Rows`). None when there is no such reading.
    fn decide_reading(
        &mut self,
        by: Author<'_>,
        id: i64,
        decisions: &[(u32, Decision)],
    ) -> Result<Option<Vec<ReadRecord>>>;

    /// Where the accepted records of a State came from.
    fn provenance(&mut self, state: &str) -> Result<Vec<Provenance>>;

    /// The action plan of a State for a cycle, its items in order, each
    /// with its notes oldest first.
    fn plan(&mut self, state: &str, cycle: u8) -> Result<Option<Plan>>;

    /// The plans of `state` (or of every State), by State and cycle.
    fn plans(&mut self, state: Option<&str>) -> Result<Vec<Plan>>;

    /// Keeps whole plans (drafted or imported), their items numbered anew,
    /// in one transaction, each logged. A plan already there for the same
    /// State and cycle is replaced only when `replace` (what it was goes to
    /// the log, and whether it is published stays the State's word); false,
    /// writing nothing, when one is there and not `replace`.
    fn save_plans(&mut self, by: Author<'_>, plans: &[Plan], replace: bool) -> Result<bool>;

    /// Adds an item to a plan, and logs it; None when there is no plan.
    fn add_plan_item(
        &mut self,
        by: Author<'_>,
        state: &str,
        cycle: u8,
        item: &crate::plan::Item,
    ) -> Result<Option<i64>>;

    /// Changes an item of a plan (priority, title, needs, lead, days,
    /// status, providers: never its notes), and logs before and after;
    /// false when the plan has no item of that number.
    fn update_plan_item(
        &mut self,
        by: Author<'_>,
        state: &str,
        cycle: u8,
        item: &crate::plan::Item,
    ) -> Result<bool>;

    /// Adds a progress note to an item of a plan, and logs it; false when
    /// the plan has no item of that number.
    fn add_plan_note(
        &mut self,
        by: Author<'_>,
        state: &str,
        cycle: u8,
        item: i64,
        note: &crate::plan::Note,
    ) -> Result<bool>;

    /// Publishes or withdraws a plan (the State's word), and logs it;
    /// false when there is no plan.
    fn publish_plan(
        &mut self,
        by: Author<'_>,
        state: &str,
        cycle: u8,
        published: bool,
    ) -> Result<bool>;
    /// How far the records go now, or went before `before` (seconds
    /// since 1970): the line between what a digest holds and what is new.
    fn mark(&mut self, before: Option<i64>) -> Result<Mark>;

    /// Saves a reader's search (the subscription's `id`, `created`, `mark`
    /// and `sent` are the store's: now, and nothing sent); logged. Its number.
    fn subscribe(&mut self, by: Author<'_>, subscription: &Subscription) -> Result<i64>;

    /// The subscriptions of `account` (or everyone's), oldest first.
    fn subscriptions(&mut self, account: Option<&str>) -> Result<Vec<Subscription>>;

    /// Removes subscription `id` of `account`; false when it has none of
    /// that number. Logged.
    fn unsubscribe(&mut self, by: Author<'_>, account: &str, id: i64) -> Result<bool>;

    /// Records that subscription `id`'s digest up to `mark` was accepted by
    /// the mail server at `at`; false when the subscription is gone.
    fn digest_sent(&mut self, id: i64, mark: Mark, at: i64) -> Result<bool>;
}

/// How far the records went at one moment: the log's last number and the
/// last assistance record's. What a digest holds lies between two marks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Mark {
    pub log: i64,
    pub assistance: i64,
}

/// A reader's saved search (migration 13): the finder's query, the
/// address its digests go to, how far the last one went.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Subscription {
    pub id: i64,
    pub account: String,
    pub address: String,
    /// The finder's query as sent, without its page (`region=AFR&article=46`).
    pub filter: String,
    /// Seconds since 1970-01-01 UTC.
    pub created: i64,
    pub mark: Mark,
    /// When the last digest was accepted by the mail server.
    pub sent: Option<i64>,
}

/// What the stores keep of a secret (a session or an API token): its
/// SHA-256, so that reading the database does not give a way in.
pub fn digest(secret: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(crate) fn account_from(name: String, role: &str, state: Option<String>) -> Result<Account> {
    Ok(Account {
        name,
        role: crate::accounts::Role::from_code(role).ok_or_else(|| {
            crate::error::Error::Database(format!("account of unknown role `{role}`"))
        })?,
        state,
    })
}

/// What the log keeps of an import: the files and what they changed.
pub(crate) fn import_log(what: &str, summary: &ImportSummary) -> String {
    serde_json::json!({ "files": what, "summary": summary }).to_string()
}

/// What the log keeps of a State's consent: before and after.
pub(crate) fn sharing_log(state: &str, cycle: u8, before: bool, after: bool) -> (String, String) {
    let entry = |shared: bool| {
        serde_json::json!({ "review": { "state": state, "cycle": cycle }, "shared_with_providers": shared })
            .to_string()
    };
    (entry(before), entry(after))
}

/// What the log keeps of an edit of a need's words: before and after.
pub(crate) fn need_text_log(
    need: &NeedKey,
    source: crate::records::Source,
    before: Option<(String, String)>,
    paragraph: &str,
    text: &str,
) -> (String, String) {
    let entry = |paragraph: &str, text: &str| {
        serde_json::json!({ "need": need, "source": source, "paragraph": paragraph, "text": text })
            .to_string()
    };
    (
        before.map_or_else(String::new, |(p, t)| entry(&p, &t)),
        entry(paragraph, text),
    )
}

/// What the log keeps of a need removed: the need and its words.
pub(crate) fn removed_need_log(need: &NeedKey, texts: &[(i64, String, String)]) -> String {
    let texts: Vec<serde_json::Value> = texts
        .iter()
        .map(|(source, paragraph, text)| {
            serde_json::json!({ "source": source, "paragraph": paragraph, "text": text })
        })
        .collect();
    serde_json::json!({ "need": need, "texts": texts }).to_string()
}

/// What the log keeps of assistance recorded.
pub(crate) fn assistance_log(id: i64, a: &Assistance) -> String {
    serde_json::json!({ "assistance": id, "need": a.need, "title": a.title, "status": a.status,
        "starts": a.starts, "ends": a.ends })
    .to_string()
}

/// What the log keeps of an account: never its password.
pub(crate) fn account_log(account: &Account) -> String {
    serde_json::json!({ "name": account.name, "role": account.role, "state": account.state })
        .to_string()
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

/// How long a write waits for another process writing the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Waiting {
    /// A server: at most this long, then [`Error::Busy`](crate::error::Error::Busy)
    /// (the request is answered 503 and tried again), so that no request
    /// hangs behind a long import.
    Upto(std::time::Duration),
    /// The command line: as long as it takes, saying once on standard error
    /// that it waits.
    Forever,
}

/// Opens the workspace at `location` for the command line (writes wait for
/// other writers as long as it takes).
pub fn open(location: &Location) -> Result<Box<dyn Store>> {
    open_for(location, Waiting::Forever)
}

/// Opens the workspace at `location`, its writes waiting for other writers
/// as `waiting` says. Each call is one connection holding nothing shared, so
/// a pool may keep as many as it likes.
pub fn open_for(location: &Location, waiting: Waiting) -> Result<Box<dyn Store>> {
    Ok(match location {
        Location::Sqlite(p) => Box::new(sqlite::SqliteStore::open_for(p, waiting)?),
        Location::Postgres(url) => Box::new(postgres::PgStore::open_for(url, waiting)?),
    })
}

/// Creates a workspace holding `reference` at `location`, which must hold none.
pub fn create(location: &Location, reference: &Reference) -> Result<Box<dyn Store>> {
    Ok(match location {
        Location::Sqlite(p) => Box::new(sqlite::SqliteStore::create(p, reference)?),
        Location::Postgres(url) => Box::new(postgres::PgStore::create(url, reference)?),
    })
}
