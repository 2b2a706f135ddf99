//! Use cases of the communication log: append an entry with its attachments (copied into
//! the data folder under their SHA-256), list a client's log, verify the chains and files.

use std::path::PathBuf;

use chrono::{DateTime, Local, Utc};
use serde::Serialize;
use serde_json::json;

use crate::domain::commlog::{sha256_hex, AttachmentRef, Comm, CommInput};
use crate::domain::ids::ClientId;
use crate::domain::{AppError, AppResult, ErrorCode};
use crate::services::core::Core;
use crate::services::files::FileGuard;
use crate::store::commlog;
pub use crate::store::commlog::CommView;
use crate::store::{audit, clients, Tx};

pub const MAX_ATTACHMENT_BYTES: usize = 50 * 1024 * 1024;

/// Where an attachment with this hash lives.
pub fn attachment_path(core: &Core, sha256: &str) -> PathBuf {
    core.data_dir()
        .join("attachments")
        .join(&sha256[..2])
        .join(sha256)
}

/// Copies an attachment into the data folder under its SHA-256; a file this call creates is
/// registered with `guard`, so it goes again when the use case fails.
pub(crate) fn store_attachment(
    core: &Core,
    name: &str,
    bytes: &[u8],
    guard: &mut FileGuard,
) -> AppResult<AttachmentRef> {
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(AppError::field("attachments", "file_too_large"));
    }
    let file_name = std::path::Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| AppError::field("attachments", "required"))?;
    let sha = sha256_hex(bytes);
    let path = attachment_path(core, &sha);
    if !path.exists() {
        std::fs::create_dir_all(path.parent().expect("has a parent"))?;
        let tmp = path.with_extension("part");
        std::fs::write(
            &tmp,
            crate::services::security::at_rest::seal_for(core, &path, bytes),
        )?;
        std::fs::rename(&tmp, &path)?;
        guard.created(path);
    } else if let Ok(f) = std::fs::File::options().append(true).open(&path) {
        // Kept young while its row commits: a file left without a row by a killed process
        // is swept once old (`check::sweep_uncommitted`), and this one is about to get one.
        let _ = f.set_modified(crate::services::clock::file_time_now());
    }
    Ok(AttachmentRef {
        file_name,
        sha256: sha,
        size: bytes.len() as i64,
    })
}

/// Appends one entry. Attachment files are written (content-addressed) before the entry and
/// removed again when the entry fails: never a reference without a file, and no file left
/// behind by a refused entry.
pub fn log(
    core: &Core,
    input: &CommInput,
    files: &[(String, Vec<u8>)],
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let comm = entry(input, now)?;
    let mut guard = FileGuard::default();
    let attachments = files
        .iter()
        .map(|(name, bytes)| store_attachment(core, name, bytes, &mut guard))
        .collect::<AppResult<Vec<_>>>()?;
    let id = core.db.write(|tx| log_in(tx, &comm, &attachments, now))?;
    guard.commit()?;
    Ok(id)
}

/// The entry as [`log`] validates it: an empty time is now, in the computer's time zone.
pub(crate) fn entry(input: &CommInput, now: DateTime<Utc>) -> AppResult<Comm> {
    let now_local = now
        .with_timezone(&Local)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    input.validate(&now_local)
}

/// [`log`] in the caller's transaction, for an entry from [`entry`] whose attachments are
/// already kept (the demo logs many entries in one).
pub(crate) fn log_in(
    tx: &Tx<'_>,
    comm: &Comm,
    attachments: &[AttachmentRef],
    now: DateTime<Utc>,
) -> AppResult<i64> {
    clients::get(tx, comm.client_id)?;
    if let Some(target) = comm.corrects {
        if commlog::owner(tx, target)? != Some(comm.client_id) {
            return Err(AppError::field("corrects", "not_found"));
        }
    }
    let id = commlog::append(tx, comm, attachments, &now.to_rfc3339())?;
    let mut entry = json!(comm);
    entry["attachments"] = json!(attachments);
    audit::record_diff(
        tx,
        now,
        ("log", "communication", &id.to_string()),
        json!({}),
        Some(comm.client_id.0),
        (None::<&()>, &entry),
        &[],
    )?;
    Ok(id)
}

pub fn list(core: &Core, client: ClientId) -> AppResult<Vec<CommView>> {
    core.db.read(|c| commlog::list(c, client))
}

#[derive(Debug, Serialize)]
pub struct Verification {
    pub ok: bool,
    pub entries: usize,
    /// Entries whose hash link does not hold: edited or removed behind Lawdesk's back.
    pub broken: Vec<i64>,
    /// Attachments whose file is missing or no longer matches its SHA-256.
    pub bad_attachments: Vec<String>,
}

/// Verifies the chains of one client, or of every client.
pub fn verify(core: &Core, client: Option<ClientId>) -> AppResult<Verification> {
    let ids = match client {
        Some(c) => vec![c],
        None => core.db.read(commlog::clients_with_entries)?,
    };
    let mut v = Verification {
        ok: true,
        entries: 0,
        broken: Vec::new(),
        bad_attachments: Vec::new(),
    };
    for id in ids {
        let entries = core.db.read(|c| commlog::list(c, id))?;
        v.entries += entries.len();
        v.broken.extend(commlog::broken_links(&entries));
        for a in entries.iter().flat_map(|e| &e.attachments) {
            let ok = crate::services::security::at_rest::read_kept(
                core,
                &attachment_path(core, &a.sha256),
            )
            .map(|b| sha256_hex(&b) == a.sha256)
            .unwrap_or(false);
            if !ok {
                v.bad_attachments.push(a.file_name.clone());
            }
        }
    }
    v.ok = v.broken.is_empty() && v.bad_attachments.is_empty();
    if !v.ok {
        tracing::warn!(
            broken = v.broken.len(),
            files = v.bad_attachments.len(),
            "communication log verification failed"
        );
    }
    Ok(v)
}

/// An error for a log that fails verification (used by `check`).
pub fn verification_error(v: &Verification) -> AppError {
    AppError::new(
        ErrorCode::DatabaseCorrupt,
        format!(
            "The communication log was altered: {} entries, {} attachments fail verification",
            v.broken.len(),
            v.bad_attachments.len()
        ),
    )
}

/// The bytes of a kept attachment (a log entry's file or a payment voucher), checked against
/// the SHA-256 it is named by.
pub fn attachment_bytes(core: &Core, sha256: &str) -> AppResult<Vec<u8>> {
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::field("sha256", "not_found"));
    }
    let bytes =
        crate::services::security::at_rest::read_kept(core, &attachment_path(core, sha256))?;
    if sha256_hex(&bytes) != sha256 {
        return Err(AppError::new(
            ErrorCode::DatabaseCorrupt,
            "The kept copy of this file does not match its SHA-256",
        ));
    }
    Ok(bytes)
}

/// Opens a kept attachment in the system's viewer (after checking its hash).
pub fn open_attachment(core: &Core, sha256: &str) -> AppResult<()> {
    attachment_bytes(core, sha256)?;
    let path = attachment_path(core, sha256);
    let p = path.as_os_str();
    let run = |cmd: &str, args: &[&std::ffi::OsStr]| {
        std::process::Command::new(cmd)
            .args(args)
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    };
    let opened = if cfg!(target_os = "windows") {
        run("cmd", &["/C".as_ref(), "start".as_ref(), "".as_ref(), p])
    } else if cfg!(target_os = "macos") {
        run("open", &[p])
    } else {
        run("xdg-open", &[p])
    };
    if opened {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::Io,
            "No viewer for this file could be reached on this computer",
        ))
    }
}
