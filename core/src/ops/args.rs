//! An operation's arguments: a JSON object read field by field, so that every problem is a
//! validation error naming the field, and an option nobody reads is refused rather than
//! silently ignored.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::view::{FREE_FORM, KeyCase, camel_to_snake};

/// The arguments of one operation. `null` values count as absent.
#[derive(Debug, Default)]
pub struct Args(Map<String, Value>);

impl Args {
    /// Reads `value` (an object, or `null` for no arguments); camelCase keys are turned to
    /// snake_case when `case` is [`KeyCase::Camel`].
    pub fn new(value: Value, case: KeyCase) -> Result<Self> {
        let map = match value {
            Value::Null => Map::new(),
            Value::Object(map) => map,
            other => {
                return Err(Error::validation(
                    "arguments",
                    format!("must be an object, got {}", kind_of(&other)),
                ));
            }
        };
        let map = match case {
            KeyCase::Snake => map,
            KeyCase::Camel => snake_keys(map),
        };
        Ok(Args(
            map.into_iter().filter(|(_, v)| !v.is_null()).collect(),
        ))
    }

    /// Takes a required field.
    pub fn required<T: DeserializeOwned>(&mut self, key: &str) -> Result<T> {
        self.optional(key)?
            .ok_or_else(|| Error::validation(key, "is required"))
    }

    /// Takes an optional field.
    pub fn optional<T: DeserializeOwned>(&mut self, key: &str) -> Result<Option<T>> {
        match self.0.remove(key) {
            None => Ok(None),
            Some(value) => decode(value, key).map(Some),
        }
    }

    /// Takes a required field after checking every text inside it with
    /// [`validate::json`](crate::validate::json) (for a structured argument whose parts are
    /// used by later steps, so a bad one is refused before the first step runs).
    pub fn required_checked<T: DeserializeOwned>(&mut self, key: &str) -> Result<T> {
        let value = self
            .0
            .remove(key)
            .ok_or_else(|| Error::validation(key, "is required"))?;
        crate::validate::json(key, &value)?;
        decode(value, key)
    }

    /// Takes a field that defaults to `T::default()`.
    pub fn or_default<T: DeserializeOwned + Default>(&mut self, key: &str) -> Result<T> {
        Ok(self.optional(key)?.unwrap_or_default())
    }

    /// `page` (1-based, default 1) and `per_page` (default 20) of a single-page read.
    pub fn page(&mut self) -> Result<(u32, u32)> {
        Ok((
            self.optional("page")?.unwrap_or(1),
            self.optional("per_page")?.unwrap_or(20),
        ))
    }

    /// Reads every remaining field as one request type (which refuses unknown fields).
    pub fn rest<T: DeserializeOwned>(self) -> Result<T> {
        let value = Value::Object(self.0);
        let mut track = serde_path_to_error::Track::new();
        let de = serde_path_to_error::Deserializer::new(value, &mut track);
        T::deserialize(de).map_err(|e| {
            let path = track.path().to_string();
            let message = without_values(&e.to_string());
            let field = if path == "." || path.is_empty() {
                missing_field(&message).unwrap_or("arguments").to_owned()
            } else {
                path
            };
            Error::validation(field, message)
        })
    }

    /// Checks that every field of `keys` is given (a `rest` type's field that the type
    /// leaves optional but the operation requires).
    pub fn require(&self, keys: &[&str]) -> Result<()> {
        match keys.iter().find(|key| !self.0.contains_key(**key)) {
            None => Ok(()),
            Some(key) => Err(Error::validation(*key, "is required")),
        }
    }

    /// Checks nothing is left over (an option this operation does not take).
    pub fn finish(self) -> Result<()> {
        match self.0.keys().next() {
            None => Ok(()),
            Some(key) => Err(Error::validation(
                key.clone(),
                "is not an option of this operation",
            )),
        }
    }
}

fn decode<T: DeserializeOwned>(value: Value, key: &str) -> Result<T> {
    let mut track = serde_path_to_error::Track::new();
    let de = serde_path_to_error::Deserializer::new(value, &mut track);
    T::deserialize(de).map_err(|e| {
        let inner = track.path().to_string();
        let field = if inner == "." || inner.is_empty() {
            key.to_owned()
        } else {
            format!("{key}.{inner}")
        };
        Error::validation(field, without_values(&e.to_string()))
    })
}

/// A serde message with the argument's value taken out: `invalid type: string "…",
/// expected u32` quotes what was given, and a token passed in the wrong place must not
/// reach an error. What was expected stays.
fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    loop {
        let string_at = rest.find("string \"");
        let variant_at = rest.find("variant `");
        let (at, open, close, shown) = match (string_at, variant_at) {
            (Some(s), Some(v)) if v < s => (v, "variant `", '`', "variant"),
            (Some(s), _) => (s, "string \"", '"', "string"),
            (None, Some(v)) => (v, "variant `", '`', "variant"),
            (None, None) => break,
        };
        out.push_str(&rest[..at]);
        out.push_str(shown);
        let value = &rest[at + open.len()..];
        // The value's end: the closing quote not escaped by a backslash.
        let mut escaped = false;
        let end = value.char_indices().find_map(|(i, c)| {
            let found = c == close && !escaped;
            escaped = c == '\\' && !escaped;
            found.then_some(i)
        });
        rest = match end {
            Some(i) => &value[i + close.len_utf8()..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// The field a "missing field `x`" message names.
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

#[cfg(test)]
#[test]
fn quoted_argument_values_are_taken_out_of_serde_messages() {
    assert_eq!(
        without_values(r#"invalid type: string "tok_\"secret", expected u32"#),
        "invalid type: string, expected u32"
    );
    assert_eq!(
        without_values("unknown variant `tok_secret`, expected `daily` or `hourly`"),
        "unknown variant, expected `daily` or `hourly`"
    );
    assert_eq!(
        without_values("missing field `email`"),
        "missing field `email`"
    );
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn snake_keys(map: Map<String, Value>) -> Map<String, Value> {
    map.into_iter()
        .map(|(key, value)| {
            let key = camel_to_snake(&key);
            let value = if FREE_FORM.contains(&key.as_str()) {
                value
            } else {
                snake_values(value)
            };
            (key, value)
        })
        .collect()
}

fn snake_values(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(snake_keys(map)),
        Value::Array(items) => Value::Array(items.into_iter().map(snake_values).collect()),
        other => other,
    }
}
