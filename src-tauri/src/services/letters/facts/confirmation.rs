//! A payment confirmation's facts: the invoices the payment covered (and any client
//! credit), whether it came on time and what late charge it left, the bank it reached, and
//! the client's balance as at the letter's date.

use super::{join_sep, money, Ctx, Itemized, Values};
use crate::domain::ids::EngagementId;
use crate::domain::lang::Lang;
use crate::domain::money::{Currency, Money};
use crate::domain::{words, AppResult};
use crate::letters::compose::Table;
use crate::letters::format;
use crate::letters::layout::Align;
use crate::services::fees::late_charges;
use crate::services::letters::terms::{self as terms, Engagement};
use crate::store::payments::PaymentRecord;
use crate::store::{firm, invoices};

/// What a payment covered: one row per invoice and one for client credit, their names, and
/// whether it came by every due date (else the late charges owed when it came).
struct Covered {
    rows: Vec<Vec<String>>,
    covers: Vec<String>,
    on_time: bool,
    late_owed: Money,
    engagement_ids: Vec<Option<EngagementId>>,
}

/// The payment's values; a confirmation asks for no payment.
pub(super) fn itemize(cx: &Ctx, pv: &PaymentRecord, values: &mut Values) -> AppResult<Itemized> {
    let lang = cx.lang;
    let amount = pv.amount;
    let cur = amount.currency();
    let covered = covered(cx, pv)?;
    let table = covered_table(covered.rows, &amount, lang);
    // The bank and the masked number; never the account's internal nickname. An account
    // archived since still names where the money came in; an unreadable one is an error.
    let account = match pv.bank_account_id {
        Some(b) => {
            let a = firm::get_account_ever(cx.c, b)?;
            masked_account(&a.account.bank_name, &a.account_mask)
        }
        None => String::new(),
    };
    let engagement = terms::engagement_of(cx.c, &covered.engagement_ids)?;
    timeliness_values(
        values,
        covered.on_time,
        covered.late_owed,
        engagement.as_ref(),
        lang,
    );
    values.insert(
        "payer",
        if pv.payer.trim().is_empty() || pv.payer.trim() == cx.client.name {
            String::new()
        } else {
            pv.payer.trim().to_string()
        },
    );
    let open_balance = open_balance(cx, cur)?;
    values.insert("amount", money(&amount, lang));
    values.insert("amount_words", words::amount_in_words(amount, lang)?);
    values.insert("paid_on", format::date(pv.received_on, lang));
    values.insert("method", format::method(&pv.method, lang).into());
    values.insert(
        "account",
        if account.trim().is_empty() {
            "—".into()
        } else {
            account
        },
    );
    values.insert("covers", covered.covers.join(join_sep(lang)));
    values.insert(
        "reference",
        if pv.reference.is_empty() {
            "—".into()
        } else {
            pv.reference.clone()
        },
    );
    values.insert("open_balance", open_balance);
    Ok(Itemized {
        table: Some(table),
        ..Itemized::default()
    })
}

/// The invoices the payment was allocated to, then the client credit it left, if any.
fn covered(cx: &Ctx, pv: &PaymentRecord) -> AppResult<Covered> {
    let lang = cx.lang;
    let paid_on = pv.received_on;
    let mut out = Covered {
        rows: Vec::new(),
        covers: Vec::new(),
        on_time: true,
        late_owed: Money::zero(pv.amount.currency()),
        engagement_ids: Vec::new(),
    };
    for (invoice, number, m) in &pv.allocations {
        let row = invoices::get_invoice(cx.c, *invoice, cx.as_of)?;
        // Paid on time only when received by every covered invoice's due date.
        if paid_on > row.due_on {
            out.on_time = false;
            out.late_owed = out
                .late_owed
                .checked_add(&late_charges::invoice_late(cx.c, &row, paid_on)?)?;
        }
        out.engagement_ids.push(row.engagement_id);
        out.covers.push(number.clone());
        out.rows.push(vec![
            number.clone(),
            format::date(row.due_on, lang),
            money(m, lang),
        ]);
    }
    let credit = pv.unallocated;
    if !credit.is_zero() {
        out.covers.push(
            format::pick(
                lang,
                [
                    "预付款（客户余额）",
                    "預付款（客戶餘額）",
                    "аванс",
                    "advance (client credit)",
                ],
            )
            .into(),
        );
        out.rows.push(vec![
            out.covers.last().cloned().unwrap_or_default(),
            String::new(),
            money(&credit, lang),
        ]);
    }
    Ok(out)
}

/// Invoice, due date and amount applied per row, then the payment's total.
fn covered_table(mut rows: Vec<Vec<String>>, amount: &Money, lang: Lang) -> Table {
    let l = format::labels(lang);
    rows.push(vec![l.total.into(), String::new(), money(amount, lang)]);
    Table {
        columns: vec![
            (0.45, Align::Left),
            (0.25, Align::Left),
            (0.3, Align::Right),
        ],
        header: vec![l.invoice.into(), l.due.into(), l.applied.into()],
        rows,
        total_row: true,
    }
}

/// Whether the payment came on time, the late charge it left outstanding, and the
/// engagement's late-charge basis and clause.
fn timeliness_values(
    values: &mut Values,
    on_time: bool,
    late_outstanding: Money,
    engagement: Option<&Engagement>,
    lang: Lang,
) {
    let late_terms = engagement.and_then(|e| e.late.clone());
    values.insert(
        "on_time",
        if on_time { "yes".into() } else { String::new() },
    );
    values.insert(
        "late_outstanding",
        if late_outstanding.is_zero() {
            String::new()
        } else {
            money(&late_outstanding, lang)
        },
    );
    values.insert(
        "late_basis",
        late_terms
            .map(|t| terms::late_basis(&t, "", lang))
            .unwrap_or_default(),
    );
    values.insert(
        "late_clause",
        engagement
            .map(|e| e.contract.late_clause.clone())
            .unwrap_or_default(),
    );
}

/// The client's open balance in the payment's currency as at the letter's date, not today.
fn open_balance(cx: &Ctx, cur: Currency) -> AppResult<String> {
    let lang = cx.lang;
    let open: Vec<String> =
        crate::store::receivables::client_balances(cx.c, cx.client_id, cx.as_of)?
            .into_iter()
            .filter(|b| b.currency == cur.code())
            .map(|b| Money::parse(&b.open, cur).map(|m| money(&m, lang)))
            .collect::<AppResult<_>>()?;
    Ok(open
        .first()
        .cloned()
        .unwrap_or_else(|| money(&Money::zero(cur), lang)))
}

/// "ПАО Сбербанк •••• 2345": the bank and the account's last four characters.
fn masked_account(bank: &str, mask: &str) -> String {
    let tail: String = mask
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if tail.is_empty() {
        bank.to_string()
    } else {
        format!("{bank} •••• {tail}")
    }
}
