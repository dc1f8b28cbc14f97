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
/// One demo executive summary: the file it is kept as and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The file's name: the State's code, `.txt`.
    pub file: String,
    /// The State's code.
    pub state: String,
    pub text: String,
}

/// An executive summary per review, written from its records in the
/// register of the Mechanism's executive summaries: a section per chapter
/// with its successes and good practices, its challenges in implementation
/// and its technical assistance needs, the article of each in brackets
/// (`(art. 16)`), so that `tana read` takes the same records back. Needs
/// named only in the self-assessment are not in it; general needs (article
/// 0) go under the first chapter, as one need "tied to no article".
pub fn summaries(registry: &Registry, reference: &Reference) -> Vec<Summary> {
    registry
        .reviews
        .iter()
        .enumerate()
        .map(|(r, review)| {
            let state = reference.state(review.state);
            let mut text = format!(
                "Executive summary: {}\n\nThis executive summary is illustrative: tana's demo wrote it from the records it rebuilt from the seed note's published tables, and it quotes no real review.\n\n1. Introduction\n\n{} was reviewed in the {} cycle of the Implementation Review Mechanism.\n",
                state.name,
                state.name,
                if review.cycle == 1 { "first" } else { "second" }
            );
            for (k, chapter) in reference.cycle_chapters(review.cycle).into_iter().enumerate() {
                text.push_str(&chapter_text(registry, reference, r as u32, chapter, k));
            }
            Summary {
                file: format!("{}.txt", state.code),
                state: state.code.clone(),
                text,
            }
        })
        .collect()
}

/// One chapter's section of a summary (`2. Chapter III: …`), numbered from
/// its place `k` among the cycle's chapters.
fn chapter_text(
    registry: &Registry,
    reference: &Reference,
    review: u32,
    chapter: usize,
    k: usize,
) -> String {
    let c = &reference.chapters[chapter];
    let n = k + 2;
    let in_chapter = |a: ArticleNo| reference.chapter_of(a) == Some(chapter) || (a == 0 && k == 0);
    let mut o = format!(
        "\n{n}. Chapter {}: {}\n\n{n}.1. Observations on the implementation of the articles under review\n\nThe reviewers' observations are not part of this illustrative summary.\n\n",
        c.id, c.title
    );
    let practices: Vec<String> = registry
        .good_practices
        .iter()
        .filter(|g| g.review == review && in_chapter(g.article) && g.article != 0)
        .map(|g| format!("• {}", g.text))
        .collect();
    if !practices.is_empty() {
        o.push_str(&format!("{n}.2. Successes and good practices\n\n"));
        o.push_str(&(practices.join("\n") + "\n\n"));
    }
    let challenges: Vec<String> = registry
        .challenges
        .iter()
        .filter(|ch| ch.review == review && in_chapter(ch.article) && ch.article != 0)
        .map(|ch| format!("• {}", ch.text))
        .collect();
    if !challenges.is_empty() {
        o.push_str(&format!("{n}.3. Challenges in implementation\n\n"));
        o.push_str(&(challenges.join("\n") + "\n\n"));
    }
    o.push_str(&format!(
        "{n}.4. Technical assistance needs identified to improve implementation of the Convention\n\n"
    ));
    let needs = needs_by_article(registry, reference, review, &in_chapter);
    if needs.is_empty() {
        o.push_str(&format!(
            "No technical assistance needs were identified under chapter {}.\n",
            c.id
        ));
    }
    for (article, labels) in needs {
        let types = list(&labels);
        if article == 0 {
            o.push_str(&format!(
                "• A general need for {types}, tied to no article.\n"
            ));
        } else {
            o.push_str(&format!("• {} (art. {article}).\n", capitalise(&types)));
        }
    }
    o
}

/// The review's needs in the executive summary, by article, each with the
/// labels of its types.
fn needs_by_article(
    registry: &Registry,
    reference: &Reference,
    review: u32,
    in_chapter: &dyn Fn(ArticleNo) -> bool,
) -> std::collections::BTreeMap<ArticleNo, Vec<String>> {
    let cycle = registry.reviews[review as usize].cycle;
    let mut out: std::collections::BTreeMap<ArticleNo, Vec<String>> = Default::default();
    for n in &registry.needs {
        if n.review != review
            || !in_chapter(n.article)
            || !n.sources.contains(Source::ExecutiveSummary)
        {
            continue;
        }
        if let Some(t) = reference.types(cycle).get(usize::from(n.need_type)) {
            out.entry(n.article)
                .or_default()
                .push(t.label.to_lowercase());
        }
    }
    out
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
