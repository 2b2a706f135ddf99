//! Restore a backup into an EMPTY data folder, verified before anything is put in place:
//! every chunk authenticated, every file's SHA-256 and the database's rows per table equal
//! to the backup's manifest, `PRAGMA integrity_check` ok. The backup is opened with the
//! recovery key (a new computer) or with the practice key still in this computer's
//! keychain; the key is then kept in the keychain so later backups use the same one, and
//! the restored database and files (encrypted with keys derived from it) open.

use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Read};
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use crate::backup::archive::{self, Entry, FileRecord, Manifest, ATTACHMENTS_DIR, DATABASE_ENTRY};
use crate::backup::container::{self, fault, Decryptor, Fault, Header};
use crate::domain::{AppError, AppResult, ErrorCode};
use crate::secrets::SecretStore;
use crate::services::core::{keychain_account, Core};
use crate::services::security::at_rest;
use crate::services::security::backup::io_error;
use crate::services::security::practice_key::{self, PracticeKey};
use crate::store::database::{inspect_restored, APPLICATION_ID};
use crate::store::encryption::is_plain;
use crate::store::{audit, location, migrations};

#[derive(Debug, Clone, Serialize)]
pub struct RestoreSummary {
    pub data_dir: String,
    pub backup_created_at: String,
    /// The schema version of the backup; the database was then brought up to this
    /// version's schema when it was opened.
    pub backup_schema_version: i64,
    pub schema_version: i64,
    pub integrity: String,
    pub tables: usize,
    pub rows: i64,
    pub files: usize,
    pub bytes: u64,
    /// `stored`, `already_present` or `kept_existing` (the keychain held another key: only
    /// for a backup made before encryption at rest, whose plain database is then encrypted
    /// with that key).
    pub practice_key: &'static str,
}

