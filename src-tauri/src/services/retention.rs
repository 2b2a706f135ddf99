//! Retention and destruction (seed 003: destroy personal data when no longer needed).
//! A client's file may be destroyed once every matter has been closed for its retention
//! period (the firm default, 10 years, or the matter's own). Destruction removes the
//! personal data and attachment files (SQLite's secure_delete overwrites freed pages) and
//! keeps only a destruction record: category, date, who — no content.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

use super::commlog::attachment_path;
use super::core::Core;
use crate::domain::dates;
use crate::domain::ids::ClientId;
use crate::domain::{AppError, AppResult, ErrorCode};
use crate::store::{audit, decode, firm, settings, sql_error};

pub const DEFAULT_YEARS: i64 = 10;
const YEARS_KEY: &str = "retention.years";

pub fn default_years(conn: &rusqlite::Connection) -> AppResult<i64> {
    match settings::get(conn, YEARS_KEY)? {
        None => Ok(DEFAULT_YEARS),
        Some(v) => v.parse().map_err(|_| {
            AppError::new(
                ErrorCode::StoredValueCorrupt,
                format!("The stored setting {YEARS_KEY} is not a whole number of years; the database was changed outside Lawdesk or is damaged"),
            )
        }),
    }
}

pub fn set_default_years(core: &Core, years: i64, now: DateTime<Utc>) -> AppResult<()> {
    if !(1..=100).contains(&years) {
        return Err(AppError::field("retention_years", "retention_years"));
    }
    core.db.write(|tx| {
        settings::set(tx, YEARS_KEY, &years.to_string())?;
        audit::record(
            tx,
            now,
            "update",
            "retention",
            "",
            &json!({ "years": years }),
        )
    })
}

fn add_years(d: NaiveDate, years: i64) -> NaiveDate {
    let y = d.year() + years as i32;
    NaiveDate::from_ymd_opt(y, d.month(), d.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, d.month(), 28))
        .unwrap_or(d)
}

#[derive(Debug, Clone, Serialize)]
pub struct DueForDestruction {
    pub client_id: ClientId,
    pub name: String,
    pub last_closed_on: String,
    pub keep_until: String,
}

