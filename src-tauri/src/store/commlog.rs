//! The `communications` table and its per-client hash chain.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::database::sql_error;
use crate::domain::commlog::{entry_hash, AttachmentRef, Comm, GENESIS};
use crate::domain::ids::{ClientId, MatterId};
use crate::domain::AppResult;

/// Appends an entry and its attachments, chained to the client's last entry.
pub fn append(
    conn: &Connection,
    c: &Comm,
    attachments: &[AttachmentRef],
    recorded_at: &str,
) -> AppResult<i64> {
    let prev: String = conn
        .prepare_cached(
            "SELECT hash FROM communications WHERE client_id = ?1 ORDER BY id DESC LIMIT 1",
        )
        .and_then(|mut st| st.query_row([c.client_id.0], |r| r.get(0)).optional())
        .map_err(sql_error)?
        .unwrap_or_else(|| GENESIS.to_string());
    let next_id: i64 = conn
        .prepare_cached(
            "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'communications'), 0) + 1",
        )
        .and_then(|mut st| st.query_row([], |r| r.get(0)))
        .map_err(sql_error)?;
    let hash = entry_hash(&prev, next_id, c, recorded_at, attachments);
    conn.prepare_cached(
        "INSERT INTO communications(id, client_id, matter_id, kind, direction, occurred_at, summary, corrects,
                                    recorded_at, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )
    .and_then(|mut st| {
        st.execute(params![
            next_id,
            c.client_id.0,
            c.matter_id.map(|m| m.0),
            c.kind,
            c.direction,
            c.occurred_at,
            c.summary,
            c.corrects,
            recorded_at,
            prev,
            hash
        ])
    })
    .map_err(sql_error)?;
    for a in attachments {
        conn.execute(
            "INSERT INTO communication_attachments(communication_id, file_name, sha256, size) VALUES (?1, ?2, ?3, ?4)",
            params![next_id, a.file_name, a.sha256, a.size],
        )
        .map_err(sql_error)?;
    }
    Ok(next_id)
}

#[derive(Debug, Clone, Serialize)]
pub struct CommView {
    pub id: i64,
    #[serde(flatten)]
    pub comm: Comm,
    pub recorded_at: String,
    pub prev_hash: String,
    pub hash: String,
    pub attachments: Vec<AttachmentRef>,
    /// Ids of later entries that correct this one.
    pub corrected_by: Vec<i64>,
}

/// A client's entries, oldest first.
pub fn list(conn: &Connection, client: ClientId) -> AppResult<Vec<CommView>> {
    let mut st = conn
        .prepare_cached(
            "SELECT id, client_id, matter_id, kind, direction, occurred_at, summary, corrects, recorded_at, prev_hash, hash
             FROM communications WHERE client_id = ?1 ORDER BY id",
        )
        .map_err(sql_error)?;
    let mut out: Vec<CommView> = st
        .query_map([client.0], |r| {
            Ok(CommView {
                id: r.get(0)?,
                comm: Comm {
                    client_id: ClientId(r.get(1)?),
                    matter_id: r.get::<_, Option<i64>>(2)?.map(MatterId),
                    kind: r.get(3)?,
                    direction: r.get(4)?,
                    occurred_at: r.get(5)?,
                    summary: r.get(6)?,
                    corrects: r.get(7)?,
                },
                recorded_at: r.get(8)?,
                prev_hash: r.get(9)?,
                hash: r.get(10)?,
                attachments: Vec::new(),
                corrected_by: Vec::new(),
            })
        })
        .map_err(sql_error)?
        .collect::<Result<_, _>>()
        .map_err(sql_error)?;
    let mut att = conn
        .prepare_cached("SELECT file_name, sha256, size FROM communication_attachments WHERE communication_id = ?1 ORDER BY id")
        .map_err(sql_error)?;
    for i in 0..out.len() {
        out[i].attachments = att
            .query_map([out[i].id], |r| {
                Ok(AttachmentRef {
                    file_name: r.get(0)?,
                    sha256: r.get(1)?,
                    size: r.get(2)?,
                })
            })
            .map_err(sql_error)?
            .collect::<Result<_, _>>()
            .map_err(sql_error)?;
        if let Some(target) = out[i].comm.corrects {
            let by = out[i].id;
            if let Some(t) = out.iter_mut().find(|e| e.id == target) {
                t.corrected_by.push(by);
            }
        }
    }
    Ok(out)
}

/// Clients that have log entries.
pub fn clients_with_entries(conn: &Connection) -> AppResult<Vec<ClientId>> {
    let mut st = conn
        .prepare("SELECT DISTINCT client_id FROM communications ORDER BY client_id")
        .map_err(sql_error)?;
    let rows = st
        .query_map([], |r| Ok(ClientId(r.get(0)?)))
        .map_err(sql_error)?;
    rows.collect::<Result<_, _>>().map_err(sql_error)
}

/// Recomputes a client's chain; returns the ids of entries whose link does not hold.
pub fn broken_links(entries: &[CommView]) -> Vec<i64> {
    let mut prev = GENESIS.to_string();
    let mut broken = Vec::new();
    for e in entries {
        let expected = entry_hash(&prev, e.id, &e.comm, &e.recorded_at, &e.attachments);
        if e.prev_hash != prev || e.hash != expected {
            broken.push(e.id);
        }
        prev = e.hash.clone();
    }
    broken
}

/// The client a log entry belongs to (None when there is no such entry).
pub fn owner(conn: &Connection, entry: i64) -> AppResult<Option<ClientId>> {
    conn.query_row(
        "SELECT client_id FROM communications WHERE id = ?1",
        [entry],
        |r| r.get(0).map(ClientId),
    )
    .optional()
    .map_err(sql_error)
}
