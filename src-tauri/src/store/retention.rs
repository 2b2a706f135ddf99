//! Retention and destruction in the database: which clients are past their retention, and
//! the one list of every table that holds client data with what destruction does to it.
//! `tests/retention_tables.rs` fails when a table of the schema is on neither
//! [`CLIENT_DATA`] nor [`NOT_CLIENT_DATA`], so a new table cannot be forgotten.

use rusqlite::{params, Connection};

use super::{decode, rows, sql_error};
use crate::domain::dates;
use crate::domain::ids::ClientId;
use crate::domain::AppResult;
use chrono::NaiveDate;

/// Every table that holds a client's data, and the statements (run in this order, `?1` the
/// client's id) that remove or anonymize it. A table whose statements are empty is emptied
/// by foreign-key cascades or triggers from a table listed here (named in the comment).
/// Fees: quotes, engagements and plans go; invoices and payments stay in the register
/// (numbers and amounts, for the accounts) without personal details.
pub const CLIENT_DATA: &[(&str, &[&str])] = &[
    // The before/after of this client's changes (the audit rows keep their digests) and the
    // request keys of its payments, invoices and letters (their first results name the
    // client's records).
    ("audit_changes", &["DELETE FROM audit_changes WHERE client_id = ?1"]),
    ("request_keys", &["DELETE FROM request_keys WHERE (operation = 'letter' AND json_extract(result, '$.client_id') = ?1)
         OR (operation = 'payment.record' AND json_extract(result, '$.id') IN (SELECT id FROM payments WHERE client_id = ?1))
         OR (operation = 'invoice.issue' AND json_extract(result, '$.id') IN (SELECT id FROM invoices WHERE client_id = ?1))"]),
    ("collection_covered", &["DELETE FROM collection_covered WHERE action_id IN (SELECT id FROM collection_actions WHERE client_id = ?1)"]),
    ("collection_actions", &["DELETE FROM collection_actions WHERE client_id = ?1"]),
    ("collection_holds", &["DELETE FROM collection_holds WHERE client_id = ?1"]),
    ("debt_acknowledgments", &["DELETE FROM debt_acknowledgments WHERE client_id = ?1"]),
    ("arrangement_instalments", &["DELETE FROM arrangement_instalments WHERE arrangement_id IN (SELECT id FROM arrangements WHERE client_id = ?1)"]),
    ("arrangements", &["DELETE FROM arrangements WHERE client_id = ?1"]),
    ("letter_dispatches", &["DELETE FROM letter_dispatches WHERE letter_id IN (SELECT id FROM letters WHERE client_id = ?1)"]),
    ("letter_invoices", &["DELETE FROM letter_invoices WHERE letter_id IN (SELECT id FROM letters WHERE client_id = ?1)"]),
    ("letters", &["DELETE FROM letters WHERE client_id = ?1"]),
    ("communication_attachments", &["DELETE FROM communication_attachments WHERE communication_id IN (SELECT id FROM communications WHERE client_id = ?1)"]),
    ("communications", &["DELETE FROM communications WHERE client_id = ?1"]),
    ("follow_ups", &["DELETE FROM follow_ups WHERE client_id = ?1"]),
    ("complaints", &["DELETE FROM complaints WHERE client_id = ?1"]),
    ("satisfaction", &["DELETE FROM satisfaction WHERE client_id = ?1"]),
    ("conflict_checks", &[
        "DELETE FROM conflict_checks WHERE client_id = ?1 OR matter_id IN (SELECT id FROM matters WHERE client_id = ?1)",
        // Other files keep their conflict checks as evidence, without this person's data.
        "UPDATE conflict_checks SET hits = (
             SELECT json_group_array(CASE WHEN json_extract(h.value, '$.id') = ?1
                 THEN json_object('id', ?1, 'name', '(destroyed file)', 'role', json_extract(h.value, '$.role'),
                                  'matter_id', NULL, 'client_name', '(destroyed file)',
                                  'matched_on', json_extract(h.value, '$.matched_on'))
                 ELSE json(h.value) END)
             FROM json_each(conflict_checks.hits) AS h)
         WHERE EXISTS (SELECT 1 FROM json_each(conflict_checks.hits) AS h WHERE json_extract(h.value, '$.id') = ?1)",
    ]),
    ("party_names", &["DELETE FROM party_names WHERE client_id = ?1"]),
    ("plan_items", &["DELETE FROM plan_items WHERE plan_id IN (SELECT p.id FROM payment_plans p JOIN engagements e ON e.id = p.engagement_id WHERE e.client_id = ?1)"]),
    ("payment_plans", &["DELETE FROM payment_plans WHERE engagement_id IN (SELECT id FROM engagements WHERE client_id = ?1)"]),
    ("engagement_contracts", &["DELETE FROM engagement_contracts WHERE engagement_id IN (SELECT id FROM engagements WHERE client_id = ?1)"]),
    ("quotes", &["UPDATE quotes SET engagement_id = NULL WHERE client_id = ?1"]),
    ("engagements", &["DELETE FROM engagements WHERE client_id = ?1"]),
    ("quote_revisions", &["DELETE FROM quote_revisions WHERE quote_id IN (SELECT id FROM quotes WHERE client_id = ?1)"]),
    ("quotes", &["DELETE FROM quotes WHERE client_id = ?1"]),
    ("invoice_lines", &["UPDATE invoice_lines SET description = '(destroyed file)' WHERE invoice_id IN (SELECT id FROM invoices WHERE client_id = ?1)"]),
    ("invoices", &["UPDATE invoices SET notes = '' WHERE client_id = ?1"]),
    ("payments", &["UPDATE payments SET payer = '', reference = '', notes = '', voucher_name = NULL, voucher_sha256 = NULL WHERE client_id = ?1"]),
    ("invoice_open", &["UPDATE invoice_open SET client_id = NULL WHERE client_id = ?1"]),
    ("opposing_parties", &["DELETE FROM opposing_parties WHERE matter_id IN (SELECT id FROM matters WHERE client_id = ?1)"]),
    ("matters", &["DELETE FROM matters WHERE client_id = ?1"]),
    ("clients", &["DELETE FROM clients WHERE id = ?1"]),
    // Cascades from `clients` (ON DELETE CASCADE) and its triggers (search forms).
    ("client_contacts", &[]),
    ("client_tags", &[]),
    ("related_persons", &[]),
    ("consents", &[]),
    ("client_name_grams", &[]),
    ("client_search", &[]),
];

/// Tables that hold no client's personal data, each with the reason. (FTS5 keeps
/// `client_search`'s rows in shadow tables `client_search_*`, covered with it.)
pub const NOT_CLIENT_DATA: &[(&str, &str)] = &[
    ("settings", "application settings"),
    ("firm_profile", "the firm's own profile"),
    ("bank_accounts", "the firm's accounts"),
    ("secret_names", "names of keychain entries"),
    (
        "audit_log",
        "append-only trail of acts (ids and amounts), kept by law",
    ),
    (
        "destruction_records",
        "content-free record that a file was destroyed",
    ),
    ("number_sequences", "document number counters"),
    (
        "invoice_cancellations",
        "date and reason of a cancelled invoice in the register",
    ),
    (
        "allocations",
        "which payment paid which invoice, amounts only",
    ),
    (
        "payment_reversals",
        "date and reason of a reversal in the register",
    ),
    ("letter_templates", "the firm's letter templates"),
    ("payment_qr_images", "the firm's payment QR images"),
    ("firm_letter_identity", "the firm per letter language"),
    ("interest_rates", "published reference rates"),
    ("dunning_stages", "the firm's dunning ladder"),
];

/// Removes or anonymizes every row of `client` on [`CLIENT_DATA`], in order.
pub fn destroy_client_data(tx: &Connection, client: ClientId) -> AppResult<()> {
    for (_, statements) in CLIENT_DATA {
        for sql in *statements {
            tx.execute(sql, [client.0]).map_err(sql_error)?;
        }
    }
    Ok(())
}

/// A client's matter: its closing date (None while open) and retention in years.
pub struct MatterRetention {
    pub client_id: ClientId,
    pub client_name: String,
    pub closed_on: Option<NaiveDate>,
    pub years: i64,
}

/// The matters of clients whose every matter is closed, by client (matters without their
/// own retention take `default_years`).
pub fn closed_files(conn: &Connection, default_years: i64) -> AppResult<Vec<MatterRetention>> {
    let raw = rows(
        conn,
        "SELECT cl.id, cl.name, m.closed_on, COALESCE(m.retention_years, ?1), m.id
         FROM clients cl JOIN matters m ON m.client_id = cl.id
         WHERE NOT EXISTS (SELECT 1 FROM matters o WHERE o.client_id = cl.id AND o.status <> 'closed')
         ORDER BY cl.id",
        [default_years],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        },
    )?;
    raw.into_iter()
        .map(|(id, name, closed, years, matter)| {
            Ok(MatterRetention {
                client_id: ClientId(id),
                client_name: name,
                closed_on: decode::opt_date("matters", "closed_on", matter, closed.as_deref())?,
                years,
            })
        })
        .collect()
}

