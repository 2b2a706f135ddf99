//! The audit history: one append-only row per change (triggers refuse UPDATE and DELETE).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::database::sql_error;
use crate::domain::AppResult;

/// One change. `details` is JSON and must never hold a secret value.
pub fn record(
    conn: &Connection,
    now: DateTime<Utc>,
    action: &str,
    entity: &str,
    entity_id: &str,
    details: &serde_json::Value,
) -> AppResult<()> {
    conn.execute(
        "INSERT INTO audit_log(at, action, entity, entity_id, details) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            now.to_rfc3339(),
            action,
            entity,
            entity_id,
            details.to_string()
        ],
    )
    .map_err(sql_error)?;
    Ok(())
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
}

pub fn recent(conn: &Connection, limit: i64) -> AppResult<Vec<AuditEntry>> {
    let mut st = conn
        .prepare("SELECT at, action, entity, entity_id FROM audit_log ORDER BY id DESC LIMIT ?1")
        .map_err(sql_error)?;
    let rows = st
        .query_map([limit], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                action: r.get(1)?,
                entity: r.get(2)?,
                entity_id: r.get(3)?,
            })
        })
        .map_err(sql_error)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(sql_error)
}
