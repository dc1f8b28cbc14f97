//! The note: an analysis written out as the secretariat's document.
//!
//! [`build`] turns an [`Analysis`] (and, optionally, what changed since an
//! earlier sample) into a [`Report`]: numbered paragraphs written from the
//! numbers, and numbered tables and figures laid out as the seed note lays
//! them out (Figure I to IV for the sample, a table and figures per chapter,
//! a section per article, then types of need and the priority areas). The
//! renderers ([`html`], [`sheets`], [`to_published`]) only lay the report
//! out; none of them counts anything.
//!
//! Invariants: pure (no I/O, no clock); every number in a sentence, table or
//! chart is read from the analysis; the numbering depends only on the sample
//! and the articles asked for, so the same request always numbers alike.

pub mod html;
pub mod palette;
pub mod words;

use serde::Serialize;

use crate::analysis::{Analysis, ArticleCounts, Change, Correlation, Count};
use crate::reference::{ArticleNo, Reference};
use crate::sheet::{Cell, ChartKind, Sheet, SheetChart};
use crate::tables::{self, Key, KeyValue, Measure, Published, Selection};
use words::{counted, list, number, ordinal_letter, roman};

/// Related articles reported as one priority area (paragraph 29: "articles
/// 32, 33 and 37").
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleGroup {
    pub name: String,
    pub articles: Vec<ArticleNo>,
}

/// The article groups carried in the binary (`data/article-groups.csv`).
pub fn default_groups() -> Vec<ArticleGroup> {
    parse_groups(
        include_str!("../../data/article-groups.csv"),
        "article-groups.csv",
    )
    .expect("the bundled article groups are valid")
}

/// Reads `articles,name` rows: articles separated by spaces or semicolons.
pub fn parse_groups(text: &str, file: &str) -> crate::error::Result<Vec<ArticleGroup>> {
    let mut out = Vec::new();
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    for (i, row) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let row = row.map_err(|e| crate::error::Error::format(file, e.to_string()))?;
        let bad = |field: &str, rule: &str| {
            crate::error::Error::format(file, format!("line {line}, column `{field}`: {rule}"))
        };
        let articles = row
            .get(0)
            .unwrap_or("")
            .split([' ', ';'])
            .filter(|w| !w.is_empty())
            .map(|w| w.parse::<ArticleNo>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| bad("articles", "article numbers separated by spaces"))?;
        if articles.len() < 2 {
            return Err(bad("articles", "a group has at least two articles"));
        }
        let name = row.get(1).unwrap_or("").trim().to_string();
        if name.is_empty() {
            return Err(bad("name", "a group needs a name"));
        }
        out.push(ArticleGroup { name, articles });
    }
    Ok(out)
}

/// What the user asks of the report beyond the sample.
#[derive(Clone, Debug)]
pub struct Options {
    /// Articles given a section of their own; `None`: the five with the
    /// most needs.
    pub articles: Option<Vec<ArticleNo>>,
    pub groups: Vec<ArticleGroup>,
    /// How many priority areas to list (the note lists seven).
    pub priorities: usize,
    /// What changed since an earlier sample, and how that sample is named.
    pub baseline: Option<(String, Change)>,
    /// The day the note is issued, printed in its masthead.
    pub issued: Option<crate::date::Date>,
    /// The document's symbol, when the secretariat has given it one.
    pub symbol: Option<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            articles: None,
            groups: default_groups(),
            priorities: 7,
            baseline: None,
            issued: None,
            symbol: None,
        }
    }
}

/// How a chart draws its table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Chart {
    /// One bar per row, and per column when there are several (grouped).
    Bars,
    /// One bar per row, long labels read across.
    Across,
    /// One bar per row, its columns stacked.
    Stacked,
}

/// What an exhibit is about, so that a reader of the report (the portal's
/// dashboard) picks exhibits by meaning, never by the words of a caption.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// States with needs under one chapter, by regional group.
    ChapterStatesByRegion,
    NeedsByRegion,
    TypesByRegion,
    /// States with needs, by article, across the chapters analysed.
    StatesByArticle,
    /// States with needs, by article, within one chapter.
    ChapterArticles,
    ChapterTable,
    ChapterNeedsByRegion,
    NeedsByType,
    PriorityAreas,
    GeneralNeeds,
    Addressed,
    Challenges,
    Change,
    ArticleTable,
    ArticleByRegion,
}

impl Subject {
    /// The note's main figures, which a page showing a few of them shows:
    /// the sample by region and type, the articles, and the priority areas.
    pub fn is_main(self) -> bool {
        !matches!(
            self,
            Subject::ChapterTable
                | Subject::GeneralNeeds
                | Subject::Addressed
                | Subject::Challenges
                | Subject::Change
                | Subject::ArticleTable
                | Subject::ArticleByRegion
        )
    }
}

/// What a numbered table or figure counts, in the published-tables format.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// Rows keyed by `by`; one measure per column, and per total value.
    Table {
        selection: Selection,
        by: Key,
        measures: Vec<Measure>,
        total: Vec<Measure>,
    },
    /// Rows keyed by `rows`, columns by `columns`; every cell one measure.
    Cross {
        selection: Selection,
        rows: Key,
        columns: Key,
        column_keys: Vec<KeyValue>,
        measure: Measure,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub label: String,
    #[serde(skip)]
    pub key: Option<KeyValue>,
    pub values: Vec<u32>,
}

