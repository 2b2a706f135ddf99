//! Invoices, late-charge documents and credit notes: written once, then only cancelled or
//! credited. What is still open lives in `invoice_open`, kept by the schema's triggers.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::database::{amount_text, currency_column, rows, sql_error};
use super::decode;
use crate::domain::dates;
use crate::domain::ids::{ClientId, EngagementId, InvoiceId, MatterId, PaymentId};
use crate::domain::invoice::{InvoiceKind, InvoiceStatus, Standing};
use crate::domain::ledger::OpenItem;
use crate::domain::money::{Currency, Money};
use crate::domain::{AppError, AppResult};

/// One document line. `amount` is exact (late-charge lines round only in the total).
#[derive(Debug, Clone, Serialize)]
pub struct NewLine {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub amount: String,
    pub source_invoice_id: Option<i64>,
    pub period: Option<(NaiveDate, NaiveDate)>,
}

pub struct NewInvoice<'a> {
    pub kind: InvoiceKind,
    pub client_id: ClientId,
    pub matter_id: Option<MatterId>,
    pub engagement_id: Option<EngagementId>,
    pub plan_item_no: Option<i64>,
    pub credits_invoice_id: Option<i64>,
    pub issued_on: NaiveDate,
    pub due_on: NaiveDate,
    pub net: Money,
    pub tax: Money,
    pub total: Money,
    pub tax_percent: String,
    pub notes: &'a str,
    pub lines: &'a [NewLine],
}

/// Writes a document under `number` (taken from the firm's sequence by the caller, in the
/// same transaction).
pub fn insert(
    conn: &Connection,
    number: &str,
    v: &NewInvoice<'_>,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    conn.prepare_cached(
        "INSERT INTO invoices(number, kind, client_id, matter_id, engagement_id, plan_item_no, credits_invoice_id,
                              currency, issued_on, due_on, net_minor, tax_minor, total_minor, tax_percent, notes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )
    .map_err(sql_error)?
    .execute(params![
        number,
        v.kind.code(),
        v.client_id.0,
        v.matter_id.map(|m| m.0),
        v.engagement_id.map(|e| e.0),
        v.plan_item_no,
        v.credits_invoice_id,
        v.total.currency().code(),
        dates::to_iso(v.issued_on),
        dates::to_iso(v.due_on),
        v.net.minor_units()?,
        v.tax.minor_units()?,
        v.total.minor_units()?,
        v.tax_percent,
        v.notes,
        now.to_rfc3339()
    ])
    .map_err(sql_error)?;
    let id = conn.last_insert_rowid();
    let mut st = conn
        .prepare_cached(
            "INSERT INTO invoice_lines(invoice_id, seq, description, quantity, unit_price, amount,
                                       source_invoice_id, period_from, period_to)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .map_err(sql_error)?;
    for (i, l) in v.lines.iter().enumerate() {
        st.execute(params![
            id,
            i as i64 + 1,
            l.description,
            l.quantity,
            l.unit_price,
            l.amount,
            l.source_invoice_id,
            l.period.map(|p| dates::to_iso(p.0)),
            l.period.map(|p| dates::to_iso(p.1)),
        ])
        .map_err(sql_error)?;
    }
    Ok(id)
}

pub fn cancel(
    conn: &Connection,
    id: i64,
    on: NaiveDate,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    conn.execute(
        "INSERT INTO invoice_cancellations(invoice_id, cancelled_on, reason, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, dates::to_iso(on), reason, now.to_rfc3339()],
    )
    .map_err(sql_error)?;
    Ok(())
}

/// A row of the invoice list; also the CLI's `invoice list` item (amounts as decimal text).
#[derive(Debug, Clone, Serialize)]
pub struct InvoiceRow {
    pub id: i64,
    pub number: String,
    pub kind: InvoiceKind,
    pub client_id: Option<ClientId>,
    pub client_name: String,
    pub matter_id: Option<MatterId>,
    pub engagement_id: Option<i64>,
    pub currency: String,
    pub total: String,
    pub open_amount: String,
    pub credited: String,
    pub issued_on: String,
    pub due_date: String,
    pub days_overdue: i64,
    /// `open`, `partially_paid`, `overdue`, `paid`, `credited`, `cancelled`, `credit_note`.
    pub status: InvoiceStatus,
    pub credits_invoice_id: Option<i64>,
}

