//! `lawdesk-cli firm …`, `bank …`, `secret …` and `audit …`: the practice's settings, its
//! keychain entries and the audit trail, adapters over `requests::practice` and
//! `requests::security`.

use serde_json::json;

use super::{ask, read_json, read_stdin, to_json};
use super::{AuditCommand, BankCommand, FirmCommand, SecretCommand};
use crate::domain::ids::BankAccountId;
use crate::domain::secret::Secret;
use crate::domain::AppResult;
use crate::requests::practice::*;
use crate::requests::security::{
    audit_error, AuditEntries, DeleteSecret, ListSecrets, SetSecret, VerifyAuditTrail,
};
use crate::requests::Request;
use crate::services::Core;

pub(super) fn firm(core: &Core, cmd: FirmCommand) -> AppResult<serde_json::Value> {
    match cmd {
        FirmCommand::Get => ask(core, GetFirmProfile {}),
        FirmCommand::Set => ask(
            core,
            SaveFirmProfile {
                input: read_json()?,
            },
        ),
        FirmCommand::LetterIdentity { set: true } => ask(
            core,
            SaveLetterIdentity {
                input: read_json()?,
            },
        ),
        FirmCommand::LetterIdentity { set: false } => ask(core, ListLetterIdentities {}),
        FirmCommand::Fees { set: true } => ask(
            core,
            SaveFeeSettings {
                input: read_json()?,
            },
        ),
        FirmCommand::Fees { set: false } => ask(core, GetFeeSettings {}),
    }
}

pub(super) fn bank(core: &Core, cmd: BankCommand) -> AppResult<serde_json::Value> {
    match cmd {
        BankCommand::List => ask(core, ListBankAccounts {}),
        BankCommand::Save => ask(
            core,
            SaveBankAccount {
                input: read_json()?,
            },
        ),
        BankCommand::Archive { id } => {
            ArchiveBankAccount {
                id: BankAccountId(id),
            }
            .handle(core)?;
            Ok(json!({ "archived": id }))
        }
    }
}

pub(super) fn secret(core: &Core, cmd: SecretCommand) -> AppResult<serde_json::Value> {
    match cmd {
        SecretCommand::Set { name } => {
            let mut text = read_stdin()?;
            if text.ends_with('\n') {
                text.pop();
                if text.ends_with('\r') {
                    text.pop();
                }
            }
            let value = Secret::new(text);
            SetSecret {
                name: name.clone(),
                value,
            }
            .handle(core)?;
            Ok(json!({ "name": name }))
        }
        SecretCommand::Delete { name } => {
            DeleteSecret { name: name.clone() }.handle(core)?;
            Ok(json!({ "deleted": name }))
        }
        SecretCommand::List => ask(core, ListSecrets {}),
    }
}

pub(super) fn audit(core: &Core, cmd: AuditCommand) -> AppResult<serde_json::Value> {
    match cmd {
        AuditCommand::Verify => {
            let v = VerifyAuditTrail {}.handle(core)?;
            if !v.ok {
                return Err(audit_error(&v));
            }
            to_json(v)
        }
        AuditCommand::List { limit } => ask(core, AuditEntries { limit }),
    }
}
