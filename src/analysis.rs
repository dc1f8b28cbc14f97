//! The analysis engine: pure functions from records to the counts of the note.
//!
//! [`analyse`] takes a [`Registry`], the workspace's [`Reference`] and a
//! [`Sample`] and returns an [`Analysis`]: every table and figure the seed
//! note prints, as numbers. Rendering (text, JSON, published tables, HTML)
//! happens elsewhere, from the `Analysis` alone.
//!
//! Invariants: no I/O, no clock, no randomness; the same records give the
//! same analysis. A need counts once per (review, article, type) even if the
//! records hold it twice. A State is counted in a selection when at least one
//! of its needs in the sample matches it.
//!
//! The counting is one pass over the needs, building a mask of types per
//! (review, article), then one pass over the masks: linear in the needs plus
//! reviews × articles, so ten million needs take well under a second.

use serde::Serialize;

use crate::date::Date;
use crate::error::Result;
use crate::records::{Need, NeedSink, Registry, Review};
use crate::reference::{ArticleNo, Reference, RegionId};

/// The part of a sample a person got wrong. Each front end names it in its
/// own words (a flag on the command line, a field of the portal's form), so
/// the analysis never writes either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SampleField {
    Cycle,
    Chapters,
    Regions,
    AsOf,
    Types,
}

impl SampleField {
    /// The field in the words of the domain.
    pub fn name(self) -> &'static str {
        match self {
            SampleField::Cycle => "cycle",
            SampleField::Chapters => "chapters",
            SampleField::Regions => "regional groups",
            SampleField::AsOf => "date of the sample",
            SampleField::Types => "types of need",
        }
    }
}

/// A sample that cannot be taken: which field, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}: {reason}", .field.name())]
pub struct SampleError {
    pub field: SampleField,
    pub reason: String,
}

impl SampleError {
    fn new(field: SampleField, reason: String) -> SampleError {
        SampleError { field, reason }
    }
}

/// Which reviews, chapters and regional groups an analysis covers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sample {
    pub cycle: u8,
    /// Positions in [`Reference::chapters`]; empty means every chapter of the cycle.
    pub chapters: Vec<usize>,
    /// Regional groups; empty means all of them (and States in none).
    pub regions: Vec<RegionId>,
    /// Only reviews finished on or before this day; `None` takes every review.
    pub as_of: Option<Date>,
    /// Only needs of these types (positions in the cycle's types); empty
    /// means every type.
    pub types: Vec<crate::reference::TypeId>,
}

impl Sample {
    /// Whether a review is in the sample: of its cycle, finished by its
    /// date when it has one, and of one of its regional groups when it
    /// names some (a State of no group is only in a sample of all groups).
    pub fn takes(&self, reference: &Reference, review: &Review) -> bool {
        let in_groups = match reference.state_region(review.state) {
            Some(g) => self.regions.is_empty() || self.regions.contains(&g),
            None => self.regions.is_empty(),
        };
        review.cycle == self.cycle
            && in_groups
            && self
                .as_of
                .is_none_or(|cut| review.completed.is_some_and(|d| d <= cut))
    }

