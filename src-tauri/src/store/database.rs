//! The one place that opens SQLite connections. The database is SQLCipher-encrypted: every
//! connection applies the raw key (`at_rest::keys::database_key`) right after opening,
//! before anything else. Every connection: foreign keys on, WAL, `synchronous=FULL`
//! (money), `secure_delete` (destroyed client data is overwritten), a busy timeout. A
//! database that is not Lawdesk's, or is newer than this binary, is refused before anything
//! is written to it; a plain database of an earlier version is encrypted first
//! (`store::encryption`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use super::page_cipher::{with_page_cipher, PageCipher};
use super::{encryption, migrations};
use crate::at_rest::keys::{CipherSettings, Key};
use crate::domain::money::Currency;
use crate::domain::{AppError, AppResult, ErrorCode};

/// `PRAGMA application_id` of a Lawdesk database ('LAWD').
pub const APPLICATION_ID: i64 = 0x4C41_5744;
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Prepared statements kept per connection (see `open_connection`).
const STATEMENT_CACHE: usize = 128;

/// A migrated database behind a mutex: reads and writes are serialized, each write use case
/// runs in one IMMEDIATE transaction.
pub struct Database {
    path: PathBuf,
    key: Option<Key>,
    conn: Mutex<Connection>,
}

impl Database {
    /// Opens (creating if needed) the database at `path` with its SQLCipher key, encrypting
    /// a plain database of an earlier version first, and migrates it.
    pub fn open(path: &Path, key: Key) -> AppResult<Database> {
        encryption::encrypt_plain(path, &key)?;
        Database::open_with(path, Some(key))
    }

    /// A plain (unencrypted) database, for the benchmarks' "before" column only: the app
    /// and the CLI never open one (`Database::open` encrypts it first).
    #[doc(hidden)]
    pub fn open_unencrypted_for_benchmarks(path: &Path) -> AppResult<Database> {
        Database::open_with(path, None)
    }

    fn open_with(path: &Path, key: Option<Key>) -> AppResult<Database> {
        let conn = match (open_connection(path, key.as_ref()), &key) {
            // Not with today's cipher settings: an earlier version's database is converted
            // (copy, verify, swap) and opened again; anything else keeps its error.
            (Err(e), Some(k)) if e.code == ErrorCode::DatabaseKeyWrong => {
                match encryption::convert_earlier_cipher(path, k)? {
                    true => open_connection(path, key.as_ref())?,
                    false => return Err(e),
                }
            }
            (conn, _) => conn?,
        };
        Ok(Database {
            path: path.to_path_buf(),
            key,
            conn: Mutex::new(conn),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (the transaction rolls
        // back on drop), so a poisoned lock is safe to reuse.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs read-only work.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> AppResult<T>) -> AppResult<T> {
        let conn = self.lock();
        f(&conn)
    }

    /// Runs one use case in one transaction: it fully happens or not at all.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> AppResult<T>) -> AppResult<T> {
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql_error)?;
        let out = f(&tx)?;
        tx.commit().map_err(sql_error)?;
        Ok(out)
    }

    /// Gives the page cache's memory back (SQLite's `shrink_memory`) when nothing is using
    /// the connection; a busy connection keeps it. Pages are read and decrypted again on the
    /// next query.
    pub fn release_cache(&self) {
        if let Ok(conn) = self.conn.try_lock() {
            let _ = conn.execute_batch("PRAGMA shrink_memory");
        }
    }

    /// Who the following changes are made by, as the audit trail records it.
    pub fn set_actor(&self, actor: &str) -> AppResult<()> {
        super::audit::set_actor(&self.lock(), actor)
    }

    pub fn schema_version(&self) -> AppResult<i64> {
        self.read(user_version)
    }

    /// Copies the whole database into a new file at `dest` with SQLite's online backup API,
    /// from a connection of its own in one read transaction: a consistent snapshot while
    /// the window keeps working (WAL readers do not block writers). The copy is a single
    /// self-contained file (rollback journal, not WAL). Returns its rows per table.
    /// The copy is encrypted with the same key.
    pub fn snapshot_to(&self, dest: &Path) -> AppResult<BTreeMap<String, i64>> {
        let src = connect(&self.path, read_only(), self.key.as_ref())?;
        let mut dst = connect(dest, read_write(), self.key.as_ref())?;
        // A scratch file read once into the backup and removed: no journal, no fsync of
        // its 400 MB (the sealed backup file is fsynced).
        dst.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
            .map_err(sql_error)?;
        {
            let backup = rusqlite::backup::Backup::new(&src, &mut dst).map_err(sql_error)?;
            copy_all_pages(&backup)?;
        }
        dst.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))
            .map_err(sql_error)?;
        table_counts(&dst)
    }
}

