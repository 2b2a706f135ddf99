//! Letters out of the app, through the real `lawdesk-cli` on a real data folder: copies
//! under readable names (the kept evidence stays under its SHA-256), a batch's combined PDF
//! read back with poppler, Print/Open without a printer or viewer naming what is missing,
//! and dispatch/delivery records kept in the communication log's hash chain.

mod common;

use common::pdf::{pages_of, run_tool};

use std::path::Path;
use std::process::{Command, Output};

use common::practice::{days_ago, Practice, HARPER_LOWE};
use serde_json::Value;

/// The real CLI with `PATH` set to `path` when given (no printer, no viewer).
fn cli_env(dir: &Path, args: &[&str], stdin: Option<&str>, path: Option<&Path>) -> Output {
    match path {
        Some(p) => {
            let p = p.to_string_lossy();
            common::run_cli(dir, args, stdin, &[("PATH", p.as_ref())])
        }
        None => common::cli(dir, args, stdin),
    }
}

fn cli(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    cli_env(dir, args, stdin, None)
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {} / {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn ok(out: Output) -> Value {
    assert!(
        out.status.success(),
        "{} {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)
}

/// An English firm with two overdue clients; returns their ids.
fn practice(d: &Path) -> (i64, i64) {
    let p = Practice::new(d).firm(HARPER_LOWE);
    let mut ids = Vec::new();
    for name in ["Oakridge Foods Ltd", "Brook/Hale: \"Partners\""] {
        let id = p.client("organization", name, "en");
        p.invoice(id, "GBP", &days_ago(60), &days_ago(40), "1200");
        ids.push(id);
    }
    (ids[0], ids[1])
}

fn write_demand(d: &Path, client: i64) -> Value {
    let outside = tempfile::tempdir().unwrap();
    let scratch = outside.path().join(format!("scratch-{client}.pdf"));
    // Written with blanks: the firm's signatory and the engagement's contract are not the
    // subject here.
    Practice::new(d).demand(client, &scratch)
}

#[test]
fn a_kept_letter_is_saved_under_a_readable_name_and_bad_names_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (oak, _) = practice(d);
    let g = write_demand(d, oak);
    let number = g["number"].as_str().unwrap().to_string();
    let id = g["id"].as_i64().unwrap().to_string();
    let outside = tempfile::tempdir().unwrap();
    let folder = outside.path().join("saved");
    std::fs::create_dir_all(&folder).unwrap();
    let saved = ok(cli(
        d,
        &["letter", "save", &id, "--out", &folder.to_string_lossy()],
        None,
    ));
    let want = format!("{number} - Oakridge Foods Ltd - Letter before action.pdf");
    assert_eq!(saved["file_name"], want.as_str());
    let bytes = std::fs::read(folder.join(&want)).unwrap();
    use sha2::Digest;
    assert_eq!(g["sha256"], hex::encode(sha2::Sha256::digest(&bytes)));
    // The kept copy is still content-addressed evidence.
    let sha = g["sha256"].as_str().unwrap();
    assert!(d.join("attachments").join(&sha[..2]).join(sha).exists());
    // A chosen file name is taken as given; one that is not .pdf is refused, nothing written.
    let file = folder.join("for the court.pdf");
    ok(cli(
        d,
        &["letter", "save", &id, "--out", &file.to_string_lossy()],
        None,
    ));
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    let bad = cli(
        d,
        &[
            "letter",
            "save",
            &id,
            "--out",
            &folder.join("x.txt").to_string_lossy(),
        ],
        None,
    );
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(json(&bad)["error"]["fields"][0]["code"], "pdf_name");
    assert!(!folder.join("x.txt").exists());
    let missing = cli(
        d,
        &["letter", "save", "999", "--out", &folder.to_string_lossy()],
        None,
    );
    assert_eq!(json(&missing)["error"]["code"], "not_found");
}

#[test]
fn a_batch_gives_one_file_each_and_one_combined_pdf_for_the_printer() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (oak, brook) = practice(d);
    let outside = tempfile::tempdir().unwrap();
    let out_dir = outside.path().join("batch");
    let b = ok(cli(
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
    let letters = b["letters"].as_array().unwrap();
    assert_eq!(letters.len(), 2);
    let mut pages = 0;
    for (l, client) in letters.iter().zip([oak, brook]) {
        assert_eq!(l["client_id"], client);
        let path = Path::new(l["path"].as_str().unwrap());
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(l["number"].as_str().unwrap()), "{name}");
        assert!(name.ends_with(" - Payment reminder.pdf"), "{name}");
        // Characters Windows refuses never reach a file name.
        assert!(!name.contains(['/', '\\', ':', '"']), "{name}");
        pages += pages_of(path);
    }
    assert!(letters[1]["path"]
        .as_str()
        .unwrap()
        .contains("Brook-Hale- -Partners-"));
    let combined = b["combined"].as_str().unwrap();
    assert!(combined.ends_with("Payment reminder (2).pdf"), "{combined}");
    assert_eq!(pages_of(Path::new(combined)), pages);
    let text = run_tool("pdftotext", &["-layout", combined, "-"]);
    for l in letters {
        assert!(text.contains(l["number"].as_str().unwrap()), "{text}");
    }
    assert!(text.contains("Oakridge Foods Ltd") && text.contains("Brook/Hale"));
    let check = Command::new("qpdf")
        .args(["--check", combined])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[cfg(target_os = "linux")]
#[test]
fn print_and_open_without_printer_or_viewer_name_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (oak, _) = practice(d);
    let id = write_demand(d, oak)["id"].as_i64().unwrap().to_string();
    // A PATH with neither `lp` nor `xdg-open` on it: a computer without CUPS or a viewer.
    let empty = tempfile::tempdir().unwrap();
    let out = cli_env(d, &["letter", "print", &id], None, Some(empty.path()));
    assert_eq!(out.status.code(), Some(1));
    let e = json(&out)["error"].clone();
    assert_eq!(e["code"], "print.unavailable");
    assert_eq!(e["fields"][0]["field"], "printer");
    assert_eq!(e["fields"][0]["code"], "no_cups");
    assert_eq!(e["fields"][1]["field"], "viewer");
    assert_eq!(e["fields"][1]["code"], "no_viewer");
    let out = cli_env(d, &["letter", "open", &id], None, Some(empty.path()));
    let e = json(&out)["error"].clone();
    assert_eq!(e["code"], "print.unavailable");
    assert_eq!(e["fields"][0]["code"], "no_viewer");
    // An `lp` that finds no printer (as on a computer with CUPS but no queue) is named too.
    let fake = tempfile::tempdir().unwrap();
    let lp = fake.path().join("lp");
    std::fs::write(
        &lp,
        "#!/bin/sh\necho 'lp: Error - No default destination.' >&2\nexit 1\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&lp, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = cli_env(d, &["letter", "print", &id], None, Some(fake.path()));
    let e = json(&out)["error"].clone();
    assert_eq!(e["fields"][0]["code"], "no_printer", "{e}");
    assert_eq!(e["fields"][1]["code"], "no_viewer");
}

fn log_of(d: &Path, client: i64) -> Vec<Value> {
    ok(cli(d, &["log", "list", &client.to_string()], None))
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn dispatch_and_delivery_are_kept_in_the_log_chain_and_never_edited() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (oak, _) = practice(d);
    let g = write_demand(d, oak);
    let id = g["id"].as_i64().unwrap().to_string();
    let today = days_ago(0);
    let tomorrow = days_ago(-1);
    let before = log_of(d, oak).len();

    // Bad input is coded and changes nothing.
    for (args, field, code) in [
        (
            vec!["--via", "fax", "--sent", &today],
            "via",
            "dispatch_via",
        ),
        (
            vec!["--via", "ems", "--sent", &today],
            "tracking",
            "required",
        ),
        (
            vec!["--via", "by_hand", "--sent", "2001-01-01"],
            "sent_on",
            "dispatch_too_early",
        ),
        (
            vec!["--via", "by_hand", "--sent", &tomorrow],
            "sent_on",
            "future_date",
        ),
        (
            vec!["--via", "by_hand", "--sent", "2999-01-01"],
            "sent_on",
            "date_range",
        ),
    ] {
        let mut all = vec!["letter", "dispatch", &id];
        all.extend(args.iter().copied());
        let out = cli(d, &all, None);
        assert_eq!(out.status.code(), Some(1));
        let e = json(&out)["error"].clone();
        assert_eq!(
            (
                e["fields"][0]["field"].as_str(),
                e["fields"][0]["code"].as_str()
            ),
            (Some(field), Some(code)),
            "{e}"
        );
    }
    assert_eq!(log_of(d, oak).len(), before);

    // Sent by EMS.
    let sent = ok(cli(
        d,
        &[
            "letter",
            "dispatch",
            &id,
            "--via",
            "ems",
            "--tracking",
            "EA123456789GB",
            "--sent",
            &today,
        ],
        None,
    ));
    assert_eq!(sent["via"], "ems");
    assert_eq!(sent["delivered_on"], Value::Null);
    // Delivered: a new record; how and when it was sent carry over; the receipt is kept.
    let scan = d.join("receipt.png");
    std::fs::write(&scan, b"\x89PNG\r\n\x1a\nnot really a picture, but a file").unwrap();
    let delivered = ok(cli(
        d,
        &[
            "letter",
            "dispatch",
            &id,
            "--delivered",
            &today,
            "--receipt",
            &scan.to_string_lossy(),
        ],
        None,
    ));
    assert_eq!(delivered["tracking"], "EA123456789GB");
    assert_eq!(delivered["sent_on"], today.as_str());
    assert_eq!(delivered["delivered_on"], today.as_str());
    assert_eq!(delivered["replaces"], sent["id"]);
    let sha = delivered["receipt_sha256"].as_str().unwrap();
    assert!(d.join("attachments").join(&sha[..2]).join(sha).exists());

    // Both are entries of the client's hash chain; the second carries the scan.
    let log = log_of(d, oak);
    assert_eq!(log.len(), before + 2);
    let last = &log[log.len() - 1];
    assert!(last["summary"].as_str().unwrap().contains("EA123456789GB"));
    assert!(last["summary"]
        .as_str()
        .unwrap()
        .contains(g["number"].as_str().unwrap()));
    assert_eq!(last["attachments"][0]["sha256"], sha);
    assert_eq!(
        last["corrects"],
        Value::Null,
        "a delivery is not a correction"
    );
    assert_eq!(ok(cli(d, &["log", "verify"], None))["ok"], true);
    assert_eq!(ok(cli(d, &["check"], None))["ok"], true);

    // What Collections counts from: per letter, sent and delivered.
    let dates = ok(cli(d, &["letter", "dispatches"], None));
    assert_eq!(dates.as_array().unwrap().len(), 1);
    assert_eq!(dates[0]["letter_id"], g["id"]);
    assert_eq!(dates[0]["sent_on"], today.as_str());
    assert_eq!(dates[0]["delivered_on"], today.as_str());
    let history = ok(cli(d, &["letter", "dispatches", "--letter", &id], None));
    assert_eq!(history.as_array().unwrap().len(), 2);

    // A correction (another tracking number) is a new entry pointing at the old one.
    let fixed = ok(cli(
        d,
        &["letter", "dispatch", &id, "--tracking", "EA000000001GB"],
        None,
    ));
    assert_eq!(fixed["delivered_on"], today.as_str());
    let log = log_of(d, oak);
    assert_eq!(log[log.len() - 1]["corrects"], last["id"]);

    // The records cannot be edited or deleted behind the app's back.
    let conn = common::raw_db(d);
    assert!(conn
        .execute("UPDATE letter_dispatches SET tracking = 'x'", [])
        .is_err());
    assert!(conn.execute("DELETE FROM letter_dispatches", []).is_err());
}

/// The Dashboard's one-query count per stage agrees with the batch's list of clients due,
/// on a demo practice, before and after a batch has written that stage's letters.
#[test]
fn the_due_count_per_stage_is_the_number_of_clients_the_batch_would_write_to() {
    use lawdesk::letters::templates::Kind;
    use lawdesk::services::{demo, letters};
    let (_dir, core, _keys) = common::core_with_memory_keychain();
    let today = chrono::Local::now().date_naive();
    let now = chrono::Utc::now();
    demo::run(&core, 40, 7, today, now).unwrap();
    for kind in [Kind::Reminder, Kind::SecondReminder, Kind::Demand] {
        let listed = letters::due_for_stage(&core, kind, today).unwrap().len();
        assert_eq!(
            letters::due_count(&core, kind, today).unwrap(),
            listed,
            "{kind:?}"
        );
    }
    let listed = letters::due_for_stage(&core, Kind::Reminder, today).unwrap();
    assert!(!listed.is_empty(), "the demo has clients due a reminder");
    letters::batch(&core, Kind::Reminder, today, today, now, &mut |_, _| true).unwrap();
    assert_eq!(letters::due_count(&core, Kind::Reminder, today).unwrap(), 0);
    assert_eq!(
        letters::due_for_stage(&core, Kind::Reminder, today)
            .unwrap()
            .len(),
        0
    );
}

/// The practice at a fixed instant (2026-11-23, UTC), so quotes, plans and due dates line up.
fn on_23_november(d: &Path) -> Practice {
    Practice::at(d, "2026-11-23T09:00:00Z")
}

/// The real CLI at that instant.
fn cli_at(d: &Path, args: &[&str], stdin: Option<&str>) -> Value {
    ok(on_23_november(d).run(args, stdin))
}

/// A Russian organization owing on an engagement with its contract set: an instalment due
/// 2026-09-30, invoiced on 16 September. `profile`: the client's registration ids.
fn ru_debtor(d: &Path, name: &str, profile: &str, number: &str) -> i64 {
    let profile: Value = serde_json::from_str(profile).unwrap();
    let id = on_23_november(d).client_with(
        "organization",
        name,
        "ru",
        serde_json::json!({ "profile": profile }),
    );
    let quote = format!(
        r#"{{"client_id":{id},"title":"Представительство","currency":"RUB","lines":[{{"stage":"1","description":"Услуги","kind":"fixed","rate":"90000","quantity":"1"}}],"discount_percent":"0","tax_percent":"0","valid_until":"2026-12-31","plan":[{{"kind":"installment","amount":"90000","due_on":"2026-09-30"}}],"late":{{"rule":"none","rate":"","day_count":"act365"}}}}"#
    );
    let q = cli_at(d, &["quote", "add"], Some(&quote))["id"]
        .as_i64()
        .unwrap()
        .to_string();
    cli_at(d, &["quote", "send", &q], None);
    let e = cli_at(d, &["quote", "accept", &q, "--on", "2026-03-15"], None)["engagement_id"]
        .as_i64()
        .unwrap()
        .to_string();
    let contract = format!(
        r#"{{"contract_title":"Договор об оказании юридической помощи","contract_number":"{number}","contract_date":"2026-03-15","dispute_forum":"court"}}"#
    );
    cli_at(d, &["engagement", "contract", &e, "--set"], Some(&contract));
    cli_at(
        d,
        &[
            "invoice",
            "from-plan",
            "--engagement",
            &e,
            "--item",
            "1",
            "--issued-on",
            "2026-09-16",
        ],
        None,
    );
    id
}

#[test]
fn a_demand_batch_writes_every_complete_letter_and_lists_the_clients_it_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    on_23_november(d)
        .firm(
            r#"{"name":"ООО «Мин Ли»","default_currency":"RUB","default_language":"ru","letter_prefix":"ML"}"#,
        )
        .letter_identity(
            r#"{"lang":"ru","signatory_name":"Ли Мин","signatory_title":"Адвокат","ids":{"inn":"7701234567","ogrn":"1027700000001"},"letter_prefix":"ML"}"#,
        );
    // Three debtors in client order: complete, without ИНН/ОГРН, complete.
    let a = ru_debtor(
        d,
        "ООО «Альфа»",
        r#"{"inn":"7707083893","ogrn":"1027700132195"}"#,
        "А-1",
    );
    let b = ru_debtor(d, "ООО «Бета»", "{}", "Б-2");
    let c = ru_debtor(
        d,
        "ООО «Гамма»",
        r#"{"inn":"7728168971","ogrn":"1027700067328"}"#,
        "В-3",
    );
    let outside = tempfile::tempdir().unwrap();
    let out_dir = outside.path().join("batch");
    let batch = |d: &Path| {
        cli_at(
            d,
            &[
                "letter",
                "batch",
                "--stage",
                "demand",
                "--out-dir",
                &out_dir.to_string_lossy(),
            ],
            None,
        )
    };
    let r = batch(d);
    // The contract output stays: {"letters":[{"client_id","path",…}]}, with the skipped added.
    let written: Vec<i64> = r["letters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["client_id"].as_i64().unwrap())
        .collect();
    assert_eq!(written, vec![a, c], "{r}");
    for l in r["letters"].as_array().unwrap() {
        assert!(Path::new(l["path"].as_str().unwrap()).exists());
    }
    let skipped = r["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{r}");
    assert_eq!(skipped[0]["client_id"], b);
    assert_eq!(skipped[0]["client_name"], "ООО «Бета»");
    assert_eq!(skipped[0]["code"], "letter_details_missing");
    assert_eq!(
        skipped[0]["missing"],
        serde_json::json!(["client.inn", "client.ogrn"])
    );
    // Nothing was written for the skipped client: two files, two letters, two in the combined PDF.
    let files = std::fs::read_dir(&out_dir).unwrap().count();
    assert_eq!(files, 3, "two letters and the combined PDF");
    let combined = r["combined"].as_str().unwrap();
    let text = common::pdf::pdf_text(Path::new(combined));
    assert!(text.contains("Альфа") && text.contains("Гамма") && !text.contains("Бета"));
    let listed = cli_at(d, &["letter", "list"], None);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    // The skipped client stays due: once its ИНН and ОГРН are on file, the next batch writes it.
    let outside = tempfile::tempdir().unwrap();
    let due = cli_at(
        d,
        &[
            "letter",
            "batch",
            "--stage",
            "demand",
            "--out-dir",
            &outside.path().join("again").to_string_lossy(),
        ],
        None,
    );
    assert_eq!(due["letters"].as_array().unwrap().len(), 0, "{due}");
    assert_eq!(due["skipped"][0]["client_id"], b);
    cli_at(
        d,
        &["client", "update", &b.to_string()],
        Some(r#"{"profile":{"inn":"7703270067","ogrn":"1027739049689"}}"#),
    );
    let last = cli_at(
        d,
        &[
            "letter",
            "batch",
            "--stage",
            "demand",
            "--out-dir",
            &outside.path().join("last").to_string_lossy(),
        ],
        None,
    );
    assert_eq!(last["letters"][0]["client_id"], b, "{last}");
    assert_eq!(last["skipped"], serde_json::json!([]));
}
