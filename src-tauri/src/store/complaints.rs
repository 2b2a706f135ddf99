//! Complaints (six steps) and satisfaction scores.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::database::sql_error;
use super::decode::{self, in_row};
use crate::domain::complaint_step::ComplaintStep;
use crate::domain::ids::{ClientId, MatterId};
use crate::domain::{AppError, AppResult};

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Complaint {
    pub id: i64,
    pub client_id: ClientId,
    pub matter_id: Option<MatterId>,
    pub step: ComplaintStep,
    pub received_on: String,
    pub complainant: String,
    pub against: String,
    pub request: String,
    pub statement: String,
    pub founded: Option<bool>,
    pub decision_note: String,
    pub client_told_on: Option<String>,
    pub cause: String,
    pub owner: String,
    pub proposal: String,
    pub client_agreed_on: Option<String>,
    pub carried_out_on: Option<String>,
    pub evaluation: String,
    pub prevention: String,
    pub closed_on: Option<String>,
    pub updated_at: String,
}

const COLUMNS: &str = "id, client_id, matter_id, step, received_on, complainant, against, request, statement,
    founded, decision_note, client_told_on, cause, owner, proposal, client_agreed_on, carried_out_on,
    evaluation, prevention, closed_on, updated_at";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Complaint> {
    let id: i64 = r.get(0)?;
    let step: i64 = r.get(3)?;
    Ok(Complaint {
        id,
        client_id: ClientId(r.get(1)?),
        matter_id: r.get::<_, Option<i64>>(2)?.map(MatterId),
        step: in_row(decode::enum_(
            "complaints",
            "step",
            id,
            &step.to_string(),
            |t| t.parse().ok().and_then(ComplaintStep::from_number),
        ))?,
        received_on: r.get(4)?,
        complainant: r.get(5)?,
        against: r.get(6)?,
        request: r.get(7)?,
        statement: r.get(8)?,
        founded: r.get(9)?,
        decision_note: r.get(10)?,
        client_told_on: r.get(11)?,
        cause: r.get(12)?,
        owner: r.get(13)?,
        proposal: r.get(14)?,
        client_agreed_on: r.get(15)?,
        carried_out_on: r.get(16)?,
        evaluation: r.get(17)?,
        prevention: r.get(18)?,
        closed_on: r.get(19)?,
        updated_at: r.get(20)?,
    })
}

pub fn insert(conn: &Connection, c: &Complaint) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO complaints(client_id, matter_id, step, received_on, complainant, against, request, statement, updated_at)
         VALUES (?1, ?2, 2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![c.client_id.0, c.matter_id.map(|m| m.0), c.received_on, c.complainant, c.against, c.request, c.statement, c.updated_at],
    )
    .map_err(sql_error)?;
    Ok(conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: i64) -> AppResult<Complaint> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM complaints WHERE id = ?1"),
        [id],
        row,
    )
    .optional()
    .map_err(sql_error)?
    .ok_or_else(|| AppError::not_found("The complaint"))
}

/// Writes the whole row back (the step logic lives in the service).
pub fn save(conn: &Connection, c: &Complaint) -> AppResult<()> {
    conn.execute(
        "UPDATE complaints SET step = ?2, founded = ?3, decision_note = ?4, client_told_on = ?5, cause = ?6,
            owner = ?7, proposal = ?8, client_agreed_on = ?9, carried_out_on = ?10, evaluation = ?11,
            prevention = ?12, closed_on = ?13, updated_at = ?14 WHERE id = ?1",
        params![
            c.id, c.step.number(), c.founded, c.decision_note, c.client_told_on, c.cause, c.owner, c.proposal,
            c.client_agreed_on, c.carried_out_on, c.evaluation, c.prevention, c.closed_on, c.updated_at
        ],
    )
    .map_err(sql_error)?;
    Ok(())
}

pub fn for_client(conn: &Connection, client: ClientId) -> AppResult<Vec<Complaint>> {
    let mut st = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM complaints WHERE client_id = ?1 ORDER BY id DESC"
        ))
        .map_err(sql_error)?;
    let rows = st.query_map([client.0], row).map_err(sql_error)?;
    rows.collect::<Result<_, _>>().map_err(sql_error)
}

#[derive(Debug, Clone, Serialize)]
pub struct Score {
    pub id: i64,
    pub matter_id: Option<MatterId>,
    pub score: i64,
    pub comment: String,
    pub recorded_on: String,
}

pub fn add_score(
    conn: &Connection,
    client: ClientId,
    matter: Option<MatterId>,
    score: i64,
    comment: &str,
    on: &str,
) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO satisfaction(client_id, matter_id, score, comment, recorded_on) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![client.0, matter.map(|m| m.0), score, comment, on],
    )
    .map_err(sql_error)?;
    Ok(conn.last_insert_rowid())
}

pub fn scores(conn: &Connection, client: ClientId) -> AppResult<Vec<Score>> {
    let mut st = conn
        .prepare_cached("SELECT id, matter_id, score, comment, recorded_on FROM satisfaction WHERE client_id = ?1 ORDER BY id DESC")
        .map_err(sql_error)?;
    let rows = st
        .query_map([client.0], |r| {
            Ok(Score {
                id: r.get(0)?,
                matter_id: r.get::<_, Option<i64>>(1)?.map(MatterId),
                score: r.get(2)?,
                comment: r.get(3)?,
                recorded_on: r.get(4)?,
            })
        })
        .map_err(sql_error)?;
    rows.collect::<Result<_, _>>().map_err(sql_error)
}
