//! The `firm_profile` row and the `bank_accounts` table.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use super::database::{currency_column, sql_error};
use crate::domain::firm::{BankAccount, FirmProfile, Logo, LogoChange};
use crate::domain::ids::BankAccountId;
use crate::domain::lang::Lang;
use crate::domain::money::Currency;
use crate::domain::{AppError, AppResult, ErrorCode};

/// A stored firm profile with its logo.
#[derive(Debug, Clone)]
pub struct StoredProfile {
    pub profile: FirmProfile,
    pub logo: Option<(String, Vec<u8>)>,
    pub updated_at: String,
}

fn corrupt(what: &str) -> AppError {
    AppError::new(
        ErrorCode::DatabaseCorrupt,
        format!("A stored {what} is invalid; the database may be damaged"),
    )
}

pub fn get_profile(conn: &Connection) -> AppResult<Option<StoredProfile>> {
    let row = conn
        .query_row(
            "SELECT name, address, licence_number, lawyer_name, phone, email, default_currency,
                    default_language, letter_prefix, logo, logo_mime, updated_at
             FROM firm_profile WHERE id = 1",
            [],
            |r| {
                Ok((
                    [
                        r.get::<_, String>(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                    ],
                    r.get::<_, Option<Vec<u8>>>(9)?,
                    r.get::<_, Option<String>>(10)?,
                    r.get::<_, String>(11)?,
                ))
            },
        )
        .optional()
        .map_err(sql_error)?;
    let Some((f, logo, mime, updated_at)) = row else {
        return Ok(None);
    };
    let [name, address, licence_number, lawyer_name, phone, email, cur, lang, letter_prefix] = f;
    let profile = FirmProfile {
        name,
        address,
        licence_number,
        lawyer_name,
        phone,
        email,
        default_currency: Currency::parse(&cur).map_err(|_| corrupt("currency"))?,
        default_language: Lang::parse(&lang).ok_or_else(|| corrupt("language"))?,
        letter_prefix,
    };
    Ok(Some(StoredProfile {
        profile,
        logo: logo.zip(mime).map(|(b, m)| (m, b)),
        updated_at,
    }))
}

pub fn save_profile(
    conn: &Connection,
    p: &FirmProfile,
    logo: &LogoChange,
    now: DateTime<Utc>,
) -> AppResult<()> {
    conn.execute(
        "INSERT INTO firm_profile(id, name, address, licence_number, lawyer_name, phone, email,
                                  default_currency, default_language, letter_prefix, updated_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT(id) DO UPDATE SET
            name = excluded.name, address = excluded.address,
            licence_number = excluded.licence_number, lawyer_name = excluded.lawyer_name,
            phone = excluded.phone, email = excluded.email,
            default_currency = excluded.default_currency,
            default_language = excluded.default_language,
            letter_prefix = excluded.letter_prefix, updated_at = excluded.updated_at",
        params![
            p.name,
            p.address,
            p.licence_number,
            p.lawyer_name,
            p.phone,
            p.email,
            p.default_currency.code(),
            p.default_language.code(),
            p.letter_prefix,
            now.to_rfc3339()
        ],
    )
    .map_err(sql_error)?;
    match logo {
        LogoChange::Keep => {}
        LogoChange::Remove => {
            conn.execute(
                "UPDATE firm_profile SET logo = NULL, logo_mime = NULL WHERE id = 1",
                [],
            )
            .map_err(sql_error)?;
        }
        LogoChange::Set(Logo { mime, bytes, .. }) => {
            conn.execute(
                "UPDATE firm_profile SET logo = ?1, logo_mime = ?2 WHERE id = 1",
                params![bytes, mime],
            )
            .map_err(sql_error)?;
        }
    }
    Ok(())
}

/// A bank account as stored: no secret, only its mask and presence flags.
#[derive(Debug, Clone, Serialize)]
pub struct StoredBankAccount {
    pub id: BankAccountId,
    #[serde(flatten)]
    pub account: BankAccount,
    pub account_mask: String,
    pub has_online_login: bool,
    pub has_online_token: bool,
    pub updated_at: String,
}

const ACCOUNT_COLUMNS: &str = "id, label, currency, holder, bank_name, bic, correspondent_account,
     account_mask, has_online_login, has_online_token, updated_at";

fn account_from_row(r: &Row<'_>) -> rusqlite::Result<StoredBankAccount> {
    Ok(StoredBankAccount {
        id: BankAccountId(r.get(0)?),
        account: BankAccount {
            label: r.get(1)?,
            currency: currency_column(r, 2)?,
            holder: r.get(3)?,
            bank_name: r.get(4)?,
            bic: r.get(5)?,
            correspondent_account: r.get(6)?,
        },
        account_mask: r.get(7)?,
        has_online_login: r.get(8)?,
        has_online_token: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

pub fn list_accounts(conn: &Connection) -> AppResult<Vec<StoredBankAccount>> {
    let sql = format!(
        "SELECT {ACCOUNT_COLUMNS} FROM bank_accounts WHERE archived_at IS NULL ORDER BY id"
    );
    let mut st = conn.prepare(&sql).map_err(sql_error)?;
    let rows = st.query_map([], account_from_row).map_err(sql_error)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(sql_error)
}

pub fn get_account(conn: &Connection, id: BankAccountId) -> AppResult<StoredBankAccount> {
    let sql = format!(
        "SELECT {ACCOUNT_COLUMNS} FROM bank_accounts WHERE id = ?1 AND archived_at IS NULL"
    );
    conn.query_row(&sql, [id.0], account_from_row)
        .optional()
        .map_err(sql_error)?
        .ok_or_else(|| AppError::not_found("The bank account"))
}

/// An account as stored, archived or not: a letter about a past payment names the account
/// the money came into even after the firm stopped using it. Accounts are never deleted.
pub fn get_account_ever(conn: &Connection, id: BankAccountId) -> AppResult<StoredBankAccount> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM bank_accounts WHERE id = ?1");
    conn.query_row(&sql, [id.0], account_from_row)
        .optional()
        .map_err(sql_error)?
        .ok_or_else(|| AppError::not_found("The bank account"))
}

pub fn insert_account(
    conn: &Connection,
    a: &BankAccount,
    now: DateTime<Utc>,
) -> AppResult<BankAccountId> {
    conn.execute(
        "INSERT INTO bank_accounts(label, currency, holder, bank_name, bic, correspondent_account,
                                   created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![
            a.label,
            a.currency.code(),
            a.holder,
            a.bank_name,
            a.bic,
            a.correspondent_account,
            now.to_rfc3339()
        ],
    )
    .map_err(sql_error)?;
    Ok(BankAccountId(conn.last_insert_rowid()))
}

pub fn update_account(
    conn: &Connection,
    id: BankAccountId,
    a: &BankAccount,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let n = conn
        .execute(
            "UPDATE bank_accounts SET label = ?2, currency = ?3, holder = ?4, bank_name = ?5, bic = ?6,
                    correspondent_account = ?7, updated_at = ?8
             WHERE id = ?1 AND archived_at IS NULL",
            params![id.0, a.label, a.currency.code(), a.holder, a.bank_name, a.bic, a.correspondent_account, now.to_rfc3339()],
        )
        .map_err(sql_error)?;
    if n == 0 {
        return Err(AppError::not_found("The bank account"));
    }
    Ok(())
}

/// Records what the keychain now holds for the account (mask and flags, never values).
pub fn set_account_secret_state(
    conn: &Connection,
    id: BankAccountId,
    account_mask: Option<&str>,
    has_login: bool,
    has_token: bool,
) -> AppResult<()> {
    conn.execute(
        "UPDATE bank_accounts SET account_mask = COALESCE(?2, account_mask),
                has_online_login = ?3, has_online_token = ?4 WHERE id = ?1",
        params![id.0, account_mask, has_login, has_token],
    )
    .map_err(sql_error)?;
    Ok(())
}

/// Archives an account: it leaves every list, but documents that named it still resolve.
pub fn archive_account(conn: &Connection, id: BankAccountId, now: DateTime<Utc>) -> AppResult<()> {
    let n = conn
        .execute(
            "UPDATE bank_accounts SET archived_at = ?2, has_online_login = 0, has_online_token = 0
             WHERE id = ?1 AND archived_at IS NULL",
            params![id.0, now.to_rfc3339()],
        )
        .map_err(sql_error)?;
    if n == 0 {
        return Err(AppError::not_found("The bank account"));
    }
    Ok(())
}

/// The firm's fee defaults (stored on the profile row; defaults before a profile exists).
pub fn get_fee_settings(conn: &Connection) -> AppResult<crate::domain::fee_settings::FeeSettings> {
    use crate::domain::fee_settings::FeeSettings;
    let row = conn
        .query_row(
            "SELECT vat_percent, prices_include_vat, invoice_prefix, payment_terms_days
             FROM firm_profile WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, bool>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            },
        )
        .optional()
        .map_err(sql_error)?;
    let Some((vat, inclusive, prefix, days)) = row else {
        return Ok(FeeSettings::default());
    };
    Ok(FeeSettings {
        vat_percent: vat.parse().map_err(|_| corrupt("VAT rate"))?,
        prices_include_vat: inclusive,
        invoice_prefix: prefix,
        payment_terms_days: days,
    })
}

pub fn set_fee_settings(
    conn: &Connection,
    s: &crate::domain::fee_settings::FeeSettings,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let n = conn
        .execute(
            "UPDATE firm_profile SET vat_percent = ?1, prices_include_vat = ?2, invoice_prefix = ?3,
                    payment_terms_days = ?4, updated_at = ?5 WHERE id = 1",
            params![
                s.vat_percent.normalize().to_string(),
                s.prices_include_vat,
                s.invoice_prefix,
                s.payment_terms_days,
                now.to_rfc3339()
            ],
        )
        .map_err(sql_error)?;
    if n == 0 {
        return Err(AppError::not_found("The firm profile"));
    }
    Ok(())
}
