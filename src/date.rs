//! Calendar dates, as the registry needs them: the day a review finished and
//! the cut-off date of a sample.
//!
//! The registry never needs times or time zones, so a small proleptic
//! Gregorian date keeps the dependency list short and the ordering trivial.

use std::fmt;
use std::str::FromStr;

/// A calendar day. Ordering is chronological.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Builds a date, refusing days that do not exist (31 April, 29 February 2013).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_1970(self) -> i64 {
        days_from_civil(self.year, self.month, self.day) - days_from_civil(1970, 1, 1)
    }

    /// Days since 1899-12-30, the epoch of spreadsheet serial dates.
    pub fn from_spreadsheet_serial(serial: f64) -> Option<Date> {
        if !(1.0..2_958_466.0).contains(&serial) {
            return None;
        }
        let days = serial.floor() as i64 + days_from_civil(1899, 12, 30);
        let (y, m, d) = civil_from_days(days);
        Date::new(y, m, d)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's well-known days-from-civil algorithm, written out here
// because it is short and exact for every Gregorian date.
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    ((y + i64::from(m <= 2)) as i32, m, d)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The reason a text is not a date, worded for an import error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Accepts ISO dates (`2014-04-28`), optionally followed by a time that is
    /// ignored, because spreadsheets exported to CSV often append one.
    fn from_str(s: &str) -> Result<Date, DateError> {
        let s = s.trim();
        let day_part = s.split(['T', ' ']).next().unwrap_or("");
        let parts: Vec<&str> = day_part.split('-').collect();
        let bad = || DateError(format!("`{s}` is not a date (expected YYYY-MM-DD)"));
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() > 2 || parts[2].len() > 2 {
            return Err(bad());
        }
        let year: i32 = parts[0].parse().map_err(|_| bad())?;
        let month: u8 = parts[1].parse().map_err(|_| bad())?;
        let day: u8 = parts[2].parse().map_err(|_| bad())?;
        Date::new(year, month, day)
            .ok_or_else(|| DateError(format!("`{s}` is not a day of the calendar")))
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(
            "2014-04-28".parse::<Date>().unwrap(),
            Date::new(2014, 4, 28).unwrap()
        );
        assert_eq!(
            "2014-04-28T10:00:00".parse::<Date>().unwrap().to_string(),
            "2014-04-28"
        );
        assert!("2013-02-29".parse::<Date>().is_err());
        assert!("28/04/2014".parse::<Date>().is_err());
        assert!("soon".parse::<Date>().is_err());
        assert!("2024-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn spreadsheet_serials() {
        assert_eq!(
            Date::from_spreadsheet_serial(41757.0).unwrap().to_string(),
            "2014-04-28"
        );
        assert_eq!(
            Date::from_spreadsheet_serial(1.0).unwrap().to_string(),
            "1899-12-31"
        );
    }
}
