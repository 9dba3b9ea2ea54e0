//! `NativeClient` and `NativePages`: the core's named operations ([`vobiz_partner::ops`])
//! for the package's Python clients. Each method converts the arguments, makes one core
//! call and converts the result; awaitable on the running loop (`call`) or blocking with
//! the interpreter released (`call_blocking`).

use std::sync::{Arc, Mutex};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde_json::Value;
use vobiz_partner::ops::{Client, ViewPages};
use vobiz_partner::view::{KeyCase, View};
use vobiz_partner::{
    Account, AccountCredentials, ClientConfig, Error, PageOptions, Partner, PartnerCredentials,
};

use crate::config::{BINDING, PyAccountCredentials, PyClientConfig, PyPartnerCredentials};
use crate::errors::{py_err, to_py_err};
use crate::{bridge, guard, json, runtime, view};

/// A client of any scope, rebuilt on a new connection pool in a forked child.
#[pyclass(frozen, name = "NativeClient", module = "vobiz_partner._native")]
pub struct PyNativeClient {
    state: Mutex<(u32, Client)>,
}

fn config_or_default(config: Option<&Bound<'_, PyClientConfig>>) -> Result<ClientConfig, Error> {
    match config {
        Some(c) => Ok(c.get().inner.clone()),
        None => ClientConfig::builder().binding(BINDING).build(),
    }
}

fn args_of(args: Option<&Bound<'_, PyDict>>) -> PyResult<Value> {
    match args {
        Some(dict) => json::to_args(dict.as_any()),
        None => Ok(Value::Null),
    }
}

fn convert(py: Python<'_>, result: Result<View, Error>) -> PyResult<Py<PyAny>> {
    match result {
        Ok(v) => view::to_python(py, v).map(Bound::unbind),
        Err(err) => Err(to_py_err(py, &err)),
    }
}

impl PyNativeClient {
    fn wrap(client: Client) -> Self {
        PyNativeClient {
            state: Mutex::new((std::process::id(), client)),
        }
    }

    /// The client for this process (a forked child gets one on a new pool).
    fn client(&self, py: Python<'_>) -> PyResult<Client> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if runtime::forked_since(state.0) {
            *state = (
                std::process::id(),
                state.1.with_new_pool().map_err(py_err(py))?,
            );
        }
        Ok(state.1.clone())
    }
}

#[pymethods]
impl PyNativeClient {
    #[staticmethod]
    #[pyo3(signature = (credentials, config = None))]
    fn partner(
        py: Python<'_>,
        credentials: &Bound<'_, PyPartnerCredentials>,
        config: Option<&Bound<'_, PyClientConfig>>,
    ) -> PyResult<Self> {
        guard::sync(py, "NativeClient.partner", || {
            let config = config_or_default(config).map_err(py_err(py))?;
            Partner::new(credentials.get().inner.clone(), config)
                .map(|p| Self::wrap(Client::Partner(p)))
                .map_err(py_err(py))
        })
    }

    #[staticmethod]
    #[pyo3(signature = (credentials, config = None))]
    fn account(
        py: Python<'_>,
        credentials: &Bound<'_, PyAccountCredentials>,
        config: Option<&Bound<'_, PyClientConfig>>,
    ) -> PyResult<Self> {
        guard::sync(py, "NativeClient.account", || {
            let config = config_or_default(config).map_err(py_err(py))?;
            Account::new(credentials.get().inner.clone(), config)
                .map(|a| Self::wrap(Client::Account(a)))
                .map_err(py_err(py))
        })
    }

    /// A partner client from `VOBIZ_AUTH_ID`, `VOBIZ_AUTH_TOKEN` and `VOBIZ_BASE_URL`.
    #[staticmethod]
    fn partner_from_env(py: Python<'_>) -> PyResult<Self> {
        let build = || -> Result<Client, Error> {
            let config = ClientConfig::builder_from_env()?.binding(BINDING).build()?;
            Ok(Client::Partner(Partner::new(
                PartnerCredentials::from_env()?,
                config,
            )?))
        };
        guard::sync(py, "NativeClient.partner_from_env", || {
            build().map(Self::wrap).map_err(py_err(py))
        })
    }

