//! What the finder asks the store and what it gets back: needs across
//! States by State, article, type of need, cycle, document, whether anyone
//! addresses them and words, with counts per value of each filter, sorted
//! and cut into pages; and the use case itself, written once for both
//! databases. The needs are read from their packs and the reader's rule
//! (`accounts::may_read_need`, `accounts::may_read_text`, the one rule of
//! every page) is asked of each before anything is counted or cut, so that
//! a page, a count and a download hold only what the reader may read.

use crate::records::Source;

/// One word of a search, with the articles whose title and the types of
/// need whose label hold it (the caller folds them with the reference): a
/// need matches the word when its article or type does, or one of the
/// texts the reader may read of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FindWord {
    pub word: String,
    pub articles: Vec<u8>,
    pub types: Vec<String>,
}

/// How the needs found are ordered; every order ends on State, cycle,
/// article and type, so that pages never overlap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FindOrder {
    #[default]
    State,
    Article,
    Type,
    /// When the review finished, newest first (reviews without a date last).
    Date,
    /// The needs changed last first (a feed, a digest).
    Changed,
}

/// Which needs: within a filter any value may match, and every filter
/// must. An empty list filters nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FindNeeds {
    /// State codes.
    pub states: Vec<String>,
    /// The States of the regional groups asked for, when some were; the
    /// caller knows the groups (`Reference`), the store only States.
    pub region_states: Option<Vec<String>>,
    pub articles: Vec<u8>,
    pub types: Vec<String>,
    pub cycles: Vec<u8>,
    /// Named in one of these documents (among those the reader may read).
    pub documents: Vec<Source>,
    /// Some(false): only the needs nobody addresses yet; Some(true): only
    /// those being addressed.
    pub addressed: Option<bool>,
    pub words: Vec<FindWord>,
    /// Only the needs changed by writes made after the log's entry of this
    /// number (a need's `changed` at least it) and, when given, before the
    /// entry after `changed_before` (`changed` below it): what is new
    /// between two digests.
    pub changed_from: Option<i64>,
    pub changed_before: Option<i64>,
    pub order: FindOrder,
    pub offset: usize,
    /// None: every need found (a download).
    pub limit: Option<usize>,
    /// Whether to count per value of each filter (a page does, a
    /// download does not).
    pub facets: bool,
}

/// One need found, with what the reader may read of it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FinderNeed {
    pub state: String,
    pub cycle: u8,
    pub article: u8,
    #[serde(rename = "type")]
    pub need_type: String,
    pub addressed: bool,
    /// When the review finished (YYYY-MM-DD), when known.
    pub completed: Option<String>,
    /// The documents naming it, among those the reader may read.
    pub documents: Vec<Source>,
    /// The words the reader may read: the document (None: not recorded),
    /// the paragraph, the text.
    pub texts: Vec<FoundText>,
    /// The log's last number before the write that last changed it.
    #[serde(skip)]
    pub changed: i64,
    /// When that write was logged (seconds since 1970), when asked for
    /// (ordered by change, or a change asked for) and known.
    #[serde(skip)]
    pub changed_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FoundText {
    pub source: Option<Source>,
    pub paragraph: String,
    pub text: String,
}

/// How many needs the reader may read would match with each value of a
/// filter, the other filters as asked (the filter's own ignored, so that
/// the reader sees what choosing another value would give).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    pub states: Vec<(String, u64)>,
    /// Per State, the counts the regional groups are summed from (the
    /// State filter applies, the group filter does not).
    pub region_states: Vec<(String, u64)>,
    pub articles: Vec<(u8, u64)>,
    pub types: Vec<(String, u64)>,
    pub cycles: Vec<(u8, u64)>,
    pub documents: Vec<(Source, u64)>,
    /// (addressed, count).
    pub addressed: Vec<(bool, u64)>,
}

