//! How a letter went out and when it arrived: the evidence a limitation period, a
//! pre-action waiting period or a demand's deadline counts from. A record is a whole
//! statement; recording the delivery later, or correcting, is a new record (what was left
//! blank carries over from the one it replaces).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dates;
use super::error::{AppResult, Validator};
use super::text;

/// EMS or a courier (tracking number), registered post (its number), e-mail (the address
/// written to, optional), by hand (optional note of who received it).
pub const VIAS: &[&str] = &["ems", "courier", "registered_post", "email", "by_hand"];

/// The ways that come with a tracking or registration number.
fn needs_tracking(via: &str) -> bool {
    matches!(via, "ems" | "courier" | "registered_post")
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DispatchInput {
    #[serde(default)]
    pub via: String,
    #[serde(default)]
    pub carrier: String,
    #[serde(default)]
    pub tracking: String,
    /// `YYYY-MM-DD`
    #[serde(default)]
    pub sent_on: String,
    #[serde(default)]
    pub delivered_on: String,
    #[serde(default)]
    pub note: String,
}

/// A validated record, ready to store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dispatch {
    pub via: String,
    pub carrier: String,
    pub tracking: String,
    pub sent_on: NaiveDate,
    pub delivered_on: Option<NaiveDate>,
    pub note: String,
}

fn or_previous(value: &str, previous: Option<String>) -> String {
    if value.trim().is_empty() {
        previous.unwrap_or_default()
    } else {
        value.trim().to_string()
    }
}

impl DispatchInput {
    /// Checks the input against the letter's date and today; blanks take the values of
    /// `previous` (the record this one replaces).
    pub fn validate(
        &self,
        issued_on: NaiveDate,
        today: NaiveDate,
        previous: Option<&Dispatch>,
    ) -> AppResult<Dispatch> {
        let mut v = Validator::default();
        let via = or_previous(&self.via, previous.map(|p| p.via.clone()));
        if via.is_empty() {
            v.push("via", "required");
        } else if !VIAS.contains(&via.as_str()) {
            v.push("via", "dispatch_via");
        }
        let carrier = v.check(
            "carrier",
            text::text(
                &or_previous(&self.carrier, previous.map(|p| p.carrier.clone())),
                60,
                false,
            ),
        );
        let tracking = v.check(
            "tracking",
            text::text(
                &or_previous(&self.tracking, previous.map(|p| p.tracking.clone())),
                120,
                needs_tracking(&via),
            ),
        );
        let sent = or_previous(&self.sent_on, previous.map(|p| dates::to_iso(p.sent_on)));
        let sent_on = v.check(
            "sent_on",
            if sent.is_empty() {
                Err("required")
            } else {
                dates::parse_iso(&sent).and_then(|d| on_or_between(d, issued_on, today))
            },
        );
        let delivered = or_previous(
            &self.delivered_on,
            previous.and_then(|p| p.delivered_on).map(dates::to_iso),
        );
        let delivered_on = if delivered.is_empty() {
            None
        } else {
            v.check(
                "delivered_on",
                dates::parse_iso(&delivered)
                    .and_then(|d| on_or_between(d, sent_on.unwrap_or(issued_on), today)),
            )
        };
        let note = v.check("note", text::text(&self.note, 2_000, false));
        v.finish()?;
        Ok(Dispatch {
            via,
            carrier: carrier.expect("validated"),
            tracking: tracking.expect("validated"),
            sent_on: sent_on.expect("validated"),
            delivered_on,
            note: note.expect("validated"),
        })
    }
}

/// `d` must lie between `from` (the letter's date, or the sending) and today.
fn on_or_between(
    d: NaiveDate,
    from: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, &'static str> {
    if d > today {
        Err("future_date")
    } else if d < from {
        Err("dispatch_too_early")
    } else {
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso(s).unwrap()
    }

    fn codes(r: AppResult<Dispatch>) -> Vec<(String, &'static str)> {
        r.unwrap_err()
            .fields
            .into_iter()
            .map(|f| (f.field, f.code))
            .collect()
    }

    #[test]
    fn a_tracked_way_needs_its_number_and_dates_keep_their_order() {
        let issued = d("2026-11-20");
        let today = d("2026-11-30");
        let ok = DispatchInput {
            via: "ems".into(),
            tracking: "EA123456789CN".into(),
            sent_on: "2026-11-21".into(),
            ..Default::default()
        };
        assert_eq!(
            ok.validate(issued, today, None).unwrap().sent_on,
            d("2026-11-21")
        );
        let no_number = DispatchInput {
            tracking: String::new(),
            ..ok.clone()
        };
        assert_eq!(
            codes(no_number.validate(issued, today, None)),
            [("tracking".into(), "required")]
        );
        let by_hand = DispatchInput {
            via: "by_hand".into(),
            tracking: String::new(),
            ..ok.clone()
        };
        assert!(by_hand.validate(issued, today, None).is_ok());
        let early = DispatchInput {
            sent_on: "2026-11-19".into(),
            ..ok.clone()
        };
        assert_eq!(
            codes(early.validate(issued, today, None)),
            [("sent_on".into(), "dispatch_too_early")]
        );
        let future = DispatchInput {
            delivered_on: "2026-12-01".into(),
            ..ok.clone()
        };
        assert_eq!(
            codes(future.validate(issued, today, None)),
            [("delivered_on".into(), "future_date")]
        );
        let before_sent = DispatchInput {
            delivered_on: "2026-11-20".into(),
            ..ok.clone()
        };
        assert_eq!(
            codes(before_sent.validate(issued, today, None)),
            [("delivered_on".into(), "dispatch_too_early")]
        );
        let fax = DispatchInput {
            via: "fax".into(),
            ..ok
        };
        assert_eq!(
            codes(fax.validate(issued, today, None)),
            [("via".into(), "dispatch_via")]
        );
    }

    #[test]
    fn a_delivery_recorded_later_keeps_how_and_when_it_was_sent() {
        let issued = d("2026-11-20");
        let first = DispatchInput {
            via: "registered_post".into(),
            tracking: "RA644000011RU".into(),
            sent_on: "2026-11-21".into(),
            ..Default::default()
        }
        .validate(issued, d("2026-11-22"), None)
        .unwrap();
        let later = DispatchInput {
            delivered_on: "2026-11-27".into(),
            ..Default::default()
        }
        .validate(issued, d("2026-11-30"), Some(&first))
        .unwrap();
        assert_eq!(later.via, "registered_post");
        assert_eq!(later.tracking, "RA644000011RU");
        assert_eq!(later.sent_on, d("2026-11-21"));
        assert_eq!(later.delivered_on, Some(d("2026-11-27")));
    }
}