/// A numbered table or figure: its numbers are the same either way; a
/// figure also draws them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Exhibit {
    /// What it is about, whatever its caption says.
    pub subject: Subject,
    /// `Table 1`, `Figure IV`, `Annex table 1`.
    pub label: String,
    /// `table-1`, `figure-iv`: anchors, sheet names.
    pub id: String,
    pub caption: String,
    /// What the chart shows, in words, for those who cannot see it.
    pub description: String,
    pub chart: Option<Chart>,
    pub key_header: String,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    pub total: Option<Vec<u32>>,
    pub note: Option<String>,
    #[serde(skip)]
    pub shape: Option<Shape>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Heading { level: u8, text: String },
    Paragraph { number: u32, text: String },
    List { items: Vec<String> },
    Exhibit(Box<Exhibit>),
}

/// The head of the note's first page, as on a United Nations document: the
/// body it is addressed to on the left; distribution, date and symbol on
/// the right.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Masthead {
    /// `Conference of the States Parties to the United Nations Convention
    /// against Corruption`.
    pub body: String,
    /// `General`.
    pub distribution: String,
    /// `28 April 2014`.
    pub issued: Option<String>,
    pub symbol: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub masthead: Masthead,
    pub title: String,
    /// The sample in words: cycle, chapters, regional groups, date.
    pub sample: String,
    pub blocks: Vec<Block>,
}

impl Report {
    pub fn exhibits(&self) -> impl Iterator<Item = &Exhibit> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Exhibit(e) => Some(e.as_ref()),
            _ => None,
        })
    }
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Paragraph { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }
}

/// Reads `16,21,31`: articles of the analysis. The error says which word is
/// wrong and why.
pub fn parse_articles(list: &str, a: &Analysis) -> std::result::Result<Vec<ArticleNo>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|w| {
            let n: ArticleNo = w
                .parse()
                .map_err(|_| format!("`{w}` is not an article number"))?;
            if a.article(n).is_none() {
                return Err(format!(
                    "article {n} is not in the chapters analysed ({})",
                    a.chapters.join(", ")
                ));
            }
            Ok(n)
        })
        .collect()
}

/// The articles given a section when the user names none: the five with the
/// most needs (ties: more States, then the lower number).
pub fn default_articles(a: &Analysis) -> Vec<ArticleNo> {
    let mut ranked: Vec<&ArticleCounts> = a.articles.iter().filter(|x| x.total.needs > 0).collect();
    ranked.sort_by_key(|x| {
        (
            std::cmp::Reverse(x.total.needs),
            std::cmp::Reverse(x.total.states),
            x.article,
        )
    });
    let mut out: Vec<ArticleNo> = ranked.iter().take(5).map(|x| x.article).collect();
    out.sort_unstable();
    out
}

/// One priority area: a group of related articles or one article.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Priority {
    pub name: String,
    pub articles: Vec<ArticleNo>,
    pub needs: u32,
    pub states: u32,
}

/// The priority areas (docs/REPORT.md): each group of related articles, and
/// each other article, ranked by needs, then by the most States of any of
/// its articles, then by its first article; the first `n` with any need.
pub fn priorities(
    a: &Analysis,
    groups: &[ArticleGroup],
    reference: &Reference,
    n: usize,
) -> Vec<Priority> {
    let mut grouped: Vec<ArticleNo> = Vec::new();
    let mut out: Vec<Priority> = Vec::new();
    for g in groups {
        let members: Vec<&ArticleCounts> =
            g.articles.iter().filter_map(|&x| a.article(x)).collect();
        // A group counts only when all of its articles are in the sample.
        if members.len() != g.articles.len() {
            continue;
        }
        grouped.extend(&g.articles);
        out.push(Priority {
            name: g.name.clone(),
            articles: g.articles.clone(),
            needs: members.iter().map(|x| x.total.needs).sum(),
            states: members.iter().map(|x| x.total.states).max().unwrap_or(0),
        });
    }
    for x in &a.articles {
        if !grouped.contains(&x.article) {
            out.push(Priority {
                name: reference
                    .article(x.article)
                    .map(|r| r.title.clone())
                    .unwrap_or_default(),
                articles: vec![x.article],
                needs: x.total.needs,
                states: x.total.states,
            });
        }
    }
    out.retain(|p| p.needs > 0);
    out.sort_by_key(|p| {
        (
            std::cmp::Reverse(p.needs),
            std::cmp::Reverse(p.states),
            p.articles[0],
        )
    });
    out.truncate(n);
    out
}

struct Writer<'a> {
    a: &'a Analysis,
    reference: &'a Reference,
    blocks: Vec<Block>,
    paragraph: u32,
    tables: u32,
    figures: u32,
    annex: u32,
}

