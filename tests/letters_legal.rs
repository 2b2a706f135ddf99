//! The legal content of fee letters (issue 11), read back from the written PDF with
//! `pdftotext`: for every jurisdiction (CN, TW, RU, England & Wales) × debtor kind (person,
//! organization, sole trader) the demand states the required citations, deadline and its
//! basis, enclosures and parties' ids, and none of the wrong ones. Sources of each citation
//! are named in `src-tauri/src/letters/texts.rs`. Also: missing legal details are refused
//! before writing (and listed by the preview); a late payment is never confirmed as on
//! time; QR payloads decoded with `zbarimg` hold only their scheme's characters.
//! Needs poppler-utils and zbar-tools (scripts/test.sh installs them).

mod common;

use common::pdf::{first_page_png, flat, pdf_text, qr_payload};
use common::practice::{stopped_clock, Folder, InProcess};

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, TimeZone, Utc};
use lawdesk::domain::client::ClientInput;
use lawdesk::domain::fee_settings::FeeSettingsInput;
use lawdesk::domain::firm::{BankAccountInput, FirmProfileInput};
use lawdesk::domain::ids::ClientId;
use lawdesk::domain::letter_details::{ContractInput, LetterIdentityInput};
use lawdesk::domain::payment::PaymentInput;
use lawdesk::domain::plan::{LateTermsInput, PlanItemInput};
use lawdesk::domain::quote::{LineInput, QuoteInput};
use lawdesk::domain::secret::Secret;
use lawdesk::domain::ErrorCode;
use lawdesk::secrets::SecretStore;
use lawdesk::services::letters::{self, LetterRequest};
use lawdesk::services::{fees::billing, fees::payments, fees::quotes, firm, Core};

const TODAY: &str = "2026-11-23";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

/// The firm's identity in letters of `lang`: its signatory, ids and letter prefix.
fn identity(lang: &str, title: &str, prefix: &str, ids: &[(&str, &str)]) -> LetterIdentityInput {
    LetterIdentityInput {
        lang: lang.into(),
        signatory_name: match lang {
            "ru" => "Ирина Соколова",
            "en" => "Helen Harper",
            "zh-TW" => "林志明",
            _ => "王明",
        }
        .into(),
        signatory_title: title.into(),
        ids: ids
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        letter_prefix: prefix.into(),
        ..Default::default()
    }
}

fn practice() -> Folder {
    let p = Folder::at(now());
    p.firm(FirmProfileInput {
        name: "北京明理律师事务所".into(),
        address: "北京市朝阳区建国路88号".into(),
        lawyer_name: "王明".into(),
        email: "office@mingli-law.cn".into(),
        default_currency: "CNY".into(),
        default_language: "zh-CN".into(),
        letter_prefix: "明理律函".into(),
        ..Default::default()
    })
    .fee_settings(FeeSettingsInput {
        vat_percent: "0".into(),
        invoice_prefix: "MLF".into(),
        payment_terms_days: "14".into(),
        ..Default::default()
    })
    .letter_identity(identity(
        "ru",
        "Адвокат",
        "ML",
        &[("inn", "7701234567"), ("ogrn", "1027700000001")],
    ))
    .letter_identity(identity(
        "en",
        "Solicitor",
        "ML",
        &[("sra_number", "612345")],
    ))
    .letter_identity(identity(
        "zh-CN",
        "律师",
        "",
        &[("uscc", "31110000E12345678X")],
    ))
    .letter_identity(identity("zh-TW", "律師", "明理台函", &[]));
    for (label, cur, holder, bank, bic, corr, no) in [
        (
            "Sparkasse EUR",
            "EUR",
            "Mingli Law Firm",
            "Commerzbank AG",
            "COBADEFFXXX",
            "",
            "DE89 3704 0044 0532 0130 00",
        ),
        (
            "Основной рублёвый",
            "RUB",
            "ООО «Минли»",
            "ПАО Сбербанк",
            "044525225",
            "30101810400000000225",
            "40702810938000012345",
        ),
    ] {
        p.bank_account(BankAccountInput {
            label: label.into(),
            currency: cur.into(),
            holder: holder.into(),
            bank_name: bank.into(),
            bic: bic.into(),
            correspondent_account: corr.into(),
            account_number: Some(Secret::new(no)),
            ..Default::default()
        });
    }
    p
}

