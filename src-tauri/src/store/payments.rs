//! Payments received, their allocations to invoices, and reversals. Append-only.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::database::{currency_column, rows, sql_error};
use super::decode::{self, in_row};
use crate::domain::dates;
use crate::domain::ids::{BankAccountId, ClientId, InvoiceId, PaymentId};
use crate::domain::money::{Currency, Money};
use crate::domain::payment::Payment;
use crate::domain::{AppError, AppResult};

pub fn insert(
    conn: &Connection,
    p: &Payment,
    voucher: Option<(&str, &str)>,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    conn.execute(
        "INSERT INTO payments(client_id, currency, amount_minor, received_on, method, payer, reference,
                              bank_account_id, notes, voucher_name, voucher_sha256, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            p.client_id.0,
            p.amount.currency().code(),
            p.amount.minor_units()?,
            dates::to_iso(p.received_on),
            p.method,
            p.payer,
            p.reference,
            p.bank_account_id.map(|b| b.0),
            p.notes,
            voucher.map(|v| v.0),
            voucher.map(|v| v.1),
            now.to_rfc3339()
        ],
    )
    .map_err(sql_error)?;
    Ok(conn.last_insert_rowid())
}

pub fn allocate(
    conn: &Connection,
    payment: i64,
    invoice: i64,
    amount: &Money,
    now: DateTime<Utc>,
) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO allocations(payment_id, invoice_id, amount_minor, created_at) VALUES (?1, ?2, ?3, ?4)",
    )
    .map_err(sql_error)?
    .execute(params![payment, invoice, amount.minor_units()?, now.to_rfc3339()])
    .map_err(sql_error)?;
    Ok(())
}

