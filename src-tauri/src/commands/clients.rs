//! Clients, matters and the conflict check.

use super::arg::Arg;
use tauri::State;

use super::{ask, AppState};
use crate::domain::client::{ClientInput, ConsentInput, RelatedPersonInput};
use crate::domain::ids::{ClientId, ConsentId, MatterId};
use crate::domain::matter::{MatterInput, OpposingPartyInput};
use crate::domain::AppError;
use crate::requests::client_file::*;

#[tauri::command]
pub async fn search_clients(
    state: State<'_, AppState>,
    query: Arg<String>,
    limit: Arg<Option<i64>>,
) -> Result<Vec<ClientHit>, AppError> {
    let limit = limit.0.unwrap_or(50);
    ask(
        &state,
        SearchClients {
            query: query.0,
            limit,
        },
    )
    .await
}

#[tauri::command]
pub async fn get_client(
    state: State<'_, AppState>,
    id: Arg<ClientId>,
) -> Result<ClientDetail, AppError> {
    ask(&state, GetClient { id: id.0 }).await
}

#[tauri::command]
pub async fn add_client(
    state: State<'_, AppState>,
    input: Arg<ClientInput>,
) -> Result<Saved<ClientId>, AppError> {
    ask(&state, AddClient { input: input.0 }).await
}

#[tauri::command]
pub async fn add_matter(
    state: State<'_, AppState>,
    input: Arg<MatterInput>,
) -> Result<Saved<MatterId>, AppError> {
    ask(&state, AddMatter { input: input.0 }).await
}

#[tauri::command]
pub async fn add_opposing_party(
    state: State<'_, AppState>,
    matter: Arg<MatterId>,
    input: Arg<OpposingPartyInput>,
) -> Result<Saved<i64>, AppError> {
    let (matter, input) = (matter.0, input.0);
    ask(&state, AddOpposingParty { matter, input }).await
}

#[tauri::command]
pub async fn check_conflicts(
    state: State<'_, AppState>,
    name: Arg<String>,
    id_number: Arg<Option<String>>,
    matter: Arg<Option<MatterId>>,
) -> Result<Vec<ConflictHit>, AppError> {
    let (name, id_number, matter) = (name.0, id_number.0, matter.0);
    ask(
        &state,
        CheckConflicts {
            name,
            id_number,
            matter,
        },
    )
    .await
}

#[tauri::command]
pub async fn list_matters(
    state: State<'_, AppState>,
    client: Arg<Option<ClientId>>,
) -> Result<Vec<MatterView>, AppError> {
    ask(&state, ListMatters { client: client.0 }).await
}

#[tauri::command]
pub async fn get_matter(
    state: State<'_, AppState>,
    id: Arg<MatterId>,
) -> Result<(MatterView, Vec<CheckRecord>), AppError> {
    ask(&state, GetMatter { id: id.0 }).await
}

#[tauri::command]
pub async fn update_client(
    state: State<'_, AppState>,
    id: Arg<ClientId>,
    input: Arg<serde_json::Map<String, serde_json::Value>>,
) -> Result<Saved<ClientId>, AppError> {
    ask(
        &state,
        UpdateClient {
            id: id.0,
            input: input.0,
        },
    )
    .await
}

#[tauri::command]
pub async fn add_related_person(
    state: State<'_, AppState>,
    id: Arg<ClientId>,
    input: Arg<RelatedPersonInput>,
) -> Result<Saved<i64>, AppError> {
    ask(
        &state,
        AddRelatedPerson {
            id: id.0,
            input: input.0,
        },
    )
    .await
}

#[tauri::command]
pub async fn add_consent(
    state: State<'_, AppState>,
    id: Arg<ClientId>,
    input: Arg<ConsentInput>,
) -> Result<i64, AppError> {
    ask(
        &state,
        AddConsent {
            id: id.0,
            input: input.0,
        },
    )
    .await
}

#[tauri::command]
pub async fn withdraw_consent(
    state: State<'_, AppState>,
    id: Arg<ClientId>,
    consent: Arg<ConsentId>,
) -> Result<(), AppError> {
    let (id, consent) = (id.0, consent.0);
    ask(&state, WithdrawConsent { id, consent }).await
}