    /// Reads a sample from the words a user types: `III,IV`, `APG,AFR`.
    pub fn parse(
        reference: &Reference,
        cycle: u8,
        chapters: Option<&str>,
        regions: Option<&str>,
        as_of: Option<&str>,
    ) -> Result<Sample, SampleError> {
        let cycle_chapters = reference.cycle_chapters(cycle);
        if cycle_chapters.is_empty() {
            let known: Vec<String> = reference.cycles().iter().map(u8::to_string).collect();
            return Err(SampleError::new(
                SampleField::Cycle,
                format!(
                    "no chapter is reviewed in cycle {cycle} (cycles: {})",
                    known.join(", ")
                ),
            ));
        }
        let mut sample = Sample {
            cycle,
            ..Sample::default()
        };
        for word in split(chapters) {
            let c = reference.chapter_id(word).ok_or_else(|| {
                SampleError::new(
                    SampleField::Chapters,
                    format!("chapter `{word}` does not exist"),
                )
            })?;
            if !cycle_chapters.contains(&c) {
                return Err(SampleError::new(
                    SampleField::Chapters,
                    format!("chapter {word} is not reviewed in cycle {cycle}"),
                ));
            }
            if !sample.chapters.contains(&c) {
                sample.chapters.push(c);
            }
        }
        sample.chapters.sort_unstable();
        for word in split(regions) {
            let r = reference.region_id(word).ok_or_else(|| {
                let codes: Vec<&str> = reference.regions.iter().map(|r| r.code.as_str()).collect();
                SampleError::new(
                    SampleField::Regions,
                    format!("`{word}` is no regional group ({})", codes.join(", ")),
                )
            })?;
            if !sample.regions.contains(&r) {
                sample.regions.push(r);
            }
        }
        sample.regions.sort_unstable();
        if let Some(d) = as_of {
            sample.as_of = Some(d.parse().map_err(|e: crate::date::DateError| {
                SampleError::new(SampleField::AsOf, e.to_string())
            })?);
        }
        Ok(sample)
    }

    /// Narrows the sample to some types of need: `capacity_building,other`
    /// (codes or labels, as import reads them).
    pub fn with_types(
        mut self,
        reference: &Reference,
        types: Option<&str>,
    ) -> Result<Sample, SampleError> {
        for word in split(types) {
            let t = reference.find_type(self.cycle, word).map_err(|hint| {
                SampleError::new(
                    SampleField::Types,
                    format!(
                        "`{word}` is no type of need of cycle {}{}",
                        self.cycle,
                        hint.map(|h| format!(" (did you mean `{h}`?)"))
                            .unwrap_or_default()
                    ),
                )
            })?;
            if !self.types.contains(&t) {
                self.types.push(t);
            }
        }
        self.types.sort_unstable();
        Ok(self)
    }

    /// The chapters analysed: the ones named, or every chapter of the cycle.
    pub fn chapters(&self, reference: &Reference) -> Vec<usize> {
        if self.chapters.is_empty() {
            reference.cycle_chapters(self.cycle)
        } else {
            self.chapters.clone()
        }
    }
}

fn split(list: Option<&str>) -> impl Iterator<Item = &str> {
    list.unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
}

/// A pair of counts: distinct States, and needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Count {
    pub states: u32,
    pub needs: u32,
}

/// The counts of one chapter, or of all chapters of the sample together.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scope {
    /// The chapter's id (`III`), or `None` for all chapters together.
    pub chapter: Option<String>,
    pub articles: Vec<ArticleNo>,
    pub total: Count,
    /// By regional group, in the order of [`Analysis::regions`].
    pub by_region: Vec<Count>,
    /// By type of need, in the order of [`Analysis::types`].
    pub by_type: Vec<Count>,
    /// `[region][type]`.
    pub by_region_type: Vec<Vec<Count>>,
}

/// The counts of one article.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleCounts {
    pub article: ArticleNo,
    pub chapter: String,
    pub title: String,
    pub total: Count,
    /// Needs of each type; for one article and one type this is also the
    /// number of States, since a State names a type once per article.
    pub by_type: Vec<u32>,
    pub by_region: Vec<Count>,
    /// `types_per_state[k]`: States naming exactly `k` types (Figure IV).
    pub types_per_state: Vec<u32>,
    /// Challenges identified for the article in the sample.
    pub challenges: u32,
    /// Needs of the article already being addressed.
    pub addressed: u32,
}

/// Needs tied to no article: general or thematic needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GeneralNeeds {
    pub total: Count,
    pub by_type: Vec<u32>,
    pub by_region: Vec<Count>,
}

/// Where an article stands against the threshold of paragraphs 8 and 9.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Correlation {
    /// More than the threshold of both challenges and needs.
    Both,
    /// More challenges than the threshold, not more needs.
    ChallengesOnly,
    /// More needs than the threshold, not more challenges.
    NeedsOnly,
    Neither,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChallengeRow {
    pub article: ArticleNo,
    pub challenges: u32,
    pub needs: u32,
    pub correlation: Correlation,
}

