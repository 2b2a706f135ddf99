//! Letter speed (issue: ≤ 10 ms and ≤ 80 KB per one-page letter in-process; 1,000 letters
//! from the database ≤ 10 s). Lays out and writes a one-page demand letter in each
//! language many times; then writes 1,000 letters through the use case (facts from the
//! database, number, PDF, kept copy, log entry, one committed transaction each). With
//! `LAWDESK_BENCH_HTML_OUT=DIR` it also writes the same zh-CN letter as HTML for the
//! LibreOffice / Chromium comparison in scripts/bench.sh. First it measures the preview
//! through the service path: the first of a fresh process (cold, and after the start-up
//! font preload) and the ones after (`LAWDESK_BENCH_PREVIEW_ONLY=1` stops there). With
//! `LAWDESK_BENCH_BATCH=CLIENTS` it only runs `letter batch --stage reminder` through the use
//! case on a demo practice of that size, side by side with the in-memory secret store and the
//! OS keychain (the real Secret Service when run under a D-Bus session with gnome-keyring),
//! twice each, alternating. Never asserted.
//! The letters from the database also run side by side plain, then encrypted at rest
//! (`at_rest_mode`; `LAWDESK_BENCH_DB_ONLY=1` runs only them, `LAWDESK_BENCH_LETTERS=N`
//! writes N instead of 1,000).

#[path = "at_rest_mode.rs"]
mod at_rest_mode;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use lawdesk::domain::lang::Lang;
use lawdesk::letters::compose::{
    self, LetterDoc, Letterhead, PaymentBlock, QrCode, Signature, Table, PAYMENT_MARK, TABLE_MARK,
};
use lawdesk::letters::layout::{Align, Paper};
use lawdesk::letters::{format, pdf, qr};
use lawdesk::secrets::MemoryStore;
use lawdesk::services::letters::{self, LetterRequest};
use lawdesk::services::{demo, Core};

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn letter(lang: Lang) -> LetterDoc {
    let (title, body, rows, total) = match lang {
        Lang::ZhCn => ("律师函", "致：上海华信文化传媒有限公司\n\n北京明理律师事务所就贵方拖欠本所律师服务费用一事，郑重致函如下：截至2026年11月23日，贵方尚有下列款项逾期未付：", "账单编号", "请贵方于2026年12月3日前付清上述全部款项。逾期未付，本所将依法向有管辖权的人民法院提起诉讼，由此产生的诉讼费、保全费等一切费用均由贵方承担。"),
        Lang::ZhTw => ("催告函", "受文者：聯華建設股份有限公司\n\n主旨：請於2026年12月3日前清償積欠本所之律師費用，逾期將依法訴追。", "帳單編號", "三、請於期限前清償完畢。逾期未清償，本所將依法訴追，並請求自遲延時起按週年利率百分之五計算之法定遲延利息。"),
        Lang::Ru => ("ПРЕТЕНЗИЯ", "По договору об оказании юридической помощи за Вами числится задолженность по следующим счетам:", "Счёт", "Требуем погасить задолженность не позднее 23 декабря 2026 г. В случае неоплаты мы обратимся в суд с требованием о взыскании долга, неустойки и судебных расходов."),
        Lang::En => ("Letter before action", "Dear Oakridge Foods Ltd,\n\nWe write about fees that remain unpaid under our engagement with you. As at 23 November 2026 the following invoices are overdue:", "Invoice", "Unless the total is paid by 3 December 2026, we intend to issue proceedings to recover the debt, interest and costs without further notice to you."),
    };
    let (dark, n) = qr::modules("ST00012|Name=ООО «Минли»|PersonalAcc=40702810938000012345|BankName=ПАО Сбербанк|BIC=044525225|CorrespAcc=30101810400000000225|Sum=14879999|Purpose=x").unwrap();
    LetterDoc {
        lang,
        paper: Paper::A4,
        letterhead: Letterhead {
            name: "北京明理律师事务所 · Mingli Law".into(),
            lines: vec![
                "北京市朝阳区建国路88号SOHO现代城A座1206室".into(),
                "+86 10 8588 6666 · office@mingli-law.cn".into(),
            ],
            logo: None,
        },
        number_line: "明理律函〔2026〕第0007号".into(),
        date_line: format::date(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), lang),
        recipient: vec!["上海华信文化传媒有限公司".into()],
        title: title.into(),
        body: format!("{body}\n\n{TABLE_MARK}\n\n{total}\n\n{PAYMENT_MARK}"),
        table: Some(Table {
            columns: vec![
                (0.25, Align::Left),
                (0.25, Align::Left),
                (0.25, Align::Right),
                (0.25, Align::Right),
            ],
            header: vec![
                rows.into(),
                "2026-10-01".into(),
                "6,600.00".into(),
                "0.00".into(),
            ],
            rows: (1..=4)
                .map(|i| {
                    vec![
                        format!("MLF-2026-000{i}"),
                        "2026-10-01".into(),
                        "6,600.00 CNY".into(),
                        "33.00 CNY".into(),
                    ]
                })
                .collect(),
            total_row: true,
        }),
        payment: Some(PaymentBlock {
            heading: "付款方式 / How to pay".into(),
            lines: vec!["ПАО Сбербанк".into(), "40702810938000012345".into()],
            qr: Some(QrCode::Payload {
                dark,
                n,
                caption: "ГОСТ Р 56042".into(),
            }),
        }),
        signature: Signature {
            firm: "北京明理律师事务所".into(),
            lawyer: "王明".into(),
            seal_label: "（盖章）".into(),
            sign_label: "律师签字：".into(),
            date: "2026年11月23日".into(),
        },
        page_label: format::page_label(lang),
        annex: Vec::new(),
        appendix: None,
    }
}

