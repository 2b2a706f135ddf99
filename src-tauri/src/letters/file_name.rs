//! Readable file names for letters (number, client, kind), accepted by Windows, macOS and
//! Linux. Pure: no I/O.

/// The name of a kind of letter in the letter's own language, for file names.
pub fn kind_name(kind: &str, lang: &str) -> String {
    let names: [&str; 4] = match kind {
        "quote" => ["报价函", "報價函", "Коммерческое предложение", "Fee quote"],
        "confirmation" => [
            "付款确认函",
            "付款確認函",
            "Подтверждение оплаты",
            "Payment confirmation",
        ],
        "reminder" => [
            "付款提醒函",
            "付款提醒函",
            "Напоминание об оплате",
            "Payment reminder",
        ],
        "second_reminder" => [
            "催款函",
            "催款函",
            "Повторное напоминание",
            "Second reminder",
        ],
        "demand" => ["律师函", "催告函", "Претензия", "Letter before action"],
        other => return other.replace('_', " "),
    };
    match lang {
        "zh-CN" => names[0],
        "zh-TW" => names[1],
        "ru" => names[2],
        _ => names[3],
    }
    .to_string()
}

/// The longest file name (in bytes, extension included) written: most file systems allow
/// 255 bytes, and a Windows path as a whole 260 characters.
pub const MAX_NAME_BYTES: usize = 150;

/// A file name that Windows, macOS and Linux all accept: no path separators or characters
/// Windows reserves, no control characters, no trailing dots or spaces, not a reserved
/// device name (CON, PRN, AUX, NUL, COM1–9, LPT1–9), at most `MAX_NAME_BYTES` with `ext`.
pub fn sanitize_file_name(stem: &str, ext: &str) -> String {
    let mut s: String = stem
        .chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let budget = MAX_NAME_BYTES - ext.len() - 1;
    while s.len() > budget {
        s.pop();
    }
    let mut s = s.trim_end_matches(['.', ' ']).to_string();
    let base = s.split('.').next().unwrap_or_default().to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&base.as_str())
        || ((base.starts_with("COM") || base.starts_with("LPT"))
            && base.len() == 4
            && base[3..].chars().all(|c| c.is_ascii_digit()));
    if reserved {
        s.insert(0, '_');
    }
    if s.is_empty() {
        s.push_str("letter");
    }
    format!("{s}.{ext}")
}
