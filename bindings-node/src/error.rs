//! Core errors → JS errors.
//!
//! The JS error is built on the JS thread (a `napi::Error` made `From` a JS value is thrown or
//! rejected as that very object), so it can carry the code in `code` and the whole report in
//! `vobiz`, with no parsing of messages on the JS side.
//!
//! The report is the core's [`ErrorReport`](vobiz_partner::ErrorReport), crossed generically:
//! `code`, `description`, then every field of its class in the error catalogue
//! ([`vobiz_partner::error_catalogue`]), camelCased, as its catalogue type says (an instant as
//! epoch milliseconds, a decimal as its exact text). `ts/errors.ts` (generated from the same
//! catalogue) builds the typed error from it; nothing here names a field.

use napi::bindgen_prelude::*;
use vobiz_partner::error_catalogue::FieldValue;
use vobiz_partner::view::snake_to_camel;

/// The JS error for a core error: `Error(description)` with `code` = the error's code and
/// `vobiz` = the report. Must run on the JS thread.
pub(crate) fn to_js(env: &Env, error: &vobiz_partner::Error) -> napi::Error {
    let report = error.report();
    let description = report.description.clone();
    build(env, &report).unwrap_or_else(|_| napi::Error::new(Status::GenericFailure, description))
}

fn build(env: &Env, report: &vobiz_partner::ErrorReport) -> Result<napi::Error> {
    let mut fields = Object::new(env)?;
    fields.set("code", report.code)?;
    fields.set("description", report.description.as_str())?;
    for (spec, value) in report.fields() {
        let key = snake_to_camel(spec.name);
        match value {
            FieldValue::Null => fields.set(key, Null)?,
            FieldValue::String(text) | FieldValue::Decimal(text) => fields.set(key, text)?,
            // A JS number: exact up to 2^53, far beyond any count, size or instant here.
            FieldValue::Integer(n) | FieldValue::Instant(n) => fields.set(key, n as f64)?,
            FieldValue::Number(n) => fields.set(key, n)?,
            FieldValue::Boolean(b) => fields.set(key, b)?,
        }
    }
    let mut object = env.create_error(napi::Error::new(
        Status::GenericFailure,
        report.description.clone(),
    ))?;
    object.set_named_property("code", report.code)?;
    object.set_named_property("vobiz", fields)?;
    Ok(napi::Error::from(object.to_unknown()))
}

/// `result`, with a core error turned into its JS error.
pub(crate) fn js_result<T>(env: &Env, result: vobiz_partner::Result<T>) -> Result<T> {
    result.map_err(|e| to_js(env, &e))
}
