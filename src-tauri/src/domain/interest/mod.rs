//! Statutory and contractual late interest (pure: no I/O, no clock; "today" is a
//! parameter and the user's own rate rows are passed in).
//!
//! A computation turns the rule into a step function of annual (or daily) rates over the
//! days of delay, cuts it into periods (at each rate change and, where the rule counts days
//! over the actual year, at each 1 January), computes each period's interest exactly, and
//! rounds the total once (`rounding::round_interest`). Fixed compensation is reported
//! apart from the interest. The rules and their citations live in `rules`; the rate tables
//! in `tables`.
//!
//! Days: interest runs from the day after the due date up to and including `until` (the
//! payment day counts), as in `domain::ledger`. Periods print both ends inclusive.

pub mod rules;
pub mod tables;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use super::dates;
use super::error::{AppError, AppResult, ErrorCode};
use super::ledger;
use super::money::{rounding, Money};
pub use tables::{RateRow, RateTables, TableId, UserRate, Warning};

/// The rules the `interest` command and the app know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// An agreed annual rate (actual/365).
    Contract,
    /// An agreed rate per day of delay (пеня).
    Daily,
    /// Directive 2011/7/EU: ECB reference rate + 8 points per half-year.
    Eu,
    /// § 288 BGB: Basiszinssatz + 9 (no consumer) or + 5 (consumer) points.
    De,
    /// L441-10 Code de commerce: ECB rate + 10 points per half-year.
    Fr,
    /// Late Payment of Commercial Debts (Interest) Act 1998: Bank Rate + 8, fixed.
    Uk,
    /// ГК РФ ст. 395: the key rate in each period, actual year length.
    Ru395,
    /// 民法 §203/§233: 5 % a year, or a higher agreed rate (cap §205).
    Tw,
    /// China: one-year LPR at breach × 1.3–1.5.
    CnLpr,
}

impl Rule {
    pub const ALL: [Rule; 9] = [
        Rule::Contract,
        Rule::Daily,
        Rule::Eu,
        Rule::De,
        Rule::Fr,
        Rule::Uk,
        Rule::Ru395,
        Rule::Tw,
        Rule::CnLpr,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Contract => "contract",
            Rule::Daily => "daily",
            Rule::Eu => "eu",
            Rule::De => "de",
            Rule::Fr => "fr",
            Rule::Uk => "uk",
            Rule::Ru395 => "ru395",
            Rule::Tw => "tw",
            Rule::CnLpr => "cn_lpr",
        }
    }

    pub fn parse(s: &str) -> AppResult<Rule> {
        Rule::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| AppError::field("rule", "interest_rule"))
    }

    /// The reference-rate table the rule reads, if any.
    pub fn table(self) -> Option<TableId> {
        match self {
            Rule::Eu | Rule::Fr => Some(TableId::EcbMro),
            Rule::De => Some(TableId::DeBasiszinssatz),
            Rule::Uk => Some(TableId::BoeBase),
            Rule::Ru395 => Some(TableId::CbrKey),
            Rule::CnLpr => Some(TableId::CnLpr1y),
            Rule::Contract | Rule::Daily | Rule::Tw => None,
        }
    }
}

/// Who owes: several rules differ for consumers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Debtor {
    Consumer,
    Business,
}

impl Debtor {
    pub fn parse(s: &str) -> AppResult<Debtor> {
        match s.trim() {
            "consumer" => Ok(Debtor::Consumer),
            "business" => Ok(Debtor::Business),
            _ => Err(AppError::field("debtor", "debtor_kind")),
        }
    }
}

/// What to compute.
#[derive(Debug, Clone, PartialEq)]
pub struct InterestInput {
    pub rule: Rule,
    pub principal: Money,
    pub due: NaiveDate,
    pub until: NaiveDate,
    /// Percent a year (`contract`, an agreed rate for `tw`) or a day (`daily`).
    pub rate: Option<Decimal>,
    /// `cn_lpr`: the multiplier of the LPR, 1.3 to 1.5.
    pub multiplier: Option<Decimal>,
    pub debtor: Option<Debtor>,
    /// `ru395`: the contract also provides a penalty (неустойка) for the same delay.
    pub contractual_penalty: bool,
}

