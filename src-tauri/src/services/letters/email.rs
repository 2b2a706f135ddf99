//! E-mail through the firm's SMTP server (`lettre`, rustls): the settings (the password in
//! the OS keychain only) and sending a kept letter with its PDF. Only what the server
//! accepted is recorded as sent: a dispatch record (via `email`, the Message-ID as its
//! number) that is also an entry in the client's communication log.
//!
//! [`email_letter`] is the one function the window, the CLI and the dunning run call.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};
use serde::Serialize;
use serde_json::json;

use crate::domain::ids::LetterId;
use crate::domain::mail::{self, MailFacts, SmtpInput, SmtpSettings, PASSWORD_SECRET};
use crate::domain::secret::Secret;
use crate::domain::{text, AppError, AppResult, ErrorCode};
use crate::services::core::Core;
use crate::services::security::keychain_journal::KeychainJournal;
use crate::services::{
    letters, letters::dispatch as letter_dispatch, letters::output as letter_output,
};
use crate::store::letter_dispatches::DispatchRow;
use crate::store::{audit, clients, firm, secret_names, settings};

/// The `settings` key of the SMTP settings (JSON; never the password).
pub const SETTINGS_KEY: &str = "mail.smtp";

/// How long one SMTP exchange may take before the server counts as unreachable.
const TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Serialize)]
pub struct MailSettingsView {
    /// `None` until the firm sets up its server.
    pub smtp: Option<SmtpSettings>,
    /// Whether a password is kept in the keychain (the value never leaves it).
    pub has_password: bool,
}

fn stored(conn: &crate::store::Conn) -> AppResult<Option<SmtpSettings>> {
    settings::get(conn, SETTINGS_KEY)?
        .map(|t| {
            serde_json::from_str(&t).map_err(|_| {
                AppError::new(
                    ErrorCode::StoredValueCorrupt,
                    "settings.value of row mail.smtp is not valid SMTP settings",
                )
            })
        })
        .transpose()
}

fn view(conn: &crate::store::Conn) -> AppResult<MailSettingsView> {
    Ok(MailSettingsView {
        smtp: stored(conn)?,
        has_password: secret_names::list(conn)?
            .iter()
            .any(|n| n == PASSWORD_SECRET),
    })
}

pub fn settings(core: &Core) -> AppResult<MailSettingsView> {
    core.db.read(view)
}

/// Saves the SMTP settings; `password` absent keeps the stored one, empty removes it.
pub fn save_settings(
    core: &Core,
    input: &SmtpInput,
    now: DateTime<Utc>,
) -> AppResult<MailSettingsView> {
    let s = input.validate()?;
    if !s.ca_certificate.is_empty() {
        Certificate::from_pem(s.ca_certificate.as_bytes())
            .map_err(|_| AppError::field("ca_certificate", "invalid"))?;
    }
    let text = serde_json::to_string(&s).map_err(|e| AppError::internal(e.to_string()))?;
    let mut journal = KeychainJournal::new(core);
    let result = core.db.write(|tx| {
        match &input.password {
            Some(p) if !p.is_empty() => {
                journal.set(PASSWORD_SECRET, p)?;
                secret_names::add(tx, PASSWORD_SECRET, now)?;
            }
            Some(_) => {
                journal.delete(PASSWORD_SECRET)?;
                secret_names::remove(tx, PASSWORD_SECRET)?;
            }
            None => {}
        }
        let before = settings::get(tx, SETTINGS_KEY)?
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
        settings::set(tx, SETTINGS_KEY, &text)?;
        let mut after = json!(s);
        if input.password.is_some() {
            // Only that it changed: the password itself is in the keychain.
            after["password"] = json!("changed");
        }
        audit::record_diff(
            tx,
            now,
            ("set", "mail_settings", SETTINGS_KEY),
            json!({ "host": s.host, "port": s.port, "security": s.security, "user": s.user,
                     "from_address": s.from_address, "password_changed": input.password.is_some() }),
            None,
            (before.as_ref(), &after),
            &["password", "ca_certificate"],
        )?;
        view(tx)
    });
    journal.finish(result)
}

