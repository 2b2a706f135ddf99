//! Small validators shared by every form. Each returns the cleaned value or a field code
//! from the UI catalogs' `field.*` section.

/// Trims and checks length; `required` refuses an empty value — and one of nothing but
/// invisible characters (a client named with two zero-width spaces showed as a blank line
/// in every list). Control characters and the bidirectional overrides that make a text
/// display other than it reads ("Trojan Source", CVE-2021-42574) are `control_chars`.
pub fn text(value: &str, max_chars: usize, required: bool) -> Result<String, &'static str> {
    let v = value.trim_matches(|c: char| c.is_whitespace() || invisible(c));
    if required && v.is_empty() {
        return Err("required");
    }
    if v.chars().count() > max_chars {
        return Err("too_long");
    }
    if v.chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || bidi_control(c))
    {
        return Err("control_chars");
    }
    Ok(v.to_string())
}

/// Format characters that print nothing: zero-width space and joiners, word joiner, the
/// byte-order mark, soft hyphen, Hangul fillers.
fn invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{180E}'
        | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}')
}

/// Bidirectional embeddings, overrides and isolates (U+202A–202E, U+2066–2069).
fn bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
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
    fn invisible_only_is_empty_and_bidi_overrides_are_refused() {
        assert_eq!(text("\u{200B}\u{200B}", 10, true), Err("required"));
        assert_eq!(text(" \u{FEFF}王伟\u{200B} ", 10, true), Ok("王伟".into()));
        // A joiner inside a name stays (Persian and Indic spellings need ZWNJ/ZWJ).
        assert_eq!(
            text("می\u{200C}خواهم", 20, true),
            Ok("می\u{200C}خواهم".into())
        );
        assert_eq!(text("INV\u{202E}fdp.exe", 50, true), Err("control_chars"));
        assert_eq!(text("a\u{2066}b", 50, false), Err("control_chars"));
    }

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
