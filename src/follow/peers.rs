//! Peers: for each open need of a State in a cycle, the other States it
//! may learn from (the South–South learning the note calls the most
//! requested help): those that recorded a good practice on the same
//! article, and those that had the same need (same article and type)
//! and have it addressed now.
//!
//! tana holds one review per State and cycle, and a cycle reviews its own
//! chapters, so no State can have had a need of the same article in an
//! earlier review: the States "that had the need and no longer have it"
//! are, in the records tana keeps, those whose same need is being
//! addressed (docs/FOLLOW-UP.md, "Peers").
//!
//! Pure: the caller says which needs the reader may know and which
//! reviews' findings it may read (`accounts`); a good practice the reader
//! may not read is not shown at all, as the pages of articles and groups
//! do not show it, so that nothing of an unpublished report is told.

use serde::Serialize;

use crate::records::Registry;
use crate::reference::{Reference, StateId};

/// A good practice of a peer on the article of the need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Practice {
    pub text: String,
}

/// A State the need's State may learn from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Peer {
    pub state: String,
    pub name: String,
    /// In the need's State's regional group.
    pub same_group: bool,
    /// Its good practices on the need's article.
    pub practices: Vec<Practice>,
    /// It had the same need (article and type), and that need is being
    /// addressed now.
    pub same_need_addressed: bool,
}

/// One open need and its peers, best first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NeedPeers {
    pub cycle: u8,
    pub article: u8,
    pub article_title: String,
    #[serde(rename = "type")]
    pub need_type: String,
    pub type_label: String,
    pub peers: Vec<Peer>,
}

/// The position of the State `s` among the peers found, added if new.
fn peer_at(found: &mut Vec<Peer>, reference: &Reference, group: Option<&str>, s: StateId) -> usize {
    let st = reference.state(s);
    if let Some(i) = found.iter().position(|p| p.state == st.code) {
        return i;
    }
    found.push(Peer {
        state: st.code.clone(),
        name: st.name.clone(),
        same_group: group.is_some() && st.region.as_deref() == group,
        practices: Vec::new(),
        same_need_addressed: false,
    });
    found.len() - 1
}

/// The peers of every open need of `state` in `cycle` that `knows` lets
/// through (needs by position in `registry`): needs tied to an article,
/// not being addressed. `reads_findings` says, for a review (by
/// position), whether the reader may read its good practices. Needs in
/// article order; peers of the same regional group first (the reason is in
/// docs/FOLLOW-UP.md), then those with most to show, then by name.
pub fn peers(
    registry: &Registry,
    reference: &Reference,
    (state, cycle): (StateId, u8),
    knows: impl Fn(u32) -> bool,
    reads_findings: impl Fn(usize) -> bool,
) -> Vec<NeedPeers> {
    let types = reference.types(cycle);
    let group = reference.state(state).region.as_deref();
    let mut open: Vec<(u8, u8)> = registry
        .needs
        .iter()
        .enumerate()
        .filter(|(i, n)| {
            let review = &registry.reviews[n.review as usize];
            review.state == state
                && review.cycle == cycle
                && n.article != 0
                && !n.addressed
                && knows(*i as u32)
        })
        .map(|(_, n)| (n.article, n.need_type))
        .collect();
    open.sort_unstable();
    open.into_iter()
        .filter_map(|(article, need_type)| {
            let kind = types.get(need_type as usize)?;
            let mut found: Vec<Peer> = Vec::new();
            for g in &registry.good_practices {
                let review = &registry.reviews[g.review as usize];
                if review.state != state
                    && g.article == article
                    && reads_findings(g.review as usize)
                {
                    let at = peer_at(&mut found, reference, group, review.state);
                    found[at].practices.push(Practice {
                        text: g.text.clone(),
                    });
                }
            }
            for (i, n) in registry.needs.iter().enumerate() {
                let review = &registry.reviews[n.review as usize];
                let same = types
                    .get(n.need_type as usize)
                    .is_some_and(|t| t.code == kind.code);
                if review.state != state
                    && review.cycle == cycle
                    && n.article == article
                    && same
                    && n.addressed
                    && knows(i as u32)
                {
                    let at = peer_at(&mut found, reference, group, review.state);
                    found[at].same_need_addressed = true;
                }
            }
            found.sort_by(|a, b| {
                let weight = |p: &Peer| p.practices.len() + usize::from(p.same_need_addressed);
                b.same_group
                    .cmp(&a.same_group)
                    .then(weight(b).cmp(&weight(a)))
                    .then(a.name.cmp(&b.name))
            });
            Some(NeedPeers {
                cycle,
                article,
                article_title: reference
                    .article(article)
                    .map_or_else(String::new, |a| a.title.clone()),
                need_type: kind.code.clone(),
                type_label: kind.label.clone(),
                peers: found,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{GoodPractice, Need, Review, Sources};

    #[test]
    fn peers_of_the_same_group_come_first_and_unread_practices_are_not_told() {
        let reference = Reference::uncac();
        let id = |c: &str| reference.find_state(c).unwrap();
        let review = |s| Review {
            state: s,
            cycle: 1,
            completed: None,
            documents: Sources(7),
            published: Sources(7),
            shared_with_providers: false,
        };
        let need = |review, article, addressed| Need {
            review,
            article,
            need_type: 0,
            sources: Sources(4),
            addressed,
        };
        let practice = |review, text: &str| GoodPractice {
            review,
            article: 16,
            text: text.into(),
        };
        let registry = Registry {
            reviews: vec![
                review(id("KEN")),
                review(id("BRA")),
                review(id("UGA")),
                review(id("VNM")),
            ],
            needs: vec![need(0, 16, false), need(0, 17, true), need(3, 16, true)],
            good_practices: vec![
                practice(1, "Brazil's practice"),
                practice(2, "Uganda's practice"),
                practice(3, "Viet Nam's unread practice"),
            ],
            ..Registry::default()
        };
        let found = peers(&registry, &reference, (id("KEN"), 1), |_| true, |r| r != 3);
        assert_eq!(found.len(), 1, "the addressed need has no peers listed");
        let names: Vec<&str> = found[0].peers.iter().map(|p| p.state.as_str()).collect();
        // Uganda is in Kenya's group; Viet Nam's same need is addressed.
        assert_eq!(names, ["UGA", "BRA", "VNM"]);
        let vnm = &found[0].peers[2];
        assert!(vnm.same_need_addressed && vnm.practices.is_empty());
        // A reader who may not know Viet Nam's need is not told of it.
        let found = peers(
            &registry,
            &reference,
            (id("KEN"), 1),
            |i| i != 2,
            |r| r != 3,
        );
        assert!(found[0].peers.iter().all(|p| p.state != "VNM"));
    }
}
