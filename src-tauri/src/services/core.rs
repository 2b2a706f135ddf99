//! `Core`: the opened data folder — database, keychain, paths. Both front ends (the window
//! and `lawdesk-cli`) open one and call the use cases in this module's siblings.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::at_rest::keys::Key;
use crate::domain::secret::Secret;
use crate::domain::AppResult;
use crate::secrets::SecretStore;
use crate::services::clock::{self, Clock};
use crate::services::security::at_rest;
use crate::store::location::{self, DATABASE_FILE};
use crate::store::{settings, Database};

/// The data folder's location, for the front ends (they never name `store::`).
pub use crate::store::location::{ensure_data_dir, private_files_by_default, resolve_data_dir};

pub struct Core {
    /// Private to the use cases: the front ends call `services::*`, never the store.
    pub(super) db: Database,
    /// Seals the files in `attachments/` (`None` only for the benchmarks' plain "before").
    files_key: Option<Key>,
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

    /// Opens a data folder whose key is not in this computer's keychain (a copied folder,
    /// a lost keychain entry) with the practice's recovery key, which goes back into the
    /// keychain once it opens the folder's database (`security::at_rest::recover`; a wrong
    /// key changes nothing).
    pub fn open_with_recovery_key(
        data_dir: &Path,
        secrets: Arc<dyn SecretStore>,
        recovery_key: &str,
    ) -> AppResult<Core> {
        crate::services::security::at_rest::recover(data_dir, secrets, recovery_key)
    }

    /// As `open`, on `clock`.
    pub fn open_with_clock(
        data_dir: &Path,
        secrets: Arc<dyn SecretStore>,
        clock: Arc<dyn Clock>,
    ) -> AppResult<Core> {
        location::ensure_data_dir(data_dir)?;
        crate::services::security::backup::remove_leftovers(data_dir);
        crate::services::security::restore::sweep_set_aside(data_dir, secrets.as_ref());
        let keys = at_rest::folder_keys(data_dir, secrets.as_ref())?;
        let path = data_dir.join(DATABASE_FILE);
        let db = Database::open(&path, at_rest::database_key(&keys.practice))?;
        let core = Core::assemble(data_dir, db, secrets, keys.install_id.clone(), clock)?;
        let core = Core {
            files_key: Some(at_rest::files_key(&keys.practice)),
            ..core
        };
        if keys.created {
            crate::services::security::practice_key::record_made(
                &core,
                &keys.practice,
                core.now(),
            )?;
        }
        at_rest::seal_plain_files(&core, core.now())?;
        crate::services::letters::output::sweep_copies(&core);
        crate::services::check::sweep_uncommitted(&core)?;
        crate::services::files::sweep_pending_copies(
            data_dir,
            crate::services::check::UNCOMMITTED_GRACE,
        );
        Ok(core)
    }

    /// A data folder with a plain database and plain files, for the benchmarks' "before"
    /// column only (what encryption at rest costs); the app and the CLI never open one. It
    /// does what `open` does that is not encryption (the sweeps of a killed backup's and
    /// the printer's leftovers), so that the difference is encryption's alone.
    #[doc(hidden)]
    pub fn open_unencrypted_for_benchmarks(
        data_dir: &Path,
        secrets: Arc<dyn SecretStore>,
    ) -> AppResult<Core> {
        location::ensure_data_dir(data_dir)?;
        crate::services::security::backup::remove_leftovers(data_dir);
        let path = data_dir.join(DATABASE_FILE);
        let db = Database::open_unencrypted_for_benchmarks(&path)?;
        // The id the folder already has, as `Core::open` reads it from `install-id`: the
        // "before" column pays no settings write the app does not pay.
        let id = db
            .read(|c| settings::get(c, settings::INSTALL_ID))?
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let core = Core::assemble(data_dir, db, secrets, id, clock::from_env()?)?;
        crate::services::letters::output::sweep_copies(&core);
        crate::services::check::sweep_uncommitted(&core)?;
        crate::services::files::sweep_pending_copies(
            data_dir,
            crate::services::check::UNCOMMITTED_GRACE,
        );
        Ok(core)
    }

    /// The opened parts, with the installation id written into the database's settings.
    fn assemble(
        data_dir: &Path,
        db: Database,
        secrets: Arc<dyn SecretStore>,
        install_id: String,
        clock: Arc<dyn Clock>,
    ) -> AppResult<Core> {
        let network_fs = location::is_network_filesystem(data_dir);
        if network_fs {
            tracing::warn!(dir = %data_dir.display(), "data folder is on a network filesystem");
        }
        db.write(|tx| {
            if settings::get(tx, settings::INSTALL_ID)?.as_deref() != Some(install_id.as_str()) {
                settings::set(tx, settings::INSTALL_ID, &install_id)?;
            }
            Ok(())
        })?;
        Ok(Core {
            db,
            files_key: None,
            secrets,
            data_dir: data_dir.to_path_buf(),
            install_id,
            network_fs,
            clock,
        })
    }

    /// The key that seals the files in `attachments/`.
    pub(crate) fn files_key(&self) -> Option<&Key> {
        self.files_key.as_ref()
    }

    /// The current instant, from this core's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The user's local calendar date, from this core's clock.
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// Gives the database's page cache back while the window is idle (`memory::on_idle`).
    pub fn release_cache(&self) {
        self.db.release_cache();
    }

    /// What the window does when idle (`memory::on_idle`): the page cache given back, and
    /// the plain-text copies handed to a viewer or printer over an hour ago removed.
    pub fn idle(&self) {
        self.release_cache();
        crate::services::letters::output::sweep_copies(self);
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
