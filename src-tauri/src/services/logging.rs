//! Logs go to `<data dir>/logs/lawdesk.log.YYYY-MM-DD` (daily files). They record what
//! happened, never a secret value or a client's personal data.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;

/// Starts file logging; keep the guard alive for the life of the process. Returns `None` when
/// logging was already set up or the folder cannot be written (the app still runs).
pub fn init(data_dir: &Path) -> Option<WorkerGuard> {
    let dir = data_dir.join("logs");
    std::fs::create_dir_all(&dir).ok()?;
    let appender = tracing_appender::rolling::daily(dir, "lawdesk.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let level = std::env::var("LAWDESK_LOG")
        .ok()
        .and_then(|l| l.parse().ok())
        .unwrap_or(tracing::Level::INFO);
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_max_level(level)
        .try_init()
        .ok()?;
    Some(guard)
}
