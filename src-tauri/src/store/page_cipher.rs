//! The database's page cipher, registered with SQLCipher through its provider interface
//! (`sqlcipher_register_provider`, the hook SQLCipher offers for other crypto libraries).
//!
//! SQLCipher keeps everything else: the raw key, the per-database salt, the separate MAC key
//! it derives (PBKDF2), a fresh random 16-byte IV for every page it writes, the page layout
//! (IV and MAC in each page's reserved 48 bytes) and encrypt-then-MAC: HMAC-SHA256 over the
//! encrypted page, its IV and its page number, checked before a page is decrypted. One
//! thing changes: the page is encrypted with **AES-256 in CTR mode** instead of CBC.
//! CBC encryption is serial (each block waits for the one before); CTR runs eight blocks at
//! once. The IV is SQLCipher's fresh random one per page write, so no counter block is used
//! twice under a key (NIST SP 800-38A, appendix B). Both primitives come from RustCrypto
//! (`aes` + `ctr`, `hmac` + `sha2`: AES-NI / ARMv8 and SHA-NI instructions, detected at run
//! time) and are called without OpenSSL 3 fetching the cipher and the MAC by name on every
//! page.
//!
//! Measured in docs/BENCHMARKS.md: SQLCipher's OpenSSL provider spent 7–10 µs a page
//! (a payment writes 14–17); this one 0.6 µs for the cipher and 2.1 µs for the MAC.
//!
//! Databases of earlier versions (SQLCipher's own AES-256-CBC + HMAC-SHA256/512,
//! `CipherSettings::HmacSha256`/`HmacSha512`) are still read — a connection opened for one
//! is given SQLCipher's OpenSSL functions (see [`with_page_cipher`]) — and converted on
//! open (`store::encryption`).
//!
//! SQLCipher frees its registered provider when its last keyed connection closes and
//! registers its default again at the next one, so [`install`] keeps one keyed in-memory
//! connection open for the life of the process.

use std::cell::Cell;
use std::ffi::{c_char, c_int, c_void};
use std::sync::{Mutex, OnceLock};

use aes::cipher::{KeyIvInit, StreamCipher};
use chacha20poly1305::aead::rand_core::RngCore;

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

/// Which page cipher a connection's database is written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageCipher {
    /// AES-256-CTR + HMAC-SHA256 (this module).
    AesCtrHmacSha256,
    /// SQLCipher's own AES-256-CBC + HMAC, through its OpenSSL provider (earlier versions).
    SqlcipherOpenssl,
}

thread_local! {
    /// The page cipher the next codec created on this thread gets (SQLCipher creates one
    /// when a key is applied: `PRAGMA key`, `ATTACH … KEY`).
    static NEXT: Cell<PageCipher> = const { Cell::new(PageCipher::AesCtrHmacSha256) };
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

/// A codec's provider context: its page cipher, chosen when it was created.
fn page_cipher_of(ctx: Ctx) -> PageCipher {
    match ctx.is_null() {
        true => PageCipher::AesCtrHmacSha256,
        // SAFETY: `ctx_init` made it from a `Box<PageCipher>`; SQLCipher passes it back.
        false => unsafe { *(ctx as *const PageCipher) },
    }
}

unsafe extern "C" fn ctx_init(ctx: *mut Ctx) -> c_int {
    let chosen = NEXT.with(|n| n.get());
    *ctx = Box::into_raw(Box::new(chosen)) as Ctx;
    (openssl().ctx_init.expect("openssl ctx_init"))(ctx)
}

unsafe extern "C" fn ctx_free(ctx: *mut Ctx) -> c_int {
    let rc = (openssl().ctx_free.expect("openssl ctx_free"))(ctx);
    if !(*ctx).is_null() {
        drop(Box::from_raw(*ctx as *mut PageCipher));
        *ctx = std::ptr::null_mut();
    }
    rc
}

unsafe extern "C" fn provider_name(ctx: Ctx) -> *const c_char {
    match page_cipher_of(ctx) {
        PageCipher::AesCtrHmacSha256 => c"lawdesk-rustcrypto".as_ptr(),
        PageCipher::SqlcipherOpenssl => (openssl().get_provider_name.expect("name"))(ctx),
    }
}

unsafe extern "C" fn cipher_name(ctx: Ctx) -> *const c_char {
    match page_cipher_of(ctx) {
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
    if page_cipher_of(ctx) == PageCipher::SqlcipherOpenssl {
        return (openssl().cipher.expect("openssl cipher"))(
            ctx, mode, key, key_sz, iv, input, in_sz, out,
        );
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
    if page_cipher_of(ctx) == PageCipher::SqlcipherOpenssl {
        return (openssl().hmac.expect("openssl hmac"))(
            ctx, algorithm, key, key_sz, input, in_sz, in2, in2_sz, out,
        );
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

    /// A new database is written with this cipher (not SQLCipher's default, which does not
    /// read it: its HMAC matches, its CBC does not decrypt CTR), and a database of stop 18's settings with SQLCipher's, on the same thread.
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
            ("lawdesk-rustcrypto".into(), "aes-256-ctr".into())
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
