//! `ClientConfig`: the core configuration, built with the binding name `node`.

use std::time::Duration;

use napi::bindgen_prelude::*;
use napi_derive::napi;
use vobiz_partner as vp;

use crate::error::js_result;
use crate::guard;

/// The options of `new ClientConfig(options)` and `ClientConfig.fromEnv(options)`.
/// Omitted options keep the core's defaults.
#[napi(object)]
#[derive(Clone, Debug, Default)]
pub struct ClientConfigOptions {
    /// The API origin, e.g. `https://api.vobiz.ai` or a sandbox's `http://127.0.0.1:PORT`.
    pub base_url: Option<String>,
    /// How long one attempt may take, in milliseconds (default 30000).
    pub timeout_ms: Option<f64>,
    /// How long connecting may take, in milliseconds (default 10000).
    pub connect_timeout_ms: Option<f64>,
    /// Retries after the first attempt, for safe requests (default 2, at most 10).
    pub max_retries: Option<f64>,
    /// The largest answer read, in bytes (default 64 MiB).
    pub max_response_bytes: Option<f64>,
    /// How long after an ambiguous transfer the server may still commit it, in
    /// milliseconds (default 120000).
    pub settle_window_ms: Option<f64>,
}

/// Milliseconds from JS → a `Duration`. Only the conversion is checked here (a finite,
/// non-negative number); the core decides what durations are acceptable.
pub(crate) fn millis(field: &str, ms: f64) -> vp::Result<Duration> {
    let nanos = ms * 1e6;
    if !ms.is_finite() || ms < 0.0 || nanos > u64::MAX as f64 {
        return Err(vp::Error::validation(
            field,
            "must be a finite, non-negative number of milliseconds",
        ));
    }
    Ok(Duration::from_nanos(nanos.round() as u64))
}

/// A JS number → a retry count. Only the conversion is checked here; the core sets the limit.
pub(crate) fn count(field: &str, n: f64) -> vp::Result<u32> {
    if !n.is_finite() || n < 0.0 || n.fract() != 0.0 || n > u32::MAX as f64 {
        return Err(vp::Error::validation(
            field,
            "must be a whole number, 0 or more",
        ));
    }
    Ok(n as u32)
}

/// A JS number → a byte count (whole, 0 or more, exact in a double).
fn byte_count(field: &str, n: f64) -> vp::Result<u64> {
    const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
    if !n.is_finite() || n < 0.0 || n.fract() != 0.0 || n > MAX_SAFE_INTEGER {
        return Err(vp::Error::validation(
            field,
            "must be a whole number of bytes",
        ));
    }
    Ok(n as u64)
}

pub(crate) fn to_millis(d: Duration) -> f64 {
    d.as_nanos() as f64 / 1e6
}

fn apply(
    mut builder: vp::ClientConfigBuilder,
    options: Option<ClientConfigOptions>,
) -> vp::Result<vp::ClientConfig> {
    let options = options.unwrap_or_default();
    builder = builder.binding("node");
    if let Some(url) = options.base_url {
        builder = builder.base_url(url);
    }
    if let Some(ms) = options.timeout_ms {
        builder = builder.timeout(millis("timeout", ms)?);
    }
    if let Some(ms) = options.connect_timeout_ms {
        builder = builder.connect_timeout(millis("connect_timeout", ms)?);
    }
    if let Some(n) = options.max_retries {
        builder = builder.max_retries(count("max_retries", n)?);
    }
    if let Some(bytes) = options.max_response_bytes {
        builder = builder.max_response_bytes(byte_count("max_response_bytes", bytes)?);
    }
    if let Some(ms) = options.settle_window_ms {
        builder = builder.settle_window(millis("settle_window", ms)?);
    }
    builder.build()
}

/// Where requests go, how long they may take and how often safe ones are retried.
#[napi]
#[derive(Clone)]
pub struct ClientConfig {
    pub(crate) inner: vp::ClientConfig,
}

