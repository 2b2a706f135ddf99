//! The only Tauri-aware code besides `lib.rs` and `main.rs`: thin `#[tauri::command]`
//! wrappers that move work off the UI thread and return `{code, message, fields}` errors.

mod arg;
mod backup;
mod clients;
mod clocks;
mod collections;
mod dialog;
mod fees;
mod firm;
mod letters;
mod lock;
mod mail;
mod records;
mod shell;

pub use backup::*;
pub use clients::*;
pub use clocks::*;
pub use collections::*;
pub use fees::*;
pub use firm::*;
pub use letters::*;
pub use lock::*;
pub use mail::*;
pub use records::*;
pub use shell::*;

use std::sync::Arc;
use std::time::Instant;

use crate::domain::{AppError, AppResult};
use crate::requests::security::{GetLockSettings, LockSettings};
use crate::requests::Request;
use crate::services::Core;

/// What every command reaches: the opened data folder, or why it could not be opened (the
/// window then shows that error instead of closing).
pub struct AppState {
    /// The open practice: replaced when the window recovers a folder's key
    /// (`recover_practice_key`) or restores a backup in place of a new practice
    /// (`restore_backup`). Shared with the daily backup and the idle trim, which read it
    /// each time rather than keep a practice open.
    core: Slot,
    /// The data folder the window was started on (`None` when it could not be resolved).
    data_dir: Option<std::path::PathBuf>,
    started: Instant,
    batch: Arc<BatchProgress>,
    /// The last batch's combined PDF (in the data folder's `out/`), for Print all / Save all.
    last_batch: Arc<std::sync::Mutex<Option<std::path::PathBuf>>>,
    /// The app lock: every data command passes it.
    lock: Arc<LockGate>,
}

/// How far a letter batch has come, and whether the user asked it to stop.
#[derive(Default)]
pub struct BatchProgress {
    done: std::sync::atomic::AtomicUsize,
    total: std::sync::atomic::AtomicUsize,
    cancel: std::sync::atomic::AtomicBool,
}

/// The open practice, or why there is none.
type Slot = Arc<std::sync::RwLock<Result<Arc<Core>, AppError>>>;

fn current(slot: &Slot) -> Result<Arc<Core>, AppError> {
    slot.read().unwrap_or_else(|p| p.into_inner()).clone()
}

/// Gives up the open practice (`restore_backup`): new commands are refused while it is
/// away, and it is closed (its connections with it) once the commands and the backup in
/// flight are done with it — `app.busy` if they are not within a minute.
fn close(slot: &Slot) -> AppResult<()> {
    let busy = |message: &str| AppError::new(crate::domain::ErrorCode::AppBusy, message);
    let taken = std::mem::replace(
        &mut *slot.write().unwrap_or_else(|p| p.into_inner()),
        Err(busy("A backup is being restored; try again in a moment")),
    );
    let Ok(mut core) = taken else {
        return Ok(());
    };
    for _ in 0..1200 {
        match Arc::try_unwrap(core) {
            Ok(c) => {
                drop(c);
                return Ok(());
            }
            Err(shared) => core = shared,
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    *slot.write().unwrap_or_else(|p| p.into_inner()) = Ok(core);
    Err(busy(
        "Lawdesk is still busy (a letter batch or a backup); try again when it is done",
    ))
}

impl AppState {
    pub fn new(
        core: AppResult<Core>,
        data_dir: Option<std::path::PathBuf>,
        started: Instant,
    ) -> AppState {
        let state = AppState {
            lock: Arc::new(LockGate::new(None)),
            core: Arc::new(std::sync::RwLock::new(Err(AppError::internal(
                "not opened yet",
            )))),
            data_dir,
            started,
            batch: Arc::default(),
            last_batch: Arc::default(),
        };
        match core {
            Ok(c) => state.install(c),
            Err(e) => *state.core.write().unwrap_or_else(|p| p.into_inner()) = Err(e),
        }
        state
    }

    /// The opened data folder, or why it could not be opened.
    pub(crate) fn core(&self) -> Result<Arc<Core>, AppError> {
        current(&self.core)
    }

    /// The slot of the open practice, for work that outlives a command's borrow.
    fn slot(&self) -> Slot {
        Arc::clone(&self.core)
    }

    /// Makes `core` the window's data folder: its app lock (a lock whose settings cannot
    /// be read keeps the window locked: fail closed) and its idle hook.
    fn install(&self, core: Core) {
        self.lock
            .start(GetLockSettings {}.handle(&core).unwrap_or(LockSettings {
                enabled: true,
                idle_minutes: crate::requests::security::DEFAULT_IDLE_MINUTES,
            }));
        let slot = Arc::clone(&self.core);
        crate::memory::on_idle(move || {
            if let Ok(core) = current(&slot) {
                core.idle();
            }
        });
        *self.core.write().unwrap_or_else(|p| p.into_inner()) = Ok(Arc::new(core));
    }
}

/// Runs `f` on the blocking pool so the window never waits on the database or keychain;
/// refused with `app.locked` while the app lock is on (the one gate for client data).
async fn blocking<T, F>(state: &AppState, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&Core) -> AppResult<T> + Send + 'static,
{
    state.lock.admit()?;
    let core = state.core()?;
    let out = tauri::async_runtime::spawn_blocking(move || f(&core))
        .await
        .map_err(|e| AppError::internal(format!("background task failed: {e}")))?;
    crate::memory::work_done();
    out
}

/// Hands a request to the blocking pool (through the app lock's gate, as `blocking`).
async fn ask<R: crate::requests::Request>(
    state: &AppState,
    request: R,
) -> Result<R::Output, AppError> {
    blocking(state, move |core| request.handle(core)).await
}

/// Builds a request on the blocking pool (behind the app lock, as `ask`) when building it
/// needs the core: a date checked against the one clock.
pub(super) async fn ask_with<R, F>(state: &AppState, build: F) -> Result<R::Output, AppError>
where
    R: crate::requests::Request,
    F: FnOnce(&Core) -> AppResult<R> + Send + 'static,
{
    blocking(state, move |core| build(core)?.handle(core)).await
}

/// An optional `YYYY-MM-DD` from a form: `None` (the request's "today") when absent or blank,
/// else the date within reach of today, or a coded error on `field`.
pub(super) fn optional_date(
    core: &Core,
    value: Option<String>,
    field: &str,
) -> Result<Option<chrono::NaiveDate>, AppError> {
    value
        .filter(|v| !v.trim().is_empty())
        .map(|v| {
            crate::domain::dates::parse_near(&v, core.today())
                .map_err(|c| AppError::field(field, c))
        })
        .transpose()
}

/// The bytes of a file the window read (base64, with or without its `data:…;base64,`
/// prefix); `code` on `field` when it is not base64.
fn decode_upload(data: &str, field: &str, code: &'static str) -> Result<Vec<u8>, AppError> {
    use base64::Engine;
    let payload = data.split_once("base64,").map(|(_, p)| p).unwrap_or(data);
    base64::engine::general_purpose::STANDARD
        .decode(payload.trim())
        .map_err(|_| AppError::field(field, code))
}
