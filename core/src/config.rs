//! Client configuration: where to send requests, how long to wait, how often to retry.
//!
//! Built from code with [`ClientConfig::builder`] or from the environment with
//! [`ClientConfig::from_env`] (`VOBIZ_BASE_URL`). Credentials are not part of it: they are
//! scoped types of their own ([`crate::credentials`]), so one configuration serves a
//! partner and the customers it acts for.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use url::Url;

use crate::error::{Error, Result};

/// The production API origin.
pub const DEFAULT_BASE_URL: &str = "https://api.vobiz.ai";
/// The environment variable that overrides the base URL.
pub const ENV_BASE_URL: &str = "VOBIZ_BASE_URL";

/// The default [`ClientConfig::max_response_bytes`]: far above any JSON page the API sends
/// (the CDR export asks for more on its own request).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// The default [`ClientConfig::settle_window`].
pub const DEFAULT_SETTLE_WINDOW: Duration = Duration::from_secs(120);

/// How failed safe requests are retried (unsafe ones never are once sent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub max_retries: u32,
    /// The backoff ceiling before the first retry; it doubles each retry.
    pub initial_backoff: Duration,
    /// The most any one backoff may be.
    pub max_backoff: Duration,
    /// The longest `Retry-After` the client will wait out; a longer one is returned to the
    /// caller as [`Error::RateLimited`] at once instead of blocking.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

/// Everything about how the client talks to the API, except credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientConfig {
    base_url: Url,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryPolicy,
    binding: String,
    max_response_bytes: u64,
    settle_window: Duration,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("base_url", &self.base_url.as_str())
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("settle_window", &self.settle_window)
            .field("user_agent", &self.user_agent())
            .finish()
    }
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig::builder()
            .build()
            .expect("the default configuration is valid")
    }
}

impl ClientConfig {
    /// Starts from the defaults: production URL, 10 s connect, 30 s per attempt, 2 retries,
    /// answers up to 64 MiB, a 120 s settle window.
    pub fn builder() -> ClientConfigBuilder {
        ClientConfigBuilder {
            base_url: DEFAULT_BASE_URL.to_owned(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            binding: "rust".to_owned(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            settle_window: DEFAULT_SETTLE_WINDOW,
        }
    }

    /// The defaults, with the base URL from `VOBIZ_BASE_URL` when it is set.
    pub fn from_env() -> Result<Self> {
        Self::builder_from_env()?.build()
    }

    /// A builder preloaded from the environment, for further changes.
    pub fn builder_from_env() -> Result<ClientConfigBuilder> {
        let mut builder = Self::builder();
        match std::env::var(ENV_BASE_URL) {
            Ok(url) if !url.trim().is_empty() => {
                builder = builder.base_url(url.trim());
            }
            Ok(_) | Err(std::env::VarError::NotPresent) => {}
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(Error::validation(ENV_BASE_URL, "is not valid UTF-8"));
            }
        }
        Ok(builder)
    }

    /// The origin (and any path prefix) requests go to; API paths are appended to it.
    pub fn base_url(&self) -> &Url {
        &self.base_url
    }
    /// How long establishing a connection may take.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }
    /// How long one attempt may take, from connecting to the last byte of the answer.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }
    /// The retry policy for safe requests.
    pub fn retry(&self) -> RetryPolicy {
        self.retry
    }
    /// The largest answer read, in bytes; reading stops there with
    /// [`Error::ResponseTooLarge`].
    pub fn max_response_bytes(&self) -> u64 {
        self.max_response_bytes
    }
    /// How long after sending an unsafe request whose outcome is unknown the server is
    /// assumed to still possibly commit it. The safe transfer never re-sends inside it.
    pub fn settle_window(&self) -> Duration {
        self.settle_window
    }
    /// `vobiz-partner/<version> (<binding>)`.
    pub fn user_agent(&self) -> String {
        format!("vobiz-partner/{} ({})", crate::VERSION, self.binding)
    }
}

/// Builds a [`ClientConfig`]; [`build`](ClientConfigBuilder::build) checks it.
#[derive(Clone, Debug)]
pub struct ClientConfigBuilder {
    base_url: String,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryPolicy,
    binding: String,
    max_response_bytes: u64,
    settle_window: Duration,
}

impl ClientConfigBuilder {
    /// The API origin, e.g. `https://api.vobiz.ai` or a sandbox's `http://127.0.0.1:PORT`.
    /// A trailing `/api/v1` is accepted and dropped (paths carry it).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }
    /// How long establishing a connection may take.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }
    /// How long one attempt may take.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
    /// Retries after the first attempt, for safe requests.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }
    /// The whole retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }
    /// The largest answer read, in bytes (default 64 MiB); more is
    /// [`Error::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = bytes;
        self
    }
    /// How long after an ambiguous unsafe request the server may still commit it (default
    /// 120 s): [`crate::Partner::transfer_balance_safely`] re-reads the ledger within it and
    /// re-sends only after it. Set it above the longest time the server (and any proxy in
    /// front of it) may keep working on a request the client gave up on.
    pub fn settle_window(mut self, window: Duration) -> Self {
        self.settle_window = window;
        self
    }
    /// The binding named in the user agent (`rust`, `python`, `node`).
    pub fn binding(mut self, binding: impl Into<String>) -> Self {
        self.binding = binding.into();
        self
    }

