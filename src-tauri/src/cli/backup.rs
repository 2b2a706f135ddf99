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
    /// there is none yet). It is shown once only — counted once it is written out: print
    /// it and keep it safe. With --recover, read the recovery key from stdin and put the
    /// practice key back into this computer's keychain, for a data folder that is missing
    /// its key here (copied from another computer, another user account, a lost keychain).
    Key {
        #[arg(long, conflicts_with = "recover")]
        show_once: bool,
        #[arg(long)]
        recover: bool,
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
        Some(BackupCommand::Key { .. }) => return key(core),
    }?;
    if !result.recovery_key_shown {
        eprintln!(
            "lawdesk-cli: the recovery key has not been shown yet. Run `lawdesk-cli backup key --show-once`, print it and keep it safe: without it this backup cannot be opened on another computer."
        );
    }
    to_json(result)
}

/// `backup key`: the key's id and whether its recovery key was shown (`--show-once` is
/// [`show_once`], `--recover` [`recover`]).
fn key(core: &Core) -> AppResult<serde_json::Value> {
    let (key_id, shown) = PracticeKeyState {}.handle(core)?;
    Ok(json!({ "key_id": key_id, "recovery_key_shown": shown }))
}

/// `backup key --show-once`: the recovery key is printed, and counted as shown only once
/// it was written out — a full or closed stdout keeps the one showing for another try
/// (exit 1, nothing counted). Returns the exit code.
pub fn show_once(data_dir: Option<PathBuf>) -> i32 {
    let shown = super::open(data_dir).and_then(|(core, guard)| {
        let recovery = RevealRecoveryKey {}.handle(&core)?;
        Ok((core, guard, recovery))
    });
    let (core, _guard, recovery) = match shown {
        Ok(x) => x,
        Err(e) => return super::failure(&e),
    };
    let answer = json!({
        "recovery_key": recovery.expose(),
        "note": "Shown once. Print it and keep it safe: it opens your backups, and this data folder, on a new computer.",
    });
    if super::emit(
        &serde_json::to_string_pretty(&answer).unwrap_or_default(),
        0,
    ) != 0
    {
        super::say("the recovery key was not written out, so it was not counted as shown; run this again with an output that works");
        return 1;
    }
    // The answer is out: a failure here is a word on stderr (the key may be shown again).
    match (MarkRecoveryKeyShown {}).handle(&core) {
        Ok(()) => 0,
        Err(e) => {
            super::say(&e.message);
            1
        }
    }
}

/// `backup key --recover`: the recovery key from stdin puts the practice key back into
/// this computer's keychain once it opens the data folder's database; then the folder opens
/// as usual and the recovery is recorded in the audit trail.
pub fn recover(data_dir: Option<PathBuf>) -> AppResult<serde_json::Value> {
    let dir = crate::services::core::resolve_data_dir(data_dir)?;
    let text = read_stdin()?;
    let core = crate::services::Core::open_with_recovery_key(
        &dir,
        Arc::new(Keychain::default()),
        text.trim(),
    )?;
    let (key_id, _) = PracticeKeyState {}.handle(&core)?;
    Ok(json!({
        "recovered": true,
        "key_id": key_id,
        "data_dir": core.data_dir().display().to_string(),
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