/// A demo practice in a fresh folder and the overdue clients a demand can go to.
fn practice(clients: u64) -> (tempfile::TempDir, Core, Vec<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path(), Arc::new(MemoryStore::default())).unwrap();
    let today = chrono::Local::now().date_naive();
    demo::run(&core, clients, 5, today, Utc::now()).unwrap();
    let due: Vec<i64> = core
        .database()
        .read(|c| lawdesk::store::rows(c, "SELECT DISTINCT client_id FROM invoice_open WHERE open_minor > 0 AND due_on < date('now') AND client_id IS NOT NULL ORDER BY client_id", [], |r| r.get(0)))
        .unwrap();
    (dir, core, due)
}

fn preview_request(id: i64, i: usize) -> LetterRequest {
    LetterRequest {
        kind: ["demand", "reminder", "second_reminder"][i % 3].into(),
        id,
        ..Default::default()
    }
}

/// Child process: the first preview of a fresh process, as the window's first preview of a
/// session (`LAWDESK_BENCH_FIRST_PREVIEW=cold`: nothing loaded; `=preloaded`: after the
/// start-up font preload the app runs, with the practice opened meanwhile).
fn first_preview_child(mode: &str) {
    let t0 = Instant::now();
    if mode == "preloaded" {
        lawdesk::letters::fonts::preload();
    }
    let (_dir, core, due) = practice(200);
    let setup = t0.elapsed();
    let today = chrono::Local::now().date_naive();
    let t = Instant::now();
    letters::preview(&core, &preview_request(due[0], 0), today).unwrap();
    println!(
        "first_preview_ms={:.1} setup_ms={:.0}",
        t.elapsed().as_secs_f64() * 1000.0,
        setup.as_secs_f64() * 1000.0
    );
}

/// The preview through the service path (facts from the database, keychain, template,
/// layout, SVG): the first of a process (children) and the ones after.
fn previews() {
    let exe = std::env::current_exe().unwrap();
    println!("| preview | runs | p50 | max |");
    println!("| --- | --- | --- | --- |");
    for mode in ["cold", "preloaded"] {
        let mut times = Vec::new();
        for _ in 0..5 {
            let out = std::process::Command::new(&exe)
                .env("LAWDESK_BENCH_FIRST_PREVIEW", mode)
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            let ms: f64 = text
                .split("first_preview_ms=")
                .nth(1)
                .and_then(|r| r.split_whitespace().next())
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("child said: {text}"));
            times.push(Duration::from_secs_f64(ms / 1000.0));
        }
        let max = *times.iter().max().unwrap();
        println!(
            "| first of a session ({mode}) | 5 | {} | {} |",
            ms(percentile(times, 0.5)),
            ms(max)
        );
    }
    let (_dir, core, due) = practice(200);
    let today = chrono::Local::now().date_naive();
    letters::preview(&core, &preview_request(due[0], 0), today).unwrap();
    let mut times = Vec::new();
    for (i, id) in due.iter().cycle().take(60).enumerate() {
        let t = Instant::now();
        letters::preview(&core, &preview_request(*id, i), today).unwrap();
        times.push(t.elapsed());
    }
    let max = *times.iter().max().unwrap();
    println!(
        "| later ones (demand, reminder, second reminder; {} clients) | 60 | {} | {} |",
        due.len(),
        ms(percentile(times, 0.5)),
        ms(max)
    );
}

/// One reminder batch on a fresh demo practice whose secrets live in `store`: (letters,
/// seconds).
fn batch_run(clients: u64, store: Arc<dyn lawdesk::secrets::SecretStore>) -> (usize, f64) {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path(), store).unwrap();
    let today = chrono::Local::now().date_naive();
    demo::run(&core, clients, 5, today, Utc::now()).unwrap();
    let kind = lawdesk::letters::templates::Kind::Reminder;
    let t = Instant::now();
    let done = letters::batch(&core, kind, today, today, Utc::now(), &mut |_, _| true).unwrap();
    (done.letters.len(), t.elapsed().as_secs_f64())
}

