//! The rebuilder: records that reproduce a published file.
//!
//! The document names no State, so States are numbered within their
//! regional group (`APG-07`). The printed numbers that lose a contradiction
//! are set aside by the auditor's rule (`docs/SYNTH.md`); every other number,
//! the rows a table leaves out (zeros) and the claims become targets. A
//! seeded local search then sets needs (State, article, type) until every
//! target is met, and an independent recount checks the result before it is
//! returned. If the search cannot meet a target, the rebuilder says which
//! instead of returning a data set that does not reproduce the file.

use std::collections::HashMap;

use super::audit::{Audit, audit};
use super::cells::{Canon, Frame};
use super::{ClaimKind, Key, Measure, Published};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::records::{Need, Registry, Review, Source, Sources};
use crate::reference::Reference;

/// A small, fast, seedable generator (SplitMix64): the same seed gives the
/// same data on every machine and every version of every dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// One need switched on or off: (State, article, type).
type Flip = (usize, usize, usize);
/// The change in cost of a move, and the flips that make it (to undo it).
type Move = (i64, Vec<Flip>);

/// One quantity the records must meet (or, for claims, only track).
struct Target {
    articles: u128,
    regions: u8,
    types: u16,
    measure: Measure,
    goal: Option<u32>,
    value: u32,
    /// Per State: matching needs (for the States measure).
    per_state: Vec<u32>,
    label: String,
}

enum Goal {
    Order(Vec<usize>),
    Top(usize, Vec<usize>),
    CountNonzero(Vec<usize>, u32),
    SomeStateHasTypes(Vec<usize>, u32),
}

struct Search {
    n_types: usize,
    n_articles: usize,
    state_region: Vec<usize>,
    masks: Vec<u16>,
    targets: Vec<Target>,
    index: Vec<Vec<u32>>,
    goals: Vec<(Goal, String)>,
    /// Per target: does a claim read it? Per article: does a claim count its types?
    in_goal: Vec<bool>,
    article_in_goal: Vec<bool>,
}

impl Search {
    fn slot(&self, a: usize, r: usize, t: usize) -> usize {
        (a * 8 + r) * self.n_types + t
    }

    /// Flips one need and returns the change in cost.
    fn toggle(&mut self, s: usize, a: usize, t: usize) -> i64 {
        let m = &mut self.masks[s * self.n_articles + a];
        *m ^= 1 << t;
        let on = *m & (1 << t) != 0;
        let r = self.state_region[s];
        let slot = self.slot(a, r, t);
        let touches_goal =
            self.article_in_goal[a] || self.index[slot].iter().any(|&i| self.in_goal[i as usize]);
        let before_goals = if touches_goal { self.goal_cost() } else { 0 };
        let mut delta = 0i64;
        for &ti in &self.index[slot] {
            let target = &mut self.targets[ti as usize];
            let old = target.value;
            match target.measure {
                Measure::Needs => target.value = if on { old + 1 } else { old - 1 },
                Measure::States => {
                    let c = &mut target.per_state[s];
                    if on {
                        *c += 1;
                        if *c == 1 {
                            target.value += 1;
                        }
                    } else {
                        *c -= 1;
                        if *c == 0 {
                            target.value -= 1;
                        }
                    }
                }
            }
            if let Some(g) = target.goal {
                delta += i64::from(target.value.abs_diff(g)) - i64::from(old.abs_diff(g));
            }
        }
        if touches_goal {
            delta + self.goal_cost() - before_goals
        } else {
            delta
        }
    }

    /// The goal of the target with exactly this selection and measure.
    fn goal_of(&self, articles: u128, regions: u8, types: u16, measure: Measure) -> Option<u32> {
        self.targets
            .iter()
            .find(|t| {
                t.articles == articles
                    && t.regions == regions
                    && t.types == types
                    && t.measure == measure
            })
            .and_then(|t| t.goal)
    }

