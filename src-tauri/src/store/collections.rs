//! Collections: the dunning ladder, holds, payment arrangements, and the actions the daily
//! run did with the invoices each covered (append-only).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::database::{rows, sql_error};
use super::decode;
use crate::domain::collections::arrangement::{Instalment, Status, ValidArrangement};
use crate::domain::collections::hold::ValidHold;
use crate::domain::collections::ladder::{Action, Channel, Stage};
use crate::domain::dates;
use crate::domain::{AppError, AppResult};

pub fn ladder(conn: &Connection) -> AppResult<Vec<Stage>> {
    let raw = rows(
        conn,
        "SELECT position, code, days, action, channel FROM dunning_stages ORDER BY position",
        [],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        },
    )?;
    raw.into_iter()
        .map(|(pos, code, days, action, channel)| {
            Ok(Stage {
                code,
                days,
                action: decode::enum_("dunning_stages", "action", pos, &action, Action::parse)?,
                channel: decode::enum_("dunning_stages", "channel", pos, &channel, Channel::parse)?,
            })
        })
        .collect()
}

/// Replaces the whole ladder (the stages' history lives in the actions, by code).
pub fn set_ladder(conn: &Connection, stages: &[Stage]) -> AppResult<()> {
    conn.execute("DELETE FROM dunning_stages", [])
        .map_err(sql_error)?;
    for (i, s) in stages.iter().enumerate() {
        conn.execute(
            "INSERT INTO dunning_stages(position, code, days, action, channel) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![i as i64 + 1, s.code, s.days, s.action.code(), s.channel.code()],
        )
        .map_err(sql_error)?;
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct HoldRow {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub reason: String,
    pub note: String,
    pub until: Option<String>,
    pub arrangement_id: Option<i64>,
    pub created_at: String,
    pub released_at: Option<String>,
    pub release_note: String,
}

const HOLD_SQL: &str = "SELECT h.id, h.client_id, c.name, h.invoice_id, i.number, h.reason, h.note, h.until_on,
        h.arrangement_id, h.created_at, h.released_at, h.release_note
     FROM collection_holds h JOIN clients c ON c.id = h.client_id LEFT JOIN invoices i ON i.id = h.invoice_id";

fn hold_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<HoldRow> {
    Ok(HoldRow {
        id: r.get(0)?,
        client_id: r.get(1)?,
        client_name: r.get(2)?,
        invoice_id: r.get(3)?,
        invoice_number: r.get(4)?,
        reason: r.get(5)?,
        note: r.get(6)?,
        until: r.get(7)?,
        arrangement_id: r.get(8)?,
        created_at: r.get(9)?,
        released_at: r.get(10)?,
        release_note: r.get(11)?,
    })
}

pub fn insert_hold(
    conn: &Connection,
    h: &ValidHold,
    arrangement: Option<i64>,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO collection_holds(client_id, invoice_id, reason, note, until_on, arrangement_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            h.client_id,
            h.invoice_id,
            h.reason.code(),
            h.note,
            h.until.map(dates::to_iso),
            arrangement,
            now.to_rfc3339()
        ],
    )
    .map_err(sql_error)?;
    Ok(conn.last_insert_rowid())
}

/// Holds not released (their `until` may have passed), or every hold with `all`.
pub fn holds(conn: &Connection, client: Option<i64>, all: bool) -> AppResult<Vec<HoldRow>> {
    rows(
        conn,
        &format!(
            "{HOLD_SQL} WHERE (?1 IS NULL OR h.client_id = ?1) AND (?2 OR h.released_at IS NULL)
             ORDER BY h.id DESC LIMIT 5000"
        ),
        params![client, all],
        hold_row,
    )
}

pub fn hold(conn: &Connection, id: i64) -> AppResult<HoldRow> {
    conn.query_row(&format!("{HOLD_SQL} WHERE h.id = ?1"), [id], hold_row)
        .optional()
        .map_err(sql_error)?
        .ok_or_else(|| AppError::not_found("The hold"))
}

pub fn release_hold(conn: &Connection, id: i64, note: &str, now: DateTime<Utc>) -> AppResult<()> {
    conn.execute(
        "UPDATE collection_holds SET released_at = ?2, release_note = ?3 WHERE id = ?1 AND released_at IS NULL",
        params![id, now.to_rfc3339(), note],
    )
    .map_err(sql_error)?;
    Ok(())
}

/// An unreleased hold as the daily run reads it.
pub struct LiveHold {
    pub id: i64,
    pub client_id: i64,
    pub invoice_id: Option<i64>,
    pub until: Option<String>,
    pub reason: String,
    pub arrangement_id: Option<i64>,
}

pub fn live_holds(conn: &Connection) -> AppResult<Vec<LiveHold>> {
    rows(
        conn,
        "SELECT id, client_id, invoice_id, until_on, reason, arrangement_id FROM collection_holds
         WHERE released_at IS NULL ORDER BY id",
        [],
        |r| {
            Ok(LiveHold {
                id: r.get(0)?,
                client_id: r.get(1)?,
                invoice_id: r.get(2)?,
                until: r.get(3)?,
                reason: r.get(4)?,
                arrangement_id: r.get(5)?,
            })
        },
    )
}

/// Whether any hold is unreleased (most days none is: the letter batch then skips the rest).
pub fn any_live_hold(conn: &Connection) -> AppResult<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM collection_holds WHERE released_at IS NULL)",
        [],
        |r| r.get(0),
    )
    .map_err(sql_error)
}

