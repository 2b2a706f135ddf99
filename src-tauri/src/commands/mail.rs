//! E-mail: the SMTP settings (the password goes to the keychain only) and sending a letter.

use super::arg::Arg;
use crate::domain::ids::LetterId;
use tauri::State;

use super::{blocking, AppState};
use crate::domain::mail::SmtpInput;
use crate::domain::AppError;
use crate::services::letters::email::{self as mail, EmailSent, MailSettingsView};

#[tauri::command]
pub async fn get_mail_settings(state: State<'_, AppState>) -> Result<MailSettingsView, AppError> {
    blocking(&state, mail::settings).await
}

#[tauri::command]
pub async fn save_mail_settings(
    state: State<'_, AppState>,
    input: Arg<SmtpInput>,
) -> Result<MailSettingsView, AppError> {
    let input = input.0;
    blocking(&state, move |core| {
        mail::save_settings(core, &input, core.now())
    })
    .await
}

/// E-mails a kept letter with its PDF (to `to`, else the client's address) and records it.
#[tauri::command]
pub async fn email_letter(
    state: State<'_, AppState>,
    letter_id: Arg<LetterId>,
    to: Arg<Option<String>>,
) -> Result<EmailSent, AppError> {
    let (letter_id, to) = (letter_id.0 .0, to.0);
    blocking(&state, move |core| {
        mail::email_letter(core, letter_id, to.as_deref(), core.today(), core.now())
    })
    .await
}
