//! Payment plans (seed 000: 预付款 prepayment, installments, 尾款 balance on completion) and
//! the contractual late-charge terms of an engagement. Pure validation.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::dates;
use super::error::{AppError, AppResult, Validator};
use super::ledger::{DayCount, LateCharge};
use super::money::{parse_decimal, Currency, Money};
use super::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanItemKind {
    Prepayment,
    Installment,
    Balance,
}

impl PlanItemKind {
    pub const ALL: [PlanItemKind; 3] = [
        PlanItemKind::Prepayment,
        PlanItemKind::Installment,
        PlanItemKind::Balance,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PlanItemKind::Prepayment => "prepayment",
            PlanItemKind::Installment => "installment",
            PlanItemKind::Balance => "balance",
        }
    }

    pub fn parse(code: &str) -> Option<PlanItemKind> {
        match code {
            "prepayment" => Some(PlanItemKind::Prepayment),
            "installment" => Some(PlanItemKind::Installment),
            "balance" => Some(PlanItemKind::Balance),
            _ => None,
        }
    }
}

/// One plan item as a form or the CLI sends it (amounts and dates as text).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanItemInput {
    /// Set when the item carries on an item of the previous version.
    #[serde(default)]
    pub item_no: Option<i64>,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub due_on: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanItem {
    pub item_no: Option<i64>,
    pub kind: PlanItemKind,
    pub label: String,
    pub amount: Money,
    pub due_on: NaiveDate,
}

/// Validates a plan that must add up to `total` exactly. Every field error is reported at
/// once; `plan` / `plan_total` when the sum is off.
pub fn validate(items: &[PlanItemInput], total: Money) -> AppResult<Vec<PlanItem>> {
    let currency = total.currency();
    let mut v = Validator::default();
    let mut out = Vec::new();
    if items.is_empty() {
        v.push("plan", "required");
    }
    for (i, item) in items.iter().enumerate() {
        let kind = v.check(
            &format!("plan.{i}.kind"),
            PlanItemKind::parse(item.kind.trim()).ok_or("plan_kind"),
        );
        let label = v.check(
            &format!("plan.{i}.label"),
            text::text(&item.label, 200, false),
        );
        let amount = v.check(
            &format!("plan.{i}.amount"),
            positive_amount(&item.amount, currency),
        );
        let due = v.check(&format!("plan.{i}.due_on"), dates::parse_iso(&item.due_on));
        if let (Some(kind), Some(label), Some(amount), Some(due_on)) = (kind, label, amount, due) {
            out.push(PlanItem {
                item_no: item.item_no,
                kind,
                label,
                amount,
                due_on,
            });
        }
    }
    // A balance on completion comes last; a prepayment comes first.
    for (i, item) in out.iter().enumerate() {
        let later_than_balance = out
            .iter()
            .any(|o| o.kind == PlanItemKind::Balance && o.due_on < item.due_on);
        let earlier_than_prepayment = out
            .iter()
            .any(|o| o.kind == PlanItemKind::Prepayment && o.due_on > item.due_on);
        if (item.kind != PlanItemKind::Balance && later_than_balance)
            || (item.kind != PlanItemKind::Prepayment && earlier_than_prepayment)
        {
            v.push(&format!("plan.{i}.due_on"), "date_order");
        }
    }
    v.finish()?;
    let sum = Money::sum(currency, out.iter().map(|i| &i.amount))?;
    if sum != total {
        let mut e = AppError::field("plan", "plan_total");
        e.message = format!("The payment plan adds up to {sum}; the fee is {total}");
        return Err(e);
    }
    Ok(out)
}

/// An item of the plan version in force, as the plan-version rules see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurrentItem {
    pub item_no: i64,
    pub amount: Money,
    pub due_on: NaiveDate,
    /// An invoice (not cancelled) was issued for it.
    pub invoiced: bool,
}

/// The plan-version state machine: a new version after `version` whose `items` (already
/// validated) keep every invoiced item of `current` as it is (same item number, amount and
/// due date) and carry on only items that exist. Gives the new version's number, or every
/// refusal at once (`invoiced_item`, `not_found`).
pub fn revision(version: i64, current: &[CurrentItem], items: &[PlanItem]) -> AppResult<i64> {
    let mut v = Validator::default();
    for invoiced in current.iter().filter(|i| i.invoiced) {
        match items
            .iter()
            .position(|n| n.item_no == Some(invoiced.item_no))
        {
            Some(i) => {
                let n = &items[i];
                if n.amount != invoiced.amount || n.due_on != invoiced.due_on {
                    v.push(&format!("plan.{i}.amount"), "invoiced_item");
                }
            }
            None => v.push("plan", "invoiced_item"),
        }
    }
    for (i, n) in items.iter().enumerate() {
        if let Some(no) = n.item_no {
            if !current.iter().any(|p| p.item_no == no) {
                v.push(&format!("plan.{i}.item_no"), "not_found");
            }
        }
    }
    v.finish()?;
    Ok(version + 1)
}

