//! Idempotent writes: a payment, an invoice or a letter may carry a client-chosen request
//! key. The key, a SHA-256 of the request and the first result are stored in the write's
//! own transaction; the same key with the same request returns that result again (nothing
//! is written twice), with another request it is `request_key_reused`.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::domain::commlog::sha256_hex;
use crate::domain::{text, AppError, AppResult};
use crate::services::core::Core;
use crate::store::request_keys as store;
use crate::store::Conn as Connection;

/// A validated key with the fingerprint of the request it came with.
#[derive(Debug, Clone)]
pub struct RequestKey {
    key: String,
    operation: &'static str,
    fingerprint: String,
}

impl RequestKey {
    /// `key` (1–200 characters, no control characters) for `operation` on `request`: what
    /// the caller sent, before anything is derived from the current data.
    pub fn new(key: &str, operation: &'static str, request: &impl Serialize) -> AppResult<Self> {
        let key = text::text(key, 200, true).map_err(|c| AppError::field("request_key", c))?;
        let json = serde_json::to_string(request).map_err(|e| AppError::internal(e.to_string()))?;
        Ok(RequestKey {
            key,
            operation,
            fingerprint: sha256_hex(json.as_bytes()),
        })
    }

    /// An optional key from a form or a flag (blank = none).
    pub fn optional(
        key: Option<&str>,
        operation: &'static str,
        request: &impl Serialize,
    ) -> AppResult<Option<Self>> {
        match key.map(str::trim).filter(|k| !k.is_empty()) {
            Some(k) => RequestKey::new(k, operation, request).map(Some),
            None => Ok(None),
        }
    }

    /// The first result of this key, if it was used for this very request.
    pub fn earlier(&self, conn: &Connection) -> AppResult<Option<Value>> {
        match store::get(conn, &self.key)? {
            None => Ok(None),
            Some(u) if u.operation == self.operation && u.fingerprint == self.fingerprint => {
                serde_json::from_str(&u.result)
                    .map(Some)
                    .map_err(|e| AppError::internal(e.to_string()))
            }
            Some(_) => Err(AppError::field("request_key", "request_key_reused")),
        }
    }

    /// [`RequestKey::earlier`] outside a transaction, before the request is worked out.
    pub fn replay(&self, core: &Core) -> AppResult<Option<Value>> {
        core.db.read(|c| self.earlier(c))
    }

    /// Keeps `result` under the key, in the write's transaction `conn`.
    pub fn remember(&self, conn: &Connection, result: &Value, now: DateTime<Utc>) -> AppResult<()> {
        store::insert(
            conn,
            &self.key,
            self.operation,
            &self.fingerprint,
            &result.to_string(),
            now,
        )
    }
}

/// Runs `write` in transaction `conn` once per key: with a key used before for the same
/// request its first result comes back instead, and nothing is written.
pub fn once<T: Serialize>(
    key: Option<&RequestKey>,
    conn: &Connection,
    now: DateTime<Utc>,
    write: impl FnOnce() -> AppResult<T>,
) -> AppResult<Value> {
    if let Some(k) = key {
        if let Some(v) = k.earlier(conn)? {
            return Ok(v);
        }
    }
    let result = serde_json::to_value(write()?).map_err(|e| AppError::internal(e.to_string()))?;
    if let Some(k) = key {
        k.remember(conn, &result, now)?;
    }
    Ok(result)
}
