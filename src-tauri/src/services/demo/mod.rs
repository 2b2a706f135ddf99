//! `demo`: fills an empty data folder with a deterministic synthetic practice.
//! The firm profile, two bank accounts (EUR with an IBAN, RUB with a Russian account, their
//! numbers in the keychain), the client file of `clients` and the fees of `fees`.

pub mod clients;
pub mod fees;
mod names;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::firm::{BankAccountInput, FirmProfileInput};
use crate::domain::secret::Secret;
use crate::domain::{AppError, AppResult, ErrorCode};
use crate::services::core::Core;
use crate::services::firm;

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct DemoCounts {
    pub firm_profile: u32,
    pub bank_accounts: u32,
    pub clients: u64,
    pub matters: u64,
    pub communications: u64,
    pub quotes: u64,
    pub engagements: u64,
    pub invoices: u64,
    pub payments: u64,
}

struct FirmSample {
    name: &'static str,
    address: &'static str,
    licence: &'static str,
    lawyer: &'static str,
    phone: &'static str,
    email: &'static str,
    currency: &'static str,
    language: &'static str,
    prefix: &'static str,
    vat: &'static str,
}

const FIRMS: [FirmSample; 4] = [
    FirmSample {
        name: "北京明理律师事务所",
        address: "北京市朝阳区建国路88号SOHO现代城A座1206室",
        licence: "31110000E12345678X",
        lawyer: "王明",
        phone: "+86 10 8588 6666",
        email: "office@mingli-law.cn",
        currency: "CNY",
        language: "zh-CN",
        prefix: "明理律函",
        vat: "6",
    },
    FirmSample {
        name: "誠信法律事務所",
        address: "臺北市中正區重慶南路一段122號8樓",
        licence: "北律字第12345號",
        lawyer: "林志明",
        phone: "+886 2 2388 1234",
        email: "service@chengxin-law.tw",
        currency: "TWD",
        language: "zh-TW",
        prefix: "誠信字",
        vat: "5",
    },
    FirmSample {
        name: "Адвокатский кабинет Иванова А. С.",
        address: "125009, г. Москва, ул. Тверская, д. 7, оф. 12",
        licence: "Рег. № 77/12345 в реестре адвокатов г. Москвы",
        lawyer: "Иванов Андрей Сергеевич",
        phone: "+7 495 123-45-67",
        email: "ivanov@advokat-ivanov.ru",
        currency: "RUB",
        language: "ru",
        prefix: "ИАС",
        vat: "0",
    },
    FirmSample {
        name: "Harper & Lowe Solicitors",
        address: "14 Chancery Lane, London WC2A 1PL",
        licence: "SRA 612345",
        lawyer: "Eleanor Harper",
        phone: "+44 20 7946 0123",
        email: "office@harperlowe.co.uk",
        currency: "EUR",
        language: "en",
        prefix: "HL",
        vat: "20",
    },
];

/// Fills an empty database: the firm, its accounts, and `clients` clients with matters and
/// communications dated up to `today`, then their fees. Everything is written through the
/// use cases a user's actions run (`firm`, `client_file`, `fees`); the client file and the
/// fees share one transaction, so a large practice is written in one go.
pub fn run(
    core: &Core,
    clients: u64,
    seed: u64,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<DemoCounts> {
    let has_clients = core.db.read(crate::store::clients::count)? > 0;
    if has_clients
        || firm::get_profile(core)?.is_some()
        || !firm::list_bank_accounts(core)?.is_empty()
    {
        return Err(AppError::new(
            ErrorCode::Validation,
            "demo fills only an empty database; this one already has data",
        ));
    }
    set_up_firm(core, &FIRMS[(seed % FIRMS.len() as u64) as usize], now)?;
    let settings = firm::get_fee_settings(core)?;
    let (generated, fees) = core.db.write(|tx| {
        let g = clients::generate(tx, clients, seed, today, now)?;
        let f = fees::generate(tx, &settings, seed, today, now)?;
        Ok((g, f))
    })?;
    Ok(DemoCounts {
        firm_profile: 1,
        bank_accounts: 2,
        clients: generated.clients,
        matters: generated.matters,
        communications: generated.communications,
        quotes: fees.quotes,
        engagements: fees.engagements,
        invoices: fees.invoices,
        payments: fees.payments,
    })
}

/// The firm's profile, its EUR and RUB accounts (numbers in the keychain) and fee settings.
fn set_up_firm(core: &Core, f: &FirmSample, now: DateTime<Utc>) -> AppResult<()> {
    firm::save_profile(
        core,
        &FirmProfileInput {
            name: f.name.into(),
            address: f.address.into(),
            licence_number: f.licence.into(),
            lawyer_name: f.lawyer.into(),
            phone: f.phone.into(),
            email: f.email.into(),
            default_currency: f.currency.into(),
            default_language: f.language.into(),
            letter_prefix: f.prefix.into(),
            logo_base64: None,
        },
        now,
    )?;
    firm::save_bank_account(
        core,
        &BankAccountInput {
            label: "EUR · SEPA".into(),
            currency: "EUR".into(),
            holder: f.name.into(),
            bank_name: "Commerzbank AG".into(),
            bic: "COBADEFFXXX".into(),
            account_number: Some(Secret::new("DE89 3704 0044 0532 0130 00")),
            ..Default::default()
        },
        now,
    )?;
    firm::save_bank_account(
        core,
        &BankAccountInput {
            label: "RUB · Сбербанк".into(),
            currency: "RUB".into(),
            holder: f.name.into(),
            bank_name: "ПАО Сбербанк".into(),
            bic: "044525225".into(),
            correspondent_account: "30101810400000000225".into(),
            account_number: Some(Secret::new("40702810938000012345")),
            online_login: Some(Secret::new("demo-login")),
            ..Default::default()
        },
        now,
    )?;
    firm::save_fee_settings(
        core,
        &crate::domain::fee_settings::FeeSettingsInput {
            vat_percent: f.vat.into(),
            prices_include_vat: false,
            invoice_prefix: "INV".into(),
            payment_terms_days: "14".into(),
        },
        now,
    )?;
    Ok(())
}
