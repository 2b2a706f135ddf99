//! `lawdesk-cli secret set|delete|list`: keychain entries of this installation by name.

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::domain::secret::Secret;
use crate::domain::{AppError, AppResult};
use crate::secrets::check_name;
use crate::services::core::Core;
use crate::services::security::keychain_journal::KeychainJournal;
use crate::store::{audit, secret_names};

pub fn set(core: &Core, name: &str, value: &Secret, now: DateTime<Utc>) -> AppResult<()> {
    check_name(name)?;
    if value.is_empty() {
        return Err(AppError::field("value", "required"));
    }
    let mut journal = KeychainJournal::new(core);
    let result = core.db.write(|tx| {
        journal.set(name, value)?;
        secret_names::add(tx, name, now)?;
        audit::record(tx, now, "set", "secret", name, &json!({}))
    });
    journal.finish(result)
}

pub fn delete(core: &Core, name: &str, now: DateTime<Utc>) -> AppResult<()> {
    check_name(name)?;
    let mut journal = KeychainJournal::new(core);
    let result = core.db.write(|tx| {
        if !secret_names::remove(tx, name)? {
            return Err(AppError::not_found(&format!("The secret {name:?}")));
        }
        journal.delete(name)?;
        audit::record(tx, now, "delete", "secret", name, &json!({}))
    });
    journal.finish(result)
}

pub fn list(core: &Core) -> AppResult<Vec<String>> {
    core.db.read(secret_names::list)
}
