//! The one practice builder of the integration tests: a firm, its clients, their invoices,
//! payments and demands, made the way the tests used to spell out each time.
//!
//! - [`Practice`]: through the real `lawdesk-cli` (the runner in `common`), on the real
//!   clock or one `LAWDESK_NOW` fixes: `Practice::at(dir, NOW).firm(HARPER_LOWE)`, then
//!   `.client(kind, name, lang)`, `.invoice(client, currency, issued_on, due_on, rate)`,
//!   `.payment(…)`, `.demand(…)`.
//! - [`InProcess`]: the same through `lawdesk::requests` on an in-process `Core` (a
//!   [`Folder`]: a fresh data folder with an in-memory keychain, on a stopped clock or the
//!   system's), for the tests that call the services themselves.
//!
//! Every line an invoice gets here is one fixed-price line, tax 0 %.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, Utc};
use lawdesk::domain::client::ClientInput;
use lawdesk::domain::fee_settings::FeeSettingsInput;
use lawdesk::domain::firm::{BankAccountInput, FirmProfileInput};
use lawdesk::domain::ids::ClientId;
use lawdesk::domain::letter_details::LetterIdentityInput;
use lawdesk::domain::payment::{InvoiceInput, PaymentInput};
use lawdesk::domain::quote::LineInput;
use lawdesk::requests::fees::{IssueInvoice, PaymentEntry, RecordPayment};
use lawdesk::requests::practice::{
    SaveBankAccount, SaveFeeSettings, SaveFirmProfile, SaveLetterIdentity,
};
use lawdesk::requests::{client_file::AddClient, Request};
use lawdesk::secrets::MemoryStore;
use lawdesk::services::clock::{Clock, FixedClock};
use lawdesk::services::Core;
use serde_json::{json, Value};

/// An English firm (`firm set`'s JSON): Harper & Lowe LLP, GBP, letters numbered HL.
pub const HARPER_LOWE: &str = r#"{"name":"Harper & Lowe LLP","default_currency":"GBP","default_language":"en","letter_prefix":"HL"}"#;

/// A Chinese firm (`firm set`'s JSON): 北京明理律师事务所, CNY, letters numbered 明理律函.
pub const MINGLI: &str = r#"{"name":"北京明理律师事务所","default_currency":"CNY","default_language":"zh-CN","letter_prefix":"明理律函"}"#;