    /// A start close to the answer, so the search only has to repair: the
    /// States each group counts in a set of articles (a chapter) are chosen
    /// first, then each article gets its printed number of States, taken
    /// first from the chosen States that have no need there yet, and its
    /// printed numbers per type, each type going to the States with the
    /// fewest types so far. Whatever the file does not print is left to the
    /// search.
    fn construct(&mut self, rng: &mut Rng, all_regions: u8, all_types: u16) {
        let n_states = self.state_region.len();
        let shuffle = |v: &mut Vec<usize>, rng: &mut Rng| {
            for i in (1..v.len()).rev() {
                v.swap(i, rng.below(i + 1));
            }
        };
        // Widest groups first, so a narrower group picks among the States
        // the wider one let in.
        let mut groups: Vec<(u128, usize, u32)> = self
            .targets
            .iter()
            .filter(|t| {
                t.measure == Measure::States
                    && t.types == all_types
                    && t.regions.count_ones() == 1
                    && t.articles.count_ones() > 1
            })
            .filter_map(|t| {
                t.goal
                    .map(|g| (t.articles, t.regions.trailing_zeros() as usize, g))
            })
            .collect();
        groups.sort_by_key(|&(m, _, _)| std::cmp::Reverse(m.count_ones()));
        let mut blocked = vec![0u128; n_states];
        let mut owed: Vec<(usize, u128)> = Vec::new();
        for &(mask, r, g) in &groups {
            let mut members: Vec<usize> = (0..n_states)
                .filter(|&s| self.state_region[s] == r && blocked[s] & mask == 0)
                .collect();
            shuffle(&mut members, rng);
            let g = (g as usize).min(members.len());
            for &s in &members[g..] {
                blocked[s] |= mask;
            }
            owed.extend(members[..g].iter().map(|&s| (s, mask)));
        }
        // Articles where a claim wants one State to name many types.
        let mut wants = vec![0u32; self.n_articles];
        for (goal, _) in &self.goals {
            if let Goal::SomeStateHasTypes(articles, k) = goal {
                for &a in articles {
                    wants[a] = wants[a].max(*k);
                }
            }
        }
        let mut order: Vec<usize> = (0..self.n_articles).collect();
        shuffle(&mut order, rng);
        let n_regions = all_regions.count_ones() as usize;
        for a in order {
            let bit = 1u128 << a;
            let per_type: Vec<Option<u32>> = (0..self.n_types)
                .map(|t| self.goal_of(bit, all_regions, 1 << t, Measure::Needs))
                .collect();
            let typed = per_type.iter().all(Option::is_some);
            let type_sum: u32 = per_type.iter().flatten().sum();
            let states = self.goal_of(bit, all_regions, all_types, Measure::States);
            let needs = self
                .goal_of(bit, all_regions, all_types, Measure::Needs)
                .or(typed.then_some(type_sum));
            let Some(k) = states
                .or_else(|| typed.then(|| per_type.iter().flatten().copied().max().unwrap_or(0)))
            else {
                continue;
            };
            // States and needs per group, where the file prints them all.
            let by_region = |m: Measure| -> Option<Vec<u32>> {
                (0..n_regions)
                    .map(|r| {
                        self.goal_of(bit, all_regions, all_types, m)
                            .and(self.goal_of(bit, 1 << r, all_types, m))
                    })
                    .collect()
            };
            let region_states = by_region(Measure::States);
            let region_needs = by_region(Measure::Needs);

            // Candidates: first the States a group counts that have no need
            // in that group's articles yet, then the others.
            let has_need_in = |search: &Search, s: usize, mask: u128| {
                Self::bits(mask)
                    .into_iter()
                    .any(|x| search.masks[s * search.n_articles + x] != 0)
            };
            let mut first: Vec<usize> = owed
                .iter()
                .filter(|&&(s, m)| {
                    m & bit != 0 && blocked[s] & bit == 0 && !has_need_in(self, s, m)
                })
                .map(|&(s, _)| s)
                .collect();
            first.sort_unstable();
            first.dedup();
            shuffle(&mut first, rng);
            let mut rest: Vec<usize> = (0..n_states)
                .filter(|&s| blocked[s] & bit == 0 && !first.contains(&s))
                .collect();
            shuffle(&mut rest, rng);
            first.extend(rest);
            let chosen: Vec<usize> = match &region_states {
                Some(per) => {
                    let mut taken = vec![0u32; n_regions];
                    first
                        .into_iter()
                        .filter(|&s| {
                            let r = self.state_region[s];
                            taken[r] += 1;
                            taken[r] <= per[r]
                        })
                        .collect()
                }
                None => first.into_iter().take(k as usize).collect(),
            };
            if chosen.is_empty() {
                continue;
            }

            // How many types each chosen State names: one each, the many a
            // claim asks for on the first, the rest spread within the group
            // (or over all) up to the number of types.
            let cap = self.n_types as u32;
            let mut quota = vec![1u32; chosen.len()];
            quota[0] = wants[a].clamp(1, cap);
            let spread = |quota: &mut Vec<u32>, members: &[usize], total: u32, rng: &mut Rng| {
                let mut left = total.saturating_sub(members.iter().map(|&i| quota[i]).sum());
                let mut guard = 0;
                while left > 0 && guard < 64 * (total as usize + 1) {
                    guard += 1;
                    let i = members[rng.below(members.len())];
                    if quota[i] < cap {
                        quota[i] += 1;
                        left -= 1;
                    }
                }
            };
            match &region_needs {
                Some(per) => {
                    for (r, &n) in per.iter().enumerate() {
                        let members: Vec<usize> = (0..chosen.len())
                            .filter(|&i| self.state_region[chosen[i]] == r)
                            .collect();
                        if !members.is_empty() {
                            spread(&mut quota, &members, n, rng);
                        }
                    }
                }
                None => {
                    let all: Vec<usize> = (0..chosen.len()).collect();
                    spread(&mut quota, &all, needs.unwrap_or(0), rng);
                }
            }
            if typed {
                // Ryser's construction: each type, most named first, goes to
                // the States with the most types still to name.
                let mut types: Vec<usize> = (0..self.n_types).collect();
                types.sort_by_key(|&t| std::cmp::Reverse(per_type[t]));
                for t in types {
                    let mut by_left: Vec<(std::cmp::Reverse<u32>, u64, usize)> = (0..chosen.len())
                        .map(|i| (std::cmp::Reverse(quota[i]), rng.next(), i))
                        .collect();
                    by_left.sort_unstable();
                    for &(_, _, i) in by_left.iter().take(per_type[t].unwrap_or(0) as usize) {
                        self.toggle(chosen[i], a, t);
                        quota[i] = quota[i].saturating_sub(1);
                    }
                }
            } else {
                for (i, &s) in chosen.iter().enumerate() {
                    let mut types: Vec<usize> = (0..self.n_types).collect();
                    shuffle(&mut types, rng);
                    for &t in types.iter().take(quota[i] as usize) {
                        self.toggle(s, a, t);
                    }
                }
            }
        }
    }

