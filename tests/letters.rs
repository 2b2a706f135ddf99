//! Letters checked the way a recipient's software sees them: `pdftotext` gives back the
//! exact text in all four languages, `pdffonts` shows embedded subset fonts, `qpdf --check`
//! is clean, `zbarimg` decodes each payment QR to the exact payload, page sizes are exact.
//! Plus evidence (kept copy, log entry, never overwritten), templates and bad input.
//! Needs poppler-utils, qpdf and zbar-tools (scripts/test.sh installs them).

mod common;

use common::pdf::{first_page_png, flat, pdf_text, qr_payload, run_tool};
use common::practice::{Folder, InProcess};

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{NaiveDate, TimeZone, Utc};
use lawdesk::domain::fee_settings::FeeSettingsInput;
use lawdesk::domain::firm::{BankAccountInput, FirmProfileInput};
use lawdesk::domain::ids::ClientId;
use lawdesk::domain::payment::PaymentInput;
use lawdesk::domain::quote::{FactorInput, LineInput, QuoteInput};
use lawdesk::domain::secret::Secret;
use lawdesk::services::letters::{self, LetterRequest};
use lawdesk::services::{fees::payments, fees::quotes, firm, Core};

const TODAY: &str = "2026-11-23";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

fn logo_png() -> String {
    let mut img = image::RgbImage::new(120, 40);
    for (x, _, p) in img.enumerate_pixels_mut() {
        *p = image::Rgb([31, (x * 2) as u8, 139]);
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    img.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    use base64::Engine;
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes.into_inner())
    )
}

/// An invoice with one line "Legal services" of `amount`; its id.
fn invoice(core: &Core, c: ClientId, cur: &str, amount: &str, issued: &str, due: &str) -> i64 {
    core.invoice_for(c, cur, issued, due, "Legal services", amount)["id"]
        .as_i64()
        .unwrap()
}

fn practice() -> Folder {
    let p = Folder::at(now());
    p.firm(FirmProfileInput {
        name: "北京明理律师事务所".into(),
        address: "北京市朝阳区建国路88号SOHO现代城A座1206室".into(),
        licence_number: "31110000E12345678X".into(),
        lawyer_name: "王明".into(),
        phone: "+86 10 8588 6666".into(),
        email: "office@mingli-law.cn".into(),
        default_currency: "CNY".into(),
        default_language: "zh-CN".into(),
        letter_prefix: "明理律函".into(),
        logo_base64: Some(logo_png()),
    })
    .fee_settings(FeeSettingsInput {
        vat_percent: "6".into(),
        invoice_prefix: "MLF".into(),
        payment_terms_days: "14".into(),
        ..Default::default()
    })
    .bank_account(BankAccountInput {
        label: "EUR · SEPA".into(),
        currency: "EUR".into(),
        holder: "Mingli Law Firm".into(),
        bank_name: "Commerzbank AG".into(),
        bic: "COBADEFFXXX".into(),
        account_number: Some(Secret::new("DE89 3704 0044 0532 0130 00")),
        ..Default::default()
    })
    .bank_account(BankAccountInput {
        label: "RUB".into(),
        currency: "RUB".into(),
        holder: "ООО «Минли»".into(),
        bank_name: "ПАО Сбербанк".into(),
        bic: "044525225".into(),
        correspondent_account: "30101810400000000225".into(),
        account_number: Some(Secret::new("40702810938000012345")),
        ..Default::default()
    });
    p
}

struct Pdf {
    path: PathBuf,
    text: String,
    payload: Option<String>,
}

