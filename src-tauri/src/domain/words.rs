//! Amounts in words as printed on letters (domain.md): 大写 for zh-CN and zh-TW, прописью
//! with the currency declined by the number for ru, cheque style for en
//! ("Sixteen thousand four hundred nine and 02/100 US dollars"). Pure.

use super::error::{AppError, AppResult, ErrorCode};
use super::lang::Lang;
use super::money::Money;

/// The amount in words in `lang`.
pub fn amount_in_words(m: Money, lang: Lang) -> AppResult<String> {
    if m.is_negative() {
        return Err(AppError::new(
            ErrorCode::InvalidAmount,
            "A negative amount has no words on a letter",
        ));
    }
    let minor_digits = m.currency().minor_units();
    let units = m.minor_units()?;
    let scale = 10i64.pow(minor_digits);
    let (major, minor) = ((units / scale) as u64, (units % scale) as u64);
    if major >= 1_000_000_000_000 {
        return Err(AppError::new(
            ErrorCode::InvalidAmount,
            "The amount is too large to write in words",
        ));
    }
    let currency = m.currency();
    let code = currency.code();
    Ok(match lang {
        Lang::ZhCn => chinese(code, major, minor, minor_digits, false),
        Lang::ZhTw => chinese(code, major, minor, minor_digits, true),
        Lang::Ru => russian(code, major, minor, minor_digits),
        Lang::En => english(code, major, minor, minor_digits),
    })
}

// ---------------------------------------------------------------- Chinese 大写

fn chinese(code: &str, major: u64, minor: u64, digits: u32, traditional: bool) -> String {
    let prefix = match (code, traditional) {
        ("CNY", false) => "人民币",
        ("CNY", true) => "人民幣",
        ("TWD", false) => "新台币",
        ("TWD", true) => "新臺幣",
        ("HKD", false) => "港币",
        ("HKD", true) => "港幣",
        ("USD", _) => "美元",
        ("EUR", false) => "欧元",
        ("EUR", true) => "歐元",
        ("GBP", false) => "英镑",
        ("GBP", true) => "英鎊",
        ("RUB", false) => "卢布",
        ("RUB", true) => "盧布",
        ("JPY", _) => "日元",
        _ => code,
    };
    let d: [&str; 10] = if traditional {
        ["零", "壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖"]
    } else {
        ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"]
    };
    let big: [&str; 3] = if traditional {
        ["", "萬", "億"]
    } else {
        ["", "万", "亿"]
    };
    let mut out = String::from(prefix);
    let (jiao, fen) = match digits {
        0 => (0, 0),
        1 => (minor, 0),
        _ => (
            minor / 10u64.pow(digits - 1),
            (minor / 10u64.pow(digits - 2)) % 10,
        ),
    };
    if major > 0 {
        out.push_str(&chinese_integer(major, &d, &big));
        out.push('元');
    }
    if jiao == 0 && fen == 0 {
        if major == 0 {
            out.push_str("零元");
        }
        out.push('整');
        return out;
    }
    if jiao > 0 {
        out.push_str(d[jiao as usize]);
        out.push('角');
    } else if major > 0 {
        out.push('零');
    }
    if fen > 0 {
        out.push_str(d[fen as usize]);
        out.push('分');
    } else {
        out.push('整');
    }
    out
}

fn chinese_integer(n: u64, d: &[&str; 10], big: &[&str; 3]) -> String {
    // Groups of four digits: 个, 万, 亿.
    let groups = [
        (n / 100_000_000) % 10_000,
        (n / 10_000) % 10_000,
        n % 10_000,
    ];
    let mut out = String::new();
    let mut zero_pending = false;
    let mut started = false;
    for (gi, g) in groups.iter().enumerate() {
        let unit = big[2 - gi];
        if *g == 0 {
            if started {
                zero_pending = true;
            }
            continue;
        }
        if started && (*g < 1000 || zero_pending) {
            zero_pending = true;
        }
        let digits = [g / 1000, (g / 100) % 10, (g / 10) % 10, g % 10];
        let units = ["仟", "佰", "拾", ""];
        for (i, x) in digits.iter().enumerate() {
            if *x == 0 {
                if started {
                    zero_pending = true;
                }
                continue;
            }
            if zero_pending {
                out.push('零');
                zero_pending = false;
            }
            out.push_str(d[*x as usize]);
            out.push_str(units[i]);
            started = true;
        }
        out.push_str(unit);
        // Zeros at the end of a group are not read (每节末尾的0不读).
        zero_pending = false;
    }
    out
}

