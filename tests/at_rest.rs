//! Encryption at rest: the database (SQLCipher), its WAL and the attachments and kept letters
//! (XChaCha20-Poly1305) are unreadable without the practice key; a locked or missing
//! keychain entry is a coded error that changes nothing; a plain data folder of an earlier
//! version is encrypted on open and keeps every row and file.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use chrono::Utc;
use lawdesk::at_rest::sealed;
use lawdesk::domain::client::ClientInput;
use lawdesk::domain::commlog::CommInput;
use lawdesk::domain::ids::ClientId;
use lawdesk::domain::ErrorCode;
use lawdesk::secrets::MemoryStore;
use lawdesk::services::{self, client_file::commlog, security::at_rest, Core};
use lawdesk::store::encryption::is_plain;

const NAME: &str = "Zhao Plantedname-7731";
const SECRET: &str = "PLANTED-SECRET-4f1c9e";

fn add_client(core: &Core) -> ClientId {
    let input = ClientInput {
        kind: "person".into(),
        name: NAME.into(),
        notes: SECRET.into(),
        ..Default::default()
    };
    services::client_file::clients::add_client(core, &input, Utc::now())
        .unwrap()
        .id
}

fn name_of(core: &Core, client: ClientId) -> String {
    services::client_file::clients::get_client(core, client, Utc::now().date_naive())
        .unwrap()
        .client
        .name
}

/// A log entry with an attachment that holds the planted name and secret.
fn log_with_attachment(core: &Core, client: ClientId) -> String {
    let body = format!("%PDF-1.4 receipt of {NAME}: {SECRET}").into_bytes();
    let entry = CommInput {
        client_id: Some(client),
        kind: "email".into(),
        direction: "in".into(),
        summary: format!("{NAME} sent {SECRET}"),
        ..Default::default()
    };
    commlog::log(core, &entry, &[("receipt.pdf".into(), body)], Utc::now()).unwrap();
    commlog::list(core, client).unwrap()[0].attachments[0]
        .sha256
        .clone()
}

fn assert_nothing_readable(dir: &Path) {
    let files = common::all_bytes_below(dir);
    assert!(files.iter().any(|(p, _)| p.ends_with("lawdesk.db-wal")));
    for (path, bytes) in &files {
        for needle in [NAME, SECRET, "Plantedname"] {
            assert!(
                !common::contains(bytes, needle.as_bytes()),
                "{needle} is readable in {}",
                path.display()
            );
        }
    }
    for (path, bytes) in files
        .iter()
        .filter(|(p, _)| p.components().any(|c| c.as_os_str() == "attachments"))
    {
        assert!(
            sealed::looks_sealed(bytes),
            "{} is not sealed",
            path.display()
        );
    }
}

/// Every file below `dir`, for "nothing changed".
fn snapshot(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut v = common::all_bytes_below(dir);
    v.sort();
    v
}

#[test]
fn database_wal_and_attachments_are_unreadable_without_the_key() {
    let (dir, core, _) = common::core_with_memory_keychain();
    let client = add_client(&core);
    let sha = log_with_attachment(&core, client);
    // While the practice is open its latest writes sit in the WAL: checked too.
    assert_nothing_readable(dir.path());
    assert!(!is_plain(&dir.path().join("lawdesk.db")).unwrap());

    // The sqlite3 command-line shell and `strings` see nothing either.
    let db = dir.path().join("lawdesk.db");
    let out = Command::new("sqlite3")
        .arg(&db)
        .arg("SELECT count(*) FROM sqlite_master;")
        .output();
    if let Ok(out) = out {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("file is not a database"),
            "sqlite3 said: {err}"
        );
    }
    if let Ok(out) = Command::new("strings").arg("-a").arg(&db).output() {
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("Plantedname") && !text.contains(SECRET));
        assert!(
            !text.contains("CREATE TABLE"),
            "the schema is encrypted too"
        );
    }

    // The app reads everything back.
    assert_eq!(name_of(&core, client), NAME);
    let bytes = commlog::attachment_bytes(&core, &sha).unwrap();
    assert!(common::contains(&bytes, SECRET.as_bytes()));
    assert!(commlog::verify(&core, None).unwrap().ok);
    drop(core);
    assert_nothing_readable_after_close(dir.path());
}

