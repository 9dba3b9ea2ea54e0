//! Partner read-only records: ledgers, CDRs and numbers, per customer and across all of a
//! partner's customers, with partner credentials.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::cdr_lists::cdr_page;
use super::input::{page_of, paging, query_date, query_number, query_text};
use super::render;
use crate::auth::{calling_partner, own_customer, require_cdr_access};
use crate::money::number;
use crate::reply::{ApiError, ApiResult, coded, ok};
use crate::store::Shared;
use crate::world::{Cdr, LedgerRow, Partner, World};

/// The partner's customers (and their sub-accounts) whose records a partner may read.
fn customer_ids(world: &World, partner: &Partner) -> Vec<String> {
    world
        .accounts
        .values()
        .filter(|a| a.partner() == Some(partner.auth_id.as_str()))
        .map(|a| a.auth_id.clone())
        .collect()
}

/// Ledger rows of `accounts`, filtered by the documented query parameters, newest first.
/// `from_date`/`to_date` are `YYYY-MM-DD` of the years 0001–9999; their span is not limited,
/// as a filter costs one pass over the rows whatever it spans.
fn filtered_ledger<'w>(
    world: &'w World,
    accounts: &[String],
    query: &HashMap<String, String>,
) -> Result<Vec<&'w LedgerRow>, ApiError> {
    let from = query_date(query, "from_date")?;
    let to = query_date(query, "to_date")?;
    let kind = query.get("transaction_type").filter(|t| !t.is_empty());
    if let Some(kind) = kind
        && !["recharge", "debit", "refund", "transfer"].contains(&kind.as_str())
    {
        return Err(coded(
            422,
            "validation_error",
            "transaction_type must be recharge, debit, refund or transfer",
        ));
    }
    let account = query.get("account").filter(|a| !a.is_empty());
    let search = query
        .get("search")
        .map(|s| s.to_lowercase())
        .filter(|s| !s.is_empty());
    let mut rows: Vec<&LedgerRow> = world
        .ledger
        .iter()
        .filter(|r| accounts.contains(&r.account_id))
        .filter(|r| account.is_none_or(|a| &r.account_id == a))
        .filter(|r| from.is_none_or(|d| r.created_at.date_naive() >= d))
        .filter(|r| to.is_none_or(|d| r.created_at.date_naive() <= d))
        .filter(|r| kind.is_none_or(|k| &r.transaction_type == k))
        .filter(|r| {
            search.as_ref().is_none_or(|s| {
                let name = world
                    .accounts
                    .get(&r.account_id)
                    .map(|a| a.name.to_lowercase())
                    .unwrap_or_default();
                r.description.to_lowercase().contains(s)
                    || r.reference.to_lowercase().contains(s)
                    || r.account_id.to_lowercase().contains(s)
                    || name.contains(s)
            })
        })
        .collect();
    rows.reverse();
    Ok(rows)
}

fn ledger_page(rows: &[&LedgerRow], query: &HashMap<String, String>) -> Result<Value, ApiError> {
    let (page, per_page) = paging(query, "per_page", 20, 200, true)?;
    let debit: Decimal = rows
        .iter()
        .filter(|r| r.kind == "debit")
        .map(|r| r.amount)
        .sum();
    let credit: Decimal = rows
        .iter()
        .filter(|r| r.kind == "credit")
        .map(|r| r.amount)
        .sum();
    let mut by_type: Vec<(String, Decimal, Decimal, usize)> = Vec::new();
    for r in rows {
        let reference_type = r
            .reference
            .split(':')
            .next()
            .map(|p| if p == "ptc" { "unknown" } else { p })
            .unwrap_or("unknown")
            .to_owned();
        let entry = match by_type.iter_mut().find(|e| e.0 == reference_type) {
            Some(e) => e,
            None => {
                by_type.push((reference_type, Decimal::ZERO, Decimal::ZERO, 0));
                by_type.last_mut().expect("just pushed")
            }
        };
        if r.kind == "debit" {
            entry.1 += r.amount
        } else {
            entry.2 += r.amount
        }
        entry.3 += 1;
    }
    Ok(json!({
        "transactions": page_of(rows, page, per_page).into_iter().map(render::ledger_row).collect::<Vec<_>>(),
        "summary": {
            "total_transactions": rows.len(),
            "total_debit": number(debit),
            "total_credit": number(credit),
            "net_amount": number(credit - debit),
            "by_reference_type": by_type.iter().map(|(t, d, c, n)| json!({"reference_type": t, "total_debit": number(*d), "total_credit": number(*c), "count": n})).collect::<Vec<_>>(),
        },
        "total": rows.len(),
        "page": page,
        "per_page": per_page,
        "total_pages": (rows.len() as u64).div_ceil(per_page),
    }))
}

pub async fn customer_transactions(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(customer): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.read(|w| {
        let partner = calling_partner(w, &headers)?;
        let account = own_customer(w, partner, &customer)?;
        let rows = filtered_ledger(w, std::slice::from_ref(&account.auth_id), &query)?;
        let mut body = ledger_page(&rows, &query)?;
        body["account_auth_id"] = json!(account.auth_id);
        ok(200, body)
    })
}

