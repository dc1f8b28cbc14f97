//! `tana plan draft|show|import`: a State's action plan from the command
//! line (the command line acts as the secretariat).

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use super::draft::{Drafted, NoDraft, draft};
use super::{document, import};
use crate::cli::{TextOrJson, emit};
use crate::error::{Error, Result};
use crate::store::{self, Author, Detail, Location, Store};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    Html,
    Pdf,
    Docx,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum PlanAction {
    /// Propose a plan from a State's open needs of a cycle (docs/FOLLOW-UP.md), keep it and print it.
    Draft {
        /// The State party (code or name).
        state: String,
        #[arg(long)]
        cycle: u8,
        /// Replace the plan the State has for the cycle.
        #[arg(long)]
        replace: bool,
        /// Print the draft and keep nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
    /// Write a State's plan as a document: HTML, PDF, Word (DOCX) or JSON.
    Show {
        state: String,
        #[arg(long)]
        cycle: u8,
        #[arg(long, value_enum, default_value = "html")]
        format: PlanFormat,
        /// Write to this file (required for pdf and docx).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Take plans back from a CSV or XLSX file, one row per item (docs/FOLLOW-UP.md).
    Import {
        file: PathBuf,
        /// Replace the plans the file's States have for its cycles.
        #[arg(long)]
        replace: bool,
    },
}

/// Today, what overdue items are counted against.
fn today() -> Result<crate::date::Date> {
    crate::clock::today().ok_or_else(|| Error::Other("the system clock gives no day".into()))
}

fn by_command_line() -> Author<'static> {
    Author {
        who: "command line",
        at: crate::clock::now(),
    }
}

fn state_code(reference: &crate::reference::Reference, text: &str) -> Result<(u32, String)> {
    let id = reference
        .find_state(text)
        .ok_or_else(|| Error::Usage(format!("`{text}` is no State party")))?;
    Ok((id, reference.state(id).code.clone()))
}

pub fn run(action: PlanAction, location: &Location) -> Result<i32> {
    let mut store = store::open(location)?;
    match action {
        PlanAction::Draft {
            state,
            cycle,
            replace,
            dry_run,
            format,
        } => run_draft(&mut *store, &state, cycle, replace, dry_run, format),
        PlanAction::Show {
            state,
            cycle,
            format,
            out,
        } => {
            let reference = store.reference()?;
            let (_, code) = state_code(&reference, &state)?;
            let plan = store.plan(&code, cycle)?.ok_or_else(|| {
                Error::Usage(format!("{code} has no action plan for cycle {cycle}: draft one with `tana plan draft {code} --cycle {cycle}`"))
            })?;
            let d = document::document(&plan, &reference, today()?);
            write_document(&d, format, out.as_deref())?;
            Ok(0)
        }
        PlanAction::Import { file, replace } => run_import(&mut *store, &file, replace),
    }
}

fn run_draft(
    store: &mut dyn Store,
    state: &str,
    cycle: u8,
    replace: bool,
    dry_run: bool,
    format: TextOrJson,
) -> Result<i32> {
    let reference = store.reference()?;
    let (id, code) = state_code(&reference, state)?;
    let registry = store.registry(&reference, Detail::Counts)?;
    let groups = crate::report::default_groups();
    let drafted =
        draft(&reference, &registry, &groups, id, cycle, today()?).map_err(|e| match e {
            NoDraft::NoReview => Error::Usage(format!("{code} has no review in cycle {cycle}")),
            NoDraft::NoOpenNeed => Error::Usage(format!(
                "{code} has no open need in cycle {cycle}: every need is being addressed"
            )),
        })?;
    if !dry_run && !replace && store.plan(&code, cycle)?.is_some() {
        return Err(Error::Usage(format!(
            "{code} has an action plan for cycle {cycle} already: give --replace to draft it anew"
        )));
    }
    if !dry_run
        && !store.save_plans(
            by_command_line(),
            std::slice::from_ref(&drafted.plan),
            replace,
        )?
    {
        return Err(Error::Usage(format!(
            "{code} has an action plan for cycle {cycle} already: give --replace to draft it anew"
        )));
    }
    let text = match format {
        TextOrJson::Json => {
            serde_json::to_string_pretty(&drafted).map_err(|e| Error::Other(e.to_string()))? + "\n"
        }
        TextOrJson::Text => draft_text(&drafted, &reference, dry_run),
    };
    emit(None, &text)?;
    Ok(0)
}

/// The draft in words: each item, its needs and what ranked it.
fn draft_text(d: &Drafted, reference: &crate::reference::Reference, dry_run: bool) -> String {
    let plan = &d.plan;
    let mut out = format!(
        "Action plan of {} for cycle {}{}:\n",
        plan.state,
        plan.cycle,
        if dry_run { " (a draft, not kept)" } else { "" }
    );
    for (item, r) in plan.items.iter().zip(&d.ranked) {
        let _ = writeln!(
            out,
            "{:>3}. {} — {}, {}, {}",
            item.priority,
            item.title,
            crate::report::words::counted(
                u32::try_from(r.needs).unwrap_or(u32::MAX),
                "open need",
                "open needs"
            ),
            crate::report::words::counted(
                u32::try_from(r.types).unwrap_or(u32::MAX),
                "type",
                "types"
            ),
            crate::report::words::counted(
                u32::try_from(r.challenges).unwrap_or(u32::MAX),
                "challenge",
                "challenges"
            ),
        );
        for n in &item.needs {
            let _ = writeln!(
                out,
                "       article {}, {}",
                n.article,
                document::type_label(reference, plan.cycle, &n.need_type)
            );
        }
    }
    out
}

/// Writes a plan's document in `format`, to `out` or standard output.
pub fn write_document(
    d: &document::Document,
    format: PlanFormat,
    out: Option<&std::path::Path>,
) -> Result<()> {
    let need_out = |what: &str| {
        out.ok_or_else(|| Error::Usage(format!("--format {what} writes a file: give --out FILE")))
    };
    match format {
        PlanFormat::Html => emit(out, &document::to_html(d)),
        PlanFormat::Json => emit(out, &document::to_json(d)?),
        PlanFormat::Docx => {
            let path = need_out("docx")?;
            std::fs::write(path, document::to_docx(d)?).map_err(|e| Error::io(path, e))
        }
        PlanFormat::Pdf => crate::render::pdf::print(&document::to_html(d), need_out("pdf")?),
    }
}

fn run_import(store: &mut dyn Store, file: &std::path::Path, replace: bool) -> Result<i32> {
    let reference = store.reference()?;
    let registry = store.registry(&reference, Detail::Counts)?;
    let rows = crate::import::read::plain_table(file)?;
    let by = by_command_line();
    let who = import::By {
        who: by.who,
        at: by.at,
        today: today()?,
    };
    let plans = import::plans(
        &file.display().to_string(),
        &rows,
        &reference,
        &registry,
        &who,
    )
    .map_err(Error::Rows)?;
    if !replace {
        for p in &plans {
            if store.plan(&p.state, p.cycle)?.is_some() {
                return Err(Error::Usage(format!(
                    "{} has an action plan for cycle {} already: give --replace to replace it; nothing was written",
                    p.state, p.cycle
                )));
            }
        }
    }
    if !store.save_plans(by, &plans, replace)? {
        return Err(Error::Usage(
            "a plan of the file was kept meanwhile by someone else: give --replace; nothing was written".into(),
        ));
    }
    let mut out = String::new();
    for p in &plans {
        let _ = writeln!(
            out,
            "{} cycle {}: {} kept",
            p.state,
            p.cycle,
            crate::report::words::counted(
                u32::try_from(p.items.len()).unwrap_or(u32::MAX),
                "item",
                "items"
            )
        );
    }
    emit(None, &out)?;
    Ok(0)
}