fn assert_nothing_readable_after_close(dir: &Path) {
    for (path, bytes) in common::all_bytes_below(dir) {
        assert!(
            !common::contains(&bytes, SECRET.as_bytes()),
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_locked_or_missing_keychain_entry_is_a_coded_error_and_changes_nothing() {
    let (dir, core, _) = common::core_with_memory_keychain();
    add_client(&core);
    drop(core);
    let before = snapshot(dir.path());

    let locked = Core::open(dir.path(), Arc::new(MemoryStore::locked())).err();
    assert_eq!(locked.unwrap().code, ErrorCode::KeychainUnavailable);
    assert_eq!(snapshot(dir.path()), before);

    // Another computer's empty keychain: the key is missing, the recovery key is the way.
    let missing = Core::open(dir.path(), Arc::new(MemoryStore::default())).err();
    let missing = missing.unwrap();
    assert_eq!(missing.code, ErrorCode::DatabaseKeyMissing);
    assert!(
        missing.message.contains("recovery key"),
        "{}",
        missing.message
    );
    assert_eq!(snapshot(dir.path()), before);

    // A new data folder with a locked keychain gets no database.
    let fresh = tempfile::tempdir().unwrap();
    let e = Core::open(fresh.path(), Arc::new(MemoryStore::locked())).err();
    assert_eq!(e.unwrap().code, ErrorCode::KeychainUnavailable);
    assert!(!fresh.path().join("lawdesk.db").exists());
}

#[test]
fn a_plain_data_folder_of_an_earlier_version_is_encrypted_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let (client, sha, install_id) = {
        let store = Arc::new(MemoryStore::default());
        let plain = Core::open_unencrypted_for_benchmarks(dir.path(), store).unwrap();
        let client = add_client(&plain);
        let sha = log_with_attachment(&plain, client);
        (client, sha, plain.install_id().to_string())
    };
    let db = dir.path().join("lawdesk.db");
    assert!(is_plain(&db).unwrap());
    let plain_files = common::all_bytes_below(dir.path());
    assert!(plain_files
        .iter()
        .any(|(_, b)| common::contains(b, SECRET.as_bytes())));

    let store = Arc::new(MemoryStore::default());
    let core = Core::open(dir.path(), store.clone()).unwrap();
    // The installation keeps its id (its keychain entries' names), now also beside the
    // database; the practice key was made and recorded.
    assert_eq!(core.install_id(), install_id);
    let id_file = std::fs::read_to_string(dir.path().join(at_rest::INSTALL_ID_FILE)).unwrap();
    assert_eq!(id_file.trim(), install_id);
    assert_eq!(store.len(), 1);
    assert!(!is_plain(&db).unwrap());
    assert!(!dir.path().join("lawdesk.db.encrypting").exists());
    assert_eq!(name_of(&core, client), NAME);
    let bytes = commlog::attachment_bytes(&core, &sha).unwrap();
    assert!(common::contains(&bytes, SECRET.as_bytes()));
    let report = services::check::run(&core).unwrap();
    assert!(report.ok, "{report:?}");
    assert_nothing_readable(dir.path());
    drop(core);

    // Opened again: nothing to migrate, everything still there.
    let core = Core::open(dir.path(), store.clone()).unwrap();
    assert!(commlog::verify(&core, None).unwrap().ok);
    assert_eq!(store.len(), 1);
}

#[test]
fn raw_sql_needs_the_key() {
    let (dir, core, store) = common::core_with_memory_keychain();
    add_client(&core);
    let conn = common::raw_db_with(dir.path(), store.as_ref());
    let n: i64 = conn
        .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    let e = at_rest::raw_connection(dir.path(), &MemoryStore::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::DatabaseKeyMissing);
}

/// Another practice's database copied into a data folder: the real CLI with the real
/// keychain refuses it with one coded line on stderr — none of SQLCipher's own log lines
/// ("ERROR CORE sqlcipher_page_cipher: hmac check failed …", nine of them before this was
/// fixed) — and leaves the file as it was.
#[test]
#[ignore = "needs an unlocked OS keychain; run by scripts/test.sh"]
fn another_practices_database_is_one_clear_line_and_left_untouched() {
    let home = tempfile::tempdir().unwrap();
    let (ours, theirs) = (home.path().join("ours"), home.path().join("theirs"));
    for dir in [&ours, &theirs] {
        assert!(common::cli(dir, &["init"], None).status.success());
    }
    let db = ours.join("lawdesk.db");
    std::fs::copy(theirs.join("lawdesk.db"), &db).unwrap();
    for leftover in ["lawdesk.db-wal", "lawdesk.db-shm"] {
        let _ = std::fs::remove_file(ours.join(leftover));
    }
    let before = std::fs::read(&db).unwrap();

    let out = common::cli(&ours, &["status"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(common::json(&out)["error"]["code"], "store.key_wrong");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "stderr: {err}");
    assert!(err.starts_with("lawdesk-cli: The database does not open with this practice's key"));
    assert!(!err.contains("sqlcipher") && !err.contains("hmac"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// The copies handed to a viewer or printer are plain PDFs (a letter shows the firm's
/// account number): each start and each idle moment of the window removes those over an
/// hour old, so one print does not leave them in the data folder until the next.
#[test]
fn plain_copies_for_the_printer_do_not_linger() {
    let (dir, core, store) = common::core_with_memory_keychain();
    drop(core);
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let aged = |name: &str, ago: &str| {
        let p = out.join(name);
        std::fs::write(&p, "%PDF-1.7 a printed letter").unwrap();
        let touched = Command::new("touch")
            .args(["-d", ago])
            .arg(&p)
            .status()
            .unwrap();
        assert!(touched.success());
        p
    };
    let (old, recent) = (
        aged("old.pdf", "2 hours ago"),
        aged("recent.pdf", "5 minutes ago"),
    );
    let core = Core::open(dir.path(), store).unwrap();
    assert!(!old.exists(), "removed when the folder opens");
    assert!(
        recent.exists(),
        "a copy a viewer may still be reading stays"
    );
    let idle_old = aged("while-open.pdf", "90 minutes ago");
    core.idle();
    assert!(!idle_old.exists(), "removed when the window is idle");
    assert!(recent.exists());
}
