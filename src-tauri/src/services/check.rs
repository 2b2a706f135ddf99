//! `check`: verifies the database (integrity_check, foreign keys), the audit trail's and
//! the communication log's hash chains, that attachments match their recorded SHA-256, and that every invoice's
//! open amount agrees with its ledger.

use serde::Serialize;

use super::commlog;
use super::core::Core;
use crate::domain::{AppError, AppResult, ErrorCode};
use crate::store::{audit, sql_error};

#[derive(Debug, Serialize)]
pub struct CheckReport {
    pub ok: bool,
    pub integrity: Vec<String>,
    pub foreign_key_violations: usize,
    pub log: commlog::Verification,
    /// The audit trail's hash chain and its first broken row.
    pub audit: audit::Verification,
    /// Invoices whose kept open amount differs from what the ledger adds up to.
    pub ledger_mismatches: Vec<i64>,
}

/// Runs every check; an `Err` with code `store.corrupt` carries the findings when not ok.
pub fn run(core: &Core) -> AppResult<CheckReport> {
    let (integrity, fk, ledger_mismatches, audit) = core.db.read(|c| {
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
            audit::verify(c)?,
        ))
    })?;
    let log = commlog::verify(core, None)?;
    let ok = integrity == ["ok"] && fk == 0 && log.ok && audit.ok && ledger_mismatches.is_empty();
    let report = CheckReport {
        ok,
        integrity,
        foreign_key_violations: fk,
        log,
        audit,
        ledger_mismatches,
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

/// The audit trail's chain alone (`lawdesk-cli audit verify`, the Settings button).
pub fn audit_trail(core: &Core) -> AppResult<audit::Verification> {
    let v = core.db.read(audit::verify)?;
    if let Some(b) = &v.first_broken {
        tracing::warn!(row = b.id, kind = ?b.kind, "audit trail verification failed");
    }
    Ok(v)
}

/// The error `lawdesk-cli audit verify` exits with when the chain does not hold.
pub fn audit_error(v: &audit::Verification) -> AppError {
    let row = v.first_broken.as_ref().map(|b| b.id).unwrap_or_default();
    AppError::new(
        ErrorCode::DatabaseCorrupt,
        format!("The audit trail was altered: its hash chain breaks at row {row}"),
    )
}