/// What the finder hands back: how many needs match, the page asked for,
/// and the counts per value of each filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    pub total: u64,
    pub needs: Vec<FinderNeed>,
    pub facets: Facets,
}

// ---------------------------------------------------------------------------
// The use case: the needs read from their packs, the reader's rule
// (`accounts::may_read_need`, `accounts::may_read_text`) asked of each, the
// filters and counts worked out here, and only the words asked of SQL.
// ---------------------------------------------------------------------------

use std::collections::{HashMap, HashSet};

use super::cases::{Backend, pack_sum, source_from, stored_reference};
use super::pack;
use super::sql::{Tx, Value, params};
use crate::accounts::{self, Account, Origin};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::records::{Review, Sources};
use crate::reference::Reference;

/// A review as the finder reads it.
struct Reviewed {
    id: i64,
    code: String,
    completed: Option<String>,
    review: Review,
    /// The documents of it the reader may read.
    readable: Sources,
    /// Which of the filters on the review's own values it fails.
    fails: u8,
}

/// A filter, as a bit of what a need fails; a facet counts the needs that
/// fail none but its own.
const STATE: u8 = 1;
const REGION: u8 = 2;
const ARTICLE: u8 = 4;
const TYPE: u8 = 8;
const CYCLE: u8 = 16;
const DOCUMENT: u8 = 32;
const ADDRESSED: u8 = 64;

/// A need the reader may know of that meets the filters without facets
/// (the words, the change) and fails at most one with.
#[derive(Clone, Copy)]
struct Candidate {
    review: u32,
    article: u8,
    need_type: u8,
    sources: u8,
    addressed: bool,
    changed: i64,
    fails: u8,
}

/// The reviews, each with what the reader may read of it and the filters
/// on its State and cycle it fails.
fn reviewed(
    tx: &mut dyn Tx,
    reference: &Reference,
    who: Option<&Account>,
    q: &FindNeeds,
) -> Result<Vec<Reviewed>> {
    let mut out = Vec::new();
    let codes = reference.codes();
    for r in tx.query_all(
        "SELECT id, state, cycle, completed, documents, published, shared_with_providers FROM review ORDER BY id",
        &[],
    )? {
        let code = r.text(1)?;
        let state = codes
            .find(&code)
            .ok_or_else(|| Error::Database(format!("review of unknown State `{code}`")))?;
        let completed = r.opt_text(3)?;
        let review = Review {
            state,
            cycle: r.small(2)?,
            completed: completed
                .as_deref()
                .map(str::parse::<Date>)
                .transpose()
                .map_err(|e| Error::Database(e.0))?,
            documents: Sources(r.small(4)?),
            published: Sources(r.small(5)?),
            shared_with_providers: r.bool(6)?,
        };
        let mut fails = 0;
        if !q.states.is_empty() && !q.states.contains(&code) {
            fails |= STATE;
        }
        if q.region_states.as_ref().is_some_and(|s| !s.contains(&code)) {
            fails |= REGION;
        }
        if !q.cycles.is_empty() && !q.cycles.contains(&review.cycle) {
            fails |= CYCLE;
        }
        out.push(Reviewed {
            id: r.int(0)?,
            readable: accounts::readable_sources(who, &code, &review),
            code,
            completed,
            review,
            fails,
        });
    }
    Ok(out)
}

/// A need by its review's number, article and type (its position among
/// the cycle's types, as packed): no text to allocate for each of a
/// million needs.
type NeedAt = (i64, u8, u8);

/// The position of the type `code` among `cycle`'s, if it is one.
fn position(codes: &Codes, cycle: u8, code: &str) -> Option<u8> {
    codes
        .get(&cycle)?
        .iter()
        .position(|c| c == code)
        .map(|p| p as u8)
}

