//! Regression tests for the hostile test of `lawdesk-cli` (issue 10): each finding, run on
//! the real binary against a real data folder.

mod common;

use common::practice::{today_plus, Practice, MINGLI};
use common::{cli, json, ok, refused};
use serde_json::Value;
use std::os::unix::fs::FileTypeExt;

fn fields(err: &Value) -> Vec<(String, String)> {
    err["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    (
                        f["field"].as_str().unwrap().to_string(),
                        f["code"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn client_update_changes_only_the_fields_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let full = r#"{"kind":"person","name":"王伟","phones":["+86 138 0013 8000"],"emails":["wang@example.cn"],
        "addresses":["北京市朝阳区建国路1号"],"grade":"A","source":"referral","practice_area":"labour",
        "tags":["VIP"],"profile":{"employer":"ACME"}}"#;
    let id = ok(d, &["client", "add"], Some(full))["id"]
        .as_i64()
        .unwrap();
    let id_s = id.to_string();
    ok(
        d,
        &["client", "update", &id_s],
        Some(r#"{"kind":"person","name":"王伟明"}"#),
    );
    let c = ok(d, &["client", "get", &id_s], None);
    assert_eq!(c["name"], "王伟明");
    assert_eq!(c["phones"][0], "+86 138 0013 8000");
    assert_eq!(c["emails"][0], "wang@example.cn");
    assert_eq!(c["addresses"][0], "北京市朝阳区建国路1号");
    assert_eq!(c["grade"], "A");
    assert_eq!(c["source"], "referral");
    assert_eq!(c["practice_area"], "labour");
    assert_eq!(c["tags"][0], "VIP");
    assert_eq!(c["profile"]["employer"], "ACME");

    // Explicit null / [] clear; the singular form replaces the whole list.
    ok(
        d,
        &["client", "update", &id_s],
        Some(r#"{"emails":[],"source":null,"phone":"+86 139 0000 1111"}"#),
    );
    let c = ok(d, &["client", "get", &id_s], None);
    assert_eq!(c["emails"], serde_json::json!([]));
    assert_eq!(c["source"], "");
    assert_eq!(c["phones"], serde_json::json!(["+86 139 0000 1111"]));
    assert_eq!(c["grade"], "A");

    // A bad field in an update is refused and changes nothing.
    let err = refused(d, &["client", "update", &id_s], Some(r#"{"grade":"Z"}"#));
    assert_eq!(fields(&err), [("grade".to_string(), "grade".to_string())]);
    assert_eq!(ok(d, &["client", "get", &id_s], None)["grade"], "A");
}

/// A data folder with a firm, one client and one overdue CNY invoice; the client's id.
fn practice(d: &std::path::Path) -> i64 {
    let p = Practice::new(d).firm(MINGLI);
    let client = p.client("organization", "北京华远科技有限公司", "zh-CN");
    let (issued, due) = (today_plus(-60), today_plus(-45));
    p.invoice_for(client, "CNY", &issued, &due, "法律顾问费", "12000");
    client
}

fn pay(d: &std::path::Path, client: i64, amount: &str, date: &str) -> std::process::Output {
    Practice::new(d).pay(client, "CNY", amount, date)
}

/// Every `--set` changes only the fields it is given (absent = unchanged, `null` =
/// cleared): the firm profile, a letter identity (its SRA number stays when only the
/// signatory changes), the fee defaults, the SMTP settings and an engagement's contract. A
/// field the command does not know is still refused.
#[test]
fn set_commands_change_only_the_fields_they_are_given() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["demo", "--clients", "5"], None);
    let set = |args: &[&str], patch: Value| ok(d, args, Some(&patch.to_string()));
    set(
        &["firm", "set"],
        serde_json::json!({"name": "Harper & Lowe LLP", "address": "1 Chancery Lane",
            "lawyer_name": "Ann Harper", "default_currency": "GBP", "letter_prefix": "HL"}),
    );
    let firm = set(
        &["firm", "set"],
        serde_json::json!({"phone": "+44 20 7946 0000"}),
    );
    assert_eq!(
        (
            &firm["name"],
            &firm["address"],
            &firm["default_currency"],
            &firm["phone"]
        ),
        (
            &Value::from("Harper & Lowe LLP"),
            &Value::from("1 Chancery Lane"),
            &Value::from("GBP"),
            &Value::from("+44 20 7946 0000")
        )
    );
    let firm = set(&["firm", "set"], serde_json::json!({"phone": null}));
    assert_eq!(
        (&firm["phone"], &firm["lawyer_name"]),
        (&Value::from(""), &Value::from("Ann Harper"))
    );

    set(
        &["firm", "letter-identity", "--set"],
        serde_json::json!({"lang": "en", "name": "Harper & Lowe LLP", "address": "1 Chancery Lane",
            "signatory_name": "Ann Harper", "signatory_title": "Partner",
            "ids": {"sra_number": "612345"}}),
    );
    let id = set(
        &["firm", "letter-identity", "--set"],
        serde_json::json!({"lang": "en", "signatory_name": "Bob Lowe"}),
    );
    assert_eq!(
        (
            &id["signatory_name"],
            &id["signatory_title"],
            &id["address"],
            &id["ids"]["sra_number"]
        ),
        (
            &Value::from("Bob Lowe"),
            &Value::from("Partner"),
            &Value::from("1 Chancery Lane"),
            &Value::from("612345")
        )
    );

    set(
        &["firm", "fees", "--set"],
        serde_json::json!({"vat_percent": "20"}),
    );
    let fees = set(
        &["firm", "fees", "--set"],
        serde_json::json!({"payment_terms_days": "30"}),
    );
    assert_eq!(
        (&fees["vat_percent"], &fees["payment_terms_days"]),
        (&Value::from("20"), &Value::from(30))
    );
    let err = refused(d, &["firm", "fees", "--set"], Some(r#"{"vat_percnt":"5"}"#));
    assert_eq!(fields(&err), [("vat_percnt".into(), "invalid".into())]);

    set(
        &["mail", "settings", "--set"],
        serde_json::json!({"host": "smtp.example.com", "port": 587, "security": "starttls",
            "user": "ann", "from_address": "ann@hl.example", "from_name": "Harper & Lowe"}),
    );
    let mail = set(
        &["mail", "settings", "--set"],
        serde_json::json!({"from_name": "Ann Harper"}),
    );
    assert_eq!(
        (
            &mail["smtp"]["host"],
            &mail["smtp"]["port"],
            &mail["smtp"]["from_name"]
        ),
        (
            &Value::from("smtp.example.com"),
            &Value::from(587),
            &Value::from("Ann Harper")
        )
    );

    let engagement: i64 = common::raw_db(d)
        .query_row("SELECT min(id) FROM engagements", [], |r| r.get(0))
        .unwrap();
    let e = engagement.to_string();
    set(
        &["engagement", "contract", &e, "--set"],
        serde_json::json!({"contract_title": "Legal services agreement", "contract_number": "LS-7",
            "contract_date": "2026-01-15", "late_clause": "0.1% per day, clause 5.2"}),
    );
    let c = set(
        &["engagement", "contract", &e, "--set"],
        serde_json::json!({"work_done": "Drafted and negotiated the supply contract"}),
    );
    assert_eq!(
        (&c["late_clause"], &c["contract_number"], &c["work_done"]),
        (
            &Value::from("0.1% per day, clause 5.2"),
            &Value::from("LS-7"),
            &Value::from("Drafted and negotiated the supply contract")
        )
    );
}

#[test]
fn amounts_are_strict_and_bounded_so_no_total_overflows() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let client = practice(d);
    let today = today_plus(0);
    for (amount, code) in [
        ("92233720368547758.07", "amount_too_large"),
        ("10000000000.01", "amount_too_large"),
        ("1,2,3", "ambiguous_amount"),
        ("1.000,50", "ambiguous_amount"),
        ("1,000", "ambiguous_amount"),
        ("1.000", "too_many_decimals"),
        ("12.345", "too_many_decimals"),
        ("-5", "amount_positive"),
        ("5-", "amount"),
        ("1e3", "amount"),
    ] {
        let out = pay(d, client, amount, &today);
        assert_eq!(out.status.code(), Some(1), "{amount}");
        let err = json(&out)["error"].clone();
        assert_eq!(
            fields(&err),
            [("amount".to_string(), code.to_string())],
            "{amount}"
        );
    }
    // Nothing was recorded, and the client file still opens.
    let payments = ok(d, &["payment", "list"], None);
    assert_eq!(payments.as_array().unwrap().len(), 0);
    ok(d, &["client", "get", &client.to_string()], None);
    // The forms people type in ru and zh/en are read alike; the canonical form too.
    for amount in ["1 234,56", "1,234.56", "1234.56"] {
        let out = pay(d, client, amount, &today);
        assert!(out.status.success(), "{amount}");
        assert_eq!(json(&out)["allocations"][0]["amount"], "1234.56");
    }
    ok(d, &["client", "get", &client.to_string()], None);
}

#[test]
fn dates_outside_a_sane_window_are_refused_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let client = practice(d);
    let c = client.to_string();
    for date in ["0000-01-01", "9999-12-31", "1899-12-31"] {
        let err = json(&pay(d, client, "100", date))["error"].clone();
        assert_eq!(
            fields(&err)[0],
            ("received_on".into(), "date_range".into()),
            "{date}"
        );
        let inv = format!(
            r#"{{"client_id":{client},"currency":"CNY","issued_on":"{date}","due_on":"{date}","lines":[{{"description":"x","rate":"1"}}],"tax_percent":"0"}}"#
        );
        let err = refused(d, &["invoice", "issue"], Some(&inv));
        assert!(
            fields(&err).contains(&("issued_on".into(), "date_range".into())),
            "{date}: {err}"
        );
        let entry = format!(
            r#"{{"client_id":{client},"kind":"call","direction":"in","occurred_at":"{date}","summary":"x"}}"#
        );
        let err = refused(d, &["log", "add"], Some(&entry));
        assert_eq!(fields(&err)[0].1, "date_range", "{date}: {err}");
        let matter = format!(r#"{{"client_id":{client},"title":"x","opened_on":"{date}"}}"#);
        let err = refused(d, &["matter", "add"], Some(&matter));
        assert!(
            fields(&err).contains(&("opened_on".into(), "date_range".into())),
            "{date}: {err}"
        );
        let outside = tempfile::tempdir().unwrap();
        let pdf = outside.path().join("x.pdf");
        let err = refused(
            d,
            &[
                "letter",
                "reminder",
                "--id",
                &c,
                "--as-of",
                date,
                "--out",
                &pdf.to_string_lossy(),
            ],
            None,
        );
        assert_eq!(
            fields(&err)[0],
            ("as_of".into(), "date_range".into()),
            "{date}"
        );
        let err = refused(d, &["aging", "--as-of", date], None);
        assert_eq!(fields(&err)[0].1, "date_range", "{date}");
    }
    // Payments are never in the future; a due date may be, within 50 years.
    let err = json(&pay(d, client, "100", &today_plus(1)))["error"].clone();
    assert_eq!(
        fields(&err)[0],
        ("received_on".into(), "future_date".into())
    );
    let far = today_plus(366 * 51);
    let inv = format!(
        r#"{{"client_id":{client},"currency":"CNY","issued_on":"{}","due_on":"{far}","lines":[{{"description":"x","rate":"1"}}],"tax_percent":"0"}}"#,
        today_plus(0)
    );
    let err = refused(d, &["invoice", "issue"], Some(&inv));
    assert_eq!(
        fields(&err),
        [("due_on".to_string(), "date_range".to_string())]
    );
    // A letter is never dated ahead (a sweep opened a 2030 number series), a log entry
    // never records tomorrow (the chain keeps it for good); a batch neither.
    let outside = tempfile::tempdir().unwrap();
    let pdf = outside.path().join("ahead.pdf");
    let tomorrow = today_plus(1);
    let pdf_s = pdf.to_string_lossy();
    let letter = [
        "letter", "reminder", "--id", &c, "--as-of", &tomorrow, "--out", &pdf_s,
    ];
    let err = refused(d, &letter, None);
    assert_eq!(fields(&err), [("as_of".into(), "future_date".into())]);
    let out_s = outside.path().to_string_lossy();
    let batch = [
        "letter",
        "batch",
        "--stage",
        "reminder",
        "--as-of",
        &tomorrow,
        "--out-dir",
        &out_s,
    ];
    let err = refused(d, &batch, None);
    assert_eq!(fields(&err), [("as_of".into(), "future_date".into())]);
    for at in [tomorrow.clone(), format!("{tomorrow}T09:00")] {
        let entry = format!(
            r#"{{"client_id":{client},"kind":"call","direction":"in","summary":"x","occurred_at":"{at}"}}"#
        );
        let err = refused(d, &["log", "add"], Some(&entry));
        assert_eq!(
            fields(&err),
            [("occurred_at".into(), "future_date".into())],
            "{at}"
        );
    }
    // A payment for an invoice takes the invoice's client and currency; flags that say
    // otherwise are refused, never overruled (1 USD was recorded as 1.00 CNY).
    let invoice = ok(d, &["invoice", "list"], None)[0]["id"].to_string();
    let pay_for = |extra: &[&str]| {
        let mut args = vec![
            "payment",
            "record",
            "--invoice",
            &invoice,
            "--amount",
            "1",
            "--method",
            "cash",
        ];
        args.extend_from_slice(extra);
        refused(d, &args, None)
    };
    let err = pay_for(&["--currency", "USD"]);
    assert_eq!(
        fields(&err),
        [("currency".into(), "currency_mismatch".into())]
    );
    let other = Practice::new(d)
        .client("person", "李雷", "zh-CN")
        .to_string();
    let err = pay_for(&["--client", &other]);
    assert_eq!(fields(&err), [("client".into(), "invoice_client".into())]);
    // Nothing of the above was written.
    assert_eq!(
        ok(d, &["payment", "list"], None).as_array().unwrap().len(),
        0
    );
    assert_eq!(
        ok(d, &["letter", "list"], None).as_array().unwrap().len(),
        0
    );
    assert_eq!(
        ok(d, &["log", "list", &c], None).as_array().unwrap().len(),
        0
    );
    let invoices = ok(d, &["invoice", "list"], None);
    assert_eq!(invoices.as_array().unwrap().len(), 1);
}

#[test]
fn errors_never_echo_a_rejected_value() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["init"], None);
    let iban = "DE89370400440532013000";
    // An IBAN pasted into an id argument: a usage error naming the argument only.
    let out = cli(d, &["client", "get", iban], None);
    assert_eq!(out.status.code(), Some(2));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains(iban), "{all}");
    assert!(all.contains("<ID>"), "{all}");
    // An extra argument that is an IBAN.
    let out = cli(d, &["client", "search", "x", iban], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).contains(iban));
    // An account number sent as a JSON number; an IBAN in a numeric JSON field.
    let bank = r#"{"bank_name":"Deutsche Bank","holder":"Kanzlei","currency":"EUR","account_number":98765432109876543210}"#;
    let out = cli(d, &["bank", "save"], Some(bank));
    assert_eq!(out.status.code(), Some(1));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for leak in ["9.876543210987654e", "98765432109876543210", "987654321"] {
        assert!(!all.contains(leak), "{all}");
    }
    let err = json(&out)["error"].clone();
    assert_eq!(fields(&err), [("account_number".into(), "invalid".into())]);
    let out = cli(
        d,
        &["log", "add"],
        Some(&format!(
            r#"{{"client_id":"{iban}","kind":"call","direction":"in","summary":"x"}}"#
        )),
    );
    assert_eq!(out.status.code(), Some(1));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains(iban), "{all}");
    assert_eq!(fields(&json(&out)["error"])[0].0, "client_id");
}

