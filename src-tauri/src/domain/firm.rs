//! The firm profile (letterhead, defaults) and the firm's bank accounts.
//! Sensitive parts of an account (its number, online-banking login and token) are `Secret`s:
//! validated here, stored by the services in the OS keychain, never in the database.

use serde::{Deserialize, Serialize};

use super::bank;
use super::error::{AppResult, Validator};
use super::ids::BankAccountId;
use super::lang::Lang;
use super::money::Currency;
use super::secret::Secret;
use super::text;

/// Largest logo accepted, in bytes and pixels per side.
pub const LOGO_MAX_BYTES: usize = 2 * 1024 * 1024;
pub const LOGO_MAX_SIDE: u32 = 4000;

/// The firm profile as the Settings form sends it. `logo_base64`: absent keeps the logo,
/// an empty string removes it, anything else replaces it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirmProfileInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub licence_number: String,
    #[serde(default)]
    pub lawyer_name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub default_currency: String,
    #[serde(default)]
    pub default_language: String,
    #[serde(default)]
    pub letter_prefix: String,
    #[serde(default)]
    pub logo_base64: Option<String>,
}

/// A validated firm profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FirmProfile {
    pub name: String,
    pub address: String,
    pub licence_number: String,
    pub lawyer_name: String,
    pub phone: String,
    pub email: String,
    pub default_currency: Currency,
    pub default_language: Lang,
    pub letter_prefix: String,
}

/// What to do with the stored logo.
#[derive(Debug, Clone, PartialEq)]
pub enum LogoChange {
    Keep,
    Remove,
    Set(Logo),
}

/// A validated letterhead logo.
#[derive(Clone, PartialEq)]
pub struct Logo {
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Logo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Logo({}, {}x{}, {} bytes)",
            self.mime,
            self.width,
            self.height,
            self.bytes.len()
        )
    }
}

/// Validates a logo from its bytes: PNG or JPEG that decodes completely, within size limits.
pub fn validate_logo(bytes: Vec<u8>) -> Result<Logo, &'static str> {
    if bytes.len() > LOGO_MAX_BYTES {
        return Err("image_too_large");
    }
    let format = image::guess_format(&bytes).map_err(|_| "image_type")?;
    let mime = match format {
        image::ImageFormat::Png => "image/png",
        image::ImageFormat::Jpeg => "image/jpeg",
        _ => return Err("image_type"),
    };
    let decoded =
        image::load_from_memory_with_format(&bytes, format).map_err(|_| "image_corrupt")?;
    let (width, height) = (decoded.width(), decoded.height());
    if width == 0 || height == 0 || width > LOGO_MAX_SIDE || height > LOGO_MAX_SIDE {
        return Err("image_dimensions");
    }
    Ok(Logo {
        mime,
        width,
        height,
        bytes,
    })
}

impl FirmProfileInput {
    /// Validates every field at once, so the form can show all errors together.
    pub fn validate(&self) -> AppResult<(FirmProfile, LogoChange)> {
        use base64::Engine;
        let mut v = Validator::default();
        let name = v.check("name", text::text(&self.name, 200, true));
        let address = v.check("address", text::text(&self.address, 500, false));
        let licence_number = v.check(
            "licence_number",
            text::text(&self.licence_number, 100, false),
        );
        let lawyer_name = v.check("lawyer_name", text::text(&self.lawyer_name, 200, false));
        let phone = v.check("phone", text::phone(&self.phone));
        let email = v.check("email", text::email(&self.email));
        let default_currency = v.check(
            "default_currency",
            Currency::parse(&self.default_currency).map_err(|_| "currency"),
        );
        let default_language = v.check(
            "default_language",
            Lang::parse(&self.default_language).ok_or("language"),
        );
        let letter_prefix = v.check("letter_prefix", letter_prefix(&self.letter_prefix));
        let logo = match self.logo_base64.as_deref() {
            None => Some(LogoChange::Keep),
            Some(s) if s.trim().is_empty() => Some(LogoChange::Remove),
            Some(s) => {
                let payload = s.split_once("base64,").map(|(_, p)| p).unwrap_or(s);
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(payload.trim())
                    .map_err(|_| "image_type");
                v.check("logo", bytes.and_then(validate_logo))
                    .map(LogoChange::Set)
            }
        };
        v.finish()?;
        // Every `check` above succeeded when `finish` did.
        let profile = FirmProfile {
            name: name.unwrap_or_default(),
            address: address.unwrap_or_default(),
            licence_number: licence_number.unwrap_or_default(),
            lawyer_name: lawyer_name.unwrap_or_default(),
            phone: phone.unwrap_or_default(),
            email: email.unwrap_or_default(),
            default_currency: default_currency.expect("validated"),
            default_language: default_language.expect("validated"),
            letter_prefix: letter_prefix.unwrap_or_default(),
        };
        Ok((profile, logo.unwrap_or(LogoChange::Keep)))
    }
}

