//! A dunning letter's facts (reminder, second reminder, demand): every overdue invoice of
//! the client with its contractual late charge to date, the sums per currency, the deadline
//! to pay, the engagement's contract, a demand's appendix and the legal details the file
//! lacks.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};

use super::{bad, join_sep, money, Ctx, Itemized, Values};
use crate::domain::lang::Lang;
use crate::domain::money::Money;
use crate::domain::{words, AppResult};
use crate::letters::appendix::Appendix;
use crate::letters::compose::Table;
use crate::letters::format;
use crate::letters::jurisdiction::Jurisdiction;
use crate::letters::layout::Align;
use crate::services::{fees::late_charges, letters::appendix as letter_appendix, letters::terms};
use crate::store::invoices::{self, Invoice, InvoiceFilter};

/// Sums by currency code.
type Sums = BTreeMap<String, Money>;

/// What the overdue invoices add up to: open amounts and late charges per currency, one
/// row per invoice, the oldest due date and the invoices covered.
struct Owed {
    principal: Sums,
    interest: Sums,
    rows: Vec<Vec<String>>,
    oldest: NaiveDate,
    invoice_ids: Vec<i64>,
}

/// The overdue invoices' values; the letter asks for the first currency's total,
/// referenced by the invoice numbers.
pub(super) fn itemize(cx: &Ctx, values: &mut Values) -> AppResult<Itemized> {
    let lang = cx.lang;
    let all = open_invoices(cx)?;
    let overdue = overdue(&all, cx.exclude_invoices)?;
    let mut owed = owed(cx, &overdue)?;
    let total = totals(&mut owed, lang)?;
    let (ptext, pwords) = per_currency(&owed.principal, lang)?;
    let (itext, _) = per_currency(&owed.interest, lang)?;
    let (ttext, twords) = per_currency(&total, lang)?;
    values.insert("principal", ptext);
    values.insert("principal_words", pwords);
    values.insert("interest", itext);
    values.insert("total", ttext);
    values.insert("total_words", twords);
    let (appendix, missing) = legal_values(cx, &overdue, values)?;
    values.insert("invoice_count", overdue.len().to_string());
    values.insert("oldest_due", format::date(owed.oldest, lang));
    Ok(Itemized {
        table: Some(overdue_table(owed.rows, lang)),
        invoices: owed.invoice_ids,
        pay: total.values().next().copied(),
        pay_reference: overdue
            .iter()
            .map(|r| r.number.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        missing,
        appendix,
    })
}

/// The client's open invoices as at the letter's date.
fn open_invoices(cx: &Ctx) -> AppResult<Vec<Invoice>> {
    invoices::list_invoices(
        cx.c,
        &InvoiceFilter {
            client_id: Some(cx.client_id),
            status: "open".into(),
            limit: Some(10_000),
            ..Default::default()
        },
        cx.as_of,
    )
}

/// The overdue invoices the letter covers (none left out), by currency and due date; none
/// is `nothing_overdue`.
fn overdue<'a>(all: &'a [Invoice], exclude: &[i64]) -> AppResult<Vec<&'a Invoice>> {
    let mut overdue: Vec<&Invoice> = all
        .iter()
        .filter(|r| r.days_overdue > 0 && !exclude.contains(&r.id.0))
        .collect();
    if overdue.is_empty() {
        return Err(bad("id", "nothing_overdue"));
    }
    overdue.sort_by(|a, b| (a.currency().code(), a.due_on).cmp(&(b.currency().code(), b.due_on)));
    Ok(overdue)
}