    /// An account client from `VOBIZ_AUTH_ID`, `VOBIZ_AUTH_TOKEN` and `VOBIZ_BASE_URL`.
    #[staticmethod]
    fn account_from_env(py: Python<'_>) -> PyResult<Self> {
        let build = || -> Result<Client, Error> {
            let config = ClientConfig::builder_from_env()?.binding(BINDING).build()?;
            Ok(Client::Account(Account::new(
                AccountCredentials::from_env()?,
                config,
            )?))
        };
        guard::sync(py, "NativeClient.account_from_env", || {
            build().map(Self::wrap).map_err(py_err(py))
        })
    }

    /// `partner`, `account` or `sub_account`.
    #[getter]
    fn scope(&self, py: Python<'_>) -> PyResult<&'static str> {
        guard::sync(py, "NativeClient.scope", || {
            Ok(self.client(py)?.scope_name())
        })
    }

    /// The auth id the client acts as (for a sub-account handle, the sub-account's).
    #[getter]
    fn auth_id(&self, py: Python<'_>) -> PyResult<String> {
        guard::sync(py, "NativeClient.auth_id", || {
            Ok(self.client(py)?.auth_id().to_string())
        })
    }

    #[getter]
    fn base_url(&self, py: Python<'_>) -> PyResult<String> {
        guard::sync(py, "NativeClient.base_url", || {
            Ok(self.client(py)?.config().base_url().to_string())
        })
    }

    /// An account client for one of a partner's customers, sharing the pool.
    fn customer_client(
        &self,
        py: Python<'_>,
        credentials: &Bound<'_, PyAccountCredentials>,
    ) -> PyResult<Self> {
        guard::sync(py, "NativeClient.customer_client", || {
            self.client(py)?
                .customer_client(credentials.get().inner.clone())
                .map(Self::wrap)
                .map_err(py_err(py))
        })
    }

    /// A main account's handle on one of its sub-accounts.
    fn sub_account(&self, py: Python<'_>, sub_account_id: &str) -> PyResult<Self> {
        guard::sync(py, "NativeClient.sub_account", || {
            self.client(py)?
                .sub_account(sub_account_id)
                .map(Self::wrap)
                .map_err(py_err(py))
        })
    }

    /// Runs operation `op`; returns an awaitable of its result.
    #[pyo3(signature = (op, args = None))]
    fn call<'py>(
        &self,
        py: Python<'py>,
        op: String,
        args: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let context = op.clone();
        guard::awaitable(py, &context, || {
            let prepared = args_of(args).and_then(|a| Ok((self.client(py)?, a)));
            let (client, args) = match prepared {
                Ok(p) => p,
                Err(err) => return bridge::failed_future(py, err),
            };
            bridge::future_into_loop(
                py,
                op.clone(),
                async move { client.call(&op, args, KeyCase::Snake).await },
                convert,
            )
        })
    }

    /// Runs operation `op` and waits for it, the interpreter released.
    #[pyo3(signature = (op, args = None))]
    fn call_blocking(
        &self,
        py: Python<'_>,
        op: String,
        args: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let context = op.clone();
        guard::sync(py, &context, || {
            let args = args_of(args)?;
            let client = self.client(py)?;
            let result =
                runtime::block_on(
                    py,
                    async move { client.call(&op, args, KeyCase::Snake).await },
                )?;
            convert(py, result)
        })
    }