/// Filters of the invoice list; all optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceFilter {
    #[serde(default)]
    pub client_id: Option<ClientId>,
    /// `open` (anything still to pay), `overdue`, `paid`, `cancelled`, or empty for all.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub issued_from: String,
    #[serde(default)]
    pub issued_to: String,
    /// Document number or client name contains this.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub limit: Option<i64>,
}

const ROW_SQL: &str = "SELECT v.id, v.number, v.kind, v.client_id, coalesce(c.name, ''), v.matter_id, v.engagement_id,
        v.currency, v.total_minor, coalesce(o.open_minor, 0), v.issued_on, v.due_on,
        x.invoice_id IS NOT NULL,
        (SELECT coalesce(sum(n.total_minor), 0) FROM invoices n WHERE n.credits_invoice_id = v.id),
        v.credits_invoice_id
     FROM invoices v
     LEFT JOIN clients c ON c.id = v.client_id
     LEFT JOIN invoice_open o ON o.invoice_id = v.id
     LEFT JOIN invoice_cancellations x ON x.invoice_id = v.id";

/// An invoice, credit note or late-charge document as stored, in domain values: what the
/// use cases read. `InvoiceRow` is its wire form.
#[derive(Debug, Clone)]
pub struct Invoice {
    pub id: InvoiceId,
    pub number: String,
    pub kind: InvoiceKind,
    pub client_id: Option<ClientId>,
    pub client_name: String,
    pub matter_id: Option<MatterId>,
    pub engagement_id: Option<EngagementId>,
    pub total: Money,
    pub open: Money,
    pub credited: Money,
    pub issued_on: NaiveDate,
    pub due_on: NaiveDate,
    pub days_overdue: i64,
    pub status: InvoiceStatus,
    pub credits_invoice_id: Option<InvoiceId>,
}

impl Invoice {
    pub fn currency(&self) -> Currency {
        self.total.currency()
    }
}

impl From<&Invoice> for InvoiceRow {
    fn from(v: &Invoice) -> InvoiceRow {
        InvoiceRow {
            id: v.id.0,
            number: v.number.clone(),
            kind: v.kind,
            client_id: v.client_id,
            client_name: v.client_name.clone(),
            matter_id: v.matter_id,
            engagement_id: v.engagement_id.map(|e| e.0),
            currency: v.currency().code().into(),
            total: v.total.amount().to_string(),
            open_amount: v.open.amount().to_string(),
            credited: v.credited.amount().to_string(),
            issued_on: dates::to_iso(v.issued_on),
            due_date: dates::to_iso(v.due_on),
            days_overdue: v.days_overdue,
            status: v.status,
            credits_invoice_id: v.credits_invoice_id.map(|c| c.0),
        }
    }
}

fn row(today: NaiveDate) -> impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<Invoice> {
    move |r| {
        let currency = currency_column(r, 7)?;
        let money = |i: usize| -> rusqlite::Result<Money> {
            Ok(Money::from_minor_units(r.get(i)?, currency))
        };
        let total: i64 = r.get(8)?;
        let open: i64 = r.get(9)?;
        let due_on: String = r.get(11)?;
        let cancelled: bool = r.get(12)?;
        let credited: i64 = r.get(13)?;
        let id: i64 = r.get(0)?;
        let kind: String = r.get(2)?;
        let kind = decode::in_row(decode::enum_(
            "invoices",
            "kind",
            id,
            &kind,
            InvoiceKind::parse,
        ))?;
        let due = decode::in_row(decode::date("invoices", "due_on", id, &due_on))?;
        let issued_on: String = r.get(10)?;
        let issued = decode::in_row(decode::date("invoices", "issued_on", id, &issued_on))?;
        let days_overdue = if open > 0 {
            dates::days_overdue(due, today)
        } else {
            0
        };
        let status = InvoiceStatus::of(Standing {
            kind,
            cancelled,
            total,
            open,
            credited,
            days_overdue,
        });
        Ok(Invoice {
            id: InvoiceId(id),
            number: r.get(1)?,
            kind,
            client_id: r.get::<_, Option<i64>>(3)?.map(ClientId),
            client_name: r.get(4)?,
            matter_id: r.get::<_, Option<i64>>(5)?.map(MatterId),
            engagement_id: r.get::<_, Option<i64>>(6)?.map(EngagementId),
            total: money(8)?,
            open: money(9)?,
            credited: money(13)?,
            issued_on: issued,
            due_on: due,
            days_overdue,
            status,
            credits_invoice_id: r.get::<_, Option<i64>>(14)?.map(InvoiceId),
        })
    }
}

