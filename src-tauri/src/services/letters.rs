//! Letters: gathers the facts for a fee quote, a payment confirmation, or a reminder /
//! second reminder / demand covering all of a client's overdue invoices; fills the
//! lawyer's template; lays the letter out and writes the PDF (`crate::letters`); keeps it as
//! evidence (content-addressed file, communication-log entry, `letters` row) in one
//! transaction with its gapless number. Account numbers for the payment block and QR code
//! come from the keychain, read before the transaction.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Datelike, Local, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::commlog::{attachment_path, store_attachment};
use super::core::Core;
use super::files::FileGuard;
pub use super::letter_facts::stage_threshold;
use super::letter_facts::{bad, gather, Facts};
use super::request_keys::RequestKey;
use crate::domain::commlog::Comm;
use crate::domain::ids::{BankAccountId, ClientId};
use crate::domain::lang::Lang;
use crate::domain::money::Currency;
use crate::domain::secret::Secret;
use crate::domain::{dates, payment_qr, AppError, AppResult, ErrorCode};
use crate::letters::compose::{self, LetterDoc, Letterhead, PaymentBlock, QrCode, Signature};
use crate::letters::file_name::{kind_name, sanitize_file_name};
use crate::letters::layout::Paper;
use crate::letters::templates::{self, Kind};
use crate::letters::{format, pdf, qr, svg};
use crate::store::firm::StoredProfile;
use crate::store::invoices::InvoiceFilter;
use crate::store::letters::{self as store, LetterRow, NewLetter, QrImage};
use crate::store::{audit, commlog, invoices, sequences};

/// What to write: `kind` and the id of its subject (a quote, a payment, or a client).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LetterRequest {
    pub kind: String,
    pub id: i64,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub paper: Option<String>,
    #[serde(default)]
    pub as_of: Option<String>,
    /// Write even though required legal details are missing (they print as blanks).
    #[serde(default)]
    pub allow_missing: bool,
}

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
    let s = super::firm::account_number(core, a.id)?;
    known.0.insert(a.id, s.clone());
    Ok(Some(s))
}

/// A letter's number: its own sequence per kind and year; the prefix of the letter's
/// language (Latin script for ru and en) and a tag per kind — `明理律函〔2026〕第0007号` for a
/// 律师函, `明理律函提醒〔2026〕第0003号`, `ML-D-2026-0007`, `ML-R1-2026-0003`.
pub fn letter_number(prefix: &str, kind: Kind, lang: Lang, year: i32, n: i64) -> String {
    let tag = kind_tag(kind, lang);
    match lang {
        Lang::ZhCn => format!("{prefix}{tag}〔{year}〕第{n:04}号"),
        Lang::ZhTw => format!("{prefix}{tag}〔{year}〕第{n:04}號"),
        _ => sequences::format_number(&format!("{prefix}-{tag}"), year, n),
    }
}

fn kind_tag(kind: Kind, lang: Lang) -> &'static str {
    let tags: [&str; 4] = match kind {
        Kind::Quote => ["报价", "報價", "Q", "Q"],
        Kind::Confirmation => ["确认", "確認", "PC", "PC"],
        Kind::Reminder => ["提醒", "提醒", "R1", "R1"],
        Kind::SecondReminder => ["再提醒", "再提醒", "R2", "R2"],
        Kind::Demand => ["", "", "D", "D"],
    };
    format::pick(lang, tags)
}

