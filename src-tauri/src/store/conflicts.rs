//! The conflict-of-interest index (`party_names`) and the record of every check.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use super::database::sql_error;
use crate::domain::ids::{ClientId, MatterId};
use crate::domain::AppResult;

/// One name that matches: who it is, in which role, on which matter.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ConflictHit {
    /// The client the name belongs to (as client, related person or on a matter).
    pub id: ClientId,
    pub name: String,
    pub role: String,
    pub matter_id: Option<MatterId>,
    pub client_name: String,
    /// `name` or `id_number`: what matched.
    pub matched_on: String,
}

/// Every party whose conflict key or id number equals the given ones.
pub fn find(conn: &Connection, key: &str, id_number: &str) -> AppResult<Vec<ConflictHit>> {
    let mut st = conn
        .prepare_cached(
            // Two indexed lookups (an OR across columns would scan the whole table).
            "WITH hits AS (
                 SELECT id, 'name' AS matched FROM party_names WHERE conflict_key = ?1 AND ?1 <> ''
                 UNION
                 SELECT id, 'id_number' FROM party_names WHERE id_number = ?2 AND ?2 <> ''
                   AND NOT (conflict_key = ?1 AND ?1 <> ''))
             SELECT p.client_id, p.name, p.role, p.matter_id, c.name, hits.matched
             FROM hits JOIN party_names p ON p.id = hits.id JOIN clients c ON c.id = p.client_id
             ORDER BY p.client_id, p.matter_id, p.id
             LIMIT 200",
        )
        .map_err(sql_error)?;
    let rows = st
        .query_map(params![key, id_number], |r| {
            Ok(ConflictHit {
                id: ClientId(r.get(0)?),
                name: r.get(1)?,
                role: r.get(2)?,
                matter_id: r.get::<_, Option<i64>>(3)?.map(MatterId),
                client_name: r.get(4)?,
                matched_on: r.get(5)?,
            })
        })
        .map_err(sql_error)?;
    rows.collect::<Result<_, _>>().map_err(sql_error)
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckRecord {
    pub id: i64,
    pub subject: String,
    pub checked_at: String,
    pub outcome: String,
    pub hits: Vec<ConflictHit>,
}

pub fn record(
    conn: &Connection,
    client: Option<ClientId>,
    matter: Option<MatterId>,
    subject: &str,
    hits: &[ConflictHit],
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let outcome = if hits.is_empty() { "clear" } else { "hits" };
    let json = serde_json::to_string(hits).unwrap_or_else(|_| "[]".into());
    conn.execute(
        "INSERT INTO conflict_checks(client_id, matter_id, subject, checked_at, outcome, hits)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            client.map(|c| c.0),
            matter.map(|m| m.0),
            subject,
            now.to_rfc3339(),
            outcome,
            json
        ],
    )
    .map_err(sql_error)?;
    Ok(conn.last_insert_rowid())
}

/// The checks recorded on a matter or a client, newest first.
pub fn list(
    conn: &Connection,
    client: Option<ClientId>,
    matter: Option<MatterId>,
) -> AppResult<Vec<CheckRecord>> {
    let mut st = conn
        .prepare_cached(
            "SELECT id, subject, checked_at, outcome, hits FROM conflict_checks
             WHERE (?1 IS NOT NULL AND client_id = ?1) OR (?2 IS NOT NULL AND matter_id = ?2)
             ORDER BY id DESC LIMIT 100",
        )
        .map_err(sql_error)?;
    let rows = st
        .query_map(params![client.map(|c| c.0), matter.map(|m| m.0)], |r| {
            let id: i64 = r.get(0)?;
            let hits =
                super::decode::in_row(serde_json::from_str(&r.get::<_, String>(4)?).map_err(
                    |_| super::decode::corrupt("conflict_checks", "hits", id, "JSON document"),
                ))?;
            Ok(CheckRecord {
                id,
                subject: r.get(1)?,
                checked_at: r.get(2)?,
                outcome: r.get(3)?,
                hits,
            })
        })
        .map_err(sql_error)?;
    rows.collect::<Result<_, _>>().map_err(sql_error)
}
