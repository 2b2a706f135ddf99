//! JSON input (CLI stdin, partial updates) turned into typed input. A rejected value is never
//! echoed: it may be an IBAN, an account number or a name pasted into the wrong field. The
//! error names the field and the expected form only.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::{AppError, AppResult, ErrorCode, Validator};

/// Parses `text` as JSON and then as `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> AppResult<T> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        AppError::new(
            ErrorCode::Validation,
            format!(
                "The input is not valid JSON (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    })?;
    from_value(value)
}

/// `value` as `T`; on failure the offending top-level field and what it should be.
pub fn from_value<T: DeserializeOwned>(value: Value) -> AppResult<T> {
    match T::deserialize(&value) {
        Ok(t) => Ok(t),
        Err(e) => Err(rejected(culprit::<T>(&value), &e.to_string())),
    }
}

/// The top-level field whose removal lets `value` deserialize as `T`, or (for a required
/// field) whose replacement by a neutral value of another type does.
fn culprit<T: DeserializeOwned>(value: &Value) -> Option<String> {
    let Value::Object(map) = value else {
        return None;
    };
    let fits = |key: &str, replacement: Option<Value>| {
        let mut changed = map.clone();
        match replacement {
            Some(v) => changed.insert(key.to_string(), v),
            None => changed.remove(key),
        };
        T::deserialize(&Value::Object(changed)).is_ok()
    };
    let neutral = [
        Value::from(1),
        Value::from(""),
        Value::Bool(false),
        Value::Array(Vec::new()),
        Value::Object(Default::default()),
    ];
    map.keys()
        .find(|k| fits(k, None))
        .or_else(|| {
            map.keys()
                .find(|k| neutral.iter().any(|n| fits(k, Some(n.clone()))))
        })
        .cloned()
}

/// serde's own words minus the value: `invalid type: string "DE89…", expected i64` keeps
/// only `expected i64`; unknown and missing fields are names, not values, and stay.
pub fn expected_form(serde_message: &str) -> String {
    let m = serde_message;
    let safe_prefix = [
        "unknown field",
        "missing field",
        "duplicate field",
        "invalid length",
    ];
    if safe_prefix.iter().any(|p| m.starts_with(p)) {
        return m.to_string();
    }
    match m.find(", expected ") {
        Some(i) if m.starts_with("invalid ") || m.starts_with("unknown variant") => {
            m[i + 2..].to_string()
        }
        _ => "not valid here".to_string(),
    }
}

/// One argument of a window command (`commands::Arg`): `value` (JSON `null` when the window
/// left it out) as `T`, every string in it at most `max_chars` characters. A refusal is a
/// coded field error on the argument (or the top-level field inside it) that never repeats
/// the value.
pub fn argument<T: DeserializeOwned>(name: &str, value: Value, max_chars: usize) -> AppResult<T> {
    if let Some(field) = too_long(&value, max_chars) {
        let field = field.unwrap_or(name);
        let mut e = AppError::field(field, "too_long");
        e.message = format!("The field `{field}` is too long (at most {max_chars} characters)");
        return Err(e);
    }
    match T::deserialize(&value) {
        Ok(t) => Ok(t),
        Err(e) => {
            let field = culprit::<T>(&value).unwrap_or_else(|| name.to_string());
            Err(rejected(Some(field), &e.to_string()))
        }
    }
}

/// `Some(top-level key)` (or `Some(None)` for the value itself) when a string in `value`, or
/// an object key, is longer than `max` characters.
fn too_long(value: &Value, max: usize) -> Option<Option<&str>> {
    fn long(v: &Value, max: usize) -> bool {
        match v {
            Value::String(s) => s.len() > max && s.chars().count() > max,
            Value::Array(a) => a.iter().any(|v| long(v, max)),
            Value::Object(m) => m
                .iter()
                .any(|(k, v)| (k.len() > max && k.chars().count() > max) || long(v, max)),
            _ => false,
        }
    }
    match value {
        Value::Object(m) => m
            .iter()
            .find(|(k, v)| k.chars().count() > max || long(v, max))
            .map(|(k, _)| Some(k.as_str()).filter(|k| k.chars().count() <= max)),
        v if long(v, max) => Some(None),
        _ => None,
    }
}

/// A key that reads as a field's name (`client_id`, `tax_percent`): lower-case ASCII
/// letters, digits and `_`, at most 40. Anything else — an IBAN pasted as a key — is not
/// repeated in an error.
fn name_like(key: &str) -> bool {
    key.len() <= 40
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn rejected(field: Option<String>, serde_message: &str) -> AppError {
    let mut expected = expected_form(serde_message);
    let field = match field {
        Some(f) if name_like(&f) => f,
        Some(f) => {
            // serde quotes the unknown key: `unknown field `DE89…`, expected one of …`.
            expected = expected.replace(&format!(" `{f}`"), "");
            "input".to_string()
        }
        None => "input".to_string(),
    };
    let mut v = Validator::default();
    v.push(&field, "invalid");
    let mut e = v.finish().expect_err("one field");
    e.message = format!("The field `{field}` is not valid here: {expected}");
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Input {
        #[serde(default)]
        id: i64,
        #[serde(default)]
        account: String,
    }

    #[test]
    fn errors_name_the_field_never_the_value() {
        let e = from_str::<Input>(r#"{"id":"DE89370400440532013000"}"#).unwrap_err();
        assert_eq!(e.fields[0].field, "id");
        assert!(!e.message.contains("DE89"), "{}", e.message);
        let e = from_str::<Input>(r#"{"account":98765432109876543210}"#).unwrap_err();
        assert_eq!(e.fields[0].field, "account");
        assert!(!e.message.contains("9.87"), "{}", e.message);
        assert!(e.message.contains("expected a string"), "{}", e.message);
        let e = from_str::<Input>(r#"{"acount":"x"}"#).unwrap_err();
        assert_eq!(e.fields[0].field, "acount");
        let e = from_str::<Input>("{\"id\": DE89}").unwrap_err();
        assert!(!e.message.contains("DE89"), "{}", e.message);
        // An IBAN pasted as a key is an unknown field, not repeated; the valid names are.
        let e = from_str::<Input>(r#"{"DE89370400440532013000":1}"#).unwrap_err();
        assert_eq!(e.fields[0].field, "input");
        assert!(!e.message.contains("DE89"), "{}", e.message);
        assert!(
            e.message.contains("unknown field, expected `id`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn an_argument_is_bounded_and_never_echoed() {
        use crate::domain::ids::ClientId;
        let iban = serde_json::json!("DE89370400440532013000");
        let e = argument::<ClientId>("client_id", iban, 100).unwrap_err();
        assert_eq!(e.fields[0].field, "client_id");
        assert!(!e.message.contains("DE89"), "{}", e.message);
        let e = argument::<ClientId>("id", serde_json::json!(-1), 100).unwrap_err();
        assert_eq!(e.fields[0].code, "invalid");
        let e = argument::<String>("name", serde_json::json!("x".repeat(101)), 100).unwrap_err();
        assert_eq!(
            (e.fields[0].field.as_str(), e.fields[0].code),
            ("name", "too_long")
        );
        let e = argument::<Input>(
            "input",
            serde_json::json!({"account": "y".repeat(200)}),
            100,
        )
        .unwrap_err();
        assert_eq!(e.fields[0].field, "account");
        assert_eq!(
            argument::<Option<ClientId>>("c", serde_json::Value::Null, 9).unwrap(),
            None
        );
    }
}
