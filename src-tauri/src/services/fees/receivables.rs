//! Receivables: the aging report and a client's balances (per currency, per matter).

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::ids::ClientId;
use crate::domain::AppResult;
use crate::services::core::Core;
use crate::store::receivables;
pub use crate::store::receivables::{Aging, Balance, MatterBalance};

pub fn aging(core: &Core, as_of: NaiveDate) -> AppResult<Aging> {
    core.db.read(|c| receivables::aging(c, as_of))
}

#[derive(Debug, Serialize)]
pub struct ClientAccount {
    pub balances: Vec<Balance>,
    pub matters: Vec<MatterBalance>,
}

pub fn client_account(core: &Core, client: ClientId, today: NaiveDate) -> AppResult<ClientAccount> {
    core.db.read(|c| {
        crate::store::clients::get(c, client)?;
        Ok(ClientAccount {
            balances: receivables::client_balances(c, client, today)?,
            matters: receivables::matter_balances(c, client)?,
        })
    })
}
