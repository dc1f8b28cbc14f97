//! Reference data: the instrument (chapters, articles, review cycles), the
//! regional groups and States, the types of technical assistance need and the
//! categories of challenge.
//!
//! The binary carries the UNCAC set (see `data/` and `NOTICE`); another
//! instrument is set up from a folder of files of the same shape. A workspace
//! stores its own copy at `tana init`, so that States added later (the
//! numbered States of a rebuilt data set, say) live with the records.
//!
//! Invariant: nothing here knows about UNCAC. Every rule ("article 5 is not
//! reviewed in cycle 1") is read from the tables, never written in code.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};

/// Position of a State in [`Reference::states`].
pub type StateId = u32;
/// Position of a regional group in [`Reference::regions`].
pub type RegionId = u8;
/// Position of a type of need within its cycle's list ([`Reference::types`]).
pub type TypeId = u8;
/// An article's number, as the Convention numbers it.
pub type ArticleNo = u8;

/// One chapter of the instrument, with the articles it spans.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Chapter {
    pub id: String,
    pub title: String,
    pub first_article: ArticleNo,
    pub last_article: ArticleNo,
    /// The review cycle that reviews this chapter, if any does.
    pub cycle: Option<u8>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Article {
    pub number: ArticleNo,
    pub chapter: String,
    pub title: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct NeedType {
    pub cycle: u8,
    pub code: String,
    pub label: String,
    /// Other words people use for this type; used only to suggest a fix.
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Region {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct StateParty {
    /// ISO 3166 alpha-3 code, or a made-up code such as `APG-07` for the
    /// numbered States of a data set rebuilt from published tables.
    pub code: String,
    pub name: String,
    pub region: Option<String>,
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ChallengeCategory {
    pub code: String,
    pub label: String,
}

/// Everything a workspace knows about the instrument and its parties.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Reference {
    /// The instrument's short name (`UNCAC`), as analyses name it.
    pub instrument: String,
    /// Its full name, as a document's masthead gives it; workspaces made
    /// before it was kept read it as empty.
    #[serde(default)]
    pub instrument_name: String,
    pub chapters: Vec<Chapter>,
    pub articles: Vec<Article>,
    pub need_types: Vec<NeedType>,
    pub regions: Vec<Region>,
    pub states: Vec<StateParty>,
    pub challenge_categories: Vec<ChallengeCategory>,
    #[serde(skip)]
    index: Index,
}

#[derive(Clone, Debug, Default)]
struct Index {
    /// Every name, code and alias folded, built on first use: reading a
    /// workspace of 66,667 States to analyse it never looks one up, and
    /// folding 200,000 names was an eighth of `tana analyse` at 10^7 needs.
    states: std::sync::OnceLock<HashMap<String, StateId, NameHash>>,
    regions: HashMap<String, RegionId>,
    state_region: Vec<Option<RegionId>>,
    articles: HashMap<ArticleNo, usize>,
    article_chapter: HashMap<ArticleNo, usize>,
    types_by_cycle: HashMap<u8, Vec<usize>>,
}

/// The States by code (`Reference::codes`).
pub struct Codes<'r> {
    reference: &'r Reference,
    map: HashMap<&'r str, StateId, NameHash>,
}

impl Codes<'_> {
    /// The State of this code; any other spelling as `find_state` finds it.
    pub fn find(&self, code: &str) -> Option<StateId> {
        self.map
            .get(code)
            .copied()
            .or_else(|| self.reference.find_state(code))
    }
}

/// The hash of the States' index: FNV-1a, a few times quicker than the
/// standard hasher on short names. That one resists keys chosen to
/// collide; this index's keys are the reference's own States, which a
/// workspace of 66,667 of them hashes 200,000 times each time it opens.
#[derive(Clone, Copy, Debug, Default)]
struct NameHash;

impl std::hash::BuildHasher for NameHash {
    type Hasher = Fnv;
    fn build_hasher(&self) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        // FNV-1a's last bytes barely reach its top bits, which the table
        // reads first to tell keys apart: codes that differ only at the
        // end (`B0000001`, `B0000002`) then all compare. A finalizer
        // (murmur3's) spreads every bit over the whole word.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// Folds case, accents and punctuation, so that `Viet Nam`, `viet-nam` and
/// `VIET NAM` meet, and `Türkiye` matches `Turkiye`.
pub fn normalize(s: &str) -> String {
    if s.is_ascii() {
        normalize_ascii(s)
    } else {
        normalize_unicode(s)
    }
}

fn normalize_unicode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '\u{2019}' {
            space = true;
        }
    }
    out
}

