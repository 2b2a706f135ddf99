//! `check`: verifies the database (integrity_check, foreign keys), the audit trail's and
//! the communication log's hash chains, that attachments match their recorded SHA-256,
//! that every invoice's open amount agrees with its ledger, that attachment files and the
//! rows referring to them match both ways (no file without a row, no row without its file),
//! and that every stored money, date and rate value of invoices, payments, quotes,
//! engagements, plans and letters parses.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::domain::{AppError, AppResult, ErrorCode};
use crate::services::client_file::commlog;
use crate::services::core::Core;
pub use crate::store::audit::{AuditEntry, Verification};
use crate::store::decode::{self, Cell};
use crate::store::{audit, database};

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
    /// Files under `attachments/` that no log entry, payment or letter refers to.
    pub files_without_rows: Vec<String>,
    /// SHA-256 of vouchers and kept letters whose file is missing (log attachments are in
    /// `log.bad_attachments`).
    pub rows_without_files: Vec<String>,
    /// Stored values that do not parse (table, column, row id; never the value).
    pub unreadable_values: Vec<Cell>,
}

/// Files in `attachments/` (relative names) against the rows: (without rows, without files).
fn compare_files(core: &Core, refs: &BTreeSet<String>) -> (Vec<String>, Vec<String>) {
    let root = core.data_dir().join("attachments");
    let mut on_disk = BTreeSet::new();
    let mut orphans = Vec::new();
    for dir in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = file.file_name().to_string_lossy().into_owned();
            if refs.contains(&name) {
                on_disk.insert(name);
            } else {
                orphans.push(format!("{}/{name}", dir.file_name().to_string_lossy()));
            }
        }
    }
    let missing = refs.difference(&on_disk).cloned().collect();
    (orphans, missing)
}

/// Runs every check; an `Err` with code `store.corrupt` carries the findings when not ok.
pub fn run(core: &Core) -> AppResult<CheckReport> {
    let (integrity, fk, ledger_mismatches, audit, refs, unreadable_values) = core.db.read(|c| {
        let (integrity, fk) = database::integrity(c)?;
        Ok((
            integrity,
            fk,
            crate::store::receivables::verify_open(c)?,
            audit::verify(c)?,
            database::referenced_files(c)?,
            decode::unreadable(c)?,
        ))
    })?;
    let log = commlog::verify(core, None)?;
    let (files_without_rows, rows_without_files) = compare_files(core, &refs);
    let ok = integrity == ["ok"]
        && fk == 0
        && log.ok
        && audit.ok
        && ledger_mismatches.is_empty()
        && files_without_rows.is_empty()
        && rows_without_files.is_empty()
        && unreadable_values.is_empty();
    let report = CheckReport {
        ok,
        integrity,
        foreign_key_violations: fk,
        log,
        audit,
        ledger_mismatches,
        files_without_rows,
        rows_without_files,
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

/// The audit trail's chain alone (`lawdesk-cli audit verify`, the Settings button).
pub fn audit_trail(core: &Core) -> AppResult<audit::Verification> {
    let v = core.db.read(audit::verify)?;
    if let Some(b) = &v.first_broken {
        tracing::warn!(row = b.id, kind = ?b.kind, "audit trail verification failed");
    }
    Ok(v)
}

/// The error `lawdesk-cli audit verify` exits with when the chain does not hold.
/// The newest `limit` entries of the audit trail, newest first.
pub fn audit_entries(core: &Core, limit: i64) -> AppResult<Vec<AuditEntry>> {
    core.db.read(|c| audit::recent(c, limit))
}

pub fn audit_error(v: &audit::Verification) -> AppError {
    let row = v.first_broken.as_ref().map(|b| b.id).unwrap_or_default();
    AppError::new(
        ErrorCode::DatabaseCorrupt,
        format!("The audit trail was altered: its hash chain breaks at row {row}"),
    )
}
