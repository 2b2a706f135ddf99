//! Clients, matters and the conflict check.

use super::arg::Arg;
use tauri::State;

use super::{blocking, AppState};
use crate::domain::client::ClientInput;
use crate::domain::ids::{ClientId, ConsentId, MatterId};
use crate::domain::matter::{MatterInput, OpposingPartyInput};
use crate::domain::AppError;
use crate::services::client_file::clients::{self, ClientDetail, Saved};
use crate::services::client_file::clients::{CheckRecord, ClientHit, ConflictHit, MatterView};

#[tauri::command]
pub async fn search_clients(
    state: State<'_, AppState>,
    query: Arg<String>,
    limit: Arg<Option<i64>>,
) -> Result<Vec<ClientHit>, AppError> {
    let (query, limit) = (query.0, limit.0);
    blocking(&state, move |core| {
        clients::search_clients(core, &query, limit.unwrap_or(50))
    })
    .await
}

#[tauri::command]
pub async fn get_client(
    state: State<'_, AppState>,
    id: Arg<ClientId>,
) -> Result<ClientDetail, AppError> {
    let id = id.0;
    blocking(&state, move |core| {
        clients::get_client(core, id, core.today())
    })
    .await
}

#[tauri::command]
pub async fn add_client(
    state: State<'_, AppState>,
    input: Arg<ClientInput>,
) -> Result<Saved<ClientId>, AppError> {
    let input = input.0;
    blocking(&state, move |core| {
        clients::add_client(core, &input, core.now())
    })
    .await
}

#[tauri::command]
pub async fn add_matter(
    state: State<'_, AppState>,
    input: Arg<MatterInput>,
) -> Result<Saved<MatterId>, AppError> {
    let input = input.0;
    blocking(&state, move |core| {
        let now = core.now();
        clients::add_matter(core, &input, core.today(), now)
    })
    .await
}

#[tauri::command]
pub async fn add_opposing_party(
    state: State<'_, AppState>,
    matter: Arg<MatterId>,
    input: Arg<OpposingPartyInput>,
) -> Result<Saved<i64>, AppError> {
    let (matter, input) = (matter.0, input.0);
    blocking(&state, move |core| {
        clients::add_opposing_party(core, matter, &input, core.now())
    })
    .await
}

#[tauri::command]
pub async fn check_conflicts(
    state: State<'_, AppState>,
    name: Arg<String>,
    id_number: Arg<Option<String>>,
    matter: Arg<Option<MatterId>>,
) -> Result<Vec<ConflictHit>, AppError> {
    let (name, id_number, matter) = (name.0, id_number.0, matter.0);
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
    client: Arg<Option<ClientId>>,
) -> Result<Vec<MatterView>, AppError> {
    let client = client.0;
    blocking(&state, move |core| clients::list_matters(core, client)).await
}

#[tauri::command]
pub async fn get_matter(
    state: State<'_, AppState>,
    id: Arg<MatterId>,
) -> Result<(MatterView, Vec<CheckRecord>), AppError> {
    let id = id.0;
    blocking(&state, move |core| clients::get_matter(core, id)).await
}

#[tauri::command]
pub async fn update_client(
    state: State<'_, AppState>,
    id: Arg<ClientId>,
    input: Arg<serde_json::Map<String, serde_json::Value>>,
) -> Result<Saved<ClientId>, AppError> {
    let (id, input) = (id.0, input.0);
    blocking(&state, move |core| {
        clients::update_client(core, id, &input, core.now())
    })
    .await
}

#[tauri::command]
pub async fn add_related_person(
    state: State<'_, AppState>,
    id: Arg<ClientId>,
    input: Arg<crate::domain::client::RelatedPersonInput>,
) -> Result<Saved<i64>, AppError> {
    let (id, input) = (id.0, input.0);
    blocking(&state, move |core| {
        clients::add_related_person(core, id, &input, core.now())
    })
    .await
}

#[tauri::command]
pub async fn add_consent(
    state: State<'_, AppState>,
    id: Arg<ClientId>,
    input: Arg<crate::domain::client::ConsentInput>,
) -> Result<i64, AppError> {
    let (id, input) = (id.0, input.0);
    blocking(&state, move |core| {
        clients::add_consent(core, id, &input, core.now())
    })
    .await
}

#[tauri::command]
pub async fn withdraw_consent(
    state: State<'_, AppState>,
    id: Arg<ClientId>,
    consent: Arg<ConsentId>,
) -> Result<(), AppError> {
    let (id, consent) = (id.0, consent.0 .0);
    blocking(&state, move |core| {
        clients::withdraw_consent(core, id, consent, core.today(), core.now())
    })
    .await
}
