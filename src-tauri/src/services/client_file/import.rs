//! Client list import (CSV, XLSX) and export (CSV). An import never half-applies: a
//! malformed file imports nothing and names its line; otherwise every row is either
//! imported or rejected with its row number and reason, the imported ones in one transaction.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use crate::domain::client::Client;
use crate::domain::lang::Lang;
use crate::domain::names;
use crate::domain::{AppError, AppResult, ErrorCode};
use crate::import::{mapping, table};
use crate::services::core::Core;
use crate::services::files::{self, FileGuard};
use crate::store::{audit, clients, conflicts, firm};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rejected {
    /// The row's line in the file (the header is line 1).
    pub row: usize,
    pub code: String,
    pub field: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub format: &'static str,
    pub encoding: String,
    pub headers: Vec<String>,
    pub mapping: Vec<String>,
    /// The columns no field was chosen for, by header: their cells are not imported.
    pub ignored: Vec<String>,
    pub fields: &'static [&'static str],
    /// The first rows as read, for the preview.
    pub preview: Vec<Vec<String>>,
    pub dry_run: bool,
    pub imported: usize,
    pub conflicts: usize,
    pub rejected: Vec<Rejected>,
}

fn check_mapping(headers: &[String], mapping: &[String]) -> AppResult<()> {
    if mapping.len() != headers.len() {
        return Err(AppError::field("mapping", "mapping_length"));
    }
    for m in mapping {
        if !m.is_empty() && !mapping::FIELDS.contains(&m.as_str()) {
            return Err(AppError::field("mapping", "unknown_field"));
        }
    }
    if !mapping.iter().any(|m| m == "name") {
        return Err(AppError::field("mapping", "mapping_name"));
    }
    let mut seen = Vec::new();
    let single = |m: &&String| !m.is_empty() && !mapping::MULTI.contains(&m.as_str());
    for m in mapping.iter().filter(single) {
        if seen.contains(&m) {
            return Err(AppError::field("mapping", "mapping_duplicate"));
        }
        seen.push(m);
    }
    Ok(())
}

/// The suggested mapping of `bytes`' headers with `pairs` (`HEADER=FIELD`, `HEADER=` to
/// ignore a column) laid over it; `None` (the suggestion is used as is) without pairs.
pub fn mapping_with(bytes: &[u8], pairs: &[String]) -> AppResult<Option<Vec<String>>> {
    if pairs.is_empty() {
        return Ok(None);
    }
    let t = table::read(bytes)?;
    let mut m = mapping::suggest(&t.headers);
    for pair in pairs {
        let (header, field) = pair
            .split_once('=')
            .ok_or_else(|| AppError::field("map", "mapping_syntax"))?;
        let i = t
            .headers
            .iter()
            .position(|h| h == header.trim())
            .ok_or_else(|| AppError::field("map", "mapping_header"))?;
        m[i] = field.trim().to_string();
    }
    Ok(Some(m))
}

/// Reads, maps and validates `bytes`; imports the valid rows unless `dry_run`.
pub fn import_clients(
    core: &Core,
    bytes: &[u8],
    mapping: Option<Vec<String>>,
    dry_run: bool,
    now: DateTime<Utc>,
) -> AppResult<ImportReport> {
    let t = table::read(bytes)?;
    let mapping = mapping.unwrap_or_else(|| mapping::suggest(&t.headers));
    check_mapping(&t.headers, &mapping)?;
    let lang = core
        .db
        .read(firm::get_profile)?
        .map(|p| p.profile.default_language)
        .unwrap_or(Lang::En);
    let mut valid: Vec<(usize, Client)> = Vec::new();
    let mut rejected = Vec::new();
    for (i, row) in t.rows.iter().enumerate() {
        let line = i + 2;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match mapping::row_to_input(&mapping, row).validate(lang) {
            Ok(c) => valid.push((line, c)),
            Err(e) => {
                let first = e.fields.first();
                rejected.push(Rejected {
                    row: line,
                    code: first
                        .map(|f| f.code.to_string())
                        .unwrap_or_else(|| e.code.as_str().to_string()),
                    field: first.map(|f| f.field.clone()),
                    message: e.message,
                });
            }
        }
    }
    let mut conflict_count = 0;
    if !dry_run && !valid.is_empty() {
        conflict_count = core
            .db
            .write(|tx| insert_all(tx, &valid, rejected.len(), now))?;
    }
    let ignored = ignored_columns(&t.headers, &mapping, &t.rows);
    Ok(ImportReport {
        format: t.format,
        encoding: t.encoding,
        preview: t.rows.iter().take(10).cloned().collect(),
        headers: t.headers,
        mapping,
        ignored,
        fields: mapping::FIELDS,
        dry_run,
        imported: valid.len(),
        conflicts: conflict_count,
        rejected,
    })
}