#[napi]
impl ClientConfig {
    /// The core defaults, changed by `options`.
    #[napi(constructor)]
    pub fn new(env: Env, options: Option<ClientConfigOptions>) -> Result<Self> {
        guard::sync(&env, "ClientConfig.new", || {
            let inner = js_result(&env, apply(vp::ClientConfig::builder(), options))?;
            Ok(ClientConfig { inner })
        })
    }

    /// The core defaults with `VOBIZ_BASE_URL` when set, then `options`.
    #[napi(factory)]
    pub fn from_env(env: Env, options: Option<ClientConfigOptions>) -> Result<Self> {
        guard::sync(&env, "ClientConfig.fromEnv", || {
            let inner = js_result(
                &env,
                vp::ClientConfig::builder_from_env().and_then(|b| apply(b, options)),
            )?;
            Ok(ClientConfig { inner })
        })
    }

    /// The normalised base URL.
    #[napi(getter)]
    pub fn base_url(&self, env: Env) -> Result<String> {
        guard::sync(&env, "ClientConfig.baseUrl", || {
            Ok(self.inner.base_url().as_str().to_owned())
        })
    }

    /// Per-attempt timeout in milliseconds.
    #[napi(getter)]
    pub fn timeout_ms(&self, env: Env) -> Result<f64> {
        guard::sync(&env, "ClientConfig.timeoutMs", || {
            Ok(to_millis(self.inner.timeout()))
        })
    }

    /// Connect timeout in milliseconds.
    #[napi(getter)]
    pub fn connect_timeout_ms(&self, env: Env) -> Result<f64> {
        guard::sync(&env, "ClientConfig.connectTimeoutMs", || {
            Ok(to_millis(self.inner.connect_timeout()))
        })
    }

    /// Retries after the first attempt, for safe requests.
    #[napi(getter)]
    pub fn max_retries(&self, env: Env) -> Result<u32> {
        guard::sync(&env, "ClientConfig.maxRetries", || {
            Ok(self.inner.retry().max_retries)
        })
    }

    /// The largest answer read, in bytes.
    #[napi(getter)]
    pub fn max_response_bytes(&self, env: Env) -> Result<f64> {
        guard::sync(&env, "ClientConfig.maxResponseBytes", || {
            Ok(self.inner.max_response_bytes() as f64)
        })
    }

    /// The settle window of the safe transfer, in milliseconds.
    #[napi(getter)]
    pub fn settle_window_ms(&self, env: Env) -> Result<f64> {
        guard::sync(&env, "ClientConfig.settleWindowMs", || {
            Ok(to_millis(self.inner.settle_window()))
        })
    }

    /// `vobiz-partner/<version> (node)`.
    #[napi(getter)]
    pub fn user_agent(&self, env: Env) -> Result<String> {
        guard::sync(&env, "ClientConfig.userAgent", || {
            Ok(self.inner.user_agent())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_refuse_what_cannot_be_a_duration_or_count() {
        assert_eq!(
            millis("timeout", 100.0).unwrap(),
            Duration::from_millis(100)
        );
        assert_eq!(millis("timeout", 0.5).unwrap(), Duration::from_micros(500));
        assert_eq!(to_millis(Duration::from_millis(100)), 100.0);
        for bad in [-1.0, f64::NAN, f64::INFINITY, 1e300] {
            let err = millis("timeout", bad).unwrap_err();
            assert_eq!(err.validation_field(), Some("timeout"));
        }
        assert_eq!(count("max_retries", 3.0).unwrap(), 3);
        for bad in [-1.0, 1.5, f64::NAN, 1e10] {
            assert!(count("max_retries", bad).is_err());
        }
    }

    #[test]
    fn the_binding_is_named_node() {
        let config = apply(vp::ClientConfig::builder(), None).unwrap();
        assert!(
            config.user_agent().ends_with(" (node)"),
            "{}",
            config.user_agent()
        );
    }
}
