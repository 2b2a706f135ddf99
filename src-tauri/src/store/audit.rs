//! The audit history: one append-only row per change (triggers refuse UPDATE and DELETE),
//! chained by SHA-256 (`domain::audit`). Each row records who made the change: the actor set
//! on the connection (`set_actor`: the OS user and the front end).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::database::sql_error;
use crate::domain::audit::{check_row, entry_hash, AuditContent, BreakKind, GENESIS};
use crate::domain::commlog::sha256_hex;
use crate::domain::AppResult;

/// Creates the connection's actor slot (a temporary table, so it belongs to this
/// connection only and is never stored in the file).
pub(crate) fn init_actor(conn: &Connection, actor: &str) -> AppResult<()> {
    conn.execute_batch("CREATE TEMP TABLE IF NOT EXISTS audit_actor(name TEXT NOT NULL)")
        .map_err(sql_error)?;
    set_actor(conn, actor)
}

/// Who the following changes on this connection are made by.
pub fn set_actor(conn: &Connection, actor: &str) -> AppResult<()> {
    conn.execute("DELETE FROM temp.audit_actor", [])
        .map_err(sql_error)?;
    conn.execute("INSERT INTO temp.audit_actor(name) VALUES (?1)", [actor])
        .map_err(sql_error)?;
    Ok(())
}

/// Who, when the OS does not say.
const UNKNOWN: &str = "unknown";

/// The OS user name (`USER`, `USERNAME`), or "unknown".
pub fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| UNKNOWN.to_string())
}

/// The actor of a front end: `"ana (window)"`, `"ana (lawdesk-cli)"`.
pub fn front_end_actor(front_end: &str) -> String {
    format!("{} ({front_end})", os_user())
}

fn actor(conn: &Connection) -> String {
    conn.prepare_cached("SELECT name FROM temp.audit_actor")
        .and_then(|mut st| st.query_row([], |r| r.get(0)))
        .unwrap_or_else(|_| UNKNOWN.to_string())
}

fn last_hash(conn: &Connection) -> AppResult<String> {
    let last: Option<String> = conn
        .prepare_cached("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
        .and_then(|mut st| st.query_row([], |r| r.get(0)).optional())
        .map_err(sql_error)?;
    Ok(last
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| GENESIS.to_string()))
}

/// One change, chained to the row before it. `details` is JSON and must never hold a
/// secret value. Runs inside the use case's transaction, which holds the write lock, so the
/// chain cannot fork.
pub fn record(
    conn: &Connection,
    now: DateTime<Utc>,
    action: &str,
    entity: &str,
    entity_id: &str,
    details: &serde_json::Value,
) -> AppResult<()> {
    append(conn, now, action, entity, entity_id, details).map(|_| ())
}

/// What changed, before and after (`domain::audit::changes`; never a secret), for one write
/// to money, letters or client data.
pub struct Change<'a> {
    /// The client whose file the change belongs to: its changes go when the file is
    /// destroyed at the end of retention (the row and its digest stay).
    pub client: Option<i64>,
    pub changes: &'a serde_json::Value,
}

/// [`record`] with the change's before/after: the row's details get `changes_sha256` (so
/// the chain covers the changes) and `client`, the changes go to `audit_changes`.
pub fn record_change(
    conn: &Connection,
    now: DateTime<Utc>,
    (action, entity, entity_id): (&str, &str, &str),
    details: serde_json::Value,
    change: Change<'_>,
) -> AppResult<()> {
    let text = change.changes.to_string();
    let mut details = match details {
        serde_json::Value::Object(m) => m,
        _ => serde_json::Map::new(),
    };
    details.insert("changes_sha256".into(), sha256_hex(text.as_bytes()).into());
    if let Some(c) = change.client {
        details.insert("client".into(), c.into());
    }
    let id = append(conn, now, action, entity, entity_id, &details.into())?;
    conn.prepare_cached(
        "INSERT INTO audit_changes(audit_id, client_id, changes) VALUES (?1, ?2, ?3)",
    )
    .and_then(|mut st| st.execute(params![id, change.client, text]))
    .map_err(sql_error)?;
    Ok(())
}

