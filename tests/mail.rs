//! Letters by e-mail against a real SMTP server on loopback (Debian's python3-aiosmtpd,
//! `tests/support/smtp_server.py`): STARTTLS with a self-signed certificate the firm's
//! settings name (verification stays on), implicit TLS through the real CLI, a refused
//! login, a refused recipient, an unreachable server. The received message is read back:
//! subject, Message-ID, the PDF attachment byte for byte and through pdftotext. Only what
//! the server accepted is recorded as sent.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use lawdesk::domain::ids::{ClientId, LetterId};
use lawdesk::domain::mail::SmtpInput;
use lawdesk::domain::secret::Secret;
use lawdesk::domain::ErrorCode;
use lawdesk::secrets::MemoryStore;
use lawdesk::services::{
    client_file::commlog, letters::dispatch as letter_dispatch, letters::email as mail, Core,
};
use serde_json::Value;

use common::practice::{days_ago, Practice, HARPER_LOWE};
use common::smtp::{self_signed, Server, PASSWORD, USER};

fn ok(out: Output) -> Value {
    assert!(
        out.status.success(),
        "{} {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// An English firm, an overdue client with an e-mail address and its demand letter (through
/// the real CLI); returns (client id, the letter's CLI output).
fn practice(d: &Path) -> (i64, Value) {
    let p = Practice::new(d).firm(HARPER_LOWE);
    let id = p.client_with(
        "organization",
        "Oakridge Foods Ltd",
        "en",
        serde_json::json!({ "email": "accounts@oakridge.example.com" }),
    );
    p.invoice(id, "GBP", &days_ago(60), &days_ago(40), "1200");
    let outside = tempfile::tempdir().unwrap();
    let letter = p.demand(id, &outside.path().join("scratch.pdf"));
    (id, letter)
}

fn smtp(port: u16, security: &str, user: &str, ca: &str, password: Option<&str>) -> SmtpInput {
    SmtpInput {
        host: "127.0.0.1".into(),
        port: Some(port.into()),
        security: security.into(),
        user: user.into(),
        from_address: "office@harperlowe.example.com".into(),
        from_name: "Harper & Lowe LLP".into(),
        ca_certificate: ca.into(),
        password: password.map(Secret::new),
        ..Default::default()
    }
}

/// The practice the CLI made keeps its key in the real keychain (as the app does): the
/// in-process core opens it from there too.
fn open_core(d: &Path, _store: Arc<MemoryStore>) -> Core {
    Core::open(d, Arc::new(lawdesk::secrets::Keychain::default())).unwrap()
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("poppler-utils");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[ignore = "needs python3-aiosmtpd and the openssl CLI; run by scripts/test.sh"]
fn starttls_with_a_self_signed_certificate_and_a_login_delivers_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (client, letter) = practice(d);
    let letter_id = letter["id"].as_i64().unwrap();
    let number = letter["number"].as_str().unwrap();
    let cert = self_signed();
    let server = Server::start("starttls", Some(&cert), true);
    let store = Arc::new(MemoryStore::default());
    let core = open_core(d, store);
    let (today, now) = (core.today(), core.now());

    // Not set up yet: coded, nothing sent.
    let e = mail::email_letter(&core, LetterId(letter_id), None, today, now).unwrap_err();
    assert_eq!(e.code, ErrorCode::MailNotConfigured);

    // The system roots alone do not trust the self-signed certificate: verification is on.
    mail::save_settings(
        &core,
        &smtp(server.port, "starttls", USER, "", Some(PASSWORD)),
        now,
    )
    .unwrap();
    let e = mail::email_letter(&core, LetterId(letter_id), None, today, now).unwrap_err();
    assert_eq!(e.code, ErrorCode::MailTls, "{e:?}");

    // Naming the certificate in the settings: sent, received, recorded.
    let view = mail::save_settings(
        &core,
        &smtp(server.port, "starttls", USER, &cert.pem, None),
        now,
    )
    .unwrap();
    assert!(view.has_password, "an absent password keeps the stored one");
    let sent = mail::email_letter(&core, LetterId(letter_id), None, today, now).unwrap();
    assert_eq!(sent.to, "accounts@oakridge.example.com");
    let got = server.received();
    assert_eq!(got.len(), 1, "exactly one message arrived");
    let m = &got[0];
    assert_eq!(
        m["subject"].as_str().unwrap(),
        format!("Letter of demand {number} · Harper & Lowe LLP")
    );
    assert_eq!(m["message_id"].as_str().unwrap(), sent.message_id);
    assert_eq!(m["tls"], Value::Bool(true));
    assert_eq!(m["auth"], Value::Bool(true));
    assert!(m["to"]
        .as_str()
        .unwrap()
        .contains("accounts@oakridge.example.com"));
    assert!(m["body"].as_str().unwrap().contains(number));
    let att = &m["attachments"][0];
    assert_eq!(att["content_type"], "application/pdf");
    assert!(att["filename"].as_str().unwrap().starts_with(number));
    let pdf = PathBuf::from(att["path"].as_str().unwrap());
    let bytes = std::fs::read(&pdf).unwrap();
    assert_eq!(
        lawdesk::domain::commlog::sha256_hex(&bytes),
        letter["sha256"].as_str().unwrap(),
        "the attachment is the kept letter, byte for byte"
    );
    assert!(pdftotext(&pdf).contains(number));

    // Recorded: a dispatch via e-mail with the Message-ID, an entry in the log chain.
    let history = letter_dispatch::history(&core, LetterId(letter_id)).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].dispatch.via, "email");
    assert_eq!(history[0].dispatch.tracking, sent.message_id);
    assert_eq!(history[0].dispatch.note, "accounts@oakridge.example.com");
    let log = commlog::list(&core, ClientId(client)).unwrap();
    let entry = serde_json::to_string(&log).unwrap();
    assert!(
        entry.contains(&sent.message_id),
        "the Message-ID is in the log"
    );
    assert!(commlog::verify(&core, Some(ClientId(client))).unwrap().ok);

    // The password is in the keychain only: not in the database, WAL, logs or settings view.
    for (path, b) in common::all_bytes_below(d) {
        assert!(
            !common::contains(&b, PASSWORD.as_bytes()),
            "{}",
            path.display()
        );
    }
    let shown = serde_json::to_string(&mail::settings(&core).unwrap()).unwrap();
    assert!(!shown.contains(PASSWORD));
}

