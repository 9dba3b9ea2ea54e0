//! `verify_webhook`: the core's KYC webhook verification ([`vobiz_partner::webhooks`]) for
//! the package's `vobiz_partner.verify_webhook`, which normalises the arguments (header
//! shapes of every web framework, `Secret`, `timedelta`) and builds the `KycEvent` model from
//! the view returned here.

use std::time::Duration;

use chrono::{DateTime, Utc};
use pyo3::prelude::*;
use vobiz_partner::Error;
use vobiz_partner::view::to_view;
use vobiz_partner::webhooks::{self, VerifyOptions};

use crate::errors::to_py_err;
use crate::guard;
use crate::view::to_python;

/// Verifies a KYC webhook delivery (raw `body`, the request's `headers` as name/value pairs,
/// the signing `secret`) and returns the event's view, keyed by the API's field names.
/// Raises `WebhookError` when refused.
#[pyfunction]
#[pyo3(signature = (body, headers, secret, *, max_age = None, now = None))]
pub fn verify_webhook<'py>(
    py: Python<'py>,
    body: &[u8],
    headers: Vec<(String, String)>,
    secret: &str,
    max_age: Option<f64>,
    now: Option<DateTime<Utc>>,
) -> PyResult<Bound<'py, PyAny>> {
    guard::sync(py, "verify_webhook", || {
        let verified = max_age_of(max_age).and_then(|max_age| {
            let options = VerifyOptions { max_age, now };
            let event = webhooks::verify(body, headers, secret, options)?;
            to_view(&event)
        });
        match verified {
            Ok(view) => to_python(py, view),
            Err(error) => Err(to_py_err(py, &error)),
        }
    })
}

fn max_age_of(seconds: Option<f64>) -> vobiz_partner::Result<Option<Duration>> {
    seconds
        .map(|s| {
            Duration::try_from_secs_f64(s).map_err(|_| {
                Error::validation(
                    "max_age",
                    "must be a finite, non-negative number of seconds",
                )
            })
        })
        .transpose()
}
