//! Fees and money: quotes, engagements and plans, invoices, payments, receivables.

use super::arg::{Arg, MAX_UPLOAD};
use tauri::State;

use super::{blocking, date_or_today, decode_upload, AppState};
use crate::domain::commlog::sha256_hex;
use crate::domain::fee_settings::{FeeSettings, FeeSettingsInput};
use crate::domain::ids::{ClientId, EngagementId, InvoiceId, PaymentId, QuoteId};
use crate::domain::letter_details::{Contract, ContractInput};
use crate::domain::payment::{InvoiceInput, PaymentInput};
use crate::domain::quote::{QuoteInput, Totals};
use crate::domain::AppError;
use crate::services::fees::billing::{self, Issued, PlanChange};
use crate::services::fees::billing::{Engagement, InvoiceDetail, InvoiceFilter, InvoiceRow};
use crate::services::fees::late_charges::{self, LateCharges};
use crate::services::fees::payments::PaymentView;
use crate::services::fees::payments::{self, AllocationPreview};
use crate::services::fees::quotes::{self, Accepted, SavedQuote};
use crate::services::fees::quotes::{QuoteDetail, QuoteSummary};
use crate::services::fees::receivables::Aging;
use crate::services::fees::receivables::{self, ClientAccount};
use crate::services::request_keys::RequestKey;

#[tauri::command]
pub async fn get_fee_settings(state: State<'_, AppState>) -> Result<FeeSettings, AppError> {
    blocking(&state, crate::services::firm::get_fee_settings).await
}

#[tauri::command]
pub async fn save_fee_settings(
    state: State<'_, AppState>,
    input: Arg<FeeSettingsInput>,
) -> Result<FeeSettings, AppError> {
    let input = input.0;
    blocking(&state, move |core| {
        crate::services::firm::save_fee_settings(core, &input, core.now())
    })
    .await
}

#[tauri::command]
pub async fn preview_quote(
    state: State<'_, AppState>,
    input: Arg<QuoteInput>,
) -> Result<Totals, AppError> {
    let input = input.0;
    blocking(&state, move |core| quotes::preview(core, &input)).await
}

#[tauri::command]
pub async fn save_quote(
    state: State<'_, AppState>,
    id: Arg<Option<QuoteId>>,
    input: Arg<QuoteInput>,
) -> Result<SavedQuote, AppError> {
    let (id, input) = (id.0, input.0);
    blocking(&state, move |core| match id {
        Some(id) => quotes::revise(core, id, &input, core.now()),
        None => quotes::create(core, &input, core.today(), core.now()),
    })
    .await
}

#[tauri::command]
pub async fn list_quotes(
    state: State<'_, AppState>,
    client_id: Arg<Option<ClientId>>,
) -> Result<Vec<QuoteSummary>, AppError> {
    let client_id = client_id.0;
    blocking(&state, move |core| {
        quotes::list(core, client_id, core.today())
    })
    .await
}

#[tauri::command]
pub async fn get_quote(
    state: State<'_, AppState>,
    id: Arg<QuoteId>,
) -> Result<QuoteDetail, AppError> {
    let id = id.0;
    blocking(&state, move |core| quotes::get(core, id, core.today())).await
}

#[tauri::command]
pub async fn set_quote_status(
    state: State<'_, AppState>,
    id: Arg<QuoteId>,
    status: Arg<String>,
) -> Result<QuoteSummary, AppError> {
    let (id, status) = (id.0, status.0);
    blocking(&state, move |core| {
        quotes::set_status(core, id, &status, core.today(), core.now())
    })
    .await
}

#[tauri::command]
pub async fn accept_quote(
    state: State<'_, AppState>,
    id: Arg<QuoteId>,
    on: Arg<Option<String>>,
) -> Result<Accepted, AppError> {
    let (id, on) = (id.0, on.0);
    blocking(&state, move |core| {
        quotes::accept(
            core,
            id,
            date_or_today(core, on, "accepted_on")?,
            core.now(),
        )
    })
    .await
}

#[tauri::command]
pub async fn list_engagements(
    state: State<'_, AppState>,
    client_id: Arg<Option<ClientId>>,
) -> Result<Vec<Engagement>, AppError> {
    let client_id = client_id.0;
    blocking(&state, move |core| billing::engagements(core, client_id)).await
}

#[tauri::command]
pub async fn get_engagement(
    state: State<'_, AppState>,
    id: Arg<EngagementId>,
) -> Result<Engagement, AppError> {
    let id = id.0;
    blocking(&state, move |core| billing::engagement(core, id)).await
}

