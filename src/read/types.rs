//! Types of need from the words of a sentence, by the phrases of
//! `data/reading/types.csv` for the document's cycle and language.
//!
//! One sentence can name several types ("legal advice and training"); where
//! two phrases overlap ("capacity-building programmes" and "programmes") the
//! longer one names the type. A sentence that names no type gets none here:
//! the caller decides whether it is a need of type `other` or not a need.

use super::text::words;
use super::vocab::{Vocabulary, applies};

/// The type codes a text names, in the order named, without repeats.
pub fn types_named(text: &str, cycle: u8, language: &str, vocab: &Vocabulary) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, code) in types_at(text, cycle, language, vocab) {
        if !out.contains(&code) {
            out.push(code);
        }
    }
    out
}

/// Every type a text names, with the position of its first word.
pub fn types_at(text: &str, cycle: u8, language: &str, vocab: &Vocabulary) -> Vec<(usize, String)> {
    let w = words(text);
    let mut hits: Vec<(usize, usize, &str)> = Vec::new();
    for e in vocab
        .types
        .iter()
        .filter(|e| e.meaning.0 == cycle && applies(e, language))
    {
        for (s, end) in e.phrase.find_all(&w) {
            hits.push((s, end, e.meaning.1.as_str()));
        }
    }
    // Longest first; a hit inside a longer one is not a type of its own.
    hits.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
    let mut kept: Vec<(usize, usize, &str)> = Vec::new();
    for h in hits {
        if !kept.iter().any(|k| h.0 < k.1 && k.0 < h.1) {
            kept.push(h);
        }
    }
    kept.sort_by_key(|&(s, _, _)| s);
    kept.into_iter()
        .map(|(s, _, c)| (s, c.to_string()))
        .collect()
}

/// Whether a text asks for assistance without naming its type
/// (`cues.csv`: "assistance", "support", "besoin", "apoyo").
pub fn asks_for_assistance(text: &str, language: &str, vocab: &Vocabulary) -> bool {
    let w = words(text);
    vocab
        .cues
        .iter()
        .any(|e| applies(e, language) && e.phrase.occurs_in(&w))
}

/// The category of challenge the words say, if they say one.
pub fn challenge_category(text: &str, language: &str, vocab: &Vocabulary) -> Option<String> {
    let w = words(text);
    vocab
        .categories
        .iter()
        .filter(|e| applies(e, language))
        .filter_map(|e| {
            e.phrase
                .find_all(&w)
                .first()
                .map(|&(s, end)| (s, std::cmp::Reverse(end - s), &e.meaning))
        })
        .min()
        .map(|(_, _, c)| c.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str, cycle: u8, lang: &str) -> Vec<String> {
        types_named(text, cycle, lang, Vocabulary::embedded())
    }

    #[test]
    fn types_the_issue_names() {
        assert_eq!(
            t("legal advice and model laws", 1, "en"),
            ["legislative_drafting", "model_legislation"]
        );
        assert_eq!(
            t("training for investigators", 1, "en"),
            ["capacity_building"]
        );
        assert_eq!(t("a case management system", 1, "en"), ["technological"]);
        assert_eq!(
            t("secure channels for the exchange of information", 1, "en"),
            ["technological"]
        );
        assert_eq!(t("des lois types", 1, "fr"), ["model_legislation"]);
        assert_eq!(
            t("asesoramiento jurídico", 1, "es"),
            ["legislative_drafting"]
        );
        assert_eq!(
            t("programas de fomento de la capacidad", 1, "es"),
            ["capacity_building"]
        );
        assert_eq!(
            t("on-site assistance by an expert", 1, "en"),
            ["onsite_expert"]
        );
        assert_eq!(
            t(
                "capacity-building programmes and a summary of good practices",
                1,
                "en"
            ),
            ["capacity_building", "good_practices"]
        );
        assert_eq!(
            t("legislative assistance and research", 2, "en"),
            ["legislative_assistance", "research"]
        );
        assert!(t("mutual legal assistance requests", 1, "en").is_empty());
        assert!(t("assistance with article 20", 1, "en").is_empty());
    }

    #[test]
    fn categories_of_challenge() {
        let v = Vocabulary::embedded();
        assert_eq!(
            challenge_category("limited resources of the police", "en", v).as_deref(),
            Some("resources")
        );
        assert_eq!(
            challenge_category("poor inter-agency coordination", "en", v).as_deref(),
            Some("coordination")
        );
        assert_eq!(
            challenge_category("the offence is described", "en", v),
            None
        );
    }
}
