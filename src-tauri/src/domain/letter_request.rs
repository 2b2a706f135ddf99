//! What to write: a letter's kind, its subject, language, paper and day, as the window and
//! the CLI ask for it.

use serde::{Deserialize, Serialize};

/// What to write: `kind` and the id of its subject (a quote, a payment, or a client).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LetterRequest {
    pub kind: String,
    pub id: i64,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub paper: Option<String>,
    #[serde(default)]
    pub as_of: Option<String>,
    /// Write even though required legal details are missing (they print as blanks).
    #[serde(default)]
    pub allow_missing: bool,
    /// Overdue invoices a dunning letter leaves out (held: disputed, under an arrangement).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude_invoices: Vec<i64>,
}
