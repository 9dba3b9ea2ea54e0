//! Credentials and the scopes they unlock.
//!
//! The Vobiz API uses one header pair (`X-Auth-ID` / `X-Auth-Token`) for four different
//! callers, and sending the wrong pair to a route fails only at run time with a 401/403. Here
//! each scope is its own type, checked on construction, so the wrong pairing cannot be
//! written: a [`PartnerCredentials`] always holds a `PA_` id, an [`AccountCredentials`] an
//! `MA_` or `SA_` id, and a [`SubAccountScope`] a parent `MA_` acting on one `SA_`.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use crate::error::{Error, Result};
use crate::validate;

/// The environment variable holding the auth id.
pub const ENV_AUTH_ID: &str = "VOBIZ_AUTH_ID";
/// The environment variable holding the auth token.
pub const ENV_AUTH_TOKEN: &str = "VOBIZ_AUTH_TOKEN";

/// What kind of account an auth id names, read from its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountKind {
    /// `PA_…`: a partner (reseller) account.
    Partner,
    /// `MA_…`: a main account (a partner's customer, or a parent of sub-accounts).
    Main,
    /// `SA_…`: a sub-account of a main account.
    SubAccount,
}

impl AccountKind {
    /// The id prefix of this kind, e.g. `"PA_"`.
    pub fn prefix(self) -> &'static str {
        match self {
            AccountKind::Partner => "PA_",
            AccountKind::Main => "MA_",
            AccountKind::SubAccount => "SA_",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            AccountKind::Partner => "a partner id (PA_…)",
            AccountKind::Main => "a main-account id (MA_…)",
            AccountKind::SubAccount => "a sub-account id (SA_…)",
        }
    }
}

/// A syntactically valid Vobiz auth id: `PA_`, `MA_` or `SA_` followed by 1–64 ASCII letters
/// or digits.
///
/// The suffix is not length-checked beyond that: Vobiz documents 8 upper-case characters but
/// its own examples use shorter and lower-case ones.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AuthId(String);

impl AuthId {
    /// Parses an auth id; `field` names the input in the error.
    ///
    /// A refused value is described by its shape, never echoed: an auth id slot is where
    /// a token lands when the two are swapped (or `VOBIZ_AUTH_ID` holds the token).
    pub fn parse_field(value: &str, field: &str) -> Result<Self> {
        let found = [
            AccountKind::Partner,
            AccountKind::Main,
            AccountKind::SubAccount,
        ]
        .into_iter()
        .find_map(|k| value.strip_prefix(k.prefix()).map(|suffix| (k, suffix)));
        let Some((kind, suffix)) = found else {
            return Err(Error::validation(
                field,
                format!(
                    "is not a Vobiz auth id: expected PA_, MA_ or SA_ followed by 1-64 letters or digits, got {}",
                    validate::shape(value)
                ),
            ));
        };
        if suffix.is_empty()
            || suffix.len() > 64
            || !suffix.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err(Error::validation(
                field,
                format!(
                    "is not a valid auth id: expected {} followed by 1-64 ASCII letters or digits, got {}",
                    kind.prefix(),
                    validate::shape(value)
                ),
            ));
        }
        Ok(AuthId(value.to_owned()))
    }

    /// Parses an auth id that must be of one of `allowed` kinds.
    pub fn parse_kind(value: &str, field: &str, allowed: &[AccountKind]) -> Result<Self> {
        let id = Self::parse_field(value, field)?;
        if allowed.contains(&id.kind()) {
            return Ok(id);
        }
        let wanted: Vec<&str> = allowed.iter().map(|k| k.describe()).collect();
        // A well-formed id (prefix + letters/digits) is not a secret: naming it helps.
        Err(Error::validation(
            field,
            format!(
                "{} is {}, but this scope needs {}",
                id.as_str(),
                id.kind().describe(),
                wanted.join(" or ")
            ),
        ))
    }

    /// The kind of account this id names.
    pub fn kind(&self) -> AccountKind {
        if self.0.starts_with(AccountKind::Partner.prefix()) {
            AccountKind::Partner
        } else if self.0.starts_with(AccountKind::Main.prefix()) {
            AccountKind::Main
        } else {
            AccountKind::SubAccount
        }
    }

    /// The id as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AuthId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for AuthId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AuthId({})", self.0)
    }
}

/// An auth id with its token. The token is never printed: `Debug` shows `<redacted>`.
#[derive(Clone)]
pub struct Credentials {
    auth_id: AuthId,
    auth_token: SecretString,
}

impl Credentials {
    /// Checks the pair: a valid auth id and a non-empty token that can travel in an HTTP
    /// header (visible ASCII, no whitespace).
    pub fn new(auth_id: &str, auth_token: &str) -> Result<Self> {
        let auth_id = AuthId::parse_field(auth_id, "auth_id")?;
        Self::with_id(auth_id, auth_token)
    }

