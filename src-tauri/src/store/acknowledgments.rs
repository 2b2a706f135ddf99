//! `debt_acknowledgments` (migration 0012): the debtor's signed written acknowledgments,
//! append-only, and what the use case checks them against (when the client's open debts
//! were incurred).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::database::{rows, sql_error};
use super::decode;
use crate::domain::collections::acknowledgment::ValidAcknowledgment;
use crate::domain::dates;
use crate::domain::ids::ClientId;
use crate::domain::{AppError, AppResult};

/// One acknowledgment as the screens and the CLI show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AcknowledgmentRow {
    pub id: i64,
    pub client_id: i64,
    pub invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub acknowledged_on: String,
    pub note: String,
    pub created_at: String,
}

const SELECT: &str =
    "SELECT a.id, a.client_id, a.invoice_id, i.number, a.acknowledged_on, a.note, a.created_at
     FROM debt_acknowledgments a LEFT JOIN invoices i ON i.id = a.invoice_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AcknowledgmentRow> {
    Ok(AcknowledgmentRow {
        id: r.get(0)?,
        client_id: r.get(1)?,
        invoice_id: r.get(2)?,
        invoice_number: r.get(3)?,
        acknowledged_on: r.get(4)?,
        note: r.get(5)?,
        created_at: r.get(6)?,
    })
}

pub fn insert(conn: &Connection, a: &ValidAcknowledgment, now: DateTime<Utc>) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO debt_acknowledgments(client_id, invoice_id, acknowledged_on, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            a.client_id,
            a.invoice_id,
            dates::to_iso(a.acknowledged_on),
            a.note,
            now.to_rfc3339()
        ],
    )
    .map_err(sql_error)?;
    Ok(conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: i64) -> AppResult<AcknowledgmentRow> {
    conn.query_row(&format!("{SELECT} WHERE a.id = ?1"), [id], row)
        .optional()
        .map_err(sql_error)?
        .ok_or_else(|| AppError::not_found("The acknowledgment"))
}

/// A client's acknowledgments, latest first.
pub fn list(conn: &Connection, client: ClientId) -> AppResult<Vec<AcknowledgmentRow>> {
    rows(
        conn,
        &format!("{SELECT} WHERE a.client_id = ?1 ORDER BY a.acknowledged_on DESC, a.id DESC"),
        [client.0],
        row,
    )
}

/// The issue date of the client's earliest open invoice (none when nothing is open).
pub fn first_open_issued(conn: &Connection, client: ClientId) -> AppResult<Option<NaiveDate>> {
    let found: Option<(i64, String)> = conn
        .query_row(
            "SELECT i.id, i.issued_on FROM invoice_open io JOIN invoices i ON i.id = io.invoice_id
             WHERE io.client_id = ?1 AND io.open_minor > 0 ORDER BY i.issued_on, i.id LIMIT 1",
            [client.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(sql_error)?;
    found
        .map(|(id, on)| decode::date("invoices", "issued_on", id, &on))
        .transpose()
}

/// (client, invoice named or none, date) of the acknowledgments made on or before `as_of`,
/// of one client or all: what the legal clocks restart from.
pub fn made_by(
    conn: &Connection,
    as_of: NaiveDate,
    client: Option<ClientId>,
) -> AppResult<Vec<(ClientId, Option<i64>, NaiveDate)>> {
    let list: Vec<(i64, i64, Option<i64>, String)> = rows(
        conn,
        "SELECT id, client_id, invoice_id, acknowledged_on FROM debt_acknowledgments
         WHERE acknowledged_on <= ?1 AND (?2 IS NULL OR client_id = ?2)",
        params![dates::to_iso(as_of), client.map(|c| c.0)],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    list.into_iter()
        .map(|(id, c, inv, on)| {
            Ok((
                ClientId(c),
                inv,
                decode::date("debt_acknowledgments", "acknowledged_on", id, &on)?,
            ))
        })
        .collect()
}
