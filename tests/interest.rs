//! Statutory interest through the real CLI on a real data folder (`interest`, `rates`,
//! `rates add`), and the use cases behind them with a fixed "today". The worked examples
//! and their sources are the ones in `domain::interest::tests`; here they are checked
//! end to end, as a script would read them.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value;

use lawdesk::domain::interest::{InterestInput, Rule};
use lawdesk::domain::money::{Currency, Money};
use lawdesk::services;

fn cli(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lawdesk-cli"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("LAWDESK_DATA_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.as_mut().unwrap().write_all(b"").unwrap();
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn ok(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn refused(out: &Output) -> Value {
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["error"].clone()
}

fn interest(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["interest"];
    all.extend_from_slice(args);
    cli(dir, &all)
}

fn d(s: &str) -> NaiveDate {
    lawdesk::domain::dates::parse_iso(s).unwrap()
}

/// ГК РФ ст. 395: the hand example of `domain::interest::tests` (ConsultantPlus layout):
/// four periods, two key-rate changes, the 2024 leap year over 366 days, 10 475,14 ₽.
#[test]
fn ru395_through_the_cli_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let v = ok(&interest(
        dir.path(),
        &[
            "--principal",
            "100000",
            "--currency",
            "RUB",
            "--due",
            "2023-12-10",
            "--until",
            "2024-08-05",
            "--rule",
            "ru395",
        ],
    ));
    assert_eq!(v["total"], "10475.14");
    assert_eq!(v["fixed_compensation"], Value::Null);
    let periods = v["periods"].as_array().unwrap();
    let got: Vec<(String, String, i64, String)> = periods
        .iter()
        .map(|p| {
            (
                p["from"].as_str().unwrap().to_string(),
                p["to"].as_str().unwrap().to_string(),
                p["days"].as_i64().unwrap(),
                p["rate"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("2023-12-11".into(), "2023-12-17".into(), 7, "15.00".into()),
            ("2023-12-18".into(), "2023-12-31".into(), 14, "16.00".into()),
            (
                "2024-01-01".into(),
                "2024-07-28".into(),
                210,
                "16.00".into()
            ),
            ("2024-07-29".into(), "2024-08-05".into(), 8, "18.00".into()),
        ]
    );
    assert_eq!(periods[2]["year_days"], 366);
    // Amounts are decimal strings, never floats; the exact ones add up to the total.
    let exact: Decimal = periods
        .iter()
        .map(|p| p["amount"].as_str().unwrap().parse::<Decimal>().unwrap())
        .sum();
    assert_eq!(exact.round_dp(2), "10475.14".parse::<Decimal>().unwrap());
    assert!(v["warnings"].is_array());
    assert!(v["legal_basis"].as_str().unwrap().contains("395"));
}

/// The statutory rules' worked examples, one line each, as printed.
#[test]
fn every_statutory_rule_reproduces_its_example() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str, Option<&str>)] = &[
        // gov.uk guidance: £1,000 at 0.5 % + 8 % for 50 days; £70 fixed sum (s.5A).
        (
            &[
                "--principal",
                "1000",
                "--currency",
                "GBP",
                "--due",
                "2016-03-01",
                "--until",
                "2016-04-20",
                "--rule",
                "uk",
            ],
            "11.64",
            Some("70.00"),
        ),
        // Paidnice's £5,000 at 4.25 % + 8 % for 101 days (unrounded days).
        (
            &[
                "--principal",
                "5000",
                "--currency",
                "GBP",
                "--due",
                "2025-07-31",
                "--until",
                "2025-11-09",
                "--rule",
                "uk",
                "--debtor",
                "business",
            ],
            "169.49",
            Some("70.00"),
        ),
        // § 288 Abs. 2 BGB over four half-years; 40 € Pauschale (§ 288 Abs. 5).
        (
            &[
                "--principal",
                "10000",
                "--currency",
                "EUR",
                "--due",
                "2023-03-31",
                "--until",
                "2024-09-30",
                "--rule",
                "de",
                "--debtor",
                "business",
            ],
            "1816.82",
            Some("40.00"),
        ),
        // 2011/7/EU and L441-10 across 1 July 2023.
        (
            &[
                "--principal",
                "5000",
                "--currency",
                "EUR",
                "--due",
                "2023-05-15",
                "--until",
                "2023-08-14",
                "--rule",
                "eu",
            ],
            "140.14",
            Some("40.00"),
        ),
        (
            &[
                "--principal",
                "5000",
                "--currency",
                "EUR",
                "--due",
                "2023-05-15",
                "--until",
                "2023-08-14",
                "--rule",
                "fr",
            ],
            "165.07",
            Some("40.00"),
        ),
        // 民法 §203: 5 % a year.
        (
            &[
                "--principal",
                "100000",
                "--currency",
                "TWD",
                "--due",
                "2026-01-31",
                "--until",
                "2026-04-14",
                "--rule",
                "tw",
            ],
            "1000.00",
            None,
        ),
        // LPR 3.10 % at breach × 1.5, fixed.
        (
            &[
                "--principal",
                "100000",
                "--currency",
                "CNY",
                "--due",
                "2024-12-31",
                "--until",
                "2025-12-31",
                "--rule",
                "cn_lpr",
                "--multiplier",
                "1.5",
            ],
            "4650.00",
            None,
        ),
        // The contract rules agree with the ledger's late charges.
        (
            &[
                "--principal",
                "100000",
                "--currency",
                "CNY",
                "--due",
                "2026-01-31",
                "--until",
                "2026-03-03",
                "--rule",
                "contract",
                "--rate",
                "8",
            ],
            "679.45",
            None,
        ),
        (
            &[
                "--principal",
                "12345.67",
                "--currency",
                "RUB",
                "--due",
                "2026-01-01",
                "--until",
                "2026-01-11",
                "--rule",
                "daily",
                "--rate",
                "0.1",
            ],
            "123.46",
            None,
        ),
    ];
    for (args, total, fixed) in cases {
        let v = ok(&interest(dir.path(), args));
        assert_eq!(v["total"], *total, "{args:?}");
        match fixed {
            Some(f) => assert_eq!(v["fixed_compensation"], *f, "{args:?}"),
            None => assert_eq!(v["fixed_compensation"], Value::Null, "{args:?}"),
        }
    }
}

