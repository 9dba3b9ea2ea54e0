//! `Transport` and `Response`: the low-level async client, for routes the typed API does not
//! cover. A conversion in, one core `Transport::send`, a conversion out.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use vobiz_partner::{ApiRequest, ApiResponse, ClientConfig, RequestOptions, Transport};

use crate::bridge;
use crate::config::{AnyCredentials, BINDING, PyClientConfig, retries, seconds};
use crate::errors::{py_err, to_py_err};
use crate::{guard, json};

/// Sends requests with the core's engine (retries, redirects, typed errors).
#[pyclass(frozen, name = "Transport", module = "vobiz_partner._native")]
pub struct PyTransport {
    inner: Transport,
}

#[pymethods]
impl PyTransport {
    #[new]
    #[pyo3(signature = (config = None))]
    fn new(py: Python<'_>, config: Option<&Bound<'_, PyClientConfig>>) -> PyResult<Self> {
        guard::sync(py, "Transport()", || {
            let config = match config {
                Some(c) => c.get().inner.clone(),
                None => ClientConfig::builder()
                    .binding(BINDING)
                    .build()
                    .map_err(py_err(py))?,
            };
            Transport::new(config)
                .map(|inner| Self { inner })
                .map_err(py_err(py))
        })
    }

    #[getter]
    fn config(&self, py: Python<'_>) -> PyResult<PyClientConfig> {
        guard::sync(py, "Transport.config", || {
            Ok(PyClientConfig {
                inner: self.inner.config().clone(),
            })
        })
    }

    /// Sends one request and returns an awaitable `Response` (2xx) or raises the typed
    /// error. Idempotency follows the method: GET/PUT/DELETE are retried on transient
    /// failures, POST/PATCH never once they may have left.
    #[pyo3(signature = (credentials, method, path, *, query = None, json = None, timeout = None, max_retries = None))]
    #[allow(clippy::too_many_arguments)]
    fn request<'py>(
        &self,
        py: Python<'py>,
        credentials: &Bound<'py, PyAny>,
        method: &str,
        path: &str,
        query: Option<&Bound<'py, PyAny>>,
        json: Option<&Bound<'py, PyAny>>,
        timeout: Option<f64>,
        max_retries: Option<i64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard::awaitable(py, "Transport.request", || {
            let prepared = (|| -> PyResult<(AnyCredentials, ApiRequest)> {
                let scope = AnyCredentials::extract(credentials)?;
                let mut request = ApiRequest::raw(method, path).map_err(py_err(py))?;
                if let Some(query) = query {
                    for (key, value) in json::to_query(query)? {
                        request = request.query(&key, value);
                    }
                }
                if let Some(body) = json {
                    request = request.json(&json::to_json(body)?).map_err(py_err(py))?;
                }
                let options = RequestOptions {
                    timeout: timeout
                        .map(|t| seconds("timeout", t))
                        .transpose()
                        .map_err(py_err(py))?,
                    max_retries: max_retries
                        .map(|r| retries("max_retries", r))
                        .transpose()
                        .map_err(py_err(py))?,
                    ..RequestOptions::default()
                };
                options.validate().map_err(py_err(py))?;
                Ok((scope, request.options(options)))
            })();
            let (scope, request) = match prepared {
                Ok(prepared) => prepared,
                Err(err) => return bridge::failed_future(py, err),
            };
            let transport = self.inner.clone();
            let method = request.method().to_string();
            let path = request.path().as_str().to_owned();
            bridge::future_into_loop(
                py,
                "Transport.request".to_owned(),
                async move { transport.send(&scope, &request).await },
                move |py, result| match result {
                    Ok(response) => Ok(Py::new(
                        py,
                        PyResponse {
                            inner: response,
                            method,
                            path,
                        },
                    )?
                    .into_any()),
                    Err(err) => Err(to_py_err(py, &err)),
                },
            )
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guard::sync(py, "Transport.__repr__", || {
            Ok(format!(
                "Transport(base_url='{}')",
                self.inner.config().base_url()
            ))
        })
    }
}

/// A successful (2xx) answer.
#[pyclass(frozen, name = "Response", module = "vobiz_partner._native")]
pub struct PyResponse {
    inner: ApiResponse,
    method: String,
    path: String,
}

#[pymethods]
impl PyResponse {
    #[getter]
    fn status(&self, py: Python<'_>) -> PyResult<u16> {
        guard::sync(py, "Response.status", || Ok(self.inner.status()))
    }

    #[getter]
    fn request_id(&self, py: Python<'_>) -> PyResult<Option<String>> {
        guard::sync(py, "Response.request_id", || {
            Ok(self.inner.request_id().map(str::to_owned))
        })
    }

    /// Header names in lower case; repeated headers joined with `", "`.
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        guard::sync(py, "Response.headers", || {
            let dict = PyDict::new(py);
            let headers = self.inner.headers();
            for name in headers.keys() {
                let values: Vec<String> = headers
                    .get_all(name)
                    .iter()
                    .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                    .collect();
                dict.set_item(name.as_str(), values.join(", "))?;
            }
            Ok(dict)
        })
    }

    /// The body as text (UTF-8, invalid bytes replaced).
    #[getter]
    fn text(&self, py: Python<'_>) -> PyResult<String> {
        guard::sync(py, "Response.text", || {
            Ok(String::from_utf8_lossy(self.inner.body()).into_owned())
        })
    }

    /// The raw body.
    #[getter]
    fn content<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        guard::sync(py, "Response.content", || {
            Ok(PyBytes::new(py, self.inner.body()))
        })
    }

    /// The decoded JSON body; `None` for an empty body. Raises `DecodeError` if it is not
    /// JSON.
    fn json<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard::sync(py, "Response.json", || {
            let value: serde_json::Value = self.inner.json().map_err(py_err(py))?;
            json::to_python(py, &value)
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guard::sync(py, "Response.__repr__", || {
            Ok(format!(
                "<Response {} {} {}>",
                self.inner.status(),
                self.method,
                self.path
            ))
        })
    }
}
