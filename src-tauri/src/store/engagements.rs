//! Engagements (an accepted fee on a matter) and their payment-plan versions.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::database::{currency_column, rows, sql_error};
use super::decode::{self, in_row};
use crate::domain::dates;
use crate::domain::ids::{ClientId, MatterId};
use crate::domain::money::{Currency, Money};
use crate::domain::plan::{LateTerms, PlanItem};
use crate::domain::{AppError, AppResult};

pub struct NewEngagement<'a> {
    pub client_id: ClientId,
    pub matter_id: MatterId,
    pub quote_id: Option<i64>,
    pub title: &'a str,
    pub total: Money,
    pub tax_percent: rust_decimal::Decimal,
    pub late: &'a LateTerms,
    pub accepted_on: NaiveDate,
}

pub fn insert(conn: &Connection, e: &NewEngagement<'_>, now: DateTime<Utc>) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO engagements(client_id, matter_id, quote_id, title, currency, total_minor, tax_percent,
                                 late_rule, late_rate, late_day_count, accepted_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            e.client_id.0,
            e.matter_id.0,
            e.quote_id,
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
    Ok(conn.last_insert_rowid())
}

/// Writes plan version `version`. Items without an `item_no` get new ones.
pub fn insert_plan(
    conn: &Connection,
    engagement: i64,
    version: i64,
    reason: &str,
    items: &[PlanItem],
    now: DateTime<Utc>,
) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO payment_plans(engagement_id, version, reason, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![engagement, version, reason, now.to_rfc3339()],
    )
    .map_err(sql_error)?;
    let plan = conn.last_insert_rowid();
    let mut next_no: i64 = conn
        .query_row(
            "SELECT coalesce(max(i.item_no), 0) + 1 FROM plan_items i JOIN payment_plans p ON p.id = i.plan_id
             WHERE p.engagement_id = ?1",
            [engagement],
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

#[derive(Debug, Clone, Serialize)]
pub struct PlanItemView {
    /// The `plan_items` row (for naming a stored value that does not parse).
    #[serde(skip)]
    pub row_id: i64,
    pub item_no: i64,
    pub kind: String,
    pub label: String,
    pub amount: Money,
    pub due_on: String,
    /// The invoice issued for this item (not cancelled), if any.
    pub invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanVersion {
    pub version: i64,
    pub reason: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EngagementView {
    pub id: i64,
    pub client_id: ClientId,
    pub matter_id: MatterId,
    pub matter_title: String,
    pub quote_id: Option<i64>,
    pub title: String,
    pub total: Money,
    pub tax_percent: String,
    pub late: LateTerms,
    pub accepted_on: String,
    pub plan_version: i64,
    pub plan: Vec<PlanItemView>,
    pub versions: Vec<PlanVersion>,
}

const SQL: &str = "SELECT e.id, e.client_id, e.matter_id, m.title, e.quote_id, e.title, e.currency,
        e.total_minor, e.tax_percent, e.late_rule, e.late_rate, e.late_day_count, e.accepted_on
     FROM engagements e JOIN matters m ON m.id = e.matter_id";

fn head(r: &rusqlite::Row<'_>) -> rusqlite::Result<EngagementView> {
    let currency = currency_column(r, 6)?;
    let id: i64 = r.get(0)?;
    let rate: String = r.get(10)?;
    let tax_percent: String = r.get(8)?;
    in_row(decode::decimal(
        "engagements",
        "tax_percent",
        id,
        &tax_percent,
    ))?;
    let accepted_on: String = r.get(12)?;
    in_row(decode::date("engagements", "accepted_on", id, &accepted_on))?;
    Ok(EngagementView {
        id,
        client_id: ClientId(r.get(1)?),
        matter_id: MatterId(r.get(2)?),
        matter_title: r.get(3)?,
        quote_id: r.get(4)?,
        title: r.get(5)?,
        total: Money::from_minor_units(r.get(7)?, currency),
        tax_percent,
        late: LateTerms {
            rule: r.get(9)?,
            rate: in_row(decode::decimal("engagements", "late_rate", id, &rate))?,
            day_count: r.get(11)?,
        },
        accepted_on,
        plan_version: 0,
        plan: Vec::new(),
        versions: Vec::new(),
    })
}

fn with_plan(conn: &Connection, mut e: EngagementView) -> AppResult<EngagementView> {
    e.versions = rows(
        conn,
        "SELECT version, reason, created_at FROM payment_plans WHERE engagement_id = ?1 ORDER BY version",
        [e.id],
        |r| {
            Ok(PlanVersion {
                version: r.get(0)?,
                reason: r.get(1)?,
                created_at: r.get(2)?,
            })
        },
    )?;
    e.plan_version = e.versions.last().map(|v| v.version).unwrap_or(0);
    let currency = e.total.currency();
    e.plan = rows(
        conn,
        "SELECT i.item_no, i.kind, i.label, i.amount_minor, i.due_on, i.id,
                (SELECT v.id FROM invoices v WHERE v.engagement_id = ?1 AND v.plan_item_no = i.item_no
                   AND v.kind = 'invoice' AND NOT EXISTS (SELECT 1 FROM invoice_cancellations x WHERE x.invoice_id = v.id)),
                (SELECT v.number FROM invoices v WHERE v.engagement_id = ?1 AND v.plan_item_no = i.item_no
                   AND v.kind = 'invoice' AND NOT EXISTS (SELECT 1 FROM invoice_cancellations x WHERE x.invoice_id = v.id))
         FROM plan_items i JOIN payment_plans p ON p.id = i.plan_id
         WHERE p.engagement_id = ?1 AND p.version = ?2 ORDER BY i.due_on, i.item_no",
        params![e.id, e.plan_version],
        |r| {
            let row_id: i64 = r.get(5)?;
            let due_on: String = r.get(4)?;
            in_row(decode::date("plan_items", "due_on", row_id, &due_on))?;
            Ok(PlanItemView {
                row_id,
                item_no: r.get(0)?,
                kind: r.get(1)?,
                label: r.get(2)?,
                amount: Money::from_minor_units(r.get(3)?, currency),
                due_on,
                invoice_id: r.get(6)?,
                invoice_number: r.get(7)?,
            })
        },
    )?;
    Ok(e)
}

pub fn get(conn: &Connection, id: i64) -> AppResult<EngagementView> {
    let e = conn
        .query_row(&format!("{SQL} WHERE e.id = ?1"), [id], head)
        .optional()
        .map_err(sql_error)?
        .ok_or_else(|| AppError::not_found("The engagement"))?;
    with_plan(conn, e)
}

pub fn list(
    conn: &Connection,
    client: Option<ClientId>,
    limit: i64,
) -> AppResult<Vec<EngagementView>> {
    let heads = rows(
        conn,
        &format!("{SQL} WHERE (?1 IS NULL OR e.client_id = ?1) ORDER BY e.accepted_on DESC, e.id DESC LIMIT ?2"),
        params![client.map(|c| c.0), limit],
        head,
    )?;
    heads.into_iter().map(|e| with_plan(conn, e)).collect()
}

/// The currency of an engagement (for checks before a plan change).
pub fn currency(conn: &Connection, id: i64) -> AppResult<Currency> {
    get(conn, id).map(|e| e.total.currency())
}
