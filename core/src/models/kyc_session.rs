//! The partner's hosted KYC sessions: `/partner/kyc-sessions`.
//!
//! A session runs on a Vobiz-hosted widget. Lifecycle: `email_sent` (email flow) or
//! `link_ready` (redirect flow) → `opened` → `in_progress` → `kyc_completed`; `revoked` at
//! any time. One active session per customer: creating another revokes the older one.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;
use super::cdr::vec_or_null;
use super::lenient;
use crate::secret::Secret;
use crate::timestamp::Timestamp;
use crate::view::IntoView;

/// How the customer reaches the widget.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[schemars(rename_all = "snake_case")]
#[non_exhaustive]
pub enum KycFlow {
    /// Vobiz emails the customer a link.
    #[default]
    Email,
    /// You send the customer to the returned `widget_url`; the browser comes back to your
    /// `redirect_url?session_id=…&status=…&auth_id=…`.
    Redirect,
}

impl KycFlow {
    /// The wire value (`email` / `redirect`).
    pub fn as_str(self) -> &'static str {
        match self {
            KycFlow::Email => "email",
            KycFlow::Redirect => "redirect",
        }
    }
}

/// The wire value, so an operation can declare `email` as its default.
impl Serialize for KycFlow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for KycFlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for KycFlow {
    type Err = crate::error::Error;

    /// `email` or `redirect`; anything else is a validation error on `flow_type`.
    fn from_str(s: &str) -> crate::error::Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "email" => Ok(KycFlow::Email),
            "redirect" => Ok(KycFlow::Redirect),
            _ => Err(crate::error::Error::validation(
                "flow_type",
                format!("{s:?} is not email or redirect"),
            )),
        }
    }
}

/// A reminder email, as `{trigger: "days_before_expiry", value: n}`.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct KycReminder {
    /// When it fires (`days_before_expiry`).
    pub trigger: Option<String>,
    /// The trigger's value (days).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub value: Option<u64>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl KycReminder {
    /// A reminder `days` days before the session expires.
    pub fn days_before_expiry(days: u32) -> Self {
        KycReminder {
            trigger: Some("days_before_expiry".into()),
            value: Some(u64::from(days)),
            extra: Extra::new(),
        }
    }
}

/// The body of `POST /partner/kyc-sessions`.
///
/// Email flow: Vobiz emails the link at once (to `customer_email`, or, per the partner
/// flow guide, to the address on the customer's account when it is omitted). Redirect
/// flow: `redirect_url` is required and no email is sent.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewKycSession {
    /// The customer (`MA_…`) to verify.
    pub account_auth_id: String,
    /// `email` (Vobiz emails the link) or `redirect` (you send the customer to the
    /// returned `widget_url`).
    pub flow: KycFlow,
    /// Where to send the link (email flow; ignored by the redirect flow).
    pub customer_email: Option<String>,
    /// Where the widget sends the browser back, an absolute http(s) URL (redirect flow;
    /// required there).
    pub redirect_url: Option<String>,
    /// Receives `kyc.completed`, `kyc.failed` and `kyc.session_revoked`.
    pub webhook_url: Option<String>,
    /// Days until the session expires (1–365; the API's default is 7).
    pub expires_in_days: Option<u32>,
    /// Reminder emails (email flow), each `{"trigger": "days_before_expiry", "value": n}`.
    #[serde(default)]
    pub reminder_schedule: Vec<KycReminder>,
    /// Your own data, echoed on reads and in webhooks.
    pub metadata: Option<serde_json::Map<String, Value>>,
}

impl NewKycSession {
    /// An email-flow session for `account_auth_id`, emailed to `customer_email`.
    pub fn email(account_auth_id: impl Into<String>, customer_email: impl Into<String>) -> Self {
        NewKycSession {
            account_auth_id: account_auth_id.into(),
            customer_email: Some(customer_email.into()),
            ..Self::default()
        }
    }

    /// A redirect-flow session for `account_auth_id`, returning to `redirect_url`.
    pub fn redirect(account_auth_id: impl Into<String>, redirect_url: impl Into<String>) -> Self {
        NewKycSession {
            account_auth_id: account_auth_id.into(),
            flow: KycFlow::Redirect,
            redirect_url: Some(redirect_url.into()),
            ..Self::default()
        }
    }
}

