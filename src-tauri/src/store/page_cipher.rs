//! The database's page cipher, registered with SQLCipher through its provider interface
//! (`sqlcipher_register_provider`, the hook SQLCipher offers for other crypto libraries).
//!
//! SQLCipher keeps everything else: the raw key, the per-database salt, the separate key it
//! derives for page authentication (PBKDF2), a fresh random 16-byte IV for every page it
//! writes, the page layout (IV and tag in each page's reserved bytes), and authentication
//! checked before a page is used. What this module changes is the page cipher itself.
//!
//! **Since stop 20 (`PageCipher::AesGcm`): AES-256-GCM**, the NIST AEAD (SP 800-38D), one
//! seal per page: nonce = the first 12 bytes of SQLCipher's fresh random IV for that write,
//! additional data = the page number (so a valid page moved to another place fails), key =
//! the 256-bit page-authentication key SQLCipher derives (`hmac_key`), tag = 16 bytes where
//! SQLCipher keeps its MAC (reserve: 16 IV + 16 tag). Random 96-bit nonces are within SP
//! 800-38D §8.3 up to 2^32 page writes per key (a payment writes ~16 pages). The
//! implementation is `ring`'s (BoringSSL's assembly: AES-NI/VAES with carry-less multiply
//! on x86-64, the ARMv8 crypto extensions on Apple Silicon): encryption and tag in one pass,
//! ~0.5 µs for a 4 KiB page here, against 2.7 µs for AES-256-CTR + HMAC-SHA256 (stop 19)
//! and 7–10 µs for SQLCipher's OpenSSL AES-256-CBC + HMAC (stops 12–18).
//!
//! SQLCipher's interface calls a cipher (no page number) and then a MAC (with the page
//! number) when it writes a page, and the MAC before the cipher when it reads one. GCM
//! needs both at once, so a codec's context carries one page from the first call to the
//! second: writing, `cipher` only notes the plaintext (and clears its output, so nothing
//! readable can ever be written if the seal did not follow) and `hmac` seals it into the
//! output with the page number; reading, `hmac` opens the page — decrypting and checking the
//! tag — and hands SQLCipher the stored tag when it is right (a changed one otherwise, so
//! SQLCipher's own check fails), and `cipher` copies out only a page `hmac` has just opened.
//!
//! Databases of earlier versions are still read — stop 19's AES-256-CTR + HMAC-SHA256
//! (`PageCipher::AesCtrHmacSha256`, RustCrypto `aes` + `ctr`, `hmac` + `sha2`) and
//! SQLCipher's own AES-256-CBC + HMAC-SHA256/512 (`PageCipher::SqlcipherOpenssl`; a
//! connection opened for one is given SQLCipher's OpenSSL functions, see
//! [`with_page_cipher`]) — and converted on open (`store::encryption`).
//!
//! SQLCipher frees its registered provider when its last keyed connection closes and
//! registers its default again at the next one, so [`install`] keeps one keyed in-memory
//! connection open for the life of the process.

use std::cell::Cell;
use std::ffi::{c_char, c_int, c_void};
use std::sync::{Mutex, OnceLock};

use aes::cipher::{KeyIvInit, StreamCipher};
use chacha20poly1305::aead::rand_core::RngCore;
use ring::aead::{Aad, LessSafeKey, Nonce, Tag, UnboundKey, AES_256_GCM, NONCE_LEN};
use zeroize::{Zeroize, Zeroizing};

type Ctx = *mut c_void;

