//! Engagements (an accepted fee on a matter) and their payment-plan versions.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::database::{currency_column, rows, sql_error};
use super::decode::{self, in_row};
use crate::domain::dates;
use crate::domain::ids::{ClientId, EngagementId, InvoiceId, MatterId, QuoteId};
use crate::domain::money::{Currency, Money};
use crate::domain::plan::{CurrentItem, LateTerms, PlanItem, PlanItemKind};
use crate::domain::{AppError, AppResult};
use rust_decimal::Decimal;

pub struct NewEngagement<'a> {
    pub client_id: ClientId,
    pub matter_id: MatterId,
    pub quote_id: Option<QuoteId>,
    pub title: &'a str,
    pub total: Money,
    pub tax_percent: rust_decimal::Decimal,
    pub late: &'a LateTerms,
    pub accepted_on: NaiveDate,
}

pub fn insert(
    conn: &Connection,
    e: &NewEngagement<'_>,
    now: DateTime<Utc>,
) -> AppResult<EngagementId> {
    conn.execute(
        "INSERT INTO engagements(client_id, matter_id, quote_id, title, currency, total_minor, tax_percent,
                                 late_rule, late_rate, late_day_count, accepted_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            e.client_id.0,
            e.matter_id.0,
            e.quote_id.map(|q| q.0),
            e.title,
            e.total.currency().code(),
            e.total.minor_units()?,
            e.tax_percent.normalize().to_string(),
            e.late.rule,
            e.late.rate.normalize().to_string(),
            e.late.day_count,
            dates::to_iso(e.accepted_on),
            now.to_rfc3339()
        ],
    )
    .map_err(sql_error)?;
    Ok(EngagementId(conn.last_insert_rowid()))
}

/// Writes plan version `version`. Items without an `item_no` get new ones.
pub fn insert_plan(
    conn: &Connection,
    engagement: EngagementId,
    version: i64,
    reason: &str,
    items: &[PlanItem],
    now: DateTime<Utc>,
) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO payment_plans(engagement_id, version, reason, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![engagement.0, version, reason, now.to_rfc3339()],
    )
    .map_err(sql_error)?;
    let plan = conn.last_insert_rowid();
    let mut next_no: i64 = conn
        .query_row(
            "SELECT coalesce(max(i.item_no), 0) + 1 FROM plan_items i JOIN payment_plans p ON p.id = i.plan_id
             WHERE p.engagement_id = ?1",
            [engagement.0],
            |r| r.get(0),
        )
        .map_err(sql_error)?;
    for item in items {
        let no = match item.item_no {
            Some(n) => n,
            None => {
                next_no += 1;
                next_no - 1
            }
        };
        conn.execute(
            "INSERT INTO plan_items(plan_id, item_no, kind, label, amount_minor, due_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                plan,
                no,
                item.kind.code(),
                item.label,
                item.amount.minor_units()?,
                dates::to_iso(item.due_on)
            ],
        )
        .map_err(sql_error)?;
    }
    Ok(plan)
}

