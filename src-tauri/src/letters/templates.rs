//! Letter texts: one template per kind and language, editable by the lawyer. The first line
//! is the title; paragraphs are separated by blank lines; `{{ name }}` places a value and
//! `{{ items_table }}` / `{{ payment_details }}` (alone in their paragraph) place the
//! itemized table and the payment block. A template is checked when saved: it must parse,
//! and every placeholder must be one the kind knows.

use std::collections::BTreeMap;

use minijinja::Environment;
use serde::Serialize;

use super::compose::{PAYMENT_MARK, TABLE_MARK};
use crate::domain::error::{AppError, AppResult};
use crate::domain::lang::Lang;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Quote,
    Confirmation,
    Reminder,
    SecondReminder,
    Demand,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Quote,
        Kind::Confirmation,
        Kind::Reminder,
        Kind::SecondReminder,
        Kind::Demand,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Quote => "quote",
            Kind::Confirmation => "confirmation",
            Kind::Reminder => "reminder",
            Kind::SecondReminder => "second_reminder",
            Kind::Demand => "demand",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == s.trim())
    }

    /// Dunning stages, in order.
    pub fn is_dunning(self) -> bool {
        matches!(self, Kind::Reminder | Kind::SecondReminder | Kind::Demand)
    }
}

const COMMON: &[&str] = &[
    "firm_name",
    "firm_address",
    "firm_phone",
    "firm_email",
    "firm_ids",
    "lawyer_name",
    "signatory_title",
    "client_name",
    "client_ids",
    "debtor",
    "you",
    "salutation",
    "closing",
    "letter_number",
    "date",
];

/// What a dunning letter cites from the engagement and its late-charge terms.
const CONTRACT: &[&str] = &[
    "contract_title",
    "contract_number",
    "contract_date",
    "work_done",
    "late_clause",
    "late_basis",
    "penalty",
    "forum",
    "arbitration_body",
    "legal_representative",
];

/// The placeholders a kind's template may use.
pub fn placeholders(kind: Kind) -> Vec<&'static str> {
    let own: &[&str] = match kind {
        Kind::Quote => &[
            "quote_number",
            "quote_title",
            "total",
            "total_words",
            "valid_until",
            "terms",
            "plan",
            "items_table",
            "payment_details",
        ],
        Kind::Confirmation => &[
            "amount",
            "amount_words",
            "paid_on",
            "method",
            "account",
            "covers",
            "reference",
            "open_balance",
            "items_table",
            "payer",
            "on_time",
            "late_outstanding",
            "late_basis",
            "late_clause",
        ],
        Kind::Reminder | Kind::SecondReminder | Kind::Demand => &[
            "principal",
            "principal_words",
            "interest",
            "total",
            "total_words",
            "deadline",
            "invoice_count",
            "oldest_due",
            "items_table",
            "payment_details",
        ],
    };
    let contract: &[&str] = if kind.is_dunning() { CONTRACT } else { &[] };
    let mut all: Vec<&'static str> = COMMON.iter().chain(own).chain(contract).copied().collect();
    all.dedup();
    all
}

fn env() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env
}

/// Checks a template: it parses and uses only known placeholders. The error names the
/// unknown ones.
pub fn validate(kind: Kind, body: &str) -> AppResult<()> {
    if body.trim().is_empty() {
        return Err(AppError::field("body", "required"));
    }
    if body.chars().count() > 20_000 {
        return Err(AppError::field("body", "too_long"));
    }
    let env = env();
    let tmpl = env.template_from_str(body).map_err(|e| {
        let mut err = AppError::field("body", "template_syntax");
        err.message = format!(
            "The template does not parse: {}",
            e.detail().unwrap_or("syntax error")
        );
        err
    })?;
    let allowed = placeholders(kind);
    let mut unknown: Vec<String> = tmpl
        .undeclared_variables(false)
        .into_iter()
        .filter(|v| !allowed.contains(&v.as_str()))
        .collect();
    unknown.sort();
    if !unknown.is_empty() {
        let mut err = AppError::field("body", "unknown_placeholder");
        err.message = format!("Unknown placeholder(s): {}", unknown.join(", "));
        return Err(err);
    }
    Ok(())
}

