//! The remaining account reads and deletes, with the account's own credentials: number
//! health, the CDR export (`text/csv`) and recording delete.
//!
//! Number health, `GET /account/{auth_id}/numbers/{e164}/health?granularity&days`
//! (lowercase `account`, the number `%2B`-encoded), is computed from the number's CDRs:
//!
//! - `granularity` `day` (default) or `hour`; `days` 1–90 (default 7); anything else is
//!   `400 {"error":"validation_error",…}`.
//! - The window ends now (sandbox clock): `days` whole UTC days ending today, or `days × 24`
//!   whole hours ending with the current one. One snapshot per bucket, oldest first, empty
//!   buckets included.
//! - The number's calls are the CDRs of its owner whose caller or callee is the number.
//! - `answer_rate` is a percentage (0–100, 2 decimals), `total_minutes` billed minutes
//!   (`billsec / 60`, 2 decimals), `avg_duration` mean `duration` in seconds.
//! - `usage_status` is `active` when the window holds a call, else `idle`; `is_spam` is
//!   always `false` in the sandbox.
//! - Errors as the number routes: 404 `{"error":"not_found","message":"number not found"}`,
//!   403 `{"error":"forbidden","message":"account does not own this number"}` (a main account
//!   may read its sub-accounts' numbers).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use chrono::{DateTime, Duration, DurationRound, Utc};
use serde_json::{Value, json};

use super::cdr_lists::account_cdrs;
use super::input::query_number;
use crate::auth::{cdr_reader, own_account};
use crate::clock::rfc3339;
use crate::reply::{ApiError, ApiResult, bare, coded, invalid, ok};
use crate::store::Shared;
use crate::world::Cdr;

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// `{total_calls, answered_calls, failed_calls, answer_rate, total_duration, avg_duration,
/// total_minutes}` of `calls`.
fn metrics(calls: &[&Cdr]) -> serde_json::Map<String, Value> {
    let total = calls.len() as u64;
    let answered = calls.iter().filter(|c| c.status == "answered").count() as u64;
    let duration: u64 = calls.iter().map(|c| c.duration).sum();
    let billsec: u64 = calls.iter().map(|c| c.billsec).sum();
    let rate = if total == 0 {
        0.0
    } else {
        round2(answered as f64 * 100.0 / total as f64)
    };
    let avg = if total == 0 {
        0.0
    } else {
        round2(duration as f64 / total as f64)
    };
    let mut out = serde_json::Map::new();
    out.insert("total_calls".into(), json!(total));
    out.insert("answered_calls".into(), json!(answered));
    out.insert("failed_calls".into(), json!(total - answered));
    out.insert("answer_rate".into(), json!(rate));
    out.insert("total_duration".into(), json!(duration));
    out.insert("avg_duration".into(), json!(avg));
    out.insert("total_minutes".into(), json!(round2(billsec as f64 / 60.0)));
    out
}

/// GET /account/{auth_id}/numbers/{e164}/health?granularity=day|hour&days=1..90.
pub async fn health(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((auth_id, e164)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    let granularity = match query.get("granularity").map(|g| g.trim()) {
        None | Some("") | Some("day") => "day",
        Some("hour") => "hour",
        Some(_) => return Err(invalid("granularity must be day or hour")),
    };
    let days = query_number(&query, "days")
        .map_err(|_| invalid("days must be an integer from 1 to 90"))?
        .unwrap_or(7);
    if !(1..=90).contains(&days) {
        return Err(invalid("days must be an integer from 1 to 90"));
    }
    let e164 = if e164.starts_with('+') {
        e164
    } else {
        format!("+{e164}")
    };
    store.read(|w| {
        let me = own_account(w, &headers, &auth_id)?;
        let number = w
            .numbers
            .get(&e164)
            .ok_or_else(|| coded(404, "not_found", "number not found"))?;
        let owner = number
            .owner
            .as_deref()
            .filter(|o| {
                *o == me.auth_id
                    || w.accounts.get(*o).and_then(|a| a.parent()) == Some(me.auth_id.as_str())
            })
            .ok_or_else(|| coded(403, "forbidden", "account does not own this number"))?;
        let now = w.now();
        let (step, buckets) = if granularity == "hour" {
            (Duration::hours(1), days * 24)
        } else {
            (Duration::days(1), days)
        };
        let last: DateTime<Utc> = now.duration_trunc(step).unwrap_or(now);
        let start = last - step * (buckets as i32 - 1);
        let calls: Vec<&Cdr> = w
            .cdrs
            .iter()
            .filter(|c| c.account_id == owner)
            .filter(|c| c.caller_id_number == e164 || c.destination_number == e164)
            .filter(|c| c.start_time >= start && c.start_time <= now)
            .collect();
        let snapshots: Vec<Value> = (0..buckets)
            .map(|i| {
                let from = start + step * i as i32;
                let inside: Vec<&Cdr> = calls
                    .iter()
                    .copied()
                    .filter(|c| c.start_time >= from && c.start_time < from + step)
                    .collect();
                let mut snap = metrics(&inside);
                snap.insert(
                    "id".into(),
                    json!(format!("{}-{}", number.id, from.timestamp())),
                );
                snap.insert("ts".into(), json!(rfc3339(from)));
                Value::Object(snap)
            })
            .collect();
        let all = metrics(&calls);
        let summary = json!({
            "period_days": days,
            "total_calls": all["total_calls"],
            "answered_calls": all["answered_calls"],
            "answer_rate": all["answer_rate"],
            "total_minutes": all["total_minutes"],
            "avg_duration": all["avg_duration"],
        });
        ok(
            200,
            json!({
                "e164": number.e164,
                "status": number.status,
                "usage_status": if calls.is_empty() { "idle" } else { "active" },
                "is_spam": false,
                "granularity": granularity,
                "summary": summary,
                "snapshots": snapshots,
            }),
        )
    })
}

/// GET /Account/{auth_id}/cdr/export: the list filters, no paging, as `text/csv`.
pub async fn export_cdrs(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    let csv = store.read(|w| {
        let me = cdr_reader(w, &headers, &auth_id)?;
        let rows = account_cdrs(w, &me.auth_id, &query)?;
        let mut csv = String::from("uuid,call_direction,caller_id_number,destination_number,start_time,answer_time,end_time,duration,billsec,cost,currency,hangup_cause,status\n");
        for c in rows {
            csv.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                c.uuid,
                c.call_direction,
                c.caller_id_number,
                c.destination_number,
                rfc3339(c.start_time),
                c.answer_time.map(rfc3339).unwrap_or_default(),
                rfc3339(c.end_time),
                c.duration,
                c.billsec,
                c.cost,
                c.currency,
                c.hangup_cause,
                c.status,
            ));
        }
        Ok::<_, ApiError>(csv)
    })?;
    Ok(([("content-type", "text/csv; charset=utf-8")], csv).into_response())
}

/// DELETE /Account/{auth_id}/Recording/{recording_id}/: no recording exists in the sandbox,
/// so always `404 {"api_id":…, "error":"Recording not found"}`.
pub async fn delete_recording(
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
