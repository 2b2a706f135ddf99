//! The real OS keychain (on Linux the Secret Service of a gnome-keyring-daemon started for
//! the test run by scripts/test.sh). Ignored in a plain `cargo test`, where no unlocked
//! keychain may exist; the test script runs them with `--include-ignored`.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

use chrono::Utc;
use lawdesk::domain::firm::BankAccountInput;
use lawdesk::domain::secret::Secret;
use lawdesk::secrets::{Keychain, SecretStore};
use lawdesk::services::{self, Core};
use serde_json::Value;

fn cli(
    dir: &Path,
    args: &[&str],
    stdin: &str,
    env: &[(&str, &str)],
) -> (Option<i32>, Value, String) {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lawdesk-cli"));
    cmd.arg("--data-dir").arg(dir).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .as_mut()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code(),
        v,
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// What `secret-tool` (libsecret, independent of the keyring crate) finds in the keychain.
fn secret_tool_lookup(account: &str) -> Option<String> {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", "Lawdesk", "username", account])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
#[ignore = "needs an unlocked OS keychain; run by scripts/test.sh"]
fn keychain_round_trip() {
    let k = Keychain::with_service("Lawdesk-test");
    let account = format!("roundtrip-{}", std::process::id());
    k.set(&account, &Secret::new("s3cret-Ωмир-秘密")).unwrap();
    assert_eq!(
        k.get(&account).unwrap().unwrap().expose(),
        "s3cret-Ωмир-秘密"
    );
    k.delete(&account).unwrap();
    assert!(k.get(&account).unwrap().is_none());
    k.delete(&account).unwrap(); // deleting twice is fine
}

#[test]
#[ignore = "needs an unlocked OS keychain; run by scripts/test.sh"]
fn bank_account_numbers_live_in_the_real_keychain() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path(), Arc::new(Keychain::default())).unwrap();
    let saved = services::firm::save_bank_account(
        &core,
        &BankAccountInput {
            label: "RUB".into(),
            currency: "RUB".into(),
            holder: "ИП Иванов".into(),
            bank_name: "ПАО Сбербанк".into(),
            bic: "044525225".into(),
            correspondent_account: "30101810400000000225".into(),
            account_number: Some(Secret::new("40702810938000012345")),
            ..Default::default()
        },
        Utc::now(),
    )
    .unwrap();
    assert_eq!(saved.account_mask, "•••• 2345");
    assert_eq!(
        services::firm::account_number(&core, saved.id)
            .unwrap()
            .expose(),
        "40702810938000012345"
    );
    let install_id: String = core
        .database()
        .read(|c| {
            Ok(c.query_row(
                "SELECT value FROM settings WHERE key='install_id'",
                [],
                |r| r.get(0),
            )
            .unwrap())
        })
        .unwrap();
    let account = format!("{install_id}/bank.{}.account", saved.id);
    assert_eq!(
        secret_tool_lookup(&account).as_deref(),
        Some("40702810938000012345")
    );
    services::firm::archive_bank_account(&core, saved.id, Utc::now()).unwrap();
    assert_eq!(secret_tool_lookup(&account), None);
}

#[test]
#[ignore = "needs an unlocked OS keychain; run by scripts/test.sh"]
fn cli_secret_set_list_delete_never_prints_a_value() {
    let dir = tempfile::tempdir().unwrap();
    let (code, v, _) = cli(
        dir.path(),
        &["secret", "set", "smtp.password"],
        "hunter2-Пароль\n",
        &[],
    );
    assert_eq!(code, Some(0), "{v}");
    let (code, v, raw) = cli(dir.path(), &["secret", "list"], "", &[]);
    assert_eq!(code, Some(0));
    assert_eq!(v, serde_json::json!(["smtp.password"]));
    assert!(!raw.contains("hunter2"));
    let (code, _, _) = cli(dir.path(), &["secret", "set", "Bad Name"], "x", &[]);
    assert_eq!(code, Some(1));
    let (code, _, _) = cli(dir.path(), &["secret", "delete", "smtp.password"], "", &[]);
    assert_eq!(code, Some(0));
    let (_, v, _) = cli(dir.path(), &["secret", "list"], "", &[]);
    assert_eq!(v, serde_json::json!([]));
    let (code, v, _) = cli(dir.path(), &["secret", "delete", "smtp.password"], "", &[]);
    assert_eq!(
        (code, v["error"]["code"].as_str()),
        (Some(1), Some("not_found"))
    );
}