/// Everything the note counts, for one sample.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    pub instrument: String,
    pub cycle: u8,
    pub chapters: Vec<String>,
    pub as_of: Option<Date>,
    /// Regional groups counted (all, or the ones the sample names).
    pub regions: Vec<String>,
    /// Codes of the types of need of the cycle.
    pub types: Vec<String>,
    /// States whose reviews are in the sample, with or without needs.
    pub states_covered: u32,
    pub covered_by_region: Vec<u32>,
    /// One scope per chapter, then all chapters together (last).
    pub scopes: Vec<Scope>,
    pub articles: Vec<ArticleCounts>,
    pub general: GeneralNeeds,
    /// Needs (of the articles analysed) already being addressed.
    pub addressed: u32,
    pub challenge_threshold: u32,
    pub challenges_against_needs: Vec<ChallengeRow>,
}

impl Analysis {
    pub fn all(&self) -> &Scope {
        self.scopes
            .last()
            .expect("an analysis always has the all-chapters scope")
    }

    pub fn article(&self, number: ArticleNo) -> Option<&ArticleCounts> {
        self.articles.iter().find(|a| a.article == number)
    }

    pub fn scope(&self, chapter: &str) -> Option<&Scope> {
        self.scopes
            .iter()
            .find(|s| s.chapter.as_deref() == Some(chapter))
    }

    pub fn region_index(&self, code: &str) -> Option<usize> {
        self.regions.iter().position(|r| r == code)
    }

    pub fn type_index(&self, code: &str) -> Option<usize> {
        self.types.iter().position(|t| t == code)
    }
}

/// The threshold of paragraphs 8 and 9: "a high number (more than 30)".
pub const DEFAULT_CHALLENGE_THRESHOLD: u32 = 30;

/// What the counting of needs reads of a sample: which reviews it takes
/// (numbered densely, with their regional group's slot), which articles
/// (numbered densely, the needs tied to no article in the last slot) and
/// chapters, and which types.
struct Frame {
    /// Positions in [`Reference::chapters`].
    chapters: Vec<usize>,
    region_ids: Vec<RegionId>,
    /// Each review's number among the sample's, `u32::MAX` when not in it.
    review_local: Vec<u32>,
    /// Each sample review's regional group's slot; States in no group get
    /// the last slot (counted in totals, shown in no regional table).
    local_slot: Vec<usize>,
    covered_by_region: Vec<u32>,
    articles: Vec<ArticleNo>,
    article_slot: [u16; 256],
    article_chapter: Vec<usize>,
    types: Vec<u8>,
    n_types: usize,
    n_regions: usize,
    n_articles: usize,
    /// Per chapter, and all chapters together (the last slot).
    n_scopes: usize,
}

/// What the needs of the sample's reviews add up to: every table is read
/// from these.
struct Tally {
    /// Needs by (article, type, regional group's slot).
    needs_by: Vec<u32>,
    addressed_by_article: Vec<u32>,
    /// States by (article, slot).
    art_states: Vec<u32>,
    /// Per article, how many States name 0, 1, 2… types.
    types_per_state: Vec<Vec<u32>>,
    /// States by (chapter, slot), the last chapter slot all chapters.
    scope_states: Vec<u32>,
    /// States by (chapter, type, slot).
    scope_type_states: Vec<u32>,
    /// Each sample review's types per article, as bits; counts each need once.
    masks: Vec<u16>,
}

