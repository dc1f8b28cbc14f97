//! A subscription's digest as a message: a subject, plain text and the
//! same as HTML (maud, so every word is escaped), with a link to the
//! finder holding the subscription's search.

use maud::html;

use super::{Entry, Written};
use crate::reference::Reference;
use crate::report::words::counted;

/// A digest, ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Digest {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The digest of `entries` for a search (`filter`, the finder's query) on
/// the portal at `portal`; `needs_in_all` is how many needs were new, of
/// which the entries list the first.
pub fn digest(
    r: &Reference,
    portal: &str,
    filter: &str,
    needs_in_all: u64,
    entries: &[Entry],
) -> Digest {
    let written: Vec<Written> = entries.iter().map(|e| e.written(r)).collect();
    let needs = written.iter().filter(|w| w.kind == "need").count();
    let assistance = written.len() - needs;
    let portal = portal.trim_end_matches('/');
    let finder = if filter.is_empty() {
        format!("{portal}/needs")
    } else {
        format!("{portal}/needs?{filter}")
    };
    let mut said = Vec::new();
    if needs_in_all > 0 {
        said.push(counted(needs_in_all as u32, "need", "needs"));
    }
    if assistance > 0 {
        said.push(counted(
            assistance as u32,
            "assistance record",
            "assistance records",
        ));
    }
    let subject = format!("tana: {} new for your search", said.join(" and "));
    let more = (needs_in_all as usize).saturating_sub(needs);
    let mut text = format!("What is new for your search since the last digest:\n{finder}\n");
    for w in &written {
        text.push_str(&format!(
            "\n* {} ({})\n  {portal}{}\n",
            w.title, w.name, w.path
        ));
        for line in w.content.lines().filter(|l| !l.trim().is_empty()) {
            text.push_str(&format!("  {line}\n"));
        }
    }
    if more > 0 {
        text.push_str(&format!(
            "\nAnd {} more: see the finder.\n",
            counted(more as u32, "need", "needs")
        ));
    }
    text.push_str("\nYou receive this because you saved this search in tana; remove it at ");
    text.push_str(&format!("{portal}/subscriptions\n"));
    let html = html! {
        (maud::DOCTYPE)
        html lang="en" {
            head { meta charset="utf-8"; title { (subject) } }
            body {
                p { "What is new for " a href=(finder) { "your search" } " since the last digest:" }
                ul {
                    @for w in &written {
                        li {
                            a href=(format!("{portal}{}", w.path)) { (w.title) } " (" (w.name) ")"
                            @for line in w.content.lines().filter(|l| !l.trim().is_empty()) {
                                p { (line) }
                            }
                        }
                    }
                }
                @if more > 0 {
                    p { "And " (counted(more as u32, "need", "needs")) " more: see " a href=(finder) { "the finder" } "." }
                }
                p { "You receive this because you saved this search in tana; "
                    a href=(format!("{portal}/subscriptions")) { "remove it" } "." }
            }
        }
    }
    .into_string();
    Digest {
        subject,
        text,
        html,
    }
}
