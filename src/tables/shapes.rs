//! Consistent documents of many shapes, for the rebuild's tests and bench.
//!
//! Each document is written from random records (56 to 194 States of the
//! five regional groups, up to 1,500 needs under chapters III and IV of
//! cycle 1), analysed by tana and printed with the published-tables writer,
//! so a data set meeting every number exists by construction. The shapes
//! differ in which of the analysis' numbers they print: all of them, a
//! random part, the seed note's, a sample of some groups and types only,
//! and the shape issue 14 lists.

use std::collections::BTreeSet;

use super::{ClaimKind, Key, KeyValue, Measure, Published, Selection};
use crate::analysis::{Analysis, Sample, analyse};
use crate::records::{Need, Registry, Review, Sources};
use crate::reference::{ArticleNo, Reference};

/// A small seedable generator (SplitMix64), the same on every machine.
#[derive(Clone, Debug)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

/// Which of an analysis' numbers a document prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `analyse --format tables` in full: the three-way table of needs by
    /// article, group and type with every margin.
    Full,
    /// A random part of the full tables and facts, with claims true of the records.
    Subset,
    /// The seed note's shape: the note's tables and its figures of States.
    Seed,
    /// A sample of some regional groups and some types only (and half the
    /// time one chapter only), in full.
    Partial,
    /// Issue 14's: States and needs by chapter and group, by article for
    /// each chapter, States per type for the six articles with the most
    /// needs, States per group for the next three, needs by type, the
    /// order of the groups.
    Issue,
}

impl Shape {
    pub const ALL: [Shape; 5] = [
        Shape::Full,
        Shape::Subset,
        Shape::Seed,
        Shape::Partial,
        Shape::Issue,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Shape::Full => "full",
            Shape::Subset => "subset",
            Shape::Seed => "seed",
            Shape::Partial => "partial",
            Shape::Issue => "issue",
        }
    }
}

/// One generated document, with the records it was written from.
pub struct Case {
    pub shape: Shape,
    /// The sample the document was analysed over.
    pub sample: Sample,
    pub records: Registry,
    pub published: Published,
}

/// Random records: States drawn from the regional groups, each with a
/// weight, so that some States and articles have many needs and some none.
pub fn records(rng: &mut Rng, reference: &Reference) -> Registry {
    let mut states: Vec<u32> = (0..reference.states.len() as u32)
        .filter(|&s| reference.state_region(s).is_some())
        .collect();
    rng.shuffle(&mut states);
    let n_states = (56 + rng.below(145)).min(states.len());
    states.truncate(n_states);
    let mut registry = Registry::default();
    for &state in &states {
        registry.reviews.push(Review {
            state,
            cycle: 1,
            completed: None,
            documents: Sources::default(),
            published: Sources::default(),
            shared_with_providers: false,
        });
    }
    let articles: Vec<ArticleNo> = (15..=50).collect();
    let weight = |rng: &mut Rng, zero: u64| -> u64 {
        if rng.chance(zero) {
            0
        } else {
            let w = 1 + rng.below(12) as u64;
            w * w
        }
    };
    let state_w: Vec<u64> = (0..n_states).map(|_| weight(rng, 20)).collect();
    let article_w: Vec<u64> = articles.iter().map(|_| weight(rng, 10)).collect();
    let type_w: Vec<u64> = (0..9).map(|_| weight(rng, 5)).collect();
    let wanted = rng.below(1501);
    let pick = |rng: &mut Rng, w: &[u64]| -> Option<usize> {
        let total: u64 = w.iter().sum();
        if total == 0 {
            return None;
        }
        let mut at = rng.next_u64() % total;
        w.iter().position(|&x| {
            if at < x {
                true
            } else {
                at -= x;
                false
            }
        })
    };
    let mut seen = BTreeSet::new();
    for _ in 0..wanted * 3 {
        if seen.len() >= wanted {
            break;
        }
        let (Some(s), Some(a), Some(t)) = (
            pick(rng, &state_w),
            pick(rng, &article_w),
            pick(rng, &type_w),
        ) else {
            break;
        };
        if seen.insert((s, a, t)) {
            registry.needs.push(Need {
                review: s as u32,
                article: articles[a],
                need_type: t as u8,
                sources: Sources::default(),
                addressed: false,
            });
        }
    }
    registry
}

/// A document of the given shape, from records made from `seed`.
pub fn case(shape: Shape, seed: u64, reference: &Reference) -> Case {
    let mut rng = Rng(seed ^ 0x005E_ED0F_D0C5);
    let records = records(&mut rng, reference);
    let mut sample = Sample {
        cycle: 1,
        ..Sample::default()
    };
    if shape == Shape::Partial {
        let mut regions: Vec<u8> = (0..reference.regions.len() as u8).collect();
        rng.shuffle(&mut regions);
        regions.truncate(1 + rng.below(regions.len() - 1));
        regions.sort_unstable();
        sample.regions = regions;
        let mut types: Vec<u8> = (0..9).collect();
        rng.shuffle(&mut types);
        types.truncate(1 + rng.below(9));
        types.sort_unstable();
        sample.types = types;
        // Half of them name one chapter only, so some articles only.
        let chapters = reference.cycle_chapters(1);
        if rng.chance(50) {
            sample.chapters = vec![chapters[rng.below(chapters.len())]];
        }
    }
    let a = analyse(&records, reference, &sample, 30);
    let mut published = match shape {
        Shape::Seed => seed_shape(&a, reference),
        _ => super::from_analysis(&a, shape.name()),
    };
    match shape {
        Shape::Subset => {
            published.tables.retain(|_| rng.chance(35));
            published.facts.retain(|_| rng.chance(50));
            published.claims = true_claims(&a, &records, &mut rng);
        }
        Shape::Issue => issue_shape(&mut published, &a),
        _ => {}
    }
    Case {
        shape,
        sample,
        records,
        published,
    }
}

