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

/// Issue 10's test: a planted secret appears in no export — the client list, the audit
/// list (with its before/after), the invoice list, a demand letter, a claim pack and its
/// ZIP of originals — in no table of the database read with its key, and in no file of the
/// data folder (logs included). The bank account number itself is printed only where it is
/// meant to be: on the letters that ask for payment into it.
#[test]
fn planted_secrets_reach_no_export_and_no_table() {
    use common::practice::{days_ago, Practice, HARPER_LOWE};
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let p = Practice::new(dir.path()).firm(HARPER_LOWE);
    let gb_iban = "GB33BUKB20201555555555";
    let bank = serde_json::json!({ "label": "Client account", "currency": "GBP",
        "holder": "Harper & Lowe LLP", "bank_name": "Barclays", "bic": "BUKBGB22",
        "account_number": gb_iban, "online_login": LOGIN, "online_token": TOKEN });
    p.ok(&["bank", "save"], Some(&bank.to_string()));
    p.ok(&["secret", "set", "smtp.password"], Some(CLI_SECRET));
    let client = p.client("organization", "Oakridge Foods Ltd", "en");
    p.invoice_for(
        client,
        "GBP",
        &days_ago(90),
        &days_ago(60),
        "Advice on the lease",
        "1200",
    );
    let o = |name: &str| out.path().join(name).to_string_lossy().into_owned();
    p.demand(client, &out.path().join("demand.pdf"));
    let id = client.to_string();
    let pack = ["claim-pack", "--client", &id, "--out", &o("pack.pdf")];
    p.ok(&[&pack[..], &["--zip", &o("pack.zip")]].concat(), None);
    p.ok(&["client", "export", "--out", &o("clients.csv")], None);
    let mut texts = vec![
        (
            "audit list".to_string(),
            p.ok(&["audit", "list", "--limit", "1000"], None)
                .to_string(),
        ),
        (
            "invoice list".to_string(),
            p.ok(&["invoice", "list"], None).to_string(),
        ),
        (
            "bank list".to_string(),
            p.ok(&["bank", "list"], None).to_string(),
        ),
        (
            "secret list".to_string(),
            p.ok(&["secret", "list"], None).to_string(),
        ),
    ];
    for (path, bytes) in common::all_bytes_below(out.path()) {
        texts.push((
            path.display().to_string(),
            String::from_utf8_lossy(&bytes).into_owned(),
        ));
        if path.extension().is_some_and(|e| e == "pdf") {
            texts.push((format!("{} (text)", path.display()), pdf_text(&path)));
        }
        if path.extension().is_some_and(|e| e == "zip") {
            let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
            for i in 0..zip.len() {
                let mut entry = zip.by_index(i).unwrap();
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
                texts.push((
                    format!("{} in {}", entry.name().unwrap_or_default(), path.display()),
                    String::from_utf8_lossy(&bytes).into_owned(),
                ));
            }
        }
    }
    texts.push((
        "every table".into(),
        every_table(&common::raw_db(dir.path())),
    ));
    for (path, bytes) in common::all_bytes_below(dir.path()) {
        texts.push((
            path.display().to_string(),
            String::from_utf8_lossy(&bytes).into_owned(),
        ));
    }
    let letter = texts
        .iter()
        .find(|(n, _)| n.ends_with("demand.pdf (text)"))
        .unwrap();
    assert!(
        letter.1.replace(' ', "").contains(gb_iban),
        "the demand asks for payment into the account: {}",
        letter.1
    );
    for (name, text) in &texts {
        for secret in [LOGIN, TOKEN, CLI_SECRET] {
            assert!(!text.contains(secret), "{secret} found in {name}");
        }
        let letters = name.contains("demand") || name.contains("pack");
        if !letters {
            assert!(!text.contains("20201555"), "account digits found in {name}");
        }
    }
}

fn pdf_text(path: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every value of every table, as text (blobs lossily): what the database holds once
/// read with its key.
fn every_table(c: &rusqlite::Connection) -> String {
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut all = String::new();
    for t in tables {
        let mut st = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..n {
                match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Text(b) | rusqlite::types::ValueRef::Blob(b) => {
                        all.push_str(&String::from_utf8_lossy(b));
                    }
                    v => all.push_str(&format!("{v:?}")),
                }
                all.push('\t');
            }
        }
    }
    assert!(all.contains("Oakridge Foods"), "the tables were read");
    all
}