fn ensure_empty(data_dir: &Path) -> AppResult<()> {
    // What a restore that was killed left: its staging folder, never a practice's data.
    super::backup::remove_restore_leftovers(data_dir, std::time::Duration::ZERO);
    let occupied = match fs::read_dir(data_dir) {
        Ok(mut entries) => entries.next().is_some(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(e.into()),
    };
    if !occupied {
        return Ok(());
    }
    Err(AppError::new(
            ErrorCode::BackupTargetNotEmpty,
            format!(
                "{} is not empty: a backup is restored only into an empty data folder; nothing was changed",
                data_dir.display()
            ),
        ))
}

fn check_version(h: &Header) -> AppResult<()> {
    if h.format > container::FORMAT_VERSION || h.schema_version > migrations::latest_version() {
        return Err(AppError::new(
            ErrorCode::BackupNewer,
            format!(
                "This backup was made by a newer version of Lawdesk (schema {}, this version knows up to {}). Install the newer version; nothing was written",
                h.schema_version,
                migrations::latest_version()
            ),
        ));
    }
    Ok(())
}

/// The key that opens the backup: the recovery key if given, else this computer's
/// keychain entry for the backup's installation.
fn restore_key(
    h: &Header,
    recovery_key: Option<&str>,
    secrets: &dyn SecretStore,
) -> AppResult<PracticeKey> {
    let account = keychain_account(&h.install_id, practice_key::NAME);
    let key = match recovery_key.filter(|k| !k.trim().is_empty()) {
        Some(text) => PracticeKey::from_recovery_key(text)?,
        None => match secrets.get(&account)? {
            Some(s) => PracticeKey::from_secret(&s)?,
            None => {
                return Err(AppError::new(
                    ErrorCode::BackupKeyNeeded,
                    "This computer's keychain does not hold the key of this backup: enter the recovery key",
                ))
            }
        },
    };
    if key.id() != h.key_id {
        return Err(AppError::new(
            ErrorCode::BackupWrongKey,
            "This recovery key does not open this backup (it belongs to another practice or another key); nothing was written",
        ));
    }
    // The key goes into the keychain after the restore: find out now if it cannot.
    secrets.get(&account)?;
    Ok(key)
}

fn damaged() -> AppError {
    io_error(fault(Fault::Damaged))
}

fn extract_file<R: Read>(
    r: &mut R,
    staging: &Path,
    path: &str,
    size: u64,
) -> AppResult<FileRecord> {
    if !archive::is_safe_path(path) {
        return Err(damaged());
    }
    let dest = path
        .split('/')
        .fold(staging.to_path_buf(), |p, c| p.join(c));
    if let Some(parent) = dest.parent() {
        fs::create_dir_all(parent)?;
    }
    let file = File::options()
        .write(true)
        .create_new(true)
        .open(&dest)
        .map_err(|_| damaged())?;
    let mut w = BufWriter::new(file);
    let sha256 = archive::copy_body(r, size, &mut w).map_err(io_error)?;
    let file = w.into_inner().map_err(|e| io_error(e.into_error()))?;
    file.sync_all().map_err(io_error)?;
    Ok(FileRecord {
        path: path.to_string(),
        size,
        sha256,
    })
}

/// Unpacks every file into `staging` and reads the manifest at the end.
fn extract<R: Read>(r: &mut R, staging: &Path) -> AppResult<(Manifest, Vec<FileRecord>)> {
    let mut got = Vec::new();
    loop {
        match archive::read_entry(r).map_err(io_error)? {
            Entry::File { path, size } => got.push(extract_file(r, staging, &path, size)?),
            Entry::Manifest(m) => {
                return match archive::read_entry(r).map_err(io_error)? {
                    Entry::End => Ok((m, got)),
                    _ => Err(damaged()),
                }
            }
            Entry::End => return Err(damaged()),
        }
    }
}

fn verification_failed(what: String) -> AppError {
    AppError::new(
        ErrorCode::BackupVerificationFailed,
        format!("The restored copy does not match the backup ({what}); nothing was restored"),
    )
}

/// The files against the manifest, then the database: integrity, identity, rows per table.
fn verify(
    staging: &Path,
    h: &Header,
    m: &Manifest,
    mut got: Vec<FileRecord>,
    key: &PracticeKey,
) -> AppResult<()> {
    let mut expected = m.files.clone();
    expected.sort_by(|a, b| a.path.cmp(&b.path));
    got.sort_by(|a, b| a.path.cmp(&b.path));
    if let Some(bad) = expected.iter().zip(&got).find(|(a, b)| a != b) {
        return Err(verification_failed(format!("{} differs", bad.0.path)));
    }
    if expected.len() != got.len() || m.schema_version != h.schema_version {
        return Err(verification_failed("the list of files".into()));
    }
    let db = inspect_restored(&staging.join(DATABASE_ENTRY), &at_rest::database_key(key))?;
    if db.integrity != ["ok"] {
        return Err(verification_failed(format!(
            "integrity_check: {}",
            db.integrity.join("; ")
        )));
    }
    if db.application_id != APPLICATION_ID || db.schema_version != h.schema_version {
        return Err(verification_failed("the database's identity".into()));
    }
    if db.tables != m.tables {
        let differ: Vec<&String> = m
            .tables
            .iter()
            .filter(|(t, n)| db.tables.get(*t) != Some(n))
            .map(|(t, _)| t)
            .collect();
        return Err(verification_failed(format!("row counts of {differ:?}")));
    }
    Ok(())
}

/// Moves the verified files from `staging` into the data folder.
fn move_into_place(staging: &Path, data_dir: &Path) -> std::io::Result<()> {
    for name in [DATABASE_ENTRY, ATTACHMENTS_DIR] {
        let from = staging.join(name);
        if from.exists() {
            fs::rename(&from, data_dir.join(name))?;
        }
    }
    fs::remove_dir_all(staging)?;
    if let Ok(d) = File::open(data_dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// What can be told before anything is written: `file` is a backup this version reads and
/// the key (the recovery key given, else this computer's keychain) opens it. The reader is
/// left after the header.
fn opened(
    file: &Path,
    recovery_key: Option<&str>,
    secrets: &dyn SecretStore,
) -> AppResult<(BufReader<File>, Header, Vec<u8>, PracticeKey)> {
    let mut input = BufReader::new(File::open(file)?);
    let (header, raw) = container::read_header(&mut input).map_err(io_error)?;
    check_version(&header)?;
    let key = restore_key(&header, recovery_key, secrets)?;
    Ok((input, header, raw, key))
}

/// Restores `file` into `data_dir`, which must be empty or absent.
pub fn restore(
    file: &Path,
    data_dir: &Path,
    recovery_key: Option<&str>,
    secrets: Arc<dyn SecretStore>,
    now: DateTime<Utc>,
) -> AppResult<RestoreSummary> {
    ensure_empty(data_dir)?;
    let (input, header, raw, key) = opened(file, recovery_key, secrets.as_ref())?;
    let created = !data_dir.exists();
    location::ensure_data_dir(data_dir)?;
    let staging = data_dir.join(format!(".restore-{}", uuid::Uuid::new_v4().simple()));
    let unpacked = (|| -> AppResult<(Manifest, &str)> {
        fs::create_dir_all(&staging)?;
        let mut r = Decryptor::new(input, key.bytes(), &header, raw).map_err(io_error)?;
        let (manifest, got) = extract(&mut r, &staging)?;
        verify(&staging, &header, &manifest, got, &key)?;
        let plain = is_plain(&staging.join(DATABASE_ENTRY))?;
        let practice_key = keep_key(&header, &key, plain, secrets.as_ref())?;
        move_into_place(&staging, data_dir).map_err(io_error)?;
        at_rest::write_install_id(data_dir, &header.install_id)?;
        Ok((manifest, practice_key))
    })();
    let (manifest, practice_key) = match unpacked {
        Ok(m) => m,
        Err(mut e) => {
            undo(data_dir, &staging, created);
            if e.code == ErrorCode::BackupDiskFull {
                // The shared wording speaks of writing a backup; this was a restore.
                e.message = "The disk is full: the backup was not restored, and nothing of it \
                             was left in the data folder"
                    .into();
            }
            return Err(e);
        }
    };
    let copied_from = own_installation(data_dir, &header, &key, practice_key, secrets.as_ref())?;
    let core = Core::open(data_dir, secrets.clone())?;
    if let Some(original) = &copied_from {
        copy_entries(&core, original, secrets.as_ref())?;
    }
    if practice_key == "stored" {
        practice_key::record_stored(&core, &key, "restore", now)?;
    }
    core.db.write(|tx| {
        audit::record(
            tx,
            now,
            "restore",
            "backup",
            &header.key_id,
            &json!({ "created_at": header.created_at, "schema_version": header.schema_version }),
        )
    })?;
    summary(&core, &header, &manifest, practice_key)
}

/// Puts the backup's key into this computer's keychain (the restored database opens with
/// it), unless the keychain already holds it. Another key under the same name is kept only
/// for a plain database of an earlier version (it is then encrypted with that key); an
/// encrypted one would not open, so nothing is written.
fn keep_key(
    h: &Header,
    key: &PracticeKey,
    plain: bool,
    secrets: &dyn SecretStore,
) -> AppResult<&'static str> {
    let account = keychain_account(&h.install_id, practice_key::NAME);
    match secrets.get(&account)? {
        Some(s) if PracticeKey::from_secret(&s)?.bytes() == key.bytes() => Ok("already_present"),
        Some(_) if plain => Ok("kept_existing"),
        Some(_) => Err(AppError::new(
            ErrorCode::BackupWrongKey,
            "This computer's keychain holds another key for this practice; the backup's \
             encrypted database would not open with it. Nothing was written",
        )),
        None => {
            secrets.set(&account, &key.to_secret())?;
            Ok("stored")
        }
    }
}

/// When this computer's keychain already holds the backup's installation (its practice key
/// is there), the original folder may still be in use — a test restore into a second folder
/// shared its keychain entries, and deleting a secret in the copy deleted the live
/// practice's account number. The restored folder then gets its own installation id, with
/// the practice key under it; the original's id is returned for [`copy_entries`].
fn own_installation(
    data_dir: &Path,
    header: &Header,
    key: &PracticeKey,
    practice_key: &str,
    secrets: &dyn SecretStore,
) -> AppResult<Option<String>> {
    if practice_key != "already_present" {
        return Ok(None);
    }
    let id = uuid::Uuid::new_v4().to_string();
    secrets.set(&keychain_account(&id, practice_key::NAME), &key.to_secret())?;
    at_rest::write_install_id(data_dir, &id)?;
    Ok(Some(header.install_id.clone()))
}

/// Copies the original installation's keychain entries (bank account numbers, the SMTP
/// password…) under the restored folder's own id.
fn copy_entries(core: &Core, original: &str, secrets: &dyn SecretStore) -> AppResult<()> {
    for name in crate::services::security::secrets::list(core)? {
        if name == practice_key::NAME {
            continue;
        }
        if let Some(value) = secrets.get(&keychain_account(original, &name))? {
            secrets.set(&keychain_account(core.install_id(), &name), &value)?;
        }
    }
    Ok(())
}

/// Leaves the data folder as it was: empty (or absent, if the restore created it).
fn undo(data_dir: &Path, staging: &Path, created: bool) {
    let _ = fs::remove_file(data_dir.join(at_rest::INSTALL_ID_FILE));
    let _ = fs::remove_dir_all(staging);
    let _ = fs::remove_file(data_dir.join(DATABASE_ENTRY));
    let _ = fs::remove_dir_all(data_dir.join(ATTACHMENTS_DIR));
    if created {
        let _ = fs::remove_dir(data_dir);
    }
}

fn summary(
    core: &Core,
    h: &Header,
    m: &Manifest,
    practice_key: &'static str,
) -> AppResult<RestoreSummary> {
    Ok(RestoreSummary {
        data_dir: core.data_dir().display().to_string(),
        backup_created_at: h.created_at.clone(),
        backup_schema_version: h.schema_version,
        schema_version: core.db.schema_version()?,
        integrity: "ok".into(),
        tables: m.tables.len(),
        rows: m.tables.values().sum(),
        files: m.files.len(),
        bytes: m.files.iter().map(|f| f.size).sum(),
        practice_key,
    })
}

/// Writes nothing: the header of a backup file, for "which backup is this".
pub fn inspect(file: &Path) -> AppResult<Header> {
    let mut input = BufReader::new(File::open(file)?);
    container::read_header(&mut input)
        .map(|(h, _)| h)
        .map_err(io_error)
}

/// Whether the open practice holds nothing a user entered yet (a new installation's): only
/// then does the window restore a backup in its place.
pub fn practice_is_new(core: &Core) -> AppResult<bool> {
    Ok(!core.db.read(crate::store::database::holds_entries)?)
}

/// The window's "Restore a backup" on a new computer: `file` is restored in place of the
/// new, empty practice in `data_dir`. What can be told without writing is checked first
/// (the file is a backup this version reads, the key opens it), so a wrong key leaves the
/// open practice as it was. Then `close` gives up the open practice (its connections
/// closed), its folder is set aside (`<name>.replaced-…`), the backup is restored and
/// verified into the folder's name, and the set-aside folder is removed with its keychain
/// entry as the restored practice opens (`sweep_set_aside`). A restore that fails then (a damaged file, a full disk) leaves nothing of itself
/// and the new practice is put back (the caller opens it again).
pub fn restore_in_place_of_new(
    file: &Path,
    data_dir: &Path,
    recovery_key: Option<&str>,
    secrets: Arc<dyn SecretStore>,
    now: DateTime<Utc>,
    close: impl FnOnce() -> AppResult<()>,
) -> AppResult<(Core, RestoreSummary)> {
    opened(file, recovery_key, secrets.as_ref())?;
    close()?;
    let name = data_dir.file_name().unwrap_or_default().to_string_lossy();
    let aside =
        data_dir.with_file_name(format!("{name}.replaced-{}", uuid::Uuid::new_v4().simple()));
    fs::rename(data_dir, &aside)?;
    let mut summary = match restore(file, data_dir, recovery_key, secrets.clone(), now) {
        Ok(s) => s,
        Err(e) => {
            // Whatever is in the folder's name now was written by this restore. The folder
            // set aside is gone only if the restore got as far as opening its practice
            // (which sweeps it): then there is nothing to put back.
            let _ = fs::remove_dir_all(data_dir);
            if aside.exists() {
                fs::rename(&aside, data_dir)?;
            }
            return Err(e);
        }
    };
    // Opening the restored practice removes the folder set aside with its keychain entry
    // (`sweep_set_aside`).
    let core = Core::open(data_dir, secrets.clone())?;
    summary.data_dir = data_dir.display().to_string();
    Ok((core, summary))
}

/// What a window restore killed half-way left beside the data folder: the new, empty
/// practice it set aside (`<name>.replaced-<32 hex digits>`). Only a practice that held
/// nothing is ever set aside, so it goes, with its keychain entry (unless the folder being
/// opened uses that installation id).
pub(crate) fn sweep_set_aside(data_dir: &Path, secrets: &dyn SecretStore) {
    let (Some(parent), Some(name)) = (data_dir.parent(), data_dir.file_name()) else {
        return;
    };
    let prefix = format!("{}.replaced-", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let id_of = |dir: &Path| {
        fs::read_to_string(dir.join(at_rest::INSTALL_ID_FILE))
            .ok()
            .map(|s| s.trim().to_string())
    };
    let current = id_of(data_dir);
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let ours = file_name.strip_prefix(&prefix).is_some_and(|suffix| {
            suffix.len() == 32 && suffix.bytes().all(|b| b.is_ascii_hexdigit())
        });
        if !ours {
            continue;
        }
        let path = entry.path();
        if let Some(id) = id_of(&path).filter(|id| Some(id) != current.as_ref()) {
            let _ = secrets.delete(&keychain_account(&id, practice_key::NAME));
        }
        let _ = fs::remove_dir_all(&path);
    }
}