pub fn reverse(
    conn: &Connection,
    payment: i64,
    on: NaiveDate,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    conn.execute(
        "INSERT INTO payment_reversals(payment_id, reversed_on, reason, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![payment, dates::to_iso(on), reason, now.to_rfc3339()],
    )
    .map_err(sql_error)?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct PaymentAllocation {
    pub invoice_id: i64,
    pub invoice_number: String,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PaymentView {
    pub id: i64,
    pub client_id: Option<ClientId>,
    pub client_name: String,
    pub currency: String,
    pub amount: String,
    pub received_on: String,
    pub method: String,
    pub payer: String,
    pub reference: String,
    pub bank_account_id: Option<BankAccountId>,
    pub notes: String,
    pub voucher_name: Option<String>,
    pub voucher_sha256: Option<String>,
    /// What is not allocated to an invoice: client credit (0 once reversed).
    pub unallocated: String,
    pub reversed: Option<(String, String)>,
    pub allocations: Vec<PaymentAllocation>,
}

const SQL: &str = "SELECT p.id, p.client_id, coalesce(c.name, ''), p.currency, p.amount_minor, p.received_on, p.method,
        p.payer, p.reference, p.bank_account_id, p.notes, p.voucher_name, p.voucher_sha256,
        p.amount_minor - (SELECT coalesce(sum(a.amount_minor), 0) FROM allocations a WHERE a.payment_id = p.id),
        r.reversed_on, r.reason
     FROM payments p LEFT JOIN clients c ON c.id = p.client_id
     LEFT JOIN payment_reversals r ON r.payment_id = p.id";

/// A payment as stored, in domain values: what the use cases read. `PaymentView` is its
/// wire form.
#[derive(Debug, Clone)]
pub struct PaymentRecord {
    pub id: PaymentId,
    pub client_id: Option<ClientId>,
    pub client_name: String,
    pub amount: Money,
    pub received_on: NaiveDate,
    pub method: String,
    pub payer: String,
    pub reference: String,
    pub bank_account_id: Option<BankAccountId>,
    pub notes: String,
    pub voucher_name: Option<String>,
    pub voucher_sha256: Option<String>,
    /// What is not allocated to an invoice: client credit (0 once reversed).
    pub unallocated: Money,
    /// When and why it was reversed.
    pub reversed: Option<(NaiveDate, String)>,
    /// Invoice, its number, the amount allocated to it.
    pub allocations: Vec<(InvoiceId, String, Money)>,
}

impl From<&PaymentRecord> for PaymentView {
    fn from(p: &PaymentRecord) -> PaymentView {
        PaymentView {
            id: p.id.0,
            client_id: p.client_id,
            client_name: p.client_name.clone(),
            currency: p.amount.currency().code().into(),
            amount: p.amount.amount().to_string(),
            received_on: dates::to_iso(p.received_on),
            method: p.method.clone(),
            payer: p.payer.clone(),
            reference: p.reference.clone(),
            bank_account_id: p.bank_account_id,
            notes: p.notes.clone(),
            voucher_name: p.voucher_name.clone(),
            voucher_sha256: p.voucher_sha256.clone(),
            unallocated: p.unallocated.amount().to_string(),
            reversed: p
                .reversed
                .as_ref()
                .map(|(on, why)| (dates::to_iso(*on), why.clone())),
            allocations: p
                .allocations
                .iter()
                .map(|(id, number, m)| PaymentAllocation {
                    invoice_id: id.0,
                    invoice_number: number.clone(),
                    amount: m.amount().to_string(),
                })
                .collect(),
        }
    }
}

fn head(r: &rusqlite::Row<'_>) -> rusqlite::Result<PaymentRecord> {
    let currency = currency_column(r, 3)?;
    let m =
        |i: usize| -> rusqlite::Result<Money> { Ok(Money::from_minor_units(r.get(i)?, currency)) };
    let id: i64 = r.get(0)?;
    let received_on: String = r.get(5)?;
    let received_on = in_row(decode::date("payments", "received_on", id, &received_on))?;
    let reversed_on: Option<String> = r.get(14)?;
    let reversed_on = in_row(decode::opt_date(
        "payment_reversals",
        "reversed_on",
        id,
        reversed_on.as_deref(),
    ))?;
    let reversed = match reversed_on {
        Some(d) => Some((d, r.get::<_, String>(15)?)),
        None => None,
    };
    Ok(PaymentRecord {
        id: PaymentId(id),
        client_id: r.get::<_, Option<i64>>(1)?.map(ClientId),
        client_name: r.get(2)?,
        amount: m(4)?,
        received_on,
        method: r.get(6)?,
        payer: r.get(7)?,
        reference: r.get(8)?,
        bank_account_id: r.get::<_, Option<i64>>(9)?.map(BankAccountId),
        notes: r.get(10)?,
        voucher_name: r.get(11)?,
        voucher_sha256: r.get(12)?,
        unallocated: if reversed.is_some() {
            Money::from_minor_units(0, currency)
        } else {
            m(13)?
        },
        reversed,
        allocations: Vec::new(),
    })
}

fn with_allocations(conn: &Connection, mut p: PaymentRecord) -> AppResult<PaymentRecord> {
    let currency = p.amount.currency();
    p.allocations = rows(
        conn,
        "SELECT a.invoice_id, v.number, a.amount_minor FROM allocations a JOIN invoices v ON v.id = a.invoice_id
         WHERE a.payment_id = ?1 ORDER BY a.id",
        [p.id.0],
        |r| {
            Ok((
                InvoiceId(r.get(0)?),
                r.get(1)?,
                Money::from_minor_units(r.get(2)?, currency),
            ))
        },
    )?;
    Ok(p)
}

/// One payment in wire form (the letters read this until they take `PaymentRecord`).
pub fn get(conn: &Connection, id: i64) -> AppResult<PaymentView> {
    Ok(PaymentView::from(&get_record(conn, PaymentId(id))?))
}

/// One payment as stored; a stored value that does not parse is `database.corrupt`.
pub fn get_record(conn: &Connection, id: PaymentId) -> AppResult<PaymentRecord> {
    let p = conn
        .query_row(&format!("{SQL} WHERE p.id = ?1"), [id.0], head)
        .optional()
        .map_err(sql_error)?
        .ok_or_else(|| AppError::not_found("The payment"))?;
    with_allocations(conn, p)
}

/// Payments of `client` (all when `None`), newest first.
pub fn list(
    conn: &Connection,
    client: Option<ClientId>,
    limit: i64,
) -> AppResult<Vec<PaymentRecord>> {
    let heads = rows(
        conn,
        &format!("{SQL} WHERE (?1 IS NULL OR p.client_id = ?1) ORDER BY p.received_on DESC, p.id DESC LIMIT ?2"),
        params![client.map(|c| c.0), limit],
        head,
    )?;
    heads
        .into_iter()
        .map(|p| with_allocations(conn, p))
        .collect()
}

/// A client's payments in `currency` with an unallocated remainder (oldest first).
pub fn with_credit(
    conn: &Connection,
    client: ClientId,
    currency: Currency,
) -> AppResult<Vec<(i64, Money)>> {
    rows(
        conn,
        "SELECT p.id, p.amount_minor - (SELECT coalesce(sum(a.amount_minor), 0) FROM allocations a WHERE a.payment_id = p.id) AS left
         FROM payments p
         WHERE p.client_id = ?1 AND p.currency = ?2
           AND NOT EXISTS (SELECT 1 FROM payment_reversals r WHERE r.payment_id = p.id)
           AND left > 0
         ORDER BY p.received_on, p.id",
        params![client.0, currency.code()],
        |r| Ok((r.get(0)?, Money::from_minor_units(r.get(1)?, currency))),
    )
}

/// Whether payment `id` is reversed, and its client and currency.
pub fn state(conn: &Connection, id: i64) -> AppResult<(Option<ClientId>, Currency, bool)> {
    conn.query_row(
        "SELECT client_id, currency, EXISTS (SELECT 1 FROM payment_reversals r WHERE r.payment_id = p.id)
         FROM payments p WHERE id = ?1",
        [id],
        |r| Ok((r.get::<_, Option<i64>>(0)?.map(ClientId), currency_column(r, 1)?, r.get(2)?)),
    )
    .optional()
    .map_err(sql_error)?
    .ok_or_else(|| AppError::not_found("The payment"))
}