/// Each overdue invoice's row with its late charge to the letter's date, added up per
/// currency.
fn owed(cx: &Ctx, overdue: &[&Invoice]) -> AppResult<Owed> {
    let lang = cx.lang;
    let mut owed = Owed {
        principal: BTreeMap::new(),
        interest: BTreeMap::new(),
        rows: Vec::new(),
        oldest: cx.as_of,
        invoice_ids: Vec::new(),
    };
    for r in overdue {
        let cur = r.currency();
        let open = r.open;
        let late = late_charges::invoice_late(cx.c, r, cx.as_of)?;
        let due = r.due_on;
        owed.oldest = owed.oldest.min(due);
        let p = owed
            .principal
            .entry(cur.code().to_string())
            .or_insert(Money::zero(cur));
        *p = p.checked_add(&open)?;
        let i = owed
            .interest
            .entry(cur.code().to_string())
            .or_insert(Money::zero(cur));
        *i = i.checked_add(&late)?;
        owed.rows.push(vec![
            r.number.clone(),
            format::date(r.issued_on, lang),
            format::date(due, lang),
            r.days_overdue.to_string(),
            money(&open, lang),
            // Rounded per invoice, as on a late-charge document; the total row is
            // their sum.
            if late.is_zero() {
                "—".into()
            } else {
                money(&late, lang)
            },
        ]);
        owed.invoice_ids.push(r.id.0);
    }
    Ok(owed)
}

/// Open amount plus late charges per currency, each with its total row.
fn totals(owed: &mut Owed, lang: Lang) -> AppResult<Sums> {
    let l = format::labels(lang);
    let mut total: Sums = BTreeMap::new();
    for (code, p) in &owed.principal {
        let i = owed
            .interest
            .get(code)
            .copied()
            .unwrap_or(Money::zero(p.currency()));
        total.insert(code.clone(), p.checked_add(&i)?);
        owed.rows.push(vec![
            format!("{} {code}", l.total),
            String::new(),
            String::new(),
            String::new(),
            money(p, lang),
            money(&i, lang),
        ]);
    }
    Ok(total)
}

/// Invoice, issued, due, days late, open amount and late charge per row.
fn overdue_table(rows: Vec<Vec<String>>, lang: Lang) -> Table {
    let l = format::labels(lang);
    Table {
        columns: vec![
            (0.19, Align::Left),
            (0.15, Align::Left),
            (0.15, Align::Left),
            (0.11, Align::Right),
            (0.2, Align::Right),
            (0.2, Align::Right),
        ],
        header: vec![
            l.invoice.into(),
            l.issued.into(),
            l.due.into(),
            l.days_late.into(),
            l.open.into(),
            l.late_charge.into(),
        ],
        rows,
        total_row: true,
    }
}

/// The deadline the jurisdiction gives, the engagement's contract and late terms, a
/// demand's appendix, and the required legal details the file lacks (left as blanks).
fn legal_values(
    cx: &Ctx,
    overdue: &[&Invoice],
    values: &mut Values,
) -> AppResult<(Option<Appendix>, Vec<&'static str>)> {
    let (kind, lang, debtor) = (cx.kind, cx.lang, cx.debtor);
    let j = Jurisdiction::for_lang(lang);
    values.insert(
        "deadline",
        format::date(cx.as_of + Duration::days(j.days_to_pay(kind, debtor)), lang),
    );
    let engagement_ids: Vec<_> = overdue.iter().map(|r| r.engagement_id).collect();
    let engagement = terms::engagement_of(cx.c, &engagement_ids)?;
    terms::contract_values(values, engagement.as_ref(), lang);
    let appendix = letter_appendix::for_demand(
        cx.c,
        kind,
        lang,
        debtor,
        overdue,
        engagement.as_ref(),
        cx.as_of,
    )?;
    let missing = terms::missing_details(values, &j, kind, debtor, &cx.signer.ids, cx.client_ids);
    Ok((appendix, missing))
}

/// Amounts per currency: "12,000.00 CNY; 300.00 USD" and their words.
fn per_currency(sums: &Sums, lang: Lang) -> AppResult<(String, String)> {
    let mut text = Vec::new();
    let mut w = Vec::new();
    for m in sums.values() {
        text.push(money(m, lang));
        w.push(words::amount_in_words(*m, lang)?);
    }
    Ok((text.join(join_sep(lang)), w.join(join_sep(lang))))
}
