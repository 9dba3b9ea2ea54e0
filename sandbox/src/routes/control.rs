//! The control plane under `/__sandbox/`: clock travel, reset, state dump, fault injection,
//! simulated calls and the webhook delivery log. No credentials: the sandbox only listens
//! on loopback, and [`loopback_only`] refuses requests a web page could have sent there.

use std::net::IpAddr;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::Uri;
use axum::http::header::{HOST, ORIGIN};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use chrono::{DateTime, TimeDelta, Utc};
use serde::Deserialize;
use serde_json::json;

use super::input::body_object;
use crate::clock::{rfc3339, saturating_seconds};
use crate::control::{self, ControlError, NumberPatch, SimulatedCall};
use crate::faults::FaultSpec;
use crate::reply::{ApiError, ApiResult, coded, ok};
use crate::store::Shared;

/// The control routes.
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/__sandbox/clock", get(clock).post(set_clock))
        .route("/__sandbox/reset", post(reset))
        .route("/__sandbox/state", get(state))
        .route("/__sandbox/seeded", get(seeded))
        .route(
            "/__sandbox/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/__sandbox/faults/{id}", delete(clear_faults))
        .route("/__sandbox/calls", post(simulate_call))
        .route("/__sandbox/numbers/{e164}", post(set_number))
        .route("/__sandbox/webhooks", get(deliveries))
        .route("/__sandbox/invariant", get(invariant))
}

