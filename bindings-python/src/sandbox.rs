//! `Sandbox`: the embedded emulator (crate `vobiz-sandbox`), running in this process on the
//! binding's shared tokio runtime.
//!
//! Every method is a conversion in, one call of the Rust `vobiz_sandbox` API (the
//! `Sandbox` methods, or the `control` functions they are made of), and a conversion out;
//! nothing goes through the HTTP control routes. Starting and stopping block the calling
//! thread on the package's runtime ([`runtime::block_on`]: the interpreter released,
//! Ctrl-C honoured), so they also work inside a running asyncio loop (Jupyter) and never
//! hold up other Python threads.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, TimeDelta, Utc};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyType, PyTzInfo};
use serde_json::{Map, Value, json};
use vobiz_partner::{AccountCredentials, PartnerCredentials};
use vobiz_sandbox::control::{self, ControlError, KycStep, NumberPatch, SimulatedCall};
use vobiz_sandbox::faults::{FaultKind, FaultSpec};
use vobiz_sandbox::store::Store;
use vobiz_sandbox::{Sandbox, SandboxOptions, Seeded};

use crate::config::{PyAccountCredentials, PyPartnerCredentials};
use crate::errors::py_err;
use crate::runtime;
use crate::{guard, json};

static TIMEDELTA: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Locks ignoring poison: the guarded `Option<Sandbox>` is always consistent.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A control request the world cannot satisfy (unknown session, terminal state, …).
fn control_err(err: ControlError) -> PyErr {
    PyValueError::new_err(err.message)
}

fn stopped() -> PyErr {
    PyRuntimeError::new_err("the sandbox is stopped")
}

/// Seconds (`int`/`float`) or a `datetime.timedelta` → an exact duration.
fn duration_arg(name: &str, value: &Bound<'_, PyAny>) -> PyResult<TimeDelta> {
    let timedelta = TIMEDELTA.import(value.py(), "datetime", "timedelta")?;
    if value.is_instance(timedelta)? {
        return value.extract::<TimeDelta>();
    }
    let seconds: f64 = value.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "{name} must be a number of seconds or a datetime.timedelta"
        ))
    })?;
    if !seconds.is_finite() {
        return Err(PyValueError::new_err(format!(
            "{name} must be a finite number of seconds"
        )));
    }
    // `as` saturates; a span that large is refused by the clock's range anyway.
    Ok(TimeDelta::microseconds((seconds * 1e6).round() as i64))
}

/// An aware `datetime` (any time zone) → UTC. A naive one is refused: its zone is unknown.
fn aware_utc(name: &str, value: &Bound<'_, PyAny>) -> PyResult<DateTime<Utc>> {
    let offset = value
        .call_method0("utcoffset")
        .map_err(|_| PyTypeError::new_err(format!("{name} must be a datetime.datetime")))?;
    if offset.is_none() {
        return Err(PyValueError::new_err(format!(
            "{name} must be timezone-aware (e.g. tzinfo=datetime.timezone.utc)"
        )));
    }
    value
        .call_method1("astimezone", (PyTzInfo::utc(value.py())?,))?
        .extract()
}

/// What was seeded, without the tokens or the password.
fn seeded_info<'py>(py: Python<'py>, seeded: &Seeded) -> PyResult<Bound<'py, PyDict>> {
    let decimal = py.import("decimal")?.getattr("Decimal")?;
    let info = PyDict::new(py);
    info.set_item("seed", seeded.seed)?;
    info.set_item("partner_auth_id", &seeded.partner.auth_id)?;
    info.set_item("partner_email", &seeded.partner_email)?;
    info.set_item(
        "partner_balance",
        decimal.call1((&seeded.partner_balance,))?,
    )?;
    info.set_item("max_accounts", seeded.max_accounts)?;
    info.set_item("parent_auth_id", &seeded.parent.auth_id)?;
    info.set_item("parent_balance", decimal.call1((&seeded.parent_balance,))?)?;
    info.set_item("currency", &seeded.currency)?;
    info.set_item("inventory_numbers", seeded.inventory_numbers)?;
    info.set_item("regions", &seeded.regions)?;
    Ok(info)
}

/// The fault kind named by exactly one of `add_fault`'s kind arguments.
struct FaultArgs {
    status: Option<u16>,
    body: Option<Value>,
    retry_after: Option<u64>,
    delay: Option<TimeDelta>,
    reset_before: bool,
    reset_after: bool,
    late_commit: Option<TimeDelta>,
    malformed: bool,
    truncated: bool,
}