/// A letter-number prefix such as `JX-LAW` or `京律函`: up to 20 characters, no spaces or
/// path separators (it becomes part of file names).
pub fn letter_prefix(value: &str) -> Result<String, &'static str> {
    let v = text::text(value, 20, false)?;
    if v.chars()
        .any(|c| c.is_whitespace() || "/\\:*?\"<>|".contains(c))
    {
        return Err("letter_prefix");
    }
    Ok(v)
}

/// A bank account as the Settings form sends it. For an existing account (`id` set), an
/// absent secret keeps what the keychain holds; an empty login or token removes it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankAccountInput {
    #[serde(default)]
    pub id: Option<BankAccountId>,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub holder: String,
    #[serde(default)]
    pub bank_name: String,
    #[serde(default)]
    pub bic: String,
    #[serde(default)]
    pub correspondent_account: String,
    #[serde(default)]
    pub account_number: Option<Secret>,
    #[serde(default)]
    pub online_login: Option<Secret>,
    #[serde(default)]
    pub online_token: Option<Secret>,
}

/// The non-secret part of a validated bank account, as stored in the database.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BankAccount {
    pub label: String,
    pub currency: Currency,
    pub holder: String,
    pub bank_name: String,
    pub bic: String,
    pub correspondent_account: String,
}

/// What to do with one keychain entry of an account.
#[derive(Debug, Clone, PartialEq)]
pub enum SecretChange {
    Keep,
    Remove,
    Set(Secret),
}

/// A validated bank account and the keychain changes it asks for.
#[derive(Debug)]
pub struct BankAccountChange {
    pub account: BankAccount,
    pub account_number: SecretChange,
    pub online_login: SecretChange,
    pub online_token: SecretChange,
}

impl BankAccountInput {
    pub fn validate(&self) -> AppResult<BankAccountChange> {
        let mut v = Validator::default();
        let label = v.check("label", text::text(&self.label, 100, true));
        let currency = v.check(
            "currency",
            Currency::parse(&self.currency).map_err(|_| "currency"),
        );
        let holder = v.check("holder", text::text(&self.holder, 200, true));
        let bank_name = v.check("bank_name", text::text(&self.bank_name, 200, true));
        let bic = v.check("bic", bank::bic(&self.bic));
        let correspondent_account = v.check(
            "correspondent_account",
            bank::correspondent_account(&self.correspondent_account),
        );
        let is_new = self.id.is_none();
        let code = currency.map(|c| c.code().to_string()).unwrap_or_default();
        let account_number = match &self.account_number {
            None if is_new => {
                v.push("account_number", "required");
                SecretChange::Keep
            }
            None => SecretChange::Keep,
            Some(s) => match bank::account_number(s.expose(), &code) {
                Ok(clean) => SecretChange::Set(Secret::new(clean)),
                Err(e) => {
                    v.push("account_number", e);
                    SecretChange::Keep
                }
            },
        };
        let online_login = secret_change(&mut v, "online_login", &self.online_login);
        let online_token = secret_change(&mut v, "online_token", &self.online_token);
        v.finish()?;
        Ok(BankAccountChange {
            account: BankAccount {
                label: label.unwrap_or_default(),
                currency: currency.expect("validated"),
                holder: holder.unwrap_or_default(),
                bank_name: bank_name.unwrap_or_default(),
                bic: bic.unwrap_or_default(),
                correspondent_account: correspondent_account.unwrap_or_default(),
            },
            account_number,
            online_login,
            online_token,
        })
    }
}

