//! The e-mail hand-off point of the daily run. A ladder stage whose channel is `email`
//! writes and keeps its letter like any other (PDF, log entry, action row, one
//! transaction); after that commit the run calls [`Mailer::send`] with the letter. This
//! build has no mail transport: [`NotConfigured`] sends nothing and says so, and the run
//! reports `email: "not_sent"` — nothing is marked sent that was not sent.
//!
//! The SMTP work (issue 13 part 6) fills this in: implement [`Mailer`] (look up the
//! client's e-mail address, attach `letter.pdf`, send, record the Message-ID in the
//! communication log) and return it from [`mailer`].

use super::super::core::Core;
use crate::domain::AppResult;
use crate::services::letters::Generated;

/// What became of one e-mail.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "email")]
pub enum Sent {
    /// Sent; the server's Message-ID.
    Sent { message_id: String },
    /// Nothing was sent (no transport configured); the letter is kept and the action done.
    NotSent,
}

pub trait Mailer {
    /// Sends `letter` to its client; runs outside any transaction.
    fn send(&self, core: &Core, letter: &Generated) -> AppResult<Sent>;
}

/// The stand-in until an SMTP transport exists.
pub struct NotConfigured;

impl Mailer for NotConfigured {
    fn send(&self, _core: &Core, _letter: &Generated) -> AppResult<Sent> {
        Ok(Sent::NotSent)
    }
}

/// The mailer the daily run uses.
pub fn mailer(_core: &Core) -> Box<dyn Mailer> {
    Box::new(NotConfigured)
}
