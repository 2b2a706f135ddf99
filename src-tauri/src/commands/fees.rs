//! Fees and money: quotes, engagements and plans, invoices, payments, receivables.

use super::arg::{Arg, MAX_UPLOAD};
use tauri::State;

use super::{ask, ask_with, decode_upload, optional_date, AppState};
use crate::domain::fee_settings::{FeeSettings, FeeSettingsInput};
use crate::domain::ids::{ClientId, EngagementId, InvoiceId, PaymentId, QuoteId};
use crate::domain::letter_details::{Contract, ContractInput};
use crate::domain::payment::{InvoiceInput, PaymentInput};
use crate::domain::quote::{QuoteInput, Totals};
use crate::domain::quote_status::QuoteStatus;
use crate::domain::AppError;
use crate::requests::fees::*;
use crate::requests::practice::{GetFeeSettings, SaveFeeSettings};

#[tauri::command]
pub async fn get_fee_settings(state: State<'_, AppState>) -> Result<FeeSettings, AppError> {
    ask(&state, GetFeeSettings {}).await
}

#[tauri::command]
pub async fn save_fee_settings(
    state: State<'_, AppState>,
    input: Arg<FeeSettingsInput>,
) -> Result<FeeSettings, AppError> {
    ask(&state, SaveFeeSettings { input: input.0 }).await
}

#[tauri::command]
pub async fn preview_quote(
    state: State<'_, AppState>,
    input: Arg<QuoteInput>,
) -> Result<Totals, AppError> {
    ask(&state, PreviewQuote { input: input.0 }).await
}

#[tauri::command]
pub async fn save_quote(
    state: State<'_, AppState>,
    id: Arg<Option<QuoteId>>,
    input: Arg<QuoteInput>,
) -> Result<SavedQuote, AppError> {
    let (id, input) = (id.0, input.0);
    ask(&state, SaveQuote { id, input }).await
}

#[tauri::command]
pub async fn list_quotes(
    state: State<'_, AppState>,
    client_id: Arg<Option<ClientId>>,
) -> Result<Vec<QuoteSummary>, AppError> {
    ask(
        &state,
        ListQuotes {
            client_id: client_id.0,
        },
    )
    .await
}

#[tauri::command]
pub async fn get_quote(
    state: State<'_, AppState>,
    id: Arg<QuoteId>,
) -> Result<QuoteDetail, AppError> {
    ask(&state, GetQuote { id: id.0 }).await
}

