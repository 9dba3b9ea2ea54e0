//! `Sandbox` in a build without cargo feature `sandbox`: the class exists (the package
//! re-exports it), and starting one raises a `RuntimeError` naming the missing feature.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple, PyType};

#[pyclass(frozen, name = "Sandbox", module = "vobiz_partner._native")]
pub struct PySandbox;

#[pymethods]
impl PySandbox {
    #[classmethod]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn start(
        _cls: &Bound<'_, PyType>,
        _args: &Bound<'_, PyTuple>,
        _kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        Err(PyRuntimeError::new_err(
            "this build of vobiz_partner has no embedded sandbox (built without cargo feature \
             `sandbox`); install the published wheel, or build with default features",
        ))
    }
}
