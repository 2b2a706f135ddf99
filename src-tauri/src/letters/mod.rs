//! Letters as print-ready PDF (pure: no database, files, clock or keychain — the service
//! gathers the facts and stores the result). `templates` holds the texts, `compose` lays a
//! letter out on pages with `layout` and the bundled `fonts`, `pdf` writes PDF/A-2b through
//! krilla and `svg` draws the same pages for the preview. `format` writes dates and amounts
//! the way each language prints them; `jurisdiction` says which law a letter speaks and what a
//! demand to each kind of debtor must state, `texts` holds the built-in texts; `qr` turns a payload into modules.

pub mod appendix;
pub mod claim_pack;
pub mod compose;
pub mod file_name;
pub mod fonts;
pub mod format;
pub mod jurisdiction;
pub mod layout;
pub mod pdf;
pub mod qr;
pub mod svg;
pub mod templates;
pub mod texts;