/// The needs, per word, with a text that holds it and that the reader may
/// read.
fn word_texts<B: Backend>(
    tx: &mut dyn Tx,
    who: Option<&Account>,
    (reviews, codes): (&[Reviewed], &Codes),
    at: &HashMap<i64, u32>,
    q: &FindNeeds,
) -> Result<Vec<HashSet<NeedAt>>> {
    let sql = B::word_texts_sql();
    let mut out = Vec::with_capacity(q.words.len());
    for w in &q.words {
        let mut found = HashSet::new();
        for r in tx.query_all(sql, &[Value::from(B::word_value(&w.word))])? {
            let Some(&i) = at.get(&r.int(0)?) else {
                continue;
            };
            let rv = &reviews[i as usize];
            let origin = Origin::of_hit("need", source_from(r.int(3)?));
            let p = &rv.review;
            let Some(t) = position(codes, p.cycle, &r.text(2)?) else {
                continue;
            };
            if accounts::may_read_text(who, &rv.code, p.published, p.shared_with_providers, origin)
            {
                found.insert((r.int(0)?, r.small(1)?, t));
            }
        }
        out.push(found);
    }
    Ok(out)
}

/// The codes of each cycle's types, by their position in a pack.
type Codes = HashMap<u8, Vec<String>>;

/// Every need the reader may know of that meets the words and the change
/// asked for and fails at most one other filter.
fn candidates<B: Backend>(
    tx: &mut dyn Tx,
    who: Option<&Account>,
    q: &FindNeeds,
    reviews: &[Reviewed],
    codes: &Codes,
) -> Result<Vec<Candidate>> {
    let at: HashMap<i64, u32> = reviews
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id, i as u32))
        .collect();
    let words = word_texts::<B>(tx, who, (reviews, codes), &at, q)?;
    let mut stamps: HashMap<NeedAt, i64> = HashMap::new();
    for r in tx.query_all(
        "SELECT review_id, article, type, changed FROM need_stamp",
        &[],
    )? {
        let id = r.int(0)?;
        let code = r.text(2)?;
        let cycle = at.get(&id).map(|&i| reviews[i as usize].review.cycle);
        if let Some(t) = cycle.and_then(|c| position(codes, c, &code)) {
            stamps.insert((id, r.small(1)?, t), r.int(3)?);
        }
    }
    let documents = q
        .documents
        .iter()
        .fold(0u8, |bits, &s| bits | Sources::default().with(s).0);
    let expected = pack_sum(tx)?;
    let mut sum = 0u64;
    let mut out = Vec::new();
    for row in tx.query_all("SELECT review_id, needs, changed FROM need_pack", &[])? {
        let id = row.int(0)?;
        let bytes = row.bytes(1)?;
        sum = sum.wrapping_add(pack::row_sum(id, bytes));
        let i = *at
            .get(&id)
            .ok_or_else(|| pack::damaged(&format!("a pack of review {id}, which is not there")))?;
        let rv = &reviews[i as usize];
        let types = &codes[&rv.review.cycle];
        let base = row.int(2)?;
        for n in pack::decode(bytes) {
            let code = types
                .get(usize::from(n.need_type))
                .ok_or_else(|| pack::damaged("a packed need of a type its cycle does not have"))?;
            let sources = Sources(n.sources);
            if !accounts::may_read_need(who, &rv.code, &rv.review, sources) {
                continue;
            }
            let key = (id, n.article, n.need_type);
            let meets_words = q.words.iter().zip(&words).all(|(w, texts)| {
                w.articles.contains(&n.article) || w.types.contains(code) || texts.contains(&key)
            });
            if !meets_words {
                continue;
            }
            let changed = stamps.get(&key).copied().unwrap_or(base);
            if q.changed_from.is_some_and(|from| changed < from)
                || q.changed_before.is_some_and(|before| changed >= before)
            {
                continue;
            }
            let mut fails = rv.fails;
            if !q.articles.is_empty() && !q.articles.contains(&n.article) {
                fails |= ARTICLE;
            }
            if !q.types.is_empty() && !q.types.contains(code) {
                fails |= TYPE;
            }
            if documents != 0 && n.sources & rv.readable.0 & documents == 0 {
                fails |= DOCUMENT;
            }
            if q.addressed.is_some_and(|a| a != n.addressed) {
                fails |= ADDRESSED;
            }
            if fails.count_ones() <= 1 {
                out.push(Candidate {
                    review: i,
                    article: n.article,
                    need_type: n.need_type,
                    sources: n.sources,
                    addressed: n.addressed,
                    changed,
                    fails,
                });
            }
        }
    }
    if sum != expected {
        return Err(pack::damaged(&format!(
            "their checksum is {sum:016x}, {expected:016x} was stored"
        )));
    }
    Ok(out)
}

