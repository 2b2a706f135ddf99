//! Fees and money: quotes, engagements and plans, invoices, payments, receivables, late
//! charges and statutory interest.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{json, Value};

use crate::domain::commlog::sha256_hex;
use crate::domain::ids::{ClientId, EngagementId, InvoiceId, PaymentId, QuoteId};
use crate::domain::letter_details::{Contract, ContractInput};
use crate::domain::payment::{InvoiceInput, PaymentInput};
use crate::domain::quote::{QuoteInput, Totals};
use crate::domain::quote_status::QuoteStatus;
use crate::domain::{AppError, AppResult};
use crate::services::fees::{billing, late_charges, payments, quotes, receivables};
use crate::services::request_keys::RequestKey;
use crate::services::Core;

pub use crate::services::fees::billing::{
    Engagement, InvoiceDetail, InvoiceFilter, InvoiceRow, Issued, PlanChange,
};
pub use crate::services::fees::late_charges::LateCharges;
pub use crate::services::fees::payments::{AllocationPreview, PaymentView};
pub use crate::services::fees::quotes::{Accepted, QuoteDetail, QuoteSummary, SavedQuote};
pub use crate::services::fees::receivables::{Aging, ClientAccount};

// Quotes.

request! {
    /// The totals of a quote as typed, for the editor (nothing is written).
    PreviewQuote { input: QuoteInput } -> Totals,
    |r, core| quotes::preview(core, &r.input)
}

request! {
    /// Saves a quote: a new draft without `id`, else a new revision of quote `id`.
    SaveQuote { id: Option<QuoteId>, input: QuoteInput } -> SavedQuote,
    |r, core| match r.id {
        Some(id) => quotes::revise(core, id, &r.input, core.now()),
        None => quotes::create(core, &r.input, core.today(), core.now()),
    }
}

request! {
    /// Quotes, newest first; of one client when `client_id` is given.
    ListQuotes { client_id: Option<ClientId> } -> Vec<QuoteSummary>,
    |r, core| quotes::list(core, r.client_id, core.today())
}

request! {
    /// One quote with its pricing, plan and every revision.
    GetQuote { id: QuoteId } -> QuoteDetail,
    |r, core| quotes::get(core, r.id, core.today())
}

request! {
    /// Marks a quote as sent or declined.
    SetQuoteStatus { id: QuoteId, status: QuoteStatus } -> QuoteSummary,
    |r, core| quotes::set_status(core, r.id, r.status.code(), core.today(), core.now())
}

request! {
    /// Accepts a quote on `on` (absent: today), creating its engagement and payment plan.
    AcceptQuote { id: QuoteId, on: Option<NaiveDate> } -> Accepted,
    |r, core| quotes::accept(core, r.id, r.on.unwrap_or(core.today()), core.now())
}

// Engagements and their plans.

request! {
    /// Engagements with their current payment plan; of one client when `client_id` is given.
    ListEngagements { client_id: Option<ClientId> } -> Vec<Engagement>,
    |r, core| billing::engagements(core, r.client_id)
}

request! {
    /// One engagement with its plan and plan versions.
    GetEngagement { id: EngagementId } -> Engagement,
    |r, core| billing::engagement(core, r.id)
}

request! {
    /// Writes a new version of an engagement's payment plan; gives the version's number.
    RevisePlan { id: EngagementId, change: PlanChange } -> i64,
    |r, core| billing::revise_plan(core, r.id, &r.change, core.now())
}

request! {
    /// The contract an engagement's demand letters cite.
    GetEngagementContract { engagement_id: EngagementId } -> Contract,
    |r, core| billing::engagement_contract(core, r.engagement_id)
}

request! {
    /// Replaces the contract an engagement's demand letters cite.
    SaveEngagementContract { engagement_id: EngagementId, input: ContractInput } -> Contract,
    |r, core| billing::save_engagement_contract(core, r.engagement_id, &r.input, core.now())
}

request! {
    /// An engagement's late charges up to `as_of` (absent: today), nothing written.
    ComputeLateCharges { engagement_id: EngagementId, as_of: Option<NaiveDate> } -> LateCharges,
    |r, core| late_charges::late_charges(core, r.engagement_id, r.as_of.unwrap_or(core.today()))
}

request! {
    /// Puts an engagement's late charges up to `as_of` (absent: today) on a document.
    IssueLateCharges { engagement_id: EngagementId, as_of: Option<NaiveDate> } -> Issued,
    |r, core| {
        let today = core.today();
        let as_of = r.as_of.unwrap_or(today);
        late_charges::issue_late_charges(core, r.engagement_id, as_of, today, core.now())
    }
}

