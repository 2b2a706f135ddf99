//! Retention and destruction (seed 003: destroy personal data when no longer needed).
//! A client's file may be destroyed once every matter has been closed for its retention
//! period (the firm default, 10 years, or the matter's own). Destruction removes the
//! personal data and attachment files (SQLite's secure_delete overwrites freed pages) and
//! keeps only a destruction record: category, date, who — no content.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

use crate::domain::dates;
use crate::domain::ids::ClientId;
use crate::domain::{AppError, AppResult, ErrorCode};
use crate::services::client_file::commlog::attachment_path;
use crate::services::core::Core;
use crate::store::retention as store;
use crate::store::{audit, firm, settings, Conn};

pub const DEFAULT_YEARS: i64 = 10;
const YEARS_KEY: &str = "retention.years";
/// Raised inside destruction's transaction: money triggers then let personal details go.
const DESTRUCTION_FLAG: &str = "destruction_in_progress";

pub fn default_years(conn: &Conn) -> AppResult<i64> {
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

/// The firm's default retention in years.
pub fn years(core: &Core) -> AppResult<i64> {
    core.db.read(default_years)
}

pub fn set_default_years(core: &Core, years: i64, now: DateTime<Utc>) -> AppResult<()> {
    if !(1..=100).contains(&years) {
        return Err(AppError::field("retention_years", "retention_years"));
    }
    core.db.write(|tx| {
        let before = default_years(tx)?;
        settings::set(tx, YEARS_KEY, &years.to_string())?;
        audit::record_diff(
            tx,
            now,
            ("update", "retention", ""),
            json!({ "years": years }),
            None,
            (
                Some(&json!({ "years": before })),
                &json!({ "years": years }),
            ),
            &[],
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
    let matters = core
        .db
        .read(|c| store::closed_files(c, default_years(c)?))?;
    let mut out: Vec<DueForDestruction> = Vec::new();
    let mut current: Option<(DueForDestruction, bool)> = None;
    for m in matters {
        let keep = m.closed_on.map(|c| (c, add_years(c, m.years)));
        if current
            .as_ref()
            .is_some_and(|(d, _)| d.client_id != m.client_id)
        {
            if let Some((d, true)) = current.take() {
                out.push(d);
            }
        }
        let entry = current.get_or_insert_with(|| {
            (
                DueForDestruction {
                    client_id: m.client_id,
                    name: m.client_name.clone(),
                    last_closed_on: String::new(),
                    keep_until: String::new(),
                },
                true,
            )
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

impl From<store::DestructionRecord> for DestructionRecord {
    fn from(r: store::DestructionRecord) -> Self {
        DestructionRecord {
            category: r.category,
            client_ref: r.client_ref,
            matters: r.matters,
            attachments: r.attachments,
            destroyed_on: dates::to_iso(r.destroyed_on),
            destroyed_by: r.destroyed_by,
        }
    }
}

/// Destroys a client's file. Refused while a matter is open, retention has not run out,
/// or a balance remains. Every table on `store::retention::CLIENT_DATA` is cleared.
pub fn destroy(
    core: &Core,
    client: ClientId,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<DestructionRecord> {
    let due_now = due(core, today)?;
    let (rec, hashes) = core.db.write(|tx| {
        crate::store::clients::get(tx, client)?;
        let (matters, open) = store::matter_counts(tx, client)?;
        if open > 0 {
            return Err(AppError::field("client", "open_matter"));
        }
        // Anything still owed, or client credit not yet refunded, blocks destruction.
        if crate::store::receivables::has_open_balance(tx, client)? {
            return Err(AppError::field("client", "open_balance"));
        }
        if !due_now.iter().any(|d| d.client_id == client) {
            return Err(AppError::field("client", "retention_running"));
        }
        let hashes = store::client_files(tx, client)?;
        settings::set(tx, DESTRUCTION_FLAG, "1")?;
        store::destroy_client_data(tx, client)?;
        settings::remove(tx, DESTRUCTION_FLAG)?;
        let by = firm::get_profile(tx)?
            .map(|p| p.profile.lawyer_name)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "Lawdesk user".into());
        let rec = store::DestructionRecord {
            category: "client file".into(),
            client_ref: format!("client #{}", client.0),
            matters,
            attachments: hashes.len() as i64,
            destroyed_on: today,
            destroyed_by: by,
        };
        store::insert_record(tx, &rec)?;
        audit::record(
            tx,
            now,
            "destroy",
            "client",
            &client.to_string(),
            &json!({ "matters": matters }),
        )?;
        Ok((rec, hashes))
    })?;
    // Files go after the commit; a file still referenced by another client stays.
    for h in hashes {
        let still_used = core.db.read(|c| store::file_in_use(c, &h)).unwrap_or(true);
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
    crate::services::letters::output::clear_out_dir(core);
    Ok(rec.into())
}

pub fn records(core: &Core) -> AppResult<Vec<DestructionRecord>> {
    let rows = core.db.read(store::records)?;
    Ok(rows.into_iter().map(Into::into).collect())
}
