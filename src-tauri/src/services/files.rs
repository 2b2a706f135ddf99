//! Files that belong to a transaction, so a use case is whole with its files: files it
//! creates are removed when the transaction fails; copies meant for a folder outside the
//! data folder are written under a temporary name first and renamed into place only after
//! the commit.

use std::path::{Path, PathBuf};

use crate::domain::{AppError, AppResult};

/// Removes what it holds when dropped before [`FileGuard::commit`].
#[derive(Debug, Default)]
pub struct FileGuard {
    created: Vec<PathBuf>,
    staged: Vec<(PathBuf, PathBuf)>,
}

impl FileGuard {
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
        {
            let _ = std::fs::remove_file(p);
        }
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