impl Frame {
    fn new(registry: &Registry, reference: &Reference, sample: &Sample) -> Frame {
        let chapters = sample.chapters(reference);
        let region_ids: Vec<RegionId> = if sample.regions.is_empty() {
            (0..reference.regions.len() as RegionId).collect()
        } else {
            sample.regions.clone()
        };
        let n_regions = region_ids.len();
        let mut region_slot = vec![u8::MAX; reference.regions.len() + 1];
        for (slot, &r) in region_ids.iter().enumerate() {
            region_slot[r as usize] = slot as u8;
        }

        // Reviews in the sample, numbered densely, with their region slot.
        let mut review_local = vec![u32::MAX; registry.reviews.len()];
        let mut local_slot: Vec<usize> = Vec::new();
        let mut covered_by_region = vec![0u32; n_regions];
        for (i, review) in registry.reviews.iter().enumerate() {
            if !sample.takes(reference, review) {
                continue;
            }
            let slot = match reference.state_region(review.state) {
                Some(r) => region_slot[r as usize] as usize,
                None => n_regions,
            };
            review_local[i] = local_slot.len() as u32;
            local_slot.push(slot);
            if slot < n_regions {
                covered_by_region[slot] += 1;
            }
        }

        // Articles analysed, numbered densely in chapter order.
        let mut articles: Vec<ArticleNo> = Vec::new();
        let mut article_chapter: Vec<usize> = Vec::new();
        for (ci, &c) in chapters.iter().enumerate() {
            for a in reference.chapter_articles(c) {
                articles.push(a);
                article_chapter.push(ci);
            }
        }
        let mut article_slot = [u16::MAX; 256];
        for (i, &a) in articles.iter().enumerate() {
            article_slot[a as usize] = i as u16;
        }
        Frame {
            n_types: reference.types(sample.cycle).len(),
            n_regions,
            n_articles: articles.len(),
            n_scopes: chapters.len() + 1,
            chapters,
            region_ids,
            review_local,
            local_slot,
            covered_by_region,
            articles,
            article_slot,
            article_chapter,
            types: sample.types.clone(),
        }
    }

    /// Articles, and the slot of needs tied to no article.
    fn width(&self) -> usize {
        self.n_articles + 1
    }

    /// A tally of no needs yet.
    fn tally(&self) -> Tally {
        let (width, n_types, n_regions) = (self.width(), self.n_types, self.n_regions);
        Tally {
            needs_by: vec![0u32; width * n_types * (n_regions + 1)],
            addressed_by_article: vec![0u32; width],
            art_states: vec![0u32; width * (n_regions + 1)],
            types_per_state: vec![vec![0u32; n_types + 1]; width],
            scope_states: vec![0u32; self.n_scopes * (n_regions + 1)],
            scope_type_states: vec![0u32; self.n_scopes * n_types * (n_regions + 1)],
            masks: vec![0u16; self.local_slot.len() * width],
        }
    }

    /// Adds `needs` to the masks and to the needs counted.
    fn masks(&self, needs: &[Need], t: &mut Tally) {
        let (width, n_types, n_regions) = (self.width(), self.n_types, self.n_regions);
        for need in needs {
            let Some(&local) = self.review_local.get(need.review as usize) else {
                continue;
            };
            if local == u32::MAX
                || need.need_type as usize >= n_types
                || (!self.types.is_empty() && !self.types.contains(&need.need_type))
            {
                continue;
            }
            let a = if need.article == 0 {
                self.n_articles
            } else {
                self.article_slot[need.article as usize] as usize
            };
            if a == u16::MAX as usize {
                continue;
            }
            let cell = &mut t.masks[local as usize * width + a];
            let bit = 1u16 << need.need_type;
            if *cell & bit != 0 {
                continue;
            }
            *cell |= bit;
            let slot = self.local_slot[local as usize];
            t.needs_by[(a * n_types + need.need_type as usize) * (n_regions + 1) + slot] += 1;
            if need.addressed {
                t.addressed_by_article[a] += 1;
            }
        }
    }

    /// Per article, States by region and the distribution of types per
    /// State; per chapter, States by region and by region and type, from
    /// the union of a review's masks.
    fn states(&self, t: &mut Tally) {
        let (width, n_types, n_regions, n_scopes) =
            (self.width(), self.n_types, self.n_regions, self.n_scopes);
        let mut chapter_mask = vec![0u16; n_scopes];
        for (local, &slot) in self.local_slot.iter().enumerate() {
            chapter_mask.iter_mut().for_each(|m| *m = 0);
            let row = &t.masks[local * width..(local + 1) * width];
            for (a, &m) in row.iter().enumerate() {
                if m == 0 {
                    continue;
                }
                t.art_states[a * (n_regions + 1) + slot] += 1;
                t.types_per_state[a][m.count_ones() as usize] += 1;
                if a < self.n_articles {
                    chapter_mask[self.article_chapter[a]] |= m;
                    chapter_mask[n_scopes - 1] |= m;
                }
            }
            for (s, &m) in chapter_mask.iter().enumerate() {
                if m == 0 {
                    continue;
                }
                t.scope_states[s * (n_regions + 1) + slot] += 1;
                for ty in 0..n_types {
                    if m & (1 << ty) != 0 {
                        t.scope_type_states[(s * n_types + ty) * (n_regions + 1) + slot] += 1;
                    }
                }
            }
        }
    }
}