/// Every page in one step (one read transaction, so the copy is consistent); retried while
/// another process holds a lock, up to the busy timeout.
fn copy_all_pages(backup: &rusqlite::backup::Backup<'_, '_>) -> AppResult<()> {
    use rusqlite::backup::StepResult;
    let pause = Duration::from_millis(20);
    for _ in 0..(BUSY_TIMEOUT.as_millis() / pause.as_millis()) {
        match backup.step(-1) {
            Ok(StepResult::Done) => return Ok(()),
            Ok(StepResult::More | StepResult::Busy | StepResult::Locked) => {
                std::thread::sleep(pause)
            }
            Ok(_) => std::thread::sleep(pause),
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) => {
                return Err(AppError::new(
                    ErrorCode::BackupDiskFull,
                    "The disk of the data folder is full; the backup was not made",
                ))
            }
            Err(e) => return Err(sql_error(e)),
        }
    }
    Err(sql_error(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
        None,
    )))
}

/// Rows per table (FTS shadow tables included), for a backup's manifest.
pub(crate) fn table_counts(conn: &Connection) -> AppResult<BTreeMap<String, i64>> {
    let names: Vec<String> = rows(
        conn,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        [],
        |r| r.get(0),
    )?;
    names
        .into_iter()
        .map(|n| {
            let sql = format!("SELECT count(*) FROM \"{}\"", n.replace('"', "\"\""));
            let count: i64 = conn.query_row(&sql, [], |r| r.get(0)).map_err(sql_error)?;
            Ok((n, count))
        })
        .collect()
}

/// What a restored database file holds, read without changing it: `PRAGMA integrity_check`
/// lines, its schema version and its rows per table.
pub struct RestoredDatabase {
    pub integrity: Vec<String>,
    pub schema_version: i64,
    pub application_id: i64,
    pub tables: BTreeMap<String, i64>,
}

/// `key` opens an encrypted file; a plain one (a backup made before encryption at rest) is
/// read as it is.
pub fn inspect_restored(path: &Path, key: &Key) -> AppResult<RestoredDatabase> {
    let plain =
        encryption::is_plain(path).map_err(|e| AppError::new(ErrorCode::Io, e.to_string()))?;
    let settings = match plain {
        true => None,
        // A backup of an earlier version holds its database with that version's settings.
        false => Some(encryption::settings_of(path, key)?.unwrap_or(CipherSettings::CURRENT)),
    };
    let conn = connect_as(path, read_only(), settings.map(|s| (key, s)))?;
    let integrity = rows(&conn, "PRAGMA integrity_check", [], |r| r.get(0))?;
    let read =
        |sql: &str| -> AppResult<i64> { conn.query_row(sql, [], |r| r.get(0)).map_err(sql_error) };
    Ok(RestoredDatabase {
        integrity,
        schema_version: read("PRAGMA user_version")?,
        application_id: read("PRAGMA application_id")?,
        tables: table_counts(&conn)?,
    })
}

fn user_version(conn: &Connection) -> AppResult<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql_error)
}

pub(crate) fn read_only() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
}

pub(crate) fn read_write() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
}

/// Opens a connection and applies `key` (SQLCipher's raw key) with the current cipher
/// settings before anything else. No pragma, no migration: the caller decides. Errors
/// never carry the key.
pub fn connect(path: &Path, flags: OpenFlags, key: Option<&Key>) -> AppResult<Connection> {
    connect_as(path, flags, key.map(|k| (k, CipherSettings::CURRENT)))
}

/// As [`connect`], with the cipher settings the file was written with.
pub fn connect_as(
    path: &Path,
    flags: OpenFlags,
    key: Option<(&Key, CipherSettings)>,
) -> AppResult<Connection> {
    let conn = Connection::open_with_flags(path, flags).map_err(sql_error)?;
    if let Some((key, settings)) = key {
        with_page_cipher(page_cipher_for(settings), || {
            conn.execute_batch(&key.pragma())
        })
        .and_then(|()| match settings.pragma("main") {
            Some(pragma) => conn.execute_batch(&pragma),
            None => Ok(()),
        })
        .map_err(|_| AppError::new(ErrorCode::Database, "The database key could not be applied"))?;
        quiet_sqlcipher_log(&conn);
    }
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sql_error)?;
    Ok(conn)
}

