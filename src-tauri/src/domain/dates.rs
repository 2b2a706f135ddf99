//! Calendar dates (`YYYY-MM-DD`, no time zone) for due dates, payment dates and deadlines.
//! "Today" is always a parameter: nothing here reads the clock.

use chrono::{Datelike, NaiveDate};

/// The earliest date any field takes.
pub const EARLIEST: (i32, u32, u32) = (1900, 1, 1);
/// The latest year any date may have, whatever today is (year 9999 is a typo, never a date).
pub const LATEST_YEAR: i32 = 2199;
/// How far ahead of today a date may lie (due dates, deadlines, retention ends).
pub const YEARS_AHEAD: u32 = 50;

/// Parses an ISO date as stored and as the CLI takes it; returns the field code `date` for
/// text that is not one and `date_range` for a date before 1900 or after 2199 (year 0, 9999).
pub fn parse_iso(value: &str) -> Result<NaiveDate, &'static str> {
    let v = value.trim();
    if v.len() != 10 {
        return Err("date");
    }
    let d = NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| "date")?;
    let earliest = NaiveDate::from_ymd_opt(EARLIEST.0, EARLIEST.1, EARLIEST.2).expect("date");
    if d < earliest || d.year() > LATEST_YEAR {
        return Err("date_range");
    }
    Ok(d)
}

/// A date that enters through a form or the CLI: [`parse_iso`] and at most
/// [`YEARS_AHEAD`] years after `today` (`date_range`).
pub fn parse_near(value: &str, today: NaiveDate) -> Result<NaiveDate, &'static str> {
    let d = parse_iso(value)?;
    within_reach(d, today)
}

/// `d` when it is at most [`YEARS_AHEAD`] years after `today`, else `date_range`.
pub fn within_reach(d: NaiveDate, today: NaiveDate) -> Result<NaiveDate, &'static str> {
    let limit = today
        .checked_add_months(chrono::Months::new(12 * YEARS_AHEAD))
        .unwrap_or(NaiveDate::MAX);
    if d > limit {
        return Err("date_range");
    }
    Ok(d)
}

/// The stored form.
pub fn to_iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Checks that `from` is not after `to`; returns the field code `date_order`.
pub fn ordered(from: NaiveDate, to: NaiveDate) -> Result<(), &'static str> {
    if from > to {
        Err("date_order")
    } else {
        Ok(())
    }
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// Days overdue on `today` for something due on `due` (0 when not yet overdue).
pub fn days_overdue(due: NaiveDate, today: NaiveDate) -> i64 {
    days_between(due, today).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_iso(s).unwrap()
    }

    #[test]
    fn iso_dates_only() {
        assert_eq!(to_iso(d("2026-02-28")), "2026-02-28");
        for bad in [
            "2026-02-30",
            "26-02-28",
            "2026/02/28",
            "2026-2-8",
            "",
            "2026-02-28T00:00",
        ] {
            assert_eq!(parse_iso(bad), Err("date"), "{bad}");
        }
    }

    #[test]
    fn dates_stay_within_a_sane_window() {
        for bad in [
            "0000-01-01",
            "0001-01-01",
            "1899-12-31",
            "9999-12-31",
            "2200-01-01",
        ] {
            assert_eq!(parse_iso(bad), Err("date_range"), "{bad}");
        }
        assert!(parse_iso("1900-01-01").is_ok());
        let today = d("2026-11-22");
        assert!(parse_near("2076-11-22", today).is_ok());
        assert_eq!(parse_near("2076-11-23", today), Err("date_range"));
    }

    #[test]
    fn order_and_overdue() {
        assert_eq!(ordered(d("2026-01-01"), d("2026-01-01")), Ok(()));
        assert_eq!(ordered(d("2026-01-02"), d("2026-01-01")), Err("date_order"));
        assert_eq!(days_overdue(d("2026-01-31"), d("2026-03-02")), 30);
        assert_eq!(days_overdue(d("2026-03-31"), d("2026-03-02")), 0);
        assert_eq!(days_between(d("2024-02-28"), d("2024-03-01")), 2);
    }
}
