//! A database of an earlier version re-encrypted on open, safely: a plain one (before
//! encryption at rest), or one written with earlier cipher settings
//! (`CipherSettings::HmacSha512`, stops 12–17; `HmacSha256`, stop 18; `AesCtrHmacSha256`,
//! stop 19). All the same way:
//!
//! 1. the old file is checked (a foreign or newer file is refused untouched) and its WAL
//!    checkpointed; its rows per table, schema version and application id are read;
//! 2. `sqlcipher_export` copies it into `lawdesk.db.encrypting`, keyed with the current
//!    settings, in one read transaction that keeps other writers out;
//! 3. the copy is verified with its key: `integrity_check`, identity, rows per table;
//! 4. the copy is fsynced and renamed over the old file (atomic), the folder fsynced; the
//!    old file's empty `-wal`/`-shm` go before the rename.
//!
//! A crash at any point leaves the old database (the copy is a leftover, removed on the
//! next open, which starts again) or the new one. A failed check changes nothing.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::database::{
    check_identity, connect_as, page_cipher_for, read_only, read_write, sql_error, table_counts,
};
use super::page_cipher::with_page_cipher;
use crate::at_rest::keys::{CipherSettings, Key};
use crate::domain::{AppError, AppResult, ErrorCode};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Where a test stops the migration, as a crash would.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Exported,
    Verified,
    PlainJournalRemoved,
    Swapped,
}

/// True when `path` is an unencrypted SQLite file (an encrypted one starts with random
/// salt; an absent or empty file is a new database, not plain).
pub fn is_plain(path: &Path) -> std::io::Result<bool> {
    let mut head = [0u8; 16];
    match File::open(path) {
        Ok(mut f) => Ok(f.read_exact(&mut head).is_ok() && &head == SQLITE_MAGIC),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// The copy being written, and its rollback journal.
fn leftovers(path: &Path) -> [PathBuf; 2] {
    let tmp = sibling(path, ".encrypting");
    [sibling(&tmp, "-journal"), tmp]
}

fn failed(what: &str) -> AppError {
    AppError::new(
        ErrorCode::DatabaseEncryptionFailed,
        format!("The database could not be encrypted safely ({what}); the file was left as it was"),
    )
}

fn io(what: &str) -> impl Fn(std::io::Error) -> AppError + '_ {
    move |e| failed(&format!("{what}: {}", e.kind()))
}

/// Encrypts the database at `path` when it is plain; returns whether it did.
pub fn encrypt_plain(path: &Path, key: &Key) -> AppResult<bool> {
    encrypt_plain_stopping_at(path, key, None)
}

/// As [`encrypt_plain`], stopping with an error after `stop` (tests simulate a crash).
#[doc(hidden)]
pub fn encrypt_plain_stopping_at(path: &Path, key: &Key, stop: Option<Step>) -> AppResult<bool> {
    remove_leftovers(path)?;
    if !is_plain(path).map_err(io("the database file"))? {
        return Ok(false);
    }
    rewrite(path, None, key, CipherSettings::CURRENT, stop)?;
    tracing::info!("the plain database was encrypted");
    Ok(true)
}

/// The cipher settings `key` opens the encrypted database at `path` with (page 1's HMAC
/// checks out), the current ones tried first; `None` when neither does (another key).
pub fn settings_of(path: &Path, key: &Key) -> AppResult<Option<CipherSettings>> {
    for settings in CipherSettings::ALL {
        // Read-write without create: a database with a WAL left by a crash opens, and
        // nothing is written by this read but the checkpoint a last connection makes.
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = connect_as(path, flags, Some((key, settings)))?;
        match conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(())) {
            Ok(()) => return Ok(Some(settings)),
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {}
            Err(e) => return Err(sql_error(e)),
        }
    }
    Ok(None)
}

/// Re-encrypts a database an earlier version wrote with its cipher settings
/// (`CipherSettings::HmacSha512`, `HmacSha256`, `AesCtrHmacSha256`) with the current ones; returns whether it
/// did (`false`: `key` does not open it with any of those, and nothing was changed).
pub fn convert_earlier_cipher(path: &Path, key: &Key) -> AppResult<bool> {
    convert_earlier_cipher_stopping_at(path, key, None)
}

