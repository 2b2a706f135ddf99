//! Destruction at the end of retention covers every table that holds client data: each
//! table of the schema is either on `store::retention::CLIENT_DATA` (with what destruction
//! does to it) or on `NOT_CLIENT_DATA` (with the reason). A new table on neither list fails
//! here, so it cannot be forgotten.

mod common;

use std::collections::BTreeSet;

use lawdesk::store::retention::{schema_tables, CLIENT_DATA, NOT_CLIENT_DATA};

#[test]
fn every_table_of_the_schema_is_on_exactly_one_retention_list() {
    let (_dir, core, _) = common::core_with_memory_keychain();
    let tables: BTreeSet<String> = core
        .database()
        .read(schema_tables)
        .unwrap()
        .into_iter()
        .collect();
    assert!(tables.contains("clients") && tables.contains("audit_log"));
    // FTS5's shadow tables go with their virtual table.
    assert!(!tables.iter().any(|t| t.starts_with("client_search_")));
    let client: BTreeSet<String> = CLIENT_DATA.iter().map(|(t, _)| t.to_string()).collect();
    let other: BTreeSet<String> = NOT_CLIENT_DATA.iter().map(|(t, _)| t.to_string()).collect();
    let both: Vec<_> = client.intersection(&other).collect();
    assert!(both.is_empty(), "on both lists: {both:?}");
    let unlisted: Vec<_> = tables
        .iter()
        .filter(|t| !client.contains(*t) && !other.contains(*t))
        .collect();
    assert!(
        unlisted.is_empty(),
        "tables on neither list in store/retention.rs (does destruction clear them?): {unlisted:?}"
    );
    let stale: Vec<_> = client
        .union(&other)
        .filter(|t| !tables.contains(*t))
        .collect();
    assert!(stale.is_empty(), "listed but not in the schema: {stale:?}");
}

/// A table destruction clears by SQL names itself in its statements, so a statement for
/// one table cannot be filed under another.
#[test]
fn each_destruction_statement_names_its_table() {
    for (table, statements) in CLIENT_DATA {
        for sql in *statements {
            let target = sql
                .split_whitespace()
                .skip_while(|w| !matches!(*w, "FROM" | "UPDATE"))
                .nth(1)
                .unwrap_or("");
            assert_eq!(target, *table, "{sql}");
        }
    }
}
