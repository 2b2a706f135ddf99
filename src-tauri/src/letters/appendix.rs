//! The calculation appendix of a demand letter: per overdue invoice, from its due date to
//! the letter's date, each period with its days, the amount owed in it (a part payment
//! lowers it from the day after it was received), the rate, the basis (the rule cited) and
//! the interest, from `domain::interest::compute_with_payments`, and the total rounded
//! once. Pure: the service passes the rate tables, the invoices and their payments.
//!
//! Which rule: the engagement's agreed late charge when there is one (a rate a year over
//! 365 days → `contract`, a rate a day → `daily`; a 360-day contract is not what the
//! engine computes, so no appendix then); otherwise the statute of the letter's
//! jurisdiction:
//! - ru: ГК РФ ст. 395 (key rate per period, actual year length);
//! - zh-TW: 民法 §203/§233 (5 % a year);
//! - en (England & Wales): Late Payment of Commercial Debts (Interest) Act 1998 — between
//!   businesses only, so none for a consumer debtor;
//! - zh-CN: 最高人民法院关于审理买卖合同纠纷案件适用法律问题的解释 第十八条 (as amended
//!   2020): the one-year LPR at the breach plus 30–50 %; the appendix claims the lowest
//!   multiplier, 1.3, which a court applies in any case.
//!
//! An invoice the rule cannot compute (another currency than the statute's, no rate for
//! the period) is named in a note instead of guessed.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::compose::Table;
use super::format;
use super::layout::Align;
use crate::domain::interest::{self, Debtor, InterestInput, InterestOutcome, RateTables, Rule};
use crate::domain::lang::Lang;
use crate::domain::money::{rounding, Money};
use crate::domain::plan::LateTerms;

/// One overdue invoice: its number, what was owed at its due date before any payment (the
/// total less credit notes), its due date, and the payments received on it (not reversed),
/// oldest first.
#[derive(Debug, Clone)]
pub struct Claim {
    pub number: String,
    pub owed: Money,
    pub due: NaiveDate,
    pub payments: Vec<(NaiveDate, Money)>,
}

/// The rule and its parameters for a letter's invoices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleChoice {
    pub rule: Rule,
    pub rate: Option<Decimal>,
    pub multiplier: Option<Decimal>,
}

/// The appendix as printed: a title, the table, notes under it.
#[derive(Debug, Clone)]
pub struct Appendix {
    pub title: String,
    pub table: Table,
    pub notes: Vec<String>,
}

/// The rule for a letter in `lang` to `debtor` under the engagement's `late` terms.
pub fn choose(lang: Lang, debtor: Debtor, late: Option<&LateTerms>) -> Option<RuleChoice> {
    let plain = |rule| RuleChoice {
        rule,
        rate: None,
        multiplier: None,
    };
    if let Some(l) = late {
        return match (l.rule.as_str(), l.day_count.as_str()) {
            ("annual", "act365") => Some(RuleChoice {
                rate: Some(l.rate),
                ..plain(Rule::Contract)
            }),
            ("daily", _) => Some(RuleChoice {
                rate: Some(l.rate),
                ..plain(Rule::Daily)
            }),
            _ => None,
        };
    }
    match lang {
        Lang::Ru => Some(plain(Rule::Ru395)),
        Lang::ZhTw => Some(plain(Rule::Tw)),
        Lang::En if debtor == Debtor::Business => Some(plain(Rule::Uk)),
        Lang::En => None,
        Lang::ZhCn => Some(RuleChoice {
            multiplier: Some(Decimal::new(13, 1)),
            ..plain(Rule::CnLpr)
        }),
    }
}

