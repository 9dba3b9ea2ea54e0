//! Turning an error answer into a typed [`Error`].
//!
//! The API has no single error format: `error` may be a
//! code, a sentence or an object; the message may be top-level, nested, or a list of
//! validation details. This module reads all of them into one code / message / details
//! triple, then picks the variant from the status and the body.

use std::time::Duration;

use serde_json::{Map, Value};

use crate::error::{ApiFailure, DecodeFailure, Error};
use crate::money::Money;
use crate::redact;
use crate::timestamp::Timestamp;

/// What the engine knows about an error answer.
pub(crate) struct ErrorAnswer<'a> {
    pub status: u16,
    pub method: &'a str,
    pub path: &'a str,
    pub request_id_header: Option<String>,
    pub retry_after_header: Option<Duration>,
    pub body: &'a [u8],
    /// Secret values (the caller's token) to scrub from the kept body.
    pub secrets: &'a [&'a str],
}

/// Keys consumed into code / message / request id rather than kept as details.
const CONSUMED: [&str; 9] = [
    "error",
    "message",
    "status",
    "status_code",
    "requestId",
    "request_id",
    "timestamp",
    "detail",
    "msg",
];

struct ParsedBody {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    details: Map<String, Value>,
}

impl ParsedBody {
    /// Adds per-field validation text after the general message.
    fn append_message(&mut self, text: String) {
        self.message = Some(match self.message.take() {
            Some(m) => format!("{m}: {text}"),
            None => text,
        });
    }
}

