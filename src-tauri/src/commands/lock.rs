//! The app lock in the window: the gate every data command passes (`blocking`), locked at
//! start when a password is set and again after the idle timeout; the commands that work
//! while locked say only whether it is locked and in which language to ask.

use super::arg::Arg;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tauri::State;

use super::{blocking, AppState};
use crate::domain::lang::Lang;
use crate::domain::secret::Secret;
use crate::domain::{AppError, AppResult, ErrorCode};
use crate::requests::security::{
    ChangeAppLock, CheckLockPassword, LockScreen, LockSettings, NewLockPassword,
};
use crate::requests::Request;
use crate::services::Core;

/// A wrong password costs this long (on top of Argon2's own cost), against guessing.
const WRONG_PASSWORD_DELAY: Duration = Duration::from_secs(1);

/// Whether the window may see data: locked until the password is entered, and again once
/// no input has come for the idle timeout (0 = no lock set).
#[derive(Debug)]
pub struct LockGate {
    locked: AtomicBool,
    idle_secs: AtomicU64,
    last_input: Mutex<Instant>,
}

impl LockGate {
    /// The gate of a window that starts with `settings` (locked when a password is set).
    pub fn new(settings: Option<LockSettings>) -> LockGate {
        let gate = LockGate {
            locked: AtomicBool::new(false),
            idle_secs: AtomicU64::new(0),
            last_input: Mutex::new(Instant::now()),
        };
        if let Some(s) = settings {
            gate.configure(s);
            gate.locked.store(s.enabled, Ordering::SeqCst);
        }
        gate
    }

    /// Starts the gate of a data folder opened after the window (locked when a password
    /// is set), as [`LockGate::new`] does for one opened before it.
    pub fn start(&self, s: LockSettings) {
        self.configure(s);
        self.locked.store(s.enabled, Ordering::SeqCst);
        *self.last_input.lock().unwrap_or_else(|p| p.into_inner()) = Instant::now();
    }

    fn configure(&self, s: LockSettings) {
        let secs = if s.enabled {
            u64::from(s.idle_minutes) * 60
        } else {
            0
        };
        self.idle_secs.store(secs, Ordering::SeqCst);
        if !s.enabled {
            self.locked.store(false, Ordering::SeqCst);
        }
    }

    /// Locked now (the idle timeout counts from the last input the window reported).
    pub fn is_locked(&self) -> bool {
        let idle = self.idle_secs.load(Ordering::SeqCst);
        if idle > 0 && self.since_input() >= Duration::from_secs(idle) {
            self.locked.store(true, Ordering::SeqCst);
        }
        self.locked.load(Ordering::SeqCst)
    }

    /// `app.locked` while locked: what every data command gets instead of data.
    pub fn admit(&self) -> AppResult<()> {
        if self.is_locked() {
            return Err(AppError::new(
                ErrorCode::AppLocked,
                "Lawdesk is locked; enter the password",
            ));
        }
        Ok(())
    }

    fn since_input(&self) -> Duration {
        self.last_input
            .lock()
            .map(|t| t.elapsed())
            .unwrap_or(Duration::MAX)
    }

    /// The user typed, clicked or scrolled: the idle timeout starts again (not when locked).
    pub fn input(&self) {
        if !self.is_locked() {
            if let Ok(mut t) = self.last_input.lock() {
                *t = Instant::now();
            }
        }
    }

    fn unlock(&self) {
        if let Ok(mut t) = self.last_input.lock() {
            *t = Instant::now();
        }
        self.locked.store(false, Ordering::SeqCst);
    }

    pub fn lock(&self) {
        self.locked.store(true, Ordering::SeqCst);
    }
}

/// What the window may know while locked.
#[derive(Debug, Serialize)]
pub struct LockStatus {
    pub locked: bool,
    pub enabled: bool,
    pub idle_minutes: u32,
    /// The language to ask for the password in.
    pub ui_language: Option<Lang>,
}

fn core(state: &AppState) -> AppResult<std::sync::Arc<Core>> {
    state.core()
}