/// The day `days` from the local today (negative: before it), as `YYYY-MM-DD`.
pub fn today_plus(days: i64) -> String {
    (chrono::Local::now().date_naive() + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// The day `days` before the local today, as `YYYY-MM-DD`.
pub fn days_ago(days: i64) -> String {
    today_plus(-days)
}

/// `client add`'s JSON: `kind`, `name`, `language`, and the fields of `more` (an object).
fn client_json(kind: &str, name: &str, lang: &str, more: Value) -> Value {
    let mut body = json!({ "kind": kind, "name": name, "language": lang });
    if let Value::Object(fields) = more {
        body.as_object_mut().unwrap().extend(fields);
    }
    body
}

/// `invoice issue`'s JSON: one line of `rate` described as `description`, tax 0 %.
fn invoice_json(
    client: i64,
    currency: &str,
    issued_on: &str,
    due_on: &str,
    description: &str,
    rate: &str,
) -> Value {
    json!({
        "client_id": client,
        "currency": currency,
        "issued_on": issued_on,
        "due_on": due_on,
        "lines": [{ "description": description, "rate": rate }],
        "tax_percent": "0",
    })
}

/// A practice built through the real `lawdesk-cli` on data folder `dir`.
pub struct Practice {
    dir: PathBuf,
    env: Vec<(String, String)>,
}

impl Practice {
    /// On the real clock (today is the local date).
    pub fn new(dir: &Path) -> Practice {
        Practice {
            dir: dir.to_path_buf(),
            env: Vec::new(),
        }
    }

    /// On a clock stopped at `now` (`LAWDESK_NOW`, RFC 3339), in UTC.
    pub fn at(dir: &Path, now: &str) -> Practice {
        Practice::at_in_zone(dir, now, "UTC")
    }

    /// On a clock stopped at `now` in the time zone `tz` (`TZ`).
    pub fn at_in_zone(dir: &Path, now: &str, tz: &str) -> Practice {
        Practice {
            dir: dir.to_path_buf(),
            env: vec![("LAWDESK_NOW".into(), now.into()), ("TZ".into(), tz.into())],
        }
    }

    /// The data folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Runs the CLI with `args` and `stdin` on this practice's folder and clock.
    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let env: Vec<(&str, &str)> = self
            .env
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        super::run_cli(&self.dir, args, stdin, &env)
    }

    /// Runs the CLI and expects exit 0 and JSON.
    pub fn ok(&self, args: &[&str], stdin: Option<&str>) -> Value {
        let out = self.run(args, stdin);
        assert!(
            out.status.success(),
            "{args:?}: {} {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        super::json(&out)
    }

    /// Runs the CLI and expects exit 1 with a JSON error; returns the error object.
    pub fn refused(&self, args: &[&str], stdin: Option<&str>) -> Value {
        let out = self.run(args, stdin);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?}: {} {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        super::json(&out)["error"].clone()
    }

    /// `firm set` with `profile` (JSON, e.g. [`HARPER_LOWE`]).
    pub fn firm(self, profile: &str) -> Practice {
        self.ok(&["firm", "set"], Some(profile));
        self
    }

    /// `firm letter-identity --set` with `identity` (JSON).
    pub fn letter_identity(self, identity: &str) -> Practice {
        self.ok(&["firm", "letter-identity", "--set"], Some(identity));
        self
    }

    /// `client add`: a `kind` client named `name` writing in `lang`; its id.
    pub fn client(&self, kind: &str, name: &str, lang: &str) -> i64 {
        self.client_with(kind, name, lang, json!({}))
    }

    /// As [`Practice::client`], with the fields of `more` too (e-mail, profile…).
    pub fn client_with(&self, kind: &str, name: &str, lang: &str, more: Value) -> i64 {
        let body = client_json(kind, name, lang, more).to_string();
        self.ok(&["client", "add"], Some(&body))["id"]
            .as_i64()
            .unwrap()
    }

    /// `invoice issue`: one line "Advice" of `rate` in `currency`; the invoice's id.
    pub fn invoice(
        &self,
        client: i64,
        currency: &str,
        issued_on: &str,
        due_on: &str,
        rate: &str,
    ) -> i64 {
        self.invoice_for(client, currency, issued_on, due_on, "Advice", rate)["id"]
            .as_i64()
            .unwrap()
    }

    /// As [`Practice::invoice`], the line described as `description`; the CLI's answer
    /// (id, number…).
    pub fn invoice_for(
        &self,
        client: i64,
        currency: &str,
        issued_on: &str,
        due_on: &str,
        description: &str,
        rate: &str,
    ) -> Value {
        let body = invoice_json(client, currency, issued_on, due_on, description, rate);
        self.ok(&["invoice", "issue"], Some(&body.to_string()))
    }

    /// `payment record` by bank transfer for `client` in `currency`, received on `date`
    /// (oldest due first), whatever its outcome.
    pub fn pay(&self, client: i64, currency: &str, amount: &str, date: &str) -> Output {
        self.run(
            &[
                "payment",
                "record",
                "--client",
                &client.to_string(),
                "--currency",
                currency,
                &format!("--amount={amount}"),
                "--date",
                date,
                "--method",
                "bank_transfer",
            ],
            None,
        )
    }

    /// As [`Practice::pay`], expecting it recorded; the CLI's answer.
    pub fn payment(&self, client: i64, currency: &str, amount: &str, date: &str) -> Value {
        let out = self.pay(client, currency, amount, date);
        assert!(
            out.status.success(),
            "payment record: {} {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        super::json(&out)
    }

    /// `letter demand` to `client`, its PDF at `out`, written with blanks where the firm's
    /// signatory or a contract is missing; the CLI's answer (id, number, sha256…).
    pub fn demand(&self, client: i64, out: &Path) -> Value {
        self.ok(
            &[
                "letter",
                "demand",
                "--id",
                &client.to_string(),
                "--out",
                &out.to_string_lossy(),
                "--allow-missing",
            ],
            None,
        )
    }

    /// `letter dispatch` of the letter `letter` (the CLI's answer that wrote it) with
    /// `args` (`--via`, `--sent`…); the record.
    pub fn dispatch(&self, letter: &Value, args: &[&str]) -> Value {
        let id = letter["id"].as_i64().unwrap().to_string();
        let mut all = vec!["letter", "dispatch", id.as_str()];
        all.extend_from_slice(args);
        self.ok(&all, None)
    }
}

/// A firm profile from `firm set`'s JSON (e.g. [`HARPER_LOWE`]), for [`InProcess::firm`].
pub fn profile(json: &str) -> FirmProfileInput {
    serde_json::from_str(json).unwrap()
}

/// A clock stopped at `now`; today is its date in UTC.
pub fn stopped_clock(now: DateTime<Utc>) -> Arc<dyn Clock> {
    Arc::new(FixedClock::at_offset(
        now,
        FixedOffset::east_opt(0).unwrap(),
    ))
}

/// A fresh data folder opened in-process, with an in-memory keychain.
pub struct Folder {
    pub dir: tempfile::TempDir,
    pub core: Core,
    pub keychain: Arc<MemoryStore>,
}

impl Folder {
    /// On a clock stopped at `now` (today: its date in UTC), so that what the requests
    /// date is what a test passes the services as `now()` and `today`.
    pub fn at(now: DateTime<Utc>) -> Folder {
        let dir = tempfile::tempdir().unwrap();
        let keychain = Arc::new(MemoryStore::default());
        let core = Core::open_with_clock(dir.path(), keychain.clone(), stopped_clock(now)).unwrap();
        Folder {
            dir,
            core,
            keychain,
        }
    }

    /// On the system clock (or the one `LAWDESK_NOW` fixes).
    pub fn on_system_clock() -> Folder {
        let (dir, core, keychain) = super::core_with_memory_keychain();
        Folder {
            dir,
            core,
            keychain,
        }
    }

    /// The data folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A folder `out` in the data folder for the files a test writes (made if missing).
    pub fn out(&self) -> PathBuf {
        let out = self.dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        out
    }
}

/// A practice built in-process through `lawdesk::requests` (dated by the core's clock):
/// on a [`Folder`] or on any opened `Core`.
pub trait InProcess {
    fn core(&self) -> &Core;

    /// Handles `request` on the core; panics with the request's name and the error.
    fn ask<R: Request>(&self, request: R) -> R::Output {
        let name = std::any::type_name::<R>();
        request
            .handle(self.core())
            .unwrap_or_else(|e| panic!("{name}: {e:?}"))
    }

    /// Saves the firm profile (e.g. `profile(HARPER_LOWE)`).
    fn firm(&self, input: FirmProfileInput) -> &Self {
        self.ask(SaveFirmProfile { input });
        self
    }

    /// Saves the fee settings.
    fn fee_settings(&self, input: FeeSettingsInput) -> &Self {
        self.ask(SaveFeeSettings { input });
        self
    }

    /// Saves a bank account (its number goes to the keychain).
    fn bank_account(&self, input: BankAccountInput) -> &Self {
        self.ask(SaveBankAccount { input });
        self
    }

    /// Saves the firm's identity for one letter language.
    fn letter_identity(&self, input: LetterIdentityInput) -> &Self {
        self.ask(SaveLetterIdentity { input });
        self
    }

    /// Adds `input`; the client's id.
    fn add_client(&self, input: ClientInput) -> ClientId {
        self.ask(AddClient { input }).id
    }

    /// Adds a `kind` client named `name` writing in `lang`; its id.
    fn client(&self, kind: &str, name: &str, lang: &str) -> ClientId {
        self.add_client(ClientInput {
            kind: kind.into(),
            name: name.into(),
            language: lang.into(),
            ..Default::default()
        })
    }

    /// Issues an invoice with one line "Advice" of `rate` in `currency`; its id.
    fn invoice(
        &self,
        client: ClientId,
        currency: &str,
        issued_on: &str,
        due_on: &str,
        rate: &str,
    ) -> i64 {
        self.invoice_for(client, currency, issued_on, due_on, "Advice", rate)["id"]
            .as_i64()
            .unwrap()
    }

    /// As [`InProcess::invoice`], the line described as `description`; the answer (id,
    /// number…).
    fn invoice_for(
        &self,
        client: ClientId,
        currency: &str,
        issued_on: &str,
        due_on: &str,
        description: &str,
        rate: &str,
    ) -> Value {
        let input = InvoiceInput {
            client_id: client,
            currency: currency.into(),
            issued_on: issued_on.into(),
            due_on: due_on.into(),
            lines: vec![LineInput {
                description: description.into(),
                kind: "fixed".into(),
                rate: rate.into(),
                quantity: "1".into(),
                ..Default::default()
            }],
            tax_percent: Some("0".into()),
            ..Default::default()
        };
        self.ask(IssueInvoice {
            input,
            request_key: None,
        })
    }

    /// Records `input` (no voucher); the answer.
    fn payment(&self, input: PaymentInput) -> Value {
        self.ask(RecordPayment {
            entry: PaymentEntry::Input(input),
            voucher: None,
            request_key: None,
        })
    }
}

impl InProcess for Core {
    fn core(&self) -> &Core {
        self
    }
}

impl InProcess for Folder {
    fn core(&self) -> &Core {
        &self.core
    }
}
