//! Fees speed (issue: aging over 1,000,000 ledger rows ≤ 150 ms; recording a payment
//! ≤ 5 ms). Builds 10,000 clients and a ledger of 400,000 invoices, 300,000 payments and
//! 300,000 allocations (1,000,000 rows) through the real schema and its triggers, then
//! times the aging report, the same report recomputed from the whole ledger (what an app
//! without kept open amounts, or a spreadsheet of SUMIFs, has to do), and recording
//! payments through the use case (one committed transaction each, synchronous=FULL).
//! `scripts/bench.sh` runs it; docs/BENCHMARKS.md records the figures. Never asserted.
//! Everything runs twice, side by side: plain, then encrypted at rest (`at_rest_mode`), each
//! ledger in a process of its own (as the app has one database; see `Worker`); the payments
//! alternate between the two, one each in turn, so that both columns meet the same moments
//! of the disk (this machine's fsync time drifts by a quarter between minutes, more than the
//! difference measured). `LAWDESK_BENCH_PERCENTILES=1` prints the distribution and
//! `LAWDESK_BENCH_TIMES=file.tsv` writes every payment's time, cache misses, pages written
//! and WAL restarts.

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
    if let Ok(mode) = std::env::var(WORKER) {
        let mode = at_rest_mode::modes()
            .into_iter()
            .find(|m| *m == mode)
            .expect("a mode");
        return serve_payments(&run(mode, invoices));
    }
    let mut workers: Vec<Worker> = at_rest_mode::modes()
        .into_iter()
        .map(Worker::start)
        .collect();
    record_payments(&mut workers);
}

/// Set in the child process that builds and serves one column's ledger.
const WORKER: &str = "LAWDESK_BENCH_FEES_WORKER";

/// A built ledger: its folder (removed when dropped), the open practice, the clients with
/// something open and their currency.
struct Ledger {
    _dir: tempfile::TempDir,
    core: lawdesk::services::Core,
    open_clients: Vec<(i64, String)>,
    wal_sequence: std::sync::Mutex<Vec<u8>>,
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
        _dir: dir,
        core,
        open_clients,
        wal_sequence: Default::default(),
    }
}

/// What one payment did to its database, read after it outside the timed span: pages read
/// from the file rather than SQLite's cache, pages written, and whether it restarted the
/// WAL from its start (the header's checkpoint sequence changed: the payment after the
/// one whose commit ran the automatic checkpoint).
#[derive(Clone)]
struct PaymentStats {
    cache_misses: i32,
    pages_written: i32,
    wal_restarted: bool,
}

impl PaymentStats {
    fn take(l: &Ledger) -> Self {
        let status = |c: &rusqlite::Connection, op| {
            let (mut cur, mut hi) = (0, 0);
            // SAFETY: the handle is the open connection's; the status op and the two
            // out-parameters are as sqlite3_db_status documents; reset = 1.
            unsafe { rusqlite::ffi::sqlite3_db_status(c.handle(), op, &mut cur, &mut hi, 1) };
            cur
        };
        let (cache_misses, pages_written) = l
            .core
            .database()
            .read(|c| {
                Ok((
                    status(c, rusqlite::ffi::SQLITE_DBSTATUS_CACHE_MISS),
                    status(c, rusqlite::ffi::SQLITE_DBSTATUS_CACHE_WRITE),
                ))
            })
            .unwrap();
        let mut sequence = vec![0; 16];
        if let Ok(mut wal) = std::fs::File::open(l._dir.path().join("lawdesk.db-wal")) {
            use std::io::Read;
            drop(wal.read_exact(&mut sequence));
        }
        let sequence = sequence.split_off(12);
        let mut last = l.wal_sequence.lock().unwrap();
        let wal_restarted = *last != sequence;
        *last = sequence;
        PaymentStats {
            cache_misses,
            pages_written,
            wal_restarted,
        }
    }
}

/// One column's ledger in a process of its own. SQLite's page caches in one process share
/// one LRU (the bundled build sets `SQLITE_ENABLE_MEMORY_MANAGEMENT`, which turns off
/// pcache1's separate caches): side by side in one process, one ledger's reads evicted the
/// other's pages (61 cache misses a payment in the plain ledger, 0.1 in the encrypted one),
/// which is neither column as the app runs it, with its one database.
struct Worker {
    mode: &'static str,
    child: std::process::Child,
    replies: std::io::Lines<std::io::BufReader<std::process::ChildStdout>>,
}