/// [`normalize`] of a text without accents or other marks to take off,
/// byte by byte: what nearly every State code and name is, and a workspace
/// of 66,667 States normalizes 200,000 of them each time it is opened.
fn normalize_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(char::from(b.to_ascii_lowercase()));
        } else if b != b'\'' {
            space = true;
        }
    }
    out
}

/// Levenshtein distance over characters, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest of `candidates` to `wanted`, if it is close enough to be a typo.
fn closest<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = (String, &'a str)>,
) -> Option<&'a str> {
    let wanted = normalize(wanted);
    let limit = (wanted.chars().count() / 3).max(1);
    candidates
        .map(|(key, answer)| (edit_distance(&wanted, &key), answer))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, answer)| answer)
}

fn csv_rows(name: &str, text: &str) -> Result<Vec<HashMap<String, String>>> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::Reference(format!("{name}: {e}")))?
        .clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::Reference(format!("{name}: {e}")))?;
        rows.push(
            headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_string(), v.trim().to_string()))
                .collect(),
        );
    }
    Ok(rows)
}

fn field<'a>(row: &'a HashMap<String, String>, name: &str, file: &str) -> Result<&'a str> {
    row.get(name)
        .map(String::as_str)
        .ok_or_else(|| Error::Reference(format!("{file}: no column `{name}`")))
}

fn number<T: std::str::FromStr>(
    row: &HashMap<String, String>,
    name: &str,
    file: &str,
) -> Result<T> {
    let v = field(row, name, file)?;
    v.parse()
        .map_err(|_| Error::Reference(format!("{file}: `{v}` in column `{name}` is not a number")))
}

/// The files a reference folder holds, by name.
pub const REFERENCE_FILES: [&str; 8] = [
    "instrument.txt",
    "chapters.csv",
    "articles.csv",
    "need-types.csv",
    "need-type-aliases.csv",
    "regional-groups.csv",
    "states.csv",
    "challenge-categories.csv",
];

impl Reference {
    /// The UNCAC reference set the binary carries.
    pub fn uncac() -> Reference {
        let files = [
            "UNCAC\nUnited Nations Convention against Corruption",
            include_str!("../data/uncac-chapters.csv"),
            include_str!("../data/uncac-articles.csv"),
            include_str!("../data/need-types.csv"),
            include_str!("../data/need-type-aliases.csv"),
            include_str!("../data/regional-groups.csv"),
            include_str!("../data/un-regional-groups.csv"),
            include_str!("../data/challenge-categories.csv"),
        ];
        let mut reference =
            Reference::from_texts(&files).expect("the embedded reference data is valid");
        reference.add_aliases(include_str!("../data/country-name-aliases.csv"));
        reference
    }

