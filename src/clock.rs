//! The clock: the one place tana reads the time, so that the domain, the
//! analysis and the report never do (they take dates as arguments), and
//! the command line and the portal agree on what "now" is.

use crate::date::Date;

/// Seconds since 1970-01-01 UTC: when a change is logged, when a session
/// expires.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Today, in UTC.
pub fn today() -> Option<Date> {
    day_of(now())
}

/// The day a moment (seconds since 1970) falls on, in UTC.
pub fn day_of(seconds: i64) -> Option<Date> {
    // Spreadsheet serial dates count days from 1899-12-30; 1970-01-01 is 25569.
    let days = seconds.div_euclid(86_400) as f64 + 25_569.0;
    Date::from_spreadsheet_serial(days)
}

#[cfg(test)]
mod tests {
    #[test]
    fn moments_fall_on_their_days() {
        assert_eq!(super::day_of(0).unwrap().to_string(), "1970-01-01");
        // 2014-04-28T12:00:00Z
        assert_eq!(
            super::day_of(1_398_686_400).unwrap().to_string(),
            "2014-04-28"
        );
        assert_eq!(super::day_of(-1).unwrap().to_string(), "1969-12-31");
    }
}
