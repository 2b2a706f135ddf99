//! Fee quotes (seed 001): price with live totals, save, revise (every revision kept), send,
//! decline, accept. Accepting creates the engagement on the matter with its payment plan.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

use crate::domain::ids::{ClientId, EngagementId, MatterId, QuoteId};
use crate::domain::matter::MatterInput;
use crate::domain::plan::{PlanItem, PlanItemKind};
use crate::domain::quote::{QuoteInput, Totals};
use crate::domain::quote_status::QuoteEvent;
use crate::domain::{AppError, AppResult};
use crate::services::core::Core;
use crate::store::engagements::{self, NewEngagement};
use crate::store::quotes;
pub use crate::store::quotes::{QuoteDetail, QuoteSummary};
use crate::store::{audit, clients, firm, matters, sequences, Conn, Tx};

fn firm_tax(conn: &Conn) -> AppResult<(rust_decimal::Decimal, bool)> {
    let s = firm::get_fee_settings(conn)?;
    Ok((s.vat_percent, s.prices_include_vat))
}

/// Totals for the editor while the lawyer types (nothing is written).
pub fn preview(core: &Core, input: &QuoteInput) -> AppResult<Totals> {
    core.db.read(|c| {
        let q = input.validate(firm_tax(c)?, true)?;
        Ok(q.totals)
    })
}

#[derive(Debug, Serialize)]
pub struct SavedQuote {
    pub id: QuoteId,
    pub number: String,
    pub revision: i64,
}