    /// Reads a reference set from a folder holding [`REFERENCE_FILES`]
    /// (`need-type-aliases.csv` and `challenge-categories.csv` may be absent).
    pub fn from_dir(dir: &Path) -> Result<Reference> {
        let mut texts = Vec::new();
        for name in REFERENCE_FILES {
            let path = dir.join(name);
            let optional = matches!(name, "need-type-aliases.csv" | "challenge-categories.csv");
            match std::fs::read_to_string(&path) {
                Ok(text) => texts.push(text.trim().to_string()),
                Err(_) if optional => texts.push(String::new()),
                Err(e) => return Err(Error::io(&path, e)),
            }
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        Reference::from_texts(refs.as_slice().try_into().expect("eight files"))
    }

    fn from_texts(t: &[&str; 8]) -> Result<Reference> {
        // instrument.txt: the short name, then (optionally) the full name.
        let mut lines = t[0].lines().map(str::trim).filter(|l| !l.is_empty());
        let instrument = lines.next().unwrap_or_default();
        let instrument_name = lines.next().unwrap_or(instrument);
        let mut chapters = Vec::new();
        for row in csv_rows("chapters.csv", t[1])? {
            let f = "chapters.csv";
            let cycle = field(&row, "review_cycle", f)?;
            chapters.push(Chapter {
                id: field(&row, "chapter", f)?.to_string(),
                title: field(&row, "title", f)?.to_string(),
                first_article: number(&row, "first_article", f)?,
                last_article: number(&row, "last_article", f)?,
                cycle: if cycle.is_empty() {
                    None
                } else {
                    Some(number(&row, "review_cycle", f)?)
                },
            });
        }
        let mut articles = Vec::new();
        for row in csv_rows("articles.csv", t[2])? {
            let f = "articles.csv";
            articles.push(Article {
                number: number(&row, "article", f)?,
                chapter: field(&row, "chapter", f)?.to_string(),
                title: field(&row, "title", f)?.to_string(),
            });
        }
        articles.sort_by_key(|a| a.number);
        let mut need_types = Vec::new();
        for row in csv_rows("need-types.csv", t[3])? {
            let f = "need-types.csv";
            need_types.push(NeedType {
                cycle: number(&row, "cycle", f)?,
                code: field(&row, "code", f)?.to_string(),
                label: field(&row, "label", f)?.to_string(),
                aliases: Vec::new(),
            });
        }
        if !t[4].is_empty() {
            for row in csv_rows("need-type-aliases.csv", t[4])? {
                let f = "need-type-aliases.csv";
                let cycle: u8 = number(&row, "cycle", f)?;
                let code = field(&row, "code", f)?;
                if let Some(nt) = need_types
                    .iter_mut()
                    .find(|n| n.cycle == cycle && n.code == code)
                {
                    nt.aliases = split_list(field(&row, "aliases", f)?);
                }
            }
        }
        let mut regions = Vec::new();
        for row in csv_rows("regional-groups.csv", t[5])? {
            let f = "regional-groups.csv";
            regions.push(Region {
                code: field(&row, "code", f)?.to_string(),
                name: field(&row, "name", f)?.to_string(),
            });
        }
        let mut states = Vec::new();
        for row in csv_rows("states.csv", t[6])? {
            let f = "states.csv";
            let region = field(&row, "region", f)?;
            states.push(StateParty {
                code: field(&row, "iso3", f)?.to_string(),
                name: field(&row, "name", f)?.to_string(),
                region: (!region.is_empty()).then(|| region.to_string()),
                aliases: Vec::new(),
            });
        }
        let mut challenge_categories = Vec::new();
        if !t[7].is_empty() {
            for row in csv_rows("challenge-categories.csv", t[7])? {
                let f = "challenge-categories.csv";
                challenge_categories.push(ChallengeCategory {
                    code: field(&row, "code", f)?.to_string(),
                    label: field(&row, "label", f)?.to_string(),
                });
            }
        }
        let mut reference = Reference {
            instrument: instrument.to_string(),
            instrument_name: instrument_name.to_string(),
            chapters,
            articles,
            need_types,
            regions,
            states,
            challenge_categories,
            index: Index::default(),
        };
        reference.check()?;
        reference.reindex();
        Ok(reference)
    }

    fn add_aliases(&mut self, text: &str) {
        let Ok(rows) = csv_rows("country-name-aliases.csv", text) else {
            return;
        };
        for row in rows {
            let Some(code) = row.get("iso3") else {
                continue;
            };
            if let Some(state) = self.states.iter_mut().find(|s| &s.code == code) {
                for column in ["un_short_name", "common_name", "official_name"] {
                    if let Some(v) = row.get(column).filter(|v| !v.is_empty()) {
                        state.aliases.push(v.clone());
                    }
                }
                if let Some(alt) = row.get("alt_spellings") {
                    // Two-letter codes are ISO alpha-2 codes; they are kept too,
                    // since files from other systems often use them.
                    state.aliases.extend(split_list(alt));
                }
            }
        }
        self.reindex();
    }

    /// Refuses reference sets whose parts do not fit together.
    fn check(&self) -> Result<()> {
        for a in &self.articles {
            let Some(ch) = self.chapters.iter().find(|c| c.id == a.chapter) else {
                return Err(Error::Reference(format!(
                    "article {} names chapter {} which does not exist",
                    a.number, a.chapter
                )));
            };
            if a.number < ch.first_article || a.number > ch.last_article {
                return Err(Error::Reference(format!(
                    "article {} is outside chapter {} ({} to {})",
                    a.number, ch.id, ch.first_article, ch.last_article
                )));
            }
        }
        for s in &self.states {
            if let Some(r) = &s.region {
                if !self.regions.iter().any(|g| &g.code == r) {
                    return Err(Error::Reference(format!(
                        "State {} names regional group {r} which does not exist",
                        s.code
                    )));
                }
            }
        }
        let mut cycles: HashMap<u8, usize> = HashMap::new();
        for t in &self.need_types {
            *cycles.entry(t.cycle).or_default() += 1;
        }
        if let Some((cycle, _)) = cycles.iter().find(|(_, n)| **n > 16) {
            return Err(Error::Reference(format!(
                "cycle {cycle} has more than 16 types of need"
            )));
        }
        Ok(())
    }

    /// Rebuilds the lookup tables; call after deserializing or adding States.
    pub fn reindex(&mut self) {
        let mut index = Index::default();
        index.state_region.reserve(self.states.len());
        for (i, r) in self.regions.iter().enumerate() {
            index.regions.insert(r.code.clone(), i as RegionId);
        }
        for s in &self.states {
            index.state_region.push(
                s.region
                    .as_ref()
                    .and_then(|r| index.regions.get(r).copied()),
            );
        }
        for (i, a) in self.articles.iter().enumerate() {
            index.articles.insert(a.number, i);
            if let Some(c) = self.chapters.iter().position(|c| c.id == a.chapter) {
                index.article_chapter.insert(a.number, c);
            }
        }
        for (i, t) in self.need_types.iter().enumerate() {
            index.types_by_cycle.entry(t.cycle).or_default().push(i);
        }
        self.index = index;
    }

    /// The folded names, codes and aliases of every State.
    fn names(&self) -> &HashMap<String, StateId, NameHash> {
        self.index.states.get_or_init(|| {
            let mut names = HashMap::default();
            names.reserve(self.states.iter().map(|s| 2 + s.aliases.len()).sum());
            for (i, s) in self.states.iter().enumerate() {
                let id = i as StateId;
                // The code and the name win over aliases when two States share an alias.
                for alias in &s.aliases {
                    names.entry(normalize(alias)).or_insert(id);
                }
                names.insert(normalize(&s.name), id);
                names.insert(normalize(&s.code), id);
            }
            names
        })
    }

    /// The States by their code as written, for reading records that name
    /// them so (a store's reviews): no folding, and no index of every name.
    pub fn codes(&self) -> Codes<'_> {
        let mut map = HashMap::default();
        map.reserve(self.states.len());
        for (i, s) in self.states.iter().enumerate() {
            map.entry(s.code.as_str()).or_insert(i as StateId);
        }
        Codes {
            reference: self,
            map,
        }
    }

