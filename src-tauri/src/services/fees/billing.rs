//! Engagements, payment-plan versions and invoices: issue from a plan item or ad hoc, cancel,
//! credit (late charges on a document of their own: `late_charges`). Numbers come from the
//! firm's gapless sequence in the same transaction as the document.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::json;

use crate::domain::dates;
use crate::domain::error::Validator;
use crate::domain::ids::{ClientId, EngagementId, InvoiceId};
use crate::domain::invoice::{InvoiceKind, InvoiceStatus};
use crate::domain::ledger;
use crate::domain::money::{rounding, Currency, Money};
use crate::domain::payment::InvoiceInput;
pub use crate::domain::plan::PlanChange;
use crate::domain::plan::{self};
use crate::domain::text;
use crate::domain::{AppError, AppResult};
use crate::services::core::Core;
use crate::store::engagements;
pub use crate::store::engagements::{Engagement, PlanEntry};
use crate::store::invoices::{self, NewInvoice, NewLine};
pub use crate::store::invoices::{InvoiceDetail, InvoiceFilter, InvoiceRow};
use crate::store::{audit, clients, firm, matters, payments, sequences, Tx};

pub fn engagements(core: &Core, client: Option<ClientId>) -> AppResult<Vec<Engagement>> {
    core.db.read(|c| engagements::list(c, client, 500))
}

pub fn engagement(core: &Core, id: EngagementId) -> AppResult<Engagement> {
    core.db.read(|c| engagements::get(c, id))
}

/// Writes a new plan version (the old one is kept). Invoiced items must stay as they are
/// (`domain::plan::revision`).
pub fn revise_plan(
    core: &Core,
    engagement: EngagementId,
    change: &PlanChange,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    core.db.write(|tx| {
        let e = engagements::get(tx, engagement)?;
        let reason =
            text::text(&change.reason, 500, true).map_err(|c| AppError::field("reason", c))?;
        let items = plan::validate(&change.items, e.total)?;
        let version = plan::revision(e.plan_version, &e.current_plan(), &items)?;
        engagements::insert_plan(tx, engagement, version, &reason, &items, now)?;
        let plan_of =
            |e: &engagements::Engagement| json!({ "plan_version": e.plan_version, "plan": e.plan });
        audit::record_diff(
            tx,
            now,
            ("revise_plan", "engagement", &engagement.to_string()),
            json!({ "version": version, "reason": reason }),
            Some(e.client_id.0),
            (
                Some(&plan_of(&e)),
                &plan_of(&engagements::get(tx, engagement)?),
            ),
            &[],
        )?;
        Ok(version)
    })
}

pub(crate) fn take_number(
    tx: &crate::store::Conn,
    kind: InvoiceKind,
    issued_on: NaiveDate,
) -> AppResult<String> {
    let prefix = firm::get_fee_settings(tx)?.invoice_prefix;
    let (seq, prefix) = match kind {
        InvoiceKind::CreditNote => ("credit_note", format!("{prefix}-CN")),
        InvoiceKind::Invoice | InvoiceKind::LateCharge => ("invoice", prefix),
    };
    let year = issued_on.year();
    let n = sequences::next(tx, &format!("{seq}/{year}"))?;
    Ok(sequences::format_number(&prefix, year, n))
}

/// The VAT inside a gross amount at `percent`, rounded once.
pub(crate) fn tax_inside(total: Money, percent: Decimal) -> AppResult<Money> {
    rounding::round_tax(
        total.amount() * percent / (Decimal::ONE_HUNDRED + percent),
        total.currency(),
    )
}

fn audit_issue(
    tx: &crate::store::Conn,
    id: i64,
    number: &str,
    doc: &NewInvoice<'_>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let after = json!({ "number": number, "kind": doc.kind, "issued_on": doc.issued_on,
                        "due_on": doc.due_on, "net": doc.net, "tax": doc.tax, "total": doc.total });
    audit::record_diff(
        tx,
        now,
        ("issue", "invoice", &id.to_string()),
        json!({ "number": number, "total": doc.total }),
        Some(doc.client_id.0),
        (None::<&()>, &after),
        &[],
    )
}

#[derive(Debug, Serialize)]
pub struct Issued {
    pub id: i64,
    pub number: String,
    /// Client credit applied to the new invoice at once.
    pub credit_applied: String,
}

