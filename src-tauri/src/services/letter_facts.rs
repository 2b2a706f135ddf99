//! The facts a letter states, gathered in one read: the firm and the client, and per kind
//! the quote's pricing, the payment and what it covered, or every overdue invoice with its
//! contractual late charge to date — as template values and the itemized table.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};

use super::core::Core;
use super::letter_terms::{self as terms, Signer};
use super::letters::LetterRequest;
use crate::domain::ids::{ClientId, MatterId, PaymentId, QuoteId};
use crate::domain::lang::Lang;
use crate::domain::money::Money;
use crate::domain::{dates, words, AppError, AppResult};
use crate::letters::compose::Table;
use crate::letters::format;
use crate::letters::jurisdiction::{Debtor, Jurisdiction};
use crate::letters::layout::{Align, Paper};
use crate::letters::templates::{self, Kind};
use crate::store::firm::{StoredBankAccount, StoredProfile};
use crate::store::invoices::{Invoice, InvoiceFilter};
use crate::store::letters::{self as store, QrImage};
use crate::store::{clients, decode, firm, invoices, payments, quotes};

/// Everything a letter says, gathered in one read.
pub(crate) struct Facts {
    pub(crate) kind: Kind,
    pub(crate) lang: Lang,
    pub(crate) paper: Paper,
    pub(crate) as_of: NaiveDate,
    pub(crate) client_id: ClientId,
    pub(crate) matter_id: Option<MatterId>,
    pub(crate) subject_id: Option<i64>,
    pub(crate) recipient: Vec<String>,
    pub(crate) profile: StoredProfile,
    pub(crate) values: BTreeMap<&'static str, String>,
    pub(crate) table: Option<Table>,
    pub(crate) invoices: Vec<i64>,
    pub(crate) pay: Option<Money>,
    pub(crate) pay_reference: String,
    pub(crate) account: Option<StoredBankAccount>,
    pub(crate) qr_image: Option<QrImage>,
    pub(crate) template: String,
    pub(crate) debtor: Debtor,
    /// The firm as it signs in this language.
    pub(crate) signer: Signer,
    /// Required legal details the file lacks (`client.inn`, `engagement.contract_number`…),
    /// printed as blanks; reported before writing.
    pub(crate) missing: Vec<&'static str>,
    /// A demand's calculation appendix.
    pub(crate) appendix: Option<crate::letters::appendix::Appendix>,
}

pub(crate) fn bad(field: &str, code: &'static str) -> AppError {
    AppError::field(field, code)
}

fn parse_request(
    r: &LetterRequest,
    today: NaiveDate,
) -> AppResult<(Kind, Option<Lang>, Paper, NaiveDate)> {
    let kind = Kind::parse(&r.kind).ok_or_else(|| bad("kind", "letter_kind"))?;
    let lang = match r.lang.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        Some(l) => Some(Lang::parse(l).ok_or_else(|| bad("lang", "language"))?),
        None => None,
    };
    let paper =
        Paper::parse(r.paper.as_deref().unwrap_or("")).ok_or_else(|| bad("paper", "paper"))?;
    let as_of = match r.as_of.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => dates::parse_near(d, today).map_err(|c| bad("as_of", c))?,
        None => today,
    };
    Ok((kind, lang, paper, as_of))
}

fn money(m: &Money, lang: Lang) -> String {
    format::money(m, lang)
}

fn join_sep(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn | Lang::ZhTw => "；",
        _ => "; ",
    }
}

/// Amounts per currency: "12,000.00 CNY; 300.00 USD" and their words.
fn per_currency(sums: &BTreeMap<String, Money>, lang: Lang) -> AppResult<(String, String)> {
    let mut text = Vec::new();
    let mut w = Vec::new();
    for m in sums.values() {
        text.push(money(m, lang));
        w.push(words::amount_in_words(*m, lang)?);
    }
    Ok((text.join(join_sep(lang)), w.join(join_sep(lang))))
}

/// Days overdue from which a client is due for a dunning stage.
pub fn stage_threshold(kind: Kind) -> i64 {
    match kind {
        Kind::SecondReminder => 15,
        Kind::Demand => 30,
        _ => 1,
    }
}

enum Subject {
    Quote(Box<crate::store::quotes::QuoteDetail>),
    Payment(Box<crate::store::payments::PaymentRecord>),
    Client,
}

