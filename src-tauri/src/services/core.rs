//! `Core`: the opened data folder — database, keychain, paths. Both front ends (the window
//! and `lawdesk-cli`) open one and call the use cases in this module's siblings.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use super::clock::{self, Clock};
use crate::domain::secret::Secret;
use crate::domain::AppResult;
use crate::secrets::SecretStore;
use crate::store::location::{self, DATABASE_FILE};
use crate::store::{settings, Database};

/// The data folder's location, for the front ends (they never name `store::`).
pub use crate::store::location::{ensure_data_dir, private_files_by_default, resolve_data_dir};

pub struct Core {
    /// Private to the use cases: the front ends call `services::*`, never the store.
    pub(super) db: Database,
    secrets: Arc<dyn SecretStore>,
    data_dir: PathBuf,
    install_id: String,
    network_fs: bool,
    clock: Arc<dyn Clock>,
}

impl Core {
    /// Opens (creating and migrating as needed) the data folder `data_dir`, on the system
    /// clock or the one `LAWDESK_NOW` fixes (read here, once).
    pub fn open(data_dir: &Path, secrets: Arc<dyn SecretStore>) -> AppResult<Core> {
        Core::open_with_clock(data_dir, secrets, clock::from_env()?)
    }

    /// As `open`, on `clock`.
    pub fn open_with_clock(
        data_dir: &Path,
        secrets: Arc<dyn SecretStore>,
        clock: Arc<dyn Clock>,
    ) -> AppResult<Core> {
        location::ensure_data_dir(data_dir)?;
        let network_fs = location::is_network_filesystem(data_dir);
        if network_fs {
            tracing::warn!(dir = %data_dir.display(), "data folder is on a network filesystem");
        }
        super::backup::remove_leftovers(data_dir);
        let db = Database::open(&data_dir.join(DATABASE_FILE))?;
        let install_id = db.write(|tx| match settings::get(tx, settings::INSTALL_ID)? {
            Some(id) => Ok(id),
            None => {
                let id = uuid::Uuid::new_v4().to_string();
                settings::set(tx, settings::INSTALL_ID, &id)?;
                Ok(id)
            }
        })?;
        Ok(Core {
            db,
            secrets,
            data_dir: data_dir.to_path_buf(),
            install_id,
            network_fs,
            clock,
        })
    }

    /// The current instant, from this core's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The user's local calendar date, from this core's clock.
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// The database, for tests, benchmarks and support tools that must read or damage it
    /// directly. The front ends (`lib.rs`, `commands/`, `cli/`) never call this
    /// (`tests/architecture.rs`); they call the use cases.
    #[doc(hidden)]
    pub fn database(&self) -> &Database {
        &self.db
    }

    /// Names the front end (`window`, `lawdesk-cli`) the audit trail records changes by.
    pub fn set_front_end(&self, front_end: &str) -> AppResult<()> {
        self.db
            .set_actor(&crate::store::audit::front_end_actor(front_end))
    }

    /// The database's schema version.
    pub fn schema_version(&self) -> AppResult<i64> {
        self.db.schema_version()
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// True when the data folder is on a network share (the UI and CLI warn about it).
    pub fn on_network_filesystem(&self) -> bool {
        self.network_fs
    }

    fn account(&self, name: &str) -> String {
        keychain_account(&self.install_id, name)
    }

    /// This installation's id (names its keychain entries; written in backup headers).
    pub fn install_id(&self) -> &str {
        &self.install_id
    }

    /// Keychain access scoped to this installation.
    pub(crate) fn secret_set(&self, name: &str, value: &Secret) -> AppResult<()> {
        self.secrets.set(&self.account(name), value)
    }

    pub(crate) fn secret_get(&self, name: &str) -> AppResult<Option<Secret>> {
        self.secrets.get(&self.account(name))
    }

    pub(crate) fn secret_delete(&self, name: &str) -> AppResult<()> {
        self.secrets.delete(&self.account(name))
    }
}

/// The keychain account of secret `name` for installation `install_id`.
pub(crate) fn keychain_account(install_id: &str, name: &str) -> String {
    format!("{install_id}/{name}")
}
