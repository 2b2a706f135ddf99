//! The backup file format: `container` (header + XChaCha20-Poly1305 chunks, bounded
//! memory) around `archive` (the database snapshot, the attachments and kept letters, and a
//! manifest of row counts and SHA-256s). No database or keychain here: `services::security::backup`
//! makes and restores backups with these.

pub mod archive;
pub mod container;
