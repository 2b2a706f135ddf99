//! Each rule as a schedule of rates, with its legal source. The arithmetic is shared
//! (`super::periods`); a rule only says which rate applies on which day, how days are
//! counted and what fixed sum is due.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::tables::{half_year_start, next_half_year, RateTables, TableId, Warning};
use super::{DayCount, Debtor, InterestInput, Rule, Schedule, Step};
use crate::domain::dates;
use crate::domain::error::{AppError, AppResult, ErrorCode};

/// Directive 2011/7/EU: art. 2(6) statutory interest = reference rate + at least 8 points;
/// art. 2(7) reference rate = the ECB's rate on its most recent main refinancing operation;
/// art. 3(2) (art. 4(2) for public authorities) the rate in force on 1 January applies to
/// the first half-year, on 1 July to the second; art. 6(1) EUR 40 fixed compensation per late payment.
pub const EU_BASIS: &str =
    "Directive 2011/7/EU art. 2(6)-(7), art. 3 (ECB main refinancing rate on 1 January / 1 July + 8 points), art. 6 (EUR 40)";
/// § 288 Abs. 1 und 2 BGB (+ 5 / + 9 Prozentpunkte über dem Basiszinssatz), § 247 BGB
/// (Basiszinssatz, 1. Januar / 1. Juli), § 288 Abs. 5 BGB (Pauschale 40 Euro).
pub const DE_BASIS: &str =
    "§ 288 Abs. 1, 2 BGB (Basiszinssatz nach § 247 BGB + 5 / + 9 Prozentpunkte), § 288 Abs. 5 BGB (40 Euro)";
/// Code de commerce art. L441-10 II (taux BCE + 10 points; 1er janvier / 1er juillet;
/// indemnité forfaitaire de 40 euros, montant fixé par l'art. D441-5).
pub const FR_BASIS: &str =
    "Code de commerce art. L441-10 II (taux BCE au 1er janvier / 1er juillet + 10 points; indemnité forfaitaire 40 €, art. D441-5)";
/// Late Payment of Commercial Debts (Interest) Act 1998 s.4 (interest from the day after
/// the relevant date), s.6 and SI 2002/1675 art. 4 (Bank Rate on the 31 December / 30 June
/// before interest starts + 8 %), s.5A (fixed sums).
pub const UK_BASIS: &str =
    "Late Payment of Commercial Debts (Interest) Act 1998 s.4, s.6; SI 2002/1675 art. 4 (Bank Rate on 31 Dec / 30 Jun before interest starts + 8 %, fixed); s.5A (GBP 40 / 70 / 100)";
/// ГК РФ ст. 395 п. 1 (ключевая ставка Банка России в соответствующие периоды, в редакции
/// с 01.08.2016), п. 4 (не взыскиваются вместе с неустойкой).
pub const RU_BASIS: &str =
    "ГК РФ ст. 395 п. 1 (ключевая ставка Банка России, действовавшая в соответствующие периоды), п. 4";
/// 民法 §203 (法定利率週年百分之五), §233 I (遲延利息; 約定利率較高者從其約定),
/// §205 (約定利率上限: 自110年7月20日起週年百分之十六，超過部分之約定無效; 之前為百分之二十).
pub const TW_BASIS: &str =
    "民法第203條（週年百分之五）、第233條第1項（約定利率較高者從其約定）、第205條（約定利率上限）";
/// 最高人民法院关于审理买卖合同纠纷案件适用法律问题的解释（法释〔2012〕8号，2020年修正）
/// 第十八条第四款: 违约行为发生在2019年8月20日之后的，以违约行为发生时一年期LPR为基础，
/// 加计30—50%计算逾期付款损失 (applied by analogy to service fees, 民法典第646条).
pub const CN_BASIS: &str =
    "最高人民法院关于审理买卖合同纠纷案件适用法律问题的解释（2020年修正）第十八条第四款：违约行为发生时一年期LPR加计30%—50%";
pub const CONTRACT_BASIS: &str = "the contract's agreed annual rate (actual/365)";
pub const DAILY_BASIS: &str = "the contract's agreed rate per day of delay";

