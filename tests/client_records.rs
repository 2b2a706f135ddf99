//! The communication log (hash chain, attachments, tamper detection), follow-ups and the
//! contact rhythm, complaints in six steps, and retention and destruction.

mod common;

use chrono::{NaiveDate, Utc};
use lawdesk::domain::client::ClientInput;
use lawdesk::domain::commlog::CommInput;
use lawdesk::domain::ids::{ClientId, ComplaintId, FollowUpId};
use lawdesk::domain::matter::{MatterInput, OpposingPartyInput};
use lawdesk::domain::ErrorCode;
use lawdesk::services::client_file::complaints::{self, NewComplaint, StepInput};
use lawdesk::services::client_file::followups::{self, CompleteInput, FollowUpInput};
use lawdesk::services::{
    client_file::clients as svc, client_file::commlog, client_file::retention, Core,
};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn client(core: &Core, name: &str) -> ClientId {
    svc::add_client(
        core,
        &ClientInput {
            kind: "person".into(),
            name: name.into(),
            ..Default::default()
        },
        Utc::now(),
    )
    .unwrap()
    .id
}

fn call(client: ClientId, when: &str, summary: &str) -> CommInput {
    CommInput {
        client_id: Some(client),
        kind: "call".into(),
        direction: "out".into(),
        occurred_at: when.into(),
        summary: summary.into(),
        ..Default::default()
    }
}

#[test]
fn the_log_is_chained_append_only_and_tampering_is_detected() {
    let (dir, core, _k) = common::core_with_memory_keychain();
    let c = client(&core, "李娜");
    let first = commlog::log(
        &core,
        &call(c, "2026-11-02T09:30", "催款电话：客户承诺月底付款"),
        &[],
        Utc::now(),
    )
    .unwrap();
    let slip = b"%PDF-1.4 bank slip".to_vec();
    let second = commlog::log(
        &core,
        &CommInput {
            client_id: Some(c),
            kind: "email".into(),
            direction: "in".into(),
            summary: "付款凭证".into(),
            ..Default::default()
        },
        &[("/home/user/凭证.pdf".into(), slip.clone())],
        Utc::now(),
    )
    .unwrap();
    let fix = CommInput {
        corrects: Some(first),
        ..call(c, "2026-11-02T09:30", "更正：承诺 12 月 5 日前付款")
    };
    commlog::log(&core, &fix, &[], Utc::now()).unwrap();

    let entries = commlog::list(&core, c).unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0].corrected_by, vec![entries[2].id]);
    assert_eq!(entries[1].attachments[0].file_name, "凭证.pdf");
    assert_eq!(
        entries[1].attachments[0].sha256,
        lawdesk::domain::commlog::sha256_hex(&slip)
    );
    assert!(commlog::verify(&core, None).unwrap().ok);

    // The database refuses edits and deletes outright.
    let refused = core.database().read(|c| {
        Ok(c.execute(
            "UPDATE communications SET summary = 'x' WHERE id = ?1",
            [first],
        )
        .is_err()
            && c.execute("DELETE FROM communications WHERE id = ?1", [first])
                .is_err())
    });
    assert!(refused.unwrap());

    // An edit behind the app's back (triggers dropped) breaks the chain at that entry.
    core.database()
        .read(|c| {
            c.execute_batch(&format!(
                "DROP TRIGGER communications_no_update; UPDATE communications SET summary = '客户已付款' WHERE id = {first};"
            ))
            .unwrap();
            Ok(())
        })
        .unwrap();
    let v = commlog::verify(&core, Some(c)).unwrap();
    assert!(!v.ok);
    assert_eq!(v.broken, vec![first]);

    // A changed attachment file is detected too.
    let sha = &entries[1].attachments[0].sha256;
    let path = dir.path().join("attachments").join(&sha[..2]).join(sha);
    std::fs::write(path, b"forged").unwrap();
    assert_eq!(
        commlog::verify(&core, Some(c)).unwrap().bad_attachments,
        vec!["凭证.pdf"]
    );
    let _ = second;
}

