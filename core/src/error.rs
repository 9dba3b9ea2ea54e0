//! The one error type of the SDK.
//!
//! Every failure is a variant a caller can match on: bad input caught before sending
//! ([`Error::Validation`]), an API answer mapped from its status and body, or a transport
//! failure that says whether the request may have taken effect ([`Error::OutcomeUnknown`]).
//! No variant's `Display` or `Debug` holds a secret: bodies are redacted before they are kept.

use std::fmt;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::money::Money;
use crate::timestamp::Timestamp;

/// The SDK's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error answer from the API: its status, the code and message parsed from whichever of
/// the API's error-body shapes it used, the request id, and the redacted body.
#[derive(Clone, PartialEq)]
pub struct ApiFailure {
    pub(crate) status: u16,
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
    pub(crate) details: Map<String, Value>,
    pub(crate) body: String,
}

impl ApiFailure {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }
    /// The request method.
    pub fn method(&self) -> &str {
        &self.method
    }
    /// The request path (without the query string).
    pub fn path(&self) -> &str {
        &self.path
    }
    /// The API's error code (`not_found`, `did_cool_off_in_effect`, `VALIDATION_ERROR`, …).
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }
    /// The API's human-readable message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    /// The request id from a response header, or the body's `requestId` / `api_id`.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    /// Extra fields of the error body (`current_balance`, `cool_off_until`, validation
    /// details…), redacted.
    pub fn details(&self) -> &Map<String, Value> {
        &self.details
    }
    /// The raw response body, redacted and truncated.
    pub fn body(&self) -> &str {
        &self.body
    }
}

impl fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = http_reason(self.status);
        write!(f, "{} {reason}", self.status)?;
        match (&self.message, &self.code) {
            (Some(m), _) => write!(f, ": {m}")?,
            (None, Some(c)) => write!(f, ": {c}")?,
            (None, None) => {}
        }
        write!(f, " (")?;
        if let (Some(_), Some(code)) = (&self.message, &self.code) {
            write!(f, "code {code}; ")?;
        }
        write!(f, "{} {}", self.method, self.path)?;
        if let Some(id) = &self.request_id {
            write!(f, "; request id {id}")?;
        }
        write!(f, ")")
    }
}

impl fmt::Debug for ApiFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiFailure")
            .field("status", &self.status)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("body", &self.body)
            .finish()
    }
}

fn http_reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

