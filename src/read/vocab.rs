//! The reader's vocabulary: the words documents use, per language and cycle,
//! kept in data files (`data/reading/*.csv`) so that the secretariat adds a
//! phrase without a change of code.
//!
//! - `types.csv` (`cycle,language,type,phrase`): phrases naming a type of need;
//! - `sections.csv` (`language,section,phrase`): headings that open a section
//!   on challenges, needs, good practices, or another section that ends one;
//! - `negations.csv` (`language,kind,phrase`): what says there is no need
//!   (`none`) or that assistance is already under way (`ongoing`);
//! - `cues.csv` (`language,phrase`): words that make a sentence a request for
//!   assistance when it names no type;
//! - `documents.csv`, `cycles.csv`: how titles name the kind of document and
//!   the review cycle;
//! - `challenge-categories.csv` (`language,category,phrase`);
//! - `state-names.csv` (`iso3,language,name`): names of States in French and
//!   Spanish beyond those the reference data knows;
//! - `words.csv` (`role,language,word`): the small words article references
//!   are made of, and the common words that tell the language.
//!
//! A phrase may hold `*` for a gap of up to four words and end a word with
//! `*` for a stem (`formation*`). The language `*` applies to every language.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use super::text::{Phrase, words};
use crate::error::{Error, Result};

/// The kinds of section the reader tells apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    Challenges,
    Needs,
    GoodPractices,
    /// Any other section: observations, recommendations, an introduction.
    Other,
}

/// What a negation says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Negation {
    /// There is no need (or no challenge, no good practice).
    None,
    /// The assistance is already given: not a need to record.
    Ongoing,
}

/// One entry of the vocabulary: a phrase, its language and what it means.
#[derive(Clone, Debug)]
pub struct Entry<T> {
    pub language: String,
    pub meaning: T,
    pub phrase: Phrase,
}

/// Every list of the vocabulary.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    /// (cycle, type code).
    pub types: Vec<Entry<(u8, String)>>,
    pub sections: Vec<Entry<Section>>,
    pub negations: Vec<Entry<Negation>>,
    pub cues: Vec<Entry<()>>,
    /// The kind of document, as the import format names it.
    pub documents: Vec<Entry<String>>,
    pub cycles: Vec<Entry<u8>>,
    pub categories: Vec<Entry<String>>,
    /// (ISO code, name).
    pub state_names: Vec<(String, String)>,
    pub article_words: Vec<String>,
    pub paragraph_words: Vec<String>,
    pub and_words: Vec<String>,
    pub range_words: Vec<String>,
    pub of_words: Vec<String>,
    pub law_words: Vec<String>,
    pub convention_words: Vec<String>,
    pub chapter_words: Vec<String>,
    /// Common words per language, to tell a document's language.
    pub common_words: HashMap<String, Vec<String>>,
}

/// The names of the files, in the order [`Vocabulary::from_texts`] takes them.
pub const FILES: [&str; 9] = [
    "types.csv",
    "sections.csv",
    "negations.csv",
    "cues.csv",
    "documents.csv",
    "cycles.csv",
    "challenge-categories.csv",
    "state-names.csv",
    "words.csv",
];

fn rows(file: &str, text: &str) -> Result<Vec<HashMap<String, String>>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::format(file, e.to_string()))?
        .clone();
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| Error::format(file, format!("line {}: {e}", i + 2)))?;
        out.push(
            headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect(),
        );
    }
    Ok(out)
}

fn get<'a>(
    row: &'a HashMap<String, String>,
    name: &str,
    file: &str,
    line: usize,
) -> Result<&'a str> {
    row.get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            Error::format(
                file,
                format!("line {line}, column `{name}`: a value is required"),
            )
        })
}

fn entries<T>(
    file: &str,
    text: &str,
    meaning: impl Fn(&HashMap<String, String>, usize) -> Result<T>,
) -> Result<Vec<Entry<T>>> {
    let mut out = Vec::new();
    for (i, row) in rows(file, text)?.iter().enumerate() {
        let line = i + 2;
        out.push(Entry {
            language: get(row, "language", file, line)?.to_string(),
            meaning: meaning(row, line)?,
            phrase: Phrase::new(get(row, "phrase", file, line)?),
        });
    }
    Ok(out)
}

