//! What the user types to plan a follow-up and to complete one.

use serde::Deserialize;

use crate::domain::ids::{ClientId, MatterId};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpInput {
    pub client_id: Option<ClientId>,
    #[serde(default)]
    pub matter_id: Option<MatterId>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub due_on: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompleteInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub summary: String,
}
