//! The partner's own profile and activity: `/partner/me`, `/partner/dashboard`,
//! `/partner/analytics`.

use serde::{Deserialize, Serialize};

use super::Extra;
use super::lenient;
use crate::money::Money;
use crate::timestamp::Timestamp;
use crate::view::IntoView;

/// The partner profile (`GET /partner/me`). On the dashboard `balance` is `null`.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct PartnerProfile {
    /// Partner UUID (the `<partner_id>` of ledger references).
    pub id: Option<String>,
    /// Numeric account id.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub account_id: Option<u64>,
    /// The partner's auth id, `PA_…`.
    pub auth_id: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// URL slug.
    pub slug: Option<String>,
    /// Company name.
    pub company: Option<String>,
    /// Contact email.
    pub email: Option<String>,
    /// Contact phone.
    pub phone: Option<String>,
    /// Billing model (`direct`…).
    pub billing_model: Option<String>,
    /// Whether the partner account is active.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_active: Option<bool>,
    /// Whether the partner's own KYC is done.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_verified: Option<bool>,
    /// How many customers the partner may create.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub max_accounts: Option<u64>,
    /// How many customers it has.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub account_count: Option<u64>,
    /// May create customers (else 403 on create).
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub can_create_accounts: Option<bool>,
    /// May create pricing tiers.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub can_create_pricing_tiers: Option<bool>,
    /// May read CDRs.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub can_view_cdrs: Option<bool>,
    /// May transfer balance (else 403 on transfer).
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub can_transfer_balance: Option<bool>,
    /// The default pricing tier's id.
    pub default_pricing_tier_id: Option<String>,
    /// The partner's balance (a 5-decimal string on the wire); `None` on the dashboard.
    pub balance: Option<Money>,
    /// The balance's currency, when the API sends it (the docs disagree).
    pub currency: Option<String>,
    /// When the partner was created.
    pub created_at: Option<Timestamp>,
    /// When it last changed.
    pub updated_at: Option<Timestamp>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Call totals over a period or a day.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct CallTotals {
    /// Calls placed or received.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total_calls: Option<u64>,
    /// Calls answered.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub answered_calls: Option<u64>,
    /// Minutes of talk.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub total_minutes: Option<f64>,
    /// Cost (a 2-decimal string on the wire).
    pub total_cost: Option<Money>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Inbound and outbound totals.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct Traffic {
    /// Calls received.
    pub inbound: Option<CallTotals>,
    /// Calls placed.
    pub outbound: Option<CallTotals>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Totals per product.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct ByProduct {
    /// SIP trunking traffic.
    pub sip_trunking: Option<CallTotals>,
    /// Voice API traffic.
    pub voice_api: Option<CallTotals>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One day of the dashboard's time series.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct DailyTotals {
    /// The day (`YYYY-MM-DD`).
    pub date: Option<Timestamp>,
    /// Totals of the day.
    #[serde(flatten)]
    pub totals: CallTotals,
    /// Received calls of the day.
    pub inbound: Option<CallTotals>,
    /// Placed calls of the day.
    pub outbound: Option<CallTotals>,
}

/// The period a dashboard covers.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct Period {
    /// First day.
    pub from: Option<Timestamp>,
    /// Last day.
    pub to: Option<Timestamp>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A customer as listed on the dashboard.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct DashboardCustomer {
    /// The customer's auth id, `MA_…`.
    pub auth_id: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Whether the account is active.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_active: Option<bool>,
    /// When it was created.
    pub created_at: Option<Timestamp>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Customer counts on the dashboard.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct DashboardAccounts {
    /// All customers.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total: Option<u64>,
    /// Active customers.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub active: Option<u64>,
    /// The customers.
    #[serde(default)]
    pub customers: Vec<DashboardCustomer>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /partner/dashboard` (last 30 days) and `GET /partner/analytics` (any period).
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct Dashboard {
    /// The partner profile (its `balance` is `None` here: use `total_balance`).
    pub partner: Option<PartnerProfile>,
    /// The period covered.
    pub period: Option<Period>,
    /// Customer counts.
    pub accounts: Option<DashboardAccounts>,
    /// Sum of the customers' balances.
    pub total_balance: Option<Money>,
    /// Currency of the money fields.
    pub currency: Option<String>,
    /// Call totals over the period.
    pub calls: Option<CallTotals>,
    /// Inbound and outbound totals.
    pub traffic: Option<Traffic>,
    /// Totals per product.
    pub by_product: Option<ByProduct>,
    /// One entry per day.
    #[serde(default)]
    pub time_series: Vec<DailyTotals>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}