/// An item of an engagement's current plan version, in domain values.
#[derive(Debug, Clone, Serialize)]
pub struct PlanEntry {
    /// The `plan_items` row (for naming a stored value that does not parse).
    #[serde(skip)]
    pub row_id: i64,
    pub item_no: i64,
    pub kind: PlanItemKind,
    pub label: String,
    pub amount: Money,
    pub due_on: NaiveDate,
    /// The invoice issued for this item (not cancelled), if any.
    pub invoice_id: Option<InvoiceId>,
    pub invoice_number: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanVersion {
    pub version: i64,
    pub reason: String,
    pub created_at: String,
}

/// An engagement as stored, in domain values; it serializes as the window and the CLI show
/// it (ids as numbers, the VAT rate as decimal text, dates as `YYYY-MM-DD`).
#[derive(Debug, Clone, Serialize)]
pub struct Engagement {
    pub id: EngagementId,
    pub client_id: ClientId,
    pub matter_id: MatterId,
    pub matter_title: String,
    pub quote_id: Option<QuoteId>,
    pub title: String,
    pub total: Money,
    pub tax_percent: Decimal,
    pub late: LateTerms,
    pub accepted_on: NaiveDate,
    pub plan_version: i64,
    pub plan: Vec<PlanEntry>,
    pub versions: Vec<PlanVersion>,
}

impl Engagement {
    /// The current plan as the plan-version rules see it (`domain::plan::revision`).
    pub fn current_plan(&self) -> Vec<CurrentItem> {
        self.plan
            .iter()
            .map(|p| CurrentItem {
                item_no: p.item_no,
                amount: p.amount,
                due_on: p.due_on,
                invoiced: p.invoice_id.is_some(),
            })
            .collect()
    }
}

const SQL: &str = "SELECT e.id, e.client_id, e.matter_id, m.title, e.quote_id, e.title, e.currency,
        e.total_minor, e.tax_percent, e.late_rule, e.late_rate, e.late_day_count, e.accepted_on
     FROM engagements e JOIN matters m ON m.id = e.matter_id";

fn head(r: &rusqlite::Row<'_>) -> rusqlite::Result<Engagement> {
    const T: &str = "engagements";
    let currency = currency_column(r, 6)?;
    let id: i64 = r.get(0)?;
    let rate: String = r.get(10)?;
    let tax_percent: String = r.get(8)?;
    let accepted_on: String = r.get(12)?;
    Ok(Engagement {
        id: EngagementId(id),
        client_id: ClientId(r.get(1)?),
        matter_id: MatterId(r.get(2)?),
        matter_title: r.get(3)?,
        quote_id: r.get::<_, Option<i64>>(4)?.map(QuoteId),
        title: r.get(5)?,
        total: Money::from_minor_units(r.get(7)?, currency),
        tax_percent: in_row(decode::decimal(T, "tax_percent", id, &tax_percent))?,
        late: LateTerms {
            rule: r.get(9)?,
            rate: in_row(decode::decimal(T, "late_rate", id, &rate))?,
            day_count: r.get(11)?,
        },
        accepted_on: in_row(decode::date(T, "accepted_on", id, &accepted_on))?,
        plan_version: 0,
        plan: Vec::new(),
        versions: Vec::new(),
    })
}

fn plan_entry(currency: Currency) -> impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<PlanEntry> {
    move |r| {
        let row_id: i64 = r.get(5)?;
        let kind: String = r.get(1)?;
        let due_on: String = r.get(4)?;
        Ok(PlanEntry {
            row_id,
            item_no: r.get(0)?,
            kind: in_row(decode::enum_(
                "plan_items",
                "kind",
                row_id,
                &kind,
                PlanItemKind::parse,
            ))?,
            label: r.get(2)?,
            amount: Money::from_minor_units(r.get(3)?, currency),
            due_on: in_row(decode::date("plan_items", "due_on", row_id, &due_on))?,
            invoice_id: r.get::<_, Option<i64>>(6)?.map(InvoiceId),
            invoice_number: r.get(7)?,
        })
    }
}

fn with_plan(conn: &Connection, mut e: Engagement) -> AppResult<Engagement> {
    e.versions = rows(
        conn,
        "SELECT version, reason, created_at FROM payment_plans WHERE engagement_id = ?1 ORDER BY version",
        [e.id.0],
        |r| {
            Ok(PlanVersion {
                version: r.get(0)?,
                reason: r.get(1)?,
                created_at: r.get(2)?,
            })
        },
    )?;
    e.plan_version = e.versions.last().map(|v| v.version).unwrap_or(0);
    e.plan = rows(
        conn,
        "SELECT i.item_no, i.kind, i.label, i.amount_minor, i.due_on, i.id,
                (SELECT v.id FROM invoices v WHERE v.engagement_id = ?1 AND v.plan_item_no = i.item_no
                   AND v.kind = 'invoice' AND NOT EXISTS (SELECT 1 FROM invoice_cancellations x WHERE x.invoice_id = v.id)),
                (SELECT v.number FROM invoices v WHERE v.engagement_id = ?1 AND v.plan_item_no = i.item_no
                   AND v.kind = 'invoice' AND NOT EXISTS (SELECT 1 FROM invoice_cancellations x WHERE x.invoice_id = v.id))
         FROM plan_items i JOIN payment_plans p ON p.id = i.plan_id
         WHERE p.engagement_id = ?1 AND p.version = ?2 ORDER BY i.due_on, i.item_no",
        params![e.id.0, e.plan_version],
        plan_entry(e.total.currency()),
    )?;
    Ok(e)
}

pub fn get(conn: &Connection, id: EngagementId) -> AppResult<Engagement> {
    let e = conn
        .query_row(&format!("{SQL} WHERE e.id = ?1"), [id.0], head)
        .optional()
        .map_err(sql_error)?
        .ok_or_else(|| AppError::not_found("The engagement"))?;
    with_plan(conn, e)
}

pub fn list(conn: &Connection, client: Option<ClientId>, limit: i64) -> AppResult<Vec<Engagement>> {
    let heads = rows(
        conn,
        &format!("{SQL} WHERE (?1 IS NULL OR e.client_id = ?1) ORDER BY e.accepted_on DESC, e.id DESC LIMIT ?2"),
        params![client.map(|c| c.0), limit],
        head,
    )?;
    heads.into_iter().map(|e| with_plan(conn, e)).collect()
}

/// The currency of an engagement (for checks before a plan change).
pub fn currency(conn: &Connection, id: EngagementId) -> AppResult<Currency> {
    get(conn, id).map(|e| e.total.currency())
}
