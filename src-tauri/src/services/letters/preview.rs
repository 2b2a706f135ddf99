//! The letter as it will print, as SVG pages: nothing is written and no number is taken.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::document::assemble;
use super::numbers::letter_number;
use super::{account_number, AccountNumbers, Core, LetterRequest};
use crate::domain::AppResult;
use crate::letters::{compose, svg};
use crate::services::letters::facts::gather;

#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    pub pages: Vec<String>,
    pub lang: String,
    pub missing_glyphs: Vec<String>,
    pub qr_payload: Option<String>,
    /// Required legal details the file lacks (`client.inn`, `engagement.contract_number`…):
    /// shown before writing; writing refuses them unless blanks are allowed.
    pub missing_details: Vec<String>,
}

/// The letter as it will print, as SVG pages (nothing is written; no number is taken).
pub fn preview(core: &Core, req: &LetterRequest, today: NaiveDate) -> AppResult<Preview> {
    let f = gather(core, req, today)?;
    let acct = account_number(core, &f, &mut AccountNumbers::default())?;
    let (doc, qr_payload) = assemble(
        &f,
        &letter_number(&f.signer.prefix, f.kind, f.lang, f.as_of.year(), 0).replace("0000", "····"),
        acct.as_ref(),
    )?;
    let laid = compose::compose(&doc);
    Ok(Preview {
        pages: svg::render(&laid),
        lang: f.lang.code().into(),
        missing_glyphs: laid.missing.iter().map(|c| c.to_string()).collect(),
        qr_payload,
        missing_details: f.missing.iter().map(|m| m.to_string()).collect(),
    })
}
