//! Reference-rate tables: shipped as CSV data compiled into the program (`rates/*.csv`, one
//! row per rate change with its source and the date it was checked), with the user's own
//! rows for newer rates layered on top. Pure: the caller reads the user's rows from the
//! database and passes them in.

use std::sync::OnceLock;

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::domain::dates;
use crate::domain::error::{AppError, AppResult, ErrorCode};

/// The tables the statutory rules read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum TableId {
    /// ECB main refinancing operations (fixed rate tenders), by date of effect.
    #[serde(rename = "ecb_mro")]
    EcbMro,
    /// Deutsche Bundesbank, Basiszinssatz § 247 BGB: one row per half-year.
    #[serde(rename = "de_basiszinssatz")]
    DeBasiszinssatz,
    /// Bank of England Bank Rate, by date of change.
    #[serde(rename = "boe_base")]
    BoeBase,
    /// Bank of Russia key rate (ключевая ставка), by date of effect.
    #[serde(rename = "cbr_key")]
    CbrKey,
    /// China one-year loan prime rate (LPR), by publication date.
    #[serde(rename = "cn_lpr_1y")]
    CnLpr1y,
}

impl TableId {
    pub const ALL: [TableId; 5] = [
        TableId::EcbMro,
        TableId::DeBasiszinssatz,
        TableId::BoeBase,
        TableId::CbrKey,
        TableId::CnLpr1y,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TableId::EcbMro => "ecb_mro",
            TableId::DeBasiszinssatz => "de_basiszinssatz",
            TableId::BoeBase => "boe_base",
            TableId::CbrKey => "cbr_key",
            TableId::CnLpr1y => "cn_lpr_1y",
        }
    }

    pub fn parse(s: &str) -> Option<TableId> {
        TableId::ALL.into_iter().find(|t| t.as_str() == s)
    }

    fn csv(self) -> &'static str {
        match self {
            TableId::EcbMro => include_str!("rates/ecb_mro.csv"),
            TableId::DeBasiszinssatz => include_str!("rates/de_basiszinssatz.csv"),
            TableId::BoeBase => include_str!("rates/boe_base.csv"),
            TableId::CbrKey => include_str!("rates/cbr_key.csv"),
            TableId::CnLpr1y => include_str!("rates/cn_lpr_1y.csv"),
        }
    }

    /// Whether the table must hold a row for every half-year (1 January / 1 July): the
    /// Basiszinssatz is fixed anew for each half-year (§ 247 Abs. 1 BGB), so a missing
    /// half-year is a gap. The other tables list changes only: a rate holds until the next.
    pub fn half_yearly(self) -> bool {
        matches!(self, TableId::DeBasiszinssatz)
    }
}

/// One row: the rate (percent a year) in force from `from` until the next row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateRow {
    pub from: NaiveDate,
    #[serde(with = "rust_decimal::serde::str")]
    pub rate: Decimal,
    pub source: String,
    /// When the row was last checked against its source (shipped rows), or added (user rows).
    pub checked: Option<NaiveDate>,
    /// `shipped` (compiled in) or `user` (added in this data folder).
    pub origin: &'static str,
}

fn parse_csv(table: TableId) -> Vec<RateRow> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(table.csv().as_bytes());
    let mut rows: Vec<RateRow> = reader
        .records()
        .map(|r| {
            let r = r.expect("shipped rate table is valid CSV");
            RateRow {
                from: dates::parse_iso(&r[0]).expect("shipped rate date"),
                rate: r[1].parse().expect("shipped rate"),
                source: r[2].to_string(),
                checked: dates::parse_iso(&r[3]).ok(),
                origin: "shipped",
            }
        })
        .collect();
    rows.sort_by_key(|r| r.from);
    rows
}

/// The shipped rows of `table`, oldest first (parsed once).
pub fn shipped(table: TableId) -> &'static [RateRow] {
    static TABLES: OnceLock<Vec<Vec<RateRow>>> = OnceLock::new();
    let all = TABLES.get_or_init(|| TableId::ALL.into_iter().map(parse_csv).collect());
    let i = TableId::ALL.iter().position(|t| *t == table).unwrap_or(0);
    &all[i]
}

