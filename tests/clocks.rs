//! Legal clocks through the real `lawdesk-cli` on a real data folder, on a fixed day
//! (`LAWDESK_NOW`): limitation periods per jurisdiction (the client's language, as its
//! letters), restarted by an arrived demand, a part payment or (England & Wales) the
//! debtor's recorded written acknowledgment, and the wait before an arbitrazh claim counted
//! from a demand's dispatch.

mod common;

use std::path::Path;

use common::practice::{Practice, HARPER_LOWE};
use serde_json::Value;

/// The practice in `d` on 3 December 2026, in UTC.
fn practice(d: &Path) -> Practice {
    Practice::at(d, "2026-12-03T10:00:00Z")
}

fn run(d: &Path, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    practice(d).run(args, stdin)
}

fn ok(d: &Path, args: &[&str], stdin: Option<&str>) -> Value {
    common::ok_json(&run(d, args, stdin))
}

fn client(d: &Path, kind: &str, name: &str, lang: &str) -> i64 {
    practice(d).client(kind, name, lang)
}

fn invoice(d: &Path, client: i64, currency: &str, issued: &str, due: &str) -> i64 {
    practice(d).invoice(client, currency, issued, due, "1200")
}

/// A demand to `client`, sent (and delivered, when given) on the days given.
fn demand(d: &Path, client: i64, sent: &str, delivered: Option<&str>) {
    let outside = tempfile::tempdir().unwrap();
    let letter = practice(d).demand(client, &outside.path().join(format!("demand-{client}.pdf")));
    let mut args = vec!["--via", "by_hand", "--sent", sent];
    if let Some(on) = delivered {
        args.extend(["--delivered", on]);
    }
    practice(d).dispatch(&letter, &args);
}

fn clocks(d: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["clocks"];
    args.extend(extra);
    ok(d, &args, None)["clocks"].as_array().unwrap().clone()
}

fn of(list: &[Value], client: i64) -> Vec<&Value> {
    list.iter().filter(|c| c["client_id"] == client).collect()
}

