//! A planted secret never lands in the database file, its WAL, or the logs — not when it is
//! saved, not when it is rejected by validation, not when the keychain is locked.

mod common;

use std::sync::Arc;

use chrono::Utc;
use lawdesk::domain::firm::BankAccountInput;
use lawdesk::domain::secret::Secret;
use lawdesk::domain::ErrorCode;
use lawdesk::secrets::MemoryStore;
use lawdesk::services::{self, Core};

const IBAN: &str = "DE89370400440532013000";
const LOGIN: &str = "planted-login-7Q2xW";
const TOKEN: &str = "planted-token-Zr81Kp";
const CLI_SECRET: &str = "planted-smtp-pass-9vB3";

fn input() -> BankAccountInput {
    BankAccountInput {
        label: "EUR".into(),
        currency: "EUR".into(),
        holder: "Kanzlei Muster".into(),
        bank_name: "Commerzbank".into(),
        bic: "COBADEFFXXX".into(),
        account_number: Some(Secret::new("DE89 3704 0044 0532 0130 00")),
        online_login: Some(Secret::new(LOGIN)),
        online_token: Some(Secret::new(TOKEN)),
        ..Default::default()
    }
}

fn assert_nothing_planted(dir: &std::path::Path, needles: &[&str]) {
    let files = common::all_bytes_below(dir);
    assert!(files.iter().any(|(p, _)| p.ends_with("lawdesk.db")));
    for (path, bytes) in &files {
        for n in needles {
            assert!(
                !common::contains(bytes, n.as_bytes()),
                "{n} found in {}",
                path.display()
            );
        }
        // The IBAN's distinctive middle must not appear either (only the last four may).
        assert!(
            !common::contains(bytes, b"0532013"),
            "IBAN digits found in {}",
            path.display()
        );
    }
}

#[test]
fn secrets_go_to_the_keychain_only() {
    let dir = tempfile::tempdir().unwrap();
    let _log = services::logging::init(dir.path());
    let keychain = Arc::new(MemoryStore::default());
    let core = Core::open(dir.path(), keychain.clone()).unwrap();
    let now = Utc::now();

    let saved = services::firm::save_bank_account(&core, &input(), now).unwrap();
    assert_eq!(saved.account_mask, "•••• 3000");
    assert!(saved.has_online_login && saved.has_online_token);
    // Three bank secrets beside the practice key.
    assert_eq!(keychain.len(), 4);
    assert_eq!(
        services::firm::account_number(&core, saved.id)
            .unwrap()
            .expose(),
        IBAN
    );

    // Rejected input with a secret in it.
    let mut bad = input();
    bad.account_number = Some(Secret::new("DE00 3704 0044 0532 0130 00"));
    let err = services::firm::save_bank_account(&core, &bad, now).unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert!(!err.message.contains("0532"));

    services::security::secrets::set(&core, "smtp.password", &Secret::new(CLI_SECRET), now)
        .unwrap();
    assert_eq!(services::security::secrets::list(&core).unwrap().len(), 4);
    tracing::info!(account = ?saved, "logged a saved account");

    // Force everything out of the WAL and the log writer.
    core.database()
        .read(|c| {
            c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
            Ok(())
        })
        .unwrap();
    drop(core);
    drop(_log);
    assert_nothing_planted(dir.path(), &[IBAN, LOGIN, TOKEN, CLI_SECRET]);
}

#[test]
fn a_locked_keychain_stores_nothing_anywhere() {
    let (dir, core, keychain) = common::core_with_memory_keychain();
    // Locked after the practice opened (a locked keychain opens no practice at all).
    keychain.set_locked(true);
    let err = services::firm::save_bank_account(&core, &input(), Utc::now()).unwrap_err();
    assert_eq!(err.code, ErrorCode::KeychainUnavailable);
    assert!(
        services::firm::list_bank_accounts(&core)
            .unwrap()
            .is_empty(),
        "no half-saved account"
    );
    assert!(services::security::secrets::list(&core).unwrap().is_empty());
    drop(core);
    assert_nothing_planted(dir.path(), &[IBAN, LOGIN, TOKEN]);
}

#[test]
fn archiving_removes_the_keychain_entries() {
    let (_dir, core, keychain) = common::core_with_memory_keychain();
    let saved = services::firm::save_bank_account(&core, &input(), Utc::now()).unwrap();
    services::firm::archive_bank_account(&core, saved.id, Utc::now()).unwrap();
    // Only the practice key (which opens the data folder) is left.
    assert_eq!(keychain.len(), 1);
    assert!(services::firm::list_bank_accounts(&core)
        .unwrap()
        .is_empty());
    assert_eq!(
        services::firm::account_number(&core, saved.id)
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}

#[test]
fn editing_keeps_secrets_unless_replaced() {
    let (_dir, core, keychain) = common::core_with_memory_keychain();
    let saved = services::firm::save_bank_account(&core, &input(), Utc::now()).unwrap();
    let edit = BankAccountInput {
        id: Some(saved.id),
        label: "EUR main".into(),
        account_number: None,
        online_login: Some(Secret::new("")),
        online_token: None,
        ..input()
    };
    let after = services::firm::save_bank_account(&core, &edit, Utc::now()).unwrap();
    assert_eq!(after.account.label, "EUR main");
    assert_eq!(after.account_mask, "•••• 3000");
    assert!(!after.has_online_login && after.has_online_token);
    // Two bank secrets beside the practice key.
    assert_eq!(keychain.len(), 3);
    assert_eq!(
        services::firm::account_number(&core, saved.id)
            .unwrap()
            .expose(),
        IBAN
    );
}
