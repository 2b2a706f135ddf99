//! Backups: the database (SQLite's online backup API, a consistent snapshot while the app
//! keeps working), the attachments and kept letters, packed into one file sealed with the
//! practice key (`crate::backup`), written under a temporary name in the target folder,
//! fsynced, then renamed. In the folder chosen in Settings: a daily backup when the app
//! starts, "Back up now", and a rotation that keeps 7 daily, 4 weekly and 12 monthly ones.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, Utc};
use serde::Serialize;
use serde_json::json;

use crate::backup::archive::{
    self, FileRecord, HashingWriter, Manifest, ATTACHMENTS_DIR, DATABASE_ENTRY,
};
use crate::backup::container::{self, fault_of, Encryptor, Fault, Header};
use crate::domain::backup::{file_name, keep, parse_file_name, RETENTION};
use crate::domain::{AppError, AppResult, ErrorCode};
use crate::services::core::Core;
use crate::services::files;
use crate::services::security::practice_key::{self, PracticeKey};
use crate::store::{audit, settings};

pub const FOLDER: &str = "backup.folder";
const LAST_GOOD_AT: &str = "backup.last_good_at";
const LAST_GOOD_PATH: &str = "backup.last_good_path";
const LAST_GOOD_SHA: &str = "backup.last_good_sha256";
const LAST_FAILED_AT: &str = "backup.last_failed_at";
const LAST_ERROR: &str = "backup.last_error_code";
/// Left in the data folder only if the process died mid-backup; removed at the next open.
const SNAPSHOT_PREFIX: &str = ".backup-snapshot-";

#[derive(Debug, Clone, Serialize)]
pub struct BackupResult {
    pub path: String,
    pub sha256: String,
    pub size: u64,
    pub created_at: String,
    pub schema_version: i64,
    pub key_id: String,
    pub tables: usize,
    pub rows: i64,
    pub files: usize,
    /// False until the recovery key has been shown once (`backup key --show-once`,
    /// Settings): without it the backups cannot be opened on another computer.
    pub recovery_key_shown: bool,
    /// Older backups the rotation removed from the folder.
    pub removed: Vec<String>,
}

/// Maps a failure of the backup file (reading or writing) to its coded error.
pub(crate) fn io_error(e: io::Error) -> AppError {
    match fault_of(&e) {
        Some(Fault::NotABackup) => AppError::new(
            ErrorCode::BackupNotABackup,
            "This file is not a Lawdesk backup",
        ),
        Some(Fault::Damaged) => AppError::new(
            ErrorCode::BackupDamaged,
            "The backup is damaged or was altered; nothing was restored",
        ),
        None if is_disk_full(&e) => AppError::new(
            ErrorCode::BackupDiskFull,
            "The disk is full: the backup was not written (no partial file is left) and the data is unchanged",
        ),
        None => AppError::from(e),
    }
}

fn is_disk_full(e: &io::Error) -> bool {
    const ENOSPC: i32 = 28;
    matches!(
        e.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    ) || e.raw_os_error() == Some(ENOSPC)
}

/// A file removed when dropped unless kept.
struct TempFile {
    path: PathBuf,
    keep: bool,
}

impl TempFile {
    fn new(path: PathBuf) -> TempFile {
        TempFile { path, keep: false }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.keep {
            let _ = fs::remove_file(&self.path);
            let _ = fs::remove_file(self.path.with_extension("db-journal"));
        }
    }
}

/// Removes snapshots left by a backup that was killed, and the staging folder of a restore
/// killed over an hour ago (called when the data folder opens).
pub(crate) fn remove_leftovers(data_dir: &Path) {
    let Ok(entries) = fs::read_dir(data_dir) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(SNAPSHOT_PREFIX) {
            let _ = fs::remove_file(e.path());
        }
    }
    remove_restore_leftovers(data_dir, std::time::Duration::from_secs(3600));
}

/// Removes the `.restore-…` staging folders in `data_dir` older than `age`: a restore that
/// was killed left one, and the folder then looked empty to the user but was refused as
/// not empty by the next restore.
pub(crate) fn remove_restore_leftovers(data_dir: &Path, age: std::time::Duration) {
    files::remove_old(data_dir, age, |name, kind| {
        name.starts_with(".restore-") && kind.is_dir()
    });
}

