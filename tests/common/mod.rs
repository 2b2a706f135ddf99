//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod pdf;
pub mod practice;
pub mod smtp;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use lawdesk::at_rest::keys::{database_key, Key};
use lawdesk::secrets::{Keychain, MemoryStore, SecretStore};
use lawdesk::services::{security::at_rest, Core};

/// A core on a fresh temporary data folder with an in-memory keychain.
pub fn core_with_memory_keychain() -> (tempfile::TempDir, Core, Arc<MemoryStore>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryStore::default());
    let core = Core::open(dir.path(), store.clone()).unwrap();
    (dir, core, store)
}

/// Every byte of every file below `dir` (database, WAL, logs…).
pub fn all_bytes_below(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the real `lawdesk-cli` on data folder `dir` with `stdin` (closed when `None`).
pub fn cli(dir: &Path, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    run_cli(dir, args, stdin, &[])
}

/// Runs the real `lawdesk-cli` on data folder `dir` with `args`, `stdin` as its input and
/// the extra environment `env` (e.g. `LAWDESK_NOW`, `TZ`).
pub fn run_cli(
    dir: &Path,
    args: &[&str],
    stdin: Option<&str>,
    env: &[(&str, &str)],
) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_lawdesk-cli"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("LAWDESK_DATA_DIR")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .as_mut()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

/// stdout as JSON (panics with the text when it is not).
pub fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {} / {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Runs the CLI and expects exit 0 and JSON.
pub fn ok(dir: &Path, args: &[&str], stdin: Option<&str>) -> serde_json::Value {
    let out = cli(dir, args, stdin);
    assert!(
        out.status.success(),
        "{args:?}: {} {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)
}

/// Runs the CLI and expects exit 1 with a JSON error; returns the error object.
pub fn refused(dir: &Path, args: &[&str], stdin: Option<&str>) -> serde_json::Value {
    let out = cli(dir, args, stdin);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{args:?}: {} {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)["error"].clone()
}

/// The JSON a successful `lawdesk-cli` run printed (panics with its output otherwise).
pub fn ok_json(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The data folder's encrypted database as raw SQL, keyed from the real keychain (where
/// `lawdesk-cli` keeps the practice key): for tests that read or damage rows behind the
/// app's back.
pub fn raw_db(dir: &Path) -> rusqlite::Connection {
    raw_db_with(dir, &Keychain::default())
}

/// As [`raw_db`], with the key from `secrets` (an in-process core's `MemoryStore`).
pub fn raw_db_with(dir: &Path, secrets: &dyn SecretStore) -> rusqlite::Connection {
    at_rest::raw_connection(dir, secrets).unwrap()
}

/// A fixed SQLCipher key for tests that open a `Database` file directly.
pub fn test_db_key() -> Key {
    database_key(&[42u8; 32])
}

/// A database file opened with `key` as raw SQL (no pragma, no migration).
pub fn raw_db_keyed(path: &Path, key: &Key) -> rusqlite::Connection {
    use rusqlite::OpenFlags;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    lawdesk::store::database::connect(path, flags, Some(key)).unwrap()
}

/// A language's UI catalog: its parts in `ui/i18n/<lang>/` merged, as `ui/js/i18n.js` merges
/// them (each part is `export default {JSON}` after a comment line); a key in two parts
/// fails.
pub fn catalog(lang: &str) -> serde_json::Map<String, serde_json::Value> {
    let dir = repo_root().join("ui/i18n").join(lang);
    let mut parts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    parts.sort();
    let mut all = serde_json::Map::new();
    for path in parts {
        let text = std::fs::read_to_string(&path).unwrap();
        let body = text
            .split_once("export default")
            .unwrap_or_else(|| panic!("{}: no export default", path.display()))
            .1
            .trim();
        let body = body.strip_suffix(';').unwrap_or(body);
        let part: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(body).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for (k, v) in part {
            assert!(
                all.insert(k.clone(), v).is_none(),
                "{k} is in two parts of {lang}"
            );
        }
    }
    all
}