    /// Two States of different groups trade a type under one article: every
    /// article keeps its numbers per type and per group, and the groups'
    /// numbers per type move (what chapter tables by group and type count).
    fn swap_types(&mut self, rng: &mut Rng) -> Option<Move> {
        let a = rng.below(self.n_articles);
        let s = rng.below(self.state_region.len());
        let o = rng.below(self.state_region.len());
        let (ms, mo) = (
            self.masks[s * self.n_articles + a],
            self.masks[o * self.n_articles + a],
        );
        if self.state_region[s] == self.state_region[o] || ms == 0 || mo == 0 {
            return None;
        }
        let (only_s, only_o) = (ms & !mo, mo & !ms);
        if only_s == 0 || only_o == 0 {
            return None;
        }
        let pick = |m: u16, rng: &mut Rng| {
            let set: Vec<usize> = (0..16).filter(|t| m & (1 << t) != 0).collect();
            set[rng.below(set.len())]
        };
        let (t1, t2) = (pick(only_s, rng), pick(only_o, rng));
        let flips = vec![(s, a, t1), (o, a, t1), (o, a, t2), (s, a, t2)];
        let delta = flips.iter().map(|&(x, y, z)| self.toggle(x, y, z)).sum();
        Some((delta, flips))
    }

    /// Two States of different groups trade needs under two articles: one
    /// gives a need under one article, the other gives one back under
    /// another, so every State keeps its number of needs while two articles'
    /// shares of the groups move in opposite directions.
    fn exchange(&mut self, rng: &mut Rng) -> Option<Move> {
        let s = rng.below(self.state_region.len());
        let o = rng.below(self.state_region.len());
        if self.state_region[s] == self.state_region[o] {
            return None;
        }
        let row = |x: usize| x * self.n_articles;
        let gives = |from: usize, to: usize| -> Vec<(usize, usize)> {
            (0..self.n_articles)
                .flat_map(|a| (0..self.n_types).map(move |t| (a, t)))
                .filter(|&(a, t)| {
                    self.masks[row(from) + a] & (1 << t) != 0
                        && self.masks[row(to) + a] & (1 << t) == 0
                })
                .collect()
        };
        let (there, back) = (gives(s, o), gives(o, s));
        if there.is_empty() || back.is_empty() {
            return None;
        }
        let (a, t) = there[rng.below(there.len())];
        let (b, u) = back[rng.below(back.len())];
        if a == b {
            return None;
        }
        let flips = vec![(s, a, t), (o, a, t), (o, b, u), (s, b, u)];
        let delta = flips.iter().map(|&(x, y, z)| self.toggle(x, y, z)).sum();
        Some((delta, flips))
    }

    /// A State names another type instead of one it names under an article.
    fn retype(&mut self, rng: &mut Rng) -> Option<Move> {
        let s = rng.below(self.state_region.len());
        let a = rng.below(self.n_articles);
        let m = self.masks[s * self.n_articles + a];
        let all = ((1u32 << self.n_types) - 1) as u16;
        if m == 0 || m == all {
            return None;
        }
        let pick = |m: u16, rng: &mut Rng| {
            let set: Vec<usize> = (0..16).filter(|t| m & (1 << t) != 0).collect();
            set[rng.below(set.len())]
        };
        let (from, to) = (pick(m, rng), pick(all & !m, rng));
        let flips = vec![(s, a, from), (s, a, to)];
        let delta = flips.iter().map(|&(x, y, z)| self.toggle(x, y, z)).sum();
        Some((delta, flips))
    }

    /// Moves a State's needs under one article from the selection of one
    /// target to a State in the selection of another (another group), so
    /// each article keeps its States and needs while the groups' shares move.
    fn shift(&mut self, from: usize, to: usize, rng: &mut Rng) -> Option<Move> {
        let (f, t) = (&self.targets[from], &self.targets[to]);
        let articles = Self::bits(f.articles & t.articles);
        let types = f.types & t.types;
        let donors: Vec<(usize, usize)> = (0..self.state_region.len())
            .filter(|&s| f.regions & (1 << self.state_region[s]) != 0)
            .flat_map(|s| articles.iter().map(move |&a| (s, a)))
            .filter(|&(s, a)| self.masks[s * self.n_articles + a] & types != 0)
            .collect();
        if donors.is_empty() {
            return None;
        }
        let (s, a) = donors[rng.below(donors.len())];
        let takers: Vec<usize> = (0..self.state_region.len())
            .filter(|&o| t.regions & (1 << self.state_region[o]) != 0)
            .filter(|&o| self.masks[o * self.n_articles + a] == 0)
            .collect();
        // States that already have needs elsewhere keep the groups' counts
        // of States; prefer them.
        let busy: Vec<usize> = takers
            .iter()
            .copied()
            .filter(|&o| (0..self.n_articles).any(|x| self.masks[o * self.n_articles + x] != 0))
            .collect();
        let pool = if !busy.is_empty() && rng.unit() < 0.8 {
            busy
        } else {
            takers
        };
        if pool.is_empty() {
            return None;
        }
        let o = pool[rng.below(pool.len())];
        let m = self.masks[s * self.n_articles + a] & types;
        let mut flips = Vec::new();
        let mut delta = 0;
        for ty in 0..self.n_types {
            if m & (1 << ty) != 0 {
                delta += self.toggle(s, a, ty) + self.toggle(o, a, ty);
                flips.push((s, a, ty));
                flips.push((o, a, ty));
            }
        }
        Some((delta, flips))
    }