#[tauri::command]
pub async fn lock_status(state: State<'_, AppState>) -> Result<LockStatus, AppError> {
    let core = core(&state)?;
    let gate = state.lock.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let (s, ui_language) = LockScreen {}.handle(&core)?;
        Ok(LockStatus {
            locked: gate.is_locked(),
            enabled: s.enabled,
            idle_minutes: s.idle_minutes,
            ui_language,
        })
    })
    .await
    .map_err(|e| AppError::internal(format!("background task failed: {e}")))?
}

/// Unlocks the window with the password; a wrong one is `app.wrong_password` after a delay.
#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, password: Arg<Secret>) -> Result<(), AppError> {
    let password = password.0;
    let core = core(&state)?;
    let gate = state.lock.clone();
    tauri::async_runtime::spawn_blocking(move || {
        match (CheckLockPassword { password }).handle(&core) {
            Ok(()) => {
                gate.unlock();
                Ok(())
            }
            Err(e) => {
                std::thread::sleep(WRONG_PASSWORD_DELAY);
                Err(e)
            }
        }
    })
    .await
    .map_err(|e| AppError::internal(format!("background task failed: {e}")))?
}

/// Locks the window now ("Lock now" in Settings).
#[tauri::command]
pub fn lock_now(state: State<'_, AppState>) {
    state.lock.lock();
}

/// The user is at the window (input seen): the idle timeout starts again.
#[tauri::command]
pub fn lock_touch(state: State<'_, AppState>) -> bool {
    state.lock.input();
    state.lock.is_locked()
}

#[derive(Debug, Deserialize)]
pub struct AppLockInput {
    #[serde(default)]
    pub current_password: Option<Secret>,
    /// The new password; absent or empty keeps the one set.
    #[serde(default)]
    pub new_password: Option<Secret>,
    /// Removes the lock (the current password is still required).
    #[serde(default)]
    pub remove: bool,
    pub idle_minutes: u32,
}

/// Sets, changes or removes the password (the current one is required when set).
#[tauri::command]
pub async fn set_app_lock(
    state: State<'_, AppState>,
    input: Arg<AppLockInput>,
) -> Result<LockSettings, AppError> {
    let input = input.0;
    let gate = state.lock.clone();
    let new = match input.new_password.filter(|p| !p.expose().is_empty()) {
        _ if input.remove => NewLockPassword::Remove,
        Some(p) => NewLockPassword::Set(p),
        None => NewLockPassword::Keep,
    };
    let change = ChangeAppLock {
        current: input.current_password,
        new,
        idle_minutes: input.idle_minutes,
    };
    blocking(&state, move |core| {
        let s = change.handle(core);
        if let Err(e) = &s {
            if e.fields.iter().any(|f| f.code == "password_wrong") {
                std::thread::sleep(WRONG_PASSWORD_DELAY);
            }
        }
        let s = s?;
        gate.configure(s);
        Ok(s)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_starts_locked_with_a_password_and_unlocks() {
        let open = LockGate::new(Some(LockSettings {
            enabled: false,
            idle_minutes: 15,
        }));
        assert!(open.admit().is_ok());
        let gate = LockGate::new(Some(LockSettings {
            enabled: true,
            idle_minutes: 15,
        }));
        assert_eq!(gate.admit().unwrap_err().code, ErrorCode::AppLocked);
        gate.input();
        assert!(gate.is_locked(), "input does not unlock");
        gate.unlock();
        assert!(gate.admit().is_ok());
        gate.lock();
        assert!(gate.is_locked());
    }

    #[test]
    fn no_input_for_the_idle_time_locks() {
        let gate = LockGate::new(Some(LockSettings {
            enabled: true,
            idle_minutes: 1,
        }));
        gate.unlock();
        *gate.last_input.lock().unwrap() = Instant::now()
            .checked_sub(Duration::from_secs(61))
            .expect("the machine has been up for a minute");
        assert!(gate.is_locked());
        assert_eq!(gate.admit().unwrap_err().code, ErrorCode::AppLocked);
    }
}
