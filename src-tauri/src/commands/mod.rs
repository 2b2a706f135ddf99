//! The only Tauri-aware code besides `lib.rs` and `main.rs`: thin `#[tauri::command]`
//! wrappers that move work off the UI thread and return `{code, message, fields}` errors.

mod clients;
mod fees;
mod firm;
mod letters;
mod records;
mod shell;

pub use clients::*;
pub use fees::*;
pub use firm::*;
pub use letters::*;
pub use records::*;
pub use shell::*;

use std::sync::Arc;
use std::time::Instant;

use crate::domain::{AppError, AppResult};
use crate::services::Core;

/// What every command reaches: the opened data folder, or why it could not be opened (the
/// window then shows that error instead of closing).
pub struct AppState {
    core: Result<Arc<Core>, AppError>,
    started: Instant,
    batch: Arc<BatchProgress>,
}

/// How far a letter batch has come, and whether the user asked it to stop.
#[derive(Default)]
pub struct BatchProgress {
    done: std::sync::atomic::AtomicUsize,
    total: std::sync::atomic::AtomicUsize,
    cancel: std::sync::atomic::AtomicBool,
}

impl AppState {
    pub fn new(core: AppResult<Core>, started: Instant) -> AppState {
        AppState {
            core: core.map(Arc::new),
            started,
            batch: Arc::default(),
        }
    }
}

/// Runs `f` on the blocking pool so the window never waits on the database or keychain.
async fn blocking<T, F>(state: &AppState, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&Core) -> AppResult<T> + Send + 'static,
{
    let core = state.core.clone()?;
    tauri::async_runtime::spawn_blocking(move || f(&core))
        .await
        .map_err(|e| AppError::internal(format!("background task failed: {e}")))?
}
