//! Settings: firm profile, letter identities and bank accounts.

use super::arg::Arg;
use tauri::State;

use super::{ask, AppState};
use crate::domain::firm::{BankAccountInput, FirmProfileInput};
use crate::domain::ids::BankAccountId;
use crate::domain::letter_details::{LetterIdentity, LetterIdentityInput};
use crate::domain::AppError;
use crate::requests::practice::*;

#[tauri::command]
pub async fn get_firm_profile(
    state: State<'_, AppState>,
) -> Result<Option<FirmProfileView>, AppError> {
    ask(&state, GetFirmProfile {}).await
}

#[tauri::command]
pub async fn save_firm_profile(
    state: State<'_, AppState>,
    input: Arg<FirmProfileInput>,
) -> Result<FirmProfileView, AppError> {
    ask(&state, SaveFirmProfile { input: input.0 }).await
}

#[tauri::command]
pub async fn list_bank_accounts(
    state: State<'_, AppState>,
) -> Result<Vec<StoredBankAccount>, AppError> {
    ask(&state, ListBankAccounts {}).await
}

#[tauri::command]
pub async fn save_bank_account(
    state: State<'_, AppState>,
    input: Arg<BankAccountInput>,
) -> Result<StoredBankAccount, AppError> {
    ask(&state, SaveBankAccount { input: input.0 }).await
}

#[tauri::command]
pub async fn archive_bank_account(
    state: State<'_, AppState>,
    id: Arg<BankAccountId>,
) -> Result<(), AppError> {
    ask(&state, ArchiveBankAccount { id: id.0 }).await
}

#[tauri::command]
pub async fn list_letter_identities(
    state: State<'_, AppState>,
) -> Result<Vec<LetterIdentity>, AppError> {
    ask(&state, ListLetterIdentities {}).await
}

#[tauri::command]
pub async fn save_letter_identity(
    state: State<'_, AppState>,
    input: Arg<LetterIdentityInput>,
) -> Result<LetterIdentity, AppError> {
    ask(&state, SaveLetterIdentity { input: input.0 }).await
}