#[test]
fn follow_ups_and_the_monthly_contact_rhythm() {
    let (_d, core, _k) = common::core_with_memory_keychain();
    let active = client(&core, "Petrov Yuri");
    let quiet = client(&core, "Щукина Анна");
    for c in [active, quiet] {
        svc::add_matter(
            &core,
            &MatterInput {
                client_id: Some(c),
                title: "Claim".into(),
                opened_on: "2026-10-01".into(),
                ..Default::default()
            },
            d("2026-11-22"),
            Utc::now(),
        )
        .unwrap();
    }
    for day in ["03", "10", "17"] {
        commlog::log(
            &core,
            &call(active, &format!("2026-11-{day}T10:00"), "status call"),
            &[],
            Utc::now(),
        )
        .unwrap();
    }
    commlog::log(
        &core,
        &call(quiet, "2026-10-30T10:00", "last month"),
        &[],
        Utc::now(),
    )
    .unwrap();
    let f = followups::add(
        &core,
        &FollowUpInput {
            client_id: Some(quiet),
            title: "回访".into(),
            due_on: "2026-11-20".into(),
            ..Default::default()
        },
        Utc::now(),
    )
    .unwrap();
    followups::add(
        &core,
        &FollowUpInput {
            client_id: Some(active),
            title: "later".into(),
            due_on: "2026-12-20".into(),
            ..Default::default()
        },
        Utc::now(),
    )
    .unwrap();

    let agenda = followups::agenda(&core, d("2026-11-22")).unwrap();
    assert_eq!(agenda.due.len(), 1, "only what is due by today");
    assert_eq!(agenda.behind_rhythm.len(), 1);
    assert_eq!(
        (
            agenda.behind_rhythm[0].client_id,
            agenda.behind_rhythm[0].contacts
        ),
        (quiet, 0)
    );

    let log_id = followups::complete(
        &core,
        FollowUpId(f),
        &CompleteInput {
            kind: "call".into(),
            summary: "回访：客户满意".into(),
        },
        Utc::now(),
    )
    .unwrap();
    assert!(commlog::list(&core, quiet)
        .unwrap()
        .iter()
        .any(|e| e.id == log_id && e.comm.summary == "回访：客户满意"));
    let err = followups::complete(&core, FollowUpId(f), &CompleteInput::default(), Utc::now())
        .unwrap_err();
    assert_eq!(err.fields[0].code, "already_done");
    let agenda = followups::agenda(&core, d("2026-11-22")).unwrap();
    assert!(agenda.due.is_empty());
    assert!(agenda.behind_rhythm.iter().all(|r| r.client_id != active));
}

