//! The one error type of the core. Every error carries a stable `code` that the UI and
//! scripts branch on (never on the message), an English message for logs and the CLI, and,
//! for validation, one entry per offending field. Messages never contain secret values.

use serde::Serialize;

/// Stable error codes. The string forms are a public interface (UI catalogs, CLI JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ErrorCode {
    /// One or more fields are invalid; see `fields`.
    #[serde(rename = "validation")]
    Validation,
    #[serde(rename = "money.currency_mismatch")]
    CurrencyMismatch,
    #[serde(rename = "money.unknown_currency")]
    UnknownCurrency,
    #[serde(rename = "money.invalid_amount")]
    InvalidAmount,
    #[serde(rename = "not_found")]
    NotFound,
    #[serde(rename = "store.newer_schema")]
    DatabaseNewer,
    #[serde(rename = "store.not_lawdesk")]
    NotLawdeskDatabase,
    #[serde(rename = "store.corrupt")]
    DatabaseCorrupt,
    #[serde(rename = "store.busy")]
    DatabaseBusy,
    #[serde(rename = "store.migration_failed")]
    MigrationFailed,
    #[serde(rename = "store.error")]
    Database,
    #[serde(rename = "keychain.unavailable")]
    KeychainUnavailable,
    #[serde(rename = "keychain.missing")]
    KeychainMissing,
    #[serde(rename = "backup.not_a_backup")]
    BackupNotABackup,
    #[serde(rename = "backup.damaged")]
    BackupDamaged,
    #[serde(rename = "backup.newer")]
    BackupNewer,
    #[serde(rename = "backup.wrong_key")]
    BackupWrongKey,
    #[serde(rename = "backup.key_needed")]
    BackupKeyNeeded,
    #[serde(rename = "backup.target_not_empty")]
    BackupTargetNotEmpty,
    #[serde(rename = "backup.disk_full")]
    BackupDiskFull,
    #[serde(rename = "backup.verification_failed")]
    BackupVerificationFailed,
    #[serde(rename = "backup.recovery_key_shown")]
    RecoveryKeyShown,
    #[serde(rename = "data_dir")]
    DataDir,
    #[serde(rename = "io")]
    Io,
    /// Neither a printer nor a PDF viewer could be reached; `fields` say which is missing.
    #[serde(rename = "print.unavailable")]
    PrintUnavailable,
    #[serde(rename = "internal")]
    Internal,
    /// A rate table has no rate for a day the rule needs (before its first row).
    #[serde(rename = "interest.no_rate")]
    InterestNoRate,
    /// A new rate row falls on or before a date the table already covers.
    #[serde(rename = "interest.rate_overlap")]
    InterestRateOverlap,
    /// A new rate row would leave a half-year without a rate.
    #[serde(rename = "interest.rate_gap")]
    InterestRateGap,
    /// The statutory rule is for debts in another currency.
    #[serde(rename = "interest.currency")]
    InterestCurrency,
    /// The rule applies between businesses only (UK Act 1998, Directive 2011/7/EU, L441-10).
    #[serde(rename = "interest.business_only")]
    InterestBusinessOnly,
    /// ГК РФ ст. 395 п. 4: not together with a contractual penalty.
    #[serde(rename = "interest.not_with_penalty")]
    InterestNotWithPenalty,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Validation => "validation",
            ErrorCode::CurrencyMismatch => "money.currency_mismatch",
            ErrorCode::UnknownCurrency => "money.unknown_currency",
            ErrorCode::InvalidAmount => "money.invalid_amount",
            ErrorCode::NotFound => "not_found",
            ErrorCode::DatabaseNewer => "store.newer_schema",
            ErrorCode::NotLawdeskDatabase => "store.not_lawdesk",
            ErrorCode::DatabaseCorrupt => "store.corrupt",
            ErrorCode::DatabaseBusy => "store.busy",
            ErrorCode::MigrationFailed => "store.migration_failed",
            ErrorCode::Database => "store.error",
            ErrorCode::KeychainUnavailable => "keychain.unavailable",
            ErrorCode::KeychainMissing => "keychain.missing",
            ErrorCode::BackupNotABackup => "backup.not_a_backup",
            ErrorCode::BackupDamaged => "backup.damaged",
            ErrorCode::BackupNewer => "backup.newer",
            ErrorCode::BackupWrongKey => "backup.wrong_key",
            ErrorCode::BackupKeyNeeded => "backup.key_needed",
            ErrorCode::BackupTargetNotEmpty => "backup.target_not_empty",
            ErrorCode::BackupDiskFull => "backup.disk_full",
            ErrorCode::BackupVerificationFailed => "backup.verification_failed",
            ErrorCode::RecoveryKeyShown => "backup.recovery_key_shown",
            ErrorCode::DataDir => "data_dir",
            ErrorCode::Io => "io",
            ErrorCode::PrintUnavailable => "print.unavailable",
            ErrorCode::Internal => "internal",
            ErrorCode::InterestNoRate => "interest.no_rate",
            ErrorCode::InterestRateOverlap => "interest.rate_overlap",
            ErrorCode::InterestRateGap => "interest.rate_gap",
            ErrorCode::InterestCurrency => "interest.currency",
            ErrorCode::InterestBusinessOnly => "interest.business_only",
            ErrorCode::InterestNotWithPenalty => "interest.not_with_penalty",
        }
    }
}

/// One invalid field: its name as the UI form and the CLI JSON spell it, and a code from the
/// catalogs' `field.*` section (`required`, `too_long`, `email`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    pub fn not_found(what: &str) -> Self {
        AppError::new(ErrorCode::NotFound, format!("{what} was not found"))
    }

    pub fn internal(message: impl Into<String>) -> Self {
        AppError::new(ErrorCode::Internal, message)
    }

    /// A validation error for a single field.
    pub fn field(field: &str, code: &'static str) -> Self {
        let mut v = Validator::default();
        v.push(field, code);
        v.finish().unwrap_err()
    }
}

/// Collects field errors so a form reports all of them at once.
#[derive(Debug, Default)]
pub struct Validator {
    fields: Vec<FieldError>,
}

impl Validator {
    pub fn push(&mut self, field: &str, code: &'static str) {
        self.fields.push(FieldError {
            field: field.to_string(),
            code,
        });
    }

    /// Records `result`'s error code against `field` and gives back the value on success.
    pub fn check<T>(&mut self, field: &str, result: Result<T, &'static str>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(code) => {
                self.push(field, code);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn finish(self) -> AppResult<()> {
        if self.fields.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = self
            .fields
            .iter()
            .map(|f| format!("{} ({})", f.field, f.code))
            .collect();
        Err(AppError {
            code: ErrorCode::Validation,
            message: format!("Please correct: {}", list.join(", ")),
            fields: self.fields,
        })
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        AppError::new(ErrorCode::Io, format!("File error: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validator_collects_every_field() {
        let mut v = Validator::default();
        v.push("name", "required");
        v.push("email", "email");
        let err = v.finish().unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation);
        assert_eq!(err.fields.len(), 2);
        assert_eq!(err.fields[1].field, "email");
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["code"], "validation");
        assert_eq!(json["fields"][0]["code"], "required");
    }

    #[test]
    fn code_strings_match_serde() {
        for code in [
            ErrorCode::Validation,
            ErrorCode::CurrencyMismatch,
            ErrorCode::DatabaseNewer,
            ErrorCode::KeychainUnavailable,
            ErrorCode::BackupWrongKey,
            ErrorCode::RecoveryKeyShown,
            ErrorCode::Internal,
        ] {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, code.as_str());
        }
    }
}