#[test]
fn bad_input_is_a_coded_error() {
    let dir = tempfile::tempdir().unwrap();
    let base = |rule: &'static str, cur: &'static str| -> Vec<&'static str> {
        vec![
            "--principal",
            "1000",
            "--currency",
            cur,
            "--due",
            "2025-01-31",
            "--until",
            "2025-03-31",
            "--rule",
            rule,
        ]
    };
    let e = refused(&interest(dir.path(), &base("xx", "EUR")));
    assert_eq!(e["code"], "validation");
    assert_eq!(e["fields"][0]["field"], "rule");
    let mut uk = base("uk", "GBP");
    uk.extend(["--debtor", "consumer"]);
    assert_eq!(
        refused(&interest(dir.path(), &uk))["code"],
        "interest.business_only"
    );
    let mut ru = base("ru395", "RUB");
    ru.push("--contract-penalty");
    assert_eq!(
        refused(&interest(dir.path(), &ru))["code"],
        "interest.not_with_penalty"
    );
    assert_eq!(
        refused(&interest(dir.path(), &base("eu", "USD")))["code"],
        "interest.currency"
    );
    let e = refused(&interest(dir.path(), &base("de", "EUR")));
    assert_eq!(e["fields"][0]["field"], "debtor");
    let e = refused(&interest(dir.path(), &base("contract", "EUR")));
    assert_eq!(e["fields"][0]["field"], "rate");
    let mut cn = base("cn_lpr", "CNY");
    cn.extend(["--multiplier", "2"]);
    assert_eq!(
        refused(&interest(dir.path(), &cn))["fields"][0]["code"],
        "multiplier_range"
    );
    let mut bad_date = base("eu", "EUR");
    bad_date[5] = "2025-02-30";
    assert_eq!(
        refused(&interest(dir.path(), &bad_date))["fields"][0]["code"],
        "date"
    );
}

