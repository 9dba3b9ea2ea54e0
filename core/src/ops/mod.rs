//! The typed API as named operations, for the language bindings.
//!
//! A binding method is "convert the arguments, make one core call, convert the result".
//! Both bindings would otherwise write the same argument parsing and
//! result shaping for every endpoint, so it lives here once: [`Client::call`] takes an
//! operation name (the core method's name, `create_customer`) and its arguments as a JSON
//! object, checks them (a typo'd option, a wrong type or a missing field is an
//! [`Error::Validation`] naming it, and nothing is sent), calls the typed method, and
//! returns the result as a [`View`]. [`Client::list`] does the same for auto-paging lists
//! and returns a [`ViewPages`].
//!
//! Each scope's operations are declared once (see [`declare`] and the `operations!` blocks
//! in `partner.rs`, `account.rs`, `sub_account.rs`); [`operations`] lists them and
//! [`manifest`] describes them for the binding generators.

pub mod account;
mod args;
mod declare;
mod manifest;
mod pages;
pub mod partner;
pub mod sub_account;

use serde_json::Value;

pub use args::Args;
pub use declare::{ArgsSchema, Operation, OperationKind, RestField, clean_doc};
pub use manifest::manifest;
pub use pages::ViewPages;

use crate::clients::{Account, Partner, SubAccount};
use crate::config::ClientConfig;
use crate::credentials::{AccountCredentials, AuthId};
use crate::error::{Error, Result};
use crate::pagination::PageOptions;
use crate::transport::Transport;
use crate::view::{KeyCase, View};

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

/// Every operation of every scope, in declaration order.
pub fn operations() -> impl Iterator<Item = &'static Operation> {
    partner::OPERATIONS
        .iter()
        .chain(account::OPERATIONS)
        .chain(sub_account::OPERATIONS)
}

/// The operation `name` of `scope`.
pub fn operation(scope: &str, name: &str) -> Option<&'static Operation> {
    operations().find(|op| op.scope == scope && op.name == name)
}

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
                Client::SubAccount(s) => sub_account::list(s, op, args, options)?,
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

/// The error for an operation the client does not have.
#[doc(hidden)]
pub fn unknown(scope: &str, op: &str, kind: OperationKind) -> Error {
    let what = match kind {
        OperationKind::Call => "operation",
        OperationKind::List => "list",
    };
    Error::validation(
        "operation",
        format!("the {scope} client has no {what} {op:?}"),
    )
}
