//! Lays out one letter: letterhead (logo, firm, address, licence, contacts), letter number
//! and date, recipient, title, the template's paragraphs with the itemized table and the
//! payment block where the template puts them, and the signature and seal area; a running
//! header and "page N of M" on every page.

use std::sync::Arc;

use super::fonts::{Face, FaceChain};
use super::layout::{Align, Flow, Item, Page, Paper, MM};
use crate::domain::lang::Lang;

/// Where the itemized table and the payment block go in a template's text.
pub const TABLE_MARK: &str = "\u{1}table\u{1}";
pub const PAYMENT_MARK: &str = "\u{1}payment\u{1}";

#[derive(Debug, Clone, Default)]
pub struct Letterhead {
    pub name: String,
    pub lines: Vec<String>,
    /// PNG or JPEG bytes, and whether it is PNG.
    pub logo: Option<(Arc<Vec<u8>>, bool, u32, u32)>,
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub columns: Vec<(f32, Align)>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The last row is a total (bold).
    pub total_row: bool,
}

#[derive(Debug, Clone)]
pub enum QrCode {
    /// A standard payload (EPC, GOST R 56042) drawn as vector modules.
    Payload {
        dark: Vec<bool>,
        n: usize,
        caption: String,
    },
    /// The firm's own image (Alipay, WeChat Pay…).
    Image {
        data: Arc<Vec<u8>>,
        png: bool,
        caption: String,
    },
}

#[derive(Debug, Clone, Default)]
pub struct PaymentBlock {
    pub heading: String,
    pub lines: Vec<String>,
    pub qr: Option<QrCode>,
}

#[derive(Debug, Clone, Default)]
pub struct Signature {
    pub firm: String,
    pub lawyer: String,
    pub seal_label: String,
    pub sign_label: String,
    pub date: String,
}

#[derive(Debug, Clone)]
pub struct LetterDoc {
    pub lang: Lang,
    pub paper: Paper,
    pub letterhead: Letterhead,
    /// "No. 明理律函〔2026〕第0007号" and the date line, printed top right.
    pub number_line: String,
    pub date_line: String,
    pub recipient: Vec<String>,
    pub title: String,
    /// The rendered template: paragraphs separated by blank lines; a paragraph equal to
    /// [`TABLE_MARK`] or [`PAYMENT_MARK`] places that block.
    pub body: String,
    pub table: Option<Table>,
    pub payment: Option<PaymentBlock>,
    pub signature: Signature,
    pub page_label: fn(usize, usize) -> String,
    /// Enclosures printed as further pages of the same PDF, each (title, paragraphs) on a
    /// new page (the Annex 1 forms of England & Wales' Pre-Action Protocol for Debt Claims).
    pub annex: Vec<(String, String)>,
    /// A demand's calculation appendix (`letters::appendix`), on its own page at the end.
    pub appendix: Option<super::appendix::Appendix>,
}

pub fn chain(lang: Lang) -> FaceChain {
    match lang {
        Lang::ZhCn => FaceChain {
            cjk: Face::CjkSc,
            chinese_first: true,
        },
        Lang::ZhTw => FaceChain {
            cjk: Face::CjkTc,
            chinese_first: true,
        },
        Lang::Ru | Lang::En => FaceChain {
            cjk: Face::CjkSc,
            chinese_first: false,
        },
    }
}

#[derive(Default)]
pub struct Laid {
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Page>,
    pub missing: Vec<char>,
}

pub fn compose(doc: &LetterDoc) -> Laid {
    let mut f = Flow::new(doc.paper, chain(doc.lang));
    letterhead(&mut f, &doc.letterhead);
    number_and_recipient(&mut f, doc);
    f.paragraph(&doc.title, 17.0, true, Align::Center, 5.0 * MM);
    f.running_header = format!(
        "{} · {} · {}",
        doc.letterhead.name, doc.number_line, doc.date_line
    );
    body(&mut f, doc);
    signature(&mut f, &doc.signature);
    annex(&mut f, &doc.annex);
    if let Some(a) = &doc.appendix {
        appendix(&mut f, a);
    }
    f.number_pages(doc.page_label);
    Laid {
        width: f.width,
        height: f.height,
        pages: f.pages,
        missing: f.missing,
    }
}

