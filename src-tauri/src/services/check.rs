//! `check`: verifies the database (integrity_check, foreign keys), the communication-log
//! hash chains, that attachments match their recorded SHA-256, that every invoice's
//! open amount agrees with its ledger, and that every stored money, date and rate value of
//! invoices, payments, quotes, engagements, plans and letters parses.

use serde::Serialize;

use super::commlog;
use super::core::Core;
use crate::domain::{AppError, AppResult, ErrorCode};
use crate::store::decode::{self, Cell};
use crate::store::sql_error;

#[derive(Debug, Serialize)]
pub struct CheckReport {
    pub ok: bool,
    pub integrity: Vec<String>,
    pub foreign_key_violations: usize,
    pub log: commlog::Verification,
    /// Invoices whose kept open amount differs from what the ledger adds up to.
    pub ledger_mismatches: Vec<i64>,
    /// Stored values that do not parse (table, column, row id; never the value).
    pub unreadable_values: Vec<Cell>,
}

/// Runs every check; an `Err` with code `store.corrupt` carries the findings when not ok.
pub fn run(core: &Core) -> AppResult<CheckReport> {
    let (integrity, fk, ledger_mismatches, unreadable_values) = core.db.read(|c| {
        let mut st = c.prepare("PRAGMA integrity_check").map_err(sql_error)?;
        let integrity: Vec<String> = st
            .query_map([], |r| r.get(0))
            .map_err(sql_error)?
            .collect::<Result<_, _>>()
            .map_err(sql_error)?;
        let mut st = c.prepare("PRAGMA foreign_key_check").map_err(sql_error)?;
        let fk = st.query_map([], |_| Ok(())).map_err(sql_error)?.count();
        Ok((
            integrity,
            fk,
            crate::store::receivables::verify_open(c)?,
            decode::unreadable(c)?,
        ))
    })?;
    let log = commlog::verify(core, None)?;
    let ok = integrity == ["ok"]
        && fk == 0
        && log.ok
        && ledger_mismatches.is_empty()
        && unreadable_values.is_empty();
    let report = CheckReport {
        ok,
        integrity,
        foreign_key_violations: fk,
        log,
        ledger_mismatches,
        unreadable_values,
    };
    if !ok {
        let findings = serde_json::to_string(&report).unwrap_or_default();
        return Err(AppError::new(
            ErrorCode::DatabaseCorrupt,
            format!("The check found problems: {findings}"),
        ));
    }
    Ok(report)
}