// ---------------------------------------------------------------- Russian прописью

#[derive(Clone, Copy, PartialEq)]
enum Gender {
    Masculine,
    Feminine,
}

/// Forms for 1, 2–4 and 5+ (and 11–14).
struct Noun(&'static str, &'static str, &'static str, Gender);

fn plural(n: u64, forms: &Noun) -> &'static str {
    let (n10, n100) = (n % 10, n % 100);
    if (11..=14).contains(&n100) {
        forms.2
    } else if n10 == 1 {
        forms.0
    } else if (2..=4).contains(&n10) {
        forms.1
    } else {
        forms.2
    }
}

fn ru_triplet(n: u64, gender: Gender) -> Vec<&'static str> {
    const HUNDREDS: [&str; 10] = [
        "",
        "сто",
        "двести",
        "триста",
        "четыреста",
        "пятьсот",
        "шестьсот",
        "семьсот",
        "восемьсот",
        "девятьсот",
    ];
    const TENS: [&str; 10] = [
        "",
        "",
        "двадцать",
        "тридцать",
        "сорок",
        "пятьдесят",
        "шестьдесят",
        "семьдесят",
        "восемьдесят",
        "девяносто",
    ];
    const TEENS: [&str; 10] = [
        "десять",
        "одиннадцать",
        "двенадцать",
        "тринадцать",
        "четырнадцать",
        "пятнадцать",
        "шестнадцать",
        "семнадцать",
        "восемнадцать",
        "девятнадцать",
    ];
    const UNITS: [&str; 10] = [
        "",
        "один",
        "два",
        "три",
        "четыре",
        "пять",
        "шесть",
        "семь",
        "восемь",
        "девять",
    ];
    let mut w = Vec::new();
    if n / 100 > 0 {
        w.push(HUNDREDS[(n / 100) as usize]);
    }
    let rest = n % 100;
    if (10..20).contains(&rest) {
        w.push(TEENS[(rest - 10) as usize]);
        return w;
    }
    if rest / 10 > 0 {
        w.push(TENS[(rest / 10) as usize]);
    }
    let u = rest % 10;
    if u > 0 {
        w.push(match (u, gender) {
            (1, Gender::Feminine) => "одна",
            (2, Gender::Feminine) => "две",
            _ => UNITS[u as usize],
        });
    }
    w
}

fn ru_number(n: u64, gender: Gender) -> String {
    if n == 0 {
        return "ноль".into();
    }
    let scales = [
        (
            1_000_000_000,
            Noun("миллиард", "миллиарда", "миллиардов", Gender::Masculine),
        ),
        (
            1_000_000,
            Noun("миллион", "миллиона", "миллионов", Gender::Masculine),
        ),
        (1_000, Noun("тысяча", "тысячи", "тысяч", Gender::Feminine)),
    ];
    let mut words: Vec<&str> = Vec::new();
    let mut rest = n;
    for (size, noun) in &scales {
        let part = rest / size;
        rest %= size;
        if part > 0 {
            words.extend(ru_triplet(part, noun.3));
            words.push(plural(part, noun));
        }
    }
    words.extend(ru_triplet(rest, gender));
    words.join(" ")
}