fn client(core: &Core, kind: &str, name: &str, lang: &str, profile: &[(&str, &str)]) -> ClientId {
    core.add_client(ClientInput {
        kind: kind.into(),
        name: name.into(),
        language: lang.into(),
        profile: profile
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..Default::default()
    })
}

/// An accepted engagement with one overdue instalment (due 2026-09-30, invoiced on 16
/// September) and the contract details a demand cites; `penalty`: an agreed late charge.
fn engagement(
    core: &Core,
    c: ClientId,
    cur: &str,
    amount: &str,
    penalty: bool,
    contract: ContractInput,
) -> i64 {
    let q = quotes::create(
        core,
        &QuoteInput {
            client_id: c,
            title: "Representation".into(),
            currency: cur.into(),
            lines: vec![LineInput {
                stage: "1".into(),
                description: "Fees".into(),
                kind: "fixed".into(),
                rate: amount.into(),
                quantity: "1".into(),
            }],
            discount_percent: "0".into(),
            tax_percent: Some("0".into()),
            valid_until: "2026-12-31".into(),
            plan: vec![PlanItemInput {
                kind: "installment".into(),
                amount: amount.into(),
                due_on: "2026-09-30".into(),
                ..Default::default()
            }],
            late: if penalty {
                LateTermsInput {
                    rule: "annual".into(),
                    rate: "12".into(),
                    day_count: "act365".into(),
                }
            } else {
                LateTermsInput {
                    rule: "none".into(),
                    rate: String::new(),
                    day_count: "act365".into(),
                }
            },
            ..Default::default()
        },
        d("2026-03-10"),
        now(),
    )
    .unwrap();
    quotes::set_status(core, q.id, "sent", d("2026-03-10"), now()).unwrap();
    let e = quotes::accept(core, q.id, d("2026-03-15"), now())
        .unwrap()
        .engagement_id;
    billing::save_engagement_contract(core, e, &contract, now()).unwrap();
    billing::issue_from_plan(core, e, 1, d("2026-09-16"), d(TODAY), now()).unwrap();
    e.0
}

fn contract(title: &str, number: &str, clause: &str, forum: &str, body: &str) -> ContractInput {
    ContractInput {
        contract_title: title.into(),
        contract_number: number.into(),
        contract_date: "2026-03-15".into(),
        work_done: match title {
            t if t.contains('合') || t.contains('契') => {
                "起草并审查合同文件、参加谈判三次".into()
            }
            _ => String::new(),
        },
        late_clause: clause.into(),
        dispute_forum: forum.into(),
        arbitration_body: body.into(),
    }
}

struct Letter {
    path: PathBuf,
    text: String,
    payload: Option<String>,
    pages: usize,
}

fn write(p: &Folder, kind: &str, id: i64, name: &str) -> Letter {
    let g = letters::generate(
        &p.core,
        &LetterRequest {
            kind: kind.into(),
            id,
            as_of: Some(TODAY.into()),
            ..Default::default()
        },
        d(TODAY),
        now(),
    )
    .unwrap_or_else(|e| panic!("{name}: {} {:?}", e.message, e.fields));
    assert!(
        g.missing_glyphs.is_empty(),
        "{name}: {:?}",
        g.missing_glyphs
    );
    let path = p.out().join(format!("{name}.pdf"));
    std::fs::write(&path, &g.pdf).unwrap();
    let text = pdf_text(&path);
    if let Ok(dir) = std::env::var("LAWDESK_LETTER_PNG") {
        first_page_png(&path, Path::new(&dir), name);
    }
    Letter {
        path,
        text,
        payload: g.qr_payload,
        pages: g.pages,
    }
}

