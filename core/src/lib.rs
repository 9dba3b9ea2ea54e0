//! `vobiz-partner`: the typed, safe client core for the Vobiz partner and sub-account
//! provisioning API.
//!
//! Everything the Python and Node packages do lives here: the HTTP engine (retries that never
//! send money twice, redirect handling that never leaks credentials, typed errors), tolerant
//! decoding of the API's many shapes, path encoding, and the pagination engine.
//!
//! The crate never creates a tokio runtime of its own; bindings build theirs with
//! [`runtime::runtime_builder`].

mod api;
pub mod clients;
pub mod config;
pub mod credentials;
pub mod error;
mod error_body;
pub mod models;
pub mod money;
pub mod pagination;
pub mod path;
mod redact;
pub mod request;
mod retry;
pub mod runtime;
pub mod secret;
pub mod timestamp;
pub mod transport;
pub mod validate;

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
