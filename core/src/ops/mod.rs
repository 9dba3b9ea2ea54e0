//! The typed API as named operations, for the language bindings.
//!
//! A binding method is "convert the arguments, make one core call, convert the result"
//! (DESIGN principle 1). Both bindings would otherwise write the same argument parsing and
//! result shaping for every endpoint, so it lives here once: [`Client::call`] takes an
//! operation name (the core method's name, `create_customer`) and its arguments as a JSON
//! object, checks them (a typo'd option, a wrong type or a missing field is an
//! [`Error::Validation`] naming it, and nothing is sent), calls the typed method, and
//! returns the result as a [`View`]. [`Client::list`] does the same for auto-paging lists
//! and returns a [`ViewPages`].
//!
//! [`OPERATIONS`] lists every operation, so each binding's suite can check it wraps them
//! all.

mod account;
mod args;
mod pages;
mod partner;
mod sub_account;

use serde_json::Value;

pub use args::Args;
pub use pages::ViewPages;

use crate::clients::{Account, Partner, SubAccount};
use crate::config::ClientConfig;
use crate::credentials::{AccountCredentials, AuthId};
use crate::error::{Error, Result};
use crate::pagination::PageOptions;
use crate::transport::Transport;
use crate::view::{KeyCase, View, to_view};

/// A client of any scope.
#[derive(Clone, Debug)]
pub enum Client {
    /// Partner credentials (`PA_…`).
    Partner(Partner),
    /// An account's own credentials (`MA_…` / `SA_…`).
    Account(Account),
    /// A main account acting on one sub-account.
    SubAccount(SubAccount),
}

/// Whether an operation answers once or pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperationKind {
    /// [`Client::call`].
    Call,
    /// [`Client::list`].
    List,
}

