//! A plan proposed from a State's open needs: the note's priority-area
//! method (docs/REPORT.md) applied to one State (docs/FOLLOW-UP.md, "How a
//! plan is drafted").
//!
//! 1. The open needs are those of the State's review of the cycle that are
//!    not being addressed.
//! 2. Related articles make one candidate: each article group (the
//!    report's `data/article-groups.csv`) whose articles are all in the
//!    cycle's chapters takes the open needs of its articles; every other
//!    article with open needs is a candidate of its own, and the needs tied
//!    to no article one more.
//! 3. Candidates are ranked by open needs, then by the types of need among
//!    them, then by the challenges the review recorded on their articles,
//!    then by their first article (needs tied to no article last).
//! 4. Each candidate becomes one item, priority by rank, tied to all its
//!    needs; lead, days and providers are left for the State to fill in.
//!
//! Invariant: pure; the same records give the same plan.

use serde::Serialize;

use super::{Item, Plan, PlanNeed, Status};
use crate::date::Date;
use crate::records::Registry;
use crate::reference::{ArticleNo, Reference};
use crate::report::ArticleGroup;

/// Why an item has its rank: what it was ranked by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Ranked {
    pub needs: usize,
    pub types: usize,
    pub challenges: usize,
}

/// A drafted plan, and for each item (in order) what ranked it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Drafted {
    pub plan: Plan,
    pub ranked: Vec<Ranked>,
}

/// Why nothing can be drafted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoDraft {
    NoReview,
    NoOpenNeed,
}

struct Candidate {
    title: String,
    /// Sorted; 0 alone for the needs tied to no article.
    articles: Vec<ArticleNo>,
    needs: Vec<PlanNeed>,
    ranked: Ranked,
}

/// The articles of the cycle's chapters.
fn cycle_articles(reference: &Reference, cycle: u8) -> Vec<ArticleNo> {
    reference
        .cycle_chapters(cycle)
        .into_iter()
        .flat_map(|c| reference.chapter_articles(c))
        .collect()
}

/// Drafts the plan of the State `state` (its position) for `cycle`.
pub fn draft(
    reference: &Reference,
    registry: &Registry,
    groups: &[ArticleGroup],
    state: u32,
    cycle: u8,
    today: Date,
) -> Result<Drafted, NoDraft> {
    let review = registry
        .find_review(state, cycle)
        .ok_or(NoDraft::NoReview)?;
    let types = reference.types(cycle);
    let mut open: Vec<(ArticleNo, u8)> = registry
        .needs
        .iter()
        .filter(|n| n.review == review && !n.addressed)
        .map(|n| (n.article, n.need_type))
        .collect();
    open.sort_unstable();
    if open.is_empty() {
        return Err(NoDraft::NoOpenNeed);
    }
    let in_cycle = cycle_articles(reference, cycle);
    let mut taken: Vec<ArticleNo> = Vec::new();
    let mut candidates = Vec::new();
    for g in groups {
        if !g.articles.iter().all(|a| in_cycle.contains(a)) {
            continue;
        }
        let mut articles = g.articles.clone();
        articles.sort_unstable();
        taken.extend(&articles);
        candidates.push((g.name.clone(), articles));
    }
    let mut alone: Vec<ArticleNo> = open.iter().map(|n| n.0).collect();
    alone.dedup();
    for a in alone.into_iter().filter(|a| !taken.contains(a)) {
        let title = match (a, reference.article(a)) {
            (0, _) => "Needs tied to no article".to_string(),
            (_, Some(art)) => format!("Article {a}: {}", art.title),
            (_, None) => format!("Article {a}"),
        };
        candidates.push((title, vec![a]));
    }
    let mut ranked: Vec<Candidate> = candidates
        .into_iter()
        .filter_map(|(title, articles)| {
            let needs: Vec<(ArticleNo, u8)> = open
                .iter()
                .copied()
                .filter(|(a, _)| articles.contains(a))
                .collect();
            if needs.is_empty() {
                return None;
            }
            let mut kinds: Vec<u8> = needs.iter().map(|n| n.1).collect();
            kinds.sort_unstable();
            kinds.dedup();
            let challenges = registry
                .challenges
                .iter()
                .filter(|c| c.review == review && c.article != 0 && articles.contains(&c.article))
                .count();
            // Needs in the order the store gives them back: article, code.
            let mut named: Vec<PlanNeed> = needs
                .iter()
                .map(|&(article, t)| PlanNeed {
                    article,
                    need_type: types
                        .get(usize::from(t))
                        .map_or_else(String::new, |t| t.code.clone()),
                })
                .collect();
            named.sort();
            Some(Candidate {
                title,
                articles,
                needs: named,
                ranked: Ranked {
                    needs: needs.len(),
                    types: kinds.len(),
                    challenges,
                },
            })
        })
        .collect();
    // Needs tied to no article sort after every article on a tie.
    let first = |c: &Candidate| match c.articles[0] {
        0 => u16::MAX,
        a => u16::from(a),
    };
    ranked.sort_by(|x, y| {
        (y.ranked.needs, y.ranked.types, y.ranked.challenges)
            .cmp(&(x.ranked.needs, x.ranked.types, x.ranked.challenges))
            .then(first(x).cmp(&first(y)))
    });
    let items = ranked
        .iter()
        .enumerate()
        .map(|(i, c)| Item {
            id: 0,
            priority: u32::try_from(i + 1).unwrap_or(u32::MAX),
            title: c.title.clone(),
            needs: c.needs.clone(),
            lead: String::new(),
            starts: None,
            ends: None,
            status: Status::Planned,
            providers: Vec::new(),
            notes: Vec::new(),
        })
        .collect();
    Ok(Drafted {
        plan: Plan {
            state: reference.state(state).code.clone(),
            cycle,
            published: false,
            drafted: today,
            items,
        },
        ranked: ranked.iter().map(|c| c.ranked).collect(),
    })
}
