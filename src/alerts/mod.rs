//! Alerts (issue 13): what is new for a reader, as an Atom feed
//! (`/feeds/needs.atom`, `/feeds/private.atom`, written by `atom`) and as
//! the digest `tana notify` mails to each subscription (`digest`,
//! `notify`).
//!
//! Both ask the same two questions of the store: the needs a finder query
//! finds that the reader may read (`Store::find_needs`, the finder's own
//! code path and rule, newest change first), and the assistance the reader
//! may read (`accounts::may_read_assistance`). What is said about each is
//! an [`Entry`], one arm per kind of thing; every output writes an entry
//! through [`Entry::written`], so a new kind is one arm there and one
//! source in [`gather`].

pub mod atom;
pub(crate) mod digest;
pub mod notify;

use crate::accounts::{self, Account};
use crate::date::Date;
use crate::error::Result;
use crate::plan;
use crate::reference::Reference;
use crate::store::{Assistance, FindNeeds, FindOrder, FinderNeed, Mark, NeedKey, Store};

/// The most entries a feed holds.
pub const FEED_MOST: usize = 100;
/// The most needs and the most assistance records a digest lists.
pub const DIGEST_MOST: usize = 200;

/// One thing a reader is told about.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    /// A need the search finds, with the words the reader may read of it.
    Need(FinderNeed),
    /// Assistance recorded against a need; an accepted IATI link is
    /// assistance carrying the activity's identifier.
    Assistance(Assistance),
    /// An item of a State's action plan past its planned end and neither
    /// done nor dropped (`plan::overdue`), told to the plan's writers.
    OverduePlanItem(OverdueItem),
}

/// An overdue item with the plan it belongs to.
#[derive(Clone, Debug, PartialEq)]
pub struct OverdueItem {
    pub state: String,
    pub cycle: u8,
    pub item: plan::Item,
}

/// An entry as every output writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// A tag URI (RFC 4151) that names the thing in every workspace.
    pub id: String,
    /// What names it to people: a need's stable identifier
    /// (`VNM/1/16/legislative_drafting`), `assistance 12`.
    pub name: String,
    /// When it last changed, in seconds since 1970, when known.
    pub updated: Option<i64>,
    pub title: String,
    /// The readable words.
    pub content: String,
    /// The portal's page about it, from the site's root.
    pub path: String,
    /// What it is: `need`, `assistance`, `iati-link`.
    pub kind: &'static str,
}

/// The authority and day of tana's tag URIs.
const TAG: &str = "tag:tana,2024:";

/// "Viet Nam · article 16 · Legislative drafting": a need as people name it.
pub fn need_title(r: &Reference, need: &NeedKey) -> String {
    let state = state_name(r, &need.state);
    let article = match need.article {
        0 => "no article".to_string(),
        n => format!("article {n}"),
    };
    let label = r
        .types(need.cycle)
        .into_iter()
        .find(|t| t.code == need.need_type)
        .map_or_else(|| need.need_type.clone(), |t| t.label.clone());
    format!("{state} · {article} · {label}")
}

impl Entry {
    /// When it changed, for ordering entries of every kind together.
    pub fn updated(&self) -> Option<i64> {
        match self {
            Entry::Need(n) => n.changed_at,
            Entry::Assistance(a) => Some(a.at),
            Entry::OverduePlanItem(o) => o.since(),
        }
    }

    pub fn written(&self, r: &Reference) -> Written {
        match self {
            Entry::Need(n) => {
                let key = NeedKey {
                    state: n.state.clone(),
                    cycle: n.cycle,
                    article: n.article,
                    need_type: n.need_type.clone(),
                };
                let words: Vec<&str> = n.texts.iter().map(|t| t.text.as_str()).collect();
                let content = if words.is_empty() {
                    "No words of it are published.".to_string()
                } else {
                    words.join("\n\n")
                };
                let name = crate::web::need_id(&n.state, n.cycle, n.article, &n.need_type);
                Written {
                    id: format!("{TAG}need/{name}"),
                    name,
                    updated: n.changed_at,
                    title: need_title(r, &key),
                    content,
                    path: format!("/states/{}", n.state),
                    kind: "need",
                }
            }
            Entry::Assistance(a) => {
                let (kind, what) = match &a.iati_identifier {
                    Some(id) => ("iati-link", format!("IATI activity {id}")),
                    None => ("assistance", "Assistance".to_string()),
                };
                let dates = match (&a.starts, &a.ends) {
                    (Some(s), Some(e)) => format!(", {s} to {e}"),
                    (Some(s), None) => format!(", from {s}"),
                    (None, Some(e)) => format!(", until {e}"),
                    (None, None) => String::new(),
                };
                Written {
                    id: format!("{TAG}assistance/{}", a.id),
                    name: format!("assistance {}", a.id),
                    updated: Some(a.at),
                    title: format!("{what} for {}", need_title(r, &a.need)),
                    content: format!("{} ({}{dates}), by {}.", a.title, a.status, a.provider),
                    path: format!("/states/{}", a.need.state),
                    kind,
                }
            }
            Entry::OverduePlanItem(o) => overdue_written(r, o),
        }
    }
}

/// A State's name, or its code when the reference knows none.
fn state_name(r: &Reference, code: &str) -> String {
    r.find_state(code)
        .map_or_else(|| code.to_string(), |id| r.state(id).name.clone())
}

