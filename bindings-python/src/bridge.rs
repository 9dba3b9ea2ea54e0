//! Running core futures on the shared tokio runtime and handing their results to asyncio,
//! without a tokio thread ever touching the interpreter while it shuts down.
//!
//! `pyo3_async_runtimes::future_into_py` completes the Python future from a tokio thread: it
//! attaches to the interpreter there and calls `loop.call_soon_threadsafe`. When a script
//! exits right after its last `await`, that attach can race with `Py_Finalize` and the
//! process dies with SIGSEGV/SIGABRT (PyO3/pyo3-async-runtimes#40). This module does not
//! use it. Instead:
//!
//! - **Results travel as plain Rust values.** A finished task pushes a boxed conversion
//!   (`Deliver`) onto a queue owned by its event loop and writes one byte to a socket pair
//!   whose read end the loop watches with `loop.add_reader`. The loop thread, which already
//!   holds the interpreter, drains the queue, runs the conversions and settles the futures.
//!   On this path no Rust thread attaches to Python, ever.
//! - **Loops without `add_reader`** (Windows' proactor loop) fall back to
//!   `call_soon_threadsafe` from the tokio thread, but only through [`with_python`]: it
//!   attaches only while the interpreter is marked alive and is counted while attached.
//! - **An `atexit` hook** ([`shutdown`]) runs while the interpreter is still whole: it marks
//!   it dead (no new requests, no new attaches), aborts every task still in flight and waits,
//!   with the interpreter released and a time limit, until those tasks are gone and no tokio
//!   thread is attached. After it returns nothing of ours touches Python again.
//! - **Work that calls back into Python** while it runs (the onboarding driver's store and
//!   callbacks) does it the same way: a job ([`OnLoop`]) pushed through the loop's channel
//!   by a [`LoopHandle`] runs on the loop thread when the loop drains it
//!   ([`future_into_loop_with`]). A job pushed after the channel closed is refused, never
//!   stranded.
//! - **Every awaitable completes.** The work runs under [`crate::guard::CatchUnwind`] and
//!   the conversion under [`crate::guard::sync`]: a panic in either resolves the awaitable
//!   with `InternalError`. A task dropped before it answers (aborted by anything but the
//!   awaitable's own cancellation) answers from its destructor ([`Completion`]): no `await`
//!   is ever left waiting on a task that is gone.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tokio::task::AbortHandle;

/// The work's output turned into a Python value (or exception); runs on the loop thread.
pub type Deliver = Box<dyn for<'py> FnOnce(Python<'py>) -> PyResult<Py<PyAny>> + Send>;

/// Work for an event loop's thread, sent from another thread ([`LoopHandle::run`]).
pub type OnLoop = Box<dyn for<'py> FnOnce(Python<'py>) + Send>;

/// How long the exit hook waits for aborted tasks to wind down.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// The interpreter's state as far as Rust threads are concerned.
struct Lifecycle {
    /// Cleared by the exit hook; nothing new starts or attaches afterwards.
    alive: bool,
    /// Tokio threads currently attached to the interpreter (fallback path only).
    attached: usize,
    /// Tasks in flight, with their abort handles once known.
    tasks: BTreeMap<u64, Option<AbortHandle>>,
    next_task: u64,
}

static LIFECYCLE: Mutex<Lifecycle> = Mutex::new(Lifecycle {
    alive: true,
    attached: 0,
    tasks: BTreeMap::new(),
    next_task: 0,
});
static LIFECYCLE_CHANGED: Condvar = Condvar::new();

/// Locks ignoring poison: every critical section here leaves the data consistent.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn shutting_down() -> PyErr {
    PyRuntimeError::new_err(
        "vobiz_partner: the interpreter is shutting down; no new requests can start",
    )
}

/// Removes a task from [`LIFECYCLE`] when its future completes or is dropped (aborted).
struct TaskGuard(u64);

