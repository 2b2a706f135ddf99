//! The legal details a letter states, gathered for `letter_facts`: the firm as it signs in
//! the letter's language, the debtor's kind and ids, the engagement's contract and its late
//! charge basis, and which required details are missing (issue 11).

use std::collections::BTreeMap;

use crate::store::Conn as Connection;

use crate::domain::ids::EngagementId;
use crate::domain::lang::Lang;
use crate::domain::letter_details::Contract;
use crate::domain::plan::LateTerms;
use crate::domain::AppResult;
use crate::letters::format::{self, pick};
use crate::letters::jurisdiction::{Debtor, Jurisdiction};
use crate::letters::templates::Kind;
use crate::store::clients::ClientView as Client;
use crate::store::firm::StoredProfile;
use crate::store::{engagements, letter_details};

/// A blank a lawyer fills in by hand where the file lacks a required detail.
pub const BLANK: &str = "________";

/// The firm as it signs letters in one language.
#[derive(Debug, Clone, Default)]
pub(crate) struct Signer {
    pub name: String,
    pub address: String,
    pub signatory_name: String,
    pub signatory_title: String,
    pub ids: BTreeMap<String, String>,
    pub prefix: String,
}

/// The firm's identity for `lang`, falling back to the firm profile field by field. A
/// letter number prefix for a non-Chinese letter falls back to a Latin one.
pub(crate) fn signer(c: &Connection, profile: &StoredProfile, lang: Lang) -> AppResult<Signer> {
    let own = letter_details::identity(c, lang.code())?.unwrap_or_default();
    let p = &profile.profile;
    let or = |a: &str, b: &str| {
        if a.is_empty() {
            b.to_string()
        } else {
            a.to_string()
        }
    };
    let mut ids = own.ids.clone();
    if !p.licence_number.is_empty() && ids.is_empty() && lang == Lang::ZhCn {
        ids.insert("practice_licence".into(), p.licence_number.clone());
    }
    let prefix = if !own.letter_prefix.is_empty() {
        own.letter_prefix.clone()
    } else {
        latin_or_profile(&p.letter_prefix, lang)
    };
    Ok(Signer {
        name: or(&own.name, &p.name),
        address: or(&own.address, &p.address),
        signatory_name: or(&own.signatory_name, &p.lawyer_name),
        signatory_title: own.signatory_title.clone(),
        ids,
        prefix,
    })
}

/// The profile's prefix where the letter may carry it (Chinese letters, or a Latin prefix);
/// otherwise `L` (a Russian or English letter's number goes into payment references, which
/// take the SEPA Latin set only).
fn latin_or_profile(prefix: &str, lang: Lang) -> String {
    let latin = prefix
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    match lang {
        Lang::ZhCn | Lang::ZhTw => prefix.to_string(),
        _ if latin && !prefix.is_empty() => prefix.to_string(),
        _ => "L".to_string(),
    }
}

fn id_label(key: &str, lang: Lang, debtor: Debtor) -> &'static str {
    let names: [&str; 4] = match key {
        "inn" => ["ИНН", "ИНН", "ИНН", "INN"],
        "ogrn" if debtor == Debtor::SoleTrader => ["ОГРНИП", "ОГРНИП", "ОГРНИП", "OGRNIP"],
        "ogrn" => ["ОГРН", "ОГРН", "ОГРН", "OGRN"],
        "kpp" => ["КПП", "КПП", "КПП", "KPP"],
        "uscc" => [
            "统一社会信用代码",
            "統一社會信用代碼",
            "Единый код социального кредита",
            "Unified social credit code",
        ],
        "practice_licence" => [
            "执业许可证号",
            "執業許可證號",
            "Лицензия",
            "Practice licence",
        ],
        "ubn" => ["统一编号", "統一編號", "UBN", "Business ID (UBN)"],
        "sra_number" => ["SRA 编号", "SRA 編號", "Номер SRA", "SRA number"],
        "company_number" => ["公司编号", "公司編號", "Company number", "Company number"],
        _ => ["", "", "", ""],
    };
    pick(lang, names)
}

/// "ИНН 7701234567, ОГРН 1027700000000" in the letter's language.
pub(crate) fn ids_line(ids: &BTreeMap<String, String>, lang: Lang, debtor: Debtor) -> String {
    const ORDER: [&str; 8] = [
        "inn",
        "ogrn",
        "kpp",
        "uscc",
        "practice_licence",
        "ubn",
        "sra_number",
        "company_number",
    ];
    let sep = pick(lang, ["：", "：", " ", " "]);
    let join = pick(lang, ["；", "；", ", ", ", "]);
    ORDER
        .iter()
        .filter_map(|k| {
            ids.get(*k)
                .filter(|v| !v.is_empty())
                .map(|v| format!("{}{sep}{v}", id_label(k, lang, debtor)))
        })
        .collect::<Vec<_>>()
        .join(join)
}

