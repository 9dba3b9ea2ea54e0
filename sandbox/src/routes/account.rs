//! The account's own object (Plivo-style, `GET /Account/{auth_id}/`): its name, type, billing
//! mode and wallet (`cash_credits`, a 5-decimal string), with the account's own credentials.
//! The spec's §5–6 document no balance route; this is where the real API keeps it (the
//! object's `resource_uri` is `/v1/Account/{auth_id}/`).

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde_json::{Value, json};

use crate::auth::own_account;
use crate::money::dp5;
use crate::reply::{ApiResult, ok};
use crate::store::Shared;
use crate::world::Role;

/// GET /Account/{auth_id}/ → the account object; another account's id is 403, a partner's
/// credentials 403, bad credentials 401.
pub async fn get(
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