impl Drop for TaskGuard {
    fn drop(&mut self) {
        lock(&LIFECYCLE).tasks.remove(&self.0);
        LIFECYCLE_CHANGED.notify_all();
    }
}

/// Spawns `work` on the shared runtime, tracked so the exit hook can abort it. When it
/// cannot be spawned, `work` comes back undropped with the error.
fn spawn_tracked<F>(work: F) -> Result<AbortHandle, (PyErr, F)>
where
    F: Future<Output = ()> + Send + 'static,
{
    let runtime = match crate::runtime::get() {
        Ok(runtime) => runtime,
        Err(err) => return Err((err, work)),
    };
    let id = {
        let mut state = lock(&LIFECYCLE);
        if !state.alive {
            return Err((shutting_down(), work));
        }
        let id = state.next_task;
        state.next_task += 1;
        state.tasks.insert(id, None);
        id
    };
    let guard = TaskGuard(id);
    // The lock is not held across `spawn`: a dropped task takes it in `TaskGuard::drop`.
    let abort = runtime
        .spawn(async move {
            let _guard = guard;
            work.await;
        })
        .abort_handle();
    let mut state = lock(&LIFECYCLE);
    if let Some(slot) = state.tasks.get_mut(&id) {
        *slot = Some(abort.clone());
    }
    if !state.alive {
        abort.abort();
    }
    Ok(abort)
}

/// Called in a forked child before its first request: the tasks the parent had in flight
/// do not exist here, and the parent's tokio threads are not attached to this interpreter.
pub fn after_fork() {
    let mut state = lock(&LIFECYCLE);
    state.tasks.clear();
    state.attached = 0;
}

/// Runs `f` attached to the interpreter from a non-Python thread, unless the interpreter is
/// shutting down (then `f` is dropped unrun and `None` returned). The exit hook waits for
/// every attach begun here to end.
pub fn with_python<R>(f: impl for<'py> FnOnce(Python<'py>) -> R) -> Option<R> {
    {
        let mut state = lock(&LIFECYCLE);
        if !state.alive {
            return None;
        }
        state.attached += 1;
    }
    // Counted down even if `f` panics, or the exit hook would wait for an attach that ended.
    struct Detached;
    impl Drop for Detached {
        fn drop(&mut self) {
            lock(&LIFECYCLE).attached -= 1;
            LIFECYCLE_CHANGED.notify_all();
        }
    }
    let _detached = Detached;
    Python::try_attach(f)
}

/// The `atexit` hook: stop everything before the interpreter starts finalising.
#[pyfunction(name = "_shutdown")]
pub fn shutdown(py: Python<'_>) -> PyResult<()> {
    // Released while waiting: a tokio thread in `with_python` may need the interpreter to
    // finish what it started.
    crate::guard::sync(py, "the exit hook", || {
        py.detach(shutdown_detached);
        Ok(())
    })
}

/// Marks the interpreter dead, aborts the tasks in flight and waits (bounded) for them.
fn shutdown_detached() {
    let mut state = lock(&LIFECYCLE);
    state.alive = false;
    for abort in state.tasks.values().flatten() {
        abort.abort();
    }
    let deadline = Instant::now() + SHUTDOWN_GRACE;
    while !(state.tasks.is_empty() && state.attached == 0) {
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        state = LIFECYCLE_CHANGED
            .wait_timeout(state, deadline - now)
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .0;
    }
}

/// Registers the exit hook; called once from the module initialiser.
pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(shutdown, module)?)?;
    let hook = module.getattr("_shutdown")?;
    module
        .py()
        .import("atexit")?
        .call_method1("register", (hook,))?;
    Ok(())
}

static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn running_loop(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    GET_RUNNING_LOOP
        .import(py, "asyncio", "get_running_loop")?
        .call0()
}

