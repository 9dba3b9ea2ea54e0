//! Sub-account administration under `/api/v1/accounts/{auth_id}/sub-accounts/` with the
//! parent's credentials: create (credentials shown once), list, retrieve, update, delete.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::input::{body_object, page_of, paging, strong_password, text, valid_e164, valid_email};
use crate::auth::{authenticate, require_parent};
use crate::clock::rfc3339;
use crate::kyc::{BUSINESS_TYPES, calls_blocked, new_sub_kyc};
use crate::reply::{ApiError, ApiResult, coded, ok};
use crate::store::Shared;
use crate::world::{Account, Role, World};

/// The sub-account object; `clear_token` only in the create answer.
fn sub_account_object(world: &World, sub: &Account, clear_token: bool, date_only: bool) -> Value {
    let parent = sub.parent().and_then(|p| world.accounts.get(p));
    let kyc = sub.sub_kyc.as_ref();
    let stamp = |t: DateTime<Utc>| {
        if date_only {
            t.date_naive().to_string()
        } else {
            rfc3339(t)
        }
    };
    json!({
        "name": sub.name,
        "email": sub.email,
        "phone": sub.phone,
        "description": sub.description,
        "permissions": sub.permissions,
        "rate_limit": sub.rate_limit,
        "id": sub.numeric_id.to_string(),
        "parent_account_id": parent.map(|p| p.numeric_id.to_string()),
        "parent_auth_id": sub.parent(),
        "auth_id": sub.auth_id,
        "auth_token": if clear_token { sub.auth_token.clone() } else { "<redacted>".to_owned() },
        "api_id": sub.api_id,
        "email_verified": false,
        "enabled": sub.enabled,
        "is_active": sub.enabled,
        "kyc_mode": kyc.map(|k| k.kyc_mode.clone()),
        "business_type": kyc.and_then(|k| k.business_type.clone()),
        "kyc_calls_blocked": calls_blocked(sub),
        "created": stamp(sub.created_at),
        "modified": stamp(sub.updated_at),
        "created_at": rfc3339(sub.created_at),
        "updated_at": rfc3339(sub.updated_at),
        "last_used": null,
        "account": format!("/v1/Account/{}/", sub.parent().unwrap_or_default()),
        "resource_uri": format!("/v1/Account/{}/Subaccount/{}/", sub.parent().unwrap_or_default(), sub.auth_id),
    })
}

/// A 400 in the shape sub-account pages show.
fn bad(message: impl Into<String>) -> ApiError {
    coded(400, "invalid_request", message)
}

/// The permission object `{calls: bool, cdr: bool}`.
fn permissions(body: &Map<String, Value>) -> Result<Option<Value>, ApiError> {
    match body.get("permissions") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(p))
            if p.iter()
                .all(|(k, v)| (k == "calls" || k == "cdr") && v.is_boolean()) =>
        {
            Ok(Some(Value::Object(p.clone())))
        }
        Some(_) => Err(bad("permissions must be {\"calls\": bool, \"cdr\": bool}")),
    }
}

/// Checks the fields create and update share; `email` is the email the sub-account will have.
fn check_common(
    body: &Map<String, Value>,
    email: Option<&str>,
    kyc_mode: &str,
) -> Result<(), ApiError> {
    if kyc_mode != "personal_use" && kyc_mode != "customer_use" {
        return Err(bad("kyc_mode must be personal_use or customer_use"));
    }
    if kyc_mode == "customer_use" && email.is_none() {
        return Err(bad("email is required when kyc_mode is customer_use"));
    }
    if let Some(e) = email
        && !valid_email(e)
    {
        return Err(bad("email is not a valid address"));
    }
    if let Some(phone) = text(body, "phone")
        && !valid_e164(&phone)
    {
        return Err(bad("phone must be E.164, e.g. +919876543210"));
    }
    if let Some(t) = text(body, "business_type")
        && !BUSINESS_TYPES.contains(&t.as_str())
    {
        return Err(bad(format!(
            "business_type must be one of {}",
            BUSINESS_TYPES.join(", ")
        )));
    }
    if let Some(v) = body.get("enabled")
        && !v.is_boolean()
    {
        return Err(bad("enabled must be a boolean"));
    }
    if let Some(v) = body.get("rate_limit")
        && v.as_u64().is_none_or(|r| r == 0)
    {
        return Err(bad("rate_limit must be a positive integer"));
    }
    Ok(())
}

/// One of this parent's sub-accounts, or 404.
fn own_sub<'w>(world: &'w World, parent: &str, sub: &str) -> Result<&'w Account, ApiError> {
    world
        .accounts
        .get(sub)
        .filter(|a| a.parent() == Some(parent))
        .ok_or_else(|| coded(404, "not_found", format!("sub-account {sub} not found")))
}

