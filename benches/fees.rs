//! Fees speed (issue: aging over 1,000,000 ledger rows ≤ 150 ms; recording a payment
//! ≤ 5 ms). Builds 10,000 clients and a ledger of 400,000 invoices, 300,000 payments and
//! 300,000 allocations (1,000,000 rows) through the real schema and its triggers, then
//! times the aging report, the same report recomputed from the whole ledger (what an app
//! without kept open amounts, or a spreadsheet of SUMIFs, has to do), and recording
//! payments through the use case (one committed transaction each, synchronous=FULL).
//! `scripts/bench.sh` runs it; docs/BENCHMARKS.md records the figures. Never asserted.
//! Everything runs twice, side by side: plain, then encrypted at rest (`at_rest_mode`);
//! the payments alternate between the two ledgers, one each in turn, so that both columns
//! meet the same moments of the disk (this machine's fsync time drifts by a quarter between
//! minutes, more than the difference measured).

#[path = "at_rest_mode.rs"]
mod at_rest_mode;

use std::time::{Duration, Instant};

use chrono::{Duration as Days, NaiveDate, Utc};
use lawdesk::domain::ids::ClientId;
use lawdesk::domain::payment::PaymentInput;
use lawdesk::services::{demo::clients as demo_clients, fees::payments, fees::receivables};

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

const CURRENCIES: [&str; 4] = ["CNY", "RUB", "EUR", "TWD"];

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let invoices: i64 = std::env::var("LAWDESK_BENCH_INVOICES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400_000);
    let mut ledgers = Vec::new();
    for mode in at_rest_mode::modes() {
        println!("## {mode}");
        ledgers.push(run(mode, invoices));
    }
    record_payments(&ledgers);
}

/// A built ledger: its folder (removed when dropped), the open practice, the clients with
/// something open and their currency.
struct Ledger {
    mode: &'static str,
    _dir: tempfile::TempDir,
    core: lawdesk::services::Core,
    open_clients: Vec<(i64, String)>,
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn run(mode: &'static str, invoices: i64) -> Ledger {
    let paid = invoices * 3 / 4;
    let clients = 10_000i64;
    let today = today();
    let dir = tempfile::tempdir().unwrap();
    let core = at_rest_mode::open_core(dir.path(), mode);
    let t = Instant::now();
    let now = Utc::now();
    core.database()
        .write(|tx| {
            demo_clients::generate(tx, clients as u64, 7, today, now)?;
            let mut inv = tx
                .prepare(
                    "INSERT INTO invoices(id, number, kind, client_id, currency, issued_on, due_on, net_minor, tax_minor, total_minor, created_at)
                     VALUES (?1, ?2, 'invoice', ?3, ?4, ?5, ?6, ?7, 0, ?7, ?8)",
                )
                .unwrap();
            let mut pay = tx
                .prepare(
                    "INSERT INTO payments(id, client_id, currency, amount_minor, received_on, method, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, 'bank_transfer', ?6)",
                )
                .unwrap();
            let mut alloc = tx
                .prepare("INSERT INTO allocations(payment_id, invoice_id, amount_minor, created_at) VALUES (?1, ?2, ?3, ?4)")
                .unwrap();
            let stamp = now.to_rfc3339();
            let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
            let mut next = move || {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x
            };
            for id in 1..=invoices {
                let client = (next() % clients as u64) as i64 + 1;
                let issued = today - Days::days((next() % 1100) as i64);
                let due = issued + Days::days(14);
                let total = ((next() % 5_000) as i64 + 100) * 100;
                let cur = CURRENCIES[(client % 4) as usize];
                inv.execute(rusqlite::params![id, format!("B-{id:07}"), client, cur, issued.to_string(), due.to_string(), total, stamp])
                    .unwrap();
                if id <= paid {
                    pay.execute(rusqlite::params![id, client, cur, total, (due + Days::days(3)).min(today).to_string(), stamp])
                        .unwrap();
                    alloc.execute(rusqlite::params![id, id, total, stamp]).unwrap();
                }
            }
            Ok(())
        })
        .unwrap();
    core.database()
        .read(|c| {
            c.execute_batch("PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);")
                .unwrap();
            Ok(())
        })
        .unwrap();
    let rows = invoices + 2 * paid;
    println!(
        "ledger: {invoices} invoices + {paid} payments + {paid} allocations = {rows} rows, {} open invoices, {clients} clients; built in {:.1} s",
        invoices - paid,
        t.elapsed().as_secs_f64()
    );

    let mut kept = Vec::new();
    let mut report = None;
    for _ in 0..20 {
        let t = Instant::now();
        report = Some(receivables::aging(&core, today).unwrap());
        kept.push(t.elapsed());
    }
    let report = report.unwrap();
    println!(
        "aging (kept open amounts): p50 {}, p95 {} — {} currencies, {} clients with something open",
        ms(percentile(kept.clone(), 0.5)),
        ms(percentile(kept.clone(), 0.95)),
        report.currencies.len(),
        report
            .currencies
            .iter()
            .map(|c| c.clients.len())
            .sum::<usize>()
    );
    let mut naive = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let n: i64 = core
            .database()
            .read(|c| {
                Ok(c.query_row(
                    "SELECT count(*) FROM (
                       SELECT v.currency, v.client_id,
                         CASE WHEN julianday(?1) - julianday(v.due_on) <= 0 THEN 0
                              WHEN julianday(?1) - julianday(v.due_on) <= 30 THEN 1
                              WHEN julianday(?1) - julianday(v.due_on) <= 60 THEN 2
                              WHEN julianday(?1) - julianday(v.due_on) <= 90 THEN 3 ELSE 4 END AS bucket,
                         sum(v.total_minor
                             - coalesce((SELECT sum(n.total_minor) FROM invoices n WHERE n.credits_invoice_id = v.id), 0)
                             - coalesce((SELECT sum(a.amount_minor) FROM allocations a WHERE a.invoice_id = v.id
                                 AND NOT EXISTS (SELECT 1 FROM payment_reversals r WHERE r.payment_id = a.payment_id)), 0)) AS open
                       FROM invoices v
                       WHERE v.kind <> 'credit_note' AND NOT EXISTS (SELECT 1 FROM invoice_cancellations x WHERE x.invoice_id = v.id)
                       GROUP BY 1, 2, 3 HAVING open > 0)",
                    [today.to_string()],
                    |r| r.get(0),
                )
                .unwrap())
            })
            .unwrap();
        assert!(n > 0);
        naive.push(t.elapsed());
    }
    let p50_naive = percentile(naive.clone(), 0.5);
    println!(
        "aging recomputed from the whole ledger (same SQLite, no kept amounts): p50 {}, p95 {} ({:.0}× slower)",
        ms(p50_naive),
        ms(percentile(naive, 0.95)),
        p50_naive.as_secs_f64() / percentile(kept, 0.5).as_secs_f64()
    );

    // Recording payments: clients with something open, oldest-due-first allocation.
    let open_clients: Vec<(i64, String)> = core
        .database()
        .read(|c| {
            lawdesk::store::rows(
                c,
                "SELECT client_id, currency FROM invoice_open WHERE open_minor > 0 GROUP BY client_id LIMIT 300",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
        })
        .unwrap();
    Ledger {
        mode,
        _dir: dir,
        core,
        open_clients,
    }
}

