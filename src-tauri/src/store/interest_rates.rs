//! The user's own reference-rate rows (`interest_rates`), layered over the tables shipped
//! with the program by `domain::interest::tables`.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::database::{rows, sql_error};
use crate::domain::dates;
use crate::domain::interest::{TableId, UserRate};
use crate::domain::{AppError, AppResult, ErrorCode};

/// Every user row, oldest first per table.
pub fn all(conn: &Connection) -> AppResult<Vec<UserRate>> {
    let raw = rows(
        conn,
        "SELECT rate_table, effective, rate, source, added_at FROM interest_rates
         ORDER BY rate_table, effective",
        [],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        },
    )?;
    raw.into_iter()
        .map(|(table, from, rate, source, added)| {
            let damaged = || {
                AppError::new(
                    ErrorCode::DatabaseCorrupt,
                    format!("A stored rate row ({table} {from}) is damaged"),
                )
            };
            Ok(UserRate {
                table: TableId::parse(&table).ok_or_else(damaged)?,
                from: dates::parse_iso(&from).map_err(|_| damaged())?,
                rate: rate.parse().map_err(|_| damaged())?,
                source,
                added_on: dates::parse_iso(added.get(..10).unwrap_or("")).map_err(|_| damaged())?,
            })
        })
        .collect()
}

/// Stores one checked row; returns its id.
pub fn insert(conn: &Connection, row: &UserRate, now: DateTime<Utc>) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO interest_rates(rate_table, effective, rate, source, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            row.table.as_str(),
            dates::to_iso(row.from),
            row.rate.normalize().to_string(),
            row.source.trim(),
            now.to_rfc3339()
        ],
    )
    .map_err(sql_error)?;
    Ok(conn.last_insert_rowid())
}