fn says(l: &Letter, cjk: bool, must: &[&str], never: &[&str]) {
    let t = flat(&l.text, cjk);
    for m in must {
        assert!(t.contains(m), "missing {m:?} in {}:\n{t}", l.path.display());
    }
    for n in never {
        assert!(
            !t.contains(n),
            "must not say {n:?} in {}:\n{t}",
            l.path.display()
        );
    }
}

#[test]
#[ignore = "needs poppler-utils and zbar-tools; run by scripts/test.sh"]
fn russian_pretenziya_per_debtor_kind() {
    let p = practice();
    let core = &p.core;
    // A natural person, with an agreed неустойка: a plain deadline, ст. 330, no АПК.
    let person = client(core, "person", "Петров Пётр Петрович", "ru", &[]);
    engagement(
        core,
        person,
        "RUB",
        "150000",
        true,
        contract("Договор", "ЮП-17/2026", "п. 5.2", "court", ""),
    );
    let l = write(&p, "demand", person.0, "demand-ru-person");
    says(
        &l,
        false,
        &[
            "ПРЕТЕНЗИЯ",
            "договор об оказании юридической помощи № ЮП-17/2026 от 15 марта 2026 г.",
            "В силу ст. 309, 310, 779 и 781 ГК РФ",
            "Неустойка по п. 5.2 Договора (ст. 330 ГК РФ; 12 % годовых за каждый день просрочки, база 365 дней)",
            "Просим погасить задолженность в срок до 3 декабря 2026 г.",
            "обратиться в суд",
            "Приложения:",
            "1. Копия Договора № ЮП-17/2026 от 15 марта 2026 г.",
            "ИНН 7701234567, ОГРН 1027700000001",
            "Адвокат Ирина Соколова",
        ],
        &["АПК", "ст. 395", "арбитражный суд", "Адвокат:"],
    );
    // An organization, no agreed penalty: ст. 395 interest, the 30-day waiting period of
    // ч. 5 ст. 4 АПК РФ counted from dispatch, its ИНН/ОГРН on the addressee block.
    let org = client(
        core,
        "organization",
        "ООО «Ромашка»",
        "ru",
        &[("inn", "7707083893"), ("ogrn", "1027700132195")],
    );
    engagement(
        core,
        org,
        "RUB",
        "150000",
        false,
        contract("Договор", "ЮП-18/2026", "", "court", ""),
    );
    let l = write(&p, "demand", org.0, "demand-ru-organization");
    says(
        &l,
        false,
        &[
            "ООО «Ромашка» (ИНН 7707083893, ОГРН 1027700132195)",
            "проценты по ст. 395 ГК РФ",
            "Просим погасить задолженность в срок до 23 декабря 2026 г.",
            "по истечении 30 календарных дней со дня её направления мы обратимся в арбитражный суд",
            "(ч. 5 ст. 4 АПК РФ)",
            "150 000,00 руб.",
        ],
        &["ст. 330", "Неустойка по"],
    );
    // The GOST R 56042 payload carries only what Windows-1251 encodes.
    let gost = l.payload.clone().expect("a GOST payload");
    assert!(gost.starts_with("ST00012|Name=ООО «Минли»|"), "{gost}");
    assert!(gost.contains("|Purpose=ML-D-2026-0002 "), "{gost}");
    let decoded = qr_payload(&l.path);
    assert_eq!(decoded, gost);
    assert!(
        decoded
            .chars()
            .all(|c| (c.is_ascii() && !c.is_ascii_control())
                || ('\u{400}'..='\u{45f}').contains(&c)
                || "«»№–—“”„‘’…".contains(c)),
        "{decoded}"
    );
    // A sole trader (ИП) is in business: the АПК waiting period applies; ОГРНИП.
    let ip = client(
        core,
        "person",
        "ИП Сидоров Иван Иванович",
        "ru",
        &[
            ("sole_trader", "yes"),
            ("inn", "500100732259"),
            ("ogrn", "304500116000157"),
        ],
    );
    engagement(
        core,
        ip,
        "RUB",
        "90000",
        true,
        contract("Договор", "ЮП-19/2026", "п. 5.2", "court", ""),
    );
    let l = write(&p, "demand", ip.0, "demand-ru-sole_trader");
    says(
        &l,
        false,
        &[
            "ОГРНИП 304500116000157",
            "(ч. 5 ст. 4 АПК РФ)",
            "ст. 330 ГК РФ",
        ],
        &["ст. 395"],
    );
}

