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

/// Creates the data folder, private to the user on Unix: the folder and every folder in it
/// 0700, every file 0600, set on create and fixed on every open (a copy restored with `cp`,
/// an old version's files, a changed umask).
pub fn ensure_data_dir(dir: &Path) -> AppResult<()> {
    create_private_dir(dir).map_err(|e| {
        AppError::new(
            ErrorCode::DataDir,
            format!("The data folder {} cannot be created: {e}", dir.display()),
        )
    })?;
    #[cfg(unix)]
    private_tree(dir);
    Ok(())
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}

/// Files this process creates from now on are readable by their owner only (umask 077):
/// the database and its WAL, logs, kept letters, attachments, copies for the viewer, and
/// backups. Both front ends call it first thing. No effect off Unix.
pub fn private_files_by_default() {
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

/// Folders 0700 and files 0600 under `root` (symbolic links are left alone); only what is
/// more open than that is changed. A file that cannot be changed is logged, not fatal.
#[cfg(unix)]
fn private_tree(root: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut stack = vec![root.to_path_buf()];
    while let Some(p) = stack.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        let want = if meta.is_dir() {
            0o700
        } else if meta.is_file() {
            0o600
        } else {
            continue;
        };
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 || mode & want != want {
            if let Err(e) = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(want)) {
                tracing::warn!(path = %p.display(), error = %e, "could not make private");
            }
        }
        if meta.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&p) {
                stack.extend(entries.flatten().map(|e| e.path()));
            }
        }
    }
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

    #[cfg(unix)]
    #[test]
    fn the_data_folder_is_private_on_create_and_fixed_on_open() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("Lawdesk");
        ensure_data_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        let sub = dir.join("attachments/ab");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join("f"), b"x").unwrap();
        std::fs::write(dir.join(DATABASE_FILE), b"x").unwrap();
        for (p, m) in [(&dir, 0o755), (&sub, 0o775)] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
        }
        for f in [sub.join("f"), dir.join(DATABASE_FILE)] {
            std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        ensure_data_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&sub), 0o700);
        assert_eq!(mode(&dir.join("attachments")), 0o700);
        assert_eq!(mode(&sub.join("f")), 0o600);
        assert_eq!(mode(&dir.join(DATABASE_FILE)), 0o600);
    }

    #[test]
    fn a_local_temp_dir_is_not_network() {
        let t = tempfile::tempdir().unwrap();
        assert!(!is_network_filesystem(t.path()));
    }
}
