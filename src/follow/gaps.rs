//! The gap matrix: for one cycle, State × article (or regional group ×
//! type of need), how many needs are open, how many are being addressed,
//! and who addresses them, so that a donor sees at a glance what nobody
//! covers.
//!
//! Pure: the caller says which needs the reader may know and hands in only
//! the providers the reader may be told of (`may_know_provider`), so that
//! no count or name reaches a reader who may not read the need it comes
//! from. Invariant: every cell is a count of needs of the registry, each
//! need in exactly one cell.

use std::collections::BTreeSet;

use serde::Serialize;

use super::NeedProvider;
use crate::records::Registry;
use crate::reference::Reference;

/// What the rows and columns are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Axes {
    /// A row per State with a need, a column per article with one.
    #[default]
    StateArticle,
    /// A row per regional group, a column per type of need of the cycle.
    GroupType,
}

impl Axes {
    pub const ALL: [Axes; 2] = [Axes::StateArticle, Axes::GroupType];

    pub fn code(self) -> &'static str {
        match self {
            Axes::StateArticle => "state-article",
            Axes::GroupType => "group-type",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Axes::StateArticle => "States parties by article",
            Axes::GroupType => "Regional groups by type of need",
        }
    }

    pub fn parse(text: &str) -> Option<Axes> {
        Axes::ALL.into_iter().find(|a| a.code() == text)
    }
}

/// Which needs the matrix counts: one cycle, and within it the groups,
/// articles and types asked for (an empty list filters nothing).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GapFilter {
    pub cycle: u8,
    pub axes: Axes,
    /// Regional group codes.
    pub regions: Vec<String>,
    pub articles: Vec<u8>,
    /// Type codes.
    pub types: Vec<String>,
}

/// A row's or column's head: its code and its words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Head {
    pub code: String,
    pub label: String,
}

/// One cell: the needs open, those being addressed, and the providers
/// of the needs being addressed that the reader may be told of.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub open: u32,
    pub addressed: u32,
    pub providers: Vec<String>,
}

impl Cell {
    /// Open needs and no provider the reader knows of: what nobody covers.
    pub fn uncovered(&self) -> bool {
        self.open > 0 && self.providers.is_empty()
    }

    pub fn is_empty(&self) -> bool {
        self.open == 0 && self.addressed == 0
    }
}

/// The matrix: `cells[row][column]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Matrix {
    pub cycle: u8,
    pub axes: Axes,
    pub rows: Vec<Head>,
    pub columns: Vec<Head>,
    pub cells: Vec<Vec<Cell>>,
}

impl Matrix {
    /// The most open needs of any cell (the darkest step of the heat map).
    pub fn largest_open(&self) -> u32 {
        self.cells
            .iter()
            .flatten()
            .map(|c| c.open)
            .max()
            .unwrap_or(0)
    }

    /// Every cell with a need, with its row and column.
    pub fn filled(&self) -> impl Iterator<Item = (&Head, &Head, &Cell)> {
        self.cells.iter().enumerate().flat_map(move |(r, row)| {
            row.iter()
                .enumerate()
                .filter(|(_, c)| !c.is_empty())
                .map(move |(k, c)| (&self.rows[r], &self.columns[k], c))
        })
    }
}

/// The article's head: its number (`none` for a need tied to none).
fn article_head(reference: &Reference, article: u8) -> Head {
    match article {
        0 => Head {
            code: "none".into(),
            label: "Not tied to an article".into(),
        },
        n => Head {
            code: n.to_string(),
            label: reference.article(n).map_or_else(
                || format!("Article {n}"),
                |a| format!("Article {n}: {}", a.title),
            ),
        },
    }
}

