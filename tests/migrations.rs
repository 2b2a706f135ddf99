//! The schema's life: empty → latest, a newer database refused and left untouched, a
//! foreign database refused, a failing migration leaving the old schema intact.

mod common;

use lawdesk::domain::ErrorCode;
use lawdesk::store::database::{open_connection, APPLICATION_ID};
use lawdesk::store::migrations::{self, MIGRATIONS};
use lawdesk::store::Database;
use rusqlite::Connection;

fn tables(conn: &Connection) -> Vec<String> {
    let mut st = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn empty_file_migrates_to_latest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lawdesk.db");
    let db = Database::open(&path, common::test_db_key()).unwrap();
    assert_eq!(db.schema_version().unwrap(), migrations::latest_version());
    db.read(|c| {
        let t = tables(c);
        for want in [
            "audit_log",
            "bank_accounts",
            "firm_profile",
            "secret_names",
            "settings",
        ] {
            assert!(t.contains(&want.to_string()), "{want} missing from {t:?}");
        }
        Ok(())
    })
    .unwrap();
    drop(db);
    // Opening again is a no-op.
    let db = Database::open(&path, common::test_db_key()).unwrap();
    assert_eq!(db.schema_version().unwrap(), migrations::latest_version());
}

fn file_state(path: &std::path::Path) -> (Vec<u8>, bool, bool) {
    let wal = path.with_extension("db-wal");
    let shm = path.with_extension("db-shm");
    (std::fs::read(path).unwrap(), wal.exists(), shm.exists())
}

#[test]
fn newer_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lawdesk.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = 99;
             CREATE TABLE future(x); INSERT INTO future VALUES ('keep me');"
        ))
        .unwrap();
    }
    let before = file_state(&path);
    let err = Database::open(&path, common::test_db_key())
        .err()
        .expect("must be refused");
    assert_eq!(err.code, ErrorCode::DatabaseNewer);
    assert!(err.message.contains("newer version"), "{}", err.message);
    assert_eq!(file_state(&path), before, "the file must not change");
    // Journal mode was not switched to WAL either.
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
}

#[test]
fn a_foreign_database_or_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("other.db");
    Connection::open(&sqlite)
        .unwrap()
        .execute_batch("CREATE TABLE contacts(name); INSERT INTO contacts VALUES ('x');")
        .unwrap();
    let before = std::fs::read(&sqlite).unwrap();
    assert_eq!(
        Database::open(&sqlite, common::test_db_key())
            .err()
            .unwrap()
            .code,
        ErrorCode::NotLawdeskDatabase
    );
    assert_eq!(std::fs::read(&sqlite).unwrap(), before);

    let text = dir.path().join("notes.db");
    std::fs::write(
        &text,
        "This is a spreadsheet, not a database, and it is long enough to have a header.",
    )
    .unwrap();
    let before = std::fs::read(&text).unwrap();
    // Without SQLite's plain header a file reads like an encrypted database: this one does
    // not open with the practice's key.
    assert_eq!(
        Database::open(&text, common::test_db_key())
            .err()
            .unwrap()
            .code,
        ErrorCode::DatabaseKeyWrong
    );
    assert_eq!(std::fs::read(&text).unwrap(), before);
}

#[test]
fn a_failing_migration_leaves_the_old_schema_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lawdesk.db");
    let mut conn = open_connection(&path, Some(&common::test_db_key())).unwrap();
    conn.execute("INSERT INTO settings(key, value) VALUES ('keep', 'me')", [])
        .unwrap();
    let before = tables(&conn);

    // Version 2 creates a table, then fails: the whole step must roll back.
    let mut list: Vec<&str> = MIGRATIONS.to_vec();
    list.push("CREATE TABLE half_done(x); ALTER TABLE no_such_table ADD COLUMN y;");
    let err = migrations::apply(&mut conn, &list).unwrap_err();
    assert_eq!(err.code, ErrorCode::MigrationFailed);

    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, migrations::latest_version());
    assert_eq!(tables(&conn), before);
    let kept: String = conn
        .query_row("SELECT value FROM settings WHERE key = 'keep'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kept, "me");
}

#[test]
fn several_pending_migrations_apply_together_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = Connection::open(dir.path().join("x.db")).unwrap();
    let list = [
        "CREATE TABLE a(x);",
        "CREATE TABLE b(x);",
        "CREATE TABLE c(x); SELECT * FROM missing;",
    ];
    assert!(migrations::apply(&mut conn, &list).is_err());
    assert!(
        tables(&conn).is_empty(),
        "steps 1 and 2 must roll back with step 3"
    );
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 0);
}
