//! Fee-quote pricing (seed 001, расчёт стоимости) for the fees release, pure: stages with
//! line items (fixed, hourly rate × hours, per unit), the visible factors (volume of work,
//! complexity, specialization, urgency) as multipliers with a reason, a discount, and VAT
//! inclusive or exclusive. Lines round once each; tax rounds once per document.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use super::dates;
use super::error::{AppResult, Validator};
use super::ids::{ClientId, MatterId};
use super::money::{parse_decimal, rounding, Currency, Money};
use super::plan::{self, LateTerms, LateTermsInput, PlanItem, PlanItemInput};
use super::text;

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

/// A line as a form or the CLI sends it: numbers as text, never floats.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineInput {
    #[serde(default)]
    pub stage: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "fixed")]
    pub kind: String,
    #[serde(default)]
    pub rate: String,
    #[serde(default = "one")]
    pub quantity: String,
}

fn fixed() -> String {
    "fixed".into()
}
fn one() -> String {
    "1".into()
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactorInput {
    #[serde(default)]
    pub factor: String,
    #[serde(default)]
    pub multiplier: String,
    #[serde(default)]
    pub reason: String,
}

impl Pricing {
    /// Reads text input into a pricing; field errors go to `v`. The tax defaults to the
    /// firm's (`firm_tax`: percent, prices-include-VAT).
    #[allow(clippy::too_many_arguments)]
    pub fn from_input(
        v: &mut Validator,
        currency: Currency,
        lines: &[LineInput],
        factors: &[FactorInput],
        discount_percent: &str,
        tax_percent: Option<&str>,
        tax_inclusive: Option<bool>,
        firm_tax: (Decimal, bool),
    ) -> Option<Pricing> {
        let before = v.len();
        let out_lines: Vec<Line> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| line(v, i, l, currency))
            .collect();
        let out_factors: Vec<Factor> = factors
            .iter()
            .enumerate()
            .filter_map(|(i, f)| factor(v, i, f))
            .collect();
        let discount = if discount_percent.trim().is_empty() {
            Some(Decimal::ZERO)
        } else {
            v.check("discount_percent", plan::rate(discount_percent))
        };
        let tax = match tax_percent.map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => v.check("tax_percent", plan::rate(t)),
            None => Some(firm_tax.0),
        };
        if v.len() > before {
            return None;
        }
        Some(Pricing {
            currency,
            lines: out_lines,
            factors: out_factors,
            discount_percent: discount?,
            tax_percent: tax?,
            tax_inclusive: tax_inclusive.unwrap_or(firm_tax.1),
        })
    }
}

/// The `i`th line item, its errors recorded under `lines.{i}.…`. A fixed fee is an amount
/// of money in `currency`: not ¥1.5 or €1.005 (each was rounded silently); an hourly or unit
/// rate may be finer (¥1.5 a page × 1,000 pages), its line rounded once. Checked on input
/// only: a stored quote of an earlier version still prices.
fn line(v: &mut Validator, i: usize, l: &LineInput, currency: Currency) -> Option<Line> {
    let kind = match l.kind.trim() {
        "fixed" => Some(LineKind::Fixed),
        "hourly" => Some(LineKind::Hourly),
        "per_unit" => Some(LineKind::PerUnit),
        _ => {
            v.push(&format!("lines.{i}.kind"), "line_kind");
            None
        }
    };
    let rate = v.check(&format!("lines.{i}.rate"), plan::rate(&l.rate));
    let quantity = v.check(
        &format!("lines.{i}.quantity"),
        parse_decimal(&l.quantity).ok_or("number"),
    );
    let stage = v.check(
        &format!("lines.{i}.stage"),
        text::text(&l.stage, 200, false),
    );
    let description = v.check(
        &format!("lines.{i}.description"),
        text::text(&l.description, 500, true),
    );
    let fee_too_fine = |r: &Decimal| r.normalize().scale() > currency.minor_units();
    if kind == Some(LineKind::Fixed) && rate.as_ref().is_some_and(fee_too_fine) {
        v.push(&format!("lines.{i}.rate"), "too_many_decimals");
        return None;
    }
    if let (Some(kind), Some(rate), Some(quantity), Some(stage), Some(description)) =
        (kind, rate, quantity, stage, description)
    {
        Some(Line {
            stage,
            description,
            kind,
            rate,
            quantity,
        })
    } else {
        None
    }
}