/// Numbers and writes an invoice or late-charge document, records it in the audit history,
/// and applies any unallocated client credit in its currency to it.
pub(crate) fn issue(
    tx: &crate::store::Conn,
    doc: &NewInvoice<'_>,
    now: DateTime<Utc>,
) -> AppResult<Issued> {
    let number = take_number(tx, doc.kind, doc.issued_on)?;
    let id = invoices::insert(tx, &number, doc, now)?;
    audit_issue(tx, id, &number, doc, now)?;
    let applied = apply_credit(tx, doc.client_id, doc.total.currency(), now)?;
    Ok(Issued {
        id,
        number,
        credit_applied: applied.amount().to_string(),
    })
}

/// Applies a client's unallocated payments in `currency` to its open invoices, oldest due
/// first. Returns what was applied.
pub fn apply_credit(
    tx: &crate::store::Conn,
    client: ClientId,
    currency: Currency,
    now: DateTime<Utc>,
) -> AppResult<Money> {
    let mut applied = Money::zero(currency);
    for (payment, credit) in payments::with_credit(tx, client, currency)? {
        let items = invoices::open_items(tx, client, currency)?;
        if items.is_empty() {
            break;
        }
        let a = ledger::allocate(credit, &items, None)?;
        for (invoice, amount) in &a.parts {
            payments::allocate(tx, payment, *invoice, amount, now)?;
            applied = applied.checked_add(amount)?;
            let allocation = json!({ "invoice": invoice, "amount": amount });
            audit::record_diff(
                tx,
                now,
                ("apply_credit", "payment", &payment.to_string()),
                allocation.clone(),
                Some(client.0),
                (None::<&()>, &json!({ "allocated": allocation })),
                &[],
            )?;
        }
    }
    Ok(applied)
}

