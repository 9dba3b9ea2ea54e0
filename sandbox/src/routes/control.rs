//! The control plane under `/__sandbox/`: clock travel, reset, state dump, fault injection,
//! simulated calls and the webhook delivery log. No credentials: the sandbox only listens
//! on loopback.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::{delete, get, post};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use serde_json::json;

use super::input::body_object;
use crate::clock::rfc3339;
use crate::faults::FaultSpec;
use crate::reply::{ApiResult, coded, ok};
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
        .route("/__sandbox/webhooks", get(deliveries))
        .route("/__sandbox/invariant", get(invariant))
}

fn clock_body(now: DateTime<Utc>, offset: Duration) -> serde_json::Value {
    json!({"now": rfc3339(now), "offset_seconds": offset.num_seconds()})
}

async fn clock(State(store): State<Shared>) -> ApiResult {
    store.read(|w| ok(200, clock_body(w.now(), w.clock.offset())))
}

#[derive(Deserialize)]
struct ClockChange {
    set: Option<DateTime<Utc>>,
    advance_seconds: Option<i64>,
}

/// `{"set": "<RFC 3339>"}` or `{"advance_seconds": n}`.
async fn set_clock(State(store): State<Shared>, body: Bytes) -> ApiResult {
    let change: ClockChange = serde_json::from_slice(&body).map_err(|e| {
        coded(
            400,
            "invalid_request",
            format!("expected {{\"set\": RFC 3339}} or {{\"advance_seconds\": n}}: {e}"),
        )
    })?;
    store.write(|w| {
        match (change.set, change.advance_seconds) {
            (Some(at), None) => w.clock.set(at),
            (None, Some(s)) => w.clock.advance(Duration::seconds(s)),
            _ => {
                return Err(coded(
                    400,
                    "invalid_request",
                    "give exactly one of set or advance_seconds",
                ));
            }
        }
        Ok(())
    })?;
    // Reading settles calls that ended in the jump.
    store.read(|w| ok(200, clock_body(w.now(), w.clock.offset())))
}

/// `{"seed": n}` (optional, default the current seed): a fresh seeded world.
async fn reset(State(store): State<Shared>, body: Bytes) -> ApiResult {
    let body = body_object(&body)?;
    let seed = match body.get("seed") {
        None => store.read(|w| w.seed),
        Some(v) => v.as_u64().ok_or_else(|| {
            coded(
                400,
                "invalid_request",
                "seed must be a non-negative integer",
            )
        })?,
    };
    let world = crate::seed::seed_world(seed);
    let seeded = crate::seed::describe(&world);
    store.replace(world);
    store.faults.clear();
    ok(200, serde_json::to_value(seeded).unwrap_or_default())
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

#[derive(Deserialize)]
struct SimulatedCall {
    /// The owned DID the call uses.
    e164: String,
    /// `inbound` (to the DID) or `outbound` (from it).
    #[serde(default = "inbound")]
    direction: String,
    #[serde(default = "yes")]
    answered: bool,
    #[serde(default = "sixty")]
    duration_seconds: u64,
    /// The other party (default a fixed test number).
    #[serde(default)]
    peer: Option<String>,
}

fn inbound() -> String {
    "inbound".into()
}
fn yes() -> bool {
    true
}
fn sixty() -> u64 {
    60
}

/// Simulates a call on an owned DID; its CDR appears once the clock passes its end
/// (advance the clock, or wait).
async fn simulate_call(State(store): State<Shared>, body: Bytes) -> ApiResult {
    let call: SimulatedCall = serde_json::from_slice(&body)
        .map_err(|e| coded(400, "invalid_request", format!("not a call: {e}")))?;
    if call.direction != "inbound" && call.direction != "outbound" {
        return Err(coded(
            400,
            "invalid_request",
            "direction must be inbound or outbound",
        ));
    }
    store.write(|w| {
        let number =
            w.numbers.get(&call.e164).cloned().ok_or_else(|| {
                coded(404, "not_found", format!("number {} not found", call.e164))
            })?;
        let owner = number.owner.clone().ok_or_else(|| {
            coded(
                409,
                "conflict",
                "the number is in inventory; only owned numbers take calls",
            )
        })?;
        let peer = call.peer.unwrap_or_else(|| "+919999900000".into());
        let (from, to) = if call.direction == "inbound" {
            (peer, number.e164.clone())
        } else {
            (number.e164.clone(), peer)
        };
        let uuid = crate::calls::begin(
            w,
            &owner,
            &call.direction,
            &from,
            &to,
            Some(number.e164.clone()),
            call.answered,
            call.duration_seconds,
        );
        let ends_at = w
            .active_calls
            .iter()
            .find(|c| c.uuid == uuid)
            .map(|c| rfc3339(c.ends_at));
        ok(
            201,
            json!({"call_uuid": uuid, "account_id": owner, "ends_at": ends_at}),
        )
    })
}

async fn deliveries(State(store): State<Shared>) -> ApiResult {
    store.read(|w| ok(200, json!({"deliveries": w.deliveries})))
}

/// The money invariant: balances plus fees charged equal the money issued.
async fn invariant(State(store): State<Shared>) -> ApiResult {
    store.read(|w| {
        let balances = w.total_balances();
        let fees = w.fees_collected;
        ok(
            200,
            json!({
                "balances": crate::money::dp5(balances),
                "fees_collected": crate::money::dp5(fees),
                "money_issued": crate::money::dp5(w.money_issued),
                "holds": balances + fees == w.money_issued,
            }),
        )
    })
}
