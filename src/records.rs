//! The records of the registry: reviews, the needs, challenges and good
//! practices they identified.
//!
//! These are plain values with no I/O. Records point at their review by
//! position in [`Registry::reviews`], and at States, types and categories by
//! position in the workspace's [`Reference`](crate::reference::Reference), so
//! that the analysis can count ten million needs without hashing a string.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::reference::{ArticleNo, StateId, TypeId};

/// Where a need (or any text) was found in a country review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    SelfAssessment,
    CountryReport,
    ExecutiveSummary,
}

impl Source {
    pub const ALL: [Source; 3] = [
        Source::SelfAssessment,
        Source::CountryReport,
        Source::ExecutiveSummary,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Source::SelfAssessment => "self_assessment",
            Source::CountryReport => "country_report",
            Source::ExecutiveSummary => "executive_summary",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Source::SelfAssessment => "self-assessment checklist",
            Source::CountryReport => "country report",
            Source::ExecutiveSummary => "executive summary",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// Reads a source by code or by a word of its label (`report`, `summary`).
    pub fn parse(text: &str) -> Option<Source> {
        let t = crate::reference::normalize(text);
        match t.as_str() {
            "self assessment" | "self assessment checklist" | "checklist" | "saq" => {
                Some(Source::SelfAssessment)
            }
            "country report" | "report" => Some(Source::CountryReport),
            "executive summary" | "summary" => Some(Source::ExecutiveSummary),
            _ => None,
        }
    }
}

/// A set of [`Source`]s: the documents of a review, or the documents naming a need.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sources(pub u8);

impl Sources {
    pub fn with(self, s: Source) -> Sources {
        Sources(self.0 | s.bit())
    }
    pub fn contains(self, s: Source) -> bool {
        self.0 & s.bit() != 0
    }
    pub fn union(self, other: Sources) -> Sources {
        Sources(self.0 | other.0)
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn iter(self) -> impl Iterator<Item = Source> {
        Source::ALL.into_iter().filter(move |s| self.contains(*s))
    }
    /// Written as in files: codes separated by `;`.
    pub fn to_list(self) -> String {
        self.iter().map(Source::code).collect::<Vec<_>>().join(";")
    }
    /// Reads a `;`- or `,`-separated list; on failure, the word not understood.
    pub fn parse_list(text: &str) -> Result<Sources, String> {
        let mut set = Sources::default();
        for word in text
            .split([';', ',', '|'])
            .map(str::trim)
            .filter(|w| !w.is_empty())
        {
            set = set.with(Source::parse(word).ok_or_else(|| word.to_string())?);
        }
        Ok(set)
    }
}

impl Serialize for Sources {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// One country review of one State party in one cycle.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Review {
    pub state: StateId,
    pub cycle: u8,
    /// The day the review finished; a review without one is counted only in
    /// samples that take every review, whatever its date.
    pub completed: Option<Date>,
    /// The documents the review produced.
    pub documents: Sources,
    /// The documents the State agreed to publish.
    pub published: Sources,
    /// Whether the State agreed to share every need of the review with
    /// technical assistance providers and donors, published or not.
    pub shared_with_providers: bool,
}

/// One State identifying one type of need for one article in one review.
///
/// `(review, article, need_type)` is unique: the sources that name the same
/// need are merged into `sources`, and their texts kept in [`NeedText`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Need {
    pub review: u32,
    /// The article, or 0 for a general or thematic need tied to no article.
    pub article: ArticleNo,
    pub need_type: TypeId,
    pub sources: Sources,
    /// Already being addressed, by a provider or donor.
    pub addressed: bool,
}

/// What one source says of a need: its paragraph and words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeedText {
    /// Position of the need in [`Registry::needs`].
    pub need: u32,
    pub source: Option<Source>,
    pub paragraph: String,
    pub theme: String,
    pub text: String,
    pub addressed_by: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    pub review: u32,
    /// The article, or 0 for a challenge tied to no article.
    pub article: ArticleNo,
    /// Position in the reference's challenge categories.
    pub category: u8,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoodPractice {
    pub review: u32,
    pub article: ArticleNo,
    pub text: String,
}

/// The records of a workspace, or of a batch about to enter it.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    pub reviews: Vec<Review>,
    pub needs: Vec<Need>,
    pub need_texts: Vec<NeedText>,
    pub challenges: Vec<Challenge>,
    pub good_practices: Vec<GoodPractice>,
}

impl Registry {
    /// Position of the review of a State in a cycle, if there is one.
    pub fn find_review(&self, state: StateId, cycle: u8) -> Option<u32> {
        self.reviews
            .iter()
            .position(|r| r.state == state && r.cycle == cycle)
            .map(|i| i as u32)
    }
}

/// What takes a workspace's needs a review at a time as a store reads
/// them, instead of a [`Registry`] holding them all (the analysis,
/// [`crate::analysis::Counting`]).
pub trait NeedSink {
    /// The reviews are read (other records may come after the needs);
    /// the needs follow, their `review` a position in `registry.reviews`.
    fn reviews(&mut self, registry: &Registry);
    /// Needs of one review, or of several.
    fn needs(&mut self, needs: &[Need]);
}

/// Records about to enter a workspace, as import builds them from files
/// (or `tana read` from documents) and a store takes them in.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    pub registry: Registry,
    /// Per review of `registry`: true when the file described it (it then
    /// replaces what the workspace had), false when only a need, challenge or
    /// good practice named it (it is then created if missing, never changed).
    pub described: Vec<bool>,
}
