//! The practice itself: the firm's profile, letter identities, bank accounts and fee
//! settings; the app's status and language, today, the whole check, the demo practice.

use chrono::NaiveDate;

use crate::domain::fee_settings::{FeeSettings, FeeSettingsInput};
use crate::domain::firm::{BankAccountInput, FirmProfileInput};
use crate::domain::ids::BankAccountId;
use crate::domain::lang::Lang;
use crate::domain::letter_details::{LetterIdentity, LetterIdentityInput};
use crate::services::firm;
pub use crate::services::firm::{FirmProfileView, StoredBankAccount};
use crate::services::{check, demo, status};

pub use crate::services::check::CheckReport;
pub use crate::services::demo::DemoCounts;
pub use crate::services::status::Status;

request! {
    /// The firm profile (letterhead and defaults), if one was saved.
    GetFirmProfile {} -> Option<FirmProfileView>,
    |r, core| firm::get_profile(core)
}

request! {
    /// Saves the firm profile.
    SaveFirmProfile { input: FirmProfileInput } -> FirmProfileView,
    |r, core| firm::save_profile(core, &r.input, core.now())
}

request! {
    /// The firm as it signs in each letter language.
    ListLetterIdentities {} -> Vec<LetterIdentity>,
    |r, core| firm::letter_identities(core)
}

request! {
    /// Saves the firm's identity for one letter language.
    SaveLetterIdentity { input: LetterIdentityInput } -> LetterIdentity,
    |r, core| firm::save_letter_identity(core, &r.input, core.now())
}

request! {
    /// The firm's bank accounts (numbers masked; the numbers live in the keychain).
    ListBankAccounts {} -> Vec<StoredBankAccount>,
    |r, core| firm::list_bank_accounts(core)
}

request! {
    /// Saves a bank account; its number goes to the keychain.
    SaveBankAccount { input: BankAccountInput } -> StoredBankAccount,
    |r, core| firm::save_bank_account(core, &r.input, core.now())
}

request! {
    /// Archives a bank account and removes its secrets from the keychain.
    ArchiveBankAccount { id: BankAccountId } -> (),
    |r, core| firm::archive_bank_account(core, r.id, core.now())
}

request! {
    /// The fee settings (rates, VAT, rounding).
    GetFeeSettings {} -> FeeSettings,
    |r, core| firm::get_fee_settings(core)
}

request! {
    /// Saves the fee settings.
    SaveFeeSettings { input: FeeSettingsInput } -> FeeSettings,
    |r, core| firm::save_fee_settings(core, &r.input, core.now())
}

request! {
    /// The app's status: data folder, schema, counts, languages, the forms' closed lists.
    AppStatus {} -> Status,
    |r, core| status::status(core)
}

request! {
    /// Sets the UI language (`None` when the text names no language the app speaks).
    SetUiLanguage { language: String } -> Option<Lang>,
    |r, core| status::set_ui_language(core, &r.language)
}

request! {
    /// The user's local date: the forms' default dates.
    Today {} -> NaiveDate,
    |r, core| Ok(core.today())
}

request! {
    /// Checks the whole data folder: integrity, chains, ledger, files both ways, stored
    /// values that do not parse.
    RunCheck {} -> CheckReport,
    |r, core| check::run(core)
}

request! {
    /// Fills an empty data folder with a deterministic synthetic practice.
    MakeDemo { clients: u64, seed: u64 } -> DemoCounts,
    |r, core| demo::run(core, r.clients, r.seed, core.today(), core.now())
}