fn sequence_name(kind: Kind, year: i32) -> String {
    format!("letter/{}/{year}", kind.code())
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

fn logo(profile: &StoredProfile) -> Option<(Arc<Vec<u8>>, bool, u32, u32)> {
    let (mime, bytes) = profile.logo.as_ref()?;
    // The header is enough for the size (the logo was decoded in full when it was saved).
    let (w, h) = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()?;
    Some((Arc::new(bytes.clone()), mime == "image/png", w, h))
}

/// Builds the letter document from the facts, its number and the account number.
fn assemble(
    f: &Facts,
    number: &str,
    account_no: Option<&Secret>,
) -> AppResult<(LetterDoc, Option<String>)> {
    let lang = f.lang;
    let l = format::labels(lang);
    let p = &f.profile.profile;
    let date = format::date(f.as_of, lang);
    let mut values = f.values.clone();
    values.insert("letter_number", number.to_string());
    values.insert("date", date.clone());
    let (title, body) = templates::render(&f.template, &values)?;
    let signer = &f.signer;
    let mut head_lines = Vec::new();
    if !signer.address.is_empty() {
        head_lines.push(signer.address.clone());
    }
    let ids = values.get("firm_ids").cloned().unwrap_or_default();
    if !ids.is_empty() {
        head_lines.push(ids);
    } else if !p.licence_number.is_empty() {
        head_lines.push(format!("{} {}", l.licence, p.licence_number));
    }
    let contacts: Vec<&str> = [p.phone.as_str(), p.email.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if !contacts.is_empty() {
        head_lines.push(contacts.join(" · "));
    }
    // The payment block: account details and, where a standard exists, a QR code.
    let mut qr_payload = None;
    let payment = f.pay.map(|amount| {
        let mut lines = Vec::new();
        let mut qr_code = None;
        match (&f.account, account_no) {
            (Some(a), Some(no)) => {
                let acc = &a.account;
                lines.push(format!("{}: {}", l.holder, acc.holder));
                lines.push(format!("{}: {}", l.bank, acc.bank_name));
                lines.push(format!("{}: {}", l.account, no.expose()));
                if !acc.bic.is_empty() {
                    lines.push(format!("{}: {}", l.bic, acc.bic));
                }
                if !acc.correspondent_account.is_empty() {
                    lines.push(format!(
                        "{}: {}",
                        l.correspondent, acc.correspondent_account
                    ));
                }
                lines.push(format!("{}: {} {}", l.reference, number, f.pay_reference));
                let payload = match amount.currency().code() {
                    "EUR" if crate::domain::bank::looks_like_iban(no.expose()) => payment_qr::epc(
                        &acc.bic,
                        &acc.holder,
                        no.expose(),
                        amount,
                        &format!("{number} {}", f.pay_reference),
                    )
                    .ok(),
                    "RUB" => payment_qr::gost(
                        &acc.holder,
                        no.expose(),
                        &acc.bank_name,
                        &acc.bic,
                        &acc.correspondent_account,
                        amount,
                        &format!("{number} {}", f.pay_reference),
                    )
                    .ok(),
                    _ => None,
                };
                if let Some(payload) = payload {
                    if let Ok((dark, n)) = qr::modules(&payload) {
                        qr_code = Some(QrCode::Payload {
                            dark,
                            n,
                            caption: format!(
                                "{} · {}",
                                l.scan_to_pay,
                                if amount.currency().code() == "EUR" {
                                    "EPC/SEPA"
                                } else {
                                    "ГОСТ Р 56042"
                                }
                            ),
                        });
                        qr_payload = Some(payload);
                    }
                }
            }
            _ => lines.push(l.no_account.to_string()),
        }
        if qr_code.is_none() {
            if let Some(img) = &f.qr_image {
                qr_code = Some(QrCode::Image {
                    data: Arc::new(img.image.clone()),
                    png: img.mime == "image/png",
                    caption: format!("{} · {}", l.scan_to_pay, img.label),
                });
            }
        }
        PaymentBlock {
            heading: format!("{} — {}", l.payment_heading, format::money(&amount, lang)),
            lines,
            qr: qr_code,
        }
    });
    let doc = LetterDoc {
        lang,
        paper: f.paper,
        letterhead: Letterhead {
            name: signer.name.clone(),
            lines: head_lines,
            logo: logo(&f.profile),
        },
        number_line: number.to_string(),
        date_line: date.clone(),
        recipient: f.recipient.clone(),
        title,
        body,
        table: f.table.clone(),
        payment,
        signature: Signature {
            firm: signer.name.clone(),
            lawyer: format!("{} {}", signer.signatory_title, signer.signatory_name)
                .trim()
                .to_string(),
            seal_label: l.seal.into(),
            sign_label: l.sign.into(),
            date,
        },
        page_label: format::page_label(lang),
        annex: annex_pages(f, &values)?,
    };
    Ok((doc, qr_payload))
}

/// The Annex 1 pages (Information Sheet, Reply Form, Financial Statement) of a letter of
/// claim to an individual or sole trader in England & Wales (Pre-Action Protocol for Debt
/// Claims); none for other letters.
fn annex_pages(
    f: &Facts,
    values: &std::collections::BTreeMap<&'static str, String>,
) -> AppResult<Vec<(String, String)>> {
    let protocol = f.kind == Kind::Demand
        && f.lang == Lang::En
        && f.debtor != crate::letters::jurisdiction::Debtor::Organization;
    if !protocol {
        return Ok(Vec::new());
    }
    crate::letters::texts::ANNEX_EN
        .iter()
        .map(|(title, body)| Ok((title.to_string(), templates::fill(body, values)?)))
        .collect()
}

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
    /// A missing folder is refused before anything is written (`folder_missing`).
    fn check_folder(self) -> AppResult<()> {
        let (dir, field) = match self {
            CopyTo::File(p) => (
                p.parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new(".")),
                "out",
            ),
            CopyTo::Folder(d) => (d, "out_dir"),
        };
        if dir.is_dir() {
            Ok(())
        } else {
            Err(bad(field, "folder_missing"))
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
        c.check_folder()?;
    }
    if let Some(v) = key.map(|k| k.replay(core)).transpose()?.flatten() {
        return replayed(core, v, copy);
    }
    let f = gather(core, req, today)?;
    check_details(&f, req.allow_missing)?;
    let acct = account_number(core, &f, known)?;
    let mut guard = FileGuard::default();
    let g = core.db.write(|tx| {
        let g = write_letter(core, tx, &f, acct.as_ref(), copy, &mut guard, now)?;
        if let Some(k) = key {
            // The QR payload holds the account number, which stays out of the database.
            let mut v = serde_json::to_value(&g).map_err(|e| AppError::internal(e.to_string()))?;
            v["qr_payload"] = serde_json::Value::Null;
            k.remember(tx, &v, now)?;
        }
        Ok(g)
    })?;
    guard.commit()?;
    Ok(g)
}

/// A retried letter request: the first letter again, its kept PDF copied where asked.
fn replayed(core: &Core, v: serde_json::Value, copy: Option<CopyTo<'_>>) -> AppResult<Generated> {
    let mut g: Generated =
        serde_json::from_value(v).map_err(|e| AppError::internal(e.to_string()))?;
    g.pdf = pdf_of(core, g.id)?.1;
    if let Some(c) = copy {
        let target = match c {
            CopyTo::File(p) => p.to_path_buf(),
            CopyTo::Folder(_) => {
                let row = core
                    .db
                    .read(|conn| crate::store::letters::get(conn, g.id))?;
                c.target(&g.number, &row.client_name, &g.kind, &g.lang)?
            }
        };
        let mut guard = FileGuard::default();
        guard.stage(&target, &g.pdf)?;
        guard.commit()?;
        g.copy = Some(target);
    }
    Ok(g)
}

/// Number, PDF, kept copy, the copy asked for (staged), log entry and `letters` row.
fn write_letter(
    core: &Core,
    tx: &rusqlite::Transaction<'_>,
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
    let meta = pdf::PdfMeta {
        title: format!("{} {number}", doc.title),
        author: f.profile.profile.name.clone(),
        language: f.lang.code().into(),
        date: (year as u16, f.as_of.month() as u8, f.as_of.day() as u8),
    };
    let bytes = pdf::render(&laid, &meta).map_err(|e| {
        AppError::new(
            ErrorCode::Internal,
            format!("The PDF could not be written: {e}"),
        )
    })?;
    let name = file_name(&number);
    let stored = store_attachment(core, &name, &bytes, guard)?;
    let copy_path = match copy {
        Some(c) => {
            let client = f.values.get("client_name").cloned().unwrap_or_default();
            let target = c.target(&number, &client, f.kind.code(), f.lang.code())?;
            guard.stage(&target, &bytes)?;
            Some(target)
        }
        None => None,
    };
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
    let comm_id = commlog::append(tx, &comm, std::slice::from_ref(&stored), &now.to_rfc3339())?;
    let pages = laid.pages.len();
    let id = store::insert(
        tx,
        &NewLetter {
            number: &number,
            kind: f.kind.code(),
            lang: f.lang.code(),
            paper: if f.paper == Paper::A4 { "a4" } else { "letter" },
            client_id: f.client_id,
            subject_id: f.subject_id,
            issued_on: &dates::to_iso(f.as_of),
            file_name: &name,
            sha256: &stored.sha256,
            pages: pages as i64,
            bytes: bytes.len() as i64,
            communication_id: comm_id,
        },
        &f.invoices,
        now,
    )?;
    audit::record(
        tx,
        now,
        "generate",
        "letter",
        &id.to_string(),
        &json!({ "number": number, "kind": f.kind.code(), "sha256": stored.sha256 }),
    )?;
    Ok(Generated {
        id,
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

/// How many clients [`due_for_stage`] would list, counted in one query.
pub fn due_count(core: &Core, kind: Kind, as_of: NaiveDate) -> AppResult<usize> {
    if !kind.is_dunning() {
        return Err(bad("stage", "letter_stage"));
    }
    let due_by = as_of - chrono::Duration::days(stage_threshold(kind));
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
        let rows = invoices::list(
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
            if seen.get(&client.0).copied().unwrap_or(false) {
                continue;
            }
            if !store::invoice_has_letter(c, r.id, kind.code())? {
                seen.insert(client.0, true);
                due.push(client);
            }
        }
        due.sort();
        Ok(due)
    })
}

/// Every letter due at a stage, one per client. `progress(done, total)` is called after
/// each letter; returning false stops the batch (what was written stays).
pub fn batch(
    core: &Core,
    kind: Kind,
    as_of: NaiveDate,
    today: NaiveDate,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> AppResult<Vec<Generated>> {
    batch_into(core, kind, as_of, today, now, None, progress)
}

/// [`batch`] with a copy of each letter in `out_dir`, put in place as its letter commits.
/// The first letter that fails (a file of its name already there) stops the batch: it is
/// not written and stays due; the letters before it are written and copied.
pub fn batch_into(
    core: &Core,
    kind: Kind,
    as_of: NaiveDate,
    today: NaiveDate,
    now: DateTime<Utc>,
    out_dir: Option<&Path>,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> AppResult<Vec<Generated>> {
    if let Some(d) = out_dir {
        CopyTo::Folder(d).check_folder()?;
    }
    let clients = due_for_stage(core, kind, as_of)?;
    let total = clients.len();
    let mut out = Vec::new();
    // Each bank account's number is read from the keychain once for the whole batch.
    let mut known = AccountNumbers::default();
    for (i, client) in clients.into_iter().enumerate() {
        let req = LetterRequest {
            kind: kind.code().into(),
            id: client.0,
            as_of: Some(dates::to_iso(as_of)),
            ..Default::default()
        };
        out.push(generate_to(
            core,
            &req,
            today,
            now,
            out_dir.map(CopyTo::Folder),
            None,
            &mut known,
        )?);
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

pub fn list(core: &Core, client: Option<ClientId>) -> AppResult<Vec<LetterRow>> {
    core.db.read(|c| store::list(c, client, 500))
}

/// The kept PDF of a letter (opened from its sealed file), checked against its SHA-256.
pub fn pdf_of(core: &Core, id: i64) -> AppResult<(LetterRow, Vec<u8>)> {
    let row = core.db.read(|c| store::get(c, id))?;
    let bytes = super::at_rest::read_kept(core, &attachment_path(core, &row.sha256))?;
    if crate::domain::commlog::sha256_hex(&bytes) != row.sha256 {
        return Err(AppError::new(
            ErrorCode::DatabaseCorrupt,
            "The kept copy of this letter does not match its SHA-256",
        ));
    }
    Ok((row, bytes))
}

#[derive(Debug, Clone, Serialize)]
pub struct TemplateView {
    pub kind: String,
    pub lang: String,
    pub body: String,
    pub is_default: bool,
    pub placeholders: Vec<&'static str>,
}

pub fn template(core: &Core, kind: &str, lang: &str) -> AppResult<TemplateView> {
    let k = Kind::parse(kind).ok_or_else(|| bad("kind", "letter_kind"))?;
    let l = Lang::parse(lang).ok_or_else(|| bad("lang", "language"))?;
    let own = core.db.read(|c| store::template(c, k.code(), l.code()))?;
    Ok(TemplateView {
        kind: k.code().into(),
        lang: l.code().into(),
        is_default: own.is_none(),
        body: own.unwrap_or_else(|| templates::default_template(k, l).to_string()),
        placeholders: templates::placeholders(k),
    })
}

/// Saves the lawyer's text after checking its placeholders; `body: None` restores the
/// built-in text.
pub fn save_template(
    core: &Core,
    kind: &str,
    lang: &str,
    body: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<TemplateView> {
    let k = Kind::parse(kind).ok_or_else(|| bad("kind", "letter_kind"))?;
    let l = Lang::parse(lang).ok_or_else(|| bad("lang", "language"))?;
    if let Some(b) = body {
        templates::validate(k, b)?;
    }
    core.db.write(|tx| {
        match body {
            Some(b) => store::save_template(tx, k.code(), l.code(), b, now)?,
            None => store::reset_template(tx, k.code(), l.code())?,
        }
        audit::record(
            tx,
            now,
            if body.is_some() { "update" } else { "reset" },
            "letter_template",
            &format!("{}/{}", k.code(), l.code()),
            &json!({}),
        )
    })?;
    template(core, kind, lang)
}

/// Adds the firm's own payment QR image (PNG or JPEG, decoded in full to check it).
pub fn add_qr_image(
    core: &Core,
    label: &str,
    currency: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let cur = Currency::parse(currency).map_err(|_| bad("currency", "currency"))?;
    let label = crate::domain::text::text(label, 60, true).map_err(|c| bad("label", c))?;
    let logo = crate::domain::firm::validate_logo(bytes.to_vec()).map_err(|c| bad("image", c))?;
    core.db.write(|tx| {
        let id = store::add_qr_image(tx, &label, cur.code(), logo.mime, bytes, now)?;
        audit::record(
            tx,
            now,
            "create",
            "payment_qr_image",
            &id.to_string(),
            &json!({ "currency": cur.code() }),
        )?;
        Ok(id)
    })
}

pub fn qr_images(core: &Core) -> AppResult<Vec<QrImage>> {
    core.db.read(store::qr_images)
}

pub fn delete_qr_image(core: &Core, id: i64, now: DateTime<Utc>) -> AppResult<()> {
    core.db.write(|tx| {
        store::delete_qr_image(tx, id)?;
        audit::record(
            tx,
            now,
            "delete",
            "payment_qr_image",
            &id.to_string(),
            &json!({}),
        )
    })
}
