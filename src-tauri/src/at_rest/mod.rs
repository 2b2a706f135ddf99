//! Encryption at rest, without I/O of its own: the keys derived from the practice key
//! (`keys`) and the format of a sealed file in `attachments/` (`sealed`). The database itself
//! is encrypted by SQLCipher (`store::database`, keyed with `keys::database_key`).

pub mod keys;
pub mod sealed;
