//! The partner console login (`POST /partner/login`).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Extra;
use super::lenient;
use crate::secret::Secret;
use crate::view::IntoView;

/// The answer to [`Partner::login`](crate::Partner::login):
/// `{tokens: {access_token, token_type: "Bearer", expires_in: 3600}}`.
///
/// `Debug` never shows a token, including any secret-named field the API adds later.
#[derive(Clone, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct PartnerLogin {
    /// The session's tokens.
    pub tokens: Option<LoginTokens>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl PartnerLogin {
    /// The bearer access token, when the answer carried one.
    pub fn access_token(&self) -> Option<&Secret> {
        self.tokens.as_ref()?.access_token.as_ref()
    }
}

/// The tokens of a console session. Only for interactive (console-style) use: the REST API
/// authenticates with `X-Auth-ID` / `X-Auth-Token`, never with these.
#[derive(Clone, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct LoginTokens {
    /// The bearer token (a JWT on the live API; never printed).
    pub access_token: Option<Secret>,
    /// A refresh token, if the API ever sends one (none is documented; never printed).
    pub refresh_token: Option<Secret>,
    /// `Bearer`.
    pub token_type: Option<String>,
    /// Lifetime of `access_token` in seconds (3600 documented).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub expires_in: Option<u64>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl fmt::Debug for PartnerLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PartnerLogin")
            .field("tokens", &self.tokens)
            .field("extra", &self.extra)
            .finish()
    }
}

impl fmt::Debug for LoginTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginTokens")
            .field("access_token", &self.access_token)
            .field("refresh_token", &self.refresh_token)
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("extra", &self.extra)
            .finish()
    }
}
