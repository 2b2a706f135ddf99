//! Use cases: each runs in one database transaction and writes its audit row. Both front
//! ends call these and nothing below them.
//!
//! By area: `client_file/` (clients, matters, the log, follow-ups, complaints, imports,
//! retention), `fees/` (quotes, engagements and invoices, payments, receivables, late
//! charges, statutory interest), `letters/` (facts, documents, numbers, output, dispatch,
//! e-mail), `collections/` (the dunning ladder and its daily run, legal clocks, the claim
//! pack), `security/` (the practice key, encryption at rest, the app lock, secrets, backup
//! and restore), `demo/` (the demo practice); beside them the opened data folder (`core`),
//! its `clock`, the app's `status`, `check`, `firm`, `request_keys`, `files`, `logging`.

pub mod check;
pub mod client_file;
pub mod clock;
pub mod collections;
pub mod core;
pub mod demo;
pub mod fees;
pub mod files;
pub mod firm;
pub mod letters;
pub mod logging;
pub mod request_keys;
pub mod security;
pub mod status;

pub use self::core::Core;
