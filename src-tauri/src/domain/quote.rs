//! Fee-quote pricing (seed 001, расчёт стоимости) for the fees release, pure: stages with
//! line items (fixed, hourly rate × hours, per unit), the visible factors (volume of work,
//! complexity, specialization, urgency) as multipliers with a reason, a discount, and VAT
//! inclusive or exclusive. Lines round once each; tax rounds once per document.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::{AppResult, Validator};
use super::money::{rounding, Currency, Money};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Fixed,
    Hourly,
    PerUnit,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub stage: String,
    pub description: String,
    pub kind: LineKind,
    /// The fixed amount, the hourly rate or the unit price.
    pub rate: Decimal,
    /// Hours or units; 1 for a fixed line.
    pub quantity: Decimal,
}

pub const FACTORS: &[&str] = &["volume", "complexity", "specialization", "urgency"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Factor {
    pub factor: String,
    pub multiplier: Decimal,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pricing {
    pub currency: Currency,
    pub lines: Vec<Line>,
    pub factors: Vec<Factor>,
    /// Percent off the factored subtotal (0–100).
    pub discount_percent: Decimal,
    /// VAT rate in percent (0 for none).
    pub tax_percent: Decimal,
    /// True when the prices already include VAT.
    pub tax_inclusive: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    pub lines: Vec<Money>,
    pub subtotal: Money,
    pub factor: Decimal,
    pub factored: Money,
    pub discount: Money,
    pub net: Money,
    pub tax: Money,
    pub total: Money,
}

impl Pricing {
    /// Validates and prices the quote.
    pub fn totals(&self) -> AppResult<Totals> {
        let mut v = Validator::default();
        let c = self.currency;
        for (i, l) in self.lines.iter().enumerate() {
            if l.rate.is_sign_negative() {
                v.push(&format!("lines.{i}.rate"), "amount_positive");
            }
            if l.quantity <= Decimal::ZERO
                || (l.kind == LineKind::Fixed && l.quantity != Decimal::ONE)
            {
                v.push(&format!("lines.{i}.quantity"), "quantity");
            }
            if l.description.trim().is_empty() {
                v.push(&format!("lines.{i}.description"), "required");
            }
        }
        for (i, f) in self.factors.iter().enumerate() {
            if !FACTORS.contains(&f.factor.as_str()) {
                v.push(&format!("factors.{i}.factor"), "factor");
            }
            if f.multiplier <= Decimal::ZERO || f.multiplier > Decimal::from(5) {
                v.push(&format!("factors.{i}.multiplier"), "multiplier");
            }
            if f.multiplier != Decimal::ONE && f.reason.trim().is_empty() {
                v.push(&format!("factors.{i}.reason"), "required");
            }
        }
        if self.discount_percent.is_sign_negative() || self.discount_percent > Decimal::ONE_HUNDRED
        {
            v.push("discount_percent", "percent");
        }
        if self.tax_percent.is_sign_negative() || self.tax_percent > Decimal::ONE_HUNDRED {
            v.push("tax_percent", "percent");
        }
        v.finish()?;
        let lines = self
            .lines
            .iter()
            .map(|l| rounding::round_line_total(l.rate * l.quantity, c))
            .collect::<AppResult<Vec<_>>>()?;
        let subtotal = Money::sum(c, &lines)?;
        let factor = self
            .factors
            .iter()
            .fold(Decimal::ONE, |acc, f| acc * f.multiplier);
        let factored = rounding::round_line_total(subtotal.amount() * factor, c)?;
        let discount = rounding::round_line_total(
            factored.amount() * self.discount_percent / Decimal::ONE_HUNDRED,
            c,
        )?;
        let after_discount = factored.checked_sub(&discount)?;
        let rate = self.tax_percent / Decimal::ONE_HUNDRED;
        let (net, tax, total) = if self.tax_inclusive {
            let tax =
                rounding::round_tax(after_discount.amount() * rate / (Decimal::ONE + rate), c)?;
            (after_discount.checked_sub(&tax)?, tax, after_discount)
        } else {
            let tax = rounding::round_tax(after_discount.amount() * rate, c)?;
            (after_discount, tax, after_discount.checked_add(&tax)?)
        };
        Ok(Totals {
            lines,
            subtotal,
            factor,
            factored,
            discount,
            net,
            tax,
            total,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn pricing() -> Pricing {
        Pricing {
            currency: Currency::parse("RUB").unwrap(),
            lines: vec![
                Line {
                    stage: "Досудебная стадия".into(),
                    description: "Претензия".into(),
                    kind: LineKind::Fixed,
                    rate: dec("15000"),
                    quantity: Decimal::ONE,
                },
                Line {
                    stage: "Суд".into(),
                    description: "Участие в заседаниях".into(),
                    kind: LineKind::Hourly,
                    rate: dec("7500"),
                    quantity: dec("6.5"),
                },
                Line {
                    stage: "Суд".into(),
                    description: "Копии документов".into(),
                    kind: LineKind::PerUnit,
                    rate: dec("12.35"),
                    quantity: dec("3"),
                },
            ],
            factors: vec![Factor {
                factor: "urgency".into(),
                multiplier: dec("1.2"),
                reason: "срок 5 дней".into(),
            }],
            discount_percent: dec("10"),
            tax_percent: dec("20"),
            tax_inclusive: false,
        }
    }

    #[test]
    fn prices_lines_factors_discount_and_vat() {
        let t = pricing().totals().unwrap();
        // 15000 + 48750 + 37.05 = 63787.05; ×1.2 = 76544.46; −10 % = 68890.01 (7654.446 → 7654.45)
        assert_eq!(t.subtotal.to_string(), "63787.05 RUB");
        assert_eq!(t.factored.to_string(), "76544.46 RUB");
        assert_eq!(t.discount.to_string(), "7654.45 RUB");
        assert_eq!(t.net.to_string(), "68890.01 RUB");
        assert_eq!(t.tax.to_string(), "13778.00 RUB");
        assert_eq!(t.total.to_string(), "82668.01 RUB");
        let mut inclusive = pricing();
        inclusive.tax_inclusive = true;
        let t = inclusive.totals().unwrap();
        // VAT inside 68890.01 at 20 %: 68890.01 × 20/120 = 11481.668… → 11481.67
        assert_eq!(
            (t.tax.to_string(), t.net.to_string(), t.total.to_string()),
            (
                "11481.67 RUB".into(),
                "57408.34 RUB".into(),
                "68890.01 RUB".into()
            )
        );
    }

    #[test]
    fn bad_quotes_are_refused_with_fields() {
        let mut p = pricing();
        p.lines[0].quantity = dec("2");
        p.lines[1].rate = dec("-1");
        p.factors[0].reason.clear();
        p.discount_percent = dec("120");
        let err = p.totals().unwrap_err();
        let fields: Vec<_> = err
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.code))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("lines.0.quantity", "quantity"),
                ("lines.1.rate", "amount_positive"),
                ("factors.0.reason", "required"),
                ("discount_percent", "percent"),
            ]
        );
    }
}
