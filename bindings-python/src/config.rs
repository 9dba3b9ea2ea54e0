//! `ClientConfig`, `PartnerCredentials` and `AccountCredentials`: thin wrappers of the core
//! types. Every check is the core's; this file only converts Python values.

use std::time::Duration;

use pyo3::prelude::*;
use pyo3::types::PyString;
use vobiz_partner::credentials::{Credentials, Scope};
use vobiz_partner::{AccountCredentials, ClientConfig, Error, PartnerCredentials};

use crate::errors::py_err;
use crate::guard;

/// The binding named in the user agent: `vobiz-partner/<version> (python)`.
pub const BINDING: &str = "python";

/// Seconds given from Python → a `Duration`; zero is left for the core to refuse.
pub fn seconds(field: &str, value: f64) -> Result<Duration, Error> {
    if !value.is_finite() || value < 0.0 {
        return Err(Error::validation(
            field,
            format!("must be a positive, finite number of seconds, got {value}"),
        ));
    }
    Duration::try_from_secs_f64(value)
        .map_err(|_| Error::validation(field, format!("{value} seconds is out of range")))
}

/// A retry count given from Python; the upper bound is the core's.
pub fn retries(field: &str, value: i64) -> Result<u32, Error> {
    if value < 0 {
        return Err(Error::validation(
            field,
            format!("must be at least 0, got {value}"),
        ));
    }
    u32::try_from(value).map_err(|_| Error::validation(field, format!("{value} is out of range")))
}

fn quoted(py: Python<'_>, text: &str) -> PyResult<String> {
    Ok(PyString::new(py, text).repr()?.to_string())
}

/// Where requests go and how long they may take (credentials are separate).
#[pyclass(frozen, eq, name = "ClientConfig", module = "vobiz_partner._native")]
#[derive(Clone, PartialEq)]
pub struct PyClientConfig {
    pub inner: ClientConfig,
}

