//! The audit trail's hash chain: each row's `hash` is SHA-256 over the previous row's hash
//! and the row's own content (who, when, what, which entity, the details as recorded), in a
//! fixed JSON form. Editing, deleting, inserting or reordering a row breaks the chain from
//! that row on. Details never hold secret values (the use cases record names, ids, amounts).

use serde::Serialize;

use super::commlog::sha256_hex;

/// The hash the first row chains from.
pub const GENESIS: &str = super::commlog::GENESIS;

/// One audit row as hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditContent {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    /// Who: the OS user and the front end (`"ana (window)"`, `"ana (lawdesk-cli)"`).
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    /// The details JSON exactly as stored.
    pub details: String,
}

/// The chain link of one row.
pub fn entry_hash(prev_hash: &str, c: &AuditContent) -> String {
    let canonical = serde_json::json!([
        prev_hash,
        c.id,
        c.at,
        c.actor,
        c.action,
        c.entity,
        c.entity_id,
        c.details,
    ]);
    sha256_hex(canonical.to_string().as_bytes())
}

/// Why a row fails verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// Its `prev_hash` is not the previous row's hash: a row before it was removed, added
    /// or reordered.
    Link,
    /// Its `hash` does not match its content: the row was edited.
    Content,
}

/// Checks one row against the hash of the row before it.
pub fn check_row(
    expected_prev: &str,
    prev_hash: &str,
    hash: &str,
    c: &AuditContent,
) -> Option<BreakKind> {
    if prev_hash != expected_prev {
        Some(BreakKind::Link)
    } else if hash != entry_hash(prev_hash, c) {
        Some(BreakKind::Content)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, action: &str) -> AuditContent {
        AuditContent {
            id,
            at: "2026-12-01T10:00:00+00:00".into(),
            actor: "ana (lawdesk-cli)".into(),
            action: action.into(),
            entity: "client".into(),
            entity_id: "7".into(),
            details: "{}".into(),
        }
    }

    #[test]
    fn every_field_is_in_the_hash() {
        let base = row(1, "create");
        let h = entry_hash(GENESIS, &base);
        assert_eq!(h.len(), 64);
        assert_eq!(h, entry_hash(GENESIS, &base.clone()));
        let variants = [
            AuditContent {
                id: 2,
                ..base.clone()
            },
            AuditContent {
                at: "2026-12-01T10:00:01+00:00".into(),
                ..base.clone()
            },
            AuditContent {
                actor: "bob (window)".into(),
                ..base.clone()
            },
            AuditContent {
                action: "update".into(),
                ..base.clone()
            },
            AuditContent {
                entity: "invoice".into(),
                ..base.clone()
            },
            AuditContent {
                entity_id: "8".into(),
                ..base.clone()
            },
            AuditContent {
                details: "{\"a\":1}".into(),
                ..base.clone()
            },
        ];
        for v in variants {
            assert_ne!(entry_hash(GENESIS, &v), h, "{v:?}");
        }
        assert_ne!(entry_hash(&h, &base), h, "the previous hash counts");
    }

    #[test]
    fn a_row_is_checked_for_its_link_and_its_content() {
        let r = row(1, "create");
        let h = entry_hash(GENESIS, &r);
        assert_eq!(check_row(GENESIS, GENESIS, &h, &r), None);
        assert_eq!(check_row(&h, GENESIS, &h, &r), Some(BreakKind::Link));
        let edited = AuditContent {
            action: "delete".into(),
            ..r
        };
        assert_eq!(
            check_row(GENESIS, GENESIS, &h, &edited),
            Some(BreakKind::Content)
        );
    }
}
