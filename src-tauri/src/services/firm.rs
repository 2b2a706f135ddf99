//! Use cases of the firm profile and the firm's bank accounts.

use base64::Engine;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use crate::domain::commlog::sha256_hex;
use crate::domain::firm::{BankAccountInput, FirmProfile, FirmProfileInput, SecretChange};
use crate::domain::ids::BankAccountId;
use crate::domain::secret::Secret;
use crate::domain::{AppError, AppResult, ErrorCode};
use crate::services::core::Core;
use crate::services::security::keychain_journal::KeychainJournal;
pub use crate::store::firm::StoredBankAccount;
use crate::store::{audit, firm as firm_store, secret_names};

/// The profile as the Settings screen shows it.
#[derive(Debug, Clone, Serialize)]
pub struct FirmProfileView {
    #[serde(flatten)]
    pub profile: FirmProfile,
    /// `data:image/png;base64,…` for the preview.
    pub logo_data_url: Option<String>,
    pub updated_at: String,
}

pub fn get_profile(core: &Core) -> AppResult<Option<FirmProfileView>> {
    let stored = core.db.read(firm_store::get_profile)?;
    Ok(stored.map(|s| FirmProfileView {
        profile: s.profile,
        logo_data_url: s.logo.map(|(mime, bytes)| {
            format!(
                "data:{mime};base64,{}",
                base64::engine::general_purpose::STANDARD.encode(bytes)
            )
        }),
        updated_at: s.updated_at,
    }))
}

pub fn save_profile(
    core: &Core,
    input: &FirmProfileInput,
    now: DateTime<Utc>,
) -> AppResult<FirmProfileView> {
    let (profile, logo) = input.validate()?;
    core.db.write(|tx| {
        let before = firm_store::get_profile(tx)?.map(|s| audited_profile(&s));
        firm_store::save_profile(tx, &profile, &logo, now)?;
        let after = firm_store::get_profile(tx)?.map(|s| audited_profile(&s));
        audit::record_diff(
            tx,
            now,
            ("update", "firm_profile", "1"),
            json!({ "name": profile.name }),
            None,
            (before.as_ref(), &after),
            &["logo"],
        )
    })?;
    get_profile(core)?.ok_or_else(|| AppError::internal("the saved profile is missing"))
}

/// The profile as the audit trail keeps it: its fields, and the logo only as a digest
/// (recorded as "changed", never as bytes).
fn audited_profile(s: &firm_store::StoredProfile) -> serde_json::Value {
    let mut v = json!(s.profile);
    v["logo"] = json!(s.logo.as_ref().map(|(_, bytes)| sha256_hex(bytes)));
    v
}

fn secret_name(id: BankAccountId, part: &str) -> String {
    format!("bank.{id}.{part}")
}

/// A bank account's fields the audit trail records only as "changed": the masked number
/// is already all the database holds, but its last digits are still the client-facing
/// account's.
const BANK_ACCOUNT_PRIVATE: &[&str] = &["account_mask"];

/// Creates or updates a bank account; its secrets go to the keychain, never the database.
pub fn save_bank_account(
    core: &Core,
    input: &BankAccountInput,
    now: DateTime<Utc>,
) -> AppResult<firm_store::StoredBankAccount> {
    let change = input.validate()?;
    let mut journal = KeychainJournal::new(core);
    let result = core.db.write(|tx| {
        let before = match input.id {
            Some(id) => Some(firm_store::get_account(tx, id)?),
            None => None,
        };
        let (id, had_login, had_token) = match &before {
            Some(old) => {
                firm_store::update_account(tx, old.id, &change.account, now)?;
                (old.id, old.has_online_login, old.has_online_token)
            }
            None => (
                firm_store::insert_account(tx, &change.account, now)?,
                false,
                false,
            ),
        };
        let mut apply = |part: &str, c: &SecretChange, had: bool| -> AppResult<bool> {
            let name = secret_name(id, part);
            match c {
                SecretChange::Keep => Ok(had),
                SecretChange::Remove => {
                    journal.delete(&name)?;
                    secret_names::remove(tx, &name)?;
                    Ok(false)
                }
                SecretChange::Set(value) => {
                    journal.set(&name, value)?;
                    secret_names::add(tx, &name, now)?;
                    Ok(true)
                }
            }
        };
        apply("account", &change.account_number, true)?;
        let has_login = apply("login", &change.online_login, had_login)?;
        let has_token = apply("token", &change.online_token, had_token)?;
        let mask = match &change.account_number {
            SecretChange::Set(s) => Some(s.masked()),
            _ => None,
        };
        firm_store::set_account_secret_state(tx, id, mask.as_deref(), has_login, has_token)?;
        let action = if input.id.is_some() {
            "update"
        } else {
            "create"
        };
        let after = firm_store::get_account(tx, id)?;
        audit::record_diff(
            tx,
            now,
            (action, "bank_account", &id.to_string()),
            json!({ "label": change.account.label }),
            None,
            (before.as_ref(), &after),
            BANK_ACCOUNT_PRIVATE,
        )?;
        Ok(after)
    });
    journal.finish(result)
}

