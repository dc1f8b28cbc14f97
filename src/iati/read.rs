//! The streaming reader of `iati-activities` files, and the rules it checks.
//!
//! quick-xml hands out one event at a time, so a file of any size is read
//! with a few elements in memory: a stack of the open elements (name, line,
//! attributes) and the activity being built. Each element is handled when
//! it closes, with its attributes and text. Lines are counted as the bytes
//! pass ([`Lines`]), so that every error names its line without reading the
//! file twice.
//!
//! Rules (each broken one is reported, with the file, line, element, value):
//! the root is `iati-activities` of version 2.0x; every activity has one
//! non-empty `iati-identifier`, unique in its file, a `reporting-org` with a
//! `@ref`, a title, and a planned or actual start date; codes come from
//! their code lists (status, date type, organisation role, ISO 3166-1
//! country, DAC sector, ISO 4217 currency); dates are dates; percentages
//! are numbers from 0 to 100, and those of recipient countries and regions
//! (and of the sectors of one vocabulary), where given, add up to 100;
//! budgets have a start, an end not before it, a value, a currency and a
//! value date.

use std::io::BufRead;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::{
    Activity, Budget, Codes, Dates, Narrative, OrgRole, Organisation, Recipient, Sector, Status,
};
use crate::date::Date;
use crate::error::RowError;
use crate::reference::Reference;

/// What one file gave: its activities, or the rules it broke.
#[derive(Debug, Default)]
pub struct Outcome {
    pub activities: Vec<Activity>,
    pub errors: Vec<RowError>,
    pub warnings: Vec<String>,
}

/// A reader that remembers where each line starts, for error messages.
pub struct Lines<R> {
    inner: R,
    consumed: u64,
    /// Offsets of the newlines consumed so far.
    newlines: Vec<u64>,
}

impl<R: BufRead> Lines<R> {
    pub fn new(inner: R) -> Lines<R> {
        Lines {
            inner,
            consumed: 0,
            newlines: Vec::new(),
        }
    }

    /// The line (from 1) of a byte offset already read.
    pub fn line_of(&self, offset: u64) -> usize {
        self.newlines.partition_point(|&n| n < offset) + 1
    }
}

impl<R: BufRead> std::io::Read for Lines<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let buf = self.fill_buf()?;
            let n = buf.len().min(out.len());
            out[..n].copy_from_slice(&buf[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        // The buffer is still filled: fill_buf only reads when it is empty.
        if let Ok(buf) = self.inner.fill_buf() {
            let start = self.consumed;
            self.newlines.extend(
                buf[..amount.min(buf.len())]
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'\n')
                    .map(|(i, _)| start + i as u64),
            );
        }
        self.consumed += amount as u64;
        self.inner.consume(amount);
    }
}

/// An open element: its name, line and attributes.
struct Frame {
    name: String,
    line: usize,
    attrs: Vec<(String, String)>,
}

impl Frame {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The activity being read, before its whole-activity rules are checked.
#[derive(Default)]
struct Draft {
    line: usize,
    lang: String,
    default_currency: Option<String>,
    last_updated: Option<String>,
    identifiers: Vec<String>,
    reporting_org: Option<(usize, Organisation)>,
    participating_orgs: Vec<Organisation>,
    title: Vec<Narrative>,
    description: Vec<Narrative>,
    status: Option<Status>,
    dates: Dates,
    /// A start date was given, even one that is no date.
    start_given: bool,
    recipients: Vec<Recipient>,
    /// Line and percentage of each recipient country and region.
    recipient_shares: Vec<(usize, Option<f64>)>,
    sectors: Vec<(usize, Sector)>,
    budgets: Vec<Budget>,
    /// The budget being read: start, end, value, currency, value date.
    budget: BudgetDraft,
    /// The organisation whose narratives are being read.
    org: Organisation,
}

#[derive(Default)]
struct BudgetDraft {
    start: Option<Date>,
    end: Option<Date>,
    value: Option<f64>,
    currency: Option<String>,
    value_date: Option<Date>,
    /// A part was reported wrong already, so it is not reported missing too.
    broken: bool,
}

struct Reading<'a> {
    file: &'a str,
    reference: &'a Reference,
    codes: &'a Codes,
    stack: Vec<Frame>,
    text: String,
    draft: Option<Draft>,
    out: Outcome,
    /// Identifiers seen in this file, with their line.
    seen: std::collections::HashMap<String, usize>,
}