#[test]
fn a_closed_or_full_stdout_never_panics() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    practice(d);
    let bin = env!("CARGO_BIN_EXE_lawdesk-cli");
    // `client add <json >/dev/full`: the write fails after the commit; exit 1, no panic.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let mut child = Command::new(bin)
        .arg("--data-dir")
        .arg(d)
        .args(["client", "add"])
        .stdin(Stdio::piped())
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"{"kind":"person","name":"Li Lei"}"#)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Exit 3, not 1 (which promises nothing changed): the client was added.
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("done, but its answer could not be written"),
        "{stderr}"
    );
    let found = ok(d, &["client", "search", "Li Lei"], None);
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    // `invoice list | head -c 1`: the reader is gone before the list is written.
    let mut child = Command::new(bin)
        .arg("--data-dir")
        .arg(d)
        .args(["invoice", "list"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // The same through a shell pipeline.
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{bin}' --data-dir '{}' invoice list | head -c 1 >/dev/null",
            d.display()
        ))
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(101));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

/// `check` finds nothing wrong in the data folder `d`.
fn check_is_clean(d: &std::path::Path) {
    let check = ok(d, &["check"], None);
    assert_eq!(check["ok"], true, "{check}");
}

fn files_below(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    if !dir.exists() {
        return Vec::new();
    }
    let mut files: Vec<_> = common::all_bytes_below(dir)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    files.sort();
    files
}

