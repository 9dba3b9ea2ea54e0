//! Panics never cross into Node.
//!
//! A panic unwinding out of a Node-API callback aborts the whole Node process; one inside a
//! spawned future reaches JS as napi's bare `Error` whose message is the panic's payload
//! (std's messages can quote the string being handled: a token, a password). So every entry
//! point of this addon runs its work through [`sync`] (work on the JS thread: converting the
//! arguments, the call, converting the result) or [`spawn`] (a future on the runtime, then
//! its settlement on the JS thread), which turn a panic into the core's
//! [`Error::Internal`](vobiz_partner::Error::Internal): a JS error with `code` `INTERNAL` and
//! the usual `vobiz` report, which `ts/errors.ts` rethrows as an `InternalError`. Neither keeps
//! the payload; the quiet panic hook installed at module load logs only where it happened.
//!
//! Results whose conversion to JS runs this crate's code ([`JsView`](crate::client::JsView)
//! trees, JSON values) are converted inside the guard ([`value`]), not after it.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};

use napi::bindgen_prelude::*;
use vobiz_partner as vp;

use crate::error::to_js;

/// The JS error of a caught panic. Building it runs on the JS thread and cannot itself be
/// allowed to unwind: if it panics too, a plain error without the report is thrown.
fn internal_js(env: &Env, internal: &vp::Error) -> napi::Error {
    catch_unwind(AssertUnwindSafe(|| to_js(env, internal))).unwrap_or_else(|_| {
        napi::Error::new(
            Status::GenericFailure,
            "internal error in vobiz-partner (please report it)",
        )
    })
}

/// Runs `work` on the JS thread; a panic becomes the thrown `INTERNAL` error. `context`
/// names the entry point (never an argument value).
pub(crate) fn sync<T>(env: &Env, context: &str, work: impl FnOnce() -> Result<T>) -> Result<T> {
    match vp::panic::catch_sync(context, || Ok(work())) {
        Ok(result) => result,
        Err(internal) => Err(internal_js(env, &internal)),
    }
}

/// `value` converted to its JS value now (call it inside [`sync`], so a panic in the
/// conversion is caught like any other).
pub(crate) fn value<V: ToNapiValue>(env: &Env, value: V) -> Result<Unknown<'_>> {
    value.into_unknown(env)
}

/// Runs `work` on the addon's runtime and settles the returned promise on the JS thread:
/// with `settle`'s value (converted inside the guard), or with the JS error of the core's
/// error. A panic in `work`, in `settle` or in the conversion rejects the promise with the
/// `INTERNAL` error.
pub(crate) fn spawn<'env, T, V, F, S>(
    env: &'env Env,
    context: &'static str,
    work: F,
    settle: S,
) -> Result<PromiseRaw<'env, Unknown<'env>>>
where
    T: Send + 'static,
    V: ToNapiValue,
    F: Future<Output = vp::Result<T>> + Send + 'static,
    S: FnOnce(&'env Env, T) -> Result<V> + 'static,
{
    env.spawn_future_with_callback(
        // The future resolves with the outcome either way: a JS error can only be built on
        // the JS thread, in the callback.
        async move { Ok(vp::panic::catch(context, work).await) },
        move |env: &'env Env, outcome| {
            sync(env, context, || match outcome {
                Ok(done) => value(env, settle(env, done)?),
                Err(error) => Err(to_js(env, &error)),
            })
        },
    )
}