/// Sets the outcome on `future` unless it is already done (cancelled). A panic in the
/// conversion becomes `InternalError` on the future (every [`Deliver`] made here already
/// catches its own; this is the last line), so the awaitable always completes.
fn settle(py: Python<'_>, future: &Bound<'_, PyAny>, deliver: Deliver) {
    let outcome = (|| -> PyResult<()> {
        if future.call_method0("done")?.is_truthy()? {
            return Ok(());
        }
        match crate::guard::sync(py, "converting a result", || deliver(py)) {
            Ok(value) => future.call_method1("set_result", (value,))?,
            Err(err) => future.call_method1("set_exception", (err.into_value(py),))?,
        };
        Ok(())
    })();
    if let Err(err) = outcome {
        err.write_unraisable(py, Some(future));
    }
}

/// An asyncio future of the running loop, already failed with `err`: how a request that is
/// refused before it starts reports, so that the error surfaces at `await` like it would in
/// an `async def`.
pub fn failed_future(py: Python<'_>, err: PyErr) -> PyResult<Bound<'_, PyAny>> {
    let future = running_loop(py)?.call_method0("create_future")?;
    future.call_method1("set_exception", (err.into_value(py),))?;
    Ok(future)
}

/// Where a task's answer goes: its loop's channel, or (fallback) straight to the loop with
/// `call_soon_threadsafe`.
enum Target {
    Channel {
        shared: std::sync::Arc<channel::Shared>,
        id: u64,
    },
    Loop {
        event_loop: Py<PyAny>,
        future: Py<PyAny>,
    },
}

impl Target {
    fn deliver(self, deliver: Deliver) {
        match self {
            Target::Channel { shared, id } => shared.push(id, deliver),
            Target::Loop { event_loop, future } => {
                with_python(move |py| {
                    let completer = Completer {
                        future,
                        deliver: Mutex::new(Some(deliver)),
                    };
                    let scheduled = Py::new(py, completer).and_then(|completer| {
                        event_loop
                            .bind(py)
                            .call_method1("call_soon_threadsafe", (completer,))
                    });
                    // A loop closed in the meantime has nobody left to tell.
                    drop(scheduled);
                });
            }
        }
    }
}

/// Answers a task's awaitable exactly once: with the task's result, or, when the task is
/// dropped before it has one (aborted by the exit hook, or by anything other than the
/// awaitable's own cancellation), with an error, so that no `await` waits forever. A
/// cancelled awaitable ignores the late answer.
struct Completion {
    target: Option<Target>,
    context: String,
    /// Cleared when the task could not be spawned: the caller reports that itself.
    armed: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Completion {
    fn complete(mut self, deliver: Deliver) {
        if let Some(target) = self.target.take() {
            target.deliver(deliver);
        }
    }
}

impl Drop for Completion {
    fn drop(&mut self) {
        let Some(target) = self.target.take() else {
            return;
        };
        if !self.armed.load(Ordering::SeqCst) {
            return;
        }
        let alive = lock(&LIFECYCLE).alive;
        let context = std::mem::take(&mut self.context);
        target.deliver(Box::new(move |py: Python<'_>| {
            Err(if alive {
                crate::guard::internal_with(py, format!("{context} ended without an answer"))
            } else {
                shutting_down()
            })
        }));
    }
}

/// Runs `work` on the shared runtime and returns an asyncio future of the running loop that
/// resolves to `convert(output)`. `convert` runs on the loop's thread. Cancelling the future
/// aborts the work. A panic in `work` or in `convert` resolves it with `InternalError`
/// naming `context` (an operation name, never an argument value).
pub fn future_into_loop<'py, F, T, C>(
    py: Python<'py>,
    context: String,
    work: F,
    convert: C,
) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
    C: for<'a> FnOnce(Python<'a>, T) -> PyResult<Py<PyAny>> + Send + 'static,
{
    spawn_into_loop(py, context, work, convert).map(|(future, _abort)| future)
}

