//! Follow-ups (回访) and the contact rhythm of seed 003: the handling lawyer contacts each
//! active client at least three times a month; completing a follow-up writes a log entry.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

use crate::domain::commlog::CommInput;
use crate::domain::dates;
use crate::domain::error::Validator;
pub use crate::domain::followup::CompleteInput;
pub use crate::domain::followup::FollowUpInput;
use crate::domain::ids::{ClientId, MatterId};
use crate::domain::text;
use crate::domain::AppResult;
use crate::services::core::Core;
pub use crate::store::followups::FollowUp;
use crate::store::followups::{self, Rhythm};
use crate::store::{audit, clients, matters};

/// Contacts a month an active client must have (seed 003).
pub const CONTACTS_PER_MONTH: i64 = 3;
/// Days after a matter closes until its follow-up visit is due.
pub const AFTER_CLOSE_DAYS: i64 = 14;
/// Days after a payment until its follow-up call is due.
pub const AFTER_PAYMENT_DAYS: i64 = 7;

pub fn add(core: &Core, input: &FollowUpInput, now: DateTime<Utc>) -> AppResult<i64> {
    let mut v = Validator::default();
    if input.client_id.is_none() {
        v.push("client_id", "required");
    }
    let title = v.check("title", text::text(&input.title, 300, true));
    let due = v.check("due_on", dates::parse_iso(&input.due_on));
    v.finish()?;
    let client = input.client_id.expect("validated");
    core.db.write(|tx| {
        clients::get(tx, client)?;
        let id = followups::add(
            tx,
            client,
            input.matter_id,
            "manual",
            title.as_deref().unwrap_or_default(),
            &dates::to_iso(due.expect("validated")),
            &now.to_rfc3339(),
        )?;
        let title = title.unwrap_or_default();
        audit::record_diff(
            tx,
            now,
            ("create", "follow_up", &id.to_string()),
            json!({}),
            Some(client.0),
            (
                None::<&()>,
                &json!({ "matter_id": input.matter_id, "title": title,
                         "due_on": due.map(dates::to_iso) }),
            ),
            &[],
        )?;
        Ok(id)
    })
}

/// Schedules the follow-up call after a payment (called by the payment use case).
pub fn schedule_after_payment(
    tx: &crate::store::Conn,
    client: ClientId,
    paid_on: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let due = paid_on + Duration::days(AFTER_PAYMENT_DAYS);
    followups::add(
        tx,
        client,
        None,
        "after_payment",
        "回访 / follow-up after payment",
        &dates::to_iso(due),
        &now.to_rfc3339(),
    )
}

/// Closes a matter and schedules its follow-up visit.
pub fn close_matter(
    core: &Core,
    matter: MatterId,
    closed_on: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    core.db.write(|tx| {
        let m = matters::get(tx, matter)?;
        let opened = dates::parse_iso(&m.opened_on)
            .map_err(|c| crate::domain::AppError::field("opened_on", c))?;
        if closed_on < opened {
            return Err(crate::domain::AppError::field("closed_on", "date_order"));
        }
        matters::close(tx, matter, closed_on, now)?;
        let due = closed_on + Duration::days(AFTER_CLOSE_DAYS);
        let id = followups::add(
            tx,
            m.client_id,
            Some(matter),
            "after_matter_closed",
            &m.title,
            &dates::to_iso(due),
            &now.to_rfc3339(),
        )?;
        audit::record_diff(
            tx,
            now,
            ("close", "matter", &matter.to_string()),
            json!({ "follow_up": id }),
            Some(m.client_id.0),
            (
                Some(&json!({ "closed_on": m.closed_on })),
                &json!({ "closed_on": dates::to_iso(closed_on) }),
            ),
            &[],
        )?;
        Ok(id)
    })
}

