//! Gapless document numbers. A number is taken inside the transaction that writes its
//! document: if the document is not saved, the number is not taken either. The table's
//! trigger lets a sequence move only up by one, so a number is never reused.

use rusqlite::Connection;

use super::database::sql_error;
use crate::domain::AppResult;

/// Takes the next number of sequence `name` (`invoice/2026`, …), starting at 1.
pub fn next(conn: &Connection, name: &str) -> AppResult<i64> {
    conn.prepare_cached(
        "INSERT INTO number_sequences(name, last) VALUES (?1, 1)
         ON CONFLICT(name) DO UPDATE SET last = last + 1 RETURNING last",
    )
    .and_then(|mut st| st.query_row([name], |r| r.get(0)))
    .map_err(sql_error)
}

/// The last number taken in `name` (0 when none).
pub fn last(conn: &Connection, name: &str) -> AppResult<i64> {
    conn.query_row(
        "SELECT coalesce((SELECT last FROM number_sequences WHERE name = ?1), 0)",
        [name],
        |r| r.get(0),
    )
    .map_err(sql_error)
}

/// `PREFIX-2026-0007`: the printed form of a document number.
pub fn format_number(prefix: &str, year: i32, n: i64) -> String {
    if prefix.is_empty() {
        format!("{year}-{n:04}")
    } else {
        format!("{prefix}-{year}-{n:04}")
    }
}