#[test]
fn clocks_per_jurisdiction_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    practice(d).firm(
        r#"{"name":"明理律师事务所","default_currency":"CNY","default_language":"zh-CN","letter_prefix":"ML"}"#,
    );
    let cn = client(d, "organization", "上海远航贸易有限公司", "zh-CN");
    invoice(d, cn, "CNY", "2023-11-01", "2023-12-15");
    let ru = client(d, "organization", "ООО Ромашка", "ru");
    invoice(d, ru, "RUB", "2026-09-01", "2026-10-01");
    let ru_person = client(d, "person", "Иванов Иван", "ru");
    invoice(d, ru_person, "RUB", "2026-09-01", "2026-10-01");
    let tw = client(d, "person", "陳志明", "zh-TW");
    invoice(d, tw, "TWD", "2024-12-15", "2025-01-15");
    let en = client(d, "person", "Mary Jones", "en");
    let en_inv = invoice(d, en, "GBP", "2020-11-10", "2020-12-10");

    let list = clocks(d, &[]);
    // 《民法典》第一百八十八条: 2023-12-15 + 3 years, 12 days left: warned.
    let c = of(&list, cn);
    assert_eq!(c.len(), 1, "{list:?}");
    assert_eq!(c[0]["kind"], "cn_limitation");
    assert_eq!(c[0]["rule"], "《民法典》第一百八十八条第一款");
    assert_eq!(
        (c[0]["starts"].as_str(), c[0]["runs_out"].as_str()),
        (Some("2023-12-15"), Some("2026-12-15"))
    );
    assert_eq!(
        (c[0]["days_left"].as_i64(), c[0]["warning"].as_bool()),
        (Some(12), Some(true))
    );
    // 民法第127條第5款: two years, 43 days left.
    let t = of(&list, tw);
    assert_eq!(
        (t[0]["kind"].as_str(), t[0]["runs_out"].as_str()),
        (Some("tw_limitation"), Some("2027-01-15"))
    );
    assert_eq!(t[0]["days_left"], 43);
    // Limitation Act 1980 s.5: six years, one week left.
    let e = of(&list, en);
    assert_eq!(
        (e[0]["runs_out"].as_str(), e[0]["days_left"].as_i64()),
        (Some("2026-12-10"), Some(7))
    );
    // Russia: no claim sent yet, no clock (the limitation of ст. 196 is not shown).
    assert!(of(&list, ru).is_empty() && of(&list, ru_person).is_empty());
    // Soonest first.
    let firsts: Vec<i64> = list
        .iter()
        .map(|c| c["client_id"].as_i64().unwrap())
        .collect();
    assert_eq!(firsts, vec![en, cn, tw]);

    // A demand that arrived restarts 诉讼时效 (第一百九十五条); a part payment restarts the
    // English six years (s.29(5)); a претензия to an organization starts its 30 days, to
    // a natural person none.
    demand(d, cn, "2026-12-03", Some("2026-12-03"));
    demand(d, ru, "2026-12-03", None);
    demand(d, ru_person, "2026-12-03", None);
    ok(
        d,
        &[
            "payment",
            "record",
            "--invoice",
            &en_inv.to_string(),
            "--amount",
            "100",
            "--date",
            "2022-03-01",
            "--method",
            "bank_transfer",
        ],
        None,
    );
    let list = clocks(d, &[]);
    let c = of(&list, cn);
    assert_eq!(
        (c[0]["starts"].as_str(), c[0]["runs_out"].as_str()),
        (Some("2026-12-03"), Some("2029-12-03"))
    );
    assert_eq!(
        c[0]["rule"],
        "《民法典》第一百八十八条第一款; 《民法典》第一百九十五条"
    );
    assert_eq!(c[0]["warning"], false);
    let r = of(&list, ru);
    assert_eq!(r.len(), 1);
    assert_eq!(
        (r[0]["kind"].as_str(), r[0]["rule"].as_str()),
        (Some("ru_claim_wait"), Some("ч. 5 ст. 4 АПК РФ"))
    );
    assert_eq!(
        (r[0]["starts"].as_str(), r[0]["runs_out"].as_str()),
        (Some("2026-12-03"), Some("2027-01-02"))
    );
    assert_eq!(
        (r[0]["days_left"].as_i64(), r[0]["warning"].as_bool()),
        (Some(30), Some(true))
    );
    assert!(of(&list, ru_person).is_empty());
    let e = of(&list, en);
    assert_eq!(
        (e[0]["starts"].as_str(), e[0]["runs_out"].as_str()),
        (Some("2022-03-01"), Some("2028-03-01"))
    );
    assert_eq!(
        e[0]["rule"],
        "Limitation Act 1980 s.5; Limitation Act 1980 s.29(5), s.30"
    );

    // One client, another day: the waiting period is over, it no longer warns.
    let one = clocks(d, &["--client", &ru.to_string(), "--as-of", "2027-01-10"]);
    assert_eq!(one.len(), 1);
    assert_eq!(
        (one[0]["days_left"].as_i64(), one[0]["warning"].as_bool()),
        (Some(-8), Some(false))
    );
    for c in &one {
        for key in [
            "client_id",
            "kind",
            "rule",
            "starts",
            "runs_out",
            "days_left",
            "warning",
        ] {
            assert!(c.get(key).is_some(), "{key} missing in {c}");
        }
    }

    // Bad input: coded errors.
    let out = run(d, &["clocks", "--client", "99999"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(common::json(&out)["error"]["code"], "not_found");
    let out = run(d, &["clocks", "--as-of", "2026-02-30"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(common::json(&out)["error"]["fields"][0]["code"], "date");
}

/// The CLI's refusal: exit 1 and the error object.
fn refused(d: &Path, args: &[&str]) -> Value {
    let out = run(d, args, None);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    common::json(&out)["error"].clone()
}

fn field_code(e: &Value) -> (&str, &str) {
    (
        e["fields"][0]["field"].as_str().unwrap_or(""),
        e["fields"][0]["code"].as_str().unwrap_or(""),
    )
}

fn audit_rows(d: &Path) -> i64 {
    common::raw_db(d)
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

/// England & Wales: the debtor's signed written acknowledgment restarts the six years from
/// the day it was made (Limitation Act 1980 s.29(5), s.30), of the invoice it names or of
/// every debt owed that day; one after the period ran out revives nothing (s.29(7)). Bad
/// input (a date after today or before the debt, an impossible or missing date, an unknown
/// client, another client's invoice) is refused with its code and changes nothing.
#[test]
fn a_recorded_acknowledgment_restarts_the_english_limitation_period() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    practice(d).firm(HARPER_LOWE);
    let en = client(d, "organization", "Oakridge Foods Ltd", "en");
    let old = invoice(d, en, "GBP", "2021-01-02", "2021-01-15");
    let later = invoice(d, en, "GBP", "2023-03-01", "2023-03-31");
    let other = client(d, "organization", "Birchwood Ltd", "en");
    let theirs = invoice(d, other, "GBP", "2024-01-02", "2024-02-01");
    let ew = |list: &[Value], inv: i64| -> (String, String, String) {
        let c = list
            .iter()
            .find(|c| c["kind"] == "ew_limitation" && c["invoice_id"] == inv);
        let c = c.unwrap_or_else(|| panic!("no clock of invoice {inv}: {list:?}"));
        let s = |k: &str| c[k].as_str().unwrap().to_string();
        (s("starts"), s("runs_out"), s("rule"))
    };
    let all_clocks = |d: &Path| -> Vec<Value> {
        let mut list = Vec::new();
        for id in [en, other] {
            let one = clocks(d, &["--client", &id.to_string()]);
            list.extend(one);
        }
        list
    };
    let before = all_clocks(d);
    // Six years from the due date (s.5): 2021-01-15 → 2027-01-15, 43 days left, warned.
    assert_eq!(
        ew(&before, old),
        (
            "2021-01-15".into(),
            "2027-01-15".into(),
            "Limitation Act 1980 s.5".into()
        )
    );
    let audit_before = audit_rows(d);

    // Bad input: each refused with its code, nothing recorded, no clock moved.
    let en_s = en.to_string();
    let ack = |extra: &[&str]| {
        let mut args = vec!["clocks", "acknowledge"];
        args.extend(extra);
        refused(d, &args)
    };
    let e = ack(&["--client", &en_s, "--date", "2026-12-04"]);
    assert_eq!(
        (e["code"].as_str(), field_code(&e)),
        (Some("validation"), ("acknowledged_on", "future_date"))
    );
    let e = ack(&["--client", &en_s, "--date", "2021-01-01"]);
    assert_eq!(field_code(&e), ("acknowledged_on", "before_debt"));
    let e = ack(&[
        "--client",
        &en_s,
        "--date",
        "2023-02-28",
        "--invoice",
        &later.to_string(),
    ]);
    assert_eq!(field_code(&e), ("acknowledged_on", "before_debt"));
    let e = ack(&["--client", "9999", "--date", "2024-05-20"]);
    assert_eq!(e["code"], "not_found");
    let e = ack(&[
        "--client",
        &en_s,
        "--date",
        "2024-05-20",
        "--invoice",
        &theirs.to_string(),
    ]);
    assert_eq!(field_code(&e), ("invoice_id", "invoice_client"));
    let e = ack(&["--client", &en_s, "--date", "2024-02-30"]);
    assert_eq!(field_code(&e), ("acknowledged_on", "date"));
    let e = ack(&["--client", &en_s]);
    assert_eq!(field_code(&e), ("acknowledged_on", "required"));
    assert_eq!(
        ok(d, &["clocks", "acknowledgments", "--client", &en_s], None),
        serde_json::json!([])
    );
    assert_eq!(
        all_clocks(d),
        before,
        "a refused acknowledgment moved a clock"
    );
    assert_eq!(
        audit_rows(d),
        audit_before,
        "a refused acknowledgment was audited"
    );

    // The debtor's letter of 20 May 2024 acknowledges every debt it owed: both of its
    // invoices restart from that day (s.29(5), s.30); the other client's does not.
    let rec = ok(
        d,
        &[
            "clocks",
            "acknowledge",
            "--client",
            &en_s,
            "--date",
            "2024-05-20",
            "--note",
            "Debtor's letter of 20 May 2024",
        ],
        None,
    );
    assert_eq!(rec["acknowledged_on"], "2024-05-20");
    assert_eq!(rec["invoice_id"], Value::Null);
    assert_eq!(audit_rows(d), audit_before + 1);
    let after = all_clocks(d);
    let restarted = (
        "2024-05-20".to_string(),
        "2030-05-20".to_string(),
        "Limitation Act 1980 s.5; Limitation Act 1980 s.29(5), s.30".to_string(),
    );
    // The client's clock (the one that runs out first) is the old invoice's, restarted.
    assert_eq!(ew(&after, old), restarted);
    assert_eq!(ew(&after, theirs), ew(&before, theirs));
    // As of a day before it was made, the clocks are as they were.
    let then = clocks(d, &["--client", &en_s, "--as-of", "2024-05-19"]);
    assert_eq!(ew(&then, old).1, "2027-01-15");

    // One naming the old invoice restarts only that one: the later invoice (restarted on
    // 20 May 2024 too) now runs out first and is the client's clock.
    let old_s = old.to_string();
    ok(
        d,
        &[
            "clocks",
            "acknowledge",
            "--client",
            &en_s,
            "--date",
            "2025-06-02",
            "--invoice",
            &old_s,
        ],
        None,
    );
    let now = all_clocks(d);
    assert_eq!(ew(&now, later), restarted);
    assert!(now.iter().all(|c| c["invoice_id"] != old), "{now:?}");
    // Once the later invoice is paid, the old one's restarted clock is the client's.
    let later_s = later.to_string();
    ok(
        d,
        &[
            "payment",
            "record",
            "--invoice",
            &later_s,
            "--amount",
            "1200",
            "--date",
            "2026-12-01",
            "--method",
            "bank_transfer",
        ],
        None,
    );
    let paid = all_clocks(d);
    assert_eq!(ew(&paid, old).0, "2025-06-02");
    assert_eq!(ew(&paid, old).1, "2031-06-02");
    let listed = ok(d, &["clocks", "acknowledgments", "--client", &en_s], None);
    let dates: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["acknowledged_on"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2025-06-02", "2024-05-20"]);
    assert!(listed[0]["invoice_number"].as_str().is_some(), "{listed}");
    assert_eq!(listed[1]["invoice_number"], Value::Null);

    // Evidence: the database refuses to change or remove one.
    let raw = common::raw_db(d);
    assert!(raw
        .execute(
            "UPDATE debt_acknowledgments SET acknowledged_on = '2026-01-01'",
            []
        )
        .is_err());
    assert!(raw.execute("DELETE FROM debt_acknowledgments", []).is_err());
}
