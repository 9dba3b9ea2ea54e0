//! Placing calls, with the account's own credentials (a sub-account uses its own `SA_`
//! pair): `POST /Account/{auth_id}/Call/`, trailing slash included.
//!
//! A placed call is simulated: answered, 60 s of talk (or `time_limit`, if smaller) after 5 s
//! of ringing. Its CDR is written, and the usage charged to the paying account, once the
//! sandbox clock passes its end (advance it with `POST /__sandbox/clock`).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::input::{body_object, text};
use crate::auth::{own_account, permitted};
use crate::calls::{MAX_CALL_SECONDS, begin, payer};
use crate::kyc::calls_blocked;
use crate::reply::{ApiError, ApiResult, bare, coded, ok};
use crate::store::Shared;

/// Concurrent calls per account (the account's `concurrent_calls_limit`).
const CONCURRENT_CALLS: usize = 10;
/// Talk time of a simulated call, unless `time_limit` is smaller.
const TALK_SECONDS: u64 = 60;
/// `time_limit` default; anything at or above 24 h is cut to 24 h (`MAX_CALL_SECONDS`).
const DEFAULT_TIME_LIMIT: u64 = 14_400;
/// Destinations one request may dial (`to` separated by `<`).
const MAX_DESTINATIONS: usize = 1000;

/// An http(s) URL with something after the scheme: the call's callback URLs.
fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
}

/// `time_limit` as a number or a string of digits (the docs' examples send strings).
fn seconds(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// POST /Account/{auth_id}/Call/ `{from, to, answer_url, …}` → 200 `{api_id, message:"Call
/// fired", request_uuid}`. `to` may hold several destinations separated by `<`; then
/// `request_uuid` is a list with one call per destination. Errors: 400 `{"error":"invalid
/// request parameters","details":{field: msg}}`, 403 `kyc_calls_blocked` for a `customer_use`
/// sub-account whose KYC is incomplete, 402 `insufficient_balance` when the paying wallet is
/// empty, 429 past the concurrent-call limit.
pub async fn make_call(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    store.write(|w| {
        let me = own_account(w, &headers, &auth_id)?.clone();
        let mut details = Map::new();
        let required = "This field is required.";
        let from = text(&body, "from");
        if from.is_none() {
            details.insert("from".into(), json!(required));
        }
        let destinations: Vec<String> = text(&body, "to")
            .map(|to| to.split('<').map(|d| d.trim().to_owned()).filter(|d| !d.is_empty()).collect())
            .unwrap_or_default();
        if destinations.is_empty() {
            details.insert("to".into(), json!(required));
        } else if destinations.len() > MAX_DESTINATIONS {
            details.insert("to".into(), json!(format!("at most {MAX_DESTINATIONS} destinations, separated by <")));
        }
        match text(&body, "answer_url") {
            None => {
                details.insert("answer_url".into(), json!(required));
            }
            Some(url) if !is_http_url(&url) => {
                details.insert("answer_url".into(), json!("must be a valid http or https URL"));
            }
            Some(_) => {}
        }
        for key in ["ring_url", "hangup_url", "fallback_url", "machine_detection_url"] {
            if let Some(url) = text(&body, key)
                && !is_http_url(&url)
            {
                details.insert(key.into(), json!("must be a valid http or https URL"));
            }
        }
        for key in ["answer_method", "ring_method", "hangup_method", "fallback_method", "machine_detection_method"] {
            if let Some(method) = text(&body, key)
                && !method.eq_ignore_ascii_case("GET")
                && !method.eq_ignore_ascii_case("POST")
            {
                details.insert(key.into(), json!("must be GET or POST"));
            }
        }
        if text(&body, "caller_name").is_some_and(|n| n.chars().count() > 50) {
            details.insert("caller_name".into(), json!("must be at most 50 characters"));
        }
        let time_limit = match body.get("time_limit").filter(|v| !v.is_null()) {
            None => DEFAULT_TIME_LIMIT,
            Some(v) => match seconds(v) {
                Some(s) if s >= 1 => s.min(MAX_CALL_SECONDS),
                _ => {
                    details.insert("time_limit".into(), json!("must be a positive number of seconds"));
                    DEFAULT_TIME_LIMIT
                }
            },
        };
        if !details.is_empty() {
            return Err(bare(400, json!({"error": "invalid request parameters", "details": details})));
        }
        let from = from.expect("validated");
        if !permitted(&me, "calls") {
            return Err(coded(403, "forbidden", "this sub-account is not permitted to place calls"));
        }
        if calls_blocked(&me) {
            return Err(coded(403, "kyc_calls_blocked", "calls are blocked until this sub-account completes KYC; complete KYC to place calls"));
        }
        let payer_id = payer(w, &me.auth_id);
        let balance = w.accounts.get(&payer_id).map(|a| a.balance).unwrap_or(Decimal::ZERO);
        if balance <= Decimal::ZERO {
            return Err(coded(402, "insufficient_balance", "insufficient balance to place the call; recharge the account"));
        }
        let running = w.active_calls.iter().filter(|c| c.account_id == me.auth_id).count();
        if running + destinations.len() > CONCURRENT_CALLS {
            let mut e = coded(429, "too_many_requests", format!("concurrent call limit of {CONCURRENT_CALLS} reached"));
            e.retry_after = Some(1);
            return Err(e);
        }
        // The caller ID counts as a call on the DID (its cool-off clock) when the number
        // belongs to the caller's billing family: itself, its parent or its sub-accounts.
        let e164 = if from.starts_with('+') { from.clone() } else { format!("+{from}") };
        let did = w
            .numbers
            .get(&e164)
            .filter(|n| n.status != "released" && n.owner.as_deref().is_some_and(|o| payer(w, o) == payer_id))
            .map(|n| n.e164.clone());
        let talk = TALK_SECONDS.min(time_limit);
        let uuids: Vec<String> = destinations
            .iter()
            .map(|to| begin(w, &me.auth_id, "outbound", &from, to, did.clone(), true, talk))
            .collect();
        let request_uuid = match uuids.as_slice() {
            [one] => json!(one),
            many => json!(many),
        };
        ok(200, json!({"api_id": w.ids.uuid(), "message": "Call fired", "request_uuid": request_uuid}))
    })
}

/// POST /Account/{auth_id}/Call without the trailing slash: 404, as the docs warn.
pub async fn call_without_slash(Path(auth_id): Path<String>) -> ApiError {
    coded(
        404,
        "not_found",
        format!(
            "no such route: use POST /api/v1/Account/{auth_id}/Call/ (with the trailing slash)"
        ),
    )
}