    /// Runs a whole onboarding with the core's driver (`op`: `sub_account_onboarding_step`
    /// or `customer_onboarding_step`; `args`: the step's arguments less `state`), the
    /// caller's `store.load()`/`store.save(state)`, `on_credentials(view)` and
    /// `progress(view)` (each a plain function or one returning an awaitable) run on this
    /// loop. Returns an awaitable of `{state, finished, waiting_for, reports}`; an exception
    /// raised by the caller's code propagates as itself.
    #[pyo3(signature = (op, args, store, on_credentials, progress = None))]
    fn onboard<'py>(
        &self,
        py: Python<'py>,
        op: String,
        args: Option<&Bound<'py, PyDict>>,
        store: &Bound<'py, PyAny>,
        on_credentials: &Bound<'py, PyAny>,
        progress: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard::awaitable(py, "onboard", || {
            let started = self.client(py).and_then(|client| {
                crate::onboarding::onboard(py, client, op, args, store, on_credentials, progress)
            });
            match started {
                Ok(future) => Ok(future),
                Err(err) => bridge::failed_future(py, err),
            }
        })
    }

    /// [`onboard`](Self::onboard) for the sync clients: waits with the interpreter released,
    /// running the caller's functions (plain ones only) on this thread.
    #[pyo3(signature = (op, args, store, on_credentials, progress = None))]
    fn onboard_blocking(
        &self,
        py: Python<'_>,
        op: String,
        args: Option<&Bound<'_, PyDict>>,
        store: &Bound<'_, PyAny>,
        on_credentials: &Bound<'_, PyAny>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        guard::sync(py, "onboard_blocking", || {
            let client = self.client(py)?;
            crate::onboarding::onboard_blocking(
                py,
                client,
                op,
                args,
                store,
                on_credentials,
                progress,
            )
        })
    }

    /// Opens the auto-paging list `op`. Nothing is fetched until a batch is asked for.
    #[pyo3(signature = (op, args = None, *, page_size = 100, max_items = None, prefetch = 4))]
    fn list(
        &self,
        py: Python<'_>,
        op: &str,
        args: Option<&Bound<'_, PyDict>>,
        page_size: u32,
        max_items: Option<u64>,
        prefetch: usize,
    ) -> PyResult<PyNativePages> {
        guard::sync(py, op, || {
            let args = args_of(args)?;
            let options = PageOptions {
                page_size,
                max_items,
                prefetch,
            };
            let pages = self
                .client(py)?
                .list(op, args, options, KeyCase::Snake)
                .map_err(py_err(py))?;
            Ok(PyNativePages {
                pages: Arc::new(tokio::sync::Mutex::new(pages)),
                pid: std::process::id(),
                op: op.to_owned(),
            })
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "NativeClient(scope='{}', auth_id='{}')",
            self.scope(py)?,
            self.auth_id(py)?
        ))
    }
}

/// The batches of one auto-paging list.
#[pyclass(frozen, name = "NativePages", module = "vobiz_partner._native")]
pub struct PyNativePages {
    pages: Arc<tokio::sync::Mutex<ViewPages>>,
    pid: u32,
    /// The list operation, naming it in an `InternalError`.
    op: String,
}

fn convert_batch(py: Python<'_>, result: Result<Option<Vec<View>>, Error>) -> PyResult<Py<PyAny>> {
    match result {
        Ok(None) => Ok(py.None()),
        Ok(Some(items)) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(view::to_python(py, item)?)?;
            }
            Ok(list.into_any().unbind())
        }
        Err(err) => Err(to_py_err(py, &err)),
    }
}

impl PyNativePages {
    fn pages(&self) -> PyResult<Arc<tokio::sync::Mutex<ViewPages>>> {
        if runtime::forked_since(self.pid) {
            return Err(PyRuntimeError::new_err(
                "this list was opened before the process forked; open it again in this process",
            ));
        }
        Ok(Arc::clone(&self.pages))
    }
}

#[pymethods]
impl PyNativePages {
    /// An awaitable of the next items (a non-empty list), or `None` at the end.
    fn next_batch<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard::awaitable(py, &self.op, || {
            let pages = match self.pages() {
                Ok(p) => p,
                Err(err) => return bridge::failed_future(py, err),
            };
            bridge::future_into_loop(
                py,
                self.op.clone(),
                async move { pages.lock().await.next_batch().await },
                convert_batch,
            )
        })
    }

    /// The next items, waiting with the interpreter released; `None` at the end.
    fn next_batch_blocking(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        guard::sync(py, &self.op, || {
            let pages = self.pages()?;
            let result =
                runtime::block_on(py, async move { pages.lock().await.next_batch().await })?;
            convert_batch(py, result)
        })
    }
}
