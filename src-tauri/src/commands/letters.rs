//! Letters: preview, write, print, open, Save as…, dispatch and delivery records,
//! templates, the firm's payment QR images, and batch generation with progress the window
//! polls, a cancel button and one combined PDF for the printer.

use super::arg::{Arg, MAX_UPLOAD};
use crate::domain::ids::{ClientId, LetterId, QrImageId};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use serde::Serialize;
use tauri::{AppHandle, State};

use super::dialog::{ask_path, Pick};
use super::{ask, ask_with, decode_upload, optional_date, AppState};
use crate::domain::dispatch::DispatchInput;
use crate::domain::AppError;
use crate::letters::templates::Kind;
use crate::requests::collections::{BuildClaimPack, ClaimPackOut, ClaimPackTo};
use crate::requests::letters::*;

/// A letter stage as the window sends it; `dunning`: only reminder, second reminder or
/// demand. `stage`/`letter_stage` otherwise.
fn stage_kind(stage: &str, dunning: bool) -> Result<Kind, AppError> {
    Kind::parse(stage)
        .filter(|k| !dunning || k.is_dunning())
        .ok_or_else(|| AppError::field("stage", "letter_stage"))
}

#[tauri::command]
pub async fn preview_letter(
    state: State<'_, AppState>,
    request: Arg<LetterRequest>,
) -> Result<Preview, AppError> {
    ask(&state, PreviewLetter { letter: request.0 }).await
}

#[tauri::command]
pub async fn generate_letter(
    state: State<'_, AppState>,
    request: Arg<LetterRequest>,
    request_key: Arg<Option<String>>,
) -> Result<Generated, AppError> {
    let req = WriteLetter {
        letter: request.0,
        copy_to: None,
        request_key: request_key.0,
    };
    ask(&state, req).await
}

#[tauri::command]
pub async fn list_letters(
    state: State<'_, AppState>,
    client_id: Arg<Option<ClientId>>,
) -> Result<Vec<Letter>, AppError> {
    ask(
        &state,
        ListLetters {
            client: client_id.0,
        },
    )
    .await
}

/// One letter written (its kept PDF checked against its SHA-256).
#[tauri::command]
pub async fn get_letter(state: State<'_, AppState>, id: Arg<LetterId>) -> Result<Letter, AppError> {
    ask(&state, GetLetter { id: id.0 }).await
}

#[tauri::command]
pub async fn print_letter(
    state: State<'_, AppState>,
    id: Arg<LetterId>,
) -> Result<Printed, AppError> {
    ask(&state, PrintLetter { id: id.0 }).await
}

#[tauri::command]
pub async fn open_letter(
    state: State<'_, AppState>,
    id: Arg<LetterId>,
) -> Result<Opened, AppError> {
    ask(&state, OpenLetter { id: id.0 }).await
}

/// Save as…: the native dialog with the letter's readable file name; `None` when cancelled.
#[tauri::command]
pub async fn save_letter_as(
    app: AppHandle,
    state: State<'_, AppState>,
    id: Arg<LetterId>,
    title: Arg<String>,
) -> Result<Option<Saved>, AppError> {
    let (id, title) = (id.0, title.0);
    let name = ask(&state, GetLetterFileName { id }).await?;
    let Some(to) = ask_path(
        &app,
        title,
        Pick::Save {
            name,
            kind: ("PDF", &["pdf"]),
        },
    )
    .await?
    else {
        return Ok(None);
    };
    ask(&state, SaveLetterCopy { id, to }).await.map(Some)
}

/// The claim pack of a client: the native folder dialog, then `<client> - claim pack.pdf`
/// and `.zip` (the originals) written into that folder; `None` when cancelled.
#[tauri::command]
pub async fn save_claim_pack(
    app: AppHandle,
    state: State<'_, AppState>,
    client_id: Arg<ClientId>,
    title: Arg<String>,
) -> Result<Option<ClaimPackOut>, AppError> {
    let (client, title) = (client_id.0, title.0);
    let Some(dir) = ask_path(&app, title, Pick::Folder { start: None }).await? else {
        return Ok(None);
    };
    let to = ClaimPackTo::Folder(dir);
    ask(&state, BuildClaimPack { client, to }).await.map(Some)
}

/// The letters' dispatch records that hold, by letter id (of one client, or all).
#[tauri::command]
pub async fn letter_dispatches(
    state: State<'_, AppState>,
    client_id: Arg<Option<ClientId>>,
) -> Result<HashMap<LetterId, DispatchRow>, AppError> {
    ask(
        &state,
        ListLetterDispatches {
            client: client_id.0,
        },
    )
    .await
}

#[tauri::command]
pub async fn letter_dispatch_history(
    state: State<'_, AppState>,
    letter_id: Arg<LetterId>,
) -> Result<Vec<DispatchRow>, AppError> {
    ask(
        &state,
        ListDispatchHistory {
            letter: letter_id.0,
        },
    )
    .await
}

/// Records how a letter went and when it arrived; `receipt`: the scan as a data URL.
#[tauri::command]
pub async fn record_letter_dispatch(
    state: State<'_, AppState>,
    letter_id: Arg<LetterId>,
    dispatch: Arg<DispatchInput>,
    receipt_name: Arg<Option<String>>,
    receipt: Arg<Option<String>, MAX_UPLOAD>,
) -> Result<DispatchRow, AppError> {
    let (letter, dispatch, receipt_name, receipt) =
        (letter_id.0, dispatch.0, receipt_name.0, receipt.0);
    ask_with(&state, move |_| {
        let receipt = match (receipt_name, receipt) {
            (Some(name), Some(data)) if !data.is_empty() => {
                Some((name, decode_upload(&data, "receipt", "file_unreadable")?))
            }
            _ => None,
        };
        Ok(RecordDispatch {
            letter,
            dispatch,
            receipt,
        })
    })
    .await
}

