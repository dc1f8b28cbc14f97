//! The demo workspace's records, made to look like a real one's.
//!
//! `tana demo` rebuilds its States from the seed note's published tables, so
//! they are pseudonyms (`AFR-01`) with needs and nothing else. A portal
//! shown on such records would be empty where people look first: words,
//! challenges, good practices, dates. [`illustrate`] adds them, written by
//! templates from each record (article, type, category), so that every word
//! follows from the records and none claims to quote a real review. Every
//! text it writes is marked as illustrative in its paragraph field.
//!
//! What the note counts does not move: needs, their types and articles are
//! left as rebuilt, every review still finishes by the seed note's date,
//! and the challenges are set so that the note's paragraphs 8 and 9 (which
//! articles had more than 30 challenges) read as the seed note's do
//! (`data/demo-challenges.csv`).
//!
//! Pure: no I/O, no clock; the same records give the same result.

use crate::date::Date;
use crate::records::{Challenge, GoodPractice, NeedText, Registry, Source};
use crate::reference::{ArticleNo, Reference};

/// What every demo text says of itself, in place of a paragraph number.
pub const ILLUSTRATIVE: &str = "illustrative";

/// Challenges per article in the demo: the articles the seed note names
/// with more than 30 challenges, and a few for the others.
const CHALLENGES: &str = include_str!("../data/demo-challenges.csv");

/// The first and last day over which the demo's reviews finish: from the
/// middle of the cycle's second year to the seed note's date (28 April
/// 2014), as spreadsheet serial days.
const FIRST_DAY: f64 = 40_725.0; // 2011-07-01
const LAST_DAY: f64 = 41_757.0; // 2014-04-28

/// Gives the demo's records dates, words, challenges and good practices.
pub fn illustrate(registry: &mut Registry, reference: &Reference) {
    spread_dates(registry);
    vary_what_states_publish(registry);
    word_needs(registry, reference);
    add_challenges(registry, reference);
    add_good_practices(registry, reference);
}

/// Review dates spread over the years the note covers, so that a baseline
/// or a date of sample shows change. The order is shuffled by a fixed
/// stride, so that each regional group has early and late reviews.
fn spread_dates(registry: &mut Registry) {
    let n = registry.reviews.len();
    if n == 0 {
        return;
    }
    for (i, review) in registry.reviews.iter_mut().enumerate() {
        let rank = (i * 37 + 11) % n;
        let day = FIRST_DAY + (LAST_DAY - FIRST_DAY) * rank as f64 / (n.max(2) - 1) as f64;
        review.completed = Date::from_spreadsheet_serial(day.round()).or(review.completed);
    }
}

/// Every other State publishes its country report too, and every third
/// shares its review with providers, so that the portal shows each reader
/// something different.
pub fn vary_what_states_publish(registry: &mut Registry) {
    for (i, review) in registry.reviews.iter_mut().enumerate() {
        if i % 2 == 0 {
            review.published = review.published.with(Source::CountryReport);
        }
        review.shared_with_providers = i % 3 == 0;
    }
}

/// Words for every need, as an executive summary states a need: the type,
/// the article and its title. One need in seven is named only in the
/// State's self-assessment, which no State of the demo publishes.
fn word_needs(registry: &mut Registry, reference: &Reference) {
    registry.need_texts.clear();
    for (i, need) in registry.needs.iter_mut().enumerate() {
        let review = &registry.reviews[need.review as usize];
        let label = reference
            .types(review.cycle)
            .get(usize::from(need.need_type))
            .map(|t| t.label.clone())
            .unwrap_or_else(|| "Assistance".into());
        let source = if i % 7 == 3 {
            Source::SelfAssessment
        } else {
            Source::ExecutiveSummary
        };
        need.sources = need.sources.with(source);
        registry.need_texts.push(NeedText {
            need: i as u32,
            source: Some(source),
            paragraph: ILLUSTRATIVE.into(),
            theme: String::new(),
            text: need_words(reference, &label, need.article),
            addressed_by: String::new(),
        });
    }
}

