//! Fault injection on the API routes: a fault added through the control plane answers, delays,
//! drops or garbles the next matching request.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::faults::FaultKind;
use crate::reply::ApiError;
use crate::store::Shared;

/// The largest body a `late_commit` request may carry (axum's default body limit).
const LATE_COMMIT_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Applies an injected fault to a matching API request.
pub(super) async fn inject_faults(
    State(store): State<Shared>,
    request: Request,
    next: Next,
) -> Response {
    let fault = store
        .faults
        .take(request.method().as_str(), request.uri().path());
    let Some(fault) = fault else {
        return next.run(request).await;
    };
    match fault {
        FaultKind::Status {
            status,
            body,
            retry_after,
        } => {
            let body = body.unwrap_or_else(
                || json!({"error": "injected_fault", "message": "fault injected by the sandbox"}),
            );
            ApiError {
                status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                body,
                retry_after,
            }
            .into_response()
        }
        FaultKind::Delay { ms } => {
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
            next.run(request).await
        }
        FaultKind::ResetBefore => reset_connection(),
        FaultKind::ResetAfter => {
            let _ = next.run(request).await;
            reset_connection()
        }
        FaultKind::LateCommit { ms } => {
            // Read the body now: once the connection is dropped it cannot be read any more.
            let (parts, body) = request.into_parts();
            if let Ok(bytes) = axum::body::to_bytes(body, LATE_COMMIT_BODY_LIMIT).await {
                let request = Request::from_parts(parts, Body::from(bytes));
                tokio::spawn(async move {
                    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
                    let _ = next.run(request).await;
                });
            }
            reset_connection()
        }
        FaultKind::Malformed => {
            let response = next.run(request).await;
            let status = response.status();
            (
                status,
                [("content-type", "application/json")],
                "{\"this is\": not json",
            )
                .into_response()
        }
        FaultKind::Truncated => {
            let response = next.run(request).await;
            let (parts, body) = response.into_parts();
            let bytes: Bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            let cut = bytes.slice(..bytes.len() / 2);
            let mut response = Response::from_parts(parts, Body::from(cut));
            response.headers_mut().remove("content-length");
            response
        }
    }
}

/// A response whose body fails at once: the server drops the connection without a usable
/// answer.
fn reset_connection() -> Response {
    let failing = futures::stream::once(async {
        Err::<Bytes, _>(std::io::Error::other("connection reset by the sandbox"))
    });
    Response::builder()
        .status(StatusCode::OK)
        .body(Body::from_stream(failing))
        .expect("a valid response")
}
