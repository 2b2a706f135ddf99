//! Matters and their opposing parties.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::clients::add_party_name;
use super::database::sql_error;
use crate::domain::ids::{ClientId, MatterId};
use crate::domain::matter::{Matter, OpposingParty};
use crate::domain::{AppError, AppResult};

pub fn insert(conn: &Connection, m: &Matter, now: DateTime<Utc>) -> AppResult<MatterId> {
    conn.execute(
        "INSERT INTO matters(client_id, title, practice_area, status, opened_on, closed_on,
                             responsible_lawyer, retention_years, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?9, ?8, ?8)",
        params![
            m.client_id.0,
            m.title,
            m.practice_area,
            m.status.code(),
            m.opened_on,
            m.closed_on,
            m.responsible_lawyer,
            now.to_rfc3339(),
            m.retention_years
        ],
    )
    .map_err(sql_error)?;
    let id = MatterId(conn.last_insert_rowid());
    for p in &m.opposing_parties {
        add_opposing_party(conn, m.client_id, id, p)?;
    }
    Ok(id)
}

pub fn add_opposing_party(
    conn: &Connection,
    client_id: ClientId,
    matter: MatterId,
    p: &OpposingParty,
) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO opposing_parties(matter_id, name, role, id_number) VALUES (?1, ?2, ?3, ?4)",
        params![matter.0, p.name, p.role, p.id_number],
    )
    .map_err(sql_error)?;
    let pid = conn.last_insert_rowid();
    add_party_name(
        conn,
        "opposing_party",
        client_id,
        Some(matter.0),
        pid,
        &p.name,
        &p.id_number,
    )?;
    Ok(pid)
}

#[derive(Debug, Clone, Serialize)]
pub struct OpposingView {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub id_number: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatterView {
    pub id: MatterId,
    pub client_id: ClientId,
    pub client_name: String,
    pub title: String,
    pub practice_area: String,
    pub status: String,
    pub opened_on: String,
    pub closed_on: Option<String>,
    pub responsible_lawyer: String,
    pub opposing_parties: Vec<OpposingView>,
}

const MATTER_SQL: &str = "SELECT m.id, m.client_id, c.name, m.title, m.practice_area, m.status,
        m.opened_on, m.closed_on, m.responsible_lawyer
     FROM matters m JOIN clients c ON c.id = m.client_id";

fn matter_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MatterView> {
    Ok(MatterView {
        id: MatterId(r.get(0)?),
        client_id: ClientId(r.get(1)?),
        client_name: r.get(2)?,
        title: r.get(3)?,
        practice_area: r.get(4)?,
        status: r.get(5)?,
        opened_on: r.get(6)?,
        closed_on: r.get(7)?,
        responsible_lawyer: r.get(8)?,
        opposing_parties: Vec::new(),
    })
}

fn with_parties(conn: &Connection, mut m: MatterView) -> AppResult<MatterView> {
    let mut st = conn
        .prepare_cached("SELECT id, name, role, id_number FROM opposing_parties WHERE matter_id = ?1 ORDER BY id")
        .map_err(sql_error)?;
    m.opposing_parties = st
        .query_map([m.id.0], |r| {
            Ok(OpposingView {
                id: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
                id_number: r.get(3)?,
            })
        })
        .map_err(sql_error)?
        .collect::<Result<_, _>>()
        .map_err(sql_error)?;
    Ok(m)
}

pub fn get(conn: &Connection, id: MatterId) -> AppResult<MatterView> {
    let m = conn
        .query_row(&format!("{MATTER_SQL} WHERE m.id = ?1"), [id.0], matter_row)
        .optional()
        .map_err(sql_error)?
        .ok_or_else(|| AppError::not_found("The matter"))?;
    with_parties(conn, m)
}

/// Matters of one client, or all matters (newest first) when `client` is `None`.
pub fn list(conn: &Connection, client: Option<ClientId>, limit: i64) -> AppResult<Vec<MatterView>> {
    let sql = format!(
        "{MATTER_SQL} WHERE (?1 IS NULL OR m.client_id = ?1) ORDER BY m.opened_on DESC, m.id DESC LIMIT ?2"
    );
    let mut st = conn.prepare_cached(&sql).map_err(sql_error)?;
    let rows: Vec<MatterView> = st
        .query_map(params![client.map(|c| c.0), limit], matter_row)
        .map_err(sql_error)?
        .collect::<Result<_, _>>()
        .map_err(sql_error)?;
    rows.into_iter().map(|m| with_parties(conn, m)).collect()
}

/// A matter with its client's language, as the demo generator walks them.
pub struct MatterBrief {
    pub id: MatterId,
    pub client_id: ClientId,
    pub opened_on: chrono::NaiveDate,
    pub language: String,
    pub title: String,
}

/// Every matter, oldest opening first.
pub fn all_by_opening(conn: &Connection) -> AppResult<Vec<MatterBrief>> {
    let raw = super::rows(
        conn,
        "SELECT m.id, m.client_id, m.opened_on, c.language, m.title FROM matters m JOIN clients c ON c.id = m.client_id ORDER BY m.opened_on, m.id",
        [],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?)),
    )?;
    raw.into_iter()
        .map(|(id, client, opened, language, title)| {
            Ok(MatterBrief {
                id: MatterId(id),
                client_id: ClientId(client),
                opened_on: super::decode::date("matters", "opened_on", id, &opened)?,
                language,
                title,
            })
        })
        .collect()
}

/// Closes matter `id` on `closed_on`.
pub fn close(
    conn: &Connection,
    id: MatterId,
    closed_on: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<()> {
    conn.execute(
        "UPDATE matters SET status = 'closed', closed_on = ?2, updated_at = ?3 WHERE id = ?1",
        params![
            id.0,
            crate::domain::dates::to_iso(closed_on),
            now.to_rfc3339()
        ],
    )
    .map_err(sql_error)?;
    Ok(())
}
