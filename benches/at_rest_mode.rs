//! The benchmarks' two columns: a data folder opened plain (the "before" of encryption at
//! rest) or encrypted as the app opens it. `LAWDESK_BENCH_AT_REST=plain|encrypted` runs one.

use std::sync::Arc;

use lawdesk::secrets::MemoryStore;
use lawdesk::services::Core;

/// The modes to run, in order.
pub fn modes() -> Vec<&'static str> {
    match std::env::var("LAWDESK_BENCH_AT_REST").as_deref() {
        Ok("plain") => vec!["plain"],
        Ok("encrypted") => vec!["encrypted"],
        _ => vec!["plain", "encrypted"],
    }
}

/// A data folder opened plain or encrypted.
pub fn open_core(dir: &std::path::Path, mode: &str) -> Core {
    open_core_with(dir, mode, Arc::new(MemoryStore::default()))
}

/// As [`open_core`], with the keychain `store` (kept to open the same folder again).
pub fn open_core_with(dir: &std::path::Path, mode: &str, store: Arc<MemoryStore>) -> Core {
    match mode {
        "plain" => Core::open_unencrypted_for_benchmarks(dir, store).unwrap(),
        _ => Core::open(dir, store).unwrap(),
    }
}
