//! The one clock: "now" as a UTC instant and "today" as the user's LOCAL calendar date.
//! Nothing else in the crate reads the system clock (`tests/architecture.rs` checks it);
//! `Core` owns a clock and the front ends ask it (`core.now()`, `core.today()`).
//!
//! Test/support hook: `LAWDESK_NOW=2026-12-04T04:30:00Z` (an RFC 3339 instant) fixes "now"
//! for a whole process; the local date then follows the OS zone (`TZ` on Unix).

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Utc};

use crate::domain::{AppError, AppResult, ErrorCode};

/// The environment variable that fixes "now" (see the module comment).
pub const NOW_VARIABLE: &str = "LAWDESK_NOW";

pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
    /// The user's local calendar date at `now()`.
    fn today(&self) -> NaiveDate;
}

/// The operating system's clock and time zone.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn today(&self) -> NaiveDate {
        Local::now().date_naive()
    }
}

/// A clock that stands still: at `now`, in a fixed offset or in the OS zone.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock {
    now: DateTime<Utc>,
    offset: Option<FixedOffset>,
}

impl FixedClock {
    /// Stopped at `now`; today is read in the OS time zone (`TZ`).
    pub fn in_local_zone(now: DateTime<Utc>) -> FixedClock {
        FixedClock { now, offset: None }
    }

    /// Stopped at `now`; today is the date at `offset` from UTC.
    pub fn at_offset(now: DateTime<Utc>, offset: FixedOffset) -> FixedClock {
        FixedClock {
            now,
            offset: Some(offset),
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.now
    }

    fn today(&self) -> NaiveDate {
        match self.offset {
            Some(offset) => self.now.with_timezone(&offset).date_naive(),
            None => self.now.with_timezone(&Local).date_naive(),
        }
    }
}

/// The file system's time, for a file's modification time only: files are aged against
/// the file system's clock (`check::sweep_uncommitted`), never the practice's calendar,
/// which a test or `LAWDESK_NOW` may fix.
pub fn file_time_now() -> std::time::SystemTime {
    std::time::SystemTime::now()
}

/// The clock a process runs on: fixed when `LAWDESK_NOW` is set, else the system's.
pub fn from_env() -> AppResult<std::sync::Arc<dyn Clock>> {
    match std::env::var(NOW_VARIABLE) {
        Ok(text) => Ok(std::sync::Arc::new(FixedClock::in_local_zone(parse_now(
            &text,
        )?))),
        Err(_) => Ok(std::sync::Arc::new(SystemClock)),
    }
}

fn parse_now(text: &str) -> AppResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            AppError::new(
                ErrorCode::Internal,
                format!("{NOW_VARIABLE} is not an RFC 3339 instant such as 2026-12-04T04:30:00Z"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instant(s: &str) -> DateTime<Utc> {
        parse_now(s).unwrap()
    }

    #[test]
    fn the_local_date_follows_the_offset() {
        let now = instant("2026-12-04T04:30:00Z");
        let new_york = FixedOffset::west_opt(5 * 3600).unwrap();
        let clock = FixedClock::at_offset(now, new_york);
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2026, 12, 3).unwrap());
        assert_eq!(clock.now(), now);
        let shanghai = FixedOffset::east_opt(8 * 3600).unwrap();
        let clock = FixedClock::at_offset(instant("2026-12-02T23:30:00Z"), shanghai);
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2026, 12, 3).unwrap());
    }

    #[test]
    fn a_bad_now_is_refused() {
        assert!(parse_now("yesterday").is_err());
        assert_eq!(
            instant("2026-12-04T06:30:00+02:00"),
            instant("2026-12-04T04:30:00Z")
        );
    }
}
