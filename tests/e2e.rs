//! The real app in a real webview: `tauri-driver` + WebKitWebDriver under Xvfb, driven by
//! fantoccini. Run by scripts/test.sh (which provides the display, the D-Bus session with an
//! unlocked keychain and tauri-driver); ignored in a plain `cargo test`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use serde_json::json;

struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(port: u16) -> Driver {
        Driver::start_with_env(port, &[])
    }

    /// As `start`, with `env` set on tauri-driver: WebKitWebDriver and the app it launches
    /// inherit it (how a test fixes the app's clock with `LAWDESK_NOW` and `TZ`).
    fn start_with_env(port: u16, env: &[(&str, &str)]) -> Driver {
        let bin = std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into());
        let child = Command::new(bin)
            .envs(env.iter().copied())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &(port + 1).to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver must be installed (cargo install tauri-driver --locked)");
        let driver = Driver { child, port };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return driver;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("tauri-driver did not listen on {port}");
    }

    /// Opens the app on `data_dir` in a new session (a fresh process of the app).
    async fn open(&self, data_dir: &Path) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({
                "application": env!("CARGO_BIN_EXE_lawdesk"),
                "args": ["--data-dir", data_dir.to_string_lossy()],
            }),
        );
        let url = format!("http://127.0.0.1:{}", self.port);
        let mut builder = ClientBuilder::rustls().expect("TLS setup");
        builder.capabilities(caps);
        let client = tokio::time::timeout(Duration::from_secs(90), builder.connect(&url))
            .await
            .expect("the WebDriver session did not start within 90 s")
            .expect("WebDriver session");
        client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css("#main h1"))
            .await
            .unwrap();
        client
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: tauri-driver then stops WebKitWebDriver too.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