pub async fn all_transactions(
    State(store): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.read(|w| {
        let partner = calling_partner(w, &headers)?;
        let rows = filtered_ledger(w, &customer_ids(w, partner), &query)?;
        ok(200, ledger_page(&rows, &query)?)
    })
}

/// CDRs of `accounts` matching the partner CDR filters, newest first. `start_date`/`end_date`
/// are `YYYY-MM-DD` of the years 0001–9999, of any span (see [`filtered_ledger`]).
fn filtered_cdrs<'w>(
    world: &'w World,
    accounts: &[String],
    query: &HashMap<String, String>,
) -> Result<Vec<&'w Cdr>, ApiError> {
    let start = query_date(query, "start_date")?;
    let end = query_date(query, "end_date")?;
    let direction = query.get("call_direction").filter(|v| !v.is_empty());
    if let Some(d) = direction
        && d != "inbound"
        && d != "outbound"
    {
        return Err(coded(
            422,
            "validation_error",
            "call_direction must be inbound or outbound",
        ));
    }
    let status = query.get("status").filter(|v| !v.is_empty());
    if let Some(s) = status
        && !["answered", "failed", "busy", "no_answer"].contains(&s.as_str())
    {
        return Err(coded(
            422,
            "validation_error",
            "status must be answered, failed, busy or no_answer",
        ));
    }
    let cause = query.get("hangup_cause").filter(|v| !v.is_empty());
    let min_duration = query_number(query, "min_duration")?;
    let mut rows: Vec<&Cdr> = world
        .cdrs
        .iter()
        .filter(|c| accounts.contains(&c.account_id))
        .filter(|c| start.is_none_or(|d| c.start_time.date_naive() >= d))
        .filter(|c| end.is_none_or(|d| c.start_time.date_naive() <= d))
        .filter(|c| direction.is_none_or(|d| &c.call_direction == d))
        .filter(|c| status.is_none_or(|s| &c.status == s))
        .filter(|c| cause.is_none_or(|h| &c.hangup_cause == h))
        .filter(|c| min_duration.is_none_or(|m| c.duration >= m))
        .collect();
    rows.reverse();
    Ok(rows)
}

pub async fn customer_cdrs(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(customer): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.read(|w| {
        let partner = calling_partner(w, &headers)?;
        require_cdr_access(partner)?;
        let account = own_customer(w, partner, &customer)?;
        let rows = filtered_cdrs(w, std::slice::from_ref(&account.auth_id), &query)?;
        let mut body = cdr_page(&rows, &query, json!(account.numeric_id.to_string()))?;
        body["account_auth_id"] = json!(account.auth_id);
        ok(200, body)
    })
}

pub async fn customer_cdr(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((customer, call_uuid)): Path<(String, String)>,
) -> ApiResult {
    store.read(|w| {
        let partner = calling_partner(w, &headers)?;
        require_cdr_access(partner)?;
        let account = own_customer(w, partner, &customer)?;
        let cdr = w
            .cdrs
            .iter()
            .find(|c| c.uuid == call_uuid && c.account_id == account.auth_id)
            .ok_or_else(|| coded(404, "not_found", "CDR not found"))?;
        ok(200, render::cdr(cdr))
    })
}

pub async fn all_cdrs(
    State(store): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.read(|w| {
        let partner = calling_partner(w, &headers)?;
        require_cdr_access(partner)?;
        let rows = filtered_cdrs(w, &customer_ids(w, partner), &query)?;
        ok(
            200,
            cdr_page(&rows, &query, json!(partner.account_id.to_string()))?,
        )
    })
}

/// Numbers owned by `accounts`, optionally matching a substring of the E.164.
fn numbers_page(
    world: &World,
    accounts: &[String],
    query: &HashMap<String, String>,
) -> Result<Value, ApiError> {
    let (page, per_page) = paging(query, "per_page", 20, 100, false)?;
    let search = query_text(query, "search");
    let rows: Vec<_> = world
        .numbers
        .values()
        .filter(|n| n.owner.as_ref().is_some_and(|o| accounts.contains(o)))
        .filter(|n| search.is_none_or(|s| n.e164.contains(s)))
        .collect();
    Ok(json!({
        "items": page_of(&rows, page, per_page).into_iter().map(render::number_item).collect::<Vec<_>>(),
        "page": page,
        "per_page": per_page,
        "total": rows.len(),
    }))
}

pub async fn customer_numbers(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(customer): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.read(|w| {
        let partner = calling_partner(w, &headers)?;
        let account = own_customer(w, partner, &customer)?;
        let mut body = numbers_page(w, std::slice::from_ref(&account.auth_id), &query)?;
        body["account_auth_id"] = json!(account.auth_id);
        ok(200, body)
    })
}

pub async fn all_numbers(
    State(store): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.read(|w| {
        let partner = calling_partner(w, &headers)?;
        ok(200, numbers_page(w, &customer_ids(w, partner), &query)?)
    })
}
