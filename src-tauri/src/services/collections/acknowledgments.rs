//! The debtor's signed written acknowledgments of a debt, recorded by the lawyer: each
//! restarts the limitation period of what it acknowledges (England & Wales, Limitation Act
//! 1980 s.29(5), s.30; China, 《民法典》第一百九十五条第（二）项; Taiwan, 民法第129條第1項
//! 第2款; the rules in `domain::collections::clocks`, read through `clocks`). One transaction with its audit
//! row; bad input changes nothing.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use crate::domain::collections::acknowledgment::{self, AcknowledgmentInput, ValidAcknowledgment};
use crate::domain::ids::{ClientId, InvoiceId};
use crate::domain::{dates, AppError, AppResult};
use crate::services::core::Core;
pub use crate::store::acknowledgments::AcknowledgmentRow;
use crate::store::{acknowledgments as store, audit, clients, invoices, Conn};

/// Records an acknowledgment. Refused: an unknown client (`not_found`); a date after today
/// (`future_date`); an invoice of another client (`invoice_client`) or already settled
/// (`no_open_debt`); a client that owes nothing open (`no_open_debt`); a date before the
/// acknowledged debt was incurred — the invoice's issue date, or with no invoice named the
/// earliest open invoice's (`before_debt`).
pub fn record(
    core: &Core,
    input: &AcknowledgmentInput,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<AcknowledgmentRow> {
    let a = acknowledgment::validate(input, today)?;
    let id = core.db.write(|tx| {
        clients::get(tx, ClientId(a.client_id))?;
        check_debt(tx, &a, today)?;
        let id = store::insert(tx, &a, now)?;
        audit::record(
            tx,
            now,
            "record",
            "debt_acknowledgment",
            &id.to_string(),
            &json!({ "client_id": a.client_id, "invoice_id": a.invoice_id,
                     "acknowledged_on": dates::to_iso(a.acknowledged_on) }),
        )?;
        Ok(id)
    })?;
    core.db.read(|c| store::get(c, id))
}

/// The debt acknowledged was owed on the day it was acknowledged.
fn check_debt(conn: &Conn, a: &ValidAcknowledgment, today: NaiveDate) -> AppResult<()> {
    let incurred = match a.invoice_id {
        Some(id) => {
            let inv = invoices::get_invoice(conn, InvoiceId(id), today)?;
            if inv.client_id != Some(ClientId(a.client_id)) {
                return Err(AppError::field("invoice_id", "invoice_client"));
            }
            if inv.open.is_zero() {
                return Err(AppError::field("invoice_id", "no_open_debt"));
            }
            inv.issued_on
        }
        None => store::first_open_issued(conn, ClientId(a.client_id))?
            .ok_or_else(|| AppError::field("client_id", "no_open_debt"))?,
    };
    if a.acknowledged_on < incurred {
        return Err(AppError::field("acknowledged_on", "before_debt"));
    }
    Ok(())
}

/// A client's acknowledgments, latest first (an unknown client is `not_found`).
pub fn list(core: &Core, client: ClientId) -> AppResult<Vec<AcknowledgmentRow>> {
    core.db.read(|c| {
        clients::get(c, client)?;
        store::list(c, client)
    })
}
