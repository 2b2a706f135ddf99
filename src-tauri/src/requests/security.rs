//! Nothing lost, nothing leaked: the app lock, secrets, the practice key, backup, restore,
//! the audit trail.

use std::path::PathBuf;
use std::sync::Arc;

use crate::domain::lang::Lang;
use crate::domain::secret::Secret;
use crate::domain::AppResult;
use crate::secrets::SecretStore;
use crate::services::security::{app_lock, backup, practice_key, restore, secrets};
use crate::services::{check, clock, status};

pub use crate::backup::container::Header as BackupHeader;
pub use crate::services::check::{audit_error, AuditEntry, Verification};
pub use crate::services::security::app_lock::{LockSettings, DEFAULT_IDLE_MINUTES};
pub use crate::services::security::backup::{BackupResult, BackupStatus};
pub use crate::services::security::restore::RestoreSummary;

request! {
    /// When the last good backup was made, where backups go, and whether one is due.
    GetBackupStatus {} -> BackupStatus,
    |r, core| backup::status(core, core.now())
}

request! {
    /// Sets the folder backups go to (an external drive).
    SetBackupFolder { folder: String } -> BackupStatus,
    |r, core| backup::set_folder(core, &r.folder, core.now())
}

request! {
    /// A backup into the backup folder now, rotated.
    BackupNow {} -> BackupResult,
    |r, core| backup::backup_now(core, core.now())
}

request! {
    /// A backup into one file the user names.
    BackupTo { out: PathBuf } -> BackupResult,
    |r, core| backup::backup_to(core, &r.out, core.now())
}

request! {
    /// The daily backup when one is due (`None` when not).
    DailyBackup {} -> Option<BackupResult>,
    |r, core| backup::daily_if_due(core, core.now())
}

request! {
    /// A backup file's header (no key needed, nothing written).
    InspectBackup { file: PathBuf } -> BackupHeader,
    |r, core| restore::inspect(&r.file)
}

request! {
    /// Whether the open practice holds nothing a user entered yet: a backup is restored
    /// in the window only in place of such a one.
    PracticeIsNew {} -> bool,
    |r, core| restore::practice_is_new(core)
}

request! {
    /// The recovery key, once: afterwards it is refused.
    ShowRecoveryKey {} -> Secret,
    |r, core| practice_key::show_once(core, core.now())
}

request! {
    /// The recovery key, refused once shown, without marking it shown: for an answer that
    /// may still fail to reach the user (the CLI's stdout); [`MarkRecoveryKeyShown`] follows.
    RevealRecoveryKey {} -> Secret,
    |r, core| practice_key::reveal(core, core.now())
}

request! {
    /// Records that the recovery key reached the user.
    MarkRecoveryKeyShown {} -> (),
    |r, core| practice_key::mark_shown(core, core.now())
}

request! {
    /// The practice key's id (never the key) and whether its recovery key was shown.
    PracticeKeyState {} -> (Option<String>, bool),
    |r, core| {
        let id = practice_key::get(core)?.map(|k| k.id());
        Ok((id, practice_key::recovery_key_shown(core)?))
    }
}

request! {
    /// Verifies the audit trail's hash chain and the before/after records.
    VerifyAuditTrail {} -> Verification,
    |r, core| check::audit_trail(core)
}

request! {
    /// The newest audit entries (1 to 10,000 of them).
    AuditEntries { limit: i64 } -> Vec<AuditEntry>,
    |r, core| check::audit_entries(core, r.limit.clamp(1, 10_000))
}

request! {
    /// Keeps a secret in the OS keychain under a name.
    SetSecret { name: String, value: Secret } -> (),
    |r, core| secrets::set(core, &r.name, &r.value, core.now())
}

request! {
    /// Removes a secret from the keychain.
    DeleteSecret { name: String } -> (),
    |r, core| secrets::delete(core, &r.name, core.now())
}

request! {
    /// The names of the secrets kept (never the values).
    ListSecrets {} -> Vec<String>,
    |r, core| secrets::list(core)
}

request! {
    /// The app lock's settings and the language to ask for the password in.
    LockScreen {} -> (LockSettings, Option<Lang>),
    |r, core| Ok((app_lock::settings(core)?, status::status(core)?.ui_language))
}

request! {
    /// The app lock's settings.
    GetLockSettings {} -> LockSettings,
    |r, core| app_lock::settings(core)
}

request! {
    /// Checks the app lock's password.
    CheckLockPassword { password: Secret } -> (),
    |r, core| app_lock::check(core, &r.password)
}

/// What happens to the app lock's password.
#[derive(Debug)]
pub enum NewLockPassword {
    Keep,
    Set(Secret),
    Remove,
}

request! {
    /// Sets, changes or removes the app lock's password and its idle minutes (the current
    /// password is required when one is set).
    ChangeAppLock { current: Option<Secret>, new: NewLockPassword, idle_minutes: u32 }
        -> LockSettings,
    |r, core| {
        let new = match &r.new {
            NewLockPassword::Keep => app_lock::NewPassword::Keep,
            NewLockPassword::Set(p) => app_lock::NewPassword::Set(p),
            NewLockPassword::Remove => app_lock::NewPassword::Remove,
        };
        let change = app_lock::LockChange {
            current: r.current.as_ref(),
            new,
            idle_minutes: r.idle_minutes,
        };
        app_lock::change(core, &change, core.now())
    }
}

/// Restores a backup into an empty data folder. Not a `Request`: no data folder is open
/// yet, nothing may be created in it before the backup is verified.
pub fn restore_into(
    file: &std::path::Path,
    data_dir: &std::path::Path,
    recovery_key: Option<&str>,
    secrets: Arc<dyn SecretStore>,
) -> AppResult<RestoreSummary> {
    let now = clock::from_env()?.now();
    restore::restore(file, data_dir, recovery_key, secrets, now)
}

/// Restores a backup in place of the window's new, empty practice
/// (`restore::restore_in_place_of_new`). Not a `Request`: the open practice is closed
/// (`close`) and another one opened in its folder.
pub fn restore_in_place_of_new(
    file: &std::path::Path,
    data_dir: &std::path::Path,
    recovery_key: Option<&str>,
    secrets: Arc<dyn SecretStore>,
    close: impl FnOnce() -> AppResult<()>,
) -> AppResult<(crate::services::Core, RestoreSummary)> {
    let now = clock::from_env()?.now();
    restore::restore_in_place_of_new(file, data_dir, recovery_key, secrets, now, close)
}
