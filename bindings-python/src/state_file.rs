//! The core's atomic JSON state file (`workflows::onboarding::{load,save}_state_file`), for
//! the package's `FileStateStore`.

use std::path::PathBuf;

use pyo3::prelude::*;
use vobiz_partner::workflows::onboarding;

use crate::errors::py_err;
use crate::guard;
use crate::json;

/// The JSON state in `path`, or `None` when the file does not exist.
#[pyfunction]
pub fn load_state_file(py: Python<'_>, path: PathBuf) -> PyResult<Py<PyAny>> {
    guard::sync(py, "load_state_file", || {
        match py
            .detach(|| onboarding::load_state_file(&path))
            .map_err(py_err(py))?
        {
            Some(value) => Ok(json::to_python(py, &value)?.unbind()),
            None => Ok(py.None()),
        }
    })
}

/// Writes `state` (JSON-compatible) to `path` atomically: a temporary file beside it,
/// `fsync`, then a rename.
#[pyfunction]
pub fn save_state_file(py: Python<'_>, path: PathBuf, state: &Bound<'_, PyAny>) -> PyResult<()> {
    guard::sync(py, "save_state_file", || {
        let value = json::to_json(state)?;
        py.detach(|| onboarding::save_state_file(&path, &value))
            .map_err(py_err(py))
    })
}
