//! Client-file speed at 100,000 clients (issue: search p95 ≤ 10 ms for 1-, 2- and
//! 3-character Chinese, Cyrillic and Latin queries; first page of the list ≤ 20 ms;
//! importing a 10,000-row CSV ≤ 2 s). Prints p50/p95 per query class; `scripts/bench.sh`
//! runs it and docs/BENCHMARKS.md records the figures. Never asserted in tests.
//!
//! `LAWDESK_BENCH_CLIENTS` overrides the size (default 100000).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use lawdesk::secrets::MemoryStore;
use lawdesk::services::{client_file::import, demo::clients as demo_clients, Core};
use lawdesk::store::search;

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // cargo's test harness probe
    }
    let n: u64 = std::env::var("LAWDESK_BENCH_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path(), Arc::new(MemoryStore::default())).unwrap();
    let t = Instant::now();
    let g = core
        .database()
        .write(|tx| demo_clients::generate(tx, n, 42, today, Utc::now()))
        .unwrap();
    println!(
        "generated {} clients, {} matters, {} log entries in {:.1} s",
        g.clients,
        g.matters,
        g.communications,
        t.elapsed().as_secs_f64()
    );
    core.database()
        .read(|c| {
            c.execute_batch("PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);")
                .unwrap();
            Ok(())
        })
        .unwrap();

    println!("| query | class | hits | p50 | p95 |");
    println!("| --- | --- | --- | --- | --- |");
    let classes: &[(&str, &[&str])] = &[
        ("Chinese, 1 char", &["王", "伟", "陳", "科"]),
        ("Chinese, 2 chars", &["王伟", "有限", "志明", "建国"]),
        (
            "Chinese, 3 chars",
            &["有限公", "張志明", "科技园", "明理科"],
        ),
        ("Cyrillic, 1 char", &["и", "щ", "ю", "ж"]),
        ("Cyrillic, 2 chars", &["ив", "ан", "щу", "ром"]),
        ("Cyrillic, 3 chars", &["ива", "сер", "щук", "век"]),
        ("Latin, 1 char", &["s", "j", "q", "z"]),
        ("Latin, 2 chars", &["sm", "jo", "ha", "ki"]),
        ("Latin, 3 chars", &["smi", "har", "low", "kin"]),
        ("phone digits", &["7946", "138", "495 12"]),
    ];
    for (class, queries) in classes {
        let mut all = Vec::new();
        let mut hits = 0;
        for q in *queries {
            for _ in 0..50 {
                let t = Instant::now();
                let r = core.database().read(|c| search::search(c, q, 50)).unwrap();
                all.push(t.elapsed());
                hits = hits.max(r.len());
            }
        }
        println!(
            "| {} | {class} | ≤{hits} | {} | {} |",
            queries.join(" "),
            ms(percentile(all.clone(), 0.5)),
            ms(percentile(all, 0.95))
        );
    }
    let mut page = Vec::new();
    for _ in 0..100 {
        let t = Instant::now();
        core.database()
            .read(|c| search::first_page(c, 50, 0))
            .unwrap();
        page.push(t.elapsed());
    }
    println!(
        "| (empty box) | first page of the list, 50 rows | 50 | {} | {} |",
        ms(percentile(page.clone(), 0.5)),
        ms(percentile(page, 0.95))
    );

    // Import 10,000 rows into a fresh data folder (conflict check and search index included).
    let (csv, _) = import::export_clients_csv(&core).unwrap();
    let rows: Vec<&str> = csv.lines().take(10_001).collect();
    let file = rows.join("\n");
    std::fs::write(dir.path().join("clients-10k.csv"), &file).unwrap();
    let dir2 = tempfile::tempdir().unwrap();
    let fresh = Core::open(dir2.path(), Arc::new(MemoryStore::default())).unwrap();
    let t = Instant::now();
    let report = import::import_clients(&fresh, file.as_bytes(), None, false, Utc::now()).unwrap();
    println!(
        "import of a {}-row CSV: {} imported, {} rejected in {}",
        rows.len() - 1,
        report.imported,
        report.rejected.len(),
        ms(t.elapsed())
    );
    // For the side-by-side comparisons in scripts/bench.sh: the whole list and the 10k rows.
    if let Ok(out) = std::env::var("LAWDESK_BENCH_CSV_OUT") {
        std::fs::write(format!("{out}-all.csv"), &csv).unwrap();
        std::fs::write(format!("{out}-10k.csv"), &file).unwrap();
    }
}
