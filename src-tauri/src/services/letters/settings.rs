//! What the lawyer sets for letters: their own text per kind and language (placeholders
//! checked) and the firm's payment QR images.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use super::{store, Core};
use crate::domain::lang::Lang;
use crate::domain::money::Currency;
use crate::domain::AppResult;
use crate::letters::templates::{self, Kind};
use crate::services::letters::facts::bad;
use crate::store::audit;
use crate::store::letters::QrImage;

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
        let before = store::template(tx, k.code(), l.code())?;
        match body {
            Some(b) => store::save_template(tx, k.code(), l.code(), b, now)?,
            None => store::reset_template(tx, k.code(), l.code())?,
        }
        // The firm's own wording, as it was and as it is (none: the built-in text).
        audit::record_diff(
            tx,
            now,
            (
                if body.is_some() { "update" } else { "reset" },
                "letter_template",
                &format!("{}/{}", k.code(), l.code()),
            ),
            json!({}),
            None,
            (Some(&json!({ "body": before })), &json!({ "body": body })),
            &[],
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

pub fn delete_qr_image(
    core: &Core,
    id: crate::domain::ids::QrImageId,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let id = id.0;
    core.db.write(|tx| {
        let before = store::qr_images(tx)?.into_iter().find(|q| q.id == id);
        store::delete_qr_image(tx, id)?;
        audit::record_diff(
            tx,
            now,
            ("delete", "payment_qr_image", &id.to_string()),
            json!({}),
            None,
            (before.as_ref(), &json!({})),
            &[],
        )
    })
}