/// Every failure the SDK reports.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Input refused before anything was sent; `field` names the offending input.
    #[error("invalid {field}: {reason}")]
    Validation {
        /// The input that was refused (`phone`, `amount`, `auth_id`, `VOBIZ_AUTH_ID`…).
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// 400, or another 4xx the API does not document a meaning for.
    #[error("bad request: {0}")]
    BadRequest(Box<ApiFailure>),
    /// 401: the credentials were refused.
    #[error("authentication failed: {0}")]
    Authentication(Box<ApiFailure>),
    /// 403: these credentials may not do this (wrong scope, a capability flag, a limit).
    #[error("permission denied: {0}")]
    PermissionDenied(Box<ApiFailure>),
    /// 404: not found, or not yours (the API answers 404 for other partners' resources).
    #[error("not found: {0}")]
    NotFound(Box<ApiFailure>),
    /// 409: the resource's state forbids this (e.g. a KYC session already terminal).
    #[error("conflict: {0}")]
    Conflict(Box<ApiFailure>),
    /// 409 `did_cool_off_in_effect`: the DID had a call in the last 15 days and cannot be
    /// unassigned before `cool_off_until`.
    #[error("number is in its cool-off period{}: {failure}", until_text(.cool_off_until))]
    CoolOff {
        /// The API's answer.
        failure: Box<ApiFailure>,
        /// When the cool-off ends.
        cool_off_until: Option<Timestamp>,
        /// How long is left, as the server counted it.
        remaining: Option<Duration>,
    },
    /// 422: a field failed the server's validation (weak password, duplicate email, …).
    #[error("unprocessable: {0}")]
    Unprocessable(Box<ApiFailure>),
    /// 429: too many requests, or a cooldown (KYC resend); `retry_after` says how long.
    #[error("rate limited{}: {failure}", retry_text(.retry_after))]
    RateLimited {
        /// The API's answer.
        failure: Box<ApiFailure>,
        /// From `Retry-After`, or the seconds the message names.
        retry_after: Option<Duration>,
    },
    /// 402, or 400 with balance details: the paying balance cannot cover the amount.
    #[error("insufficient balance: {failure}")]
    InsufficientBalance {
        /// The API's answer.
        failure: Box<ApiFailure>,
        /// The balance the server saw, when it said.
        current_balance: Option<Money>,
        /// The amount asked for, when it said.
        requested_amount: Option<Money>,
        /// The currency of both, when it said.
        currency: Option<String>,
    },
    /// 5xx. On a POST the change may or may not have been made; check before retrying.
    #[error("server error: {0}")]
    Server(Box<ApiFailure>),
    /// An unsafe request (POST) was sent but no answer came back: it may have taken effect.
    /// It was not retried; reconcile (e.g. look the transfer up in the ledger) before trying
    /// again.
    #[error(
        "outcome unknown: {method} {path} was sent but no answer arrived ({cause}) after {attempts} attempt(s); it may have taken effect, check before retrying"
    )]
    OutcomeUnknown {
        /// The request method.
        method: String,
        /// The request path.
        path: String,
        /// How many times the request was sent or tried.
        attempts: u32,
        /// What went wrong.
        cause: String,
    },
    /// A safe request ran out of time on every attempt.
    #[error("timed out: {method} {path} got no answer within {timeout:?} ({attempts} attempt(s))")]
    Timeout {
        /// The request method.
        method: String,
        /// The request path.
        path: String,
        /// How many attempts were made.
        attempts: u32,
        /// The per-attempt limit that ran out.
        timeout: Duration,
    },
    /// The request could not be delivered (connection refused, TLS failure, a refused
    /// redirect…). For a POST this is only reported when it provably never left.
    #[error("transport error: {method} {path}: {cause} ({attempts} attempt(s))")]
    Transport {
        /// The request method.
        method: String,
        /// The request path.
        path: String,
        /// How many attempts were made.
        attempts: u32,
        /// What went wrong.
        cause: String,
    },
    /// The API answered, but the body could not be read as the expected shape.
    #[error("{0}")]
    Decode(Box<DecodeFailure>),
    /// An unsafe request (POST) was answered with a redirect the SDK does not follow: a
    /// 301/302/303 (following it would turn the POST into a GET whose answer says nothing
    /// about the POST), a 307/308 to another origin (the body would go there), or a second
    /// redirect. The server may have acted on the request: reconcile before trying again.
    #[error(
        "redirect not followed: {method} {path} was answered {status} to {location} after {attempts} attempt(s); it may have taken effect, check before retrying"
    )]
    Redirect {
        /// The request method.
        method: String,
        /// The request path.
        path: String,
        /// How many times the request was sent.
        attempts: u32,
        /// The redirect status (301, 302, 303, 307, 308).
        status: u16,
        /// Where the server pointed, without its query string (which may carry a session).
        location: String,
    },
    /// The answer was larger than the configured limit
    /// ([`crate::ClientConfigBuilder::max_response_bytes`], or the request's own); reading
    /// stopped there. For a POST answered 2xx or 5xx the change may have been made.
    #[error(
        "response too large: the {status} answer to {method} {path} exceeds the {limit} byte limit"
    )]
    ResponseTooLarge {
        /// The request method.
        method: String,
        /// The request path.
        path: String,
        /// The HTTP status of the answer.
        status: u16,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A bug in the SDK (a panic) was caught before it could cross into the caller's
    /// language. The client stays usable. The operation may or may not have taken effect.
    #[error("internal error in vobiz-partner (please report it): {message}")]
    Internal {
        /// What went wrong, without any argument value.
        message: String,
    },
    /// A webhook was refused by [`crate::webhooks::verify`]: no or a malformed signature, a
    /// signature that does not match the body and key, an event too old, or a body that is
    /// not an event. `reason` never holds the key.
    #[error("webhook refused: {reason}")]
    Webhook {
        /// Why it was refused.
        reason: String,
    },
}

