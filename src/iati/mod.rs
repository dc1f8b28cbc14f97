//! Providers' projects as they publish them: activities of the IATI activity
//! standard (versions 2.01 to 2.03, XML).
//!
//! [`read`] streams an `iati-activities` file into [`Activity`] values and
//! checks the rules of the standard tana relies on, collecting every broken
//! one with its file, line and element; [`codes`] holds the code lists those
//! rules use (ISO 3166-1 countries, ISO 4217 currencies, the DAC sectors of
//! the governance group and which of them are relevant to the Convention);
//! [`command`] is `tana iati check`, and passes `tana iati import` on to
//! `crate::follow`, where activities meet the store.
//!
//! Invariants: nothing here writes anything; an activity maps to States only
//! through the reference's list (alpha-2 → alpha-3 → State party), never by
//! name; relevance is decided by the sector codes alone, so it can be
//! explained in one line.

pub mod codes;
pub mod command;
pub mod read;

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::error::{Error, Result, RowError};
use crate::reference::Reference;

pub use codes::Codes;

/// A text in one language (`xml:lang`, or the activity's default language).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Narrative {
    /// The language code as given (`en`, `fr`), empty when none is given.
    pub lang: String,
    pub text: String,
}

/// What an organisation does in an activity (IATI's OrganisationRole codelist).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgRole {
    Funding,
    Accountable,
    Extending,
    Implementing,
}

impl OrgRole {
    fn from_code(code: &str) -> Option<OrgRole> {
        Some(match code {
            "1" => OrgRole::Funding,
            "2" => OrgRole::Accountable,
            "3" => OrgRole::Extending,
            "4" => OrgRole::Implementing,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgRole::Funding => "funding",
            OrgRole::Accountable => "accountable",
            OrgRole::Extending => "extending",
            OrgRole::Implementing => "implementing",
        }
    }
}

/// A reporting or participating organisation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    /// The organisation identifier (`@ref`), when given.
    pub reference: Option<String>,
    /// The role, for participating organisations.
    pub role: Option<OrgRole>,
    /// The organisation type code (`@type`: 10 government, 40 multilateral, …).
    pub kind: Option<String>,
    pub names: Vec<Narrative>,
}

impl Organisation {
    /// The name to show: the first narrative, or the identifier.
    pub fn display_name(&self) -> String {
        match (self.names.first(), &self.reference) {
            (Some(n), Some(r)) => format!("{} ({r})", n.text),
            (Some(n), None) => n.text.clone(),
            (None, Some(r)) => r.clone(),
            (None, None) => "(unnamed)".into(),
        }
    }
}

/// Where an activity is in its life (IATI's ActivityStatus codelist).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Code 1, "pipeline/identification".
    Planned,
    /// Code 2, "implementation".
    Ongoing,
    /// Code 3, "finalisation": the work is done, the accounts are not closed.
    Finishing,
    /// Code 4, "closed".
    Completed,
    /// Code 5.
    Cancelled,
    /// Code 6.
    Suspended,
}

impl Status {
    fn from_code(code: &str) -> Option<Status> {
        Some(match code {
            "1" => Status::Planned,
            "2" => Status::Ongoing,
            "3" => Status::Finishing,
            "4" => Status::Completed,
            "5" => Status::Cancelled,
            "6" => Status::Suspended,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Ongoing => "ongoing",
            Status::Finishing => "finishing",
            Status::Completed => "completed",
            Status::Cancelled => "cancelled",
            Status::Suspended => "suspended",
        }
    }
}

/// The activity's dates (IATI's ActivityDateType codelist: 1 to 4).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dates {
    pub planned_start: Option<Date>,
    pub actual_start: Option<Date>,
    pub planned_end: Option<Date>,
    pub actual_end: Option<Date>,
}

/// A recipient country, and the State party it is in the reference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recipient {
    /// ISO 3166-1 alpha-2, as the file gives it.
    pub country: String,
    /// The State party's code in the reference, when the country is one.
    pub state: Option<String>,
    pub name: String,
    pub percentage: Option<f64>,
}

/// A sector of the activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sector {
    /// The sector vocabulary: `1` (DAC 5-digit, also when absent), `2` (DAC 3-digit), …
    pub vocabulary: String,
    pub code: String,
    /// The name tana knows for a governance code.
    pub name: Option<String>,
    pub percentage: Option<f64>,
    /// A DAC 5-digit code of the governance group that `data/iati/sectors.csv` marks relevant.
    pub relevant: bool,
}

/// A budget of one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    /// `original` (type 1) or `revised` (type 2), when given.
    pub kind: Option<String>,
    /// `indicative` (status 1) or `committed` (status 2), when given.
    pub status: Option<String>,
    pub start: Date,
    pub end: Date,
    pub value: f64,
    /// ISO 4217: the value's own currency, or the activity's default one.
    pub currency: String,
    pub value_date: Date,
}

