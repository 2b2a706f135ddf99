//! `letter_dispatches`: how each letter went out and when it arrived (append-only; the
//! latest record of a letter holds), and the dates Collections' clocks count from.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection};
use serde::Serialize;

use super::database::{rows, sql_error};
use super::decode::{self, in_row};
use crate::domain::dates;
use crate::domain::dispatch::Dispatch;
use crate::domain::ids::{ClientId, LetterId};
use crate::domain::AppResult;

pub struct NewDispatch<'a> {
    pub letter_id: LetterId,
    pub dispatch: &'a Dispatch,
    pub receipt_sha256: Option<&'a str>,
    pub replaces: Option<i64>,
    pub communication_id: i64,
}

pub fn insert(conn: &Connection, d: &NewDispatch<'_>, now: DateTime<Utc>) -> AppResult<i64> {
    let x = d.dispatch;
    conn.execute(
        "INSERT INTO letter_dispatches(letter_id, via, carrier, tracking, sent_on, delivered_on, receipt_sha256, note,
                                       replaces, communication_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            d.letter_id.0,
            x.via,
            x.carrier,
            x.tracking,
            dates::to_iso(x.sent_on),
            x.delivered_on.map(dates::to_iso),
            d.receipt_sha256,
            x.note,
            d.replaces,
            d.communication_id,
            now.to_rfc3339()
        ],
    )
    .map_err(sql_error)?;
    Ok(conn.last_insert_rowid())
}

#[derive(Debug, Clone, Serialize)]
pub struct DispatchRow {
    pub id: i64,
    pub letter_id: LetterId,
    #[serde(flatten)]
    pub dispatch: Dispatch,
    pub receipt_sha256: Option<String>,
    pub replaces: Option<i64>,
    pub communication_id: i64,
    pub created_at: String,
}

/// A record as stored; an unreadable sent or delivery date is `database.corrupt` naming the
/// row (a delivery date that does not parse never reads as "not delivered").
fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DispatchRow> {
    let id: i64 = r.get(0)?;
    let sent: String = r.get(5)?;
    let delivered: Option<String> = r.get(6)?;
    const T: &str = "letter_dispatches";
    Ok(DispatchRow {
        id,
        letter_id: LetterId(r.get(1)?),
        dispatch: Dispatch {
            via: r.get(2)?,
            carrier: r.get(3)?,
            tracking: r.get(4)?,
            sent_on: in_row(decode::date(T, "sent_on", id, &sent))?,
            delivered_on: in_row(decode::opt_date(
                T,
                "delivered_on",
                id,
                delivered.as_deref(),
            ))?,
            note: r.get(8)?,
        },
        receipt_sha256: r.get(7)?,
        replaces: r.get(9)?,
        communication_id: r.get(10)?,
        created_at: r.get(11)?,
    })
}

const SQL: &str = "SELECT d.id, d.letter_id, d.via, d.carrier, d.tracking, d.sent_on, d.delivered_on, d.receipt_sha256, d.note,
        d.replaces, d.communication_id, d.created_at FROM letter_dispatches d";

/// Every record of a letter, oldest first (the last one holds).
pub fn history(conn: &Connection, letter_id: LetterId) -> AppResult<Vec<DispatchRow>> {
    rows(
        conn,
        &format!("{SQL} WHERE d.letter_id = ?1 ORDER BY d.id"),
        [letter_id.0],
        row,
    )
}

/// The record that holds for each letter (of one client, or all), by letter id.
pub fn current(
    conn: &Connection,
    client: Option<ClientId>,
) -> AppResult<HashMap<LetterId, DispatchRow>> {
    let list = rows(
        conn,
        &format!(
            "{SQL} JOIN letters l ON l.id = d.letter_id
             WHERE (?1 IS NULL OR l.client_id = ?1)
               AND d.id = (SELECT MAX(x.id) FROM letter_dispatches x WHERE x.letter_id = d.letter_id)"
        ),
        params![client.map(|c| c.0)],
        row,
    )?;
    Ok(list.into_iter().map(|r| (r.letter_id, r)).collect())
}

/// When a letter was sent and delivered: what Collections' legal clocks count from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DispatchDates {
    pub letter_id: i64,
    pub sent_on: NaiveDate,
    pub delivered_on: Option<NaiveDate>,
}

/// Per letter (of one client, or all), the dates of the record that holds. Letters never
/// recorded as sent are absent.
pub fn dispatch_dates(
    conn: &Connection,
    client: Option<ClientId>,
) -> AppResult<Vec<DispatchDates>> {
    let mut out: Vec<DispatchDates> = current(conn, client)?
        .into_values()
        .map(|r| DispatchDates {
            letter_id: r.letter_id.0,
            sent_on: r.dispatch.sent_on,
            delivered_on: r.dispatch.delivered_on,
        })
        .collect();
    out.sort_by_key(|d| d.letter_id);
    Ok(out)
}