/// The Bank of Russia key rate applies under ст. 395 from 1 August 2016 (Federal Law
/// 03.07.2016 № 315-ФЗ); before that the rule used regional average deposit rates, which
/// the tables do not hold.
pub fn ru395_key_rate_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 8, 1).unwrap_or(NaiveDate::MIN)
}

/// The 2019 LPR reform: breaches from 20 August 2019 use the LPR (art. 18 para. 4).
pub fn lpr_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 8, 20).unwrap_or(NaiveDate::MIN)
}

/// §205 民法 as amended (promulgated 2021-01-20, in force 2021-07-20): 16 % from that day.
pub fn tw_cap_change() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 7, 20).unwrap_or(NaiveDate::MIN)
}

/// The schedule for `input`, whose first day of interest is `first`.
pub fn schedule(
    input: &InterestInput,
    tables: &RateTables,
    first: NaiveDate,
) -> AppResult<Schedule> {
    if !matches!(input.rule, Rule::Contract | Rule::Daily | Rule::Tw) && input.rate.is_some() {
        return Err(AppError::field("rate", "not_for_rule"));
    }
    if input.rule != Rule::CnLpr && input.multiplier.is_some() {
        return Err(AppError::field("multiplier", "not_for_rule"));
    }
    match input.rule {
        Rule::Contract => agreed(input, first, DayCount::Act365, CONTRACT_BASIS),
        Rule::Daily => agreed(input, first, DayCount::PerDay, DAILY_BASIS),
        Rule::Eu => ecb_half_years(input, tables, first, 8, EU_BASIS),
        Rule::Fr => ecb_half_years(input, tables, first, 10, FR_BASIS),
        Rule::De => germany(input, tables, first),
        Rule::Uk => england(input, tables, first),
        Rule::Ru395 => russia(input, tables, first),
        Rule::Tw => taiwan(input, first),
        Rule::CnLpr => china(input, tables, first),
    }
}

fn schedule_of(steps: Vec<Step>, day_count: DayCount, legal_basis: &'static str) -> Schedule {
    Schedule {
        steps,
        day_count,
        rate_fixed: false,
        fixed_compensation: None,
        legal_basis,
        warnings: Vec::new(),
    }
}

fn require_currency(input: &InterestInput, code: &str) -> AppResult<()> {
    if input.principal.currency().code() != code {
        return Err(AppError::new(
            ErrorCode::InterestCurrency,
            format!(
                "The {} rule applies to debts in {code}, not {}",
                input.rule.as_str(),
                input.principal.currency().code()
            ),
        ));
    }
    Ok(())
}

fn business_only(input: &InterestInput) -> AppResult<()> {
    if input.debtor == Some(Debtor::Consumer) {
        return Err(AppError::new(
            ErrorCode::InterestBusinessOnly,
            format!(
                "The {} rule applies between businesses only, not to a consumer debtor",
                input.rule.as_str()
            ),
        ));
    }
    Ok(())
}

fn pct(d: Decimal) -> String {
    d.normalize().to_string()
}

fn agreed(
    input: &InterestInput,
    first: NaiveDate,
    day_count: DayCount,
    basis: &'static str,
) -> AppResult<Schedule> {
    let rate = input
        .rate
        .ok_or_else(|| AppError::field("rate", "required"))?;
    if rate <= Decimal::ZERO || rate > Decimal::ONE_HUNDRED {
        return Err(AppError::field("rate", "rate_range"));
    }
    let step = Step {
        from: first,
        rate,
        basis: basis.to_string(),
    };
    let mut s = schedule_of(vec![step], day_count, basis);
    s.rate_fixed = true;
    Ok(s)
}

/// The first days of the half-years from the one holding `first` up to `until`.
fn half_years(first: NaiveDate, until: NaiveDate) -> Vec<NaiveDate> {
    let mut out = vec![half_year_start(first)];
    loop {
        let next = next_half_year(*out.last().unwrap_or(&first));
        if next > until {
            return out;
        }
        out.push(next);
    }
}

