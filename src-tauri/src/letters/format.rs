//! Dates and amounts as each language prints them on a letter.

use chrono::{Datelike, NaiveDate};

use crate::domain::lang::Lang;
use crate::domain::money::Money;

pub fn date(d: NaiveDate, lang: Lang) -> String {
    const RU: [&str; 12] = [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let m = d.month0() as usize;
    match lang {
        Lang::ZhCn | Lang::ZhTw => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::Ru => format!("{} {} {} г.", d.day(), RU[m], d.year()),
        Lang::En => format!("{} {} {}", d.day(), EN[m], d.year()),
    }
}

/// `12,345.60 CNY`, `12 345,60 RUB` (no floating point: the decimal string is regrouped).
pub fn money(m: &Money, lang: Lang) -> String {
    let s = m.amount().to_string();
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, s),
    };
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let (group, dec) = match lang {
        Lang::Ru => ('\u{a0}', ','),
        _ => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let mut out = format!("{}{grouped}", if neg { "-" } else { "" });
    if let Some(f) = frac {
        out.push(dec);
        out.push_str(&f);
    }
    out.push(' ');
    out.push_str(m.currency().code());
    out
}

/// "Page 1 of 3" in the letter's language.
pub fn page_label(lang: Lang) -> fn(usize, usize) -> String {
    match lang {
        Lang::ZhCn => |i, n| format!("第 {i} 页 共 {n} 页"),
        Lang::ZhTw => |i, n| format!("第 {i} 頁，共 {n} 頁"),
        Lang::Ru => |i, n| format!("Страница {i} из {n}"),
        Lang::En => |i, n| format!("Page {i} of {n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;

    #[test]
    fn dates_and_amounts_per_language() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        assert_eq!(date(d, Lang::ZhCn), "2026年11月3日");
        assert_eq!(date(d, Lang::Ru), "3 ноября 2026 г.");
        assert_eq!(date(d, Lang::En), "3 November 2026");
        let m = Money::parse("1234567.5", Currency::parse("RUB").unwrap()).unwrap();
        assert_eq!(money(&m, Lang::Ru), "1\u{a0}234\u{a0}567,50 RUB");
        assert_eq!(money(&m, Lang::En), "1,234,567.50 RUB");
    }
}
