//! Control plane for KYC: drive a hosted session or a sub-account's KYC to its outcome, as
//! the customer would in the hosted widget. Each step sends the webhooks it would send.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::post;
use serde_json::{Value, json};

use super::input::{body_object, text};
use crate::kyc::{effective_status, notify, session_object, verified_data};
use crate::reply::{ApiResult, coded, ok};
use crate::store::Shared;
use crate::world::World;

/// The KYC control routes.
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/__sandbox/kyc-sessions/{id}/{step}", post(session_step))
        .route(
            "/__sandbox/sub-accounts/{sub}/kyc/{outcome}",
            post(sub_account_outcome),
        )
}

/// Marks every document the sub-account's business type needs as `status`.
fn settle_documents(world: &mut World, sub: &str, status: &str) {
    let now = world.now();
    if let Some(account) = world.accounts.get_mut(sub) {
        let kyc = account
            .sub_kyc
            .get_or_insert_with(|| crate::kyc::new_sub_kyc("customer_use", None));
        let needed: &[&str] = match kyc.business_type.as_deref() {
            None | Some("individual" | "proprietorship" | "huf") => &["pan", "aadhaar"],
            Some(_) => &["pan", "gst"],
        };
        for doc in needed {
            kyc.verifications
                .insert((*doc).to_owned(), status.to_owned());
        }
        if status == "verified" {
            account.kyc_status = "completed".into();
        }
        account.updated_at = now;
    }
}

/// `POST /__sandbox/kyc-sessions/{id}/{open|submit|complete|fail}` with an optional body
/// `{"kyc_type": "individual"|"company", "reason": "…"}`.
async fn session_step(
    State(store): State<Shared>,
    Path((id, step)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    let (reply, deliveries) = store.write(|w| {
        let now = w.now();
        let session = w.kyc_sessions.get(&id).cloned().ok_or_else(|| coded(404, "not_found", format!("KYC session {id} not found")))?;
        let status = effective_status(&session, now);
        if session.is_terminal() || status == "expired" {
            return Err(coded(409, "conflict", format!("session is already '{status}'")));
        }
        let kyc_type = text(&body, "kyc_type").or(session.kyc_type.clone()).unwrap_or_else(|| "individual".into());
        if kyc_type != "individual" && kyc_type != "company" {
            return Err(coded(400, "invalid_request", "kyc_type must be individual or company"));
        }
        let account_name = w.accounts.get(&session.account_auth_id).map(|a| a.name.clone()).unwrap_or_default();
        let is_sub = w.accounts.get(&session.account_auth_id).is_some_and(|a| a.parent().is_some());
        let (new_status, event) = match step.as_str() {
            "open" => ("opened", None),
            "submit" => ("in_progress", is_sub.then_some("kyc.submitted")),
            "complete" => ("kyc_completed", Some("kyc.completed")),
            "fail" => ("kyc_failed", Some("kyc.failed")),
            other => return Err(coded(404, "not_found", format!("unknown step {other:?}: use open, submit, complete or fail"))),
        };
        {
            let s = w.kyc_sessions.get_mut(&id).expect("found above");
            s.status = new_status.into();
            s.updated_at = now;
            if step != "open" {
                s.kyc_type = Some(kyc_type.clone());
            }
            if s.first_opened_at.is_none() {
                s.first_opened_at = Some(now);
            }
            match step.as_str() {
                "complete" => {
                    s.completed_at = Some(now);
                    s.verified_data = verified_data(&kyc_type, &account_name);
                }
                "fail" => {
                    s.revoke_reason = text(&body, "reason");
                    s.verified_data = json!({"completed_steps": [], "failure_reason": text(&body, "reason").unwrap_or_else(|| "name mismatch".into())});
                }
                _ => {}
            }
        }
        if step == "complete" {
            let account = session.account_auth_id.clone();
            if is_sub {
                if let Some(a) = w.accounts.get_mut(&account)
                    && let Some(k) = a.sub_kyc.as_mut()
                {
                    k.business_type.get_or_insert_with(|| if kyc_type == "company" { "private_limited".into() } else { "individual".into() });
                }
                settle_documents(w, &account, "verified");
            } else if let Some(a) = w.accounts.get_mut(&account) {
                a.kyc_status = "completed".into();
                a.updated_at = now;
            }
        }
        let deliveries: Vec<String> = event.and_then(|e| notify(w, &id, e)).into_iter().collect();
        let session = w.kyc_sessions[&id].clone();
        Ok((session_object(&session, now), deliveries))
    })?;
    for d in deliveries {
        let _ = store.webhooks.send(d);
    }
    ok(200, reply)
}

/// `POST /__sandbox/sub-accounts/{sub}/kyc/{complete|fail}`: verifies (or fails) the
/// documents the business type needs, and tells the latest hosted session, if any.
async fn sub_account_outcome(
    State(store): State<Shared>,
    Path((sub, outcome)): Path<(String, String)>,
) -> ApiResult {
    let (reply, deliveries) = store.write(|w| {
        if w.accounts.get(&sub).is_none_or(|a| a.parent().is_none()) {
            return Err(coded(
                404,
                "not_found",
                format!("sub-account {sub} not found"),
            ));
        }
        let (status, event) = match outcome.as_str() {
            "complete" => ("verified", "kyc.completed"),
            "fail" => ("failed", "kyc.failed"),
            other => {
                return Err(coded(
                    404,
                    "not_found",
                    format!("unknown outcome {other:?}: use complete or fail"),
                ));
            }
        };
        settle_documents(w, &sub, status);
        let now = w.now();
        let latest = w
            .kyc_sessions
            .values()
            .filter(|s| s.account_auth_id == sub && !s.is_terminal())
            .max_by_key(|s| s.created_at)
            .map(|s| s.id.clone());
        let mut deliveries = Vec::new();
        if let Some(id) = latest {
            if let Some(s) = w.kyc_sessions.get_mut(&id) {
                s.status = if status == "verified" {
                    "kyc_completed"
                } else {
                    "kyc_failed"
                }
                .into();
                s.completed_at = (status == "verified").then_some(now);
                s.updated_at = now;
            }
            deliveries.extend(notify(w, &id, event));
        }
        let account = &w.accounts[&sub];
        let kyc = account.sub_kyc.clone().unwrap_or_default();
        Ok((
            json!({
                "sub_account_id": sub,
                "overall_status": crate::kyc::overall_status(&kyc),
                "kyc_calls_blocked": crate::kyc::calls_blocked(account),
                "verifications": kyc.verifications,
            }),
            deliveries,
        ))
    })?;
    for d in deliveries {
        let _ = store.webhooks.send(d);
    }
    ok(200, reply as Value)
}
