//! The communication log: calls, e-mails, meetings, letters, messages, kept as evidence.
//! Entries are append-only (a correction is a new entry pointing at the old one) and each
//! client's entries form a SHA-256 hash chain, so any later edit is detected.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::dates;
use super::error::{AppResult, Validator};
use super::ids::{ClientId, MatterId};
use super::text;

pub const KINDS: &[&str] = &["call", "email", "meeting", "letter", "message", "note"];
/// In the order the log form offers them (most entries record something sent).
pub const DIRECTIONS: &[&str] = &["out", "in", "internal"];
/// The hash a client's first entry chains from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommInput {
    pub client_id: Option<ClientId>,
    #[serde(default)]
    pub matter_id: Option<MatterId>,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub direction: String,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`; empty = now.
    #[serde(default)]
    pub occurred_at: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub corrects: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comm {
    pub client_id: ClientId,
    pub matter_id: Option<MatterId>,
    pub kind: String,
    pub direction: String,
    pub occurred_at: String,
    pub summary: String,
    pub corrects: Option<i64>,
}

/// An attachment as hashed into the chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentRef {
    pub file_name: String,
    pub sha256: String,
    pub size: i64,
}

fn occurred(value: &str, now_local: &str) -> Result<String, &'static str> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(now_local.to_string());
    }
    let today = dates::parse_iso(now_local.get(..10).unwrap_or("")).map_err(|_| "datetime")?;
    // The log records what happened (the hash chain keeps it for good): no day after today.
    // What is still to come is a follow-up.
    let not_ahead = |d: NaiveDate| if d > today { Err("future_date") } else { Ok(d) };
    if v.len() == 10 {
        return dates::parse_iso(v).and_then(not_ahead).map(dates::to_iso);
    }
    let at = chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M").map_err(|_| "datetime")?;
    dates::parse_iso(&dates::to_iso(at.date())).and_then(not_ahead)?;
    Ok(at.format("%Y-%m-%dT%H:%M").to_string())
}

impl CommInput {
    /// `now_local` (`YYYY-MM-DDTHH:MM`) fills an empty time.
    pub fn validate(&self, now_local: &str) -> AppResult<Comm> {
        let mut v = Validator::default();
        if self.client_id.is_none() {
            v.push("client_id", "required");
        }
        let kind = v.check(
            "kind",
            if KINDS.contains(&self.kind.as_str()) {
                Ok(self.kind.clone())
            } else {
                Err("comm_kind")
            },
        );
        let direction = if self.direction.is_empty() {
            "out".to_string()
        } else {
            self.direction.clone()
        };
        let direction = v.check(
            "direction",
            if DIRECTIONS.contains(&direction.as_str()) {
                Ok(direction)
            } else {
                Err("direction")
            },
        );
        let occurred_at = v.check("occurred_at", occurred(&self.occurred_at, now_local));
        let summary = v.check("summary", text::text(&self.summary, 20_000, true));
        v.finish()?;
        Ok(Comm {
            client_id: self.client_id.expect("validated"),
            matter_id: self.matter_id,
            kind: kind.expect("validated"),
            direction: direction.expect("validated"),
            occurred_at: occurred_at.expect("validated"),
            summary: summary.expect("validated"),
            corrects: self.corrects,
        })
    }
}

/// The SHA-256 of a file's bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The chain link of one entry: SHA-256 over the previous link and every recorded field,
/// attachments included, in a fixed JSON form.
pub fn entry_hash(
    prev_hash: &str,
    id: i64,
    c: &Comm,
    recorded_at: &str,
    attachments: &[AttachmentRef],
) -> String {
    let canonical = serde_json::json!([
        prev_hash,
        id,
        c.client_id.0,
        c.matter_id.map(|m| m.0),
        c.kind,
        c.direction,
        c.occurred_at,
        c.summary,
        c.corrects,
        recorded_at,
        attachments
            .iter()
            .map(|a| [a.file_name.clone(), a.sha256.clone(), a.size.to_string()])
            .collect::<Vec<_>>(),
    ]);
    sha256_hex(canonical.to_string().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comm() -> Comm {
        CommInput {
            client_id: Some(ClientId(1)),
            kind: "call".into(),
            summary: "催款电话".into(),
            ..Default::default()
        }
        .validate("2026-11-22T10:30")
        .unwrap()
    }

    #[test]
    fn the_hash_changes_with_any_field() {
        let c = comm();
        assert_eq!(c.occurred_at, "2026-11-22T10:30");
        let h = entry_hash(GENESIS, 1, &c, "2026-11-22T10:31:00Z", &[]);
        assert_eq!(h, entry_hash(GENESIS, 1, &c, "2026-11-22T10:31:00Z", &[]));
        let mut edited = c.clone();
        edited.summary.push('!');
        assert_ne!(
            h,
            entry_hash(GENESIS, 1, &edited, "2026-11-22T10:31:00Z", &[])
        );
        let att = AttachmentRef {
            file_name: "slip.png".into(),
            sha256: sha256_hex(b"x"),
            size: 1,
        };
        assert_ne!(
            h,
            entry_hash(GENESIS, 1, &c, "2026-11-22T10:31:00Z", &[att])
        );
    }

    #[test]
    fn bad_entries_are_refused() {
        let err = CommInput {
            kind: "fax".into(),
            occurred_at: "yesterday".into(),
            ..Default::default()
        }
        .validate("2026-11-22T10:30")
        .unwrap_err();
        let codes: Vec<_> = err.fields.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["required", "comm_kind", "datetime", "required"]);
    }
}
