//! Payment arrangements (seed 004: instalments, partial payment for a client in
//! difficulty): new dates that pause the ladder. Each day the arrangement is measured
//! against what the client paid since it began: all paid → kept; an instalment date passed
//! with less paid than was due by then → missed, and the ladder resumes (and says so).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::error::{AppError, AppResult, Validator};
use crate::domain::money::{parse_amount, Currency};
use crate::domain::{dates, text};

pub const MAX_INSTALMENTS: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Active,
    Kept,
    Missed,
    Cancelled,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Kept => "kept",
            Status::Missed => "missed",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [
            Status::Active,
            Status::Kept,
            Status::Missed,
            Status::Cancelled,
        ]
        .into_iter()
        .find(|x| x.code() == s)
    }
}

/// The only moves: an active arrangement is kept, missed or cancelled; an ended one stays.
pub fn transition(from: Status, to: Status) -> AppResult<Status> {
    match (from, to) {
        (Status::Active, Status::Kept | Status::Missed | Status::Cancelled) => Ok(to),
        _ => Err(AppError::field("status", "arrangement_ended")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Instalment {
    pub due_on: NaiveDate,
    pub amount_minor: i64,
}

/// Where an arrangement stands on a day, from what was paid since it began.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Standing {
    /// On track; the next instalment not yet covered by what was paid.
    OnTrack {
        next_due: NaiveDate,
    },
    Kept,
    /// The first instalment date by which less was paid than was due; `short_minor` is
    /// how much was missing on that date's reckoning.
    Missed {
        on: NaiveDate,
        short_minor: i64,
    },
}

/// `paid_minor` is what the client paid (in the arrangement's currency) since it began.
/// An instalment is missed the day after its date.
pub fn standing(plan: &[Instalment], paid_minor: i64, as_of: NaiveDate) -> Standing {
    let mut due_so_far = 0i64;
    for i in plan {
        due_so_far += i.amount_minor;
        if paid_minor >= due_so_far {
            continue;
        }
        if i.due_on < as_of {
            return Standing::Missed {
                on: i.due_on,
                short_minor: due_so_far - paid_minor,
            };
        }
        return Standing::OnTrack { next_due: i.due_on };
    }
    Standing::Kept
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InstalmentInput {
    pub due_on: String,
    pub amount: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArrangementInput {
    pub currency: String,
    pub instalments: Vec<InstalmentInput>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidArrangement {
    pub currency: Currency,
    pub instalments: Vec<Instalment>,
    pub note: String,
}

/// 1 to 60 instalments, dates from today on and strictly increasing (`date_order`),
/// positive amounts in the currency's precision.
pub fn validate(input: &ArrangementInput, today: NaiveDate) -> AppResult<ValidArrangement> {
    let mut v = Validator::default();
    let currency = Currency::parse(input.currency.trim()).ok();
    if currency.is_none() {
        v.push("currency", "currency");
    }
    if input.instalments.is_empty() || input.instalments.len() > MAX_INSTALMENTS {
        v.push("instalments", "instalments");
    }
    let note = v.check("note", text::text(&input.note, 500, false));
    let mut out = Vec::new();
    let mut last: Option<NaiveDate> = None;
    for (i, inst) in input.instalments.iter().enumerate() {
        let f = |name: &str| format!("instalments[{i}].{name}");
        let due = v.check(&f("due_on"), dates::parse_near(inst.due_on.trim(), today));
        if let Some(d) = due {
            if d < today || last.is_some_and(|l| d <= l) {
                v.push(&f("due_on"), "date_order");
            }
            last = Some(d);
        }
        let amount = currency.and_then(|c| {
            v.check(&f("amount"), parse_amount(&inst.amount, c))
                .and_then(|m| {
                    if m.is_zero() || m.is_negative() {
                        v.push(&f("amount"), "amount_positive");
                        None
                    } else {
                        m.minor_units().ok()
                    }
                })
        });
        if let (Some(due_on), Some(amount_minor)) = (due, amount) {
            out.push(Instalment {
                due_on,
                amount_minor,
            });
        }
    }
    v.finish()?;
    Ok(ValidArrangement {
        currency: currency.expect("validated"),
        instalments: out,
        note: note.unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso(s).unwrap()
    }

    fn plan() -> Vec<Instalment> {
        vec![
            Instalment {
                due_on: d("2026-12-10"),
                amount_minor: 50_000,
            },
            Instalment {
                due_on: d("2027-01-10"),
                amount_minor: 50_000,
            },
        ]
    }

    #[test]
    fn a_missed_date_is_missed_the_day_after_and_says_how_much() {
        let p = plan();
        assert_eq!(
            standing(&p, 0, d("2026-12-10")),
            Standing::OnTrack {
                next_due: d("2026-12-10")
            }
        );
        assert_eq!(
            standing(&p, 20_000, d("2026-12-11")),
            Standing::Missed {
                on: d("2026-12-10"),
                short_minor: 30_000
            }
        );
        // The first instalment paid: on track for the second, missed after its date.
        assert_eq!(
            standing(&p, 50_000, d("2027-01-05")),
            Standing::OnTrack {
                next_due: d("2027-01-10")
            }
        );
        assert!(matches!(
            standing(&p, 60_000, d("2027-01-11")),
            Standing::Missed {
                short_minor: 40_000,
                ..
            }
        ));
        assert_eq!(standing(&p, 100_000, d("2030-01-01")), Standing::Kept);
    }

    #[test]
    fn transitions_only_leave_active() {
        assert_eq!(
            transition(Status::Active, Status::Missed).unwrap(),
            Status::Missed
        );
        assert!(transition(Status::Missed, Status::Active).is_err());
        assert!(transition(Status::Kept, Status::Cancelled).is_err());
    }

    #[test]
    fn instalments_are_checked() {
        let input = ArrangementInput {
            currency: "CNY".into(),
            instalments: vec![
                InstalmentInput {
                    due_on: "2026-12-20".into(),
                    amount: "500.00".into(),
                },
                InstalmentInput {
                    due_on: "2026-12-20".into(),
                    amount: "0".into(),
                },
            ],
            note: String::new(),
        };
        let e = validate(&input, d("2026-12-01")).unwrap_err();
        let f: Vec<_> = e
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.code))
            .collect();
        assert_eq!(
            f,
            [
                ("instalments[1].due_on", "date_order"),
                ("instalments[1].amount", "amount_positive")
            ]
        );
        let mut ok = input.clone();
        ok.instalments[1] = InstalmentInput {
            due_on: "2027-01-20".into(),
            amount: "1 234,50".into(),
        };
        let v = validate(&ok, d("2026-12-01")).unwrap();
        assert_eq!(v.instalments[1].amount_minor, 123_450);
    }
}