#[tauri::command]
pub async fn revise_plan(
    state: State<'_, AppState>,
    id: Arg<EngagementId>,
    change: Arg<PlanChange>,
) -> Result<i64, AppError> {
    let (id, change) = (id.0, change.0);
    blocking(&state, move |core| {
        billing::revise_plan(core, id, &change, core.now())
    })
    .await
}

#[tauri::command]
pub async fn invoice_plan_item(
    state: State<'_, AppState>,
    engagement_id: Arg<EngagementId>,
    item_no: Arg<i64>,
    issued_on: Arg<Option<String>>,
) -> Result<Issued, AppError> {
    let (engagement_id, item_no, issued_on) = (engagement_id.0, item_no.0, issued_on.0);
    blocking(&state, move |core| {
        let issued = date_or_today(core, issued_on, "issued_on")?;
        billing::issue_from_plan(
            core,
            engagement_id,
            item_no,
            issued,
            core.today(),
            core.now(),
        )
    })
    .await
}

#[tauri::command]
pub async fn issue_invoice(
    state: State<'_, AppState>,
    input: Arg<InvoiceInput>,
    request_key: Arg<Option<String>>,
) -> Result<serde_json::Value, AppError> {
    let (input, request_key) = (input.0, request_key.0);
    blocking(&state, move |core| {
        let key = RequestKey::optional(request_key.as_deref(), "invoice.issue", &input)?;
        billing::issue_ad_hoc_once(core, &input, core.today(), core.now(), key.as_ref())
    })
    .await
}

#[tauri::command]
pub async fn cancel_invoice(
    state: State<'_, AppState>,
    id: Arg<InvoiceId>,
    reason: Arg<String>,
) -> Result<InvoiceRow, AppError> {
    let (id, reason) = (id.0, reason.0);
    blocking(&state, move |core| {
        billing::cancel(core, id, &reason, core.today(), core.now())
    })
    .await
}

#[tauri::command]
pub async fn credit_invoice(
    state: State<'_, AppState>,
    id: Arg<InvoiceId>,
    amount: Arg<String>,
    reason: Arg<String>,
) -> Result<Issued, AppError> {
    let (id, amount, reason) = (id.0, amount.0, reason.0);
    blocking(&state, move |core| {
        billing::credit(core, id, &amount, &reason, core.today(), core.now())
    })
    .await
}

#[tauri::command]
pub async fn late_charges(
    state: State<'_, AppState>,
    engagement_id: Arg<EngagementId>,
    as_of: Arg<Option<String>>,
) -> Result<LateCharges, AppError> {
    let (engagement_id, as_of) = (engagement_id.0, as_of.0);
    blocking(&state, move |core| {
        late_charges::late_charges(core, engagement_id, date_or_today(core, as_of, "as_of")?)
    })
    .await
}

/// The contract an engagement's demand letters cite; the same use case as
/// `lawdesk-cli engagement contract ID`.
#[tauri::command]
pub async fn get_engagement_contract(
    state: State<'_, AppState>,
    engagement_id: Arg<EngagementId>,
) -> Result<Contract, AppError> {
    let engagement_id = engagement_id.0;
    blocking(&state, move |core| {
        billing::engagement_contract(core, engagement_id)
    })
    .await
}

/// Replaces the engagement's contract (`lawdesk-cli engagement contract ID --set`).
#[tauri::command]
pub async fn save_engagement_contract(
    state: State<'_, AppState>,
    engagement_id: Arg<EngagementId>,
    input: Arg<ContractInput>,
) -> Result<Contract, AppError> {
    let (engagement_id, input) = (engagement_id.0, input.0);
    blocking(&state, move |core| {
        billing::save_engagement_contract(core, engagement_id, &input, core.now())
    })
    .await
}

#[tauri::command]
pub async fn issue_late_charges(
    state: State<'_, AppState>,
    engagement_id: Arg<EngagementId>,
    as_of: Arg<Option<String>>,
) -> Result<Issued, AppError> {
    let (engagement_id, as_of) = (engagement_id.0, as_of.0);
    blocking(&state, move |core| {
        late_charges::issue_late_charges(
            core,
            engagement_id,
            date_or_today(core, as_of, "as_of")?,
            core.today(),
            core.now(),
        )
    })
    .await
}