/// Completes a follow-up and writes what happened into the communication log.
pub fn complete(
    core: &Core,
    id: crate::domain::ids::FollowUpId,
    input: &CompleteInput,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let id = id.0;
    let f = core.db.read(|c| followups::get(c, id))?;
    let kind = if input.kind.is_empty() {
        "call".to_string()
    } else {
        input.kind.clone()
    };
    let entry = CommInput {
        client_id: Some(f.client_id),
        matter_id: f.matter_id,
        kind,
        direction: "out".into(),
        occurred_at: String::new(),
        summary: if input.summary.trim().is_empty() {
            f.title.clone()
        } else {
            input.summary.clone()
        },
        corrects: None,
    };
    let now_local = now
        .with_timezone(&chrono::Local)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let comm = entry.validate(&now_local)?;
    // One transaction: the follow-up is done exactly when its log entry exists.
    core.db.write(|tx| {
        followups::complete(tx, id, &input.summary, &now.to_rfc3339())?;
        let log_id = crate::store::commlog::append(tx, &comm, &[], &now.to_rfc3339())?;
        audit::record_diff(
            tx,
            now,
            ("complete", "follow_up", &id.to_string()),
            json!({ "log": log_id }),
            Some(f.client_id.0),
            (
                Some(&json!({ "done": false })),
                &json!({ "done": true, "outcome": input.summary }),
            ),
            &[],
        )?;
        Ok(log_id)
    })
}

#[derive(Debug, Serialize)]
pub struct Agenda {
    pub today: String,
    /// Open follow-ups due today or earlier.
    pub due: Vec<FollowUp>,
    /// Active clients below the monthly contact rhythm so far this month.
    pub behind_rhythm: Vec<Rhythm>,
    /// How many follow-ups are due and how many clients are behind (the window's Dashboard
    /// receives only the first of each list).
    pub due_total: usize,
    /// Of those due, how many were due before today.
    pub late_total: usize,
    pub behind_total: usize,
    pub contacts_per_month: i64,
}

fn month_bounds(today: NaiveDate) -> (String, String) {
    let first = today.with_day(1).expect("day 1 exists");
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    }
    .expect("valid month");
    (dates::to_iso(first), dates::to_iso(next))
}

/// The Dashboard's list: what is due and who has not been contacted enough this month.
pub fn agenda(core: &Core, today: NaiveDate) -> AppResult<Agenda> {
    let (from, to) = month_bounds(today);
    core.db.read(|c| {
        let due = followups::open(c, Some(&dates::to_iso(today)), None)?;
        let behind: Vec<Rhythm> = followups::contacts_of_active_clients(c, &from, &to)?
            .into_iter()
            .filter(|r| r.contacts < CONTACTS_PER_MONTH)
            .collect();
        let today = dates::to_iso(today);
        Ok(Agenda {
            late_total: due.iter().filter(|f| f.due_on < today).count(),
            due_total: due.len(),
            behind_total: behind.len(),
            due,
            behind_rhythm: behind,
            contacts_per_month: CONTACTS_PER_MONTH,
            today,
        })
    })
}

impl Agenda {
    /// The first `n` of each list (the totals stay): what a screen shows at once.
    pub fn first(mut self, n: usize) -> Agenda {
        self.due.truncate(n);
        self.behind_rhythm.truncate(n);
        self
    }
}

pub fn for_client(core: &Core, client: ClientId) -> AppResult<Vec<FollowUp>> {
    core.db.read(|c| followups::for_client(c, client))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_bounds_wrap_the_year() {
        let d = |s| dates::parse_iso(s).unwrap();
        assert_eq!(
            month_bounds(d("2026-12-31")),
            ("2026-12-01".into(), "2027-01-01".into())
        );
        assert_eq!(
            month_bounds(d("2026-02-10")),
            ("2026-02-01".into(), "2026-03-01".into())
        );
    }

    #[test]
    fn the_dashboard_gets_the_first_of_each_list_and_the_totals() {
        // A practice of 20,000 clients had 10,719 behind the rhythm, all drawn on the
        // Dashboard (issue 12's idle memory); now the first 50 and the count.
        let behind: Vec<Rhythm> = (0..120)
            .map(|i| Rhythm {
                client_id: ClientId(i),
                client_name: format!("c{i}"),
                contacts: 0,
            })
            .collect();
        let a = Agenda {
            today: "2026-12-03".into(),
            due: Vec::new(),
            due_total: 0,
            late_total: 0,
            behind_total: behind.len(),
            behind_rhythm: behind,
            contacts_per_month: CONTACTS_PER_MONTH,
        }
        .first(50);
        assert_eq!((a.behind_rhythm.len(), a.behind_total), (50, 120));
        assert_eq!(a.behind_rhythm[49].client_id, ClientId(49));
    }
}
