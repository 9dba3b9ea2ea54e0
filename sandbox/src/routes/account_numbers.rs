//! An account's numbers: the inventory, purchase from inventory, the owned list, release with
//! its 24 h cancel window and cancel-release, assignment to a sub-account with the 15-day
//! unassign cool-off, and number ↔ trunk routing. Paths carry the E.164 as `%2B…` (axum
//! decodes it to `+`; a raw `+` never gets here); the world keys numbers by `+91…`.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use chrono::{DateTime, Duration, Months, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::{Value, json};

use super::input::{body_object, page_of, paging, query_flag, query_text, text};
use super::render;
use crate::auth::{authenticate, basic_as_x_auth, invalid_token, own_account, require_parent};
use crate::calls::payer;
use crate::clock::rfc3339;
use crate::money::number;
use crate::reply::{ApiResult, bare, coded, no_content, ok};
use crate::store::Shared;
use crate::world::{LedgerRow, Number, World};

/// The release fee (the pricing tier's `did_release_fee`), in the payer's currency; never
/// more than the payer holds.
const RELEASE_FEE: i64 = 700;
/// How long a standard release can be cancelled.
const RELEASE_WINDOW_HOURS: i64 = 24;
/// The unassign cool-off after a DID's last call: the API answers 409 inside it.
const COOL_OFF_DAYS: i64 = 15;

/// 200 with no body (assign / unassign to a sub-account).
fn empty_ok() -> ApiResult {
    Ok(StatusCode::OK.into_response())
}

/// `700` rather than `700.0` when the amount is whole (the docs write `release_fee` as an int).
fn whole_or_number(amount: Decimal) -> Value {
    if amount.fract().is_zero()
        && let Some(whole) = amount.to_i64()
    {
        return Value::from(whole);
    }
    number(amount)
}

fn in_inventory(n: &Number) -> bool {
    n.owner.is_none() && n.status == "active"
}

/// Appends a ledger row on `account_id` in its wallet currency.
fn post_ledger(
    world: &mut World,
    account_id: &str,
    kind: &str,
    transaction_type: &str,
    amount: Decimal,
    description: String,
    reference: String,
) {
    let currency = world
        .accounts
        .get(account_id)
        .map(|a| a.currency.clone())
        .unwrap_or_else(|| "INR".into());
    let row = LedgerRow {
        id: world.ids.uuid(),
        account_id: account_id.to_owned(),
        balance_id: world.ids.uuid(),
        kind: kind.into(),
        amount,
        currency,
        description,
        reference,
        transaction_type: transaction_type.into(),
        created_at: world.now(),
    };
    world.ledger.push(row);
}

