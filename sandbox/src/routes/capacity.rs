//! Capacity allocation: a partner moves concurrent-call and CPS slots from its own pool to
//! one of its customers (`transfer`) and back (`reclaim`), reads one customer's allocation,
//! and lists its transfers newest first.
//!
//! A customer's effective limit is its base plan (10 concurrent calls, 2 CPS, as the
//! account object shows) plus what the partner allocated. The history's envelope is not
//! documented; the sandbox answers in the trunk lists' `{meta{limit, offset, total},
//! objects[]}` shape.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde_json::{Map, Value, json};

use super::input::{body_object, query_number, text};
use crate::auth::{calling_partner, own_customer};
use crate::clock::rfc3339;
use crate::reply::{ApiError, ApiResult, coded, ok};
use crate::store::Shared;
use crate::world::{CapacityTransfer, World};

/// A customer's own concurrent-call limit before any allocation.
const BASE_CONCURRENT_CALLS: u64 = 10;
/// A customer's own CPS limit before any allocation.
const BASE_CPS: u64 = 2;
/// Slots one request may move.
const MAX_SLOTS: u64 = 10_000;
/// Longest description.
const MAX_DESCRIPTION: usize = 500;
/// History page size: default and maximum.
const DEFAULT_LIMIT: u64 = 50;
const MAX_LIMIT: u64 = 200;

/// 422 `{"error":"validation_error",…}`, the capacity routes' refusal of a field.
fn unprocessable(message: impl Into<String>) -> ApiError {
    coded(422, "validation_error", message)
}

/// Slots of `resource` the partner has allocated to `customer`, net of reclaims.
fn net_allocated(world: &World, customer: &str, resource: &str) -> u64 {
    world
        .capacity_transfers
        .iter()
        .filter(|t| t.customer == customer && t.resource == resource)
        .fold(0u64, |net, t| match t.direction.as_str() {
            "transfer" => net + t.slots,
            _ => net.saturating_sub(t.slots),
        })
}

/// An account's concurrent-call limit: its base plan plus what its partner allocated.
pub(crate) fn concurrent_calls_limit(world: &World, account: &str) -> u64 {
    BASE_CONCURRENT_CALLS + net_allocated(world, account, "concurrent_calls")
}

fn base(resource: &str) -> u64 {
    if resource == "cps" {
        BASE_CPS
    } else {
        BASE_CONCURRENT_CALLS
    }
}

/// The validated body: resource, slots, description.
fn request(body: &Map<String, Value>) -> Result<(String, u64, Option<String>), ApiError> {
    let resource = match body.get("resource") {
        None | Some(Value::Null) => "concurrent_calls".to_owned(),
        Some(Value::String(r)) if r == "concurrent_calls" || r == "cps" => r.clone(),
        Some(other) => {
            return Err(unprocessable(format!(
                "resource must be concurrent_calls or cps, got {other}"
            )));
        }
    };
    let slots = body
        .get("slots")
        .and_then(Value::as_u64)
        .filter(|s| (1..=MAX_SLOTS).contains(s))
        .ok_or_else(|| unprocessable(format!("slots must be an integer from 1 to {MAX_SLOTS}")))?;
    let description = match body.get("description") {
        None | Some(Value::Null) => None,
        Some(Value::String(d)) if d.chars().count() <= MAX_DESCRIPTION => text(body, "description"),
        Some(Value::String(_)) => {
            return Err(unprocessable(format!(
                "description must be at most {MAX_DESCRIPTION} characters"
            )));
        }
        Some(_) => return Err(unprocessable("description must be a string")),
    };
    Ok((resource, slots, description))
}

