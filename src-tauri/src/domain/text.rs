//! Small validators shared by every form. Each returns the cleaned value or a field code
//! from the UI catalogs' `field.*` section.

/// Trims and checks length; `required` refuses an empty value.
pub fn text(value: &str, max_chars: usize, required: bool) -> Result<String, &'static str> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err("required");
    }
    if v.chars().count() > max_chars {
        return Err("too_long");
    }
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err("control_chars");
    }
    Ok(v.to_string())
}

/// An optional e-mail address: one `@`, a dot in the domain, no spaces.
pub fn email(value: &str) -> Result<String, &'static str> {
    let v = text(value, 254, false)?;
    if v.is_empty() {
        return Ok(v);
    }
    let mut parts = v.split('@');
    let (local, domain) = match (parts.next(), parts.next(), parts.next()) {
        (Some(l), Some(d), None) => (l, d),
        _ => return Err("email"),
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..");
    if local.is_empty() || !domain_ok || v.chars().any(char::is_whitespace) {
        return Err("email");
    }
    Ok(v)
}

/// An optional phone number as people write it: digits with `+ - ( ) . /` and spaces, an
/// optional extension; 5 to 20 digits.
pub fn phone(value: &str) -> Result<String, &'static str> {
    let v = text(value, 50, false)?;
    if v.is_empty() {
        return Ok(v);
    }
    let lower = v.to_lowercase();
    // Everything from an extension marker on is the extension, not the number.
    let cut = ["ext", "x", "#", "доб", "转", "分机"]
        .iter()
        .filter_map(|m| lower.find(m))
        .min()
        .unwrap_or(lower.len());
    let main = &lower[..cut];
    if !main
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().\u{a0}/".contains(c))
    {
        return Err("phone");
    }
    let digits = main.chars().filter(char::is_ascii_digit).count();
    if !(5..=20).contains(&digits) {
        return Err("phone");
    }
    Ok(v)
}

/// Keeps only ASCII letters and digits, upper-cased: how account numbers are compared.
pub fn compact_alnum(value: &str) -> String {
    value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_rules() {
        assert_eq!(text("  a ", 5, true), Ok("a".into()));
        assert_eq!(text("   ", 5, true), Err("required"));
        assert_eq!(text("", 5, false), Ok("".into()));
        assert_eq!(text("律师事务所名称", 3, true), Err("too_long"));
        assert_eq!(text("a\u{7}b", 5, false), Err("control_chars"));
    }

    #[test]
    fn emails() {
        assert!(email("lawyer@firm.cn").is_ok());
        assert!(email("").is_ok());
        for bad in [
            "lawyer", "a@b", "a@@b.c", "a b@c.d", "@c.d", "a@.cd", "a@c..d",
        ] {
            assert_eq!(email(bad), Err("email"), "{bad}");
        }
    }

    #[test]
    fn phones() {
        for ok in [
            "+86 10 8888 6666",
            "(495) 123-45-67",
            "138-0013-8000",
            "+7 495 123 45 67 доб. 12",
            "02-2345-6789 ext 5",
        ] {
            assert!(phone(ok).is_ok(), "{ok}");
        }
        for bad in ["call me", "12", "+86 10 abc"] {
            assert_eq!(phone(bad), Err("phone"), "{bad}");
        }
    }
}