#[test]
#[ignore = "needs poppler-utils and zbar-tools; run by scripts/test.sh"]
fn english_letter_before_action_per_debtor_kind() {
    let p = practice();
    let core = &p.core;
    // An individual: the Pre-Action Protocol for Debt Claims, 30 days, Annex 1 as pages.
    let smith = client(
        core,
        "person",
        "John Smith",
        "en",
        &[("salutation", "Mr Smith")],
    );
    engagement(
        core,
        smith,
        "GBP",
        "2400",
        false,
        contract("Conveyancing of 4 Elm Row", "HL/2026/17", "", "court", ""),
    );
    let l = write(&p, "demand", smith.0, "demand-en-person");
    says(
        &l,
        false,
        &[
            "Dear Mr Smith,",
            "Yours sincerely",
            "terms of engagement dated 15 March 2026",
            "a copy of which you may request from us",
            "signed in accordance with section 69 of the Solicitors Act 1974",
            "£2,400.00",
            "No interest or other charges have been added.",
            "under the Pre-Action Protocol for Debt Claims",
            "within 30 days of the date of this letter, by 23 December 2026",
            "Enclosures: up-to-date statement of account; Information Sheet; Reply Form; Financial Statement",
            "Information Sheet (Annex 1, Pre-Action Protocol for Debt Claims)",
            "Reply Form (Annex 1, Pre-Action Protocol for Debt Claims)",
            "Financial Statement (Annex 1, Pre-Action Protocol for Debt Claims)",
            "I dispute the debt",
            "Solicitor Helen Harper",
        ],
        &[
            "Late Payment of Commercial Debts",
            "Yours faithfully",
            "Dear John Smith",
            "Practice Direction",
        ],
    );
    assert!(l.pages >= 4, "the Annex 1 forms are pages of the same PDF");
    // A company: 14 days under the Practice Direction – Pre-Action Conduct and Protocols
    // (para 6(b)); the 1998 Act (s.2(1): business to business only).
    let oak = client(
        core,
        "organization",
        "Oakridge Foods Ltd",
        "en",
        &[("company_number", "01234567")],
    );
    engagement(
        core,
        oak,
        "EUR",
        "2400",
        false,
        contract("Supply contract dispute", "HL/2026/18", "", "court", ""),
    );
    let l = write(&p, "demand", oak.0, "demand-en-organization");
    says(
        &l,
        false,
        &[
            "Dear Sirs,",
            "Yours faithfully",
            "Practice Direction – Pre-Action Conduct and Protocols",
            "within 14 days, by 7 December 2026",
            "Late Payment of Commercial Debts (Interest) Act 1998",
            "Company number 01234567",
            "€2,400.00",
        ],
        &[
            "Dear Oakridge",
            "Pre-Action Protocol for Debt Claims",
            "Yours sincerely",
            "Reply Form",
        ],
    );
    // The EPC payload holds the SEPA Latin set only.
    let epc = l.payload.clone().expect("an EPC payload");
    assert_eq!(qr_payload(&l.path), epc);
    sepa_only(&epc);
    // A sole trader with an agreed rate: the Protocol, and the agreed interest only.
    let st = client(
        core,
        "person",
        "Mary Jones t/a Jones Bakery",
        "en",
        &[("sole_trader", "yes"), ("salutation", "Ms Jones")],
    );
    engagement(
        core,
        st,
        "GBP",
        "1200",
        true,
        contract("Lease renewal", "HL/2026/19", "clause 7", "court", ""),
    );
    let l = write(&p, "demand", st.0, "demand-en-sole_trader");
    says(
        &l,
        false,
        &[
            "Dear Ms Jones,",
            "Interest is charged under clause 7 of our terms (12% a year for each day late, on a 365-day year)",
            "Pre-Action Protocol for Debt Claims",
            "Reply Form (Annex 1",
        ],
        &["Late Payment of Commercial Debts", "Practice Direction"],
    );
}

