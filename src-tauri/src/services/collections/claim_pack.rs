//! The claim pack of one client for the hand-over stage: one PDF with bookmarks
//! (`letters::claim_pack`) and, optionally, a ZIP of the originals — the pack itself, every
//! kept letter as kept (PDF/A, checked against its SHA-256), every dispatch receipt and log
//! attachment, the log's entries with their hashes (`log.json`) and a `manifest.json` of
//! every file's SHA-256. Files are written under temporary names and renamed after the
//! audit row is committed: a failure leaves nothing under the names asked for.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::json;

use crate::domain::commlog::sha256_hex;
use crate::domain::ids::ClientId;
use crate::domain::lang::Lang;
use crate::domain::money::{Currency, Money};
use crate::domain::{dates, AppError, AppResult, ErrorCode};
use crate::letters::claim_pack::{self, Cols, PackFacts, PackInvoice, PackLetter, Words};
use crate::letters::compose::Table;
use crate::letters::file_name::sanitize_file_name;
use crate::letters::format;
use crate::letters::jurisdiction::Debtor;
use crate::letters::layout::Paper;
use crate::letters::pdf::{self, PdfMeta};
use crate::letters::templates::Kind;
use crate::services::client_file::commlog::{self as log_service, attachment_bytes};
use crate::services::core::Core;
use crate::services::files;
use crate::services::letters::output::readable_name;
use crate::services::letters::pdf_of;
use crate::services::letters::terms;
use crate::store::invoices::{self, Invoice, InvoiceFilter};
use crate::store::letter_dispatches::{self, DispatchRow};
use crate::store::letters::{self as letter_store, Letter};
use crate::store::{audit, clients, commlog, firm, payments};

#[derive(Debug, Clone, Serialize)]
pub struct ClaimPackOut {
    pub pdf: String,
    pub zip: Option<String>,
    pub pages: usize,
    pub sha256: String,
    pub invoices: usize,
    pub letters: usize,
    pub log_entries: usize,
    /// The communication log's hash chain (and its attachments) verified.
    pub chain_ok: bool,
    /// The files in the ZIP (manifest included).
    pub zip_files: Vec<String>,
}

/// A log entry's time (a date, or a date and time) in the language's date form.
fn date(text: &str, lang: Lang) -> String {
    dates::parse_iso(text)
        .map(|d| format::date(d, lang))
        .unwrap_or_else(|_| text.to_string())
}

fn statement(rows: &[Invoice], w: &Words, lang: Lang) -> AppResult<Table> {
    let mut out: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.number.clone(),
                format::date(r.issued_on, lang),
                format::date(r.due_on, lang),
                r.days_overdue.max(0).to_string(),
                format::money(&r.total, lang),
                format::money(&r.open, lang),
            ]
        })
        .collect();
    // Totals per currency (never summed across currencies).
    let mut currencies: Vec<Currency> = rows.iter().map(Invoice::currency).collect();
    currencies.sort_unstable_by(|a, b| a.code().cmp(b.code()));
    currencies.dedup();
    for cur in currencies {
        let sum = |f: fn(&Invoice) -> Money| {
            rows.iter()
                .filter(|r| r.currency() == cur)
                .try_fold(Money::zero(cur), |a, r| a.checked_add(&f(r)))
        };
        let (total, open) = (sum(|r| r.total)?, sum(|r| r.open)?);
        out.push(vec![
            format!("{} {}", w.total, cur.code()),
            String::new(),
            String::new(),
            String::new(),
            format::money(&total, lang),
            format::money(&open, lang),
        ]);
    }
    Ok(claim_pack::table_of(
        Cols::Statement,
        &w.statement_head,
        out,
        true,
    ))
}

