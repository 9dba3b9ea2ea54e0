//! Entities as the API writes them (partner profile, customer, ledger row, number, CDR):
//! field names, money encodings and timestamp forms exactly as the docs show them.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::clock::rfc3339;
use crate::money::{dp5, number};
use crate::world::{Account, Cdr, LedgerRow, Number, Partner, World};

fn ts(t: DateTime<Utc>) -> Value {
    Value::String(rfc3339(t))
}

fn opt_ts(t: Option<DateTime<Utc>>) -> Value {
    t.map(ts).unwrap_or(Value::Null)
}

/// `/partner/me`. `balance` is a 5-decimal string; the dashboard nulls it.
pub fn partner_profile(world: &World, partner: &Partner) -> Value {
    let account_count = world
        .accounts
        .values()
        .filter(|a| a.partner() == Some(partner.auth_id.as_str()))
        .count();
    json!({
        "id": partner.id,
        "account_id": partner.account_id,
        "name": partner.name,
        "slug": partner.slug,
        "company": partner.company,
        "auth_id": partner.auth_id,
        "email": partner.email,
        "phone": partner.phone,
        "billing_model": "direct",
        "is_active": partner.is_active,
        "is_verified": partner.is_verified,
        "max_accounts": partner.max_accounts,
        "account_count": account_count,
        "can_create_accounts": partner.can_create_accounts,
        "can_create_pricing_tiers": partner.can_create_pricing_tiers,
        "can_view_cdrs": partner.can_view_cdrs,
        "can_transfer_balance": partner.can_transfer_balance,
        "default_pricing_tier_id": partner.default_pricing_tier_id,
        "balance": dp5(partner.balance),
        "created_at": ts(partner.created_at),
        "updated_at": ts(partner.updated_at),
    })
}

/// A partner customer as listed and fetched: the long account object, token redacted.
pub fn customer(account: &Account, partner: &Partner) -> Value {
    let profile = |key: &str| account.profile.get(key).cloned().unwrap_or(Value::Null);
    json!({
        "name": account.name,
        "email": account.email,
        "phone": account.phone,
        "description": account.description,
        "gstin": profile("gstin"),
        "gst_status": profile("gst_status"),
        "tds_enabled": false,
        "tds_percentage": 0,
        "business_type": profile("business_type"),
        "id": account.numeric_id.to_string(),
        "auth_id": account.auth_id,
        "auth_token": "<redacted>",
        "api_id": account.api_id,
        "account_type": account.profile.get("account_type").cloned().unwrap_or(json!("standard")),
        "role": "user",
        "postpaid": false,
        "billing_mode": "prepaid",
        "auto_recharge": false,
        "cash_credits": dp5(account.balance),
        "address": profile("address"),
        "city": profile("city"),
        "state": profile("state"),
        "timezone": profile("timezone"),
        "country": account.country,
        "zip_code": profile("zip_code"),
        "company": account.company,
        "cps_limit": 2,
        "concurrent_calls_limit": 10,
        "is_active": account.enabled,
        "is_verified": account.kyc_status == "completed",
        "is_trial_account": false,
        "enabled": account.enabled,
        "kyc_status": account.kyc_status,
        "referral_disabled": false,
        "created_at": ts(account.created_at),
        "updated_at": ts(account.updated_at),
        "last_login": null,
        "pricing_tier_id": partner.default_pricing_tier_id,
        "pricing_tier": {
            "id": partner.default_pricing_tier_id,
            "name": "Standard",
            "currency": account.currency,
            "rate_per_minute": 0.5,
            "did_release_fee": 700,
            "charge_non_connected_calls": false,
            "is_active": true,
            "is_default": true,
        },
        "partner_id": partner.id,
        "resource_uri": format!("/v1/Account/{}/", account.auth_id),
    })
}

/// A ledger row (`type` is credit/debit; `account_id` is the owner's auth id).
pub fn ledger_row(row: &LedgerRow) -> Value {
    json!({
        "id": row.id,
        "account_id": row.account_id,
        "balance_id": row.balance_id,
        "type": row.kind,
        "amount": number(row.amount),
        "currency": row.currency,
        "description": row.description,
        "reference": row.reference,
        "status": "completed",
        "processed_at": ts(row.created_at),
        "created_at": ts(row.created_at),
        "updated_at": ts(row.created_at),
    })
}

/// A phone number object, as every number list and the purchase answer write it.
pub fn number_item(n: &Number) -> Value {
    json!({
        "id": n.id,
        "account_id": n.owner,
        "e164": n.e164,
        "country": n.country,
        "region": n.region,
        "capabilities": {"voice": true, "sms": false, "mms": false, "fax": false},
        "status": n.status,
        "provider": "",
        "setup_fee": number(n.setup_fee),
        "monthly_fee": number(n.monthly_fee),
        "currency": n.currency,
        "application_id": n.application_id,
        "trunk_group_id": n.trunk_group_id,
        "voice_enabled": true,
        "tags": [],
        "purchased_at": opt_ts(n.purchased_at),
        "released_at": opt_ts(n.released_at),
        "is_blocked": false,
        "created_at": ts(n.created_at),
        "updated_at": ts(n.updated_at),
        "is_trial_number": false,
        "last_billing_date": opt_ts(n.last_billing_date),
        "next_billing_date": opt_ts(n.next_billing_date),
        "minimum_commitment_months": 0,
        "aadhaar_verification_required": n.aadhaar_verification_required,
        "aadhaar_verified": n.aadhaar_verified,
        "source": n.source,
    })
}

/// A CDR: the documented 43-field object (quality and SIP details are simulated).
pub fn cdr(c: &Cdr) -> Value {
    let answered = c.status == "answered";
    json!({
        "id": c.id,
        "uuid": c.uuid,
        "account_id": c.account_id,
        "call_direction": c.call_direction,
        "caller_id_name": "",
        "caller_id_number": c.caller_id_number,
        "destination_number": c.destination_number,
        "context": "voice-api",
        "region": "in-south",
        "origination_region": "in-south",
        "campaign_id": null,
        "customer_endpoint": null,
        "trunk_id": null,
        "terminated_to": null,
        "duration": c.duration,
        "billsec": c.billsec,
        "ring_time": c.ring_time,
        "answer_time": opt_ts(c.answer_time),
        "start_time": ts(c.start_time),
        "end_time": ts(c.end_time),
        "progress_time": null,
        "created_at": ts(c.end_time),
        "updated_at": ts(c.end_time),
        "cost": number(c.cost),
        "streaming_cost": 0.0,
        "total_cost": number(c.cost),
        "currency": c.currency,
        "codec": if answered { json!("PCMU") } else { Value::Null },
        "jitter": if answered { json!(0.4) } else { Value::Null },
        "mos": if answered { json!(4.3) } else { json!(0) },
        "packet_loss": if answered { json!(0.3) } else { Value::Null },
        "hangup_cause": c.hangup_cause,
        "hangup_cause_code": if answered { 4000 } else { 4010 },
        "hangup_cause_name": if answered { "Normal Hangup" } else { "No Answer" },
        "hangup_disposition": if answered { "recv_bye" } else { "send_cancel" },
        "hangup_source": if answered { "Callee" } else { "Caller" },
        "failure_code": null,
        "failure_reason": null,
        "bridge_uuid": null,
        "sip_call_id": format!("{}@sandbox.vobiz.test", c.uuid),
        "sip_user_agent": "vobiz-sandbox",
        "network_addr": null,
        "carrier_ip": null,
    })
}
