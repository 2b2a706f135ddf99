//! E-mail through the firm's SMTP server: the settings (never the password, which lives in
//! the OS keychain under [`PASSWORD_SECRET`]) and the subject and body a letter goes out
//! with, per language. Pure: the service sends.

use serde::{Deserialize, Serialize};

use super::error::{AppResult, Validator};
use super::lang::Lang;
use super::text;

/// The keychain entry that holds the SMTP password.
pub const PASSWORD_SECRET: &str = "smtp.password";

/// How the connection is secured: `tls` (implicit TLS, usually port 465), `starttls`
/// (usually 587) or `none` (a relay on the local network; no login is sent over it).
pub const SECURITIES: &[&str] = &["tls", "starttls", "none"];

/// Stored settings (the `settings` table, key `mail.smtp`, as JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: String,
    /// The login name; empty = no login.
    pub user: String,
    pub from_address: String,
    pub from_name: String,
    /// A PEM certificate trusted in addition to the system's roots (a firm's own mail
    /// server with a self-signed or private CA certificate). Verification stays on.
    #[serde(default)]
    pub ca_certificate: String,
    /// Subject/body per language replacing the built-in text; `{number}`, `{client}`,
    /// `{firm}` and `{date}` are filled in.
    #[serde(default)]
    pub templates: Vec<MailTemplate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailTemplate {
    pub lang: String,
    pub subject: String,
    pub body: String,
}

/// What `mail settings --set` and the Settings panel send. `password` goes to the keychain
/// only (absent = keep the stored one, empty string = remove it).
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpInput {
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub port: Option<i64>,
    #[serde(default)]
    pub security: String,
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub from_address: String,
    #[serde(default)]
    pub from_name: String,
    #[serde(default)]
    pub ca_certificate: String,
    #[serde(default)]
    pub templates: Vec<MailTemplate>,
    /// Never serialized (the input is serialized only to learn its field names).
    #[serde(default, skip_serializing)]
    pub password: Option<super::secret::Secret>,
}

fn host(value: &str) -> Result<String, &'static str> {
    let v = text::text(value, 253, true)?;
    let ok = v
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
    if ok {
        Ok(v)
    } else {
        Err("invalid")
    }
}

fn certificate(value: &str) -> Result<String, &'static str> {
    let v = text::text(value, 20_000, false)?;
    if v.is_empty() || v.contains("-----BEGIN CERTIFICATE-----") {
        Ok(v)
    } else {
        Err("invalid")
    }
}

fn templates(v: &mut Validator, list: &[MailTemplate]) -> Vec<MailTemplate> {
    let mut out = Vec::new();
    for (i, t) in list.iter().enumerate() {
        let lang = Lang::parse(&t.lang).filter(|l| l.code() == t.lang.trim());
        if lang.is_none() {
            v.push(&format!("templates[{i}].lang"), "language");
        }
        let subject = v.check(
            &format!("templates[{i}].subject"),
            text::text(&t.subject, 200, true),
        );
        let body = v.check(
            &format!("templates[{i}].body"),
            text::text(&t.body, 5_000, true),
        );
        if let (Some(l), Some(subject), Some(body)) = (lang, subject, body) {
            out.push(MailTemplate {
                lang: l.code().into(),
                subject: subject.replace('\n', " "),
                body,
            });
        }
    }
    out
}

impl SmtpInput {
    pub fn validate(&self) -> AppResult<SmtpSettings> {
        let mut v = Validator::default();
        let host = v.check("host", host(&self.host));
        let security = self.security.trim().to_string();
        if security.is_empty() {
            v.push("security", "required");
        } else if !SECURITIES.contains(&security.as_str()) {
            v.push("security", "invalid");
        }
        let port = match self.port {
            None => Some(default_port(&security)),
            Some(p) if (1..=65_535).contains(&p) => Some(p as u16),
            Some(_) => {
                v.push("port", "invalid");
                None
            }
        };
        let user = v.check("user", text::text(&self.user, 254, false));
        // A login is never sent over a connection without TLS.
        if security == "none" && user.as_deref().is_some_and(|u| !u.is_empty()) {
            v.push("user", "invalid");
        }
        let from = v.check("from_address", text::email(&self.from_address));
        if from.as_deref() == Some("") {
            v.push("from_address", "required");
        }
        let from_name = v.check("from_name", text::text(&self.from_name, 120, false));
        if from_name.as_deref().is_some_and(|n| n.contains('\n')) {
            v.push("from_name", "control_chars");
        }
        let ca = v.check("ca_certificate", certificate(&self.ca_certificate));
        let templates = templates(&mut v, &self.templates);
        v.finish()?;
        Ok(SmtpSettings {
            host: host.expect("validated"),
            port: port.expect("validated"),
            security,
            user: user.expect("validated"),
            from_address: from.expect("validated"),
            from_name: from_name.expect("validated"),
            ca_certificate: ca.expect("validated"),
            templates,
        })
    }
}

/// 465 for implicit TLS, 587 for STARTTLS, 25 for a plain relay.
pub fn default_port(security: &str) -> u16 {
    match security {
        "tls" => 465,
        "starttls" => 587,
        _ => 25,
    }
}

