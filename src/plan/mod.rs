//! Action plans: per State and cycle, the prioritized plan a State draws
//! from the needs its review identified (the seed note's offer to help
//! States "develop a prioritized action plan").
//!
//! A plan's items are each tied to one or more of the State's needs of the
//! cycle, with a priority (1 = first), a lead institution, planned days, a
//! status, the providers involved and dated progress notes, which are
//! added and never rewritten, so that a plan's history reads back. Whether
//! it is published is the State's word (`accounts::may_publish_plan`).
//!
//! `draft` proposes a plan from a State's open needs (docs/FOLLOW-UP.md,
//! "How a plan is drafted"); `document` writes it as HTML, JSON and DOCX;
//! `import` takes one back from CSV or XLSX; `command` is `tana plan`.
//!
//! Invariants: the domain (this file, `draft`, `document`) is pure: no
//! I/O, no clock (today is an argument); a need appears at most once in an
//! item; priorities are numbered from 1.

pub mod command;
pub mod document;
pub mod draft;
pub mod import;

use serde::Serialize;

use crate::date::Date;
use crate::reference::ArticleNo;

/// Where an item of a plan stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Planned,
    UnderWay,
    Done,
    Dropped,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Planned,
        Status::UnderWay,
        Status::Done,
        Status::Dropped,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::UnderWay => "under_way",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::UnderWay => "under way",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }

    /// A status by its code or its label (`under way`, `under-way`).
    pub fn from_code(code: &str) -> Option<Status> {
        let code = code.trim().to_lowercase().replace([' ', '-'], "_");
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the item is finished with, one way or the other.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::Dropped)
    }
}

/// A need of the plan's State in the plan's cycle: its article (0 for a
/// need tied to no article) and its type's code.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PlanNeed {
    pub article: ArticleNo,
    pub need_type: String,
}

/// A dated progress note: who wrote it, the day it speaks of, its words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    /// When it was written, in seconds since 1970-01-01 UTC.
    pub at: i64,
    pub author: String,
    pub day: Date,
    pub text: String,
}

/// One item of a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Its number in the workspace (0 before it is stored).
    pub id: i64,
    /// 1 = first.
    pub priority: u32,
    pub title: String,
    /// The needs it answers, in order, each once.
    pub needs: Vec<PlanNeed>,
    /// The institution that leads it (empty until named).
    pub lead: String,
    pub starts: Option<Date>,
    pub ends: Option<Date>,
    pub status: Status,
    /// Providers involved: account names or organisations' names.
    pub providers: Vec<String>,
    /// Oldest first.
    pub notes: Vec<Note>,
}

/// A State's action plan for one cycle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The State's code.
    pub state: String,
    pub cycle: u8,
    /// Whether the State published it: then everyone may read it.
    pub published: bool,
    /// The day it was drafted or imported.
    pub drafted: Date,
    /// By priority, then number.
    pub items: Vec<Item>,
}

/// Whether an item is overdue on `today`: past its planned end and neither
/// done nor dropped. (An item with no end is never overdue.)
pub fn overdue(item: &Item, today: Date) -> bool {
    item.ends.is_some_and(|end| end < today) && !item.status.is_closed()
}

/// What an overview of plans says of one: its items, those done, those
/// overdue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub items: usize,
    pub done: usize,
    pub overdue: usize,
}

impl Plan {
    pub fn progress(&self, today: Date) -> Progress {
        Progress {
            items: self.items.len(),
            done: self
                .items
                .iter()
                .filter(|i| i.status == Status::Done)
                .count(),
            overdue: self.items.iter().filter(|i| overdue(i, today)).count(),
        }
    }

    /// The items in the plan's order: by priority, then number.
    pub fn sort(&mut self) {
        self.items.sort_by_key(|i| (i.priority, i.id));
    }
}

/// Words for the list of articles an item answers: "16, 18" or "no article".
pub fn articles_of(item: &Item) -> Vec<ArticleNo> {
    let mut a: Vec<ArticleNo> = item.needs.iter().map(|n| n.article).collect();
    a.sort_unstable();
    a.dedup();
    a
}

/// Checks what a writer gives of an item: a title, at least one need, each
/// once, an end not before the start, a priority from 1. The reason names
/// the field.
pub fn check_item(item: &Item) -> Result<(), (&'static str, String)> {
    if item.priority == 0 {
        return Err(("priority", "a priority is a whole number from 1".into()));
    }
    if item.title.trim().is_empty() {
        return Err(("title", "an item needs a title".into()));
    }
    if item.needs.is_empty() {
        return Err(("needs", "an item is tied to at least one need".into()));
    }
    let mut seen = item.needs.clone();
    seen.sort();
    seen.dedup();
    if seen.len() != item.needs.len() {
        return Err(("needs", "a need is named once in an item".into()));
    }
    if let (Some(s), Some(e)) = (item.starts, item.ends)
        && e < s
    {
        return Err((
            "end",
            format!("the planned end {e} is before the planned start {s}"),
        ));
    }
    if item.providers.iter().any(|p| p.trim().is_empty()) {
        return Err(("providers", "a provider has a name".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(status: Status, ends: Option<&str>) -> Item {
        Item {
            id: 1,
            priority: 1,
            title: "Witness protection".into(),
            needs: vec![PlanNeed {
                article: 32,
                need_type: "legislative_drafting".into(),
            }],
            lead: "Ministry of Justice".into(),
            starts: Some("2026-01-01".parse().unwrap()),
            ends: ends.map(|e| e.parse().unwrap()),
            status,
            providers: vec![],
            notes: vec![],
        }
    }

    #[test]
    fn an_item_is_overdue_past_its_end_until_done_or_dropped() {
        let today: Date = "2026-06-01".parse().unwrap();
        assert!(overdue(&item(Status::Planned, Some("2026-05-31")), today));
        assert!(overdue(&item(Status::UnderWay, Some("2026-05-31")), today));
        assert!(!overdue(&item(Status::UnderWay, Some("2026-06-01")), today));
        assert!(!overdue(&item(Status::Done, Some("2026-01-31")), today));
        assert!(!overdue(&item(Status::Dropped, Some("2026-01-31")), today));
        assert!(!overdue(&item(Status::Planned, None), today));
    }

    #[test]
    fn statuses_read_by_code_or_label() {
        assert_eq!(Status::from_code("under way"), Some(Status::UnderWay));
        assert_eq!(Status::from_code("Under-Way"), Some(Status::UnderWay));
        assert_eq!(Status::from_code("finished"), None);
    }

    #[test]
    fn items_are_checked_field_by_field() {
        assert!(check_item(&item(Status::Planned, Some("2026-05-31"))).is_ok());
        let before = item(Status::Planned, Some("2025-05-31"));
        assert_eq!(check_item(&before).unwrap_err().0, "end");
        let mut twice = item(Status::Planned, None);
        twice.needs.push(twice.needs[0].clone());
        assert_eq!(check_item(&twice).unwrap_err().0, "needs");
        let mut none = item(Status::Planned, None);
        none.priority = 0;
        assert_eq!(check_item(&none).unwrap_err().0, "priority");
    }
}
