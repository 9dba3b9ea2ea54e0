//! The HTTP engine: sends an [`ApiRequest`] with a scope's credentials, follows redirects
//! without leaking them, retries what is safe to retry, and maps every failure to a typed
//! [`Error`].
//!
//! The rules:
//! - Safe requests are retried on connection failures, timeouts and 408/429/500/502/503/504,
//!   with capped exponential backoff and full jitter, waiting out `Retry-After` when given.
//! - Unsafe requests (POST) are retried only when the failure provably happened before any
//!   byte left (DNS, connect, TLS). Once sent, a lost answer is [`Error::OutcomeUnknown`] and
//!   a 5xx is returned as is: money is never sent twice.
//! - 409 is never retried.
//! - Redirects: a safe `GET` follows them (to another origin without `X-Auth-*`). A request
//!   with a body or an unsafe method never sends its body to another origin and is never
//!   turned into a `GET`: a 301/302/303 to it, a 307/308 elsewhere, or a second redirect is
//!   [`Error::Redirect`] (outcome unknown). An unsafe request follows one same-origin
//!   307/308 (the server says it did not act); a failure on that hop is outcome-unknown,
//!   never "not sent", so it is never sent again from the first URL.
//! - `X-Auth-*` is only ever sent to the configured origin. Plain `http://` is refused, on
//!   every hop, unless the host is loopback.
//! - Answers are read up to [`ClientConfig::max_response_bytes`] (or the request's own
//!   limit) while streaming; more is [`Error::ResponseTooLarge`].
//! - A 2xx to an unsafe request whose body cannot be read is an outcome-unknown
//!   [`Error::Decode`]: the change was made even though the answer is unusable.
//! - Error bodies, decode errors and copied header values are scrubbed of the caller's token
//!   and of the request's own secret-named values (passwords), in any encoding.

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
    /// The secrets of the request (token, passwords sent), scrubbed from any decode error.
    secrets: Arc<[String]>,
}

