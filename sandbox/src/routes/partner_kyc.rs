//! The partner's hosted KYC sessions, `/partner/kyc-sessions`: create, list, get, resend,
//! revoke. One active session per account (a new one revokes the old), a 30-minute resend
//! cooldown from the last send, and terminal sessions that refuse changes.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde_json::{Value, json};

use super::hosted_kyc::{create_session, mask_email};
use super::input::{body_object, page_of, paging, text};
use crate::auth::calling_partner;
use crate::kyc::{effective_status, notify, session_object};
use crate::reply::{ApiError, ApiResult, http_error, ok, validation_failed};
use crate::store::Shared;
use crate::world::{KycSession, World};

/// Seconds between two sends of a session's email.
const RESEND_COOLDOWN_SECS: i64 = 30 * 60;

/// Session statuses the list filter accepts.
const STATUSES: [&str; 6] = [
    "email_sent",
    "link_ready",
    "opened",
    "in_progress",
    "kyc_completed",
    "revoked",
];

/// The partner's session, or 404 in the partner KYC error shape.
fn own_session<'w>(world: &'w World, owner: &str, id: &str) -> Result<&'w KycSession, ApiError> {
    world
        .kyc_sessions
        .get(id)
        .filter(|s| s.owner == owner)
        .ok_or_else(|| http_error(404, format!("KYC session {id} not found")))
}

pub async fn create(State(store): State<Shared>, headers: HeaderMap, body: Bytes) -> ApiResult {
    let body = body_object(&body)?;
    let (reply, deliveries) = store.write(|w| {
        let owner = calling_partner(w, &headers)?.auth_id.clone();
        let account = text(&body, "account_auth_id")
            .ok_or_else(|| validation_failed(&[("account_auth_id", "Field required".into())]))?;
        let owned = w
            .accounts
            .get(&account)
            .is_some_and(|a| a.partner() == Some(owner.as_str()));
        if !owned {
            return Err(http_error(404, format!("Account {account} not found")));
        }
        // The partner flow may omit customer_email: the link goes to the address on the
        // account.
        let email = w.accounts.get(&account).and_then(|a| a.email.clone());
        create_session(w, &owner, &account, &body, email)
    })?;
    store.queue_webhooks(deliveries);
    ok(201, reply)
}

pub async fn list(
    State(store): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.read(|w| {
        let owner = calling_partner(w, &headers)?.auth_id.clone();
        let (page, size) = paging(&query, "size", 20, 100, false)?;
        let status = query.get("status").filter(|s| !s.is_empty());
        if let Some(s) = status
            && !STATUSES.contains(&s.as_str())
        {
            return Err(validation_failed(&[(
                "status",
                format!("must be one of {}", STATUSES.join(", ")),
            )]));
        }
        let account = query.get("account_auth_id").filter(|s| !s.is_empty());
        let now = w.now();
        let mut sessions: Vec<&KycSession> = w
            .kyc_sessions
            .values()
            .filter(|s| s.owner == owner)
            .filter(|s| status.is_none_or(|st| &effective_status(s, now) == st))
            .filter(|s| account.is_none_or(|a| &s.account_auth_id == a))
            .collect();
        sessions.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
        let items: Vec<Value> = page_of(&sessions, page, size)
            .into_iter()
            .map(|s| session_object(s, now))
            .collect();
        ok(
            200,
            json!({"sessions": items, "total": sessions.len(), "page": page, "size": size}),
        )
    })
}

pub async fn get(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    store.read(|w| {
        let owner = calling_partner(w, &headers)?.auth_id.clone();
        let session = own_session(w, &owner, &id)?;
        ok(200, session_object(session, w.now()))
    })
}

pub async fn resend(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    store.write(|w| {
        let owner = calling_partner(w, &headers)?.auth_id.clone();
        let session = own_session(w, &owner, &id)?;
        let now = w.now();
        if session.flow_type == "redirect" {
            return Err(http_error(400, "Resend is not available for redirect-flow sessions - no email is associated with this session."));
        }
        let status = effective_status(session, now);
        if session.is_terminal() || status == "expired" {
            return Err(http_error(409, format!("Cannot resend: session is '{status}'")));
        }
        let waited = (now - session.last_sent_at).num_seconds();
        if waited < RESEND_COOLDOWN_SECS {
            return Err(http_error(429, format!("Please wait {} seconds before resending", RESEND_COOLDOWN_SECS - waited)));
        }
        let session = w.kyc_sessions.get_mut(&id).expect("found above");
        session.last_sent_at = now;
        session.updated_at = now;
        ok(200, json!({"message": "KYC email re-sent", "session_id": id, "email_dispatched_to": session.customer_email.as_deref().map(mask_email)}))
    })
}

pub async fn revoke(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    let (reply, deliveries) = store.write(|w| {
        let owner = calling_partner(w, &headers)?.auth_id.clone();
        let session = own_session(w, &owner, &id)?;
        let now = w.now();
        let status = effective_status(session, now);
        if session.is_terminal() || status == "expired" {
            return Err(http_error(
                409,
                format!("Session is already in terminal status: '{status}'"),
            ));
        }
        let session = w.kyc_sessions.get_mut(&id).expect("found above");
        session.status = "revoked".into();
        session.revoke_reason = text(&body, "reason");
        session.updated_at = now;
        let deliveries: Vec<String> = notify(w, &id, "kyc.session_revoked").into_iter().collect();
        Ok((
            json!({"message": "Session revoked", "session_id": id}),
            deliveries,
        ))
    })?;
    store.queue_webhooks(deliveries);
    ok(200, reply)
}
