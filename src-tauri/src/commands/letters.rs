//! Letters: preview, write, print, open, Save as…, dispatch and delivery records,
//! templates, the firm's payment QR images, and batch generation with progress the window
//! polls, a cancel button and one combined PDF for the printer.

use super::arg::{Arg, MAX_UPLOAD};
use crate::domain::ids::{ClientId, LetterId, QrImageId};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use serde::Serialize;
use tauri::{AppHandle, Manager, State};

use super::{blocking, date_or_today, decode_upload, AppState};
use crate::domain::dispatch::DispatchInput;
use crate::domain::AppError;
use crate::letters::templates::Kind;
use crate::services::letters::dispatch::{self as letter_dispatch, DispatchRow};
use crate::services::letters::output::{self as letter_output, Opened, Printed, Saved};
use crate::services::letters::{
    self, Generated, Letter, LetterRequest, Preview, QrImage, TemplateView,
};
use crate::services::request_keys::RequestKey;

#[tauri::command]
pub async fn preview_letter(
    state: State<'_, AppState>,
    request: Arg<LetterRequest>,
) -> Result<Preview, AppError> {
    let request = request.0;
    blocking(&state, move |core| {
        letters::preview(core, &request, core.today())
    })
    .await
}

#[tauri::command]
pub async fn generate_letter(
    state: State<'_, AppState>,
    request: Arg<LetterRequest>,
    request_key: Arg<Option<String>>,
) -> Result<Generated, AppError> {
    let (request, request_key) = (request.0, request_key.0);
    blocking(&state, move |core| {
        let key = RequestKey::optional(request_key.as_deref(), "letter", &request)?;
        letters::generate_to(
            core,
            &request,
            core.today(),
            core.now(),
            None,
            key.as_ref(),
            &mut Default::default(),
        )
    })
    .await
}

#[tauri::command]
pub async fn list_letters(
    state: State<'_, AppState>,
    client_id: Arg<Option<ClientId>>,
) -> Result<Vec<Letter>, AppError> {
    let client_id = client_id.0;
    blocking(&state, move |core| letters::list(core, client_id)).await
}

/// One letter written (its kept PDF checked against its SHA-256).
#[tauri::command]
pub async fn get_letter(state: State<'_, AppState>, id: Arg<LetterId>) -> Result<Letter, AppError> {
    let id = id.0;
    blocking(&state, move |core| {
        letters::pdf_of(core, id).map(|(row, _)| row)
    })
    .await
}

#[tauri::command]
pub async fn print_letter(
    state: State<'_, AppState>,
    id: Arg<LetterId>,
) -> Result<Printed, AppError> {
    let id = id.0;
    blocking(&state, move |core| letter_output::print(core, id)).await
}

#[tauri::command]
pub async fn open_letter(
    state: State<'_, AppState>,
    id: Arg<LetterId>,
) -> Result<Opened, AppError> {
    let id = id.0;
    blocking(&state, move |core| letter_output::open(core, id)).await
}

/// The native file dialog (rfd, on the main thread as GTK, AppKit and Win32 want it): a
/// file to save as `file_name`, or a folder when `file_name` is `None`. `None` when the
/// user cancels.
async fn ask_path(
    app: &AppHandle,
    title: String,
    file_name: Option<String>,
) -> Result<Option<PathBuf>, AppError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let window = app.get_webview_window("main");
    app.run_on_main_thread(move || {
        let mut d = rfd::AsyncFileDialog::new().set_title(title);
        if let Some(w) = &window {
            d = d.set_parent(w);
        }
        let pick: std::pin::Pin<
            Box<dyn std::future::Future<Output = Option<rfd::FileHandle>> + Send>,
        > = match file_name {
            Some(name) => Box::pin(
                d.set_file_name(name)
                    .add_filter("PDF", &["pdf"])
                    .save_file(),
            ),
            None => Box::pin(d.pick_folder()),
        };
        std::thread::spawn(move || {
            let picked = tauri::async_runtime::block_on(pick);
            let _ = tx.send(picked.map(|h| h.path().to_path_buf()));
        });
    })
    .map_err(|e| AppError::internal(format!("the file dialog could not open: {e}")))?;
    tauri::async_runtime::spawn_blocking(move || rx.recv().ok().flatten())
        .await
        .map_err(|e| AppError::internal(format!("the file dialog failed: {e}")))
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
    let row = blocking(&state, move |core| letters::get(core, id)).await?;
    let Some(path) = ask_path(&app, title, Some(letter_output::readable_name(&row))).await? else {
        return Ok(None);
    };
    blocking(&state, move |core| {
        letter_output::save_copy(core, id, &path).map(Some)
    })
    .await
}

/// The claim pack of a client: the native folder dialog, then `<client> - claim pack.pdf`
/// and `.zip` (the originals) written into that folder; `None` when cancelled.
#[tauri::command]
pub async fn save_claim_pack(
    app: AppHandle,
    state: State<'_, AppState>,
    client_id: Arg<ClientId>,
    title: Arg<String>,
) -> Result<Option<crate::services::collections::claim_pack::ClaimPackOut>, AppError> {
    let (client_id, title) = (client_id.0, title.0);
    let Some(dir) = ask_path(&app, title, None).await? else {
        return Ok(None);
    };
    blocking(&state, move |core| {
        let client = client_id;
        let name = crate::services::client_file::clients::name(core, client)?;
        let stem =
            crate::letters::file_name::sanitize_file_name(&format!("{name} - claim pack"), "pdf");
        let pdf = dir.join(&stem);
        let zip = pdf.with_extension("zip");
        crate::services::collections::claim_pack::build(
            core,
            client,
            &pdf,
            Some(&zip),
            core.today(),
            core.now(),
        )
        .map(Some)
    })
    .await
}

