//! Python values ↔ `serde_json::Value`, for raw request bodies, query strings and decoded
//! responses.
//!
//! Strict on the way out: a value JSON cannot carry exactly (NaN, an integer beyond 64 bits,
//! a `Decimal` with more digits than a JSON number keeps, an object of some other type) is
//! refused with a `ValidationError` naming where it sits, instead of being sent altered.
//! `Decimal` goes through the core's `Money`, which writes the exact JSON number.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};
use vobiz_partner::{Error, Money};

use crate::errors::to_py_err;

/// Deeper than this is refused (and a self-containing list cannot recurse forever).
const MAX_DEPTH: usize = 64;

static DECIMAL: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `decimal.Decimal`, imported once for the whole binding.
pub fn decimal_class(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

fn is_decimal(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    value.is_instance(decimal_class(value.py())?)
}

fn refuse(py: Python<'_>, field: &str, at: &str, reason: impl std::fmt::Display) -> PyErr {
    to_py_err(py, &Error::validation(field, format!("at {at}: {reason}")))
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_owned())
}

/// A request body: the `json=` argument of `Transport.request`.
pub fn to_json(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    convert(value, "json", 0, Decimals::AsNumbers)
}

/// An operation's arguments (a dict of keyword arguments). Decimals travel as their exact
/// text, which the core reads as money without a detour through binary floats.
pub fn to_args(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    convert(value, "arguments", 0, Decimals::AsText)
}

/// How a `Decimal` is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Decimals {
    /// An exact JSON number (request bodies).
    AsNumbers,
    /// Its text (operation arguments).
    AsText,
}

static DATE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn is_date(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    let date = DATE.import(value.py(), "datetime", "date")?;
    value.is_instance(date)
}

fn convert(
    value: &Bound<'_, PyAny>,
    at: &str,
    depth: usize,
    decimals: Decimals,
) -> PyResult<Value> {
    let py = value.py();
    if depth > MAX_DEPTH {
        return Err(refuse(
            py,
            "json",
            at,
            format!("nested more than {MAX_DEPTH} levels deep"),
        ));
    }
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(i) = value.cast::<PyInt>() {
        if let Ok(n) = i.extract::<i64>() {
            return Ok(Value::from(n));
        }
        if let Ok(n) = i.extract::<u64>() {
            return Ok(Value::from(n));
        }
        return Err(refuse(
            py,
            "json",
            at,
            format!("the integer {i} does not fit in 64 bits"),
        ));
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        let f = f.value();
        return Number::from_f64(f)
            .map(Value::Number)
            .ok_or_else(|| refuse(py, "json", at, format!("{f} is not a JSON number")));
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if is_date(value)? {
        // `datetime` is a `date` too: both write ISO 8601.
        return Ok(Value::String(value.call_method0("isoformat")?.extract()?));
    }
    if is_decimal(value)? {
        let text = value.str()?.to_string();
        if decimals == Decimals::AsText {
            return Ok(Value::String(text));
        }
        return Money::parse_field(&text, "json")
            .and_then(|m| {
                serde_json::to_value(m).map_err(|e| Error::validation("json", e.to_string()))
            })
            .map_err(|e| match e {
                Error::Validation { reason, .. } => refuse(py, "json", at, reason),
                other => to_py_err(py, &other),
            });
    }
    if let Ok(d) = value.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let Ok(key) = k.cast::<PyString>() else {
                return Err(refuse(
                    py,
                    "json",
                    at,
                    format!("object keys must be str, got {}", type_name(&k)),
                ));
            };
            let key = key.to_cow()?.into_owned();
            let inner = format!("{at}[{}]", key.to_py_repr(py)?);
            map.insert(key, convert(&v, &inner, depth + 1, decimals)?);
        }
        return Ok(Value::Object(map));
    }
    if value.cast::<PyList>().is_ok() || value.cast::<PyTuple>().is_ok() {
        let mut items = Vec::new();
        for (i, item) in value.try_iter()?.enumerate() {
            items.push(convert(&item?, &format!("{at}[{i}]"), depth + 1, decimals)?);
        }
        return Ok(Value::Array(items));
    }
    Err(refuse(
        py,
        "json",
        at,
        format!(
            "a {} is not JSON; pass None, bool, int, float, str, Decimal, date, datetime, dict, list or tuple",
            type_name(value)
        ),
    ))
}

trait PyRepr {
    fn to_py_repr(&self, py: Python<'_>) -> PyResult<String>;
}

impl PyRepr for String {
    fn to_py_repr(&self, py: Python<'_>) -> PyResult<String> {
        Ok(PyString::new(py, self).repr()?.to_string())
    }
}

/// Query parameters: a mapping of names to scalars (or lists of scalars, repeated).
/// `None` values are left out; booleans are written `true` / `false`.
pub fn to_query(mapping: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let py = mapping.py();
    let items = match mapping.cast::<PyDict>() {
        Ok(d) => d.items().into_any(),
        Err(_) if mapping.hasattr("items")? => mapping.call_method0("items")?,
        Err(_) => {
            return Err(to_py_err(
                py,
                &Error::validation(
                    "query",
                    format!(
                        "must be a mapping of names to values, got {}",
                        type_name(mapping)
                    ),
                ),
            ));
        }
    };
    let mut pairs = Vec::new();
    for item in items.try_iter()? {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
        let Ok(key) = key.cast::<PyString>() else {
            return Err(to_py_err(
                py,
                &Error::validation(
                    "query",
                    format!("names must be str, got {}", type_name(&key)),
                ),
            ));
        };
        let key = key.to_cow()?.into_owned();
        if value.cast::<PyList>().is_ok() || value.cast::<PyTuple>().is_ok() {
            for item in value.try_iter()? {
                if let Some(text) = query_scalar(&key, &item?)? {
                    pairs.push((key.clone(), text));
                }
            }
        } else if let Some(text) = query_scalar(&key, &value)? {
            pairs.push((key, text));
        }
    }
    Ok(pairs)
}

fn query_scalar(key: &str, value: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    let py = value.py();
    if value.is_none() {
        return Ok(None);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Some(if b.is_true() { "true" } else { "false" }.to_owned()));
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        let f = f.value();
        if !f.is_finite() {
            return Err(to_py_err(
                py,
                &Error::validation("query", format!("{key}: {f} is not a number")),
            ));
        }
        return Ok(Some(value.str()?.to_string()));
    }
    if value.cast::<PyString>().is_ok() || value.cast::<PyInt>().is_ok() || is_decimal(value)? {
        return Ok(Some(value.str()?.to_string()));
    }
    Err(to_py_err(
        py,
        &Error::validation(
            "query",
            format!(
                "{key}: a {} cannot be a query value; pass str, int, float, bool, Decimal or a list of them",
                type_name(value)
            ),
        ),
    ))
}

/// A decoded response body → plain Python objects (like `json.loads`).
pub fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_python(py, v)?)?;
            }
            dict.into_any()
        }
    })
}
