//! A stored value that does not parse is `database.corrupt` naming its table, column and
//! row — never a default (an unreadable date is not "today", an unreadable VAT rate is not
//! 0 %) — and `lawdesk-cli check` reports it. The bad values are written with raw SQL into
//! the real database file, as an outside edit or a damaged disk would leave them.

mod common;

use std::path::Path;

use common::ok_json;
use common::practice::Practice;
use serde_json::Value;

const NOW: &str = "2026-12-10T12:00:00Z";

fn cli(dir: &Path, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    Practice::at(dir, NOW).run(args, stdin)
}

/// A firm and a client with one valid invoice; the client's id.
fn practice(dir: &Path) -> i64 {
    let p = Practice::at(dir, NOW)
        .firm(r#"{"name":"Corrupt & Co","default_currency":"USD","default_language":"en"}"#);
    let client = p.client("organization", "Acme Ltd", "en");
    p.invoice(client, "USD", "2026-10-01", "2026-10-15", "500");
    client
}

/// Writes an invoice (and its line) past the use cases; the new invoice's id. Money rows
/// refuse UPDATE (triggers), so the damage is a crafted row, as an outside tool could write.
fn crafted_invoice(dir: &Path, client: i64, due_on: &str, tax_percent: &str) -> i64 {
    let conn = common::raw_db(dir);
    conn.execute(
        "INSERT INTO invoices(number, kind, client_id, currency, issued_on, due_on, net_minor,
                              tax_minor, total_minor, tax_percent, created_at)
         VALUES ('X-' || ?1, 'invoice', ?2, 'USD', '2026-10-01', ?3, 10000, 0, 10000, ?4,
                 '2026-10-01T00:00:00Z')",
        rusqlite::params![due_on.len(), client, due_on, tax_percent],
    )
    .unwrap();
    let id = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO invoice_lines(invoice_id, seq, description, unit_price, amount)
         VALUES (?1, 1, 'Advice', '100', 'one hundred')",
        [id],
    )
    .unwrap();
    id
}

/// The error a failed run printed, after checking it exited 1 with `database.corrupt`.
fn corrupt_error(out: &std::process::Output) -> Value {
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["code"], "database.corrupt", "{v}");
    v["error"].clone()
}

#[test]
fn an_unreadable_due_date_is_an_error_never_today() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let client = practice(d);
    // 31 November: sorts after the issue date (the CHECK passes), parses as no date.
    let bad = crafted_invoice(d, client, "2026-11-31", "0");
    let cell = format!("invoices.due_on (row {bad})");

    let e = corrupt_error(&cli(d, &["invoice", "list"], None));
    let message = e["message"].as_str().unwrap();
    assert!(message.contains(&cell), "{message}");
    assert!(!message.contains("2026-11-31"), "the value is not echoed");
    let outside = tempfile::tempdir().unwrap();

    // The demand letter for that client: no letter is made from a guessed date.
    let pdf = outside.path().join("demand.pdf");
    let id = client.to_string();
    let out = cli(
        d,
        &[
            "letter",
            "demand",
            "--id",
            &id,
            "--out",
            &pdf.to_string_lossy(),
        ],
        None,
    );
    corrupt_error(&out);
    assert!(!pdf.exists());

    // Aging reads the open-amount index, which keeps its own copy of the due date.
    let e = corrupt_error(&cli(d, &["aging"], None));
    let message = e["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("invoice_open.due_on (row {bad})")),
        "{message}"
    );

    // `check` finds it (and the unreadable line amount), names the rows, exits 1.
    let out = cli(d, &["check"], None);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let message = v["error"]["message"].as_str().unwrap();
    for finding in [
        format!(r#"{{"table":"invoices","column":"due_on","row":{bad}}}"#),
        format!(r#"{{"table":"invoice_open","column":"due_on","row":{bad}}}"#),
        r#"{"table":"invoice_lines","column":"amount","row":2}"#.to_string(),
    ] {
        assert!(message.contains(&finding), "{finding} not in {message}");
    }
    assert!(message.contains(r#""ok":false"#), "{message}");
}

#[test]
fn an_unreadable_vat_rate_is_an_error_never_zero() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let client = practice(d);
    let bad = crafted_invoice(d, client, "2026-10-31", "twenty");
    let id = bad.to_string();
    // Crediting computes the VAT inside the credit from the invoice's rate.
    let out = cli(
        d,
        &[
            "invoice", "credit", &id, "--amount", "10", "--reason", "goodwill",
        ],
        None,
    );
    let e = corrupt_error(&out);
    assert!(e["message"]
        .as_str()
        .unwrap()
        .contains(&format!("invoices.tax_percent (row {bad})")));
    // Nothing was written: no credit note.
    let list = ok_json(&cli(d, &["invoice", "list"], None));
    assert_eq!(list.as_array().unwrap().len(), 2);

    let out = cli(d, &["check"], None);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let message = v["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!(
            r#"{{"table":"invoices","column":"tax_percent","row":{bad}}}"#
        )),
        "{message}"
    );
}

#[test]
fn a_sound_database_checks_ok_with_no_unreadable_values() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    practice(d);
    let v = ok_json(&cli(d, &["check"], None));
    assert_eq!(v["ok"], true);
    assert_eq!(v["unreadable_values"], serde_json::json!([]));
}

/// A dispatch record's delivery date that does not parse is `database.corrupt`, never "not
/// delivered" (which would restart the clocks Collections counts from the delivery).
#[test]
fn an_unreadable_delivery_date_is_an_error_never_not_delivered() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let client = practice(d);
    let outside = tempfile::tempdir().unwrap();
    let pdf = outside.path().join("reminder.pdf");
    let letter = ok_json(&cli(
        d,
        &[
            "letter",
            "reminder",
            "--id",
            &client.to_string(),
            "--out",
            &pdf.to_string_lossy(),
            "--allow-missing",
        ],
        None,
    ))["id"]
        .as_i64()
        .unwrap();
    let id = letter.to_string();
    ok_json(&cli(
        d,
        &[
            "letter",
            "dispatch",
            &id,
            "--via",
            "by_hand",
            "--sent",
            "2026-12-10",
        ],
        None,
    ));
    // A second record past the use cases: 32 December sorts after the sending date.
    let bad = {
        let conn = common::raw_db(d);
        conn.execute(
            "INSERT INTO letter_dispatches(letter_id, via, sent_on, delivered_on, replaces,
                                           communication_id, created_at)
             SELECT letter_id, via, sent_on, '2026-12-32', id, communication_id, created_at
             FROM letter_dispatches",
            [],
        )
        .unwrap();
        conn.last_insert_rowid()
    };
    let cell = format!("letter_dispatches.delivered_on (row {bad})");
    let e = corrupt_error(&cli(d, &["letter", "dispatches", "--letter", &id], None));
    assert!(e["message"].as_str().unwrap().contains(&cell), "{e}");
    corrupt_error(&cli(d, &["letter", "dispatches"], None));

    let out = cli(d, &["check"], None);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let message = v["error"]["message"].as_str().unwrap();
    let finding = format!(r#"{{"table":"letter_dispatches","column":"delivered_on","row":{bad}}}"#);
    assert!(message.contains(&finding), "{finding} not in {message}");
}
