//! `tana match --iati FILE...`: the links proposed between the activities of
//! IATI files and the open needs of the workspace, read-only. Without
//! `--iati`, the activities stored in the workspace (`crate::follow`), and
//! `--accept LINK` keeps one.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use super::{NeedIndex, Proposal, Vocabulary, propose};
use crate::cli::{TextOrJson, emit};
use crate::error::{Error, Result};
use crate::iati::{Activity, command::read_files};
use crate::store::{self, Detail, Location};

#[derive(clap::Args, Debug)]
pub struct MatchArgs {
    /// IATI activity files (2.0x XML) whose activities to match (default:
    /// the activities `tana iati import` stored).
    #[arg(long = "iati", value_name = "FILE", num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Accept this proposed link (IDENTIFIER:STATE:CYCLE:ARTICLE:TYPE, as
    /// printed): its need is then being addressed by the activity.
    #[arg(long, value_name = "LINK", conflicts_with_all = ["files", "state", "all_sectors"])]
    pub accept: Option<String>,
    /// Only the needs of this State (code or name).
    #[arg(long)]
    pub state: Option<String>,
    /// Match activities of every sector, not only the governance ones.
    #[arg(long)]
    pub all_sectors: bool,
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

/// One activity and what it is proposed to address.
#[derive(Debug, Serialize)]
pub struct Matched {
    pub identifier: String,
    pub title: String,
    pub status: Option<&'static str>,
    pub recipient_states: Vec<String>,
    pub proposals: Vec<Proposal>,
}

pub fn run(args: &MatchArgs, location: &Location) -> Result<i32> {
    if let Some(link) = &args.accept {
        return crate::follow::command::accept_link(link, location);
    }
    if args.files.is_empty() {
        return crate::follow::command::match_stored(args.state.as_deref(), args.format, location);
    }
    let mut store = store::open(location)?;
    let reference = store.reference()?;
    let state = match &args.state {
        None => None,
        Some(s) => Some(
            reference
                .find_state(s)
                .map(|id| reference.state(id).code.clone())
                .ok_or_else(|| {
                    Error::Usage(format!("--state: `{s}` is no State of the workspace"))
                })?,
        ),
    };
    let registry = store.registry(&reference, Detail::Everything)?;
    let checked = read_files(&args.files, &reference, args.all_sectors)?;
    for w in &checked.warnings {
        eprintln!("warning: {w}");
    }
    let needs = NeedIndex::new(&registry);
    let vocabulary = Vocabulary::embedded(&reference);
    let matched: Vec<Matched> = checked
        .activities
        .iter()
        .map(|a| {
            let mut proposals = propose(a, &needs, &reference, &vocabulary);
            proposals.retain(|p| state.as_ref().is_none_or(|s| &p.state == s));
            matched(a, proposals)
        })
        .collect();
    let text = match args.format {
        TextOrJson::Json => {
            let value = serde_json::json!({
                "summary": {
                    "activities_read": checked.read,
                    "activities_matched": matched.len(),
                    "kept_out_no_governance_sector": checked.kept_out.len(),
                    "proposals": matched.iter().map(|m| m.proposals.len()).sum::<usize>(),
                },
                "activities": matched,
            });
            serde_json::to_string_pretty(&value).map_err(|e| Error::Other(e.to_string()))? + "\n"
        }
        TextOrJson::Text => to_text(&matched, Some(checked.kept_out.len())),
    };
    emit(None, &text)?;
    Ok(0)
}

pub fn matched(a: &Activity, proposals: Vec<Proposal>) -> Matched {
    Matched {
        identifier: a.identifier.clone(),
        title: a.display_title().to_string(),
        status: a.status.map(|s| s.label()),
        recipient_states: a
            .recipients
            .iter()
            .filter_map(|r| r.state.clone())
            .collect(),
        proposals,
    }
}

/// The proposals as lines; `kept_out`, when the activities came from
/// files, is how many had no governance sector.
pub fn to_text(matched: &[Matched], kept_out: Option<usize>) -> String {
    let mut out = String::new();
    let total: usize = matched.iter().map(|m| m.proposals.len()).sum();
    let _ = writeln!(
        out,
        "{total} link(s) proposed for {} activities{}",
        matched.len(),
        kept_out.map_or_else(String::new, |k| format!(
            " ({k} with no governance sector left out)"
        ))
    );
    for m in matched {
        let _ = writeln!(
            out,
            "\n{} — {} ({})",
            m.identifier,
            m.title,
            m.recipient_states.join(", ")
        );
        if m.proposals.is_empty() {
            let _ = writeln!(out, "  addresses no open need of its recipient States");
        }
        for p in &m.proposals {
            let _ = writeln!(
                out,
                "  {:.2}  {} cycle {}, article {} ({}), {}\n        because {}\n        link {}",
                p.score,
                p.state,
                p.cycle,
                p.article,
                p.article_title,
                p.need_type_label,
                p.words.join(", "),
                p.link
            );
        }
    }
    out
}
