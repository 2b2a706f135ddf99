//! Collections: the ladder, holds, arrangements, the daily run's due list and its confirmed
//! run (progress and cancel through `letter_batch_progress` / `cancel_letter_batch`).

use super::arg::Arg;
use crate::domain::ids::{ClientId, HoldId};
use std::sync::atomic::Ordering;

use tauri::State;

use super::{blocking, date_or_today, AppState};
use crate::domain::collections::arrangement::ArrangementInput;
use crate::domain::collections::hold::HoldInput;
use crate::domain::collections::ladder::{LadderInput, Stage};
use crate::domain::AppError;
use crate::services::collections::{self, due, run};
use crate::services::collections::{ActionRow, ArrangementRow, HoldRow};

/// The due actions and every overdue client's stage (the daily run, nothing written).
#[tauri::command]
pub async fn collections_overview(
    state: State<'_, AppState>,
    as_of: Arg<Option<String>>,
) -> Result<due::Overview, AppError> {
    let as_of = as_of.0;
    blocking(&state, move |core| {
        let as_of = date_or_today(core, as_of, "as_of")?;
        due::overview(core, as_of)
    })
    .await
}

/// Does the actions the lawyer confirmed (`picks`), polling progress as a letter batch.
#[tauri::command]
pub async fn collections_run(
    state: State<'_, AppState>,
    as_of: Arg<Option<String>>,
    picks: Arg<Vec<run::Pick>>,
    allow_missing: Arg<bool>,
) -> Result<run::RunOutcome, AppError> {
    let (as_of, picks, allow_missing) = (as_of.0, picks.0, allow_missing.0);
    let progress = state.batch.clone();
    progress.cancel.store(false, Ordering::SeqCst);
    progress.done.store(0, Ordering::SeqCst);
    progress.total.store(picks.len(), Ordering::SeqCst);
    blocking(&state, move |core| {
        let as_of = date_or_today(core, as_of, "as_of")?;
        let opts = run::RunOptions {
            as_of,
            picks: Some(&picks),
            out_dir: None,
            allow_missing,
        };
        run::run(core, opts, core.today(), core.now(), &mut |done, total| {
            progress.done.store(done, Ordering::SeqCst);
            progress.total.store(total, Ordering::SeqCst);
            !progress.cancel.load(Ordering::SeqCst)
        })
    })
    .await
}

#[tauri::command]
pub async fn collection_ladder(state: State<'_, AppState>) -> Result<Vec<Stage>, AppError> {
    blocking(&state, collections::ladder).await
}

#[tauri::command]
pub async fn set_collection_ladder(
    state: State<'_, AppState>,
    input: Arg<LadderInput>,
) -> Result<Vec<Stage>, AppError> {
    let input = input.0;
    blocking(&state, move |core| {
        collections::set_ladder(core, &input, core.now())
    })
    .await
}

#[tauri::command]
pub async fn collection_holds(
    state: State<'_, AppState>,
    client: Arg<Option<ClientId>>,
) -> Result<Vec<HoldRow>, AppError> {
    let client = client.0.map(|v| v.0);
    blocking(&state, move |core| collections::holds(core, client, false)).await
}

#[tauri::command]
pub async fn add_collection_hold(
    state: State<'_, AppState>,
    input: Arg<HoldInput>,
) -> Result<HoldRow, AppError> {
    let input = input.0;
    blocking(&state, move |core| {
        collections::add_hold(core, &input, core.today(), core.now())
    })
    .await
}

#[tauri::command]
pub async fn release_collection_hold(
    state: State<'_, AppState>,
    id: Arg<HoldId>,
) -> Result<HoldRow, AppError> {
    let id = id.0 .0;
    blocking(&state, move |core| {
        collections::release_hold(core, id, core.today(), core.now())
    })
    .await
}

#[tauri::command]
pub async fn collection_arrangements(
    state: State<'_, AppState>,
    client: Arg<Option<ClientId>>,
) -> Result<Vec<ArrangementRow>, AppError> {
    let client = client.0.map(|v| v.0);
    blocking(&state, move |core| collections::arrangements(core, client)).await
}

#[tauri::command]
pub async fn add_collection_arrangement(
    state: State<'_, AppState>,
    client: Arg<ClientId>,
    input: Arg<ArrangementInput>,
) -> Result<ArrangementRow, AppError> {
    let (client, input) = (client.0 .0, input.0);
    blocking(&state, move |core| {
        collections::add_arrangement(core, client, &input, core.today(), core.now())
    })
    .await
}

#[tauri::command]
pub async fn collection_actions(
    state: State<'_, AppState>,
    client: Arg<Option<ClientId>>,
) -> Result<Vec<ActionRow>, AppError> {
    let client = client.0.map(|v| v.0);
    blocking(&state, move |core| {
        crate::services::collections::actions(core, client, 200)
    })
    .await
}
