//! `NativeClient.onboard`: the core's one onboarding driver
//! ([`run_named_onboarding`]) with the caller's JS functions as its host — the store's
//! `load()`/`save(state)` (or a path: the core's atomic JSON file), `onCredentials` and
//! `progress`.
//!
//! The driver runs on the addon's tokio runtime; each JS function is called on the JS
//! thread through a `ThreadsafeFunction`. What a function returns may be a value or a
//! Promise: a Promise is awaited (its resolution converted on the JS thread). A JS function
//! that throws, or a Promise that rejects, fails the host call with **that very value**
//! ([`HostFailure::Js`]: napi keeps a reference to it), and the run's Promise rejects with
//! it unchanged; the core decides what happens around it (the state is saved after a failed
//! credentials hand-over, …: see `run_onboarding`). The driver's own errors reject with the
//! addon's usual error (`code`, `vobiz` report).
//!
//! States cross as camelCase objects (`subAccountId`, `waitingFor`), like the step
//! operations' results; a path store writes the same camelCase JSON as the JS
//! `FileStateStore`, so either reads the other's file.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use futures::channel::oneshot;
use futures::future::BoxFuture;
use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use serde_json::Value;
use vobiz_partner as vp;
use vp::ops::Client;
use vp::view::{IntoView, KeyCase, to_view};
use vp::workflows::onboarding::{
    OnboardingHost, OnboardingRun, OnboardingState, OnceShownCredentials, StepReport,
    load_state_file, run_named_onboarding, save_state_file,
};

use crate::client::JsView;
use crate::error::to_js;
use crate::guard;

/// A JS function callable from the runtime's threads with one argument of type `T` (none
/// for `()`); its return value is read on the JS thread.
type JsFn<T> = ThreadsafeFunction<T, Unknown<'static>, T, Status, false>;

/// Why a host call failed.
pub enum HostFailure {
    /// The caller's JS code threw or rejected: that value, unchanged.
    Js(napi::Error),
    /// The SDK's error (a step's, a refused state, a function that could not be called).
    Sdk(vp::Error),
}

impl From<vp::Error> for HostFailure {
    fn from(error: vp::Error) -> Self {
        HostFailure::Sdk(error)
    }
}

/// Where the state is kept.
enum Store {
    /// A JSON file (camelCase keys), written atomically by the core.
    File(PathBuf),
    /// The caller's `load()` / `save(state)`.
    Js { load: JsFn<()>, save: JsFn<JsView> },
}

/// The caller's JS functions as the driver's host.
pub struct NodeHost {
    store: Store,
    on_credentials: JsFn<JsView>,
    progress: Option<JsFn<JsView>>,
}

/// A function's answer as it left the JS thread: a value, or a Promise still to settle.
enum Reply<R: FromNapiValue + 'static> {
    Ready(Result<R>),
    Pending(Promise<R>),
}

/// What `load()` gave (or its Promise resolved to): a JSON value, `None` for `null` /
/// `undefined`, or why it is not JSON (reported as a refused state, never as a JS throw).
struct Loaded(std::result::Result<Option<Value>, String>);

impl FromNapiValue for Loaded {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        // SAFETY: called by napi on the JS thread with a live value of `env`.
        let read = unsafe { Option::<Value>::from_napi_value(env, value) };
        Ok(Loaded(read.map_err(|e| e.reason)))
    }
}

/// A return value nobody reads.
struct Ignored;

impl FromNapiValue for Ignored {
    unsafe fn from_napi_value(_env: sys::napi_env, _value: sys::napi_value) -> Result<Self> {
        Ok(Ignored)
    }
}

fn stopped(what: &str) -> vp::Error {
    vp::Error::Internal {
        message: format!(
            "{what} could not be called: the JS environment is shutting down during the onboarding"
        ),
    }
}

/// The reply for what a JS function returned (on the JS thread).
fn reply_of<R: FromNapiValue + 'static>(env: &Env, returned: Result<Unknown<'static>>) -> Reply<R> {
    let value = match returned {
        Ok(value) => value,
        // A JS throw: the error keeps a reference to the thrown value.
        Err(thrown) => return Reply::Ready(Err(thrown)),
    };
    match value.is_promise() {
        // SAFETY: on the JS thread, with the live value napi handed to the callback.
        Ok(true) => match unsafe { Promise::<R>::from_napi_value(env.raw(), value.raw()) } {
            Ok(promise) => Reply::Pending(promise),
            Err(error) => Reply::Ready(Err(error)),
        },
        // SAFETY: as above.
        Ok(false) => Reply::Ready(unsafe { R::from_napi_value(env.raw(), value.raw()) }),
        Err(error) => Reply::Ready(Err(error)),
    }
}

/// Calls `function(arg)` on the JS thread and waits for its value (a Promise settled).
async fn call_js<T, R>(
    what: &'static str,
    function: &JsFn<T>,
    arg: T,
) -> std::result::Result<R, HostFailure>
where
    T: 'static + JsValuesTupleIntoVec,
    R: FromNapiValue + Send + 'static,
{
    let (tx, rx) = oneshot::channel::<Reply<R>>();
    let status = function.call_with_return_value(
        arg,
        ThreadsafeFunctionCallMode::NonBlocking,
        move |returned, env| {
            // Nothing may unwind into napi here, and an `Err` would be a fatal exception.
            let reply = catch_unwind(AssertUnwindSafe(|| reply_of::<R>(&env, returned)))
                .unwrap_or_else(|_| {
                    Reply::Ready(Err(napi::Error::from_reason(format!(
                        "reading what {what} returned panicked"
                    ))))
                });
            let _ = tx.send(reply);
            Ok(())
        },
    );
    if status != Status::Ok {
        return Err(HostFailure::Sdk(stopped(what)));
    }
    let settled = match rx.await {
        Ok(Reply::Ready(result)) => result,
        Ok(Reply::Pending(promise)) => promise.await,
        Err(_) => return Err(HostFailure::Sdk(stopped(what))),
    };
    settled.map_err(HostFailure::Js)
}

