//! Fee quotes: the header (current state) and every revision as written.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::database::{currency_column, rows, sql_error};
use super::decode::{self, in_row};
use crate::domain::dates;
use crate::domain::ids::{ClientId, EngagementId, MatterId, QuoteId};
use crate::domain::money::Money;
use crate::domain::plan::{LateTerms, PlanItemInput};
use crate::domain::quote::{Pricing, Quote};
use crate::domain::quote_status::QuoteStatus;
use crate::domain::{AppError, AppResult};

pub fn insert(
    conn: &Connection,
    number: &str,
    q: &Quote,
    now: DateTime<Utc>,
) -> AppResult<QuoteId> {
    conn.execute(
        "INSERT INTO quotes(number, client_id, matter_id, status, revision, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'draft', 1, ?4, ?4)",
        params![
            number,
            q.client_id.0,
            q.matter_id.map(|m| m.0),
            now.to_rfc3339()
        ],
    )
    .map_err(sql_error)?;
    let id = QuoteId(conn.last_insert_rowid());
    insert_revision(conn, id, 1, q, now)?;
    Ok(id)
}

/// The stored form of a plan: amounts and dates as text, as the editor sends them back.
pub fn plan_rows(q: &Quote) -> Vec<PlanItemInput> {
    q.plan
        .iter()
        .map(|p| PlanItemInput {
            item_no: p.item_no,
            kind: p.kind.code().into(),
            label: p.label.clone(),
            amount: p.amount.amount().to_string(),
            due_on: dates::to_iso(p.due_on),
        })
        .collect()
}

pub fn insert_revision(
    conn: &Connection,
    quote_id: QuoteId,
    revision: i64,
    q: &Quote,
    now: DateTime<Utc>,
) -> AppResult<()> {
    conn.execute(
        "INSERT INTO quote_revisions(quote_id, revision, title, currency, pricing, plan, late_terms,
                                     terms, valid_until, total_minor, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            quote_id.0,
            revision,
            q.title,
            q.pricing.currency.code(),
            json(&q.pricing)?,
            json(&plan_rows(q))?,
            json(&q.late)?,
            q.terms,
            dates::to_iso(q.valid_until),
            q.totals.total.minor_units()?,
            now.to_rfc3339()
        ],
    )
    .map_err(sql_error)?;
    conn.execute(
        "UPDATE quotes SET revision = ?2, updated_at = ?3 WHERE id = ?1",
        params![quote_id.0, revision, now.to_rfc3339()],
    )
    .map_err(sql_error)?;
    Ok(())
}

fn json<T: serde::Serialize>(v: &T) -> AppResult<String> {
    serde_json::to_string(v).map_err(|e| AppError::internal(e.to_string()))
}

