//! The audit trail is a hash chain: every write use case appends a chained row naming who
//! made the change; `check` and `audit verify` find the first row edited, removed or
//! inserted behind Lawdesk's back; rows written before the chain existed are chained once.

mod common;

use chrono::Utc;
use lawdesk::domain::client::ClientInput;
use lawdesk::domain::ErrorCode;
use lawdesk::services;
use lawdesk::store::{audit, migrations, Database};
use rusqlite::Connection;

fn client(name: &str) -> ClientInput {
    serde_json::from_value(serde_json::json!({ "kind": "person", "name": name })).unwrap()
}

#[test]
fn each_change_is_chained_and_names_who_made_it() {
    let (_dir, core, _) = common::core_with_memory_keychain();
    core.database().set_actor("ana (lawdesk-cli)").unwrap();
    for name in ["Wang Fang", "Ирина Петрова", "Harper Lowe"] {
        services::client_file::clients::add_client(&core, &client(name), Utc::now()).unwrap();
    }
    let v = services::check::audit_trail(&core).unwrap();
    assert!(v.ok, "{v:?}");
    // The practice key made when the folder was first opened, then the three clients.
    assert_eq!(v.entries, 4);
    let recent = core.database().read(|c| audit::recent(c, 10)).unwrap();
    let clients = recent.iter().filter(|e| e.entity == "client");
    assert!(
        clients.clone().count() == 3 && clients.clone().all(|e| e.actor == "ana (lawdesk-cli)")
    );
    assert!(services::check::run(&core).unwrap().audit.ok);
}

#[test]
fn the_trail_stays_append_only() {
    let (dir, core, store) = common::core_with_memory_keychain();
    services::client_file::clients::add_client(&core, &client("Wang Fang"), Utc::now()).unwrap();
    let c = common::raw_db_with(dir.path(), store.as_ref());
    for sql in [
        "UPDATE audit_log SET action = 'nothing'",
        "UPDATE audit_log SET hash = 'x', prev_hash = 'y'",
        "DELETE FROM audit_log",
        "INSERT INTO audit_log(at, action, entity) VALUES ('2026-01-01', 'forged', 'client')",
    ] {
        let err = c.execute(sql, []).unwrap_err().to_string();
        assert!(err.contains("audit_log"), "{sql}: {err}");
    }
}

/// Tampering needs raw SQL that drops the trigger first; the chain still gives it away.
#[test]
fn an_edited_row_is_reported_by_check_and_audit_verify() {
    let (dir, core, store) = common::core_with_memory_keychain();
    for name in ["A One", "B Two", "C Three", "D Four"] {
        services::client_file::clients::add_client(&core, &client(name), Utc::now()).unwrap();
    }
    let c = common::raw_db_with(dir.path(), store.as_ref());
    c.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET entity_id = '999' WHERE id = 2;",
    )
    .unwrap();
    let v = services::check::audit_trail(&core).unwrap();
    assert!(!v.ok);
    let broken = v.first_broken.unwrap();
    assert_eq!(broken.id, 2);
    assert_eq!(serde_json::to_value(broken.kind).unwrap(), "content");

    let err = services::check::run(&core).unwrap_err();
    assert_eq!(err.code, ErrorCode::DatabaseCorrupt);
    assert!(
        err.message.contains("\"first_broken\":{\"id\":2"),
        "{}",
        err.message
    );
}

#[test]
fn a_removed_row_breaks_the_link_of_the_next() {
    let (dir, core, store) = common::core_with_memory_keychain();
    for name in ["A One", "B Two", "C Three"] {
        services::client_file::clients::add_client(&core, &client(name), Utc::now()).unwrap();
    }
    common::raw_db_with(dir.path(), store.as_ref())
        .execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2;")
        .unwrap();
    let v = services::check::audit_trail(&core).unwrap();
    let broken = v.first_broken.unwrap();
    assert_eq!(broken.id, 3);
    assert_eq!(serde_json::to_value(broken.kind).unwrap(), "link");
}

