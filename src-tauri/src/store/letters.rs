//! Generated letters (evidence, append-only), the lawyer's letter templates, and the
//! firm's own payment QR images.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::database::{rows, sql_error};
use super::decode::{self, in_row};
use crate::domain::dates;
use crate::domain::ids::{ClientId, LetterId};
use crate::domain::lang::Lang;
use crate::domain::AppResult;
use crate::letters::layout::Paper;
use crate::letters::templates::Kind;

pub struct NewLetter<'a> {
    pub number: &'a str,
    pub kind: Kind,
    pub lang: Lang,
    pub paper: Paper,
    pub client_id: ClientId,
    pub subject_id: Option<i64>,
    pub issued_on: NaiveDate,
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub pages: i64,
    pub bytes: i64,
    pub communication_id: i64,
}

pub fn insert(
    conn: &Connection,
    l: &NewLetter<'_>,
    invoices: &[i64],
    now: DateTime<Utc>,
) -> AppResult<LetterId> {
    conn.execute(
        "INSERT INTO letters(number, kind, lang, paper, client_id, subject_id, issued_on, file_name, sha256, pages, bytes,
                             communication_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            l.number, l.kind.code(), l.lang.code(), paper_code(l.paper), l.client_id.0, l.subject_id,
            dates::to_iso(l.issued_on), l.file_name, l.sha256, l.pages, l.bytes,
            l.communication_id, now.to_rfc3339()
        ],
    )
    .map_err(sql_error)?;
    let id = conn.last_insert_rowid();
    for inv in invoices {
        conn.execute(
            "INSERT INTO letter_invoices(letter_id, invoice_id) VALUES (?1, ?2)",
            params![id, inv],
        )
        .map_err(sql_error)?;
    }
    Ok(LetterId(id))
}

/// How a paper size is stored (`a4`, `letter`).
fn paper_code(p: Paper) -> &'static str {
    match p {
        Paper::A4 => "a4",
        Paper::Letter => "letter",
    }
}

/// A stored paper code read back exactly (no lenient spellings).
fn paper_of(code: &str) -> Option<Paper> {
    [Paper::A4, Paper::Letter]
        .into_iter()
        .find(|p| paper_code(*p) == code)
}

/// A stored language code read back exactly.
fn lang_of(code: &str) -> Option<Lang> {
    Lang::ALL.into_iter().find(|l| l.code() == code)
}

/// A letter written and kept, in domain values; it serializes as the window and the CLI
/// show it (ids as numbers, kind and language as codes, the date as `YYYY-MM-DD`).
#[derive(Debug, Clone, Serialize)]
pub struct Letter {
    pub id: LetterId,
    pub number: String,
    pub kind: Kind,
    pub lang: Lang,
    pub paper: Paper,
    pub client_id: ClientId,
    pub client_name: String,
    pub subject_id: Option<i64>,
    pub issued_on: NaiveDate,
    pub file_name: String,
    pub sha256: String,
    pub pages: i64,
    pub bytes: i64,
    pub communication_id: i64,
}

const SQL: &str = "SELECT l.id, l.number, l.kind, l.lang, l.paper, l.client_id, c.name, l.subject_id, l.issued_on, l.file_name,
        l.sha256, l.pages, l.bytes, l.communication_id
     FROM letters l JOIN clients c ON c.id = l.client_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Letter> {
    let id: i64 = r.get(0)?;
    let text = |i: usize| -> rusqlite::Result<String> { r.get(i) };
    Ok(Letter {
        id: LetterId(id),
        number: r.get(1)?,
        kind: in_row(decode::enum_("letters", "kind", id, &text(2)?, Kind::parse))?,
        lang: in_row(decode::enum_("letters", "lang", id, &text(3)?, lang_of))?,
        paper: in_row(decode::enum_("letters", "paper", id, &text(4)?, paper_of))?,
        client_id: ClientId(r.get(5)?),
        client_name: r.get(6)?,
        subject_id: r.get(7)?,
        issued_on: in_row(decode::date("letters", "issued_on", id, &text(8)?))?,
        file_name: r.get(9)?,
        sha256: r.get(10)?,
        pages: r.get(11)?,
        bytes: r.get(12)?,
        communication_id: r.get(13)?,
    })
}