impl Writer<'_> {
    fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks.push(Block::Heading {
            level,
            text: text.into(),
        });
    }
    fn para(&mut self, text: impl Into<String>) {
        self.paragraph += 1;
        self.blocks.push(Block::Paragraph {
            number: self.paragraph,
            text: text.into(),
        });
    }
    /// The label the next table will get, to cite it before it is placed.
    fn next_table(&self) -> String {
        format!("table {}", self.tables + 1)
    }
    fn next_figure(&self, ahead: u32) -> String {
        format!("figure {}", roman(self.figures + 1 + ahead))
    }
    fn table(&mut self, mut e: Exhibit) {
        self.tables += 1;
        e.label = format!("Table {}", self.tables);
        e.id = format!("table-{}", self.tables);
        self.blocks.push(Block::Exhibit(Box::new(e)));
    }
    fn figure(&mut self, mut e: Exhibit) {
        self.figures += 1;
        e.label = format!("Figure {}", roman(self.figures));
        e.id = format!("figure-{}", roman(self.figures).to_lowercase());
        self.blocks.push(Block::Exhibit(Box::new(e)));
    }
    fn annex(&mut self, mut e: Exhibit) {
        self.annex += 1;
        e.label = format!("Annex table {}", self.annex);
        e.id = format!("annex-{}", self.annex);
        self.blocks.push(Block::Exhibit(Box::new(e)));
    }

    fn region_name(&self, code: &str) -> String {
        self.reference
            .regions
            .iter()
            .find(|r| r.code == code)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| code.to_string())
    }
    fn type_label(&self, code: &str) -> String {
        self.reference
            .need_types
            .iter()
            .find(|t| t.cycle == self.a.cycle && t.code == code)
            .map(|t| t.label.clone())
            .unwrap_or_else(|| code.to_string())
    }
    fn article_title(&self, n: ArticleNo) -> String {
        self.reference
            .article(n)
            .map(|a| a.title.clone())
            .unwrap_or_default()
    }
    fn chapter_title(&self, id: &str) -> String {
        self.reference
            .chapters
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.title.clone())
            .unwrap_or_default()
    }
    fn region_rows(&self, counts: &[Count], pick: fn(&Count) -> u32) -> Vec<Row> {
        self.a
            .regions
            .iter()
            .zip(counts)
            .map(|(r, c)| Row {
                label: self.region_name(r),
                key: Some(KeyValue::Text(r.clone())),
                values: vec![pick(c)],
            })
            .collect()
    }
    fn selection(
        &self,
        chapters: Option<Vec<String>>,
        articles: Option<Vec<ArticleNo>>,
    ) -> Selection {
        Selection {
            chapters,
            articles,
            regions: (self.a.regions.len() < self.reference.regions.len())
                .then(|| self.a.regions.clone()),
            types: None,
        }
    }
    fn all_chapters(&self) -> Option<Vec<String>> {
        Some(self.a.chapters.clone())
    }
    /// "ten States parties from the Group of African States, 13 from ...".
    fn by_region_words(
        &self,
        counts: &[Count],
        pick: fn(&Count) -> u32,
        unit: (&str, &str),
    ) -> String {
        let parts: Vec<String> = self
            .a
            .regions
            .iter()
            .zip(counts)
            .filter(|(_, c)| pick(c) > 0)
            .enumerate()
            .map(|(i, (r, c))| {
                let n = pick(c);
                let said = if i == 0 {
                    counted(n, unit.0, unit.1)
                } else {
                    number(n)
                };
                format!("{said} from the {}", self.region_name(r))
            })
            .collect();
        list(&parts)
    }
    /// The groups, highest first, and the words for a regional comparison.
    fn leaders(&self, counts: &[Count], pick: fn(&Count) -> u32) -> Option<(Vec<String>, u32)> {
        let best = counts.iter().map(pick).max().filter(|&m| m > 0)?;
        let names = self
            .a
            .regions
            .iter()
            .zip(counts)
            .filter(|(_, c)| pick(c) == best)
            .map(|(r, _)| format!("the {}", self.region_name(r)))
            .collect();
        Some((names, best))
    }
}

fn states(c: &Count) -> u32 {
    c.states
}
fn needs(c: &Count) -> u32 {
    c.needs
}

fn exhibit(
    subject: Subject,
    caption: String,
    description: String,
    chart: Option<Chart>,
    key_header: &str,
) -> Exhibit {
    Exhibit {
        subject,
        label: String::new(),
        id: String::new(),
        caption,
        description,
        chart,
        key_header: key_header.to_string(),
        columns: Vec::new(),
        rows: Vec::new(),
        total: None,
        note: None,
        shape: None,
    }
}

