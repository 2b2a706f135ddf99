//! What the user types to record a complaint and to complete each of its steps (the
//! steps themselves: `complaint_step`).

use serde::Deserialize;

use crate::domain::ids::{ClientId, MatterId};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewComplaint {
    pub client_id: Option<ClientId>,
    #[serde(default)]
    pub matter_id: Option<MatterId>,
    #[serde(default)]
    pub received_on: String,
    #[serde(default)]
    pub complainant: String,
    #[serde(default)]
    pub against: String,
    #[serde(default)]
    pub request: String,
    #[serde(default)]
    pub statement: String,
}

/// What one step adds. Only the fields of the complaint's current step are read.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepInput {
    #[serde(default)]
    pub founded: Option<bool>,
    #[serde(default)]
    pub decision_note: String,
    #[serde(default)]
    pub client_told_on: String,
    #[serde(default)]
    pub cause: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub proposal: String,
    #[serde(default)]
    pub client_agreed_on: String,
    #[serde(default)]
    pub carried_out_on: String,
    #[serde(default)]
    pub evaluation: String,
    #[serde(default)]
    pub prevention: String,
}
