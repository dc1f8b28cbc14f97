//! References to articles of the Convention in running text.
//!
//! The forms documents use: `article 16`, `art. 16`, `arts. 15, 16 and 21`,
//! `articles 44 to 50`, `art. 31, para. 1`, `paragraph 2 of article 46`,
//! `16(1)`, `l'article 16`, `los artículos 44 y 46`, `art. 31 et 36`. A
//! paragraph's number is never taken for an article, and an article of a
//! domestic law (`article 317 of the Criminal Code`) is not one of the
//! Convention's. The words for "article", "paragraph", "and", "to" and the
//! names of domestic laws are the vocabulary's (`data/reading/words.csv`).

use super::text::{Token, TokenKind, tokens};
use super::vocab::Vocabulary;

/// Every article a text names, in the order named, without repeats.
pub fn references(text: &str, vocab: &Vocabulary) -> Vec<u16> {
    let mut found: Vec<u16> = Vec::new();
    for g in groups(text, vocab) {
        for n in g.articles {
            if !found.contains(&n) {
                found.push(n);
            }
        }
    }
    found
}

/// One reference in a text (`arts. 15, 16 and 21`), with where it is, as
/// positions among the text's words (punctuation not counted), and the
/// clause it is in (clauses end at `;`).
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub articles: Vec<u16>,
    pub start: usize,
    pub end: usize,
    pub clause: usize,
}

/// The references of a text, in order.
pub fn groups(text: &str, vocab: &Vocabulary) -> Vec<Group> {
    let t = tokens(text);
    // Position among words, and clause, of every token.
    let mut word_at = Vec::with_capacity(t.len() + 1);
    let mut clause_at = Vec::with_capacity(t.len() + 1);
    let (mut w, mut c) = (0, 0);
    for x in &t {
        word_at.push(w);
        clause_at.push(c);
        if x.kind == TokenKind::Punct {
            if x.text == ";" {
                c += 1;
            }
        } else {
            w += 1;
        }
    }
    word_at.push(w);
    clause_at.push(c);
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if is(&t[i], &vocab.article_words) {
            let mut j = skip_punct(&t, i + 1, ".");
            // "les articles" / "los artículos": a second word for the same thing.
            if j < t.len() && is(&t[j], &vocab.article_words) {
                j = skip_punct(&t, j + 1, ".");
            }
            let (numbers, end) = list(&t, j, vocab);
            if !numbers.is_empty() && !domestic(&t, end, vocab) {
                out.push(Group {
                    articles: numbers,
                    start: word_at[i],
                    end: word_at[end],
                    clause: clause_at[i],
                });
            }
            i = end.max(i + 1);
        } else if let Some(n) = bare_subdivided(&t, i, vocab) {
            out.push(Group {
                articles: vec![n],
                start: word_at[i],
                end: word_at[i] + 1,
                clause: clause_at[i],
            });
            i += 1;
        } else {
            i += 1;
        }
    }
    out
}

fn is(t: &Token, list: &[String]) -> bool {
    t.kind == TokenKind::Word && list.contains(&t.text)
}

fn punct(t: Option<&Token>, marks: &str) -> bool {
    t.is_some_and(|t| t.kind == TokenKind::Punct && marks.contains(t.text.as_str()))
}

fn skip_punct(t: &[Token], mut i: usize, marks: &str) -> usize {
    while punct(t.get(i), marks) {
        i += 1;
    }
    i
}

fn number(t: Option<&Token>) -> Option<u16> {
    t.filter(|t| t.kind == TokenKind::Number)
        .and_then(|t| t.text.parse().ok())
}

/// Skips a subdivision written after an article's number: `(1)`, `(a)`,
/// `(1)(b)`.
fn skip_parenthesis(t: &[Token], mut i: usize) -> usize {
    while punct(t.get(i), "(") {
        let close = (i + 1..(i + 5).min(t.len())).find(|&k| punct(t.get(k), ")"));
        let simple = close.is_some_and(|c| {
            t[i + 1..c].iter().all(|x| {
                x.kind == TokenKind::Number
                    || (x.kind == TokenKind::Word && x.text.chars().count() <= 3)
            })
        });
        match close {
            Some(c) if simple && c > i + 1 => i = c + 1,
            _ => break,
        }
    }
    i
}

/// Skips `, para. 1`, `, paragraphs 1 and 2 (a)`, `párrafo 3`: the numbers of
/// a paragraph belong to the article before them.
fn skip_paragraph(t: &[Token], i: usize, vocab: &Vocabulary) -> usize {
    let mut k = skip_punct(t, i, ",");
    if !(k < t.len() && is(&t[k], &vocab.paragraph_words)) {
        return i;
    }
    k = skip_punct(t, k + 1, ".");
    let mut last = i;
    loop {
        if number(t.get(k)).is_some() {
            k = skip_parenthesis(t, k + 1);
            last = k;
        } else if punct(t.get(k), "(") {
            let after = skip_parenthesis(t, k);
            if after == k {
                break;
            }
            k = after;
            last = k;
        } else {
            break;
        }
        let sep = skip_punct(t, k, ",");
        // `paras. 1 and 2, and 36`: after a comma, "and" goes back to articles.
        if sep == k
            && sep < t.len()
            && is(&t[sep], &vocab.and_words)
            && number(t.get(sep + 1)).is_some()
        {
            k = sep + 1;
        } else if punct(t.get(k), ",") && number(t.get(k + 1)).is_some() {
            k += 1;
        } else {
            break;
        }
    }
    last
}

