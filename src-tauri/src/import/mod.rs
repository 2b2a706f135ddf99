//! Import parsers: pure functions over the bytes of a file. Use cases in
//! `services::client_file::import` apply what they produce in one transaction.

pub mod mapping;
pub mod table;
pub mod zip_index;