    /// A move aimed at an unmet claim about groups: from a group that has
    /// too much towards one that has too little.
    fn fix_claim(&mut self, rng: &mut Rng) -> Option<Move> {
        let v = |search: &Search, i: usize| search.targets[i].value;
        let unmet: Vec<usize> = (0..self.goals.len())
            .filter(|&i| {
                !matches!(self.goals[i].0, Goal::SomeStateHasTypes(..))
                    && self.one_goal_cost(&self.goals[i].0) > 0
            })
            .collect();
        if unmet.is_empty() {
            return None;
        }
        let pair = match &self.goals[unmet[rng.below(unmet.len())]].0 {
            Goal::Order(list) => {
                let bad: Vec<(usize, usize)> = list
                    .windows(2)
                    .filter(|w| v(self, w[1]) >= v(self, w[0]))
                    .map(|w| (w[1], w[0]))
                    .collect();
                bad.get(rng.below(bad.len())).copied()
            }
            Goal::Top(top, others) => {
                let bad: Vec<usize> = others
                    .iter()
                    .copied()
                    .filter(|&h| v(self, h) >= v(self, *top))
                    .collect();
                bad.get(rng.below(bad.len())).map(|&h| (h, *top))
            }
            Goal::CountNonzero(list, n) => {
                let (nonzero, zero): (Vec<usize>, Vec<usize>) =
                    list.iter().partition(|&&i| v(self, i) > 0);
                if nonzero.len() as u32 > *n {
                    let from = *nonzero.iter().min_by_key(|&&i| (v(self, i), i))?;
                    let rest: Vec<usize> = nonzero.into_iter().filter(|&i| i != from).collect();
                    rest.get(rng.below(rest.len())).map(|&to| (from, to))
                } else {
                    let from = *nonzero.iter().max_by_key(|&&i| (v(self, i), i))?;
                    zero.get(rng.below(zero.len())).map(|&to| (from, to))
                }
            }
            Goal::SomeStateHasTypes(..) => None,
        };
        let (from, to) = pair?;
        self.shift(from, to, rng)
    }

    /// Moves every need one State has inside an over-counted selection onto
    /// States of its group already counted there, so the count drops by one.
    fn vacate(&mut self, rng: &mut Rng) -> Option<Move> {
        let over: Vec<usize> = (0..self.targets.len())
            .filter(|&i| {
                let t = &self.targets[i];
                t.measure == Measure::States && t.goal.is_some_and(|g| t.value > g)
            })
            .collect();
        if over.is_empty() {
            return None;
        }
        let ti = over[rng.below(over.len())];
        let counted: Vec<usize> = (0..self.state_region.len())
            .filter(|&s| self.targets[ti].per_state[s] > 0)
            .collect();
        let s = counted[rng.below(counted.len())];
        // Mostly within the group, so the groups' counts stay; sometimes
        // anywhere, when the group has no other State to take the needs.
        let anywhere = rng.unit() < 0.3;
        let peers: Vec<usize> = counted
            .iter()
            .copied()
            .filter(|&o| o != s && (anywhere || self.state_region[o] == self.state_region[s]))
            .collect();
        if peers.is_empty() {
            return None;
        }
        let (articles, types) = (
            Self::bits(self.targets[ti].articles),
            self.targets[ti].types,
        );
        let mut flips = Vec::new();
        let mut delta = 0;
        for a in articles {
            for t in 0..self.n_types {
                if types & (1 << t) == 0 || self.masks[s * self.n_articles + a] & (1 << t) == 0 {
                    continue;
                }
                let start = rng.below(peers.len());
                let Some(o) = (0..peers.len())
                    .map(|k| peers[(start + k) % peers.len()])
                    .find(|&o| self.masks[o * self.n_articles + a] & (1 << t) == 0)
                else {
                    continue;
                };
                delta += self.toggle(s, a, t) + self.toggle(o, a, t);
                flips.push((s, a, t));
                flips.push((o, a, t));
            }
        }
        (!flips.is_empty()).then_some((delta, flips))
    }

    /// Moves a need to another State of the same group: needs per group stay,
    /// States counts change. Returns the change in cost, or None if no move.
    fn transfer(&mut self, rng: &mut Rng) -> Option<(i64, [Flip; 2])> {
        let s = rng.below(self.state_region.len());
        let a = rng.below(self.n_articles);
        let m = self.masks[s * self.n_articles + a];
        if m == 0 {
            return None;
        }
        let set: Vec<usize> = (0..self.n_types).filter(|t| m & (1 << t) != 0).collect();
        let t = set[rng.below(set.len())];
        // Mostly within the group; sometimes across, since some claims (how
        // many groups have any States) can only be met by moving needs away.
        let anywhere = rng.unit() < 0.25;
        let peers: Vec<usize> = (0..self.state_region.len())
            .filter(|&o| o != s && (anywhere || self.state_region[o] == self.state_region[s]))
            .filter(|&o| self.masks[o * self.n_articles + a] & (1 << t) == 0)
            .collect();
        if peers.is_empty() {
            return None;
        }
        let o = peers[rng.below(peers.len())];
        let d = self.toggle(s, a, t) + self.toggle(o, a, t);
        Some((d, [(s, a, t), (o, a, t)]))
    }

    fn goal_cost(&self) -> i64 {
        self.goals.iter().map(|(g, _)| self.one_goal_cost(g)).sum()
    }

