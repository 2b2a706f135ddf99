//! A letter's number: its own gapless sequence per kind and year, the prefix of the
//! letter's language and a tag per kind.

use crate::domain::lang::Lang;
use crate::letters::format;
use crate::letters::templates::Kind;
use crate::store::sequences;

/// A letter's number: its own sequence per kind and year; the prefix of the letter's
/// language (Latin script for ru and en) and a tag per kind — `明理律函〔2026〕第0007号` for a
/// 律师函, `明理律函提醒〔2026〕第0003号`, `ML-D-2026-0007`, `ML-R1-2026-0003`.
pub fn letter_number(prefix: &str, kind: Kind, lang: Lang, year: i32, n: i64) -> String {
    let tag = kind_tag(kind, lang);
    match lang {
        Lang::ZhCn => format!("{prefix}{tag}〔{year}〕第{n:04}号"),
        Lang::ZhTw => format!("{prefix}{tag}〔{year}〕第{n:04}號"),
        _ => sequences::format_number(&format!("{prefix}-{tag}"), year, n),
    }
}

fn kind_tag(kind: Kind, lang: Lang) -> &'static str {
    let tags: [&str; 4] = match kind {
        Kind::Quote => ["报价", "報價", "Q", "Q"],
        Kind::Confirmation => ["确认", "確認", "PC", "PC"],
        Kind::Reminder => ["提醒", "提醒", "R1", "R1"],
        Kind::SecondReminder => ["再提醒", "再提醒", "R2", "R2"],
        Kind::Demand => ["", "", "D", "D"],
    };
    format::pick(lang, tags)
}

pub(super) fn sequence_name(kind: Kind, year: i32) -> String {
    format!("letter/{}/{year}", kind.code())
}