/// An answer whose body did not have the expected shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeFailure {
    /// The request method.
    pub method: String,
    /// The request path.
    pub path: String,
    /// The HTTP status of the answer.
    pub status: u16,
    /// Why decoding failed.
    pub reason: String,
    /// The request id, when the answer carried one.
    pub request_id: Option<String>,
    /// The body, redacted and truncated.
    pub body: String,
}

impl fmt::Display for DecodeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the {} response to {} {}: {}{}",
            self.status,
            self.method,
            self.path,
            self.reason,
            request_id_text(&self.request_id)
        )
    }
}

fn until_text(until: &Option<Timestamp>) -> String {
    until
        .as_ref()
        .map(|t| format!(" until {t}"))
        .unwrap_or_default()
}

fn retry_text(after: &Option<Duration>) -> String {
    after
        .map(|d| format!(" (retry after {}s)", d.as_secs()))
        .unwrap_or_default()
}

fn request_id_text(id: &Option<String>) -> String {
    id.as_ref()
        .map(|id| format!(" (request id {id})"))
        .unwrap_or_default()
}

/// The variant of an [`Error`], without its data: what bindings map to their exception
/// classes and error codes ([`crate::error_catalogue`] describes each class).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// [`Error::Validation`]
    Validation,
    /// [`Error::BadRequest`]
    BadRequest,
    /// [`Error::Authentication`]
    Authentication,
    /// [`Error::PermissionDenied`]
    PermissionDenied,
    /// [`Error::NotFound`]
    NotFound,
    /// [`Error::Conflict`]
    Conflict,
    /// [`Error::CoolOff`]
    CoolOff,
    /// [`Error::Unprocessable`]
    Unprocessable,
    /// [`Error::RateLimited`]
    RateLimited,
    /// [`Error::InsufficientBalance`]
    InsufficientBalance,
    /// [`Error::Server`]
    Server,
    /// [`Error::OutcomeUnknown`]
    OutcomeUnknown,
    /// [`Error::Timeout`]
    Timeout,
    /// [`Error::Transport`]
    Transport,
    /// [`Error::Decode`]
    Decode,
    /// [`Error::Webhook`]
    Webhook,
    /// [`Error::Redirect`]
    Redirect,
    /// [`Error::ResponseTooLarge`]
    ResponseTooLarge,
    /// [`Error::Internal`]
    Internal,
}

impl ErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: [ErrorKind; 19] = [
        ErrorKind::Validation,
        ErrorKind::BadRequest,
        ErrorKind::Authentication,
        ErrorKind::PermissionDenied,
        ErrorKind::NotFound,
        ErrorKind::Conflict,
        ErrorKind::CoolOff,
        ErrorKind::Unprocessable,
        ErrorKind::RateLimited,
        ErrorKind::InsufficientBalance,
        ErrorKind::Server,
        ErrorKind::OutcomeUnknown,
        ErrorKind::Timeout,
        ErrorKind::Transport,
        ErrorKind::Decode,
        ErrorKind::Webhook,
        ErrorKind::Redirect,
        ErrorKind::ResponseTooLarge,
        ErrorKind::Internal,
    ];

    /// A stable code for the kind (`"VALIDATION"`, `"COOL_OFF"`, …): the `code` of the
    /// Python and Node error classes (see [`crate::error_catalogue`]), and in logs.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Validation => "VALIDATION",
            ErrorKind::BadRequest => "BAD_REQUEST",
            ErrorKind::Authentication => "AUTHENTICATION",
            ErrorKind::PermissionDenied => "PERMISSION_DENIED",
            ErrorKind::NotFound => "NOT_FOUND",
            ErrorKind::Conflict => "CONFLICT",
            ErrorKind::CoolOff => "COOL_OFF",
            ErrorKind::Unprocessable => "UNPROCESSABLE",
            ErrorKind::RateLimited => "RATE_LIMITED",
            ErrorKind::InsufficientBalance => "INSUFFICIENT_BALANCE",
            ErrorKind::Server => "SERVER",
            ErrorKind::OutcomeUnknown => "OUTCOME_UNKNOWN",
            ErrorKind::Timeout => "TIMEOUT",
            ErrorKind::Transport => "TRANSPORT",
            ErrorKind::Decode => "DECODE",
            ErrorKind::Webhook => "WEBHOOK",
            ErrorKind::Redirect => "REDIRECT",
            ErrorKind::ResponseTooLarge => "RESPONSE_TOO_LARGE",
            ErrorKind::Internal => "INTERNAL",
        }
    }
}