/// The counts per value of each filter: a need counts for a filter's
/// values when it fails no other filter.
fn facets(found: &[Candidate], reviews: &[Reviewed], codes: &Codes) -> Facets {
    fn listed<K: Ord>(counts: HashMap<K, u64>) -> Vec<(K, u64)> {
        let mut v: Vec<(K, u64)> = counts.into_iter().collect();
        v.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        v
    }
    let mut states: HashMap<&str, u64> = HashMap::new();
    let mut region_states: HashMap<&str, u64> = HashMap::new();
    let mut articles: HashMap<u8, u64> = HashMap::new();
    let mut types: HashMap<&str, u64> = HashMap::new();
    let mut cycles: HashMap<u8, u64> = HashMap::new();
    let mut addressed: HashMap<bool, u64> = HashMap::new();
    let mut documents = [0u64; Source::ALL.len()];
    for c in found {
        let rv = &reviews[c.review as usize];
        let counts = |filter: u8| c.fails & !filter == 0;
        if counts(STATE) {
            *states.entry(&rv.code).or_default() += 1;
        }
        if counts(REGION) {
            *region_states.entry(&rv.code).or_default() += 1;
        }
        if counts(ARTICLE) {
            *articles.entry(c.article).or_default() += 1;
        }
        if counts(TYPE) {
            let code = codes[&rv.review.cycle][usize::from(c.need_type)].as_str();
            *types.entry(code).or_default() += 1;
        }
        if counts(CYCLE) {
            *cycles.entry(rv.review.cycle).or_default() += 1;
        }
        if counts(ADDRESSED) {
            *addressed.entry(c.addressed).or_default() += 1;
        }
        if counts(DOCUMENT) {
            for (k, &s) in Source::ALL.iter().enumerate() {
                if Sources(c.sources & rv.readable.0).contains(s) {
                    documents[k] += 1;
                }
            }
        }
    }
    let owned = |v: Vec<(&str, u64)>| v.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
    Facets {
        states: owned(listed(states)),
        region_states: owned(listed(region_states)),
        articles: listed(articles),
        types: owned(listed(types)),
        cycles: listed(cycles),
        documents: Source::ALL.iter().copied().zip(documents).collect(),
        addressed: listed(addressed),
    }
}

