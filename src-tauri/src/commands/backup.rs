//! Backups, the recovery key and the audit trail's verification.

use super::arg::Arg;
use tauri::State;

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

#[tauri::command]
pub async fn verify_audit_trail(state: State<'_, AppState>) -> Result<Verification, AppError> {
    ask(&state, VerifyAuditTrail {}).await
}

/// The daily backup when the app starts, off the UI's path (a failure is kept in the
/// settings and shown on the Dashboard).
pub fn start_daily_backup(state: &AppState) {
    let Ok(core) = state.core.clone() else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("daily-backup".into())
        .spawn(move || daily(&core));
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