#[test]
#[ignore = "needs an unlocked OS keychain; run by scripts/test.sh"]
fn demo_fills_profile_and_accounts_with_secrets_in_the_keychain() {
    let dir = tempfile::tempdir().unwrap();
    let (code, v, raw) = cli(
        dir.path(),
        &["demo", "--clients", "10", "--seed", "2"],
        "",
        &[],
    );
    assert_eq!(code, Some(0), "{raw}");
    assert_eq!(v["firm_profile"], 1);
    assert_eq!(v["bank_accounts"], 2);
    let (_, accounts, raw) = cli(dir.path(), &["bank", "list"], "", &[]);
    assert_eq!(accounts.as_array().unwrap().len(), 2);
    assert!(!raw.contains("40702810938000012345") && !raw.contains("DE89370400440532013000"));
    assert_eq!(accounts[0]["account_mask"], "•••• 3000");
    let (code, v, _) = cli(dir.path(), &["demo"], "", &[]);
    assert_eq!(
        code,
        Some(1),
        "a second demo must not mix into existing data: {v}"
    );
    let db = std::fs::read(dir.path().join("lawdesk.db")).unwrap();
    assert!(!common::contains(&db, b"40702810938000012345"));
}

#[test]
#[ignore = "needs the keychain's D-Bus session; run by scripts/test.sh"]
fn a_missing_keychain_is_a_clear_error_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let no_bus = [(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/lawdesk-test-bus",
    )];
    let (code, v, _) = cli(
        dir.path(),
        &["secret", "set", "smtp.password"],
        "value",
        &no_bus,
    );
    assert_eq!(code, Some(1));
    assert_eq!(v["error"]["code"], "keychain.unavailable");
    let (_, v, _) = cli(dir.path(), &["secret", "list"], "", &[]);
    assert_eq!(v, serde_json::json!([]));
}

#[test]
#[ignore = "needs an unlocked OS keychain; run by scripts/test.sh"]
fn cli_mail_settings_keep_the_smtp_password_in_the_keychain_only() {
    let dir = tempfile::tempdir().unwrap();
    let password = "smtp-Пароль-7x9!";
    let set = serde_json::json!({
        "host": "smtp.example.com", "security": "starttls", "user": "office",
        "from_address": "office@example.com", "password": password
    });
    let (code, v, raw) = cli(
        dir.path(),
        &["mail", "settings", "--set"],
        &set.to_string(),
        &[],
    );
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["has_password"], true);
    assert_eq!(v["smtp"]["port"], 587);
    assert!(!raw.contains(password));
    // In the keychain under this installation's name (read back by libsecret itself)…
    let conn = common::raw_db(dir.path());
    let install_id: String = conn
        .query_row(
            "SELECT value FROM settings WHERE key='install_id'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    let account = format!("{install_id}/smtp.password");
    assert_eq!(secret_tool_lookup(&account).as_deref(), Some(password));
    // …and nowhere in the data folder (database, WAL, logs).
    for (path, bytes) in common::all_bytes_below(dir.path()) {
        assert!(
            !common::contains(&bytes, password.as_bytes()),
            "{}",
            path.display()
        );
    }
    // Settings saved without a password keep it; an empty one removes it.
    let mut keep = set.clone();
    keep.as_object_mut().unwrap().remove("password");
    let (_, v, _) = cli(
        dir.path(),
        &["mail", "settings", "--set"],
        &keep.to_string(),
        &[],
    );
    assert_eq!(v["has_password"], true);
    let mut clear = set.clone();
    clear["password"] = serde_json::json!("");
    let (_, v, _) = cli(
        dir.path(),
        &["mail", "settings", "--set"],
        &clear.to_string(),
        &[],
    );
    assert_eq!(v["has_password"], false);
    assert_eq!(secret_tool_lookup(&account), None);
}
