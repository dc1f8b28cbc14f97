//! The command line: one binary, one subcommand per job.
//!
//! Each command parses its flags, opens the workspace, calls the library and
//! prints. Commands other tools call keep their names and flags.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::analysis::{self, Sample};
use crate::clock::{now, today};
use crate::error::{Error, Result};
use crate::import::{self, Kind};
use crate::reference::Reference;
use crate::render;
use crate::report;
use crate::store::{self, Detail, Location};
use crate::tables;

#[derive(Parser, Debug)]
#[command(name = "tana", version, about = "Technical assistance needs analysis")]
pub struct Cli {
    /// The workspace: a SQLite file.
    #[arg(long, global = true, env = "TANA_DB", default_value = "tana.db")]
    pub db: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

/// The roles as the command line names them (`--role focal-point`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Secretariat,
    FocalPoint,
    Provider,
}

impl From<RoleArg> for crate::accounts::Role {
    fn from(r: RoleArg) -> crate::accounts::Role {
        use crate::accounts::Role;
        match r {
            RoleArg::Secretariat => Role::Secretariat,
            RoleArg::FocalPoint => Role::FocalPoint,
            RoleArg::Provider => Role::Provider,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Reviews,
    Needs,
    Challenges,
    GoodPractices,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AnalysisFormat {
    Text,
    Json,
    Tables,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Html,
    Xlsx,
    Pdf,
    Json,
    Tables,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

#[derive(clap::Args, Debug, Clone)]
pub struct SampleArgs {
    /// The review cycle.
    #[arg(long, default_value_t = 1)]
    pub cycle: u8,
    /// Chapters, comma-separated (default: every chapter of the cycle).
    #[arg(long)]
    pub chapters: Option<String>,
    /// Regional groups, comma-separated (default: all).
    #[arg(long)]
    pub regions: Option<String>,
    /// Only reviews finished on or before this date (YYYY-MM-DD).
    #[arg(long)]
    pub as_of: Option<String>,
    /// Only needs of these types, comma-separated (default: all).
    #[arg(long)]
    pub types: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a workspace with the reference data loaded.
    Init {
        /// A folder of reference files for another instrument (see docs/IMPORT.md).
        #[arg(long)]
        reference: Option<PathBuf>,
    },
    /// Import reviews, needs, challenges and good practices (CSV, XLSX, JSON).
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// What the files hold, when neither their names nor columns say it.
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Import the good rows and write the bad ones to this CSV file.
        #[arg(long, value_name = "FILE")]
        skip_bad_rows: Option<PathBuf>,
        /// Write every bad row to this CSV file and import nothing.
        #[arg(long, value_name = "FILE", conflicts_with = "skip_bad_rows")]
        bad_rows: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
    /// Count needs, States and challenges for a sample of reviews.
    Analyse {
        #[command(flatten)]
        sample: SampleArgs,
        /// "A high number": the threshold of challenges and needs per article.
        #[arg(long, default_value_t = analysis::DEFAULT_CHALLENGE_THRESHOLD)]
        threshold: u32,
        #[arg(long, value_enum, default_value = "text")]
        format: AnalysisFormat,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// List where a published-tables file contradicts itself (exit 1 if anywhere).
    Audit {
        file: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
    /// Build records that reproduce a published-tables file, into the workspace.
    Synth {
        file: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Replace the records of a workspace that has some.
        #[arg(long)]
        force: bool,
    },
    /// Compare two published-tables files number by number (exit 1 on any difference).
    Compare {
        printed: PathBuf,
        computed: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
    /// Fill the workspace from the seed note's tables and print its analysis.
    Demo {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also import the example files (real State names) into the demo.
        #[arg(long)]
        with_examples: bool,
    },
    /// Write the note: tables, figures and sentences from the records.
    Report {
        #[command(flatten)]
        sample: SampleArgs,
        /// "A high number": the threshold of challenges and needs per article.
        #[arg(long, default_value_t = analysis::DEFAULT_CHALLENGE_THRESHOLD)]
        threshold: u32,
        /// What changed since: an earlier date (YYYY-MM-DD) or an earlier export.
        #[arg(long, value_name = "DATE|FILE")]
        baseline: Option<String>,
        /// Articles given a section of their own (default: the five with the most needs).
        #[arg(long, value_name = "16,21,31")]
        articles: Option<String>,
        /// Groups of related articles for the priority areas (CSV: articles,name).
        #[arg(long, value_name = "FILE")]
        groups: Option<PathBuf>,
        /// How many priority areas to list.
        #[arg(long, default_value_t = 7)]
        priorities: usize,
        /// The document's symbol, printed in the masthead.
        #[arg(long, value_name = "CAC/COSP/IRG/2014/3")]
        symbol: Option<String>,
        /// The day the note is issued (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        issued: Option<String>,
        #[arg(long, value_enum, default_value = "html")]
        format: ReportFormat,
        /// The file to write (standard output for html, json and tables when absent).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Copy a workspace to another database (SQLite file or postgres:// URL), losing nothing.
    Copy {
        /// The workspace to copy (default: --db).
        #[arg(long)]
        from: Option<PathBuf>,
        /// Where to copy it: a new SQLite file or a PostgreSQL database.
        #[arg(long)]
        to: PathBuf,
        /// Replace the records of a target that holds some.
        #[arg(long)]
        force: bool,
    },
    /// Serve the portal: dashboard, article pages, report downloads and the JSON API.
    Serve {
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
        /// Mark session cookies `Secure`: when the portal is reached over TLS
        /// (behind a reverse proxy).
        #[arg(long)]
        secure_cookies: bool,
        /// With --smtp: send the subscriptions' digests once a day (as `tana notify`).
        #[command(flatten)]
        mail: crate::alerts::notify::MailArgs,
    },
    /// Send each subscription a digest of what is new for its search, by e-mail.
    Notify(crate::alerts::notify::NotifyArgs),
    /// Manage the portal's accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Providers' projects published in the IATI activity standard.
    Iati {
        #[command(subcommand)]
        action: crate::iati::command::IatiAction,
    },
    /// Propose links between IATI activities and the open needs of their recipient States.
    Match(crate::matching::command::MatchArgs),
    /// Assistance to States: recorded against needs, and IATI activities.
    Assistance {
        #[command(subcommand)]
        action: crate::follow::command::AssistanceAction,
    },
    /// A State's action plan: draft it from its open needs, write it as a document, import it.
    Plan {
        #[command(subcommand)]
        action: crate::plan::command::PlanAction,
    },
    /// For each open need of a State, the States with a good practice on its article or the same need addressed.
    Peers(crate::follow::peers_command::PeersArgs),
    /// Read review documents (DOCX, ODT, PDF, HTML, text) into needs, challenges and good practices.
    Read(crate::read::ReadArgs),
    /// The documents filed by `tana read --propose`: list, show, accept, edit or reject their records.
    Proposals {
        #[command(subcommand)]
        action: crate::read::propose::ProposalsAction,
    },
    /// Write the records as files that import takes back.
    Export {
        #[arg(long, value_enum, default_value = "csv")]
        format: crate::export::Format,
        #[arg(long)]
        out: PathBuf,
    },
}

/// The flag that sets a field of a sample.
fn flag(field: analysis::SampleField) -> &'static str {
    use analysis::SampleField as F;
    match field {
        F::Cycle => "cycle",
        F::Chapters => "chapters",
        F::Regions => "regions",
        F::AsOf => "as-of",
        F::Types => "types",
    }
}

impl SampleArgs {
    fn parse(&self, reference: &Reference) -> Result<Sample> {
        Sample::parse(
            reference,
            self.cycle,
            self.chapters.as_deref(),
            self.regions.as_deref(),
            self.as_of.as_deref(),
        )
        .and_then(|s| s.with_types(reference, self.types.as_deref()))
        .map_err(|e| Error::Usage(format!("--{}: {}", flag(e.field), e.reason)))
    }

    /// The workspace's reference data and records, the sample, and its
    /// analysis: where `analyse` and `report` both start.
    fn analyse(
        &self,
        location: &Location,
        threshold: u32,
    ) -> Result<(
        Reference,
        crate::records::Registry,
        Sample,
        analysis::Analysis,
    )> {
        let mut store = store::open(location)?;
        let reference = store.reference()?;
        let sample = self.parse(&reference)?;
        let registry = store.registry(&reference, Detail::Counts)?;
        let a = analysis::analyse(&registry, &reference, &sample, threshold);
        Ok((reference, registry, sample, a))
    }

    /// The analysis alone: the needs are counted as the store reads them,
    /// never held all at once (`analyse` needs no record after).
    fn counted(
        &self,
        location: &Location,
        threshold: u32,
    ) -> Result<(Reference, analysis::Analysis)> {
        let mut store = store::open(location)?;
        let reference = store.reference()?;
        let sample = self.parse(&reference)?;
        let mut counting = analysis::Counting::new(&reference, &sample);
        let registry = store.registry_into(&reference, &mut counting)?;
        let a = counting.finish(&registry, threshold);
        Ok((reference, a))
    }
}

#[derive(Subcommand, Debug)]
pub enum UserAction {
    /// Create an account; the password is read from standard input (one line).
    Add {
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The State a focal point works for (name or code).
        #[arg(long)]
        state: Option<String>,
    },
    /// Make an API token for an account's scripts, printed once on standard output.
    Token { name: String },
    /// List an account's API tokens: the id of each (8 hex digits) and when it was made.
    Tokens { name: String },
    /// End one API token of an account, named by its id (see `tana user tokens`).
    Revoke { name: String, id: String },
    /// Remove an account; its sessions and API tokens end at once.
    Remove { name: String },
    /// Set an account's password, read from standard input; its sessions and API tokens end.
    Password { name: String },
    /// List the accounts.
    List,
}

/// The day (UTC) of a moment in seconds since 1970.
pub(crate) fn day_of(seconds: i64) -> String {
    // 25569 days lie between the spreadsheet epoch (1899-12-30) and 1970.
    crate::date::Date::from_spreadsheet_serial((seconds.div_euclid(86_400) + 25_569) as f64)
        .map_or_else(|| seconds.to_string(), |d| d.to_string())
}

/// A password, one line of standard input (asked for on a terminal).
fn read_password(name: &str) -> Result<String> {
    if std::io::stdin().is_terminal() {
        eprint!("password for {name} (at least 10 characters): ");
    }
    let mut password = String::new();
    std::io::stdin()
        .read_line(&mut password)
        .map_err(|e| Error::Other(format!("reading the password: {e}")))?;
    Ok(password.trim_end_matches(['\n', '\r']).to_string())
}

/// What an import did, as a person says it: "read 21 rows: 6 reviews, 15
/// needs, 5 challenges and 2 good practices added".
fn import_words(rows: u64, s: &store::ImportSummary) -> String {
    let n = |count: u64, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    let some = |parts: Vec<(u64, &str, &str)>| -> Vec<String> {
        parts
            .into_iter()
            .filter(|(c, ..)| *c > 0)
            .map(|(c, one, many)| n(c, one, many))
            .collect()
    };
    let mut clauses = Vec::new();
    let added = some(vec![
        (s.reviews_added, "review", "reviews"),
        (s.needs_added, "need", "needs"),
        (s.challenges_added, "challenge", "challenges"),
        (s.good_practices_added, "good practice", "good practices"),
    ]);
    if !added.is_empty() {
        clauses.push(format!("{} added", report::words::list(&added)));
    }
    if s.reviews_updated > 0 {
        clauses.push(format!(
            "{} updated",
            n(s.reviews_updated, "review", "reviews")
        ));
    }
    if s.needs_updated > 0 {
        let texts = some(vec![
            (s.texts_added, "text added", "texts added"),
            (s.texts_changed, "text changed", "texts changed"),
        ]);
        clauses.push(format!(
            "{} with new words ({})",
            n(s.needs_updated, "need", "needs"),
            report::words::list(&texts)
        ));
    }
    if clauses.is_empty() {
        clauses.push("nothing changed: every record was there already".into());
    }
    format!("read {}: {}", n(rows, "row", "rows"), clauses.join("; "))
}

fn kind(arg: Option<KindArg>) -> Option<Kind> {
    arg.map(|k| match k {
        KindArg::Reviews => Kind::Reviews,
        KindArg::Needs => Kind::Needs,
        KindArg::Challenges => Kind::Challenges,
        KindArg::GoodPractices => Kind::GoodPractices,
    })
}

/// Writes `text` to a file, or to standard output.
pub fn emit(out: Option<&Path>, text: &str) -> Result<()> {
    match out {
        Some(path) => std::fs::write(path, text).map_err(|e| Error::io(path, e)),
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`tana analyse | head`) is not an error worth reporting.
            let _ = stdout.write_all(text.as_bytes());
            Ok(())
        }
    }
}

/// Runs a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> Result<i32> {
    let location = Location::parse(&cli.db);
    match cli.command {
        Command::Read(args) if args.propose => crate::read::propose::run(&args, &location),
        Command::Read(args) => crate::read::run(&args, &location),
        Command::Proposals { action } => crate::read::propose::command(action, &location),
        Command::Init { reference } => {
            let reference = match reference {
                Some(dir) => Reference::from_dir(&dir)?,
                None => Reference::uncac(),
            };
            store::create(&location, &reference)?;
            eprintln!(
                "created {} ({}: {} chapters, {} articles, {} States in {} regional groups, {} types of need)",
                location.display(),
                reference.instrument,
                reference.chapters.len(),
                reference.articles.len(),
                reference.states.len(),
                reference.regions.len(),
                reference.need_types.len()
            );
            Ok(0)
        }
        Command::Import {
            files,
            kind: k,
            skip_bad_rows,
            bad_rows,
            format,
        } => {
            // With --format json, a refusal is JSON on standard output too,
            // so that a script reads every outcome the same way.
            let result = (|| -> Result<i32> {
                let mut store = store::open(&location)?;
                let reference = store.reference()?;
                let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
                let prepared =
                    import::prepare(&reference, &paths, kind(k), std::io::stderr().is_terminal())?;
                for w in &prepared.warnings {
                    eprintln!("warning: {w}");
                }
                if !prepared.errors.is_empty() {
                    match (&skip_bad_rows, &bad_rows) {
                        (Some(path), _) => {
                            import::read::write_bad_rows(path, &prepared.bad_rows)?;
                            eprintln!(
                                "{} bad row(s) skipped and written to {}",
                                prepared.errors.len(),
                                path.display()
                            );
                        }
                        (None, Some(path)) => {
                            import::read::write_bad_rows(path, &prepared.bad_rows)?;
                            return Err(Error::Rows(prepared.errors));
                        }
                        (None, None) => return Err(Error::Rows(prepared.errors)),
                    }
                }
                let what = files
                    .iter()
                    .map(|f| f.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                let by = store::Author {
                    who: "command line",
                    at: now(),
                };
                let summary = store.import(&reference, &prepared.batch, by, &what)?;
                match format {
                    TextOrJson::Json => emit(
                        None,
                        &serde_json::json!({ "rows_read": prepared.rows_read, "bad_rows": prepared.errors.len(), "summary": summary })
                            .to_string(),
                    )?,
                    TextOrJson::Text => {
                        eprintln!("{}", import_words(prepared.rows_read, &summary))
                    }
                }
                Ok(0)
            })();
            match (result, format) {
                (Err(e), TextOrJson::Json) => {
                    let rows = match &e {
                        Error::Rows(rows) => rows.clone(),
                        _ => Vec::new(),
                    };
                    let out = serde_json::json!({ "error": e.to_string(), "bad_rows": rows });
                    emit(None, &format!("{out}\n"))?;
                    Ok(e.exit_code())
                }
                (result, _) => result,
            }
        }
        Command::Analyse {
            sample,
            threshold,
            format,
            out,
        } => {
            let (reference, a) = sample.counted(&location, threshold)?;
            let text = match format {
                AnalysisFormat::Text => render::text::analysis(&a, &reference),
                AnalysisFormat::Json => {
                    serde_json::to_string_pretty(&a).map_err(|e| Error::Other(e.to_string()))?
                        + "\n"
                }
                AnalysisFormat::Tables => {
                    tables::to_toml(&tables::from_analysis(&a, "Analysis by tana"))
                }
            };
            emit(out.as_deref(), &text)?;
            Ok(0)
        }
        Command::Audit { file, format } => {
            let reference = Reference::uncac();
            let published = tables::read(&file, &reference)?;
            let audit = tables::audit::audit(&published, &reference);
            let text = match format {
                TextOrJson::Text => tables::audit::to_text(&audit),
                TextOrJson::Json => {
                    serde_json::to_string_pretty(&audit).map_err(|e| Error::Other(e.to_string()))?
                        + "\n"
                }
            };
            emit(None, &text)?;
            Ok(i32::from(!audit.findings.is_empty()))
        }
        Command::Synth { file, seed, force } => {
            let reference = Reference::uncac();
            let published = tables::read(&file, &reference)?;
            // Numbers no data set can meet are bad input: name the file.
            let rebuilt = rebuild(&published, &reference, seed).map_err(|e| match e {
                Error::NoDataSet(why) => Error::format(file.display().to_string(), why),
                e => e,
            })?;
            write_workspace(&location, &rebuilt, force, "synth")?;
            eprint!("{}", synth_summary(&rebuilt, &cli.db));
            Ok(0)
        }
        Command::Compare {
            printed,
            computed,
            format,
        } => {
            let reference = Reference::uncac();
            let a = tables::read(&printed, &reference)?;
            let b = tables::read(&computed, &reference)?;
            tables::compare::comparable(&a, &b)?;
            let c = tables::compare::compare(&a, &b, &reference);
            let text = match format {
                TextOrJson::Text => tables::compare::to_text(&c),
                TextOrJson::Json => {
                    serde_json::to_string_pretty(&c).map_err(|e| Error::Other(e.to_string()))?
                        + "\n"
                }
            };
            emit(None, &text)?;
            Ok(i32::from(!c.is_match()))
        }
        Command::Demo {
            seed,
            with_examples,
        } => {
            let reference = Reference::uncac();
            let published = tables::parse(SEED_NOTE, "seed-note-2014.tables.toml", &reference)?;
            let mut rebuilt = rebuild(&published, &reference, seed)?;
            crate::demo::illustrate(&mut rebuilt.registry, &rebuilt.reference);
            write_workspace(&location, &rebuilt, false, "demo")?;
            eprint!("{}", synth_summary(&rebuilt, &cli.db));
            eprintln!("{}", keep_demo_documents(&location, &rebuilt)?);
            if with_examples {
                import_examples(&location)?;
            }
            let sample = Sample {
                cycle: published.document.cycle,
                ..Sample::default()
            };
            let a = analysis::analyse(
                &rebuilt.registry,
                &rebuilt.reference,
                &sample,
                analysis::DEFAULT_CHALLENGE_THRESHOLD,
            );
            emit(None, &render::text::analysis(&a, &rebuilt.reference))?;
            Ok(0)
        }
        Command::Report {
            sample,
            threshold,
            baseline,
            articles,
            groups,
            priorities,
            symbol,
            issued,
            format,
            out,
        } => {
            let (reference, registry, s, a) = sample.analyse(&location, threshold)?;
            let issued = match issued {
                Some(d) => Some(
                    d.parse()
                        .map_err(|e| Error::Usage(format!("--issued: {e}")))?,
                ),
                None => today(),
            };
            let mut options = report::Options {
                priorities,
                issued,
                symbol: symbol.filter(|s| !s.trim().is_empty()),
                ..report::Options::default()
            };
            if let Some(list) = articles {
                options.articles = Some(
                    report::parse_articles(&list, &a)
                        .map_err(|e| Error::Usage(format!("--articles: {e}")))?,
                );
            }
            if let Some(path) = groups {
                let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                options.groups = report::parse_groups(&text, &path.display().to_string())?;
            }
            if let Some(b) = baseline {
                options.baseline = Some(baseline_change(
                    &b, &reference, &registry, &s, &a, threshold,
                )?);
            }
            let providers = crate::follow::providers_of_needs(
                store::open(&location)?.as_mut(),
                &reference,
                &registry,
            )?;
            options.addressing = Some(analysis::addressing(
                &registry, &reference, &s, &a, &providers,
            ));
            let r = report::build(&a, &reference, &options);
            write_report(&r, &a, format, out.as_deref())?;
            Ok(0)
        }
        Command::Copy { from, to, force } => {
            let from = from.map_or(location, |p| Location::parse(&p));
            let to = Location::parse(&to);
            if from == to {
                return Err(Error::Usage(
                    "--from and --to name the same workspace".into(),
                ));
            }
            let mut source = store::open(&from)?;
            let reference = source.reference()?;
            let registry = source.registry(&reference, Detail::Everything)?;
            let origin = source.origin()?;
            let mut target = if to.exists()? {
                let mut target = store::open(&to)?;
                let theirs = target.reference()?;
                if !force && !target.registry(&theirs, Detail::Counts)?.reviews.is_empty() {
                    return Err(Error::Usage(format!(
                        "{} holds records: give --force to replace them",
                        to.display()
                    )));
                }
                target
            } else {
                store::create(&to, &reference)?
            };
            let workspace = source.workspace()?;
            target.replace_all(&reference, &registry, Some(&workspace))?;
            if let Some(o) = origin {
                target.set_origin(&o)?;
            }
            eprintln!(
                "copied {} reviews, {} needs, {} challenges, {} good practices, {} accounts, {} log entries, {} proposals, {} assistance records and {} action plans from {} to {}",
                registry.reviews.len(),
                registry.needs.len(),
                registry.challenges.len(),
                registry.good_practices.len(),
                workspace.accounts.len(),
                workspace.log.len(),
                workspace.proposals.len(),
                workspace.assistance.len(),
                workspace.plans.len(),
                from.display(),
                to.display()
            );
            Ok(0)
        }
        Command::Iati { action } => crate::iati::command::run(action, &location),
        Command::Match(args) => crate::matching::command::run(&args, &location),
        Command::Peers(args) => crate::follow::peers_command::run(&args, &location),
        Command::Assistance { action } => crate::follow::command::run_assistance(action, &location),
        Command::Plan { action } => crate::plan::command::run(action, &location),
        Command::Serve {
            listen,
            secure_cookies,
            mail,
        } => {
            crate::web::serve(&location, listen, secure_cookies, mail)?;
            Ok(0)
        }
        Command::Notify(args) => crate::alerts::notify::run(&args, &location),
        Command::User {
            action: UserAction::Add { name, role, state },
        } => {
            let mut store = store::open(&location)?;
            let reference = store.reference()?;
            let role = role.into();
            let account =
                crate::accounts::check(&crate::accounts::Account { name, role, state }, |s| {
                    reference
                        .find_state(s)
                        .map(|id| reference.state(id).code.clone())
                })?;
            let hash = crate::accounts::hash_password(&read_password(&account.name)?)?;
            store.add_account(&account, &hash, now())?;
            eprintln!(
                "added {} ({}{})",
                account.name,
                account.role.code(),
                account
                    .state
                    .as_deref()
                    .map(|s| format!(" of {s}"))
                    .unwrap_or_default()
            );
            Ok(0)
        }
        Command::User {
            action: UserAction::Token { name },
        } => {
            let mut store = store::open(&location)?;
            if store.account(&name)?.is_none() {
                return Err(Error::Usage(format!(
                    "no account `{name}`: add it with `tana user add`"
                )));
            }
            let token = crate::accounts::token();
            store.add_token(&store::digest(&token), &name, now())?;
            emit(None, &format!("{token}\n"))?;
            eprintln!(
                "an API token for {name}: send it as `Authorization: Bearer …`; it is not shown again"
            );
            Ok(0)
        }
        Command::User {
            action: UserAction::Tokens { name },
        } => {
            let mut store = store::open(&location)?;
            if store.account(&name)?.is_none() {
                return Err(Error::Usage(format!("no account `{name}`")));
            }
            let mut out = String::new();
            for t in store.tokens(&name)? {
                out.push_str(&format!("{}\t{}\n", t.id, day_of(t.created)));
            }
            emit(None, &out)?;
            Ok(0)
        }
        Command::User {
            action: UserAction::Revoke { name, id },
        } => {
            let mut store = store::open(&location)?;
            let by = store::Author {
                who: "command line",
                at: now(),
            };
            if !store.revoke_token(by, &name, &id)? {
                return Err(Error::Usage(format!(
                    "`{name}` has no API token `{id}`: `tana user tokens {name}` lists them"
                )));
            }
            eprintln!("the API token {id} of {name} has ended");
            Ok(0)
        }
        Command::User {
            action: UserAction::Remove { name },
        } => {
            let mut store = store::open(&location)?;
            let by = store::Author {
                who: "command line",
                at: now(),
            };
            if !store.remove_account(by, &name)? {
                return Err(Error::Usage(format!("no account `{name}`")));
            }
            eprintln!("removed the account {name}; its sessions and API tokens have ended");
            Ok(0)
        }
        Command::User {
            action: UserAction::Password { name },
        } => {
            let mut store = store::open(&location)?;
            if store.account(&name)?.is_none() {
                return Err(Error::Usage(format!("no account `{name}`")));
            }
            let hash = crate::accounts::hash_password(&read_password(&name)?)?;
            let by = store::Author {
                who: "command line",
                at: now(),
            };
            store.set_password(by, &name, &hash, None)?;
            eprintln!("the password of {name} is set; its sessions and API tokens have ended");
            Ok(0)
        }
        Command::User {
            action: UserAction::List,
        } => {
            let mut store = store::open(&location)?;
            let mut out = String::new();
            for a in store.accounts()? {
                out.push_str(&format!(
                    "{}\t{}\t{}\n",
                    a.name,
                    a.role.code(),
                    a.state.unwrap_or_default()
                ));
            }
            emit(None, &out)?;
            Ok(0)
        }
        Command::Export { format, out } => {
            let mut store = store::open(&location)?;
            let reference = store.reference()?;
            let registry = store.registry(&reference, Detail::Everything)?;
            for f in crate::export::export(&registry, &reference, format, &out)? {
                eprintln!("wrote {f}");
            }
            Ok(0)
        }
    }
}

/// The seed note's printed tables, carried by the binary for the demo.
pub const SEED_NOTE: &str = include_str!("../data/seed-note-2014.tables.toml");

fn rebuild(
    published: &tables::Published,
    reference: &Reference,
    seed: u64,
) -> Result<tables::synth::Rebuilt> {
    // TANA_SYNTH_BUDGET (seconds) bounds the search; the default is a minute.
    let budget = std::env::var("TANA_SYNTH_BUDGET")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map_or(
            tables::synth::DEFAULT_BUDGET,
            std::time::Duration::from_secs_f64,
        );
    let rebuilt = tables::synth::synth_within(published, reference, seed, budget)?;
    // An independent recount: every number the rebuild kept must come out of
    // the records as printed, or nothing is written.
    let frame = tables::cells::Frame::new(published, &rebuilt.reference);
    for c in frame.cells(published) {
        if rebuilt.audit.dropped_cells.contains(&c.id) {
            continue;
        }
        let got = tables::cells::evaluate(
            &frame,
            &c.canon,
            c.measure,
            &rebuilt.registry,
            published.document.cycle,
        );
        if got != c.value {
            return Err(Error::Other(format!(
                "the rebuilt records give {got} for {} where {} is printed",
                c.id, c.value
            )));
        }
    }
    Ok(rebuilt)
}

/// Imports the embedded example files into the demo's workspace, which
/// stays a demo (an import would make it the user's own).
fn import_examples(location: &Location) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("tana-examples-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut paths = Vec::new();
    for (name, text) in crate::demo::EXAMPLES {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        paths.push(path);
    }
    let result = (|| {
        let mut store = store::open(location)?;
        let reference = store.reference()?;
        let files: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
        let prepared = import::prepare(&reference, &files, None, false)?;
        if !prepared.errors.is_empty() {
            return Err(Error::Rows(prepared.errors));
        }
        let by = store::Author {
            who: "command line",
            at: now(),
        };
        let summary = store.import(&reference, &prepared.batch, by, "the examples")?;
        store.set_origin("demo")?;
        eprintln!(
            "the examples: {}",
            import_words(prepared.rows_read, &summary)
        );
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn write_workspace(
    location: &Location,
    rebuilt: &tables::synth::Rebuilt,
    force: bool,
    origin: &str,
) -> Result<()> {
    let mut store = if location.exists()? {
        let mut store = store::open(location)?;
        let reference = store.reference()?;
        let has_records = !store
            .registry(&reference, Detail::Counts)?
            .reviews
            .is_empty();
        let rebuilt_before = store.rebuilt()?;
        if has_records && !rebuilt_before && !force {
            return Err(Error::Usage(format!(
                "{} holds records: give --force to replace them, or another --db",
                location.display()
            )));
        }
        store
    } else {
        store::create(location, &rebuilt.reference)?
    };
    store.replace_all(&rebuilt.reference, &rebuilt.registry, None)?;
    store.set_origin(origin)?;
    Ok(())
}

/// The demo's executive summaries, kept as text files in `demo-documents/`
/// beside the workspace (the current folder for PostgreSQL), with an
/// `index.csv` of what each holds; says where they are.
fn keep_demo_documents(location: &Location, rebuilt: &tables::synth::Rebuilt) -> Result<String> {
    let dir = match location {
        Location::Sqlite(p) => p.parent().unwrap_or(Path::new("")).join("demo-documents"),
        Location::Postgres(_) => PathBuf::from("demo-documents"),
    };
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let summaries = crate::demo::summaries(&rebuilt.registry, &rebuilt.reference);
    let mut index = String::from("file,state,document\n");
    for s in &summaries {
        let path = dir.join(&s.file);
        std::fs::write(&path, &s.text).map_err(|e| Error::io(&path, e))?;
        index.push_str(&format!("{},{},executive_summary\n", s.file, s.state));
    }
    let path = dir.join("index.csv");
    std::fs::write(&path, index).map_err(|e| Error::io(&path, e))?;
    Ok(format!(
        "{} executive summaries written from the records in {} (illustrative; `tana read {}/*.txt` reads them back)",
        summaries.len(),
        dir.display(),
        dir.display()
    ))
}

fn synth_summary(rebuilt: &tables::synth::Rebuilt, db: &Path) -> String {
    let mut o = format!(
        "{}: {} reviews ({} States with needs), {} needs, built in {} moves.\n",
        db.display(),
        rebuilt.registry.reviews.len(),
        rebuilt.states_with_needs,
        rebuilt.registry.needs.len(),
        rebuilt.moves
    );
    if !rebuilt.audit.findings.is_empty() {
        o.push_str(&format!(
            "Where the document contradicts itself, the finer print was kept (docs/SYNTH.md); not reproduced: {}.\n",
            rebuilt
                .audit
                .dropped_cells
                .iter()
                .chain(&rebuilt.audit.dropped_claims)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    o.push('\n');
    o
}

/// The sample before: the same records up to an earlier date, or the
/// records of an earlier export.
fn baseline_change(
    baseline: &str,
    reference: &Reference,
    registry: &crate::records::Registry,
    sample: &Sample,
    after: &analysis::Analysis,
    threshold: u32,
) -> Result<(String, analysis::Change)> {
    if let Ok(date) = baseline.parse::<crate::date::Date>() {
        if sample.as_of.is_some_and(|cut| date > cut) {
            return Err(Error::Usage(format!(
                "--baseline {date} is after --as-of {}",
                sample.as_of.map(|d| d.to_string()).unwrap_or_default()
            )));
        }
        let before_sample = Sample {
            as_of: Some(date),
            ..sample.clone()
        };
        let before = analysis::analyse(registry, reference, &before_sample, threshold);
        let change = analysis::change(
            reference,
            (registry, &before_sample, &before),
            (registry, sample, after),
        );
        return Ok((
            format!("the analysis of {}", report::words::date(date)),
            change,
        ));
    }
    let path = Path::new(baseline);
    if !path.exists() {
        return Err(Error::Usage(format!(
            "--baseline `{baseline}` is neither a date (YYYY-MM-DD) nor an existing export file"
        )));
    }
    // An export is a file, or the folder of CSV files `tana export` wrote.
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Error::io(path, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| {
                    ["csv", "json", "xlsx"].contains(&x.to_string_lossy().as_ref())
                })
            })
            .collect();
        v.sort();
        v
    } else {
        vec![path.to_path_buf()]
    };
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let prepared = import::prepare(reference, &paths, None, false)?;
    if !prepared.errors.is_empty() {
        return Err(Error::Rows(prepared.errors));
    }
    let earlier = &prepared.batch.registry;
    let before = analysis::analyse(earlier, reference, sample, threshold);
    let change = analysis::change(
        reference,
        (earlier, sample, &before),
        (registry, sample, after),
    );
    Ok((
        format!(
            "the earlier export {}",
            path.file_name().unwrap_or_default().to_string_lossy()
        ),
        change,
    ))
}

fn write_report(
    r: &report::Report,
    a: &analysis::Analysis,
    format: ReportFormat,
    out: Option<&Path>,
) -> Result<()> {
    let need_out = |what: &str| {
        out.ok_or_else(|| Error::Usage(format!("--format {what} writes a file: give --out FILE")))
    };
    match format {
        ReportFormat::Html => emit(out, &report::html::render(r)),
        ReportFormat::Json => emit(
            out,
            &(serde_json::to_string_pretty(r).map_err(|e| Error::Other(e.to_string()))? + "\n"),
        ),
        ReportFormat::Tables => emit(out, &tables::to_toml(&report::to_published(r, a))),
        ReportFormat::Xlsx => {
            let path = need_out("xlsx")?;
            crate::export::write_xlsx(&report::sheets(r), path)
        }
        ReportFormat::Pdf => {
            let path = need_out("pdf")?;
            render::pdf::print(&report::html::render(r), path)
        }
    }
}
