//! Keychain writes that can be undone: a use case that writes both the keychain and the
//! database records each keychain change here, and when its transaction fails the
//! keychain is put back as it was. Together with the database transaction this keeps
//! "fully happens or not at all" across both stores.

use crate::domain::secret::Secret;
use crate::domain::AppResult;
use crate::services::core::Core;

pub struct KeychainJournal<'a> {
    core: &'a Core,
    undo: Vec<(String, Option<Secret>)>,
}

impl<'a> KeychainJournal<'a> {
    pub fn new(core: &'a Core) -> Self {
        KeychainJournal {
            core,
            undo: Vec::new(),
        }
    }

    pub fn set(&mut self, name: &str, value: &Secret) -> AppResult<()> {
        let previous = self.core.secret_get(name)?;
        self.core.secret_set(name, value)?;
        self.undo.push((name.to_string(), previous));
        Ok(())
    }

    pub fn delete(&mut self, name: &str) -> AppResult<()> {
        let previous = self.core.secret_get(name)?;
        if previous.is_some() {
            self.core.secret_delete(name)?;
            self.undo.push((name.to_string(), previous));
        }
        Ok(())
    }

    /// Finishes a use case: on error, undoes every keychain change (best effort, newest first).
    pub fn finish<T>(self, result: AppResult<T>) -> AppResult<T> {
        if result.is_err() {
            for (name, previous) in self.undo.into_iter().rev() {
                let restored = match previous {
                    Some(v) => self.core.secret_set(&name, &v),
                    None => self.core.secret_delete(&name),
                };
                if restored.is_err() {
                    tracing::error!(name = %name, "could not undo a keychain change");
                }
            }
        }
        result
    }
}
