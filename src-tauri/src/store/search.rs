//! The one search behind the app's search box and `client search`: substring matching on
//! folded text (case, width, Traditional/Simplified, Cyrillic→Latin), through the FTS5
//! trigram index for 3+ characters (names, phone digits, e-mails, id numbers, tags) and
//! the name-gram index for 1–2 characters (names only), which a trigram index cannot
//! serve. Best first: name prefix, then name substring, then other fields, then by name.

use rusqlite::{params, Connection};
use serde::Serialize;

use super::database::sql_error;
use crate::domain::ids::ClientId;
use crate::domain::names;
use crate::domain::AppResult;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClientHit {
    pub id: ClientId,
    pub display_name: String,
    pub kind: String,
    pub grade: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// How a query is compared: phone-like queries by digits, everything else folded.
pub fn normalize_query(query: &str) -> String {
    let q = query.trim();
    let digits = names::phone_digits(q);
    let phone_like = digits.len() >= 3
        && q.chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if phone_like {
        digits
    } else {
        names::fold(q)
    }
}

const CANDIDATES: i64 = 2000;

pub fn search(conn: &Connection, query: &str, limit: i64) -> AppResult<Vec<ClientHit>> {
    let q = normalize_query(query);
    let limit = limit.clamp(1, 500);
    if q.is_empty() {
        return first_page(conn, limit, 0);
    }
    // Candidates first (bounded), then ranking on that small set.
    let candidates = if q.chars().count() >= 3 {
        "SELECT rowid AS id FROM client_search WHERE client_search MATCH ?1 LIMIT ?3"
    } else {
        "SELECT client_id AS id FROM client_name_grams WHERE gram = ?2 ORDER BY rank, client_id LIMIT 200"
    };
    let sql = format!(
        "WITH cand AS ({candidates})
         SELECT c.id, c.name, c.kind, c.grade,
                (SELECT value FROM client_contacts WHERE client_id = c.id AND kind = 'phone' ORDER BY position LIMIT 1),
                (SELECT value FROM client_contacts WHERE client_id = c.id AND kind = 'email' ORDER BY position LIMIT 1)
         FROM cand JOIN clients c ON c.id = cand.id
         ORDER BY CASE
                    WHEN substr(c.search_text, 1, length(?2)) = ?2 THEN 0
                    WHEN instr(substr(c.search_text, 1, instr(c.search_text || ' | ', ' | ')), ?2) > 0 THEN 1
                    ELSE 2 END,
                  c.name, c.id
         LIMIT ?4"
    );
    let phrase = format!("\"{}\"", q.replace('"', "\"\""));
    let mut st = conn.prepare_cached(&sql).map_err(sql_error)?;
    let rows = st
        .query_map(params![phrase, q, CANDIDATES, limit], hit)
        .map_err(sql_error)?;
    rows.collect::<Result<_, _>>().map_err(sql_error)
}

fn hit(r: &rusqlite::Row<'_>) -> rusqlite::Result<ClientHit> {
    Ok(ClientHit {
        id: ClientId(r.get(0)?),
        display_name: r.get(1)?,
        kind: r.get(2)?,
        grade: r.get(3)?,
        phone: r.get(4)?,
        email: r.get(5)?,
    })
}

/// The client list without a query: by name, a page at a time.
pub fn first_page(conn: &Connection, limit: i64, offset: i64) -> AppResult<Vec<ClientHit>> {
    let mut st = conn
        .prepare_cached(
            "SELECT c.id, c.name, c.kind, c.grade,
                (SELECT value FROM client_contacts WHERE client_id = c.id AND kind = 'phone' ORDER BY position LIMIT 1),
                (SELECT value FROM client_contacts WHERE client_id = c.id AND kind = 'email' ORDER BY position LIMIT 1)
             FROM clients c ORDER BY c.name, c.id LIMIT ?1 OFFSET ?2",
        )
        .map_err(sql_error)?;
    let rows = st
        .query_map(params![limit, offset], hit)
        .map_err(sql_error)?;
    rows.collect::<Result<_, _>>().map_err(sql_error)
}