/// Whether `host` (a `Host` value or a URI host, port allowed) names this machine:
/// `localhost` or a loopback address (`127.0.0.0/8`, `[::1]`).
fn is_loopback_host(host: &str) -> bool {
    let Ok(authority) = host.parse::<axum::http::uri::Authority>() else {
        return false;
    };
    let name = authority.host();
    let ip = name.trim_start_matches('[').trim_end_matches(']');
    name.trim_end_matches('.').eq_ignore_ascii_case("localhost")
        || ip.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Refuses (403) a control request whose `Host` is not a loopback name, or that carries an
/// `Origin` other than a loopback one: a web page the user visits can make the browser POST
/// to `127.0.0.1:<port>` (cross-site, or through a rebound DNS name), but cannot forge
/// either header. The Rust, Python and Node wrappers call from loopback without an `Origin`.
pub(super) async fn loopback_only(request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    let origin_ok = headers.get(ORIGIN).is_none_or(|origin| {
        origin
            .to_str()
            .ok()
            .and_then(|o| o.parse::<Uri>().ok())
            .and_then(|uri| uri.authority().map(|a| is_loopback_host(a.as_str())))
            .unwrap_or(false)
    });
    if !host.is_some_and(is_loopback_host) || !origin_ok {
        return coded(
            403,
            "forbidden",
            "the control plane only answers requests to a loopback Host from no or a loopback Origin",
        )
        .into_response();
    }
    next.run(request).await
}

fn clock_body(now: DateTime<Utc>, offset: TimeDelta) -> serde_json::Value {
    json!({"now": rfc3339(now), "offset_seconds": offset.num_seconds()})
}

async fn clock(State(store): State<Shared>) -> ApiResult {
    let (now, offset) = control::clock(&store);
    ok(200, clock_body(now, offset))
}

#[derive(Deserialize)]
struct ClockChange {
    set: Option<DateTime<Utc>>,
    advance_seconds: Option<i64>,
}

/// `{"set": "<RFC 3339>"}` (earlier or later than now) or `{"advance_seconds": n}` (negative
/// goes back). The clock stays within 1970-01-01T00:00:00Z..=9999-12-31T23:59:59Z: a change
/// that would leave that range is 422, naming the field.
async fn set_clock(State(store): State<Shared>, body: Bytes) -> ApiResult {
    let change: ClockChange = serde_json::from_slice(&body).map_err(|e| {
        coded(
            400,
            "invalid_request",
            format!("expected {{\"set\": RFC 3339}} or {{\"advance_seconds\": n}}: {e}"),
        )
    })?;
    match (change.set, change.advance_seconds) {
        (Some(at), None) => control::try_set_clock(&store, at),
        (None, Some(s)) => control::try_advance_clock(&store, saturating_seconds(s)),
        _ => {
            return Err(coded(
                400,
                "invalid_request",
                "give exactly one of set or advance_seconds",
            ));
        }
    }
    .map_err(control_error)?;
    let (now, offset) = control::clock(&store);
    ok(200, clock_body(now, offset))
}

/// `{"seed": n}` (optional, default the current seed): a fresh seeded world.
async fn reset(State(store): State<Shared>, body: Bytes) -> ApiResult {
    let body = body_object(&body)?;
    let seed = match body.get("seed") {
        None => None,
        Some(v) => Some(v.as_u64().ok_or_else(|| {
            coded(
                400,
                "invalid_request",
                "seed must be a non-negative integer",
            )
        })?),
    };
    ok(
        200,
        serde_json::to_value(control::reset(&store, seed)).unwrap_or_default(),
    )
}

async fn state(State(store): State<Shared>) -> ApiResult {
    ok(200, store.snapshot())
}

async fn seeded(State(store): State<Shared>) -> ApiResult {
    store.read(|w| {
        ok(
            200,
            serde_json::to_value(crate::seed::describe(w)).unwrap_or_default(),
        )
    })
}

async fn list_faults(State(store): State<Shared>) -> ApiResult {
    ok(200, json!({"faults": store.faults.list()}))
}

async fn add_fault(State(store): State<Shared>, body: Bytes) -> ApiResult {
    let spec: FaultSpec = serde_json::from_slice(&body)
        .map_err(|e| coded(400, "invalid_request", format!("not a fault: {e}")))?;
    let id = store
        .faults
        .add(spec)
        .map_err(|e| coded(400, "invalid_request", e))?;
    ok(201, json!({"id": id}))
}

async fn clear_faults(State(store): State<Shared>, id: Option<Path<u64>>) -> ApiResult {
    match id {
        None => store.faults.clear(),
        Some(Path(id)) => {
            let kept: Vec<FaultSpec> = store
                .faults
                .list()
                .into_iter()
                .filter(|f| f.id != id)
                .map(|f| f.spec)
                .collect();
            store.faults.clear();
            for spec in kept {
                let _ = store.faults.add(spec);
            }
        }
    }
    ok(200, json!({"faults": store.faults.list()}))
}

/// `{"e164", "direction"?, "answered"?, "duration_seconds"?, "peer"?}`: a call on an owned
/// DID; its CDR appears once the clock passes its end.
async fn simulate_call(State(store): State<Shared>, body: Bytes) -> ApiResult {
    let call: SimulatedCall = serde_json::from_slice(&body)
        .map_err(|e| coded(400, "invalid_request", format!("not a call: {e}")))?;
    ok(
        201,
        control::simulate_call(&store, &call).map_err(control_error)?,
    )
}

/// `{"application_id"?, "unroute"?, "aadhaar_verification_required"?, "aadhaar_verified"?,
/// "last_billing_date"?, "next_billing_date"?}` for number `e164` (raw `+` or `%2B`).
async fn set_number(
    State(store): State<Shared>,
    Path(e164): Path<String>,
    body: Bytes,
) -> ApiResult {
    let patch: NumberPatch = serde_json::from_slice(&body)
        .map_err(|e| coded(400, "invalid_request", format!("not a number patch: {e}")))?;
    ok(
        200,
        control::set_number(&store, &e164, &patch).map_err(control_error)?,
    )
}

async fn deliveries(State(store): State<Shared>) -> ApiResult {
    store.read(|w| ok(200, json!({"deliveries": w.deliveries})))
}

/// The money invariant: balances plus fees collected equal the money issued.
async fn invariant(State(store): State<Shared>) -> ApiResult {
    ok(200, control::invariant(&store))
}

/// A control error in the shape of the API's coded errors.
pub(super) fn control_error(e: ControlError) -> ApiError {
    coded(e.status, e.code, e.message)
}
