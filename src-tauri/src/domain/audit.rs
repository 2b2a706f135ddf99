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

/// What a change did to an entity: `{field: {"before": old, "after": new}}` for each
/// top-level field of `before` and `after` (JSON objects; `null` before: a new entity)
/// whose value differs. A field named
/// in `private` (an identity number, anything that may hold a secret) is recorded only as
/// `{"changed": true}`, never with its values. The result goes into the audit row's details,
/// so the hash chain covers it.
pub fn changes(
    before: &serde_json::Value,
    after: &serde_json::Value,
    private: &[&str],
) -> serde_json::Value {
    use serde_json::{Map, Value};
    let empty = Map::new();
    let b = before.as_object().unwrap_or(&empty);
    let a = after.as_object().unwrap_or(&empty);
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = Map::new();
    for k in keys {
        let (old, new) = (
            b.get(k).unwrap_or(&Value::Null),
            a.get(k).unwrap_or(&Value::Null),
        );
        if old == new {
            continue;
        }
        let entry = if private.contains(&k.as_str()) {
            serde_json::json!({ "changed": true })
        } else {
            serde_json::json!({ "before": old, "after": new })
        };
        out.insert(k.clone(), entry);
    }
    Value::Object(out)
}

/// `value` with every field named in `private` below its top level (an opposing party's
/// identity number inside a matter's list) shown only as set (`"•••"`) or empty: the top
/// level is [`changes`]' to flag.
pub fn mask_nested(value: serde_json::Value, private: &[&str]) -> serde_json::Value {
    use serde_json::Value;
    fn mask(v: Value, private: &[&str], top: bool) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.into_iter()
                    .map(|(k, v)| {
                        let v = if !top && private.contains(&k.as_str()) {
                            match v {
                                Value::Null => Value::Null,
                                Value::String(s) if s.is_empty() => Value::String(s),
                                _ => Value::String("•••".into()),
                            }
                        } else {
                            mask(v, private, false)
                        };
                        (k, v)
                    })
                    .collect(),
            ),
            Value::Array(a) => {
                Value::Array(a.into_iter().map(|v| mask(v, private, false)).collect())
            }
            other => other,
        }
    }
    mask(value, private, true)
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
    /// Its kept before/after (`audit_changes`) does not match the digest in its details, or
    /// is gone while the client file it belongs to still exists.
    Changes,
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
    fn changes_name_old_and_new_values_and_hide_private_ones() {
        let before = serde_json::json!({ "phones": ["+86 10 1"], "name": "A", "id_number": "X1" });
        let after = serde_json::json!({ "phones": ["+86 10 2"], "name": "A", "id_number": "X2" });
        let c = changes(&before, &after, &["id_number"]);
        assert_eq!(
            c,
            serde_json::json!({
                "phones": { "before": ["+86 10 1"], "after": ["+86 10 2"] },
                "id_number": { "changed": true },
            })
        );
        assert!(!c.to_string().contains("X1") && !c.to_string().contains("X2"));
        assert_eq!(changes(&before, &before, &[]), serde_json::json!({}));
        let new = changes(
            &serde_json::Value::Null,
            &serde_json::json!({ "name": "B", "id_number": "X3" }),
            &["id_number"],
        );
        assert_eq!(
            new["name"],
            serde_json::json!({ "before": null, "after": "B" })
        );
        assert!(!new.to_string().contains("X3"));
    }

    #[test]
    fn private_fields_inside_lists_are_masked_not_recorded() {
        let matter = serde_json::json!({
            "title": "Lease",
            "id_number": "TOP",
            "opposing_parties": [{ "name": "Ivanov", "id_number": "4510 123456" },
                                 { "name": "Petrov", "id_number": "" }],
        });
        let masked = mask_nested(matter, &["id_number"]);
        assert_eq!(
            masked["id_number"], "TOP",
            "the top level is changes()' to flag"
        );
        assert_eq!(masked["opposing_parties"][0]["id_number"], "•••");
        assert_eq!(masked["opposing_parties"][0]["name"], "Ivanov");
        assert_eq!(masked["opposing_parties"][1]["id_number"], "");
        let c = changes(&serde_json::Value::Null, &masked, &["id_number"]);
        assert!(!c.to_string().contains("4510") && !c.to_string().contains("TOP"));
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
