//! Use cases: each runs in one database transaction and writes its audit row. Both front
//! ends call these and nothing below them.

pub mod app_lock;
pub mod at_rest;
pub mod backup;
pub mod billing;
pub mod check;
pub mod claim_pack;
pub mod clients;
pub mod clock;
pub mod collections;
pub mod commlog;
pub mod complaints;
pub mod core;
pub mod demo;
pub mod demo_clients;
pub mod demo_fees;
pub mod files;
pub mod firm;
pub mod followups;
pub mod import;
pub mod interest;
mod keychain_journal;
pub mod late_charges;
mod letter_appendix;
pub mod letter_dispatch;
mod letter_facts;
pub mod letter_output;
mod letter_terms;
pub mod letters;
pub mod logging;
pub mod mail;
pub mod payments;
pub mod practice_key;
pub mod quotes;
pub mod receivables;
pub mod request_keys;
pub mod restore;
pub mod retention;
pub mod secrets;
pub mod status;

pub use self::core::Core;
