//! The remaining account reads and deletes: number health, the CDR export (`text/csv`)
//! and recording delete.

use super::{send, send_json};
use crate::clients::Account;
#[cfg(doc)]
use crate::error::Error;
use crate::error::Result;
use crate::models::{AccountCdrFilters, HealthQuery, NumberHealth};
use crate::path::{ApiPath, E164};
use crate::request::{ApiRequest, RequestOptions};

use super::account_records::cdr_query;

/// How many times the client's response limit the CDR export may read.
const EXPORT_SIZE_FACTOR: u64 = 16;

impl Account {
    /// `GET /account/{id}/numbers/{e164}/health?granularity&days` (lowercase `account`, the
    /// number sent as `%2B…`): a number's call statistics over the last `days` (1–90,
    /// default 7), one snapshot per day or hour. `e164` may be written `+91…`, `%2B91…` or
    /// `91…`.
    ///
    /// Needs the account's own credentials (the number's owner, or a main account for its
    /// sub-accounts' numbers). Errors: [`Error::Validation`] (`e164`, `days`),
    /// [`Error::PermissionDenied`] (not the account's number), [`Error::NotFound`] (no such
    /// number), [`Error::BadRequest`] / [`Error::Unprocessable`] (the server's checks),
    /// [`Error::Authentication`].
    pub async fn number_health(&self, e164: &str, query: HealthQuery) -> Result<NumberHealth> {
        let number = E164::parse_field(e164, "e164")?;
        let days = query.validated_days()?;
        let path = ApiPath::v1()
            .lit("account")
            .id(self.auth_id())
            .lit("numbers")
            .e164(&number)
            .lit("health");
        let request = ApiRequest::get(path)
            .query_opt("granularity", query.granularity.map(|g| g.as_str()))
            .query_opt("days", days);
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `GET /Account/{id}/cdr/export`: the account's CDRs matching `filters` (the list's
    /// filters, checked the same way; no paging) as CSV text, header line first.
    ///
    /// The export may be far larger than any JSON page, so it may read up to 16 times the
    /// client's [`ClientConfig::max_response_bytes`](crate::ClientConfig::max_response_bytes)
    /// (1 GiB with the defaults) before [`Error::ResponseTooLarge`].
    ///
    /// Needs the account's own credentials (a sub-account needs its `cdr` permission).
    /// Errors: [`Error::Validation`] (a filter), [`Error::Decode`] (the answer is not
    /// `text/csv`, or not UTF-8), [`Error::Unprocessable`] (the server's filter checks),
    /// [`Error::Authentication`], [`Error::PermissionDenied`].
    pub async fn export_cdrs(&self, filters: AccountCdrFilters) -> Result<String> {
        let path = ApiPath::v1()
            .lit("Account")
            .id(self.auth_id())
            .lit("cdr/export");
        let limit = self
            .transport
            .config()
            .max_response_bytes()
            .saturating_mul(EXPORT_SIZE_FACTOR);
        let request = cdr_query(ApiRequest::get(path).accept("text/csv"), &filters)?.options(
            RequestOptions {
                max_response_bytes: Some(limit),
                ..RequestOptions::default()
            },
        );
        let response = send(&self.transport, &self.credentials, request).await?;
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if !content_type.trim_start().starts_with("text/csv") {
            return Err(response.decode_error(format!(
                "expected text/csv, got {:?}",
                if content_type.is_empty() {
                    "no content-type"
                } else {
                    content_type.as_str()
                }
            )));
        }
        String::from_utf8(response.body().to_vec())
            .map_err(|e| response.decode_error(format!("the CSV is not UTF-8: {e}")))
    }

    /// `DELETE /Account/{id}/Recording/{recording_id}/` (204): deletes a recording. The
    /// current docs have no page for it (MARCH and the official SDKs do).
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`] (`recording_id`
    /// that could not be one path segment), [`Error::NotFound`] (`{"error":"Recording not
    /// found"}`, also when a retried delete had already succeeded),
    /// [`Error::Authentication`], [`Error::PermissionDenied`].
    pub async fn delete_recording(&self, recording_id: &str) -> Result<()> {
        let path = ApiPath::v1()
            .lit("Account")
            .id(self.auth_id())
            .lit("Recording")
            .param("recording_id", recording_id.trim())?
            .slash();
        send(&self.transport, &self.credentials, ApiRequest::delete(path)).await?;
        Ok(())
    }
}
