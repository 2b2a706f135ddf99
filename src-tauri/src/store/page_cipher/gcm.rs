//! AES-256-GCM per page, the page cipher written since stop 20 (`PageCipher::AesGcm`): the
//! NIST AEAD (SP 800-38D), one seal per page with `ring` (BoringSSL's assembly: AES-NI/VAES
//! with carry-less multiply on x86-64, the ARMv8 crypto extensions on Apple Silicon).
//!
//! Nonce = the first 12 bytes of SQLCipher's fresh random IV for that write; additional
//! data = the page number (a valid page moved to another place fails); key = the 256-bit
//! page-authentication key SQLCipher derives (`hmac_key`); tag = 16 bytes in SQLCipher's MAC
//! slot (reserve: 16 IV + 16 tag). Random 96-bit nonces are within SP 800-38D §8.3 up to
//! 2^32 page writes per key (a payment writes ~16 pages).
//!
//! SQLCipher calls a cipher (no page number) and then a MAC (with it) when it writes a
//! page, and the MAC before the cipher when it reads one. GCM needs both at once, so each
//! codec keeps a [`PageInFlight`] from the first call to the second.

use std::ffi::c_int;

use ring::aead::{Aad, LessSafeKey, Nonce, Tag, UnboundKey, AES_256_GCM, NONCE_LEN};
use zeroize::{Zeroize, Zeroizing};

use super::{CIPHER_ENCRYPT, IV_BYTES, KEY_BYTES, SQLITE_ERROR, SQLITE_OK};

/// The AES-256-GCM tag kept in each page's reserve (SQLCipher's MAC slot).
pub(super) const TAG_BYTES: usize = 16;

/// One codec's page between SQLCipher's cipher call and its MAC call, and its page key.
#[derive(Default)]
pub(super) struct PageInFlight {
    /// Writing: the plaintext page `cipher` was given and the output it cleared, sealed
    /// into that output by the `hmac` call that follows.
    seal: Option<(*const u8, *const u8)>,
    /// Reading: the page `hmac` opened and checked; its plaintext waits in `plaintext` for
    /// the `cipher` call that follows.
    opened: Option<*const u8>,
    plaintext: Zeroizing<Vec<u8>>,
    key: Option<GcmKey>,
}

/// A page key ready for AES-256-GCM (ring's key schedule), and the bytes it came from;
/// both wiped when dropped.
struct GcmKey {
    raw: Zeroizing<[u8; KEY_BYTES]>,
    key: std::mem::ManuallyDrop<LessSafeKey>,
}

impl GcmKey {
    fn new(raw: &[u8; KEY_BYTES]) -> GcmKey {
        let key = UnboundKey::new(&AES_256_GCM, raw).expect("a 256-bit key");
        GcmKey {
            raw: Zeroizing::new(*raw),
            key: std::mem::ManuallyDrop::new(LessSafeKey::new(key)),
        }
    }
}

impl Drop for GcmKey {
    fn drop(&mut self) {
        // `LessSafeKey` holds only its key schedule (no heap, no drop of its own): its
        // bytes are wiped in place and it is never used again.
        // SAFETY: writes zeros over a value this struct owns and never reads afterwards.
        unsafe {
            let p = &mut *self.key as *mut LessSafeKey as *mut u8;
            std::slice::from_raw_parts_mut(p, std::mem::size_of::<LessSafeKey>()).zeroize();
        }
    }
}

impl PageInFlight {
    /// The page key for `raw` (SQLCipher passes the same one for every page of a codec).
    fn key(&mut self, raw: &[u8; KEY_BYTES]) -> &LessSafeKey {
        if self.key.as_ref().is_none_or(|k| *k.raw != *raw) {
            self.key = Some(GcmKey::new(raw));
        }
        &self.key.as_ref().expect("just set").key
    }
}

/// AES-256-GCM's half of SQLCipher's cipher call. Writing: notes the plaintext page and
/// clears the output, which the `hmac` call that follows seals (were it ever skipped, a
/// page of zeros would be written, never plaintext). Reading: copies out the plaintext of
/// the page the `hmac` call before it opened and checked, and refuses any other page.
pub(super) unsafe fn cipher(
    s: &mut PageInFlight,
    mode: c_int,
    input: *mut u8,
    in_sz: c_int,
    out: *mut u8,
) -> c_int {
    if in_sz < 0 || input.is_null() || out.is_null() {
        return SQLITE_ERROR;
    }
    let n = in_sz as usize;
    // SAFETY: SQLCipher passes input and output buffers of `in_sz` bytes each.
    let out_page = unsafe { std::slice::from_raw_parts_mut(out, n) };
    if mode == CIPHER_ENCRYPT {
        out_page.fill(0);
        s.seal = Some((input as *const u8, out as *const u8));
        return SQLITE_OK;
    }
    match s.opened.take() {
        Some(p) if std::ptr::eq(p, input) && s.plaintext.len() == n => {
            out_page.copy_from_slice(&s.plaintext);
            s.plaintext.zeroize();
            SQLITE_OK
        }
        _ => SQLITE_ERROR,
    }
}

