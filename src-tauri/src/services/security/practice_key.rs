//! The practice key: 256 random bits in the OS keychain (never in the database, logs or
//! errors), made when the data folder is first opened (`services::security::at_rest`). Backups are
//! sealed with it and the keys of the encrypted database and files are derived from it. Its
//! human form, the recovery key (`domain::backup::recovery_key`), is shown once, to print
//! and keep: it opens the backups, and so the practice, on a new computer.

use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::OsRng;
use chrono::{DateTime, Utc};
use serde_json::json;
use zeroize::Zeroizing;

use crate::domain::backup::{key_id, parse_recovery_key, recovery_key};
use crate::domain::secret::Secret;
use crate::domain::{AppError, AppResult, ErrorCode};
use crate::services::core::Core;
use crate::services::security::keychain_journal::KeychainJournal;
use crate::store::{audit, secret_names, settings};

/// The keychain entry's name (`<install id>/practice.key`).
pub const NAME: &str = "practice.key";
/// Set when the recovery key has been shown (the time, RFC 3339).
pub const SHOWN: &str = "backup.recovery_key_shown_at";

/// 32 bytes, wiped when dropped; no `Debug`, no `Serialize`.
pub struct PracticeKey(Zeroizing<[u8; 32]>);

impl PracticeKey {
    pub(crate) fn generate() -> PracticeKey {
        let mut k = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(k.as_mut());
        PracticeKey(k)
    }

    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The public fingerprint written in backup headers.
    pub fn id(&self) -> String {
        key_id(&self.0)
    }

    pub fn recovery_key(&self) -> Secret {
        Secret::new(recovery_key(&self.0))
    }

    /// A recovery key as typed; a typo is the field error `recovery_key` (never echoed).
    pub fn from_recovery_key(text: &str) -> AppResult<PracticeKey> {
        parse_recovery_key(text)
            .map(|k| PracticeKey(Zeroizing::new(k)))
            .map_err(|_| AppError::field("recovery_key", "recovery_key"))
    }

    pub(crate) fn to_secret(&self) -> Secret {
        Secret::new(hex::encode(self.0.as_ref()))
    }

    pub(crate) fn from_secret(s: &Secret) -> AppResult<PracticeKey> {
        let mut k = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(s.expose(), k.as_mut()).map_err(|_| {
            AppError::new(
                ErrorCode::KeychainUnavailable,
                "The practice key in the system keychain is unreadable",
            )
        })?;
        Ok(PracticeKey(k))
    }
}

/// The practice key, if this installation has one.
pub fn get(core: &Core) -> AppResult<Option<PracticeKey>> {
    core.secret_get(NAME)?
        .map(|s| PracticeKey::from_secret(&s))
        .transpose()
}

/// The practice key, made (and stored in the keychain, with its audit row) when absent.
pub fn get_or_create(core: &Core, now: DateTime<Utc>) -> AppResult<PracticeKey> {
    if let Some(k) = get(core)? {
        return Ok(k);
    }
    let key = PracticeKey::generate();
    store(core, &key, "create", now)?;
    Ok(key)
}

fn store(core: &Core, key: &PracticeKey, action: &str, now: DateTime<Utc>) -> AppResult<()> {
    let mut journal = KeychainJournal::new(core);
    let result = core.db.write(|tx| {
        journal.set(NAME, &key.to_secret())?;
        secret_names::add(tx, NAME, now)?;
        audit::record(tx, now, action, "practice_key", &key.id(), &json!({}))
    });
    journal.finish(result)
}

/// A key a restore put into the keychain gets its name and audit row.
pub(crate) fn record_stored(
    core: &Core,
    key: &PracticeKey,
    action: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    core.db.write(|tx| {
        secret_names::add(tx, NAME, now)?;
        audit::record(tx, now, action, "practice_key", &key.id(), &json!({}))
    })
}

/// A key made when the data folder was first opened gets its audit row. It is not listed
/// among the user's secrets (`secret list`) until a backup or restore uses it: it belongs
/// to the folder itself.
pub(crate) fn record_made(core: &Core, key: &PracticeKey, now: DateTime<Utc>) -> AppResult<()> {
    core.db
        .write(|tx| audit::record(tx, now, "create", "practice_key", &key.id(), &json!({})))
}

pub fn recovery_key_shown(core: &Core) -> AppResult<bool> {
    Ok(core.db.read(|c| settings::get(c, SHOWN))?.is_some())
}

/// The recovery key, once: made with the practice key when there is none yet, refused
/// (`backup.recovery_key_shown`) after it has been shown.
pub fn show_once(core: &Core, now: DateTime<Utc>) -> AppResult<Secret> {
    let key = reveal(core, now)?;
    mark_shown(core, now)?;
    Ok(key)
}

/// The recovery key to show, not yet marked as shown: the CLI marks it only once its
/// answer is written (a full or closed stdout must not use up the one showing).
pub fn reveal(core: &Core, now: DateTime<Utc>) -> AppResult<Secret> {
    if recovery_key_shown(core)? {
        return Err(AppError::new(
            ErrorCode::RecoveryKeyShown,
            "The recovery key was already shown once; it is not shown again",
        ));
    }
    Ok(get_or_create(core, now)?.recovery_key())
}

/// Records that the recovery key was shown (and delivered).
pub fn mark_shown(core: &Core, now: DateTime<Utc>) -> AppResult<()> {
    let key = get_or_create(core, now)?;
    core.db.write(|tx| {
        settings::set(tx, SHOWN, &now.to_rfc3339())?;
        audit::record(tx, now, "show", "practice_key", &key.id(), &json!({}))
    })
}
