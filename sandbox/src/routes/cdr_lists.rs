//! CDR lists, shared by the partner records, the account records and the CDR export: the
//! account CDR filters and the paged CDR envelope.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::input::{page_of, paging, query_date, query_number, query_text};
use super::render;
use crate::clock::rfc3339;
use crate::money::number;
use crate::reply::{ApiError, coded};
use crate::world::{Cdr, World};

/// The account's own CDRs (a main account's list leaves out its sub-accounts') matching the
/// account CDR filters, newest first. `start_date` and `end_date` (`YYYY-MM-DD`, years
/// 0001–9999, any span: a filter is one pass over the rows) apply only as a pair.
pub(super) fn account_cdrs<'w>(
    world: &'w World,
    account_id: &str,
    query: &HashMap<String, String>,
) -> Result<Vec<&'w Cdr>, ApiError> {
    let from_number = query_text(query, "from_number");
    let to_number = query_text(query, "to_number");
    let window = match (
        query_date(query, "start_date")?,
        query_date(query, "end_date")?,
    ) {
        (Some(start), Some(end)) => Some((start, end)),
        _ => None,
    };
    let direction = query_text(query, "call_direction");
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
    let status = query_text(query, "status");
    if let Some(s) = status
        && !["answered", "failed", "busy", "no_answer"].contains(&s)
    {
        return Err(coded(
            422,
            "validation_error",
            "status must be answered, failed, busy or no_answer",
        ));
    }
    let min_duration = query_number(query, "min_duration")?;
    let cause = query_text(query, "hangup_cause");
    let search = query_text(query, "search").map(str::to_lowercase);
    // Filters on fields only the rendered object carries.
    let exact: Vec<(&str, &str)> = [
        "sip_call_id",
        "bridge_uuid",
        "hangup_disposition",
        "context",
        "campaign_id",
    ]
    .into_iter()
    .filter_map(|k| query_text(query, k).map(|v| (k, v)))
    .collect();
    let mut rows: Vec<&Cdr> = world
        .cdrs
        .iter()
        .filter(|c| c.account_id == account_id)
        .filter(|c| from_number.is_none_or(|f| c.caller_id_number.contains(f)))
        .filter(|c| to_number.is_none_or(|t| c.destination_number.contains(t)))
        .filter(|c| window.is_none_or(|(s, e)| (s..=e).contains(&c.start_time.date_naive())))
        .filter(|c| direction.is_none_or(|d| c.call_direction == d))
        .filter(|c| status.is_none_or(|s| c.status == s))
        .filter(|c| min_duration.is_none_or(|m| c.duration >= m))
        .filter(|c| cause.is_none_or(|h| c.hangup_cause.eq_ignore_ascii_case(h)))
        .filter(|c| {
            search.as_ref().is_none_or(|s| {
                [
                    &c.uuid,
                    &c.caller_id_number,
                    &c.destination_number,
                    &c.hangup_cause,
                    &c.call_direction,
                ]
                .iter()
                .any(|f| f.to_lowercase().contains(s.as_str()))
            })
        })
        .filter(|c| {
            exact.is_empty() || {
                let rendered = render::cdr(c);
                exact.iter().all(|(k, v)| rendered[*k].as_str() == Some(*v))
            }
        })
        .collect();
    rows.reverse();
    Ok(rows)
}

/// The paged CDR envelope of the partner and account CDR lists: `data`,
/// `pagination{page, per_page, total, pages, has_next, has_prev}` and a `summary`.
pub(super) fn cdr_page(
    rows: &[&Cdr],
    query: &HashMap<String, String>,
    account_id: Value,
) -> Result<Value, ApiError> {
    let (page, per_page) = paging(query, "per_page", 20, 100, false)?;
    let total = rows.len() as u64;
    let pages = total.div_ceil(per_page);
    let data: Vec<Value> = page_of(rows, page, per_page)
        .into_iter()
        .map(render::cdr)
        .collect();
    let answered = rows.iter().filter(|c| c.status == "answered").count();
    let billable: u64 = rows.iter().map(|c| c.billsec).sum();
    let duration: u64 = rows.iter().map(|c| c.duration).sum();
    let cost: Decimal = rows.iter().map(|c| c.cost).sum();
    Ok(json!({
        "success": true,
        "account_id": account_id,
        "count": data.len(),
        "data": data,
        "pagination": {"page": page, "per_page": per_page, "total": total, "pages": pages, "has_next": page < pages, "has_prev": page > 1},
        "summary": {
            "answerRate": if total == 0 { 0.0 } else { (answered as f64 * 10000.0 / total as f64).round() / 100.0 },
            "answeredCalls": answered,
            "avgCallDuration": format!("{}s", if answered == 0 { 0 } else { billable / answered as u64 }),
            "last_call_at": rows.first().map(|c| rfc3339(c.end_time)),
            "totalCalls": total,
            "total_billable_seconds": billable,
            "total_cost": number(cost),
            "total_duration_seconds": duration,
        },
    }))
}
