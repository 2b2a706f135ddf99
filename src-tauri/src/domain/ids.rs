//! Typed ids: a `ClientId` can never be passed where a `MatterId` is expected.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        /// Read from a command line argument (`lawdesk-cli quote get 7`).
        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    )*};
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
}
