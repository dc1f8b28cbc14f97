//! `tana iati check`: what a set of IATI files would bring, written nowhere;
//! `tana iati import` hands the same activities to the store (`crate::follow`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{Activity, Checked, Codes};
use crate::cli::{TextOrJson, emit};
use crate::error::{Error, Result};
use crate::reference::Reference;
use crate::store::{self, Location};

#[derive(Subcommand, Debug)]
pub enum IatiAction {
    /// Check IATI activity files (2.0x XML) and print what they hold; writes nothing.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Keep activities of every sector, not only the governance ones.
        #[arg(long)]
        all_sectors: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
    /// Keep the activities of IATI files as assistance of their recipient
    /// States, by IATI identifier (again, or a newer version: updated).
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The provider's account the activities belong to (who reads and
        /// accepts their links, with the secretariat and the States' focal points).
        #[arg(long, value_name = "ACCOUNT")]
        provider: Option<String>,
        /// Keep activities of every sector, not only the governance ones.
        #[arg(long)]
        all_sectors: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
}

/// The States an activity maps to come from the workspace's reference when
/// there is a workspace, else from the reference the binary carries.
pub fn reference_for(location: &Location) -> Result<Reference> {
    if location.exists()? {
        store::open(location)?.reference()
    } else {
        Ok(Reference::uncac())
    }
}

/// Reads and checks the files, or fails with every broken rule.
pub fn read_files(files: &[PathBuf], reference: &Reference, all_sectors: bool) -> Result<Checked> {
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    super::check_files(&paths, reference, &Codes::embedded(), all_sectors)
}

pub fn run(action: IatiAction, location: &Location) -> Result<i32> {
    match action {
        IatiAction::Import {
            files,
            provider,
            all_sectors,
            format,
        } => crate::follow::command::import(
            &files,
            provider.as_deref(),
            all_sectors,
            format,
            location,
        ),
        IatiAction::Check {
            files,
            all_sectors,
            format,
        } => {
            let reference = reference_for(location)?;
            let checked = read_files(&files, &reference, all_sectors)?;
            for w in &checked.warnings {
                eprintln!("warning: {w}");
            }
            let text = match format {
                TextOrJson::Text => to_text(&checked, all_sectors),
                TextOrJson::Json => {
                    serde_json::to_string_pretty(&to_json(&checked))
                        .map_err(|e| Error::Other(e.to_string()))?
                        + "\n"
                }
            };
            emit(None, &text)?;
            Ok(0)
        }
    }
}

/// The recipient States of the activities kept, each once, in order of first mention.
pub fn recipient_states(activities: &[Activity]) -> Vec<String> {
    let mut states: Vec<String> = Vec::new();
    for s in activities
        .iter()
        .flat_map(|a| &a.recipients)
        .filter_map(|r| r.state.as_ref())
    {
        if !states.contains(s) {
            states.push(s.clone());
        }
    }
    states
}

fn to_json(checked: &Checked) -> serde_json::Value {
    serde_json::json!({
        "summary": {
            "activities_read": checked.read,
            "activities_kept": checked.activities.len(),
            "no_governance_sector": checked.not_governance,
            "kept_out": checked.kept_out.len(),
            "recipient_states": recipient_states(&checked.activities),
        },
        "activities": checked.activities,
        "kept_out": checked.kept_out,
        "warnings": checked.warnings,
    })
}

fn percent(p: Option<f64>) -> String {
    p.map(|p| format!(" {p}%")).unwrap_or_default()
}

fn to_text(checked: &Checked, all_sectors: bool) -> String {
    let mut out = String::new();
    let states = recipient_states(&checked.activities);
    let _ = writeln!(
        out,
        "{} activities read: {} kept, {} with no governance sector {}; {} recipient States ({})",
        checked.read,
        checked.activities.len(),
        checked.not_governance,
        if all_sectors {
            "kept all the same (--all-sectors)"
        } else {
            "left out (--all-sectors keeps them)"
        },
        states.len(),
        states.join(", ")
    );
    for a in &checked.activities {
        out.push('\n');
        activity_text(&mut out, a);
    }
    if !checked.kept_out.is_empty() {
        let _ = writeln!(out, "\nleft out: {}", checked.kept_out.join(", "));
    }
    out
}

fn activity_text(out: &mut String, a: &Activity) {
    let status = a.status.map_or("status not given", |s| s.label());
    let relevant = if a.relevant {
        "governance"
    } else {
        "no governance sector"
    };
    let _ = writeln!(out, "{} ({status}, {relevant})", a.identifier);
    let _ = writeln!(
        out,
        "  {} [{}]",
        a.display_title(),
        a.languages().join(", ")
    );
    let _ = writeln!(out, "  reported by {}", a.reporting_org.display_name());
    for o in &a.participating_orgs {
        let role = o.role.map_or("", |r| r.label());
        let _ = writeln!(out, "  {role}: {}", o.display_name());
    }
    let d = &a.dates;
    let start = d.actual_start.or(d.planned_start);
    let end = d.actual_end.or(d.planned_end);
    let _ = writeln!(
        out,
        "  from {} to {}",
        start.map_or("?".into(), |d| d.to_string()),
        end.map_or("?".into(), |d| d.to_string())
    );
    let recipients: Vec<String> = a
        .recipients
        .iter()
        .map(|r| {
            let who = r.state.as_deref().map_or_else(
                || format!("{} (no State party)", r.country),
                |s| format!("{} ({s})", r.name),
            );
            format!("{who}{}", percent(r.percentage))
        })
        .collect();
    let _ = writeln!(out, "  recipients: {}", recipients.join(", "));
    let sectors: Vec<String> = a
        .sectors
        .iter()
        .map(|s| {
            let name = s
                .name
                .as_deref()
                .map(|n| format!(" {n}"))
                .unwrap_or_default();
            let mark = if s.relevant { " *" } else { "" };
            format!("{}{name}{}{mark}", s.code, percent(s.percentage))
        })
        .collect();
    let _ = writeln!(out, "  sectors: {}", sectors.join(", "));
    for b in &a.budgets {
        let _ = writeln!(
            out,
            "  budget {} {} from {} to {}{}",
            b.currency,
            b.value,
            b.start,
            b.end,
            b.kind
                .as_deref()
                .map(|k| format!(" ({k})"))
                .unwrap_or_default()
        );
    }
}
