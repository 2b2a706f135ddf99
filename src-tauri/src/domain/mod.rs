//! Pure types and rules. Nothing here does I/O: no database, no files, no clock, no keychain.
//! "Today" and "now" are passed in by the caller.

pub mod audit;
pub mod backup;
pub mod bank;
pub mod client;
pub mod collections;
pub mod commlog;
pub mod complaint;
pub mod complaint_step;
pub mod dates;
pub mod dispatch;
pub mod error;
pub mod fee_settings;
pub mod firm;
pub mod followup;
pub mod ids;
pub mod interest;
pub mod invoice;
pub mod json_input;
pub mod lang;
pub mod ledger;
pub mod letter_details;
pub mod letter_request;
pub mod mail;
pub mod matter;
pub mod money;
pub mod names;
pub mod payment;
pub mod payment_qr;
pub mod plan;
pub mod quote;
pub mod quote_status;
pub mod secret;
pub mod text;
pub mod words;

pub use error::{AppError, AppResult, ErrorCode};