/// A user's row as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRate {
    pub table: TableId,
    pub from: NaiveDate,
    pub rate: Decimal,
    pub source: String,
    pub added_on: NaiveDate,
}

/// Every table with the user's rows layered over the shipped ones.
#[derive(Debug, Clone)]
pub struct RateTables {
    tables: Vec<(TableId, Vec<RateRow>)>,
}

impl RateTables {
    /// The shipped tables alone.
    pub fn shipped() -> RateTables {
        RateTables::layered(&[])
    }

    /// Shipped rows plus the user's rows. A user row never replaces a shipped one (adding
    /// refuses that), so the union is sorted by date.
    pub fn layered(user: &[UserRate]) -> RateTables {
        let tables = TableId::ALL
            .into_iter()
            .map(|t| {
                let mut rows = shipped(t).to_vec();
                rows.extend(user.iter().filter(|u| u.table == t).map(|u| RateRow {
                    from: u.from,
                    rate: u.rate,
                    source: u.source.clone(),
                    checked: Some(u.added_on),
                    origin: "user",
                }));
                rows.sort_by_key(|r| r.from);
                (t, rows)
            })
            .collect();
        RateTables { tables }
    }

    pub fn rows(&self, table: TableId) -> &[RateRow] {
        self.tables
            .iter()
            .find(|(t, _)| *t == table)
            .map(|(_, r)| r.as_slice())
            .unwrap_or(&[])
    }

    /// The row in force on `day` (the last row dated on or before it).
    pub fn in_force(&self, table: TableId, day: NaiveDate) -> AppResult<&RateRow> {
        let rows = self.rows(table);
        let i = rows.partition_point(|r| r.from <= day);
        if i == 0 {
            return Err(AppError::new(
                ErrorCode::InterestNoRate,
                format!(
                    "The {} table has no rate for {}",
                    table.as_str(),
                    dates::to_iso(day)
                ),
            ));
        }
        Ok(&rows[i - 1])
    }

    /// The rows that change the rate strictly after `after` and up to `until`.
    pub fn changes(&self, table: TableId, after: NaiveDate, until: NaiveDate) -> &[RateRow] {
        let rows = self.rows(table);
        let lo = rows.partition_point(|r| r.from <= after);
        let hi = rows.partition_point(|r| r.from <= until);
        &rows[lo..hi.max(lo)]
    }

    /// A warning when the table's newest row took effect more than six months before
    /// `today`: newer rates may exist that the table does not know.
    pub fn staleness(&self, table: TableId, today: NaiveDate) -> Option<Warning> {
        let last = self.rows(table).last()?;
        let limit = today.checked_sub_months(Months::new(6))?;
        (last.from < limit).then(|| Warning {
            code: "rates.stale",
            message: format!(
                "The {} table's newest rate took effect on {}, more than six months ago; add any newer rate with `rates add`",
                table.as_str(),
                dates::to_iso(last.from)
            ),
            table: Some(table),
        })
    }

