//! The HTTP engine: sends an [`ApiRequest`] with a scope's credentials, follows redirects
//! without leaking them, retries what is safe to retry, and maps every failure to a typed
//! [`Error`].
//!
//! The rules (DESIGN principle 4 and 5):
//! - Safe requests are retried on connection failures, timeouts and 408/429/500/502/503/504,
//!   with capped exponential backoff and full jitter, waiting out `Retry-After` when given.
//! - Unsafe requests (POST) are retried only when the failure provably happened before any
//!   byte left (DNS, connect, TLS). Once sent, a lost answer is [`Error::OutcomeUnknown`] and
//!   a 5xx is returned as is: money is never sent twice.
//! - 409 is never retried.
//! - `X-Auth-*` is only ever sent to the configured origin; a redirect elsewhere is followed
//!   without credentials. Plain `http://` is refused, on every hop, unless the host is
//!   loopback.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::config::{ClientConfig, RetryPolicy, check_scheme};
use crate::credentials::{Credentials, Scope};
use crate::error::{DecodeFailure, Error, Result};
use crate::error_body::{ErrorAnswer, classify};
use crate::redact;
use crate::request::{ApiRequest, Idempotency};
use crate::retry::{is_retryable_status, jittered_backoff, parse_retry_after};

/// The most redirects one attempt follows.
const MAX_REDIRECTS: usize = 10;

/// Response headers that may carry a request id, most specific first.
const REQUEST_ID_HEADERS: [&str; 4] = [
    "x-vobiz-request-id",
    "x-request-id",
    "request-id",
    "x-correlation-id",
];

/// A successful (2xx) answer.
#[derive(Clone)]
pub struct ApiResponse {
    method: Method,
    path: String,
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
    request_id: Option<String>,
}

impl std::fmt::Debug for ApiResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiResponse")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("body", &redact::redact_body(&self.body, &[]).0)
            .finish()
    }
}

impl ApiResponse {
    /// The HTTP status (200, 201, 204…).
    pub fn status(&self) -> u16 {
        self.status
    }
    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
    /// The request id from a response header, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Decodes the body as `T`. An empty body (204, or a 200 with nothing) decodes as JSON
    /// `null`, so `Option<T>` and `()` targets accept it.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        let text: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &self.body
        };
        serde_json::from_slice(text).map_err(|e| self.decode_error(e.to_string()))
    }

    /// A [`Error::Decode`] for this response, with the body redacted.
    pub fn decode_error(&self, reason: impl Into<String>) -> Error {
        Error::Decode(Box::new(DecodeFailure {
            method: self.method.to_string(),
            path: self.path.clone(),
            status: self.status,
            reason: reason.into(),
            request_id: self.request_id.clone(),
            body: redact::redact_body(&self.body, &[]).0,
        }))
    }
}

/// How one attempt ended when it produced no HTTP answer.
enum AttemptFailure {
    /// Nothing left this machine (DNS, connect, TLS): safe to repeat whatever the method.
    NotSent(String),
    /// The request may have reached the server.
    MaybeSent { cause: String, timed_out: bool },
    /// A rule refused to go on (insecure redirect, redirect loop): not worth repeating.
    Refused(String),
}

/// An HTTP answer of any status.
struct RawAnswer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// The engine. Cheap to clone; clones share connection pools.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
}

struct Inner {
    config: ClientConfig,
    client: reqwest::Client,
    /// Clients for per-request connect timeouts (reqwest fixes that per client).
    by_connect_timeout: Mutex<HashMap<Duration, reqwest::Client>>,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("config", &self.inner.config)
            .finish()
    }
}

fn build_client(config: &ClientConfig, connect_timeout: Duration) -> Result<reqwest::Client> {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing this race to another installer is fine: any provider will do.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    reqwest::Client::builder()
        .user_agent(config.user_agent())
        .connect_timeout(connect_timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| Error::validation("config", format!("cannot build the HTTP client: {e}")))
}

impl Transport {
    /// An engine for this configuration.
    pub fn new(config: ClientConfig) -> Result<Self> {
        let client = build_client(&config, config.connect_timeout())?;
        Ok(Transport {
            inner: Arc::new(Inner {
                config,
                client,
                by_connect_timeout: Mutex::new(HashMap::new()),
            }),
        })
    }

    /// The configuration in force.
    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// Sends `request` with `scope`'s credentials and returns the 2xx answer, or the typed
    /// error.
    pub async fn send(&self, scope: &impl Scope, request: &ApiRequest) -> Result<ApiResponse> {
        self.send_as(Some(scope.credentials()), request).await
    }

    /// Sends `request` with **no** `X-Auth-*` headers, for the few routes that take none
    /// (`POST /partner/login`), with the same retry, redirect and error rules as
    /// [`send`](Self::send).
    pub async fn send_unauthenticated(&self, request: &ApiRequest) -> Result<ApiResponse> {
        self.send_as(None, request).await
    }