/// Sorts the needs found as `order` says; every order ends on State,
/// cycle, article and type, which no two needs share.
fn sort(found: &mut Vec<Candidate>, reviews: &[Reviewed], codes: &Codes, order: FindOrder) {
    // One number a need, made once: a million needs are compared some
    // twenty million times, and their texts (State, type, day) each time
    // would be most of a page's time.
    let rank = |mut order: Vec<u32>, same: &dyn Fn(u32, u32) -> std::cmp::Ordering| {
        order.sort_unstable_by(|&a, &b| same(a, b));
        let mut ranks = vec![0u32; order.len()];
        for (r, &i) in order.iter().enumerate() {
            ranks[i as usize] = r as u32;
        }
        ranks
    };
    let all: Vec<u32> = (0..reviews.len() as u32).collect();
    let at = |i: u32| &reviews[i as usize];
    let by_state = rank(all.clone(), &|a, b| {
        (&at(a).code, at(a).review.cycle).cmp(&(&at(b).code, at(b).review.cycle))
    });
    // Newest first, reviews without a day last, then by State.
    let by_day = rank(all, &|a, b| {
        let day = |i: u32| at(i).completed.as_deref();
        (
            day(a).is_none(),
            std::cmp::Reverse(day(a)),
            by_state[a as usize],
        )
            .cmp(&(
                day(b).is_none(),
                std::cmp::Reverse(day(b)),
                by_state[b as usize],
            ))
    });
    let mut all_codes: Vec<&str> = codes.values().flatten().map(String::as_str).collect();
    all_codes.sort_unstable();
    all_codes.dedup();
    let type_rank: HashMap<u8, Vec<u128>> = codes
        .iter()
        .map(|(&cycle, list)| {
            let ranks = list
                .iter()
                .map(|c| all_codes.binary_search(&c.as_str()).unwrap_or(0) as u128)
                .collect();
            (cycle, ranks)
        })
        .collect();
    let key = |c: &Candidate| -> u128 {
        let review = c.review as usize;
        let t = type_rank[&reviews[review].review.cycle][usize::from(c.need_type)];
        let (s, a) = (u128::from(by_state[review]), u128::from(c.article));
        match order {
            FindOrder::State => s << 16 | a << 8 | t,
            FindOrder::Article => a << 40 | s << 8 | t,
            FindOrder::Type => t << 40 | s << 8 | a,
            FindOrder::Date => u128::from(by_day[review]) << 16 | a << 8 | t,
            // The stamp is at least 0: newest first is its complement.
            FindOrder::Changed => {
                u128::from(u64::MAX - c.changed.max(0) as u64) << 48 | s << 16 | a << 8 | t
            }
        }
    };
    let mut keyed: Vec<(u128, Candidate)> = found.iter().map(|c| (key(c), *c)).collect();
    keyed.sort_unstable_by_key(|k| k.0);
    found.clear();
    found.extend(keyed.into_iter().map(|k| k.1));
}

/// The needs `q` asks for that `who` may know of, with the texts of
/// them it may read, and (when asked) the counts per value of each filter.
pub(crate) fn find_needs<B: Backend>(
    tx: &mut dyn Tx,
    who: Option<&Account>,
    q: &FindNeeds,
) -> Result<Found> {
    let reference = stored_reference(tx)?;
    let codes: Codes = reference
        .cycles()
        .into_iter()
        .map(|c| {
            (
                c,
                reference.types(c).iter().map(|t| t.code.clone()).collect(),
            )
        })
        .collect();
    let reviews = reviewed(tx, &reference, who, q)?;
    let mut found = candidates::<B>(tx, who, q, &reviews, &codes)?;
    let facets = if q.facets {
        facets(&found, &reviews, &codes)
    } else {
        Facets::default()
    };
    found.retain(|c| c.fails == 0);
    sort(&mut found, &reviews, &codes, q.order);
    let total = found.len() as u64;
    let page = found
        .iter()
        .skip(q.offset)
        .take(q.limit.unwrap_or(usize::MAX));
    let mut needs: Vec<FinderNeed> = page
        .map(|c| {
            let rv = &reviews[c.review as usize];
            FinderNeed {
                state: rv.code.clone(),
                cycle: rv.review.cycle,
                article: c.article,
                need_type: codes[&rv.review.cycle][usize::from(c.need_type)].clone(),
                addressed: c.addressed,
                completed: rv.completed.clone(),
                documents: Sources(c.sources & rv.readable.0).iter().collect(),
                texts: Vec::new(),
                changed: c.changed,
                changed_at: None,
            }
        })
        .collect();
    let ids: Vec<i64> = found
        .iter()
        .skip(q.offset)
        .take(needs.len())
        .map(|c| reviews[c.review as usize].id)
        .collect();
    if q.order == FindOrder::Changed || q.changed_from.is_some() {
        changed_at(tx, &mut needs)?;
    }
    found_texts(tx, who, q, &reviews, &ids, &mut needs)?;
    Ok(Found {
        total,
        needs,
        facets,
    })
}