/// SQLCipher 4's `sqlcipher_provider` (sqlcipher.h), field for field.
#[repr(C)]
#[derive(Clone, Copy)]
struct Provider {
    activate: Option<unsafe extern "C" fn(Ctx) -> c_int>,
    deactivate: Option<unsafe extern "C" fn(Ctx) -> c_int>,
    get_provider_name: Option<unsafe extern "C" fn(Ctx) -> *const c_char>,
    add_random: Option<unsafe extern "C" fn(Ctx, *mut c_void, c_int) -> c_int>,
    random: Option<unsafe extern "C" fn(Ctx, *mut c_void, c_int) -> c_int>,
    hmac: Option<Hmac>,
    kdf: Option<Kdf>,
    cipher: Option<Cipher>,
    get_cipher: Option<unsafe extern "C" fn(Ctx) -> *const c_char>,
    get_key_sz: Option<unsafe extern "C" fn(Ctx) -> c_int>,
    get_iv_sz: Option<unsafe extern "C" fn(Ctx) -> c_int>,
    get_block_sz: Option<unsafe extern "C" fn(Ctx) -> c_int>,
    get_hmac_sz: Option<unsafe extern "C" fn(Ctx, c_int) -> c_int>,
    ctx_init: Option<unsafe extern "C" fn(*mut Ctx) -> c_int>,
    ctx_free: Option<unsafe extern "C" fn(*mut Ctx) -> c_int>,
    fips_status: Option<unsafe extern "C" fn(Ctx) -> c_int>,
    get_provider_version: Option<unsafe extern "C" fn(Ctx) -> *const c_char>,
}

type Hmac = unsafe extern "C" fn(
    Ctx,
    c_int,
    *mut u8,
    c_int,
    *mut u8,
    c_int,
    *mut u8,
    c_int,
    *mut u8,
) -> c_int;
type Kdf = unsafe extern "C" fn(
    Ctx,
    c_int,
    *const u8,
    c_int,
    *mut u8,
    c_int,
    c_int,
    c_int,
    *mut u8,
) -> c_int;
type Cipher =
    unsafe extern "C" fn(Ctx, c_int, *mut u8, c_int, *mut u8, *mut u8, c_int, *mut u8) -> c_int;

extern "C" {
    // In the SQLCipher amalgamation libsqlite3-sys compiles (external linkage).
    fn sqlcipher_openssl_setup(p: *mut Provider) -> c_int;
    fn sqlcipher_register_provider(p: *mut Provider) -> c_int;
    fn sqlcipher_malloc(size: u64) -> *mut c_void;
}

const SQLITE_OK: c_int = 0;
const SQLITE_ERROR: c_int = 1;
const KEY_BYTES: usize = 32;
const IV_BYTES: usize = 16;
/// SQLCipher's code for HMAC-SHA256 (`SQLCIPHER_HMAC_SHA256`).
const SQLCIPHER_HMAC_SHA256: c_int = 1;
const MAC_BYTES: usize = 32;
/// The AES-256-GCM tag kept in each page's reserve (SQLCipher's MAC slot).
const TAG_BYTES: usize = 16;

/// Which page cipher a connection's database is written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageCipher {
    /// AES-256-GCM per page (this module; written since stop 20).
    AesGcm,
    /// AES-256-CTR + HMAC-SHA256 (this module; written by stop 19).
    AesCtrHmacSha256,
    /// SQLCipher's own AES-256-CBC + HMAC, through its OpenSSL provider (earlier versions).
    SqlcipherOpenssl,
}

thread_local! {
    /// The page cipher the next codec created on this thread gets (SQLCipher creates one
    /// when a key is applied: `PRAGMA key`, `ATTACH … KEY`).
    static NEXT: Cell<PageCipher> = const { Cell::new(PageCipher::AesGcm) };
}

/// Runs `f` (which applies a key) so that the database it keys uses `cipher`.
pub fn with_page_cipher<T>(cipher: PageCipher, f: impl FnOnce() -> T) -> T {
    install();
    let before = NEXT.with(|n| n.replace(cipher));
    let out = f();
    NEXT.with(|n| n.set(before));
    out
}

/// SQLCipher's OpenSSL functions: the earlier versions' page cipher, and the key
/// derivation and randomness for both.
fn openssl() -> &'static Provider {
    static OPENSSL: OnceLock<Provider> = OnceLock::new();
    OPENSSL.get_or_init(|| {
        let mut p = std::mem::MaybeUninit::<Provider>::zeroed();
        // SAFETY: fills every field of a `sqlcipher_provider` with static functions.
        unsafe {
            sqlcipher_openssl_setup(p.as_mut_ptr());
            p.assume_init()
        }
    })
}