fn sepa_only(payload: &str) {
    for line in payload.lines() {
        assert!(
            line.chars()
                .all(|c| c.is_ascii_alphanumeric() || "/-?:().,'+ ".contains(c)),
            "outside the SEPA Latin set: {line:?}"
        );
    }
}

#[test]
#[ignore = "needs poppler-utils and zbar-tools; run by scripts/test.sh"]
fn chinese_lawyers_letter_per_debtor_kind() {
    let p = practice();
    let core = &p.core;
    let person = client(core, "person", "王伟", "zh-CN", &[]);
    engagement(
        core,
        person,
        "CNY",
        "20000",
        false,
        contract("法律服务委托合同", "ML-2026-017", "", "court", ""),
    );
    let l = write(&p, "demand", person.0, "demand-zh-CN-person");
    says(
        &l,
        true,
        &[
            "律师函",
            "您与北京明理律师事务所（以下简称“本所”）于2026年3月15日签订《法律服务委托合同》（合同编号：ML-2026-017）",
            "完成的工作包括：起草并审查合同文件、参加谈判三次",
            "《中华人民共和国民法典》第五百零九条、第五百七十七条、第五百七十九条的规定",
            "请您于2026年12月3日前付清上述款项",
            "向有管辖权的人民法院提起诉讼",
            "由人民法院依法确定负担",
            "人民币20,000.00元",
            "律师 王明",
            "明理律函〔2026〕第0001号",
        ],
        &[
            "第六百七十六条",
            "第五百八十五条",
            "申请仲裁",
            "一切费用均由贵方承担",
            "中断",
            "贵公司",
        ],
    );
    let org = client(
        core,
        "organization",
        "上海华信文化传媒有限公司",
        "zh-CN",
        &[("uscc", "91310000MA1FL1234X")],
    );
    engagement(
        core,
        org,
        "CNY",
        "43502.40",
        true,
        contract(
            "常年法律顾问合同",
            "ML-2026-018",
            "第六条",
            "arbitration",
            "上海国际经济贸易仲裁委员会",
        ),
    );
    let l = write(&p, "demand", org.0, "demand-zh-CN-organization");
    says(
        &l,
        true,
        &[
            "统一社会信用代码：91310000MA1FL1234X",
            "贵公司与北京明理律师事务所",
            "依合同第六条约定（年利率12%，按实际逾期天数计算，一年按365天计）",
            "第五百七十九条、第五百八十五条的规定",
            "向上海国际经济贸易仲裁委员会申请仲裁",
            "由仲裁庭依法确定负担",
        ],
        &["提起诉讼", "第六百七十六条", "一切费用均由贵方承担", "您与"],
    );
    let st = client(
        core,
        "person",
        "李记小吃店（个体工商户）",
        "zh-CN",
        &[("sole_trader", "yes")],
    );
    engagement(
        core,
        st,
        "CNY",
        "8000",
        false,
        contract("法律服务委托合同", "ML-2026-019", "", "court", ""),
    );
    let l = write(&p, "demand", st.0, "demand-zh-CN-sole_trader");
    says(
        &l,
        true,
        &["第五百七十九条的规定", "提起诉讼"],
        &["第五百八十五条", "申请仲裁"],
    );
}

