//! The four languages Lawdesk speaks, for the UI and for letters.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "zh-TW")]
    ZhTw,
    #[serde(rename = "ru")]
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::ZhCn, Lang::ZhTw, Lang::Ru];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
            Lang::ZhTw => "zh-TW",
            Lang::Ru => "ru",
        }
    }

    /// Accepts the canonical codes and the usual spellings of an OS locale
    /// (`zh_CN.UTF-8`, `zh-Hant-TW`, `ru-RU`, `en_GB`).
    pub fn parse(text: &str) -> Option<Lang> {
        let t = text.trim().replace('_', "-").to_ascii_lowercase();
        let t = t.split('.').next().unwrap_or("");
        if t.starts_with("zh") {
            let traditional = t.contains("hant")
                || t.ends_with("-tw")
                || t.ends_with("-hk")
                || t.ends_with("-mo");
            return Some(if traditional { Lang::ZhTw } else { Lang::ZhCn });
        }
        if t == "ru" || t.starts_with("ru-") {
            return Some(Lang::Ru);
        }
        if t == "en" || t.starts_with("en-") {
            return Some(Lang::En);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_locale_spellings() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::ZhCn));
        assert_eq!(Lang::parse("zh-Hant-TW"), Some(Lang::ZhTw));
        assert_eq!(Lang::parse("zh-TW"), Some(Lang::ZhTw));
        assert_eq!(Lang::parse("ru-RU"), Some(Lang::Ru));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("de-DE"), None);
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.code()), Some(l));
        }
    }
}
