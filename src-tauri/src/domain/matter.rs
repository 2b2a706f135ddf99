//! Matters of a client and their opposing parties.

use serde::{Deserialize, Serialize};

use super::dates;
use super::error::{AppResult, Validator};
use super::ids::ClientId;
use super::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatterStatus {
    Open,
    OnHold,
    Closed,
}

impl MatterStatus {
    pub fn code(self) -> &'static str {
        match self {
            MatterStatus::Open => "open",
            MatterStatus::OnHold => "on_hold",
            MatterStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<MatterStatus> {
        match s.trim() {
            "" | "open" => Some(MatterStatus::Open),
            "on_hold" => Some(MatterStatus::OnHold),
            "closed" => Some(MatterStatus::Closed),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OpposingPartyInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub id_number: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MatterInput {
    pub client_id: Option<ClientId>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub practice_area: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub opened_on: String,
    #[serde(default)]
    pub closed_on: String,
    #[serde(default)]
    pub responsible_lawyer: String,
    #[serde(default)]
    pub opposing_parties: Vec<OpposingPartyInput>,
    /// Years to keep the file after closing, when not the firm's default.
    #[serde(default)]
    pub retention_years: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpposingParty {
    pub name: String,
    pub role: String,
    pub id_number: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matter {
    pub client_id: ClientId,
    pub title: String,
    pub practice_area: String,
    pub status: MatterStatus,
    pub opened_on: String,
    pub closed_on: Option<String>,
    pub responsible_lawyer: String,
    pub opposing_parties: Vec<OpposingParty>,
    pub retention_years: Option<i64>,
}

/// Roles an opposing party can have on a matter.
pub const OPPOSING_ROLES: &[&str] = &[
    "opposing_party",
    "opposing_counsel",
    "co_defendant",
    "third_party",
];

impl OpposingPartyInput {
    pub fn validate_into(&self, v: &mut Validator, prefix: &str) -> Option<OpposingParty> {
        let name = v.check(&format!("{prefix}name"), text::text(&self.name, 200, true));
        let role = if self.role.trim().is_empty() {
            "opposing_party"
        } else {
            self.role.trim()
        };
        let role = v.check(
            &format!("{prefix}role"),
            if OPPOSING_ROLES.contains(&role) {
                Ok(role.to_string())
            } else {
                Err("role")
            },
        );
        let id_number = v.check(
            &format!("{prefix}id_number"),
            text::text(&self.id_number, 64, false),
        );
        Some(OpposingParty {
            name: name?,
            role: role?,
            id_number: id_number?,
        })
    }
}

impl MatterInput {
    /// Validates; `today` opens a matter that gives no date.
    pub fn validate(&self, today: chrono::NaiveDate) -> AppResult<Matter> {
        let mut v = Validator::default();
        let client_id = self.client_id;
        if client_id.is_none() {
            v.push("client_id", "required");
        }
        let title = v.check("title", text::text(&self.title, 300, true));
        let practice_area = v.check("practice_area", text::text(&self.practice_area, 100, false));
        let status = v.check("status", MatterStatus::parse(&self.status).ok_or("status"));
        let opened = if self.opened_on.trim().is_empty() {
            Some(today)
        } else {
            v.check("opened_on", dates::parse_near(&self.opened_on, today))
        };
        let closed = if self.closed_on.trim().is_empty() {
            None
        } else {
            v.check("closed_on", dates::parse_near(&self.closed_on, today))
        };
        if let (Some(o), Some(c)) = (opened, closed) {
            v.check("closed_on", dates::ordered(o, c));
        }
        if status == Some(MatterStatus::Closed)
            && closed.is_none()
            && self.closed_on.trim().is_empty()
        {
            v.push("closed_on", "required");
        }
        let responsible_lawyer = v.check(
            "responsible_lawyer",
            text::text(&self.responsible_lawyer, 200, false),
        );
        let parties: Vec<Option<OpposingParty>> = self
            .opposing_parties
            .iter()
            .enumerate()
            .map(|(i, p)| p.validate_into(&mut v, &format!("opposing_parties.{i}.")))
            .collect();
        v.finish()?;
        Ok(Matter {
            client_id: client_id.expect("validated"),
            title: title.unwrap_or_default(),
            practice_area: practice_area.unwrap_or_default(),
            status: status.expect("validated"),
            opened_on: dates::to_iso(opened.expect("validated")),
            closed_on: closed.map(dates::to_iso),
            responsible_lawyer: responsible_lawyer.unwrap_or_default(),
            opposing_parties: parties.into_iter().flatten().collect(),
            retention_years: self.retention_years,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> chrono::NaiveDate {
        dates::parse_iso("2026-11-22").unwrap()
    }

    #[test]
    fn a_matter_opens_today_by_default() {
        let m = MatterInput {
            client_id: Some(ClientId(1)),
            title: "劳动争议".into(),
            ..Default::default()
        }
        .validate(today())
        .unwrap();
        assert_eq!(m.opened_on, "2026-11-22");
        assert_eq!(m.status, MatterStatus::Open);
    }

    #[test]
    fn dates_out_of_order_and_bad_parties_are_refused() {
        let err = MatterInput {
            client_id: Some(ClientId(1)),
            title: "Claim".into(),
            opened_on: "2026-05-01".into(),
            closed_on: "2026-04-01".into(),
            status: "closed".into(),
            opposing_parties: vec![OpposingPartyInput {
                name: "".into(),
                role: "friend".into(),
                ..Default::default()
            }],
            ..Default::default()
        }
        .validate(today())
        .unwrap_err();
        let fields: Vec<_> = err
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.code))
            .collect();
        assert!(fields.contains(&("closed_on", "date_order")), "{fields:?}");
        assert!(fields.contains(&("opposing_parties.0.name", "required")));
        assert!(fields.contains(&("opposing_parties.0.role", "role")));
    }
}