/// Letterhead: logo left, firm name and details beside it; two rules below.
fn letterhead(f: &mut Flow, head: &Letterhead) {
    let cw = f.content_width();
    let m = f.margin;
    let mut text_x = m;
    let mut head_h: f32 = 0.0;
    if let Some((data, png, w, h)) = &head.logo {
        let lh = 16.0 * MM;
        let lw = (lh * *w as f32 / (*h).max(1) as f32).min(45.0 * MM);
        let lh = lw * *h as f32 / (*w).max(1) as f32;
        f.push(Item::Image {
            x: m,
            y: f.y,
            w: lw,
            h: lh,
            png: *png,
            data: data.clone(),
        });
        text_x = m + lw + 5.0 * MM;
        head_h = lh;
    }
    let tw = m + cw - text_x;
    let y0 = f.y;
    let mut h = f.text_at(&head.name, text_x, y0, 15.0, true, tw, Align::Left);
    for line in &head.lines {
        h += f.text_at(line, text_x, y0 + h, 8.5, false, tw, Align::Left);
    }
    f.y = y0 + head_h.max(h) + 3.0 * MM;
    f.rule(1.2);
    f.space(1.5);
    f.rule(0.4);
    f.space(5.0 * MM);
}

/// Number and date (right), recipient (left).
fn number_and_recipient(f: &mut Flow, doc: &LetterDoc) {
    let cw = f.content_width();
    let m = f.margin;
    let y1 = f.y;
    let right = f.text_at(
        &format!("{}\n{}", doc.number_line, doc.date_line),
        m + cw * 0.5,
        y1,
        9.5,
        false,
        cw * 0.5,
        Align::Right,
    );
    let left = f.text_at(
        &doc.recipient.join("\n"),
        m,
        y1,
        10.5,
        false,
        cw * 0.55,
        Align::Left,
    );
    f.y = y1 + right.max(left) + 7.0 * MM;
}

/// The template's paragraphs, with the itemized table and the payment block where its
/// marks stand.
fn body(f: &mut Flow, doc: &LetterDoc) {
    for para in doc
        .body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if para == TABLE_MARK {
            if let Some(t) = &doc.table {
                f.table(&t.columns, &t.header, &t.rows, 9.0, t.total_row);
                f.space(5.0 * MM);
            }
        } else if para == PAYMENT_MARK {
            if let Some(p) = &doc.payment {
                payment_block(f, p);
            }
        } else {
            f.paragraph(para, 10.5, false, Align::Left, 3.0 * MM);
        }
    }
}

/// The side of the seal box.
const SEAL: f32 = 32.0 * MM;

/// Signature and seal area, kept together at the end: the seal box (left) and the
/// signature lines (right).
fn signature(f: &mut Flow, sig: &Signature) {
    let block = 40.0 * MM;
    f.ensure(block);
    f.space(4.0 * MM);
    let top = f.y;
    seal_box(f, top, &sig.seal_label);
    signature_lines(f, top, sig);
    f.y = top + SEAL;
}

/// The box the seal is pressed into, labelled in its middle.
fn seal_box(f: &mut Flow, top: f32, label: &str) {
    let m = f.margin;
    let seal = SEAL;
    f.push(Item::Line {
        x1: m,
        y1: top,
        x2: m + seal,
        y2: top,
        width: 0.4,
    });
    f.push(Item::Line {
        x1: m,
        y1: top + seal,
        x2: m + seal,
        y2: top + seal,
        width: 0.4,
    });
    f.push(Item::Line {
        x1: m,
        y1: top,
        x2: m,
        y2: top + seal,
        width: 0.4,
    });
    f.push(Item::Line {
        x1: m + seal,
        y1: top,
        x2: m + seal,
        y2: top + seal,
        width: 0.4,
    });
    f.text_at(
        label,
        m,
        top + seal / 2.0 - 6.0,
        8.0,
        false,
        seal,
        Align::Center,
    );
}

/// The firm, the line to sign on, the lawyer's name and the date, in the right half.
fn signature_lines(f: &mut Flow, top: f32, sig: &Signature) {
    let half = f.content_width() / 2.0;
    let x = f.margin + half;
    let mut y = top;
    y += f.text_at(&sig.firm, x, y, 10.5, false, half, Align::Left) + 8.0 * MM;
    f.push(Item::Line {
        x1: x,
        y1: y,
        x2: x + half * 0.8,
        y2: y,
        width: 0.4,
    });
    y += 1.5 * MM;
    y += f.text_at(
        &format!("{} {}", sig.sign_label, sig.lawyer),
        x,
        y,
        9.0,
        false,
        half,
        Align::Left,
    );
    f.text_at(&sig.date, x, y + 2.0 * MM, 9.0, false, half, Align::Left);
}

/// Each enclosure on a new page: its title, then its paragraphs.
fn annex(f: &mut Flow, annex: &[(String, String)]) {
    for (title, body) in annex {
        f.new_page();
        f.paragraph(title, 13.0, true, Align::Left, 4.0 * MM);
        for para in body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            f.paragraph(para, 10.0, false, Align::Left, 3.0 * MM);
        }
    }
}