/// The counting of a sample's needs given a review's needs at a time, as
/// a [`NeedSink`]: `tana analyse` has the store hand it the needs as it
/// reads them, so that ten million of them are never all in memory (as
/// a vector they were a third of the command's time, most of it the
/// kernel giving the vector its pages).
pub struct Counting<'s> {
    reference: &'s Reference,
    sample: &'s Sample,
    started: Option<(Frame, Tally)>,
}

impl<'s> Counting<'s> {
    pub fn new(reference: &'s Reference, sample: &'s Sample) -> Counting<'s> {
        Counting {
            reference,
            sample,
            started: None,
        }
    }

    /// The analysis of the needs given. `registry`: the records whose
    /// reviews were given to [`NeedSink::reviews`]; its challenges are
    /// counted here, its needs are not.
    pub fn finish(self, registry: &Registry, threshold: u32) -> Analysis {
        let (frame, mut tally) = self.started.unwrap_or_else(|| {
            let frame = Frame::new(registry, self.reference, self.sample);
            let tally = frame.tally();
            (frame, tally)
        });
        frame.states(&mut tally);
        Counted {
            frame,
            tally,
            reference: self.reference,
        }
        .analysis(registry, self.sample, threshold)
    }
}

impl NeedSink for Counting<'_> {
    fn reviews(&mut self, registry: &Registry) {
        let frame = Frame::new(registry, self.reference, self.sample);
        let tally = frame.tally();
        self.started = Some((frame, tally));
    }

    fn needs(&mut self, needs: &[Need]) {
        let (frame, tally) = self
            .started
            .as_mut()
            .expect("a store gives the reviews before their needs");
        frame.masks(needs, tally);
    }
}

/// Counts everything the note prints, for one sample.
pub fn analyse(
    registry: &Registry,
    reference: &Reference,
    sample: &Sample,
    threshold: u32,
) -> Analysis {
    let mut counting = Counting::new(reference, sample);
    counting.reviews(registry);
    counting.needs(&registry.needs);
    counting.finish(registry, threshold)
}

/// A sample's needs counted: the tables are read off the tally.
struct Counted<'r> {
    frame: Frame,
    tally: Tally,
    reference: &'r Reference,
}