/// How many matters `client` has: (all, still open).
pub fn matter_counts(conn: &Connection, client: ClientId) -> AppResult<(i64, i64)> {
    conn.query_row(
        "SELECT count(*), count(*) FILTER (WHERE status <> 'closed') FROM matters WHERE client_id = ?1",
        [client.0],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .map_err(sql_error)
}

/// SHA-256 of every file of `client`: log attachments (letters included) and vouchers.
pub fn client_files(conn: &Connection, client: ClientId) -> AppResult<Vec<String>> {
    rows(
        conn,
        "SELECT a.sha256 FROM communication_attachments a JOIN communications k ON k.id = a.communication_id
         WHERE k.client_id = ?1
         UNION ALL
         SELECT voucher_sha256 FROM payments WHERE client_id = ?1 AND voucher_sha256 IS NOT NULL",
        [client.0],
        |r| r.get(0),
    )
}

/// True while a row still refers to the file `sha256`.
pub fn file_in_use(conn: &Connection, sha256: &str) -> AppResult<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM communication_attachments WHERE sha256 = ?1)
             OR EXISTS (SELECT 1 FROM payments WHERE voucher_sha256 = ?1)",
        [sha256],
        |r| r.get(0),
    )
    .map_err(sql_error)
}

/// The content-free record of one destruction.
pub struct DestructionRecord {
    pub category: String,
    pub client_ref: String,
    pub matters: i64,
    pub attachments: i64,
    pub destroyed_on: NaiveDate,
    pub destroyed_by: String,
}