/// Every operation: the client it belongs to (`partner`, `account`, `sub_account`), its
/// name, and its kind.
pub const OPERATIONS: &[(&str, &str, OperationKind)] = &[
    ("partner", "me", OperationKind::Call),
    ("partner", "dashboard", OperationKind::Call),
    ("partner", "analytics", OperationKind::Call),
    ("partner", "create_customer", OperationKind::Call),
    ("partner", "list_customers", OperationKind::List),
    ("partner", "get_customer", OperationKind::Call),
    ("partner", "customer_balance", OperationKind::Call),
    ("partner", "transfer_balance", OperationKind::Call),
    ("partner", "transfer_balance_safely", OperationKind::Call),
    ("partner", "customer_transactions", OperationKind::List),
    ("partner", "customer_transactions_page", OperationKind::Call),
    ("partner", "transactions", OperationKind::List),
    ("partner", "transactions_page", OperationKind::Call),
    ("partner", "customer_cdrs", OperationKind::List),
    ("partner", "customer_cdrs_page", OperationKind::Call),
    ("partner", "customer_cdr", OperationKind::Call),
    ("partner", "cdrs", OperationKind::List),
    ("partner", "cdrs_page", OperationKind::Call),
    ("partner", "customer_numbers", OperationKind::List),
    ("partner", "numbers", OperationKind::List),
    ("partner", "create_kyc_session", OperationKind::Call),
    ("partner", "list_kyc_sessions", OperationKind::List),
    ("partner", "get_kyc_session", OperationKind::Call),
    ("partner", "resend_kyc_session", OperationKind::Call),
    ("partner", "revoke_kyc_session", OperationKind::Call),
    ("partner", "transfer_capacity", OperationKind::Call),
    ("partner", "reclaim_capacity", OperationKind::Call),
    ("partner", "customer_capacity", OperationKind::Call),
    ("partner", "list_capacity_transfers", OperationKind::List),
    ("partner", "onboard_customers", OperationKind::Call),
    ("partner", "renewals_at_risk", OperationKind::Call),
    ("partner", "unrouted_numbers", OperationKind::Call),
    ("partner", "aadhaar_restricted_numbers", OperationKind::Call),
    ("partner", "invoice", OperationKind::Call),
    ("partner", "customer_onboarding_step", OperationKind::Call),
    ("account", "details", OperationKind::Call),
    ("account", "balance", OperationKind::Call),
    ("account", "list_numbers", OperationKind::List),
    ("account", "list_inventory", OperationKind::List),
    ("account", "purchase_from_inventory", OperationKind::Call),
    ("account", "release_number", OperationKind::Call),
    ("account", "cancel_release", OperationKind::Call),
    ("account", "assign_to_sub_account", OperationKind::Call),
    ("account", "unassign_from_sub_account", OperationKind::Call),
    ("account", "unassign_or_cool_off", OperationKind::Call),
    ("account", "unassign_when_free", OperationKind::Call),
    ("account", "release_plan", OperationKind::Call),
    ("account", "execute_release_plan", OperationKind::Call),
    ("account", "assign_number_to_trunk", OperationKind::Call),
    ("account", "unassign_number_from_trunk", OperationKind::Call),
    ("account", "number_health", OperationKind::Call),
    ("account", "list_recordings", OperationKind::List),
    ("account", "get_recording", OperationKind::Call),
    ("account", "delete_recording", OperationKind::Call),
    ("account", "list_cdrs", OperationKind::List),
    ("account", "cdr_page", OperationKind::Call),
    ("account", "search_cdrs", OperationKind::List),
    ("account", "recent_cdrs", OperationKind::Call),
    ("account", "get_cdr", OperationKind::Call),
    ("account", "export_cdrs", OperationKind::Call),
    ("account", "make_call", OperationKind::Call),
    ("account", "create_sub_account", OperationKind::Call),
    (
        "account",
        "sub_account_onboarding_step",
        OperationKind::Call,
    ),
    ("account", "list_sub_accounts", OperationKind::List),
    ("account", "create_trunk", OperationKind::Call),
    ("account", "list_trunks", OperationKind::List),
    ("account", "get_trunk", OperationKind::Call),
    ("account", "update_trunk", OperationKind::Call),
    ("account", "delete_trunk", OperationKind::Call),
    ("account", "create_trunk_credential", OperationKind::Call),
    ("account", "list_trunk_credentials", OperationKind::List),
    ("account", "update_trunk_credential", OperationKind::Call),
    ("account", "delete_trunk_credential", OperationKind::Call),
    ("account", "create_ip_acl", OperationKind::Call),
    ("account", "list_ip_acl", OperationKind::List),
    ("account", "update_ip_acl", OperationKind::Call),
    ("account", "delete_ip_acl", OperationKind::Call),
    ("account", "create_origination_uri", OperationKind::Call),
    ("account", "list_origination_uris", OperationKind::List),
    ("account", "update_origination_uri", OperationKind::Call),
    ("account", "delete_origination_uri", OperationKind::Call),
    ("sub_account", "get", OperationKind::Call),
    ("sub_account", "update", OperationKind::Call),
    ("sub_account", "delete", OperationKind::Call),
    ("sub_account", "kyc_status", OperationKind::Call),
    ("sub_account", "verify_pan", OperationKind::Call),
    ("sub_account", "verify_gst", OperationKind::Call),
    ("sub_account", "cin_search", OperationKind::Call),
    ("sub_account", "cin_confirm", OperationKind::Call),
    ("sub_account", "digilocker_initiate", OperationKind::Call),
    ("sub_account", "digilocker_verify", OperationKind::Call),
    ("sub_account", "create_kyc_session", OperationKind::Call),
    ("sub_account", "test_verify_pan", OperationKind::Call),
    ("sub_account", "test_verify_gst", OperationKind::Call),
    ("sub_account", "test_cin_search", OperationKind::Call),
    ("sub_account", "test_cin_confirm", OperationKind::Call),
    (
        "sub_account",
        "test_digilocker_initiate",
        OperationKind::Call,
    ),
    ("sub_account", "test_digilocker_verify", OperationKind::Call),
    ("sub_account", "test_finalize_pending", OperationKind::Call),
];