#[test]
fn a_refused_letter_or_log_entry_leaves_no_row_number_or_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let client = practice(d);
    let c = client.to_string();
    // `letter … --out` into a missing folder, or onto a folder (it used to commit the
    // letter, then fail to rename onto it): refused before anything is committed.
    let folder = d.join("out-folder");
    std::fs::create_dir(&folder).unwrap();
    for (out, code) in [
        (d.join("no-such-folder").join("x.pdf"), "folder_missing"),
        (folder, "not_a_file"),
    ] {
        let out = out.to_string_lossy();
        let err = refused(d, &["letter", "reminder", "--id", &c, "--out", &out], None);
        assert_eq!(fields(&err), [("out".into(), code.into())]);
    }
    assert_eq!(
        ok(d, &["letter", "list"], None).as_array().unwrap().len(),
        0
    );
    assert_eq!(
        ok(d, &["log", "list", &c], None).as_array().unwrap().len(),
        0
    );
    assert!(files_below(&d.join("attachments")).is_empty());
    let outside = tempfile::tempdir().unwrap();
    // The number was not taken: the next letter is the first of the year.
    let pdf = outside.path().join("first.pdf");
    let first = ok(
        d,
        &[
            "letter",
            "reminder",
            "--id",
            &c,
            "--out",
            &pdf.to_string_lossy(),
        ],
        None,
    );
    assert!(
        first["number"].as_str().unwrap().ends_with("第0001号"),
        "{first}"
    );

    // `log add --attach` for an unknown client leaves no file in attachments/.
    let before = files_below(&d.join("attachments"));
    let slip = d.join("slip.txt");
    std::fs::write(&slip, "收据 2026").unwrap();
    let err = refused(
        d,
        &["log", "add", "--attach", &slip.to_string_lossy()],
        Some(r#"{"client_id":999,"kind":"call","direction":"in","summary":"x"}"#),
    );
    assert_eq!(err["code"], "not_found");
    assert_eq!(files_below(&d.join("attachments")), before);
    check_is_clean(d);
}

