//! A fee quote's facts: its pricing as an itemized table, its total in figures and words,
//! how long it is valid, its terms and its payment plan.

use super::{join_sep, money, Ctx, Itemized, Values};
use crate::domain::lang::Lang;
use crate::domain::quote::Totals;
use crate::domain::{words, AppResult};
use crate::letters::compose::Table;
use crate::letters::format::{self, Labels};
use crate::letters::layout::Align;
use crate::store::decode;
use crate::store::quotes::QuoteDetail;

/// The quote's values; the letter asks for its total, referenced by the quote's number.
pub(super) fn itemize(cx: &Ctx, q: &QuoteDetail, values: &mut Values) -> AppResult<Itemized> {
    let lang = cx.lang;
    let t = q.pricing.totals()?;
    let table = pricing_table(q, &t, lang);
    values.insert("quote_number", q.summary.number.clone());
    values.insert("quote_title", q.summary.title.clone());
    values.insert("total", money(&t.total, lang));
    values.insert("total_words", words::amount_in_words(t.total, lang)?);
    values.insert("valid_until", format::date(q.summary.valid_until, lang));
    values.insert("terms", q.terms.clone());
    values.insert("plan", plan(q, &t, lang)?);
    Ok(Itemized {
        table: Some(table),
        pay: Some(t.total),
        pay_reference: q.summary.number.clone(),
        ..Itemized::default()
    })
}

/// Stage, service, quantity × rate and amount per line, then the subtotal, factors,
/// discount, tax and total.
fn pricing_table(q: &QuoteDetail, t: &Totals, lang: Lang) -> Table {
    let l = format::labels(lang);
    Table {
        columns: vec![
            (0.2, Align::Left),
            (0.4, Align::Left),
            (0.18, Align::Right),
            (0.22, Align::Right),
        ],
        header: vec![
            l.stage.into(),
            l.service.into(),
            l.quantity.into(),
            l.amount.into(),
        ],
        rows: pricing_rows(q, t, lang, &l),
        total_row: true,
    }
}

fn pricing_rows(q: &QuoteDetail, t: &Totals, lang: Lang, l: &Labels) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = q
        .pricing
        .lines
        .iter()
        .zip(&t.lines)
        .map(|(line, m)| {
            vec![
                line.stage.clone(),
                line.description.clone(),
                format!("{} × {}", line.quantity.normalize(), line.rate.normalize()),
                money(m, lang),
            ]
        })
        .collect();
    rows.push(vec![
        l.subtotal.into(),
        String::new(),
        String::new(),
        money(&t.subtotal, lang),
    ]);
    for f in &q.pricing.factors {
        rows.push(vec![
            l.factor.into(),
            f.reason.clone(),
            format!("× {}", f.multiplier.normalize()),
            String::new(),
        ]);
    }
    if !t.discount.is_zero() {
        rows.push(vec![
            l.discount.into(),
            format!("{} %", q.pricing.discount_percent.normalize()),
            String::new(),
            money(&t.discount.negate(), lang),
        ]);
    }
    if !t.tax.is_zero() {
        rows.push(vec![
            l.tax.into(),
            format!("{} %", q.pricing.tax_percent.normalize()),
            String::new(),
            money(&t.tax, lang),
        ]);
    }
    rows.push(vec![
        l.total.into(),
        String::new(),
        String::new(),
        money(&t.total, lang),
    ]);
    rows
}

/// The payment plan, each instalment as "kind amount (due date)", or the total when the
/// quote has none.
fn plan(q: &QuoteDetail, t: &Totals, lang: Lang) -> AppResult<String> {
    let cur = t.total.currency();
    let rev = q.summary.revision_row;
    let plan: Vec<String> = q
        .plan
        .iter()
        .map(|i| {
            let amount = decode::money("quote_revisions", "plan", rev, &i.amount, cur)?;
            let due = decode::date("quote_revisions", "plan", rev, &i.due_on)?;
            Ok(format!(
                "{} {} ({})",
                plan_kind(&i.kind, lang),
                money(&amount, lang),
                format::date(due, lang)
            ))
        })
        .collect::<AppResult<_>>()?;
    Ok(if plan.is_empty() {
        money(&t.total, lang)
    } else {
        plan.join(join_sep(lang))
    })
}

fn plan_kind(kind: &str, lang: Lang) -> &'static str {
    let names: [&str; 4] = match kind {
        "prepayment" => ["预付款", "預付款", "Предоплата", "Prepayment"],
        "installment" => ["分期款", "分期款", "Платёж", "Instalment"],
        _ => ["尾款", "尾款", "Остаток", "Balance on completion"],
    };
    format::pick(lang, names)
}
