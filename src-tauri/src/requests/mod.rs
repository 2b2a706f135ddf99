//! The request layer: every use case the window or `lawdesk-cli` can ask for, declared once
//! as a value (its input) with its output type and its handler. Both front ends are thin
//! adapters over it: `commands/` turns the window's `Arg`s into a request and hands it to
//! the blocking pool, `cli/` turns parsed arguments into the same request and prints its
//! output. Neither chooses a clock value or calls a service: "now" and the user's local
//! "today" are taken here, from the `Core`'s one clock.
//!
//! By area, as `services/`: `client_file`, `fees`, `letters`, `collections`, `security`,
//! `practice` (the firm, the app's status, `check`, the demo).

use chrono::NaiveDate;

use crate::domain::{AppError, AppResult};
use crate::services::Core;

/// One use case: its input is the value itself, `Output` what it gives back.
pub trait Request: Send + 'static {
    type Output: Send + 'static;
    /// Runs the use case on the opened data folder.
    fn handle(self, core: &Core) -> AppResult<Self::Output>;
}

/// Declares a request: the struct (its fields are the input), its output and its handler.
/// `request! { /// doc  Name { field: Type, … } -> Output, |r, core| body }`.
macro_rules! request {
    ($(#[$meta:meta])* $name:ident { $($field:ident : $ty:ty),* $(,)? } -> $out:ty,
     |$r:ident, $core:ident| $body:expr) => {
        $(#[$meta])*
        #[derive(Debug)]
        pub struct $name { $(pub $field: $ty),* }
        impl $crate::requests::Request for $name {
            type Output = $out;
            #[allow(unused_variables)]
            fn handle(self, $core: &$crate::services::Core) -> $crate::domain::AppResult<$out> {
                let $r = self;
                $body
            }
        }
    };
}

/// A day the user gave, or the user's local today when none was given. A front end parses
/// the text (`domain::dates::parse_iso`: the form and the 1900–2199 window); how far ahead of
/// today a day may be is checked here, against the one clock, as the error on `field`.
pub(crate) fn day_or_today(
    core: &Core,
    day: Option<NaiveDate>,
    field: &str,
) -> AppResult<NaiveDate> {
    match day {
        Some(d) => crate::domain::dates::within_reach(d, core.today())
            .map_err(|code| AppError::field(field, code)),
        None => Ok(core.today()),
    }
}

pub mod client_file;
pub mod collections;
pub mod fees;
pub mod letters;
pub mod practice;
pub mod security;