#[test]
fn a_batch_with_a_clash_writes_nothing_for_that_letter_and_keeps_it_due() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    practice(d);
    let outside = tempfile::tempdir().unwrap();
    let out_dir = outside.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    // The reminder would be `明理律函提醒〔YEAR〕第0001号 - <client> - 付款提醒函.pdf` (each
    // kind has its own sequence; copies carry readable names): a file of that name is there.
    let year = chrono::Local::now().date_naive().format("%Y").to_string();
    let clash = out_dir.join(format!(
        "明理律函提醒〔{year}〕第0001号 - 北京华远科技有限公司 - 付款提醒函.pdf"
    ));
    std::fs::write(&clash, b"not ours").unwrap();
    let batch = ["letter", "batch", "--stage", "reminder", "--out-dir"];
    let mut args = batch.to_vec();
    let out_s = out_dir.to_string_lossy().into_owned();
    args.push(&out_s);
    let err = refused(d, &args, None);
    assert_eq!(fields(&err), [("out_dir".into(), "file_exists".into())]);
    assert_eq!(std::fs::read(&clash).unwrap(), b"not ours");
    assert_eq!(files_below(&out_dir), std::slice::from_ref(&clash));
    assert_eq!(
        ok(d, &["letter", "list"], None).as_array().unwrap().len(),
        0
    );
    assert!(files_below(&d.join("attachments")).is_empty());
    // Still due: once the clash is gone the batch writes it, under the first number.
    std::fs::remove_file(&clash).unwrap();
    let done = ok(d, &args, None);
    let letters = done["letters"].as_array().unwrap();
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0]["path"], clash.to_string_lossy().as_ref());
    assert!(std::fs::read(&clash).unwrap().starts_with(b"%PDF-"));
    // Beside it, the batch's one combined PDF for the printer.
    let combined = std::path::PathBuf::from(done["combined"].as_str().unwrap());
    let mut want = vec![clash, combined];
    want.sort();
    assert_eq!(files_below(&out_dir), want);
    assert_eq!(ok(d, &["check"], None)["ok"], true);
}

