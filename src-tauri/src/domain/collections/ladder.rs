//! The dunning ladder: the firm's stages, each so many days after the due date, with its
//! action and channel. Days strictly increase; stage codes are unique; an action goes out
//! only on a channel it can take (a call by phone, a letter by post or e-mail).

use serde::{Deserialize, Serialize};

use crate::domain::error::{AppResult, Validator};

/// What a stage does. Letter actions write the letter of that kind (in the client's
/// language); a call creates a call task; hand-over marks the file for the collector/court.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Reminder,
    SecondReminder,
    Demand,
    Call,
    HandOver,
}

/// How the action reaches the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Post,
    Email,
    Phone,
    Internal,
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::Reminder,
        Action::SecondReminder,
        Action::Demand,
        Action::Call,
        Action::HandOver,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::Reminder => "reminder",
            Action::SecondReminder => "second_reminder",
            Action::Demand => "demand",
            Action::Call => "call",
            Action::HandOver => "hand_over",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.code() == s)
    }

    /// The letter kind this action writes (`letters::templates::Kind` code), if any.
    pub fn letter_kind(self) -> Option<&'static str> {
        match self {
            Action::Reminder | Action::SecondReminder | Action::Demand => Some(self.code()),
            Action::Call | Action::HandOver => None,
        }
    }

    /// The channels this action can go by.
    pub fn channels(self) -> &'static [Channel] {
        match self {
            Action::Reminder | Action::SecondReminder | Action::Demand => {
                &[Channel::Post, Channel::Email]
            }
            Action::Call => &[Channel::Phone],
            Action::HandOver => &[Channel::Internal, Channel::Post, Channel::Email],
        }
    }
}

impl Channel {
    pub const ALL: [Channel; 4] = [
        Channel::Post,
        Channel::Email,
        Channel::Phone,
        Channel::Internal,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Post => "post",
            Channel::Email => "email",
            Channel::Phone => "phone",
            Channel::Internal => "internal",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    pub code: String,
    pub days: i64,
    pub action: Action,
    pub channel: Channel,
}

/// A stage as typed (JSON on stdin, the settings form): checked by [`validate`].
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StageInput {
    pub code: String,
    pub days: i64,
    pub action: String,
    #[serde(default)]
    pub channel: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LadderInput {
    pub stages: Vec<StageInput>,
}

pub const MAX_STAGES: usize = 12;
pub const MAX_DAYS: i64 = 3650;

/// The ladder a new practice starts with: +3 friendly reminder, +14 second reminder, +21
/// call, +30 formal demand, +60 hand over (seeds 001, 002: reminder, call, written demand,
/// then collector or court).
pub fn default_ladder() -> Vec<Stage> {
    let s = |code: &str, days, action, channel| Stage {
        code: code.into(),
        days,
        action,
        channel,
    };
    vec![
        s("reminder", 3, Action::Reminder, Channel::Post),
        s("second_reminder", 14, Action::SecondReminder, Channel::Post),
        s("call", 21, Action::Call, Channel::Phone),
        s("demand", 30, Action::Demand, Channel::Post),
        s("hand_over", 60, Action::HandOver, Channel::Internal),
    ]
}

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 32
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Checks a whole ladder: 1 to 12 stages, codes `[a-z0-9_]{1,32}` and unique, days 1 … 3650
/// and strictly increasing (`ladder_order`), known actions (`ladder_action`), and a channel
/// the action can take (`ladder_channel`; empty means the action's first channel). Every
/// finding is named `stages[i].field`.
pub fn validate(input: &LadderInput) -> AppResult<Vec<Stage>> {
    let mut v = Validator::default();
    if input.stages.is_empty() || input.stages.len() > MAX_STAGES {
        v.push("stages", "ladder_size");
    }
    let mut out = Vec::new();
    let mut last_days = 0;
    for (i, s) in input.stages.iter().enumerate() {
        let code = s.code.trim();
        if !valid_code(code) {
            v.push(&format!("stages[{i}].code"), "stage_code");
        } else if input.stages[..i].iter().any(|o| o.code.trim() == code) {
            v.push(&format!("stages[{i}].code"), "stage_duplicate");
        }
        if !(1..=MAX_DAYS).contains(&s.days) {
            v.push(&format!("stages[{i}].days"), "stage_days");
        } else if s.days <= last_days {
            v.push(&format!("stages[{i}].days"), "ladder_order");
        }
        last_days = last_days.max(s.days);
        let Some(action) = Action::parse(s.action.trim()) else {
            v.push(&format!("stages[{i}].action"), "ladder_action");
            continue;
        };
        let channel = if s.channel.trim().is_empty() {
            Some(action.channels()[0])
        } else {
            Channel::parse(s.channel.trim()).filter(|c| action.channels().contains(c))
        };
        let Some(channel) = channel else {
            v.push(&format!("stages[{i}].channel"), "ladder_channel");
            continue;
        };
        out.push(Stage {
            code: code.to_string(),
            days: s.days,
            action,
            channel,
        });
    }
    v.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ErrorCode;

    fn input(stages: &[(&str, i64, &str, &str)]) -> LadderInput {
        LadderInput {
            stages: stages
                .iter()
                .map(|(c, d, a, ch)| StageInput {
                    code: c.to_string(),
                    days: *d,
                    action: a.to_string(),
                    channel: ch.to_string(),
                })
                .collect(),
        }
    }

    fn codes(r: AppResult<Vec<Stage>>) -> Vec<(String, &'static str)> {
        let e = r.unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        e.fields.into_iter().map(|f| (f.field, f.code)).collect()
    }

    #[test]
    fn the_default_ladder_is_valid_and_in_order() {
        let d = default_ladder();
        let back = validate(&input(
            &d.iter()
                .map(|s| (s.code.as_str(), s.days, s.action.code(), s.channel.code()))
                .collect::<Vec<_>>(),
        ))
        .unwrap();
        assert_eq!(back, d);
        assert_eq!(
            d.iter().map(|s| s.days).collect::<Vec<_>>(),
            [3, 14, 21, 30, 60]
        );
    }

    #[test]
    fn days_must_strictly_increase() {
        let r = validate(&input(&[
            ("a", 10, "reminder", ""),
            ("b", 10, "demand", ""),
            ("c", 5, "call", ""),
        ]));
        assert_eq!(
            codes(r),
            [
                ("stages[1].days".to_string(), "ladder_order"),
                ("stages[2].days".to_string(), "ladder_order")
            ]
        );
    }

    #[test]
    fn unknown_actions_channels_and_codes_are_named() {
        let r = validate(&input(&[
            ("ok", 1, "fax", ""),
            ("call", 2, "call", "post"),
            ("Bad Code", 3, "reminder", "pigeon"),
            ("ok", 4, "demand", "email"),
        ]));
        assert_eq!(
            codes(r),
            [
                ("stages[0].action".to_string(), "ladder_action"),
                ("stages[1].channel".to_string(), "ladder_channel"),
                ("stages[2].code".to_string(), "stage_code"),
                ("stages[2].channel".to_string(), "ladder_channel"),
                ("stages[3].code".to_string(), "stage_duplicate"),
            ]
        );
        assert_eq!(codes(validate(&input(&[])))[0].1, "ladder_size");
    }

    #[test]
    fn an_empty_channel_takes_the_actions_first() {
        let s = validate(&input(&[("x", 7, "call", ""), ("y", 9, "demand", "")])).unwrap();
        assert_eq!(s[0].channel, Channel::Phone);
        assert_eq!(s[1].channel, Channel::Post);
        assert_eq!(s[1].action.letter_kind(), Some("demand"));
    }
}