/// Writes the note for one analysis.
pub fn build(a: &Analysis, reference: &Reference, options: &Options) -> Report {
    let mut w = Writer {
        a,
        reference,
        blocks: Vec::new(),
        paragraph: 0,
        tables: 0,
        figures: 0,
        annex: 0,
    };
    let chosen = options
        .articles
        .clone()
        .unwrap_or_else(|| default_articles(a));
    let all = a.all();
    let covered = a.states_covered;
    let instrument = if a.instrument == "UNCAC" {
        "the Convention".to_string()
    } else {
        a.instrument.clone()
    };
    let chapters_words = list(
        &a.chapters
            .iter()
            .map(|c| format!("{c} ({})", w.chapter_title(c)))
            .collect::<Vec<_>>(),
    );
    let regions_words = if a.regions.len() < reference.regions.len() {
        format!(
            ", in {}",
            list(
                &a.regions
                    .iter()
                    .map(|r| format!("the {}", w.region_name(r)))
                    .collect::<Vec<_>>()
            )
        )
    } else {
        String::new()
    };
    let date_words = a
        .as_of
        .map(|d| format!(" completed by {}", words::date(d)))
        .unwrap_or_default();
    let sample = format!(
        "Cycle {}, chapter{} {chapters_words}{regions_words}: the reviews of {}{date_words}.",
        a.cycle,
        if a.chapters.len() == 1 { "" } else { "s" },
        counted(covered, "State party", "States parties"),
    );

    // ------------------------------------------------------------- the sample
    w.heading(1, "I. Introduction");
    let mut intro = format!(
        "The present note contains information on the technical assistance needs identified in the country reviews for the implementation of chapter{} {} of {instrument}, in cycle {} of the review. It is based on the reviews of {}{date_words}{regions_words}.",
        if a.chapters.len() == 1 { "" } else { "s" },
        list(&a.chapters),
        a.cycle,
        counted(covered, "State party", "States parties"),
    );
    if let Some((name, change)) = &options.baseline {
        intro.push_str(&format!(
            " Of the additional {} States that had completed their reviews since {name}, {} identified technical assistance needs.",
            number(change.states_added),
            number(change.added_with_needs),
        ));
    }
    w.para(intro);

    let first_chapter = a.scopes.first().filter(|s| s.chapter.is_some());
    for (i, scope) in a.scopes.iter().enumerate() {
        let Some(chapter) = &scope.chapter else {
            continue;
        };
        let see = if i == 0 {
            format!(" (see {})", w.next_figure(0))
        } else {
            String::new()
        };
        let lead = if i == 0 {
            format!(
                "Of the {} States parties covered in the present note, ",
                number(covered)
            )
        } else {
            "A total of ".to_string()
        };
        let verb = if i == 0 { "" } else { "States parties " };
        let mut text = format!(
            "{lead}{} {verb}identified technical assistance needs for the implementation of chapter {chapter} of {instrument}.",
            number(scope.total.states)
        );
        if scope.total.states > 0 {
            text.push_str(&format!(
                " These included {}{see}.",
                w.by_region_words(&scope.by_region, states, ("State party", "States parties"))
            ));
        }
        w.para(text);
    }
    if let Some(scope) = first_chapter {
        let f = chapter_states_by_region(&w, scope);
        w.figure(f);
    }
    let mut f = exhibit(
        Subject::NeedsByRegion,

        "Number of technical assistance needs identified, by region".into(),
        "Bars: for each regional group, the number of needs identified under all the chapters analysed.".into(),
        Some(Chart::Bars),
        "Regional group",
    );
    f.columns = vec!["Number of needs".into()];
    f.rows = w.region_rows(&all.by_region, needs);
    f.note = Some(format!(
        "Total equals {}.",
        words::thousands(all.total.needs)
    ));
    f.shape = Some(Shape::Table {
        selection: w.selection(w.all_chapters(), None),
        by: Key::Region,
        measures: vec![Measure::Needs],
        total: vec![],
    });
    w.figure(f);

    // Types of need by region (figure III).
    let type_labels: Vec<String> = a.types.iter().map(|t| w.type_label(t)).collect();
    let top_type = all
        .by_type
        .iter()
        .enumerate()
        .max_by_key(|&(i, c)| (c.needs, std::cmp::Reverse(i)))
        .filter(|(_, c)| c.needs > 0);
    let mut text = format!(
        "The self-assessment checklist sets {} types of technical assistance need. {} below gives the needs identified, by type and by region.",
        number(a.types.len() as u32),
        words::capitalize(&w.next_figure(0)),
    );
    if let Some((t, c)) = top_type {
        text.push_str(&format!(
            " The type identified most often was {} ({}).",
            type_labels[t].to_lowercase(),
            counted(c.needs, "need", "needs")
        ));
    }
    w.para(text);
    let mut f = exhibit(
        Subject::TypesByRegion,
        "Number and types of need identified, by region".into(),
        "Stacked bars: for each regional group, its needs, divided by type of need.".into(),
        Some(Chart::Stacked),
        "Regional group",
    );
    f.columns = type_labels.clone();
    f.rows = a
        .regions
        .iter()
        .enumerate()
        .map(|(r, code)| Row {
            label: w.region_name(code),
            key: Some(KeyValue::Text(code.clone())),
            values: all.by_region_type[r].iter().map(|c| c.needs).collect(),
        })
        .collect();
    f.shape = Some(Shape::Cross {
        selection: w.selection(w.all_chapters(), None),
        rows: Key::Region,
        columns: Key::Type,
        column_keys: a.types.iter().map(|t| KeyValue::Text(t.clone())).collect(),
        measure: Measure::Needs,
    });
    w.figure(f);

    // How many types each State names per article (figure IV).
    let most = a
        .articles
        .iter()
        .map(|x| x.types_per_state.iter().rposition(|&n| n > 0).unwrap_or(0))
        .max()
        .unwrap_or(0);
    let mut text = format!(
        "{} below gives, for each article, the number of States parties that identified one, two or more different types of need.",
        words::capitalize(&w.next_figure(0)),
    );
    if most >= 2 {
        let with_most: Vec<String> = a
            .articles
            .iter()
            .filter(|x| x.types_per_state.get(most).is_some_and(|&n| n > 0))
            .map(|x| format!("{} ({})", x.article, w.article_title(x.article)))
            .collect();
        text.push_str(&format!(
            " The most types identified by one State party for one article was {}, for article{} {}.",
            number(most as u32),
            if with_most.len() == 1 { "" } else { "s" },
            list(&with_most)
        ));
    }
    if all.total.states > 0 && a.general.total.needs > 0 {
        text.push_str(&format!(
            " {} also identified {} tied to no article of {instrument}, such as a general need for capacity-building.",
            words::capitalize(&counted(a.general.total.states, "State party", "States parties")),
            counted(a.general.total.needs, "need", "needs")
        ));
    }
    w.para(text);
    let max_k = most.max(1);
    let mut f = exhibit(
        Subject::StatesByArticle,

        "Technical assistance needs identified by States parties, by article number".into(),
        "Stacked bars: for each article, the States parties that identified needs for it, divided by how many different types of need each identified.".into(),
        Some(Chart::Stacked),
        "Article",
    );
    f.columns = (1..=max_k)
        .map(|k| format!("{k} type{}", if k == 1 { "" } else { "s" }))
        .collect();
    f.rows = a
        .articles
        .iter()
        .filter(|x| x.total.states > 0)
        .map(|x| Row {
            label: x.article.to_string(),
            key: Some(KeyValue::Article(x.article)),
            values: (1..=max_k)
                .map(|k| x.types_per_state.get(k).copied().unwrap_or(0))
                .collect(),
        })
        .collect();
    w.figure(f);

    // ------------------------------------------------------------ the chapters
    let numerals = ["II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    let chapter_scopes: Vec<_> = a.scopes.iter().filter(|s| s.chapter.is_some()).collect();
    for (i, scope) in chapter_scopes.iter().enumerate() {
        let chapter = scope.chapter.clone().unwrap_or_default();
        w.heading(
            1,
            format!(
                "{}. Technical assistance needs identified for the implementation of chapter {chapter}",
                numerals.get(i).copied().unwrap_or("")
            ),
        );
        let articles: Vec<&ArticleCounts> =
            a.articles.iter().filter(|x| x.chapter == chapter).collect();
        let selection = w.selection(Some(vec![chapter.clone()]), None);
        let by_article_states = |w: &Writer, caption: String| {
            let mut f = exhibit(
                Subject::ChapterArticles,
                caption,
                format!(
                    "Bars: for each article of chapter {chapter}, the number of States parties that identified needs for it."
                ),
                Some(Chart::Bars),
                "Article",
            );
            f.columns = vec!["Number of States parties".into()];
            f.rows = articles
                .iter()
                .map(|x| Row {
                    label: x.article.to_string(),
                    key: Some(KeyValue::Article(x.article)),
                    values: vec![x.total.states],
                })
                .collect();
            f.shape = Some(Shape::Table {
                selection: w.selection(Some(vec![chapter.clone()]), None),
                by: Key::Article,
                measures: vec![Measure::States],
                total: vec![],
            });
            f
        };
        if i > 0 {
            w.para(format!(
                "Of the {} States parties covered in the present note, {} identified technical assistance needs for the implementation of chapter {chapter} (for a breakdown by article, see {}).",
                number(covered),
                number(scope.total.states),
                w.next_figure(0)
            ));
            let f = by_article_states(
                &w,
                "Number of States identifying technical assistance needs, by article".into(),
            );
            w.figure(f);
        }
        let figs = if i == 0 {
            format!("{} and {} provide", w.next_table(), w.next_figure(0))
        } else {
            format!(
                "{} and figures {} and {} provide",
                w.next_table(),
                roman(w.figures + 1),
                roman(w.figures + 2)
            )
        };
        w.para(format!(
            "A total of {} for the implementation of chapter {chapter}. {} a breakdown by article of the number of needs identified and the number of States parties that identified them.",
            counted(scope.total.needs, "technical assistance need was identified", "technical assistance needs were identified"),
            words::capitalize(&figs),
        ));
        classification(&mut w, &articles);

        let mut t = exhibit(
            Subject::ChapterTable,
            format!("Technical assistance needs under chapter {chapter} of {instrument}"),
            String::new(),
            None,
            "Article",
        );
        t.columns = vec!["Number of States parties".into(), "Number of needs".into()];
        t.rows = articles
            .iter()
            .map(|x| Row {
                label: x.article.to_string(),
                key: Some(KeyValue::Article(x.article)),
                values: vec![x.total.states, x.total.needs],
            })
            .collect();
        t.total = Some(vec![scope.total.states, scope.total.needs]);
        t.shape = Some(Shape::Table {
            selection: selection.clone(),
            by: Key::Article,
            measures: vec![Measure::States, Measure::Needs],
            total: vec![Measure::States, Measure::Needs],
        });
        w.table(t);
        if i == 0 {
            let f = by_article_states(
                &w,
                "Number of States parties identifying technical assistance needs, by article"
                    .into(),
            );
            w.figure(f);
        } else {
            let f = chapter_states_by_region(&w, scope);
            w.figure(f);
            let mut f = exhibit(
                Subject::ChapterNeedsByRegion,
                format!("Number of technical assistance needs under chapter {chapter}, by region"),
                format!(
                    "Bars: for each regional group, the number of needs identified under chapter {chapter}."
                ),
                Some(Chart::Bars),
                "Regional group",
            );
            f.columns = vec!["Number of needs".into()];
            f.rows = w.region_rows(&scope.by_region, needs);
            f.shape = Some(Shape::Table {
                selection,
                by: Key::Region,
                measures: vec![Measure::Needs],
                total: vec![],
            });
            w.figure(f);
        }
        for x in articles.iter().filter(|x| chosen.contains(&x.article)) {
            article_section(&mut w, x, &instrument);
        }
    }

    // ------------------------------------------------------------------ types
    w.heading(
        1,
        format!(
            "{}. Types of need identified",
            numerals.get(chapter_scopes.len()).copied().unwrap_or("")
        ),
    );
    let mut ranked: Vec<(usize, u32)> = all.by_type.iter().map(|c| c.needs).enumerate().collect();
    ranked.sort_by_key(|&(i, n)| (std::cmp::Reverse(n), i));
    let named: Vec<String> = ranked
        .iter()
        .filter(|(_, n)| *n > 0)
        .take(3)
        .map(|&(i, n)| format!("{} ({})", type_labels[i].to_lowercase(), number(n)))
        .collect();
    let mut text = format!(
        "{} gives the total number of needs identified, by type of need.",
        words::capitalize(&w.next_figure(0))
    );
    if !named.is_empty() {
        text.push_str(&format!(
            " The types identified most often were {}.",
            list(&named)
        ));
    }
    w.para(text);
    let mut f = exhibit(
        Subject::NeedsByType,

        "Number of needs identified, by type of need".into(),
        "Bars: for each type of need, the number of needs identified under all the chapters analysed.".into(),
        Some(Chart::Across),
        "Type of need",
    );
    f.columns = vec!["Number of needs".into()];
    f.rows = a
        .types
        .iter()
        .zip(&all.by_type)
        .map(|(t, c)| Row {
            label: w.type_label(t),
            key: Some(KeyValue::Text(t.clone())),
            values: vec![c.needs],
        })
        .collect();
    f.total = Some(vec![all.total.needs]);
    f.shape = Some(Shape::Table {
        selection: w.selection(w.all_chapters(), None),
        by: Key::Type,
        measures: vec![Measure::Needs],
        total: vec![Measure::Needs],
    });
    w.figure(f);
    let general = &a.general.total;
    w.para(if general.needs > 0 {
        format!(
            "Needs tied to no article, which States categorized thematically or expressed as a general need, are counted apart: {}, identified by {}. They are not included in the figures by article above.",
            counted(general.needs, "need", "needs"),
            counted(general.states, "State party", "States parties")
        )
    } else {
        "No State party identified needs tied to no article.".to_string()
    });
    w.para(if a.addressed > 0 {
        format!(
            "Of the needs identified for the articles analysed, {} {} already being addressed by a technical assistance provider.",
            number(a.addressed),
            if a.addressed == 1 { "is" } else { "are" }
        )
    } else {
        "None of the needs identified is recorded as already being addressed by a technical assistance provider.".to_string()
    });

    // -------------------------------------------------------------- priorities
    w.heading(
        2,
        "Priority areas based on the analysis of identified technical assistance needs",
    );
    let areas = priorities(a, &options.groups, reference, options.priorities);
    if areas.is_empty() {
        w.para("No priority area can be named: no need was identified in the sample.");
    } else {
        w.para(format!(
            "The following priority areas emerge from the needs identified, ranked by their number of needs (see {}):",
            w.next_figure(0)
        ));
        let items: Vec<String> = areas
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let arts: Vec<String> = p.articles.iter().map(u8::to_string).collect();
                format!(
                    "({}) {} (article{} {});",
                    ordinal_letter(i),
                    p.name,
                    if arts.len() == 1 { "" } else { "s" },
                    list(&arts)
                )
            })
            .collect();
        w.blocks.push(Block::List { items });
        let mut f = exhibit(
            Subject::PriorityAreas,
            "Priority areas of technical assistance".into(),
            "Bars: for each priority area, the number of needs identified for its articles.".into(),
            Some(Chart::Across),
            "Priority area",
        );
        f.columns = vec!["Number of needs".into()];
        f.rows = areas
            .iter()
            .map(|p| Row {
                label: format!(
                    "{} ({})",
                    p.name,
                    p.articles
                        .iter()
                        .map(u8::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                key: None,
                values: vec![p.needs],
            })
            .collect();
        w.figure(f);
    }
    let mut order: Vec<(usize, u32)> = all.by_region.iter().map(|c| c.needs).enumerate().collect();
    order.sort_by_key(|&(i, n)| (std::cmp::Reverse(n), i));
    let order: Vec<String> = order
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|&(i, _)| w.region_name(&a.regions[i]))
        .collect();
    if order.len() >= 2 {
        let (head, rest) = order.split_first().expect("two or more");
        let (last, middle) = rest.split_last().expect("one or more");
        let mut text = format!(
            "When the number of needs for technical assistance is broken down by region, the demand is highest in the {head}"
        );
        if middle.is_empty() {
            text.push_str(&format!(", followed by the {last}."));
        } else {
            let middle: Vec<String> = middle.iter().map(|m| format!("the {m}")).collect();
            text.push_str(&format!(
                ", followed by {} and, finally, the {last}.",
                middle.join(", ")
            ));
        }
        w.para(text);
    }

    // ------------------------------------------------------------------- annex
    let has_challenges = a.challenges_against_needs.iter().any(|c| c.challenges > 0);
    if has_challenges || options.baseline.is_some() || a.general.total.needs > 0 || a.addressed > 0
    {
        w.heading(1, "Annex");
    }
    if a.general.total.needs > 0 {
        let mut t = exhibit(
            Subject::GeneralNeeds,
            "Needs tied to no article, by type of need".into(),
            String::new(),
            None,
            "Type of need",
        );
        t.columns = vec!["Number of needs".into()];
        t.rows = a
            .types
            .iter()
            .zip(&a.general.by_type)
            .filter(|(_, n)| **n > 0)
            .map(|(code, n)| Row {
                label: w.type_label(code),
                key: Some(KeyValue::Text(code.clone())),
                values: vec![*n],
            })
            .collect();
        t.total = Some(vec![a.general.total.needs]);
        t.note = Some(format!(
            "Identified by {}; not counted in the tables by article.",
            counted(a.general.total.states, "State party", "States parties")
        ));
        w.annex(t);
    }
    if a.addressed > 0 {
        let mut t = exhibit(
            Subject::Addressed,
            "Needs already being addressed, by article".into(),
            String::new(),
            None,
            "Article",
        );
        t.columns = vec!["Needs being addressed".into(), "Number of needs".into()];
        t.rows = a
            .articles
            .iter()
            .filter(|x| x.addressed > 0)
            .map(|x| Row {
                label: x.article.to_string(),
                key: Some(KeyValue::Article(x.article)),
                values: vec![x.addressed, x.total.needs],
            })
            .collect();
        t.total = Some(vec![a.addressed]);
        w.annex(t);
    }
    if has_challenges {
        let mut t = exhibit(
            Subject::Challenges,
            format!(
                "Challenges and technical assistance needs per article, against the threshold of {}",
                a.challenge_threshold
            ),
            String::new(),
            None,
            "Article",
        );
        t.columns = vec!["Number of challenges".into(), "Number of needs".into()];
        t.rows = a
            .challenges_against_needs
            .iter()
            .filter(|c| c.challenges > 0 || c.needs > 0)
            .map(|c| Row {
                label: c.article.to_string(),
                key: Some(KeyValue::Article(c.article)),
                values: vec![c.challenges, c.needs],
            })
            .collect();
        w.annex(t);
    }
    if let Some((name, change)) = &options.baseline {
        let mut t = exhibit(
            Subject::Change,
            format!("Articles whose numbers changed since {name}"),
            String::new(),
            None,
            "Article",
        );
        t.columns = vec![
            "States parties before".into(),
            "States parties now".into(),
            "Needs before".into(),
            "Needs now".into(),
        ];
        t.rows = change
            .articles
            .iter()
            .map(|c| Row {
                label: c.article.to_string(),
                key: Some(KeyValue::Article(c.article)),
                values: vec![
                    c.before.states,
                    c.after.states,
                    c.before.needs,
                    c.after.needs,
                ],
            })
            .collect();
        let rose: Vec<String> = change
            .articles
            .iter()
            .filter(|c| c.after.states > c.before.states)
            .map(|c| c.article.to_string())
            .collect();
        let mut text = format!(
            "Since {name}, the numbers of States parties or of needs changed for {} article{}.",
            number(change.articles.len() as u32),
            if change.articles.len() == 1 { "" } else { "s" }
        );
        if !rose.is_empty() {
            text.push_str(&format!(
                " More States parties identified needs for article{} {}.",
                if rose.len() == 1 { "" } else { "s" },
                list(&rose)
            ));
        }
        let parts: Vec<String> = change
            .added_by_chapter
            .iter()
            .map(|(c, n)| {
                format!(
                    "{} had needs identified under specific articles in chapter {c}",
                    number(*n)
                )
            })
            .collect();
        if change.added_with_needs > 0 {
            text.push_str(&format!(
                " Of the {} additional States for which needs were identified, {}.",
                number(change.added_with_needs),
                list(&parts)
            ));
        }
        if change.added_general_only > 0 {
            text.push_str(&format!(
                " {} expressed only needs tied to no article.",
                words::capitalize(&number(change.added_general_only))
            ));
        }
        w.para(text);
        w.annex(t);
    }

    Report {
        masthead: Masthead {
            body: masthead_body(reference),
            distribution: "General".into(),
            issued: options.issued.map(words::date),
            symbol: options.symbol.clone(),
        },
        title: "Analysis of technical assistance needs emerging from the country reviews".into(),
        sample,
        blocks: w.blocks,
    }
}

