//! Legal clocks: a client's, a matter's, every client's, and the Dashboard's short list;
//! the debtor's written acknowledgments they restart from.

use super::arg::Arg;
use tauri::State;

use super::{ask, AppState};
use super::{ask_with, optional_date};
use crate::domain::collections::acknowledgment::AcknowledgmentInput;
use crate::domain::ids::{ClientId, MatterId};
use crate::domain::AppError;
use crate::requests::collections::{
    AcknowledgmentRow, ClientClock, ListAcknowledgments, ListClocksRunningOut, ListLegalClocks,
    RecordAcknowledgment, RunningOut,
};

/// The clocks of one matter, of one client, or of every client with overdue invoices;
/// `warning_only`: those with 90 days or fewer left (Collections lists no more).
#[tauri::command]
pub async fn legal_clocks(
    state: State<'_, AppState>,
    client_id: Arg<Option<ClientId>>,
    matter_id: Arg<Option<MatterId>>,
    as_of: Arg<Option<String>>,
    warning_only: Arg<Option<bool>>,
) -> Result<Vec<ClientClock>, AppError> {
    let (client, matter, as_of, warning_only) = (client_id.0, matter_id.0, as_of.0, warning_only.0);
    ask_with(&state, move |core| {
        Ok(ListLegalClocks {
            client,
            matter,
            as_of: optional_date(core, as_of, "as_of")?,
            warning_only: warning_only == Some(true),
        })
    })
    .await
}

/// The Dashboard's clocks that run out within 90 days (at most `limit`, 20 by default).
#[tauri::command]
pub async fn clocks_running_out(
    state: State<'_, AppState>,
    limit: Arg<Option<usize>>,
) -> Result<RunningOut, AppError> {
    ask(&state, ListClocksRunningOut { limit: limit.0 }).await
}

/// Records the debtor's signed written acknowledgment of its debt (Limitation Act 1980
/// s.29(5), s.30).
#[tauri::command]
pub async fn record_debt_acknowledgment(
    state: State<'_, AppState>,
    input: Arg<AcknowledgmentInput>,
) -> Result<AcknowledgmentRow, AppError> {
    ask(&state, RecordAcknowledgment { input: input.0 }).await
}

/// A client's recorded acknowledgments, latest first.
#[tauri::command]
pub async fn debt_acknowledgments(
    state: State<'_, AppState>,
    client_id: Arg<ClientId>,
) -> Result<Vec<AcknowledgmentRow>, AppError> {
    ask(
        &state,
        ListAcknowledgments {
            client: client_id.0,
        },
    )
    .await
}