/// Clients whose every matter is closed and past its retention on `today`.
pub fn due(core: &Core, today: NaiveDate) -> AppResult<Vec<DueForDestruction>> {
    core.db.read(|c| {
        let years = default_years(c)?;
        let mut st = c
            .prepare(
                "SELECT cl.id, cl.name, m.closed_on, COALESCE(m.retention_years, ?1), m.id
                 FROM clients cl JOIN matters m ON m.client_id = cl.id
                 WHERE NOT EXISTS (SELECT 1 FROM matters o WHERE o.client_id = cl.id AND o.status <> 'closed')
                 ORDER BY cl.id",
            )
            .map_err(sql_error)?;
        let rows = st
            .query_map([years], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?, r.get::<_, i64>(3)?, r.get::<_, i64>(4)?)))
            .map_err(sql_error)?;
        let mut out: Vec<DueForDestruction> = Vec::new();
        let mut current: Option<(DueForDestruction, bool)> = None;
        for row in rows {
            let (id, name, closed, years, matter) = row.map_err(sql_error)?;
            let closed = decode::opt_date("matters", "closed_on", matter, closed.as_deref())?;
            let keep = closed.map(|c| (c, add_years(c, years)));
            if current.as_ref().is_some_and(|(d, _)| d.client_id.0 != id) {
                if let Some((d, true)) = current.take() {
                    out.push(d);
                }
            }
            let entry = current.get_or_insert_with(|| {
                (DueForDestruction { client_id: ClientId(id), name: name.clone(), last_closed_on: String::new(), keep_until: String::new() }, true)
            });
            match keep {
                Some((closed, until)) => {
                    if dates::to_iso(closed) > entry.0.last_closed_on {
                        entry.0.last_closed_on = dates::to_iso(closed);
                    }
                    if dates::to_iso(until) > entry.0.keep_until {
                        entry.0.keep_until = dates::to_iso(until);
                    }
                    if until > today {
                        entry.1 = false;
                    }
                }
                None => entry.1 = false,
            }
        }
        if let Some((d, true)) = current {
            out.push(d);
        }
        Ok(out)
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct DestructionRecord {
    pub category: String,
    pub client_ref: String,
    pub matters: i64,
    pub attachments: i64,
    pub destroyed_on: String,
    pub destroyed_by: String,
}

/// Anything still owed, or client credit not yet refunded, blocks destruction.
fn open_balance(conn: &rusqlite::Connection, client: ClientId) -> AppResult<bool> {
    crate::store::receivables::has_open_balance(conn, client)
}

/// Destroys a client's file. Refused while a matter is open, retention has not run out,
/// or a balance remains.
pub fn destroy(
    core: &Core,
    client: ClientId,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<DestructionRecord> {
    let due_now = due(core, today)?;
    let record = core.db.write(|tx| {
        crate::store::clients::get(tx, client)?;
        let open: i64 = tx
            .query_row("SELECT count(*) FROM matters WHERE client_id = ?1 AND status <> 'closed'", [client.0], |r| r.get(0))
            .map_err(sql_error)?;
        if open > 0 {
            return Err(AppError::field("client", "open_matter"));
        }
        if open_balance(tx, client)? {
            return Err(AppError::field("client", "open_balance"));
        }
        if !due_now.iter().any(|d| d.client_id == client) {
            return Err(AppError::field("client", "retention_running"));
        }
        let matters: i64 = tx
            .query_row("SELECT count(*) FROM matters WHERE client_id = ?1", [client.0], |r| r.get(0))
            .map_err(sql_error)?;
        let mut st = tx
            .prepare(
                "SELECT a.sha256 FROM communication_attachments a JOIN communications k ON k.id = a.communication_id
                 WHERE k.client_id = ?1",
            )
            .map_err(sql_error)?;
        let mut hashes: Vec<String> = st
            .query_map([client.0], |r| r.get(0))
            .map_err(sql_error)?
            .collect::<Result<_, _>>()
            .map_err(sql_error)?;
        hashes.extend(crate::store::rows(
            tx,
            "SELECT voucher_sha256 FROM payments WHERE client_id = ?1 AND voucher_sha256 IS NOT NULL",
            [client.0],
            |r| r.get::<_, String>(0),
        )?);
        settings::set(tx, "destruction_in_progress", "1")?;
        tx.execute_batch(&format!(
            "-- The before/after of this client's changes (the audit rows keep their digests)
             -- and the request keys of its payments, invoices and letters (their first
             -- results name the client's records).
             DELETE FROM audit_changes WHERE client_id = {c};
             DELETE FROM request_keys WHERE (operation = 'letter' AND json_extract(result, '$.client_id') = {c})
                 OR (operation = 'payment.record' AND json_extract(result, '$.id') IN (SELECT id FROM payments WHERE client_id = {c}))
                 OR (operation = 'invoice.issue' AND json_extract(result, '$.id') IN (SELECT id FROM invoices WHERE client_id = {c}));
             DELETE FROM letter_dispatches WHERE letter_id IN (SELECT id FROM letters WHERE client_id = {c});
             DELETE FROM letter_invoices WHERE letter_id IN (SELECT id FROM letters WHERE client_id = {c});
             DELETE FROM letters WHERE client_id = {c};
             DELETE FROM communication_attachments WHERE communication_id IN (SELECT id FROM communications WHERE client_id = {c});
             DELETE FROM communications WHERE client_id = {c};
             DELETE FROM follow_ups WHERE client_id = {c};
             DELETE FROM complaints WHERE client_id = {c};
             DELETE FROM satisfaction WHERE client_id = {c};
             DELETE FROM conflict_checks WHERE client_id = {c} OR matter_id IN (SELECT id FROM matters WHERE client_id = {c});
             DELETE FROM party_names WHERE client_id = {c};
             -- Other files keep their conflict checks as evidence, without this person's data.
             UPDATE conflict_checks SET hits = (
                 SELECT json_group_array(CASE WHEN json_extract(h.value, '$.id') = {c}
                     THEN json_object('id', {c}, 'name', '(destroyed file)', 'role', json_extract(h.value, '$.role'),
                                      'matter_id', NULL, 'client_name', '(destroyed file)',
                                      'matched_on', json_extract(h.value, '$.matched_on'))
                     ELSE json(h.value) END)
                 FROM json_each(conflict_checks.hits) AS h)
             WHERE EXISTS (SELECT 1 FROM json_each(conflict_checks.hits) AS h WHERE json_extract(h.value, '$.id') = {c});
             -- Fees: quotes, engagements and plans go; invoices and payments stay in the
             -- register (numbers and amounts, for the accounts) without personal details.
             DELETE FROM plan_items WHERE plan_id IN (SELECT p.id FROM payment_plans p JOIN engagements e ON e.id = p.engagement_id WHERE e.client_id = {c});
             DELETE FROM payment_plans WHERE engagement_id IN (SELECT id FROM engagements WHERE client_id = {c});
             UPDATE quotes SET engagement_id = NULL WHERE client_id = {c};
             DELETE FROM engagements WHERE client_id = {c};
             DELETE FROM quote_revisions WHERE quote_id IN (SELECT id FROM quotes WHERE client_id = {c});
             DELETE FROM quotes WHERE client_id = {c};
             UPDATE invoice_lines SET description = '(destroyed file)' WHERE invoice_id IN (SELECT id FROM invoices WHERE client_id = {c});
             UPDATE invoices SET notes = '' WHERE client_id = {c};
             UPDATE payments SET payer = '', reference = '', notes = '', voucher_name = NULL, voucher_sha256 = NULL WHERE client_id = {c};
             UPDATE invoice_open SET client_id = NULL WHERE client_id = {c};
             DELETE FROM opposing_parties WHERE matter_id IN (SELECT id FROM matters WHERE client_id = {c});
             DELETE FROM matters WHERE client_id = {c};
             DELETE FROM clients WHERE id = {c};
             DELETE FROM settings WHERE key = 'destruction_in_progress';",
            c = client.0
        ))
        .map_err(sql_error)?;
        let by = firm::get_profile(tx)?.map(|p| p.profile.lawyer_name).filter(|n| !n.is_empty()).unwrap_or_else(|| "Lawdesk user".into());
        let rec = DestructionRecord {
            category: "client file".into(),
            client_ref: format!("client #{}", client.0),
            matters,
            attachments: hashes.len() as i64,
            destroyed_on: dates::to_iso(today),
            destroyed_by: by,
        };
        tx.execute(
            "INSERT INTO destruction_records(category, client_ref, matters, attachments, destroyed_on, destroyed_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![rec.category, rec.client_ref, rec.matters, rec.attachments, rec.destroyed_on, rec.destroyed_by],
        )
        .map_err(sql_error)?;
        audit::record(tx, now, "destroy", "client", &client.to_string(), &json!({ "matters": matters }))?;
        Ok((rec, hashes))
    });
    let (rec, hashes) = record?;
    // Files go after the commit; a file still referenced by another client stays.
    for h in hashes {
        let still_used: bool = core
            .db
            .read(|c| {
                c.query_row(
                    "SELECT EXISTS (SELECT 1 FROM communication_attachments WHERE sha256 = ?1)
                         OR EXISTS (SELECT 1 FROM payments WHERE voucher_sha256 = ?1)",
                    [&h],
                    |r| r.get(0),
                )
                .map_err(sql_error)
            })
            .unwrap_or(true);
        if !still_used {
            let path = attachment_path(core, &h);
            if let Ok(meta) = std::fs::metadata(&path) {
                // Overwrite before removing, so the content does not linger on disk.
                let _ = std::fs::write(&path, vec![0u8; meta.len() as usize]);
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    // Readable-named copies handed to a viewer or printer may include this client's letters.
    super::letter_output::clear_out_dir(core);
    Ok(rec)
}

pub fn records(core: &Core) -> AppResult<Vec<DestructionRecord>> {
    core.db.read(|c| {
        let mut st = c
            .prepare("SELECT category, client_ref, matters, attachments, destroyed_on, destroyed_by FROM destruction_records ORDER BY id DESC")
            .map_err(sql_error)?;
        let rows = st
            .query_map([], |r| {
                Ok(DestructionRecord {
                    category: r.get(0)?,
                    client_ref: r.get(1)?,
                    matters: r.get(2)?,
                    attachments: r.get(3)?,
                    destroyed_on: r.get(4)?,
                    destroyed_by: r.get(5)?,
                })
            })
            .map_err(sql_error)?;
        rows.collect::<Result<_, _>>().map_err(sql_error)
    })
}
