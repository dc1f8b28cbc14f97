//! Follow-up in the workspace: providers' IATI activities kept as the
//! assistance of their recipient States, and the links between activities
//! and open needs that a provider or the secretariat accepts.
//!
//! `iati` reads and checks files and `matching` proposes links, both
//! without writing; this module is where what they give meets the store:
//! `tana iati import` ([`import`]), `tana assistance list` ([`listing`]),
//! `tana match` over stored activities and `tana match --accept`
//! ([`proposals`], [`accept`]). The portal (`web::activities`) calls the
//! same functions, so that a link accepted there is the link accepted here.
//!
//! Invariants: an activity is kept under its IATI identifier, once; a link
//! is accepted only when the matcher proposes it for the records as they
//! are (so never for an addressed need, a need tied to no article, or a
//! cancelled activity), and then it is assistance against the need, which
//! counts as being addressed as assistance recorded by hand does.

pub mod command;
pub mod gaps;
pub mod peers;
pub mod peers_command;

use serde::Serialize;

use crate::accounts::{self, Account, Role};
use crate::error::{Error, Result};
use crate::iati::{Activity, Status};
use crate::matching::{self, NeedIndex, Proposal, Vocabulary};
use crate::records::Registry;
use crate::reference::Reference;
use crate::store::{Assistance, Author, LinkOutcome, NeedKey, Store, StoredActivity};

/// What an IATI status is among the stages of assistance: cancelled and
/// suspended work is none of them, and is shown as IATI says it.
pub fn assistance_status(a: &Activity) -> &'static str {
    match a.status {
        Some(Status::Planned) | None => "planned",
        Some(Status::Ongoing | Status::Finishing) => "ongoing",
        Some(Status::Completed) => "completed",
        Some(s @ (Status::Cancelled | Status::Suspended)) => s.label(),
    }
}

/// The first and last day of an activity: the actual ones when known.
pub fn activity_days(a: &Activity) -> (Option<String>, Option<String>) {
    let d = &a.dates;
    (
        d.actual_start.or(d.planned_start).map(|d| d.to_string()),
        d.actual_end.or(d.planned_end).map(|d| d.to_string()),
    )
}

/// Who an activity comes from, to show and to count providers by: the
/// account it was imported for, else its reporting organisation's IATI
/// identifier (or name).
pub fn provider_of(stored: &StoredActivity) -> String {
    if stored.provider.is_empty() {
        let org = &stored.activity.reporting_org;
        org.reference.clone().unwrap_or_else(|| org.display_name())
    } else {
        stored.provider.clone()
    }
}

/// One line of `tana assistance list`: assistance recorded against a need
/// (by hand, or an accepted link), or an activity going to a State.
#[derive(Clone, Debug, Serialize)]
pub struct Listed {
    /// `recorded` or `iati`.
    pub kind: &'static str,
    /// The assistance record's number (recorded only).
    pub id: Option<i64>,
    pub iati_identifier: Option<String>,
    pub state: String,
    /// The need (recorded only).
    pub cycle: Option<u8>,
    pub article: Option<u8>,
    pub need_type: Option<String>,
    /// The State's share of the activity, as the file gives it (IATI only).
    pub share: Option<f64>,
    pub title: String,
    pub status: String,
    pub starts: Option<String>,
    pub ends: Option<String>,
    pub provider: String,
}

impl Listed {
    pub fn recorded(a: &Assistance) -> Listed {
        Listed {
            kind: "recorded",
            id: Some(a.id),
            iati_identifier: a.iati_identifier.clone(),
            state: a.need.state.clone(),
            cycle: Some(a.need.cycle),
            article: Some(a.need.article),
            need_type: Some(a.need.need_type.clone()),
            share: None,
            title: a.title.clone(),
            status: a.status.clone(),
            starts: a.starts.clone(),
            ends: a.ends.clone(),
            provider: a.provider.clone(),
        }
    }