/// The letters' dispatch records that hold, by letter id (of one client, or all).
#[tauri::command]
pub async fn letter_dispatches(
    state: State<'_, AppState>,
    client_id: Arg<Option<ClientId>>,
) -> Result<HashMap<LetterId, DispatchRow>, AppError> {
    let client_id = client_id.0;
    blocking(&state, move |core| {
        letter_dispatch::current(core, client_id)
    })
    .await
}

#[tauri::command]
pub async fn letter_dispatch_history(
    state: State<'_, AppState>,
    letter_id: Arg<LetterId>,
) -> Result<Vec<DispatchRow>, AppError> {
    let letter_id = letter_id.0;
    blocking(&state, move |core| {
        letter_dispatch::history(core, letter_id)
    })
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
    let (letter_id, dispatch, receipt_name, receipt) =
        (letter_id.0, dispatch.0, receipt_name.0, receipt.0);
    blocking(&state, move |core| {
        let scan = match (receipt_name, receipt) {
            (Some(name), Some(data)) if !data.is_empty() => {
                Some((name, decode_upload(&data, "receipt", "file_unreadable")?))
            }
            _ => None,
        };
        letter_dispatch::record(core, letter_id, &dispatch, scan, core.today(), core.now())
    })
    .await
}

#[tauri::command]
pub async fn letter_template(
    state: State<'_, AppState>,
    kind: Arg<String>,
    lang: Arg<String>,
) -> Result<TemplateView, AppError> {
    let (kind, lang) = (kind.0, lang.0);
    blocking(&state, move |core| letters::template(core, &kind, &lang)).await
}

#[tauri::command]
pub async fn save_letter_template(
    state: State<'_, AppState>,
    kind: Arg<String>,
    lang: Arg<String>,
    body: Arg<Option<String>>,
) -> Result<TemplateView, AppError> {
    let (kind, lang, body) = (kind.0, lang.0, body.0);
    blocking(&state, move |core| {
        letters::save_template(core, &kind, &lang, body.as_deref(), core.now())
    })
    .await
}

#[tauri::command]
pub async fn letter_batch_due(
    state: State<'_, AppState>,
    stage: Arg<String>,
    as_of: Arg<Option<String>>,
) -> Result<usize, AppError> {
    let (stage, as_of) = (stage.0, as_of.0);
    blocking(&state, move |core| {
        let kind = Kind::parse(&stage).ok_or_else(|| AppError::field("stage", "letter_stage"))?;
        let as_of = date_or_today(core, as_of, "as_of")?;
        letters::due_count(core, kind, as_of)
    })
    .await
}

#[derive(Serialize)]
pub struct BatchOutcome {
    pub letters: Vec<Generated>,
    /// The file name of the batch's combined PDF (for the printer), when any was written.
    pub combined: Option<String>,
    /// Clients not written to: their letter lacks required legal details (still due).
    pub skipped: Vec<letters::Skipped>,
}

/// The clients due a letter at this dunning stage (the Collections screen lists them).
#[tauri::command]
pub async fn letter_stage_clients(
    state: State<'_, AppState>,
    stage: Arg<String>,
    as_of: Arg<Option<String>>,
) -> Result<Vec<crate::domain::ids::ClientId>, AppError> {
    let (stage, as_of) = (stage.0, as_of.0);
    blocking(&state, move |core| {
        let kind = Kind::parse(&stage).ok_or_else(|| AppError::field("stage", "letter_stage"))?;
        let as_of = date_or_today(core, as_of, "as_of")?;
        letters::due_for_stage(core, kind, as_of)
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
    let last = state.last_batch.clone();
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
        let written = letters::batch(
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
        )?;
        let combined =
            letter_output::combine_batch(core, &written.letters, kind, as_of, core.today())?;
        let name = combined
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        *last.lock().unwrap_or_else(|e| e.into_inner()) = combined;
        Ok(BatchOutcome {
            letters: written.letters,
            combined: name,
            skipped: written.skipped,
        })
    })
    .await
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
    let path = last_batch(&state)?;
    blocking(&state, move |_| {
        let title = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        letter_output::print_file(&path, &title)
    })
    .await
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
    let Some(folder) = ask_path(&app, title, None).await? else {
        return Ok(None);
    };
    blocking(&state, move |core| {
        letter_output::save_many(core, &ids, combined.as_deref(), &folder).map(Some)
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
    label: Arg<String>,
    currency: Arg<String>,
    image: Arg<String, MAX_UPLOAD>,
) -> Result<i64, AppError> {
    let (label, currency, image) = (label.0, currency.0, image.0);
    blocking(&state, move |core| {
        let bytes = decode_upload(&image, "image", "image_type")?;
        letters::add_qr_image(core, &label, &currency, &bytes, core.now())
    })
    .await
}

#[tauri::command]
pub async fn delete_payment_qr_image(
    state: State<'_, AppState>,
    id: Arg<QrImageId>,
) -> Result<(), AppError> {
    let id = id.0;
    blocking(&state, move |core| {
        letters::delete_qr_image(core, id.0, core.now())
    })
    .await
}