fn view_arg<T: IntoView + ?Sized>(value: &T) -> vp::Result<JsView> {
    Ok(JsView(to_view(value)?.with_key_case(KeyCase::Camel)))
}

impl OnboardingHost for NodeHost {
    type Error = HostFailure;

    fn load(&self) -> BoxFuture<'_, std::result::Result<Option<OnboardingState>, HostFailure>> {
        Box::pin(async move {
            let value = match &self.store {
                Store::File(path) => load_state_file(path)?,
                Store::Js { load, .. } => {
                    let Loaded(value) = call_js("store.load", load, ()).await?;
                    value.map_err(|reason| {
                        vp::Error::validation(
                            "state",
                            format!("is not an onboarding state: {reason}"),
                        )
                    })?
                }
            };
            Ok(value
                .map(|value| OnboardingState::from_json(value, KeyCase::Camel))
                .transpose()?)
        })
    }

    fn save<'a>(
        &'a self,
        state: &'a OnboardingState,
    ) -> BoxFuture<'a, std::result::Result<(), HostFailure>> {
        Box::pin(async move {
            match &self.store {
                Store::File(path) => Ok(save_state_file(path, &state.to_json(KeyCase::Camel)?)?),
                Store::Js { save, .. } => {
                    let state = JsView(state.to_view(KeyCase::Camel)?);
                    let Ignored = call_js("store.save", save, state).await?;
                    Ok(())
                }
            }
        })
    }

    fn on_credentials(
        &self,
        credentials: OnceShownCredentials,
    ) -> BoxFuture<'_, std::result::Result<(), HostFailure>> {
        Box::pin(async move {
            let credentials = view_arg(&credentials)?;
            let Ignored = call_js("onCredentials", &self.on_credentials, credentials).await?;
            Ok(())
        })
    }

    fn progress<'a>(
        &'a self,
        report: &'a StepReport,
    ) -> BoxFuture<'a, std::result::Result<(), HostFailure>> {
        Box::pin(async move {
            let Some(progress) = &self.progress else {
                return Ok(());
            };
            let report = view_arg(report)?;
            let Ignored = call_js("progress", progress, report).await?;
            Ok(())
        })
    }
}

/// A JS function as a [`JsFn`] (made on the JS thread).
fn threadsafe<T: 'static + JsValuesTupleIntoVec>(
    env: &Env,
    function: &Function<'_>,
) -> Result<JsFn<T>> {
    // SAFETY: on the JS thread, with the live function napi handed to the method.
    let typed: Function<'_, T, Unknown<'static>> =
        unsafe { Function::from_napi_value(env.raw(), function.raw())? };
    typed
        .build_threadsafe_function::<T>()
        .callee_handled::<false>()
        .build()
}

/// The caller's functions as they reach the method.
pub struct JsFunctions<'env> {
    /// A path for the core's file store, or `None` with `load`/`save`.
    pub store_path: Option<String>,
    pub load: Option<Function<'env>>,
    pub save: Option<Function<'env>>,
    pub on_credentials: Function<'env>,
    pub progress: Option<Function<'env>>,
}

impl JsFunctions<'_> {
    fn host(&self, env: &Env) -> Result<NodeHost> {
        let store = match (&self.store_path, &self.load, &self.save) {
            (Some(path), None, None) => Store::File(PathBuf::from(path)),
            (None, Some(load), Some(save)) => Store::Js {
                load: threadsafe(env, load)?,
                save: threadsafe(env, save)?,
            },
            _ => {
                return Err(napi::Error::new(
                    Status::InvalidArg,
                    "give the store as a path, or as load and save functions",
                ));
            }
        };
        Ok(NodeHost {
            store,
            on_credentials: threadsafe(env, &self.on_credentials)?,
            progress: self
                .progress
                .as_ref()
                .map(|p| threadsafe(env, p))
                .transpose()?,
        })
    }
}

/// The run's Promise: resolves `{state, finished, waitingFor, reports}`; rejects with the
/// caller's own thrown value, or with the addon's error for the SDK's.
pub fn onboard<'env>(
    env: &'env Env,
    client: Client,
    op: String,
    args: vp::Result<Value>,
    functions: JsFunctions<'_>,
) -> Result<PromiseRaw<'env, Unknown<'env>>> {
    let host = functions.host(env)?;
    guard::spawn(
        env,
        "NativeClient.onboard",
        async move {
            let result = match args {
                Ok(args) => run_named_onboarding(&client, &op, args, KeyCase::Camel, &host).await,
                Err(error) => Err(HostFailure::Sdk(error)),
            };
            Ok((result, host))
        },
        |env, (result, host): (std::result::Result<OnboardingRun, HostFailure>, NodeHost)| {
            drop(host);
            match result {
                Ok(run) => run
                    .to_view(KeyCase::Camel)
                    .map(JsView)
                    .map_err(|e| to_js(env, &e)),
                Err(HostFailure::Js(thrown)) => Err(thrown),
                Err(HostFailure::Sdk(error)) => Err(to_js(env, &error)),
            }
        },
    )
}
