//! Criterion benchmarks of the store: opening an existing data folder (what every start
//! and every CLI call pays), creating a new one, and saving the firm profile (a write use
//! case with its audit row, fsync'd with synchronous=FULL). Each twice, side by side: on a
//! plain database ("plain", what encryption at rest costs is the difference) and on the
//! SQLCipher-encrypted one the app uses ("encrypted").

#[path = "at_rest_mode.rs"]
mod at_rest_mode;

use at_rest_mode::open_core;
use chrono::Utc;
use criterion::{criterion_group, criterion_main, Criterion};
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

fn save_profile_in(c: &mut Criterion, mode: &str) {
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path(), mode);
    let input = FirmProfileInput {
        name: "北京明理律师事务所".into(),
        default_currency: "CNY".into(),
        default_language: "zh-CN".into(),
        email: "office@mingli-law.cn".into(),
        ..Default::default()
    };
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
    use lawdesk::services::Core;
    for mode in at_rest_mode::modes() {
        let dir = tempfile::tempdir().unwrap();
        let store = std::sync::Arc::new(lawdesk::secrets::MemoryStore::default());
        let open = || match mode {
            "plain" => Core::open_unencrypted_for_benchmarks(dir.path(), store.clone()).unwrap(),
            _ => Core::open(dir.path(), store.clone()).unwrap(),
        };
        drop(open());
        c.bench_function(&format!("data folder open (Core::open), {mode}"), |b| {
            b.iter(open)
        });
    }
}

criterion_group!(benches, open_existing, open_folder, save_profile);
criterion_main!(benches);