    fn one_goal_cost(&self, goal: &Goal) -> i64 {
        let v = |i: usize| i64::from(self.targets[i].value);
        {
            match goal {
                Goal::Order(list) => list
                    .windows(2)
                    .map(|w| (v(w[1]) - v(w[0]) + 1).max(0))
                    .sum::<i64>(),
                Goal::Top(top, others) => others.iter().map(|&h| (v(h) - v(*top) + 1).max(0)).sum(),
                Goal::CountNonzero(list, n) => {
                    (list.iter().filter(|&&i| v(i) > 0).count() as i64 - i64::from(*n)).abs()
                }
                Goal::SomeStateHasTypes(articles, k) => articles
                    .iter()
                    .map(|&a| {
                        let best = (0..self.state_region.len())
                            .map(|s| self.masks[s * self.n_articles + a].count_ones())
                            .max()
                            .unwrap_or(0);
                        i64::from(k.saturating_sub(best))
                    })
                    .sum(),
            }
        }
    }

    /// Gives the State with the most types of an article one more type, taken
    /// from another State, for claims that some State names many types.
    fn gather(&mut self, rng: &mut Rng) -> Option<Move> {
        let wanting: Vec<(usize, u32)> = self
            .goals
            .iter()
            .filter_map(|(g, _)| {
                if let Goal::SomeStateHasTypes(a, k) = g {
                    Some((a.clone(), *k))
                } else {
                    None
                }
            })
            .flat_map(|(articles, k)| articles.into_iter().map(move |a| (a, k)))
            .filter(|&(a, k)| {
                (0..self.state_region.len())
                    .map(|s| self.masks[s * self.n_articles + a].count_ones())
                    .max()
                    .unwrap_or(0)
                    < k
            })
            .collect();
        if wanting.is_empty() {
            return None;
        }
        let (a, _) = wanting[rng.below(wanting.len())];
        let s = (0..self.state_region.len())
            .max_by_key(|&s| (self.masks[s * self.n_articles + a].count_ones(), s))?;
        let have = self.masks[s * self.n_articles + a];
        let donors: Vec<(usize, usize)> = (0..self.state_region.len())
            .filter(|&o| o != s)
            .flat_map(|o| (0..self.n_types).map(move |t| (o, t)))
            .filter(|&(o, t)| {
                have & (1 << t) == 0 && self.masks[o * self.n_articles + a] & (1 << t) != 0
            })
            .collect();
        if donors.is_empty() {
            return None;
        }
        let (o, t) = donors[rng.below(donors.len())];
        let d = self.toggle(o, a, t) + self.toggle(s, a, t);
        Some((d, vec![(o, a, t), (s, a, t)]))
    }

    fn cost(&self) -> i64 {
        let cells: i64 = self
            .targets
            .iter()
            .filter_map(|t| t.goal.map(|g| i64::from(t.value.abs_diff(g))))
            .sum();
        cells + self.goal_cost()
    }

    fn bits(mask: u128) -> Vec<usize> {
        (0..128).filter(|i| mask & (1 << i) != 0).collect()
    }

    /// A move that should bring one unmet target closer: a need to add
    /// inside it when it is short, one to remove when it is over.
    fn propose(&self, rng: &mut Rng) -> Option<(usize, usize, usize)> {
        let unmet: Vec<usize> = (0..self.targets.len())
            .filter(|&i| {
                self.targets[i]
                    .goal
                    .is_some_and(|g| g != self.targets[i].value)
            })
            .collect();
        if unmet.is_empty() || rng.unit() < 0.15 {
            let s = rng.below(self.state_region.len());
            return Some((s, rng.below(self.n_articles), rng.below(self.n_types)));
        }
        let t = &self.targets[unmet[rng.below(unmet.len())]];
        let short = t.value < t.goal.unwrap_or(0);
        let states: Vec<usize> = (0..self.state_region.len())
            .filter(|&s| t.regions & (1 << self.state_region[s]) != 0)
            .filter(|&s| t.measure == Measure::Needs || (t.per_state[s] == 0) == short || !short)
            .collect();
        let articles = Self::bits(t.articles);
        let types: Vec<usize> = (0..self.n_types)
            .filter(|i| t.types & (1 << i) != 0)
            .collect();
        for _ in 0..16 {
            if states.is_empty() || articles.is_empty() || types.is_empty() {
                return None;
            }
            let (s, a, ty) = (
                states[rng.below(states.len())],
                articles[rng.below(articles.len())],
                types[rng.below(types.len())],
            );
            let set = self.masks[s * self.n_articles + a] & (1 << ty) != 0;
            if set != short {
                return Some((s, a, ty));
            }
        }
        None
    }
}

/// What a rebuild made, and what it left out.
pub struct Rebuilt {
    pub reference: Reference,
    pub registry: Registry,
    pub audit: Audit,
    pub states_with_needs: usize,
    pub moves: u64,
}

fn canon_bits(frame: &Frame<'_>, canon: &Canon) -> u128 {
    canon
        .articles
        .iter()
        .filter_map(|a| frame.scope_articles.iter().position(|x| x == a))
        .fold(0u128, |m, i| m | 1 << i)
}

/// The most States a document may count for synth to rebuild it (the
/// Convention has under 200 States parties; numbered States are made up).
pub const MAX_STATES: u32 = 10_000;
/// The most needs one number of a document may count for synth.
pub const MAX_NEEDS: u32 = 1_000_000;
/// How long synth searches unless told otherwise.
pub const DEFAULT_BUDGET: std::time::Duration = std::time::Duration::from_secs(60);

