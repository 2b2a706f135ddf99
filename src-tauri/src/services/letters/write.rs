//! One letter written and kept: number, PDF, content-addressed copy, communication-log
//! entry and `letters` row in one transaction; a copy where the caller asked for one
//! (a file, or a batch folder under the readable name), renamed in after the commit.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Datelike, Local, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::document::assemble;
use super::numbers::{letter_number, sequence_name};
use super::{account_number, check_details, pdf_of, store, AccountNumbers, Core, LetterRequest};
use crate::domain::commlog::{AttachmentRef, Comm};
use crate::domain::ids::{ClientId, LetterId};
use crate::domain::secret::Secret;
use crate::domain::{dates, AppError, AppResult, ErrorCode};
use crate::letters::compose;
use crate::letters::file_name::{kind_name, sanitize_file_name};
use crate::letters::pdf;
use crate::services::client_file::commlog::{attachment_path, store_attachment};
use crate::services::files::{self, FileGuard};
use crate::services::letters::facts::{bad, gather, Facts};
use crate::services::request_keys::RequestKey;
use crate::store::letters::NewLetter;
use crate::store::{audit, commlog, sequences};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Generated {
    pub id: i64,
    pub number: String,
    pub client_id: ClientId,
    pub kind: String,
    pub lang: String,
    /// Where the kept copy is (content-addressed in the data folder).
    pub path: String,
    pub sha256: String,
    pub pages: usize,
    pub bytes: usize,
    pub missing_glyphs: Vec<String>,
    pub qr_payload: Option<String>,
    #[serde(skip)]
    pub pdf: Vec<u8>,
    /// The laid-out pages the PDF was written from (a batch prints them as one file).
    #[serde(skip)]
    pub laid: LaidPages,
    /// Where the copy asked for was written.
    #[serde(skip)]
    pub copy: Option<PathBuf>,
}

/// A letter's display list, shared (not serialized; empty for a replayed request).
#[derive(Clone, Default)]
pub struct LaidPages(pub Arc<compose::Laid>);

impl std::fmt::Debug for LaidPages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LaidPages({} pages)", self.0.pages.len())
    }
}

fn file_name(number: &str) -> String {
    let safe: String = number
        .chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    format!("{safe}.pdf")
}

