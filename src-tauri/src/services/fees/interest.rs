//! Statutory and contractual interest: the computation reads the user's rate rows and
//! hands them, with the shipped tables, to `domain::interest`; adding a rate row is a use
//! case (one transaction, audited).

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::json;

use crate::domain::interest::{
    self, InterestInput, InterestOutcome, RateRow, RateTables, Rule, TableId, UserRate, Warning,
};
use crate::domain::{AppError, AppResult};
use crate::services::core::Core;
use crate::store::{audit, interest_rates};

fn tables(core: &Core) -> AppResult<RateTables> {
    let user = core.db.read(interest_rates::all)?;
    Ok(RateTables::layered(&user))
}

/// Interest on one debt; `today` decides whether a table is stale.
pub fn compute(core: &Core, input: &InterestInput, today: NaiveDate) -> AppResult<InterestOutcome> {
    interest::compute(input, &tables(core)?, today)
}

/// The table a rule reads, for `rates RULE`.
#[derive(Debug, Clone, Serialize)]
pub struct RateTableView {
    pub rule: Rule,
    pub table: Option<TableId>,
    pub rows: Vec<RateRow>,
    pub warnings: Vec<Warning>,
}

fn table_of(rule: Rule) -> AppResult<TableId> {
    rule.table()
        .ok_or_else(|| AppError::field("rule", "not_for_rule"))
}

pub fn rates(core: &Core, rule: Rule, today: NaiveDate) -> AppResult<RateTableView> {
    let table = table_of(rule)?;
    let tables = tables(core)?;
    Ok(RateTableView {
        rule,
        table: Some(table),
        rows: tables.rows(table).to_vec(),
        warnings: tables.staleness(table, today).into_iter().collect(),
    })
}

/// Adds a newer rate to the table `rule` reads: refused when it overlaps the table or
/// leaves a half-year without a rate. One transaction with its audit row.
pub fn add_rate(
    core: &Core,
    rule: Rule,
    from: NaiveDate,
    rate: Decimal,
    source: &str,
    now: DateTime<Utc>,
) -> AppResult<RateRow> {
    let row = UserRate {
        table: table_of(rule)?,
        from,
        rate,
        source: source.trim().to_string(),
        added_on: now.date_naive(),
    };
    core.db.write(|tx| {
        let user = interest_rates::all(tx)?;
        RateTables::layered(&user).check_new(&row)?;
        let id = interest_rates::insert(tx, &row, now)?;
        audit::record(
            tx,
            now,
            "create",
            "interest_rate",
            &id.to_string(),
            &json!({ "table": row.table.as_str(), "from": row.from, "rate": row.rate.to_string() }),
        )
    })?;
    Ok(RateRow {
        from: row.from,
        rate: row.rate,
        source: row.source,
        checked: Some(row.added_on),
        origin: "user",
    })
}
