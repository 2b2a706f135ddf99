//! Follow-ups (回访), complaints and satisfaction scores.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::database::sql_error;
use crate::domain::ids::{ClientId, MatterId};
use crate::domain::{AppError, AppResult};

#[derive(Debug, Clone, Serialize)]
pub struct FollowUp {
    pub id: i64,
    pub client_id: ClientId,
    pub client_name: String,
    pub matter_id: Option<MatterId>,
    pub reason: String,
    pub title: String,
    pub due_on: String,
    pub done_at: Option<String>,
    pub done_note: String,
}

pub fn add(
    conn: &Connection,
    client: ClientId,
    matter: Option<MatterId>,
    reason: &str,
    title: &str,
    due_on: &str,
    now: &str,
) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO follow_ups(client_id, matter_id, reason, title, due_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![client.0, matter.map(|m| m.0), reason, title, due_on, now],
    )
    .map_err(sql_error)?;
    Ok(conn.last_insert_rowid())
}

const SELECT: &str = "SELECT f.id, f.client_id, c.name, f.matter_id, f.reason, f.title, f.due_on, f.done_at, f.done_note
     FROM follow_ups f JOIN clients c ON c.id = f.client_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FollowUp> {
    Ok(FollowUp {
        id: r.get(0)?,
        client_id: ClientId(r.get(1)?),
        client_name: r.get(2)?,
        matter_id: r.get::<_, Option<i64>>(3)?.map(MatterId),
        reason: r.get(4)?,
        title: r.get(5)?,
        due_on: r.get(6)?,
        done_at: r.get(7)?,
        done_note: r.get(8)?,
    })
}

/// Open follow-ups due on or before `until` (all open ones when `None`), soonest first.
pub fn open(
    conn: &Connection,
    until: Option<&str>,
    client: Option<ClientId>,
) -> AppResult<Vec<FollowUp>> {
    let sql = format!(
        "{SELECT} WHERE f.done_at IS NULL AND (?1 IS NULL OR f.due_on <= ?1) AND (?2 IS NULL OR f.client_id = ?2)
         ORDER BY f.due_on, f.id LIMIT 500"
    );
    let mut st = conn.prepare_cached(&sql).map_err(sql_error)?;
    let rows = st
        .query_map(params![until, client.map(|c| c.0)], row)
        .map_err(sql_error)?;
    rows.collect::<Result<_, _>>().map_err(sql_error)
}

pub fn for_client(conn: &Connection, client: ClientId) -> AppResult<Vec<FollowUp>> {
    let sql =
        format!("{SELECT} WHERE f.client_id = ?1 ORDER BY f.done_at IS NOT NULL, f.due_on, f.id");
    let mut st = conn.prepare_cached(&sql).map_err(sql_error)?;
    let rows = st.query_map([client.0], row).map_err(sql_error)?;
    rows.collect::<Result<_, _>>().map_err(sql_error)
}

pub fn get(conn: &Connection, id: i64) -> AppResult<FollowUp> {
    conn.query_row(&format!("{SELECT} WHERE f.id = ?1"), [id], row)
        .optional()
        .map_err(sql_error)?
        .ok_or_else(|| AppError::not_found("The follow-up"))
}

pub fn complete(conn: &Connection, id: i64, note: &str, now: &str) -> AppResult<()> {
    let n = conn
        .execute(
            "UPDATE follow_ups SET done_at = ?2, done_note = ?3 WHERE id = ?1 AND done_at IS NULL",
            params![id, now, note],
        )
        .map_err(sql_error)?;
    if n == 0 {
        return Err(AppError::field("follow_up", "already_done"));
    }
    Ok(())
}

/// Active clients (an open matter) and how often they were contacted in `[from, to)`.
#[derive(Debug, Clone, Serialize)]
pub struct Rhythm {
    pub client_id: ClientId,
    pub client_name: String,
    pub contacts: i64,
}

pub fn contacts_of_active_clients(
    conn: &Connection,
    from: &str,
    to: &str,
) -> AppResult<Vec<Rhythm>> {
    let mut st = conn
        .prepare_cached(
            "SELECT c.id, c.name,
                    (SELECT count(*) FROM communications k WHERE k.client_id = c.id
                       AND k.kind IN ('call', 'email', 'meeting', 'message', 'letter')
                       AND k.direction <> 'internal'
                       AND k.occurred_at >= ?1 AND k.occurred_at < ?2) AS n
             FROM clients c
             WHERE EXISTS (SELECT 1 FROM matters m WHERE m.client_id = c.id AND m.status = 'open')
             ORDER BY n, c.name",
        )
        .map_err(sql_error)?;
    let rows = st
        .query_map(params![from, to], |r| {
            Ok(Rhythm {
                client_id: ClientId(r.get(0)?),
                client_name: r.get(1)?,
                contacts: r.get(2)?,
            })
        })
        .map_err(sql_error)?;
    rows.collect::<Result<_, _>>().map_err(sql_error)
}