fn secret_change(v: &mut Validator, field: &str, value: &Option<Secret>) -> SecretChange {
    match value {
        None => SecretChange::Keep,
        Some(s) if s.is_empty() => SecretChange::Remove,
        Some(s) if s.expose().chars().count() > 4096 => {
            v.push(field, "too_long");
            SecretChange::Keep
        }
        Some(s) => SecretChange::Set(s.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::error::ErrorCode;

    fn valid_profile() -> FirmProfileInput {
        FirmProfileInput {
            name: "金杜律师事务所".into(),
            default_currency: "cny".into(),
            default_language: "zh-CN".into(),
            email: "office@firm.cn".into(),
            ..Default::default()
        }
    }

    #[test]
    fn profile_reports_all_bad_fields_at_once() {
        let input = FirmProfileInput {
            name: " ".into(),
            email: "not-an-email".into(),
            default_currency: "XXX".into(),
            default_language: "de".into(),
            letter_prefix: "a b".into(),
            ..Default::default()
        };
        let err = input.validate().unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation);
        let fields: Vec<_> = err
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.code))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("name", "required"),
                ("email", "email"),
                ("default_currency", "currency"),
                ("default_language", "language"),
                ("letter_prefix", "letter_prefix"),
            ]
        );
    }

    #[test]
    fn profile_normalizes() {
        let (p, logo) = valid_profile().validate().unwrap();
        assert_eq!(p.default_currency.code(), "CNY");
        assert_eq!(p.default_language, Lang::ZhCn);
        assert_eq!(logo, LogoChange::Keep);
    }

    #[test]
    fn logo_must_be_a_real_image() {
        let mut input = valid_profile();
        input.logo_base64 = Some("aGVsbG8gd29ybGQ=".into()); // "hello world"
        let err = input.validate().unwrap_err();
        assert_eq!(err.fields[0].field, "logo");
        assert_eq!(err.fields[0].code, "image_type");

        let mut png = Vec::new();
        image::RgbaImage::from_pixel(3, 2, image::Rgba([0, 0, 0, 255]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let logo = validate_logo(png.clone()).unwrap();
        assert_eq!((logo.mime, logo.width, logo.height), ("image/png", 3, 2));
        // A truncated PNG is caught by decoding, not just by its signature.
        assert_eq!(
            validate_logo(png[..png.len() - 20].to_vec()).unwrap_err(),
            "image_corrupt"
        );
    }

    #[test]
    fn new_bank_account_needs_a_valid_number() {
        let input = BankAccountInput {
            label: "EUR".into(),
            currency: "EUR".into(),
            holder: "Kanzlei".into(),
            bank_name: "Commerzbank".into(),
            bic: "COBADEFFXXX".into(),
            ..Default::default()
        };
        let err = input.validate().unwrap_err();
        assert_eq!(err.fields[0].field, "account_number");
        assert_eq!(err.fields[0].code, "required");
        let mut ok = input.clone();
        ok.account_number = Some(Secret::new("DE89 3704 0044 0532 0130 00"));
        let change = ok.validate().unwrap();
        assert_eq!(
            change.account_number,
            SecretChange::Set(Secret::new("DE89370400440532013000"))
        );
        // The error message never echoes the secret.
        let mut bad = input;
        bad.account_number = Some(Secret::new("DE89 3704 0044 0532 0130 01"));
        let err = bad.validate().unwrap_err();
        assert!(!err.message.contains("0532"));
        assert_eq!(err.fields[0].code, "iban_checksum");
    }
}
