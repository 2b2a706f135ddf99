//! The demo practice's fees: for most matters a quote (most accepted, some sent, declined
//! or still drafts), the engagement with a prepayment + balance plan, invoices for what has
//! fallen due, and payments — most on time, some partial, some never — in the client's
//! currency (CNY, TWD, RUB, EUR, USD). Deterministic for a seed; one transaction.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use crate::domain::dates;
use crate::domain::ids::{ClientId, MatterId};
use crate::domain::money::{Currency, Money};
use crate::domain::payment::Payment;
use crate::domain::plan::{LateTermsInput, PlanItem, PlanItemKind};
use crate::domain::quote::{FactorInput, LineInput, QuoteInput};
use crate::domain::quote_status::QuoteStatus;
use crate::domain::AppResult;
use crate::services::demo::clients::Rng;
use crate::services::fees::billing::{take_number, tax_inside};
use crate::store::engagements::{self, NewEngagement};
use crate::store::invoices::{self, NewInvoice, NewLine};
use crate::store::{firm, matters, payments, quotes, sequences};

#[derive(Debug, Default, serde::Serialize, PartialEq, Eq)]
pub struct FeeCounts {
    pub quotes: u64,
    pub engagements: u64,
    pub invoices: u64,
    pub payments: u64,
}

struct Tariff {
    currency: &'static str,
    fixed: (u64, u64),
    hourly: u64,
    stage: &'static str,
    service: &'static str,
    hearing: &'static str,
    late: (&'static str, &'static str),
}

const TARIFFS: [Tariff; 5] = [
    Tariff {
        currency: "CNY",
        fixed: (150, 800),
        hourly: 1500,
        stage: "一审",
        service: "代理费",
        hearing: "出庭",
        late: ("daily", "0.05"),
    },
    Tariff {
        currency: "TWD",
        fixed: (600, 3000),
        hourly: 6000,
        stage: "第一審",
        service: "委任費",
        hearing: "出庭",
        late: ("annual", "5"),
    },
    Tariff {
        currency: "RUB",
        fixed: (500, 3000),
        hourly: 7500,
        stage: "Первая инстанция",
        service: "Ведение дела",
        hearing: "Участие в заседании",
        late: ("daily", "0.1"),
    },
    Tariff {
        currency: "EUR",
        fixed: (20, 150),
        hourly: 250,
        stage: "Pre-action",
        service: "Advice and letter before action",
        hearing: "Hearing attendance",
        late: ("annual", "8"),
    },
    Tariff {
        currency: "USD",
        fixed: (20, 150),
        hourly: 300,
        stage: "Negotiation",
        service: "Contract review and negotiation",
        hearing: "Meetings",
        late: ("annual", "8"),
    },
];

fn tariff(lang: &str, rng: &mut Rng) -> &'static Tariff {
    match lang {
        "zh-CN" => &TARIFFS[0],
        "zh-TW" => &TARIFFS[1],
        "ru" => &TARIFFS[2],
        _ => &TARIFFS[3 + rng.below(2) as usize],
    }
}

/// Splits `total` into a prepayment of about half and the balance, exactly.
fn halves(total: Money) -> AppResult<(Money, Money)> {
    let units = total.minor_units()?;
    let first = Money::from_minor_units(units / 2, total.currency());
    Ok((first, total.checked_sub(&first)?))
}