impl Error {
    /// A validation error for `field`.
    pub fn validation(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Validation {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// A refused webhook ([`Error::Webhook`]).
    pub fn webhook(reason: impl Into<String>) -> Self {
        Error::Webhook {
            reason: reason.into(),
        }
    }

    /// The variant, without data.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Validation { .. } => ErrorKind::Validation,
            Error::BadRequest(_) => ErrorKind::BadRequest,
            Error::Authentication(_) => ErrorKind::Authentication,
            Error::PermissionDenied(_) => ErrorKind::PermissionDenied,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::Conflict(_) => ErrorKind::Conflict,
            Error::CoolOff { .. } => ErrorKind::CoolOff,
            Error::Unprocessable(_) => ErrorKind::Unprocessable,
            Error::RateLimited { .. } => ErrorKind::RateLimited,
            Error::InsufficientBalance { .. } => ErrorKind::InsufficientBalance,
            Error::Server(_) => ErrorKind::Server,
            Error::OutcomeUnknown { .. } => ErrorKind::OutcomeUnknown,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Transport { .. } => ErrorKind::Transport,
            Error::Decode(_) => ErrorKind::Decode,
            Error::Webhook { .. } => ErrorKind::Webhook,
            Error::Redirect { .. } => ErrorKind::Redirect,
            Error::ResponseTooLarge { .. } => ErrorKind::ResponseTooLarge,
            Error::Internal { .. } => ErrorKind::Internal,
        }
    }

    /// The API's answer, for the variants that have one.
    pub fn api_failure(&self) -> Option<&ApiFailure> {
        match self {
            Error::BadRequest(f)
            | Error::Authentication(f)
            | Error::PermissionDenied(f)
            | Error::NotFound(f)
            | Error::Conflict(f)
            | Error::Unprocessable(f)
            | Error::Server(f)
            | Error::CoolOff { failure: f, .. }
            | Error::RateLimited { failure: f, .. }
            | Error::InsufficientBalance { failure: f, .. } => Some(f),
            _ => None,
        }
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode(d) => Some(d.status),
            Error::Redirect { status, .. } | Error::ResponseTooLarge { status, .. } => {
                Some(*status)
            }
            other => other.api_failure().map(|f| f.status),
        }
    }

    /// The API's error code, when the body carried one.
    pub fn code(&self) -> Option<&str> {
        self.api_failure().and_then(|f| f.code())
    }

    /// The API's message when it answered; otherwise this error's own description.
    pub fn message(&self) -> String {
        match self.api_failure().and_then(|f| f.message()) {
            Some(m) => m.to_owned(),
            None => self.to_string(),
        }
    }

    /// The request id, when the answer carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Decode(d) => d.request_id.as_deref(),
            other => other.api_failure().and_then(|f| f.request_id()),
        }
    }

    /// The redacted response body, when there was one.
    pub fn body(&self) -> Option<&str> {
        match self {
            Error::Decode(d) => Some(&d.body),
            other => other.api_failure().map(|f| f.body()),
        }
    }

    /// The refused field of a [`Error::Validation`].
    pub fn validation_field(&self) -> Option<&str> {
        match self {
            Error::Validation { field, .. } => Some(field),
            _ => None,
        }
    }

    /// Whether the request might have changed server state although it failed: an
    /// [`Error::OutcomeUnknown`] or [`Error::Redirect`], a 5xx answer to a POST, a 2xx answer
    /// to a POST that could not be read ([`Error::Decode`], [`Error::ResponseTooLarge`]), or
    /// an [`Error::Internal`].
    pub fn outcome_unknown(&self) -> bool {
        match self {
            Error::OutcomeUnknown { .. } | Error::Redirect { .. } | Error::Internal { .. } => true,
            Error::Server(f) => f.method == "POST",
            Error::Decode(d) => d.method == "POST" && (200..300).contains(&d.status),
            Error::ResponseTooLarge { method, status, .. } => {
                method == "POST" && !(400..500).contains(status)
            }
            _ => false,
        }
    }
}