impl Client {
    /// The scope name used in [`OPERATIONS`].
    pub fn scope_name(&self) -> &'static str {
        match self {
            Client::Partner(_) => "partner",
            Client::Account(_) => "account",
            Client::SubAccount(_) => "sub_account",
        }
    }

    /// Runs operation `op` with `args` (a JSON object, `null` for none) and returns its
    /// result as a view with keys in `case`. `()` results are [`View::Null`].
    ///
    /// A panic inside the operation is caught and returned as [`Error::Internal`].
    pub async fn call(&self, op: &str, args: Value, case: KeyCase) -> Result<View> {
        crate::panic::catch(op, async {
            #[cfg(feature = "test-hooks")]
            if op == "__panic" {
                panic!("deliberate panic (test-hooks)");
            }
            let args = Args::new(args, case)?;
            let view = match self {
                Client::Partner(p) => partner::call(p, op, args).await?,
                Client::Account(a) => account::call(a, op, args).await?,
                Client::SubAccount(s) => sub_account::call(s, op, args).await?,
            };
            Ok(view.with_key_case(case))
        })
        .await
    }

    /// Opens the auto-paging list `op` with its filters in `args`. No request is made until
    /// the pages are read.
    pub fn list(
        &self,
        op: &str,
        args: Value,
        options: PageOptions,
        case: KeyCase,
    ) -> Result<ViewPages> {
        crate::panic::catch_sync(op, || {
            #[cfg(feature = "test-hooks")]
            if op == "__panic" {
                panic!("deliberate panic (test-hooks)");
            }
            let args = Args::new(args, case)?;
            let pages = match self {
                Client::Partner(p) => partner::list(p, op, args, options)?,
                Client::Account(a) => account::list(a, op, args, options)?,
                Client::SubAccount(_) => {
                    return Err(unknown("sub_account", op, OperationKind::List));
                }
            };
            Ok(pages.with_key_case(case))
        })
    }

    /// The auth id the client acts as (for a sub-account handle, the sub-account's).
    pub fn auth_id(&self) -> &AuthId {
        match self {
            Client::Partner(p) => p.auth_id(),
            Client::Account(a) => a.auth_id(),
            Client::SubAccount(s) => s.id(),
        }
    }

    /// The configuration the client was built with.
    pub fn config(&self) -> &ClientConfig {
        match self {
            Client::Partner(p) => p.transport.config(),
            Client::Account(a) => a.transport.config(),
            Client::SubAccount(s) => s.transport.config(),
        }
    }

    /// The same client (credentials, configuration) on a new connection pool. A process
    /// that forked after the pool was made (a gunicorn or celery worker) must not use the
    /// parent's connections.
    pub fn with_new_pool(&self) -> Result<Client> {
        Ok(match self {
            Client::Partner(p) => Client::Partner(Partner::new(
                p.credentials.clone(),
                p.transport.config().clone(),
            )?),
            Client::Account(a) => Client::Account(Account::new(
                a.credentials.clone(),
                a.transport.config().clone(),
            )?),
            Client::SubAccount(s) => Client::SubAccount(SubAccount {
                transport: Transport::new(s.transport.config().clone())?,
                scope: s.scope.clone(),
            }),
        })
    }

    /// A partner's [`Account`] client for one of its customers, sharing the pool.
    pub fn customer_client(&self, credentials: AccountCredentials) -> Result<Client> {
        match self {
            Client::Partner(p) => Ok(Client::Account(p.customer_client(credentials))),
            _ => Err(Error::validation(
                "client",
                "only a partner client has customer clients",
            )),
        }
    }

    /// A main account's handle on one of its sub-accounts (`SA_…`).
    pub fn sub_account(&self, sub_account_id: &str) -> Result<Client> {
        match self {
            Client::Account(a) => Ok(Client::SubAccount(a.sub_account(sub_account_id)?)),
            _ => Err(Error::validation(
                "client",
                "only an account client has sub-account handles",
            )),
        }
    }
}

/// The result of an operation as a view.
fn view<T: crate::view::IntoView>(result: Result<T>) -> Result<View> {
    to_view(&result?)
}

/// `()` results.
fn done(result: Result<()>) -> Result<View> {
    result.map(|()| View::Null)
}

fn unknown(scope: &str, op: &str, kind: OperationKind) -> Error {
    let what = match kind {
        OperationKind::Call => "operation",
        OperationKind::List => "list",
    };
    Error::validation(
        "operation",
        format!("the {scope} client has no {what} {op:?}"),
    )
}