/// How a period's days are turned into a share of the annual rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayCount {
    /// Days / 365 whatever the year.
    Act365,
    /// Days / the actual length of the calendar year (365 or 366); periods split at 1 January.
    ActualYear,
    /// The rate is per day.
    PerDay,
}

/// One stretch of the schedule: `rate` applies from `from` (inclusive) until the next step.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub from: NaiveDate,
    pub rate: Decimal,
    pub basis: String,
}

/// A rule's answer before the arithmetic: the steps, the day count, the fixed compensation.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub steps: Vec<Step>,
    pub day_count: DayCount,
    pub rate_fixed: bool,
    pub fixed_compensation: Option<(Decimal, &'static str)>,
    pub legal_basis: &'static str,
    pub warnings: Vec<Warning>,
}

/// One period of the calculation appendix (both dates inclusive).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    #[serde(serialize_with = "iso")]
    pub from: NaiveDate,
    #[serde(serialize_with = "iso")]
    pub to: NaiveDate,
    pub days: i64,
    #[serde(with = "rust_decimal::serde::str")]
    pub rate: Decimal,
    /// `year` (percent a year) or `day` (percent a day).
    pub rate_unit: &'static str,
    /// The days of the year the rate is spread over (365 or 366); none for a daily rate.
    pub year_days: Option<i64>,
    /// Where the rate comes from, with the rule cited.
    pub basis: String,
    /// The amount owed in the period, the interest's base.
    #[serde(with = "rust_decimal::serde::str")]
    pub principal: Decimal,
    /// Exact, unrounded: the total is rounded once from the sum of these.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// The period's amount rounded for display only.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount_rounded: Decimal,
}

fn iso<S: serde::Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&dates::to_iso(*d))
}

/// The result: periods, the total rounded once, fixed compensation apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterestOutcome {
    pub rule: Rule,
    pub currency: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub principal: Decimal,
    #[serde(serialize_with = "iso")]
    pub due: NaiveDate,
    #[serde(serialize_with = "iso")]
    pub until: NaiveDate,
    pub days: i64,
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
    pub periods: Vec<Period>,
    /// Fixed for the whole debt (UK, China) or following each rate change.
    pub rate_fixed: bool,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub fixed_compensation: Option<Decimal>,
    pub fixed_compensation_basis: Option<&'static str>,
    pub legal_basis: &'static str,
    pub warnings: Vec<Warning>,
}

/// Computes late interest on `input.principal` for the days after `input.due` up to and
/// including `input.until`, from `tables`; `today` only decides staleness warnings.
pub fn compute(
    input: &InterestInput,
    tables: &RateTables,
    today: NaiveDate,
) -> AppResult<InterestOutcome> {
    compute_with_payments(input, &[], tables, today)
}

