//! The partner console login (`POST /partner/login`).

use serde_json::json;

use crate::clients::Partner;
use crate::error::{Error, Result};
use crate::models::PartnerLogin;
use crate::path::ApiPath;
use crate::request::ApiRequest;
use crate::transport::Transport;
use crate::validate;

impl Partner {
    /// `POST /partner/login`: trades the partner's console email and password for a
    /// one-hour bearer token (`tokens.access_token`, `token_type: "Bearer"`,
    /// `expires_in: 3600`).
    ///
    /// **An interactive-session convenience only**: the REST API, including every method
    /// of [`Partner`], authenticates with the `X-Auth-ID` / `X-Auth-Token` pair, not with
    /// this token. It is an associated function because it needs no API credentials: the
    /// request goes through `transport` (its retry, redirect and error rules) with **no**
    /// `X-Auth-*` headers ([`Transport::send_unauthenticated`]). The email is checked and
    /// the password must not be empty before anything is sent; the password appears in no
    /// error, log or `Debug` output, and the tokens come back as [`Secret`](crate::Secret)s.
    /// Being a POST, it is not retried once sent.
    ///
    /// Needs no credentials. Errors: [`Error::Validation`] (`email`, `password`),
    /// [`Error::Authentication`] (code `invalid_credentials`: wrong email or password),
    /// [`Error::PermissionDenied`] (inactive partner), [`Error::Unprocessable`],
    /// [`Error::OutcomeUnknown`], [`Error::Server`].
    pub async fn login(transport: &Transport, email: &str, password: &str) -> Result<PartnerLogin> {
        let email = validate::email("email", email)?;
        if password.is_empty() {
            return Err(Error::validation("password", "must not be empty"));
        }
        validate::text("password", password)?;
        let request = ApiRequest::post(ApiPath::v1().lit("partner/login"))
            .json(&json!({"email": email, "password": password}))?;
        transport.send_unauthenticated(&request).await?.json()
    }
}
