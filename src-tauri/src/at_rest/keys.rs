//! The keys of the data at rest, derived from the practice key (256 random bits in the OS
//! keychain, whose recovery key is shown once): one for the SQLCipher database, one for the
//! files in `attachments/`. Each is SHA-256 over a label and the practice key, so a key for
//! one purpose says nothing about the other or about the practice key, and the recovery key
//! alone opens everything on a new computer.

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

const DATABASE_LABEL: &[u8] = b"lawdesk/at-rest/database/v1\0";
const FILES_LABEL: &[u8] = b"lawdesk/at-rest/files/v1\0";

/// A 256-bit key, wiped when dropped; no `Debug`, no `Serialize`, never in logs or errors.
pub struct Key(Zeroizing<[u8; 32]>);

impl Key {
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The SQLCipher statement that applies this key as a raw key (no passphrase
    /// derivation): `PRAGMA key = "x'…'"`. The text is wiped when dropped.
    pub fn pragma(&self) -> Zeroizing<String> {
        Zeroizing::new(format!(
            "PRAGMA key = \"x'{}'\";",
            hex::encode(self.0.as_ref())
        ))
    }
}

/// SQLCipher's settings of a database file beside its key (a file does not record them:
/// a connection must set them before it reads a page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CipherSettings {
    /// Written since stop 20: SQLCipher's key handling and page layout, each page sealed with
    /// AES-256-GCM (`store::page_cipher`); the reserve holds the IV and the 16-byte tag.
    AesGcm,
    /// Written by stop 19: SQLCipher's page format, key handling and HMAC-SHA256 with
    /// the pages encrypted in AES-256-CTR instead of CBC (`store::page_cipher`).
    AesCtrHmacSha256,
    /// SQLCipher 4's defaults but for the page HMAC: HMAC-SHA256 instead of HMAC-SHA512
    /// (stop 18); converted to `CURRENT` on open.
    HmacSha256,
    /// SQLCipher 4's defaults, written by stops 12–17 (data folders and backups of those
    /// versions); converted to `CURRENT` when such a database is opened.
    HmacSha512,
}

impl CipherSettings {
    pub const CURRENT: CipherSettings = CipherSettings::AesGcm;
    /// Every setting a database of some version may have been written with, current first.
    pub const ALL: [CipherSettings; 4] = [
        CipherSettings::AesGcm,
        CipherSettings::AesCtrHmacSha256,
        CipherSettings::HmacSha256,
        CipherSettings::HmacSha512,
    ];

    /// The statement that sets them on `schema` (`main`, or an attached database), right
    /// after its key and before any page is read (the HMAC algorithm sizes the page's
    /// reserve, and is SQLCipher's MAC for the earlier settings). None for `AesGcm`: its
    /// page cipher sizes the reserve itself (16-byte tag) and takes no MAC algorithm.
    pub fn pragma(self, schema: &str) -> Option<String> {
        let hmac = match self {
            CipherSettings::AesGcm => return None,
            CipherSettings::AesCtrHmacSha256 | CipherSettings::HmacSha256 => "HMAC_SHA256",
            CipherSettings::HmacSha512 => "HMAC_SHA512",
        };
        Some(format!("PRAGMA {schema}.cipher_hmac_algorithm = {hmac};"))
    }
}

fn derive(label: &[u8], practice_key: &[u8; 32]) -> Key {
    let mut h = Sha256::new();
    h.update(label);
    h.update(practice_key);
    let mut k = Zeroizing::new([0u8; 32]);
    k.copy_from_slice(&h.finalize());
    Key(k)
}

/// The SQLCipher key of the database.
pub fn database_key(practice_key: &[u8; 32]) -> Key {
    derive(DATABASE_LABEL, practice_key)
}

/// The key that seals attachments and kept letters.
pub fn files_key(practice_key: &[u8; 32]) -> Key {
    derive(FILES_LABEL, practice_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_by_purpose_and_practice() {
        let a = [7u8; 32];
        let b = [8u8; 32];
        assert_ne!(database_key(&a).bytes(), files_key(&a).bytes());
        assert_ne!(database_key(&a).bytes(), database_key(&b).bytes());
        assert_eq!(database_key(&a).bytes(), database_key(&a).bytes());
        assert_ne!(database_key(&a).bytes(), &a);
    }

    #[test]
    fn the_cipher_settings_name_a_schema() {
        assert_eq!(CipherSettings::CURRENT.pragma("main"), None);
        assert_eq!(
            CipherSettings::AesCtrHmacSha256.pragma("main").as_deref(),
            Some("PRAGMA main.cipher_hmac_algorithm = HMAC_SHA256;")
        );
        assert_eq!(
            CipherSettings::HmacSha512.pragma("encrypted").as_deref(),
            Some("PRAGMA encrypted.cipher_hmac_algorithm = HMAC_SHA512;")
        );
    }

    #[test]
    fn the_pragma_is_a_raw_key() {
        let p = database_key(&[1u8; 32]).pragma();
        assert!(p.starts_with("PRAGMA key = \"x'") && p.ends_with("'\";"));
        assert_eq!(p.len(), "PRAGMA key = \"x'".len() + 64 + 3);
    }
}
