//! Backups, the recovery key and the audit trail's verification.

use super::arg::Arg;
use tauri::State;

use super::{blocking, AppState};
use crate::domain::AppError;
use crate::services::check::Verification;
use crate::services::security::backup::{self, BackupResult, BackupStatus};
use crate::services::{check, security::practice_key, Core};

#[tauri::command]
pub async fn backup_status(state: State<'_, AppState>) -> Result<BackupStatus, AppError> {
    blocking(&state, |core| backup::status(core, core.now())).await
}

#[tauri::command]
pub async fn set_backup_folder(
    state: State<'_, AppState>,
    folder: Arg<String>,
) -> Result<BackupStatus, AppError> {
    let folder = folder.0;
    blocking(&state, move |core| {
        backup::set_folder(core, &folder, core.now())
    })
    .await
}

#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> Result<BackupResult, AppError> {
    blocking(&state, |core| backup::backup_now(core, core.now())).await
}

/// The recovery key, once (the window shows it to print and keep).
#[tauri::command]
pub async fn show_recovery_key(state: State<'_, AppState>) -> Result<String, AppError> {
    blocking(&state, |core| {
        practice_key::show_once(core, core.now()).map(|k| k.expose().to_string())
    })
    .await
}

#[tauri::command]
pub async fn verify_audit_trail(state: State<'_, AppState>) -> Result<Verification, AppError> {
    blocking(&state, check::audit_trail).await
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
    match backup::daily_if_due(core, core.now()) {
        Ok(Some(r)) => tracing::info!(size = r.size, "daily backup written"),
        Ok(None) => {}
        Err(e) => tracing::warn!(code = e.code.as_str(), "daily backup failed"),
    }
}
