//! A quote's life as a state machine: draft → sent → accepted | declined; a draft or sent
//! quote past its validity is expired (it may still be declined, or revised into a new
//! validity, but not accepted). Every transition the use cases make goes through
//! [`QuoteStatus::after`]; a refused one names the field code the user sees.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    Draft,
    Sent,
    Accepted,
    Declined,
    Expired,
}

/// What a lawyer does to a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteEvent {
    /// A new revision (terms, lines, matter).
    Revise,
    Send,
    Decline,
    Accept,
}

const ALL: [(QuoteStatus, &str); 5] = [
    (QuoteStatus::Draft, "draft"),
    (QuoteStatus::Sent, "sent"),
    (QuoteStatus::Accepted, "accepted"),
    (QuoteStatus::Declined, "declined"),
    (QuoteStatus::Expired, "expired"),
];

impl QuoteStatus {
    /// The stored code (`quotes.status`).
    pub fn code(self) -> &'static str {
        ALL.iter().find(|(s, _)| *s == self).expect("listed").1
    }

    pub fn parse(code: &str) -> Option<QuoteStatus> {
        ALL.iter().find(|(_, c)| *c == code).map(|(s, _)| *s)
    }

    /// What the user sees on `today`: a draft or sent quote valid only until before
    /// `today` is expired.
    pub fn effective(self, valid_until: NaiveDate, today: NaiveDate) -> QuoteStatus {
        match self {
            QuoteStatus::Draft | QuoteStatus::Sent if valid_until < today => QuoteStatus::Expired,
            s => s,
        }
    }

    /// The status after `event`, or the field code that refuses it.
    pub fn after(self, event: QuoteEvent) -> Result<QuoteStatus, &'static str> {
        use QuoteEvent as E;
        use QuoteStatus as S;
        match (self, event) {
            (S::Draft | S::Sent, E::Revise) => Ok(self),
            (_, E::Revise) => Err("quote_closed"),
            (S::Draft, E::Send) => Ok(S::Sent),
            (S::Draft | S::Sent | S::Expired, E::Decline) => Ok(S::Declined),
            (S::Draft | S::Sent, E::Accept) => Ok(S::Accepted),
            (S::Expired, E::Accept) => Err("quote_expired"),
            _ => Err("quote_status"),
        }
    }
}

/// Tests and callers compare with the stored code (`status == "sent"`).
impl PartialEq<&str> for QuoteStatus {
    fn eq(&self, other: &&str) -> bool {
        self.code() == *other
    }
}

impl std::fmt::Display for QuoteStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::QuoteEvent::*;
    use super::QuoteStatus::*;
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn codes_round_trip_and_serialize_as_stored() {
        for (s, c) in ALL {
            assert_eq!(QuoteStatus::parse(c), Some(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{c}\""));
        }
        assert_eq!(QuoteStatus::parse("Sent"), None);
    }

    #[test]
    fn every_transition_is_as_the_fee_rules_say() {
        let table = [
            (Draft, Revise, Ok(Draft)),
            (Sent, Revise, Ok(Sent)),
            (Accepted, Revise, Err("quote_closed")),
            (Declined, Revise, Err("quote_closed")),
            (Expired, Revise, Err("quote_closed")),
            (Draft, Send, Ok(Sent)),
            (Sent, Send, Err("quote_status")),
            (Accepted, Send, Err("quote_status")),
            (Declined, Send, Err("quote_status")),
            (Expired, Send, Err("quote_status")),
            (Draft, Decline, Ok(Declined)),
            (Sent, Decline, Ok(Declined)),
            (Expired, Decline, Ok(Declined)),
            (Accepted, Decline, Err("quote_status")),
            (Declined, Decline, Err("quote_status")),
            (Draft, Accept, Ok(Accepted)),
            (Sent, Accept, Ok(Accepted)),
            (Expired, Accept, Err("quote_expired")),
            (Accepted, Accept, Err("quote_status")),
            (Declined, Accept, Err("quote_status")),
        ];
        for (from, event, to) in table {
            assert_eq!(from.after(event), to, "{from:?} + {event:?}");
        }
    }

    #[test]
    fn only_open_quotes_expire_and_only_after_their_last_valid_day() {
        let until = d("2026-03-31");
        assert_eq!(Sent.effective(until, d("2026-03-31")), Sent);
        assert_eq!(Sent.effective(until, d("2026-04-01")), Expired);
        assert_eq!(Draft.effective(until, d("2026-04-01")), Expired);
        assert_eq!(Accepted.effective(until, d("2027-01-01")), Accepted);
        assert_eq!(Declined.effective(until, d("2027-01-01")), Declined);
    }
}
