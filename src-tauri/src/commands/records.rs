//! Communication log, follow-ups, complaints, retention, import and export.

use super::arg::{Arg, MAX_UPLOAD};
use serde::Deserialize;
use tauri::{AppHandle, State};

use super::dialog::{ask_path, Pick};
use super::{ask, decode_upload, AppState};
use crate::domain::commlog::CommInput;
use crate::domain::ids::{ClientId, ComplaintId, FollowUpId, MatterId};
use crate::domain::AppError;
use crate::requests::client_file::*;

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
    let files = files
        .0
        .into_iter()
        .map(|f| Ok((f.name, decode(&f.base64)?)))
        .collect::<Result<Vec<_>, AppError>>()?;
    ask(
        &state,
        LogCommunication {
            input: input.0,
            files,
        },
    )
    .await
}

#[tauri::command]
pub async fn list_communications(
    state: State<'_, AppState>,
    client: Arg<ClientId>,
) -> Result<Vec<CommView>, AppError> {
    ask(&state, ListCommunications { client: client.0 }).await
}

#[tauri::command]
pub async fn verify_log(
    state: State<'_, AppState>,
    client: Arg<Option<ClientId>>,
) -> Result<Verification, AppError> {
    ask(&state, VerifyLog { client: client.0 }).await
}

#[tauri::command]
pub async fn add_follow_up(
    state: State<'_, AppState>,
    input: Arg<FollowUpInput>,
) -> Result<i64, AppError> {
    ask(&state, AddFollowUp { input: input.0 }).await
}

#[tauri::command]
pub async fn complete_follow_up(
    state: State<'_, AppState>,
    id: Arg<FollowUpId>,
    input: Arg<CompleteInput>,
) -> Result<i64, AppError> {
    ask(
        &state,
        CompleteFollowUp {
            id: id.0,
            input: input.0,
        },
    )
    .await
}

#[tauri::command]
pub async fn client_follow_ups(
    state: State<'_, AppState>,
    client: Arg<ClientId>,
) -> Result<Vec<FollowUp>, AppError> {
    ask(&state, ClientFollowUps { client: client.0 }).await
}

/// The Dashboard shows the first 50 of each list and the totals: a practice of 20,000
/// clients has thousands behind the contact rhythm, never worth holding in the window.
#[tauri::command]
pub async fn agenda(state: State<'_, AppState>) -> Result<Agenda, AppError> {
    ask(
        &state,
        GetAgenda {
            as_of: None,
            first: Some(50),
        },
    )
    .await
}

#[tauri::command]
pub async fn close_matter(
    state: State<'_, AppState>,
    matter: Arg<MatterId>,
    closed_on: Arg<Option<String>>,
) -> Result<i64, AppError> {
    let on = match closed_on.0.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => {
            Some(crate::domain::dates::parse_iso(s).map_err(|c| AppError::field("closed_on", c))?)
        }
        None => None,
    };
    ask(
        &state,
        CloseMatter {
            matter: matter.0,
            on,
        },
    )
    .await
}

#[tauri::command]
pub async fn record_complaint(
    state: State<'_, AppState>,
    input: Arg<NewComplaint>,
) -> Result<i64, AppError> {
    ask(&state, RecordComplaint { input: input.0 }).await
}

#[tauri::command]
pub async fn advance_complaint(
    state: State<'_, AppState>,
    id: Arg<ComplaintId>,
    input: Arg<StepInput>,
) -> Result<Complaint, AppError> {
    ask(
        &state,
        AdvanceComplaint {
            id: id.0,
            input: input.0,
        },
    )
    .await
}

#[tauri::command]
pub async fn client_complaints(
    state: State<'_, AppState>,
    client: Arg<ClientId>,
) -> Result<(Vec<Complaint>, Vec<Score>), AppError> {
    ask(&state, ClientComplaints { client: client.0 }).await
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
    ask(
        &state,
        AddSatisfaction {
            client,
            matter,
            score,
            comment,
        },
    )
    .await
}

#[tauri::command]
pub async fn retention_due(
    state: State<'_, AppState>,
) -> Result<(i64, Vec<DueForDestruction>, Vec<DestructionRecord>), AppError> {
    ask(&state, RetentionOverview {}).await
}

#[tauri::command]
pub async fn set_retention_years(
    state: State<'_, AppState>,
    years: Arg<i64>,
) -> Result<(), AppError> {
    ask(&state, SetRetentionYears { years: years.0 }).await
}

#[tauri::command]
pub async fn destroy_client(
    state: State<'_, AppState>,
    client: Arg<ClientId>,
) -> Result<DestructionRecord, AppError> {
    ask(&state, DestroyClient { client: client.0 }).await
}

#[tauri::command]
pub async fn import_clients(
    state: State<'_, AppState>,
    file: Arg<FileUpload, MAX_UPLOAD>,
    mapping: Arg<Option<Vec<String>>>,
    dry_run: Arg<bool>,
) -> Result<ImportReport, AppError> {
    let bytes = decode(&file.0.base64)?;
    let mapping = match mapping.0 {
        Some(fields) => ColumnMapping::Fields(fields),
        None => ColumnMapping::Detected,
    };
    ask(
        &state,
        ImportClients {
            bytes,
            mapping,
            dry_run: dry_run.0,
        },
    )
    .await
}

/// Export of the client list: the native Save as… dialog offering
/// `lawdesk-clients-<the user's local date>.csv`, then the file written whole, the export in
/// the audit trail; `None` when the user cancels.
#[tauri::command]
pub async fn export_clients(
    app: AppHandle,
    state: State<'_, AppState>,
    title: Arg<String>,
) -> Result<Option<ClientsExported>, AppError> {
    let name = ask(&state, ClientsExportName {}).await?;
    let kind = ("CSV", &["csv"][..]);
    let Some(to) = ask_path(&app, title.0, Pick::Save { name, kind }).await? else {
        return Ok(None);
    };
    ask(&state, ExportClients { to }).await.map(Some)
}

#[tauri::command]
pub async fn attachment_preview(
    state: State<'_, AppState>,
    sha256: Arg<String>,
) -> Result<Option<String>, AppError> {
    ask(&state, AttachmentPreview { sha256: sha256.0 }).await
}

#[tauri::command]
pub async fn open_attachment(
    state: State<'_, AppState>,
    sha256: Arg<String>,
) -> Result<(), AppError> {
    ask(&state, OpenAttachment { sha256: sha256.0 }).await
}