struct Words {
    title: &'static str,
    head: [&'static str; 7],
    total: &'static str,
    note: &'static str,
    skipped: &'static str,
    per_year: &'static str,
    per_day: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::ZhCn => Words {
            title: "附件：逾期利息计算表",
            head: ["发票", "期间", "天数", "欠款本金", "利率", "依据", "利息"],
            total: "合计",
            note: "截至{date}，自各发票到期日起按各期间实际欠付金额计算（部分付款自收款次日起减少本金）；各期间金额为精确值，合计四舍五入一次。",
            skipped: "发票{n}未计算：{why}",
            per_year: "年",
            per_day: "日",
        },
        Lang::ZhTw => Words {
            title: "附件：遲延利息計算表",
            head: ["發票", "期間", "日數", "欠款本金", "利率", "依據", "利息"],
            total: "合計",
            note: "計至{date}，自各發票清償期起按各期間實際未付金額計算（一部清償自收款翌日起減少本金）；各期間金額為精確值，合計四捨五入一次。",
            skipped: "發票{n}未計算：{why}",
            per_year: "年",
            per_day: "日",
        },
        Lang::Ru => Words {
            title: "Приложение: расчёт процентов",
            head: ["Счёт", "Период", "Дней", "Сумма долга", "Ставка", "Основание", "Проценты"],
            total: "Итого",
            note: "По состоянию на {date}, с срока оплаты каждого счёта на сумму долга в каждом периоде (частичная оплата уменьшает её со следующего дня); суммы за периоды точные, итог округлён один раз.",
            skipped: "Счёт {n} не рассчитан: {why}",
            per_year: "годовых",
            per_day: "в день",
        },
        Lang::En => Words {
            title: "Appendix: calculation of interest",
            head: ["Invoice", "Period", "Days", "Owed", "Rate", "Basis", "Interest"],
            total: "Total",
            note: "As at {date}, from each invoice's due date on the amount outstanding in each period (a part payment reduces it from the day after it was received); the amounts per period are exact and the total is rounded once.",
            skipped: "Invoice {n} not calculated: {why}",
            per_year: "a year",
            per_day: "a day",
        },
    }
}

fn columns() -> Vec<(f32, Align)> {
    vec![
        (0.15, Align::Left),
        (0.18, Align::Left),
        (0.06, Align::Right),
        (0.13, Align::Right),
        (0.10, Align::Right),
        (0.24, Align::Left),
        (0.14, Align::Right),
    ]
}

/// The appendix for `claims` as of `as_of`; `None` when no rule applies or nothing could
/// be computed. `today` only decides the rate tables' staleness.
pub fn build(
    lang: Lang,
    debtor: Debtor,
    choice: RuleChoice,
    claims: &[Claim],
    tables: &RateTables,
    as_of: NaiveDate,
    today: NaiveDate,
) -> Option<Appendix> {
    let w = words(lang);
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    let mut totals: Vec<(Money, Decimal)> = Vec::new();
    for c in claims {
        let input = input(choice, debtor, c, as_of);
        let outcome = match interest::compute_with_payments(&input, &c.payments, tables, today) {
            Ok(o) => o,
            Err(e) => {
                notes.push(
                    w.skipped
                        .replace("{n}", &c.number)
                        .replace("{why}", &e.message),
                );
                continue;
            }
        };
        rows.extend(period_rows(&w, lang, c, &outcome));
        let exact: Decimal = outcome.periods.iter().map(|p| p.amount).sum();
        add_to_totals(&mut totals, c.owed, exact);
        if !outcome.legal_basis.is_empty() && !notes.iter().any(|n| n == outcome.legal_basis) {
            notes.insert(0, outcome.legal_basis.to_string());
        }
    }
    if rows.is_empty() {
        return None;
    }
    rows.extend(total_rows(&w, lang, &totals)?);
    notes.push(w.note.replace("{date}", &format::date(as_of, lang)));
    Some(Appendix {
        title: w.title.to_string(),
        table: Table {
            columns: columns(),
            header: w.head.iter().map(|s| s.to_string()).collect(),
            rows,
            total_row: true,
        },
        notes,
    })
}

/// What the interest engine is asked for one claim.
fn input(choice: RuleChoice, debtor: Debtor, c: &Claim, as_of: NaiveDate) -> InterestInput {
    InterestInput {
        rule: choice.rule,
        principal: c.owed,
        due: c.due,
        until: as_of,
        rate: choice.rate,
        multiplier: choice.multiplier,
        debtor: Some(debtor),
        contractual_penalty: false,
    }
}

