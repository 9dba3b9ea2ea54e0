//! Number health: `GET /account/{auth_id}/numbers/{e164}/health`, a number's
//! call statistics over a window, per day or per hour. Every field is optional (the API's
//! own schemas say so).

use serde::{Deserialize, Serialize};

use super::Extra;
use super::lenient;
use crate::error::{Error, Result};
use crate::timestamp::Timestamp;
use crate::view::IntoView;

/// A number's health: its state and call statistics.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct NumberHealth {
    /// The number, E.164 with a leading `+`.
    pub e164: Option<String>,
    /// The number's status (`active`, `pending_release`, …).
    pub status: Option<String>,
    /// Whether it is in use (the sandbox says `active` or `idle`).
    pub usage_status: Option<String>,
    /// Whether carriers flag it as spam.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_spam: Option<bool>,
    /// `day` or `hour`: the size of each snapshot.
    pub granularity: Option<String>,
    /// Totals over the whole window.
    pub summary: Option<HealthSummary>,
    /// One entry per day or hour, oldest first (the API may send `null`, read as empty).
    #[serde(default, deserialize_with = "super::cdr::vec_or_null")]
    pub snapshots: Vec<HealthSnapshot>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Totals of a number's calls over the window.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct HealthSummary {
    /// The window, in days.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub period_days: Option<u64>,
    /// Calls in the window.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total_calls: Option<u64>,
    /// Answered calls.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub answered_calls: Option<u64>,
    /// Answered share (the sandbox writes a percentage, 0–100).
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub answer_rate: Option<f64>,
    /// Billed minutes.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub total_minutes: Option<f64>,
    /// Mean call duration, in seconds.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub avg_duration: Option<f64>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A number's calls in one day or hour.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct HealthSnapshot {
    /// The snapshot's id.
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    /// The start of the day or hour.
    pub ts: Option<Timestamp>,
    /// Calls.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total_calls: Option<u64>,
    /// Answered calls.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub answered_calls: Option<u64>,
    /// Calls not answered.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub failed_calls: Option<u64>,
    /// Answered share (the sandbox writes a percentage, 0–100).
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub answer_rate: Option<f64>,
    /// Total duration, in seconds.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub total_duration: Option<f64>,
    /// Mean duration, in seconds.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub avg_duration: Option<f64>,
    /// Billed minutes.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub total_minutes: Option<f64>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The size of each health snapshot.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Serialize,
    IntoView,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum HealthGranularity {
    /// One snapshot per day (the API's default).
    #[default]
    Day,
    /// One snapshot per hour.
    Hour,
}

impl HealthGranularity {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            HealthGranularity::Day => "day",
            HealthGranularity::Hour => "hour",
        }
    }
}

/// The query of a number-health read. Unset fields take the API's defaults (`day`, 7
/// days). `days` must be 1–90 (checked before sending).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HealthQuery {
    /// One snapshot per `day` (the API's default) or per `hour`.
    pub granularity: Option<HealthGranularity>,
    /// The window in days, 1–90 (the API's default: 7).
    pub days: Option<u32>,
}

impl HealthQuery {
    pub(crate) fn validated_days(&self) -> Result<Option<u32>> {
        match self.days {
            Some(d) if !(1..=90).contains(&d) => Err(Error::validation(
                "days",
                format!("must be between 1 and 90, got {d}"),
            )),
            d => Ok(d),
        }
    }
}