/// [`future_into_loop`], also returning the task's abort handle.
pub fn spawn_into_loop<'py, F, T, C>(
    py: Python<'py>,
    context: String,
    work: F,
    convert: C,
) -> PyResult<(Bound<'py, PyAny>, AbortHandle)>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
    C: for<'a> FnOnce(Python<'a>, T) -> PyResult<Py<PyAny>> + Send + 'static,
{
    spawn_with_loop(py, context, move |_| work, convert)
}

/// [`future_into_loop`] for work that runs Python code on the awaiting loop while it runs:
/// `make_work` gets a [`LoopHandle`] of the running loop (its channel, which stays open
/// while the returned future is pending) and builds the work.
pub fn future_into_loop_with<'py, M, F, T, C>(
    py: Python<'py>,
    context: String,
    make_work: M,
    convert: C,
) -> PyResult<Bound<'py, PyAny>>
where
    M: FnOnce(LoopHandle) -> F,
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
    C: for<'a> FnOnce(Python<'a>, T) -> PyResult<Py<PyAny>> + Send + 'static,
{
    spawn_with_loop(py, context, make_work, convert).map(|(future, _abort)| future)
}

fn spawn_with_loop<'py, M, F, T, C>(
    py: Python<'py>,
    context: String,
    make_work: M,
    convert: C,
) -> PyResult<(Bound<'py, PyAny>, AbortHandle)>
where
    M: FnOnce(LoopHandle) -> F,
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
    C: for<'a> FnOnce(Python<'a>, T) -> PyResult<Py<PyAny>> + Send + 'static,
{
    if !lock(&LIFECYCLE).alive {
        return Err(shutting_down());
    }
    let event_loop = running_loop(py)?;
    let future = event_loop.call_method0("create_future")?;

    let channel = channel::for_loop(py, &event_loop)?;
    let (target, registered, handle) = match &channel {
        Some(channel) => {
            let id = channel::next_request_id();
            channel.get().pending_insert(id, future.clone().unbind());
            let target = Target::Channel {
                shared: channel.get().shared(),
                id,
            };
            let handle = LoopHandle(LoopRoute::Channel(channel.get().shared()));
            (target, Some((channel.clone_ref(py), id)), handle)
        }
        None => {
            let target = Target::Loop {
                event_loop: event_loop.clone().unbind(),
                future: future.clone().unbind(),
            };
            let handle = LoopHandle(LoopRoute::Loop(std::sync::Arc::new(
                event_loop.clone().unbind(),
            )));
            (target, None, handle)
        }
    };

    let work = make_work(handle);
    let task_context = context.clone();
    let work = async move {
        let output = crate::guard::CatchUnwind::new(work).await;
        Box::new(move |py: Python<'_>| match output {
            Ok(output) => {
                crate::guard::sync(py, &format!("converting the result of {context}"), || {
                    convert(py, output)
                })
            }
            Err(()) => Err(crate::guard::internal(py, &context)),
        }) as Deliver
    };

    let armed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let completion = Completion {
        target: Some(target),
        context: task_context,
        armed: std::sync::Arc::clone(&armed),
    };
    let spawned = spawn_tracked(async move {
        let completion = completion;
        let deliver = work.await;
        completion.complete(deliver);
    });
    let abort = match spawned {
        Ok(abort) => abort,
        Err((err, unspawned)) => {
            // Not an abandoned task: the error is raised right here instead.
            armed.store(false, Ordering::SeqCst);
            drop(unspawned);
            if let Some((channel, id)) = &registered {
                channel::LoopChannel::forget(channel.bind(py), *id);
            }
            return Err(err);
        }
    };
    let hook = CancelHook {
        abort: abort.clone(),
        channel: registered,
    };
    future.call_method1("add_done_callback", (hook,))?;
    Ok((future, abort))
}

/// Runs closures on one event loop's thread from any thread: through the loop's channel
/// (the loop thread drains it; no other thread attaches to the interpreter), or, for a
/// loop that cannot watch file descriptors, with `call_soon_threadsafe` through
/// [`with_python`].
#[derive(Clone)]
pub struct LoopHandle(LoopRoute);

