//! Deliberate panics inside this binding (feature `test-hooks` only), so the Node suite can
//! prove that the guards of [`crate::guard`] catch them wherever they happen: in the work on
//! the JS thread, in a future on the runtime, in a promise's settlement, in the conversion
//! of a result. Every payload holds [`PAYLOAD`], which must never reach JS.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::guard;

/// What each deliberate panic says: the suite checks it is never shown.
pub const PAYLOAD: &str = "vobiz-test-hooks-secret-payload";

/// A value whose conversion to JS panics.
struct PanicsWhenConverted;

impl ToNapiValue for PanicsWhenConverted {
    unsafe fn to_napi_value(_env: sys::napi_env, _val: Self) -> Result<sys::napi_value> {
        panic!("{PAYLOAD} (conversion)")
    }
}

/// Panics on the JS thread: `"work"` in the function's own work, `"conversion"` while its
/// result is converted to JS. Anything else returns `"no panic"`.
#[napi(ts_return_type = "string")]
pub fn test_panic_sync<'env>(env: &'env Env, place: String) -> Result<Unknown<'env>> {
    guard::sync(env, "testPanicSync", || match place.as_str() {
        "work" => panic!("{PAYLOAD} (work)"),
        "conversion" => guard::value(env, PanicsWhenConverted),
        _ => guard::value(env, "no panic"),
    })
}

/// Panics for a promise: `"task"` in the future on the runtime, `"settle"` in its
/// settlement on the JS thread, `"conversion"` while its result is converted. Anything else
/// resolves with `"no panic"`.
#[napi(ts_return_type = "Promise<string>")]
pub fn test_panic_async<'env>(
    env: &'env Env,
    place: String,
) -> Result<PromiseRaw<'env, Unknown<'env>>> {
    guard::sync(env, "testPanicAsync", || {
        let in_task = place == "task";
        guard::spawn(
            env,
            "testPanicAsync",
            async move {
                if in_task {
                    panic!("{PAYLOAD} (task)");
                }
                Ok(place)
            },
            |env, place| match place.as_str() {
                "settle" => panic!("{PAYLOAD} (settle)"),
                "conversion" => guard::value(env, PanicsWhenConverted),
                _ => guard::value(env, "no panic"),
            },
        )
    })
}