/// A positive amount in `currency`, as a field code on failure.
pub fn positive_amount(text: &str, currency: Currency) -> Result<Money, &'static str> {
    let m = super::money::parse_amount(text, currency)?;
    if m.is_negative() || m.is_zero() {
        return Err("amount_positive");
    }
    Ok(m)
}

/// A decimal rate or percent from text (`"8"`, `"0,1"`), at least zero.
pub fn rate(text: &str) -> Result<Decimal, &'static str> {
    let d = parse_decimal(text).ok_or("number")?;
    if d.is_sign_negative() {
        return Err("amount_positive");
    }
    Ok(d)
}

/// Contractual late-charge terms as sent by a form: `rule` is `none`, `annual` (percent a
/// year, with `day_count` `act365` or `act360`), `daily` (percent a day, пеня) or `fixed`
/// (an amount per overdue invoice).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LateTermsInput {
    #[serde(default = "none")]
    pub rule: String,
    #[serde(default)]
    pub rate: String,
    #[serde(default = "act365")]
    pub day_count: String,
}

fn none() -> String {
    "none".into()
}
fn act365() -> String {
    "act365".into()
}

impl Default for LateTermsInput {
    fn default() -> Self {
        LateTermsInput {
            rule: none(),
            rate: String::new(),
            day_count: act365(),
        }
    }
}

/// Validated late-charge terms, in the stored form (`rule`, `rate`, `day_count`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LateTerms {
    pub rule: String,
    pub rate: Decimal,
    pub day_count: String,
}

impl LateTermsInput {
    pub fn validate(&self, currency: Currency) -> AppResult<LateTerms> {
        let mut v = Validator::default();
        let rule = self.rule.trim();
        if !["none", "annual", "daily", "fixed"].contains(&rule) {
            v.push("late.rule", "late_rule");
        }
        let day_count = self.day_count.trim();
        if !["act365", "act360"].contains(&day_count) {
            v.push("late.day_count", "day_count");
        }
        let mut value = Decimal::ZERO;
        if rule != "none" {
            match rate(&self.rate) {
                Ok(r) if r.is_zero() => v.push("late.rate", "amount_positive"),
                Ok(r) => {
                    let limit = match rule {
                        "annual" => Decimal::ONE_HUNDRED,
                        "daily" => Decimal::ONE,
                        _ => Decimal::MAX,
                    };
                    if r > limit {
                        v.push("late.rate", "percent");
                    } else if rule == "fixed" && Money::new(r, currency).is_err() {
                        v.push("late.rate", "amount_precision");
                    }
                    value = r;
                }
                Err(code) => v.push("late.rate", code),
            }
        }
        v.finish()?;
        Ok(LateTerms {
            rule: rule.to_string(),
            rate: value,
            day_count: day_count.to_string(),
        })
    }
}

impl LateTerms {
    pub fn none() -> LateTerms {
        LateTerms {
            rule: "none".into(),
            rate: Decimal::ZERO,
            day_count: "act365".into(),
        }
    }

    /// The rule the ledger computes with, or `None` when the contract has no late charge.
    pub fn charge(&self) -> Option<LateCharge> {
        match self.rule.as_str() {
            "annual" => Some(LateCharge::Annual {
                percent: self.rate,
                day_count: if self.day_count == "act360" {
                    DayCount::Act360
                } else {
                    DayCount::Act365
                },
            }),
            "daily" => Some(LateCharge::Daily { percent: self.rate }),
            "fixed" => Some(LateCharge::Fixed { amount: self.rate }),
            _ => None,
        }
    }

