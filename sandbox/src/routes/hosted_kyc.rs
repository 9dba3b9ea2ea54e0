//! Creating a hosted KYC session, shared by the partner's `/partner/kyc-sessions` and a
//! parent's `/sub-accounts/{sub}/kyc-sessions`: one active session per account (a new one
//! revokes the old), and the email it goes to shown masked.

use chrono::Duration;
use serde_json::{Map, Value, json};

use super::input::{text, valid_email};
use crate::clock::rfc3339;
use crate::kyc::notify;
use crate::reply::{ApiError, validation_failed};
use crate::world::{KycSession, World};

/// `j***@example.com`.
pub(super) fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".to_owned(),
    }
}

/// Validates a create body and records the session for `account` on behalf of `owner`,
/// revoking the account's active session. Returns the 201 body and the webhook deliveries
/// to queue.
pub(super) fn create_session(
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