#[test]
fn rows_from_before_the_chain_are_chained_when_the_database_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lawdesk.db");
    {
        // A database as the version before the chain left it, with audit rows.
        let mut c = Connection::open(&path).unwrap();
        c.execute_batch("PRAGMA application_id = 1279350596;")
            .unwrap();
        migrations::apply(&mut c, &migrations::MIGRATIONS[..4]).unwrap();
        for i in 0..3 {
            c.execute(
                "INSERT INTO audit_log(at, action, entity, entity_id) VALUES (?1, 'create', 'client', ?2)",
                ["2026-11-01T09:00:00+00:00".to_string(), i.to_string()],
            )
            .unwrap();
        }
    }
    let db = Database::open(&path, common::test_db_key()).unwrap();
    let v = db.read(audit::verify).unwrap();
    assert!(v.ok, "{v:?}");
    assert_eq!(v.entries, 3);
    drop(db);
    // Opening again changes nothing, and the chained rows are sealed.
    let db = Database::open(&path, common::test_db_key()).unwrap();
    assert_eq!(db.read(audit::verify).unwrap().head, v.head);
    let err = common::raw_db_keyed(&path, &common::test_db_key())
        .execute("UPDATE audit_log SET hash = 'x' WHERE id = 1", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"));
}

fn cli(dir: &std::path::Path, args: &[&str], stdin: &str) -> (i32, serde_json::Value) {
    let out = common::cli(dir, args, Some(stdin));
    let v = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap(), v)
}

#[test]
fn cli_audit_verify_and_list() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["Wang Fang", "Harper Lowe"] {
        let body = format!(r#"{{"kind":"person","name":"{name}"}}"#);
        assert_eq!(cli(dir.path(), &["client", "add"], &body).0, 0);
    }
    let (code, v) = cli(dir.path(), &["audit", "verify"], "");
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["ok"], true);
    // The practice key made at the first call, then the two clients.
    assert_eq!(v["entries"], 3);
    let (_, list) = cli(dir.path(), &["audit", "list"], "");
    let actor = list[0]["actor"].as_str().unwrap();
    assert!(actor.ends_with("(lawdesk-cli)"), "{actor}");

    common::raw_db(dir.path())
        .execute_batch(
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone else' WHERE id = 1;",
        )
        .unwrap();
    let (code, v) = cli(dir.path(), &["audit", "verify"], "");
    assert_eq!(code, 1);
    assert_eq!(v["error"]["code"], "store.corrupt");
    assert!(v["error"]["message"].as_str().unwrap().contains("row 1"));
    let (code, v) = cli(dir.path(), &["check"], "");
    assert_eq!(code, 1);
    assert_eq!(v["error"]["code"], "store.corrupt");
}

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn from<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).unwrap()
}

/// Part 4: a client update's audit row shows the old and new phone (never the identity
/// number), the chain covers the changes, and editing them is found.
#[test]
fn a_client_update_records_before_and_after_under_the_hash() {
    let (dir, core, keys) = common::core_with_memory_keychain();
    let input: ClientInput = from(serde_json::json!({ "kind": "person", "name": "Wang Fang",
        "phones": ["+86 10 6552 0001"], "id_number": "110101199003071234" }));
    let id = services::client_file::clients::add_client(&core, &input, Utc::now())
        .unwrap()
        .id;
    let patch =
        serde_json::json!({ "phones": ["+86 10 6552 9999"], "id_number": "110101199003075678" });
    services::client_file::clients::update_client(
        &core,
        id,
        patch.as_object().unwrap(),
        Utc::now(),
    )
    .unwrap();
    let recent = core.database().read(|c| audit::recent(c, 1)).unwrap();
    let changes = recent[0]
        .changes
        .clone()
        .expect("the update keeps its changes");
    assert_eq!(
        changes["phones"],
        serde_json::json!({ "before": ["+86 10 6552 0001"], "after": ["+86 10 6552 9999"] })
    );
    assert_eq!(changes["id_number"], serde_json::json!({ "changed": true }));
    assert!(
        changes.get("name").is_none(),
        "unchanged fields are not listed"
    );
    let text = changes.to_string();
    assert!(!text.contains("1234") && !text.contains("5678"), "{text}");
    assert!(services::check::audit_trail(&core).unwrap().ok);

    // Editing the kept changes behind Lawdesk's back breaks the chain at that row.
    common::raw_db_with(dir.path(), &*keys)
        .execute_batch(
            "DROP TRIGGER audit_changes_no_update;
             UPDATE audit_changes SET changes = replace(changes, '9999', '0000');",
        )
        .unwrap();
    let v = services::check::audit_trail(&core).unwrap();
    assert!(!v.ok);
    assert_eq!(
        serde_json::to_value(v.first_broken.unwrap().kind).unwrap(),
        "changes"
    );
}