    /// How the charge is computed, in words for the document line (English; letters
    /// translate their own).
    pub fn describe(&self) -> String {
        match self.rule.as_str() {
            "annual" => format!(
                "{} % a year, actual days / {}",
                self.rate.normalize(),
                if self.day_count == "act360" {
                    "360"
                } else {
                    "365"
                }
            ),
            "daily" => format!("{} % a day", self.rate.normalize()),
            "fixed" => format!("fixed fee {}", self.rate.normalize()),
            _ => "none".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn planned(no: Option<i64>, amount: &str, due: &str) -> PlanItem {
        let cny = Currency::parse("CNY").unwrap();
        PlanItem {
            item_no: no,
            kind: PlanItemKind::Installment,
            label: String::new(),
            amount: Money::parse(amount, cny).unwrap(),
            due_on: dates::parse_iso(due).unwrap(),
        }
    }

    fn current(no: i64, amount: &str, due: &str, invoiced: bool) -> CurrentItem {
        let i = planned(Some(no), amount, due);
        CurrentItem {
            item_no: no,
            amount: i.amount,
            due_on: i.due_on,
            invoiced,
        }
    }

    #[test]
    fn a_plan_revision_keeps_invoiced_items_as_they_are() {
        let now = [
            current(1, "100", "2026-09-30", true),
            current(2, "200", "2026-12-31", false),
        ];
        // Moving an item not yet invoiced and splitting it: the next version.
        let next = [
            planned(Some(1), "100", "2026-09-30"),
            planned(Some(2), "150", "2027-01-31"),
            planned(None, "50", "2027-02-28"),
        ];
        assert_eq!(revision(1, &now, &next).unwrap(), 2);
        // The invoiced item changed, dropped, or an unknown item carried on: refused.
        let changed = [
            planned(Some(1), "90", "2026-09-30"),
            planned(Some(2), "210", "2026-12-31"),
        ];
        assert_eq!(
            revision(1, &now, &changed).unwrap_err().fields[0].code,
            "invoiced_item"
        );
        let moved = [
            planned(Some(1), "100", "2026-10-31"),
            planned(Some(2), "200", "2026-12-31"),
        ];
        assert_eq!(
            revision(1, &now, &moved).unwrap_err().fields[0].code,
            "invoiced_item"
        );
        let dropped = [planned(Some(2), "300", "2026-12-31")];
        let e = revision(1, &now, &dropped).unwrap_err();
        assert_eq!(
            (e.fields[0].field.as_str(), e.fields[0].code),
            ("plan", "invoiced_item")
        );
        let unknown = [
            planned(Some(1), "100", "2026-09-30"),
            planned(Some(7), "200", "2026-12-31"),
        ];
        let e = revision(1, &now, &unknown).unwrap_err();
        assert_eq!(
            (e.fields[0].field.as_str(), e.fields[0].code),
            ("plan.1.item_no", "not_found")
        );
    }

    fn item(kind: &str, amount: &str, due: &str) -> PlanItemInput {
        PlanItemInput {
            kind: kind.into(),
            amount: amount.into(),
            due_on: due.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_plan_adds_up_to_the_fee_exactly() {
        let cny = Currency::parse("CNY").unwrap();
        let total = Money::parse("30000", cny).unwrap();
        let ok = validate(
            &[
                item("prepayment", "9000", "2026-01-10"),
                item("installment", "11000", "2026-03-10"),
                item("balance", "10000", "2026-06-30"),
            ],
            total,
        )
        .unwrap();
        assert_eq!(ok.len(), 3);
        let off = validate(
            &[
                item("prepayment", "9000", "2026-01-10"),
                item("balance", "20000.01", "2026-06-30"),
            ],
            total,
        )
        .unwrap_err();
        assert_eq!(off.fields[0].code, "plan_total");
        let bad = validate(
            &[
                item("balance", "0", "2026-01-10"),
                item("prepayment", "1.234", "2026-02-30"),
                item("gift", "1", "2026-01-01"),
            ],
            total,
        )
        .unwrap_err();
        let codes: Vec<_> = bad
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.code))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("plan.0.amount", "amount_positive"),
                ("plan.1.amount", "too_many_decimals"),
                ("plan.1.due_on", "date"),
                ("plan.2.kind", "plan_kind"),
            ]
        );
        let order = validate(
            &[
                item("balance", "10000", "2026-01-10"),
                item("installment", "20000", "2026-03-10"),
            ],
            total,
        )
        .unwrap_err();
        assert_eq!(order.fields[0].code, "date_order");
    }

    #[test]
    fn late_terms_are_checked() {
        let rub = Currency::parse("RUB").unwrap();
        let t = LateTermsInput {
            rule: "daily".into(),
            rate: "0,1".into(),
            day_count: "act365".into(),
        }
        .validate(rub)
        .unwrap();
        assert_eq!(t.describe(), "0.1 % a day");
        assert!(t.charge().is_some());
        let e = LateTermsInput {
            rule: "daily".into(),
            rate: "5".into(),
            day_count: "act365".into(),
        }
        .validate(rub)
        .unwrap_err();
        assert_eq!(e.fields[0].code, "percent");
        assert!(LateTermsInput::default()
            .validate(rub)
            .unwrap()
            .charge()
            .is_none());
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanChange {
    #[serde(default)]
    pub reason: String,
    pub items: Vec<PlanItemInput>,
}
