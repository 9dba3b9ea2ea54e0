//! Partner customers: create, list, get, balance and balance transfers.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Extra;
use super::lenient;
use crate::credentials::AccountCredentials;
use crate::error::{Error, Result};
use crate::money::Money;
use crate::secret::Secret;
use crate::timestamp::Timestamp;
use crate::view::IntoView;

/// The body of `POST /partner/accounts`. `name`, `email`, `password` and `country` are
/// required; `phone` is required by most of the docs (OAS, SDKs, the partner flow page) but
/// "optional" on the customers page, so it is optional here and checked as E.164 when
/// given. `company` is the only optional field the API guarantees; the others are accepted
/// "best effort" (if the API refuses one, drop it and set it in the Console).
///
/// `Debug` never shows the password.
#[derive(Clone, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCustomer {
    /// Full name.
    pub name: String,
    /// Login and KYC email; unique across the whole platform.
    pub email: String,
    /// Login password: at least 8 characters with a digit and a special character.
    #[schemars(extend("writeOnly" = true, "format" = "password"))]
    pub password: String,
    /// E.164 phone (`+919876543210`; `919876543210` and `%2B91…` are normalised).
    pub phone: Option<String>,
    /// ISO 3166-1 alpha-2 country; the wallet currency derives from it (`IN` → `INR`).
    pub country: String,
    /// Legal company name.
    pub company: Option<String>,
    /// Free-text use case.
    pub description: Option<String>,
    /// Street address.
    pub address: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State or region.
    pub state: Option<String>,
    /// Postal code.
    pub zip_code: Option<String>,
    /// IANA timezone (`Asia/Kolkata`).
    pub timezone: Option<String>,
    /// GSTIN for invoicing (India); its check character is verified.
    pub gstin: Option<String>,
    /// `active` or `inactive`.
    pub gst_status: Option<String>,
    /// Plan tier (`standard` by default).
    pub account_type: Option<String>,
}

impl NewCustomer {
    /// A customer with the required fields; set the optional ones on the result.
    pub fn new(
        name: impl Into<String>,
        email: impl Into<String>,
        password: impl Into<String>,
        country: impl Into<String>,
    ) -> Self {
        NewCustomer {
            name: name.into(),
            email: email.into(),
            password: password.into(),
            country: country.into(),
            ..Self::default()
        }
    }

    /// Sets the E.164 phone.
    pub fn phone(mut self, phone: impl Into<String>) -> Self {
        self.phone = Some(phone.into());
        self
    }

    /// Sets the company.
    pub fn company(mut self, company: impl Into<String>) -> Self {
        self.company = Some(company.into());
        self
    }
}

impl fmt::Debug for NewCustomer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewCustomer")
            .field("name", &self.name)
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .field("phone", &self.phone)
            .field("country", &self.country)
            .field("company", &self.company)
            .field("description", &self.description)
            .field("address", &self.address)
            .field("city", &self.city)
            .field("state", &self.state)
            .field("zip_code", &self.zip_code)
            .field("timezone", &self.timezone)
            .field("gstin", &self.gstin)
            .field("gst_status", &self.gst_status)
            .field("account_type", &self.account_type)
            .finish()
    }
}

