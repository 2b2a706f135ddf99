//! `lawdesk-cli firm …`, `bank …`, `secret …` and `audit …`: the practice's settings, its
//! keychain entries and the audit trail, adapters over `requests::practice` and
//! `requests::security`.

use serde_json::json;

use super::{ask, patched, read_json, read_patch, read_stdin, to_json};
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
        FirmCommand::Set => {
            let input = read_patch(&GetFirmProfile {}.handle(core)?)?;
            ask(core, SaveFirmProfile { input })
        }
        FirmCommand::LetterIdentity { set: true } => {
            // The language names the identity the patch goes over.
            let patch: serde_json::Map<String, serde_json::Value> = read_json()?;
            let lang = patch
                .get("lang")
                .and_then(|l| l.as_str())
                .unwrap_or_default();
            let stored = ListLetterIdentities {}
                .handle(core)?
                .into_iter()
                .find(|i| i.lang == lang);
            let input = patched(&stored, patch)?;
            ask(core, SaveLetterIdentity { input })
        }
        FirmCommand::LetterIdentity { set: false } => ask(core, ListLetterIdentities {}),
        FirmCommand::Fees { set: true } => {
            let input = read_patch(&GetFeeSettings {}.handle(core)?)?;
            ask(core, SaveFeeSettings { input })
        }
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
