//! What is inside the container: a stream of entries, each file streamed in (never held in
//! memory whole), then the manifest (row counts per table, every file's size and SHA-256),
//! then an end mark.
//!
//! ```text
//! 'F' u16 LE path length, path (UTF-8, '/'-separated), u64 LE size, size bytes
//! 'M' u32 LE length, manifest JSON
//! 'E'
//! ```

use std::collections::BTreeMap;
use std::io::{self, Read, Write};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::container::{fault, Fault};

pub const DATABASE_ENTRY: &str = "lawdesk.db";
pub const ATTACHMENTS_DIR: &str = "attachments";
const MAX_MANIFEST: usize = 256 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: i64,
    pub created_at: String,
    /// Rows per table of the database as backed up.
    pub tables: BTreeMap<String, i64>,
    pub files: Vec<FileRecord>,
}

pub enum Entry {
    File { path: String, size: u64 },
    Manifest(Manifest),
    End,
}

/// A path the archive may hold: `lawdesk.db` or a file below `attachments/`, in plain
/// components (no `..`, no absolute paths, no drive letters), so a crafted backup can write
/// nowhere else.
pub fn is_safe_path(path: &str) -> bool {
    if path == DATABASE_ENTRY {
        return true;
    }
    let mut parts = path.split('/');
    parts.next() == Some(ATTACHMENTS_DIR)
        && path.len() <= 512
        && path.split('/').skip(1).count() >= 1
        && parts.all(|p| {
            !p.is_empty()
                && p != "."
                && p != ".."
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        })
}

/// Streams one file of `size` bytes from `src` into the archive; returns its SHA-256. A file
/// that is shorter than `size` (changed while backing up) is an error.
pub fn write_file<W: Write, R: Read>(
    w: &mut W,
    path: &str,
    size: u64,
    src: R,
) -> io::Result<String> {
    let name = path.as_bytes();
    w.write_all(b"F")?;
    w.write_all(&(name.len() as u16).to_le_bytes())?;
    w.write_all(name)?;
    w.write_all(&size.to_le_bytes())?;
    let copied = copy_hashed(&mut src.take(size), w)?;
    if copied.0 != size {
        return Err(io::Error::other("a file changed while it was backed up"));
    }
    Ok(copied.1)
}

pub fn write_manifest<W: Write>(w: &mut W, m: &Manifest) -> io::Result<()> {
    let json = serde_json::to_vec(m).map_err(io::Error::other)?;
    w.write_all(b"M")?;
    w.write_all(&(json.len() as u32).to_le_bytes())?;
    w.write_all(&json)?;
    w.write_all(b"E")
}

/// The next entry's head; for a file, its body follows (read it with `copy_body`).
pub fn read_entry<R: Read>(r: &mut R) -> io::Result<Entry> {
    let mut tag = [0u8; 1];
    r.read_exact(&mut tag)?;
    match tag[0] {
        b'F' => {
            let mut len = [0u8; 2];
            r.read_exact(&mut len)?;
            let mut name = vec![0u8; u16::from_le_bytes(len) as usize];
            r.read_exact(&mut name)?;
            let path = String::from_utf8(name).map_err(|_| fault(Fault::Damaged))?;
            let mut size = [0u8; 8];
            r.read_exact(&mut size)?;
            Ok(Entry::File {
                path,
                size: u64::from_le_bytes(size),
            })
        }
        b'M' => {
            let mut len = [0u8; 4];
            r.read_exact(&mut len)?;
            let len = u32::from_le_bytes(len) as usize;
            if len > MAX_MANIFEST {
                return Err(fault(Fault::Damaged));
            }
            let mut json = vec![0u8; len];
            r.read_exact(&mut json)?;
            let m = serde_json::from_slice(&json).map_err(|_| fault(Fault::Damaged))?;
            Ok(Entry::Manifest(m))
        }
        b'E' => Ok(Entry::End),
        _ => Err(fault(Fault::Damaged)),
    }
}

/// Copies a file entry's body of `size` bytes to `out`; returns its SHA-256.
pub fn copy_body<R: Read, W: Write>(r: &mut R, size: u64, out: &mut W) -> io::Result<String> {
    let (n, sha) = copy_hashed(&mut r.take(size), out)?;
    if n != size {
        return Err(fault(Fault::Damaged));
    }
    Ok(sha)
}

fn copy_hashed<R: Read, W: Write>(r: &mut R, w: &mut W) -> io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut total = 0u64;
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        w.write_all(&buf[..n])?;
        total += n as u64;
    }
    Ok((total, hex::encode(hasher.finalize())))
}

/// A writer that hashes what passes through (the backup file's own SHA-256).
pub struct HashingWriter<W: Write> {
    pub inner: W,
    hasher: Sha256,
    pub written: u64,
}

impl<W: Write> HashingWriter<W> {
    pub fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hasher: Sha256::new(),
            written: 0,
        }
    }

    pub fn sha256(&self) -> String {
        hex::encode(self.hasher.clone().finalize())
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(data)?;
        self.hasher.update(&data[..n]);
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_database_and_attachments_may_be_written() {
        for ok in ["lawdesk.db", "attachments/ab/abcdef", "attachments/x.pdf"] {
            assert!(is_safe_path(ok), "{ok}");
        }
        for bad in [
            "",
            "attachments",
            "attachments/",
            "attachments/../lawdesk.db",
            "attachments/./x",
            "/etc/passwd",
            "attachments//x",
            "logs/lawdesk.log",
            "attachments/C:\\x",
            "../lawdesk.db",
        ] {
            assert!(!is_safe_path(bad), "{bad}");
        }
    }

    #[test]
    fn entries_round_trip() {
        let mut buf = Vec::new();
        let sha = write_file(&mut buf, "attachments/ab/x", 5, &b"hello"[..]).unwrap();
        let m = Manifest {
            schema_version: 6,
            created_at: "now".into(),
            tables: BTreeMap::from([("clients".into(), 3)]),
            files: vec![FileRecord {
                path: "attachments/ab/x".into(),
                size: 5,
                sha256: sha.clone(),
            }],
        };
        write_manifest(&mut buf, &m).unwrap();
        let mut r = &buf[..];
        let Entry::File { path, size } = read_entry(&mut r).unwrap() else {
            panic!("a file first")
        };
        assert_eq!((path.as_str(), size), ("attachments/ab/x", 5));
        let mut body = Vec::new();
        assert_eq!(copy_body(&mut r, size, &mut body).unwrap(), sha);
        assert_eq!(body, b"hello");
        assert!(matches!(read_entry(&mut r).unwrap(), Entry::Manifest(x) if x == m));
        assert!(matches!(read_entry(&mut r).unwrap(), Entry::End));
        // A file shorter than announced is refused.
        assert!(write_file(&mut Vec::new(), "attachments/y", 9, &b"short"[..]).is_err());
    }
}
