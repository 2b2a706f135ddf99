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

/// The top-level field whose removal lets `value` deserialize as `T`.
fn culprit<T: DeserializeOwned>(value: &Value) -> Option<String> {
    let Value::Object(map) = value else {
        return None;
    };
    map.keys()
        .find(|k| {
            let mut without = map.clone();
            without.remove(*k);
            T::deserialize(&Value::Object(without)).is_ok()
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

fn rejected(field: Option<String>, serde_message: &str) -> AppError {
    let expected = expected_form(serde_message);
    let field = field.unwrap_or_else(|| "input".to_string());
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
    }
}