/// A clash on the second letter of a batch, after the first was written: the batch stops
/// there and says so — exit 4 (done in part, neither success nor "nothing changed"), the
/// first letter listed with its file, `stopped` naming the client and the clash. That
/// client's letter is not written and stays due: the next run writes it.
#[test]
fn a_batch_that_stops_half_way_lists_what_it_wrote_and_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    practice(d);
    let p = Practice::new(d);
    let second = p.client("organization", "上海恒通贸易有限公司", "zh-CN");
    p.invoice_for(
        second,
        "CNY",
        &today_plus(-50),
        &today_plus(-40),
        "法律顾问费",
        "8000",
    );
    let outside = tempfile::tempdir().unwrap();
    let out_dir = outside.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let year = chrono::Local::now().date_naive().format("%Y").to_string();
    let clash = out_dir.join(format!(
        "明理律函提醒〔{year}〕第0002号 - 上海恒通贸易有限公司 - 付款提醒函.pdf"
    ));
    std::fs::write(&clash, b"not ours").unwrap();
    let out_s = out_dir.to_string_lossy().into_owned();
    let args = [
        "letter",
        "batch",
        "--stage",
        "reminder",
        "--out-dir",
        &out_s,
    ];
    let out = cli(d, &args, None);
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let done = json(&out);
    let letters = done["letters"].as_array().unwrap();
    assert_eq!(letters.len(), 1);
    let first = std::path::PathBuf::from(letters[0]["path"].as_str().unwrap());
    assert!(std::fs::read(&first).unwrap().starts_with(b"%PDF-"));
    assert_eq!(done["stopped"]["client_id"], second);
    assert_eq!(
        fields(&done["stopped"]["error"]),
        [("out_dir".into(), "file_exists".into())]
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("上海恒通贸易有限公司"));
    assert_eq!(std::fs::read(&clash).unwrap(), b"not ours");
    assert_eq!(
        ok(d, &["letter", "list"], None).as_array().unwrap().len(),
        1
    );
    assert_eq!(ok(d, &["check"], None)["ok"], true);
    // The stopped client's letter is still due: without the clash the next run writes it.
    std::fs::remove_file(&clash).unwrap();
    let again = ok(d, &args, None);
    let letters = again["letters"].as_array().unwrap();
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0]["client_id"], second);
    assert!(again["stopped"].is_null());
}

/// `check` compares the files in `attachments/` with the rows both ways; a file without a
/// row (what a kill between writing it and committing its row leaves) is removed once it is
/// ten minutes old, when the folder is next opened.
#[test]
fn check_reports_files_without_rows_and_rows_without_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let client = practice(d);
    let outside = tempfile::tempdir().unwrap();
    let pdf = outside.path().join("r.pdf");
    let letter = ok(
        d,
        &[
            "letter",
            "reminder",
            "--id",
            &client.to_string(),
            "--out",
            &pdf.to_string_lossy(),
        ],
        None,
    );
    assert_eq!(ok(d, &["check"], None)["ok"], true);
    // A stray file, as a kill between writing a file and committing its row leaves: while
    // young it may be a write in flight in another process (listed, not a finding); once
    // ten minutes old, the next open of the folder removes it.
    let stray = d.join("attachments").join("ab").join("ab".repeat(32));
    std::fs::create_dir_all(stray.parent().unwrap()).unwrap();
    std::fs::write(&stray, b"stray").unwrap();
    let report = ok(d, &["check"], None);
    assert_eq!(
        report["files_pending"][0],
        format!("ab/{}", "ab".repeat(32))
    );
    assert!(stray.exists());
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .append(true)
        .open(&stray)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    let report = ok(d, &["check"], None);
    assert_eq!(report["files_pending"], serde_json::json!([]));
    assert!(!stray.exists(), "swept when the folder opened");
    // A kept letter whose file is gone.
    let sha = letter["sha256"].as_str().unwrap();
    std::fs::remove_file(d.join("attachments").join(&sha[..2]).join(sha)).unwrap();
    let err = refused(d, &["check"], None);
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("rows_without_files") && message.contains(sha),
        "{message}"
    );
}

