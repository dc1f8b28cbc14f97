//! What the finder asks the store and what it gets back: needs across
//! States by State, article, type of need, cycle, document, whether anyone
//! addresses them and words, with counts per value of each filter, sorted
//! and cut into pages. The use case itself is in `cases.rs` (its section
//! "The finder"), written once for both databases; the reader's rule is
//! applied in its SQL before anything is counted or cut, so that a page, a
//! count and a download hold only what the reader may read.

use crate::records::Source;

/// One word of a search, with the articles whose title and the types of
/// need whose label hold it (the caller folds them with the reference): a
/// need matches the word when its article or type does, or one of the
/// texts the reader may read of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FindWord {
    pub word: String,
    pub articles: Vec<u8>,
    pub types: Vec<String>,
}

/// How the needs found are ordered; every order ends on State, cycle,
/// article and type, so that pages never overlap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FindOrder {
    #[default]
    State,
    Article,
    Type,
    /// When the review finished, newest first (reviews without a date last).
    Date,
    /// The needs changed last first (a feed, a digest).
    Changed,
}

/// Which needs: within a filter any value may match, and every filter
/// must. An empty list filters nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FindNeeds {
    /// State codes.
    pub states: Vec<String>,
    /// The States of the regional groups asked for, when some were; the
    /// caller knows the groups (`Reference`), the store only States.
    pub region_states: Option<Vec<String>>,
    pub articles: Vec<u8>,
    pub types: Vec<String>,
    pub cycles: Vec<u8>,
    /// Named in one of these documents (among those the reader may read).
    pub documents: Vec<Source>,
    /// Some(false): only the needs nobody addresses yet; Some(true): only
    /// those being addressed.
    pub addressed: Option<bool>,
    pub words: Vec<FindWord>,
    /// Only the needs changed by writes made after the log's entry of this
    /// number (a need's `changed` at least it) and, when given, before the
    /// entry after `changed_before` (`changed` below it): what is new
    /// between two digests.
    pub changed_from: Option<i64>,
    pub changed_before: Option<i64>,
    pub order: FindOrder,
    pub offset: usize,
    /// None: every need found (a download).
    pub limit: Option<usize>,
    /// Whether to count per value of each filter (a page does, a
    /// download does not).
    pub facets: bool,
}

/// One need found, with what the reader may read of it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FinderNeed {
    pub state: String,
    pub cycle: u8,
    pub article: u8,
    #[serde(rename = "type")]
    pub need_type: String,
    pub addressed: bool,
    /// When the review finished (YYYY-MM-DD), when known.
    pub completed: Option<String>,
    /// The documents naming it, among those the reader may read.
    pub documents: Vec<Source>,
    /// The words the reader may read: the document (None: not recorded),
    /// the paragraph, the text.
    pub texts: Vec<FoundText>,
    /// The log's last number before the write that last changed it.
    #[serde(skip)]
    pub changed: i64,
    /// When that write was logged (seconds since 1970), when asked for
    /// (ordered by change, or a change asked for) and known.
    #[serde(skip)]
    pub changed_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FoundText {
    pub source: Option<Source>,
    pub paragraph: String,
    pub text: String,
}

/// How many needs the reader may read would match with each value of a
/// filter, the other filters as asked (the filter's own ignored, so that
/// the reader sees what choosing another value would give).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    pub states: Vec<(String, u64)>,
    /// Per State, the counts the regional groups are summed from (the
    /// State filter applies, the group filter does not).
    pub region_states: Vec<(String, u64)>,
    pub articles: Vec<(u8, u64)>,
    pub types: Vec<(String, u64)>,
    pub cycles: Vec<(u8, u64)>,
    pub documents: Vec<(Source, u64)>,
    /// (addressed, count).
    pub addressed: Vec<(bool, u64)>,
}

/// What the finder hands back: how many needs match, the page asked for,
/// and the counts per value of each filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    pub total: u64,
    pub needs: Vec<FinderNeed>,
    pub facets: Facets,
}