pub fn set_status(
    conn: &Connection,
    id: QuoteId,
    status: QuoteStatus,
    engagement: Option<EngagementId>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    conn.execute(
        "UPDATE quotes SET status = ?2, engagement_id = coalesce(?3, engagement_id), updated_at = ?4
         WHERE id = ?1",
        params![id.0, status.code(), engagement.map(|e| e.0), now.to_rfc3339()],
    )
    .map_err(sql_error)?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct QuoteSummary {
    pub id: QuoteId,
    pub number: String,
    pub client_id: ClientId,
    pub client_name: String,
    pub matter_id: Option<MatterId>,
    /// `draft`, `sent`, `accepted`, `declined`, or `expired` (a draft or sent quote past its
    /// validity date).
    pub status: QuoteStatus,
    pub revision: i64,
    pub title: String,
    pub total: Money,
    pub valid_until: NaiveDate,
    pub engagement_id: Option<EngagementId>,
    pub updated_at: String,
    /// The `quote_revisions` row of the current revision (names a value that does not parse).
    #[serde(skip)]
    pub revision_row: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RevisionInfo {
    pub revision: i64,
    pub title: String,
    pub total: Money,
    pub valid_until: NaiveDate,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuoteDetail {
    #[serde(flatten)]
    pub summary: QuoteSummary,
    pub pricing: Pricing,
    pub plan: Vec<PlanItemInput>,
    pub late: LateTerms,
    pub terms: String,
    pub revisions: Vec<RevisionInfo>,
}

const SUMMARY_SQL: &str =
    "SELECT q.id, q.number, q.client_id, c.name, q.matter_id, q.status, q.revision,
        r.title, r.currency, r.total_minor, r.valid_until, q.engagement_id, q.updated_at, r.id
     FROM quotes q JOIN clients c ON c.id = q.client_id
     JOIN quote_revisions r ON r.quote_id = q.id AND r.revision = q.revision";

fn summary_row(today: NaiveDate) -> impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<QuoteSummary> {
    move |r| {
        let currency = currency_column(r, 8)?;
        let status: String = r.get(5)?;
        let valid_until: String = r.get(10)?;
        let revision_row: i64 = r.get(13)?;
        let until = in_row(decode::date(
            "quote_revisions",
            "valid_until",
            revision_row,
            &valid_until,
        ))?;
        let id: i64 = r.get(0)?;
        let status = in_row(decode::enum_(
            "quotes",
            "status",
            id,
            &status,
            QuoteStatus::parse,
        ))?;
        Ok(QuoteSummary {
            id: QuoteId(id),
            number: r.get(1)?,
            client_id: ClientId(r.get(2)?),
            client_name: r.get(3)?,
            matter_id: r.get::<_, Option<i64>>(4)?.map(MatterId),
            status: status.effective(until, today),
            revision: r.get(6)?,
            title: r.get(7)?,
            total: Money::from_minor_units(r.get(9)?, currency),
            valid_until: until,
            engagement_id: r.get::<_, Option<i64>>(11)?.map(EngagementId),
            updated_at: r.get(12)?,
            revision_row,
        })
    }
}

pub fn list(
    conn: &Connection,
    client: Option<ClientId>,
    today: NaiveDate,
    limit: i64,
) -> AppResult<Vec<QuoteSummary>> {
    rows(
        conn,
        &format!(
            "{SUMMARY_SQL} WHERE (?1 IS NULL OR q.client_id = ?1) ORDER BY q.updated_at DESC, q.id DESC LIMIT ?2"
        ),
        params![client.map(|c| c.0), limit],
        summary_row(today),
    )
}

/// The JSON in `quote_revisions.column` of row `row`, or `database.corrupt` naming it.
fn stored_json<T: serde::de::DeserializeOwned>(
    column: &'static str,
    row: i64,
    text: &str,
) -> AppResult<T> {
    serde_json::from_str(text)
        .map_err(|_| decode::corrupt("quote_revisions", column, row, "JSON document"))
}

pub fn get(conn: &Connection, id: QuoteId, today: NaiveDate) -> AppResult<QuoteDetail> {
    let summary = conn
        .query_row(
            &format!("{SUMMARY_SQL} WHERE q.id = ?1"),
            [id.0],
            summary_row(today),
        )
        .optional()
        .map_err(sql_error)?
        .ok_or_else(|| AppError::not_found("The quote"))?;
    let (pricing, plan, late, terms, rev): (String, String, String, String, i64) = conn
        .query_row(
            "SELECT pricing, plan, late_terms, terms, id FROM quote_revisions WHERE quote_id = ?1 AND revision = ?2",
            params![id.0, summary.revision],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .map_err(sql_error)?;
    let revisions = rows(
        conn,
        "SELECT revision, title, currency, total_minor, valid_until, created_at, id
         FROM quote_revisions WHERE quote_id = ?1 ORDER BY revision",
        [id.0],
        |r| {
            let row: i64 = r.get(6)?;
            let until: String = r.get(4)?;
            Ok(RevisionInfo {
                revision: r.get(0)?,
                title: r.get(1)?,
                total: Money::from_minor_units(r.get(3)?, currency_column(r, 2)?),
                valid_until: in_row(decode::date("quote_revisions", "valid_until", row, &until))?,
                created_at: r.get(5)?,
            })
        },
    )?;
    Ok(QuoteDetail {
        summary,
        pricing: stored_json("pricing", rev, &pricing)?,
        plan: stored_json("plan", rev, &plan)?,
        late: stored_json("late_terms", rev, &late)?,
        terms,
        revisions,
    })
}

/// The stored (not effective) status, for transitions.
pub fn stored_status(conn: &Connection, id: QuoteId) -> AppResult<(QuoteStatus, i64)> {
    let (status, revision): (String, i64) = conn
        .query_row(
            "SELECT status, revision FROM quotes WHERE id = ?1",
            [id.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(sql_error)?
        .ok_or_else(|| AppError::not_found("The quote"))?;
    let status = decode::enum_("quotes", "status", id.0, &status, QuoteStatus::parse)?;
    Ok((status, revision))
}

/// Moves quote `id` to `matter` (a quote's matter may change until it is accepted).
pub fn set_matter(conn: &Connection, id: QuoteId, matter: Option<MatterId>) -> AppResult<()> {
    conn.execute(
        "UPDATE quotes SET matter_id = ?2 WHERE id = ?1",
        params![id.0, matter.map(|m| m.0)],
    )
    .map_err(sql_error)?;
    Ok(())
}
