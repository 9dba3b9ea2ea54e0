//! Panics never cross into the caller's language.
//!
//! A panic inside an operation would otherwise reach Python as an untyped `RuntimeError`
//! (or leave an `await` that never completes) and Node as a bare `Error`. Every binding
//! entry point runs its work through [`catch`], which turns a panic into
//! [`Error::Internal`]. Neither the error nor the hook installed by [`install_quiet_hook`]
//! keeps the panic's payload: std's messages quote the string being sliced, which may be a
//! caller's token or password.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;

use crate::error::{Error, Result};

/// Runs `work`, turning a panic into [`Error::Internal`] naming `context` (an operation
/// name, never an argument value).
pub async fn catch<T>(context: &str, work: impl Future<Output = Result<T>>) -> Result<T> {
    match AssertUnwindSafe(work).catch_unwind().await {
        Ok(result) => result,
        Err(_) => Err(internal(context)),
    }
}

/// [`catch`] for synchronous work.
pub fn catch_sync<T>(context: &str, work: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|_| Err(internal(context)))
}

fn internal(context: &str) -> Error {
    Error::Internal {
        message: format!("{context} panicked"),
    }
}

/// Replaces the process's panic hook (of this library's copy of std) with one that logs
/// where a panic happened, through `tracing` and on stderr, without its payload. The
/// bindings call it once when their module loads.
pub fn install_quiet_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "an unknown place".to_owned());
        tracing::error!(location = %location, "vobiz-partner caught an internal panic");
        eprintln!("vobiz-partner: internal panic at {location} (caught; payload withheld)");
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_becomes_an_internal_error_without_its_payload() {
        let err = catch::<()>("make_call", async { panic!("secret-token-value") })
            .await
            .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Internal);
        assert!(err.outcome_unknown());
        let text = err.to_string();
        assert!(
            text.contains("make_call") && !text.contains("secret-token-value"),
            "{text}"
        );
        let err = catch_sync::<()>("op", || panic!("x")).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Internal);
        assert_eq!(catch_sync("op", || Ok(7)).unwrap(), 7);
    }
}