/// Moves slots one way or the other; `direction` is `transfer` or `reclaim`.
fn move_capacity(
    store: &Shared,
    headers: &HeaderMap,
    customer: &str,
    body: &Bytes,
    direction: &str,
) -> ApiResult {
    let body = body_object(body)?;
    store.write(|w| {
        let partner = calling_partner(w, headers)?.clone();
        let customer = own_customer(w, &partner, customer)?.auth_id.clone();
        let (resource, slots, description) = request(&body)?;
        let pool = if resource == "cps" {
            partner.cps_pool
        } else {
            partner.concurrent_calls_pool
        };
        let allocated = net_allocated(w, &customer, &resource);
        let (pool_after, allocated_after) = if direction == "transfer" {
            if slots > pool {
                return Err(ApiError {
                    status: axum::http::StatusCode::BAD_REQUEST,
                    body: json!({
                        "error": "insufficient_capacity",
                        "message": format!("the partner pool has {pool} {resource} slots, {slots} requested"),
                        "available": pool,
                        "requested": slots,
                        "resource": resource,
                    }),
                    retry_after: None,
                });
            }
            (pool - slots, allocated + slots)
        } else {
            if slots > allocated {
                return Err(ApiError {
                    status: axum::http::StatusCode::BAD_REQUEST,
                    body: json!({
                        "error": "insufficient_capacity",
                        "message": format!("{customer} has {allocated} allocated {resource} slots, {slots} requested back"),
                        "available": allocated,
                        "requested": slots,
                        "resource": resource,
                    }),
                    retry_after: None,
                });
            }
            (pool + slots, allocated - slots)
        };
        let now = w.now();
        {
            let p = w
                .partners
                .get_mut(&partner.auth_id)
                .expect("authenticated partner");
            if resource == "cps" {
                p.cps_pool = pool_after;
            } else {
                p.concurrent_calls_pool = pool_after;
            }
            p.updated_at = now;
        }
        let effective = base(&resource) + allocated_after;
        let reference = format!("ctr_{}", w.ids.hex(16));
        w.capacity_transfers.push(CapacityTransfer {
            reference: reference.clone(),
            partner: partner.auth_id.clone(),
            customer: customer.clone(),
            direction: direction.to_owned(),
            resource: resource.clone(),
            slots,
            description,
            partner_remaining: pool_after,
            customer_effective: effective,
            created_at: now,
        });
        let (from, to) = if direction == "transfer" {
            (&partner.auth_id, &customer)
        } else {
            (&customer, &partner.auth_id)
        };
        let verb = if direction == "transfer" {
            "Transferred"
        } else {
            "Reclaimed"
        };
        ok(
            200,
            json!({
                "success": true,
                "slots": slots,
                "resource": resource,
                "from_account": from,
                "to_account": to,
                "transfer_reference": reference,
                "partner_remaining": pool_after,
                "customer_effective": effective,
                "message": format!("{verb} {slots} {resource} slots; limits refresh within about 5 minutes"),
            }),
        )
    })
}

pub async fn transfer(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(customer): Path<String>,
    body: Bytes,
) -> ApiResult {
    move_capacity(&store, &headers, &customer, &body, "transfer")
}

pub async fn reclaim(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(customer): Path<String>,
    body: Bytes,
) -> ApiResult {
    move_capacity(&store, &headers, &customer, &body, "reclaim")
}

pub async fn allocation(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(customer): Path<String>,
) -> ApiResult {
    store.read(|w| {
        let partner = calling_partner(w, &headers)?;
        let customer = &own_customer(w, partner, &customer)?.auth_id;
        let calls = net_allocated(w, customer, "concurrent_calls");
        let cps = net_allocated(w, customer, "cps");
        ok(
            200,
            json!({
                "partner_auth_id": partner.auth_id,
                "customer_auth_id": customer,
                "partner_concurrent_calls_limit": partner.concurrent_calls_pool,
                "customer_concurrent_calls_limit": BASE_CONCURRENT_CALLS + calls,
                "net_concurrent_calls_allocated": calls,
                "partner_cps_limit": partner.cps_pool,
                "customer_cps_limit": BASE_CPS + cps,
                "net_cps_allocated": cps,
            }),
        )
    })
}

pub async fn transfers(
    State(store): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.read(|w| {
        let partner = calling_partner(w, &headers)?;
        let limit = query_number(&query, "limit")?.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(unprocessable(format!(
                "limit must be from 1 to {MAX_LIMIT}"
            )));
        }
        let offset = query_number(&query, "offset")?.unwrap_or(0);
        let mine: Vec<&CapacityTransfer> = w
            .capacity_transfers
            .iter()
            .rev()
            .filter(|t| t.partner == partner.auth_id)
            .collect();
        let objects: Vec<Value> = mine
            .iter()
            .skip(offset as usize)
            .take(limit as usize)
            .map(|t| {
                let (from, to) = if t.direction == "transfer" {
                    (&t.partner, &t.customer)
                } else {
                    (&t.customer, &t.partner)
                };
                json!({
                    "transfer_reference": t.reference,
                    "type": t.direction,
                    "resource": t.resource,
                    "slots": t.slots,
                    "from_account": from,
                    "to_account": to,
                    "customer_auth_id": t.customer,
                    "description": t.description,
                    "partner_remaining": t.partner_remaining,
                    "customer_effective": t.customer_effective,
                    "created_at": rfc3339(t.created_at),
                })
            })
            .collect();
        ok(
            200,
            json!({
                "meta": {"limit": limit, "offset": offset, "total": mine.len()},
                "objects": objects,
            }),
        )
    })
}
