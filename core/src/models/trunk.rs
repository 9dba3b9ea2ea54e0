//! SIP trunks: `/Account/{auth_id}/trunks[/{trunk_id}]`.
//!
//! The docs give two incompatible field sets for create and update; requests here
//! use the OAS set (`trunk_direction`, `concurrent_calls_limit`, `trunk_status`
//! enabled|disabled), the one the API's own SDKs send. Responses are read leniently: status
//! and direction stay strings because the docs disagree on their values (`active` vs
//! `enabled`, `both`).

use serde::{Deserialize, Serialize};

use super::Extra;
use super::lenient;
use crate::error::{Error, Result};
use crate::timestamp::Timestamp;
use crate::validate;
use crate::view::IntoView;

/// A SIP trunk as the API returns it.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct Trunk {
    /// The trunk's UUID (the `{trunk_id}` of its routes).
    pub trunk_id: Option<String>,
    /// The owning account (`auth_id` in the partner-flow example).
    #[serde(alias = "auth_id")]
    pub account_id: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// The SIP domain, `{trunk_id}.sip.vobiz.ai` (or `{first8}.sip.vobiz.ai`).
    pub trunk_domain: Option<String>,
    /// `enabled` / `disabled` (OAS) or `active` / `inactive` (prose).
    pub trunk_status: Option<String>,
    /// Whether SIP TLS/SRTP is required.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub secure: Option<bool>,
    /// `inbound`, `outbound` or `both`.
    pub trunk_direction: Option<String>,
    /// Concurrent-call limit (stored, not enforced: the account's limits apply).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub concurrent_calls_limit: Option<u64>,
    /// Calls-per-second limit (stored, not enforced).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub cps_limit: Option<u64>,
    /// Free text.
    pub description: Option<String>,
    /// `udp`, `tcp` or `tls`.
    pub transport: Option<String>,
    /// Whether calls are recorded.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub recording: Option<bool>,
    /// Whether recordings are transcribed.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub enable_transcription: Option<bool>,
    /// Whether PII is redacted from transcripts.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub pii_redaction: Option<bool>,
    /// The PII entity types redacted (comma-separated).
    pub pii_entity_types: Option<String>,
    /// Where inbound calls go.
    pub inbound_destination: Option<String>,
    /// The trunk's credential list.
    pub credential_uuid: Option<String>,
    /// The trunk's IP access-control list.
    pub ipacl_uuid: Option<String>,
    /// The primary origination URI.
    pub primary_uri_uuid: Option<String>,
    /// The fallback origination URI.
    pub fallback_uri_uuid: Option<String>,
    /// The trunk's event webhook.
    pub webhook_url: Option<String>,
    /// `POST` or `GET`.
    pub webhook_method: Option<String>,
    /// Whether recording events go to the webhook.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub recording_webhook_enabled: Option<bool>,
    /// When it was created.
    pub created_at: Option<Timestamp>,
    /// When it last changed.
    pub updated_at: Option<Timestamp>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Which calls a trunk carries.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, IntoView, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum TrunkDirection {
    /// Calls into the account.
    Inbound,
    /// Calls out of the account.
    Outbound,
    /// Both ways (shown in the docs' examples; the OAS lists only the other two).
    Both,
}

/// Whether a trunk carries calls (`enabled` / `disabled`; the API refuses `active`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, IntoView, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum TrunkStatus {
    /// Carries calls.
    Enabled,
    /// Carries none.
    Disabled,
}

/// The SIP transport of a trunk.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, IntoView, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum SipTransport {
    /// UDP (the default).
    Udp,
    /// TCP.
    Tcp,
    /// TLS.
    Tls,
}

/// The HTTP method of a callback or webhook.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, IntoView, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `POST` (the API's default).
    Post,
}

