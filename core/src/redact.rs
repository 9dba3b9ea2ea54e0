//! Scrubbing secrets out of response bodies and header values before they are kept in an
//! error.
//!
//! Error bodies are kept for diagnosis, but Vobiz responses can carry `auth_token`, console
//! JWTs and passwords, and a server may echo the caller's own token or a password it was
//! sent. Both are replaced with `<redacted>`: secret-named JSON keys structurally, and known
//! secret values (the caller's token, the request's passwords) wherever they appear, also
//! when the echo is JSON-escaped (`\u0043…`, `\/`) or percent-encoded, and in bodies that
//! are not valid JSON. Where an encoded echo cannot be cut out precisely, the whole string
//! (or the whole non-JSON body) is withheld instead.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;
use serde_json::Value;

/// The placeholder that replaces a secret.
pub(crate) const REDACTED: &str = "<redacted>";

/// What replaces a non-JSON body that echoed a known secret in an encoded form.
const WITHHELD_BODY: &str = "<body withheld: it repeated a credential>";

/// The most of a body an error keeps.
const MAX_KEPT_BODY: usize = 4096;

/// The most of a header value (a request id) an error keeps.
const MAX_KEPT_HEADER: usize = 128;

/// Secrets shorter than this are not searched for (they would match ordinary text).
const MIN_SECRET_LEN: usize = 4;

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
    searched(secrets).fold(text.to_owned(), |acc, s| acc.replace(s, REDACTED))
}

fn searched<'a>(secrets: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
    secrets
        .iter()
        .copied()
        .filter(|s| s.len() >= MIN_SECRET_LEN)
}

/// Undoes JSON string escapes (`\uXXXX`, surrogate pairs, `\/`, `\"`…) in text that may not
/// be valid JSON; anything that is not a complete escape is kept as it is.
fn json_unescape(text: &str) -> Cow<'_, str> {
    if !text.contains('\\') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let hex4 = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>| -> Option<u32> {
        let digits: String = chars.clone().take(4).collect();
        let value = (digits.len() == 4)
            .then(|| u32::from_str_radix(&digits, 16).ok())
            .flatten()?;
        for _ in 0..4 {
            chars.next();
        }
        Some(value)
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some('u') => {
                chars.next();
                match hex4(&mut chars) {
                    Some(high @ 0xD800..=0xDBFF) => {
                        let mut lookahead = chars.clone();
                        let low = (lookahead.next() == Some('\\') && lookahead.next() == Some('u'))
                            .then(|| hex4(&mut lookahead))
                            .flatten()
                            .filter(|low| (0xDC00..=0xDFFF).contains(low));
                        match low.and_then(|low| {
                            char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                        }) {
                            Some(ch) => {
                                out.push(ch);
                                chars = lookahead;
                            }
                            None => out.push(char::REPLACEMENT_CHARACTER),
                        }
                    }
                    Some(code) => {
                        out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER))
                    }
                    None => out.push_str("\\u"),
                }
            }
            Some(e @ ('"' | '\\' | '/')) => {
                chars.next();
                out.push(e);
            }
            Some('n') => {
                chars.next();
                out.push('\n');
            }
            Some('t') => {
                chars.next();
                out.push('\t');
            }
            Some('r') => {
                chars.next();
                out.push('\r');
            }
            _ => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

/// Whether `text` repeats a secret in any of the forms a server may echo it: as is,
/// JSON-escaped, percent-encoded (either hex case, `+` for space), or both.
pub(crate) fn echoes_secret(text: &str, secrets: &[&str]) -> bool {
    let mut secrets = searched(secrets).peekable();
    if secrets.peek().is_none() {
        return false;
    }
    let unescaped = json_unescape(text);
    let decoded = percent_decode_str(&unescaped.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned();
    let decoded_first = json_unescape(
        &percent_decode_str(text)
            .decode_utf8_lossy()
            .replace('+', " "),
    )
    .into_owned();
    let forms = [text, &unescaped, &decoded, &decoded_first];
    secrets.any(|secret| forms.iter().any(|form| form.contains(secret)))
}

/// A string with its known secrets cut out; a string that still echoes one in an encoded
/// form is replaced whole.
fn scrub_string(text: &str, secrets: &[&str]) -> String {
    let cut = redact_values(text, secrets);
    if echoes_secret(&cut, secrets) {
        REDACTED.to_owned()
    } else {
        cut
    }
}

/// Replaces, at any depth, every string (key or value) that repeats a known secret.
fn scrub_json(value: &mut Value, secrets: &[&str]) {
    match value {
        Value::String(s) => *s = scrub_string(s, secrets),
        Value::Array(items) => items.iter_mut().for_each(|v| scrub_json(v, secrets)),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut v) in entries {
                scrub_json(&mut v, secrets);
                map.insert(scrub_string(&key, secrets), v);
            }
        }
        _ => {}
    }
}

