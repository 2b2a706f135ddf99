//! The client file: clients and matters with their conflict checks (`clients`), client lists
//! in and out (`import`), the communication log with its attachments (`commlog`),
//! follow-ups and the contact rhythm (`followups`), complaints (`complaints`), and closing
//! and destruction at the end of retention (`retention`).

pub mod clients;
pub mod commlog;
pub mod complaints;
pub mod followups;
pub mod import;
pub mod retention;
