//! Encryption at rest for a data folder: the practice key found (or made) in the keychain
//! before the database opens, and the files in `attachments/` sealed with the key derived
//! from it (`at_rest::sealed`), read back transparently.
//!
//! The keychain names entries by installation id, which lives in the encrypted database
//! too, so the id is also kept in a plain file beside it (`install-id`; not a secret). A
//! folder from an earlier version (a plain database) gets it from the database.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::at_rest::keys::{self, Key};
use crate::at_rest::sealed;
use crate::domain::{AppError, AppResult, ErrorCode};
use crate::secrets::SecretStore;
use crate::services::core::{keychain_account, Core};
use crate::services::security::practice_key::{self, PracticeKey};
use crate::store::database::{connect, read_only, read_write};
use crate::store::encryption::is_plain;
use crate::store::location::DATABASE_FILE;
use crate::store::{audit, settings};

/// The installation id, in plain text beside the database.
pub const INSTALL_ID_FILE: &str = "install-id";
/// Set once every file in `attachments/` is sealed.
const FILES_SEALED: &str = "at_rest.files_sealed_at";
const ATTACHMENTS: &str = "attachments";

/// What opens a data folder: its installation id and practice key.
pub(crate) struct FolderKeys {
    pub install_id: String,
    pub practice: PracticeKey,
    /// The practice key was made now (its audit row follows once the database is open).
    pub created: bool,
}

fn key_missing() -> AppError {
    AppError::new(
        ErrorCode::DatabaseKeyMissing,
        "This data folder is encrypted and this computer's keychain holds no key for it; \
         give its recovery key (`lawdesk-cli backup key --recover`, or in the window), or \
         restore a backup with it. Nothing was changed",
    )
}

/// Puts the practice key back into this computer's keychain from its recovery key, for a
/// data folder whose key is missing here (a folder copied to a new computer, another user
/// account, a lost keychain) or wrong. The key must first open the folder's database, with
/// the cipher settings of whichever version wrote it; the database is only read, and the
/// installation id that names the keychain entry is the one inside it. Then the folder is
/// opened as usual and the recovery recorded in its audit trail. A recovery key that is
/// mistyped (`recovery_key`) or another practice's (`store.recovery_key_wrong`) changes
/// nothing, keychain included.
pub(crate) fn recover(
    data_dir: &Path,
    secrets: Arc<dyn SecretStore>,
    recovery_key: &str,
) -> AppResult<Core> {
    let key = recover_folder_key(data_dir, secrets.as_ref(), recovery_key)?;
    let core = Core::open(data_dir, secrets)?;
    practice_key::record_stored(&core, &key, "recover", core.now())?;
    Ok(core)
}

fn recover_folder_key(
    data_dir: &Path,
    secrets: &dyn SecretStore,
    recovery_key: &str,
) -> AppResult<PracticeKey> {
    let practice = PracticeKey::from_recovery_key(recovery_key)?;
    let db = data_dir.join(DATABASE_FILE);
    if !std::fs::metadata(&db).is_ok_and(|m| m.len() > 0) || is_plain(&db)? {
        return Err(AppError::new(
            ErrorCode::DataDir,
            "This data folder holds no encrypted database, so there is no key to recover; \
             nothing was changed",
        ));
    }
    let key = database_key(&practice);
    let wrong = || {
        AppError::new(
            ErrorCode::RecoveryKeyWrongForFolder,
            "This recovery key does not open this data folder; nothing was changed",
        )
    };
    let cipher = crate::store::encryption::settings_of(&db, &key)?.ok_or_else(wrong)?;
    let conn = crate::store::database::connect_as(&db, read_write(), Some((&key, cipher)))?;
    let install_id = settings::get(&conn, settings::INSTALL_ID)?
        .filter(|id| valid_id(id))
        .ok_or_else(wrong)?;
    drop(conn);
    secrets.set(
        &keychain_account(&install_id, practice_key::NAME),
        &practice.to_secret(),
    )?;
    write_install_id(data_dir, &install_id)?;
    Ok(practice)
}

fn valid_id(id: &str) -> bool {
    id.len() == 36 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
}

/// The id of a plain database of an earlier version, read without changing it.
fn id_in_plain_database(db: &Path) -> Option<String> {
    let conn = connect(db, read_only(), None).ok()?;
    settings::get(&conn, settings::INSTALL_ID).ok().flatten()
}

/// The installation id: from `install-id`, else from a plain database, else new. `None`
/// for an encrypted database without `install-id` (its keychain entry cannot be named).
fn find_install_id(data_dir: &Path, db: &Path) -> AppResult<Option<String>> {
    match std::fs::read_to_string(data_dir.join(INSTALL_ID_FILE)) {
        Ok(s) if valid_id(s.trim()) => return Ok(Some(s.trim().to_string())),
        Ok(_) => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e.into()),
    }
    let exists = std::fs::metadata(db).is_ok_and(|m| m.len() > 0);
    if !exists {
        return Ok(Some(uuid::Uuid::new_v4().to_string()));
    }
    if is_plain(db)? {
        let id = id_in_plain_database(db).filter(|id| valid_id(id));
        return Ok(Some(id.unwrap_or_else(|| uuid::Uuid::new_v4().to_string())));
    }
    Ok(None)
}

