//! One clock: "today" is the user's LOCAL date. The real `lawdesk-cli` runs with its clock
//! fixed by `LAWDESK_NOW` and its zone by `TZ`, as a test or support session would.

mod common;

use std::path::Path;
use std::process::Output;

use common::ok_json;
use common::practice::Practice;
use serde_json::Value;

/// `lawdesk-cli` at the instant `now` in the zone `tz`, with `stdin` as its input.
fn cli_at(dir: &Path, now: &str, tz: &str, args: &[&str], stdin: Option<&str>) -> Output {
    Practice::at_in_zone(dir, now, tz).run(args, stdin)
}

/// A client with one open invoice issued before `now`; the invoice's id.
fn client_with_invoice(dir: &Path, now: &str, tz: &str) -> String {
    let p = Practice::at_in_zone(dir, now, tz)
        .firm(r#"{"name":"Clock & Co","default_currency":"USD","default_language":"en"}"#);
    let client = p.client("person", "Ada Lovelace", "en");
    p.invoice(client, "USD", "2026-11-20", "2026-12-20", "500")
        .to_string()
}

/// `payment record` without `--date`, then the stored `received_on`.
fn payment_dated_by_default(now: &str, tz: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let invoice = client_with_invoice(d, now, tz);
    let args = [
        "payment",
        "record",
        "--invoice",
        &invoice,
        "--amount",
        "100",
        "--method",
        "bank_transfer",
    ];
    let id = ok_json(&cli_at(d, now, tz, &args, None))["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let got = ok_json(&cli_at(d, now, tz, &["payment", "get", &id], None));
    got["received_on"].as_str().unwrap().to_string()
}

#[test]
fn at_23_30_in_new_york_a_payment_is_dated_that_local_day() {
    // 04:30 UTC on 4 December is 23:30 on 3 December in New York (UTC−5).
    assert_eq!(
        payment_dated_by_default("2026-12-04T04:30:00Z", "America/New_York"),
        "2026-12-03"
    );
}

#[test]
fn at_07_30_in_shanghai_a_payment_is_dated_that_local_day() {
    // 23:30 UTC on 2 December is 07:30 on 3 December in Shanghai (UTC+8).
    assert_eq!(
        payment_dated_by_default("2026-12-02T23:30:00Z", "Asia/Shanghai"),
        "2026-12-03"
    );
}

#[test]
fn the_utc_date_is_the_future_in_new_york_at_night() {
    let now = "2026-12-04T04:30:00Z";
    let tz = "America/New_York";
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let invoice = client_with_invoice(d, now, tz);
    let args = [
        "payment",
        "record",
        "--invoice",
        &invoice,
        "--amount",
        "100",
        "--method",
        "cash",
        "--date",
        "2026-12-04",
    ];
    let out = cli_at(d, now, tz, &args, None);
    assert_eq!(out.status.code(), Some(1));
    let e: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(e["error"]["fields"][0]["code"], "future_date");
    let list = ok_json(&cli_at(d, now, tz, &["payment", "list"], None));
    assert_eq!(list.as_array().unwrap().len(), 0);
}

#[test]
fn a_bad_lawdesk_now_is_refused_before_the_database_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli_at(dir.path(), "yesterday", "UTC", &["init"], None);
    assert_eq!(out.status.code(), Some(1));
    let e: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(e["error"]["code"], "internal");
    assert!(!dir.path().join("lawdesk.db").exists());
}

/// `matter add` without an opening date opens it on the user's local day, as the window
/// does (the CLI used the UTC date: in New York at 23:30 that is tomorrow).
#[test]
fn at_23_30_in_new_york_a_matter_opens_that_local_day() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (now, tz) = ("2026-12-04T04:30:00Z", "America/New_York");
    client_with_invoice(d, now, tz);
    let client = ok_json(&cli_at(d, now, tz, &["client", "search", "Ada"], None))[0]["id"]
        .as_i64()
        .unwrap();
    let input = format!(r#"{{"client_id":{client},"title":"Patent dispute"}}"#);
    ok_json(&cli_at(d, now, tz, &["matter", "add"], Some(&input)));
    let list = ok_json(&cli_at(d, now, tz, &["matter", "list"], None));
    assert_eq!(list[0]["opened_on"], "2026-12-03", "{list}");
}
