//! `ladder`, `hold`, `arrangement`, `collections` (the daily run) and `clocks` (legal clocks,
//! the debtor's written acknowledgments): JSON on stdout.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use super::{date_arg, read_json, to_json};
use crate::domain::collections::acknowledgment::AcknowledgmentInput;
use crate::domain::collections::hold::HoldInput;
use crate::domain::ids::ClientId;
use crate::domain::{AppError, AppResult};
use crate::services::collections::{self, acknowledgments, clocks, due, run};
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
        None => Ok(json!({
            "clocks": clocks::clocks(core, args.client.map(ClientId), date_arg(core, args.as_of)?)?
        })),
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
            to_json(acknowledgments::record(
                core,
                &input,
                core.today(),
                core.now(),
            )?)
        }
        Some(ClocksCommand::Acknowledgments { client }) => {
            to_json(acknowledgments::list(core, ClientId(client))?)
        }
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
    match cmd {
        LadderCommand::List => Ok(json!({ "stages": collections::ladder(core)? })),
        LadderCommand::Set => {
            let input = read_json()?;
            Ok(json!({ "stages": collections::set_ladder(core, &input, core.now())? }))
        }
    }
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
            to_json(collections::add_hold(
                core,
                &input,
                core.today(),
                core.now(),
            )?)
        }
        HoldCommand::List { client, all } => to_json(collections::holds(core, client, all)?),
        HoldCommand::Release { id } => to_json(collections::release_hold(
            core,
            id,
            core.today(),
            core.now(),
        )?),
    }
}

pub fn arrangement(core: &Core, cmd: ArrangementCommand) -> AppResult<serde_json::Value> {
    match cmd {
        ArrangementCommand::Add { client } => {
            let input = read_json()?;
            to_json(collections::add_arrangement(
                core,
                client,
                &input,
                core.today(),
                core.now(),
            )?)
        }
        ArrangementCommand::List { client } => to_json(collections::arrangements(core, client)?),
    }
}

pub fn collections(core: &Core, cmd: CollectionsCommand) -> AppResult<serde_json::Value> {
    match cmd {
        CollectionsCommand::Due { as_of } => to_json(due::overview(core, date_arg(core, as_of)?)?),
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
            let as_of = date_arg(core, as_of)?;
            let picks = match client {
                Some(c) => Some(picks_where(core, as_of, |d| d.client_id == c)?),
                None => None,
            };
            let opts = run::RunOptions {
                as_of,
                picks: picks.as_deref(),
                out_dir: out_dir.as_deref(),
                allow_missing,
            };
            to_json(run::run(
                core,
                opts,
                core.today(),
                core.now(),
                &mut |_, _| true,
            )?)
        }
        CollectionsCommand::Actions { client } => {
            to_json(crate::services::collections::actions(core, client, 5000)?)
        }
    }
}

/// The due actions on `as_of` that `keep` selects, as picks for a run.
pub fn picks_where(
    core: &Core,
    as_of: chrono::NaiveDate,
    keep: impl Fn(&due::DueAction) -> bool,
) -> AppResult<Vec<run::Pick>> {
    Ok(due::overview(core, as_of)?
        .due
        .iter()
        .filter(|d| keep(d))
        .map(|d| run::Pick {
            client_id: d.client_id,
            stage: d.stage.clone(),
        })
        .collect())
}