#[test]
fn complaints_walk_the_six_steps() {
    let (_d, core, _k) = common::core_with_memory_keychain();
    let c = client(&core, "王伟");
    let today = d("2026-11-22");
    let err = complaints::record(
        &core,
        &NewComplaint {
            client_id: Some(c),
            ..Default::default()
        },
        today,
        Utc::now(),
    )
    .unwrap_err();
    let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["complainant", "statement"]);
    let id = complaints::record(
        &core,
        &NewComplaint {
            client_id: Some(c),
            complainant: "王伟".into(),
            against: "助理".into(),
            request: "退还部分费用".into(),
            statement: "书面陈述：开庭通知未及时告知。".into(),
            ..Default::default()
        },
        today,
        Utc::now(),
    )
    .unwrap();
    let step = |s: StepInput| complaints::advance(&core, ComplaintId(id), &s, today, Utc::now());
    // Step 2 needs the decision and the date the client was told.
    assert!(step(StepInput::default()).is_err());
    assert_eq!(
        step(StepInput {
            founded: Some(true),
            client_told_on: "2026-11-23".into(),
            ..Default::default()
        })
        .unwrap()
        .step
        .number(),
        3
    );
    assert_eq!(
        step(StepInput {
            cause: "日程提醒遗漏".into(),
            owner: "王明".into(),
            ..Default::default()
        })
        .unwrap()
        .step
        .number(),
        4
    );
    assert_eq!(
        step(StepInput {
            proposal: "减免 10% 费用".into(),
            ..Default::default()
        })
        .unwrap()
        .step
        .number(),
        5
    );
    let bad = step(StepInput {
        client_agreed_on: "2026-11-25".into(),
        carried_out_on: "2026-11-24".into(),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(bad.fields[0].code, "date_order");
    assert_eq!(
        step(StepInput {
            client_agreed_on: "2026-11-25".into(),
            carried_out_on: "2026-11-26".into(),
            ..Default::default()
        })
        .unwrap()
        .step
        .number(),
        6
    );
    let closed = step(StepInput {
        evaluation: "客户接受".into(),
        prevention: "启用开庭提醒".into(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        (closed.step, closed.closed_on.as_deref()),
        (complaints::CLOSED, Some("2026-11-22"))
    );
    assert_eq!(
        step(StepInput::default()).unwrap_err().fields[0].code,
        "complaint_closed"
    );

    complaints::add_score(&core, c, None, 4, "满意", today, Utc::now()).unwrap();
    assert_eq!(
        complaints::add_score(&core, c, None, 9, "", today, Utc::now())
            .unwrap_err()
            .code,
        ErrorCode::Validation
    );
    let (list, scores) = complaints::for_client(&core, c).unwrap();
    assert_eq!((list.len(), scores.len(), scores[0].score), (1, 1, 4));
}

#[test]
fn destruction_waits_for_retention_and_keeps_only_a_record() {
    let (dir, core, _k) = common::core_with_memory_keychain();
    let c = svc::add_client(
        &core,
        &ClientInput {
            kind: "person".into(),
            name: "张伟".into(),
            id_number: "110101199003071234".into(),
            ..Default::default()
        },
        Utc::now(),
    )
    .unwrap()
    .id;
    let other = client(&core, "Harper");
    let m = svc::add_matter(
        &core,
        &MatterInput {
            client_id: Some(c),
            title: "合同纠纷".into(),
            opened_on: "2014-03-01".into(),
            opposing_parties: vec![OpposingPartyInput {
                name: "Harper".into(),
                ..Default::default()
            }],
            ..Default::default()
        },
        d("2026-11-22"),
        Utc::now(),
    )
    .unwrap()
    .id;
    commlog::log(
        &core,
        &call(c, "2015-01-05", "证据"),
        &[("合同.pdf".into(), b"contract".to_vec())],
        Utc::now(),
    )
    .unwrap();
    commlog::log(
        &core,
        &call(other, "2015-01-05", "other client"),
        &[],
        Utc::now(),
    )
    .unwrap();
    // A later client whose conflict check hit 张伟 (same ID number): that record stays,
    // without 张伟's name.
    let later = svc::add_client(
        &core,
        &ClientInput {
            kind: "person".into(),
            name: "Li Ming".into(),
            id_number: "110101199003071234".into(),
            ..Default::default()
        },
        Utc::now(),
    )
    .unwrap();
    assert_eq!(later.conflicts.len(), 1);

    // An open matter blocks destruction.
    assert_eq!(
        retention::destroy(&core, c, d("2026-11-22"), Utc::now())
            .unwrap_err()
            .fields[0]
            .code,
        "open_matter"
    );
    followups::close_matter(&core, m, d("2016-06-30"), Utc::now()).unwrap();
    // Closed, but the 10-year retention runs until 2026-06-30.
    assert!(retention::due(&core, d("2026-06-29")).unwrap().is_empty());
    assert_eq!(
        retention::destroy(&core, c, d("2026-06-29"), Utc::now())
            .unwrap_err()
            .fields[0]
            .code,
        "retention_running"
    );
    let due = retention::due(&core, d("2026-06-30")).unwrap();
    assert_eq!((due.len(), due[0].keep_until.as_str()), (1, "2026-06-30"));

    let rec = retention::destroy(&core, c, d("2026-11-22"), Utc::now()).unwrap();
    // No personal data left in the database file (checked before anything below types
    // the name again: an on-demand conflict check records what was searched).
    core.database()
        .read(|c| {
            c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
            Ok(())
        })
        .unwrap();
    let db = std::fs::read(dir.path().join("lawdesk.db")).unwrap();
    assert!(!common::contains(&db, "合同纠纷".as_bytes()));
    assert!(
        !common::contains(&db, "张伟".as_bytes()),
        "the destroyed client's name lingers"
    );

    assert_eq!(
        (rec.matters, rec.attachments, rec.client_ref.as_str()),
        (1, 1, "client #1")
    );
    assert_eq!(
        svc::get_client(
            &core,
            c,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
        )
        .unwrap_err()
        .code,
        ErrorCode::NotFound
    );
    assert!(svc::search_clients(&core, "张伟", 10).unwrap().is_empty());
    assert!(svc::check_conflicts(&core, "张伟", "", None, Utc::now())
        .unwrap()
        .is_empty());
    assert_eq!(retention::records(&core).unwrap().len(), 1);
    // The other client's chain still verifies; the attachment file is gone.
    assert!(commlog::verify(&core, None).unwrap().ok);
    assert!(!common::all_bytes_below(&dir.path().join("attachments"))
        .iter()
        .any(|(_, b)| b == b"contract"));
    let kept = svc::get_client(
        &core,
        later.id,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    )
    .unwrap()
    .conflict_checks;
    assert_eq!(kept[0].hits[0].name, "(destroyed file)");
}

#[test]
fn the_payment_hook_plans_a_follow_up_a_week_later() {
    // The fees release calls this inside its record-payment transaction.
    let (_d, core, _k) = common::core_with_memory_keychain();
    let c = client(&core, "李娜");
    core.database()
        .write(|tx| followups::schedule_after_payment(tx, c, d("2026-11-10"), Utc::now()))
        .unwrap();
    let due = followups::agenda(&core, d("2026-11-17")).unwrap().due;
    assert_eq!(due.len(), 1);
    assert_eq!(
        (due[0].reason.as_str(), due[0].due_on.as_str()),
        ("after_payment", "2026-11-17")
    );
    assert!(followups::agenda(&core, d("2026-11-16"))
        .unwrap()
        .due
        .is_empty());
}