/// Registers the provider once per process, before any database is keyed.
pub fn install() {
    static KEEP_ACTIVE: OnceLock<Mutex<rusqlite::Connection>> = OnceLock::new();
    KEEP_ACTIVE.get_or_init(|| {
        let o = openssl();
        let ours = Provider {
            get_provider_name: Some(provider_name),
            random: Some(random),
            hmac: Some(hmac),
            cipher: Some(cipher),
            get_cipher: Some(cipher_name),
            get_hmac_sz: Some(mac_size),
            ctx_init: Some(ctx_init),
            ctx_free: Some(ctx_free),
            ..*o
        };
        // A keyed in-memory database initializes SQLite and SQLCipher (which registers its
        // OpenSSL provider) and keeps SQLCipher active: it drops the registered provider
        // when its last keyed connection closes. It holds nothing, so its raw key (no key
        // derivation) is a constant.
        let conn = rusqlite::Connection::open_in_memory().expect("an in-memory database");
        conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", "00".repeat(KEY_BYTES)))
            .expect("SQLCipher keys an in-memory database");
        // Then ours replaces SQLCipher's default.
        // SAFETY: SQLCipher owns and frees the registered struct with `sqlcipher_free`, so
        // it is allocated with `sqlcipher_malloc`; it is fully written before registering.
        unsafe {
            let p = sqlcipher_malloc(std::mem::size_of::<Provider>() as u64) as *mut Provider;
            assert!(!p.is_null(), "SQLCipher could not allocate its provider");
            p.write(ours);
            sqlcipher_register_provider(p);
        }
        Mutex::new(conn)
    });
}