/// Saves a new quote as a draft, numbered `Q-YYYY-NNNN`.
pub fn create(
    core: &Core,
    input: &QuoteInput,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<SavedQuote> {
    core.db.write(|tx| create_in(tx, input, today, now))
}

/// [`create`] in the caller's transaction (the demo prices many quotes in one).
pub(crate) fn create_in(
    tx: &Tx<'_>,
    input: &QuoteInput,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<SavedQuote> {
    let q = input.validate(firm_tax(tx)?, false)?;
    clients::get(tx, q.client_id)?;
    if let Some(m) = q.matter_id {
        check_matter(tx, m, q.client_id)?;
    }
    let n = sequences::next(tx, &format!("quote/{}", today.year()))?;
    let number = sequences::format_number("Q", today.year(), n);
    let id = quotes::insert(tx, &number, &q, now)?;
    audit::record_diff(
        tx,
        now,
        ("create", "quote", &id.to_string()),
        json!({ "number": number, "total": q.totals.total }),
        Some(q.client_id.0),
        (None::<&()>, &q),
        &[],
    )?;
    Ok(SavedQuote {
        id,
        number,
        revision: 1,
    })
}

fn check_matter(conn: &Conn, matter: MatterId, client: ClientId) -> AppResult<()> {
    let m = matters::get(conn, matter)?;
    if m.client_id != client {
        return Err(AppError::field("matter_id", "matter_client"));
    }
    Ok(())
}

/// Writes a new revision of a draft or sent quote; earlier revisions stay as they were.
pub fn revise(
    core: &Core,
    id: QuoteId,
    input: &QuoteInput,
    now: DateTime<Utc>,
) -> AppResult<SavedQuote> {
    core.db.write(|tx| {
        let (status, revision) = quotes::stored_status(tx, id)?;
        status
            .after(QuoteEvent::Revise)
            .map_err(|code| AppError::field("status", code))?;
        let q = input.validate(firm_tax(tx)?, false)?;
        let current = quotes::get(tx, id, now.date_naive())?;
        if q.client_id != current.summary.client_id {
            return Err(AppError::field("client_id", "quote_client"));
        }
        if let Some(m) = q.matter_id {
            check_matter(tx, m, q.client_id)?;
        }
        quotes::insert_revision(tx, id, revision + 1, &q, now)?;
        if q.matter_id != current.summary.matter_id {
            quotes::set_matter(tx, id, q.matter_id)?;
        }
        let audited = |d: &QuoteDetail| {
            json!({ "matter_id": d.summary.matter_id, "title": d.summary.title,
                    "total": d.summary.total, "valid_until": d.summary.valid_until,
                    "pricing": d.pricing, "plan": d.plan, "late": d.late, "terms": d.terms })
        };
        audit::record_diff(
            tx,
            now,
            ("revise", "quote", &id.to_string()),
            json!({ "revision": revision + 1, "total": q.totals.total }),
            Some(q.client_id.0),
            (
                Some(&audited(&current)),
                &audited(&quotes::get(tx, id, now.date_naive())?),
            ),
            &[],
        )?;
        Ok(SavedQuote {
            id,
            number: current.summary.number,
            revision: revision + 1,
        })
    })
}

/// Moves a quote to `sent` or `declined`.
pub fn set_status(
    core: &Core,
    id: QuoteId,
    status: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<QuoteSummary> {
    core.db
        .write(|tx| set_status_in(tx, id, status, today, now))
}

/// [`set_status`] in the caller's transaction.
pub(crate) fn set_status_in(
    tx: &Tx<'_>,
    id: QuoteId,
    status: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<QuoteSummary> {
    let current = quotes::get(tx, id, today)?.summary;
    let event = match status {
        "sent" => QuoteEvent::Send,
        "declined" => QuoteEvent::Decline,
        _ => return Err(AppError::field("status", "quote_status")),
    };
    let next = current
        .status
        .after(event)
        .map_err(|code| AppError::field("status", code))?;
    quotes::set_status(tx, id, next, None, now)?;
    audit::record_diff(
        tx,
        now,
        (next.code(), "quote", &id.to_string()),
        json!({}),
        Some(current.client_id.0),
        (
            Some(&json!({ "status": current.status })),
            &json!({ "status": next }),
        ),
        &[],
    )?;
    Ok(quotes::get(tx, id, today)?.summary)
}

#[derive(Debug, Serialize)]
pub struct Accepted {
    pub engagement_id: EngagementId,
    pub matter_id: MatterId,
}

/// Accepts a quote on `on`: the engagement is created on the quote's matter (a new matter
/// named after the quote when it has none) with plan version 1 — the quote's plan, or the
/// whole fee due after the firm's payment terms.
pub fn accept(core: &Core, id: QuoteId, on: NaiveDate, now: DateTime<Utc>) -> AppResult<Accepted> {
    core.db.write(|tx| accept_in(tx, id, on, now))
}

/// [`accept`] in the caller's transaction (the demo accepts many quotes in one).
pub(crate) fn accept_in(
    tx: &Tx<'_>,
    id: QuoteId,
    on: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<Accepted> {
    let q = quotes::get(tx, id, on)?;
    let accepted = q
        .summary
        .status
        .after(QuoteEvent::Accept)
        .map_err(|code| AppError::field("status", code))?;
    let fees = firm::get_fee_settings(tx)?;
    let totals = q.pricing.totals()?;
    let matter_id = match q.summary.matter_id {
        Some(m) => m,
        None => matter_from_quote(tx, &q, on, now)?,
    };
    let plan: Vec<PlanItem> = if q.plan.is_empty() {
        vec![PlanItem {
            item_no: None,
            kind: PlanItemKind::Prepayment,
            label: String::new(),
            amount: totals.total,
            due_on: on + Duration::days(fees.payment_terms_days),
        }]
    } else {
        crate::domain::plan::validate(&q.plan, totals.total)?
    };
    let engagement = engagements::insert(
        tx,
        &NewEngagement {
            client_id: q.summary.client_id,
            matter_id,
            quote_id: Some(id),
            title: &q.summary.title,
            total: totals.total,
            tax_percent: q.pricing.tax_percent,
            late: &q.late,
            accepted_on: on,
        },
        now,
    )?;
    engagements::insert_plan(tx, engagement, 1, "accepted quote", &plan, now)?;
    quotes::set_matter(tx, id, Some(matter_id))?;
    quotes::set_status(tx, id, accepted, Some(engagement), now)?;
    audit::record_diff(
        tx,
        now,
        ("accept", "quote", &id.to_string()),
        json!({ "engagement": engagement }),
        Some(q.summary.client_id.0),
        (
            Some(
                &json!({ "status": q.summary.status, "matter_id": q.summary.matter_id,
                          "engagement_id": null }),
            ),
            &json!({ "status": accepted, "matter_id": matter_id, "engagement_id": engagement }),
        ),
        &[],
    )?;
    Ok(Accepted {
        engagement_id: engagement,
        matter_id,
    })
}

/// The matter an accepted quote without one gets: named after the quote, opened on `on`.
fn matter_from_quote(
    tx: &Tx<'_>,
    q: &QuoteDetail,
    on: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<MatterId> {
    let m = MatterInput {
        client_id: Some(q.summary.client_id),
        title: q.summary.title.clone(),
        opened_on: crate::domain::dates::to_iso(on),
        ..Default::default()
    }
    .validate(on)?;
    let mid = matters::insert(tx, &m, now)?;
    audit::record_diff(
        tx,
        now,
        ("create", "matter", &mid.to_string()),
        json!({ "from_quote": q.summary.id }),
        Some(q.summary.client_id.0),
        (None::<&()>, &m),
        &["id_number"],
    )?;
    Ok(mid)
}

pub fn list(
    core: &Core,
    client: Option<ClientId>,
    today: NaiveDate,
) -> AppResult<Vec<QuoteSummary>> {
    core.db.read(|c| quotes::list(c, client, today, 500))
}

pub fn get(core: &Core, id: QuoteId, today: NaiveDate) -> AppResult<QuoteDetail> {
    core.db.read(|c| quotes::get(c, id, today))
}