pub fn insert_arrangement(
    conn: &Connection,
    client: i64,
    a: &ValidArrangement,
    starts_on: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO arrangements(client_id, currency, starts_on, note, status, created_at)
         VALUES (?1, ?2, ?3, ?4, 'active', ?5)",
        params![
            client,
            a.currency.code(),
            dates::to_iso(starts_on),
            a.note,
            now.to_rfc3339()
        ],
    )
    .map_err(sql_error)?;
    let id = conn.last_insert_rowid();
    for (i, inst) in a.instalments.iter().enumerate() {
        conn.execute(
            "INSERT INTO arrangement_instalments(arrangement_id, seq, due_on, amount_minor) VALUES (?1, ?2, ?3, ?4)",
            params![id, i as i64 + 1, dates::to_iso(inst.due_on), inst.amount_minor],
        )
        .map_err(sql_error)?;
    }
    Ok(id)
}

#[derive(Debug, Clone, Serialize)]
pub struct ArrangementRow {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub currency: String,
    pub starts_on: String,
    pub note: String,
    pub status: String,
    pub ended_on: Option<String>,
    pub instalments: Vec<Instalment>,
}

/// Arrangements of a client (or all), `active_only` for the daily run.
pub fn arrangements(
    conn: &Connection,
    client: Option<i64>,
    active_only: bool,
) -> AppResult<Vec<ArrangementRow>> {
    let mut list = rows(
        conn,
        "SELECT a.id, a.client_id, c.name, a.currency, a.starts_on, a.note, a.status, a.ended_on
         FROM arrangements a JOIN clients c ON c.id = a.client_id
         WHERE (?1 IS NULL OR a.client_id = ?1) AND (NOT ?2 OR a.status = 'active')
         ORDER BY a.id DESC LIMIT 5000",
        params![client, active_only],
        |r| {
            Ok(ArrangementRow {
                id: r.get(0)?,
                client_id: r.get(1)?,
                client_name: r.get(2)?,
                currency: r.get(3)?,
                starts_on: r.get(4)?,
                note: r.get(5)?,
                status: r.get(6)?,
                ended_on: r.get(7)?,
                instalments: Vec::new(),
            })
        },
    )?;
    for a in &mut list {
        let raw = rows(
            conn,
            "SELECT seq, due_on, amount_minor FROM arrangement_instalments WHERE arrangement_id = ?1 ORDER BY seq",
            [a.id],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)),
        )?;
        a.instalments = raw
            .into_iter()
            .map(|(_, due, amount_minor)| {
                Ok(Instalment {
                    due_on: decode::date("arrangement_instalments", "due_on", a.id, &due)?,
                    amount_minor,
                })
            })
            .collect::<AppResult<_>>()?;
        decode::enum_("arrangements", "status", a.id, &a.status, Status::parse)?;
    }
    Ok(list)
}

