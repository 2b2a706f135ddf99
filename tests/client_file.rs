//! The client file through its use cases, on a real SQLite file: add, search in every
//! script, conflict checks recorded on matters, bad input changing nothing.

mod common;

use chrono::{NaiveDate, Utc};
use lawdesk::domain::client::{ClientInput, RelatedPersonInput};
use lawdesk::domain::ids::{ClientId, ConsentId};
use lawdesk::domain::matter::{MatterInput, OpposingPartyInput};
use lawdesk::domain::ErrorCode;
use lawdesk::services::client_file::clients as svc;
use lawdesk::services::Core;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn add(core: &Core, kind: &str, name: &str, phone: &str) -> ClientId {
    svc::add_client(
        core,
        &ClientInput {
            kind: kind.into(),
            name: name.into(),
            phone: phone.into(),
            ..Default::default()
        },
        Utc::now(),
    )
    .unwrap()
    .id
}

fn names(hits: &[lawdesk::store::search::ClientHit]) -> Vec<&str> {
    hits.iter().map(|h| h.display_name.as_str()).collect()
}

#[test]
fn search_finds_every_script_and_format() {
    let (_d, core, _k) = common::core_with_memory_keychain();
    add(&core, "person", "張偉", "+86 138-0013-8000");
    add(&core, "person", "王伟", "010 8888 6666");
    add(
        &core,
        "person",
        "Щукина Анна Сергеевна",
        "+7 (495) 123-45-67",
    );
    add(&core, "organization", "Harper & Lowe LLP", "");
    add(&core, "person", "张伟明", "");

    // Chinese: one, two and three characters; Traditional found by Simplified and back.
    assert_eq!(
        names(&svc::search_clients(&core, "伟", 10).unwrap()),
        ["张伟明", "張偉", "王伟"]
    );
    assert_eq!(
        names(&svc::search_clients(&core, "张伟", 10).unwrap()),
        ["张伟明", "張偉"]
    );
    assert_eq!(
        names(&svc::search_clients(&core, "張偉明", 10).unwrap()),
        ["张伟明"]
    );
    // Cyrillic in lower case (SQLite's LIKE would not fold it), and in Latin letters.
    assert_eq!(
        names(&svc::search_clients(&core, "щукина", 10).unwrap()),
        ["Щукина Анна Сергеевна"]
    );
    assert_eq!(
        names(&svc::search_clients(&core, "ан", 10).unwrap()),
        ["Щукина Анна Сергеевна"]
    );
    assert_eq!(
        names(&svc::search_clients(&core, "shchukina", 10).unwrap()),
        ["Щукина Анна Сергеевна"]
    );
    // Latin, case-insensitive; a phone in any formatting.
    assert_eq!(
        names(&svc::search_clients(&core, "HARPER", 10).unwrap()),
        ["Harper & Lowe LLP"]
    );
    assert_eq!(
        names(&svc::search_clients(&core, "4951234567", 10).unwrap()),
        ["Щукина Анна Сергеевна"]
    );
    assert_eq!(
        names(&svc::search_clients(&core, "(138) 0013 8000", 10).unwrap()),
        ["張偉"]
    );
    // Pinyin, full or initials, without a Chinese input method.
    assert_eq!(
        names(&svc::search_clients(&core, "wangwei", 10).unwrap()),
        ["王伟"]
    );
    assert_eq!(
        names(&svc::search_clients(&core, "zw", 10).unwrap()),
        ["张伟明", "張偉"]
    );
    assert_eq!(
        names(&svc::search_clients(&core, "ZHANGWEI", 10).unwrap()),
        ["张伟明", "張偉"]
    );
    // Nothing, and the whole list for an empty box.
    assert!(svc::search_clients(&core, "zzzz", 10).unwrap().is_empty());
    assert_eq!(svc::search_clients(&core, "", 10).unwrap().len(), 5);
}