/// When the write that last changed each need was logged: the log's entry
/// after its stamp. Asked only of the few needs a feed or a digest lists.
fn changed_at(tx: &mut dyn Tx, needs: &mut [FinderNeed]) -> Result<()> {
    let mut known: HashMap<i64, Option<i64>> = HashMap::new();
    for n in needs {
        let at = match known.get(&n.changed) {
            Some(&at) => at,
            None => {
                let at = tx
                    .query_one(
                        "SELECT at FROM change_log WHERE id > $1 ORDER BY id LIMIT 1",
                        params![n.changed],
                    )?
                    .map(|r| r.int(0))
                    .transpose()?;
                known.insert(n.changed, at);
                at
            }
        };
        n.changed_at = at;
    }
    Ok(())
}

/// Up to how many reviews a download asks the texts of by their numbers.
const TEXTS_BY_REVIEW: usize = 500;

/// Gives the needs found (of the reviews numbered `ids`, one a need) the
/// texts of them the reader may read.
fn found_texts(
    tx: &mut dyn Tx,
    who: Option<&Account>,
    q: &FindNeeds,
    reviews: &[Reviewed],
    ids: &[i64],
    needs: &mut [FinderNeed],
) -> Result<()> {
    if needs.is_empty() {
        return Ok(());
    }
    let at: HashMap<(i64, u8, &str), usize> = needs
        .iter()
        .zip(ids)
        .enumerate()
        .map(|(i, (n, &id))| ((id, n.article, n.need_type.as_str()), i))
        .collect();
    let mut of_page: Vec<i64> = ids.to_vec();
    of_page.sort_unstable();
    of_page.dedup();
    // The texts of the needs found, no more: by their reviews when they are
    // few (a page, a download of some States), by the articles and types
    // asked for when there are any (a download across States).
    let mut clauses = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let mut any_of = |column: &str, items: Vec<Value>, clauses: &mut Vec<String>| {
        let places: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(i, _)| format!("${}", values.len() + i + 1))
            .collect();
        clauses.push(format!("{column} IN ({})", places.join(", ")));
        values.extend(items);
    };
    if q.limit.is_some() || of_page.len() <= TEXTS_BY_REVIEW {
        any_of(
            "review_id",
            of_page.iter().map(|&id| Value::Int(id)).collect(),
            &mut clauses,
        );
    }
    if !q.articles.is_empty() {
        any_of(
            "article",
            q.articles.iter().map(|&a| Value::from(a)).collect(),
            &mut clauses,
        );
    }
    if !q.types.is_empty() {
        any_of(
            "type",
            q.types.iter().map(Value::from).collect(),
            &mut clauses,
        );
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    let rows = tx.query_all(
        &format!(
            "SELECT review_id, article, type, source, paragraph, text FROM need_text{filter} ORDER BY source"
        ),
        &values,
    )?;
    let review_of: HashMap<i64, &Reviewed> = reviews.iter().map(|r| (r.id, r)).collect();
    let mut texts: Vec<(usize, FoundText)> = Vec::new();
    for r in &rows {
        let (id, article, code) = (r.int(0)?, r.small(1)?, r.text(2)?);
        let Some(&i) = at.get(&(id, article, code.as_str())) else {
            continue;
        };
        let rv = review_of[&id];
        let source = source_from(r.int(3)?);
        let origin = Origin::of_hit("need", source);
        let p = &rv.review;
        if accounts::may_read_text(who, &rv.code, p.published, p.shared_with_providers, origin) {
            texts.push((
                i,
                FoundText {
                    source,
                    paragraph: r.text(4)?,
                    text: r.text(5)?,
                },
            ));
        }
    }
    for (i, t) in texts {
        needs[i].texts.push(t);
    }
    Ok(())
}
