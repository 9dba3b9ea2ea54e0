//! KYC rules shared by the routes and the control plane: the documents each business type
//! needs, the aggregate status, the call-blocking gate of `customer_use` sub-accounts,
//! session expiry, and the webhooks sessions send.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::clock::rfc3339;
use crate::world::{Account, KycSession, Role, SubKyc, World};

/// The four verifications a sub-account can run.
pub const DOCUMENTS: [&str; 4] = ["pan", "gst", "cin", "aadhaar"];

/// Business types the API accepts.
pub const BUSINESS_TYPES: [&str; 10] = [
    "individual",
    "proprietorship",
    "private_limited",
    "llp",
    "partnership",
    "public_limited",
    "trust",
    "society",
    "huf",
    "government",
];

/// A fresh KYC record for a sub-account.
pub fn new_sub_kyc(kyc_mode: &str, business_type: Option<String>) -> SubKyc {
    SubKyc {
        kyc_mode: kyc_mode.to_owned(),
        business_type,
        verifications: DOCUMENTS
            .iter()
            .map(|d| ((*d).to_owned(), "not_started".to_owned()))
            .collect(),
        pending_outcome: Default::default(),
    }
}

fn status_of<'a>(kyc: &'a SubKyc, document: &str) -> &'a str {
    kyc.verifications
        .get(document)
        .map(String::as_str)
        .unwrap_or("not_started")
}

/// Whether the documents the business type needs are verified: PAN + Aadhaar for
/// individuals (and when the type is unknown), PAN + GST or CIN for organisations.
pub fn documents_complete(kyc: &SubKyc) -> bool {
    let verified = |d: &str| status_of(kyc, d) == "verified";
    match kyc.business_type.as_deref() {
        None | Some("individual" | "proprietorship" | "huf") => {
            verified("pan") && verified("aadhaar")
        }
        Some(_) => verified("pan") && (verified("gst") || verified("cin")),
    }
}

/// `not_started` → `pending` → `verified` | `failed`.
pub fn overall_status(kyc: &SubKyc) -> &'static str {
    if documents_complete(kyc) {
        "verified"
    } else if kyc.verifications.values().any(|s| s == "failed") {
        "failed"
    } else if kyc.verifications.values().all(|s| s == "not_started") {
        "not_started"
    } else {
        "pending"
    }
}

/// A `customer_use` sub-account may not place calls until its documents are verified.
pub fn calls_blocked(account: &Account) -> bool {
    matches!(account.role, Role::Sub { .. })
        && account
            .sub_kyc
            .as_ref()
            .is_some_and(|k| k.kyc_mode == "customer_use" && !documents_complete(k))
}

/// A session's status as of `now`: one past its expiry reads `expired` (the docs name no
/// status for this; the sandbox's choice).
pub fn effective_status(session: &KycSession, now: DateTime<Utc>) -> String {
    if !session.is_terminal() && session.expires_at <= now {
        "expired".to_owned()
    } else {
        session.status.clone()
    }
}

/// Marks every session past its expiry `expired` and returns the `kyc.session_expired`
/// deliveries of the sub-account sessions among them (partner sessions document no such
/// event).
pub fn expire_sessions(world: &mut World) -> Vec<String> {
    let now = world.now();
    let due: Vec<String> = world
        .kyc_sessions
        .values()
        .filter(|s| !s.is_terminal() && s.expires_at <= now)
        .map(|s| s.id.clone())
        .collect();
    let mut deliveries = Vec::new();
    for id in due {
        let session = world.kyc_sessions.get_mut(&id).expect("listed above");
        session.status = "expired".into();
        session.updated_at = session.expires_at;
        let for_sub_account = world.accounts.contains_key(&world.kyc_sessions[&id].owner);
        if for_sub_account {
            deliveries.extend(notify(world, &id, "kyc.session_expired"));
        }
    }
    deliveries
}

