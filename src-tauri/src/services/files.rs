//! Files that belong to a transaction, so a use case is whole with its files: files it
//! creates are removed when the transaction fails; copies meant for a folder outside the
//! data folder are written under a temporary name first and renamed into place only after
//! the commit.

use std::path::{Path, PathBuf};

use crate::domain::{AppError, AppResult};

/// Removes what it holds when dropped before [`FileGuard::commit`]. A guard made with
/// [`FileGuard::in_folder`] also notes each copy it stages outside the data folder in the
/// data folder's `pending/`, so that a copy a killed process left half-way under its
/// temporary name is removed when the folder is next opened ([`sweep_pending_copies`]).
#[derive(Debug, Default)]
pub struct FileGuard {
    created: Vec<PathBuf>,
    staged: Vec<(PathBuf, PathBuf)>,
    /// `<data folder>/pending`, where staged copies are noted (one small file each).
    pending: Option<PathBuf>,
    notes: Vec<PathBuf>,
}

/// The data folder's list of copies being written outside it.
const PENDING: &str = "pending";

impl FileGuard {
    /// A guard whose staged copies are noted in `data_dir` until they are in place.
    pub fn in_folder(data_dir: &Path) -> FileGuard {
        FileGuard {
            created: Vec::new(),
            staged: Vec::new(),
            pending: Some(data_dir.join(PENDING)),
            notes: Vec::new(),
        }
    }

    /// `path` was created by this use case: removed again if it fails.
    pub fn created(&mut self, path: PathBuf) {
        self.created.push(path);
    }

    /// Writes `bytes` as `.<name>.part` beside `target`; [`FileGuard::commit`] renames it.
    pub fn stage(&mut self, target: &Path, bytes: &[u8]) -> AppResult<()> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = target.with_file_name(format!(".{name}.part"));
        if let Some(dir) = &self.pending {
            std::fs::create_dir_all(dir)?;
            let note = dir.join(format!("{}.path", uuid::Uuid::new_v4()));
            std::fs::write(&note, tmp.to_string_lossy().as_bytes())?;
            self.notes.push(note);
        }
        std::fs::write(&tmp, bytes)?;
        self.staged.push((tmp, target.to_path_buf()));
        Ok(())
    }

    /// After the commit: staged copies go into place; created files stay.
    pub fn commit(mut self) -> AppResult<()> {
        self.created.clear();
        let staged = std::mem::take(&mut self.staged);
        for (tmp, target) in staged {
            std::fs::rename(&tmp, &target)?;
        }
        Ok(())
    }
}

