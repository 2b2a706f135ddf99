//! Legal clocks: a client's, a matter's, every client's, and the Dashboard's short list;
//! the debtor's written acknowledgments they restart from.

use super::arg::Arg;
use tauri::State;

use super::{blocking, date_or_today, AppState};
use crate::domain::collections::acknowledgment::AcknowledgmentInput;
use crate::domain::ids::{ClientId, MatterId};
use crate::domain::AppError;
use crate::services::collections::acknowledgments::{self, AcknowledgmentRow};
use crate::services::collections::clocks::{self, ClientClock, RunningOut};

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
    let (client_id, matter_id, as_of, warning_only) =
        (client_id.0, matter_id.0, as_of.0, warning_only.0);
    blocking(&state, move |core| {
        let as_of = date_or_today(core, as_of, "as_of")?;
        let mut list = match matter_id {
            Some(m) => clocks::matter_clocks(core, m, as_of)?,
            None => clocks::clocks(core, client_id, as_of)?,
        };
        if warning_only == Some(true) {
            list.retain(|c| c.warning);
        }
        Ok(list)
    })
    .await
}

/// The Dashboard's clocks that run out within 90 days (at most `limit`, 20 by default).
#[tauri::command]
pub async fn clocks_running_out(
    state: State<'_, AppState>,
    limit: Arg<Option<usize>>,
) -> Result<RunningOut, AppError> {
    let limit = limit.0;
    blocking(&state, move |core| {
        clocks::running_out(core, core.today(), limit.unwrap_or(20).min(200))
    })
    .await
}

/// Records the debtor's signed written acknowledgment of its debt (Limitation Act 1980
/// s.29(5), s.30).
#[tauri::command]
pub async fn record_debt_acknowledgment(
    state: State<'_, AppState>,
    input: Arg<AcknowledgmentInput>,
) -> Result<AcknowledgmentRow, AppError> {
    let input = input.0;
    blocking(&state, move |core| {
        acknowledgments::record(core, &input, core.today(), core.now())
    })
    .await
}

/// A client's recorded acknowledgments, latest first.
#[tauri::command]
pub async fn debt_acknowledgments(
    state: State<'_, AppState>,
    client_id: Arg<ClientId>,
) -> Result<Vec<AcknowledgmentRow>, AppError> {
    let client_id = client_id.0;
    blocking(&state, move |core| acknowledgments::list(core, client_id)).await
}
