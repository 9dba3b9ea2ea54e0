//! Call detail records: the 43-field CDR object shared by the partner routes
//! (`/partner/accounts/{id}/cdrs`, `/partner/cdrs`) and the account routes
//! (`/Account/{id}/cdr`), and the partner CDR list envelope and filters.

use std::fmt;
use std::time::Duration;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::Extra;
use super::lenient;
use crate::money::Money;
use crate::timestamp::Timestamp;
use crate::view::IntoView;

/// One call detail record. A CDR exists only once the call has ended; an
/// unanswered call has `answer_time: None` and `billsec: Some(0)`. Bill on `billsec` or
/// `total_cost`.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct Cdr {
    /// Numeric CDR id (not accepted by the get-one routes: use `uuid`).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub id: Option<u64>,
    /// The call's UUID: the key of the get-one routes.
    pub uuid: Option<String>,
    /// The account the call belongs to (an auth id or a numeric id, kept as text).
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub account_id: Option<String>,
    /// `inbound` or `outbound`.
    pub call_direction: Option<String>,
    /// Caller name.
    pub caller_id_name: Option<String>,
    /// Caller number (the `from_number` filter of the account routes).
    pub caller_id_number: Option<String>,
    /// Called number (the `to_number` filter of the account routes).
    pub destination_number: Option<String>,
    /// `voice-api` or `sip-trunking`.
    pub context: Option<String>,
    /// Media region.
    pub region: Option<String>,
    /// Where the call entered the network.
    pub origination_region: Option<String>,
    /// Campaign the call belongs to.
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub campaign_id: Option<String>,
    /// Customer SIP endpoint.
    pub customer_endpoint: Option<String>,
    /// Trunk that carried the call.
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub trunk_id: Option<String>,
    /// Where the call was terminated.
    pub terminated_to: Option<String>,
    /// Ring plus talk time, in seconds.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub duration: Option<u64>,
    /// Billable (talk) seconds; 0 when unanswered.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub billsec: Option<u64>,
    /// Ringing seconds.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub ring_time: Option<u64>,
    /// When the call was answered (`None` when it was not).
    pub answer_time: Option<Timestamp>,
    /// When the call started.
    pub start_time: Option<Timestamp>,
    /// When it ended.
    pub end_time: Option<Timestamp>,
    /// When early media / ringing began.
    pub progress_time: Option<Timestamp>,
    /// When the record was written.
    pub created_at: Option<Timestamp>,
    /// When it last changed.
    pub updated_at: Option<Timestamp>,
    /// Call charge.
    pub cost: Option<Money>,
    /// Media-streaming charge.
    pub streaming_cost: Option<Money>,
    /// Everything charged for the call.
    pub total_cost: Option<Money>,
    /// Currency of the charges.
    pub currency: Option<String>,
    /// Media codec.
    pub codec: Option<String>,
    /// Jitter (ms).
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub jitter: Option<f64>,
    /// Mean opinion score; 0 means no media.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub mos: Option<f64>,
    /// Packet loss (%).
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub packet_loss: Option<f64>,
    /// Hangup cause (`NORMAL_CLEARING`, `NO_ANSWER`, `USER_BUSY`…).
    pub hangup_cause: Option<String>,
    /// Numeric hangup cause (e.g. 4000).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub hangup_cause_code: Option<u64>,
    /// Readable hangup cause.
    pub hangup_cause_name: Option<String>,
    /// `send_bye`, `recv_bye`, `send_cancel` or `send_refuse`.
    pub hangup_disposition: Option<String>,
    /// `Caller`, `Callee` or `Carrier`.
    pub hangup_source: Option<String>,
    /// Failure code of a failed call.
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub failure_code: Option<String>,
    /// Failure reason of a failed call.
    pub failure_reason: Option<String>,
    /// UUID of the bridged leg.
    pub bridge_uuid: Option<String>,
    /// SIP Call-ID.
    pub sip_call_id: Option<String>,
    /// SIP user agent.
    pub sip_user_agent: Option<String>,
    /// Remote network address.
    pub network_addr: Option<String>,
    /// Carrier IP.
    pub carrier_ip: Option<String>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Cdr {
    /// Whether the call was answered (it has an answer time or billable seconds).
    pub fn answered(&self) -> bool {
        self.answer_time.is_some() || self.billsec.is_some_and(|b| b > 0)
    }

    /// Decodes the single-CDR answer in either documented form: the bare object (partner
    /// route) or `{data: {…}, success}` (account route).
    pub(crate) fn from_either(value: Value) -> serde_json::Result<Cdr> {
        match value {
            Value::Object(mut map)
                if !map.contains_key("uuid")
                    && matches!(map.get("data"), Some(Value::Object(_))) =>
            {
                serde_json::from_value(map.remove("data").unwrap_or_default())
            }
            other => serde_json::from_value(other),
        }
    }
}