#[test]
#[ignore = "needs poppler-utils and zbar-tools; run by scripts/test.sh"]
fn taiwanese_demand_per_debtor_kind() {
    let p = practice();
    let core = &p.core;
    let org = client(
        core,
        "organization",
        "聯華建設股份有限公司",
        "zh-TW",
        &[("legal_representative", "陳大文")],
    );
    engagement(
        core,
        org,
        "TWD",
        "82548",
        true,
        contract("委任契約", "TW-2026-07", "第五條", "court", ""),
    );
    let l = write(&p, "demand", org.0, "demand-zh-TW-organization");
    says(
        &l,
        true,
        &[
            "催告函",
            "受文者：聯華建設股份有限公司（法定代理人：陳大文）",
            "請貴公司於中華民國115年12月3日前清償",
            "新臺幣82,548元",
            // 民法第229條第1項 word for word (law.moj.gov.tw).
            "民法第二百二十九條第一項「給付有確定期限者，債務人自期限屆滿時起，負遲延責任」",
            "民法第二百五十條第二項",
            "中華民國115年11月23日",
            "新臺幣捌萬貳仟伍佰肆拾捌元整",
        ],
        &["台端", "第二百三十三條", "82,548.00 TWD"],
    );
    let person = client(core, "person", "張小華", "zh-TW", &[]);
    engagement(
        core,
        person,
        "TWD",
        "30000",
        false,
        contract("委任契約", "TW-2026-08", "", "court", ""),
    );
    let l = write(&p, "demand", person.0, "demand-zh-TW-person");
    says(
        &l,
        true,
        &[
            "請台端於",
            "民法第二百二十九條第一項",
            "民法第二百三十三條第一項及第二百零三條",
            "週年利率百分之五",
        ],
        &["貴公司", "第二百五十條", "法定代理人"],
    );
    let st = client(
        core,
        "person",
        "小華商行",
        "zh-TW",
        &[("sole_trader", "yes")],
    );
    engagement(
        core,
        st,
        "TWD",
        "12000",
        false,
        contract("委任契約", "TW-2026-09", "", "court", ""),
    );
    let l = write(&p, "demand", st.0, "demand-zh-TW-sole_trader");
    says(&l, true, &["請台端於"], &["貴公司"]);
}

#[test]
fn missing_legal_details_are_listed_before_writing_and_refused() {
    let p = practice();
    let core = &p.core;
    // An organization without its ИНН/ОГРН, an engagement without contract number or date.
    let org = client(core, "organization", "ООО «Василёк»", "ru", &[]);
    engagement(core, org, "RUB", "5000", true, ContractInput::default());
    let req = LetterRequest {
        kind: "demand".into(),
        id: org.0,
        as_of: Some(TODAY.into()),
        ..Default::default()
    };
    let preview = letters::preview(core, &req, d(TODAY)).unwrap();
    for code in [
        "client.inn",
        "client.ogrn",
        "engagement.contract_number",
        "engagement.contract_date",
        "engagement.late_clause",
    ] {
        assert!(
            preview.missing_details.iter().any(|m| m == code),
            "{code}: {:?}",
            preview.missing_details
        );
    }
    let before = letters::list(core, None).unwrap().len();
    let e = letters::generate(core, &req, d(TODAY), now()).unwrap_err();
    assert_eq!(e.fields.len(), preview.missing_details.len());
    assert!(e.fields.iter().any(|f| f.field == "client.inn"));
    assert!(e.fields.iter().all(|f| f.code == "letter_detail_missing"));
    assert_eq!(
        letters::list(core, None).unwrap().len(),
        before,
        "nothing written"
    );
    // Allowed: written with visible blanks, never a silently thin demand.
    let g = letters::generate(
        core,
        &LetterRequest {
            allow_missing: true,
            ..req.clone()
        },
        d(TODAY),
        now(),
    )
    .unwrap();
    let path = p.out().join("blank.pdf");
    std::fs::write(&path, &g.pdf).unwrap();
    // Reminders state no legal basis and need none of it.
    let r = letters::preview(
        core,
        &LetterRequest {
            kind: "reminder".into(),
            ..req
        },
        d(TODAY),
    )
    .unwrap();
    assert!(r.missing_details.is_empty());
}