/// Refuses a document whose numbers are past what synth rebuilds, before
/// anything is allocated for them.
fn check_size(p: &Published) -> Result<()> {
    let check = |what: &str, measure: Measure, value: u32| -> Result<()> {
        let (limit, name) = match measure {
            Measure::States => (MAX_STATES, "States"),
            Measure::Needs => (MAX_NEEDS, "needs"),
        };
        if value <= limit {
            return Ok(());
        }
        Err(Error::Usage(format!(
            "{what} counts {value} {name}: synth rebuilds documents of at most {MAX_STATES} States, and {MAX_NEEDS} needs in any number"
        )))
    };
    if let Some(covered) = p.document.states_covered {
        check("[document] states_covered", Measure::States, covered)?;
    }
    for f in &p.facts {
        check(&format!("fact `{}`", f.id), f.measure, f.value)?;
    }
    for t in &p.tables {
        for r in &t.rows {
            for (m, v) in t.columns.iter().zip(&r.values) {
                check(&format!("table `{}`, row `{}`", t.id, r.key), *m, *v)?;
            }
        }
        for (m, v) in &t.total {
            check(&format!("table `{}`, total", t.id), *m, *v)?;
        }
    }
    Ok(())
}

/// A contradiction none of whose sides is kept is not a choice between two
/// prints: no data set meets it at all (a claim about more regional groups
/// than exist, more types than a cycle has), so there is nothing to rebuild.
fn refuse_impossible(report: &Audit) -> Result<()> {
    for f in &report.findings {
        let set_aside =
            |id: &String| report.dropped_cells.contains(id) || report.dropped_claims.contains(id);
        if !f.sides.is_empty() && f.sides.iter().all(|s| !s.kept && set_aside(&s.id)) {
            return Err(Error::NoDataSet(format!(
                "no data set can reproduce this document: {} (see `tana audit`)",
                f.message
            )));
        }
    }
    Ok(())
}

/// Builds records reproducing every number of `p` that contradicts no other,
/// searching for at most [`DEFAULT_BUDGET`].
pub fn synth(p: &Published, base: &Reference, seed: u64) -> Result<Rebuilt> {
    synth_within(p, base, seed, DEFAULT_BUDGET)
}