/// The answer to a session create (201), keyed `session_id` (reads key it `id`).
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct KycSessionCreated {
    /// The session's id (`session_id` on the wire; `id` also read).
    #[serde(alias = "id")]
    pub session_id: Option<String>,
    /// The customer.
    pub account_auth_id: Option<String>,
    /// The email the link goes to (email flow).
    pub customer_email: Option<String>,
    /// The masked address the email went to (`c***@example.com`); `None` on the redirect
    /// flow.
    pub email_dispatched_to: Option<String>,
    /// `individual` or `company` once known (`None` at creation).
    pub kyc_type: Option<String>,
    /// `email_sent` or `link_ready`.
    pub status: Option<String>,
    /// When the session expires.
    pub expires_at: Option<Timestamp>,
    /// The widget link (redirect flow): it carries the session's `kst_` token, so it never
    /// prints; hand `expose()` to the customer's browser.
    pub widget_url: Option<Secret>,
    /// Reserved (`null`).
    pub kyc_link: Option<Value>,
    /// The API's message.
    pub message: Option<String>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// What verification found so far. **Personal data** (names, PAN, Aadhaar details,
/// address): handle as such.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct VerifiedData {
    /// `individual` or `company`.
    pub pan_type: Option<String>,
    /// The PAN (sometimes masked).
    pub pan_number: Option<String>,
    /// Name on the PAN.
    pub pan_name: Option<String>,
    /// Whether the given name matched the PAN.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub pan_name_match: Option<bool>,
    /// Registered name of the PAN.
    pub pan_registered_name: Option<String>,
    /// Steps done: `pan`, `aadhaar` (individual) or `pan`, `gst` (company).
    #[serde(default, deserialize_with = "vec_or_null")]
    pub completed_steps: Vec<String>,
    /// Name on the Aadhaar.
    pub aadhaar_name: Option<String>,
    /// Date of birth on the Aadhaar.
    pub aadhaar_dob: Option<String>,
    /// Last 4 digits of the Aadhaar.
    pub masked_aadhaar: Option<String>,
    /// Gender.
    pub gender: Option<String>,
    /// Address (text or structured).
    pub address: Option<Value>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A session as `GET /partner/kyc-sessions[/{id}]` writes it, keyed `id` (`session_id`
/// also read).
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct KycSession {
    /// The session's id.
    #[serde(alias = "session_id")]
    pub id: Option<String>,
    /// The customer.
    pub account_auth_id: Option<String>,
    /// The email the link goes to.
    pub customer_email: Option<String>,
    /// `email` or `redirect`, when the API says.
    pub flow_type: Option<String>,
    /// `individual` or `company` (`None` until the PAN is submitted).
    pub kyc_type: Option<String>,
    /// `email_sent`, `link_ready`, `opened`, `in_progress`, `kyc_completed`, `revoked`
    /// (or a value the docs do not list, e.g. after a failure or expiry).
    pub status: Option<String>,
    /// When it expires.
    pub expires_at: Option<Timestamp>,
    /// When the widget was first opened.
    pub first_opened_at: Option<Timestamp>,
    /// When verification completed.
    pub completed_at: Option<Timestamp>,
    /// Webhook target.
    pub webhook_url: Option<String>,
    /// Redirect target (redirect flow).
    pub redirect_url: Option<String>,
    /// Reminder emails.
    #[serde(default, deserialize_with = "vec_or_null")]
    pub reminder_schedule: Vec<KycReminder>,
    /// Your data, echoed.
    pub metadata: Option<Value>,
    /// What verification found so far (personal data).
    pub verified_data: Option<VerifiedData>,
    /// When it was created.
    pub created_at: Option<Timestamp>,
    /// When it last changed.
    pub updated_at: Option<Timestamp>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl KycSession {
    /// Whether the session can no longer change: completed, revoked, or a failure/expiry
    /// status.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self.status.as_deref(),
            Some("kyc_completed" | "revoked" | "expired" | "failed" | "kyc_failed")
        )
    }
}

/// The session statuses the list filter accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[schemars(rename_all = "snake_case")]
#[non_exhaustive]
pub enum KycSessionStatus {
    /// Email sent (email flow).
    EmailSent,
    /// Link ready (redirect flow).
    LinkReady,
    /// Widget opened.
    Opened,
    /// PAN submitted.
    InProgress,
    /// Verified.
    KycCompleted,
    /// Revoked (by you, or by a newer session).
    Revoked,
}

impl KycSessionStatus {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            KycSessionStatus::EmailSent => "email_sent",
            KycSessionStatus::LinkReady => "link_ready",
            KycSessionStatus::Opened => "opened",
            KycSessionStatus::InProgress => "in_progress",
            KycSessionStatus::KycCompleted => "kyc_completed",
            KycSessionStatus::Revoked => "revoked",
        }
    }
}

impl fmt::Display for KycSessionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for KycSessionStatus {
    type Err = crate::error::Error;

    /// One of the six documented statuses; anything else is a validation error on
    /// `status`.
    fn from_str(s: &str) -> crate::error::Result<Self> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "email_sent" => KycSessionStatus::EmailSent,
            "link_ready" => KycSessionStatus::LinkReady,
            "opened" => KycSessionStatus::Opened,
            "in_progress" => KycSessionStatus::InProgress,
            "kyc_completed" => KycSessionStatus::KycCompleted,
            "revoked" => KycSessionStatus::Revoked,
            _ => {
                return Err(crate::error::Error::validation(
                    "status",
                    format!(
                        "{s:?} is not email_sent, link_ready, opened, in_progress, kyc_completed or revoked"
                    ),
                ));
            }
        })
    }
}

/// Filters of the session list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KycSessionFilters {
    /// Sessions in this status only.
    pub status: Option<KycSessionStatus>,
    /// One customer's sessions only (`MA_…`).
    pub account_auth_id: Option<String>,
}

impl KycSessionFilters {
    /// No filter: every session.
    pub fn new() -> Self {
        Self::default()
    }
}

/// The answer to a resend (the body is undocumented; empty when the API sends none).
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct KycResend {
    /// The API's message.
    pub message: Option<String>,
    /// The session.
    #[serde(alias = "id")]
    pub session_id: Option<String>,
    /// The masked address the email went to.
    pub email_dispatched_to: Option<String>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer to a revoke: `{"message": "Session revoked", "session_id": …}`.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct KycRevocation {
    /// The API's message.
    pub message: Option<String>,
    /// The revoked session.
    #[serde(alias = "id")]
    pub session_id: Option<String>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}
