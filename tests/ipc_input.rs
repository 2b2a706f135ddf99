//! Every window input is validated in Rust (issue 10, Build item 10): each `#[tauri::command]`
//! argument is an `Arg<T>` (`commands/arg.rs`), which turns the argument's JSON into `T`
//! through `domain::json_input::argument`. These tests send what a hostile or broken window
//! could send — wrong types, zero and negative ids, unknown enum values, NaN-like amounts,
//! oversized strings, secrets in the wrong field — through that function and the services
//! the commands delegate to: each gets a coded field error that never repeats the value, and
//! nothing is written.

mod common;

use lawdesk::domain::client::ClientInput;
use lawdesk::domain::error::ErrorCode;
use lawdesk::domain::ids::{ClientId, InvoiceId, LetterId, QuoteId};
use lawdesk::domain::json_input::argument;
use lawdesk::domain::payment::{InvoiceInput, PaymentInput};
use lawdesk::domain::quote_status::QuoteStatus;
use lawdesk::domain::AppError;
use lawdesk::services::fees::billing::{self, InvoiceFilter};
use lawdesk::services::{client_file::clients, fees::payments};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// What `commands::arg::MAX_TEXT` allows in one string.
const MAX_TEXT: usize = 100_000;
const IBAN: &str = "DE89370400440532013000";

fn refused<T: DeserializeOwned>(name: &str, value: Value) -> AppError {
    let shown = value.to_string();
    let e = match argument::<T>(name, value, MAX_TEXT) {
        Ok(_) => panic!("{name} = {shown} was accepted"),
        Err(e) => e,
    };
    assert_eq!(e.code, ErrorCode::Validation, "{name} = {shown}: {e:?}");
    assert!(!e.fields.is_empty(), "{name} = {shown}: no field named");
    let text = format!("{} {:?}", e.message, e.fields);
    for secret in [IBAN, "9.876543210987654e19", "98765432109876543210", "NaN"] {
        assert!(
            !text.contains(secret),
            "{name}: the value came back: {text}"
        );
    }
    e
}

#[test]
fn ids_refuse_zero_negative_fractions_strings_and_huge_numbers() {
    for bad in [
        json!(0),
        json!(-1),
        json!(i64::MIN),
        json!(1.5),
        json!(98765432109876543210u128.to_string()),
        json!(9.876543210987654e19),
        json!(IBAN),
        json!(true),
        json!([1]),
        json!({"id": 1}),
        Value::Null,
    ] {
        let e = refused::<ClientId>("client_id", bad.clone());
        assert_eq!(e.fields[0].field, "client_id", "{bad}");
        assert_eq!(e.fields[0].code, "invalid", "{bad}");
        refused::<InvoiceId>("id", bad.clone());
        refused::<Vec<LetterId>>("ids", json!([7, bad]));
    }
    assert_eq!(
        argument::<QuoteId>("id", json!(12), MAX_TEXT).unwrap(),
        QuoteId(12)
    );
    assert_eq!(
        argument::<Option<ClientId>>("client_id", Value::Null, MAX_TEXT).unwrap(),
        None
    );
}

#[test]
fn a_number_sent_as_a_secret_field_is_refused_without_echo() {
    // An account number typed as a JSON number into a text field of a form.
    let e = refused::<PaymentInput>(
        "input",
        json!({"client_id": 1, "amount": "10.00", "reference": 9.876543210987654e19}),
    );
    assert_eq!(e.fields[0].field, "reference");
    let e = refused::<ClientInput>(
        "input",
        json!({"kind": "person", "name": IBAN, "id_number": 9.876543210987654e19}),
    );
    assert_eq!(e.fields[0].field, "id_number");
    let e = refused::<PaymentInput>("input", json!({"client_id": IBAN, "amount": "1"}));
    assert_eq!(e.fields[0].field, "client_id");
}

#[test]
fn unknown_enum_values_and_unknown_fields_are_refused() {
    refused::<QuoteStatus>("status", json!("paid-in-full"));
    refused::<QuoteStatus>("status", json!(3));
    let e = refused::<InvoiceInput>(
        "input",
        json!({"client_id": 1, "kind": "gift", "currency": "CNY"}),
    );
    assert!(!e.fields.is_empty());
    let e = refused::<PaymentInput>("input", json!({"client_id": 1, "iban": IBAN}));
    assert_eq!(e.fields[0].field, "iban");
}

#[test]
fn oversized_strings_are_refused_before_any_work() {
    let long = "王".repeat(MAX_TEXT + 1);
    let e = refused::<String>("query", json!(long));
    assert_eq!(
        (e.fields[0].field.as_str(), e.fields[0].code),
        ("query", "too_long")
    );
    let e = refused::<ClientInput>(
        "input",
        json!({"kind": "person", "name": "x", "notes": long}),
    );
    assert_eq!(
        (e.fields[0].field.as_str(), e.fields[0].code),
        ("notes", "too_long")
    );
    let e = refused::<Vec<String>>("mapping", json!(["name", long]));
    assert_eq!(
        (e.fields[0].field.as_str(), e.fields[0].code),
        ("mapping", "too_long")
    );
    // A key longer than the limit is not named either.
    let e = refused::<PaymentInput>("input", json!({ long.clone(): 1 }));
    assert_eq!(e.fields[0].field, "input");
    // Exactly the limit passes the bound (and is then the service's to judge).
    assert!(argument::<String>("title", json!("a".repeat(MAX_TEXT)), MAX_TEXT).is_ok());
}