pub async fn create(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(parent): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    store.write(|w| {
        let principal = authenticate(w, &headers)?;
        let parent = require_parent(w, &principal, &parent)?.to_owned();
        let name = text(&body, "name").ok_or_else(|| bad("name is required"))?;
        let email = text(&body, "email");
        let kyc_mode = text(&body, "kyc_mode").unwrap_or_else(|| "personal_use".into());
        check_common(&body, email.as_deref(), &kyc_mode)?;
        if let Some(e) = &email
            && w.email_taken(e)
        {
            return Err(coded(422, "email_taken", "email is already in use"));
        }
        if let Some(password) = text(&body, "password")
            && !strong_password(&password)
        {
            return Err(bad("password must be at least 8 characters and contain a number and a special character"));
        }
        let parent_account = w.accounts.get(&parent).expect("authenticated").clone();
        let now = w.now();
        let sub = Account {
            auth_id: w.ids.auth_id("SA_"),
            auth_token: w.ids.token(),
            numeric_id: 500_001 + w.accounts.len() as u64,
            api_id: w.ids.uuid(),
            role: Role::Sub { parent: parent.clone() },
            name,
            email,
            phone: text(&body, "phone"),
            company: None,
            description: text(&body, "description"),
            profile: Default::default(),
            country: parent_account.country.clone(),
            currency: parent_account.currency.clone(),
            balance: Decimal::ZERO,
            enabled: body.get("enabled").and_then(Value::as_bool).unwrap_or(true),
            kyc_status: "pending".into(),
            rate_limit: body.get("rate_limit").and_then(Value::as_u64).unwrap_or(1000),
            permissions: permissions(&body)?,
            sub_kyc: Some(new_sub_kyc(&kyc_mode, text(&body, "business_type"))),
            created_at: now,
            updated_at: now,
        };
        let object = sub_account_object(w, &sub, true, false);
        let tokens = json!({
            "access_token": format!("eyJ.sandbox.{}", w.ids.token()),
            "refresh_token": format!("eyJ.sandbox.{}", w.ids.token()),
            "token_type": "bearer",
            "expires_in": 1800,
        });
        let reply = json!({
            "message": "Sub-account created successfully",
            "sub_account": object,
            "auth_credentials": {"auth_id": sub.auth_id, "auth_token": sub.auth_token},
            "tokens": tokens,
        });
        w.accounts.insert(sub.auth_id.clone(), sub);
        ok(201, reply)
    })
}

pub async fn list(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(parent): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.read(|w| {
        let principal = authenticate(w, &headers)?;
        let parent = require_parent(w, &principal, &parent)?;
        let (page, size) = paging(&query, "size", 25, 100, false)?;
        let active_only = query
            .get("active_only")
            .is_some_and(|v| v == "true" || v == "1");
        let mut subs: Vec<&Account> = w
            .accounts
            .values()
            .filter(|a| a.parent() == Some(parent))
            .filter(|a| !active_only || a.enabled)
            .collect();
        subs.sort_by(|a, b| {
            b.created_at
                .cmp(&a.created_at)
                .then(b.numeric_id.cmp(&a.numeric_id))
        });
        let items: Vec<Value> = page_of(&subs, page, size)
            .into_iter()
            .map(|s| sub_account_object(w, s, false, true))
            .collect();
        ok(
            200,
            json!({"sub_accounts": items, "total": subs.len(), "page": page, "size": size}),
        )
    })
}

pub async fn get(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((parent, sub)): Path<(String, String)>,
) -> ApiResult {
    store.read(|w| {
        let principal = authenticate(w, &headers)?;
        let parent = require_parent(w, &principal, &parent)?;
        let sub = own_sub(w, parent, &sub)?;
        ok(200, sub_account_object(w, sub, false, true))
    })
}

pub async fn update(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((parent, sub)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    store.write(|w| {
        let principal = authenticate(w, &headers)?;
        let parent = require_parent(w, &principal, &parent)?.to_owned();
        let current = own_sub(w, &parent, &sub)?.clone();
        let email = text(&body, "email").or(current.email.clone());
        let kyc_mode = text(&body, "kyc_mode").unwrap_or_else(|| {
            current
                .sub_kyc
                .as_ref()
                .map(|k| k.kyc_mode.clone())
                .unwrap_or_else(|| "personal_use".into())
        });
        check_common(&body, email.as_deref(), &kyc_mode)?;
        if let Some(e) = text(&body, "email")
            && current.email.as_deref() != Some(e.as_str())
            && w.email_taken(&e)
        {
            return Err(coded(422, "email_taken", "email is already in use"));
        }
        let permissions = permissions(&body)?;
        let now = w.now();
        let account = w.accounts.get_mut(&sub).expect("found above");
        if let Some(name) = text(&body, "name") {
            account.name = name;
        }
        account.email = email;
        if let Some(phone) = text(&body, "phone") {
            account.phone = Some(phone);
        }
        if let Some(d) = text(&body, "description") {
            account.description = Some(d);
        }
        if let Some(r) = body.get("rate_limit").and_then(Value::as_u64) {
            account.rate_limit = r;
        }
        if permissions.is_some() {
            account.permissions = permissions;
        }
        if let Some(e) = body.get("enabled").and_then(Value::as_bool) {
            account.enabled = e;
        }
        let kyc = account
            .sub_kyc
            .get_or_insert_with(|| new_sub_kyc("personal_use", None));
        kyc.kyc_mode = kyc_mode;
        if let Some(t) = text(&body, "business_type") {
            kyc.business_type = Some(t);
        }
        account.updated_at = now;
        let account = account.clone();
        ok(200, sub_account_object(w, &account, false, true))
    })
}

pub async fn delete(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((parent, sub)): Path<(String, String)>,
) -> ApiResult {
    store.write(|w| {
        let principal = authenticate(w, &headers)?;
        let parent = require_parent(w, &principal, &parent)?.to_owned();
        own_sub(w, &parent, &sub)?;
        w.accounts.remove(&sub);
        // Its numbers go back to the parent's pool rather than vanishing.
        for number in w
            .numbers
            .values_mut()
            .filter(|n| n.owner.as_deref() == Some(sub.as_str()))
        {
            number.owner = Some(parent.clone());
        }
        for trunk_id in w
            .trunks
            .iter()
            .filter(|(_, t)| t.account_id == sub)
            .map(|(k, _)| k.clone())
            .collect::<Vec<_>>()
        {
            w.trunks.remove(&trunk_id);
        }
        ok(200, json!({"message": "Sub-account deleted successfully"}))
    })
}
