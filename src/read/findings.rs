//! Records from placed blocks: needs, challenges and good practices, each
//! with the paragraph and sentence it came from.
//!
//! Rules, in the words of the issue:
//! - only the sections on needs, challenges and good practices give records,
//!   so an article named in an observation or a recommendation is not a need,
//!   and "good practices" under successes is a good practice, not a type;
//! - a record names the articles its sentence names; when it names none it
//!   takes those of its lead-in ("With regard to article 46: • …"), of its
//!   sub-heading, or of the article the section is under, else none
//!   (article 0);
//! - a need's types are the types its words name; none named, it is `other`
//!   when it names an article or asks for assistance, and not a need when it
//!   does neither; several articles times several types give one need each;
//! - denied clauses and assistance already under way are left out.

use super::articles::references;
use super::extract::BlockKind;
use super::negation::affirmed;
use super::structure::Placed;
use super::text::sentences;
use super::types::{asks_for_assistance, challenge_category, types_named};
use super::vocab::{Section, Vocabulary};

/// What a record is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    Need { kind: String },
    Challenge { category: Option<String> },
    GoodPractice,
}

/// One record found in a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub what: What,
    /// 0 for a record tied to no article.
    pub article: u16,
    /// The block's number in the document (1 for the first).
    pub paragraph: usize,
    pub quote: String,
    /// How sure the reader is, from 0 to 1 (lower when the article or type was not said).
    pub confidence: f32,
}

/// What a lead-in ending with a colon lends the list items under it.
#[derive(Default)]
struct Lead {
    articles: Vec<u16>,
    types: Vec<String>,
}

/// The document's findings. `valid` says whether an article is reviewed in
/// the document's cycle.
pub fn findings(
    placed: &[Placed<'_>],
    vocab: &Vocabulary,
    language: &str,
    cycle: u8,
    valid: &dyn Fn(u16) -> bool,
) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut lead: Option<Lead> = None;
    let mut cue_only: Vec<usize> = Vec::new();
    for (i, p) in placed.iter().enumerate() {
        let item = matches!(p.block.kind, BlockKind::ListItem | BlockKind::TableRow);
        if !item {
            lead = None;
        }
        let Some(section) = p.section.filter(|_| !p.heading) else {
            continue;
        };
        let next_is_item = placed.get(i + 1).is_some_and(|n| {
            matches!(n.block.kind, BlockKind::ListItem | BlockKind::TableRow) && !n.heading
        });
        let units: Vec<&str> = if item {
            vec![p.block.text.as_str()]
        } else {
            sentences(&p.block.text)
        };
        for (u, unit) in units.iter().enumerate() {
            let last = u + 1 == units.len();
            if last && next_is_item && unit.trim_end().ends_with(':') {
                let text = affirmed(unit, language, vocab).unwrap_or_default();
                lead = Some(Lead {
                    articles: valid_refs(&text, vocab, valid),
                    types: types_named(&text, cycle, language, vocab),
                });
                continue;
            }
            let Some(text) = affirmed(unit, language, vocab) else {
                continue;
            };
            let mut articles = valid_refs(&text, vocab, valid);
            if p.block.kind == BlockKind::TableRow {
                for cell in text.split(" | ") {
                    if let Ok(n) = cell.trim().trim_start_matches("Art.").trim().parse::<u16>() {
                        if valid(n) && !articles.contains(&n) {
                            articles.push(n);
                        }
                    }
                }
            }
            let explicit = !articles.is_empty();
            if !explicit {
                articles = lead
                    .as_ref()
                    .filter(|l| item && !l.articles.is_empty())
                    .map(|l| l.articles.clone())
                    .unwrap_or_else(|| p.context.iter().copied().filter(|&a| valid(a)).collect());
            }
            let base = if explicit { 0.9 } else { 0.75 };
            let tied: Vec<u16> = if articles.is_empty() {
                vec![0]
            } else {
                articles
            };
            let at = |what: What, article: u16, confidence: f32| Found {
                what,
                article,
                paragraph: p.block.number,
                quote: unit.trim().to_string(),
                confidence,
            };
            match section {
                Section::Needs => {
                    let mut kinds = types_named(&text, cycle, language, vocab);
                    let mut confidence = base;
                    if kinds.is_empty() && item {
                        if let Some(l) = lead.as_ref() {
                            kinds.clone_from(&l.types);
                        }
                    }
                    let mut vague = false;
                    if kinds.is_empty() {
                        if !explicit && !asks_for_assistance(&text, language, vocab) {
                            continue;
                        }
                        vague = !explicit;
                        kinds.push("other".into());
                        confidence -= 0.3;
                    }
                    for &a in &tied {
                        for k in &kinds {
                            if vague {
                                cue_only.push(out.len());
                            }
                            out.push(at(What::Need { kind: k.clone() }, a, confidence));
                        }
                    }
                }
                Section::Challenges => {
                    let category = challenge_category(&text, language, vocab);
                    for &a in &tied {
                        out.push(at(
                            What::Challenge {
                                category: category.clone(),
                            },
                            a,
                            base,
                        ));
                    }
                }
                Section::GoodPractices => {
                    for &a in &tied {
                        out.push(at(What::GoodPractice, a, base));
                    }
                }
                Section::Other => {}
            }
        }
    }
    drop_vague(out, &cue_only)
}

fn valid_refs(text: &str, vocab: &Vocabulary, valid: &dyn Fn(u16) -> bool) -> Vec<u16> {
    references(text, vocab)
        .into_iter()
        .filter(|&a| valid(a))
        .collect()
}

/// A need of type `other` that named neither its article nor its type
/// ("Kenya also asked for assistance in this regard") adds nothing where
/// the same article already has a need: it is dropped there.
fn drop_vague(found: Vec<Found>, vague: &[usize]) -> Vec<Found> {
    let named: Vec<u16> = found
        .iter()
        .enumerate()
        .filter(|(i, f)| matches!(f.what, What::Need { .. }) && !vague.contains(i))
        .map(|(_, f)| f.article)
        .collect();
    found
        .into_iter()
        .enumerate()
        .filter(|(i, f)| !(vague.contains(i) && named.contains(&f.article)))
        .map(|(_, f)| f)
        .collect()
}