    fn with_id(auth_id: AuthId, auth_token: &str) -> Result<Self> {
        if auth_token.is_empty() {
            return Err(Error::validation("auth_token", "must not be empty"));
        }
        if !auth_token.bytes().all(|b| b.is_ascii_graphic()) {
            // Never echo the token: it is the secret being validated.
            return Err(Error::validation(
                "auth_token",
                "must be printable ASCII without spaces (check for a stray newline or quote)",
            ));
        }
        Ok(Credentials {
            auth_id,
            auth_token: SecretString::from(auth_token.to_owned()),
        })
    }

    fn from_env_for(allowed: &[AccountKind]) -> Result<Self> {
        let id = read_env(ENV_AUTH_ID)?;
        let token = read_env(ENV_AUTH_TOKEN)?;
        let auth_id = AuthId::parse_kind(&id, ENV_AUTH_ID, allowed)?;
        Self::with_id(auth_id, &token).map_err(|e| match e {
            Error::Validation { reason, .. } => Error::validation(ENV_AUTH_TOKEN, reason),
            other => other,
        })
    }

    /// The auth id (sent as `X-Auth-ID`).
    pub fn auth_id(&self) -> &AuthId {
        &self.auth_id
    }

    /// The token (sent as `X-Auth-Token`). Named so every use stands out in review.
    pub fn expose_token(&self) -> &str {
        self.auth_token.expose_secret()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("auth_id", &self.auth_id.as_str())
            .field("auth_token", &"<redacted>")
            .finish()
    }
}

fn read_env(name: &str) -> Result<String> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => Ok(v.trim().to_owned()),
        Ok(_) => Err(Error::validation(name, "is set but empty")),
        Err(std::env::VarError::NotPresent) => Err(Error::validation(name, "is not set")),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Error::validation(name, "is not valid UTF-8"))
        }
    }
}

/// Anything that can authenticate a request: each scope type hands the engine its pair.
pub trait Scope {
    /// The credential pair this scope sends.
    fn credentials(&self) -> &Credentials;
}

impl Scope for Credentials {
    fn credentials(&self) -> &Credentials {
        self
    }
}

/// Partner credentials (`PA_…`): the key for every `/api/v1/partner/*` route.
#[derive(Clone, Debug)]
pub struct PartnerCredentials(Credentials);

impl PartnerCredentials {
    /// Refuses any id that is not `PA_…`.
    pub fn new(auth_id: &str, auth_token: &str) -> Result<Self> {
        let id = AuthId::parse_kind(auth_id, "auth_id", &[AccountKind::Partner])?;
        Credentials::with_id(id, auth_token).map(PartnerCredentials)
    }

    /// Reads `VOBIZ_AUTH_ID` / `VOBIZ_AUTH_TOKEN`; the id must be `PA_…`.
    pub fn from_env() -> Result<Self> {
        Credentials::from_env_for(&[AccountKind::Partner]).map(PartnerCredentials)
    }

    /// The partner's auth id.
    pub fn auth_id(&self) -> &AuthId {
        self.0.auth_id()
    }
}

impl Scope for PartnerCredentials {
    fn credentials(&self) -> &Credentials {
        &self.0
    }
}

/// An account's own credentials (`MA_…` or `SA_…`): the key for that account's runtime
/// routes (numbers, trunks, calls, CDRs, recordings) under `/Account/{its own id}/`.
#[derive(Clone, Debug)]
pub struct AccountCredentials(Credentials);

impl AccountCredentials {
    /// Refuses any id that is not `MA_…` or `SA_…`.
    pub fn new(auth_id: &str, auth_token: &str) -> Result<Self> {
        let id = AuthId::parse_kind(
            auth_id,
            "auth_id",
            &[AccountKind::Main, AccountKind::SubAccount],
        )?;
        Credentials::with_id(id, auth_token).map(AccountCredentials)
    }

    /// Reads `VOBIZ_AUTH_ID` / `VOBIZ_AUTH_TOKEN`; the id must be `MA_…` or `SA_…`.
    pub fn from_env() -> Result<Self> {
        Credentials::from_env_for(&[AccountKind::Main, AccountKind::SubAccount])
            .map(AccountCredentials)
    }

    /// The account's auth id.
    pub fn auth_id(&self) -> &AuthId {
        self.0.auth_id()
    }

    /// Whether these are a main account's (`MA_…`) credentials, the only ones that may
    /// administer sub-accounts.
    pub fn is_main_account(&self) -> bool {
        self.0.auth_id().kind() == AccountKind::Main
    }
}

impl Scope for AccountCredentials {
    fn credentials(&self) -> &Credentials {
        &self.0
    }
}

/// A parent main account acting on one of its sub-accounts: sub-account admin and all
/// sub-account KYC authenticate with the parent's pair while the path names the `SA_`.
#[derive(Clone, Debug)]
pub struct SubAccountScope {
    parent: AccountCredentials,
    sub_account: AuthId,
}

impl SubAccountScope {
    /// Refuses a parent that is itself a sub-account, and a target that is not `SA_…`.
    pub fn new(parent: AccountCredentials, sub_account_id: &str) -> Result<Self> {
        if !parent.is_main_account() {
            return Err(Error::validation(
                "parent.auth_id",
                format!(
                    "{} is a sub-account; only its parent main account (MA_…) may administer sub-accounts",
                    parent.auth_id()
                ),
            ));
        }
        let sub_account =
            AuthId::parse_kind(sub_account_id, "sub_account_id", &[AccountKind::SubAccount])?;
        Ok(SubAccountScope {
            parent,
            sub_account,
        })
    }