    /// Finds a State by code, name or alias, whatever the case or accents.
    pub fn find_state(&self, text: &str) -> Option<StateId> {
        self.names().get(&normalize(text)).copied()
    }

    /// The State whose name or code is closest to a misspelt one.
    pub fn suggestion_for_state(&self, text: &str) -> Option<&str> {
        closest(
            text,
            self.states.iter().flat_map(|s| {
                std::iter::once(&s.name)
                    .chain(&s.aliases)
                    .map(move |n| (normalize(n), s.name.as_str()))
            }),
        )
    }

    pub fn state(&self, id: StateId) -> &StateParty {
        &self.states[id as usize]
    }

    pub fn state_region(&self, id: StateId) -> Option<RegionId> {
        self.index.state_region.get(id as usize).copied().flatten()
    }

    pub fn region_id(&self, code: &str) -> Option<RegionId> {
        self.index.regions.get(code).copied().or_else(|| {
            let wanted = normalize(code);
            self.regions
                .iter()
                .position(|r| normalize(&r.code) == wanted || normalize(&r.name) == wanted)
                .map(|i| i as RegionId)
        })
    }

    pub fn article(&self, number: ArticleNo) -> Option<&Article> {
        self.index.articles.get(&number).map(|&i| &self.articles[i])
    }

