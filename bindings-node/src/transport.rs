//! The low-level `Transport`: any route, for what the typed API does not cover.
//!
//! `request` builds `ApiRequest::raw(method, path)`, adds the query and the JSON body, and
//! hands it to the core engine; everything else (encoding, retries, redirects, redaction,
//! error mapping) is the core's.

use std::collections::HashMap;

use napi::bindgen_prelude::*;
use napi_derive::napi;
use vobiz_partner as vp;

use crate::config::{ClientConfig, count, millis};
use crate::credentials::{AccountCredentials, PartnerCredentials};
use crate::error::js_result;
use crate::guard;

/// The per-request part of `transport.request(...)`.
#[napi(object)]
#[derive(Clone, Debug, Default)]
pub struct RequestInit {
    /// Query parameters in order, unencoded (the core encodes them).
    pub query: Option<Vec<(String, String)>>,
    /// The JSON body, already serialised (`JSON.stringify` in the JS layer); none when absent.
    pub json_text: Option<String>,
    /// Per-attempt timeout override, in milliseconds.
    pub timeout_ms: Option<f64>,
    /// Connect timeout override, in milliseconds.
    pub connect_timeout_ms: Option<f64>,
    /// Retry-count override (safe requests only are ever retried).
    pub max_retries: Option<f64>,
}

fn build_request(method: &str, path: &str, init: RequestInit) -> vp::Result<vp::ApiRequest> {
    let mut request = vp::ApiRequest::raw(method, path)?;
    for (key, value) in init.query.unwrap_or_default() {
        request = request.query(&key, value);
    }
    if let Some(text) = init.json_text {
        let body: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            vp::Error::validation("body", format!("cannot be encoded as JSON: {e}"))
        })?;
        request = request.json(&body)?;
    }
    let options = vp::RequestOptions {
        timeout: init
            .timeout_ms
            .map(|ms| millis("timeout", ms))
            .transpose()?,
        connect_timeout: init
            .connect_timeout_ms
            .map(|ms| millis("connect_timeout", ms))
            .transpose()?,
        max_retries: init
            .max_retries
            .map(|n| count("max_retries", n))
            .transpose()?,
        ..vp::RequestOptions::default()
    };
    Ok(request.options(options))
}

/// The credentials a request is sent with, owned so the future can outlive the call.
enum Scope {
    Partner(vp::PartnerCredentials),
    Account(vp::AccountCredentials),
}

/// The HTTP engine of one configuration. Cheap to share: one connection pool.
#[napi]
pub struct Transport {
    inner: vp::Transport,
}

#[napi]
impl Transport {
    /// An engine for `config`.
    #[napi(constructor)]
    pub fn new(env: Env, config: &ClientConfig) -> Result<Self> {
        guard::sync(&env, "Transport.new", || {
            let inner = js_result(&env, vp::Transport::new(config.inner.clone()))?;
            Ok(Transport { inner })
        })
    }

    /// The configuration in force.
    #[napi(getter)]
    pub fn config(&self, env: Env) -> Result<ClientConfig> {
        guard::sync(&env, "Transport.config", || {
            Ok(ClientConfig {
                inner: self.inner.config().clone(),
            })
        })
    }

    /// Sends `method path` with `credentials`; resolves with the 2xx answer, rejects with the
    /// core's error (see the crate docs for its shape).
    #[napi(ts_return_type = "Promise<Response>")]
    pub fn request<'env>(
        &self,
        env: &'env Env,
        credentials: Either<
            ClassInstance<'env, PartnerCredentials>,
            ClassInstance<'env, AccountCredentials>,
        >,
        method: String,
        path: String,
        init: Option<RequestInit>,
    ) -> Result<PromiseRaw<'env, Unknown<'env>>> {
        guard::sync(env, "Transport.request", || {
            let scope = match credentials {
                Either::A(partner) => Scope::Partner(partner.inner.clone()),
                Either::B(account) => Scope::Account(account.inner.clone()),
            };
            let transport = self.inner.clone();
            let prepared = build_request(&method, &path, init.unwrap_or_default());
            guard::spawn(
                env,
                "Transport.request",
                async move {
                    let request = prepared?;
                    match &scope {
                        Scope::Partner(c) => transport.send(c, &request).await,
                        Scope::Account(c) => transport.send(c, &request).await,
                    }
                },
                |_, inner| Ok(Response { inner }),
            )
        })
    }
}

/// A successful (2xx) answer.
#[napi]
pub struct Response {
    inner: vp::ApiResponse,
}

#[napi]
impl Response {
    /// The HTTP status (200, 201, 204…).
    #[napi(getter)]
    pub fn status(&self, env: Env) -> Result<u32> {
        guard::sync(&env, "Response.status", || {
            Ok(u32::from(self.inner.status()))
        })
    }

    /// The request id from a response header, if any.
    #[napi(getter)]
    pub fn request_id(&self, env: Env) -> Result<Option<String>> {
        guard::sync(&env, "Response.requestId", || {
            Ok(self.inner.request_id().map(str::to_owned))
        })
    }

    /// The response headers, names lower-cased, repeated headers joined with `", "`.
    #[napi(getter)]
    pub fn headers(&self, env: Env) -> Result<HashMap<String, String>> {
        guard::sync(&env, "Response.headers", || Ok(self.header_map()))
    }

    /// The body as text (invalid UTF-8 replaced).
    #[napi(getter)]
    pub fn text(&self, env: Env) -> Result<String> {
        guard::sync(&env, "Response.text", || {
            Ok(String::from_utf8_lossy(self.inner.body()).into_owned())
        })
    }

    /// The raw body.
    #[napi(getter)]
    pub fn body(&self, env: Env) -> Result<Buffer> {
        guard::sync(&env, "Response.body", || {
            Ok(Buffer::from(self.inner.body().to_vec()))
        })
    }

    /// The body decoded as JSON by the core (an empty body reads as `null`) and handed back
    /// as JSON text for `JSON.parse`; a body that is not JSON throws the core's decode error.
    #[napi]
    pub fn json_text(&self, env: Env) -> Result<String> {
        guard::sync(&env, "Response.jsonText", || {
            let value = js_result(&env, self.inner.json::<serde_json::Value>())?;
            serde_json::to_string(&value)
                .map_err(|e| Error::new(Status::GenericFailure, e.to_string()))
        })
    }
}

impl Response {
    fn header_map(&self) -> HashMap<String, String> {
        let mut headers: HashMap<String, String> = HashMap::new();
        for (name, value) in self.inner.headers() {
            let value = String::from_utf8_lossy(value.as_bytes());
            headers
                .entry(name.as_str().to_owned())
                .and_modify(|v| {
                    v.push_str(", ");
                    v.push_str(&value);
                })
                .or_insert_with(|| value.into_owned());
        }
        headers
    }
}
