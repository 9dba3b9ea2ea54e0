//! Answers in the API's own shapes. Vobiz has no single error format, so each route family
//! answers in the shape its docs show: numbers `{error, message}`, partner KYC
//! `{error:"HTTPError", message, status_code}`, cool-off `{error, cool_off_until, …}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::world::World;

/// An error answer, ready to send.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: Value,
    pub retry_after: Option<u64>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert("retry-after", seconds.to_string().parse().expect("digits"));
        }
        response
    }
}

/// A handler's result.
pub type ApiResult<T = Response> = Result<T, ApiError>;

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).expect("a valid status")
}

/// `{"error": code, "message": message}` (numbers, partner customers, login).
pub fn coded(code: u16, error: &str, message: impl Into<String>) -> ApiError {
    ApiError {
        status: status(code),
        body: json!({"error": error, "message": message.into()}),
        retry_after: None,
    }
}

/// An error whose body is exactly `body` (the cancel-release, cool-off, trunk-assignment,
/// CDR and recording shapes).
pub(crate) fn bare(code: u16, body: Value) -> ApiError {
    ApiError {
        status: status(code),
        body,
        retry_after: None,
    }
}

/// 400 `{"error":"validation_error","message":…}` (trunks, trunk sub-resources, number
/// health).
pub(crate) fn invalid(message: impl Into<String>) -> ApiError {
    coded(400, "validation_error", message)
}

/// `{"api_id":…,"error":…,"message":…}` (sub-account KYC); each answer takes a fresh
/// `api_id`.
pub(crate) fn api_id_error(
    world: &mut World,
    code: u16,
    error: &str,
    message: impl Into<String>,
) -> ApiError {
    bare(
        code,
        json!({"api_id": world.ids.uuid(), "error": error, "message": message.into()}),
    )
}

/// `{"error":"HTTPError","message":…,"status_code":…}` (partner KYC sessions).
pub fn http_error(code: u16, message: impl Into<String>) -> ApiError {
    ApiError {
        status: status(code),
        body: json!({"error": "HTTPError", "message": message.into(), "status_code": code}),
        retry_after: None,
    }
}

/// The FastAPI-style 422 of partner KYC: one entry per problem field.
pub fn validation_failed(problems: &[(&str, String)]) -> ApiError {
    let details: Vec<Value> = problems
        .iter()
        .map(|(field, msg)| json!({"type": "value_error", "loc": ["body", field], "msg": msg, "input": null}))
        .collect();
    ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        body: json!({"error": "ValidationError", "message": "Request validation failed", "details": details, "status_code": 422}),
        retry_after: None,
    }
}

/// 401 for missing or wrong credentials.
pub fn unauthorized(message: &str) -> ApiError {
    coded(401, "invalid_credentials", message)
}

/// A JSON answer with a status.
pub fn ok(code: u16, body: Value) -> ApiResult {
    Ok((status(code), Json(body)).into_response())
}

/// 204 with no body.
pub fn no_content() -> ApiResult {
    Ok(StatusCode::NO_CONTENT.into_response())
}