#[test]
fn nan_like_and_overflowing_amounts_are_refused_by_the_payment_service() {
    let (_dir, core, _store) = common::core_with_memory_keychain();
    let client = clients::add_client(
        &core,
        &ClientInput {
            kind: "person".into(),
            name: "王伟".into(),
            ..Default::default()
        },
        core.now(),
    )
    .unwrap()
    .id;
    for amount in [
        "NaN",
        "nan",
        "inf",
        "-inf",
        "Infinity",
        "1e309",
        "9.876543210987654e19",
        "92233720368547758.07",
        "-5",
        "0",
        "",
        "1,2,3",
        "0x10",
    ] {
        let input: PaymentInput = argument(
            "input",
            json!({"client_id": client.0, "currency": "CNY", "amount": amount, "received_on": core.today().to_string()}),
            MAX_TEXT,
        )
        .unwrap();
        let e = payments::preview(&core, &input, core.today()).unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation, "{amount}: {e:?}");
        let e = payments::record(&core, &input, None, core.today(), core.now()).unwrap_err();
        assert!(
            e.fields.iter().any(|f| f.field == "amount"),
            "{amount}: {e:?}"
        );
        if amount.len() > 3 {
            assert!(
                !e.message.contains(amount),
                "{amount} came back: {}",
                e.message
            );
        }
    }
    assert!(payments::list(&core, Some(client)).unwrap().is_empty());
}

#[test]
fn the_search_box_and_the_conflict_check_bound_their_text() {
    let (_dir, core, _store) = common::core_with_memory_keychain();
    let long = "x".repeat(clients::MAX_QUERY + 1);
    let e = clients::search_clients(&core, &long, 50).unwrap_err();
    assert_eq!(
        (e.fields[0].field.as_str(), e.fields[0].code),
        ("query", "too_long")
    );
    assert!(clients::search_clients(&core, "王", -5).unwrap().is_empty());
    let e = clients::check_conflicts(&core, &"名".repeat(201), "", None, core.now()).unwrap_err();
    assert_eq!(
        (e.fields[0].field.as_str(), e.fields[0].code),
        ("name", "too_long")
    );
    let e = clients::check_conflicts(&core, "王伟", &IBAN.repeat(4), None, core.now()).unwrap_err();
    assert_eq!(e.fields[0].field, "id_number");
    assert!(!e.message.contains(IBAN));
    let e = clients::check_conflicts(&core, "王伟\u{0}", "", None, core.now()).unwrap_err();
    assert_eq!(e.fields[0].code, "control_chars");
    // Within the bounds the check runs.
    assert!(
        clients::check_conflicts(&core, "王伟", "", None, core.now())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_invoice_list_refuses_a_filter_it_does_not_understand() {
    let (_dir, core, _store) = common::core_with_memory_keychain();
    let list = |f: Value| {
        let filter: InvoiceFilter = argument("filter", f, MAX_TEXT)?;
        billing::list_invoices(&core, &filter, core.today())
    };
    for (bad, field) in [
        (json!({"status": "everything"}), "status"),
        (json!({"currency": "XXXX"}), "currency"),
        (json!({"issued_from": "2026-13-40"}), "issued_from"),
        (json!({"issued_to": "9999-99-99' OR 1=1 --"}), "issued_to"),
        (json!({"text": "x".repeat(201)}), "text"),
        (json!({"client_id": -4}), "client_id"),
        (json!({"limit": "all"}), "limit"),
    ] {
        let e = list(bad.clone()).unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation, "{bad}");
        assert_eq!(e.fields[0].field, field, "{bad}");
    }
    for good in [
        json!({}),
        json!({"status": "overdue", "currency": "CNY", "issued_from": "2026-01-01", "limit": 5}),
    ] {
        assert!(list(good.clone()).unwrap().is_empty(), "{good}");
    }
}

/// Every argument of every window command goes through `Arg` (a new command cannot take a
/// raw `String` or `i64` that Tauri would deserialize with its own, value-quoting errors),
/// and no command takes a bare `i64` where a row id is meant.
#[test]
fn every_command_argument_is_an_arg() {
    let dir = common::repo_root().join("src-tauri/src/commands");
    let mut commands = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let src = std::fs::read_to_string(&path).unwrap();
        for chunk in src.split("#[tauri::command]").skip(1) {
            if !chunk.trim_start().starts_with("pub ") {
                continue; // the attribute named in a comment
            }
            commands += 1;
            let sig = &chunk[..chunk.find('{').unwrap()];
            let open = sig.find('(').unwrap();
            for p in split_params(&sig[open + 1..]) {
                let (name, ty) = p.split_once(':').unwrap();
                let ty = ty.trim();
                let tauri_own = ["State<", "AppHandle"].iter().any(|t| ty.starts_with(t));
                assert!(
                    tauri_own || ty.starts_with("Arg<"),
                    "{}: `{}: {ty}` is not an Arg",
                    path.display(),
                    name.trim()
                );
                assert!(
                    !(name.trim().ends_with("id") || name.trim().ends_with("ids"))
                        || !ty.contains("i64"),
                    "{}: `{}` is an id and should be a typed id",
                    path.display(),
                    name.trim()
                );
            }
        }
    }
    assert!(commands > 100, "{commands} commands found");
}

/// The parameters up to the parenthesis that closes the list.
fn split_params(params: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth) = (Vec::new(), String::new(), 0);
    for c in params.chars() {
        match c {
            '<' | '(' => depth += 1,
            ')' if depth == 0 => break,
            '>' | ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out.into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}