/// Inserts the valid rows in the caller's transaction, each checked for conflicts and
/// audited with what it holds (the identity number only as set); returns how many had hits.
fn insert_all(
    tx: &crate::store::Tx<'_>,
    valid: &[(usize, Client)],
    rejected: usize,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let mut hits_total = 0;
    for (_, c) in valid {
        let hits = conflicts::find(
            tx,
            &names::conflict_key(&c.name),
            &names::fold(&c.id_number).replace(' ', ""),
        )?;
        let id = clients::insert(tx, c, now)?;
        if !hits.is_empty() {
            hits_total += 1;
            conflicts::record(tx, Some(id), None, &c.name, &hits, now)?;
        }
        audit::record_diff(
            tx,
            now,
            ("import", "client", &id.to_string()),
            json!({ "conflicts": hits.len() }),
            Some(id.0),
            (None::<&()>, c),
            &["id_number"],
        )?;
    }
    audit::record(
        tx,
        now,
        "import",
        "client_list",
        "",
        &json!({ "imported": valid.len(), "rejected": rejected }),
    )?;
    Ok(hits_total)
}

/// The columns mapped to no field that hold something, by header (`#3` for a column
/// without one): what the import leaves out, said before it runs.
fn ignored_columns(headers: &[String], mapping: &[String], rows: &[Vec<String>]) -> Vec<String> {
    let filled = |i: usize| {
        rows.iter()
            .any(|r| r.get(i).is_some_and(|c| !c.trim().is_empty()))
    };
    headers
        .iter()
        .zip(mapping)
        .enumerate()
        .filter(|(i, (_, m))| m.is_empty() && filled(*i))
        .map(|(i, (h, _))| match h.trim() {
            "" => format!("#{}", i + 1),
            h => h.to_string(),
        })
        .collect()
}

/// All clients as CSV (UTF-8 with a BOM, so Excel opens Chinese and Cyrillic correctly;
/// a cell a spreadsheet would run as a formula is kept as text, `table::spreadsheet_safe`),
/// with the field names of `client add` as header: it imports back without mapping.
pub fn export_clients_csv(core: &Core) -> AppResult<(String, usize)> {
    core.db.read(|conn| {
        let mut w = csv::Writer::from_writer(Vec::new());
        let io = |e: csv::Error| AppError::new(ErrorCode::Io, format!("CSV: {e}"));
        w.write_record(mapping::FIELDS).map_err(io)?;
        let n = clients::each_export_row(conn, |rec| {
            let cells = rec.iter().map(|c| table::spreadsheet_safe(c).into_owned());
            w.write_record(cells).map_err(io)
        })?;
        let bytes = w
            .into_inner()
            .map_err(|e| AppError::new(ErrorCode::Io, e.to_string()))?;
        let text = String::from_utf8(bytes).map_err(|e| AppError::internal(e.to_string()))?;
        Ok((format!("\u{feff}{text}"), n))
    })
}

/// The client list written to `to`, a file the user chose outside the data folder: written
/// as `.<name>.part` beside it, the export recorded in the audit trail (who took the whole
/// confidential list out, when, how many clients, under which file name), then renamed into
/// place. A failure — a full disk, a missing folder — leaves neither a partial file nor an
/// audit row, and a file already at `to` stays as it was until the rename. How many clients.
pub fn export_clients_to(core: &Core, to: &Path, now: DateTime<Utc>) -> AppResult<usize> {
    files::check_file_target(core.data_dir(), to, "out")?;
    let (csv, count) = export_clients_csv(core)?;
    let mut files = FileGuard::in_folder(core.data_dir());
    files.stage(to, csv.as_bytes())?;
    let file = to
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    core.db.write(|tx| {
        audit::record(
            tx,
            now,
            "export",
            "client_list",
            "all",
            &json!({ "clients": count, "file": file }),
        )
    })?;
    files.commit()?;
    Ok(count)
}