fn payments_table(
    c: &crate::store::Conn,
    client: ClientId,
    w: &Words,
    lang: Lang,
) -> AppResult<Option<Table>> {
    let list = payments::list(c, Some(client), 10_000)?;
    if list.is_empty() {
        return Ok(None);
    }
    let rows = list
        .iter()
        .rev()
        .map(|p| {
            vec![
                format::date(p.received_on, lang),
                format::method(&p.method, lang).to_string(),
                format::money(&p.amount, lang),
                p.reference.clone(),
            ]
        })
        .collect();
    Ok(Some(claim_pack::table_of(
        Cols::Payments,
        &w.payments_head,
        rows,
        false,
    )))
}

fn invoice_part(
    c: &crate::store::Conn,
    r: &Invoice,
    w: &Words,
    lang: Lang,
    today: NaiveDate,
) -> AppResult<PackInvoice> {
    let currency = r.currency();
    // An exact amount with more places than the currency (a late-charge line written
    // before lines were rounded) is shown as it stands.
    let amount = |a: Decimal| {
        Money::new(a, currency)
            .map(|m| format::money(&m, lang))
            .unwrap_or_else(|_| format!("{a} {}", currency.code()))
    };
    let rows = invoices::lines(c, r.id)?
        .iter()
        .map(|l| {
            vec![
                l.description.clone(),
                l.quantity.to_string(),
                l.unit_price.map(amount).unwrap_or_default(),
                amount(l.amount),
            ]
        })
        .collect();
    let mut notes = Vec::new();
    for p in invoices::allocations(c, r.id, currency)? {
        notes.push(format!(
            "{} · {} · {}{}",
            format::date(p.received_on, lang),
            format::method(&p.method, lang),
            format::money(&p.amount, lang),
            if p.reversed { " ✗" } else { "" }
        ));
    }
    for cn in invoices::credit_notes(c, r.id, today)? {
        notes.push(format!(
            "{} · {}",
            cn.number,
            format::money(&cn.total, lang)
        ));
    }
    Ok(PackInvoice {
        heading: format!(
            "{} · {} · {}",
            r.number,
            format::date(r.issued_on, lang),
            format::money(&r.total, lang)
        ),
        lines: claim_pack::table_of(Cols::Lines, &w.lines_head, rows, false),
        notes,
    })
}