/// The page cipher a database written with `settings` is read and written with.
pub(crate) fn page_cipher_for(settings: CipherSettings) -> PageCipher {
    match settings {
        CipherSettings::AesGcm => PageCipher::AesGcm,
        CipherSettings::AesCtrHmacSha256 => PageCipher::AesCtrHmacSha256,
        CipherSettings::HmacSha256 | CipherSettings::HmacSha512 => PageCipher::SqlcipherOpenssl,
    }
}

/// SQLCipher writes its own log lines to stderr by default ("ERROR CORE
/// sqlcipher_page_cipher: hmac check failed for pgno=1", three per try) when a key does not
/// open a file — before the coded `store.key_wrong` a CLI user reads, and on every first
/// open of an earlier version's database while it is converted. Those conditions are
/// already coded errors or handled, so its log is turned off, once per process. SQLCipher
/// sets its default log target when the first keyed connection activates it and never
/// again, which is why this runs after a key pragma rather than before any connection.
fn quiet_sqlcipher_log(conn: &Connection) {
    static QUIET: std::sync::Once = std::sync::Once::new();
    // A build without SQLCipher's logging answers the pragma with an error: nothing to quiet.
    QUIET.call_once(|| drop(conn.execute_batch("PRAGMA cipher_log = off;")));
}

/// Opens one connection with Lawdesk's key and pragmas and brings the schema up to date.
pub fn open_connection(path: &Path, key: Option<&Key>) -> AppResult<Connection> {
    let mut conn = connect(path, read_write(), key)?;
    check_identity(&conn, path).map_err(|e| match e.code {
        ErrorCode::NotLawdeskDatabase if key.is_some() => key_wrong(),
        _ => e,
    })?;
    // cache_size: 32 MiB of decrypted pages (SQLite's default is 2 MiB): SQLCipher decrypts
    // and authenticates a page on every cache miss, so a report read again (aging, the
    // Dashboard) should find its pages already decrypted.
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA trusted_schema = OFF;
         PRAGMA cache_size = -32768;",
    )
    .map_err(sql_error)?;
    // Room for every statement a use case runs (rusqlite keeps 16): a write use case runs
    // a few dozen, and an INSERT's program includes its table's triggers.
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    migrations::migrate(&mut conn)?;
    super::audit::init_actor(&conn, &super::audit::os_user())?;
    super::audit::seal_unchained(&mut conn)?;
    Ok(conn)
}

fn key_wrong() -> AppError {
    AppError::new(
        ErrorCode::DatabaseKeyWrong,
        "The database does not open with this practice's key from the system keychain: it \
         belongs to another practice, or it is no Lawdesk database at all. It was left untouched",
    )
}

/// Refuses a file that is not a Lawdesk database or that a newer Lawdesk wrote. Only reads.
pub(crate) fn check_identity(conn: &Connection, path: &Path) -> AppResult<()> {
    let read =
        |sql: &str| -> AppResult<i64> { conn.query_row(sql, [], |r| r.get(0)).map_err(sql_error) };
    let app_id = read("PRAGMA application_id")?;
    let version = read("PRAGMA user_version")?;
    let objects = read("SELECT count(*) FROM sqlite_master")?;
    if app_id != APPLICATION_ID && (app_id != 0 || version != 0 || objects != 0) {
        return Err(AppError::new(
            ErrorCode::NotLawdeskDatabase,
            format!(
                "{} is not a Lawdesk database; it was left untouched",
                path.display()
            ),
        ));
    }
    let latest = migrations::latest_version();
    if version > latest {
        return Err(AppError::new(
            ErrorCode::DatabaseNewer,
            format!(
                "This database was written by a newer version of Lawdesk (schema {version}; this \
                 version knows up to {latest}). Install the newer version. The file was left untouched."
            ),
        ));
    }
    Ok(())
}

/// Runs a cached query and collects every row through `f`.
pub fn rows<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> AppResult<Vec<T>> {
    let mut st = conn.prepare_cached(sql).map_err(sql_error)?;
    let mapped = st.query_map(params, f).map_err(sql_error)?;
    mapped.collect::<Result<_, _>>().map_err(sql_error)
}