    /// The parent main account's id (the `{auth_id}` of sub-account routes).
    pub fn parent_id(&self) -> &AuthId {
        self.parent.auth_id()
    }

    /// The sub-account acted on (the `{sub_auth_id}` of its routes).
    pub fn sub_account_id(&self) -> &AuthId {
        &self.sub_account
    }
}

impl Scope for SubAccountScope {
    fn credentials(&self) -> &Credentials {
        self.parent.credentials()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CANARY: &str = "tok_CANARY_5f1e2d";

    #[test]
    fn scopes_refuse_ids_of_the_wrong_kind() {
        let err = PartnerCredentials::new("MA_ABC12345", CANARY).unwrap_err();
        assert_eq!(err.validation_field(), Some("auth_id"));
        assert!(err.to_string().contains("PA_"), "{err}");

        assert!(AccountCredentials::new("PA_ABC12345", CANARY).is_err());
        assert!(AccountCredentials::new("SA_ABC12345", CANARY).is_ok());

        let sub = AccountCredentials::new("SA_ABC12345", CANARY).unwrap();
        let err = SubAccountScope::new(sub, "SA_OTHER123").unwrap_err();
        assert_eq!(err.validation_field(), Some("parent.auth_id"));

        let main = AccountCredentials::new("MA_ABC12345", CANARY).unwrap();
        let err = SubAccountScope::new(main.clone(), "MA_NOTSUB12").unwrap_err();
        assert_eq!(err.validation_field(), Some("sub_account_id"));
        let scope = SubAccountScope::new(main, "SA_XYZ98765").unwrap();
        assert_eq!(scope.parent_id().as_str(), "MA_ABC12345");
        assert_eq!(scope.sub_account_id().as_str(), "SA_XYZ98765");
    }

    #[test]
    fn malformed_ids_and_tokens_are_refused() {
        for bad in [
            "", "PA_", "pa_ABC", "XX_ABC", "PA_AB/C", "PA_AB C", "MA_ÄBC",
        ] {
            assert!(Credentials::new(bad, CANARY).is_err(), "{bad:?} accepted");
        }
        assert!(Credentials::new("PA_ABC", "").is_err());
        let err = Credentials::new("PA_ABC", "tok with space").unwrap_err();
        assert!(!err.to_string().contains("tok with space"));
        assert!(Credentials::new("PA_ABC", "line\n").is_err());
    }

    #[test]
    fn a_token_in_the_id_slot_is_described_never_echoed() {
        let tokens = [
            CANARY,
            "abcdefghijklmnopqrstuvwxyz0123456789ABCD",
            "PA_looks_like_an_id_but_has_underscores",
            "MA_tok€n_with_multibyte",
            "€uro_token",
        ];
        for token in tokens {
            let errors = [
                // The pair swapped: the token where the id goes.
                PartnerCredentials::new(token, "PA_ABC12345").unwrap_err(),
                AccountCredentials::new(token, "MA_ABC12345").unwrap_err(),
                Credentials::new(token, "SA_ABC12345").unwrap_err(),
                AuthId::parse_kind(token, "customer_auth_id", &[AccountKind::Main]).unwrap_err(),
            ];
            for err in errors {
                for text in [
                    err.to_string(),
                    format!("{err:?}"),
                    err.validation_field().unwrap_or_default().to_owned(),
                ] {
                    assert!(!text.contains(token), "token leaked: {text}");
                }
                assert!(
                    err.to_string().contains("characters starting with"),
                    "{err}"
                );
            }
        }
        let err = PartnerCredentials::new(CANARY, "PA_ABC12345").unwrap_err();
        assert!(
            err.to_string()
                .contains("17 characters starting with a lowercase letter"),
            "{err}"
        );
    }

    #[test]
    fn multi_byte_ids_never_panic() {
        for bad in [
            "PA€",
            "P€",
            "€A_ABC",
            "MA_€",
            "SA_ab€",
            "١٢٣٤٥٦٧٨٩",
            "\u{202E}PA_X",
        ] {
            let err = AuthId::parse_field(bad, "auth_id").unwrap_err();
            assert_eq!(err.validation_field(), Some("auth_id"), "{bad:?}");
        }
    }

    #[test]
    fn the_token_never_appears_in_debug_output() {
        let partner = PartnerCredentials::new("PA_ABC12345", CANARY).unwrap();
        let account = AccountCredentials::new("MA_ABC12345", CANARY).unwrap();
        let scope = SubAccountScope::new(account.clone(), "SA_XYZ98765").unwrap();
        for text in [
            format!("{partner:?}"),
            format!("{account:?}"),
            format!("{scope:?}"),
            format!("{:#?}", partner.credentials()),
        ] {
            assert!(!text.contains(CANARY), "token leaked: {text}");
            assert!(text.contains("<redacted>"));
        }
        assert_eq!(partner.credentials().expose_token(), CANARY);
    }
}