impl Counted<'_> {
    fn needs_at(&self, a: usize, t: usize, slot: usize) -> u32 {
        let f = &self.frame;
        self.tally.needs_by[(a * f.n_types + t) * (f.n_regions + 1) + slot]
    }

    fn states_at(&self, a: usize, slot: usize) -> u32 {
        self.tally.art_states[a * (self.frame.n_regions + 1) + slot]
    }

    /// Over every slot, States in no regional group included.
    fn all_slots(&self, f: impl Fn(usize) -> u32) -> u32 {
        (0..=self.frame.n_regions).map(f).sum()
    }

    fn analysis(self, registry: &Registry, sample: &Sample, threshold: u32) -> Analysis {
        let (f, reference) = (&self.frame, self.reference);
        let challenges = self.challenges(registry);
        let articles: Vec<ArticleCounts> = (0..f.n_articles)
            .map(|i| self.article(i, challenges[i]))
            .collect();
        let challenges_against_needs = articles
            .iter()
            .map(|a| ChallengeRow {
                article: a.article,
                challenges: a.challenges,
                needs: a.total.needs,
                correlation: correlate(a.challenges, a.total.needs, threshold),
            })
            .collect();
        Analysis {
            instrument: reference.instrument.clone(),
            cycle: sample.cycle,
            chapters: f
                .chapters
                .iter()
                .map(|&c| reference.chapters[c].id.clone())
                .collect(),
            as_of: sample.as_of,
            regions: f
                .region_ids
                .iter()
                .map(|&r| reference.regions[r as usize].code.clone())
                .collect(),
            types: reference
                .types(sample.cycle)
                .iter()
                .map(|t| t.code.clone())
                .collect(),
            states_covered: f.local_slot.len() as u32,
            covered_by_region: f.covered_by_region.clone(),
            scopes: (0..f.n_scopes).map(|s| self.scope(s)).collect(),
            articles,
            general: self.general(),
            addressed: self.tally.addressed_by_article[..f.n_articles].iter().sum(),
            challenge_threshold: threshold,
            challenges_against_needs,
        }
    }

    /// Challenges identified per article of the sample's reviews.
    fn challenges(&self, registry: &Registry) -> Vec<u32> {
        let f = &self.frame;
        let mut by_article = vec![0u32; f.width()];
        for ch in &registry.challenges {
            let Some(&local) = f.review_local.get(ch.review as usize) else {
                continue;
            };
            if local == u32::MAX || ch.article == 0 {
                continue;
            }
            let a = f.article_slot[ch.article as usize];
            if a != u16::MAX {
                by_article[a as usize] += 1;
            }
        }
        by_article
    }

    /// The article at position `i` of the sample's.
    fn article(&self, i: usize, challenges: u32) -> ArticleCounts {
        let f = &self.frame;
        let number = f.articles[i];
        let art = self
            .reference
            .article(number)
            .expect("articles come from the reference");
        let by_type: Vec<u32> = (0..f.n_types)
            .map(|t| self.all_slots(|s| self.needs_at(i, t, s)))
            .collect();
        let by_region: Vec<Count> = (0..f.n_regions)
            .map(|s| Count {
                states: self.states_at(i, s),
                needs: (0..f.n_types).map(|t| self.needs_at(i, t, s)).sum(),
            })
            .collect();
        ArticleCounts {
            article: number,
            chapter: art.chapter.clone(),
            title: art.title.clone(),
            total: Count {
                states: self.all_slots(|s| self.states_at(i, s)),
                needs: by_type.iter().sum(),
            },
            by_type,
            by_region,
            types_per_state: self.tally.types_per_state[i].clone(),
            challenges,
            addressed: self.tally.addressed_by_article[i],
        }
    }

    /// The chapter at position `s` of the sample's, or all chapters
    /// together (the last).
    fn scope(&self, s: usize) -> Scope {
        let f = &self.frame;
        let (n_types, n_regions) = (f.n_types, f.n_regions);
        let all = s == f.n_scopes - 1;
        let scope_articles: Vec<usize> = (0..f.n_articles)
            .filter(|&a| all || f.article_chapter[a] == s)
            .collect();
        let needs_rt = |slot: usize, t: usize| {
            scope_articles
                .iter()
                .map(|&a| self.needs_at(a, t, slot))
                .sum::<u32>()
        };
        let type_states = |slot: usize, t: usize| {
            self.tally.scope_type_states[(s * n_types + t) * (n_regions + 1) + slot]
        };
        let states = |slot: usize| self.tally.scope_states[s * (n_regions + 1) + slot];
        let by_region_type: Vec<Vec<Count>> = (0..n_regions)
            .map(|slot| {
                (0..n_types)
                    .map(|t| Count {
                        states: type_states(slot, t),
                        needs: needs_rt(slot, t),
                    })
                    .collect()
            })
            .collect();
        let by_type: Vec<Count> = (0..n_types)
            .map(|t| Count {
                states: self.all_slots(|slot| type_states(slot, t)),
                needs: self.all_slots(|slot| needs_rt(slot, t)),
            })
            .collect();
        let by_region: Vec<Count> = (0..n_regions)
            .map(|slot| Count {
                states: states(slot),
                needs: (0..n_types).map(|t| needs_rt(slot, t)).sum(),
            })
            .collect();
        Scope {
            chapter: (!all).then(|| self.reference.chapters[f.chapters[s]].id.clone()),
            articles: scope_articles.iter().map(|&a| f.articles[a]).collect(),
            total: Count {
                states: self.all_slots(states),
                needs: by_type.iter().map(|c| c.needs).sum(),
            },
            by_region,
            by_type,
            by_region_type,
        }
    }

    /// The needs tied to no article.
    fn general(&self) -> GeneralNeeds {
        let f = &self.frame;
        let g = f.n_articles;
        let by_type: Vec<u32> = (0..f.n_types)
            .map(|t| self.all_slots(|s| self.needs_at(g, t, s)))
            .collect();
        GeneralNeeds {
            total: Count {
                states: self.all_slots(|s| self.states_at(g, s)),
                needs: by_type.iter().sum(),
            },
            by_type,
            by_region: (0..f.n_regions)
                .map(|s| Count {
                    states: self.states_at(g, s),
                    needs: (0..f.n_types).map(|t| self.needs_at(g, t, s)).sum(),
                })
                .collect(),
        }
    }
}