/// [`synth`], searching for at most `budget`; a search that runs out of time
/// fails, saying so, rather than returning records that miss a number.
pub fn synth_within(
    p: &Published,
    base: &Reference,
    seed: u64,
    time_budget: std::time::Duration,
) -> Result<Rebuilt> {
    let deadline = std::time::Instant::now() + time_budget;
    check_size(p)?;
    let report = audit(p, base);
    refuse_impossible(&report)?;
    if std::time::Instant::now() >= deadline {
        return Err(Error::OutOfBudget(format!(
            "synth ran out of its time budget of {} s before it began",
            time_budget.as_secs_f64()
        )));
    }
    // The exact rebuild first (`solve`); the annealing below only runs when
    // it ran out of its budget, which proves nothing.
    let exact = match super::solve::rebuild_audited(p, base, seed, report.clone()) {
        super::solve::Outcome::Found(rebuilt) => return Ok(*rebuilt),
        super::solve::Outcome::Impossible(why) => return Err(Error::NoDataSet(why)),
        super::solve::Outcome::OutOfBudget(why) => why,
    };
    let frame = Frame::new(p, base);
    let n_articles = frame.scope_articles.len();
    if n_articles > 128 {
        return Err(Error::Other(
            "synth handles documents of at most 128 articles".into(),
        ));
    }
    let n_regions = frame.region_codes.len();
    let cells: Vec<_> = frame
        .cells(p)
        .into_iter()
        .filter(|c| !report.dropped_cells.contains(&c.id))
        .collect();

    // How many States each regional group needs: the most any number of
    // that group alone counts.
    let mut pool = vec![0u32; n_regions];
    for c in &cells {
        if c.canon.regions.count_ones() == 1 {
            let r = c.canon.regions.trailing_zeros() as usize;
            let states = if c.measure == Measure::States || c.canon.single_article_type() {
                c.value
            } else {
                c.value.min(1)
            };
            pool[r] = pool[r].max(states);
        }
    }
    let widest = cells
        .iter()
        .filter(|c| c.measure == Measure::States)
        .map(|c| c.value)
        .max()
        .unwrap_or(0);
    // A number of needs also says how many States there are at least: one
    // State names each (article, type) of its selection once.
    let widest = cells
        .iter()
        .filter(|c| c.measure == Measure::Needs)
        .map(|c| {
            let slots = (c.canon.articles.len() as u32).max(1) * c.canon.types.count_ones().max(1);
            c.value.div_ceil(slots)
        })
        .fold(widest, u32::max);
    let pooled: u32 = pool.iter().sum();
    if pooled < widest {
        // No number per group says where the States are: share the rest
        // among groups that no number closes.
        let open: Vec<usize> = (0..n_regions)
            .filter(|&r| {
                !cells.iter().any(|c| {
                    c.canon.regions == 1 << r && c.value == 0 && c.measure == Measure::States
                })
            })
            .collect();
        for i in 0..(widest - pooled) as usize {
            if !open.is_empty() {
                pool[open[i % open.len()]] += 1;
            }
        }
    }
    let with_needs: u32 = pool.iter().sum();
    let covered = p.document.states_covered.unwrap_or(with_needs);
    if with_needs > covered {
        return Err(Error::Other(format!(
            "the regional groups need at least {with_needs} States with needs, but the document covers {covered}"
        )));
    }

    if with_needs > MAX_STATES {
        return Err(Error::Usage(format!(
            "the document's numbers need {with_needs} States with needs: synth rebuilds documents of at most {MAX_STATES} States"
        )));
    }
    let mut state_region = Vec::new();
    for (r, &n) in pool.iter().enumerate() {
        state_region.extend(std::iter::repeat_n(r, n as usize));
    }
    let n_states = state_region.len();
    if n_states == 0 {
        if let Some(c) = cells.iter().find(|c| c.value > 0) {
            return Err(Error::Other(format!(
                "{} ({}) counts {}, but the document's zeros leave no regional group room for a State with needs",
                c.id, c.source, c.value
            )));
        }
    }
    let mut targets: Vec<Target> = Vec::new();
    let mut seen: HashMap<(Canon, Measure), usize> = HashMap::new();
    let mut add = |targets: &mut Vec<Target>,
                   canon: &Canon,
                   measure: Measure,
                   goal: Option<u32>,
                   label: String|
     -> usize {
        if let Some(&i) = seen.get(&(canon.clone(), measure)) {
            if goal.is_some() {
                targets[i].goal = goal;
                targets[i].label = label;
            }
            return i;
        }
        targets.push(Target {
            articles: canon_bits(&frame, canon),
            regions: canon.regions,
            types: canon.types,
            measure,
            goal,
            value: 0,
            per_state: vec![0; n_states],
            label,
        });
        seen.insert((canon.clone(), measure), targets.len() - 1);
        targets.len() - 1
    };
    for c in &cells {
        add(
            &mut targets,
            &c.canon,
            c.measure,
            Some(c.value),
            format!("{} ({})", c.id, c.source),
        );
    }
    let mut goals = Vec::new();
    for claim in p
        .claims
        .iter()
        .filter(|c| !report.dropped_claims.contains(&c.id))
    {
        let base_canon = frame.canon(&claim.selection);
        let mut group = |key: Key, v: &super::KeyValue, m: Measure| {
            let canon = frame.canon(&claim.selection.with(key, v));
            let m = frame.measure(&canon, m);
            add(&mut targets, &canon, m, None, String::new())
        };
        let goal = match &claim.kind {
            ClaimKind::Order { by, measure, order } => {
                Goal::Order(order.iter().map(|v| group(*by, v, *measure)).collect())
            }
            ClaimKind::Top { by, measure, top } => {
                let others = frame
                    .domain(*by, &base_canon)
                    .into_iter()
                    .filter(|v| v != top)
                    .collect::<Vec<_>>();
                let others = others.iter().map(|v| group(*by, v, *measure)).collect();
                Goal::Top(group(*by, top, *measure), others)
            }
            ClaimKind::CountNonzero { by, measure, value } => {
                let all = frame.domain(*by, &base_canon);
                Goal::CountNonzero(
                    all.iter().map(|v| group(*by, v, *measure)).collect(),
                    *value,
                )
            }
            ClaimKind::SomeStateHasTypes { min_types } => Goal::SomeStateHasTypes(
                base_canon
                    .articles
                    .iter()
                    .filter_map(|a| frame.scope_articles.iter().position(|x| x == a))
                    .collect(),
                *min_types,
            ),
        };
        goals.push((goal, format!("{} ({})", claim.id, claim.source)));
    }

    let n_types = frame.n_types;
    let mut index = vec![Vec::new(); n_articles * 8 * n_types];
    for (ti, t) in targets.iter().enumerate() {
        for a in Search::bits(t.articles) {
            for r in 0..n_regions {
                for ty in 0..n_types {
                    if t.regions & (1 << r) != 0 && t.types & (1 << ty) != 0 {
                        index[(a * 8 + r) * n_types + ty].push(ti as u32);
                    }
                }
            }
        }
    }
    let mut search = Search {
        n_types,
        n_articles,
        state_region,
        masks: vec![0; n_states * n_articles],
        targets,
        index,
        in_goal: Vec::new(),
        article_in_goal: vec![false; n_articles],
        goals,
    };
    search.in_goal = vec![false; search.targets.len()];
    for (goal, _) in &search.goals {
        match goal {
            Goal::Order(list) | Goal::CountNonzero(list, _) => {
                list.iter().for_each(|&i| search.in_goal[i] = true)
            }
            Goal::Top(top, others) => {
                search.in_goal[*top] = true;
                others.iter().for_each(|&i| search.in_goal[i] = true);
            }
            Goal::SomeStateHasTypes(articles, _) => articles
                .iter()
                .for_each(|&a| search.article_in_goal[a] = true),
        }
    }

    // Simulated annealing, warmed up again when it stalls; a run that does
    // not finish hands over to the next of a fixed chain of seeds, so the same
    // seed still gives the same data.
    let mut moves = 0u64;
    let mut budget = 0u64;
    const ATTEMPT: u64 = 250_000;
    for attempt in 0..40u64 {
        let mut rng = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x7A4A_5EED ^ attempt);
        search.masks.iter_mut().for_each(|m| *m = 0);
        for t in &mut search.targets {
            t.value = 0;
            t.per_state.iter_mut().for_each(|c| *c = 0);
        }
        search.construct(&mut rng, frame.all_regions(), frame.all_types());
        budget += ATTEMPT;
        if anneal(&mut search, &mut rng, &mut moves, budget, deadline) {
            break;
        }
        if std::time::Instant::now() >= deadline {
            break;
        }
    }
    if search.cost() > 0 {
        let out_of_time = if std::time::Instant::now() >= deadline {
            format!(
                "synth ran out of its time budget of {} s; ",
                time_budget.as_secs_f64()
            )
        } else {
            String::new()
        };
        let unmet: Vec<String> = search
            .targets
            .iter()
            .filter(|t| t.goal.is_some_and(|g| g != t.value))
            .map(|t| {
                format!(
                    "  {}: wanted {}, reached {}",
                    t.label,
                    t.goal.unwrap_or(0),
                    t.value
                )
            })
            .chain(
                search
                    .goals
                    .iter()
                    .filter(|(g, _)| search.one_goal_cost(g) > 0)
                    .map(|(_, l)| format!("  claim {l}")),
            )
            .take(20)
            .collect();
        return Err(Error::OutOfBudget(format!(
            "{out_of_time}synth's searches ran out of their budgets, which is not a proof that no data set exists: {exact}; then no data set meeting every number was found in {moves} moves (seed {seed}); unmet:\n{}",
            unmet.join("\n")
        )));
    }

    // The records: numbered States, their reviews, their needs.
    let mut reference = base.clone();
    let completed = p.document.issued.parse::<Date>().ok();
    let mut registry = Registry::default();
    let mut numbers = vec![0u32; n_regions];
    let documents = Sources::default()
        .with(Source::SelfAssessment)
        .with(Source::CountryReport)
        .with(Source::ExecutiveSummary);
    let mut add_review = |reference: &mut Reference, registry: &mut Registry, r: usize| {
        numbers[r] += 1;
        let code = format!("{}-{:02}", frame.region_codes[r], numbers[r]);
        let name = format!("State {code}");
        // Pushed without reindexing: the numbered codes are new, and one
        // reindex at the end keeps building large samples linear.
        let state = reference.states.len() as crate::reference::StateId;
        reference.states.push(crate::reference::StateParty {
            code,
            name,
            region: Some(frame.region_codes[r].clone()),
            aliases: Vec::new(),
        });
        registry.reviews.push(Review {
            state,
            cycle: p.document.cycle,
            completed,
            documents,
            published: Sources::default().with(Source::ExecutiveSummary),
            shared_with_providers: false,
        });
    };
    for s in 0..n_states {
        add_review(&mut reference, &mut registry, search.state_region[s]);
        for a in 0..n_articles {
            let m = search.masks[s * n_articles + a];
            for t in 0..n_types {
                if m & (1 << t) != 0 {
                    registry.needs.push(Need {
                        review: s as u32,
                        article: frame.scope_articles[a],
                        need_type: t as u8,
                        sources: Sources::default().with(Source::CountryReport),
                        addressed: false,
                    });
                }
            }
        }
    }
    // States in the sample with no needs, spread over the groups in
    // proportion to their membership.
    let members: Vec<usize> = frame
        .region_codes
        .iter()
        .map(|r| {
            base.states
                .iter()
                .filter(|s| s.region.as_deref() == Some(r.as_str()))
                .count()
                .max(1)
        })
        .collect();
    let total_members: usize = members.iter().sum();
    for i in 0..(covered - with_needs) as usize {
        let mut r = 0;
        let mut at = (i * total_members / ((covered - with_needs) as usize).max(1)) % total_members;
        while at >= members[r] {
            at -= members[r];
            r += 1;
        }
        add_review(&mut reference, &mut registry, r);
    }
    reference.reindex();
    Ok(Rebuilt {
        reference,
        registry,
        audit: report,
        states_with_needs: n_states,
        moves,
    })
}