pub(crate) fn gather(core: &Core, req: &LetterRequest, today: NaiveDate) -> AppResult<Facts> {
    let (kind, lang_opt, paper, as_of) = parse_request(req, today)?;
    core.db.read(|c| {
        let profile = firm::get_profile(c)?.ok_or_else(|| bad("firm", "firm_profile_missing"))?;
        // The quote or payment the letter is about, read once.
        let subject = match kind {
            Kind::Quote => Subject::Quote(Box::new(quotes::get(c, QuoteId(req.id), today)?)),
            Kind::Confirmation => {
                let p = payments::get_record(c, PaymentId(req.id))?;
                if p.reversed.is_some() {
                    return Err(bad("id", "already_reversed"));
                }
                Subject::Payment(Box::new(p))
            }
            _ => Subject::Client,
        };
        let (client_id, matter_id, subject_id) = match &subject {
            Subject::Quote(q) => (q.summary.client_id, q.summary.matter_id, Some(req.id)),
            Subject::Payment(p) => (
                p.client_id
                    .ok_or_else(|| AppError::not_found("The payment's client"))?,
                None,
                Some(req.id),
            ),
            Subject::Client => (ClientId(req.id), None, None),
        };
        let client = clients::get(c, client_id)?;
        let lang = lang_opt
            .or_else(|| Lang::parse(&client.language))
            .unwrap_or(profile.profile.default_language);
        let debtor = terms::debtor_of(&client);
        let signer = terms::signer(c, &profile, lang)?;
        let client_ids = terms::client_ids(&client);
        let legal_rep = terms::profile_field(&client, "legal_representative");
        let l = format::labels(lang);
        let mut values: BTreeMap<&'static str, String> = BTreeMap::new();
        let p = &profile.profile;
        values.insert("firm_name", signer.name.clone());
        values.insert("firm_address", signer.address.clone());
        values.insert("firm_phone", p.phone.clone());
        values.insert("firm_email", p.email.clone());
        values.insert(
            "firm_ids",
            terms::ids_line(&signer.ids, lang, Debtor::Organization),
        );
        values.insert("lawyer_name", signer.signatory_name.clone());
        values.insert("signatory_title", signer.signatory_title.clone());
        values.insert("client_name", client.name.clone());
        values.insert("client_ids", terms::ids_line(&client_ids, lang, debtor));
        values.insert("debtor", debtor.code().into());
        values.insert(
            "legal_representative",
            if debtor == Debtor::Organization {
                legal_rep.clone()
            } else {
                String::new()
            },
        );
        let [you, salutation, closing] = terms::address_forms(&client, debtor, lang);
        values.insert("you", you);
        values.insert("salutation", salutation);
        values.insert("closing", closing);
        let recipient = recipient_block(&client, debtor, lang, &values);
        let table;
        let mut missing = Vec::new();
        let mut appendix = None;
        let mut invoice_ids = Vec::new();
        let mut pay = None;
        let mut pay_reference = String::new();
        match &subject {
            Subject::Quote(q) => {
                let t = q.pricing.totals()?;
                let cur = t.total.currency();
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
                table = Some(Table {
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
                    rows,
                    total_row: true,
                });
                values.insert("quote_number", q.summary.number.clone());
                values.insert("quote_title", q.summary.title.clone());
                values.insert("total", money(&t.total, lang));
                values.insert("total_words", words::amount_in_words(t.total, lang)?);
                values.insert("valid_until", format::date(q.summary.valid_until, lang));
                values.insert("terms", q.terms.clone());
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
                values.insert(
                    "plan",
                    if plan.is_empty() {
                        money(&t.total, lang)
                    } else {
                        plan.join(join_sep(lang))
                    },
                );
                pay = Some(t.total);
                pay_reference = q.summary.number.clone();
            }
            Subject::Payment(pv) => {
                let amount = pv.amount;
                let cur = amount.currency();
                let mut rows = Vec::new();
                let mut covers = Vec::new();
                let paid_on = pv.received_on;
                let mut on_time = true;
                let mut late_owed = Money::zero(cur);
                let mut engagement_ids = Vec::new();
                for (invoice, number, m) in &pv.allocations {
                    let row = invoices::get_invoice(c, *invoice, as_of)?;
                    // Paid on time only when received by every covered invoice's due date.
                    if paid_on > row.due_on {
                        on_time = false;
                        late_owed = late_owed
                            .checked_add(&super::late_charges::invoice_late(c, &row, paid_on)?)?;
                    }
                    engagement_ids.push(row.engagement_id);
                    covers.push(number.clone());
                    rows.push(vec![
                        number.clone(),
                        format::date(row.due_on, lang),
                        money(m, lang),
                    ]);
                }
                let credit = pv.unallocated;
                if !credit.is_zero() {
                    covers.push(
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
                    rows.push(vec![
                        covers.last().cloned().unwrap_or_default(),
                        String::new(),
                        money(&credit, lang),
                    ]);
                }
                rows.push(vec![l.total.into(), String::new(), money(&amount, lang)]);
                table = Some(Table {
                    columns: vec![
                        (0.45, Align::Left),
                        (0.25, Align::Left),
                        (0.3, Align::Right),
                    ],
                    header: vec![l.invoice.into(), l.due.into(), l.applied.into()],
                    rows,
                    total_row: true,
                });
                // The bank and the masked number; never the account's internal nickname.
                let account = match pv.bank_account_id {
                    Some(b) => firm::get_account(c, b)
                        .map(|a| masked_account(&a.account.bank_name, &a.account_mask))
                        .unwrap_or_default(),
                    None => String::new(),
                };
                let engagement = terms::engagement_of(c, &engagement_ids)?;
                let late_terms = engagement.as_ref().and_then(|e| e.late.clone());
                let late_outstanding = late_owed;
                values.insert(
                    "on_time",
                    if on_time { "yes".into() } else { String::new() },
                );
                values.insert(
                    "payer",
                    if pv.payer.trim().is_empty() || pv.payer.trim() == client.name {
                        String::new()
                    } else {
                        pv.payer.trim().to_string()
                    },
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
                        .as_ref()
                        .map(|e| e.contract.late_clause.clone())
                        .unwrap_or_default(),
                );
                // The balance as at the letter's date, not today.
                let open: Vec<String> =
                    crate::store::receivables::client_balances(c, client_id, as_of)?
                        .into_iter()
                        .filter(|b| b.currency == cur.code())
                        .map(|b| Money::parse(&b.open, cur).map(|m| money(&m, lang)))
                        .collect::<AppResult<_>>()?;
                values.insert("amount", money(&amount, lang));
                values.insert("amount_words", words::amount_in_words(amount, lang)?);
                values.insert("paid_on", format::date(paid_on, lang));
                values.insert("method", format::method(&pv.method, lang).into());
                values.insert(
                    "account",
                    if account.trim().is_empty() {
                        "—".into()
                    } else {
                        account
                    },
                );
                values.insert("covers", covers.join(join_sep(lang)));
                values.insert(
                    "reference",
                    if pv.reference.is_empty() {
                        "—".into()
                    } else {
                        pv.reference.clone()
                    },
                );
                values.insert(
                    "open_balance",
                    open.first()
                        .cloned()
                        .unwrap_or_else(|| money(&Money::zero(cur), lang)),
                );
            }
            Subject::Client => {
                let rows_all = invoices::list_invoices(
                    c,
                    &InvoiceFilter {
                        client_id: Some(client_id),
                        status: "open".into(),
                        limit: Some(10_000),
                        ..Default::default()
                    },
                    as_of,
                )?;
                let overdue: Vec<&Invoice> = rows_all
                    .iter()
                    .filter(|r| r.days_overdue > 0 && !req.exclude_invoices.contains(&r.id.0))
                    .collect();
                if overdue.is_empty() {
                    return Err(bad("id", "nothing_overdue"));
                }
                let mut principal: BTreeMap<String, Money> = BTreeMap::new();
                let mut interest: BTreeMap<String, Money> = BTreeMap::new();
                let mut rows = Vec::new();
                let mut oldest = as_of;
                let mut sorted = overdue.clone();
                sorted.sort_by(|a, b| {
                    (a.currency().code(), a.due_on).cmp(&(b.currency().code(), b.due_on))
                });
                for r in &sorted {
                    let cur = r.currency();
                    let open = r.open;
                    let late = super::late_charges::invoice_late(c, r, as_of)?;
                    let due = r.due_on;
                    oldest = oldest.min(due);
                    let p = principal
                        .entry(cur.code().to_string())
                        .or_insert(Money::zero(cur));
                    *p = p.checked_add(&open)?;
                    let i = interest
                        .entry(cur.code().to_string())
                        .or_insert(Money::zero(cur));
                    *i = i.checked_add(&late)?;
                    rows.push(vec![
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
                    invoice_ids.push(r.id.0);
                }
                let mut total: BTreeMap<String, Money> = BTreeMap::new();
                for (code, p) in &principal {
                    let i = interest
                        .get(code)
                        .copied()
                        .unwrap_or(Money::zero(p.currency()));
                    total.insert(code.clone(), p.checked_add(&i)?);
                    rows.push(vec![
                        format!("{} {code}", l.total),
                        String::new(),
                        String::new(),
                        String::new(),
                        money(p, lang),
                        money(&i, lang),
                    ]);
                }
                table = Some(Table {
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
                });
                let (ptext, pwords) = per_currency(&principal, lang)?;
                let (itext, _) = per_currency(&interest, lang)?;
                let (ttext, twords) = per_currency(&total, lang)?;
                values.insert("principal", ptext);
                values.insert("principal_words", pwords);
                values.insert("interest", itext);
                values.insert("total", ttext);
                values.insert("total_words", twords);
                let j = Jurisdiction::for_lang(lang);
                values.insert(
                    "deadline",
                    format::date(as_of + Duration::days(j.days_to_pay(kind, debtor)), lang),
                );
                let engagement_ids: Vec<_> = sorted.iter().map(|r| r.engagement_id).collect();
                let engagement = terms::engagement_of(c, &engagement_ids)?;
                terms::contract_values(&mut values, engagement.as_ref(), lang);
                appendix = super::letter_appendix::for_demand(
                    c,
                    kind,
                    lang,
                    debtor,
                    &sorted,
                    engagement.as_ref(),
                    as_of,
                )?;
                missing =
                    terms::missing_details(&mut values, &j, kind, debtor, &signer.ids, &client_ids);
                values.insert("invoice_count", overdue.len().to_string());
                values.insert("oldest_due", format::date(oldest, lang));
                pay = total.values().next().copied();
                pay_reference = sorted
                    .iter()
                    .map(|r| r.number.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
            }
        }
        let (account, qr_image) = match pay {
            Some(m) => {
                let account = firm::list_accounts(c)?
                    .into_iter()
                    .find(|a| a.account.currency == m.currency());
                let image = store::qr_images(c)?
                    .into_iter()
                    .find(|q| q.currency == m.currency().code());
                (account, image)
            }
            None => (None, None),
        };
        let template = store::template(c, kind.code(), lang.code())?
            .unwrap_or_else(|| templates::default_template(kind, lang).to_string());
        Ok(Facts {
            kind,
            lang,
            paper,
            as_of,
            client_id,
            matter_id,
            subject_id,
            recipient,
            profile,
            values,
            table,
            invoices: invoice_ids,
            pay,
            pay_reference,
            account,
            qr_image,
            template,
            debtor,
            signer,
            missing,
            appendix,
        })
    })
}

/// The addressee block: name, (Taiwan) the company's 法定代理人, the registration ids the
/// kind expects, and the first address.
fn recipient_block(
    client: &crate::store::clients::ClientView,
    debtor: Debtor,
    lang: Lang,
    values: &BTreeMap<&'static str, String>,
) -> Vec<String> {
    let mut lines = vec![client.name.clone()];
    let rep = values
        .get("legal_representative")
        .cloned()
        .unwrap_or_default();
    if lang == Lang::ZhTw && debtor == Debtor::Organization && !rep.is_empty() {
        lines.push(format!("法定代理人：{rep}"));
    }
    if let Some(ids) = values.get("client_ids").filter(|s| !s.is_empty()) {
        lines.push(ids.clone());
    }
    if let Some(a) = client.addresses.first() {
        lines.push(a.clone());
    }
    lines
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

fn plan_kind(kind: &str, lang: Lang) -> &'static str {
    let names: [&str; 4] = match kind {
        "prepayment" => ["预付款", "預付款", "Предоплата", "Prepayment"],
        "installment" => ["分期款", "分期款", "Платёж", "Instalment"],
        _ => ["尾款", "尾款", "Остаток", "Balance on completion"],
    };
    format::pick(lang, names)
}