#[test]
#[ignore = "needs poppler-utils and zbar-tools; run by scripts/test.sh"]
fn blanks_print_where_details_are_missing() {
    let p = practice();
    let core = &p.core;
    let org = client(core, "organization", "ООО «Василёк»", "ru", &[]);
    engagement(core, org, "RUB", "5000", false, ContractInput::default());
    let g = letters::generate(
        core,
        &LetterRequest {
            kind: "demand".into(),
            id: org.0,
            as_of: Some(TODAY.into()),
            allow_missing: true,
            ..Default::default()
        },
        d(TODAY),
        now(),
    )
    .unwrap();
    let path = p.out().join("blank.pdf");
    std::fs::write(&path, &g.pdf).unwrap();
    let text = flat(&pdf_text(&path), false);
    assert!(text.contains("№ ________ от ________"), "{text}");
}

#[test]
#[ignore = "needs poppler-utils and zbar-tools; run by scripts/test.sh"]
fn a_late_payment_is_never_confirmed_as_on_time() {
    let p = practice();
    let core = &p.core;
    let org = client(core, "organization", "ООО «Ромашка»", "ru", &[]);
    engagement(
        core,
        org,
        "RUB",
        "150000",
        true,
        contract("Договор", "ЮП-18/2026", "п. 5.2", "court", ""),
    );
    let rub = firm::list_bank_accounts(core)
        .unwrap()
        .into_iter()
        .find(|a| a.account.currency.code() == "RUB")
        .unwrap()
        .id;
    // Paid late (due 30 September), by someone else, into the RUB account.
    let late = payments::record(
        core,
        &PaymentInput {
            client_id: org,
            currency: "RUB".into(),
            amount: "150000".into(),
            received_on: "2026-10-30".into(),
            method: "bank_transfer".into(),
            payer: "ИП Кузнецов А. А.".into(),
            bank_account_id: Some(rub),
            ..Default::default()
        },
        None,
        d(TODAY),
        now(),
    )
    .unwrap();
    let l = write(&p, "confirmation", late.id, "confirmation-ru-late");
    says(
        &l,
        false,
        &[
            "произведённой ИП Кузнецов А. А. за ООО «Ромашка»",
            "на счёт ПАО Сбербанк •••• 2345",
            "Оплата произведена с нарушением срока.",
            "право требовать её уплаты сохраняется",
            "Остаток задолженности на 23 ноября 2026 г.",
            "не изменяет условий договора",
            "Благодарим за оплату.",
        ],
        &[
            "своевременную",
            "Основной рублёвый",
            "Оказание услуг продолжается",
        ],
    );
    // The account archived since: the confirmation still names where the money came in.
    firm::archive_bank_account(core, rub, now()).unwrap();
    let l = write(
        &p,
        "confirmation",
        late.id,
        "confirmation-ru-archived-account",
    );
    says(&l, false, &["на счёт ПАО Сбербанк •••• 2345"], &[]);
    // Its stored currency damaged: database.corrupt, not a letter without the bank.
    core.database()
        .write(|tx| {
            tx.execute(
                "UPDATE bank_accounts SET currency = 'ZZZ' WHERE id = ?1",
                [rub.0],
            )
            .map_err(lawdesk::store::database::sql_error)
        })
        .unwrap();
    let e = letters::generate(
        core,
        &LetterRequest {
            kind: "confirmation".into(),
            id: late.id,
            as_of: Some(TODAY.into()),
            ..Default::default()
        },
        d(TODAY),
        now(),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::DatabaseCorrupt, "{e:?}");
    // Paid on time: thanked for it, nothing reserved.
    let ok = client(core, "person", "Петров Пётр Петрович", "ru", &[]);
    engagement(
        core,
        ok,
        "RUB",
        "1000",
        true,
        contract("Договор", "ЮП-20/2026", "п. 5.2", "court", ""),
    );
    let paid = payments::record(
        core,
        &PaymentInput {
            client_id: ok,
            currency: "RUB".into(),
            amount: "1000".into(),
            received_on: "2026-09-29".into(),
            method: "sbp".into(),
            ..Default::default()
        },
        None,
        d(TODAY),
        now(),
    )
    .unwrap();
    let l = write(&p, "confirmation", paid.id, "confirmation-ru-on-time");
    says(
        &l,
        false,
        &["Благодарим за своевременную оплату!"],
        &["нарушением срока", "произведённой"],
    );
}

