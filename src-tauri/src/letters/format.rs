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
        Lang::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        // Taiwan dates its documents in 民國 years: 民國元年 = 1912 (中華民國115年 = 2026).
        Lang::ZhTw => format!("中華民國{}年{}月{}日", d.year() - 1911, d.month(), d.day()),
        Lang::Ru => format!("{} {} {} г.", d.day(), RU[m], d.year()),
        Lang::En => format!("{} {} {}", d.day(), EN[m], d.year()),
    }
}

/// The digits of an amount grouped: `1,234,567.50` (or `1 234 567,50` in Russian), with the
/// minor units dropped when `whole` and they are zero. No floating point: the decimal string
/// is regrouped.
fn digits(m: &Money, lang: Lang, whole: bool) -> String {
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
    if let Some(f) = frac.filter(|f| !(whole && f.chars().all(|c| c == '0'))) {
        out.push(dec);
        out.push_str(&f);
    }
    out
}

/// An amount as each language customarily prints it: `人民币43,502.40元`,
/// `新臺幣82,548元`, `1 234,56 руб.`, `£1,234.56`, `€2,400.00`, `US$10.00`; other
/// currencies as `2,400.00 EUR` (or `2 400,00 EUR`).
pub fn money(m: &Money, lang: Lang) -> String {
    let currency = m.currency();
    let code = currency.code();
    match (lang, code) {
        (Lang::ZhCn, "CNY") => format!("人民币{}元", digits(m, lang, false)),
        (Lang::ZhTw, "TWD") => format!("新臺幣{}元", digits(m, lang, true)),
        (Lang::ZhCn, "USD") => format!("{}美元", digits(m, lang, false)),
        (Lang::ZhTw, "USD") => format!("{}美元", digits(m, lang, false)),
        (Lang::Ru, "RUB") => format!("{} руб.", digits(m, lang, false)),
        (Lang::En, "GBP") => sign_first("£", &digits(m, lang, false)),
        (Lang::En, "EUR") => sign_first("€", &digits(m, lang, false)),
        (Lang::En, "USD") => sign_first("US$", &digits(m, lang, false)),
        _ => format!("{} {code}", digits(m, lang, false)),
    }
}

fn sign_first(sign: &str, digits: &str) -> String {
    match digits.strip_prefix('-') {
        Some(rest) => format!("-{sign}{rest}"),
        None => format!("{sign}{digits}"),
    }
}

/// An amount with its currency code, for where a code is clearer than a sign (payment
/// references, tables of several currencies).
pub fn money_code(m: &Money, lang: Lang) -> String {
    format!("{} {}", digits(m, lang, false), m.currency().code())
}

/// "Page 1 of 3" in the letter's language.
pub fn page_label(lang: Lang) -> fn(usize, usize) -> String {
    match lang {
        Lang::ZhCn => |i, n| format!("第{i}页，共{n}页"),
        Lang::ZhTw => |i, n| format!("第{i}頁，共{n}頁"),
        Lang::Ru => |i, n| format!("Страница {i} из {n}"),
        Lang::En => |i, n| format!("Page {i} of {n}"),
    }
}

/// The word for `lang` from a `[zh-CN, zh-TW, ru, en]` set.
pub fn pick<T: Copy>(lang: Lang, words: [T; 4]) -> T {
    match lang {
        Lang::ZhCn => words[0],
        Lang::ZhTw => words[1],
        Lang::Ru => words[2],
        Lang::En => words[3],
    }
}

/// A payment method as a letter names it.
pub fn method(code: &str, lang: Lang) -> &'static str {
    let names: [&str; 4] = match code {
        "bank_transfer" => [
            "银行转账",
            "銀行轉帳",
            "банковский перевод",
            "bank transfer",
        ],
        "cash" => ["现金", "現金", "наличные", "cash"],
        "cheque" => ["支票", "支票", "чек", "cheque"],
        "card" => ["银行卡", "信用卡", "банковская карта", "card"],
        "alipay" => ["支付宝", "支付寶", "Alipay", "Alipay"],
        "wechat_pay" => ["微信支付", "微信支付", "WeChat Pay", "WeChat Pay"],
        "sbp" => [
            "快速支付系统（СБП）",
            "快速支付系統（СБП）",
            "СБП",
            "Faster Payments System (SBP)",
        ],
        _ => ["其他方式", "其他方式", "иной способ", "other means"],
    };
    pick(lang, names)
}

/// The fixed words of a letter in one language.
pub struct Labels {
    pub invoice: &'static str,
    pub issued: &'static str,
    pub due: &'static str,
    pub days_late: &'static str,
    pub open: &'static str,
    pub late_charge: &'static str,
    pub total: &'static str,
    pub amount: &'static str,
    pub stage: &'static str,
    pub service: &'static str,
    pub quantity: &'static str,
    pub payment_heading: &'static str,
    pub holder: &'static str,
    pub bank: &'static str,
    pub account: &'static str,
    pub bic: &'static str,
    pub correspondent: &'static str,
    pub reference: &'static str,
    pub scan_to_pay: &'static str,
    pub no_account: &'static str,
    pub seal: &'static str,
    pub sign: &'static str,
    pub licence: &'static str,
    pub subtotal: &'static str,
    pub discount: &'static str,
    pub tax: &'static str,
    pub factor: &'static str,
    pub applied: &'static str,
    pub to: &'static str,
}