/// SQLCipher's MAC call for a GCM codec: checks its arguments, then [`seal_or_open`].
///
/// # Safety
/// As SQLCipher calls its provider's `hmac`: a key of `key_sz` bytes, the page with its IV
/// (`in_sz` bytes) followed by the tag slot, the page number (`in2_sz` bytes) and room for
/// [`TAG_BYTES`].
#[allow(clippy::too_many_arguments)]
pub(super) unsafe fn hmac(
    s: &mut PageInFlight,
    key: *mut u8,
    key_sz: c_int,
    input: *mut u8,
    in_sz: c_int,
    in2: *mut u8,
    in2_sz: c_int,
    out: *mut u8,
) -> c_int {
    if key_sz as usize != KEY_BYTES
        || in_sz < 0
        || in2_sz < 0
        || key.is_null()
        || input.is_null()
        || in2.is_null()
        || out.is_null()
    {
        return SQLITE_ERROR;
    }
    // SAFETY: SQLCipher passes its page key (`key_sz` bytes), the page number
    // (`in2_sz` bytes) and room for `mac_size` (16) bytes.
    let (key, pgno, tag) = unsafe {
        (
            &*(key as *const [u8; KEY_BYTES]),
            std::slice::from_raw_parts(in2, in2_sz as usize),
            &mut *(out as *mut [u8; TAG_BYTES]),
        )
    };
    // SAFETY: as SQLCipher lays out a page (see `seal_or_open`).
    match unsafe { seal_or_open(s, key, input, in_sz as usize, pgno, tag) } {
        true => SQLITE_OK,
        false => SQLITE_ERROR,
    }
}

