//! The one tokio runtime configuration the bindings share.
//!
//! Core never starts a runtime itself: Python and Node each install exactly one per process,
//! built here so both get the same worker count and thread names.

/// A multi-threaded runtime builder with the settings the bindings use.
///
/// Two workers keep the footprint small (the SDK is I/O bound) while still letting a
/// slow response decode alongside a new request being sent.
pub fn runtime_builder() -> tokio::runtime::Builder {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    builder
        .worker_threads(2)
        .thread_name("vobiz-partner")
        .enable_all();
    builder
}
