//! The Node-API binding of `vobiz-partner`.
//!
//! A conversion layer only: every class here wraps a core type, every method converts its
//! arguments, makes one core call and converts the result. Behaviour (validation, retries,
//! redaction, path encoding, error classification) is the core's.
//!
//! This addon is loaded by the package's own loader (`ts/loader.ts`); users never see it
//! directly. The TypeScript layer (`ts/`, compiled to `index.js`) wraps it and turns the
//! errors thrown here into typed subclasses.
//!
//! # Errors
//!
//! Every core [`vobiz_partner::Error`] becomes a plain JS `Error` whose `message` is the
//! core's redacted description, whose `code` is the [`vobiz_partner::ErrorKind`] code
//! (`"VALIDATION"`, `"COOL_OFF"`, …) and whose `vobiz` property holds the flattened
//! [`ErrorReport`](vobiz_partner::ErrorReport) with the error catalogue's field names,
//! camelCased (see the `error` module). napi cannot throw subclasses of `Error`, so
//! `ts/errors.ts` (generated from the catalogue) rethrows the matching `VobizError` subclass.
//!
//! # Panics
//!
//! None crosses into Node: every entry point runs through [`guard`], which turns a panic
//! (in the arguments, the call, a spawned future, its settlement or the conversion of the
//! result) into the core's `Error::Internal`, thrown or rejected with `code` `INTERNAL`.
//! The panic hook installed at load logs where it happened, never its payload.

#![deny(clippy::all)]

mod client;
mod config;
mod credentials;
mod error;
mod guard;
mod onboarding;
#[cfg(feature = "sandbox")]
mod sandbox;
mod state_file;
#[cfg(feature = "test-hooks")]
mod test_hooks;
mod transport;
mod webhooks;

pub use client::{
    JsView, NativeClient, NativeListOptions, NativeOperation, NativePages, operations,
};
pub use config::{ClientConfig, ClientConfigOptions};
pub use credentials::{AccountCredentials, PartnerCredentials};
#[cfg(feature = "sandbox")]
pub use sandbox::{FaultInit, Sandbox, SandboxSeeded, SandboxStartOptions, SimulatedCallInit};
pub use state_file::{load_state_file, save_state_file};
#[cfg(feature = "test-hooks")]
pub use test_hooks::{test_panic_async, test_panic_sync};
pub use transport::{RequestInit, Response, Transport};
pub use webhooks::{NativeVerifyOptions, WebhookHeader, verify_webhook};

/// The one tokio runtime of this addon, configured by the core, installed before any
/// future is spawned; and the core's quiet panic hook (a caught panic is logged with its
/// location only: std's panic messages can quote a secret).
#[napi_derive::module_init]
fn init() {
    vobiz_partner::panic::install_quiet_hook();
    match vobiz_partner::runtime::runtime_builder().build() {
        Ok(runtime) => napi::bindgen_prelude::create_custom_tokio_runtime(runtime),
        // Practically unreachable (it needs the OS to refuse threads). Loading must not
        // abort the whole Node process, so napi's own default runtime takes over.
        Err(e) => eprintln!("vobiz-partner: could not start the configured tokio runtime: {e}"),
    }
}

/// The version of the core crate (and of this package).
#[napi_derive::napi]
pub fn version(env: napi::Env) -> napi::Result<&'static str> {
    guard::sync(&env, "version", || Ok(vobiz_partner::VERSION))
}