impl FaultArgs {
    fn kind(self) -> PyResult<FaultKind> {
        let chosen = [
            self.status.is_some(),
            self.delay.is_some(),
            self.reset_before,
            self.reset_after,
            self.late_commit.is_some(),
            self.malformed,
            self.truncated,
        ]
        .iter()
        .filter(|on| **on)
        .count();
        if chosen != 1 {
            return Err(PyValueError::new_err(
                "give exactly one of status, delay, reset_before, reset_after, late_commit, malformed or truncated",
            ));
        }
        if self.status.is_none() && (self.body.is_some() || self.retry_after.is_some()) {
            return Err(PyValueError::new_err("body and retry_after go with status"));
        }
        Ok(if let Some(status) = self.status {
            FaultKind::Status {
                status,
                body: self.body,
                retry_after: self.retry_after,
            }
        } else if let Some(delay) = self.delay {
            FaultKind::Delay {
                ms: millis("delay", delay)?,
            }
        } else if let Some(after) = self.late_commit {
            FaultKind::LateCommit {
                ms: millis("late_commit", after)?,
            }
        } else if self.reset_before {
            FaultKind::ResetBefore
        } else if self.reset_after {
            FaultKind::ResetAfter
        } else if self.malformed {
            FaultKind::Malformed
        } else {
            FaultKind::Truncated
        })
    }
}

fn millis(field: &str, span: TimeDelta) -> PyResult<u64> {
    u64::try_from(span.num_milliseconds())
        .map_err(|_| PyValueError::new_err(format!("{field} must not be negative")))
}

/// A running sandbox: a local, stateful emulator of the Vobiz API on `127.0.0.1`.
#[pyclass(frozen, name = "Sandbox", module = "vobiz_partner._native")]
pub struct PySandbox {
    url: String,
    /// The world, kept after `stop()` so the seeded credentials stay readable.
    store: Arc<Store>,
    /// `None` once stopped.
    running: Mutex<Option<Sandbox>>,
}

impl PySandbox {
    /// Runs `f` on the running sandbox with the interpreter released.
    fn with_running<R: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&Sandbox) -> R + Send,
    ) -> PyResult<R> {
        py.detach(|| lock(&self.running).as_ref().map(f))
            .ok_or_else(stopped)
    }

    /// What the world was seeded with now (a `reset`, here or over HTTP, changes it).
    fn seeded(&self) -> Seeded {
        self.store.read(vobiz_sandbox::seed::describe)
    }

    fn kyc_step(
        &self,
        py: Python<'_>,
        session_id: &str,
        step: KycStep,
        kyc_type: Option<&str>,
        reason: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let reply = self
            .with_running(py, |s| {
                s.kyc_session_step(session_id, step, kyc_type, reason)
            })?
            .map_err(control_err)?;
        Ok(json::to_python(py, &reply)?.unbind())
    }

    fn sub_account_kyc(
        &self,
        py: Python<'_>,
        sub_auth_id: &str,
        complete: bool,
    ) -> PyResult<Py<PyAny>> {
        let reply = self
            .with_running(py, |s| s.sub_account_kyc(sub_auth_id, complete))?
            .map_err(control_err)?;
        Ok(json::to_python(py, &reply)?.unbind())
    }
}

#[pymethods]
impl PySandbox {
    /// Starts a sandbox on `127.0.0.1:<port>` (0: a free port) and returns once it listens.
    #[classmethod]
    #[pyo3(signature = (*, port = 0, seed = None, state_file = None))]
    fn start(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        port: u16,
        seed: Option<u64>,
        state_file: Option<PathBuf>,
    ) -> PyResult<Self> {
        guard::sync(py, "Sandbox.start", || {
            let defaults = SandboxOptions::default();
            let options = SandboxOptions {
                port,
                seed: seed.unwrap_or(defaults.seed),
                state_file,
            };
            let sandbox = runtime::block_on(py, Sandbox::start(options))??;
            Ok(PySandbox {
                url: sandbox.url().to_owned(),
                store: Arc::clone(sandbox.store()),
                running: Mutex::new(Some(sandbox)),
            })
        })
    }

    /// `http://127.0.0.1:<port>`: the base URL to give a client.
    #[getter]
    fn url(&self, py: Python<'_>) -> PyResult<String> {
        guard::sync(py, "Sandbox.url", || Ok(self.url.clone()))
    }

    /// The seed of the current world.
    #[getter]
    fn seed(&self, py: Python<'_>) -> PyResult<u64> {
        guard::sync(py, "Sandbox.seed", || Ok(self.store.read(|w| w.seed)))
    }

