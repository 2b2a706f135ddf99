//! Issue 10 part 9: bounded fuzzing of every parser and importer that takes outside input
//! (client lists as CSV or XLSX bytes, the workbook's ZIP index, the header mapping, amounts,
//! dates, JSON documents, letter templates). Each property: no panic, a coded error or a
//! value that keeps its promises (an accepted amount is within its bound and prints back to
//! itself; an accepted date is in the window). `cargo test` runs a few hundred cases each;
//! `scripts/fuzz.sh` runs them for a bounded time with many more. A finding is kept below
//! as a named regression test.

use std::collections::BTreeMap;

use lawdesk::domain::client::ClientInput;
use lawdesk::domain::money::{parse_amount, strict_decimal, Currency, Money};
use lawdesk::domain::{dates, json_input};
use lawdesk::import::{mapping, table, zip_index};
use lawdesk::letters::templates::{self, Kind};
use proptest::prelude::*;

/// Bytes that look like what people import: CSV-ish text in several scripts and
/// separators, a ZIP header now and then, and plain noise.
fn table_bytes() -> impl Strategy<Value = Vec<u8>> {
    let cell = "[A-Za-z0-9 ,.;\"\t王小明Иван€\\-]{0,12}";
    let line = prop::collection::vec(cell, 1..6).prop_map(|c| c.join(","));
    let csv = prop::collection::vec(line, 0..8).prop_map(|l| l.join("\n").into_bytes());
    let zipish = prop::collection::vec(any::<u8>(), 0..200).prop_map(|mut b| {
        let mut z = b"PK\x03\x04".to_vec();
        z.append(&mut b);
        z
    });
    prop_oneof![csv, zipish, prop::collection::vec(any::<u8>(), 0..300)]
}

fn amount_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9 ,.'\u{a0}\u{202f}-]{0,24}",
        "[0-9]{1,15}([.,][0-9]{0,4})?",
        any::<String>(),
    ]
}

proptest! {
    // Findings are kept (and replayed first) in tests/fuzz.proptest-regressions.
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct("tests/fuzz.proptest-regressions"),
        )),
        ..ProptestConfig::default()
    })]

    #[test]
    fn client_list_bytes_give_a_table_or_a_coded_error(bytes in table_bytes()) {
        let _ = table::decode(&bytes);
        let _ = zip_index::entries(&bytes);
        if let Ok(t) = table::read(&bytes) {
            let map = mapping::suggest(&t.headers);
            for row in &t.rows {
                let input: ClientInput = mapping::row_to_input(&map, row);
                let _ = input.validate(lawdesk::domain::lang::Lang::En);
            }
        }
    }

    #[test]
    fn accepted_amounts_are_bounded_and_print_back(text in amount_text()) {
        let _ = strict_decimal(&text);
        for code in ["CNY", "JPY", "RUB", "EUR"] {
            let cur = Currency::parse(code).unwrap();
            if let Ok(m) = parse_amount(&text, cur) {
                let again = parse_amount(&m.amount().to_string(), cur);
                prop_assert_eq!(again, Ok(m));
                prop_assert!(m.amount().abs() <= rust_decimal::Decimal::from(1_000_000_000_000i64));
            }
            let _ = Money::parse(&text, cur);
        }
    }

    #[test]
    fn accepted_dates_are_in_the_window(text in "[0-9-]{0,12}|\\PC{0,12}") {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        if let Ok(d) = dates::parse_iso(&text) {
            prop_assert!((1900..=2199).contains(&chrono::Datelike::year(&d)));
            prop_assert_eq!(dates::to_iso(d), text.trim());
        }
        if let Ok(d) = dates::parse_near(&text, today) {
            prop_assert!(d <= today + chrono::Duration::days(366 * 50));
        }
    }

    #[test]
    fn json_documents_give_a_value_or_an_error_without_the_input(text in "\\PC{0,80}") {
        if let Err(e) = json_input::from_str::<ClientInput>(&text) {
            if text.len() > 12 {
                prop_assert!(!e.message.contains(&text));
            }
        }
        let _ = json_input::from_str::<lawdesk::domain::payment::PaymentInput>(&text);
    }

    #[test]
    fn letter_templates_validate_or_refuse(body in "(\\PC|\\{\\{ ?[a-z_]{0,12} ?\\}\\}|\\{%[^%]{0,10}%\\})*") {
        for kind in Kind::ALL {
            if templates::validate(kind, &body).is_ok() {
                let values: BTreeMap<&str, String> = templates::placeholders(kind)
                    .into_iter()
                    .map(|p| (p, "x".to_string()))
                    .collect();
                let _ = templates::render(&body, &values);
            }
        }
    }
}