fn write(
    p: &Folder,
    kind: &str,
    id: i64,
    lang: Option<&str>,
    paper: Option<&str>,
    name: &str,
) -> Pdf {
    let g = letters::generate(
        &p.core,
        &LetterRequest {
            kind: kind.into(),
            id,
            lang: lang.map(Into::into),
            paper: paper.map(Into::into),
            as_of: Some(TODAY.into()),
            // The demands here cover ad-hoc invoices without a contract: written with the
            // blanks a lawyer fills in (tests/letters_legal.rs covers the full texts).
            allow_missing: true,
            exclude_invoices: Vec::new(),
        },
        d(TODAY),
        now(),
    )
    .unwrap();
    assert!(
        g.missing_glyphs.is_empty(),
        "{name}: {:?}",
        g.missing_glyphs
    );
    let path = p.out().join(format!("{name}.pdf"));
    std::fs::write(&path, &g.pdf).unwrap();
    check_pdf(&path, paper.unwrap_or("a4"));
    let text = pdf_text(&path);
    if let Ok(dir) = std::env::var("LAWDESK_LETTER_PNG") {
        first_page_png(&path, Path::new(&dir), name);
    }
    Pdf {
        path,
        text,
        payload: g.qr_payload,
    }
}

fn check_pdf(path: &Path, paper: &str) {
    let p = path.to_str().unwrap();
    let check = Command::new("qpdf")
        .args(["--check", p])
        .output()
        .expect("qpdf must be installed");
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success() && report.contains("No syntax or stream encoding errors found"),
        "qpdf: {report}"
    );
    let fonts = run_tool("pdffonts", &[p]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts: {fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "font not embedded as a subset with Unicode map: {row}"
        );
        assert!(cols[0].contains('+'), "subset prefix missing: {row}");
    }
    let info = run_tool("pdfinfo", &[p]);
    let size = if paper == "letter" {
        "612 x 792 pts (letter)"
    } else {
        "595.276 x 841.89 pts (A4)"
    };
    assert!(info.contains(size), "{info}");
    assert!(
        info.lines()
            .any(|l| l.starts_with("PDF version:") && l.trim_end().ends_with("1.7")),
        "{info}"
    );
}

fn has_line(text: &str, line: &str) {
    assert!(
        text.lines().any(|l| l.trim() == line),
        "missing line {line:?} in:\n{text}"
    );
}