fn artifacts() -> PathBuf {
    let dir = common::repo_root().join("artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn find(c: &Client, css: &str) -> Element {
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
}

async fn text_of(c: &Client, css: &str) -> String {
    find(c, css).await.text().await.unwrap()
}

/// Waits until the element's text equals `want` (screens render asynchronously).
async fn wait_text(c: &Client, css: &str, want: &str) {
    let mut last = String::new();
    for _ in 0..100 {
        if let Ok(e) = c.find(Locator::Css(css)).await {
            last = e.text().await.unwrap_or_default();
            if last == want {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css}: expected {want:?}, last saw {last:?}");
}

async fn set_value(c: &Client, css: &str, value: &str) {
    let e = find(c, css).await;
    e.clear().await.unwrap();
    if !value.is_empty() {
        e.send_keys(value).await.unwrap();
    }
}

async fn value_of(c: &Client, css: &str) -> String {
    find(c, css)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

async fn screenshot(c: &Client, name: &str) {
    tokio::time::sleep(Duration::from_millis(500)).await;
    let png = c.screenshot().await.unwrap();
    std::fs::write(artifacts().join(name), png).unwrap();
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver; run by scripts/test.sh"]
async fn firm_profile_is_validated_saved_persisted_and_translated() {
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(4444);

    // 1. First start: fill the firm profile with bad values and see the errors.
    let c = driver.open(data.path()).await;
    find(&c, "#nav-settings").await.click().await.unwrap();
    find(&c, "#firm-name").await;
    set_value(&c, "#firm-name", "").await;
    set_value(&c, "#firm-email", "office-at-harperlowe").await;
    find(&c, "#firm-save").await.click().await.unwrap();
    wait_text(&c, "#err-firm-name", "Required.").await;
    wait_text(&c, "#err-firm-email", "Not an e-mail address.").await;
    assert_eq!(
        value_of(&c, "#firm-email").await,
        "office-at-harperlowe",
        "typed text is kept"
    );
    assert_eq!(
        find(&c, "#firm-email")
            .await
            .attr("aria-invalid")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );

    // 2. A "logo" that is not an image is refused with a field error.
    let fake = data.path().join("not-a-logo.png");
    std::fs::write(&fake, "this is text, not a PNG").unwrap();
    set_value(&c, "#firm-name", "Harper & Lowe Solicitors").await;
    find(&c, "#firm-logo")
        .await
        .send_keys(&fake.to_string_lossy())
        .await
        .unwrap();
    wait_text(&c, "#firm-logo-name", "not-a-logo.png").await;
    find(&c, "#firm-save").await.click().await.unwrap();
    wait_text(&c, "#err-firm-logo", "Choose a PNG or JPEG image.").await;
    let logo = common::repo_root().join("icons/128x128.png");
    find(&c, "#firm-logo")
        .await
        .send_keys(&logo.to_string_lossy())
        .await
        .unwrap();
    wait_text(&c, "#firm-logo-name", "128x128.png").await;

    // 3. Correct and save.
    set_value(&c, "#firm-email", "office@harperlowe.co.uk").await;
    set_value(&c, "#firm-phone", "+44 20 7946 0123").await;
    set_value(&c, "#firm-letter-prefix", "HL").await;
    find(&c, "#firm-save").await.click().await.unwrap();
    wait_text(&c, "#toast", "Firm profile saved").await;
    assert_eq!(text_of(&c, "#err-firm-email").await, "");

    // 4. A bank account: the number goes to the keychain, the screen shows a mask.
    set_value(&c, "#bank-label", "EUR · SEPA").await;
    find(&c, "#bank-currency option[value='EUR']")
        .await
        .click()
        .await
        .unwrap();
    set_value(&c, "#bank-holder", "Harper & Lowe Solicitors").await;
    set_value(&c, "#bank-bank-name", "Commerzbank AG").await;
    set_value(&c, "#bank-bic", "COBADEFFXXX").await;
    set_value(&c, "#bank-account-number", "DE89 3704 0044 0532 0130 01").await;
    find(&c, "#bank-save").await.click().await.unwrap();
    wait_text(
        &c,
        "#err-bank-account-number",
        "The IBAN's check digits do not match: look for a typo.",
    )
    .await;
    set_value(&c, "#bank-account-number", "DE89 3704 0044 0532 0130 00").await;
    find(&c, "#bank-save").await.click().await.unwrap();
    wait_text(&c, "#bank-table tbody tr td.secret-state", "•••• 3000").await;
    screenshot(&c, "e2e-settings-en.png").await;
    c.close().await.unwrap();

    // 5. Restart: everything persisted, the logo too.
    let c = driver.open(data.path()).await;
    find(&c, "#nav-settings").await.click().await.unwrap();
    find(&c, "#firm-name").await;
    for _ in 0..50 {
        if value_of(&c, "#firm-name").await == "Harper & Lowe Solicitors" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(value_of(&c, "#firm-name").await, "Harper & Lowe Solicitors");
    assert_eq!(value_of(&c, "#firm-email").await, "office@harperlowe.co.uk");
    assert_eq!(value_of(&c, "#firm-letter-prefix").await, "HL");
    let src = find(&c, "#firm-logo-preview")
        .await
        .attr("src")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(
        src.starts_with("data:image/png;base64,"),
        "logo preview: {src:.40}"
    );

    // 6. Switch the UI language and check translated labels.
    find(&c, "#ui-language option[value='zh-CN']")
        .await
        .click()
        .await
        .unwrap();
    wait_text(&c, "label[for='firm-name']", "律所名称").await;
    wait_text(&c, "#nav-settings", "设置").await;
    screenshot(&c, "e2e-settings-zh-CN.png").await;
    find(&c, "#ui-language option[value='ru']")
        .await
        .click()
        .await
        .unwrap();
    wait_text(&c, "label[for='firm-name']", "Название фирмы").await;
    screenshot(&c, "e2e-settings-ru.png").await;
    find(&c, "#ui-language option[value='zh-TW']")
        .await
        .click()
        .await
        .unwrap();
    wait_text(&c, "label[for='firm-name']", "事務所名稱").await;
    screenshot(&c, "e2e-settings-zh-TW.png").await;
    c.close().await.unwrap();

    // 7. The language choice survives a restart too.
    let c = driver.open(data.path()).await;
    find(&c, "#nav-settings").await.click().await.unwrap();
    wait_text(&c, "label[for='firm-name']", "事務所名稱").await;
    c.close().await.unwrap();

    // Nothing secret reached the data folder.
    for (path, bytes) in common::all_bytes_below(data.path()) {
        assert!(
            !common::contains(&bytes, b"0532013000"),
            "IBAN found in {}",
            path.display()
        );
    }
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver; run by scripts/test.sh"]
async fn client_file_import_search_conflict_log_and_follow_up() {
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(4454);
    let c = driver.open(data.path()).await;
    find(&c, "#nav-clients").await.click().await.unwrap();
    find(&c, "#client-search").await;

    // 1. Import a CSV with two bad rows: they are reported with their row numbers.
    let csv = data.path().join("clients.csv");
    std::fs::write(
        &csv,
        "name,phone,email,kind\nООО «Ромашка»,+7 495 123-45-67,info@romashka.ru,organization\n王伟,010 8888 6666,,\n,139,,\nHarper & Lowe LLP,,office@hl,organization\nЩукина Анна,,,person\n",
    )
    .unwrap();
    find(&c, "#import-file")
        .await
        .send_keys(&csv.to_string_lossy())
        .await
        .unwrap();
    wait_text(
        &c,
        "#import-summary",
        "Ready: 3 rows would be imported, 2 rejected.",
    )
    .await;
    let rejected = find(&c, "#import-rejected tbody")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        rejected.contains("4") && rejected.contains("Required."),
        "{rejected}"
    );
    assert!(
        rejected.contains("5") && rejected.contains("Not an e-mail address."),
        "{rejected}"
    );
    find(&c, "#import-run").await.click().await.unwrap();
    wait_text(&c, "#client-count", "3 shown").await;

    // 2. Search as you type: lower-case Russian, then Chinese.
    set_value(&c, "#client-search", "ромашка").await;
    wait_text(
        &c,
        "#client-results tr:first-child td:first-child",
        "ООО «Ромашка»",
    )
    .await;
    set_value(&c, "#client-search", "伟").await;
    wait_text(&c, "#client-results tr:first-child td:first-child", "王伟").await;

    // 3. A new client.
    find(&c, "#client-new").await.click().await.unwrap();
    set_value(&c, "#client-name", "张伟").await;
    set_value(&c, "#client-phone", "+86 138-0013-8000").await;
    find(&c, "#client-save").await.click().await.unwrap();
    wait_text(&c, "#client-title", "张伟").await;

    // 4. A matter whose opposing party is an existing client in another script.
    set_value(&c, "#matter-title", "劳动争议仲裁").await;
    set_value(&c, "#matter-opposing-name", "Romashka LLC").await;
    find(&c, "#matter-save").await.click().await.unwrap();
    let hits = find(&c, "#conflict-hits").await.text().await.unwrap();
    assert!(
        hits.contains("ООО «Ромашка»") && hits.contains("client"),
        "{hits}"
    );
    find(&c, "#matter-continue").await.click().await.unwrap();
    wait_text(&c, "#matter-table tbody tr td:first-child", "劳动争议仲裁").await;

    // 5. Log a call, verify the log.
    set_value(&c, "#log-summary", "催款电话：客户承诺月底前付款").await;
    find(&c, "#log-save").await.click().await.unwrap();
    wait_text(
        &c,
        "#log-table tbody tr td:nth-child(3)",
        "催款电话：客户承诺月底前付款",
    )
    .await;
    find(&c, "#log-verify").await.click().await.unwrap();
    wait_text(
        &c,
        "#log-verify-result p",
        "All 1 entries and their attachments are intact.",
    )
    .await;

    // 6. A follow-up due today, completed: it becomes a log entry.
    set_value(&c, "#followup-title", "回访").await;
    let today = chrono::Local::now().date_naive().to_string();
    c.execute(
        "document.getElementById('followup-due-on').value = arguments[0]",
        vec![json!(today)],
    )
    .await
    .unwrap();
    find(&c, "#followup-save").await.click().await.unwrap();
    find(&c, "#followup-table .followup-done")
        .await
        .click()
        .await
        .unwrap();
    wait_text(
        &c,
        "#log-table tbody tr:first-child td:nth-child(3)",
        "回访",
    )
    .await;
    assert!(find(&c, "#followup-table")
        .await
        .text()
        .await
        .unwrap()
        .contains("done"));
    screenshot(&c, "e2e-client-page.png").await;

    // The Dashboard lists the client as behind the monthly contact rhythm (1 of 3).
    find(&c, "#nav-dashboard").await.click().await.unwrap();
    let behind = find(&c, "#behind-rhythm").await.text().await.unwrap();
    assert!(behind.contains("张伟"), "{behind}");
    screenshot(&c, "e2e-dashboard.png").await;
    c.close().await.unwrap();
}

/// Sets a control's value the way a person's typing would (date inputs included) and lets
/// the screen react.
async fn set_js(c: &Client, css: &str, value: &str) {
    find(c, css).await;
    c.execute(
        "const e = document.querySelector(arguments[0]); e.value = arguments[1];
         e.dispatchEvent(new Event('input', { bubbles: true }));
         e.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![json!(css), json!(value)],
    )
    .await
    .unwrap();
}

async fn go(c: &Client, hash: &str) {
    c.execute("location.hash = arguments[0];", vec![json!(hash)])
        .await
        .unwrap();
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver; run by scripts/test.sh"]
async fn quote_accept_invoice_partial_payment_and_aging() {
    use lawdesk::domain::client::ClientInput;
    use lawdesk::domain::fee_settings::FeeSettingsInput;
    use lawdesk::domain::firm::FirmProfileInput;
    use lawdesk::services::{clients, firm};

    let data = tempfile::tempdir().unwrap();
    {
        let core = lawdesk::services::Core::open(
            data.path(),
            std::sync::Arc::new(lawdesk::secrets::MemoryStore::default()),
        )
        .unwrap();
        let now = chrono::Utc::now();
        firm::save_profile(
            &core,
            &FirmProfileInput {
                name: "北京明理律师事务所".into(),
                default_currency: "CNY".into(),
                default_language: "zh-CN".into(),
                ..Default::default()
            },
            now,
        )
        .unwrap();
        firm::save_fee_settings(
            &core,
            &FeeSettingsInput {
                vat_percent: "6".into(),
                invoice_prefix: "MLF".into(),
                payment_terms_days: "14".into(),
                ..Default::default()
            },
            now,
        )
        .unwrap();
        clients::add_client(
            &core,
            &ClientInput {
                kind: "organization".into(),
                name: "上海华信文化传媒有限公司".into(),
                ..Default::default()
            },
            now,
        )
        .unwrap();
    }
    let today = chrono::Local::now().date_naive();
    let iso = |days: i64| {
        (today - chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string()
    };
    let driver = Driver::start(4464);
    let c = driver.open(data.path()).await;
    let year = today.format("%Y").to_string();

    // 1. A quote for the client, priced live: 10,000 + 6 % VAT.
    go(&c, "client/1").await;
    find(&c, "#client-new-quote").await.click().await.unwrap();
    set_value(&c, "#q-title", "合同纠纷代理").await;
    set_value(&c, "#q-lines-0-description", "代理费").await;
    set_value(&c, "#q-lines-0-rate", "10000").await;
    wait_text(&c, "#quote-total", "10,600.00 CNY").await;
    wait_text(&c, "#quote-tax", "600.00 CNY").await;
    // The urgency factor needs its reason: the form says so next to the field.
    set_value(&c, "#q-factors-3-multiplier", "1.5").await;
    wait_text(&c, "#err-q-factors-3-reason", "Required.").await;
    set_value(&c, "#q-factors-3-multiplier", "1").await;
    wait_text(&c, "#quote-total", "10,600.00 CNY").await;
    // The plan: everything at once, due 20 days ago (catching up on a paper engagement).
    find(&c, "#quote-plan-100").await.click().await.unwrap();
    assert_eq!(value_of(&c, "#q-plan-0-amount").await, "10600.00");
    set_js(&c, "#q-plan-0-due_on", &iso(20)).await;
    screenshot(&c, "fees-1-quote-editor.png").await;
    find(&c, "#quote-save").await.click().await.unwrap();
    wait_text(&c, "#quote-status", "draft").await;
    assert_eq!(
        text_of(&c, "#quote-heading").await,
        format!("Quote Q-{year}-0001")
    );

    // 2. Accepted: the engagement with its plan.
    find(&c, "#quote-accept").await.click().await.unwrap();
    find(&c, "#plan-items").await;
    assert!(text_of(&c, "#plan-items").await.contains("10,600.00 CNY"));

    // 3. Invoice the plan item, dated 30 days ago: due 20 days ago.
    set_js(&c, "#plan-issue-date", &iso(30)).await;
    find(&c, "#invoice-item-1").await.click().await.unwrap();
    let number = format!(
        "MLF-{}-0001",
        (today - chrono::Duration::days(30)).format("%Y")
    );
    wait_text(&c, "#plan-items tbody tr td:nth-child(5)", &number).await;
    screenshot(&c, "fees-2-engagement.png").await;
    find(&c, "#plan-items tbody tr td:nth-child(5) a")
        .await
        .click()
        .await
        .unwrap();
    wait_text(&c, "#invoice-status", "overdue").await;

    // 4. A partial payment with the allocation preview.
    find(&c, "#invoice-pay").await.click().await.unwrap();
    set_value(&c, "#q-amount", "4000").await;
    wait_text(&c, "#alloc-1", "4,000.00 CNY").await;
    wait_text(&c, "#allocation-credit strong", "0.00 CNY").await;
    set_js(&c, "#q-method", "wechat_pay").await;
    screenshot(&c, "fees-3-payment.png").await;
    find(&c, "#payment-save").await.click().await.unwrap();
    wait_text(
        &c,
        "#client-balances td[data-field=\"balance\"]",
        "6,600.00 CNY",
    )
    .await;

    // 5. The Dashboard's aging shows the remainder 20 days late: bucket 1–30.
    find(&c, "#nav-dashboard").await.click().await.unwrap();
    wait_text(&c, "#aging-table-CNY td[data-bucket=\"1-30\"]", "6,600.00").await;
    assert_eq!(
        text_of(&c, "#aging-table-CNY td[data-bucket=\"current\"]").await,
        "0.00"
    );
    assert!(text_of(&c, "#top-overdue")
        .await
        .contains("上海华信文化传媒有限公司"));
    screenshot(&c, "fees-4-dashboard-aging.png").await;

    // 6. A reminder letter for the remainder: preview, then keep the PDF.
    go(&c, "letters/reminder/1").await;
    find(&c, "#letter-preview-button")
        .await
        .click()
        .await
        .unwrap();
    find(&c, ".letter-sheet svg").await;
    let sheet = text_of(&c, ".letter-sheet").await;
    assert!(sheet.contains("付款提醒函"), "{sheet}");
    assert!(sheet.contains("人民币陆仟陆佰元整"), "{sheet}");
    screenshot(&c, "letters-1-preview.png").await;
    find(&c, "#letter-generate").await.click().await.unwrap();
    let written = text_of(&c, "#letter-generated strong").await;
    assert!(
        written.contains(&format!("〔{year}〕第0001号")),
        "{written}"
    );
    // A template with an unknown placeholder is refused next to the text.
    set_js(&c, "#template-body", "Reminder\n\n{{ amount_due }}").await;
    find(&c, "#template-save").await.click().await.unwrap();
    wait_text(
        &c,
        "#err-template-body",
        "The text uses a placeholder this kind of letter does not know.",
    )
    .await;
    go(&c, "letters").await;
    find(&c, "#letter-list").await;
    assert!(text_of(&c, "#letter-list").await.contains(&written));
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver; run by scripts/test.sh"]
async fn the_payment_form_defaults_to_the_local_date_from_the_core_clock() {
    // 04:30 UTC on 4 December is 23:30 on 3 December in New York: the form must offer the
    // lawyer's date, not the UTC one (which the core would refuse as a future date). A year
    // away from the wall clock, so only the core's clock can give this date.
    let env = [
        ("LAWDESK_NOW", "2025-12-04T04:30:00Z"),
        ("TZ", "America/New_York"),
    ];
    let data = tempfile::tempdir().unwrap();
    let set = common::run_cli(
        data.path(),
        &["firm", "set"],
        Some(r#"{"name":"Clock & Co","default_currency":"USD","default_language":"en"}"#),
        &env,
    );
    assert!(set.status.success());
    let driver = Driver::start_with_env(4474, &env);
    let c = driver.open(data.path()).await;
    go(&c, "#payment/new").await;
    let mut last = String::new();
    for _ in 0..100 {
        last = value_of(&c, "#q-received_on").await;
        if !last.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(last, "2025-12-03");
    screenshot(&c, "clock-payment-date.png").await;
    c.close().await.unwrap();
}