#[test]
fn a_retried_request_with_the_same_key_writes_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let client = practice(d);
    let c = client.to_string();
    let today = today_plus(0);
    let payment = |amount: &str, key: &str| {
        cli(
            d,
            &[
                "payment",
                "record",
                "--client",
                &c,
                "--currency",
                "CNY",
                "--amount",
                amount,
                "--date",
                &today,
                "--method",
                "bank_transfer",
                "--request-key",
                key,
            ],
            None,
        )
    };
    let first = payment("500", "bank-2026-001");
    assert!(first.status.success());
    let again = payment("500", "bank-2026-001");
    assert!(again.status.success());
    assert_eq!(json(&first), json(&again));
    assert_eq!(
        ok(d, &["payment", "list"], None).as_array().unwrap().len(),
        1
    );
    // The same key with another request is refused and writes nothing.
    let err = json(&payment("600", "bank-2026-001"))["error"].clone();
    assert_eq!(
        fields(&err),
        [("request_key".into(), "request_key_reused".into())]
    );
    assert_eq!(
        ok(d, &["payment", "list"], None).as_array().unwrap().len(),
        1
    );

    // Invoices: the same key takes no second number.
    let inv = format!(
        r#"{{"client_id":{client},"currency":"CNY","issued_on":"{today}","due_on":"{today}","lines":[{{"description":"咨询","rate":"800"}}],"tax_percent":"0"}}"#
    );
    let a = ok(
        d,
        &["invoice", "issue", "--request-key", "inv-7"],
        Some(&inv),
    );
    let b = ok(
        d,
        &["invoice", "issue", "--request-key", "inv-7"],
        Some(&inv),
    );
    assert_eq!(a, b);
    assert_eq!(
        ok(d, &["invoice", "list"], None).as_array().unwrap().len(),
        2
    );
    let other = inv.replace("800", "900");
    let err = refused(
        d,
        &["invoice", "issue", "--request-key", "inv-7"],
        Some(&other),
    );
    assert_eq!(
        fields(&err),
        [("request_key".into(), "request_key_reused".into())]
    );
    let outside = tempfile::tempdir().unwrap();

    // Letters: the retry returns the first letter and puts its PDF at --out again.
    let pdf = outside.path().join("reminder.pdf");
    let args = [
        "letter",
        "reminder",
        "--id",
        &c,
        "--out",
        &pdf.to_string_lossy(),
        "--request-key",
        "l-1",
    ];
    let first = ok(d, &args, None);
    std::fs::remove_file(&pdf).unwrap();
    let again = ok(d, &args, None);
    assert_eq!(first["number"], again["number"]);
    assert_eq!(first["id"], again["id"]);
    assert_eq!(first["sha256"], again["sha256"]);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    assert_eq!(
        ok(d, &["letter", "list"], None).as_array().unwrap().len(),
        1
    );
    // A key is one request: used for a payment, it cannot name a letter.
    let mut other = args.to_vec();
    other[7] = "bank-2026-001";
    let err = refused(d, &other, None);
    assert_eq!(
        fields(&err),
        [("request_key".into(), "request_key_reused".into())]
    );
    assert_eq!(ok(d, &["check"], None)["ok"], true);
}

/// An XLSX whose first sheet declares and inflates to `sheet_mib` MiB of rows.
fn zip_bomb(sheet_mib: usize) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    for (name, text) in parts {
        w.start_file(name, opts).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    w.write_all(br#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#).unwrap();
    let row = br#"<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></is></c></row>"#;
    let block: Vec<u8> = row.iter().copied().cycle().take(row.len() * 8192).collect();
    for _ in 0..(sheet_mib << 20) / block.len() + 1 {
        w.write_all(&block).unwrap();
    }
    w.write_all(b"</sheetData></worksheet>").unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn hostile_import_files_are_refused_with_clear_codes_and_bounded_work() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["init"], None);
    let import = |name: &str, bytes: &[u8]| {
        let path = d.join(name);
        std::fs::write(&path, bytes).unwrap();
        refused(d, &["client", "import", &path.to_string_lossy()], None)
    };
    // A zip bomb: a small file whose sheet inflates past 64 MiB is refused unread.
    let bomb = zip_bomb(65);
    assert!(bomb.len() < 2 << 20, "{} bytes", bomb.len());
    let err = import("bomb.xlsx", &bomb);
    assert_eq!(fields(&err), [("file".into(), "import_too_large".into())]);
    // A PDF renamed .xlsx, a zip that is no workbook, binary bytes as CSV.
    let err = import(
        "scan.xlsx",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    );
    assert_eq!(fields(&err), [("file".into(), "binary_file".into())]);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("notes.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut w, b"hello").unwrap();
    let not_xlsx = w.finish().unwrap().into_inner();
    let err = import("clients.xlsx", &not_xlsx);
    assert_eq!(fields(&err), [("file".into(), "not_xlsx".into())]);
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let err = import("clients.csv", &binary);
    assert_eq!(fields(&err), [("file".into(), "binary_file".into())]);
    // Too many rows, too long a cell.
    let mut csv = String::from("name,phone\n");
    for i in 0..100_001 {
        csv.push_str(&format!("Client {i},1\n"));
    }
    let err = import("many.csv", csv.as_bytes());
    assert_eq!(fields(&err), [("file".into(), "too_many_rows".into())]);
    let long = format!("name,notes\nLi Lei,{}\n", "x".repeat(10_001));
    let err = import("long.csv", long.as_bytes());
    assert_eq!(fields(&err), [("file".into(), "cell_too_long".into())]);
    // Nothing was imported.
    let found = ok(d, &["client", "search", "Client", "--limit", "5"], None);
    assert_eq!(found.as_array().unwrap().len(), 0);
}

/// `client import --dry-run FILE` on `dir`: its error and the largest resident set the
/// process reached, in MiB (`wait4`'s own rusage for that one child).
#[cfg(target_os = "linux")]
#[allow(clippy::zombie_processes)] // reaped by `libc::wait4`, which also gives its rusage
fn import_peak_mib(dir: &std::path::Path, file: &std::path::Path) -> (Value, i64) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_lawdesk-cli"))
        .arg("--data-dir")
        .arg(dir)
        .args(["client", "import", "--dry-run"])
        .arg(file)
        .env_remove("LAWDESK_DATA_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = Vec::new();
    child.stdout.take().unwrap().read_to_end(&mut out).unwrap();
    let (mut status, mut usage) = (0, unsafe { std::mem::zeroed::<libc::rusage>() });
    // SAFETY: waits for this child (not yet reaped: `Child::wait` is never called).
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t);
    assert_eq!(
        libc::WEXITSTATUS(status),
        1,
        "{}",
        String::from_utf8_lossy(&out)
    );
    let err: Value = serde_json::from_slice(&out).unwrap();
    (err["error"].clone(), usage.ru_maxrss / 1024)
}