#[test]
#[ignore = "needs poppler-utils, qpdf and zbar-tools; run by scripts/test.sh"]
fn letters_in_four_languages_read_back_exactly() {
    let p = practice();
    let core = &p.core;

    // zh-CN: a fee quote with stages, a factor and VAT.
    let wang = core.client("organization", "上海华信文化传媒有限公司", "zh-CN");
    let q = quotes::create(
        core,
        &QuoteInput {
            client_id: wang,
            title: "合同纠纷代理".into(),
            currency: "CNY".into(),
            lines: vec![
                LineInput {
                    stage: "一审".into(),
                    description: "代理费".into(),
                    kind: "fixed".into(),
                    rate: "30000".into(),
                    quantity: "1".into(),
                },
                LineInput {
                    stage: "一审".into(),
                    description: "出庭".into(),
                    kind: "hourly".into(),
                    rate: "1500".into(),
                    quantity: "4".into(),
                },
            ],
            factors: vec![FactorInput {
                factor: "complexity".into(),
                multiplier: "1.2".into(),
                reason: "涉外因素".into(),
            }],
            discount_percent: "5".into(),
            valid_until: "2026-12-31".into(),
            ..Default::default()
        },
        d(TODAY),
        now(),
    )
    .unwrap();
    let zh = write(&p, "quote", q.id.0, None, None, "quote-zh-CN");
    has_line(&zh.text, "律师服务费用报价函");
    assert!(
        flat(&zh.text, true)
            .contains("费用合计：人民币43,502.40元（人民币肆万叁仟伍佰零贰元肆角整）。"),
        "{}",
        zh.text
    );
    // Each kind has its own sequence and tag (issue 11).
    has_line(&zh.text, "明理律函报价〔2026〕第0001号");
    has_line(&zh.text, "2026年11月23日");
    has_line(&zh.text, "第1页，共1页");

    // ru: a payment confirmation, then a demand (претензия) with the GOST QR code.
    let roma = core.client("organization", "ООО «Ромашка»", "ru");
    let inv = invoice(core, roma, "RUB", "150000", "2026-08-01", "2026-08-15");
    let paid = payments::record(
        core,
        &PaymentInput {
            client_id: roma,
            currency: "RUB".into(),
            amount: "1200.01".into(),
            received_on: "2026-09-01".into(),
            method: "sbp".into(),
            reference: "п/п 15".into(),
            ..Default::default()
        },
        None,
        d(TODAY),
        now(),
    )
    .unwrap();
    let conf = write(&p, "confirmation", paid.id, None, None, "confirmation-ru");
    has_line(&conf.text, "Подтверждение оплаты");
    assert!(
        flat(&conf.text, false).contains("1 200,01 руб. (Одна тысяча двести рублей 01 копейка)"),
        "{}",
        conf.text
    );
    assert!(
        flat(&conf.text, false).contains("способом «СБП»"),
        "{}",
        conf.text
    );
    let demand = write(&p, "demand", roma.0, None, None, "demand-ru");
    has_line(&demand.text, "ПРЕТЕНЗИЯ");
    assert!(
        flat(&demand.text, false).contains(
            "148 799,99 руб. (Сто сорок восемь тысяч семьсот девяносто девять рублей 99 копеек)"
        ),
        "{}",
        demand.text
    );
    assert!(
        flat(&demand.text, false).contains("в срок до 23 декабря 2026 г."),
        "{}",
        demand.text
    );
    let gost = demand.payload.clone().expect("a GOST payload");
    assert!(gost.starts_with("ST00012|Name=ООО «Минли»|PersonalAcc=40702810938000012345|BankName=ПАО Сбербанк|BIC=044525225|CorrespAcc=30101810400000000225|Sum=14879999|"), "{gost}");
    assert_eq!(qr_payload(&demand.path), gost);
    let _ = inv;

    // en: a reminder in EUR on US Letter paper, with the EPC (SEPA) QR code.
    let oak = core.client("organization", "Oakridge Foods Ltd", "en");
    invoice(core, oak, "EUR", "2400", "2026-10-01", "2026-10-31");
    let en = write(&p, "reminder", oak.0, None, Some("letter"), "reminder-en");
    has_line(&en.text, "Payment reminder");
    assert!(
        flat(&en.text, false).contains(
            "The amount outstanding is €2,400.00 (Two thousand four hundred and 00/100 euros)."
        ),
        "{}",
        en.text
    );
    // The closing the salutation calls for ("Yours faithfully", issue 11) moves the
    // signature block of this US Letter page onto a second page.
    has_line(&en.text, "Page 1 of 2");
    let epc = en.payload.clone().expect("an EPC payload");
    assert!(epc.starts_with("BCD\n002\n1\nSCT\nCOBADEFFXXX\nMingli Law Firm\nDE89370400440532013000\nEUR2400.00\n\n\n"), "{epc:?}");
    assert_eq!(qr_payload(&en.path), epc);

    // zh-TW: a demand in TWD — no TWD account: a visible fallback, no QR.
    let lh = core.client("organization", "聯華建設股份有限公司", "zh-TW");
    invoice(core, lh, "TWD", "82548", "2026-01-19", "2026-01-26");
    let tw = write(&p, "demand", lh.0, None, None, "demand-zh-TW");
    has_line(&tw.text, "催告函");
    assert!(
        flat(&tw.text, true).contains("新臺幣捌萬貳仟伍佰肆拾捌元整"),
        "{}",
        tw.text
    );
    assert!(
        flat(&tw.text, true).contains("請與本所聯繫取得付款帳戶資訊。"),
        "{}",
        tw.text
    );
    assert!(tw.payload.is_none());
    // The calculation appendix (issue 13) on its own page: 5 % a year under 民法 §203.
    has_line(&tw.text, "第1頁，共2頁");
    has_line(&tw.text, "附件：遲延利息計算表");
    assert!(flat(&tw.text, true).contains("民法第203條"), "{}", tw.text);

    // Evidence: every letter is in the client's log with its PDF, and the chain verifies.
    let list = letters::list(core, None).unwrap();
    assert_eq!(list.len(), 5);
    let log = lawdesk::services::client_file::commlog::list(core, roma).unwrap();
    let entry = log
        .iter()
        .find(|e| e.comm.kind == "letter" && e.comm.summary.contains("ПРЕТЕНЗИЯ"))
        .expect("logged");
    let kept = list
        .iter()
        .find(|l| l.kind.code() == "demand" && l.client_id == roma)
        .unwrap();
    assert_eq!(entry.attachments[0].sha256, kept.sha256);
    assert!(
        lawdesk::services::client_file::commlog::verify(core, None)
            .unwrap()
            .ok
    );
    // The kept copy is sealed at rest and opens as the PDF that was written.
    let (_, kept_pdf) = letters::pdf_of(core, kept.id).unwrap();
    assert_eq!(kept_pdf, std::fs::read(&demand.path).unwrap());
    let sha = &kept.sha256;
    let at_rest = core
        .data_dir()
        .join("attachments")
        .join(&sha[..2])
        .join(sha);
    let on_disk = std::fs::read(at_rest).unwrap();
    assert!(lawdesk::at_rest::sealed::looks_sealed(&on_disk));
    assert!(!on_disk.starts_with(b"%PDF"));
    core.database()
        .read(|c| {
            assert!(c.execute("UPDATE letters SET sha256 = 'x'", []).is_err());
            assert!(c.execute("DELETE FROM letters", []).is_err());
            Ok(())
        })
        .unwrap();
    // A second demand to the same client takes the next number, never the same file.
    let again = letters::generate(
        core,
        &LetterRequest {
            kind: "demand".into(),
            id: roma.0,
            as_of: Some(TODAY.into()),
            allow_missing: true,
            ..Default::default()
        },
        d(TODAY),
        now(),
    )
    .unwrap();
    // A Russian letter carries a Latin prefix (the profile's is Chinese): L, tag D.
    assert_eq!(again.number, "L-D-2026-0003");
    lawdesk::services::check::run(core).unwrap();
}

