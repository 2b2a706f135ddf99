//! `lawdesk-cli client …` and `matter …`: the client file's commands, adapters over
//! `services::client_file::clients` and `services::client_file::import`.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Subcommand;
use serde_json::json;

use super::{date_arg, read_json, to_json};
use crate::domain::client::ClientInput;
use crate::domain::ids::{ClientId, MatterId};
use crate::domain::matter::MatterInput;
use crate::domain::{AppError, AppResult};
use crate::services::{self, Core};

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
    /// Change a client's fields, contacts and tags from a JSON object on stdin.
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

/// A file to import, refused unread when it is larger than an import may be.
fn read_import(file: &std::path::Path) -> AppResult<Vec<u8>> {
    let limit = crate::import::table::MAX_FILE_BYTES as u64;
    if std::fs::metadata(file)?.len() > limit {
        return Err(AppError::field("file", "import_too_large"));
    }
    Ok(std::fs::read(file)?)
}

pub(super) fn client(
    core: &Core,
    cmd: ClientCommand,
    now: DateTime<Utc>,
) -> AppResult<serde_json::Value> {
    match cmd {
        ClientCommand::Add => {
            let input: ClientInput = read_json()?;
            to_json(services::client_file::clients::add_client(
                core, &input, now,
            )?)
        }
        ClientCommand::Update { id } => {
            let input: serde_json::Map<String, serde_json::Value> = read_json()?;
            to_json(services::client_file::clients::update_client(
                core,
                ClientId(id),
                &input,
                now,
            )?)
        }
        ClientCommand::Related { id } => {
            let input: crate::domain::client::RelatedPersonInput = read_json()?;
            to_json(services::client_file::clients::add_related_person(
                core,
                ClientId(id),
                &input,
                now,
            )?)
        }
        ClientCommand::Consent { id } => {
            let input: crate::domain::client::ConsentInput = read_json()?;
            Ok(
                json!({ "id": services::client_file::clients::add_consent(core, ClientId(id), &input, now)? }),
            )
        }
        ClientCommand::WithdrawConsent { id, consent } => {
            services::client_file::clients::withdraw_consent(
                core,
                ClientId(id),
                consent,
                core.today(),
                now,
            )?;
            Ok(json!({ "withdrawn": consent }))
        }
        ClientCommand::Get { id } => to_json(services::client_file::clients::get_client(
            core,
            ClientId(id),
            core.today(),
        )?),
        ClientCommand::Search { query, limit } => to_json(
            services::client_file::clients::search_clients(core, &query, limit)?,
        ),
        ClientCommand::Import { file, dry_run, map } => import(core, &file, dry_run, &map, now),
        ClientCommand::Export { out } => {
            let (csv, n) = services::client_file::import::export_clients_csv(core)?;
            std::fs::write(&out, csv)?;
            Ok(json!({ "exported": n, "path": out.display().to_string() }))
        }
    }
}

/// `client import FILE [--dry-run] [--map HEADER=FIELD …]`.
fn import(
    core: &Core,
    file: &std::path::Path,
    dry_run: bool,
    map: &[String],
    now: DateTime<Utc>,
) -> AppResult<serde_json::Value> {
    let bytes = read_import(file)?;
    let mapping = services::client_file::import::mapping_with(&bytes, map)?;
    let report =
        services::client_file::import::import_clients(core, &bytes, mapping, dry_run, now)?;
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
        "conflicts": report.conflicts,
    }))
}

pub(super) fn matter(
    core: &Core,
    cmd: MatterCommand,
    now: DateTime<Utc>,
) -> AppResult<serde_json::Value> {
    match cmd {
        // The user's local date, as the window's (was the UTC date before).
        MatterCommand::Add => {
            let input: MatterInput = read_json()?;
            to_json(services::client_file::clients::add_matter(
                core,
                &input,
                core.today(),
                now,
            )?)
        }
        MatterCommand::List { client } => to_json(services::client_file::clients::list_matters(
            core,
            client.map(ClientId),
        )?),
        MatterCommand::Close { id, on } => {
            let on = date_arg(core, on)?;
            Ok(
                json!({ "follow_up": services::client_file::followups::close_matter(core, MatterId(id), on, now)? }),
            )
        }
    }
}