/// [`record_change`] from the entity as it was (`None`: it is new) and as it is now: the
/// top-level fields that differ (`domain::audit::changes`; a field named in `private` only
/// flagged as changed, never with its values).
pub fn record_diff<B: Serialize + ?Sized, A: Serialize + ?Sized>(
    conn: &Connection,
    now: DateTime<Utc>,
    what: (&str, &str, &str),
    details: serde_json::Value,
    client: Option<i64>,
    (before, after): (Option<&B>, &A),
    private: &[&str],
) -> AppResult<()> {
    let before = match before {
        Some(b) => json_of(b)?,
        None => serde_json::Value::Null,
    };
    let after = json_of(after)?;
    // A row's own `updated_at` is not a change of its content: the audit row has its time.
    let (before, after) = (without_clock(before), without_clock(after));
    let (before, after) = (
        crate::domain::audit::mask_nested(before, private),
        crate::domain::audit::mask_nested(after, private),
    );
    let changes = crate::domain::audit::changes(&before, &after, private);
    record_change(
        conn,
        now,
        what,
        details,
        Change {
            client,
            changes: &changes,
        },
    )
}

fn without_clock(mut v: serde_json::Value) -> serde_json::Value {
    if let Some(m) = v.as_object_mut() {
        m.remove("updated_at");
    }
    v
}

fn json_of<T: Serialize + ?Sized>(v: &T) -> AppResult<serde_json::Value> {
    serde_json::to_value(v).map_err(|e| {
        crate::domain::AppError::internal(format!("audit: cannot record a change: {e}"))
    })
}

fn append(
    conn: &Connection,
    now: DateTime<Utc>,
    action: &str,
    entity: &str,
    entity_id: &str,
    details: &serde_json::Value,
) -> AppResult<i64> {
    let id: i64 = conn
        .prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM audit_log")
        .and_then(|mut st| st.query_row([], |r| r.get(0)))
        .map_err(sql_error)?;
    let content = AuditContent {
        id,
        at: now.to_rfc3339(),
        actor: actor(conn),
        action: action.to_string(),
        entity: entity.to_string(),
        entity_id: entity_id.to_string(),
        details: details.to_string(),
    };
    let prev = last_hash(conn)?;
    let hash = entry_hash(&prev, &content);
    // Cached: its program includes the chain trigger's, and every write use case runs it.
    conn.prepare_cached(
        "INSERT INTO audit_log(id, at, actor, action, entity, entity_id, details, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .and_then(|mut st| {
        st.execute(params![
            content.id,
            content.at,
            content.actor,
            content.action,
            content.entity,
            content.entity_id,
            content.details,
            prev,
            hash
        ])
    })
    .map_err(sql_error)?;
    Ok(content.id)
}

const ROW_SQL: &str =
    "SELECT id, at, actor, action, entity, entity_id, details, prev_hash, hash FROM audit_log";

fn content_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(AuditContent, String, String)> {
    Ok((
        AuditContent {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            entity: r.get(4)?,
            entity_id: r.get(5)?,
            details: r.get(6)?,
        },
        r.get(7)?,
        r.get(8)?,
    ))
}

/// Chains the rows written before the audit trail had hashes (schema 0006), in id order.
/// Runs when the database is opened; does nothing once every row is chained.
pub(crate) fn seal_unchained(conn: &mut Connection) -> AppResult<usize> {
    let pending: i64 = conn
        .query_row("SELECT count(*) FROM audit_log WHERE hash = ''", [], |r| {
            r.get(0)
        })
        .map_err(sql_error)?;
    if pending == 0 {
        return Ok(0);
    }
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(sql_error)?;
    let rows = super::database::rows(
        &tx,
        &format!("{ROW_SQL} WHERE hash = '' ORDER BY id"),
        [],
        content_row,
    )?;
    let Some(first) = rows.first().map(|r| r.0.id) else {
        return Ok(0);
    };
    let mut prev: Option<String> = tx
        .query_row(
            "SELECT hash FROM audit_log WHERE hash <> '' AND id < ?1 ORDER BY id DESC LIMIT 1",
            [first],
            |r| r.get(0),
        )
        .optional()
        .map_err(sql_error)?;
    for (content, _, _) in &rows {
        let p = prev.take().unwrap_or_else(|| GENESIS.to_string());
        let hash = entry_hash(&p, content);
        tx.execute(
            "UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE id = ?3",
            params![p, hash, content.id],
        )
        .map_err(sql_error)?;
        prev = Some(hash);
    }
    tx.commit().map_err(sql_error)?;
    tracing::info!(rows = rows.len(), "audit trail chained");
    Ok(rows.len())
}

