//! `vobiz-partner`: the typed, safe client core for the Vobiz partner and sub-account
//! provisioning API.
//!
//! Everything the Python and Node packages do lives here: the HTTP engine (retries that never
//! send money twice, redirect handling that never leaks credentials, typed errors), tolerant
//! decoding of the API's many shapes, path encoding, the pagination engine, and the typed
//! API: one client per credential scope.
//!
//! - [`Partner`] (partner credentials, `PA_…`): profile, customers, transfers, ledgers,
//!   CDRs, numbers, KYC sessions.
//! - [`Account`] (an account's own credentials, `MA_…` / `SA_…`): balance, numbers,
//!   trunks, calls, CDRs, recordings; for a main account, its sub-accounts.
//! - [`SubAccount`] (a main account acting on one `SA_…`): administration and KYC.
//!
//! ```no_run
//! # async fn demo() -> vobiz_partner::Result<()> {
//! use vobiz_partner::{ClientConfig, Money, Partner, PartnerCredentials};
//! use vobiz_partner::models::NewCustomer;
//!
//! let partner = Partner::new(
//!     PartnerCredentials::new("PA_XXXXXXXX", "token")?,
//!     ClientConfig::builder().base_url("http://127.0.0.1:8080").build()?,
//! )?;
//! let customer = partner
//!     .create_customer(&NewCustomer {
//!         name: "Asha Rao".into(),
//!         email: "asha@acme.in".into(),
//!         password: "Str0ng!pass".into(),
//!         country: "IN".into(),
//!         phone: Some("+919876543210".into()),
//!         ..Default::default()
//!     })
//!     .await?;
//! let customer_id = customer.auth_id.clone().unwrap_or_default();
//! let transfer = partner
//!     .transfer_balance(&customer_id, "500.00".parse::<Money>()?, "INR", Some("April"))
//!     .await?;
//! println!("partner balance now {:?}", transfer.partner_balance_after);
//! # Ok(()) }
//! ```
//!
//! The crate never creates a tokio runtime of its own; bindings build theirs with
//! [`runtime::runtime_builder`].

#![warn(missing_docs)]

// `#[derive(IntoView)]` names `::vobiz_partner::view`, here as in any other crate.
extern crate self as vobiz_partner;

mod api;
pub mod clients;
pub mod config;
pub mod credentials;
pub mod error;
mod error_body;
pub mod error_catalogue;
pub mod models;
pub mod money;
pub mod ops;
pub mod pagination;
pub mod panic;
pub mod path;
mod redact;
pub mod request;
/// The JSON Schemas of the request types (what callers pass in), from which the bindings'
/// argument types can be generated.
pub mod request_schema;
mod retry;
pub mod runtime;
/// The JSON Schemas of the response models, from which the Python model classes and the
/// TypeScript result interfaces are generated (`tools/gen_models.py`).
pub mod schema;
pub mod secret;
pub mod timestamp;
pub mod transport;
pub mod validate;
pub mod view;
pub mod webhooks;
pub mod workflows;

pub use clients::{Account, Partner, SubAccount};
pub use config::{ClientConfig, ClientConfigBuilder, RetryPolicy};
pub use credentials::{
    AccountCredentials, AccountKind, AuthId, Credentials, PartnerCredentials, SubAccountScope,
};
pub use error::{ApiFailure, DecodeFailure, Error, ErrorKind, ErrorReport, Result};
pub use money::Money;
pub use pagination::{ListSpec, PageOptions, PageStyle, Paginated};
pub use path::{ApiPath, E164};
pub use request::{ApiRequest, Idempotency, RequestOptions};
pub use secret::Secret;
pub use timestamp::Timestamp;
pub use transport::{ApiResponse, Transport};

/// The crate version, as sent in the `User-Agent` header.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
