//! The e-mail hand-off point of the daily run. A ladder stage whose channel is `email`
//! writes and keeps its letter like any other (PDF, log entry, action row, one
//! transaction); after that commit the run calls [`Mailer::send`] with the letter:
//! [`Smtp`] sends it through the firm's server (`services::letters::email::email_letter`: the
//! client's first address, the PDF attached, the Message-ID in the dispatch record and the
//! communication log). With no server set up it sends nothing and the run reports
//! `email: "not_sent"`; a refused message is the run's error for that action — nothing is
//! marked sent that was not sent.

use crate::domain::AppResult;
use crate::services::core::Core;
use crate::services::letters::Generated;

/// What became of one e-mail.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "email")]
pub enum Sent {
    /// Sent to `to` (the client's address); the server's Message-ID.
    Sent { to: String, message_id: String },
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

/// The firm's SMTP server (Settings → E-mail).
pub struct Smtp;

impl Mailer for Smtp {
    fn send(&self, core: &Core, letter: &Generated) -> AppResult<Sent> {
        match crate::services::letters::email::email_letter(
            core,
            crate::domain::ids::LetterId(letter.id),
            None,
            core.today(),
            core.now(),
        ) {
            Ok(sent) => Ok(Sent::Sent {
                to: sent.to,
                message_id: sent.message_id,
            }),
            Err(e) if e.code == crate::domain::error::ErrorCode::MailNotConfigured => {
                Ok(Sent::NotSent)
            }
            Err(e) => Err(e),
        }
    }
}

/// The mailer the daily run uses.
pub fn mailer(_core: &Core) -> Box<dyn Mailer> {
    Box::new(Smtp)
}