/// Paragraphs 8 and 9: challenges and needs, each against the threshold.
pub fn correlate(challenges: u32, needs: u32, threshold: u32) -> Correlation {
    match (challenges > threshold, needs > threshold) {
        (true, true) => Correlation::Both,
        (true, false) => Correlation::ChallengesOnly,
        (false, true) => Correlation::NeedsOnly,
        (false, false) => Correlation::Neither,
    }
}

/// What changed between an earlier sample and this one, as paragraphs 3 and 6
/// of the note tell it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Change {
    /// States in this sample whose reviews the earlier one did not hold.
    pub states_added: u32,
    /// Of those, the States that identified any need.
    pub added_with_needs: u32,
    /// Of those, per chapter analysed (in order): States with needs under
    /// the chapter's articles.
    pub added_by_chapter: Vec<(String, u32)>,
    /// Of those, States whose only needs are tied to no article.
    pub added_general_only: u32,
    /// Articles whose numbers of States or needs moved.
    pub articles: Vec<ArticleChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleChange {
    pub article: ArticleNo,
    pub before: Count,
    pub after: Count,
}

/// Per State in the sample: a bit per chapter analysed under which it has
/// needs, and the last bit for needs tied to no article.
fn states_of(
    registry: &Registry,
    reference: &Reference,
    sample: &Sample,
) -> std::collections::BTreeMap<u32, u32> {
    let chapters = sample.chapters(reference);
    let mut out = std::collections::BTreeMap::new();
    let mut review_state = vec![None; registry.reviews.len()];
    for (i, r) in registry.reviews.iter().enumerate() {
        if sample.takes(reference, r) {
            review_state[i] = Some(r.state);
            out.entry(r.state).or_insert(0u32);
        }
    }
    let general_bit = 1u32 << chapters.len();
    for n in &registry.needs {
        let Some(Some(state)) = review_state.get(n.review as usize) else {
            continue;
        };
        let bit = if n.article == 0 {
            general_bit
        } else {
            match reference
                .chapter_of(n.article)
                .and_then(|c| chapters.iter().position(|&x| x == c))
            {
                Some(i) => 1 << i,
                None => continue,
            }
        };
        *out.entry(*state).or_insert(0) |= bit;
    }
    out
}