#[test]
fn an_opposing_party_that_is_a_client_is_a_recorded_conflict() {
    let (_d, core, _k) = common::core_with_memory_keychain();
    let romashka = svc::add_client(
        &core,
        &ClientInput {
            kind: "organization".into(),
            name: "ООО «Ромашка»".into(),
            id_number: "7701234567".into(),
            related_persons: vec![RelatedPersonInput {
                relation: "legal_representative".into(),
                name: "Петров Юрий".into(),
                ..Default::default()
            }],
            ..Default::default()
        },
        Utc::now(),
    )
    .unwrap()
    .id;
    let other = add(&core, "person", "Yuri Ivanov", "");
    let saved = svc::add_matter(
        &core,
        &MatterInput {
            client_id: Some(other),
            title: "Unpaid wages".into(),
            opposing_parties: vec![OpposingPartyInput {
                name: "Romashka LLC".into(),
                ..Default::default()
            }],
            ..Default::default()
        },
        today(),
        Utc::now(),
    )
    .unwrap();
    assert_eq!(saved.conflicts.len(), 1);
    assert_eq!(saved.conflicts[0].id, romashka);
    assert_eq!(saved.conflicts[0].role, "client");

    // The related person is found in Latin spelling, with role.
    let hits = svc::add_opposing_party(
        &core,
        saved.id,
        &OpposingPartyInput {
            name: "Iurii Petrov".into(),
            ..Default::default()
        },
        Utc::now(),
    )
    .unwrap()
    .conflicts;
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (hits[0].id, hits[0].role.as_str()),
        (romashka, "related_person")
    );

    // By registration number alone.
    let by_id = svc::check_conflicts(&core, "", "7701234567", Some(saved.id), Utc::now()).unwrap();
    assert_eq!(by_id[0].matched_on, "id_number");

    // All three checks are recorded on the matter, newest first.
    let (_m, checks) = svc::get_matter(&core, saved.id).unwrap();
    assert_eq!(checks.len(), 3);
    assert!(checks.iter().all(|c| c.outcome == "hits"));

    // A new client who was an opposing party is flagged when added.
    let added = svc::add_client(
        &core,
        &ClientInput {
            kind: "person".into(),
            name: "ПЕТРОВ ЮРИЙ".into(),
            ..Default::default()
        },
        Utc::now(),
    )
    .unwrap();
    assert!(added
        .conflicts
        .iter()
        .any(|h| h.role == "opposing_party" && h.matter_id == Some(saved.id)));
    let detail = svc::get_client(
        &core,
        added.id,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    )
    .unwrap();
    assert_eq!(detail.conflict_checks[0].outcome, "hits");
}