impl Drop for FileGuard {
    fn drop(&mut self) {
        for p in self
            .created
            .iter()
            .chain(self.staged.iter().map(|(t, _)| t))
            .chain(self.notes.iter())
        {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Removes the temporary copies (`.<name>.part`) that a process killed while writing them
/// left outside the data folder, as noted in its `pending/`, once the note is older than
/// `age` (a copy in flight in another process is left alone). Run when the folder opens.
pub fn sweep_pending_copies(data_dir: &Path, age: std::time::Duration) {
    let dir = data_dir.join(PENDING);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for e in entries.flatten() {
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|d| d >= age));
        if !old {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(e.path()) {
            let tmp = PathBuf::from(text);
            let ours = tmp
                .file_name()
                .map(|n| n.to_string_lossy())
                .is_some_and(|n| n.starts_with('.') && n.ends_with(".part"));
            if ours && std::fs::symlink_metadata(&tmp).is_ok_and(|m| m.is_file()) {
                let _ = std::fs::remove_file(&tmp);
                tracing::info!(file = %tmp.display(), "removed a copy an interrupted write left half-way");
            }
        }
        let _ = std::fs::remove_file(e.path());
    }
}

/// A file the user asked for can be written at `target`: its folder exists
/// (`folder_missing` on `field`), it is no folder, device or other special file
/// (`not_a_file`), and it is outside the data folder `data_dir` (`inside_data_folder`: a
/// letter or an export saved as `lawdesk.db` replaced the practice's database). Checked
/// before anything is written or committed.
pub fn check_file_target(data_dir: &Path, target: &Path, field: &str) -> AppResult<()> {
    if std::fs::metadata(target).is_ok_and(|m| !m.is_file()) {
        return Err(AppError::field(field, "not_a_file"));
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    check_folder_target(data_dir, dir, field)
}

/// A folder the user asked for files to be written into exists (`folder_missing`) and is
/// outside the data folder (`inside_data_folder`).
pub fn check_folder_target(data_dir: &Path, dir: &Path, field: &str) -> AppResult<()> {
    let Ok(dir) = dir.canonicalize().and_then(|d| match d.is_dir() {
        true => Ok(d),
        false => Err(std::io::ErrorKind::NotADirectory.into()),
    }) else {
        return Err(AppError::field(field, "folder_missing"));
    };
    let inside = match data_dir.canonicalize() {
        Ok(data) => dir.starts_with(&data) || same_folder_among(&data, &dir),
        Err(_) => false,
    };
    match inside {
        true => Err(AppError::field(field, "inside_data_folder")),
        false => Ok(()),
    }
}

/// `data` is `dir` or one of its parents by device and inode: the same folder under
/// another path (a bind mount, a second mount of a share) that the paths do not show.
#[cfg(unix)]
fn same_folder_among(data: &Path, dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(d) = std::fs::metadata(data) else {
        return false;
    };
    dir.ancestors()
        .filter_map(|a| std::fs::metadata(a).ok())
        .any(|m| m.dev() == d.dev() && m.ino() == d.ino())
}

#[cfg(not(unix))]
fn same_folder_among(_data: &Path, _dir: &Path) -> bool {
    false
}

/// As [`check_folder_target`] for a folder that will be created if missing: its nearest
/// existing ancestor is checked.
pub fn check_new_folder_target(data_dir: &Path, dir: &Path, field: &str) -> AppResult<()> {
    let existing = dir
        .ancestors()
        .find(|a| a.is_dir())
        .unwrap_or(Path::new("."));
    check_folder_target(data_dir, existing, field)
}

/// Removes the entries of `dir` that `pick` chooses by name and type and that were last
/// modified `age` ago or longer (a folder with everything in it): what a killed backup,
/// restore or print left behind. Best effort: what cannot be removed stays.
pub fn remove_old(
    dir: &Path,
    age: std::time::Duration,
    pick: impl Fn(&str, &std::fs::FileType) -> bool,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let Ok(kind) = e.file_type() else { continue };
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|d| d >= age));
        if old && pick(&e.file_name().to_string_lossy(), &kind) {
            let _ = match kind.is_dir() {
                true => std::fs::remove_dir_all(e.path()),
                false => std::fs::remove_file(e.path()),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy staged outside the data folder by a process that was then killed (the guard
    /// never dropped) is noted in `pending/`: left alone while young (it may be in flight in
    /// another process), removed with its note once old; a committed copy leaves no note.
    #[test]
    fn a_half_written_copy_a_killed_process_left_is_swept_once_old() {
        let data = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("明理律函〔2026〕第0001号.pdf");
        let mut guard = FileGuard::in_folder(data.path());
        guard.stage(&target, b"%PDF-1.7 half").unwrap();
        std::mem::forget(guard);
        let tmp = outside.path().join(".明理律函〔2026〕第0001号.pdf.part");
        assert!(tmp.exists());
        sweep_pending_copies(data.path(), std::time::Duration::from_secs(600));
        assert!(
            tmp.exists(),
            "young: perhaps another process's write in flight"
        );
        sweep_pending_copies(data.path(), std::time::Duration::ZERO);
        assert!(!tmp.exists());
        assert_eq!(
            std::fs::read_dir(data.path().join(PENDING))
                .unwrap()
                .count(),
            0
        );

        let mut guard = FileGuard::in_folder(data.path());
        guard.stage(&target, b"%PDF-1.7 whole").unwrap();
        guard.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"%PDF-1.7 whole");
        assert_eq!(
            std::fs::read_dir(data.path().join(PENDING))
                .unwrap()
                .count(),
            0
        );
        // A note naming anything but a `.part` file removes nothing.
        std::fs::write(
            data.path().join(PENDING).join("x.path"),
            target.to_string_lossy().as_bytes(),
        )
        .unwrap();
        sweep_pending_copies(data.path(), std::time::Duration::ZERO);
        assert!(target.exists());
    }
}
