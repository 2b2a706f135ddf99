//! Letters: gathers the facts for a fee quote, a payment confirmation, or a reminder /
//! second reminder / demand covering all of a client's overdue invoices; fills the
//! lawyer's template; lays the letter out and writes the PDF (`crate::letters`); keeps it as
//! evidence (content-addressed file, communication-log entry, `letters` row) in one
//! transaction with its gapless number. Account numbers for the payment block and QR code
//! come from the keychain, read before the transaction.
//!
//! `numbers` (letter numbers and their sequences), `document` (facts → the letter document:
//! letterhead, payment block and QR code, Annex 1 pages), `preview`, `write` (one letter kept
//! with its log entry, copies), `batch` (every letter due at a dunning stage), `settings`
//! (the lawyer's own texts and payment QR images).

pub mod appendix;
mod batch;
pub mod dispatch;
mod document;
pub mod email;
pub(crate) mod facts;
mod numbers;
pub mod output;
mod preview;
mod settings;
pub(crate) mod terms;
mod write;

use std::collections::HashMap;

use crate::domain::ids::{BankAccountId, ClientId, LetterId};
pub use crate::domain::letter_request::LetterRequest;
use crate::domain::secret::Secret;
use crate::domain::{AppError, AppResult, ErrorCode};
use crate::services::client_file::commlog::attachment_path;
use crate::services::core::Core;
use crate::store::letters as store;
pub use crate::store::letters::{Letter, QrImage};
pub use facts::stage_threshold;
use facts::Facts;

pub use batch::{
    batch, batch_into, combined_pdf, due_count, due_for_stage, BatchResult, Skipped, Stopped,
};
pub use numbers::letter_number;
pub use preview::{preview, Preview};
pub use settings::{
    add_qr_image, delete_qr_image, qr_images, save_template, template, TemplateView,
};
pub use write::{generate, generate_to, generate_with, CopyTo, Generated, LaidPages};

/// Account numbers already read from the keychain, by bank account: a batch reads each
/// one once, not once per letter (a Secret Service round trip costs milliseconds).
#[derive(Default)]
pub struct AccountNumbers(HashMap<BankAccountId, Secret>);

/// The account number for the payment block, from the keychain (read outside any
/// transaction) or from what this batch already read. `None` when the letter needs none.
fn account_number(core: &Core, f: &Facts, known: &mut AccountNumbers) -> AppResult<Option<Secret>> {
    let Some(a) = &f.account else {
        return Ok(None);
    };
    if let Some(s) = known.0.get(&a.id) {
        return Ok(Some(s.clone()));
    }
    let s = crate::services::firm::account_number(core, a.id)?;
    known.0.insert(a.id, s.clone());
    Ok(Some(s))
}

/// Refuses a letter whose required legal details are missing, naming each
/// (`letter_details_missing`), unless the caller allows blanks.
fn check_details(f: &Facts, allow_missing: bool) -> AppResult<()> {
    if f.missing.is_empty() || allow_missing {
        return Ok(());
    }
    let mut err = AppError::field("letter", "letter_details_missing");
    err.message = format!(
        "This letter needs details the file does not have: {}",
        f.missing.join(", ")
    );
    err.fields = f
        .missing
        .iter()
        .map(|m| crate::domain::error::FieldError {
            field: (*m).to_string(),
            code: "letter_detail_missing",
        })
        .collect();
    Err(err)
}

pub fn list(core: &Core, client: Option<ClientId>) -> AppResult<Vec<Letter>> {
    core.db.read(|c| store::list(c, client, 500))
}

/// One letter written (its row, not its PDF).
pub fn get(core: &Core, id: LetterId) -> AppResult<Letter> {
    core.db.read(|c| store::get(c, id))
}

/// The kept PDF of a letter (opened from its sealed file), checked against its SHA-256.
pub fn pdf_of(core: &Core, id: LetterId) -> AppResult<(Letter, Vec<u8>)> {
    let row = core.db.read(|c| store::get(c, id))?;
    let bytes =
        crate::services::security::at_rest::read_kept(core, &attachment_path(core, &row.sha256))?;
    if crate::domain::commlog::sha256_hex(&bytes) != row.sha256 {
        return Err(AppError::new(
            ErrorCode::DatabaseCorrupt,
            "The kept copy of this letter does not match its SHA-256",
        ));
    }
    Ok((row, bytes))
}