/// The session object as `GET /kyc-sessions/{id}` writes it (keyed `id`).
pub fn session_object(session: &KycSession, now: DateTime<Utc>) -> Value {
    let opt = |t: Option<DateTime<Utc>>| t.map(rfc3339).map(Value::String).unwrap_or(Value::Null);
    json!({
        "id": session.id,
        "account_auth_id": session.account_auth_id,
        "customer_email": session.customer_email,
        "flow_type": session.flow_type,
        "kyc_type": session.kyc_type,
        "status": effective_status(session, now),
        "expires_at": rfc3339(session.expires_at),
        "first_opened_at": opt(session.first_opened_at),
        "completed_at": opt(session.completed_at),
        "webhook_url": session.webhook_url,
        "redirect_url": session.redirect_url,
        "reminder_schedule": session.reminder_schedule,
        "metadata": session.metadata,
        "verified_data": session.verified_data,
        "created_at": rfc3339(session.created_at),
        "updated_at": rfc3339(session.updated_at),
    })
}

/// Queues the session's webhook for `event`, if it has a URL; returns the delivery id to
/// hand to the delivery queue after the lock is released.
///
/// Partner sessions send the partner payload (`status`, `verified_data`) signed with the
/// partner's token; sub-account sessions send the sub-account payload (`session_status`,
/// `timestamp`, `customer_email`, …) signed with the parent's token.
pub fn notify(world: &mut World, session_id: &str, event: &str) -> Option<String> {
    let session = world.kyc_sessions.get(session_id)?.clone();
    let url = session.webhook_url.clone()?;
    let now = world.now();
    let (payload, key) = if let Some(partner) = world.partners.get(&session.owner) {
        let payload = json!({
            "event": event,
            "session_id": session.id,
            "account_auth_id": session.account_auth_id,
            "kyc_type": session.kyc_type,
            "status": effective_status(&session, now),
            "metadata": session.metadata,
            "verified_data": session.verified_data,
            "reason": session.revoke_reason,
            "timestamp": rfc3339(now),
        });
        (payload, partner.auth_token.clone())
    } else {
        let key = world.accounts.get(&session.owner)?.auth_token.clone();
        let payload = json!({
            "event": event,
            "timestamp": rfc3339(now),
            "session_id": session.id,
            "account_auth_id": session.account_auth_id,
            "customer_email": session.customer_email,
            "kyc_type": session.kyc_type,
            "session_status": effective_status(&session, now),
            "metadata": session.metadata,
            "created_at": rfc3339(session.created_at),
            "updated_at": rfc3339(session.updated_at),
        });
        (payload, key)
    };
    Some(crate::webhooks::enqueue(world, event, &url, &payload, &key))
}

/// The verified data a completed session reports, by KYC type.
pub fn verified_data(kyc_type: &str, name: &str) -> Value {
    if kyc_type == "company" {
        json!({"pan_type": "company", "pan_name_match": true, "pan_registered_name": name.to_uppercase(), "completed_steps": ["pan", "gst"]})
    } else {
        json!({
            "pan_type": "individual", "pan_number": "ABCPX1234X", "pan_name_match": true,
            "pan_registered_name": name.to_uppercase(), "completed_steps": ["pan", "aadhaar"],
            "aadhaar_name": name, "masked_aadhaar": "XXXX-XXXX-1234",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_follows_the_business_type_matrix() {
        let mut kyc = new_sub_kyc("customer_use", Some("private_limited".into()));
        assert_eq!(overall_status(&kyc), "not_started");
        kyc.verifications.insert("pan".into(), "verified".into());
        assert_eq!(overall_status(&kyc), "pending");
        kyc.verifications.insert("cin".into(), "verified".into());
        assert_eq!(overall_status(&kyc), "verified");
        let mut person = new_sub_kyc("customer_use", None);
        person.verifications.insert("pan".into(), "verified".into());
        person.verifications.insert("gst".into(), "verified".into());
        assert!(!documents_complete(&person), "an individual needs Aadhaar");
        person
            .verifications
            .insert("aadhaar".into(), "failed".into());
        assert_eq!(overall_status(&person), "failed");
    }
}
