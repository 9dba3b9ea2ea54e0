//! Core errors → the exception classes of `vobiz_partner.errors`.
//!
//! The mapping is the core's [`Error::report`], crossed generically: its `code` picks the
//! class, and every field of that class in the error catalogue
//! ([`vobiz_partner::error_catalogue`]) becomes a keyword argument, converted by its catalogue
//! type (a decimal to `Decimal`, an instant to an aware UTC `datetime`). The classes are
//! generated from the same catalogue (`vobiz_partner/_errors.py`); nothing here names a
//! field. Every text in a report is already redacted by the core.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use vobiz_partner::error_catalogue::FieldValue;
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
    let fields = PyDict::new(py);
    for (spec, value) in report.fields() {
        fields.set_item(spec.name, to_python(py, value)?)?;
    }
    FROM_REPORT
        .import(py, "vobiz_partner._errors", "_from_report")?
        .call1((report.code, &report.description, fields))
}

/// A report value as the Python type of its catalogue type.
fn to_python(py: Python<'_>, value: FieldValue) -> PyResult<Bound<'_, PyAny>> {
    Ok(match value {
        FieldValue::Null => py.None().into_bound(py),
        FieldValue::String(text) => text.into_pyobject(py)?.into_any(),
        FieldValue::Integer(n) => n.into_pyobject(py)?.into_any(),
        FieldValue::Number(n) => n.into_pyobject(py)?.into_any(),
        FieldValue::Boolean(b) => b.into_pyobject(py)?.to_owned().into_any(),
        FieldValue::Decimal(text) => crate::json::decimal_class(py)?.call1((text,))?,
        // The core's reading of the instant; an offset-less text has none and gives None.
        FieldValue::Instant(ms) => utc_from_epoch_ms(py, ms)?,
    })
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
