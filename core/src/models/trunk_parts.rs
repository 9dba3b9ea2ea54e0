//! Trunk sub-resources: SIP credentials, IP access-control
//! entries and origination URIs.
//!
//! They belong to the **account**, not to one trunk: they are created at
//! `/Account/{auth_id}/{credentials|ip-acl|origination-uris}`, listed at
//! `/Account/{auth_id}/trunks/{…}`, and a trunk uses one by naming its uuid in
//! [`TrunkRequest`](super::TrunkRequest)'s `credential_uuid`, `ipacl_uuid`,
//! `primary_uri_uuid` or `fallback_uri_uuid`. Deleting a trunk deletes the sub-resources it
//! names (the documented cascade), so re-create them before re-using them on another trunk.
//!
//! Passwords are [`Secret`]s both ways: a request's password never shows in `Debug`, and
//! the API answers `"<redacted>"` for it (see [`Secret::is_redacted_by_api`]).

use std::net::{IpAddr, Ipv4Addr};

use serde::{Deserialize, Serialize, Serializer};

use super::Extra;
use super::lenient;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::timestamp::Timestamp;
use crate::validate;
use crate::view::IntoView;

/// A SIP digest credential (`username` / `password`) a trunk can authenticate with.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct TrunkCredential {
    /// The credential's uuid (the `{uuid}` of its routes; a trunk's `credential_uuid`).
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub uuid: Option<String>,
    /// An `id`, should the API send one instead of (or besides) `uuid`.
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    /// The owning account.
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub account_id: Option<String>,
    /// The SIP username.
    pub username: Option<String>,
    /// Always `"<redacted>"` from the API ([`Secret::is_redacted_by_api`]); never printed.
    pub password: Option<Secret>,
    /// When it was created.
    pub created_at: Option<Timestamp>,
    /// When it last changed.
    pub updated_at: Option<Timestamp>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One IP access-control entry: an IPv4 address or CIDR block allowed to use a trunk.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct IpAclEntry {
    /// The entry's uuid (the `{uuid}` of its routes; a trunk's `ipacl_uuid`).
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub uuid: Option<String>,
    /// An `id`, should the API send one instead of (or besides) `uuid`.
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    /// The owning account.
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub account_id: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// `a.b.c.d` or `a.b.c.d/n`.
    pub ip_address: Option<String>,
    /// When it was created.
    pub created_at: Option<Timestamp>,
    /// When it last changed.
    pub updated_at: Option<Timestamp>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An origination URI: where a trunk sends inbound calls. Sent as `sip_uri`, read back as
/// `uri`.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct OriginationUri {
    /// The URI's uuid (the `{uuid}` of its routes; a trunk's `primary_uri_uuid` or
    /// `fallback_uri_uuid`).
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub uuid: Option<String>,
    /// An `id`, should the API send one instead of (or besides) `uuid`.
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    /// The owning account.
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub account_id: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// The SIP URI (`sip:…` / `sips:…`), the request's `sip_uri`. Use
    /// [`OriginationUri::sip_uri`] to read it whichever key the API used.
    pub uri: Option<String>,
    /// Lower is tried first.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub priority: Option<u64>,
    /// Share of calls among URIs of equal priority.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub weight: Option<u64>,
    /// When it was created.
    pub created_at: Option<Timestamp>,
    /// When it last changed.
    pub updated_at: Option<Timestamp>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

macro_rules! key_accessor {
    ($($ty:ty),*) => {$(
        impl $ty {
            /// The id of its routes: `uuid`, else `id`.
            pub fn key(&self) -> Option<&str> {
                self.uuid.as_deref().or(self.id.as_deref())
            }
        }
    )*};
}
key_accessor!(TrunkCredential, IpAclEntry, OriginationUri);

impl OriginationUri {
    /// The SIP URI: `uri`, else a `sip_uri` the API may send instead.
    pub fn sip_uri(&self) -> Option<&str> {
        self.uri
            .as_deref()
            .or_else(|| self.extra.get("sip_uri").and_then(|v| v.as_str()))
    }
}

fn expose_opt<S: Serializer>(
    secret: &Option<Secret>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match secret {
        Some(secret) => s.serialize_some(secret.expose()),
        None => s.serialize_none(),
    }
}

/// The body of a credential create (both fields required) or update (a patch: only the
/// fields set are sent). Checked before sending: `username` not blank, no whitespace or
/// control characters, at most 255 characters; `password` not empty, no control
/// characters. The password is a [`Secret`]: `Debug` never shows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrunkCredentialRequest {
    /// The SIP username: at most 255 characters, no whitespace (required on create).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The SIP password, not empty (required on create; sent as written, shown nowhere).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "expose_opt")]
    #[schemars(extend("writeOnly" = true, "format" = "password"))]
    pub password: Option<Secret>,
}

impl TrunkCredentialRequest {
    /// A complete create request.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        TrunkCredentialRequest {
            username: Some(username.into()),
            password: Some(Secret::new(password)),
        }
    }

    /// Checks every set field (and, for a create, that both are set); returns the request
    /// with `username` trimmed.
    pub(crate) fn validated(&self, creating: bool) -> Result<TrunkCredentialRequest> {
        let mut out = self.clone();
        match &self.username {
            Some(username) => {
                let username = validate::name("username", username)?;
                if username.contains(char::is_whitespace) {
                    return Err(Error::validation("username", "must not contain whitespace"));
                }
                out.username = Some(username);
            }
            None if creating => {
                return Err(Error::validation("username", "is required"));
            }
            None => {}
        }
        match &self.password {
            Some(p) if p.expose().is_empty() => {
                return Err(Error::validation("password", "must not be empty"));
            }
            Some(p) if p.expose().chars().any(char::is_control) => {
                return Err(Error::validation(
                    "password",
                    "must not contain control characters",
                ));
            }
            None if creating => return Err(Error::validation("password", "is required")),
            _ => {}
        }
        Ok(out)
    }
}

