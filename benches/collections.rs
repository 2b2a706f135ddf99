//! The daily run's computation (issue 13: ≤ 1 s for 10,000 clients with 100,000 open
//! invoices). Fills a fresh database through plain SQL (10 open invoices per client, due
//! over the last 120 days and the next 30; a third already covered at the reminder stage;
//! 500 client holds, 1,000 invoice holds, 200 running arrangements), then times
//! `services::collections::due::overview` — everything the Collections screen and
//! `collections due` compute: the ladder, the open invoices, what covered them, holds,
//! arrangements, each client's plan and the names. Never asserted.

#[path = "at_rest_mode.rs"]
#[allow(dead_code)]
mod at_rest_mode;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use lawdesk::secrets::MemoryStore;
use lawdesk::services::collections::due;
use lawdesk::services::Core;

const CLIENTS: i64 = 10_000;
const PER_CLIENT: i64 = 10;

fn percentile(mut v: Vec<Duration>, p: usize) -> Duration {
    v.sort();
    v[(v.len() - 1) * p / 100]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// This process's CPU time (user + system) from /proc on Linux: on a shared machine the
/// wall clock also counts the time other processes held the cores.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn fill(mut conn: rusqlite::Connection, today: NaiveDate) {
    conn.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
    let tx = conn.transaction().unwrap();
    let now = "2026-12-01T00:00:00Z";
    let langs = ["en", "zh-CN", "zh-TW", "ru"];
    for c in 1..=CLIENTS {
        tx.execute(
            "INSERT INTO clients(id, kind, name, language, created_at, updated_at) VALUES (?1, 'person', ?2, ?3, ?4, ?4)",
            rusqlite::params![c, format!("Client {c}"), langs[(c % 4) as usize], now],
        )
        .unwrap();
    }
    let mut id = 0i64;
    for c in 1..=CLIENTS {
        for k in 0..PER_CLIENT {
            id += 1;
            let due = today - chrono::Duration::days((c * 7 + k * 13) % 150 - 30);
            let due = due.format("%Y-%m-%d").to_string();
            tx.execute(
                "INSERT INTO invoices(id, number, kind, client_id, currency, issued_on, due_on, net_minor, tax_minor, total_minor, created_at)
                 VALUES (?1, ?2, 'invoice', ?3, ?4, '2026-01-01', ?5, 50000, 0, 50000, ?6)",
                rusqlite::params![id, format!("INV-{id}"), c, if c % 3 == 0 { "EUR" } else { "CNY" }, due, now],
            )
            .unwrap();
            if id % 3 == 0 {
                tx.execute(
                    "INSERT INTO collection_actions(id, client_id, stage_code, action, channel, episode, done_on, communication_id, created_at)
                     VALUES (?1, ?2, 'reminder', 'reminder', 'post', ?3, '2026-11-01', 0, ?4)",
                    rusqlite::params![id, c, format!("invoice:{id}"), now],
                )
                .unwrap();
                tx.execute(
                    "INSERT INTO collection_covered(invoice_id, stage_code, action_id, skipped) VALUES (?1, 'reminder', ?1, 0)",
                    [id],
                )
                .unwrap();
            }
        }
    }
    for c in (1..=CLIENTS).step_by(20) {
        tx.execute(
            "INSERT INTO collection_holds(client_id, reason, note, created_at) VALUES (?1, 'dispute', '', ?2)",
            rusqlite::params![c, now],
        )
        .unwrap();
    }
    for inv in (5..=CLIENTS * PER_CLIENT).step_by(100) {
        tx.execute(
            "INSERT INTO collection_holds(client_id, invoice_id, reason, note, created_at) VALUES ((inv_client), ?1, 'promise', '', ?2)"
                .replace("(inv_client)", &((inv - 1) / PER_CLIENT + 1).to_string())
                .as_str(),
            rusqlite::params![inv, now],
        )
        .unwrap();
    }
    for a in 1..=200i64 {
        let client = a * 37 + 3;
        tx.execute(
            "INSERT INTO arrangements(id, client_id, currency, starts_on, note, status, created_at) VALUES (?1, ?2, 'CNY', '2026-11-01', '', 'active', ?3)",
            rusqlite::params![a, client, now],
        )
        .unwrap();
        for (seq, due) in [(1, "2026-12-20"), (2, "2027-01-20")] {
            tx.execute(
                "INSERT INTO arrangement_instalments(arrangement_id, seq, due_on, amount_minor) VALUES (?1, ?2, ?3, 25000)",
                rusqlite::params![a, seq, due],
            )
            .unwrap();
        }
        tx.execute(
            "INSERT INTO collection_holds(client_id, reason, note, until_on, arrangement_id, created_at) VALUES (?1, 'arrangement', '', '2027-01-20', ?2, ?3)",
            rusqlite::params![client, a, now],
        )
        .unwrap();
    }
    tx.commit().unwrap();
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    for mode in at_rest_mode::modes() {
        run(mode);
    }
}

/// The data folder filled behind the app's back (foreign keys off: the covered actions
/// point at no log entry), keyed as `mode` opens it.
fn filled_core(dir: &std::path::Path, mode: &str, today: NaiveDate) -> Core {
    let store = Arc::new(MemoryStore::default());
    let open = |store: Arc<MemoryStore>| match mode {
        "plain" => Core::open_unencrypted_for_benchmarks(dir, store).unwrap(),
        _ => Core::open(dir, store).unwrap(),
    };
    drop(open(store.clone()));
    let conn = match mode {
        "plain" => rusqlite::Connection::open(dir.join("lawdesk.db")).unwrap(),
        _ => lawdesk::services::security::at_rest::raw_connection(dir, store.as_ref()).unwrap(),
    };
    fill(conn, today);
    open(store)
}

fn run(mode: &str) {
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let core = filled_core(dir.path(), mode, today);
    let mut times = Vec::new();
    let mut view = None;
    let cpu_before = cpu_time();
    for _ in 0..10 {
        let t = Instant::now();
        view = Some(due::overview(&core, today).unwrap());
        times.push(t.elapsed());
    }
    let cpu = cpu_before.zip(cpu_time()).map(|(a, b)| (b - a) / 10);
    let view = view.unwrap();
    let open: i64 = core
        .database()
        .read(|c| {
            c.query_row(
                "SELECT COUNT(*) FROM invoice_open WHERE open_minor > 0",
                [],
                |r| r.get(0),
            )
            .map_err(lawdesk::store::sql_error)
        })
        .unwrap();
    println!(
        "daily run ({mode}), {CLIENTS} clients, {open} open invoices: {} due actions, {} overdue clients; wall p50 {}, p95 {}, max {}; CPU per run {}",
        view.due.len(),
        view.clients.len(),
        ms(percentile(times.clone(), 50)),
        ms(percentile(times.clone(), 95)),
        ms(*times.iter().max().unwrap()),
        cpu.map(ms).unwrap_or_else(|| "n/a".into())
    );
}