/// Renders a template with its values; returns (title, body) with the block marks placed.
pub fn render(body: &str, values: &BTreeMap<&str, String>) -> AppResult<(String, String)> {
    let mut ctx: BTreeMap<&str, String> = values.clone();
    ctx.insert("items_table", format!("\n\n{TABLE_MARK}\n\n"));
    ctx.insert("payment_details", format!("\n\n{PAYMENT_MARK}\n\n"));
    let text = env().render_str(body, &ctx).map_err(|e| {
        let mut err = AppError::field("body", "template_syntax");
        err.message = format!(
            "The letter template could not be filled: {}",
            e.detail().unwrap_or("error")
        );
        err
    })?;
    let text = text.replace("\r\n", "\n");
    let mut parts = text.trim_start().splitn(2, '\n');
    let title = parts.next().unwrap_or_default().trim().to_string();
    let rest = parts.next().unwrap_or_default().to_string();
    Ok((title, rest))
}

/// The built-in text of a kind in a language (its jurisdiction: `jurisdiction`); the debtor
/// kind and the engagement's terms select the variant inside it (`texts`).
pub fn default_template(kind: Kind, lang: Lang) -> &'static str {
    use super::texts::*;
    use Kind::*;
    use Lang::*;
    match (kind, lang) {
        (Quote, ZhCn) => QUOTE_ZH_CN,
        (Quote, ZhTw) => QUOTE_ZH_TW,
        (Quote, Ru) => QUOTE_RU,
        (Quote, En) => QUOTE_EN,
        (Confirmation, ZhCn) => CONFIRMATION_ZH_CN,
        (Confirmation, ZhTw) => CONFIRMATION_ZH_TW,
        (Confirmation, Ru) => CONFIRMATION_RU,
        (Confirmation, En) => CONFIRMATION_EN,
        (Reminder, ZhCn) => REMINDER_ZH_CN,
        (Reminder, ZhTw) => REMINDER_ZH_TW,
        (Reminder, Ru) => REMINDER_RU,
        (Reminder, En) => REMINDER_EN,
        (SecondReminder, ZhCn) => SECOND_ZH_CN,
        (SecondReminder, ZhTw) => SECOND_ZH_TW,
        (SecondReminder, Ru) => SECOND_RU,
        (SecondReminder, En) => SECOND_EN,
        (Demand, ZhCn) => DEMAND_ZH_CN,
        (Demand, ZhTw) => DEMAND_ZH_TW,
        (Demand, Ru) => DEMAND_RU,
        (Demand, En) => DEMAND_EN,
    }
}

/// Fills a text that is not a letter's main template (the Annex 1 pages) with the same
/// values.
pub fn fill(body: &str, values: &BTreeMap<&str, String>) -> AppResult<String> {
    env().render_str(body, values).map_err(|e| {
        let mut err = AppError::field("body", "template_syntax");
        err.message = format!(
            "The letter text could not be filled: {}",
            e.detail().unwrap_or("error")
        );
        err
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_template_is_valid() {
        for k in Kind::ALL {
            for l in [Lang::ZhCn, Lang::ZhTw, Lang::Ru, Lang::En] {
                validate(k, default_template(k, l))
                    .unwrap_or_else(|e| panic!("{k:?} {l:?}: {}", e.message));
            }
        }
    }

    #[test]
    fn unknown_placeholders_and_syntax_errors_are_named() {
        let e = validate(
            Kind::Reminder,
            "Title\n\n{{ client_name }} owes {{ amount_due }}",
        )
        .unwrap_err();
        assert_eq!(e.fields[0].code, "unknown_placeholder");
        assert!(e.message.contains("amount_due"));
        let e = validate(Kind::Reminder, "Title\n\n{{ client_name ").unwrap_err();
        assert_eq!(e.fields[0].code, "template_syntax");
        // A placeholder of another kind is unknown here.
        assert_eq!(
            validate(Kind::Confirmation, "T\n\n{{ deadline }}")
                .unwrap_err()
                .fields[0]
                .code,
            "unknown_placeholder"
        );
    }

    #[test]
    fn rendering_places_the_blocks() {
        let mut v = BTreeMap::new();
        v.insert("client_name", "王伟".to_string());
        let (title, body) =
            render("催款函\n\n致：{{ client_name }}\n\n{{ items_table }}", &v).unwrap();
        assert_eq!(title, "催款函");
        assert!(body.contains("致：王伟") && body.contains(TABLE_MARK));
    }
}
