//! Name normalization for search and the conflict-of-interest check, across scripts:
//! case, full/half width, Traditional vs Simplified Chinese (OpenCC's tables), and
//! Cyrillic ↔ Latin transliteration with the spelling variants people use for the same
//! name (Юрий = Yuri = Iurii). Pure functions; the OpenCC tables are embedded in the binary.

use std::sync::OnceLock;

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;

fn t2s() -> Option<&'static OpenCC> {
    static CONVERTER: OnceLock<Option<OpenCC>> = OnceLock::new();
    CONVERTER
        .get_or_init(|| OpenCC::from_config(BuiltinConfig::T2s).ok())
        .as_ref()
}

/// Full-width ASCII and the ideographic space become their half-width forms.
fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Case- and width-folded, Simplified Chinese, punctuation turned into single spaces.
/// The form stored for search and compared by the search box.
pub fn fold(text: &str) -> String {
    let mut s: String = text
        .chars()
        .map(half_width)
        .collect::<String>()
        .to_lowercase();
    if s.chars().any(is_han) {
        if let Some(c) = t2s() {
            s = c.convert(&s);
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = if c == 'ё' { 'е' } else { c };
        if c.is_alphanumeric() || c == '@' || c == '.' && !out.is_empty() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out
}

/// Cyrillic to Latin (Russian passport/ICAO style, plus Ukrainian and Kazakh letters).
pub fn transliterate(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let t = match lower {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'ґ' => "g",
            'д' => "d",
            'е' => "e",
            'ё' => "e",
            'є' => "ie",
            'ж' => "zh",
            'з' => "z",
            'и' => "i",
            'і' => "i",
            'ї' => "i",
            'й' => "i",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' => "",
            'ы' => "y",
            'ь' => "",
            'э' => "e",
            'ю' => "iu",
            'я' => "ia",
            'ә' => "a",
            'ғ' => "g",
            'қ' => "k",
            'ң' => "n",
            'ө' => "o",
            'ұ' => "u",
            'ү' => "u",
            'һ' => "h",
            _ => {
                out.push(lower);
                continue;
            }
        };
        out.push_str(t);
    }
    out
}

/// Collapses Latin spelling variants of transliterated names to one skeleton.
fn skeleton(word: &str) -> String {
    let mut w = word.to_string();
    for (from, to) in [
        ("shch", "sh"),
        ("sch", "sh"),
        ("yu", "u"),
        ("ju", "u"),
        ("iu", "u"),
        ("ya", "a"),
        ("ja", "a"),
        ("ia", "a"),
        ("ye", "e"),
        ("je", "e"),
        ("kh", "h"),
        ("tz", "c"),
        ("ts", "c"),
        ("ph", "f"),
        ("w", "v"),
        ("y", "i"),
        ("j", "i"),
        ("x", "ks"),
    ] {
        w = w.replace(from, to);
    }
    let mut out = String::with_capacity(w.len());
    for c in w.chars() {
        if out.ends_with(c) {
            continue; // double letters: "Anna" = "Ana", "ii" = "i"
        }
        out.push(c);
    }
    out
}

/// Words that name a legal form, not a party: «ООО», "Ltd", "GmbH"…
const LEGAL_FORMS: &[&str] = &[
    "ooo", "oao", "zao", "pao", "ao", "ip", "nko", "llc", "ltd", "limited", "inc", "corp", "co",
    "gmbh", "ag", "plc", "llp", "lp", "sa", "sarl", "bv", "kg", "oy", "ab",
];
const HAN_LEGAL_FORMS: &[&str] = &[
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "公司",
];

/// The key under which two spellings of the same party meet: folded, Cyrillic
/// transliterated, spelling variants collapsed, legal forms dropped, words sorted.
pub fn conflict_key(name: &str) -> String {
    let folded = fold(name);
    let latin = transliterate(&folded);
    let mut words: Vec<String> = latin
        .split(' ')
        .filter(|w| !w.is_empty() && !LEGAL_FORMS.contains(w))
        .map(|w| {
            if w.chars().any(is_han) {
                let mut w = w.to_string();
                for form in HAN_LEGAL_FORMS {
                    if w.len() > form.len() {
                        if let Some(stripped) = w.strip_suffix(form) {
                            w = stripped.to_string();
                            break;
                        }
                    }
                }
                w
            } else {
                skeleton(w)
            }
        })
        .collect();
    words.sort();
    words.join(" ")
}

/// Hanyu Pinyin of a name with Chinese characters: the full spelling without tones and the
/// initials (王伟 → "wangwei", "ww"), so a name can be typed without a Chinese input method.
pub fn pinyin(text: &str) -> Option<(String, String)> {
    use pinyin::ToPinyin;
    if !text.chars().any(is_han) {
        return None;
    }
    let simplified = fold(text);
    let mut full = String::new();
    let mut initials = String::new();
    for c in simplified.chars() {
        match c.to_pinyin() {
            Some(p) => {
                full.push_str(p.plain());
                initials.push_str(p.first_letter());
            }
            None if c.is_alphanumeric() => {
                full.push(c);
                initials.push(c);
            }
            None => {}
        }
    }
    Some((full, initials))
}

/// Digits of a phone number, for search by any formatting.
pub fn phone_digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_width_and_script() {
        assert_eq!(fold("ＡＢＣ　Ｄｅｆ"), "abc def");
        assert_eq!(fold("張偉"), "张伟");
        assert_eq!(fold("ИВАНОВ Иван"), "иванов иван");
        assert_eq!(fold("ООО «Ромашка»"), "ооо ромашка");
        assert_eq!(fold("Ёлкин"), "елкин");
    }

    #[test]
    fn conflict_keys_meet_across_scripts_and_spellings() {
        assert_eq!(conflict_key("Иванов Юрий"), conflict_key("Yuri Ivanov"));
        assert_eq!(conflict_key("Иванов Юрий"), conflict_key("IVANOV Iurii"));
        assert_eq!(conflict_key("Щукина Анна"), conflict_key("Anna Shchukina"));
        assert_eq!(conflict_key("ООО «Ромашка»"), conflict_key("Romashka LLC"));
        assert_eq!(
            conflict_key("北京明理科技有限公司"),
            conflict_key("北京明理科技")
        );
        assert_eq!(conflict_key("陳志明"), conflict_key("陈志明"));
        assert_eq!(conflict_key("ＡＢＣ Ｌｔｄ"), conflict_key("abc"));
        assert_ne!(conflict_key("Иванов Юрий"), conflict_key("Иванова Юлия"));
        assert_ne!(conflict_key("王伟"), conflict_key("王玮"));
    }

    #[test]
    fn pinyin_of_chinese_names() {
        assert_eq!(pinyin("王伟"), Some(("wangwei".into(), "ww".into())));
        assert_eq!(pinyin("張偉"), Some(("zhangwei".into(), "zw".into())));
        assert_eq!(pinyin("Ivan"), None);
    }

    #[test]
    fn phone_digits_ignore_formatting() {
        assert_eq!(phone_digits("+86 (138) 0013-8000"), "8613800138000");
    }
}
