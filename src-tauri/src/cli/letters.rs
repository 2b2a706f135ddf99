//! `lawdesk-cli` commands for letters: `words`, `letter KIND`, `letter batch`, print, open,
//! save, dispatch records, templates.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::json;

use super::{date_arg, read_stdin, to_json};
use crate::domain::dispatch::DispatchInput;
use crate::domain::ids::LetterId;
use crate::domain::lang::Lang;
use crate::domain::money::{Currency, Money};
use crate::domain::{words, AppError, AppResult};
use crate::letters::templates::Kind;
use crate::services::letters::{self, CopyTo, LetterRequest};
use crate::services::request_keys::RequestKey;
use crate::services::Core;
use crate::services::{letters::dispatch as letter_dispatch, letters::output as letter_output};

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
    Dispatch {
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
    },
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
/// clients whose letter lacks required legal details are listed under `skipped`.
fn batch(
    core: &Core,
    stage: &str,
    out_dir: &std::path::Path,
    as_of: Option<String>,
    today: chrono::NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<serde_json::Value> {
    let Some(kind) = Kind::parse(stage).filter(|k| k.is_dunning()) else {
        return ladder_batch(core, stage, out_dir, as_of, today, now);
    };
    std::fs::create_dir_all(out_dir)?;
    let as_of = date_arg(core, as_of)?;
    // Each copy is put in place as its letter commits (a clash refuses that letter).
    let done = letters::batch_into(core, kind, as_of, today, now, Some(out_dir), &mut |_, _| {
        true
    })?;
    let list: Vec<_> = done
        .letters
        .iter()
        .map(|g| {
            let path = g.copy.as_ref().map(|p| p.display().to_string());
            json!({ "client_id": g.client_id, "path": path, "number": g.number, "sha256": g.sha256 })
        })
        .collect();
    let combined = letter_output::combine_batch(core, &done.letters, kind, as_of, today)?
        .map(|p| -> AppResult<String> {
            let dest = out_dir.join(p.file_name().unwrap_or_default());
            std::fs::copy(&p, &dest)?;
            Ok(dest.display().to_string())
        })
        .transpose()?;
    Ok(json!({ "letters": list, "combined": combined, "skipped": done.skipped }))
}

/// `letter batch --stage S` for a letter stage the firm added to its ladder: the daily
/// run's actions at that stage (letters kept and logged, copies in `out_dir`).
fn ladder_batch(
    core: &Core,
    stage: &str,
    out_dir: &std::path::Path,
    as_of: Option<String>,
    today: chrono::NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<serde_json::Value> {
    let ladder = crate::services::collections::ladder(core)?;
    if !ladder
        .iter()
        .any(|s| s.code == stage && s.action.letter_kind().is_some())
    {
        return Err(AppError::field("stage", "letter_stage"));
    }
    std::fs::create_dir_all(out_dir)?;
    let as_of = date_arg(core, as_of)?;
    let picks = super::collections::picks_where(core, as_of, |d| d.stage == stage)?;
    let opts = crate::services::collections::run::RunOptions {
        as_of,
        picks: Some(&picks),
        out_dir: Some(out_dir),
        allow_missing: false,
    };
    let out = crate::services::collections::run::run(core, opts, today, now, &mut |_, _| true)?;
    if let Some(f) = out.failed.into_iter().next() {
        return Err(f.error);
    }
    let list: Vec<_> = out
        .done
        .iter()
        .map(|d| json!({ "client_id": d.client_id, "path": d.copy, "number": d.number }))
        .collect();
    Ok(json!({ "letters": list, "combined": null }))
}

pub fn letter(core: &Core, args: LetterArgs) -> AppResult<serde_json::Value> {
    let now = core.now();
    let today = core.today();
    match args.command {
        Some(LetterCommand::Batch {
            stage,
            out_dir,
            as_of,
        }) => batch(core, &stage, &out_dir, as_of, today, now),
        Some(LetterCommand::Print { id }) => to_json(letter_output::print(core, LetterId(id))?),
        Some(LetterCommand::Open { id }) => to_json(letter_output::open(core, LetterId(id))?),
        Some(LetterCommand::Save { id, out }) => {
            to_json(letter_output::save_copy(core, LetterId(id), &out)?)
        }
        Some(LetterCommand::Dispatch {
            id,
            via,
            carrier,
            tracking,
            sent,
            delivered,
            note,
            receipt,
        }) => {
            let input = DispatchInput {
                via: via.unwrap_or_default(),
                carrier: carrier.unwrap_or_default(),
                tracking: tracking.unwrap_or_default(),
                sent_on: sent.unwrap_or_default(),
                delivered_on: delivered.unwrap_or_default(),
                note: note.unwrap_or_default(),
            };
            let scan = receipt.as_deref().map(read_receipt).transpose()?;
            to_json(letter_dispatch::record(
                core,
                LetterId(id),
                &input,
                scan,
                today,
                now,
            )?)
        }
        Some(LetterCommand::Email { letter, to }) => to_json(
            crate::services::letters::email::email_letter(core, letter, to.as_deref(), today, now)?,
        ),
        Some(LetterCommand::Dispatches { letter, client }) => match letter {
            Some(id) => to_json(letter_dispatch::history(core, LetterId(id))?),
            None => to_json(letter_dispatch::dates_of(
                core,
                client.map(crate::domain::ids::ClientId),
            )?),
        },
        Some(LetterCommand::List { client }) => to_json(letters::list(
            core,
            client.map(crate::domain::ids::ClientId),
        )?),
        Some(LetterCommand::Template { kind, lang }) => {
            to_json(letters::template(core, &kind, &lang)?)
        }
        Some(LetterCommand::SetTemplate { kind, lang, reset }) => {
            let body = if reset { None } else { Some(read_stdin()?) };
            to_json(letters::save_template(
                core,
                &kind,
                &lang,
                body.as_deref(),
                now,
            )?)
        }
        None => {
            let kind = args
                .kind
                .ok_or_else(|| AppError::field("kind", "required"))?;
            let id = args.id.ok_or_else(|| AppError::field("id", "required"))?;
            let out = args.out.ok_or_else(|| AppError::field("out", "required"))?;
            let req = LetterRequest {
                kind,
                id,
                lang: args.lang,
                paper: args.paper,
                as_of: args.as_of,
                allow_missing: args.allow_missing,
                exclude_invoices: Vec::new(),
            };
            let request = json!({ "request": req, "out": out.display().to_string() });
            let key = RequestKey::optional(args.request_key.as_deref(), "letter", &request)?;
            let g = letters::generate_to(
                core,
                &req,
                today,
                now,
                Some(CopyTo::File(&out)),
                key.as_ref(),
                &mut Default::default(),
            )?;
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
    }
}
