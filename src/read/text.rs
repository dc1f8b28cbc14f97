//! Words as the reader compares them: folded tokens, phrases with gaps and
//! stems, and sentences.
//!
//! Every comparison with the vocabulary happens on folded words (lower case,
//! no accents, apostrophes and hyphens as spaces), so that `l'article`,
//! `capacity-building` and `Capacity building` meet the phrases a person
//! wrote in a data file however the document spells them.

use unicode_normalization::UnicodeNormalization;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

/// One token of a text, folded, with where it starts in the original.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub text: String,
    pub start: usize,
}

/// Lower case without accents.
pub fn fold_char(c: char, out: &mut String) {
    for d in c.nfd() {
        if !unicode_normalization::char::is_combining_mark(d) {
            out.extend(d.to_lowercase());
        }
    }
}

/// Splits a text into words, numbers and single punctuation marks.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut current: Option<Token> = None;
    for (at, c) in text.char_indices() {
        let kind = if c.is_alphabetic() {
            Some(TokenKind::Word)
        } else if c.is_ascii_digit() {
            Some(TokenKind::Number)
        } else {
            None
        };
        match (kind, current.as_mut()) {
            (Some(k), Some(t)) if t.kind == k => fold_char(c, &mut t.text),
            (Some(k), _) => {
                out.extend(current.take());
                let mut t = Token {
                    kind: k,
                    text: String::new(),
                    start: at,
                };
                fold_char(c, &mut t.text);
                current = Some(t);
            }
            (None, _) => {
                out.extend(current.take());
                if !c.is_whitespace() {
                    out.push(Token {
                        kind: TokenKind::Punct,
                        text: c.to_string(),
                        start: at,
                    });
                }
            }
        }
    }
    out.extend(current);
    out
}

/// The folded words and numbers of a text, punctuation left out.
pub fn words(text: &str) -> Vec<String> {
    tokens(text)
        .into_iter()
        .filter(|t| t.kind != TokenKind::Punct)
        .map(|t| t.text)
        .collect()
}

/// The clause of every word of a text (clauses end at `;`), by position
/// among its words as [`words`] counts them.
pub fn word_clauses(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut clause = 0;
    for t in tokens(text) {
        match t.kind {
            TokenKind::Punct if t.text == ";" => clause += 1,
            TokenKind::Punct => {}
            _ => out.push(clause),
        }
    }
    out
}

/// One part of a phrase: a word, a stem (`train*`) or a gap (`*`, up to
/// [`GAP`] words).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Word(String),
    Stem(String),
    Gap,
}

/// How many words a `*` in a phrase may stand for.
pub const GAP: usize = 4;

/// A phrase of the vocabulary, as a person wrote it in a data file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    parts: Vec<Part>,
    pub written: String,
}

impl Phrase {
    pub fn new(written: &str) -> Phrase {
        let mut parts = Vec::new();
        for raw in written.split_whitespace() {
            if raw == "*" {
                parts.push(Part::Gap);
                continue;
            }
            let stem = raw.ends_with('*');
            for w in words(raw.trim_end_matches('*')) {
                parts.push(Part::Word(w));
            }
            if stem {
                if let Some(Part::Word(w)) = parts.pop() {
                    parts.push(Part::Stem(w));
                }
            }
        }
        Phrase {
            parts,
            written: written.trim().to_string(),
        }
    }

    /// The number of words the phrase names (its weight when two overlap).
    pub fn len(&self) -> usize {
        self.parts.iter().filter(|p| **p != Part::Gap).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every place the phrase occurs in `words`, as (first word, past the last).
    pub fn find_all(&self, words: &[String]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        if self.is_empty() {
            return found;
        }
        for start in 0..words.len() {
            if let Some(end) = match_at(&self.parts, words, start) {
                found.push((start, end));
            }
        }
        found
    }

    pub fn occurs_in(&self, words: &[String]) -> bool {
        !self.is_empty() && (0..words.len()).any(|s| match_at(&self.parts, words, s).is_some())
    }
}

fn match_at(parts: &[Part], words: &[String], at: usize) -> Option<usize> {
    let Some((first, rest)) = parts.split_first() else {
        return Some(at);
    };
    match first {
        Part::Gap => (0..=GAP)
            .filter(|skip| at + skip <= words.len())
            .find_map(|skip| match_at(rest, words, at + skip)),
        Part::Word(w) => (words.get(at)? == w)
            .then(|| match_at(rest, words, at + 1))
            .flatten(),
        Part::Stem(s) => words
            .get(at)?
            .starts_with(s.as_str())
            .then(|| match_at(rest, words, at + 1))
            .flatten(),
    }
}

/// Abbreviations after which a full stop does not end a sentence.
pub const ABBREVIATIONS: &[&str] = &[
    "art", "arts", "para", "paras", "paragr", "subpara", "no", "nos", "cf", "e", "i", "g", "mr",
    "mrs", "ms", "dr", "p", "pp", "vol", "al", "sect", "ss", "parr", "párr", "apdo", "núm", "num",
    "n", "doc", "etc", "st", "op", "let", "lit", "inc",
];

/// Splits a paragraph into sentences; a full stop after an abbreviation
/// (`art. 16`, `para. 1`) or inside a number (`1.2`) does not end one.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next = chars.get(i + 1).map(|&(_, c)| c);
        if !next.is_none_or(char::is_whitespace) {
            continue;
        }
        let after = chars[i + 1..]
            .iter()
            .find(|(_, c)| !c.is_whitespace())
            .map(|&(_, c)| c);
        if after.is_some_and(|c| c.is_lowercase()) {
            continue;
        }
        if c == '.' {
            let word: String = text[start..at]
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let lower = word.to_lowercase();
            if ABBREVIATIONS.contains(&lower.as_str())
                || (word.chars().count() == 1 && !word.is_empty())
            {
                continue;
            }
        }
        let end = at + c.len_utf8();
        let s = text[start..end].trim();
        if !s.is_empty() {
            out.push(s);
        }
        start = end;
    }
    let s = text[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        words(s)
    }

    #[test]
    fn folding_meets_spellings() {
        assert_eq!(
            w("L'article 16, capacity-building"),
            ["l", "article", "16", "capacity", "building"]
        );
        assert_eq!(w("Résumé analytique"), ["resume", "analytique"]);
    }

    #[test]
    fn phrases_with_gaps_and_stems() {
        let p = Phrase::new("no * needs were identified");
        assert!(p.occurs_in(&w("No technical assistance needs were identified.")));
        assert!(p.occurs_in(&w("No needs were identified")));
        assert!(!p.occurs_in(&w("Needs were identified")));
        let s = Phrase::new("train*");
        assert!(s.occurs_in(&w("Training for investigators")));
        assert!(
            Phrase::new("renforcement des capacités")
                .occurs_in(&w("le renforcement des capacites"))
        );
    }

    #[test]
    fn sentences_keep_abbreviations() {
        let s = sentences(
            "Legal advice (art. 16, para. 1) was requested. Training was too. And 1.2 more",
        );
        assert_eq!(s.len(), 3, "{s:?}");
        assert!(s[0].ends_with("requested."));
    }
}
