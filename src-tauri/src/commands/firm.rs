//! Settings: firm profile and bank accounts.

use super::arg::Arg;
use tauri::State;

use super::{blocking, AppState};
use crate::domain::firm::{BankAccountInput, FirmProfileInput};
use crate::domain::ids::BankAccountId;
use crate::domain::AppError;
use crate::services::firm::StoredBankAccount;
use crate::services::firm::{self, FirmProfileView};

#[tauri::command]
pub async fn get_firm_profile(
    state: State<'_, AppState>,
) -> Result<Option<FirmProfileView>, AppError> {
    blocking(&state, firm::get_profile).await
}

#[tauri::command]
pub async fn save_firm_profile(
    state: State<'_, AppState>,
    input: Arg<FirmProfileInput>,
) -> Result<FirmProfileView, AppError> {
    let input = input.0;
    blocking(&state, move |core| {
        firm::save_profile(core, &input, core.now())
    })
    .await
}

#[tauri::command]
pub async fn list_bank_accounts(
    state: State<'_, AppState>,
) -> Result<Vec<StoredBankAccount>, AppError> {
    blocking(&state, firm::list_bank_accounts).await
}

#[tauri::command]
pub async fn save_bank_account(
    state: State<'_, AppState>,
    input: Arg<BankAccountInput>,
) -> Result<StoredBankAccount, AppError> {
    let input = input.0;
    blocking(&state, move |core| {
        firm::save_bank_account(core, &input, core.now())
    })
    .await
}

#[tauri::command]
pub async fn archive_bank_account(
    state: State<'_, AppState>,
    id: Arg<BankAccountId>,
) -> Result<(), AppError> {
    let id = id.0;
    blocking(&state, move |core| {
        firm::archive_bank_account(core, id, core.now())
    })
    .await
}

#[tauri::command]
pub async fn list_letter_identities(
    state: State<'_, AppState>,
) -> Result<Vec<crate::domain::letter_details::LetterIdentity>, AppError> {
    blocking(&state, firm::letter_identities).await
}

#[tauri::command]
pub async fn save_letter_identity(
    state: State<'_, AppState>,
    input: Arg<crate::domain::letter_details::LetterIdentityInput>,
) -> Result<crate::domain::letter_details::LetterIdentity, AppError> {
    let input = input.0;
    blocking(&state, move |core| {
        firm::save_letter_identity(core, &input, core.now())
    })
    .await
}