/// The gap matrix of the needs `knows` lets through (by position in
/// `registry`), with `providers` (only those the reader may be told of).
pub fn matrix(
    registry: &Registry,
    reference: &Reference,
    filter: &GapFilter,
    knows: impl Fn(u32) -> bool,
    providers: &[NeedProvider],
) -> Matrix {
    let types = reference.types(filter.cycle);
    let mut by_need: std::collections::HashMap<u32, Vec<&str>> = Default::default();
    for p in providers {
        by_need.entry(p.need).or_default().push(&p.name);
    }
    // Each need counted: its row key, its column key.
    let mut counted: Vec<(usize, usize, bool, u32)> = Vec::new();
    for (i, n) in registry.needs.iter().enumerate() {
        let review = &registry.reviews[n.review as usize];
        let region = reference.state(review.state).region.as_deref();
        let Some(kind) = types.get(n.need_type as usize) else {
            continue;
        };
        let takes = review.cycle == filter.cycle
            && (filter.regions.is_empty()
                || region.is_some_and(|g| filter.regions.iter().any(|r| r == g)))
            && (filter.articles.is_empty() || filter.articles.contains(&n.article))
            && (filter.types.is_empty() || filter.types.contains(&kind.code));
        if !takes || !knows(i as u32) {
            continue;
        }
        let (row, column) = match filter.axes {
            Axes::StateArticle => (review.state as usize, usize::from(n.article)),
            Axes::GroupType => (
                reference
                    .state_region(review.state)
                    .map_or(usize::MAX, usize::from),
                usize::from(n.need_type),
            ),
        };
        counted.push((row, column, n.addressed, i as u32));
    }
    let (rows, columns): (Vec<usize>, Vec<usize>) = match filter.axes {
        Axes::StateArticle => {
            let mut rows: Vec<usize> = counted.iter().map(|c| c.0).collect();
            rows.sort_by(|&a, &b| {
                let name = |s: usize| &reference.states[s].name;
                name(a).cmp(name(b))
            });
            rows.dedup();
            let mut columns: Vec<usize> = counted.iter().map(|c| c.1).collect();
            // Articles in order, the needs tied to none last.
            columns.sort_by_key(|&a| (a == 0, a));
            columns.dedup();
            (rows, columns)
        }
        Axes::GroupType => {
            let mut rows: Vec<usize> = (0..reference.regions.len())
                .filter(|&g| {
                    filter.regions.is_empty() || filter.regions.contains(&reference.regions[g].code)
                })
                .collect();
            if counted.iter().any(|c| c.0 == usize::MAX) {
                rows.push(usize::MAX);
            }
            let columns = (0..types.len())
                .filter(|&t| filter.types.is_empty() || filter.types.contains(&types[t].code))
                .collect();
            (rows, columns)
        }
    };
    let mut cells = vec![vec![Cell::default(); columns.len()]; rows.len()];
    let mut names = vec![vec![BTreeSet::<&str>::new(); columns.len()]; rows.len()];
    for &(row, column, addressed, need) in &counted {
        let (Some(r), Some(k)) = (
            rows.iter().position(|&x| x == row),
            columns.iter().position(|&x| x == column),
        ) else {
            continue;
        };
        let cell = &mut cells[r][k];
        if addressed {
            cell.addressed += 1;
        } else {
            cell.open += 1;
        }
        names[r][k].extend(by_need.get(&need).into_iter().flatten().copied());
    }
    for (r, row) in cells.iter_mut().enumerate() {
        for (k, cell) in row.iter_mut().enumerate() {
            cell.providers = names[r][k].iter().map(|s| s.to_string()).collect();
        }
    }
    let head = |i: usize| match filter.axes {
        Axes::StateArticle => {
            let st = &reference.states[i];
            Head {
                code: st.code.clone(),
                label: st.name.clone(),
            }
        }
        Axes::GroupType => reference.regions.get(i).map_or_else(
            || Head {
                code: "none".into(),
                label: "No regional group".into(),
            },
            |g| Head {
                code: g.code.clone(),
                label: g.name.clone(),
            },
        ),
    };
    let column_head = |i: usize| match filter.axes {
        Axes::StateArticle => article_head(reference, i as u8),
        Axes::GroupType => Head {
            code: types[i].code.clone(),
            label: types[i].label.clone(),
        },
    };
    Matrix {
        cycle: filter.cycle,
        axes: filter.axes,
        rows: rows.into_iter().map(head).collect(),
        columns: columns.into_iter().map(column_head).collect(),
        cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::follow::Told;
    use crate::records::{Need, Review, Sources};

    fn registry(reference: &Reference) -> Registry {
        let state = |c: &str| reference.find_state(c).unwrap();
        let review = |s| Review {
            state: s,
            cycle: 1,
            completed: None,
            documents: Sources(7),
            published: Sources(7),
            shared_with_providers: false,
        };
        let need = |review, article, need_type, addressed| Need {
            review,
            article,
            need_type,
            sources: Sources(4),
            addressed,
        };
        Registry {
            reviews: vec![
                review(state("KEN")),
                review(state("UGA")),
                review(state("PER")),
            ],
            needs: vec![
                need(0, 16, 0, false),
                need(0, 16, 1, true),
                need(1, 16, 0, false),
                need(1, 31, 2, true),
                need(2, 0, 0, false),
            ],
            ..Registry::default()
        }
    }

    #[test]
    fn every_need_is_in_one_cell_and_the_uncovered_are_marked() {
        let reference = Reference::uncac();
        let r = registry(&reference);
        let providers = vec![NeedProvider {
            need: 1,
            name: "UNODC".into(),
            told: Told::Document(None),
        }];
        let filter = GapFilter {
            cycle: 1,
            ..GapFilter::default()
        };
        let m = matrix(&r, &reference, &filter, |_| true, &providers);
        let codes: Vec<&str> = m.rows.iter().map(|h| h.code.as_str()).collect();
        assert_eq!(codes, ["KEN", "PER", "UGA"]);
        let columns: Vec<&str> = m.columns.iter().map(|h| h.code.as_str()).collect();
        assert_eq!(columns, ["16", "31", "none"]);
        let total: u32 = m.cells.iter().flatten().map(|c| c.open + c.addressed).sum();
        assert_eq!(total, 5);
        assert_eq!(m.cells[0][0].open, 1);
        assert_eq!(m.cells[0][0].addressed, 1);
        assert_eq!(m.cells[0][0].providers, ["UNODC"]);
        assert!(!m.cells[0][0].uncovered());
        assert!(m.cells[2][0].uncovered());
        // Uganda's need of article 31 is addressed, by nobody named: not open.
        assert!(!m.cells[2][1].uncovered() && m.cells[2][1].addressed == 1);
        // A need the reader may not know is in no cell.
        let m = matrix(&r, &reference, &filter, |i| i != 0, &providers);
        assert_eq!(m.cells[0][0].open, 0);
        // By group and type: Kenya and Uganda are African, Peru is not.
        let by_group = GapFilter {
            axes: Axes::GroupType,
            regions: vec!["AFR".into()],
            ..filter
        };
        let m = matrix(&r, &reference, &by_group, |_| true, &providers);
        assert_eq!(m.rows.len(), 1);
        assert_eq!(m.cells[0][0].open, 2);
        assert_eq!(m.largest_open(), 2);
    }
}
