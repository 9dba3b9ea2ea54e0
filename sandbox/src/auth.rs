//! Who is calling: the `X-Auth-ID` / `X-Auth-Token` pair checked against the world, and the
//! scope checks each route family applies (spec §1.2).

use axum::http::HeaderMap;

use crate::reply::{ApiError, coded, unauthorized};
use crate::world::World;

/// An authenticated caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Principal {
    /// A partner, `PA_…`.
    Partner(String),
    /// A main account or sub-account, `MA_…` / `SA_…`.
    Account(String),
}

/// Compares secrets in time independent of where they differ.
fn same_secret(a: &str, b: &str) -> bool {
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