impl OverdueItem {
    /// When it fell overdue: the day after its planned end.
    fn since(&self) -> Option<i64> {
        self.item.ends.map(|d| (d.days_since_1970() + 1) * 86_400)
    }
}

fn overdue_written(r: &Reference, o: &OverdueItem) -> Written {
    let state = state_name(r, &o.state);
    let ends = o.item.ends.map_or_else(String::new, |d| d.to_string());
    let lead = if o.item.lead.is_empty() {
        "no lead institution named yet".to_string()
    } else {
        format!("led by {}", o.item.lead)
    };
    Written {
        id: format!("{TAG}plan-item/{}/{}/{}", o.state, o.cycle, o.item.id),
        name: format!("plan item {}/{}/{}", o.state, o.cycle, o.item.id),
        updated: o.since(),
        title: format!(
            "Overdue: {state}'s action plan, cycle {}, priority {}: {}",
            o.cycle, o.item.priority, o.item.title
        ),
        content: format!(
            "Planned to end on {ends}, still {} ({lead}).",
            o.item.status.label()
        ),
        path: format!("/states/{}/plan?cycle={}", o.state, o.cycle),
        kind: "overdue-plan-item",
    }
}

/// Which stretch of the records: a digest's, between two marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub from: Mark,
    pub upto: Mark,
}

/// What a reader is told: the needs `find` finds that `who` may read,
/// changed last first (within `window` when given), and, when asked, the
/// assistance `who` may read against the needs of the filter's States,
/// articles, types and cycles. At most `most` of each; with how many
/// needs there were in all. Given `overdue_on`, also the items of the
/// action plans `who` writes that are overdue that day, for the filter's
/// States and cycles.
pub fn gather(
    store: &mut dyn Store,
    who: Option<&Account>,
    find: &FindNeeds,
    window: Option<Window>,
    most: usize,
    assistance: bool,
    overdue_on: Option<Date>,
) -> Result<(u64, Vec<Entry>)> {
    let mut q = find.clone();
    q.order = FindOrder::Changed;
    q.offset = 0;
    q.limit = Some(most);
    q.facets = false;
    q.changed_from = window.map(|w| w.from.log);
    q.changed_before = window.map(|w| w.upto.log);
    let found = store.find_needs(who, &q)?;
    let mut entries: Vec<Entry> = found.needs.into_iter().map(Entry::Need).collect();
    if assistance {
        let mut records: Vec<Assistance> = store
            .assistance(None)?
            .into_iter()
            .filter(|a| {
                window.is_none_or(|w| a.id > w.from.assistance && a.id <= w.upto.assistance)
                    && accounts::may_read_assistance(who, &a.provider, &a.need.state)
                    && filtered(find, &a.need)
            })
            .collect();
        records.sort_by_key(|a| std::cmp::Reverse(a.id));
        records.truncate(most);
        entries.extend(records.into_iter().map(Entry::Assistance));
    }
    if let Some(today) = overdue_on {
        entries.extend(overdue_items(store, who, find, today, most)?);
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.updated()));
    Ok((found.total, entries))
}

/// The overdue items of the plans `who` writes (the State's focal points,
/// the secretariat: `accounts::may_write_plan`), of the filter's States,
/// regional groups and cycles; at most `most`, longest overdue first.
fn overdue_items(
    store: &mut dyn Store,
    who: Option<&Account>,
    find: &FindNeeds,
    today: Date,
    most: usize,
) -> Result<Vec<Entry>> {
    let mut found = Vec::new();
    for p in store.plans(None)? {
        if !names_state_and_cycle(find, &p.state, p.cycle)
            || !accounts::may_write_plan(who, &p.state)
        {
            continue;
        }
        for item in p.items.into_iter().filter(|i| plan::overdue(i, today)) {
            found.push(OverdueItem {
                state: p.state.clone(),
                cycle: p.cycle,
                item,
            });
        }
    }
    found.sort_by_key(|o| (o.item.ends, o.state.clone(), o.item.priority));
    found.truncate(most);
    Ok(found.into_iter().map(Entry::OverduePlanItem).collect())
}

/// Whether a need is among those the filter's States, regional groups,
/// articles, types and cycles name (its words ask nothing of assistance).
fn filtered(find: &FindNeeds, need: &NeedKey) -> bool {
    names_state_and_cycle(find, &need.state, need.cycle)
        && (find.articles.is_empty() || find.articles.contains(&need.article))
        && (find.types.is_empty() || find.types.contains(&need.need_type))
}

/// Whether the filter's States, regional groups and cycles hold a State's
/// review of a cycle (what an action plan is of).
fn names_state_and_cycle(find: &FindNeeds, state: &str, cycle: u8) -> bool {
    (find.states.is_empty() || find.states.iter().any(|s| s == state))
        && find
            .region_states
            .as_ref()
            .is_none_or(|s| s.iter().any(|r| r == state))
        && (find.cycles.is_empty() || find.cycles.contains(&cycle))
}

/// A moment (seconds since 1970) as RFC 3339 in UTC: `2026-12-01T16:20:00Z`.
pub fn rfc3339(seconds: i64) -> String {
    let day = crate::clock::day_of(seconds).map_or_else(|| "1970-01-01".into(), |d| d.to_string());
    let s = seconds.rem_euclid(86_400);
    format!("{day}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    #[test]
    fn moments_are_written_as_rfc3339() {
        // 2014-04-28T12:34:56Z
        assert_eq!(super::rfc3339(1_398_688_496), "2014-04-28T12:34:56Z");
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00Z");
    }
}
