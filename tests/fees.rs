//! Fees and money on a real SQLite file: quote → engagement → plan versions → invoices →
//! payments, allocation, credit, reversal, credit notes, cancellation, gapless numbers,
//! aging, late charges, bad input that writes nothing, and a property test of the ledger.

mod common;

use common::practice::{Folder, InProcess};

use chrono::{NaiveDate, TimeZone, Utc};
use lawdesk::domain::fee_settings::FeeSettingsInput;
use lawdesk::domain::firm::FirmProfileInput;
use lawdesk::domain::ids::{ClientId, InvoiceId, PaymentId};
use lawdesk::domain::payment::{AllocationInput, InvoiceInput, PaymentInput};
use lawdesk::domain::plan::{LateTermsInput, PlanItemInput};
use lawdesk::domain::quote::{FactorInput, LineInput, QuoteInput};
use lawdesk::services::{
    fees::billing, fees::late_charges, fees::payments, fees::quotes, fees::receivables, Core,
};
use lawdesk::store::invoices::InvoiceFilter;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

const TODAY: &str = "2026-11-22";

fn setup() -> (tempfile::TempDir, Core, ClientId) {
    let p = Folder::at(now());
    p.firm(FirmProfileInput {
        name: "Lawdesk Test Firm".into(),
        default_currency: "CNY".into(),
        default_language: "zh-CN".into(),
        ..Default::default()
    })
    .fee_settings(FeeSettingsInput {
        vat_percent: "6".into(),
        invoice_prefix: "JX".into(),
        payment_terms_days: "14".into(),
        ..Default::default()
    });
    let id = p.client("person", "王伟", "");
    (p.dir, p.core, id)
}

fn line(description: &str, kind: &str, rate: &str, quantity: &str) -> LineInput {
    LineInput {
        stage: "一审".into(),
        description: description.into(),
        kind: kind.into(),
        rate: rate.into(),
        quantity: quantity.into(),
    }
}

fn plan_item(kind: &str, amount: &str, due: &str) -> PlanItemInput {
    PlanItemInput {
        kind: kind.into(),
        amount: amount.into(),
        due_on: due.into(),
        ..Default::default()
    }
}

fn quote_input(client: ClientId) -> QuoteInput {
    QuoteInput {
        client_id: client,
        title: "合同纠纷代理".into(),
        currency: "CNY".into(),
        lines: vec![
            line("代理费", "fixed", "30000", "1"),
            line("出庭", "hourly", "1500", "4"),
        ],
        factors: vec![FactorInput {
            factor: "complexity".into(),
            multiplier: "1.2".into(),
            reason: "涉外".into(),
        }],
        discount_percent: "5".into(),
        valid_until: "2026-12-31".into(),
        // 36000 × 1.2 × 0.95 = 41040; VAT 6 % = 2462.40; total 43502.40
        plan: vec![
            plan_item("prepayment", "20000", "2026-09-30"),
            plan_item("balance", "23502.40", "2026-12-31"),
        ],
        late: LateTermsInput {
            rule: "daily".into(),
            rate: "0.05".into(),
            day_count: "act365".into(),
        },
        ..Default::default()
    }
}

fn pay(core: &Core, client: ClientId, amount: &str, on: &str) -> payments::Recorded {
    payments::record(
        core,
        &PaymentInput {
            client_id: client,
            currency: "CNY".into(),
            amount: amount.into(),
            received_on: on.into(),
            method: "bank_transfer".into(),
            ..Default::default()
        },
        None,
        d(TODAY),
        now(),
    )
    .unwrap()
}

fn count(core: &Core, table: &str) -> i64 {
    core.database()
        .read(|c| {
            Ok(
                c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                    .unwrap(),
            )
        })
        .unwrap()
}

