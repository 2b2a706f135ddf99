//! `firm_letter_identity` (the firm per letter language) and `engagement_contracts` (the
//! contract a demand cites).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::database::{rows, sql_error};
use super::decode;
use crate::domain::ids::EngagementId;
use crate::domain::letter_details::{Contract, LetterIdentity};
use crate::domain::AppResult;

const IDENTITY: &str =
    "SELECT lang, name, address, signatory_name, signatory_title, ids, letter_prefix
     FROM firm_letter_identity";

fn identity_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LetterIdentity> {
    let ids: String = r.get(5)?;
    Ok(LetterIdentity {
        lang: r.get(0)?,
        name: r.get(1)?,
        address: r.get(2)?,
        signatory_name: r.get(3)?,
        signatory_title: r.get(4)?,
        ids: serde_json::from_str(&ids).unwrap_or_default(),
        letter_prefix: r.get(6)?,
    })
}

pub fn identity(conn: &Connection, lang: &str) -> AppResult<Option<LetterIdentity>> {
    conn.query_row(&format!("{IDENTITY} WHERE lang = ?1"), [lang], identity_row)
        .optional()
        .map_err(sql_error)
}

pub fn identities(conn: &Connection) -> AppResult<Vec<LetterIdentity>> {
    rows(conn, &format!("{IDENTITY} ORDER BY lang"), [], identity_row)
}

pub fn save_identity(conn: &Connection, i: &LetterIdentity, now: DateTime<Utc>) -> AppResult<()> {
    let ids = serde_json::to_string(&i.ids).unwrap_or_else(|_| "{}".into());
    conn.execute(
        "INSERT INTO firm_letter_identity(lang, name, address, signatory_name, signatory_title,
                                          ids, letter_prefix, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(lang) DO UPDATE SET name = excluded.name, address = excluded.address,
            signatory_name = excluded.signatory_name, signatory_title = excluded.signatory_title,
            ids = excluded.ids, letter_prefix = excluded.letter_prefix,
            updated_at = excluded.updated_at",
        params![
            i.lang,
            i.name,
            i.address,
            i.signatory_name,
            i.signatory_title,
            ids,
            i.letter_prefix,
            now.to_rfc3339()
        ],
    )
    .map_err(sql_error)?;
    Ok(())
}

/// An engagement's contract; a contract date that is neither empty nor a date is
/// `database.corrupt` (a demand never cites a blank in its place).
pub fn contract(conn: &Connection, engagement_id: EngagementId) -> AppResult<Option<Contract>> {
    let c = conn
        .query_row(
            "SELECT contract_title, contract_number, contract_date, work_done, late_clause,
                dispute_forum, arbitration_body
         FROM engagement_contracts WHERE engagement_id = ?1",
            [engagement_id.0],
            |r| {
                Ok(Contract {
                    contract_title: r.get(0)?,
                    contract_number: r.get(1)?,
                    contract_date: r.get(2)?,
                    work_done: r.get(3)?,
                    late_clause: r.get(4)?,
                    dispute_forum: r.get(5)?,
                    arbitration_body: r.get(6)?,
                })
            },
        )
        .optional()
        .map_err(sql_error)?;
    if let Some(d) = c.as_ref().map(|c| c.contract_date.as_str()) {
        if !d.is_empty() {
            decode::date("engagement_contracts", "contract_date", engagement_id.0, d)?;
        }
    }
    Ok(c)
}

pub fn save_contract(
    conn: &Connection,
    engagement_id: EngagementId,
    c: &Contract,
    now: DateTime<Utc>,
) -> AppResult<()> {
    conn.execute(
        "INSERT INTO engagement_contracts(engagement_id, contract_title, contract_number,
             contract_date, work_done, late_clause, dispute_forum, arbitration_body, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(engagement_id) DO UPDATE SET contract_title = excluded.contract_title,
            contract_number = excluded.contract_number, contract_date = excluded.contract_date,
            work_done = excluded.work_done, late_clause = excluded.late_clause,
            dispute_forum = excluded.dispute_forum, arbitration_body = excluded.arbitration_body,
            updated_at = excluded.updated_at",
        params![
            engagement_id.0,
            c.contract_title,
            c.contract_number,
            c.contract_date,
            c.work_done,
            c.late_clause,
            c.dispute_forum,
            c.arbitration_body,
            now.to_rfc3339()
        ],
    )
    .map_err(sql_error)?;
    Ok(())
}
