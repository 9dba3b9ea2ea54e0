//! Sub-account KYC: the aggregate status, verification results, CIN matches,
//! DigiLocker, and hosted KYC sessions for a sub-account.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Extra;
use super::lenient;
use super::sub_account::{BusinessType, KycMode, string_enum};
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::timestamp::Timestamp;
use crate::validate;
use crate::view::IntoView;

string_enum! {
    /// One KYC document check.
    VerificationType {
        /// PAN (the first step for everyone).
        Pan = "pan",
        /// GSTIN (companies, LLPs, partnerships).
        Gst = "gst",
        /// Company registration (CIN).
        Cin = "cin",
        /// Aadhaar through DigiLocker (individuals, proprietorships, HUFs).
        Aadhaar = "aadhaar",
    }
}

string_enum! {
    /// The state of one document, or of the whole KYC (`overall_status`):
    /// `not_started` → `pending` → `verified` | `failed`.
    VerificationStatus {
        /// Not run yet.
        NotStarted = "not_started",
        /// Waiting for the provider (or, in test mode, for `finalize_pending`).
        Pending = "pending",
        /// Verified.
        Verified = "verified",
        /// Failed: re-run just this step.
        Failed = "failed",
    }
}

/// The outcome `finalize_pending` (test mode) gives the latest pending mock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PendingOutcome {
    /// Verify it (a `TESTPENDING_FAIL` input still fails, as it promised).
    Verified,
    /// Fail it.
    Failed,
}

impl PendingOutcome {
    /// The value as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            PendingOutcome::Verified => "verified",
            PendingOutcome::Failed => "failed",
        }
    }
}

/// `GET /sub-accounts/{sub_auth_id}/kyc/status`: where a sub-account's KYC stands.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct KycStatus {
    /// The sub-account, `SA_…`.
    pub sub_account_id: Option<String>,
    /// `personal_use` or `customer_use`.
    pub kyc_mode: Option<KycMode>,
    /// The holder's legal form (decides the documents needed).
    pub business_type: Option<BusinessType>,
    /// The aggregate: `not_started`, `pending`, `verified` or `failed`.
    pub overall_status: Option<VerificationStatus>,
    /// Whether calls are refused; `false` once the required documents are verified.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub kyc_calls_blocked: Option<bool>,
    /// Each document's state, keyed `pan`, `gst`, `cin`, `aadhaar` (see
    /// [`KycStatus::verification`]).
    #[serde(default)]
    pub verifications: BTreeMap<String, VerificationStatus>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl KycStatus {
    /// The state of one document, when the API reported it.
    pub fn verification(&self, document: &VerificationType) -> Option<&VerificationStatus> {
        self.verifications.get(document.as_str())
    }
}

/// The answer of every verification step (PAN, GST, CIN confirm, DigiLocker verify,
/// test-mode finalize): the document's new state and the recomputed call gate, plus the
/// step's own fields.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct KycVerificationResult {
    /// Which document.
    pub verification_type: VerificationType,
    /// `verified`, `failed` or `pending`.
    pub status: VerificationStatus,
    /// The call gate after this step.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub kyc_calls_blocked: Option<bool>,
    /// `true` on test-mode answers.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub mock: Option<bool>,
    /// PAN step: the PAN checked.
    pub pan: Option<String>,
    /// PAN step: the name registered to it.
    pub registered_name: Option<String>,
    /// PAN step: whether it matched the sub-account.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub name_match: Option<bool>,
    /// GST step: the GSTIN checked.
    pub gstin: Option<String>,
    /// GST step: the legal name registered to it.
    pub legal_name: Option<String>,
    /// CIN step: the CIN confirmed.
    pub cin: Option<String>,
    /// DigiLocker step: `digilocker`.
    pub source: Option<String>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One company the CIN search found.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct CinMatch {
    /// The CIN: pass it verbatim to `cin_confirm`.
    pub cin: Option<String>,
    /// The registered company name.
    pub company_name: Option<String>,
    /// The company's status (`Active`).
    pub status: Option<String>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of a CIN search.
#[derive(Deserialize)]
pub(crate) struct CinSearchAnswer {
    #[serde(default)]
    pub(crate) matches: Vec<CinMatch>,
}

/// The answer of `digilocker/initiate`: send the user to `auth_url`, then call
/// `digilocker_verify` with `access_request_id`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct DigilockerInitiation {
    /// The DigiLocker OAuth URL to open in the user's browser.
    pub auth_url: Option<String>,
    /// The access request (`AR_…`) to verify afterwards.
    pub access_request_id: Option<String>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How a hosted KYC session reaches the customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubAccountKycFlow {
    /// Vobiz emails the KYC link to `customer_email` (and sends reminders).
    Email {
        /// Where the link goes.
        customer_email: String,
    },
    /// The answer carries a `widget_url` to open; the browser then returns to
    /// `redirect_url?session_id=…&status=…&auth_id=…`.
    Redirect {
        /// Where the browser returns (absolute `http(s)` URL).
        redirect_url: String,
    },
}

/// One reminder email of a hosted session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubAccountKycReminder {
    /// Days before expiry to send it.
    pub days_before_expiry: u32,
}