/// The answer to a customer create (201). It holds the customer's own `auth_token`, which
/// the API shows only once: store it now (see [`CreatedCustomer::credentials`]).
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct CreatedCustomer {
    /// The customer's auth id, `MA_…`: the key of every later partner call about it.
    pub auth_id: Option<String>,
    /// The customer's own API token (shown once; never printed).
    pub auth_token: Option<Secret>,
    /// Name.
    pub name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// `active`.
    pub status: Option<String>,
    /// Opening balance (0).
    pub balance: Option<Money>,
    /// Wallet currency.
    pub currency: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// When it was created.
    pub created_at: Option<Timestamp>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CreatedCustomer {
    /// The customer's own credentials, for an [`Account`](crate::Account) client (e.g.
    /// [`Partner::customer_client`](crate::Partner::customer_client)). Fails with
    /// [`Error::Validation`] on `auth_token` when the answer carried no usable token.
    pub fn credentials(&self) -> Result<AccountCredentials> {
        let token = self
            .auth_token
            .as_ref()
            .filter(|t| !t.is_redacted_by_api() && !t.expose().is_empty())
            .ok_or_else(|| {
                Error::validation("auth_token", "the create answer carried no usable token")
            })?;
        let auth_id = self
            .auth_id
            .as_deref()
            .ok_or_else(|| Error::validation("auth_id", "the create answer carried no auth id"))?;
        AccountCredentials::new(auth_id, token.expose())
    }
}

/// A customer's pricing tier, as embedded in the customer object.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct PricingTier {
    /// Tier UUID.
    pub id: Option<String>,
    /// Tier name.
    pub name: Option<String>,
    /// Currency of the rates.
    pub currency: Option<String>,
    /// Per-minute call rate.
    pub rate_per_minute: Option<Money>,
    /// Per-minute streaming rate.
    pub streaming_rate_per_minute: Option<Money>,
    /// Per-minute recording rate.
    pub recording_rate_per_minute: Option<Money>,
    /// WhatsApp voice rate.
    pub whatsapp_voice_rate: Option<Money>,
    /// Per-minute transcription rate.
    pub transcription_rate_per_minute: Option<Money>,
    /// Per-minute PII-redaction rate.
    pub pii_redaction_rate_per_minute: Option<Money>,
    /// Whether unanswered calls are charged.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub charge_non_connected_calls: Option<bool>,
    /// Fee for an unanswered call.
    pub non_connected_call_fee: Option<Money>,
    /// Fee for releasing a DID.
    pub did_release_fee: Option<Money>,
    /// Whether the tier is active.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_active: Option<bool>,
    /// Whether it is the partner's default.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_default: Option<bool>,
    /// Owning partner.
    pub partner_id: Option<String>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A partner customer as `GET /partner/accounts` lists it and `GET
/// /partner/accounts/{id}` returns it. Its `auth_token` is normally the API's
/// `<redacted>` placeholder (check [`Secret::is_redacted_by_api`]).
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct Customer {
    /// Numeric id (a string on the wire).
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    /// The customer's auth id, `MA_…`.
    pub auth_id: Option<String>,
    /// The customer's token; `<redacted>` in every documented example.
    pub auth_token: Option<Secret>,
    /// API id (UUID).
    pub api_id: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Use-case description.
    pub description: Option<String>,
    /// Company.
    pub company: Option<String>,
    /// GSTIN.
    pub gstin: Option<String>,
    /// `active` or `inactive`.
    pub gst_status: Option<String>,
    /// Whether TDS applies.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub tds_enabled: Option<bool>,
    /// TDS percentage.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub tds_percentage: Option<f64>,
    /// Business type.
    pub business_type: Option<String>,
    /// Plan tier (`standard`).
    pub account_type: Option<String>,
    /// Role (`user`).
    pub role: Option<String>,
    /// Whether the account is postpaid.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub postpaid: Option<bool>,
    /// `prepaid` or `postpaid`.
    pub billing_mode: Option<String>,
    /// Whether auto-recharge is on.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub auto_recharge: Option<bool>,
    /// Auto-recharge settings.
    pub auto_recharge_config: Option<serde_json::Value>,
    /// Wallet balance (a 5-decimal string on the wire).
    pub cash_credits: Option<Money>,
    /// Street address.
    pub address: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State.
    pub state: Option<String>,
    /// IANA timezone.
    pub timezone: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Postal code.
    pub zip_code: Option<String>,
    /// Calls per second allowed.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub cps_limit: Option<u64>,
    /// Concurrent calls allowed.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub concurrent_calls_limit: Option<u64>,
    /// Base CPS before purchased capacity.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub base_cps_limit: Option<u64>,
    /// Base concurrency before purchased capacity.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub base_concurrent_calls_limit: Option<u64>,
    /// Purchased CPS.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub purchased_cps: Option<u64>,
    /// Purchased concurrency.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub purchased_concurrent_calls: Option<u64>,
    /// Whether the account is active.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_active: Option<bool>,
    /// Whether it is verified.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_verified: Option<bool>,
    /// Whether it is a trial account.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_trial_account: Option<bool>,
    /// Whether it is enabled.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub enabled: Option<bool>,
    /// KYC state: `pending` until a KYC session completes, then `completed`.
    pub kyc_status: Option<String>,
    /// Google sign-in id.
    pub google_id: Option<String>,
    /// Referral code.
    pub referral_code: Option<String>,
    /// Whether referrals are off.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub referral_disabled: Option<bool>,
    /// Custom referrer reward.
    pub custom_referrer_reward_amount: Option<Money>,
    /// Custom referee reward.
    pub custom_referee_reward_amount: Option<Money>,
    /// Pricing tier id.
    pub pricing_tier_id: Option<String>,
    /// Pricing tier.
    pub pricing_tier: Option<PricingTier>,
    /// Owning partner's UUID.
    pub partner_id: Option<String>,
    /// `/v1/Account/MA_…/`.
    pub resource_uri: Option<String>,
    /// When it was created.
    pub created_at: Option<Timestamp>,
    /// When it last changed.
    pub updated_at: Option<Timestamp>,
    /// Last console login.
    pub last_login: Option<Timestamp>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /partner/accounts/{id}/balance`: a customer's wallet right now.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct CustomerBalance {
    /// The customer's auth id.
    pub auth_id: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Wallet balance (a 5-decimal string on the wire).
    pub cash_credits: Option<Money>,
    /// Wallet currency.
    pub currency: Option<String>,
    /// When the balance last changed.
    pub updated_at: Option<Timestamp>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Filter of the customer list (`GET /partner/accounts`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerFilters {
    /// Substring of the name or email.
    pub search: Option<String>,
}

impl CustomerFilters {
    /// No filter: every customer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Customers whose name or email contains `search`.
    pub fn search(search: impl Into<String>) -> Self {
        CustomerFilters {
            search: Some(search.into()),
        }
    }
}

/// The answer to a balance transfer. Transfers are atomic and final: `status`
/// is `completed` (no pending state exists).
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct TransferResult {
    /// The transfer's id (`txn_…`).
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub transaction_id: Option<String>,
    /// The paying partner.
    pub from_account: Option<String>,
    /// The credited customer.
    pub to_account: Option<String>,
    /// The credited customer, as the SDK schema `BalanceTransferResult` names it.
    pub customer_auth_id: Option<String>,
    /// Amount moved.
    pub amount: Option<Money>,
    /// Its currency.
    pub currency: Option<String>,
    /// Description written to both ledgers.
    pub description: Option<String>,
    /// `completed` (or `failed` in the SDK schema).
    pub status: Option<String>,
    /// Partner balance after the transfer.
    pub partner_balance_after: Option<Money>,
    /// Customer balance after the transfer.
    pub customer_balance_after: Option<Money>,
    /// When it happened.
    pub timestamp: Option<Timestamp>,
    /// When it happened, as the SDK schema names it.
    pub created_at: Option<Timestamp>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl TransferResult {
    /// The credited customer, whichever key the answer used.
    pub fn customer(&self) -> Option<&str> {
        self.to_account
            .as_deref()
            .or(self.customer_auth_id.as_deref())
    }

    /// When the transfer happened, whichever key the answer used.
    pub fn at(&self) -> Option<&Timestamp> {
        self.timestamp.as_ref().or(self.created_at.as_ref())
    }
}
