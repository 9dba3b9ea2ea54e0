//! A partner's customers, with partner credentials: create, list, get, balance, and balance
//! transfers from the partner's wallet.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::input::{
    body_object, currency_of, page_of, paging, strong_password, text, valid_country, valid_e164,
    valid_email,
};
use super::render;
use crate::auth::{calling_partner, own_customer};
use crate::clock::rfc3339;
use crate::money::{dp5, in_cents, number, parse};
use crate::reply::{ApiError, ApiResult, coded, ok};
use crate::store::Shared;
use crate::world::{Account, LedgerRow, Role};

/// Optional profile fields accepted "best effort" on customer create.
const PROFILE_FIELDS: [&str; 9] = [
    "address",
    "city",
    "state",
    "zip_code",
    "timezone",
    "gstin",
    "gst_status",
    "account_type",
    "business_type",
];

pub async fn create_customer(
    State(store): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    store.write(|w| {
        let partner = calling_partner(w, &headers)?.clone();
        if !partner.can_create_accounts {
            return Err(coded(403, "forbidden", "can_create_accounts is false for this partner"));
        }
        let count = w.accounts.values().filter(|a| a.partner() == Some(partner.auth_id.as_str())).count();
        if count >= partner.max_accounts as usize {
            return Err(coded(403, "max_accounts_reached", format!("partner has reached max_accounts ({})", partner.max_accounts)));
        }
        let required = |key: &str| text(&body, key).ok_or_else(|| coded(422, "validation_error", format!("{key} is required")));
        let name = required("name")?;
        let email = required("email")?;
        let password = required("password")?;
        let country = required("country")?;
        if !valid_email(&email) {
            return Err(coded(422, "validation_error", "email is not a valid address"));
        }
        if w.email_taken(&email) {
            return Err(coded(422, "email_taken", "email is already in use"));
        }
        if !strong_password(&password) {
            return Err(coded(422, "validation_error", "password must be at least 8 characters and contain a number and a special character"));
        }
        let phone = text(&body, "phone");
        if let Some(phone) = &phone
            && !valid_e164(phone)
        {
            return Err(coded(422, "validation_error", "phone must be E.164, e.g. +919876543210"));
        }
        if !valid_country(&country) {
            return Err(coded(422, "validation_error", "country must be an ISO 3166-1 alpha-2 code"));
        }
        if let Some(status) = text(&body, "gst_status")
            && status != "active"
            && status != "inactive"
        {
            return Err(coded(422, "validation_error", "gst_status must be active or inactive"));
        }
        let now = w.now();
        let account = Account {
            auth_id: w.ids.auth_id("MA_"),
            auth_token: w.ids.token(),
            numeric_id: 520_000 + w.accounts.len() as u64,
            api_id: w.ids.uuid(),
            role: Role::Customer { partner: partner.auth_id.clone() },
            name,
            email: Some(email),
            phone,
            company: text(&body, "company"),
            description: text(&body, "description"),
            profile: PROFILE_FIELDS
                .iter()
                .filter_map(|k| body.get(*k).filter(|v| !v.is_null()).map(|v| ((*k).to_owned(), v.clone())))
                .collect(),
            currency: currency_of(&country).to_owned(),
            country,
            balance: Decimal::ZERO,
            enabled: true,
            kyc_status: "pending".into(),
            rate_limit: 1000,
            permissions: None,
            sub_kyc: None,
            created_at: now,
            updated_at: now,
        };
        let reply = json!({
            "auth_id": account.auth_id,
            "auth_token": account.auth_token,
            "name": account.name,
            "email": account.email,
            "status": "active",
            "balance": 0.0,
            "currency": account.currency,
            "country": account.country,
            "created_at": rfc3339(now),
        });
        w.accounts.insert(account.auth_id.clone(), account);
        ok(201, reply)
    })
}

pub async fn list_customers(
    State(store): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.read(|w| {
        let partner = calling_partner(w, &headers)?;
        let (page, size) = paging(&query, "per_page", 20, 100, false)?;
        let search = query
            .get("search")
            .map(|s| s.to_lowercase())
            .filter(|s| !s.is_empty());
        let mut matching: Vec<&Account> = w
            .accounts
            .values()
            .filter(|a| a.partner() == Some(partner.auth_id.as_str()))
            .filter(|a| {
                search.as_ref().is_none_or(|s| {
                    a.name.to_lowercase().contains(s)
                        || a.email
                            .as_deref()
                            .is_some_and(|e| e.to_lowercase().contains(s))
                })
            })
            .collect();
        matching.sort_by(|a, b| {
            b.created_at
                .cmp(&a.created_at)
                .then(a.auth_id.cmp(&b.auth_id))
        });
        let items: Vec<Value> = page_of(&matching, page, size)
            .into_iter()
            .map(|a| render::customer(a, partner))
            .collect();
        ok(
            200,
            json!({"accounts": items, "total": matching.len(), "page": page, "size": size}),
        )
    })
}

