//! The letter document from the gathered facts: letterhead, rendered text, payment block
//! with its QR code (EPC or GOST R 56042), signature, and the Annex 1 pages of a letter of
//! claim under the Pre-Action Protocol for Debt Claims.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::domain::lang::Lang;
use crate::domain::money::Money;
use crate::domain::secret::Secret;
use crate::domain::{payment_qr, AppResult};
use crate::letters::compose::{LetterDoc, Letterhead, PaymentBlock, QrCode, Signature};
use crate::letters::format::{self, Labels};
use crate::letters::qr;
use crate::letters::templates::{self, Kind};
use crate::services::letters::facts::Facts;
use crate::store::firm::{StoredBankAccount, StoredProfile};

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

/// Builds the letter document from the facts, its number and the account number; with the
/// QR code's payload when one is printed.
pub(super) fn assemble(
    f: &Facts,
    number: &str,
    account_no: Option<&Secret>,
) -> AppResult<(LetterDoc, Option<String>)> {
    let lang = f.lang;
    let l = format::labels(lang);
    let date = format::date(f.as_of, lang);
    let mut values = f.values.clone();
    values.insert("letter_number", number.to_string());
    values.insert("date", date.clone());
    let (title, body) = templates::render(&f.template, &values)?;
    let signer = &f.signer;
    let (payment, qr_payload) = match f.pay {
        Some(amount) => {
            let (block, payload) = payment_block(f, amount, number, account_no, &l);
            (Some(block), payload)
        }
        None => (None, None),
    };
    let doc = LetterDoc {
        lang,
        paper: f.paper,
        letterhead: Letterhead {
            name: signer.name.clone(),
            lines: letterhead_lines(f, &values, &l),
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
        appendix: f.appendix.clone(),
    };
    Ok((doc, qr_payload))
}

/// The letterhead under the firm's name: address, registration ids (or the licence
/// number), phone and e-mail.
fn letterhead_lines(f: &Facts, values: &BTreeMap<&'static str, String>, l: &Labels) -> Vec<String> {
    let p = &f.profile.profile;
    let mut lines = Vec::new();
    if !f.signer.address.is_empty() {
        lines.push(f.signer.address.clone());
    }
    let ids = values.get("firm_ids").cloned().unwrap_or_default();
    if !ids.is_empty() {
        lines.push(ids);
    } else if !p.licence_number.is_empty() {
        lines.push(format!("{} {}", l.licence, p.licence_number));
    }
    let contacts: Vec<&str> = [p.phone.as_str(), p.email.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if !contacts.is_empty() {
        lines.push(contacts.join(" · "));
    }
    lines
}

/// The payment block: account details and, where a standard exists, a QR code (else the
/// firm's own QR image); with the QR payload when one was encoded.
fn payment_block(
    f: &Facts,
    amount: Money,
    number: &str,
    account_no: Option<&Secret>,
    l: &Labels,
) -> (PaymentBlock, Option<String>) {
    let mut lines = Vec::new();
    let mut qr_code = None;
    let mut qr_payload = None;
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
            let purpose = format!("{number} {}", f.pay_reference);
            if let Some(payload) = scheme_payload(a, no, amount, &purpose) {
                if let Ok((dark, n)) = qr::modules(&payload) {
                    let scheme = if amount.currency().code() == "EUR" {
                        "EPC/SEPA"
                    } else {
                        "ГОСТ Р 56042"
                    };
                    qr_code = Some(QrCode::Payload {
                        dark,
                        n,
                        caption: format!("{} · {scheme}", l.scan_to_pay),
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
    let block = PaymentBlock {
        heading: format!("{} — {}", l.payment_heading, format::money(&amount, f.lang)),
        lines,
        qr: qr_code,
    };
    (block, qr_payload)
}

/// The payment QR payload where the currency has a standard: EPC (SEPA credit transfer,
/// an IBAN) for EUR, GOST R 56042 for RUB; none otherwise.
fn scheme_payload(
    a: &StoredBankAccount,
    no: &Secret,
    amount: Money,
    purpose: &str,
) -> Option<String> {
    let acc = &a.account;
    match amount.currency().code() {
        "EUR" if crate::domain::bank::looks_like_iban(no.expose()) => {
            payment_qr::epc(&acc.bic, &acc.holder, no.expose(), amount, purpose).ok()
        }
        "RUB" => payment_qr::gost(
            &acc.holder,
            no.expose(),
            &acc.bank_name,
            &acc.bic,
            &acc.correspondent_account,
            amount,
            purpose,
        )
        .ok(),
        _ => None,
    }
}

/// The Annex 1 pages (Information Sheet, Reply Form, Financial Statement) of a letter of
/// claim to an individual or sole trader in England & Wales (Pre-Action Protocol for Debt
/// Claims); none for other letters.
fn annex_pages(
    f: &Facts,
    values: &BTreeMap<&'static str, String>,
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
