//! The partner's hosted KYC sessions: create, list, get, resend, revoke.

use serde_json::{Map, Value};

use super::customers::{check_page_size, customer_id, opt_text};
use super::{paginate, send_json};
use crate::clients::Partner;
use crate::credentials::Scope;
use crate::error::{Error, Result};
use crate::models::{
    KycFlow, KycResend, KycRevocation, KycSession, KycSessionCreated, KycSessionFilters,
    NewKycSession,
};
use crate::pagination::{ListSpec, PageOptions, PageStyle, Paginated};
use crate::path::ApiPath;
use crate::request::ApiRequest;
use crate::validate;

/// Session list: `page` + `size` in and out (style D).
const SESSIONS: ListSpec = ListSpec {
    style: PageStyle::PageSize,
    items_key: "sessions",
    max_page_size: 100,
};

/// An absolute `http(s)` URL with a host.
fn web_url(field: &str, value: &str) -> Result<String> {
    let value = value.trim();
    // Before the URL parser, which silently drops tabs and line feeds.
    validate::text(field, value)?;
    let parsed = url::Url::parse(value)
        .map_err(|e| Error::validation(field, format!("{value:?} is not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(Error::validation(
            field,
            format!("{value:?} must be an http(s) URL with a host"),
        ));
    }
    Ok(value.to_owned())
}

/// Validates a create request and builds its JSON body.
fn create_body(session: &NewKycSession) -> Result<Map<String, Value>> {
    let mut body = Map::new();
    let account = customer_id(&session.account_auth_id).map_err(|e| match e {
        Error::Validation { reason, .. } => Error::validation("account_auth_id", reason),
        other => other,
    })?;
    body.insert("account_auth_id".into(), account.as_str().into());
    body.insert("flow_type".into(), session.flow.as_str().into());
    match session.flow {
        KycFlow::Email => {
            if let Some(email) = opt_text(session.customer_email.as_ref()) {
                body.insert(
                    "customer_email".into(),
                    validate::email("customer_email", &email)?.into(),
                );
            }
        }
        KycFlow::Redirect => {
            let url = opt_text(session.redirect_url.as_ref()).ok_or_else(|| {
                Error::validation("redirect_url", "is required for the redirect flow")
            })?;
            body.insert("redirect_url".into(), web_url("redirect_url", &url)?.into());
        }
    }
    if let Some(url) = opt_text(session.webhook_url.as_ref()) {
        body.insert("webhook_url".into(), web_url("webhook_url", &url)?.into());
    }
    if let Some(days) = session.expires_in_days {
        if !(1..=365).contains(&days) {
            return Err(Error::validation(
                "expires_in_days",
                format!("must be between 1 and 365, got {days}"),
            ));
        }
        body.insert("expires_in_days".into(), days.into());
    }
    if !session.reminder_schedule.is_empty() {
        let mut reminders = Vec::new();
        for reminder in &session.reminder_schedule {
            let trigger = reminder.trigger.as_deref().unwrap_or("days_before_expiry");
            if trigger != "days_before_expiry" {
                return Err(Error::validation(
                    "reminder_schedule",
                    format!("trigger {trigger:?} is not days_before_expiry"),
                ));
            }
            let value = reminder.value.ok_or_else(|| {
                Error::validation("reminder_schedule", "every reminder needs a value (days)")
            })?;
            if let Some(days) = session.expires_in_days
                && value >= u64::from(days)
            {
                return Err(Error::validation(
                    "reminder_schedule",
                    format!(
                        "a reminder {value} days before expiry never fires in a {days}-day session"
                    ),
                ));
            }
            reminders.push(serde_json::json!({"trigger": trigger, "value": value}));
        }
        body.insert("reminder_schedule".into(), Value::Array(reminders));
    }
    if let Some(metadata) = &session.metadata {
        body.insert("metadata".into(), Value::Object(metadata.clone()));
    }
    Ok(body)
}

/// The `/api/v1/partner/kyc-sessions/{session_id}` path.
fn session_path(session_id: &str) -> Result<ApiPath> {
    ApiPath::v1()
        .lit("partner/kyc-sessions")
        .param("session_id", session_id.trim())
}