fn dispatch_table(history: &[DispatchRow], w: &Words, lang: Lang) -> Option<Table> {
    if history.is_empty() {
        return None;
    }
    let rows = history
        .iter()
        .map(|h| {
            let d = &h.dispatch;
            vec![
                d.via.clone(),
                [d.carrier.as_str(), d.tracking.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" "),
                format::date(d.sent_on, lang),
                d.delivered_on
                    .map(|x| format::date(x, lang))
                    .unwrap_or_default(),
                d.note.clone(),
                h.receipt_sha256
                    .as_deref()
                    .map(|s| s[..16.min(s.len())].to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    Some(claim_pack::table_of(
        Cols::Dispatch,
        &w.dispatch_head,
        rows,
        false,
    ))
}

/// Everything read in one transaction.
struct Gathered {
    facts: PackFacts,
    letters: Vec<LetterWithDispatches>,
    log: Vec<commlog::CommView>,
    client_name: String,
    firm_name: String,
    chain_ok: bool,
}

fn debtor_of(kind: &str) -> Debtor {
    if kind == "organization" {
        Debtor::Organization
    } else {
        Debtor::Person
    }
}

/// The client's invoices that count (cancelled ones do not), oldest first as listed.
fn client_invoices(
    c: &crate::store::Conn,
    client: ClientId,
    today: NaiveDate,
) -> AppResult<Vec<Invoice>> {
    let rows = invoices::list_invoices(
        c,
        &InvoiceFilter {
            client_id: Some(client),
            limit: Some(10_000),
            ..Default::default()
        },
        today,
    )?;
    Ok(rows
        .into_iter()
        .filter(|r| r.status != crate::domain::invoice::InvoiceStatus::Cancelled)
        .collect())
}

/// The interest calculation over the overdue invoices, as a demand's appendix would be.
fn interest_part(
    c: &crate::store::Conn,
    rows: &[Invoice],
    lang: Lang,
    kind: &str,
    today: NaiveDate,
) -> AppResult<Option<crate::letters::appendix::Appendix>> {
    let overdue: Vec<&Invoice> = rows
        .iter()
        .filter(|r| r.days_overdue > 0 && !r.open.is_zero() && !r.open.is_negative())
        .collect();
    let engagement_ids: Vec<_> = overdue.iter().map(|r| r.engagement_id).collect();
    let engagement = terms::engagement_of(c, &engagement_ids)?;
    crate::services::letters::appendix::for_demand(
        c,
        Kind::Demand,
        lang,
        debtor_of(kind),
        &overdue,
        engagement.as_ref(),
        today,
    )
}

/// A kept letter with its dispatch records, oldest first.
type LetterWithDispatches = (Letter, Vec<DispatchRow>);

/// Each kept letter (with its bytes) as the pack shows it, and its dispatch history.
fn letter_parts(
    c: &crate::store::Conn,
    letters: &[(Letter, Arc<Vec<u8>>)],
    w: &Words,
    lang: Lang,
) -> AppResult<(Vec<PackLetter>, Vec<LetterWithDispatches>)> {
    let mut parts = Vec::new();
    let mut out = Vec::new();
    for (l, pdf) in letters {
        let history = letter_dispatches::history(c, l.id)?;
        parts.push(PackLetter {
            heading: format!(
                "{} · {} · {}",
                l.number,
                crate::letters::file_name::kind_name(l.kind.code(), lang.code()),
                crate::letters::format::date(l.issued_on, lang)
            ),
            details: vec![w
                .kept
                .replace("{sha}", &l.sha256)
                .replace("{pages}", &l.pages.to_string())],
            dispatches: dispatch_table(&history, w, lang),
            pdf: pdf.clone(),
        });
        out.push((l.clone(), history));
    }
    Ok((parts, out))
}

/// The log extract's table and the chain's verification in one sentence.
fn log_part(
    log: &[commlog::CommView],
    v: &log_service::Verification,
    w: &Words,
    lang: Lang,
) -> (Table, String) {
    let rows = log
        .iter()
        .map(|e| {
            vec![
                e.id.to_string(),
                date(&e.comm.occurred_at, lang),
                format!(
                    "{} · {} · {}",
                    e.comm.kind, e.comm.direction, e.comm.summary
                ),
                e.hash[..16.min(e.hash.len())].to_string(),
            ]
        })
        .collect();
    let sentence = if v.ok {
        w.chain_ok.replace("{n}", &v.entries.to_string())
    } else {
        let ids: Vec<String> = v.broken.iter().map(|i| i.to_string()).collect();
        w.chain_bad
            .replace("{n}", &v.entries.to_string())
            .replace("{ids}", &ids.join(", "))
            .replace("{a}", &v.bad_attachments.len().to_string())
    };
    (
        claim_pack::table_of(Cols::Log, &w.log_head, rows, false),
        sentence,
    )
}

/// Each kept letter of the client, oldest first, read and checked against its SHA-256.
fn kept_letters(core: &Core, client: ClientId) -> AppResult<Vec<(Letter, Arc<Vec<u8>>)>> {
    let rows = core
        .db
        .read(|c| letter_store::list(c, Some(client), 10_000))?;
    let mut out = Vec::new();
    for l in rows.into_iter().rev() {
        let (_, pdf) = pdf_of(core, l.id)?;
        out.push((l, Arc::new(pdf)));
    }
    Ok(out)
}

fn gather(core: &Core, client: ClientId, today: NaiveDate) -> AppResult<Gathered> {
    let kept = kept_letters(core, client)?;
    let verification = log_service::verify(core, Some(client))?;
    core.db.read(|c| {
        let view = clients::get(c, client)?;
        let lang = Lang::parse(&view.language).unwrap_or(Lang::En);
        let w = claim_pack::words(lang);
        let firm_name = firm::get_profile(c)?
            .map(|p| p.profile.name)
            .unwrap_or_default();
        let rows = client_invoices(c, client, today)?;
        let mut invoice_parts = Vec::new();
        for r in &rows {
            invoice_parts.push(invoice_part(c, r, &w, lang, today)?);
        }
        let (parts, letters) = letter_parts(c, &kept, &w, lang)?;
        let log = commlog::list(c, client)?;
        let (log_table, sentence) = log_part(&log, &verification, &w, lang);
        Ok(Gathered {
            facts: PackFacts {
                lang,
                paper: Paper::A4,
                heading: format!(
                    "{firm_name} — {} — {}",
                    view.name,
                    format::date(today, lang)
                ),
                statement: statement(&rows, &w, lang)?,
                payments: payments_table(c, client, &w, lang)?,
                invoices: invoice_parts,
                letters: parts,
                interest: interest_part(c, &rows, lang, &view.kind, today)?,
                log: log_table,
                verification: sentence,
            },
            letters,
            log,
            client_name: view.name,
            firm_name,
            chain_ok: verification.ok,
        })
    })
}

/// The extension of the log attachment with `sha` (a receipt scan's `.jpg`, `.pdf`…).
fn ext_of(g: &Gathered, sha: &str) -> String {
    g.log
        .iter()
        .flat_map(|e| &e.attachments)
        .find(|a| a.sha256 == sha)
        .and_then(|a| a.file_name.rsplit_once('.'))
        .map(|(_, x)| x.to_ascii_lowercase())
        .filter(|x| !x.is_empty() && x.len() <= 8 && x.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_else(|| "bin".into())
}

/// The ZIP of the originals: (name in the ZIP, bytes), manifest last.
fn zip_entries(core: &Core, g: &Gathered, pack: &[u8]) -> AppResult<Vec<(String, Vec<u8>)>> {
    let mut files = vec![("claim-pack.pdf".to_string(), pack.to_vec())];
    let mut kept: std::collections::HashSet<String> =
        g.letters.iter().map(|(l, _)| l.sha256.clone()).collect();
    for ((l, history), p) in g.letters.iter().zip(&g.facts.letters) {
        files.push((
            format!("letters/{}", readable_name(l)),
            p.pdf.as_ref().clone(),
        ));
        for h in history {
            if let Some(sha) = &h.receipt_sha256 {
                if kept.insert(sha.clone()) {
                    let ext = ext_of(g, sha);
                    let stem = format!("{} - receipt {}", l.number, &sha[..16.min(sha.len())]);
                    let name = format!("receipts/{}", sanitize_file_name(&stem, &ext));
                    files.push((name, attachment_bytes(core, sha)?));
                }
            }
        }
    }
    // Every other log attachment once (a letter's PDF and a receipt are kept above).
    for e in &g.log {
        for a in e.attachments.iter().filter(|a| !kept.contains(&a.sha256)) {
            let (stem, ext) = match a.file_name.rsplit_once('.') {
                Some((s, x)) if !x.is_empty() && x.len() <= 8 => (s, x),
                _ => (a.file_name.as_str(), "bin"),
            };
            let name = format!(
                "log/{}",
                sanitize_file_name(&format!("{} - {stem}", e.id), ext)
            );
            files.push((name, attachment_bytes(core, &a.sha256)?));
        }
    }
    let log_json =
        serde_json::to_vec_pretty(&g.log).map_err(|e| AppError::internal(e.to_string()))?;
    files.push(("log.json".into(), log_json));
    let manifest: Vec<_> = files
        .iter()
        .map(|(n, b)| json!({ "file": n, "sha256": sha256_hex(b), "bytes": b.len() }))
        .collect();
    let manifest = json!({ "client": g.client_name, "firm": g.firm_name, "files": manifest });
    files.push((
        "manifest.json".into(),
        serde_json::to_vec_pretty(&manifest).map_err(|e| AppError::internal(e.to_string()))?,
    ));
    Ok(files)
}

fn write_zip(path: &Path, files: &[(String, Vec<u8>)]) -> AppResult<()> {
    let io = |e: zip::result::ZipError| {
        AppError::new(ErrorCode::Io, format!("The ZIP could not be written: {e}"))
    };
    let file = std::fs::File::create(path)?;
    let mut z = zip::ZipWriter::new(file);
    // Stored: the PDFs inside are compressed already.
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    for (name, bytes) in files {
        z.start_file(name.as_str(), opts).map_err(io)?;
        z.write_all(bytes)?;
    }
    z.finish().map_err(io)?.sync_all()?;
    Ok(())
}

fn checked_out(core: &Core, path: &Path, ext: &str, field: &str) -> AppResult<PathBuf> {
    let ok = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext));
    if !ok || path.is_dir() {
        return Err(AppError::field(
            field,
            if ext == "pdf" { "pdf_name" } else { "invalid" },
        ));
    }
    files::check_file_target(core.data_dir(), path, field)?;
    Ok(path.to_path_buf())
}

/// Writes the claim pack of `client` to `out_pdf` (and the originals to `out_zip`).
pub fn build(
    core: &Core,
    client: ClientId,
    out_pdf: &Path,
    out_zip: Option<&Path>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<ClaimPackOut> {
    let pdf_path = checked_out(core, out_pdf, "pdf", "out")?;
    let zip_path = out_zip
        .map(|z| checked_out(core, z, "zip", "zip"))
        .transpose()?;
    let g = gather(core, client, today)?;
    let (parts, marks) = claim_pack::lay_out(&g.facts);
    let meta = PdfMeta {
        title: format!(
            "{} — {}",
            claim_pack::words(g.facts.lang).pack,
            g.client_name
        ),
        author: g.firm_name.clone(),
        language: g.facts.lang.code().into(),
        date: (today.year() as u16, today.month() as u8, today.day() as u8),
    };
    let (bytes, pages) = pdf::render_pack(&parts, &marks, &meta)
        .map_err(|e| AppError::internal(format!("The claim pack could not be written: {e}")))?;
    let sha = sha256_hex(&bytes);
    let files = zip_path
        .as_ref()
        .map(|_| zip_entries(core, &g, &bytes))
        .transpose()?;
    // Temporary names first; the final names only after the audit row is committed.
    let tmp_pdf = pdf_path.with_extension("lawdesk-part");
    let tmp_zip = zip_path
        .as_ref()
        .map(|z| z.with_extension("lawdesk-part-zip"));
    let cleanup = || {
        let _ = std::fs::remove_file(&tmp_pdf);
        if let Some(z) = &tmp_zip {
            let _ = std::fs::remove_file(z);
        }
    };
    let written = (|| -> AppResult<()> {
        std::fs::write(&tmp_pdf, &bytes)?;
        if let (Some(z), Some(f)) = (&tmp_zip, &files) {
            write_zip(z, f)?;
        }
        core.db.write(|tx| {
            audit::record(tx, now, "export", "claim_pack", &client.0.to_string(),
                &json!({ "pages": pages, "sha256": sha, "letters": g.letters.len(), "zip": files.is_some() }))
        })?;
        std::fs::rename(&tmp_pdf, &pdf_path)?;
        if let (Some(t), Some(z)) = (&tmp_zip, &zip_path) {
            std::fs::rename(t, z)?;
        }
        Ok(())
    })();
    if let Err(e) = written {
        cleanup();
        return Err(e);
    }
    Ok(ClaimPackOut {
        pdf: pdf_path.display().to_string(),
        zip: zip_path.map(|z| z.display().to_string()),
        pages,
        sha256: sha,
        invoices: g.facts.invoices.len(),
        letters: g.letters.len(),
        log_entries: g.log.len(),
        chain_ok: g.chain_ok,
        zip_files: files
            .map(|f| f.into_iter().map(|(n, _)| n).collect())
            .unwrap_or_default(),
    })
}
