//! The code lists the IATI rules use, from `data/iati/` (embedded).
//!
//! - `countries.csv`: ISO 3166-1 alpha-2 → alpha-3 (and IATI's `XK`), for
//!   every country and territory, so that a code that is a country but no
//!   State party is told apart from a code that is none;
//! - `currencies.csv`: the ISO 4217 codes accepted for budgets;
//! - `sectors.csv`: the DAC 5-digit codes of the governance group (151),
//!   named, with whether they concern the Convention.

use std::collections::{HashMap, HashSet};

/// One DAC sector code tana knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectorInfo {
    pub name: String,
    pub relevant: bool,
}

/// The code lists, looked up by code.
#[derive(Clone, Debug)]
pub struct Codes {
    /// alpha-2 → (alpha-3, name).
    countries: HashMap<String, (String, String)>,
    currencies: HashSet<String>,
    sectors: HashMap<String, SectorInfo>,
}

fn rows(text: &'static str) -> impl Iterator<Item = csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .into_records()
        .map(|r| r.expect("the embedded IATI code lists are valid CSV"))
}

impl Codes {
    /// The lists the binary carries.
    pub fn embedded() -> Codes {
        let countries = rows(include_str!("../../data/iati/countries.csv"))
            .map(|r| (r[0].to_string(), (r[1].to_string(), r[2].to_string())))
            .collect();
        let currencies = rows(include_str!("../../data/iati/currencies.csv"))
            .map(|r| r[0].to_string())
            .collect();
        let sectors = rows(include_str!("../../data/iati/sectors.csv"))
            .map(|r| {
                let info = SectorInfo {
                    name: r[1].to_string(),
                    relevant: &r[2] == "yes",
                };
                (r[0].to_string(), info)
            })
            .collect();
        Codes {
            countries,
            currencies,
            sectors,
        }
    }

    /// The alpha-3 code and name of an ISO 3166-1 alpha-2 code.
    pub fn country(&self, alpha2: &str) -> Option<(&str, &str)> {
        self.countries
            .get(alpha2)
            .map(|(a3, name)| (a3.as_str(), name.as_str()))
    }

    pub fn is_currency(&self, code: &str) -> bool {
        self.currencies.contains(code)
    }

    /// A DAC 5-digit code of the governance group.
    pub fn sector(&self, code: &str) -> Option<&SectorInfo> {
        self.sectors.get(code)
    }

    /// The relevant DAC codes, in order: what `--all-sectors` widens.
    pub fn relevant_sectors(&self) -> Vec<(&str, &str)> {
        let mut list: Vec<(&str, &str)> = self
            .sectors
            .iter()
            .filter(|(_, s)| s.relevant)
            .map(|(c, s)| (c.as_str(), s.name.as_str()))
            .collect();
        list.sort_unstable();
        list
    }
}