/// Invoices matching `f` in wire form (the letters read these until they take `Invoice`).
pub fn list(conn: &Connection, f: &InvoiceFilter, today: NaiveDate) -> AppResult<Vec<InvoiceRow>> {
    Ok(list_invoices(conn, f, today)?
        .iter()
        .map(InvoiceRow::from)
        .collect())
}

/// Invoices matching `f`, newest first.
pub fn list_invoices(
    conn: &Connection,
    f: &InvoiceFilter,
    today: NaiveDate,
) -> AppResult<Vec<Invoice>> {
    let status_sql = match f.status.as_str() {
        "open" => "o.open_minor > 0",
        "overdue" => "o.open_minor > 0 AND v.due_on < ?7",
        "paid" => {
            "v.kind <> 'credit_note' AND x.invoice_id IS NULL AND coalesce(o.open_minor, 0) = 0"
        }
        "cancelled" => "x.invoice_id IS NOT NULL",
        _ => "1",
    };
    let text = f.text.trim().to_lowercase();
    let sql = format!(
        "{ROW_SQL} WHERE (?1 IS NULL OR v.client_id = ?1) AND (?2 = '' OR v.currency = ?2)
           AND (?3 = '' OR v.issued_on >= ?3) AND (?4 = '' OR v.issued_on <= ?4)
           AND (?5 = '' OR lower(v.number) LIKE '%' || ?5 || '%' OR lower(c.name) LIKE '%' || ?5 || '%')
           AND {status_sql} AND ?7 IS NOT NULL
         ORDER BY v.issued_on DESC, v.id DESC LIMIT ?6"
    );
    rows(
        conn,
        &sql,
        params![
            f.client_id.map(|c| c.0),
            f.currency.trim().to_uppercase(),
            f.issued_from.trim(),
            f.issued_to.trim(),
            text,
            f.limit.unwrap_or(500).clamp(1, 10_000),
            dates::to_iso(today)
        ],
        row(today),
    )
}

/// One invoice in wire form (the letters read these until they take `Invoice`).
pub fn get_row(conn: &Connection, id: i64, today: NaiveDate) -> AppResult<InvoiceRow> {
    Ok(InvoiceRow::from(&get_invoice(conn, InvoiceId(id), today)?))
}

/// One invoice as stored; a stored value that does not parse is `database.corrupt`.
pub fn get_invoice(conn: &Connection, id: InvoiceId, today: NaiveDate) -> AppResult<Invoice> {
    conn.prepare_cached(&format!("{ROW_SQL} WHERE v.id = ?1"))
        .and_then(|mut st| st.query_row([id.0], row(today)).optional())
        .map_err(sql_error)?
        .ok_or_else(|| AppError::not_found("The invoice"))
}

