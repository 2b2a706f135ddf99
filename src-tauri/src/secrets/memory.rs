//! An in-memory secret store for tests where the keychain is not the subject, and a store
//! that fails like a locked keychain.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use super::SecretStore;
use crate::domain::secret::Secret;
use crate::domain::{AppError, AppResult, ErrorCode};

#[derive(Default)]
pub struct MemoryStore {
    values: Mutex<HashMap<String, Secret>>,
    locked: AtomicBool,
}

impl MemoryStore {
    /// A store that refuses every call, as a locked keychain does.
    pub fn locked() -> MemoryStore {
        MemoryStore {
            values: Mutex::default(),
            locked: AtomicBool::new(true),
        }
    }

    /// Locks (or unlocks) the store, as a keychain locked while the app runs.
    pub fn set_locked(&self, locked: bool) {
        self.locked.store(locked, Ordering::SeqCst);
    }

    fn check(&self) -> AppResult<()> {
        if self.locked.load(Ordering::SeqCst) {
            return Err(AppError::new(
                ErrorCode::KeychainUnavailable,
                "The system keychain is locked or refused access. Unlock it and retry.",
            ));
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.values.lock().map(|v| v.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl SecretStore for MemoryStore {
    fn set(&self, account: &str, value: &Secret) -> AppResult<()> {
        self.check()?;
        let mut v = self
            .values
            .lock()
            .map_err(|_| AppError::internal("poisoned"))?;
        v.insert(account.to_string(), value.clone());
        Ok(())
    }

    fn get(&self, account: &str) -> AppResult<Option<Secret>> {
        self.check()?;
        let v = self
            .values
            .lock()
            .map_err(|_| AppError::internal("poisoned"))?;
        Ok(v.get(account).cloned())
    }

    fn delete(&self, account: &str) -> AppResult<()> {
        self.check()?;
        let mut v = self
            .values
            .lock()
            .map_err(|_| AppError::internal("poisoned"))?;
        v.remove(account);
        Ok(())
    }
}