    /// Whether it is still serving (`stop()` not called yet).
    #[getter]
    fn running(&self, py: Python<'_>) -> PyResult<bool> {
        guard::sync(py, "Sandbox.running", || Ok(lock(&self.running).is_some()))
    }

    /// The seeded partner's credentials (`PA_…`).
    #[getter]
    fn partner_credentials(&self, py: Python<'_>) -> PyResult<PyPartnerCredentials> {
        guard::sync(py, "Sandbox.partner_credentials", || {
            let seeded = self.seeded();
            PartnerCredentials::new(&seeded.partner.auth_id, &seeded.partner.auth_token)
                .map(|inner| PyPartnerCredentials { inner })
                .map_err(py_err(py))
        })
    }

    /// The seeded parent main account's own credentials (`MA_…`).
    #[getter]
    fn parent_credentials(&self, py: Python<'_>) -> PyResult<PyAccountCredentials> {
        guard::sync(py, "Sandbox.parent_credentials", || {
            let seeded = self.seeded();
            AccountCredentials::new(&seeded.parent.auth_id, &seeded.parent.auth_token)
                .map(|inner| PyAccountCredentials { inner })
                .map_err(py_err(py))
        })
    }

    /// The seeded partner's console email, for `POST /api/v1/partner/login`.
    #[getter]
    fn partner_email(&self, py: Python<'_>) -> PyResult<String> {
        guard::sync(py, "Sandbox.partner_email", || {
            Ok(self.seeded().partner_email)
        })
    }

    /// The seeded partner's console password, for `POST /api/v1/partner/login`.
    #[getter]
    fn partner_password(&self, py: Python<'_>) -> PyResult<String> {
        guard::sync(py, "Sandbox.partner_password", || {
            Ok(self.seeded().partner_password)
        })
    }

