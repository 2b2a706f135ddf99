//! `lawdesk-cli client …`, `matter …`, `log …`, `followup …`, `complaint …`, `retention …`
//! and `conflicts`: the client file's commands, adapters over `requests::client_file`.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use super::{ask, date_opt, read_json, read_stdin};
use crate::domain::ids::{ClientId, ComplaintId, ConsentId, FollowUpId, MatterId};
use crate::domain::{AppError, AppResult};
use crate::requests::client_file::*;
use crate::requests::Request;
use crate::services::Core;

#[derive(Subcommand, Debug)]
pub enum ClientCommand {
    /// Add one client from a JSON object on stdin (kind, name, phone, email, …).
    Add,
    /// One client with contacts, matters and recorded conflict checks.
    Get { id: i64 },
    /// The same search as the app's search box.
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: i64,
    },
    /// Change a client's fields, contacts and tags from a JSON object on stdin. Only the
    /// fields given change. A list given (`phones`, `emails`, `addresses`, `tags`)
    /// replaces that list, and `phone`, `email` or `address` makes the list that one value;
    /// `null` or `[]` clears a field or list. Example: `{"phones":["+86 138 0013 8000",
    /// "+86 10 8888 6666"]}` keeps everything else.
    Update { id: i64 },
    /// Add a related person ({"relation","name","phone","email","notes"} on stdin).
    Related { id: i64 },
    /// Record a consent ({"purpose","given_on","channel"} on stdin).
    Consent { id: i64 },
    /// Withdraw consent CONSENT of client ID (today).
    WithdrawConsent { id: i64, consent: i64 },
    /// Import a CSV or XLSX client list; every row is imported or rejected with its reason.
    Import {
        file: PathBuf,
        /// Check everything and report, but write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Map a column: `--map "联系电话=phone"` (repeatable; `=` alone ignores a column).
        #[arg(long = "map", value_name = "HEADER=FIELD")]
        map: Vec<String>,
    },
    /// Export all clients as CSV (UTF-8 with BOM; imports back without mapping).
    Export {
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum MatterCommand {
    /// Open a matter from a JSON object on stdin (client_id, title, opposing_parties, …).
    Add,
    /// Matters, newest first.
    List {
        #[arg(long)]
        client: Option<i64>,
    },
    /// Close a matter (today or --on DATE) and plan its follow-up visit.
    Close {
        id: i64,
        #[arg(long)]
        on: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum LogCommand {
    /// Append an entry: {"client_id","kind","direction","occurred_at","summary","corrects"}.
    Add {
        /// Attach a file (copied into the data folder, SHA-256 recorded). Repeatable.
        #[arg(long)]
        attach: Vec<PathBuf>,
    },
    /// A client's log, oldest first, with hashes.
    List { client: i64 },
    /// Verify one client's chain, or every chain.
    Verify {
        #[arg(long)]
        client: Option<i64>,
    },
}

#[derive(Subcommand, Debug)]
pub enum FollowupCommand {
    /// Plan a follow-up: {"client_id","title","due_on"}.
    Add,
    /// Complete a follow-up and write it to the log: optional {"kind","summary"} on stdin.
    Done { id: i64 },
    /// What is due (as of --as-of, default today) and who is behind the contact rhythm.
    Agenda {
        #[arg(long)]
        as_of: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ComplaintCommand {
    /// Record a complaint: {"client_id","complainant","against","request","statement"}.
    Add,
    /// Complete the current step of complaint ID (fields of that step on stdin).
    Step { id: i64 },
    /// A client's complaints and satisfaction scores.
    List { client: i64 },
}

#[derive(Subcommand, Debug)]
pub enum RetentionCommand {
    /// Clients whose files are due for destruction (as of --as-of, default today).
    Due {
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Destroy a client's file (refused while a matter is open or retention runs).
    Destroy { client: i64 },
    /// The destruction records.
    Records,
}

/// A file to import, refused unread when it is larger than an import may be.
fn read_import(file: &std::path::Path) -> AppResult<Vec<u8>> {
    let limit = crate::import::table::MAX_FILE_BYTES as u64;
    if std::fs::metadata(file)?.len() > limit {
        return Err(AppError::field("file", "import_too_large"));
    }
    Ok(std::fs::read(file)?)
}

pub(super) fn client(core: &Core, cmd: ClientCommand) -> AppResult<serde_json::Value> {
    match cmd {
        ClientCommand::Add => ask(
            core,
            AddClient {
                input: read_json()?,
            },
        ),
        ClientCommand::Update { id } => {
            let input = read_json()?;
            ask(
                core,
                UpdateClient {
                    id: ClientId(id),
                    input,
                },
            )
        }
        ClientCommand::Related { id } => {
            let input = read_json()?;
            ask(
                core,
                AddRelatedPerson {
                    id: ClientId(id),
                    input,
                },
            )
        }
        ClientCommand::Consent { id } => {
            let input = read_json()?;
            let consent = AddConsent {
                id: ClientId(id),
                input,
            }
            .handle(core)?;
            Ok(json!({ "id": consent }))
        }
        ClientCommand::WithdrawConsent { id, consent } => {
            let (id, consent_id) = (ClientId(id), ConsentId(consent));
            WithdrawConsent {
                id,
                consent: consent_id,
            }
            .handle(core)?;
            Ok(json!({ "withdrawn": consent }))
        }
        ClientCommand::Get { id } => ask(core, GetClient { id: ClientId(id) }),
        ClientCommand::Search { query, limit } => ask(core, SearchClients { query, limit }),
        ClientCommand::Import { file, dry_run, map } => import(core, &file, dry_run, map),
        ClientCommand::Export { out } => ask(core, ExportClients { to: out }),
    }
}

/// `client import FILE [--dry-run] [--map HEADER=FIELD …]`.
fn import(
    core: &Core,
    file: &std::path::Path,
    dry_run: bool,
    map: Vec<String>,
) -> AppResult<serde_json::Value> {
    let bytes = read_import(file)?;
    let mapping = ColumnMapping::Pairs(map);
    let report = ImportClients {
        bytes,
        mapping,
        dry_run,
    }
    .handle(core)?;
    let mapping: Vec<_> = report
        .headers
        .iter()
        .zip(&report.mapping)
        .map(|(h, m)| json!({"column": h, "field": m}))
        .collect();
    Ok(json!({
        "imported": report.imported,
        "rejected": report.rejected,
        "dry_run": report.dry_run,
        "format": report.format,
        "encoding": report.encoding,
        "mapping": mapping,
        "ignored": report.ignored,
        "conflicts": report.conflicts,
    }))
}

pub(super) fn matter(core: &Core, cmd: MatterCommand) -> AppResult<serde_json::Value> {
    match cmd {
        MatterCommand::Add => ask(
            core,
            AddMatter {
                input: read_json()?,
            },
        ),
        MatterCommand::List { client } => ask(
            core,
            ListMatters {
                client: client.map(ClientId),
            },
        ),
        MatterCommand::Close { id, on } => {
            let on = date_opt(core, on)?;
            let follow_up = CloseMatter {
                matter: MatterId(id),
                on,
            }
            .handle(core)?;
            Ok(json!({ "follow_up": follow_up }))
        }
    }
}

pub(super) fn log(core: &Core, cmd: LogCommand) -> AppResult<serde_json::Value> {
    match cmd {
        LogCommand::Add { attach } => {
            let input = read_json()?;
            let files = attach
                .iter()
                .map(|p| Ok((p.display().to_string(), std::fs::read(p)?)))
                .collect::<AppResult<Vec<_>>>()?;
            Ok(json!({ "id": LogCommunication { input, files }.handle(core)? }))
        }
        LogCommand::List { client } => ask(
            core,
            ListCommunications {
                client: ClientId(client),
            },
        ),
        LogCommand::Verify { client } => {
            let v = VerifyLog {
                client: client.map(ClientId),
            }
            .handle(core)?;
            if !v.ok {
                return Err(verification_error(&v));
            }
            super::to_json(v)
        }
    }
}

pub(super) fn followup(core: &Core, cmd: FollowupCommand) -> AppResult<serde_json::Value> {
    match cmd {
        FollowupCommand::Add => {
            Ok(json!({ "id": AddFollowUp { input: read_json()? }.handle(core)? }))
        }
        FollowupCommand::Done { id } => {
            let text = read_stdin()?;
            let input: CompleteInput = if text.trim().is_empty() {
                Default::default()
            } else {
                crate::domain::json_input::from_str(&text)?
            };
            let log_id = CompleteFollowUp {
                id: FollowUpId(id),
                input,
            }
            .handle(core)?;
            Ok(json!({ "log_id": log_id }))
        }
        FollowupCommand::Agenda { as_of } => ask(
            core,
            GetAgenda {
                as_of: date_opt(core, as_of)?,
                first: None,
            },
        ),
    }
}

pub(super) fn complaint(core: &Core, cmd: ComplaintCommand) -> AppResult<serde_json::Value> {
    match cmd {
        ComplaintCommand::Add => {
            Ok(json!({ "id": RecordComplaint { input: read_json()? }.handle(core)? }))
        }
        ComplaintCommand::Step { id } => {
            let input = read_json()?;
            ask(
                core,
                AdvanceComplaint {
                    id: ComplaintId(id),
                    input,
                },
            )
        }
        ComplaintCommand::List { client } => ask(
            core,
            ClientComplaints {
                client: ClientId(client),
            },
        ),
    }
}

pub(super) fn retention(core: &Core, cmd: RetentionCommand) -> AppResult<serde_json::Value> {
    match cmd {
        RetentionCommand::Due { as_of } => ask(
            core,
            RetentionDue {
                as_of: date_opt(core, as_of)?,
            },
        ),
        RetentionCommand::Destroy { client } => ask(
            core,
            DestroyClient {
                client: ClientId(client),
            },
        ),
        RetentionCommand::Records => ask(core, DestructionRecords {}),
    }
}
