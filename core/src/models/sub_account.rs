//! Sub-accounts of a main account: the object, the create answer with its one-time
//! credentials, and the create / update / list requests.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Extra;
use super::lenient;
use crate::credentials::AccountCredentials;
use crate::error::{Error, Result};
use crate::path::E164;
use crate::secret::Secret;
use crate::timestamp::Timestamp;
use crate::validate;
use crate::view::IntoView;

/// A string enum of the API: the documented values as variants, anything else kept in
/// `Other` (the API adds output values without notice). Requests refuse `Other` before
/// sending.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this SDK does not know yet, kept as sent.
            Other(String),
        }

        impl $name {
            /// Every documented value.
            pub const KNOWN: &'static [&'static str] = &[$($wire),+];

            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(s) => s,
                }
            }

            /// Reads a wire value; unknown values become `Other`.
            pub fn parse(value: &str) -> Self {
                match value {
                    $( $wire => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }

            /// The value, refused (naming `field`) when it is not a documented one.
            #[allow(dead_code)]
            pub(crate) fn checked(&self, field: &str) -> $crate::error::Result<&str> {
                match self {
                    $name::Other(s) => Err($crate::error::Error::validation(
                        field,
                        format!("{s:?} is not one of {}", Self::KNOWN.join(", ")),
                    )),
                    known => Ok(known.as_str()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                String::deserialize(d).map(|s| Self::parse(&s))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        /// The wire value, as `Serialize` writes it.
        impl $crate::view::IntoView for $name {
            fn to_view(&self) -> $crate::view::View {
                $crate::view::View::Text(self.as_str().to_owned())
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn schema_id() -> std::borrow::Cow<'static, str> {
                concat!(module_path!(), "::", stringify!($name)).into()
            }

            /// Serialised (a response model): `anyOf` the documented values (each a `const`
            /// with its description) and any other string, since the type keeps values it
            /// does not know (`Other`). Deserialised (a request input): `oneOf` the
            /// documented values only, since a request refuses `Other` before sending.
            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                // The documented values alone, so that the derive turns the doc comments into
                // descriptions.
                #[derive(schemars::JsonSchema)]
                #[allow(dead_code)]
                $(#[$meta])*
                enum Known {
                    $( $(#[$vmeta])* #[schemars(rename = $wire)] $variant, )+
                }
                let mut known = <Known as schemars::JsonSchema>::json_schema(generator);
                if generator.contract().is_deserialize() {
                    return known;
                }
                let mut choices = match known.remove("oneOf") {
                    Some(serde_json::Value::Array(items)) => items,
                    _ => Self::KNOWN
                        .iter()
                        .map(|v| serde_json::json!({ "type": "string", "const": v }))
                        .collect(),
                };
                choices.push(serde_json::json!({
                    "type": "string",
                    "description": "A value this SDK does not know yet, kept as sent.",
                }));
                let mut schema = schemars::json_schema!({ "anyOf": choices });
                if let Some(description) = known.remove("description") {
                    schema.insert("description".into(), description);
                }
                schema
            }
        }
    };
}
pub(crate) use string_enum;

string_enum! {
    /// Who a sub-account is for. `customer_use` needs an email and keeps the sub-account
    /// call-blocked (`kyc_calls_blocked`) until its KYC passes.
    KycMode {
        /// The parent's own use (the default); no KYC needed.
        PersonalUse = "personal_use",
        /// A customer of the parent, KYC'd in its own name.
        CustomerUse = "customer_use",
    }
}

string_enum! {
    /// The legal form of a sub-account's holder; it decides which KYC documents are needed
    /// (PAN + Aadhaar for individuals, proprietorships and HUFs; PAN + GST and/or CIN for
    /// companies, LLPs and partnerships; PAN + CIN/GST as applicable for the rest).
    BusinessType {
        /// An individual.
        Individual = "individual",
        /// A sole proprietorship.
        Proprietorship = "proprietorship",
        /// A private limited company.
        PrivateLimited = "private_limited",
        /// A limited liability partnership.
        Llp = "llp",
        /// A partnership firm.
        Partnership = "partnership",
        /// A public limited company.
        PublicLimited = "public_limited",
        /// A trust.
        Trust = "trust",
        /// A society.
        Society = "society",
        /// A Hindu undivided family.
        Huf = "huf",
        /// A government body.
        Government = "government",
    }
}

/// What a sub-account may reach: calls and CDRs. Omitted on create, it inherits the
/// parent's default access.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
pub struct SubAccountPermissions {
    /// May place and receive calls.
    #[serde(
        default,
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub calls: Option<bool>,
    /// May read its CDRs.
    #[serde(
        default,
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub cdr: Option<bool>,
    /// Fields this SDK does not model (sent back as they are).
    #[serde(flatten)]
    pub extra: Extra,
}

impl SubAccountPermissions {
    /// Both permissions set.
    pub fn new(calls: bool, cdr: bool) -> Self {
        SubAccountPermissions {
            calls: Some(calls),
            cdr: Some(cdr),
            extra: Extra::new(),
        }
    }
}

/// A sub-account as the API describes it. Only `auth_id` is guaranteed; the
/// KYC fields (`kyc_mode`, `business_type`, `kyc_calls_blocked`) are present on some
/// routes and absent on others. `auth_token` is the real token only in the create answer
/// and the API's `<redacted>` placeholder afterwards ([`Secret::is_redacted_by_api`]).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SubAccountObject {
    /// The sub-account's auth id, `SA_…`.
    pub auth_id: String,
    /// The numeric id (`"500001"`; one docs example shows the `SA_…` id here instead).
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// Email (required for `customer_use`).
    pub email: Option<String>,
    /// Phone, E.164.
    pub phone: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// Calls / CDR access.
    pub permissions: Option<SubAccountPermissions>,
    /// API rate limit (the API's default is 1000; its window is undocumented).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub rate_limit: Option<u64>,
    /// `personal_use` or `customer_use`.
    pub kyc_mode: Option<KycMode>,
    /// The holder's legal form.
    pub business_type: Option<BusinessType>,
    /// Whether calls are refused until the KYC documents verify.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub kyc_calls_blocked: Option<bool>,
    /// The parent's numeric id.
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub parent_account_id: Option<String>,
    /// The parent's auth id, `MA_…`.
    pub parent_auth_id: Option<String>,
    /// The token: in clear only in the create answer, `<redacted>` elsewhere.
    pub auth_token: Option<Secret>,
    /// API-side UUID.
    pub api_id: Option<String>,
    /// Whether the email is verified.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub email_verified: Option<bool>,
    /// Whether the sub-account is enabled.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub enabled: Option<bool>,
    /// Whether the sub-account is active.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_active: Option<bool>,
    /// Creation time (a bare date on list and retrieve).
    pub created: Option<Timestamp>,
    /// Last change (a bare date on list and retrieve).
    pub modified: Option<Timestamp>,
    /// Creation time.
    pub created_at: Option<Timestamp>,
    /// Last change.
    pub updated_at: Option<Timestamp>,
    /// Last API use.
    pub last_used: Option<Timestamp>,
    /// The parent's resource link (`/v1/Account/MA_…/`).
    pub account: Option<String>,
    /// This sub-account's resource link.
    pub resource_uri: Option<String>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A sub-account's API key, shown once in the create answer.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct AuthCredentials {
    /// The sub-account's auth id, `SA_…`.
    pub auth_id: String,
    /// Its token. Store it now: the API never shows it again.
    pub auth_token: Secret,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Console sign-in tokens (JWTs) returned by sub-account create; not needed for the REST API.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ConsoleTokens {
    /// Access JWT.
    pub access_token: Option<Secret>,
    /// Refresh JWT.
    pub refresh_token: Option<Secret>,
    /// `bearer`.
    pub token_type: Option<String>,
    /// Lifetime of the access token, in seconds (1800).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub expires_in: Option<u64>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer to `POST /accounts/{auth_id}/sub-accounts/`: the new sub-account and its
/// one-time credentials.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SubAccountCreated {
    /// "Sub-account created successfully".
    pub message: Option<String>,
    /// The new sub-account (its `auth_token` in clear, this once).
    pub sub_account: SubAccountObject,
    /// The sub-account's API key: hand it to the customer for its runtime calls.
    pub auth_credentials: Option<AuthCredentials>,
    /// Console JWTs (optional, console sign-in only).
    pub tokens: Option<ConsoleTokens>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl SubAccountCreated {
    /// The sub-account's own credentials, ready for an [`Account`](crate::Account) client
    /// (its calls, CDRs and recordings): from `auth_credentials`, else from the object's
    /// clear `auth_token`. `None` if the answer carried neither in clear.
    pub fn account_credentials(&self) -> Option<AccountCredentials> {
        let (id, token) = match &self.auth_credentials {
            Some(c) => (c.auth_id.as_str(), &c.auth_token),
            None => (
                self.sub_account.auth_id.as_str(),
                self.sub_account.auth_token.as_ref()?,
            ),
        };
        if token.is_redacted_by_api() {
            return None;
        }
        AccountCredentials::new(id, token.expose()).ok()
    }
}

/// `POST /accounts/{auth_id}/sub-accounts/`: a new sub-account. Only `name` is required;
/// `email` is required with `kyc_mode: customer_use`. Checked before sending.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSubAccount {
    /// Display name (required).
    pub name: String,
    /// Email; required when `kyc_mode` is `customer_use` (KYC links go there).
    pub email: Option<String>,
    /// Console password (≥ 8 characters with a digit and a special character). API
    /// credentials are generated regardless.
    #[schemars(extend("writeOnly" = true, "format" = "password"))]
    pub password: Option<Secret>,
    /// `personal_use` (the API's default) or `customer_use`.
    pub kyc_mode: Option<KycMode>,
    /// The holder's legal form (decides the KYC documents).
    pub business_type: Option<BusinessType>,
    /// Enabled on creation (the API's default: true).
    pub enabled: Option<bool>,
    /// API rate limit, at least 1 (the API's default: 1000).
    pub rate_limit: Option<u64>,
    /// Calls / CDR access; omitted = the parent's default access.
    pub permissions: Option<SubAccountPermissions>,
    /// Phone, E.164 (`+91…`; `91…` and `%2B91…` are normalised).
    pub phone: Option<String>,
    /// Free text, at most 1000 characters.
    pub description: Option<String>,
}

impl CreateSubAccount {
    /// A request with only the name set; set the others on the result.
    ///
    /// ```
    /// use vobiz_partner::models::{BusinessType, CreateSubAccount, KycMode};
    /// let request = CreateSubAccount {
    ///     email: Some("ops@acme.in".into()),
    ///     kyc_mode: Some(KycMode::CustomerUse),
    ///     business_type: Some(BusinessType::PrivateLimited),
    ///     ..CreateSubAccount::new("Acme Pvt Ltd")
    /// };
    /// # let _ = request;
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        CreateSubAccount {
            name: name.into(),
            ..Default::default()
        }
    }

    /// Validates and writes the JSON body.
    pub(crate) fn body(&self) -> Result<Map<String, Value>> {
        let mut body = Map::new();
        body.insert("name".into(), validate::name("name", &self.name)?.into());
        let email = self
            .email
            .as_deref()
            .map(|e| validate::email("email", e))
            .transpose()?;
        if let Some(mode) = &self.kyc_mode {
            let mode_str = mode.checked("kyc_mode")?;
            if *mode == KycMode::CustomerUse && email.is_none() {
                return Err(Error::validation(
                    "email",
                    "is required when kyc_mode is customer_use (KYC links and reminders go there)",
                ));
            }
            body.insert("kyc_mode".into(), mode_str.into());
        }
        if let Some(email) = email {
            body.insert("email".into(), email.into());
        }
        if let Some(password) = &self.password {
            validate::password("password", password.expose())?;
            body.insert("password".into(), password.expose().into());
        }
        common_fields(
            &mut body,
            self.business_type.as_ref(),
            self.enabled,
            self.rate_limit,
            self.permissions.as_ref(),
            self.phone.as_deref(),
            self.description.as_deref(),
        )?;
        Ok(body)
    }
}

/// The optional fields create and update share.
fn common_fields(
    body: &mut Map<String, Value>,
    business_type: Option<&BusinessType>,
    enabled: Option<bool>,
    rate_limit: Option<u64>,
    permissions: Option<&SubAccountPermissions>,
    phone: Option<&str>,
    description: Option<&str>,
) -> Result<()> {
    if let Some(t) = business_type {
        body.insert("business_type".into(), t.checked("business_type")?.into());
    }
    if let Some(enabled) = enabled {
        body.insert("enabled".into(), enabled.into());
    }
    if let Some(limit) = rate_limit {
        if limit == 0 {
            return Err(Error::validation("rate_limit", "must be at least 1"));
        }
        body.insert("rate_limit".into(), limit.into());
    }
    if let Some(p) = permissions {
        let value =
            serde_json::to_value(p).map_err(|e| Error::validation("permissions", e.to_string()))?;
        body.insert("permissions".into(), value);
    }
    if let Some(phone) = phone {
        let phone = E164::parse_field(phone, "phone")?;
        body.insert("phone".into(), phone.as_str().into());
    }
    if let Some(d) = description {
        if d.chars().count() > 1000 {
            return Err(Error::validation(
                "description",
                "must be at most 1000 characters",
            ));
        }
        body.insert("description".into(), d.into());
    }
    Ok(())
}

/// `PUT /accounts/{auth_id}/sub-accounts/{sub_auth_id}`: a partial update; fields left
/// unset stay unchanged, and an update that sets none is refused. Promoting to `customer_use` needs an email on the sub-account
/// (already there or set in the same request), or the API answers 400; any `kyc_mode`
/// change re-derives `kyc_calls_blocked`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateSubAccount {
    /// New display name.
    pub name: Option<String>,
    /// New email.
    pub email: Option<String>,
    /// New phone, E.164 (`+91…`; `91…` and `%2B91…` are normalised).
    pub phone: Option<String>,
    /// New description, at most 1000 characters.
    pub description: Option<String>,
    /// New rate limit (at least 1).
    pub rate_limit: Option<u64>,
    /// New permissions.
    pub permissions: Option<SubAccountPermissions>,
    /// Enable or disable (a disabled sub-account keeps its numbers).
    pub enabled: Option<bool>,
    /// Promote to `customer_use` or demote to `personal_use`.
    pub kyc_mode: Option<KycMode>,
    /// New legal form.
    pub business_type: Option<BusinessType>,
}

impl UpdateSubAccount {
    /// Validates and writes the JSON body; an update that changes nothing is refused.
    pub(crate) fn body(&self) -> Result<Map<String, Value>> {
        let mut body = Map::new();
        if let Some(name) = &self.name {
            body.insert("name".into(), validate::name("name", name)?.into());
        }
        if let Some(email) = &self.email {
            body.insert("email".into(), validate::email("email", email)?.into());
        }
        if let Some(mode) = &self.kyc_mode {
            body.insert("kyc_mode".into(), mode.checked("kyc_mode")?.into());
        }
        common_fields(
            &mut body,
            self.business_type.as_ref(),
            self.enabled,
            self.rate_limit,
            self.permissions.as_ref(),
            self.phone.as_deref(),
            self.description.as_deref(),
        )?;
        if body.is_empty() {
            return Err(Error::validation(
                "body",
                "the update sets no field; set at least one",
            ));
        }
        Ok(body)
    }
}

/// Filters of `GET /accounts/{auth_id}/sub-accounts/`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubAccountFilters {
    /// `true`: only enabled sub-accounts.
    pub active_only: Option<bool>,
}
