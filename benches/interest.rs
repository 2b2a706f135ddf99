//! Statutory interest speed (issue 13: interest for 1,000 invoices across rate periods
//! ≤ 50 ms). 1,000 invoices spread over the rules with rate tables (ru395, de, eu, fr,
//! uk, cn_lpr, tw), due between 2017 and 2025 and computed to 2026-03-01, so most cross
//! many key-rate changes, half-years and year ends. Timed twice: the domain with the tables
//! layered once (what a batch such as a claim pack does), and through the use case
//! (reading the user's rate rows from the database on every call). `scripts/bench.sh`
//! runs it; docs/BENCHMARKS.md records the figures. Never asserted.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use lawdesk::domain::interest::{compute, Debtor, InterestInput, RateTables, Rule};
use lawdesk::domain::money::{Currency, Money};
use lawdesk::secrets::MemoryStore;
use lawdesk::services::{self, Core};

const RULES: [(Rule, &str); 7] = [
    (Rule::Ru395, "RUB"),
    (Rule::De, "EUR"),
    (Rule::Eu, "EUR"),
    (Rule::Fr, "EUR"),
    (Rule::Uk, "GBP"),
    (Rule::CnLpr, "CNY"),
    (Rule::Tw, "TWD"),
];

fn invoices(n: usize) -> Vec<InterestInput> {
    let start = NaiveDate::from_ymd_opt(2017, 1, 1).unwrap();
    let until = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    (0..n)
        .map(|i| {
            let (rule, cur) = RULES[i % RULES.len()];
            let due = start + chrono::Duration::days((i as i64 * 37) % 3200);
            let due = if rule == Rule::CnLpr {
                due.max(NaiveDate::from_ymd_opt(2019, 9, 1).unwrap())
            } else {
                due
            };
            InterestInput {
                rule,
                principal: Money::from_minor_units(
                    100_000 + (i as i64 * 7919) % 50_000_000,
                    Currency::parse(cur).unwrap(),
                ),
                due,
                until,
                rate: None,
                multiplier: (rule == Rule::CnLpr).then(|| "1.5".parse().unwrap()),
                debtor: Some(Debtor::Business),
                contractual_penalty: false,
            }
        })
        .collect()
}

fn percentile(mut v: Vec<Duration>, p: usize) -> Duration {
    v.sort();
    v[(v.len() - 1) * p / 100]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let batch = invoices(1000);
    let mut periods = 0;
    let mut domain = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let tables = RateTables::shipped();
        periods = 0;
        for i in &batch {
            periods += compute(i, &tables, today).unwrap().periods.len();
        }
        domain.push(t.elapsed());
    }
    println!(
        "interest, 1,000 invoices ({periods} periods), domain: p50 {}, p95 {}",
        ms(percentile(domain.clone(), 50)),
        ms(percentile(domain, 95))
    );
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path(), Arc::new(MemoryStore::default())).unwrap();
    let mut service = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        for i in &batch {
            services::fees::interest::compute(&core, i, today).unwrap();
        }
        service.push(t.elapsed());
    }
    println!(
        "interest, 1,000 invoices through the use case (rate rows read per call): p50 {}, p95 {}",
        ms(percentile(service.clone(), 50)),
        ms(percentile(service, 95))
    );
}