#[test]
fn templates_are_checked_and_bad_input_is_coded() {
    let p = practice();
    let core = &p.core;
    let e = letters::save_template(
        core,
        "reminder",
        "en",
        Some("Reminder\n\nDear {{ client_name }}, you owe {{ amount_due }}."),
        now(),
    )
    .unwrap_err();
    assert_eq!(e.fields[0].code, "unknown_placeholder");
    assert!(e.message.contains("amount_due"));
    let e = letters::save_template(core, "reminder", "en", Some("Reminder\n\n{% if %}"), now())
        .unwrap_err();
    assert_eq!(e.fields[0].code, "template_syntax");
    // A good template is used by the next letter; reset restores the built-in text.
    let t = letters::save_template(core, "reminder", "en", Some("Friendly note\n\nDear {{ client_name }}, {{ total }} is due by {{ deadline }}.\n\n{{ items_table }}"), now()).unwrap();
    assert!(!t.is_default);
    let oak = core.client("organization", "Oakridge Foods Ltd", "en");
    invoice(core, oak, "EUR", "100", "2026-10-01", "2026-10-31");
    let prev = letters::preview(
        core,
        &LetterRequest {
            kind: "reminder".into(),
            id: oak.0,
            ..Default::default()
        },
        d(TODAY),
    )
    .unwrap();
    assert!(prev.pages[0].contains("Friendly note"));
    assert!(prev.pages[0].contains("Dear Oakridge Foods Ltd, €100.00 is due by 30 November 2026."));
    assert!(
        letters::save_template(core, "reminder", "en", None, now())
            .unwrap()
            .is_default
    );
    // Unknown kind, language, paper; nothing overdue; a client name in a script the fonts
    // lack is drawn as "?" and reported.
    let bad = |kind: &str, id: i64, lang: Option<&str>, paper: Option<&str>| {
        letters::preview(
            core,
            &LetterRequest {
                kind: kind.into(),
                id,
                lang: lang.map(Into::into),
                paper: paper.map(Into::into),
                as_of: None,
                allow_missing: false,
                exclude_invoices: Vec::new(),
            },
            d(TODAY),
        )
        .unwrap_err()
        .fields[0]
            .code
    };
    assert_eq!(bad("invoice", oak.0, None, None), "letter_kind");
    assert_eq!(bad("reminder", oak.0, Some("fr"), None), "language");
    assert_eq!(bad("reminder", oak.0, None, Some("a5")), "paper");
    let none = core.client("person", "Anna Lee", "en");
    assert_eq!(bad("reminder", none.0, None, None), "nothing_overdue");
    let hiero = core.client("person", "Ankh \u{13000}", "en");
    invoice(core, hiero, "EUR", "10", "2026-10-01", "2026-10-31");
    let g = letters::generate(
        core,
        &LetterRequest {
            kind: "reminder".into(),
            id: hiero.0,
            ..Default::default()
        },
        d(TODAY),
        now(),
    )
    .unwrap();
    assert_eq!(g.missing_glyphs, vec!["\u{13000}".to_string()]);
    assert!(g.pdf.starts_with(b"%PDF-"));
    // A logo that is not an image is refused by the firm profile.
    let e = firm::save_profile(
        core,
        &FirmProfileInput {
            name: "X".into(),
            default_currency: "CNY".into(),
            default_language: "en".into(),
            logo_base64: Some("data:image/png;base64,aGVsbG8=".into()),
            ..Default::default()
        },
        now(),
    )
    .unwrap_err();
    assert_eq!(e.fields[0].field, "logo");
}

