//! The rules every imported row must keep, whatever its format.
//!
//! A [`Checker`] takes tables row by row and builds one batch. A row breaking
//! a rule adds a [`RowError`] per broken rule and contributes nothing; the
//! rest of the row is still checked, so that one pass reports everything.

use std::collections::HashMap;

use super::{Kind, Prepared, column_name};
use crate::date::Date;
use crate::error::{Error, Result, RowError};
use crate::records::Batch;
use crate::records::{Challenge, GoodPractice, Need, NeedText, Registry, Review, Source, Sources};
use crate::reference::{ArticleNo, Reference, StateId, TypeId};

/// How a table's rows are numbered in messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Numbering {
    /// `line 7` (text files; line 1 is the header).
    Line,
    /// `sheet needs, row 7` (workbooks).
    SheetRow,
    /// `needs[6]` (JSON arrays, counted from 0).
    Index,
    /// `record 6` (the records a document read proposes, counted from 1).
    Record,
}

/// A table being read: its file, kind and where each known column is.
pub struct Table {
    file: usize,
    section: String,
    numbering: Numbering,
    kind: Kind,
    columns: Vec<String>,
    /// Position of each of `kind.known()` in the row, if present.
    at: Vec<Option<usize>>,
}

impl Table {
    pub fn kind(&self) -> Kind {
        self.kind
    }
}

struct NeedRow {
    /// review << 24 | article << 16 | type << 8 | source code.
    key: u64,
    table: u32,
    row: u64,
    addressed: bool,
    text: Option<Box<NeedText>>,
}

pub struct Checker<'r> {
    reference: &'r Reference,
    registry: Registry,
    described: Vec<bool>,
    review_at: HashMap<(StateId, u8), u32>,
    review_place: HashMap<u32, String>,
    states: HashMap<String, std::result::Result<StateId, String>>,
    /// By cycle, then as written: found once, then looked up without a copy.
    types: HashMap<u8, HashMap<String, std::result::Result<TypeId, String>>>,
    need_rows: Vec<NeedRow>,
    challenge_seen: HashMap<(u32, ArticleNo, u8, String), String>,
    practice_seen: HashMap<(u32, ArticleNo, String), String>,
    files: Vec<String>,
    tables: Vec<(usize, String, Numbering)>,
    errors: Vec<RowError>,
    bad_rows: Vec<(RowError, Vec<String>)>,
    warnings: Vec<String>,
    rows_read: u64,
    cycles: Vec<u8>,
}

fn place(numbering: Numbering, section: &str, row: u64) -> String {
    match numbering {
        Numbering::Line => format!("line {row}"),
        Numbering::SheetRow => format!("sheet {section}, row {row}"),
        Numbering::Index => format!("{section}[{row}]"),
        Numbering::Record => format!("record {row}"),
    }
}