/// Ends an arrangement (status and day) and releases its hold.
pub fn set_arrangement_status(
    conn: &Connection,
    id: i64,
    status: Status,
    ended_on: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<()> {
    conn.execute(
        "UPDATE arrangements SET status = ?2, ended_on = ?3 WHERE id = ?1 AND status = 'active'",
        params![id, status.code(), dates::to_iso(ended_on)],
    )
    .map_err(sql_error)?;
    conn.execute(
        "UPDATE collection_holds SET released_at = ?2, release_note = ?3
         WHERE arrangement_id = ?1 AND released_at IS NULL",
        params![id, now.to_rfc3339(), status.code()],
    )
    .map_err(sql_error)?;
    Ok(())
}

/// What a client paid in `currency` on or after `since`, reversed payments left out.
pub fn paid_since(conn: &Connection, client: i64, currency: &str, since: &str) -> AppResult<i64> {
    conn.query_row(
        "SELECT COALESCE(SUM(p.amount_minor), 0) FROM payments p
         WHERE p.client_id = ?1 AND p.currency = ?2 AND p.received_on >= ?3
           AND NOT EXISTS (SELECT 1 FROM payment_reversals r WHERE r.payment_id = p.id)",
        params![client, currency, since],
        |r| r.get(0),
    )
    .map_err(sql_error)
}

/// One open invoice for the daily run: (client, invoice, due date, currency, open minor).
pub type OpenRow = (i64, i64, String, String, i64);

/// Every open invoice with a client, from the open amounts' index, by client.
pub fn open_invoices(conn: &Connection) -> AppResult<Vec<OpenRow>> {
    rows(
        conn,
        "SELECT client_id, invoice_id, due_on, currency, open_minor FROM invoice_open
         WHERE open_minor > 0 AND client_id IS NOT NULL ORDER BY client_id, invoice_id",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
}

/// Which stages covered the open invoices: (invoice, stage code) from the daily run's
/// actions, and (invoice, letter kind) from letters written by hand or by `letter batch`.
/// (invoice, stage code or letter kind) pairs.
pub type Covered = Vec<(i64, String)>;

pub fn coverage(conn: &Connection) -> AppResult<(Covered, Covered)> {
    let runs = rows(
        conn,
        "SELECT cc.invoice_id, cc.stage_code FROM collection_covered cc
         JOIN invoice_open o ON o.invoice_id = cc.invoice_id WHERE o.open_minor > 0",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let letters = rows(
        conn,
        "SELECT li.invoice_id, l.kind FROM letter_invoices li JOIN letters l ON l.id = li.letter_id
         JOIN invoice_open o ON o.invoice_id = li.invoice_id
         WHERE o.open_minor > 0 AND l.kind IN ('reminder', 'second_reminder', 'demand')",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((runs, letters))
}

/// Client names by id (the due list names each client).
pub fn client_names(conn: &Connection, ids: &[i64]) -> AppResult<Vec<(i64, String, String)>> {
    let mut out = Vec::with_capacity(ids.len());
    let mut stmt = conn
        .prepare_cached("SELECT name, language FROM clients WHERE id = ?1")
        .map_err(sql_error)?;
    for id in ids {
        let (name, lang): (String, String) = stmt
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(sql_error)?;
        out.push((*id, name, lang));
    }
    Ok(out)
}

pub struct NewAction<'a> {
    pub client_id: i64,
    pub stage: &'a Stage,
    pub episode: &'a str,
    pub done_on: NaiveDate,
    pub letter_id: Option<i64>,
    pub communication_id: i64,
}

/// The action and the invoices it covered (and passed over): a second action for the same
/// client, stage and episode, or a stage twice for an invoice, is refused by the schema.
pub fn insert_action(
    conn: &Connection,
    a: &NewAction<'_>,
    covered: &[i64],
    passed_over: &[(i64, &str)],
    now: DateTime<Utc>,
) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO collection_actions(client_id, stage_code, action, channel, episode, done_on, letter_id,
                                        communication_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            a.client_id,
            a.stage.code,
            a.stage.action.code(),
            a.stage.channel.code(),
            a.episode,
            dates::to_iso(a.done_on),
            a.letter_id,
            a.communication_id,
            now.to_rfc3339()
        ],
    )
    .map_err(sql_error)?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn
        .prepare_cached(
            "INSERT INTO collection_covered(invoice_id, stage_code, action_id, skipped) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(sql_error)?;
    for inv in covered {
        stmt.execute(params![inv, a.stage.code, id, 0])
            .map_err(sql_error)?;
    }
    for (inv, code) in passed_over {
        stmt.execute(params![inv, code, id, 1]).map_err(sql_error)?;
    }
    Ok(id)
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub stage_code: String,
    pub action: String,
    pub channel: String,
    pub episode: String,
    pub done_on: String,
    pub letter_id: Option<i64>,
    pub communication_id: i64,
    pub invoices: i64,
}

pub fn actions(conn: &Connection, client: Option<i64>, limit: i64) -> AppResult<Vec<ActionRow>> {
    rows(
        conn,
        "SELECT a.id, a.client_id, c.name, a.stage_code, a.action, a.channel, a.episode, a.done_on, a.letter_id,
                a.communication_id,
                (SELECT COUNT(*) FROM collection_covered cc WHERE cc.action_id = a.id AND cc.skipped = 0)
         FROM collection_actions a JOIN clients c ON c.id = a.client_id
         WHERE (?1 IS NULL OR a.client_id = ?1) ORDER BY a.id DESC LIMIT ?2",
        params![client, limit],
        |r| {
            Ok(ActionRow {
                id: r.get(0)?,
                client_id: r.get(1)?,
                client_name: r.get(2)?,
                stage_code: r.get(3)?,
                action: r.get(4)?,
                channel: r.get(5)?,
                episode: r.get(6)?,
                done_on: r.get(7)?,
                letter_id: r.get(8)?,
                communication_id: r.get(9)?,
                invoices: r.get(10)?,
            })
        },
    )
}

/// The numbers of some invoices, in the order given (log lines name them).
pub fn invoice_numbers(conn: &Connection, ids: &[i64]) -> AppResult<Vec<String>> {
    let mut stmt = conn
        .prepare_cached("SELECT number FROM invoices WHERE id = ?1")
        .map_err(sql_error)?;
    ids.iter()
        .map(|id| stmt.query_row([id], |r| r.get(0)).map_err(sql_error))
        .collect()
}

/// The communication-log entry that records a letter.
pub fn letter_communication(conn: &Connection, letter: i64) -> AppResult<i64> {
    conn.query_row(
        "SELECT communication_id FROM letters WHERE id = ?1",
        [letter],
        |r| r.get(0),
    )
    .map_err(sql_error)
}

/// The stored status text of arrangement `id` (decoded by the caller).
pub fn arrangement_status(conn: &Connection, id: i64) -> AppResult<String> {
    conn.query_row("SELECT status FROM arrangements WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .map_err(super::sql_error)
}