pub fn labels(lang: Lang) -> Labels {
    match lang {
        Lang::ZhCn => ZH_CN,
        Lang::ZhTw => ZH_TW,
        Lang::Ru => RU,
        Lang::En => EN,
    }
}

/// The fixed words in Simplified Chinese (mainland China).
const ZH_CN: Labels = Labels {
    invoice: "账单编号",
    issued: "开具日期",
    due: "到期日",
    days_late: "逾期天数",
    open: "未付金额",
    late_charge: "逾期违约金",
    total: "合计",
    amount: "金额",
    stage: "阶段",
    service: "服务内容",
    quantity: "数量×单价",
    payment_heading: "付款方式",
    holder: "户名",
    bank: "开户行",
    account: "账号",
    bic: "SWIFT/BIC",
    correspondent: "代理行账号",
    reference: "付款备注",
    scan_to_pay: "扫码付款",
    no_account: "请与本所联系获取付款账户信息。",
    seal: "（律师事务所盖章）",
    sign: "签字：",
    licence: "执业许可证号",
    subtotal: "小计",
    discount: "折扣",
    tax: "税额",
    factor: "调整系数",
    applied: "本次冲抵",
    to: "致",
};

/// The fixed words in Traditional Chinese (Taiwan).
const ZH_TW: Labels = Labels {
    invoice: "帳單編號",
    issued: "開立日期",
    due: "到期日",
    days_late: "逾期天數",
    open: "未付金額",
    late_charge: "遲延違約金",
    total: "合計",
    amount: "金額",
    stage: "階段",
    service: "服務內容",
    quantity: "數量×單價",
    payment_heading: "付款方式",
    holder: "戶名",
    bank: "銀行",
    account: "帳號",
    bic: "SWIFT/BIC",
    correspondent: "代理行帳號",
    reference: "付款備註",
    scan_to_pay: "掃碼付款",
    no_account: "請與本所聯繫取得付款帳戶資訊。",
    seal: "（事務所用印）",
    sign: "簽名：",
    licence: "執業證號",
    subtotal: "小計",
    discount: "折扣",
    tax: "稅額",
    factor: "調整係數",
    applied: "本次沖抵",
    to: "受文者",
};

/// The fixed words in Russian.
const RU: Labels = Labels {
    invoice: "Счёт",
    issued: "Дата счёта",
    due: "Срок оплаты",
    days_late: "Дней",
    open: "Долг",
    late_charge: "Неустойка",
    total: "Итого",
    amount: "Сумма",
    stage: "Этап",
    service: "Услуга",
    quantity: "Кол-во × цена",
    payment_heading: "Реквизиты для оплаты",
    holder: "Получатель",
    bank: "Банк",
    account: "Расчётный счёт",
    bic: "БИК",
    correspondent: "Корр. счёт",
    reference: "Назначение платежа",
    scan_to_pay: "QR-код для оплаты",
    no_account: "Реквизиты для оплаты сообщим по запросу.",
    seal: "М. П.",
    sign: "Подпись:",
    licence: "Рег. номер",
    subtotal: "Подытог",
    discount: "Скидка",
    tax: "НДС",
    factor: "Коэффициент",
    applied: "Зачтено",
    to: "Кому",
};

/// The fixed words in English.
const EN: Labels = Labels {
    invoice: "Invoice",
    issued: "Issued",
    due: "Due",
    days_late: "Days late",
    open: "Outstanding",
    late_charge: "Late charge",
    total: "Total",
    amount: "Amount",
    stage: "Stage",
    service: "Service",
    quantity: "Qty × rate",
    payment_heading: "How to pay",
    holder: "Account holder",
    bank: "Bank",
    account: "Account / IBAN",
    bic: "BIC / SWIFT",
    correspondent: "Correspondent account",
    reference: "Reference",
    scan_to_pay: "Scan to pay",
    no_account: "Please contact us for payment details.",
    seal: "(Firm seal)",
    sign: "Signed:",
    licence: "Licence",
    subtotal: "Subtotal",
    discount: "Discount",
    tax: "VAT",
    factor: "Factor",
    applied: "Applied",
    to: "To",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;

    #[test]
    fn dates_and_amounts_per_language() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        assert_eq!(date(d, Lang::ZhCn), "2026年11月3日");
        assert_eq!(date(d, Lang::ZhTw), "中華民國115年11月3日");
        assert_eq!(date(d, Lang::Ru), "3 ноября 2026 г.");
        assert_eq!(date(d, Lang::En), "3 November 2026");
        let m = Money::parse("1234567.5", Currency::parse("RUB").unwrap()).unwrap();
        assert_eq!(money(&m, Lang::Ru), "1\u{a0}234\u{a0}567,50 руб.");
        assert_eq!(money(&m, Lang::En), "1,234,567.50 RUB");
        assert_eq!(money_code(&m, Lang::Ru), "1\u{a0}234\u{a0}567,50 RUB");
        let cur = |c: &str| Currency::parse(c).unwrap();
        let twd = Money::parse("82548", cur("TWD")).unwrap();
        assert_eq!(money(&twd, Lang::ZhTw), "新臺幣82,548元");
        let cny = Money::parse("43502.4", cur("CNY")).unwrap();
        assert_eq!(money(&cny, Lang::ZhCn), "人民币43,502.40元");
        let gbp = Money::parse("1234.56", cur("GBP")).unwrap();
        assert_eq!(money(&gbp, Lang::En), "£1,234.56");
        assert_eq!(money(&gbp.negate(), Lang::En), "-£1,234.56");
    }
}