/// A demand's calculation appendix on its own page: title, table, notes.
fn appendix(f: &mut Flow, a: &super::appendix::Appendix) {
    f.new_page();
    f.paragraph(&a.title, 13.0, true, Align::Left, 4.0 * MM);
    f.table(
        &a.table.columns,
        &a.table.header,
        &a.table.rows,
        8.5,
        a.table.total_row,
    );
    for note in &a.notes {
        f.paragraph(note, 8.5, false, Align::Left, 2.0 * MM);
    }
}

fn payment_block(f: &mut Flow, p: &PaymentBlock) {
    let cw = f.content_width();
    let m = f.margin;
    let qr_size = 32.0 * MM;
    let text = format!("{}\n{}", p.heading, p.lines.join("\n"));
    let text_w = if p.qr.is_some() {
        cw - qr_size - 6.0 * MM
    } else {
        cw
    };
    let lines = f.wrap(&text, 9.5, false, text_w);
    let text_h = lines.len() as f32 * 9.5 * 1.45;
    let h = if p.qr.is_some() {
        text_h.max(qr_size + 12.0)
    } else {
        text_h
    } + 4.0 * MM;
    f.ensure(h);
    let top = f.y;
    f.text_at(&text, m, top, 9.5, false, text_w, Align::Left);
    if let Some(qr) = &p.qr {
        let x = m + cw - qr_size;
        let caption = match qr {
            QrCode::Payload { dark, n, caption } => {
                f.push(Item::Qr {
                    x,
                    y: top,
                    size: qr_size,
                    n: *n,
                    dark: dark.clone(),
                });
                caption
            }
            QrCode::Image { data, png, caption } => {
                f.push(Item::Image {
                    x,
                    y: top,
                    w: qr_size,
                    h: qr_size,
                    png: *png,
                    data: data.clone(),
                });
                caption
            }
        };
        f.text_at(
            caption,
            x - 10.0 * MM,
            top + qr_size + 1.5,
            7.5,
            false,
            qr_size + 20.0 * MM,
            Align::Center,
        );
    }
    f.y = top + h;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::letters::{format, pdf, qr};

    pub fn sample(lang: Lang, paper: Paper) -> LetterDoc {
        let (dark, n) =
            qr::modules("BCD\n002\n1\nSCT\n\nTest\nDE89370400440532013000\nEUR1.00\n\n\nx")
                .unwrap();
        LetterDoc {
            lang,
            paper,
            letterhead: Letterhead { name: "北京明理律师事务所".into(), lines: vec!["北京市朝阳区建国路88号".into(), "执业证号 31110000E12345678X".into()], logo: None },
            number_line: "明理律函〔2026〕第0001号".into(),
            date_line: format::date(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), lang),
            recipient: vec!["上海华信文化传媒有限公司".into()],
            title: "律师函".into(),
            body: format!("致：上海华信文化传媒有限公司\n\n贵方尚欠本所律师费用，明细如下：\n\n{TABLE_MARK}\n\n请于2026年12月3日前付清。\n\n{PAYMENT_MARK}"),
            table: Some(Table {
                columns: vec![(0.4, Align::Left), (0.3, Align::Left), (0.3, Align::Right)],
                header: vec!["账单".into(), "到期日".into(), "金额".into()],
                rows: vec![vec!["MLF-2026-0001".into(), "2026年11月3日".into(), "6,600.00 CNY".into()], vec!["合计".into(), "".into(), "6,600.00 CNY".into()]],
                total_row: true,
            }),
            payment: Some(PaymentBlock { heading: "付款方式".into(), lines: vec!["开户行：招商银行".into()], qr: Some(QrCode::Payload { dark, n, caption: "EPC".into() }) }),
            signature: Signature { firm: "北京明理律师事务所".into(), lawyer: "王明".into(), seal_label: "（盖章）".into(), sign_label: "律师签字：".into(), date: "2026年11月23日".into() },
            page_label: format::page_label(lang),
            annex: Vec::new(),
            appendix: None,
        }
    }

    #[test]
    fn a_letter_renders_to_a_valid_pdf_a() {
        let laid = compose(&sample(Lang::ZhCn, Paper::A4));
        assert!(laid.missing.is_empty());
        let bytes = pdf::render(
            &laid,
            &pdf::PdfMeta {
                title: "律师函".into(),
                author: "王明".into(),
                language: "zh-CN".into(),
                date: (2026, 11, 23),
            },
        )
        .unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        if let Ok(dir) = std::env::var("LAWDESK_LETTER_OUT") {
            std::fs::write(std::path::Path::new(&dir).join("sample.pdf"), &bytes).unwrap();
        }
    }
}