    /// Checks a row the user wants to add: after the table's last row (the past is shipped
    /// and checked; a row on or before an existing date overlaps), and, for a half-yearly
    /// table, on the next 1 January / 1 July (anything later leaves a gap).
    pub fn check_new(&self, row: &UserRate) -> AppResult<()> {
        if row.rate < Decimal::from(-20) || row.rate > Decimal::from(100) {
            return Err(AppError::field("rate", "rate_range"));
        }
        if row.source.trim().is_empty() {
            return Err(AppError::field("source", "required"));
        }
        let rows = self.rows(row.table);
        if let Some(last) = rows.last() {
            if row.from <= last.from {
                return Err(AppError::new(
                    ErrorCode::InterestRateOverlap,
                    format!(
                        "{} overlaps the {} table, which already runs from {} onwards",
                        dates::to_iso(row.from),
                        row.table.as_str(),
                        dates::to_iso(last.from)
                    ),
                ));
            }
            if row.table.half_yearly() {
                let next = next_half_year(last.from);
                if row.from != next {
                    return Err(AppError::new(
                        ErrorCode::InterestRateGap,
                        format!(
                            "The {} table is fixed per half-year: the next row must take effect on {}",
                            row.table.as_str(),
                            dates::to_iso(next)
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The first day of the half-year after the one holding `day`.
pub fn next_half_year(day: NaiveDate) -> NaiveDate {
    let start = half_year_start(day);
    start
        .checked_add_months(Months::new(6))
        .unwrap_or(NaiveDate::MAX)
}

/// 1 January or 1 July of the half-year holding `day`.
pub fn half_year_start(day: NaiveDate) -> NaiveDate {
    let month = if day.month() >= 7 { 7 } else { 1 };
    NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
}

/// Something the lawyer should know about a computation; it does not stop it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<TableId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso(s).unwrap()
    }

    #[test]
    fn shipped_tables_are_sorted_sourced_and_distinct() {
        for t in TableId::ALL {
            let rows = shipped(t);
            assert!(rows.len() > 5, "{t:?}");
            for w in rows.windows(2) {
                assert!(w[0].from < w[1].from, "{t:?} {:?}", w[1].from);
            }
            assert!(rows.iter().all(|r| !r.source.trim().is_empty()));
        }
        // The Basiszinssatz has a row for every half-year it covers.
        for w in shipped(TableId::DeBasiszinssatz).windows(2) {
            assert_eq!(next_half_year(w[0].from), w[1].from);
        }
    }

    #[test]
    fn in_force_and_changes() {
        let t = RateTables::shipped();
        assert_eq!(
            t.in_force(TableId::EcbMro, d("2023-01-01")).unwrap().rate,
            Decimal::new(250, 2)
        );
        assert_eq!(
            t.in_force(TableId::CbrKey, d("2024-07-29")).unwrap().rate,
            Decimal::from(18)
        );
        assert_eq!(
            t.in_force(TableId::CnLpr1y, d("2019-08-19"))
                .unwrap_err()
                .code,
            ErrorCode::InterestNoRate
        );
        let ch = t.changes(TableId::CbrKey, d("2024-07-28"), d("2024-10-28"));
        assert_eq!(ch.len(), 3);
    }

    #[test]
    fn new_rows_may_neither_overlap_nor_leave_a_gap() {
        let t = RateTables::shipped();
        let row = |table, from: &str| UserRate {
            table,
            from: d(from),
            rate: Decimal::new(100, 2),
            source: "Bundesanzeiger".into(),
            added_on: d("2026-12-03"),
        };
        let last = t.rows(TableId::DeBasiszinssatz).last().unwrap().from;
        let err = t
            .check_new(&row(TableId::DeBasiszinssatz, &dates::to_iso(last)))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InterestRateOverlap);
        let gap = next_half_year(next_half_year(last));
        let err = t
            .check_new(&row(TableId::DeBasiszinssatz, &dates::to_iso(gap)))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InterestRateGap);
        let next = next_half_year(last);
        t.check_new(&row(TableId::DeBasiszinssatz, &dates::to_iso(next)))
            .unwrap();
        // A change-based table takes any later date.
        t.check_new(&row(TableId::CbrKey, "2026-11-02")).unwrap();
        let early = t
            .check_new(&row(TableId::CbrKey, "2020-01-01"))
            .unwrap_err();
        assert_eq!(early.code, ErrorCode::InterestRateOverlap);
        let mut bad = row(TableId::CbrKey, "2026-11-02");
        bad.rate = Decimal::from(500);
        assert_eq!(t.check_new(&bad).unwrap_err().fields[0].code, "rate_range");
    }

    #[test]
    fn a_table_older_than_six_months_warns() {
        let t = RateTables::shipped();
        let last = t.rows(TableId::CbrKey).last().unwrap().from;
        assert!(t.staleness(TableId::CbrKey, last).is_none());
        let later = last.checked_add_months(Months::new(7)).unwrap();
        let w = t.staleness(TableId::CbrKey, later).unwrap();
        assert_eq!(w.code, "rates.stale");
        let user = RateTables::layered(&[UserRate {
            table: TableId::CbrKey,
            from: later,
            rate: Decimal::from(15),
            source: "Информация Банка России".into(),
            added_on: later,
        }]);
        assert!(user.staleness(TableId::CbrKey, later).is_none());
        assert_eq!(user.rows(TableId::CbrKey).last().unwrap().origin, "user");
    }
}
