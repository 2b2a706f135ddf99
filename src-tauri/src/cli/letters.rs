//! `lawdesk-cli` commands for letters: `words`, `letter KIND`, `letter batch`, templates.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::json;

use super::{date_arg, read_stdin, to_json};
use crate::domain::lang::Lang;
use crate::domain::money::{Currency, Money};
use crate::domain::{words, AppError, AppResult};
use crate::letters::templates::Kind;
use crate::services::letters::{self, LetterRequest};
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
    let now = core.now();
    let today = core.today();
    match args.command {
        Some(LetterCommand::Batch {
            stage,
            out_dir,
            as_of,
        }) => {
            let kind = Kind::parse(&stage)
                .filter(|k| k.is_dunning())
                .ok_or_else(|| AppError::field("stage", "letter_stage"))?;
            std::fs::create_dir_all(&out_dir)?;
            let done = letters::batch(
                core,
                kind,
                date_arg(core, as_of)?,
                today,
                now,
                &mut |_, _| true,
            )?;
            let mut list = Vec::new();
            for g in done {
                let path = out_dir.join(format!(
                    "{}-{}",
                    g.client_id,
                    g.number.replace(['/', '\\', ':'], "-") + ".pdf"
                ));
                std::fs::write(&path, &g.pdf)?;
                list.push(json!({ "client_id": g.client_id, "path": path.display().to_string(), "number": g.number, "sha256": g.sha256 }));
            }
            Ok(json!({ "letters": list }))
        }
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
            };
            let g = letters::generate(core, &req, today, now)?;
            std::fs::write(&out, &g.pdf)?;
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
