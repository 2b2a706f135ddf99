//! The backup file's container: a plaintext header, then the content in chunks sealed with
//! XChaCha20-Poly1305.
//!
//! ```text
//! "LAWDESK-BACKUP\r\n"            16 bytes, the magic
//! u32 LE n, n bytes               the header, JSON (format and schema version, key id, nonce prefix)
//! { u32 LE len, len bytes }*      chunks: at most CHUNK plaintext bytes + a 16-byte tag each
//! ```
//!
//! Each chunk's nonce is the file's random 19-byte prefix, the chunk's counter (u32 BE) and
//! a last-chunk flag (the STREAM construction), and the header bytes are every chunk's
//! associated data: a chunk that is edited, reordered, dropped or cut off, or a header that
//! is changed, fails to open. The random prefix makes reusing the one practice key across
//! thousands of backups safe (192-bit nonces). Memory stays at one chunk either way.

use std::io::{self, Read, Write};

use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};

pub const MAGIC: &[u8; 16] = b"LAWDESK-BACKUP\r\n";
/// The container format this binary writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
pub const CIPHER: &str = "XChaCha20-Poly1305";
/// Plaintext bytes per chunk.
pub const CHUNK: usize = 1 << 20;
pub const PREFIX_LEN: usize = 19;
const TAG_LEN: usize = 16;
const MAX_HEADER: usize = 64 * 1024;

/// What can be read without the key. Nothing in it is secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    /// The database schema version inside (`PRAGMA user_version`).
    pub schema_version: i64,
    pub app_version: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// The installation the backup came from (names its keychain entries).
    pub install_id: String,
    /// `domain::backup::key_id` of the key that sealed it.
    pub key_id: String,
    pub cipher: String,
    pub chunk_size: u32,
    /// Hex of the file's random nonce prefix.
    pub nonce_prefix: String,
}

/// Why a file could not be opened, carried inside `io::Error` (kind `InvalidData`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Fault {
    #[error("not a Lawdesk backup")]
    NotABackup,
    #[error("the backup is damaged or was altered")]
    Damaged,
}

pub fn fault(f: Fault) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, f)
}

/// The fault inside an `io::Error`, if it is one of ours; a cut-off file is `Damaged`.
pub fn fault_of(e: &io::Error) -> Option<Fault> {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        return Some(Fault::Damaged);
    }
    e.get_ref().and_then(|i| i.downcast_ref::<Fault>()).copied()
}

fn nonce(prefix: &[u8; PREFIX_LEN], counter: u32, last: bool) -> XNonce {
    let mut n = [0u8; 24];
    n[..PREFIX_LEN].copy_from_slice(prefix);
    n[PREFIX_LEN..23].copy_from_slice(&counter.to_be_bytes());
    n[23] = u8::from(last);
    XNonce::from(n)
}

fn prefix_of(header: &Header) -> io::Result<[u8; PREFIX_LEN]> {
    let bytes = hex::decode(&header.nonce_prefix).map_err(|_| fault(Fault::NotABackup))?;
    bytes.try_into().map_err(|_| fault(Fault::NotABackup))
}

/// Encrypts everything written to it into `inner`; `finish` seals the last chunk.
pub struct Encryptor<W: Write> {
    inner: W,
    cipher: XChaCha20Poly1305,
    prefix: [u8; PREFIX_LEN],
    aad: Vec<u8>,
    buf: Vec<u8>,
    counter: u32,
}

impl<W: Write> Encryptor<W> {
    /// Writes the magic and the header, then expects the content.
    pub fn new(mut inner: W, key: &[u8; 32], header: &Header) -> io::Result<Self> {
        let aad = serde_json::to_vec(header).map_err(io::Error::other)?;
        inner.write_all(MAGIC)?;
        inner.write_all(&(aad.len() as u32).to_le_bytes())?;
        inner.write_all(&aad)?;
        Ok(Encryptor {
            inner,
            cipher: XChaCha20Poly1305::new(key.into()),
            prefix: prefix_of(header)?,
            aad,
            buf: Vec::with_capacity(CHUNK + TAG_LEN),
            counter: 0,
        })
    }

    fn seal(&mut self, last: bool) -> io::Result<()> {
        let n = nonce(&self.prefix, self.counter, last);
        self.cipher
            .encrypt_in_place(&n, &self.aad, &mut self.buf)
            .map_err(|_| io::Error::other("encryption failed"))?;
        self.inner
            .write_all(&(self.buf.len() as u32).to_le_bytes())?;
        self.inner.write_all(&self.buf)?;
        self.buf.clear();
        self.counter = self
            .counter
            .checked_add(1)
            .ok_or_else(|| io::Error::other("backup too large"))?;
        Ok(())
    }

