//! The structure of a review document: chapters, the sections on
//! challenges, needs and good practices, and (in country reports) the
//! article each part is about.
//!
//! A heading is recognised by its words after its number (`2.3`, `(c)`,
//! `II.`): a phrase of `sections.csv` opens a section, `Article 16. …` sets the
//! article, `Chapter III …` starts a chapter. A heading the vocabulary does
//! not know, under a section, is a sub-heading when it is deeper (by its
//! style's level or its numbering) or when its depth cannot be told: it keeps
//! the section and lends its articles (`Bribery (arts. 15, 16 and 21)`) to
//! what follows it.

use super::articles::references;
use super::extract::{Block, BlockKind};
use super::identify::chapters_named;
use super::text::words;
use super::vocab::{Section, Vocabulary, applies};

/// A block with what the structure says about it.
#[derive(Clone, Debug)]
pub struct Placed<'a> {
    pub block: &'a Block,
    /// The section it is in; `None` outside the three the reader takes.
    pub section: Option<Section>,
    /// The articles its heading or sub-heading is about, if any.
    pub context: Vec<u16>,
    pub heading: bool,
}

/// What a heading is.
#[derive(Debug, PartialEq)]
enum Heading {
    Section(Section),
    Article(Vec<u16>),
    Chapter,
    Unknown(Vec<u16>),
}

/// How deep a heading is: its style's level, or the numbers of its label.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Depth {
    level: Option<u8>,
    numbering: Option<usize>,
}

impl Depth {
    /// Whether `self` is certainly deeper than `outer`; `None` when it cannot be told.
    fn deeper_than(self, outer: Depth) -> Option<bool> {
        if let (Some(a), Some(b)) = (self.numbering, outer.numbering) {
            return Some(a > b);
        }
        if let (Some(a), Some(b)) = (self.level, outer.level) {
            return Some(a > b);
        }
        None
    }
}

const ROMAN: [&str; 10] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];

/// The words of a heading after its label, and the label's depth.
fn unlabelled(text: &str) -> (Vec<String>, Option<usize>) {
    let w = words(text);
    let mut skip = 0;
    let mut numbers = 0;
    let mut letter = false;
    let mut roman = false;
    while skip < w.len() && skip < 4 {
        let x = &w[skip];
        if x.chars().all(|c| c.is_ascii_digit()) {
            numbers += 1;
        } else if ROMAN.contains(&x.as_str()) && skip == 0 && w.len() > 1 {
            roman = true;
        } else if x.chars().count() == 1 && skip == numbers && w.len() > 1 {
            letter = true;
        } else {
            break;
        }
        skip += 1;
    }
    let depth = if numbers > 0 {
        Some(numbers)
    } else if letter {
        Some(3)
    } else if roman {
        Some(1)
    } else {
        None
    };
    (w[skip..].to_vec(), depth)
}

/// Whether a block is short and unterminated, as headings are.
fn short(b: &Block) -> bool {
    let t = b.text.trim_end();
    t.split_whitespace().count() <= 18 && t.len() <= 200 && !t.ends_with(['.', ';', ','])
}

/// `Article 17.` alone, or with a title that wrapped onto a second line (as
/// PDFs give them): an article's heading (and not `Article 16 is
/// implemented.`, a sentence).
fn article_title(b: &Block, vocab: &Vocabulary) -> Option<Vec<u16>> {
    let t = super::text::tokens(&b.text);
    let first = t.first()?;
    if !vocab.article_words.contains(&first.text) {
        return None;
    }
    let number = t
        .get(1)
        .filter(|x| x.kind == super::text::TokenKind::Number)?;
    let n: u16 = number.text.parse().ok()?;
    if t.len() <= 3 {
        return Some(vec![n]);
    }
    // `Article 17. Embezzlement … by a public official` run into one block
    // with the paragraph after it is not a heading; a title alone is.
    let titled = t[2].text == "."
        && t.len() <= 40
        && !b.text.trim_end().ends_with('.')
        && b.text.split_whitespace().count() <= 24;
    titled.then(|| vec![n])
}

fn classify(
    b: &Block,
    vocab: &Vocabulary,
    language: &str,
    in_section: bool,
) -> Option<(Heading, Depth)> {
    let styled = matches!(b.kind, BlockKind::Heading(_));
    if !styled && !short(b) {
        if b.kind == BlockKind::Paragraph {
            if let Some(refs) = article_title(b, vocab) {
                let depth = Depth {
                    level: None,
                    numbering: None,
                };
                return Some((Heading::Article(refs), depth));
            }
        }
        return None;
    }
    let (rest, numbering) = unlabelled(&b.text);
    let depth = Depth {
        level: match b.kind {
            BlockKind::Heading(l) if l > 0 => Some(l),
            _ => None,
        },
        numbering,
    };
    let section = vocab
        .sections
        .iter()
        .filter(|e| applies(e, language))
        .filter(|e| {
            e.phrase
                .find_all(&rest)
                .first()
                .is_some_and(|&(s, _)| s == 0)
        })
        .max_by_key(|e| e.phrase.len())
        .map(|e| e.meaning);
    if let Some(s) = section {
        return Some((Heading::Section(s), depth));
    }
    if b.kind == BlockKind::ListItem || b.kind == BlockKind::TableRow {
        return None;
    }
    let first = rest.first().map(String::as_str).unwrap_or("");
    let names_article = vocab.article_words.iter().any(|w| w == first)
        || vocab.paragraph_words.iter().any(|w| w == first);
    if names_article {
        let refs = references(&b.text, vocab);
        if !refs.is_empty() {
            return Some((Heading::Article(refs), depth));
        }
    }
    if rest.iter().take(2).any(|w| vocab.chapter_words.contains(w))
        && !chapters_named(&b.text, vocab).is_empty()
    {
        return Some((Heading::Chapter, depth));
    }
    // A short plain paragraph inside a section is content unless styled.
    if styled || !in_section {
        return Some((Heading::Unknown(references(&b.text, vocab)), depth));
    }
    None
}

/// Places every block in its section and article.
pub fn place<'a>(blocks: &'a [Block], vocab: &Vocabulary, language: &str) -> Vec<Placed<'a>> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut section: Option<(Section, Depth)> = None;
    let mut article: Vec<u16> = Vec::new();
    let mut sub: Vec<u16> = Vec::new();
    for b in blocks {
        let heading = classify(b, vocab, language, section.is_some());
        match &heading {
            Some((Heading::Section(s), d)) => {
                section = (*s != Section::Other).then_some((*s, *d));
                sub = references(&b.text, vocab);
            }
            Some((Heading::Article(refs), _)) => {
                article.clone_from(refs);
                section = None;
                sub.clear();
            }
            Some((Heading::Chapter, _)) => {
                article.clear();
                section = None;
                sub.clear();
            }
            Some((Heading::Unknown(refs), d)) => {
                let keep = section.is_some_and(|(_, outer)| d.deeper_than(outer).unwrap_or(true));
                if !keep {
                    section = None;
                }
                sub.clone_from(refs);
            }
            None => {}
        }
        let context = if sub.is_empty() {
            article.clone()
        } else {
            sub.clone()
        };
        out.push(Placed {
            block: b,
            section: section.map(|(s, _)| s),
            context,
            heading: heading.is_some(),
        });
    }
    out
}