/// What went out.
#[derive(Debug, Clone, Serialize)]
pub struct EmailSent {
    pub letter_id: i64,
    pub to: String,
    pub subject: String,
    pub message_id: String,
    /// The dispatch record (and log entry) written for it.
    pub dispatch: DispatchRow,
}

/// The transport for `s`: implicit TLS or STARTTLS verified against the system roots plus
/// the firm's own certificate, if it names one.
fn transport(s: &SmtpSettings, password: Option<Secret>) -> AppResult<SmtpTransport> {
    let mut builder = SmtpTransport::builder_dangerous(&s.host)
        .port(s.port)
        .timeout(Some(TIMEOUT));
    if s.security != "none" {
        let mut tls = TlsParameters::builder(s.host.clone());
        if !s.ca_certificate.is_empty() {
            let cert = Certificate::from_pem(s.ca_certificate.as_bytes())
                .map_err(|_| AppError::field("ca_certificate", "invalid"))?;
            tls = tls.add_root_certificate(cert);
        }
        let params = tls
            .build()
            .map_err(|e| classify(&e, Phase::Connect, false, true))?;
        builder = builder.tls(if s.security == "tls" {
            Tls::Wrapper(params)
        } else {
            Tls::Required(params)
        });
    }
    if !s.user.is_empty() {
        let password = password.ok_or_else(|| {
            AppError::new(
                ErrorCode::MailNotConfigured,
                "The SMTP password is not in the keychain; enter it in Settings → E-mail",
            )
        })?;
        builder = builder.credentials(Credentials::new(
            s.user.clone(),
            password.expose().to_string(),
        ));
    }
    Ok(builder.build())
}

#[derive(Clone, Copy)]
enum Phase {
    /// Connecting, TLS and login.
    Connect,
    /// The envelope and the message.
    Send,
}

/// The server answers on its port at all (else `mail.unreachable`): a failure after this
/// and before the login is the TLS handshake or the server's certificate.
fn reachable(s: &SmtpSettings) -> AppResult<()> {
    use std::net::{TcpStream, ToSocketAddrs};
    let unreachable = || {
        AppError::new(
            ErrorCode::MailUnreachable,
            "The mail server could not be reached; nothing was sent.",
        )
    };
    let addrs = (s.host.as_str(), s.port)
        .to_socket_addrs()
        .map_err(|_| unreachable())?;
    for a in addrs {
        if TcpStream::connect_timeout(&a, TIMEOUT).is_ok() {
            return Ok(());
        }
    }
    Err(unreachable())
}

/// A coded error for an SMTP failure. The server's text is logged, never shown (it can
/// echo addresses); no password is ever part of it.
const TLS_FAILED: &str = "The secure connection to the mail server failed (its certificate is not trusted, or it does not speak TLS on that port)";

fn classify(
    e: &lettre::transport::smtp::Error,
    phase: Phase,
    login: bool,
    secure: bool,
) -> AppError {
    let status = e.status().map(|c| c.to_string()).unwrap_or_default();
    tracing::warn!(error = %e, "SMTP failure");
    let (code, what) = if e.is_tls() {
        (ErrorCode::MailTls, TLS_FAILED.to_string())
    } else if e.is_response() || e.is_permanent() || e.is_transient() {
        match phase {
            Phase::Connect if login && e.status().is_some() => (
                ErrorCode::MailLoginRejected,
                format!("The mail server refused the login ({status})"),
            ),
            Phase::Send if ["550", "551", "553", "501"].contains(&status.as_str()) => (
                ErrorCode::MailRecipientRefused,
                format!("The mail server refused the recipient's address ({status})"),
            ),
            _ => (
                ErrorCode::MailRefused,
                format!("The mail server refused the message ({status})"),
            ),
        }
    } else if matches!(phase, Phase::Connect) && secure && !e.is_timeout() {
        // The port answered (checked before): the handshake or the certificate failed.
        (ErrorCode::MailTls, TLS_FAILED.to_string())
    } else {
        (
            ErrorCode::MailUnreachable,
            "The mail server could not be reached".to_string(),
        )
    };
    AppError::new(code, format!("{what}; nothing was sent."))
}

