//! Communication log, follow-ups, complaints, retention, import and export.

use super::arg::{Arg, MAX_UPLOAD};
use serde::Deserialize;
use tauri::State;

use super::{blocking, decode_upload, AppState};
use crate::domain::commlog::CommInput;
use crate::domain::ids::{ClientId, ComplaintId, FollowUpId, MatterId};
use crate::domain::AppError;
use crate::services::client_file::commlog::CommView;
use crate::services::client_file::commlog::{self, Verification};
use crate::services::client_file::complaints::{self, NewComplaint, StepInput};
use crate::services::client_file::complaints::{Complaint, Score};
use crate::services::client_file::followups::FollowUp;
use crate::services::client_file::followups::{self, Agenda, CompleteInput, FollowUpInput};
use crate::services::client_file::import::{self, ImportReport};
use crate::services::client_file::retention::{self, DestructionRecord, DueForDestruction};

fn decode(b64: &str) -> Result<Vec<u8>, AppError> {
    decode_upload(b64, "file", "file_unreadable")
}

#[derive(Debug, Deserialize)]
pub struct FileUpload {
    pub name: String,
    pub base64: String,
}

#[tauri::command]
pub async fn log_communication(
    state: State<'_, AppState>,
    input: Arg<CommInput>,
    files: Arg<Vec<FileUpload>, MAX_UPLOAD>,
) -> Result<i64, AppError> {
    let (input, files) = (input.0, files.0);
    let files = files
        .into_iter()
        .map(|f| Ok((f.name, decode(&f.base64)?)))
        .collect::<Result<Vec<_>, AppError>>()?;
    blocking(&state, move |core| {
        commlog::log(core, &input, &files, core.now())
    })
    .await
}

#[tauri::command]
pub async fn list_communications(
    state: State<'_, AppState>,
    client: Arg<ClientId>,
) -> Result<Vec<CommView>, AppError> {
    let client = client.0;
    blocking(&state, move |core| commlog::list(core, client)).await
}

#[tauri::command]
pub async fn verify_log(
    state: State<'_, AppState>,
    client: Arg<Option<ClientId>>,
) -> Result<Verification, AppError> {
    let client = client.0;
    blocking(&state, move |core| commlog::verify(core, client)).await
}

#[tauri::command]
pub async fn add_follow_up(
    state: State<'_, AppState>,
    input: Arg<FollowUpInput>,
) -> Result<i64, AppError> {
    let input = input.0;
    blocking(&state, move |core| followups::add(core, &input, core.now())).await
}

#[tauri::command]
pub async fn complete_follow_up(
    state: State<'_, AppState>,
    id: Arg<FollowUpId>,
    input: Arg<CompleteInput>,
) -> Result<i64, AppError> {
    let (id, input) = (id.0 .0, input.0);
    blocking(&state, move |core| {
        followups::complete(core, id, &input, core.now())
    })
    .await
}

#[tauri::command]
pub async fn client_follow_ups(
    state: State<'_, AppState>,
    client: Arg<ClientId>,
) -> Result<Vec<FollowUp>, AppError> {
    let client = client.0;
    blocking(&state, move |core| followups::for_client(core, client)).await
}

#[tauri::command]
pub async fn agenda(state: State<'_, AppState>) -> Result<Agenda, AppError> {
    // The Dashboard shows the first 50 of each list and the totals: a practice of 20,000
    // clients has thousands behind the contact rhythm, never worth holding in the window.
    blocking(&state, |core| {
        Ok(followups::agenda(core, core.today())?.first(50))
    })
    .await
}

#[tauri::command]
pub async fn close_matter(
    state: State<'_, AppState>,
    matter: Arg<MatterId>,
    closed_on: Arg<Option<String>>,
) -> Result<i64, AppError> {
    let (matter, closed_on) = (matter.0, closed_on.0);
    blocking(&state, move |core| {
        let on = match closed_on.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => {
                crate::domain::dates::parse_iso(s).map_err(|c| AppError::field("closed_on", c))?
            }
            None => core.today(),
        };
        followups::close_matter(core, matter, on, core.now())
    })
    .await
}

#[tauri::command]
pub async fn record_complaint(
    state: State<'_, AppState>,
    input: Arg<NewComplaint>,
) -> Result<i64, AppError> {
    let input = input.0;
    blocking(&state, move |core| {
        complaints::record(core, &input, core.today(), core.now())
    })
    .await
}

