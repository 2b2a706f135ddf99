//! `lawdesk-cli`: the same use cases as the window, without one. The contract is
//! `shared/cli-contract.md`: JSON on stdout, exit 0 on success, 1 with
//! `{"error":{"code","message"}}` for bad input (nothing changed), 2 for usage errors.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};

mod backup;
mod clients;
mod collections;
mod fees;
mod interest;
mod letters;
mod practice;
use clients::{
    ClientCommand, ComplaintCommand, FollowupCommand, LogCommand, MatterCommand, RetentionCommand,
};
use fees::{EngagementCommand, InvoiceCommand, PaymentCommand, QuoteCommand};
use serde::Serialize;
use serde_json::json;

use crate::domain::ids::{ClientId, MatterId};
use crate::domain::{AppError, AppResult};
use crate::requests::client_file::CheckConflicts;
use crate::requests::collections::{BuildClaimPack, ClaimPackTo};
use crate::requests::fees::GetAging;
use crate::requests::letters::{GetMailSettings, SaveMailSettings};
use crate::requests::practice::*;
use crate::requests::Request;
use crate::secrets::Keychain;
use crate::services::core as location;
use crate::services::{self, Core};

#[derive(Parser, Debug)]
#[command(
    name = "lawdesk-cli",
    version,
    about = "Lawdesk without a window: batch work, scripts, support"
)]
pub struct Cli {
    /// The data folder (default: LAWDESK_DATA_DIR, else the OS app-data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create or migrate the database in the data folder.
    Init,
    /// Fill an empty database with a deterministic synthetic practice.
    Demo {
        /// How many clients to generate.
        #[arg(long, default_value_t = 50)]
        clients: u64,
        /// The seed: the same seed gives the same practice.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// The firm profile (letterhead and defaults).
    #[command(subcommand)]
    Firm(FirmCommand),
    /// The firm's bank accounts (numbers kept in the OS keychain).
    #[command(subcommand)]
    Bank(BankCommand),
    /// OS keychain entries of this installation. Values are read from stdin, never printed.
    #[command(subcommand)]
    Secret(SecretCommand),
    /// The data folder, schema version and warnings.
    Status,
    /// Clients: add, get, search.
    #[command(subcommand)]
    Client(ClientCommand),
    /// Matters: add, list.
    #[command(subcommand)]
    Matter(MatterCommand),
    /// The communication log: add (JSON on stdin, --attach FILE), list, verify.
    #[command(subcommand)]
    Log(LogCommand),
    /// Follow-ups: add (JSON on stdin), done, and the agenda (due + contact rhythm).
    #[command(subcommand)]
    Followup(FollowupCommand),
    /// Complaints: add (JSON on stdin), step (JSON on stdin), list.
    #[command(subcommand)]
    Complaint(ComplaintCommand),
    /// Retention: what is due for destruction, destroy, the destruction records.
    #[command(subcommand)]
    Retention(RetentionCommand),
    /// Fee quotes: add, revise, list, get, send, decline, accept.
    #[command(subcommand)]
    Quote(QuoteCommand),
    /// Engagements: their payment plans (versioned) and contractual late charges.
    #[command(subcommand)]
    Engagement(EngagementCommand),
    /// Invoices: list, get, issue (ad hoc or from a plan item), cancel, credit.
    #[command(subcommand)]
    Invoice(InvoiceCommand),
    /// Payments: record (allocated oldest due first or to --invoice), reverse, list, get.
    #[command(subcommand)]
    Payment(PaymentCommand),
    /// The amount in words as printed on letters (one line).
    Words {
        amount: String,
        #[arg(long)]
        currency: String,
        #[arg(long)]
        lang: String,
    },
    /// Letters as PDF: `letter KIND --id ID [--lang] --out FILE.pdf`, `letter batch`, templates.
    Letter(letters::LetterArgs),
    /// Late interest on one debt: contract, daily or a statutory rule (eu, de, fr, uk,
    /// ru395, tw, cn_lpr) from the rate tables; periods exact, total rounded once.
    Interest(interest::InterestArgs),
    /// The rate table a statutory rule reads (`rates RULE`), or add a newer rate
    /// (`rates add RULE --from D --rate R --source S`).
    Rates(interest::RatesArgs),
    /// The firm's dunning ladder: `ladder list`, `ladder set` (JSON on stdin).
    #[command(subcommand)]
    Ladder(collections::LadderCommand),
    /// Holds on the ladder: `hold add --client ID [--invoice ID] --reason R [--until D]`,
    /// `hold list`, `hold release ID`.
    #[command(subcommand)]
    Hold(collections::HoldCommand),
    /// Payment arrangements: `arrangement add --client ID` (instalments JSON on stdin), `list`.
    #[command(subcommand)]
    Arrangement(collections::ArrangementCommand),
    /// The daily run: `collections due [--as-of D]`, `collections run [--as-of D] --confirm
    /// [--out-dir DIR]`, `collections actions`.
    #[command(subcommand)]
    Collections(collections::CollectionsCommand),
    /// Legal clocks per client: limitation periods and the wait before a claim, each with
    /// the provisions it follows (`--client ID` for one client); `clocks acknowledge
    /// --client ID --date D [--invoice N] [--note T]` records the debtor's written
    /// acknowledgment, `clocks acknowledgments --client ID` lists them.
    Clocks(collections::ClocksArgs),
    /// Receivables by age bucket per currency (currencies are never summed).
    Aging {
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Verify the database (integrity, foreign keys), the audit trail's and the
    /// communication log's hash chains and the attachments' SHA-256.
    Check,
    /// Back up the data folder into one sealed file: `backup --out FILE`; `backup key
    /// --show-once`; `backup folder|now|daily|status|inspect`.
    Backup(backup::BackupArgs),
    /// Restore a backup into the data folder, which must be empty: `restore FILE
    /// [--recovery-key KEY|-]`.
    Restore {
        file: PathBuf,
        /// The recovery key (on a new computer); `-` reads it from stdin. Without it the
        /// key is looked up in this computer's keychain.
        #[arg(long)]
        recovery_key: Option<String>,
    },
    /// The audit trail (who changed what, when), hash-chained: verify.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// The claim pack of a client for the court or a collector: one PDF with bookmarks
    /// (statement, invoices, letters with dispatch records, interest, the log extract with
    /// its chain verification) and, with --zip, the originals.
    ClaimPack {
        #[arg(long)]
        client: i64,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        zip: Option<PathBuf>,
    },
    /// E-mail through the firm's SMTP server: `mail settings [--set]` (JSON on stdin; the
    /// password goes to the OS keychain only).
    #[command(subcommand)]
    Mail(MailCommand),
    /// Conflict-of-interest check across clients, related persons and opposing parties.
    Conflicts {
        /// The name to check (any script; case, width, Traditional/Simplified and
        /// Cyrillic/Latin spellings meet).
        name: String,
        /// Also match this ID or registration number.
        #[arg(long, default_value = "")]
        id_number: String,
        /// Record the check on this matter.
        #[arg(long)]
        matter: Option<i64>,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Verify the hash chain; exit 1 naming the first broken row.
    Verify,
    /// The latest changes, newest first.
    List {
        #[arg(long, default_value_t = 20)]
        limit: i64,
    },
}

#[derive(Subcommand, Debug)]
pub enum FirmCommand {
    /// Print the firm profile.
    Get,
    /// Change the firm profile: the fields of the JSON object read from stdin (absent =
    /// unchanged, null = cleared; `firm get` shows them).
    Set,
    /// The firm as it signs letters in each language; with --set, change the one for "lang"
    /// with the fields given on stdin, of {"lang","name","address","signatory_name",
    /// "signatory_title","ids":{"inn","ogrn","kpp","uscc","practice_licence","ubn",
    /// "sra_number","company_number"},"letter_prefix"} (absent = unchanged, null = cleared;
    /// "ids" is replaced as a whole).
    LetterIdentity {
        #[arg(long)]
        set: bool,
    },
    /// Print the fee defaults (VAT rate, invoice prefix, payment terms); with --set, change
    /// the fields given on stdin, of {"vat_percent","prices_include_vat","invoice_prefix",
    /// "payment_terms_days"} (absent = unchanged, null = cleared).
    Fees {
        #[arg(long)]
        set: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum BankCommand {
    /// List the bank accounts (numbers masked).
    List,
    /// Add or update an account from a JSON object on stdin (`id` updates).
    Save,
    /// Archive an account and delete its keychain entries.
    Archive { id: i64 },
}

#[derive(Subcommand, Debug)]
pub enum SecretCommand {
    /// Store the value read from stdin under NAME.
    Set { name: String },
    /// Delete the entry NAME.
    Delete { name: String },
    /// List the names of the entries.
    List,
}

#[derive(Subcommand, Debug)]
pub enum MailCommand {
    /// Show the SMTP settings (never the password), or with --set change the fields given in
    /// the JSON object on stdin (absent = unchanged, null = cleared): host, port, security
    /// (tls|starttls|none), user, from_address, from_name, ca_certificate (PEM), templates
    /// [{lang,subject,body}] (replaced as a whole), password (absent = kept, "" = removed).
    Settings {
        #[arg(long)]
        set: bool,
    },
}

/// Runs the CLI and returns the process exit code.
pub fn main() -> i32 {
    location::private_files_by_default();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => return usage_error(&e),
    };
    // `words` needs no data folder and prints one line of text.
    if let Command::Words {
        amount,
        currency,
        lang,
    } = &cli.command
    {
        return match letters::words_cmd(amount, currency, lang) {
            Ok(line) => emit(&line, 0),
            Err(e) => failure(&e),
        };
    }
    // The recovery key counts as shown only once it was written out.
    if let Command::Backup(backup::BackupArgs {
        command: Some(backup::BackupCommand::Key {
            show_once: true, ..
        }),
        ..
    }) = &cli.command
    {
        return backup::show_once(cli.data_dir);
    }
    match run(cli) {
        Ok(value) => {
            let code = EXIT.with(|c| c.get());
            emit(
                &serde_json::to_string_pretty(&value).unwrap_or_default(),
                code,
            )
        }
        Err(e) => failure(&e),
    }
}

/// Exit code of a command that did part of its work and then stopped (a letter batch whose
/// next letter could not be written after others were): its answer lists what was done and
/// where it stopped. Not 0, and not 1, which promises that nothing changed.
const PARTLY_DONE: i32 = 4;

thread_local! {
    /// The exit code of a command that succeeded only in part ([`PARTLY_DONE`]).
    static EXIT: std::cell::Cell<i32> = const { std::cell::Cell::new(0) };
}

/// Marks the command as done in part: the answer is printed, the exit code is 4.
fn partly_done(why: &str) {
    say(why);
    EXIT.with(|c| c.set(PARTLY_DONE));
}

/// Exit code of a command that was carried out (a write is committed) whose answer could
/// not be written to stdout (closed or full): not 1, which promises that nothing changed.
/// A script that retries with the same `--request-key` reads the first answer.
const DONE_BUT_UNANSWERED: i32 = 3;

/// Writes `text` and a newline to stdout; a closed or full stdout (`| head -c 1`,
/// `>/dev/full`) is a word on stderr, never a panic: after a success exit 3 (the command
/// was carried out), after an error its own code.
fn emit(text: &str, code: i32) -> i32 {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let failed = match writeln!(out, "{text}").and_then(|_| out.flush()) {
        Ok(()) => return code,
        Err(e) => e,
    };
    if code != 0 {
        return code;
    }
    if failed.kind() != std::io::ErrorKind::BrokenPipe {
        say(&format!(
            "done, but its answer could not be written to the output: {failed}"
        ));
    }
    DONE_BUT_UNANSWERED
}

/// One line on stderr, ignoring a closed stderr.
fn say(message: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "lawdesk-cli: {message}");
}

/// `{"error":…}` on stdout, the message on stderr, exit 1.
fn failure(e: &AppError) -> i32 {
    let body = serde_json::to_string_pretty(&json!({ "error": e })).unwrap_or_default();
    say(&e.message);
    emit(&body, 1);
    1
}

/// Usage errors (exit 2) name the argument and what it takes, never the rejected text: it
/// may be an IBAN or a name pasted into the wrong place. Help and version print as usual.
fn usage_error(e: &clap::Error) -> i32 {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if !e.use_stderr() {
        let _ = e.print();
        return 0;
    }
    let arg = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(a)) => a.clone(),
        _ => "an argument".to_string(),
    };
    let message = match e.kind() {
        ErrorKind::ValueValidation | ErrorKind::InvalidValue => match e.kind() {
            ErrorKind::InvalidValue => match e.get(ContextKind::ValidValue) {
                Some(ContextValue::Strings(v)) => {
                    format!("invalid value for {arg} (one of: {})", v.join(", "))
                }
                _ => format!("invalid value for {arg}"),
            },
            _ => format!("invalid value for {arg} (see --help for the form it takes)"),
        },
        ErrorKind::UnknownArgument => "an unexpected argument was given".to_string(),
        _ => {
            let _ = e.print();
            return 2;
        }
    };
    say(&format!("error: {message}; try --help"));
    2
}

/// Runs a request and gives its output as JSON for stdout.
fn ask<R: Request>(core: &Core, request: R) -> AppResult<serde_json::Value>
where
    R::Output: Serialize,
{
    to_json(request.handle(core)?)
}

fn to_json<T: Serialize>(v: T) -> AppResult<serde_json::Value> {
    serde_json::to_value(v).map_err(|e| AppError::internal(e.to_string()))
}

fn read_stdin() -> AppResult<String> {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s)?;
    Ok(s)
}

