//! Letters: preview, write, print, templates, the firm's payment QR images, and batch
//! generation with progress the window polls and a cancel button.

use std::sync::atomic::Ordering;

use tauri::State;

use super::{blocking, date_or_today, decode_upload, AppState};
use crate::domain::ids::ClientId;
use crate::domain::AppError;
use crate::letters::templates::Kind;
use crate::services::letters::{self, Generated, LetterRequest, Preview, TemplateView};
use crate::store::letters::{LetterRow, QrImage};

#[tauri::command]
pub async fn preview_letter(
    state: State<'_, AppState>,
    request: LetterRequest,
) -> Result<Preview, AppError> {
    blocking(&state, move |core| {
        letters::preview(core, &request, core.today())
    })
    .await
}

#[tauri::command]
pub async fn generate_letter(
    state: State<'_, AppState>,
    request: LetterRequest,
) -> Result<Generated, AppError> {
    blocking(&state, move |core| {
        letters::generate(core, &request, core.today(), core.now())
    })
    .await
}

#[tauri::command]
pub async fn list_letters(
    state: State<'_, AppState>,
    client_id: Option<ClientId>,
) -> Result<Vec<LetterRow>, AppError> {
    blocking(&state, move |core| letters::list(core, client_id)).await
}

#[tauri::command]
pub async fn print_letter(state: State<'_, AppState>, id: i64) -> Result<String, AppError> {
    blocking(&state, move |core| letters::print(core, id)).await
}

#[tauri::command]
pub async fn letter_template(
    state: State<'_, AppState>,
    kind: String,
    lang: String,
) -> Result<TemplateView, AppError> {
    blocking(&state, move |core| letters::template(core, &kind, &lang)).await
}

#[tauri::command]
pub async fn save_letter_template(
    state: State<'_, AppState>,
    kind: String,
    lang: String,
    body: Option<String>,
) -> Result<TemplateView, AppError> {
    blocking(&state, move |core| {
        letters::save_template(core, &kind, &lang, body.as_deref(), core.now())
    })
    .await
}

#[tauri::command]
pub async fn letter_batch_due(
    state: State<'_, AppState>,
    stage: String,
    as_of: Option<String>,
) -> Result<usize, AppError> {
    blocking(&state, move |core| {
        let kind = Kind::parse(&stage).ok_or_else(|| AppError::field("stage", "letter_stage"))?;
        let as_of = date_or_today(core, as_of, "as_of")?;
        Ok(letters::due_for_stage(core, kind, as_of)?.len())
    })
    .await
}

/// Runs a batch to the end (or until cancelled); the window polls `letter_batch_progress`.
#[tauri::command]
pub async fn run_letter_batch(
    state: State<'_, AppState>,
    stage: String,
    as_of: Option<String>,
) -> Result<Vec<Generated>, AppError> {
    let progress = state.batch.clone();
    progress.cancel.store(false, Ordering::SeqCst);
    progress.done.store(0, Ordering::SeqCst);
    progress.total.store(0, Ordering::SeqCst);
    blocking(&state, move |core| {
        let kind = Kind::parse(&stage)
            .filter(|k| k.is_dunning())
            .ok_or_else(|| AppError::field("stage", "letter_stage"))?;
        let as_of = date_or_today(core, as_of, "as_of")?;
        progress.total.store(
            letters::due_for_stage(core, kind, as_of)?.len(),
            Ordering::SeqCst,
        );
        letters::batch(
            core,
            kind,
            as_of,
            core.today(),
            core.now(),
            &mut |done, total| {
                progress.done.store(done, Ordering::SeqCst);
                progress.total.store(total, Ordering::SeqCst);
                !progress.cancel.load(Ordering::SeqCst)
            },
        )
    })
    .await
}

#[tauri::command]
pub fn letter_batch_progress(state: State<'_, AppState>) -> (usize, usize) {
    (
        state.batch.done.load(Ordering::SeqCst),
        state.batch.total.load(Ordering::SeqCst),
    )
}

#[tauri::command]
pub fn cancel_letter_batch(state: State<'_, AppState>) {
    state.batch.cancel.store(true, Ordering::SeqCst);
}

#[tauri::command]
pub async fn list_payment_qr_images(state: State<'_, AppState>) -> Result<Vec<QrImage>, AppError> {
    blocking(&state, letters::qr_images).await
}

/// `image`: a data URL as the file picker read it.
#[tauri::command]
pub async fn add_payment_qr_image(
    state: State<'_, AppState>,
    label: String,
    currency: String,
    image: String,
) -> Result<i64, AppError> {
    blocking(&state, move |core| {
        let bytes = decode_upload(&image, "image", "image_type")?;
        letters::add_qr_image(core, &label, &currency, &bytes, core.now())
    })
    .await
}

#[tauri::command]
pub async fn delete_payment_qr_image(state: State<'_, AppState>, id: i64) -> Result<(), AppError> {
    blocking(&state, move |core| {
        letters::delete_qr_image(core, id, core.now())
    })
    .await
}
