//! `NativeClient.onboard` / `NativeClient.onboard_blocking`: the core's one onboarding driver
//! ([`run_named_onboarding`]) with the caller's Python code as its host — the store's
//! `load()`/`save(state)`, `on_credentials(credentials)` and `progress(report)`.
//!
//! The driver runs on the shared tokio runtime. Python code never runs on a tokio thread:
//! each host call is a job sent to the thread the caller is on —
//! - `onboard` (awaitable): the awaiting event loop's thread, through its channel
//!   ([`bridge::LoopHandle`]). A function may be a plain one or return an awaitable (an
//!   `async def`): the awaitable is scheduled on that loop and its result awaited;
//! - `onboard_blocking` (the sync clients): the thread blocked in the call, which serves the
//!   jobs between its waits (so a store bound to its thread, a sqlite connection, works). An
//!   awaitable returned there is closed and refused with `TypeError`: nothing could await it.
//!
//! Errors: an exception raised by the caller's code (or by its awaitable) comes back **as
//! that very exception object** ([`HostFailure::Python`]); the core decides what happens
//! around it (the state is saved after a failed credentials hand-over, …: see
//! `run_onboarding`). The driver's own errors become the package's exceptions.

use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use futures::future::BoxFuture;
use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use serde_json::Value;
use vobiz_partner::Error;
use vobiz_partner::ops::Client;
use vobiz_partner::view::{KeyCase, View, to_view};
use vobiz_partner::workflows::onboarding::{
    OnboardingHost, OnboardingRun, OnboardingState, OnceShownCredentials, StepReport,
    run_named_onboarding,
};

use crate::bridge::{self, LoopHandle, OnLoop};
use crate::errors::to_py_err;
use crate::{guard, json, runtime, view};

/// How often the blocking call wakes up to let Python deliver a signal.
const SIGNAL_CHECK: Duration = Duration::from_millis(100);

/// Why a host call failed.
pub enum HostFailure {
    /// The caller's code raised: its exception, unchanged.
    Python(PyErr),
    /// The SDK's error (a step's, a refused state, a job that could not run).
    Sdk(Error),
}

impl From<Error> for HostFailure {
    fn from(error: Error) -> Self {
        HostFailure::Sdk(error)
    }
}

/// Where the host's jobs run.
enum Runner {
    /// On the awaiting event loop's thread.
    Loop(LoopHandle),
    /// On the thread blocked in `onboard_blocking`.
    Caller(mpsc::Sender<Message>),
}

/// What the blocked caller receives.
enum Message {
    Job(OnLoop),
    /// The run's outcome (`None`: the driver panicked).
    Done(Option<Box<Outcome>>),
}

/// The run's result, and the host, handed back so that its Python references are released
/// on a thread attached to the interpreter.
type Outcome = (Result<OnboardingRun, HostFailure>, PyHost);

/// The caller's Python functions as the driver's host.
pub struct PyHost {
    runner: Runner,
    load: Arc<Py<PyAny>>,
    save: Arc<Py<PyAny>>,
    on_credentials: Arc<Py<PyAny>>,
    progress: Option<Arc<Py<PyAny>>>,
}

/// Converts what a function returned, on the Python thread.
type Read<R> = for<'a, 'py> fn(&'a Bound<'py, PyAny>) -> PyResult<R>;

/// A finished call's outcome handed to its waiter (once).
type Finish = Box<dyn for<'py> FnOnce(PyResult<Bound<'py, PyAny>>) + Send>;

fn no_value(_: &Bound<'_, PyAny>) -> PyResult<()> {
    Ok(())
}

/// `None` or a JSON value (the state as the store gave it back).
fn state_value(value: &Bound<'_, PyAny>) -> PyResult<Option<Value>> {
    if value.is_none() {
        return Ok(None);
    }
    json::to_json(value).map(Some)
}

fn stopped(what: &str) -> Error {
    Error::Internal {
        message: format!(
            "{what} could not be called: the event loop or the interpreter stopped during the onboarding"
        ),
    }
}

impl PyHost {
    /// Calls `function(arg)` on the caller's thread and waits for its (awaited) result.
    async fn call<R: Send + 'static>(
        &self,
        what: &'static str,
        function: &Arc<Py<PyAny>>,
        arg: Option<View>,
        read: Read<R>,
    ) -> Result<R, HostFailure> {
        let (tx, rx) = tokio::sync::oneshot::channel::<PyResult<R>>();
        let finish: Finish = Box::new(move |outcome| {
            let _ = tx.send(outcome.and_then(|value| read(&value)));
        });
        let function = Arc::clone(function);
        let may_await = matches!(self.runner, Runner::Loop(_));
        let job: OnLoop =
            Box::new(move |py| call_here(py, what, &function, arg, may_await, finish));
        let scheduled = match &self.runner {
            Runner::Loop(handle) => handle.run(job),
            Runner::Caller(sender) => sender.send(Message::Job(job)).is_ok(),
        };
        if !scheduled {
            return Err(HostFailure::Sdk(stopped(what)));
        }
        match rx.await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(raised)) => Err(HostFailure::Python(raised)),
            // The job was dropped unrun (the loop closed) or panicked.
            Err(_) => Err(HostFailure::Sdk(stopped(what))),
        }
    }
}

