//! An account's own records, with its own credentials (a sub-account uses its own `SA_`
//! pair): the account object with its wallet (`GET /Account/{auth_id}/`, where the API
//! keeps the balance: `cash_credits`, a 5-decimal string), its CDRs (`/cdr`, alias `/cdrs`,
//! `/cdr/search`, `/cdr/recent`, `/cdr/{call_uuid}`), its recordings (`/Recording/`) and its
//! calls in progress against its limit (`/concurrency`).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde_json::{Value, json};

use super::cdr_lists::{account_cdrs, cdr_page};
use super::input::{query_number, query_text};
use super::render;
use crate::auth::{cdr_reader, own_account};
use crate::money::dp5;
use crate::reply::{ApiResult, bare, coded, ok};
use crate::store::Shared;
use crate::world::Role;

/// GET /Account/{auth_id}/ → the account object; another account's id is 403, a partner's
/// credentials 403, bad credentials 401.
pub async fn account(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
) -> ApiResult {
    store.write(|w| {
        let me = own_account(w, &headers, &auth_id)?.clone();
        let api_id = w.ids.uuid();
        let profile = |key: &str| me.profile.get(key).cloned().unwrap_or(Value::Null);
        let timezone = match profile("timezone") {
            Value::Null if me.country == "IN" => json!("Asia/Kolkata"),
            other => other,
        };
        let (account_type, parent) = match &me.role {
            Role::Sub { parent } => (
                json!("sub_account"),
                json!(format!("/v1/Account/{parent}/")),
            ),
            _ => (
                me.profile
                    .get("account_type")
                    .cloned()
                    .unwrap_or(json!("standard")),
                Value::Null,
            ),
        };
        ok(
            200,
            json!({
                "account_type": account_type,
                "address": profile("address"),
                "api_id": api_id,
                "auth_id": me.auth_id,
                "auto_recharge": false,
                "billing_mode": "prepaid",
                "cash_credits": dp5(me.balance),
                "city": profile("city"),
                "country": me.country,
                "created": me.created_at.date_naive().to_string(),
                "currency": me.currency,
                "enabled": me.enabled,
                "modified": me.updated_at.date_naive().to_string(),
                "name": me.name,
                "parent_account": parent,
                "resource_uri": format!("/v1/Account/{}/", me.auth_id),
                "state": profile("state"),
                "timezone": timezone,
            }),
        )
    })
}

/// GET /Account/{auth_id}/concurrency → `{account_id, concurrent_calls, max_concurrent,
/// utilization_pct, request_id}`: the account's calls in progress against its limit, the
/// percentage a whole number, the request id 32 hex digits.
pub async fn concurrency(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
) -> ApiResult {
    store.write(|w| {
        let me = own_account(w, &headers, &auth_id)?.auth_id.clone();
        let live = w.active_calls.iter().filter(|c| c.account_id == me).count() as u64;
        let limit = super::capacity::concurrent_calls_limit(w, &me);
        let utilization = (live * 100).checked_div(limit).unwrap_or(0);
        let request_id = w.ids.hex(32);
        ok(
            200,
            json!({
                "account_id": me,
                "concurrent_calls": live,
                "max_concurrent": limit,
                "utilization_pct": utilization,
                "request_id": request_id,
            }),
        )
    })
}

/// GET /Account/{auth_id}/cdr (and the alias `/cdrs`): the paged CDR envelope.
pub async fn cdrs(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.read(|w| {
        let me = cdr_reader(w, &headers, &auth_id)?;
        let rows = account_cdrs(w, &me.auth_id, &query)?;
        ok(
            200,
            cdr_page(&rows, &query, json!(me.numeric_id.to_string()))?,
        )
    })
}

