//! `check`: verifies the database (integrity_check, foreign keys), the audit trail's and
//! the communication log's hash chains, that attachments match their recorded SHA-256,
//! that every invoice's open amount agrees with its ledger, that attachment files and the
//! rows referring to them match both ways (no file without a row, no row without its file;
//! a file younger than ten minutes without a row is a write in flight, `files_pending`),
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
    /// The same, younger than ten minutes: a write in flight, or one a killed process left
    /// (removed when the folder is next opened after that); not a finding.
    pub files_pending: Vec<String>,
    /// SHA-256 of vouchers and kept letters whose file is missing (log attachments are in
    /// `log.bad_attachments`).
    pub rows_without_files: Vec<String>,
    /// Stored values that do not parse (table, column, row id; never the value).
    pub unreadable_values: Vec<Cell>,
}

/// How long a file in `attachments/` may be without a row before it counts as the leftover
/// of a process killed between writing it and committing its row (a write in flight takes
/// well under this). Younger, it is `files_pending`; older, [`sweep_uncommitted`] removes it.
pub const UNCOMMITTED_GRACE: std::time::Duration = std::time::Duration::from_secs(600);

/// The files in `attachments/` that no row refers to (relative names): (older than
/// [`UNCOMMITTED_GRACE`], younger), and the referenced files that are missing.
#[allow(clippy::type_complexity)]
fn compare_files(
    core: &Core,
    refs: &BTreeSet<String>,
) -> (Vec<(String, std::path::PathBuf)>, Vec<String>, Vec<String>) {
    let root = core.data_dir().join("attachments");
    let mut on_disk = BTreeSet::new();
    let (mut old, mut young) = (Vec::new(), Vec::new());
    for dir in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = file.file_name().to_string_lossy().into_owned();
            if refs.contains(&name) {
                on_disk.insert(name);
                continue;
            }
            let relative = format!("{}/{name}", dir.file_name().to_string_lossy());
            let aged = file
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|d| d >= UNCOMMITTED_GRACE));
            match aged {
                true => old.push((relative, file.path())),
                false => young.push(relative),
            }
        }
    }
    let missing = refs.difference(&on_disk).cloned().collect();
    (old, young, missing)
}

/// Removes what a process killed mid-write left in `attachments/`: files (and `.part`
/// files) no row refers to, older than [`UNCOMMITTED_GRACE`]. A file is written before its
/// row commits, so one without a row is never data the user has. Run when a data folder
/// opens; returns how many were removed.
pub fn sweep_uncommitted(core: &Core) -> AppResult<usize> {
    let refs = core.db.read(database::referenced_files)?;
    let (old, _, _) = compare_files(core, &refs);
    let mut removed = 0;
    for (name, path) in old {
        if std::fs::remove_file(&path).is_ok() {
            tracing::info!(file = %name, "removed a file an interrupted write left without its row");
            removed += 1;
        }
    }
    Ok(removed)
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
    let (old, files_pending, rows_without_files) = compare_files(core, &refs);
    let files_without_rows: Vec<String> = old.into_iter().map(|(name, _)| name).collect();
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
        files_pending,
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