/// Compares two samples: `before` of `earlier` and `after` of `registry`
/// (the same records with an earlier date, or an earlier export).
pub fn change(
    reference: &Reference,
    (earlier, before_sample, before): (&Registry, &Sample, &Analysis),
    (registry, sample, after): (&Registry, &Sample, &Analysis),
) -> Change {
    let old = states_of(earlier, reference, before_sample);
    let new = states_of(registry, reference, sample);
    let chapters = sample.chapters(reference);
    let general_bit = 1u32 << chapters.len();
    let added: Vec<u32> = new
        .iter()
        .filter(|(s, _)| !old.contains_key(s))
        .map(|(_, &bits)| bits)
        .collect();
    let articles = after
        .articles
        .iter()
        .map(|a| ArticleChange {
            article: a.article,
            before: before
                .article(a.article)
                .map(|b| b.total)
                .unwrap_or_default(),
            after: a.total,
        })
        .filter(|c| c.before != c.after)
        .collect();
    Change {
        states_added: added.len() as u32,
        added_with_needs: added.iter().filter(|&&b| b != 0).count() as u32,
        added_by_chapter: chapters
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                (
                    reference.chapters[c].id.clone(),
                    added.iter().filter(|&&b| b & (1 << i) != 0).count() as u32,
                )
            })
            .collect(),
        added_general_only: added.iter().filter(|&&b| b == general_bit).count() as u32,
        articles,
    }
}

/// Needs being addressed in one group (an article, a regional group, a
/// type, or all), and by how many providers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Addressed {
    pub needs: u32,
    /// Distinct providers named against those needs; a need marked
    /// addressed with no provider named counts in `needs` only.
    pub providers: u32,
}

/// Who addresses the needs of a sample (the note's paragraphs 33 to 36):
/// the needs of the articles analysed that are being addressed, by article,
/// regional group and type, with how many providers address them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Addressing {
    pub total: Addressed,
    /// Articles with a need being addressed, in the order analysed.
    pub by_article: Vec<(ArticleNo, Addressed)>,
    /// In the order of [`Analysis::regions`].
    pub by_region: Vec<Addressed>,
    /// In the order of [`Analysis::types`].
    pub by_type: Vec<Addressed>,
}

/// Counts [`Addressing`] for the sample `a` was analysed from. `providers`
/// pairs a need (its position in `registry`) with a provider addressing
/// it; the same pair twice counts once. Pure, like [`analyse`].
pub fn addressing(
    registry: &Registry,
    reference: &Reference,
    sample: &Sample,
    a: &Analysis,
    providers: &[(u32, String)],
) -> Addressing {
    use std::collections::{BTreeMap, BTreeSet, HashMap};
    let mut who: HashMap<u32, BTreeSet<&str>> = HashMap::new();
    for (need, p) in providers {
        who.entry(*need).or_default().insert(p.as_str());
    }
    let analysed: Vec<ArticleNo> = a.articles.iter().map(|x| x.article).collect();
    // Per group: the needs, and the providers' names.
    type Group<'a> = (u32, BTreeSet<&'a str>);
    let mut total: Group = Default::default();
    let mut by_article: BTreeMap<usize, Group> = BTreeMap::new();
    let mut by_region: Vec<Group> = vec![Default::default(); a.regions.len()];
    let mut by_type: Vec<Group> = vec![Default::default(); a.types.len()];
    let none = BTreeSet::new();
    for (i, need) in registry.needs.iter().enumerate() {
        let review = &registry.reviews[need.review as usize];
        let Some(article) = analysed.iter().position(|&x| x == need.article) else {
            continue;
        };
        let typed = sample.types.is_empty() || sample.types.contains(&need.need_type);
        if !need.addressed || !typed || !sample.takes(reference, review) {
            continue;
        }
        let names = who.get(&(i as u32)).unwrap_or(&none);
        let region = reference
            .state_region(review.state)
            .and_then(|r| a.region_index(&reference.regions[r as usize].code));
        let mut groups: Vec<&mut Group> = vec![&mut total, by_article.entry(article).or_default()];
        if let Some(r) = region {
            groups.push(&mut by_region[r]);
        }
        if let Some(t) = by_type.get_mut(need.need_type as usize) {
            groups.push(t);
        }
        for g in groups {
            g.0 += 1;
            g.1.extend(names.iter().copied());
        }
    }
    let count = |g: &Group| Addressed {
        needs: g.0,
        providers: g.1.len() as u32,
    };
    Addressing {
        total: count(&total),
        by_article: by_article
            .iter()
            .map(|(&i, g)| (analysed[i], count(g)))
            .collect(),
        by_region: by_region.iter().map(count).collect(),
        by_type: by_type.iter().map(count).collect(),
    }
}
