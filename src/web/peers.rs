//! "Peers who can help" on a State's page: for each open need the reader
//! may know of, the States with a good practice on its article that the
//! reader may read, and those whose same need the reader knows to be
//! addressed (`follow::peers`), each linking to its page.

use super::Snapshot;
use super::view::{Markup, html};
use crate::accounts::{self, Account};
use crate::follow::peers::{NeedPeers, peers};
use crate::reference::StateId;

/// The open needs of `state` the reader may know of, per cycle reviewed,
/// with their peers.
pub(crate) fn of_state(s: &Snapshot, who: Option<&Account>, state: StateId) -> Vec<NeedPeers> {
    let mut cycles: Vec<u8> = s
        .registry
        .reviews
        .iter()
        .filter(|r| r.state == state)
        .map(|r| r.cycle)
        .collect();
    cycles.sort_unstable();
    cycles.dedup();
    let knows = |need: u32| {
        let n = &s.registry.needs[need as usize];
        let review = &s.registry.reviews[n.review as usize];
        accounts::may_read_need(
            who,
            &s.reference.state(review.state).code,
            review,
            n.sources,
        )
    };
    cycles
        .into_iter()
        .flat_map(|cycle| {
            peers(&s.registry, &s.reference, (state, cycle), knows, |ri| {
                super::public::may_read_findings(s, who, ri)
            })
        })
        .collect()
}

/// The section of the State's page.
pub(crate) fn section(s: &Snapshot, who: Option<&Account>, state: StateId) -> Markup {
    let found = of_state(s, who, state);
    html! {
        h2 { "Peers who can help" }
        @if found.is_empty() {
            p { "No open need of this State party tied to an article is open to you." }
        } @else {
            p { "For each open need you may read, the States parties that recorded a good practice on the same article, and those that had the same need and have it addressed now; those of the same regional group first." }
            @for n in found.iter().filter(|n| !n.peers.is_empty()) {
                div.article-needs {
                    h3 { "Article " (n.article) ": " (n.article_title) " — " (n.type_label) " (cycle " (n.cycle) ")" }
                    ul.peers {
                        @for p in &n.peers {
                            li {
                                a href=(format!("/states/{}", p.state)) { (p.name) }
                                @if p.same_group { span.tags { " same regional group" } }
                                @if p.same_need_addressed { " — had the same need, being addressed now" }
                                @for g in &p.practices { p.words { "Good practice: “" (g.text) "”" } }
                            }
                        }
                    }
                }
            }
            @let alone: Vec<&NeedPeers> = found.iter().filter(|n| n.peers.is_empty()).collect();
            @if !alone.is_empty() {
                p { "No State party you may read of has a good practice on the article, or the same need addressed, for:" }
                ul.no-peers {
                    @for n in alone {
                        li { "Article " (n.article) ": " (n.article_title) " — " (n.type_label) " (cycle " (n.cycle) ")" }
                    }
                }
            }
        }
    }
}