/// An [`Error`] flattened into plain fields: what the Python and Node layers turn into
/// their exception objects, so neither re-implements the mapping. Every text field is
/// already redacted.
///
/// The fields are those of the error catalogue ([`crate::error_catalogue`]), with the same
/// names as the Python attributes (and, camelCased, the Node properties). Those that do not
/// apply to the report's kind are `None`. A binding reads them through
/// [`ErrorReport::fields`], typed by the catalogue.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct ErrorReport {
    /// [`ErrorKind::code`] of the variant: the error's stable code (`"NOT_FOUND"`).
    pub code: &'static str,
    /// The full, redacted description (the `Display` text).
    pub description: String,
    /// The HTTP status.
    pub status: Option<u16>,
    /// The API's own error code (`not_found`, `did_cool_off_in_effect`…).
    pub api_code: Option<String>,
    /// The API's message, or the description when the API gave none.
    pub api_message: String,
    /// The request id.
    pub request_id: Option<String>,
    /// The redacted body.
    pub body: Option<String>,
    /// The request method, when a request was made.
    pub method: Option<String>,
    /// The request path, when a request was made.
    pub path: Option<String>,
    /// Whether the request may have taken effect although it failed
    /// ([`Error::outcome_unknown`]).
    pub outcome_unknown: bool,
    /// The refused input of a validation error.
    pub field: Option<String>,
    /// Why it was refused (a validation error, a refused webhook).
    pub reason: Option<String>,
    /// Attempts made, for transport-level failures and refused redirects.
    pub attempts: Option<u32>,
    /// Where a refused redirect pointed ([`Error::Redirect`]).
    pub location: Option<String>,
    /// The size limit an answer exceeded ([`Error::ResponseTooLarge`]), in bytes.
    pub limit_bytes: Option<u64>,
    /// Seconds to wait, for rate limits.
    pub retry_after: Option<f64>,
    /// When a DID's cool-off ends, as milliseconds since the Unix epoch (when the API's text
    /// carried an offset).
    pub cool_off_until: Option<i64>,
    /// When a DID's cool-off ends, as the API wrote it.
    pub cool_off_until_text: Option<String>,
    /// Seconds of cool-off left, as the server counted them.
    pub remaining_seconds: Option<u64>,
    /// The balance the server saw, as a decimal string.
    pub current_balance: Option<String>,
    /// The amount asked for, as a decimal string.
    pub requested_amount: Option<String>,
    /// The currency of those amounts.
    pub currency: Option<String>,
}

