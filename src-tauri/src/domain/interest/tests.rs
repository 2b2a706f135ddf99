//! Worked examples per rule (each with its source or, where no published example was
//! found, a hand calculation shown in the comment) and properties of the arithmetic.

use super::*;
use crate::domain::money::Currency;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    dates::parse_iso(s).unwrap()
}

fn money(amount: &str, cur: &str) -> Money {
    Money::parse(amount, Currency::parse(cur).unwrap()).unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn input(rule: Rule, principal: Money, due: &str, until: &str) -> InterestInput {
    InterestInput {
        rule,
        principal,
        due: d(due),
        until: d(until),
        rate: None,
        multiplier: None,
        debtor: None,
        contractual_penalty: false,
    }
}

fn run(i: &InterestInput) -> InterestOutcome {
    compute(i, &RateTables::shipped(), i.until).unwrap()
}

fn summary(o: &InterestOutcome) -> Vec<(String, String, i64, String, Option<i64>)> {
    o.periods
        .iter()
        .map(|p| {
            (
                dates::to_iso(p.from),
                dates::to_iso(p.to),
                p.days,
                p.rate.normalize().to_string(),
                p.year_days,
            )
        })
        .collect()
}

fn row(
    from: &str,
    to: &str,
    days: i64,
    rate: &str,
    year: i64,
) -> (String, String, i64, String, Option<i64>) {
    (from.into(), to.into(), days, rate.into(), Some(year))
}

/// ГК РФ ст. 395 п. 1, in the layout of the ConsultantPlus / Bank of Russia-rate
/// calculators (период, дни, ставка, дней в году, проценты). No published example crossing
/// these exact periods was found with the search tool, so this is a hand calculation:
/// 100 000,00 ₽ due 10.12.2023, paid 05.08.2024.
///   11.12.2023–17.12.2023   7 дн. × 15 % / 365 =   287,6712…
///   18.12.2023–31.12.2023  14 дн. × 16 % / 365 =   613,6986…
///   01.01.2024–28.07.2024 210 дн. × 16 % / 366 = 9 180,3278…  (2024 is a leap year)
///   29.07.2024–05.08.2024   8 дн. × 18 % / 366 =   393,4426…
///   итого 10 475,1403… → 10 475,14 ₽ (rounded once)
#[test]
fn ru395_crosses_key_rate_changes_and_a_leap_year() {
    let o = run(&input(
        Rule::Ru395,
        money("100000", "RUB"),
        "2023-12-10",
        "2024-08-05",
    ));
    assert_eq!(
        summary(&o),
        vec![
            row("2023-12-11", "2023-12-17", 7, "15", 365),
            row("2023-12-18", "2023-12-31", 14, "16", 365),
            row("2024-01-01", "2024-07-28", 210, "16", 366),
            row("2024-07-29", "2024-08-05", 8, "18", 366),
        ]
    );
    assert_eq!(o.total, dec("10475.14"));
    assert!(o.fixed_compensation.is_none());
    assert_eq!(o.days, 239);
}

/// ст. 395 п. 4: not on top of a contractual penalty; before 1 August 2016 other rates.
#[test]
fn ru395_refuses_a_penalty_and_pre_2016_periods() {
    let mut i = input(
        Rule::Ru395,
        money("1000", "RUB"),
        "2024-01-01",
        "2024-02-01",
    );
    i.contractual_penalty = true;
    let e = compute(&i, &RateTables::shipped(), i.until).unwrap_err();
    assert_eq!(e.code, ErrorCode::InterestNotWithPenalty);
    let early = input(
        Rule::Ru395,
        money("1000", "RUB"),
        "2016-07-01",
        "2016-09-01",
    );
    let e = compute(&early, &RateTables::shipped(), early.until).unwrap_err();
    assert_eq!(e.code, ErrorCode::InterestNoRate);
    let usd = input(
        Rule::Ru395,
        money("1000", "USD"),
        "2024-01-01",
        "2024-02-01",
    );
    let e = compute(&usd, &RateTables::shipped(), usd.until).unwrap_err();
    assert_eq!(e.code, ErrorCode::InterestCurrency);
}

/// § 288 Abs. 2 BGB over four half-years, Basiszinssatz per the Bundesbank's
/// announcements (1,62 % from 1.1.2023, 3,12 % from 1.7.2023, 3,62 % from 1.1.2024,
/// 3,37 % from 1.7.2024) + 9 points. Hand calculation (no published example over these
/// half-years was found): 10 000 € due 31.3.2023, paid 30.9.2024:
///   1.4.–30.6.2023   91 T. × 10,62 % / 365 = 264,7726…
///   1.7.–31.12.2023 184 T. × 12,12 % / 365 = 610,9808…
///   1.1.–30.6.2024  182 T. × 12,62 % / 365 = 629,2712…
///   1.7.–30.9.2024   92 T. × 12,37 % / 365 = 311,7917…
///   Summe 1 816,8164… → 1 816,82 €; Pauschale 40 € (§ 288 Abs. 5 BGB).
#[test]
fn de_follows_each_half_year() {
    let mut i = input(Rule::De, money("10000", "EUR"), "2023-03-31", "2024-09-30");
    i.debtor = Some(Debtor::Business);
    let o = run(&i);
    assert_eq!(
        summary(&o),
        vec![
            row("2023-04-01", "2023-06-30", 91, "10.62", 365),
            row("2023-07-01", "2023-12-31", 184, "12.12", 365),
            row("2024-01-01", "2024-06-30", 182, "12.62", 365),
            row("2024-07-01", "2024-09-30", 92, "12.37", 365),
        ]
    );
    assert_eq!(o.total, dec("1816.82"));
    assert_eq!(o.fixed_compensation, Some(dec("40.00")));
    // With a consumer: + 5 points and no Pauschale.
    i.debtor = Some(Debtor::Consumer);
    let c = run(&i);
    assert_eq!(c.periods[0].rate, dec("6.62"));
    assert!(c.fixed_compensation.is_none());
    // The debtor must be said: 9 or 5 points is the lawyer's call, not a default.
    i.debtor = None;
    let e = compute(&i, &RateTables::shipped(), i.until).unwrap_err();
    assert_eq!(e.fields[0].field, "debtor");
}

/// Directive 2011/7/EU: ECB MRO on 1 January 2023 = 2,50 % (in force since 21.12.2022),
/// on 1 July 2023 = 4,00 % (since 21.6.2023), + 8 points. Hand calculation: 5 000 € due
/// 15.5.2023, paid 14.8.2023: 46 d × 10,5 % / 365 = 66,1644; 45 d × 12 % / 365 = 73,9726;
/// 140,1370 → 140,14 €; EUR 40 (art. 6). France (L441-10: + 10 points) on the same
/// debt: 46 × 12,5 % + 45 × 14 % → 165,07 €.
#[test]
fn eu_and_fr_use_the_ecb_rate_of_each_half_year() {
    let eu = run(&input(
        Rule::Eu,
        money("5000", "EUR"),
        "2023-05-15",
        "2023-08-14",
    ));
    assert_eq!(
        summary(&eu),
        vec![
            row("2023-05-16", "2023-06-30", 46, "10.5", 365),
            row("2023-07-01", "2023-08-14", 45, "12", 365),
        ]
    );
    assert_eq!(eu.total, dec("140.14"));
    assert_eq!(eu.fixed_compensation, Some(dec("40.00")));
    let fr = run(&input(
        Rule::Fr,
        money("5000", "EUR"),
        "2023-05-15",
        "2023-08-14",
    ));
    assert_eq!(fr.periods[0].rate, dec("12.5"));
    assert_eq!(fr.total, dec("165.07"));
    let mut consumer = input(Rule::Eu, money("5000", "EUR"), "2023-05-15", "2023-08-14");
    consumer.debtor = Some(Debtor::Consumer);
    let e = compute(&consumer, &RateTables::shipped(), consumer.until).unwrap_err();
    assert_eq!(e.code, ErrorCode::InterestBusinessOnly);
}

/// gov.uk, "Late commercial payments: charging interest and debt recovery": with a base
/// rate of 0.5 % the statutory rate is 8.5 %; on £1,000 that is £85 a year, about 23p a
/// day (£1,000 × 8.5 % ÷ 365). The reference rate for interest starting January–June 2016
/// is the Bank Rate on 31 December 2015, 0.5 %. Lawdesk does not round the day's interest:
/// 50 days = 11.6438 → £11.64 (the guidance's 50 × 23p = £11.50 rounds the daily figure).
/// £1,000 is in the £1,000–£9,999.99 band: fixed sum £70 (s.5A).
#[test]
fn uk_gov_uk_example() {
    let o = run(&input(
        Rule::Uk,
        money("1000", "GBP"),
        "2016-03-01",
        "2016-04-20",
    ));
    assert_eq!(
        summary(&o),
        vec![row("2016-03-02", "2016-04-20", 50, "8.5", 365)]
    );
    let per_day = exact_interest(dec("1000"), dec("8.5"), 1, Some(365)).unwrap();
    assert_eq!(per_day.round_dp(2), dec("0.23"));
    assert_eq!(o.total, dec("11.64"));
    assert_eq!(o.fixed_compensation, Some(dec("70.00")));
    assert!(o.rate_fixed);
}

/// The rate is fixed for the whole debt from the Bank Rate on the 30 June / 31 December
/// before interest starts, whatever happens later (Act s.6, SI 2002/1675 art. 4). A
/// published calculation (Paidnice, "How to calculate statutory interest in the UK"):
/// £5,000, Bank Rate 4.25 % (in force on 30 June 2025) → 12.25 %; 101 days;
/// £5,000 × 12.25 % ÷ 365 = £1.678 a day. Unrounded: £169.49 (the article's £169.68
/// multiplies a daily figure rounded to £1.68). Fixed sum £70.
#[test]
fn uk_rate_is_fixed_for_the_whole_debt() {
    let o = run(&input(
        Rule::Uk,
        money("5000", "GBP"),
        "2025-07-31",
        "2025-11-09",
    ));
    assert_eq!(
        summary(&o),
        vec![row("2025-08-01", "2025-11-09", 101, "12.25", 365)]
    );
    assert_eq!(o.total, dec("169.49"));
    // Bank Rate fell to 4.00 on 7 Aug 2025 and 3.75 on 18 Dec 2025: still 12.25 %.
    let long = run(&input(
        Rule::Uk,
        money("5000", "GBP"),
        "2025-07-31",
        "2026-02-28",
    ));
    assert_eq!(long.periods.len(), 1);
    assert_eq!(long.periods[0].rate, dec("12.25"));
    assert_eq!(uk_sum("999.99"), "40");
    assert_eq!(uk_sum("9999.99"), "70");
    assert_eq!(uk_sum("10000"), "100");
    let mut consumer = input(Rule::Uk, money("5000", "GBP"), "2025-07-31", "2025-11-09");
    consumer.debtor = Some(Debtor::Consumer);
    let e = compute(&consumer, &RateTables::shipped(), consumer.until).unwrap_err();
    assert_eq!(e.code, ErrorCode::InterestBusinessOnly);
}

fn uk_sum(p: &str) -> String {
    rules::uk_fixed_sum(dec(p)).to_string()
}

/// 民法 §203/§233: 5 % a year where no rate was agreed. Hand calculation: NT$100,000 for
/// 73 days = 100,000 × 5 % × 73 / 365 = NT$1,000. An agreed 18 % prevails (§233 I 但書)
/// but §205 caps it at 16 % from 2021-07-20 (20 % before): 19 d × 18 % + 31 d × 16 %
/// = 936.99 + 1,358.90 → NT$2,295.89.
#[test]
fn tw_statutory_five_percent_and_the_205_cap() {
    let o = run(&input(
        Rule::Tw,
        money("100000", "TWD"),
        "2026-01-31",
        "2026-04-14",
    ));
    assert_eq!(o.days, 73);
    assert_eq!(o.total, dec("1000"));
    let mut agreed = input(Rule::Tw, money("100000", "TWD"), "2021-06-30", "2021-08-19");
    agreed.rate = Some(dec("18"));
    let a = run(&agreed);
    assert_eq!(
        summary(&a),
        vec![
            row("2021-07-01", "2021-07-19", 19, "18", 365),
            row("2021-07-20", "2021-08-19", 31, "16", 365),
        ]
    );
    assert_eq!(a.total, dec("2295.89"));
    assert!(a.warnings.iter().any(|w| w.code == "interest.rate_capped"));
    assert!(!a.rate_fixed, "the cap changed on 2021-07-20");
    // A lower agreed rate does not undercut the statutory 5 %.
    agreed.rate = Some(dec("3"));
    assert_eq!(run(&agreed).periods[0].rate, dec("5"));
}

/// China, breach after 2019-08-20 without an agreed rate: one-year LPR at breach × 1.3–1.5
/// (买卖合同司法解释 (2020) art. 18 para. 4). Hand calculation: ¥100,000 due 2024-12-31,
/// breach 2025-01-01, LPR 3.10 % (published 2024-10-21) × 1.5 = 4.65 %, fixed; 365 days
/// to 2025-12-31 → ¥4,650.00, although the LPR fell to 3.0 % on 2025-05-20.
#[test]
fn cn_lpr_at_breach_times_the_multiplier() {
    let mut i = input(
        Rule::CnLpr,
        money("100000", "CNY"),
        "2024-12-31",
        "2025-12-31",
    );
    i.multiplier = Some(dec("1.5"));
    let o = run(&i);
    assert_eq!(
        summary(&o),
        vec![row("2025-01-01", "2025-12-31", 365, "4.65", 365)]
    );
    assert_eq!(o.total, dec("4650.00"));
    i.multiplier = Some(dec("1.6"));
    let e = compute(&i, &RateTables::shipped(), i.until).unwrap_err();
    assert_eq!(e.fields[0].code, "multiplier_range");
    i.multiplier = None;
    let e = compute(&i, &RateTables::shipped(), i.until).unwrap_err();
    assert_eq!(e.fields[0].code, "required");
}

/// The contract rules agree with `domain::ledger`'s late charges.
#[test]
fn contract_and_daily_match_the_ledger() {
    let mut i = input(
        Rule::Contract,
        money("100000", "CNY"),
        "2026-01-31",
        "2026-03-03",
    );
    i.rate = Some(dec("8"));
    assert_eq!(run(&i).total, dec("679.45"));
    let mut daily = input(
        Rule::Daily,
        money("12345.67", "CNY"),
        "2026-01-01",
        "2026-01-11",
    );
    daily.rate = Some(dec("0.1"));
    let o = run(&daily);
    assert_eq!(o.total, dec("123.46"));
    assert_eq!(o.periods[0].rate_unit, "day");
}

#[test]
fn not_overdue_is_zero_and_stale_tables_warn() {
    let o = run(&input(
        Rule::Ru395,
        money("1000", "RUB"),
        "2026-01-10",
        "2026-01-10",
    ));
    assert!(o.periods.is_empty());
    assert!(o.total.is_zero());
    let i = input(
        Rule::Ru395,
        money("1000", "RUB"),
        "2026-01-10",
        "2026-03-10",
    );
    let o = compute(&i, &RateTables::shipped(), d("2026-12-03")).unwrap();
    assert!(o.warnings.iter().any(|w| w.code == "rates.stale"));
}

fn rule_strategy() -> impl Strategy<Value = (Rule, &'static str)> {
    prop_oneof![
        Just((Rule::Eu, "EUR")),
        Just((Rule::Fr, "EUR")),
        Just((Rule::De, "EUR")),
        Just((Rule::Ru395, "RUB")),
        Just((Rule::Tw, "TWD")),
        Just((Rule::Contract, "USD")),
        Just((Rule::Daily, "USD")),
        Just((Rule::Uk, "GBP")),
        Just((Rule::CnLpr, "CNY")),
    ]
}

fn prop_input(rule: Rule, cur: &str, cents: i64, due: NaiveDate, days: i64) -> InterestInput {
    InterestInput {
        rule,
        principal: Money::from_minor_units(cents, Currency::parse(cur).unwrap()),
        due,
        until: due + chrono::Duration::days(days),
        rate: match rule {
            Rule::Contract => Some(dec("9.5")),
            Rule::Daily => Some(dec("0.1")),
            _ => None,
        },
        multiplier: (rule == Rule::CnLpr).then(|| dec("1.4")),
        debtor: Some(Debtor::Business),
        contractual_penalty: false,
    }
}

fn exact_total(o: &InterestOutcome) -> Decimal {
    o.periods.iter().map(|p| p.amount).sum()
}

proptest! {
    /// Splitting the delay at any day never changes the total beyond rounding: for the
    /// rules whose rate depends only on the calendar (not on when interest started), two
    /// calculations (due → mid, mid → until) add up to one; for every rule, cutting a
    /// period in two inside the same schedule changes nothing.
    #[test]
    fn splitting_never_changes_the_total(
        (rule, cur) in rule_strategy(),
        cents in 1i64..10_000_000_000,
        start in 0i64..3000,
        days in 2i64..1500,
        cut in 1i64..1500,
    ) {
        let due = d("2019-09-01") + chrono::Duration::days(start);
        let cut = cut % (days - 1) + 1;
        let whole = prop_input(rule, cur, cents, due, days);
        let tables = RateTables::shipped();
        let o = compute(&whole, &tables, whole.until).unwrap();
        let cent = Decimal::new(1, 2);
        if !matches!(rule, Rule::Uk | Rule::CnLpr) {
            let mut a = whole.clone();
            a.until = due + chrono::Duration::days(cut);
            let mut b = whole.clone();
            b.due = a.until;
            let split = exact_total(&compute(&a, &tables, a.until).unwrap())
                + exact_total(&compute(&b, &tables, b.until).unwrap());
            prop_assert!((split - exact_total(&o)).abs() < Decimal::new(1, 12));
            let rounded = rounding::round_interest(split, whole.principal.currency()).unwrap().amount();
            prop_assert!((rounded - o.total).abs() <= cent);
        }
        // The same schedule with an extra cut.
        let first = due.succ_opt().unwrap();
        let mut schedule = rules::schedule(&whole, &tables, first).unwrap();
        let at = first + chrono::Duration::days(cut);
        let i = schedule.steps.partition_point(|s| s.from <= at);
        if i > 0 && schedule.steps[i - 1].from != at {
            let mut extra = schedule.steps[i - 1].clone();
            extra.from = at;
            schedule.steps.insert(i, extra);
        }
        let cut_periods = periods(whole.principal, &schedule, first, whole.until).unwrap();
        let sum: Decimal = cut_periods.iter().map(|p| p.amount).sum();
        prop_assert!((sum - exact_total(&o)).abs() < Decimal::new(1, 12));
    }

    /// More days or a larger principal never owe less.
    #[test]
    fn interest_is_monotone_in_days_and_principal(
        (rule, cur) in rule_strategy(),
        cents in 1i64..10_000_000_000,
        more in 0i64..10_000_000,
        start in 0i64..3000,
        days in 0i64..1500,
        extra in 0i64..400,
    ) {
        let due = d("2019-09-01") + chrono::Duration::days(start);
        let tables = RateTables::shipped();
        let base = prop_input(rule, cur, cents, due, days);
        let o = compute(&base, &tables, base.until).unwrap();
        let longer = prop_input(rule, cur, cents, due, days + extra);
        let l = compute(&longer, &tables, longer.until).unwrap();
        prop_assert!(l.total >= o.total);
        let bigger = prop_input(rule, cur, cents + more, due, days);
        let b = compute(&bigger, &tables, bigger.until).unwrap();
        prop_assert!(b.total >= o.total);
    }
}
