//! `lawdesk-cli interest` and `lawdesk-cli rates`: late interest by rule, and the rate
//! tables the statutory rules read (shipped, plus the user's newer rows).

use clap::{Args, Subcommand};
use rust_decimal::Decimal;
use serde_json::json;

use super::{ask, to_json};
use crate::domain::interest::{Debtor, InterestInput, Rule};
use crate::domain::money::{parse_decimal, Currency, Money};
use crate::domain::{dates, AppError, AppResult};
use crate::requests::collections::{AddRate, ComputeInterest, GetRateTable};
use crate::requests::Request;
use crate::services::Core;

#[derive(Args, Debug)]
pub struct InterestArgs {
    /// The principal, e.g. 12000 or 12000.50.
    #[arg(long)]
    pub principal: String,
    #[arg(long)]
    pub currency: String,
    /// The due date (interest runs from the next day).
    #[arg(long)]
    pub due: String,
    /// The last day of interest (the payment day counts).
    #[arg(long)]
    pub until: String,
    /// contract, daily, eu, de, fr, uk, ru395, tw or cn_lpr.
    #[arg(long)]
    pub rule: String,
    /// Percent a year (contract; an agreed rate for tw) or a day (daily).
    #[arg(long)]
    pub rate: Option<String>,
    /// consumer or business (de needs it; eu, fr and uk refuse a consumer).
    #[arg(long)]
    pub debtor: Option<String>,
    /// cn_lpr: the LPR multiplier, 1.3 to 1.5 (the court's choice; no default).
    #[arg(long)]
    pub multiplier: Option<String>,
    /// ru395: the contract also sets a penalty for the delay (ст. 395 п. 4 then refuses).
    #[arg(long)]
    pub contract_penalty: bool,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RatesArgs {
    #[command(subcommand)]
    pub command: Option<RatesCommand>,
    /// The rule whose table to print: eu, de, fr, uk, ru395 or cn_lpr.
    pub rule: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum RatesCommand {
    /// Add a newer rate to the table RULE reads (after its last row; half-years in order).
    Add {
        rule: String,
        /// The day the rate takes effect.
        #[arg(long)]
        from: String,
        /// Percent a year, e.g. 2.15.
        #[arg(long)]
        rate: String,
        /// The publication it comes from.
        #[arg(long)]
        source: String,
    },
}

fn date(field: &str, value: &str) -> AppResult<chrono::NaiveDate> {
    dates::parse_iso(value).map_err(|c| AppError::field(field, c))
}

fn decimal(field: &str, value: Option<&String>) -> AppResult<Option<Decimal>> {
    value
        .map(|v| parse_decimal(v).ok_or_else(|| AppError::field(field, "invalid")))
        .transpose()
}

fn input(args: &InterestArgs) -> AppResult<InterestInput> {
    let currency = Currency::parse(&args.currency)?;
    Ok(InterestInput {
        rule: Rule::parse(&args.rule)?,
        principal: Money::parse(&args.principal, currency)?,
        due: date("due", &args.due)?,
        until: date("until", &args.until)?,
        rate: decimal("rate", args.rate.as_ref())?,
        multiplier: decimal("multiplier", args.multiplier.as_ref())?,
        debtor: args.debtor.as_deref().map(Debtor::parse).transpose()?,
        contractual_penalty: args.contract_penalty,
    })
}

pub fn interest(core: &Core, args: InterestArgs) -> AppResult<serde_json::Value> {
    let input = input(&args)?;
    ask(core, ComputeInterest { input })
}

pub fn rates(core: &Core, args: RatesArgs) -> AppResult<serde_json::Value> {
    match args.command {
        Some(RatesCommand::Add {
            rule,
            from,
            rate,
            source,
        }) => {
            let rate = decimal("rate", Some(&rate))?.unwrap_or_default();
            let req = AddRate {
                rule: Rule::parse(&rule)?,
                from: date("from", &from)?,
                rate,
                source,
            };
            ask(core, req)
        }
        None => {
            let rule = args
                .rule
                .ok_or_else(|| AppError::field("rule", "required"))?;
            let view = GetRateTable {
                rule: Rule::parse(&rule)?,
            }
            .handle(core)?;
            for w in &view.warnings {
                eprintln!("lawdesk-cli: warning: {}", w.message);
            }
            let mut rows = to_json(&view.rows)?;
            if let (Some(list), Some(table)) = (rows.as_array_mut(), view.table) {
                for r in list.iter_mut() {
                    r["table"] = json!(table.as_str());
                }
            }
            Ok(rows)
        }
    }
}
