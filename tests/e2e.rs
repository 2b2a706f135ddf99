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
        // Two rustls providers are compiled into the tests (lettre's ring, fantoccini's
        // aws-lc-rs): the WebDriver client's is named here.
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
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

    /// As `open`, for a window that shows the app lock's screen first.
    async fn open_locked(&self, data_dir: &Path) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({
                "application": env!("CARGO_BIN_EXE_lawdesk"),
                "args": ["--data-dir", data_dir.to_string_lossy()],
            }),
        );
        let url = format!("http://127.0.0.1:{}", self.port);
        // Two rustls providers are compiled into the tests (lettre's ring, fantoccini's
        // aws-lc-rs): the WebDriver client's is named here.
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let mut builder = ClientBuilder::rustls().expect("TLS setup");
        builder.capabilities(caps);
        let client = tokio::time::timeout(Duration::from_secs(90), builder.connect(&url))
            .await
            .expect("the WebDriver session did not start within 90 s")
            .expect("WebDriver session");
        find(&client, "#lock-screen #lock-password").await;
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
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
}

/// The element's text; found again when a re-render replaced it between finding and reading.
async fn text_of(c: &Client, css: &str) -> String {
    let mut last = None;
    for _ in 0..20 {
        match find(c, css).await.text().await {
            Ok(t) => return t,
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css}: {last:?}")
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

/// Types `value` into the field (found again when a re-render replaced it meanwhile).
async fn set_value(c: &Client, css: &str, value: &str) {
    let mut last = None;
    for _ in 0..20 {
        let e = find(c, css).await;
        let typed = match e.clear().await {
            Ok(()) if value.is_empty() => Ok(()),
            Ok(()) => e.send_keys(value).await,
            Err(err) => Err(err),
        };
        match typed {
            Ok(()) => return,
            Err(err) => last = Some(err),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css}: {last:?}")
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
    let png = capture(c).await;
    std::fs::write(artifacts().join(name), png).unwrap();
}

/// The window as PNG. WebKitGTK without GPU compositing (the app's setting,
/// `commands::lighter_webview`) answers WebDriver's screenshot with the next frame it
/// paints, and a page at rest paints none, so the request would wait forever (a user never
/// notices: any input paints). A 1-pixel, near-transparent mark changes for two seconds (at
/// most) so that frames keep coming, and is removed once the picture is taken.
async fn capture(c: &Client) -> Vec<u8> {
    c.execute(
        "let d = document.getElementById('e2e-frame-nudge');
         if (!d) { d = document.createElement('div'); d.id = 'e2e-frame-nudge'; document.body.appendChild(d); }
         d.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;z-index:-1';
         clearInterval(window.e2eNudge);
         let n = 0;
         window.e2eNudge = setInterval(() => {
           d.style.background = n % 2 ? 'rgba(0,0,0,0.01)' : 'rgba(0,0,0,0.02)';
           if (++n > 80) { clearInterval(window.e2eNudge); d.remove(); }
         }, 25);",
        vec![],
    )
    .await
    .unwrap();
    let png = c.screenshot().await.unwrap();
    c.execute(
        "clearInterval(window.e2eNudge); document.getElementById('e2e-frame-nudge')?.remove();",
        vec![],
    )
    .await
    .unwrap();
    png
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

    // 1b. Export them: the native Save as… dialog offers lawdesk-clients-<date>.csv (a
    // screenshot of the whole screen shows it); a path typed into it, as a user would. The
    // data folder itself is refused in words, and nothing is written there; another place
    // gets the whole list, the toast saying how many and where.
    let inside = data.path().join("exported-clients.csv");
    let said = export_through_the_dialog(&c, &inside, "clients-export-save-as.png").await;
    assert!(
        said.starts_with("Choose a place outside Lawdesk's data folder"),
        "{said}"
    );
    assert!(!inside.exists());
    let out_dir = tempfile::tempdir().unwrap();
    let exported = out_dir.path().join("for-the-accountant.csv");
    let said = export_through_the_dialog(&c, &exported, "clients-export-again.png").await;
    assert_eq!(said, format!("Saved 3 clients to {}", exported.display()));
    // The same in Russian and Chinese: the dialog titled in the language, the refusal and
    // the count in its words.
    // And a list with a column no field is chosen for: the check names it, in the language.
    let extra = out_dir.path().join("with-iban.csv");
    std::fs::write(&extra, "name,IBAN\nЗАО «Вектор»,DE89370400440532013000\n").unwrap();
    for (lang, refusal, saved, ignored) in [
        (
            "ru",
            "Выберите место вне папки данных Lawdesk",
            "Сохранено клиентов: 3 — ",
            "Не импортируются (не выбрано поле выше): IBAN.",
        ),
        (
            "zh-CN",
            "请选择 Lawdesk 数据文件夹以外的位置",
            "已将 3 位客户保存到 ",
            "以下列不会导入（上方未选择字段）：IBAN。",
        ),
    ] {
        set_language(&c, lang).await;
        find(&c, "#nav-clients").await.click().await.unwrap();
        let shot = format!("clients-export-{lang}.png");
        let said = export_through_the_dialog(&c, &inside, &shot).await;
        assert!(said.starts_with(refusal), "{lang}: {said}");
        let to = out_dir.path().join(format!("clients-{lang}.csv"));
        let said = export_through_the_dialog(&c, &to, "clients-export-saved.png").await;
        assert!(said.starts_with(saved) && to.exists(), "{lang}: {said}");
        screenshot(&c, &format!("clients-export-{lang}-toast.png")).await;
        find(&c, "#import-file")
            .await
            .send_keys(&extra.to_string_lossy())
            .await
            .unwrap();
        wait_text(&c, "#import-ignored", ignored).await;
        screenshot(&c, &format!("clients-import-ignored-{lang}.png")).await;
    }
    assert!(!inside.exists());
    set_language(&c, "en").await;
    find(&c, "#nav-clients").await.click().await.unwrap();
    find(&c, "#client-search").await;
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(
        text.contains("ООО «Ромашка»") && text.contains("王伟"),
        "{text}"
    );

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
    // … and its recent activity names the export in words, not a catalog key.
    let body = body_text(&c).await;
    assert!(body.contains("Client list · exported"), "{body}");
    assert!(!body.contains("audit."), "{body}");
    screenshot(&c, "e2e-dashboard.png").await;
    c.close().await.unwrap();
}

/// Sets a control's value the way a person's typing would (date inputs included) and lets
/// the screen react.
/// Clicks the client list's export, types `to` into the native Save as… dialog (the new
/// window, given the keyboard first: on a loaded machine it takes a while to map) and
/// returns the toast's text once the window has answered. `shot`: a picture of the screen
/// with the dialog open.
async fn export_through_the_dialog(c: &Client, to: &Path, shot: &str) -> String {
    through_the_dialog(c, "#export-run", to, shot).await
}

/// Clicks `button`, types `to` into the native dialog it opens (Save as… or a folder
/// chooser: a folder chooser may take a second Return, once to go into the folder typed and
/// once to choose it) and returns the toast's text once the window has answered.
async fn through_the_dialog(c: &Client, button: &str, to: &Path, shot: &str) -> String {
    c.execute("document.getElementById('toast').textContent = '';", vec![])
        .await
        .unwrap();
    in_the_dialog(c, button, to, shot).await;
    match said_in_toast(c).await {
        Some(said) => said,
        None => {
            let _ = Command::new("import")
                .args(["-window", "root"])
                .arg(artifacts().join("export-no-answer.png"))
                .status();
            panic!("no answer in the window after the Save as… dialog");
        }
    }
}

/// The toast's text once there is one (`None` after 20 s); a page reloading meanwhile is
/// waited for.
async fn said_in_toast(c: &Client) -> Option<String> {
    for _ in 0..100 {
        let said = c
            .execute(
                "const t = document.getElementById('toast'); return t ? t.textContent : '';",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        if !said.is_empty() {
            return Some(said);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    None
}

/// Clicks `button` and types `to` into the native dialog it opens (see
/// [`through_the_dialog`]); returns once the dialog is gone.
async fn in_the_dialog(c: &Client, button: &str, to: &Path, shot: &str) {
    // Every window on the screen: the dialog is the one that appears after the click
    // (its title is in the window's language, which xdotool's name search does not match
    // outside ASCII).
    let windows = || {
        let found = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", ".*"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&found.stdout)
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let before = windows();
    find(c, button).await.click().await.unwrap();
    let mut dialog = String::new();
    for _ in 0..100 {
        if let Some(new) = windows().into_iter().rev().find(|w| !before.contains(w)) {
            dialog = new;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(!dialog.is_empty(), "the Save as… dialog did not open");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _ = Command::new("import")
        .args(["-window", "root"])
        .arg(artifacts().join(shot))
        .status();
    let xdotool = |args: &[&str]| Command::new("xdotool").args(args).status().unwrap();
    xdotool(&["windowfocus", "--sync", &dialog]);
    if button != "#export-run" {
        // A folder chooser: its location entry first (typing "/" would open it, eating the
        // next key while it appears).
        xdotool(&["key", "--window", &dialog, "ctrl+l"]);
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    xdotool(&["key", "--window", &dialog, "ctrl+a"]);
    xdotool(&["type", "--delay", "15", &to.to_string_lossy()]);
    xdotool(&["key", "Return"]);
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(1000)).await;
        if !windows().contains(&dialog) {
            break;
        }
        xdotool(&["key", "--window", &dialog, "Return"]);
    }
}

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
    use lawdesk::services::{client_file::clients, firm};

    let data = tempfile::tempdir().unwrap();
    {
        let core = lawdesk::services::Core::open(
            data.path(),
            std::sync::Arc::new(lawdesk::secrets::Keychain::default()),
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
    // The urgency factor needs its reason: once the lawyer has passed the reason field by,
    // the form says so next to it (not before: forms open clean).
    set_value(&c, "#q-factors-3-multiplier", "1.5").await;
    assert_eq!(text_of(&c, "#err-q-factors-3-reason").await, "");
    find(&c, "#q-factors-3-reason").await.click().await.unwrap();
    find(&c, "#q-title").await.click().await.unwrap();
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
    // Issuing takes a number for good: the window asks first.
    find(&c, "#confirm-ok").await.click().await.unwrap();
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
    // The recorded payment opens: its allocation, then the client's balance.
    find(&c, "#payment-allocations").await;
    go(&c, "client/1").await;
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
    find(&c, "#confirm-ok").await.click().await.unwrap();
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

// ---------------------------------------------------------------------------------------
// The tour (issue 12): every screen and every kind of detail page of a demo practice, in
// all four languages, at 1280 × 800 and at the window's minimum 900 × 600; no raw values,
// no catalog keys, no English left in another language, nothing outside the window or on
// top of another control, amounts and dates on one line, no script error. A screenshot per
// screen per language lands in the test's temp dir (kept; its path is printed), or in
// `LAWDESK_TOUR_OUT` when set.

const TOUR_CHECK: &str = include_str!("tour_check.js");

/// Records script errors and rejected promises for the whole session (hash routing keeps
/// the page, so one hook covers every screen).
const HOOK_ERRORS: &str = "window.__tourErrors = window.__tourErrors || [];
  if (!window.__tourHooked) {
    window.__tourHooked = true;
    window.addEventListener('error', (e) => window.__tourErrors.push(String(e.message)));
    window.addEventListener('unhandledrejection', (e) => window.__tourErrors.push(JSON.stringify(e.reason)));
    const orig = console.error;
    console.error = (...a) => { window.__tourErrors.push(a.map(String).join(' ')); orig.apply(console, a); };
  }";

fn catalog_keys() -> Vec<String> {
    common::catalog("en").keys().cloned().collect()
}

/// The practice's recovery key, shown once through the CLI.
fn shown_recovery_key(data: &Path) -> String {
    let answer: serde_json::Value =
        serde_json::from_str(&cli_ok(data, &["backup", "key", "--show-once"])).unwrap();
    answer["recovery_key"].as_str().unwrap().to_string()
}

fn cli_ok(data: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_lawdesk-cli"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "lawdesk-cli {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The ids of one record of each kind in a demo practice (and one letter written).
struct TourIds {
    client: i64,
    matter: i64,
    quote: i64,
    engagement: i64,
    invoice: i64,
    rub_invoice: (i64, i64),
    payment: i64,
    letter: i64,
}

fn one(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn demo_practice(data: &Path) -> TourIds {
    cli_ok(data, &["demo", "--clients", "30", "--seed", "1"]);
    // The Dashboard's "clocks that run out soon" then has a row.
    russian_debtor_with_claim(data, &[], chrono::Local::now().date_naive());
    let db = || common::raw_db(data);
    let overdue = one(
        &db(),
        "SELECT client_id FROM invoice_open WHERE open_minor > 0 AND client_id IS NOT NULL ORDER BY due_on LIMIT 1",
    );
    let outside = tempfile::tempdir().unwrap();
    cli_ok(
        data,
        &[
            "letter",
            "reminder",
            "--id",
            &overdue.to_string(),
            "--out",
            &outside.path().join("tour-letter.pdf").to_string_lossy(),
        ],
    );
    let c = db();
    let rub_invoice = c
        .query_row(
            "SELECT invoice_id, client_id FROM invoice_open WHERE currency = 'RUB' AND open_minor > 0 AND client_id IS NOT NULL LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the demo has an open RUB invoice");
    TourIds {
        client: overdue,
        matter: one(&c, "SELECT min(id) FROM matters"),
        quote: one(&c, "SELECT min(id) FROM quotes"),
        engagement: one(&c, "SELECT min(id) FROM engagements"),
        invoice: one(
            &c,
            "SELECT min(invoice_id) FROM invoice_open WHERE open_minor > 0",
        ),
        rub_invoice,
        payment: one(&c, "SELECT min(id) FROM payments"),
        letter: one(&c, "SELECT max(id) FROM letters"),
    }
}

fn tour_screens(ids: &TourIds) -> Vec<(&'static str, String)> {
    vec![
        ("dashboard", "dashboard".into()),
        ("clients", "clients".into()),
        ("client", format!("client/{}", ids.client)),
        ("matters", "matters".into()),
        ("matter", format!("matter/{}", ids.matter)),
        ("fees-quotes", "fees/quotes".into()),
        ("fees-engagements", "fees/engagements".into()),
        ("fees-invoices", "fees/invoices".into()),
        ("fees-payments", "fees/payments".into()),
        ("quote-new", format!("quote/new/{}", ids.client)),
        ("quote", format!("quote/{}", ids.quote)),
        ("engagement", format!("engagement/{}", ids.engagement)),
        ("invoice-new", format!("invoice/new/{}", ids.client)),
        ("invoice", format!("invoice/{}", ids.invoice)),
        (
            "payment-new",
            format!("payment/new/{}/{}", ids.rub_invoice.1, ids.rub_invoice.0),
        ),
        ("payment", format!("payment/{}", ids.payment)),
        ("collections", "collections".into()),
        ("letters", "letters".into()),
        ("letter", format!("letter/{}", ids.letter)),
        ("settings", "settings".into()),
    ]
}

/// Opens a screen and waits until it has rendered (its heading is there and the route's
/// screen has replaced the previous one).
async fn open_screen(c: &Client, hash: &str) {
    c.execute(
        "document.getElementById('main').replaceChildren();
         if (location.hash === '#' + arguments[0]) window.dispatchEvent(new HashChangeEvent('hashchange'));
         else location.hash = arguments[0];",
        vec![json!(hash)],
    )
    .await
    .unwrap();
    find(c, "#main h1").await;
    // Late parts of a screen (previews, counts) arrive after the heading.
    tokio::time::sleep(Duration::from_millis(700)).await;
}

async fn set_language(c: &Client, lang: &str) {
    open_screen(c, "settings").await;
    find(c, &format!("#ui-language option[value='{lang}']"))
        .await
        .click()
        .await
        .unwrap();
    let want = match lang {
        "zh-CN" => "设置",
        "zh-TW" => "設定",
        "ru" => "Настройки",
        _ => "Settings",
    };
    for _ in 0..100 {
        let now = c
            .execute(
                "return document.getElementById('nav-settings').textContent;",
                vec![],
            )
            .await
            .unwrap();
        if now == json!(want) {
            // Let the screen finish re-rendering in the new language.
            tokio::time::sleep(Duration::from_millis(800)).await;
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the language did not switch to {lang}");
}

async fn check_screen(c: &Client, keys: &[String], lang: &str) -> Vec<String> {
    let found = c
        .execute(TOUR_CHECK, vec![json!(keys), json!(lang)])
        .await
        .unwrap();
    let mut problems: Vec<String> = serde_json::from_value(found).unwrap_or_default();
    let errors = c
        .execute(
            "const e = window.__tourErrors || []; window.__tourErrors = []; return e;",
            vec![],
        )
        .await
        .unwrap();
    let errors: Vec<String> = serde_json::from_value(errors).unwrap_or_default();
    problems.extend(errors.into_iter().map(|e| format!("script error: {e}")));
    problems
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver; run by scripts/test.sh"]
async fn tour_every_screen_in_four_languages() {
    let data = tempfile::tempdir().unwrap();
    let ids = demo_practice(data.path());
    let shots = match std::env::var_os("LAWDESK_TOUR_OUT") {
        Some(p) => PathBuf::from(p),
        None => tempfile::tempdir().unwrap().keep(),
    };
    std::fs::create_dir_all(&shots).unwrap();
    let keys = catalog_keys();
    let driver = Driver::start(4484);
    let c = driver.open(data.path()).await;
    c.execute(HOOK_ERRORS, vec![]).await.unwrap();
    let mut problems = Vec::new();
    for (w, h) in [(1280u32, 800u32), (900, 600)] {
        c.set_window_size(w, h).await.unwrap();
        for lang in ["en", "zh-CN", "zh-TW", "ru"] {
            set_language(&c, lang).await;
            for (name, hash) in tour_screens(&ids) {
                open_screen(&c, &hash).await;
                for p in check_screen(&c, &keys, lang).await {
                    problems.push(format!("{w}x{h} {lang} {name}: {p}"));
                }
                let png = capture(&c).await;
                std::fs::write(shots.join(format!("{name}-{lang}-{w}x{h}.png")), png).unwrap();
            }
        }
    }
    set_language(&c, "en").await;
    c.close().await.unwrap();
    println!("tour screenshots: {}", shots.display());
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Part 1 and 4 of issue 12 in the real window: a payment started from a RUB invoice is in
/// RUB with the RUB account chosen and the client as payer; moving it off the invoice's
/// currency asks first; issuing an invoice asks first and Cancel issues nothing.
#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver; run by scripts/test.sh"]
async fn payment_defaults_follow_the_invoice_and_irreversible_acts_confirm() {
    let data = tempfile::tempdir().unwrap();
    let ids = demo_practice(data.path());
    let (invoice, client) = ids.rub_invoice;
    let rub_account = one(
        &common::raw_db(data.path()),
        "SELECT min(id) FROM bank_accounts WHERE currency = 'RUB'",
    );
    let invoices_before = one(
        &common::raw_db(data.path()),
        "SELECT count(*) FROM invoices",
    );
    let driver = Driver::start(4494);
    let c = driver.open(data.path()).await;

    // From the invoice page's button: currency, account, payer and amount follow the invoice.
    open_screen(&c, &format!("invoice/{invoice}")).await;
    find(&c, "#invoice-pay").await.click().await.unwrap();
    find(&c, "#payment-form").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(value_of(&c, "#q-currency").await, "RUB");
    assert_eq!(
        value_of(&c, "#q-bank_account_id").await,
        rub_account.to_string()
    );
    let name = text_of(&c, "#payment-client-select option:checked").await;
    assert_eq!(value_of(&c, "#q-payer").await, name);
    assert!(!value_of(&c, "#q-amount").await.is_empty());
    // The preview applies it to the invoice, not to credit.
    find(&c, &format!("#alloc-{invoice}")).await;
    assert_ne!(text_of(&c, &format!("#alloc-{invoice}")).await, "—");
    screenshot(&c, "flow-payment-from-rub-invoice.png").await;

    // Moving off RUB asks; Cancel keeps RUB.
    set_js(&c, "#q-currency", "CNY").await;
    find(&c, "#confirm-dialog").await;
    assert!(text_of(&c, "#confirm-text").await.contains("RUB"));
    find(&c, "#confirm-cancel").await.click().await.unwrap();
    assert_eq!(value_of(&c, "#q-currency").await, "RUB");

    // Issue 10 part 6: the same payment sent twice at once (a double click, Enter twice)
    // is recorded once — the window sends the form's request key with it.
    let payments = |data: &Path| one(&common::raw_db(data), "SELECT count(*) FROM payments");
    let before = payments(data.path());
    c.execute(
        "const f = document.getElementById('payment-form'); f.requestSubmit(); f.requestSubmit();",
        vec![],
    )
    .await
    .unwrap();
    find(&c, "#payment-title").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(payments(data.path()), before + 1, "one payment, not two");

    // Issuing an invoice asks, in one sentence of consequence; Cancel issues nothing.
    open_screen(&c, &format!("invoice/new/{client}")).await;
    set_value(&c, "#q-lines-0-description", "Consultation").await;
    set_value(&c, "#q-lines-0-rate", "1000").await;
    find(&c, "#invoice-issue").await.click().await.unwrap();
    find(&c, "#confirm-dialog").await;
    assert!(text_of(&c, "#confirm-text")
        .await
        .contains("can never be reused"));
    screenshot(&c, "flow-issue-confirm.png").await;
    find(&c, "#confirm-cancel").await.click().await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    c.close().await.unwrap();
    let invoices_after = one(
        &common::raw_db(data.path()),
        "SELECT count(*) FROM invoices",
    );
    assert_eq!(invoices_before, invoices_after, "Cancel issued nothing");

    // The new quote form opens clean: no error before anything is typed.
    let c = driver.open(data.path()).await;
    open_screen(&c, &format!("quote/new/{client}")).await;
    let errors = c
        .execute(
            "return [...document.querySelectorAll('#quote-form .error-text, #quote-form .form-error')].map((e) => e.textContent).join('');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(errors, json!(""), "the quote form opened with errors");
    // An impossible date gets its message at the field as soon as it is left.
    set_value(&c, "#q-valid_until", "2026-02-30").await;
    find(&c, "#q-title").await.click().await.unwrap();
    wait_text(
        &c,
        "#err-q-valid_until",
        "Enter a real date as YYYY-MM-DD, e.g. 2026-12-02.",
    )
    .await;
    c.close().await.unwrap();
}

/// Settings → choose a backup folder, Back up now, the recovery key once, Verify audit
/// trail; the Dashboard then says when the last good backup was made.
#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver; run by scripts/test.sh"]
async fn backup_now_recovery_key_once_and_audit_trail_verified() {
    let data = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let driver = Driver::start(4474);
    let c = driver.open(data.path()).await;
    wait_text(&c, "#dashboard-backup", "No backup has been made yet.").await;
    go(&c, "#settings").await;
    set_value(&c, "#backup-folder", "not/absolute").await;
    find(&c, "#backup-folder-save").await.click().await.unwrap();
    wait_text(
        &c,
        "#err-backup-folder",
        "Choose an existing folder you can write to, outside the data folder (a full path).",
    )
    .await;
    set_value(&c, "#backup-folder", &folder.path().to_string_lossy()).await;
    find(&c, "#backup-folder-save").await.click().await.unwrap();
    find(&c, "#backup-now:not([disabled])")
        .await
        .click()
        .await
        .unwrap();
    let last = {
        let mut t = String::new();
        for _ in 0..100 {
            t = text_of(&c, "#backup-last").await;
            if t.starts_with("Last good backup:") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        t
    };
    assert!(last.starts_with("Last good backup:"), "{last}");
    let files: Vec<String> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].starts_with("lawdesk-") && files[0].ends_with(".ldbackup"));

    // The recovery key, once.
    c.execute("window.confirm = () => true;", vec![])
        .await
        .unwrap();
    find(&c, "#recovery-key-show").await.click().await.unwrap();
    let key = text_of(&c, "#recovery-key").await;
    assert_eq!(key.split('-').count(), 14, "{key}");
    screenshot(&c, "e2e-backup-recovery-key.png").await;

    find(&c, "#audit-verify").await.click().await.unwrap();
    let result = {
        let mut t = String::new();
        for _ in 0..100 {
            t = text_of(&c, "#audit-result").await;
            if !t.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        t
    };
    assert!(
        result.starts_with("All ") && result.ends_with("entries are intact."),
        "{result}"
    );
    go(&c, "#dashboard").await;
    let card = text_of(&c, "#dashboard-backup").await;
    assert!(card.starts_with("Last good backup:"), "{card}");
    screenshot(&c, "e2e-backup-dashboard.png").await;
    go(&c, "#settings").await;
    find(&c, "#recovery-key-shown").await;
    c.close().await.unwrap();
    // The practice key stays in the test keychain: it is named by this folder's install id
    // and opens its encrypted database.
}

/// A data folder copied to a computer whose keychain has no key for it (here: its
/// `install-id` lost, so the entry cannot be named) opens with the recovery key typed in the
/// window, in the language chosen on that screen: a typo and another practice's key are refused in words,
/// then the right one opens the practice. The backup folder is then chosen with the
/// system's folder dialog.
#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver; run by scripts/test.sh"]
async fn a_folder_without_its_key_opens_with_the_recovery_key_typed_in_the_window() {
    let other = tempfile::tempdir().unwrap();
    cli_ok(other.path(), &["init"]);
    let other_key = shown_recovery_key(other.path());
    for (lang, port, title, typo, wrong, dashboard) in [
        (
            "ru",
            4654,
            "Откройте практику с ключом восстановления",
            "Это не ключ восстановления: проверьте, нет ли опечатки.",
            "Этот ключ восстановления не открывает эту папку данных; ничего не изменено.",
            "Обзор",
        ),
        (
            "en",
            4664,
            "Open this practice with its recovery key",
            "Not a recovery key: check for a typo.",
            "This recovery key does not open this data folder; nothing was changed.",
            "Dashboard",
        ),
    ] {
        let data = tempfile::tempdir().unwrap();
        cli_ok(data.path(), &["demo", "--clients", "5"]);
        let key = shown_recovery_key(data.path());
        std::fs::write(
            data.path().join("install-id"),
            "00000000-0000-4000-8000-000000000000\n",
        )
        .unwrap();
        let driver = Driver::start(port);
        let c = driver.open(data.path()).await;
        // The practice's language is inside the folder that does not open: the screen has
        // its own switch.
        set_js(&c, "#recover-lang", lang).await;
        wait_text(&c, "#recover-h", title).await;
        screenshot(&c, &format!("e2e-recover-{lang}.png")).await;
        let mut typed = key.clone().into_bytes();
        typed[0] = if typed[0] == b'A' { b'B' } else { b'A' };
        set_value(
            &c,
            "#recover-recovery-key",
            &String::from_utf8(typed).unwrap(),
        )
        .await;
        find(&c, "#recover-open").await.click().await.unwrap();
        wait_text(&c, "#err-recover-recovery-key", typo).await;
        set_value(&c, "#recover-recovery-key", &other_key).await;
        find(&c, "#recover-open:not([disabled])")
            .await
            .click()
            .await
            .unwrap();
        wait_text(&c, "#recover-form .form-error", wrong).await;
        screenshot(&c, &format!("e2e-recover-wrong-{lang}.png")).await;
        set_value(&c, "#recover-recovery-key", &key).await;
        find(&c, "#recover-open:not([disabled])")
            .await
            .click()
            .await
            .unwrap();
        wait_text(&c, "#main h1", dashboard).await;
        screenshot(&c, &format!("e2e-recover-opened-{lang}.png")).await;
        if lang == "en" {
            let folder = tempfile::tempdir().unwrap();
            go(&c, "#settings").await;
            let said = through_the_dialog(
                &c,
                "#backup-folder-choose",
                folder.path(),
                "e2e-backup-folder-dialog.png",
            )
            .await;
            assert_eq!(said, "Backup folder saved");
            let status: serde_json::Value =
                serde_json::from_str(&cli_ok(data.path(), &["backup", "status"])).unwrap();
            assert_eq!(status["folder"], folder.path().to_string_lossy().as_ref());
        }
        c.close().await.unwrap();
    }
}

/// An English firm (Harper & Lowe LLP, GBP, prefix HL) and, per `(name, e-mail)`, an
/// organization client owing one GBP 1,200 invoice issued 60 and due 40 days before
/// `today`; the clients' ids in order.
fn english_firm_with_overdue_clients(
    core: &lawdesk::services::Core,
    clients: &[(&str, &str)],
    today: chrono::NaiveDate,
) -> Vec<lawdesk::domain::ids::ClientId> {
    use lawdesk::domain::client::ClientInput;
    use lawdesk::domain::firm::FirmProfileInput;
    use lawdesk::domain::payment::InvoiceInput;
    use lawdesk::domain::quote::LineInput;
    use lawdesk::services::{client_file::clients as client_file, fees::billing, firm};
    let day = |n: i64| {
        (today - chrono::Duration::days(n))
            .format("%Y-%m-%d")
            .to_string()
    };
    let now = chrono::Utc::now();
    firm::save_profile(
        core,
        &FirmProfileInput {
            name: "Harper & Lowe LLP".into(),
            default_currency: "GBP".into(),
            default_language: "en".into(),
            letter_prefix: "HL".into(),
            ..Default::default()
        },
        now,
    )
    .unwrap();
    let mut ids = Vec::new();
    for (name, email) in clients {
        let id = client_file::add_client(
            core,
            &ClientInput {
                kind: "organization".into(),
                name: (*name).into(),
                language: "en".into(),
                email: (*email).into(),
                ..Default::default()
            },
            now,
        )
        .unwrap()
        .id;
        billing::issue_ad_hoc(
            core,
            &InvoiceInput {
                client_id: id,
                currency: "GBP".into(),
                issued_on: day(60),
                due_on: day(40),
                lines: vec![LineInput {
                    description: "Advice".into(),
                    kind: "fixed".into(),
                    rate: "1200".into(),
                    quantity: "1".into(),
                    ..Default::default()
                }],
                tax_percent: Some("0".into()),
                ..Default::default()
            },
            today,
            now,
        )
        .unwrap();
        ids.push(id);
    }
    ids
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver; run by scripts/test.sh"]
async fn the_letters_screen_keeps_and_prints_the_letter_it_shows_and_records_dispatch() {
    use lawdesk::services::letters;

    let data = tempfile::tempdir().unwrap();
    let today = chrono::Local::now().date_naive();
    let day = |n: i64| {
        (today - chrono::Duration::days(n))
            .format("%Y-%m-%d")
            .to_string()
    };
    let core = lawdesk::services::Core::open(
        data.path(),
        std::sync::Arc::new(lawdesk::secrets::Keychain::default()),
    )
    .unwrap();
    let ids = english_firm_with_overdue_clients(
        &core,
        &[("Oakridge Foods Ltd", ""), ("Brookhale Partners", "")],
        today,
    );
    let driver = Driver::start(4584);
    let c = driver.open(data.path()).await;

    // Preview A and keep it: the buttons print A.
    go(&c, &format!("letters/reminder/{}", ids[0].0)).await;
    let preview_button = find(&c, "#letter-preview-button").await;
    let clicked = std::time::Instant::now();
    preview_button.click().await.unwrap();
    find(&c, ".letter-sheet svg").await;
    // Measured, not asserted (docs/BENCHMARKS.md): click to the page drawn in the window.
    eprintln!(
        "first preview in the window: {} ms",
        clicked.elapsed().as_millis()
    );
    assert!(text_of(&c, ".letter-sheet")
        .await
        .contains("Oakridge Foods Ltd"));
    find(&c, "#letter-generate").await.click().await.unwrap();
    find(&c, "#confirm-ok").await.click().await.unwrap();
    let first = text_of(&c, "#letter-generated strong").await;

    // Preview B: A's buttons go (they would print a letter no longer shown)…
    set_value(&c, "#letter-client-search", "Brookhale").await;
    wait_text(
        &c,
        "#letter-client-select option:checked",
        "Brookhale Partners",
    )
    .await;
    find(&c, "#letter-preview-button")
        .await
        .click()
        .await
        .unwrap();
    find(&c, ".letter-sheet svg").await;
    assert!(text_of(&c, ".letter-sheet")
        .await
        .contains("Brookhale Partners"));
    assert!(c.find(Locator::Css("#letter-generated")).await.is_err());
    // …and Keep keeps B, which Print then prints.
    find(&c, "#letter-generate").await.click().await.unwrap();
    find(&c, "#confirm-ok").await.click().await.unwrap();
    let mut second = first.clone();
    for _ in 0..50 {
        second = text_of(&c, "#letter-generated strong").await;
        if second != first {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_ne!(second, first);
    let kept = letters::list(&core, None).unwrap();
    assert_eq!(kept[0].number, second);
    assert_eq!(
        kept[0].client_id, ids[1],
        "the kept letter is the one shown"
    );
    let shown_id = find(&c, "#letter-generated")
        .await
        .attr("data-letter-id")
        .await
        .unwrap();
    assert_eq!(shown_id, Some(kept[0].id.to_string()));
    screenshot(&c, "letters-2-kept-b.png").await;

    // Print: where no printer or viewer answers, the window names what is missing and
    // offers Save as…; where one does, it says where the letter went.
    find(&c, "#letter-print").await.click().await.unwrap();
    let status = text_of(&c, "#letter-out-status").await;
    assert!(
        status.contains("Save as") || status.contains("printer") || status.contains("viewer"),
        "{status}"
    );
    screenshot(&c, "letters-3-print.png").await;

    // Dispatch and delivery on the list of letters written.
    go(&c, "letters").await;
    find(&c, "#letter-list").await;
    let id = kept[0].id;
    find(&c, &format!("#letter-{id}-dispatch"))
        .await
        .click()
        .await
        .unwrap();
    set_js(&c, "#dispatch-via", "ems").await;
    set_value(&c, "#dispatch-tracking", "EA123456789GB").await;
    set_js(&c, "#dispatch-sent-on", &day(0)).await;
    find(&c, "#dispatch-save").await.click().await.unwrap();
    wait_text(
        &c,
        &format!("#dispatch-{id}"),
        &format!("EMS EA123456789GB · sent {}", day(0)),
    )
    .await;
    screenshot(&c, "letters-4-dispatch.png").await;
    let dates = lawdesk::services::letters::dispatch::dates_of(&core, None).unwrap();
    assert_eq!(dates.len(), 1);
    assert_eq!(dates[0].letter_id, id.0);

    // Save as…: the native dialog opens with the readable name (a screenshot of the whole
    // screen shows it; WebDriver sees only the page); Escape cancels and nothing is saved.
    find(&c, &format!("#letter-{id}-save"))
        .await
        .click()
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let shot = artifacts().join("letters-5-save-as.png");
    let _ = Command::new("import")
        .args(["-window", "root"])
        .arg(&shot)
        .status();
    let _ = Command::new("xdotool").args(["key", "Escape"]).status();
    tokio::time::sleep(Duration::from_millis(500)).await;
    // The window still answers after the dialog.
    find(&c, &format!("#letter-{id}-dispatch"))
        .await
        .click()
        .await
        .unwrap();
    find(&c, "#dispatch-form").await;

    // A demand to a company without its legal details: the preview lists what is missing
    // (the signatory, the client's company number…); writing is refused until the lawyer
    // chooses blanks, then the letter is written with them.
    go(&c, &format!("letters/demand/{}", ids[0].0)).await;
    find(&c, "#letter-preview-button")
        .await
        .click()
        .await
        .unwrap();
    let missing = text_of(&c, "#letter-missing-details").await;
    assert!(missing.contains("The client's company number"), "{missing}");
    screenshot(&c, "letters-6-missing-details.png").await;
    let before = letters::list(&core, None).unwrap().len();
    find(&c, "#letter-generate").await.click().await.unwrap();
    find(&c, "#confirm-ok").await.click().await.unwrap();
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(letters::list(&core, None).unwrap().len(), before, "refused");
    find(&c, "#letter-allow-missing")
        .await
        .click()
        .await
        .unwrap();
    find(&c, "#letter-generate").await.click().await.unwrap();
    find(&c, "#confirm-ok").await.click().await.unwrap();
    let mut after = before;
    for _ in 0..50 {
        after = letters::list(&core, None).unwrap().len();
        if after > before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(after, before + 1, "written with blanks");
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
    let driver = Driver::start_with_env(4514, &env);
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

/// Waits until the element has some text (an error message arrives after the round trip).
async fn wait_some_text(c: &Client, css: &str) -> String {
    for _ in 0..100 {
        if let Ok(e) = c.find(Locator::Css(css)).await {
            let t = e.text().await.unwrap_or_default();
            if !t.is_empty() {
                return t;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css} stayed empty");
}

/// The client with overdue open invoices that all come from one engagement, and that engagement.
fn overdue_client_with_one_engagement(data: &Path) -> (i64, i64) {
    let conn = common::raw_db(data);
    conn.query_row(
        "SELECT o.client_id, min(i.engagement_id) FROM invoice_open o
         JOIN invoices i ON i.id = o.invoice_id
         WHERE o.open_minor > 0 AND o.client_id IS NOT NULL AND o.due_on < date('now', '-2 days')
         GROUP BY o.client_id
         HAVING count(DISTINCT i.engagement_id) = 1 AND count(i.engagement_id) = count(*)
         ORDER BY o.client_id LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .expect("the demo has a client owing on one engagement")
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver; run by scripts/test.sh"]
async fn the_engagement_contract_is_set_in_the_window_and_the_demand_cites_it() {
    let data = tempfile::tempdir().unwrap();
    cli_ok(data.path(), &["demo", "--clients", "30", "--seed", "1"]);
    let (client, engagement) = overdue_client_with_one_engagement(data.path());
    let contract = |data: &Path| -> serde_json::Value {
        serde_json::from_str(&cli_ok(
            data,
            &["engagement", "contract", &engagement.to_string()],
        ))
        .unwrap()
    };
    let driver = Driver::start(4604);
    let c = driver.open(data.path()).await;
    set_language(&c, "zh-CN").await;
    open_screen(&c, &format!("engagement/{engagement}")).await;
    find(&c, "#contract-form").await;

    // Arbitration without its institution, and an impossible date: both fields say why,
    // in the window's language, and nothing is saved.
    set_js(&c, "#contract-dispute-forum", "arbitration").await;
    set_value(&c, "#contract-contract-date", "2026-02-30").await;
    // Leaving the field shows its message first (the layout moves), then Save.
    find(&c, "#contract-h").await.click().await.unwrap();
    wait_some_text(&c, "#err-contract-contract-date").await;
    find(&c, "#contract-save").await.click().await.unwrap();
    wait_some_text(&c, "#err-contract-arbitration-body").await;
    wait_some_text(&c, "#err-contract-contract-date").await;
    assert_eq!(contract(data.path())["dispute_forum"], "");

    // The contract as the lawyer types it: saved through the same use case as the CLI.
    set_value(&c, "#contract-contract-title", "常年法律顾问合同").await;
    set_value(&c, "#contract-contract-number", "HT-2026-0417").await;
    set_value(&c, "#contract-contract-date", "2026-03-15").await;
    set_value(
        &c,
        "#contract-work-done",
        "起草并审核合同十二份，出具法律意见书两份",
    )
    .await;
    set_value(&c, "#contract-late-clause", "第5.2条").await;
    set_value(&c, "#contract-arbitration-body", "上海国际仲裁中心").await;
    find(&c, "#contract-h").await.click().await.unwrap();
    find(&c, "#contract-save").await.click().await.unwrap();
    let mut saved = serde_json::Value::Null;
    for _ in 0..50 {
        saved = contract(data.path());
        if saved["contract_number"] == "HT-2026-0417" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(saved["contract_number"], "HT-2026-0417", "{saved}");
    assert_eq!(saved["contract_date"], "2026-03-15");
    assert_eq!(saved["dispute_forum"], "arbitration");
    assert_eq!(saved["arbitration_body"], "上海国际仲裁中心");
    assert!(text_of(&c, "#err-contract-arbitration-body")
        .await
        .is_empty());
    screenshot(&c, "contract-1-zh-CN.png").await;

    // In Russian: the form shows the saved contract, dates typed ДД.ММ.ГГГГ; a refused save
    // (court chosen is fine, an over-long number is not) keeps what was saved.
    set_language(&c, "ru").await;
    open_screen(&c, &format!("engagement/{engagement}")).await;
    assert_eq!(
        value_of(&c, "#contract-contract-number").await,
        "HT-2026-0417"
    );
    assert_eq!(value_of(&c, "#contract-contract-date").await, "15.03.2026");
    set_value(&c, "#contract-contract-number", &"7".repeat(61)).await;
    find(&c, "#contract-h").await.click().await.unwrap();
    find(&c, "#contract-save").await.click().await.unwrap();
    wait_some_text(&c, "#err-contract-contract-number").await;
    assert_eq!(contract(data.path())["contract_number"], "HT-2026-0417");
    screenshot(&c, "contract-2-ru-error.png").await;

    // A demand batch from the Letters screen: the demo's clients lack legal details (the
    // firm's signatory title, ИНН…), so they are listed as skipped with what is missing, and they
    // stay due.
    open_screen(&c, "letters").await;
    set_js(&c, "#batch-stage", "demand").await;
    find(&c, "#batch-start").await.click().await.unwrap();
    find(&c, "#confirm-ok").await.click().await.unwrap();
    let skipped = wait_some_text(&c, "#batch-skipped").await;
    assert!(
        skipped.contains("Статус подписанта (Настройки)"),
        "{skipped}"
    );
    let first = find(&c, "#batch-skipped li a").await;
    let href = first.attr("href").await.unwrap().unwrap_or_default();
    assert!(href.contains("#letters/demand/"), "{href}");
    screenshot(&c, "letters-7-batch-skipped-ru.png").await;
    let listed = c
        .find_all(Locator::Css("#batch-skipped li"))
        .await
        .unwrap()
        .len();
    let outside = tempfile::tempdir().unwrap();
    let again: serde_json::Value = serde_json::from_str(&cli_ok(
        data.path(),
        &[
            "letter",
            "batch",
            "--stage",
            "demand",
            "--out-dir",
            &outside.path().join("again").to_string_lossy(),
        ],
    ))
    .unwrap();
    assert_eq!(again["letters"], json!([]), "{again}");
    assert_eq!(again["skipped"].as_array().unwrap().len(), listed);
    c.close().await.unwrap();
    let outside = tempfile::tempdir().unwrap();

    // The demand letter now carries the contract (read back from the PDF).
    let pdf = outside.path().join("demand.pdf");
    cli_ok(
        data.path(),
        &[
            "letter",
            "demand",
            "--id",
            &client.to_string(),
            "--lang",
            "zh-CN",
            "--allow-missing",
            "--out",
            &pdf.to_string_lossy(),
        ],
    );
    let text = common::pdf::pdf_text(&pdf);
    let flat = common::pdf::flat(&text, true);
    assert!(flat.contains("HT-2026-0417"), "{text}");
    assert!(flat.contains("常年法律顾问合同"), "{text}");
    assert!(flat.contains("上海国际仲裁中心申请仲裁"), "{text}");
}

/// The daily run on the Collections screen: an overdue invoice's demand is reviewed and
/// confirmed; the PDF is kept, the log has its entry, the hand-over is scheduled next, and
/// the reminder the lawyer left unticked is still due. Screenshots in zh-CN and ru.
#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver; run by scripts/test.sh"]
async fn the_collections_screen_reviews_and_confirms_the_daily_run() {
    let env = [("LAWDESK_NOW", "2026-12-15T10:00:00Z"), ("TZ", "UTC")];
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let cli = |args: &[&str], stdin: Option<&str>| -> serde_json::Value {
        common::ok_json(&common::run_cli(d, args, stdin, &env))
    };
    cli(
        &["firm", "set"],
        Some(
            r#"{"name":"明理律师事务所","default_currency":"CNY","default_language":"zh-CN","lawyer_name":"王明"}"#,
        ),
    );
    let client = |name: &str, lang: &str| {
        cli(
            &["client", "add"],
            Some(&format!(
                r#"{{"kind":"person","name":"{name}","language":"{lang}"}}"#
            )),
        )["id"]
            .as_i64()
            .unwrap()
    };
    let (a, b) = (client("张伟", "zh-CN"), client("Иван Петров", "ru"));
    for (c, due, cur) in [(a, "2026-11-10", "CNY"), (b, "2026-12-10", "RUB")] {
        cli(
            &["invoice", "issue"],
            Some(&format!(
                r#"{{"client_id":{c},"currency":"{cur}","issued_on":"2026-11-01","due_on":"{due}","lines":[{{"description":"法律服务","rate":"8000"}}],"tax_percent":"0"}}"#
            )),
        );
    }
    let driver = Driver::start_with_env(4624, &env);
    let c = driver.open(d).await;
    set_language(&c, "zh-CN").await;
    open_screen(&c, "collections").await;
    find(&c, &format!("#collections-due tr[data-client='{a}']")).await;
    find(&c, &format!("#collections-due tr[data-client='{b}']")).await;
    // The daily check counts the two due actions on the tab.
    assert_eq!(text_of(&c, "#collections-badge").await.trim(), "2");
    screenshot(&c, "collections-zh-CN.png").await;
    // Only the demand goes today: the reminder is unticked.
    find(&c, &format!("#collections-due input[data-client='{b}']"))
        .await
        .click()
        .await
        .unwrap();
    find(&c, "#collections-allow-missing")
        .await
        .click()
        .await
        .unwrap();
    find(&c, "#collections-confirm")
        .await
        .click()
        .await
        .unwrap();
    find(&c, "#confirm-ok").await.click().await.unwrap();
    let done = text_of(&c, &format!("#collections-done li[data-client='{a}']")).await;
    assert!(done.contains("律师函"), "{done}");
    // The demand: one letter kept under its SHA-256, one log entry, one action.
    let actions = cli(&["collections", "actions"], None);
    assert_eq!(actions.as_array().unwrap().len(), 1);
    assert_eq!(actions[0]["stage_code"], "demand");
    let letters = cli(&["letter", "list"], None);
    assert_eq!(letters[0]["kind"], "demand");
    let sha = letters[0]["sha256"].as_str().unwrap();
    let kept = d.join("attachments").join(&sha[..2]).join(sha);
    // Kept sealed at rest (encrypted), never as a plain PDF.
    let sealed = std::fs::read(&kept).unwrap();
    assert!(lawdesk::at_rest::sealed::looks_sealed(&sealed) && !sealed.starts_with(b"%PDF-"));
    let log = cli(&["log", "list", &a.to_string()], None);
    assert!(log
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["id"] == actions[0]["communication_id"]));
    // Next: the hand-over 60 days after the due date; the reminder is still due.
    let due = cli(&["collections", "due"], None);
    let row = due["clients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["client_id"] == a)
        .unwrap()
        .clone();
    assert_eq!(
        (row["next_stage"].as_str(), row["next_on"].as_str()),
        (Some("hand_over"), Some("2027-01-09"))
    );
    assert_eq!(due["due"].as_array().unwrap().len(), 1);
    assert_eq!(due["due"][0]["client_id"], b);
    // The screen shows it the same way once re-rendered.
    find(&c, &format!("#stage-demand tr[data-client='{a}']")).await;
    screenshot(&c, "collections-zh-CN-done.png").await;
    set_language(&c, "ru").await;
    open_screen(&c, "collections").await;
    find(&c, &format!("#collections-due tr[data-client='{b}']")).await;
    screenshot(&c, "collections-ru.png").await;
    // A hold needs a reason: refused without one, then put on with one; the reminder is no
    // longer due.
    find(&c, "#hold-toggle").await.click().await.unwrap();
    set_js(&c, "#hold-client-id", &b.to_string()).await;
    find(&c, "#hold-add").await.click().await.unwrap();
    wait_text(&c, "#err-hold-reason", "Обязательное поле.").await;
    set_js(&c, "#hold-reason", "dispute").await;
    find(&c, "#hold-add").await.click().await.unwrap();
    find(&c, "#holds-table tr[data-hold]").await;
    find(&c, "#collections-nothing-due").await;
    assert!(cli(&["collections", "due"], None)["due"]
        .as_array()
        .unwrap()
        .is_empty());
    c.execute(
        "document.getElementById('collections-holds').scrollIntoView({ block: 'start' });",
        vec![],
    )
    .await
    .unwrap();
    screenshot(&c, "collections-ru-holds.png").await;
    c.execute(
        "document.getElementById('ladder-toggle').click();
         document.getElementById('collections-ladder').scrollIntoView({ block: 'start' });",
        vec![],
    )
    .await
    .unwrap();
    screenshot(&c, "collections-ru-ladder.png").await;
    c.close().await.unwrap();
}

/// Issue 13's one end-to-end flow, as a lawyer does it in the window (English): the firm's
/// SMTP server and its password are set up on the Settings screen (the password goes to the
/// OS keychain), the demand stage of the ladder goes by e-mail, the daily run lists the
/// overdue client's demand, the lawyer confirms it; then the PDF is kept sealed, the log has
/// the letter and its e-mail with the Message-ID, the test's own SMTP server received the
/// message with that PDF attached (after STARTTLS and login), the hand-over is scheduled and
/// shown, and the client's limitation clock (Limitation Act 1980 s.5) is on the screen.
#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver; run by scripts/test.sh"]
async fn an_overdue_invoice_is_demanded_by_e_mail_from_the_daily_run() {
    use sha2::Digest;
    let env = [("LAWDESK_NOW", "2026-12-15T10:00:00Z"), ("TZ", "UTC")];
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let client = {
        let core = lawdesk::services::Core::open(
            d,
            std::sync::Arc::new(lawdesk::secrets::Keychain::default()),
        )
        .unwrap();
        // GBP 1,200 issued 16 Oct, due 5 Nov 2026: 40 days late, past the demand (+30).
        english_firm_with_overdue_clients(
            &core,
            &[("Oakridge Foods Ltd", "accounts@oakridge.example.com")],
            today,
        )[0]
        .0
    };
    let cli = |args: &[&str]| common::ok_json(&common::run_cli(d, args, None, &env));
    let cert = common::smtp::self_signed();
    let server = common::smtp::Server::start("starttls", Some(&cert), true);
    let driver = Driver::start_with_env(4644, &env);
    let c = driver.open(d).await;
    c.set_window_size(1280, 800).await.unwrap();

    // Settings → E-mail: the firm's server, its login and password, its certificate.
    open_screen(&c, "settings").await;
    set_value(&c, "#mail-host", "127.0.0.1").await;
    set_js(&c, "#mail-security", "starttls").await;
    set_value(&c, "#mail-port", &server.port.to_string()).await;
    set_value(&c, "#mail-user", common::smtp::USER).await;
    set_value(&c, "#mail-password", common::smtp::PASSWORD).await;
    set_value(&c, "#mail-from-address", "office@harperlowe.example.com").await;
    set_value(&c, "#mail-from-name", "Harper & Lowe LLP").await;
    set_js(&c, "#mail-ca-certificate", &cert.pem).await;
    find(&c, "#mail-save").await.click().await.unwrap();
    // Saved: the screen now says a password is kept (the field itself stays empty).
    find(&c, "#mail-panel .hint[data-i18n='mail.password_kept']").await;
    assert_eq!(value_of(&c, "#mail-password").await, "");
    // The password is in the keychain, never in the database.
    let raw = common::raw_db(d);
    let settings: String = raw
        .query_row(
            "SELECT value FROM settings WHERE key = 'mail.smtp'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(settings.contains("127.0.0.1") && !settings.contains(common::smtp::PASSWORD));
    drop(raw);

    // Collections → the ladder: the formal demand goes by e-mail.
    open_screen(&c, "collections").await;
    find(&c, "#ladder-toggle").await.click().await.unwrap();
    set_js(&c, "#ladder-form select[name='stages[3].channel']", "email").await;
    find(&c, "#ladder-save").await.click().await.unwrap();
    let due = format!("#collections-due tr[data-client='{client}']");
    wait_text(&c, &format!("{due} td:nth-child(4)"), "E-mail").await;
    assert!(text_of(&c, &format!("{due} td:nth-child(3)"))
        .await
        .starts_with("Formal demand"));
    screenshot(&c, "flow-en-due.png").await;

    // The lawyer confirms the demand (the firm's legal details are left blank).
    find(&c, "#collections-allow-missing")
        .await
        .click()
        .await
        .unwrap();
    find(&c, "#collections-confirm")
        .await
        .click()
        .await
        .unwrap();
    find(&c, "#confirm-ok").await.click().await.unwrap();
    let done = text_of(&c, &format!("#collections-done li[data-client='{client}']")).await;
    assert!(
        done.contains("Formal demand")
            && done.contains("e-mailed to accounts@oakridge.example.com"),
        "{done}"
    );

    // The PDF is kept, sealed at rest.
    let letters = cli(&["letter", "list"]);
    assert_eq!(letters.as_array().unwrap().len(), 1, "{letters}");
    assert_eq!(letters[0]["kind"], "demand");
    let number = letters[0]["number"].as_str().unwrap().to_string();
    assert!(done.contains(&number), "{done}");
    let sha = letters[0]["sha256"].as_str().unwrap().to_string();
    let sealed = std::fs::read(d.join("attachments").join(&sha[..2]).join(&sha)).unwrap();
    assert!(lawdesk::at_rest::sealed::looks_sealed(&sealed) && !sealed.starts_with(b"%PDF-"));

    // The e-mail arrived over STARTTLS after login, to the client, with that very PDF.
    let got = server.received();
    assert_eq!(got.len(), 1, "{got:?}");
    let m = &got[0];
    assert_eq!(m["envelope_to"], json!(["accounts@oakridge.example.com"]));
    assert_eq!(
        (m["tls"].as_bool(), m["auth"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(
        m["subject"].as_str().unwrap(),
        format!("Letter of demand {number} · Harper & Lowe LLP")
    );
    assert_eq!(m["attachments"].as_array().unwrap().len(), 1);
    assert_eq!(m["attachments"][0]["content_type"], "application/pdf");
    let pdf = std::fs::read(m["attachments"][0]["path"].as_str().unwrap()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(
        hex::encode(sha2::Sha256::digest(&pdf)),
        sha,
        "the kept letter was sent"
    );
    let message_id = m["message_id"].as_str().unwrap().to_string();

    // The communication log: the letter's entry (the action's) and the e-mail's, with its
    // Message-ID; the dispatch record says e-mail.
    let actions = cli(&["collections", "actions"]);
    assert_eq!(actions.as_array().unwrap().len(), 1);
    assert_eq!(actions[0]["stage_code"], "demand");
    let log = cli(&["log", "list", &client.to_string()]);
    let entries = log.as_array().unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e["id"] == actions[0]["communication_id"]),
        "{log}"
    );
    assert!(log.to_string().contains(&message_id), "{log}");
    let letter = letters[0]["id"].as_i64().unwrap().to_string();
    let sent = cli(&["letter", "dispatches", "--letter", &letter]).to_string();
    assert!(
        sent.contains(&message_id) && sent.contains("email"),
        "{sent}"
    );

    // Next: the hand-over on 4 Jan 2027 (due + 60), nothing more due today; the limitation
    // clock (six years from the due date) beside it, its rule cited.
    assert!(cli(&["collections", "due"])["due"]
        .as_array()
        .unwrap()
        .is_empty());
    let row = format!("#stage-demand tr[data-client='{client}']");
    wait_text(&c, &format!("{row} td.next"), "Hand over on 4 Jan 2027").await;
    wait_text(
        &c,
        &format!("{row} td.clock span"),
        "Limitation (England & Wales, 6 years), last day 5 Nov 2032",
    )
    .await;
    wait_text(
        &c,
        &format!("{row} td.clock .rule"),
        "Limitation Act 1980 s.5",
    )
    .await;
    find(&c, "#collections-nothing-due").await;
    c.execute(
        "document.getElementById('collections-stages').scrollIntoView({ block: 'start' });",
        vec![],
    )
    .await
    .unwrap();
    screenshot(&c, "flow-en-done.png").await;

    // The same screen in Chinese.
    set_language(&c, "zh-CN").await;
    open_screen(&c, "collections").await;
    wait_text(&c, &format!("{row} td.next"), "2027年1月4日：移交催收/诉讼").await;
    wait_text(
        &c,
        &format!("{row} td.clock .rule"),
        "Limitation Act 1980 s.5",
    )
    .await;
    c.execute(
        "document.getElementById('collections-stages').scrollIntoView({ block: 'start' });",
        vec![],
    )
    .await
    .unwrap();
    screenshot(&c, "flow-zh-CN-done.png").await;
    set_language(&c, "en").await;

    // The debtor writes back acknowledging the debt: recorded on the client's clocks, it
    // restarts the six years (Limitation Act 1980 s.29(5), s.30); a future date is refused.
    open_screen(&c, &format!("client/{client}")).await;
    set_value(&c, "#ack-acknowledged-on", "2026-12-16").await;
    find(&c, "#ack-add").await.click().await.unwrap();
    wait_text(
        &c,
        "#err-ack-acknowledged-on",
        "This date is in the future.",
    )
    .await;
    set_value(&c, "#ack-acknowledged-on", "2026-12-14").await;
    find(&c, "#ack-add").await.click().await.unwrap();
    let ew = "#clocks-table tr[data-kind='ew_limitation']";
    wait_text(
        &c,
        &format!("{ew} td.rule"),
        "Limitation Act 1980 s.5; Limitation Act 1980 s.29(5), s.30",
    )
    .await;
    wait_text(&c, &format!("{ew} td:nth-child(3)"), "14 Dec 2026").await;
    wait_text(&c, &format!("{ew} td:nth-child(4)"), "14 Dec 2032").await;
    find(&c, "#ack-recorded li").await;
    c.execute(
        "document.getElementById('clocks-panel').scrollIntoView({ block: 'start' });",
        vec![],
    )
    .await
    .unwrap();
    screenshot(&c, "flow-en-acknowledged.png").await;
    c.close().await.unwrap();
}

/// An organization in Russia owing an invoice due 60 days before `today`, sent a претензия
/// on `today`: its 30-day wait before an arbitrazh claim (ч. 5 ст. 4 АПК РФ) runs out
/// within 90 days, so the Dashboard lists it. Returns the client's id.
fn russian_debtor_with_claim(data: &Path, env: &[(&str, &str)], today: chrono::NaiveDate) -> i64 {
    let cli = |args: &[&str], stdin: Option<&str>| {
        common::ok_json(&common::run_cli(data, args, stdin, env))
    };
    let day = |n: i64| {
        (today - chrono::Duration::days(n))
            .format("%Y-%m-%d")
            .to_string()
    };
    let id = cli(
        &["client", "add"],
        Some(r#"{"kind":"organization","name":"ООО «Ромашка»","language":"ru"}"#),
    )["id"]
        .as_i64()
        .unwrap();
    cli(
        &["invoice", "issue"],
        Some(&format!(
            r#"{{"client_id":{id},"currency":"RUB","issued_on":"{}","due_on":"{}","lines":[{{"description":"Консультация","rate":"50000"}}],"tax_percent":"0"}}"#,
            day(90),
            day(60)
        )),
    );
    let outside = tempfile::tempdir().unwrap();
    let out = outside.path().join("pretenziya.pdf");
    let letter = cli(
        &[
            "letter",
            "demand",
            "--id",
            &id.to_string(),
            "--out",
            &out.to_string_lossy(),
            "--allow-missing",
        ],
        None,
    )["id"]
        .as_i64()
        .unwrap()
        .to_string();
    cli(
        &[
            "letter",
            "dispatch",
            &letter,
            "--via",
            "by_hand",
            "--sent",
            &day(0),
        ],
        None,
    );
    id
}

/// Issue 13 part 5 and issue 12's Dashboard: an overdue client (an organization in Russia,
/// on a demo practice) sent a претензия today has its 30-day wait before an arbitrazh claim
/// (ч. 5 ст. 4 АПК РФ) on the Dashboard's "clocks that run out soon", linked to the client,
/// and on the client page with the rule cited; screenshots in zh-CN and ru.
#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver; run by scripts/test.sh"]
async fn a_dispatched_demand_shows_its_clock_on_the_dashboard_and_the_client_page() {
    let env = [("LAWDESK_NOW", "2026-12-03T10:00:00Z"), ("TZ", "UTC")];
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    common::ok_json(&common::run_cli(
        d,
        &["demo", "--clients", "30", "--seed", "1"],
        None,
        &env,
    ));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    let id = russian_debtor_with_claim(d, &env, today);

    let driver = Driver::start_with_env(4614, &env);
    let c = driver.open(d).await;
    c.set_window_size(1280, 800).await.unwrap();
    for (lang, left) in [("zh-CN", "剩余 30 天"), ("ru", "осталось 30 дн.")] {
        set_language(&c, lang).await;
        open_screen(&c, "dashboard").await;
        let row = format!("#clocks-soon-table tr[data-client='{id}']");
        wait_text(&c, &format!("{row} td:nth-child(4)"), left).await;
        // WebKit reports the link resolved (`tauri://localhost#client/…`).
        let href = find(&c, &format!("{row} a"))
            .await
            .attr("href")
            .await
            .unwrap();
        assert!(
            href.as_deref()
                .unwrap_or("")
                .ends_with(&format!("#client/{id}")),
            "{href:?}"
        );
        c.execute(
            "document.getElementById('clocks-soon').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
        screenshot(&c, &format!("clocks-dashboard-{lang}.png")).await;
        find(&c, &format!("{row} a")).await.click().await.unwrap();
        let mine = "#clocks-table tr[data-kind='ru_claim_wait']";
        wait_text(&c, &format!("{mine} td.rule"), "ч. 5 ст. 4 АПК РФ").await;
        wait_text(&c, &format!("{mine} td:nth-child(5)"), left).await;
        c.execute(
            "document.getElementById('clocks-panel').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
        screenshot(&c, &format!("clocks-client-{lang}.png")).await;
    }
    set_language(&c, "en").await;
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver; run by scripts/test.sh"]
async fn send_by_e_mail_from_the_letters_screen_reaches_a_real_smtp_server() {
    use lawdesk::domain::mail::SmtpInput;
    use lawdesk::services::letters::LetterRequest;
    use lawdesk::services::{letters, letters::email as mail};

    let data = tempfile::tempdir().unwrap();
    let today = chrono::Local::now().date_naive();
    let cert = common::smtp::self_signed();
    let server = common::smtp::Server::start("starttls", Some(&cert), false);
    let number;
    let letter_id;
    {
        let core = lawdesk::services::Core::open(
            data.path(),
            std::sync::Arc::new(lawdesk::secrets::Keychain::default()),
        )
        .unwrap();
        let now = chrono::Utc::now();
        let id = english_firm_with_overdue_clients(
            &core,
            &[("Oakridge Foods Ltd", "accounts@oakridge.example.com")],
            today,
        )[0];
        let g = letters::generate(
            &core,
            &LetterRequest {
                kind: "reminder".into(),
                id: id.0,
                lang: None,
                paper: None,
                as_of: None,
                allow_missing: true,
                exclude_invoices: Vec::new(),
            },
            today,
            now,
        )
        .unwrap();
        number = g.number.clone();
        letter_id = g.id;
        // No login: the window's keychain is not this test's memory store.
        mail::save_settings(
            &core,
            &SmtpInput {
                host: "127.0.0.1".into(),
                port: Some(server.port.into()),
                security: "starttls".into(),
                from_address: "office@harperlowe.example.com".into(),
                from_name: "Harper & Lowe LLP".into(),
                ca_certificate: cert.pem.clone(),
                ..Default::default()
            },
            now,
        )
        .unwrap();
    }
    let driver = Driver::start(4594);
    let c = driver.open(data.path()).await;

    // Settings shows the server (never a password).
    go(&c, "settings").await;
    assert_eq!(value_of(&c, "#mail-host").await, "127.0.0.1");
    assert_eq!(value_of(&c, "#mail-password").await, "");

    // Letters: Send by e-mail → the server receives it, the row says e-mail.
    go(&c, "letters").await;
    find(&c, &format!("#letter-{letter_id}-email"))
        .await
        .click()
        .await
        .unwrap();
    find(&c, "#email-send").await.click().await.unwrap();
    let row = format!("#dispatch-{letter_id}");
    let mut shown = String::new();
    for _ in 0..100 {
        shown = text_of(&c, &row).await;
        if shown.starts_with("E-mail <") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(shown.starts_with("E-mail <"), "{shown}");
    screenshot(&c, "letters-emailed.png").await;
    let got = server.received();
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0]["subject"].as_str().unwrap(),
        format!("Payment reminder {number} · Harper & Lowe LLP")
    );
    assert_eq!(got[0]["attachments"][0]["content_type"], "application/pdf");
    c.close().await.unwrap();
}

/// What `invoke(command, args)` answers from inside the window: `ok` or the error's code
/// (or text, for a refusal by Tauri itself).
async fn invoke_from_page(c: &Client, command: &str, args: serde_json::Value) -> String {
    c.execute_async(
        "const [cmd, args, done] = arguments;
         window.__TAURI_INTERNALS__.invoke(cmd, args).then(
           () => done('ok'),
           (e) => done(e && e.code ? e.code : String(e)));",
        vec![json!(command), args],
    )
    .await
    .unwrap()
    .as_str()
    .unwrap()
    .to_string()
}

async fn body_text(c: &Client) -> String {
    c.execute("return document.body.innerText;", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Issue 10 parts 2 and 10: a password set in Settings is asked when the window starts
/// (in the user's language, no client name on screen, data commands refused by Rust), a
/// wrong one is refused with a translated message, the right one opens; "Lock now" locks
/// again. A command the capability does not list is refused by Tauri.
#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver; run by scripts/test.sh"]
async fn the_app_lock_hides_client_data_until_the_password_is_entered() {
    const PASSWORD: &str = "correct-horse-律师";
    let data = tempfile::tempdir().unwrap();
    cli_ok(data.path(), &["init"]);
    let client = r#"{"kind":"person","name":"王小明","language":"zh-CN"}"#;
    let out = common::cli(data.path(), &["client", "add"], Some(client));
    assert!(out.status.success());
    let driver = Driver::start(4634);
    let c = driver.open(data.path()).await;
    // Unlisted in the capability (no screen calls it): refused before it reaches Lawdesk.
    let refused = invoke_from_page(&c, "add_opposing_party", json!({})).await;
    assert!(refused.contains("not allowed"), "{refused}");
    set_language(&c, "zh-CN").await;
    find(&c, "#app-lock-panel").await;
    set_value(&c, "#app_lock-new-password", "short").await;
    set_value(&c, "#app_lock-repeat-password", "short").await;
    find(&c, "#app-lock-save").await.click().await.unwrap();
    wait_text(&c, "#err-app_lock-new-password", "至少 8 个字符。").await;
    set_value(&c, "#app_lock-new-password", PASSWORD).await;
    set_value(&c, "#app_lock-repeat-password", PASSWORD).await;
    set_value(&c, "#app_lock-idle-minutes", "15").await;
    find(&c, "#app-lock-save").await.click().await.unwrap();
    wait_text(
        &c,
        "#app-lock-state",
        "已开启：启动时及闲置 15 分钟后要求输入密码。",
    )
    .await;
    c.close().await.unwrap();

    // A new start: the lock screen only, in Chinese; Rust refuses data while locked.
    let c = driver.open_locked(data.path()).await;
    wait_text(&c, "#lock-title", "Lawdesk 已锁定").await;
    let text = body_text(&c).await;
    assert!(!text.contains("王小明"), "{text}");
    let html = c.source().await.unwrap();
    assert!(!html.contains("王小明"));
    let answer = invoke_from_page(&c, "search_clients", json!({ "query": "王小明" })).await;
    assert_eq!(answer, "app.locked");
    screenshot(&c, "e2e-app-lock-zh-CN.png").await;
    set_value(&c, "#lock-password", "wrong password").await;
    find(&c, "#lock-submit").await.click().await.unwrap();
    wait_text(&c, "#lock-error", "密码不正确，请重试。").await;
    assert!(!body_text(&c).await.contains("王小明"));
    set_value(&c, "#lock-password", PASSWORD).await;
    find(&c, "#lock-submit").await.click().await.unwrap();
    find(&c, "#main h1").await;
    go(&c, "#clients").await;
    for _ in 0..100 {
        if body_text(&c).await.contains("王小明") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(body_text(&c).await.contains("王小明"));

    // In Russian, "Lock now" from Settings.
    set_language(&c, "ru").await;
    find(&c, "#app-lock-now").await.click().await.unwrap();
    find(&c, "#lock-screen #lock-password").await;
    wait_text(&c, "#lock-title", "Lawdesk заблокирован").await;
    set_value(&c, "#lock-password", "неверный пароль").await;
    find(&c, "#lock-submit").await.click().await.unwrap();
    wait_text(&c, "#lock-error", "Пароль неверный. Попробуйте ещё раз.").await;
    assert!(!body_text(&c).await.contains("王小明"));
    screenshot(&c, "e2e-app-lock-ru.png").await;
    set_value(&c, "#lock-password", PASSWORD).await;
    find(&c, "#lock-submit").await.click().await.unwrap();
    find(&c, "#main h1").await;
    assert_eq!(invoke_from_page(&c, "today", json!({})).await, "ok");
    c.close().await.unwrap();
}

/// Issue 10, part 3 in the window: on a new computer, a backup is restored in place of the
/// new, empty practice — another practice's key refused in words with nothing changed, then
/// the right key restores it, verified, and the window starts again on it (in the language
/// chosen) and says what was restored; a practice that holds data no longer offers it.
#[tokio::test]
#[ignore = "end-to-end: needs the display, tauri-driver and WebKitWebDriver"]
async fn a_new_computer_restores_a_backup_in_the_window() {
    let old = tempfile::tempdir().unwrap();
    cli_ok(old.path(), &["demo", "--clients", "5"]);
    let key = shown_recovery_key(old.path());
    let files = tempfile::tempdir().unwrap();
    let backup = files.path().join("practice.ldbackup");
    cli_ok(old.path(), &["backup", "--out", &backup.to_string_lossy()]);
    let other = tempfile::tempdir().unwrap();
    cli_ok(other.path(), &["init"]);
    let other_key = shown_recovery_key(other.path());

    let computer = tempfile::tempdir().unwrap();
    let data = computer.path().join("Lawdesk");
    std::fs::create_dir(&data).unwrap();
    let driver = Driver::start(4674);
    let c = driver.open(&data).await;
    // A new practice: the Dashboard points to the restore.
    set_language(&c, "zh-CN").await;
    wait_text(&c, "#restore-h", "从备份恢复").await;
    c.execute(
        "document.getElementById('restore-box').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    screenshot(&c, "e2e-restore-offered-zh-CN.png").await;
    go(&c, "#dashboard").await;
    wait_text(
        &c,
        "#dashboard-restore",
        "从另一台电脑迁移？请在“设置 → 备份”中恢复备份。",
    )
    .await;
    set_language(&c, "ru").await;
    wait_text(&c, "#restore-h", "Восстановление из резервной копии").await;
    screenshot(&c, "e2e-restore-offered-ru.png").await;
    set_value(&c, "#restore-recovery-key", &other_key).await;
    in_the_dialog(&c, "#restore-choose", &backup, "e2e-restore-dialog.png").await;
    wait_text(
        &c,
        "#restore-form .form-error",
        "Этот ключ восстановления не открывает эту копию; ничего не записано.",
    )
    .await;
    screenshot(&c, "e2e-restore-wrong-key-ru.png").await;
    let beside: Vec<String> = std::fs::read_dir(computer.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        beside,
        ["Lawdesk"],
        "a refused restore leaves nothing beside the folder"
    );

    set_value(&c, "#restore-recovery-key", &key).await;
    c.execute("document.getElementById('toast').textContent = '';", vec![])
        .await
        .unwrap();
    in_the_dialog(&c, "#restore-choose", &backup, "e2e-restore-dialog-2.png").await;
    let said = said_in_toast(&c)
        .await
        .expect("the window says what was restored");
    assert!(
        said.starts_with("Копия от") && said.contains("проверена"),
        "{said}"
    );
    wait_text(&c, "#main h1", "Обзор").await;
    screenshot(&c, "e2e-restore-done-ru.png").await;
    let beside: Vec<String> = std::fs::read_dir(computer.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        beside,
        ["Lawdesk"],
        "the new practice set aside was removed"
    );
    // The restored practice is the one open, in the window and for the CLI.
    let found: serde_json::Value =
        serde_json::from_str(&cli_ok(&data, &["client", "search", ""])).unwrap();
    assert_eq!(found.as_array().unwrap().len(), 5, "{found}");
    let check: serde_json::Value = serde_json::from_str(&cli_ok(&data, &["check"])).unwrap();
    assert_eq!(check["ok"], true, "{check}");
    go(&c, "#settings").await;
    find(&c, "#backup-panel").await;
    let offered = c
        .execute("return !!document.getElementById('restore-box');", vec![])
        .await
        .unwrap();
    assert_eq!(
        offered,
        json!(false),
        "a practice with data offers no restore"
    );
    c.close().await.unwrap();
}
