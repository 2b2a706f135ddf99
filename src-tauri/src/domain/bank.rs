//! Bank identifiers: IBAN (ISO 13616, mod-97), SWIFT BIC (ISO 9362), Russian БИК, account
//! and correspondent account numbers. Pure checks, no I/O.

use super::text::compact_alnum;

/// Checks an IBAN's shape and its mod-97 check digits; returns it compact and upper-case.
pub fn iban(value: &str) -> Result<String, &'static str> {
    let v = compact_alnum(value);
    let bytes = v.as_bytes();
    if !(15..=34).contains(&v.len())
        || !bytes[0].is_ascii_uppercase()
        || !bytes[1].is_ascii_uppercase()
        || !bytes[2].is_ascii_digit()
        || !bytes[3].is_ascii_digit()
    {
        return Err("iban");
    }
    let rearranged = format!("{}{}", &v[4..], &v[..4]);
    let mut rem: u32 = 0;
    for c in rearranged.chars() {
        let n = c.to_digit(36).ok_or("iban")?;
        rem = if n >= 10 {
            (rem * 100 + n) % 97
        } else {
            (rem * 10 + n) % 97
        };
    }
    if rem != 1 {
        return Err("iban_checksum");
    }
    Ok(v)
}

/// True when the text is meant as an IBAN (two letters, two digits).
pub fn looks_like_iban(value: &str) -> bool {
    let v = compact_alnum(value);
    let b = v.as_bytes();
    b.len() >= 4
        && b[0].is_ascii_alphabetic()
        && b[1].is_ascii_alphabetic()
        && b[2].is_ascii_digit()
        && b[3].is_ascii_digit()
}

/// An optional bank identifier: a SWIFT BIC (8 or 11 characters) or a Russian БИК (9 digits).
pub fn bic(value: &str) -> Result<String, &'static str> {
    let v = compact_alnum(value);
    if v.is_empty() {
        return Ok(v);
    }
    let b = v.as_bytes();
    let swift = (v.len() == 8 || v.len() == 11) && b[..6].iter().all(u8::is_ascii_uppercase);
    let russian = v.len() == 9 && b.iter().all(u8::is_ascii_digit) && v.starts_with("04");
    if swift || russian {
        Ok(v)
    } else {
        Err("bic")
    }
}

/// A bank account number: an IBAN when it looks like one; 20 digits for RUB accounts;
/// otherwise 4 to 34 letters and digits.
pub fn account_number(value: &str, currency: &str) -> Result<String, &'static str> {
    if value.trim().is_empty() {
        return Err("required");
    }
    if looks_like_iban(value) {
        return iban(value);
    }
    let v = compact_alnum(value);
    if currency == "RUB" {
        return if v.len() == 20 && v.bytes().all(|b| b.is_ascii_digit()) {
            Ok(v)
        } else {
            Err("account_ru")
        };
    }
    if (4..=34).contains(&v.len())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " -".contains(c))
    {
        Ok(v)
    } else {
        Err("account_number")
    }
}

/// An optional Russian correspondent account: 20 digits starting with 301.
pub fn correspondent_account(value: &str) -> Result<String, &'static str> {
    let v = compact_alnum(value);
    if v.is_empty() {
        return Ok(v);
    }
    if v.len() == 20 && v.bytes().all(|b| b.is_ascii_digit()) && v.starts_with("301") {
        Ok(v)
    } else {
        Err("correspondent_account")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans() {
        assert_eq!(
            iban("DE89 3704 0044 0532 0130 00"),
            Ok("DE89370400440532013000".into())
        );
        assert_eq!(
            iban("GB82 WEST 1234 5698 7654 32"),
            Ok("GB82WEST12345698765432".into())
        );
        assert_eq!(iban("DE89 3704 0044 0532 0130 01"), Err("iban_checksum"));
        assert_eq!(iban("DE89"), Err("iban"));
    }

    #[test]
    fn bics_and_accounts() {
        assert_eq!(bic("COBADEFFXXX"), Ok("COBADEFFXXX".into()));
        assert_eq!(bic("044525225"), Ok("044525225".into()));
        assert_eq!(bic(""), Ok("".into()));
        assert_eq!(bic("12AB"), Err("bic"));
        assert!(account_number("40702810400000012345", "RUB").is_ok());
        assert_eq!(
            account_number("4070281040000001234", "RUB"),
            Err("account_ru")
        );
        assert!(account_number("6222 0210 0109 8765 432", "CNY").is_ok());
        assert_eq!(account_number("", "CNY"), Err("required"));
        assert_eq!(account_number("DE00 3704", "EUR"), Err("iban"));
        assert!(correspondent_account("30101810400000000225").is_ok());
        assert_eq!(correspondent_account("123"), Err("correspondent_account"));
    }
}