/// Destruction at the end of retention removes the client's before/after and its request
/// keys; the audit rows keep their digests and the trail still verifies.
#[test]
fn destruction_removes_changes_and_request_keys_and_the_trail_still_verifies() {
    use lawdesk::services::request_keys::RequestKey;
    let (dir, core, keys) = common::core_with_memory_keychain();
    let input: ClientInput = from(serde_json::json!({ "kind": "person", "name": "Zhao Lei",
        "phones": ["+86 21 5555 0147"] }));
    let client = services::client_file::clients::add_client(&core, &input, Utc::now())
        .unwrap()
        .id;
    let matter: lawdesk::domain::matter::MatterInput = from(serde_json::json!({
        "client_id": client, "title": "Lease", "opened_on": "2009-03-01" }));
    let m = services::client_file::clients::add_matter(&core, &matter, d("2026-12-01"), Utc::now())
        .unwrap()
        .id;
    let invoice: lawdesk::domain::payment::InvoiceInput = from(serde_json::json!({
        "client_id": client, "currency": "CNY", "issued_on": "2009-06-01", "due_on": "2009-07-01",
        "tax_percent": "0", "lines": [{ "description": "Advice", "rate": "1000" }] }));
    let key = RequestKey::new("inv-1", "invoice.issue", &invoice).unwrap();
    services::fees::billing::issue_ad_hoc_once(
        &core,
        &invoice,
        d("2026-12-01"),
        Utc::now(),
        Some(&key),
    )
    .unwrap();
    let payment: lawdesk::domain::payment::PaymentInput = from(serde_json::json!({
        "client_id": client, "currency": "CNY", "amount": "1000", "received_on": "2009-06-20",
        "method": "bank_transfer" }));
    let key = RequestKey::new("pay-1", "payment.record", &payment).unwrap();
    services::fees::payments::record_once(
        &core,
        &payment,
        None,
        d("2026-12-01"),
        Utc::now(),
        Some(&key),
    )
    .unwrap();
    services::client_file::followups::close_matter(&core, m, d("2010-01-31"), Utc::now()).unwrap();
    let count = |sql: &str| -> i64 {
        common::raw_db_with(dir.path(), &*keys)
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count("SELECT count(*) FROM request_keys"), 2);
    assert!(count("SELECT count(*) FROM audit_changes") >= 3);

    services::client_file::retention::destroy(&core, client, d("2026-12-01"), Utc::now()).unwrap();
    assert_eq!(count("SELECT count(*) FROM request_keys"), 0);
    assert_eq!(
        count(&format!(
            "SELECT count(*) FROM audit_changes WHERE client_id = {}",
            client.0
        )),
        0
    );
    assert_eq!(
        count("SELECT count(*) FROM audit_changes WHERE changes LIKE '%5555 0147%'"),
        0
    );
    let v = services::check::audit_trail(&core).unwrap();
    assert!(v.ok, "{v:?}");
    services::check::run(&core).unwrap();
}

