//! Numbered SQL migrations (`migrations/NNNN_name.sql`), never edited once landed. All
//! pending ones are applied together in one transaction (rusqlite_migration), and
//! `PRAGMA user_version` records the schema version.

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::domain::{AppError, AppResult, ErrorCode};

/// Every migration, in order. The schema version is the number applied.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_foundation.sql"),
    include_str!("migrations/0002_client_file.sql"),
    include_str!("migrations/0003_fees.sql"),
    include_str!("migrations/0004_letters.sql"),
    include_str!("migrations/0005_request_keys.sql"),
    include_str!("migrations/0006_audit_chain.sql"),
    include_str!("migrations/0007_letter_identity.sql"),
    include_str!("migrations/0008_letter_dispatch.sql"),
    include_str!("migrations/0009_interest_rates.sql"),
    include_str!("migrations/0010_collections.sql"),
    include_str!("migrations/0011_audit_changes.sql"),
    include_str!("migrations/0012_debt_acknowledgments.sql"),
];

/// The schema version this binary writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Brings the database up to the latest version. A failure rolls everything back.
pub fn migrate(conn: &mut Connection) -> AppResult<()> {
    apply(conn, MIGRATIONS)
}

/// Applies `list` (tests pass their own to prove a failing step changes nothing).
pub fn apply(conn: &mut Connection, list: &[&str]) -> AppResult<()> {
    let migrations = Migrations::new(list.iter().map(|sql| M::up(sql)).collect());
    migrations.to_latest(conn).map_err(|e| {
        tracing::error!(error = %e, "migration failed");
        AppError::new(
            ErrorCode::MigrationFailed,
            format!("Updating the database failed and nothing was changed: {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_files_are_numbered_without_gaps_in_order() {
        // The files run 0001… without gaps, in the order of their numbers, each listed once.
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/src/store/migrations");
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names.len(),
            MIGRATIONS.len(),
            "every file must be listed in MIGRATIONS"
        );
        for (i, name) in names.iter().enumerate() {
            let n: usize = name[..4].parse().expect("NNNN_ prefix");
            assert!(
                n == i + 1 && name[4..].starts_with('_'),
                "{name}: numbered without gaps"
            );
            assert!(name.ends_with(".sql"));
        }
        let src = include_str!("migrations.rs");
        let listed: Vec<&str> = src
            .lines()
            .filter_map(|l| l.trim().strip_prefix("include_str!(\"migrations/"))
            .map(|l| l.split('"').next().unwrap())
            .collect();
        assert_eq!(listed, names, "MIGRATIONS lists the files in number order");
    }
}