/// Files shaped to make the importer build a huge grid of empty cells are refused with
/// their codes within bounded memory. Before the column and cell caps, a 502 KB workbook
/// with one cell in column ALL on each of 100,000 rows took 2.39 GB, and a 60 MB CSV of 600
/// empty columns 1.95 GB.
#[cfg(target_os = "linux")]
#[test]
fn wide_or_sparse_import_files_are_refused_within_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["init"], None);
    let workbook = |rows: u32, col: u16| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "name").unwrap();
        for r in 1..=rows {
            sheet.write_string(r, col, "x").unwrap();
        }
        book.save_to_buffer().unwrap()
    };
    let far = d.join("far.xlsx");
    std::fs::write(&far, workbook(100_000, 999)).unwrap();
    let wide = d.join("wide.csv");
    std::fs::write(&wide, (vec![""; 600].join(",") + "\n").repeat(100_000)).unwrap();
    let many = d.join("many.xlsx");
    std::fs::write(&many, workbook(40_000, 98)).unwrap();
    for (file, code) in [
        (&far, "too_many_columns"),
        (&wide, "too_many_columns"),
        (&many, "too_many_cells"),
    ] {
        let (err, peak) = import_peak_mib(d, file);
        assert_eq!(fields(&err), [("file".into(), code.into())], "{file:?}");
        assert!(peak < 300, "{file:?}: {peak} MiB");
    }
}

/// `client export --out`: into a missing folder or onto a folder it is refused with a coded
/// field error before anything is read or recorded; onto an existing file it replaces it
/// whole (the new list staged beside it, renamed in), and each export is one audit row.
#[test]
fn the_client_list_export_is_whole_or_nothing_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    practice(d);
    let exports = |d: &std::path::Path| {
        ok(d, &["audit", "list", "--limit", "1000"], None)
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["action"] == "export" && r["entity"] == "client_list")
            .count()
    };
    let out_dir = tempfile::tempdir().unwrap();
    let missing = out_dir.path().join("no-such-folder").join("clients.csv");
    for (to, code) in [
        (missing.clone(), "folder_missing"),
        (out_dir.path().to_path_buf(), "not_a_file"),
    ] {
        let err = refused(
            d,
            &["client", "export", "--out", &to.to_string_lossy()],
            None,
        );
        assert_eq!(fields(&err), [("out".to_string(), code.to_string())]);
    }
    assert!(files_below(out_dir.path()).is_empty());
    assert_eq!(exports(d), 0);

    let file = out_dir.path().join("clients.csv");
    std::fs::write(&file, "the lawyer's older list").unwrap();
    let done = ok(
        d,
        &["client", "export", "--out", &file.to_string_lossy()],
        None,
    );
    assert_eq!(done["exported"], 1);
    assert_eq!(done["path"], file.display().to_string());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with('\u{feff}') && text.contains("北京华远科技有限公司"));

    // A name and a phone a spreadsheet would run as formulas are kept as text ('…), and
    // the export imports back unchanged.
    let hostile = r#"=HYPERLINK("http://evil.example","Open")"#;
    ok(
        d,
        &["client", "add"],
        Some(&serde_json::json!({"kind": "person", "name": hostile, "phone": "+7 495 123-45-67", "notes": "=1+1"}).to_string()),
    );
    ok(
        d,
        &["client", "export", "--out", &file.to_string_lossy()],
        None,
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains(r#""'=HYPERLINK(""http://evil.example"",""Open"")""#)
            && text.contains("'+7 495 123-45-67")
            && text.contains("'=1+1")
            && !text.contains(",=")
            && !text.contains(",+"),
        "{text}"
    );
    let again = tempfile::tempdir().unwrap();
    ok(
        again.path(),
        &["client", "import", &file.to_string_lossy()],
        None,
    );
    let found = ok(again.path(), &["client", "search", "HYPERLINK"], None);
    let id = found[0]["id"].to_string();
    let back = ok(again.path(), &["client", "get", &id], None);
    assert_eq!(back["name"], hostile);
    assert_eq!(back["phones"][0], "+7 495 123-45-67");
    assert_eq!(back["notes"], "=1+1");
    ok(
        d,
        &["client", "export", "--out", &file.to_string_lossy()],
        None,
    );
    assert_eq!(files_below(out_dir.path()), vec![file], "no .part left");
    assert_eq!(exports(d), 3);
    check_is_clean(d);
}