#[test]
fn bad_input_changes_nothing() {
    let (_d, core, _k) = common::core_with_memory_keychain();
    let err = svc::add_client(
        &core,
        &ClientInput {
            kind: "person".into(),
            name: "Valid Name".into(),
            email: "not-an-email".into(),
            related_persons: vec![RelatedPersonInput {
                name: "".into(),
                ..Default::default()
            }],
            ..Default::default()
        },
        Utc::now(),
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert!(svc::search_clients(&core, "", 10).unwrap().is_empty());

    let err = svc::add_matter(
        &core,
        &MatterInput {
            client_id: Some(ClientId(999)),
            title: "x".into(),
            ..Default::default()
        },
        today(),
        Utc::now(),
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(svc::list_matters(&core, None).unwrap().is_empty());
}

#[test]
fn edit_related_persons_and_consent_withdrawal() {
    use lawdesk::domain::client::ConsentInput;
    let (_d, core, _k) = common::core_with_memory_keychain();
    let id = add(&core, "person", "王伟", "010 8888 6666");
    let opp = add(&core, "person", "Петров Юрий", "");
    svc::update_client(
        &core,
        id,
        serde_json::json!({
            "kind": "person",
            "name": "王伟",
            "phones": ["010 8888 6666", "+86 139 0000 1111"],
            "tags": ["VIP"],
        })
        .as_object()
        .unwrap(),
        Utc::now(),
    )
    .unwrap();
    assert_eq!(
        names(&svc::search_clients(&core, "13900001111", 10).unwrap()),
        ["王伟"]
    );
    assert_eq!(
        names(&svc::search_clients(&core, "#vip", 10).unwrap()),
        ["王伟"]
    );
    let detail = svc::get_client(
        &core,
        id,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    )
    .unwrap();
    assert_eq!(detail.client.phones.len(), 2);

    // A related person who is already on file as a client is a recorded hit.
    let saved = svc::add_related_person(
        &core,
        id,
        &RelatedPersonInput {
            relation: "family".into(),
            name: "Petrov Iurii".into(),
            ..Default::default()
        },
        Utc::now(),
    )
    .unwrap();
    assert_eq!(saved.conflicts[0].id, opp);
    assert_eq!(
        names(&svc::search_clients(&core, "petrov", 10).unwrap()),
        ["Петров Юрий", "王伟"]
    );

    let consent = svc::add_consent(
        &core,
        id,
        &ConsentInput {
            purpose: "legal services".into(),
            given_on: "2026-01-05".into(),
            channel: "signed form".into(),
        },
        Utc::now(),
    )
    .unwrap();
    svc::withdraw_consent(&core, id, ConsentId(consent), today(), Utc::now()).unwrap();
    let c = svc::get_client(
        &core,
        id,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    )
    .unwrap()
    .client;
    assert_eq!(c.consents[0].withdrawn_on.as_deref(), Some("2026-11-22"));
    let again = svc::withdraw_consent(&core, id, ConsentId(consent), today(), Utc::now());
    assert_eq!(
        again.unwrap_err().fields[0].code,
        "already_done",
        "withdrawn once"
    );
    // Another client's consent, or none such, is not found (it said "already done").
    let other = ClientId(id.0 + 1000);
    let none = svc::withdraw_consent(&core, other, ConsentId(consent), today(), Utc::now());
    assert_eq!(none.unwrap_err().code, ErrorCode::NotFound);
    assert!(svc::add_consent(
        &core,
        id,
        &ConsentInput {
            purpose: "x".into(),
            given_on: "soon".into(),
            channel: "y".into()
        },
        Utc::now()
    )
    .is_err());
    // A consent "given" in 2099 was recorded; it is refused, and nothing is added.
    let ahead = ConsentInput {
        purpose: "x".into(),
        given_on: "2099-01-01".into(),
        channel: "y".into(),
    };
    let e = svc::add_consent(&core, id, &ahead, Utc::now()).unwrap_err();
    assert_eq!(e.fields[0].field, "consent.given_on");
    assert_eq!(e.fields[0].code, "future_date");
    let today_s = Utc::now().date_naive().to_string();
    let given = ConsentInput {
        given_on: today_s,
        ..ahead
    };
    svc::add_consent(&core, id, &given, Utc::now()).unwrap();
    let c = svc::get_client(&core, id, Utc::now().date_naive())
        .unwrap()
        .client;
    assert_eq!(c.consents.len(), 2);
}

#[test]
fn an_excel_client_list_imports_with_numbers_kept_whole() {
    use lawdesk::services::client_file::import;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, h) in ["客户名称", "手机", "邮箱", "标签"].iter().enumerate() {
        sheet.write_string(0, col as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "北京明理科技有限公司").unwrap();
    // Excel keeps a typed phone number as a float; it must come back whole, not 1.38e10.
    sheet.write_number(1, 1, 13800138000.0).unwrap();
    sheet.write_string(1, 2, "office@mingli.cn").unwrap();
    sheet.write_string(1, 3, "VIP，长期").unwrap();
    sheet.write_string(2, 0, "王伟").unwrap();
    sheet.write_string(2, 2, "not-an-email").unwrap();
    let bytes = book.save_to_buffer().unwrap();

    let (_d, core, _k) = common::core_with_memory_keychain();
    let dry = import::import_clients(&core, &bytes, None, true, Utc::now()).unwrap();
    assert_eq!(
        (dry.format, dry.imported, dry.rejected.len()),
        ("xlsx", 1, 1)
    );
    assert_eq!(dry.mapping, ["name", "phone", "email", "tags"]);
    assert_eq!(dry.rejected[0].row, 3);
    assert_eq!(dry.rejected[0].code, "email");
    assert!(
        svc::search_clients(&core, "", 10).unwrap().is_empty(),
        "a dry run writes nothing"
    );

    let done = import::import_clients(&core, &bytes, None, false, Utc::now()).unwrap();
    assert_eq!(done.imported, 1);
    let hits = svc::search_clients(&core, "13800138000", 10).unwrap();
    assert_eq!(names(&hits), ["北京明理科技有限公司"]);
    let c = svc::get_client(
        &core,
        hits[0].id,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    )
    .unwrap()
    .client;
    assert_eq!(
        (c.kind.as_str(), c.phones[0].as_str()),
        ("organization", "13800138000")
    );
    assert_eq!(c.tags, ["VIP", "长期"]);
}