    /// One line for each recipient State of the activity (of `only`, when given).
    pub fn of_activity(stored: &StoredActivity, only: Option<&str>) -> Vec<Listed> {
        let a = &stored.activity;
        let (starts, ends) = activity_days(a);
        a.recipients
            .iter()
            .filter_map(|r| r.state.as_ref().map(|s| (s, r.percentage)))
            .filter(|(s, _)| only.is_none_or(|o| o == s.as_str()))
            .map(|(state, share)| Listed {
                kind: "iati",
                id: None,
                iati_identifier: Some(a.identifier.clone()),
                state: state.clone(),
                cycle: None,
                article: None,
                need_type: None,
                share,
                title: a.display_title().to_string(),
                status: a.status.map_or("planned", |s| s.label()).to_string(),
                starts: starts.clone(),
                ends: ends.clone(),
                provider: provider_of(stored),
            })
            .collect()
    }
}

/// What `reader` keeps of the assistance of `state` (or every State):
/// records first, newest first, then activities by identifier.
pub fn listing(
    store: &mut dyn Store,
    state: Option<&str>,
    readable: impl Fn(&str, &str) -> bool,
) -> Result<Vec<Listed>> {
    let activities = store.activities(state)?;
    let mut out: Vec<Listed> = store
        .assistance(state)?
        .iter()
        .filter(|a| readable(&a.provider, &a.need.state))
        .map(|a| {
            let mut l = Listed::recorded(a);
            // An accepted link of an activity imported for no account is
            // shown as coming from the activity's reporting organisation.
            let from = activities.iter().find(|s| {
                a.provider.is_empty() && a.iati_identifier.as_ref() == Some(&s.activity.identifier)
            });
            if let Some(stored) = from {
                l.provider = provider_of(stored);
            }
            l
        })
        .collect();
    for stored in activities {
        out.extend(
            Listed::of_activity(&stored, state)
                .into_iter()
                .filter(|l| readable(&stored.provider, &l.state)),
        );
    }
    Ok(out)
}

/// The links the matcher proposes for each stored activity, against the
/// records as they are now.
pub fn proposals(
    activities: &[StoredActivity],
    registry: &Registry,
    reference: &Reference,
) -> Vec<Vec<Proposal>> {
    let needs = NeedIndex::new(registry);
    let vocabulary = Vocabulary::embedded(reference);
    activities
        .iter()
        .map(|s| matching::propose(&s.activity, &needs, reference, &vocabulary))
        .collect()
}

/// Why a link could not be accepted, in words for a person.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// The name is no link's name.
    Malformed,
    /// No stored activity of that identifier (or not one `who` may accept).
    NoActivity,
    /// The matcher does not propose it (any more): the need is addressed,
    /// gone, or not named by the activity.
    NotProposed,
}

impl Refused {
    pub fn reason(&self, link: &str) -> String {
        match self {
            Refused::Malformed => format!(
                "`{link}` is no link: a link is IDENTIFIER:STATE:CYCLE:ARTICLE:TYPE, as `tana match` prints it"
            ),
            Refused::NoActivity => format!(
                "`{link}`: no IATI activity of that identifier is in the workspace (tana iati import)"
            ),
            Refused::NotProposed => format!(
                "`{link}` is not proposed: its need is already addressed, gone, or not named by the activity (tana match lists what is)"
            ),
        }
    }
}

/// The account an activity was imported for, as the rules see it; None
/// for an activity imported for no account.
pub fn provider_account(stored: &StoredActivity) -> Option<Account> {
    (!stored.provider.is_empty()).then(|| Account {
        name: stored.provider.clone(),
        role: Role::Provider,
        state: None,
    })
}

/// Whether `who` may know of the need `key`: the rule of the State's page.
pub fn may_know_need(
    who: &Account,
    (reference, registry): (&Reference, &Registry),
    key: &NeedKey,
) -> bool {
    let Some(state) = reference.find_state(&key.state) else {
        return false;
    };
    let types = reference.types(key.cycle);
    registry.needs.iter().any(|n| {
        let review = &registry.reviews[n.review as usize];
        review.state == state
            && review.cycle == key.cycle
            && n.article == key.article
            && types
                .get(n.need_type as usize)
                .is_some_and(|t| t.code == key.need_type)
            && accounts::may_read_need(Some(who), &key.state, review, n.sources)
    })
}