/// The currency's unit and its hundredth in Russian, each with its three forms and gender;
/// blank for a currency without Russian names (its code is written instead).
fn ru_currency(code: &str) -> (Noun, Noun) {
    use Gender::*;
    match code {
        "RUB" => (
            Noun("рубль", "рубля", "рублей", Masculine),
            Noun("копейка", "копейки", "копеек", Feminine),
        ),
        "USD" => (
            Noun("доллар США", "доллара США", "долларов США", Masculine),
            Noun("цент", "цента", "центов", Masculine),
        ),
        "EUR" => (
            Noun("евро", "евро", "евро", Masculine),
            Noun("евроцент", "евроцента", "евроцентов", Masculine),
        ),
        "GBP" => (
            Noun(
                "фунт стерлингов",
                "фунта стерлингов",
                "фунтов стерлингов",
                Masculine,
            ),
            Noun("пенс", "пенса", "пенсов", Masculine),
        ),
        "CNY" => (
            Noun("юань", "юаня", "юаней", Masculine),
            Noun("фэнь", "фэня", "фэней", Masculine),
        ),
        "TWD" => (
            Noun(
                "новый тайваньский доллар",
                "новых тайваньских доллара",
                "новых тайваньских долларов",
                Masculine,
            ),
            Noun("цент", "цента", "центов", Masculine),
        ),
        "HKD" => (
            Noun(
                "гонконгский доллар",
                "гонконгских доллара",
                "гонконгских долларов",
                Masculine,
            ),
            Noun("цент", "цента", "центов", Masculine),
        ),
        "UAH" => (
            Noun("гривна", "гривны", "гривен", Feminine),
            Noun("копейка", "копейки", "копеек", Feminine),
        ),
        "KZT" => (
            Noun("тенге", "тенге", "тенге", Masculine),
            Noun("тиын", "тиына", "тиынов", Masculine),
        ),
        "BYN" => (
            Noun(
                "белорусский рубль",
                "белорусских рубля",
                "белорусских рублей",
                Masculine,
            ),
            Noun("копейка", "копейки", "копеек", Feminine),
        ),
        _ => (Noun("", "", "", Masculine), Noun("", "", "", Masculine)),
    }
}

fn russian(code: &str, major: u64, minor: u64, digits: u32) -> String {
    let (main, sub) = ru_currency(code);
    let mut text = ru_number(major, main.3);
    // «Одна тысяча», not «тысяча»: the count is always written out.
    let unit = plural(major, &main);
    if unit.is_empty() {
        text.push(' ');
        text.push_str(code);
    } else {
        text.push(' ');
        text.push_str(unit);
    }
    if digits > 0 {
        let sub_word = plural(minor, &sub);
        text.push_str(&format!(" {:0width$}", minor, width = digits as usize));
        if !sub_word.is_empty() {
            text.push(' ');
            text.push_str(sub_word);
        }
    }
    capitalize(&text)
}

// ---------------------------------------------------------------- English

