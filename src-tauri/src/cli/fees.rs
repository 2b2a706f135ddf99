//! `lawdesk-cli` commands for fees and money: quote, engagement, invoice, payment, aging.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use super::{date_arg, read_json, to_json};
use crate::domain::commlog::sha256_hex;
use crate::domain::ids::{ClientId, EngagementId, InvoiceId, PaymentId, QuoteId};
use crate::domain::payment::{InvoiceInput, PaymentInput};
use crate::domain::quote::QuoteInput;
use crate::domain::{AppError, AppResult};
use crate::services::fees::billing::InvoiceFilter;
use crate::services::fees::payments::PaymentView;
use crate::services::request_keys::RequestKey;
use crate::services::{self, Core};

#[derive(Subcommand, Debug)]
pub enum QuoteCommand {
    /// Save a new draft quote from JSON on stdin ({"client_id","title","currency","lines",
    /// "factors","discount_percent","tax_percent","valid_until","plan","late",…}).
    Add,
    /// Write a new revision of quote ID (JSON on stdin, as for add).
    Revise { id: QuoteId },
    /// Quotes, newest first.
    List {
        #[arg(long)]
        client: Option<i64>,
    },
    /// One quote with its pricing, plan and every revision.
    Get { id: QuoteId },
    /// Mark quote ID as sent to the client.
    Send { id: QuoteId },
    /// Mark quote ID as declined.
    Decline { id: QuoteId },
    /// Accept quote ID (today or --on DATE): creates the engagement and its payment plan.
    Accept {
        id: QuoteId,
        #[arg(long)]
        on: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum EngagementCommand {
    /// Engagements with their current payment plan.
    List {
        #[arg(long)]
        client: Option<i64>,
    },
    /// One engagement with its plan and plan versions.
    Get { id: EngagementId },
    /// A new plan version from {"reason","items":[{"item_no","kind","label","amount","due_on"}]} on stdin.
    Plan { id: EngagementId },
    /// The contract a demand letter cites; with --set, replace it with {"contract_title",
    /// "contract_number","contract_date","work_done","late_clause","dispute_forum"
    /// (court|arbitration),"arbitration_body"} from stdin.
    Contract {
        id: EngagementId,
        #[arg(long)]
        set: bool,
    },
    /// The contractual late charges up to --as-of; with --issue, put them on a document.
    LateCharges {
        id: EngagementId,
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long)]
        issue: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum InvoiceCommand {
    /// Invoices, newest first.
    List {
        #[arg(long)]
        client: Option<i64>,
        /// Only invoices with something still to pay.
        #[arg(long)]
        open: bool,
        /// `open`, `overdue`, `paid` or `cancelled`.
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        currency: Option<String>,
    },
    /// One invoice with lines, payments and credit notes.
    Get { id: i64 },
    /// Issue an invoice from lines: JSON on stdin ({"client_id","currency","issued_on","due_on","lines",…}).
    Issue {
        /// A key of your choosing: a retry with the same key returns the first invoice.
        #[arg(long)]
        request_key: Option<String>,
    },
    /// Issue the invoice for plan item ITEM of engagement ENGAGEMENT.
    FromPlan {
        #[arg(long)]
        engagement: EngagementId,
        #[arg(long)]
        item: i64,
        #[arg(long)]
        issued_on: Option<String>,
    },
    /// Cancel an invoice nothing has been paid on (the number stays taken).
    Cancel {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Credit part or all of what is open on an invoice (a credit note of its own).
    Credit {
        id: i64,
        #[arg(long)]
        amount: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum PaymentCommand {
    /// Record a payment and allocate it: to --invoice (the rest is client credit), or for
    /// --client in --currency oldest due first.
    Record {
        #[arg(long)]
        invoice: Option<i64>,
        #[arg(long)]
        client: Option<i64>,
        #[arg(long)]
        currency: Option<String>,
        #[arg(long)]
        amount: String,
        /// The day received (default: today, local calendar).
        #[arg(long)]
        date: Option<String>,
        /// bank_transfer, cash, cheque, card, alipay, wechat_pay, sbp, other.
        #[arg(long)]
        method: String,
        #[arg(long, default_value = "")]
        reference: String,
        #[arg(long, default_value = "")]
        payer: String,
        /// The payment voucher (kept in the data folder with its SHA-256).
        #[arg(long)]
        voucher: Option<PathBuf>,
        /// A key of your choosing: a retry with the same key returns the first result and
        /// records nothing again.
        #[arg(long)]
        request_key: Option<String>,
    },
    /// Reverse payment ID recorded by mistake.
    Reverse {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Payments, newest first.
    List {
        #[arg(long)]
        client: Option<i64>,
    },
    /// One payment with its allocations.
    Get { id: i64 },
}

pub fn quote(core: &Core, cmd: QuoteCommand) -> AppResult<serde_json::Value> {
    let now = core.now();
    let today = core.today();
    match cmd {
        QuoteCommand::Add => {
            let input: QuoteInput = read_json()?;
            to_json(services::fees::quotes::create(core, &input, today, now)?)
        }
        QuoteCommand::Revise { id } => {
            let input: QuoteInput = read_json()?;
            to_json(services::fees::quotes::revise(core, id, &input, now)?)
        }
        QuoteCommand::List { client } => to_json(services::fees::quotes::list(
            core,
            client.map(ClientId),
            today,
        )?),
        QuoteCommand::Get { id } => to_json(services::fees::quotes::get(core, id, today)?),
        QuoteCommand::Send { id } => to_json(services::fees::quotes::set_status(
            core, id, "sent", today, now,
        )?),
        QuoteCommand::Decline { id } => to_json(services::fees::quotes::set_status(
            core, id, "declined", today, now,
        )?),
        QuoteCommand::Accept { id, on } => to_json(services::fees::quotes::accept(
            core,
            id,
            date_arg(core, on)?,
            now,
        )?),
    }
}

pub fn engagement(core: &Core, cmd: EngagementCommand) -> AppResult<serde_json::Value> {
    let now = core.now();
    let today = core.today();
    match cmd {
        EngagementCommand::List { client } => to_json(services::fees::billing::engagements(
            core,
            client.map(ClientId),
        )?),
        EngagementCommand::Get { id } => to_json(services::fees::billing::engagement(core, id)?),
        EngagementCommand::Plan { id } => {
            let change: services::fees::billing::PlanChange = read_json()?;
            Ok(json!({ "version": services::fees::billing::revise_plan(core, id, &change, now)? }))
        }
        EngagementCommand::Contract { id, set } => {
            if set {
                let input: crate::domain::letter_details::ContractInput = read_json()?;
                to_json(services::fees::billing::save_engagement_contract(
                    core, id, &input, now,
                )?)
            } else {
                to_json(services::fees::billing::engagement_contract(core, id)?)
            }
        }
        EngagementCommand::LateCharges { id, as_of, issue } => {
            let as_of = date_arg(core, as_of)?;
            if issue {
                to_json(services::fees::late_charges::issue_late_charges(
                    core, id, as_of, today, now,
                )?)
            } else {
                to_json(services::fees::late_charges::late_charges(core, id, as_of)?)
            }
        }
    }
}

pub fn invoice(core: &Core, cmd: InvoiceCommand) -> AppResult<serde_json::Value> {
    let now = core.now();
    let today = core.today();
    match cmd {
        InvoiceCommand::List {
            client,
            open,
            status,
            currency,
        } => {
            let filter = InvoiceFilter {
                client_id: client.map(ClientId),
                status: status.unwrap_or_else(|| if open { "open".into() } else { String::new() }),
                currency: currency.unwrap_or_default(),
                limit: Some(10_000),
                ..Default::default()
            };
            to_json(services::fees::billing::list_invoices(
                core, &filter, today,
            )?)
        }
        InvoiceCommand::Get { id } => to_json(services::fees::billing::invoice(
            core,
            InvoiceId(id),
            today,
        )?),
        InvoiceCommand::Issue { request_key } => {
            let input: InvoiceInput = read_json()?;
            let key = RequestKey::optional(request_key.as_deref(), "invoice.issue", &input)?;
            services::fees::billing::issue_ad_hoc_once(core, &input, today, now, key.as_ref())
        }
        InvoiceCommand::FromPlan {
            engagement,
            item,
            issued_on,
        } => to_json(services::fees::billing::issue_from_plan(
            core,
            engagement,
            item,
            date_arg(core, issued_on)?,
            today,
            now,
        )?),
        InvoiceCommand::Cancel { id, reason } => to_json(services::fees::billing::cancel(
            core,
            InvoiceId(id),
            &reason,
            today,
            now,
        )?),
        InvoiceCommand::Credit { id, amount, reason } => to_json(services::fees::billing::credit(
            core,
            InvoiceId(id),
            &amount,
            &reason,
            today,
            now,
        )?),
    }
}

pub fn payment(core: &Core, cmd: PaymentCommand) -> AppResult<serde_json::Value> {
    let now = core.now();
    let today = core.today();
    match cmd {
        PaymentCommand::Record {
            invoice,
            client,
            currency,
            amount,
            date,
            method,
            reference,
            payer,
            voucher,
            request_key,
        } => {
            let file = match &voucher {
                Some(p) => Some((p.display().to_string(), std::fs::read(p)?)),
                None => None,
            };
            // The request as given, before anything is worked out from the current data.
            let request = json!({
                "invoice": invoice, "client": client, "currency": currency, "amount": amount,
                "date": date, "method": method, "reference": reference, "payer": payer,
                "voucher": file.as_ref().map(|(_, b)| sha256_hex(b)),
            });
            let key = RequestKey::optional(request_key.as_deref(), "payment.record", &request)?;
            if let Some(first) = key.as_ref().map(|k| k.replay(core)).transpose()?.flatten() {
                return Ok(first);
            }
            let mut input = match (invoice, client) {
                (Some(id), _) => services::fees::payments::input_for_invoice(
                    core,
                    InvoiceId(id),
                    &amount,
                    today,
                )?,
                (None, Some(c)) => PaymentInput {
                    client_id: ClientId(c),
                    currency: currency.unwrap_or_default(),
                    amount,
                    ..Default::default()
                },
                (None, None) => return Err(AppError::field("invoice", "required")),
            };
            input.received_on = date.unwrap_or_else(|| today.to_string());
            input.method = method;
            input.reference = reference;
            input.payer = payer;
            services::fees::payments::record_once(
                core,
                &input,
                file.as_ref().map(|(n, b)| (n.as_str(), b.as_slice())),
                today,
                now,
                key.as_ref(),
            )
        }
        PaymentCommand::Reverse { id, reason } => {
            let p = services::fees::payments::reverse(core, PaymentId(id), &reason, today, now)?;
            to_json(PaymentView::from(&p))
        }
        PaymentCommand::List { client } => {
            let list = services::fees::payments::list(core, client.map(ClientId))?;
            to_json(list.iter().map(PaymentView::from).collect::<Vec<_>>())
        }
        PaymentCommand::Get { id } => to_json(PaymentView::from(&services::fees::payments::get(
            core,
            PaymentId(id),
        )?)),
    }
}
