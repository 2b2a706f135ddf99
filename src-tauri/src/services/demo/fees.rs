//! The demo practice's fees: for most matters a quote (most accepted, some sent, declined
//! or still drafts), the engagement with a prepayment + balance plan, invoices for what has
//! fallen due, and payments — most on time, some partial, some never — in the client's
//! currency (CNY, TWD, RUB, EUR, USD). Deterministic for a seed; one transaction.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::domain::dates;
use crate::domain::fee_settings::FeeSettings;
use crate::domain::money::Money;
use crate::domain::payment::{AllocationInput, PaymentInput};
use crate::domain::plan::{LateTermsInput, PlanItem, PlanItemInput, PlanItemKind};
use crate::domain::quote::{FactorInput, LineInput, QuoteInput};
use crate::domain::AppResult;
use crate::services::demo::clients::Rng;
use crate::services::fees::billing::{self, Issued};
use crate::services::fees::{payments, quotes};
use crate::store::matters::{self, MatterBrief};
use crate::store::Tx;

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

/// Prices, sends, declines or accepts a quote for most matters, issues the invoices that have
/// fallen due and records their payments, in the caller's transaction, each through its use
/// case (`quotes::create`, `set_status`, `accept`, `billing::issue_from_plan`,
/// `payments::record`): numbers from the firm's sequences, audit rows, follow-ups.
pub fn generate(
    tx: &Tx<'_>,
    fees: &FeeSettings,
    seed: u64,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<FeeCounts> {
    let mut rng = Rng::new(seed ^ 0xFEE5_0000);
    let mut out = FeeCounts::default();
    for m in matters::all_by_opening(tx)? {
        if rng.below(10) < 3 {
            continue;
        }
        let t = tariff(&m.language, &mut rng);
        let mut input = quote_input(&mut rng, t, &m);
        // The totals the quote editor shows while the lawyer types.
        let total = input
            .validate((fees.vat_percent, fees.prices_include_vat), true)?
            .totals
            .total;
        let plan = plan(&mut rng, total, m.opened_on)?;
        input.plan = plan.iter().map(plan_item_input).collect();
        let quote = quotes::create_in(tx, &input, m.opened_on, now)?.id;
        out.quotes += 1;
        let fate = rng.below(20);
        if fate >= 17 {
            if let Some(status) = ["sent", "declined"].get((fate - 17) as usize) {
                quotes::set_status_in(tx, quote, status, m.opened_on, now)?;
            }
            continue;
        }
        let engagement = quotes::accept_in(tx, quote, m.opened_on, now)?.engagement_id;
        out.engagements += 1;
        for (no, item) in plan.iter().enumerate() {
            let issued = (item.due_on - Duration::days(14)).max(m.opened_on);
            if issued > today {
                continue;
            }
            let invoice =
                billing::issue_from_plan_in(tx, engagement, no as i64 + 1, issued, today, now)?;
            out.invoices += 1;
            if pay(tx, &mut rng, (&m, item, issued, &invoice), today, now)? {
                out.payments += 1;
            }
        }
    }
    Ok(out)
}

/// The quote for matter `m` as the quote editor would send it: a fixed fee and hours at the
/// tariff's rate, sometimes a complexity factor or a discount; the plan comes later.
fn quote_input(rng: &mut Rng, t: &Tariff, m: &MatterBrief) -> QuoteInput {
    let fixed = (t.fixed.0 + rng.below(t.fixed.1 - t.fixed.0)) * 100;
    QuoteInput {
        client_id: m.client_id,
        matter_id: Some(m.id),
        title: m.title.clone(),
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
        valid_until: dates::to_iso(m.opened_on + Duration::days(30)),
        late: LateTermsInput {
            rule: t.late.0.into(),
            rate: t.late.1.into(),
            day_count: "act365".into(),
        },
        ..Default::default()
    }
}

/// About half of `total` a week after `opened`, the balance four to eight months later.
fn plan(rng: &mut Rng, total: Money, opened: NaiveDate) -> AppResult<Vec<PlanItem>> {
    let (pre, balance) = halves(total)?;
    Ok(vec![
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
    ])
}

/// A plan item as the quote editor sends it.
fn plan_item_input(item: &PlanItem) -> PlanItemInput {
    PlanItemInput {
        item_no: item.item_no,
        kind: item.kind.code().into(),
        label: item.label.clone(),
        amount: item.amount.amount().to_string(),
        due_on: dates::to_iso(item.due_on),
    }
}

/// Records the client's payment of an invoice for a plan item: 70 % in full around the due
/// date, 15 % half, 15 % not at all (nor when it would be after `today`). True when paid.
fn pay(
    tx: &Tx<'_>,
    rng: &mut Rng,
    (m, item, issued, invoice): (&MatterBrief, &PlanItem, NaiveDate, &Issued),
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let behaviour = rng.below(20);
    let paid_on = item.due_on + Duration::days(rng.below(25) as i64 - 5);
    if behaviour >= 17 || paid_on > today {
        return Ok(false);
    }
    let amount = if behaviour >= 14 {
        halves(item.amount)?.0
    } else {
        item.amount
    };
    let currency = amount.currency();
    let method = match currency.code() {
        "CNY" => ["bank_transfer", "wechat_pay", "alipay"][rng.below(3) as usize],
        "RUB" => ["bank_transfer", "sbp"][rng.below(2) as usize],
        _ => ["bank_transfer", "card"][rng.below(2) as usize],
    };
    let input = PaymentInput {
        client_id: m.client_id,
        currency: currency.code().into(),
        amount: amount.amount().to_string(),
        received_on: dates::to_iso(paid_on.max(issued)),
        method: method.into(),
        reference: invoice.number.clone(),
        allocations: vec![AllocationInput {
            invoice_id: invoice.id,
            amount: amount.amount().to_string(),
        }],
        ..Default::default()
    };
    payments::record_in(tx, &input.validate(today)?, None, today, now)?;
    Ok(true)
}