/// One activity of a provider, as read from its file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub identifier: String,
    pub file: String,
    /// The line of `<iati-activity>`.
    pub line: usize,
    /// `@last-updated-datetime`, as given: what tells a newer version apart.
    pub last_updated: Option<String>,
    pub reporting_org: Organisation,
    pub participating_orgs: Vec<Organisation>,
    pub title: Vec<Narrative>,
    pub description: Vec<Narrative>,
    pub status: Option<Status>,
    pub dates: Dates,
    pub recipients: Vec<Recipient>,
    pub sectors: Vec<Sector>,
    pub budgets: Vec<Budget>,
    /// At least one sector is relevant (see [`Sector::relevant`]).
    pub relevant: bool,
}

impl Activity {
    /// The title to show: English if given, else the first language.
    pub fn display_title(&self) -> &str {
        self.title
            .iter()
            .find(|n| n.lang == "en")
            .or(self.title.first())
            .map_or("(no title)", |n| n.text.as_str())
    }

    /// Every language the activity's title or description is given in.
    pub fn languages(&self) -> Vec<String> {
        let mut langs: Vec<String> = Vec::new();
        for n in self.title.iter().chain(&self.description) {
            if !n.lang.is_empty() && !langs.contains(&n.lang) {
                langs.push(n.lang.clone());
            }
        }
        langs
    }
}

/// What a set of files holds, once every rule passed.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Checked {
    /// The activities kept: the relevant ones, or all with `--all-sectors`.
    pub activities: Vec<Activity>,
    /// Activities read in all.
    pub read: usize,
    /// Activities with no relevant sector, kept or not.
    pub not_governance: usize,
    /// Activities left out for having no relevant sector.
    pub kept_out: Vec<String>,
    /// Things worth knowing that break no rule (a country that is no State
    /// party, an activity given twice).
    pub warnings: Vec<String>,
}

/// Reads and checks IATI files; every broken rule of every file is returned
/// at once as [`Error::Rows`], and nothing is kept from a file that breaks one.
pub fn check_files(
    paths: &[&Path],
    reference: &Reference,
    codes: &Codes,
    all_sectors: bool,
) -> Result<Checked> {
    let mut errors: Vec<RowError> = Vec::new();
    let mut checked = Checked::default();
    let mut all: Vec<Activity> = Vec::new();
    let mut by_identifier: HashMap<String, usize> = HashMap::new();
    for path in paths {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let name = path.display().to_string();
        let outcome = read::read(std::io::BufReader::new(file), &name, reference, codes);
        errors.extend(outcome.errors);
        checked.warnings.extend(outcome.warnings);
        for activity in outcome.activities {
            keep_newest(
                &mut all,
                &mut by_identifier,
                activity,
                &mut checked.warnings,
            );
        }
    }
    if !errors.is_empty() {
        return Err(Error::Rows(errors));
    }
    keep_relevant(&mut checked, all, all_sectors);
    Ok(checked)
}

/// Reads and checks one file sent whole (the portal's upload), named
/// `name` in errors, as [`check_files`] does.
pub fn check_bytes(
    bytes: &[u8],
    name: &str,
    reference: &Reference,
    codes: &Codes,
    all_sectors: bool,
) -> Result<Checked> {
    let outcome = read::read(bytes, name, reference, codes);
    if !outcome.errors.is_empty() {
        return Err(Error::Rows(outcome.errors));
    }
    let mut checked = Checked {
        warnings: outcome.warnings,
        ..Checked::default()
    };
    keep_relevant(&mut checked, outcome.activities, all_sectors);
    Ok(checked)
}

/// Keeps the relevant activities, or all with `all_sectors`, and counts
/// those left out.
fn keep_relevant(checked: &mut Checked, all: Vec<Activity>, all_sectors: bool) {
    checked.read = all.len();
    for activity in all {
        checked.not_governance += usize::from(!activity.relevant);
        if activity.relevant || all_sectors {
            checked.activities.push(activity);
        } else {
            checked.kept_out.push(activity.identifier);
        }
    }
}

/// Files published at different times may hold the same activity: the one
/// updated last wins, as it will when activities are stored.
fn keep_newest(
    all: &mut Vec<Activity>,
    by_identifier: &mut HashMap<String, usize>,
    activity: Activity,
    warnings: &mut Vec<String>,
) {
    match by_identifier.get(&activity.identifier).copied() {
        None => {
            by_identifier.insert(activity.identifier.clone(), all.len());
            all.push(activity);
        }
        Some(i) => {
            let older = &all[i];
            warnings.push(format!(
                "{}: line {}: activity `{}` is also in {} (line {}); the one updated last is kept",
                activity.file, activity.line, activity.identifier, older.file, older.line
            ));
            // ISO 8601 date-times of one form sort as text.
            if activity.last_updated >= older.last_updated {
                all[i] = activity;
            }
        }
    }
}
