//! Core errors → JS errors.
//!
//! The JS error is built on the JS thread (a `napi::Error` made `From` a JS value is thrown or
//! rejected as that very object), so it can carry the kind in `code` and the whole report in
//! `vobiz`, with no parsing of messages on the JS side.

use napi::bindgen_prelude::*;
use napi_derive::napi;

/// The flattened, redacted view of a core error (`vobiz_partner::ErrorReport`), as the
/// `vobiz` property of every error this addon throws. Absent fields are `undefined`.
#[napi(object)]
#[derive(Clone, Debug, Default)]
pub struct NativeErrorReport {
    /// `ErrorKind::code()`: `"VALIDATION"`, `"NOT_FOUND"`, `"COOL_OFF"`, …
    pub kind: String,
    /// The full, redacted description (the JS `message`).
    pub description: String,
    /// The API's message, or the description when the API gave none.
    pub message: String,
    /// The HTTP status of the answer.
    pub status: Option<u32>,
    /// The API's own error code (`not_found`, `did_cool_off_in_effect`, …).
    pub api_code: Option<String>,
    /// The request id of the answer.
    pub request_id: Option<String>,
    /// The redacted, truncated response body.
    pub body: Option<String>,
    /// The request method.
    pub method: Option<String>,
    /// The request path (encoded, without the query).
    pub path: Option<String>,
    /// The refused input of a validation error.
    pub field: Option<String>,
    /// Why it was refused.
    pub reason: Option<String>,
    /// How many attempts were made (transport-level failures, refused redirects).
    pub attempts: Option<u32>,
    /// Where a refused redirect pointed, without its query (`REDIRECT`).
    pub location: Option<String>,
    /// The size limit an answer exceeded, in bytes (`RESPONSE_TOO_LARGE`).
    pub limit_bytes: Option<f64>,
    /// Seconds to wait before retrying (rate limits).
    pub retry_after_secs: Option<f64>,
    /// When a number's cool-off ends, as the API wrote it.
    pub cool_off_until: Option<String>,
    /// The same instant in milliseconds since the epoch, when the core could read it.
    pub cool_off_until_ms: Option<f64>,
    /// Seconds of cool-off left, as the server counted them.
    pub cool_off_remaining_secs: Option<f64>,
    /// The balance the server saw, as a decimal string.
    pub current_balance: Option<String>,
    /// The amount asked for, as a decimal string.
    pub requested_amount: Option<String>,
    /// The currency of those amounts.
    pub currency: Option<String>,
    /// Whether the request may have taken effect although it failed (a lost answer, a 5xx
    /// to a POST, a refused redirect of a POST, a caught panic): reconcile before retrying.
    pub outcome_unknown: bool,
}

impl From<&vobiz_partner::Error> for NativeErrorReport {
    fn from(error: &vobiz_partner::Error) -> Self {
        let r = error.report();
        NativeErrorReport {
            kind: r.kind.to_owned(),
            description: r.description,
            message: r.message,
            status: r.status.map(u32::from),
            api_code: r.code,
            request_id: r.request_id,
            body: r.body,
            method: r.method,
            path: r.path,
            field: r.field,
            reason: r.reason,
            attempts: r.attempts,
            location: r.location,
            limit_bytes: r.limit_bytes.map(|n| n as f64),
            retry_after_secs: r.retry_after_secs,
            cool_off_until: r.cool_off_until,
            cool_off_until_ms: r.cool_off_until_epoch_ms.map(|ms| ms as f64),
            cool_off_remaining_secs: r.cool_off_remaining_secs.map(|s| s as f64),
            current_balance: r.current_balance,
            requested_amount: r.requested_amount,
            currency: r.currency,
            outcome_unknown: r.outcome_unknown,
        }
    }
}

/// The JS error for a core error: `Error(description)` with `code` = kind and `vobiz` =
/// the report. Must run on the JS thread.
pub(crate) fn to_js(env: &Env, error: &vobiz_partner::Error) -> napi::Error {
    let report = NativeErrorReport::from(error);
    let description = report.description.clone();
    build(env, report).unwrap_or_else(|_| napi::Error::new(Status::GenericFailure, description))
}

fn build(env: &Env, report: NativeErrorReport) -> Result<napi::Error> {
    let mut object = env.create_error(napi::Error::new(
        Status::GenericFailure,
        report.description.clone(),
    ))?;
    object.set_named_property("code", report.kind.clone())?;
    object.set_named_property("vobiz", report)?;
    Ok(napi::Error::from(object.to_unknown()))
}

/// `result`, with a core error turned into its JS error.
pub(crate) fn js_result<T>(env: &Env, result: vobiz_partner::Result<T>) -> Result<T> {
    result.map_err(|e| to_js(env, &e))
}
