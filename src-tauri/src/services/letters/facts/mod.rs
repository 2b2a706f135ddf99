//! The facts a letter states, gathered in one read: the firm and the client, and per kind
//! the quote's pricing, the payment and what it covered, or every overdue invoice with its
//! contractual late charge to date — as template values and the itemized table.
//!
//! `parties` (the firm as it signs, the client and how it is addressed, the recipient
//! block), `quote` (the pricing table and payment plan), `confirmation` (what a payment
//! covered, whether it came on time, the balance left), `dunning` (a client's overdue
//! invoices with their late charges, the deadline, the contract, the appendix and the
//! missing legal details); here: the request, the subject read once, the payment details.

mod confirmation;
mod dunning;
mod parties;
mod quote;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::ids::{ClientId, MatterId, PaymentId, QuoteId};
use crate::domain::lang::Lang;
use crate::domain::money::Money;
use crate::domain::{dates, AppError, AppResult};
use crate::letters::appendix::Appendix;
use crate::letters::compose::Table;
use crate::letters::format;
use crate::letters::jurisdiction::Debtor;
use crate::letters::layout::Paper;
use crate::letters::templates::{self, Kind};
use crate::services::core::Core;
use crate::services::letters::terms::Signer;
use crate::services::letters::LetterRequest;
use crate::store::clients::ClientView;
use crate::store::firm::{StoredBankAccount, StoredProfile};
use crate::store::letters::{self as store, QrImage};
use crate::store::payments::PaymentRecord;
use crate::store::quotes::QuoteDetail;
use crate::store::Conn as Connection;
use crate::store::{clients, firm, payments, quotes};

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
    // A letter is dated the day it is written or earlier: a day ahead would open next
    // year's number series and put a date on a letter that the recipient cannot yet have.
    if as_of > today {
        return Err(bad("as_of", "future_date"));
    }
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

/// Days overdue from which a client is due for a dunning stage.
pub fn stage_threshold(kind: Kind) -> i64 {
    match kind {
        Kind::SecondReminder => 15,
        Kind::Demand => 30,
        _ => 1,
    }
}

/// What the letter is about: a quote or a payment, read once, or the client's overdue
/// invoices.
enum Subject {
    Quote(Box<QuoteDetail>),
    Payment(Box<PaymentRecord>),
    Client,
}

impl Subject {
    /// The quote or payment the letter is about, read once (a reversed payment is refused).
    fn read(c: &Connection, kind: Kind, id: i64, today: NaiveDate) -> AppResult<Subject> {
        Ok(match kind {
            Kind::Quote => Subject::Quote(Box::new(quotes::get(c, QuoteId(id), today)?)),
            Kind::Confirmation => {
                let p = payments::get_record(c, PaymentId(id))?;
                if p.reversed.is_some() {
                    return Err(bad("id", "already_reversed"));
                }
                Subject::Payment(Box::new(p))
            }
            _ => Subject::Client,
        })
    }

    /// The client, matter and subject the letter is filed under.
    fn filed_under(&self, id: i64) -> AppResult<(ClientId, Option<MatterId>, Option<i64>)> {
        Ok(match self {
            Subject::Quote(q) => (q.summary.client_id, q.summary.matter_id, Some(id)),
            Subject::Payment(p) => (
                p.client_id
                    .ok_or_else(|| AppError::not_found("The payment's client"))?,
                None,
                Some(id),
            ),
            Subject::Client => (ClientId(id), None, None),
        })
    }
}

/// The template values, by placeholder.
type Values = BTreeMap<&'static str, String>;

/// What a subject's facts are read with: the connection, the letter's kind, language and
/// date, the client and its ids, the firm as it signs, and the invoices a dunning letter
/// leaves out.
struct Ctx<'a> {
    c: &'a Connection,
    kind: Kind,
    lang: Lang,
    as_of: NaiveDate,
    client: &'a ClientView,
    client_id: ClientId,
    debtor: Debtor,
    signer: &'a Signer,
    client_ids: &'a BTreeMap<String, String>,
    exclude_invoices: &'a [i64],
}

/// What a subject adds besides its values: the itemized table, the invoices covered, what
/// the payment block asks for, missing legal details and a demand's appendix.
#[derive(Default)]
struct Itemized {
    table: Option<Table>,
    invoices: Vec<i64>,
    pay: Option<Money>,
    pay_reference: String,
    missing: Vec<&'static str>,
    appendix: Option<Appendix>,
}

/// Everything the letter `req` asks for says, as at its date, gathered in one read.
pub(crate) fn gather(core: &Core, req: &LetterRequest, today: NaiveDate) -> AppResult<Facts> {
    let (kind, lang_opt, paper, as_of) = parse_request(req, today)?;
    core.db.read(|c| {
        let profile = firm::get_profile(c)?.ok_or_else(|| bad("firm", "firm_profile_missing"))?;
        let subject = Subject::read(c, kind, req.id, today)?;
        let (client_id, matter_id, subject_id) = subject.filed_under(req.id)?;
        let client = clients::get(c, client_id)?;
        let lang = lang_opt
            .or_else(|| Lang::parse(&client.language))
            .unwrap_or(profile.profile.default_language);
        let parties::Parties {
            debtor,
            signer,
            client_ids,
            mut values,
            recipient,
        } = parties::gather(c, &profile, &client, lang)?;
        let cx = Ctx {
            c,
            kind,
            lang,
            as_of,
            client: &client,
            client_id,
            debtor,
            signer: &signer,
            client_ids: &client_ids,
            exclude_invoices: &req.exclude_invoices,
        };
        let items = match &subject {
            Subject::Quote(q) => quote::itemize(&cx, q, &mut values)?,
            Subject::Payment(p) => confirmation::itemize(&cx, p, &mut values)?,
            Subject::Client => dunning::itemize(&cx, &mut values)?,
        };
        let (account, qr_image) = payment_details(c, items.pay)?;
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
            table: items.table,
            invoices: items.invoices,
            pay: items.pay,
            pay_reference: items.pay_reference,
            account,
            qr_image,
            template,
            debtor,
            signer,
            missing: items.missing,
            appendix: items.appendix,
        })
    })
}

/// The firm's account in the currency to pay and the lawyer's QR image for it.
fn payment_details(
    c: &Connection,
    pay: Option<Money>,
) -> AppResult<(Option<StoredBankAccount>, Option<QrImage>)> {
    Ok(match pay {
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
    })
}