pub fn insert_record(tx: &Connection, rec: &DestructionRecord) -> AppResult<()> {
    tx.execute(
        "INSERT INTO destruction_records(category, client_ref, matters, attachments, destroyed_on, destroyed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![rec.category, rec.client_ref, rec.matters, rec.attachments, dates::to_iso(rec.destroyed_on), rec.destroyed_by],
    )
    .map_err(sql_error)?;
    Ok(())
}

/// Every destruction record, newest first.
pub fn records(conn: &Connection) -> AppResult<Vec<DestructionRecord>> {
    let raw = rows(
        conn,
        "SELECT id, category, client_ref, matters, attachments, destroyed_on, destroyed_by
         FROM destruction_records ORDER BY id DESC",
        [],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        },
    )?;
    raw.into_iter()
        .map(|(id, category, client_ref, matters, attachments, on, by)| {
            Ok(DestructionRecord {
                category,
                client_ref,
                matters,
                attachments,
                destroyed_on: decode::date("destruction_records", "destroyed_on", id, &on)?,
                destroyed_by: by,
            })
        })
        .collect()
}

/// Names of the tables in the schema (not SQLite's own, not FTS5 shadow tables).
pub fn schema_tables(conn: &Connection) -> AppResult<Vec<String>> {
    rows(
        conn,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
         AND name NOT IN (SELECT s.name FROM sqlite_master s JOIN sqlite_master v
                          ON v.sql LIKE 'CREATE VIRTUAL TABLE%' AND s.name LIKE v.name || '\\_%' ESCAPE '\\')
         ORDER BY name",
        [],
        |r| r.get(0),
    )
}