/// AES-256-GCM's half of SQLCipher's MAC call, over `page` (the page less its reserve,
/// then its 16-byte IV; SQLCipher's stored tag follows) and the page number `pgno`.
/// Writing (the output `cipher` just cleared): seals the noted plaintext into it and
/// returns the tag. Reading: opens the page; `mac` gets the stored tag when it is right,
/// and its complement when not, so that SQLCipher's comparison fails as for a bad MAC.
///
/// # Safety
/// `page` must be followed by `TAG_BYTES` readable bytes (SQLCipher's page layout).
unsafe fn seal_or_open(
    s: &mut PageInFlight,
    key: &[u8; KEY_BYTES],
    page: *mut u8,
    page_sz: usize,
    pgno: &[u8],
    mac: &mut [u8; TAG_BYTES],
) -> bool {
    let Some(n) = page_sz.checked_sub(IV_BYTES) else {
        return false;
    };
    // SAFETY: SQLCipher passes the page with its IV (`page_sz` bytes) in its page buffer.
    let iv = unsafe { std::slice::from_raw_parts(page.add(n), NONCE_LEN) };
    let nonce = Nonce::try_assume_unique_for_key(iv).expect("12 bytes");
    match s.seal.take() {
        Some((plain, into)) if std::ptr::eq(into, page) => {
            // SAFETY: `plain` is the page SQLCipher gave `cipher` in this same call of
            // its page cipher (still live), of the same length.
            let body = unsafe { std::slice::from_raw_parts_mut(page, n) };
            body.copy_from_slice(unsafe { std::slice::from_raw_parts(plain, n) });
            match s
                .key(key)
                .seal_in_place_separate_tag(nonce, Aad::from(pgno), body)
            {
                Ok(tag) => {
                    mac.copy_from_slice(tag.as_ref());
                    true
                }
                Err(_) => {
                    body.fill(0);
                    false
                }
            }
        }
        _ => {
            // SAFETY: the stored tag follows the IV in the page's reserve.
            let stored: [u8; TAG_BYTES] =
                unsafe { std::ptr::read_unaligned(page.add(page_sz) as *const [u8; TAG_BYTES]) };
            let body = unsafe { std::slice::from_raw_parts(page, n) };
            let mut buf = std::mem::take(&mut s.plaintext);
            buf.clear();
            buf.extend_from_slice(body);
            let opened = s
                .key(key)
                .open_in_place_separate_tag(
                    nonce,
                    Aad::from(pgno),
                    Tag::from(stored),
                    &mut buf,
                    0..,
                )
                .is_ok();
            *mac = stored;
            if opened {
                s.plaintext = buf;
                s.opened = Some(page as *const u8);
            } else {
                buf.zeroize();
                mac.iter_mut().for_each(|b| *b = !*b);
            }
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh_state() -> PageInFlight {
        PageInFlight::default()
    }

    /// SQLCipher's decrypting cipher call on `page`'s 16-byte body, into `out`.
    fn release(s: &mut PageInFlight, page: &mut [u8], out: &mut [u8; 16]) -> c_int {
        unsafe { cipher(s, 0, page.as_mut_ptr(), 16, out.as_mut_ptr()) }
    }

    /// A page as SQLCipher lays it out for `seal_or_open`: body, 16-byte IV, 16-byte tag slot.
    fn page_with(body: &[u8], iv: [u8; 16]) -> Vec<u8> {
        let mut page = body.to_vec();
        page.extend_from_slice(&iv);
        page.extend_from_slice(&[0u8; TAG_BYTES]);
        page
    }

    /// Writing then reading one page through SQLCipher's two calls each: the body sealed
    /// is AES-256-GCM's ciphertext and tag — the test vector of "The Galois/Counter Mode of
    /// Operation (GCM)" (McGrew & Viega, the specification NIST SP 800-38D adopted), test
    /// case 14: 256-bit zero key, zero 96-bit IV, one zero block, no additional data.
    #[test]
    fn a_page_is_sealed_and_opened_as_aes_256_gcm() {
        let key = [0u8; KEY_BYTES];
        let plain = [0u8; 16];
        let mut page = page_with(&[0xAA; 16], [0u8; 16]);
        let mut s = fresh_state();
        let mut mac = [0u8; TAG_BYTES];
        // Writing: `cipher` clears the output, `hmac` seals into it.
        unsafe {
            let out = page.as_mut_ptr();
            assert_eq!(
                cipher(&mut s, CIPHER_ENCRYPT, plain.as_ptr() as *mut u8, 16, out),
                SQLITE_OK
            );
            assert_eq!(&page[..16], &[0u8; 16], "cleared before the seal");
            assert!(seal_or_open(
                &mut s,
                &key,
                page.as_mut_ptr(),
                32,
                &[],
                &mut mac
            ));
        }
        assert_eq!(hex::encode(&page[..16]), "cea7403d4d606b6e074ec5d3baf39d18");
        assert_eq!(hex::encode(mac), "d0d1c8a799996bf0265b98b5d48ab919");
        page[32..].copy_from_slice(&mac);
        // Reading: `hmac` opens it and hands back the stored tag, `cipher` copies it out.
        let mut out = [0xFFu8; 16];
        let mut check = [0u8; TAG_BYTES];
        unsafe {
            assert!(seal_or_open(
                &mut s,
                &key,
                page.as_mut_ptr(),
                32,
                &[],
                &mut check
            ));
            assert_eq!(check, mac);
            assert_eq!(release(&mut s, &mut page, &mut out), SQLITE_OK);
            assert_eq!(out, plain);
            // A page `hmac` did not just open is refused.
            assert_eq!(release(&mut s, &mut page, &mut out), SQLITE_ERROR);
        }
    }

    /// A changed byte of the body or the IV, another page number or another key: the tag
    /// handed to SQLCipher is not the stored one (so its check fails), and no plaintext is
    /// released.
    #[test]
    fn a_changed_page_moved_page_or_other_key_fails_the_check() {
        let key = [5u8; KEY_BYTES];
        let body = [0x42u8; 4064];
        let mut page = page_with(&[0u8; 4064], [9u8; 16]);
        let mut s = fresh_state();
        let mut mac = [0u8; TAG_BYTES];
        let n = page.len() - TAG_BYTES;
        unsafe {
            cipher(
                &mut s,
                CIPHER_ENCRYPT,
                body.as_ptr() as *mut u8,
                4064,
                page.as_mut_ptr(),
            );
            assert!(seal_or_open(
                &mut s,
                &key,
                page.as_mut_ptr(),
                n,
                &7u32.to_le_bytes(),
                &mut mac
            ));
        }
        page[n..].copy_from_slice(&mac);
        assert!(
            !page.windows(8).any(|w| w == [0x42; 8]),
            "the body is encrypted"
        );
        // Whether SQLCipher's check would fail; then the cipher call releases nothing.
        let fails = |page: &mut Vec<u8>, key: &[u8; KEY_BYTES], pgno: u32| {
            let mut s = fresh_state();
            let mut check = [0u8; TAG_BYTES];
            let mut out = vec![0u8; 4064];
            let failed = unsafe {
                let pgno = pgno.to_le_bytes();
                assert!(seal_or_open(
                    &mut s,
                    key,
                    page.as_mut_ptr(),
                    n,
                    &pgno,
                    &mut check
                ));
                let failed = check != page[n..];
                let rc = cipher(&mut s, 0, page.as_mut_ptr(), 4064, out.as_mut_ptr());
                assert_eq!(rc, if failed { SQLITE_ERROR } else { SQLITE_OK });
                failed
            };
            assert_eq!(out == body, !failed);
            failed
        };
        assert!(
            !fails(&mut page.clone(), &key, 7),
            "the page as written opens"
        );
        assert!(fails(&mut page.clone(), &key, 8), "moved to page 8");
        assert!(
            fails(&mut page.clone(), &[6u8; KEY_BYTES], 7),
            "another key"
        );
        for at in [0, 2000, 4063, 4064, 4075] {
            let mut changed = page.clone();
            changed[at] ^= 1;
            assert!(fails(&mut changed, &key, 7), "byte {at} changed");
        }
    }
}
