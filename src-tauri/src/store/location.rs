//! Where the data folder lives: the OS app-data folder by default, `--data-dir` or
//! `LAWDESK_DATA_DIR` to override, and whether it sits on a network filesystem (SQLite's
//! locking is unreliable there, so the user is warned).

use std::path::{Path, PathBuf};

use crate::domain::{AppError, AppResult, ErrorCode};

pub const DATA_DIR_ENV: &str = "LAWDESK_DATA_DIR";
pub const DATABASE_FILE: &str = "lawdesk.db";

/// The data folder: an explicit choice, else `LAWDESK_DATA_DIR`, else the OS app-data folder
/// (`~/.local/share/Lawdesk`, `~/Library/Application Support/Lawdesk`, `%APPDATA%\Lawdesk`).
pub fn resolve_data_dir(explicit: Option<PathBuf>) -> AppResult<PathBuf> {
    if let Some(dir) = explicit.filter(|d| !d.as_os_str().is_empty()) {
        return Ok(dir);
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::data_dir().map(|d| d.join("Lawdesk")).ok_or_else(|| {
        AppError::new(
            ErrorCode::DataDir,
            "The system's application-data folder could not be found; set LAWDESK_DATA_DIR",
        )
    })
}

/// Creates the data folder (private to the user on Unix).
pub fn ensure_data_dir(dir: &Path) -> AppResult<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        AppError::new(
            ErrorCode::DataDir,
            format!("The data folder {} cannot be created: {e}", dir.display()),
        )
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    Ok(())
}

/// True when `dir` is on a network filesystem (NFS, SMB/CIFS, AFP, WebDAV, sshfs…).
pub fn is_network_filesystem(dir: &Path) -> bool {
    imp::is_network(dir)
}

#[cfg(target_os = "linux")]
mod imp {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    // f_type magic numbers from linux/magic.h and the filesystems' sources.
    const NETWORK_MAGICS: &[i64] = &[
        0x6969,                // NFS
        0x517B,                // SMB
        0xFF53_4D42u32 as i64, // CIFS
        0xFE53_4D42u32 as i64, // SMB2
        0x564C,                // NCP
        0x5346_414F,           // AFS
        0x0102_1997,           // 9P (v9fs)
        0x6B41_4653,           // AFS (kAFS)
        0x00C3_6400,           // ceph
    ];
    const FUSE_MAGIC: i64 = 0x6573_5546;

    pub fn is_network(dir: &Path) -> bool {
        let Ok(c) = CString::new(dir.as_os_str().as_bytes()) else {
            return false;
        };
        let mut st: libc::statfs = unsafe { std::mem::zeroed() };
        // SAFETY: `c` is a valid NUL-terminated path and `st` a properly sized out-buffer.
        if unsafe { libc::statfs(c.as_ptr(), &mut st) } != 0 {
            return false;
        }
        let magic = st.f_type as i64;
        if NETWORK_MAGICS.contains(&magic) {
            return true;
        }
        // FUSE hosts both local and network filesystems; sshfs and rclone are network.
        magic == FUSE_MAGIC && fuse_is_network(dir)
    }

    fn fuse_is_network(dir: &Path) -> bool {
        let Ok(mounts) = std::fs::read_to_string("/proc/self/mounts") else {
            return false;
        };
        let Ok(dir) = dir.canonicalize() else {
            return false;
        };
        mounts
            .lines()
            .filter_map(|l| {
                let mut f = l.split_whitespace();
                let _src = f.next()?;
                let target = f.next()?;
                let fstype = f.next()?;
                Some((target.to_string(), fstype.to_string()))
            })
            .filter(|(target, _)| dir.starts_with(target))
            .max_by_key(|(target, _)| target.len())
            .is_some_and(|(_, fstype)| {
                ["fuse.sshfs", "fuse.rclone", "fuse.s3fs", "fuse.gvfsd-fuse"]
                    .contains(&fstype.as_str())
            })
    }
}

#[cfg(target_os = "macos")]
mod imp {
    use std::ffi::{CStr, CString};
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    pub fn is_network(dir: &Path) -> bool {
        let Ok(c) = CString::new(dir.as_os_str().as_bytes()) else {
            return false;
        };
        let mut st: libc::statfs = unsafe { std::mem::zeroed() };
        // SAFETY: `c` is a valid NUL-terminated path and `st` a properly sized out-buffer.
        if unsafe { libc::statfs(c.as_ptr(), &mut st) } != 0 {
            return false;
        }
        // SAFETY: the kernel NUL-terminates f_fstypename.
        let name = unsafe { CStr::from_ptr(st.f_fstypename.as_ptr()) };
        matches!(
            name.to_bytes(),
            b"smbfs" | b"nfs" | b"afpfs" | b"webdav" | b"cifs" | b"ftp"
        )
    }
}

#[cfg(windows)]
mod imp {
    use std::path::{Component, Path, Prefix};

    /// UNC paths (`\\server\share`) are network paths. Mapped drive letters are not detected
    /// without a Win32 call; the warning then relies on the UNC form.
    pub fn is_network(dir: &Path) -> bool {
        matches!(
            dir.components().next(),
            Some(Component::Prefix(p)) if matches!(p.kind(), Prefix::UNC(..) | Prefix::VerbatimUNC(..))
        )
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
mod imp {
    pub fn is_network(_dir: &std::path::Path) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_dir_wins() {
        let d = resolve_data_dir(Some(PathBuf::from("/tmp/x"))).unwrap();
        assert_eq!(d, PathBuf::from("/tmp/x"));
    }

    #[test]
    fn a_local_temp_dir_is_not_network() {
        let t = tempfile::tempdir().unwrap();
        assert!(!is_network_filesystem(t.path()));
    }
}
