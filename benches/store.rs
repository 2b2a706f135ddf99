//! Criterion benchmarks of the store: opening an existing data folder (what every start
//! and every CLI call pays), creating a new one, and saving the firm profile (a write use
//! case with its audit row, fsync'd with synchronous=FULL). Each twice, side by side: on a
//! plain database ("plain", what encryption at rest costs is the difference) and on the
//! SQLCipher-encrypted one the app uses ("encrypted").

#[path = "at_rest_mode.rs"]
mod at_rest_mode;

use at_rest_mode::open_core;
use chrono::Utc;
use criterion::{criterion_group, Criterion};
use lawdesk::domain::firm::FirmProfileInput;
use lawdesk::services;
use lawdesk::store::Database;

fn open_db(path: &std::path::Path, mode: &str) -> Database {
    match mode {
        "plain" => Database::open_unencrypted_for_benchmarks(path).unwrap(),
        _ => Database::open(path, lawdesk::at_rest::keys::database_key(&[7u8; 32])).unwrap(),
    }
}

fn open_existing(c: &mut Criterion) {
    for mode in at_rest_mode::modes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lawdesk.db");
        drop(open_db(&path, mode));
        c.bench_function(
            &format!("database open (existing, migrated), {mode}"),
            |b| b.iter(|| open_db(&path, mode)),
        );
        c.bench_function(
            &format!("database create + migrate (new file), {mode}"),
            |b| {
                b.iter_with_setup(
                    || tempfile::tempdir().unwrap(),
                    |d| {
                        open_db(&d.path().join("lawdesk.db"), mode);
                        d
                    },
                )
            },
        );
    }
}

fn save_profile(c: &mut Criterion) {
    for mode in at_rest_mode::modes() {
        save_profile_in(c, mode);
    }
}

/// The firm profile the save benchmarks write.
fn profile() -> FirmProfileInput {
    FirmProfileInput {
        name: "北京明理律师事务所".into(),
        default_currency: "CNY".into(),
        default_language: "zh-CN".into(),
        email: "office@mingli-law.cn".into(),
        ..Default::default()
    }
}

fn save_profile_in(c: &mut Criterion, mode: &str) {
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path(), mode);
    let input = profile();
    c.bench_function(
        &format!("save firm profile (one transaction), {mode}"),
        |b| b.iter(|| services::firm::save_profile(&core, &input, Utc::now()).unwrap()),
    );
}

/// A data folder opened as the window's start and every CLI call open it (`Core::open`:
/// leftovers of an interrupted backup, the practice key, the database, the attachments'
/// state), plain against encrypted; the key comes from the in-memory store here (the real
/// keychain's D-Bus round trip is measured by the letters benchmark).
fn open_folder(c: &mut Criterion) {
    for mode in at_rest_mode::modes() {
        let dir = tempfile::tempdir().unwrap();
        let store = std::sync::Arc::new(lawdesk::secrets::MemoryStore::default());
        let open = || at_rest_mode::open_core_with(dir.path(), mode, store.clone());
        drop(open());
        c.bench_function(&format!("data folder open (Core::open), {mode}"), |b| {
            b.iter(open)
        });
    }
}

/// `LAWDESK_BENCH_ALTERNATE=N`: the same four measurements without criterion, plain and
/// encrypted alternating call by call (ABBA) for N rounds — on a machine whose disk and
/// CPU drift between seconds more than the difference measured, criterion's one column
/// after the other compares two different moments. Prints p50, p95 and the mean of each.
fn alternate(rounds: usize) {
    use std::time::{Duration, Instant};
    let modes = at_rest_mode::modes();
    let dirs: Vec<_> = modes.iter().map(|_| tempfile::tempdir().unwrap()).collect();
    let stores: Vec<_> = modes
        .iter()
        .map(|_| std::sync::Arc::new(lawdesk::secrets::MemoryStore::default()))
        .collect();
    let db_path = |k: usize| dirs[k].path().join("db").join("lawdesk.db");
    let folder = |k: usize| dirs[k].path().join("folder");
    let core = |k: usize| at_rest_mode::open_core_with(&folder(k), modes[k], stores[k].clone());
    for (k, mode) in modes.iter().enumerate() {
        std::fs::create_dir_all(db_path(k).parent().unwrap()).unwrap();
        drop(open_db(&db_path(k), mode));
        drop(core(k));
    }
    let profile = profile();
    let saving: Vec<_> = (0..modes.len()).map(core).collect();
    let run = |name: &str, rounds: usize, f: &mut dyn FnMut(usize)| {
        let mut times = vec![Vec::<Duration>::new(); modes.len()];
        for i in 0..rounds {
            let mut order: Vec<usize> = (0..modes.len()).collect();
            if i % 2 == 1 {
                order.reverse();
            }
            for k in order {
                let t = Instant::now();
                f(k);
                times[k].push(t.elapsed());
            }
        }
        let stat = |v: &mut Vec<Duration>| {
            v.sort();
            let at = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1e6;
            let mean = v.iter().sum::<Duration>().as_secs_f64() * 1e6 / v.len() as f64;
            (at(0.5), at(0.95), mean)
        };
        let stats: Vec<_> = times.iter_mut().map(stat).collect();
        for (k, (p50, p95, mean)) in stats.iter().enumerate() {
            println!(
                "{name}, {}: p50 {p50:.0} µs, p95 {p95:.0} µs, mean {mean:.0} µs ({rounds} rounds)",
                modes[k]
            );
        }
        if stats.len() == 2 {
            println!(
                "{name}: encrypted / plain = {:.2} (p50), {:.2} (p95), {:.2} (mean)",
                stats[1].0 / stats[0].0,
                stats[1].1 / stats[0].1,
                stats[1].2 / stats[0].2
            );
        }
    };
    run("database open (existing, migrated)", rounds, &mut |k| {
        drop(open_db(&db_path(k), modes[k]))
    });
    run("data folder open (Core::open)", rounds, &mut |k| {
        drop(core(k))
    });
    run("save firm profile (one transaction)", rounds, &mut |k| {
        services::firm::save_profile(&saving[k], &profile, Utc::now()).unwrap();
    });
    run(
        "database create + migrate (new file)",
        rounds.div_ceil(10),
        &mut |k| {
            let d = tempfile::tempdir().unwrap();
            drop(open_db(&d.path().join("lawdesk.db"), modes[k]));
        },
    );
}

criterion_group!(benches, open_existing, open_folder, save_profile);

fn main() {
    if let Some(rounds) = std::env::var("LAWDESK_BENCH_ALTERNATE")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        alternate(rounds);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