pub async fn get_customer(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(customer): Path<String>,
) -> ApiResult {
    store.read(|w| {
        let partner = calling_partner(w, &headers)?;
        let account = own_customer(w, partner, &customer)?;
        ok(200, render::customer(account, partner))
    })
}

pub async fn customer_balance(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(customer): Path<String>,
) -> ApiResult {
    store.read(|w| {
        let partner = calling_partner(w, &headers)?;
        let a = own_customer(w, partner, &customer)?;
        ok(200, json!({"auth_id": a.auth_id, "name": a.name, "cash_credits": dp5(a.balance), "currency": a.currency, "updated_at": rfc3339(a.updated_at)}))
    })
}

/// POST /partner/accounts/{customer}/transfer-balance `{amount, currency, description?}`:
/// `amount` a number or numeric string, above 0, with at most 2 decimal places (400
/// `invalid_amount` otherwise, as the docs' transfer errors are 400).
pub async fn transfer_balance(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(customer): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    store.write(|w| {
        let partner = calling_partner(w, &headers)?.clone();
        if !partner.can_transfer_balance {
            return Err(coded(
                403,
                "forbidden",
                "can_transfer_balance is false for this partner",
            ));
        }
        let target = own_customer(w, &partner, &customer)?.clone();
        let amount = body.get("amount").and_then(parse).ok_or_else(|| {
            coded(
                400,
                "invalid_amount",
                "amount is required and must be a number",
            )
        })?;
        if amount <= Decimal::ZERO {
            return Err(coded(
                400,
                "invalid_amount",
                "amount must be greater than 0",
            ));
        }
        if !in_cents(amount) {
            return Err(coded(
                400,
                "invalid_amount",
                "amount must have at most 2 decimal places",
            ));
        }
        let currency = text(&body, "currency")
            .ok_or_else(|| coded(400, "invalid_currency", "currency is required"))?;
        if currency != partner.currency || currency != target.currency {
            return Err(coded(
                400,
                "currency_mismatch",
                format!(
                    "currency {currency} does not match the partner's {} and customer's {} wallets",
                    partner.currency, target.currency
                ),
            ));
        }
        if partner.balance < amount {
            return Err(ApiError {
                status: axum::http::StatusCode::BAD_REQUEST,
                body: json!({
                    "error": "insufficient_balance",
                    "message": "Insufficient partner balance for this transfer",
                    "current_balance": number(partner.balance),
                    "requested_amount": number(amount),
                    "currency": partner.currency,
                }),
                retry_after: None,
            });
        }
        let description = text(&body, "description").unwrap_or_default();
        let now = w.now();
        let reference = format!("ptc:{}:{}:{}", partner.id, target.auth_id, now.timestamp());
        let transaction_id = format!("txn_{}", w.ids.hex(12));
        // Both legs in one step under the world lock: atomic by construction.
        let partner_after = {
            let p = w
                .partners
                .get_mut(&partner.auth_id)
                .expect("authenticated partner");
            p.balance -= amount;
            p.updated_at = now;
            p.balance
        };
        let customer_after = {
            let a = w.accounts.get_mut(&target.auth_id).expect("own customer");
            a.balance += amount;
            a.updated_at = now;
            a.balance
        };
        for (account_id, kind, text) in [
            (
                target.auth_id.clone(),
                "credit",
                format!("Transfer from partner {}: {description}", partner.name),
            ),
            (
                partner.auth_id.clone(),
                "debit",
                format!("Transfer to {}: {description}", target.auth_id),
            ),
        ] {
            let row = LedgerRow {
                id: w.ids.uuid(),
                account_id,
                balance_id: w.ids.uuid(),
                kind: kind.into(),
                amount,
                currency: currency.clone(),
                description: text,
                reference: reference.clone(),
                transaction_type: "transfer".into(),
                created_at: now,
            };
            w.ledger.push(row);
        }
        ok(
            200,
            json!({
                "transaction_id": transaction_id,
                "from_account": partner.auth_id,
                "to_account": target.auth_id,
                "amount": number(amount),
                "currency": currency,
                "description": description,
                "status": "completed",
                "partner_balance_after": number(partner_after),
                "customer_balance_after": number(customer_after),
                "timestamp": rfc3339(now),
            }),
        )
    })
}
