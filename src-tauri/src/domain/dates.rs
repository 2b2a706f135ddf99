//! Calendar dates (`YYYY-MM-DD`, no time zone) for due dates, payment dates and deadlines.
//! "Today" is always a parameter: nothing here reads the clock.

use chrono::NaiveDate;

/// Parses an ISO date as stored and as the CLI takes it; returns the field code `date`.
pub fn parse_iso(value: &str) -> Result<NaiveDate, &'static str> {
    let v = value.trim();
    if v.len() != 10 {
        return Err("date");
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| "date")
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
    fn order_and_overdue() {
        assert_eq!(ordered(d("2026-01-01"), d("2026-01-01")), Ok(()));
        assert_eq!(ordered(d("2026-01-02"), d("2026-01-01")), Err("date_order"));
        assert_eq!(days_overdue(d("2026-01-31"), d("2026-03-02")), 30);
        assert_eq!(days_overdue(d("2026-03-31"), d("2026-03-02")), 0);
        assert_eq!(days_between(d("2024-02-28"), d("2024-03-01")), 2);
    }
}