/// Accepts a proposed link as `by`, against `records` (the reference and
/// the records as the caller reads them), when `may_accept` says `by` may
/// accept that need's link for that activity and the activity's provider
/// may read the need: the need is then being addressed by the activity.
/// A link `by` may not accept is answered as one not proposed.
pub fn accept(
    store: &mut dyn Store,
    records: (&Reference, &Registry),
    by: Author<'_>,
    link: &str,
    may_accept: impl Fn(&StoredActivity, &NeedKey) -> bool,
) -> Result<std::result::Result<LinkOutcome, Refused>> {
    let link = link.trim();
    let Some((identifier, state, cycle, article, need_type)) = matching::parse_link_id(link) else {
        return Ok(Err(Refused::Malformed));
    };
    let key = NeedKey {
        state,
        cycle,
        article,
        need_type,
    };
    let Some(stored) = store
        .activities(Some(&key.state))?
        .into_iter()
        .find(|s| s.activity.identifier == identifier)
    else {
        return Ok(Err(Refused::NoActivity));
    };
    // A link becomes a record its provider reads: a need the State keeps
    // from providers is never linked to a provider's activity.
    let provider_knows = provider_account(&stored).is_none_or(|p| may_know_need(&p, records, &key));
    if !may_accept(&stored, &key) || !provider_knows {
        return Ok(Err(Refused::NotProposed));
    }
    let (reference, registry) = records;
    let proposed = proposals(std::slice::from_ref(&stored), registry, reference);
    let Some(p) = proposed[0].iter().find(|p| p.link == link) else {
        // Accepted before: the need is addressed now, so no longer proposed.
        let already = store
            .assistance(Some(&key.state))?
            .into_iter()
            .find(|a| a.need == key && a.iati_identifier.as_deref() == Some(identifier.as_str()));
        return Ok(already.map_or(Err(Refused::NotProposed), |a| {
            Ok(LinkOutcome::Already(a.id))
        }));
    };
    let (starts, ends) = activity_days(&stored.activity);
    let assistance = Assistance {
        id: 0,
        at: by.at,
        provider: stored.provider.clone(),
        need: NeedKey {
            state: p.state.clone(),
            cycle: p.cycle,
            article: p.article,
            need_type: p.need_type.clone(),
        },
        title: stored.activity.display_title().to_string(),
        status: assistance_status(&stored.activity).to_string(),
        starts,
        ends,
        need_was_addressed: false,
        iati_identifier: Some(stored.activity.identifier.clone()),
    };
    Ok(Ok(store.accept_link(by, &assistance)?))
}

/// The State named by `--state`, as the reference codes it.
pub fn state_code(reference: &Reference, given: &str) -> Result<String> {
    reference
        .find_state(given)
        .map(|id| reference.state(id).code.clone())
        .ok_or_else(|| Error::Usage(format!("--state: `{given}` is no State of the workspace")))
}

/// Each need's position in `registry`, by its key.
fn need_positions(
    reference: &Reference,
    registry: &Registry,
) -> std::collections::HashMap<NeedKey, u32> {
    use std::collections::HashMap;
    let mut position = HashMap::new();
    let mut codes: HashMap<u8, Vec<String>> = HashMap::new();
    for (i, n) in registry.needs.iter().enumerate() {
        let review = &registry.reviews[n.review as usize];
        let of_cycle = codes.entry(review.cycle).or_insert_with(|| {
            reference
                .types(review.cycle)
                .iter()
                .map(|t| t.code.clone())
                .collect()
        });
        let Some(kind) = of_cycle.get(n.need_type as usize) else {
            continue;
        };
        let key = NeedKey {
            state: reference.state(review.state).code.clone(),
            cycle: review.cycle,
            article: n.article,
            need_type: kind.clone(),
        };
        position.insert(key, i as u32);
    }
    position
}

