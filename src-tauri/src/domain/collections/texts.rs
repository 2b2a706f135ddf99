//! The communication-log lines the daily run writes for actions without a letter (a call
//! task, a hand-over) and for an arrangement that ended, in the client's language.

use crate::domain::lang::Lang;

use super::ladder::Action;

fn pick(lang: Lang, t: [&'static str; 4]) -> &'static str {
    match lang {
        Lang::ZhCn => t[0],
        Lang::ZhTw => t[1],
        Lang::Ru => t[2],
        Lang::En => t[3],
    }
}

/// "Call task: overdue invoices INV-1, INV-2 (passed over: reminder)".
pub fn action_line(action: Action, lang: Lang, invoices: &[String], skipped: &[String]) -> String {
    let head = match action {
        Action::Call => pick(
            lang,
            [
                "催款电话任务",
                "催款電話任務",
                "Задача: звонок по долгу",
                "Call task about overdue fees",
            ],
        ),
        Action::HandOver => pick(
            lang,
            [
                "移交催收/诉讼",
                "移交催收／訴訟",
                "Передано на взыскание",
                "Handed over for collection",
            ],
        ),
        _ => pick(lang, ["催款", "催款", "Напоминание", "Reminder"]),
    };
    let inv = pick(
        lang,
        [
            "逾期账单",
            "逾期帳單",
            "просроченные счета",
            "overdue invoices",
        ],
    );
    let mut line = format!("{head}: {inv} {}", invoices.join(", "));
    if !skipped.is_empty() {
        let passed = pick(
            lang,
            [
                "跳过的阶段",
                "跳過的階段",
                "пропущенные этапы",
                "stages passed over",
            ],
        );
        line.push_str(&format!(" ({passed}: {})", skipped.join(", ")));
    }
    line
}

/// "Arrangement #3 missed on 2026-12-10 (short 300.00 CNY): the reminders resume".
pub fn arrangement_line(lang: Lang, id: i64, missed: Option<(&str, &str)>) -> String {
    match missed {
        Some((on, short)) => format!(
            "{} #{id}: {} {on} ({} {short}) — {}",
            pick(
                lang,
                [
                    "付款安排",
                    "付款安排",
                    "Соглашение о рассрочке",
                    "Payment arrangement"
                ]
            ),
            pick(
                lang,
                [
                    "未按期付款",
                    "未按期付款",
                    "просрочен платёж",
                    "instalment missed on"
                ]
            ),
            pick(lang, ["差额", "差額", "недоплата", "short"]),
            pick(
                lang,
                [
                    "催款程序恢复",
                    "催款程序恢復",
                    "напоминания возобновлены",
                    "the reminders resume"
                ],
            ),
        ),
        None => format!(
            "{} #{id}: {}",
            pick(
                lang,
                [
                    "付款安排",
                    "付款安排",
                    "Соглашение о рассрочке",
                    "Payment arrangement"
                ]
            ),
            pick(
                lang,
                [
                    "已全部履行",
                    "已全部履行",
                    "исполнено полностью",
                    "kept in full"
                ]
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_name_invoices_and_passed_over_stages() {
        let l = action_line(
            Action::Call,
            Lang::En,
            &["INV-1".into(), "INV-2".into()],
            &["reminder".into()],
        );
        assert_eq!(
            l,
            "Call task about overdue fees: overdue invoices INV-1, INV-2 (stages passed over: reminder)"
        );
        assert!(
            arrangement_line(Lang::Ru, 3, Some(("2026-12-10", "300.00 RUB")))
                .contains("возобновлены")
        );
    }
}
