//! The one error type of the core. Every error carries a stable `code` that the UI and
//! scripts branch on (never on the message), an English message for logs and the CLI, and,
//! for validation, one entry per offending field. Messages never contain secret values.

use serde::{Serialize, Serializer};

/// Generates `ErrorCode` from one list: the variants, `as_str`, `ALL` and (below) the
/// serialized form, so the string a variant travels as is written once.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident => $code:literal,)+) => {
        /// Stable error codes. The string forms are a public interface (UI catalogs, CLI JSON).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)+
        }

        impl ErrorCode {
            /// Every code, in declaration order (the catalog test walks it).
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)+
                }
            }
        }
    };
}

error_codes! {
    /// One or more fields are invalid; see `fields`.
    Validation => "validation",
    CurrencyMismatch => "money.currency_mismatch",
    UnknownCurrency => "money.unknown_currency",
    InvalidAmount => "money.invalid_amount",
    NotFound => "not_found",
    DatabaseNewer => "store.newer_schema",
    NotLawdeskDatabase => "store.not_lawdesk",
    /// The database file itself is damaged (integrity check, unreadable pages).
    DatabaseCorrupt => "store.corrupt",
    /// One stored value does not parse (an amount, date, status…). The message names the
    /// table, column and row id, never the value.
    StoredValueCorrupt => "database.corrupt",
    DatabaseBusy => "store.busy",
    MigrationFailed => "store.migration_failed",
    Database => "store.error",
    /// The database is encrypted and this computer's keychain holds no key for it.
    DatabaseKeyMissing => "store.key_missing",
    /// The key in the keychain does not open the encrypted database.
    DatabaseKeyWrong => "store.key_wrong",
    /// The recovery key given does not open this data folder's database.
    RecoveryKeyWrongForFolder => "store.recovery_key_wrong",
    /// A plain database could not be encrypted safely; it was left as it was.
    DatabaseEncryptionFailed => "store.encryption_failed",
    KeychainUnavailable => "keychain.unavailable",
    KeychainMissing => "keychain.missing",
    DataDir => "data_dir",
    Io => "io",
    Internal => "internal",
    BackupNotABackup => "backup.not_a_backup",
    BackupDamaged => "backup.damaged",
    BackupNewer => "backup.newer",
    BackupWrongKey => "backup.wrong_key",
    BackupKeyNeeded => "backup.key_needed",
    BackupTargetNotEmpty => "backup.target_not_empty",
    BackupPracticeNotNew => "backup.practice_not_new",
    AppBusy => "app.busy",
    BackupDiskFull => "backup.disk_full",
    BackupVerificationFailed => "backup.verification_failed",
    RecoveryKeyShown => "backup.recovery_key_shown",
    /// Neither a printer nor a PDF viewer could be reached; `fields` say which is missing.
    PrintUnavailable => "print.unavailable",
    /// A rate table has no rate for a day the rule needs (before its first row).
    InterestNoRate => "interest.no_rate",
    /// A new rate row falls on or before a date the table already covers.
    InterestRateOverlap => "interest.rate_overlap",
    /// A new rate row would leave a half-year without a rate.
    InterestRateGap => "interest.rate_gap",
    /// The statutory rule is for debts in another currency.
    InterestCurrency => "interest.currency",
    /// The rule applies between businesses only (UK Act 1998, Directive 2011/7/EU, L441-10).
    InterestBusinessOnly => "interest.business_only",
    /// ГК РФ ст. 395 п. 4: not together with a contractual penalty.
    InterestNotWithPenalty => "interest.not_with_penalty",
    /// No SMTP server is set up in the firm settings.
    MailNotConfigured => "mail.not_configured",
    /// The SMTP server could not be reached (name, port, network, time-out).
    MailUnreachable => "mail.unreachable",
    /// The TLS handshake failed or the server's certificate is not trusted.
    MailTls => "mail.tls",
    /// The SMTP server refused the login (user name or password).
    MailLoginRejected => "mail.login_rejected",
    /// The SMTP server refused the recipient's address.
    MailRecipientRefused => "mail.recipient_refused",
    /// The SMTP server refused the message (nothing was sent).
    MailRefused => "mail.refused",
    /// The window is locked (app lock): no client data until the password is entered.
    AppLocked => "app.locked",
    /// The app-lock password entered to unlock was wrong.
    WrongPassword => "app.wrong_password",
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Every field code the core gives (`AppError::field`, `Validator::push`, the
/// `Result<_, &'static str>` validators). The UI translates each as `field.<code>`;
/// `tests/architecture.rs` checks that the source uses no other and that all four catalogs
/// have them.
pub const FIELD_CODES: &[&str] = &[
    "account_number",
    "account_ru",
    "already_done",
    "already_invoiced",
    "already_reversed",
    "ambiguous_amount",
    "amount",
    "amount_positive",
    "amount_precision",
    "amount_too_large",
    "arrangement_active",
    "arrangement_ended",
    "backup_folder",
    "before_debt",
    "beyond_open_amount",
    "beyond_payment",
    "bic",
    "binary_file",
    "cancel_paid",
    "cell_too_long",
    "client_kind",
    "comm_kind",
    "complaint_closed",
    "confirm_required",
    "control_chars",
    "correspondent_account",
    "currency",
    "currency_mismatch",
    "date",
    "date_order",
    "date_range",
    "datetime",
    "day_count",
    "days",
    "debtor_kind",
    "direction",
    "dispatch_too_early",
    "dispatch_via",
    "dispute_forum",
    "email",
    "factor",
    "file_exists",
    "file_too_large",
    "file_unreadable",
    "firm_profile_missing",
    "folder_missing",
    "future_date",
    "grade",
    "hold_reason",
    "hold_released",
    "iban",
    "iban_checksum",
    "idle_minutes",
    "image_corrupt",
    "image_dimensions",
    "image_too_large",
    "image_type",
    "import_too_large",
    "inside_data_folder",
    "instalments",
    "interest_rule",
    "invalid",
    "invoice_client",
    "invoice_closed",
    "invoice_prefix",
    "invoice_settled",
    "invoiced_item",
    "ladder_action",
    "ladder_channel",
    "ladder_order",
    "ladder_size",
    "language",
    "late_rule",
    "latin_prefix",
    "letter_detail_missing",
    "letter_details_missing",
    "letter_kind",
    "letter_prefix",
    "letter_stage",
    "line_kind",
    "mapping_duplicate",
    "mapping_header",
    "mapping_length",
    "mapping_name",
    "mapping_syntax",
    "matter_client",
    "multiplier",
    "multiplier_range",
    "no_cups",
    "no_late_terms",
    "no_open_debt",
    "no_printer",
    "no_viewer",
    "not_for_rule",
    "not_a_file",
    "not_found",
    "not_xlsx",
    "nothing_overdue",
    "number",
    "open_balance",
    "open_matter",
    "paper",
    "password_mismatch",
    "password_short",
    "password_wrong",
    "payment_method",
    "pdf_name",
    "percent",
    "phone",
    "plan_kind",
    "plan_total",
    "quantity",
    "quote_client",
    "quote_closed",
    "quote_expired",
    "quote_status",
    "rate_range",
    "recovery_key",
    "relation",
    "request_key_reused",
    "required",
    "retention_running",
    "retention_years",
    "role",
    "score",
    "secret_name",
    "stage_code",
    "stage_days",
    "stage_duplicate",
    "status",
    "template_syntax",
    "too_long",
    "too_many_cells",
    "too_many_columns",
    "too_many_decimals",
    "too_many_rows",
    "unknown_field",
    "unknown_placeholder",
];

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
        debug_assert!(
            FIELD_CODES.contains(&code),
            "field code {code} is not in FIELD_CODES"
        );
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
        for &code in ErrorCode::ALL {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, code.as_str());
        }
        assert_eq!(
            serde_json::to_value(ErrorCode::StoredValueCorrupt).unwrap(),
            "database.corrupt"
        );
    }

    #[test]
    fn codes_are_unique() {
        let codes: std::collections::BTreeSet<_> =
            ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(codes.len(), ErrorCode::ALL.len());
        let fields: std::collections::BTreeSet<_> = FIELD_CODES.iter().collect();
        assert_eq!(fields.len(), FIELD_CODES.len());
    }
}
