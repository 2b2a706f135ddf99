//! Typed ids: a `ClientId` can never be passed where a `MatterId` is expected.

use serde::{Deserialize, Deserializer, Serialize};

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        /// Read from a command line argument (`lawdesk-cli quote get 7`).
        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }

        /// Only a positive whole number: rows are numbered from 1, so zero, a negative
        /// number, a fraction or a string never reaches a query.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                positive(i64::deserialize(d)?).map($name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    )*};
}

fn positive<E: serde::de::Error>(id: i64) -> Result<i64, E> {
    if id > 0 {
        Ok(id)
    } else {
        Err(E::custom("expected a positive id"))
    }
}

id_type!(
    /// A bank account of the firm.
    BankAccountId,
    /// A client (person or organization).
    ClientId,
    /// A matter of a client.
    MatterId,
    /// A fee quote (all its revisions).
    QuoteId,
    /// An engagement (an accepted quote's terms on a matter).
    EngagementId,
    /// A version of an engagement's payment plan.
    PlanId,
    /// An invoice or credit note.
    InvoiceId,
    /// A payment received.
    PaymentId,
    /// A letter written and kept.
    LetterId,
    /// A consent a client gave (and may withdraw).
    ConsentId,
    /// A follow-up (a task with a due date).
    FollowUpId,
    /// A complaint.
    ComplaintId,
    /// A hold on a client's collections.
    HoldId,
    /// A payment QR image the firm uploaded.
    QrImageId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_serialize_as_plain_numbers() {
        assert_eq!(serde_json::to_string(&ClientId(7)).unwrap(), "7");
        let id: MatterId = serde_json::from_str("12").unwrap();
        assert_eq!(id, MatterId(12));
    }

    #[test]
    fn ids_are_positive_whole_numbers() {
        for bad in [
            "0",
            "-3",
            "1.5",
            "\"7\"",
            "9.876543210987654e19",
            "null",
            "\"x\"",
        ] {
            assert!(serde_json::from_str::<ClientId>(bad).is_err(), "{bad}");
        }
        assert_eq!(serde_json::from_str::<ClientId>("7").unwrap(), ClientId(7));
    }
}