impl Vocabulary {
    /// The vocabulary the binary carries.
    pub fn embedded() -> &'static Vocabulary {
        static V: OnceLock<Vocabulary> = OnceLock::new();
        V.get_or_init(|| {
            Vocabulary::from_texts(&[
                include_str!("../../data/reading/types.csv"),
                include_str!("../../data/reading/sections.csv"),
                include_str!("../../data/reading/negations.csv"),
                include_str!("../../data/reading/cues.csv"),
                include_str!("../../data/reading/documents.csv"),
                include_str!("../../data/reading/cycles.csv"),
                include_str!("../../data/reading/challenge-categories.csv"),
                include_str!("../../data/reading/state-names.csv"),
                include_str!("../../data/reading/words.csv"),
            ])
            .expect("the embedded reading vocabulary is valid")
        })
    }

    /// A vocabulary read from a folder holding the [`FILES`].
    pub fn from_dir(dir: &Path) -> Result<Vocabulary> {
        let mut texts = Vec::new();
        for name in FILES {
            let path = dir.join(name);
            texts.push(std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?);
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        Vocabulary::from_texts(refs.as_slice().try_into().expect("nine files"))
    }

    pub fn from_texts(t: &[&str; 9]) -> Result<Vocabulary> {
        let mut v = Vocabulary {
            types: entries(FILES[0], t[0], |row, line| {
                let cycle = get(row, "cycle", FILES[0], line)?;
                let cycle = cycle.parse().map_err(|_| {
                    Error::format(
                        FILES[0],
                        format!(
                            "line {line}, column `cycle`, value `{cycle}`: a cycle is a number"
                        ),
                    )
                })?;
                Ok((cycle, get(row, "type", FILES[0], line)?.to_string()))
            })?,
            sections: entries(FILES[1], t[1], |row, line| {
                match get(row, "section", FILES[1], line)? {
                    "challenges" => Ok(Section::Challenges),
                    "needs" => Ok(Section::Needs),
                    "good_practices" => Ok(Section::GoodPractices),
                    "other" => Ok(Section::Other),
                    s => Err(Error::format(
                        FILES[1],
                        format!(
                            "line {line}, column `section`, value `{s}`: a section is challenges, needs, good_practices or other"
                        ),
                    )),
                }
            })?,
            negations: entries(FILES[2], t[2], |row, line| {
                match get(row, "kind", FILES[2], line)? {
                    "none" => Ok(Negation::None),
                    "ongoing" => Ok(Negation::Ongoing),
                    k => Err(Error::format(
                        FILES[2],
                        format!(
                            "line {line}, column `kind`, value `{k}`: a negation is none or ongoing"
                        ),
                    )),
                }
            })?,
            cues: entries(FILES[3], t[3], |_, _| Ok(()))?,
            documents: entries(FILES[4], t[4], |row, line| {
                Ok(get(row, "document", FILES[4], line)?.to_string())
            })?,
            cycles: entries(FILES[5], t[5], |row, line| {
                let c = get(row, "cycle", FILES[5], line)?;
                c.parse().map_err(|_| {
                    Error::format(
                        FILES[5],
                        format!("line {line}, column `cycle`, value `{c}`: a cycle is a number"),
                    )
                })
            })?,
            categories: entries(FILES[6], t[6], |row, line| {
                Ok(get(row, "category", FILES[6], line)?.to_string())
            })?,
            ..Vocabulary::default()
        };
        for (i, row) in rows(FILES[7], t[7])?.iter().enumerate() {
            v.state_names.push((
                get(row, "iso3", FILES[7], i + 2)?.to_string(),
                get(row, "name", FILES[7], i + 2)?.to_string(),
            ));
        }
        for (i, row) in rows(FILES[8], t[8])?.iter().enumerate() {
            let line = i + 2;
            let role = get(row, "role", FILES[8], line)?;
            let language = get(row, "language", FILES[8], line)?;
            let word = words(get(row, "word", FILES[8], line)?).join(" ");
            let list = match role {
                "article" => &mut v.article_words,
                "paragraph" => &mut v.paragraph_words,
                "and" => &mut v.and_words,
                "range" => &mut v.range_words,
                "of" => &mut v.of_words,
                "law" => &mut v.law_words,
                "convention" => &mut v.convention_words,
                "chapter" => &mut v.chapter_words,
                "common" => v.common_words.entry(language.to_string()).or_default(),
                r => {
                    return Err(Error::format(
                        FILES[8],
                        format!("line {line}, column `role`, value `{r}`: unknown role"),
                    ));
                }
            };
            list.push(word);
        }
        Ok(v)
    }

    /// The languages the vocabulary reads.
    pub fn languages(&self) -> Vec<&str> {
        let mut l: Vec<&str> = self.common_words.keys().map(String::as_str).collect();
        l.sort_unstable();
        l
    }
}

/// Whether an entry applies to a document in `language`.
pub fn applies<T>(e: &Entry<T>, language: &str) -> bool {
    e.language == language || e.language == "*"
}