/// Reads one file. A file that is no XML, or whose root is not
/// `iati-activities`, gives one error and no activities.
pub fn read<R: BufRead>(source: R, file: &str, reference: &Reference, codes: &Codes) -> Outcome {
    let mut xml = quick_xml::Reader::from_reader(Lines::new(source));
    let mut r = Reading {
        file,
        reference,
        codes,
        stack: Vec::new(),
        text: String::new(),
        draft: None,
        out: Outcome::default(),
        seen: std::collections::HashMap::new(),
    };
    let mut buf = Vec::new();
    let mut root_seen = false;
    loop {
        let offset = xml.buffer_position();
        let event = xml.read_event_into(&mut buf);
        let line = xml.get_ref().line_of(offset);
        match event {
            Err(e) => {
                let message = e.to_string();
                if message.contains("decode") {
                    // The event that could not be decoded starts here.
                    r.error(
                        line,
                        "",
                        "",
                        "not UTF-8 text: IATI files are encoded in UTF-8",
                    );
                } else {
                    let line = xml.get_ref().line_of(xml.error_position());
                    r.error(line, "", "", &format!("not well-formed XML: {message}"));
                }
                break;
            }
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if r.stack.is_empty() && root_seen => {
                let _ = e;
                r.error(line, "", "", "a second root element: not well-formed XML");
                break;
            }
            Ok(Event::Start(e)) => {
                root_seen = true;
                if !r.open(&e, line) {
                    break;
                }
            }
            Ok(Event::Empty(e)) => {
                root_seen = true;
                if !r.open(&e, line) {
                    break;
                }
                r.close();
            }
            Ok(Event::End(_)) => r.close(),
            Ok(Event::Text(t)) => r.text.push_str(&t.xml10_content()),
            Ok(Event::CData(t)) => r.text.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(g)) => {
                let name = g.xml10_content();
                match g.resolve_char_ref() {
                    Ok(Some(c)) => r.text.push(c),
                    _ => match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => r.text.push_str(s),
                        None => r.error(
                            line,
                            "",
                            &format!("&{name};"),
                            "an entity XML does not define",
                        ),
                    },
                }
            }
            Ok(_) => {}
        }
        buf.clear();
    }
    let unclosed = r.stack.last().map(|f| (f.name.clone(), f.line));
    if let (Some((name, opened)), true) = (unclosed, r.out.errors.is_empty()) {
        let end = xml.get_ref().line_of(xml.buffer_position());
        r.error(
            end,
            &name,
            "",
            &format!(
                "the file ends inside the element opened on line {opened}: not well-formed XML"
            ),
        );
    }
    if !root_seen && r.out.errors.is_empty() {
        r.error(1, "", "", "no XML element: not an IATI activity file");
    }
    if r.out.errors.is_empty() && r.out.activities.is_empty() {
        r.out
            .warnings
            .push(format!("{file}: holds no iati-activity"));
    }
    // Rules about a whole activity are found at its end: put them in file order.
    r.out.errors.sort_by_key(|e| {
        e.place
            .trim_start_matches("line ")
            .parse::<usize>()
            .unwrap_or(0)
    });
    r.out
}

/// The attributes of a start tag, with entities resolved.
fn attributes(e: &BytesStart<'_>) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .map(|a| {
            let key = a.key.as_ref().to_string();
            let value = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map_or_else(|_| a.value.to_string(), |v| v.into_owned());
            (key, value.trim().to_string())
        })
        .collect()
}

