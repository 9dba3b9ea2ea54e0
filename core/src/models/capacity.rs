//! Capacity allocation: concurrent-call and CPS slots a partner moves from its
//! own pool to a customer and back.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Extra;
use super::lenient;
use crate::error::{Error, Result};
use crate::timestamp::Timestamp;
use crate::view::IntoView;

/// Which limit a capacity move is about.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Deserialize,
    Serialize,
    IntoView,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CapacityResource {
    /// Simultaneous calls (the API's default).
    #[default]
    ConcurrentCalls,
    /// Calls per second.
    Cps,
}

impl CapacityResource {
    /// The wire value: `concurrent_calls` or `cps`.
    pub fn as_str(self) -> &'static str {
        match self {
            CapacityResource::ConcurrentCalls => "concurrent_calls",
            CapacityResource::Cps => "cps",
        }
    }
}

impl fmt::Display for CapacityResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for CapacityResource {
    type Err = Error;

    /// `concurrent_calls` or `cps` (any case); anything else is a validation error on
    /// `resource`.
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "concurrent_calls" => Ok(CapacityResource::ConcurrentCalls),
            "cps" => Ok(CapacityResource::Cps),
            _ => Err(Error::validation(
                "resource",
                format!("{s:?} is not concurrent_calls or cps"),
            )),
        }
    }
}

/// The body of a capacity transfer or reclaim: how many `slots` (1–10000) of which
/// `resource`, with an optional `description` (at most 500 characters).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapacityMove {
    /// The limit to move: `concurrent_calls` or `cps`.
    pub resource: CapacityResource,
    /// How many slots, 1–10000.
    pub slots: u32,
    /// A note kept with the transfer, at most 500 characters.
    pub description: Option<String>,
}

impl CapacityMove {
    /// `slots` concurrent-call slots.
    pub fn concurrent_calls(slots: u32) -> Self {
        CapacityMove {
            resource: CapacityResource::ConcurrentCalls,
            slots,
            description: None,
        }
    }

    /// `slots` calls-per-second slots.
    pub fn cps(slots: u32) -> Self {
        CapacityMove {
            resource: CapacityResource::Cps,
            slots,
            description: None,
        }
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

/// The answer to a capacity transfer or reclaim.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct CapacityTransferResult {
    /// Whether the move was made.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub success: Option<bool>,
    /// Slots moved.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub slots: Option<u64>,
    /// `concurrent_calls` or `cps` (kept as sent: the API may add resources).
    pub resource: Option<String>,
    /// Who gave the slots: the partner on a transfer, the customer on a reclaim.
    pub from_account: Option<String>,
    /// Who got them.
    pub to_account: Option<String>,
    /// The move's reference, as the history lists it.
    pub transfer_reference: Option<String>,
    /// What is left in the partner's pool of this resource.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub partner_remaining: Option<u64>,
    /// The customer's effective limit of this resource now (it takes effect within about
    /// five minutes).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub customer_effective: Option<u64>,
    /// A human-readable summary.
    pub message: Option<String>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One customer's limits and what the partner allocated to it
/// (`GET /partner/accounts/{id}/concurrency`).
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct CustomerCapacity {
    /// The partner, `PA_…`.
    pub partner_auth_id: Option<String>,
    /// The customer, `MA_…`.
    pub customer_auth_id: Option<String>,
    /// Concurrent calls left in the partner's pool.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub partner_concurrent_calls_limit: Option<u64>,
    /// The customer's concurrent-call limit.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub customer_concurrent_calls_limit: Option<u64>,
    /// Concurrent calls allocated to the customer, net of reclaims.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub net_concurrent_calls_allocated: Option<u64>,
    /// CPS left in the partner's pool.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub partner_cps_limit: Option<u64>,
    /// The customer's CPS limit.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub customer_cps_limit: Option<u64>,
    /// CPS allocated to the customer, net of reclaims.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub net_cps_allocated: Option<u64>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One row of the capacity history (`GET /partner/concurrency/transfers`). The docs do not
/// show the row: the fields of the transfer answer are modelled, the rest is in `extra`.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct CapacityTransfer {
    /// The move's reference.
    pub transfer_reference: Option<String>,
    /// `transfer` or `reclaim`, when the API says.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// `concurrent_calls` or `cps`.
    pub resource: Option<String>,
    /// Slots moved.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub slots: Option<u64>,
    /// Who gave the slots.
    pub from_account: Option<String>,
    /// Who got them.
    pub to_account: Option<String>,
    /// The customer concerned.
    pub customer_auth_id: Option<String>,
    /// The note given with it.
    pub description: Option<String>,
    /// The partner's pool of this resource afterwards.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub partner_remaining: Option<u64>,
    /// The customer's effective limit afterwards.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub customer_effective: Option<u64>,
    /// When it was made.
    pub created_at: Option<Timestamp>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}