fn read_json<T: serde::de::DeserializeOwned>() -> AppResult<T> {
    let text = read_stdin()?;
    crate::domain::json_input::from_str(&text)
}

/// A `--set` that changes only the fields it is given: the JSON object on stdin merged over
/// `current` (the record as stored; fields the input does not take are left out, numbers
/// and booleans the input takes as text become text). An absent field keeps its value,
/// `null` clears it, and a field the input does not know is still refused.
fn read_patch<T>(current: &impl serde::Serialize) -> AppResult<T>
where
    T: serde::de::DeserializeOwned + serde::Serialize + Default,
{
    patched(current, read_json()?)
}

/// [`read_patch`] with the patch already read.
fn patched<T>(
    current: &impl serde::Serialize,
    patch: serde_json::Map<String, serde_json::Value>,
) -> AppResult<T>
where
    T: serde::de::DeserializeOwned + serde::Serialize + Default,
{
    use serde_json::Value;
    let current = serde_json::to_value(current).unwrap_or_default();
    let fields = match serde_json::to_value(T::default()) {
        Ok(Value::Object(m)) => m,
        _ => return Err(AppError::internal("an input without fields")),
    };
    let mut merged = serde_json::Map::new();
    if let Value::Object(stored) = current {
        for (k, v) in stored {
            let as_input = match (fields.get(&k), v) {
                (None, _) | (_, Value::Null) => continue,
                (Some(Value::String(_)), Value::Number(n)) => Value::String(n.to_string()),
                (Some(Value::String(_)), Value::Bool(b)) => Value::String(b.to_string()),
                (_, v) => v,
            };
            merged.insert(k, as_input);
        }
    }
    for (k, v) in patch {
        match v {
            Value::Null => drop(merged.remove(&k)),
            v => drop(merged.insert(k, v)),
        }
    }
    crate::domain::json_input::from_value(Value::Object(merged))
}

