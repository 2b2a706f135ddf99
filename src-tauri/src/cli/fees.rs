//! `lawdesk-cli` commands for fees and money: quote, engagement, invoice, payment, aging.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use super::{ask, date_opt, read_json, read_patch};
use crate::domain::ids::{ClientId, EngagementId, InvoiceId, PaymentId, QuoteId};
use crate::domain::quote_status::QuoteStatus;
use crate::domain::AppResult;
use crate::requests::fees::*;
use crate::requests::Request;
use crate::services::Core;

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
    /// The contract a demand letter cites; with --set, change the fields given on stdin, of
    /// {"contract_title","contract_number","contract_date","work_done","late_clause",
    /// "dispute_forum" (court|arbitration),"arbitration_body"} (absent = unchanged, null =
    /// cleared).
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
        /// A key of your choosing: a retry with the same key returns the first invoice.
        #[arg(long)]
        request_key: Option<String>,
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
    match cmd {
        QuoteCommand::Add => ask(
            core,
            SaveQuote {
                id: None,
                input: read_json()?,
            },
        ),
        QuoteCommand::Revise { id } => ask(
            core,
            SaveQuote {
                id: Some(id),
                input: read_json()?,
            },
        ),
        QuoteCommand::List { client } => ask(
            core,
            ListQuotes {
                client_id: client.map(ClientId),
            },
        ),
        QuoteCommand::Get { id } => ask(core, GetQuote { id }),
        QuoteCommand::Send { id } => ask(
            core,
            SetQuoteStatus {
                id,
                status: QuoteStatus::Sent,
            },
        ),
        QuoteCommand::Decline { id } => ask(
            core,
            SetQuoteStatus {
                id,
                status: QuoteStatus::Declined,
            },
        ),
        QuoteCommand::Accept { id, on } => ask(
            core,
            AcceptQuote {
                id,
                on: date_opt(core, on)?,
            },
        ),
    }
}

pub fn engagement(core: &Core, cmd: EngagementCommand) -> AppResult<serde_json::Value> {
    match cmd {
        EngagementCommand::List { client } => ask(
            core,
            ListEngagements {
                client_id: client.map(ClientId),
            },
        ),
        EngagementCommand::Get { id } => ask(core, GetEngagement { id }),
        EngagementCommand::Plan { id } => {
            let change = read_json()?;
            Ok(json!({ "version": RevisePlan { id, change }.handle(core)? }))
        }
        EngagementCommand::Contract { id, set: true } => {
            let stored = GetEngagementContract { engagement_id: id }.handle(core)?;
            let input = read_patch(&stored)?;
            ask(
                core,
                SaveEngagementContract {
                    engagement_id: id,
                    input,
                },
            )
        }
        EngagementCommand::Contract { id, set: false } => {
            ask(core, GetEngagementContract { engagement_id: id })
        }
        EngagementCommand::LateCharges { id, as_of, issue } => {
            let as_of = date_opt(core, as_of)?;
            if issue {
                ask(
                    core,
                    IssueLateCharges {
                        engagement_id: id,
                        as_of,
                    },
                )
            } else {
                ask(
                    core,
                    ComputeLateCharges {
                        engagement_id: id,
                        as_of,
                    },
                )
            }
        }
    }
}

pub fn invoice(core: &Core, cmd: InvoiceCommand) -> AppResult<serde_json::Value> {
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
            ask(core, ListInvoices { filter })
        }
        InvoiceCommand::Get { id } => ask(core, GetInvoice { id: InvoiceId(id) }),
        InvoiceCommand::Issue { request_key } => IssueInvoice {
            input: read_json()?,
            request_key,
        }
        .handle(core),
        InvoiceCommand::FromPlan {
            engagement,
            item,
            issued_on,
            request_key,
        } => IssuePlanInvoice {
            engagement_id: engagement,
            item_no: item,
            issued_on: date_opt(core, issued_on)?,
            request_key,
        }
        .handle(core),
        InvoiceCommand::Cancel { id, reason } => ask(
            core,
            CancelInvoice {
                id: InvoiceId(id),
                reason,
            },
        ),
        InvoiceCommand::Credit { id, amount, reason } => ask(
            core,
            CreditInvoice {
                id: InvoiceId(id),
                amount,
                reason,
            },
        ),
    }
}

pub fn payment(core: &Core, cmd: PaymentCommand) -> AppResult<serde_json::Value> {
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
            let voucher = match &voucher {
                Some(p) => Some(Voucher {
                    name: p.display().to_string(),
                    bytes: std::fs::read(p)?,
                }),
                None => None,
            };
            let flags = PaymentFlags {
                invoice: invoice.map(InvoiceId),
                client: client.map(ClientId),
                currency,
                amount,
                date,
                method,
                reference,
                payer,
            };
            RecordPayment {
                entry: PaymentEntry::Flags(flags),
                voucher,
                request_key,
            }
            .handle(core)
        }
        PaymentCommand::Reverse { id, reason } => ask(
            core,
            ReversePayment {
                id: PaymentId(id),
                reason,
            },
        ),
        PaymentCommand::List { client } => ask(
            core,
            ListPayments {
                client_id: client.map(ClientId),
            },
        ),
        PaymentCommand::Get { id } => ask(core, GetPayment { id: PaymentId(id) }),
    }
}