/// The first row where the chain does not hold.
#[derive(Debug, Clone, Serialize)]
pub struct BrokenRow {
    pub id: i64,
    pub kind: BreakKind,
    pub at: String,
    pub action: String,
    pub entity: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub ok: bool,
    pub entries: usize,
    /// The first row that was edited, or after which rows were removed, added or reordered.
    pub first_broken: Option<BrokenRow>,
    /// The last good link: what the next row will chain from.
    pub head: String,
}

/// Walks the whole chain in id order (one row in memory at a time).
pub fn verify(conn: &Connection) -> AppResult<Verification> {
    let mut st = conn
        .prepare(&format!("{ROW_SQL} ORDER BY id"))
        .map_err(sql_error)?;
    let mut rows = st.query([]).map_err(sql_error)?;
    let mut expected = GENESIS.to_string();
    let mut entries = 0;
    let mut first_broken = None;
    while let Some(r) = rows.next().map_err(sql_error)? {
        let (content, prev_hash, hash) = content_row(r).map_err(sql_error)?;
        entries += 1;
        if first_broken.is_none() {
            if let Some(kind) = check_row(&expected, &prev_hash, &hash, &content) {
                first_broken = Some(BrokenRow {
                    id: content.id,
                    kind,
                    at: content.at.clone(),
                    action: content.action.clone(),
                    entity: content.entity.clone(),
                });
            }
        }
        expected = hash;
    }
    if first_broken.is_none() {
        first_broken = changes_broken(conn)?;
    }
    Ok(Verification {
        ok: first_broken.is_none(),
        entries,
        first_broken,
        head: expected,
    })
}

/// The first row whose kept changes do not match the digest in its details, or whose
/// changes are gone while its client file still exists (one row in memory at a time).
fn changes_broken(conn: &Connection) -> AppResult<Option<BrokenRow>> {
    let mut st = conn
        .prepare(
            "SELECT a.id, a.at, a.action, a.entity, json_extract(a.details, '$.changes_sha256'),
                    c.changes,
                    EXISTS (SELECT 1 FROM clients k WHERE k.id = json_extract(a.details, '$.client'))
             FROM audit_log a LEFT JOIN audit_changes c ON c.audit_id = a.id
             WHERE json_valid(a.details) AND json_extract(a.details, '$.changes_sha256') IS NOT NULL
                OR c.audit_id IS NOT NULL
             ORDER BY a.id",
        )
        .map_err(sql_error)?;
    let mut rows = st.query([]).map_err(sql_error)?;
    while let Some(r) = rows.next().map_err(sql_error)? {
        let digest: Option<String> = r.get(4).map_err(sql_error)?;
        let changes: Option<String> = r.get(5).map_err(sql_error)?;
        let client_exists: bool = r.get(6).map_err(sql_error)?;
        let good = match (&digest, &changes) {
            (Some(d), Some(c)) => *d == sha256_hex(c.as_bytes()),
            (Some(_), None) => !client_exists,
            (None, _) => false,
        };
        if !good {
            return Ok(Some(BrokenRow {
                id: r.get(0).map_err(sql_error)?,
                kind: BreakKind::Changes,
                at: r.get(1).map_err(sql_error)?,
                action: r.get(2).map_err(sql_error)?,
                entity: r.get(3).map_err(sql_error)?,
            }));
        }
    }
    Ok(None)
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub actor: String,
    /// Before/after of what changed (`domain::audit::changes`), where the write kept it and
    /// the client file has not been destroyed since.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<serde_json::Value>,
}

pub fn recent(conn: &Connection, limit: i64) -> AppResult<Vec<AuditEntry>> {
    super::database::rows(
        conn,
        "SELECT a.at, a.action, a.entity, a.entity_id, a.actor, c.changes
         FROM audit_log a LEFT JOIN audit_changes c ON c.audit_id = a.id
         ORDER BY a.id DESC LIMIT ?1",
        [limit],
        |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                action: r.get(1)?,
                entity: r.get(2)?,
                entity_id: r.get(3)?,
                actor: r.get(4)?,
                changes: r
                    .get::<_, Option<String>>(5)?
                    .and_then(|c| serde_json::from_str(&c).ok()),
            })
        },
    )
}