/// A hostile sweep saved a letter, an export and a backup as the data folder's own
/// `lawdesk.db` (each exit 0; the practice never opened again) and a letter over a device
/// file: every output path is checked first — inside the data folder is
/// `inside_data_folder`, a device or pipe is `not_a_file` — and nothing is written.
#[test]
fn output_paths_never_replace_the_data_folder_or_a_device() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let client = practice(d).to_string();
    let db = d.join("lawdesk.db").to_string_lossy().into_owned();
    let attachments = d.join("attachments");
    std::fs::create_dir_all(&attachments).unwrap();
    let attachments = attachments.to_string_lossy().into_owned();
    let fifo = tempfile::tempdir().unwrap();
    let pipe = fifo.path().join("pipe");
    assert!(std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap()
        .success());
    let pipe = pipe.to_string_lossy().into_owned();
    let cases: [(&[&str], &str, &str); 6] = [
        (
            &["letter", "reminder", "--id", &client, "--out", &db],
            "out",
            "inside_data_folder",
        ),
        (
            &["client", "export", "--out", &db],
            "out",
            "inside_data_folder",
        ),
        (&["backup", "--out", &db], "out", "inside_data_folder"),
        (
            &[
                "letter",
                "batch",
                "--stage",
                "reminder",
                "--out-dir",
                &attachments,
            ],
            "out_dir",
            "inside_data_folder",
        ),
        (
            &["letter", "reminder", "--id", &client, "--out", &pipe],
            "out",
            "not_a_file",
        ),
        (&["client", "export", "--out", &pipe], "out", "not_a_file"),
    ];
    for (args, field, code) in cases {
        let err = refused(d, args, None);
        assert_eq!(
            fields(&err),
            [(field.to_string(), code.to_string())],
            "{args:?}"
        );
    }
    assert_eq!(ok(d, &["letter", "list"], None), serde_json::json!([]));
    assert_eq!(
        ok(d, &["client", "get", &client], None)["name"],
        "北京华远科技有限公司"
    );
    check_is_clean(d);
    assert!(std::fs::metadata(fifo.path().join("pipe"))
        .unwrap()
        .file_type()
        .is_fifo());
}

/// A name of nothing but zero-width spaces was accepted and showed as a blank line in every
/// list; a right-to-left override (which makes a text display other than it reads) too.
#[test]
fn invisible_or_reordering_names_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (name, code) in [
        ("\u{200b}\u{200b}", "required"),
        ("\u{feff} \u{2060}", "required"),
        ("Acme\u{202e}dtL", "control_chars"),
    ] {
        let body = serde_json::json!({ "kind": "person", "name": name }).to_string();
        let err = refused(d, &["client", "add"], Some(&body));
        assert_eq!(
            fields(&err),
            [("name".to_string(), code.to_string())],
            "{name:?}"
        );
    }
    let body = serde_json::json!({ "kind": "person", "name": "\u{200b}王伟\u{200b}" });
    let id = ok(d, &["client", "add"], Some(&body.to_string()))["id"].to_string();
    assert_eq!(ok(d, &["client", "get", &id], None)["name"], "王伟");
}

/// A list with a "Telephone" and a "Mobile" column lost the mobiles (the second column
/// for the same field was left out), and columns no field was chosen for were dropped
/// without a word: both phones are kept now, and the report names what is left out.
#[test]
fn an_import_keeps_every_phone_and_names_the_columns_it_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = d.join("list.csv");
    std::fs::write(
        &file,
        "Name,Telephone,Mobile,IBAN,Comments,\n王伟,010 8888 6666,138 0013 8000,DE89370400440532013000,VIP,\n",
    )
    .unwrap();
    let path = file.to_string_lossy();
    let dry = ok(d, &["client", "import", &path, "--dry-run"], None);
    assert_eq!(dry["ignored"], serde_json::json!(["IBAN"]), "{dry}");
    let done = ok(d, &["client", "import", &path], None);
    assert_eq!(done["imported"], 1, "{done}");
    let id = ok(d, &["client", "search", "王伟"], None)[0]["id"].to_string();
    let client = ok(d, &["client", "get", &id], None);
    assert_eq!(
        client["phones"],
        serde_json::json!(["010 8888 6666", "138 0013 8000"])
    );
    assert_eq!(client["notes"], "VIP");
    assert!(!client.to_string().contains("DE89"));
}
