//! Complaints in the six steps of seed 003, and satisfaction scores per matter.
//!
//! 1 record (who, when, against whom, what they ask, the client's own written statement) →
//! 2 decide whether it is founded and tell the client → 3 find cause and owner →
//! 4 propose a solution → 5 carry it out with the client's agreement →
//! 6 evaluate and prevent → closed. An unfounded complaint goes from 2 straight to 6.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

pub use crate::domain::complaint::NewComplaint;
pub use crate::domain::complaint::StepInput;
use crate::domain::complaint_step::ComplaintStep;
use crate::domain::dates;
use crate::domain::error::Validator;
use crate::domain::ids::{ClientId, MatterId};
use crate::domain::text;
use crate::domain::AppResult;
use crate::services::core::Core;
use crate::store::complaints;
pub use crate::store::complaints::{Complaint, Score};
use crate::store::{audit, clients};

/// The step of a closed complaint.
pub const CLOSED: ComplaintStep = ComplaintStep::Closed;

/// Step 1: records the complaint with the client's written statement.
pub fn record(
    core: &Core,
    input: &NewComplaint,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let mut v = Validator::default();
    if input.client_id.is_none() {
        v.push("client_id", "required");
    }
    let received = if input.received_on.trim().is_empty() {
        Some(today)
    } else {
        v.check("received_on", dates::parse_iso(&input.received_on))
    };
    let complainant = v.check("complainant", text::text(&input.complainant, 200, true));
    let against = v.check("against", text::text(&input.against, 200, false));
    let request = v.check("request", text::text(&input.request, 5000, false));
    let statement = v.check("statement", text::text(&input.statement, 20_000, true));
    v.finish()?;
    let c = Complaint {
        client_id: input.client_id.expect("validated"),
        matter_id: input.matter_id,
        received_on: dates::to_iso(received.expect("validated")),
        complainant: complainant.unwrap_or_default(),
        against: against.unwrap_or_default(),
        request: request.unwrap_or_default(),
        statement: statement.unwrap_or_default(),
        updated_at: now.to_rfc3339(),
        ..Default::default()
    };
    core.db.write(|tx| {
        clients::get(tx, c.client_id)?;
        let id = complaints::insert(tx, &c)?;
        audit::record_diff(
            tx,
            now,
            ("create", "complaint", &id.to_string()),
            json!({ "step": 1 }),
            Some(c.client_id.0),
            (None::<&()>, &c),
            &[],
        )?;
        Ok(id)
    })
}

/// Completes the current step and moves to the next; returns the complaint.
pub fn advance(
    core: &Core,
    id: crate::domain::ids::ComplaintId,
    s: &StepInput,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<Complaint> {
    let id = id.0;
    core.db.write(|tx| {
        let mut c = complaints::get(tx, id)?;
        let before = c.clone();
        let mut v = Validator::default();
        let date = |v: &mut Validator, f: &str, value: &str| {
            v.check(f, dates::parse_iso(value).map(dates::to_iso))
        };
        let next = c.step.after(s.founded);
        match c.step {
            ComplaintStep::Decide => {
                if s.founded.is_none() {
                    v.push("founded", "required");
                }
                c.decision_note = v
                    .check("decision_note", text::text(&s.decision_note, 5000, false))
                    .unwrap_or_default();
                c.client_told_on = date(&mut v, "client_told_on", &s.client_told_on);
                c.founded = s.founded;
            }
            ComplaintStep::FindCause => {
                c.cause = v
                    .check("cause", text::text(&s.cause, 5000, true))
                    .unwrap_or_default();
                c.owner = v
                    .check("owner", text::text(&s.owner, 200, true))
                    .unwrap_or_default();
            }
            ComplaintStep::Propose => {
                c.proposal = v
                    .check("proposal", text::text(&s.proposal, 5000, true))
                    .unwrap_or_default();
            }
            ComplaintStep::CarryOut => {
                c.client_agreed_on = date(&mut v, "client_agreed_on", &s.client_agreed_on);
                c.carried_out_on = date(&mut v, "carried_out_on", &s.carried_out_on);
                if let (Some(a), Some(d)) = (&c.client_agreed_on, &c.carried_out_on) {
                    if d < a {
                        v.push("carried_out_on", "date_order");
                    }
                }
            }
            ComplaintStep::Evaluate => {
                c.evaluation = v
                    .check("evaluation", text::text(&s.evaluation, 5000, true))
                    .unwrap_or_default();
                c.prevention = v
                    .check("prevention", text::text(&s.prevention, 5000, true))
                    .unwrap_or_default();
                c.closed_on = Some(dates::to_iso(today));
            }
            ComplaintStep::Record | ComplaintStep::Closed => {}
        }
        match next {
            Ok(step) => c.step = step,
            Err(code) => v.push("step", code),
        }
        v.finish()?;
        c.updated_at = now.to_rfc3339();
        complaints::save(tx, &c)?;
        audit::record_diff(
            tx,
            now,
            ("advance", "complaint", &id.to_string()),
            json!({ "step": c.step.number() }),
            Some(c.client_id.0),
            (Some(&before), &c),
            &[],
        )?;
        Ok(c)
    })
}

pub fn for_client(core: &Core, client: ClientId) -> AppResult<(Vec<Complaint>, Vec<Score>)> {
    core.db.read(|c| {
        Ok((
            complaints::for_client(c, client)?,
            complaints::scores(c, client)?,
        ))
    })
}

/// Records a satisfaction score (1–5) for a client, optionally for one matter.
pub fn add_score(
    core: &Core,
    client: ClientId,
    matter: Option<MatterId>,
    score: i64,
    comment: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let mut v = Validator::default();
    if !(1..=5).contains(&score) {
        v.push("score", "score");
    }
    let comment = v.check("comment", text::text(comment, 2000, false));
    v.finish()?;
    core.db.write(|tx| {
        clients::get(tx, client)?;
        let comment = comment.unwrap_or_default();
        let id = complaints::add_score(tx, client, matter, score, &comment, &dates::to_iso(today))?;
        audit::record_diff(
            tx,
            now,
            ("create", "satisfaction", &id.to_string()),
            json!({ "score": score }),
            Some(client.0),
            (
                None::<&()>,
                &json!({ "matter_id": matter, "score": score, "comment": comment,
                         "on": dates::to_iso(today) }),
            ),
            &[],
        )?;
        Ok(id)
    })
}