/// What fills a template.
pub struct MailFacts<'a> {
    pub kind: &'a str,
    pub number: &'a str,
    pub client: &'a str,
    pub firm: &'a str,
    /// The letter's date as the letter writes it.
    pub date: &'a str,
}

/// The built-in subject and body of a letter's e-mail.
fn built_in(lang: Lang, kind: &str) -> (&'static str, &'static str) {
    let demand = kind == "demand";
    match (lang, demand) {
        (Lang::ZhCn, false) => (
            "付款提醒 {number} · {firm}",
            "{client}：\n\n附件为我所于{date}出具的付款提醒函（{number}），请查阅。\n如已付款，请忽略本邮件。\n\n{firm}",
        ),
        (Lang::ZhCn, true) => (
            "律师函 {number} · {firm}",
            "{client}：\n\n附件为我所于{date}出具的律师函（{number}），请查阅并在函中所列期限内处理。\n\n{firm}",
        ),
        (Lang::ZhTw, false) => (
            "付款提醒 {number} · {firm}",
            "{client}：\n\n附件為本所於{date}出具之付款提醒函（{number}），敬請查閱。\n如已付款，請忽略本郵件。\n\n{firm}",
        ),
        (Lang::ZhTw, true) => (
            "律師函 {number} · {firm}",
            "{client}：\n\n附件為本所於{date}出具之律師函（{number}），敬請查閱並於函中所載期限內處理。\n\n{firm}",
        ),
        (Lang::Ru, false) => (
            "Напоминание об оплате {number} · {firm}",
            "Здравствуйте!\n\nВо вложении — напоминание об оплате № {number} от {date}.\nЕсли оплата уже произведена, просим не учитывать это письмо.\n\n{firm}",
        ),
        (Lang::Ru, true) => (
            "Претензия {number} · {firm}",
            "Здравствуйте!\n\nВо вложении — претензия № {number} от {date}. Просим рассмотреть её в указанный в ней срок.\n\n{firm}",
        ),
        (Lang::En, false) => (
            "Payment reminder {number} · {firm}",
            "Dear {client},\n\nPlease find attached our payment reminder {number} of {date}.\nIf you have already paid, please disregard this message.\n\n{firm}",
        ),
        (Lang::En, true) => (
            "Letter of demand {number} · {firm}",
            "Dear {client},\n\nPlease find attached our letter of demand {number} of {date}. Please deal with it within the time it sets.\n\n{firm}",
        ),
    }
}

fn fill(template: &str, f: &MailFacts<'_>) -> String {
    template
        .replace("{number}", f.number)
        .replace("{client}", f.client)
        .replace("{firm}", f.firm)
        .replace("{date}", f.date)
}

/// The subject (one line) and plain-text body of a letter's e-mail in `lang`: the firm's
/// own template for that language, else the built-in one.
pub fn compose(settings: &SmtpSettings, lang: Lang, f: &MailFacts<'_>) -> (String, String) {
    let own = settings.templates.iter().find(|t| t.lang == lang.code());
    let (subject, body) = match own {
        Some(t) => (t.subject.as_str(), t.body.as_str()),
        None => built_in(lang, f.kind),
    };
    (fill(subject, f).replace(['\r', '\n'], " "), fill(body, f))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> SmtpInput {
        SmtpInput {
            host: "mail.example.com".into(),
            security: "starttls".into(),
            from_address: "office@example.com".into(),
            ..Default::default()
        }
    }

    #[test]
    fn settings_are_checked_and_ports_default_by_security() {
        let s = input().validate().unwrap();
        assert_eq!(s.port, 587);
        let bad = SmtpInput {
            host: "mail example".into(),
            port: Some(70_000),
            security: "ssl3".into(),
            from_address: "nobody".into(),
            ca_certificate: "not a pem".into(),
            ..Default::default()
        };
        let e = bad.validate().unwrap_err();
        let fields: Vec<_> = e
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.code))
            .collect();
        assert_eq!(
            fields,
            [
                ("host", "invalid"),
                ("security", "invalid"),
                ("port", "invalid"),
                ("from_address", "email"),
                ("ca_certificate", "invalid")
            ]
        );
    }

    #[test]
    fn subjects_per_language_and_the_firms_own_template() {
        let mut s = input().validate().unwrap();
        let f = MailFacts {
            kind: "demand",
            number: "HL-D-2026-0001",
            client: "Oakridge Foods Ltd",
            firm: "Harper & Lowe LLP",
            date: "3 December 2026",
        };
        let (subject, body) = compose(&s, Lang::En, &f);
        assert_eq!(
            subject,
            "Letter of demand HL-D-2026-0001 · Harper & Lowe LLP"
        );
        assert!(body.contains("HL-D-2026-0001 of 3 December 2026"));
        assert!(compose(&s, Lang::Ru, &f).0.starts_with("Претензия"));
        assert!(compose(&s, Lang::ZhTw, &f).0.starts_with("律師函"));
        s.templates.push(MailTemplate {
            lang: "en".into(),
            subject: "Our ref {number}".into(),
            body: "To {client}".into(),
        });
        assert_eq!(compose(&s, Lang::En, &f).0, "Our ref HL-D-2026-0001");
        assert_eq!(
            compose(&s, Lang::ZhCn, &f).0,
            "律师函 HL-D-2026-0001 · Harper & Lowe LLP"
        );
    }
}
