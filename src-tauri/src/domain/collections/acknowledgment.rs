//! A debtor's signed written acknowledgment of a debt, as the lawyer records it: it restarts
//! the limitation period of the debt it acknowledges (England & Wales, Limitation Act 1980
//! s.29(5), s.30; China, 民法典第一百九十五条第（二）项, and after the period ran out
//! 第一百九十二条第二款; Taiwan, 民法第129條第1項第2款, 第137條, 第144條第2項; the rules in
//! `clocks`). It names one invoice, or none for every
//! debt the client owed on that day. It happened in the past: a date after today is refused.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::error::{AppResult, Validator};
use crate::domain::{dates, text};

/// An acknowledgment as typed (JSON on stdin, the client page's form).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgmentInput {
    pub client_id: Option<i64>,
    #[serde(default)]
    pub invoice_id: Option<i64>,
    #[serde(default)]
    pub acknowledged_on: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAcknowledgment {
    pub client_id: i64,
    pub invoice_id: Option<i64>,
    pub acknowledged_on: NaiveDate,
    pub note: String,
}

/// The client is required; the date is required, a real date (`date`) and not after
/// `today` (`future_date`); the note at most 500 characters. Whether the debt existed on
/// that day is the use case's check (`before_debt`), against the stored invoices.
pub fn validate(input: &AcknowledgmentInput, today: NaiveDate) -> AppResult<ValidAcknowledgment> {
    let mut v = Validator::default();
    if input.client_id.is_none() {
        v.push("client_id", "required");
    }
    let on = match input.acknowledged_on.trim() {
        "" => {
            v.push("acknowledged_on", "required");
            None
        }
        s => v
            .check("acknowledged_on", dates::parse_iso(s))
            .and_then(|d| {
                if d > today {
                    v.push("acknowledged_on", "future_date");
                    None
                } else {
                    Some(d)
                }
            }),
    };
    let note = v.check("note", text::text(&input.note, 500, false));
    v.finish()?;
    Ok(ValidAcknowledgment {
        client_id: input.client_id.expect("validated"),
        invoice_id: input.invoice_id,
        acknowledged_on: on.expect("validated"),
        note: note.unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso(s).unwrap()
    }

    fn codes(input: &AcknowledgmentInput) -> Vec<(String, &'static str)> {
        validate(input, d("2026-12-15"))
            .unwrap_err()
            .fields
            .into_iter()
            .map(|f| (f.field, f.code))
            .collect()
    }

    #[test]
    fn a_date_up_to_today_is_taken_a_later_or_missing_one_is_refused() {
        let mut input = AcknowledgmentInput {
            client_id: Some(3),
            acknowledged_on: "2026-12-15".into(),
            ..Default::default()
        };
        let ok = validate(&input, d("2026-12-15")).unwrap();
        assert_eq!(ok.acknowledged_on, d("2026-12-15"));
        input.acknowledged_on = "2026-12-16".into();
        assert_eq!(codes(&input), [("acknowledged_on".into(), "future_date")]);
        input.acknowledged_on = "2026-02-30".into();
        assert_eq!(codes(&input), [("acknowledged_on".into(), "date")]);
        let empty = AcknowledgmentInput::default();
        assert_eq!(
            codes(&empty),
            [
                ("client_id".into(), "required"),
                ("acknowledged_on".into(), "required")
            ]
        );
    }
}