static ISAWAITABLE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static ENSURE_FUTURE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Runs on the caller's thread: calls the function; a plain value finishes at once, an
/// awaitable is scheduled on the running loop (`may_await`) or refused.
fn call_here(
    py: Python<'_>,
    what: &str,
    function: &Py<PyAny>,
    arg: Option<View>,
    may_await: bool,
    finish: Finish,
) {
    let returned = match arg {
        None => function.bind(py).call0(),
        Some(arg) => view::to_python(py, arg).and_then(|arg| function.bind(py).call1((arg,))),
    };
    let value = match returned {
        Ok(value) => value,
        Err(raised) => return finish(Err(raised)),
    };
    let awaitable = match ISAWAITABLE
        .import(py, "inspect", "isawaitable")
        .and_then(|isawaitable| isawaitable.call1((&value,)))
        .and_then(|is| is.is_truthy())
    {
        Ok(awaitable) => awaitable,
        Err(err) => return finish(Err(err)),
    };
    if !awaitable {
        return finish(Ok(value));
    }
    if !may_await {
        if let Ok(close) = value.getattr("close") {
            let _ = close.call0();
        }
        return finish(Err(PyTypeError::new_err(format!(
            "{what} returned an awaitable: the sync clients need a plain function"
        ))));
    }
    let future = match ENSURE_FUTURE
        .import(py, "asyncio", "ensure_future")
        .and_then(|ensure| ensure.call1((value,)))
    {
        Ok(future) => future,
        Err(err) => return finish(Err(err)),
    };
    let awaited = match Py::new(
        py,
        Awaited {
            finish: Mutex::new(Some(finish)),
        },
    ) {
        Ok(awaited) => awaited,
        // The waiter, dropped with it, sees a call that could not run.
        Err(err) => return err.write_unraisable(py, None),
    };
    if let Err(err) = future.call_method1("add_done_callback", (awaited.clone_ref(py),))
        && let Some(finish) = awaited.get().take()
    {
        finish(Err(err));
    }
}

/// The done-callback of a host function's awaitable: hands its result (or exception) over.
#[pyclass(frozen, module = "vobiz_partner._native")]
struct Awaited {
    finish: Mutex<Option<Finish>>,
}

#[pymethods]
impl Awaited {
    fn __call__(&self, future: &Bound<'_, PyAny>) {
        if let Some(finish) = self.take() {
            finish(future.call_method0("result"));
        }
    }
}

impl Awaited {
    fn take(&self) -> Option<Finish> {
        self.finish.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

impl OnboardingHost for PyHost {
    type Error = HostFailure;

    fn load(&self) -> BoxFuture<'_, Result<Option<OnboardingState>, HostFailure>> {
        Box::pin(async move {
            let value = self
                .call("store.load", &self.load, None, state_value)
                .await?;
            Ok(value
                .map(|value| OnboardingState::from_json(value, KeyCase::Snake))
                .transpose()?)
        })
    }

    fn save<'a>(&'a self, state: &'a OnboardingState) -> BoxFuture<'a, Result<(), HostFailure>> {
        Box::pin(async move {
            let state = state.to_view(KeyCase::Snake)?;
            self.call("store.save", &self.save, Some(state), no_value)
                .await
        })
    }

    fn on_credentials(
        &self,
        credentials: OnceShownCredentials,
    ) -> BoxFuture<'_, Result<(), HostFailure>> {
        Box::pin(async move {
            let credentials = to_view(&credentials)?;
            self.call(
                "on_credentials",
                &self.on_credentials,
                Some(credentials),
                no_value,
            )
            .await
        })
    }

    fn progress<'a>(&'a self, report: &'a StepReport) -> BoxFuture<'a, Result<(), HostFailure>> {
        Box::pin(async move {
            let Some(progress) = &self.progress else {
                return Ok(());
            };
            let report = to_view(report)?;
            self.call("progress", progress, Some(report), no_value)
                .await
        })
    }
}