/// One field of the client's profile, trimmed ("" when absent).
pub(crate) fn profile_field(client: &Client, key: &str) -> String {
    client
        .profile
        .get(key)
        .and_then(|v| v.as_str())
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// The client's registration ids from its profile.
pub(crate) fn client_ids(client: &Client) -> BTreeMap<String, String> {
    ["inn", "ogrn", "kpp", "uscc", "company_number"]
        .iter()
        .map(|k| (k.to_string(), profile_field(client, k)))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

pub(crate) fn debtor_of(client: &Client) -> Debtor {
    Debtor::of_client(
        &client.kind,
        sole_trader(&profile_field(client, "sole_trader")),
    )
}

/// Whether the profile's `sole_trader` text says yes (ИП, 个体工商户, sole trader).
pub(crate) fn sole_trader(value: &str) -> bool {
    matches!(
        value.trim().to_lowercase().as_str(),
        "yes" | "true" | "1" | "да" | "是"
    )
}

/// How the letter addresses the debtor: 贵公司/您, 貴公司/台端; "Dear Sirs" / "Dear Mr X"
/// with the closing that matches ("Yours faithfully" / "Yours sincerely").
pub(crate) fn address_forms(client: &Client, debtor: Debtor, lang: Lang) -> [String; 3] {
    let org = debtor == Debtor::Organization;
    let you = match lang {
        Lang::ZhCn => if org { "贵公司" } else { "您" }.to_string(),
        Lang::ZhTw => if org { "貴公司" } else { "台端" }.to_string(),
        Lang::Ru => "Вы".to_string(),
        Lang::En => "you".to_string(),
    };
    let named = Some(profile_field(client, "salutation")).filter(|s| !s.is_empty());
    let (salutation, closing) = match (org, named) {
        (false, Some(n)) => (format!("Dear {n}"), "Yours sincerely"),
        (false, None) => (format!("Dear {}", client.name), "Yours sincerely"),
        (true, _) => ("Dear Sirs".to_string(), "Yours faithfully"),
    };
    [you, salutation, closing.to_string()]
}

/// The late charge's basis as the letter prints it: rate, day count and the clause.
pub(crate) fn late_basis(late: &LateTerms, clause: &str, lang: Lang) -> String {
    let rate = late.rate.normalize().to_string();
    let days = if late.day_count == "act360" {
        "360"
    } else {
        "365"
    };
    let text = match (late.rule.as_str(), lang) {
        ("annual", Lang::ZhCn) => format!("年利率{rate}%，按实际逾期天数计算，一年按{days}天计"),
        ("annual", Lang::ZhTw) => {
            format!("週年利率百分之{rate}，按實際遲延日數計算，一年以{days}日計")
        }
        ("annual", Lang::Ru) => {
            format!("{rate} % годовых за каждый день просрочки, база {days} дней")
        }
        ("annual", Lang::En) => format!("{rate}% a year for each day late, on a {days}-day year"),
        ("daily", Lang::ZhCn) => format!("每逾期一日按未付金额的{rate}%计"),
        ("daily", Lang::ZhTw) => format!("每遲延一日按未付金額百分之{rate}計算"),
        ("daily", Lang::Ru) => format!("{rate} % от неоплаченной суммы за каждый день просрочки"),
        ("daily", Lang::En) => format!("{rate}% of the unpaid amount for each day late"),
        ("fixed", Lang::ZhCn) => format!("每张逾期账单固定{rate}"),
        ("fixed", Lang::ZhTw) => format!("每張逾期帳單固定{rate}"),
        ("fixed", Lang::Ru) => format!("фиксированная сумма {rate} за каждый просроченный счёт"),
        ("fixed", Lang::En) => format!("a fixed {rate} for each overdue invoice"),
        _ => String::new(),
    };
    if clause.is_empty() || text.is_empty() {
        text
    } else {
        match lang {
            Lang::ZhCn | Lang::ZhTw => format!("{text}，{clause}"),
            Lang::Ru => format!("{text}, {clause} договора"),
            Lang::En => format!("{text}, {clause} of our terms"),
        }
    }
}

/// The engagement a set of invoices came from (the first that has one) with its contract
/// and late-charge terms.
pub(crate) struct Engagement {
    pub contract: Contract,
    pub late: Option<LateTerms>,
}

pub(crate) fn engagement_of(
    c: &Connection,
    ids: &[Option<EngagementId>],
) -> AppResult<Option<Engagement>> {
    let Some(id) = ids.iter().flatten().next() else {
        return Ok(None);
    };
    let e = engagements::get(c, *id)?;
    let contract = letter_details::contract(c, *id)?.unwrap_or_default();
    Ok(Some(Engagement {
        late: e.late.charge().map(|_| e.late.clone()),
        contract,
    }))
}

/// Puts the engagement's contract and late terms into the values; returns (penalty agreed,
/// arbitration clause).
pub(crate) fn contract_values(
    values: &mut BTreeMap<&'static str, String>,
    e: Option<&Engagement>,
    lang: Lang,
) -> (bool, bool) {
    let c = e.map(|e| e.contract.clone()).unwrap_or_default();
    let date = crate::domain::dates::parse_iso(&c.contract_date)
        .map(|d| format::date(d, lang))
        .unwrap_or_default();
    let title = if c.contract_title.is_empty() {
        String::new()
    } else {
        c.contract_title.clone()
    };
    values.insert("contract_title", title);
    values.insert("contract_number", c.contract_number.clone());
    values.insert("contract_date", date);
    values.insert("work_done", c.work_done.clone());
    values.insert("late_clause", c.late_clause.clone());
    values.insert("forum", c.dispute_forum.clone());
    values.insert("arbitration_body", c.arbitration_body.clone());
    let late = e.and_then(|e| e.late.as_ref());
    let penalty = late.is_some();
    values.insert(
        "penalty",
        if penalty { "yes".into() } else { String::new() },
    );
    values.insert(
        "late_basis",
        late.map(|l| late_basis(l, "", lang)).unwrap_or_default(),
    );
    (penalty, c.dispute_forum == "arbitration")
}

/// The value a required detail is read from.
fn value_key(code: &str) -> &'static str {
    match code {
        "firm.signatory_name" => "lawyer_name",
        "firm.signatory_title" => "signatory_title",
        "engagement.contract_title" => "contract_title",
        "engagement.contract_number" => "contract_number",
        "engagement.contract_date" => "contract_date",
        "engagement.work_done" => "work_done",
        "engagement.dispute_forum" => "forum",
        "engagement.arbitration_body" => "arbitration_body",
        "engagement.late_clause" => "late_clause",
        "client.legal_representative" => "legal_representative",
        _ => "",
    }
}

/// Which required details are missing; each missing text value becomes a visible blank.
pub(crate) fn missing_details(
    values: &mut BTreeMap<&'static str, String>,
    j: &Jurisdiction,
    kind: Kind,
    debtor: Debtor,
    firm_ids: &BTreeMap<String, String>,
    client_ids: &BTreeMap<String, String>,
) -> Vec<&'static str> {
    let penalty = !values.get("penalty").map(String::is_empty).unwrap_or(true);
    let arbitration = values.get("forum").map(|f| f == "arbitration") == Some(true);
    let mut missing = Vec::new();
    for code in j.required(kind, debtor, penalty, arbitration) {
        let present = match code.split_once('.') {
            Some(("firm", k)) if value_key(code).is_empty() => firm_ids.contains_key(k),
            Some(("client", k)) if value_key(code).is_empty() => client_ids.contains_key(k),
            _ => values
                .get(value_key(code))
                .map(|v| !v.trim().is_empty())
                .unwrap_or(false),
        };
        if !present {
            missing.push(code);
            let key = value_key(code);
            if !key.is_empty() && key != "forum" {
                values.insert(key, BLANK.to_string());
            }
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn the_late_basis_names_rate_day_count_and_clause() {
        let late = LateTerms {
            rule: "annual".into(),
            rate: Decimal::new(12, 0),
            day_count: "act365".into(),
        };
        assert_eq!(
            late_basis(&late, "п. 5.2", Lang::Ru),
            "12 % годовых за каждый день просрочки, база 365 дней, п. 5.2 договора"
        );
        assert_eq!(
            late_basis(&late, "clause 7", Lang::En),
            "12% a year for each day late, on a 365-day year, clause 7 of our terms"
        );
    }

    #[test]
    fn ids_print_in_order_with_their_labels() {
        let ids: BTreeMap<String, String> = [
            ("ogrn".to_string(), "304500116000157".to_string()),
            ("inn".to_string(), "500100732259".to_string()),
        ]
        .into();
        assert_eq!(
            ids_line(&ids, Lang::Ru, Debtor::SoleTrader),
            "ИНН 500100732259, ОГРНИП 304500116000157"
        );
    }
}
