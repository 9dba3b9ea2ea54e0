//! One API request, described before it is sent: method, encoded path, query, JSON body,
//! whether it is safe to repeat, and per-request overrides.

use std::fmt;
use std::time::Duration;

use reqwest::Method;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::path::ApiPath;
use crate::redact;

/// Whether repeating a request can change the outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idempotency {
    /// Repeating it is harmless (reads, replacing updates, deletes): retried on transient
    /// failures.
    Safe,
    /// Repeating it may act twice (a transfer, a purchase, a call): retried only when it
    /// provably never left this machine; otherwise the caller gets
    /// [`Error::OutcomeUnknown`].
    Unsafe,
}

impl Idempotency {
    /// GET, HEAD, PUT, DELETE and OPTIONS are safe to repeat; everything else is not.
    pub fn of(method: &Method) -> Self {
        match *method {
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS => {
                Idempotency::Safe
            }
            _ => Idempotency::Unsafe,
        }
    }
}

/// Per-request overrides of the client configuration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// How long one attempt may take.
    pub timeout: Option<Duration>,
    /// How long connecting may take.
    pub connect_timeout: Option<Duration>,
    /// Retries after the first attempt.
    pub max_retries: Option<u32>,
    /// The largest answer read, in bytes.
    pub max_response_bytes: Option<u64>,
}

impl RequestOptions {
    /// Checks the overrides the same way the configuration is checked.
    pub fn validate(&self) -> Result<()> {
        if self.timeout.is_some_and(|t| t.is_zero()) {
            return Err(Error::validation("timeout", "must be greater than zero"));
        }
        if self.connect_timeout.is_some_and(|t| t.is_zero()) {
            return Err(Error::validation(
                "connect_timeout",
                "must be greater than zero",
            ));
        }
        if self.max_response_bytes == Some(0) {
            return Err(Error::validation(
                "max_response_bytes",
                "must be greater than zero",
            ));
        }
        if self.max_retries.is_some_and(|r| r > 10) {
            return Err(Error::validation("max_retries", "must be at most 10"));
        }
        Ok(())
    }
}

/// A request ready for the engine.
#[derive(Clone)]
pub struct ApiRequest {
    pub(crate) method: Method,
    pub(crate) path: ApiPath,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) idempotency: Idempotency,
    pub(crate) options: RequestOptions,
    pub(crate) accept: &'static str,
}

impl ApiRequest {
    /// A request whose idempotency follows its method.
    pub fn new(method: Method, path: ApiPath) -> Self {
        ApiRequest {
            idempotency: Idempotency::of(&method),
            method,
            path,
            query: Vec::new(),
            body: None,
            options: RequestOptions::default(),
            accept: "application/json",
        }
    }

    /// A GET.
    pub fn get(path: ApiPath) -> Self {
        Self::new(Method::GET, path)
    }
    /// A POST (unsafe unless marked otherwise).
    pub fn post(path: ApiPath) -> Self {
        Self::new(Method::POST, path)
    }
    /// A PUT.
    pub fn put(path: ApiPath) -> Self {
        Self::new(Method::PUT, path)
    }
    /// A DELETE.
    pub fn delete(path: ApiPath) -> Self {
        Self::new(Method::DELETE, path)
    }

    /// A request to any route, for endpoints the typed API does not cover: `method` is
    /// GET, POST, PUT, PATCH or DELETE, `path` an absolute API path (`/api/v1/…`) whose
    /// segments are re-encoded, and `query` is appended. Idempotency follows the method.
    pub fn raw(method: &str, path: &str) -> Result<Self> {
        let method = match method.to_ascii_uppercase().as_str() {
            "GET" => Method::GET,
            "POST" => Method::POST,
            "PUT" => Method::PUT,
            "PATCH" => Method::PATCH,
            "DELETE" => Method::DELETE,
            other => {
                return Err(Error::validation(
                    "method",
                    format!("{other:?} is not one of GET, POST, PUT, PATCH, DELETE"),
                ));
            }
        };
        let (path, query) = ApiPath::parse_field(path, "path")?;
        if !path.as_str().starts_with("/api/v1/") {
            return Err(Error::validation("path", "must start with /api/v1/"));
        }
        let mut request = Self::new(method, path);
        for (key, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            request = request.query(&key, value);
        }
        Ok(request)
    }