/// Issues the invoice for plan item `item_no` of an engagement.
pub fn issue_from_plan(
    core: &Core,
    engagement: EngagementId,
    item_no: i64,
    issued_on: NaiveDate,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<Issued> {
    core.db
        .write(|tx| issue_from_plan_in(tx, engagement, item_no, issued_on, today, now))
}

/// [`issue_from_plan`] once per request key: a retry with the key returns the first
/// invoice (its JSON) instead of `already_invoiced`.
pub fn issue_from_plan_once(
    core: &Core,
    (engagement, item_no, issued_on): (EngagementId, i64, NaiveDate),
    today: NaiveDate,
    now: DateTime<Utc>,
    key: Option<&crate::services::request_keys::RequestKey>,
) -> AppResult<serde_json::Value> {
    core.db.write(|tx| {
        crate::services::request_keys::once(key, tx, now, || {
            issue_from_plan_in(tx, engagement, item_no, issued_on, today, now)
        })
    })
}

/// [`issue_from_plan`] in the caller's transaction (the demo issues many invoices in one).
pub(crate) fn issue_from_plan_in(
    tx: &Tx<'_>,
    engagement: EngagementId,
    item_no: i64,
    issued_on: NaiveDate,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<Issued> {
    let e = engagements::get(tx, engagement)?;
    let item = e
        .plan
        .iter()
        .find(|i| i.item_no == item_no)
        .ok_or_else(|| AppError::field("item_no", "not_found"))?;
    if item.invoice_id.is_some() {
        return Err(AppError::field("item_no", "already_invoiced"));
    }
    if issued_on > today {
        return Err(AppError::field("issued_on", "future_date"));
    }
    let terms = firm::get_fee_settings(tx)?.payment_terms_days;
    let due_on = if item.due_on >= issued_on {
        item.due_on
    } else {
        issued_on + Duration::days(terms)
    };
    let percent = e.tax_percent;
    let total = item.amount;
    let tax = tax_inside(total, percent)?;
    let description = if item.label.is_empty() {
        format!("{} — {}", e.title, item.kind.code())
    } else {
        format!("{} — {}", e.title, item.label)
    };
    let lines = [NewLine {
        description,
        quantity: "1".into(),
        unit_price: total.amount().to_string(),
        amount: total.amount().to_string(),
        source_invoice_id: None,
        period: None,
    }];
    issue(
        tx,
        &NewInvoice {
            kind: InvoiceKind::Invoice,
            client_id: e.client_id,
            matter_id: Some(e.matter_id),
            engagement_id: Some(engagement),
            plan_item_no: Some(item_no),
            credits_invoice_id: None,
            issued_on,
            due_on,
            net: total.checked_sub(&tax)?,
            tax,
            total,
            tax_percent: percent.normalize().to_string(),
            notes: "",
            lines: &lines,
        },
        now,
    )
}

/// Issues an invoice from lines (not from a plan).
pub fn issue_ad_hoc(
    core: &Core,
    input: &InvoiceInput,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<Issued> {
    core.db.write(|tx| issue_ad_hoc_in(tx, input, today, now))
}

/// [`issue_ad_hoc`] once per request `key`: a retry with the same key returns the first
/// result and takes no second number.
pub fn issue_ad_hoc_once(
    core: &Core,
    input: &InvoiceInput,
    today: NaiveDate,
    now: DateTime<Utc>,
    key: Option<&crate::services::request_keys::RequestKey>,
) -> AppResult<serde_json::Value> {
    core.db.write(|tx| {
        crate::services::request_keys::once(key, tx, now, || issue_ad_hoc_in(tx, input, today, now))
    })
}

fn issue_ad_hoc_in(
    tx: &crate::store::Tx<'_>,
    input: &InvoiceInput,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<Issued> {
    let fees = firm::get_fee_settings(tx)?;
    let v = input.validate(today, fees.vat_percent, fees.prices_include_vat)?;
    clients::get(tx, input.client_id)?;
    if let Some(m) = input.matter_id {
        if matters::get(tx, m)?.client_id != input.client_id {
            return Err(AppError::field("matter_id", "matter_client"));
        }
    }
    let t = v.pricing.totals()?;
    if t.total.is_zero() {
        return Err(AppError::field("lines", "amount_positive"));
    }
    let lines: Vec<NewLine> = v
        .pricing
        .lines
        .iter()
        .zip(&t.lines)
        .map(|(l, m)| NewLine {
            description: if l.stage.is_empty() {
                l.description.clone()
            } else {
                format!("{} — {}", l.stage, l.description)
            },
            quantity: l.quantity.normalize().to_string(),
            unit_price: l.rate.normalize().to_string(),
            amount: m.amount().to_string(),
            source_invoice_id: None,
            period: None,
        })
        .collect();
    issue(
        tx,
        &NewInvoice {
            kind: InvoiceKind::Invoice,
            client_id: input.client_id,
            matter_id: input.matter_id,
            engagement_id: None,
            plan_item_no: None,
            credits_invoice_id: None,
            issued_on: v.issued_on,
            due_on: v.due_on,
            net: t.net,
            tax: t.tax,
            total: t.total,
            tax_percent: v.pricing.tax_percent.normalize().to_string(),
            notes: &v.notes,
            lines: &lines,
        },
        now,
    )
}

/// Cancels an invoice nothing has been paid or credited on. Its number stays taken.
pub fn cancel(
    core: &Core,
    id: InvoiceId,
    reason: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<InvoiceRow> {
    core.db.write(|tx| {
        let reason = text::text(reason, 500, true).map_err(|c| AppError::field("reason", c))?;
        let v = invoices::get_invoice(tx, id, today)?;
        if v.status == InvoiceStatus::Cancelled || v.kind == InvoiceKind::CreditNote {
            return Err(AppError::field("invoice", "invoice_closed"));
        }
        if v.open != v.total {
            return Err(AppError::field("invoice", "cancel_paid"));
        }
        invoices::cancel(tx, id.0, today, &reason, now)?;
        audit::record_change(
            tx,
            now,
            ("cancel", "invoice", &id.to_string()),
            json!({ "reason": reason }),
            audit::Change {
                client: v.client_id.map(|c| c.0),
                changes: &json!({ "status": { "before": v.status, "after": InvoiceStatus::Cancelled },
                                  "open": { "before": v.open, "after": "0" } }),
            },
        )?;
        invoices::get_row(tx, id.0, today)
    })
}

/// Credits (part of) an invoice's open amount with a credit note of its own number.
pub fn credit(
    core: &Core,
    id: InvoiceId,
    amount: &str,
    reason: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<Issued> {
    core.db.write(|tx| {
        let mut v = Validator::default();
        let reason = v.check("reason", text::text(reason, 500, true));
        let row = invoices::get_invoice(tx, id, today)?;
        let currency = row.currency();
        let amount = v.check("amount", plan::positive_amount(amount, currency));
        v.finish()?;
        let (amount, reason) = (amount.expect("validated"), reason.expect("validated"));
        if row.kind == InvoiceKind::CreditNote || row.status == InvoiceStatus::Cancelled {
            return Err(AppError::field("invoice", "invoice_closed"));
        }
        if amount.checked_cmp(&row.open)? == std::cmp::Ordering::Greater {
            return Err(AppError::field("amount", "beyond_open_amount"));
        }
        let percent = invoices::tax_percent(tx, id)?;
        let tax = tax_inside(amount, percent)?;
        let lines = [NewLine {
            description: format!("Credit to {}: {}", row.number, reason),
            quantity: "1".into(),
            unit_price: amount.amount().to_string(),
            amount: amount.amount().to_string(),
            source_invoice_id: Some(id.0),
            period: None,
        }];
        let number = take_number(tx, InvoiceKind::CreditNote, today)?;
        let cid = invoices::insert(
            tx,
            &number,
            &NewInvoice {
                kind: InvoiceKind::CreditNote,
                client_id: row
                    .client_id
                    .ok_or_else(|| AppError::field("invoice", "invoice_closed"))?,
                matter_id: row.matter_id,
                engagement_id: row.engagement_id,
                plan_item_no: None,
                credits_invoice_id: Some(id.0),
                issued_on: today,
                due_on: today,
                net: amount.checked_sub(&tax)?,
                tax,
                total: amount,
                tax_percent: percent.normalize().to_string(),
                notes: &reason,
                lines: &lines,
            },
            now,
        )?;
        let open_after = row.open.checked_sub(&amount)?;
        audit::record_change(
            tx,
            now,
            ("credit", "invoice", &id.to_string()),
            json!({ "credit_note": number, "amount": amount }),
            audit::Change {
                client: row.client_id.map(|c| c.0),
                changes: &json!({ "open": { "before": row.open, "after": open_after },
                                  "credit_note": { "before": null, "after": number } }),
            },
        )?;
        Ok(Issued {
            id: cid,
            number,
            credit_applied: "0".into(),
        })
    })
}

pub fn list_invoices(
    core: &Core,
    filter: &InvoiceFilter,
    today: NaiveDate,
) -> AppResult<Vec<InvoiceRow>> {
    check_filter(filter)?;
    core.db.read(|c| invoices::list(c, filter, today))
}

/// A filter the list understands: a known status, a currency code, ISO dates, a short text
/// (before: an unknown status listed everything and a date was compared as text).
fn check_filter(f: &InvoiceFilter) -> AppResult<()> {
    let mut v = Validator::default();
    if !["", "open", "overdue", "paid", "cancelled"].contains(&f.status.trim()) {
        v.push("status", "invalid");
    }
    if !f.currency.trim().is_empty() && Currency::parse(f.currency.trim()).is_err() {
        v.push("currency", "currency");
    }
    for (field, value) in [("issued_from", &f.issued_from), ("issued_to", &f.issued_to)] {
        if !value.trim().is_empty() {
            v.check(field, dates::parse_iso(value.trim()));
        }
    }
    v.check("text", text::text(&f.text, 200, false));
    v.finish()
}

pub fn invoice(core: &Core, id: InvoiceId, today: NaiveDate) -> AppResult<InvoiceDetail> {
    core.db.read(|c| invoices::get(c, id.0, today))
}

/// The contract an engagement's demand letters cite (title, number, date, work done, late
/// clause, dispute clause); an engagement without one gets empty fields.
pub fn engagement_contract(
    core: &Core,
    engagement_id: EngagementId,
) -> AppResult<crate::domain::letter_details::Contract> {
    core.db.read(|c| {
        engagements::get(c, engagement_id)?;
        Ok(crate::store::letter_details::contract(c, engagement_id)?.unwrap_or_default())
    })
}

pub fn save_engagement_contract(
    core: &Core,
    engagement_id: EngagementId,
    input: &crate::domain::letter_details::ContractInput,
    now: DateTime<Utc>,
) -> AppResult<crate::domain::letter_details::Contract> {
    let contract = input.validate()?;
    core.db.write(|tx| {
        let e = engagements::get(tx, engagement_id)?;
        let before = crate::store::letter_details::contract(tx, engagement_id)?;
        crate::store::letter_details::save_contract(tx, engagement_id, &contract, now)?;
        audit::record_diff(
            tx,
            now,
            ("update", "engagement_contract", &engagement_id.to_string()),
            json!({ "number": contract.contract_number }),
            Some(e.client_id.0),
            (before.as_ref(), &contract),
            &[],
        )
    })?;
    Ok(contract)
}

/// The currency for a new quote or invoice for `client`: its usual one (latest invoice,
/// else latest quote), `None` when it has none yet (the firm's default then applies).
pub fn usual_currency(core: &Core, client: ClientId) -> AppResult<Option<String>> {
    core.db
        .read(|c| crate::store::invoices::usual_currency(c, client))
}