pub fn generate(
    tx: &crate::store::Conn,
    seed: u64,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<FeeCounts> {
    let mut rng = Rng::new(seed ^ 0xFEE5_0000);
    let mut out = FeeCounts::default();
    let fees = firm::get_fee_settings(tx)?;
    for m in matters::all_by_opening(tx)? {
        let (mid, cid, opened, lang, title) =
            (m.id.0, m.client_id.0, m.opened_on, m.language, m.title);
        if rng.below(10) < 3 {
            continue;
        }
        let t = tariff(&lang, &mut rng);
        let fixed = (t.fixed.0 + rng.below(t.fixed.1 - t.fixed.0)) * 100;
        let input = QuoteInput {
            client_id: ClientId(cid),
            matter_id: Some(MatterId(mid)),
            title: title.clone(),
            currency: t.currency.into(),
            lines: vec![
                LineInput {
                    stage: t.stage.into(),
                    description: t.service.into(),
                    kind: "fixed".into(),
                    rate: fixed.to_string(),
                    quantity: "1".into(),
                },
                LineInput {
                    stage: t.stage.into(),
                    description: t.hearing.into(),
                    kind: "hourly".into(),
                    rate: t.hourly.to_string(),
                    quantity: (2 + rng.below(8)).to_string(),
                },
            ],
            factors: if rng.below(3) == 0 {
                vec![FactorInput {
                    factor: "complexity".into(),
                    multiplier: "1.2".into(),
                    reason: "multi-party".into(),
                }]
            } else {
                Vec::new()
            },
            discount_percent: if rng.below(4) == 0 {
                "5".into()
            } else {
                "0".into()
            },
            valid_until: dates::to_iso(opened + Duration::days(30)),
            late: LateTermsInput {
                rule: t.late.0.into(),
                rate: t.late.1.into(),
                day_count: "act365".into(),
            },
            ..Default::default()
        };
        let priced = input.validate((fees.vat_percent, fees.prices_include_vat), true)?;
        let (pre, balance) = halves(priced.totals.total)?;
        let plan = vec![
            PlanItem {
                item_no: None,
                kind: PlanItemKind::Prepayment,
                label: String::new(),
                amount: pre,
                due_on: opened + Duration::days(7),
            },
            PlanItem {
                item_no: None,
                kind: PlanItemKind::Balance,
                label: String::new(),
                amount: balance,
                due_on: opened + Duration::days(120 + rng.below(120) as i64),
            },
        ];
        let mut quote = input.validate((fees.vat_percent, fees.prices_include_vat), true)?;
        quote.plan = plan.clone();
        let n = sequences::next(tx, &format!("quote/{}", opened.year()))?;
        let qid = quotes::insert(
            tx,
            &sequences::format_number("Q", opened.year(), n),
            &quote,
            now,
        )?;
        out.quotes += 1;
        let fate = rng.below(20);
        if fate >= 17 {
            let status = [QuoteStatus::Sent, QuoteStatus::Declined, QuoteStatus::Draft]
                [(fate - 17) as usize];
            quotes::set_status(tx, qid, status, None, now)?;
            continue;
        }
        let currency: Currency = priced.totals.total.currency();
        let eid = engagements::insert(
            tx,
            &NewEngagement {
                client_id: ClientId(cid),
                matter_id: MatterId(mid),
                quote_id: Some(qid),
                title: &title,
                total: priced.totals.total,
                tax_percent: priced.pricing.tax_percent,
                late: &priced.late,
                accepted_on: opened,
            },
            now,
        )?;
        engagements::insert_plan(tx, eid, 1, "accepted quote", &plan, now)?;
        quotes::set_status(tx, qid, QuoteStatus::Accepted, Some(eid), now)?;
        out.engagements += 1;
        for (no, item) in plan.iter().enumerate() {
            let issued = (item.due_on - Duration::days(14)).max(opened);
            if issued > today {
                continue;
            }
            let tax = tax_inside(item.amount, priced.pricing.tax_percent)?;
            let number = take_number(tx, crate::domain::invoice::InvoiceKind::Invoice, issued)?;
            let lines = [NewLine {
                description: format!("{title} — {}", item.kind.code()),
                quantity: "1".into(),
                unit_price: item.amount.amount().to_string(),
                amount: item.amount.amount().to_string(),
                source_invoice_id: None,
                period: None,
            }];
            let inv = invoices::insert(
                tx,
                &number,
                &NewInvoice {
                    kind: crate::domain::invoice::InvoiceKind::Invoice,
                    client_id: ClientId(cid),
                    matter_id: Some(MatterId(mid)),
                    engagement_id: Some(eid),
                    plan_item_no: Some(no as i64 + 1),
                    credits_invoice_id: None,
                    issued_on: issued,
                    due_on: item.due_on,
                    net: item.amount.checked_sub(&tax)?,
                    tax,
                    total: item.amount,
                    tax_percent: priced.pricing.tax_percent.normalize().to_string(),
                    notes: "",
                    lines: &lines,
                },
                now,
            )?;
            out.invoices += 1;
            // 70 % paid in full around the due date, 15 % half paid, 15 % not at all.
            let behaviour = rng.below(20);
            let paid_on = item.due_on + Duration::days(rng.below(25) as i64 - 5);
            if behaviour >= 17 || paid_on > today {
                continue;
            }
            let amount = if behaviour >= 14 {
                halves(item.amount)?.0
            } else {
                item.amount
            };
            let method = match currency.code() {
                "CNY" => ["bank_transfer", "wechat_pay", "alipay"][rng.below(3) as usize],
                "RUB" => ["bank_transfer", "sbp"][rng.below(2) as usize],
                _ => ["bank_transfer", "card"][rng.below(2) as usize],
            };
            let p = Payment {
                client_id: ClientId(cid),
                amount,
                received_on: paid_on.max(issued),
                method,
                payer: String::new(),
                reference: number.clone(),
                bank_account_id: None,
                notes: String::new(),
                manual: None,
            };
            let pid = payments::insert(tx, &p, None, now)?;
            payments::allocate(tx, pid, inv, &amount, now)?;
            out.payments += 1;
        }
    }
    Ok(out)
}