#[derive(Clone)]
enum LoopRoute {
    Channel(std::sync::Arc<channel::Shared>),
    Loop(std::sync::Arc<Py<PyAny>>),
}

impl LoopHandle {
    /// Schedules `job` on the loop's thread. `false` when it cannot run (the loop's channel
    /// is closed, the loop is closed, the interpreter is shutting down): `job` is then
    /// dropped unrun, which whoever waits on it must take as a failure.
    pub fn run(&self, job: OnLoop) -> bool {
        match &self.0 {
            LoopRoute::Channel(shared) => shared.push_job(job),
            LoopRoute::Loop(event_loop) => with_python(move |py| {
                let runner = JobRunner {
                    job: Mutex::new(Some(job)),
                };
                Py::new(py, runner)
                    .and_then(|runner| {
                        event_loop
                            .bind(py)
                            .call_method1("call_soon_threadsafe", (runner,))
                    })
                    .is_ok()
            })
            .unwrap_or(false),
        }
    }
}

/// Runs one [`OnLoop`] job on the loop's thread (fallback path).
#[pyclass(frozen, module = "vobiz_partner._native")]
struct JobRunner {
    job: Mutex<Option<OnLoop>>,
}

#[pymethods]
impl JobRunner {
    fn __call__(&self, py: Python<'_>) {
        let job = lock(&self.job).take();
        if let Some(job) = job {
            run_job(py, job);
        }
    }
}

/// Runs a job on this thread; a panic in it is caught (its waiter then sees it dropped).
pub fn run_job(py: Python<'_>, job: OnLoop) {
    let outcome = crate::guard::sync(py, "a callback on the event loop", || {
        job(py);
        Ok(())
    });
    if let Err(err) = outcome {
        err.write_unraisable(py, None);
    }
}

/// Settles a future on its loop's thread (fallback path).
#[pyclass(frozen, module = "vobiz_partner._native")]
struct Completer {
    future: Py<PyAny>,
    deliver: Mutex<Option<Deliver>>,
}

#[pymethods]
impl Completer {
    fn __call__(&self, py: Python<'_>) {
        let deliver = lock(&self.deliver).take();
        if let Some(deliver) = deliver {
            settle(py, self.future.bind(py), deliver);
        }
    }
}

/// A done-callback: a cancelled future aborts its task and stops waiting for it.
#[pyclass(frozen, module = "vobiz_partner._native")]
struct CancelHook {
    abort: AbortHandle,
    channel: Option<(Py<channel::LoopChannel>, u64)>,
}

#[pymethods]
impl CancelHook {
    fn __call__(&self, py: Python<'_>, future: &Bound<'_, PyAny>) -> PyResult<()> {
        if future.call_method0("cancelled")?.is_truthy()? {
            self.abort.abort();
            if let Some((channel, id)) = &self.channel {
                channel::LoopChannel::forget(channel.bind(py), *id);
            }
        }
        Ok(())
    }
}

#[cfg(unix)]
mod channel {
    //! One socket pair per event loop with requests in flight; see the module docs.

    use std::io::{ErrorKind, Read, Write};
    use std::os::fd::AsRawFd;
    use std::os::unix::net::UnixStream;
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;

    use pyo3::exceptions::PyNotImplementedError;

    use super::*;

    static NEXT_REQUEST: AtomicU64 = AtomicU64::new(0);

    pub fn next_request_id() -> u64 {
        NEXT_REQUEST.fetch_add(1, Ordering::Relaxed)
    }

    /// The part tokio threads see: a queue and the write end. No Python in here.
    pub struct Shared {
        queue: Mutex<Vec<(u64, Deliver)>>,
        /// Jobs for the loop's thread ([`LoopHandle::run`]); `None` once the channel is
        /// closed (a job pushed then is refused, never stranded).
        jobs: Mutex<Option<Vec<OnLoop>>>,
        /// Set when a byte is on its way, so a burst of completions writes one byte.
        signalled: AtomicBool,
        tx: UnixStream,
    }

