//! The complaint procedure of seed 003 as a state machine: 1 record → 2 decide whether it
//! is founded and tell the client → 3 find cause and owner → 4 propose a solution → 5 carry
//! it out with the client's agreement → 6 evaluate and prevent → closed. An unfounded
//! complaint goes from 2 straight to 6. Stored and sent as its number (1 … 7).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ComplaintStep {
    #[default]
    Record,
    Decide,
    FindCause,
    Propose,
    CarryOut,
    Evaluate,
    Closed,
}

impl ComplaintStep {
    pub const ALL: [ComplaintStep; 7] = [
        ComplaintStep::Record,
        ComplaintStep::Decide,
        ComplaintStep::FindCause,
        ComplaintStep::Propose,
        ComplaintStep::CarryOut,
        ComplaintStep::Evaluate,
        ComplaintStep::Closed,
    ];

    /// 1 … 7, as stored.
    pub fn number(self) -> i64 {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0) as i64 + 1
    }

    pub fn from_number(n: i64) -> Option<ComplaintStep> {
        usize::try_from(n - 1)
            .ok()
            .and_then(|i| Self::ALL.get(i).copied())
    }

    /// The step after this one is completed; at `Decide`, `founded == Some(false)` skips to
    /// `Evaluate`. A closed complaint has no next step (`complaint_closed`).
    pub fn after(self, founded: Option<bool>) -> Result<ComplaintStep, &'static str> {
        use ComplaintStep::*;
        Ok(match self {
            Record => Decide,
            Decide if founded == Some(false) => Evaluate,
            Decide => FindCause,
            FindCause => Propose,
            Propose => CarryOut,
            CarryOut => Evaluate,
            Evaluate => Closed,
            Closed => return Err("complaint_closed"),
        })
    }
}

impl Serialize for ComplaintStep {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.number())
    }
}

impl<'de> Deserialize<'de> for ComplaintStep {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        ComplaintStep::from_number(n)
            .ok_or_else(|| serde::de::Error::custom("a complaint step is 1 to 7"))
    }
}

#[cfg(test)]
mod tests {
    use super::ComplaintStep::*;
    use super::*;

    #[test]
    fn the_six_steps_in_order_and_an_unfounded_complaint_skips_to_evaluation() {
        let mut s = Decide;
        let mut seen = vec![s.number()];
        while let Ok(next) = s.after(Some(true)) {
            s = next;
            seen.push(s.number());
        }
        assert_eq!(seen, [2, 3, 4, 5, 6, 7]);
        assert_eq!(Decide.after(Some(false)), Ok(Evaluate));
        assert_eq!(Decide.after(None), Ok(FindCause));
        assert_eq!(Closed.after(Some(true)), Err("complaint_closed"));
        for n in 1..=7 {
            assert_eq!(ComplaintStep::from_number(n).unwrap().number(), n);
        }
        assert_eq!(ComplaintStep::from_number(0), None);
        assert_eq!(ComplaintStep::from_number(8), None);
        assert_eq!(serde_json::to_string(&CarryOut).unwrap(), "5");
    }
}