/// GET /Account/{auth_id}/cdr/search: the list plus the echoed `filters` (empty strings,
/// never omitted).
pub async fn search_cdrs(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.read(|w| {
        let me = cdr_reader(w, &headers, &auth_id)?;
        let rows = account_cdrs(w, &me.auth_id, &query)?;
        let mut body = cdr_page(&rows, &query, json!(me.numeric_id.to_string()))?;
        let echo = |key: &str| json!(query_text(&query, key).unwrap_or(""));
        body["filters"] = json!({
            "call_direction": echo("call_direction"),
            "from_number": echo("from_number"),
            "hangup_cause": echo("hangup_cause"),
            "to_number": echo("to_number"),
        });
        ok(200, body)
    })
}

/// GET /Account/{auth_id}/cdr/recent?limit=20 → `{account_id, count, data, success}`.
pub async fn recent_cdrs(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.read(|w| {
        let me = cdr_reader(w, &headers, &auth_id)?;
        let limit = query_number(&query, "limit")?.unwrap_or(20);
        if limit == 0 {
            return Err(coded(422, "validation_error", "limit must be at least 1"));
        }
        let data: Vec<Value> = w
            .cdrs
            .iter()
            .rev()
            .filter(|c| c.account_id == me.auth_id)
            .take(limit.min(100) as usize)
            .map(render::cdr)
            .collect();
        ok(200, json!({"account_id": me.numeric_id.to_string(), "count": data.len(), "data": data, "success": true}))
    })
}

/// GET /Account/{auth_id}/cdr/{call_uuid} → `{data, success}`; the numeric `id` is not a key.
pub async fn cdr(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((auth_id, call_uuid)): Path<(String, String)>,
) -> ApiResult {
    store.read(|w| {
        let me = cdr_reader(w, &headers, &auth_id)?;
        let cdr = w
            .cdrs
            .iter()
            .find(|c| c.uuid == call_uuid && c.account_id == me.auth_id)
            .ok_or_else(|| {
                bare(
                    404,
                    json!({"success": false, "error": "not_found", "message": "CDR not found"}),
                )
            })?;
        ok(200, json!({"data": render::cdr(cdr), "success": true}))
    })
}

/// GET /Account/{auth_id}/Recording/: `{api_id, meta{limit, next, offset, previous,
/// total_count}, objects}`. The sandbox records no audio, so the list is always empty, but
/// its shape, paging metadata (`next` is `null` on the last page, else
/// `/v1/Account/{id}/Recording/?limit=L&offset=O`) and filter validation are the documented
/// ones.
pub async fn recordings(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.write(|w| {
        let me = own_account(w, &headers, &auth_id)?.auth_id.clone();
        let api_id = w.ids.uuid();
        let invalid = |message: String| bare(400, json!({"api_id": api_id, "error": message}));
        let limit = query_number(&query, "limit")?.unwrap_or(20);
        if !(1..=100).contains(&limit) {
            return Err(invalid("limit must be between 1 and 100".into()));
        }
        let offset = query_number(&query, "offset")?.unwrap_or(0);
        if let Some(kind) = query_text(&query, "recording_type")
            && !["call", "conference", "trunk"].contains(&kind)
        {
            return Err(invalid("recording_type must be call, conference or trunk".into()));
        }
        let objects: Vec<Value> = Vec::new();
        let total: u64 = 0;
        let link = |offset: u64| json!(format!("/v1/Account/{me}/Recording/?limit={limit}&offset={offset}"));
        let next = if offset.saturating_add(limit) < total { link(offset + limit) } else { Value::Null };
        let previous = if offset > 0 { link(offset.saturating_sub(limit)) } else { Value::Null };
        ok(200, json!({
            "api_id": api_id,
            "meta": {"limit": limit, "next": next, "offset": offset, "previous": previous, "total_count": total},
            "objects": objects,
        }))
    })
}

/// GET /Account/{auth_id}/Recording/{recording_id}/: no recording exists in the sandbox, so
/// always `404 {"api_id":…, "error":"Recording not found"}`.
pub async fn recording(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((auth_id, _recording_id)): Path<(String, String)>,
) -> ApiResult {
    store.write(|w| {
        own_account(w, &headers, &auth_id)?;
        Err(bare(
            404,
            json!({"api_id": w.ids.uuid(), "error": "Recording not found"}),
        ))
    })
}
