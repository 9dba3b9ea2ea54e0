//! Secrets that arrive in responses: a sub-account's `auth_token`, a new customer's token,
//! console JWTs, trunk credential passwords. They decode like strings but never print.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The API's placeholder for a secret it will not show again.
pub const REDACTED_BY_API: &str = "<redacted>";

/// A secret value from a response. `Debug` and `Display` print `<redacted>`; the value is
/// reachable only through [`Secret::expose`], so every use stands out in review.
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(SecretString::from(value.into()))
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// Whether the API sent its `<redacted>` placeholder instead of the value (tokens are
    /// shown once, at creation).
    pub fn is_redacted_by_api(&self) -> bool {
        self.expose() == REDACTED_BY_API
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret::new)
    }
}

impl Serialize for Secret {
    /// Always serialises as `<redacted>`, whatever serializer or thread runs it: a model
    /// written back out (logs, caches, `to_dict`) never carries the secret. Use
    /// [`Secret::expose`] to store or send it deliberately. A binding's view receives the
    /// value, still wrapped as a secret, through the explicit `IntoView` conversion (in
    /// `view`, which depends on this module, not the reverse).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(REDACTED_BY_API)
    }
}

impl schemars::JsonSchema for Secret {
    /// Inlined, so every field's schema carries the format itself.
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Secret".into()
    }

    /// `{"type": "string", "format": "vobiz-secret"}`: the format tells the binding generators
    /// which native type to use.
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "vobiz-secret",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_decode_but_never_print_or_serialise() {
        #[derive(Debug, Deserialize, Serialize)]
        struct Creds {
            auth_id: String,
            auth_token: Secret,
        }
        let c: Creds =
            serde_json::from_str(r#"{"auth_id":"SA_1","auth_token":"CANARY_sec_77"}"#).unwrap();
        assert_eq!(c.auth_token.expose(), "CANARY_sec_77");
        let shown = format!(
            "{c:?} {} {}",
            c.auth_token,
            serde_json::to_string(&c).unwrap()
        );
        assert!(!shown.contains("CANARY_sec_77"), "{shown}");
        let masked: Creds =
            serde_json::from_str(r#"{"auth_id":"SA_1","auth_token":"<redacted>"}"#).unwrap();
        assert!(masked.auth_token.is_redacted_by_api());
        assert!(!c.auth_token.is_redacted_by_api());
    }
}