/// The body a note goes to: the Conference of the States Parties to the
/// instrument, named in full when the reference data names it.
fn masthead_body(reference: &Reference) -> String {
    let name = if reference.instrument_name.is_empty() {
        &reference.instrument
    } else {
        &reference.instrument_name
    };
    format!("Conference of the States Parties to the {name}")
}

/// Figures I and XI: the States with needs under one chapter, by group.
fn chapter_states_by_region(w: &Writer, scope: &crate::analysis::Scope) -> Exhibit {
    let chapter = scope.chapter.clone().unwrap_or_default();
    let mut f = exhibit(
        Subject::ChapterStatesByRegion,
        format!(
            "Number of States with technical assistance needs under chapter {chapter}, by region"
        ),
        format!(
            "Bars: for each regional group, the number of States parties that identified at least one need under chapter {chapter}."
        ),
        Some(Chart::Bars),
        "Regional group",
    );
    f.columns = vec!["Number of States parties".into()];
    f.rows = w.region_rows(&scope.by_region, states);
    f.total = Some(vec![scope.total.states]);
    f.shape = Some(Shape::Table {
        selection: w.selection(Some(vec![chapter]), None),
        by: Key::Region,
        measures: vec![Measure::States],
        total: vec![Measure::States],
    });
    f
}