/// EU and France: the ECB rate in force on each 1 January / 1 July + `points`.
fn ecb_half_years(
    input: &InterestInput,
    tables: &RateTables,
    first: NaiveDate,
    points: i64,
    basis: &'static str,
) -> AppResult<Schedule> {
    require_currency(input, "EUR")?;
    business_only(input)?;
    let mut steps = Vec::new();
    for start in half_years(first, input.until) {
        let row = tables.in_force(TableId::EcbMro, start)?;
        steps.push(Step {
            from: start,
            rate: row.rate + Decimal::from(points),
            basis: format!(
                "ECB MRO {} % on {} + {points} points",
                pct(row.rate),
                dates::to_iso(start)
            ),
        });
    }
    let mut s = schedule_of(steps, DayCount::Act365, basis);
    s.fixed_compensation = Some((Decimal::from(40), basis));
    Ok(s)
}

/// § 288 BGB: Basiszinssatz of each half-year + 9 (no consumer party) or + 5 points.
fn germany(input: &InterestInput, tables: &RateTables, first: NaiveDate) -> AppResult<Schedule> {
    require_currency(input, "EUR")?;
    let debtor = input
        .debtor
        .ok_or_else(|| AppError::field("debtor", "required"))?;
    let points = match debtor {
        Debtor::Business => 9,
        Debtor::Consumer => 5,
    };
    let mut steps = Vec::new();
    let mut warnings = Vec::new();
    for start in half_years(first, input.until) {
        let row = tables.in_force(TableId::DeBasiszinssatz, start)?;
        if row.from != start {
            warnings.push(Warning {
                code: "rates.half_year_missing",
                message: format!(
                    "No Basiszinssatz is recorded for the half-year from {}; the {} rate of {} % was used",
                    dates::to_iso(start),
                    dates::to_iso(row.from),
                    pct(row.rate)
                ),
                table: Some(TableId::DeBasiszinssatz),
            });
        }
        steps.push(Step {
            from: start,
            rate: row.rate + Decimal::from(points),
            basis: format!(
                "Basiszinssatz {} % ab {} + {points} Prozentpunkte",
                pct(row.rate),
                dates::to_iso(row.from)
            ),
        });
    }
    let mut s = schedule_of(steps, DayCount::Act365, DE_BASIS);
    s.warnings = warnings;
    if debtor == Debtor::Business {
        s.fixed_compensation = Some((Decimal::from(40), "§ 288 Abs. 5 BGB"));
    }
    Ok(s)
}

/// The day whose Bank Rate fixes the UK rate: 31 December (interest starting January to
/// June) or 30 June (July to December) immediately before interest starts.
pub fn uk_reference_day(first: NaiveDate) -> NaiveDate {
    let (y, m, d) = if first.month() <= 6 {
        (first.year() - 1, 12, 31)
    } else {
        (first.year(), 6, 30)
    };
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(first)
}

/// s.5A: GBP 40 under 1,000; 70 from 1,000 to under 10,000; 100 from 10,000.
pub fn uk_fixed_sum(principal: Decimal) -> Decimal {
    if principal < Decimal::from(1000) {
        Decimal::from(40)
    } else if principal < Decimal::from(10000) {
        Decimal::from(70)
    } else {
        Decimal::from(100)
    }
}

fn england(input: &InterestInput, tables: &RateTables, first: NaiveDate) -> AppResult<Schedule> {
    require_currency(input, "GBP")?;
    business_only(input)?;
    let reference = uk_reference_day(first);
    let row = tables.in_force(TableId::BoeBase, reference)?;
    let step = Step {
        from: first,
        rate: row.rate + Decimal::from(8),
        basis: format!(
            "Bank Rate {} % on {} + 8 %, fixed for the whole debt",
            pct(row.rate),
            dates::to_iso(reference)
        ),
    };
    let mut s = schedule_of(vec![step], DayCount::Act365, UK_BASIS);
    s.rate_fixed = true;
    s.fixed_compensation = Some((
        uk_fixed_sum(input.principal.amount()),
        "Late Payment of Commercial Debts (Interest) Act 1998 s.5A",
    ));
    Ok(s)
}

