//! Receivables: aging by bucket per currency (currencies are never summed) and balances per
//! client and per matter. Reads `invoice_open`, which holds only what is still open.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::{params, Connection, Row};
use serde::Serialize;

use super::database::{amount_text as text, currency_column, rows, sql_error};
use super::decode;
use crate::domain::dates;
use crate::domain::ids::{ClientId, MatterId};
use crate::domain::ledger::{bucket, Bucket};
use crate::domain::money::Currency;
use crate::domain::AppResult;

const BUCKETS: [Bucket; 5] = [
    Bucket::Current,
    Bucket::Days1To30,
    Bucket::Days31To60,
    Bucket::Days61To90,
    Bucket::Over90,
];

/// Amounts per bucket, as decimal text keyed `current`, `1-30`, `31-60`, `61-90`, `90+`.
#[derive(Debug, Clone, Serialize)]
pub struct Buckets(pub BTreeMap<Bucket, String>);

#[derive(Debug, Clone, Serialize)]
pub struct AgingClient {
    pub client_id: ClientId,
    pub name: String,
    pub total: String,
    pub overdue: String,
    pub oldest_due: String,
    pub buckets: Buckets,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgingCurrency {
    pub currency: String,
    pub total: String,
    pub buckets: Buckets,
    pub clients: Vec<AgingClient>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Aging {
    pub as_of: String,
    pub currencies: Vec<AgingCurrency>,
}

#[derive(Default)]
struct Acc {
    minor: [i64; 5],
    /// ISO dates compare as text.
    oldest: Option<String>,
}

fn buckets(minor: &[i64; 5], c: Currency) -> Buckets {
    Buckets(
        BUCKETS
            .iter()
            .zip(minor)
            .map(|(b, m)| (*b, text(*m, c)))
            .collect(),
    )
}

/// The aging report on `as_of`. Sums are integer minor units per currency, never mixed.
/// Reads only the covering index of open amounts; names are looked up once per client.
pub fn aging(conn: &Connection, as_of: NaiveDate) -> AppResult<Aging> {
    let by_currency = open_by_currency(conn, as_of)?;
    let names = client_names(conn)?;
    let mut currencies = Vec::new();
    for (code, clients) in by_currency {
        currencies.push(currency_aging(code, clients, &names)?);
    }
    Ok(Aging {
        as_of: dates::to_iso(as_of),
        currencies,
    })
}

/// Every open amount summed per currency, client and bucket, with each client's oldest due
/// date (rows come ordered by currency and client).
fn open_by_currency(
    conn: &Connection,
    as_of: NaiveDate,
) -> AppResult<BTreeMap<String, BTreeMap<i64, Acc>>> {
    let mut st = conn
        .prepare_cached(
            "SELECT currency, client_id, due_on, open_minor, invoice_id FROM invoice_open
             WHERE open_minor > 0 ORDER BY currency, client_id",
        )
        .map_err(sql_error)?;
    let mut by_currency: BTreeMap<String, BTreeMap<i64, Acc>> = BTreeMap::new();
    let mut q = st.query([]).map_err(sql_error)?;
    // Due dates repeat a lot; parse each distinct text once.
    let mut parsed: HashMap<String, usize> = Default::default();
    let mut current: Option<(String, BTreeMap<i64, Acc>)> = None;
    while let Some(r) = q.next().map_err(sql_error)? {
        let currency = r
            .get_ref(0)
            .map_err(sql_error)?
            .as_str()
            .unwrap_or_default();
        if current.as_ref().is_none_or(|(c, _)| c != currency) {
            if let Some((c, m)) = current.take() {
                by_currency.insert(c, m);
            }
            current = Some((currency.to_string(), BTreeMap::new()));
        }
        let client: Option<i64> = r.get(1).map_err(sql_error)?;
        let due_text = r
            .get_ref(2)
            .map_err(sql_error)?
            .as_str()
            .unwrap_or_default();
        let i = bucket_index(&mut parsed, r, due_text, as_of)?;
        let open: i64 = r.get(3).map_err(sql_error)?;
        let acc = current
            .as_mut()
            .expect("set above")
            .1
            .entry(client.unwrap_or(0))
            .or_default();
        acc.minor[i] += open;
        if acc.oldest.as_ref().is_none_or(|o| due_text < o.as_str()) {
            acc.oldest = Some(due_text.to_string());
        }
    }
    if let Some((c, m)) = current.take() {
        by_currency.insert(c, m);
    }
    Ok(by_currency)
}

/// The bucket (its place in [`BUCKETS`]) of the row's due date on `as_of`; a date text seen
/// before is not parsed again.
fn bucket_index(
    parsed: &mut HashMap<String, usize>,
    r: &Row<'_>,
    due_text: &str,
    as_of: NaiveDate,
) -> AppResult<usize> {
    Ok(match parsed.get(due_text) {
        Some(i) => *i,
        None => {
            let invoice: i64 = r.get(4).map_err(sql_error)?;
            let d = decode::date("invoice_open", "due_on", invoice, due_text)?;
            let i = BUCKETS
                .iter()
                .position(|b| *b == bucket(d, as_of))
                .unwrap_or(0);
            parsed.insert(due_text.to_string(), i);
            i
        }
    })
}

/// The names of the clients with something open.
fn client_names(conn: &Connection) -> AppResult<HashMap<i64, String>> {
    Ok(rows(
        conn,
        "SELECT id, name FROM clients WHERE id IN (SELECT client_id FROM invoice_open WHERE open_minor > 0)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?
    .into_iter()
    .collect())
}

/// One currency of the report: its clients, most overdue first (then largest), and totals.
fn currency_aging(
    code: String,
    clients: BTreeMap<i64, Acc>,
    names: &HashMap<i64, String>,
) -> AppResult<AgingCurrency> {
    let c = Currency::parse(&code)?;
    let mut total = [0i64; 5];
    let mut list: Vec<(i64, i64, AgingClient)> = clients
        .into_iter()
        .map(|(id, acc)| {
            for (t, m) in total.iter_mut().zip(acc.minor) {
                *t += m;
            }
            let sum: i64 = acc.minor.iter().sum();
            let overdue: i64 = acc.minor[1..].iter().sum();
            (
                overdue,
                sum,
                AgingClient {
                    client_id: ClientId(id),
                    name: names.get(&id).cloned().unwrap_or_default(),
                    total: text(sum, c),
                    overdue: text(overdue, c),
                    oldest_due: acc.oldest.unwrap_or_default(),
                    buckets: buckets(&acc.minor, c),
                },
            )
        })
        .collect();
    list.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    Ok(AgingCurrency {
        currency: code,
        total: text(total.iter().sum(), c),
        buckets: buckets(&total, c),
        clients: list.into_iter().map(|x| x.2).collect(),
    })
}

/// One currency of a client's account.
#[derive(Debug, Clone, Serialize)]
pub struct Balance {
    pub currency: String,
    /// Invoices and late-charge documents issued (not cancelled).
    pub invoiced: String,
    pub credited: String,
    /// Payments received, including reversed ones (see `reversed`).
    pub paid: String,
    pub reversed: String,
    /// invoiced − credited − paid + reversed: what the client owes (negative: the firm owes).
    pub balance: String,
    /// Still open on invoices, and the part of it past due.
    pub open: String,
    pub overdue: String,
    /// Paid and not allocated to any invoice.
    pub credit: String,
}

pub fn client_balances(
    conn: &Connection,
    client: ClientId,
    today: NaiveDate,
) -> AppResult<Vec<Balance>> {
    let mut st = conn
        .prepare_cached(
            "WITH cur(currency) AS (
                 SELECT currency FROM invoices WHERE client_id = ?1 UNION SELECT currency FROM payments WHERE client_id = ?1)
             SELECT cur.currency,
               (SELECT coalesce(sum(v.total_minor), 0) FROM invoices v WHERE v.client_id = ?1 AND v.currency = cur.currency
                  AND v.kind <> 'credit_note' AND NOT EXISTS (SELECT 1 FROM invoice_cancellations x WHERE x.invoice_id = v.id)),
               (SELECT coalesce(sum(v.total_minor), 0) FROM invoices v WHERE v.client_id = ?1 AND v.currency = cur.currency
                  AND v.kind = 'credit_note'),
               (SELECT coalesce(sum(p.amount_minor), 0) FROM payments p WHERE p.client_id = ?1 AND p.currency = cur.currency),
               (SELECT coalesce(sum(p.amount_minor), 0) FROM payments p JOIN payment_reversals r ON r.payment_id = p.id
                  WHERE p.client_id = ?1 AND p.currency = cur.currency),
               (SELECT coalesce(sum(o.open_minor), 0) FROM invoice_open o WHERE o.client_id = ?1 AND o.currency = cur.currency
                  AND o.open_minor > 0),
               (SELECT coalesce(sum(o.open_minor), 0) FROM invoice_open o WHERE o.client_id = ?1 AND o.currency = cur.currency
                  AND o.open_minor > 0 AND o.due_on < ?2),
               (SELECT coalesce(sum(p.amount_minor - (SELECT coalesce(sum(a.amount_minor), 0) FROM allocations a WHERE a.payment_id = p.id)), 0)
                  FROM payments p WHERE p.client_id = ?1 AND p.currency = cur.currency
                  AND NOT EXISTS (SELECT 1 FROM payment_reversals r WHERE r.payment_id = p.id))
             FROM cur ORDER BY cur.currency",
        )
        .map_err(sql_error)?;
    let out = st
        .query_map(params![client.0, dates::to_iso(today)], |r| {
            let c = currency_column(r, 0)?;
            let v: [i64; 7] = [
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ];
            Ok(Balance {
                currency: c.code().into(),
                invoiced: text(v[0], c),
                credited: text(v[1], c),
                paid: text(v[2], c),
                reversed: text(v[3], c),
                balance: text(v[0] - v[1] - v[2] + v[3], c),
                open: text(v[4], c),
                overdue: text(v[5], c),
                credit: text(v[6], c),
            })
        })
        .map_err(sql_error)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(sql_error)?;
    Ok(out)
}

#[derive(Debug, Clone, Serialize)]
pub struct MatterBalance {
    pub matter_id: MatterId,
    pub title: String,
    pub currency: String,
    pub invoiced: String,
    pub open: String,
}

pub fn matter_balances(conn: &Connection, client: ClientId) -> AppResult<Vec<MatterBalance>> {
    rows(
        conn,
        "SELECT m.id, m.title, v.currency,
                sum(CASE WHEN v.kind = 'credit_note' THEN -v.total_minor
                         WHEN x.invoice_id IS NULL THEN v.total_minor ELSE 0 END),
                sum(coalesce(o.open_minor, 0))
         FROM invoices v JOIN matters m ON m.id = v.matter_id
         LEFT JOIN invoice_open o ON o.invoice_id = v.id
         LEFT JOIN invoice_cancellations x ON x.invoice_id = v.id
         WHERE v.client_id = ?1 GROUP BY m.id, v.currency ORDER BY m.id, v.currency",
        [client.0],
        |r| {
            let c = currency_column(r, 2)?;
            Ok(MatterBalance {
                matter_id: MatterId(r.get(0)?),
                title: r.get(1)?,
                currency: c.code().into(),
                invoiced: text(r.get(3)?, c),
                open: text(r.get(4)?, c),
            })
        },
    )
}

/// True when the client owes anything or holds unallocated credit in any currency.
pub fn has_open_balance(conn: &Connection, client: ClientId) -> AppResult<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM invoice_open WHERE client_id = ?1 AND open_minor > 0)
             OR EXISTS (SELECT 1 FROM payments p WHERE p.client_id = ?1
                 AND NOT EXISTS (SELECT 1 FROM payment_reversals r WHERE r.payment_id = p.id)
                 AND p.amount_minor > (SELECT coalesce(sum(a.amount_minor), 0) FROM allocations a WHERE a.payment_id = p.id))",
        [client.0],
        |r| r.get(0),
    )
    .map_err(sql_error)
}

/// Recomputes every invoice's open amount from the ledger and returns the invoices whose
/// kept amount differs (for `check`).
pub fn verify_open(conn: &Connection) -> AppResult<Vec<i64>> {
    rows(
        conn,
        "SELECT v.id FROM invoices v JOIN invoice_open o ON o.invoice_id = v.id
         WHERE o.open_minor <> CASE WHEN EXISTS (SELECT 1 FROM invoice_cancellations x WHERE x.invoice_id = v.id) THEN 0
             ELSE v.total_minor
               - (SELECT coalesce(sum(n.total_minor), 0) FROM invoices n WHERE n.credits_invoice_id = v.id)
               - (SELECT coalesce(sum(a.amount_minor), 0) FROM allocations a WHERE a.invoice_id = v.id
                    AND NOT EXISTS (SELECT 1 FROM payment_reversals r WHERE r.payment_id = a.payment_id)) END",
        [],
        |r| r.get(0),
    )
}