    impl Shared {
        pub fn push(&self, id: u64, deliver: Deliver) {
            lock(&self.queue).push((id, deliver));
            if !self.signalled.swap(true, Ordering::SeqCst) {
                // Non-blocking; MSG_NOSIGNAL, so a closed reader is just an error.
                let _ = (&self.tx).write(&[1]);
            }
        }

        /// Queues a job for the loop's thread; `false` (the job dropped) once closed.
        pub fn push_job(&self, job: OnLoop) -> bool {
            let refused = {
                let mut jobs = lock(&self.jobs);
                match jobs.as_mut() {
                    Some(jobs) => {
                        jobs.push(job);
                        None
                    }
                    None => Some(job),
                }
            };
            if let Some(job) = refused {
                drop(job);
                return false;
            }
            if !self.signalled.swap(true, Ordering::SeqCst) {
                let _ = (&self.tx).write(&[1]);
            }
            true
        }
    }

    /// The loop side: the read end registered with `add_reader`, and the futures waiting.
    #[pyclass(frozen, module = "vobiz_partner._native")]
    pub struct LoopChannel {
        shared: Arc<Shared>,
        rx: Mutex<Option<UnixStream>>,
        fd: i32,
        event_loop: Py<PyAny>,
        pending: Mutex<HashMap<u64, Py<PyAny>>>,
        /// The process that made the socket pair; a forked child makes its own.
        pid: u32,
    }

    /// The channels of loops with requests in flight.
    static CHANNELS: Mutex<Vec<Py<LoopChannel>>> = Mutex::new(Vec::new());

    /// This loop's channel, created (and registered with `add_reader`) on first use. `None`
    /// when the loop cannot watch file descriptors.
    pub fn for_loop(
        py: Python<'_>,
        event_loop: &Bound<'_, PyAny>,
    ) -> PyResult<Option<Py<LoopChannel>>> {
        let channels: Vec<Py<LoopChannel>> =
            lock(&CHANNELS).iter().map(|c| c.clone_ref(py)).collect();
        for channel in &channels {
            if channel.get().event_loop.as_ptr() == event_loop.as_ptr() {
                if channel.get().pid == std::process::id() {
                    return Ok(Some(channel.clone_ref(py)));
                }
                // Inherited through fork: the parent reads the same socket.
                LoopChannel::close(channel.bind(py));
            }
        }
        // Loops closed with requests still pending never drain their channel: drop those.
        for channel in &channels {
            let closed = channel
                .bind(py)
                .get()
                .event_loop
                .bind(py)
                .call_method0("is_closed")
                .and_then(|c| c.is_truthy())
                .unwrap_or(true);
            if closed {
                LoopChannel::close(channel.bind(py));
            }
        }

        let (rx, tx) = UnixStream::pair()
            .map_err(|e| PyRuntimeError::new_err(format!("cannot create a socket pair: {e}")))?;
        rx.set_nonblocking(true)?;
        tx.set_nonblocking(true)?;
        let fd = rx.as_raw_fd();
        let channel = Py::new(
            py,
            LoopChannel {
                shared: Arc::new(Shared {
                    queue: Mutex::new(Vec::new()),
                    jobs: Mutex::new(Some(Vec::new())),
                    signalled: AtomicBool::new(false),
                    tx,
                }),
                rx: Mutex::new(Some(rx)),
                fd,
                event_loop: event_loop.clone().unbind(),
                pending: Mutex::new(HashMap::new()),
                pid: std::process::id(),
            },
        )?;
        let callback = channel.bind(py).getattr("_on_readable")?;
        match event_loop.call_method1("add_reader", (fd, callback)) {
            Ok(_) => {}
            Err(err) if err.is_instance_of::<PyNotImplementedError>(py) => return Ok(None),
            Err(err) => return Err(err),
        }
        lock(&CHANNELS).push(channel.clone_ref(py));
        Ok(Some(channel))
    }