    /// The chapter (as a position in [`Reference::chapters`]) an article belongs to.
    pub fn chapter_of(&self, number: ArticleNo) -> Option<usize> {
        self.index.article_chapter.get(&number).copied()
    }

    pub fn chapter_id(&self, id: &str) -> Option<usize> {
        let wanted = id.trim().to_ascii_uppercase();
        self.chapters.iter().position(|c| c.id == wanted)
    }

    /// The chapters a cycle reviews, in the instrument's order.
    pub fn cycle_chapters(&self, cycle: u8) -> Vec<usize> {
        (0..self.chapters.len())
            .filter(|&c| self.chapters[c].cycle == Some(cycle))
            .collect()
    }

    /// The articles of a chapter, in order.
    pub fn chapter_articles(&self, chapter: usize) -> Vec<ArticleNo> {
        let id = &self.chapters[chapter].id;
        self.articles
            .iter()
            .filter(|a| &a.chapter == id)
            .map(|a| a.number)
            .collect()
    }

    /// The cycles that have types of need, in order.
    pub fn cycles(&self) -> Vec<u8> {
        let mut cycles: Vec<u8> = self.index.types_by_cycle.keys().copied().collect();
        cycles.sort_unstable();
        cycles
    }

    /// The types of need of a cycle, in the order of the checklist.
    pub fn types(&self, cycle: u8) -> Vec<&NeedType> {
        self.index
            .types_by_cycle
            .get(&cycle)
            .map(|v| v.iter().map(|&i| &self.need_types[i]).collect())
            .unwrap_or_default()
    }

    /// A type of need of a cycle, by code or label; on failure, the code of
    /// the type the text most likely meant.
    pub fn find_type(&self, cycle: u8, text: &str) -> std::result::Result<TypeId, Option<String>> {
        let types = self.types(cycle);
        let wanted = normalize(text);
        if let Some(i) = types
            .iter()
            .position(|t| normalize(&t.code) == wanted || normalize(&t.label) == wanted)
        {
            return Ok(i as TypeId);
        }
        let candidates = types.iter().flat_map(|t| {
            [t.code.as_str(), t.label.as_str()]
                .into_iter()
                .chain(t.aliases.iter().map(String::as_str))
                .map(move |n| (normalize(n), t.code.as_str()))
        });
        Err(closest(text, candidates).map(str::to_string))
    }

    pub fn find_challenge_category(
        &self,
        text: &str,
    ) -> std::result::Result<usize, Option<String>> {
        let wanted = normalize(text);
        if let Some(i) = self
            .challenge_categories
            .iter()
            .position(|c| normalize(&c.code) == wanted || normalize(&c.label) == wanted)
        {
            return Ok(i);
        }
        let candidates = self.challenge_categories.iter().flat_map(|c| {
            [
                (normalize(&c.code), c.code.as_str()),
                (normalize(&c.label), c.code.as_str()),
            ]
        });
        Err(closest(text, candidates).map(str::to_string))
    }

