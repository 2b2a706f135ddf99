//! Recording how a letter went out and when it arrived (EMS or courier with its tracking
//! number, registered post, e-mail, by hand), with the receipt scan. Each record is an
//! entry in the client's communication log (hash chain; the scan is its attachment, kept
//! under its SHA-256) and a `letter_dispatches` row, in one transaction. Nothing is
//! edited: a delivery recorded later, or a correction, is a new record.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use crate::domain::commlog::Comm;
use crate::domain::dates;
use crate::domain::dispatch::{Dispatch, DispatchInput};
use crate::domain::ids::{ClientId, LetterId};
use crate::domain::{AppError, AppResult};
use crate::services::client_file::commlog::store_attachment;
use crate::services::core::Core;
use crate::services::files::FileGuard;
use crate::store::letter_dispatches::{self as store, NewDispatch};
pub use crate::store::letter_dispatches::{DispatchDates, DispatchRow};
use crate::store::letters::{self, Letter};
use crate::store::{audit, commlog};

/// How the way of sending reads in the log, in the letter's language.
fn via_label(via: &str, lang: &str) -> &'static str {
    let names: [&str; 4] = match via {
        "ems" => ["EMS", "EMS", "EMS", "EMS"],
        "courier" => ["快递", "快遞", "курьерская служба", "courier"],
        "registered_post" => ["挂号信", "掛號信", "заказное письмо", "registered post"],
        "email" => ["电子邮件", "電子郵件", "электронная почта", "e-mail"],
        _ => ["专人送达", "專人送達", "нарочно", "by hand"],
    };
    match lang {
        "zh-CN" => names[0],
        "zh-TW" => names[1],
        "ru" => names[2],
        _ => names[3],
    }
}

/// The log entry's one line: `明理律函〔2026〕第0007号 · EMS EA123456789CN · 2026-11-21 → 2026-11-27`.
fn summary(letter: &Letter, d: &Dispatch) -> String {
    let mut how = vec![via_label(&d.via, letter.lang.code()).to_string()];
    how.extend(
        [d.carrier.clone(), d.tracking.clone()]
            .into_iter()
            .filter(|s| !s.is_empty()),
    );
    let when = match d.delivered_on {
        Some(del) => format!("{} → {}", dates::to_iso(d.sent_on), dates::to_iso(del)),
        None => format!("{} →", dates::to_iso(d.sent_on)),
    };
    let mut s = format!("{} · {} · {when}", letter.number, how.join(" "));
    if !d.note.is_empty() {
        s.push_str(&format!(" · {}", d.note));
    }
    s
}

/// A changed way, number or sending date makes the new record a correction of the old
/// entry; adding the delivery does not.
fn corrects(prev: &DispatchRow, d: &Dispatch) -> bool {
    let p = &prev.dispatch;
    p.via != d.via
        || p.carrier != d.carrier
        || p.tracking != d.tracking
        || p.sent_on != d.sent_on
        || (p.delivered_on.is_some() && p.delivered_on != d.delivered_on)
}

/// Records a dispatch (or its delivery, or a correction) of letter `letter_id`; `receipt`
/// is the scan of the delivery receipt (file name and bytes).
pub fn record(
    core: &Core,
    letter_id: LetterId,
    input: &DispatchInput,
    receipt: Option<(String, Vec<u8>)>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<DispatchRow> {
    let (letter, prev) = core.db.read(|c| {
        let l = letters::get(c, letter_id)?;
        Ok((l, store::history(c, letter_id)?.pop()))
    })?;
    let d = input.validate(letter.issued_on, today, prev.as_ref().map(|p| &p.dispatch))?;
    // The scan is written (content-addressed) before the entry, as the log does.
    // A failed entry removes the scan it wrote (a file it did not create stays).
    let mut guard = FileGuard::default();
    let attachment = receipt
        .map(|(name, bytes)| store_attachment(core, &name, &bytes, &mut guard))
        .transpose()?;
    let receipt_sha = attachment
        .as_ref()
        .map(|a| a.sha256.clone())
        .or_else(|| prev.as_ref().and_then(|p| p.receipt_sha256.clone()));
    let row = write_record(
        core,
        &letter,
        prev.as_ref(),
        &d,
        Written {
            attachment: attachment.as_slice(),
            receipt_sha: receipt_sha.as_deref(),
            corrects: prev.as_ref().is_some_and(|p| corrects(p, &d)),
            audit: json!({}),
        },
        now,
    )?;
    guard.commit()?;
    Ok(row)
}

/// What a record carries besides the dispatch itself.
struct Written<'a> {
    attachment: &'a [crate::domain::commlog::AttachmentRef],
    receipt_sha: Option<&'a str>,
    /// The new record corrects the one it replaces (its log entry says so).
    corrects: bool,
    /// More details for the audit row.
    audit: serde_json::Value,
}

