//! `POST /api/v1/partner/login`: a partner's console email and password in, a one-hour
//! bearer token out. It needs no `X-Auth-*` headers: it is how an interactive session
//! starts. The token is for the console; the REST routes keep using `X-Auth-*`.

use axum::body::Bytes;
use axum::extract::State;
use serde_json::{Value, json};

use super::input::{body_object, text};
use crate::auth::same_secret;
use crate::reply::{ApiResult, coded, ok};
use crate::store::Shared;

/// Lifetime of a login token, in seconds, as documented.
const TOKEN_SECONDS: u64 = 3600;

pub async fn login(State(store): State<Shared>, body: Bytes) -> ApiResult {
    let body = body_object(&body)?;
    let password = body
        .get("password")
        .and_then(Value::as_str)
        .filter(|p| !p.is_empty())
        .map(str::to_owned);
    let (Some(email), Some(password)) = (text(&body, "email"), password) else {
        return Err(coded(
            422,
            "validation_error",
            "email and password are required",
        ));
    };
    store.write(|w| {
        let partner = w
            .partners
            .values()
            .find(|p| p.email.eq_ignore_ascii_case(&email))
            .filter(|p| !p.password.is_empty() && same_secret(&p.password, &password))
            .cloned();
        let Some(partner) = partner else {
            return Err(coded(
                401,
                "invalid_credentials",
                "Invalid email or password",
            ));
        };
        if !partner.is_active {
            return Err(coded(403, "forbidden", "partner account is inactive"));
        }
        let access_token = format!("sbx_jwt_{}", w.ids.token());
        ok(
            200,
            json!({
                "tokens": {
                    "access_token": access_token,
                    "token_type": "Bearer",
                    "expires_in": TOKEN_SECONDS,
                }
            }),
        )
    })
}
