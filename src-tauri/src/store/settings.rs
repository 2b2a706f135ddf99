//! Key/value settings of this installation. Never holds a secret.

use rusqlite::{params, Connection, OptionalExtension};

use super::database::sql_error;
use crate::domain::AppResult;

pub const INSTALL_ID: &str = "install_id";
pub const UI_LANGUAGE: &str = "ui.language";

pub fn get(conn: &Connection, key: &str) -> AppResult<Option<String>> {
    conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
        r.get(0)
    })
    .optional()
    .map_err(sql_error)
}

pub fn set(conn: &Connection, key: &str, value: &str) -> AppResult<()> {
    conn.execute(
        "INSERT INTO settings(key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )
    .map_err(sql_error)?;
    Ok(())
}

pub fn remove(conn: &Connection, key: &str) -> AppResult<()> {
    conn.execute("DELETE FROM settings WHERE key = ?1", [key])
        .map_err(sql_error)?;
    Ok(())
}