/// As [`convert_earlier_cipher`], stopping with an error after `stop` (tests).
#[doc(hidden)]
pub fn convert_earlier_cipher_stopping_at(
    path: &Path,
    key: &Key,
    stop: Option<Step>,
) -> AppResult<bool> {
    remove_leftovers(path)?;
    if is_plain(path).map_err(io("the database file"))? {
        return Ok(false);
    }
    let earlier = match settings_of(path, key)? {
        Some(s) if s != CipherSettings::CURRENT => s,
        _ => return Ok(false),
    };
    rewrite(path, Some(earlier), key, CipherSettings::CURRENT, stop)?;
    tracing::info!("the database was re-encrypted with the current cipher settings");
    Ok(true)
}

/// Writes the database at `path` as an earlier version did (tests of the conversion and of
/// older backups): `settings` instead of the current ones.
#[doc(hidden)]
pub fn rewrite_as_earlier_version(
    path: &Path,
    key: &Key,
    settings: CipherSettings,
) -> AppResult<()> {
    remove_leftovers(path)?;
    let from =
        (!is_plain(path).map_err(io("the database file"))?).then_some(CipherSettings::CURRENT);
    rewrite(path, from, key, settings, None)
}

fn remove_leftovers(path: &Path) -> AppResult<()> {
    let [journal, tmp] = leftovers(path);
    for f in [&journal, &tmp] {
        if f.exists() {
            std::fs::remove_file(f).map_err(io("a leftover copy"))?;
        }
    }
    Ok(())
}

/// Copy (from a plain file, or one keyed with `from`), verify, swap: the file at `path`
/// becomes encrypted with `key` and `to`.
fn rewrite(
    path: &Path,
    from: Option<CipherSettings>,
    key: &Key,
    to: CipherSettings,
    stop: Option<Step>,
) -> AppResult<()> {
    let [_, tmp] = leftovers(path);
    let crash = |at: Step| match stop == Some(at) {
        true => Err(failed(&format!("stopped after {at:?}"))),
        false => Ok(()),
    };
    let source = connect_as(path, read_write(), from.map(|s| (key, s)))?;
    let expected = export(source, path, &tmp, key, to)?;
    crash(Step::Exported)?;
    verify(&tmp, key, to, &expected)?;
    File::open(&tmp)
        .and_then(|f| f.sync_all())
        .map_err(io("the copy"))?;
    crash(Step::Verified)?;
    remove_plain_journal(path)?;
    crash(Step::PlainJournalRemoved)?;
    std::fs::rename(&tmp, path).map_err(io("the swap"))?;
    if let Some(dir) = path.parent().and_then(|d| File::open(d).ok()) {
        let _ = dir.sync_all();
    }
    crash(Step::Swapped)?;
    Ok(())
}

/// What the copy must hold: rows per table, schema version, application id.
struct Expected {
    tables: BTreeMap<String, i64>,
    version: i64,
    app_id: i64,
}

fn one(conn: &rusqlite::Connection, sql: &str) -> AppResult<i64> {
    conn.query_row(sql, [], |r| r.get(0)).map_err(sql_error)
}

/// Copies the database `plain` has open (at `path`) into `tmp`, encrypted with `key` and
/// `settings`, and closes it with its WAL checkpointed into it.
fn export(
    plain: rusqlite::Connection,
    path: &Path,
    tmp: &Path,
    key: &Key,
    settings: CipherSettings,
) -> AppResult<Expected> {
    check_identity(&plain, path)?;
    plain
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .map_err(sql_error)?;
    let raw_key = key.pragma();
    let raw_key = raw_key
        .strip_prefix("PRAGMA key = \"")
        .and_then(|k| k.strip_suffix("\";"))
        .expect("the pragma's form");
    with_page_cipher(page_cipher_for(settings), || {
        plain.execute(
            "ATTACH DATABASE ?1 AS encrypted KEY ?2",
            rusqlite::params![tmp.to_string_lossy(), raw_key],
        )
    })
    .map_err(|_| failed("the encrypted copy could not be created"))?;
    if let Some(pragma) = settings.pragma("encrypted") {
        plain
            .execute_batch(&pragma)
            .map_err(|_| failed("the encrypted copy's settings"))?;
    }
    let expected = (|| {
        plain.execute_batch("BEGIN IMMEDIATE").map_err(sql_error)?;
        let expected = Expected {
            tables: table_counts(&plain)?,
            version: one(&plain, "PRAGMA main.user_version")?,
            app_id: one(&plain, "PRAGMA main.application_id")?,
        };
        plain
            .query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))
            .map_err(sql_error)?;
        plain
            .execute_batch(&format!(
                "PRAGMA encrypted.user_version = {}; PRAGMA encrypted.application_id = {};",
                expected.version, expected.app_id
            ))
            .map_err(sql_error)?;
        plain.execute_batch("COMMIT").map_err(sql_error)?;
        Ok(expected)
    })();
    if expected.is_err() {
        let _ = plain.execute_batch("ROLLBACK");
    }
    let _ = plain.execute_batch("DETACH DATABASE encrypted");
    plain.close().map_err(|(_, e)| sql_error(e))?;
    expected
}

