//! AES-256-CTR + HMAC-SHA256 per page, the page cipher stop 19 wrote
//! (`PageCipher::AesCtrHmacSha256`, RustCrypto `aes` + `ctr`, `hmac` + `sha2`): kept only
//! to read such a database while it is converted to AES-256-GCM on open
//! (`store::encryption`). SQLCipher's page layout and its HMAC check are unchanged: the MAC
//! is over the encrypted page with its IV, then its page number.

use std::ffi::c_int;

use aes::cipher::{KeyIvInit, StreamCipher};

use super::{IV_BYTES, KEY_BYTES, SQLITE_ERROR, SQLITE_OK};

/// SQLCipher's code for HMAC-SHA256 (`SQLCIPHER_HMAC_SHA256`).
const SQLCIPHER_HMAC_SHA256: c_int = 1;
const MAC_BYTES: usize = 32;

/// SQLCipher's cipher call: AES-256-CTR, encrypting and decrypting alike.
///
/// # Safety
/// As SQLCipher calls its provider's `cipher`: a key of `key_sz` bytes, an IV of 16 bytes
/// and input and output buffers of `in_sz` bytes each.
pub(super) unsafe fn cipher(
    key: *mut u8,
    key_sz: c_int,
    iv: *mut u8,
    input: *mut u8,
    in_sz: c_int,
    out: *mut u8,
) -> c_int {
    if key_sz as usize != KEY_BYTES
        || in_sz < 0
        || key.is_null()
        || iv.is_null()
        || input.is_null()
        || out.is_null()
    {
        return SQLITE_ERROR;
    }
    let n = in_sz as usize;
    // SAFETY: SQLCipher passes a key of `key_sz` bytes, an IV of `get_iv_sz` bytes and
    // input and output buffers of `in_sz` bytes each (the page less its reserve).
    let (key, iv, input, out) = unsafe {
        (
            std::slice::from_raw_parts(key, KEY_BYTES),
            std::slice::from_raw_parts(iv, IV_BYTES),
            std::slice::from_raw_parts(input, n),
            std::slice::from_raw_parts_mut(out, n),
        )
    };
    encrypt_ctr(key, iv, input, out);
    SQLITE_OK
}

/// SQLCipher's MAC call: HMAC-SHA256 ([`page_mac`]).
///
/// # Safety
/// As SQLCipher calls its provider's `hmac`: its MAC key (`key_sz` bytes), the encrypted
/// page with its IV (`in_sz`), the page number (`in2_sz`, may be absent) and room for the
/// MAC's size.
#[allow(clippy::too_many_arguments)]
pub(super) unsafe fn hmac(
    algorithm: c_int,
    key: *mut u8,
    key_sz: c_int,
    input: *mut u8,
    in_sz: c_int,
    in2: *mut u8,
    in2_sz: c_int,
    out: *mut u8,
) -> c_int {
    // The page's reserve is sized by the HMAC algorithm the settings name (SQLCipher asks
    // its OpenSSL functions for that size): this MAC is HMAC-SHA256, so only that fits.
    if algorithm != SQLCIPHER_HMAC_SHA256
        || key_sz as usize != KEY_BYTES
        || in_sz < 0
        || in2_sz < 0
        || key.is_null()
        || input.is_null()
        || out.is_null()
    {
        return SQLITE_ERROR;
    }
    // SAFETY: SQLCipher passes its MAC key (`key_sz` bytes), the encrypted page with its IV
    // (`in_sz`), the page number (`in2_sz`, may be absent) and room for `get_hmac_sz` bytes.
    unsafe {
        let key: &[u8; KEY_BYTES] = &*(key as *const [u8; KEY_BYTES]);
        let page = std::slice::from_raw_parts(input, in_sz as usize);
        let pgno = match in2.is_null() {
            true => &[][..],
            false => std::slice::from_raw_parts(in2, in2_sz as usize),
        };
        let tag = page_mac(key, page, pgno);
        std::ptr::copy_nonoverlapping(tag.as_ptr(), out, MAC_BYTES);
    }
    SQLITE_OK
}

/// AES-256-CTR (big-endian 128-bit counter from the IV): encryption and decryption alike.
fn encrypt_ctr(key: &[u8], iv: &[u8], input: &[u8], out: &mut [u8]) {
    let mut c = ctr::Ctr128BE::<aes::Aes256>::new(key.into(), iv.into());
    c.apply_keystream_b2b(input, out)
        .expect("input and output of one length");
}

/// HMAC-SHA256 over the encrypted page with its IV, then its page number (SQLCipher's
/// HMAC_SHA256 page MAC, computed the same way).
fn page_mac(key: &[u8; KEY_BYTES], page: &[u8], pgno: &[u8]) -> [u8; MAC_BYTES] {
    use hmac::Mac;
    let mut m = <hmac::Hmac<sha2::Sha256>>::new_from_slice(key).expect("HMAC takes any key");
    m.update(page);
    m.update(pgno);
    m.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctr_is_its_own_inverse_and_the_iv_changes_everything() {
        let key = [7u8; 32];
        let page = vec![0x5au8; 4048];
        let (mut a, mut b, mut back) = (vec![0; 4048], vec![0; 4048], vec![0; 4048]);
        encrypt_ctr(&key, &[1; 16], &page, &mut a);
        encrypt_ctr(&key, &[2; 16], &page, &mut b);
        encrypt_ctr(&key, &[1; 16], &a, &mut back);
        assert_eq!(back, page);
        assert_ne!(a, page);
        assert_ne!(a, b);
    }

    #[test]
    fn the_mac_covers_the_page_its_number_and_the_key() {
        let key = [9u8; 32];
        let page = vec![1u8; 4064];
        let tag = page_mac(&key, &page, &1u32.to_le_bytes());
        assert_ne!(tag, page_mac(&key, &page, &2u32.to_le_bytes()));
        assert_ne!(tag, page_mac(&[8u8; 32], &page, &1u32.to_le_bytes()));
        let mut flipped = page.clone();
        flipped[100] ^= 1;
        assert_ne!(tag, page_mac(&key, &flipped, &1u32.to_le_bytes()));
    }

    /// The AES-256-CTR keystream of NIST SP 800-38A F.5.5 (CTR-AES256.Encrypt), block 1.
    #[test]
    fn ctr_matches_nist_sp800_38a() {
        let key = hex::decode("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
            .unwrap();
        let iv = hex::decode("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff").unwrap();
        let plain = hex::decode("6bc1bee22e409f96e93d7e117393172a").unwrap();
        let mut out = [0u8; 16];
        encrypt_ctr(&key, &iv, &plain, &mut out);
        assert_eq!(hex::encode(out), "601ec313775789a5b7a7f504bbf3d228");
    }
}