#[test]
#[ignore = "needs python3-aiosmtpd and the openssl CLI; run by scripts/test.sh"]
fn a_refused_login_a_refused_recipient_and_an_unreachable_server_mark_nothing_sent() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (client, letter) = practice(d);
    let letter_id = letter["id"].as_i64().unwrap();
    let cert = self_signed();
    let server = Server::start("starttls", Some(&cert), true);
    let core = open_core(d, Arc::new(MemoryStore::default()));
    let (today, now) = (core.today(), core.now());
    let log_before = commlog::list(&core, ClientId(client)).unwrap().len();

    let wrong = smtp(
        server.port,
        "starttls",
        USER,
        &cert.pem,
        Some("wrong password"),
    );
    mail::save_settings(&core, &wrong, now).unwrap();
    let e = mail::email_letter(&core, LetterId(letter_id), None, today, now).unwrap_err();
    assert_eq!(e.code, ErrorCode::MailLoginRejected, "{e:?}");
    assert!(!e.message.contains("wrong password"));

    let right = smtp(server.port, "starttls", USER, &cert.pem, Some(PASSWORD));
    mail::save_settings(&core, &right, now).unwrap();
    let refused = Some("refuse-me@oakridge.example.com");
    let e = mail::email_letter(&core, LetterId(letter_id), refused, today, now).unwrap_err();
    assert_eq!(e.code, ErrorCode::MailRecipientRefused, "{e:?}");

    let e = mail::email_letter(
        &core,
        LetterId(letter_id),
        Some("not an address"),
        today,
        now,
    )
    .unwrap_err();
    assert_eq!(e.fields[0].field, "to");
    assert_eq!(e.fields[0].code, "email");

    // Nothing listens on this port any more.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    mail::save_settings(&core, &smtp(closed, "starttls", USER, &cert.pem, None), now).unwrap();
    let e = mail::email_letter(&core, LetterId(letter_id), None, today, now).unwrap_err();
    assert_eq!(e.code, ErrorCode::MailUnreachable, "{e:?}");

    assert!(server.received().is_empty(), "no message arrived");
    assert!(letter_dispatch::history(&core, LetterId(letter_id))
        .unwrap()
        .is_empty());
    assert_eq!(
        commlog::list(&core, ClientId(client)).unwrap().len(),
        log_before
    );
}