#[test]
fn quote_to_engagement_to_invoice_to_payment_to_aging() {
    let (_dir, core, client) = setup();
    let totals = quotes::preview(&core, &quote_input(client)).unwrap();
    assert_eq!(totals.total.to_string(), "43502.40 CNY");
    assert_eq!(totals.tax.to_string(), "2462.40 CNY");

    let q = quotes::create(&core, &quote_input(client), d(TODAY), now()).unwrap();
    assert_eq!(q.number, "Q-2026-0001");
    // A revision keeps the first one.
    let mut changed = quote_input(client);
    changed.terms = "费用不含差旅".into();
    let r = quotes::revise(&core, q.id, &changed, now()).unwrap();
    assert_eq!(r.revision, 2);
    let detail = quotes::get(&core, q.id, d(TODAY)).unwrap();
    assert_eq!(detail.revisions.len(), 2);
    assert_eq!(detail.terms, "费用不含差旅");
    quotes::set_status(&core, q.id, "sent", d(TODAY), now()).unwrap();
    let accepted = quotes::accept(&core, q.id, d("2026-09-20"), now()).unwrap();
    assert_eq!(
        quotes::get(&core, q.id, d(TODAY)).unwrap().summary.status,
        "accepted"
    );
    // An accepted quote is not revised any more.
    assert_eq!(
        quotes::revise(&core, q.id, &changed, now())
            .unwrap_err()
            .fields[0]
            .code,
        "quote_closed"
    );

    let e = billing::engagement(&core, accepted.engagement_id).unwrap();
    assert_eq!(e.plan_version, 1);
    assert_eq!(e.plan.len(), 2);
    assert_eq!(e.total.to_string(), "43502.40 CNY");

    // Invoice the prepayment, then a new plan version must keep the invoiced item.
    let inv = billing::issue_from_plan(&core, e.id, 1, d("2026-09-20"), d(TODAY), now()).unwrap();
    assert_eq!(inv.number, "JX-2026-0001");
    assert_eq!(
        billing::issue_from_plan(&core, e.id, 1, d("2026-09-20"), d(TODAY), now())
            .unwrap_err()
            .fields[0]
            .code,
        "already_invoiced"
    );
    let bad_change = billing::PlanChange {
        reason: "rescheduled".into(),
        items: vec![
            PlanItemInput {
                item_no: Some(1),
                ..plan_item("prepayment", "10000", "2026-09-30")
            },
            plan_item("balance", "33502.40", "2027-01-31"),
        ],
    };
    assert_eq!(
        billing::revise_plan(&core, e.id, &bad_change, now())
            .unwrap_err()
            .fields[0]
            .code,
        "invoiced_item"
    );
    let change = billing::PlanChange {
        reason: "client asked for installments".into(),
        items: vec![
            PlanItemInput {
                item_no: Some(1),
                ..plan_item("prepayment", "20000", "2026-09-30")
            },
            plan_item("installment", "10000", "2026-11-30"),
            plan_item("balance", "13502.40", "2027-01-31"),
        ],
    };
    assert_eq!(
        billing::revise_plan(&core, e.id, &change, now()).unwrap(),
        2
    );
    let e2 = billing::engagement(&core, e.id).unwrap();
    assert_eq!(
        (e2.plan_version, e2.versions.len(), e2.plan.len()),
        (2, 2, 3)
    );
    assert_eq!(e2.plan[0].invoice_number.as_deref(), Some("JX-2026-0001"));

    // A partial payment leaves 8000 open, due 2026-09-30: 53 days late on 11-22 → 31-60.
    let p = pay(&core, client, "12000", "2026-10-05");
    assert_eq!(p.allocations.len(), 1);
    assert_eq!(p.credit, "0.00");
    let aging = receivables::aging(&core, d(TODAY)).unwrap();
    let json = serde_json::to_value(&aging).unwrap();
    assert_eq!(json["currencies"][0]["currency"], "CNY");
    assert_eq!(json["currencies"][0]["buckets"]["31-60"], "8000.00");
    assert_eq!(json["currencies"][0]["clients"][0]["name"], "王伟");

    // Late charge: 0.05 %/day on 20000 for 5 days, then on 8000 for 48 days = 50 + 192.
    let lc = late_charges::late_charges(&core, e.id, d(TODAY)).unwrap();
    assert_eq!(lc.total.amount().to_string(), "242.00");
    let late = late_charges::issue_late_charges(&core, e.id, d(TODAY), d(TODAY), now()).unwrap();
    assert_eq!(late.number, "JX-2026-0002");
    // Charged through today: nothing more to put on a document.
    assert!(late_charges::late_charges(&core, e.id, d(TODAY))
        .unwrap()
        .lines
        .is_empty());

    // Overpayment: 8000 + 242 settle both; 1758 is kept as credit.
    let over = pay(&core, client, "10000", "2026-11-21");
    assert_eq!(over.allocations.len(), 2);
    assert_eq!(over.credit, "1758.00");
    // The next invoice takes the credit at once.
    let next = billing::issue_from_plan(&core, e.id, 3, d(TODAY), d(TODAY), now()).unwrap();
    assert_eq!(next.credit_applied, "1758.00");
    let bal = receivables::client_account(&core, client, d(TODAY)).unwrap();
    let b = &bal.balances[0];
    assert_eq!(
        (
            b.invoiced.as_str(),
            b.paid.as_str(),
            b.balance.as_str(),
            b.open.as_str(),
            b.credit.as_str()
        ),
        ("30242.00", "22000.00", "8242.00", "8242.00", "0.00")
    );

    // Reversing the overpayment reopens what it paid, never by deleting it.
    let rev = payments::reverse(&core, PaymentId(over.id), "bounced", d(TODAY), now()).unwrap();
    assert!(rev.reversed.is_some());
    assert_eq!(
        payments::reverse(&core, PaymentId(over.id), "again", d(TODAY), now())
            .unwrap_err()
            .fields[0]
            .code,
        "already_reversed"
    );
    let b = receivables::client_account(&core, client, d(TODAY))
        .unwrap()
        .balances[0]
        .clone();
    assert_eq!(
        (b.reversed.as_str(), b.balance.as_str(), b.open.as_str()),
        ("10000.00", "18242.00", "18242.00")
    );

    // Credit note on the late-charge document; cancelling a paid invoice is refused.
    let cn = billing::credit(&core, InvoiceId(late.id), "42", "goodwill", d(TODAY), now()).unwrap();
    assert_eq!(cn.number, "JX-CN-2026-0001");
    assert_eq!(
        billing::credit(
            &core,
            InvoiceId(late.id),
            "500",
            "too much",
            d(TODAY),
            now()
        )
        .unwrap_err()
        .fields[0]
            .code,
        "beyond_open_amount"
    );
    assert_eq!(
        billing::cancel(&core, InvoiceId(inv.id), "wrong", d(TODAY), now())
            .unwrap_err()
            .fields[0]
            .code,
        "cancel_paid"
    );
    let unpaid = billing::issue_ad_hoc(
        &core,
        &InvoiceInput {
            client_id: client,
            currency: "CNY".into(),
            issued_on: TODAY.into(),
            due_on: "2026-12-06".into(),
            lines: vec![line("复印", "per_unit", "0.50", "37")],
            ..Default::default()
        },
        d(TODAY),
        now(),
    )
    .unwrap();
    let cancelled =
        billing::cancel(&core, InvoiceId(unpaid.id), "issued twice", d(TODAY), now()).unwrap();
    assert_eq!(cancelled.status, "cancelled");
    // The cancelled number stays taken; the next one follows without a gap.
    let after = billing::issue_from_plan(&core, e.id, 4, d(TODAY), d(TODAY), now()).unwrap();
    assert_eq!(after.number, "JX-2026-0005");
    let numbers: Vec<String> = billing::list_invoices(&core, &InvoiceFilter::default(), d(TODAY))
        .unwrap()
        .into_iter()
        .filter(|r| r.kind != "credit_note")
        .map(|r| r.number)
        .collect();
    let mut sorted = numbers.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            "JX-2026-0001",
            "JX-2026-0002",
            "JX-2026-0003",
            "JX-2026-0004",
            "JX-2026-0005"
        ]
    );
    let report = lawdesk::services::check::run(&core).unwrap();
    assert!(report.ledger_mismatches.is_empty());
}

