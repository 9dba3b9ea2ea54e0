//! Control plane for KYC: drive a hosted session or a sub-account's KYC to its outcome, as
//! the customer would in the hosted widget. Each step sends the webhooks it would send.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::post;

use super::control::control_error;
use super::input::{body_object, text};
use crate::control::{self, KycStep};
use crate::reply::{ApiResult, coded, ok};
use crate::store::Shared;

/// The KYC control routes.
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/__sandbox/kyc-sessions/{id}/{step}", post(session_step))
        .route(
            "/__sandbox/sub-accounts/{sub}/kyc/{outcome}",
            post(sub_account_outcome),
        )
}

/// `POST /__sandbox/kyc-sessions/{id}/{open|submit|complete|fail}` with an optional body
/// `{"kyc_type": "individual"|"company", "reason": "…"}`.
async fn session_step(
    State(store): State<Shared>,
    Path((id, step)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    let step = KycStep::parse(&step).map_err(control_error)?;
    let kyc_type = text(&body, "kyc_type");
    let reason = text(&body, "reason");
    let session =
        control::kyc_session_step(&store, &id, step, kyc_type.as_deref(), reason.as_deref())
            .map_err(control_error)?;
    ok(200, session)
}

/// `POST /__sandbox/sub-accounts/{sub}/kyc/{complete|fail}`: verifies (or fails) the
/// documents the business type needs, and tells the latest hosted session, if any.
async fn sub_account_outcome(
    State(store): State<Shared>,
    Path((sub, outcome)): Path<(String, String)>,
) -> ApiResult {
    let complete = match outcome.as_str() {
        "complete" => true,
        "fail" => false,
        other => {
            return Err(coded(
                404,
                "not_found",
                format!("unknown outcome {other:?}: use complete or fail"),
            ));
        }
    };
    ok(
        200,
        control::sub_account_kyc(&store, &sub, complete).map_err(control_error)?,
    )
}
