//! The partner's profile and activity, with partner credentials: `GET /partner/me`, the
//! dashboard (the last 31 days) and analytics (a chosen period), daily time series included.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::input::query_date;
use super::render;
use crate::auth::calling_partner;
use crate::clock::rfc3339;
use crate::money::{dp2, dp5};
use crate::reply::{ApiResult, coded, ok};
use crate::store::Shared;
use crate::world::{Account, Cdr, Partner, World};

pub async fn me(State(store): State<Shared>, headers: HeaderMap) -> ApiResult {
    store.read(|w| {
        let partner = calling_partner(w, &headers)?;
        ok(200, render::partner_profile(w, partner))
    })
}

/// GET /partner/dashboard: the 31 days up to today by the sandbox clock (which stays within
/// 1970–9999, so the window is always a valid period).
pub async fn dashboard(State(store): State<Shared>, headers: HeaderMap) -> ApiResult {
    store.read(|w| {
        let partner = calling_partner(w, &headers)?;
        let to = w.now().date_naive();
        ok(200, activity(w, partner, to - Duration::days(30), to))
    })
}

/// The longest analytics period, in days with both ends counted: a year, leap day included.
/// The time series has an entry per day, so this bounds the work one request can ask for.
const MAX_PERIOD_DAYS: i64 = 366;

/// GET /partner/analytics?from_date&to_date (`YYYY-MM-DD`, years 0001–9999; default the 30
/// days before `to_date`, and today). 422 naming `from_date` when it is after `to_date` or
/// the period covers more than [`MAX_PERIOD_DAYS`] days (the docs state no limit; the
/// sandbox's own, so one request cannot ask for millennia of daily entries).
pub async fn analytics(
    State(store): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.read(|w| {
        let partner = calling_partner(w, &headers)?;
        let today = w.now().date_naive();
        let to = query_date(&query, "to_date")?.unwrap_or(today);
        let from = query_date(&query, "from_date")?.unwrap_or(to - Duration::days(30));
        if from > to {
            return Err(coded(
                422,
                "validation_error",
                "from_date must not be after to_date",
            ));
        }
        if (to - from).num_days() >= MAX_PERIOD_DAYS {
            return Err(coded(
                422,
                "validation_error",
                format!("from_date must be less than {MAX_PERIOD_DAYS} days before to_date (the period covers at most {MAX_PERIOD_DAYS} days)"),
            ));
        }
        ok(200, activity(w, partner, from, to))
    })
}

/// The dashboard / analytics body for the partner's customers between two dates.
fn activity(world: &World, partner: &Partner, from: NaiveDate, to: NaiveDate) -> Value {
    let customers: Vec<&Account> = world
        .accounts
        .values()
        .filter(|a| a.partner() == Some(partner.auth_id.as_str()))
        .collect();
    let ids: Vec<&str> = customers.iter().map(|a| a.auth_id.as_str()).collect();
    let cdrs: Vec<_> = world
        .cdrs
        .iter()
        .filter(|c| ids.contains(&c.account_id.as_str()))
        .filter(|c| (from..=to).contains(&c.start_time.date_naive()))
        .collect();
    let totals = |filter: &dyn Fn(&&&Cdr) -> bool| {
        let set: Vec<_> = cdrs.iter().filter(filter).collect();
        let minutes: f64 = set.iter().map(|c| c.billsec as f64 / 60.0).sum();
        let cost: Decimal = set.iter().map(|c| c.cost).sum();
        json!({
            "total_calls": set.len(),
            "answered_calls": set.iter().filter(|c| c.status == "answered").count(),
            "total_minutes": (minutes * 100.0).round() / 100.0,
            "total_cost": dp2(cost),
        })
    };
    let mut profile = render::partner_profile(world, partner);
    profile["balance"] = Value::Null;
    let mut series = Vec::new();
    for day in from.iter_days().take_while(|day| *day <= to) {
        let on_day = |c: &&&Cdr| c.start_time.date_naive() == day;
        let mut entry = totals(&on_day);
        entry["date"] = json!(day.to_string());
        entry["inbound"] = totals(&|c| on_day(c) && c.call_direction == "inbound");
        entry["outbound"] = totals(&|c| on_day(c) && c.call_direction == "outbound");
        series.push(entry);
    }
    json!({
        "partner": profile,
        "period": {"from": from.to_string(), "to": to.to_string()},
        "accounts": {
            "total": customers.len(),
            "active": customers.iter().filter(|a| a.enabled).count(),
            "customers": customers.iter().map(|a| json!({
                "auth_id": a.auth_id, "name": a.name, "email": a.email, "phone": a.phone,
                "is_active": a.enabled, "created_at": rfc3339(a.created_at),
            })).collect::<Vec<_>>(),
        },
        "total_balance": dp5(customers.iter().map(|a| a.balance).sum()),
        "currency": partner.currency,
        "calls": totals(&|_| true),
        "traffic": {
            "inbound": totals(&|c| c.call_direction == "inbound"),
            "outbound": totals(&|c| c.call_direction == "outbound"),
        },
        "by_product": {
            "sip_trunking": totals(&|_| false),
            "voice_api": totals(&|_| true),
        },
        "time_series": series,
    })
}