    /// Seals the last chunk and hands back the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.seal(true)?;
        self.inner.flush()?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for Encryptor<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.buf.len() == CHUNK {
            self.seal(false)?;
        }
        let n = data.len().min(CHUNK - self.buf.len());
        self.buf.extend_from_slice(&data[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Reads the magic and the header (without the key).
pub fn read_header<R: Read>(r: &mut R) -> io::Result<(Header, Vec<u8>)> {
    let mut magic = [0u8; 16];
    r.read_exact(&mut magic)
        .map_err(|_| fault(Fault::NotABackup))?;
    if &magic != MAGIC {
        return Err(fault(Fault::NotABackup));
    }
    let mut len = [0u8; 4];
    r.read_exact(&mut len)?;
    let len = u32::from_le_bytes(len) as usize;
    if len > MAX_HEADER {
        return Err(fault(Fault::NotABackup));
    }
    let mut raw = vec![0u8; len];
    r.read_exact(&mut raw)?;
    let header: Header = serde_json::from_slice(&raw).map_err(|_| fault(Fault::NotABackup))?;
    Ok((header, raw))
}

/// Decrypts the chunks after the header; a chunk that fails to open is `Fault::Damaged`.
pub struct Decryptor<R: Read> {
    inner: R,
    cipher: XChaCha20Poly1305,
    prefix: [u8; PREFIX_LEN],
    aad: Vec<u8>,
    buf: Vec<u8>,
    pos: usize,
    counter: u32,
    next_len: Option<usize>,
    done: bool,
}

/// A chunk length, or `None` at a clean end of file.
fn read_len<R: Read>(r: &mut R) -> io::Result<Option<usize>> {
    let mut b = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        match r.read(&mut b[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(fault(Fault::Damaged)),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let len = u32::from_le_bytes(b) as usize;
    if !(TAG_LEN..=CHUNK + TAG_LEN).contains(&len) {
        return Err(fault(Fault::Damaged));
    }
    Ok(Some(len))
}

impl<R: Read> Decryptor<R> {
    /// `header` and `raw` as `read_header` returned them; `key` must match `header.key_id`
    /// (checked by the caller, so a wrong key is told apart from damage).
    pub fn new(mut inner: R, key: &[u8; 32], header: &Header, raw: Vec<u8>) -> io::Result<Self> {
        let first = read_len(&mut inner)?.ok_or_else(|| fault(Fault::Damaged))?;
        Ok(Decryptor {
            inner,
            cipher: XChaCha20Poly1305::new(key.into()),
            prefix: prefix_of(header)?,
            aad: raw,
            buf: Vec::with_capacity(CHUNK + TAG_LEN),
            pos: 0,
            counter: 0,
            next_len: Some(first),
            done: false,
        })
    }

    fn open_next(&mut self) -> io::Result<()> {
        let Some(len) = self.next_len.take() else {
            self.done = true;
            return Ok(());
        };
        self.buf.resize(len, 0);
        self.inner.read_exact(&mut self.buf)?;
        self.next_len = read_len(&mut self.inner)?;
        let last = self.next_len.is_none();
        let n = nonce(&self.prefix, self.counter, last);
        self.cipher
            .decrypt_in_place(&n, &self.aad, &mut self.buf)
            .map_err(|_| fault(Fault::Damaged))?;
        self.counter = self
            .counter
            .checked_add(1)
            .ok_or_else(|| fault(Fault::Damaged))?;
        self.pos = 0;
        self.done = last && self.buf.is_empty();
        Ok(())
    }
}

impl<R: Read> Read for Decryptor<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.buf.len() {
            if self.done || (self.next_len.is_none() && self.counter > 0) {
                return Ok(0);
            }
            self.open_next()?;
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(prefix: &str) -> Header {
        Header {
            format: FORMAT_VERSION,
            schema_version: 6,
            app_version: "0.1.0".into(),
            created_at: "2026-12-03T08:00:00+00:00".into(),
            install_id: "test".into(),
            key_id: "k".into(),
            cipher: CIPHER.into(),
            chunk_size: CHUNK as u32,
            nonce_prefix: prefix.into(),
        }
    }

    fn seal(data: &[u8], key: &[u8; 32]) -> Vec<u8> {
        let h = header(&"ab".repeat(PREFIX_LEN));
        let mut e = Encryptor::new(Vec::new(), key, &h).unwrap();
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn open(file: &[u8], key: &[u8; 32]) -> io::Result<Vec<u8>> {
        let mut r = file;
        let (h, raw) = read_header(&mut r)?;
        let mut d = Decryptor::new(r, key, &h, raw)?;
        let mut out = Vec::new();
        d.read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn round_trips_across_chunk_boundaries() {
        let key = [7u8; 32];
        for size in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 17] {
            let data: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            let file = seal(&data, &key);
            assert_eq!(open(&file, &key).unwrap(), data, "{size}");
            if size > 8 {
                assert!(
                    !file.windows(8).any(|w| w == &data[..8]),
                    "{size}: plaintext visible"
                );
            }
        }
    }

    #[test]
    fn a_changed_cut_or_misread_file_is_refused() {
        let key = [7u8; 32];
        let data = vec![42u8; CHUNK * 2 + 5];
        let file = seal(&data, &key);
        assert_eq!(
            fault_of(&open(&file, &[8u8; 32]).unwrap_err()),
            Some(Fault::Damaged)
        );
        let mut flipped = file.clone();
        let at = flipped.len() - 100;
        flipped[at] ^= 1;
        assert_eq!(
            fault_of(&open(&flipped, &key).unwrap_err()),
            Some(Fault::Damaged)
        );
        // Cut after the second chunk (a clean chunk boundary): the last-chunk flag tells.
        let header_len = 16 + 4 + u32::from_le_bytes(file[16..20].try_into().unwrap()) as usize;
        let two_chunks = header_len + 2 * (4 + CHUNK + TAG_LEN);
        assert_eq!(
            fault_of(&open(&file[..two_chunks], &key).unwrap_err()),
            Some(Fault::Damaged)
        );
        assert_eq!(
            fault_of(&open(&file[..file.len() - 3], &key).unwrap_err()),
            Some(Fault::Damaged)
        );
        // The header is authenticated too.
        let mut tampered = file.clone();
        let pos = tampered.windows(4).position(|w| w == b"test").unwrap();
        tampered[pos] = b'T';
        assert_eq!(
            fault_of(&open(&tampered, &key).unwrap_err()),
            Some(Fault::Damaged)
        );
        assert_eq!(
            fault_of(&open(b"PK\x03\x04 a zip file", &key).unwrap_err()),
            Some(Fault::NotABackup)
        );
    }
}