#[tauri::command]
pub async fn letter_template(
    state: State<'_, AppState>,
    kind: Arg<String>,
    lang: Arg<String>,
) -> Result<TemplateView, AppError> {
    ask(
        &state,
        GetLetterTemplate {
            kind: kind.0,
            lang: lang.0,
        },
    )
    .await
}

#[tauri::command]
pub async fn save_letter_template(
    state: State<'_, AppState>,
    kind: Arg<String>,
    lang: Arg<String>,
    body: Arg<Option<String>>,
) -> Result<TemplateView, AppError> {
    let req = SaveLetterTemplate {
        kind: kind.0,
        lang: lang.0,
        body: body.0,
    };
    ask(&state, req).await
}

#[tauri::command]
pub async fn letter_batch_due(
    state: State<'_, AppState>,
    stage: Arg<String>,
    as_of: Arg<Option<String>>,
) -> Result<usize, AppError> {
    let (stage, as_of) = (stage.0, as_of.0);
    ask_with(&state, move |core| {
        let kind = stage_kind(&stage, false)?;
        let as_of = optional_date(core, as_of, "as_of")?;
        Ok(CountDueLetters { kind, as_of })
    })
    .await
}

#[derive(Serialize)]
pub struct BatchOutcome {
    pub letters: Vec<Generated>,
    /// The file name of the batch's combined PDF (for the printer), when any was written.
    pub combined: Option<String>,
    /// Clients not written to: their letter lacks required legal details (still due).
    pub skipped: Vec<Skipped>,
}

/// The clients due a letter at this dunning stage (the Collections screen lists them).
#[tauri::command]
pub async fn letter_stage_clients(
    state: State<'_, AppState>,
    stage: Arg<String>,
    as_of: Arg<Option<String>>,
) -> Result<Vec<ClientId>, AppError> {
    let (stage, as_of) = (stage.0, as_of.0);
    ask_with(&state, move |core| {
        let kind = stage_kind(&stage, false)?;
        let as_of = optional_date(core, as_of, "as_of")?;
        Ok(ListStageClients { kind, as_of })
    })
    .await
}

/// Runs a batch to the end (or until cancelled); the window polls `letter_batch_progress`.
#[tauri::command]
pub async fn run_letter_batch(
    state: State<'_, AppState>,
    stage: Arg<String>,
    as_of: Arg<Option<String>>,
) -> Result<BatchOutcome, AppError> {
    let (stage, as_of) = (stage.0, as_of.0);
    let watch = state.batch.clone();
    watch.cancel.store(false, Ordering::SeqCst);
    watch.done.store(0, Ordering::SeqCst);
    watch.total.store(0, Ordering::SeqCst);
    let progress = Progress::new(move |done, total| {
        watch.done.store(done, Ordering::SeqCst);
        watch.total.store(total, Ordering::SeqCst);
        !watch.cancel.load(Ordering::SeqCst)
    });
    let written = ask_with(&state, move |core| {
        let kind = stage_kind(&stage, true)?;
        let as_of = optional_date(core, as_of, "as_of")?;
        Ok(WriteLetterBatch {
            kind,
            as_of,
            out_dir: None,
            progress,
        })
    })
    .await?;
    let name = written
        .combined
        .as_ref()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    *state.last_batch.lock().unwrap_or_else(|e| e.into_inner()) = written.combined;
    Ok(BatchOutcome {
        letters: written.letters,
        combined: name,
        skipped: written.skipped,
    })
}

fn last_batch(state: &AppState) -> Result<PathBuf, AppError> {
    state
        .last_batch
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .filter(|p| p.exists())
        .ok_or_else(|| AppError::not_found("The batch's combined PDF"))
}

/// Prints the last batch's combined PDF (one job for the whole batch).
#[tauri::command]
pub async fn print_letter_batch(state: State<'_, AppState>) -> Result<Printed, AppError> {
    let combined = last_batch(&state)?;
    ask(&state, PrintLetterBatch { combined }).await
}

/// Saves the last batch into a folder the user picks: each letter under its readable name
/// and the combined PDF. `None` when cancelled; else how many files were written.
#[tauri::command]
pub async fn save_letter_batch(
    app: AppHandle,
    state: State<'_, AppState>,
    ids: Arg<Vec<LetterId>>,
    title: Arg<String>,
) -> Result<Option<usize>, AppError> {
    let (ids, title) = (ids.0, title.0);
    let combined = last_batch(&state).ok();
    let Some(folder) = ask_path(&app, title, Pick::Folder { start: None }).await? else {
        return Ok(None);
    };
    let req = SaveLetters {
        ids,
        combined,
        folder,
    };
    ask(&state, req).await.map(Some)
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
    ask(&state, ListQrImages {}).await
}

/// `image`: a data URL as the file picker read it.
#[tauri::command]
pub async fn add_payment_qr_image(
    state: State<'_, AppState>,
    label: Arg<String>,
    currency: Arg<String>,
    image: Arg<String, MAX_UPLOAD>,
) -> Result<i64, AppError> {
    let (label, currency, image) = (label.0, currency.0, image.0);
    ask_with(&state, move |_| {
        Ok(AddQrImage {
            label,
            currency,
            image: decode_upload(&image, "image", "image_type")?,
        })
    })
    .await
}

#[tauri::command]
pub async fn delete_payment_qr_image(
    state: State<'_, AppState>,
    id: Arg<QrImageId>,
) -> Result<(), AppError> {
    ask(&state, DeleteQrImage { id: id.0 }).await
}
