//! Reading stored text back into values. A stored value that does not parse is never
//! replaced by a default: it is `database.corrupt` (`ErrorCode::StoredValueCorrupt`), and the
//! message names the table, the column and the row id — never the value itself, which may
//! be personal data.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::money::{Currency, Money};
use crate::domain::{dates, AppError, AppResult, ErrorCode};

/// Where a stored value lives: table, column and the row's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Cell {
    pub table: &'static str,
    pub column: &'static str,
    pub row: i64,
}

impl Cell {
    pub fn new(table: &'static str, column: &'static str, row: i64) -> Cell {
        Cell { table, column, row }
    }
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{} (row {})", self.table, self.column, self.row)
    }
}

/// The error for a stored value at `table.column`, row `row`, that does not parse as `what`.
pub fn corrupt(table: &'static str, column: &'static str, row: i64, what: &str) -> AppError {
    let cell = Cell::new(table, column, row);
    AppError::new(
        ErrorCode::StoredValueCorrupt,
        format!("The stored value {cell} is not a valid {what}; the database was changed outside Lawdesk or is damaged. Run `lawdesk-cli check`."),
    )
}

/// A stored `YYYY-MM-DD` date.
pub fn date(
    table: &'static str,
    column: &'static str,
    row: i64,
    text: &str,
) -> AppResult<NaiveDate> {
    dates::parse_iso(text).map_err(|_| corrupt(table, column, row, "date"))
}

/// A stored optional date (NULL stays None; text that is not a date is an error).
pub fn opt_date(
    table: &'static str,
    column: &'static str,
    row: i64,
    text: Option<&str>,
) -> AppResult<Option<NaiveDate>> {
    text.map(|t| date(table, column, row, t)).transpose()
}

/// A stored decimal number (a rate, a percentage, an exact line amount).
pub fn decimal(
    table: &'static str,
    column: &'static str,
    row: i64,
    text: &str,
) -> AppResult<Decimal> {
    let value: Decimal = text
        .trim()
        .parse()
        .map_err(|_| corrupt(table, column, row, "number"))?;
    Ok(value)
}

/// A stored ISO 4217 currency code.
pub fn currency(
    table: &'static str,
    column: &'static str,
    row: i64,
    text: &str,
) -> AppResult<Currency> {
    Currency::parse(text).map_err(|_| corrupt(table, column, row, "currency"))
}

/// A stored decimal amount in `currency` (no more places than the currency has).
pub fn money(
    table: &'static str,
    column: &'static str,
    row: i64,
    text: &str,
    currency: Currency,
) -> AppResult<Money> {
    Money::parse(text, currency).map_err(|_| corrupt(table, column, row, "amount"))
}

/// A stored code of an enumeration (a status, a kind) read by `parse`.
pub fn enum_<T>(
    table: &'static str,
    column: &'static str,
    row: i64,
    text: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> AppResult<T> {
    parse(text).ok_or_else(|| corrupt(table, column, row, "code"))
}

/// A coded error on its way out of a rusqlite row closure (see `in_row`).
#[derive(Debug)]
pub struct Carried(pub AppError);

impl std::fmt::Display for Carried {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Carried {}

/// Carries a coded error out of a rusqlite row closure; `sql_error` gives it back unchanged.
pub fn in_row<T>(result: AppResult<T>) -> rusqlite::Result<T> {
    result.map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            Box::new(Carried(e)),
        )
    })
}

type Valid = fn(&str) -> bool;

fn is_date(t: &str) -> bool {
    dates::parse_iso(t).is_ok()
}

fn is_decimal(t: &str) -> bool {
    t.trim().parse::<Decimal>().is_ok()
}

/// Late-charge lines have no unit price: empty, or a number.
fn is_empty_or_decimal(t: &str) -> bool {
    t.is_empty() || is_decimal(t)
}

/// A contract date is optional: empty, or a date.
fn is_empty_or_date(t: &str) -> bool {
    t.is_empty() || is_date(t)
}

fn is_currency(t: &str) -> bool {
    Currency::parse(t).is_ok()
}

fn is_pricing(t: &str) -> bool {
    serde_json::from_str::<crate::domain::quote::Pricing>(t).is_ok()
}