/// The caller's functions, checked: `store.load`, `store.save`, `on_credentials` and
/// `progress` (optional) must be callable.
struct Functions {
    load: Arc<Py<PyAny>>,
    save: Arc<Py<PyAny>>,
    on_credentials: Arc<Py<PyAny>>,
    progress: Option<Arc<Py<PyAny>>>,
}

fn callable(value: Bound<'_, PyAny>, what: &str) -> PyResult<Arc<Py<PyAny>>> {
    if !value.is_callable() {
        return Err(PyTypeError::new_err(format!("{what} must be callable")));
    }
    Ok(Arc::new(value.unbind()))
}

impl Functions {
    fn of(
        store: &Bound<'_, PyAny>,
        on_credentials: &Bound<'_, PyAny>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let method = |name: &str| {
            store.getattr(name).map_err(|_| {
                PyTypeError::new_err("store must be an object with load() and save(state)")
            })
        };
        Ok(Functions {
            load: callable(method("load")?, "store.load")?,
            save: callable(method("save")?, "store.save")?,
            on_credentials: callable(on_credentials.clone(), "on_credentials")?,
            progress: progress
                .filter(|p| !p.is_none())
                .map(|p| callable(p.clone(), "progress"))
                .transpose()?,
        })
    }

    fn host(self, runner: Runner) -> PyHost {
        PyHost {
            runner,
            load: self.load,
            save: self.save,
            on_credentials: self.on_credentials,
            progress: self.progress,
        }
    }
}

/// The run as the package's `run_onboarding` reads it (`{state, finished, waiting_for,
/// reports}`), or the exception to raise: the caller's own, unchanged, or the SDK's.
fn convert(py: Python<'_>, (result, host): Outcome) -> PyResult<Py<PyAny>> {
    drop(host);
    match result {
        Ok(run) => {
            let run = run.to_view(KeyCase::Snake).map_err(|e| to_py_err(py, &e))?;
            Ok(view::to_python(py, run)?.unbind())
        }
        Err(HostFailure::Python(raised)) => Err(raised),
        Err(HostFailure::Sdk(error)) => Err(to_py_err(py, &error)),
    }
}

fn args_value(args: Option<&Bound<'_, PyDict>>) -> PyResult<Value> {
    match args {
        Some(dict) => json::to_args(dict.as_any()),
        None => Ok(Value::Null),
    }
}

/// `NativeClient.onboard`: an awaitable of the run, on the running loop.
#[allow(clippy::too_many_arguments)]
pub fn onboard<'py>(
    py: Python<'py>,
    client: Client,
    op: String,
    args: Option<&Bound<'py, PyDict>>,
    store: &Bound<'py, PyAny>,
    on_credentials: &Bound<'py, PyAny>,
    progress: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let args = args_value(args)?;
    let functions = Functions::of(store, on_credentials, progress)?;
    bridge::future_into_loop_with(
        py,
        "onboard".to_owned(),
        move |handle| {
            let host = functions.host(Runner::Loop(handle));
            async move {
                let result = run_named_onboarding(&client, &op, args, KeyCase::Snake, &host).await;
                (result, host)
            }
        },
        convert,
    )
}

/// `NativeClient.onboard_blocking`: the run, waited for on this thread, which runs the
/// caller's functions between its waits (the interpreter released while it waits).
#[allow(clippy::too_many_arguments)]
pub fn onboard_blocking(
    py: Python<'_>,
    client: Client,
    op: String,
    args: Option<&Bound<'_, PyDict>>,
    store: &Bound<'_, PyAny>,
    on_credentials: &Bound<'_, PyAny>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let args = args_value(args)?;
    let functions = Functions::of(store, on_credentials, progress)?;
    let runtime = runtime::get()?;
    let (sender, mut receiver) = mpsc::channel::<Message>();
    let host = functions.host(Runner::Caller(sender.clone()));
    let task = runtime.spawn(async move {
        let run = guard::CatchUnwind::new(async move {
            let result = run_named_onboarding(&client, &op, args, KeyCase::Snake, &host).await;
            (result, host)
        })
        .await;
        let _ = sender.send(Message::Done(run.ok().map(Box::new)));
    });
    loop {
        let (back, message) = py.detach(move || {
            let message = receiver.recv_timeout(SIGNAL_CHECK);
            (receiver, message)
        });
        receiver = back;
        match message {
            Ok(Message::Job(job)) => bridge::run_job(py, job),
            Ok(Message::Done(Some(outcome))) => return convert(py, *outcome),
            Ok(Message::Done(None)) => return Err(guard::internal(py, "onboard_blocking")),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Err(signal) = py.check_signals() {
                    task.abort();
                    return Err(signal);
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(PyRuntimeError::new_err(
                    "vobiz_partner: the onboarding ended without an answer",
                ));
            }
        }
    }
}
