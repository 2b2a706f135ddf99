//! What an invoice is (its kind) and where it stands (its status), as values: the store
//! decodes them once and the services match on them, never on strings.

use serde::Serialize;

/// The kind of a document in `invoices`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    Invoice,
    LateCharge,
    CreditNote,
}

impl InvoiceKind {
    pub fn code(self) -> &'static str {
        match self {
            InvoiceKind::Invoice => "invoice",
            InvoiceKind::LateCharge => "late_charge",
            InvoiceKind::CreditNote => "credit_note",
        }
    }

    pub fn parse(code: &str) -> Option<InvoiceKind> {
        [
            InvoiceKind::Invoice,
            InvoiceKind::LateCharge,
            InvoiceKind::CreditNote,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// Where a document stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    Open,
    PartiallyPaid,
    Overdue,
    Paid,
    Credited,
    Cancelled,
    CreditNote,
}

/// What decides a document's status (amounts in minor units of its one currency).
#[derive(Debug, Clone, Copy)]
pub struct Standing {
    pub kind: InvoiceKind,
    pub cancelled: bool,
    pub total: i64,
    pub open: i64,
    pub credited: i64,
    pub days_overdue: i64,
}

impl InvoiceStatus {
    pub fn code(self) -> &'static str {
        match self {
            InvoiceStatus::Open => "open",
            InvoiceStatus::PartiallyPaid => "partially_paid",
            InvoiceStatus::Overdue => "overdue",
            InvoiceStatus::Paid => "paid",
            InvoiceStatus::Credited => "credited",
            InvoiceStatus::Cancelled => "cancelled",
            InvoiceStatus::CreditNote => "credit_note",
        }
    }

    pub fn of(s: Standing) -> InvoiceStatus {
        if s.cancelled {
            InvoiceStatus::Cancelled
        } else if s.kind == InvoiceKind::CreditNote {
            InvoiceStatus::CreditNote
        } else if s.open == 0 && s.credited >= s.total {
            InvoiceStatus::Credited
        } else if s.open == 0 {
            InvoiceStatus::Paid
        } else if s.days_overdue > 0 {
            InvoiceStatus::Overdue
        } else if s.open < s.total {
            InvoiceStatus::PartiallyPaid
        } else {
            InvoiceStatus::Open
        }
    }
}

/// A kind or status equals its code (`row.status == "paid"` reads as the CLI prints it).
macro_rules! eq_code {
    ($($t:ty),*) => {$(
        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.code() == *other
            }
        }
    )*};
}

eq_code!(InvoiceKind, InvoiceStatus);

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(open: i64, credited: i64, days_overdue: i64) -> Standing {
        Standing {
            kind: InvoiceKind::Invoice,
            cancelled: false,
            total: 100,
            open,
            credited,
            days_overdue,
        }
    }

    #[test]
    fn status_follows_the_ledger() {
        use InvoiceStatus as S;
        assert_eq!(S::of(standing(100, 0, 0)), S::Open);
        assert_eq!(S::of(standing(40, 0, 0)), S::PartiallyPaid);
        assert_eq!(S::of(standing(40, 0, 3)), S::Overdue);
        assert_eq!(S::of(standing(0, 0, 0)), S::Paid);
        assert_eq!(S::of(standing(0, 100, 0)), S::Credited);
        let cancelled = Standing {
            cancelled: true,
            ..standing(0, 0, 0)
        };
        assert_eq!(S::of(cancelled), S::Cancelled);
        let note = Standing {
            kind: InvoiceKind::CreditNote,
            ..standing(0, 0, 0)
        };
        assert_eq!(S::of(note), S::CreditNote);
    }

    #[test]
    fn codes_round_trip_and_serialize_as_stored() {
        for k in [
            InvoiceKind::Invoice,
            InvoiceKind::LateCharge,
            InvoiceKind::CreditNote,
        ] {
            assert_eq!(InvoiceKind::parse(k.code()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.code());
        }
        assert_eq!(InvoiceKind::parse("bill"), None);
        for s in [
            InvoiceStatus::Open,
            InvoiceStatus::PartiallyPaid,
            InvoiceStatus::Overdue,
            InvoiceStatus::Paid,
            InvoiceStatus::Credited,
            InvoiceStatus::Cancelled,
            InvoiceStatus::CreditNote,
        ] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
            assert_eq!(s, s.code());
        }
    }
}