/// GET /Account/{auth_id}/inventory/numbers: active numbers nobody owns, filtered by
/// `country`, `search` (substring of the E.164) and `exclude` (E.164 prefixes with the
/// country code, optional `+`, repeatable and/or comma-separated, ANDed with the rest).
pub async fn inventory(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult {
    let query: HashMap<String, String> = pairs.iter().cloned().collect();
    let mut excludes: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "exclude")
        .flat_map(|(_, v)| v.split(','))
        .map(|p| p.trim().trim_start_matches('+').to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    excludes.sort();
    excludes.dedup();
    store.read(|w| {
        own_account(w, &headers, &auth_id)?;
        let (page, per_page) = paging(&query, "per_page", 25, 100, false)?;
        let country = query.get("country").map(|c| c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty());
        let search = query_text(&query, "search");
        let rows: Vec<&Number> = w
            .numbers
            .values()
            .filter(|n| in_inventory(n))
            .filter(|n| country.as_ref().is_none_or(|c| &n.country == c))
            .filter(|n| search.is_none_or(|s| n.e164.contains(s)))
            .filter(|n| {
                let digits = n.e164.trim_start_matches('+');
                !excludes.iter().any(|p| digits.starts_with(p.as_str()))
            })
            .collect();
        ok(200, json!({
            "items": page_of(&rows, page, per_page).into_iter().map(render::number_item).collect::<Vec<_>>(),
            "page": page,
            "per_page": per_page,
            "total": rows.len(),
        }))
    })
}

/// GET /Account/{auth_id}/numbers: the caller's numbers and, for a main account, its
/// sub-accounts' (`include_subaccounts=false` to leave them out). Page-based; `limit` and
/// `offset` are ignored. Released numbers are no longer the account's.
pub async fn owned(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.read(|w| {
        let me = own_account(w, &headers, &auth_id)?;
        let (page, per_page) = paging(&query, "per_page", 25, 100, false)?;
        let include_subs = !query.get("include_subaccounts").is_some_and(|v| v.trim().eq_ignore_ascii_case("false"));
        let mut owners = vec![me.auth_id.as_str()];
        if me.parent().is_none() && include_subs {
            owners.extend(w.accounts.values().filter(|a| a.parent() == Some(me.auth_id.as_str())).map(|a| a.auth_id.as_str()));
        }
        let search = query_text(&query, "search");
        let mut rows: Vec<&Number> = w
            .numbers
            .values()
            .filter(|n| n.owner.as_deref().is_some_and(|o| owners.contains(&o)))
            .filter(|n| n.status != "released")
            .filter(|n| search.is_none_or(|s| n.e164.contains(s)))
            .collect();
        rows.sort_by(|a, b| b.purchased_at.cmp(&a.purchased_at).then(a.e164.cmp(&b.e164)));
        ok(200, json!({
            "items": page_of(&rows, page, per_page).into_iter().map(render::number_item).collect::<Vec<_>>(),
            "page": page,
            "per_page": per_page,
            "total": rows.len(),
        }))
    })
}

/// POST /Account/{auth_id}/numbers/purchase-from-inventory `{e164, currency?}`: debits
/// `setup_fee + monthly_fee` from the billing account (the parent for an `SA_`) and makes the
/// caller the owner, all in one step; a failed debit changes nothing and answers 500.
pub async fn purchase(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    store.write(|w| {
        let me = own_account(w, &headers, &auth_id)?.auth_id.clone();
        let e164 = text(&body, "e164").ok_or_else(|| {
            coded(
                400,
                "invalid_request",
                "e164 is required (E.164 with a literal +)",
            )
        })?;
        let wanted = w
            .numbers
            .get(&e164)
            .filter(|n| in_inventory(n))
            .cloned()
            .ok_or_else(|| coded(404, "not_found", "number not found in inventory"))?;
        if let Some(currency) = text(&body, "currency")
            && !currency.eq_ignore_ascii_case(&wanted.currency)
        {
            return Err(coded(
                400,
                "invalid_request",
                format!(
                    "currency {currency} does not match the number's currency {}",
                    wanted.currency
                ),
            ));
        }
        let payer_id = payer(w, &me);
        let fee = wanted.setup_fee + wanted.monthly_fee;
        let now = w.now();
        let failed = || coded(500, "internal_server_error", "failed to purchase number");
        let account = w.accounts.get_mut(&payer_id).ok_or_else(failed)?;
        if account.balance < fee || account.currency != wanted.currency {
            return Err(failed());
        }
        account.balance -= fee;
        account.updated_at = now;
        w.fees_collected += fee;
        post_ledger(
            w,
            &payer_id,
            "debit",
            "debit",
            fee,
            format!(
                "Number purchase {e164}: setup fee {} + monthly fee {}",
                wanted.setup_fee, wanted.monthly_fee
            ),
            format!("did:purchase:{e164}:{}", now.timestamp()),
        );
        let n = w.numbers.get_mut(&e164).expect("checked above");
        n.owner = Some(me);
        n.source = Some("inventory".into());
        n.purchased_at = Some(now);
        n.last_billing_date = Some(now);
        n.next_billing_date = now.checked_add_months(Months::new(1));
        n.billed_to = Some(payer_id);
        n.updated_at = now;
        ok(
            200,
            json!({"message": "Number purchased successfully", "number": render::number_item(n)}),
        )
    })
}

/// DELETE /Account/{auth_id}/numbers/{e164}?immediate=: charges the release fee, detaches the
/// trunk and application, and starts the 24 h cancellable window (`immediate=true`: released
/// at once, not cancellable). Either way the number then sits 45 days in quarantine before it
/// returns to inventory.
pub async fn release(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((auth_id, e164)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    let immediate = query_flag(&query, "immediate")?;
    store.write(|w| {
        let me = own_account(w, &headers, &auth_id)?.auth_id.clone();
        let status = w
            .numbers
            .get(&e164)
            .filter(|n| n.owner.as_deref() == Some(me.as_str()))
            .map(|n| n.status.clone())
            .ok_or_else(|| coded(403, "forbidden", "account does not own this number"))?;
        if status != "active" {
            return Err(coded(400, "invalid_request", format!("number is already {status}")));
        }
        let payer_id = payer(w, &me);
        let now = w.now();
        let fee = match w.accounts.get_mut(&payer_id) {
            Some(account) => {
                let fee = Decimal::from(RELEASE_FEE).min(account.balance.max(Decimal::ZERO));
                account.balance -= fee;
                account.updated_at = now;
                fee
            }
            None => Decimal::ZERO,
        };
        if fee > Decimal::ZERO {
            w.fees_collected += fee;
            post_ledger(w, &payer_id, "debit", "debit", fee, format!("Number release fee {e164}"), format!("did:release:{e164}:{}", now.timestamp()));
        }
        let ends = now + Duration::hours(RELEASE_WINDOW_HOURS);
        let n = w.numbers.get_mut(&e164).expect("checked above");
        n.trunk_group_id = None;
        n.application_id = None;
        n.release_fee_charged = Some(fee);
        n.billed_to = Some(payer_id);
        n.updated_at = now;
        let (status, cooldown_ends, note) = if immediate {
            n.status = "released".into();
            n.owner = None;
            n.released_at = Some(now);
            n.release_cooldown_ends_at = None;
            ("released", now, "Released immediately: this cannot be cancelled. The number is quarantined for 45 days before it returns to the pool.")
        } else {
            n.status = "pending_release".into();
            n.release_cooldown_ends_at = Some(ends);
            ("pending_release", ends, "The release can be cancelled with POST cancel_url until cooldown_ends_at; after that the number is quarantined for 45 days before it returns to the pool.")
        };
        ok(200, json!({
            // A raw `+`, exactly as the docs show it: clients must re-encode it.
            "cancel_url": format!("/api/v1/account/{me}/numbers/{e164}/cancel-release"),
            "cooldown_ends_at": rfc3339(cooldown_ends),
            "message": "number release initiated",
            "note": note,
            "release_fee": whole_or_number(fee),
            "status": status,
        }))
    })
}

/// POST /account/{auth_id}/numbers/{e164}/cancel-release: within the window the number is
/// active again and the release fee goes back to whoever paid it (the trunk and application
/// stay detached). Errors use the bare `{"error": "…"}` shape of this route.
pub async fn cancel_release(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((auth_id, e164)): Path<(String, String)>,
) -> ApiResult {
    let headers = basic_as_x_auth(&headers)?;
    store.write(|w| {
        let me = match own_account(w, &headers, &auth_id) {
            Ok(account) => account.auth_id.clone(),
            Err(e) if e.status == StatusCode::UNAUTHORIZED => return Err(invalid_token()),
            Err(e) if e.status == StatusCode::FORBIDDEN => {
                return Err(bare(403, json!({"error": "access denied"})));
            }
            Err(e) => return Err(e),
        };
        let n = w
            .numbers
            .get(&e164)
            .ok_or_else(|| bare(404, json!({"error": "number not found"})))?;
        if n.status != "pending_release" {
            return Err(bare(400, json!({"error": "number is not pending release"})));
        }
        if n.owner.as_deref() != Some(me.as_str()) {
            return Err(bare(403, json!({"error": "access denied"})));
        }
        let fee = n.release_fee_charged.unwrap_or(Decimal::ZERO);
        let refund_to = n.billed_to.clone().unwrap_or_else(|| payer(w, &me));
        let now = w.now();
        let refunded = match w.accounts.get_mut(&refund_to) {
            Some(account) => {
                account.balance += fee;
                account.updated_at = now;
                Some(account.currency.clone())
            }
            None => None,
        };
        if refunded.is_some() && fee > Decimal::ZERO {
            w.fees_collected -= fee;
            post_ledger(
                w,
                &refund_to,
                "credit",
                "refund",
                fee,
                format!("Number release fee refund {e164}"),
                format!("did:refund:{e164}:{}", now.timestamp()),
            );
        }
        let n = w.numbers.get_mut(&e164).expect("checked above");
        n.status = "active".into();
        n.release_cooldown_ends_at = None;
        n.release_fee_charged = None;
        n.updated_at = now;
        let currency = refunded.clone().unwrap_or_else(|| n.currency.clone());
        let mut reply = json!({
            "message": "release cancelled, number restored to active status",
            "status": "active",
            "currency": currency,
            "refund_amount": number(if refunded.is_some() { fee } else { Decimal::ZERO }),
        });
        if refunded.is_none() {
            reply["refund_status"] = json!("failed");
            reply["refund_error"] = json!(format!("billing account {refund_to} not found"));
        }
        ok(200, reply)
    })
}

/// POST /account/{auth_id}/numbers/{e164}/assign-subaccount `{sub_account_id}` (parent
/// credentials): a number in the parent's pool moves to one of its sub-accounts.
pub async fn assign_subaccount(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((auth_id, e164)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    store.write(|w| {
        let principal = authenticate(w, &headers)?;
        let parent = require_parent(w, &principal, &auth_id)?.to_owned();
        let sub = text(&body, "sub_account_id")
            .ok_or_else(|| coded(400, "invalid_request", "sub_account_id is required"))?;
        let sub_ok = w
            .accounts
            .get(&sub)
            .is_some_and(|a| a.parent() == Some(parent.as_str()));
        let number_ok = w
            .numbers
            .get(&e164)
            .is_some_and(|n| n.owner.as_deref() == Some(parent.as_str()) && n.status == "active");
        if !(sub_ok && number_ok) {
            return Err(coded(404, "not_found", "number or sub-account not found"));
        }
        let now = w.now();
        let n = w.numbers.get_mut(&e164).expect("checked above");
        n.owner = Some(sub);
        n.updated_at = now;
        empty_ok()
    })
}

/// When the DID's last call ended (or the running call on it will end).
fn last_call(world: &World, n: &Number) -> Option<DateTime<Utc>> {
    let running = world
        .active_calls
        .iter()
        .filter(|c| c.did.as_deref() == Some(n.e164.as_str()))
        .map(|c| c.ends_at)
        .max();
    n.last_call_at.max(running)
}

/// DELETE /account/{auth_id}/numbers/{e164}/assign-subaccount (parent credentials): the
/// number goes back to the parent's pool, unless it had a call in the last 15 days (409
/// `did_cool_off_in_effect`). `force=true` needs an admin, and no sandbox account is one.
pub async fn unassign_subaccount(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((auth_id, e164)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.write(|w| {
        let principal = authenticate(w, &headers)?;
        let parent = require_parent(w, &principal, &auth_id)?.to_owned();
        if query_flag(&query, "force")? {
            return Err(coded(403, "forbidden", "force requires an admin account"));
        }
        let n = w
            .numbers
            .get(&e164)
            .filter(|n| {
                n.owner
                    .as_ref()
                    .and_then(|o| w.accounts.get(o))
                    .is_some_and(|a| a.parent() == Some(parent.as_str()))
            })
            .ok_or_else(|| coded(404, "not_found", "number or sub-account not found"))?;
        let now = w.now();
        if let Some(last) = last_call(w, n) {
            let until = last + Duration::days(COOL_OFF_DAYS);
            if now < until {
                let remaining = (until - now).num_seconds();
                return Err(bare(
                    409,
                    json!({
                        "error": "did_cool_off_in_effect",
                        "cool_off_until": rfc3339(until),
                        "cool_off_remaining_seconds": remaining,
                    }),
                ));
            }
        }
        let n = w.numbers.get_mut(&e164).expect("checked above");
        n.owner = Some(parent);
        n.updated_at = now;
        empty_ok()
    })
}

/// POST /Account/{auth_id}/numbers/{e164}/assign `{trunk_group_id}`: routes an owned number
/// to one of the account's trunks (204; errors as bare `{error, message}` bodies).
pub async fn assign_trunk(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((auth_id, e164)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    store.write(|w| {
        let me = own_account(w, &headers, &auth_id)?.auth_id.clone();
        let trunk_id = text(&body, "trunk_group_id").ok_or_else(|| bare(400, json!({"error": "invalid request", "message": "trunk_group_id is required"})))?;
        let n = w
            .numbers
            .get(&e164)
            .filter(|n| n.owner.as_deref() == Some(me.as_str()) && n.status == "active")
            .ok_or_else(|| bare(404, json!({"error": "Number not found", "message": format!("number {e164} is not on this account")})))?;
        if w.trunks.get(&trunk_id).is_none_or(|t| t.account_id != me) {
            return Err(coded(404, "not_found", "trunk not found"));
        }
        if n.trunk_group_id.is_some() {
            return Err(bare(400, json!({"error": "invalid request", "message": "This number is already assigned to a trunk."})));
        }
        let now = w.now();
        let n = w.numbers.get_mut(&e164).expect("checked above");
        n.trunk_group_id = Some(trunk_id);
        n.updated_at = now;
        no_content()
    })
}

/// DELETE /Account/{auth_id}/numbers/{e164}/assign: takes the number off its trunk (204).
pub async fn unassign_trunk(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((auth_id, e164)): Path<(String, String)>,
) -> ApiResult {
    store.write(|w| {
        let me = own_account(w, &headers, &auth_id)?.auth_id.clone();
        let now = w.now();
        let n = w
            .numbers
            .get_mut(&e164)
            .filter(|n| n.owner.as_deref() == Some(me.as_str()))
            .ok_or_else(|| bare(404, json!({"error": "Number not found", "message": format!("number {e164} is not on this account")})))?;
        n.trunk_group_id = None;
        n.updated_at = now;
        no_content()
    })
}
