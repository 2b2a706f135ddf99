//! `lawdesk-cli` commands for letters: `words`, `letter KIND`, `letter batch`, print, open,
//! save, dispatch records, templates.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::json;

use super::date_opt;
use super::{ask, read_stdin};
use crate::domain::dispatch::DispatchInput;
use crate::domain::ids::{ClientId, LetterId};
use crate::domain::lang::Lang;
use crate::domain::money::{Currency, Money};
use crate::domain::{words, AppError, AppResult};
use crate::letters::templates::Kind;
use crate::requests::collections::WriteLadderLetters;
use crate::requests::letters::*;
use crate::requests::Request;
use crate::services::Core;

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LetterArgs {
    #[command(subcommand)]
    pub command: Option<LetterCommand>,
    /// quote (ID of a quote), confirmation (ID of a payment), reminder, second_reminder or
    /// demand (ID of a client: one letter covering all its overdue invoices).
    pub kind: Option<String>,
    #[arg(long)]
    pub id: Option<i64>,
    /// zh-CN, zh-TW, ru or en (default: the client's language).
    #[arg(long)]
    pub lang: Option<String>,
    /// a4 (default) or letter.
    #[arg(long)]
    pub paper: Option<String>,
    /// The date the letter speaks of (default today).
    #[arg(long)]
    pub as_of: Option<String>,
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write even though legal details the letter needs are missing (printed as blanks);
    /// without it a demand missing them is refused with `letter_details_missing`.
    #[arg(long)]
    pub allow_missing: bool,
    /// A key of your choosing: a retry with the same key returns the first letter (its PDF
    /// copied to --out again) and takes no second number.
    #[arg(long)]
    pub request_key: Option<String>,
}

