//! An account's own object and the results of its number operations: the account object
//! (`GET /Account/{auth_id}/`, where the wallet lives), purchase, release and
//! cancel-release.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Extra;
use super::cdr::{CallDirection, CallStatus};
use super::lenient;
use super::number::PhoneNumber;
use crate::money::Money;
use crate::path::ApiPath;
use crate::timestamp::Timestamp;
use crate::view::{IntoView, View};

/// The account object (`GET /Account/{auth_id}/`): profile, billing mode and wallet.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct AccountDetails {
    /// The account's auth id, `MA_…` or `SA_…`.
    pub auth_id: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// `standard`, another plan tier, or `sub_account`.
    pub account_type: Option<String>,
    /// `prepaid` or `postpaid`.
    pub billing_mode: Option<String>,
    /// Whether the wallet recharges itself.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub auto_recharge: Option<bool>,
    /// The wallet (a 5-decimal string on the wire, `"10000.00000"`).
    pub cash_credits: Option<Money>,
    /// The wallet's currency.
    pub currency: Option<String>,
    /// Street address.
    pub address: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State or region.
    pub state: Option<String>,
    /// ISO country code.
    pub country: Option<String>,
    /// IANA timezone.
    pub timezone: Option<String>,
    /// Whether the account is enabled.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub enabled: Option<bool>,
    /// For a sub-account, its parent's `resource_uri`.
    pub parent_account: Option<String>,
    /// `/v1/Account/{auth_id}/`.
    pub resource_uri: Option<String>,
    /// The request's id.
    pub api_id: Option<String>,
    /// When the account was created (often a bare date).
    pub created: Option<Timestamp>,
    /// When it last changed (often a bare date).
    pub modified: Option<Timestamp>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An account's wallet, read from its account object.
#[derive(Clone, Debug, PartialEq, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct AccountBalance {
    /// The account.
    pub auth_id: String,
    /// The amount, exact.
    pub cash_credits: Money,
    /// Its currency, when the API said.
    pub currency: Option<String>,
}

/// An account's calls in progress against its concurrent-call limit
/// (`GET /Account/{auth_id}/concurrency`).
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct AccountConcurrency {
    /// The account (`MA_…` / `SA_…`).
    #[serde(default, alias = "auth_id")]
    pub account_id: Option<String>,
    /// Calls in progress now.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub concurrent_calls: Option<u64>,
    /// The limit (the account's `concurrent_calls_limit`).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub max_concurrent: Option<u64>,
    /// `concurrent_calls` as a percentage of the limit (a whole number, or a fraction from
    /// older servers).
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub utilization_pct: Option<f64>,
    /// The server's id of this request.
    pub request_id: Option<String>,
    /// Fields this SDK does not model (older servers add `timestamp`).
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer to a purchase from inventory.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct PurchaseResult {
    /// `"Number purchased successfully"`.
    pub message: Option<String>,
    /// The number, now owned (`source: "inventory"`).
    pub number: Option<PhoneNumber>,
    /// Fields this SDK does not model (the OAS example adds a stray `items`).
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer to a release.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct ReleaseResult {
    /// `pending_release` (cancellable until `cooldown_ends_at`) or `released`
    /// (`immediate`).
    pub status: Option<String>,
    /// `"number release initiated"`.
    pub message: Option<String>,
    /// An explanation of what happens next.
    pub note: Option<String>,
    /// The fee charged (an integer on the wire).
    pub release_fee: Option<Money>,
    /// Until when the release can be cancelled.
    pub cooldown_ends_at: Option<Timestamp>,
    /// The cancel-release path, re-encoded: the API sends it with a raw `+`, which would
    /// decode as a space; here the number is `%2B…` and the path is ready to call.
    #[serde(
        default,
        deserialize_with = "opt_api_path",
        serialize_with = "ser_api_path"
    )]
    #[view(with = "view_api_path")]
    #[schemars(with = "Option<String>")]
    pub cancel_url: Option<ApiPath>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer to a cancelled release.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct CancelReleaseResult {
    /// `"release cancelled, number restored to active status"`.
    pub message: Option<String>,
    /// `active` again (the trunk and application stay detached).
    pub status: Option<String>,
    /// The release fee given back.
    pub refund_amount: Option<Money>,
    /// The refund's currency.
    pub currency: Option<String>,
    /// `failed` when the number was restored but the refund was not.
    pub refund_status: Option<String>,
    /// Why the refund failed.
    pub refund_error: Option<String>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CancelReleaseResult {
    /// Whether the number was restored but its release fee was not refunded.
    pub fn refund_failed(&self) -> bool {
        self.refund_status
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("failed"))
    }
}

fn opt_api_path<'de, D: Deserializer<'de>>(d: D) -> Result<Option<ApiPath>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => {
            // Absolute URLs are reduced to their path first.
            // `split_once` and `find` give character boundaries: nothing is cut mid-character.
            let path = match s.split_once("://") {
                Some((_, after_scheme)) => after_scheme
                    .find('/')
                    .map(|j| after_scheme[j..].to_owned())
                    .unwrap_or_default(),
                None => s.clone(),
            };
            ApiPath::parse(&path)
                .map(|(p, _)| Some(p))
                .map_err(|e| serde::de::Error::custom(format!("cancel_url {s:?}: {e}")))
        }
    }
}