/// One row per period of a claim: invoice, period, days, owed, rate, basis, interest.
fn period_rows(w: &Words, lang: Lang, c: &Claim, outcome: &InterestOutcome) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for p in &outcome.periods {
        let unit = if p.rate_unit == "day" {
            w.per_day
        } else {
            w.per_year
        };
        let money = |v: Decimal| {
            Money::new(v, c.owed.currency())
                .map(|m| format::money(&m, lang))
                .unwrap_or_else(|_| v.to_string())
        };
        rows.push(vec![
            c.number.clone(),
            format!(
                "{} – {}",
                format::date(p.from, lang),
                format::date(p.to, lang)
            ),
            p.days.to_string(),
            money(p.principal),
            format!("{} % {unit}", p.rate.normalize()),
            p.basis.clone(),
            money(p.amount_rounded),
        ]);
    }
    rows
}

/// Adds a claim's exact interest to the sum of its currency (currencies are never summed).
fn add_to_totals(totals: &mut Vec<(Money, Decimal)>, owed: Money, exact: Decimal) {
    match totals
        .iter_mut()
        .find(|(m, _)| m.currency() == owed.currency())
    {
        Some((_, sum)) => *sum += exact,
        None => totals.push((Money::zero(owed.currency()), exact)),
    }
}