fn en_below_1000(n: u64) -> String {
    const ONES: [&str; 20] = [
        "",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let mut parts = Vec::new();
    if n >= 100 {
        parts.push(format!("{} hundred", ONES[(n / 100) as usize]));
    }
    let rest = n % 100;
    if rest > 0 {
        if rest < 20 {
            parts.push(ONES[rest as usize].to_string());
        } else if rest % 10 == 0 {
            parts.push(TENS[(rest / 10) as usize].to_string());
        } else {
            parts.push(format!(
                "{}-{}",
                TENS[(rest / 10) as usize],
                ONES[(rest % 10) as usize]
            ));
        }
    }
    parts.join(" ")
}

fn en_number(n: u64) -> String {
    if n == 0 {
        return "zero".into();
    }
    let scales = [
        (1_000_000_000, "billion"),
        (1_000_000, "million"),
        (1_000, "thousand"),
    ];
    let mut parts = Vec::new();
    let mut rest = n;
    for (size, name) in scales {
        if rest >= size {
            parts.push(format!("{} {name}", en_below_1000(rest / size)));
            rest %= size;
        }
    }
    if rest > 0 {
        parts.push(en_below_1000(rest));
    }
    parts.join(" ")
}

fn english(code: &str, major: u64, minor: u64, digits: u32) -> String {
    let name = match code {
        "USD" => "US dollars",
        "EUR" => "euros",
        "GBP" => "pounds sterling",
        "CNY" => "Chinese yuan (renminbi)",
        "TWD" => "New Taiwan dollars",
        "HKD" => "Hong Kong dollars",
        "RUB" => "Russian roubles",
        "JPY" => "Japanese yen",
        other => other,
    };
    let mut text = en_number(major);
    if digits > 0 {
        let scale = 10u64.pow(digits);
        text.push_str(&format!(
            " and {:0width$}/{scale}",
            minor,
            width = digits as usize
        ));
    }
    text.push(' ');
    text.push_str(name);
    capitalize(&text)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;

    fn w(amount: &str, cur: &str, lang: Lang) -> String {
        amount_in_words(
            Money::parse(amount, Currency::parse(cur).unwrap()).unwrap(),
            lang,
        )
        .unwrap()
    }

    #[test]
    fn chinese_capitals() {
        assert_eq!(
            w("16409.02", "CNY", Lang::ZhCn),
            "人民币壹万陆仟肆佰零玖元零贰分"
        );
        assert_eq!(w("16409", "TWD", Lang::ZhTw), "新臺幣壹萬陸仟肆佰零玖元整");
        assert_eq!(w("100000", "CNY", Lang::ZhCn), "人民币壹拾万元整");
        assert_eq!(w("10", "CNY", Lang::ZhCn), "人民币壹拾元整");
        assert_eq!(w("1005.50", "CNY", Lang::ZhCn), "人民币壹仟零伍元伍角整");
        assert_eq!(w("0.05", "CNY", Lang::ZhCn), "人民币伍分");
        assert_eq!(w("0", "CNY", Lang::ZhCn), "人民币零元整");
        assert_eq!(w("100010", "CNY", Lang::ZhCn), "人民币壹拾万零壹拾元整");
        assert_eq!(w("10001000", "CNY", Lang::ZhCn), "人民币壹仟万壹仟元整");
        assert_eq!(w("100000001", "CNY", Lang::ZhCn), "人民币壹亿零壹元整");
        assert_eq!(w("120030", "CNY", Lang::ZhCn), "人民币壹拾贰万零叁拾元整");
        assert_eq!(w("3000000.10", "HKD", Lang::ZhTw), "港幣參佰萬元壹角整");
        assert_eq!(
            w("43502.40", "CNY", Lang::ZhCn),
            "人民币肆万叁仟伍佰零贰元肆角整"
        );
        assert_eq!(w("1200.00", "USD", Lang::ZhCn), "美元壹仟贰佰元整");
    }

    #[test]
    fn russian_declension() {
        assert_eq!(
            w("10000.25", "RUB", Lang::Ru),
            "Десять тысяч рублей 25 копеек"
        );
        assert_eq!(
            w("1200.01", "RUB", Lang::Ru),
            "Одна тысяча двести рублей 01 копейка"
        );
        assert_eq!(w("2.02", "RUB", Lang::Ru), "Два рубля 02 копейки");
        assert_eq!(w("21", "RUB", Lang::Ru), "Двадцать один рубль 00 копеек");
        assert_eq!(
            w("2000000", "RUB", Lang::Ru),
            "Два миллиона рублей 00 копеек"
        );
        assert_eq!(
            w("112.11", "USD", Lang::Ru),
            "Сто двенадцать долларов США 11 центов"
        );
        assert_eq!(w("1", "EUR", Lang::Ru), "Один евро 00 евроцентов");
        assert_eq!(
            w("42000", "UAH", Lang::Ru),
            "Сорок две тысячи гривен 00 копеек"
        );
        assert_eq!(w("1", "UAH", Lang::Ru), "Одна гривна 00 копеек");
        assert_eq!(w("3", "GBP", Lang::Ru), "Три фунта стерлингов 00 пенсов");
        assert_eq!(w("5", "CNY", Lang::Ru), "Пять юаней 00 фэней");
        assert_eq!(
            w("22", "TWD", Lang::Ru),
            "Двадцать два новых тайваньских доллара 00 центов"
        );
        assert_eq!(
            w("11", "HKD", Lang::Ru),
            "Одиннадцать гонконгских долларов 00 центов"
        );
    }

    #[test]
    fn english_cheque_style() {
        assert_eq!(
            w("16409.02", "USD", Lang::En),
            "Sixteen thousand four hundred nine and 02/100 US dollars"
        );
        assert_eq!(
            w("1000000", "EUR", Lang::En),
            "One million and 00/100 euros"
        );
        assert_eq!(
            w("70.5", "GBP", Lang::En),
            "Seventy and 50/100 pounds sterling"
        );
        assert_eq!(
            w("43", "CNY", Lang::En),
            "Forty-three and 00/100 Chinese yuan (renminbi)"
        );
        assert_eq!(
            w("1234", "TWD", Lang::En),
            "One thousand two hundred thirty-four and 00/100 New Taiwan dollars"
        );
        assert_eq!(
            w("999", "HKD", Lang::En),
            "Nine hundred ninety-nine and 00/100 Hong Kong dollars"
        );
        assert_eq!(w("5", "RUB", Lang::En), "Five and 00/100 Russian roubles");
        assert_eq!(
            w("1500", "JPY", Lang::En),
            "One thousand five hundred Japanese yen"
        );
    }
}