fn russia(input: &InterestInput, tables: &RateTables, first: NaiveDate) -> AppResult<Schedule> {
    require_currency(input, "RUB")?;
    if input.contractual_penalty {
        return Err(AppError::new(
            ErrorCode::InterestNotWithPenalty,
            "ГК РФ ст. 395 п. 4: where the contract sets a penalty (неустойка) for the delay, interest under ст. 395 is not charged on top; choose one",
        ));
    }
    if first < ru395_key_rate_start() {
        return Err(AppError::new(
            ErrorCode::InterestNoRate,
            "Before 1 August 2016 ст. 395 used regional average deposit rates, which Lawdesk does not hold; start the calculation on 2016-08-01 or later",
        ));
    }
    let opening = tables.in_force(TableId::CbrKey, first)?;
    let mut steps = vec![key_rate_step(first, opening.rate)];
    for row in tables.changes(TableId::CbrKey, first, input.until) {
        steps.push(key_rate_step(row.from, row.rate));
    }
    Ok(schedule_of(steps, DayCount::ActualYear, RU_BASIS))
}

fn key_rate_step(from: NaiveDate, rate: Decimal) -> Step {
    Step {
        from,
        rate,
        basis: format!("ключевая ставка Банка России {} %", pct(rate)),
    }
}

fn taiwan(input: &InterestInput, first: NaiveDate) -> AppResult<Schedule> {
    let statutory = Decimal::from(5);
    let agreed = input.rate.unwrap_or(statutory);
    if agreed <= Decimal::ZERO || agreed > Decimal::ONE_HUNDRED {
        return Err(AppError::field("rate", "rate_range"));
    }
    let mut s = schedule_of(Vec::new(), DayCount::Act365, TW_BASIS);
    s.rate_fixed = true;
    if agreed <= statutory {
        s.steps.push(Step {
            from: first,
            rate: statutory,
            basis: "法定利率週年百分之五（民法第203條、第233條第1項）".into(),
        });
        return Ok(s);
    }
    // §205 caps the agreed rate: 20 % before 2021-07-20, 16 % from then (債編施行法
    // §10-1 applies the new cap to interest arising after that day).
    let cut = tw_cap_change();
    let mut pieces = Vec::new();
    if first < cut {
        pieces.push((first, Decimal::from(20)));
    }
    if input.until >= cut {
        pieces.push((cut.max(first), Decimal::from(16)));
    }
    for (from, cap) in pieces {
        let rate = agreed.min(cap);
        if rate < agreed {
            s.warnings.push(Warning {
                code: "interest.rate_capped",
                message: format!(
                    "民法第205條: the agreed {} % exceeds the {} % cap from {}; the excess is not charged",
                    pct(agreed),
                    pct(cap),
                    dates::to_iso(from)
                ),
                table: None,
            });
        }
        if s.steps.last().is_some_and(|st: &Step| st.rate == rate) {
            continue;
        }
        s.steps.push(Step {
            from,
            rate,
            basis: format!(
                "約定利率週年 {} %（民法第233條第1項但書；第205條上限 {} %）",
                pct(rate),
                pct(cap)
            ),
        });
    }
    s.rate_fixed = s.steps.len() == 1;
    Ok(s)
}

fn china(input: &InterestInput, tables: &RateTables, first: NaiveDate) -> AppResult<Schedule> {
    require_currency(input, "CNY")?;
    let m = input
        .multiplier
        .ok_or_else(|| AppError::field("multiplier", "required"))?;
    if m < Decimal::new(13, 1) || m > Decimal::new(15, 1) {
        return Err(AppError::field("multiplier", "multiplier_range"));
    }
    if first < lpr_start() {
        return Err(AppError::new(
            ErrorCode::InterestNoRate,
            "A breach before 20 August 2019 is measured by the PBOC benchmark lending rate with its overdue uplift, which Lawdesk does not hold",
        ));
    }
    let lpr = tables.in_force(TableId::CnLpr1y, first)?;
    let step = Step {
        from: first,
        rate: lpr.rate * m,
        basis: format!(
            "一年期LPR {} %（{} 公布）× {}",
            pct(lpr.rate),
            dates::to_iso(lpr.from),
            pct(m)
        ),
    };
    let mut s = schedule_of(vec![step], DayCount::Act365, CN_BASIS);
    s.rate_fixed = true;
    Ok(s)
}