/// A header value fit to quote in an error (a request id): the known secrets cut out,
/// control characters dropped, at most 128 characters.
pub(crate) fn clean_header_value(value: &str, secrets: &[&str]) -> String {
    let text: String = scrub_string(value, secrets)
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    truncate_to(text, MAX_KEPT_HEADER)
}

/// The values of secret-named keys (`password`, `auth_token`…) in a JSON request body: a
/// server that echoes one back must not get it into an error.
pub(crate) fn secrets_in_body(body: &[u8]) -> Vec<String> {
    fn walk(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    match v {
                        Value::String(s) if is_secret_key(key) => out.push(s.clone()),
                        other => walk(other, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(json) = serde_json::from_slice::<Value>(body) {
        walk(&json, &mut out);
    }
    out
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
    match serde_json::from_str::<Value>(&text) {
        Ok(mut json) => {
            scrub_json(&mut json, secrets);
            redact_json(&mut json);
            let rendered = serde_json::to_string(&json).unwrap_or_default();
            (truncate_to(rendered, MAX_KEPT_BODY), Some(json))
        }
        Err(_) => {
            let text = redact_secret_pairs_in_text(&redact_values(&text, secrets));
            if echoes_secret(&text, secrets) {
                (WITHHELD_BODY.to_owned(), None)
            } else {
                (truncate_to(text, MAX_KEPT_BODY), None)
            }
        }
    }
}

fn truncate_to(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut cut = max;
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
    fn encoded_echoes_of_a_secret_are_scrubbed() {
        let escaped: String = CANARY
            .chars()
            .map(|c| format!("\\u{:04X}", c as u32))
            .collect();
        let percent: String = CANARY.bytes().map(|b| format!("%{b:02x}")).collect();
        let bodies = [
            format!(r#"{{"message":"token {escaped} refused"}}"#),
            format!(r#"{{"message":"see https:\/\/x.test\/?t={percent}"}}"#),
            format!(r#"{{"{CANARY}":"as a key"}}"#),
            format!("plain text echo {percent} and {escaped}"),
            format!(r#"{{"broken": "{escaped}"#),
        ];
        for body in &bodies {
            let (text, _) = redact_body(body.as_bytes(), &[CANARY]);
            assert!(!echoes_secret(&text, &[CANARY]), "{body} -> {text}");
            assert!(!text.contains(CANARY) && !text.contains(&percent), "{text}");
        }
        let (text, _) = redact_body(br#"{"message":"nothing secret here"}"#, &[CANARY]);
        assert!(text.contains("nothing secret here"), "{text}");
    }

    #[test]
    fn header_values_are_scrubbed_and_bounded() {
        assert_eq!(clean_header_value("req_1", &[CANARY]), "req_1");
        assert_eq!(clean_header_value(CANARY, &[CANARY]), REDACTED);
        assert_eq!(clean_header_value("a\u{0}b\nc", &[]), "abc");
        assert!(clean_header_value(&"x".repeat(1000), &[]).len() < 160);
    }

    #[test]
    fn request_bodies_name_their_secrets() {
        let body = br#"{"name":"A","password":"Str0ng!pass","nested":{"auth_token":"tok_1"}}"#;
        let mut found = secrets_in_body(body);
        found.sort();
        assert_eq!(found, vec!["Str0ng!pass", "tok_1"]);
        assert!(secrets_in_body(b"not json").is_empty());
    }

    #[test]
    fn long_bodies_are_truncated_on_a_char_boundary() {
        let body = "é".repeat(5000);
        let (text, _) = redact_body(body.as_bytes(), &[]);
        assert!(text.len() < 4200);
        assert!(text.ends_with("[truncated]"));
    }
}
