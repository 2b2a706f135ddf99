//! The only user of the `keyring` crate: Windows Credential Manager, macOS Keychain, the
//! Secret Service on Linux. There is no plain-text fallback: when the keychain is locked or
//! missing the caller gets `keychain.unavailable` and nothing is stored anywhere else.
//!
//! Entries are named `<install id>/<name>` under the service `Lawdesk`, so two data folders
//! (a test run, a portable install) never see each other's secrets.

mod memory;

pub use memory::MemoryStore;

use crate::domain::secret::Secret;
use crate::domain::{AppError, AppResult, ErrorCode};

pub const SERVICE: &str = "Lawdesk";

/// A store of secrets by account name.
pub trait SecretStore: Send + Sync {
    fn set(&self, account: &str, value: &Secret) -> AppResult<()>;
    fn get(&self, account: &str) -> AppResult<Option<Secret>>;
    /// Deleting an absent entry is not an error.
    fn delete(&self, account: &str) -> AppResult<()>;
}

/// The OS keychain.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

impl Default for Keychain {
    fn default() -> Self {
        Keychain {
            service: SERVICE.to_string(),
        }
    }
}

impl Keychain {
    pub fn with_service(service: &str) -> Keychain {
        Keychain {
            service: service.to_string(),
        }
    }

    fn entry(&self, account: &str) -> AppResult<keyring::Entry> {
        keyring::Entry::new(&self.service, account).map_err(unavailable)
    }
}

/// Maps a keyring failure to a coded error that never carries a secret (keyring's
/// `BadEncoding` holds the stored bytes, so no error text is passed on verbatim).
fn unavailable(e: keyring::Error) -> AppError {
    let kind = match &e {
        keyring::Error::NoStorageAccess(_) => "is locked or refused access",
        keyring::Error::PlatformFailure(_) => "is not available",
        keyring::Error::BadEncoding(_) => "holds an unreadable value",
        keyring::Error::TooLong(..) => "refused a value that is too long",
        keyring::Error::Invalid(..) => "refused the entry name",
        keyring::Error::Ambiguous(_) => "holds duplicate entries",
        _ => "failed",
    };
    if let keyring::Error::NoStorageAccess(inner) | keyring::Error::PlatformFailure(inner) = &e {
        tracing::warn!(error = %inner, "keychain failure");
    }
    AppError::new(
        ErrorCode::KeychainUnavailable,
        format!(
            "The system keychain {kind}. Unlock it (or sign in again) and retry; Lawdesk keeps \
             bank details only in the keychain, never anywhere else."
        ),
    )
}

impl SecretStore for Keychain {
    fn set(&self, account: &str, value: &Secret) -> AppResult<()> {
        self.entry(account)?
            .set_password(value.expose())
            .map_err(unavailable)
    }

    fn get(&self, account: &str) -> AppResult<Option<Secret>> {
        match self.entry(account)?.get_password() {
            Ok(v) => Ok(Some(Secret::new(v))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn delete(&self, account: &str) -> AppResult<()> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

/// A secret name as users and the CLI give it: `bank.1.account`, `smtp.password`.
pub fn check_name(name: &str) -> AppResult<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(AppError::field("name", "secret_name"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert!(check_name("bank.1.account").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name("Bank Account").is_err());
        assert!(check_name(&"a".repeat(65)).is_err());
    }
}