#[derive(Debug, Clone, Serialize)]
pub struct LineView {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub amount: String,
    pub source_invoice_id: Option<i64>,
    pub period_from: Option<String>,
    pub period_to: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AllocationView {
    pub payment_id: i64,
    pub received_on: String,
    pub method: String,
    pub amount: String,
    pub reversed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct InvoiceDetail {
    #[serde(flatten)]
    pub row: InvoiceRow,
    pub net: String,
    pub tax: String,
    pub tax_percent: String,
    pub notes: String,
    pub lines: Vec<LineView>,
    pub payments: Vec<AllocationView>,
    pub credit_notes: Vec<InvoiceRow>,
    pub cancellation: Option<(String, String)>,
}

pub fn get(conn: &Connection, id: i64, today: NaiveDate) -> AppResult<InvoiceDetail> {
    let head = get_row(conn, id, today)?;
    let currency = Currency::parse(&head.currency)?;
    let (net, tax, tax_percent, notes): (i64, i64, String, String) = conn
        .query_row(
            "SELECT net_minor, tax_minor, tax_percent, notes FROM invoices WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .map_err(sql_error)?;
    let lines = rows(
        conn,
        "SELECT description, quantity, unit_price, amount, source_invoice_id, period_from, period_to
         FROM invoice_lines WHERE invoice_id = ?1 ORDER BY seq",
        [id],
        |r| {
            Ok(LineView {
                description: r.get(0)?,
                quantity: r.get(1)?,
                unit_price: r.get(2)?,
                amount: r.get(3)?,
                source_invoice_id: r.get(4)?,
                period_from: r.get(5)?,
                period_to: r.get(6)?,
            })
        },
    )?;
    let payments = rows(
        conn,
        "SELECT p.id, p.received_on, p.method, a.amount_minor,
                EXISTS (SELECT 1 FROM payment_reversals r WHERE r.payment_id = p.id)
         FROM allocations a JOIN payments p ON p.id = a.payment_id WHERE a.invoice_id = ?1 ORDER BY a.id",
        [id],
        |r| {
            Ok(AllocationView {
                payment_id: r.get(0)?,
                received_on: r.get(1)?,
                method: r.get(2)?,
                amount: amount_text(r.get(3)?, currency),
                reversed: r.get(4)?,
            })
        },
    )?;
    let credit_notes = rows(
        conn,
        &format!("{ROW_SQL} WHERE v.credits_invoice_id = ?1 ORDER BY v.id"),
        [id],
        row(today),
    )?;
    let cancellation = conn
        .query_row(
            "SELECT cancelled_on, reason FROM invoice_cancellations WHERE invoice_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(sql_error)?;
    let m = |v: i64| amount_text(v, currency);
    Ok(InvoiceDetail {
        row: head,
        net: m(net),
        tax: m(tax),
        tax_percent,
        notes,
        lines,
        payments,
        credit_notes: credit_notes.iter().map(InvoiceRow::from).collect(),
        cancellation,
    })
}

/// A document line as stored, in values: the quantity and amounts exact (a late-charge
/// line written before lines were rounded holds more places than its currency).
#[derive(Debug, Clone)]
pub struct Line {
    pub description: String,
    pub quantity: rust_decimal::Decimal,
    /// None on late-charge lines.
    pub unit_price: Option<rust_decimal::Decimal>,
    pub amount: rust_decimal::Decimal,
}

/// The lines of document `id`, in order; a stored number that does not parse is
/// `database.corrupt` naming its line.
pub fn lines(conn: &Connection, id: InvoiceId) -> AppResult<Vec<Line>> {
    const T: &str = "invoice_lines";
    rows(
        conn,
        "SELECT id, description, quantity, unit_price, amount FROM invoice_lines
         WHERE invoice_id = ?1 ORDER BY seq",
        [id.0],
        |r| {
            let row: i64 = r.get(0)?;
            let (quantity, unit, amount): (String, String, String) =
                (r.get(2)?, r.get(3)?, r.get(4)?);
            let unit_price = match unit.as_str() {
                "" => None,
                u => Some(decode::in_row(decode::decimal(T, "unit_price", row, u))?),
            };
            Ok(Line {
                description: r.get(1)?,
                quantity: decode::in_row(decode::decimal(T, "quantity", row, &quantity))?,
                unit_price,
                amount: decode::in_row(decode::decimal(T, "amount", row, &amount))?,
            })
        },
    )
}

/// A payment's share of a document, in values.
#[derive(Debug, Clone)]
pub struct Allocation {
    pub payment_id: PaymentId,
    pub received_on: NaiveDate,
    pub method: String,
    pub amount: Money,
    pub reversed: bool,
}

/// The payments allocated to document `id` (in `currency`), in order.
pub fn allocations(
    conn: &Connection,
    id: InvoiceId,
    currency: Currency,
) -> AppResult<Vec<Allocation>> {
    rows(
        conn,
        "SELECT p.id, p.received_on, p.method, a.amount_minor,
                EXISTS (SELECT 1 FROM payment_reversals r WHERE r.payment_id = p.id)
         FROM allocations a JOIN payments p ON p.id = a.payment_id WHERE a.invoice_id = ?1 ORDER BY a.id",
        [id.0],
        |r| {
            let payment: i64 = r.get(0)?;
            let on: String = r.get(1)?;
            Ok(Allocation {
                payment_id: PaymentId(payment),
                received_on: decode::in_row(decode::date("payments", "received_on", payment, &on))?,
                method: r.get(2)?,
                amount: Money::from_minor_units(r.get(3)?, currency),
                reversed: r.get(4)?,
            })
        },
    )
}

/// The credit notes on document `id`, oldest first.
pub fn credit_notes(conn: &Connection, id: InvoiceId, today: NaiveDate) -> AppResult<Vec<Invoice>> {
    rows(
        conn,
        &format!("{ROW_SQL} WHERE v.credits_invoice_id = ?1 ORDER BY v.id"),
        [id.0],
        row(today),
    )
}

/// A client's invoices with something open in `currency` (for allocating a payment).
pub fn open_items(
    conn: &Connection,
    client: ClientId,
    currency: Currency,
) -> AppResult<Vec<OpenItem>> {
    rows(
        conn,
        "SELECT invoice_id, due_on, open_minor FROM invoice_open
         WHERE client_id = ?1 AND currency = ?2 AND open_minor > 0",
        params![client.0, currency.code()],
        |r| {
            let id: i64 = r.get(0)?;
            let due: String = r.get(1)?;
            Ok(OpenItem {
                id,
                due: decode::in_row(decode::date("invoice_open", "due_on", id, &due))?,
                open: Money::from_minor_units(r.get(2)?, currency),
            })
        },
    )
}

/// The day up to which late charges have already been put on a document for `invoice`.
pub fn charged_through(conn: &Connection, invoice: i64) -> AppResult<Option<NaiveDate>> {
    let last: Option<(i64, Option<String>)> = conn
        .query_row(
            "SELECT l.id, l.period_to FROM invoice_lines l JOIN invoices v ON v.id = l.invoice_id
             WHERE l.source_invoice_id = ?1 AND v.kind = 'late_charge'
               AND NOT EXISTS (SELECT 1 FROM invoice_cancellations x WHERE x.invoice_id = v.id)
             ORDER BY l.period_to DESC LIMIT 1",
            [invoice],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(sql_error)?;
    match last {
        Some((line, to)) => decode::opt_date("invoice_lines", "period_to", line, to.as_deref()),
        None => Ok(None),
    }
}

/// Dated allocations to `invoice` that count (their payment not reversed), oldest first.
pub fn payments_on(
    conn: &Connection,
    invoice: i64,
    currency: Currency,
) -> AppResult<Vec<(NaiveDate, Money)>> {
    rows(
        conn,
        "SELECT p.received_on, a.amount_minor, p.id FROM allocations a JOIN payments p ON p.id = a.payment_id
         WHERE a.invoice_id = ?1 AND NOT EXISTS (SELECT 1 FROM payment_reversals r WHERE r.payment_id = p.id)
         ORDER BY p.received_on, a.id",
        [invoice],
        |r| {
            let d: String = r.get(0)?;
            let payment: i64 = r.get(2)?;
            Ok((
                decode::in_row(decode::date("payments", "received_on", payment, &d))?,
                Money::from_minor_units(r.get(1)?, currency),
            ))
        },
    )
}

/// The currency a client is usually billed in: that of its latest invoice, else of its
/// latest quote revision; `None` for a client never billed or quoted.
pub fn usual_currency(conn: &Connection, client: ClientId) -> AppResult<Option<String>> {
    conn.query_row(
        "SELECT currency FROM (
             SELECT currency, 1 AS pick, id FROM invoices WHERE client_id = ?1
             UNION ALL
             SELECT r.currency, 2, r.id FROM quote_revisions r JOIN quotes q ON q.id = r.quote_id
              WHERE q.client_id = ?1)
         ORDER BY pick, id DESC LIMIT 1",
        params![client.0],
        |r| r.get(0),
    )
    .optional()
    .map_err(sql_error)
}

/// The VAT rate an invoice was issued with; unreadable is `database.corrupt`, never 0 %.
pub fn tax_percent(conn: &Connection, id: InvoiceId) -> AppResult<rust_decimal::Decimal> {
    let text: String = conn
        .query_row(
            "SELECT tax_percent FROM invoices WHERE id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .optional()
        .map_err(sql_error)?
        .ok_or_else(|| AppError::not_found("The invoice"))?;
    decode::decimal("invoices", "tax_percent", id.0, &text)
}
