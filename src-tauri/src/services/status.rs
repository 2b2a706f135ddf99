//! What the window shows about the data folder, and the UI settings.

use serde::Serialize;

use super::core::Core;
use crate::domain::lang::Lang;
use crate::domain::money::Currency;
use crate::domain::{AppError, AppResult};
use crate::store::settings;

#[derive(Debug, Serialize)]
pub struct Status {
    pub version: &'static str,
    pub data_dir: String,
    pub schema_version: i64,
    pub network_filesystem: bool,
    /// The UI language chosen in Settings; `None` follows the OS.
    pub ui_language: Option<Lang>,
    /// Currency codes the app knows, for the forms' choices.
    pub currencies: Vec<String>,
}

pub fn status(core: &Core) -> AppResult<Status> {
    let schema_version = core.db.schema_version()?;
    let ui_language = core
        .db
        .read(|c| settings::get(c, settings::UI_LANGUAGE))?
        .and_then(|l| Lang::parse(&l));
    Ok(Status {
        version: env!("CARGO_PKG_VERSION"),
        data_dir: core.data_dir().display().to_string(),
        schema_version,
        network_filesystem: core.on_network_filesystem(),
        ui_language,
        currencies: Currency::all().map(|c| c.code().to_string()).collect(),
    })
}

/// Sets the UI language; an empty value goes back to following the OS.
pub fn set_ui_language(core: &Core, lang: &str) -> AppResult<Option<Lang>> {
    let choice = if lang.trim().is_empty() {
        None
    } else {
        Some(Lang::parse(lang).ok_or_else(|| AppError::field("language", "language"))?)
    };
    core.db.write(|tx| {
        match choice {
            Some(l) => settings::set(tx, settings::UI_LANGUAGE, l.code())?,
            None => {
                settings::remove(tx, settings::UI_LANGUAGE)?;
            }
        }
        Ok(choice)
    })
}