    /// The engine behind [`send`](Self::send) and
    /// [`send_unauthenticated`](Self::send_unauthenticated).
    async fn send_as(
        &self,
        credentials: Option<&Credentials>,
        request: &ApiRequest,
    ) -> Result<ApiResponse> {
        request.options.validate()?;
        let config = &self.inner.config;
        let mut policy: RetryPolicy = config.retry();
        if let Some(retries) = request.options.max_retries {
            policy.max_retries = retries;
        }
        let timeout = request.options.timeout.unwrap_or(config.timeout());
        let client = self.client_for(request.options.connect_timeout)?;
        let url = self.url_for(request)?;
        let method = request.method.as_str();
        let path = request.path.as_str();
        let safe = request.idempotency == Idempotency::Safe;
        let secrets: Vec<&str> = credentials
            .map(Credentials::expose_token)
            .into_iter()
            .collect();

        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let started = Instant::now();
            let outcome =
                tokio::time::timeout(timeout, self.attempt(&client, request, &url, credentials))
                    .await
                    .unwrap_or_else(|_| {
                        Err(AttemptFailure::MaybeSent {
                            cause: format!("no complete answer within {timeout:?}"),
                            timed_out: true,
                        })
                    });
            let latency_ms = started.elapsed().as_millis() as u64;
            let retries_left = attempt <= policy.max_retries;

            match outcome {
                Ok(answer) if answer.status.is_success() => {
                    tracing::debug!(
                        method,
                        path,
                        status = answer.status.as_u16(),
                        attempt,
                        latency_ms,
                        "vobiz request succeeded"
                    );
                    let request_id = request_id_of(&answer.headers);
                    return Ok(ApiResponse {
                        method: request.method.clone(),
                        path: path.to_owned(),
                        status: answer.status.as_u16(),
                        headers: answer.headers,
                        body: answer.body,
                        request_id,
                    });
                }
                Ok(answer) => {
                    let status = answer.status.as_u16();
                    let retry_after = answer
                        .headers
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| parse_retry_after(v, SystemTime::now()));
                    let error = classify(ErrorAnswer {
                        status,
                        method,
                        path,
                        request_id_header: request_id_of(&answer.headers),
                        retry_after_header: retry_after,
                        body: &answer.body,
                        secrets: &secrets,
                    });
                    // A wait named only in the body ("Please wait 1799 seconds") counts too.
                    let retry_after = match &error {
                        Error::RateLimited { retry_after, .. } => *retry_after,
                        _ => retry_after,
                    };
                    let wait = match retry_after {
                        Some(after) if after > policy.max_retry_after => None,
                        Some(after) => Some(after),
                        None => Some(jittered_backoff(&policy, attempt, &mut rand::rng())),
                    };
                    match wait {
                        Some(wait) if safe && retries_left && is_retryable_status(status) => {
                            tracing::info!(
                                method,
                                path,
                                status,
                                attempt,
                                latency_ms,
                                wait_ms = wait.as_millis() as u64,
                                "vobiz request failed, retrying"
                            );
                            tokio::time::sleep(wait).await;
                        }
                        _ => {
                            tracing::debug!(
                                method,
                                path,
                                status,
                                attempt,
                                latency_ms,
                                "vobiz request failed"
                            );
                            return Err(error);
                        }
                    }
                }
                Err(AttemptFailure::Refused(cause)) => {
                    tracing::warn!(method, path, attempt, cause = %cause, "vobiz request refused");
                    return Err(Error::Transport {
                        method: method.to_owned(),
                        path: path.to_owned(),
                        attempts: attempt,
                        cause,
                    });
                }
                Err(AttemptFailure::NotSent(cause)) if retries_left => {
                    let wait = jittered_backoff(&policy, attempt, &mut rand::rng());
                    tracing::info!(method, path, attempt, latency_ms, cause = %cause, "vobiz request not sent, retrying");
                    tokio::time::sleep(wait).await;
                }
                Err(AttemptFailure::NotSent(cause)) => {
                    return Err(Error::Transport {
                        method: method.to_owned(),
                        path: path.to_owned(),
                        attempts: attempt,
                        cause,
                    });
                }
                Err(AttemptFailure::MaybeSent { cause, .. }) if !safe => {
                    tracing::warn!(method, path, attempt, latency_ms, cause = %cause, "vobiz request outcome unknown");
                    return Err(Error::OutcomeUnknown {
                        method: method.to_owned(),
                        path: path.to_owned(),
                        attempts: attempt,
                        cause,
                    });
                }
                Err(AttemptFailure::MaybeSent { cause, .. }) if retries_left => {
                    let wait = jittered_backoff(&policy, attempt, &mut rand::rng());
                    tracing::info!(method, path, attempt, latency_ms, cause = %cause, "vobiz request failed in flight, retrying");
                    tokio::time::sleep(wait).await;
                }
                Err(AttemptFailure::MaybeSent { cause, timed_out }) => {
                    return Err(if timed_out {
                        Error::Timeout {
                            method: method.to_owned(),
                            path: path.to_owned(),
                            attempts: attempt,
                            timeout,
                        }
                    } else {
                        Error::Transport {
                            method: method.to_owned(),
                            path: path.to_owned(),
                            attempts: attempt,
                            cause,
                        }
                    });
                }
            }
        }
    }

    /// [`send`](Self::send), then decode the body as `T`.
    pub async fn send_json<T: DeserializeOwned>(
        &self,
        scope: &impl Scope,
        request: &ApiRequest,
    ) -> Result<T> {
        self.send(scope, request).await?.json()
    }

    fn client_for(&self, connect_timeout: Option<Duration>) -> Result<reqwest::Client> {
        let config = &self.inner.config;
        match connect_timeout {
            None => Ok(self.inner.client.clone()),
            Some(t) if t == config.connect_timeout() => Ok(self.inner.client.clone()),
            Some(t) => {
                let mut cache = self
                    .inner
                    .by_connect_timeout
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                if let Some(client) = cache.get(&t) {
                    return Ok(client.clone());
                }
                let client = build_client(config, t)?;
                cache.insert(t, client.clone());
                Ok(client)
            }
        }
    }

    fn url_for(&self, request: &ApiRequest) -> Result<Url> {
        let base = self.inner.config.base_url();
        let mut url = base.clone();
        let prefix = base.path().trim_end_matches('/');
        url.set_path(&format!("{prefix}{}", request.path.as_str()));
        if !request.query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(request.query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        }
        Ok(url)
    }

    /// One attempt: the request and any redirects, up to a complete answer.
    async fn attempt(
        &self,
        client: &reqwest::Client,
        request: &ApiRequest,
        start: &Url,
        credentials: Option<&Credentials>,
    ) -> std::result::Result<RawAnswer, AttemptFailure> {
        let origin = start.origin();
        let mut url = start.clone();
        let mut method = request.method.clone();
        let mut body = request.body.clone();
        for _ in 0..=MAX_REDIRECTS {
            let mut builder = client
                .request(method.clone(), url.clone())
                .header(ACCEPT, HeaderValue::from_static(request.accept));
            if let Some(credentials) = credentials
                && url.origin() == origin
            {
                builder = builder
                    .header("X-Auth-ID", credentials.auth_id().as_str())
                    .header("X-Auth-Token", credentials.expose_token());
            }
            if let Some(bytes) = &body {
                builder = builder
                    .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                    .body(bytes.clone());
            }
            let response = builder.send().await.map_err(|e| send_failure(&e))?;
            let status = response.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let next = redirect_target(&url, response.headers())?;
                if status == StatusCode::SEE_OTHER
                    || (matches!(status, StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND)
                        && method == Method::POST)
                {
                    method = Method::GET;
                    body = None;
                }
                tracing::debug!(from = %url.path(), to_same_origin = next.origin() == origin, status = status.as_u16(), "vobiz request redirected");
                url = next;
                continue;
            }
            let headers = response.headers().clone();
            let bytes = response
                .bytes()
                .await
                .map_err(|e| AttemptFailure::MaybeSent {
                    cause: format!("the {status} answer was cut off: {}", error_chain(&e)),
                    timed_out: e.is_timeout(),
                })?;
            return Ok(RawAnswer {
                status,
                headers,
                body: bytes.to_vec(),
            });
        }
        Err(AttemptFailure::Refused(format!(
            "more than {MAX_REDIRECTS} redirects"
        )))
    }
}

fn redirect_target(current: &Url, headers: &HeaderMap) -> std::result::Result<Url, AttemptFailure> {
    let location = headers
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| AttemptFailure::Refused("redirect without a usable Location".into()))?;
    let next = current
        .join(location)
        .map_err(|e| AttemptFailure::Refused(format!("redirect to an invalid URL: {e}")))?;
    check_scheme(&next, "redirect").map_err(|e| AttemptFailure::Refused(format!("refused {e}")))?;
    Ok(next)
}

fn send_failure(error: &reqwest::Error) -> AttemptFailure {
    let cause = error_chain(error);
    if error.is_connect() {
        AttemptFailure::NotSent(format!("could not connect: {cause}"))
    } else {
        AttemptFailure::MaybeSent {
            cause,
            timed_out: error.is_timeout(),
        }
    }
}

/// The error and its sources on one line (reqwest's own message alone says little).
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        let more = inner.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = inner.source();
    }
    text
}

fn request_id_of(headers: &HeaderMap) -> Option<String> {
    REQUEST_ID_HEADERS.iter().find_map(|name| {
        headers
            .get(*name)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    })
}
