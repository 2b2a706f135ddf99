//! Every letter due at a dunning stage, one per client: who is due, the batch itself
//! (complete letters written, clients missing legal details skipped and listed), and one
//! combined PDF for the printer.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;

use super::write::{generate_to, CopyTo, Generated};
use super::{store, AccountNumbers, Core, LetterRequest};
use crate::domain::ids::ClientId;
use crate::domain::{dates, AppError, AppResult};
use crate::letters::templates::Kind;
use crate::letters::{compose, pdf};
use crate::services::letters::facts::{bad, stage_threshold};
use crate::store::invoices::{self, InvoiceFilter};

/// How many clients [`due_for_stage`] would list, counted in one query.
pub fn due_count(core: &Core, kind: Kind, as_of: NaiveDate) -> AppResult<usize> {
    if !kind.is_dunning() {
        return Err(bad("stage", "letter_stage"));
    }
    let due_by = as_of - chrono::Duration::days(stage_threshold(kind));
    let any_hold = core.db.read(crate::store::collections::any_live_hold)?;
    if any_hold {
        // Holds (a disputed invoice, a client under an arrangement) leave clients out: the
        // batch's own list is the count.
        return Ok(due_for_stage(core, kind, as_of)?.len());
    }
    core.db
        .read(|c| store::due_client_count(c, kind.code(), &dates::to_iso(due_by)))
}

/// Clients due for a dunning stage on `as_of`: overdue at least the stage's days, with an
/// overdue invoice no letter of this stage has covered yet.
pub fn due_for_stage(core: &Core, kind: Kind, as_of: NaiveDate) -> AppResult<Vec<ClientId>> {
    if !kind.is_dunning() {
        return Err(bad("stage", "letter_stage"));
    }
    core.db.read(|c| {
        let held = crate::services::collections::due::held(c, as_of)?;
        let rows = invoices::list_invoices(
            c,
            &InvoiceFilter {
                status: "open".into(),
                limit: Some(10_000),
                ..Default::default()
            },
            as_of,
        )?;
        let mut due: Vec<ClientId> = Vec::new();
        let mut seen: HashMap<i64, bool> = HashMap::new();
        for r in rows
            .iter()
            .filter(|r| r.days_overdue >= stage_threshold(kind))
        {
            let Some(client) = r.client_id else { continue };
            if held.invoices.contains(&r.id.0) || held.clients.contains_key(&client.0) {
                continue;
            }
            if seen.get(&client.0).copied().unwrap_or(false) {
                continue;
            }
            if !store::invoice_has_letter(c, r.id.0, kind.code())? {
                seen.insert(client.0, true);
                due.push(client);
            }
        }
        due.sort();
        Ok(due)
    })
}

/// A client a batch did not write to: its letter lacks legal details its jurisdiction
/// requires (`letter_details_missing`, each detail named as at the preview). It stays due.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub client_id: ClientId,
    pub client_name: String,
    pub code: &'static str,
    pub missing: Vec<String>,
}

/// Where a batch stopped after writing some letters: the client whose letter failed (not
/// written, still due) and why (a file of the letter's name already in the folder, a full
/// disk, …). The letters before it are written, numbered and copied.
#[derive(Debug, Serialize)]
pub struct Stopped {
    pub client_id: ClientId,
    pub client_name: String,
    pub error: AppError,
}

/// What a batch did: the letters written, the clients skipped for missing details, and
/// where it stopped when a letter failed after others were written.
#[derive(Debug, Default)]
pub struct BatchResult {
    pub letters: Vec<Generated>,
    pub skipped: Vec<Skipped>,
    pub stopped: Option<Stopped>,
}

/// The details named by a `letter_details_missing` refusal (see `check_details`).
fn missing_details(e: &AppError) -> Option<Vec<String>> {
    let all_missing =
        !e.fields.is_empty() && e.fields.iter().all(|f| f.code == "letter_detail_missing");
    all_missing.then(|| e.fields.iter().map(|f| f.field.clone()).collect())
}

/// Every letter due at a stage, one per client. `progress(done, total)` is called after
/// each client; returning false stops the batch (what was written stays).
pub fn batch(
    core: &Core,
    kind: Kind,
    as_of: NaiveDate,
    today: NaiveDate,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> AppResult<BatchResult> {
    batch_into(core, kind, as_of, today, now, None, progress)
}

/// [`batch`] with a copy of each letter in `out_dir`, put in place as its letter commits.
/// A client whose letter lacks required legal details is skipped (listed in `skipped`,
/// nothing written, still due) and the batch goes on. Any other failure (a file of the
/// letter's name already there) stops the batch: that letter is not written and stays due.
/// With no letter written before it, that is the batch's error (nothing changed); after
/// some, the result lists them and says where it stopped (`stopped`).
pub fn batch_into(
    core: &Core,
    kind: Kind,
    as_of: NaiveDate,
    today: NaiveDate,
    now: DateTime<Utc>,
    out_dir: Option<&Path>,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> AppResult<BatchResult> {
    if let Some(d) = out_dir {
        CopyTo::Folder(d).check_folder(core.data_dir())?;
    }
    let clients = due_for_stage(core, kind, as_of)?;
    let total = clients.len();
    let mut out = BatchResult::default();
    // Each bank account's number is read from the keychain once for the whole batch.
    let mut known = AccountNumbers::default();
    let held = core
        .db
        .read(|c| crate::services::collections::due::held(c, as_of))?
        .invoices;
    for (i, client) in clients.into_iter().enumerate() {
        let req = LetterRequest {
            kind: kind.code().into(),
            id: client.0,
            as_of: Some(dates::to_iso(as_of)),
            exclude_invoices: held.iter().copied().collect(),
            ..Default::default()
        };
        let copy = out_dir.map(CopyTo::Folder);
        match generate_to(core, &req, today, now, copy, None, &mut known) {
            Ok(g) => out.letters.push(g),
            Err(e) => {
                let missing = missing_details(&e);
                if missing.is_none() && out.letters.is_empty() {
                    return Err(e);
                }
                let client_name = core
                    .db
                    .read(|c| crate::store::clients::get(c, client))?
                    .name;
                match missing {
                    Some(missing) => out.skipped.push(Skipped {
                        client_id: client,
                        client_name,
                        code: "letter_details_missing",
                        missing,
                    }),
                    None => {
                        out.stopped = Some(Stopped {
                            client_id: client,
                            client_name,
                            error: e,
                        });
                        break;
                    }
                }
            }
        }
        if !progress(i + 1, total) {
            break;
        }
    }
    Ok(out)
}

/// A batch's letters as one PDF for the printer: their own laid-out pages, one after the
/// other (the kept letters stay one file each).
pub fn combined_pdf(letters: &[Generated], title: &str, today: NaiveDate) -> AppResult<Vec<u8>> {
    let laid: Vec<&compose::Laid> = letters.iter().map(|g| g.laid.0.as_ref()).collect();
    let meta = pdf::PdfMeta {
        title: title.into(),
        author: String::new(),
        language: letters.first().map(|g| g.lang.clone()).unwrap_or_default(),
        date: (today.year() as u16, today.month() as u8, today.day() as u8),
    };
    pdf::render_many(&laid, &meta)
        .map_err(|e| AppError::internal(format!("The combined PDF could not be written: {e}")))
}
