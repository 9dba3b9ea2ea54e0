//! The core's atomic JSON state file (`workflows::onboarding::{load,save}_state_file`), for
//! the package's `FileStateStore` (`ts/onboarding.ts`). The state crosses as JSON text.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use vobiz_partner as vp;
use vp::workflows::onboarding;

use crate::error::js_result;
use crate::guard;

/// The JSON text of the state in `path`, or `null` when the file does not exist. Throws the
/// core's `VALIDATION` error (`path`: unreadable, `state`: not JSON).
#[napi]
pub fn load_state_file(env: Env, path: String) -> Result<Option<String>> {
    guard::sync(&env, "loadStateFile", || {
        let loaded = onboarding::load_state_file(&path).and_then(|value| {
            value
                .map(|v| {
                    serde_json::to_string(&v)
                        .map_err(|e| vp::Error::validation("state", format!("cannot be read: {e}")))
                })
                .transpose()
        });
        js_result(&env, loaded)
    })
}

/// Writes `json` (a JSON text) to `path` atomically: a temporary file beside it, `fsync`,
/// then a rename. Throws the core's `VALIDATION` error (`state`: not JSON, `path`: not
/// writable).
#[napi]
pub fn save_state_file(env: Env, path: String, json: String) -> Result<()> {
    guard::sync(&env, "saveStateFile", || {
        let saved = serde_json::from_str::<serde_json::Value>(&json)
            .map_err(|e| vp::Error::validation("state", format!("is not JSON: {e}")))
            .and_then(|value| onboarding::save_state_file(&path, &value));
        js_result(&env, saved)
    })
}
