//! Payments: record (with the voucher kept under its SHA-256), allocate oldest due first or
//! as the lawyer says, keep the rest as client credit, reverse a mistake. Never edited.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

use crate::domain::commlog::AttachmentRef;
use crate::domain::ids::{ClientId, InvoiceId, PaymentId};
use crate::domain::ledger::{self, Allocation};
use crate::domain::payment::{Payment, PaymentInput};
use crate::domain::text;
use crate::domain::{AppError, AppResult};
use crate::services::client_file::commlog::store_attachment;
use crate::services::client_file::followups::schedule_after_payment;
use crate::services::core::Core;
use crate::services::fees::billing::apply_credit;
use crate::services::files::FileGuard;
use crate::services::request_keys::{self, RequestKey};
use crate::store::payments;
pub use crate::store::payments::{PaymentRecord, PaymentView};
use crate::store::{audit, clients, firm, invoices};

#[derive(Debug, Clone, Serialize)]
pub struct AllocationLine {
    pub invoice_id: i64,
    pub number: String,
    pub due_date: String,
    pub open_before: String,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AllocationPreview {
    pub currency: String,
    pub allocations: Vec<AllocationLine>,
    /// What is left as client credit.
    pub credit: String,
}

fn plan_allocation(
    tx: &crate::store::Conn,
    p: &Payment,
    today: NaiveDate,
) -> AppResult<(Allocation, AllocationPreview)> {
    clients::get(tx, p.client_id)?;
    if let Some(b) = p.bank_account_id {
        let account = firm::get_account(tx, b)
            .map_err(|_| AppError::field("bank_account_id", "not_found"))?;
        if account.account.currency != p.amount.currency() {
            return Err(AppError::field("bank_account_id", "currency_mismatch"));
        }
    }
    let currency = p.amount.currency();
    let items = invoices::open_items(tx, p.client_id, currency)?;
    if let Some(manual) = &p.manual {
        // An invoice of another currency or client is named as such, not as "not found".
        for (id, _) in manual {
            if !items.iter().any(|i| i.id == *id) {
                let row = invoices::get_invoice(tx, InvoiceId(*id), today)?;
                let code = if row.client_id != Some(p.client_id) {
                    "invoice_client"
                } else if row.currency() != currency {
                    "currency_mismatch"
                } else {
                    "invoice_settled"
                };
                return Err(AppError::field("allocations", code));
            }
        }
    }
    let a = ledger::allocate(p.amount, &items, p.manual.as_deref())?;
    let mut lines = Vec::new();
    for (id, m) in &a.parts {
        let row = invoices::get_invoice(tx, InvoiceId(*id), today)?;
        lines.push(AllocationLine {
            invoice_id: *id,
            number: row.number,
            due_date: crate::domain::dates::to_iso(row.due_on),
            open_before: row.open.amount().to_string(),
            amount: m.amount().to_string(),
        });
    }
    let preview = AllocationPreview {
        currency: currency.code().into(),
        allocations: lines,
        credit: a.credit.amount().to_string(),
    };
    Ok((a, preview))
}

/// How a payment would be allocated (nothing is written).
pub fn preview(
    core: &Core,
    input: &PaymentInput,
    today: NaiveDate,
) -> AppResult<AllocationPreview> {
    let p = input.validate(today)?;
    core.db.read(|c| plan_allocation(c, &p, today).map(|x| x.1))
}

#[derive(Debug, Serialize)]
pub struct Recorded {
    pub id: i64,
    pub allocations: Vec<AllocationLine>,
    pub credit: String,
    /// The follow-up visit planned after the payment.
    pub follow_up: i64,
}

/// The validated payment and its voucher copied into the data folder (removed again by
/// the guard when the payment fails).
fn prepare(
    core: &Core,
    input: &PaymentInput,
    voucher: Option<(&str, &[u8])>,
    today: NaiveDate,
    guard: &mut FileGuard,
) -> AppResult<(Payment, Option<AttachmentRef>)> {
    let p = input.validate(today)?;
    let stored = match voucher {
        Some((name, bytes)) => Some(store_attachment(core, name, bytes, guard).map_err(|e| {
            if e.fields.is_empty() {
                e
            } else {
                AppError::field("voucher", e.fields[0].code)
            }
        })?),
        None => None,
    };
    Ok((p, stored))
}

/// Records a payment, its allocation and its voucher (`name`, bytes) in one transaction.
pub fn record(
    core: &Core,
    input: &PaymentInput,
    voucher: Option<(&str, &[u8])>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<Recorded> {
    let mut guard = FileGuard::default();
    let (p, stored) = prepare(core, input, voucher, today, &mut guard)?;
    let recorded = core
        .db
        .write(|tx| record_in(tx, &p, stored.as_ref(), today, now))?;
    guard.commit()?;
    Ok(recorded)
}

/// [`record`] once per request `key`: a retry with the same key returns the first result.
pub fn record_once(
    core: &Core,
    input: &PaymentInput,
    voucher: Option<(&str, &[u8])>,
    today: NaiveDate,
    now: DateTime<Utc>,
    key: Option<&RequestKey>,
) -> AppResult<serde_json::Value> {
    let mut guard = FileGuard::default();
    let (p, stored) = prepare(core, input, voucher, today, &mut guard)?;
    let recorded = core.db.write(|tx| {
        request_keys::once(key, tx, now, || {
            record_in(tx, &p, stored.as_ref(), today, now)
        })
    })?;
    guard.commit()?;
    Ok(recorded)
}

/// [`record`] in the caller's transaction, for a payment validated by
/// [`PaymentInput::validate`] whose voucher is already kept (the demo records many in one).
pub(crate) fn record_in(
    tx: &crate::store::Tx<'_>,
    p: &Payment,
    stored: Option<&AttachmentRef>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<Recorded> {
    let (a, preview) = plan_allocation(tx, p, today)?;
    let id = payments::insert(
        tx,
        p,
        stored.map(|s| (s.file_name.as_str(), s.sha256.as_str())),
        now,
    )?;
    for (invoice, amount) in &a.parts {
        payments::allocate(tx, id, *invoice, amount, now)?;
    }
    let allocations: Vec<_> = a
        .parts
        .iter()
        .map(|(invoice, amount)| json!({ "invoice": invoice, "amount": amount }))
        .collect();
    // Payer and reference stay out: a reference may hold an account number.
    let after = json!({ "amount": p.amount, "received_on": p.received_on, "method": p.method,
                        "allocations": allocations, "credit": a.credit });
    audit::record_diff(
        tx,
        now,
        ("record", "payment", &id.to_string()),
        json!({ "amount": p.amount, "method": p.method, "allocations": a.parts.len(), "credit": a.credit }),
        Some(p.client_id.0),
        (None::<&()>, &after),
        &[],
    )?;
    let follow_up = schedule_after_payment(tx, p.client_id, p.received_on, now)?;
    Ok(Recorded {
        id,
        allocations: preview.allocations,
        credit: preview.credit,
        follow_up,
    })
}

/// Reverses a payment recorded by mistake: its allocations no longer count and the
/// invoices are open again (other credit of the client is applied to them).
pub fn reverse(
    core: &Core,
    id: PaymentId,
    reason: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<PaymentRecord> {
    core.db.write(|tx| {
        let reason = text::text(reason, 500, true).map_err(|c| AppError::field("reason", c))?;
        let (client, currency, reversed) = payments::state(tx, id.0)?;
        if reversed {
            return Err(AppError::field("payment", "already_reversed"));
        }
        payments::reverse(tx, id.0, today, &reason, now)?;
        audit::record_change(
            tx,
            now,
            ("reverse", "payment", &id.to_string()),
            json!({ "reason": reason }),
            audit::Change {
                client: client.map(|c| c.0),
                changes: &json!({ "reversed": { "before": false, "after": true },
                                  "reversed_on": { "before": null, "after": today } }),
            },
        )?;
        if let Some(c) = client {
            apply_credit(tx, c, currency, now)?;
        }
        payments::get_record(tx, id)
    })
}

pub fn list(core: &Core, client: Option<ClientId>) -> AppResult<Vec<PaymentRecord>> {
    core.db.read(|c| payments::list(c, client, 500))
}

pub fn get(core: &Core, id: PaymentId) -> AppResult<PaymentRecord> {
    core.db.read(|c| payments::get_record(c, id))
}

/// `payment record --invoice ID`: the invoice's client and currency, the amount to it up
/// to what is open, the rest as credit.
pub fn input_for_invoice(
    core: &Core,
    invoice: InvoiceId,
    amount: &str,
    today: NaiveDate,
) -> AppResult<PaymentInput> {
    core.db.read(|c| {
        let row = invoices::get_invoice(c, invoice, today)?;
        let client = row
            .client_id
            .ok_or_else(|| AppError::not_found("The invoice's client"))?;
        let currency = row.currency();
        let open = row.open;
        if open.is_zero() {
            return Err(AppError::field("invoice", "invoice_settled"));
        }
        let paid = crate::domain::plan::positive_amount(amount, currency)
            .map_err(|c| AppError::field("amount", c))?;
        let to_invoice = if paid.checked_cmp(&open)? == std::cmp::Ordering::Greater {
            open
        } else {
            paid
        };
        Ok(PaymentInput {
            client_id: client,
            currency: currency.code().into(),
            amount: amount.to_string(),
            allocations: vec![crate::domain::payment::AllocationInput {
                invoice_id: invoice.0,
                amount: to_invoice.amount().to_string(),
            }],
            ..Default::default()
        })
    })
}