    impl LoopChannel {
        pub fn shared(&self) -> Arc<Shared> {
            Arc::clone(&self.shared)
        }

        pub fn pending_insert(&self, id: u64, future: Py<PyAny>) {
            lock(&self.pending).insert(id, future);
        }

        /// Stops waiting for request `id` (its future was cancelled or never started).
        pub fn forget(slf: &Bound<'_, Self>, id: u64) {
            let removed = lock(&slf.get().pending).remove(&id);
            drop(removed);
            Self::close_if_idle(slf);
        }

        fn close_if_idle(slf: &Bound<'_, Self>) {
            if lock(&slf.get().pending).is_empty() {
                Self::close(slf);
            }
        }

        /// Unregisters the reader and closes the read end. Idempotent.
        fn close(slf: &Bound<'_, Self>) {
            let this = slf.get();
            let Some(rx) = lock(&this.rx).take() else {
                return;
            };
            let py = slf.py();
            // A closed loop refuses; its selector is gone with it anyway.
            let _ = this
                .event_loop
                .bind(py)
                .call_method1("remove_reader", (this.fd,));
            drop(rx);
            let stranded = lock(&this.shared.jobs).take();
            drop(stranded);
            lock(&CHANNELS).retain(|c| c.as_ptr() != slf.as_ptr());
            let abandoned: Vec<Py<PyAny>> = lock(&this.pending).drain().map(|(_, f)| f).collect();
            drop(abandoned);
        }
    }

    #[pymethods]
    impl LoopChannel {
        /// Called by the event loop when a byte arrived: settle every finished request.
        fn _on_readable(slf: &Bound<'_, Self>) {
            let py = slf.py();
            let this = slf.get();
            {
                let rx = lock(&this.rx);
                let Some(mut rx) = rx.as_ref() else {
                    return;
                };
                let mut buf = [0u8; 64];
                loop {
                    match rx.read(&mut buf) {
                        Ok(0) => break,
                        Ok(_) => continue,
                        Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                        Err(_) => break,
                    }
                }
            }
            // Cleared before taking the queue: a push after the take writes a new byte.
            this.shared.signalled.store(false, Ordering::SeqCst);
            let jobs = lock(&this.shared.jobs)
                .as_mut()
                .map(std::mem::take)
                .unwrap_or_default();
            for job in jobs {
                run_job(py, job);
            }
            let ready = std::mem::take(&mut *lock(&this.shared.queue));
            for (id, deliver) in ready {
                let future = lock(&this.pending).remove(&id);
                if let Some(future) = future {
                    settle(py, future.bind(py), deliver);
                }
            }
            Self::close_if_idle(slf);
        }
    }
}

#[cfg(not(unix))]
mod channel {
    //! Without Unix socket pairs every loop takes the `call_soon_threadsafe` path.

    use std::sync::Arc;

    use super::*;

    pub fn next_request_id() -> u64 {
        0
    }

    pub struct Shared;

    impl Shared {
        pub fn push(&self, _id: u64, _deliver: Deliver) {}
        pub fn push_job(&self, _job: OnLoop) -> bool {
            false
        }
    }

    #[pyclass(frozen, module = "vobiz_partner._native")]
    pub struct LoopChannel;

    impl LoopChannel {
        pub fn shared(&self) -> Arc<Shared> {
            Arc::new(Shared)
        }
        pub fn pending_insert(&self, _id: u64, _future: Py<PyAny>) {}
        pub fn forget(_slf: &Bound<'_, Self>, _id: u64) {}
    }

    pub fn for_loop(
        _py: Python<'_>,
        _event_loop: &Bound<'_, PyAny>,
    ) -> PyResult<Option<Py<LoopChannel>>> {
        Ok(None)
    }
}
