//! Backups, the recovery key and the audit trail's verification.

use super::arg::Arg;
use super::dialog::{ask_path, Pick};
use tauri::{AppHandle, State};

use super::{ask, AppState};
use crate::domain::AppError;
use crate::requests::security::*;
use crate::requests::Request;
use crate::services::Core;

#[tauri::command]
pub async fn backup_status(state: State<'_, AppState>) -> Result<BackupStatus, AppError> {
    ask(&state, GetBackupStatus {}).await
}

#[tauri::command]
pub async fn set_backup_folder(
    state: State<'_, AppState>,
    folder: Arg<String>,
) -> Result<BackupStatus, AppError> {
    ask(&state, SetBackupFolder { folder: folder.0 }).await
}

#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> Result<BackupResult, AppError> {
    ask(&state, BackupNow {}).await
}

/// The recovery key, once (the window shows it to print and keep).
#[tauri::command]
pub async fn show_recovery_key(state: State<'_, AppState>) -> Result<String, AppError> {
    let key = ask(&state, ShowRecoveryKey {}).await?;
    Ok(key.expose().to_string())
}

/// The backup folder chosen with the system's folder dialog; the status unchanged when the
/// user cancels.
#[tauri::command]
pub async fn choose_backup_folder(
    app: AppHandle,
    state: State<'_, AppState>,
    title: Arg<String>,
) -> Result<BackupStatus, AppError> {
    let start = ask(&state, GetBackupStatus {})
        .await?
        .folder
        .map(std::path::PathBuf::from);
    match ask_path(&app, title.0, Pick::Folder { start }).await? {
        Some(folder) => {
            let folder = folder.display().to_string();
            ask(&state, SetBackupFolder { folder }).await
        }
        None => ask(&state, GetBackupStatus {}).await,
    }
}

/// A data folder that did not open because this computer's keychain has no key for it (or
/// a wrong one): the recovery key the user typed puts it there once it opens the folder's
/// database, and the window carries on with the folder (its app lock first, when set).
#[tauri::command]
pub async fn recover_practice_key(
    state: State<'_, AppState>,
    recovery_key: Arg<String>,
) -> Result<(), AppError> {
    use crate::domain::ErrorCode;
    match state.core() {
        Err(e)
            if matches!(
                e.code,
                ErrorCode::DatabaseKeyMissing | ErrorCode::DatabaseKeyWrong
            ) => {}
        _ => {
            return Err(AppError::new(
                ErrorCode::Validation,
                "This data folder is open: there is no key to recover",
            ))
        }
    }
    let dir = state
        .data_dir
        .clone()
        .ok_or_else(|| AppError::internal("no data folder"))?;
    let key = recovery_key.0;
    let core = tauri::async_runtime::spawn_blocking(move || {
        let keychain = std::sync::Arc::new(crate::secrets::Keychain::default());
        let core = crate::services::Core::open_with_recovery_key(&dir, keychain, key.trim())?;
        core.set_front_end("window")?;
        Ok::<_, AppError>(core)
    })
    .await
    .map_err(|e| AppError::internal(format!("background task failed: {e}")))??;
    state.install(core);
    start_daily_backup(&state);
    Ok(())
}

/// Restores a backup chosen with the system's file dialog in place of the window's new,
/// empty practice (a new computer): the recovery key as typed, or none when this
/// computer's keychain still holds the practice key. Refused (`backup.practice_not_new`)
/// once the practice holds anything entered. `None` when the user cancels the dialog.
#[tauri::command]
pub async fn restore_backup(
    app: AppHandle,
    state: State<'_, AppState>,
    title: Arg<String>,
    recovery_key: Arg<String>,
) -> Result<Option<RestoreSummary>, AppError> {
    use crate::domain::ErrorCode;
    if !ask(&state, PracticeIsNew {}).await? {
        return Err(AppError::new(
            ErrorCode::BackupPracticeNotNew,
            "This practice already holds data: a backup is restored in the window only in place of a new, empty practice; nothing was changed",
        ));
    }
    let kind = ("Lawdesk backup", &["ldbackup"][..]);
    let Some(file) = ask_path(&app, title.0, Pick::Open { kind }).await? else {
        return Ok(None);
    };
    let dir = state
        .data_dir
        .clone()
        .ok_or_else(|| AppError::internal("no data folder"))?;
    let key = recovery_key.0;
    let slot = state.slot();
    let done = tauri::async_runtime::spawn_blocking(move || {
        let keychain = std::sync::Arc::new(crate::secrets::Keychain::default());
        let key = Some(key.trim()).filter(|k| !k.is_empty());
        let mut closed = false;
        let result = restore_in_place_of_new(&file, &dir, key, keychain.clone(), || {
            closed = true;
            super::close(&slot)
        });
        // After the open practice was given up, a failure opens it again.
        let reopened = match (&result, closed) {
            (Err(_), true) => Some(crate::services::Core::open(&dir, keychain)),
            _ => None,
        };
        (result, reopened)
    })
    .await
    .map_err(|e| AppError::internal(format!("background task failed: {e}")))?;
    match done {
        (Ok((core, summary)), _) => {
            core.set_front_end("window")?;
            state.install(core);
            Ok(Some(summary))
        }
        (Err(e), reopened) => {
            if let Some(Ok(core)) = reopened {
                core.set_front_end("window")?;
                state.install(core);
            }
            Err(e)
        }
    }
}

#[tauri::command]
pub async fn verify_audit_trail(state: State<'_, AppState>) -> Result<Verification, AppError> {
    ask(&state, VerifyAuditTrail {}).await
}

/// How often a window left open checks whether the daily backup is due.
const DAILY_CHECK: std::time::Duration = std::time::Duration::from_secs(3600);

/// The daily backup when the app starts, and again whenever one is due while it stays open
/// (checked hourly; a window open for a week makes one a day), off the UI's path (a
/// failure is kept in the settings and shown on the Dashboard).
/// One thread for the window's life: it reads the open practice each time (a practice
/// restored in place of a new one is the one backed up next), and holds it only while a
/// backup runs.
pub fn start_daily_backup(state: &AppState) {
    static STARTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if state.core().is_err() || STARTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
        return;
    }
    let slot = state.slot();
    let spawned = std::thread::Builder::new()
        .name("daily-backup".into())
        .spawn(move || loop {
            if let Ok(core) = super::current(&slot) {
                daily(&core);
            }
            std::thread::sleep(DAILY_CHECK);
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "could not start the daily backup");
    }
}

fn daily(core: &Core) {
    match (DailyBackup {}).handle(core) {
        Ok(Some(r)) => tracing::info!(size = r.size, "daily backup written"),
        Ok(None) => {}
        Err(e) => tracing::warn!(code = e.code.as_str(), "daily backup failed"),
    }
}
