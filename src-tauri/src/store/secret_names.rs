//! The names of the keychain entries this installation owns (the keychain cannot list them).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::database::sql_error;
use crate::domain::AppResult;

pub fn add(conn: &Connection, name: &str, now: DateTime<Utc>) -> AppResult<()> {
    conn.execute(
        "INSERT INTO secret_names(name, created_at) VALUES (?1, ?2) ON CONFLICT(name) DO NOTHING",
        params![name, now.to_rfc3339()],
    )
    .map_err(sql_error)?;
    Ok(())
}

pub fn remove(conn: &Connection, name: &str) -> AppResult<bool> {
    let n = conn
        .execute("DELETE FROM secret_names WHERE name = ?1", [name])
        .map_err(sql_error)?;
    Ok(n > 0)
}

pub fn list(conn: &Connection) -> AppResult<Vec<String>> {
    let mut st = conn
        .prepare("SELECT name FROM secret_names ORDER BY name")
        .map_err(sql_error)?;
    let rows = st.query_map([], |r| r.get(0)).map_err(sql_error)?;
    rows.collect::<Result<Vec<String>, _>>().map_err(sql_error)
}
