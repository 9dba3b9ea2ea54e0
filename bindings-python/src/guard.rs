//! Panics never cross into Python.
//!
//! pyo3 turns a panic that escapes a `#[pymethods]` function into
//! `pyo3_runtime.PanicException`, a `BaseException` no `except Exception` (or
//! `except VobizError`) catches, whose text quotes the panic's payload (std's messages can
//! quote a caller's token). A panic in a spawned tokio task is worse: the task dies and the
//! awaitable it was meant to settle never completes. Every entry point of this crate runs
//! its work through this module instead:
//!
//! - [`sync`] wraps the body of a synchronous method: a panic becomes
//!   `vobiz_partner.InternalError` (the core's [`Error::Internal`], `outcome_unknown`).
//! - [`awaitable`] wraps the preparation of an awaitable: a panic becomes an already failed
//!   future, so the error surfaces at `await`.
//! - [`CatchUnwind`] wraps the future a task runs, so a panic while polling it is a value;
//!   the bridge ([`crate::bridge`]) turns it into `InternalError` on the awaitable and also
//!   settles the awaitable if its task is ever dropped without an answer.
//!
//! The payload is dropped unread; the process's panic hook (the core's
//! [`vobiz_partner::panic::install_quiet_hook`], installed at import) logs only where the
//! panic happened.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

use pyo3::prelude::*;
use vobiz_partner::Error;

use crate::errors::to_py_err;

/// The `InternalError` for a panic in `context` (an entry point's name, never an argument).
pub fn internal(py: Python<'_>, context: &str) -> PyErr {
    internal_with(py, format!("{context} panicked"))
}

/// An `InternalError` with this message (no argument value in it).
pub fn internal_with(py: Python<'_>, message: String) -> PyErr {
    to_py_err(py, &Error::Internal { message })
}

/// Runs the body of a synchronous entry point; a panic becomes `InternalError`.
pub fn sync<T>(py: Python<'_>, context: &str, body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => {
            forget_payload(payload);
            Err(internal(py, context))
        }
    }
}

/// Runs the preparation of an awaitable; a panic becomes an awaitable already failed with
/// `InternalError`.
pub fn awaitable<'py>(
    py: Python<'py>,
    context: &str,
    body: impl FnOnce() -> PyResult<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => {
            forget_payload(payload);
            crate::bridge::failed_future(py, internal(py, context))
        }
    }
}

/// Drops a panic payload without letting a panic in its destructor escape.
fn forget_payload(payload: Box<dyn std::any::Any + Send>) {
    if let Err(inner) = catch_unwind(AssertUnwindSafe(move || drop(payload))) {
        // A payload whose destructor panics: leak it rather than unwind again.
        std::mem::forget(inner);
    }
}

/// A future whose panics are caught: resolves to `Err(())` when polling `F` panicked.
/// The panicked future is dropped at once (a panic while dropping it is caught too) and
/// never polled again.
pub struct CatchUnwind<F> {
    inner: Option<Pin<Box<F>>>,
}

impl<F: Future> CatchUnwind<F> {
    pub fn new(inner: F) -> Self {
        CatchUnwind {
            inner: Some(Box::pin(inner)),
        }
    }
}

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, ()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let Some(inner) = self.inner.as_mut() else {
            return Poll::Ready(Err(()));
        };
        let polled = catch_unwind(AssertUnwindSafe(|| inner.as_mut().poll(cx)));
        let outcome = match polled {
            Ok(Poll::Pending) => return Poll::Pending,
            Ok(Poll::Ready(value)) => Ok(value),
            Err(payload) => {
                forget_payload(payload);
                Err(())
            }
        };
        let finished = self.inner.take();
        if let Err(payload) = catch_unwind(AssertUnwindSafe(move || drop(finished))) {
            forget_payload(payload);
        }
        Poll::Ready(outcome)
    }
}

/// Deliberate panics inside the binding itself (feature `test-hooks`), so the Python suite
/// can prove each layer of catching, not only the core's.
#[cfg(feature = "test-hooks")]
pub mod test_hooks {
    use super::*;

    /// What a deliberate panic says; the suite checks it never reaches Python.
    const PAYLOAD: &str = "binding panic payload tok_PANIC_PAYLOAD_7c1d";

    /// Panics inside the binding at `place`:
    ///
    /// - `"task"`: in the spawned tokio task of an awaitable (returns the awaitable);
    /// - `"convert"`: in the result conversion, on the event loop's thread (awaitable);
    /// - `"prepare"`: while preparing an awaitable, before anything is spawned (awaitable);
    /// - `"lost"`: no panic; the task is aborted before it answers, as a runtime shutting
    ///   down would (awaitable);
    /// - `"blocking"`: in the task a blocking call waits for (raises);
    /// - `"sync"`: in the body of a synchronous entry point (raises).
    ///
    /// `ValueError` for another place.
    #[pyfunction]
    #[pyo3(name = "_panic_in_binding")]
    pub fn panic_in_binding<'py>(py: Python<'py>, place: &str) -> PyResult<Bound<'py, PyAny>> {
        let context = format!("_panic_in_binding({place})");
        match place {
            "task" => awaitable(py, &context, || {
                crate::bridge::future_into_loop(
                    py,
                    context.clone(),
                    async {
                        if !PAYLOAD.is_empty() {
                            panic!("{PAYLOAD}");
                        }
                    },
                    |py, ()| Ok(py.None()),
                )
            }),
            "convert" => awaitable(py, &context, || {
                crate::bridge::future_into_loop(
                    py,
                    context.clone(),
                    async {},
                    |_py, ()| -> PyResult<Py<PyAny>> { panic!("{PAYLOAD}") },
                )
            }),
            "prepare" => awaitable(py, &context, || panic!("{PAYLOAD}")),
            "lost" => awaitable(py, &context, || {
                let (future, abort) = crate::bridge::spawn_into_loop(
                    py,
                    context.clone(),
                    std::future::pending::<()>(),
                    |py, ()| Ok(py.None()),
                )?;
                abort.abort();
                Ok(future)
            }),
            "blocking" => sync(py, &context, || {
                crate::runtime::block_on(py, async {
                    if !PAYLOAD.is_empty() {
                        panic!("{PAYLOAD}");
                    }
                })?;
                Ok(py.None().into_bound(py))
            }),
            "sync" => sync(py, &context, || panic!("{PAYLOAD}")),
            other => Err(pyo3::exceptions::PyValueError::new_err(format!(
                "unknown place {other:?}"
            ))),
        }
    }
}