/// A total row per currency, each rounded once; `None` when a total cannot be rounded.
fn total_rows(w: &Words, lang: Lang, totals: &[(Money, Decimal)]) -> Option<Vec<Vec<String>>> {
    let mut rows = Vec::new();
    for (zero, exact) in totals {
        let total = rounding::round_interest(*exact, zero.currency()).ok()?;
        rows.push(vec![
            format!("{} {}", w.total, zero.currency().code()),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            format::money(&total, lang),
        ]);
    }
    Some(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_rule_follows_the_contract_else_the_jurisdiction() {
        let late = LateTerms {
            rule: "annual".into(),
            rate: Decimal::new(12, 0),
            day_count: "act365".into(),
        };
        assert_eq!(
            choose(Lang::Ru, Debtor::Business, Some(&late))
                .unwrap()
                .rule,
            Rule::Contract
        );
        let act360 = LateTerms {
            day_count: "act360".into(),
            ..late.clone()
        };
        assert_eq!(choose(Lang::En, Debtor::Business, Some(&act360)), None);
        assert_eq!(
            choose(Lang::Ru, Debtor::Consumer, None).unwrap().rule,
            Rule::Ru395
        );
        assert_eq!(
            choose(Lang::ZhTw, Debtor::Consumer, None).unwrap().rule,
            Rule::Tw
        );
        assert_eq!(choose(Lang::En, Debtor::Consumer, None), None);
        let cn = choose(Lang::ZhCn, Debtor::Business, None).unwrap();
        assert_eq!(
            (cn.rule, cn.multiplier),
            (Rule::CnLpr, Some(Decimal::new(13, 1)))
        );
    }

    #[test]
    fn taiwan_five_percent_per_invoice_with_the_total_rounded_once() {
        // 民法 §203: 5 % a year; TWD 100,000 due 2026-01-31, as of 2026-03-02: 30 days →
        // 100000 × 5 % × 30 / 365 = 410.9589… → 410.96 (TWD keeps two decimals, ISO 4217).
        let twd = Currency::parse("TWD").unwrap();
        let claims = [Claim {
            number: "INV-7".into(),
            owed: Money::new(Decimal::new(100_000, 0), twd).unwrap(),
            due: d("2026-01-31"),
            payments: Vec::new(),
        }];
        let tables = RateTables::layered(&[]);
        let choice = choose(Lang::ZhTw, Debtor::Business, None).unwrap();
        let a = build(
            Lang::ZhTw,
            Debtor::Business,
            choice,
            &claims,
            &tables,
            d("2026-03-02"),
            d("2026-03-02"),
        )
        .unwrap();
        assert_eq!(a.table.rows.len(), 2);
        assert_eq!(a.table.rows[0][2], "30");
        assert_eq!(a.table.rows[0][3], "新臺幣100,000元");
        assert_eq!(a.table.rows[0][4], "5 % 年");
        assert!(a.table.rows[0][5].contains("民法第203條"));
        assert_eq!(a.table.rows[1][6], "新臺幣410.96元");
    }

    #[test]
    fn a_part_payment_lowers_the_amount_owed_from_the_day_after_it_arrived() {
        // 民法 §203, 5 % a year, TWD 100,000 due 2026-01-31; TWD 40,000 paid on 2026-02-10
        // (that day still counts on the whole debt), as of 2026-03-02:
        // 100000 × 5 % × 10 / 365 = 136.9863… (1–10 Feb) + 60000 × 5 % × 20 / 365 =
        // 164.3835… (11 Feb – 2 Mar) = 301.3698… → 301.37, rounded once.
        let twd = Currency::parse("TWD").unwrap();
        let m = |n: i64| Money::new(Decimal::new(n, 0), twd).unwrap();
        let claims = [Claim {
            number: "INV-8".into(),
            owed: m(100_000),
            due: d("2026-01-31"),
            payments: vec![(d("2026-02-10"), m(40_000))],
        }];
        let tables = RateTables::layered(&[]);
        let choice = choose(
            Lang::En,
            Debtor::Business,
            Some(&LateTerms {
                rule: "annual".into(),
                rate: Decimal::new(5, 0),
                day_count: "act365".into(),
            }),
        )
        .unwrap();
        let until = d("2026-03-02");
        let a = build(
            Lang::En,
            Debtor::Business,
            choice,
            &claims,
            &tables,
            until,
            until,
        )
        .unwrap();
        let rows = &a.table.rows;
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!((rows[0][2].as_str(), rows[1][2].as_str()), ("10", "20"));
        assert_eq!(rows[0][3], format::money(&m(100_000), Lang::En));
        assert_eq!(rows[1][3], format::money(&m(60_000), Lang::En));
        assert_eq!(
            rows[2][6],
            format::money(&Money::new(Decimal::new(30137, 2), twd).unwrap(), Lang::En)
        );
        // A payment after the letter's date lowers nothing in it.
        let later = [Claim {
            payments: vec![(d("2026-03-05"), m(40_000))],
            ..claims[0].clone()
        }];
        let b = build(
            Lang::En,
            Debtor::Business,
            choice,
            &later,
            &tables,
            until,
            until,
        )
        .unwrap();
        assert_eq!(b.table.rows.len(), 2);
        assert_eq!(b.table.rows[0][2], "30");
    }

    #[test]
    fn russian_key_rate_periods_add_up_to_the_engines_total() {
        // ст. 395 ГК РФ across key-rate changes and into the leap year 2024: one row per
        // period, the total the engine rounds once.
        let rub = Currency::parse("RUB").unwrap();
        let claims = [Claim {
            number: "СЧ-12".into(),
            owed: Money::new(Decimal::new(100_000, 0), rub).unwrap(),
            due: d("2023-12-10"),
            payments: Vec::new(),
        }];
        let tables = RateTables::layered(&[]);
        let choice = choose(Lang::Ru, Debtor::Business, None).unwrap();
        let until = d("2024-08-05");
        let a = build(
            Lang::Ru,
            Debtor::Business,
            choice,
            &claims,
            &tables,
            until,
            until,
        )
        .unwrap();
        let engine = interest::compute(
            &InterestInput {
                rule: Rule::Ru395,
                principal: claims[0].owed,
                due: claims[0].due,
                until,
                rate: None,
                multiplier: None,
                debtor: Some(Debtor::Business),
                contractual_penalty: false,
            },
            &tables,
            until,
        )
        .unwrap();
        assert_eq!(a.table.rows.len(), engine.periods.len() + 1);
        assert!(engine.periods.len() >= 3, "{:?}", engine.periods);
        let total = Money::new(engine.total, rub).unwrap();
        assert_eq!(
            a.table.rows.last().unwrap()[6],
            format::money(&total, Lang::Ru)
        );
        assert!(a.table.rows[0][5].contains("ключевая ставка"));
        assert!(a.notes[0].contains("395"), "{:?}", a.notes);
    }

    #[test]
    fn an_invoice_the_statute_does_not_cover_is_named_not_guessed() {
        // ст. 395 computes debts in roubles only.
        let eur = Currency::parse("EUR").unwrap();
        let claims = [Claim {
            number: "INV-9".into(),
            owed: Money::new(Decimal::new(1_000, 0), eur).unwrap(),
            due: d("2026-01-31"),
            payments: Vec::new(),
        }];
        let tables = RateTables::layered(&[]);
        let choice = choose(Lang::Ru, Debtor::Business, None).unwrap();
        let a = build(
            Lang::Ru,
            Debtor::Business,
            choice,
            &claims,
            &tables,
            d("2026-03-02"),
            d("2026-03-02"),
        );
        assert!(a.is_none());
    }
}
