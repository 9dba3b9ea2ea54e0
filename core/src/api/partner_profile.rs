//! The partner's profile and activity.

use chrono::NaiveDate;

use super::send_json;
use crate::clients::Partner;
use crate::error::{Error, Result};
use crate::models::{Dashboard, PartnerProfile};
use crate::path::ApiPath;
use crate::request::ApiRequest;

impl Partner {
    /// `GET /partner/me`: the partner's profile, balance, limits and capability flags.
    ///
    /// Needs partner credentials. Errors: [`Error::Authentication`] (401),
    /// [`Error::PermissionDenied`] (403, e.g. account credentials).
    pub async fn me(&self) -> Result<PartnerProfile> {
        send_json(
            &self.transport,
            &self.credentials,
            ApiRequest::get(ApiPath::v1().lit("partner/me")),
        )
        .await
    }

    /// `GET /partner/dashboard`: customers, balances and call totals over the last 30
    /// days, with a daily series. The embedded profile's `balance` is `None`.
    ///
    /// Needs partner credentials. Errors: [`Error::Authentication`],
    /// [`Error::PermissionDenied`].
    pub async fn dashboard(&self) -> Result<Dashboard> {
        send_json(
            &self.transport,
            &self.credentials,
            ApiRequest::get(ApiPath::v1().lit("partner/dashboard")),
        )
        .await
    }

    /// `GET /partner/analytics`: the dashboard for any period (defaults: the last 30 days
    /// up to today). `from` after `to` is refused before sending.
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`from_date`),
    /// [`Error::Authentication`], [`Error::PermissionDenied`], [`Error::Unprocessable`].
    pub async fn analytics(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Dashboard> {
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(Error::validation(
                "from_date",
                format!("{from} is after to_date {to}"),
            ));
        }
        let request = ApiRequest::get(ApiPath::v1().lit("partner/analytics"))
            .query_opt("from_date", from)
            .query_opt("to_date", to);
        send_json(&self.transport, &self.credentials, request).await
    }
}