#[tauri::command]
pub async fn list_invoices(
    state: State<'_, AppState>,
    filter: Arg<InvoiceFilter>,
) -> Result<Vec<InvoiceRow>, AppError> {
    let filter = filter.0;
    blocking(&state, move |core| {
        billing::list_invoices(core, &filter, core.today())
    })
    .await
}

#[tauri::command]
pub async fn get_invoice(
    state: State<'_, AppState>,
    id: Arg<InvoiceId>,
) -> Result<InvoiceDetail, AppError> {
    let id = id.0;
    blocking(&state, move |core| billing::invoice(core, id, core.today())).await
}

#[tauri::command]
pub async fn preview_payment(
    state: State<'_, AppState>,
    input: Arg<PaymentInput>,
) -> Result<AllocationPreview, AppError> {
    let input = input.0;
    blocking(&state, move |core| {
        payments::preview(core, &input, core.today())
    })
    .await
}

/// `voucher`: the file name and its bytes in base64, as the file picker read them.
#[tauri::command]
pub async fn record_payment(
    state: State<'_, AppState>,
    input: Arg<PaymentInput>,
    voucher: Arg<Option<(String, String)>, MAX_UPLOAD>,
    request_key: Arg<Option<String>>,
) -> Result<serde_json::Value, AppError> {
    let (input, voucher, request_key) = (input.0, voucher.0, request_key.0);
    blocking(&state, move |core| {
        let file = match &voucher {
            Some((name, b64)) => Some((
                name.clone(),
                decode_upload(b64, "voucher", "file_unreadable")?,
            )),
            None => None,
        };
        let request = (&input, file.as_ref().map(|(_, b)| sha256_hex(b)));
        let key = RequestKey::optional(request_key.as_deref(), "payment.record", &request)?;
        payments::record_once(
            core,
            &input,
            file.as_ref().map(|(n, b)| (n.as_str(), b.as_slice())),
            core.today(),
            core.now(),
            key.as_ref(),
        )
    })
    .await
}

#[tauri::command]
pub async fn reverse_payment(
    state: State<'_, AppState>,
    id: Arg<PaymentId>,
    reason: Arg<String>,
) -> Result<PaymentView, AppError> {
    let (id, reason) = (id.0, reason.0);
    blocking(&state, move |core| {
        payments::reverse(core, id, &reason, core.today(), core.now())
            .map(|p| PaymentView::from(&p))
    })
    .await
}

#[tauri::command]
pub async fn list_payments(
    state: State<'_, AppState>,
    client_id: Arg<Option<ClientId>>,
) -> Result<Vec<PaymentView>, AppError> {
    let client_id = client_id.0;
    blocking(&state, move |core| {
        Ok(payments::list(core, client_id)?
            .iter()
            .map(PaymentView::from)
            .collect())
    })
    .await
}

#[tauri::command]
pub async fn aging(
    state: State<'_, AppState>,
    as_of: Arg<Option<String>>,
    top: Arg<Option<usize>>,
) -> Result<Aging, AppError> {
    let (as_of, top) = (as_of.0, top.0);
    blocking(&state, move |core| {
        let mut aging = receivables::aging(core, date_or_today(core, as_of, "as_of")?)?;
        // `top`: only the clients with the most overdue per currency (the Dashboard's five),
        // not every client of a large practice.
        if let Some(n) = top {
            aging
                .currencies
                .iter_mut()
                .for_each(|c| c.clients.truncate(n));
        }
        Ok(aging)
    })
    .await
}

#[tauri::command]
pub async fn client_account(
    state: State<'_, AppState>,
    client_id: Arg<ClientId>,
) -> Result<ClientAccount, AppError> {
    let client_id = client_id.0;
    blocking(&state, move |core| {
        receivables::client_account(core, client_id, core.today())
    })
    .await
}

#[tauri::command]
pub async fn get_payment(
    state: State<'_, AppState>,
    id: Arg<PaymentId>,
) -> Result<PaymentView, AppError> {
    let id = id.0;
    blocking(&state, move |core| {
        payments::get(core, id).map(|p| PaymentView::from(&p))
    })
    .await
}

/// The currency a new quote or invoice for this client starts in (its latest invoice's or
/// quote's), or none.
#[tauri::command]
pub async fn usual_currency(
    state: State<'_, AppState>,
    client_id: Arg<ClientId>,
) -> Result<Option<String>, AppError> {
    let client_id = client_id.0;
    blocking(&state, move |core| billing::usual_currency(core, client_id)).await
}