#[test]
fn rates_print_the_table_and_take_newer_rows_only() {
    let dir = tempfile::tempdir().unwrap();
    let table = ok(&cli(dir.path(), &["rates", "ru395"]));
    let rows = table.as_array().unwrap();
    assert!(rows.len() > 40);
    let last = rows.last().unwrap();
    assert_eq!(last["from"], "2026-02-16");
    assert_eq!(last["rate"], "15.50");
    assert!(last["source"].as_str().unwrap().contains("Банка России"));
    assert_eq!(last["table"], "cbr_key");
    assert_eq!(
        ok(&cli(dir.path(), &["rates", "de"]))[0]["from"],
        "2015-01-01"
    );
    assert_eq!(
        refused(&cli(dir.path(), &["rates", "tw"]))["fields"][0]["code"],
        "not_for_rule"
    );

    // A newer key rate (a test row, not a real decision) is layered over the shipped table.
    let added = ok(&cli(
        dir.path(),
        &[
            "rates",
            "add",
            "ru395",
            "--from",
            "2026-03-23",
            "--rate",
            "15",
            "--source",
            "test row",
        ],
    ));
    assert_eq!(added["origin"], "user");
    let table = ok(&cli(dir.path(), &["rates", "ru395"]));
    assert_eq!(
        table.as_array().unwrap().last().unwrap()["from"],
        "2026-03-23"
    );
    // The computation uses it.
    let v = ok(&interest(
        dir.path(),
        &[
            "--principal",
            "36500",
            "--currency",
            "RUB",
            "--due",
            "2026-03-21",
            "--until",
            "2026-03-24",
            "--rule",
            "ru395",
        ],
    ));
    let rates: Vec<&str> = v["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rate"].as_str().unwrap())
        .collect();
    assert_eq!(rates, vec!["15.50", "15"]);
    // 36 500 × 15.5 % × 1 / 365 + 36 500 × 15 % × 2 / 365 = 15.50 + 30.00
    assert_eq!(v["total"], "45.50");

    // Overlaps, gaps and nonsense are refused and change nothing.
    let before = ok(&cli(dir.path(), &["rates", "ru395"]))
        .as_array()
        .unwrap()
        .len();
    let overlap = cli(
        dir.path(),
        &[
            "rates",
            "add",
            "ru395",
            "--from",
            "2026-03-23",
            "--rate",
            "14",
            "--source",
            "x",
        ],
    );
    assert_eq!(refused(&overlap)["code"], "interest.rate_overlap");
    let older = cli(
        dir.path(),
        &[
            "rates",
            "add",
            "ru395",
            "--from",
            "2020-01-01",
            "--rate",
            "14",
            "--source",
            "x",
        ],
    );
    assert_eq!(refused(&older)["code"], "interest.rate_overlap");
    let gap = cli(
        dir.path(),
        &[
            "rates",
            "add",
            "de",
            "--from",
            "2027-01-01",
            "--rate",
            "1.27",
            "--source",
            "x",
        ],
    );
    assert_eq!(refused(&gap)["code"], "interest.rate_gap");
    let no_source = cli(
        dir.path(),
        &[
            "rates",
            "add",
            "de",
            "--from",
            "2026-07-01",
            "--rate",
            "1.27",
            "--source",
            " ",
        ],
    );
    assert_eq!(refused(&no_source)["fields"][0]["field"], "source");
    let after = ok(&cli(dir.path(), &["rates", "ru395"]))
        .as_array()
        .unwrap()
        .len();
    assert_eq!(before, after);
    // The next half-year is accepted.
    ok(&cli(
        dir.path(),
        &[
            "rates",
            "add",
            "de",
            "--from",
            "2026-07-01",
            "--rate",
            "1.27",
            "--source",
            "test row",
        ],
    ));
}

/// The use cases with a fixed "today": a table older than six months warns; a newer row
/// (added through the audited use case) silences the warning.
#[test]
fn stale_tables_warn_until_a_newer_rate_is_added() {
    let (_dir, core, _) = common::core_with_memory_keychain();
    let input = InterestInput {
        rule: Rule::Ru395,
        principal: Money::parse("1000", Currency::parse("RUB").unwrap()).unwrap(),
        due: d("2026-01-31"),
        until: d("2026-03-31"),
        rate: None,
        multiplier: None,
        debtor: None,
        contractual_penalty: false,
    };
    let today = d("2026-12-03");
    let o = services::fees::interest::compute(&core, &input, today).unwrap();
    assert!(o.warnings.iter().any(|w| w.code == "rates.stale"));
    let fresh = services::fees::interest::compute(&core, &input, d("2026-04-01")).unwrap();
    assert!(fresh.warnings.is_empty());
    services::fees::interest::add_rate(
        &core,
        Rule::Ru395,
        d("2026-10-26"),
        "14".parse().unwrap(),
        "test row",
        chrono::Utc::now(),
    )
    .unwrap();
    let o = services::fees::interest::compute(&core, &input, today).unwrap();
    assert!(o.warnings.is_empty(), "{:?}", o.warnings);
    let audit = core
        .database()
        .read(|c| lawdesk::store::audit::recent(c, 5))
        .unwrap();
    assert!(audit.iter().any(|a| a.entity == "interest_rate"));
}
