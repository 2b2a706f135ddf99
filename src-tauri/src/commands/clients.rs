//! Clients, matters and the conflict check.

use tauri::State;

use super::{blocking, AppState};
use crate::domain::client::ClientInput;
use crate::domain::ids::{ClientId, MatterId};
use crate::domain::matter::{MatterInput, OpposingPartyInput};
use crate::domain::AppError;
use crate::services::clients::{self, ClientDetail, Saved};
use crate::services::clients::{CheckRecord, ClientHit, ConflictHit, MatterView};

#[tauri::command]
pub async fn search_clients(
    state: State<'_, AppState>,
    query: String,
    limit: Option<i64>,
) -> Result<Vec<ClientHit>, AppError> {
    blocking(&state, move |core| {
        clients::search_clients(core, &query, limit.unwrap_or(50))
    })
    .await
}

#[tauri::command]
pub async fn get_client(
    state: State<'_, AppState>,
    id: ClientId,
) -> Result<ClientDetail, AppError> {
    blocking(&state, move |core| {
        clients::get_client(core, id, core.today())
    })
    .await
}

#[tauri::command]
pub async fn add_client(
    state: State<'_, AppState>,
    input: ClientInput,
) -> Result<Saved<ClientId>, AppError> {
    blocking(&state, move |core| {
        clients::add_client(core, &input, core.now())
    })
    .await
}

#[tauri::command]
pub async fn add_matter(
    state: State<'_, AppState>,
    input: MatterInput,
) -> Result<Saved<MatterId>, AppError> {
    blocking(&state, move |core| {
        let now = core.now();
        clients::add_matter(core, &input, core.today(), now)
    })
    .await
}

#[tauri::command]
pub async fn add_opposing_party(
    state: State<'_, AppState>,
    matter: MatterId,
    input: OpposingPartyInput,
) -> Result<Saved<i64>, AppError> {
    blocking(&state, move |core| {
        clients::add_opposing_party(core, matter, &input, core.now())
    })
    .await
}

#[tauri::command]
pub async fn check_conflicts(
    state: State<'_, AppState>,
    name: String,
    id_number: Option<String>,
    matter: Option<MatterId>,
) -> Result<Vec<ConflictHit>, AppError> {
    blocking(&state, move |core| {
        clients::check_conflicts(
            core,
            &name,
            id_number.as_deref().unwrap_or(""),
            matter,
            core.now(),
        )
    })
    .await
}

#[tauri::command]
pub async fn list_matters(
    state: State<'_, AppState>,
    client: Option<ClientId>,
) -> Result<Vec<MatterView>, AppError> {
    blocking(&state, move |core| clients::list_matters(core, client)).await
}

#[tauri::command]
pub async fn get_matter(
    state: State<'_, AppState>,
    id: MatterId,
) -> Result<(MatterView, Vec<CheckRecord>), AppError> {
    blocking(&state, move |core| clients::get_matter(core, id)).await
}

#[tauri::command]
pub async fn update_client(
    state: State<'_, AppState>,
    id: ClientId,
    input: serde_json::Map<String, serde_json::Value>,
) -> Result<Saved<ClientId>, AppError> {
    blocking(&state, move |core| {
        clients::update_client(core, id, &input, core.now())
    })
    .await
}

#[tauri::command]
pub async fn add_related_person(
    state: State<'_, AppState>,
    id: ClientId,
    input: crate::domain::client::RelatedPersonInput,
) -> Result<Saved<i64>, AppError> {
    blocking(&state, move |core| {
        clients::add_related_person(core, id, &input, core.now())
    })
    .await
}

#[tauri::command]
pub async fn add_consent(
    state: State<'_, AppState>,
    id: ClientId,
    input: crate::domain::client::ConsentInput,
) -> Result<i64, AppError> {
    blocking(&state, move |core| {
        clients::add_consent(core, id, &input, core.now())
    })
    .await
}

#[tauri::command]
pub async fn withdraw_consent(
    state: State<'_, AppState>,
    id: ClientId,
    consent: i64,
) -> Result<(), AppError> {
    blocking(&state, move |core| {
        clients::withdraw_consent(core, id, consent, core.today(), core.now())
    })
    .await
}
