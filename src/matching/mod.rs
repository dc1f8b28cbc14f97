//! Matching providers' activities to the open needs of their recipient
//! States: pure functions, precision before recall.
//!
//! A link (need ↔ activity) is proposed only when the activity's own words
//! name both the need's article and its type of need, in the same sentence
//! (or the article in the title, the activity's subject, and the type in its
//! description), and the sentence is about the need's State: a sentence that
//! names some of the recipient States speaks only of those. The words come
//! from [`Vocabulary`]: the article titles of the reference, the phrases of
//! `data/iati/article-words.csv` (article ↔ phrase, English, French and
//! Spanish) and of `data/iati/need-words.csv` (type of need of a cycle ↔
//! phrase). A phrase is looked for only in narratives of its language.
//! A need of type `other` has no words of its type: its own text stands for
//! them. Needs tied to no article, needs already addressed and cancelled
//! activities are never linked. The score only ranks what passed: the kind of
//! evidence, the activity's sector (15113 anti-corruption first), evidence
//! repeated, and words the need's own text shares.
//!
//! Invariants: no I/O, no clock; the same activity, records and vocabulary
//! give the same proposals in the same order.

pub mod command;

use std::collections::HashMap;

use serde::Serialize;

use crate::iati::Activity;
use crate::records::Registry;
use crate::reference::{ArticleNo, Reference, StateId, normalize};

/// A phrase, cut into normalized words.
#[derive(Clone, Debug)]
struct Phrase {
    words: Vec<String>,
    /// As written in the data file, for the reader.
    shown: String,
    /// The language of the narratives it is looked for in; empty: all.
    lang: String,
}

impl Phrase {
    fn new(text: &str, lang: &str) -> Phrase {
        Phrase {
            words: words(text),
            shown: text.to_string(),
            lang: lang.to_string(),
        }
    }
}

/// The words that name articles and types of need.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    articles: Vec<(Phrase, Vec<ArticleNo>)>,
    /// (cycle, type code) of each phrase.
    types: Vec<(Phrase, u8, String)>,
}

