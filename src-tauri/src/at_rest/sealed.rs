//! A file sealed at rest: attachments and kept letters in `attachments/ab/<sha256>`.
//!
//! ```text
//! "LAWDESK-SEALED1\n"   16 bytes, the magic
//! 24 bytes              a random XChaCha20-Poly1305 nonce
//! ciphertext + tag      the whole file (attachments are at most 50 MB)
//! ```
//!
//! The associated data is the magic and the file's name (its SHA-256), so a sealed file
//! moved under another name fails to open. 192-bit random nonces make one key safe for any
//! number of files.

use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::{Aead, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use super::keys::Key;

pub const MAGIC: &[u8; 16] = b"LAWDESK-SEALED1\n";
const NONCE_LEN: usize = 24;

/// Why a sealed file did not open: damaged, altered, renamed or another practice's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the sealed file is damaged or belongs to another key")]
pub struct Unopenable;

fn aad(name: &str) -> Vec<u8> {
    let mut a = MAGIC.to_vec();
    a.extend_from_slice(name.as_bytes());
    a
}

/// True when `bytes` start like a sealed file (the content may still fail to open).
pub fn looks_sealed(bytes: &[u8]) -> bool {
    bytes.len() >= MAGIC.len() + NONCE_LEN && bytes.starts_with(MAGIC)
}

/// Seals `plain` for the file named `name`.
pub fn seal(key: &Key, name: &str, plain: &[u8]) -> Vec<u8> {
    let mut nonce = [0u8; NONCE_LEN];
    OsRng.fill_bytes(&mut nonce);
    let cipher = XChaCha20Poly1305::new(key.bytes().into());
    let body = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: &aad(name),
            },
        )
        .expect("XChaCha20-Poly1305 seals any length below 256 GiB");
    let mut out = Vec::with_capacity(MAGIC.len() + NONCE_LEN + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&body);
    out
}

/// Opens a sealed file named `name`.
pub fn open(key: &Key, name: &str, sealed: &[u8]) -> Result<Vec<u8>, Unopenable> {
    if !looks_sealed(sealed) {
        return Err(Unopenable);
    }
    let (nonce, body) = sealed[MAGIC.len()..].split_at(NONCE_LEN);
    XChaCha20Poly1305::new(key.bytes().into())
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: body,
                aad: &aad(name),
            },
        )
        .map_err(|_| Unopenable)
}

#[cfg(test)]
mod tests {
    use super::super::keys::files_key;
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let k = files_key(&[3u8; 32]);
        let s = seal(&k, "ab12", b"client secret");
        assert!(looks_sealed(&s));
        assert!(!s.windows(6).any(|w| w == b"client"));
        assert_eq!(open(&k, "ab12", &s).unwrap(), b"client secret");
        assert_eq!(open(&k, "ab13", &s), Err(Unopenable));
        assert_eq!(open(&files_key(&[4u8; 32]), "ab12", &s), Err(Unopenable));
        let mut t = s.clone();
        *t.last_mut().unwrap() ^= 1;
        assert_eq!(open(&k, "ab12", &t), Err(Unopenable));
        assert_eq!(open(&k, "ab12", b"%PDF-1.7"), Err(Unopenable));
        assert_ne!(seal(&k, "ab12", b"x"), seal(&k, "ab12", b"x"));
    }
}
