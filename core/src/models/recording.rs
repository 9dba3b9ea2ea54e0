//! Recordings: `/Account/{auth_id}/Recording/`.

use serde::{Deserialize, Serialize};

use super::Extra;
use super::lenient;
use crate::money::Money;
use crate::timestamp::Timestamp;
use crate::view::IntoView;

/// A call, conference or trunk recording.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct Recording {
    /// The recording's id (the `{recording_id}` of its route).
    pub recording_id: Option<String>,
    /// The request's id (on a single get).
    pub api_id: Option<String>,
    /// When it was added (`"2026-05-07 09:45:35.79276+05:30"`: space separator, IST).
    pub add_time: Option<Timestamp>,
    /// The recorded call.
    pub call_uuid: Option<String>,
    /// The conference, for conference recordings.
    pub conference_name: Option<String>,
    /// The caller.
    pub from_number: Option<String>,
    /// The callee.
    pub to_number: Option<String>,
    /// `call`, `conference` or `trunk`.
    pub recording_type: Option<String>,
    /// `mp3` or `wav`.
    pub recording_format: Option<String>,
    /// Where to download it.
    pub recording_url: Option<String>,
    /// Its API path, `/v1/Account/{id}/Recording/{recording_id}/`.
    pub resource_uri: Option<String>,
    /// Length in milliseconds (a string on the wire).
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub recording_duration_ms: Option<f64>,
    /// Start offset in milliseconds (a string on the wire).
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub recording_start_ms: Option<f64>,
    /// End offset in milliseconds (a string on the wire).
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub recording_end_ms: Option<f64>,
    /// Billed length in whole seconds.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub rounded_recording_duration: Option<u64>,
    /// Storage days billed.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub recording_storage_duration: Option<u64>,
    /// Storage rate.
    pub recording_storage_rate: Option<Money>,
    /// Monthly storage charge.
    pub monthly_recording_storage_amount: Option<Money>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// What a recording is of.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, IntoView, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum RecordingType {
    /// A call.
    Call,
    /// A conference.
    Conference,
    /// A SIP-trunk call.
    Trunk,
}

impl RecordingType {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordingType::Call => "call",
            RecordingType::Conference => "conference",
            RecordingType::Trunk => "trunk",
        }
    }
}

/// Filters of the recordings list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordingFilters {
    /// Only this call's recordings (its call UUID).
    pub call_uuid: Option<String>,
    /// Only recordings of this kind.
    pub recording_type: Option<RecordingType>,
}
