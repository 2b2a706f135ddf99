//! Collections through the real `lawdesk-cli` with its clock moved by `LAWDESK_NOW`: the
//! ladder, holds and arrangements, and the daily run — repeated runs, missed days and clock
//! jumps never do a stage twice.

mod common;

use std::path::Path;

use common::practice::Practice;
use serde_json::Value;

/// The practice in `dir` at noon UTC on `day`.
fn noon(dir: &Path, day: &str) -> Practice {
    Practice::at(dir, &format!("{day}T12:00:00Z"))
}

/// The CLI at noon UTC on `day`.
fn at(dir: &Path, day: &str, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    noon(dir, day).run(args, stdin)
}

fn ok(dir: &Path, day: &str, args: &[&str], stdin: Option<&str>) -> Value {
    common::ok_json(&at(dir, day, args, stdin))
}

fn refused(dir: &Path, day: &str, args: &[&str], stdin: Option<&str>) -> Value {
    let out = at(dir, day, args, stdin);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    common::json(&out)["error"].clone()
}

fn field_codes(e: &Value) -> Vec<(String, String)> {
    e["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().into(),
                f["code"].as_str().unwrap().into(),
            )
        })
        .collect()
}

const START: &str = "2026-11-01";

/// A firm and an English-speaking client; the client's id.
fn practice(d: &Path) -> i64 {
    noon(d, START)
        .firm(r#"{"name":"Ladder & Co","default_currency":"USD","default_language":"en"}"#);
    client(d, "Ada Lovelace")
}

fn client(d: &Path, name: &str) -> i64 {
    noon(d, START).client("person", name, "en")
}

/// An invoice of 500 USD issued on START and due on `due`.
fn invoice(d: &Path, client: i64, due: &str) -> i64 {
    noon(d, START).invoice(client, "USD", START, due, "500")
}

fn due_stages(d: &Path, day: &str) -> Vec<(i64, String)> {
    let v = ok(d, day, &["collections", "due"], None);
    v["due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["client_id"].as_i64().unwrap(),
                a["stage"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn run(d: &Path, day: &str, extra: &[&str]) -> Value {
    let mut args = vec!["collections", "run", "--confirm", "--allow-missing"];
    args.extend_from_slice(extra);
    ok(d, day, &args, None)
}

fn done_stages(v: &Value) -> Vec<String> {
    v["done"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["stage"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn repeated_runs_missed_days_and_clock_jumps_never_repeat_a_stage() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let c = practice(d);
    invoice(d, c, "2026-11-10");
    // Two days late: nothing yet; the friendly reminder is scheduled for day 3.
    assert!(due_stages(d, "2026-11-12").is_empty());
    let v = ok(d, "2026-11-12", &["collections", "due"], None);
    assert_eq!(v["clients"][0]["next_stage"], "reminder");
    assert_eq!(v["clients"][0]["next_on"], "2026-11-13");
    // Day 3: the reminder is due. Nothing leaves without --confirm.
    assert_eq!(due_stages(d, "2026-11-13"), [(c, "reminder".to_string())]);
    let e = refused(d, "2026-11-13", &["collections", "run"], None);
    assert_eq!(
        field_codes(&e),
        [("confirm".to_string(), "confirm_required".to_string())]
    );
    assert_eq!(
        ok(d, "2026-11-13", &["letter", "list"], None)
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let outside = tempfile::tempdir().unwrap();
    let out_dir = outside.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let r = run(d, "2026-11-13", &["--out-dir", &out_dir.to_string_lossy()]);
    assert_eq!(done_stages(&r), ["reminder"]);
    let copy = r["done"][0]["copy"].as_str().unwrap();
    assert!(std::fs::read(copy).unwrap().starts_with(b"%PDF-"));
    // The same day again, and the next day: nothing twice.
    assert!(done_stages(&run(d, "2026-11-13", &[])).is_empty());
    assert!(done_stages(&run(d, "2026-11-14", &[])).is_empty());
    // The clock jumps to day 35: the demand, naming the second reminder and call it
    // passes over, logged with its PDF; run again: nothing.
    let due = ok(d, "2026-12-15", &["collections", "due"], None);
    assert_eq!(due["due"][0]["stage"], "demand");
    assert_eq!(
        due["due"][0]["skipped"],
        serde_json::json!(["second_reminder", "call"])
    );
    let r = run(d, "2026-12-15", &[]);
    assert_eq!(done_stages(&r), ["demand"]);
    assert!(r["done"][0]["number"].as_str().is_some());
    assert!(done_stages(&run(d, "2026-12-15", &[])).is_empty());
    // A run dated back before the jump finds nothing either.
    assert!(done_stages(&run(d, "2026-11-20", &["--as-of", "2026-11-20"])).is_empty());
    // Next: the hand-over on day 60. Days are missed; the first run after does it once.
    let v = ok(d, "2026-12-16", &["collections", "due"], None);
    assert_eq!(v["clients"][0]["stage"], "demand");
    assert_eq!(v["clients"][0]["next_stage"], "hand_over");
    assert_eq!(v["clients"][0]["next_on"], "2027-01-09");
    assert_eq!(done_stages(&run(d, "2027-02-01", &[])), ["hand_over"]);
    assert!(done_stages(&run(d, "2027-02-02", &[])).is_empty());
    // Three actions, three stages; each logged in the client's communication log.
    let actions = ok(d, "2027-02-02", &["collections", "actions"], None);
    let mut stages: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["stage_code"].as_str().unwrap())
        .collect();
    stages.sort();
    assert_eq!(stages, ["demand", "hand_over", "reminder"]);
    let log = ok(d, "2027-02-02", &["log", "list", &c.to_string()], None);
    let log = log.as_array().unwrap();
    for a in actions.as_array().unwrap() {
        assert!(log.iter().any(|e| e["id"] == a["communication_id"]), "{a}");
    }
    assert_eq!(
        ok(d, "2027-02-02", &["letter", "list"], None)
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(ok(d, "2027-02-02", &["check"], None)["ok"]
        .as_bool()
        .unwrap());
}

#[test]
fn a_new_overdue_invoice_gets_its_own_reminder_and_a_letter_batch_counts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let c = practice(d);
    invoice(d, c, "2026-11-10");
    let outside = tempfile::tempdir().unwrap();
    // The letter batch wrote the reminder: the daily run does not write it again.
    let out_dir = outside.path().join("batch");
    ok(
        d,
        "2026-11-13",
        &[
            "letter",
            "batch",
            "--stage",
            "reminder",
            "--out-dir",
            &out_dir.to_string_lossy(),
        ],
        None,
    );
    assert!(due_stages(d, "2026-11-13").is_empty());
    // A second invoice falls due: its reminder is due (the first is not silenced, nor
    // reminded twice).
    invoice(d, c, "2026-11-15");
    let v = ok(d, "2026-11-18", &["collections", "due"], None);
    assert_eq!(v["due"][0]["stage"], "reminder");
    assert_eq!(v["due"][0]["invoices"].as_array().unwrap().len(), 1);
}

#[test]
fn holds_pause_the_ladder_and_need_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let c = practice(d);
    let i1 = invoice(d, c, "2026-11-05");
    let i2 = invoice(d, c, "2026-11-06");
    let day = "2026-11-10";
    let cs = c.to_string();
    let e = refused(d, day, &["hold", "add", "--client", &cs], None);
    assert_eq!(
        field_codes(&e),
        [("reason".to_string(), "required".to_string())]
    );
    let e = refused(
        d,
        day,
        &["hold", "add", "--client", &cs, "--reason", "bored"],
        None,
    );
    assert_eq!(
        field_codes(&e),
        [("reason".to_string(), "hold_reason".to_string())]
    );
    let e = refused(
        d,
        day,
        &["hold", "add", "--client", &cs, "--reason", "other"],
        None,
    );
    assert_eq!(
        field_codes(&e),
        [("note".to_string(), "required".to_string())]
    );
    assert!(ok(d, day, &["hold", "list"], None)
        .as_array()
        .unwrap()
        .is_empty());
    // A disputed invoice is left out; the other one is still chased.
    let h = ok(
        d,
        day,
        &[
            "hold",
            "add",
            "--client",
            &cs,
            "--invoice",
            &i1.to_string(),
            "--reason",
            "dispute",
        ],
        None,
    );
    let v = ok(d, day, &["collections", "due"], None);
    assert_eq!(v["due"][0]["invoices"], serde_json::json!([i2]));
    assert_eq!(v["clients"][0]["held_invoices"], 1);
    // The whole client on hold until a date: nothing due until the day after.
    let h2 = ok(
        d,
        day,
        &[
            "hold",
            "add",
            "--client",
            &cs,
            "--reason",
            "promise",
            "--until",
            "2026-11-20",
        ],
        None,
    );
    assert!(due_stages(d, day).is_empty());
    let outside = tempfile::tempdir().unwrap();
    // The letter batch leaves a held client out too.
    let out_dir = outside.path().join("batch");
    let b = ok(
        d,
        day,
        &[
            "letter",
            "batch",
            "--stage",
            "reminder",
            "--out-dir",
            &out_dir.to_string_lossy(),
        ],
        None,
    );
    assert!(b["letters"].as_array().unwrap().is_empty(), "{b}");
    let v = ok(d, "2026-11-20", &["collections", "due"], None);
    assert_eq!(v["clients"][0]["held"], "promise");
    assert!(v["due"].as_array().unwrap().is_empty());
    assert_eq!(due_stages(d, "2026-11-21").len(), 1);
    // Released: due again at once; releasing twice is refused.
    ok(d, day, &["hold", "release", &h2["id"].to_string()], None);
    assert_eq!(due_stages(d, day).len(), 1);
    let e = refused(d, day, &["hold", "release", &h2["id"].to_string()], None);
    assert_eq!(e["fields"][0]["code"], "hold_released");
    ok(d, day, &["hold", "release", &h["id"].to_string()], None);
    let v = ok(d, day, &["collections", "due"], None);
    assert_eq!(v["due"][0]["invoices"], serde_json::json!([i1, i2]));
}

#[test]
fn an_arrangement_pauses_the_ladder_and_a_missed_date_resumes_it_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let c = practice(d);
    invoice(d, c, "2026-11-05");
    let cs = c.to_string();
    let day = "2026-11-10";
    // Bad instalments are refused, naming each.
    let e = refused(
        d,
        day,
        &["arrangement", "add", "--client", &cs],
        Some(
            r#"{"currency":"USD","instalments":[{"due_on":"2026-11-30","amount":"250"},{"due_on":"2026-11-20","amount":"-5"}]}"#,
        ),
    );
    assert_eq!(
        field_codes(&e),
        [
            (
                "instalments[1].due_on".to_string(),
                "date_order".to_string()
            ),
            (
                "instalments[1].amount".to_string(),
                "amount_positive".to_string()
            )
        ]
    );
    let a = ok(
        d,
        day,
        &["arrangement", "add", "--client", &cs],
        Some(
            r#"{"currency":"USD","instalments":[{"due_on":"2026-11-20","amount":"250"},{"due_on":"2026-12-20","amount":"250"}],"note":"cash flow"}"#,
        ),
    );
    assert_eq!(a["status"], "active");
    let e = refused(
        d,
        day,
        &["arrangement", "add", "--client", &cs],
        Some(r#"{"currency":"USD","instalments":[{"due_on":"2026-11-25","amount":"10"}]}"#),
    );
    assert_eq!(e["fields"][0]["code"], "arrangement_active");
    // Paused: weeks pass without an action.
    let v = ok(d, "2026-11-20", &["collections", "due"], None);
    assert_eq!(v["clients"][0]["held"], "arrangement");
    assert!(v["due"].as_array().unwrap().is_empty());
    // The first instalment is paid in part only: missed the day after its date.
    ok(
        d,
        "2026-11-18",
        &[
            "payment",
            "record",
            "--client",
            &cs,
            "--currency",
            "USD",
            "--amount",
            "100",
            "--method",
            "cash",
        ],
        None,
    );
    let v = ok(d, "2026-11-21", &["collections", "due"], None);
    assert_eq!(v["arrangements_ended"][0]["outcome"], "missed");
    assert_eq!(v["arrangements_ended"][0]["missed_on"], "2026-11-20");
    assert_eq!(v["arrangements_ended"][0]["short"]["amount"], "150.00");
    assert_eq!(v["due"][0]["stage"], "second_reminder");
    let r = run(d, "2026-11-21", &[]);
    assert_eq!(r["arrangements_ended"][0]["outcome"], "missed");
    assert_eq!(done_stages(&r), ["second_reminder"]);
    let list = ok(d, "2026-11-21", &["arrangement", "list"], None);
    assert_eq!(list[0]["status"], "missed");
    let log = ok(d, "2026-11-21", &["log", "list", &cs], None);
    assert!(log.as_array().unwrap().iter().any(|e| e["summary"]
        .as_str()
        .unwrap()
        .contains("the reminders resume")));
    // Said once: the next run does not end it again.
    assert!(
        ok(d, "2026-11-22", &["collections", "due"], None)["arrangements_ended"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn bad_ladders_are_refused_and_a_firm_stage_works_with_letter_batch() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let c = practice(d);
    invoice(d, c, "2026-11-01");
    let before = ok(d, START, &["ladder", "list"], None);
    assert_eq!(before["stages"].as_array().unwrap().len(), 5);
    let e = refused(
        d,
        START,
        &["ladder", "set"],
        Some(
            r#"{"stages":[{"code":"a","days":10,"action":"reminder"},{"code":"b","days":10,"action":"fax"}]}"#,
        ),
    );
    assert_eq!(
        field_codes(&e),
        [
            ("stages[1].days".to_string(), "ladder_order".to_string()),
            ("stages[1].action".to_string(), "ladder_action".to_string())
        ]
    );
    assert_eq!(ok(d, START, &["ladder", "list"], None), before);
    ok(
        d,
        START,
        &["ladder", "set"],
        Some(
            r#"{"stages":[{"code":"reminder","days":5,"action":"reminder","channel":"email"},{"code":"final_notice","days":20,"action":"second_reminder","channel":"post"}]}"#,
        ),
    );
    let outside = tempfile::tempdir().unwrap();
    let out_dir = outside.path().join("batch");
    let batch = |day: &str| {
        ok(
            d,
            day,
            &[
                "letter",
                "batch",
                "--stage",
                "final_notice",
                "--out-dir",
                &out_dir.to_string_lossy(),
            ],
            None,
        )
    };
    let b = batch("2026-11-25");
    assert_eq!(b["letters"][0]["client_id"], c);
    assert!(Path::new(b["letters"][0]["path"].as_str().unwrap()).exists());
    assert!(batch("2026-11-26")["letters"]
        .as_array()
        .unwrap()
        .is_empty());
    let e = refused(
        d,
        "2026-11-26",
        &[
            "letter",
            "batch",
            "--stage",
            "nonsense",
            "--out-dir",
            &out_dir.to_string_lossy(),
        ],
        None,
    );
    assert_eq!(e["fields"][0]["code"], "letter_stage");
}