#[pymethods]
impl PyClientConfig {
    /// Every argument left as None takes the core default: the production URL, 30 s per
    /// attempt, 10 s to connect, 2 retries of safe requests, answers up to 64 MiB, a 120 s
    /// settle window.
    #[new]
    #[pyo3(signature = (base_url = None, *, timeout = None, connect_timeout = None, max_retries = None, max_response_bytes = None, settle_window = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        base_url: Option<&str>,
        timeout: Option<f64>,
        connect_timeout: Option<f64>,
        max_retries: Option<i64>,
        max_response_bytes: Option<i64>,
        settle_window: Option<f64>,
    ) -> PyResult<Self> {
        guard::sync(py, "ClientConfig()", || {
            let build = || -> Result<ClientConfig, Error> {
                let mut builder = ClientConfig::builder().binding(BINDING);
                if let Some(url) = base_url {
                    builder = builder.base_url(url);
                }
                if let Some(t) = timeout {
                    builder = builder.timeout(seconds("timeout", t)?);
                }
                if let Some(t) = connect_timeout {
                    builder = builder.connect_timeout(seconds("connect_timeout", t)?);
                }
                if let Some(r) = max_retries {
                    builder = builder.max_retries(retries("max_retries", r)?);
                }
                if let Some(bytes) = max_response_bytes {
                    let bytes = u64::try_from(bytes).map_err(|_| {
                        Error::validation("max_response_bytes", "must be greater than zero")
                    })?;
                    builder = builder.max_response_bytes(bytes);
                }
                if let Some(window) = settle_window {
                    builder = builder.settle_window(seconds("settle_window", window)?);
                }
                builder.build()
            };
            build().map(|inner| Self { inner }).map_err(py_err(py))
        })
    }

    /// The defaults, with the base URL from `VOBIZ_BASE_URL` when it is set.
    #[staticmethod]
    fn from_env(py: Python<'_>) -> PyResult<Self> {
        guard::sync(py, "ClientConfig.from_env", || {
            ClientConfig::builder_from_env()
                .and_then(|b| b.binding(BINDING).build())
                .map(|inner| Self { inner })
                .map_err(py_err(py))
        })
    }

    #[getter]
    fn base_url(&self, py: Python<'_>) -> PyResult<String> {
        guard::sync(py, "ClientConfig.base_url", || {
            Ok(self.inner.base_url().as_str().to_owned())
        })
    }

    #[getter]
    fn timeout(&self, py: Python<'_>) -> PyResult<f64> {
        guard::sync(py, "ClientConfig.timeout", || {
            Ok(self.inner.timeout().as_secs_f64())
        })
    }

    #[getter]
    fn connect_timeout(&self, py: Python<'_>) -> PyResult<f64> {
        guard::sync(py, "ClientConfig.connect_timeout", || {
            Ok(self.inner.connect_timeout().as_secs_f64())
        })
    }

    #[getter]
    fn max_retries(&self, py: Python<'_>) -> PyResult<u32> {
        guard::sync(py, "ClientConfig.max_retries", || {
            Ok(self.inner.retry().max_retries)
        })
    }

    #[getter]
    fn max_response_bytes(&self, py: Python<'_>) -> PyResult<u64> {
        guard::sync(py, "ClientConfig.max_response_bytes", || {
            Ok(self.inner.max_response_bytes())
        })
    }

    #[getter]
    fn settle_window(&self, py: Python<'_>) -> PyResult<f64> {
        guard::sync(py, "ClientConfig.settle_window", || {
            Ok(self.inner.settle_window().as_secs_f64())
        })
    }

    #[getter]
    fn user_agent(&self, py: Python<'_>) -> PyResult<String> {
        guard::sync(py, "ClientConfig.user_agent", || {
            Ok(self.inner.user_agent())
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guard::sync(py, "ClientConfig.__repr__", || {
            Ok(format!(
                "ClientConfig(base_url={}, timeout={:?}, connect_timeout={:?}, max_retries={})",
                quoted(py, self.inner.base_url().as_str())?,
                self.inner.timeout().as_secs_f64(),
                self.inner.connect_timeout().as_secs_f64(),
                self.inner.retry().max_retries,
            ))
        })
    }
}

/// `PartnerCredentials(auth_id='PA_…', auth_token=<redacted>)`: the token is never shown.
fn credentials_repr(py: Python<'_>, class: &str, credentials: &Credentials) -> PyResult<String> {
    Ok(format!(
        "{class}(auth_id={}, auth_token=<redacted>)",
        quoted(py, credentials.auth_id().as_str())?
    ))
}

/// Partner credentials (`PA_…`), for `/api/v1/partner/*` routes.
#[pyclass(frozen, name = "PartnerCredentials", module = "vobiz_partner._native")]
pub struct PyPartnerCredentials {
    pub inner: PartnerCredentials,
}

#[pymethods]
impl PyPartnerCredentials {
    #[new]
    fn new(py: Python<'_>, auth_id: &str, auth_token: &str) -> PyResult<Self> {
        guard::sync(py, "PartnerCredentials()", || {
            PartnerCredentials::new(auth_id, auth_token)
                .map(|inner| Self { inner })
                .map_err(py_err(py))
        })
    }

    /// Reads `VOBIZ_AUTH_ID` (must be `PA_…`) and `VOBIZ_AUTH_TOKEN`.
    #[staticmethod]
    fn from_env(py: Python<'_>) -> PyResult<Self> {
        guard::sync(py, "PartnerCredentials.from_env", || {
            PartnerCredentials::from_env()
                .map(|inner| Self { inner })
                .map_err(py_err(py))
        })
    }

    #[getter]
    fn auth_id(&self, py: Python<'_>) -> PyResult<String> {
        guard::sync(py, "PartnerCredentials.auth_id", || {
            Ok(self.inner.auth_id().as_str().to_owned())
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guard::sync(py, "PartnerCredentials.__repr__", || {
            credentials_repr(py, "PartnerCredentials", self.inner.credentials())
        })
    }
}

/// An account's own credentials (`MA_…` or `SA_…`), for its runtime routes.
#[pyclass(frozen, name = "AccountCredentials", module = "vobiz_partner._native")]
pub struct PyAccountCredentials {
    pub inner: AccountCredentials,
}

#[pymethods]
impl PyAccountCredentials {
    #[new]
    fn new(py: Python<'_>, auth_id: &str, auth_token: &str) -> PyResult<Self> {
        guard::sync(py, "AccountCredentials()", || {
            AccountCredentials::new(auth_id, auth_token)
                .map(|inner| Self { inner })
                .map_err(py_err(py))
        })
    }

    /// Reads `VOBIZ_AUTH_ID` (must be `MA_…` or `SA_…`) and `VOBIZ_AUTH_TOKEN`.
    #[staticmethod]
    fn from_env(py: Python<'_>) -> PyResult<Self> {
        guard::sync(py, "AccountCredentials.from_env", || {
            AccountCredentials::from_env()
                .map(|inner| Self { inner })
                .map_err(py_err(py))
        })
    }

    #[getter]
    fn auth_id(&self, py: Python<'_>) -> PyResult<String> {
        guard::sync(py, "AccountCredentials.auth_id", || {
            Ok(self.inner.auth_id().as_str().to_owned())
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guard::sync(py, "AccountCredentials.__repr__", || {
            credentials_repr(py, "AccountCredentials", self.inner.credentials())
        })
    }
}

/// Either kind of credentials, as the core's engine takes them.
#[derive(Clone)]
pub enum AnyCredentials {
    Partner(PartnerCredentials),
    Account(AccountCredentials),
}

impl Scope for AnyCredentials {
    fn credentials(&self) -> &Credentials {
        match self {
            AnyCredentials::Partner(c) => c.credentials(),
            AnyCredentials::Account(c) => c.credentials(),
        }
    }
}

impl AnyCredentials {
    pub fn extract(value: &Bound<'_, PyAny>) -> PyResult<Self> {
        if let Ok(c) = value.cast::<PyPartnerCredentials>() {
            return Ok(AnyCredentials::Partner(c.get().inner.clone()));
        }
        if let Ok(c) = value.cast::<PyAccountCredentials>() {
            return Ok(AnyCredentials::Account(c.get().inner.clone()));
        }
        Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "credentials must be PartnerCredentials or AccountCredentials, not {}",
            value.get_type().name()?
        )))
    }
}
