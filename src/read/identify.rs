//! What a document is, from its own words: its language, the State party it
//! is about, the review cycle and the kind of document.
//!
//! The title comes first: "Executive summary: Kenya", "Country review report
//! of Mongolia", "Résumé analytique : Bénin". Then the chapters it names
//! (III and IV are cycle 1, II and V cycle 2, as `data/uncac-chapters.csv`
//! says), then the articles it names. A State named only in passing (a
//! reviewing State, say) loses to the one the title names.

use std::collections::HashMap;

use super::extract::Block;
use super::text::{Phrase, words};
use super::vocab::{Vocabulary, applies};
use crate::reference::Reference;

/// How many blocks from the top count as the title.
const TITLE_BLOCKS: usize = 10;

/// The language whose common words are most frequent, if any is frequent
/// enough to be the document's.
pub fn language(blocks: &[Block], vocab: &Vocabulary) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut total = 0usize;
    for b in blocks {
        for w in words(&b.text) {
            if w.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            total += 1;
            for (lang, common) in &vocab.common_words {
                if common.contains(&w) {
                    *counts.entry(lang.as_str()).or_default() += 1;
                }
            }
        }
        if total > 5000 {
            break;
        }
    }
    let (best, n) = counts
        .into_iter()
        .max_by_key(|&(l, n)| (n, std::cmp::Reverse(l)))?;
    // Common words are at least a tenth of any text in that language.
    (total >= 8 && n * 10 >= total).then(|| best.to_string())
}

/// The names of States as folded words, with their codes, longest first.
pub struct StateNames {
    names: Vec<(Vec<String>, String)>,
    /// Positions in `names` by first word, so a long text is read once.
    by_first: HashMap<String, Vec<usize>>,
}

impl StateNames {
    pub fn new(reference: &Reference, vocab: &Vocabulary) -> StateNames {
        let mut names: Vec<(Vec<String>, String)> = Vec::new();
        for s in &reference.states {
            for n in std::iter::once(&s.name).chain(&s.aliases) {
                // Codes (`KE`, `KEN`) are also ordinary words; names only.
                if n.chars().count() <= 3 && n.chars().all(|c| c.is_ascii_uppercase()) {
                    continue;
                }
                names.push((words(n), s.code.clone()));
            }
        }
        for (code, n) in &vocab.state_names {
            names.push((words(n), code.clone()));
        }
        names.retain(|(w, _)| !w.is_empty());
        names.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (w, _)) in names.iter().enumerate() {
            by_first.entry(w[0].clone()).or_default().push(i);
        }
        StateNames { names, by_first }
    }

    /// Every State named in a text, in order, as (position, code).
    pub fn find(&self, text: &str) -> Vec<(usize, String)> {
        let w = words(text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < w.len() {
            let hit = self.by_first.get(&w[i]).and_then(|candidates| {
                candidates
                    .iter()
                    .map(|&k| &self.names[k])
                    .find(|(n, _)| w[i..].starts_with(n))
            });
            match hit {
                Some((n, code)) => {
                    out.push((i, code.clone()));
                    i += n.len();
                }
                None => i += 1,
            }
        }
        out
    }

    /// The code of a State given on the command line, by code or name.
    pub fn resolve(&self, reference: &Reference, given: &str) -> Option<String> {
        if let Some(id) = reference.find_state(given) {
            return Some(reference.state(id).code.clone());
        }
        let w = words(given);
        self.names
            .iter()
            .find(|(n, _)| *n == w)
            .map(|(_, code)| code.clone())
    }
}

fn first_phrase<'v, T>(
    text: &str,
    entries: &'v [super::vocab::Entry<T>],
    language: &str,
) -> Option<(usize, &'v T)> {
    let w = words(text);
    entries
        .iter()
        .filter(|e| applies(e, language))
        .filter_map(|e| e.phrase.find_all(&w).first().map(|&(s, _)| (s, &e.meaning)))
        .min_by_key(|&(s, _)| s)
}

/// The State the title names, else the one named most often.
pub fn state(
    blocks: &[Block],
    names: &StateNames,
    vocab: &Vocabulary,
    language: &str,
) -> Option<String> {
    let title = &blocks[..blocks.len().min(TITLE_BLOCKS)];
    for b in title {
        if let Some((at, _)) = first_phrase(&b.text, &vocab.documents, language) {
            if let Some((_, code)) = names.find(&b.text).into_iter().find(|(p, _)| *p >= at) {
                return Some(code);
            }
        }
    }
    if let Some((_, code)) = title.iter().flat_map(|b| names.find(&b.text)).next() {
        return Some(code);
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for b in blocks {
        for (_, code) in names.find(&b.text) {
            *counts.entry(code).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(code, _)| code)
}

/// The kind of document its title names.
pub fn document(blocks: &[Block], vocab: &Vocabulary, language: &str) -> Option<String> {
    let title = &blocks[..blocks.len().min(TITLE_BLOCKS)];
    title
        .iter()
        .chain(blocks.iter())
        .find_map(|b| first_phrase(&b.text, &vocab.documents, language).map(|(_, d)| d.clone()))
}

const ROMAN: [&str; 8] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"];

/// The chapters a text names (`chapters III and IV`, `chapitre II`), by id.
pub fn chapters_named(text: &str, vocab: &Vocabulary) -> Vec<String> {
    let w = words(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        if vocab.chapter_words.contains(&w[i]) {
            let mut k = i + 1;
            while k < w.len() {
                if ROMAN.contains(&w[k].as_str()) {
                    out.push(w[k].to_uppercase());
                } else if !vocab.and_words.contains(&w[k]) {
                    break;
                }
                k += 1;
            }
            i = k;
        } else {
            i += 1;
        }
    }
    out
}

/// The review cycle, by votes: a chapter's heading (`2. Chapter II:
/// Preventive measures`) counts three, a cycle said in words (`second review
/// cycle`) two, a chapter named in a sentence one; a document that names
/// neither is told by the articles it names. Votes, not the first word found,
/// so that "reviewed in the first cycle" about an earlier review does not
/// decide.
pub fn cycle(
    blocks: &[Block],
    vocab: &Vocabulary,
    reference: &Reference,
    language: &str,
    articles: &[u16],
) -> Option<u8> {
    let mut votes: HashMap<u8, usize> = HashMap::new();
    for b in blocks {
        let w = words(&b.text);
        let heading = w.len() <= 14
            && w.iter().take(3).any(|x| vocab.chapter_words.contains(x))
            && !b.text.trim_end().ends_with('.');
        for id in chapters_named(&b.text, vocab) {
            if let Some(c) = reference
                .chapter_id(&id)
                .and_then(|c| reference.chapters[c].cycle)
            {
                *votes.entry(c).or_default() += if heading { 3 } else { 1 };
            }
        }
        for e in vocab.cycles.iter().filter(|e| applies(e, language)) {
            if e.phrase.occurs_in(&w) {
                *votes.entry(e.meaning).or_default() += 2;
            }
        }
    }
    if votes.is_empty() {
        for &a in articles {
            let cycle = u8::try_from(a)
                .ok()
                .and_then(|a| reference.chapter_of(a))
                .and_then(|c| reference.chapters[c].cycle);
            if let Some(c) = cycle {
                *votes.entry(c).or_default() += 1;
            }
        }
    }
    votes
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(c, _)| c)
}

/// Whether a phrase of the vocabulary is in a text (used by the tests).
pub fn mentions(text: &str, phrase: &str) -> bool {
    Phrase::new(phrase).occurs_in(&words(text))
}
