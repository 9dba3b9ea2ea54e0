//! Hosted KYC sessions: the partner's `/partner/kyc-sessions` (create, list, get, resend,
//! revoke; spec §2.12) and a parent's `/sub-accounts/{sub}/kyc-sessions` (spec §4.1).
//! One active session per account (a new one revokes the old), a 30-minute resend cooldown
//! from the last send, and terminal sessions that refuse changes.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use chrono::Duration;
use serde_json::{Map, Value, json};

use super::customers::partner;
use super::input::{body_object, page_of, paging, text, valid_email};
use super::sub_account_kyc::parent_of_sub;
use crate::clock::rfc3339;
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

/// `j***@example.com`.
fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".to_owned(),
    }
}

/// Validates a create body and records the session for `account` on behalf of `owner`,
/// revoking the account's active session. Returns the 201 body and the webhook deliveries
/// to queue.
fn create_session(
    world: &mut World,
    owner: &str,
    account: &str,
    body: &Map<String, Value>,
    default_email: Option<String>,
) -> Result<(Value, Vec<String>), ApiError> {
    let flow = text(body, "flow_type").unwrap_or_else(|| "email".into());
    let mut problems: Vec<(&str, String)> = Vec::new();
    if flow != "email" && flow != "redirect" {
        problems.push(("flow_type", "must be 'email' or 'redirect'".into()));
    }
    let email = text(body, "customer_email").or(default_email);
    if flow == "email" {
        match &email {
            None => problems.push(("customer_email", "Field required for the email flow".into())),
            Some(e) if !valid_email(e) => problems.push((
                "customer_email",
                "value is not a valid email address".into(),
            )),
            _ => {}
        }
    }
    let redirect_url = text(body, "redirect_url");
    if flow == "redirect" && redirect_url.is_none() {
        problems.push((
            "redirect_url",
            "Field required for the redirect flow".into(),
        ));
    }
    let days = match body.get("expires_in_days") {
        None | Some(Value::Null) => 7,
        Some(v) => match v.as_i64() {
            Some(d) if (1..=365).contains(&d) => d,
            _ => {
                problems.push(("expires_in_days", "must be an integer from 1 to 365".into()));
                7
            }
        },
    };
    let reminders = body.get("reminder_schedule").cloned().unwrap_or(json!([]));
    let reminders_ok = reminders.as_array().is_some_and(|items| {
        items.iter().all(|r| {
            r.get("trigger").and_then(Value::as_str) == Some("days_before_expiry")
                && r.get("value")
                    .and_then(Value::as_i64)
                    .is_some_and(|v| v >= 0)
        })
    });
    if !reminders_ok {
        problems.push((
            "reminder_schedule",
            "must be a list of {trigger: 'days_before_expiry', value: int}".into(),
        ));
    }
    let metadata = body.get("metadata").cloned().unwrap_or(Value::Null);
    if !(metadata.is_null() || metadata.is_object()) {
        problems.push(("metadata", "must be an object".into()));
    }
    if !problems.is_empty() {
        return Err(validation_failed(&problems));
    }

    let now = world.now();
    let mut deliveries = Vec::new();
    let active: Vec<String> = world
        .kyc_sessions
        .values()
        .filter(|s| s.account_auth_id == account && !s.is_terminal() && s.expires_at > now)
        .map(|s| s.id.clone())
        .collect();
    for id in active {
        if let Some(old) = world.kyc_sessions.get_mut(&id) {
            old.status = "revoked".into();
            old.revoke_reason = Some("superseded by a new session".into());
            old.updated_at = now;
        }
        deliveries.extend(notify(world, &id, "kyc.session_revoked"));
    }

    let id = world.ids.uuid();
    let redirect = flow == "redirect";
    let widget_token = redirect.then(|| format!("kst_{}", world.ids.hex(64)));
    let session = KycSession {
        id: id.clone(),
        account_auth_id: account.to_owned(),
        owner: owner.to_owned(),
        flow_type: flow.clone(),
        customer_email: if redirect { None } else { email.clone() },
        status: if redirect { "link_ready" } else { "email_sent" }.into(),
        kyc_type: None,
        webhook_url: text(body, "webhook_url"),
        redirect_url,
        reminder_schedule: reminders,
        metadata,
        verified_data: Value::Null,
        widget_token: widget_token.clone(),
        expires_at: now + Duration::days(days),
        last_sent_at: now,
        first_opened_at: None,
        completed_at: None,
        revoke_reason: None,
        created_at: now,
        updated_at: now,
    };
    let reply = json!({
        "session_id": id,
        "account_auth_id": account,
        "customer_email": session.customer_email,
        "email_dispatched_to": session.customer_email.as_deref().map(mask_email),
        "kyc_type": null,
        "status": session.status,
        "expires_at": rfc3339(session.expires_at),
        "widget_url": widget_token.map(|t| format!("https://kyc.vobiz.ai/verify?token={t}")),
        "kyc_link": null,
        "message": if redirect { "KYC link generated successfully" } else { "KYC email dispatched successfully" },
    });
    world.kyc_sessions.insert(id.clone(), session);
    if world
        .accounts
        .get(account)
        .is_some_and(|a| a.parent().is_some())
    {
        deliveries.extend(notify(world, &id, "kyc.initiated"));
    }
    Ok((reply, deliveries))
}

fn queue(store: &Shared, deliveries: Vec<String>) {
    for id in deliveries {
        let _ = store.webhooks.send(id);
    }
}

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
        let owner = partner(w, &headers)?.auth_id.clone();
        let account = text(&body, "account_auth_id")
            .ok_or_else(|| validation_failed(&[("account_auth_id", "Field required".into())]))?;
        let owned = w
            .accounts
            .get(&account)
            .is_some_and(|a| a.partner() == Some(owner.as_str()));
        if !owned {
            return Err(http_error(404, format!("Account {account} not found")));
        }
        // The user's partner-flow guide omits customer_email: the link goes to the
        // address on the account.
        let email = w.accounts.get(&account).and_then(|a| a.email.clone());
        create_session(w, &owner, &account, &body, email)
    })?;
    queue(&store, deliveries);
    ok(201, reply)
}

pub async fn list(
    State(store): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.read(|w| {
        let owner = partner(w, &headers)?.auth_id.clone();
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
        let owner = partner(w, &headers)?.auth_id.clone();
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
        let owner = partner(w, &headers)?.auth_id.clone();
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
        let owner = partner(w, &headers)?.auth_id.clone();
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
    queue(&store, deliveries);
    ok(200, reply)
}

/// `POST /sub-accounts/{sub}/kyc-sessions`, parent credentials; `account_auth_id` comes from
/// the path.
pub async fn create_for_sub_account(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(sub): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    let (mut reply, deliveries) = store.write(|w| {
        let parent = parent_of_sub(w, &headers, &sub)?;
        create_session(w, &parent, &sub, &body, None)
    })?;
    if let Value::Object(map) = &mut reply {
        map.remove("kyc_link");
        map.remove("kyc_type");
    }
    queue(&store, deliveries);
    ok(201, reply)
}