/// Collapses the white space of a narrative, as the schema's text is read.
fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Reading<'_> {
    fn error(&mut self, line: usize, element: &str, value: &str, rule: &str) {
        self.out.errors.push(RowError {
            file: self.file.to_string(),
            place: format!("line {line}"),
            column: element.to_string(),
            value: value.to_string(),
            rule: rule.to_string(),
        });
    }

    /// Opens an element; false when the file cannot be IATI at all.
    fn open(&mut self, e: &BytesStart<'_>, line: usize) -> bool {
        let name = e.name().as_ref().to_string();
        let frame = Frame {
            name,
            line,
            attrs: attributes(e),
        };
        self.text.clear();
        if self.stack.is_empty() {
            if !self.root(&frame) {
                return false;
            }
        } else if self.stack.len() == 1 && frame.name == "iati-activity" {
            self.draft = Some(Draft {
                line,
                lang: frame.attr("xml:lang").unwrap_or("").to_string(),
                default_currency: frame.attr("default-currency").map(str::to_string),
                last_updated: frame.attr("last-updated-datetime").map(str::to_string),
                ..Draft::default()
            });
        } else if self.stack.len() == 2 && self.draft.is_some() {
            self.open_in_activity(&frame);
        }
        self.stack.push(frame);
        true
    }

    fn root(&mut self, frame: &Frame) -> bool {
        if frame.name != "iati-activities" {
            let rule = if frame.name == "iati-organisations" {
                "an IATI organisation file, not an activity file".to_string()
            } else {
                format!(
                    "not an IATI activity file: the root element is `{}`, not `iati-activities`",
                    frame.name
                )
            };
            self.error(frame.line, &frame.name, "", &rule);
            return false;
        }
        match frame.attr("version") {
            None => self.error(
                frame.line,
                "iati-activities/@version",
                "",
                "the version of the standard is required",
            ),
            Some(v) if !matches!(v, "2.01" | "2.02" | "2.03") => {
                let value = v.to_string();
                self.error(
                    frame.line,
                    "iati-activities/@version",
                    &value,
                    "tana reads versions 2.01 to 2.03 of the activity standard",
                );
            }
            Some(_) => {}
        }
        true
    }

    /// Starts the child elements of an activity that carry narratives.
    fn open_in_activity(&mut self, frame: &Frame) {
        if matches!(frame.name.as_str(), "reporting-org" | "participating-org") {
            let draft = self.draft.as_mut().expect("inside an activity");
            draft.org = Organisation {
                reference: frame
                    .attr("ref")
                    .filter(|r| !r.is_empty())
                    .map(str::to_string),
                role: None,
                kind: frame.attr("type").map(str::to_string),
                names: Vec::new(),
            };
        } else if frame.name == "budget" {
            self.draft.as_mut().expect("inside an activity").budget = BudgetDraft::default();
        }
    }

    /// Closes the innermost element and handles it.
    fn close(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let text = std::mem::take(&mut self.text);
        if self.draft.is_none() {
            return;
        }
        let depth = self.stack.len();
        let parent = self
            .stack
            .last()
            .map(|f| f.name.clone())
            .unwrap_or_default();
        match (depth, frame.name.as_str()) {
            (1, "iati-activity") => self.finish(),
            (2, _) => self.close_in_activity(&frame, &text),
            (3, "narrative") => self.narrative(&frame, &parent, &text),
            (3, _) if parent == "budget" => self.budget_part(&frame, &text),
            _ => {}
        }
    }

    fn narrative(&mut self, frame: &Frame, parent: &str, text: &str) {
        let draft = self.draft.as_mut().expect("inside an activity");
        let n = Narrative {
            lang: frame.attr("xml:lang").unwrap_or(&draft.lang).to_string(),
            text: tidy(text),
        };
        if n.text.is_empty() {
            return;
        }
        match parent {
            "title" => draft.title.push(n),
            "description" => draft.description.push(n),
            "reporting-org" | "participating-org" => draft.org.names.push(n),
            _ => {}
        }
    }

    fn close_in_activity(&mut self, frame: &Frame, text: &str) {
        let element = frame.name.as_str();
        match element {
            "iati-identifier" => {
                let id = text.trim().to_string();
                self.draft_mut().identifiers.push(id);
            }
            "reporting-org" => {
                let org = std::mem::take(&mut self.draft_mut().org);
                if org.reference.is_none() {
                    self.error(
                        frame.line,
                        "reporting-org/@ref",
                        "",
                        "the reporting organisation's identifier is required",
                    );
                }
                let draft = self.draft_mut();
                if draft.reporting_org.is_some() {
                    let line = frame.line;
                    self.error(
                        line,
                        "reporting-org",
                        "",
                        "an activity has one reporting organisation",
                    );
                } else {
                    draft.reporting_org = Some((frame.line, org));
                }
            }
            "participating-org" => self.participating_org(frame),
            "activity-status" => self.status(frame),
            "activity-date" => self.date(frame),
            "recipient-country" => self.recipient_country(frame),
            "recipient-region" => {
                let share = self.percentage(frame, "recipient-region/@percentage");
                self.draft_mut().recipient_shares.push((frame.line, share));
            }
            "sector" => self.sector(frame),
            "budget" => self.budget(frame),
            _ => {}
        }
    }

    fn draft_mut(&mut self) -> &mut Draft {
        self.draft.as_mut().expect("inside an activity")
    }

    fn participating_org(&mut self, frame: &Frame) {
        let mut org = std::mem::take(&mut self.draft_mut().org);
        match frame.attr("role") {
            None => self.error(
                frame.line,
                "participating-org/@role",
                "",
                "a participating organisation's role is required",
            ),
            Some(code) => match OrgRole::from_code(code) {
                Some(role) => org.role = Some(role),
                None => self.error(
                    frame.line,
                    "participating-org/@role",
                    code,
                    "not a role of the OrganisationRole codelist (1 funding, 2 accountable, 3 extending, 4 implementing)",
                ),
            },
        }
        if org.reference.is_none() && org.names.is_empty() {
            self.error(
                frame.line,
                "participating-org",
                "",
                "a participating organisation has an identifier (@ref) or a name",
            );
        }
        self.draft_mut().participating_orgs.push(org);
    }

    fn status(&mut self, frame: &Frame) {
        let code = frame.attr("code").unwrap_or("");
        match Status::from_code(code) {
            Some(s) => self.draft_mut().status = Some(s),
            None => self.error(
                frame.line,
                "activity-status/@code",
                code,
                "not a code of the ActivityStatus codelist (1 to 6)",
            ),
        }
    }

    fn iso_date(&mut self, frame: &Frame, element: &str) -> Option<Date> {
        match frame.attr("iso-date") {
            None => {
                self.error(frame.line, element, "", "an iso-date is required");
                None
            }
            Some(text) => match text.parse::<Date>() {
                Ok(d) => Some(d),
                Err(e) => {
                    self.error(frame.line, element, text, &e.to_string());
                    None
                }
            },
        }
    }

    fn date(&mut self, frame: &Frame) {
        let date = self.iso_date(frame, "activity-date/@iso-date");
        let kind = frame.attr("type").unwrap_or("");
        if matches!(kind, "1" | "2") {
            self.draft_mut().start_given = true;
        }
        let Some(date) = date else { return };
        let dates = &mut self.draft_mut().dates;
        let slot = match kind {
            "1" => &mut dates.planned_start,
            "2" => &mut dates.actual_start,
            "3" => &mut dates.planned_end,
            "4" => &mut dates.actual_end,
            _ => {
                self.error(
                    frame.line,
                    "activity-date/@type",
                    kind,
                    "not a code of the ActivityDateType codelist (1 planned start, 2 actual start, 3 planned end, 4 actual end)",
                );
                return;
            }
        };
        *slot = Some(date);
    }

    fn percentage(&mut self, frame: &Frame, element: &str) -> Option<f64> {
        let text = frame.attr("percentage")?;
        match text.parse::<f64>() {
            Ok(p) if p.is_finite() && (0.0..=100.0).contains(&p) => Some(p),
            _ => {
                self.error(
                    frame.line,
                    element,
                    text,
                    "a percentage is a number from 0 to 100",
                );
                // Reported once: the sum of shares is not checked again.
                Some(f64::NAN)
            }
        }
    }

    fn recipient_country(&mut self, frame: &Frame) {
        let percentage = self.percentage(frame, "recipient-country/@percentage");
        self.draft_mut()
            .recipient_shares
            .push((frame.line, percentage));
        let code = frame.attr("code").unwrap_or("").to_ascii_uppercase();
        let Some((alpha3, name)) = self.codes.country(&code) else {
            let given = frame.attr("code").unwrap_or("").to_string();
            self.error(
                frame.line,
                "recipient-country/@code",
                &given,
                "not an ISO 3166-1 alpha-2 country code",
            );
            return;
        };
        let (alpha3, name) = (alpha3.to_string(), name.to_string());
        let state = self.reference.find_state(&alpha3);
        if state.is_none() {
            self.out.warnings.push(format!(
                "{}: line {}: recipient country {code} ({name}) is no State party of the reference; no need of it can be matched",
                self.file, frame.line
            ));
        }
        let recipient = Recipient {
            country: code,
            state: state.map(|s| self.reference.state(s).code.clone()),
            name: state.map_or(name, |s| self.reference.state(s).name.clone()),
            percentage,
        };
        self.draft_mut().recipients.push(recipient);
    }

    fn sector(&mut self, frame: &Frame) {
        let percentage = self.percentage(frame, "sector/@percentage");
        let vocabulary = frame.attr("vocabulary").unwrap_or("1").to_string();
        let code = frame.attr("code").unwrap_or("").to_string();
        let digits = match vocabulary.as_str() {
            "1" => 5,
            "2" => 3,
            _ => 0,
        };
        if code.is_empty() || (digits > 0 && !is_digits(&code, digits)) {
            let rule = if digits == 0 {
                "a sector code is required".to_string()
            } else {
                format!("a sector of vocabulary {vocabulary} is a DAC code of {digits} digits")
            };
            self.error(frame.line, "sector/@code", &code, &rule);
            return;
        }
        let known = (vocabulary == "1")
            .then(|| self.codes.sector(&code))
            .flatten();
        let sector = Sector {
            name: known.map(|s| s.name.clone()),
            relevant: known.is_some_and(|s| s.relevant),
            vocabulary,
            code,
            percentage,
        };
        self.draft_mut().sectors.push((frame.line, sector));
    }

    fn budget_part(&mut self, frame: &Frame, text: &str) {
        match frame.name.as_str() {
            "period-start" => {
                let d = self.iso_date(frame, "budget/period-start/@iso-date");
                let b = &mut self.draft_mut().budget;
                b.broken |= d.is_none();
                b.start = d;
            }
            "period-end" => {
                let d = self.iso_date(frame, "budget/period-end/@iso-date");
                let b = &mut self.draft_mut().budget;
                b.broken |= d.is_none();
                b.end = d;
            }
            "value" => self.budget_value(frame, text),
            _ => {}
        }
    }

    fn budget_value(&mut self, frame: &Frame, text: &str) {
        let errors_before = self.out.errors.len();
        self.budget_value_parts(frame, text);
        if self.out.errors.len() > errors_before {
            self.draft_mut().budget.broken = true;
        }
    }

    fn budget_value_parts(&mut self, frame: &Frame, text: &str) {
        let text = text.trim();
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => self.draft_mut().budget.value = Some(v),
            _ => self.error(
                frame.line,
                "budget/value",
                text,
                "a value is a number (a decimal point, no thousands separator)",
            ),
        }
        match frame.attr("value-date") {
            None => self.error(
                frame.line,
                "budget/value/@value-date",
                "",
                "a value date is required (the day of the exchange rate)",
            ),
            Some(t) => match t.parse::<Date>() {
                Ok(d) => self.draft_mut().budget.value_date = Some(d),
                Err(e) => self.error(frame.line, "budget/value/@value-date", t, &e.to_string()),
            },
        }
        let currency = frame
            .attr("currency")
            .map(str::to_string)
            .or_else(|| self.draft_mut().default_currency.clone());
        match currency {
            None => self.error(
                frame.line,
                "budget/value/@currency",
                "",
                "a currency is required, on the value or as the activity's default-currency",
            ),
            Some(c) if !self.codes.is_currency(&c) => self.error(
                frame.line,
                "budget/value/@currency",
                &c,
                "not an ISO 4217 currency code tana accepts (data/iati/currencies.csv)",
            ),
            Some(c) => self.draft_mut().budget.currency = Some(c),
        }
    }

    fn budget(&mut self, frame: &Frame) {
        let b = std::mem::take(&mut self.draft_mut().budget);
        for (missing, element) in [
            (b.start.is_none(), "budget/period-start"),
            (b.end.is_none(), "budget/period-end"),
            (b.value.is_none(), "budget/value"),
        ] {
            if missing && !b.broken {
                self.error(
                    frame.line,
                    element,
                    "",
                    "a budget has a period start, a period end and a value",
                );
            }
        }
        if let Some((start, end)) = b.start.zip(b.end).filter(|(s, e)| e < s) {
            self.error(
                frame.line,
                "budget/period-end",
                &end.to_string(),
                &format!("a budget's period ends on or after it starts ({start})"),
            );
            return;
        }
        let (Some(start), Some(end), Some(value), Some(currency), Some(value_date)) =
            (b.start, b.end, b.value, b.currency, b.value_date)
        else {
            return;
        };
        let kind = match frame.attr("type") {
            Some("1") => Some("original".to_string()),
            Some("2") => Some("revised".to_string()),
            _ => None,
        };
        let status = match frame.attr("status") {
            Some("1") => Some("indicative".to_string()),
            Some("2") => Some("committed".to_string()),
            _ => None,
        };
        self.draft_mut().budgets.push(Budget {
            kind,
            status,
            start,
            end,
            value,
            currency,
            value_date,
        });
    }

    /// Checks the rules about a whole activity and keeps it if it breaks none.
    fn finish(&mut self) {
        let Some(d) = self.draft.take() else { return };
        let errors_before = self.out.errors.len();
        let identifier = self.identifier(&d);
        let reporting_org = match &d.reporting_org {
            Some((_, org)) => org.clone(),
            None => {
                self.error(
                    d.line,
                    "reporting-org",
                    "",
                    "an activity has a reporting organisation",
                );
                Organisation::default()
            }
        };
        if d.title.is_empty() {
            self.error(
                d.line,
                "title/narrative",
                &identifier,
                "an activity has a title",
            );
        }
        if !d.start_given {
            self.error(
                d.line,
                "activity-date",
                &identifier,
                "an activity has a planned start date (type 1) or an actual start date (type 2)",
            );
        }
        self.check_ends(&d, &identifier);
        self.check_shares(
            &d.recipient_shares,
            "recipient-country/@percentage",
            "recipient countries and regions",
        );
        let mut vocabularies: Vec<&str> = d
            .sectors
            .iter()
            .map(|(_, s)| s.vocabulary.as_str())
            .collect();
        vocabularies.sort_unstable();
        vocabularies.dedup();
        for v in vocabularies {
            let shares: Vec<(usize, Option<f64>)> = d
                .sectors
                .iter()
                .filter(|(_, s)| s.vocabulary == v)
                .map(|(l, s)| (*l, s.percentage))
                .collect();
            self.check_shares(
                &shares,
                "sector/@percentage",
                &format!("sectors of vocabulary {v}"),
            );
        }
        if self.out.errors.len() > errors_before {
            return;
        }
        let sectors: Vec<Sector> = d.sectors.into_iter().map(|(_, s)| s).collect();
        self.out.activities.push(Activity {
            relevant: sectors.iter().any(|s| s.relevant),
            identifier,
            file: self.file.to_string(),
            line: d.line,
            last_updated: d.last_updated,
            reporting_org,
            participating_orgs: d.participating_orgs,
            title: d.title,
            description: d.description,
            status: d.status,
            dates: d.dates,
            recipients: d.recipients,
            sectors,
            budgets: d.budgets,
        });
    }

    fn identifier(&mut self, d: &Draft) -> String {
        match d.identifiers.as_slice() {
            [] => {
                self.error(
                    d.line,
                    "iati-identifier",
                    "",
                    "an activity has an iati-identifier",
                );
                String::new()
            }
            [id, ..] if id.is_empty() => {
                self.error(
                    d.line,
                    "iati-identifier",
                    "",
                    "the iati-identifier is empty",
                );
                String::new()
            }
            [id, rest @ ..] => {
                if !rest.is_empty() {
                    self.error(
                        d.line,
                        "iati-identifier",
                        id,
                        "an activity has one iati-identifier",
                    );
                }
                if let Some(first) = self.seen.insert(id.clone(), d.line) {
                    let id = id.clone();
                    self.error(
                        d.line,
                        "iati-identifier",
                        &id,
                        &format!("the identifier is already used by the activity of line {first}"),
                    );
                }
                id.clone()
            }
        }
    }

    /// An end before the start of the same kind is no date the activity can have.
    fn check_ends(&mut self, d: &Draft, identifier: &str) {
        let pairs = [
            (d.dates.planned_start, d.dates.planned_end, "planned"),
            (d.dates.actual_start, d.dates.actual_end, "actual"),
        ];
        for (start, end, kind) in pairs {
            let Some((s, e)) = start.zip(end) else {
                continue;
            };
            if e < s {
                self.error(
                    d.line,
                    "activity-date/@iso-date",
                    &format!("{identifier}: {e}"),
                    &format!("the {kind} end is before the {kind} start ({s})"),
                );
            }
        }
    }

    /// Where percentages are given, every share has one and they add up to 100.
    fn check_shares(&mut self, shares: &[(usize, Option<f64>)], element: &str, what: &str) {
        if shares.iter().all(|(_, p)| p.is_none())
            || shares.iter().any(|(_, p)| p.is_some_and(f64::is_nan))
        {
            return;
        }
        let line = shares[0].0;
        if let Some((l, _)) = shares.iter().find(|(_, p)| p.is_none()) {
            self.error(
                *l,
                element,
                "",
                &format!("the {what} have percentages, so each one has one"),
            );
            return;
        }
        let sum: f64 = shares.iter().filter_map(|(_, p)| *p).sum();
        // Two decimals are as precise as publishers write them.
        if (sum - 100.0).abs() > 0.005 {
            self.error(
                line,
                element,
                &format!("{}", (sum * 100.0).round() / 100.0),
                &format!("the percentages of the {what} add up to 100"),
            );
        }
    }
}

fn is_digits(code: &str, n: usize) -> bool {
    code.len() == n && code.bytes().all(|b| b.is_ascii_digit())
}