/// As [`compute`], on the amount actually outstanding each day: `input.principal` is what
/// was owed at the due date before any payment, and each of `payments` (dated, oldest
/// first) lowers it from the day after it was received — the day of payment still counts
/// as a day of delay (`ledger::segments`; ст. 395 ГК РФ п. 3: interest runs "по день
/// уплаты суммы этих средств кредитору"). The rule's rates stay those of the debt: a rate fixed when
/// the debt fell due (UK Act, Chinese LPR) stays fixed over every stretch, and the fixed
/// compensation follows the whole debt.
pub fn compute_with_payments(
    input: &InterestInput,
    payments: &[(NaiveDate, Money)],
    tables: &RateTables,
    today: NaiveDate,
) -> AppResult<InterestOutcome> {
    if input.principal.is_negative() || input.principal.is_zero() {
        return Err(AppError::field("principal", "amount_positive"));
    }
    let currency = input.principal.currency();
    let days = dates::days_overdue(input.due, input.until);
    let mut outcome = InterestOutcome {
        rule: input.rule,
        currency: currency.code().to_string(),
        principal: input.principal.amount(),
        due: input.due,
        until: input.until,
        days,
        total: Money::zero(currency).amount(),
        periods: Vec::new(),
        rate_fixed: false,
        fixed_compensation: None,
        fixed_compensation_basis: None,
        legal_basis: "",
        warnings: Vec::new(),
    };
    let first = input.due.succ_opt().unwrap_or(input.due);
    let schedule = rules::schedule(input, tables, first)?;
    outcome.legal_basis = schedule.legal_basis;
    outcome.rate_fixed = schedule.rate_fixed;
    outcome.warnings = schedule.warnings.clone();
    if let Some(w) = input.rule.table().and_then(|t| tables.staleness(t, today)) {
        outcome.warnings.push(w);
    }
    if days == 0 {
        return Ok(outcome);
    }
    for seg in ledger::segments(input.principal, input.due, input.until, payments)? {
        let from = seg.from.succ_opt().unwrap_or(seg.from);
        outcome
            .periods
            .extend(periods(seg.principal, &schedule, from, seg.to)?);
    }
    let exact: Decimal = outcome.periods.iter().map(|p| p.amount).sum();
    outcome.total = rounding::round_interest(exact, currency)?.amount();
    if let Some((amount, basis)) = schedule.fixed_compensation {
        outcome.fixed_compensation = Some(Money::new(amount, currency)?.amount());
        outcome.fixed_compensation_basis = Some(basis);
    }
    Ok(outcome)
}

/// Cuts `[first, last]` (inclusive) into periods at each step and, for `ActualYear`, at
/// each 1 January, and computes each period's exact interest.
pub fn periods(
    principal: Money,
    schedule: &Schedule,
    first: NaiveDate,
    last: NaiveDate,
) -> AppResult<Vec<Period>> {
    let mut out = Vec::new();
    for (i, step) in schedule.steps.iter().enumerate() {
        let start = step.from.max(first);
        let end = match schedule.steps.get(i + 1) {
            Some(next) => next.from.pred_opt().unwrap_or(next.from).min(last),
            None => last,
        };
        let mut from = start;
        while from <= end {
            let to = match schedule.day_count {
                DayCount::ActualYear => end.min(year_end(from)),
                _ => end,
            };
            out.push(period(principal, schedule.day_count, step, from, to)?);
            from = match to.succ_opt() {
                Some(d) => d,
                None => break,
            };
        }
    }
    Ok(out)
}

fn year_end(day: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(day.year(), 12, 31).unwrap_or(day)
}

fn year_length(year: i32) -> i64 {
    match NaiveDate::from_ymd_opt(year, 2, 29) {
        Some(_) => 366,
        None => 365,
    }
}

fn period(
    principal: Money,
    day_count: DayCount,
    step: &Step,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Period> {
    let days = dates::days_between(from, to) + 1;
    let year_days = match day_count {
        DayCount::Act365 => Some(365),
        DayCount::ActualYear => Some(year_length(from.year())),
        DayCount::PerDay => None,
    };
    let amount = exact_interest(principal.amount(), step.rate, days, year_days)?;
    Ok(Period {
        from,
        to,
        days,
        rate: step.rate,
        rate_unit: if year_days.is_some() { "year" } else { "day" },
        year_days,
        basis: step.basis.clone(),
        principal: principal.amount(),
        amount,
        amount_rounded: rounding::round_interest(amount, principal.currency())?.amount(),
    })
}

/// principal × rate % × days / year_days (or × days for a daily rate), exactly.
pub fn exact_interest(
    principal: Decimal,
    rate: Decimal,
    days: i64,
    year_days: Option<i64>,
) -> AppResult<Decimal> {
    let overflow = || AppError::new(ErrorCode::InvalidAmount, "The amount is too large");
    let base = principal
        .checked_mul(rate)
        .and_then(|v| v.checked_mul(Decimal::from(days)))
        .ok_or_else(overflow)?;
    let divisor = Decimal::ONE_HUNDRED * Decimal::from(year_days.unwrap_or(1));
    base.checked_div(divisor).ok_or_else(overflow)
}

#[cfg(test)]
mod tests;
