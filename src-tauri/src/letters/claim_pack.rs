//! The claim pack for the hand-over stage (court or collector): one PDF with bookmarks —
//! statement of account, the invoices, every letter (a cover with its dispatch and
//! delivery records, then the kept letter's own pages), the interest calculation and an
//! extract of the communication log with its hash-chain verification. Pure: the service
//! gathers the facts (cells already formatted) and the kept letters' bytes.

use std::sync::Arc;

use super::appendix::Appendix;
use super::compose::{chain, Laid, Table};
use super::layout::{Align, Flow, Paper, MM};
use crate::domain::lang::Lang;

/// One invoice: its heading line, its lines as a table, notes (payments, credits).
#[derive(Debug, Clone)]
pub struct PackInvoice {
    pub heading: String,
    pub lines: Table,
    pub notes: Vec<String>,
}

/// One kept letter: its cover (heading, details, dispatch table) and its PDF.
#[derive(Debug, Clone)]
pub struct PackLetter {
    pub heading: String,
    pub details: Vec<String>,
    pub dispatches: Option<Table>,
    pub pdf: Arc<Vec<u8>>,
}

#[derive(Debug, Clone)]
pub struct PackFacts {
    pub lang: Lang,
    pub paper: Paper,
    /// "Harper & Lowe LLP — Oakridge Foods Ltd — as at 3 December 2026".
    pub heading: String,
    pub statement: Table,
    pub payments: Option<Table>,
    pub invoices: Vec<PackInvoice>,
    pub letters: Vec<PackLetter>,
    pub interest: Option<Appendix>,
    pub log: Table,
    /// The hash chain's verification, one sentence.
    pub verification: String,
}