/// The reminder batch with the in-memory store and with the OS keychain, alternating.
fn batch_side_by_side(clients: u64) {
    println!("| secret store | run | letters | total | per letter |");
    println!("| --- | --- | --- | --- | --- |");
    for run in 1..=2 {
        let stores: [(&str, Arc<dyn lawdesk::secrets::SecretStore>); 2] = [
            ("in-memory", Arc::new(MemoryStore::default())),
            (
                "OS keychain",
                Arc::new(lawdesk::secrets::Keychain::default()),
            ),
        ];
        for (name, store) in stores {
            let (n, secs) = batch_run(clients, store);
            println!(
                "| {name} | {run} | {n} | {secs:.2} s | {:.2} ms |",
                secs * 1000.0 / n.max(1) as f64
            );
        }
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    if let Some(n) = std::env::var("LAWDESK_BENCH_BATCH")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        batch_side_by_side(n);
        return;
    }
    if let Ok(mode) = std::env::var("LAWDESK_BENCH_FIRST_PREVIEW") {
        first_preview_child(&mode);
        return;
    }
    let n: usize = std::env::var("LAWDESK_BENCH_LETTERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    if std::env::var_os("LAWDESK_BENCH_DB_ONLY").is_none() {
        previews();
        if std::env::var_os("LAWDESK_BENCH_PREVIEW_ONLY").is_some() {
            return;
        }
        in_process();
    }
    from_database(&at_rest_mode::modes(), n);
}

/// One-page letters laid out and written in-process, per language.
fn in_process() {
    let meta = pdf::PdfMeta {
        title: "Letter".into(),
        author: "Lawdesk".into(),
        language: "zh-CN".into(),
        date: (2026, 11, 23),
    };
    // Warm the font tables once, as a running app has.
    pdf::render(&compose::compose(&letter(Lang::ZhCn)), &meta).unwrap();
    println!("| language | pages | p50 | p95 | size |");
    println!("| --- | --- | --- | --- | --- |");
    for lang in [Lang::ZhCn, Lang::ZhTw, Lang::Ru, Lang::En] {
        let doc = letter(lang);
        let mut times = Vec::new();
        let mut size = 0;
        let mut pages = 0;
        for _ in 0..100 {
            let t = Instant::now();
            let laid = compose::compose(&doc);
            let bytes = pdf::render(&laid, &meta).unwrap();
            times.push(t.elapsed());
            size = bytes.len();
            pages = laid.pages.len();
            if let Ok(dir) = std::env::var("LAWDESK_BENCH_HTML_OUT") {
                std::fs::write(
                    std::path::Path::new(&dir).join(format!("letter-{}.pdf", lang.code())),
                    &bytes,
                )
                .unwrap();
            }
        }
        println!(
            "| {} | {pages} | {} | {} | {:.1} KB |",
            lang.code(),
            ms(percentile(times.clone(), 0.5)),
            ms(percentile(times, 0.95)),
            size as f64 / 1024.0
        );
    }
}

/// `n` letters from the database through the use case, on a data folder opened as `mode`.
fn from_database(modes: &[&'static str], n_letters: usize) {
    let today = chrono::Local::now().date_naive();
    // Each column's practice first, then the letters alternate between them, one each in
    // turn and the first of each pair alternating (this machine's disk drifts between
    // minutes by more than the difference measured).
    let practices: Vec<_> = modes
        .iter()
        .map(|mode| {
            let dir = tempfile::tempdir().unwrap();
            let core = at_rest_mode::open_core(dir.path(), mode);
            demo::run(&core, 2000, 5, today, Utc::now()).unwrap();
            let due: Vec<i64> = core
                .database()
                .read(|c| lawdesk::store::rows(c, "SELECT DISTINCT client_id FROM invoice_open WHERE open_minor > 0 AND due_on < date('now') AND client_id IS NOT NULL", [], |r| r.get(0)))
                .unwrap();
            (*mode, dir, core, due)
        })
        .collect();
    let kinds = ["reminder", "second_reminder", "demand"];
    let mut totals = vec![(Duration::ZERO, 0usize); practices.len()];
    for n in 0..n_letters {
        let mut order: Vec<usize> = (0..practices.len()).collect();
        if n % 2 == 1 {
            order.reverse();
        }
        for k in order {
            let (_, _, core, due) = &practices[k];
            let id = due[n % due.len()];
            let kind = kinds[(n / due.len()) % kinds.len()];
            let t = Instant::now();
            let g = letters::generate(
                core,
                &LetterRequest {
                    kind: kind.into(),
                    id,
                    // Demo clients lack the legal details a demand states (contract
                    // number, ИНН…): speed is measured with the blanks printed.
                    allow_missing: true,
                    ..Default::default()
                },
                today,
                Utc::now(),
            )
            .unwrap();
            totals[k].0 += t.elapsed();
            totals[k].1 += g.bytes;
        }
    }
    for ((mode, _, _, due), (total, bytes)) in practices.iter().zip(totals) {
        println!(
            "{mode}: {n_letters} letters from the database ({} overdue clients, the four languages, reminders/second reminders/demands): {:.2} s, {:.1} ms per letter, {:.1} KB average",
            due.len(),
            total.as_secs_f64(),
            total.as_secs_f64() * 1000.0 / n_letters as f64,
            bytes as f64 / n_letters as f64 / 1024.0
        );
    }
}
