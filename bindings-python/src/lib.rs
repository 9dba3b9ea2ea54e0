//! The Python binding of `vobiz-partner`, built by maturin as `vobiz_partner._native`.
//!
//! Every behaviour is the core's; this crate converts Python values in, calls the core, and
//! converts results and errors out. The hand-written package around it lives in
//! `bindings-python/vobiz_partner/` (exceptions, re-exports, type stubs).

use pyo3::prelude::*;

mod bridge;
mod client;
mod config;
mod errors;
mod guard;
mod json;
mod logging;
mod onboarding;
mod runtime;
// The embedded sandbox is cargo feature `sandbox` (default). Without it, a stand-in class of
// the same name says so when started, so `import vobiz_partner` still works.
#[cfg(feature = "sandbox")]
mod sandbox;
#[cfg(not(feature = "sandbox"))]
#[path = "sandbox_absent.rs"]
mod sandbox;
mod state_file;
mod transport;
mod view;
mod webhooks;

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    // Before anything can panic: a panic logs where it happened, never its payload (std's
    // messages can quote a token). Every entry point turns it into `InternalError`.
    vobiz_partner::panic::install_quiet_hook();
    bridge::register(module)?;
    logging::install();
    module.add("__version__", vobiz_partner::VERSION)?;
    module.add_class::<config::PyClientConfig>()?;
    module.add_class::<config::PyPartnerCredentials>()?;
    module.add_class::<config::PyAccountCredentials>()?;
    module.add_class::<client::PyNativeClient>()?;
    module.add_class::<client::PyNativePages>()?;
    module.add_class::<transport::PyTransport>()?;
    module.add_class::<transport::PyResponse>()?;
    module.add_class::<sandbox::PySandbox>()?;
    module.add_function(wrap_pyfunction!(webhooks::verify_webhook, module)?)?;
    module.add_function(wrap_pyfunction!(state_file::load_state_file, module)?)?;
    module.add_function(wrap_pyfunction!(state_file::save_state_file, module)?)?;
    // Whether this build has the deliberate panics of feature `test-hooks` (never a release).
    // Set, not added: private names stay out of `__all__` (and out of the stub's).
    module.setattr("_test_hooks", cfg!(feature = "test-hooks"))?;
    #[cfg(feature = "test-hooks")]
    module.setattr(
        "_panic_in_binding",
        wrap_pyfunction!(guard::test_hooks::panic_in_binding, module)?,
    )?;
    Ok(())
}
