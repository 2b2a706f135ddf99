//! The window's optional app lock (issue 10 part 2): a password asked when the window
//! starts and after an idle timeout. Only its Argon2id hash (a PHC string with its own
//! random salt) is kept, in the settings; the password itself is never stored, logged or
//! returned. Setting, changing or removing it needs the current password. `lawdesk-cli` is
//! not locked: it runs as the OS user, who owns the data folder anyway.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use crate::domain::error::Validator;
use crate::domain::secret::Secret;
use crate::domain::{AppError, AppResult, ErrorCode};
use crate::services::core::Core;
use crate::store::{audit, settings};

const HASH_KEY: &str = "app_lock.hash";
const IDLE_KEY: &str = "app_lock.idle_minutes";
/// Minutes without input before the window locks itself, unless the user chose otherwise.
pub const DEFAULT_IDLE_MINUTES: u32 = 15;
const MIN_LEN: usize = 8;
const MAX_LEN: usize = 1024;

/// Whether the window asks for a password, and after how many idle minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LockSettings {
    pub enabled: bool,
    pub idle_minutes: u32,
}

pub fn settings(core: &Core) -> AppResult<LockSettings> {
    core.db.read(|c| {
        let enabled = settings::get(c, HASH_KEY)?.is_some();
        let idle_minutes = settings::get(c, IDLE_KEY)?
            .and_then(|v| v.parse().ok())
            .filter(|m| (1..=240).contains(m))
            .unwrap_or(DEFAULT_IDLE_MINUTES);
        Ok(LockSettings {
            enabled,
            idle_minutes,
        })
    })
}

/// What happens to the password.
pub enum NewPassword<'a> {
    /// Only the idle minutes change.
    Keep,
    Set(&'a Secret),
    /// No lock any more.
    Remove,
}

/// What a change asks for: the current password (when a lock is set), what happens to the
/// password, and the idle minutes (1–240).
pub struct LockChange<'a> {
    pub current: Option<&'a Secret>,
    pub new: NewPassword<'a>,
    pub idle_minutes: u32,
}

/// Sets, changes or removes the password. With a lock set, `current` must be its password
/// (`password_wrong` otherwise) and nothing changes on any error.
pub fn change(core: &Core, c: &LockChange<'_>, now: DateTime<Utc>) -> AppResult<LockSettings> {
    let mut v = Validator::default();
    if let NewPassword::Set(new) = c.new {
        let n = new.expose().chars().count();
        if !(MIN_LEN..=MAX_LEN).contains(&n) {
            v.push("new_password", "password_short");
        }
    }
    if !(1..=240).contains(&c.idle_minutes) {
        v.push("idle_minutes", "idle_minutes");
    }
    v.finish()?;
    let stored = core.db.read(|conn| settings::get(conn, HASH_KEY))?;
    if let Some(hash) = &stored {
        let ok = c.current.is_some_and(|p| matches(hash, p));
        if !ok {
            return Err(AppError::field("current_password", "password_wrong"));
        }
    }
    if stored.is_none() && matches!(c.new, NewPassword::Keep) {
        return Err(AppError::field("new_password", "password_short"));
    }
    let new_hash = match c.new {
        NewPassword::Set(p) => Some(hash(p)?),
        _ => None,
    };
    core.db.write(|tx| {
        let idle_before = settings::get(tx, IDLE_KEY)?;
        let action = match (&c.new, &new_hash) {
            (NewPassword::Remove, _) => {
                settings::remove(tx, HASH_KEY)?;
                "remove"
            }
            (_, Some(h)) => {
                settings::set(tx, HASH_KEY, h)?;
                if stored.is_some() {
                    "update"
                } else {
                    "set"
                }
            }
            _ => "update",
        };
        settings::set(tx, IDLE_KEY, &c.idle_minutes.to_string())?;
        // The password only as changed or not: neither it nor its hash is recorded.
        let password_changed = !matches!(c.new, NewPassword::Keep);
        audit::record_diff(
            tx,
            now,
            (action, "app_lock", "1"),
            json!({ "idle_minutes": c.idle_minutes }),
            None,
            (
                Some(&json!({ "idle_minutes": idle_before, "password": false })),
                &json!({ "idle_minutes": c.idle_minutes.to_string(), "password": password_changed }),
            ),
            &["password"],
        )
    })?;
    settings(core)
}

/// Checks the password that unlocks the window: `app.wrong_password` when it is not the
/// one set (the message never repeats what was typed). With no lock set, anything opens.
pub fn check(core: &Core, password: &Secret) -> AppResult<()> {
    match core.db.read(|c| settings::get(c, HASH_KEY))? {
        Some(hash) if !matches(&hash, password) => Err(AppError::new(
            ErrorCode::WrongPassword,
            "The password is not the one set for this practice",
        )),
        _ => Ok(()),
    }
}

fn hash(password: &Secret) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(format!("the password could not be hashed: {e}")))
}

/// True when `password` matches the stored PHC string (Argon2id; a damaged hash matches
/// nothing).
fn matches(stored: &str, password: &Secret) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.expose().as_bytes(), &h)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_argon2id_salted_and_never_the_password() {
        let p = Secret::new("correct horse 马 батарея");
        let a = hash(&p).unwrap();
        let b = hash(&p).unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(!a.contains("horse"));
        assert!(matches(&a, &p));
        assert!(!matches(&a, &Secret::new("correct horse")));
        assert!(!matches("not a hash", &p));
    }
}
