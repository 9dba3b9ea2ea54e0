//! The fields of a response that no model names, kept as sent, because the API adds fields
//! without notice. A field the SDK does not know may still be a secret (a token added to a
//! response next year), so `Debug` and `Serialize` redact secret-named keys at any depth;
//! the values themselves stay readable through the map.

use std::fmt;
use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::redact;

/// Unknown response fields: a JSON object, readable like a map (`extra["kyc_mode"]`,
/// `extra.get("x")`), printed and serialised with secret-named values redacted.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Extra(Map<String, Value>);

impl Extra {
    /// An empty set.
    pub fn new() -> Self {
        Extra(Map::new())
    }

    /// The fields as sent, secrets included.
    pub fn into_inner(self) -> Map<String, Value> {
        self.0
    }

    /// A copy with every secret-named value replaced by `<redacted>`.
    pub fn redacted(&self) -> Map<String, Value> {
        let mut value = Value::Object(self.0.clone());
        redact::redact_json(&mut value);
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }
}

impl Deref for Extra {
    type Target = Map<String, Value>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl From<Map<String, Value>> for Extra {
    fn from(map: Map<String, Value>) -> Self {
        Extra(map)
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.redacted(), f)
    }
}

impl Serialize for Extra {
    /// Flattened into its model, secret-named values redacted. (A binding's view groups the
    /// fields under one `extra` key instead: see `IntoView` in `view`.)
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.redacted().serialize(s)
    }
}

impl schemars::JsonSchema for Extra {
    /// Inlined: flattened into its model, it makes the model's schema accept any other field
    /// (`additionalProperties`), which is how the binding generators know a model has `extra`.
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Extra".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_secret_fields_never_print_but_stay_readable() {
        let extra: Extra = serde_json::from_str(
            r#"{"kyc_mode":"customer_use","id_token":"CANARY_extra_1","nested":{"client_secret":"CANARY_extra_2"}}"#,
        )
        .unwrap();
        let shown = format!("{extra:?} {}", serde_json::to_string(&extra).unwrap());
        assert!(!shown.contains("CANARY"), "{shown}");
        assert!(shown.contains("customer_use"));
        assert_eq!(
            extra["id_token"], "CANARY_extra_1",
            "the value is still there to read"
        );
        assert_eq!(
            extra.get("kyc_mode").and_then(Value::as_str),
            Some("customer_use")
        );
    }
}