/// `POST /sub-accounts/{sub_auth_id}/kyc-sessions`: a hosted KYC session for a
/// sub-account. A new session revokes the sub-account's active one.
#[derive(Clone, Debug, PartialEq)]
pub struct SubAccountKycSessionRequest {
    /// Email or redirect flow.
    pub flow: SubAccountKycFlow,
    /// Where to receive `kyc.*` webhooks (signed `sha256=` with the parent's token).
    pub webhook_url: Option<String>,
    /// Days until the link expires, 1–365 (the API's default: 7).
    pub expires_in_days: Option<u32>,
    /// Reminder emails (email flow).
    pub reminder_schedule: Vec<SubAccountKycReminder>,
    /// Echoed on the session and in webhooks.
    pub metadata: Option<Map<String, Value>>,
}

impl SubAccountKycSessionRequest {
    /// An email-flow session.
    pub fn email(customer_email: impl Into<String>) -> Self {
        Self::with_flow(SubAccountKycFlow::Email {
            customer_email: customer_email.into(),
        })
    }

    /// A redirect-flow session.
    pub fn redirect(redirect_url: impl Into<String>) -> Self {
        Self::with_flow(SubAccountKycFlow::Redirect {
            redirect_url: redirect_url.into(),
        })
    }

    fn with_flow(flow: SubAccountKycFlow) -> Self {
        SubAccountKycSessionRequest {
            flow,
            webhook_url: None,
            expires_in_days: None,
            reminder_schedule: Vec::new(),
            metadata: None,
        }
    }

    /// Validates and writes the JSON body for `sub_account_id`.
    pub(crate) fn body(&self, sub_account_id: &str) -> Result<Map<String, Value>> {
        let mut body = Map::new();
        body.insert("account_auth_id".into(), sub_account_id.into());
        match &self.flow {
            SubAccountKycFlow::Email { customer_email } => {
                body.insert("flow_type".into(), "email".into());
                body.insert(
                    "customer_email".into(),
                    validate::email("customer_email", customer_email)?.into(),
                );
            }
            SubAccountKycFlow::Redirect { redirect_url } => {
                body.insert("flow_type".into(), "redirect".into());
                body.insert(
                    "redirect_url".into(),
                    http_url("redirect_url", redirect_url)?.into(),
                );
            }
        }
        if let Some(url) = &self.webhook_url {
            body.insert("webhook_url".into(), http_url("webhook_url", url)?.into());
        }
        if let Some(days) = self.expires_in_days {
            if !(1..=365).contains(&days) {
                return Err(Error::validation(
                    "expires_in_days",
                    format!("must be between 1 and 365, got {days}"),
                ));
            }
            body.insert("expires_in_days".into(), days.into());
        }
        if !self.reminder_schedule.is_empty() {
            let mut reminders = Vec::new();
            for r in &self.reminder_schedule {
                reminders.push(serde_json::json!({
                    "trigger": "days_before_expiry",
                    "value": r.days_before_expiry,
                }));
            }
            body.insert("reminder_schedule".into(), reminders.into());
        }
        if let Some(metadata) = &self.metadata {
            body.insert("metadata".into(), Value::Object(metadata.clone()));
        }
        Ok(body)
    }
}

/// An absolute `http(s)` URL with a host, returned trimmed.
pub(crate) fn http_url(field: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    match url::Url::parse(trimmed) {
        Ok(u) if (u.scheme() == "https" || u.scheme() == "http") && u.host().is_some() => {
            Ok(trimmed.to_owned())
        }
        _ => Err(Error::validation(
            field,
            format!("{value:?} is not an absolute http(s) URL"),
        )),
    }
}

/// The answer to `POST /sub-accounts/{sub_auth_id}/kyc-sessions`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SubAccountKycSessionCreated {
    /// The session's UUID.
    pub session_id: Option<String>,
    /// The sub-account, `SA_…`.
    pub account_auth_id: Option<String>,
    /// The email the link went to (email flow).
    pub customer_email: Option<String>,
    /// The masked address the email was sent to (`c***@example.com`).
    pub email_dispatched_to: Option<String>,
    /// `email_sent` (email flow) or `link_ready` (redirect flow).
    pub status: Option<String>,
    /// When the link expires.
    pub expires_at: Option<Timestamp>,
    /// Redirect flow: the widget link (it carries a session token, so it is kept as a
    /// [`Secret`]; [`Secret::expose`] it to redirect the browser).
    pub widget_url: Option<Secret>,
    /// Reserved (`null`; present only in development).
    pub kyc_link: Option<Secret>,
    /// "KYC email dispatched successfully" / "KYC link generated successfully".
    pub message: Option<String>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}