fn mailbox(address: &str, name: &str, field: &str) -> AppResult<Mailbox> {
    let addr = address
        .parse()
        .map_err(|_| AppError::field(field, "email"))?;
    Ok(Mailbox::new(
        Some(name.to_string()).filter(|n| !n.is_empty()),
        addr,
    ))
}

/// The recipient: `to` when given, else the client's first e-mail address.
fn recipient(
    core: &Core,
    client: crate::domain::ids::ClientId,
    to: Option<&str>,
) -> AppResult<String> {
    let to = match to.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => t.to_string(),
        None => core
            .db
            .read(|c| clients::get(c, client))?
            .emails
            .into_iter()
            .next()
            .ok_or_else(|| AppError::field("to", "required"))?,
    };
    match text::email(&to) {
        Ok(t) if !t.is_empty() => Ok(t),
        _ => Err(AppError::field("to", "email")),
    }
}

/// E-mails kept letter `letter_id` with its PDF to `to` (default: the client's address)
/// through the firm's SMTP server, in the letter's language, and records it as sent
/// (dispatch record via `email` + log entry with the Message-ID). On any failure nothing
/// is recorded and the error says why (`mail.*`, `to`).
pub fn email_letter(
    core: &Core,
    letter_id: crate::domain::ids::LetterId,
    to: Option<&str>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<EmailSent> {
    let letter_id = letter_id.0;
    let s = core.db.read(stored)?.ok_or_else(|| {
        AppError::new(
            ErrorCode::MailNotConfigured,
            "No mail server is set up; add it in Settings → E-mail",
        )
    })?;
    let (letter, pdf) = letters::pdf_of(core, LetterId(letter_id))?;
    let to = recipient(core, letter.client_id, to)?;
    let firm_name = core
        .db
        .read(firm::get_profile)?
        .map(|p| p.profile.name)
        .unwrap_or_default();
    let lang = letter.lang;
    let issued = crate::letters::format::date(letter.issued_on, lang);
    let facts = MailFacts {
        kind: letter.kind.code(),
        number: &letter.number,
        client: &letter.client_name,
        firm: &firm_name,
        date: &issued,
    };
    let (subject, body) = mail::compose(&s, lang, &facts);
    let domain = s.from_address.rsplit('@').next().unwrap_or("localhost");
    let message_id = format!("<{}@{}>", uuid::Uuid::new_v4(), domain);
    let message = Message::builder()
        .from(mailbox(&s.from_address, &s.from_name, "from_address")?)
        .to(mailbox(&to, &letter.client_name, "to")?)
        .subject(subject.clone())
        .message_id(Some(message_id.clone()))
        .date(now.into())
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain(body))
                .singlepart(Attachment::new(letter_output::readable_name(&letter)).body(
                    pdf,
                    ContentType::parse("application/pdf").expect("a valid MIME type"),
                )),
        )
        .map_err(|e| AppError::internal(format!("The e-mail could not be built: {e}")))?;
    let password = if s.user.is_empty() {
        None
    } else {
        core.secret_get(PASSWORD_SECRET)?
    };
    let login = !s.user.is_empty();
    let secure = s.security != "none";
    let smtp = transport(&s, password)?;
    reachable(&s)?;
    smtp.test_connection()
        .map_err(|e| classify(&e, Phase::Connect, login, secure))?;
    smtp.send(&message)
        .map_err(|e| classify(&e, Phase::Send, login, secure))?;
    let dispatch =
        letter_dispatch::record_email(core, LetterId(letter_id), &message_id, &to, today, now)
            .inspect_err(|e| {
                tracing::error!(
                    letter = letter_id,
                    code = e.code.as_str(),
                    "e-mail sent but not recorded"
                );
            })?;
    Ok(EmailSent {
        letter_id,
        to,
        subject,
        message_id,
        dispatch,
    })
}