/// The body of an IP-ACL create (both fields required) or update (a patch). Checked before
/// sending: `name` 1–255 characters; `ip_address` an IPv4 address or CIDR block
/// (`a.b.c.d[/n]`, n ≤ 32), not IPv6, not in the RFC 5737 documentation ranges
/// 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 (the API refuses them).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IpAclRequest {
    /// Display name, 1–255 characters (required on create).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// An IPv4 address or CIDR block, `a.b.c.d` or `a.b.c.d/n` (required on create).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
}

impl IpAclRequest {
    /// A complete create request.
    pub fn new(name: impl Into<String>, ip_address: impl Into<String>) -> Self {
        IpAclRequest {
            name: Some(name.into()),
            ip_address: Some(ip_address.into()),
        }
    }

    pub(crate) fn validated(&self, creating: bool) -> Result<IpAclRequest> {
        let mut out = self.clone();
        match &self.name {
            Some(name) => out.name = Some(validate::name("name", name)?),
            None if creating => return Err(Error::validation("name", "is required")),
            None => {}
        }
        match &self.ip_address {
            Some(ip) => out.ip_address = Some(ipv4_or_cidr("ip_address", ip)?),
            None if creating => return Err(Error::validation("ip_address", "is required")),
            None => {}
        }
        Ok(out)
    }
}

/// The RFC 5737 documentation networks.
const DOCUMENTATION_NETS: [(Ipv4Addr, u8); 3] = [
    (Ipv4Addr::new(192, 0, 2, 0), 24),
    (Ipv4Addr::new(198, 51, 100, 0), 24),
    (Ipv4Addr::new(203, 0, 113, 0), 24),
];

/// An IPv4 address or CIDR block (parsed with `std::net`), outside the RFC 5737 ranges;
/// returned trimmed.
pub(crate) fn ipv4_or_cidr(field: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    let (addr, prefix) = match trimmed.split_once('/') {
        Some((addr, prefix)) => (addr, Some(prefix)),
        None => (trimmed, None),
    };
    let ip = match addr.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ip,
        Ok(IpAddr::V6(_)) => {
            return Err(Error::validation(field, "IPv6 is not supported: use IPv4"));
        }
        Err(_) => {
            return Err(Error::validation(
                field,
                format!("{value:?} is not an IPv4 address or CIDR block (a.b.c.d or a.b.c.d/n)"),
            ));
        }
    };
    let len: u8 = match prefix {
        None => 32,
        Some(p) => match p.parse::<u8>() {
            Ok(n) if n <= 32 && p.bytes().all(|b| b.is_ascii_digit()) => n,
            _ => {
                return Err(Error::validation(
                    field,
                    format!("{value:?} has an invalid prefix length (0 to 32)"),
                ));
            }
        },
    };
    let overlaps = DOCUMENTATION_NETS.iter().any(|(net, net_len)| {
        let common = len.min(*net_len);
        let mask = u32::MAX.checked_shl(32 - u32::from(common)).unwrap_or(0);
        (u32::from(ip) & mask) == (u32::from(*net) & mask)
    });
    if overlaps {
        return Err(Error::validation(
            field,
            format!(
                "{value:?} is in a documentation range (RFC 5737: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24), which the API refuses"
            ),
        ));
    }
    Ok(trimmed.to_owned())
}

/// The body of an origination-URI create (`name` and `sip_uri` required) or update (a
/// patch). Checked before sending: `name` 1–255 characters; `sip_uri` starts with `sip:` or
/// `sips:` and has no whitespace. `priority` and `weight` have no documented bounds beyond
/// their type (the sandbox refuses `weight` 0 with a 400).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OriginationUriRequest {
    /// Display name, 1–255 characters (required on create).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The `sip:` or `sips:` URI (`sip:pbx.example.com:5060`; required on create); the
    /// answer calls it `uri`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sip_uri: Option<String>,
    /// Lower is tried first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<u16>,
    /// Share of calls among URIs of equal priority.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<u16>,
}

impl OriginationUriRequest {
    /// A create request with the two required fields.
    pub fn new(name: impl Into<String>, sip_uri: impl Into<String>) -> Self {
        OriginationUriRequest {
            name: Some(name.into()),
            sip_uri: Some(sip_uri.into()),
            ..Default::default()
        }
    }

    pub(crate) fn validated(&self, creating: bool) -> Result<OriginationUriRequest> {
        let mut out = self.clone();
        match &self.name {
            Some(name) => out.name = Some(validate::name("name", name)?),
            None if creating => return Err(Error::validation("name", "is required")),
            None => {}
        }
        match &self.sip_uri {
            Some(uri) => {
                let uri = uri.trim();
                let lower = uri.to_ascii_lowercase();
                let rest = lower
                    .strip_prefix("sips:")
                    .or_else(|| lower.strip_prefix("sip:"));
                let ok = rest.is_some_and(|r| {
                    !r.is_empty() && !r.chars().any(|c| c.is_whitespace() || c.is_control())
                });
                if !ok {
                    return Err(Error::validation(
                        "sip_uri",
                        format!("{uri:?} is not a sip: or sips: URI"),
                    ));
                }
                out.sip_uri = Some(uri.to_owned());
            }
            None if creating => return Err(Error::validation("sip_uri", "is required")),
            None => {}
        }
        Ok(out)
    }
}