#[tauri::command]
pub async fn advance_complaint(
    state: State<'_, AppState>,
    id: Arg<ComplaintId>,
    input: Arg<StepInput>,
) -> Result<Complaint, AppError> {
    let (id, input) = (id.0 .0, input.0);
    blocking(&state, move |core| {
        complaints::advance(core, id, &input, core.today(), core.now())
    })
    .await
}

#[tauri::command]
pub async fn client_complaints(
    state: State<'_, AppState>,
    client: Arg<ClientId>,
) -> Result<(Vec<Complaint>, Vec<Score>), AppError> {
    let client = client.0;
    blocking(&state, move |core| complaints::for_client(core, client)).await
}

#[tauri::command]
pub async fn add_satisfaction(
    state: State<'_, AppState>,
    client: Arg<ClientId>,
    matter: Arg<Option<MatterId>>,
    score: Arg<i64>,
    comment: Arg<String>,
) -> Result<i64, AppError> {
    let (client, matter, score, comment) = (client.0, matter.0, score.0, comment.0);
    blocking(&state, move |core| {
        complaints::add_score(
            core,
            client,
            matter,
            score,
            &comment,
            core.today(),
            core.now(),
        )
    })
    .await
}

#[tauri::command]
pub async fn retention_due(
    state: State<'_, AppState>,
) -> Result<(i64, Vec<DueForDestruction>, Vec<DestructionRecord>), AppError> {
    blocking(&state, |core| {
        let years = retention::years(core)?;
        Ok((
            years,
            retention::due(core, core.today())?,
            retention::records(core)?,
        ))
    })
    .await
}

#[tauri::command]
pub async fn set_retention_years(
    state: State<'_, AppState>,
    years: Arg<i64>,
) -> Result<(), AppError> {
    let years = years.0;
    blocking(&state, move |core| {
        retention::set_default_years(core, years, core.now())
    })
    .await
}

#[tauri::command]
pub async fn destroy_client(
    state: State<'_, AppState>,
    client: Arg<ClientId>,
) -> Result<DestructionRecord, AppError> {
    let client = client.0;
    blocking(&state, move |core| {
        retention::destroy(core, client, core.today(), core.now())
    })
    .await
}

#[tauri::command]
pub async fn import_clients(
    state: State<'_, AppState>,
    file: Arg<FileUpload, MAX_UPLOAD>,
    mapping: Arg<Option<Vec<String>>>,
    dry_run: Arg<bool>,
) -> Result<ImportReport, AppError> {
    let (file, mapping, dry_run) = (file.0, mapping.0, dry_run.0);
    let bytes = decode(&file.base64)?;
    blocking(&state, move |core| {
        import::import_clients(core, &bytes, mapping, dry_run, core.now())
    })
    .await
}

/// Writes the CSV into the user's Downloads folder (no file dialog permission needed).
#[tauri::command]
pub async fn export_clients(state: State<'_, AppState>) -> Result<String, AppError> {
    blocking(&state, |core| {
        let (csv, _) = import::export_clients_csv(core)?;
        let dir = dirs::download_dir().unwrap_or_else(|| core.data_dir().to_path_buf());
        let path = dir.join(format!("lawdesk-clients-{}.csv", core.today()));
        std::fs::write(&path, csv)?;
        Ok(path.display().to_string())
    })
    .await
}

/// A kept image (log attachment or payment voucher) as a `data:` URL for the window to show;
/// `None` for other files (those open in the system's viewer).
#[tauri::command]
pub async fn attachment_preview(
    state: State<'_, AppState>,
    sha256: Arg<String>,
) -> Result<Option<String>, AppError> {
    let sha256 = sha256.0;
    use base64::Engine;
    blocking(&state, move |core| {
        let bytes = commlog::attachment_bytes(core, &sha256)?;
        let mime = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            "image/png"
        } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
            "image/jpeg"
        } else {
            return Ok(None);
        };
        let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
        Ok(Some(format!("data:{mime};base64,{b64}")))
    })
    .await
}

#[tauri::command]
pub async fn open_attachment(
    state: State<'_, AppState>,
    sha256: Arg<String>,
) -> Result<(), AppError> {
    let sha256 = sha256.0;
    blocking(&state, move |core| commlog::open_attachment(core, &sha256)).await
}