fn open(
    data_dir: Option<PathBuf>,
) -> AppResult<(Core, Option<tracing_appender::non_blocking::WorkerGuard>)> {
    let dir = location::resolve_data_dir(data_dir)?;
    location::ensure_data_dir(&dir)?;
    let guard = services::logging::init(&dir);
    let core = Core::open(&dir, Arc::new(Keychain::default()))?;
    core.set_front_end("lawdesk-cli")?;
    if core.on_network_filesystem() {
        eprintln!(
            "lawdesk-cli: warning: the data folder {} is on a network filesystem; SQLite may lose data there. Keep it on a local disk.",
            dir.display()
        );
    }
    Ok((core, guard))
}

/// A `--as-of`/`--on` date within reach of today; `None` (the request's "today") when absent.
fn date_opt(core: &Core, value: Option<String>) -> AppResult<Option<chrono::NaiveDate>> {
    value
        .map(|v| {
            crate::domain::dates::parse_near(&v, core.today())
                .map_err(|c| AppError::field("date", c))
        })
        .transpose()
}

fn run(cli: Cli) -> AppResult<serde_json::Value> {
    // A restore goes into an empty folder: nothing (not even a log) may be created first.
    if let Command::Restore { file, recovery_key } = cli.command {
        return backup::restore(cli.data_dir, file, recovery_key);
    }
    // Recovering the key comes before the folder can open.
    if let Command::Backup(backup::BackupArgs {
        command: Some(backup::BackupCommand::Key { recover: true, .. }),
        ..
    }) = &cli.command
    {
        return backup::recover(cli.data_dir);
    }
    let (core, _guard) = open(cli.data_dir)?;
    match cli.command {
        Command::Init => Ok(json!({
            "data_dir": core.data_dir().display().to_string(),
            "schema_version": core.schema_version()?,
        })),
        Command::Status => ask(&core, AppStatus {}),
        Command::Demo { clients, seed } => ask(&core, MakeDemo { clients, seed }),
        Command::Firm(cmd) => practice::firm(&core, cmd),
        Command::Bank(cmd) => practice::bank(&core, cmd),
        Command::Secret(cmd) => practice::secret(&core, cmd),
        Command::Client(cmd) => clients::client(&core, cmd),
        Command::Matter(cmd) => clients::matter(&core, cmd),
        Command::Log(cmd) => clients::log(&core, cmd),
        Command::Followup(cmd) => clients::followup(&core, cmd),
        Command::Complaint(cmd) => clients::complaint(&core, cmd),
        Command::Retention(cmd) => clients::retention(&core, cmd),
        Command::Check => ask(&core, RunCheck {}),
        Command::ClaimPack { client, out, zip } => {
            let to = ClaimPackTo::Files { pdf: out, zip };
            ask(
                &core,
                BuildClaimPack {
                    client: ClientId(client),
                    to,
                },
            )
        }
        Command::Mail(MailCommand::Settings { set: true }) => {
            let input = read_patch(&GetMailSettings {}.handle(&core)?.smtp)?;
            ask(&core, SaveMailSettings { input })
        }
        Command::Mail(MailCommand::Settings { set: false }) => ask(&core, GetMailSettings {}),
        Command::Backup(args) => backup::backup(&core, args),
        Command::Restore { .. } => unreachable!("handled before the data folder is opened"),
        Command::Audit(cmd) => practice::audit(&core, cmd),
        Command::Quote(cmd) => fees::quote(&core, cmd),
        Command::Engagement(cmd) => fees::engagement(&core, cmd),
        Command::Invoice(cmd) => fees::invoice(&core, cmd),
        Command::Payment(cmd) => fees::payment(&core, cmd),
        Command::Letter(args) => letters::letter(&core, args),
        Command::Interest(args) => interest::interest(&core, args),
        Command::Ladder(cmd) => collections::ladder(&core, cmd),
        Command::Hold(cmd) => collections::hold(&core, cmd),
        Command::Arrangement(cmd) => collections::arrangement(&core, cmd),
        Command::Collections(cmd) => collections::collections(&core, cmd),
        Command::Rates(args) => interest::rates(&core, args),
        Command::Words { .. } => unreachable!("handled before the data folder is opened"),
        Command::Clocks(args) => collections::clocks(&core, args),
        Command::Aging { as_of } => {
            let as_of = date_opt(&core, as_of)?;
            ask(&core, GetAging { as_of, top: None })
        }
        Command::Conflicts {
            name,
            id_number,
            matter,
        } => ask(
            &core,
            CheckConflicts {
                name,
                id_number: Some(id_number),
                matter: matter.map(MatterId),
            },
        ),
    }
}
