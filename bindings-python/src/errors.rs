//! Core errors → the exception classes of `vobiz_partner.errors`.
//!
//! The mapping is the core's [`Error::report`]: its `kind` picks the class, its fields become
//! attributes, converted to the Python types users expect (`Decimal` money, an aware
//! `datetime`, a `timedelta`). Every text in a report is already redacted by the core.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use vobiz_partner::{Error, ErrorReport};

static FROM_REPORT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static TIMEDELTA: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static TIMEZONE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The exception for a core error.
pub fn to_py_err(py: Python<'_>, err: &Error) -> PyErr {
    let report = err.report();
    match build(py, &report) {
        Ok(exception) => PyErr::from_value(exception),
        // Only if the package's errors module is broken; still never loses the description.
        Err(cause) => {
            let err = PyRuntimeError::new_err(report.description);
            err.set_cause(py, Some(cause));
            err
        }
    }
}

fn build<'py>(py: Python<'py>, report: &ErrorReport) -> PyResult<Bound<'py, PyAny>> {
    let attrs = PyDict::new(py);
    attrs.set_item("message", &report.message)?;
    attrs.set_item("status", report.status)?;
    attrs.set_item("code", &report.code)?;
    attrs.set_item("request_id", &report.request_id)?;
    attrs.set_item("body", &report.body)?;
    attrs.set_item("method", &report.method)?;
    attrs.set_item("path", &report.path)?;
    attrs.set_item("field", &report.field)?;
    attrs.set_item("reason", &report.reason)?;
    attrs.set_item("attempts", report.attempts)?;
    attrs.set_item("location", &report.location)?;
    attrs.set_item("limit_bytes", report.limit_bytes)?;
    attrs.set_item("retry_after", report.retry_after_secs)?;
    attrs.set_item("currency", &report.currency)?;
    attrs.set_item("outcome_unknown", report.outcome_unknown)?;
    // The core's reading of the instant; an offset-less text has none and gives None.
    let until = match report.cool_off_until_epoch_ms {
        Some(ms) => Some(utc_from_epoch_ms(py, ms)?),
        None => None,
    };
    attrs.set_item("cool_off_until", until)?;
    let remaining = match report.cool_off_remaining_secs {
        Some(secs) => Some(
            TIMEDELTA
                .import(py, "datetime", "timedelta")?
                .call1((0, secs))?,
        ),
        None => None,
    };
    attrs.set_item("remaining", remaining)?;
    for (name, amount) in [
        ("current_balance", &report.current_balance),
        ("requested_amount", &report.requested_amount),
    ] {
        let value = match amount {
            Some(text) => Some(crate::json::decimal_class(py)?.call1((text,))?),
            None => None,
        };
        attrs.set_item(name, value)?;
    }
    FROM_REPORT
        .import(py, "vobiz_partner.errors", "_from_report")?
        .call1((report.kind, &report.description, attrs))
}

/// An aware UTC `datetime`, computed exactly as epoch + timedelta(milliseconds=ms).
fn utc_from_epoch_ms(py: Python<'_>, ms: i64) -> PyResult<Bound<'_, PyAny>> {
    let utc = TIMEZONE
        .import(py, "datetime", "timezone")?
        .getattr("utc")?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("tzinfo", utc)?;
    let epoch = DATETIME
        .import(py, "datetime", "datetime")?
        .call((1970, 1, 1), Some(&kwargs))?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("milliseconds", ms)?;
    let offset = TIMEDELTA
        .import(py, "datetime", "timedelta")?
        .call((), Some(&kwargs))?;
    epoch.add(offset)
}

/// `map_err` helper: `result.map_err(py_err(py))`.
pub fn py_err(py: Python<'_>) -> impl Fn(Error) -> PyErr + '_ {
    move |err| to_py_err(py, &err)
}