/// Reads the numbers after a word for "article": `15, 16 and 21`, `44 to 50`,
/// `31, para. 1, and 36`. Returns them and where the list ends.
fn list(t: &[Token], mut i: usize, vocab: &Vocabulary) -> (Vec<u16>, usize) {
    let mut out = Vec::new();
    let Some(first) = number(t.get(i)) else {
        return (out, i);
    };
    out.push(first);
    i += 1;
    loop {
        i = skip_parenthesis(t, i);
        i = skip_paragraph(t, i, vocab);
        let last = *out.last().expect("one number");
        // A range: `44 to 50`, `44-50`, `44 à 50`.
        let range_word =
            t.get(i).is_some_and(|x| is(x, &vocab.range_words)) || punct(t.get(i), "-–—");
        if range_word {
            if let Some(end) = number(t.get(i + 1)) {
                if end > last && end - last < 60 {
                    out.extend(last + 1..=end);
                    i += 2;
                    continue;
                }
            }
        }
        // Another item: `, 16`, `and 21`, `, and art. 36`, `y 46`.
        let mut k = skip_punct(t, i, ",;/&");
        let had_sep = k > i;
        if k < t.len() && is(&t[k], &vocab.and_words) {
            k += 1;
        } else if !had_sep {
            break;
        }
        if k < t.len() && is(&t[k], &vocab.article_words) {
            k = skip_punct(t, k + 1, ".");
        }
        match number(t.get(k)) {
            Some(n) => {
                out.push(n);
                i = k + 1;
            }
            None => break,
        }
    }
    (out, i)
}

/// Whether the list just read is followed by the name of a domestic law
/// (`of the Criminal Code`, `du Code pénal`, `de la Ley 30424`).
fn domestic(t: &[Token], i: usize, vocab: &Vocabulary) -> bool {
    let Some(next) = t.get(i) else {
        return false;
    };
    if !is(next, &vocab.of_words) {
        return false;
    }
    for x in t.iter().skip(i + 1).take(5) {
        if x.kind == TokenKind::Punct && x.text != "'" && x.text != "’" {
            return false;
        }
        if is(x, &vocab.convention_words) {
            return false;
        }
        if is(x, &vocab.law_words) {
            return true;
        }
    }
    false
}

/// `16(1)` with no word for "article": a number glued to a bracketed
/// subdivision, not after a word for "paragraph".
fn bare_subdivided(t: &[Token], i: usize, vocab: &Vocabulary) -> Option<u16> {
    let n = number(t.get(i))?;
    let open = t.get(i + 1)?;
    if !(open.kind == TokenKind::Punct
        && open.text == "("
        && open.start == t[i].start + t[i].text.len())
    {
        return None;
    }
    if skip_parenthesis(t, i + 1) == i + 1 {
        return None;
    }
    let before = i.checked_sub(1).map(|k| &t[k]);
    let before2 = i.checked_sub(2).map(|k| &t[k]);
    let after_paragraph = before.is_some_and(|b| is(b, &vocab.paragraph_words))
        || (punct(before, ".") && before2.is_some_and(|b| is(b, &vocab.paragraph_words)));
    (!after_paragraph).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(s: &str) -> Vec<u16> {
        references(s, Vocabulary::embedded())
    }

    #[test]
    fn every_form_the_issue_lists() {
        assert_eq!(refs("under article 16"), [16]);
        assert_eq!(refs("(art. 16)"), [16]);
        assert_eq!(refs("arts. 15, 16 and 21"), [15, 16, 21]);
        assert_eq!(refs("articles 44 to 50"), [44, 45, 46, 47, 48, 49, 50]);
        assert_eq!(refs("art. 31, para. 1"), [31]);
        assert_eq!(refs("paragraph 2 of article 46"), [46]);
        assert_eq!(refs("in line with 16(1) of the Convention"), [16]);
        assert_eq!(refs("l'article 16"), [16]);
        assert_eq!(refs("los artículos 44 y 46"), [44, 46]);
        assert_eq!(refs("art. 31 et 36"), [31, 36]);
        assert_eq!(refs("(art.\n16)"), [16]);
        assert_eq!(refs("arts. 31, paras. 1 and 2, and 36"), [31, 36]);
        assert_eq!(refs("artículos 15 a 17"), [15, 16, 17]);
        assert_eq!(refs("articles 46, paragraph 9 (b), and 48"), [46, 48]);
    }

    #[test]
    fn domestic_law_and_paragraphs_are_not_articles() {
        assert!(refs("article 317 of the Criminal Code").is_empty());
        assert!(refs("l'article 12 du Code pénal").is_empty());
        assert!(refs("paragraph 3 (a) only").is_empty());
        assert_eq!(refs("article 16 of the Convention"), [16]);
        assert!(refs("Chapter IV as a whole").is_empty());
    }
}