/// The attachments and kept letters: (path in the archive, file), sorted.
fn attachment_files(data_dir: &Path) -> io::Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    let mut stack = vec![(ATTACHMENTS_DIR.to_string(), data_dir.join(ATTACHMENTS_DIR))];
    while let Some((rel, dir)) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for e in entries {
            let e = e?;
            let name = e.file_name().to_string_lossy().into_owned();
            let child = format!("{rel}/{name}");
            if e.file_type()?.is_dir() {
                stack.push((child, e.path()));
            } else if !name.ends_with(".part") && archive::is_safe_path(&child) {
                out.push((child, e.path()));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn add_file<W: io::Write>(w: &mut W, rel: &str, path: &Path) -> io::Result<FileRecord> {
    let f = File::open(path)?;
    let size = f.metadata()?.len();
    let sha256 = archive::write_file(w, rel, size, BufReader::new(f))?;
    Ok(FileRecord {
        path: rel.to_string(),
        size,
        sha256,
    })
}

/// Writes the sealed file at `dest` (a new file) and fsyncs it; its SHA-256 and size.
fn write_container(
    dest: &Path,
    key: &PracticeKey,
    header: &Header,
    snapshot: &Path,
    files: &[(String, PathBuf)],
    mut manifest: Manifest,
) -> io::Result<(String, u64)> {
    let file = OpenOptions::new().write(true).create_new(true).open(dest)?;
    let mut enc = Encryptor::new(HashingWriter::new(file), key.bytes(), header)?;
    manifest
        .files
        .push(add_file(&mut enc, DATABASE_ENTRY, snapshot)?);
    for (rel, path) in files {
        manifest.files.push(add_file(&mut enc, rel, path)?);
    }
    archive::write_manifest(&mut enc, &manifest)?;
    let out = enc.finish()?;
    out.inner.sync_all()?;
    Ok((out.sha256(), out.written))
}

fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

fn new_header(core: &Core, key: &PracticeKey, schema_version: i64, now: DateTime<Utc>) -> Header {
    use chacha20poly1305::aead::rand_core::RngCore;
    let mut prefix = [0u8; container::PREFIX_LEN];
    chacha20poly1305::aead::OsRng.fill_bytes(&mut prefix);
    Header {
        format: container::FORMAT_VERSION,
        schema_version,
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        created_at: now.to_rfc3339(),
        install_id: core.install_id().to_string(),
        key_id: key.id(),
        cipher: container::CIPHER.to_string(),
        chunk_size: container::CHUNK as u32,
        nonce_prefix: hex::encode(prefix),
    }
}

/// The folder a backup file goes into; it must exist, and neither it nor the file may be
/// inside the data folder or a device (`services::files::check_file_target`).
fn target_folder(core: &Core, out: &Path) -> AppResult<PathBuf> {
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() || out.file_name().is_none() || out.is_dir() {
        return Err(AppError::field("out", "backup_folder"));
    }
    files::check_file_target(core.data_dir(), out, "out")?;
    Ok(folder)
}

fn write_backup(core: &Core, out: &Path, now: DateTime<Utc>) -> AppResult<BackupResult> {
    let folder = target_folder(core, out)?;
    if let Some(name) = out.file_name() {
        remove_partials(&folder, Some(&name.to_string_lossy()));
    }
    let key = practice_key::get_or_create(core, now)?;
    let snapshot = TempFile::new(
        core.data_dir()
            .join(format!("{SNAPSHOT_PREFIX}{}.db", uuid::Uuid::new_v4())),
    );
    let tables = core.db.snapshot_to(&snapshot.path)?;
    let schema_version = core.db.schema_version()?;
    let files = attachment_files(core.data_dir()).map_err(io_error)?;
    let header = new_header(core, &key, schema_version, now);
    let manifest = Manifest {
        schema_version,
        created_at: header.created_at.clone(),
        tables: tables.clone(),
        files: Vec::new(),
    };
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    let mut partial =
        TempFile::new(folder.join(format!(".{name}.{}.partial", uuid::Uuid::new_v4().simple())));
    let (sha256, size) = write_container(
        &partial.path,
        &key,
        &header,
        &snapshot.path,
        &files,
        manifest,
    )
    .map_err(io_error)?;
    fs::rename(&partial.path, out).map_err(io_error)?;
    partial.keep = true;
    sync_dir(&folder);
    Ok(BackupResult {
        path: out.display().to_string(),
        sha256,
        size,
        created_at: header.created_at,
        schema_version,
        key_id: key.id(),
        tables: tables.len(),
        rows: tables.values().sum(),
        files: files.len(),
        recovery_key_shown: practice_key::recovery_key_shown(core)?,
        removed: Vec::new(),
    })
}

/// One backup into the file `out` (replaced if it exists). The outcome is kept in the
/// settings (the last good backup, or the last failure's code) with its audit row.
pub fn backup_to(core: &Core, out: &Path, now: DateTime<Utc>) -> AppResult<BackupResult> {
    let result = write_backup(core, out, now);
    match &result {
        Ok(r) => record_success(core, r, now)?,
        Err(e) => record_failure(core, e, now),
    }
    result
}

fn record_success(core: &Core, r: &BackupResult, now: DateTime<Utc>) -> AppResult<()> {
    core.db.write(|tx| {
        settings::set(tx, LAST_GOOD_AT, &r.created_at)?;
        settings::set(tx, LAST_GOOD_PATH, &r.path)?;
        settings::set(tx, LAST_GOOD_SHA, &r.sha256)?;
        settings::remove(tx, LAST_FAILED_AT)?;
        settings::remove(tx, LAST_ERROR)?;
        audit::record(
            tx,
            now,
            "create",
            "backup",
            &r.key_id,
            &json!({ "path": r.path, "sha256": r.sha256, "size": r.size, "files": r.files, "rows": r.rows }),
        )
    })
}

fn record_failure(core: &Core, e: &AppError, now: DateTime<Utc>) {
    tracing::warn!(code = e.code.as_str(), "backup failed");
    let _ = core.db.write(|tx| {
        settings::set(tx, LAST_FAILED_AT, &now.to_rfc3339())?;
        settings::set(tx, LAST_ERROR, e.code.as_str())?;
        audit::record(
            tx,
            now,
            "fail",
            "backup",
            "",
            &json!({ "code": e.code.as_str() }),
        )
    });
}

/// Removes the backups in `folder` the rotation no longer keeps: only files named as Lawdesk
/// names them whose header says they are this practice's (`install_id`; another practice
/// sharing the folder keeps its own, and a file that cannot be read is never removed), and
/// never `just_written` — whatever the clock said when it was named.
pub fn rotate(folder: &Path, install_id: &str, just_written: &Path) -> io::Result<Vec<String>> {
    let ours = |path: &Path| {
        File::open(path)
            .and_then(|f| container::read_header(&mut BufReader::new(f)))
            .is_ok_and(|(h, _)| h.install_id == install_id)
    };
    let mut found: Vec<(String, chrono::NaiveDateTime)> = Vec::new();
    for e in fs::read_dir(folder)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(at) = parse_file_name(&name).filter(|_| ours(&e.path())) {
            found.push((name, at));
        }
    }
    let taken: Vec<_> = found.iter().map(|(_, at)| *at).collect();
    let kept = keep(&taken, RETENTION);
    let newest = just_written
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let mut removed = Vec::new();
    for (i, (name, _)) in found.into_iter().enumerate() {
        if !kept.contains(&i) && Some(&name) != newest.as_ref() {
            fs::remove_file(folder.join(&name))?;
            removed.push(name);
        }
    }
    removed.sort();
    Ok(removed)
}

/// Removes the `.partial` files of backups into `folder` that were killed (an hour old: no
/// backup still writes them), so they never fill the backup disk. `name`: only those of
/// that file; `None`: those of every rotated backup.
fn remove_partials(folder: &Path, name: Option<&str>) {
    let hour = std::time::Duration::from_secs(3600);
    files::remove_old(folder, hour, |file, kind| {
        let mine = match name {
            Some(n) => file.starts_with(&format!(".{n}.")),
            None => file.starts_with(".lawdesk-"),
        };
        mine && file.ends_with(".partial") && !kind.is_dir()
    });
}

/// "Back up now": a backup into the chosen folder, then the rotation.
pub fn backup_now(core: &Core, now: DateTime<Utc>) -> AppResult<BackupResult> {
    let folder = core
        .db
        .read(|c| settings::get(c, FOLDER))?
        .ok_or_else(|| AppError::field("folder", "required"))?;
    let folder = PathBuf::from(folder);
    remove_partials(&folder, None);
    let at = now.with_timezone(&Local).naive_local();
    let out = folder.join(file_name(at, core.install_id()));
    let mut result = backup_to(core, &out, now)?;
    match rotate(&folder, core.install_id(), &out) {
        Ok(removed) => result.removed = removed,
        Err(e) => tracing::warn!(error = %e, "backup rotation failed"),
    }
    Ok(result)
}

#[derive(Debug, Clone, Serialize)]
pub struct BackupStatus {
    pub folder: Option<String>,
    pub last_good_at: Option<String>,
    pub last_good_path: Option<String>,
    pub last_failed_at: Option<String>,
    /// The error code of the last failure, when it came after the last good backup.
    pub last_error: Option<String>,
    pub recovery_key_shown: bool,
    /// A folder is chosen and the last good backup is a day old or missing.
    pub due: bool,
    /// The practice holds nothing entered yet: the window offers to restore a backup in
    /// its place (a new computer).
    pub practice_is_new: bool,
}

pub fn status(core: &Core, now: DateTime<Utc>) -> AppResult<BackupStatus> {
    core.db.read(|c| {
        let get = |k| settings::get(c, k);
        let folder = get(FOLDER)?;
        let last_good_at = get(LAST_GOOD_AT)?;
        let last_good_path = get(LAST_GOOD_PATH)?;
        // Less than a day old — and not ahead of the clock (a clock set wrong once must not
        // stop the daily backup until that day comes) — and the file still there.
        let age_ok = last_good_at
            .as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| now.signed_duration_since(t))
            .is_some_and(|age| {
                age < chrono::Duration::days(1) && age > -chrono::Duration::hours(1)
            });
        let file_there = last_good_path
            .as_deref()
            .is_some_and(|p| Path::new(p).is_file());
        Ok(BackupStatus {
            due: folder.is_some() && !(age_ok && file_there),
            folder,
            last_good_at,
            last_good_path,
            last_failed_at: get(LAST_FAILED_AT)?,
            last_error: get(LAST_ERROR)?,
            recovery_key_shown: get(practice_key::SHOWN)?.is_some(),
            practice_is_new: !crate::store::database::holds_entries(c)?,
        })
    })
}