impl Worker {
    /// Starts the bench again as a worker for `mode` and waits until its ledger is built
    /// (one at a time: a build would slow the other's).
    fn start(mode: &'static str) -> Worker {
        use std::io::BufRead;
        use std::process::{Command, Stdio};
        let mut child = Command::new(std::env::current_exe().unwrap())
            .arg("--bench")
            .env(WORKER, mode)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        println!("## {mode}");
        let stdout = child.stdout.take().unwrap();
        let mut worker = Worker {
            mode,
            child,
            replies: std::io::BufReader::new(stdout).lines(),
        };
        for line in worker.replies.by_ref() {
            let line = line.unwrap();
            if line == "ready" {
                break;
            }
            println!("{line}");
        }
        worker
    }

    /// Has the worker record payment number `i`: its time and what it did.
    fn pay(&mut self, i: usize) -> (Duration, PaymentStats) {
        use std::io::Write;
        let stdin = self.child.stdin.as_mut().unwrap();
        writeln!(stdin, "{i}").unwrap();
        stdin.flush().unwrap();
        let line = self.replies.next().unwrap().unwrap();
        let f: Vec<i64> = line.split('\t').map(|v| v.parse().unwrap()).collect();
        let stats = PaymentStats {
            cache_misses: f[1] as i32,
            pages_written: f[2] as i32,
            wal_restarted: f[3] != 0,
        };
        (Duration::from_nanos(f[0] as u64), stats)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        drop(self.child.wait());
    }
}

/// The worker's side: prints "ready", then records payment `i` for each line `i` on its
/// standard input and answers with its time in nanoseconds and its `PaymentStats`.
fn serve_payments(l: &Ledger) {
    use std::io::{BufRead, Write};
    let today = today();
    // The counters start from here: the build and the aging reports are not a payment.
    let _ = PaymentStats::take(l);
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready").unwrap();
    out.flush().unwrap();
    for line in std::io::stdin().lock().lines() {
        let i: usize = line.unwrap().trim().parse().unwrap();
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
        let took = t.elapsed();
        let s = PaymentStats::take(l);
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            took.as_nanos(),
            s.cache_misses,
            s.pages_written,
            u8::from(s.wal_restarted)
        )
        .unwrap();
        out.flush().unwrap();
    }
}

/// Records payments through the use case, one in each column's process in turn.
fn record_payments(workers: &mut [Worker]) {
    // More payments than clients (`LAWDESK_BENCH_PAYMENTS`) for profiling.
    let payments: usize = std::env::var("LAWDESK_BENCH_PAYMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let mut times = vec![Vec::new(); workers.len()];
    let mut stats = vec![Vec::new(); workers.len()];
    for i in 0..payments {
        // Which column goes first alternates too: a commit right after another's fsync
        // meets a different disk than one after a pause.
        let mut order: Vec<usize> = (0..workers.len()).collect();
        if i % 2 == 1 {
            order.reverse();
        }
        for k in order {
            let (took, s) = workers[k].pay(i);
            times[k].push(took);
            stats[k].push(s);
        }
    }
    // Every payment's time and what it did, one line per payment and four columns per
    // ledger, for a closer look at the distribution (`LAWDESK_BENCH_TIMES=file.tsv`).
    if let Some(path) = std::env::var_os("LAWDESK_BENCH_TIMES") {
        let head: Vec<String> = workers
            .iter()
            .map(|w| {
                format!(
                    "{0}_us\t{0}_cache_misses\t{0}_pages_written\t{0}_wal_restarted",
                    w.mode
                )
            })
            .collect();
        let mut tsv = head.join("\t") + "\n";
        for i in 0..payments {
            let row: Vec<String> = (0..workers.len())
                .map(|k| {
                    let s = &stats[k][i];
                    format!(
                        "{}\t{}\t{}\t{}",
                        times[k][i].as_micros(),
                        s.cache_misses,
                        s.pages_written,
                        u8::from(s.wal_restarted)
                    )
                })
                .collect();
            tsv += &(row.join("\t") + "\n");
        }
        std::fs::write(path, tsv).unwrap();
    }
    for (w, times) in workers.iter().zip(times) {
        if std::env::var_os("LAWDESK_BENCH_PERCENTILES").is_some() {
            let at = |p| ms(percentile(times.clone(), p));
            let mean = times.iter().sum::<Duration>() / times.len() as u32;
            println!(
                "{}: p10 {}, p25 {}, p50 {}, p75 {}, p90 {}, p95 {}, p99 {}, mean {}",
                w.mode,
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
            w.mode,
            ms(percentile(times.clone(), 0.5)),
            ms(percentile(times.clone(), 0.95)),
            times.len()
        );
    }
}