/// The section titles per language.
pub struct Words {
    pub pack: &'static str,
    pub statement: &'static str,
    pub payments: &'static str,
    pub invoices: &'static str,
    pub letters: &'static str,
    pub dispatches: &'static str,
    pub no_dispatch: &'static str,
    pub interest: &'static str,
    pub no_interest: &'static str,
    pub log: &'static str,
    pub statement_head: [&'static str; 6],
    pub payments_head: [&'static str; 4],
    pub lines_head: [&'static str; 4],
    pub dispatch_head: [&'static str; 6],
    pub log_head: [&'static str; 4],
    pub total: &'static str,
    /// `{n}`: entries.
    pub chain_ok: &'static str,
    /// `{n}`: entries, `{ids}`: broken entries, `{a}`: attachments missing or changed.
    pub chain_bad: &'static str,
    /// `{sha}`, `{pages}`.
    pub kept: &'static str,
}

pub fn words(lang: Lang) -> Words {
    match lang {
        Lang::ZhCn => ZH_CN,
        Lang::ZhTw => ZH_TW,
        Lang::Ru => RU,
        Lang::En => EN,
    }
}

/// The section titles in Simplified Chinese (mainland China).
const ZH_CN: Words = Words {
    pack: "债权材料汇编",
    statement: "一、对账单",
    payments: "收款记录",
    invoices: "二、发票",
    letters: "三、函件及送达记录",
    dispatches: "发送及送达记录",
    no_dispatch: "未记录发送。",
    interest: "四、利息计算",
    no_interest: "无适用的利息计算。",
    log: "五、往来记录摘录",
    statement_head: ["发票", "开具日期", "到期日", "逾期天数", "金额", "未付金额"],
    payments_head: ["收款日期", "方式", "金额", "参考号"],
    lines_head: ["项目", "数量", "单价", "金额"],
    dispatch_head: [
        "方式",
        "单号",
        "发送日期",
        "送达日期",
        "备注",
        "回执 SHA-256",
    ],
    log_head: ["序号", "日期", "内容", "哈希 SHA-256"],
    total: "合计",
    chain_ok: "哈希链校验通过：共{n}条记录，链条完整，所有附件与其 SHA-256 一致。",
    chain_bad: "哈希链校验未通过：共{n}条记录，断链记录：{ids}；缺失或被改动的附件：{a}个。",
    kept: "存档副本 SHA-256：{sha} · {pages}页",
};

/// The section titles in Traditional Chinese (Taiwan).
const ZH_TW: Words = Words {
    pack: "債權資料彙編",
    statement: "一、對帳單",
    payments: "收款紀錄",
    invoices: "二、發票",
    letters: "三、函件及送達紀錄",
    dispatches: "寄送及送達紀錄",
    no_dispatch: "未紀錄寄送。",
    interest: "四、利息計算",
    no_interest: "無適用的利息計算。",
    log: "五、往來紀錄摘錄",
    statement_head: ["發票", "開立日期", "到期日", "逾期日數", "金額", "未付金額"],
    payments_head: ["收款日期", "方式", "金額", "參考號"],
    lines_head: ["項目", "數量", "單價", "金額"],
    dispatch_head: [
        "方式",
        "單號",
        "寄送日期",
        "送達日期",
        "備註",
        "回執 SHA-256",
    ],
    log_head: ["序號", "日期", "內容", "雜湊 SHA-256"],
    total: "合計",
    chain_ok: "雜湊鏈驗證通過：共{n}筆紀錄，鏈結完整，所有附件與其 SHA-256 相符。",
    chain_bad: "雜湊鏈驗證未通過：共{n}筆紀錄，斷鏈紀錄：{ids}；遺失或遭變更的附件：{a}個。",
    kept: "存檔副本 SHA-256：{sha} · {pages}頁",
};

/// The section titles in Russian.
const RU: Words = Words {
    pack: "Пакет документов по задолженности",
    statement: "1. Акт сверки (выписка по счёту)",
    payments: "Поступившие платежи",
    invoices: "2. Счета",
    letters: "3. Письма, их отправка и вручение",
    dispatches: "Отправка и вручение",
    no_dispatch: "Отправка не зарегистрирована.",
    interest: "4. Расчёт процентов",
    no_interest: "Расчёт процентов не применим.",
    log: "5. Выписка из журнала переписки",
    statement_head: ["Счёт", "Выставлен", "Срок оплаты", "Дней просрочки", "Сумма", "Не оплачено"],
    payments_head: ["Получен", "Способ", "Сумма", "Назначение"],
    lines_head: ["Наименование", "Кол-во", "Цена", "Сумма"],
    dispatch_head: ["Способ", "Номер", "Отправлено", "Вручено", "Примечание", "Уведомление SHA-256"],
    log_head: ["№", "Дата", "Запись", "Хеш SHA-256"],
    total: "Итого",
    chain_ok: "Цепочка хешей проверена: записей — {n}, цепочка не нарушена, все вложения соответствуют своим SHA-256.",
    chain_bad: "Проверка цепочки хешей НЕ пройдена: записей — {n}, нарушены записи {ids}; вложений отсутствует или изменено: {a}.",
    kept: "SHA-256 хранимой копии: {sha} · страниц: {pages}",
};

/// The section titles in English.
const EN: Words = Words {
    pack: "Claim pack",
    statement: "1. Statement of account",
    payments: "Payments received",
    invoices: "2. Invoices",
    letters: "3. Letters with dispatch and delivery records",
    dispatches: "Dispatch and delivery",
    no_dispatch: "No dispatch recorded.",
    interest: "4. Interest calculation",
    no_interest: "No interest calculation applies.",
    log: "5. Extract of the communication log",
    statement_head: ["Invoice", "Issued", "Due", "Days late", "Amount", "Open"],
    payments_head: ["Received", "Method", "Amount", "Reference"],
    lines_head: ["Description", "Quantity", "Unit price", "Amount"],
    dispatch_head: ["Way", "Number", "Sent", "Delivered", "Note", "Receipt SHA-256"],
    log_head: ["No.", "Date", "Entry", "Hash SHA-256"],
    total: "Total",
    chain_ok: "Hash chain verified: {n} entries, unbroken; every attachment matches its SHA-256.",
    chain_bad: "Hash chain check FAILED: {n} entries, broken at entries {ids}; attachments missing or changed: {a}.",
    kept: "Kept copy SHA-256: {sha} · {pages} pages",
};

/// The column layouts of the pack's tables.
#[derive(Debug, Clone, Copy)]
pub enum Cols {
    Statement,
    Payments,
    Lines,
    Dispatch,
    Log,
}

/// A table of `rows` under `head` in the layout `cols`; `total`: the last row is bold.
pub fn table_of(cols: Cols, head: &[&str], rows: Vec<Vec<String>>, total: bool) -> Table {
    let (l, r) = (Align::Left, Align::Right);
    let columns: Vec<(f32, Align)> = match cols {
        Cols::Statement => vec![
            (0.2, l),
            (0.15, l),
            (0.15, l),
            (0.12, r),
            (0.19, r),
            (0.19, r),
        ],
        Cols::Payments => vec![(0.2, l), (0.2, l), (0.25, r), (0.35, l)],
        Cols::Lines => vec![(0.5, l), (0.12, r), (0.19, r), (0.19, r)],
        Cols::Dispatch => vec![
            (0.12, l),
            (0.26, l),
            (0.13, l),
            (0.13, l),
            (0.2, l),
            (0.16, l),
        ],
        Cols::Log => vec![(0.08, r), (0.16, l), (0.56, l), (0.2, l)],
    };
    Table {
        columns,
        header: head.iter().map(|s| s.to_string()).collect(),
        rows,
        total_row: total,
    }
}

/// A bookmark: its title, the part it points into and the page within that part.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub title: String,
    pub part: usize,
    pub page: usize,
    pub children: Vec<Mark>,
}

/// The pack's pieces in order: pages laid out here, or a kept letter's PDF as it is.
pub enum Part {
    Laid(Laid),
    Pdf(Arc<Vec<u8>>),
}

fn flow(f: &PackFacts) -> Flow {
    Flow::new(f.paper, chain(f.lang))
}

fn done(f: Flow) -> Laid {
    Laid {
        width: f.width,
        height: f.height,
        pages: f.pages,
        missing: f.missing,
    }
}

fn title(f: &mut Flow, text: &str) {
    f.paragraph(text, 14.0, true, Align::Left, 4.0 * MM);
}

fn table(f: &mut Flow, t: &Table) {
    f.table(&t.columns, &t.header, &t.rows, 8.5, t.total_row);
    f.space(3.0 * MM);
}

/// The page of `f` the next block starts on (a new page when little room is left).
fn here(f: &mut Flow) -> usize {
    f.ensure(30.0 * MM);
    f.pages.len() - 1
}

fn statement(facts: &PackFacts, w: &Words) -> Laid {
    let mut f = flow(facts);
    f.paragraph(w.pack, 16.0, true, Align::Left, 2.0 * MM);
    f.paragraph(&facts.heading, 10.0, false, Align::Left, 6.0 * MM);
    title(&mut f, w.statement);
    table(&mut f, &facts.statement);
    if let Some(p) = &facts.payments {
        f.paragraph(w.payments, 11.0, true, Align::Left, 2.0 * MM);
        table(&mut f, p);
    }
    done(f)
}

fn invoices(facts: &PackFacts, w: &Words) -> (Laid, Vec<Mark>) {
    let mut f = flow(facts);
    title(&mut f, w.invoices);
    let mut marks = Vec::new();
    for inv in &facts.invoices {
        marks.push(Mark {
            title: inv.heading.clone(),
            part: 1,
            page: here(&mut f),
            children: Vec::new(),
        });
        f.paragraph(&inv.heading, 11.0, true, Align::Left, 2.0 * MM);
        table(&mut f, &inv.lines);
        for n in &inv.notes {
            f.paragraph(n, 9.0, false, Align::Left, 1.0 * MM);
        }
        f.space(4.0 * MM);
    }
    (done(f), marks)
}

fn letter_cover(facts: &PackFacts, w: &Words, l: &PackLetter, first: bool) -> Laid {
    let mut f = flow(facts);
    if first {
        title(&mut f, w.letters);
    }
    f.paragraph(&l.heading, 12.0, true, Align::Left, 3.0 * MM);
    for d in &l.details {
        f.paragraph(d, 9.0, false, Align::Left, 1.0 * MM);
    }
    f.space(3.0 * MM);
    f.paragraph(w.dispatches, 11.0, true, Align::Left, 2.0 * MM);
    match &l.dispatches {
        Some(t) => table(&mut f, t),
        None => f.paragraph(w.no_dispatch, 9.0, false, Align::Left, 2.0 * MM),
    }
    done(f)
}

fn interest_and_log(facts: &PackFacts, w: &Words, part: usize) -> (Laid, Vec<Mark>) {
    let mut f = flow(facts);
    let mut marks = vec![Mark {
        title: w.interest.into(),
        part,
        page: 0,
        children: Vec::new(),
    }];
    title(&mut f, w.interest);
    match &facts.interest {
        Some(a) => {
            table(&mut f, &a.table);
            for n in &a.notes {
                f.paragraph(n, 8.5, false, Align::Left, 1.5 * MM);
            }
        }
        None => f.paragraph(w.no_interest, 9.0, false, Align::Left, 2.0 * MM),
    }
    f.new_page();
    marks.push(Mark {
        title: w.log.into(),
        part,
        page: f.pages.len() - 1,
        children: Vec::new(),
    });
    title(&mut f, w.log);
    f.paragraph(&facts.verification, 10.0, true, Align::Left, 3.0 * MM);
    table(&mut f, &facts.log);
    (done(f), marks)
}

/// Lays the pack out: its parts in order and its bookmarks (sections, each invoice and
/// each letter beneath theirs).
pub fn lay_out(facts: &PackFacts) -> (Vec<Part>, Vec<Mark>) {
    let w = words(facts.lang);
    let mut parts = vec![Part::Laid(statement(facts, &w))];
    let mut marks = vec![Mark {
        title: w.statement.into(),
        part: 0,
        page: 0,
        children: Vec::new(),
    }];
    let (inv, inv_marks) = invoices(facts, &w);
    parts.push(Part::Laid(inv));
    marks.push(Mark {
        title: w.invoices.into(),
        part: 1,
        page: 0,
        children: inv_marks,
    });
    let mut letter_marks = Vec::new();
    for (i, l) in facts.letters.iter().enumerate() {
        letter_marks.push(Mark {
            title: l.heading.clone(),
            part: parts.len(),
            page: 0,
            children: Vec::new(),
        });
        parts.push(Part::Laid(letter_cover(facts, &w, l, i == 0)));
        parts.push(Part::Pdf(l.pdf.clone()));
    }
    if let Some(first) = letter_marks.first() {
        marks.push(Mark {
            title: w.letters.into(),
            part: first.part,
            page: 0,
            children: letter_marks,
        });
    }
    let (rest, rest_marks) = interest_and_log(facts, &w, parts.len());
    parts.push(Part::Laid(rest));
    marks.extend(rest_marks);
    (parts, marks)
}