// Invoices.

request! {
    /// Invoices, newest first, as the filter narrows them.
    ListInvoices { filter: InvoiceFilter } -> Vec<InvoiceRow>,
    |r, core| billing::list_invoices(core, &r.filter, core.today())
}

request! {
    /// One invoice with its lines, payments and credit notes.
    GetInvoice { id: InvoiceId } -> InvoiceDetail,
    |r, core| billing::invoice(core, r.id, core.today())
}

request! {
    /// Issues the invoice for one plan item on `issued_on` (absent: today); with a request
    /// key, a retry returns the first invoice.
    IssuePlanInvoice {
        engagement_id: EngagementId,
        item_no: i64,
        issued_on: Option<NaiveDate>,
        request_key: Option<String>,
    } -> Value,
    |r, core| {
        // The request as sent (a missing date stays missing: "today" is worked out below).
        let sent = serde_json::json!({ "engagement_id": r.engagement_id, "item_no": r.item_no,
                                       "issued_on": r.issued_on });
        let key = RequestKey::optional(r.request_key.as_deref(), "invoice.issue", &sent)?;
        let today = core.today();
        let issued_on = r.issued_on.unwrap_or(today);
        let item = (r.engagement_id, r.item_no, issued_on);
        billing::issue_from_plan_once(core, item, today, core.now(), key.as_ref())
    }
}

request! {
    /// Issues an invoice from lines (a retry with its request key gives the first again).
    IssueInvoice { input: InvoiceInput, request_key: Option<String> } -> Value,
    |r, core| {
        let key = RequestKey::optional(r.request_key.as_deref(), "invoice.issue", &r.input)?;
        billing::issue_ad_hoc_once(core, &r.input, core.today(), core.now(), key.as_ref())
    }
}

request! {
    /// Cancels an invoice nothing has been paid on (its number stays taken).
    CancelInvoice { id: InvoiceId, reason: String } -> InvoiceRow,
    |r, core| billing::cancel(core, r.id, &r.reason, core.today(), core.now())
}

request! {
    /// Credits part or all of what is open on an invoice, on a credit note of its own.
    CreditInvoice { id: InvoiceId, amount: String, reason: String } -> Issued,
    |r, core| billing::credit(core, r.id, &r.amount, &r.reason, core.today(), core.now())
}

// Payments.

