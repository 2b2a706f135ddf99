//! `ladder`, `hold`, `arrangement`, `collections` (the daily run) and `clocks` (legal clocks,
//! the debtor's written acknowledgments): JSON on stdout.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use super::{ask, date_opt, read_json};
use crate::domain::collections::acknowledgment::AcknowledgmentInput;
use crate::domain::collections::hold::HoldInput;
use crate::domain::ids::{ClientId, HoldId};
use crate::domain::{AppError, AppResult};
use crate::requests::collections::*;
use crate::requests::letters::Progress;
use crate::requests::Request;
use crate::services::Core;

/// `clocks [--client ID] [--as-of D]`, or one of its subcommands.
#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ClocksArgs {
    #[command(subcommand)]
    pub cmd: Option<ClocksCommand>,
    #[arg(long)]
    pub client: Option<i64>,
    #[arg(long)]
    pub as_of: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum ClocksCommand {
    /// Record the debtor's signed written acknowledgment of its debt, made on --date
    /// (YYYY-MM-DD): of --invoice, or of every debt it owed that day. Restarts the English
    /// limitation period (Limitation Act 1980 s.29(5), s.30).
    Acknowledge {
        #[arg(long)]
        client: Option<i64>,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        invoice: Option<i64>,
        #[arg(long)]
        note: Option<String>,
    },
    /// A client's recorded acknowledgments, latest first.
    Acknowledgments {
        #[arg(long)]
        client: i64,
    },
}

pub fn clocks(core: &Core, args: ClocksArgs) -> AppResult<serde_json::Value> {
    match args.cmd {
        None => {
            let req = ListLegalClocks {
                client: args.client.map(ClientId),
                matter: None,
                as_of: date_opt(core, args.as_of)?,
                warning_only: false,
            };
            Ok(json!({ "clocks": req.handle(core)? }))
        }
        Some(ClocksCommand::Acknowledge {
            client,
            date,
            invoice,
            note,
        }) => {
            let input = AcknowledgmentInput {
                client_id: client,
                invoice_id: invoice,
                acknowledged_on: date.unwrap_or_default(),
                note: note.unwrap_or_default(),
            };
            ask(core, RecordAcknowledgment { input })
        }
        Some(ClocksCommand::Acknowledgments { client }) => ask(
            core,
            ListAcknowledgments {
                client: ClientId(client),
            },
        ),
    }
}

#[derive(Subcommand, Debug)]
pub enum LadderCommand {
    /// The firm's dunning ladder, stage by stage.
    List,
    /// Replace the ladder with `{"stages":[{"code","days","action","channel"}]}` on stdin.
    Set,
}

#[derive(Subcommand, Debug)]
pub enum HoldCommand {
    /// Pause the ladder for a client or one invoice; a reason is required
    /// (dispute, promise, other with --note).
    Add {
        #[arg(long)]
        client: Option<i64>,
        #[arg(long)]
        invoice: Option<i64>,
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        until: Option<String>,
    },
    /// Holds not yet released (--all: released ones too).
    List {
        #[arg(long)]
        client: Option<i64>,
        #[arg(long)]
        all: bool,
    },
    /// Release a hold (an arrangement's hold cancels the arrangement).
    Release { id: i64 },
}

#[derive(Subcommand, Debug)]
pub enum ArrangementCommand {
    /// `{"currency","instalments":[{"due_on","amount"}],"note"}` on stdin; pauses the ladder.
    Add {
        #[arg(long)]
        client: i64,
    },
    List {
        #[arg(long)]
        client: Option<i64>,
    },
}

#[derive(Subcommand, Debug)]
pub enum CollectionsCommand {
    /// The actions due (nothing is written): review them before `run --confirm`.
    Due {
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Do the due actions: letters (PDF kept, copies in --out-dir), call tasks, hand-overs,
    /// each logged; requires --confirm.
    Run {
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long)]
        confirm: bool,
        #[arg(long)]
        out_dir: Option<PathBuf>,
        /// Only this client's due action.
        #[arg(long)]
        client: Option<i64>,
        /// Write demands even when legal details are missing (they print as blanks).
        #[arg(long)]
        allow_missing: bool,
    },
    /// The actions done, newest first.
    Actions {
        #[arg(long)]
        client: Option<i64>,
    },
}

pub fn ladder(core: &Core, cmd: LadderCommand) -> AppResult<serde_json::Value> {
    let stages = match cmd {
        LadderCommand::List => GetLadder {}.handle(core)?,
        LadderCommand::Set => SaveLadder {
            input: read_json()?,
        }
        .handle(core)?,
    };
    Ok(json!({ "stages": stages }))
}

pub fn hold(core: &Core, cmd: HoldCommand) -> AppResult<serde_json::Value> {
    match cmd {
        HoldCommand::Add {
            client,
            invoice,
            reason,
            note,
            until,
        } => {
            let input = HoldInput {
                client_id: client,
                invoice_id: invoice,
                reason: reason.unwrap_or_default(),
                note: note.unwrap_or_default(),
                until: until.unwrap_or_default(),
            };
            ask(core, AddHold { input })
        }
        HoldCommand::List { client, all } => ask(
            core,
            ListHolds {
                client: client.map(ClientId),
                all,
            },
        ),
        HoldCommand::Release { id } => ask(core, ReleaseHold { id: HoldId(id) }),
    }
}

pub fn arrangement(core: &Core, cmd: ArrangementCommand) -> AppResult<serde_json::Value> {
    match cmd {
        ArrangementCommand::Add { client } => ask(
            core,
            AddArrangement {
                client: ClientId(client),
                input: read_json()?,
            },
        ),
        ArrangementCommand::List { client } => ask(
            core,
            ListArrangements {
                client: client.map(ClientId),
            },
        ),
    }
}

pub fn collections(core: &Core, cmd: CollectionsCommand) -> AppResult<serde_json::Value> {
    match cmd {
        CollectionsCommand::Due { as_of } => ask(
            core,
            ListDueActions {
                as_of: date_opt(core, as_of)?,
            },
        ),
        CollectionsCommand::Run {
            as_of,
            confirm,
            out_dir,
            client,
            allow_missing,
        } => {
            if !confirm {
                return Err(AppError::field("confirm", "confirm_required"));
            }
            let req = RunCollections {
                as_of: date_opt(core, as_of)?,
                select: client.map_or(Selection::All, |c| Selection::Client(ClientId(c))),
                out_dir,
                allow_missing,
                progress: Progress::none(),
            };
            ask(core, req)
        }
        CollectionsCommand::Actions { client } => ask(
            core,
            ListCollectionActions {
                client: client.map(ClientId),
                limit: 5000,
            },
        ),
    }
}