/// The firm's fee defaults (VAT, invoice prefix, payment terms).
pub fn get_fee_settings(core: &Core) -> AppResult<crate::domain::fee_settings::FeeSettings> {
    core.db.read(firm_store::get_fee_settings)
}

pub fn save_fee_settings(
    core: &Core,
    input: &crate::domain::fee_settings::FeeSettingsInput,
    now: DateTime<Utc>,
) -> AppResult<crate::domain::fee_settings::FeeSettings> {
    let s = input.validate()?;
    core.db.write(|tx| {
        let before = firm_store::get_fee_settings(tx)?;
        firm_store::set_fee_settings(tx, &s, now)?;
        audit::record_diff(
            tx,
            now,
            ("update", "fee_settings", "1"),
            json!({}),
            None,
            (Some(&before), &s),
            &[],
        )?;
        Ok(s.clone())
    })
}

pub fn list_bank_accounts(core: &Core) -> AppResult<Vec<firm_store::StoredBankAccount>> {
    core.db.read(firm_store::list_accounts)
}

/// Archives an account and removes its secrets from the keychain.
pub fn archive_bank_account(core: &Core, id: BankAccountId, now: DateTime<Utc>) -> AppResult<()> {
    let mut journal = KeychainJournal::new(core);
    let result = core.db.write(|tx| {
        let before = firm_store::get_account(tx, id)?;
        firm_store::archive_account(tx, id, now)?;
        for part in ["account", "login", "token"] {
            let name = secret_name(id, part);
            journal.delete(&name)?;
            secret_names::remove(tx, &name)?;
        }
        let mut before = json!(before);
        before["archived"] = json!(false);
        let mut after = json!(firm_store::get_account_ever(tx, id)?);
        after["archived"] = json!(true);
        audit::record_diff(
            tx,
            now,
            ("archive", "bank_account", &id.to_string()),
            json!({}),
            None,
            (Some(&before), &after),
            BANK_ACCOUNT_PRIVATE,
        )
    });
    journal.finish(result)
}

/// The full account number, for a payment QR or a letter. Never logged, never stored.
pub fn account_number(core: &Core, id: BankAccountId) -> AppResult<Secret> {
    core.db.read(|c| firm_store::get_account(c, id))?;
    core.secret_get(&secret_name(id, "account"))?.ok_or_else(|| {
        AppError::new(
            ErrorCode::KeychainMissing,
            "The account number of this bank account is missing from the system keychain; enter it again in Settings",
        )
    })
}

/// The firm as it appears in each letter language (issue 11): name, address, signatory and
/// title, registration ids, number prefix. Languages without a saved row are absent.
pub fn letter_identities(
    core: &Core,
) -> AppResult<Vec<crate::domain::letter_details::LetterIdentity>> {
    core.db.read(crate::store::letter_details::identities)
}

pub fn save_letter_identity(
    core: &Core,
    input: &crate::domain::letter_details::LetterIdentityInput,
    now: DateTime<Utc>,
) -> AppResult<crate::domain::letter_details::LetterIdentity> {
    let identity = input.validate()?;
    core.db.write(|tx| {
        let before = crate::store::letter_details::identities(tx)?
            .into_iter()
            .find(|i| i.lang == identity.lang);
        crate::store::letter_details::save_identity(tx, &identity, now)?;
        audit::record_diff(
            tx,
            now,
            ("update", "firm_letter_identity", &identity.lang),
            json!({ "name": identity.name }),
            None,
            (before.as_ref(), &identity),
            &[],
        )
    })?;
    Ok(identity)
}
