//! The Python binding of `vobiz-partner`, built by maturin as `vobiz_partner._native`.
//!
//! Every behaviour is the core's; this crate converts Python values in, calls the core, and
//! converts results and errors out. The hand-written package around it lives in
//! `bindings-python/vobiz_partner/` (exceptions, re-exports, type stubs).

use pyo3::prelude::*;

mod bridge;
mod config;
mod errors;
mod json;
mod transport;

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    // The one tokio runtime of the process; built on first use by pyo3-async-runtimes.
    pyo3_async_runtimes::tokio::init(vobiz_partner::runtime::runtime_builder());
    bridge::register(module)?;
    module.add("__version__", vobiz_partner::VERSION)?;
    module.add_class::<config::PyClientConfig>()?;
    module.add_class::<config::PyPartnerCredentials>()?;
    module.add_class::<config::PyAccountCredentials>()?;
    module.add_class::<transport::PyTransport>()?;
    module.add_class::<transport::PyResponse>()?;
    Ok(())
}