    /// What was seeded, without secrets: ids, balances (`Decimal`), limits, inventory.
    #[getter(seeded)]
    fn seeded_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        guard::sync(py, "Sandbox.seeded", || seeded_info(py, &self.seeded()))
    }

    /// The environment `from_env()` reads, for the seeded `"partner"` or `"parent"`:
    /// `VOBIZ_BASE_URL`, `VOBIZ_AUTH_ID` and `VOBIZ_AUTH_TOKEN` (the token in clear: it is
    /// for handing to a process or `monkeypatch`, never for printing).
    #[pyo3(signature = (scope = "partner"))]
    fn env(&self, py: Python<'_>, scope: &str) -> PyResult<HashMap<&'static str, String>> {
        guard::sync(py, "Sandbox.env", || {
            let seeded = self.seeded();
            let credentials = match scope {
                "partner" => seeded.partner,
                "parent" => seeded.parent,
                other => {
                    return Err(PyValueError::new_err(format!(
                        "scope must be 'partner' or 'parent', not {other:?}"
                    )));
                }
            };
            Ok(HashMap::from([
                (vobiz_partner::config::ENV_BASE_URL, self.url.clone()),
                (vobiz_partner::credentials::ENV_AUTH_ID, credentials.auth_id),
                (
                    vobiz_partner::credentials::ENV_AUTH_TOKEN,
                    credentials.auth_token,
                ),
            ]))
        })
    }

    /// The sandbox's current time (aware, UTC).
    fn now(&self, py: Python<'_>) -> PyResult<DateTime<Utc>> {
        guard::sync(py, "Sandbox.now", || self.with_running(py, |s| s.now()))
    }

    /// Moves the clock by `seconds` (a number or a `timedelta`; negative moves it back);
    /// returns the new time. A time outside 1970–9999 is refused with `ValueError`.
    fn advance_clock(&self, py: Python<'_>, seconds: &Bound<'_, PyAny>) -> PyResult<DateTime<Utc>> {
        guard::sync(py, "Sandbox.advance_clock", || {
            let by = duration_arg("seconds", seconds)?;
            self.with_running(py, |s| control::try_advance_clock(s.store(), by))?
                .map_err(control_err)
        })
    }

    /// Sets the clock to `at` (an aware `datetime`, earlier or later than now); returns the
    /// new time. A time outside 1970–9999 is refused with `ValueError`.
    fn set_clock(&self, py: Python<'_>, at: &Bound<'_, PyAny>) -> PyResult<DateTime<Utc>> {
        guard::sync(py, "Sandbox.set_clock", || {
            let at = aware_utc("at", at)?;
            self.with_running(py, |s| control::try_set_clock(s.store(), at))?
                .map_err(control_err)
        })
    }

    /// Moves a hosted KYC session one step (`open`, `submit`, `complete`, `fail`) as its
    /// customer would, sending the webhooks; returns the session.
    #[pyo3(signature = (session_id, step, *, kyc_type = None, reason = None))]
    fn kyc_session_step(
        &self,
        py: Python<'_>,
        session_id: &str,
        step: &str,
        kyc_type: Option<&str>,
        reason: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        guard::sync(py, "Sandbox.kyc_session_step", || {
            let step = KycStep::parse(step).map_err(control_err)?;
            self.kyc_step(py, session_id, step, kyc_type, reason)
        })
    }

    /// The customer opened the KYC widget (`opened`).
    fn open_kyc_session(&self, py: Python<'_>, session_id: &str) -> PyResult<Py<PyAny>> {
        guard::sync(py, "Sandbox.open_kyc_session", || {
            self.kyc_step(py, session_id, KycStep::Open, None, None)
        })
    }

    /// The customer submitted the PAN (`in_progress`).
    #[pyo3(signature = (session_id, *, kyc_type = None))]
    fn submit_kyc_session(
        &self,
        py: Python<'_>,
        session_id: &str,
        kyc_type: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        guard::sync(py, "Sandbox.submit_kyc_session", || {
            self.kyc_step(py, session_id, KycStep::Submit, kyc_type, None)
        })
    }

    /// Every document verified (`kyc_completed`, webhook `kyc.completed`).
    #[pyo3(signature = (session_id, *, kyc_type = None))]
    fn complete_kyc_session(
        &self,
        py: Python<'_>,
        session_id: &str,
        kyc_type: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        guard::sync(py, "Sandbox.complete_kyc_session", || {
            self.kyc_step(py, session_id, KycStep::Complete, kyc_type, None)
        })
    }

    /// A document failed (`kyc_failed`, webhook `kyc.failed`).
    #[pyo3(signature = (session_id, reason = None))]
    fn fail_kyc_session(
        &self,
        py: Python<'_>,
        session_id: &str,
        reason: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        guard::sync(py, "Sandbox.fail_kyc_session", || {
            self.kyc_step(py, session_id, KycStep::Fail, None, reason)
        })
    }

    /// Verifies the documents the sub-account's business type needs; returns its KYC status.
    fn complete_sub_account_kyc(&self, py: Python<'_>, sub_auth_id: &str) -> PyResult<Py<PyAny>> {
        guard::sync(py, "Sandbox.complete_sub_account_kyc", || {
            self.sub_account_kyc(py, sub_auth_id, true)
        })
    }

    /// Fails the documents the sub-account's business type needs; returns its KYC status.
    fn fail_sub_account_kyc(&self, py: Python<'_>, sub_auth_id: &str) -> PyResult<Py<PyAny>> {
        guard::sync(py, "Sandbox.fail_sub_account_kyc", || {
            self.sub_account_kyc(py, sub_auth_id, false)
        })
    }

    /// A call on an owned DID; its CDR and charge appear once the clock passes its end.
    /// Unset arguments take the sandbox's defaults (inbound, answered, 60 s).
    #[pyo3(signature = (e164, *, direction = None, answered = None, duration_seconds = None, peer = None))]
    fn simulate_call(
        &self,
        py: Python<'_>,
        e164: String,
        direction: Option<String>,
        answered: Option<bool>,
        duration_seconds: Option<u64>,
        peer: Option<String>,
    ) -> PyResult<Py<PyAny>> {
        guard::sync(py, "Sandbox.simulate_call", || {
            let mut fields = Map::new();
            fields.insert("e164".into(), json!(e164));
            for (name, value) in [
                ("direction", direction.map(Value::from)),
                ("answered", answered.map(Value::from)),
                ("duration_seconds", duration_seconds.map(Value::from)),
                ("peer", peer.map(Value::from)),
            ] {
                if let Some(value) = value {
                    fields.insert(name.into(), value);
                }
            }
            // Through serde, so the defaults are the sandbox's own.
            let call: SimulatedCall = serde_json::from_value(Value::Object(fields))
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
            let reply = self
                .with_running(py, |s| s.simulate_call(&call))?
                .map_err(control_err)?;
            Ok(json::to_python(py, &reply)?.unbind())
        })
    }

    /// Sets what the API manages outside this emulator's routes on number `e164`: its
    /// application routing (`application_id`, or `unroute=True`), the Aadhaar flags and the
    /// billing dates. For building a world with known answers; returns the number.
    #[pyo3(signature = (e164, *, application_id = None, unroute = false, aadhaar_verification_required = None, aadhaar_verified = None, last_billing_date = None, next_billing_date = None))]
    #[allow(clippy::too_many_arguments)]
    fn set_number(
        &self,
        py: Python<'_>,
        e164: String,
        application_id: Option<String>,
        unroute: bool,
        aadhaar_verification_required: Option<bool>,
        aadhaar_verified: Option<bool>,
        last_billing_date: Option<DateTime<Utc>>,
        next_billing_date: Option<DateTime<Utc>>,
    ) -> PyResult<Py<PyAny>> {
        guard::sync(py, "Sandbox.set_number", || {
            let patch = NumberPatch {
                application_id,
                unroute,
                aadhaar_verification_required,
                aadhaar_verified,
                last_billing_date,
                next_billing_date,
            };
            let reply = self
                .with_running(py, |s| s.set_number(&e164, &patch))?
                .map_err(control_err)?;
            Ok(json::to_python(py, &reply)?.unbind())
        })
    }

    /// Injects a fault into requests matching `path` (`*` spans any characters) and
    /// `method` (any when None); returns its id. Give exactly one kind: `status` (with
    /// `body` and `retry_after`), `delay`, `reset_before`, `reset_after`, `late_commit`,
    /// `malformed` or `truncated`.
    #[pyo3(signature = (
        path, *, method = None, status = None, body = None, retry_after = None, delay = None,
        reset_before = false, reset_after = false, late_commit = None, malformed = false,
        truncated = false, count = None, probability = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn add_fault(
        &self,
        py: Python<'_>,
        path: String,
        method: Option<String>,
        status: Option<u16>,
        body: Option<&Bound<'_, PyAny>>,
        retry_after: Option<u64>,
        delay: Option<&Bound<'_, PyAny>>,
        reset_before: bool,
        reset_after: bool,
        late_commit: Option<&Bound<'_, PyAny>>,
        malformed: bool,
        truncated: bool,
        count: Option<u32>,
        probability: Option<f64>,
    ) -> PyResult<u64> {
        guard::sync(py, "Sandbox.add_fault", || {
            let kind = FaultArgs {
                status,
                body: body.map(json::to_json).transpose()?,
                retry_after,
                delay: delay.map(|d| duration_arg("delay", d)).transpose()?,
                reset_before,
                reset_after,
                late_commit: late_commit
                    .map(|d| duration_arg("late_commit", d))
                    .transpose()?,
                malformed,
                truncated,
            }
            .kind()?;
            let spec = FaultSpec {
                method,
                path,
                kind,
                count,
                probability,
            };
            self.with_running(py, |s| s.add_fault(spec))?
                .map_err(PyValueError::new_err)
        })
    }

    /// Removes every injected fault.
    fn clear_faults(&self, py: Python<'_>) -> PyResult<()> {
        guard::sync(py, "Sandbox.clear_faults", || {
            self.with_running(py, |s| s.clear_faults())
        })
    }

    /// Replaces the world with a freshly seeded one (`seed`, or the current seed) and
    /// clears the faults. Credentials derive from the seed.
    #[pyo3(signature = (seed = None))]
    fn reset(&self, py: Python<'_>, seed: Option<u64>) -> PyResult<()> {
        guard::sync(py, "Sandbox.reset", || {
            self.with_running(py, |s| {
                s.reset(seed);
            })
        })
    }

    /// Stops serving, waits for requests in flight, saves the state file. Idempotent.
    fn stop(&self, py: Python<'_>) -> PyResult<()> {
        guard::sync(py, "Sandbox.stop", || {
            let taken = py.detach(|| lock(&self.running).take());
            match taken {
                Some(sandbox) => runtime::block_on(py, sandbox.stop()),
                None => Ok(()),
            }
        })
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (exc_type, exc_value, traceback))]
    fn __exit__(
        &self,
        py: Python<'_>,
        exc_type: &Bound<'_, PyAny>,
        exc_value: &Bound<'_, PyAny>,
        traceback: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let _ = (exc_type, exc_value, traceback);
        self.stop(py)
    }

    /// `Sandbox(url='http://127.0.0.1:PORT', seed=N)`: never a token or password.
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guard::sync(py, "Sandbox.__repr__", || {
            Ok(format!(
                "Sandbox(url={}, seed={})",
                PyString::new(py, &self.url).repr()?,
                self.seed(py)?
            ))
        })
    }
}
