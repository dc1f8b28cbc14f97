//! What is not a need: "No technical assistance needs were identified",
//! "did not request further assistance", assistance the State already
//! receives. The phrases are in `data/reading/negations.csv`.
//!
//! A sentence is read clause by clause (split at `;` and at words such as
//! "but", "while", "mais", "pero"), so that "Kenya did not request assistance
//! under article 20, but requested legal advice on article 21" keeps its
//! second half.

use super::text::words;
use super::vocab::{Negation, Vocabulary, applies};

/// Words that join two clauses of which one may deny what the other asks.
const JOINS: &[&str] = &[
    "; ",
    ", but ",
    " but ",
    ", however, ",
    ", whereas ",
    " whereas ",
    ", although ",
    ", while ",
    ", mais ",
    " mais ",
    ", alors que ",
    ", tandis que ",
    ", cependant, ",
    ", pero ",
    " pero ",
    ", sin embargo, ",
    ", mientras que ",
    ", aunque ",
];

/// Words that open a sentence with a clause ended by its first comma.
const OPENERS: &[&str] = &[
    "while ",
    "although ",
    "whereas ",
    "though ",
    "bien que ",
    "alors que ",
    "si ",
    "aunque ",
    "si bien ",
    "mientras que ",
];

/// The negation a clause says, if any. Assistance under way denies a need,
/// not a challenge or a good practice ("the authority receives many
/// requests"), so it counts only when `ongoing` is asked for.
pub fn negation(
    clause: &str,
    language: &str,
    vocab: &Vocabulary,
    ongoing: bool,
) -> Option<Negation> {
    let w = words(clause);
    vocab
        .negations
        .iter()
        .filter(|e| ongoing || e.meaning != Negation::Ongoing)
        .find(|e| applies(e, language) && e.phrase.occurs_in(&w))
        .map(|e| e.meaning)
}

fn clauses(sentence: &str) -> Vec<String> {
    let mut parts = vec![sentence.to_string()];
    for join in JOINS {
        parts = parts
            .into_iter()
            .flat_map(|p| {
                let lower = p.to_lowercase();
                if lower.len() != p.len() {
                    return vec![p];
                }
                let mut out = Vec::new();
                let mut start = 0;
                for (at, _) in lower.match_indices(join) {
                    out.push(p[start..at].to_string());
                    start = at + join.len();
                }
                out.push(p[start..].to_string());
                out
            })
            .collect();
    }
    let mut out = Vec::new();
    for p in parts {
        let lower = p.trim_start().to_lowercase();
        match OPENERS
            .iter()
            .find(|o| lower.starts_with(*o))
            .and_then(|_| p.find(", "))
        {
            Some(comma) => {
                out.push(p[..comma].to_string());
                out.push(p[comma + 2..].to_string());
            }
            None => out.push(p),
        }
    }
    out
}

/// The sentence without its denied clauses, or `None` when nothing is left.
pub fn affirmed(
    sentence: &str,
    language: &str,
    vocab: &Vocabulary,
    ongoing: bool,
) -> Option<String> {
    if negation(sentence, language, vocab, ongoing).is_none() {
        return Some(sentence.to_string());
    }
    let kept: Vec<String> = clauses(sentence)
        .into_iter()
        .filter(|c| negation(c, language, vocab, ongoing).is_none())
        .filter(|c| !c.trim().is_empty())
        .collect();
    (!kept.is_empty()).then(|| kept.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn denials_and_assistance_under_way() {
        let v = Vocabulary::embedded();
        assert_eq!(
            affirmed(
                "No technical assistance needs were identified.",
                "en",
                v,
                true
            ),
            None
        );
        assert_eq!(
            affirmed("Kenya did not request further assistance.", "en", v, true),
            None
        );
        assert_eq!(
            affirmed(
                "Kenya already receives training from UNODC (art. 36).",
                "en",
                v,
                true
            ),
            None
        );
        let kept = affirmed(
            "Kenya did not request assistance under article 20, but requested legal advice on article 21.",
            "en",
            v,
            true,
        );
        assert_eq!(
            kept.as_deref(),
            Some("requested legal advice on article 21.")
        );
        assert_eq!(
            affirmed(
                "Aucun besoin d'assistance technique n'a été identifié.",
                "fr",
                v,
                true
            ),
            None
        );
        assert_eq!(
            affirmed(
                "No se identificaron necesidades de asistencia técnica.",
                "es",
                v,
                true
            ),
            None
        );
        assert!(affirmed("Legal advice on article 16.", "en", v, true).is_some());
    }
}