/// The view of [`ser_api_path`]'s form: the path's text.
fn view_api_path(path: &Option<ApiPath>) -> View {
    path.as_ref()
        .map_or(View::Null, |p| View::Text(p.as_str().to_owned()))
}

fn ser_api_path<S: Serializer>(path: &Option<ApiPath>, s: S) -> Result<S::Ok, S::Error> {
    match path {
        Some(p) => s.serialize_some(p.as_str()),
        None => s.serialize_none(),
    }
}

/// Filters of the owned-numbers list (`GET /Account/{id}/numbers`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnedNumberFilters {
    /// A substring of the E.164 (digits, optionally with a leading `+`).
    pub search: Option<String>,
    /// For a main account: also list its sub-accounts' numbers (the API's default is yes).
    pub include_subaccounts: Option<bool>,
}

/// Filters of the inventory (`GET /Account/{id}/inventory/numbers`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InventoryFilters {
    /// ISO 3166-1 alpha-2 country (`IN`).
    pub country: Option<String>,
    /// A substring of the E.164 (`80` matches `+918065…`).
    pub search: Option<String>,
    /// E.164 prefixes to leave out, with the country code (`9180`, `+1415`); each is sent
    /// as its own `exclude` parameter.
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// Filters of an account's CDR list and search (`GET /Account/{id}/cdr`, `/cdr/search`).
/// `start_date` and `end_date` must be given together (the API ignores a lone one, so it
/// is refused here).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountCdrFilters {
    /// Substring or full E.164 of the caller (`caller_id_number`).
    pub from_number: Option<String>,
    /// Substring or full E.164 of the callee (`destination_number`).
    pub to_number: Option<String>,
    /// First day, inclusive (`YYYY-MM-DD`); give it together with `end_date`.
    pub start_date: Option<chrono::NaiveDate>,
    /// Last day, inclusive (`YYYY-MM-DD`); give it together with `start_date`.
    pub end_date: Option<chrono::NaiveDate>,
    /// Only inbound or outbound calls.
    pub call_direction: Option<CallDirection>,
    /// Calls with this outcome only (not every page of the API's documentation lists this
    /// filter).
    pub status: Option<CallStatus>,
    /// Calls of at least this many seconds.
    pub min_duration: Option<u32>,
    /// The call with this SIP Call-ID.
    pub sip_call_id: Option<String>,
    /// Calls with this bridge UUID.
    pub bridge_uuid: Option<String>,
    /// Calls with this hangup cause (`NORMAL_CLEARING`, `NO_ANSWER`, …).
    pub hangup_cause: Option<String>,
    /// Calls ended this way: `send_bye`, `recv_bye`, `send_cancel` or `send_refuse`.
    pub hangup_disposition: Option<String>,
    /// Calls of this product: `voice-api` or `sip-trunking`.
    pub context: Option<String>,
    /// Calls of this campaign.
    pub campaign_id: Option<String>,
    /// Free-text search.
    pub search: Option<String>,
}