/// The latest audit row's kept before/after (`audit list`'s `changes`).
fn last_changes(core: &lawdesk::services::core::Core, entity: &str) -> serde_json::Value {
    let recent = core.database().read(|c| audit::recent(c, 5)).unwrap();
    let row = recent
        .iter()
        .find(|e| e.entity == entity)
        .unwrap_or_else(|| panic!("no audit row for {entity}: {recent:?}"));
    row.changes
        .clone()
        .unwrap_or_else(|| panic!("{entity} {} kept no before/after", row.action))
}

fn before_after(c: &serde_json::Value, field: &str) -> (serde_json::Value, serde_json::Value) {
    let f = &c[field];
    assert!(f.is_object(), "{field} not among the changes: {c}");
    (f["before"].clone(), f["after"].clone())
}

/// Part 4: every change to something that existed keeps what it was and what it became —
/// the firm profile, fee settings, a bank account (its number only as changed), a letter
/// identity, an engagement's contract, a quote's status, a matter closed, a consent
/// withdrawn, the retention period, the app lock (the password never) — and unchanged
/// fields are not listed. The architecture test keeps new writes on this path.
#[test]
fn each_change_to_firm_money_and_client_data_keeps_before_and_after() {
    use lawdesk::domain::fee_settings::FeeSettingsInput;
    use lawdesk::domain::firm::{BankAccountInput, FirmProfileInput};
    use services::{client_file, fees, firm};
    let (_dir, core, _) = common::core_with_memory_keychain();
    let now = Utc::now();

    let mut profile: FirmProfileInput = from(serde_json::json!({ "name": "Петров и партнёры",
        "default_currency": "RUB", "default_language": "ru", "phone": "+7 495 100 0000" }));
    firm::save_profile(&core, &profile, now).unwrap();
    assert_eq!(
        last_changes(&core, "firm_profile")["name"]["before"],
        serde_json::Value::Null
    );
    profile.phone = "+7 495 200 0000".into();
    firm::save_profile(&core, &profile, now).unwrap();
    let c = last_changes(&core, "firm_profile");
    assert_eq!(
        before_after(&c, "phone"),
        ("+7 495 100 0000".into(), "+7 495 200 0000".into())
    );
    assert!(
        c.get("name").is_none() && c.get("updated_at").is_none(),
        "{c}"
    );

    let fees_in = |days: &str| -> FeeSettingsInput {
        from(
            serde_json::json!({ "vat_percent": "20", "invoice_prefix": "PP",
                                 "payment_terms_days": days }),
        )
    };
    firm::save_fee_settings(&core, &fees_in("14"), now).unwrap();
    firm::save_fee_settings(&core, &fees_in("30"), now).unwrap();
    let c = last_changes(&core, "fee_settings");
    assert_eq!(
        before_after(&c, "payment_terms_days"),
        (14.into(), 30.into())
    );

    let mut account: BankAccountInput =
        from(serde_json::json!({ "label": "EUR", "currency": "EUR",
        "holder": "Petrov & Partners", "bank_name": "Commerzbank", "bic": "COBADEFFXXX",
        "account_number": "DE89370400440532013000" }));
    let saved = firm::save_bank_account(&core, &account, now).unwrap();
    account.id = Some(saved.id);
    account.label = "EUR main".into();
    account.account_number = Some(from(serde_json::json!("DE02120300000000202051")));
    firm::save_bank_account(&core, &account, now).unwrap();
    let c = last_changes(&core, "bank_account");
    assert_eq!(before_after(&c, "label"), ("EUR".into(), "EUR main".into()));
    assert_eq!(c["account_mask"], serde_json::json!({ "changed": true }));
    firm::archive_bank_account(&core, saved.id, now).unwrap();
    let c = last_changes(&core, "bank_account");
    assert_eq!(before_after(&c, "archived"), (false.into(), true.into()));
    let text = c.to_string();
    assert!(!text.contains("3000") && !text.contains("2051"), "{text}");

    let identity = |signatory: &str| -> lawdesk::domain::letter_details::LetterIdentityInput {
        from(
            serde_json::json!({ "lang": "ru", "name": "Петров и партнёры",
            "address": "Москва, ул. Тверская, 1", "signatory_name": signatory,
            "signatory_title": "Управляющий партнёр" }),
        )
    };
    firm::save_letter_identity(&core, &identity("Петров П. П."), now).unwrap();
    firm::save_letter_identity(&core, &identity("Иванова И. И."), now).unwrap();
    let c = last_changes(&core, "firm_letter_identity");
    assert_eq!(
        before_after(&c, "signatory_name"),
        ("Петров П. П.".into(), "Иванова И. И.".into())
    );
    assert!(c.get("address").is_none(), "{c}");

    let client = client_file::clients::add_client(&core, &client("Ирина Петрова"), now)
        .unwrap()
        .id;
    let quote: lawdesk::domain::quote::QuoteInput = from(serde_json::json!({
        "client_id": client, "title": "Аренда", "currency": "RUB", "valid_until": "2099-12-31",
        "lines": [{ "description": "Консультация", "kind": "fixed", "rate": "10000",
                    "quantity": "1" }] }));
    let today = now.date_naive();
    let q = fees::quotes::create(&core, &quote, today, now).unwrap();
    fees::quotes::set_status(&core, q.id, "sent", today, now).unwrap();
    let c = last_changes(&core, "quote");
    assert_eq!(before_after(&c, "status"), ("draft".into(), "sent".into()));
    let accepted = fees::quotes::accept(&core, q.id, today, now).unwrap();
    let contract = |number: &str| -> lawdesk::domain::letter_details::ContractInput {
        from(
            serde_json::json!({ "contract_title": "Договор", "contract_number": number,
                                 "contract_date": "2026-01-15" }),
        )
    };
    let e = accepted.engagement_id;
    fees::billing::save_engagement_contract(&core, e, &contract("12/2026"), now).unwrap();
    fees::billing::save_engagement_contract(&core, e, &contract("12-А/2026"), now).unwrap();
    let c = last_changes(&core, "engagement_contract");
    assert_eq!(
        before_after(&c, "contract_number"),
        ("12/2026".into(), "12-А/2026".into())
    );

    client_file::followups::close_matter(&core, accepted.matter_id, today, now).unwrap();
    let c = last_changes(&core, "matter");
    assert_eq!(
        before_after(&c, "closed_on"),
        (serde_json::Value::Null, today.to_string().into())
    );

    let consent: lawdesk::domain::client::ConsentInput = from(serde_json::json!({
        "purpose": "newsletter", "given_on": "2026-01-15", "channel": "paper" }));
    let cid = client_file::clients::add_consent(&core, client, &consent, now).unwrap();
    client_file::clients::withdraw_consent(
        &core,
        client,
        lawdesk::domain::ids::ConsentId(cid),
        today,
        now,
    )
    .unwrap();
    let c = last_changes(&core, "client");
    assert_eq!(
        before_after(&c, "withdrawn_on"),
        (serde_json::Value::Null, today.to_string().into())
    );

    client_file::retention::set_default_years(&core, 7, now).unwrap();
    let c = last_changes(&core, "retention");
    assert_eq!(before_after(&c, "years").1, serde_json::json!(7));

    use lawdesk::services::security::app_lock::{self, LockChange, NewPassword};
    let pw: lawdesk::domain::secret::Secret = from(serde_json::json!("correct horse battery"));
    let lock = LockChange {
        current: None,
        new: NewPassword::Set(&pw),
        idle_minutes: 15,
    };
    app_lock::change(&core, &lock, now).unwrap();
    let c = last_changes(&core, "app_lock");
    assert_eq!(c["password"], serde_json::json!({ "changed": true }));
    assert!(!c.to_string().contains("horse"), "{c}");

    let v = services::check::audit_trail(&core).unwrap();
    assert!(v.ok, "{v:?}");
}