/// Reads a currency code column; an unknown code is reported as a damaged value.
pub fn currency_column(r: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Currency> {
    let code: String = r.get(idx)?;
    Currency::parse(&code).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Stored minor units as the decimal text reports and the CLI print (`"1234.50"`).
pub fn amount_text(minor: i64, currency: Currency) -> String {
    crate::domain::money::Money::from_minor_units(minor, currency)
        .amount()
        .to_string()
}

/// Maps a SQLite error to a coded error. SQL errors never carry secrets: none are stored.
pub fn sql_error(e: rusqlite::Error) -> AppError {
    use rusqlite::ErrorCode as C;
    if let rusqlite::Error::SqliteFailure(f, _) = &e {
        match f.code {
            C::DatabaseBusy | C::DatabaseLocked => {
                return AppError::new(
                    ErrorCode::DatabaseBusy,
                    "The database is busy in another Lawdesk window or process; try again",
                )
            }
            C::NotADatabase => {
                return AppError::new(
                    ErrorCode::NotLawdeskDatabase,
                    "The file is not a Lawdesk database; it was left untouched",
                )
            }
            C::DatabaseCorrupt => {
                return AppError::new(
                    ErrorCode::DatabaseCorrupt,
                    "The database file is damaged. Restore it from a backup; it was left untouched",
                )
            }
            _ => {}
        }
    }
    if let rusqlite::Error::FromSqlConversionFailure(col, _, inner) = &e {
        // A coded error carried out of a row closure (`decode::in_row`) comes back as it was.
        if let Some(carried) = inner.downcast_ref::<super::decode::Carried>() {
            return carried.0.clone();
        }
        return AppError::new(
            ErrorCode::DatabaseCorrupt,
            format!(
                "A stored value (column {col}) is invalid: {inner}. The database may be damaged"
            ),
        );
    }
    if matches!(e, rusqlite::Error::QueryReturnedNoRows) {
        return AppError::not_found("The record");
    }
    AppError::new(ErrorCode::Database, format!("Database error: {e}"))
}

/// SQLite's `integrity_check` lines (`["ok"]` when sound) and how many rows break a
/// foreign key.
pub fn integrity(conn: &Connection) -> AppResult<(Vec<String>, usize)> {
    let integrity = rows(conn, "PRAGMA integrity_check", [], |r| r.get(0))?;
    let mut st = conn
        .prepare("PRAGMA foreign_key_check")
        .map_err(sql_error)?;
    let fk = st.query_map([], |_| Ok(())).map_err(sql_error)?.count();
    Ok((integrity, fk))
}

/// Every SHA-256 a row refers to: log attachments, vouchers, kept letters.
pub fn referenced_files(conn: &Connection) -> AppResult<std::collections::BTreeSet<String>> {
    let all: Vec<String> = rows(
        conn,
        "SELECT sha256 FROM communication_attachments
         UNION SELECT voucher_sha256 FROM payments WHERE voucher_sha256 IS NOT NULL
         UNION SELECT sha256 FROM letters",
        [],
        |r| r.get(0),
    )?;
    Ok(all.into_iter().collect())
}

/// The tables that hold what a user entered (clients, their file, fees, letters, the
/// firm): a practice with none of it is a new installation's.
const ENTERED: &[&str] = &[
    "firm_profile",
    "bank_accounts",
    "clients",
    "matters",
    "communications",
    "quotes",
    "invoices",
    "payments",
    "letters",
];

/// Whether the database holds anything a user entered (`ENTERED`).
pub fn holds_entries(conn: &Connection) -> AppResult<bool> {
    for table in ENTERED {
        let any: bool = conn
            .query_row(&format!("SELECT EXISTS (SELECT 1 FROM {table})"), [], |r| {
                r.get(0)
            })
            .map_err(sql_error)?;
        if any {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_key() -> Key {
        crate::at_rest::keys::database_key(&[9u8; 32])
    }

    #[test]
    fn opens_and_sets_pragmas() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("t.db"), test_key()).unwrap();
        db.read(|c| {
            let fk: i64 = c
                .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
                .unwrap();
            let jm: String = c
                .query_row("PRAGMA journal_mode", [], |r| r.get(0))
                .unwrap();
            let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
            let app: i64 = c
                .query_row("PRAGMA application_id", [], |r| r.get(0))
                .unwrap();
            let fts5: i64 = c
                .query_row("SELECT sqlite_compileoption_used('ENABLE_FTS5')", [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(
                (fk, jm.as_str(), sync, app, fts5),
                (1, "wal", 2, APPLICATION_ID, 1)
            );
            Ok(())
        })
        .unwrap();
        assert_eq!(db.schema_version().unwrap(), migrations::latest_version());
    }

    #[test]
    fn a_failed_use_case_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("t.db"), test_key()).unwrap();
        let r: AppResult<()> = db.write(|tx| {
            tx.execute("INSERT INTO settings(key, value) VALUES ('a', 'b')", [])
                .map_err(sql_error)?;
            Err(AppError::internal("boom"))
        });
        assert!(r.is_err());
        let n: i64 = db
            .read(|c| {
                c.query_row("SELECT count(*) FROM settings WHERE key = 'a'", [], |r| {
                    r.get(0)
                })
                .map_err(sql_error)
            })
            .unwrap();
        assert_eq!(n, 0);
    }
}