/// The `i`th factor, its errors recorded under `factors.{i}.…`.
fn factor(v: &mut Validator, i: usize, f: &FactorInput) -> Option<Factor> {
    let multiplier = v.check(
        &format!("factors.{i}.multiplier"),
        parse_decimal(&f.multiplier).ok_or("number"),
    );
    let reason = v.check(
        &format!("factors.{i}.reason"),
        text::text(&f.reason, 500, false),
    );
    if let (Some(multiplier), Some(reason)) = (multiplier, reason) {
        Some(Factor {
            factor: f.factor.trim().to_string(),
            multiplier,
            reason,
        })
    } else {
        None
    }
}

/// A fee quote as the editor or the CLI sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteInput {
    pub client_id: ClientId,
    #[serde(default)]
    pub matter_id: Option<MatterId>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub lines: Vec<LineInput>,
    #[serde(default)]
    pub factors: Vec<FactorInput>,
    #[serde(default)]
    pub discount_percent: String,
    #[serde(default)]
    pub tax_percent: Option<String>,
    #[serde(default)]
    pub tax_inclusive: Option<bool>,
    #[serde(default)]
    pub valid_until: String,
    #[serde(default)]
    pub terms: String,
    /// The proposed payment plan; empty means "the whole fee, due on acceptance plus the
    /// firm's payment terms".
    #[serde(default)]
    pub plan: Vec<PlanItemInput>,
    #[serde(default)]
    pub late: LateTermsInput,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    pub client_id: ClientId,
    pub matter_id: Option<MatterId>,
    pub title: String,
    pub pricing: Pricing,
    pub totals: Totals,
    pub valid_until: NaiveDate,
    pub terms: String,
    pub plan: Vec<PlanItem>,
    pub late: LateTerms,
}

impl QuoteInput {
    /// Validates and prices the quote. With `for_preview`, a plan that does not add up yet
    /// and a missing title are not errors (the editor shows live totals while typing).
    pub fn validate(&self, firm_tax: (Decimal, bool), for_preview: bool) -> AppResult<Quote> {
        let mut v = Validator::default();
        let currency = v.check(
            "currency",
            Currency::parse(&self.currency).map_err(|_| "currency"),
        );
        let title = v.check("title", text::text(&self.title, 200, !for_preview));
        let valid_until = if for_preview && self.valid_until.trim().is_empty() {
            None
        } else {
            v.check("valid_until", dates::parse_iso(&self.valid_until))
        };
        let terms = v.check("terms", text::text(&self.terms, 5000, false));
        if self.lines.is_empty() && !for_preview {
            v.push("lines", "required");
        }
        let pricing = currency.and_then(|c| {
            Pricing::from_input(
                &mut v,
                c,
                &self.lines,
                &self.factors,
                &self.discount_percent,
                self.tax_percent.as_deref(),
                self.tax_inclusive,
                firm_tax,
            )
        });
        v.finish()?;
        let pricing = pricing.expect("validated");
        let currency = pricing.currency;
        let late = self.late.validate(currency)?;
        let totals = pricing.totals()?;
        let plan = if self.plan.is_empty() || for_preview {
            Vec::new()
        } else {
            plan::validate(&self.plan, totals.total)?
        };
        Ok(Quote {
            client_id: self.client_id,
            matter_id: self.matter_id,
            title: title.unwrap_or_default(),
            pricing,
            totals,
            valid_until: valid_until.unwrap_or_default(),
            terms: terms.unwrap_or_default(),
            plan,
            late,
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

    #[test]
    fn a_fixed_fee_has_no_more_decimals_than_its_currency() {
        let priced = |currency: &str, kind: &str, rate: &str| {
            let line: LineInput = serde_json::from_value(serde_json::json!({
                "description": "x", "kind": kind, "rate": rate, "quantity": "1"
            }))
            .unwrap();
            let mut v = Validator::default();
            let currency = Currency::parse(currency).unwrap();
            let p = Pricing::from_input(
                &mut v,
                currency,
                &[line],
                &[],
                "0",
                Some("0"),
                None,
                (Decimal::ZERO, false),
            );
            v.finish().map(|()| p.is_some())
        };
        for (currency, rate) in [
            ("JPY", "1.5"),
            ("JPY", "0.5"),
            ("EUR", "1.005"),
            ("KRW", "1000.7"),
        ] {
            let e = priced(currency, "fixed", rate).unwrap_err();
            assert_eq!(e.fields[0].field, "lines.0.rate");
            assert_eq!(e.fields[0].code, "too_many_decimals", "{currency} {rate}");
        }
        assert_eq!(priced("JPY", "fixed", "1500.00"), Ok(true));
        assert_eq!(priced("JPY", "per_unit", "1.5"), Ok(true));
        assert_eq!(priced("EUR", "hourly", "150.125"), Ok(true));
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