    /// Adds a query parameter (encoded when sent: `+` becomes `%2B`).
    pub fn query(mut self, key: &str, value: impl ToString) -> Self {
        self.query.push((key.to_owned(), value.to_string()));
        self
    }

    /// Adds a query parameter when it has a value.
    pub fn query_opt(self, key: &str, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    /// Sets or replaces a query parameter.
    pub fn set_query(mut self, key: &str, value: impl ToString) -> Self {
        self.query.retain(|(k, _)| k != key);
        self.query(key, value)
    }

    /// Serialises the JSON body now, so a body that cannot be encoded fails before sending.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::validation("body", format!("cannot be encoded as JSON: {e}")))?;
        self.body = Some(bytes);
        Ok(self)
    }

    /// Overrides the method's default idempotency (e.g. a POST that only reads).
    pub fn idempotency(mut self, idempotency: Idempotency) -> Self {
        self.idempotency = idempotency;
        self
    }

    /// The media type to ask for (`Accept`); JSON unless a route answers otherwise (the
    /// CDR export answers `text/csv`).
    pub fn accept(mut self, media_type: &'static str) -> Self {
        self.accept = media_type;
        self
    }

    /// Per-request overrides.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }
    /// The encoded path.
    pub fn path(&self) -> &ApiPath {
        &self.path
    }
    /// The query parameters, unencoded.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }
}

impl fmt::Debug for ApiRequest {
    /// Bodies can hold passwords (customer create); they are shown redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = self.body.as_deref().map(|b| redact::redact_body(b, &[]).0);
        f.debug_struct("ApiRequest")
            .field("method", &self.method)
            .field("path", &self.path.as_str())
            .field("query", &self.query)
            .field("body", &body)
            .field("idempotency", &self.idempotency)
            .field("options", &self.options)
            .field("accept", &self.accept)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_follows_the_method_unless_overridden() {
        let p = ApiPath::v1().lit("partner/me");
        assert_eq!(ApiRequest::get(p.clone()).idempotency, Idempotency::Safe);
        assert_eq!(ApiRequest::delete(p.clone()).idempotency, Idempotency::Safe);
        assert_eq!(ApiRequest::post(p.clone()).idempotency, Idempotency::Unsafe);
        let search = ApiRequest::post(p).idempotency(Idempotency::Safe);
        assert_eq!(search.idempotency, Idempotency::Safe);
    }

    #[test]
    fn debug_output_redacts_passwords_in_bodies() {
        let req = ApiRequest::post(ApiPath::v1().lit("partner/accounts"))
            .json(&serde_json::json!({"name": "Asha", "password": "CANARY_Str0ng!pass"}))
            .unwrap();
        let text = format!("{req:?}");
        assert!(!text.contains("CANARY_Str0ng!pass"), "{text}");
        assert!(text.contains("Asha"));
    }

    #[test]
    fn raw_requests_re_encode_their_path_and_keep_their_query() {
        let req = ApiRequest::raw(
            "delete",
            "/api/v1/Account/MA_X/numbers/+918012345678?immediate=true",
        )
        .unwrap();
        assert_eq!(req.method(), Method::DELETE);
        assert_eq!(
            req.path().as_str(),
            "/api/v1/Account/MA_X/numbers/%2B918012345678"
        );
        assert_eq!(
            req.query_pairs(),
            [("immediate".to_owned(), "true".to_owned())]
        );
        assert_eq!(req.idempotency, Idempotency::Safe);
        assert_eq!(
            ApiRequest::raw("TRACE", "/api/v1/x")
                .unwrap_err()
                .validation_field(),
            Some("method")
        );
        assert_eq!(
            ApiRequest::raw("GET", "/other/x")
                .unwrap_err()
                .validation_field(),
            Some("path")
        );
        let escape = ApiRequest::raw("GET", "/api/v1/a/%2F..%2Fb").unwrap_err();
        assert_eq!(escape.validation_field(), Some("path"));
    }

    #[test]
    fn bad_overrides_name_the_field() {
        let err = RequestOptions {
            timeout: Some(Duration::ZERO),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(err.validation_field(), Some("timeout"));
    }
}