// `letter dispatch ID`: its flags (the help text is the variant's).
#[derive(Args, Debug)]
pub struct DispatchArgs {
    id: i64,
    #[arg(long)]
    via: Option<String>,
    #[arg(long)]
    carrier: Option<String>,
    #[arg(long)]
    tracking: Option<String>,
    #[arg(long)]
    sent: Option<String>,
    #[arg(long)]
    delivered: Option<String>,
    #[arg(long)]
    note: Option<String>,
    /// The scan of the delivery receipt (kept under its SHA-256 with the log entry).
    #[arg(long)]
    receipt: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum LetterCommand {
    /// Every letter due at a dunning stage (reminder, second_reminder, demand), one per client.
    Batch {
        #[arg(long)]
        stage: String,
        #[arg(long)]
        out_dir: PathBuf,
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Send a kept letter to the printer (CUPS `lp`; else the PDF viewer).
    Print { id: i64 },
    /// Open a kept letter in the system PDF viewer.
    Open { id: i64 },
    /// Save a copy of a kept letter: to FILE.pdf, or into a folder under its readable name.
    Save {
        id: i64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Record how a letter went out and when it arrived (a new record each time; blanks
    /// carry over from the last one): --via ems|courier|registered_post|email|by_hand.
    Dispatch(DispatchArgs),
    /// E-mail a kept letter with its PDF through the firm's SMTP server (to the client's
    /// address, or --to) and record it as sent (via email, with the Message-ID).
    Email {
        #[arg(long)]
        letter: i64,
        #[arg(long)]
        to: Option<String>,
    },
    /// Dispatch records: one letter's history (--letter), else sent/delivered dates per letter.
    Dispatches {
        #[arg(long)]
        letter: Option<i64>,
        #[arg(long)]
        client: Option<i64>,
    },
    /// Letters written, newest first.
    List {
        #[arg(long)]
        client: Option<i64>,
    },
    /// Print a kind's template in a language.
    Template { kind: String, lang: String },
    /// Replace a kind's template with the text on stdin (checked); --reset restores the built-in one.
    SetTemplate {
        kind: String,
        lang: String,
        #[arg(long)]
        reset: bool,
    },
}

pub fn words_cmd(amount: &str, currency: &str, lang: &str) -> AppResult<String> {
    let c = Currency::parse(currency)?;
    let m = Money::parse(amount, c)?;
    let l = Lang::parse(lang).ok_or_else(|| AppError::field("lang", "language"))?;
    words::amount_in_words(m, l)
}

pub fn letter(core: &Core, args: LetterArgs) -> AppResult<serde_json::Value> {
    let Some(cmd) = args.command else {
        return write_one(core, args);
    };
    match cmd {
        LetterCommand::Batch {
            stage,
            out_dir,
            as_of,
        } => batch(core, &stage, out_dir, as_of),
        LetterCommand::Print { id } => ask(core, PrintLetter { id: LetterId(id) }),
        LetterCommand::Open { id } => ask(core, OpenLetter { id: LetterId(id) }),
        LetterCommand::Save { id, out } => ask(
            core,
            SaveLetterCopy {
                id: LetterId(id),
                to: out,
            },
        ),
        LetterCommand::Dispatch(a) => dispatch(core, a),
        LetterCommand::Email { letter, to } => ask(
            core,
            EmailLetter {
                letter: LetterId(letter),
                to,
            },
        ),
        LetterCommand::Dispatches {
            letter: Some(id), ..
        } => ask(
            core,
            ListDispatchHistory {
                letter: LetterId(id),
            },
        ),
        LetterCommand::Dispatches { client, .. } => ask(
            core,
            ListDispatchDates {
                client: client.map(ClientId),
            },
        ),
        LetterCommand::List { client } => ask(
            core,
            ListLetters {
                client: client.map(ClientId),
            },
        ),
        LetterCommand::Template { kind, lang } => ask(core, GetLetterTemplate { kind, lang }),
        LetterCommand::SetTemplate { kind, lang, reset } => {
            let body = if reset { None } else { Some(read_stdin()?) };
            ask(core, SaveLetterTemplate { kind, lang, body })
        }
    }
}

/// `letter KIND --id ID --out FILE.pdf`: one letter, kept, with a copy at `--out`.
fn write_one(core: &Core, args: LetterArgs) -> AppResult<serde_json::Value> {
    let kind = args
        .kind
        .ok_or_else(|| AppError::field("kind", "required"))?;
    let id = args.id.ok_or_else(|| AppError::field("id", "required"))?;
    let out = args.out.ok_or_else(|| AppError::field("out", "required"))?;
    let letter = LetterRequest {
        kind,
        id,
        lang: args.lang,
        paper: args.paper,
        as_of: args.as_of,
        allow_missing: args.allow_missing,
        exclude_invoices: Vec::new(),
    };
    let g = WriteLetter {
        letter,
        copy_to: Some(out.clone()),
        request_key: args.request_key,
    }
    .handle(core)?;
    Ok(json!({
        "path": out.display().to_string(),
        "sha256": g.sha256,
        "pages": g.pages,
        "number": g.number,
        "id": g.id,
        "lang": g.lang,
        "bytes": g.bytes,
        "missing_glyphs": g.missing_glyphs,
        "qr_payload": g.qr_payload,
    }))
}

/// `letter dispatch ID --via …`: a dispatch record, with the receipt's scan when given.
fn dispatch(core: &Core, a: DispatchArgs) -> AppResult<serde_json::Value> {
    let dispatch = DispatchInput {
        via: a.via.unwrap_or_default(),
        carrier: a.carrier.unwrap_or_default(),
        tracking: a.tracking.unwrap_or_default(),
        sent_on: a.sent.unwrap_or_default(),
        delivered_on: a.delivered.unwrap_or_default(),
        note: a.note.unwrap_or_default(),
    };
    let receipt = a.receipt.as_deref().map(read_receipt).transpose()?;
    let req = RecordDispatch {
        letter: LetterId(a.id),
        dispatch,
        receipt,
    };
    ask(core, req)
}

/// The receipt scan's file name and bytes.
fn read_receipt(path: &std::path::Path) -> AppResult<(String, Vec<u8>)> {
    let bytes = std::fs::read(path).map_err(|_| AppError::field("receipt", "file_unreadable"))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "receipt".into());
    Ok((name, bytes))
}

/// `letter batch`: one file each under its readable name, and the combined PDF beside them;
/// clients whose letter lacks required legal details are listed under `skipped`. A letter
/// stage the firm added to its ladder is done as the daily run's actions at that stage.
fn batch(
    core: &Core,
    stage: &str,
    out_dir: PathBuf,
    as_of: Option<String>,
) -> AppResult<serde_json::Value> {
    let as_of = date_opt(core, as_of)?;
    let Some(kind) = Kind::parse(stage).filter(|k| k.is_dunning()) else {
        let stage = stage.to_string();
        let done = WriteLadderLetters {
            stage,
            as_of,
            out_dir,
        }
        .handle(core)?;
        let list: Vec<_> = done
            .iter()
            .map(|d| json!({ "client_id": d.client_id, "path": d.copy, "number": d.number }))
            .collect();
        return Ok(json!({ "letters": list, "combined": null }));
    };
    let out_dir = Some(out_dir);
    let progress = Progress::none();
    let done = WriteLetterBatch {
        kind,
        as_of,
        out_dir,
        progress,
    }
    .handle(core)?;
    let list: Vec<_> = done
        .letters
        .iter()
        .map(|g| {
            let path = g.copy.as_ref().map(|p| p.display().to_string());
            json!({ "client_id": g.client_id, "path": path, "number": g.number, "sha256": g.sha256 })
        })
        .collect();
    let combined = done.combined.map(|p| p.display().to_string());
    if let Some(s) = &done.stopped {
        super::partly_done(&format!(
            "the batch stopped at {} (client {}): {} — the {} letter(s) before it are written and listed; that client's letter and the rest are still due",
            s.client_name,
            s.client_id.0,
            s.error.message,
            list.len()
        ));
    }
    Ok(json!({
        "letters": list,
        "combined": combined,
        "skipped": done.skipped,
        "stopped": done.stopped,
    }))
}