/// A payment voucher: the file's name and bytes (kept in the data folder with its SHA-256).
pub struct Voucher {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Voucher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Voucher")
            .field("name", &self.name)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// A payment as a front end gives it.
#[derive(Debug)]
pub enum PaymentEntry {
    /// Every detail, allocations included (the window's form).
    Input(PaymentInput),
    /// The command line's short form (`payment record`).
    Flags(PaymentFlags),
}

/// `payment record`'s flags as given: to `invoice` (up to what is open on it, the rest as
/// client credit), else for `client` in `currency`, oldest due first; received on `date`
/// (today when absent). A request key is checked against these, before anything is worked
/// out from the current data.
#[derive(Debug, Serialize)]
pub struct PaymentFlags {
    pub invoice: Option<InvoiceId>,
    pub client: Option<ClientId>,
    pub currency: Option<String>,
    pub amount: String,
    pub date: Option<String>,
    pub method: String,
    pub reference: String,
    pub payer: String,
}

request! {
    /// How a payment would be allocated (nothing is written).
    PreviewPayment { input: PaymentInput } -> AllocationPreview,
    |r, core| payments::preview(core, &r.input, core.today())
}

request! {
    /// Records a payment, its allocation and voucher (a retry with its key records nothing).
    RecordPayment {
        entry: PaymentEntry,
        voucher: Option<Voucher>,
        request_key: Option<String>,
    } -> Value,
    |r, core| record_payment(r, core)
}

fn record_payment(r: RecordPayment, core: &Core) -> AppResult<Value> {
    let today = core.today();
    let voucher_sha = r.voucher.as_ref().map(|v| sha256_hex(&v.bytes));
    let key = r.request_key.as_deref();
    let (input, key) = match r.entry {
        PaymentEntry::Input(input) => {
            let key = RequestKey::optional(key, "payment.record", &(&input, voucher_sha))?;
            (input, key)
        }
        PaymentEntry::Flags(flags) => {
            let mut request =
                serde_json::to_value(&flags).map_err(|e| AppError::internal(e.to_string()))?;
            request["voucher"] = json!(voucher_sha);
            let key = RequestKey::optional(key, "payment.record", &request)?;
            if let Some(first) = key.as_ref().map(|k| k.replay(core)).transpose()?.flatten() {
                return Ok(first);
            }
            (input_from_flags(core, flags, today)?, key)
        }
    };
    let voucher = r
        .voucher
        .as_ref()
        .map(|v| (v.name.as_str(), v.bytes.as_slice()));
    payments::record_once(core, &input, voucher, today, core.now(), key.as_ref())
}

/// The payment `payment record`'s flags describe, as of `today`.
fn input_from_flags(core: &Core, flags: PaymentFlags, today: NaiveDate) -> AppResult<PaymentInput> {
    let mut input = match (flags.invoice, flags.client) {
        (Some(id), client) => {
            let input = payments::input_for_invoice(core, id, &flags.amount, today)?;
            // The invoice decides the client and the currency; a flag that says otherwise
            // is a mistake to show, never to overrule (1 USD was recorded as 1 CNY).
            if client.is_some_and(|c| c != input.client_id) {
                return Err(AppError::field("client", "invoice_client"));
            }
            let said = flags.currency.as_deref().map(str::trim);
            if said.is_some_and(|c| !c.eq_ignore_ascii_case(&input.currency)) {
                return Err(AppError::field("currency", "currency_mismatch"));
            }
            input
        }
        (None, Some(client_id)) => PaymentInput {
            client_id,
            currency: flags.currency.unwrap_or_default(),
            amount: flags.amount,
            ..Default::default()
        },
        (None, None) => return Err(AppError::field("invoice", "required")),
    };
    input.received_on = flags.date.unwrap_or_else(|| today.to_string());
    input.method = flags.method;
    input.reference = flags.reference;
    input.payer = flags.payer;
    Ok(input)
}

request! {
    /// Reverses a payment recorded by mistake; what it paid is open again.
    ReversePayment { id: PaymentId, reason: String } -> PaymentView,
    |r, core| {
        let p = payments::reverse(core, r.id, &r.reason, core.today(), core.now())?;
        Ok(PaymentView::from(&p))
    }
}

request! {
    /// Payments, newest first; of one client when `client_id` is given.
    ListPayments { client_id: Option<ClientId> } -> Vec<PaymentView>,
    |r, core| Ok(payments::list(core, r.client_id)?.iter().map(PaymentView::from).collect())
}

request! {
    /// One payment with its allocations.
    GetPayment { id: PaymentId } -> PaymentView,
    |r, core| payments::get(core, r.id).map(|p| PaymentView::from(&p))
}

// Receivables.

request! {
    /// Receivables by age on `as_of` (absent: today); `top` clients per currency if given.
    GetAging { as_of: Option<NaiveDate>, top: Option<usize> } -> Aging,
    |r, core| {
        let mut aging = receivables::aging(core, r.as_of.unwrap_or(core.today()))?;
        if let Some(n) = r.top {
            aging.currencies.iter_mut().for_each(|c| c.clients.truncate(n));
        }
        Ok(aging)
    }
}

request! {
    /// A client's balances per currency and per matter.
    GetClientAccount { client_id: ClientId } -> ClientAccount,
    |r, core| receivables::client_account(core, r.client_id, core.today())
}

request! {
    /// The currency a client's new quote or invoice starts in (its latest one's), if any.
    GetUsualCurrency { client_id: ClientId } -> Option<String>,
    |r, core| billing::usual_currency(core, r.client_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key stored by an earlier version (over the flags as `json!` wrote them) still
    /// matches a retry of the same `payment record`.
    #[test]
    fn payment_flags_keep_the_request_key_fingerprint() {
        let flags = PaymentFlags {
            invoice: Some(InvoiceId(7)),
            client: None,
            currency: None,
            amount: "1 234,50".into(),
            date: Some("2026-11-20".into()),
            method: "cash".into(),
            reference: "r".into(),
            payer: String::new(),
        };
        let mut now = serde_json::to_value(&flags).unwrap();
        now["voucher"] = json!(Some("ab"));
        let before = json!({
            "invoice": Some(7), "client": None::<i64>, "currency": None::<String>,
            "amount": "1 234,50", "date": Some("2026-11-20"), "method": "cash",
            "reference": "r", "payer": "", "voucher": Some("ab"),
        });
        assert_eq!(now.to_string(), before.to_string());
    }
}
