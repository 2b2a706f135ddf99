//! `Secret`: a value that must never be printed, logged, serialized or stored in the
//! database. It can be read from input (deserialized) but never written out; `Debug` is
//! redacted and the memory is wiped on drop. Only `secrets::` hands it to the OS keychain.

use serde::Deserialize;
use zeroize::Zeroize;

#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value, for the keychain and for rendering on a letter. Keep the borrow short.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// What the UI may show: the last four characters behind bullets, e.g. `•••• 0225`.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// Masks any sensitive string the same way `Secret::masked` does.
pub fn mask(value: &str) -> String {
    let compact: Vec<char> = value.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() <= 4 {
        return "••••".to_string();
    }
    let tail: String = compact[compact.len() - 4..].iter().collect();
    format!("•••• {tail}")
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted_and_mask_shows_four() {
        let s = Secret::new("DE89370400440532013000");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert_eq!(s.masked(), "•••• 3000");
        assert_eq!(Secret::new("123").masked(), "••••");
        let parsed: Secret = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(parsed.expose(), "abc");
    }
}