/// A codec's provider context: its page cipher, chosen when it was created, and for
/// AES-256-GCM the page between SQLCipher's cipher call and its MAC call.
struct CodecState {
    cipher: PageCipher,
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

impl CodecState {
    /// The page key for `raw` (SQLCipher passes the same one for every page of a codec).
    fn key(&mut self, raw: &[u8; KEY_BYTES]) -> &LessSafeKey {
        if self.key.as_ref().is_none_or(|k| *k.raw != *raw) {
            self.key = Some(GcmKey::new(raw));
        }
        &self.key.as_ref().expect("just set").key
    }
}

fn state<'a>(ctx: Ctx) -> Option<&'a mut CodecState> {
    // SAFETY: `ctx_init` made it from a `Box<CodecState>`; SQLCipher passes it back, and a
    // codec is used by one thread at a time (SQLite serializes a connection).
    (!ctx.is_null()).then(|| unsafe { &mut *(ctx as *mut CodecState) })
}

fn page_cipher_of(ctx: Ctx) -> PageCipher {
    state(ctx).map_or(PageCipher::AesGcm, |s| s.cipher)
}

unsafe extern "C" fn ctx_init(ctx: *mut Ctx) -> c_int {
    let chosen = NEXT.with(|n| n.get());
    let state = CodecState {
        cipher: chosen,
        seal: None,
        opened: None,
        plaintext: Zeroizing::new(Vec::new()),
        key: None,
    };
    *ctx = Box::into_raw(Box::new(state)) as Ctx;
    (openssl().ctx_init.expect("openssl ctx_init"))(ctx)
}

unsafe extern "C" fn ctx_free(ctx: *mut Ctx) -> c_int {
    let rc = (openssl().ctx_free.expect("openssl ctx_free"))(ctx);
    if !(*ctx).is_null() {
        drop(Box::from_raw(*ctx as *mut CodecState));
        *ctx = std::ptr::null_mut();
    }
    rc
}

/// The MAC's size, which sizes the page's reserve: GCM's 16-byte tag (reserve 16 + 16).
unsafe extern "C" fn mac_size(ctx: Ctx, algorithm: c_int) -> c_int {
    match page_cipher_of(ctx) {
        PageCipher::AesGcm => TAG_BYTES as c_int,
        _ => (openssl().get_hmac_sz.expect("openssl hmac size"))(ctx, algorithm),
    }
}

unsafe extern "C" fn provider_name(ctx: Ctx) -> *const c_char {
    match page_cipher_of(ctx) {
        PageCipher::AesGcm => c"lawdesk-ring".as_ptr(),
        PageCipher::AesCtrHmacSha256 => c"lawdesk-rustcrypto".as_ptr(),
        PageCipher::SqlcipherOpenssl => (openssl().get_provider_name.expect("name"))(ctx),
    }
}

unsafe extern "C" fn cipher_name(ctx: Ctx) -> *const c_char {
    match page_cipher_of(ctx) {
        PageCipher::AesGcm => c"aes-256-gcm".as_ptr(),
        PageCipher::AesCtrHmacSha256 => c"aes-256-ctr".as_ptr(),
        PageCipher::SqlcipherOpenssl => (openssl().get_cipher.expect("cipher name"))(ctx),
    }
}

/// The IV (and the reserve's filler) of every page written, and a new database's salt:
/// the operating system's CSPRNG (`getrandom`; fork-safe, no user-space state). SQLCipher's
/// OpenSSL `RAND_bytes` behind a mutex took about a microsecond a page.
unsafe extern "C" fn random(_: Ctx, buffer: *mut c_void, length: c_int) -> c_int {
    if buffer.is_null() || length < 0 {
        return SQLITE_ERROR;
    }
    // SAFETY: SQLCipher passes a buffer of `length` bytes.
    let buf = unsafe { std::slice::from_raw_parts_mut(buffer as *mut u8, length as usize) };
    match chacha20poly1305::aead::OsRng.try_fill_bytes(buf) {
        Ok(()) => SQLITE_OK,
        Err(_) => SQLITE_ERROR,
    }
}

unsafe extern "C" fn cipher(
    ctx: Ctx,
    mode: c_int,
    key: *mut u8,
    key_sz: c_int,
    iv: *mut u8,
    input: *mut u8,
    in_sz: c_int,
    out: *mut u8,
) -> c_int {
    match page_cipher_of(ctx) {
        PageCipher::SqlcipherOpenssl => {
            return (openssl().cipher.expect("openssl cipher"))(
                ctx, mode, key, key_sz, iv, input, in_sz, out,
            )
        }
        PageCipher::AesGcm => return gcm_cipher(ctx, mode, input, in_sz, out),
        PageCipher::AesCtrHmacSha256 => {}
    }
    if key_sz as usize != KEY_BYTES || in_sz < 0 || key.is_null() || iv.is_null() {
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

/// SQLCipher's `CIPHER_ENCRYPT` (its `CIPHER_DECRYPT` is 0).
const CIPHER_ENCRYPT: c_int = 1;

/// AES-256-GCM's half of SQLCipher's cipher call. Writing: notes the plaintext page and
/// clears the output, which the `hmac` call that follows seals (were it ever skipped, a
/// page of zeros would be written, never plaintext). Reading: copies out the plaintext of
/// the page the `hmac` call before it opened and checked, and refuses any other page.
unsafe fn gcm_cipher(ctx: Ctx, mode: c_int, input: *mut u8, in_sz: c_int, out: *mut u8) -> c_int {
    let Some(s) = state(ctx) else {
        return SQLITE_ERROR;
    };
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

/// AES-256-GCM's half of SQLCipher's MAC call, over `page` (the page less its reserve,
/// then its 16-byte IV; SQLCipher's stored tag follows) and the page number `pgno`.
/// Writing (the output `gcm_cipher` just cleared): seals the noted plaintext into it and
/// returns the tag. Reading: opens the page; `mac` gets the stored tag when it is right,
/// and its complement when not, so that SQLCipher's comparison fails as for a bad MAC.
///
/// # Safety
/// `page` must be followed by `TAG_BYTES` readable bytes (SQLCipher's page layout).
unsafe fn gcm_mac(
    s: &mut CodecState,
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
            // SAFETY: `plain` is the page SQLCipher gave `gcm_cipher` in this same call of
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

/// AES-256-CTR (big-endian 128-bit counter from the IV): encryption and decryption alike.
fn encrypt_ctr(key: &[u8], iv: &[u8], input: &[u8], out: &mut [u8]) {
    let mut c = ctr::Ctr128BE::<aes::Aes256>::new(key.into(), iv.into());
    c.apply_keystream_b2b(input, out)
        .expect("input and output of one length");
}

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn hmac(
    ctx: Ctx,
    algorithm: c_int,
    key: *mut u8,
    key_sz: c_int,
    input: *mut u8,
    in_sz: c_int,
    in2: *mut u8,
    in2_sz: c_int,
    out: *mut u8,
) -> c_int {
    match page_cipher_of(ctx) {
        PageCipher::SqlcipherOpenssl => {
            return (openssl().hmac.expect("openssl hmac"))(
                ctx, algorithm, key, key_sz, input, in_sz, in2, in2_sz, out,
            )
        }
        PageCipher::AesGcm => {
            let Some(s) = state(ctx) else {
                return SQLITE_ERROR;
            };
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
            let (key, pgno, mac) = unsafe {
                (
                    &*(key as *const [u8; KEY_BYTES]),
                    std::slice::from_raw_parts(in2, in2_sz as usize),
                    &mut *(out as *mut [u8; TAG_BYTES]),
                )
            };
            // SAFETY: as SQLCipher lays out a page (see `gcm_mac`).
            return match unsafe { gcm_mac(s, key, input, in_sz as usize, pgno, mac) } {
                true => SQLITE_OK,
                false => SQLITE_ERROR,
            };
        }
        PageCipher::AesCtrHmacSha256 => {}
    }
    // The page's reserve is sized by the HMAC algorithm the settings name (SQLCipher asks
    // its OpenSSL functions for that size): this MAC is HMAC-SHA256, so only that fits.
    if algorithm != SQLCIPHER_HMAC_SHA256
        || key_sz as usize != KEY_BYTES
        || in_sz < 0
        || in2_sz < 0
        || key.is_null()
        || input.is_null()
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

    /// A new database is written with AES-256-GCM (which SQLCipher's default settings do not
    /// read), and a database of stop 18's settings with SQLCipher's, on the same thread.
    #[test]
    fn each_connection_keeps_the_cipher_it_was_keyed_with() {
        use crate::at_rest::keys::{database_key, CipherSettings};
        use crate::store::database::{connect, connect_as, read_write};
        let dir = tempfile::tempdir().unwrap();
        let key = database_key(&[3u8; 32]);
        let provider = |c: &rusqlite::Connection| -> (String, String) {
            let p = c
                .query_row("PRAGMA cipher_provider", [], |r| r.get(0))
                .unwrap();
            let n = c.query_row("PRAGMA cipher", [], |r| r.get(0)).unwrap();
            (p, n)
        };
        let new = connect(&dir.path().join("new.db"), read_write(), Some(&key)).unwrap();
        new.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES ('Zhang Planted')")
            .unwrap();
        let old_path = dir.path().join("old.db");
        let old = connect_as(
            &old_path,
            read_write(),
            Some((&key, CipherSettings::HmacSha256)),
        )
        .unwrap();
        old.execute_batch("CREATE TABLE t(x)").unwrap();
        assert_eq!(
            provider(&new),
            ("lawdesk-ring".into(), "aes-256-gcm".into())
        );
        assert_eq!(provider(&old).1, "AES-256-CBC");
        drop((new, old));
        let path = dir.path().join("new.db");
        let raw = std::fs::read(&path).unwrap();
        assert!(!raw.windows(7).any(|w| w == b"Planted"));
        let as_sqlcipher = connect_as(
            &path,
            read_write(),
            Some((&key, CipherSettings::HmacSha256)),
        )
        .unwrap();
        let e = as_sqlcipher
            .query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0))
            .unwrap_err();
        assert_eq!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::NotADatabase)
        );
        let again = connect(&path, read_write(), Some(&key)).unwrap();
        let x: String = again
            .query_row("SELECT x FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(x, "Zhang Planted");
    }

    fn fresh_state() -> CodecState {
        CodecState {
            cipher: PageCipher::AesGcm,
            seal: None,
            opened: None,
            plaintext: Zeroizing::new(Vec::new()),
            key: None,
        }
    }

    /// SQLCipher's decrypting cipher call on `page`'s 16-byte body, into `out`.
    fn release(s: &mut CodecState, page: &mut [u8], out: &mut [u8; 16]) -> c_int {
        unsafe {
            gcm_cipher(
                s as *mut CodecState as Ctx,
                0,
                page.as_mut_ptr(),
                16,
                out.as_mut_ptr(),
            )
        }
    }

    /// A page as SQLCipher lays it out for `gcm_mac`: body, 16-byte IV, 16-byte tag slot.
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
                gcm_cipher(
                    &mut s as *mut _ as Ctx,
                    CIPHER_ENCRYPT,
                    plain.as_ptr() as *mut u8,
                    16,
                    out
                ),
                SQLITE_OK
            );
            assert_eq!(&page[..16], &[0u8; 16], "cleared before the seal");
            assert!(gcm_mac(&mut s, &key, page.as_mut_ptr(), 32, &[], &mut mac));
        }
        assert_eq!(hex::encode(&page[..16]), "cea7403d4d606b6e074ec5d3baf39d18");
        assert_eq!(hex::encode(mac), "d0d1c8a799996bf0265b98b5d48ab919");
        page[32..].copy_from_slice(&mac);
        // Reading: `hmac` opens it and hands back the stored tag, `cipher` copies it out.
        let mut out = [0xFFu8; 16];
        let mut check = [0u8; TAG_BYTES];
        unsafe {
            assert!(gcm_mac(
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
            gcm_cipher(
                &mut s as *mut _ as Ctx,
                CIPHER_ENCRYPT,
                body.as_ptr() as *mut u8,
                4064,
                page.as_mut_ptr(),
            );
            assert!(gcm_mac(
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
            let ctx = &mut s as *mut CodecState as Ctx;
            let failed = unsafe {
                let pgno = pgno.to_le_bytes();
                assert!(gcm_mac(
                    state(ctx).unwrap(),
                    key,
                    page.as_mut_ptr(),
                    n,
                    &pgno,
                    &mut check
                ));
                let failed = check != page[n..];
                let rc = gcm_cipher(ctx, 0, page.as_mut_ptr(), 4064, out.as_mut_ptr());
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

    /// In a real database file: a page changed on disk, or two pages swapped, is refused
    /// when read (the data is not silently wrong), and the same file unchanged reads.
    #[test]
    fn a_database_whose_pages_were_changed_or_swapped_is_refused() {
        use crate::at_rest::keys::database_key;
        use crate::store::database::{connect, read_write};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let key = database_key(&[4u8; 32]);
        {
            let c = connect(&path, read_write(), Some(&key)).unwrap();
            c.execute_batch(
                "CREATE TABLE a(x); CREATE TABLE b(x);
                 INSERT INTO a VALUES (randomblob(3000)); INSERT INTO b VALUES (randomblob(3000));",
            )
            .unwrap();
        }
        let raw = std::fs::read(&path).unwrap();
        assert_eq!(raw.len(), 3 * 4096, "the schema, a and b");
        let read_all = |bytes: &[u8]| -> rusqlite::Result<i64> {
            std::fs::write(&path, bytes).unwrap();
            let c = connect(&path, read_write(), Some(&key)).unwrap();
            c.query_row(
                "SELECT (SELECT count(*) FROM a) + (SELECT count(*) FROM b)",
                [],
                |r| r.get(0),
            )
        };
        assert_eq!(read_all(&raw).unwrap(), 2);
        let mut changed = raw.clone();
        changed[2 * 4096 + 100] ^= 0x01;
        assert!(read_all(&changed).is_err());
        let mut swapped = raw.clone();
        let (p2, p3) = (
            raw[4096..2 * 4096].to_vec(),
            raw[2 * 4096..3 * 4096].to_vec(),
        );
        swapped[4096..2 * 4096].copy_from_slice(&p3);
        swapped[2 * 4096..3 * 4096].copy_from_slice(&p2);
        assert!(read_all(&swapped).is_err());
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
