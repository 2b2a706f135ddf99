//! Collections: the ladder, holds, arrangements, the daily run's due list and its confirmed
//! run (progress and cancel through `letter_batch_progress` / `cancel_letter_batch`).

use super::arg::Arg;
use crate::domain::ids::{ClientId, HoldId};
use std::sync::atomic::Ordering;

use tauri::State;

use super::{ask, AppState};
use super::{ask_with, optional_date};
use crate::domain::collections::arrangement::ArrangementInput;
use crate::domain::collections::hold::HoldInput;
use crate::domain::collections::ladder::{LadderInput, Stage};
use crate::domain::AppError;
use crate::requests::collections::*;
use crate::requests::letters::Progress;

/// The due actions and every overdue client's stage (the daily run, nothing written).
#[tauri::command]
pub async fn collections_overview(
    state: State<'_, AppState>,
    as_of: Arg<Option<String>>,
) -> Result<Overview, AppError> {
    let as_of = as_of.0;
    ask_with(&state, move |core| {
        Ok(ListDueActions {
            as_of: optional_date(core, as_of, "as_of")?,
        })
    })
    .await
}

/// Does the actions the lawyer confirmed (`picks`), polling progress as a letter batch.
#[tauri::command]
pub async fn collections_run(
    state: State<'_, AppState>,
    as_of: Arg<Option<String>>,
    picks: Arg<Vec<Pick>>,
    allow_missing: Arg<bool>,
) -> Result<RunOutcome, AppError> {
    let (as_of, picks, allow_missing) = (as_of.0, picks.0, allow_missing.0);
    let watch = state.batch.clone();
    watch.cancel.store(false, Ordering::SeqCst);
    watch.done.store(0, Ordering::SeqCst);
    watch.total.store(picks.len(), Ordering::SeqCst);
    let progress = Progress::new(move |done, total| {
        watch.done.store(done, Ordering::SeqCst);
        watch.total.store(total, Ordering::SeqCst);
        !watch.cancel.load(Ordering::SeqCst)
    });
    ask_with(&state, move |core| {
        Ok(RunCollections {
            as_of: optional_date(core, as_of, "as_of")?,
            select: Selection::Picked(picks),
            out_dir: None,
            allow_missing,
            progress,
        })
    })
    .await
}

#[tauri::command]
pub async fn collection_ladder(state: State<'_, AppState>) -> Result<Vec<Stage>, AppError> {
    ask(&state, GetLadder {}).await
}

#[tauri::command]
pub async fn set_collection_ladder(
    state: State<'_, AppState>,
    input: Arg<LadderInput>,
) -> Result<Vec<Stage>, AppError> {
    ask(&state, SaveLadder { input: input.0 }).await
}

#[tauri::command]
pub async fn collection_holds(
    state: State<'_, AppState>,
    client: Arg<Option<ClientId>>,
) -> Result<Vec<HoldRow>, AppError> {
    let req = ListHolds {
        client: client.0,
        all: false,
    };
    ask(&state, req).await
}

#[tauri::command]
pub async fn add_collection_hold(
    state: State<'_, AppState>,
    input: Arg<HoldInput>,
) -> Result<HoldRow, AppError> {
    ask(&state, AddHold { input: input.0 }).await
}

#[tauri::command]
pub async fn release_collection_hold(
    state: State<'_, AppState>,
    id: Arg<HoldId>,
) -> Result<HoldRow, AppError> {
    ask(&state, ReleaseHold { id: id.0 }).await
}

#[tauri::command]
pub async fn collection_arrangements(
    state: State<'_, AppState>,
    client: Arg<Option<ClientId>>,
) -> Result<Vec<ArrangementRow>, AppError> {
    ask(&state, ListArrangements { client: client.0 }).await
}

#[tauri::command]
pub async fn add_collection_arrangement(
    state: State<'_, AppState>,
    client: Arg<ClientId>,
    input: Arg<ArrangementInput>,
) -> Result<ArrangementRow, AppError> {
    let req = AddArrangement {
        client: client.0,
        input: input.0,
    };
    ask(&state, req).await
}

/// The latest 200 actions done (of one client, or all), newest first.
#[tauri::command]
pub async fn collection_actions(
    state: State<'_, AppState>,
    client: Arg<Option<ClientId>>,
) -> Result<Vec<ActionRow>, AppError> {
    let req = ListCollectionActions {
        client: client.0,
        limit: 200,
    };
    ask(&state, req).await
}
