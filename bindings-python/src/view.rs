//! Core result views → Python values: `Decimal` for money, `datetime` for timestamps,
//! `vobiz_partner.Secret` for secrets, dicts and lists for the rest. The package's model
//! classes are built from these in Python.
//!
//! A timestamp is always a `datetime` or `None`, never another type: aware when the API gave
//! an offset, naive when it gave none, midnight for a bare date. A text the core cannot read
//! as any documented form (or one outside `datetime`'s years 1–9999) becomes `None`, and
//! the server's text is kept beside it: an object (a model's view) with such fields gets one
//! more key, [`UNPARSED_KEY`], mapping each field's name to its text. `Model._from_view` moves it to the model's
//! `unparsed_timestamps` (see `vobiz_partner/_model.py`), so it never shows as a field.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};
use vobiz_partner::timestamp::{TimeValue, Timestamp};
use vobiz_partner::view::View;

use crate::json;

static SECRET: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The key of an object's unparsed timestamp texts (field name → the server's text). Not a
/// possible field name: a model's own fields are Rust identifiers, and the fields it does
/// not model are grouped under `extra`. Must match `UNPARSED` in `_model.py`.
pub const UNPARSED_KEY: &str = "$unparsed_timestamps";

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
        // Outside an object (never in today's models) an unparsed text has nowhere to go.
        View::Time(t) => time(py, &t)?.unwrap_or_else(|| py.None().into_bound(py)),
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
            let mut unparsed: Option<Bound<'py, PyDict>> = None;
            for (key, value) in fields {
                let value = match value {
                    View::Time(t) => match time(py, &t)? {
                        Some(at) => at,
                        None => {
                            unparsed
                                .get_or_insert_with(|| PyDict::new(py))
                                .set_item(&key, t.raw())?;
                            py.None().into_bound(py)
                        }
                    },
                    other => to_python(py, other)?,
                };
                dict.set_item(key, value)?;
            }
            if let Some(unparsed) = unparsed {
                dict.set_item(UNPARSED_KEY, unparsed)?;
            }
            dict.into_any()
        }
    })
}

/// A timestamp as a `datetime`; `None` when its text is in no form the core reads, or names
/// an instant Python's `datetime` cannot hold (year 0, say): the caller keeps the text.
fn time<'py>(py: Python<'py>, t: &Timestamp) -> PyResult<Option<Bound<'py, PyAny>>> {
    let converted = match t.value() {
        TimeValue::Instant(at) => at.into_pyobject(py).map(Bound::into_any),
        TimeValue::Local(at) => at.into_pyobject(py).map(Bound::into_any),
        TimeValue::Date(day) => match day.and_hms_opt(0, 0, 0) {
            Some(midnight) => midnight.into_pyobject(py).map(Bound::into_any),
            None => return Ok(None),
        },
        TimeValue::Unparsed => return Ok(None),
    };
    Ok(converted.ok())
}