/// Runs the search until every target is met or `budget` moves are spent.
fn anneal(
    search: &mut Search,
    rng: &mut Rng,
    moves: &mut u64,
    budget: u64,
    deadline: std::time::Instant,
) -> bool {
    let mut cost = search.cost();
    let mut temperature = 0.3f64;
    let (mut best, mut since_best) = (cost, 0u64);
    while cost > 0 && *moves < budget {
        *moves += 1;
        let pick = rng.unit();
        let (delta, flips) = if pick < 0.02 {
            match search.gather(rng) {
                Some(v) => v,
                None => continue,
            }
        } else if pick < 0.05 {
            match search.vacate(rng) {
                Some(v) => v,
                None => continue,
            }
        } else if pick < 0.15 {
            match search.fix_claim(rng) {
                Some(v) => v,
                None => continue,
            }
        } else if pick < 0.18 {
            match search.retype(rng) {
                Some(v) => v,
                None => continue,
            }
        } else if pick < 0.22 {
            match search.exchange(rng) {
                Some(v) => v,
                None => continue,
            }
        } else if pick < 0.3 {
            match search.swap_types(rng) {
                Some(v) => v,
                None => continue,
            }
        } else if pick < 0.55 {
            match search.transfer(rng) {
                Some((d, f)) => (d, f.to_vec()),
                None => continue,
            }
        } else {
            let Some((s, a, t)) = search.propose(rng) else {
                continue;
            };
            (search.toggle(s, a, t), vec![(s, a, t)])
        };
        if delta <= 0 || rng.unit() < (-(delta as f64) / temperature).exp() {
            cost += delta;
        } else {
            for &(s, a, t) in flips.iter().rev() {
                search.toggle(s, a, t);
            }
        }
        if cost < best {
            best = cost;
            since_best = 0;
        } else {
            since_best += 1;
        }
        if *moves % 64 == 0 && std::time::Instant::now() >= deadline {
            break;
        }
        if *moves % 10_000 == 0 {
            temperature = (temperature * 0.95).max(0.05);
            // Claims that read many targets make the running sum drift by
            // rounding of their own; the true cost is cheap to recount.
            cost = search.cost();
        }
        // Stuck in a dip: warm up again and look around.
        if since_best > 300_000 {
            temperature = 0.6;
            since_best = 0;
            best = cost;
        }
    }
    search.cost() == 0
}
