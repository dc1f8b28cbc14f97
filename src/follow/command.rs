//! The command line of the follow-up: `tana iati import`, `tana assistance
//! list`, `tana match` over stored activities and `tana match --accept`.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use super::{Listed, Refused, accept, listing, proposals, state_code};
use crate::cli::{TextOrJson, emit};
use crate::error::{Error, Result};
use crate::matching::command::{Matched, matched, to_text};
use crate::report::words::{counted, number};
use crate::store::{self, ActivitiesSummary, Author, Detail, LinkOutcome, Location};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Csv,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum AssistanceAction {
    /// List assistance: recorded against needs, and IATI activities by recipient State.
    List {
        /// Only the assistance of this State (code or name).
        #[arg(long)]
        state: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
    },
}

fn by_command_line() -> Author<'static> {
    Author {
        who: "command line",
        at: crate::clock::now(),
    }
}

/// `tana iati import`: checks every file first, then keeps the activities
/// in one transaction; a file that breaks a rule leaves the workspace as
/// it was.
pub fn import(
    files: &[PathBuf],
    provider: Option<&str>,
    all_sectors: bool,
    format: TextOrJson,
    location: &Location,
) -> Result<i32> {
    let mut store = store::open(location)?;
    let reference = store.reference()?;
    if let Some(name) = provider {
        match store.account(name)? {
            Some(a) if a.account.role == crate::accounts::Role::Provider => {}
            Some(_) => {
                return Err(Error::Usage(format!(
                    "--provider: `{name}` is no provider's account"
                )));
            }
            None => return Err(Error::Usage(format!("--provider: no account `{name}`"))),
        }
    }
    let checked = crate::iati::command::read_files(files, &reference, all_sectors)?;
    for w in &checked.warnings {
        eprintln!("warning: {w}");
    }
    let what = files
        .iter()
        .map(|f| f.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let summary =
        store.import_activities(by_command_line(), provider, &checked.activities, &what)?;
    let kept_out = checked.kept_out.len();
    let text = match format {
        TextOrJson::Json => {
            serde_json::json!({ "activities_read": checked.read, "summary": summary,
                "kept_out_no_governance_sector": checked.kept_out })
            .to_string()
                + "\n"
        }
        TextOrJson::Text => summary_text(checked.read, &summary, kept_out, all_sectors),
    };
    emit(None, &text)?;
    Ok(0)
}

/// A count in the summary's words: "none", one to nine, then figures.
fn count(n: u64) -> String {
    if n == 0 {
        "none".into()
    } else {
        number(u32::try_from(n).unwrap_or(u32::MAX))
    }
}

/// The summary in words: what was read, added, updated, left alone and
/// left out.
pub fn summary_text(
    read: usize,
    s: &ActivitiesSummary,
    kept_out: usize,
    all_sectors: bool,
) -> String {
    let read = counted(
        u32::try_from(read).unwrap_or(u32::MAX),
        "activity",
        "activities",
    );
    let mut text = format!(
        "{read} read: {} added, {} updated, {} unchanged",
        count(s.added),
        count(s.updated),
        count(s.unchanged)
    );
    if s.older > 0 {
        let _ = write!(
            text,
            ", {} older than the version kept (left as it was)",
            count(s.older)
        );
    }
    if all_sectors {
        text.push_str("; every sector kept (--all-sectors).\n");
    } else {
        let _ = writeln!(
            text,
            "; {} with no governance sector left out (--all-sectors keeps them).",
            count(kept_out as u64)
        );
    }
    text
}

pub fn run_assistance(action: AssistanceAction, location: &Location) -> Result<i32> {
    let AssistanceAction::List { state, format } = action;
    let mut store = store::open(location)?;
    let reference = store.reference()?;
    let state = state.map(|s| state_code(&reference, &s)).transpose()?;
    // The command line is the workspace's owner: it reads everything.
    let rows = listing(store.as_mut(), state.as_deref(), |_, _| true)?;
    let text = match format {
        ListFormat::Json => {
            serde_json::to_string_pretty(&rows).map_err(|e| Error::Other(e.to_string()))? + "\n"
        }
        ListFormat::Csv => to_csv(&rows)?,
        ListFormat::Text => to_lines(&rows),
    };
    emit(None, &text)?;
    Ok(0)
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

const CSV_HEADER: [&str; 13] = [
    "kind",
    "id",
    "iati_identifier",
    "state",
    "cycle",
    "article",
    "type",
    "share",
    "title",
    "status",
    "starts",
    "ends",
    "provider",
];

fn to_csv(rows: &[Listed]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let failed = |e: csv::Error| Error::Other(format!("CSV: {e}"));
    w.write_record(CSV_HEADER).map_err(failed)?;
    for r in rows {
        let cells = [
            r.kind.to_string(),
            opt(r.id),
            opt(r.iati_identifier.as_ref()),
            r.state.clone(),
            opt(r.cycle),
            opt(r.article),
            opt(r.need_type.as_ref()),
            opt(r.share),
            r.title.clone(),
            r.status.clone(),
            opt(r.starts.as_ref()),
            opt(r.ends.as_ref()),
            r.provider.clone(),
        ];
        // A title such as `=HYPERLINK(…)` must reach a spreadsheet as text.
        w.write_record(
            cells
                .iter()
                .map(|c| crate::export::neutralise(c).into_owned()),
        )
        .map_err(failed)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Other(format!("CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Other(e.to_string()))
}

fn to_lines(rows: &[Listed]) -> String {
    if rows.is_empty() {
        return "no assistance is recorded\n".into();
    }
    let mut out = String::new();
    for r in rows {
        let what = match (r.article, &r.need_type, r.share) {
            (Some(a), Some(t), _) => format!(
                "cycle {}, article {a}, {}",
                opt(r.cycle),
                t.replace('_', " ")
            ),
            (_, _, Some(share)) => format!("{share}% of the activity"),
            _ => "the activity".into(),
        };
        let _ = writeln!(
            out,
            "{}\t{}\t{what}\t{}\t{}\t{} to {}\t{}{}",
            r.kind,
            r.state,
            r.title,
            r.status,
            r.starts.as_deref().unwrap_or("?"),
            r.ends.as_deref().unwrap_or("?"),
            r.provider,
            r.iati_identifier
                .as_deref()
                .map(|i| format!("\tIATI {i}"))
                .unwrap_or_default(),
        );
    }
    out
}

/// `tana match` without `--iati`: the stored activities against the open
/// needs, each proposal named by the link `--accept` takes.
pub fn match_stored(state: Option<&str>, format: TextOrJson, location: &Location) -> Result<i32> {
    let mut store = store::open(location)?;
    let reference = store.reference()?;
    let state = state.map(|s| state_code(&reference, s)).transpose()?;
    let activities = store.activities(state.as_deref())?;
    let registry = store.registry(&reference, Detail::Everything)?;
    let all = proposals(&activities, &registry, &reference);
    let found: Vec<Matched> = activities
        .iter()
        .zip(all)
        .map(|(s, mut p)| {
            p.retain(|p| state.as_ref().is_none_or(|s| &p.state == s));
            matched(&s.activity, p)
        })
        .collect();
    let text = match format {
        TextOrJson::Json => {
            let value = serde_json::json!({
                "summary": {
                    "activities_matched": found.len(),
                    "proposals": found.iter().map(|m| m.proposals.len()).sum::<usize>(),
                },
                "activities": found,
            });
            serde_json::to_string_pretty(&value).map_err(|e| Error::Other(e.to_string()))? + "\n"
        }
        TextOrJson::Text => to_text(&found, None),
    };
    emit(None, &text)?;
    Ok(0)
}

/// `tana match --accept LINK`.
pub fn accept_link(link: &str, location: &Location) -> Result<i32> {
    let mut store = store::open(location)?;
    let reference = store.reference()?;
    let registry = store.registry(&reference, Detail::Everything)?;
    let records = (&reference, &registry);
    match accept(store.as_mut(), records, by_command_line(), link, |_, _| {
        true
    })? {
        Ok(LinkOutcome::Recorded(id)) => {
            eprintln!("accepted {link}: assistance record {id}; the need is being addressed");
            Ok(0)
        }
        Ok(LinkOutcome::Already(id)) => {
            eprintln!("{link} was accepted before (assistance record {id}); nothing changed");
            Ok(0)
        }
        Ok(LinkOutcome::NotFound) => Err(Error::Usage(Refused::NotProposed.reason(link))),
        Err(refused) => Err(Error::Usage(refused.reason(link))),
    }
}
