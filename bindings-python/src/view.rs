//! Core result views → Python values: `Decimal` for money, `datetime` for timestamps (aware
//! when the API gave an offset, naive otherwise, the raw text when the form is unknown),
//! `vobiz_partner.Secret` for secrets, dicts and lists for the rest. The package's model
//! classes are built from these in Python.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};
use vobiz_partner::timestamp::TimeValue;
use vobiz_partner::view::View;

use crate::json;

static SECRET: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Converts a view.
pub fn to_python<'py>(py: Python<'py>, view: View) -> PyResult<Bound<'py, PyAny>> {
    Ok(match view {
        View::Null => py.None().into_bound(py),
        View::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        View::Int(i) => i.into_pyobject(py)?.into_any(),
        View::UInt(u) => u.into_pyobject(py)?.into_any(),
        View::Float(f) => f.into_pyobject(py)?.into_any(),
        View::Text(t) => t.into_pyobject(py)?.into_any(),
        View::Money(m) => json::decimal_class(py)?.call1((m.as_decimal().to_string(),))?,
        View::Time(t) => match t.value() {
            TimeValue::Instant(at) => at.into_pyobject(py)?.into_any(),
            TimeValue::Local(at) => at.into_pyobject(py)?.into_any(),
            TimeValue::Date(day) => day
                .and_hms_opt(0, 0, 0)
                .map(|midnight| midnight.into_pyobject(py).map(|d| d.into_any()))
                .transpose()?
                .unwrap_or_else(|| t.raw().into_pyobject(py).expect("str").into_any()),
            TimeValue::Unparsed => t.raw().into_pyobject(py)?.into_any(),
        },
        View::Secret(s) => SECRET
            .import(py, "vobiz_partner._secret", "Secret")?
            .call1((s.expose(),))?,
        View::List(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        View::Map(fields) => {
            let dict = PyDict::new(py);
            for (key, value) in fields {
                dict.set_item(key, to_python(py, value)?)?;
            }
            dict.into_any()
        }
    })
}