/// A code is a single token (`not_found`, `VALIDATION_ERROR`, `HTTPError`); anything with
/// spaces is a sentence and is treated as the message.
fn looks_like_code(text: &str) -> bool {
    !text.is_empty() && !text.contains(char::is_whitespace)
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `[{loc: ["body","email"], msg: "field required"}, …]` → `body.email: field required; …`
fn validation_list_text(items: &[Value]) -> Option<String> {
    let parts: Vec<String> = items
        .iter()
        .filter_map(|item| {
            let msg = item
                .get("msg")
                .or_else(|| item.get("message"))
                .and_then(scalar_text)?;
            let loc = match item.get("loc").or_else(|| item.get("field")) {
                Some(Value::Array(parts)) => parts
                    .iter()
                    .filter_map(scalar_text)
                    .collect::<Vec<_>>()
                    .join("."),
                Some(other) => scalar_text(other).unwrap_or_default(),
                None => String::new(),
            };
            Some(if loc.is_empty() {
                msg
            } else {
                format!("{loc}: {msg}")
            })
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn parse_body(json: &Value) -> ParsedBody {
    let mut parsed = ParsedBody {
        code: None,
        message: None,
        request_id: None,
        details: Map::new(),
    };
    let Value::Object(map) = json else {
        if let Some(text) = scalar_text(json) {
            parsed.message = Some(text);
        }
        return parsed;
    };

    match map.get("error") {
        // E1 / E6-401: {"error": {"code": …, "message": …, "details": …}}
        Some(Value::Object(inner)) => {
            parsed.code = inner.get("code").and_then(scalar_text);
            parsed.message = inner.get("message").and_then(scalar_text);
            if let Some(details) = inner.get("details") {
                if let Some(Value::Array(errors)) = details.get("errors")
                    && let Some(text) = validation_list_text(errors)
                {
                    parsed.append_message(text);
                }
                parsed.details.insert("details".into(), details.clone());
            }
        }
        // E2–E8: {"error": "code or sentence", …}
        Some(other) => {
            if let Some(text) = scalar_text(other) {
                if looks_like_code(&text) {
                    parsed.code = Some(text);
                } else {
                    parsed.message = Some(text);
                }
            }
        }
        None => {}
    }

    if let Some(message) = map.get("message").and_then(scalar_text) {
        parsed.message = Some(message);
    }
    // E2's 422: a generic message plus a list of per-field problems.
    if let Some(Value::Array(items)) = map.get("details")
        && let Some(text) = validation_list_text(items)
    {
        parsed.append_message(text);
    }
    // FastAPI's own shape: {"detail": "…"} or {"detail": [{loc, msg}]}.
    match map.get("detail") {
        Some(Value::Array(items)) if parsed.message.is_none() => {
            parsed.message = validation_list_text(items);
        }
        Some(other) if parsed.message.is_none() => parsed.message = scalar_text(other),
        _ => {}
    }
    if parsed.message.is_none() {
        parsed.message = map.get("msg").and_then(scalar_text);
    }

    parsed.request_id = ["requestId", "request_id", "api_id"]
        .iter()
        .find_map(|k| map.get(*k).and_then(scalar_text));

    for (key, value) in map {
        if !CONSUMED.contains(&key.as_str()) {
            parsed.details.insert(key.clone(), value.clone());
        }
    }
    parsed
}

/// "Please wait 1799 seconds before resending" → 1799 s.
fn seconds_in_message(message: &str) -> Option<Duration> {
    let words: Vec<&str> = message.split_whitespace().collect();
    words.windows(2).find_map(|pair| {
        let unit = pair[1].trim_end_matches(|c: char| !c.is_alphanumeric());
        if matches!(unit, "seconds" | "second" | "secs" | "sec" | "s") {
            pair[0].parse::<u64>().ok().map(Duration::from_secs)
        } else {
            None
        }
    })
}

fn detail_seconds(details: &Map<String, Value>, keys: &[&str]) -> Option<Duration> {
    let nested = details.get("details").and_then(Value::as_object);
    keys.iter().find_map(|k| {
        details
            .get(*k)
            .or_else(|| nested.and_then(|n| n.get(*k)))
            .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
            .map(Duration::from_secs)
    })
}

fn detail_money(details: &Map<String, Value>, key: &str) -> Option<Money> {
    details
        .get(key)
        .and_then(|v| serde_json::from_value::<Money>(v.clone()).ok())
}

/// Builds the typed error for an error answer.
pub(crate) fn classify(answer: ErrorAnswer<'_>) -> Error {
    let (body, json) = redact::redact_body(answer.body, answer.secrets);
    let parsed = json.as_ref().map(parse_body).unwrap_or(ParsedBody {
        code: None,
        message: None,
        request_id: None,
        details: Map::new(),
    });
    let message = parsed
        .message
        .map(|m| redact::redact_values(&m, answer.secrets));
    let failure = Box::new(ApiFailure {
        status: answer.status,
        method: answer.method.to_owned(),
        path: answer.path.to_owned(),
        code: parsed.code,
        message,
        request_id: answer.request_id_header.or(parsed.request_id),
        details: parsed.details,
        body,
    });

    let code = failure.code.as_deref().unwrap_or("").to_ascii_lowercase();
    let balance_body =
        code == "insufficient_balance" || failure.details.contains_key("current_balance");
    match answer.status {
        402 => insufficient(failure),
        400 if balance_body => insufficient(failure),
        401 => Error::Authentication(failure),
        403 => Error::PermissionDenied(failure),
        404 => Error::NotFound(failure),
        409 if code == "did_cool_off_in_effect"
            || failure.details.contains_key("cool_off_until") =>
        {
            let cool_off_until = failure
                .details
                .get("cool_off_until")
                .and_then(Value::as_str)
                .map(Timestamp::parse);
            let remaining = detail_seconds(&failure.details, &["cool_off_remaining_seconds"]);
            Error::CoolOff {
                failure,
                cool_off_until,
                remaining,
            }
        }
        409 => Error::Conflict(failure),
        422 => Error::Unprocessable(failure),
        429 => {
            let retry_after = answer
                .retry_after_header
                .or_else(|| detail_seconds(&failure.details, &["retryAfter", "retry_after"]))
                .or_else(|| failure.message.as_deref().and_then(seconds_in_message));
            Error::RateLimited {
                failure,
                retry_after,
            }
        }
        500..=599 => Error::Server(failure),
        400..=499 => Error::BadRequest(failure),
        status => Error::Decode(Box::new(DecodeFailure {
            method: failure.method,
            path: failure.path,
            status,
            reason: format!("unexpected status {status}"),
            request_id: failure.request_id,
            body: failure.body,
        })),
    }
}

fn insufficient(failure: Box<ApiFailure>) -> Error {
    let current_balance = detail_money(&failure.details, "current_balance");
    let requested_amount = detail_money(&failure.details, "requested_amount");
    let currency = failure
        .details
        .get("currency")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Error::InsufficientBalance {
        failure,
        current_balance,
        requested_amount,
        currency,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn classify_json(status: u16, body: &str) -> Error {
        classify(ErrorAnswer {
            status,
            method: "POST",
            path: "/api/v1/x",
            request_id_header: None,
            retry_after_header: None,
            body: body.as_bytes(),
            secrets: &["CANARY_SECRET_TOKEN"],
        })
    }

    #[test]
    fn e1_standard_envelope() {
        let err = classify_json(
            422,
            r#"{"status":"error","error":{"code":"VALIDATION_ERROR","message":"Invalid input",
              "details":{"errors":[{"field":"email","message":"is invalid","code":"format","value":"x"}]}},
              "timestamp":"2026-01-01T00:00:00Z","requestId":"req_abc"}"#,
        );
        assert_eq!(err.kind(), ErrorKind::Unprocessable);
        assert_eq!(err.code(), Some("VALIDATION_ERROR"));
        assert_eq!(err.message(), "Invalid input: email: is invalid");
        assert_eq!(err.request_id(), Some("req_abc"));
        let err = classify_json(
            429,
            r#"{"status":"error","error":{"code":"RATE_LIMIT_EXCEEDED","message":"slow down",
              "details":{"limitType":"cps","limit":5,"current":6,"retryAfter":7}}}"#,
        );
        assert!(matches!(err, Error::RateLimited { retry_after: Some(d), .. } if d.as_secs() == 7));
    }

    #[test]
    fn e2_fastapi_style() {
        let err = classify_json(
            409,
            r#"{"error":"HTTPError","message":"Cannot resend: session is 'revoked'","status_code":409}"#,
        );
        assert_eq!(err.kind(), ErrorKind::Conflict);
        assert_eq!(err.code(), Some("HTTPError"));
        assert_eq!(err.message(), "Cannot resend: session is 'revoked'");
        let err = classify_json(
            422,
            r#"{"error":"ValidationError","message":"Request validation failed",
               "details":[{"type":"missing","loc":["body","customer_email"],"msg":"Field required","input":{}}],"status_code":422}"#,
        );
        assert_eq!(
            err.message(),
            "Request validation failed: body.customer_email: Field required"
        );
        let err = classify_json(
            429,
            r#"{"error":"HTTPError","message":"Please wait 1799 seconds before resending","status_code":429}"#,
        );
        assert!(
            matches!(err, Error::RateLimited { retry_after: Some(d), .. } if d.as_secs() == 1799)
        );
    }

    #[test]
    fn e3_insufficient_balance_on_400() {
        let err = classify_json(
            400,
            r#"{"error":"insufficient_balance","message":"Insufficient partner balance","current_balance":200.00,"requested_amount":500.00,"currency":"INR"}"#,
        );
        match err {
            Error::InsufficientBalance {
                current_balance,
                requested_amount,
                currency,
                ref failure,
            } => {
                // The literal's scale is kept, as for amounts sent as strings.
                assert_eq!(current_balance.unwrap().to_string(), "200.00");
                assert_eq!(requested_amount.unwrap().to_string(), "500.00");
                assert_eq!(currency.as_deref(), Some("INR"));
                assert_eq!(failure.code(), Some("insufficient_balance"));
            }
            other => panic!("{other:?}"),
        }
        let err = classify_json(
            402,
            r#"{"status":"error","error":{"code":"INSUFFICIENT_BALANCE","message":"no funds"}}"#,
        );
        assert_eq!(err.kind(), ErrorKind::InsufficientBalance);
        let plain_400 = classify_json(
            400,
            r#"{"error":"invalid_amount","message":"amount must be positive"}"#,
        );
        assert_eq!(plain_400.kind(), ErrorKind::BadRequest);
    }

    #[test]
    fn e4_snake_code_with_message() {
        let err = classify_json(
            404,
            r#"{"error":"not_found","message":"number not found in inventory"}"#,
        );
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert_eq!(err.code(), Some("not_found"));
        assert_eq!(err.message(), "number not found in inventory");
    }

    #[test]
    fn e5_cool_off() {
        let err = classify_json(
            409,
            r#"{"error":"did_cool_off_in_effect","cool_off_until":"2025-06-09T14:23:00Z","cool_off_remaining_seconds":1123200}"#,
        );
        match err {
            Error::CoolOff {
                cool_off_until,
                remaining,
                ..
            } => {
                assert_eq!(cool_off_until.unwrap().raw(), "2025-06-09T14:23:00Z");
                assert_eq!(remaining, Some(Duration::from_secs(1_123_200)));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn e6_sentence_errors_and_numeric_codes() {
        let err = classify_json(400, r#"{"error":"number is not pending release"}"#);
        assert_eq!(err.code(), None);
        assert_eq!(err.message(), "number is not pending release");
        let err = classify_json(401, r#"{"error":{"code":401,"message":"Invalid token"}}"#);
        assert_eq!(err.kind(), ErrorKind::Authentication);
        assert_eq!(err.code(), Some("401"));
        assert_eq!(err.message(), "Invalid token");
    }

    #[test]
    fn e7_api_id_envelope() {
        let err = classify_json(
            404,
            r#"{"api_id":"6f1c-uuid","error":"Recording not found"}"#,
        );
        assert_eq!(err.message(), "Recording not found");
        assert_eq!(err.request_id(), Some("6f1c-uuid"));
    }

    #[test]
    fn e8_march_shapes_keep_their_details() {
        let err = classify_json(
            400,
            r#"{"error":"invalid request parameters","details":{"to":"required"}}"#,
        );
        assert_eq!(err.message(), "invalid request parameters");
        assert_eq!(
            err.api_failure().unwrap().details()["details"]["to"],
            "required"
        );
        let err = classify_json(404, r#"{"error":"Application not found","app_id":"123"}"#);
        assert_eq!(err.api_failure().unwrap().details()["app_id"], "123");
    }

    #[test]
    fn non_json_and_empty_bodies_still_classify() {
        let err = classify_json(502, "<html>Bad Gateway</html>");
        assert_eq!(err.kind(), ErrorKind::Server);
        assert_eq!(err.body(), Some("<html>Bad Gateway</html>"));
        let err = classify_json(404, "");
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert!(err.to_string().contains("404 Not Found"));
        let err = classify_json(418, r#"{"detail":"teapot"}"#);
        assert_eq!(err.kind(), ErrorKind::BadRequest);
        assert_eq!(err.message(), "teapot");
    }

    #[test]
    fn secrets_never_reach_the_error() {
        let err = classify_json(
            400,
            r#"{"error":"bad","message":"token CANARY_SECRET_TOKEN is wrong","sub_account":{"auth_token":"sk_live_zzz"}}"#,
        );
        let all = format!("{err} {err:?} {}", err.body().unwrap());
        assert!(!all.contains("CANARY_SECRET_TOKEN"), "{all}");
        assert!(!all.contains("sk_live_zzz"), "{all}");
    }
}