fn title_of(f: &Facts) -> String {
    f.template
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Where a copy of the PDF goes besides the kept one: a file (`letter --out`, replaced when
/// it exists) or a folder (`letter batch --out-dir`: `<client>-<number>.pdf`, never over an
/// existing file).
#[derive(Debug, Clone, Copy)]
pub enum CopyTo<'a> {
    File(&'a Path),
    Folder(&'a Path),
}

impl CopyTo<'_> {
    /// A missing folder, a path that names a folder or device, or one inside the data folder
    /// is refused before anything is written (`services::files`).
    pub(super) fn check_folder(self, data_dir: &Path) -> AppResult<()> {
        match self {
            CopyTo::File(p) => files::check_file_target(data_dir, p, "out"),
            CopyTo::Folder(d) => files::check_folder_target(data_dir, d, "out_dir"),
        }
    }

    /// The copy's path once the number is known: in a folder, the readable name
    /// "number - client - kind.pdf" (never over an existing file: `file_exists`).
    fn target(self, number: &str, client_name: &str, kind: &str, lang: &str) -> AppResult<PathBuf> {
        match self {
            CopyTo::File(p) => Ok(p.to_path_buf()),
            CopyTo::Folder(d) => {
                let stem = format!("{number} - {client_name} - {}", kind_name(kind, lang));
                let p = d.join(sanitize_file_name(&stem, "pdf"));
                if p.exists() {
                    return Err(bad("out_dir", "file_exists"));
                }
                Ok(p)
            }
        }
    }
}

/// Writes the letter: number, PDF, kept copy, log entry and `letters` row, in one
/// transaction; a failure takes no number and leaves no file.
pub fn generate(
    core: &Core,
    req: &LetterRequest,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<Generated> {
    generate_to(
        core,
        req,
        today,
        now,
        None,
        None,
        &mut AccountNumbers::default(),
    )
}

/// [`generate`] with a copy of the PDF in `copy`, written under a temporary name inside the
/// transaction and renamed into place after the commit: a refused copy (missing folder, a
/// file of that name in a batch folder) refuses the letter. `known` holds the account
/// numbers a batch has already read from the keychain.
pub fn generate_to(
    core: &Core,
    req: &LetterRequest,
    today: NaiveDate,
    now: DateTime<Utc>,
    copy: Option<CopyTo<'_>>,
    key: Option<&RequestKey>,
    known: &mut AccountNumbers,
) -> AppResult<Generated> {
    if let Some(c) = copy {
        c.check_folder(core.data_dir())?;
    }
    if let Some(v) = key.map(|k| k.replay(core)).transpose()?.flatten() {
        return replayed(core, v, copy);
    }
    let mut remember = |tx: &crate::store::Tx<'_>, g: &Generated| -> AppResult<()> {
        if let Some(k) = key {
            // The QR payload holds the account number, which stays out of the database.
            let mut v = serde_json::to_value(g).map_err(|e| AppError::internal(e.to_string()))?;
            v["qr_payload"] = serde_json::Value::Null;
            k.remember(tx, &v, now)?;
        }
        Ok(())
    };
    generate_with(core, req, today, now, copy, known, &mut remember)
}

/// Writes the letter and, in the same transaction, whatever `also` records with it (the
/// collections run's action row): both commit or neither does.
pub fn generate_with(
    core: &Core,
    req: &LetterRequest,
    today: NaiveDate,
    now: DateTime<Utc>,
    copy: Option<CopyTo<'_>>,
    known: &mut AccountNumbers,
    also: &mut dyn FnMut(&crate::store::Tx<'_>, &Generated) -> AppResult<()>,
) -> AppResult<Generated> {
    if let Some(c) = copy {
        c.check_folder(core.data_dir())?;
    }
    let f = gather(core, req, today)?;
    check_details(&f, req.allow_missing)?;
    let acct = account_number(core, &f, known)?;
    let mut guard = FileGuard::in_folder(core.data_dir());
    let g = core.db.write(|tx| {
        let g = write_letter(core, tx, &f, acct.as_ref(), copy, &mut guard, now)?;
        also(tx, &g)?;
        Ok(g)
    })?;
    guard.commit()?;
    Ok(g)
}

/// A retried letter request: the first letter again, its kept PDF copied where asked.
fn replayed(core: &Core, v: serde_json::Value, copy: Option<CopyTo<'_>>) -> AppResult<Generated> {
    let mut g: Generated =
        serde_json::from_value(v).map_err(|e| AppError::internal(e.to_string()))?;
    g.pdf = pdf_of(core, LetterId(g.id))?.1;
    if let Some(c) = copy {
        let target = match c {
            CopyTo::File(p) => p.to_path_buf(),
            CopyTo::Folder(_) => {
                let row = core.db.read(|conn| store::get(conn, LetterId(g.id)))?;
                c.target(&g.number, &row.client_name, &g.kind, &g.lang)?
            }
        };
        let mut guard = FileGuard::in_folder(core.data_dir());
        guard.stage(&target, &g.pdf)?;
        guard.commit()?;
        g.copy = Some(target);
    }
    Ok(g)
}

/// Number, PDF, kept copy, the copy asked for (staged), log entry and `letters` row.
fn write_letter(
    core: &Core,
    tx: &crate::store::Tx<'_>,
    f: &Facts,
    acct: Option<&Secret>,
    copy: Option<CopyTo<'_>>,
    guard: &mut FileGuard,
    now: DateTime<Utc>,
) -> AppResult<Generated> {
    let year = f.as_of.year();
    let n = sequences::next(tx, &sequence_name(f.kind, year))?;
    let number = letter_number(&f.signer.prefix, f.kind, f.lang, year, n);
    let (doc, qr_payload) = assemble(f, &number, acct)?;
    let laid = compose::compose(&doc);
    let bytes = render(f, &doc, &laid, &number)?;
    let name = file_name(&number);
    let stored = store_attachment(core, &name, &bytes, guard)?;
    let copy_path = stage_copy(copy, f, &number, &bytes, guard)?;
    let comm_id = log_entry(tx, f, &number, &stored, now)?;
    let pages = laid.pages.len();
    let id = store::insert(
        tx,
        &NewLetter {
            number: &number,
            kind: f.kind,
            lang: f.lang,
            paper: f.paper,
            client_id: f.client_id,
            subject_id: f.subject_id,
            issued_on: f.as_of,
            file_name: &name,
            sha256: &stored.sha256,
            pages: pages as i64,
            bytes: bytes.len() as i64,
            communication_id: comm_id,
        },
        &f.invoices,
        now,
    )?;
    audit_generated(tx, f, (id, &number), pages, &stored.sha256, now)?;
    Ok(Generated {
        id: id.0,
        number,
        client_id: f.client_id,
        kind: f.kind.code().into(),
        lang: f.lang.code().into(),
        path: attachment_path(core, &stored.sha256).display().to_string(),
        sha256: stored.sha256.clone(),
        pages,
        bytes: bytes.len(),
        missing_glyphs: laid.missing.iter().map(|c| c.to_string()).collect(),
        qr_payload,
        pdf: bytes,
        laid: LaidPages(Arc::new(laid)),
        copy: copy_path,
    })
}

/// The laid-out letter as PDF/A, titled with its number and dated the letter's date.
fn render(
    f: &Facts,
    doc: &compose::LetterDoc,
    laid: &compose::Laid,
    number: &str,
) -> AppResult<Vec<u8>> {
    let year = f.as_of.year();
    let meta = pdf::PdfMeta {
        title: format!("{} {number}", doc.title),
        author: f.profile.profile.name.clone(),
        language: f.lang.code().into(),
        date: (year as u16, f.as_of.month() as u8, f.as_of.day() as u8),
    };
    pdf::render(laid, &meta).map_err(|e| {
        AppError::new(
            ErrorCode::Internal,
            format!("The PDF could not be written: {e}"),
        )
    })
}

/// The copy asked for, staged under its target's name (renamed in after the commit).
fn stage_copy(
    copy: Option<CopyTo<'_>>,
    f: &Facts,
    number: &str,
    bytes: &[u8],
    guard: &mut FileGuard,
) -> AppResult<Option<PathBuf>> {
    Ok(match copy {
        Some(c) => {
            let client = f.values.get("client_name").cloned().unwrap_or_default();
            let target = c.target(number, &client, f.kind.code(), f.lang.code())?;
            guard.stage(&target, bytes)?;
            Some(target)
        }
        None => None,
    })
}

/// The letter's entry in the client's communication log, the kept PDF attached; its id.
fn log_entry(
    tx: &crate::store::Tx<'_>,
    f: &Facts,
    number: &str,
    stored: &AttachmentRef,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let local = now
        .with_timezone(&Local)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let comm = Comm {
        client_id: f.client_id,
        matter_id: f.matter_id,
        kind: "letter".into(),
        direction: "out".into(),
        occurred_at: local,
        summary: format!("{} {number}", title_of(f)),
        corrects: None,
    };
    commlog::append(tx, &comm, std::slice::from_ref(stored), &now.to_rfc3339())
}

/// The audit row of a letter written, with what it created.
fn audit_generated(
    tx: &crate::store::Tx<'_>,
    f: &Facts,
    (id, number): (LetterId, &str),
    pages: usize,
    sha256: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let after = json!({ "number": number, "kind": f.kind.code(), "lang": f.lang.code(),
                        "issued_on": dates::to_iso(f.as_of), "pages": pages, "sha256": sha256 });
    audit::record_diff(
        tx,
        now,
        ("generate", "letter", &id.to_string()),
        json!({ "number": number, "kind": f.kind.code(), "sha256": sha256 }),
        Some(f.client_id.0),
        (None::<&()>, &after),
        &[],
    )
}