#[test]
#[ignore = "needs poppler-utils and zbar-tools; run by scripts/test.sh"]
fn a_chinese_letter_in_euros_pays_with_a_latin_reference() {
    let p = practice();
    let core = &p.core;
    let c = client(core, "organization", "德国明理贸易有限公司", "zh-CN", &[]);
    engagement(
        core,
        c,
        "EUR",
        "1000",
        false,
        contract("法律服务委托合同", "ML-2026-030", "", "court", ""),
    );
    let l = write(&p, "reminder", c.0, "reminder-zh-CN-eur");
    let epc = l.payload.clone().expect("an EPC payload");
    assert_eq!(qr_payload(&l.path), epc);
    sepa_only(&epc);
    assert!(
        epc.contains("ming li lu han ti xing 2026 di 0001 hao"),
        "{epc}"
    );
}

/// Counts keychain reads (the real Secret Service costs milliseconds per read).
#[derive(Default)]
struct CountingKeychain {
    inner: lawdesk::secrets::MemoryStore,
    gets: std::sync::atomic::AtomicUsize,
}

impl SecretStore for CountingKeychain {
    fn set(&self, account: &str, value: &Secret) -> lawdesk::domain::AppResult<()> {
        self.inner.set(account, value)
    }
    fn get(&self, account: &str) -> lawdesk::domain::AppResult<Option<Secret>> {
        self.gets.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.inner.get(account)
    }
    fn delete(&self, account: &str) -> lawdesk::domain::AppResult<()> {
        self.inner.delete(account)
    }
}

#[test]
fn a_batch_reads_each_account_number_from_the_keychain_once() {
    let dir = tempfile::tempdir().unwrap();
    let keychain = std::sync::Arc::new(CountingKeychain::default());
    let core = Core::open_with_clock(dir.path(), keychain.clone(), stopped_clock(now())).unwrap();
    core.firm(FirmProfileInput {
        name: "Harper & Lowe LLP".into(),
        default_currency: "EUR".into(),
        default_language: "en".into(),
        ..Default::default()
    })
    .bank_account(BankAccountInput {
        label: "EUR".into(),
        currency: "EUR".into(),
        holder: "Harper and Lowe LLP".into(),
        bank_name: "Commerzbank AG".into(),
        bic: "COBADEFFXXX".into(),
        account_number: Some(Secret::new("DE89 3704 0044 0532 0130 00")),
        ..Default::default()
    });
    for i in 0..4 {
        let c = client(&core, "organization", &format!("Client {i} Ltd"), "en", &[]);
        engagement(
            &core,
            c,
            "EUR",
            "1000",
            false,
            contract("Advice", "A-1", "", "court", ""),
        );
    }
    let before = keychain.gets.load(std::sync::atomic::Ordering::SeqCst);
    let written = letters::batch(
        &core,
        lawdesk::letters::templates::Kind::Reminder,
        d(TODAY),
        d(TODAY),
        now(),
        &mut |_, _| true,
    )
    .unwrap()
    .letters;
    assert_eq!(written.len(), 4);
    assert!(written.iter().all(|g| g.qr_payload.is_some()));
    assert_eq!(
        keychain.gets.load(std::sync::atomic::Ordering::SeqCst) - before,
        1,
        "one keychain read for the whole batch"
    );
}
