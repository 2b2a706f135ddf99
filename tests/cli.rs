//! `lawdesk-cli` run as a user would: a real binary on a real data folder.
//! The keychain-backed commands are in `keychain.rs`.

use std::process::{Command, Output};

use serde_json::Value;

mod common;

pub use common::cli;

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn init_creates_the_database_and_is_repeatable() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli(dir.path(), &["init"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(
        v["schema_version"],
        lawdesk::store::migrations::latest_version()
    );
    assert_eq!(v["data_dir"], dir.path().display().to_string());
    assert!(dir.path().join("lawdesk.db").exists());
    let again = cli(dir.path(), &["init"], None);
    assert!(again.status.success());
    assert_eq!(
        json(&again)["schema_version"],
        lawdesk::store::migrations::latest_version()
    );
}

#[test]
fn the_data_folder_comes_from_the_environment_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_lawdesk-cli"))
        .arg("init")
        .env("LAWDESK_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("lawdesk.db").exists());
}

#[test]
fn usage_errors_exit_2_and_help_lists_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        cli(dir.path(), &["no-such-command"], None).status.code(),
        Some(2)
    );
    let help = cli(dir.path(), &["--help"], None);
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    for cmd in ["init", "demo", "secret", "firm", "bank"] {
        assert!(text.contains(cmd), "--help lacks {cmd}: {text}");
    }
}

#[test]
fn firm_profile_round_trips_and_bad_input_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let good = r#"{"name":"北京明理律师事务所","email":"office@mingli-law.cn","default_currency":"CNY","default_language":"zh-CN","letter_prefix":"明理律函"}"#;
    let out = cli(dir.path(), &["firm", "set"], Some(good));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let bad = r#"{"name":"","email":"nope","default_currency":"CNY","default_language":"zh-CN"}"#;
    let out = cli(dir.path(), &["firm", "set"], Some(bad));
    assert_eq!(out.status.code(), Some(1));
    let err = json(&out);
    assert_eq!(err["error"]["code"], "validation");
    let fields: Vec<&str> = err["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "email"]);
    assert!(
        !String::from_utf8_lossy(&out.stderr).is_empty(),
        "the message goes to stderr too"
    );

    let unknown = r#"{"name":"x","default_currency":"CNY","default_language":"en","colour":"red"}"#;
    let out = cli(dir.path(), &["firm", "set"], Some(unknown));
    assert_eq!(out.status.code(), Some(1));
    assert!(json(&out)["error"]["message"]
        .as_str()
        .unwrap()
        .contains("colour"));

    let got = json(&cli(dir.path(), &["firm", "get"], None));
    assert_eq!(got["name"], "北京明理律师事务所");
    assert_eq!(got["default_currency"], "CNY");
    assert_eq!(got["letter_prefix"], "明理律函");
}