/// The body of a trunk create (`name` required) or update (a patch: only the fields set
/// are sent and changed). Checked before sending: `name` 1–255 characters, `description`
/// ≤ 500, `trunk_domain` and `inbound_destination` ≤ 255, `concurrent_calls_limit` 0–1000,
/// `cps_limit` 0–100, `webhook_url` an absolute http(s) URL of ≤ 500 characters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrunkRequest {
    /// Display name, 1–255 characters (required on create).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Which calls it carries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trunk_direction: Option<TrunkDirection>,
    /// Enabled or disabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trunk_status: Option<TrunkStatus>,
    /// Require TLS/SRTP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secure: Option<bool>,
    /// A custom SIP domain, at most 255 characters (auto-generated when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trunk_domain: Option<String>,
    /// The SIP transport.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transport: Option<SipTransport>,
    /// Where inbound calls go, at most 255 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inbound_destination: Option<String>,
    /// Free text, at most 500 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Concurrent-call limit, 0–1000.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concurrent_calls_limit: Option<u32>,
    /// Calls per second, 0–100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cps_limit: Option<u32>,
    /// A credential list to attach (its UUID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_uuid: Option<String>,
    /// An IP access-control list to attach (its UUID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipacl_uuid: Option<String>,
    /// The primary origination URI (its UUID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_uri_uuid: Option<String>,
    /// The fallback origination URI (its UUID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback_uri_uuid: Option<String>,
    /// Record calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recording: Option<bool>,
    /// Transcribe recordings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_transcription: Option<bool>,
    /// Redact PII from transcripts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pii_redaction: Option<bool>,
    /// PII entity types to redact (comma-separated), at most 500 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pii_entity_types: Option<String>,
    /// A public http(s) URL for trunk events, at most 500 characters (the API refuses
    /// private addresses).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
    /// The webhook's method.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_method: Option<HttpMethod>,
    /// Send recording events to the webhook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recording_webhook_enabled: Option<bool>,
}

impl TrunkRequest {
    /// A request naming the trunk (the minimum for a create).
    pub fn named(name: impl Into<String>) -> Self {
        TrunkRequest {
            name: Some(name.into()),
            ..Default::default()
        }
    }

    /// Checks every set field; returns the request with `name` trimmed.
    pub(crate) fn validated(&self) -> Result<TrunkRequest> {
        let mut out = self.clone();
        if let Some(name) = &self.name {
            out.name = Some(validate::name("name", name)?);
        }
        max_chars("description", self.description.as_deref(), 500)?;
        max_chars("trunk_domain", self.trunk_domain.as_deref(), 255)?;
        max_chars(
            "inbound_destination",
            self.inbound_destination.as_deref(),
            255,
        )?;
        max_chars("pii_entity_types", self.pii_entity_types.as_deref(), 500)?;
        if let Some(limit) = self.concurrent_calls_limit
            && limit > 1000
        {
            return Err(Error::validation(
                "concurrent_calls_limit",
                format!("must be between 0 and 1000, got {limit}"),
            ));
        }
        if let Some(cps) = self.cps_limit
            && cps > 100
        {
            return Err(Error::validation(
                "cps_limit",
                format!("must be between 0 and 100, got {cps}"),
            ));
        }
        if let Some(url) = &self.webhook_url {
            max_chars("webhook_url", Some(url), 500)?;
            validate_http_url("webhook_url", url)?;
        }
        Ok(out)
    }
}

fn max_chars(field: &str, value: Option<&str>, max: usize) -> Result<()> {
    match value {
        Some(v) if v.chars().count() > max => Err(Error::validation(
            field,
            format!("must be at most {max} characters"),
        )),
        Some(v) if v.chars().any(char::is_control) => Err(Error::validation(
            field,
            "must not contain control characters",
        )),
        _ => Ok(()),
    }
}

/// An absolute `http://` or `https://` URL with a host and no whitespace.
pub(crate) fn validate_http_url(field: &str, value: &str) -> Result<()> {
    let parsed = url::Url::parse(value).ok();
    let ok = parsed.is_some_and(|u| {
        matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
    }) && !value.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            format!("{value:?} is not an absolute http(s) URL"),
        ))
    }
}
