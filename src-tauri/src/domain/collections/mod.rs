//! Collections as pure rules: the firm's dunning ladder, holds, payment arrangements, the
//! debtor's written acknowledgments (`acknowledgment`), and
//! which action is due for a client on a day (`plan`). No I/O; "today" is a parameter.

pub mod acknowledgment;
pub mod arrangement;
pub mod clocks;
pub mod hold;
pub mod ladder;
pub mod plan;
pub mod texts;

use serde::{Deserialize, Serialize};

/// One due action the lawyer confirmed (client and stage, as listed by `due`).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Pick {
    pub client_id: i64,
    pub stage: String,
}
