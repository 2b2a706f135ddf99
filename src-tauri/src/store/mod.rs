//! SQLite storage through rusqlite: the one place that opens connections
//! ([`database`]), numbered migrations, and one module per table or aggregate.
//! Knows the domain types; knows nothing of Tauri, the keychain or the UI.

pub mod acknowledgments;
pub mod audit;
pub mod clients;
pub mod clock_facts;
pub mod collections;
pub mod commlog;
pub mod complaints;
pub mod conflicts;
pub mod database;
pub mod decode;
pub mod encryption;
pub mod engagements;
pub mod firm;
pub mod followups;
pub mod interest_rates;
pub mod invoices;
pub mod letter_details;
pub mod letter_dispatches;
pub mod letters;
pub mod location;
pub mod matters;
pub mod migrations;
pub mod page_cipher;
pub mod payments;
pub mod quotes;
pub mod receivables;
pub mod request_keys;
pub mod retention;
pub mod search;
pub mod secret_names;
pub mod sequences;
pub mod settings;

pub use database::{amount_text, rows, sql_error, Database};

/// The connection and transaction types use cases pass to store functions (services name
/// these, never `rusqlite`).
pub use rusqlite::{Connection as Conn, Transaction as Tx};
