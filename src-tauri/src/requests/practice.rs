//! The practice itself: the firm's profile, letter identities, bank accounts and fee
//! settings.

use crate::domain::fee_settings::{FeeSettings, FeeSettingsInput};
use crate::domain::firm::{BankAccountInput, FirmProfileInput};
use crate::domain::ids::BankAccountId;
use crate::domain::letter_details::{LetterIdentity, LetterIdentityInput};
use crate::services::firm::{self, FirmProfileView, StoredBankAccount};

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
