//! Payment QR payloads printed on letters (domain.md): EPC QR (GiroCode, SEPA credit
//! transfer) for EUR to an IBAN, and GOST R 56042-2014 for RUB. Pure: the account number is
//! passed in by the caller (it comes from the keychain).

use super::error::{AppError, AppResult, ErrorCode};
use super::money::Money;

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
    let name: String = name.chars().filter(|c| *c != '\n').take(70).collect();
    let remittance: String = remittance
        .chars()
        .filter(|c| *c != '\n')
        .take(140)
        .collect();
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
    let clean = |s: &str| s.replace(['|', '\n'], " ").trim().to_string();
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
        assert_eq!(p, "BCD\n002\n1\nSCT\nCOBADEFFXXX\nHarper & Lowe\nDE89370400440532013000\nEUR1234.50\n\n\nINV-2026-0001");
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