/// One transaction: the log entry (hash chain), the `letter_dispatches` row, the audit row.
fn write_record(
    core: &Core,
    letter: &Letter,
    prev: Option<&DispatchRow>,
    d: &Dispatch,
    w: Written<'_>,
    now: DateTime<Utc>,
) -> AppResult<DispatchRow> {
    let letter_id = letter.id;
    core.db.write(|tx| {
        let occurred = d
            .delivered_on
            .filter(|_| prev.is_some())
            .unwrap_or(d.sent_on);
        let comm = Comm {
            client_id: letter.client_id,
            matter_id: None,
            kind: "letter".into(),
            direction: "out".into(),
            occurred_at: dates::to_iso(occurred),
            summary: summary(letter, d),
            corrects: prev.filter(|_| w.corrects).map(|p| p.communication_id),
        };
        let comm_id = commlog::append(tx, &comm, w.attachment, &now.to_rfc3339())?;
        let id = store::insert(
            tx,
            &NewDispatch {
                letter_id,
                dispatch: d,
                receipt_sha256: w.receipt_sha,
                replaces: prev.map(|p| p.id),
                communication_id: comm_id,
            },
            now,
        )?;
        let mut details = json!({ "via": d.via, "sent_on": dates::to_iso(d.sent_on),
                 "delivered_on": d.delivered_on.map(dates::to_iso), "record": id });
        if let (Some(m), Some(extra)) = (details.as_object_mut(), w.audit.as_object()) {
            m.extend(extra.clone());
        }
        audit::record(
            tx,
            now,
            "dispatch",
            "letter",
            &letter_id.to_string(),
            &details,
        )?;
        store::history(tx, letter_id)?
            .pop()
            .ok_or_else(|| AppError::internal("the dispatch record just written is missing"))
    })
}

/// Records a letter sent by e-mail: sent today to `to`, the Message-ID as its number. A
/// whole new statement (nothing carries over from a postal record before it).
pub fn record_email(
    core: &Core,
    letter_id: LetterId,
    message_id: &str,
    to: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<DispatchRow> {
    let (letter, prev) = core.db.read(|c| {
        let l = letters::get(c, letter_id)?;
        Ok((l, store::history(c, letter_id)?.pop()))
    })?;
    let d = Dispatch {
        via: "email".into(),
        carrier: String::new(),
        tracking: message_id.to_string(),
        sent_on: today,
        delivered_on: None,
        note: to.to_string(),
    };
    write_record(
        core,
        &letter,
        prev.as_ref(),
        &d,
        Written {
            attachment: &[],
            receipt_sha: None,
            corrects: false,
            audit: json!({ "message_id": message_id }),
        },
        now,
    )
}

/// Every record of one letter, oldest first.
pub fn history(core: &Core, letter_id: LetterId) -> AppResult<Vec<DispatchRow>> {
    core.db.read(|c| {
        letters::get(c, letter_id)?;
        store::history(c, letter_id)
    })
}

/// The record that holds for each letter of a client (or all letters), by letter id.
pub fn current(core: &Core, client: Option<ClientId>) -> AppResult<HashMap<LetterId, DispatchRow>> {
    core.db.read(|c| store::current(c, client))
}

/// Sent and delivered dates per letter, for Collections' clocks.
pub fn dates_of(core: &Core, client: Option<ClientId>) -> AppResult<Vec<DispatchDates>> {
    core.db.read(|c| store::dispatch_dates(c, client))
}