#[test]
fn batch_writes_one_letter_per_client_due_at_the_stage_and_not_twice() {
    let p = practice();
    let core = &p.core;
    let a = core.client("person", "王伟", "zh-CN");
    let b = core.client("person", "Иванов Иван", "ru");
    let c = core.client("person", "John Smith", "en");
    invoice(core, a, "CNY", "1000", "2026-09-01", "2026-09-15");
    invoice(core, a, "CNY", "500", "2026-10-01", "2026-10-15");
    invoice(core, b, "RUB", "9000", "2026-10-01", "2026-11-10");
    invoice(core, c, "EUR", "50", "2026-11-20", "2026-12-20");
    // Demand: 30+ days overdue — only the first client.
    let due =
        letters::due_for_stage(core, lawdesk::letters::templates::Kind::Demand, d(TODAY)).unwrap();
    assert_eq!(due, vec![a]);
    let mut seen = Vec::new();
    let out = letters::batch(
        core,
        lawdesk::letters::templates::Kind::Reminder,
        d(TODAY),
        d(TODAY),
        now(),
        &mut |i, n| {
            seen.push((i, n));
            true
        },
    )
    .unwrap()
    .letters;
    assert_eq!(
        out.iter().map(|g| g.client_id).collect::<Vec<_>>(),
        vec![a, b]
    );
    assert_eq!(seen, vec![(1, 2), (2, 2)]);
    // Already reminded: nobody is due for a reminder again.
    assert!(
        letters::due_for_stage(core, lawdesk::letters::templates::Kind::Reminder, d(TODAY))
            .unwrap()
            .is_empty()
    );
    // Cancelling after the first letter keeps what was written.
    let stopped = letters::batch(
        core,
        lawdesk::letters::templates::Kind::SecondReminder,
        d(TODAY),
        d(TODAY),
        now(),
        &mut |_, _| false,
    )
    .unwrap()
    .letters;
    assert_eq!(stopped.len(), 1);
}
