//! Nothing lost, nothing leaked: the practice key and its recovery key (`practice_key`),
//! encryption at rest of the database and attachments (`at_rest`), the window's app lock
//! (`app_lock`), secrets in the OS keychain (`secrets`, with `keychain_journal` undoing
//! keychain writes of a failed transaction), backups (`backup`) and restore (`restore`).

pub mod app_lock;
pub mod at_rest;
pub mod backup;
pub(crate) mod keychain_journal;
pub mod practice_key;
pub mod restore;
pub mod secrets;