/// Paragraphs 8 and 9: articles against the threshold of challenges and needs.
fn classification(w: &mut Writer, articles: &[&ArticleCounts]) {
    let threshold = w.a.challenge_threshold;
    let rows: Vec<_> =
        w.a.challenges_against_needs
            .iter()
            .filter(|c| articles.iter().any(|x| x.article == c.article))
            .collect();
    let named = |w: &Writer, kind: Correlation| -> Vec<String> {
        rows.iter()
            .filter(|c| c.correlation == kind)
            .map(|c| format!("{} ({})", c.article, w.article_title(c.article)))
            .collect()
    };
    let both = named(w, Correlation::Both);
    let challenges_only = named(w, Correlation::ChallengesOnly);
    let needs_only = named(w, Correlation::NeedsOnly);
    let plural = |v: &[String]| if v.len() == 1 { "article" } else { "articles" };
    let mut text = if both.is_empty() {
        format!(
            "For no article was a high number (more than {threshold}) of challenges identified together with a high number (more than {threshold}) of technical assistance needs."
        )
    } else {
        format!(
            "For {} {}, there was an overall correlation between the identification of a high number (more than {threshold}) of challenges relating to implementation and the identification of a high number (more than {threshold}) of technical assistance needs: {} {}.",
            number(both.len() as u32),
            plural(&both),
            plural(&both),
            list(&both)
        )
    };
    if !challenges_only.is_empty() {
        text.push_str(&format!(
            " More than {threshold} challenges but no more than {threshold} needs were identified for {} {}.",
            plural(&challenges_only),
            list(&challenges_only)
        ));
    }
    if !needs_only.is_empty() {
        text.push_str(&format!(
            " More than {threshold} needs but no more than {threshold} challenges were identified for {} {}.",
            plural(&needs_only),
            list(&needs_only)
        ));
    }
    w.para(text);
}

