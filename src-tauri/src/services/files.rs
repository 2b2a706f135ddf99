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

/// The file `target` can be written: its folder exists (`folder_missing` on `field`) and it
/// is not itself a folder (`invalid`). Checked before anything is written or committed.
pub fn check_file_target(target: &Path, field: &str) -> AppResult<()> {
    if target.is_dir() {
        return Err(AppError::field(field, "invalid"));
    }
    match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => {
            Err(AppError::field(field, "folder_missing"))
        }
        _ => Ok(()),
    }
}
