//! What a signed letter states beyond the figures (issue 11): the firm as it appears in one
//! letter language (name, address, signatory and title, registration ids, number prefix)
//! and the engagement's contract (title, number, date, work done, the late-charge clause,
//! the dispute clause). Validation only; no I/O.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::dates;
use super::error::{AppResult, Validator};
use super::firm::letter_prefix;
use super::lang::Lang;
use super::text;

/// Registration ids a firm may state, per jurisdiction: ИНН/ОГРН/КПП (Russia), 统一社会信用代码
/// and 执业许可证号 (China), 統一編號 (Taiwan), SRA number and company number (England & Wales).
pub const FIRM_ID_KEYS: &[&str] = &[
    "inn",
    "ogrn",
    "kpp",
    "uscc",
    "practice_licence",
    "ubn",
    "sra_number",
    "company_number",
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LetterIdentityInput {
    #[serde(default)]
    pub lang: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub signatory_name: String,
    #[serde(default)]
    pub signatory_title: String,
    #[serde(default)]
    pub ids: BTreeMap<String, String>,
    #[serde(default)]
    pub letter_prefix: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LetterIdentity {
    pub lang: String,
    pub name: String,
    pub address: String,
    pub signatory_name: String,
    pub signatory_title: String,
    pub ids: BTreeMap<String, String>,
    pub letter_prefix: String,
}

impl LetterIdentityInput {
    pub fn validate(&self) -> AppResult<LetterIdentity> {
        let mut v = Validator::default();
        let lang = Lang::parse(&self.lang);
        if lang.is_none() {
            v.push("lang", "language");
        }
        let name = v.check("name", text::text(&self.name, 200, false));
        let address = v.check("address", text::text(&self.address, 500, false));
        let signatory_name = v.check(
            "signatory_name",
            text::text(&self.signatory_name, 100, false),
        );
        let signatory_title = v.check(
            "signatory_title",
            text::text(&self.signatory_title, 100, false),
        );
        let mut ids = BTreeMap::new();
        for (k, val) in &self.ids {
            if !FIRM_ID_KEYS.contains(&k.as_str()) {
                v.push(&format!("ids.{k}"), "unknown_field");
                continue;
            }
            if let Some(c) = v.check(&format!("ids.{k}"), text::text(val, 60, false)) {
                if !c.is_empty() {
                    ids.insert(k.clone(), c);
                }
            }
        }
        let prefix = v.check("letter_prefix", letter_prefix(&self.letter_prefix));
        // Russian and English letters carry the number into payment references: Latin script
        // only (EPC: the SEPA Latin set; GOST R 56042 purposes are safest in Latin too).
        if let (Some(l), Some(p)) = (lang, &prefix) {
            if matches!(l, Lang::Ru | Lang::En)
                && !p
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            {
                v.push("letter_prefix", "latin_prefix");
            }
        }
        v.finish()?;
        Ok(LetterIdentity {
            lang: lang.map(|l| l.code().to_string()).unwrap_or_default(),
            name: name.unwrap_or_default(),
            address: address.unwrap_or_default(),
            signatory_name: signatory_name.unwrap_or_default(),
            signatory_title: signatory_title.unwrap_or_default(),
            ids,
            letter_prefix: prefix.unwrap_or_default(),
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractInput {
    #[serde(default)]
    pub contract_title: String,
    #[serde(default)]
    pub contract_number: String,
    #[serde(default)]
    pub contract_date: String,
    #[serde(default)]
    pub work_done: String,
    #[serde(default)]
    pub late_clause: String,
    /// `court`, `arbitration` or empty (not stated).
    #[serde(default)]
    pub dispute_forum: String,
    #[serde(default)]
    pub arbitration_body: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Contract {
    pub contract_title: String,
    pub contract_number: String,
    pub contract_date: String,
    pub work_done: String,
    pub late_clause: String,
    pub dispute_forum: String,
    pub arbitration_body: String,
}

impl ContractInput {
    pub fn validate(&self) -> AppResult<Contract> {
        let mut v = Validator::default();
        let t = |v: &mut Validator, f: &str, s: &str, n: usize| {
            v.check(f, text::text(s, n, false)).unwrap_or_default()
        };
        let contract_title = t(&mut v, "contract_title", &self.contract_title, 200);
        let contract_number = t(&mut v, "contract_number", &self.contract_number, 60);
        let contract_date = if self.contract_date.trim().is_empty() {
            String::new()
        } else {
            v.check(
                "contract_date",
                dates::parse_iso(&self.contract_date).map(dates::to_iso),
            )
            .unwrap_or_default()
        };
        let work_done = t(&mut v, "work_done", &self.work_done, 2_000);
        let late_clause = t(&mut v, "late_clause", &self.late_clause, 200);
        let dispute_forum = self.dispute_forum.trim().to_string();
        if !["", "court", "arbitration"].contains(&dispute_forum.as_str()) {
            v.push("dispute_forum", "dispute_forum");
        }
        let arbitration_body = t(&mut v, "arbitration_body", &self.arbitration_body, 200);
        if dispute_forum == "arbitration" && arbitration_body.is_empty() {
            v.push("arbitration_body", "required");
        }
        v.finish()?;
        Ok(Contract {
            contract_title,
            contract_number,
            contract_date,
            work_done,
            late_clause,
            dispute_forum,
            arbitration_body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_and_contracts_are_checked() {
        let ok = LetterIdentityInput {
            lang: "ru".into(),
            signatory_title: "Адвокат".into(),
            ids: [("inn".to_string(), "7701234567".to_string())].into(),
            letter_prefix: "ML".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(ok.ids["inn"], "7701234567");
        let e = LetterIdentityInput {
            lang: "ru".into(),
            ids: [("shoe".to_string(), "1".to_string())].into(),
            letter_prefix: "明理".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        let codes: Vec<_> = e
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.code))
            .collect();
        assert!(codes.contains(&("ids.shoe", "unknown_field")), "{codes:?}");
        assert!(
            codes.contains(&("letter_prefix", "latin_prefix")),
            "{codes:?}"
        );
        let e = ContractInput {
            dispute_forum: "arbitration".into(),
            contract_date: "2026-13-01".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        let codes: Vec<_> = e
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.code))
            .collect();
        assert!(
            codes.contains(&("arbitration_body", "required")),
            "{codes:?}"
        );
        assert_eq!(codes.len(), 2, "{codes:?}");
    }
}
