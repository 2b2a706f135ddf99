//! What the window shows about the data folder, and the UI settings.

use serde::Serialize;

use crate::domain::collections::hold::HoldReason;
use crate::domain::collections::ladder::Action;
use crate::domain::lang::Lang;
use crate::domain::money::Currency;
use crate::domain::plan::PlanItemKind;
use crate::domain::{commlog, dispatch, payment};
use crate::domain::{AppError, AppResult};
use crate::letters::templates::Kind;
use crate::services::core::Core;
use crate::store::settings;

#[derive(Debug, Serialize)]
pub struct Status {
    pub version: &'static str,
    pub data_dir: String,
    pub schema_version: i64,
    pub network_filesystem: bool,
    /// The UI language chosen in Settings; `None` follows the OS.
    pub ui_language: Option<Lang>,
    /// The closed lists the forms offer, from the domain's own tables.
    pub choices: Choices,
}

/// Every closed list a form offers, sent once at start-up: the window keeps no copy of a
/// domain list, so a code added here (a currency, a payment method) reaches every form.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Choices {
    pub currencies: Vec<&'static str>,
    pub payment_methods: Vec<&'static str>,
    pub letter_kinds: Vec<&'static str>,
    /// The dunning letters, in the order they are sent.
    pub letter_stages: Vec<&'static str>,
    pub plan_item_kinds: Vec<&'static str>,
    pub dispatch_vias: Vec<&'static str>,
    pub hold_reasons: Vec<&'static str>,
    pub ladder_actions: Vec<&'static str>,
    pub log_kinds: Vec<&'static str>,
    pub log_directions: Vec<&'static str>,
}

pub fn choices() -> Choices {
    Choices {
        currencies: Currency::codes().collect(),
        payment_methods: payment::METHODS.to_vec(),
        letter_kinds: Kind::ALL.iter().map(|k| k.code()).collect(),
        letter_stages: Kind::ALL
            .iter()
            .filter(|k| k.is_dunning())
            .map(|k| k.code())
            .collect(),
        plan_item_kinds: PlanItemKind::ALL.iter().map(|k| k.code()).collect(),
        dispatch_vias: dispatch::VIAS.to_vec(),
        hold_reasons: HoldReason::ALL.iter().map(|r| r.code()).collect(),
        ladder_actions: Action::ALL.iter().map(|a| a.code()).collect(),
        log_kinds: commlog::KINDS.to_vec(),
        log_directions: commlog::DIRECTIONS.to_vec(),
    }
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
        choices: choices(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choices_are_the_domain_lists() {
        let c = choices();
        assert!(c.currencies.contains(&"CNY") && c.currencies.contains(&"KWD"));
        assert!(c
            .currencies
            .iter()
            .all(|code| Currency::parse(code).is_ok()));
        assert_eq!(c.letter_stages, ["reminder", "second_reminder", "demand"]);
        assert_eq!(c.letter_kinds.len(), Kind::ALL.len());
        assert_eq!(c.payment_methods[0], "bank_transfer");
        assert_eq!(c.plan_item_kinds, ["prepayment", "installment", "balance"]);
        assert!(c.hold_reasons.contains(&"arrangement"));
        assert_eq!(c.ladder_actions.len(), Action::ALL.len());
        assert!(c.log_kinds.contains(&"meeting") && c.log_directions.contains(&"internal"));
        assert!(c.dispatch_vias.contains(&"registered_post"));
    }
}
