//! The database's page cipher, registered with SQLCipher through its provider interface
//! (`sqlcipher_register_provider`, the hook SQLCipher offers for other crypto libraries).
//!
//! SQLCipher keeps everything else: the raw key, the per-database salt, the separate key it
//! derives for page authentication (PBKDF2), a fresh random 16-byte IV for every page it
//! writes, the page layout (IV and tag in each page's reserved bytes), and authentication
//! checked before a page is used. What this module changes is the page cipher itself.
//!
//! **Since stop 20 (`PageCipher::AesGcm`, [`gcm`]): AES-256-GCM**, one `ring` seal per
//! page with the page number as additional data: cipher and tag in one pass, ~0.8 µs for a
//! 4 KiB page here, against 2.7 µs for stop 19's AES-256-CTR + HMAC-SHA256 and 7–10 µs for
//! SQLCipher's OpenSSL AES-256-CBC + HMAC (stops 12–18). SQLCipher calls a cipher and a MAC
//! separately for each page; [`gcm`] says how one page is carried from one call to the other.
//!
//! Databases of earlier versions are still read — stop 19's AES-256-CTR + HMAC-SHA256
//! (`PageCipher::AesCtrHmacSha256`, [`ctr_hmac`]) and
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

use chacha20poly1305::aead::rand_core::RngCore;

mod ctr_hmac;
mod gcm;

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
/// SQLCipher's `CIPHER_ENCRYPT` (its `CIPHER_DECRYPT` is 0).
const CIPHER_ENCRYPT: c_int = 1;

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
    gcm: gcm::PageInFlight,
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
        gcm: gcm::PageInFlight::default(),
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
        PageCipher::AesGcm => gcm::TAG_BYTES as c_int,
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

/// SQLCipher's cipher call, to the codec's page cipher.
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
    match (page_cipher_of(ctx), state(ctx)) {
        (PageCipher::SqlcipherOpenssl, _) => (openssl().cipher.expect("openssl cipher"))(
            ctx, mode, key, key_sz, iv, input, in_sz, out,
        ),
        (PageCipher::AesGcm, Some(s)) => gcm::cipher(&mut s.gcm, mode, input, in_sz, out),
        (PageCipher::AesGcm, None) => SQLITE_ERROR,
        (PageCipher::AesCtrHmacSha256, _) => ctr_hmac::cipher(key, key_sz, iv, input, in_sz, out),
    }
}

/// SQLCipher's MAC call, to the codec's page cipher.
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
    match (page_cipher_of(ctx), state(ctx)) {
        (PageCipher::SqlcipherOpenssl, _) => (openssl().hmac.expect("openssl hmac"))(
            ctx, algorithm, key, key_sz, input, in_sz, in2, in2_sz, out,
        ),
        (PageCipher::AesGcm, Some(s)) => {
            gcm::hmac(&mut s.gcm, key, key_sz, input, in_sz, in2, in2_sz, out)
        }
        (PageCipher::AesGcm, None) => SQLITE_ERROR,
        (PageCipher::AesCtrHmacSha256, _) => {
            ctr_hmac::hmac(algorithm, key, key_sz, input, in_sz, in2, in2_sz, out)
        }
    }
}

#[cfg(test)]
mod tests {
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
}
