//! Freed heap back to the operating system after the window's bursts of work.
//!
//! The window's commands run on a pool of threads; glibc keeps what a query freed in each
//! thread's arena, so a Dashboard read over a large practice left ~25 MiB resident long
//! after its lists were dropped (docs/BENCHMARKS.md, idle memory). After a burst of commands
//! has been quiet for a second, one `malloc_trim` hands those pages back. Other platforms'
//! allocators return memory on their own; there this is a no-op. After 20 idle seconds the
//! idle hook runs too: the window's database gives its page cache back (up to 32 MiB of
//! decrypted pages, ~30 MiB after a Dashboard over 20,000 clients).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// `LAWDESK_BENCH_UNTUNED=1`: the window as it was before this tuning (no heap trim, and
/// WebKitGTK's browser defaults), so `scripts/bench_memory.py` compares both from one build.
pub fn untuned_for_benchmarks() -> bool {
    std::env::var_os("LAWDESK_BENCH_UNTUNED").is_some()
}

/// How long the window must be quiet before the heap is trimmed.
const QUIET: Duration = Duration::from_secs(1);
/// How long before the idle hook runs (the database's page cache is released): long enough
/// that a lawyer moving between screens keeps the decrypted pages, short enough that a
/// window left open in the background holds no more than it needs.
const IDLE: Duration = Duration::from_secs(20);

static START: OnceLock<Instant> = OnceLock::new();
static LAST_WORK_MS: AtomicU64 = AtomicU64::new(0);
static PENDING: AtomicBool = AtomicBool::new(false);
static IDLE_PENDING: AtomicBool = AtomicBool::new(false);
type Hook = Box<dyn Fn() + Send + Sync>;
static ON_IDLE: OnceLock<Hook> = OnceLock::new();

/// What to give back once the window has been idle for a while (the page cache).
pub fn on_idle(hook: impl Fn() + Send + Sync + 'static) {
    let _ = ON_IDLE.set(Box::new(hook));
}

fn now_ms() -> u64 {
    START.get_or_init(Instant::now).elapsed().as_millis() as u64
}

/// Marks the end of a piece of work whose garbage may be trimmed once things are quiet.
pub fn work_done() {
    LAST_WORK_MS.store(now_ms(), Ordering::Relaxed);
    PENDING.store(true, Ordering::Relaxed);
    IDLE_PENDING.store(true, Ordering::Relaxed);
}

/// Starts the one background thread that trims after quiet periods.
pub fn start_trimmer() {
    let _ = now_ms();
    let spawned = std::thread::Builder::new()
        .name("heap-trim".into())
        .spawn(|| loop {
            std::thread::sleep(QUIET);
            let quiet_for = now_ms().saturating_sub(LAST_WORK_MS.load(Ordering::Relaxed));
            if PENDING.load(Ordering::Relaxed) && quiet_for >= QUIET.as_millis() as u64 {
                PENDING.store(false, Ordering::Relaxed);
                trim();
            }
            if IDLE_PENDING.load(Ordering::Relaxed) && quiet_for >= IDLE.as_millis() as u64 {
                IDLE_PENDING.store(false, Ordering::Relaxed);
                if let (Some(hook), false) = (ON_IDLE.get(), untuned_for_benchmarks()) {
                    hook();
                    trim();
                }
            }
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "the heap trimmer could not start");
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim() {
    if untuned_for_benchmarks() {
        return;
    }
    // SAFETY: malloc_trim only walks and releases the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim() {}
