//! Contractual late charges (the engagement's late terms): what each overdue invoice owes
//! from where the last late-charge document stopped (or its due date), and a late-charge
//! document of their own. Each line is computed exactly per stretch of unchanged principal
//! and rounded once to the currency's minor unit (`rounding::round_interest`); the total is
//! the sum of the rounded lines, so what is printed adds up.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::domain::ids::{EngagementId, InvoiceId};
use crate::domain::invoice::{InvoiceKind, InvoiceStatus};
use crate::domain::ledger;
use crate::domain::money::{rounding, Money};
use crate::domain::{AppError, AppResult};
use crate::services::core::Core;
use crate::services::fees::billing::{issue, Issued};
use crate::store::engagements::{self, Engagement};
use crate::store::firm;
use crate::store::invoices::{self, Invoice, InvoiceFilter, NewInvoice, NewLine};

/// An amount as the window and the CLI show it: its decimal text (`"12.35"`).
fn amount_text<S: serde::Serializer>(m: &Money, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&m.amount().to_string())
}

/// What a late-charge document would hold for one invoice.
#[derive(Debug, Clone, Serialize)]
pub struct LateLine {
    pub invoice_id: InvoiceId,
    pub invoice_number: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: i64,
    pub basis: String,
    /// Rounded once to the currency's minor unit.
    #[serde(serialize_with = "amount_text")]
    pub amount: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct LateCharges {
    pub engagement_id: EngagementId,
    pub currency: String,
    pub rule: String,
    pub lines: Vec<LateLine>,
    /// The sum of the lines.
    #[serde(serialize_with = "amount_text")]
    pub total: Money,
}

/// The exact charge over stretches of unchanged principal (a fixed amount is charged once).
fn exact_charge(segs: &[ledger::Segment], rule: ledger::LateCharge) -> AppResult<Decimal> {
    if let ledger::LateCharge::Fixed { amount } = rule {
        return Ok(amount);
    }
    let mut sum = Decimal::ZERO;
    for s in segs {
        sum += ledger::late_charge_exact(s.principal, s.days(), rule)?;
    }
    Ok(sum)
}

/// The late charge on one invoice from where the last late-charge document stopped (or
/// its due date) to `as_of`, rounded once; `None` when nothing is due.
fn late_for(
    tx: &crate::store::Conn,
    row: &Invoice,
    rule: ledger::LateCharge,
    as_of: NaiveDate,
) -> AppResult<Option<LateLine>> {
    let currency = row.currency();
    let due = row.due_on;
    let charged = invoices::charged_through(tx, row.id.0)?;
    if matches!(rule, ledger::LateCharge::Fixed { .. }) && charged.is_some() {
        return Ok(None);
    }
    let from = charged.map_or(due, |c| c.max(due));
    if as_of <= from {
        return Ok(None);
    }
    let paid = invoices::payments_on(tx, row.id.0, currency)?;
    let segs = ledger::segments(row.total.checked_sub(&row.credited)?, from, as_of, &paid)?;
    if segs.is_empty() {
        return Ok(None);
    }
    let amount = rounding::round_interest(exact_charge(&segs, rule)?, currency)?;
    if amount.is_zero() {
        return Ok(None);
    }
    let basis = segs
        .iter()
        .map(|s| format!("{} × {} d", s.principal.amount(), s.days()))
        .collect::<Vec<_>>()
        .join(" + ");
    Ok(Some(LateLine {
        invoice_id: row.id,
        invoice_number: row.number.clone(),
        from,
        to: as_of,
        days: segs.iter().map(|s| s.days()).sum(),
        basis,
        amount,
    }))
}

/// The contractual late charge on one invoice to `as_of`, rounded as its line on a
/// late-charge document would be (zero when its engagement has no late-charge terms).
/// Letters add these per currency, so their lines add up to their totals too.
pub fn invoice_late(
    tx: &crate::store::Conn,
    invoice: &Invoice,
    as_of: NaiveDate,
) -> AppResult<Money> {
    let zero = Money::zero(invoice.currency());
    let Some(e) = invoice.engagement_id else {
        return Ok(zero);
    };
    // An unreadable engagement is an error, not "no late charge".
    let e = engagements::get(tx, e)?;
    let Some(rule) = e.late.charge() else {
        return Ok(zero);
    };
    Ok(late_for(tx, invoice, rule, as_of)?.map_or(zero, |l| l.amount))
}

fn late_lines(tx: &crate::store::Conn, e: &Engagement, as_of: NaiveDate) -> AppResult<LateCharges> {
    let currency = e.total.currency();
    let rule = e
        .late
        .charge()
        .ok_or_else(|| AppError::field("late.rule", "no_late_terms"))?;
    let list = invoices::list_invoices(
        tx,
        &InvoiceFilter {
            client_id: Some(e.client_id),
            limit: Some(10_000),
            ..Default::default()
        },
        as_of,
    )?;
    let mut lines = Vec::new();
    let mut total = Money::zero(currency);
    for row in list.iter().filter(|r| {
        r.engagement_id == Some(e.id)
            && r.kind == InvoiceKind::Invoice
            && r.status != InvoiceStatus::Cancelled
    }) {
        if let Some(line) = late_for(tx, row, rule, as_of)? {
            total = total.checked_add(&line.amount)?;
            lines.push(line);
        }
    }
    Ok(LateCharges {
        engagement_id: e.id,
        currency: currency.code().into(),
        rule: e.late.describe(),
        lines,
        total,
    })
}

/// The late charges an engagement's contract gives up to `as_of` (nothing is written).
pub fn late_charges(
    core: &Core,
    engagement: EngagementId,
    as_of: NaiveDate,
) -> AppResult<LateCharges> {
    core.db
        .read(|c| late_lines(c, &engagements::get(c, engagement)?, as_of))
}

/// Puts the late charges up to `as_of` on a late-charge document of their own, one line
/// per invoice with its rounded amount; the document's total is their sum.
pub fn issue_late_charges(
    core: &Core,
    engagement: EngagementId,
    as_of: NaiveDate,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<Issued> {
    core.db.write(|tx| {
        if as_of > today {
            return Err(AppError::field("as_of", "future_date"));
        }
        let e = engagements::get(tx, engagement)?;
        let lc = late_lines(tx, &e, as_of)?;
        if lc.lines.is_empty() || lc.total.is_zero() {
            return Err(AppError::field("as_of", "nothing_overdue"));
        }
        let terms = firm::get_fee_settings(tx)?.payment_terms_days;
        let lines: Vec<NewLine> = lc
            .lines
            .iter()
            .map(|l| NewLine {
                description: format!(
                    "Late charge on {} ({}; {})",
                    l.invoice_number, lc.rule, l.basis
                ),
                quantity: l.days.to_string(),
                unit_price: String::new(),
                amount: l.amount.amount().to_string(),
                source_invoice_id: Some(l.invoice_id.0),
                period: Some((l.from, l.to)),
            })
            .collect();
        issue(
            tx,
            &NewInvoice {
                kind: InvoiceKind::LateCharge,
                client_id: e.client_id,
                matter_id: Some(e.matter_id),
                engagement_id: Some(engagement),
                plan_item_no: None,
                credits_invoice_id: None,
                issued_on: today,
                due_on: today + Duration::days(terms),
                net: lc.total,
                tax: Money::zero(lc.total.currency()),
                total: lc.total,
                tax_percent: "0".into(),
                notes: &lc.rule,
                lines: &lines,
            },
            now,
        )
    })
}
