//! Collections use cases: the firm's dunning ladder, holds and payment arrangements
//! (each one transaction with its audit row), the daily run's due list (`due`) and its
//! confirmed execution (`run`), the e-mail hand-off point (`mail`), the legal clocks
//! (`clocks`) and the debtor's written acknowledgments they restart from (`acknowledgments`).

pub mod acknowledgments;
pub mod claim_pack;
pub mod clocks;
pub mod due;
pub mod mail;
pub mod run;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use crate::domain::collections::arrangement::{self, ArrangementInput};
use crate::domain::collections::hold::{self, HoldInput, HoldReason, ValidHold};
use crate::domain::collections::ladder::{self, LadderInput, Stage};
use crate::domain::ids::ClientId;
use crate::domain::{dates, AppError, AppResult};
use crate::services::core::Core;
use crate::store::collections as store;
pub use crate::store::collections::{ActionRow, ArrangementRow, HoldRow};
use crate::store::{audit, clients, invoices};

pub fn ladder(core: &Core) -> AppResult<Vec<Stage>> {
    core.db.read(store::ladder)
}

/// Replaces the ladder after checking all of it (bad ladders change nothing).
pub fn set_ladder(core: &Core, input: &LadderInput, now: DateTime<Utc>) -> AppResult<Vec<Stage>> {
    let stages = ladder::validate(input)?;
    core.db.write(|tx| {
        let before = store::ladder(tx)?;
        store::set_ladder(tx, &stages)?;
        let codes: Vec<&str> = stages.iter().map(|s| s.code.as_str()).collect();
        audit::record_diff(
            tx,
            now,
            ("update", "dunning_ladder", "firm"),
            json!({ "stages": codes }),
            None,
            (
                Some(&json!({ "stages": before })),
                &json!({ "stages": stages }),
            ),
            &[],
        )
    })?;
    Ok(stages)
}

/// Puts a hold on a client or one of its invoices; the reason is required.
pub fn add_hold(
    core: &Core,
    input: &HoldInput,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<HoldRow> {
    let h = hold::validate(input, today)?;
    let id = core.db.write(|tx| {
        clients::get(tx, ClientId(h.client_id))?;
        if let Some(inv) = h.invoice_id {
            let row = invoices::get_row(tx, inv, today)?;
            if row.client_id != Some(ClientId(h.client_id)) {
                return Err(AppError::field("invoice_id", "invoice_client"));
            }
        }
        let id = store::insert_hold(tx, &h, None, now)?;
        audit::record_diff(
            tx,
            now,
            ("create", "collection_hold", &id.to_string()),
            json!({ "client_id": h.client_id, "invoice_id": h.invoice_id, "reason": h.reason.code() }),
            Some(h.client_id),
            (None::<&()>, &store::hold(tx, id)?),
            &[],
        )?;
        Ok(id)
    })?;
    core.db.read(|c| store::hold(c, id))
}

pub fn holds(core: &Core, client: Option<i64>, all: bool) -> AppResult<Vec<HoldRow>> {
    core.db.read(|c| store::holds(c, client, all))
}

/// Releases a hold (an arrangement's hold ends with its arrangement: cancelled here).
pub fn release_hold(
    core: &Core,
    id: crate::domain::ids::HoldId,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<HoldRow> {
    let id = id.0;
    core.db.write(|tx| {
        let h = store::hold(tx, id)?;
        let until = h
            .until
            .as_deref()
            .map(dates::parse_iso)
            .transpose()
            .ok()
            .flatten();
        hold::release(hold::state(until, h.released_at.is_some(), today))?;
        store::release_hold(tx, id, "released", now)?;
        if let Some(a) = h.arrangement_id {
            let from = current_status(tx, a)?;
            let to = arrangement::transition(from, arrangement::Status::Cancelled)?;
            store::set_arrangement_status(tx, a, to, today, now)?;
        }
        audit::record_diff(
            tx,
            now,
            ("release", "collection_hold", &id.to_string()),
            json!({}),
            Some(h.client_id),
            (Some(&h), &store::hold(tx, id)?),
            &[],
        )
    })?;
    core.db.read(|c| store::hold(c, id))
}

fn current_status(conn: &crate::store::Conn, id: i64) -> AppResult<arrangement::Status> {
    let status = store::arrangement_status(conn, id)?;
    crate::store::decode::enum_(
        "arrangements",
        "status",
        id,
        &status,
        arrangement::Status::parse,
    )
}

/// An arrangement: new dates for what the client owes, and a hold on the ladder while it
/// runs. One client has at most one active arrangement (`arrangement_active`).
pub fn add_arrangement(
    core: &Core,
    client: ClientId,
    input: &ArrangementInput,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<ArrangementRow> {
    let client = client.0;
    let a = arrangement::validate(input, today)?;
    let id = core.db.write(|tx| {
        clients::get(tx, ClientId(client))?;
        if !store::arrangements(tx, Some(client), true)?.is_empty() {
            return Err(AppError::field("client_id", "arrangement_active"));
        }
        let id = store::insert_arrangement(tx, client, &a, today, now)?;
        let last = a.instalments.last().map(|i| i.due_on);
        let h = ValidHold {
            client_id: client,
            invoice_id: None,
            reason: HoldReason::Arrangement,
            note: a.note.clone(),
            until: last,
        };
        store::insert_hold(tx, &h, Some(id), now)?;
        audit::record_diff(
            tx,
            now,
            ("create", "arrangement", &id.to_string()),
            json!({ "client_id": client, "instalments": a.instalments.len(), "currency": a.currency.code() }),
            Some(client),
            (None::<&()>, &a),
            &[],
        )?;
        Ok(id)
    })?;
    let list = core
        .db
        .read(|c| store::arrangements(c, Some(client), false))?;
    list.into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| AppError::not_found("The arrangement"))
}

pub fn arrangements(core: &Core, client: Option<i64>) -> AppResult<Vec<ArrangementRow>> {
    core.db.read(|c| store::arrangements(c, client, false))
}

/// The collection actions done, newest first (one client's, or all), at most `limit`.
pub fn actions(core: &Core, client: Option<i64>, limit: i64) -> AppResult<Vec<ActionRow>> {
    core.db.read(|c| store::actions(c, client, limit))
}
