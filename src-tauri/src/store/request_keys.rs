//! `request_keys`: the first result of each client-chosen request key (idempotent writes).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::database::sql_error;
use crate::domain::AppResult;

/// What a key was first used for.
pub struct Used {
    pub operation: String,
    pub fingerprint: String,
    pub result: String,
}

pub fn get(conn: &Connection, key: &str) -> AppResult<Option<Used>> {
    conn.query_row(
        "SELECT operation, fingerprint, result FROM request_keys WHERE key = ?1",
        [key],
        |r| {
            Ok(Used {
                operation: r.get(0)?,
                fingerprint: r.get(1)?,
                result: r.get(2)?,
            })
        },
    )
    .optional()
    .map_err(sql_error)
}

pub fn insert(
    conn: &Connection,
    key: &str,
    operation: &str,
    fingerprint: &str,
    result: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    conn.execute(
        "INSERT INTO request_keys(key, operation, fingerprint, result, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![key, operation, fingerprint, result, now.to_rfc3339()],
    )
    .map_err(sql_error)?;
    Ok(())
}