/// Paragraphs 11 to 18: one article, its types of need and its regions.
fn article_section(w: &mut Writer, x: &ArticleCounts, instrument: &str) {
    let n = x.article;
    w.heading(2, w.article_title(n));
    w.heading(
        4,
        format!("Technical assistance needs relating to article {n}"),
    );
    let mut text = format!(
        "A total of {} identified {} for technical assistance to support the implementation of article {n}. Details of the types of need are given in {} and {}.",
        counted(x.total.states, "State party", "States parties"),
        counted(x.total.needs, "need", "needs"),
        w.next_table(),
        w.next_figure(0),
    );
    if let Some((names, best)) = w.leaders(&x.by_region, needs) {
        text.push_str(&format!(
            " In terms of regional analysis, States in {} had the greatest number of identified needs ({}).",
            list(&names),
            number(best)
        ));
    }
    if let Some((names, best)) = w.leaders(&x.by_region, states) {
        text.push_str(&format!(
            " The most States parties identifying needs came from {} ({}).",
            list(&names),
            number(best)
        ));
    }
    let regions_with = x.by_region.iter().filter(|c| c.states > 0).count() as u32;
    text.push_str(&format!(
        " Needs were identified in {} regional group{}.",
        number(regions_with),
        if regions_with == 1 { "" } else { "s" }
    ));
    w.para(text);
    let mut t = exhibit(
        Subject::ArticleTable,
        format!("Technical assistance needs relating to article {n}"),
        String::new(),
        None,
        "Type of need",
    );
    t.columns = vec!["Number of States parties".into()];
    t.rows =
        w.a.types
            .iter()
            .zip(&x.by_type)
            .filter(|(_, v)| **v > 0)
            .map(|(code, v)| Row {
                label: w.type_label(code),
                key: Some(KeyValue::Text(code.clone())),
                values: vec![*v],
            })
            .collect();
    t.rows.sort_by_key(|r| std::cmp::Reverse(r.values[0]));
    t.total = Some(vec![x.total.needs]);
    t.shape = Some(Shape::Table {
        selection: w.selection(None, Some(vec![n])),
        by: Key::Type,
        measures: vec![Measure::States],
        total: vec![Measure::Needs],
    });
    t.note = Some(format!(
        "A State party counts once per type; the total is the number of needs for article {n} of {instrument}."
    ));
    w.table(t);
    let mut f = exhibit(
        Subject::ArticleByRegion,
        format!("Technical assistance needs relating to article {n}, by region"),
        format!("Bars: for each regional group, the number of needs identified for article {n}."),
        Some(Chart::Bars),
        "Regional group",
    );
    f.columns = vec!["Number of needs".into()];
    f.rows = w.region_rows(&x.by_region, needs);
    f.shape = Some(Shape::Table {
        selection: w.selection(None, Some(vec![n])),
        by: Key::Region,
        measures: vec![Measure::Needs],
        total: vec![],
    });
    w.figure(f);
}

