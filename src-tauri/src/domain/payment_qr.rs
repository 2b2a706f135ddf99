//! Payment QR payloads printed on letters (domain.md): EPC QR (GiroCode, SEPA credit
//! transfer) for EUR to an IBAN, and GOST R 56042-2014 for RUB. Pure: the account number is
//! passed in by the caller (it comes from the keychain).

use super::error::{AppError, AppResult, ErrorCode};
use super::money::Money;

/// The SEPA Latin character set of EPC QR names and remittance (EPC069-12; domain.md):
/// a-z A-Z 0-9 / - ? : ( ) . , ' + and space.
pub fn is_sepa_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "/-?:().,'+ ".contains(c)
}

/// Text in the SEPA Latin set: Cyrillic transliterated, Chinese as pinyin, `&` as `+`,
/// anything else dropped; spaces collapsed.
pub fn sepa_text(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if is_sepa_char(c) {
            out.push(c);
        } else if c == '&' {
            out.push('+');
        } else {
            out.push_str(&latin_of(c));
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One character in Latin letters (Cyrillic transliterated, Chinese as pinyin, keeping an
/// initial capital), or nothing.
fn latin_of(c: char) -> String {
    let s = c.to_string();
    let latin = if c.is_alphabetic() && ('\u{400}'..='\u{4ff}').contains(&c) {
        super::names::transliterate(&s)
    } else if let Some((full, _)) = super::names::pinyin(&s) {
        // Pinyin's ü (律 lü) has no place in the SEPA set: u.
        format!(" {} ", full.replace('ü', "u"))
    } else {
        latin1_base(c).to_string()
    };
    let latin: String = latin.chars().filter(|c| is_sepa_char(*c)).collect();
    if c.is_uppercase() {
        let mut cs = latin.chars();
        match cs.next() {
            Some(f) => f.to_uppercase().chain(cs).collect(),
            None => latin,
        }
    } else {
        latin
    }
}

/// A Latin letter without its accent (é → e, ß → ss), or nothing.
fn latin1_base(c: char) -> &'static str {
    const MAP: [(&str, &str); 14] = [
        ("àáâãäåā", "a"),
        ("ÀÁÂÃÄÅĀ", "A"),
        ("çč", "c"),
        ("ÇČ", "C"),
        ("èéêëē", "e"),
        ("ÈÉÊËĒ", "E"),
        ("ìíîïī", "i"),
        ("ñ", "n"),
        ("òóôõöøō", "o"),
        ("ÒÓÔÕÖØŌ", "O"),
        ("ùúûüū", "u"),
        ("ÙÚÛÜŪ", "U"),
        ("ß", "ss"),
        ("ýÿ", "y"),
    ];
    MAP.iter()
        .find(|(from, _)| from.contains(c))
        .map(|(_, to)| *to)
        .unwrap_or("")
}

/// Text a GOST R 56042 payload can carry to any bank reader: what Windows-1251 encodes
/// (ASCII, Russian and other Cyrillic letters, « » № and dashes), the separator `|`
/// replaced; anything else (Chinese characters…) transliterated to Latin or dropped.
pub fn gost_text(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let cp1251 = (c.is_ascii() && !c.is_ascii_control())
            || ('\u{400}'..='\u{45f}').contains(&c)
            || "«»№–—“”„‘’…".contains(c);
        if c == '|' || c == '\n' {
            out.push(' ');
        } else if cp1251 {
            out.push(c);
        } else {
            out.push_str(&latin_of(c));
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn err(message: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::Validation, message)
}

/// `BCD` version 002, UTF-8, SCT; the amount as `EUR12.34`; unstructured remittance text.
pub fn epc(
    bic: &str,
    name: &str,
    iban: &str,
    amount: Money,
    remittance: &str,
) -> AppResult<String> {
    if amount.currency().code() != "EUR" {
        return Err(AppError::new(
            ErrorCode::CurrencyMismatch,
            "An EPC QR code is for euros only",
        ));
    }
    let iban: String = iban
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if iban.len() < 15 || iban.len() > 34 || !iban.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(err("The account is not an IBAN; an EPC QR code needs one"));
    }
    let units = amount.minor_units()?;
    if units <= 0 || units > 99_999_999_999 {
        return Err(err("An EPC QR amount is 0.01 to 999,999,999.99 EUR"));
    }
    let name: String = sepa_text(name).chars().take(70).collect();
    let remittance: String = sepa_text(remittance).chars().take(140).collect();
    let payload = format!(
        "BCD\n002\n1\nSCT\n{}\n{}\n{}\nEUR{}.{:02}\n\n\n{}",
        bic.trim(),
        name,
        iban,
        units / 100,
        units % 100,
        remittance
    );
    if payload.len() > 331 {
        return Err(err("The EPC QR payload is longer than 331 bytes"));
    }
    Ok(payload)
}

/// `ST00012|Name=…|PersonalAcc=…|BankName=…|BIC=…|CorrespAcc=…|Sum=…|Purpose=…` (UTF-8,
/// the sum in kopecks).
pub fn gost(
    name: &str,
    account: &str,
    bank_name: &str,
    bic: &str,
    correspondent: &str,
    amount: Money,
    purpose: &str,
) -> AppResult<String> {
    if amount.currency().code() != "RUB" {
        return Err(AppError::new(
            ErrorCode::CurrencyMismatch,
            "A GOST R 56042 QR code is for roubles only",
        ));
    }
    let digits = |s: &str| s.chars().filter(|c| c.is_ascii_digit()).collect::<String>();
    let (account, bic, correspondent) = (digits(account), digits(bic), digits(correspondent));
    if account.len() != 20 || bic.len() != 9 || correspondent.len() != 20 {
        return Err(err("A GOST R 56042 QR code needs a 20-digit account, a 9-digit BIC and a 20-digit correspondent account"));
    }
    let clean = gost_text;
    Ok(format!(
        "ST00012|Name={}|PersonalAcc={account}|BankName={}|BIC={bic}|CorrespAcc={correspondent}|Sum={}|Purpose={}",
        clean(name),
        clean(bank_name),
        amount.minor_units()?,
        clean(purpose)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;

    fn m(a: &str, c: &str) -> Money {
        Money::parse(a, Currency::parse(c).unwrap()).unwrap()
    }

    #[test]
    fn epc_payload() {
        let p = epc(
            "COBADEFFXXX",
            "Harper & Lowe",
            "DE89 3704 0044 0532 0130 00",
            m("1234.5", "EUR"),
            "INV-2026-0001",
        )
        .unwrap();
        // `&` is outside the SEPA Latin set (issue 11): it travels as `+`.
        assert_eq!(p, "BCD\n002\n1\nSCT\nCOBADEFFXXX\nHarper + Lowe\nDE89370400440532013000\nEUR1234.50\n\n\nINV-2026-0001");
        assert_eq!(
            sepa_text("明理律函〔2026〕第1号 Müller"),
            "ming li lu han 2026 di 1 hao Muller"
        );
        assert_eq!(sepa_text("ООО «Ромашка»"), "OOO Romashka");
        assert!(gost_text("明理 ООО «Ромашка» | x").starts_with("ming li ООО «Ромашка» x"));
        assert!(epc("", "x", "DE89370400440532013000", m("1", "USD"), "").is_err());
        assert!(epc("", "x", "123", m("1", "EUR"), "").is_err());
    }

    #[test]
    fn gost_payload() {
        let p = gost(
            "ООО «Ромашка»",
            "40702810938000012345",
            "ПАО Сбербанк",
            "044525225",
            "30101810400000000225",
            m("12345.67", "RUB"),
            "Оплата по счёту ИАС-2026-0001",
        )
        .unwrap();
        assert_eq!(p, "ST00012|Name=ООО «Ромашка»|PersonalAcc=40702810938000012345|BankName=ПАО Сбербанк|BIC=044525225|CorrespAcc=30101810400000000225|Sum=1234567|Purpose=Оплата по счёту ИАС-2026-0001");
        assert!(gost(
            "x",
            "123",
            "b",
            "044525225",
            "30101810400000000225",
            m("1", "RUB"),
            ""
        )
        .is_err());
    }
}