/// `status`: `sent` or `declined`.
#[tauri::command]
pub async fn set_quote_status(
    state: State<'_, AppState>,
    id: Arg<QuoteId>,
    status: Arg<String>,
) -> Result<QuoteSummary, AppError> {
    let (id, status) = (id.0, status.0);
    ask_with(&state, move |_| {
        let status =
            QuoteStatus::parse(&status).ok_or_else(|| AppError::field("status", "quote_status"))?;
        Ok(SetQuoteStatus { id, status })
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
    ask_with(&state, move |core| {
        Ok(AcceptQuote {
            id,
            on: optional_date(core, on, "accepted_on")?,
        })
    })
    .await
}

#[tauri::command]
pub async fn list_engagements(
    state: State<'_, AppState>,
    client_id: Arg<Option<ClientId>>,
) -> Result<Vec<Engagement>, AppError> {
    ask(
        &state,
        ListEngagements {
            client_id: client_id.0,
        },
    )
    .await
}

#[tauri::command]
pub async fn get_engagement(
    state: State<'_, AppState>,
    id: Arg<EngagementId>,
) -> Result<Engagement, AppError> {
    ask(&state, GetEngagement { id: id.0 }).await
}

#[tauri::command]
pub async fn revise_plan(
    state: State<'_, AppState>,
    id: Arg<EngagementId>,
    change: Arg<PlanChange>,
) -> Result<i64, AppError> {
    let (id, change) = (id.0, change.0);
    ask(&state, RevisePlan { id, change }).await
}

#[tauri::command]
pub async fn invoice_plan_item(
    state: State<'_, AppState>,
    engagement_id: Arg<EngagementId>,
    item_no: Arg<i64>,
    issued_on: Arg<Option<String>>,
) -> Result<serde_json::Value, AppError> {
    let (engagement_id, item_no, issued_on) = (engagement_id.0, item_no.0, issued_on.0);
    ask_with(&state, move |core| {
        Ok(IssuePlanInvoice {
            engagement_id,
            item_no,
            issued_on: optional_date(core, issued_on, "issued_on")?,
            request_key: None,
        })
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
    ask(&state, IssueInvoice { input, request_key }).await
}

#[tauri::command]
pub async fn cancel_invoice(
    state: State<'_, AppState>,
    id: Arg<InvoiceId>,
    reason: Arg<String>,
) -> Result<InvoiceRow, AppError> {
    let (id, reason) = (id.0, reason.0);
    ask(&state, CancelInvoice { id, reason }).await
}

#[tauri::command]
pub async fn credit_invoice(
    state: State<'_, AppState>,
    id: Arg<InvoiceId>,
    amount: Arg<String>,
    reason: Arg<String>,
) -> Result<Issued, AppError> {
    let (id, amount, reason) = (id.0, amount.0, reason.0);
    ask(&state, CreditInvoice { id, amount, reason }).await
}

#[tauri::command]
pub async fn late_charges(
    state: State<'_, AppState>,
    engagement_id: Arg<EngagementId>,
    as_of: Arg<Option<String>>,
) -> Result<LateCharges, AppError> {
    let (engagement_id, as_of) = (engagement_id.0, as_of.0);
    ask_with(&state, move |core| {
        Ok(ComputeLateCharges {
            engagement_id,
            as_of: optional_date(core, as_of, "as_of")?,
        })
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
    ask(&state, GetEngagementContract { engagement_id }).await
}

/// Replaces the engagement's contract (`lawdesk-cli engagement contract ID --set`).
#[tauri::command]
pub async fn save_engagement_contract(
    state: State<'_, AppState>,
    engagement_id: Arg<EngagementId>,
    input: Arg<ContractInput>,
) -> Result<Contract, AppError> {
    let (engagement_id, input) = (engagement_id.0, input.0);
    ask(
        &state,
        SaveEngagementContract {
            engagement_id,
            input,
        },
    )
    .await
}

#[tauri::command]
pub async fn issue_late_charges(
    state: State<'_, AppState>,
    engagement_id: Arg<EngagementId>,
    as_of: Arg<Option<String>>,
) -> Result<Issued, AppError> {
    let (engagement_id, as_of) = (engagement_id.0, as_of.0);
    ask_with(&state, move |core| {
        Ok(IssueLateCharges {
            engagement_id,
            as_of: optional_date(core, as_of, "as_of")?,
        })
    })
    .await
}

#[tauri::command]
pub async fn list_invoices(
    state: State<'_, AppState>,
    filter: Arg<InvoiceFilter>,
) -> Result<Vec<InvoiceRow>, AppError> {
    ask(&state, ListInvoices { filter: filter.0 }).await
}

#[tauri::command]
pub async fn get_invoice(
    state: State<'_, AppState>,
    id: Arg<InvoiceId>,
) -> Result<InvoiceDetail, AppError> {
    ask(&state, GetInvoice { id: id.0 }).await
}

#[tauri::command]
pub async fn preview_payment(
    state: State<'_, AppState>,
    input: Arg<PaymentInput>,
) -> Result<AllocationPreview, AppError> {
    ask(&state, PreviewPayment { input: input.0 }).await
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
    ask_with(&state, move |_| {
        let voucher = match voucher {
            Some((name, b64)) => Some(Voucher {
                name,
                bytes: decode_upload(&b64, "voucher", "file_unreadable")?,
            }),
            None => None,
        };
        Ok(RecordPayment {
            entry: PaymentEntry::Input(input),
            voucher,
            request_key,
        })
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
    ask(&state, ReversePayment { id, reason }).await
}

#[tauri::command]
pub async fn list_payments(
    state: State<'_, AppState>,
    client_id: Arg<Option<ClientId>>,
) -> Result<Vec<PaymentView>, AppError> {
    ask(
        &state,
        ListPayments {
            client_id: client_id.0,
        },
    )
    .await
}

/// `top`: only the clients with the most overdue per currency (the Dashboard's five).
#[tauri::command]
pub async fn aging(
    state: State<'_, AppState>,
    as_of: Arg<Option<String>>,
    top: Arg<Option<usize>>,
) -> Result<Aging, AppError> {
    let (as_of, top) = (as_of.0, top.0);
    ask_with(&state, move |core| {
        Ok(GetAging {
            as_of: optional_date(core, as_of, "as_of")?,
            top,
        })
    })
    .await
}

#[tauri::command]
pub async fn client_account(
    state: State<'_, AppState>,
    client_id: Arg<ClientId>,
) -> Result<ClientAccount, AppError> {
    ask(
        &state,
        GetClientAccount {
            client_id: client_id.0,
        },
    )
    .await
}

#[tauri::command]
pub async fn get_payment(
    state: State<'_, AppState>,
    id: Arg<PaymentId>,
) -> Result<PaymentView, AppError> {
    ask(&state, GetPayment { id: id.0 }).await
}

/// The currency a new quote or invoice for this client starts in (its latest invoice's or
/// quote's), or none.
#[tauri::command]
pub async fn usual_currency(
    state: State<'_, AppState>,
    client_id: Arg<ClientId>,
) -> Result<Option<String>, AppError> {
    ask(
        &state,
        GetUsualCurrency {
            client_id: client_id.0,
        },
    )
    .await
}