/// The seed note's shape: the note's tables and its figures of States.
pub fn seed_shape(a: &Analysis, reference: &Reference) -> Published {
    let options = crate::report::Options::default();
    let mut p = crate::report::to_published(&crate::report::build(a, reference, &options), a);
    p.tables
        .retain(|t| t.id.starts_with("table-") || t.columns == [Measure::States]);
    p
}

/// Issue 14's shape, from the full tables.
fn issue_shape(p: &mut Published, a: &Analysis) {
    let mut ranked: Vec<(u32, ArticleNo)> = a
        .articles
        .iter()
        .filter(|c| c.total.needs > 0)
        .map(|c| (c.total.needs, c.article))
        .collect();
    ranked.sort_by(|x, y| y.cmp(x));
    let by_type: Vec<String> = ranked
        .iter()
        .take(6)
        .map(|(_, n)| format!("article-{n}-by-type"))
        .collect();
    let by_region: Vec<String> = ranked
        .iter()
        .skip(6)
        .take(3)
        .map(|(_, n)| format!("article-{n}-by-region"))
        .collect();
    p.facts.clear();
    p.tables.retain(|t| {
        matches!(
            t.id.as_str(),
            "III-by-region" | "IV-by-region" | "III-by-article" | "IV-by-article" | "all-by-type"
        ) || by_type.contains(&t.id)
            || by_region.contains(&t.id)
    });
    for t in &mut p.tables {
        if t.id.ends_with("-by-type") && t.id.starts_with("article-") {
            t.columns = vec![Measure::States];
            t.rows.iter_mut().for_each(|r| r.values.truncate(1));
            t.total.remove(&Measure::Needs);
        }
        if t.id.ends_with("-by-region") && t.id.starts_with("article-") {
            t.columns = vec![Measure::States];
            t.rows.iter_mut().for_each(|r| r.values.truncate(1));
            t.total.clear();
        }
        if t.id == "all-by-type" {
            t.columns = vec![Measure::Needs];
            t.rows.iter_mut().for_each(|r| {
                r.values.remove(0);
            });
            t.total.remove(&Measure::States);
        }
    }
    let all = a.all();
    let needs: Vec<(u32, String)> = a
        .regions
        .iter()
        .zip(&all.by_region)
        .map(|(r, c)| (c.needs, r.clone()))
        .collect();
    if let Some(order) = strict_order(needs) {
        p.claims.push(super::Claim {
            id: "groups-order".into(),
            source: "generated".into(),
            selection: Selection::default(),
            kind: ClaimKind::Order {
                by: Key::Region,
                measure: Measure::Needs,
                order,
            },
        });
    }
}

/// The groups ranked highest first, cut before the first tie.
fn strict_order(mut values: Vec<(u32, String)>) -> Option<Vec<KeyValue>> {
    values.sort_by(|x, y| y.cmp(x));
    let mut order = vec![KeyValue::Text(values.first()?.1.clone())];
    for w in values.windows(2) {
        if w[1].0 == w[0].0 {
            break;
        }
        order.push(KeyValue::Text(w[1].1.clone()));
    }
    (order.len() >= 2).then_some(order)
}

/// A few claims about articles that the records make true: the group with
/// the most needs or States, how many groups have any, and how many types
/// the busiest State names.
fn true_claims(a: &Analysis, records: &Registry, rng: &mut Rng) -> Vec<super::Claim> {
    let mut claims = Vec::new();
    let articles: Vec<&crate::analysis::ArticleCounts> =
        a.articles.iter().filter(|c| c.total.needs > 0).collect();
    for i in 0..3 {
        let Some(art) = articles.get(rng.below(articles.len())) else {
            break;
        };
        let selection = Selection {
            articles: Some(vec![art.article]),
            ..Selection::default()
        };
        let measure = if rng.chance(50) {
            Measure::Needs
        } else {
            Measure::States
        };
        let values: Vec<(u32, String)> = a
            .regions
            .iter()
            .zip(&art.by_region)
            .map(|(r, c)| {
                let v = if measure == Measure::Needs {
                    c.needs
                } else {
                    c.states
                };
                (v, r.clone())
            })
            .collect();
        let kind = match i {
            0 => strict_order(values).map(|order| ClaimKind::Top {
                by: Key::Region,
                measure,
                top: order[0].clone(),
            }),
            1 => Some(ClaimKind::CountNonzero {
                by: Key::Region,
                measure,
                value: values.iter().filter(|(v, _)| *v > 0).count() as u32,
            }),
            _ => {
                let most = (0..records.reviews.len() as u32)
                    .map(|r| {
                        records
                            .needs
                            .iter()
                            .filter(|n| n.review == r && n.article == art.article)
                            .count() as u32
                    })
                    .max()
                    .unwrap_or(0);
                (most >= 2).then_some(ClaimKind::SomeStateHasTypes { min_types: most })
            }
        };
        if let Some(kind) = kind {
            claims.push(super::Claim {
                id: format!("claim-{i}"),
                source: "generated".into(),
                selection,
                kind,
            });
        }
    }
    claims
}