/// Records payments through the use case, one in each ledger in turn.
fn record_payments(ledgers: &[Ledger]) {
    let today = today();
    // More payments than clients (`LAWDESK_BENCH_PAYMENTS`) for profiling.
    let payments: usize = std::env::var("LAWDESK_BENCH_PAYMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(ledgers[0].open_clients.len());
    let mut times = vec![Vec::new(); ledgers.len()];
    for i in 0..payments {
        // Which ledger goes first alternates too: a commit right after another's fsync
        // meets a different disk than one after a pause.
        let mut order: Vec<usize> = (0..ledgers.len()).collect();
        if i % 2 == 1 {
            order.reverse();
        }
        for k in order {
            let (l, times) = (&ledgers[k], &mut times[k]);
            let (client, currency) = &l.open_clients[i % l.open_clients.len()];
            let input = PaymentInput {
                client_id: ClientId(*client),
                currency: currency.clone(),
                amount: "150.00".into(),
                received_on: today.to_string(),
                method: "bank_transfer".into(),
                ..Default::default()
            };
            let t = Instant::now();
            payments::record(&l.core, &input, None, today, Utc::now()).unwrap();
            times.push(t.elapsed());
        }
    }
    for (l, times) in ledgers.iter().zip(times) {
        if std::env::var_os("LAWDESK_BENCH_PERCENTILES").is_some() {
            let at = |p| ms(percentile(times.clone(), p));
            let mean = times.iter().sum::<Duration>() / times.len() as u32;
            println!(
                "{}: p10 {}, p25 {}, p50 {}, p75 {}, p90 {}, p95 {}, p99 {}, mean {}",
                l.mode,
                at(0.1),
                at(0.25),
                at(0.5),
                at(0.75),
                at(0.9),
                at(0.95),
                at(0.99),
                ms(mean)
            );
        }
        println!(
            "{}: record a payment (validate, allocate, audit, follow-up, commit with fsync): p50 {}, p95 {} over {} payments",
            l.mode,
            ms(percentile(times.clone(), 0.5)),
            ms(percentile(times.clone(), 0.95)),
            times.len()
        );
    }
}
