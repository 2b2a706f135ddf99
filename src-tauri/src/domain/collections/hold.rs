//! Holds: the ladder paused for a client or for one invoice, always with a reason (a
//! dispute, an agreed arrangement, a promise to pay, or another reason written out), and
//! optionally only until a date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::error::{AppError, AppResult, Validator};
use crate::domain::{dates, text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoldReason {
    /// The client disputes the invoice or the work.
    Dispute,
    /// A payment arrangement is running (set by the arrangement itself).
    Arrangement,
    /// The client promised to pay by a date.
    Promise,
    /// Another reason, written in the note.
    Other,
}

impl HoldReason {
    pub const ALL: [HoldReason; 4] = [
        HoldReason::Dispute,
        HoldReason::Arrangement,
        HoldReason::Promise,
        HoldReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            HoldReason::Dispute => "dispute",
            HoldReason::Arrangement => "arrangement",
            HoldReason::Promise => "promise",
            HoldReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<HoldReason> {
        HoldReason::ALL.into_iter().find(|r| r.code() == s)
    }
}

/// Where a hold stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HoldState {
    Active,
    /// Its `until` date has passed: the ladder runs again.
    Expired,
    Released,
}

/// A hold's state on `as_of`: released, past its last day, or active.
pub fn state(until: Option<NaiveDate>, released: bool, as_of: NaiveDate) -> HoldState {
    if released {
        HoldState::Released
    } else if until.is_some_and(|u| u < as_of) {
        HoldState::Expired
    } else {
        HoldState::Active
    }
}

/// Releasing: only an active or expired hold; a released one stays as it was.
pub fn release(from: HoldState) -> AppResult<HoldState> {
    match from {
        HoldState::Released => Err(AppError::field("id", "hold_released")),
        _ => Ok(HoldState::Released),
    }
}

/// A hold as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoldInput {
    pub client_id: Option<i64>,
    #[serde(default)]
    pub invoice_id: Option<i64>,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub until: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidHold {
    pub client_id: i64,
    pub invoice_id: Option<i64>,
    pub reason: HoldReason,
    pub note: String,
    pub until: Option<NaiveDate>,
}

/// A reason is required (`required`) and must be known (`hold_reason`); `other` needs the
/// note that says it; `arrangement` holds come only from an arrangement; `until` is a date
/// from today on (`date_order`) and at most 50 years ahead.
pub fn validate(input: &HoldInput, today: NaiveDate) -> AppResult<ValidHold> {
    let mut v = Validator::default();
    if input.client_id.is_none() {
        v.push("client_id", "required");
    }
    let reason = match input.reason.trim() {
        "" => {
            v.push("reason", "required");
            None
        }
        r => match HoldReason::parse(r) {
            Some(HoldReason::Arrangement) | None => {
                v.push("reason", "hold_reason");
                None
            }
            some => some,
        },
    };
    let note = v.check(
        "note",
        text::text(&input.note, 500, reason == Some(HoldReason::Other)),
    );
    let until = match input.until.trim() {
        "" => None,
        u => v.check("until", dates::parse_near(u, today)).and_then(|d| {
            if d < today {
                v.push("until", "date_order");
                None
            } else {
                Some(d)
            }
        }),
    };
    v.finish()?;
    Ok(ValidHold {
        client_id: input.client_id.expect("validated"),
        invoice_id: input.invoice_id,
        reason: reason.expect("validated"),
        note: note.unwrap_or_default(),
        until,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso(s).unwrap()
    }

    fn fields(r: AppResult<ValidHold>) -> Vec<(String, &'static str)> {
        r.unwrap_err()
            .fields
            .into_iter()
            .map(|f| (f.field, f.code))
            .collect()
    }

    #[test]
    fn a_hold_without_a_reason_is_refused() {
        let input = HoldInput {
            client_id: Some(1),
            ..Default::default()
        };
        assert_eq!(
            fields(validate(&input, d("2026-12-01"))),
            [("reason".to_string(), "required")]
        );
        let other = HoldInput {
            reason: "other".into(),
            ..input.clone()
        };
        assert_eq!(
            fields(validate(&other, d("2026-12-01"))),
            [("note".to_string(), "required")]
        );
        let unknown = HoldInput {
            reason: "tired".into(),
            until: "2026-11-30".into(),
            ..input
        };
        assert_eq!(
            fields(validate(&unknown, d("2026-12-01"))),
            [
                ("reason".to_string(), "hold_reason"),
                ("until".to_string(), "date_order")
            ]
        );
    }

    #[test]
    fn a_hold_until_a_date_expires_the_day_after() {
        let until = Some(d("2026-12-10"));
        assert_eq!(state(until, false, d("2026-12-10")), HoldState::Active);
        assert_eq!(state(until, false, d("2026-12-11")), HoldState::Expired);
        assert_eq!(state(None, false, d("2099-01-01")), HoldState::Active);
        assert_eq!(state(until, true, d("2026-12-01")), HoldState::Released);
        assert_eq!(release(HoldState::Expired).unwrap(), HoldState::Released);
        assert_eq!(
            release(HoldState::Released).unwrap_err().fields[0].code,
            "hold_released"
        );
    }
}