/// The report's numbered tables and figures in the published-tables format,
/// so `tana compare` and `tana synth` read the note tana wrote.
pub fn to_published(r: &Report, a: &Analysis) -> Published {
    let mut p = Published {
        document: tables::document_of(a, &r.title),
        ..Published::default()
    };
    for e in r.exhibits() {
        match &e.shape {
            Some(Shape::Table {
                selection,
                by,
                measures,
                total,
            }) => {
                p.tables.push(tables::Table {
                    id: e.id.clone(),
                    source: e.label.clone(),
                    caption: e.caption.clone(),
                    selection: selection.clone(),
                    by: *by,
                    columns: measures.clone(),
                    rows: e
                        .rows
                        .iter()
                        .filter_map(|row| {
                            row.key.clone().map(|key| tables::Row {
                                key,
                                values: row.values.clone(),
                            })
                        })
                        .collect(),
                    total: total
                        .iter()
                        .zip(e.total.iter().flatten())
                        .map(|(m, v)| (*m, *v))
                        .collect(),
                });
            }
            Some(Shape::Cross {
                selection,
                rows,
                columns,
                column_keys,
                measure,
            }) => {
                for row in &e.rows {
                    let Some(key) = &row.key else { continue };
                    p.tables.push(tables::Table {
                        id: format!("{}-{}", e.id, key_text(key)),
                        source: format!("{}, {}", e.label, row.label),
                        caption: format!("{}: {}", e.caption, row.label),
                        selection: selection.with(*rows, key),
                        by: *columns,
                        columns: vec![*measure],
                        rows: column_keys
                            .iter()
                            .zip(&row.values)
                            .map(|(k, v)| tables::Row {
                                key: k.clone(),
                                values: vec![*v],
                            })
                            .collect(),
                        total: Default::default(),
                    });
                }
            }
            None => {}
        }
    }
    p
}

fn key_text(k: &KeyValue) -> String {
    match k {
        KeyValue::Text(t) => t.clone(),
        KeyValue::Article(n) => n.to_string(),
    }
}

/// The report as workbook sheets: a contents sheet, then a sheet per table
/// and per figure's data, labelled, numbers as numbers.
pub fn sheets(r: &Report) -> Vec<Sheet> {
    let mut out = vec![Sheet {
        name: "Contents".into(),
        title: Some(format!("{} — {}", r.title, r.sample)),
        headers: vec!["Sheet".into(), "Caption".into()],
        rows: r
            .exhibits()
            .map(|e| vec![Cell::from(e.label.as_str()), Cell::from(e.caption.as_str())])
            .collect(),
        chart: None,
        links: true,
    }];
    for e in r.exhibits() {
        let mut headers = vec![e.key_header.clone()];
        headers.extend(e.columns.iter().cloned());
        let mut rows: Vec<Vec<Cell>> = e
            .rows
            .iter()
            .map(|row| {
                // Articles are numbers wherever a row is keyed by one, so
                // that they sort and filter as numbers.
                let key = match row.key {
                    Some(KeyValue::Article(n)) => Cell::from(u32::from(n)),
                    _ => Cell::from(row.label.as_str()),
                };
                let mut cells = vec![key];
                cells.extend(row.values.iter().map(|&v| Cell::from(v)));
                cells
            })
            .collect();
        if let Some(total) = &e.total {
            let mut cells = vec![Cell::from("Total")];
            cells.extend(total.iter().map(|&v| Cell::from(v)));
            rows.push(cells);
        }
        let chart = e.chart.map(|kind| SheetChart {
            kind: match kind {
                Chart::Bars => ChartKind::Columns,
                Chart::Across => ChartKind::Bars,
                Chart::Stacked => ChartKind::Stacked,
            },
            title: e.caption.clone(),
            total_row: e.total.is_some(),
        });
        out.push(Sheet {
            name: e.label.clone(),
            title: Some(format!("{}. {}", e.label, e.caption)),
            headers,
            rows,
            chart,
            links: false,
        });
    }
    out
}