/// The `pagination` block of a CDR list (style E).
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct CdrPagination {
    /// This page (1-based).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub page: Option<u64>,
    /// Rows per page.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub per_page: Option<u64>,
    /// Rows matching the filters.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total: Option<u64>,
    /// Pages (`ceil(total / per_page)`).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub pages: Option<u64>,
    /// Whether a later page exists.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub has_next: Option<bool>,
    /// Whether an earlier page exists.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub has_prev: Option<bool>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Aggregates over every CDR matching the filters (not just the page). The API mixes
/// camelCase and snake_case keys; both spellings are read.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct CdrSummary {
    /// Answered calls as a percentage of all calls.
    #[serde(
        default,
        rename = "answerRate",
        alias = "answer_rate",
        deserialize_with = "lenient::opt_f64"
    )]
    pub answer_rate: Option<f64>,
    /// Answered calls.
    #[serde(
        default,
        rename = "answeredCalls",
        alias = "answered_calls",
        deserialize_with = "lenient::opt_u64"
    )]
    pub answered_calls: Option<u64>,
    /// Average answered-call duration as the API writes it (e.g. `"28s"`); see
    /// [`CdrSummary::avg_call_duration`].
    #[serde(
        default,
        rename = "avgCallDuration",
        alias = "avg_call_duration",
        deserialize_with = "text_or_number"
    )]
    pub avg_call_duration_text: Option<String>,
    /// When the latest matching call ended.
    pub last_call_at: Option<Timestamp>,
    /// Calls matching the filters.
    #[serde(
        default,
        rename = "totalCalls",
        alias = "total_calls",
        deserialize_with = "lenient::opt_u64"
    )]
    pub total_calls: Option<u64>,
    /// Billable seconds.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total_billable_seconds: Option<u64>,
    /// Total charge.
    pub total_cost: Option<Money>,
    /// Ring plus talk seconds.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total_duration_seconds: Option<u64>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CdrSummary {
    /// The average duration parsed from `"28s"`, `"28"` or `28.4`.
    pub fn avg_call_duration(&self) -> Option<Duration> {
        let text = self.avg_call_duration_text.as_deref()?.trim();
        let number = text.strip_suffix('s').unwrap_or(text).trim();
        let secs: f64 = number.parse().ok()?;
        (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs))
    }
}

/// A list that the API may write as `null` (read as empty); items decode as `T`.
pub(crate) fn vec_or_null<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    })
}

/// One page of a CDR list with its aggregates: `{success, account_id, account_auth_id,
/// count, data[], pagination{…}, summary{…}}`.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct CdrPage {
    /// The API's success flag.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub success: Option<bool>,
    /// The account's numeric id (or the partner's, on the global list).
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub account_id: Option<String>,
    /// The customer's auth id (per-customer partner list).
    pub account_auth_id: Option<String>,
    /// Rows on this page.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub count: Option<u64>,
    /// The CDRs of this page, newest first.
    #[serde(default, deserialize_with = "vec_or_null")]
    pub data: Vec<Cdr>,
    /// Where this page sits.
    pub pagination: Option<CdrPagination>,
    /// Aggregates over every matching CDR.
    pub summary: Option<CdrSummary>,
    /// The filters the server applied (account search route).
    pub filters: Option<Extra>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Direction of a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[schemars(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CallDirection {
    /// Received.
    Inbound,
    /// Placed.
    Outbound,
}

impl CallDirection {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            CallDirection::Inbound => "inbound",
            CallDirection::Outbound => "outbound",
        }
    }
}

impl fmt::Display for CallDirection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for CallDirection {
    type Err = crate::error::Error;

    /// `inbound` or `outbound` (any case); anything else is a validation error on
    /// `call_direction`.
    fn from_str(s: &str) -> crate::error::Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "inbound" => Ok(CallDirection::Inbound),
            "outbound" => Ok(CallDirection::Outbound),
            _ => Err(crate::error::Error::validation(
                "call_direction",
                format!("{s:?} is not inbound or outbound"),
            )),
        }
    }
}

/// Outcome of a call, as the CDR `status` filter names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[schemars(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CallStatus {
    /// Answered.
    Answered,
    /// Failed.
    Failed,
    /// Busy.
    Busy,
    /// Not answered (`no_answer`).
    NoAnswer,
}

impl CallStatus {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            CallStatus::Answered => "answered",
            CallStatus::Failed => "failed",
            CallStatus::Busy => "busy",
            CallStatus::NoAnswer => "no_answer",
        }
    }
}

impl fmt::Display for CallStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for CallStatus {
    type Err = crate::error::Error;

    /// `answered`, `failed`, `busy` or `no_answer` (any case, `-` or `_`); anything else is
    /// a validation error on `status`.
    fn from_str(s: &str) -> crate::error::Result<Self> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "answered" => Ok(CallStatus::Answered),
            "failed" => Ok(CallStatus::Failed),
            "busy" => Ok(CallStatus::Busy),
            "no_answer" => Ok(CallStatus::NoAnswer),
            _ => Err(crate::error::Error::validation(
                "status",
                format!("{s:?} is not answered, failed, busy or no_answer"),
            )),
        }
    }
}

/// Filters of the partner CDR lists (`GET /partner/cdrs` and a customer's CDRs). Every
/// field is optional; dates are inclusive days (`YYYY-MM-DD`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CdrFilters {
    /// First day, inclusive (`YYYY-MM-DD`).
    pub start_date: Option<NaiveDate>,
    /// Last day, inclusive (`YYYY-MM-DD`); must not be before `start_date`.
    pub end_date: Option<NaiveDate>,
    /// Inbound or outbound calls only.
    pub call_direction: Option<CallDirection>,
    /// Calls with this outcome only.
    pub status: Option<CallStatus>,
    /// One hangup cause only (`NORMAL_CLEARING`, `NO_ANSWER`, `USER_BUSY`…).
    pub hangup_cause: Option<String>,
    /// At least this many seconds long.
    pub min_duration: Option<u32>,
}

impl CdrFilters {
    /// No filter: every CDR.
    pub fn new() -> Self {
        Self::default()
    }
}