/// Writes `install-id` (temporary name, fsync, rename).
pub(crate) fn write_install_id(data_dir: &Path, id: &str) -> AppResult<()> {
    let path = data_dir.join(INSTALL_ID_FILE);
    if std::fs::read_to_string(&path).is_ok_and(|s| s.trim() == id) {
        return Ok(());
    }
    let tmp = data_dir.join(format!(".{INSTALL_ID_FILE}.part"));
    std::fs::write(&tmp, format!("{id}\n"))?;
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, &path)?;
    Ok(())
}

/// The keys of `data_dir`, before its database opens. A locked keychain is
/// `keychain.unavailable`, an encrypted database without its key `store.key_missing`; both
/// change nothing. A new folder (or one of an earlier version) gets a new practice key.
pub(crate) fn folder_keys(data_dir: &Path, secrets: &dyn SecretStore) -> AppResult<FolderKeys> {
    let db = data_dir.join(DATABASE_FILE);
    let install_id = find_install_id(data_dir, &db)?.ok_or_else(key_missing)?;
    let account = keychain_account(&install_id, practice_key::NAME);
    let (practice, created) = match secrets.get(&account)? {
        Some(s) => (PracticeKey::from_secret(&s)?, false),
        None if std::fs::metadata(&db).is_ok_and(|m| m.len() > 0) && !is_plain(&db)? => {
            return Err(key_missing())
        }
        None => {
            let k = PracticeKey::generate();
            secrets.set(&account, &k.to_secret())?;
            (k, true)
        }
    };
    write_install_id(data_dir, &install_id)?;
    Ok(FolderKeys {
        install_id,
        practice,
        created,
    })
}

/// The SQLCipher key of the database.
pub(crate) fn database_key(k: &PracticeKey) -> Key {
    keys::database_key(k.bytes())
}

/// The key of the sealed files.
pub(crate) fn files_key(k: &PracticeKey) -> Key {
    keys::files_key(k.bytes())
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The bytes to write at `path` in `attachments/`: sealed for its name.
pub(crate) fn seal_for(core: &Core, path: &Path, plain: &[u8]) -> Vec<u8> {
    match core.files_key() {
        Some(k) => sealed::seal(k, &name_of(path), plain),
        None => plain.to_vec(),
    }
}

/// The plain bytes of a file in `attachments/` (a file of an earlier version that is not
/// sealed yet is read as it is; callers check the SHA-256 either way).
pub(crate) fn read_kept(core: &Core, path: &Path) -> AppResult<Vec<u8>> {
    let bytes = std::fs::read(path)?;
    match core.files_key() {
        Some(k) if sealed::looks_sealed(&bytes) => {
            sealed::open(k, &name_of(path), &bytes).map_err(|_| {
                AppError::new(
                    ErrorCode::DatabaseCorrupt,
                    "A kept file does not open with this practice's key (damaged or altered)",
                )
            })
        }
        _ => Ok(bytes),
    }
}

fn attachment_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            attachment_files(&p, out)?;
        } else if p.extension().is_none_or(|x| x != "part") {
            out.push(p);
        }
    }
    Ok(())
}

/// Seals one plain file in place: the sealed copy under a temporary name, fsynced, renamed
/// over the plain one. Returns whether it sealed it.
fn seal_in_place(core: &Core, path: &Path) -> AppResult<bool> {
    let bytes = std::fs::read(path)?;
    if sealed::looks_sealed(&bytes) {
        return Ok(false);
    }
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, seal_for(core, path, &bytes))?;
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, path)?;
    Ok(true)
}

/// Seals the plain files an earlier version left in `attachments/`, once (each file is
/// either plain or sealed whenever a crash comes; the next open goes on).
pub(crate) fn seal_plain_files(core: &Core, now: DateTime<Utc>) -> AppResult<()> {
    if core.files_key().is_none() || core.db.read(|c| settings::get(c, FILES_SEALED))?.is_some() {
        return Ok(());
    }
    let mut files = Vec::new();
    let root = core.data_dir().join(ATTACHMENTS);
    if root.is_dir() {
        attachment_files(&root, &mut files)?;
    }
    let mut sealed_now = 0;
    for f in &files {
        sealed_now += usize::from(seal_in_place(core, f)?);
    }
    if let Ok(d) = std::fs::File::open(&root) {
        let _ = d.sync_all();
    }
    core.db.write(|tx| {
        settings::set(tx, FILES_SEALED, &now.to_rfc3339())?;
        match sealed_now {
            0 => Ok(()),
            n => audit::record(tx, now, "seal", "attachments", "", &json!({ "files": n })),
        }
    })
}

/// A connection to the data folder's database with its key applied and nothing else (no
/// pragma, no migration): for tests and support tools that read or damage raw SQL.
pub fn raw_connection(data_dir: &Path, secrets: &dyn SecretStore) -> AppResult<crate::store::Conn> {
    let db = data_dir.join(DATABASE_FILE);
    if is_plain(&db)? {
        return connect(&db, crate::store::database::read_write(), None);
    }
    let id = find_install_id(data_dir, &db)?.ok_or_else(key_missing)?;
    let secret = secrets
        .get(&keychain_account(&id, practice_key::NAME))?
        .ok_or_else(key_missing)?;
    let key = database_key(&PracticeKey::from_secret(&secret)?);
    connect(&db, crate::store::database::read_write(), Some(&key))
}