fn need_words(reference: &Reference, label: &str, article: ArticleNo) -> String {
    match reference.article(article) {
        Some(a) => format!(
            "{label} to support the implementation of article {} ({}).",
            a.number, a.title
        ),
        None => format!("{label}, as a general need tied to no article."),
    }
}

/// Challenges: for each article, as many States as `data/demo-challenges.csv`
/// gives, taken first among the States with needs for the article (the
/// note's correlation), one challenge each, its category in turn.
fn add_challenges(registry: &mut Registry, reference: &Reference) {
    registry.challenges.clear();
    let categories = &reference.challenge_categories;
    if categories.is_empty() {
        return;
    }
    for (article, wanted) in challenge_counts() {
        let Some(a) = reference.article(article) else {
            continue;
        };
        for (k, review) in reviews_for(registry, article, wanted)
            .into_iter()
            .enumerate()
        {
            let category = (usize::from(article) + k) % categories.len();
            let text = format!(
                "{} in the implementation of article {} ({}).",
                categories[category].label, a.number, a.title
            );
            registry.challenges.push(Challenge {
                review,
                article,
                category: category as u8,
                text,
            });
        }
    }
}

/// The reviews given a challenge on an article: those with needs for it
/// first, then the others, `wanted` at most.
fn reviews_for(registry: &Registry, article: ArticleNo, wanted: usize) -> Vec<u32> {
    let cycle_of = |r: u32| registry.reviews[r as usize].cycle;
    let mut with_needs: Vec<u32> = registry
        .needs
        .iter()
        .filter(|n| n.article == article)
        .map(|n| n.review)
        .collect();
    with_needs.sort_unstable();
    with_needs.dedup();
    let cycle = with_needs.first().map(|&r| cycle_of(r));
    let others = (0..registry.reviews.len() as u32)
        .filter(|r| !with_needs.contains(r) && cycle.is_none_or(|c| cycle_of(*r) == c));
    let mut chosen: Vec<u32> = with_needs.iter().copied().chain(others).collect();
    chosen.truncate(wanted);
    chosen
}

fn challenge_counts() -> Vec<(ArticleNo, usize)> {
    CHALLENGES
        .lines()
        .skip(1)
        .filter_map(|line| {
            let (article, count) = line.split_once(',')?;
            Some((article.trim().parse().ok()?, count.trim().parse().ok()?))
        })
        .collect()
}

/// Good practices: each State one or two, on articles of its cycle for
/// which it identified no need (what it does well, it does not ask for).
fn add_good_practices(registry: &mut Registry, reference: &Reference) {
    registry.good_practices.clear();
    for (r, review) in registry.reviews.iter().enumerate() {
        let articles: Vec<ArticleNo> = reference
            .cycle_chapters(review.cycle)
            .into_iter()
            .flat_map(|c| reference.chapter_articles(c))
            .filter(|&a| {
                !registry
                    .needs
                    .iter()
                    .any(|n| n.review == r as u32 && n.article == a)
            })
            .collect();
        for k in 0..(1 + r % 2) {
            let Some(&article) = articles.get((r * 7 + k * 5) % articles.len().max(1)) else {
                continue;
            };
            let Some(a) = reference.article(article) else {
                continue;
            };
            let text = format!(
                "The way the State implements article {} ({}) was noted as a good practice that others could learn from.",
                a.number, a.title
            );
            registry.good_practices.push(GoodPractice {
                review: r as u32,
                article,
                text,
            });
        }
    }
    registry.good_practices.dedup();
}

/// The example files (`examples/`), embedded: `tana demo --with-examples`
/// adds them to the demo, so that a few States carry their real names
/// beside the pseudonyms. Reviews come first: the rest refer to them.
pub const EXAMPLES: [(&str, &str); 4] = [
    ("reviews.csv", include_str!("../examples/reviews.csv")),
    ("needs.csv", include_str!("../examples/needs.csv")),
    ("challenges.csv", include_str!("../examples/challenges.csv")),
    (
        "good_practices.csv",
        include_str!("../examples/good_practices.csv"),
    ),
];