    /// Adds a State (or returns the one with that code), for data sets whose
    /// States are not in the reference list.
    pub fn add_state(&mut self, code: &str, name: &str, region: Option<&str>) -> StateId {
        if let Some(i) = self.states.iter().position(|s| s.code == code) {
            return i as StateId;
        }
        self.states.push(StateParty {
            code: code.to_string(),
            name: name.to_string(),
            region: region.map(str::to_string),
            aliases: Vec::new(),
        });
        self.reindex();
        (self.states.len() - 1) as StateId
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_normalized_as_any_text() {
        let mut texts: Vec<String> = (0u8..128)
            .flat_map(|a| {
                (0u8..128).map(move |b| [a, b, b'x', a].iter().map(|&c| char::from(c)).collect())
            })
            .collect();
        texts
            .extend(["Viet Nam", " viet--NAM ", "Cote d'Ivoire", "B0000042", ""].map(String::from));
        for t in &texts {
            assert_eq!(normalize_ascii(t), normalize_unicode(t), "{t:?}");
        }
    }

    #[test]
    fn states_are_found_whatever_the_spelling() {
        let r = Reference::uncac();
        let vnm = r.find_state("VNM").unwrap();
        assert_eq!(r.find_state("Viet Nam"), Some(vnm));
        assert_eq!(r.find_state("vietnam"), Some(vnm));
        assert_eq!(r.find_state("  VIET-NAM "), Some(vnm));
        let tur = r.find_state("TUR").unwrap();
        assert_eq!(r.find_state("Turkiye"), Some(tur));
        assert_eq!(r.find_state("Türkiye"), Some(tur));
        assert_eq!(r.find_state("Atlantis"), None);
        assert_eq!(r.suggestion_for_state("Frnace"), Some("France"));
    }

    /// The index of names is built on first use and anew after States are
    /// added; the codes as stored find every State, as `find_state` does,
    /// and any other spelling through it. 70,000 numbered codes that
    /// differ only in their last digits keep apart.
    #[test]
    fn states_are_found_by_code_and_after_being_added() {
        let mut r = Reference::uncac();
        let before = r.states.len();
        // Looked up once, so that the index exists before States are added.
        assert!(r.find_state("VNM").is_some());
        for i in 0..70_000 {
            r.states.push(StateParty {
                name: format!("Bench State {i}"),
                code: format!("B{i:07}"),
                region: Some("AFR".into()),
                aliases: Vec::new(),
            });
        }
        r.reindex();
        let codes = r.codes();
        for (i, s) in r.states.iter().enumerate() {
            assert_eq!(codes.find(&s.code), Some(i as StateId), "{}", s.code);
            assert_eq!(r.find_state(&s.code), Some(i as StateId), "{}", s.code);
        }
        assert_eq!(codes.find("viet nam"), r.find_state("VNM"));
        assert_eq!(codes.find("B9999999"), None);
        assert_eq!(
            r.find_state("bench state 69999"),
            Some((before + 69_999) as StateId)
        );
        assert_eq!(r.state_region(before as StateId), r.region_id("AFR"));
    }

    #[test]
    fn types_and_suggestions() {
        let r = Reference::uncac();
        assert_eq!(r.types(1).len(), 9);
        assert_eq!(r.find_type(1, "capacity_building"), Ok(5));
        assert_eq!(r.find_type(1, "Capacity-building programmes"), Ok(5));
        assert_eq!(
            r.find_type(1, "trainig"),
            Err(Some("capacity_building".to_string()))
        );
        assert_eq!(r.find_type(1, "zzzzzzzz"), Err(None));
    }

    #[test]
    fn chapters_and_cycles() {
        let r = Reference::uncac();
        let ids: Vec<&str> = r
            .cycle_chapters(1)
            .iter()
            .map(|&c| r.chapters[c].id.as_str())
            .collect();
        assert_eq!(ids, ["III", "IV"]);
        assert_eq!(r.chapters[r.chapter_of(16).unwrap()].id, "III");
        assert_eq!(
            r.chapter_articles(r.chapter_id("IV").unwrap()),
            (43..=50).collect::<Vec<_>>()
        );
    }
}