impl Partner {
    /// `POST /partner/kyc-sessions`: starts hosted KYC for one of this partner's
    /// customers. Email flow: Vobiz emails the link at once (status `email_sent`).
    /// Redirect flow: the answer's `widget_url` is the link to send the customer's browser
    /// to (status `link_ready`). A customer has one active session: creating another
    /// silently revokes the older one. Not retried once sent.
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`account_auth_id`,
    /// `customer_email`, `redirect_url`, `webhook_url`, `expires_in_days`,
    /// `reminder_schedule`), [`Error::NotFound`] (unknown or another partner's customer),
    /// [`Error::Unprocessable`] (the server's validation), [`Error::Authentication`],
    /// [`Error::PermissionDenied`], [`Error::OutcomeUnknown`], [`Error::Server`].
    pub async fn create_kyc_session(&self, session: &NewKycSession) -> Result<KycSessionCreated> {
        let body = create_body(session)?;
        let request = ApiRequest::post(ApiPath::v1().lit("partner/kyc-sessions")).json(&body)?;
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `GET /partner/kyc-sessions`: this partner's sessions, newest first, as a lazy
    /// stream (`page` + `size`, at most 100 a page), optionally of one status or one
    /// customer.
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`size`,
    /// `account_auth_id`), then, while walking, [`Error::Unprocessable`],
    /// [`Error::Authentication`], [`Error::PermissionDenied`].
    pub fn list_kyc_sessions(
        &self,
        filters: KycSessionFilters,
        options: PageOptions,
    ) -> Result<Paginated<KycSession>> {
        check_page_size(&options, "size", SESSIONS.max_page_size)?;
        let account = match opt_text(filters.account_auth_id.as_ref()) {
            Some(a) => Some(customer_id(&a).map_err(|e| match e {
                Error::Validation { reason, .. } => Error::validation("account_auth_id", reason),
                other => other,
            })?),
            None => None,
        };
        let request = ApiRequest::get(ApiPath::v1().lit("partner/kyc-sessions"))
            .query_opt("status", filters.status)
            .query_opt("account_auth_id", account);
        paginate(
            &self.transport,
            self.credentials.credentials(),
            request,
            SESSIONS,
            options,
        )
    }

    /// `GET /partner/kyc-sessions/{session_id}`: one session (keyed `id`; the create
    /// answer's `session_id`), with `verified_data` as steps complete. Trust this read,
    /// not a webhook, before acting on a completion.
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`session_id`),
    /// [`Error::NotFound`], [`Error::Authentication`], [`Error::PermissionDenied`].
    pub async fn get_kyc_session(&self, session_id: &str) -> Result<KycSession> {
        send_json(
            &self.transport,
            &self.credentials,
            ApiRequest::get(session_path(session_id)?),
        )
        .await
    }

    /// `POST /partner/kyc-sessions/{session_id}/resend`: emails the link again. At most
    /// one email per 30 minutes per session, counted from the last send (creation
    /// included).
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`session_id`),
    /// [`Error::RateLimited`] (within the cooldown; `retry_after` is the wait the server
    /// named), [`Error::BadRequest`] (a redirect-flow session has no email),
    /// [`Error::Conflict`] (the session is completed, revoked or expired),
    /// [`Error::NotFound`], [`Error::Authentication`], [`Error::PermissionDenied`].
    pub async fn resend_kyc_session(&self, session_id: &str) -> Result<KycResend> {
        let request = ApiRequest::post(session_path(session_id)?.lit("resend"));
        let answer: Option<KycResend> =
            send_json(&self.transport, &self.credentials, request).await?;
        Ok(answer.unwrap_or_default())
    }

    /// `DELETE /partner/kyc-sessions/{session_id}`: revokes a session, with an optional
    /// `reason` (shown on the `kyc.session_revoked` webhook and in the audit log).
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`session_id`, `reason`),
    /// [`Error::Conflict`] (already completed, revoked or expired), [`Error::NotFound`],
    /// [`Error::Authentication`], [`Error::PermissionDenied`].
    pub async fn revoke_kyc_session(
        &self,
        session_id: &str,
        reason: Option<&str>,
    ) -> Result<KycRevocation> {
        let mut request = ApiRequest::delete(session_path(session_id)?);
        if let Some(reason) = reason.map(str::trim).filter(|r| !r.is_empty()) {
            validate::text("reason", reason)?;
            request = request.json(&serde_json::json!({ "reason": reason }))?;
        }
        let answer: Option<KycRevocation> =
            send_json(&self.transport, &self.credentials, request).await?;
        Ok(answer.unwrap_or_default())
    }
}
