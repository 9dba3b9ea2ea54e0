//! The sandbox's state: every partner, account, ledger row, KYC session, number, trunk, call
//! and webhook delivery. One `World` sits behind one lock; it serialises to JSON for
//! `--state FILE` and the control plane's dump.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock::Clock;
use crate::ids::Ids;

/// A partner (reseller) account, `PA_…`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Partner {
    pub id: String,
    pub account_id: u64,
    pub auth_id: String,
    pub auth_token: String,
    pub name: String,
    pub slug: String,
    pub company: String,
    pub email: String,
    pub phone: String,
    pub is_active: bool,
    pub is_verified: bool,
    pub max_accounts: u32,
    pub can_create_accounts: bool,
    pub can_create_pricing_tiers: bool,
    pub can_view_cdrs: bool,
    pub can_transfer_balance: bool,
    pub default_pricing_tier_id: String,
    pub balance: Decimal,
    pub currency: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The console password of `email`, for `POST /partner/login` (empty: login refused).
    #[serde(default)]
    pub password: String,
    /// Concurrent-call slots in the partner's pool, not allocated to any customer.
    #[serde(default = "default_partner_concurrent_calls")]
    pub concurrent_calls_pool: u64,
    /// Calls-per-second slots in the partner's pool, not allocated to any customer.
    #[serde(default = "default_partner_cps")]
    pub cps_pool: u64,
}

/// The concurrent-call pool of a partner seeded (or loaded from an older state file).
pub fn default_partner_concurrent_calls() -> u64 {
    100
}

/// The CPS pool of a partner seeded (or loaded from an older state file).
pub fn default_partner_cps() -> u64 {
    20
}

/// One capacity move (transfer or reclaim) between a partner and one of its customers.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CapacityTransfer {
    pub reference: String,
    pub partner: String,
    pub customer: String,
    /// `transfer` (partner → customer) or `reclaim` (customer → partner).
    pub direction: String,
    /// `concurrent_calls` or `cps`.
    pub resource: String,
    pub slots: u64,
    pub description: Option<String>,
    pub partner_remaining: u64,
    pub customer_effective: u64,
    pub created_at: DateTime<Utc>,
}

/// What an account is to the rest of the world.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Role {
    /// A partner's customer (a full main account).
    Customer { partner: String },
    /// A main account that is nobody's customer (the seeded parent).
    Main,
    /// A sub-account of `parent`.
    Sub { parent: String },
}

/// Sub-account KYC state: its mode, business type and each document's verification.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SubKyc {
    pub kyc_mode: String,
    pub business_type: Option<String>,
    /// `pan`, `gst`, `cin`, `aadhaar` → `not_started` | `pending` | `verified` | `failed`.
    pub verifications: BTreeMap<String, String>,
    /// Pending test-mode verifications: type → the outcome `finalize-pending` would apply
    /// when asked for `verified`.
    pub pending_outcome: BTreeMap<String, String>,
}

/// A main account (`MA_…`) or sub-account (`SA_…`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Account {
    pub auth_id: String,
    pub auth_token: String,
    pub numeric_id: u64,
    pub api_id: String,
    pub role: Role,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    pub description: Option<String>,
    /// Optional profile fields accepted on create (address, city, timezone, gstin…).
    pub profile: BTreeMap<String, Value>,
    pub country: String,
    pub currency: String,
    pub balance: Decimal,
    pub enabled: bool,
    pub kyc_status: String,
    pub rate_limit: u64,
    pub permissions: Option<Value>,
    pub sub_kyc: Option<SubKyc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Account {
    /// The parent main account of a sub-account.
    pub fn parent(&self) -> Option<&str> {
        match &self.role {
            Role::Sub { parent } => Some(parent),
            _ => None,
        }
    }

    /// The partner of a partner customer.
    pub fn partner(&self) -> Option<&str> {
        match &self.role {
            Role::Customer { partner } => Some(partner),
            _ => None,
        }
    }
}

/// One ledger row: a credit or debit on one account (`PA_`, `MA_` or `SA_`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LedgerRow {
    pub id: String,
    pub account_id: String,
    pub balance_id: String,
    /// `credit` or `debit`.
    pub kind: String,
    pub amount: Decimal,
    pub currency: String,
    pub description: String,
    pub reference: String,
    /// The filter vocabulary: `transfer`, `recharge`, `debit`, `refund`.
    pub transaction_type: String,
    pub created_at: DateTime<Utc>,
}

/// A KYC session, partner-created or sub-account hosted.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct KycSession {
    pub id: String,
    pub account_auth_id: String,
    /// Who created it: the partner `PA_…` or the parent `MA_…`.
    pub owner: String,
    pub flow_type: String,
    pub customer_email: Option<String>,
    pub status: String,
    pub kyc_type: Option<String>,
    pub webhook_url: Option<String>,
    pub redirect_url: Option<String>,
    pub reminder_schedule: Value,
    pub metadata: Value,
    pub verified_data: Value,
    pub widget_token: Option<String>,
    pub expires_at: DateTime<Utc>,
    pub last_sent_at: DateTime<Utc>,
    pub first_opened_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub revoke_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl KycSession {
    /// Revoked and completed sessions accept no more changes.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self.status.as_str(),
            "revoked" | "kyc_completed" | "kyc_failed" | "expired"
        )
    }
}