#[test]
fn a_newer_database_is_refused_with_a_coded_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(cli(dir.path(), &["init"], None).status.success());
    let db = dir.path().join("lawdesk.db");
    common::raw_db(dir.path())
        .execute_batch("PRAGMA user_version = 42;")
        .unwrap();
    let before = std::fs::read(&db).unwrap();
    let out = cli(dir.path(), &["init"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["error"]["code"], "store.newer_schema");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn client_add_get_search_and_conflicts_follow_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli(
        dir.path(),
        &["client", "add"],
        Some(
            r#"{"kind":"organization","name":"ООО «Ромашка»","phone":"+7 495 123-45-67","tags":["поставщик"],"language":"ru"}"#,
        ),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let id = json(&out)["id"].as_i64().unwrap();

    let got = json(&cli(dir.path(), &["client", "get", &id.to_string()], None));
    assert_eq!(got["name"], "ООО «Ромашка»");
    assert_eq!(got["phones"][0], "+7 495 123-45-67");
    assert_eq!(got["tags"][0], "поставщик");

    let hits = json(&cli(
        dir.path(),
        &["client", "search", "ромашка", "--limit", "5"],
        None,
    ));
    assert_eq!(hits[0]["id"], id);
    assert_eq!(hits[0]["display_name"], "ООО «Ромашка»");
    assert_eq!(hits[0]["kind"], "organization");

    let conflicts = json(&cli(dir.path(), &["conflicts", "Romashka LLC"], None));
    assert_eq!(conflicts[0]["id"], id);
    assert_eq!(conflicts[0]["role"], "client");
    assert!(conflicts[0].get("matter_id").is_some());

    let unknown = cli(
        dir.path(),
        &["client", "add"],
        Some(r#"{"kind":"person","name":"X","shoe_size":42}"#),
    );
    assert_eq!(unknown.status.code(), Some(1));
    assert_eq!(json(&unknown)["error"]["code"], "validation");
    let missing = cli(dir.path(), &["client", "get", "999"], None);
    assert_eq!(json(&missing)["error"]["code"], "not_found");
}

#[test]
fn log_follow_ups_complaints_retention_and_check_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let id = json(&cli(
        dir.path(),
        &["client", "add"],
        Some(r#"{"kind":"person","name":"李娜"}"#),
    ))["id"]
        .as_i64()
        .unwrap();
    let slip = dir.path().join("凭证.png");
    std::fs::write(&slip, b"\x89PNG fake slip").unwrap();
    let entry =
        format!(r#"{{"client_id":{id},"kind":"email","direction":"in","summary":"付款凭证"}}"#);
    let out = cli(
        dir.path(),
        &["log", "add", "--attach", &slip.to_string_lossy()],
        Some(&entry),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let log = json(&cli(dir.path(), &["log", "list", &id.to_string()], None));
    assert_eq!(log[0]["attachments"][0]["file_name"], "凭证.png");
    assert_eq!(log[0]["attachments"][0]["size"], 14);
    assert!(json(&cli(dir.path(), &["log", "verify"], None))["ok"]
        .as_bool()
        .unwrap());

    let f = format!(r#"{{"client_id":{id},"title":"回访","due_on":"2026-11-20"}}"#);
    let fid = json(&cli(dir.path(), &["followup", "add"], Some(&f)))["id"]
        .as_i64()
        .unwrap();
    let agenda = json(&cli(
        dir.path(),
        &["followup", "agenda", "--as-of", "2026-11-22"],
        None,
    ));
    assert_eq!(agenda["due"][0]["id"], fid);
    assert!(cli(
        dir.path(),
        &["followup", "done", &fid.to_string()],
        Some("")
    )
    .status
    .success());

    let c =
        format!(r#"{{"client_id":{id},"complainant":"李娜","statement":"未及时告知开庭时间"}}"#);
    let cid = json(&cli(dir.path(), &["complaint", "add"], Some(&c)))["id"]
        .as_i64()
        .unwrap();
    let step = cli(
        dir.path(),
        &["complaint", "step", &cid.to_string()],
        Some(r#"{"founded":false,"client_told_on":"2026-11-22"}"#),
    );
    assert_eq!(json(&step)["step"], 6);

    assert_eq!(
        json(&cli(dir.path(), &["retention", "due"], None)),
        serde_json::json!([])
    );
    let check = json(&cli(dir.path(), &["check"], None));
    assert_eq!(
        (check["ok"].as_bool(), check["integrity"][0].as_str()),
        (Some(true), Some("ok"))
    );

    // A tampered attachment makes `check` fail with exit 1 and the findings.
    let sha = log[0]["attachments"][0]["sha256"]
        .as_str()
        .unwrap()
        .to_string();
    std::fs::write(
        dir.path().join("attachments").join(&sha[..2]).join(&sha),
        b"forged",
    )
    .unwrap();
    let bad = cli(dir.path(), &["check"], None);
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(json(&bad)["error"]["code"], "store.corrupt");
}

#[test]
fn fees_follow_the_contract_quote_invoice_payment_aging() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(cli(
        d,
        &["firm", "set"],
        Some(r#"{"name":"Адвокатский кабинет","default_currency":"RUB","default_language":"ru"}"#)
    )
    .status
    .success());
    let fees = json(&cli(
        d,
        &["firm", "fees", "--set"],
        Some(r#"{"vat_percent":"0","invoice_prefix":"ИАС","payment_terms_days":"10"}"#),
    ));
    assert_eq!(fees["invoice_prefix"], "ИАС");
    let client = json(&cli(
        d,
        &["client", "add"],
        Some(r#"{"kind":"organization","name":"ООО «Ромашка»","language":"ru"}"#),
    ))["id"]
        .as_i64()
        .unwrap();
    let today = chrono::Local::now().date_naive();
    let iso = |days: i64| {
        (today + chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string()
    };
    let quote = format!(
        r#"{{"client_id":{client},"title":"Взыскание долга","currency":"RUB",
            "lines":[{{"stage":"Досудебная","description":"Претензия","kind":"fixed","rate":"15000"}},
                     {{"stage":"Суд","description":"Заседания","kind":"hourly","rate":"7500","quantity":"4"}}],
            "valid_until":"{}",
            "plan":[{{"kind":"prepayment","amount":"20000","due_on":"{}"}},{{"kind":"balance","amount":"25000","due_on":"{}"}}],
            "late":{{"rule":"daily","rate":"0.1"}}}}"#,
        iso(30),
        iso(-40),
        iso(60)
    );
    let q = json(&cli(d, &["quote", "add"], Some(&quote)));
    assert!(q["number"].as_str().unwrap().starts_with("Q-"));
    let qid = q["id"].as_i64().unwrap().to_string();
    let accepted = json(&cli(d, &["quote", "accept", &qid, "--on", &iso(-45)], None));
    let eng = accepted["engagement_id"].as_i64().unwrap().to_string();
    let inv = json(&cli(
        d,
        &[
            "invoice",
            "from-plan",
            "--engagement",
            &eng,
            "--item",
            "1",
            "--issued-on",
            &iso(-45),
        ],
        None,
    ));
    let inv_id = inv["id"].as_i64().unwrap().to_string();
    assert!(inv["number"].as_str().unwrap().starts_with("ИАС-"));
    // Bad input: exit 1, coded, nothing written.
    for (args, code) in [
        (vec!["--amount=-5", "--method", "sbp"], "amount_positive"),
        (
            vec!["--amount", "100", "--method", "bitcoin"],
            "payment_method",
        ),
    ] {
        let mut full = vec![
            "payment",
            "record",
            "--invoice",
            &inv_id,
            "--date",
            "2026-01-10",
        ];
        full.extend(args);
        let out = cli(d, &full, None);
        assert_eq!(out.status.code(), Some(1));
        let e = json(&out);
        assert_eq!(e["error"]["code"], "validation");
        assert!(e["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == code));
    }
    assert_eq!(
        json(&cli(d, &["payment", "list"], None))
            .as_array()
            .unwrap()
            .len(),
        0
    );

    let voucher = d.join("платёжка.pdf");
    std::fs::write(&voucher, b"%PDF-1.4 fake").unwrap();
    let paid = json(&cli(
        d,
        &[
            "payment",
            "record",
            "--invoice",
            &inv_id,
            "--amount",
            "12 000,50",
            "--date",
            &iso(-5),
            "--method",
            "sbp",
            "--reference",
            "п/п 15",
            "--voucher",
            &voucher.to_string_lossy(),
        ],
        None,
    ));
    assert_eq!(paid["allocations"][0]["amount"], "12000.50");
    let list = json(&cli(d, &["invoice", "list", "--open"], None));
    let row = &list[0];
    for key in [
        "id",
        "number",
        "client_id",
        "currency",
        "total",
        "open_amount",
        "due_date",
        "status",
    ] {
        assert!(row.get(key).is_some(), "invoice list lacks {key}");
    }
    assert_eq!(
        (row["total"].as_str(), row["open_amount"].as_str()),
        (Some("20000.00"), Some("7999.50"))
    );
    assert_eq!(row["status"], "overdue");
    let aging = json(&cli(d, &["aging"], None));
    assert_eq!(aging["currencies"][0]["currency"], "RUB");
    assert_eq!(aging["currencies"][0]["buckets"]["31-60"], "7999.50");
    assert_eq!(aging["currencies"][0]["clients"][0]["client_id"], client);
    let detail = json(&cli(d, &["client", "get", &client.to_string()], None));
    assert_eq!(detail["balance"][0]["balance"], "7999.50");
    let p = json(&cli(d, &["payment", "get", &paid["id"].to_string()], None));
    assert_eq!(p["voucher_name"], "платёжка.pdf");
    assert_eq!(p["voucher_sha256"].as_str().unwrap().len(), 64);
    assert!(json(&cli(d, &["check"], None))["ok"].as_bool().unwrap());
    // Issue 10 part 6: a plan item's invoice retried with its request key is the first one,
    // not `already_invoiced`; the key cannot name another item.
    let from_plan = |item: &str| {
        cli(
            d,
            &[
                "invoice",
                "from-plan",
                "--engagement",
                &eng,
                "--item",
                item,
                "--issued-on",
                &iso(-45),
                "--request-key",
                "plan-2",
            ],
            None,
        )
    };
    let first = json(&from_plan("2"));
    let again = from_plan("2");
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
    assert_eq!(json(&again), first);
    let listed = json(&cli(d, &["invoice", "list"], None));
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
    let reused = json(&from_plan("1"));
    assert_eq!(
        reused["error"]["fields"][0]["code"], "request_key_reused",
        "{reused}"
    );
}

#[test]
fn words_and_letters_follow_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = cli(
        d,
        &["words", "16409.02", "--currency", "CNY", "--lang", "zh-CN"],
        None,
    );
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "人民币壹万陆仟肆佰零玖元零贰分\n"
    );
    let out = cli(
        d,
        &["words", "1200.01", "--currency", "RUB", "--lang", "ru"],
        None,
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Одна тысяча двести рублей 01 копейка\n"
    );
    let bad = cli(
        d,
        &["words", "12.345", "--currency", "EUR", "--lang", "en"],
        None,
    );
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(json(&bad)["error"]["code"], "money.invalid_amount");

    assert!(cli(d, &["firm", "set"], Some(r#"{"name":"誠信法律事務所","default_currency":"TWD","default_language":"zh-TW","letter_prefix":"誠信字"}"#)).status.success());
    let client = json(&cli(
        d,
        &["client", "add"],
        Some(r#"{"kind":"organization","name":"聯華建設股份有限公司","language":"zh-TW"}"#),
    ))["id"]
        .as_i64()
        .unwrap();
    let inv = format!(
        r#"{{"client_id":{client},"currency":"TWD","issued_on":"2026-01-19","due_on":"2026-01-26","lines":[{{"description":"委任費","rate":"82548"}}],"tax_percent":"0"}}"#
    );
    assert!(cli(d, &["invoice", "issue"], Some(&inv)).status.success());
    let outside = tempfile::tempdir().unwrap();
    let pdf = outside.path().join("催告函.pdf");
    // A demand missing legal details (the company's 法定代理人, the contract's date) is
    // refused with the list, and nothing is written (issue 11)…
    let refused = cli(
        d,
        &[
            "letter",
            "demand",
            "--id",
            &client.to_string(),
            "--out",
            &pdf.to_string_lossy(),
        ],
        None,
    );
    assert!(!refused.status.success());
    let e = json(&refused);
    let fields: Vec<&str> = e["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"client.legal_representative"), "{e}");
    assert!(!pdf.exists());
    // …unless the lawyer asks for blanks to fill in by hand.
    let out = json(&cli(
        d,
        &[
            "letter",
            "demand",
            "--id",
            &client.to_string(),
            "--out",
            &pdf.to_string_lossy(),
            "--allow-missing",
        ],
        None,
    ));
    assert_eq!(out["path"], pdf.to_string_lossy().as_ref());
    // The letter, then its calculation appendix (issue 13) on a page of its own.
    assert_eq!(out["pages"], 2);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    use sha2::Digest;
    assert_eq!(out["sha256"], hex::encode(sha2::Sha256::digest(&bytes)));
    assert!(out["number"].as_str().unwrap().starts_with("誠信字〔"));
    // Bad input: unknown kind, missing --out: coded, nothing written.
    let bad = cli(
        d,
        &["letter", "invoice", "--id", "1", "--out", "x.pdf"],
        None,
    );
    assert_eq!(json(&bad)["error"]["fields"][0]["code"], "letter_kind");
    let list = json(&cli(d, &["letter", "list"], None));
    assert_eq!(list.as_array().unwrap().len(), 1);
    let outside = tempfile::tempdir().unwrap();
    // The batch for the next stage finds the client (90+ days overdue) once.
    let out_dir = outside.path().join("batch");
    let b = json(&cli(
        d,
        &[
            "letter",
            "batch",
            "--stage",
            "reminder",
            "--out-dir",
            &out_dir.to_string_lossy(),
        ],
        None,
    ));
    assert_eq!(b["letters"][0]["client_id"], client);
    assert!(std::path::Path::new(b["letters"][0]["path"].as_str().unwrap()).exists());
    let again = json(&cli(
        d,
        &[
            "letter",
            "batch",
            "--stage",
            "reminder",
            "--out-dir",
            &out_dir.to_string_lossy(),
        ],
        None,
    ));
    assert_eq!(again["letters"].as_array().unwrap().len(), 0);
    // Templates: an unknown placeholder is refused.
    let t = cli(
        d,
        &["letter", "set-template", "reminder", "zh-TW"],
        Some("提醒\n\n{{ 金額 }}"),
    );
    assert_eq!(t.status.code(), Some(1));
}