/// The daily backup when the app starts: only when a folder is chosen and the last good
/// backup is older than a day.
pub fn daily_if_due(core: &Core, now: DateTime<Utc>) -> AppResult<Option<BackupResult>> {
    if !status(core, now)?.due {
        return Ok(None);
    }
    backup_now(core, now).map(Some)
}

/// Chooses the backup folder (an empty value turns automatic backups off). It must be an
/// existing folder Lawdesk can write to, outside the data folder.
pub fn set_folder(core: &Core, folder: &str, now: DateTime<Utc>) -> AppResult<BackupStatus> {
    let folder = folder.trim();
    let chosen = if folder.is_empty() {
        None
    } else {
        Some(check_folder(core, Path::new(folder))?)
    };
    core.db.write(|tx| {
        let before = settings::get(tx, FOLDER)?;
        match &chosen {
            Some(f) => settings::set(tx, FOLDER, f)?,
            None => settings::remove(tx, FOLDER)?,
        }
        audit::record_diff(
            tx,
            now,
            ("update", "backup", ""),
            json!({ "folder": chosen }),
            None,
            (
                Some(&json!({ "folder": before })),
                &json!({ "folder": chosen }),
            ),
            &[],
        )
    })?;
    status(core, now)
}

fn check_folder(core: &Core, folder: &Path) -> AppResult<String> {
    let bad = || AppError::field("folder", "backup_folder");
    if !folder.is_absolute() || !folder.is_dir() {
        return Err(bad());
    }
    let canonical = folder.canonicalize().map_err(|_| bad())?;
    let data = core.data_dir().canonicalize().map_err(|_| bad())?;
    if canonical.starts_with(&data) {
        return Err(bad());
    }
    let probe = folder.join(format!(
        ".lawdesk-write-test-{}",
        uuid::Uuid::new_v4().simple()
    ));
    File::create(&probe).map_err(|_| bad())?;
    let _ = fs::remove_file(&probe);
    Ok(folder.display().to_string())
}
