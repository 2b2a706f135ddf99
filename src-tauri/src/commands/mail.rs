//! E-mail: the SMTP settings (the password goes to the keychain only) and sending a letter.

use super::arg::Arg;
use crate::domain::ids::LetterId;
use tauri::State;

use super::{ask, AppState};
use crate::domain::mail::SmtpInput;
use crate::domain::AppError;
use crate::requests::letters::{
    EmailLetter, EmailSent, GetMailSettings, MailSettingsView, SaveMailSettings,
};

#[tauri::command]
pub async fn get_mail_settings(state: State<'_, AppState>) -> Result<MailSettingsView, AppError> {
    ask(&state, GetMailSettings {}).await
}

#[tauri::command]
pub async fn save_mail_settings(
    state: State<'_, AppState>,
    input: Arg<SmtpInput>,
) -> Result<MailSettingsView, AppError> {
    ask(&state, SaveMailSettings { input: input.0 }).await
}

/// E-mails a kept letter with its PDF (to `to`, else the client's address) and records it.
#[tauri::command]
pub async fn email_letter(
    state: State<'_, AppState>,
    letter_id: Arg<LetterId>,
    to: Arg<Option<String>>,
) -> Result<EmailSent, AppError> {
    let req = EmailLetter {
        letter: letter_id.0,
        to: to.0,
    };
    ask(&state, req).await
}