#[test]
fn money_records_are_append_only_in_the_schema() {
    let (_dir, core, client) = setup();
    let q = quotes::create(&core, &quote_input(client), d(TODAY), now()).unwrap();
    let a = quotes::accept(&core, q.id, d("2026-09-20"), now()).unwrap();
    billing::issue_from_plan(&core, a.engagement_id, 1, d("2026-09-20"), d(TODAY), now()).unwrap();
    pay(&core, client, "100", "2026-10-01");
    core.database()
        .read(|c| {
            for sql in [
                "UPDATE invoices SET total_minor = 1",
                "DELETE FROM invoices",
                "UPDATE payments SET amount_minor = 1",
                "DELETE FROM payments",
                "DELETE FROM allocations",
                "UPDATE quote_revisions SET total_minor = 1",
                "UPDATE plan_items SET amount_minor = 1",
                "UPDATE number_sequences SET last = 0",
                "DELETE FROM number_sequences",
            ] {
                assert!(c.execute(sql, []).is_err(), "{sql} must be refused");
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn bad_input_gets_coded_errors_and_writes_nothing() {
    let (_dir, core, client) = setup();
    let q = quotes::create(&core, &quote_input(client), d(TODAY), now()).unwrap();
    let a = quotes::accept(&core, q.id, d("2026-09-20"), now()).unwrap();
    let inv = billing::issue_from_plan(&core, a.engagement_id, 1, d("2026-09-20"), d(TODAY), now())
        .unwrap();
    let before: Vec<i64> = [
        "payments",
        "allocations",
        "invoices",
        "audit_log",
        "follow_ups",
    ]
    .iter()
    .map(|t| count(&core, t))
    .collect();
    let base = PaymentInput {
        client_id: client,
        currency: "CNY".into(),
        amount: "100".into(),
        received_on: "2026-11-01".into(),
        method: "cash".into(),
        ..Default::default()
    };
    let cases: Vec<(PaymentInput, &str, &str)> = vec![
        (
            PaymentInput {
                amount: "-5".into(),
                ..base.clone()
            },
            "amount",
            "amount_positive",
        ),
        (
            PaymentInput {
                amount: "0".into(),
                ..base.clone()
            },
            "amount",
            "amount_positive",
        ),
        (
            PaymentInput {
                currency: "ABC".into(),
                ..base.clone()
            },
            "currency",
            "currency",
        ),
        (
            PaymentInput {
                received_on: "2027-01-01".into(),
                ..base.clone()
            },
            "received_on",
            "future_date",
        ),
        (
            PaymentInput {
                method: "bitcoin".into(),
                ..base.clone()
            },
            "method",
            "payment_method",
        ),
        (
            PaymentInput {
                allocations: vec![AllocationInput {
                    invoice_id: inv.id,
                    amount: "20000.01".into(),
                }],
                amount: "30000".into(),
                ..base.clone()
            },
            "allocations",
            "beyond_open_amount",
        ),
        (
            PaymentInput {
                allocations: vec![AllocationInput {
                    invoice_id: inv.id,
                    amount: "200".into(),
                }],
                ..base.clone()
            },
            "allocations",
            "beyond_payment",
        ),
        (
            PaymentInput {
                currency: "USD".into(),
                allocations: vec![AllocationInput {
                    invoice_id: inv.id,
                    amount: "10".into(),
                }],
                ..base.clone()
            },
            "allocations",
            "currency_mismatch",
        ),
    ];
    for (input, field, code) in cases {
        let e = payments::record(&core, &input, None, d(TODAY), now()).unwrap_err();
        assert_eq!(
            (e.fields[0].field.as_str(), e.fields[0].code),
            (field, code),
            "{input:?}"
        );
    }
    // Dates out of order on an invoice, and a quote with bad numbers.
    let e = billing::issue_ad_hoc(
        &core,
        &InvoiceInput {
            client_id: client,
            currency: "CNY".into(),
            issued_on: "2026-11-20".into(),
            due_on: "2026-11-01".into(),
            lines: vec![line("x", "fixed", "10", "1")],
            ..Default::default()
        },
        d(TODAY),
        now(),
    )
    .unwrap_err();
    assert_eq!(e.fields[0].code, "date_order");
    let mut bad_quote = quote_input(client);
    bad_quote.lines[0].rate = "abc".into();
    bad_quote.currency = "EUR".into();
    let e = quotes::create(&core, &bad_quote, d(TODAY), now()).unwrap_err();
    assert_eq!(e.fields[0].field, "lines.0.rate");
    let after: Vec<i64> = [
        "payments",
        "allocations",
        "invoices",
        "audit_log",
        "follow_ups",
    ]
    .iter()
    .map(|t| count(&core, t))
    .collect();
    assert_eq!(before, after, "nothing is written on bad input");
    // The invoice sequence did not move either.
    let next =
        billing::issue_from_plan(&core, a.engagement_id, 2, d(TODAY), d(TODAY), now()).unwrap();
    assert_eq!(next.number, "JX-2026-0002");
}

#[test]
fn an_open_balance_blocks_destruction_and_a_settled_file_keeps_its_numbers() {
    let (_dir, core, client) = setup();
    let q = quotes::create(&core, &quote_input(client), d(TODAY), now()).unwrap();
    let a = quotes::accept(&core, q.id, d("2010-01-01"), now()).unwrap();
    let inv = billing::issue_from_plan(&core, a.engagement_id, 1, d("2010-01-01"), d(TODAY), now())
        .unwrap();
    lawdesk::services::client_file::followups::close_matter(
        &core,
        a.matter_id,
        d("2010-06-01"),
        now(),
    )
    .unwrap();
    let err = lawdesk::services::client_file::retention::destroy(&core, client, d(TODAY), now())
        .unwrap_err();
    assert_eq!(err.fields[0].code, "open_balance");
    pay(&core, client, "20000", "2010-02-01");
    // The balance item is still open: invoice and pay it too.
    let bal = billing::issue_from_plan(&core, a.engagement_id, 2, d("2010-06-01"), d(TODAY), now())
        .unwrap();
    pay(&core, client, "23502.40", "2010-06-05");
    lawdesk::services::client_file::retention::destroy(&core, client, d(TODAY), now()).unwrap();
    let rows = billing::list_invoices(&core, &InvoiceFilter::default(), d(TODAY)).unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .all(|r| r.client_id.is_none() && r.client_name.is_empty()));
    assert!(rows.iter().any(|r| r.id == inv.id) && rows.iter().any(|r| r.id == bal.id));
    assert_eq!(count(&core, "quotes"), 0);
    assert_eq!(count(&core, "engagements"), 0);
    lawdesk::services::check::run(&core).unwrap();
}

#[derive(Debug, Clone)]
enum Op {
    Invoice(i64, u8),
    Pay(i64, u8),
    Reverse(usize),
    Credit(usize, i64),
    Cancel(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1i64..500_000, 0u8..2).prop_map(|(a, c)| Op::Invoice(a, c)),
        (1i64..700_000, 0u8..2).prop_map(|(a, c)| Op::Pay(a, c)),
        (0usize..20).prop_map(Op::Reverse),
        (0usize..20, 1i64..300_000).prop_map(|(i, a)| Op::Credit(i, a)),
        (0usize..20).prop_map(Op::Cancel),
    ]
}

fn sum_minor(core: &Core, sql: &str) -> i64 {
    core.database()
        .read(|c| Ok(c.query_row(sql, [], |r| r.get(0)).unwrap()))
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    /// For any sequence of invoices, payments, reversals, credits and cancellations, per
    /// currency: allocated + credit == paid (of payments that count), and
    /// balance == invoiced − credited − paid + reversed == open − credit.
    #[test]
    fn the_ledger_always_adds_up(ops in proptest::collection::vec(op(), 1..25)) {
        let (_dir, core, client) = setup();
        let currencies = ["CNY", "EUR"];
        let mut invoices = Vec::new();
        let mut pays = Vec::new();
        for op in ops {
            match op {
                Op::Invoice(minor, c) => {
                    let input = InvoiceInput {
                        client_id: client,
                        currency: currencies[c as usize].into(),
                        issued_on: "2026-10-01".into(),
                        due_on: "2026-10-15".into(),
                        lines: vec![line("x", "fixed", &format!("{}.{:02}", minor / 100, minor % 100), "1")],
                        tax_percent: Some("0".into()),
                        ..Default::default()
                    };
                    invoices.push(billing::issue_ad_hoc(&core, &input, d(TODAY), now()).unwrap().id);
                }
                Op::Pay(minor, c) => {
                    let input = PaymentInput {
                        client_id: client,
                        currency: currencies[c as usize].into(),
                        amount: format!("{}.{:02}", minor / 100, minor % 100),
                        received_on: "2026-11-01".into(),
                        method: "card".into(),
                        ..Default::default()
                    };
                    pays.push(payments::record(&core, &input, None, d(TODAY), now()).unwrap().id);
                }
                Op::Reverse(i) if !pays.is_empty() => {
                    let _ = payments::reverse(&core, PaymentId(pays[i % pays.len()]), "test", d(TODAY), now());
                }
                Op::Credit(i, minor) if !invoices.is_empty() => {
                    let amount = format!("{}.{:02}", minor / 100, minor % 100);
                    let _ = billing::credit(&core, InvoiceId(invoices[i % invoices.len()]), &amount, "test", d(TODAY), now());
                }
                Op::Cancel(i) if !invoices.is_empty() => {
                    let _ = billing::cancel(&core, InvoiceId(invoices[i % invoices.len()]), "test", d(TODAY), now());
                }
                _ => {}
            }
        }
        for cur in currencies {
            let paid = sum_minor(&core, &format!("SELECT coalesce(sum(amount_minor),0) FROM payments p WHERE currency='{cur}' AND NOT EXISTS (SELECT 1 FROM payment_reversals r WHERE r.payment_id=p.id)"));
            let allocated = sum_minor(&core, &format!("SELECT coalesce(sum(a.amount_minor),0) FROM allocations a JOIN payments p ON p.id=a.payment_id WHERE p.currency='{cur}' AND NOT EXISTS (SELECT 1 FROM payment_reversals r WHERE r.payment_id=p.id)"));
            let credit = sum_minor(&core, &format!("SELECT coalesce(sum(p.amount_minor - (SELECT coalesce(sum(a.amount_minor),0) FROM allocations a WHERE a.payment_id=p.id)),0) FROM payments p WHERE currency='{cur}' AND NOT EXISTS (SELECT 1 FROM payment_reversals r WHERE r.payment_id=p.id)"));
            prop_assert_eq!(allocated + credit, paid);
            prop_assert!(credit >= 0);
            let bal = receivables::client_account(&core, client, d(TODAY)).unwrap();
            if let Some(b) = bal.balances.iter().find(|b| b.currency == cur) {
                let m = |s: &str| -> i64 { (s.parse::<rust_decimal::Decimal>().unwrap() * rust_decimal::Decimal::ONE_HUNDRED).try_into().unwrap() };
                prop_assert_eq!(m(&b.balance), m(&b.invoiced) - m(&b.credited) - m(&b.paid) + m(&b.reversed));
                prop_assert_eq!(m(&b.balance), m(&b.open) - m(&b.credit));
                prop_assert_eq!(m(&b.credit), credit);
            }
        }
        prop_assert!(lawdesk::services::check::run(&core).unwrap().ledger_mismatches.is_empty());
    }
}

/// A new quote, invoice or payment for a client starts in its usual currency: that of its
/// latest invoice, else of its latest quote, else none (the firm's default then applies).
#[test]
fn the_usual_currency_follows_the_latest_invoice_then_quote() {
    let (_dir, core, client) = setup();
    assert_eq!(billing::usual_currency(&core, client).unwrap(), None);
    let mut q = quote_input(client);
    q.currency = "RUB".into();
    quotes::create(&core, &q, d(TODAY), now()).unwrap();
    assert_eq!(
        billing::usual_currency(&core, client).unwrap().as_deref(),
        Some("RUB")
    );
    // An invoice outranks any quote, whatever their order.
    billing::issue_ad_hoc(
        &core,
        &InvoiceInput {
            client_id: client,
            currency: "EUR".into(),
            issued_on: TODAY.into(),
            due_on: "2026-12-06".into(),
            lines: vec![line("Consultation", "fixed", "500", "1")],
            ..Default::default()
        },
        d(TODAY),
        now(),
    )
    .unwrap();
    let mut later = quote_input(client);
    later.currency = "USD".into();
    quotes::create(&core, &later, d(TODAY), now()).unwrap();
    assert_eq!(
        billing::usual_currency(&core, client).unwrap().as_deref(),
        Some("EUR")
    );
}

/// Regression: an engagement with a contract (schema 0007) used to block destruction (its
/// row refers to the engagement; destruction did not know the table). Every table on the
/// checked list is cleared.
#[test]
fn destruction_removes_an_engagement_contract_too() {
    let (_dir, core, client) = setup();
    let q = quotes::create(&core, &quote_input(client), d(TODAY), now()).unwrap();
    let a = quotes::accept(&core, q.id, d("2010-01-01"), now()).unwrap();
    let contract = lawdesk::domain::letter_details::ContractInput {
        contract_title: "Legal services agreement".into(),
        contract_number: "LS-2010-7".into(),
        ..Default::default()
    };
    billing::save_engagement_contract(&core, a.engagement_id, &contract, now()).unwrap();
    assert_eq!(count(&core, "engagement_contracts"), 1);
    lawdesk::services::client_file::followups::close_matter(
        &core,
        a.matter_id,
        d("2010-06-01"),
        now(),
    )
    .unwrap();
    lawdesk::services::client_file::retention::destroy(&core, client, d(TODAY), now()).unwrap();
    assert_eq!(count(&core, "engagement_contracts"), 0);
    assert_eq!(count(&core, "engagements"), 0);
    lawdesk::services::check::run(&core).unwrap();
}

/// A debtor's written acknowledgment (schema 0012) is client data: evidence the database
/// will not let anyone change or delete, yet destruction at the end of retention removes
/// it with the rest of the file.
#[test]
fn destruction_removes_a_debt_acknowledgment_too() {
    use lawdesk::domain::collections::acknowledgment::AcknowledgmentInput;
    let (_dir, core, client) = setup();
    let q = quotes::create(&core, &quote_input(client), d(TODAY), now()).unwrap();
    let a = quotes::accept(&core, q.id, d("2010-01-01"), now()).unwrap();
    billing::issue_from_plan(&core, a.engagement_id, 1, d("2010-01-01"), d(TODAY), now()).unwrap();
    lawdesk::services::collections::acknowledgments::record(
        &core,
        &AcknowledgmentInput {
            client_id: Some(client.0),
            acknowledged_on: "2010-01-20".into(),
            ..Default::default()
        },
        d(TODAY),
        now(),
    )
    .unwrap();
    assert_eq!(count(&core, "debt_acknowledgments"), 1);
    pay(&core, client, "20000", "2010-02-01");
    billing::issue_from_plan(&core, a.engagement_id, 2, d("2010-06-01"), d(TODAY), now()).unwrap();
    pay(&core, client, "23502.40", "2010-06-05");
    lawdesk::services::client_file::followups::close_matter(
        &core,
        a.matter_id,
        d("2010-06-01"),
        now(),
    )
    .unwrap();
    lawdesk::services::client_file::retention::destroy(&core, client, d(TODAY), now()).unwrap();
    assert_eq!(count(&core, "debt_acknowledgments"), 0);
    lawdesk::services::check::run(&core).unwrap();
}

/// Each late-charge line is rounded to the cent on its own and the total is their sum, on
/// the engagement page and on the issued document: the printed lines add up. Two invoices
/// of 505.00 two days late at 0.05 %/day owe 0.505 each: 0.51 + 0.51 = 1.02 (rounding the
/// exact sum once gave 1.01 under two lines of 0.505).
#[test]
fn late_charge_lines_are_rounded_and_add_up_to_the_total() {
    let (_dir, core, client) = setup();
    let input = QuoteInput {
        lines: vec![line("代理费", "fixed", "1010", "1")],
        factors: Vec::new(),
        discount_percent: "0".into(),
        tax_percent: Some("0".into()),
        plan: vec![
            plan_item("installment", "505", "2026-11-20"),
            plan_item("balance", "505", "2026-11-20"),
        ],
        ..quote_input(client)
    };
    let q = quotes::create(&core, &input, d("2026-11-01"), now()).unwrap();
    quotes::set_status(&core, q.id, "sent", d("2026-11-01"), now()).unwrap();
    let e = quotes::accept(&core, q.id, d("2026-11-01"), now())
        .unwrap()
        .engagement_id;
    for item in [1, 2] {
        billing::issue_from_plan(&core, e, item, d("2026-11-01"), d(TODAY), now()).unwrap();
    }
    let lc = late_charges::late_charges(&core, e, d(TODAY)).unwrap();
    let json = serde_json::to_value(&lc).unwrap();
    let amounts: Vec<&str> = json["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["amount"].as_str().unwrap())
        .collect();
    assert_eq!(amounts, ["0.51", "0.51"], "{json}");
    assert_eq!(json["total"], "1.02");

    let issued = late_charges::issue_late_charges(&core, e, d(TODAY), d(TODAY), now()).unwrap();
    let doc = billing::invoice(&core, InvoiceId(issued.id), d(TODAY)).unwrap();
    let lines: Vec<&str> = doc.lines.iter().map(|l| l.amount.as_str()).collect();
    assert_eq!(lines, ["0.51", "0.51"]);
    assert_eq!(doc.row.total, "1.02");
    assert_eq!(doc.net, "1.02");
}

/// A stored contract date that is neither empty nor a date is `database.corrupt` naming its
/// row, never a blank in the demand, and `check` lists it.
#[test]
fn an_unreadable_contract_date_is_an_error_never_blank() {
    let (_dir, core, client) = setup();
    let q = quotes::create(&core, &quote_input(client), d(TODAY), now()).unwrap();
    let e = quotes::accept(&core, q.id, d("2026-09-20"), now())
        .unwrap()
        .engagement_id;
    let input = lawdesk::domain::letter_details::ContractInput {
        contract_title: "委托代理合同".into(),
        contract_number: "WT-1".into(),
        contract_date: "2026-09-20".into(),
        ..Default::default()
    };
    billing::save_engagement_contract(&core, e, &input, now()).unwrap();
    assert_eq!(
        billing::engagement_contract(&core, e)
            .unwrap()
            .contract_date,
        "2026-09-20"
    );
    core.database()
        .write(|tx| {
            tx.execute(
                "UPDATE engagement_contracts SET contract_date = '2026-09-31'",
                [],
            )
            .map_err(lawdesk::store::sql_error)?;
            Ok(())
        })
        .unwrap();
    let err = billing::engagement_contract(&core, e).unwrap_err();
    assert_eq!(err.code.as_str(), "database.corrupt");
    assert!(err
        .message
        .contains(&format!("engagement_contracts.contract_date (row {e})")));
    let found = lawdesk::services::check::run(&core).unwrap_err().message;
    let finding =
        format!(r#"{{"table":"engagement_contracts","column":"contract_date","row":{e}}}"#);
    assert!(found.contains(&finding), "{found}");
}