/// A DID, in inventory (no owner) or owned.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Number {
    pub id: String,
    pub e164: String,
    pub country: String,
    pub region: String,
    pub setup_fee: Decimal,
    pub monthly_fee: Decimal,
    pub currency: String,
    pub owner: Option<String>,
    /// `active`, `pending_release`, `released`.
    pub status: String,
    pub source: Option<String>,
    pub application_id: Option<String>,
    pub trunk_group_id: Option<String>,
    /// India's regulatory flags, as the number object carries them: a number that requires
    /// Aadhaar verification and lacks it may be restricted. Set through the control plane to
    /// build test worlds.
    #[serde(default)]
    pub aadhaar_verification_required: bool,
    #[serde(default)]
    pub aadhaar_verified: bool,
    pub purchased_at: Option<DateTime<Utc>>,
    pub released_at: Option<DateTime<Utc>>,
    pub last_call_at: Option<DateTime<Utc>>,
    pub last_billing_date: Option<DateTime<Utc>>,
    pub next_billing_date: Option<DateTime<Utc>>,
    pub release_cooldown_ends_at: Option<DateTime<Utc>>,
    pub release_fee_charged: Option<Decimal>,
    /// Who paid for it (the parent for an `SA_` purchase): refunds go back there.
    pub billed_to: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A SIP trunk; fields beyond the core ones are kept as sent.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Trunk {
    pub trunk_id: String,
    pub account_id: String,
    pub fields: serde_json::Map<String, Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A trunk sub-resource: a SIP credential, an IP access-control entry or an origination URI.
/// They belong to the account; a trunk uses one by naming its uuid in `credential_uuid`,
/// `ipacl_uuid`, `primary_uri_uuid` or `fallback_uri_uuid`, and deleting the trunk deletes
/// the sub-resources it names.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TrunkPart {
    pub uuid: String,
    pub account_id: String,
    /// `credentials`, `ip-acl` or `origination-uris` (the route segment).
    pub kind: String,
    /// The fields as stored (`username`/`password`, `name`/`ip_address`,
    /// `name`/`uri`/`priority`/`weight`).
    pub fields: serde_json::Map<String, Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A placed call that has not ended yet (its CDR is written when the clock passes `ends_at`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ActiveCall {
    pub uuid: String,
    pub account_id: String,
    pub direction: String,
    pub from: String,
    pub to: String,
    /// The owned DID the call used, if any (its last call time is updated).
    pub did: Option<String>,
    pub answered: bool,
    pub talk_seconds: u64,
    pub ring_seconds: u64,
    pub started_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// A call detail record.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Cdr {
    pub id: u64,
    pub uuid: String,
    pub account_id: String,
    pub call_direction: String,
    pub caller_id_number: String,
    pub destination_number: String,
    pub duration: u64,
    pub billsec: u64,
    pub ring_time: u64,
    pub answer_time: Option<DateTime<Utc>>,
    pub start_time: DateTime<Utc>,
    pub end_time: DateTime<Utc>,
    pub cost: Decimal,
    pub currency: String,
    pub hangup_cause: String,
    /// `answered`, `failed`, `busy`, `no_answer`.
    pub status: String,
}

/// One attempt to deliver one webhook.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Delivery {
    pub id: String,
    pub event: String,
    pub url: String,
    pub body: String,
    pub signature: String,
    pub attempts: u32,
    /// The last HTTP status, or the connection error.
    pub last_result: Option<String>,
    pub delivered: bool,
    pub created_at: DateTime<Utc>,
}

/// Everything.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct World {
    pub seed: u64,
    pub ids: Ids,
    pub clock: Clock,
    pub partners: BTreeMap<String, Partner>,
    pub accounts: BTreeMap<String, Account>,
    pub ledger: Vec<LedgerRow>,
    pub kyc_sessions: BTreeMap<String, KycSession>,
    /// Owned and inventory numbers, keyed by E.164 (`+91…`).
    pub numbers: BTreeMap<String, Number>,
    pub trunks: BTreeMap<String, Trunk>,
    /// Trunk credentials, IP-ACL entries and origination URIs, keyed by uuid.
    #[serde(default)]
    pub trunk_parts: BTreeMap<String, TrunkPart>,
    pub active_calls: Vec<ActiveCall>,
    pub cdrs: Vec<Cdr>,
    pub deliveries: Vec<Delivery>,
    /// Capacity transfers and reclaims, oldest first.
    #[serde(default)]
    pub capacity_transfers: Vec<CapacityTransfer>,
    /// Money charged as fees and usage (setup, monthly, release, calls): with balances it
    /// makes the money invariant checkable.
    pub fees_collected: Decimal,
    /// Money added from outside (seeding, recharges): the invariant's other side.
    pub money_issued: Decimal,
}

impl World {
    /// The sandbox's current time.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Total money held: every partner and account balance.
    pub fn total_balances(&self) -> Decimal {
        self.partners.values().map(|p| p.balance).sum::<Decimal>()
            + self.accounts.values().map(|a| a.balance).sum::<Decimal>()
    }

    /// Whether any email is taken, platform-wide.
    pub fn email_taken(&self, email: &str) -> bool {
        let email = email.to_ascii_lowercase();
        self.partners
            .values()
            .any(|p| p.email.eq_ignore_ascii_case(&email))
            || self.accounts.values().any(|a| {
                a.email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(&email))
            })
    }
}