#[test]
#[ignore = "needs python3-aiosmtpd and the openssl CLI; run by scripts/test.sh"]
fn the_cli_sets_up_the_server_and_sends_over_implicit_tls() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (_, letter) = practice(d);
    let id = letter["id"].as_i64().unwrap().to_string();
    let cert = self_signed();
    let server = Server::start("tls", Some(&cert), false);

    // Bad settings: coded per field, nothing stored.
    let bad = common::cli(
        d,
        &["mail", "settings", "--set"],
        Some(r#"{"host":"mail server","security":"ssl","from_address":"x"}"#),
    );
    assert_eq!(bad.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(v["error"]["code"], "validation");
    assert_eq!(
        ok(common::cli(d, &["mail", "settings"], None))["smtp"],
        Value::Null
    );
    let none_login = common::cli(
        d,
        &["mail", "settings", "--set"],
        Some(
            r#"{"host":"127.0.0.1","security":"none","user":"office","from_address":"office@harperlowe.example.com"}"#,
        ),
    );
    assert_eq!(none_login.status.code(), Some(1), "no login without TLS");

    let settings = serde_json::json!({
        "host": "127.0.0.1", "port": server.port, "security": "tls",
        "from_address": "office@harperlowe.example.com", "from_name": "Harper & Lowe LLP",
        "ca_certificate": cert.pem,
        "templates": [{"lang": "en", "subject": "Our ref {number} for {client}", "body": "Dear {client}, see {number}."}]
    });
    let v = ok(common::cli(
        d,
        &["mail", "settings", "--set"],
        Some(&settings.to_string()),
    ));
    assert_eq!(v["smtp"]["port"], server.port);
    let sent = ok(common::cli(d, &["letter", "email", "--letter", &id], None));
    let got = server.received();
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0]["subject"].as_str().unwrap(),
        format!(
            "Our ref {} for Oakridge Foods Ltd",
            letter["number"].as_str().unwrap()
        )
    );
    assert_eq!(got[0]["tls"], Value::Bool(true));
    assert_eq!(got[0]["message_id"], sent["message_id"]);
    let history = ok(common::cli(
        d,
        &["letter", "dispatches", "--letter", &id],
        None,
    ));
    assert_eq!(history[0]["via"], "email");
    assert_eq!(history[0]["tracking"], sent["message_id"]);
}

/// Issue 13: a ladder stage on the e-mail channel, confirmed in the daily run, reaches the
/// firm's SMTP server with its PDF; before a server is set up the run keeps the letter and
/// says the e-mail was not sent.
#[test]
#[ignore = "needs python3-aiosmtpd and the openssl CLI; run by scripts/test.sh"]
fn the_daily_run_sends_an_e_mail_stage_through_the_firms_server() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = Practice::new(d).firm(HARPER_LOWE);
    let add = |name: &str| {
        let email = serde_json::json!({ "email": "accounts@example.com" });
        let id = p.client_with("organization", name, "en", email);
        p.invoice(id, "GBP", &days_ago(30), &days_ago(10), "1200");
        id
    };
    ok(common::cli(
        d,
        &["ladder", "set"],
        Some(r#"{"stages":[{"code":"reminder","days":5,"action":"reminder","channel":"email"}]}"#),
    ));
    let run = || {
        ok(common::cli(
            d,
            &["collections", "run", "--confirm", "--allow-missing"],
            None,
        ))
    };

    // No server yet: the reminder is written and kept, the e-mail is not sent.
    let first = add("Oakridge Foods Ltd");
    let v = run();
    assert_eq!(v["done"][0]["client_id"], first, "{v}");
    assert_eq!(v["done"][0]["email"]["email"], "not_sent", "{v}");

    let cert = self_signed();
    let server = Server::start("tls", Some(&cert), false);
    let settings = serde_json::json!({
        "host": "127.0.0.1", "port": server.port, "security": "tls",
        "from_address": "office@harperlowe.example.com", "from_name": "Harper & Lowe LLP",
        "ca_certificate": cert.pem,
    });
    ok(common::cli(
        d,
        &["mail", "settings", "--set"],
        Some(&settings.to_string()),
    ));
    let second = add("Birchwood Ltd");
    let v = run();
    assert_eq!(v["done"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["done"][0]["client_id"], second, "{v}");
    assert_eq!(v["done"][0]["email"]["email"], "sent", "{v}");
    let got = server.received();
    assert_eq!(got.len(), 1, "one message for the one due action");
    let id = v["done"][0]["email"]["message_id"].as_str().unwrap();
    assert!(!id.is_empty());
    let letter = v["done"][0]["letter_id"].as_i64().unwrap().to_string();
    let dispatches = ok(common::cli(
        d,
        &["letter", "dispatches", "--letter", &letter],
        None,
    ));
    assert!(dispatches.to_string().contains(id), "{dispatches}");
    // Run again: nothing is due, nothing more is sent.
    assert!(run()["done"].as_array().unwrap().is_empty());
    assert_eq!(server.received().len(), 1);
}