impl std::fmt::Debug for ApiResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiResponse")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field(
                "body",
                &redact::redact_body(&self.body, &self.secret_refs()).0,
            )
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

    /// A [`Error::Decode`] for this response, with the body and the reason (a parser's
    /// message may quote a value) scrubbed of the request's secrets. For an unsafe request
    /// it reports an unknown outcome ([`Error::outcome_unknown`]).
    pub fn decode_error(&self, reason: impl Into<String>) -> Error {
        let secrets = self.secret_refs();
        let reason = reason.into();
        let reason = if redact::echoes_secret(&reason, &secrets) {
            "the answer does not have the expected shape (details withheld: they quoted a credential)".to_owned()
        } else {
            reason
        };
        Error::Decode(Box::new(DecodeFailure {
            method: self.method.to_string(),
            path: self.path.clone(),
            status: self.status,
            reason,
            request_id: self.request_id.clone(),
            body: redact::redact_body(&self.body, &secrets).0,
        }))
    }

    fn secret_refs(&self) -> Vec<&str> {
        self.secrets.iter().map(String::as_str).collect()
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
    /// A redirect the request must not follow; the request reached the server.
    Redirect { status: u16, location: String },
    /// The answer was larger than the limit.
    TooLarge { status: u16, limit: u64 },
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
        // No control or bidirectional characters in any query value or JSON string, whoever
        // built the request.
        crate::validate::request(request)?;
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
        let limit = request
            .options
            .max_response_bytes
            .unwrap_or(config.max_response_bytes());
        let owned_secrets: Arc<[String]> = credentials
            .map(|c| c.expose_token().to_owned())
            .into_iter()
            .chain(
                request
                    .body
                    .as_deref()
                    .map(redact::secrets_in_body)
                    .unwrap_or_default(),
            )
            .collect();
        let secrets: Vec<&str> = owned_secrets.iter().map(String::as_str).collect();

        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let started = Instant::now();
            let outcome = tokio::time::timeout(
                timeout,
                self.attempt(&client, request, &url, credentials, limit),
            )
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
                    let request_id = request_id_of(&answer.headers, &secrets);
                    return Ok(ApiResponse {
                        method: request.method.clone(),
                        path: path.to_owned(),
                        status: answer.status.as_u16(),
                        headers: answer.headers,
                        body: answer.body,
                        request_id,
                        secrets: owned_secrets,
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
                        request_id_header: request_id_of(&answer.headers, &secrets),
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
                Err(AttemptFailure::Redirect { status, location }) => {
                    tracing::warn!(
                        method,
                        path,
                        attempt,
                        status,
                        "vobiz request redirect not followed"
                    );
                    return Err(Error::Redirect {
                        method: method.to_owned(),
                        path: path.to_owned(),
                        attempts: attempt,
                        status,
                        location: redact::clean_header_value(&location, &secrets),
                    });
                }
                Err(AttemptFailure::TooLarge { status, limit }) => {
                    tracing::warn!(
                        method,
                        path,
                        attempt,
                        status,
                        limit,
                        "vobiz response too large"
                    );
                    return Err(Error::ResponseTooLarge {
                        method: method.to_owned(),
                        path: path.to_owned(),
                        status,
                        limit,
                    });
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

    /// One attempt: the request and the redirects it may follow, up to a complete answer
    /// of at most `limit` bytes.
    async fn attempt(
        &self,
        client: &reqwest::Client,
        request: &ApiRequest,
        start: &Url,
        credentials: Option<&Credentials>,
        limit: u64,
    ) -> std::result::Result<RawAnswer, AttemptFailure> {
        let origin = start.origin();
        let unsafe_method = request.idempotency == Idempotency::Unsafe;
        let mut url = start.clone();
        let mut followed = 0;
        loop {
            let mut builder = client
                .request(request.method.clone(), url.clone())
                .header(ACCEPT, HeaderValue::from_static(request.accept));
            if let Some(credentials) = credentials
                && url.origin() == origin
            {
                builder = builder
                    .header("X-Auth-ID", credentials.auth_id().as_str())
                    .header("X-Auth-Token", credentials.expose_token());
            }
            if let Some(bytes) = &request.body {
                builder = builder
                    .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                    .body(bytes.clone());
            }
            let response = match builder.send().await {
                Ok(response) => response,
                // After a redirect the first request has reached the server: for an unsafe
                // one, nothing that happens now makes it "not sent".
                Err(e) if followed > 0 && unsafe_method => {
                    return Err(AttemptFailure::MaybeSent {
                        cause: format!(
                            "the redirected request failed after the first one reached the server: {}",
                            error_chain(&e)
                        ),
                        timed_out: e.is_timeout(),
                    });
                }
                Err(e) => return Err(send_failure(&e)),
            };
            let status = response.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let next = follow_redirect(&url, &response, request, &origin, followed)?;
                tracing::debug!(from = %url.path(), to_same_origin = next.origin() == origin, status = status.as_u16(), "vobiz request redirected");
                url = next;
                followed += 1;
                continue;
            }
            let headers = response.headers().clone();
            let body = read_body(response, limit).await?;
            return Ok(RawAnswer {
                status,
                headers,
                body,
            });
        }
    }
}

/// Where a redirect answer may be followed to, or why it may not. A `GET` follows up to
/// [`MAX_REDIRECTS`] anywhere secure; anything else follows at most one 307/308 that stays
/// on the origin, so no body reaches another origin and no request turns into a `GET`.
fn follow_redirect(
    current: &Url,
    response: &reqwest::Response,
    request: &ApiRequest,
    origin: &url::Origin,
    followed: usize,
) -> std::result::Result<Url, AttemptFailure> {
    let status = response.status();
    let raw_location = response
        .headers()
        .get(LOCATION)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    let plain_get = request.method == Method::GET && request.body.is_none();
    let refuse = |location: String| AttemptFailure::Redirect {
        status: status.as_u16(),
        location,
    };
    if plain_get {
        if followed >= MAX_REDIRECTS {
            return Err(AttemptFailure::Refused(format!(
                "more than {MAX_REDIRECTS} redirects"
            )));
        }
        return redirect_target(current, response.headers());
    }
    let next = match redirect_target(current, response.headers()) {
        Ok(next) => next,
        Err(_) => return Err(refuse(location_text(None, &raw_location))),
    };
    let preserves_method = matches!(
        status,
        StatusCode::TEMPORARY_REDIRECT | StatusCode::PERMANENT_REDIRECT
    );
    if preserves_method && followed == 0 && next.origin() == *origin {
        Ok(next)
    } else {
        Err(refuse(location_text(Some(&next), &raw_location)))
    }
}

/// A redirect target as an error may show it: without query or fragment (a link can carry
/// a session).
fn location_text(parsed: Option<&Url>, raw: &str) -> String {
    match parsed {
        Some(url) => {
            let mut shown = url.clone();
            shown.set_query(None);
            shown.set_fragment(None);
            let _ = shown.set_password(None);
            let _ = shown.set_username("");
            shown.to_string()
        }
        None if raw.is_empty() => "no Location".to_owned(),
        None => "an unusable Location".to_owned(),
    }
}

/// Reads the body, refusing to hold more than `limit` bytes: a declared length over it is
/// refused before reading, an undeclared one as soon as it passes.
async fn read_body(
    mut response: reqwest::Response,
    limit: u64,
) -> std::result::Result<Vec<u8>, AttemptFailure> {
    let status = response.status();
    let too_large = AttemptFailure::TooLarge {
        status: status.as_u16(),
        limit,
    };
    let declared = response.content_length();
    if declared.is_some_and(|len| len > limit) {
        return Err(too_large);
    }
    let capacity = declared.unwrap_or(0).min(limit).min(1 << 20);
    let mut body = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() as u64 + chunk.len() as u64 > limit {
                    return Err(too_large);
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            Err(e) => {
                return Err(AttemptFailure::MaybeSent {
                    cause: format!("the {status} answer was cut off: {}", error_chain(&e)),
                    timed_out: e.is_timeout(),
                });
            }
        }
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

/// The request id header, scrubbed and bounded: a server controls it, and it is quoted in
/// error messages.
fn request_id_of(headers: &HeaderMap, secrets: &[&str]) -> Option<String> {
    REQUEST_ID_HEADERS.iter().find_map(|name| {
        headers
            .get(*name)
            .and_then(|v| v.to_str().ok())
            .map(|v| redact::clean_header_value(v.trim(), secrets))
            .filter(|v| !v.is_empty())
    })
}
