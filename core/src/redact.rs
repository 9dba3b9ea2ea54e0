//! Scrubbing secrets out of response bodies before they are kept in an error.
//!
//! Error bodies are kept for diagnosis, but Vobiz responses can carry `auth_token`, console
//! JWTs and passwords, and a server may echo the caller's own token. Both are replaced with
//! `<redacted>`: secret-named JSON keys structurally, and known secret values (the caller's
//! token) wherever they appear in the text, including bodies that are not valid JSON.

use serde_json::Value;

/// The placeholder that replaces a secret.
pub(crate) const REDACTED: &str = "<redacted>";

/// The most of a body an error keeps.
const MAX_KEPT_BODY: usize = 4096;

/// Whether a JSON key names a secret (`auth_token`, `access_token`, `password`, …).
pub(crate) fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    (key.contains("token") && key != "token_type")
        || key.contains("password")
        || key.contains("secret")
        || key == "authorization"
        || key == "api_key"
}

/// Replaces the value of every secret-named key, at any depth.
pub(crate) fn redact_json(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if is_secret_key(key) && !v.is_null() && !v.is_object() {
                    *v = Value::String(REDACTED.to_owned());
                } else {
                    redact_json(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}

/// Replaces every occurrence of each known secret value.
pub(crate) fn redact_values(text: &str, secrets: &[&str]) -> String {
    secrets
        .iter()
        .filter(|s| s.len() >= 4)
        .fold(text.to_owned(), |acc, s| acc.replace(s, REDACTED))
}

/// Masks `"secret_key": "value"` pairs in text that is not valid JSON (a truncated body).
fn redact_secret_pairs_in_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        let after_open = &rest[open + 1..];
        let Some(close) = after_open.find('"') else {
            break;
        };
        let key = &after_open[..close];
        let after_key = &after_open[close + 1..];
        let trimmed = after_key.trim_start();
        let is_pair = trimmed.starts_with(':');
        out.push_str(&rest[..open + 1 + close + 1]);
        rest = after_key;
        if is_pair && is_secret_key(key) {
            let after_colon = trimmed[1..].trim_start();
            if let Some(value) = after_colon.strip_prefix('"') {
                let skipped = rest.len() - after_colon.len();
                out.push_str(&rest[..skipped]);
                out.push('"');
                out.push_str(REDACTED);
                match value.find('"') {
                    Some(end) => {
                        out.push('"');
                        rest = &value[end + 1..];
                    }
                    None => rest = "",
                }
            }
        }
    }
    out.push_str(rest);
    out
}

/// The redacted, size-limited text of a response body, and its parsed JSON (also redacted)
/// when it was JSON.
pub(crate) fn redact_body(body: &[u8], secrets: &[&str]) -> (String, Option<Value>) {
    let text = String::from_utf8_lossy(body);
    let text = redact_values(&text, secrets);
    match serde_json::from_str::<Value>(&text) {
        Ok(mut json) => {
            redact_json(&mut json);
            let rendered = serde_json::to_string(&json).unwrap_or_default();
            (truncate(rendered), Some(json))
        }
        Err(_) => (truncate(redact_secret_pairs_in_text(&text)), None),
    }
}

fn truncate(mut text: String) -> String {
    if text.len() > MAX_KEPT_BODY {
        let mut cut = MAX_KEPT_BODY;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("…[truncated]");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const CANARY: &str = "CANARY_tok_9d8e7f";

    #[test]
    fn secret_keys_are_masked_at_any_depth() {
        let body = br#"{"sub_account":{"auth_token":"abc123","name":"x"},
            "auth_credentials":{"auth_id":"SA_1","auth_token":"abc123"},
            "tokens":{"access_token":"jwt1","refresh_token":"jwt2","token_type":"bearer"},
            "list":[{"password":"hunter2"}]}"#;
        let (text, json) = redact_body(body, &[]);
        for secret in ["abc123", "jwt1", "jwt2", "hunter2"] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
        assert!(text.contains("bearer"), "non-secrets are kept: {text}");
        assert_eq!(json.unwrap()["sub_account"]["name"], "x");
    }

    #[test]
    fn known_values_are_masked_even_in_broken_json() {
        let body = format!(r#"{{"message":"bad token {CANARY}","auth_token":"{CANARY}"#);
        let (text, json) = redact_body(body.as_bytes(), &[CANARY]);
        assert!(json.is_none());
        assert!(!text.contains(CANARY), "{text}");
        let truncated = br#"{"name":"a","auth_token":"sk_live_abcdef"#;
        let (text, _) = redact_body(truncated, &[]);
        assert!(!text.contains("sk_live_abcdef"), "{text}");
        assert!(text.contains(r#""name":"a""#), "{text}");
    }

    #[test]
    fn long_bodies_are_truncated_on_a_char_boundary() {
        let body = "é".repeat(5000);
        let (text, _) = redact_body(body.as_bytes(), &[]);
        assert!(text.len() < 4200);
        assert!(text.ends_with("[truncated]"));
    }
}