/// The copy opens with `key` and holds what the plain file held.
fn verify(tmp: &Path, key: &Key, settings: CipherSettings, expected: &Expected) -> AppResult<()> {
    let conn = connect_as(tmp, read_only(), Some((key, settings)))?;
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(sql_error)?;
    if integrity != "ok" {
        return Err(failed("integrity_check of the copy"));
    }
    if one(&conn, "PRAGMA user_version")? != expected.version
        || one(&conn, "PRAGMA application_id")? != expected.app_id
    {
        return Err(failed("the copy's identity"));
    }
    if table_counts(&conn)? != expected.tables {
        return Err(failed("rows per table of the copy"));
    }
    Ok(())
}

/// The plain file's `-wal` (empty after the checkpoint: anything else means another
/// process is writing, and the plain file stays) and `-shm`.
fn remove_plain_journal(path: &Path) -> AppResult<()> {
    let wal = sibling(path, "-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Err(failed("another process is writing the database"));
    }
    for f in [wal, sibling(path, "-shm")] {
        match std::fs::remove_file(&f) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io("the plain journal")(e)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::at_rest::keys::database_key;
    use crate::store::database::open_connection;

    const EVERY_STEP: [Step; 4] = [
        Step::Exported,
        Step::Verified,
        Step::PlainJournalRemoved,
        Step::Swapped,
    ];

    fn key() -> Key {
        database_key(&[5u8; 32])
    }

    /// A migrated plain database with a planted client name still in its WAL, as a crash
    /// of an earlier version leaves it (the files copied while the connection is open).
    fn plain_db(dir: &Path) -> PathBuf {
        let src = tempfile::tempdir().unwrap();
        let conn = open_connection(&src.path().join("lawdesk.db"), None).unwrap();
        conn.execute(
            "INSERT INTO settings(key, value) VALUES ('planted', 'Zhang Planted-Secret')",
            [],
        )
        .unwrap();
        for f in ["lawdesk.db", "lawdesk.db-wal"] {
            std::fs::copy(src.path().join(f), dir.join(f)).unwrap();
        }
        assert!(std::fs::metadata(dir.join("lawdesk.db-wal")).unwrap().len() > 0);
        dir.join("lawdesk.db")
    }

    fn planted(path: &Path, key: Option<&Key>) -> String {
        let conn = open_connection(path, key).unwrap();
        conn.query_row(
            "SELECT value FROM settings WHERE key = 'planted'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    }

    #[test]
    fn a_plain_database_is_encrypted_with_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = plain_db(dir.path());
        assert!(is_plain(&path).unwrap());
        assert!(encrypt_plain(&path, &key()).unwrap());
        assert!(!is_plain(&path).unwrap());
        assert!(!dir.path().join("lawdesk.db.encrypting").exists());
        assert_eq!(planted(&path, Some(&key())), "Zhang Planted-Secret");
        assert!(!encrypt_plain(&path, &key()).unwrap(), "only once");
        let e = open_connection(&path, Some(&database_key(&[6u8; 32]))).unwrap_err();
        assert_eq!(e.code, ErrorCode::DatabaseKeyWrong);
    }

    #[test]
    fn a_crash_at_any_step_leaves_a_usable_database() {
        for step in EVERY_STEP {
            let dir = tempfile::tempdir().unwrap();
            let path = plain_db(dir.path());
            let e = encrypt_plain_stopping_at(&path, &key(), Some(step)).unwrap_err();
            assert_eq!(e.code, ErrorCode::DatabaseEncryptionFailed);
            let plain = is_plain(&path).unwrap();
            assert_eq!(plain, step != Step::Swapped, "{step:?}");
            // Usable as it is: the plain file without a key, the encrypted one with it.
            let now = planted(&path, (!plain).then_some(&key()));
            assert_eq!(now, "Zhang Planted-Secret", "{step:?}");
            // The next open finishes the job.
            encrypt_plain(&path, &key()).unwrap();
            assert!(!is_plain(&path).unwrap());
            assert_eq!(planted(&path, Some(&key())), "Zhang Planted-Secret");
            assert!(!dir.path().join("lawdesk.db.encrypting").exists());
        }
    }

    /// The cipher settings of earlier versions: stops 12–17, stop 18, stop 19.
    const EARLIER: [CipherSettings; 3] = [
        CipherSettings::HmacSha512,
        CipherSettings::HmacSha256,
        CipherSettings::AesCtrHmacSha256,
    ];

    /// The database as an earlier version wrote it: encrypted with `settings`, the planted
    /// row in it.
    fn earlier_db(dir: &Path, settings: CipherSettings) -> PathBuf {
        let path = plain_db(dir);
        rewrite_as_earlier_version(&path, &key(), settings).unwrap();
        assert_eq!(settings_of(&path, &key()).unwrap(), Some(settings));
        path
    }

    #[test]
    fn an_earlier_versions_cipher_settings_are_converted_on_open() {
        for earlier in EARLIER {
            converted_on_open(earlier);
        }
    }

    fn converted_on_open(earlier: CipherSettings) {
        let dir = tempfile::tempdir().unwrap();
        let path = earlier_db(dir.path(), earlier);
        // Today's settings do not read it: the open converts it, then reads it.
        let e = open_connection(&path, Some(&key())).unwrap_err();
        assert_eq!(e.code, ErrorCode::DatabaseKeyWrong);
        let db = crate::store::Database::open(&path, key()).unwrap();
        let planted_now: String = db
            .read(|c| {
                c.query_row(
                    "SELECT value FROM settings WHERE key = 'planted'",
                    [],
                    |r| r.get(0),
                )
                .map_err(sql_error)
            })
            .unwrap();
        assert_eq!(planted_now, "Zhang Planted-Secret");
        drop(db);
        assert_eq!(
            settings_of(&path, &key()).unwrap(),
            Some(CipherSettings::CURRENT)
        );
        assert!(!dir.path().join("lawdesk.db.encrypting").exists());
        assert!(!convert_earlier_cipher(&path, &key()).unwrap(), "only once");
    }

    #[test]
    fn an_earlier_database_with_another_key_is_left_untouched() {
        for earlier in EARLIER {
            let dir = tempfile::tempdir().unwrap();
            let path = earlier_db(dir.path(), earlier);
            let before = std::fs::read(&path).unwrap();
            let other = database_key(&[6u8; 32]);
            assert_eq!(settings_of(&path, &other).unwrap(), None);
            let e = crate::store::Database::open(&path, other).err().unwrap();
            assert_eq!(e.code, ErrorCode::DatabaseKeyWrong);
            assert_eq!(std::fs::read(&path).unwrap(), before);
        }
    }

    #[test]
    fn a_crash_while_converting_leaves_a_usable_database() {
        for (earlier, step) in EARLIER.into_iter().flat_map(|e| EVERY_STEP.map(|s| (e, s))) {
            let dir = tempfile::tempdir().unwrap();
            let path = earlier_db(dir.path(), earlier);
            let e = convert_earlier_cipher_stopping_at(&path, &key(), Some(step)).unwrap_err();
            assert_eq!(e.code, ErrorCode::DatabaseEncryptionFailed);
            let expected = match step {
                Step::Swapped => CipherSettings::CURRENT,
                _ => earlier,
            };
            assert_eq!(
                settings_of(&path, &key()).unwrap(),
                Some(expected),
                "{earlier:?} {step:?}"
            );
            // The next open finishes the job.
            let db = crate::store::Database::open(&path, key()).unwrap();
            drop(db);
            assert_eq!(planted(&path, Some(&key())), "Zhang Planted-Secret");
            assert!(!dir.path().join("lawdesk.db.encrypting").exists());
        }
    }

    #[test]
    fn a_foreign_or_newer_file_is_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lawdesk.db");
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE x(a); INSERT INTO x VALUES ('Zhang')")
            .unwrap();
        drop(c);
        let before = std::fs::read(&path).unwrap();
        let e = encrypt_plain(&path, &key()).unwrap_err();
        assert_eq!(e.code, ErrorCode::NotLawdeskDatabase);
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(!dir.path().join("lawdesk.db.encrypting").exists());
    }
}
