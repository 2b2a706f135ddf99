//! What Collections' legal clocks count from, read for the open, overdue invoices as of a
//! date (of one client, or all): due dates, the last item of an instalment plan, payments
//! received on them, the reminders and demands that covered them, and the debtors' kind and
//! language. Dispatch and delivery dates come from `letter_dispatches::dispatch_dates`.

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use super::database::rows;
use super::decode;
use crate::domain::dates;
use crate::domain::ids::ClientId;
use crate::domain::AppResult;

/// The open, overdue invoices as of `?1`, of client `?2` (or all).
const OPEN_WHERE: &str = "io.open_minor > 0 AND io.due_on < ?1
                    AND io.client_id IS NOT NULL AND (?2 IS NULL OR io.client_id = ?2)";

/// One open, overdue invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDebt {
    pub invoice_id: i64,
    pub client_id: ClientId,
    pub matter_id: Option<i64>,
    pub due: NaiveDate,
    /// For an invoice of a plan item, when the plan's current version has several items:
    /// the due date of its last item.
    pub last_instalment_due: Option<NaiveDate>,
}

type DebtRow = (i64, i64, Option<i64>, String, Option<String>);

pub fn open_debts(
    conn: &Connection,
    as_of: NaiveDate,
    client: Option<ClientId>,
) -> AppResult<Vec<OpenDebt>> {
    let list: Vec<DebtRow> = rows(
        conn,
        &format!(
            "SELECT io.invoice_id, io.client_id, i.matter_id, io.due_on,
                    CASE WHEN i.plan_item_no IS NULL THEN NULL ELSE (
                      SELECT CASE WHEN COUNT(*) > 1 THEN MAX(pi.due_on) END FROM plan_items pi
                      WHERE pi.plan_id = (SELECT pp.id FROM payment_plans pp WHERE pp.engagement_id = i.engagement_id
                                          ORDER BY pp.version DESC LIMIT 1)) END
             FROM invoice_open io JOIN invoices i ON i.id = io.invoice_id WHERE {OPEN_WHERE}
             ORDER BY io.client_id, io.due_on, io.invoice_id"
        ),
        params![dates::to_iso(as_of), client.map(|c| c.0)],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    list.into_iter()
        .map(|(id, client, matter, due, last)| {
            Ok(OpenDebt {
                invoice_id: id,
                client_id: ClientId(client),
                matter_id: matter,
                due: decode::date("invoice_open", "due_on", id, &due)?,
                last_instalment_due: decode::opt_date("plan_items", "due_on", id, last.as_deref())?,
            })
        })
        .collect()
}

/// A client with open, overdue invoices: its name, kind, language and `sole_trader` profile text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtorRow {
    pub client_id: ClientId,
    pub name: String,
    pub kind: String,
    pub language: String,
    pub sole_trader: String,
}

pub fn debtors(
    conn: &Connection,
    as_of: NaiveDate,
    client: Option<ClientId>,
) -> AppResult<Vec<DebtorRow>> {
    rows(
        conn,
        &format!(
            "SELECT c.id, c.name, c.kind, c.language,
                    CASE WHEN json_type(c.profile, '$.sole_trader') = 'text'
                         THEN json_extract(c.profile, '$.sole_trader') ELSE '' END
             FROM clients c WHERE c.id IN (SELECT io.client_id FROM invoice_open io WHERE {OPEN_WHERE})"
        ),
        params![dates::to_iso(as_of), client.map(|c| c.0)],
        |r| {
            Ok(DebtorRow {
                client_id: ClientId(r.get(0)?),
                name: r.get(1)?,
                kind: r.get(2)?,
                language: r.get(3)?,
                sole_trader: r.get(4)?,
            })
        },
    )
}

/// (invoice, date received) of every payment allocated to an open, overdue invoice and not
/// reversed.
pub fn payments_on_open(
    conn: &Connection,
    as_of: NaiveDate,
    client: Option<ClientId>,
) -> AppResult<Vec<(i64, NaiveDate)>> {
    let list: Vec<(i64, i64, String)> = rows(
        conn,
        &format!(
            "SELECT a.invoice_id, p.id, p.received_on FROM allocations a JOIN payments p ON p.id = a.payment_id
             WHERE a.invoice_id IN (SELECT io.invoice_id FROM invoice_open io WHERE {OPEN_WHERE})
               AND NOT EXISTS (SELECT 1 FROM payment_reversals r WHERE r.payment_id = p.id)"
        ),
        params![dates::to_iso(as_of), client.map(|c| c.0)],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    list.into_iter()
        .map(|(inv, pay, on)| Ok((inv, decode::date("payments", "received_on", pay, &on)?)))
        .collect()
}

/// A reminder or demand that covered an open, overdue invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterCover {
    pub letter_id: i64,
    pub client_id: ClientId,
    pub kind: String,
    pub invoice_id: i64,
}

pub fn letters_on_open(
    conn: &Connection,
    as_of: NaiveDate,
    client: Option<ClientId>,
) -> AppResult<Vec<LetterCover>> {
    rows(
        conn,
        &format!(
            "SELECT l.id, l.client_id, l.kind, li.invoice_id FROM letter_invoices li JOIN letters l ON l.id = li.letter_id
             WHERE l.kind IN ('reminder', 'second_reminder', 'demand')
               AND li.invoice_id IN (SELECT io.invoice_id FROM invoice_open io WHERE {OPEN_WHERE})
             ORDER BY l.id, li.invoice_id"
        ),
        params![dates::to_iso(as_of), client.map(|c| c.0)],
        |r| {
            Ok(LetterCover {
                letter_id: r.get(0)?,
                client_id: ClientId(r.get(1)?),
                kind: r.get(2)?,
                invoice_id: r.get(3)?,
            })
        },
    )
}
