//! The tokio runtime of the Python package, fork-aware.
//!
//! gunicorn and celery fork worker processes after the parent imported (and often used)
//! the package. A forked child inherits the runtime's memory but none of its threads, so
//! the parent's runtime would accept work and never run it. Every use therefore goes
//! through [`get`], which notices a new process id and builds a fresh runtime for the
//! child; the inherited one is leaked on purpose (dropping it would wait for threads that
//! do not exist in this process).

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use tokio::runtime::Runtime;

use crate::bridge;

static RUNTIME: Mutex<Option<(u32, Arc<Runtime>)>> = Mutex::new(None);

/// How often a blocking call wakes up to let Python deliver a signal (Ctrl-C, a Jupyter
/// interrupt).
const SIGNAL_CHECK: Duration = Duration::from_millis(100);

/// This process's runtime, built on first use (and again in a forked child).
pub fn get() -> PyResult<Arc<Runtime>> {
    let pid = std::process::id();
    let mut slot = RUNTIME.lock().unwrap_or_else(|p| p.into_inner());
    match slot.take() {
        Some((owner, runtime)) if owner == pid => {
            *slot = Some((owner, Arc::clone(&runtime)));
            return Ok(runtime);
        }
        Some((_, inherited)) => {
            std::mem::forget(inherited);
            bridge::after_fork();
        }
        None => {}
    }
    let runtime = vobiz_partner::runtime::runtime_builder()
        .build()
        .map(Arc::new)
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start the tokio runtime: {e}")))?;
    *slot = Some((pid, Arc::clone(&runtime)));
    Ok(runtime)
}

/// Whether the runtime was built by another process (this one is a fork of it).
pub fn forked_since(pid: u32) -> bool {
    pid != std::process::id()
}

/// Runs `work` on the runtime and waits for it with the interpreter released, waking up
/// regularly so that a signal (KeyboardInterrupt) stops the wait and aborts the work.
/// Safe inside a running asyncio loop: the calling thread is never a runtime thread.
pub fn block_on<F, T>(py: Python<'_>, work: F) -> PyResult<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let runtime = get()?;
    let mut task = runtime.spawn(work);
    loop {
        let waited = py.detach(|| {
            runtime.block_on(async { tokio::time::timeout(SIGNAL_CHECK, &mut task).await })
        });
        match waited {
            Ok(Ok(output)) => return Ok(output),
            // A panic in the task (tokio caught it; the payload is dropped unread), or a
            // task cancelled under us: `InternalError` either way, never a bare error.
            Ok(Err(join)) if join.is_panic() => {
                return Err(crate::guard::internal(py, "a blocking call"));
            }
            Ok(Err(_cancelled)) => {
                return Err(crate::guard::internal_with(
                    py,
                    "a blocking call ended without an answer".to_owned(),
                ));
            }
            Err(_elapsed) => {
                if let Err(signal) = py.check_signals() {
                    task.abort();
                    return Err(signal);
                }
            }
        }
    }
}
