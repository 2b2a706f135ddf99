//! `lawdesk-cli backup` and `restore`: sealed backups of the data folder.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Subcommand};
use serde_json::json;

use super::{ask, read_stdin, to_json};
use crate::domain::{AppError, AppResult};
use crate::requests::security::*;
use crate::requests::Request;
use crate::secrets::Keychain;
use crate::services::Core;

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BackupArgs {
    #[command(subcommand)]
    pub command: Option<BackupCommand>,
    /// The backup file to write (replaced if it exists; written under a temporary name,
    /// fsynced, then renamed).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum BackupCommand {
    /// The practice key: with --show-once, print the recovery key (made with the key when
    /// there is none yet). It is shown once only: print it and keep it safe.
    Key {
        #[arg(long)]
        show_once: bool,
    },
    /// Choose the folder for daily and "now" backups (an empty value turns them off).
    Folder { path: String },
    /// A backup into the chosen folder now, then the rotation (7 daily, 4 weekly, 12 monthly).
    Now,
    /// The daily backup, if one is due (what the app does when it starts).
    Daily,
    /// The folder, the last good backup, the last failure.
    Status,
    /// The header of a backup file (no key needed, nothing written).
    Inspect { file: PathBuf },
}

pub fn backup(core: &Core, args: BackupArgs) -> AppResult<serde_json::Value> {
    let result = match args.command {
        None => {
            let out = args.out.ok_or_else(|| AppError::field("out", "required"))?;
            BackupTo { out }.handle(core)
        }
        Some(BackupCommand::Now) => BackupNow {}.handle(core),
        Some(BackupCommand::Daily) => return ask(core, DailyBackup {}),
        Some(BackupCommand::Status) => return ask(core, GetBackupStatus {}),
        Some(BackupCommand::Folder { path }) => return ask(core, SetBackupFolder { folder: path }),
        Some(BackupCommand::Inspect { file }) => return ask(core, InspectBackup { file }),
        Some(BackupCommand::Key { show_once }) => return key(core, show_once),
    }?;
    if !result.recovery_key_shown {
        eprintln!(
            "lawdesk-cli: the recovery key has not been shown yet. Run `lawdesk-cli backup key --show-once`, print it and keep it safe: without it this backup cannot be opened on another computer."
        );
    }
    to_json(result)
}

fn key(core: &Core, show_once: bool) -> AppResult<serde_json::Value> {
    if !show_once {
        let (key_id, shown) = PracticeKeyState {}.handle(core)?;
        return Ok(json!({ "key_id": key_id, "recovery_key_shown": shown }));
    }
    let recovery = ShowRecoveryKey {}.handle(core)?;
    Ok(json!({
        "recovery_key": recovery.expose(),
        "note": "Shown once. Print it and keep it safe: it opens your backups on a new computer.",
    }))
}

/// `restore FILE --recovery-key KEY` into the (empty) data folder; `--recovery-key -` reads
/// the key from stdin (keeps it out of the process list).
pub fn restore(
    data_dir: Option<PathBuf>,
    file: PathBuf,
    recovery_key: Option<String>,
) -> AppResult<serde_json::Value> {
    let dir = crate::services::core::resolve_data_dir(data_dir)?;
    let recovery_key = match recovery_key.as_deref() {
        Some("-") => Some(read_stdin()?),
        _ => recovery_key,
    };
    let keychain = Arc::new(Keychain::default());
    to_json(restore_into(
        &file,
        &dir,
        recovery_key.as_deref(),
        keychain,
    )?)
}