pub fn list(conn: &Connection, client: Option<ClientId>, limit: i64) -> AppResult<Vec<Letter>> {
    rows(
        conn,
        &format!("{SQL} WHERE (?1 IS NULL OR l.client_id = ?1) ORDER BY l.id DESC LIMIT ?2"),
        params![client.map(|c| c.0), limit],
        row,
    )
}

pub fn get(conn: &Connection, id: LetterId) -> AppResult<Letter> {
    conn.query_row(&format!("{SQL} WHERE l.id = ?1"), [id.0], row)
        .optional()
        .map_err(sql_error)?
        .ok_or_else(|| crate::domain::AppError::not_found("The letter"))
}

/// Whether `invoice` was already covered by a letter of `kind`.
pub fn invoice_has_letter(conn: &Connection, invoice: i64, kind: &str) -> AppResult<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM letter_invoices li JOIN letters l ON l.id = li.letter_id
                        WHERE li.invoice_id = ?1 AND l.kind = ?2)",
        params![invoice, kind],
        |r| r.get(0),
    )
    .map_err(sql_error)
}

/// How many clients have an open invoice due on or before `due_by` that no letter of `kind`
/// has covered yet: one query over the open amounts' index (the Dashboard's counts).
pub fn due_client_count(conn: &Connection, kind: &str, due_by: &str) -> AppResult<usize> {
    conn.query_row(
        "SELECT COUNT(DISTINCT o.client_id) FROM invoice_open o
         WHERE o.open_minor > 0 AND o.client_id IS NOT NULL AND o.due_on <= ?2
           AND NOT EXISTS (SELECT 1 FROM letter_invoices li JOIN letters l ON l.id = li.letter_id
                           WHERE li.invoice_id = o.invoice_id AND l.kind = ?1)",
        params![kind, due_by],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n as usize)
    .map_err(sql_error)
}

pub fn template(conn: &Connection, kind: &str, lang: &str) -> AppResult<Option<String>> {
    conn.query_row(
        "SELECT body FROM letter_templates WHERE kind = ?1 AND lang = ?2",
        params![kind, lang],
        |r| r.get(0),
    )
    .optional()
    .map_err(sql_error)
}

pub fn save_template(
    conn: &Connection,
    kind: &str,
    lang: &str,
    body: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    conn.execute(
        "INSERT INTO letter_templates(kind, lang, body, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(kind, lang) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
        params![kind, lang, body, now.to_rfc3339()],
    )
    .map_err(sql_error)?;
    Ok(())
}

pub fn reset_template(conn: &Connection, kind: &str, lang: &str) -> AppResult<()> {
    conn.execute(
        "DELETE FROM letter_templates WHERE kind = ?1 AND lang = ?2",
        params![kind, lang],
    )
    .map_err(sql_error)?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct QrImage {
    pub id: i64,
    pub label: String,
    pub currency: String,
    pub mime: String,
    #[serde(skip)]
    pub image: Vec<u8>,
}

pub fn qr_images(conn: &Connection) -> AppResult<Vec<QrImage>> {
    rows(
        conn,
        "SELECT id, label, currency, mime, image FROM payment_qr_images ORDER BY id",
        [],
        |r| {
            Ok(QrImage {
                id: r.get(0)?,
                label: r.get(1)?,
                currency: r.get(2)?,
                mime: r.get(3)?,
                image: r.get(4)?,
            })
        },
    )
}

pub fn add_qr_image(
    conn: &Connection,
    label: &str,
    currency: &str,
    mime: &str,
    image: &[u8],
    now: DateTime<Utc>,
) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO payment_qr_images(label, currency, mime, image, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![label, currency, mime, image, now.to_rfc3339()],
    )
    .map_err(sql_error)?;
    Ok(conn.last_insert_rowid())
}

pub fn delete_qr_image(conn: &Connection, id: i64) -> AppResult<()> {
    conn.execute("DELETE FROM payment_qr_images WHERE id = ?1", [id])
        .map_err(sql_error)?;
    Ok(())
}
