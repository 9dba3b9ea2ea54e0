//! The scoped credential types. The token goes in and never comes back out: no getter,
//! no property, nothing `util.inspect` could show.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use vobiz_partner as vp;

use crate::error::js_result;
use crate::guard;

/// Partner credentials (`PA_…`): the key for every `/api/v1/partner/*` route.
#[napi]
#[derive(Clone)]
pub struct PartnerCredentials {
    pub(crate) inner: vp::PartnerCredentials,
}

#[napi]
impl PartnerCredentials {
    /// Refuses any id that is not `PA_…` (validation error, field `auth_id`).
    #[napi(constructor)]
    pub fn new(env: Env, auth_id: String, auth_token: String) -> Result<Self> {
        guard::sync(&env, "PartnerCredentials.new", || {
            let inner = js_result(&env, vp::PartnerCredentials::new(&auth_id, &auth_token))?;
            Ok(PartnerCredentials { inner })
        })
    }

    /// Reads `VOBIZ_AUTH_ID` / `VOBIZ_AUTH_TOKEN`; the id must be `PA_…`.
    #[napi(factory)]
    pub fn from_env(env: Env) -> Result<Self> {
        guard::sync(&env, "PartnerCredentials.fromEnv", || {
            let inner = js_result(&env, vp::PartnerCredentials::from_env())?;
            Ok(PartnerCredentials { inner })
        })
    }

    /// The partner's auth id.
    #[napi(getter)]
    pub fn auth_id(&self, env: Env) -> Result<String> {
        guard::sync(&env, "credentials.authId", || {
            Ok(self.inner.auth_id().as_str().to_owned())
        })
    }
}

/// An account's own credentials (`MA_…` or `SA_…`).
#[napi]
#[derive(Clone)]
pub struct AccountCredentials {
    pub(crate) inner: vp::AccountCredentials,
}

#[napi]
impl AccountCredentials {
    /// Refuses any id that is not `MA_…` or `SA_…` (validation error, field `auth_id`).
    #[napi(constructor)]
    pub fn new(env: Env, auth_id: String, auth_token: String) -> Result<Self> {
        guard::sync(&env, "AccountCredentials.new", || {
            let inner = js_result(&env, vp::AccountCredentials::new(&auth_id, &auth_token))?;
            Ok(AccountCredentials { inner })
        })
    }

    /// Reads `VOBIZ_AUTH_ID` / `VOBIZ_AUTH_TOKEN`; the id must be `MA_…` or `SA_…`.
    #[napi(factory)]
    pub fn from_env(env: Env) -> Result<Self> {
        guard::sync(&env, "AccountCredentials.fromEnv", || {
            let inner = js_result(&env, vp::AccountCredentials::from_env())?;
            Ok(AccountCredentials { inner })
        })
    }

    /// The account's auth id.
    #[napi(getter)]
    pub fn auth_id(&self, env: Env) -> Result<String> {
        guard::sync(&env, "credentials.authId", || {
            Ok(self.inner.auth_id().as_str().to_owned())
        })
    }

    /// Whether this is a main account (`MA_…`), the only kind that may administer
    /// sub-accounts.
    #[napi(getter)]
    pub fn is_main_account(&self, env: Env) -> Result<bool> {
        guard::sync(&env, "credentials.isMainAccount", || {
            Ok(self.inner.is_main_account())
        })
    }
}