impl<'r> Checker<'r> {
    pub fn new(reference: &'r Reference) -> Checker<'r> {
        Checker {
            reference,
            registry: Registry::default(),
            described: Vec::new(),
            review_at: HashMap::new(),
            review_place: HashMap::new(),
            states: HashMap::new(),
            types: HashMap::new(),
            need_rows: Vec::new(),
            challenge_seen: HashMap::new(),
            practice_seen: HashMap::new(),
            files: Vec::new(),
            tables: Vec::new(),
            errors: Vec::new(),
            bad_rows: Vec::new(),
            warnings: Vec::new(),
            rows_read: 0,
            cycles: reference.cycles(),
        }
    }

    /// Starts a table; fails when its kind cannot be told or a required
    /// column is missing, since then no row of it can be read.
    pub fn table(
        &mut self,
        file: &str,
        section: &str,
        numbering: Numbering,
        hint: Option<Kind>,
        headers: &[String],
    ) -> Result<Table> {
        let columns: Vec<String> = headers.iter().map(|h| column_name(h)).collect();
        let where_ = if section.is_empty() {
            String::new()
        } else {
            format!(" ({section})")
        };
        let kind = hint.or_else(|| Kind::from_columns(&columns)).ok_or_else(|| {
            Error::format(
                file,
                format!(
                    "cannot tell whether{where_} it holds reviews, needs, challenges or good practices: \
                     name the file or sheet after them, or give --kind (columns: {})",
                    columns.join(", ")
                ),
            )
        })?;
        let header_place = if numbering == Numbering::Line {
            "line 1"
        } else {
            "header"
        };
        for (i, c) in columns.iter().enumerate() {
            if let Some(j) = columns[..i]
                .iter()
                .position(|d| d == c && kind.known().contains(&c.as_str()))
            {
                return Err(Error::format(
                    file,
                    format!(
                        "{header_place}{where_}: columns {} (`{}`) and {} (`{}`) both name `{c}`: keep one of them",
                        j + 1,
                        headers[j],
                        i + 1,
                        headers[i]
                    ),
                ));
            }
        }
        let missing: Vec<&str> = kind
            .required()
            .iter()
            .copied()
            .filter(|c| !columns.iter().any(|h| h == c))
            .collect();
        if !missing.is_empty() {
            return Err(Error::format(
                file,
                format!(
                    "{header_place}{where_}: missing column(s) {} (a {} file needs {})",
                    missing.join(", "),
                    kind.name(),
                    kind.required().join(", ")
                ),
            ));
        }
        for c in &columns {
            if !kind.known().contains(&c.as_str()) && !c.is_empty() {
                self.warnings.push(format!(
                    "{file}{where_}: column `{c}` is not a {} column and was ignored",
                    kind.name()
                ));
            }
        }
        let file_index = match self.files.iter().position(|f| f == file) {
            Some(i) => i,
            None => {
                self.files.push(file.to_string());
                self.files.len() - 1
            }
        };
        let at = kind
            .known()
            .iter()
            .map(|k| columns.iter().position(|c| c == k))
            .collect();
        self.tables
            .push((file_index, section.to_string(), numbering));
        Ok(Table {
            file: file_index,
            section: section.to_string(),
            numbering,
            kind,
            columns,
            at,
        })
    }

    fn field<'a>(table: &Table, fields: &[&'a str], name: &str) -> &'a str {
        let i = table
            .kind
            .known()
            .iter()
            .position(|k| *k == name)
            .expect("a known column");
        table.at[i]
            .and_then(|p| fields.get(p))
            .map_or("", |v| v.trim())
    }

    /// Checks one row; `row` is its number as the table's numbering counts.
    pub fn row(&mut self, table: &Table, row: u64, fields: &[&str]) {
        self.row_cells(table, row, fields, &[]);
    }

    /// Checks one row of a workbook, where the cells at `unsaved` hold a
    /// formula with no saved value: such a cell is refused rather than read
    /// as empty (an empty article is a need tied to no article).
    pub fn row_cells(&mut self, table: &Table, row: u64, fields: &[&str], unsaved: &[usize]) {
        self.rows_read += 1;
        if unsaved.is_empty() && fields.iter().all(|f| f.trim().is_empty()) {
            return;
        }
        let mut errors: Vec<(String, String, String)> = Vec::new();
        let mut unsaved_columns: Vec<&str> = Vec::new();
        for (k, at) in table.kind.known().iter().zip(&table.at) {
            let Some(at) = *at else { continue };
            if unsaved.contains(&at) {
                unsaved_columns.push(k);
                errors.push((
                    (*k).into(),
                    String::new(),
                    "the cell holds a formula with no saved value: open the file in a spreadsheet and save it, so that its values are saved".into(),
                ));
            } else if let Some(c) = fields
                .get(at)
                .and_then(|v| v.chars().find(|c| is_control(*c)))
            {
                errors.push((
                    (*k).into(),
                    fields[at].escape_debug().to_string(),
                    format!(
                        "the cell holds the control character U+{:04X}, which no text of a record has",
                        u32::from(c)
                    ),
                ));
            }
        }
        let f = |name: &str| Self::field(table, fields, name);
        let state = self.check_state(f("state"), &mut errors);
        let cycle = self.check_cycle(f("cycle"), &mut errors);
        let table_id = (self.tables.len() - 1) as u32;
        match table.kind {
            Kind::Reviews => {
                let completed = match f("completed") {
                    "" if unsaved_columns.contains(&"completed") => None,
                    "" => {
                        errors.push((
                            "completed".into(),
                            String::new(),
                            "the date the review finished is required".into(),
                        ));
                        None
                    }
                    v => match v.parse::<Date>() {
                        Ok(d) => Some(d),
                        Err(e) => {
                            errors.push(("completed".into(), v.into(), e.0));
                            None
                        }
                    },
                };
                let documents = check_sources(f("documents"), "documents", &mut errors);
                let published = check_sources(f("published"), "published", &mut errors);
                if let (Some(d), Some(p)) = (documents, published) {
                    if !d.is_empty() && p.union(d) != d {
                        errors.push((
                            "published".into(),
                            f("published").into(),
                            format!(
                                "a published document must be one of the review's documents ({})",
                                d.to_list()
                            ),
                        ));
                    }
                }
                let shared = check_bool(f("shared_with_providers"));
                if shared.is_none() {
                    errors.push((
                        "shared_with_providers".into(),
                        f("shared_with_providers").into(),
                        "must be yes or no".into(),
                    ));
                }
                if let (
                    Some(state),
                    Some(cycle),
                    Some(completed),
                    Some(documents),
                    Some(published),
                    Some(shared_with_providers),
                    true,
                ) = (
                    state,
                    cycle,
                    completed,
                    documents,
                    published,
                    shared,
                    errors.is_empty(),
                ) {
                    let here = place(table.numbering, &table.section, row);
                    let review = Review {
                        state,
                        cycle,
                        completed: Some(completed),
                        documents: documents.union(published),
                        published,
                        shared_with_providers,
                    };
                    match self.review_at.get(&(state, cycle)).copied() {
                        Some(i) if self.described[i as usize] => {
                            let first = &self.review_place[&i];
                            errors.push((
                                "state".into(),
                                f("state").into(),
                                format!("duplicate: the review of this State in cycle {cycle} is already at {first}"),
                            ));
                        }
                        Some(i) => {
                            self.registry.reviews[i as usize] = review;
                            self.described[i as usize] = true;
                            self.review_place
                                .insert(i, format!("{}, {here}", self.files[table.file]));
                        }
                        None => {
                            let i = self.add_review(review, true);
                            self.review_place
                                .insert(i, format!("{}, {here}", self.files[table.file]));
                        }
                    }
                }
            }
            Kind::Needs => {
                let article = cycle.and_then(|c| self.check_article(f("article"), c, &mut errors));
                let need_type = cycle.and_then(|c| self.check_type(c, f("type"), &mut errors));
                let source = match f("source") {
                    "" => Some(None),
                    v => match Source::parse(v) {
                        Some(s) => Some(Some(s)),
                        None => {
                            errors.push((
                                "source".into(),
                                v.into(),
                                "the source must be self_assessment, country_report or executive_summary".into(),
                            ));
                            None
                        }
                    },
                };
                let addressed_by = f("addressed_by");
                let addressed = match check_bool(f("addressed")) {
                    Some(b) => Some(b || !addressed_by.is_empty()),
                    None => {
                        errors.push((
                            "addressed".into(),
                            f("addressed").into(),
                            "must be yes or no".into(),
                        ));
                        None
                    }
                };
                if let (
                    Some(state),
                    Some(cycle),
                    Some(article),
                    Some(need_type),
                    Some(source),
                    Some(addressed),
                    true,
                ) = (
                    state,
                    cycle,
                    article,
                    need_type,
                    source,
                    addressed,
                    errors.is_empty(),
                ) {
                    let review = self.review_for(state, cycle);
                    let (paragraph, theme, text) = (f("paragraph"), f("theme"), f("text"));
                    let has_text = !(paragraph.is_empty()
                        && theme.is_empty()
                        && text.is_empty()
                        && addressed_by.is_empty());
                    let key = (u64::from(review) << 24)
                        | (u64::from(article) << 16)
                        | (u64::from(need_type) << 8)
                        | source.map_or(0, |s| s as u64 + 1);
                    self.need_rows.push(NeedRow {
                        key,
                        table: table_id,
                        row,
                        addressed,
                        text: (has_text || source.is_some()).then(|| {
                            Box::new(NeedText {
                                need: 0,
                                source,
                                paragraph: paragraph.into(),
                                theme: theme.into(),
                                text: text.into(),
                                addressed_by: addressed_by.into(),
                            })
                        }),
                    });
                }
            }
            Kind::Challenges => {
                let article = cycle.and_then(|c| self.check_article(f("article"), c, &mut errors));
                let category = match self.reference.find_challenge_category(f("category")) {
                    Ok(c) => Some(c as u8),
                    Err(suggestion) => {
                        let hint = suggestion
                            .map(|s| format!(", did you mean `{s}`?"))
                            .unwrap_or_default();
                        let known: Vec<&str> = self
                            .reference
                            .challenge_categories
                            .iter()
                            .map(|c| c.code.as_str())
                            .collect();
                        errors.push((
                            "category".into(),
                            f("category").into(),
                            format!(
                                "unknown category of challenge{hint} (categories: {})",
                                known.join(", ")
                            ),
                        ));
                        None
                    }
                };
                if let (Some(state), Some(cycle), Some(article), Some(category), true) =
                    (state, cycle, article, category, errors.is_empty())
                {
                    let review = self.review_for(state, cycle);
                    let text = f("text").to_string();
                    let here = format!(
                        "{}, {}",
                        self.files[table.file],
                        place(table.numbering, &table.section, row)
                    );
                    let key = (review, article, category, text.clone());
                    if let Some(first) = self.challenge_seen.get(&key) {
                        errors.push((
                            "text".into(),
                            text,
                            format!("duplicate of the challenge at {first}"),
                        ));
                    } else {
                        self.challenge_seen.insert(key, here);
                        self.registry.challenges.push(Challenge {
                            review,
                            article,
                            category,
                            text,
                        });
                    }
                }
            }
            Kind::GoodPractices => {
                let article = cycle.and_then(|c| self.check_article(f("article"), c, &mut errors));
                let text = f("text").to_string();
                if text.is_empty() {
                    errors.push((
                        "text".into(),
                        String::new(),
                        "a good practice needs its text".into(),
                    ));
                }
                if let (Some(state), Some(cycle), Some(article), true) =
                    (state, cycle, article, errors.is_empty())
                {
                    let review = self.review_for(state, cycle);
                    let here = format!(
                        "{}, {}",
                        self.files[table.file],
                        place(table.numbering, &table.section, row)
                    );
                    let key = (review, article, text.clone());
                    if let Some(first) = self.practice_seen.get(&key) {
                        errors.push((
                            "text".into(),
                            text,
                            format!("duplicate of the good practice at {first}"),
                        ));
                    } else {
                        self.practice_seen.insert(key, here);
                        self.registry.good_practices.push(GoodPractice {
                            review,
                            article,
                            text,
                        });
                    }
                }
            }
        }
        if !errors.is_empty() {
            let here = place(table.numbering, &table.section, row);
            let raw: Vec<String> = table
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c}={}", fields.get(i).unwrap_or(&"")))
                .collect();
            for (column, value, rule) in errors {
                let e = RowError {
                    file: self.files[table.file].clone(),
                    place: here.clone(),
                    column,
                    value,
                    rule,
                };
                self.bad_rows.push((e.clone(), raw.clone()));
                self.errors.push(e);
            }
        }
    }

    fn add_review(&mut self, review: Review, described: bool) -> u32 {
        let i = self.registry.reviews.len() as u32;
        self.review_at.insert((review.state, review.cycle), i);
        self.registry.reviews.push(review);
        self.described.push(described);
        i
    }

    /// The review a need, challenge or good practice belongs to, created
    /// (undescribed) when no file describes it.
    fn review_for(&mut self, state: StateId, cycle: u8) -> u32 {
        match self.review_at.get(&(state, cycle)) {
            Some(&i) => i,
            None => self.add_review(
                Review {
                    state,
                    cycle,
                    completed: None,
                    documents: Sources::default(),
                    published: Sources::default(),
                    shared_with_providers: false,
                },
                false,
            ),
        }
    }

    fn check_state(
        &mut self,
        text: &str,
        errors: &mut Vec<(String, String, String)>,
    ) -> Option<StateId> {
        if text.is_empty() {
            errors.push((
                "state".into(),
                String::new(),
                "the State party is required".into(),
            ));
            return None;
        }
        if !self.states.contains_key(text) {
            let found = self.reference.find_state(text).ok_or_else(|| {
                let hint = self
                    .reference
                    .suggestion_for_state(text)
                    .map(|s| format!(", did you mean `{s}`?"))
                    .unwrap_or_default();
                format!("unknown State `{text}`{hint}")
            });
            self.states.insert(text.to_string(), found);
        }
        match &self.states[text] {
            Ok(id) => Some(*id),
            Err(rule) => {
                errors.push(("state".into(), text.into(), rule.clone()));
                None
            }
        }
    }

    fn check_cycle(&self, text: &str, errors: &mut Vec<(String, String, String)>) -> Option<u8> {
        match text.parse::<u8>() {
            Ok(c) if self.cycles.contains(&c) => Some(c),
            _ => {
                let cycles: Vec<String> = self.cycles.iter().map(u8::to_string).collect();
                errors.push((
                    "cycle".into(),
                    text.into(),
                    format!("the cycle must be one of {}", cycles.join(", ")),
                ));
                None
            }
        }
    }

    fn check_article(
        &self,
        text: &str,
        cycle: u8,
        errors: &mut Vec<(String, String, String)>,
    ) -> Option<ArticleNo> {
        // Nearly every row writes the number alone: read it without folding
        // the text (the same rules as below, without their allocations).
        if !text.is_empty() && text.len() <= 3 && text.bytes().all(|b| b.is_ascii_digit()) {
            let number: u16 = text.parse().unwrap_or(u16::MAX);
            if let Some(article) = u8::try_from(number)
                .ok()
                .and_then(|n| self.reference.article(n))
            {
                let chapter = self.reference.chapter_of(article.number);
                if chapter.and_then(|c| self.reference.chapters[c].cycle) == Some(cycle) {
                    return Some(article.number);
                }
            }
        }
        let t = crate::reference::normalize(text);
        if t.is_empty() || t == "none" || t == "general" || t == "thematic" {
            return Some(0);
        }
        // The number is read from the text as written, not from its folded
        // form, which drops signs and punctuation (`-1` would read as 1).
        let lower = text.trim().to_lowercase();
        let digits = ["article", "art.", "art"]
            .iter()
            .find_map(|p| lower.strip_prefix(p))
            .unwrap_or(&lower)
            .trim();
        let Some(number) = digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse::<u16>().ok())
            .flatten()
        else {
            errors.push((
                "article".into(),
                text.into(),
                "an article is a number, or empty for a need tied to no article".into(),
            ));
            return None;
        };
        let Some(article) = u8::try_from(number)
            .ok()
            .and_then(|n| self.reference.article(n))
        else {
            errors.push((
                "article".into(),
                text.into(),
                format!(
                    "article {number} does not exist in the {}",
                    self.reference.instrument
                ),
            ));
            return None;
        };
        let chapter = self
            .reference
            .chapter_of(article.number)
            .map(|c| &self.reference.chapters[c]);
        if chapter.and_then(|c| c.cycle) != Some(cycle) {
            let reviewed: Vec<String> = self
                .reference
                .cycle_chapters(cycle)
                .iter()
                .map(|&c| self.reference.chapters[c].id.clone())
                .collect();
            errors.push((
                "article".into(),
                text.into(),
                format!(
                    "article {number} (chapter {}) is not reviewed in cycle {cycle}, which reviews chapters {}",
                    article.chapter,
                    reviewed.join(" and ")
                ),
            ));
            return None;
        }
        Some(article.number)
    }

    fn check_type(
        &mut self,
        cycle: u8,
        text: &str,
        errors: &mut Vec<(String, String, String)>,
    ) -> Option<TypeId> {
        let known = self.types.entry(cycle).or_default();
        if !known.contains_key(text) {
            let found = self.reference.find_type(cycle, text).map_err(|suggestion| {
                let hint = suggestion
                    .map(|s| format!(", did you mean `{s}`?"))
                    .unwrap_or_default();
                let codes: Vec<&str> = self
                    .reference
                    .types(cycle)
                    .iter()
                    .map(|t| t.code.as_str())
                    .collect();
                if text.is_empty() {
                    format!(
                        "the type of need is required (cycle {cycle}: {})",
                        codes.join(", ")
                    )
                } else {
                    format!(
                        "type `{text}` is unknown in cycle {cycle}{hint} (types: {})",
                        codes.join(", ")
                    )
                }
            });
            known.insert(text.to_string(), found);
        }
        match &known[text] {
            Ok(t) => Some(*t),
            Err(rule) => {
                errors.push(("type".into(), text.into(), rule.clone()));
                None
            }
        }
    }

    /// Merges the needs named by several sources and reports duplicate rows.
    pub fn finish(mut self) -> Prepared {
        let mut rows = std::mem::take(&mut self.need_rows);
        // (table, row) is one row's own: no two rows compare equal, so an
        // unstable sort gives the stable one's order, quicker.
        rows.sort_unstable_by_key(|r| (r.key, r.table, r.row));
        let mut registry = std::mem::take(&mut self.registry);
        let mut i = 0;
        while i < rows.len() {
            let need_key = rows[i].key >> 8;
            let mut j = i;
            let mut sources = Sources::default();
            let mut addressed = false;
            let need = registry.needs.len() as u32;
            while j < rows.len() && rows[j].key >> 8 == need_key {
                if j > i && rows[j - 1].key == rows[j].key {
                    let first_at = (i..j)
                        .find(|&k| rows[k].key == rows[j].key)
                        .unwrap_or(j - 1);
                    let (first, dup) = (&rows[first_at], &rows[j]);
                    let (ft, fs, fnum) = &self.tables[first.table as usize];
                    let (dt, ds, dnum) = &self.tables[dup.table as usize];
                    let e = RowError {
                        file: self.files[*dt].clone(),
                        place: place(*dnum, ds, dup.row),
                        column: String::new(),
                        value: String::new(),
                        rule: format!(
                            "duplicate of {}, {} (same State, cycle, article, type and source)",
                            self.files[*ft],
                            place(*fnum, fs, first.row)
                        ),
                    };
                    self.bad_rows.push((e.clone(), Vec::new()));
                    self.errors.push(e);
                    j += 1;
                    continue;
                }
                let r = &mut rows[j];
                addressed |= r.addressed;
                if let Some(mut text) = r.text.take() {
                    if let Some(s) = text.source {
                        sources = sources.with(s);
                    }
                    text.need = need;
                    registry.need_texts.push(*text);
                }
                j += 1;
            }
            registry.needs.push(Need {
                review: (need_key >> 16) as u32,
                article: ((need_key >> 8) & 0xff) as u8,
                need_type: (need_key & 0xff) as u8,
                sources,
                addressed,
            });
            i = j;
        }
        Prepared {
            batch: Batch {
                registry,
                described: self.described,
            },
            errors: self.errors,
            bad_rows: self.bad_rows,
            warnings: self.warnings,
            rows_read: self.rows_read,
        }
    }
}

fn check_sources(
    text: &str,
    column: &str,
    errors: &mut Vec<(String, String, String)>,
) -> Option<Sources> {
    match Sources::parse_list(text) {
        Ok(s) => Some(s),
        Err(word) => {
            errors.push((
                column.into(),
                text.into(),
                format!("`{word}` is not a document of a review (self_assessment, country_report, executive_summary)"),
            ));
            None
        }
    }
}

/// A control character no text of a record holds (line breaks and tabs are
/// kept: a paragraph quoted from a report may have them).
fn is_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

fn check_bool(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "" | "no" | "n" | "false" | "0" => Some(false),
        "yes" | "y" | "true" | "1" | "x" => Some(true),
        _ => None,
    }
}
