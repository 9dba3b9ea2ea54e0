//! Phone numbers (DIDs): the PhoneNumber object shared by the partner number lists and the
//! account number routes, and the partner number-list filter.

use serde::{Deserialize, Serialize};

use super::Extra;
use super::lenient;
use crate::money::Money;
use crate::timestamp::Timestamp;
use crate::view::IntoView;

/// Which channels a number supports.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct NumberCapabilities {
    /// Voice calls.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub voice: Option<bool>,
    /// SMS.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub sms: Option<bool>,
    /// MMS.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub mms: Option<bool>,
    /// Fax.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub fax: Option<bool>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A phone number (DID) as the number lists, inventory and purchase answers write it
///. Lists name the owner `account_id`, other answers `auth_id`; use
/// [`PhoneNumber::owner`] for either.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct PhoneNumber {
    /// The number's UUID.
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    /// Owner's auth id, as lists write it.
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub account_id: Option<String>,
    /// Owner's auth id, as single-number answers write it.
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub auth_id: Option<String>,
    /// The number, E.164 with a leading `+`.
    pub e164: Option<String>,
    /// ISO country code.
    pub country: Option<String>,
    /// Region or city.
    pub region: Option<String>,
    /// Supported channels.
    pub capabilities: Option<NumberCapabilities>,
    /// `active`, `pending_purchase`, `pending_release`, `released` or `blocked`.
    pub status: Option<String>,
    /// Carrier (often empty).
    pub provider: Option<String>,
    /// One-time setup fee.
    pub setup_fee: Option<Money>,
    /// Monthly rental.
    pub monthly_fee: Option<Money>,
    /// Currency of the fees.
    pub currency: Option<String>,
    /// Application inbound calls route to (`None`: nowhere to route).
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub application_id: Option<String>,
    /// Trunk group the number is attached to.
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub trunk_group_id: Option<String>,
    /// Whether voice is enabled.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub voice_enabled: Option<bool>,
    /// Tags (the API may send `null`, read as empty).
    #[serde(default, deserialize_with = "super::cdr::vec_or_null")]
    pub tags: Vec<String>,
    /// Whether the number is blocked.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_blocked: Option<bool>,
    /// Whether it is a trial number.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_trial_number: Option<bool>,
    /// How it was obtained: `purchased` or `inventory`.
    pub source: Option<String>,
    /// Minimum rental commitment, in months.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub minimum_commitment_months: Option<u64>,
    /// India: whether Aadhaar verification is required.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub aadhaar_verification_required: Option<bool>,
    /// India: whether it was done (required but not done: the number may be restricted).
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub aadhaar_verified: Option<bool>,
    /// When it was bought.
    pub purchased_at: Option<Timestamp>,
    /// When it was released.
    pub released_at: Option<Timestamp>,
    /// When the rental was last charged.
    pub last_billing_date: Option<Timestamp>,
    /// When it renews.
    pub next_billing_date: Option<Timestamp>,
    /// Last call on the number (drives the 15-day cool-off; not a documented field).
    pub last_call_at: Option<Timestamp>,
    /// When the record was created.
    pub created_at: Option<Timestamp>,
    /// When it last changed.
    pub updated_at: Option<Timestamp>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl PhoneNumber {
    /// The owner's auth id, whichever key the answer used.
    pub fn owner(&self) -> Option<&str> {
        self.account_id.as_deref().or(self.auth_id.as_deref())
    }
}

/// Filter of the partner number lists (`GET /partner/numbers` and a customer's numbers).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NumberFilters {
    /// Substring of the E.164 number (`9122712`, `+9180…`).
    pub search: Option<String>,
}

impl NumberFilters {
    /// No filter: every number.
    pub fn new() -> Self {
        Self::default()
    }

    /// Numbers whose E.164 contains `search`.
    pub fn search(search: impl Into<String>) -> Self {
        NumberFilters {
            search: Some(search.into()),
        }
    }
}
