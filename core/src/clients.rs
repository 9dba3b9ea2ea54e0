//! The three clients, one per credential scope:
//! - [`Partner`]: partner credentials (`PA_…`), for every `/api/v1/partner/*` route;
//! - [`Account`]: an account's own credentials (`MA_…` or `SA_…`), for its numbers, trunks,
//!   calls, CDRs and recordings, and (for a main account) its sub-accounts;
//! - [`SubAccount`]: a main account acting on one of its sub-accounts (admin and KYC).
//!
//! The wrong pairing cannot be written: each client is built from its own credential type,
//! and a sub-account handle only from a main account. Clients are cheap to clone and share
//! the connection pool of their [`Transport`].

use serde::de::DeserializeOwned;

use crate::config::ClientConfig;
use crate::credentials::{
    AccountCredentials, AuthId, Credentials, PartnerCredentials, Scope, SubAccountScope,
};
use crate::error::Result;
use crate::pagination::{ListSpec, PageOptions, Paginated};
use crate::request::ApiRequest;
use crate::transport::{ApiResponse, Transport};

/// Sends `request` with `scope` and decodes the answer.
pub(crate) async fn send_json<T: DeserializeOwned>(
    transport: &Transport,
    scope: &impl Scope,
    request: ApiRequest,
) -> Result<T> {
    transport.send(scope, &request).await?.json()
}

/// Sends `request` with `scope` and returns the raw 2xx answer (for bodiless successes).
pub(crate) async fn send(
    transport: &Transport,
    scope: &impl Scope,
    request: ApiRequest,
) -> Result<ApiResponse> {
    transport.send(scope, &request).await
}

/// A lazy walk over a list endpoint.
pub(crate) fn paginate<T: DeserializeOwned + Send + 'static>(
    transport: &Transport,
    credentials: &Credentials,
    request: ApiRequest,
    spec: ListSpec,
    options: PageOptions,
) -> Result<Paginated<T>> {
    Paginated::new(
        transport.clone(),
        credentials.clone(),
        request,
        spec,
        options,
    )
}

/// The partner client: customers, balances and transfers, ledgers, CDRs, numbers and KYC
/// sessions, with partner credentials (`PA_…`).
#[derive(Clone, Debug)]
pub struct Partner {
    pub(crate) transport: Transport,
    pub(crate) credentials: PartnerCredentials,
}

impl Partner {
    /// A partner client with its own connection pool.
    pub fn new(credentials: PartnerCredentials, config: ClientConfig) -> Result<Self> {
        Ok(Self::with_transport(credentials, Transport::new(config)?))
    }

    /// A partner client sharing `transport` (and its connection pool) with other clients.
    pub fn with_transport(credentials: PartnerCredentials, transport: Transport) -> Self {
        Partner {
            transport,
            credentials,
        }
    }

    /// Credentials from `VOBIZ_AUTH_ID` / `VOBIZ_AUTH_TOKEN` (a `PA_…` id), base URL from
    /// `VOBIZ_BASE_URL` when set.
    pub fn from_env() -> Result<Self> {
        Self::new(PartnerCredentials::from_env()?, ClientConfig::from_env()?)
    }

    /// The partner's auth id.
    pub fn auth_id(&self) -> &AuthId {
        self.credentials.auth_id()
    }

    /// The engine, for [`Transport::send`] on routes this SDK does not wrap.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// An [`Account`] client for one of this partner's customers, from the customer's own
    /// credentials (the customer's runtime routes refuse partner credentials). It shares
    /// this client's connection pool.
    pub fn customer_client(&self, credentials: AccountCredentials) -> Account {
        Account::with_transport(credentials, self.transport.clone())
    }
}

/// The account client: an account's own numbers, trunks, calls, CDRs and recordings, and,
/// for a main account, its sub-accounts. Built from the account's own credentials (`MA_…`
/// or `SA_…`).
#[derive(Clone, Debug)]
pub struct Account {
    pub(crate) transport: Transport,
    pub(crate) credentials: AccountCredentials,
}

impl Account {
    /// An account client with its own connection pool.
    pub fn new(credentials: AccountCredentials, config: ClientConfig) -> Result<Self> {
        Ok(Self::with_transport(credentials, Transport::new(config)?))
    }

    /// An account client sharing `transport` with other clients.
    pub fn with_transport(credentials: AccountCredentials, transport: Transport) -> Self {
        Account {
            transport,
            credentials,
        }
    }

    /// Credentials from `VOBIZ_AUTH_ID` / `VOBIZ_AUTH_TOKEN` (an `MA_…` or `SA_…` id), base
    /// URL from `VOBIZ_BASE_URL` when set.
    pub fn from_env() -> Result<Self> {
        Self::new(AccountCredentials::from_env()?, ClientConfig::from_env()?)
    }

    /// The account's auth id (the `{auth_id}` of its routes).
    pub fn auth_id(&self) -> &AuthId {
        self.credentials.auth_id()
    }

    /// The engine, for [`Transport::send`] on routes this SDK does not wrap.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// A handle on one of this main account's sub-accounts, for its administration and
    /// KYC. Refused (before anything is sent) when this is a sub-account's client or the id
    /// is not `SA_…`.
    pub fn sub_account(&self, sub_account_id: &str) -> Result<SubAccount> {
        let scope = SubAccountScope::new(self.credentials.clone(), sub_account_id)?;
        Ok(SubAccount {
            transport: self.transport.clone(),
            scope,
        })
    }
}

/// A main account acting on one of its sub-accounts: get, update, delete, and every KYC
/// step. Authenticates with the parent's credentials; the path names the sub-account.
#[derive(Clone, Debug)]
pub struct SubAccount {
    pub(crate) transport: Transport,
    pub(crate) scope: SubAccountScope,
}

impl SubAccount {
    /// The sub-account's id.
    pub fn id(&self) -> &AuthId {
        self.scope.sub_account_id()
    }

    /// The parent main account's id.
    pub fn parent_id(&self) -> &AuthId {
        self.scope.parent_id()
    }
}

/// The test-mode KYC routes of one sub-account (`/sub-accounts/test/{sub_auth_id}/kyc/…`),
/// from [`SubAccount::kyc_test_mode`]. They never call the real provider but write real
/// verification rows and recompute the KYC status, so a whole onboarding can be rehearsed.
/// Inputs are checked only loosely (non-empty, bounded length) so the documented magic
/// values pass: `TESTSUCCESS0001`, `TESTFAIL0001`, `TESTERROR0001` (HTTP 500),
/// `TESTPENDING001`, `TESTPENDING_FAIL`, `MOCK_AR_SUCCESS` / `MOCK_AR_FAIL`, and CINs
/// starting `U72900KA2024PTC123456`. Same credentials as [`SubAccount`]: the parent's.
#[derive(Clone, Debug)]
pub struct SubAccountKycTest {
    pub(crate) sub_account: SubAccount,
}
