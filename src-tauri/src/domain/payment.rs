//! Payments received and invoices issued ad hoc: validation of what a form or the CLI sends.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::dates;
use super::error::{AppResult, Validator};
use super::ids::{BankAccountId, ClientId, MatterId};
use super::money::{Currency, Money};
use super::plan::positive_amount;
use super::quote::{LineInput, Pricing};
use super::text;

/// How a payment came in. The codes are the CLI's `--method` values.
pub const METHODS: &[&str] = &[
    "bank_transfer",
    "cash",
    "cheque",
    "card",
    "alipay",
    "wechat_pay",
    "sbp",
    "other",
];

/// A payment as entered. `allocations` empty means "oldest due first".
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentInput {
    pub client_id: ClientId,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub received_on: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub payer: String,
    #[serde(default)]
    pub reference: String,
    #[serde(default)]
    pub bank_account_id: Option<BankAccountId>,
    #[serde(default)]
    pub notes: String,
    /// Manual override: how much goes to which invoice (the rest is client credit).
    #[serde(default)]
    pub allocations: Vec<AllocationInput>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocationInput {
    pub invoice_id: i64,
    #[serde(default)]
    pub amount: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Payment {
    pub client_id: ClientId,
    pub amount: Money,
    pub received_on: NaiveDate,
    pub method: &'static str,
    pub payer: String,
    pub reference: String,
    pub bank_account_id: Option<BankAccountId>,
    pub notes: String,
    pub manual: Option<Vec<(i64, Money)>>,
}

impl PaymentInput {
    /// Validates against `today`: a payment cannot be received in the future.
    pub fn validate(&self, today: NaiveDate) -> AppResult<Payment> {
        let mut v = Validator::default();
        let currency = v.check(
            "currency",
            Currency::parse(&self.currency).map_err(|_| "currency"),
        );
        let amount = currency.and_then(|c| v.check("amount", positive_amount(&self.amount, c)));
        let received_on = v.check("received_on", dates::parse_near(&self.received_on, today));
        if let Some(d) = received_on {
            if d > today {
                v.push("received_on", "future_date");
            }
        }
        let method = v.check(
            "method",
            METHODS
                .iter()
                .find(|m| **m == self.method.trim())
                .copied()
                .ok_or("payment_method"),
        );
        let payer = v.check("payer", text::text(&self.payer, 200, false));
        let reference = v.check("reference", text::text(&self.reference, 200, false));
        let notes = v.check("notes", text::text(&self.notes, 2000, false));
        let mut manual = Vec::new();
        if let Some(c) = currency {
            for (i, a) in self.allocations.iter().enumerate() {
                if let Some(m) = v.check(
                    &format!("allocations.{i}.amount"),
                    positive_amount(&a.amount, c),
                ) {
                    manual.push((a.invoice_id, m));
                }
            }
        }
        v.finish()?;
        Ok(Payment {
            client_id: self.client_id,
            amount: amount.expect("validated"),
            received_on: received_on.expect("validated"),
            method: method.expect("validated"),
            payer: payer.unwrap_or_default(),
            reference: reference.unwrap_or_default(),
            bank_account_id: self.bank_account_id,
            notes: notes.unwrap_or_default(),
            manual: if self.allocations.is_empty() {
                None
            } else {
                Some(manual)
            },
        })
    }
}

/// An invoice issued ad hoc (not from a plan item): lines and tax like a quote's.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceInput {
    pub client_id: ClientId,
    #[serde(default)]
    pub matter_id: Option<MatterId>,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub issued_on: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub lines: Vec<LineInput>,
    /// Default: the firm's VAT rate.
    #[serde(default)]
    pub tax_percent: Option<String>,
    #[serde(default)]
    pub tax_inclusive: Option<bool>,
    #[serde(default)]
    pub notes: String,
}

/// The dates of a document: `issued_on` not after today, `due_on` not before `issued_on`.
pub fn document_dates(
    v: &mut Validator,
    issued_on: &str,
    due_on: &str,
    today: NaiveDate,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let issued = v.check("issued_on", dates::parse_near(issued_on, today));
    let due = v.check("due_on", dates::parse_near(due_on, today));
    if let Some(i) = issued {
        if i > today {
            v.push("issued_on", "future_date");
        }
        if let Some(d) = due {
            if d < i {
                v.push("due_on", "date_order");
            }
        }
    }
    (issued, due)
}

pub struct ValidInvoice {
    pub issued_on: NaiveDate,
    pub due_on: NaiveDate,
    pub pricing: Pricing,
    pub notes: String,
}

impl InvoiceInput {
    pub fn validate(
        &self,
        today: NaiveDate,
        firm_tax: Decimal,
        firm_inclusive: bool,
    ) -> AppResult<ValidInvoice> {
        let mut v = Validator::default();
        let currency = v.check(
            "currency",
            Currency::parse(&self.currency).map_err(|_| "currency"),
        );
        let (issued, due) = document_dates(&mut v, &self.issued_on, &self.due_on, today);
        if self.lines.is_empty() {
            v.push("lines", "required");
        }
        let notes = v.check("notes", text::text(&self.notes, 2000, false));
        let pricing = currency.and_then(|c| {
            Pricing::from_input(
                &mut v,
                c,
                &self.lines,
                &[],
                "0",
                self.tax_percent.as_deref(),
                self.tax_inclusive,
                (firm_tax, firm_inclusive),
            )
        });
        v.finish()?;
        let pricing = pricing.expect("validated");
        pricing.totals()?;
        Ok(ValidInvoice {
            issued_on: issued.expect("validated"),
            due_on: due.expect("validated"),
            pricing,
            notes: notes.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso(s).unwrap()
    }

    #[test]
    fn bad_payments_are_refused_per_field() {
        let input = PaymentInput {
            client_id: ClientId(1),
            currency: "CNY".into(),
            amount: "-5".into(),
            received_on: "2027-01-01".into(),
            method: "bitcoin".into(),
            ..Default::default()
        };
        let e = input.validate(d("2026-11-22")).unwrap_err();
        let codes: Vec<_> = e
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.code))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("amount", "amount_positive"),
                ("received_on", "future_date"),
                ("method", "payment_method"),
            ]
        );
        let wrong = PaymentInput {
            currency: "XXX".into(),
            ..input
        };
        assert_eq!(
            wrong.validate(d("2026-11-22")).unwrap_err().fields[0].field,
            "currency"
        );
    }

    #[test]
    fn a_good_payment_keeps_its_manual_allocation() {
        let p = PaymentInput {
            client_id: ClientId(1),
            currency: "RUB".into(),
            amount: "1 500,50".into(),
            received_on: "2026-11-20".into(),
            method: "sbp".into(),
            allocations: vec![AllocationInput {
                invoice_id: 4,
                amount: "1000".into(),
            }],
            ..Default::default()
        }
        .validate(d("2026-11-22"))
        .unwrap();
        assert_eq!(p.amount.to_string(), "1500.50 RUB");
        assert_eq!(p.manual.unwrap()[0].1.to_string(), "1000.00 RUB");
    }
}
