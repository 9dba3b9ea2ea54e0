//! Who is calling: the `X-Auth-ID` / `X-Auth-Token` pair checked against the world, and the
//! scope checks each route family applies: partner routes take partner credentials, account
//! routes the account's own, sub-account administration and KYC the parent's.

use axum::http::{HeaderMap, HeaderValue};
use base64::Engine;
use serde_json::{Value, json};

use crate::reply::{ApiError, api_id_error, bare, coded, unauthorized};
use crate::world::{Account, Partner, World};

/// An authenticated caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Principal {
    /// A partner, `PA_…`.
    Partner(String),
    /// A main account or sub-account, `MA_…` / `SA_…`.
    Account(String),
}

/// Compares secrets in time independent of where they differ.
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Checks the header pair against every partner and account.
pub fn authenticate(world: &World, headers: &HeaderMap) -> Result<Principal, ApiError> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let (Some(id), Some(token)) = (header("x-auth-id"), header("x-auth-token")) else {
        return Err(unauthorized(
            "X-Auth-ID and X-Auth-Token headers are required",
        ));
    };
    if let Some(partner) = world.partners.get(id) {
        if same_secret(&partner.auth_token, token) && partner.is_active {
            return Ok(Principal::Partner(id.to_owned()));
        }
    } else if let Some(account) = world.accounts.get(id)
        && same_secret(&account.auth_token, token)
    {
        if !account.enabled {
            return Err(coded(403, "forbidden", "account is disabled"));
        }
        return Ok(Principal::Account(id.to_owned()));
    }
    Err(unauthorized("invalid auth id or auth token"))
}

/// Partner routes: partner credentials only; account credentials get 403.
pub fn require_partner(principal: &Principal) -> Result<&str, ApiError> {
    match principal {
        Principal::Partner(id) => Ok(id),
        Principal::Account(_) => Err(coded(
            403,
            "forbidden",
            "partner routes need partner credentials (PA_…)",
        )),
    }
}

/// `/Account/{auth_id}/…` runtime routes: the account's own credentials.
pub fn require_self<'a>(principal: &'a Principal, path_id: &str) -> Result<&'a str, ApiError> {
    match principal {
        Principal::Account(id) if id == path_id => Ok(id),
        Principal::Account(_) => Err(coded(
            403,
            "forbidden",
            "credentials do not belong to this account",
        )),
        Principal::Partner(_) => Err(coded(
            403,
            "forbidden",
            "partner credentials cannot be used on account routes; use the customer's own credentials",
        )),
    }
}

/// Parent-only routes (sub-account admin and KYC, assign/unassign): a main account acting
/// on its own `{auth_id}`.
pub fn require_parent<'a>(
    world: &World,
    principal: &'a Principal,
    path_id: &str,
) -> Result<&'a str, ApiError> {
    let id = require_self(principal, path_id)?;
    if world.accounts.get(id).is_some_and(|a| a.parent().is_some()) {
        return Err(coded(
            403,
            "forbidden",
            "a sub-account cannot administer sub-accounts; use the parent's credentials",
        ));
    }
    Ok(id)
}

/// The authenticated partner of a partner route.
pub(crate) fn calling_partner<'w>(
    world: &'w World,
    headers: &HeaderMap,
) -> Result<&'w Partner, ApiError> {
    let principal = authenticate(world, headers)?;
    let id = require_partner(&principal)?;
    Ok(&world.partners[id])
}

/// One of the partner's customers; another partner's customer is 404, not 403.
pub(crate) fn own_customer<'w>(
    world: &'w World,
    partner: &Partner,
    customer: &str,
) -> Result<&'w Account, ApiError> {
    world
        .accounts
        .get(customer)
        .filter(|a| a.partner() == Some(partner.auth_id.as_str()))
        .ok_or_else(|| coded(404, "not_found", format!("customer {customer} not found")))
}

/// The partner's CDR routes need its `can_view_cdrs` flag.
pub(crate) fn require_cdr_access(partner: &Partner) -> Result<(), ApiError> {
    if partner.can_view_cdrs {
        Ok(())
    } else {
        Err(coded(
            403,
            "forbidden",
            "can_view_cdrs is false for this partner",
        ))
    }
}

/// The caller of an `/Account/{auth_id}/…` route, on its own `{auth_id}`.
pub(crate) fn own_account<'w>(
    world: &'w World,
    headers: &HeaderMap,
    auth_id: &str,
) -> Result<&'w Account, ApiError> {
    let principal = authenticate(world, headers)?;
    let id = require_self(&principal, auth_id)?;
    world
        .accounts
        .get(id)
        .ok_or_else(|| coded(404, "not_found", "account not found"))
}

/// A sub-account's `permissions{calls, cdr}`: only an explicit `false` takes access away
/// (omitted means the parent's default access).
pub(crate) fn permitted(account: &Account, key: &str) -> bool {
    account
        .permissions
        .as_ref()
        .and_then(|p| p.get(key))
        .and_then(Value::as_bool)
        != Some(false)
}

/// The caller of an account CDR route, when it may read CDRs.
pub(crate) fn cdr_reader<'w>(
    world: &'w World,
    headers: &HeaderMap,
    auth_id: &str,
) -> Result<&'w Account, ApiError> {
    let me = own_account(world, headers, auth_id)?;
    if !permitted(me, "cdr") {
        return Err(coded(
            403,
            "forbidden",
            "this sub-account is not permitted to read CDRs",
        ));
    }
    Ok(me)
}

/// The parent acting on its sub-account `sub` (sub-account KYC and its hosted sessions):
/// 403 for the sub-account's own key, 404 for anyone else's.
pub(crate) fn parent_of_sub(
    world: &mut World,
    headers: &HeaderMap,
    sub: &str,
) -> Result<String, ApiError> {
    let principal = authenticate(world, headers)?;
    let parent = world
        .accounts
        .get(sub)
        .and_then(|a| a.parent().map(str::to_owned));
    match (&principal, parent) {
        (Principal::Account(id), Some(parent)) if *id == parent => Ok(parent),
        (Principal::Account(id), Some(_)) if id == sub => Err(api_id_error(
            world,
            403,
            "forbidden",
            "sub-account KYC uses the parent's credentials",
        )),
        _ => Err(api_id_error(
            world,
            404,
            "not_found",
            format!("sub-account {sub} not found"),
        )),
    }
}

/// The 401 of a route that also takes HTTP Basic credentials (cancel-release).
pub(crate) fn invalid_token() -> ApiError {
    bare(
        401,
        json!({"error": {"code": 401, "message": "Invalid token"}}),
    )
}

/// Cancel-release also takes HTTP Basic `auth_id:auth_token`: the pair becomes the
/// `X-Auth-*` headers unless those are already there. A Bearer token is refused.
pub(crate) fn basic_as_x_auth(headers: &HeaderMap) -> Result<HeaderMap, ApiError> {
    let mut headers = headers.clone();
    if headers.contains_key("x-auth-id") {
        return Ok(headers);
    }
    let Some(authorization) = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
    else {
        return Ok(headers);
    };
    let (scheme, rest) = authorization.split_once(' ').unwrap_or((authorization, ""));
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(invalid_token());
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(rest.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(invalid_token)?;
    let (id, token) = decoded.split_once(':').ok_or_else(invalid_token)?;
    let (Ok(id), Ok(token)) = (HeaderValue::from_str(id), HeaderValue::from_str(token)) else {
        return Err(invalid_token());
    };
    headers.insert("x-auth-id", id);
    headers.insert("x-auth-token", token);
    Ok(headers)
}