    /// Checks the configuration: an absolute `https` URL (plain `http` only for loopback
    /// hosts), without credentials, query or fragment; non-zero timeouts.
    pub fn build(self) -> Result<ClientConfig> {
        let base_url = parse_base_url(&self.base_url)?;
        if self.connect_timeout.is_zero() {
            return Err(Error::validation(
                "connect_timeout",
                "must be greater than zero",
            ));
        }
        if self.timeout.is_zero() {
            return Err(Error::validation("timeout", "must be greater than zero"));
        }
        if self.retry.max_retries > 10 {
            return Err(Error::validation(
                "max_retries",
                format!("must be at most 10, got {}", self.retry.max_retries),
            ));
        }
        if self.binding.is_empty() || !self.binding.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::validation("binding", "must be a short ASCII name"));
        }
        if self.max_response_bytes == 0 {
            return Err(Error::validation(
                "max_response_bytes",
                "must be greater than zero",
            ));
        }
        Ok(ClientConfig {
            base_url,
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            retry: self.retry,
            binding: self.binding,
            max_response_bytes: self.max_response_bytes,
            settle_window: self.settle_window,
        })
    }
}

/// Whether plain `http://` may be used with this URL: only on loopback.
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Refuses any scheme but https, and http except to loopback.
pub(crate) fn check_scheme(url: &Url, field: &str) -> Result<()> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(Error::validation(
            field,
            format!(
                "plain http:// is refused for {} (credentials would travel unencrypted); use https:// or a loopback host",
                url.host_str().unwrap_or("")
            ),
        )),
        other => Err(Error::validation(
            field,
            format!("scheme {other:?} is not supported; use https://"),
        )),
    }
}

fn parse_base_url(text: &str) -> Result<Url> {
    let mut url = Url::parse(text.trim())
        // The input is not echoed: a malformed URL may still embed a password.
        .map_err(|e| Error::validation("base_url", format!("is not an absolute URL ({e})")))?;
    check_scheme(&url, "base_url")?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::validation("base_url", "has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::validation(
            "base_url",
            "must not embed a user or password; pass credentials separately",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::validation(
            "base_url",
            "must not have a query or fragment",
        ));
    }
    let path = url.path().trim_end_matches('/');
    let path = path.strip_suffix("/api/v1").unwrap_or(path).to_owned();
    url.set_path(&path);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_point_at_production() {
        let c = ClientConfig::default();
        assert_eq!(c.base_url().as_str(), "https://api.vobiz.ai/");
        assert_eq!(c.timeout(), Duration::from_secs(30));
        assert_eq!(c.retry().max_retries, 2);
        assert_eq!(
            c.user_agent(),
            format!("vobiz-partner/{} (rust)", crate::VERSION)
        );
    }

    #[test]
    fn base_urls_are_normalised() {
        for (given, want) in [
            ("https://api.vobiz.ai/api/v1", "https://api.vobiz.ai/"),
            ("https://api.vobiz.ai/api/v1/", "https://api.vobiz.ai/"),
            (
                "https://gw.example.com/vobiz/",
                "https://gw.example.com/vobiz",
            ),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080/"),
            ("http://localhost:9", "http://localhost:9/"),
            ("http://[::1]:9", "http://[::1]:9/"),
        ] {
            let c = ClientConfig::builder().base_url(given).build().unwrap();
            assert_eq!(c.base_url().as_str(), want, "{given}");
        }
    }

    #[test]
    fn unsafe_or_malformed_base_urls_are_refused() {
        for bad in [
            "http://api.vobiz.ai",
            "http://10.0.0.1:8080",
            "ftp://api.vobiz.ai",
            "api.vobiz.ai",
            "https://user:pw@api.vobiz.ai",
            "https://api.vobiz.ai/?x=1",
            "",
        ] {
            let err = ClientConfig::builder().base_url(bad).build().unwrap_err();
            assert_eq!(err.validation_field(), Some("base_url"), "{bad}: {err}");
        }
        let err = ClientConfig::builder()
            .base_url("https://user:s3cr3t@h")
            .build()
            .unwrap_err();
        assert!(!err.to_string().contains("s3cr3t"), "{err}");
    }

    #[test]
    fn bad_limits_are_refused() {
        let err = ClientConfig::builder()
            .timeout(Duration::ZERO)
            .build()
            .unwrap_err();
        assert_eq!(err.validation_field(), Some("timeout"));
        let err = ClientConfig::builder().max_retries(11).build().unwrap_err();
        assert_eq!(err.validation_field(), Some("max_retries"));
        let c = ClientConfig::builder().binding("python").build().unwrap();
        assert!(c.user_agent().ends_with("(python)"));
    }
}
