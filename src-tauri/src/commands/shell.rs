//! Status, UI language, readiness.

use super::arg::Arg;
use tauri::{AppHandle, State};

use super::{ask, AppState};
use crate::domain::lang::Lang;
use crate::domain::AppError;
use crate::requests::practice::{AppStatus, SetUiLanguage, Status, Today};
use crate::requests::security::{AuditEntries, AuditEntry};

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Result<Status, AppError> {
    ask(&state, AppStatus {}).await
}

#[tauri::command]
pub async fn set_ui_language(
    state: State<'_, AppState>,
    language: Arg<String>,
) -> Result<Option<Lang>, AppError> {
    ask(
        &state,
        SetUiLanguage {
            language: language.0,
        },
    )
    .await
}

#[tauri::command]
pub async fn recent_activity(state: State<'_, AppState>) -> Result<Vec<AuditEntry>, AppError> {
    ask(&state, AuditEntries { limit: 20 }).await
}

/// The user's local date (`YYYY-MM-DD`) from the core's clock: the UI's default dates.
#[tauri::command]
pub async fn today(state: State<'_, AppState>) -> Result<String, AppError> {
    let today = ask(&state, Today {}).await?;
    Ok(today.format("%Y-%m-%d").to_string())
}

/// Called by the UI once its first screen is painted. With `LAWDESK_EXIT_AFTER_PAINT=1`
/// (the cold-start benchmark) it prints the time since process start and quits.
#[tauri::command]
pub fn ui_ready(app: AppHandle, state: State<'_, AppState>) -> u128 {
    let ms = state.started.elapsed().as_millis();
    tracing::info!(ms, "first paint");
    if std::env::var_os("LAWDESK_EXIT_AFTER_PAINT").is_some() {
        println!("first_paint_ms={ms}");
        app.exit(0);
    }
    ms
}

/// WebKitGTK set up for one local document rather than a browser: caches sized for a
/// document viewer (the window never goes back to a cached page), and no GPU compositing —
/// forms and tables gain nothing from it, and on this 20,000-client practice its layers
/// held ~70 MiB in the web process (docs/BENCHMARKS.md, idle memory). WebView2 (Windows)
/// and WKWebView (macOS) manage this themselves.
pub fn lighter_webview(app: &tauri::App) {
    #[cfg(target_os = "linux")]
    {
        use tauri::Manager;
        use webkit2gtk::{
            CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
        };
        if crate::memory::untuned_for_benchmarks() {
            return;
        }
        if let Some(window) = app.get_webview_window("main") {
            let tuned = window.with_webview(|webview| {
                let webview = webview.inner();
                if let Some(context) = webview.context() {
                    context.set_cache_model(CacheModel::DocumentViewer);
                }
                if let Some(settings) = WebViewExt::settings(&webview) {
                    settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
                }
            });
            if let Err(e) = tuned {
                tracing::warn!(error = %e, "the web view kept its browser defaults");
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}