impl Error {
    /// The flattened view bindings use.
    pub fn report(&self) -> ErrorReport {
        let failure = self.api_failure();
        let mut report = ErrorReport {
            code: self.kind().code(),
            description: self.to_string(),
            api_message: self.message(),
            status: self.status(),
            api_code: self.code().map(str::to_owned),
            request_id: self.request_id().map(str::to_owned),
            body: self.body().map(str::to_owned),
            method: failure.map(|f| f.method.clone()),
            path: failure.map(|f| f.path.clone()),
            outcome_unknown: self.outcome_unknown(),
            ..ErrorReport::default()
        };
        match self {
            Error::Validation { field, reason } => {
                report.field = Some(field.clone());
                report.reason = Some(reason.clone());
            }
            Error::Webhook { reason } => report.reason = Some(reason.clone()),
            Error::CoolOff {
                cool_off_until,
                remaining,
                ..
            } => {
                report.cool_off_until_text = cool_off_until.as_ref().map(|t| t.raw().to_owned());
                report.cool_off_until = cool_off_until
                    .as_ref()
                    .and_then(Timestamp::to_utc)
                    .map(|t| t.timestamp_millis());
                report.remaining_seconds = remaining.map(|d| d.as_secs());
            }
            Error::RateLimited { retry_after, .. } => {
                report.retry_after = retry_after.map(|d| d.as_secs_f64());
            }
            Error::InsufficientBalance {
                current_balance,
                requested_amount,
                currency,
                ..
            } => {
                report.current_balance = current_balance.map(|m| m.to_string());
                report.requested_amount = requested_amount.map(|m| m.to_string());
                report.currency = currency.clone();
            }
            Error::OutcomeUnknown {
                method,
                path,
                attempts,
                ..
            }
            | Error::Transport {
                method,
                path,
                attempts,
                ..
            }
            | Error::Timeout {
                method,
                path,
                attempts,
                ..
            }
            | Error::Redirect {
                method,
                path,
                attempts,
                ..
            } => {
                report.method = Some(method.clone());
                report.path = Some(path.clone());
                report.attempts = Some(*attempts);
                if let Error::Redirect { location, .. } = self {
                    report.location = Some(location.clone());
                }
            }
            Error::Decode(d) => {
                report.method = Some(d.method.clone());
                report.path = Some(d.path.clone());
            }
            Error::ResponseTooLarge {
                method,
                path,
                limit,
                ..
            } => {
                report.method = Some(method.clone());
                report.path = Some(path.clone());
                report.limit_bytes = Some(*limit);
            }
            _ => {}
        }
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(status: u16, message: Option<&str>, code: Option<&str>) -> Box<ApiFailure> {
        Box::new(ApiFailure {
            status,
            method: "POST".into(),
            path: "/api/v1/partner/accounts".into(),
            code: code.map(Into::into),
            message: message.map(Into::into),
            request_id: Some("req_42".into()),
            details: Map::new(),
            body: "{}".into(),
        })
    }

    #[test]
    fn display_names_status_message_code_route_and_request_id() {
        let err = Error::Unprocessable(failure(
            422,
            Some("email already in use"),
            Some("ValidationError"),
        ));
        assert_eq!(
            err.to_string(),
            "unprocessable: 422 Unprocessable Entity: email already in use (code ValidationError; POST /api/v1/partner/accounts; request id req_42)"
        );
        let err = Error::NotFound(failure(404, None, Some("not_found")));
        assert_eq!(
            err.to_string(),
            "not found: 404 Not Found: not_found (POST /api/v1/partner/accounts; request id req_42)"
        );
        assert_eq!(err.status(), Some(404));
        assert_eq!(err.code(), Some("not_found"));
        assert_eq!(err.request_id(), Some("req_42"));
        assert_eq!(err.kind().code(), "NOT_FOUND");
    }

    #[test]
    fn a_post_answered_with_5xx_is_flagged_as_unknown_outcome() {
        assert!(Error::Server(failure(500, None, None)).outcome_unknown());
        let mut get = failure(500, None, None);
        get.method = "GET".into();
        assert!(!Error::Server(get).outcome_unknown());
        assert!(!Error::validation("amount", "must be > 0").outcome_unknown());
    }
}
