//! `verifyWebhook`: the core's KYC webhook verification ([`vobiz_partner::webhooks`]) for
//! the package's `verifyWebhook` (`ts/webhooks.ts`), which flattens the headers of any Node
//! framework into name/value pairs and turns the thrown error into a `WebhookError`.
//!
//! The event crosses as the same camelCased JS value the clients' results do ([`JsView`]).

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use vobiz_partner as vp;
use vp::view::{KeyCase, to_view};
use vp::webhooks::{self, VerifyOptions};

use crate::client::JsView;
use crate::error::js_result;
use crate::guard;

/// One request header.
#[napi(object)]
#[derive(Clone, Debug)]
pub struct WebhookHeader {
    /// Its name (any case).
    pub name: String,
    /// Its value.
    pub value: String,
}

/// How the event's age is judged; omitted fields check the signature only.
#[napi(object)]
#[derive(Clone, Debug, Default)]
pub struct NativeVerifyOptions {
    /// Refuse events older than this many milliseconds (and events without a time).
    pub max_age_ms: Option<f64>,
    /// The time to judge against, in milliseconds since the epoch (default: now).
    pub now_ms: Option<f64>,
}

/// Verifies a KYC webhook delivery (the raw body, its headers, the signing key) and returns
/// the event; throws the core's `WEBHOOK` error when refused.
#[napi(ts_return_type = "Record<string, unknown>")]
pub fn verify_webhook<'env>(
    env: &'env Env,
    body: Buffer,
    headers: Vec<WebhookHeader>,
    secret: String,
    options: Option<NativeVerifyOptions>,
) -> Result<Unknown<'env>> {
    guard::sync(env, "verifyWebhook", || {
        let verified = verify_options(options.unwrap_or_default()).and_then(|options| {
            let pairs = headers.into_iter().map(|h| (h.name, h.value));
            let event = webhooks::verify(&body, pairs, &secret, options)?;
            to_view(&event)
        });
        let view = js_result(env, verified)?;
        guard::value(env, JsView(view.with_key_case(KeyCase::Camel)))
    })
}

fn verify_options(options: NativeVerifyOptions) -> vp::Result<VerifyOptions> {
    let max_age = options
        .max_age_ms
        .map(|ms| {
            Duration::try_from_secs_f64(ms / 1000.0).map_err(|_| {
                vp::Error::validation(
                    "max_age_ms",
                    "must be a finite, non-negative number of milliseconds",
                )
            })
        })
        .transpose()?;
    let now = options
        .now_ms
        .map(|ms| -> vp::Result<DateTime<Utc>> {
            (ms.is_finite() && ms.abs() < 8.64e15)
                .then(|| Utc.timestamp_millis_opt(ms as i64).single())
                .flatten()
                .ok_or_else(|| vp::Error::validation("now", "must be a valid Date"))
        })
        .transpose()?;
    Ok(VerifyOptions { max_age, now })
}
