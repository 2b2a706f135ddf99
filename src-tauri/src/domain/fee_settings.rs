//! The firm's defaults for fees: VAT rate and whether prices include it, the invoice number
//! prefix, and the payment terms in days.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::{AppResult, Validator};
use super::plan;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeeSettings {
    pub vat_percent: Decimal,
    pub prices_include_vat: bool,
    pub invoice_prefix: String,
    pub payment_terms_days: i64,
}

impl Default for FeeSettings {
    fn default() -> Self {
        FeeSettings {
            vat_percent: Decimal::ZERO,
            prices_include_vat: false,
            invoice_prefix: "INV".into(),
            payment_terms_days: 14,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeSettingsInput {
    #[serde(default)]
    pub vat_percent: String,
    #[serde(default)]
    pub prices_include_vat: bool,
    #[serde(default)]
    pub invoice_prefix: String,
    #[serde(default)]
    pub payment_terms_days: String,
}

impl FeeSettingsInput {
    pub fn validate(&self) -> AppResult<FeeSettings> {
        let mut v = Validator::default();
        let vat = if self.vat_percent.trim().is_empty() {
            Some(Decimal::ZERO)
        } else {
            v.check("vat_percent", plan::rate(&self.vat_percent))
        };
        if vat.is_some_and(|r| r > Decimal::ONE_HUNDRED) {
            v.push("vat_percent", "percent");
        }
        let prefix = v.check(
            "invoice_prefix",
            super::firm::letter_prefix(&self.invoice_prefix).map_err(|_| "invoice_prefix"),
        );
        let terms = v.check(
            "payment_terms_days",
            self.payment_terms_days
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|d| (0..=365).contains(d))
                .ok_or("days"),
        );
        v.finish()?;
        Ok(FeeSettings {
            vat_percent: vat.unwrap_or_default(),
            prices_include_vat: self.prices_include_vat,
            invoice_prefix: prefix
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| "INV".into()),
            payment_terms_days: terms.unwrap_or(14),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked() {
        let s = FeeSettingsInput {
            vat_percent: "6".into(),
            prices_include_vat: true,
            invoice_prefix: "京律".into(),
            payment_terms_days: "30".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(s.vat_percent, Decimal::from(6));
        let e = FeeSettingsInput {
            vat_percent: "120".into(),
            invoice_prefix: "a b".into(),
            payment_terms_days: "-1".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        let f: Vec<_> = e.fields.iter().map(|f| f.code).collect();
        assert_eq!(f, vec!["percent", "invoice_prefix", "days"]);
    }
}