fn words(text: &str) -> Vec<String> {
    normalize(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// One word of a phrase meets one of a text when it is the same, or the
/// text's is the phrase's with a short ending (`trains`, `formations`,
/// `fiscales`): English, French and Spanish inflect at the end.
fn word_meets(phrase: &str, text: &str) -> bool {
    text == phrase
        || (phrase.len() >= 4 && text.len() <= phrase.len() + 3 && text.starts_with(phrase))
}

fn contains(text: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty()
        && text.len() >= phrase.len()
        && text
            .windows(phrase.len())
            .any(|w| w.iter().zip(phrase).all(|(t, p)| word_meets(p, t)))
}

impl Vocabulary {
    /// The vocabulary the binary carries, with the reference's article titles.
    pub fn embedded(reference: &Reference) -> Vocabulary {
        Vocabulary::from_texts(
            reference,
            include_str!("../../data/iati/article-words.csv"),
            include_str!("../../data/iati/need-words.csv"),
        )
    }

    /// Builds a vocabulary from the two files' texts. Titles listed with the
    /// article `none` say too little alone ("Public sector") and are not used.
    pub fn from_texts(reference: &Reference, article_words: &str, need_words: &str) -> Vocabulary {
        let mut v = Vocabulary::default();
        let mut silent: Vec<String> = Vec::new();
        for r in csv_records(article_words) {
            let (articles, lang, phrase) = (&r[0], &r[1], &r[2]);
            if articles == "none" {
                silent.push(normalize(phrase));
                continue;
            }
            let numbers: Vec<ArticleNo> = articles
                .split_whitespace()
                .filter_map(|a| a.parse().ok())
                .collect();
            v.articles.push((Phrase::new(phrase, lang), numbers));
        }
        for a in &reference.articles {
            if !silent.contains(&normalize(&a.title)) {
                v.articles
                    .push((Phrase::new(&a.title, "en"), vec![a.number]));
            }
        }
        for r in csv_records(need_words) {
            let Ok(cycle) = r[0].parse::<u8>() else {
                continue;
            };
            v.types
                .push((Phrase::new(&r[3], &r[2]), cycle, r[1].to_string()));
        }
        v
    }
}

fn csv_records(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .filter_map(std::result::Result::ok)
        .filter(|r| r.len() >= 3)
        .collect()
}

/// A proposed link between an activity and one open need.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Proposal {
    /// How `tana match --accept` and the portal name the link: see [`link_id`].
    pub link: String,
    pub activity: String,
    /// Position of the need in the registry the proposal was made from.
    #[serde(skip)]
    pub need: u32,
    pub state: String,
    pub state_name: String,
    pub cycle: u8,
    pub article: ArticleNo,
    pub article_title: String,
    pub need_type: String,
    pub need_type_label: String,
    /// From 0 to 1; only ranks proposals that passed.
    pub score: f64,
    /// What decided it: the words found, what they name, the sector.
    pub words: Vec<String>,
}

/// One sentence of the activity (or one title), with what it names.
struct Sentence {
    title: bool,
    /// The recipient States it names; empty: it speaks of them all.
    states: Vec<StateId>,
    articles: Vec<(ArticleNo, String)>,
    /// (cycle, type code, phrase)
    types: Vec<(u8, String, String)>,
    words: Vec<String>,
}

fn sentences_of(text: &str) -> impl Iterator<Item = &str> {
    text.split(['.', ';', '!', '?', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The names a State is written with, as words, for finding it in a sentence.
fn state_names(reference: &Reference, state: StateId) -> Vec<Vec<String>> {
    let s = reference.state(state);
    std::iter::once(&s.name)
        .chain(&s.aliases)
        // Two- and three-letter codes are words of other kinds too ("ML", "PER").
        .filter(|n| n.chars().count() > 3)
        .map(|n| words(n))
        .collect()
}

fn read_sentences(
    activity: &Activity,
    recipients: &[StateId],
    reference: &Reference,
    vocabulary: &Vocabulary,
) -> Vec<Sentence> {
    let names: Vec<(StateId, Vec<Vec<String>>)> = recipients
        .iter()
        .map(|&s| (s, state_names(reference, s)))
        .collect();
    let narratives = activity
        .title
        .iter()
        .map(|n| (true, n))
        .chain(activity.description.iter().map(|n| (false, n)));
    let mut out = Vec::new();
    for (title, n) in narratives {
        for text in sentences_of(&n.text) {
            let w = words(text);
            let speaks =
                |p: &Phrase| (p.lang.is_empty() || p.lang == n.lang) && contains(&w, &p.words);
            out.push(Sentence {
                title,
                states: names
                    .iter()
                    .filter(|(_, ns)| ns.iter().any(|name| contains(&w, name)))
                    .map(|(s, _)| *s)
                    .collect(),
                articles: vocabulary
                    .articles
                    .iter()
                    .filter(|(p, _)| speaks(p))
                    .flat_map(|(p, arts)| arts.iter().map(move |a| (*a, p.shown.clone())))
                    .collect(),
                types: vocabulary
                    .types
                    .iter()
                    .filter(|(p, _, _)| speaks(p))
                    .map(|(p, c, t)| (*c, t.clone(), p.shown.clone()))
                    .collect(),
                words: w,
            });
        }
    }
    out
}

/// What speaks for one link: the phrases, and how strongly.
#[derive(Default)]
struct Evidence {
    /// 0.5 for article and type in one sentence, 0.35 for the title's
    /// article with a type in the description.
    strength: f64,
    times: usize,
    words: Vec<String>,
}

impl Evidence {
    fn add(&mut self, strength: f64, words: &[String]) {
        self.strength = self.strength.max(strength);
        self.times += 1;
        for w in words {
            if !self.words.contains(w) {
                self.words.push(w.clone());
            }
        }
    }
}

/// The content words of a need's text, for `other` needs and the score.
fn content_words(text: &str) -> Vec<String> {
    const SMALL: [&str; 12] = [
        "about", "other", "their", "there", "which", "these", "those", "under", "with", "from",
        "pour", "para",
    ];
    words(text)
        .into_iter()
        .filter(|w| w.len() >= 5 && !SMALL.contains(&w.as_str()))
        .collect()
}

fn shared_words(need_words: &[String], sentence: &[String]) -> Vec<String> {
    need_words
        .iter()
        .filter(|n| {
            sentence
                .iter()
                .any(|t| word_meets(n, t) || word_meets(t, n))
        })
        .cloned()
        .collect()
}

/// The needs of each State, in registry order: what [`propose`] looks through.
pub struct NeedIndex<'a> {
    registry: &'a Registry,
    by_state: HashMap<StateId, Vec<u32>>,
    texts: HashMap<u32, Vec<&'a str>>,
}

impl<'a> NeedIndex<'a> {
    pub fn new(registry: &'a Registry) -> NeedIndex<'a> {
        let mut by_state: HashMap<StateId, Vec<u32>> = HashMap::new();
        for (i, n) in registry.needs.iter().enumerate() {
            let state = registry.reviews[n.review as usize].state;
            by_state.entry(state).or_default().push(i as u32);
        }
        let mut texts: HashMap<u32, Vec<&str>> = HashMap::new();
        for t in &registry.need_texts {
            if !t.text.is_empty() {
                texts.entry(t.need).or_default().push(&t.text);
            }
        }
        NeedIndex {
            registry,
            by_state,
            texts,
        }
    }
}

/// Proposes links between an activity and the open needs of its recipient
/// States, best first.
pub fn propose(
    activity: &Activity,
    needs: &NeedIndex<'_>,
    reference: &Reference,
    vocabulary: &Vocabulary,
) -> Vec<Proposal> {
    if activity.status == Some(crate::iati::Status::Cancelled) {
        return Vec::new();
    }
    let recipients: Vec<StateId> = activity
        .recipients
        .iter()
        .filter_map(|r| r.state.as_deref())
        .filter_map(|code| reference.find_state(code))
        .collect();
    let sentences = read_sentences(activity, &recipients, reference, vocabulary);
    let (sector_bonus, sector_word) = sector_weight(activity);
    let mut out = Vec::new();
    for &state in &recipients {
        for &i in needs.by_state.get(&state).map_or(&[][..], Vec::as_slice) {
            let need = &needs.registry.needs[i as usize];
            if need.addressed || need.article == 0 {
                continue;
            }
            let cycle = needs.registry.reviews[need.review as usize].cycle;
            let Some(kind) = reference.types(cycle).get(need.need_type as usize).copied() else {
                continue;
            };
            let texts = needs.texts.get(&i).map_or(&[][..], Vec::as_slice);
            let own: Vec<String> = texts.iter().flat_map(|t| content_words(t)).collect();
            let ev = evidence(&sentences, state, need.article, cycle, &kind.code, &own);
            if ev.strength == 0.0 {
                continue;
            }
            let echoed = sentences
                .iter()
                .flat_map(|s| shared_words(&own, &s.words))
                .next()
                .is_some();
            let score = ev.strength
                + sector_bonus
                + if ev.times > 1 { 0.1 } else { 0.0 }
                + if echoed && kind.code != "other" {
                    0.1
                } else {
                    0.0
                };
            let mut words = ev.words;
            words.extend(sector_word.clone());
            out.push(Proposal {
                link: link_id(
                    &activity.identifier,
                    &reference.state(state).code,
                    cycle,
                    need.article,
                    &kind.code,
                ),
                activity: activity.identifier.clone(),
                need: i,
                state: reference.state(state).code.clone(),
                state_name: reference.state(state).name.clone(),
                cycle,
                article: need.article,
                article_title: reference
                    .article(need.article)
                    .map(|a| a.title.clone())
                    .unwrap_or_default(),
                need_type: kind.code.clone(),
                need_type_label: kind.label.clone(),
                score: (score.min(1.0) * 100.0).round() / 100.0,
                words,
            });
        }
    }
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| (&a.state, a.cycle, a.article).cmp(&(&b.state, b.cycle, b.article)))
            .then_with(|| a.need_type.cmp(&b.need_type))
    });
    out
}

/// The name of a link: the activity's identifier, then State, cycle,
/// article and type of the need, joined by `:`. [`parse_link_id`] reads it
/// from the right, so an identifier holding `:` still reads back.
pub fn link_id(activity: &str, state: &str, cycle: u8, article: ArticleNo, kind: &str) -> String {
    format!("{activity}:{state}:{cycle}:{article}:{kind}")
}

/// The parts of a link's name: activity, State, cycle, article, type.
pub fn parse_link_id(id: &str) -> Option<(String, String, u8, ArticleNo, String)> {
    let mut parts = id.trim().rsplitn(5, ':');
    let kind = parts.next()?.to_string();
    let article = parts.next()?.parse().ok()?;
    let cycle = parts.next()?.parse().ok()?;
    let state = parts.next()?.to_string();
    let activity = parts.next().filter(|a| !a.is_empty())?.to_string();
    Some((activity, state, cycle, article, kind))
}

/// 15113 is the Convention's own sector; the other relevant ones count less.
fn sector_weight(activity: &Activity) -> (f64, Option<String>) {
    let relevant = activity.sectors.iter().filter(|s| s.relevant);
    let best = relevant
        .clone()
        .find(|s| s.code == "15113")
        .or(relevant.clone().next());
    match best {
        Some(s) if s.code == "15113" => (0.2, Some(format!("sector {}", s.code))),
        Some(s) => (0.1, Some(format!("sector {}", s.code))),
        None => (0.0, None),
    }
}

/// What the sentences say for one need of one State.
fn evidence(
    sentences: &[Sentence],
    state: StateId,
    article: ArticleNo,
    cycle: u8,
    kind: &str,
    own_words: &[String],
) -> Evidence {
    let about = |s: &Sentence| s.states.is_empty() || s.states.contains(&state);
    let names_article = |s: &Sentence| -> Option<String> {
        s.articles
            .iter()
            .find(|(a, _)| *a == article)
            .map(|(_, p)| format!("“{p}” (article {article})"))
    };
    // The type's words, or for `other` needs, the need's own words (two, or
    // the only one it has).
    let names_type = |s: &Sentence| -> Option<String> {
        if kind == "other" {
            let shared = shared_words(own_words, &s.words);
            let enough = shared.len() >= 2 || (shared.len() == 1 && own_words.len() == 1);
            return enough.then(|| format!("“{}” (the need's own words)", shared.join(" ")));
        }
        s.types
            .iter()
            .find(|(c, t, _)| *c == cycle && t == kind)
            .map(|(_, t, p)| format!("“{p}” ({t})"))
    };
    let mut ev = Evidence::default();
    for s in sentences.iter().filter(|s| about(s)) {
        if let (Some(a), Some(t)) = (names_article(s), names_type(s)) {
            ev.add(0.5, &[a, t]);
        }
    }
    // The title names the subject; a type in the description then concerns it.
    for title in sentences.iter().filter(|s| s.title && about(s)) {
        let Some(a) = names_article(title) else {
            continue;
        };
        for s in sentences.iter().filter(|s| !s.title && about(s)) {
            if let Some(t) = names_type(s) {
                ev.add(0.35, &[a.clone(), t]);
            }
        }
    }
    ev
}