/// The name an assistance record's provider goes by: its account, or for
/// an accepted link of an activity imported for no account, the
/// activity's reporting organisation (`activities`: identifier → name).
fn assistance_provider(
    a: &Assistance,
    activities: &std::collections::HashMap<String, String>,
) -> String {
    match a.iati_identifier.as_ref().and_then(|i| activities.get(i)) {
        Some(from) if a.provider.is_empty() => from.clone(),
        _ => a.provider.clone(),
    }
}

/// Who addresses each need, for the report's section on needs already
/// being addressed: the providers the documents name, those who recorded
/// assistance, and, for an accepted IATI link, the activity's provider
/// (its account, or its reporting organisation). Needs by their position
/// in `registry`.
pub fn providers_of_needs(
    store: &mut dyn Store,
    reference: &Reference,
    registry: &Registry,
) -> Result<Vec<(u32, String)>> {
    let position = need_positions(reference, registry);
    let activities = activity_providers(&store.activities(None)?);
    let mut out: Vec<(u32, String)> = Vec::new();
    for (key, name) in store.named_providers()? {
        out.extend(position.get(&key).map(|&i| (i, name)));
    }
    for a in store.assistance(None)? {
        let name = assistance_provider(&a, &activities);
        out.extend(position.get(&a.need).map(|&i| (i, name)));
    }
    Ok(out)
}

/// Identifier → who the activity comes from ([`provider_of`]).
pub fn activity_providers(
    activities: &[StoredActivity],
) -> std::collections::HashMap<String, String> {
    activities
        .iter()
        .map(|s| (s.activity.identifier.clone(), provider_of(s)))
        .collect()
}

/// How tana knows that a provider addresses a need: what decides who may
/// be told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Told {
    /// A document's words name it (`addressed_by`): read by the rule of
    /// the document's words (None: no document recorded).
    Document(Option<crate::records::Source>),
    /// An assistance record (by hand or an accepted link), recorded by
    /// this account (empty: an activity imported for no account): read by
    /// the rule of assistance.
    Assistance(String),
}

/// One provider of one need (by its position in the registry), and how
/// tana knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeedProvider {
    pub need: u32,
    pub name: String,
    pub told: Told,
}

/// Who addresses each need, as [`providers_of_needs`] finds them, from
/// records already read: the words of `registry` (read with every text)
/// and the assistance records, each with how tana knows it. Pure.
pub fn told_providers(
    reference: &Reference,
    registry: &Registry,
    assistance: &[Assistance],
    activities: &std::collections::HashMap<String, String>,
) -> Vec<NeedProvider> {
    let position = need_positions(reference, registry);
    let mut out: Vec<NeedProvider> = registry
        .need_texts
        .iter()
        .filter(|t| !t.addressed_by.is_empty())
        .map(|t| NeedProvider {
            need: t.need,
            name: t.addressed_by.clone(),
            told: Told::Document(t.source),
        })
        .collect();
    for a in assistance {
        if let Some(&need) = position.get(&a.need) {
            out.push(NeedProvider {
                need,
                name: assistance_provider(a, activities),
                told: Told::Assistance(a.provider.clone()),
            });
        }
    }
    out
}

/// Whether `who` may be told of `p`, a provider of a need of review
/// `review` of the State `state`: by the rule of words for what a
/// document says, by the rule of assistance for a record.
pub fn may_know_provider(
    who: Option<&Account>,
    state: &str,
    review: &crate::records::Review,
    p: &NeedProvider,
) -> bool {
    match &p.told {
        Told::Document(source) => accounts::may_read_text(
            who,
            state,
            review.published,
            review.shared_with_providers,
            source.map_or(accounts::Origin::Unknown, accounts::Origin::Document),
        ),
        Told::Assistance(account) => accounts::may_read_assistance(who, account, state),
    }
}
