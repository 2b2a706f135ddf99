//! Criterion benchmarks of the store: opening an existing data folder (what every start
//! and every CLI call pays), creating a new one, and saving the firm profile (a write use
//! case with its audit row, fsync'd with synchronous=FULL).

use std::sync::Arc;

use chrono::Utc;
use criterion::{criterion_group, criterion_main, Criterion};
use lawdesk::domain::firm::FirmProfileInput;
use lawdesk::secrets::MemoryStore;
use lawdesk::services::{self, Core};
use lawdesk::store::Database;

fn open_existing(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lawdesk.db");
    drop(Database::open(&path).unwrap());
    c.bench_function("database open (existing, migrated)", |b| {
        b.iter(|| Database::open(&path).unwrap())
    });
    c.bench_function("database create + migrate (new file)", |b| {
        b.iter_with_setup(
            || tempfile::tempdir().unwrap(),
            |d| {
                Database::open(&d.path().join("lawdesk.db")).unwrap();
                d
            },
        )
    });
}

fn save_profile(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path(), Arc::new(MemoryStore::default())).unwrap();
    let input = FirmProfileInput {
        name: "北京明理律师事务所".into(),
        default_currency: "CNY".into(),
        default_language: "zh-CN".into(),
        email: "office@mingli-law.cn".into(),
        ..Default::default()
    };
    c.bench_function("save firm profile (one transaction)", |b| {
        b.iter(|| services::firm::save_profile(&core, &input, Utc::now()).unwrap())
    });
}

criterion_group!(benches, open_existing, save_profile);
criterion_main!(benches);
