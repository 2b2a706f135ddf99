//! The one way a window argument reaches a command: `Arg<T>` reads the argument's JSON and
//! turns it into `T` through `domain::json_input::argument`, so a wrong input is a coded
//! field error (`validation`, the argument or field named, the value never repeated) and no
//! string in it is longer than `MAX` characters. Tauri's own argument errors are plain text
//! that quotes the rejected value (an IBAN sent as an id came back in the message).

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use tauri::ipc::{CommandArg, CommandItem, InvokeError};
use tauri::Runtime;

use crate::domain::json_input;
use crate::domain::AppError;

/// Characters in any one string of an ordinary argument (names, notes, templates).
pub const MAX_TEXT: usize = 100_000;
/// Characters of a file the window read and sends as base64 (≈ 48 MB of file).
pub const MAX_UPLOAD: usize = 64 * 1024 * 1024;

/// A command argument validated in Rust before the command runs (see the module).
pub struct Arg<T, const MAX: usize = MAX_TEXT>(pub T);

impl<'de, R: Runtime, T: DeserializeOwned, const MAX: usize> CommandArg<'de, R> for Arg<T, MAX> {
    fn from_command(command: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        let name = snake_case(command.key);
        let value = Option::<Value>::deserialize(command)
            .map_err(|_| AppError::field(&name, "invalid"))?
            .unwrap_or(Value::Null);
        Ok(Arg(json_input::argument(&name, value, MAX)?))
    }
}

/// The Rust name of an argument the window sends in camelCase (`clientId` → `client_id`).
fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn argument_names_are_the_rust_names() {
        assert_eq!(super::snake_case("clientId"), "client_id");
        assert_eq!(super::snake_case("id"), "id");
    }
}