fn is_plan(t: &str) -> bool {
    serde_json::from_str::<Vec<crate::domain::plan::PlanItemInput>>(t).is_ok()
}

fn is_late_terms(t: &str) -> bool {
    serde_json::from_str::<crate::domain::plan::LateTerms>(t).is_ok()
}

/// The money, date and rate columns `check` reads back: (table, id column, column, test).
/// Status and kind columns are held to their values by CHECK constraints; amounts in minor
/// units by STRICT INTEGER columns.
const SCANNED: &[(&str, &str, &str, Valid)] = &[
    ("invoices", "id", "currency", is_currency),
    ("invoices", "id", "issued_on", is_date),
    ("invoices", "id", "due_on", is_date),
    ("invoices", "id", "tax_percent", is_decimal),
    ("invoice_lines", "id", "quantity", is_decimal),
    ("invoice_lines", "id", "unit_price", is_empty_or_decimal),
    ("invoice_lines", "id", "amount", is_decimal),
    ("invoice_lines", "id", "period_from", is_date),
    ("invoice_lines", "id", "period_to", is_date),
    (
        "invoice_cancellations",
        "invoice_id",
        "cancelled_on",
        is_date,
    ),
    ("invoice_open", "invoice_id", "due_on", is_date),
    ("payments", "id", "currency", is_currency),
    ("payments", "id", "received_on", is_date),
    ("payment_reversals", "payment_id", "reversed_on", is_date),
    ("quote_revisions", "id", "currency", is_currency),
    ("quote_revisions", "id", "valid_until", is_date),
    ("quote_revisions", "id", "pricing", is_pricing),
    ("quote_revisions", "id", "plan", is_plan),
    ("quote_revisions", "id", "late_terms", is_late_terms),
    ("engagements", "id", "currency", is_currency),
    ("engagements", "id", "tax_percent", is_decimal),
    ("engagements", "id", "late_rate", is_decimal),
    ("engagements", "id", "accepted_on", is_date),
    ("plan_items", "id", "due_on", is_date),
    ("letters", "id", "issued_on", is_date),
    ("letter_dispatches", "id", "sent_on", is_date),
    (
        "engagement_contracts",
        "engagement_id",
        "contract_date",
        is_empty_or_date,
    ),
    ("letter_dispatches", "id", "delivered_on", is_date),
];

/// Every scanned stored value that does not parse, by table, column and row (never the
/// value). NULL is not a value and passes.
pub fn unreadable(conn: &rusqlite::Connection) -> AppResult<Vec<Cell>> {
    use super::sql_error;
    let mut out = Vec::new();
    for &(table, id, column, valid) in SCANNED {
        let sql =
            format!("SELECT {id}, {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY {id}");
        let mut st = conn.prepare(&sql).map_err(sql_error)?;
        let mut q = st.query([]).map_err(sql_error)?;
        while let Some(r) = q.next().map_err(sql_error)? {
            let ok = match r.get_ref(1).map_err(sql_error)? {
                rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).is_ok_and(valid),
                _ => false,
            };
            if !ok {
                out.push(Cell::new(table, column, r.get(0).map_err(sql_error)?));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_value_names_its_cell_not_itself() {
        let e = date("invoices", "due_on", 7, "2026-02-30 secret").unwrap_err();
        assert_eq!(e.code, ErrorCode::StoredValueCorrupt);
        assert!(
            e.message.contains("invoices.due_on (row 7)"),
            "{}",
            e.message
        );
        assert!(!e.message.contains("secret"));
        assert_eq!(
            decimal("engagements", "tax_percent", 1, "abc")
                .unwrap_err()
                .code,
            ErrorCode::StoredValueCorrupt
        );
        assert_eq!(
            decimal("engagements", "tax_percent", 1, "20").unwrap(),
            Decimal::from(20)
        );
        assert_eq!(opt_date("m", "closed_on", 1, None).unwrap(), None);
    }

    #[test]
    fn a_coded_error_survives_a_row_closure() {
        let e = in_row::<()>(Err(corrupt("payments", "received_on", 3, "date"))).unwrap_err();
        let back = crate::store::sql_error(e);
        assert_eq!(back.code, ErrorCode::StoredValueCorrupt);
        assert!(back.message.contains("payments.received_on (row 3)"));
    }
}
